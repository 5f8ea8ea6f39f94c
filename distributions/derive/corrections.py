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


# China's 2019 mine production (t contained) where the listed Chinese mines cover only a few
# per cent of it: the rest of China's domestic supply then comes from a residual producer
# spanning the commodity-wide ranges, instead of being carried by those few mines alone.
# Figures are the ones the supply rows already cite (USGS Mineral Commodity Summaries).
# Not applied to coal: the residual's commodity-wide stripping ratios (0-22 t/t) come from
# open-pit exporters' mines and would misrepresent China's mostly underground coal.
CHINA_PRODUCTION_T = {
    "copper": (1_600_000, "USGS MCS 2020, Copper: China 2019e mine production 1,600 kt Cu"),
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


def main():
    d = sys.argv[1]
    edit(os.path.join(d, "commodities.csv"), {"commodity": "copper"}, copper_secondary)
    edit(os.path.join(d, "mine_commodities.csv"), {"mine": "tiandeng", "commodity": "manganese"}, tiandeng)
    for mine in PHILIPPINE_NICKEL_2020:
        edit(os.path.join(d, "mine_commodities.csv"), {"mine": mine, "commodity": "nickel"}, philippine_nickel(mine))
    for commodity in CHINA_PRODUCTION_T:
        edit(os.path.join(d, "supply.csv"), {"commodity": commodity, "country": "CN"}, china_production(commodity),
             add_column="country_production_t", after="share_dist")


if __name__ == "__main__":
    main()
