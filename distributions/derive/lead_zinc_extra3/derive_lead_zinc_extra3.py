#!/usr/bin/env python3
"""Derive lead_zinc_extra3 rows (hiddenflow). Standard library only, deterministic.

Adds lead (and zinc) mines not yet in ../../mines.csv, and lead rows for three Zijin zinc mines that
had only a zinc row. Inputs: the open compilation of Jasansky et al. 2023 (env OPEN_MINE_PRODUCTION,
default ../../../../shared/data/open-mine-production relative to this script) for the IMMSA unit and
the Zijin lead figures; every other figure is a literal below, with its source. See SOURCES.md.
Writes mines.csv and mine_commodities.csv next to this script; prints a coverage log."""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.environ.get('OPEN_MINE_PRODUCTION',
                   os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'open-mine-production'))
M = os.path.join(HERE, '..', '..')
LB = 0.45359237e-3          # t per lb
ST = 0.90718474             # t per short ton
JAS = 'Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y'
WORLD = {'lead': 4.5e6, 'zinc': 13.0e6}   # USGS MCS 2020, world mine production 2019


def rows(f):
    with open(os.path.join(D, f), encoding='utf-8') as fh:
        return list(csv.DictReader(fh))


def f2(x):
    return f'{x:.2f}'


def f3(x):
    return f'{x:.3f}'


# ---- typical values (same as ../lead_zinc_extra and ../zinc_extra2) ------------------------------
TYP = {
    'lead': dict(rec=(0.75, 0.55, 0.90), smelt=(0.965, 0.94, 0.98), conc=(60, 50, 72)),
    'zinc': dict(rec=(0.85, 0.75, 0.92), smelt=(0.965, 0.95, 0.98), conc=(52, 48, 56)),
}
TYP_NOTE = ('typical values of ../lead_zinc_extra (flotation Pb 0.75, 0.55-0.90 / Zn 0.85, 0.75-0.92; smelting '
            'Pb 0.965, 0.94-0.98 / Zn 0.965, 0.95-0.98; concentrate Pb 60 %, 50-72 / Zn 52 %, 48-56)')
UG_SR = ('0.1', '0', '0.2', '', 'estimated')
UG_SR_NOTE = 'underground mine: development waste only, 0.1 (0-0.2) as for the other underground mines of this dataset; not reported'

mines = []   # H1 rows
mc = []      # H2 rows
log = []


def mc_row(mine, com, prod, grade, unit, basis, rec, smelt, conc, src, year, est, basis_txt):
    g = grade
    r = rec
    c = conc
    mc.append([mine, com, f'{prod:.0f}', f3(g[0]), f3(g[1]) if g[1] is not None else '',
               f3(g[2]) if g[2] is not None else '', '', unit, basis,
               f3(r[0]), f3(r[1]), f3(r[2]), '', f3(smelt[0]), f3(smelt[1]), f3(smelt[2]), '',
               f'{c[0]:g}', f'{c[1]:g}', f'{c[2]:g}', '', src, year, est, basis_txt])


# =====================================================================================================
# 1. Sasa (Central Asia Metals, North Macedonia) - underground Pb-Zn skarn
SASA_SRC = ('Junior Mining News (2020) Technical year ahead for Central Asia Metals (Sasa 2019: 23 360 t zinc, 29 201 t lead) '
            '<https://juniorminingnews.com/?p=1158971> | '
            'Central Asia Metals plc (2019) Q1 2019 Operations Update, RNS 6836V, 10 Apr 2019 (Sasa mineral resource '
            '22.5 Mt at 2.87 % Zn, 4.23 % Pb) <https://www.lse.co.uk/rns/CAML/q1-2019-operations-update-c2gpgqq1tptqpjn.html> | '
            'Central Asia Metals plc (2021) Q1 2021 Operations Update, RNS 2048V (head grades 3.23 % Zn, 3.57 % Pb; recoveries '
            '84.5 % Zn, 93.5 % Pb; concentrates 49.8 % Zn, 72.1 % Pb) '
            '<https://extractiveindustries.co.uk/central-asia-metals-winter-output-dips-at-kounrad-and-sasa> | '
            'Central Asia Metals plc (2022) Q1 2022 operations (head grades 3.14 % Zn, 3.65 % Pb; recoveries 84.3 % Zn, '
            '93.3 % Pb; concentrates 49.8 % Zn, 71.0 % Pb) <https://extractiveindustries.co.uk/cam-has-strong-q1-for-kounrad-copper-and-sasa-zinc-lead>')
mines.append(['sasa', 'Sasa (Central Asia Metals)', 'MK', 'skarn', 'underground', '', *UG_SR, SASA_SRC, 2019,
              'stripping_ratio', UG_SR_NOTE])
SASA_NOTE = ('production_t = metal in concentrate 2019 as reported (CAML full-year 2019). No 2019 head grade retrieved: '
             'ore_grade best/min/max from the head grades reported for Q1 2021 and Q1 2022 and the 2019 JORC mineral resource '
             'grade (resource grade sets the {}); recovery and concentrate grade are the Q1 2021 and Q1 2022 reported values '
             '(not 2019). Smelting recovery: ' + TYP_NOTE)
mc_row('sasa', 'lead', 29201, (3.57, 3.57, 4.23), 'pct', 'head', (0.935, 0.933, 0.935), TYP['lead']['smelt'],
       (72.1, 71.0, 72.1), SASA_SRC, 2019, 'recovery_smelting', SASA_NOTE.format('maximum (4.23 %)'))
mc_row('sasa', 'zinc', 23360, (3.23, 2.87, 3.23), 'pct', 'head', (0.845, 0.843, 0.845), TYP['zinc']['smelt'],
       (49.8, 49.8, 49.8), SASA_SRC, 2019, 'recovery_smelting', SASA_NOTE.format('minimum (2.87 %)'))

# =====================================================================================================
# 2. Caylloma (Fortuna Silver Mines, Peru) - underground epithermal Ag-Pb-Zn veins
CAY_SRC = ('Fortuna Silver Mines Inc. (2020) Fortuna reports 2019 full year production of 12.4 million silver equivalent ounces, '
           '16 Jan 2020 (lead 28,746,074 lb, zinc 45,600,414 lb; Caylloma 531,307 t milled) '
           '<https://theprospectornews.com/fortuna-reports-2019-full-year-production-of-12-4-million-silver-equivalent-ounces/> | '
           'Fortuna Silver Mines, Caylloma mine page (1,430 tpd underground, overhand cut-and-fill; 2018 Pb 28.3 Mlb, Zn 45.5 Mlb) '
           '<https://fortunasilver.com/mines-and-projects/mines/caylloma-mine-peru/>')
CAY_ORE = 531307.0
mines.append(['caylloma', 'Caylloma (Fortuna Silver Mines, Minera Bateas)', 'PE', 'epithermal_vein', 'underground',
              f'{CAY_ORE/1e6:.3f}', *UG_SR, CAY_SRC, 2019, 'stripping_ratio',
              'ore_mined_mt = ore milled 2019 (reported). ' + UG_SR_NOTE])
cay = {'lead': 28746074 * LB, 'zinc': 45600414 * LB}
for com in ('lead', 'zinc'):
    t = TYP[com]
    frac = cay[com] / CAY_ORE * 100            # % of ore recovered to concentrate
    g = (frac / t['rec'][0], frac / t['rec'][2], frac / t['rec'][1])
    mc_row('caylloma', com, cay[com], g, 'pct', 'head', t['rec'], t['smelt'], t['conc'], CAY_SRC, 2019,
           'ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           f'production_t = {com} produced 2019 (Fortuna consolidated {com}; the San Jose mine produces no base metals, so '
           f'all of it is Caylloma), lb converted to t. No head grade retrieved for 2019: ore_grade DERIVED = metal / '
           f'(ore milled x flotation recovery) = {frac:.3f} % / recovery, with the typical recovery (best) and its range '
           f'(max grade at min recovery). Recoveries, concentrate grade and smelting recovery: ' + TYP_NOTE)
    log.append(f'Caylloma {com}: {cay[com]:,.0f} t, metal/ore {frac:.3f} %, derived grade {g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %')

# =====================================================================================================
# 3. IMMSA unit (Southern Copper / Grupo Mexico: Charcas, Santa Barbara, San Martin, Santa Eulalia underground mines)
imm_src_r = sorted({r['source'].strip() + ' <' + r['source_url'].strip() + '>' for r in rows('commodities.csv')
                    if r['mine_fac'] == 'Mexican IMMSA unit' and r['year'].startswith('2019')})
IMM_SRC = ' | '.join(imm_src_r + [JAS])
ore = {}
conc = {}
for r in rows('minerals_ores_conce.csv'):
    if r['mine_fac'] == 'Mexican IMMSA unit':
        y = int(float(r['year']))
        v = float(r['value']) * 1000 if r['unit'] == 'Kt' else float(r['value'])
        if r['type_mineral'] == 'Ore processed':
            ore[y] = v
        elif r['type_mineral'] == 'Concentrate':
            conc[(r['min_ore_con'], y)] = v
cgrade = {}
metal = {}
for r in rows('commodities.csv'):
    if r['mine_fac'] == 'Mexican IMMSA unit' and r['commodity'] in ('Lead', 'Zinc'):
        y = int(float(r['year']))
        cgrade[(r['commodity'], y)] = float(r['grade'])
        metal[(r['commodity'], y)] = float(r['value']) * 1000
mines.append(['immsa_unit', 'IMMSA unit (Southern Copper: Charcas, Santa Barbara, San Martin, Santa Eulalia)', 'MX',
              'carbonate_replacement', 'underground', f'{ore[2019]/1e6:.3f}', *UG_SR, IMM_SRC, 2019, 'stripping_ratio',
              'ore_mined_mt = ore mined 2019 (Southern Copper 2019 annual report via the compilation). ' + UG_SR_NOTE +
              '; deposit type: the unit\'s mines are mostly carbonate-replacement and skarn Zn-Pb-Cu-Ag orebodies'])
for com, cname, ccon in (('lead', 'Lead', 'Lead concentrate'), ('zinc', 'Zinc', 'Zinc concentrate')):
    t = TYP[com]
    contained = {y: conc[(ccon, y)] * cgrade[(cname, y)] / 100 for y in ore if (ccon, y) in conc and (cname, y) in cgrade}
    frac = {y: contained[y] / ore[y] * 100 for y in contained}
    best = frac[2019] / t['rec'][0]
    lo = min(frac.values()) / t['rec'][2]
    hi = max(frac.values()) / t['rec'][1]
    cg = [cgrade[(cname, y)] for y in contained]
    prod = metal[('Lead', 2019)] if com == 'lead' else contained[2019]
    note = ('production_t = lead in concentrate 2019 as listed (22.6 kt; = 43.8 kt concentrate x 51.47 %). ' if com == 'lead' else
            'production_t = zinc in concentrate 2019 = 146.7 kt zinc concentrate x 50.4 % Zn (both reported); the compilation lists '
            'the 2019 zinc value as 3.9 kt, which is inconsistent with the concentrate tonnage and grade (2018: 70.8 kt) and is '
            'read as a transcription error, so contained zinc is recomputed. ')
    mc_row('immsa_unit', com, prod, (best, lo, hi), 'pct', 'head', t['rec'], t['smelt'],
           (cg[sorted(contained).index(2019)], min(cg), max(cg)), IMM_SRC, 2019,
           'ore_grade;recovery_beneficiation;recovery_smelting',
           note + 'No ore grade reported for the unit: ore_grade DERIVED = (concentrate t x concentrate grade) / (ore processed '
           f'x flotation recovery), 2014-2019 (metal/ore {min(frac.values()):.2f}-{max(frac.values()):.2f} %; 2019 '
           f'{frac[2019]:.2f} % = best, divided by the typical recovery); concentrate grade reported (2019 best, 2014-2019 span). '
           'Recoveries: ' + TYP_NOTE)
    log.append(f'IMMSA {com}: {prod:,.0f} t; metal/ore by year ' +
               ', '.join(f'{y}:{frac[y]:.2f}' for y in sorted(frac)) + f'; grade {best:.2f} ({lo:.2f}-{hi:.2f}) %')

# =====================================================================================================
# 4. Silvercorp China operations (Ying district, Henan; GC mine, Guangdong) - underground Ag-Pb-Zn veins
SVM_SRC = ('Silvercorp Metals Inc. (2020) Silvercorp reports net income of $34.3 million ... for Fiscal 2020 (year to 31 Mar 2020: '
           'ore mined 885,830 t; sold approx. 65.3 Mlb lead and 25.4 Mlb zinc; lead and zinc production surpassed guidance) '
           '<https://www.canadianminingreport.com/company/news/silvercorp-reports-net-income-of-343-million-020> | '
           'Silvercorp Metals Inc. (2019) Q2 Fiscal 2020 results, 7 Nov 2019 (produced and sold 19.1 Mlb lead, 6.7 Mlb zinc in the '
           'quarter) <https://www.marketscreener.com/SILVERCORP-METALS-INC-1411826/news/Silvercorp-Reports-Net-Income-of-12-2-Million-0-07-Per-Share-an-Increase-of-52-Compared-to-the-29538533/>')
SVM_ORE = 885830.0
mines.append(['silvercorp_ying_gc', 'Silvercorp Ying Mining District (Henan) and GC mine (Guangdong)', 'CN', 'vein',
              'underground', f'{SVM_ORE/1e6:.3f}', *UG_SR, SVM_SRC, 2019, 'stripping_ratio',
              'ore_mined_mt = ore mined in fiscal 2020 (Apr 2019-Mar 2020). Two underground operations reported together '
              '(the Ying district mines SGX, HPG, TLP, LM, DCG, HZG, and GC); the Ying district supplies most of the lead. ' + UG_SR_NOTE])
svm = {'lead': 65.3e6 * LB, 'zinc': 25.4e6 * LB}
for com in ('lead', 'zinc'):
    t = TYP[com]
    frac = svm[com] / SVM_ORE * 100
    g = (frac / t['rec'][0], frac / t['rec'][2], frac / t['rec'][1])
    mc_row('silvercorp_ying_gc', com, svm[com], g, 'pct', 'head', t['rec'], t['smelt'], t['conc'], SVM_SRC, 2019,
           'production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           f'production_t = {com} SOLD in fiscal 2020 (1 Apr 2019-31 Mar 2020, year set to 2019), used for production '
           f'(the company reports production ~= sales; concentrate inventories changed little); Mlb converted to t. '
           f'No head grade retrieved: ore_grade DERIVED = metal / (ore mined x flotation recovery) = {frac:.3f} % / '
           f'recovery, typical recovery (best) and its range. Silvercorp vein ores are galena-rich and flotation '
           f'recoveries are probably above the typical value, so the grade may be overstated (TMR understated). '
           f'Recoveries, concentrate grade, smelting: ' + TYP_NOTE)
    log.append(f'Silvercorp {com}: {svm[com]:,.0f} t, metal/ore {frac:.3f} %, derived grade {g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %')

# =====================================================================================================
# 5. Greens Creek (Hecla, Alaska) - underground polymetallic massive sulfide
GC_SRC = ('Alaska Miner (Jan 2020, Winter 2020) Greens Creek Mine sets high for silver: Hecla produced 117.7 million pounds of zinc '
          'and 48.4 million pounds of lead during 2019, most of it from Greens Creek; mill averaged 2,318 tons per day '
          '<https://online.flippingbook.com/view/437032904/29> | '
          'Hecla Mining Company, Greens Creek page (2023: 19.6 kt lead, 51.5 kt zinc) <https://www.heclagreenscreek.com/sitemap>')
GC_ORE = 2318 * 365 * ST     # t of ore milled in 2019 (short tons per day)
mines.append(['greens_creek', 'Greens Creek (Hecla Mining Company)', 'US', 'vms', 'underground', f'{GC_ORE/1e6:.3f}',
              *UG_SR, GC_SRC, 2019, 'stripping_ratio;ore_mined_mt',
              'ore_mined_mt = 2,318 short tons/day x 365 (reported mill rate), converted to t. Deposit is a hybrid '
              'VMS/SEDEX-type polymetallic massive sulfide (USGS ARDF JU253). ' + UG_SR_NOTE])
gc = {'lead': 48.4e6 * LB, 'zinc': 117.7e6 * LB}
for com in ('lead', 'zinc'):
    t = TYP[com]
    frac = gc[com] / GC_ORE * 100
    g = (frac / t['rec'][0], frac / t['rec'][2], frac / t['rec'][1])
    mc_row('greens_creek', com, gc[com], g, 'pct', 'head', t['rec'], t['smelt'], t['conc'], GC_SRC, 2019,
           'production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           f'production_t = Hecla company total {com} 2019 ({"48.4" if com == "lead" else "117.7"} Mlb), attributed to '
           f'Greens Creek: "most of it from Greens Creek" - the only other base-metal mine, Lucky Friday, was on strike '
           f'through 2019, so this is an upper bound for Greens Creek. ore_grade DERIVED = metal / (ore milled x '
           f'recovery) = {frac:.3f} % / recovery (typical recovery and range). Recoveries, concentrate grade and smelting: ' + TYP_NOTE)
    log.append(f'Greens Creek {com}: {gc[com]:,.0f} t, metal/ore {frac:.3f} %, derived grade {g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %')

# =====================================================================================================
# 6. Dalpolimetal (Dalnegorsk, Primorye, Russia) - mostly underground Pb-Zn skarn mines + a small open pit
DPM_SRC = ('Interfax-Russia (20 Mar 2020) Dalpolimetall to receive RUB 300 mln subsidy ...: in 2019 the company produced '
           '11,360 t of lead and 18,863 t of zinc (in commercial concentrates) '
           '<https://www.interfax-russia.ru/far-east/news/dalpolimetall-v-2020g-poluchit-300-mln-rub-subsidii-na-kompensaciyu-rashodov-na-elektroenergiyu-vlasti> | '
           'JSC GMK Dalpolimetall (2018) production news: Q1 2018 ore mined 196 kt (Nikolayevsky mine 82,823 t, 2nd Sovietsky '
           'mine 49,408 t, Verkhny quarry 30,725 t), lead in ore 2,741 t, zinc in ore 4,424 t; 9 months 2018 ore processed '
           '610,447 t, lead in concentrate 7,708 t, zinc in concentrate 12,662 t <http://old.dalpolimetall.ru/en/content/articles/1284/>')
mines.append(['dalpolimetal', 'Dalpolimetall (Nikolayevsky, 2nd Sovietsky and other mines, Dalnegorsk)', 'RU', 'skarn',
              'open_pit_underground', '', '0.2', '0', '1.5', '', 'estimated', DPM_SRC, 2019, 'stripping_ratio',
              'mostly underground mines with a small open pit (Verkhny quarry, ~16 % of Q1 2018 ore): 0.2 (0-1.5) as for '
              'Kazzinc in ../lead_zinc_extra; not reported'])
dq1 = {'lead': 2741 / 196000 * 100, 'zinc': 4424 / 196000 * 100}          # metal in ore mined, Q1 2018 (head grade)
d9m = {'lead': 7708 / 610447 * 100, 'zinc': 12662 / 610447 * 100}        # metal recovered / ore processed, 9m 2018
dprod = {'lead': 11360, 'zinc': 18863}
for com in ('lead', 'zinc'):
    t = TYP[com]
    g = (dq1[com], d9m[com], d9m[com] / t['rec'][1])
    mc_row('dalpolimetal', com, dprod[com], g, 'pct', 'head', t['rec'], t['smelt'], t['conc'], DPM_SRC, 2019,
           'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           f'production_t = {com} produced 2019 as reported by the company (Interfax); read as metal in concentrate '
           f'(the 9-month 2018 metal-in-concentrate figures are of the same size, the concentrate tonnages about 1.5-2 x '
           f'larger). ore_grade best = {com} in ore mined Q1 2018 / ore mined ({dq1[com]:.2f} %, head); min = {com} in '
           f'concentrate / ore processed, 9 months 2018 ({d9m[com]:.2f} %, a lower bound of the head grade); max = that '
           f'/ the lowest typical recovery. Recoveries, concentrate grade and smelting: ' + TYP_NOTE)
    log.append(f'Dalpolimetal {com}: {dprod[com]:,} t, head {dq1[com]:.2f} %, recovered/ore {d9m[com]:.2f} %')

# =====================================================================================================
# 7. Lead rows for the Zijin zinc mines already in the dataset (zinc rows only there)
ZJ_URL = {'wulagen': 'https://www.zijinmining.com/global/program-detail-71774.htm',
          'zijin_miaogou_sanguikou': 'https://www.zijinmining.com/global/program-detail-71773.htm'}
zsrc = {}
zpb = {}
for r in rows('commodities.csv'):
    nm = {'Wulagen': 'wulagen', 'Miaogou & Sanguikou': 'zijin_miaogou_sanguikou',
          'Kyzyl-Tash Turk': 'kyzyl_tashtygskoe'}.get(r['mine_fac'])
    if nm and r['commodity'] == 'Lead' and r['year'].startswith('2018') and r['value']:
        zpb[nm] = float(r['value'])
        zsrc[nm] = r['source'].strip() + ' <' + r['source_url'].strip() + '>'
ZJ_GRADE = {
    'wulagen': ((0.35, 0.33, 0.35), 'resource',
                'Zijin Mining, Wulagen Lead-Zinc Mine page: mineral resources (incl. reserves) contained lead 86 kt at 0.35 % Pb '
                '(a later version) and lead at 0.33 % (an earlier version) <' + ZJ_URL['wulagen'] + '>'),
    'zijin_miaogou_sanguikou': ((0.50, None, None), 'resource',
                                'Zijin Mining, Sanguikou Lead-Zinc Mine page: mineral resources (incl. reserves) lead 320 kt at 0.50 % Pb, '
                                'zinc 1.47 Mt at 2.28 % <' + ZJ_URL['zijin_miaogou_sanguikou'] + '>'),
    'kyzyl_tashtygskoe': ((202.3 / 12920 * 100, None, None), 'reserve',
                          'mineral.ru (2012) Zijin Mining ... Kyzyl-Tashtyg deposit: balance ore 12.9 Mt with 202.3 kt lead, 82.3 kt copper, '
                          '1.3 Mt zinc (Pb grade = 202.3 / 12,920 kt) <https://mineral.ru/News/47884.html> | mineral.ru (2014) 12.92 Mt '
                          'balance ore <https://mineral.ru/News/64721.html>'),
}
for mine in ('wulagen', 'zijin_miaogou_sanguikou', 'kyzyl_tashtygskoe'):
    t = TYP['lead']
    g, basis, gsrc = ZJ_GRADE[mine]
    src = zsrc[mine] + ' | ' + JAS + ' | ' + gsrc
    mc_row(mine, 'lead', zpb[mine], g, 'pct', basis, t['rec'], t['smelt'], t['conc'], src, 2018,
           'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           'production_t = lead in concentrate 2018 (Zijin annual report 2018 via the compilation; 2019 not in the '
           'compilation, same year as this mine\'s zinc row). ore_grade = Pb grade of the operator\'s published resource or '
           'reserve (see source; ' + basis + '). Recoveries and concentrate grade: ' + TYP_NOTE)
    log.append(f'{mine} lead: {zpb[mine]:,.0f} t (2018), grade {g[0]:.3f} % ({basis})')

# =====================================================================================================
H1 = ('mine,name,country,deposit_type,mining_method,ore_mined_mt,stripping_ratio,stripping_ratio_min,stripping_ratio_max,'
      'stripping_ratio_dist,stripping_ratio_basis,source,year,estimated,estimate_basis').split(',')
H2 = ('mine,commodity,production_t,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,ore_grade_basis,'
      'recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,'
      'recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,concentrate_grade_pct,'
      'concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,source,year,estimated,'
      'estimate_basis').split(',')
# a grade given without a range gets an empty min/max (fixed)
for r in mc:
    if r[4] == '' or r[5] == '':
        r[4] = r[5] = ''
for fn, h, rr in (('mines.csv', H1, mines), ('mine_commodities.csv', H2, mc)):
    with open(os.path.join(HERE, fn), 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(h)
        for r in rr:
            w.writerow(r)

# coverage against the main dataset (only ids not already present there count)
main_mc = os.path.join(M, 'mine_commodities.csv')
if os.path.exists(main_mc):
    with open(main_mc, encoding='utf-8') as fh:
        old_rows = [r for r in csv.DictReader(fh) if not r['mine'].startswith('#')]
    have = {(r['mine'], r['commodity']) for r in old_rows}
    for com in ('lead', 'zinc'):
        old = sum(float(r['production_t'] or 0) for r in old_rows if r['commodity'] == com)
        add = sum(float(r[2]) for r in mc if r[1] == com and (r[0], r[1]) not in have)
        log.append(f'{com}: {old:,.0f} t ({old/WORLD[com]:.2%}) + {add:,.0f} t = {(old+add)/WORLD[com]:.2%} of '
                   f'{WORLD[com]/1e6:g} Mt (USGS MCS 2020)')
print('\n'.join(log))
