#!/usr/bin/env python3
"""China's residual producers from national statistics: writes residuals.csv.

The three China derivations (../china_copper, ../china_lead_zinc, ../china_iron_bauxite) each
collected, in national.csv, China's production-weighted national averages with the uncertainty
of the AVERAGE (not the spread between single mines) and their sources. This script turns them
into rows of residuals.csv (see distributions/README.md): the ore of the part of China's
production that no listed mine covers.

Rules (each written into the row's estimate_basis):
* Every quantity is a `triangular` on [min, max] with the cited value as its mode: the range
  bounds the national average, the value is the best figure found. (A `pert` reads the same way
  but its quantile is an inverse incomplete beta: 22 such parameters made the 300,000-sample
  baseline run 2.7x slower, 3.32 s against 1.22 s, measured with `hiddenflow run
  runs/baseline.toml --samples 300000`.)
* Where a derivation gives the stripping ratio of open pits and the share of output mined
  underground u (iron, bauxite), the national ratio is the production-weighted mix
  SR = (1 - u) * SR_open_pit + u * SR_underground, with the underground convention of this
  dataset, 0.1 (0-0.2) t/t of development waste; its bounds pair the low open-pit ratio with the
  high underground share and the reverse.
* Lead and zinc come from the same ores in China (a joint residual `cn_lead_zinc`): one stripping
  ratio, and their rock allocated once between them by the model.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
UNDERGROUND = (0.1, 0.0, 0.2)  # development waste per t ore: the dataset's underground convention

HEADER = ["residual", "commodity", "country", "ore_grade", "ore_grade_min", "ore_grade_max", "ore_grade_dist",
          "ore_grade_unit", "stripping_ratio", "stripping_ratio_min", "stripping_ratio_max",
          "stripping_ratio_dist", "recovery_beneficiation", "recovery_beneficiation_min",
          "recovery_beneficiation_max", "recovery_beneficiation_dist", "recovery_smelting",
          "recovery_smelting_min", "recovery_smelting_max", "recovery_smelting_dist", "concentrate_grade_pct",
          "concentrate_grade_pct_min", "concentrate_grade_pct_max", "concentrate_grade_pct_dist", "source",
          "year", "estimated", "estimate_basis"]

# (residual id, commodity, derivation folder, grade unit, whether national.csv's stripping ratio is
# that of open pits only, to be mixed with the underground share; copper's and lead-zinc's are
# already the national mix)
RESIDUALS = [
    ("cn_copper", "copper", "china_copper", "pct", False),
    ("cn_lead_zinc", "lead", "china_lead_zinc", "pct", False),
    ("cn_lead_zinc", "zinc", "china_lead_zinc", "pct", False),
    ("cn_iron", "iron", "china_iron_bauxite", "pct_fe", True),
    ("cn_bauxite", "aluminium", "china_iron_bauxite", "pct_al2o3", True),
]


def national(folder, commodity):
    with open(os.path.join(HERE, "..", folder, "national.csv"), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["commodity"] == commodity]
    return {r["quantity"]: r for r in rows}


def fmt(x):
    return f"{x:.6g}"


def stripping(nat, open_pits_only):
    """The national stripping ratio: given directly, or mixed from open pits and underground."""
    sr = nat["stripping_ratio"]
    if not open_pits_only:
        return (sr["value"], sr["min"], sr["max"]), sr, f"stripping ratio: {sr['basis']}"
    u = nat["share_underground"]
    uo, ul, uh = float(u["value"]), float(u["min"]), float(u["max"])
    so, sl, sh = float(sr["value"]), float(sr["min"]), float(sr["max"])
    best = (1 - uo) * so + uo * UNDERGROUND[0]
    lo = (1 - uh) * sl + uh * UNDERGROUND[1]
    hi = (1 - ul) * sh + ul * UNDERGROUND[2]
    why = (f"stripping ratio = (1 - u) x open-pit {so} ({sl}-{sh}) + u x underground {UNDERGROUND[0]} "
           f"({UNDERGROUND[1]}-{UNDERGROUND[2]}) with the share underground u = {uo} ({ul}-{uh}); bounds pair "
           f"the low open-pit ratio with the high underground share and the reverse")
    return (fmt(best), fmt(lo), fmt(hi)), sr, why


def row(rid, commodity, folder, unit, open_pits_only):
    nat = national(folder, commodity)
    out = {k: "" for k in HEADER}
    out.update(residual=rid, commodity=commodity, country="CN", ore_grade_unit=unit)
    used = []

    def put(column, q):
        r = nat.get(q)
        if r is None:
            return
        out[column], out[column + "_min"], out[column + "_max"] = r["value"], r["min"], r["max"]
        out[column + "_dist"] = "triangular" if r["min"] != r["max"] else ""
        used.append((q, r))

    put("ore_grade", "ore_grade")
    put("recovery_beneficiation", "recovery_beneficiation")
    put("recovery_smelting", "recovery_smelting")
    put("concentrate_grade_pct", "concentrate_grade_pct")
    (b, lo, hi), sr_row, sr_why = stripping(nat, open_pits_only)
    out["stripping_ratio"], out["stripping_ratio_min"], out["stripping_ratio_max"] = b, lo, hi
    out["stripping_ratio_dist"] = "triangular"
    used.append(("stripping_ratio", sr_row))
    if "share_underground" in nat:
        used.append(("share_underground", nat["share_underground"]))
    sources = []
    for _, r in used:
        for s in r["source"].split(" | "):
            if s and s not in sources:
                sources.append(s)
    out["source"] = " | ".join(sources)
    out["year"] = nat["ore_grade"]["year"]
    estimated = [c for c in ("ore_grade", "stripping_ratio", "recovery_beneficiation", "recovery_smelting",
                             "concentrate_grade_pct") if out[c]]
    out["estimated"] = ";".join(estimated)
    basis = [f"national production-weighted averages of China (derive/{folder}/national.csv); ranges bound "
             f"the average, triangular with the cited value as mode"]
    basis += [f"{q}: {r['basis']}" + (f" ({r['estimate_basis']})" if r.get("estimate_basis") else "")
              for q, r in used if q not in ("stripping_ratio",)]
    basis.append(sr_why)
    if rid == "cn_lead_zinc":
        basis.append("lead and zinc from the same ores: one joint residual sharing its stripping ratio; silver, "
                     "also recovered from these ores, is not modelled and takes no share of the rock")
    out["estimate_basis"] = " | ".join(basis)
    return out


def main():
    rows = [row(*r) for r in RESIDUALS]
    # A joint residual shares one stripping ratio: the lead row's.
    joint = [r for r in rows if r["residual"] == "cn_lead_zinc"]
    for r in joint[1:]:
        for c in ("stripping_ratio", "stripping_ratio_min", "stripping_ratio_max", "stripping_ratio_dist"):
            r[c] = joint[0][c]
    with open(os.path.join(HERE, "residuals.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
