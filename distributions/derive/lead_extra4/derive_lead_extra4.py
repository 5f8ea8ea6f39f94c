#!/usr/bin/env python3
"""Derive lead_extra4 rows (hiddenflow). Standard library only, deterministic.

Adds lead-producing mines that are not yet in ../../mines.csv (with their zinc co-product rows).
Inputs: the open compilation of Jasansky et al. 2023 (env OPEN_MINE_PRODUCTION, default
../../../../shared/data/open-mine-production relative to this script) for Cusi; every other figure
is a literal below, next to the source it was read from. See SOURCES.md.
Writes mines.csv and mine_commodities.csv next to this script and prints the coverage arithmetic."""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.environ.get('OPEN_MINE_PRODUCTION',
                   os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'open-mine-production'))
M = os.path.join(HERE, '..', '..')
LB = 0.45359237e-3          # t per lb
JAS = 'Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y'
WORLD = {'lead': 4.5e6, 'zinc': 13.0e6}   # USGS MCS 2020, world mine production 2019
EXISTING_LEAD_T = 1_526_000               # brief: lead in the dataset before this folder (check below)


def rows(f):
    with open(os.path.join(D, f), encoding='utf-8') as fh:
        return list(csv.DictReader(fh))


def f3(x):
    return f'{x:.3f}'


# ---- typical values (the same as ../lead_zinc_extra, ../zinc_extra2 and ../lead_zinc_extra3) ----
TYP = {
    'lead': dict(rec=(0.75, 0.55, 0.90), smelt=(0.965, 0.94, 0.98), conc=(60, 50, 72)),
    'zinc': dict(rec=(0.85, 0.75, 0.92), smelt=(0.965, 0.95, 0.98), conc=(52, 48, 56)),
}
TYP_NOTE = ('typical values of ../lead_zinc_extra3 (flotation Pb 0.75, 0.55-0.90 / Zn 0.85, 0.75-0.92; smelting '
            'Pb 0.965, 0.94-0.98 / Zn 0.965, 0.95-0.98; concentrate Pb 60 %, 50-72 / Zn 52 %, 48-56)')
UG_SR = ('0.1', '0', '0.2', '', 'estimated')
UG_SR_NOTE = ('underground mine: development waste only, 0.1 (0-0.2) as for the other underground mines of this '
              'dataset; not reported')
MIXED_SR = ('0.2', '0', '1.5', '', 'estimated')
MIXED_SR_NOTE = ('mostly underground with a small open pit: 0.2 (0-1.5) as for Kazzinc and Dalpolimetall in this '
                 'dataset; not reported')
PIT_SR = ('3', '1.5', '5', '', 'estimated')
PIT_SR_NOTE = ('open-pit Pb-Zn feed without reported waste: 3 (1.5-5), the span used for the open-pit Pb-Zn mines of '
               'this dataset (El Brocal, Cerro de Pasco; reported Red Dog 1.6-2.2, Antamina 2.8-3.7, San Cristobal 3.8)')

mines = []   # rows of mines.csv
mc = []      # rows of mine_commodities.csv
log = []


def mc_row(mine, com, prod, grade, basis, rec, smelt, conc, src, year, est, note):
    """grade, rec, smelt, conc: (best, min, max); min/max None -> fixed."""
    def trip(t, fmt):
        b, lo, hi = t
        return [fmt(b), fmt(lo) if lo is not None else '', fmt(hi) if hi is not None else '', '']
    for t in (grade, rec, smelt, conc):
        if t[1] is not None:
            assert t[1] - 1e-9 <= t[0] <= t[2] + 1e-9, (mine, com, t)
    mc.append([mine, com, f'{prod:.0f}', *trip(grade, f3)[:3], '', 'pct', basis,
               *trip(rec, f3), *trip(smelt, f3), *trip(conc, lambda v: f'{v:g}'),
               src, year, est, note])


def derived_grade(metal_t, ore_t, t, extra=()):
    """metal/ore divided by the typical flotation recovery: best with the typical value, min with the highest,
    max with the lowest; extra: reported grades (plan or reserve) that widen the range."""
    frac = metal_t / ore_t * 100
    best, lo, hi = frac / t['rec'][0], frac / t['rec'][2], frac / t['rec'][1]
    for g in extra:
        lo, hi = min(lo, g), max(hi, g)
    return frac, (best, lo, hi)


# =====================================================================================================
# 1. Olympias (Hellas Gold / Eldorado Gold, Halkidiki, Greece) - underground polymetallic carbonate replacement
OLY_URL = 'https://www.eldoradogold.com/assets/operations-and-projects/europe/operations/olympias-greece/default.aspx'
OLY_SRC = ('Eldorado Gold Corporation, Olympias (Greece) operation page, 2020 Outlook version, Operating Data table '
           '(2019A: ore mined/processed 317,577 t; lead produced 6,084 t; zinc produced 7,784 t; gold 37,410 oz; silver '
           '621,864 oz; 2020E: 415,000 t ore at 3 % lead and 4 % zinc; deposit type polymetallic carbonate replacement) <'
           + OLY_URL + '>')
OLY_ORE = 317577.0                       # t ore mined/processed 2019 (2019A)
OLY = {'lead': 6084.0, 'zinc': 7784.0}   # t produced 2019 (2019A)
OLY_PLAN = {'lead': 3.0, 'zinc': 4.0}    # % planned 2020 head grade (2020E)
mines.append(['olympias', 'Olympias (Hellas Gold, Eldorado Gold)', 'GR', 'carbonate_replacement', 'underground',
              f'{OLY_ORE/1e6:.3f}', *UG_SR, OLY_SRC, 2019, 'stripping_ratio',
              'ore_mined_mt = ore mined/processed 2019 as reported (317,577 t). ' + UG_SR_NOTE])
for com in ('lead', 'zinc'):
    t = TYP[com]
    frac, g = derived_grade(OLY[com], OLY_ORE, t, extra=(OLY_PLAN[com],))
    mc_row('olympias', com, OLY[com], g, 'head', t['rec'], t['smelt'], t['conc'], OLY_SRC, 2019,
           'ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
           f'production_t = {com} produced 2019 as reported (2019A), read as metal in concentrate. No 2019 head grade '
           f'reported: ore_grade DERIVED = metal / ore processed ({frac:.2f} %) / typical flotation recovery (best), '
           f'range widened to the planned 2020 head grade ({OLY_PLAN[com]:g} %). Recoveries, concentrate grade and '
           'smelting: ' + TYP_NOTE)
    log.append(f'Olympias {com}: {OLY[com]:,.0f} t (2019), metal/ore {frac:.2f} %, grade {g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %')

def nexa_rows(mine, name, table, year, src, basis_note):
    """Lead and zinc rows of a Nexa operation from its reported table {year: (treated ore kt, Pb %, Zn %, Pb kt,
    Zn kt)}: production, head grade (range over the table's years) and the flotation recovery derived from them."""
    for com, gi, mi in (('lead', 1, 3), ('zinc', 2, 4)):
        t = TYP[com]
        grades = [table[y][gi] for y in table]
        recs = {y: table[y][mi] / (table[y][0] * table[y][gi] / 100) for y in table}
        g = (table[year][gi], min(grades), max(grades))
        r = (recs[year], min(recs.values()), max(recs.values()))
        mc_row(mine, com, table[year][mi] * 1000, g, 'head', r, t['smelt'], t['conc'], src, year,
               'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
               basis_note(com) + ', '.join(f'{y} {recs[y]:.3f}' for y in recs) + '. Concentrate grade and smelting: '
               + TYP_NOTE)
        log.append(f'{name} {com}: {table[year][mi]*1000:,.0f} t ({year}), grade {g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %, '
                   f'recovery {r[0]:.3f} ({r[1]:.3f}-{r[2]:.3f})')


# =====================================================================================================
# 2. Atacocha (Nexa Resources Atacocha, Pasco, Peru) - San Gerardo open pit + underground (UG on care and maintenance
#    from 2020). The operations page gives 2020-2022 only; 2020 is the nearest year to 2019 (COVID-19 stoppage in 2020).
ATA_URL = 'https://ri.nexaresources.com/operations/atacocha/'
ATA_SRC = ('Nexa Resources, Atacocha operations page (table 2020-2022: treated ore 1,065 / 1,271 / 1,354 kt; head grades '
           'Pb 1.15 / 0.82 / 0.97 %, Zn 1.20 / 0.88 / 0.89 %; metal contained in concentrates Pb 10.2 / 8.7 / 11.2 kt, '
           'Zn 9.6 / 8.5 / 9.6 kt; open pit and underground mine, underground placed on care and maintenance in 2020) <'
           + ATA_URL + '>')
ATA = {  # year: (treated ore kt, Pb %, Zn %, Pb kt, Zn kt)
    2020: (1065, 1.15, 1.20, 10.2, 9.6),
    2021: (1271, 0.82, 0.88, 8.7, 8.5),
    2022: (1354, 0.97, 0.89, 11.2, 9.6),
}
mines.append(['atacocha', 'Atacocha (Nexa Resources Atacocha: San Gerardo open pit and Atacocha underground)', 'PE',
              'carbonate_replacement', 'open_pit_underground', f'{ATA[2020][0]/1e3:.3f}', *PIT_SR, ATA_SRC, 2020,
              'stripping_ratio',
              'Year 2020 = nearest year with a reported mine-level figure (2019 not found; 2020 output was reduced by the '
              'COVID-19 stoppage in Peru). ore_mined_mt = treated ore 2020. ' + PIT_SR_NOTE +
              '; the underground mine contributed only before its 2020 suspension'])
nexa_rows('atacocha', 'Atacocha', ATA, 2020, ATA_SRC,
          lambda com: f'production_t = {com} contained in concentrates 2020 as reported (nearest year; 2019 not found). '
          'ore_grade = reported head grade 2020, range 2020-2022. recovery_beneficiation DERIVED from reported figures = '
          'metal in concentrate / (treated ore x head grade): ')

# =====================================================================================================
# 3. Morro Agudo complex (Nexa Resources, Paracatu, Minas Gerais, Brazil) - underground + open pit, MVT-type Zn-Pb
MAG_URL = 'https://ri.nexaresources.com/operations/morro-agudo/'
MAG_SRC = ('Nexa Resources, Morro Agudo operations page (table 2019-2021: treated ore 1,168 / 1,181 / 982 kt; head grades '
           'Zn 2.33 / 2.41 / 2.05 %, Pb 0.52 / 0.49 / 0.73 %; metal contained Zn 24.4 / 25.2 / 17.3 kt, Pb 4.7 / 4.0 / 4.7 kt; '
           'underground and open pit mine) <' + MAG_URL + '>')
MAG = {  # year: (treated ore kt, Pb %, Zn %, Pb kt, Zn kt)
    2019: (1168, 0.52, 2.33, 4.7, 24.4),
    2020: (1181, 0.49, 2.41, 4.0, 25.2),
    2021: (982, 0.73, 2.05, 4.7, 17.3),
}
mines.append(['morro_agudo', 'Morro Agudo complex (Nexa Resources: Morro Agudo mine and Ambrosia)', 'BR', 'mvt',
              'open_pit_underground', f'{MAG[2019][0]/1e3:.3f}', *MIXED_SR, MAG_SRC, 2019, 'stripping_ratio',
              'ore_mined_mt = treated ore 2019. Deposit: Irish-type carbonate-hosted Zn-Pb (MVT subclass). ' + MIXED_SR_NOTE])
nexa_rows('morro_agudo', 'Morro Agudo', MAG, 2019, MAG_SRC,
          lambda com: f'production_t = {com} contained in concentrates 2019 as reported. ore_grade = reported head grade '
          '2019, range 2019-2021. recovery_beneficiation DERIVED from reported figures = metal / (treated ore x head '
          'grade): ')
# =====================================================================================================
# 4./5. Peñoles base-metal units suspended in May 2020: Francisco I. Madero and Bismark. Their unit pages still show
#        "Production in 2020" with the change "with respect to the previous year"; 2019 = 2020 / (1 + change).
#        2019 ore processed and reserve grades: Peñoles Annual Report 2020, Mining operations table.
PEN_IA = ('Industrias Peñoles (2021) Annual Report 2020, Mining operations: production and reserves (ore processed 2019 / '
          '2020 kt: Madero 2,348 / 664, Bismark 653 / 374; average ore grades in reserves: Madero 0.88 % Pb, 2.38 % Zn, '
          '0.08 % Cu; Bismark 0.07 % Pb, 5.50 % Zn, 0.24 % Cu) <https://www.penoles.com.mx/IA20/en/operaciones-mineras.html>')
PEN = {
    'penoles_madero': dict(
        name='Francisco I. Madero (Peñoles; operations suspended May 2020)', dep='sedex',
        url='https://www.penoles.com.mx/en/our-operations/mining-units/madero.html',
        page=('Industrias Peñoles, Madero mining unit page (Production in 2020: 664 kton ore milled, -71.7 % with respect to '
              'the previous year; 2,350 ton lead, -73.6 %; 11,001 ton zinc, -73.5 %; 253 ton copper, -71.8 %; deposit: '
              'underground mantle and veins of sedimentary exhalative origin; suspended May 2020)'),
        ore19=2348.0, ore20=664.0, ore_chg=-0.717,
        metal={'lead': (2350.0, -0.736), 'zinc': (11001.0, -0.735)},
        reserve={'lead': 0.88, 'zinc': 2.38}),
    'penoles_bismark': dict(
        name='Bismark (Peñoles; operations suspended May 2020)', dep='carbonate_replacement',
        url='https://www.penoles.com.mx/en/our-operations/mining-units/bismark.html',
        page=('Industrias Peñoles, Bismark mining unit page (Production in 2020: 374 kton ore milled, printed "+42.7 %" '
              'with respect to the previous year; 311 ton lead, -76.4 %; 15,409 ton zinc, -37.7; 275 ton copper, -40.1 %; '
              'underground massive bodies and veins; suspended May 2020)'),
        ore19=653.0, ore20=374.0, ore_chg=-0.427,
        metal={'lead': (311.0, -0.764), 'zinc': (15409.0, -0.377)},
        reserve={'lead': 0.07, 'zinc': 5.50}),
}
for mid, p in PEN.items():
    src = p['page'] + ' <' + p['url'] + '> | ' + PEN_IA
    chk = p['ore20'] / (1 + p['ore_chg'])
    assert abs(chk - p['ore19']) / p['ore19'] < 0.01, (mid, chk)     # the % changes reproduce the reported 2019 ore
    mines.append([mid, p['name'], 'MX', p['dep'], 'underground', f'{p["ore19"]/1e3:.3f}', *UG_SR, src, 2019,
                  'stripping_ratio',
                  f'ore_mined_mt = ore processed 2019 as reported ({p["ore19"]:,.0f} kt); the unit page\'s 2020 ore and its '
                  f'change give {chk:,.0f} kt, confirming that the page\'s changes are declines on 2019. ' + UG_SR_NOTE])
    for com in ('lead', 'zinc'):
        t = TYP[com]
        m20, chg = p['metal'][com]
        m19 = m20 / (1 + chg)
        res = p['reserve'][com]
        frac, g = derived_grade(m19, p['ore19'] * 1e3, t, extra=(res,) if res * 1.0 >= (m19 / (p['ore19'] * 1e3) * 100) else ())
        mc_row(mid, com, m19, g, 'head', t['rec'], t['smelt'], t['conc'], src, 2019,
               'production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
               f'production_t DERIVED for 2019 = 2020 {com} content ({m20:,.0f} t) / (1 {chg*100:+.1f} %) = {m19:,.0f} t '
               '(the unit page reports 2020 output and its change on the previous year; rounding of the % gives about '
               f'+-{m19*0.001/(1+chg):,.0f} t). ore_grade DERIVED = metal / ore processed 2019 ({frac:.3f} %) / typical '
               f'recovery (best); the January 2020 reserve grade ({res:g} %) widens the range where it lies above the '
               'metal/ore ratio (it lies below it for Bismark lead, so it is not used there). Recoveries, concentrate grade '
               'and smelting: ' + TYP_NOTE)
        log.append(f'{mid} {com}: 2019 = {m20:,.0f} / (1{chg:+.3f}) = {m19:,.0f} t, metal/ore {frac:.3f} %, grade '
                   f'{g[0]:.2f} ({g[1]:.2f}-{g[2]:.2f}) %')

# =====================================================================================================
# 6. Cusi (Sierra Metals, Chihuahua, Mexico) - underground epithermal Ag-Pb veins; from the open compilation
cusi = {}
ore = {}
src_c = ''
for r in rows('commodities.csv'):
    if r['mine_fac'] == 'Cusi' and r['commodity'] == 'Lead' and r['year'] in ('2017', '2018', '2019'):
        cusi[int(r['year'])] = (float(r['value']) * 1000 * LB, float(r['grade']), float(r['recovery_rate']))
        if r['year'] == '2019':
            src_c = r['source'].strip() + ' <' + r['source_url'].strip() + '>'
for r in rows('minerals_ores_conce.csv'):
    if r['mine_fac'] == 'Cusi' and r['type_mineral'] == 'Ore processed' and r['year'] == '2019':
        ore[2019] = float(r['value'])
CUSI_SRC = src_c + ' | ' + JAS
mines.append(['cusi', 'Cusi (Sierra Metals)', 'MX', 'vein', 'underground', f'{ore[2019]/1e6:.3f}', *UG_SR, CUSI_SRC,
              2019, 'stripping_ratio',
              'ore_mined_mt = ore processed 2019 (Sierra Metals MD&A 2019 via the compilation; "tons" read as t). ' +
              UG_SR_NOTE])
g_c = (cusi[2019][1], min(cusi[y][1] for y in (2018, 2019)), max(cusi[y][1] for y in (2018, 2019)))
r_c = (cusi[2019][2], min(cusi[y][2] for y in (2018, 2019)), max(cusi[y][2] for y in (2018, 2019)))
mc_row('cusi', 'lead', cusi[2019][0], g_c, 'head', r_c, TYP['lead']['smelt'], TYP['lead']['conc'], CUSI_SRC, 2019,
       'recovery_smelting;concentrate_grade_pct',
       'production_t = lead 2019 as reported (906 thousand lb, converted to t). ore_grade and recovery_beneficiation = '
       'reported 2019 head grade and recovery, range 2018-2019 (via the compilation). No zinc row: the 2019 zinc output '
       'is reported as 0. Concentrate grade and smelting: ' + TYP_NOTE)
log.append(f'Cusi lead: {cusi[2019][0]:,.0f} t (2019), head {g_c[0]:.2f} ({g_c[1]:.2f}-{g_c[2]:.2f}) %, '
           f'recovery {r_c[0]:.3f}')

# =====================================================================================================
H1 = ('mine,name,country,deposit_type,mining_method,ore_mined_mt,stripping_ratio,stripping_ratio_min,stripping_ratio_max,'
      'stripping_ratio_dist,stripping_ratio_basis,source,year,estimated,estimate_basis').split(',')
H2 = ('mine,commodity,production_t,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,ore_grade_basis,'
      'recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,'
      'recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,concentrate_grade_pct,'
      'concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,source,year,estimated,'
      'estimate_basis').split(',')
for fn, h, rr in (('mines.csv', H1, mines), ('mine_commodities.csv', H2, mc)):
    for r in rr:
        assert len(r) == len(h), (fn, r[0], len(r))
    with open(os.path.join(HERE, fn), 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(h)
        for r in rr:
            w.writerow(r)

# ---- coverage against the main dataset (only (mine, commodity) pairs not already present there count) --------------
main_mc = os.path.join(M, 'mine_commodities.csv')
if os.path.exists(main_mc):
    with open(main_mc, encoding='utf-8') as fh:
        old_rows = [r for r in csv.DictReader(fh) if not r['mine'].startswith('#')]
    have = {(r['mine'], r['commodity']) for r in old_rows}
    for com in ('lead', 'zinc'):
        old = sum(float(r['production_t'] or 0) for r in old_rows if r['commodity'] == com)
        add = sum(float(r[2]) for r in mc if r[1] == com and (r[0], r[1]) not in have)
        log.append(f'{com}: existing {old:,.0f} t ({old/WORLD[com]:.2%}) + added {add:,.0f} t = {old+add:,.0f} t = '
                   f'{(old+add)/WORLD[com]:.2%} of {WORLD[com]/1e6:g} Mt (USGS MCS 2020)')
        if com == 'lead':
            log.append(f'lead, with the brief\'s rounded 1,526 kt: {(EXISTING_LEAD_T+add)/WORLD["lead"]:.2%}; '
                       f'still short of 40 % by {0.40*WORLD["lead"]-(old+add):,.0f} t')
print('\n'.join(log))
