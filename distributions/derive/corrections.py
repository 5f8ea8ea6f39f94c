#!/usr/bin/env python3
"""Corrections applied to the merged dataset, each with its reason.

Usage: python3 corrections.py DATASET_DIR   (edits the tables in place, after merge.py)

Every correction is listed here, never made by hand in the CSV files, so that the bundled
dataset can be rebuilt from the derivations and reviewed.
"""
import csv
import os
import sys


def edit(path, key, fn, add_column=None, after=None):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        header, rows = r.fieldnames, list(r)
    if add_column and add_column not in header:
        header.insert(header.index(after) + 1, add_column)
        for row in rows:
            row[add_column] = ""
    hit = 0
    for row in rows:
        if all(row[k] == v for k, v in key.items()):
            fn(row)
            hit += 1
    if hit != 1:
        sys.exit(f"{path}: correction for {key} matched {hit} rows, expected 1")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def note(row, text, columns=()):
    row["estimate_basis"] = (row["estimate_basis"] + " | " if row["estimate_basis"] else "") + text
    est = [c for c in row["estimated"].split(";") if c]
    for c in columns:
        if c not in est:
            est.append(c)
    row["estimated"] = ";".join(est)


def tiandeng(row):
    # The reported concentrate grades (10.5-20.5 % Mn) lie below the reserve ore grade
    # (15.64 % Mn): concentrate per t Mn would exceed ore per t Mn, i.e. negative tailings.
    for c in ("concentrate_grade_pct", "recovery_beneficiation"):
        for s in ("", "_min", "_max", "_dist"):
            row[c + s] = ""
    note(row, "correction: the reported concentrate grade (10.5-20.5 % Mn) is below the reserve ore grade, "
              "which the model cannot represent (negative tailings); modelled without beneficiation")


def copper_secondary(row):
    # The copper derivation found no published TMR of secondary copper and left it empty; the
    # model needs a value. The other derivations set secondary TMR as an order of magnitude
    # (about 1-10 % of the primary TMR their data imply); the same rule is applied here.
    row["secondary_tmr_t_per_t"], row["secondary_tmr_t_per_t_min"], row["secondary_tmr_t_per_t_max"] = "5", "1", "20"
    note(row, "correction: secondary_tmr set to 5 (1-20) t/t, about 1-10 % of the primary copper TMR implied by this "
              "dataset, the convention of the other commodities' secondary TMR, because no published per-tonne value "
              "was found; replace with a sourced figure", ["secondary_tmr_t_per_t"])


# China's 2019 mine production (t contained) where the listed Chinese mines cover only part of
# it: the rest of China's domestic supply then comes from a residual producer (China's national
# averages in residuals.csv, see derive/china_residuals), instead of being carried by the listed
# mines alone.
# Figures are the ones the supply rows already cite (USGS Mineral Commodity Summaries).
# Not applied to coal: the residual's commodity-wide stripping ratios (0-22 t/t) come from
# open-pit exporters' mines and would misrepresent China's mostly underground coal.
CHINA_PRODUCTION_T = {
    "copper": (1_600_000, "USGS MCS 2020, Copper: China 2019e mine production 1,600 kt Cu"),
    "iron": (220_500_000, "USGS MCS 2020, Iron ore: China 2019 usable ore 350 Mt x 0.63 Fe (the Fe basis of this "
                          "row's share) = 220.5 Mt Fe"),
    "aluminium": (23_818_500, "USGS MCS 2020, Bauxite and alumina: China 2019 mine production 75 Mt bauxite x 60 % "
                              "Al2O3 x 0.5293 Al/Al2O3 = 23.8 Mt Al (derive/china_iron_bauxite/national.csv)"),
    "lead": (2_000_000, "USGS MCS 2020, Lead: China 2019 mine production ~2.0 Mt Pb"),
    "zinc": (4_200_000, "USGS MCS 2021 (via the news item cited): China 2020 mine production 4.2 Mt Zn, "
                        "taken for 2019 (world output fell 5.5 % in 2020, so 2019 was similar or higher)"),
}


def china_production(commodity):
    t, why = CHINA_PRODUCTION_T[commodity]

    def fn(row):
        row["country_production_t"] = str(t)
        note(row, f"country_production_t: {why}; listed Chinese mines cover only part of it, a residual "
                  "producer carries the rest (correction, see corrections.py)")
    return fn


# The Philippine laterite mines' production came from MGB's January-September 2020 figures,
# a nine-month lower bound of an annual figure. MGB's full-year 2020 figures (same source
# series) replace them, and the same series' 2020 figure for PGMC (Cagdianao) replaces the
# 2017-based one, so that the three rows refer to one year and one source.
MGB_2020 = "MGB full-year 2020 nickel ore output by producer, Ni content (BusinessWorld, 24 Feb 2021, " \
           "https://www.pressreader.com/philippines/business-world/20210224/281603833185440)"
PHILIPPINE_NICKEL_2020 = {"taganito": 67_324, "rio_tuba": 46_571, "fni_cagdianao": 32_848}


def philippine_nickel(mine):
    def fn(row):
        old = row["production_t"]
        row["production_t"] = str(PHILIPPINE_NICKEL_2020[mine])
        row["source"] = MGB_2020 + " | " + row["source"]
        note(row, f"correction: production_t {old} t replaced by the full-year 2020 figure of {MGB_2020}", ["production_t"])
    return fn


# Stripping ratios reported by operators (or planned in a technical report) for mines that
# carried a convention; derive/stripping_reported/ lists each with its source and computation.
# Two rows of that folder are not applied: the Centinela pits' ratios come from a student
# site-visit blog, not from the operator's reports.
NOT_APPLIED = {"centinela_esperanza", "centinela_el_tesoro"}
# A ratio planned for the life of a mine, without a year-to-year range, takes the range of the
# reported Copperbelt sediment-hosted Cu-Co open pits (derive/stripping_reported/conventions.csv).
COPPERBELT_RANGE = ("1.735", "3.1")


def stripping_updates(here):
    with open(os.path.join(here, "stripping_reported", "stripping_updates.csv"), newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["mine"] not in NOT_APPLIED]


def reported_stripping(u):
    def fn(row):
        old = (row["stripping_ratio"], row["stripping_ratio_min"], row["stripping_ratio_max"],
               row["stripping_ratio_basis"])
        lo, hi = u["stripping_ratio_min"], u["stripping_ratio_max"]
        if not lo and not hi:
            lo, hi = COPPERBELT_RANGE
            u_basis = u["estimate_basis"] + "; no year-to-year range given: the range of the reported Copperbelt " \
                                            "Cu-Co open pits (derive/stripping_reported/conventions.csv)"
        else:
            u_basis = u["estimate_basis"]
        row["stripping_ratio"], row["stripping_ratio_min"], row["stripping_ratio_max"] = u["stripping_ratio"], lo, hi
        row["stripping_ratio_dist"] = ""
        row["stripping_ratio_basis"] = u["stripping_ratio_basis"]
        row["source"] = u["source"] + " | " + row["source"]
        est = [c for c in row["estimated"].split(";") if c and not c.startswith("stripping_ratio")]
        row["estimated"] = ";".join(est)
        text = (f"correction: stripping ratio {u['stripping_ratio_basis']} ({u['year']}): {u_basis} "
                f"(was {old[0]} [{old[1]}-{old[2]}], {old[3]})")
        row["estimate_basis"] = (row["estimate_basis"] + " | " if row["estimate_basis"] else "") + text
    return fn


# The porphyry convention (1.599, 0.34-3.815) does not fit the Copperbelt's sediment-hosted Cu-Co
# open pits; the median and range of the reported ones (Kansanshi, Sentinel, Kipoi, Tenke
# Fungurume's plan; derive/stripping_reported/conventions.csv) replace it. Kamoto (KCC) mines
# underground too: its lower bound stays 0, as for the dataset's other open-pit + underground mines.
COPPERBELT = {"mutanda": ("2.582", "1.735", "3.1"), "kamoto_kcc": ("2.582", "0.000", "3.1")}


def copperbelt(mine):
    def fn(row):
        row["stripping_ratio"], row["stripping_ratio_min"], row["stripping_ratio_max"] = COPPERBELT[mine]
        note(row, "correction: stripping ratio from the median and range of the reported Copperbelt "
                  "sediment-hosted Cu-Co open pits (4 mines, derive/stripping_reported/conventions.csv) instead "
                  "of the porphyry convention", ["stripping_ratio"])
    return fn


# Jinchuan's platinum row (derive/china_iron_bauxite) gives a flotation recovery but no
# concentrate grade, which the model cannot represent (it reads a missing concentrate grade as
# "no beneficiation"). Platinum reports to Jinchuan's bulk Ni-Cu concentrate: its grade there is
# the ore grade x recovery / mass pull, with the mass pull of Jinchuan's nickel row
# (1.0 % Ni x 0.85 / 12 % Ni = 7.1 %): 0.2 g/t x 0.6 / 0.0708 = 1.69 g/t; the range pairs the
# row's grade and recovery bounds with the nickel row's concentrate-grade bounds (8-20 % Ni).
def jinchuan_platinum(row):
    pull, pull_lo, pull_hi = 0.01 * 0.85 / 0.12, 0.01 * 0.85 / 0.20, 0.01 * 0.85 / 0.08
    best, lo, hi = 0.2 * 0.6 / pull, 0.1 * 0.4 / pull_hi, 0.3 * 0.75 / pull_lo
    # g/t -> % (1 g/t = 1e-4 %)
    row["concentrate_grade_pct"] = f"{best * 1e-4:.3g}"
    row["concentrate_grade_pct_min"] = f"{lo * 1e-4:.3g}"
    row["concentrate_grade_pct_max"] = f"{hi * 1e-4:.3g}"
    note(row, "correction: concentrate grade = ore grade x flotation recovery / mass pull of Jinchuan's bulk "
              "concentrate (mass pull from the nickel row: 1.0 % Ni x 0.85 / 12 % Ni; bounds from its 8-20 % Ni)",
         ["concentrate_grade_pct"])


# Reserve and resource grades stand in for head grades on 200 rows. Head grades of the same
# mines scatter around their reserve grades (high-grading early in a mine's life, dilution,
# cut-off changes): derive/grade_basis/ measured head / reserve per mine-year in the open
# compilation, by commodity group (copper 0.79-1.54, zinc 0.76-1.42, lead 0.68-1.32, nickel
# 0.85-1.41 as 10th-90th percentiles). Each such row's range is widened to best x those
# percentiles (never narrowed; the best estimate is kept), except where the concentrate grade
# would then fall below ore grade x recovery (negative tailings): there the upper end stops at
# that limit. derive/grade_basis/proposed_rows.csv has every row with its rule.
GRADE_UNIT = {"pct": 0.01, "pct_fe": 0.01, "pct_mn": 0.01, "pct_c": 0.01, "pct_reo": 0.01,
              "g_per_t": 1e-6, "ppm": 1e-6, "pct_li2o": 0.01 * 0.4645, "pct_al2o3": 0.01 * 0.5293,
              "mg_per_l": 1e-6 / 1.2}


def grade_basis_proposals(here):
    with open(os.path.join(here, "grade_basis", "proposed_rows.csv"), newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["new_min"] != r["old_min"] or r["new_max"] != r["old_max"]]


def fmt(x):
    return f"{x:.6g}"


def widen_grade(p):
    def fn(row):
        best = float(row["ore_grade"])
        old_lo = float(row["ore_grade_min"] or best)
        old_hi = float(row["ore_grade_max"] or best)
        lo, hi = min(old_lo, float(p["new_min"])), max(old_hi, float(p["new_max"]))
        capped = ""
        if row["concentrate_grade_pct"]:
            conc_lo = float(row["concentrate_grade_pct_min"] or row["concentrate_grade_pct"]) * 0.01
            rb_hi = float(row["recovery_beneficiation_max"] or row["recovery_beneficiation"] or 1)
            limit = conc_lo / rb_hi / GRADE_UNIT[row["ore_grade_unit"]]
            if hi > limit:
                hi = max(old_hi, limit * 0.999)
                capped = f"; upper end held at {fmt(hi)} so that the concentrate grade stays above ore grade x recovery"
        row["ore_grade_min"], row["ore_grade_max"] = fmt(lo), fmt(hi)
        note(row, f"correction: {p['ore_grade_basis']} grade standing in for a head grade, range widened from "
                  f"[{fmt(old_lo)}, {fmt(old_hi)}] to [{fmt(lo)}, {fmt(hi)}] ({p['rule']}; derive/grade_basis){capped}",
             ["ore_grade_min", "ore_grade_max"])
    return fn


def main():
    d = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    for p in grade_basis_proposals(here):
        edit(os.path.join(d, "mine_commodities.csv"), {"mine": p["mine"], "commodity": p["commodity"]}, widen_grade(p))
    for u in stripping_updates(here):
        edit(os.path.join(d, "mines.csv"), {"mine": u["mine"]}, reported_stripping(u))
    for mine in COPPERBELT:
        edit(os.path.join(d, "mines.csv"), {"mine": mine}, copperbelt(mine))
    edit(os.path.join(d, "mine_commodities.csv"), {"mine": "jinchuan", "commodity": "platinum"}, jinchuan_platinum)
    edit(os.path.join(d, "commodities.csv"), {"commodity": "copper"}, copper_secondary)
    edit(os.path.join(d, "mine_commodities.csv"), {"mine": "tiandeng", "commodity": "manganese"}, tiandeng)
    for mine in PHILIPPINE_NICKEL_2020:
        edit(os.path.join(d, "mine_commodities.csv"), {"mine": mine, "commodity": "nickel"}, philippine_nickel(mine))
    for commodity in CHINA_PRODUCTION_T:
        edit(os.path.join(d, "supply.csv"), {"commodity": commodity, "country": "CN"}, china_production(commodity),
             add_column="country_production_t", after="share_dist")


if __name__ == "__main__":
    main()
