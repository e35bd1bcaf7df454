#!/usr/bin/env python3
"""Reference values for tests/stats/test_stats.cpp, computed independently of the
C++ code with the Python standard library only: exact rational arithmetic
(fractions, math.comb) for Fisher, McNemar and kappa; math.erfc for the
chi-square survival function with 1 degree of freedom; closed forms for the
chi-square survival with 2, 3 and 4 degrees of freedom. Run: python3 compute_reference_values.py
"""
import math
from fractions import Fraction

Z95 = 1.959963984540054


def log_fraction(f):
    return math.log(f.numerator) - math.log(f.denominator)


def fisher_two_sided(a, b, c, d):
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    lo, hi = max(0, c1 - r2), min(r1, c1)
    den = math.comb(n, c1)
    probs = {x: Fraction(math.comb(r1, x) * math.comb(r2, c1 - x), den) for x in range(lo, hi + 1)}
    obs = probs[a]
    # Exact arithmetic: ties are exact, so no tolerance is needed here.
    p = sum((q for q in probs.values() if q <= obs), Fraction(0))
    return p


def table(a, b, c, d):
    n = a + b + c + d
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    cross = a * d - b * c
    chi = Fraction(n * cross * cross, r1 * r2 * c1 * c2)
    dev = Fraction(abs(cross), n)
    ydev = dev - min(Fraction(1, 2), dev)
    exp_ = [Fraction(r1 * c1, n), Fraction(r1 * c2, n), Fraction(r2 * c1, n), Fraction(r2 * c2, n)]
    yates = sum(ydev * ydev / e for e in exp_)
    fp = fisher_two_sided(a, b, c, d)
    phi = cross / math.sqrt(r1 * r2 * c1 * c2)
    aa, bb, cc, dd = (a, b, c, d) if 0 not in (a, b, c, d) else (a + .5, b + .5, c + .5, d + .5)
    lor = math.log(aa) + math.log(dd) - math.log(bb) - math.log(cc)
    se = math.sqrt(1 / aa + 1 / bb + 1 / cc + 1 / dd)
    print(f"table [[{a},{b}],[{c},{d}]] n={n}")
    print(f"  chi2={float(chi)!r} p={math.erfc(math.sqrt(float(chi) / 2))!r}")
    print(f"  yates={float(yates)!r} p={math.erfc(math.sqrt(float(yates) / 2))!r}")
    print(f"  fisher p={float(fp)!r} logp={log_fraction(fp)!r}")
    print(f"  phi={phi!r}")
    print(f"  OR={math.exp(lor)!r} low={math.exp(lor - Z95 * se)!r} high={math.exp(lor + Z95 * se)!r}")
    print(f"  minExpected={float(min(exp_))!r}")
    for s, t in ((a, r1), (c, r2)):
        print(f"  wilson {s}/{t}: {wilson(s, t)}")


def wilson(s, n):
    p = s / n
    z2 = Z95 * Z95
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = Z95 / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (p, centre - half, centre + half)


def mcnemar(b, c):
    n = b + c
    k = min(b, c)
    tail = Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2 ** n)
    p = min(Fraction(1), 2 * tail)
    chi = Fraction((abs(b - c) - 1) ** 2, n)
    print(f"mcnemar b={b} c={c}: exact p={float(p)!r} logp={log_fraction(p)!r} "
          f"chi2={float(chi)!r} p={math.erfc(math.sqrt(float(chi) / 2))!r}")


def cohen(m):
    n = sum(map(sum, m))
    k = len(m)
    po = Fraction(sum(m[i][i] for i in range(k)), n)
    pe = sum(Fraction(sum(m[i]) * sum(m[j][i] for j in range(k)), n * n) for i in range(k))
    print(f"cohen {m}: po={float(po)!r} pe={float(pe)!r} kappa={float((po - pe) / (1 - pe))!r}")


def fleiss(rows):
    N = len(rows)
    m = sum(rows[0])
    P = [Fraction(sum(x * x for x in r) - m, m * (m - 1)) for r in rows]
    Pbar = sum(P) / N
    pj = [Fraction(sum(r[j] for r in rows), N * m) for j in range(len(rows[0]))]
    Pe = sum(p * p for p in pj)
    print(f"fleiss: Pbar={float(Pbar)!r} Pe={float(Pe)!r} kappa={float((Pbar - Pe) / (1 - Pe))!r}")


def fisher_two_sided_recurrence(a, b, c, d):
    """For tables too large for exact fractions: the log-probability of every
    table with the observed margins, built from the ratio
    P(x+1)/P(x) = (r1-x)(c1-x) / ((x+1)(r2-c1+x+1)) (no lgamma), summed with fsum
    relative to the maximum; ties within a relative 1e-7 count, as in R."""
    r1, r2, c1 = a + b, c + d, a + c
    lo, hi = max(0, c1 - r2), min(r1, c1)
    logs = [0.0]
    acc = 0.0
    for x in range(lo, hi):
        acc += math.log((r1 - x) * (c1 - x)) - math.log((x + 1) * (r2 - c1 + x + 1))
        logs.append(acc)
    top = max(logs)
    obs = logs[a - lo]
    total = math.fsum(math.exp(v - top) for v in logs)
    tail = math.fsum(math.exp(v - top) for v in logs if v <= obs + math.log1p(1e-7))
    return tail / total, math.log(tail) - math.log(total)


def log_erfc_continued_fraction(z):
    # erfc(z) = exp(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...))))),
    # evaluated bottom-up; converges fast for z > 5. Independent of the C++ series.
    tail = z
    for k in range(200, 0, -1):
        tail = z + (k / 2) / tail
    return -z * z - 0.5 * math.log(math.pi) - math.log(tail)


def chi2_closed_forms(x):
    q2 = math.exp(-x / 2)
    q3 = math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)
    q4 = math.exp(-x / 2) * (1 + x / 2)
    print(f"chi2 survival x={x}: df1={math.erfc(math.sqrt(x / 2))!r} df2={q2!r} df3={q3!r} df4={q4!r}")


if __name__ == "__main__":
    for t in ((3, 1, 1, 3), (120, 35, 80, 140), (10, 0, 5, 7), (2, 5, 5, 2), (5, 0, 0, 5),
              (21, 3, 9, 17), (300, 10, 10, 300), (5000, 4000, 4100, 5100)):
        table(*t)
    # Exact tie (7/15 twice) that lgamma sums miss by 1.8e-15: exact p = 1.
    print(f"fisher [[1,1],[2,6]] p={fisher_two_sided(1, 1, 2, 6)}")
    for t in ((250500, 249500, 249500, 250500), (1200, 98800, 9000, 891000)):
        print(f"fisher (recurrence) {t}: {fisher_two_sided_recurrence(*t)}")
    f = fisher_two_sided(1000, 10, 10, 1000)
    print(f"fisher [[1000,10],[10,1000]] logp={log_fraction(f)!r}")
    f = fisher_two_sided(570, 10, 10, 570)
    print(f"fisher [[570,10],[10,570]] p={float(f)!r} logp={log_fraction(f)!r}")
    f = fisher_two_sided(700, 20, 15, 650)
    print(f"fisher [[700,20],[15,650]] p={float(f)!r} logp={log_fraction(f)!r}")
    for b, c in ((10, 3), (5, 5), (1500, 1000), (2000, 0), (0, 1), (37, 12)):
        mcnemar(b, c)
    cohen([[20, 5], [10, 15]])
    cohen([[44, 5, 1], [7, 20, 3], [9, 5, 6]])
    fleiss([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])
    for s, n in ((81, 263), (15, 148), (0, 20), (1, 29)):
        print(f"wilson {s}/{n}: {wilson(s, n)}")
    for x in (0.5, 3.841458820694124, 20.0, 150.0, 1000.0):
        chi2_closed_forms(x)
    for x in (1998.0005, 5000.0):
        print(f"log chi2 df1 survival x={x}: {log_erfc_continued_fraction(math.sqrt(x / 2))!r}")
    print(f"log erfc(26.0) by continued fraction: {log_erfc_continued_fraction(26.0)!r}")
    print(f"erfc(26.0)={math.erfc(26.0)!r} log={math.log(math.erfc(26.0))!r}")
    print(f"erfc(26.5)={math.erfc(26.5)!r} log={math.log(math.erfc(26.5))!r}")
