#!/usr/bin/env python3
"""Merge per-commodity staging tables into the bundled dataset.

Usage: python3 merge.py OUT_DIR STAGING_DIR [STAGING_DIR ...]

Each staging folder holds some of the dataset's tables (same headers as distributions/, see
distributions/README.md), written by one derivation (a derive_*.py script beside it and a
SOURCES.md). Folders are merged in the order given: where two folders list the same mine
(same id), or the same mine x commodity pair, the first keeps its row and the later one is
reported on stderr. Output is deterministic (rows in input order).
"""
import csv
import os
import sys

KEYS = {
    "commodities.csv": ("commodity",),
    "mines.csv": ("mine",),
    "mine_commodities.csv": ("mine", "commodity"),
    "supply.csv": ("commodity", "country"),
    "inputs.csv": ("input",),
    "ancillary.csv": ("commodity", "stage", "input"),
    "materials.csv": ("material",),
    "material_composition.csv": ("material", "commodity"),
    "components.csv": ("component",),
    "component_bom.csv": ("component", "material"),
    "vehicles.csv": ("vehicle",),
    "vehicle_components.csv": ("vehicle", "component"),
    "fleets.csv": ("fleet", "vehicle"),
    "residuals.csv": ("commodity", "country"),
}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, sources = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    for table, key in KEYS.items():
        header, rows, seen = None, [], {}
        for src in sources:
            path = os.path.join(src, table)
            if not os.path.exists(path):
                continue
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if header is None:
                    header = reader.fieldnames
                elif reader.fieldnames != header:
                    missing = set(header) - set(reader.fieldnames)
                    if missing:
                        sys.exit(f"{path}: header lacks {sorted(missing)}")
                for row in reader:
                    k = tuple(row[c] for c in key)
                    if k in seen:
                        print(f"{table}: {k} from {src} dropped; kept the row from {seen[k]}", file=sys.stderr)
                        continue
                    seen[k] = src
                    rows.append(row)
        if header is None:
            continue
        with open(os.path.join(out, table), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow(r)
        print(f"{table}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
