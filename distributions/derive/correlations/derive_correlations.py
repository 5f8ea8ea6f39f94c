#!/usr/bin/env python3
"""Within-mine, year-to-year rank correlations of ore grade with beneficiation recovery and with
the stripping ratio, from the open compilation of company-report data of Jasansky et al. (2023),
Scientific Data 10, 52 (doi:10.1038/s41597-023-01965-y; repository
fineprint-global/compilation_mining_data, commit a41e500).

Reads the compilation's CSV exports from $OPEN_MINE_PRODUCTION (default: the shared copy four
levels above this script) and writes, next to this script:
  measured.csv      one row per commodity and pair: pooled Spearman rho, bootstrap 95 % interval,
                    mines, mine-years, source, latest year used;
  per_mine.csv      one row per mine series that entered a pool (n years, rho) - the provenance.
Python 3 standard library only. Method and limits: SOURCES.md.
"""
import csv, math, os, random, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OMP = os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(HERE, "..", "..", "..", "..", "shared", "data",
                                                           "open-mine-production"))
MIN_YEARS = 5          # years per mine series with both values reported
MIN_MINES = 5          # fewer mines: reported, not used
BOOT = 10000           # bootstrap resamples over mines
SEED = 20230052        # fixed seed: the interval is reproducible
RHO_CAP = 0.995        # |rho| = 1 within a short series has an infinite Fisher z; capped here
SOURCE = ("Jasansky et al. 2023, Scientific Data 10, 52 (open compilation of company reports, "
          "fineprint-global/compilation_mining_data a41e500)")

REQUIRED = ("copper", "zinc", "lead", "nickel")     # reported even when no mine qualifies
PAIRS = ("ore_grade~recovery_beneficiation", "ore_grade~stripping_ratio")
# compilation spellings -> model commodity ids (distributions/commodities.csv); cathode,
# concentrate and refined-product rows are not ore rows and are left out
COMMODITY = {"copper": "copper", "cu": "copper", "zinc": "zinc", "zn": "zinc", "lead": "lead",
             "pb": "lead", "nickel": "nickel", "ni": "nickel", "cobalt": "cobalt", "co": "cobalt",
             "iron": "iron", "fe": "iron", "manganese": "manganese", "mn": "manganese",
             "pgm": "platinum", "platinum": "platinum"}
# grade units accepted per commodity (ranks within a series need one unit; % for base metals)
GRADE_UNITS = {"%"}
PGM_UNITS = {"g/t", "grams/tonne", "grams per tonne"}

MASS_T = {"t": 1, "tonnes": 1, "tons": 1, "metric tonnes": 1, "wet metric tonnes": 1, "kt": 1e3,
          "thousand tonnes": 1e3, "thousands of metric tons": 1e3, "thousand metric tons": 1e3,
          "thousand tons": 1e3, "thousands of tons": 1e3, "000 tonnes": 1e3, "000 tons": 1e3,
          "000 metric tonnes": 1e3, "000 wet tonnes": 1e3, "thousand wet metric tonnes": 1e3,
          "000 dry short tons": 907.185, "mt": 1e6, "million tonnes": 1e6, "million tons": 1e6,
          "million metric tonnes": 1e6, "million wet metric tonnes": 1e6}
VOLUME_M3 = {"bcm": 1, "cm": 1, "cubic meters": 1, "bank cubic meters": 1, "bank cubic metres": 1,
             "kbcm": 1e3, "thousand bcm": 1e3, "mbcm": 1e6, "million bcm": 1e6,
             "million cubic meters": 1e6}
ROCK_T_PER_M3 = 2.6    # only where a mine reports waste as a volume; rank-neutral within a mine
WASTE_TYPES = {"", "overburden", "waste rock", "waste material mined", "waste mined", "waste",
               "development waste", "raisebore waste"}


REPORTS = defaultdict(set)  # (mine, year) -> company reports the compilation cites


def reports(mine, yy):
    return " | ".join(sorted(set().union(*(REPORTS[(mine, y)] for y in yy))))


def num(s):
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def year_of(s):
    v = num(s)
    return int(v) if v is not None else None


def read(name):
    with open(os.path.join(OMP, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ore_class(label):
    """Series are kept apart by ore stream: sulphide, oxide and mixed ore of one mine are
    different processes; 'Copper ore', 'Bulk ore' and an empty label are the mine's run-of-mine ore."""
    s = label.strip().lower()
    if "conc" in s or "pellet" in s or "sinter" in s:
        return None
    if "oxide" in s:
        return "oxide"
    if "mixed" in s:
        return "mixed"
    if "sulph" in s or "sulfide" in s:
        return "sulphide"
    return "ore"


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None            # a constant series carries no rank information
    return sxy / math.sqrt(sxx * syy)


def pooled(series):
    """Fisher-z mean weighted by n - 3; series = [(mine, n, rho)]."""
    num_, den = 0.0, 0.0
    for _, n, rho in series:
        r = max(-RHO_CAP, min(RHO_CAP, rho))
        num_ += (n - 3) * math.atanh(r)
        den += n - 3
    return math.tanh(num_ / den)


def bootstrap(series, rng):
    """Percentile interval, resampling mines (all series of a mine go together)."""
    by_mine = defaultdict(list)
    for s in series:
        by_mine[s[0]].append(s)
    mines = sorted(by_mine)
    vals = []
    for _ in range(BOOT):
        pick = [s for _ in mines for s in by_mine[mines[rng.randrange(len(mines))]]]
        vals.append(pooled(pick))
    vals.sort()
    return vals[int(0.025 * BOOT)], vals[int(0.975 * BOOT) - 1]


def grade_recovery():
    """(mine, sub-site, ore stream, commodity) -> year -> [(grade %, recovery fraction)]."""
    gr = defaultdict(lambda: defaultdict(list))
    for r in read("commodities.csv"):
        c = COMMODITY.get(r["commodity"].strip().lower())
        oc = ore_class(r["min_ore_con"])
        y = year_of(r["year"])
        if not c or not oc or y is None:
            continue
        unit = r["grade_or_yield_unit"].strip().lower()
        if unit not in (PGM_UNITS if c == "platinum" else GRADE_UNITS):
            continue
        g, rec = num(r["grade"]), num(r["recovery_rate"])
        if g is None or g <= 0:
            continue
        if rec is not None and rec > 1.0:     # a recovery given in % rather than as a fraction
            rec = rec / 100.0
        if rec is not None and not (0 < rec <= 1):
            rec = None                        # 0 or out of range: not a reported recovery
        gr[(r["mine_fac"].strip(), r["sub_site"].strip(), oc, c)][y].append((g, rec))
        REPORTS[(r["mine_fac"].strip(), y)].add(" ".join(r["source"].split()))
    return gr


def stripping():
    """mine -> ('reported' | 'computed') -> year -> ratio (t/t; volumes at 2.6 t/m3)."""
    rep = defaultdict(lambda: defaultdict(list))
    waste = defaultdict(float)
    waste_ok = defaultdict(lambda: True)
    for r in read("waste.csv"):
        m, y = r["mine_fac"].strip(), year_of(r["year"])
        if y is None or r["sub_site"].strip():
            continue
        sr = num(r["stripping_ratio"])
        if sr is not None and sr >= 0:
            rep[m][y].append(sr)
        REPORTS[(m, y)].add(" ".join(r["source"].split()))
        if r["waste_type"].strip().lower() not in WASTE_TYPES:
            continue
        v, u = num(r["value"]), r["unit"].strip().lower()
        if v is None:
            continue
        if u in MASS_T:
            waste[(m, y)] += v * MASS_T[u]
        elif u in VOLUME_M3:
            waste[(m, y)] += v * VOLUME_M3[u] * ROCK_T_PER_M3
        else:
            waste_ok[(m, y)] = False
    ore = defaultdict(float)
    for r in read("minerals_ores_conce.csv"):
        if r["type_mineral"].strip() != "Ore mined" or r["sub_site"].strip():
            continue
        m, y = r["mine_fac"].strip(), year_of(r["year"])
        v, u = num(r["value"]), r["unit"].strip().lower()
        if y is None or v is None or u not in MASS_T:
            continue
        ore[(m, y)] += v * MASS_T[u]
    out = defaultdict(dict)
    for m, ys in rep.items():
        for y, vs in ys.items():
            out[m].setdefault("reported", {})[y] = sum(vs) / len(vs)
    for (m, y), w in waste.items():
        if waste_ok[(m, y)] and ore.get((m, y), 0) > 0 and w > 0:
            out[m].setdefault("computed", {})[y] = w / ore[(m, y)]
    return out


def main():
    gr = grade_recovery()
    sr = stripping()
    pools = defaultdict(list)      # (commodity, pair) -> [(mine, n, rho)]
    years = defaultdict(set)
    per_mine = []
    for key in sorted(gr):
        mine, sub, oc, c = key
        ys = gr[key]
        # one value per year: duplicate rows of one stream and year (restated in a later report,
        # or two lines of one table) are averaged
        grade = {y: sum(g for g, _ in v) / len(v) for y, v in ys.items()}
        recs = {y: [rc for _, rc in v if rc is not None] for y, v in ys.items()}
        rec = {y: sum(v) / len(v) for y, v in recs.items() if v}
        yy = sorted(set(grade) & set(rec))
        # oxide ore is leached, not floated: its recovery is not a beneficiation recovery
        if len(yy) >= MIN_YEARS and oc != "oxide":
            rho = spearman([grade[y] for y in yy], [rec[y] for y in yy])
            if rho is not None:
                pools[(c, "ore_grade~recovery_beneficiation")].append((mine, len(yy), rho))
                years[(c, "ore_grade~recovery_beneficiation")].update(yy)
                per_mine.append([c, "ore_grade~recovery_beneficiation", mine, sub, oc, "", len(yy),
                                 min(yy), max(yy), round(rho, 4), reports(mine, yy)])
        # the stripping ratio is the mine's: paired with the run-of-mine ore of the whole mine
        if sub or oc != "ore" or mine not in sr:
            continue
        s = sr[mine]
        basis = None
        for b in ("reported", "computed"):
            if b in s and len(set(grade) & set(s[b])) >= MIN_YEARS:
                basis = b
                break
        if basis is None:
            continue
        yy = sorted(set(grade) & set(s[basis]))
        rho = spearman([grade[y] for y in yy], [s[basis][y] for y in yy])
        if rho is None:
            continue
        pools[(c, "ore_grade~stripping_ratio")].append((mine, len(yy), rho))
        years[(c, "ore_grade~stripping_ratio")].update(yy)
        per_mine.append([c, "ore_grade~stripping_ratio", mine, sub, oc, basis, len(yy), min(yy),
                         max(yy), round(rho, 4), reports(mine, yy)])

    rng = random.Random(SEED)
    rows = []
    for key in sorted(set(pools) | {(c, p) for c in REQUIRED for p in PAIRS}):
        c, pair = key
        ss = pools.get(key)
        if not ss:
            rows.append({"commodity": c, "pair": pair, "rho_pooled": "", "ci_low": "", "ci_high": "",
                         "mines": 0, "mine_years": 0, "source": SOURCE, "year": "",
                         "use": "no mine series with %d years: not used" % MIN_YEARS})
            continue
        mines = len({m for m, _, _ in ss})
        my = sum(n for _, n, _ in ss)
        if mines < MIN_MINES:
            lo = hi = ""
            note = "fewer than %d mines: not used" % MIN_MINES
        else:
            lo, hi = bootstrap(ss, rng)
            lo, hi = round(lo, 3), round(hi, 3)
            note = "used" if (lo > 0 or hi < 0) else "interval includes 0: not used"
        rows.append({"commodity": c, "pair": pair, "rho_pooled": round(pooled(ss), 3),
                     "ci_low": lo, "ci_high": hi, "mines": mines, "mine_years": my,
                     "source": SOURCE, "year": max(years[(c, pair)]), "use": note})
    fields = ["commodity", "pair", "rho_pooled", "ci_low", "ci_high", "mines", "mine_years",
              "source", "year", "use"]
    with open(os.path.join(HERE, "measured.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(HERE, "per_mine.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["commodity", "pair", "mine_fac", "sub_site", "ore_stream", "stripping_basis",
                    "years", "first_year", "last_year", "rho", "reports"])
        w.writerows(per_mine)
    for r in rows:
        if r["mines"] == 0:
            print("%-9s %-34s %s" % (r["commodity"], r["pair"], r["use"]))
            continue
        print("%-9s %-34s rho %6.3f  [%s, %s]  mines %3d  mine-years %4d  to %d  %s" % (
            r["commodity"], r["pair"], r["rho_pooled"], r["ci_low"], r["ci_high"], r["mines"],
            r["mine_years"], r["year"], r["use"]))


if __name__ == "__main__":
    sys.exit(main())
