#!/usr/bin/env python3
"""Derive fundcast's embedded single-age demographic tables for China.

Reads the abridged source tables in shared/data (see its README.md) and writes
into Sources/Demography/Resources/:
  population-2020.csv       age,sex,count   (ages 0..100, 100 = 100+; WPP 2024)
  mortality-2015-2020.csv   age,sex,mx,qx   (single-age life table; WPP 2024)
  mortality-2020-2025.csv   age,sex,mx,qx
  fertility-schedule.csv    age,share       (normalised phi(a), ages 10..54; WPP 2022)
  mortality-projection.csv  period,age,sex,mx  (single-age m(x), WPP 2024 medium, 2025-2030 ... 2095-2100)
  migration-wpp2024.csv     period,age,sex,persons_per_year  (net migrants, WPP 2024 medium, 2020-2025 ...)
  tfr-wpp2024.csv           year,tfr        (WPP 2024: estimates 2010-2023, medium variant 2024-2100)
Methods and achieved checks are documented in Sources/Demography/Resources/README.md.

Usage:  python3 tools/derive-demography.py [DATA_DIR] [--out DIR]
DATA_DIR defaults to ../shared/data relative to the repository root.
Deterministic: no randomness, no network; needs Python 3 and numpy only.
Exits with status 1 if any check fails.
"""
import argparse
import csv
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEXES = (("male", "M"), ("female", "F"))
E0_SOURCE_2015_2020 = {"male": 74.8307, "female": 80.4044}  # wpp2024 e0M5/e0F5
E0_TOLERANCE = 0.15          # years
GROUP_TOLERANCE = 1e-6       # relative, population group totals
GRAND_TOTAL = 1426106088.5   # WPP 2024 China 2020, per shared/data/README.md
failures = []


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)


def read_csv(data_dir, name):
    with open(os.path.join(data_dir, name), newline="") as f:
        return list(csv.DictReader(f))


def sig(v, digits):
    """Positional (never scientific) notation with `digits` significant digits."""
    return np.format_float_positional(float(v), precision=digits, unique=False,
                                      fractional=False, trim="-")


# --------------------------------------------------------------------------
# Sprague fifth-difference osculatory multipliers (Sprague 1880; Shryock &
# Siegel 1973; Siegel & Swanson 2004, p. 727; same values as DemoTools
# spragueExpand). Rows: the 5 single ages of the group being split; columns:
# the 5 consecutive group totals the formula reads.
# --------------------------------------------------------------------------
SPRAGUE_FIRST = np.array([   # first group, reads groups 1..5
    [0.3616, -0.2768, 0.1488, -0.0336, 0.0],
    [0.2640, -0.0960, 0.0400, -0.0080, 0.0],
    [0.1840, 0.0400, -0.0320, 0.0080, 0.0],
    [0.1200, 0.1360, -0.0720, 0.0160, 0.0],
    [0.0704, 0.1968, -0.0848, 0.0176, 0.0]])
SPRAGUE_SECOND = np.array([  # second group, reads groups 1..5
    [0.0336, 0.2272, -0.0752, 0.0144, 0.0],
    [0.0080, 0.2320, -0.0480, 0.0080, 0.0],
    [-0.0080, 0.2160, -0.0080, 0.0000, 0.0],
    [-0.0160, 0.1840, 0.0400, -0.0080, 0.0],
    [-0.0176, 0.1408, 0.0912, -0.0144, 0.0]])
SPRAGUE_MIDDLE = np.array([  # group i, reads groups i-2..i+2
    [-0.0128, 0.0848, 0.1504, -0.0240, 0.0016],
    [-0.0016, 0.0144, 0.2224, -0.0416, 0.0064],
    [0.0064, -0.0336, 0.2544, -0.0336, 0.0064],
    [0.0064, -0.0416, 0.2224, 0.0144, -0.0016],
    [0.0016, -0.0240, 0.1504, 0.0848, -0.0128]])
# Last two groups: the first two panels mirrored (reverse rows and columns).
SPRAGUE_LAST = SPRAGUE_FIRST[::-1, ::-1]
SPRAGUE_PENULT = SPRAGUE_SECOND[::-1, ::-1]


def sprague_matrix(k):
    """(5k x k) matrix mapping k closed 5-year group totals to 5k single ages."""
    assert k >= 5
    S = np.zeros((5 * k, k))
    S[0:5, 0:5], S[5:10, 0:5] = SPRAGUE_FIRST, SPRAGUE_SECOND
    for i in range(2, k - 2):
        S[5 * i:5 * i + 5, i - 2:i + 3] = SPRAGUE_MIDDLE
    S[5 * k - 10:5 * k - 5, k - 5:k] = SPRAGUE_PENULT
    S[5 * k - 5:, k - 5:k] = SPRAGUE_LAST
    # Each panel reproduces its own group total exactly: the 5 rows of group i
    # sum to 1 in column i and to 0 in every other column.
    assert np.allclose(S.reshape(k, 5, k).sum(axis=1), np.eye(k), atol=1e-12)
    return S


def sprague_split(totals, label, keep):
    """Split 5-year totals into single years and return the groups in `keep`
    (a slice); negatives there are clipped to 0 and the group re-scaled to its total."""
    totals = np.asarray(totals, dtype=float)
    single = (sprague_matrix(len(totals)) @ totals).reshape(-1, 5)[keep]
    for g in np.nonzero((single < 0).any(axis=1))[0]:
        neg = single[g] < 0
        print(f"  note  {label}: kept group {g}: {neg.sum()} negative value(s) clipped to 0, "
              f"group re-scaled to its total")
        single[g][neg] = 0.0
        single[g] *= totals[keep][g] / single[g].sum()
    return single.ravel()


def round_tenths_keep_total(values, total):
    """Round to 0.1 by largest remainder so the rounded values sum to `total`."""
    tenths = np.asarray(values) * 10.0
    base = np.floor(tenths)
    short = int(round(total * 10.0 - base.sum()))
    order = np.argsort(-(tenths - base), kind="stable")
    base[order[:short]] += 1.0
    return base / 10.0


# --------------------------------------------------------------------------
# Life-table helpers
# --------------------------------------------------------------------------
def a0_preston(m0, sex):
    """a(0) from m(0): Coale-Demeny West via Preston, Heuveline & Guillot (2001), table 3.3."""
    if sex == "male":
        return 0.330 if m0 >= 0.107 else 0.045 + 2.684 * m0
    return 0.350 if m0 >= 0.107 else 0.053 + 2.800 * m0


def life_expectancy(mx, n, ax):
    """e0 of a life table with widths n and a(x); last interval open, L = l/m."""
    qx = n * mx / (1.0 + (n - ax) * mx)
    qx[-1] = 1.0
    lx = np.concatenate([[1.0], np.cumprod(1.0 - qx)[:-1]])
    Lx = n * lx - (n - ax) * lx * qx
    Lx[-1] = lx[-1] / mx[-1]
    return Lx.sum()


# Abridged groups between age 0 and 100+: 1-4, 5-9, ..., 95-99.
GROUP_LO = np.array([1] + list(range(5, 100, 5)))
GROUP_HI = np.array([4] + list(range(9, 100, 5)))
GROUP_MID = (GROUP_LO + GROUP_HI + 1) / 2.0      # 3.0, 7.5, 12.5, ..., 97.5
AGES_1_99 = np.arange(1, 100)
GROUP_OF = np.searchsorted(GROUP_HI, AGES_1_99)  # group index of each age 1..99


def pchip_slopes(t, y):
    """Knot slopes of the monotone cubic (Fritsch-Carlson; weighted harmonic mean
    of adjacent secants, zero at local extrema; end knots take the end secant)."""
    h, secant = np.diff(t), np.diff(y) / np.diff(t)
    s = np.zeros_like(y)
    s[0], s[-1] = secant[0], secant[-1]
    w1, w2 = 2 * h[1:] + h[:-1], h[1:] + 2 * h[:-1]
    same = secant[:-1] * secant[1:] > 0
    s[1:-1][same] = ((w1 + w2) / (w1 / secant[:-1] + w2 / secant[1:]))[same]
    return s


def log_pchip(knots_y):
    """Single-age m(x), x=1..99: ln m by monotone cubic Hermite interpolation
    through (group mid-point, knot) evaluated at x+0.5; outside the first and last
    mid-points (ages 1-2, 98-99) linear extrapolation with the end slope."""
    t, y, c = GROUP_MID, knots_y, AGES_1_99 + 0.5
    s = pchip_slopes(t, y)
    k = np.clip(np.searchsorted(t, c) - 1, 0, len(t) - 2)
    h = t[k + 1] - t[k]
    u = np.clip((c - t[k]) / h, 0.0, 1.0)
    v = ((2 * u**3 - 3 * u**2 + 1) * y[k] + (u**3 - 2 * u**2 + u) * h * s[k]
         + (-2 * u**3 + 3 * u**2) * y[k + 1] + (u**3 - u**2) * h * s[k + 1])
    v = np.where(c < t[0], y[0] + s[0] * (c - t[0]), v)
    v = np.where(c > t[-1], y[-1] + s[-1] * (c - t[-1]), v)
    return np.exp(v)


def implied_group_mx(m):
    """Group rate deaths/person-years implied by single-age m(x) with a(x)=0.5."""
    q = m / (1.0 + 0.5 * m)
    out = np.empty(len(GROUP_LO))
    for g in range(len(GROUP_LO)):
        mg, qg = m[GROUP_OF == g], q[GROUP_OF == g]
        lx = np.concatenate([[1.0], np.cumprod(1.0 - qg)[:-1]])
        dx = lx * qg
        out[g] = dx.sum() / (dx / mg).sum()      # L(x) = d(x)/m(x)
    return out


def single_age_mx(abridged):
    """abridged: m for 0, 1-4, 5-9 ... 95-99, 100+ (22 values) -> m(0..100).
    m(0) and m(100) are the source rates. The knots start at ln(group m) and are
    shifted by ln(target/implied) until every group's implied rate equals the
    source rate (fixed-point iteration; converges in ~30-40 steps)."""
    target = abridged[1:-1]
    y = np.log(target)
    first_err = np.max(np.abs(implied_group_mx(log_pchip(y)) / target - 1.0))
    for it in range(1, 501):
        step = np.log(target / implied_group_mx(log_pchip(y)))
        y += step
        if np.max(np.abs(step)) < 1e-14:
            break
    m = log_pchip(y)
    final_err = np.max(np.abs(implied_group_mx(m) / target - 1.0))
    return np.concatenate([[abridged[0]], m, [abridged[-1]]]), first_err, final_err, it


# --------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?",
                    default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "Sources", "Demography", "Resources"))
    args = ap.parse_args()
    data, out = os.path.normpath(args.data_dir), os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    print(f"data: {data}\nout:  {out}")

    # 1. Population 2020 --------------------------------------------------
    # 100+ enters the multipliers as a pseudo-group "100-104" (input only), so 95-99
    # gets the next-to-last panel and 90-94 the middle one. With 95-99 as the last
    # group its end panel returns a U shape (males 25914, 7565, 4779, 17755, 46695).
    print("\n[population-2020]  Sprague split of 0-4 ... 95-99 (100+ as pseudo-group); 100+ kept")
    src = read_csv(data, "china-population-2020-by-age-sex.csv")
    labels = [f"{a}-{a + 4}" for a in range(0, 100, 5)]
    rows, max_err, grand = [], 0.0, 0.0
    for sex, code in SEXES:
        byage = {r["age"]: float(r["count"]) for r in src if r["sex"] == sex}
        groups = np.array([byage[lab] for lab in labels])
        single = sprague_split(np.append(groups, byage["100+"]), f"population {sex}",
                               keep=slice(0, 20))
        single = np.concatenate([np.concatenate(
            [round_tenths_keep_total(single[5 * g:5 * g + 5], groups[g]) for g in range(20)]),
            [byage["100+"]]])
        rows += [(a, code, single[a]) for a in range(101)]
    with open(os.path.join(out, "population-2020.csv"), "w", newline="") as f:
        f.write("age,sex,count\n")
        f.writelines(f"{a},{s},{c:.1f}\n" for a, s, c in rows)
    # checks on the file as written
    written = read_csv(out, "population-2020.csv")
    for sex, code in SEXES:
        byage = {r["age"]: float(r["count"]) for r in src if r["sex"] == sex}
        w = np.array([float(r["count"]) for r in written if r["sex"] == code])
        for g, lab in enumerate(labels):
            max_err = max(max_err, abs(w[5 * g:5 * g + 5].sum() / byage[lab] - 1.0))
        max_err = max(max_err, abs(w[100] / byage["100+"] - 1.0))
        grand += w.sum()
    check(len(written) == 202, f"202 rows (got {len(written)})")
    check(all(float(r["count"]) >= 0 for r in written), "no negative counts")
    check(max_err <= GROUP_TOLERANCE, f"max relative group-total error {max_err:.3e} <= 1e-6")
    check(abs(grand - GRAND_TOTAL) < 0.05, f"grand total {grand:,.1f} = {GRAND_TOTAL:,.1f}")

    # 2. Mortality ---------------------------------------------------------
    lt = read_csv(data, "china-life-table-wpp2024.csv")
    n_abr = np.array([1.0, 4.0] + [5.0] * 19 + [1.0])   # last width unused (open)
    for period in ("2015-2020", "2020-2025"):
        print(f"\n[mortality-{period}]  ln m(x) monotone cubic through group mid-points, anchored")
        lines = []
        for sex, code in SEXES:
            m5 = np.array([float(r["mx"]) for r in lt
                           if r["period"] == period and r["sex"] == sex])
            assert len(m5) == 22
            a0 = a0_preston(m5[0], sex)
            # stage 0: abridged table straight from the source, a(x)=n/2 for n>=1
            a_abr = n_abr / 2.0
            a_abr[0] = a0
            e0_abr = life_expectancy(m5.copy(), n_abr, a_abr)
            # stage 1: single ages
            m1, err0, err1, iters = single_age_mx(m5)
            a1 = np.full(101, 0.5)
            a1[0] = a0
            q1 = m1 / (1.0 + (1.0 - a1) * m1)
            q1[100] = 1.0
            e0_single = life_expectancy(m1.copy(), np.ones(101), a1)
            print(f"  info  {sex}: a(0)={a0:.6f}; group-m error before anchoring {err0:.2e}, "
                  f"after {iters} iterations {err1:.2e}")
            check(err1 < 1e-10, f"{sex}: single-age table reproduces every group m (max rel {err1:.1e})")
            check(np.all(q1 > 0) and np.all(q1 <= 1) and np.all(np.diff(m1[15:]) > 0),
                  f"{sex}: 0 < q(x) <= 1; m(x) increasing from age 15 to 100+")
            if period == "2015-2020":
                ref = E0_SOURCE_2015_2020[sex]
                check(abs(e0_abr - ref) < E0_TOLERANCE,
                      f"{sex}: e0 abridged {e0_abr:.4f} vs source {ref} (error {e0_abr - ref:+.4f})")
                check(abs(e0_single - ref) < E0_TOLERANCE,
                      f"{sex}: e0 single   {e0_single:.4f} vs source {ref} (error {e0_single - ref:+.4f})")
            else:
                print(f"  info  {sex}: e0 abridged {e0_abr:.4f}, single {e0_single:.4f} "
                      f"(no source e0 for this period)")
            lines += [f"{a},{code},{sig(m1[a], 10)},{sig(q1[a], 10)}\n" for a in range(101)]
        with open(os.path.join(out, f"mortality-{period}.csv"), "w", newline="") as f:
            f.write("age,sex,mx,qx\n")
            f.writelines(lines)
        check(len(lines) == 202, f"202 rows (got {len(lines)})")

    # 3. Fertility schedule ------------------------------------------------
    print("\n[fertility-schedule]  Sprague (zero-padded) for 15-49, linear ramps for 10-14, 50-54")
    fert = read_csv(data, "china-fertility-2020.csv")
    rates = np.array([float(r["rate"]) for r in fert])           # 10-14 ... 50-54
    assert [r["age"] for r in fert][0] == "10-14" and len(rates) == 9
    tfr_groups = 5.0 * rates.sum()
    # Fertility is zero below 10 and above 54: pad two empty groups on each side so
    # every real group uses the middle Sprague panel (group totals = 5 x rate).
    padded = np.concatenate([[0.0, 0.0], 5.0 * rates, [0.0, 0.0]])
    # The tiny tail groups 10-14 and 50-54 oscillate under Sprague (negatives at
    # 10-11, a hump at 52), so they are split by linear ramps 1:2:3:4:5 and 5:4:3:2:1.
    f1 = np.concatenate([5.0 * rates[0] * np.arange(1, 6) / 15.0,
                         sprague_split(padded, "fertility", keep=slice(3, 10)),  # 15..49
                         5.0 * rates[-1] * np.arange(5, 0, -1) / 15.0])          # ages 10..54
    share = f1 / f1.sum()
    with open(os.path.join(out, "fertility-schedule.csv"), "w", newline="") as f:
        f.write("age,share\n")
        f.writelines(f"{a},{sig(s, 12)}\n" for a, s in zip(range(10, 55), share))
    ferr = np.max(np.abs(f1.reshape(9, 5).sum(axis=1) / (5.0 * rates) - 1.0))
    check(ferr < 1e-12, f"group totals of births/woman kept (max rel {ferr:.1e})")
    check(abs(f1.sum() - tfr_groups) < 1e-12 and abs(tfr_groups - 1.2838) < 1e-9,
          f"implied TFR {f1.sum():.6f} = 5 x sum(rate) = 1.2838")
    written = np.array([float(r["share"]) for r in read_csv(out, "fertility-schedule.csv")])
    check(abs(written.sum() - 1.0) < 1e-10 and np.all(written >= 0),
          f"shares sum to 1 ({written.sum():.12f}), none negative")
    tfr = {int(r["year"]): float(r["tfr"]) for r in read_csv(data, "china-tfr-wpp2024.csv")}
    print("  info  WPP 2024 TFR: " + ", ".join(f"{y} {tfr[y]}" for y in range(2019, max(tfr) + 1))
          + f" (latest {max(tfr)}); Swift scales phi by the chosen TFR")

    # 4. Projected mortality (WPP 2024 medium) ------------------------------
    print("\n[mortality-projection]  same single-age method, periods 2025-2030 ... 2095-2100")
    proj = read_csv(data, "china-life-table-wpp2024-projection.csv")
    periods = sorted({r["period"] for r in proj})
    lines = []
    worst = 0.0
    for period in periods:
        for sex, code in SEXES:
            m5 = np.array([float(r["mx"]) for r in proj if r["period"] == period and r["sex"] == sex])
            assert len(m5) == 22, (period, sex)
            m1, _, err1, _ = single_age_mx(m5)
            worst = max(worst, err1)
            lines += [f"{period},{a},{code},{sig(m1[a], 10)}\n" for a in range(101)]
    with open(os.path.join(out, "mortality-projection.csv"), "w", newline="") as f:
        f.write("period,age,sex,mx\n")
        f.writelines(lines)
    check(len(lines) == 202 * len(periods), f"{len(lines)} rows = 202 x {len(periods)} periods")
    check(worst < 1e-10, f"every period's single-age table reproduces its group m (max rel {worst:.1e})")

    # 5. Net migration by single age (WPP 2024 medium) -----------------------
    print("\n[migration-wpp2024]  Sprague split of net migrants (signed), per year = period total / 5")
    mig = read_csv(data, "china-net-migration-wpp2024.csv")
    mperiods = sorted({r["period"] for r in mig})
    lines, worst = [], 0.0
    for period in mperiods:
        for sex, code in SEXES:
            byage = {r["age"]: float(r["net_migrants_thousands"]) * 1000.0 / 5.0
                     for r in mig if r["period"] == period and r["sex"] == sex}
            groups = np.array([byage[lab] for lab in labels])
            single = (sprague_matrix(21) @ np.append(groups, byage["100+"]))[:100]
            single = np.append(single, byage["100+"])
            for g in range(20):
                worst = max(worst, abs(single[5 * g:5 * g + 5].sum() - groups[g]))
            lines += [f"{period},{a},{code},{single[a]:.4f}\n" for a in range(101)]
    with open(os.path.join(out, "migration-wpp2024.csv"), "w", newline="") as f:
        f.write("period,age,sex,persons_per_year\n")
        f.writelines(lines)
    check(len(lines) == 202 * len(mperiods), f"{len(lines)} rows = 202 x {len(mperiods)} periods")
    check(worst < 1e-6, f"group totals kept before rounding (max abs {worst:.1e} persons a year)")
    written = read_csv(out, "migration-wpp2024.csv")
    for period in mperiods[:1]:
        total = sum(float(r["persons_per_year"]) for r in written if r["period"] == period)
        source = sum(float(r["net_migrants_thousands"]) for r in mig if r["period"] == period) * 200.0
        check(abs(total - source) < 1.0, f"{period}: {total:,.1f} a year = source {source:,.1f}")

    # 6. TFR path ------------------------------------------------------------
    print("\n[tfr-wpp2024]  estimates 2010-2023 then medium variant 2024-2100")
    est = {int(r["year"]): r["tfr"] for r in read_csv(data, "china-tfr-wpp2024.csv")}
    med = {int(r["year"]): r["tfr"] for r in read_csv(data, "china-tfr-wpp2024-projection.csv")}
    path = {y: v for y, v in est.items() if y >= 2010}
    path.update(med)
    with open(os.path.join(out, "tfr-wpp2024.csv"), "w", newline="") as f:
        f.write("year,tfr\n")
        f.writelines(f"{y},{path[y]}\n" for y in sorted(path))
    check(sorted(path) == list(range(2010, 2101)), "one TFR a year 2010-2100")

    print("\nALL CHECKS PASSED" if not failures else f"\n{len(failures)} CHECK(S) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
