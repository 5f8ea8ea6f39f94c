#!/usr/bin/env python3
"""Derive the nickel / cobalt (and co-product) tables for hiddenflow.

stdlib only. Reads the open compilation of company-report mine data
(Jasansky et al. 2023, Sci Data 10:52) from
/work/shared/data/open-mine-production/ and combines it with a small set of
figures hand-copied from public company / news releases (cited per row).
Writes mines.csv, mine_commodities.csv, supply.csv, commodities.csv next to
this script. Re-running gives identical output.

Conventions
* production_t: see the `source` text of each row. Where the operator reports
  metal/payable output it is used; otherwise ore mined x head grade
  (x flotation recovery where the operator reports one), computed here.
* ore_grade: best = 2019 (or latest) head grade; min/max = span of reported
  head grades 2014-2019 (or reserve grade where no head grade exists).
"""
import csv
import os

DATA = os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data", "open-mine-production"))
OUT = os.path.dirname(os.path.abspath(__file__))
JAS = ("Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y "
       "(compilation fineprint-global/compilation_mining_data a41e500)")
YEARS = range(2014, 2020)


def rd(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


COM = rd("commodities.csv")
ORE = rd("minerals_ores_conce.csv")
CAP = rd("capacity_reserves.csv")


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def series(mine, commodity, ore_only=True):
    """year -> row for ore-grade rows of mine/commodity (2014-2019)."""
    out = {}
    for r in COM:
        if r["mine_fac"].strip() != mine:
            continue
        if r["commodity"].strip().lower() != commodity.lower():
            continue
        y = fnum(r["year"])
        if y is None or int(y) not in YEARS:
            continue
        if ore_only and "concentrate" in r["min_ore_con"].lower():
            continue
        out[int(y)] = r
    return out


def grade_stats(mine, commodity):
    s = {y: fnum(r["grade"]) for y, r in series(mine, commodity).items()}
    s = {y: g for y, g in s.items() if g is not None}
    if not s:
        return None
    ylast = max(s)
    vals = list(s.values())
    return round(s[ylast], 4), round(min(vals), 4), round(max(vals), 4), ylast, s


def rec_stats(mine, commodity):
    s = {y: fnum(r["recovery_rate"]) for y, r in series(mine, commodity).items()}
    s = {y: v for y, v in s.items() if v is not None}
    if not s:
        return None
    ylast = max(s)
    return round(s[ylast], 4), round(min(s.values()), 4), round(max(s.values()), 4), ylast


def ore_mined(mine, year=2019, kind="Ore mined"):
    for r in ORE:
        if r["mine_fac"].strip() == mine and r["type_mineral"] == kind and fnum(r["year"]) == year:
            v = fnum(r["value"])
            u = r["unit"].lower()
            if v is None:
                return None
            if u in ("thousands of metric tons", "kt", "ktonnes", "kdmt", "kwmt"):
                return v / 1000.0
            if u in ("million tonnes", "mt"):
                return v
            if u == "tonnes":
                return v / 1e6
    return None


def prod(mine, commodity, year=2019):
    r = series(mine, commodity, ore_only=False).get(year)
    if not r:
        return None
    v = fnum(r["value"])
    if v is None:
        return None
    u = r["unit"].lower()
    return v * 1000.0 if u == "kt" else v


def reserve(mine, commodity):
    out = []
    for r in CAP:
        if r["mine_fac"].strip() == mine and r["commodity"].strip().lower() == commodity.lower():
            g = fnum(r["grade"])
            if g is not None:
                out.append((g, r["reserves_year"], r["sub_site"], r["source"], r["source_url"],
                            fnum(r["metallurgical_recovery"])))
    return out


def src_of(mine, commodity=None, year=2019):
    for r in COM:
        if r["mine_fac"].strip() == mine and (commodity is None or r["commodity"].strip().lower() == commodity.lower()):
            if fnum(r["year"]) == year:
                return "%s %s" % (r["source"].strip(), r["source_url"].strip())
    for r in COM:
        if r["mine_fac"].strip() == mine:
            return "%s %s" % (r["source"].strip(), r["source_url"].strip())
    return ""


MINES = []   # dicts for mines.csv
MC = []      # dicts for mine_commodities.csv

# ---------------------------------------------------------------- helpers
UG = dict(stripping_ratio=0.1, stripping_ratio_min=0.0, stripping_ratio_max=0.2,
          stripping_ratio_basis="estimated",
          sr_basis="underground mine: development waste only, 0-0.2 t/t (brief default); operator reports no waste tonnage")


def mine(mid, name, cc, dtype, method, ore, src, year, sr, est_cols="", est_basis=""):
    row = dict(mine=mid, name=name, country=cc, deposit_type=dtype, mining_method=method,
               ore_mined_mt=("" if ore is None else round(ore, 3)),
               stripping_ratio=sr["stripping_ratio"], stripping_ratio_min=sr["stripping_ratio_min"],
               stripping_ratio_max=sr["stripping_ratio_max"], stripping_ratio_dist="",
               stripping_ratio_basis=sr["stripping_ratio_basis"], source=src, year=year)
    est = [c for c in est_cols.split(";") if c]
    basis = [b for b in [est_basis] if b]
    if sr["stripping_ratio_basis"] == "estimated":
        est = ["stripping_ratio"] + est
        basis = [sr["sr_basis"]] + basis
    row["estimated"] = ";".join(est)
    row["estimate_basis"] = " | ".join(basis)
    MINES.append(row)


def mc(mid, com, production, g, gmin, gmax, unit, gbasis, rb, rbmin, rbmax, rs, rsmin, rsmax,
       cg, cgmin, cgmax, src, year, est="", basis=""):
    MC.append(dict(mine=mid, commodity=com, production_t=round(production),
                   ore_grade=g, ore_grade_min=gmin, ore_grade_max=gmax, ore_grade_dist="",
                   ore_grade_unit=unit, ore_grade_basis=gbasis,
                   recovery_beneficiation=rb, recovery_beneficiation_min=rbmin,
                   recovery_beneficiation_max=rbmax, recovery_beneficiation_dist="",
                   recovery_smelting=rs, recovery_smelting_min=rsmin, recovery_smelting_max=rsmax,
                   recovery_smelting_dist="",
                   concentrate_grade_pct=cg, concentrate_grade_pct_min=cgmin,
                   concentrate_grade_pct_max=cgmax, concentrate_grade_pct_dist="",
                   source=src, year=year, estimated=est, estimate_basis=basis))


def sr(v, lo, hi, basis_text):
    return dict(stripping_ratio=v, stripping_ratio_min=lo, stripping_ratio_max=hi,
                stripping_ratio_basis="estimated", sr_basis=basis_text)


SR_SAP = sr(1.5, 0.5, 4.0, "saprolite laterite strip mine (limonite/overburden stripped as waste); no operator waste figure found; estimate")
SR_LIM = sr(0.5, 0.2, 2.0, "limonite laterite for HPAL (limonite itself is ore, thin overburden); no operator waste figure found; estimate")
SR_OP = sr(3.0, 1.0, 6.0, "open-pit base-metal mine; no operator waste figure found in the compilation; estimate")

# Estimated metallurgy used repeatedly
SULF_SMELT = (0.95, 0.90, 0.98, "recovery_smelting",
              "smelting+refining recovery of Ni/Cu sulfide concentrate not reported; 0.90-0.98 assumed for flash/electric-furnace smelting and refining")
NI_CONC = (12.0, 8.0, 20.0, "concentrate_grade_pct",
           "Ni concentrate grade not reported; Ni sulfide flotation concentrates 9.6-9.9 % Ni (Kevitsa, Boliden 2018) to 14 % (Lounge Lizard, Kagara 2012) in the same compilation; 8-20 % used")
CU_CONC = (25.0, 20.0, 30.0, "concentrate_grade_pct",
           "Cu concentrate grade not reported; Kevitsa Cu concentrate 25.1-26.8 % (Boliden 2018); 20-30 % used")
PGM_PT_SMELT = None


def joinest(*pairs):
    cols, bas = [], []
    for p in pairs:
        if p:
            cols.append(p[0]); bas.append(p[1])
    return ";".join(cols), " | ".join(bas)


# ================================================================ NORNICKEL
for mid, name, dm, method, srd in [
        ("norilsk_taimyr", "Nornickel Polar Division / Medvezhy Ruchey (Talnakh, Oktyabrsky, Komsomolsky, Zapolyarny mines), Taimyr Peninsula",
         "Nornickel Taimyr Peninsula", "open_pit_underground",
         sr(0.2, 0.0, 0.5, "mostly underground (Talnakh/Oktyabrsky/Komsomolsky) plus Zapolyarny open pit; no waste figure reported; estimate")),
        ("kola_mmc", "Nornickel Kola MMC (Severny and Zhdanovsky mines), Kola Peninsula",
         "Nornickel Kola Peninsula", "open_pit_underground",
         sr(1.0, 0.1, 3.0, "underground (Severny) and open pit (Zhdanovsky) mixture; no waste figure reported; estimate"))]:
    ore = ore_mined(dm)
    src = src_of(dm, "Nickel") + " | " + JAS
    mine(mid, name, "RU", "magmatic_sulfide", method, ore, src, 2019, srd)
    for com, dcom in (("nickel", "Nickel"), ("copper", "Copper")):
        g = grade_stats(dm, dcom)
        rc = rec_stats(dm, dcom)
        p = ore * 1e6 * g[0] / 100 * rc[0]
        cgt = NI_CONC if com == "nickel" else CU_CONC
        e, b = joinest(SULF_SMELT[3:], cgt[3:])
        mc(mid, com, p, g[0], g[1], g[2], "pct", "head", rc[0], rc[1], rc[2],
           SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], cgt[0], cgt[1], cgt[2],
           "production_t = ore mined 2019 x head grade x concentrator recovery (Nornickel AR 2019); grade/recovery range 2014-2019. " + src,
           2019, e, b)

# platinum co-product at Taimyr (reserve grade; consolidated 2018 output)
pt = [x for x in reserve("Nornickel Taimyr Peninsula", "Platinum")][0]
mc("norilsk_taimyr", "platinum", 653000 * 31.1035 / 1e6, pt[0], "", "", "g_per_t", "reserve",
   "", "", "", 0.75, 0.6, 0.85, "", "", "",
   "production_t = 653 koz Pt (Nornickel consolidated 2018 output, Reuters/Mining Weekly 30 Jan 2019, http://www.miningweekly.com/article/nornickel-to-boost-nickel-palladium-output-in-2019-2019-01-30; includes Kola); grade = Taimyr 2019 reserve 1.11 g/t Pt (Nornickel AR 2019) | " + JAS,
   2018, "recovery_smelting",
   "overall Pt recovery ore-to-metal not reported; 0.6-0.85 assumed. Palladium (larger by value) is not a modelled commodity, so economic allocation at Norilsk over-weights Ni/Cu/Pt")

# ================================================================ VALE CANADA
vale_src = "Vale S.A. (2020) Form 20-F 2019 http://www.vale.com/EN/investors/information-market/annual-reports/20f/20FDocs/Vale%2020-F%202019_i.pdf"
for mid, name, dm in [("copper_cliff", "Copper Cliff Mine (Sudbury, Vale)", "Copper Cliff North"),
                      ("creighton", "Creighton Mine (Sudbury, Vale)", "Creighton"),
                      ("garson", "Garson Mine (Sudbury, Vale)", "Garson"),
                      ("coleman", "Coleman Mine (Sudbury, Vale)", "Coleman"),
                      ("totten", "Totten Mine (Sudbury, Vale)", "Totten")]:
    ore = ore_mined(dm)
    src = vale_src + " | " + JAS
    mine(mid, name, "CA", "magmatic_sulfide", "underground", ore, src, 2019, UG)
    for com, dcom in (("nickel", "Nickel"), ("copper", "Copper")):
        g = grade_stats(dm, dcom)
        p = ore * 1e6 * g[0] / 100
        cgt = NI_CONC if com == "nickel" else CU_CONC
        rb = (0.85, 0.77, 0.90) if com == "nickel" else (0.93, 0.90, 0.97)
        e, b = joinest(("recovery_beneficiation",
                        "Vale reports no mill recovery; Ni 0.77-0.90 / Cu 0.90-0.97 from other Ni-Cu sulfide mills in the compilation (Nornickel Taimyr 0.77-0.83 Ni, 0.94-0.96 Cu; Eagle 0.79-0.85 Ni, 0.94-0.98 Cu)"),
                       SULF_SMELT[3:], cgt[3:])
        mc(mid, com, p, g[0], g[1], g[2], "pct", "head", rb[0], rb[1], rb[2],
           SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], cgt[0], cgt[1], cgt[2],
           "production_t = Ni/Cu contained in ore mined 2019 (ore x head grade, Vale 20-F 2019); grade range 2014-2019. " + src,
           2019, e, b)

# Thompson (Ni only reported)
ore = ore_mined("Thompson"); g = grade_stats("Thompson", "Nickel")
src = vale_src + " | " + JAS
mine("thompson", "Thompson Mine (Manitoba, Vale)", "CA", "magmatic_sulfide", "underground", ore, src, 2019, UG)
e, b = joinest(("recovery_beneficiation", "Vale reports no mill recovery; 0.77-0.90 from other Ni sulfide mills in the compilation (Taimyr, Eagle)"), SULF_SMELT[3:], NI_CONC[3:])
mc("thompson", "nickel", ore * 1e6 * g[0] / 100, g[0], g[1], g[2], "pct", "head", 0.85, 0.77, 0.90,
   SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = Ni contained in ore mined 2019 (Vale 20-F 2019); grade range 2014-2019. " + src, 2019, e, b)

# Voisey's Bay (Ovoid open pit)
ore = ore_mined("Ovoid")
mine("voiseys_bay", "Voisey's Bay (Ovoid open pit, Vale)", "CA", "magmatic_sulfide", "open_pit", ore, src, 2019,
     sr(1.5, 0.5, 4.0, "Ovoid open pit; Vale reports no waste tonnage; estimate"))
for com, dcom in (("nickel", "Nickel"), ("copper", "Copper")):
    g = grade_stats("Ovoid", dcom)
    cgt = NI_CONC if com == "nickel" else CU_CONC
    rb = (0.85, 0.77, 0.90) if com == "nickel" else (0.93, 0.90, 0.97)
    e, b = joinest(("recovery_beneficiation", "Vale reports no mill recovery; range from other Ni-Cu sulfide mills in the compilation (Taimyr, Eagle)"), SULF_SMELT[3:], cgt[3:])
    mc("voiseys_bay", com, ore * 1e6 * g[0] / 100, g[0], g[1], g[2], "pct", "head", rb[0], rb[1], rb[2],
       SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], cgt[0], cgt[1], cgt[2],
       "production_t = metal contained in ore mined 2019 (Vale 20-F 2019); grade range 2014-2019. " + src, 2019, e, b)

# Vale laterites: Sorowako (PT Vale), VNC (Goro), Onca Puma
for mid, name, cc, dm, srd, method_note in [
        ("sorowako", "Sorowako (PT Vale Indonesia)", "ID", "Sorowako", SR_SAP, "RKEF to Ni matte"),
        ("vale_new_caledonia", "Vale New Caledonia (Goro)", "NC", "Vale New Caledonia", SR_LIM, "HPAL"),
        ("onca_puma", "Onca Puma (Vale)", "BR", "Onca Puma", SR_SAP, "RKEF ferronickel")]:
    ore = ore_mined(dm); g = grade_stats(dm, "Nickel")
    mine(mid, name, cc, "laterite", "open_pit", ore, src, 2019, srd)
    rsb = (0.90, 0.80, 0.95, "recovery_smelting",
           "ore-to-product Ni recovery not reported by Vale; 0.80 (Cerro Matoso reserve metallurgical recovery, South32 2019) to 0.95 assumed for %s" % method_note)
    if mid == "vale_new_caledonia":
        rsb = (0.85, 0.75, 0.89, "recovery_smelting",
               "HPAL Ni recovery not reported by Vale; Ramu HPAL reports 88-89 %% (Ramu NiCo, Loop PNG 2019); 0.75-0.89 assumed")
    mc(mid, "nickel", ore * 1e6 * g[0] / 100, g[0], g[1], g[2], "pct", "head", "", "", "",
       rsb[0], rsb[1], rsb[2], "", "", "",
       "production_t = Ni contained in ore mined 2019 (Vale 20-F 2019; Onca Puma mining suspended in 2019, most 2019 output came from stockpiles); grade range 2014-2019. " + src,
       2019, rsb[3], rsb[4])

# ================================================================ GLENCORE
glen = src_of("Murrin Murrin", "Nickel") + " | " + JAS
# INO: Sudbury + Raglan
mine("glencore_ino", "Sudbury Integrated Nickel Operations (Glencore: Sudbury mines and Raglan)", "CA",
     "magmatic_sulfide", "underground", None, src_of("Sudbury Integrated Nickel Operations", "Nickel") + " | " + JAS, 2019, UG)
e, b = joinest(("ore_grade", "Glencore reports no head grade in the compilation; range of Vale's Sudbury-basin mines 2014-2019 head grades (1.26-3.17 % Ni, this file); Raglan is higher grade than Sudbury"),
               ("recovery_beneficiation", "not reported; 0.77-0.90 from other Ni sulfide mills in the compilation"), SULF_SMELT[3:], NI_CONC[3:])
mc("glencore_ino", "nickel", prod("Sudbury Integrated Nickel Operations", "Nickel"), 1.8, 1.26, 3.17, "pct", "head",
   0.85, 0.77, 0.90, SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = INO nickel 2019 60.3 kt (incl. ~0.5 kt third-party feed; Glencore FY2019 production report). " + src_of("Sudbury Integrated Nickel Operations", "Nickel") + " | " + JAS,
   2019, e, b)
e, b = joinest(("ore_grade", "Glencore reports no Cu head grade; range of Vale's Sudbury-basin mines 2014-2019 (0.42-3.8 % Cu)"),
               ("recovery_beneficiation", "not reported; 0.90-0.97 from other Ni-Cu sulfide mills in the compilation"), SULF_SMELT[3:], CU_CONC[3:])
mc("glencore_ino", "copper", prod("Sudbury Integrated Nickel Operations", "Copper"), 1.5, 0.42, 3.8, "pct", "head",
   0.93, 0.90, 0.97, SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], CU_CONC[0], CU_CONC[1], CU_CONC[2],
   "production_t = INO copper 2019 44.2 kt (15.8 + 28.4 kt as split in the compilation; may include purchased feed). " + src_of("Sudbury Integrated Nickel Operations", "Copper") + " | " + JAS,
   2019, e, b)
co_ni = prod("Sudbury Integrated Nickel Operations", "Cobalt") / prod("Sudbury Integrated Nickel Operations", "Nickel")
mc("glencore_ino", "cobalt", prod("Sudbury Integrated Nickel Operations", "Cobalt"), round(1.8 * co_ni, 4), round(1.26 * co_ni, 4), round(3.17 * co_ni, 4),
   "pct", "head", 0.85, 0.70, 0.90, 0.90, 0.80, 0.95, NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = INO cobalt 2019 0.7 kt (Glencore FY2019). " + src_of("Sudbury Integrated Nickel Operations", "Cobalt") + " | " + JAS,
   2019, "ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   "Co head grade not reported: Ni grade range x (Co/Ni output ratio 0.7/60.3) assuming equal recovery; Co recoveries assumed 0.70-0.90 (mill) and 0.80-0.95 (smelter/refinery); concentrate = Ni concentrate")

# Murrin Murrin (HPAL)
mm = "Murrin Murrin"
mres = {r[0]: r for r in reserve(mm, "Nickel")}
mine("murrin_murrin", "Murrin Murrin (Glencore)", "AU", "laterite", "open_pit", None, glen, 2019, SR_LIM)
mc("murrin_murrin", "nickel", prod(mm, "Nickel"), 1.03, "", "", "pct", "reserve", "", "", "",
   0.85, 0.75, 0.89, "", "", "",
   "production_t = Ni 36.6 kt 2019 (Glencore FY2019); grade = 2019 ore reserve 41.4 Mt @ 1.03 % Ni, 0.086 % Co (Glencore Resources & Reserves 2019). " + glen,
   2019, "recovery_smelting", "HPAL Ni recovery not reported; Ramu HPAL reports 88-89 % (Loop PNG 2019); 0.75-0.89 assumed")
mc("murrin_murrin", "cobalt", prod(mm, "Cobalt"), 0.086, "", "", "pct", "reserve", "", "", "",
   0.80, 0.65, 0.90, "", "", "",
   "production_t = Co 3.4 kt 2019 (Glencore FY2019); grade = 2019 reserve 0.086 % Co. " + glen,
   2019, "recovery_smelting", "HPAL Co recovery not reported; 0.65-0.90 assumed (Co recovered with Ni in mixed sulfide/hydroxide)")

# Koniambo (saprolite, FeNi)
mine("koniambo", "Koniambo Nickel (KNS, Glencore/SMSP)", "NC", "laterite", "open_pit", None,
     src_of("Koniambo", "Nickel") + " | " + JAS, 2019, SR_SAP)
mc("koniambo", "nickel", prod("Koniambo", "Nickel"), 2.19, "", "", "pct", "reserve", "", "", "",
   0.90, 0.80, 0.95, "", "", "",
   "production_t = Ni in ferronickel 23.7 kt 2019 (Glencore FY2019); grade = 2019 reserve 41.8 Mt @ 2.19 % Ni (Glencore AR 2019). " + src_of("Koniambo", "Nickel") + " | " + JAS,
   2019, "recovery_smelting", "RKEF Ni recovery not reported; 0.80 (Cerro Matoso reserve metallurgical recovery, South32 2019) to 0.95 assumed")

# ================================================================ ANGLO (Brazil)
for mid, name, dm in [("barro_alto", "Barro Alto (Anglo American)", "Barro Alto"),
                      ("codemin", "Codemin / Niquelandia (Anglo American)", "Codemin")]:
    g = grade_stats(dm, "Nickel"); ore = ore_mined(dm)
    s = src_of(dm, "Nickel") + " | " + JAS
    mine(mid, name, "BR", "laterite", "open_pit", ore, s, 2019, SR_SAP)
    mc(mid, "nickel", prod(dm, "Nickel"), g[0], g[1], g[2], "pct", "head", "", "", "",
       0.90, 0.80, 0.95, "", "", "",
       "production_t = Ni in ferronickel 2019 (Anglo American AR 2020); grade = ore processed head grade 2014-2020. " + s,
       2019, "recovery_smelting", "RKEF Ni recovery not reported; 0.80 (Cerro Matoso, South32 2019) to 0.95 assumed")

# ================================================================ SHERRITT: Moa, Ambatovy
moa = "Moa Project"
s = src_of(moa, "Nickel") + " | " + JAS
mine("moa", "Moa Joint Venture mine (Sherritt / General Nickel Company of Cuba)", "CU", "laterite", "open_pit",
     ore_mined(moa), s, 2019, SR_LIM)
mc("moa", "nickel", prod(moa, "Nickel"), 1.16, "", "", "pct", "reserve", "", "", "", 0.85, 0.75, 0.89, "", "", "",
   "production_t = finished Ni 2019, 100 % basis (Sherritt AIF 2020); grade = 2019 reserve 51.1 Mt @ 1.16 % Ni, 0.13 % Co. " + s,
   2019, "recovery_smelting", "HPAL + refinery Ni recovery not reported; Ramu HPAL 88-89 % (Loop PNG 2019); 0.75-0.89 assumed")
mc("moa", "cobalt", prod(moa, "Cobalt"), 0.13, "", "", "pct", "reserve", "", "", "", 0.80, 0.65, 0.90, "", "", "",
   "production_t = finished Co 2019, 100 % basis (Sherritt AIF 2020); grade = 2019 reserve 0.13 % Co. " + s,
   2019, "recovery_smelting", "HPAL Co recovery not reported; 0.65-0.90 assumed")

amb = "Ambatovy"
s = src_of(amb, "Nickel") + " | " + JAS
mine("ambatovy", "Ambatovy (Sumitomo / KORES / Sherritt)", "MG", "laterite", "open_pit", None, s, 2019, SR_LIM)
ni_amb = prod(amb, "Nickel") / 0.12
co_amb = prod(amb, "Cobalt") / 0.12
mc("ambatovy", "nickel", ni_amb, 0.88, "", "", "pct", "reserve", "", "", "", 0.85, 0.75, 0.89, "", "", "",
   "production_t = 4,048 t Sherritt 12 %% share 2019 (Sherritt Q4 2019 report) / 0.12 = %d t on 100 %% basis; grade = 2019 reserve 124.5 Mt @ 0.88 %% Ni, 0.08 %% Co (Sherritt AIF 2020). %s" % (ni_amb, s),
   2019, "recovery_smelting", "HPAL Ni recovery not reported; Ramu HPAL 88-89 % (Loop PNG 2019); 0.75-0.89 assumed")
mc("ambatovy", "cobalt", co_amb, 0.08, "", "", "pct", "reserve", "", "", "", 0.80, 0.65, 0.90, "", "", "",
   "production_t = 348 t Sherritt 12 %% share 2019 / 0.12 = %d t (100 %% basis); grade = 2019 reserve 0.08 %% Co. %s" % (co_amb, s),
   2019, "recovery_smelting", "HPAL Co recovery not reported; 0.65-0.90 assumed")

# ================================================================ Cerro Matoso
cm = "Cerro Matoso"
g = grade_stats(cm, "Nickel")
ore_p = ore_mined(cm, kind="Ore processed")
s = src_of(cm, "Nickel") + " | " + JAS
mine("cerro_matoso", "Cerro Matoso (South32)", "CO", "laterite", "open_pit", ore_mined(cm), s, 2019, SR_SAP)
mc("cerro_matoso", "nickel", ore_p * 1e6 * g[0] / 100 * 0.80, g[0], g[1], g[2], "pct", "head", "", "", "",
   0.80, 0.75, 0.90, "", "", "",
   "production_t = ore processed FY2019 2,738 kdmt x head grade 1.66 %% x 0.80 reserve metallurgical recovery (South32 QR June 2019, AR 2019); grade FY2018-FY2019 head 1.66-1.79 %%, reserve 1.2 %%. %s" % s,
   2019, "recovery_smelting;production_t", "metallurgical recovery 80 % is the reserve-statement value (South32 AR 2019); range 0.75-0.90 assumed; production derived, payable output not in the compilation")

# ================================================================ Lundin Eagle (US)
eg = "Eagle"
s = src_of(eg, "Nickel") + " | " + JAS
mine("eagle", "Eagle Mine (Lundin Mining)", "US", "magmatic_sulfide", "underground", ore_mined(eg), s, 2019, UG)
for com, dcom in (("nickel", "Nickel"), ("copper", "Copper")):
    g = grade_stats(eg, dcom); rc = rec_stats(eg, dcom)
    cgt = NI_CONC if com == "nickel" else CU_CONC
    e, b = joinest(SULF_SMELT[3:], cgt[3:])
    mc("eagle", com, prod(eg, dcom), g[0], g[1], g[2], "pct", "head", rc[0], rc[1], rc[2],
       SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], cgt[0], cgt[1], cgt[2],
       "production_t = metal in concentrate 2019 (Lundin MD&A 2019); head grade and recovery 2014-2019. " + s, 2019, e, b)

# ================================================================ Nkomati (ZA)
nk = "Nkomati"
s = src_of(nk, "Nickel") + " | " + JAS
mine("nkomati", "Nkomati (ARM / Norilsk Nickel Africa)", "ZA", "magmatic_sulfide", "open_pit_underground",
     ore_mined(nk, kind="Ore processed"), s, 2019, SR_OP)
rsv = sorted(reserve(nk, "Nickel"), key=lambda r: r[0])
nk_lo, nk_hi = rsv[0][0], rsv[-1][0]
e, b = joinest(("recovery_beneficiation", "not reported; 0.60-0.85 (Kevitsa 0.61-0.67 and Eagle 0.79-0.85 low/high-grade analogues in the compilation)"), SULF_SMELT[3:], NI_CONC[3:])
mc("nkomati", "nickel", prod(nk, "Nickel"), 0.30, nk_lo, nk_hi, "pct", "reserve", 0.70, 0.60, 0.85,
   SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = Ni in concentrate 2019 (ARM Integrated AR 2019); grade = 2019 reserve 0.30 %% Ni (stockpiles %.2f-%.2f %%). %s" % (nk_lo, 0.27, s), 2019, e, b)
co_nk = prod(nk, "Cobalt") / prod(nk, "Nickel")
mc("nkomati", "cobalt", prod(nk, "Cobalt"), round(0.30 * co_nk, 4), round(nk_lo * co_nk, 4), round(nk_hi * co_nk, 4), "pct", "reserve",
   0.70, 0.55, 0.85, 0.85, 0.70, 0.95, NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = Co in concentrate 2019 820 t (ARM Integrated AR 2019). " + s, 2019,
   "ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   "Co grade not reported: Ni reserve grade x Co/Ni output ratio (820/14,209) assuming equal recovery; recoveries assumed; Co reports to the Ni concentrate")
e, b = joinest(("ore_grade", "Cu grade not reported: Ni reserve grade x Cu/Ni output ratio (7,163/14,209) assuming equal recovery"),
               ("recovery_beneficiation", "assumed 0.70-0.90"), SULF_SMELT[3:], CU_CONC[3:])
cu_nk = prod(nk, "Copper") / prod(nk, "Nickel")
mc("nkomati", "copper", prod(nk, "Copper"), round(0.30 * cu_nk, 4), round(nk_lo * cu_nk, 4), round(nk_hi * cu_nk, 4), "pct", "reserve",
   0.80, 0.70, 0.90, SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], CU_CONC[0], CU_CONC[1], CU_CONC[2],
   "production_t = Cu in concentrate 2019 (ARM Integrated AR 2019). " + s, 2019, e, b)

# ================================================================ Kevitsa, Kylylahti (Boliden, FI) 2018
kv = "Kevitsa"
s = src_of(kv, "Nickel", 2018) + " | " + JAS
mine("kevitsa", "Kevitsa (Boliden)", "FI", "magmatic_sulfide", "open_pit", ore_mined(kv, 2018, "Ore processed"), s, 2018,
     sr(3.0, 1.5, 5.0, "large open pit; Boliden reports no waste tonnage in the compilation; estimate"))
ni_g = sorted(r[0] for r in reserve(kv, "Nickel")); cu_g = sorted(r[0] for r in reserve(kv, "Copper"))
rcn = rec_stats(kv, "Nickel"); rcc = rec_stats(kv, "Copper")
e, b = joinest(SULF_SMELT[3:])
mc("kevitsa", "nickel", prod(kv, "Nickel", 2018), 0.2, 0.2, max(ni_g), "pct", "head", rcn[0], rcn[1], rcn[2],
   SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], 9.6, 9.6, 9.9,
   "production_t = Ni in concentrate 2018 (Boliden AR 2018; 2019 not in the compilation); head grade 0.2 %% Ni 2012-2015 (FQM), reserve 0.21-0.24 %%; Ni recovery 2012-2015 FQM; concentrate 9.6-9.9 %% Ni 2017-2018. %s" % s, 2018, e, b)
mc("kevitsa", "copper", prod(kv, "Copper", 2018), 0.34, 0.30, 0.35, "pct", "reserve", rcc[0], rcc[1], rcc[2],
   SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], 25.1, 25.1, 26.8,
   "production_t = Cu in concentrate 2018 (Boliden AR 2018); reserve 0.34-0.35 %% Cu (2018), head 0.3 %% (FQM 2014-15); Cu concentrate 25.1-26.8 %%. %s" % s, 2018, e, b)
mc("kevitsa", "cobalt", prod(kv, "Co", 2018), 0.01, "", "", "pct", "reserve", 0.6, 0.5, 0.7, 0.85, 0.70, 0.95, 9.6, 9.6, 9.9,
   "production_t = Co in concentrate 2018 591 t (Boliden AR 2018); grade = 2018 reserve 0.01 %% Co (both reserve categories). %s" % s, 2018,
   "recovery_beneficiation;recovery_smelting", "Co recoveries not reported; mill 0.5-0.7 (close to the Ni recovery), smelter/refinery 0.70-0.95 assumed")
platinum_kv = None

ky = "Kylylahti"
s = src_of(ky, "Nickel", 2018) + " | " + JAS
mine("kylylahti", "Kylylahti (Boliden; closed 2020)", "FI", "vms", "underground", ore_mined(ky, 2018, "Ore processed"), s, 2018, UG)
co_r = sorted(r[0] for r in reserve(ky, "Co")); ni_r = sorted(r[0] for r in reserve(ky, "Nickel"))
mc("kylylahti", "cobalt", prod(ky, "Cobalt", 2018), co_r[-1], co_r[0], co_r[-1], "pct", "reserve", 0.6, 0.4, 0.8, 0.85, 0.70, 0.95, "", "", "",
   "production_t = Co 2018 278 t (Boliden AR 2018); grade = 2018 reserve 0.13-0.19 %% Co. %s" % s, 2018,
   "recovery_beneficiation;recovery_smelting", "Co recoveries not reported; assumed. Concentrate grade not reported (Co reports to Cu/Zn/Ni concentrates) - left empty, so no beneficiation is modelled")
MC[-1]["recovery_beneficiation"] = MC[-1]["recovery_beneficiation_min"] = MC[-1]["recovery_beneficiation_max"] = ""
MC[-1]["estimated"] = "recovery_smelting"
mc("kylylahti", "nickel", prod(ky, "Nickel", 2018), ni_r[-1], ni_r[0], ni_r[-1], "pct", "reserve", "", "", "", 0.70, 0.50, 0.90, "", "", "",
   "production_t = Ni 2018 518 t (Boliden AR 2018); grade = 2018 reserve 0.22-0.27 %% Ni. %s" % s, 2018,
   "recovery_smelting", "overall Ni recovery not reported; 0.5-0.9 assumed (no concentrate grade reported, beneficiation folded into this recovery)")

# ================================================================ DRC Cu-Co
# Tenke Fungurume
tf = "Tenke Fungurume"
s_tf = ("CMOC: TFM produced 177,956 t Cu and 16,098 t Co in 2019 (https://en.cmoc.com/html/Business/Congo-Cu-Co/) | "
        + src_of(tf, "Copper", 2015) + " | " + JAS)
mine("tenke_fungurume", "Tenke Fungurume Mining (CMOC 80 %, Gecamines 20 %)", "CD", "sediment_hosted_cu_co", "open_pit",
     None, s_tf, 2019, SR_OP)
gtf = grade_stats(tf, "Copper"); rtf = rec_stats(tf, "Copper")
mc("tenke_fungurume", "copper", 177956, gtf[0], gtf[1], gtf[2], "pct", "head", "", "", "", rtf[0], rtf[1], rtf[2], "", "", "",
   "production_t = Cu cathode 2019 (CMOC); head grade 4.0-4.1 %% and Cu recovery 0.926-0.94 are 2014-2015 (Lundin MD&A 2015; later years not in the compilation). %s" % s_tf,
   2019)
co_proc = 16014 / 5440e3 * 100   # % Co recovered per t ore processed, 2015
mc("tenke_fungurume", "cobalt", 16098, round(co_proc / 0.7, 3), round(co_proc / 0.8, 3), round(co_proc / 0.6, 3), "pct", "head",
   "", "", "", 0.7, 0.6, 0.8, "", "", "",
   "production_t = Co in hydroxide 2019 (CMOC). Grade derived: 2015 Co produced 16,014 t / ore processed 5.44 Mt = %.3f %% recovered per t ore (Lundin MD&A 2015), divided by the assumed Co recovery. %s" % (co_proc, s_tf),
   2019, "ore_grade;recovery_smelting",
   "TFM Co head grade not in the compilation; derived from 2015 Co output / ore processed with an assumed overall Co recovery of 0.6-0.8 (hydromet Co recoveries are below the reported 0.93 Cu recovery); the same check on Cu reproduces the reported 4.0 % Cu head grade")

# Kamoto (KCC) and Mutanda
for mid, name, dm, sr_ in [("kamoto_kcc", "Kamoto Copper Company (KCC; Katanga Mining / Glencore 75 %, Gecamines 25 %)", "Katanga Mining Complex",
                            sr(4.0, 1.0, 8.0, "KOV/Mashamba open pits plus Kamoto underground; no waste figure in the compilation; estimate")),
                           ("mutanda", "Mutanda Mining (Glencore)", "Mutanda", SR_OP)]:
    s = src_of(dm, "Cobalt") + " | " + JAS
    mine(mid, name, "CD", "sediment_hosted_cu_co", "open_pit_underground" if mid == "kamoto_kcc" else "open_pit", None, s, 2019, sr_)
    cu_r = reserve(dm, "Copper")[0][0]; co_r = reserve(dm, "Cobalt")[0][0]
    mc(mid, "copper", prod(dm, "Copper"), cu_r, "", "", "pct", "reserve", "", "", "", 0.85, 0.75, 0.93, "", "", "",
       "production_t = Cu 2019 (Glencore FY2019 production report); grade = 2019 ore reserve (Glencore Resources & Reserves 2019). " + s,
       2019, "recovery_smelting", "overall Cu recovery (leach/SX-EW) not reported; 0.75-0.93 assumed (TFM 0.93-0.94, Ruashi 0.81-0.85 in the compilation)")
    mc(mid, "cobalt", prod(dm, "Cobalt"), co_r, "", "", "pct", "reserve", "", "", "", 0.7, 0.55, 0.8, "", "", "",
       "production_t = Co in hydroxide 2019 (Glencore FY2019 production report); grade = 2019 ore reserve (Glencore Resources & Reserves 2019). " + s,
       2019, "recovery_smelting", "overall Co recovery to hydroxide not reported; 0.55-0.80 assumed")

# Ruashi
ru = "Ruashi"
s = src_of(ru, "Copper") + " | " + JAS
mine("ruashi", "Ruashi Mining (Jinchuan Group International Resources)", "CD", "sediment_hosted_cu_co", "open_pit",
     ore_mined(ru, kind="Ore processed"), s, 2019, SR_OP)
g = grade_stats(ru, "Copper"); rc = rec_stats(ru, "Copper")
mc("ruashi", "copper", prod(ru, "Copper"), g[0], g[1], 2.92, "pct", "head", "", "", "", rc[0], rc[1], rc[2], "", "", "",
   "production_t = Cu cathode 2019 (JCHX/Jinchuan Intl AR 2019); head grade and recovery 2017-2019. " + s, 2019)
ru_co = sorted(r[0] for r in reserve(ru, "Cobalt"))
mc("ruashi", "cobalt", prod(ru, "Cobalt"), 0.2, ru_co[0], ru_co[-1], "pct", "reserve", "", "", "", 0.7, 0.55, 0.8, "", "", "",
   "production_t = Co in hydroxide 2019 (Jinchuan Intl AR 2019); grade = 2019 reserve 0.2 %% Co (stockpiles/tailings 0.3 %%). %s" % s,
   2019, "recovery_smelting", "Co recovery not reported; 0.55-0.80 assumed")

# ================================================================ Ramu (PNG)
ramu_src = ("MCC via Reuters 1 Apr 2020: Ramu produced hydroxide containing 33,091 t Ni and 2,915 t Co in 2019 (https://www.reuters.com/article/mcc-nickel-papuanewguinea/china-owned-png-nickel-plant-output-down-in-2019-after-spill-idUSL4N2BP1ND) | "
            "Conic Metals Q1 2020: 920 kt ore processed, 8,635 t Ni contained; MHP 40 % Ni, 3.5 % Co (via davisindex mirror https://ec2-54-156-51-66.compute-1.amazonaws.com/conic-metals-raised-nickel-output-at-ramu-in-q1/) | "
            "Ramu NiCo: Ni recovery 88.2-89.1 % Jan-Feb (Loop PNG, http://www.looppng.com/tags/cobalt-nickel)")
mine("ramu", "Ramu Nickel-Cobalt (Kurumbukari mine, MCC 85 %)", "PG", "laterite", "open_pit", None, ramu_src, 2019, SR_LIM)
ni_rec_g = 8635 / 920e3 * 100   # % Ni recovered per t ore
mc("ramu", "nickel", 33091, round(ni_rec_g / 0.89, 3), round(ni_rec_g / 0.891, 3), round(ni_rec_g / 0.882, 3), "pct", "head",
   "", "", "", 0.89, 0.882, 0.891, "", "", "",
   "production_t = Ni in MHP 2019 (MCC). Head grade derived = (8,635 t Ni / 920 kt ore, Q1 2020) / reported Ni recovery 0.882-0.891. " + ramu_src,
   2019, "ore_grade", "head grade not published; derived from Q1 2020 ore processed and Ni output with the reported HPAL Ni recovery")
co_g = ni_rec_g * (3.5 / 40.0)
mc("ramu", "cobalt", 2915, round(co_g / 0.85, 3), round(co_g / 0.92, 3), round(co_g / 0.75, 3), "pct", "head",
   "", "", "", 0.85, 0.75, 0.92, "", "", "",
   "production_t = Co in MHP 2019 (MCC). Head grade derived from Q1 2020 Ni recovered per t ore x MHP Co/Ni ratio (3.5/40) / assumed Co recovery. " + ramu_src,
   2019, "ore_grade;recovery_smelting", "Co head grade and recovery not published; Co recovery 0.75-0.92 assumed, grade derived from it")

# ================================================================ BHP Nickel West
nw_src = ("BHP: Nickel West FY2020 production fell 8 % to 80 kt (mqworld 16 Sep 2020, https://mqworld.com/2020/09/16/bhp-nears-completion-nickel-west-plant/) | "
          + src_of("Mount Keith", "Nickel") + " | " + JAS)
mine("nickel_west", "Nickel West (BHP): Mt Keith open pit, Leinster and Cliffs underground", "AU", "magmatic_sulfide",
     "open_pit_underground", None, nw_src, 2019,
     sr(3.0, 1.0, 6.0, "Mt Keith large low-grade open pit plus Leinster/Cliffs underground; no waste figure in the compilation; estimate"))
mk = sorted(reserve("Mount Keith", "Nickel"), key=lambda r: r[0])
mc("nickel_west", "nickel", 80000 / 0.92, mk[-1][0], mk[0][0], mk[-1][0], "pct", "reserve",
   mk[-1][5] / 100, 0.6, 0.85, SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2], NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = FY2019 (Jul 2018-Jun 2019) Ni = FY2020 80 kt / (1-0.08) (BHP via mqworld); grade = Mt Keith 2019 reserves 0.48-0.57 %% Ni, metallurgical recovery 64 %% (BHP AR 2019). %s" % nw_src,
   2019, "production_t;recovery_beneficiation_max;recovery_smelting;concentrate_grade_pct",
   "production back-calculated from a reported % change; grade/recovery are Mt Keith only - Leinster and Cliffs underground ores are higher grade (not in the compilation), so TMR is biased high; recovery up to 0.85 allowed for these ores; Nickel West also treats third-party concentrate")

# ================================================================ Indonesia: ANTAM
antam_src = ("ANTAM 2019: nickel ore production 8.68 million wmt, ferronickel 25,713 t Ni (Kontan, https://industri.kontan.co.id/news/penjualan-komoditas-mengkilap-kinerja-aneka-tambang-antm-mantap?page=2) | "
             "moisture of laterite DSO 30-40 % (P&I loss-prevention note, https://andrewliu.com.hk/compweb/cn/loss-prevention-cn/2015-07-30-08-15-43/27-our-services/loss-prevention/cargo-information/4660-2006-05-01)")
mine("antam_nickel", "ANTAM nickel mines (Pomalaa, Tanjung Buli, Tapunopaka)", "ID", "laterite", "open_pit", 8.68 * 0.65, antam_src, 2019, SR_SAP,
     "ore_mined_mt", "dry ore = 8.68 Mwmt x (1 - 0.35 moisture)")
mc("antam_nickel", "nickel", 8.68e6 * 0.65 * 0.018, 1.8, 1.5, 2.0, "pct", "head", "", "", "", 0.90, 0.80, 0.95, "", "", "",
   "production_t = 8.68 Mwmt x (1-0.35) x 1.8 % Ni (estimated Ni in dry ore mined 2019). " + antam_src,
   2019, "production_t;ore_grade;recovery_smelting",
   "ANTAM publishes wet ore tonnage only; grade 1.5-2.0 % assumed from Sulawesi saprolite (PT Vale Sorowako head grade 1.89-1.99 % 2014-2019, this file; ANTAM exports were low-grade ore), moisture 0.30-0.40; RKEF recovery 0.80-0.95 assumed")

# ================================================================ Philippines
ph_moist = "moisture of laterite DSO 30-40 % (https://andrewliu.com.hk/compweb/cn/loss-prevention-cn/2015-07-30-08-15-43/27-our-services/loss-prevention/cargo-information/4660-2006-05-01)"
nac_src = ("NAC / BusinessWorld 8 Oct 2019: Cagdianao expected 2.728 Mwmt in 2019, exports 1.55 % Ni ore to China and 1.7 % to Japan (https://www.bworldonline.com/editors-picks/2019/10/08/257561/nickel-asia-to-boost-production-at-cagdianao-mine-next-year/) | " + ph_moist)
mine("nac_cagdianao", "Cagdianao mine (Cagdianao Mining Corp., Nickel Asia)", "PH", "laterite", "open_pit", 2.728 * 0.65, nac_src, 2019, SR_SAP,
     "ore_mined_mt", "dry ore = 2.728 Mwmt x (1 - 0.35)")
mc("nac_cagdianao", "nickel", 2.728e6 * 0.65 * 0.0155, 1.55, 1.44, 1.7, "pct", "head", "", "", "", "", "", "", "", "", "",
   "production_t = 2.728 Mwmt x (1-0.35) x 1.55 % (Ni in dry ore shipped, 2019 expected volume). NAC H1 2019 average export grade 1.44 % (BusinessWorld 7 Aug 2019, https://www.bworldonline.com/corporate/2019/08/07/246611/nickel-asias-profit-falls-on-foreign-exchange-losses). " + nac_src,
   2019, "production_t;recovery_smelting",
   "direct-shipping ore, smelted to NPI/FeNi abroad: no beneficiation; production uses the company's Oct-2019 full-year expectation and a 0.30-0.40 moisture range; NPI/RKEF recovery not known - left empty (engine default)")
MC[-1]["recovery_smelting"] = 0.90; MC[-1]["recovery_smelting_min"] = 0.80; MC[-1]["recovery_smelting_max"] = 0.95
MC[-1]["estimate_basis"] += "; RKEF/NPI Ni recovery 0.80-0.95 assumed (0.80 = Cerro Matoso reserve metallurgical recovery)"

fni = "FNI Cagdianao"
s = src_of(fni, "Nickel", 2017) + " | " + ph_moist + " | " + JAS
g = grade_stats(fni, "Nickel")
wmt = 5992559
mine("fni_cagdianao", "Cagdianao Nickel Project (Platinum Group Metals Corp., Global Ferronickel Holdings)", "PH", "laterite", "open_pit",
     wmt * 0.65 / 1e6, s, 2017, SR_SAP, "ore_mined_mt", "dry ore = 5.99 Mwmt x (1 - 0.35)")
mc("fni_cagdianao", "nickel", wmt * 0.65 * g[0] / 100, g[0], g[1], g[2], "pct", "head", "", "", "", 0.90, 0.80, 0.95, "", "", "",
   "production_t = 5,992,559 wmt ore mined 2017 x (1-0.35) x 1.25 %% (FNI prospectus 2018; 2019 not in the compilation - nearest year); head grade 2015-2017 %.2f-%.2f %%. %s" % (g[1], g[2], s),
   2017, "production_t;recovery_smelting",
   "compilation gives wet tonnes x grade (74,678 t); converted to dry with 0.30-0.40 moisture; RKEF/NPI recovery 0.80-0.95 assumed")

# ================================================================ China: Jinchuan
jc_src = ("Jinchuan: mine ore output capacity >7.4 Mt/a, >45 % low-grade ore; Jinchuan holds >70 % of China's proven Ni reserves (China Metal Market / lgmi 23 Sep 2009, http://page.lgmi.com/html/200909/23/0012.htm) | "
          "USGS MCS 2020 Nickel: China mine production 2019 120,000 t (https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-nickel.pdf; data sheet mirrored at https://docslib.org/doc/1185834/nickel-data-sheet) | "
          "China sulfide ores >1 % Ni are ~44 % of national Ni resources (Wu et al. 2020, Nat. Resources Information Center, http://www.jizihe.com/page/2020/0914/15284900.shtml)")
mine("jinchuan", "Jinchuan Ni-Cu mines (Longshou, Erkuang; Jinchuan Group)", "CN", "magmatic_sulfide", "underground", 7.4, jc_src, 2019, UG,
     "ore_mined_mt", "7.4 Mt/a is the 2009 stated ore output capacity")
mc("jinchuan", "nickel", 0.7 * 120000, 1.0, 0.6, 1.5, "pct", "head", 0.85, 0.77, 0.90, SULF_SMELT[0], SULF_SMELT[1], SULF_SMELT[2],
   NI_CONC[0], NI_CONC[1], NI_CONC[2],
   "production_t = 0.7 x USGS China 2019 mine output 120,000 t (Jinchuan's share of China's reserves used as its share of output). " + jc_src,
   2019, "production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   "no public 2019 mine-level data found: production from USGS country total x reserve share; grade 0.6-1.5 % Ni assumed (Jinchuan mines both rich >1 % and low-grade ore, low-grade >45 % of output); metallurgy as other Ni sulfide mines in this file")


# ================================================================ write
def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})


MH = "mine,name,country,deposit_type,mining_method,ore_mined_mt,stripping_ratio,stripping_ratio_min,stripping_ratio_max,stripping_ratio_dist,stripping_ratio_basis,source,year,estimated,estimate_basis".split(",")
CH = "mine,commodity,production_t,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,ore_grade_basis,recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,concentrate_grade_pct,concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,source,year,estimated,estimate_basis".split(",")

# tidy: a value equal to both bounds -> fixed
for r in MC:
    for q in ("ore_grade", "recovery_beneficiation", "recovery_smelting", "concentrate_grade_pct"):
        if r[q + "_min"] != "" and r[q + "_min"] == r[q + "_max"] == r[q]:
            r[q + "_min"] = r[q + "_max"] = ""
write("mines.csv", MH, MINES)
write("mine_commodities.csv", CH, MC)

# ---------------------------------------------------------------- commodities
MCS_NI = "USGS Mineral Commodity Summaries 2020, Nickel (https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-nickel.pdf; mirror https://docslib.org/doc/1185834/nickel-data-sheet)"
MCS_CO = "USGS Mineral Commodity Summaries 2020, Cobalt (https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-cobalt.pdf; mirror https://docslib.org/doc/11841884/cobalt-data-sheet)"
UNEP = "UNEP IRP (2011) Recycling Rates of Metals - A Status Report (Graedel et al.), ISBN 978-92-807-3161-3, https://www.resourcepanel.org/reports/recycling-rates-metals"
COMH = "commodity,name,world_production_t,price_usd_per_t,price_usd_per_t_min,price_usd_per_t_max,price_usd_per_t_dist,recycled_share,recycled_share_min,recycled_share_max,recycled_share_dist,secondary_tmr_t_per_t,secondary_tmr_t_per_t_min,secondary_tmr_t_per_t_max,secondary_tmr_t_per_t_dist,supply_rule,source,year,estimated,estimate_basis".split(",")
LB = 2204.62
comm = [
    dict(commodity="nickel", name="Nickel", world_production_t=2700000,
         price_usd_per_t=14000, price_usd_per_t_min=10403, price_usd_per_t_max=16400,
         recycled_share=0.35, recycled_share_min=0.29, recycled_share_max=0.41,
         secondary_tmr_t_per_t=5, secondary_tmr_t_per_t_min=1, secondary_tmr_t_per_t_max=20,
         supply_rule="residual",
         source=(MCS_NI + " (world mine production 2019e 2,700,000 t Ni; LME cash 2019e 14,000 $/t; 2017 average 10,403 $/t) | "
                 "mining.com 23 Oct 2019: LME nickel ~16,400 $/t after Indonesia's export-ban announcement (https://mining.com/web/eramets-nickel-plant-in-indonesia-to-start-ahead-of-schedule-in-h1-2020) | "
                 + UNEP + " (Ni recycled content 29-41 %)"),
         year=2019, estimated="price_usd_per_t_min;price_usd_per_t_max;secondary_tmr_t_per_t",
         estimate_basis=("price range = 2017 LME annual average (MCS 2020) to the Oct-2019 spot level; "
                         "recycled share = UNEP recycled-content range, best = its midpoint; "
                         "secondary TMR: no published TMR for secondary nickel found - 1-20 t/t assumed for scrap collection, remelting and refining energy (coal-based power/fuel hidden flows); "
                         "world total is the MCS 2020 rounded estimate (the brief quoted ~2.6 Mt; MCS 2021 later revised 2019)")),
    dict(commodity="cobalt", name="Cobalt", world_production_t=140000,
         price_usd_per_t=round(15.00 * LB), price_usd_per_t_min=round(12.0 * LB), price_usd_per_t_max=60000,
         recycled_share=0.32, recycled_share_min=0.20, recycled_share_max=0.32,
         secondary_tmr_t_per_t=10, secondary_tmr_t_per_t_min=2, secondary_tmr_t_per_t_max=50,
         supply_rule="residual",
         source=(MCS_CO + " (world mine production 2019e 140,000 t Co; LME cash 2019e 15.00 $/lb; US spot 17.00 $/lb; purchased scrap 29 % of US reported consumption) | "
                 "Metal Bulletin Sep 2019: prices near 12 $/lb in late July 2019 (https://www.metalbulletin.com/Article/3892591/Battery-raw-materials/COBALT-MONTHLY-REVIEW-AUGUST-Metal-prices-rise-by-18-on-Mutanda-closure-impact.html) | "
                 "AME Cobalt 2018 year in review: Dec-quarter 2018 prices 60,000-66,500 $/t; recycling ~20 % of global Co supply (https://usa.amegroup.com/Website/FeatureArticleDetail.aspx?faId=594) | "
                 + UNEP + " (Co recycled content 32 %)"),
         year=2019, estimated="secondary_tmr_t_per_t",
         estimate_basis=("price best = LME 2019 average 15 $/lb; min = July-2019 low ~12 $/lb; max = level at which 2019 opened (Dec-2018 quarter 60,000 $/t); "
                         "recycled share best = UNEP recycled content, min = AME 2018 estimate; "
                         "secondary TMR: no published figure found - 2-50 t/t assumed (hydro/pyrometallurgical battery and superalloy scrap recycling energy and reagents)")),
]
write("commodities.csv", COMH, comm)

# ---------------------------------------------------------------- supply (China 2019, by ore origin)
SUPH = "commodity,country,share,share_min,share_max,share_dist,source,year,estimated,estimate_basis".split(",")
# nickel: Ni units = domestic mine + Ni contained in imported ore + Ramu MHP (to China)
imp_total, imp_id = 56.13, 23.9          # Mt wet, Reuters / China customs 2019
imp_other = 2.0                          # Mt wet, non-ID/PH origins (New Caledonia etc.), SMM monthly ~0.13-0.25 Mt
imp_ph = imp_total - imp_id - imp_other
dry = 0.65
ni = {"CN": 120000.0,
      "ID": imp_id * 1e6 * dry * 0.016,
      "PH": imp_ph * 1e6 * dry * 0.014,
      "NC": imp_other * 1e6 * dry * 0.016,
      "PG": 33091.0}
tot = sum(ni.values())
sh = {k: round(v / tot, 3) for k, v in ni.items()}
sh["PH"] = round(1 - sum(v for k, v in sh.items() if k != "PH"), 3)
ni_src = ("China customs via Reuters 2 Feb 2020: 2019 nickel ore imports 56.13 Mt, of which Indonesia 23.9 Mt (https://www.hellenicshippingnews.com/chinas-2019-nickel-ore-imports-from-indonesia-jump-72-on-year/) | "
          "SMM: non-Indonesian/Philippine ore imports 0.13-0.25 Mt per month late 2019 (https://news.metal.com/newscontent/101019949/update-china-nickel-ore-imports-fell-for-3-months-/) | "
          + MCS_NI + " (China mine production 2019 120,000 t) | NAC H1 2019 export ore grade 1.44 % (BusinessWorld 7 Aug 2019) | Ramu 2019 Ni 33,091 t (MCC via Reuters) | " + ph_moist)
ni_basis = ("Ni units = CN mine output + Ni in imported ore (wet t x 0.65 dry x grade: ID 1.6 %%, PH 1.4 %%, other/NC 1.6 %%) + Ramu MHP (PNG, sold to China); "
            "imports of refined Ni, ferronickel/NPI and matte (mainly from Indonesia, Russia, Australia, Canada) are not allocated (renormalised away); "
            "rounding remainder put on PH (largest origin). Totals: CN %d t, ID %d t, PH %d t, NC %d t, PG %d t")
ni_basis = ni_basis % tuple(int(ni[k]) for k in ("CN", "ID", "PH", "NC", "PG"))
rng = {"CN": (0.12, 0.22), "ID": (0.28, 0.42), "PH": (0.32, 0.48), "NC": (0.01, 0.05), "PG": (0.03, 0.07)}
rows = []
for k in ("CN", "ID", "PH", "NC", "PG"):
    rows.append(dict(commodity="nickel", country=k, share=sh[k], share_min=rng[k][0], share_max=rng[k][1],
                     source=ni_src, year=2019, estimated="share;share_min;share_max", estimate_basis=ni_basis))
co_src = ("SMM 1 Apr 2020: in 2019 ~89 % of China's cobalt-ore imports and ~83 % of its cobalt intermediate imports came from Africa, the DRC being the main producing country (South Africa is the main transit country) (https://news.metal.com/newscontent/101057420/) | "
          + MCS_CO + " (DRC 100,000 t of 140,000 t world mine output 2019) | Ramu 2019 Co 2,915 t in MHP (MCC via Reuters)")
co_basis = ("CD share from the African share of China's Co feed imports (83-89 %) with transit-country mis-attribution returned to the DRC, plus its 71 % share of world mine output; "
            "PG = Ramu MHP (MCC-owned, shipped to China) ~3 kt of ~70-90 kt China Co feed; CN = domestic by-product Co (Jinchuan etc., no mine row here -> residual rule); "
            "shares rounded to sum to 1 with the remainder on CD")
for k, s_, lo, hi in (("CD", 0.91, 0.83, 0.95), ("PG", 0.04, 0.03, 0.06), ("CN", 0.05, 0.02, 0.08)):
    rows.append(dict(commodity="cobalt", country=k, share=s_, share_min=lo, share_max=hi, source=co_src, year=2019,
                     estimated="share;share_min;share_max", estimate_basis=co_basis))
write("supply.csv", SUPH, rows)

# ---------------------------------------------------------------- coverage printout
cov = {}
for r in MC:
    cov[r["commodity"]] = cov.get(r["commodity"], 0) + r["production_t"]
print("mines:", len(MINES), "mine_commodity rows:", len(MC))
for c, w in (("nickel", 2.7e6), ("cobalt", 1.4e5)):
    print("%s: %.0f t = %.1f %% of world" % (c, cov[c], 100 * cov[c] / w))
print("copper rows t:", round(cov.get("copper", 0)), " platinum t:", round(cov.get("platinum", 0), 1))
print("nickel supply shares:", {k: sh[k] for k in sh}, "sum", round(sum(sh.values()), 3))
