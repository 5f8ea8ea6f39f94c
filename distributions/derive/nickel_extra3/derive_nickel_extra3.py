#!/usr/bin/env python3
"""Third nickel supplement for hiddenflow (after ../nickel_cobalt, ../nickel_cobalt_extra and ../nickel_extra2):
(A) by-product nickel of platinum-group-metal (PGM) mines already in the dataset -- new mine x commodity pairs (nickel)
for `reef_pgm` mines whose platinum rows come from ../pgm_mn_ree_graphite; (B) the low-grade nickel ore that Societe Le
Nickel (SLN, Eramet) exported from New Caledonia in 2019, as one new mine id (`sln_ore_exports`) beside
`sln_new_caledonia`, whose row counts only the nickel in SLN's ferronickel.

stdlib only, deterministic. Every figure is hand-copied from the public page
cited next to it (found with the `search` tool, see SOURCES.md), or derived from such figures and from the
platinum rows of ../pgm_mn_ree_graphite with the arithmetic written out below. Values that no source reports
are flagged in `estimated`, with the basis in `estimate_basis`.

Run: python3 derive_nickel_extra3.py -> rewrites mines.csv (the sln_ore_exports mine) and mine_commodities.csv here and
prints the derivation and the nickel coverage before/after. It reads, only to check and print:
../pgm_mn_ree_graphite/mine_commodities.csv (the platinum rows copied below), ../../mine_commodities.csv (the
merged dataset, for the coverage) and the open compilation ($OPEN_MINE_PRODUCTION) for the ARM nickel figures.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.join(HERE, '..', '..')
OPEN = os.environ.get('OPEN_MINE_PRODUCTION',
                      os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'open-mine-production'))
WORLD_NI_2019 = 2_700_000  # t Ni, USGS MCS 2020 (distributions/commodities.csv)

MINE_H = ['mine', 'name', 'country', 'deposit_type', 'mining_method', 'ore_mined_mt', 'stripping_ratio',
          'stripping_ratio_min', 'stripping_ratio_max', 'stripping_ratio_dist', 'stripping_ratio_basis', 'source',
          'year', 'estimated', 'estimate_basis']
MC_H = ['mine', 'commodity', 'production_t', 'ore_grade', 'ore_grade_min', 'ore_grade_max', 'ore_grade_dist',
        'ore_grade_unit', 'ore_grade_basis', 'recovery_beneficiation', 'recovery_beneficiation_min',
        'recovery_beneficiation_max', 'recovery_beneficiation_dist', 'recovery_smelting', 'recovery_smelting_min',
        'recovery_smelting_max', 'recovery_smelting_dist', 'concentrate_grade_pct', 'concentrate_grade_pct_min',
        'concentrate_grade_pct_max', 'concentrate_grade_pct_dist', 'source', 'year', 'estimated', 'estimate_basis']

# ---- sources ------------------------------------------------------------------------------------------------
S_AMS_IR = ("Anglo American Platinum, Interim Results 2020, performance highlights, year ended 31 Dec 2019: refined "
            "production nickel 23,036 t, copper 14,211 t (https://docslib.org/download/13080016/re-imagining-mining-to-improve-peoples-lives)")
S_AMS_AR = ("Anglo American Platinum, Annual Results 2020, performance highlights 2019: total PGM production 4,440.8 koz; "
            "refined production excluding tolling 4,650.0 koz PGMs, nickel 23.0 kt (https://docslib.org/doc/29921/re-imagining-mining-to-improve-peoples-lives)")
S_AMS_Q2 = ("Anglo American Platinum PGM production report Q2 2019 (18 Jul 2019): own managed mines 633,600 oz, joint venture "
            "(Kroondal, Modikwa) 228,200 oz, purchase from third parties (BRPM, Siyanda) 256,900 oz, total 1,118,700 oz PGM; "
            "154,400 4E oz returned through toll arrangements (Sibanye-Stillwater Rustenburg 4E material tolled from 1 Jan 2019) "
            "(http://dn.sharenet.co.za/v3/sens_display.php?tdate=20190718080000&seq=3&scode=AMS; "
            "https://www.iol.co.za/business-report/companies/amplats-output-from-own-managed-mines-down-4-in-second-quarter-29410330)")
S_AMS_Q3 = ("Anglo American Platinum PGM production report Q3 2019 (22 Oct 2019): own managed mines 642,500 oz, joint venture "
            "248,200 oz, third parties 250,500 oz, total 1,141,200 oz PGM (excluding Sibanye-Stillwater material) "
            "(https://www.sharenet.co.za/v3/sens_display.php?tdate=20191022080000&seq=17&scode=AMS)")
S_ARM = ("African Rainbow Minerals Ltd. (2019) Integrated Annual Report 2019, F2019 (Jul 2018-Jun 2019): Two Rivers nickel 552 t, "
         "ore processed 3.4 Mt; Modikwa nickel 557 t, ore processed 2.29 Mt (https://arm.co.za/wp-content/uploads/2020/05/ARM_IAR2019.pdf; "
         "via Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y)")
S_PT = ("platinum rows of ../pgm_mn_ree_graphite (production, Pt grade, recoveries; their sources are cited there) | Jones 2005, "
        "An overview of Southern African PGM smelting, Nickel and Cobalt 2005 (SAIMM/CIM), PGM concentrates ~100-600 g/t PGM "
        "(https://www.scribd.com/document/637513525/Untitled)")
S_LON = ("Argus Media (2018), Nickel sulphate plant under way in South Africa: Lonmin produces nickel, copper and chrome as by-products, "
         "most of it from UG2 ore; it sold 2,432 t of refined nickel and 1,782 t of copper in the nine months to 30 June 2018 "
         "(https://argusmedia.com/en/news-and-insights/latest-market-news/1749007-nickel-sulphate-plant-under-way-in-south-africa)")
S_SLN = ("Eramet press release 19 Feb 2020 (FY2019): nickel ore exports 1.6 Mwmt vs. target 1.5 Mwmt "
         "(https://www.finanznachrichten.de/nachrichten-2020-02/48894132-eramet-sa-eramet-ebitda-at-euro-630m-in-2019-reflecting-good-operating-performance-in-a-deteriorated-manganese-price-environment-399.htm) | "
         "Eramet 16 Apr 2019: New Caledonia authorises SLN to export 4 Mt of nickel ore a year for 10 years; SLN will export its lower-grade "
         "nickel ore (1.8 %) unsuited to the Doniambo smelter, which keeps receiving high-grade ore "
         "(https://www.zonebourse.com/ERAMET-4752/actualite/Eramet-le-gouvernement-de-Nouvelle-Caledonie-donne-le-feu-vert-aux-exportations-de-minerai-de-nick-28429035/; "
         "https://steelguru.com/auto/government-of-new-caledonia-gives-green-light-to-sln-s-nickel-ore-exports/538497?type=metal; "
         "Reuters via https://www.latribune.fr/depeches/reuters/KCN1RS0GO/eramet-la-nouvelle-caledonie-autorise-la-sln-a-exporter-du-minerai.html) | "
         "RRB NC Feb 2020: SLN ferronickel 47,000 t in 2019, record ore production (https://sk-admin.rrb.nc/article/le-ca-d-eramet-en-baisse-de-4)")
S_MOIST = ("moisture of laterite DSO 30-40 % (P&I loss-prevention note, "
           "https://andrewliu.com.hk/compweb/cn/loss-prevention-cn/2015-07-30-08-15-43/27-our-services/loss-prevention/cargo-information/4660-2006-05-01; "
           "same convention as ../nickel_cobalt_extra and ../nickel_extra2)")
S_NI_MILLS = ("Ni flotation recovery: Kevitsa 0.61-0.67 (First Quantum AR 2012-2016) and Nkomati 0.60-0.85 rows of ../nickel_cobalt, "
              "via Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y")

# ---- conventions reused from the existing rows ------------------------------------------------------------
RB, RB_LO, RB_HI = 0.65, 0.55, 0.85      # Ni flotation recovery in a PGM concentrator (assumed; see S_NI_MILLS)
RS, RS_LO, RS_HI = 0.95, 0.90, 0.98      # Ni smelting+refining recovery (sulfide convention of ../nickel_cobalt)
RS_PT = 0.97                             # PGM smelting+refining recovery of the platinum rows (../pgm_mn_ree_graphite)
CPT, CPT_LO, CPT_HI = 0.01, 0.004, 0.03  # Pt in PGM concentrate, % (platinum rows; Jones 2005)
WHY_RB = ("Ni recovery of a PGM concentrator not reported; 0.55-0.85 assumed from the low-grade disseminated Ni sulfide mills "
          "in this dataset (Kevitsa 0.61-0.67, Nkomati 0.60-0.85); PGM circuits are tuned for PGMs, hence the low mode")
WHY_RS = "smelting+refining recovery of Ni from PGM concentrate not reported; 0.90-0.98, sulfide convention of ../nickel_cobalt"
WHY_CG = ("Ni in PGM concentrate not reported: Pt concentrate grade of the platinum row 0.01 (0.004-0.03) % (Jones 2005: 100-600 g/t PGM) "
          "x Ni/Pt mass ratio in concentrate of this mine (Ni in concentrate / (Pt refined / 0.97))")

# ---- platinum rows of ../pgm_mn_ree_graphite (copied; checked against the file below) ------------------------
# mine: (Pt t, Pt grade g/t, Pt beneficiation recovery, country, ore type)
PT = {
    'mogalakwena': (15.399, 1.38, 0.82, 'ZA', 'Platreef'),
    'amandelbult': (13.770, 2.86, 0.85, 'ZA', 'Merensky+UG2'),
    'unki': (2.672, 1.65, 0.78, 'ZW', 'Great Dyke MSZ'),
    'mototolo': (3.24, 1.6, 0.84, 'ZA', 'UG2'),
    'kroondal': (9.52, 1.49, 0.8265, 'ZA', 'UG2'),
    'modikwa': (3.765, 1.943, 0.8459, 'ZA', 'UG2'),
    'two_rivers': (4.580, 1.654, 0.8145, 'ZA', 'UG2'),
    'sibanye_rustenburg': (13.08, 2.16, 0.851, 'ZA', 'Merensky+UG2'),
    'marikana': (21.20, 2.32, 0.87, 'ZA', 'UG2+Merensky'),
}


def ore_from_pt(m):
    """Ore processed (t) implied by the platinum row: Pt / (grade x Rb x Rs)."""
    pt, g, rb, _, _ = PT[m]
    return pt / (g * 1e-6 * rb * RS_PT)


# ---- 1. ARM-reported nickel (Two Rivers, Modikwa), F2019 ---------------------------------------------------
ARM_NI = {'two_rivers': 552.0, 'modikwa': 557.0}          # t Ni (in concentrate), ARM IAR 2019
ARM_ORE = {'two_rivers': 3.4e6, 'modikwa': 2.29e6}        # t ore processed, ARM IAR 2019
# UG2 nickel yield per t of ore processed, the mean of the two ARM UG2 mines (Ni in concentrate):
UG2_Y = sum(ARM_NI[m] / ARM_ORE[m] for m in ARM_NI) / len(ARM_NI)   # 1.624e-4 and 2.432e-4 -> 2.03e-4 t/t

# ---- 2. Anglo American Platinum 2019 refined nickel, share of own-managed + JV mines ------------------------
AMS_NI = 23_036.0                       # t refined Ni 2019 (Interim Results 2020; 23.0 kt in Annual Results 2020)
AMS_MC, AMS_REF = 4_440.8, 4_650.0      # koz PGM: 2019 metal in concentrate; refined excl. tolling (pipeline drawdown)
OWN = 633.6 + 642.5                     # koz, own-managed mines (Mogalakwena, Amandelbult, Unki, Mototolo), Q2+Q3 2019
JV = 228.2 + 248.2                      # koz, joint ventures (Kroondal, Modikwa), Q2+Q3 2019
THIRD = 256.9 + 250.5                   # koz, third-party purchases (BRPM, Siyanda), Q2+Q3 2019
TOLL = 2 * 154.4                        # koz 4E tolled for Sibanye-Stillwater Rustenburg: Q2 2019 figure, taken twice for Q2+Q3
# Conservative: the tolled Sibanye Rustenburg concentrate may still have yielded its base metals to Amplats, so it is kept in the
# denominator (if it did not, the share would be (OWN+JV)/(OWN+JV+THIRD) = 0.7755 and the pool 17,060 t).
SHARE = (OWN + JV) / (OWN + JV + THIRD + TOLL)
POOL = AMS_NI * SHARE * AMS_MC / AMS_REF          # t refined Ni from the six dataset mines that feed Amplats

# Split of the pool: Ni is carried by base-metal sulfides, whose amount follows the ore tonnage, not the PGM grade.
#  - UG2 mines (Modikwa, Kroondal, Mototolo): Modikwa = ARM's reported 557 t (x RS to refined terms); Kroondal and Mototolo =
#    ore implied by their platinum row x UG2_Y x RS.
#  - the rest of the pool goes to Mogalakwena (Platreef), Amandelbult (Merensky + UG2) and Unki (Great Dyke MSZ) in proportion
#    to the ore implied by their platinum rows (equal Ni yield per t ore; the Pt-proportional split is printed for comparison).
ams = {}
ams['modikwa'] = ARM_NI['modikwa'] * RS
for m in ('kroondal', 'mototolo'):
    ams[m] = ore_from_pt(m) * UG2_Y * RS
REST = ('mogalakwena', 'amandelbult', 'unki')
rest_pool = POOL - sum(ams.values())
rest_ore = sum(ore_from_pt(m) for m in REST)
for m in REST:
    ams[m] = rest_pool * ore_from_pt(m) / rest_ore

# Sibanye-Stillwater Rustenburg: its 4E concentrate was toll-treated by Amplats in 2019 (tolled ounces kept in the denominator
# above). Whether its base metals stayed in Amplats' 23,036 t or went back to Sibanye, the nickel was mined at Rustenburg; it is
# estimated with the same nickel per PGM ounce as the Amplats receipts: 23,036 x pipeline factor x TOLL / (OWN+JV+THIRD+TOLL).
SR_NI = AMS_NI * (AMS_MC / AMS_REF) * TOLL / (OWN + JV + THIRD + TOLL)

# Marikana (Lonmin, Sibanye-Stillwater from June 2019): 2,432 t refined nickel sold in the nine months to 30 Jun 2018 (Argus). Its
# platinum row is Lonmin's FY Oct 2017-Sep 2018; the nickel row takes the nine months as reported (lower bound of the year), with
# 9/12 of the ore implied by the platinum row for the grade.
LON_NI, LON_MONTHS = 2_432.0, 9

# ---- rows ----------------------------------------------------------------------------------------------------


def f(x, nd=4):
    s = f'{x:.{nd}f}'
    return s.rstrip('0').rstrip('.') if '.' in s else s


def sig(x, n=3):
    return f(float(f'{x:.{n}g}'), 6)


rows = []
derivation = []


def add(m, ni_t, ni_conc, ore, production_refined, src, year, extra_est, extra_why, ore_note=None):
    """ni_t: production_t written; ni_conc: Ni in concentrate (t) over the platinum row's period (for the concentrate
    grade); ore: t ore processed over ni_t's period."""
    y = 100 * ni_t / ore                  # % ; = g x Rb x Rs (refined) or g x Rb (in concentrate)
    if production_refined:
        g = y / (RB * RS)
        glo, ghi = y / (RB_HI * RS_HI), y / (RB_LO * RS_LO)
    else:
        g = y / RB
        glo, ghi = y / RB_HI, y / RB_LO
    pt_conc = PT[m][0] / RS_PT
    ratio = ni_conc / pt_conc
    cg, cglo, cghi = CPT * ratio, CPT_LO * ratio, CPT_HI * ratio
    assert cglo >= ghi * RB_HI, m        # engine check: concentrate grade >= ore grade x recovery
    est = ['ore_grade', 'recovery_beneficiation', 'recovery_smelting', 'concentrate_grade_pct'] + extra_est
    why = [f"Ni grade DERIVED = Ni {'refined' if production_refined else 'in concentrate'} / ore processed "
           f"({f(ore / 1e6, 3)} Mt{ore_note or (' implied by the platinum row: Pt / (Pt grade x Pt recovery x 0.97)' if m not in ARM_ORE else ', reported by ARM')}) "
           f"/ ({'Rb x Rs' if production_refined else 'Rb'}); range from the Rb{' and Rs' if production_refined else ''} ranges",
           WHY_RB, WHY_RS, WHY_CG + f" = {f(ratio, 1)} t/t"] + extra_why
    rows.append({
        'mine': m, 'commodity': 'nickel', 'production_t': f(round(ni_t), 0),
        'ore_grade': sig(g), 'ore_grade_min': sig(glo), 'ore_grade_max': sig(ghi), 'ore_grade_dist': '',
        'ore_grade_unit': 'pct', 'ore_grade_basis': 'head',
        'recovery_beneficiation': f(RB), 'recovery_beneficiation_min': f(RB_LO), 'recovery_beneficiation_max': f(RB_HI),
        'recovery_beneficiation_dist': '',
        'recovery_smelting': f(RS), 'recovery_smelting_min': f(RS_LO), 'recovery_smelting_max': f(RS_HI),
        'recovery_smelting_dist': '',
        'concentrate_grade_pct': sig(cg), 'concentrate_grade_pct_min': sig(cglo), 'concentrate_grade_pct_max': sig(cghi),
        'concentrate_grade_pct_dist': '',
        'source': src, 'year': year, 'estimated': ';'.join(est), 'estimate_basis': ' | '.join(why),
    })
    derivation.append((m, PT[m][3], PT[m][4], round(ni_t), ore, g, glo, ghi, cg, cglo, cghi))


# Two Rivers: ARM reported, concentrate goes to Implats (not part of the Amplats pool).
add('two_rivers', ARM_NI['two_rivers'], ARM_NI['two_rivers'], ARM_ORE['two_rivers'], False,
        S_ARM + ' | ' + S_PT + ' | ' + S_NI_MILLS, 2019, [],
        ['production_t = ARM-reported nickel (in concentrate), financial year Jul 2018-Jun 2019; concentrate treated by Impala '
         '(not in the Amplats nickel used for the other rows)'])
# Modikwa: ARM reported; its concentrate goes to Amplats, so its refined equivalent is taken out of the Amplats pool.
add('modikwa', ARM_NI['modikwa'], ARM_NI['modikwa'], ARM_ORE['modikwa'], False,
        S_ARM + ' | ' + S_PT + ' | ' + S_NI_MILLS, 2019, [],
        [f'production_t = ARM-reported nickel (in concentrate), F2019; its refined equivalent ({f(ams["modikwa"], 0)} t = 557 x 0.95) '
         'is deducted from the Anglo American Platinum pool that the other Amplats-fed rows share'])
POOL_WHY = (f"production_t ESTIMATED from Anglo American Platinum's 2019 refined nickel 23,036 t: x own-managed+JV share of PGM ounces "
            f"Q2+Q3 2019 {f(SHARE, 4)} = (633.6+642.5+228.2+248.2) / (that + third-party 256.9+250.5 + Sibanye Rustenburg 4E toll 2 x 154.4 koz, kept "
            f"in the denominator in case its base metals stayed with Amplats) x pipeline factor 4,440.8/4,650.0 koz (2019 metal in concentrate / "
            f"refined excl. tolling) = pool {f(POOL, 0)} t refined Ni for Mogalakwena, Amandelbult, Unki, Mototolo, Kroondal, Modikwa")
for m in ('kroondal', 'mototolo'):
    add(m, ams[m], ams[m] / RS, ore_from_pt(m), True,
            S_AMS_IR + ' | ' + S_AMS_AR + ' | ' + S_AMS_Q2 + ' | ' + S_AMS_Q3 + ' | ' + S_ARM + ' | ' + S_PT + ' | ' + S_NI_MILLS,
            2019, ['production_t'],
            [POOL_WHY + f"; UG2 share of the pool = ore implied by the platinum row ({f(ore_from_pt(m) / 1e6, 2)} Mt) x UG2 Ni yield "
             f"{f(UG2_Y * 1e6, 0)} g Ni in concentrate per t ore (mean of ARM's Two Rivers 552 t / 3.4 Mt and Modikwa 557 t / 2.29 Mt, F2019) x 0.95; "
             "production_t is refined Ni"])
for m in REST:
    add(m, ams[m], ams[m] / RS, ore_from_pt(m), True,
            S_AMS_IR + ' | ' + S_AMS_AR + ' | ' + S_AMS_Q2 + ' | ' + S_AMS_Q3 + ' | ' + S_ARM + ' | ' + S_PT + ' | ' + S_NI_MILLS,
            2019, ['production_t'],
            [POOL_WHY + f"; the pool less the three UG2 rows ({f(rest_pool, 0)} t) split among Mogalakwena, Amandelbult and Unki in proportion to "
             f"the ore implied by their platinum rows ({f(ore_from_pt(m) / 1e6, 2)} of {f(rest_ore / 1e6, 2)} Mt): Ni sits in base-metal sulfides, "
             "whose mass follows ore tonnage rather than PGM grade (a split by platinum output, printed by the script, would give "
             "Amandelbult more Ni per t ore than the sulfide-richer Platreef); production_t is refined Ni"])
add('sibanye_rustenburg', SR_NI, SR_NI / RS, ore_from_pt('sibanye_rustenburg'), True,
    S_AMS_IR + ' | ' + S_AMS_AR + ' | ' + S_AMS_Q2 + ' | ' + S_AMS_Q3 + ' | ' + S_PT + ' | ' + S_NI_MILLS,
    2019, ['production_t'],
    [f"production_t ESTIMATED: Sibanye-Stillwater Rustenburg concentrate was toll-treated by Anglo American Platinum from 1 Jan 2019 "
     f"(154,400 4E oz returned in Q2 2019, taken twice for Q2+Q3); Ni = 23,036 t x 4,440.8/4,650.0 x 308.8 / (1,752.5 + 507.4 + 308.8) koz "
     f"= {f(SR_NI, 0)} t refined, i.e. the nickel per PGM ounce of Amplats' 2019 receipts (whether the tolled base metals stayed with Amplats "
     "or went back to Sibanye, this nickel was mined here); the platinum row of this mine is 2018"])
add('marikana', LON_NI, LON_NI * 12 / LON_MONTHS / RS, ore_from_pt('marikana') * LON_MONTHS / 12, True,
    S_LON + ' | ' + S_PT + ' | ' + S_NI_MILLS, 2018, ['production_t'],
    ["production_t = Lonmin refined nickel SOLD in the nine months Oct 2017-Jun 2018 (sales as a proxy for production, as in the platinum "
     "row of this mine; nine months only, a lower bound for the year); the concentrate grade uses the nickel annualised (x 12/9)"],
    ore_note=' = 9/12 of the ore implied by the platinum row, Pt / (Pt grade x Pt recovery x 0.97)')

# ---- (B) SLN low-grade ore exports, New Caledonia, 2019 --------------------------------------------------------
SLN_WMT = 1_600_000            # wmt exported in 2019 (Eramet FY2019)
SLN_G = 1.8                    # % Ni, "lower-grade ore (1.8 %)" (Eramet, Apr 2019)
MOIST, MOIST_LO, MOIST_HI = 0.35, 0.30, 0.40
sln_dry = SLN_WMT * (1 - MOIST)
sln_ni = sln_dry * SLN_G / 100
SLN_ROWS_MINE = {
    'mine': 'sln_ore_exports', 'name': 'Societe Le Nickel (Eramet) mining centres: low-grade ore exported', 'country': 'NC',
    'deposit_type': 'laterite', 'mining_method': 'open_pit', 'ore_mined_mt': f(sln_dry / 1e6, 3),
    'stripping_ratio': '1.5', 'stripping_ratio_min': '0.5', 'stripping_ratio_max': '4.0', 'stripping_ratio_dist': '',
    'stripping_ratio_basis': 'estimated', 'source': S_SLN + ' | ' + S_MOIST, 'year': 2019,
    'estimated': 'ore_mined_mt;stripping_ratio',
    'estimate_basis': ("ore_mined_mt = dry ore exported, 1.6 Mwmt x (1 - 0.35 moisture) | saprolite laterite strip mine (limonite/overburden "
                       "stripped as waste), the convention of ../nickel_cobalt and of the sln_new_caledonia row; no operator waste figure found. "
                       "Separate id from sln_new_caledonia, whose nickel row counts only the Ni in ferronickel from the high-grade ore smelted at "
                       "Doniambo: the two rows are two ore streams of the same mining centres and do not overlap"),
}
rows.append({
    'mine': 'sln_ore_exports', 'commodity': 'nickel', 'production_t': f(round(sln_ni), 0),
    'ore_grade': f(SLN_G), 'ore_grade_min': '', 'ore_grade_max': '', 'ore_grade_dist': '', 'ore_grade_unit': 'pct',
    'ore_grade_basis': 'head',
    'recovery_beneficiation': '', 'recovery_beneficiation_min': '', 'recovery_beneficiation_max': '', 'recovery_beneficiation_dist': '',
    'recovery_smelting': '0.9', 'recovery_smelting_min': '0.8', 'recovery_smelting_max': '0.95', 'recovery_smelting_dist': '',
    'concentrate_grade_pct': '', 'concentrate_grade_pct_min': '', 'concentrate_grade_pct_max': '', 'concentrate_grade_pct_dist': '',
    'source': S_SLN + ' | ' + S_MOIST, 'year': 2019, 'estimated': 'production_t;recovery_smelting',
    'estimate_basis': (f"production_t = Ni contained in the exported ore = 1,600,000 wmt x (1 - 0.35) x 1.8 % = {f(sln_ni, 0)} t; moisture not "
                       "reported, 0.35 (0.30-0.40) is the laterite DSO convention of ../nickel_cobalt_extra and ../nickel_extra2 (at 0.30/0.40: "
                       f"{f(SLN_WMT * 0.7 * SLN_G / 100, 0)}/{f(SLN_WMT * 0.6 * SLN_G / 100, 0)} t); grade = the 1.8 % Eramet gave for the export ore "
                       "(a typical value, not a 2019 shipment average) | buyers' smelters (RKEF/NPI) not reported: Ni recovery 0.80-0.95, "
                       "convention of ../nickel_cobalt_extra"),
})
derivation.append(('sln_ore_exports', 'NC', 'laterite DSO', round(sln_ni), sln_dry, SLN_G, SLN_G, SLN_G, 0, 0, 0))

# ---- checks and output ---------------------------------------------------------------------------------------


def check_pt_rows():
    p = os.path.join(HERE, '..', 'pgm_mn_ree_graphite', 'mine_commodities.csv')
    if not os.path.exists(p):
        return 'pgm_mn_ree_graphite/mine_commodities.csv not found (check skipped)'
    got = {}
    with open(p, newline='') as fh:
        for r in csv.DictReader(row for row in fh if not row.startswith('#')):
            if r['commodity'] == 'platinum' and r['mine'] in PT:
                got[r['mine']] = (float(r['production_t']), float(r['ore_grade']), float(r['recovery_beneficiation']),
                                  float(r['recovery_smelting']))
    for m, v in PT.items():
        g = got.get(m)
        if g is None or abs(g[0] - v[0]) > 1e-9 or abs(g[1] - v[1]) > 1e-9 or abs(g[2] - v[2]) > 1e-9 or abs(g[3] - RS_PT) > 1e-9:
            sys.exit(f'platinum row of {m} differs from the copy here: {g} vs {v}')
    return 'platinum rows match ../pgm_mn_ree_graphite'


def check_open():
    p = os.path.join(OPEN, 'commodities.csv')
    if not os.path.exists(p):
        return 'open compilation not found (check skipped)'
    seen = {}
    with open(p, newline='') as fh:
        for r in csv.DictReader(fh):
            if r['mine_fac'] in ('Two Rivers', 'Modikwa') and r['commodity'] == 'Nickel' and r['year'] == '2019':
                seen[r['mine_fac']] = float(r['value'])
    return f'compilation 2019 nickel (t): {seen}'


def coverage():
    p = os.path.join(DIST, 'mine_commodities.csv')
    if not os.path.exists(p):
        return None
    tot, have = 0.0, set()
    with open(p, newline='') as fh:
        for r in csv.DictReader(row for row in fh if not row.startswith('#')):
            if r['commodity'] == 'nickel':
                tot += float(r['production_t'])
                have.add(r['mine'])
    return tot, have


def main():
    print(check_pt_rows())
    print(check_open())
    print(f'Sibanye Rustenburg {SR_NI:.0f} t; Marikana {LON_NI:.0f} t (9 months); SLN exports {sln_ni:.0f} t Ni in {sln_dry / 1e6:.3f} Mt dry ore')
    print(f'UG2 Ni yield {UG2_Y * 1e6:.1f} g/t ore; Amplats own+JV share {SHARE:.4f} (without toll term '
          f'{(OWN + JV) / (OWN + JV + THIRD):.4f}); pool {POOL:.0f} t; rest pool {rest_pool:.0f} t over {rest_ore / 1e6:.2f} Mt')
    pt_rest = sum(PT[m][0] for m in REST)
    print('split by Pt output instead (comparison only): ' +
          ', '.join(f'{m} {rest_pool * PT[m][0] / pt_rest:.0f} t' for m in REST))
    for d in derivation:
        print(f'{d[0]:12s} {d[1]} {d[2]:15s} Ni {d[3]:6d} t  ore {d[4] / 1e6:6.2f} Mt  grade {d[5]:.4f}% ({d[6]:.4f}-{d[7]:.4f})'
              f'  conc {d[8]:.2f}% ({d[9]:.2f}-{d[10]:.2f})')
    with open(os.path.join(HERE, 'mines.csv'), 'w', newline='') as fh:
        w = csv.DictWriter(fh, fieldnames=MINE_H, lineterminator='\n')
        w.writeheader()
        w.writerow(SLN_ROWS_MINE)
    with open(os.path.join(HERE, 'mine_commodities.csv'), 'w', newline='') as fh:
        w = csv.DictWriter(fh, fieldnames=MC_H, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow(r)
    added = sum(float(r['production_t']) for r in rows)
    cov = coverage()
    if cov:
        tot, have = cov
        dup = [r['mine'] for r in rows if r['mine'] in have]
        before = tot - sum(float(r['production_t']) for r in rows if r['mine'] in have)
        print(f'nickel before: {before:,.0f} t = {100 * before / WORLD_NI_2019:.2f} %; added {added:,.0f} t; '
              f'after: {before + added:,.0f} t = {100 * (before + added) / WORLD_NI_2019:.2f} %'
              + (f' (merged dataset already holds these rows: {dup})' if dup else ''))
    else:
        print(f'added {added:,.0f} t')


if __name__ == '__main__':
    main()
