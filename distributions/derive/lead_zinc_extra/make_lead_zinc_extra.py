#!/usr/bin/env python3
"""Extra lead/zinc mines for hiddenflow (supplements ../iron_lead_zinc/, no mine id repeated).

python3 stdlib only, deterministic.  Usage: python3 make_lead_zinc_extra.py [DATA_DIR]
Writes mines.csv, mine_commodities.csv and coverage_log.txt next to this script.

Two kinds of rows:
  * COMPILATION rows: derived from the open compilation (Jasansky et al. 2023) for Pb-Zn mines
    the first helper did not configure (Pend Oreille, Pyhasalmi, Cayeli, Golden Grove, Mallay,
    Julcani, Cerro de Pasco/Raul Rojas).  production_t = commodity `value` (metal in
    concentrate) of the latest year >= 2014; ore grade = head grades of ore rows 2010-2020
    (best = production year, else latest; min/max = span) or, if none, the latest reserve grade;
    recovery_beneficiation = reported recovery_rate (best = production year, span = years).
  * MANUAL rows: figures retrieved from public pages (Nexa operations pages, Glencore production
    report via the compilation, Interfax, SEG, Doe Run), typed in below with their citation.
Anything not reported is filled with the same typical values as ../iron_lead_zinc/ and listed
in `estimated` with its basis.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data", "open-mine-production"))
COMPILATION = ("Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y "
               "(fineprint-global/compilation_mining_data a41e500)")
WORLD = {"lead": 4500000.0, "zinc": 13000000.0}  # USGS MCS 2020, as in ../iron_lead_zinc/commodities.csv

MINES_HDR = ["mine", "name", "country", "deposit_type", "mining_method", "ore_mined_mt",
             "stripping_ratio", "stripping_ratio_min", "stripping_ratio_max",
             "stripping_ratio_dist", "stripping_ratio_basis", "source", "year", "estimated",
             "estimate_basis"]
MC_HDR = ["mine", "commodity", "production_t", "ore_grade", "ore_grade_min", "ore_grade_max",
          "ore_grade_dist", "ore_grade_unit", "ore_grade_basis", "recovery_beneficiation",
          "recovery_beneficiation_min", "recovery_beneficiation_max",
          "recovery_beneficiation_dist", "recovery_smelting", "recovery_smelting_min",
          "recovery_smelting_max", "recovery_smelting_dist", "concentrate_grade_pct",
          "concentrate_grade_pct_min", "concentrate_grade_pct_max",
          "concentrate_grade_pct_dist", "source", "year", "estimated", "estimate_basis"]

# ---- typical values, identical to ../iron_lead_zinc/derive_iron_lead_zinc.py ----
SMELT = {
    "zinc": (0.965, 0.95, 0.98, "zinc roast-leach-electrowinning recovers ~95-98 % of Zn in "
             "concentrate (Sinclair 2005, The Extractive Metallurgy of Zinc; Mudd 2010 Zn review)"),
    "lead": (0.965, 0.94, 0.98, "primary lead smelting/refining recovers ~94-98 % of Pb in "
             "concentrate (Sinclair 2009, The Extractive Metallurgy of Lead)"),
}
BENEF = {
    "zinc": (0.85, 0.75, 0.92, "typical Zn flotation recovery of Pb-Zn sulfide mills 75-92 % "
             "(range of recoveries reported by the mines of ../iron_lead_zinc/)"),
    "lead": (0.75, 0.55, 0.90, "typical Pb flotation recovery 55-90 % (range reported by the "
             "mines of ../iron_lead_zinc/)"),
}
CONC = {
    "zinc": (52.0, 48.0, 56.0, "Zn concentrates typically 48-56 % Zn (Boliden, IMMSA, "
             "Capstone, Red River concentrate grades in the compilation)"),
    "lead": (60.0, 50.0, 72.0, "Pb concentrates typically 50-72 % Pb (Boliden, IMMSA, Red "
             "River concentrate grades in the compilation)"),
}
UG_SR = (0.1, 0.0, 0.2, "underground mine: development waste only, 0-0.2 t/t (brief rule); "
         "operator reports no waste tonnage")
OP_SR = (3.0, 1.5, 5.0, "open-pit Pb-Zn mine without waste data: 3 (1.5-5), the span used for "
         "open-pit Pb-Zn mines in ../iron_lead_zinc/ (reported Antamina 2.8-3.7, San Cristobal "
         "3.8, Penasquito 2.0-4.9 in the compilation)")


def g(x, nd=4):
    if x is None or x == "":
        return ""
    s = "%.*f" % (nd, x)
    return s.rstrip("0").rstrip(".") if "." in s else s


def fnum(x):
    try:
        return float(str(x).replace(",", "").strip())
    except ValueError:
        return None


UNIT = {"t": 1.0, "tonnes": 1.0, "tons": 1.0, "kt": 1e3}


def load(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fill_defaults(mc, est, basis):
    """Fill recovery_smelting, recovery_beneficiation, concentrate grade with typical values."""
    c = mc["commodity"]
    if mc.get("recovery_smelting", "") == "":
        b, lo, hi, why = SMELT[c]
        mc.update(recovery_smelting=g(b), recovery_smelting_min=g(lo), recovery_smelting_max=g(hi))
        est.append("recovery_smelting"); basis.append(why)
    if mc.get("recovery_beneficiation", "") == "":
        b, lo, hi, why = BENEF[c]
        mc.update(recovery_beneficiation=g(b), recovery_beneficiation_min=g(lo),
                  recovery_beneficiation_max=g(hi))
        est.append("recovery_beneficiation"); basis.append(why + "; operator reports none")
    if mc.get("concentrate_grade_pct", "") == "":
        b, lo, hi, why = CONC[c]
        mc.update(concentrate_grade_pct=g(b, 1), concentrate_grade_pct_min=g(lo, 1),
                  concentrate_grade_pct_max=g(hi, 1))
        est.append("concentrate_grade_pct"); basis.append(why)


# =====================================================================================
# 1. Compilation-derived mines
# =====================================================================================
COMP_MINES = [
    # id, compilation name, sub_site, display name, country, deposit, method, SR
    ("pend_oreille", "Pend Oreille", None, "Pend Oreille", "US", "mvt", "underground", UG_SR),
    ("pyhasalmi", "Pyhäsalmi", None, "Pyhäsalmi", "FI", "vms", "underground", UG_SR),
    ("cayeli", "Cayeli", None, "Çayeli", "TR", "vms", "underground", UG_SR),
    ("golden_grove", "Golden Grove", None, "Golden Grove", "AU", "vms", "underground", UG_SR),
    ("mallay", "Mallay", None, "Mallay", "PE", "vein", "underground", UG_SR),
    ("julcani", "Julcani ", None, "Julcani", "PE", "vein", "underground", UG_SR),
    ("cerro_de_pasco_raul_rojas", "Cerro de Pasco", "Raúl Rojas",
     "Cerro de Pasco - Raúl Rojas (Volcan)", "PE", "carbonate_replacement", "open_pit", OP_SR),
]
COMP_NOTES = {
    "golden_grove": "Golden Grove zinc ore is mined underground (Gossan Hill/Scuddles); the "
                    "compilation lists the site as open pit and underground",
    "cerro_de_pasco_raul_rojas": "2016-2018 feed was reclaimed stockpiles (Volcan reports ore "
                                 "mined 0 t); the open-pit span is applied to attribute the waste "
                                 "moved when that ore was mined from the Raúl Rojas pit; ore "
                                 "processed 2018 is given as 1,314 'tons' in the compilation, read "
                                 "as kt (2016 row: 233 kt; 11.2 kt Zn at 1.94 % needs >0.58 Mt)",
    "pend_oreille": "Teck placed Pend Oreille on care and maintenance in mid-2019; 2018 is the "
                    "last full year",
}


def comp_rows():
    COM = load("commodities.csv")
    ORE = load("minerals_ores_conce.csv")
    RES = load("capacity_reserves.csv")
    mines, mcs = [], []
    for mid, cname, sub, disp, cc, dep, meth, sr in COMP_MINES:
        def match(r):
            return r["mine_fac"] == cname and (sub is None or r["sub_site"].strip() == sub)
        srcs = {}
        per_c = {}
        for r in COM:
            if not match(r):
                continue
            c = {"zinc": "zinc", "lead": "lead"}.get(r["commodity"].strip().lower())
            if not c or "concentrate" in r["min_ore_con"].lower():
                continue
            y = int(r["year"])
            if y < 2010:
                continue
            d = per_c.setdefault(c, {"prod": {}, "grade": {}, "rec": {}, "src": {}})
            v, u = fnum(r["value"]), UNIT.get(r["unit"].strip().lower())
            if v is not None and u is not None and v > 0 and y >= 2014:
                d["prod"][y] = v * u
            gr = fnum(r["grade"])
            if gr is not None and r["grade_or_yield_unit"].strip() == "%":
                d["grade"][y] = gr
            rc = fnum(r["recovery_rate"])
            if rc is not None and 0 < rc <= 1:
                d["rec"][y] = rc
            d["src"][y] = "%s <%s>" % (r["source"].strip(), r["source_url"].strip())
        ore = {}
        for r in ORE:
            if match(r) and r["type_mineral"].strip() == "Ore processed" \
                    and "oxide" not in r["min_ore_con"].lower():
                v = fnum(r["value"])
                u = {"kt": 1e3, "tonnes": 1.0, "tons": 1.0}.get(r["unit"].strip().lower())
                if v is not None and u:
                    ore[int(r["year"])] = v * u
        if not ore:  # no ore-processed rows: fall back to ore mined
            for r in ORE:
                if match(r) and r["type_mineral"].strip() == "Ore mined":
                    v = fnum(r["value"])
                    u = {"kt": 1e3, "tonnes": 1.0, "tons": 1.0}.get(r["unit"].strip().lower())
                    if v is not None and u and v > 0:
                        ore[int(r["year"])] = v * u
        if cname == "Cerro de Pasco":  # Volcan's 'tons' rows for Raul Rojas sulphide are kt
            ore = {y: v * 1e3 if v < 1e5 else v for y, v in ore.items()}
        year_m = None
        for c, d in sorted(per_c.items()):
            if not d["prod"]:
                continue
            y = max(d["prod"])
            year_m = max(year_m or 0, y)
            est, basis = [], []
            mc = {k: "" for k in MC_HDR}
            mc.update(mine=mid, commodity=c, production_t=g(d["prod"][y], 0), year=str(y),
                      ore_grade_unit="pct")
            grades = d["grade"]
            if grades:
                gy = y if y in grades else max(grades)
                vals = list(grades.values())
                mc.update(ore_grade=g(grades[gy]), ore_grade_basis="head")
                if len(set(vals)) > 1:
                    mc.update(ore_grade_min=g(min(vals)), ore_grade_max=g(max(vals)))
                basis.append("head grades %s" % ",".join(str(k) for k in sorted(grades)))
            else:
                best = None
                for r in RES:
                    if match(r) and r["commodity"].strip().lower() in (c, c[:2]) \
                            and r["grade_unit"].strip() == "%":
                        ry = int(float(r["reserves_year"]))
                        if best is None or ry > best[0]:
                            best = (ry, fnum(r["grade"]), r)
                if best is None:
                    continue
                mc.update(ore_grade=g(best[1]), ore_grade_basis="reserve")
                basis.append("no head grade reported: reserve grade %d (%s)" %
                             (best[0], best[2]["source"].strip()))
                d["src"][best[0] * 10] = "%s <%s>" % (best[2]["source"].strip(),
                                                      best[2]["source_url"].strip())
            rec = d["rec"]
            if rec:
                ry = y if y in rec else max(rec)
                vals = list(rec.values())
                mc.update(recovery_beneficiation=g(rec[ry], 3))
                if len(set(vals)) > 1:
                    mc.update(recovery_beneficiation_min=g(min(vals), 3),
                              recovery_beneficiation_max=g(max(vals), 3))
                basis.append("recoveries %s" % ",".join(str(k) for k in sorted(rec)))
            fill_defaults(mc, est, basis)
            if y != 2019:
                basis.append("production year %d (2019 not in compilation)" % y)
            src = " | ".join(sorted(set(d["src"].values()))) + " | " + COMPILATION
            mc.update(source=src, estimated=";".join(est), estimate_basis="; ".join(basis))
            mcs.append(mc)
            for s in d["src"].values():
                srcs[s] = 1
        if year_m is None:
            continue
        m = {k: "" for k in MINES_HDR}
        b, lo, hi, why = sr
        oy = year_m if year_m in ore else (max(ore) if ore else None)
        note = [why]
        if mid in COMP_NOTES:
            note.append(COMP_NOTES[mid])
        if oy is not None and oy != year_m:
            note.append("ore_mined_mt is ore processed in %d" % oy)
        elif oy is not None:
            note.append("ore_mined_mt is ore processed (ore mined where no processed tonnage)")
        m.update(mine=mid, name=disp, country=cc, deposit_type=dep, mining_method=meth,
                 ore_mined_mt=g(ore[oy] / 1e6, 3) if oy else "",
                 stripping_ratio=g(b), stripping_ratio_min=g(lo), stripping_ratio_max=g(hi),
                 stripping_ratio_basis="estimated",
                 source=" | ".join(sorted(srcs)) + " | " + COMPILATION, year=str(year_m),
                 estimated="stripping_ratio", estimate_basis="; ".join(note))
        mines.append(m)
    return mines, mcs


# =====================================================================================
# 2. Manual mines (values typed from the cited public pages; see SOURCES.md)
# =====================================================================================
NEXA_CL = ("Nexa Resources, Cerro Lindo operations page (2019-2021 table: treated ore, head "
           "grades, metal contained in concentrates) <https://ri.nexaresources.com/operations/"
           "cerro-lindo/> | Nexa Resources, Cerro Lindo operations page, later version "
           "(2022-2024 table) <https://ri.nexaresources.com/operations/cerro-lindo>")
NEXA_VZ = ("Nexa Resources, Vazante operations page (2020-2022 table: treated ore, zinc head "
           "grade, zinc contained in concentrates) <https://ri.nexaresources.com/operations/"
           "vazante/> | Nexa 4Q19 earnings release (SEC 6-K, 13 Feb 2020: Vazante plant at "
           "reduced capacity 30 days in 4Q19) <https://www.sec.gov/Archives/edgar/data/1713930/"
           "000110465920020318/tm207862d1_ex99-1.htm>")
GLEN_KZ = ("Glencore plc (2020) Full Year 2019 Production Report, Kazzinc own-sourced zinc "
           "172.5 kt, lead 34.4 kt (31.6 + 2.8), via " + COMPILATION)
INTERFAX = ("Interfax-Kazakhstan interview with Kazzinc executive director A. Lazarev (2016, "
            "page updated 22 Feb 2019): Zhairem state-approved reserves 72 Mt ore at ~3.5 % Zn "
            "and ~1.3 % Pb <https://www.interfax.kz/?lang=eng&int_id=13&news_id=129> | "
            "russiamining.com citing Glencore 2016 report: >60 Mt Zhairem ore re-classified as "
            "reserves at >4 % Zn <http://russiamining.com/mining-news/"
            "glencore-zhayrem-and-vasilkovskoe-increased-their-reserves> | Kazzinc news: new "
            "Zhairem polymetallic concentrator and open pit launched 20 October (2019), ~5 Mt/y "
            "<https://www.kazzinc.com/eng/novosti/kazzinc-has-launched-new-polymetallic-"
            "concentrator> | International Mining, Operation focus Ridder (2019 visit: "
            "Ridder-Sokolny, Tishinsky, Dolinny underground mines, 3.67 Mt/y concentrator) "
            "<https://viewer.joomag.com/spotlight-feature-articles-operation-focus-ridder/"
            "0907595001580897224?page=3>")
KIDD = ("Glencore plc (2020) Full Year 2019 Production Report, Kidd zinc in concentrate 67.6 kt, "
        "via " + COMPILATION + " | Wikipedia, Kidd Mine (infobox: 2019 zinc 67,600 t, copper "
        "33,500 t) <https://en.wikipedia.org/wiki/Kidd_Mine> | SEG Special Publication, The Kidd "
        "Creek volcanogenic massive sulfide deposit (1966-2016 production 140.4 Mt at 2.29 % Cu, "
        "6.15 % Zn, 0.22 % Pb) <https://pubs.geoscienceworld.org/segweb/books/book/2126/chapter/"
        "116193602/The-Kidd-Creek-Volcanogenic-Massive-Sulfide>")
DOERUN = ("The Doe Run Company, What we do - Mining and milling (SEMO produces about 250,000 "
          "tons of lead concentrates annually; ore ~4 % Pb, 1 % Zn, 0.15 % Cu; room-and-pillar "
          "mining to 1,250 ft) <http://www.doerun.com/what-we-do/mining-and-milling> | Doe Run "
          "SEMO backgrounder (more than 20,000 tons of ore per day; six mines) "
          "<https://paperzz.com/doc/8022547/southeast-missouri-mining-and-milling-division--semo-> "
          "| Doe Run, The Lead Belt Heavyweight (Doe Run lead concentrates contain more than "
          "75 % Pb) <http://doczz.net/doc/5070428/untitled---the-doe-run-company>")


def derived_rec(prod_kt, ore_kt, grade_pct):
    return prod_kt / (ore_kt * grade_pct / 100.0)


def manual_rows():
    mines, mcs = [], []

    def mine(**kw):
        m = {k: "" for k in MINES_HDR}
        m.update({k: str(v) for k, v in kw.items()})
        mines.append(m)

    def mc(fill=True, est=None, basis=None, **kw):
        r = {k: "" for k in MC_HDR}
        r.update({k: (g(v) if isinstance(v, float) else str(v)) for k, v in kw.items()})
        est = list(est or []); basis = list(basis or [])
        if fill:
            fill_defaults(r, est, basis)
        r.update(estimated=";".join(est), estimate_basis="; ".join(basis))
        mcs.append(r)

    # ---- Cerro Lindo (Nexa), 2019; spans over 2019-2024 ----
    cl = {  # year: (treated ore kt, Zn %, Pb %, Zn kt, Pb kt)
        2019: (6800, 2.05, 0.25, 126.3, 12.3), 2020: (5482, 1.93, 0.29, 95.4, 11.6),
        2021: (6369, 1.79, 0.28, 102.3, 12.8), 2022: (6236, 1.55, 0.33, 84.4, 15.6),
        2023: (5991, 1.51, 0.31, 78.2, 13.0), 2024: (6080, 1.62, 0.31, 86.2, 13.9)}
    b, lo, hi, why = UG_SR
    mine(mine="cerro_lindo", name="Cerro Lindo (Nexa Resources)", country="PE",
         deposit_type="vms", mining_method="underground", ore_mined_mt=g(cl[2019][0] / 1e3, 3),
         stripping_ratio=g(b), stripping_ratio_min=g(lo), stripping_ratio_max=g(hi),
         stripping_ratio_basis="estimated", source=NEXA_CL, year=2019,
         estimated="stripping_ratio",
         estimate_basis=why + "; Nexa: underground polymetallic VMS mine; ore_mined_mt is ore "
                              "treated 2019")
    for c, gi, pi in (("zinc", 1, 3), ("lead", 2, 4)):
        recs = {y: derived_rec(v[pi], v[0], v[gi]) for y, v in cl.items()}
        grades = [v[gi] for v in cl.values()]
        mc(mine="cerro_lindo", commodity=c, production_t=g(cl[2019][pi] * 1e3, 0),
           ore_grade=g(cl[2019][gi]), ore_grade_min=g(min(grades)), ore_grade_max=g(max(grades)),
           ore_grade_unit="pct", ore_grade_basis="head",
           recovery_beneficiation=g(recs[2019], 3), recovery_beneficiation_min=g(min(recs.values()), 3),
           recovery_beneficiation_max=g(max(recs.values()), 3), source=NEXA_CL, year=2019,
           basis=["head grades 2019-2024 (Nexa)",
                  "recovery_beneficiation derived = metal contained in concentrates / (treated "
                  "ore x head grade), 2019 best, 2019-2024 span"])

    # ---- Vazante (Nexa), 2020 (2019 not retrieved) ----
    vz = {2020: (1623, 10.43, 148.0), 2021: (1631, 9.98, 140.5), 2022: (1525, 9.98, 131.5)}
    mine(mine="vazante", name="Vazante (Nexa Resources)", country="BR",
         deposit_type="carbonate_hosted_willemite", mining_method="underground",
         ore_mined_mt=g(vz[2020][0] / 1e3, 3), stripping_ratio=g(b), stripping_ratio_min=g(lo),
         stripping_ratio_max=g(hi), stripping_ratio_basis="estimated", source=NEXA_VZ, year=2020,
         estimated="stripping_ratio",
         estimate_basis=why + "; Nexa classes Vazante as an underground mine (its text also "
                              "mentions a minor open-pit part, not quantified); ore_mined_mt is "
                              "ore treated 2020; 2019 figures not retrieved, 2020 used")
    recs = {y: derived_rec(v[2], v[0], v[1]) for y, v in vz.items()}
    mc(mine="vazante", commodity="zinc", production_t=g(vz[2020][2] * 1e3, 0),
       ore_grade=g(vz[2020][1]), ore_grade_min=g(min(v[1] for v in vz.values())),
       ore_grade_max=g(max(v[1] for v in vz.values())), ore_grade_unit="pct",
       ore_grade_basis="head", recovery_beneficiation=g(recs[2020], 3),
       recovery_beneficiation_min=g(min(recs.values()), 3),
       recovery_beneficiation_max=g(max(recs.values()), 3), source=NEXA_VZ, year=2020,
       basis=["head grades 2020-2022 (Nexa)",
              "recovery_beneficiation derived = zinc contained in concentrates / (treated ore x "
              "head grade), 2020 best, 2020-2022 span",
              "production year 2020 (2019 per-mine figure not retrieved; Nexa 4Q19 notes a "
              "30-day capacity cut at Vazante)",
              "Vazante ore is willemite (zinc silicate); its concentrate grade may lie below the "
              "sulfide range used here"])

    # ---- Kazzinc (Glencore), 2019 ----
    mine(mine="kazzinc", name="Kazzinc (Ridder-Sokolny, Tishinsky, Maleevsky, Dolinnoe, Zhairem)",
         country="KZ", deposit_type="vms", mining_method="open_pit_underground", ore_mined_mt="",
         stripping_ratio="0.2", stripping_ratio_min="0", stripping_ratio_max="1.5",
         stripping_ratio_basis="estimated", source=GLEN_KZ + " | " + INTERFAX, year=2019,
         estimated="stripping_ratio",
         estimate_basis="no waste tonnage reported; in 2019 ore came mostly from the East "
                        "Kazakhstan underground mines (0-0.2 t/t, brief rule) while the Zhairem "
                        "open pit and concentrator started on 20 Oct 2019; upper bound 1.5 = lower "
                        "end of the open-pit Pb-Zn span used in ../iron_lead_zinc/; deposit type "
                        "vms for the Rudny Altai mines (Zhairem is sedex-type)")
    for c, prod, gr in (("zinc", 172500, 3.5), ("lead", 34400, 1.3)):
        mc(mine="kazzinc", commodity=c, production_t=prod, ore_grade=g(gr), ore_grade_unit="pct",
           ore_grade_basis="reserve", source=GLEN_KZ + " | " + INTERFAX, year=2019,
           est=["ore_grade"],
           basis=["ore grade = Zhairem state-approved reserve grade (~3.5 % Zn, ~1.3 % Pb; "
                  "Interfax 2016) applied to all Kazzinc ore: grades of Ridder-Sokolny, "
                  "Tishinsky, Maleevsky and Dolinnoe not retrieved (Glencore Resources & "
                  "Reserves 2019 has them); Glencore 2016 re-classified >60 Mt Zhairem ore at "
                  ">4 % Zn, so the true grade may be higher",
                  "production_t = own-sourced refined metal reported by Glencore (metal in "
                  "mine concentrate slightly higher)"])

    # ---- Kidd (Glencore), 2019 ----
    mine(mine="kidd", name="Kidd (Kidd Creek)", country="CA", deposit_type="vms",
         mining_method="underground", ore_mined_mt="", stripping_ratio=g(b),
         stripping_ratio_min=g(lo), stripping_ratio_max=g(hi), stripping_ratio_basis="estimated",
         source=KIDD, year=2019, estimated="stripping_ratio",
         estimate_basis=why + "; world's deepest base-metal mine (~3 km)")
    mc(mine="kidd", commodity="zinc", production_t=67600, ore_grade="6.15", ore_grade_unit="pct",
       ore_grade_basis="head", source=KIDD, year=2019, est=["ore_grade"],
       basis=["ore grade = average head grade of all ore mined 1966-2016 (140.4 Mt at 6.15 % Zn, "
              "SEG); the 2019 head grade was not retrieved and is likely lower, so TMR is likely "
              "understated"])

    # ---- Doe Run SEMO (Viburnum Trend), lead ----
    conc_st, conc_pb = 250000.0, 75.0
    prod = conc_st * 0.90718474 * conc_pb / 100.0
    mine(mine="doe_run_semo", name="Doe Run Southeast Missouri Mining and Milling Division "
         "(Buick, Brushy Creek, Casteel, Fletcher, Sweetwater, No. 29)", country="US",
         deposit_type="mvt", mining_method="underground", ore_mined_mt="",
         stripping_ratio=g(b), stripping_ratio_min=g(lo), stripping_ratio_max=g(hi),
         stripping_ratio_basis="estimated", source=DOERUN, year=2019,
         estimated="stripping_ratio", estimate_basis=why + "; room-and-pillar mines")
    mc(mine="doe_run_semo", commodity="lead", production_t=g(prod, 0), ore_grade="4",
       ore_grade_unit="pct", ore_grade_basis="head", concentrate_grade_pct="75",
       concentrate_grade_pct_min="75", concentrate_grade_pct_max="80", source=DOERUN, year=2019,
       est=["production_t", "concentrate_grade_pct"],
       basis=["production_t = 250,000 short tons of lead concentrate a year (operator's stated "
              "annual rate, undated page; year 2019 assumed) x 0.9072 t/short ton x 75 % Pb "
              "(operator: concentrates contain more than 75 % Pb); upper bound 80 % assumed",
              "ore grade ~4 % Pb as stated by the operator (no range reported)"])
    return mines, mcs


def main():
    m1, c1 = comp_rows()
    m2, c2 = manual_rows()
    mines = sorted(m1 + m2, key=lambda r: r["mine"])
    mcs = sorted(c1 + c2, key=lambda r: (r["mine"], r["commodity"]))
    ids = [m["mine"] for m in mines]
    assert len(ids) == len(set(ids))
    for r in mcs:  # range checks
        assert r["mine"] in ids, r["mine"]
        for q in ("ore_grade", "recovery_beneficiation", "recovery_smelting",
                  "concentrate_grade_pct"):
            if r[q + "_min"] != "":
                assert float(r[q + "_min"]) <= float(r[q]) <= float(r[q + "_max"]), (r["mine"], q)
        for q in ("recovery_beneficiation", "recovery_smelting"):
            assert 0 < float(r[q]) <= 1, (r["mine"], q)
    for name, hdr, rows in (("mines.csv", MINES_HDR, mines),
                            ("mine_commodities.csv", MC_HDR, mcs)):
        with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=hdr, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    # coverage, old (../iron_lead_zinc) + new
    old = os.path.join(HERE, "..", "iron_lead_zinc", "mine_commodities.csv")
    log = []
    oldsum = {"lead": 0.0, "zinc": 0.0}
    if os.path.exists(old):
        with open(old, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["commodity"] in oldsum:
                    oldsum[r["commodity"]] += float(r["production_t"])
    log.append("new mines: %d" % len(mines))
    for c in ("lead", "zinc"):
        new = sum(float(r["production_t"]) for r in mcs if r["commodity"] == c)
        n = sum(1 for r in mcs if r["commodity"] == c)
        log.append("%-5s new rows %2d  new %9.0f t  old %9.0f t  total %9.0f t  world %9.0f t  "
                   "coverage old %.1f %% -> %.1f %%" % (c, n, new, oldsum[c], oldsum[c] + new,
                                                        WORLD[c], 100 * oldsum[c] / WORLD[c],
                                                        100 * (oldsum[c] + new) / WORLD[c]))
    for r in mcs:
        log.append("  %-28s %-5s %9s t  year %s  grade %s %s" % (
            r["mine"], r["commodity"], r["production_t"], r["year"], r["ore_grade"],
            r["ore_grade_basis"]))
    with open(os.path.join(HERE, "coverage_log.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(log) + "\n")
    print("\n".join(log))


if __name__ == "__main__":
    main()
