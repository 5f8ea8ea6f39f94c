#!/usr/bin/env python3
"""Corrections applied to the merged dataset, each with its reason.

Usage: python3 corrections.py DATASET_DIR   (edits the tables in place, after merge.py)

Every correction is listed here, never made by hand in the CSV files, so that the bundled
dataset can be rebuilt from the derivations and reviewed.
"""
import csv
import os
import sys


def edit(path, key, fn):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        header, rows = r.fieldnames, list(r)
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


def main():
    d = sys.argv[1]
    edit(os.path.join(d, "commodities.csv"), {"commodity": "copper"}, copper_secondary)
    edit(os.path.join(d, "mine_commodities.csv"), {"mine": "tiandeng", "commodity": "manganese"}, tiandeng)


if __name__ == "__main__":
    main()
