#!/usr/bin/env python3
"""Derive the copper tables of the hiddenflow dataset.

Reads the open compilation of company-report data (Jasansky et al. 2023, Sci Data 10:52,
doi:10.1038/s41597-023-01965-y; CSV export in /work/shared/data/open-mine-production/) and a
small set of figures taken by hand from other public reports (each with its citation, in the
MANUAL dictionaries below), and writes mines.csv, mine_commodities.csv, supply.csv and
commodities.csv next to this script.

python3, standard library only.  Output is deterministic (sorted, fixed rounding).
Usage:  python3 derive_copper.py [--data DIR]
"""
import csv
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("OPEN_MINE_PRODUCTION", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "data", "open-mine-production"))
if "--data" in sys.argv:
    DATA = sys.argv[sys.argv.index("--data") + 1]

JAS = "Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y"
YEARS = [2015, 2016, 2017, 2018, 2019]  # window for head-grade / recovery / SR ranges

# ----------------------------------------------------------------------------------------
# unit handling
LB = 0.45359237e-3  # t per lb
MASS = {
    "t": 1, "tonnes": 1, "tonne": 1, "metric tonnes": 1, "metric tons": 1, "tons": 1,
    "dry metric tonnes": 1, "dmt": 1, "dry tonnes": 1, "wet metric tonnes": 1, "wmt": 1,
    "kt": 1e3, "ktonnes": 1e3, "kilotonnes": 1e3, "thousand tons": 1e3, "thousand tonnes": 1e3,
    "thousand metric tons": 1e3, "thousand metric tonnes": 1e3, "thousands of metric tons": 1e3,
    "000 tonnes": 1e3, "000 metric tonnes": 1e3, "000 tons": 1e3, "thousands of tons": 1e3,
    "mt": 1e6, "million tonnes": 1e6, "million tons": 1e6, "million metric tonnes": 1e6,
    "million metric tons": 1e6, "million dry metric tonnes": 1e6,
    "000 dry short tons": 907.18474, "thousand short tons": 907.18474,
    "million short tons": 907184.74,
    "pounds": LB, "thousand pounds": 1e3 * LB, "thousands of pounds": 1e3 * LB, "klbs": 1e3 * LB,
    "million pounds": 1e6 * LB, "million recoverable pounds": 1e6 * LB,
    "millions of pounds": 1e6 * LB, "millions lbs": 1e6 * LB, "billion pounds": 1e9 * LB,
}


def conv(value, unit):
    if value in ("", None):
        return None
    f = MASS.get(unit.strip().lower())
    if f is None:
        return None
    return float(value) * f


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def rd(x, n=4):
    if x is None:
        return ""
    r = round(x, n)
    if r == int(r) and abs(r) >= 1:
        return str(int(r))
    return ("%." + str(n) + "f") % r if n else str(int(r))


def read(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


C = read("commodities.csv")
M = read("minerals_ores_conce.csv")
W = read("waste.csv")
R = read("capacity_reserves.csv")


def src_of(rows):
    out = []
    for r in rows:
        s = r["source"].strip()
        u = r.get("source_url", "").strip().split(" ;")[0].strip()
        t = "%s (%s)" % (s, u) if u else s
        if t not in out:
            out.append(t)
    return out


def is_cu(r):
    return "opper" in r["commodity"]


def ore_row(r):
    m = r["min_ore_con"].lower()
    return "concentrate" not in m and r["grade_or_yield_unit"].strip() == "%"


class Comp:
    """Year-indexed figures of one compilation mine (optionally one sub_site)."""

    def __init__(self, name, sub=None):
        self.name, self.sub = name, sub
        ok = lambda r: r["mine_fac"] == name and (sub is None or r["sub_site"] == sub)
        self.c = [r for r in C if ok(r) and is_cu(r)]
        self.m = [r for r in M if ok(r)]
        self.w = [r for r in W if ok(r)]
        self.used = []

    def prod(self, y):
        rows = [r for r in self.c if r["year"] == str(y) and conv(r["value"], r["unit"])]
        if not rows:
            return None
        self.used += rows
        return sum(conv(r["value"], r["unit"]) for r in rows)

    def _proc(self, y, moc):
        rows = [r for r in self.m if r["year"] == str(y) and r["type_mineral"] == "Ore processed"
                and r["min_ore_con"].strip() == moc.strip()]
        v = [conv(r["value"], r["unit"]) for r in rows]
        v = [x for x in v if x]
        return sum(v) if v else None

    def head(self, y):
        """Ore-weighted head grade (%) and Cu-weighted recovery of ore rows in year y."""
        rows = [r for r in self.c if r["year"] == str(y) and ore_row(r) and fnum(r["grade"])]
        if not rows:
            return None, None
        num = den = rnum = rden = 0.0
        for r in rows:
            g = fnum(r["grade"])
            v = conv(r["value"], r["unit"])
            ore = v / (g / 100) if v else self._proc(y, r["min_ore_con"])
            ore = ore or 1.0
            num += g * ore
            den += ore
            rec = fnum(r["recovery_rate"])
            if rec:
                rnum += rec * g * ore
                rden += g * ore
        self.used += rows
        return num / den, (rnum / rden if rden else None)

    def conc_grade(self, y):
        rows = [r for r in self.c if r["year"] == str(y) and "oncentrate" in r["min_ore_con"]
                and r["grade_or_yield_unit"].strip() == "%" and fnum(r["grade"])
                and r["min_ore_con"].strip().lower() != "lead concentrate"]
        if not rows:
            return None
        self.used += rows
        return statistics.mean(fnum(r["grade"]) for r in rows)

    def ore(self, y, kind="Ore mined", moc=None):
        rows = [r for r in self.m if r["year"] == str(y) and r["type_mineral"] == kind
                and (moc is None or r["min_ore_con"].strip() in moc)]
        v = [conv(r["value"], r["unit"]) for r in rows]
        if not [x for x in v if x]:
            return None
        self.used += rows
        return sum(x for x in v if x)

    def waste(self, y):
        rows = [r for r in self.w if r["year"] == str(y) and conv(r["value"], r["unit"])
                and r["waste_type"].strip().lower() in ("waste rock", "overburden", "waste material mined", "waste mined", "")]
        if not rows:
            return None
        self.used += rows
        return max(conv(r["value"], r["unit"]) for r in rows)  # duplicates across reports: keep one

    def total(self, y):
        rows = [r for r in self.w if r["year"] == str(y) and conv(r["total_material"], r["unit"])]
        if not rows:
            return None
        self.used += rows
        return conv(rows[0]["total_material"], rows[0]["unit"])

    def sources(self):
        return src_of(self.used)


def reserves(name, sub=None):
    rows = [r for r in R if r["mine_fac"] == name and is_cu(r) and fnum(r["grade"])
            and r["grade_unit"].strip() == "%" and (sub is None or r["sub_site"].strip() == sub)]
    return rows


# ----------------------------------------------------------------------------------------
# mine definitions.  route: conc (flotation concentrate), sxew (heap/dump leach to cathode,
# no concentrate), mixed (both; blended ore-to-product recovery in recovery_beneficiation).
MINES = [
    # id, name, country, deposit_type, mining_method, compilation name, sub_site, route
    ("collahuasi", "Collahuasi", "CL", "porphyry", "open_pit", "Collahuasi", None, "conc"),
    ("los_pelambres", "Los Pelambres", "CL", "porphyry", "open_pit", "Los Pelambres", None, "conc"),
    ("los_bronces", "Los Bronces", "CL", "porphyry", "open_pit", "Los Bronces", None, "mixed"),
    ("centinela_esperanza", "Centinela (Esperanza concentrator)", "CL", "porphyry", "open_pit", "Centinela", "Esperanza", "conc"),
    ("centinela_el_tesoro", "Centinela (El Tesoro cathodes)", "CL", "porphyry", "open_pit", "Centinela", "El Tesoro", "sxew"),
    ("spence", "Spence", "CL", "porphyry", "open_pit", "Pampa Norte", "Spence", "sxew"),
    ("cerro_colorado", "Cerro Colorado", "CL", "porphyry", "open_pit", "Pampa Norte", "Cerro Colorado", "sxew"),
    ("candelaria", "Candelaria", "CL", "iocg", "open_pit_underground", "Candelaria", None, "conc"),
    ("zaldivar", "Zaldívar", "CL", "porphyry", "open_pit", "Zaldivar", None, "sxew"),
    ("antucoya", "Antucoya", "CL", "porphyry", "open_pit", "Antucoya", None, "sxew"),
    ("el_soldado", "El Soldado", "CL", "manto_stratabound", "open_pit_underground", "El Soldado", None, "conc"),
    ("carmen_de_andacollo", "Carmen de Andacollo", "CL", "porphyry", "open_pit", "Carmen de Andacollo", None, "conc"),
    ("antamina", "Antamina", "PE", "skarn", "open_pit", "Antamina", None, "conc"),
    ("marcapunta", "Marcapunta (El Brocal)", "PE", "high_sulphidation_epithermal", "underground", "Marcapunta ", None, "conc"),
    ("ok_tedi", "Ok Tedi", "PG", "porphyry_skarn", "open_pit", "Ok Tedi", None, "conc"),
    ("salobo", "Salobo", "BR", "iocg", "open_pit", "Salobo", None, "conc"),
    ("sossego", "Sossego", "BR", "iocg", "open_pit", "Sossego", None, "conc"),
    ("chapada", "Chapada", "BR", "porphyry", "open_pit", "Chapada", None, "conc"),
    ("highland_valley_copper", "Highland Valley Copper", "CA", "porphyry", "open_pit", "Highland Valley Copper", None, "conc"),
    ("pinto_valley", "Pinto Valley", "US", "porphyry", "open_pit", "Pinto Valley", None, "conc"),
    ("olympic_dam", "Olympic Dam", "AU", "iocg", "underground", "Olympic Dam", None, "conc"),
    ("neves_corvo", "Neves-Corvo", "PT", "vms", "underground", "Neves Corvo", None, "conc"),
    ("cobre_las_cruces", "Cobre Las Cruces", "ES", "vms", "open_pit", "Cobre Las Cruces", None, "sxew"),
    ("guelb_moghrein", "Guelb Moghrein", "MR", "iocg", "open_pit", "Guelb Moghrein", None, "conc"),
    ("ruashi", "Ruashi", "CD", "sediment_hosted_cu_co", "open_pit", "Ruashi", None, "sxew"),
    ("kinsenda", "Kinsenda", "CD", "sediment_hosted_cu", "underground", "Kinsenda", None, "conc"),
    ("kansanshi", "Kansanshi", "ZM", "vein_hosted_cu", "open_pit", "Kansanshi", None, "mixed"),
    ("sentinel", "Sentinel (Trident)", "ZM", "sediment_hosted_cu", "open_pit", "Sentinel", None, "conc"),
    ("nornickel_taimyr", "Nornickel Polar Division (Taimyr)", "RU", "magmatic_sulfide", "underground", "Nornickel Taimyr Peninsula", None, "conc"),
    # mines without head grades in the compilation (reserve-based, see RES / MANUAL below)
    ("escondida", "Escondida", "CL", "porphyry", "open_pit", None, None, "mixed"),
    ("chuquicamata", "Chuquicamata (Codelco)", "CL", "porphyry", "open_pit", "Codelco Norte", "Chuquicamata", "conc"),
    ("radomiro_tomic", "Radomiro Tomic (Codelco)", "CL", "porphyry", "open_pit", "Codelco Norte", "Radomiro Tomic", "mixed"),
    ("ministro_hales", "Ministro Hales (Codelco)", "CL", "porphyry", "open_pit", "Ministro Hales", None, "conc"),
    ("gabriela_mistral", "Gabriela Mistral (Codelco)", "CL", "porphyry", "open_pit", "Gabriela Mistral", None, "sxew"),
    ("andina", "Andina (Codelco)", "CL", "porphyry", "open_pit_underground", "Andina", None, "conc"),
    ("el_teniente", "El Teniente (Codelco)", "CL", "porphyry", "underground", "El Teniente", None, "conc"),
    ("salvador", "Salvador (Codelco)", "CL", "porphyry", "open_pit_underground", "Salvador", None, "mixed"),
    ("el_abra", "El Abra", "CL", "porphyry", "open_pit", "El Abra", None, "sxew"),
    ("cerro_verde", "Cerro Verde", "PE", "porphyry", "open_pit", "Cerro Verde", None, "mixed"),
    ("las_bambas", "Las Bambas", "PE", "porphyry_skarn", "open_pit", "Las Bambas", None, "conc"),
    ("constancia", "Constancia", "PE", "porphyry_skarn", "open_pit", "Constancia", None, "conc"),
    ("toquepala", "Toquepala", "PE", "porphyry", "open_pit", "Toquepala", None, "mixed"),
    ("cuajone", "Cuajone", "PE", "porphyry", "open_pit", "Cuajone", None, "mixed"),
    ("buenavista", "Buenavista del Cobre", "MX", "porphyry", "open_pit", "Buenavista", None, "mixed"),
    ("la_caridad", "La Caridad", "MX", "porphyry", "open_pit", "La Caridad", None, "mixed"),
    ("morenci", "Morenci", "US", "porphyry", "open_pit", "Morenci", None, "mixed"),
    ("bagdad", "Bagdad", "US", "porphyry", "open_pit", "Bagdad", None, "mixed"),
    ("sierrita", "Sierrita", "US", "porphyry", "open_pit", "Sierrita", None, "conc"),
    ("safford", "Safford", "US", "porphyry", "open_pit", "Safford", None, "sxew"),
    ("chino", "Chino", "US", "porphyry", "open_pit", "Chino", None, "mixed"),
    ("tyrone", "Tyrone", "US", "porphyry", "open_pit", "Tyrone", None, "sxew"),
    ("bingham_canyon", "Bingham Canyon (Kennecott)", "US", "porphyry", "open_pit", "Bingham Canyon", None, "conc"),
    ("oyu_tolgoi", "Oyu Tolgoi", "MN", "porphyry", "open_pit", "Oyu Tolgoi", None, "conc"),
    ("lumwana", "Lumwana", "ZM", "sediment_hosted_cu", "open_pit", "Lumwana", None, "conc"),
    ("mopani", "Mopani", "ZM", "sediment_hosted_cu_co", "underground", "Mopani", None, "conc"),
    ("kamoto_kcc", "Kamoto Copper Company (KCC)", "CD", "sediment_hosted_cu_co", "open_pit_underground", "Katanga Mining Complex", None, "sxew"),
    ("mutanda", "Mutanda", "CD", "sediment_hosted_cu_co", "open_pit", "Mutanda", None, "sxew"),
    ("kinsevere", "Kinsevere", "CD", "sediment_hosted_cu", "open_pit", "Kinsevere", None, "sxew"),
    ("kolwezi_zijin", "Kolwezi (Zijin, COMMUS)", "CD", "sediment_hosted_cu_co", "open_pit", "Kolwezi ", None, "conc"),
    ("prominent_hill", "Prominent Hill", "AU", "iocg", "underground", "Prominent Hill", None, "conc"),
    ("cadia", "Cadia Valley", "AU", "porphyry", "underground", "Cadia", None, "conc"),
    ("aktogay", "Aktogay", "KZ", "porphyry", "open_pit", "Aktogay", None, "mixed"),
    ("bozshakol", "Bozshakol", "KZ", "porphyry", "open_pit", "Bozshakol", None, "conc"),
    ("aitik", "Aitik", "SE", "porphyry", "open_pit", "Aitik", None, "conc"),
    ("kghm_polkowice_sieroszowice", "Polkowice-Sieroszowice (KGHM)", "PL", "sediment_hosted_cu", "underground", "Polkowice-Sieroszowice", None, "conc"),
    ("kghm_rudna", "Rudna (KGHM)", "PL", "sediment_hosted_cu", "underground", "Rudna", None, "conc"),
    ("kghm_lubin", "Lubin (KGHM)", "PL", "sediment_hosted_cu", "underground", "Lubin", None, "conc"),
    ("degrussa", "DeGrussa", "AU", "vms", "underground", "DeGrussa", None, "conc"),
    ("cayeli", "Çayeli", "TR", "vms", "underground", "Cayeli", None, "conc"),
    ("nifty", "Nifty", "AU", "sediment_hosted_cu", "underground", "Nifty", None, "conc"),
    ("cozamin", "Cozamin", "MX", "vein_polymetallic", "underground", "Cozamin", None, "conc"),
    ("eagle", "Eagle", "US", "magmatic_sulfide", "underground", "Eagle", None, "conc"),
    ("wetar", "Wetar", "ID", "vms", "open_pit", "Wetar", None, "sxew"),
    ("didipio", "Didipio", "PH", "porphyry", "open_pit_underground", "Didipio", None, "conc"),
    ("kipoi", "Kipoi", "CD", "sediment_hosted_cu", "open_pit", "Kipoi", None, "sxew"),
    ("zijinshan", "Zijinshan gold-copper mine", "CN", "high_sulphidation_epithermal", "open_pit", "Zijinshan", None, "mixed"),
    ("duobaoshan", "Duobaoshan", "CN", "porphyry", "open_pit", "Duobaoshan", None, "conc"),
    ("ashele", "Ashele", "CN", "vms", "underground", "Ashele", None, "conc"),
    ("shuguang", "Shuguang (Zijin)", "CN", "porphyry", "open_pit", "Shuguang", None, "conc"),
]

# production figures not in the compilation (or newer), t Cu, with year and citation
PROD_MANUAL = {
    "escondida": (1135000, 2019, "BHP Operational Review for the year ended 30 June 2019 (FY2019, 100% basis; as reported in https://steelguru.com/metal/bhp-q2-copper-production-update/544393)"),
    "las_bambas": (382500, 2019, "MMG Las Bambas 2019 production, interview with E. Orderique, Global Business Reports (https://gbreports.com/interview/edgardo-orderique)"),
    "kansanshi": (232000, 2019, "First Quantum Minerals (2020) Annual Report 2019, operations summary (https://quarterlytics.com/company/first-quantum-minerals_fm/annual-report-2019); FQM 2019 preliminary production release 9 Jan 2020"),
    "sentinel": (220000, 2019, "First Quantum Minerals (2020) Annual Report 2019, operations summary (https://quarterlytics.com/company/first-quantum-minerals_fm/annual-report-2019)"),
    "tenke_fungurume": (177956, 2019, "CMOC, The DRC - copper and cobalt (https://en.cmoc.com/html/Business/Congo-Cu-Co/): 177,956 t Cu and 16,098 t Co in 2019"),
    "aktogay": (145700, 2019, "KAZ Minerals Group production report Q4 2019, 30 Jan 2020 (https://markets.ft.com/data/announce/detail?dockey=1323-14403450-78UI2B4I1HLLFDBSDEGDND5KDL)"),
    "bozshakol": (110200, 2019, "KAZ Minerals Group production report Q4 2019, 30 Jan 2020 (https://markets.ft.com/data/announce/detail?dockey=1323-14403450-78UI2B4I1HLLFDBSDEGDND5KDL)"),
}

# years excluded from head-grade / recovery ranges (ramp-up): Sentinel declared commercial production in Nov 2016
YEAR_WINDOW = {"sentinel": [2017, 2018, 2019]}

# reserve / resource grades (%, best,min,max) where the compilation has no head grades
# each: (basis, best, min, max, citation, recovery_best, rec_min, rec_max) -- recovery None = estimate
RES = {}


def res_from(mine_id, name, sub=None, note=""):
    rows = reserves(name, sub)
    if not rows:
        return
    g = [fnum(r["grade"]) for r in rows]
    ton = [fnum(r["reserves_mineral_value"]) or 0 for r in rows]
    rec = [fnum(r["metallurgical_recovery"]) for r in rows]
    # tonnage-weighted reserve grade; recovery weighted by contained copper (FCX 10-K gives both)
    if sum(ton) > 0:
        best = sum(a * b for a, b in zip(g, ton)) / sum(ton)
    else:
        best = statistics.mean(g)
    rb = rmin = rmax = None
    if all(x is not None and 0 < x <= 100 for x in rec) and sum(ton) > 0:
        cont = [a * b for a, b in zip(g, ton)]
        rb = sum(c * x for c, x in zip(cont, rec)) / sum(cont) / 100
        rmin, rmax = min(rec) / 100, max(rec) / 100
    RES[mine_id] = ("reserve", best, min(g), max(g), src_of(rows), rb, rmin, rmax, note)


for mid, nm, sub in [("chuquicamata", "Codelco Norte", "Chuquicamata"), ("radomiro_tomic", "Codelco Norte", "Radomiro Tomic"),
                     ("ministro_hales", "Ministro Hales", None), ("gabriela_mistral", "Gabriela Mistral", None),
                     ("andina", "Andina", None), ("el_teniente", "El Teniente", None), ("salvador", "Salvador", None),
                     ("el_abra", "El Abra", None), ("cerro_verde", "Cerro Verde", None), ("las_bambas", "Las Bambas", None),
                     ("constancia", "Constancia", None), ("morenci", "Morenci", None), ("bagdad", "Bagdad", None),
                     ("sierrita", "Sierrita", None), ("safford", "Safford", None), ("chino", "Chino", None),
                     ("tyrone", "Tyrone", None), ("bingham_canyon", "Bingham Canyon", None), ("lumwana", "Lumwana", None),
                     ("mopani", "Mopani", None), ("kamoto_kcc", "Katanga Mining Complex", None), ("mutanda", "Mutanda", None),
                     ("kinsevere", "Kinsevere", None), ("kolwezi_zijin", "Kolwezi ", None), ("prominent_hill", "Prominent Hill", None),
                     ("cadia", "Cadia", None), ("aktogay", "Aktogay", None), ("bozshakol", "Bozshakol", None), ("aitik", "Aitik", None),
                     ("zijinshan", "Zijinshan", None), ("duobaoshan", "Duobaoshan", None), ("ashele", "Ashele", None),
                     ("shuguang", "Shuguang", None), ("degrussa", "DeGrussa", None)]:
    res_from(mid, nm, sub)

# Oyu Tolgoi: 2018 production came from the open pit only -> open-pit reserves
_ot = [r for r in reserves("Oyu Tolgoi") if not r["sub_site"].strip()]
RES["oyu_tolgoi"] = ("reserve", 0.43, min(fnum(r["grade"]) for r in _ot), max(fnum(r["grade"]) for r in _ot),
                     src_of(_ot), None, None, None, "open-pit reserves only (2018 production was from the open pit)")
# Escondida: reserves as at 30 June 2019 (BHP Annual Report 2020, p. 294, column 'As at 30 June 2019')
RES["escondida"] = ("reserve", 0.65, 0.42, 0.70,
                    ["BHP Annual Report 2020, Ore Reserves table p. 294 (https://content.bhp.com/annual-report-2020/files/basic-html/page294.html): sulphide 0.65 %TCu, sulphide leach 0.42 %TCu, oxide 0.60 %TCu as at 30 June 2019; proved sulphide 0.70 %TCu as at 30 June 2020"],
                    None, None, None, "best = sulphide (concentrator) reserve grade at 30 June 2019; min = sulphide-leach reserve; max = proved sulphide reserve 2020")
# Prominent Hill: only the 1.2 % (underground) reserve is relevant in 2019 (open pit finished 2018)
_ph = [r for r in reserves("Prominent Hill") if fnum(r["grade"]) > 1]
RES["prominent_hill"] = ("reserve", 1.2, None, None, src_of(_ph), None, None, None, "underground ore reserve (open pit mined out in 2018; 0.2 % stockpile reserve excluded)")
# KGHM: company-wide head grade and per-deposit geological resource grades
KGHM_SRC = ["KGHM Polska Miedz (2018) Integrated Report 2017, Mining and metallurgical production (http://2017.raportroczny.kghm.com/en/our-business-results/mining-and-metallurgical-production/): average Cu content of extracted ore 1.5 % in 2017, Cu in extracted ore 466.8 kt, Cu in concentrate 419.3 kt, concentrate 1,833 kt dry",
            "KGHM, Mining and enrichment (http://kghm.com/en/our-business/mining-and-enrichment): geological resources 31.12.2015, Cu % Lubin-Malomice 1.32, Polkowice 2.35, Rudna 1.65, Sieroszowice 2.67"]
RES["kghm_lubin"] = ("head", 1.5, 1.32, 1.5, KGHM_SRC, 419.3 / 466.8, None, None, "best = KGHM-wide head grade 2017; range to the deposit's geological resource grade (2015)")
RES["kghm_rudna"] = ("head", 1.5, 1.5, 1.65, KGHM_SRC, 419.3 / 466.8, None, None, "best = KGHM-wide head grade 2017; range to the deposit's geological resource grade (2015)")
RES["kghm_polkowice_sieroszowice"] = ("head", 1.5, 1.5, 2.67, KGHM_SRC, 419.3 / 466.8, None, None, "best = KGHM-wide head grade 2017; range to the deposits' geological resource grades (Polkowice 2.35, Sieroszowice 2.67; 2015)")
KGHM_CONC = 419.3 / 1833 * 100

# smelting/refining recovery (concentrate -> anode): Kansanshi smelter 2015-2018 (FQM ARs, in the compilation)
_sm = [r for r in read("processing.csv") if r["mine_fac"] == "Kansanshi" and r["type_facility"] == "Smelter" and fnum(r["recovery_rate"])]
SMELT = [fnum(r["recovery_rate"]) for r in _sm]
SMELT_SRC = src_of(_sm)
SMELT_BASIS = ("concentrate-to-anode copper recovery of the Kansanshi smelter %d-%d (%s), used for all concentrates; "
               "electrorefining losses taken as negligible" % (min(int(r["year"]) for r in _sm), max(int(r["year"]) for r in _sm),
                                                              "; ".join("%s %.2f" % (r["year"], fnum(r["recovery_rate"])) for r in sorted(_sm, key=lambda r: r["year"]))))

# ----------------------------------------------------------------------------------------
def span(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None, None
    return min(vals), max(vals)


out_mines, out_mc, notes = [], [], {}
reported_sr_op, reported_rec_flot, reported_rec_leach, reported_conc = [], [], [], []
pending = []

for (mid, name, cc, dep, meth, cname, sub, route) in MINES:
    comp = Comp(cname, sub) if cname else None
    d = dict(mine=mid, name=name, country=cc, deposit_type=dep, mining_method=meth, route=route,
             est=[], basis=[], src=[], comp=comp)
    # ---- production
    if mid in PROD_MANUAL:
        d["prod"], d["year"], s = PROD_MANUAL[mid]
        d["src"].append(s)
    else:
        yrs = [y for y in YEARS[::-1] if comp.prod(y)]
        if not yrs:
            d["prod"] = None
            d["year"] = None
        else:
            d["year"] = yrs[0]
            d["prod"] = comp.prod(yrs[0])
    # ---- head grades & recoveries from the compilation
    heads = {}
    if comp:
        for y in YEAR_WINDOW.get(mid, YEARS):
            g, rc = comp.head(y)
            if g:
                heads[y] = (g, rc)
    d["heads"] = heads
    d["concg"] = {y: comp.conc_grade(y) for y in YEARS if comp and comp.conc_grade(y)}
    pending.append(d)

# --- stripping ratios that can be derived from reported tonnages -------------------------
def sr_years(d):
    comp, mid = d["comp"], d["mine"]
    out = {}
    if comp is None:
        return out
    for y in YEARS:
        sr = None
        if mid in ("toquepala", "cuajone", "buenavista", "la_caridad"):
            # SCC: total material mined; ore = sulphide ore mined + leach (oxide) material mined
            t = comp.total(y)
            o = comp.ore(y, "Ore mined")
            if t and o:
                sr = (t - o) / o
        elif mid in ("antamina", "highland_valley_copper", "carmen_de_andacollo", "spence", "cerro_colorado"):
            # total material mined less ore milled/stacked (Teck, BHP report material mined and ore processed)
            t = comp.total(y)
            o = comp.ore(y, "Ore processed")
            if t and o:
                sr = (t - o) / o
        elif mid == "kansanshi":
            wv = comp.waste(y)
            o = comp.ore(y, "Ore processed")
            if wv and o:
                sr = wv / o
        else:
            wv = comp.waste(y)
            o = comp.ore(y, "Ore mined")
            if wv and o and d["mining_method"] != "underground":
                sr = wv / o
        if sr is not None:
            out[y] = sr
    return out


for d in pending:
    d["sr"] = sr_years(d)
    if d["sr"] and d["mining_method"] in ("open_pit", "open_pit_underground"):
        # only steady-state years (drop pre-strip / ramp-up years with SR > 6)
        reported_sr_op += [v for v in d["sr"].values() if v <= 6]
    for y, (g, rc) in d["heads"].items():
        if rc:
            if d["route"] == "conc":
                reported_rec_flot.append(rc)
            elif d["route"] == "sxew":
                reported_rec_leach.append(rc)
    for y, cg in d["concg"].items():
        reported_conc.append(cg)

def p10_50_90(v):
    q = statistics.quantiles(sorted(v), n=10, method="inclusive")
    return (statistics.median(v), q[0], q[-1])


SR_OP = p10_50_90(reported_sr_op)
REC_FLOT = p10_50_90(reported_rec_flot)
REC_LEACH = p10_50_90(reported_rec_leach)
CONC = p10_50_90(reported_conc)
SR_OP_BASIS = ("median and 10th-90th percentile range of the stripping ratios (waste / ore mined, or total material less ore, 2015-2019, "
               "steady-state years <= 6) reported or derivable for %d mine-years of open-pit copper mines in this dataset "
               "(Jasansky et al. 2023 compilation); mine reports none" % len(reported_sr_op))
REC_FLOT_BASIS = ("median and 10th-90th percentile range of %d reported flotation recoveries (concentrator mines, 2015-2019) in this dataset "
                  "(Jasansky et al. 2023 compilation); mine reports none" % len(reported_rec_flot))
REC_LEACH_BASIS = ("median and 10th-90th percentile range of %d reported heap/dump-leach-to-cathode recoveries (2015-2019) in this dataset "
                   "(Jasansky et al. 2023 compilation); mine reports none" % len(reported_rec_leach))
CONC_BASIS = ("median and 10th-90th percentile range of %d reported copper concentrate grades (2015-2019) in this dataset "
              "(Jasansky et al. 2023 compilation); mine reports none" % len(reported_conc))
UG_BASIS = "underground mine: development waste only, stripping ratio 0-0.2 (brief convention); not reported"

# ----------------------------------------------------------------------------------------
for d in pending:
    mid, comp, route = d["mine"], d["comp"], d["route"]
    est, basis = d["est"], d["basis"]
    if d["year"] is None and mid == "nornickel_taimyr":
        d["year"] = 2019
    y = d["year"]
    row = dict(mine=mid, commodity="copper", production_t=d["prod"], ore_grade_unit="pct")
    # ---------------- grade & recovery
    if mid in ("toquepala", "cuajone", "buenavista", "la_caridad"):
        # blend concentrator + leach ore of the same pit (SCC 10-K data in the compilation)
        def blend(yy):
            s_proc = comp.ore(yy, "Ore processed", ("Sulfide",))
            s_mined = comp.ore(yy, "Ore mined", ("Sulfide",))
            l_mined = comp.ore(yy, "Ore mined", ("Oxide",))
            cu_conc = sum(conv(r["value"], r["unit"]) for r in comp.c if r["year"] == str(yy) and r["min_ore_con"] == "Copper concentrate" and conv(r["value"], r["unit"]))
            cu_leach = sum(conv(r["value"], r["unit"]) for r in comp.c if r["year"] == str(yy) and r["min_ore_con"] == "Oxide" and conv(r["value"], r["unit"]))
            gl = None
            for r in comp.m:
                if r["year"] == str(yy) and r["type_mineral"] == "Ore mined" and r["min_ore_con"] == "Oxide" and fnum(r["all_metals_overall_grade"]):
                    gl = fnum(r["all_metals_overall_grade"])
            for r in comp.c:
                if r["year"] == str(yy) and r["min_ore_con"] == "Oxide" and fnum(r["grade"]):
                    gl = fnum(r["grade"])
            if not (s_proc and s_mined and cu_conc):
                return None
            gs = cu_conc / s_proc / REC_FLOT[0] * 100  # sulphide head grade implied by median flotation recovery
            lm = l_mined or 0.0
            contained = s_mined * gs / 100 + lm * (gl or 0) / 100
            g = contained / (s_mined + lm) * 100
            rec = (cu_conc + cu_leach) / contained
            return g, rec, gs, gl, s_mined, lm
        bl = {yy: blend(yy) for yy in YEARS}
        bl = {k: v for k, v in bl.items() if v and v[1] <= 1}
        yb = max(k for k in bl if k <= y)
        g, rec = bl[yb][0], bl[yb][1]
        gmin, gmax = span([v[0] for v in bl.values()])
        rmin, rmax = span([v[1] for v in bl.values()])
        row.update(ore_grade=g, ore_grade_min=gmin, ore_grade_max=gmax, ore_grade_basis="head",
                   recovery_beneficiation=rec, recovery_beneficiation_min=rmin, recovery_beneficiation_max=rmax)
        est += ["ore_grade", "recovery_beneficiation"]
        basis.append("ore grade = ore-weighted blend of concentrator head grade and leach-material grade of the pit; concentrator head grade "
                     "= Cu in concentrate / ore milled / median flotation recovery (%.3f, %s); leach grade and leach copper as reported; "
                     "recovery = (Cu in concentrate + SX-EW cathode) / Cu contained in sulphide ore + leach material mined; range over %s"
                     % (REC_FLOT[0], REC_FLOT_BASIS, "-".join(str(k) for k in (min(bl), max(bl)))))
    elif d["heads"]:
        hy = max(k for k in d["heads"] if k <= y) if any(k <= y for k in d["heads"]) else max(d["heads"])
        g, rc = d["heads"][hy]
        gmin, gmax = span([v[0] for v in d["heads"].values()])
        row.update(ore_grade=g, ore_grade_basis="head")
        if gmax - gmin > 1e-9:
            row.update(ore_grade_min=gmin, ore_grade_max=gmax)
        if hy != y:
            basis.append("head grade of %d (latest reported before/at production year)" % hy)
        rcs = [v[1] for v in d["heads"].values() if v[1]]
        if rc:
            row["recovery_beneficiation"] = rc
            lo, hi = span(rcs)
            if hi - lo > 1e-9:
                row.update(recovery_beneficiation_min=lo, recovery_beneficiation_max=hi)
        else:
            row["recovery_beneficiation"] = None
            rr = [] if mid in ("spence", "cerro_colorado") else [r for r in reserves(comp.name) if fnum(r["metallurgical_recovery"]) and 0 < fnum(r["metallurgical_recovery"]) <= 100]
            if rr:
                vals = [fnum(r["metallurgical_recovery"]) / 100 for r in rr]
                row["recovery_beneficiation"] = statistics.mean(vals)
                d["src"] += src_of(rr)
                basis.append("recovery = metallurgical recovery of the ore reserve (no annual recovery reported)")
        if mid == "spence" or mid == "cerro_colorado":
            # BHP reports grade of ore stacked but no recovery: derive = cathode / (ore stacked x grade)
            vals = {}
            for yy in YEARS:
                o = comp.ore(yy, "Ore processed")
                p = comp.prod(yy)
                if o and p and yy in d["heads"]:
                    vals[yy] = p / (o * d["heads"][yy][0] / 100)
            vals = {k: v for k, v in vals.items() if v <= 1}
            row["recovery_beneficiation"] = vals.get(y)
            lo, hi = span(vals.values())
            row.update(recovery_beneficiation_min=lo, recovery_beneficiation_max=hi)
            basis.append("leach recovery derived from reported cathode output / (ore stacked x head grade), %d-%d (stacking-to-cathode lag ignored)" % (min(vals), max(vals)))
    elif mid in RES:
        b, best, lo, hi, rs, rb, rlo, rhi, note = RES[mid]
        row.update(ore_grade=best, ore_grade_basis=b)
        if lo is not None and hi is not None and hi - lo > 1e-9:
            row.update(ore_grade_min=min(lo, best), ore_grade_max=max(hi, best))
        d["src"] += rs
        if note:
            basis.append(note)
        if rb:
            row["recovery_beneficiation"] = rb
            if rlo is not None and rhi - rlo > 1e-9:
                row.update(recovery_beneficiation_min=rlo, recovery_beneficiation_max=rhi)
            if rlo is not None:
                basis.append("recovery = reserve metallurgical recoveries weighted by contained copper (FCX 10-K reserve table)")
    elif mid == "nornickel_taimyr":
        pass
    else:
        raise SystemExit("no grade for " + mid)

    # recovery estimates where nothing is reported
    if row.get("recovery_beneficiation") is None:
        if route == "sxew":
            row.update(recovery_beneficiation=REC_LEACH[0], recovery_beneficiation_min=REC_LEACH[1], recovery_beneficiation_max=REC_LEACH[2])
            est.append("recovery_smelting")
            basis.append("leach-to-cathode recovery: " + REC_LEACH_BASIS)
        else:
            row.update(recovery_beneficiation=REC_FLOT[0], recovery_beneficiation_min=REC_FLOT[1], recovery_beneficiation_max=REC_FLOT[2])
            est.append("recovery_beneficiation")
            basis.append("recovery: " + REC_FLOT_BASIS)

    # ---------------- route-specific columns
    if route == "sxew":
        # no concentrate: leach-to-cathode recovery goes to recovery_smelting
        rs = row.pop("recovery_beneficiation")
        rs_min = row.pop("recovery_beneficiation_min", None)
        rs_max = row.pop("recovery_beneficiation_max", None)
        row.update(recovery_smelting=rs, recovery_smelting_min=rs_min, recovery_smelting_max=rs_max)
        basis.append("SX-EW operation (no concentrate): recovery_smelting = ore-to-cathode leach recovery")
    else:
        row.update(recovery_smelting=statistics.median(SMELT), recovery_smelting_min=min(SMELT), recovery_smelting_max=max(SMELT))
        est.append("recovery_smelting")
        basis.append("smelting: " + SMELT_BASIS)
        cg = d["concg"]
        if mid.startswith("kghm_"):
            row.update(concentrate_grade_pct=KGHM_CONC)
        elif cg:
            cy = max(k for k in cg if k <= y) if any(k <= y for k in cg) else max(cg)
            row["concentrate_grade_pct"] = cg[cy]
            lo, hi = span(cg.values())
            if hi - lo > 1e-9:
                row.update(concentrate_grade_pct_min=lo, concentrate_grade_pct_max=hi)
        else:
            row.update(concentrate_grade_pct=CONC[0], concentrate_grade_pct_min=CONC[1], concentrate_grade_pct_max=CONC[2])
            est.append("concentrate_grade_pct")
            basis.append("concentrate grade: " + CONC_BASIS)
        if route == "mixed" and mid not in ("toquepala", "cuajone", "buenavista", "la_caridad"):
            basis.append("flotation and SX-EW from the same pit: recovery_beneficiation is the blended ore-to-product recovery")
    d["row"] = row

# ---- Nornickel Taimyr: production derived (ore mined x head grade x recovery, all reported 2019)
for d in pending:
    if d["mine"] == "nornickel_taimyr":
        comp = d["comp"]
        o = comp.ore(2019, "Ore mined")
        g, rc = d["heads"][2019]
        d["prod"] = o * g / 100 * rc
        d["year"] = 2019
        d["row"]["production_t"] = d["prod"]
        d["est"].append("production_t")
        d["basis"].append("production_t = ore mined 2019 x Cu head grade 2019 x Cu recovery 2019 as reported by Nornickel (copper in concentrate, before smelting; Polar Division only, Kola excluded)")

# ---------------- stripping ratios
for d in pending:
    mid = d["mine"]
    m = dict(mine=mid, name=d["name"], country=d["country"], deposit_type=d["deposit_type"], mining_method=d["mining_method"])
    comp = d["comp"]
    y = d["year"]
    om = None
    if comp:
        om = comp.ore(y, "Ore mined")
        if mid in ("spence", "cerro_colorado", "antamina", "highland_valley_copper", "carmen_de_andacollo", "kansanshi", "olympic_dam"):
            om = comp.ore(y, "Ore processed") or om
    m["ore_mined_mt"] = om / 1e6 if om else None
    srs = {k: v for k, v in d["sr"].items() if v <= 6 or len(d["sr"]) == 1}
    if d["mining_method"] == "underground":
        m.update(stripping_ratio=0.1, stripping_ratio_min=0.0, stripping_ratio_max=0.2, stripping_ratio_basis="estimated")
        d["mest"] = ["stripping_ratio"]
        d["mbasis"] = [UG_BASIS]
    elif srs:
        ky = max(k for k in srs if k <= y) if any(k <= y for k in srs) else max(srs)
        lo, hi = span(srs.values())
        m.update(stripping_ratio=srs[ky], stripping_ratio_basis="reported")
        if hi - lo > 1e-9:
            m.update(stripping_ratio_min=lo, stripping_ratio_max=hi)
        d["mest"] = []
        kinds = {"toquepala": "(total material mined - ore and leach material mined) / (ore + leach material mined)",
                 "cuajone": "(total material mined - ore and leach material mined) / (ore + leach material mined)",
                 "buenavista": "(total material mined - ore and leach material mined) / (ore + leach material mined)",
                 "la_caridad": "(total material mined - ore and leach material mined) / (ore + leach material mined)",
                 "kansanshi": "waste rock mined / ore processed"}
        how = kinds.get(mid, "(material mined - ore processed) / ore processed" if mid in ("antamina", "highland_valley_copper", "carmen_de_andacollo", "spence", "cerro_colorado") else "waste rock / ore mined")
        d["mbasis"] = ["stripping ratio = %s from reported tonnages, %d (range %s)" % (how, ky, ", ".join("%d" % k for k in sorted(srs)))]
        if ky != y:
            d["mbasis"][-1] += "; latest reported year before/at production year"
    else:
        sr_best = SR_OP[0]
        if d["mining_method"] == "open_pit_underground":
            m.update(stripping_ratio=sr_best, stripping_ratio_min=0.0, stripping_ratio_max=SR_OP[2], stripping_ratio_basis="estimated")
            d["mbasis"] = ["open pit + underground: " + SR_OP_BASIS + "; lower bound 0 for the underground part"]
        else:
            m.update(stripping_ratio=sr_best, stripping_ratio_min=SR_OP[1], stripping_ratio_max=SR_OP[2], stripping_ratio_basis="estimated")
            d["mbasis"] = [SR_OP_BASIS]
        d["mest"] = ["stripping_ratio"]
    d["m"] = m

# ----------------------------------------------------------------------------------------
MH = "mine,name,country,deposit_type,mining_method,ore_mined_mt,stripping_ratio,stripping_ratio_min,stripping_ratio_max,stripping_ratio_dist,stripping_ratio_basis,source,year,estimated,estimate_basis".split(",")
CH = "mine,commodity,production_t,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,ore_grade_basis,recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,concentrate_grade_pct,concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,source,year,estimated,estimate_basis".split(",")

PREC = {"production_t": 0, "ore_mined_mt": 2, "stripping_ratio": 3, "stripping_ratio_min": 3, "stripping_ratio_max": 3,
        "ore_grade": 3, "ore_grade_min": 3, "ore_grade_max": 3, "recovery_beneficiation": 3, "recovery_beneficiation_min": 3,
        "recovery_beneficiation_max": 3, "recovery_smelting": 3, "recovery_smelting_min": 3, "recovery_smelting_max": 3,
        "concentrate_grade_pct": 2, "concentrate_grade_pct_min": 2, "concentrate_grade_pct_max": 2}


def fmt(row, header):
    out = {}
    for k in header:
        v = row.get(k)
        if isinstance(v, float):
            v = rd(v, PREC.get(k, 4))
        elif v is None:
            v = ""
        out[k] = v
    return out


def srcjoin(d):
    s = list(d["src"])
    if d["comp"]:
        s += d["comp"].sources()
        s.append(JAS)
    seen = []
    for x in s:
        if x not in seen:
            seen.append(x)
    return " | ".join(seen)


def check(row, q):
    b, lo, hi = row.get(q), row.get(q + "_min"), row.get(q + "_max")
    if b is None:
        return
    if lo is not None and (lo > b + 1e-9):
        row[q + "_min"] = b
    if hi is not None and (hi < b - 1e-9):
        row[q + "_max"] = b


mines_rows, mc_rows = [], []
for d in sorted(pending, key=lambda d: d["mine"]):
    if not d["prod"]:
        raise SystemExit("no production for " + d["mine"])
    source = srcjoin(d)
    m = dict(d["m"])
    check(m, "stripping_ratio")
    m.update(source=source, year=d["year"], estimated=";".join(d["mest"]), estimate_basis="; ".join(d["mbasis"]))
    mines_rows.append(fmt(m, MH))
    r = dict(d["row"])
    for q in ("ore_grade", "recovery_beneficiation", "recovery_smelting", "concentrate_grade_pct"):
        check(r, q)
    r.update(source=source, year=d["year"], estimated=";".join(dict.fromkeys(d["est"])), estimate_basis="; ".join(d["basis"]))
    mc_rows.append(fmt(r, CH))


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


write("mines.csv", MH, mines_rows)
write("mine_commodities.csv", CH, mc_rows)

# ----------------------------------------------------------------------------------------
# commodities.csv
WORLD = 20_000_000  # t Cu, USGS MCS 2020, world mine production 2019 (estimated)
USGS = "U.S. Geological Survey (2020) Mineral Commodity Summaries 2020, Copper, pp. 52-53 (https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-copper.pdf): world mine production 2019e 20,000 kt Cu, China 1,600 kt"
ANTAIKE = "Beijing Antaike forecast for 2019 via S&P Global, reported by metalquote.de (https://www.metalquote.de/china-copper-deficit-of-2-65-million-tonne-in-2019/): China 2019 use of copper concentrate 7.37 Mt Cu and scrap 1.48 Mt Cu for refined output 8.85 Mt; ~76 % of primary feed imported"
SCRAPRANGE = "metal-knowledge.com, Consumption and distribution of secondary copper (https://metal-knowledge.com/IE4HtNPELR.html): secondary copper ~12-35 % of China's copper consumption"
KAZ = "KAZ Minerals PLC audited results for the year ended 31 December 2019, 20 Feb 2020 (https://markets.ft.com/data/announce/detail?dockey=1323-14430072-3B42FA8V84J3URKHP4PKIQ06KS): average LME copper price 2019 $6,000/t, 2018 $6,526/t"
com = dict(commodity="copper", name="Copper", world_production_t=WORLD,
           price_usd_per_t=6000, price_usd_per_t_min=6000, price_usd_per_t_max=6526, price_usd_per_t_dist="",
           recycled_share=round(1.48 / (1.48 + 7.37), 3), recycled_share_min=0.12, recycled_share_max=0.35, recycled_share_dist="",
           secondary_tmr_t_per_t="", secondary_tmr_t_per_t_min="", secondary_tmr_t_per_t_max="", secondary_tmr_t_per_t_dist="",
           supply_rule="residual", source=" | ".join([USGS, KAZ, ANTAIKE, SCRAPRANGE]), year=2019,
           estimated="recycled_share",
           estimate_basis=("price = 2019 LME cash average, range up to the 2018 average; recycled_share = scrap / (scrap + concentrate) "
                           "feed of China's refined copper output 2019 (Antaike forecast), range = 12-35 % secondary share of China's copper "
                           "consumption (metal-knowledge.com); secondary_tmr left empty: no public per-tonne TMR of secondary copper was found "
                           "(Yamasue et al. 2009, Mater. Trans. 50:1536, doi:10.2320/matertrans.MBW200816, show urban-ore TMR of copper below "
                           "natural-ore TMR but the value was not retrievable)"))
COMH = "commodity,name,world_production_t,price_usd_per_t,price_usd_per_t_min,price_usd_per_t_max,price_usd_per_t_dist,recycled_share,recycled_share_min,recycled_share_max,recycled_share_dist,secondary_tmr_t_per_t,secondary_tmr_t_per_t_min,secondary_tmr_t_per_t_max,secondary_tmr_t_per_t_dist,supply_rule,source,year,estimated,estimate_basis".split(",")
write("commodities.csv", COMH, [{k: ("" if com.get(k) is None else com.get(k)) for k in COMH}])

# ----------------------------------------------------------------------------------------
# supply.csv: China 2019 copper-in-concentrate supply by country of mining
CN_SHARE = (0.24, 0.22, 0.26)
HAN = "Han J. et al. (2021), Acta Geoscientica Sinica, via http://m.handmsg.com/page/2021/0415/21411910.shtml: China domestic mine output 2019 ~1.63 Mt Cu, import dependence 78.09 %"
CUST = {
    # gross concentrate tonnage shares of China's imports; (best, min, max, source, note)
    "CL": (7.72 / 21.77, 4.74 / 17.05, 7.72 / 21.77,
           "China customs via Winland Metal (https://winlandmetal.com/news/chinas-imports-copper-ore-australia-plummeted-zero): Chile 7.72 Mt of 21.77 Mt in 2020 | China customs 2016 via Business Insider (https://www.thisisinsider.com/chinas-hunger-for-chilean-copper-continues-to-grow-2017-1): Chile 4.74 Mt of 17.05 Mt",
           "2019 share by country not retrieved: best = 2020 customs share, min = 2016 customs share"),
    "PE": (4.61 / 17.05, None, None,
           "China customs 2016 via Business Insider (https://www.thisisinsider.com/chinas-hunger-for-chilean-copper-continues-to-grow-2017-1): Peru 4.61 Mt of 17.05 Mt | Peru MEM 2021 via perueconomico.biz (https://perueconomico.biz/2021/04/14/peruvian-copper-covers-27-of-chinas-imports/): ~27 %",
           "2019 share by country not retrieved: 2016 customs share (27.0 %), consistent with the ~27 % quoted by Peru's ministry for 2020"),
    "MN": (1.50 / 17.05, None, None,
           "China customs 2016 via Business Insider (https://www.thisisinsider.com/chinas-hunger-for-chilean-copper-continues-to-grow-2017-1): Mongolia 1.50 Mt of 17.05 Mt; Mongolia was the 3rd-largest supplier in 2019 (China customs via yinheyouse.com)",
           "2019 share not retrieved: 2016 customs share"),
    "MX": (None, 0.048, 1.50 / 17.05,
           "China customs via yinheyouse.com (http://yinheyouse.com/html/cn/zz/4282.html): in 2019 Mexico was the 4th-largest supplier, after Chile, Peru and Mongolia and ahead of Australia (4.8 %)",
           "2019 share not retrieved: bounded by Australia's 4.8 % (rank 5) and Mongolia's share (rank 3); best = midpoint"),
    "AU": (0.048, None, None,
           "China customs via yinheyouse.com (http://yinheyouse.com/html/cn/zz/4282.html): Australia 4.8 % of China's 2019 copper concentrate imports | Fastmarkets (https://www.fastmarkets.com/insights/chinas-unwrought-copper-imports-jump-copper-concs-imports-flat-in-jan-oct): 1.05 Mt in 2019",
           "reported 2019 share"),
}
mx = CUST["MX"]
CUST["MX"] = ((mx[1] + mx[2]) / 2, mx[1], mx[2], mx[3], mx[4])
tot = sum(v[0] for v in CUST.values())
imp = 1 - CN_SHARE[0]
supply = [dict(commodity="copper", country="CN", share=CN_SHARE[0], share_min=CN_SHARE[1], share_max=CN_SHARE[2], share_dist="",
               source=" | ".join([ANTAIKE, HAN, USGS]), year=2019, estimated="share_min;share_max",
               estimate_basis="CN share = 1 - 76 % import share of China's primary copper-concentrate feed 2019 (Antaike); range 0.22-0.26 spans "
                              "Han et al.'s 1.63 Mt domestic output against ~5.6 Mt Cu in imported concentrate (0.76 x 7.37 Mt)")]
rows = []
for cc in ["CL", "PE", "MN", "MX", "AU"]:
    b, lo, hi, s, note = CUST[cc]
    sh = imp * b / tot
    r = dict(commodity="copper", country=cc, share=sh, share_dist="", source=s, year=2019,
             estimated="share", estimate_basis=("import share of gross concentrate tonnage; %s; the five largest origins (%.1f %% of 2019 imports "
                                                 "by the best estimates) renormalised to the 76 %% import share (rule: remaining origins such as "
                                                 "Kazakhstan, Panama, Spain, DRC spread pro rata); equal Cu content of concentrates assumed") % (note, 100 * tot))
    if lo is not None:
        r["share_min"] = imp * lo / tot
        r["share_max"] = imp * hi / tot
    rows.append(r)
supply += rows
# exact sum to 1: put rounding remainder on the largest origin (CL)
for r in supply:
    r["share"] = round(r["share"], 4)
    for k in ("share_min", "share_max"):
        if k in r:
            r[k] = round(r[k], 4)
diff = round(1 - sum(r["share"] for r in supply), 4)
supply[1]["share"] = round(supply[1]["share"] + diff, 4)
for r in supply:
    if "share_min" in r:
        r["share_min"] = min(r["share_min"], r["share"])
        r["share_max"] = max(r["share_max"], r["share"])
SH = "commodity,country,share,share_min,share_max,share_dist,source,year,estimated,estimate_basis".split(",")
write("supply.csv", SH, [{k: r.get(k, "") for k in SH} for r in supply])

# ----------------------------------------------------------------------------------------
tot_prod = sum(d["prod"] for d in pending)
print("mines: %d   production sum: %.0f t   coverage: %.1f %% of %d t" % (len(pending), tot_prod, 100 * tot_prod / WORLD, WORLD))
print("SR open pit (median,min,max): %.2f %.2f %.2f from %d" % (SR_OP + (len(reported_sr_op),)))
print("flotation recovery: %.3f %.3f %.3f from %d" % (REC_FLOT + (len(reported_rec_flot),)))
print("leach recovery: %.3f %.3f %.3f from %d" % (REC_LEACH + (len(reported_rec_leach),)))
print("conc grade: %.2f %.2f %.2f from %d" % (CONC + (len(reported_conc),)))
gr = [float(r["ore_grade"]) for r in mc_rows]
grmin = [float(r["ore_grade_min"] or r["ore_grade"]) for r in mc_rows]
grmax = [float(r["ore_grade_max"] or r["ore_grade"]) for r in mc_rows]
print("ore grade best range: %.3f-%.3f; incl. ranges %.3f-%.3f" % (min(gr), max(gr), min(grmin), max(grmax)))
print("supply sum:", round(sum(r["share"] for r in supply), 6))
