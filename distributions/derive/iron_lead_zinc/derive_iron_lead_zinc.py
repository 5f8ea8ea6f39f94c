#!/usr/bin/env python3
"""Derive iron ore, lead and zinc mine rows for hiddenflow from the open compilation
Jasansky et al. 2023 (Sci Data 10:52, doi:10.1038/s41597-023-01965-y), CSV exports in
/work/shared/data/open-mine-production/, and merge them with hand-collected rows
(manual_mines.csv, manual_mine_commodities.csv in this folder).

python3 stdlib only.  Usage:  python3 derive_iron_lead_zinc.py [DATA_DIR]
Writes mines.csv, mine_commodities.csv and derived_log.txt next to this script.
Output is deterministic (sorted, fixed rounding).

What is derived, per configured mine:
  * production_t: contained metal of the row year (2019, else the latest year >= 2014); the
    compilation's commodity `value` is metal in concentrate (checked against concentrate
    tonnes x concentrate grade for Boliden, IMMSA, Escobal, Cozamin).  Iron: product tonnes
    (concentrate, pellets, sinter feed, DSO) x product Fe grade.
  * ore_grade: head grades of ore rows (min_ore_con not a concentrate) over 2010-2020:
    best = row-year (or latest) value, min/max = span.  Without head grades: reserve grade
    (capacity_reserves.csv, latest year), basis `reserve`.
  * recovery_beneficiation: reported `recovery_rate` (best = row year/latest, span = years).
  * concentrate_grade_pct: grades on concentrate rows (commodities.csv).
  * stripping ratio: waste rock / ore mined (waste.csv and minerals_ores_conce.csv), or
    (total material moved - ore) / ore where only total material is given (Teck), or the
    reported stripping_ratio column.  Underground mines: 0.1 (0-0.2), estimated.
Anything not reported is filled with a stated estimate and listed in `estimated`.
"""
import csv
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data", "open-mine-production"))
COMPILATION = ("Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y "
               "(fineprint-global/compilation_mining_data a41e500)")

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

UNIT = {
    "t": 1.0, "tonnes": 1.0, "metric tonnes": 1.0, "tons": 1.0, "dry metric tonnes": 1.0,
    "dmt": 1.0, "wmt": 1.0, "kt": 1e3, "ktonnes": 1e3, "thousand tonnes": 1e3,
    "kwmt": 1e3, "kdmt": 1e3, "000 wet metric tonnes": 1e3, "million tonnes": 1e6, "mt": 1e6,
    "million metric tonnes": 1e6, "million metric tons": 1e6, "million wet metric tonnes": 1e6,
    "thousand pounds": 0.45359237, "thousands of pounds": 0.45359237,
    "pounds": 0.00045359237, "million pounds": 453.59237, "short tons": 0.90718474,
}

# ---- typical values used where the operator reports none (stated in estimate_basis) ----
SMELT = {  # recovery from concentrate (or ore) to refined metal
    "zinc": (0.965, 0.95, 0.98, "zinc roast-leach-electrowinning recovers ~95-98 % of Zn in "
             "concentrate (Sinclair 2005, The Extractive Metallurgy of Zinc; Mudd 2010 Zn review)"),
    "lead": (0.965, 0.94, 0.98, "primary lead smelting/refining recovers ~94-98 % of Pb in "
             "concentrate (Sinclair 2009, The Extractive Metallurgy of Lead)"),
    "copper": (0.97, 0.95, 0.99, "smelting/refining of copper concentrate recovers ~95-99 % "
               "of Cu (Schlesinger et al. 2011, Extractive Metallurgy of Copper)"),
    "iron": (0.99, 0.97, 1.0, "blast furnace transfers ~97-100 % of Fe in the burden to hot "
             "metal; losses are mainly dust/slag (worldsteel/IEA process data)"),
}
BENEF = {  # typical flotation recovery where none is reported
    "zinc": (0.85, 0.75, 0.92, "typical Zn flotation recovery of Pb-Zn sulfide mills 75-92 % "
             "(range of recoveries reported by the mines of this table)"),
    "lead": (0.75, 0.55, 0.90, "typical Pb flotation recovery 55-90 % (range reported by the "
             "mines of this table)"),
    "copper": (0.85, 0.75, 0.95, "typical Cu flotation recovery of base-metal sulfide mills"),
    "iron": (0.80, 0.70, 0.90, "typical Fe recovery of magnetite/hematite concentrators "
             "70-90 % (Bloom Lake, Korshunov, Kryvyi Rih derived in this table: 0.80-0.82)"),
}
CONC = {
    "zinc": (52.0, 48.0, 56.0, "Zn concentrates typically 48-56 % Zn (Boliden, IMMSA, "
             "Capstone, Red River concentrate grades in the compilation)"),
    "lead": (60.0, 50.0, 72.0, "Pb concentrates typically 50-72 % Pb (Boliden, IMMSA, Red "
             "River concentrate grades in the compilation)"),
    "copper": (25.0, 20.0, 30.0, "Cu concentrates typically 20-30 % Cu"),
}
UG_SR = (0.1, 0.0, 0.2, "underground mine: development waste only, 0-0.2 t/t (brief rule); "
         "operator reports no waste tonnage")


def fnum(x):
    try:
        return float(str(x).replace(",", "").strip())
    except ValueError:
        return None


def unitf(u):
    return UNIT.get((u or "").strip().lower())


def r4(x):
    if x is None:
        return ""
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return s


def rg(x, nd=3):
    if x is None:
        return ""
    return ("%.*f" % (nd, x)).rstrip("0").rstrip(".")


def load(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


COM = load("commodities.csv")
ORE = load("minerals_ores_conce.csv")
WASTE = load("waste.csv")
RES = load("capacity_reserves.csv")

COMMOD = {"zinc": "zinc", "lead": "lead", "pb": "lead", "zn": "zinc", "iron": "iron",
          "copper": "copper", "cu": "copper"}


def cid(name):
    return COMMOD.get((name or "").strip().lower())


def sel_match(row, sel):
    for mf, sub in sel:
        if row["mine_fac"].strip() == mf.strip() and (sub is None or row["sub_site"].strip() == sub):
            return True
    return False


def is_conc(min_ore_con):
    s = (min_ore_con or "").lower()
    return any(k in s for k in ("concentrate", "pellet", "sinter"))


def year_of(r):
    v = fnum(r.get("year") or r.get("reserves_year"))
    return int(v) if v else None


def pick_year(years, target=2019):
    years = sorted(set(y for y in years if y))
    if target in years:
        return target
    older = [y for y in years if y <= target]
    return older[-1] if older else (years[0] if years else None)


def span(byyear, year, lo=2010, hi=2020):
    vals = [v for y, v in byyear.items() if lo <= y <= hi]
    if not vals:
        return None
    y = year if year in byyear else max(byyear)
    return byyear[y], min(vals), max(vals), sorted(set(v for v in vals))


def cite(rows):
    seen = []
    rows = sorted(rows, key=lambda r: -(year_of(r) or 0))
    for r in rows:
        s = r["source"].strip()
        u = (r.get("source_url") or "").strip().split(" ")[0].strip(" ;")
        c = s + (" <" + u + ">" if u else "")
        if c not in seen:
            seen.append(c)
    return " | ".join(seen[:3] + ([COMPILATION] if seen else []))


# --------------------------------------------------------------------------------------
# Mine configuration.  sel = (mine_fac, sub_site or None=all sub-sites)
# prod_rule per commodity: "metal" (commodity value is metal) or ("product", [min_ore_con..])
# --------------------------------------------------------------------------------------
M = []


def mine(mid, name, cc, dep, meth, sel, comms, sr=None, note="", dso=False, sr_years=None,
         integrated=False):
    M.append(dict(id=mid, name=name, cc=cc, dep=dep, meth=meth, sel=sel, comms=comms, sr=sr,
                  note=note, dso=dso, sr_years=sr_years, integrated=integrated))


PBZN = ["zinc", "lead"]
# ---- lead / zinc (and copper co-product) ------------------------------------------------
mine("red_dog", "Red Dog", "US", "sedex", "open_pit", [("Red Dog", None)], PBZN)
mine("antamina", "Antamina", "PE", "skarn", "open_pit", [("Antamina", None)], ["zinc", "copper"])
mine("rampura_agucha", "Rampura Agucha", "IN", "sedex", "open_pit_underground",
     [("Rampura Agucha", None)], PBZN, sr="ug2019")
mine("sindesar_khurd", "Sindesar Khurd", "IN", "sedex", "underground",
     [("Rajpura Dariba", "Sindesar Khurd")], PBZN)
mine("rajpura_dariba", "Rajpura Dariba", "IN", "sedex", "underground",
     [("Rajpura Dariba", "Rajpura Dariba")], PBZN)
mine("zawar", "Zawar mines", "IN", "sedex", "underground", [("Zawar", None)], PBZN)
mine("kayad", "Kayad", "IN", "sedex", "underground", [("Kayad ", None)], PBZN)
mine("black_mountain", "Black Mountain (Deeps, Swartberg)", "ZA", "sedex", "underground",
     [("Black Mountain", "Black Mountain")], PBZN)
mine("gamsberg", "Gamsberg", "ZA", "sedex", "open_pit", [("Black Mountain", "Gamsberg")],
     ["zinc"])
mine("skorpion", "Skorpion", "NA", "supergene_nonsulfide_zinc", "open_pit",
     [("Skorpion", None)], ["zinc"], integrated=True)
mine("mount_isa_zinc", "Mount Isa Zinc (Mount Isa, George Fisher)", "AU", "sedex",
     "underground", [("Ernest Henry and Mount Isa", "Mount Isa")], PBZN)
mine("mcarthur_river", "McArthur River", "AU", "sedex", "open_pit", [("McArthur River", None)],
     PBZN)
mine("cannington", "Cannington", "AU", "broken_hill_type", "underground",
     [("Cannington", None)], PBZN)
mine("dugald_river", "Dugald River", "AU", "sedex", "underground", [("Dugald River", None)], PBZN)
mine("rosebery", "Rosebery", "AU", "vms", "underground", [("Rosebery", None)], PBZN + ["copper"])
mine("tara", "Tara", "IE", "irish_type_carbonate_hosted", "underground", [("Tara", None)], PBZN)
mine("garpenberg", "Garpenberg", "SE", "vms", "underground", [("Garpenberg", None)], PBZN)
mine("boliden_area", "Boliden Area (Kristineberg, Renström)", "SE", "vms", "underground",
     [("The Boliden Area", None)], PBZN)
mine("zinkgruvan", "Zinkgruvan", "SE", "sedex", "underground", [("Zinkgruvan", None)],
     PBZN + ["copper"])
mine("neves_corvo", "Neves-Corvo", "PT", "vms", "underground", [("Neves Corvo", None)],
     ["zinc", "lead", "copper"])
mine("kidd", "Kidd", "CA", "vms", "underground", [("Kidd", None)], ["zinc"])
mine("bracemac_mcleod", "Bracemac-McLeod", "CA", "vms", "underground",
     [("Bracemac-McLeod", None)], ["zinc"])
mine("lalor", "Lalor", "CA", "vms", "underground", [("Lalor", None)], ["zinc"])
mine("hudbay_777", "777", "CA", "vms", "underground", [("777", None)], ["zinc"])
mine("immsa_mexico", "IMMSA underground mines (Charcas, San Martin, Santa Barbara, Santa Eulalia)",
     "MX", "carbonate_replacement", "underground", [("Mexican IMMSA unit", None)],
     PBZN + ["copper"])
mine("fresnillo", "Fresnillo", "MX", "epithermal_vein", "underground", [("Fresnillo", None)], PBZN)
mine("saucito", "Saucito", "MX", "epithermal_vein", "underground", [("Saucito", None)], PBZN)
mine("cienega", "Cienega", "MX", "epithermal_vein", "underground", [("Cienega", None)], PBZN)
mine("san_julian", "San Julian", "MX", "epithermal_vein", "underground", [("San Julian", None)],
     PBZN)
mine("la_colorada", "La Colorada", "MX", "epithermal_vein", "underground",
     [("La Colorada", None)], PBZN)
mine("cozamin", "Cozamin", "MX", "epithermal_vein", "underground", [("Cozamin", None)],
     ["zinc", "copper"])
mine("uchucchacua", "Uchucchacua", "PE", "carbonate_replacement", "underground",
     [("Uchucchacua", None)], PBZN)
mine("el_brocal_tajo_norte", "El Brocal - Tajo Norte", "PE", "epithermal_polymetallic",
     "open_pit", [("Tajo Norte", None)], PBZN)
mine("tambomayo", "Tambomayo", "PE", "epithermal_vein", "underground", [("Tambomayo ", None)],
     PBZN)
mine("huaron", "Huaron", "PE", "carbonate_replacement", "underground", [("Huaron", None)], PBZN)
mine("morococha", "Morococha", "PE", "carbonate_replacement", "underground",
     [("Morococha", None)], PBZN)
mine("yauricocha", "Yauricocha", "PE", "skarn", "underground", [("Yauricocha", None)], PBZN)
mine("san_vicente", "San Vicente", "BO", "epithermal_vein", "underground",
     [("San Vicente", None)], PBZN)
mine("pirquitas_chinchillas", "Puna Operations (Chinchillas)", "AR", "epithermal_polymetallic",
     "open_pit", [("Puna", None)], PBZN, sr_years=(2019, 2019))
mine("volcan_yauli", "Volcan Yauli unit (San Cristobal, Andaychagua, Ticlio, Carahuacra)", "PE",
     "carbonate_replacement", "underground", [("Yauli", None)], PBZN)
mine("volcan_chungar", "Volcan Chungar unit (Animon, Islay)", "PE", "carbonate_replacement",
     "underground", [("Chungar", None)], PBZN)
mine("kyzyl_tashtygskoe", "Kyzyl-Tashtyg", "RU", "vms", "open_pit_underground",
     [("Kyzyl-Tash Turk", None)], PBZN)
mine("wulagen", "Wulagen", "CN", "sediment_hosted_zn_pb", "open_pit", [("Wulagen", None)], PBZN)
mine("zijin_miaogou_sanguikou", "Miaogou and Sanguikou (Zijin)", "CN", "vms", "underground",
     [("Miaogou & Sanguikou", None)], PBZN)
mine("silvertip", "Silvertip", "CA", "carbonate_replacement", "underground",
     [("Silvertip", None)], PBZN)
mine("thalanga", "Thalanga", "AU", "vms", "underground", [("Thalanga", None)], PBZN)
mine("laronde", "LaRonde", "CA", "vms", "underground", [("LaRonde Complex", "LaRonde Mine")],
     ["zinc"])
# ---- iron ore --------------------------------------------------------------------------
mine("mont_wright", "Mont-Wright (ArcelorMittal Mining Canada)", "CA", "bif", "open_pit",
     [("Mont Wright", None)], ["iron"])
mine("hibbing_taconite", "Hibbing Taconite", "US", "bif", "open_pit", [("Hibbing", None)],
     ["iron"])
mine("minorca", "Minorca", "US", "bif", "open_pit", [("Minorca", None)], ["iron"])
mine("kryvyi_rih_amkr", "ArcelorMittal Kryvyi Rih", "UA", "bif", "open_pit_underground",
     [("Kryvyi Rih", None)], ["iron"])
mine("korshunov", "Korshunov GOK", "RU", "skarn_magnetite", "open_pit", [("Korshunov", None)],
     ["iron"])
mine("bloom_lake", "Bloom Lake", "CA", "bif", "open_pit", [("Bloom Lake", None)], ["iron"])
mine("casa_de_pedra", "Casa de Pedra (incl. Pires)", "BR", "bif", "open_pit",
     [("Casa de Pedra", None)], ["iron"])
mine("pena_colorada", "Pena Colorada", "MX", "skarn_magnetite", "open_pit",
     [("Pena Colorada", None)], ["iron"])
mine("western_range", "ArcelorMittal Liberia (Western Range, Tokadeh)", "LR", "bif", "open_pit",
     [("Western Range Project", None)], ["iron"], dso=True)
mine("prijedor", "Prijedor (Omarska)", "BA", "sedimentary_siderite_limonite", "open_pit",
     [("Prijedor", None)], ["iron"])
mine("ingulets_gok", "Ingulets GOK", "UA", "bif", "open_pit", [("Ingulets GOK", None)], ["iron"])
mine("northern_gok", "Northern GOK", "UA", "bif", "open_pit", [("Northern GOK", None)], ["iron"])
mine("central_gok", "Central GOK", "UA", "bif", "open_pit_underground", [("Central GOK", None)],
     ["iron"])
mine("mikhailovsky_gok", "Mikhailovsky GOK", "RU", "bif", "open_pit",
     [("Mikhailovsky GOK", None)], ["iron"])

# iron ore ore grades not reported by the operator: analog reserve grade (estimated)
IRON_GRADE_EST = {
    "ingulets_gok": (34.4, 30.0, 38.0),
    "northern_gok": (34.4, 30.0, 38.0),
    "central_gok": (34.4, 30.0, 38.0),
    "mikhailovsky_gok": (34.4, 30.0, 40.0),
}
IRON_GRADE_EST_BASIS = ("operator reports product grades only; Kryvyi Rih/KMA ferruginous "
                        "quartzite (magnetite BIF) ore: reserve grade 34.4 % Fe of the neighbouring "
                        "ArcelorMittal Kryvyi Rih open pits (ArcelorMittal 20-F 2019 via compilation), "
                        "range 30-38(40) % Fe")
# reported open-pit stripping ratios of this table, used as analog for open pits without data
OP_SR_EST = {
    "iron": (1.5, 0.7, 4.1, "open-pit iron ore mine without reported waste: range of stripping "
             "ratios reported for open-pit iron ore mines in this table (Bloom Lake 0.7, Fortescue "
             "1.4, Kolomela 3.5-3.7, Sishen 3.9-4.4)"),
    "base": (3.0, 1.5, 5.0, "open-pit base-metal mine without reported waste: range of stripping "
             "ratios reported for open-pit Pb-Zn mines (Red Dog 1.6-2.2, Antamina 2.8-3.7, "
             "San Cristobal 3.8 in this table; Penasquito 2.0-3.6 in the compilation)"),
}


def com_rows(m, c):
    return [r for r in COM if sel_match(r, m["sel"]) and cid(r["commodity"]) == c]


MIN_YEAR = 2014


def production(m, c):
    """Returns (year, t, rows_used, how) or None.  how: 'metal' (reported metal), 'product'
    (iron: product t x product Fe %), 'conc' (concentrate t x concentrate grade) or
    'ore' (ore t x head grade x recovery; flagged as derived)."""
    rows = com_rows(m, c)
    if c == "iron":
        grade_rows = [r for r in rows if is_conc(r["min_ore_con"]) or
                      r["min_ore_con"].strip() == "Iron ore"]
        out = {}
        for r in ORE:
            if not sel_match(r, m["sel"]):
                continue
            y = year_of(r)
            typ = r["type_mineral"].strip()
            moc = r["min_ore_con"].strip()
            dso = m.get("dso") and typ == "Ore processed"
            if (typ != "Concentrate" and not dso) or not y or y < MIN_YEAR:
                continue
            f, v = unitf(r["unit"]), fnum(r["value"])
            if f is None or v is None or v <= 0:
                continue
            # product Fe grade: same product and sub-site, same year or the latest earlier year
            cand = [(year_of(cr), fnum(cr["grade"]), cr) for cr in grade_rows
                    if cr["min_ore_con"].strip().lower() == moc.lower()
                    and cr["sub_site"].strip() == r["sub_site"].strip()
                    and year_of(cr) and year_of(cr) <= y and fnum(cr["grade"])]
            if not cand:
                continue
            gy, g, cr = max(cand, key=lambda t: t[0])
            t, used = out.get(y, (0.0, []))
            out[y] = (t + v * f * g / 100.0, used + [r, cr])
        if not out:
            return None
        y = pick_year(out)
        return y, out[y][0], out[y][1], "product"
    by = defaultdict(list)
    for r in rows:
        f, v = unitf(r["unit"]), fnum(r["value"])
        y = year_of(r)
        if f is None or v is None or v <= 0 or not y or y < MIN_YEAR:
            continue
        by[y].append((r, v * f))
    if by:
        y = pick_year(by)
        seen, tot, used = set(), 0.0, []
        for r, t in by[y]:
            key = (r["sub_site"].strip(), round(t, 3))
            if key in seen:
                continue
            seen.add(key)
            tot += t
            used.append(r)
        return y, tot, used, "metal"
    # fallback 1: concentrate tonnes (minerals_ores_conce) x concentrate grade (commodities)
    word = {"zinc": "zinc", "lead": ("lead", "pb"), "copper": "copper"}[c]
    word = word if isinstance(word, tuple) else (word,)
    cg, crows = conc_grades(m, c)
    out = {}
    for r in ORE:
        if not sel_match(r, m["sel"]) or r["type_mineral"].strip() != "Concentrate":
            continue
        moc = r["min_ore_con"].strip().lower()
        if not moc.startswith(word):
            continue
        y = year_of(r)
        f, v = unitf(r["unit"]), fnum(r["value"])
        if not y or y < MIN_YEAR or f is None or v is None or y not in cg:
            continue
        t, used = out.get(y, (0.0, []))
        out[y] = (t + v * f * cg[y] / 100.0, used + [r] + [cr for cr in crows if year_of(cr) == y])
    if out:
        y = pick_year(out)
        return y, out[y][0], out[y][1], "conc"
    # fallback 2: ore processed (else mined) x head grade x recovery of the same year
    avg, allv, hrows = head_grades(m, c)
    rec, rrows = recoveries(m, c)
    proc, prow = ore_tonnes(m, "Ore processed")
    mined, mrow = ore_tonnes(m, "Ore mined")
    ore = dict(mined)
    ore.update(proc)  # ore treated: processed where reported, else mined
    orow = prow + mrow
    ys = [y for y in ore if y in avg and y >= MIN_YEAR]
    if not ys:
        return None
    y = pick_year(ys)
    if y in rec:
        rv = rec[y]
    else:
        rr = reserve_recovery(m, c)
        rv = rr[0] if rr else BENEF[c][0]
    # several sub-sites: sum ore(sub-site) x grade(sub-site) where both are reported
    subs = defaultdict(lambda: [0.0, None])
    for r in prow if proc.get(y) else mrow:
        if year_of(r) == y:
            subs[r["sub_site"].strip()][0] += r and (fnum(r["value"]) * unitf(r["unit"]))
    for r in hrows:
        if year_of(r) == y and r["sub_site"].strip() in subs:
            subs[r["sub_site"].strip()][1] = fnum(r["grade"])
    pairs = [(o, g) for o, g in subs.values() if g is not None and o > 0]
    if len(pairs) > 1:
        t = sum(o * g for o, g in pairs) / 100.0 * rv
    else:
        t = ore[y] * avg[y] / 100.0 * rv
    return y, t, [r for r in orow if year_of(r) == y] + hrows + rrows, "ore"


def head_grades(m, c):
    by = defaultdict(list)
    rows = []
    for r in com_rows(m, c):
        if is_conc(r["min_ore_con"]) or "oxide" in r["min_ore_con"].lower():
            continue
        if (r["grade_or_yield_unit"] or "").strip() != "%":
            continue
        g = fnum(r["grade"])
        if g is None or g <= 0 or g > (70 if c == "iron" else 40):
            continue
        by[year_of(r)].append(g)
        rows.append(r)
    if not by and c == "iron":
        for r in ORE:
            if not sel_match(r, m["sel"]) or r["type_mineral"].strip() not in ("Ore processed", "Ore mined"):
                continue
            g = fnum(r["all_metals_overall_grade"])
            if g is None or (r["grade_unit"] or "").strip() != "%":
                continue
            by[year_of(r)].append(g)
            rows.append(r)
    # several sub-sites in a year: average (unweighted) for the best estimate, all in span
    avg = {y: sum(v) / len(v) for y, v in by.items() if y}
    allv = {}
    for y, v in by.items():
        if y:
            allv[y] = v
    return avg, allv, rows


def reserve_grade(m, c):
    best, rows = None, []
    for r in RES:
        if not sel_match(r, m["sel"]) or cid(r["commodity"]) != c:
            continue
        g = fnum(r["grade"])
        if g is None or (r["grade_unit"] or "").strip() != "%":
            continue
        y = year_of(r) or 0
        rows.append((y, g, r))
    if not rows:
        return None
    ymax = max(y for y, _, _ in rows)
    latest = [(g, r) for y, g, r in rows if y == ymax]
    gs = [g for g, _ in latest]
    ws = [fnum(r["reserves_mineral_value"]) for _, r in latest]
    if all(w for w in ws):
        best = sum(g * w for g, w in zip(gs, ws)) / sum(ws)
    else:
        best = sum(gs) / len(gs)
    return ymax, best, min(gs), max(gs), [r for _, r in latest]


def reserve_recovery(m, c):
    for r in RES:
        if sel_match(r, m["sel"]) and cid(r["commodity"]) == c:
            v = fnum(r["metallurgical_recovery"])
            if v is not None and 1.0 < v <= 100.0:
                return v / 100.0, r
            if v is not None and 0.05 < v <= 1.0:
                return v, r
    return None


def recoveries(m, c):
    by = defaultdict(list)
    rows = []
    for r in com_rows(m, c):
        v = fnum(r["recovery_rate"])
        if v is None or v <= 0.05 or v > 1.0:
            continue
        by[year_of(r)].append(v)
        rows.append(r)
    return {y: sum(v) / len(v) for y, v in by.items() if y}, rows


def conc_grades(m, c):
    by = defaultdict(list)
    rows = []
    cand = com_rows(m, c)
    if c == "iron" and any("concentrate" in r["min_ore_con"].lower() for r in cand):
        cand = [r for r in cand if "concentrate" in r["min_ore_con"].lower()]
    for r in cand:
        if not is_conc(r["min_ore_con"]) or (r["grade_or_yield_unit"] or "").strip() != "%":
            continue
        g = fnum(r["grade"])
        if g is None or g <= 0:
            continue
        by[year_of(r)].append(g)
        rows.append(r)
    return {y: sum(v) / len(v) for y, v in by.items() if y}, rows


def ore_tonnes(m, kind="Ore mined"):
    by = defaultdict(float)
    rows = []
    for r in ORE:
        if not sel_match(r, m["sel"]) or r["type_mineral"].strip() != kind:
            continue
        moc = r["min_ore_con"].strip().lower()
        if "oxide" in moc or "gold ore" in moc or "pyrite" in moc:
            continue
        f, v = unitf(r["unit"]), fnum(r["value"])
        if f is None or v is None or v <= 0:
            continue
        by[year_of(r)] += v * f
        rows.append(r)
    return dict(by), rows


def strip(m):
    mined, mrows = ore_tonnes(m, "Ore mined")
    proc, prows = ore_tonnes(m, "Ore processed")
    by, rows, how = {}, [], ""
    for r in WASTE:
        if not sel_match(r, m["sel"]):
            continue
        y = year_of(r)
        wt = (r["waste_type"] or "").strip().lower()
        v, f = fnum(r["value"]), unitf(r["unit"])
        tot = fnum(r["total_material"])
        srr = fnum(r["stripping_ratio"])
        if wt.startswith("waste") and v is not None and f:
            ore = mined.get(y) or proc.get(y)
            if ore:
                by[y] = v * f / ore
                rows.append(r)
                how = "waste rock / ore mined"
            elif tot is not None:
                by[y] = v / (tot - v) if tot > v else None
                rows.append(r)
                how = "waste rock / (total material - waste rock)"
        elif wt == "" and tot is not None and f:
            ore = mined.get(y) or proc.get(y)
            if ore:
                by[y] = (tot * f - ore) / ore
                rows.append(r)
                how = "(total material moved - ore milled) / ore milled"
        elif srr is not None:
            by[y] = srr
            rows.append(r)
            how = "reported stripping ratio"
    lo, hi = m.get("sr_years") or (MIN_YEAR, 2020)
    by = {y: v for y, v in by.items() if y and lo <= y <= hi and v is not None and v >= 0}
    return by, rows + mrows + prows, how, mined, proc


def fmt_range(best, lo, hi, nd=3):
    if lo is None or hi is None or abs(hi - lo) < 1e-12:
        return rg(best, nd), "", "", ""
    return rg(best, nd), rg(lo, nd), rg(hi, nd), ""


def derive():
    mines_out, mc_out, log = [], [], []
    for m in M:
        est_m, basis_m = [], []
        srcrows = []
        # ---- production year first (drives the row year) ----
        prods = {}
        for c in m["comms"]:
            p = production(m, c)
            if p:
                prods[c] = p
        if not prods:
            log.append("%s: no production rows, skipped" % m["id"])
            continue
        main_year = max(p[0] for p in prods.values())
        # ---- stripping ratio ----
        by, srows, how, mined, proc = strip(m)
        srcrows += srows
        sr = srmin = srmax = None
        sr_basis = "reported"
        if m["meth"] == "underground" or m.get("sr") == "ug2019":
            if by and m["meth"] != "underground" and m.get("sr") != "ug2019":
                pass
            sr, srmin, srmax, b = UG_SR
            est_m.append("stripping_ratio")
            basis_m.append(b if m.get("sr") != "ug2019" else
                           "mined underground only from FY2019 (open pit closed 2018); " + b)
            sr_basis = "estimated"
        elif by:
            y = main_year if main_year in by else max(by)
            sr, srmin, srmax = by[y], min(by.values()), max(by.values())
            basis_m.append("stripping ratio = %s, years %s" % (how, ",".join(str(k) for k in sorted(by))))
        else:
            kind = "iron" if m["comms"] == ["iron"] else "base"
            sr, srmin, srmax, b = OP_SR_EST[kind]
            est_m.append("stripping_ratio")
            basis_m.append(b)
            sr_basis = "estimated"
        ore_year = main_year if main_year in mined else None
        ore_mt = mined.get(ore_year) / 1e6 if ore_year else (
            proc.get(main_year) / 1e6 if main_year in proc else None)
        for c, (py, pt, prows, how_p) in sorted(prods.items()):
            est, basis = [], []
            if how_p == "ore":
                est.append("production_t")
                basis.append("production_t derived = ore treated x head grade x recovery "
                             "(year %d); the operator reports no metal tonnage in the compilation"
                             % py)
            elif how_p == "conc":
                basis.append("production_t = concentrate tonnes x concentrate grade (%d)" % py)
            rows = list(prows)
            avg, allv, hrows = head_grades(m, c)
            rows += hrows
            unit = "pct_fe" if c == "iron" else "pct"
            g = gmin = gmax = None
            gbasis = "head"
            if avg:
                vals = [v for y, vs in allv.items() if 2010 <= y <= 2020 for v in vs]
                yy = py if py in avg else max(avg)
                g, gmin, gmax = avg[yy], min(vals), max(vals)
                g = min(max(g, gmin), gmax)
                basis.append("head grades %s" % ",".join(str(k) for k in sorted(avg) if 2010 <= k <= 2020))
            else:
                rs = reserve_grade(m, c)
                if rs:
                    g, gmin, gmax = rs[1], rs[2], rs[3]
                    gbasis = "reserve"
                    rows += rs[4]
                    basis.append("ore grade = reserve grade %d" % rs[0])
                elif c == "iron" and m["id"] in IRON_GRADE_EST:
                    g, gmin, gmax = IRON_GRADE_EST[m["id"]]
                    gbasis = "reserve"
                    est.append("ore_grade")
                    basis.append(IRON_GRADE_EST_BASIS)
                else:
                    log.append("%s/%s: no grade, skipped" % (m["id"], c))
                    continue
            # recoveries
            rec, rrows = recoveries(m, c)
            rows += rrows
            rb = rbmin = rbmax = None
            if m.get("dso"):
                rb = rbmin = rbmax = None
            elif rec:
                yy = py if py in rec else max(rec)
                vals = [v for y, v in rec.items() if 2010 <= y <= 2020] or list(rec.values())
                rb, rbmin, rbmax = rec[yy], min(vals), max(vals)
                rb = min(max(rb, rbmin), rbmax)
            elif c == "iron" and not m.get("dso"):
                # derive Fe recovery = Fe in products / Fe in ore mined (same year)
                orey = mined.get(py)
                if orey and g and not (m["id"] in IRON_GRADE_EST):
                    dv = pt / (orey * g / 100.0)
                    if 0.5 < dv <= 0.98:
                        rb, rbmin, rbmax = dv, None, None
                        est.append("recovery_beneficiation")
                        basis.append("Fe recovery derived = Fe in products %d / (ore mined x "
                                     "ore grade), not reported as such" % py)
                if rb is None:
                    rb, rbmin, rbmax, b = BENEF["iron"]
                    est.append("recovery_beneficiation")
                    basis.append(b)
            elif reserve_recovery(m, c):
                rb, rr_row = reserve_recovery(m, c)
                rbmin = rbmax = None
                rows.append(rr_row)
                basis.append("recovery = metallurgical recovery of the ore reserve statement")
            else:
                rb, rbmin, rbmax, b = BENEF[c]
                est.append("recovery_beneficiation")
                basis.append(b)
            cg, crows = conc_grades(m, c)
            rows += crows
            if m.get("dso"):
                cgb = cgmin = cgmax = None
                basis.append("direct-shipping ore: no beneficiation (concentrate grade and "
                             "beneficiation recovery left empty)")
            elif cg:
                yy = py if py in cg else max(cg)
                vals = list(cg.values())
                cgb, cgmin, cgmax = cg[yy], min(vals), max(vals)
            else:
                cgb, cgmin, cgmax, b = CONC.get(c, (None, None, None, ""))
                if cgb is not None:
                    est.append("concentrate_grade_pct")
                    basis.append(b)
            rs_, rsmin, rsmax, b = SMELT[c]
            if m.get("integrated"):
                # ore is leached and electrowon on site: the reported recovery is ore-to-metal
                rs_, rsmin, rsmax = rb, rbmin, rbmax
                rb = rbmin = rbmax = cgb = cgmin = cgmax = None
                est = [e for e in est if e != "concentrate_grade_pct"]
                basis = [x for x in basis if not x.startswith("Zn concentrates")]
                basis.append("integrated leach-SX-EW refinery on site: no concentrate; the "
                             "reported plant recovery (ore to SHG zinc) is given as recovery_smelting")
            else:
                est.append("recovery_smelting")
                basis.append(b)
            if py != 2019:
                basis.append("production year %d (2019 not in compilation)" % py)
            gb, gl, gh, gd = fmt_range(g, gmin, gmax, 3)
            rbb, rbl, rbh, rbd = fmt_range(rb, rbmin, rbmax, 3)
            cb, cl, ch, cd = fmt_range(cgb, cgmin, cgmax, 2)
            mc_out.append({
                "mine": m["id"], "commodity": c, "production_t": "%d" % round(pt),
                "ore_grade": gb, "ore_grade_min": gl, "ore_grade_max": gh, "ore_grade_dist": gd,
                "ore_grade_unit": unit, "ore_grade_basis": gbasis,
                "recovery_beneficiation": rbb, "recovery_beneficiation_min": rbl,
                "recovery_beneficiation_max": rbh, "recovery_beneficiation_dist": rbd,
                "recovery_smelting": rg(rs_), "recovery_smelting_min": rg(rsmin),
                "recovery_smelting_max": rg(rsmax), "recovery_smelting_dist": "",
                "concentrate_grade_pct": cb, "concentrate_grade_pct_min": cl,
                "concentrate_grade_pct_max": ch, "concentrate_grade_pct_dist": cd,
                "source": cite(rows), "year": str(py), "estimated": ";".join(est),
                "estimate_basis": "; ".join(basis),
            })
            srcrows += rows
        mines_out.append({
            "mine": m["id"], "name": m["name"], "country": m["cc"], "deposit_type": m["dep"],
            "mining_method": m["meth"], "ore_mined_mt": rg(ore_mt, 2) if ore_mt else "",
            "stripping_ratio": rg(sr, 2),
            "stripping_ratio_min": rg(srmin, 2) if srmin is not None and abs(srmax - srmin) > 1e-9 else "",
            "stripping_ratio_max": rg(srmax, 2) if srmax is not None and abs(srmax - srmin) > 1e-9 else "",
            "stripping_ratio_dist": "", "stripping_ratio_basis": sr_basis,
            "source": cite(srcrows), "year": str(main_year), "estimated": ";".join(est_m),
            "estimate_basis": "; ".join(basis_m),
        })
    with_rows = {r["mine"] for r in mc_out}
    for r in mines_out:
        if r["mine"] not in with_rows:
            log.append("%s: no commodity row with a grade, mine dropped" % r["mine"])
    mines_out = [r for r in mines_out if r["mine"] in with_rows]
    return mines_out, mc_out, log


def read_manual(name, hdr):
    p = os.path.join(HERE, name)
    if not os.path.exists(p):
        return []
    with open(p, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(l for l in f if not l.startswith("#"))]
    for r in rows:
        missing = [h for h in hdr if h not in r]
        if missing:
            raise SystemExit("%s lacks columns %s" % (name, missing))
    return rows


def check(mines, mc):
    ids = [m["mine"] for m in mines]
    assert len(ids) == len(set(ids)), "duplicate mine ids"
    for r in mc:
        assert r["mine"] in ids, r["mine"]
        for q in ("ore_grade", "recovery_beneficiation", "recovery_smelting",
                  "concentrate_grade_pct"):
            b, lo, hi = (fnum(r[q]), fnum(r[q + "_min"]), fnum(r[q + "_max"]))
            if b is not None and lo is not None and hi is not None:
                assert lo - 1e-9 <= b <= hi + 1e-9, (r["mine"], q, b, lo, hi)
        for q in ("recovery_beneficiation", "recovery_smelting"):
            for s in ("", "_min", "_max"):
                v = fnum(r[q + s])
                assert v is None or 0 < v <= 1, (r["mine"], q + s, v)
    for m in mines:
        b, lo, hi = fnum(m["stripping_ratio"]), fnum(m["stripping_ratio_min"]), fnum(m["stripping_ratio_max"])
        if lo is not None:
            assert lo - 1e-9 <= b <= hi + 1e-9, (m["mine"], b, lo, hi)


def write(name, hdr, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=hdr, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in hdr})


def main():
    mines, mc, log = derive()
    man_m = read_manual("manual_mines.csv", MINES_HDR)
    man_mc = read_manual("manual_mine_commodities.csv", MC_HDR)
    # manual rows override derived rows of the same mine (and mine x commodity)
    mid_man = {r["mine"] for r in man_m}
    mines = [r for r in mines if r["mine"] not in mid_man] + man_m
    key_man = {(r["mine"], r["commodity"]) for r in man_mc}
    mc = [r for r in mc if (r["mine"], r["commodity"]) not in key_man] + man_mc
    mines.sort(key=lambda r: r["mine"])
    mc.sort(key=lambda r: (r["commodity"], r["mine"]))
    check(mines, mc)
    write("mines.csv", MINES_HDR, mines)
    write("mine_commodities.csv", MC_HDR, mc)
    # coverage
    world = {}
    cp = os.path.join(HERE, "commodities.csv")
    if os.path.exists(cp):
        with open(cp, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(l for l in f if not l.startswith("#")):
                world[r["commodity"]] = fnum(r["world_production_t"])
    tot = defaultdict(float)
    n = defaultdict(int)
    for r in mc:
        tot[r["commodity"]] += fnum(r["production_t"]) or 0
        n[r["commodity"]] += 1
    lines = ["derived mines: %d, manual mines: %d, total mines: %d" %
             (len(mines) - len(man_m), len(man_m), len(mines))]
    for c in sorted(tot):
        w = world.get(c)
        lines.append("%-8s rows %3d  sum %14.0f t  world %s  coverage %s" % (
            c, n[c], tot[c], "%.0f" % w if w else "-", "%.1f %%" % (100 * tot[c] / w) if w else "-"))
    lines += log
    with open(os.path.join(HERE, "derived_log.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
