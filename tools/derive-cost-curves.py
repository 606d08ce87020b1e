#!/usr/bin/env python3
"""Derives the embedded relative cost curves by single age (0…100) from the age profiles in
shared/data: Korea HIRA 2022 (the default shape) and Japan MHLW FY2017 net of co-payment (the
high-cost alternative). Writes Sources/Finance/Resources/cost-curves.csv (`age,korea,japan`).

Method (see tools/README.md):
1. Group means: Korea cost per enrollee by group (0, 1-4, 5-year groups, 85+); Japan medical cost
   minus co-payment per enrollee (0-4 … 95-99, 100+).
2. Smoothing to single ages, mean-preserving: knots at group mid-ages (85+ at 87.5, 100+ at 100),
   linear between knots and flat beyond the end knots; knot values are corrected iteratively until
   every group's average of its single ages equals the group's mean (to 1e-9 relative).
3. Normalised to the average of ages 40-44 = 1 (the ratios quoted in shared/data/README.md).
No sex split exists in either source: the same curve serves both sexes.
The scaling to the Chinese retiree/active ratio happens in the model, on the area's own ages
(Sources/Finance/README.md); this script prints the ratio each shape implies on China's 2020
population with actives at 16-59 and retirees at 60+, for information.
"""
import csv, sys, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "Sources", "Finance", "Resources", "cost-curves.csv")
if "--out" in sys.argv:
    OUT = sys.argv[sys.argv.index("--out") + 1]
AGES = list(range(101))


def groups_from_label(label):
    if label.endswith("+"):
        lo = int(label[:-1]); return lo, 100
    if "-" in label:
        lo, hi = label.split("-"); return int(lo), int(hi)
    a = int(label); return a, a


def smooth(groups):
    """groups: [(lo, hi, mean)] covering 0..100 → single-age values, mean-preserving."""
    mids = []
    for lo, hi, _ in groups:
        if hi == 100 and lo < 100:
            mids.append(lo + 2.5)          # open group: most of its people are in its first years
        else:
            mids.append((lo + hi) / 2)
    values = [m for _, _, m in groups]

    def curve(v):
        out = []
        for a in AGES:
            if a <= mids[0]:
                out.append(v[0]); continue
            if a >= mids[-1]:
                out.append(v[-1]); continue
            k = max(i for i in range(len(mids)) if mids[i] <= a)
            t = (a - mids[k]) / (mids[k + 1] - mids[k])
            out.append(v[k] + t * (v[k + 1] - v[k]))
        return out

    v = list(values)
    for _ in range(2000):
        c = curve(v)
        worst = 0.0
        for i, (lo, hi, m) in enumerate(groups):
            avg = sum(c[lo:hi + 1]) / (hi - lo + 1)
            worst = max(worst, abs(avg - m) / m)
            v[i] += m - avg
        if worst < 1e-9:
            break
    c = curve(v)
    for lo, hi, m in groups:
        avg = sum(c[lo:hi + 1]) / (hi - lo + 1)
        assert abs(avg - m) / m < 1e-6, (lo, hi, avg, m)
    assert min(c) > 0
    return c


def normalise(c):
    ref = sum(c[40:45]) / 5
    return [x / ref for x in c]


def read(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


korea = [(*groups_from_label(r["age"]), float(r["cost_per_enrollee_krw"])) for r in read("korea-hira-2022-cost-by-age.csv") if r["age"] != "total"]
japan = [(*groups_from_label(r["age"]), float(r["medical_cost_per_enrollee_10k_jpy"]) - float(r["copayment_per_enrollee_10k_jpy"]))
         for r in read("japan-mhlw-fy2017-cost-by-age.csv")]
k = normalise(smooth(korea))
j = normalise(smooth(japan))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8", newline="") as f:
    f.write("age,korea,japan\n")
    for a in AGES:
        f.write(f"{a},{k[a]:.6f},{j[a]:.6f}\n")

# Checks against the ratios quoted in shared/data/README.md (group averages relative to 40-44).
def group(c, lo, hi): return sum(c[lo:hi + 1]) / (hi - lo + 1)
print(f"korea 65-69 = {group(k, 65, 69):.2f} (README 3.05), 80-84 = {group(k, 80, 84):.2f} (4.98)")
print(f"japan net 80-84 = {group(j, 80, 84):.2f} (README 7.5 net of co-payment)")
pop = {}
with open(os.path.join(DATA, "china-population-2020-by-age-sex.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        lo, hi = groups_from_label(r["age"])
        for a in range(lo, hi + 1):
            pop[a] = pop.get(a, 0) + float(r["count"]) / (hi - lo + 1)
for name, c in (("korea", k), ("japan", j)):
    act = sum(pop[a] * c[a] for a in range(16, 60)) / sum(pop[a] for a in range(16, 60))
    ret = sum(pop[a] * c[a] for a in range(60, 101)) / sum(pop[a] for a in range(60, 101))
    print(f"{name}: retiree/active cost ratio on China 2020 (16-59 vs 60+) = {ret / act:.2f} (China target 39.5/9.9 = {39.5 / 9.9:.2f})")
