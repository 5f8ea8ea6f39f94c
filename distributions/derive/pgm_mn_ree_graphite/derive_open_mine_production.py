#!/usr/bin/env python3
"""Derive PGM and manganese mine figures from the open compilation
(Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y;
CSV exports in /work/shared/data/open-mine-production/).

stdlib only; deterministic output (sorted). Run:
    python3 derive_open_mine_production.py [DATA_DIR]
Prints one line per derived quantity: key<TAB>value<TAB>how.
"""
import csv, os, sys

D = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data", "open-mine-production"))
OZ = 31.1034768  # g per troy ounce

def rows(name):
    with open(os.path.join(D, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

com = rows("commodities.csv")
ore = rows("minerals_ores_conce.csv")
res = rows("capacity_reserves.csv")
out = []

def emit(k, v, how):
    out.append((k, v, how))

def f(x):
    return float(x) if x not in ("", None) else None

# ---- ARM joint-venture PGM mines (FY July-June): 6E split, head grade, derived recovery
SIX = ("Platinum", "Palladium", "Rhodium", "Gold", "Ruthenium", "Iridium")
for mine in ("Two Rivers", "Modikwa"):
    for yr in ("2015", "2016", "2017", "2018", "2019"):
        oz = {r["commodity"]: f(r["value"]) for r in com
              if r["mine_fac"] == mine and r["year"] == yr and r["commodity"] in SIX}
        if len(oz) < 6:
            continue
        tot = sum(oz.values())
        share = oz["Platinum"] / tot
        milled = head = None
        for r in ore:
            if r["mine_fac"] == mine and r["year"] == yr and r["type_mineral"] == "Ore processed":
                milled = f(r["value"]) * 1e6  # million tonnes
                head = f(r["all_metals_overall_grade"])
        key = mine.lower().replace(" ", "_")
        emit(f"{key}.{yr}.pt_t", round(oz["Platinum"] * OZ / 1e6, 3), "Pt oz * 31.1035 g / 1e6")
        emit(f"{key}.{yr}.pt_share_6e", round(share, 4), "Pt oz / 6E oz")
        if milled and head:
            emit(f"{key}.{yr}.pt_head_g_t", round(head * share, 3), "6E head grade * Pt share of 6E")
            emit(f"{key}.{yr}.rec_6e", round(tot * OZ / (milled * head), 4),
                 "6E oz produced / (t milled * 6E head grade)")
            emit(f"{key}.{yr}.milled_mt", round(milled / 1e6, 3), "ore processed")
        for bm in ("Nickel", "Copper"):
            for r in com:
                if r["mine_fac"] == mine and r["year"] == yr and r["commodity"] == bm:
                    emit(f"{key}.{yr}.{bm.lower()}_t", f(r["value"]), "reported tonnes")

# ---- Sibanye-reported mines: 4E/2E production (100 % basis), head grade, recovery
for mine, key in (("Rustenburg", "sibanye_rustenburg"), ("Kroondal", "kroondal"),
                  ("Mimosa", "mimosa"), ("Stillwater", "stillwater")):
    for r in com:
        if (r["mine_fac"] == mine and r["commodity"] == "PGM" and r["type_mining"] == "Underground"
                and r["year"] in ("2017", "2018") and r["value"]):
            share = f(r["production_share"]) or 1.0
            koz100 = f(r["value"]) / share
            emit(f"{key}.{r['year']}.pgm_koz_100pct", round(koz100, 1),
                 f"reported {r['value']} koz / attributable share {share}")
            emit(f"{key}.{r['year']}.head_g_t", f(r["grade"]), "reported PGM head grade")
            emit(f"{key}.{r['year']}.recovery", f(r["recovery_rate"]), "reported recovery")
    for r in ore:
        if (r["mine_fac"] == mine and r["type_mineral"] == "Ore processed"
                and r["type_mining"] == "Underground" and r["year"] in ("2017", "2018")):
            share = f(r["production_share"]) or 1.0
            emit(f"{key}.{r['year']}.milled_mt_100pct", round(f(r["value"]) / share / 1000, 3),
                 "ore processed kt / share / 1000")

# ---- Anglo American Platinum own mines: Pt and Pd (koz), Pt/(Pt+Pd)
for mine in ("Mogalakwena", "Amandelbult", "Unki", "Mototolo"):
    for yr in ("2017", "2018", "2019"):
        v = {r["commodity"]: f(r["value"]) for r in com
             if r["mine_fac"] == mine and r["year"] == yr and r["source"].startswith("Anglo American plc (2019)")
             or (r["mine_fac"] == mine and r["year"] == yr and r["commodity"] == "PGM")}
        key = mine.lower()
        if "Platinum" in v and "Palladium" in v and v["Platinum"]:
            emit(f"{key}.{yr}.pt_t", round(v["Platinum"] * 1000 * OZ / 1e6, 3), "Pt koz * 31.1035 g")
            emit(f"{key}.{yr}.pt_over_ptpd", round(v["Platinum"] / (v["Platinum"] + v["Palladium"]), 4), "Pt/(Pt+Pd)")
        if "PGM" in v:
            emit(f"{key}.{yr}.pgm_5e_au_koz", v["PGM"], "reported PGM (5E+Au) koz")

# ---- Norilsk Taimyr: derived metal in concentrate from ore mined x head grade x recovery
t = {}
for r in com:
    if r["mine_fac"] == "Nornickel Taimyr Peninsula" and r["year"] == "2019":
        t[r["commodity"].split()[0]] = (f(r["grade"]), f(r["recovery_rate"]))
oremined = [f(r["value"]) for r in ore if r["mine_fac"] == "Nornickel Taimyr Peninsula"
            and r["year"] == "2019" and r["type_mineral"] == "Ore mined"][0] * 1e6
rv = {r["commodity"]: f(r["reserves_commodity_value"]) for r in res
      if r["mine_fac"] == "Nornickel Taimyr Peninsula"}
pt_share = rv["Platinum"] / (rv["Platinum"] + rv["Palladium"])
emit("taimyr.2019.ore_mined_mt", oremined / 1e6, "reported")
emit("taimyr.reserve.pt_share_ptpd", round(pt_share, 4), "reserve Pt koz/(Pt+Pd koz)")
g, rec = t["PGM"]
emit("taimyr.2019.pt_head_g_t", round(g * pt_share, 3), "PGM head * reserve Pt share")
emit("taimyr.2019.pt_conc_t", round(oremined * g * rec * pt_share / 1e6, 2),
     "ore * PGM head * PGM recovery * Pt share / 1e6")
for m in ("Nickel", "Copper"):
    g, rec = t[m]
    emit(f"taimyr.2019.{m.lower()}_conc_t", round(oremined * g / 100 * rec), "ore * head % * recovery")

# ---- Manganese (CITIC Dameng, ARM Black Rock, Vale Urucum)
def conc(mine, yr):
    q = {}
    for r in ore:
        if r["mine_fac"] == mine and r["year"] == yr and r["type_mineral"] == "Concentrate":
            q[r["min_ore_con"]] = f(r["value"])
    gr = {r["min_ore_con"]: f(r["grade"]) for r in com
          if r["mine_fac"] == mine and r["year"] == yr and r["commodity"] == "Manganese"}
    return sum(q[k] * gr[k] / 100 for k in q if k in gr), q, gr
for mine in ("Daxin", "Tiandeng ", "Bembele"):
    mn, q, gr = conc(mine, "2019")
    mined = sum(f(r["value"]) for r in ore if r["mine_fac"] == mine and r["year"] == "2019"
                and r["type_mineral"] == "Ore mined")
    key = mine.strip().lower()
    emit(f"{key}.2019.mn_in_conc_kt", round(mn, 1), "sum(concentrate kt * Mn %)")
    emit(f"{key}.2019.ore_mined_kt", mined, "reported ore mined (all methods)")
    rg = [f(r["grade"]) for r in res if r["mine_fac"] == mine and r["commodity"] == "Manganese"]
    if rg and mined:
        emit(f"{key}.2019.rec_vs_reserve_grade", round(mn / (mined * rg[0] / 100), 3),
             "Mn in conc / (ore mined * reserve grade)")
br = [(f(r["reserves_mineral_value"]), f(r["grade"])) for r in res
      if r["mine_fac"] == "Black Rock" and r["commodity"] == "Manganese"]
wg = sum(a * b for a, b in br) / sum(a for a, b in br)
emit("black_rock.reserve.weighted_mn_pct", round(wg, 2), "tonnage-weighted reserve grade")
bp = [f(r["value"]) for r in ore if r["mine_fac"] == "Black Rock" and r["year"] == "2019"][0]
emit("black_rock.2019.mn_kt", round(bp * wg / 100, 1), "ore processed kt * weighted reserve grade")
um = [f(r["value"]) for r in ore if r["mine_fac"] == "Urucum" and r["year"] == "2019"
      and r["type_mineral"] == "Ore mined"][0]
ug = [f(r["grade"]) for r in res if r["mine_fac"] == "Urucum"][0]
emit("urucum.2019.mn_kt", round(um * ug / 100, 1), "ore mined kt * 2016 reserve grade")
cg = [f(r["value"]) for r in ore if r["mine_fac"] == "Changgou " and r["year"] == "2019"][0]
cgr = [f(r["grade"]) for r in res if r["mine_fac"] == "Changgou "][0]
emit("changgou.2019.mn_in_ore_kt", round(cg * cgr / 100, 1), "ore mined kt * reserve grade")

for k, v, how in sorted(out):
    print(f"{k}\t{v}\t{how}")
