#!/usr/bin/env python3
"""The default stochastic.tfr parameters: AR(1) least squares on the residuals of ln TFR (China) about its
linear trend, 1991-2023, UN World Population Prospects 2024 estimates (china-tfr-wpp2024.csv, year,tfr).
The simulated TFR is the central path times exp(d_t), so it stays positive.
Usage: tools/fit-tfr-ar1.py china-tfr-wpp2024.csv"""
import csv, math, sys
rows = [(int(r["year"]), math.log(float(r["tfr"]))) for r in csv.DictReader(open(sys.argv[1])) if int(r["year"]) >= 1991]
n = len(rows)
my = sum(y for y, _ in rows) / n
mv = sum(v for _, v in rows) / n
slope = sum((y - my) * (v - mv) for y, v in rows) / sum((y - my) ** 2 for y, _ in rows)
e = [v - (mv + slope * (y - my)) for y, v in rows]
phi = sum(e[i] * e[i - 1] for i in range(1, n)) / sum(e[i - 1] ** 2 for i in range(1, n))
res = [e[i] - phi * e[i - 1] for i in range(1, n)]
sigma = math.sqrt(sum(x * x for x in res) / (len(res) - 1))
print(f"years {rows[0][0]}-{rows[-1][0]} trend {slope:.4f}/yr phi {phi:.3f} sigma {sigma:.3f}")
