#!/usr/bin/env python3
"""Extra nickel/cobalt mines for hiddenflow (supplements ../nickel_cobalt). stdlib only, deterministic.
Every number below is hand-copied from the public sources listed in SOURCES.md, or derived from them
with the arithmetic shown here. Run: python3 derive_nickel_cobalt_extra.py (rewrites mines.csv and
mine_commodities.csv in this folder and prints coverage together with ../nickel_cobalt)."""
import csv, os

HERE = os.path.dirname(os.path.abspath(__file__))
OLD = os.path.join(HERE, '..', 'nickel_cobalt')

MINE_H = ['mine','name','country','deposit_type','mining_method','ore_mined_mt','stripping_ratio','stripping_ratio_min',
          'stripping_ratio_max','stripping_ratio_dist','stripping_ratio_basis','source','year','estimated','estimate_basis']
MC_H = ['mine','commodity','production_t','ore_grade','ore_grade_min','ore_grade_max','ore_grade_dist','ore_grade_unit',
        'ore_grade_basis','recovery_beneficiation','recovery_beneficiation_min','recovery_beneficiation_max',
        'recovery_beneficiation_dist','recovery_smelting','recovery_smelting_min','recovery_smelting_max',
        'recovery_smelting_dist','concentrate_grade_pct','concentrate_grade_pct_min','concentrate_grade_pct_max',
        'concentrate_grade_pct_dist','source','year','estimated','estimate_basis']

# ---- sources -------------------------------------------------------------------------------------------
S_NOVA_FY19 = ("IGO via Australian Mining, Jul 2019: Nova FY2019 (Jul 2018-Jun 2019) 30,708 t Ni and 13,693 t Cu; Ni recovery 86.8 % (Mar qtr) "
               "and 89 % (Jun qtr 2019) (https://www.australianmining.com.au/news/igo-outperforms-nova-production-expectations/)")
S_NOVA_FY20 = ("IGO Annual Report 2020: Nova FY2020 30,436 t Ni, 13,772 t Cu, 1,142 t Co (http://d4ht0z304q9sr.cloudfront.net/article/IGO-metals-production-beats-guidance; "
               "https://quarterlytics.com/company/igo_igo/annual-report-2020)")
S_NOVA_RES = ("IGO Annual Report 2015 p.17: Nova DFS Ore Reserve 13.1 Mt @ 2.1 % Ni, 0.9 % Cu, 0.07 % Co "
              "(https://igo.com.au/site/content/interactiveDocument/AnnualReport2015/files/assets/basic-html/page-19.html) | "
              "IGO ASX release 26 Jul 2017: Nova Mineral Resource 11.4 Mt @ 2.4 % Ni, 1.0 % Cu, 0.08 % Co "
              "(https://financialreports.eu/filings/igo-limited/capitalfinancing-update/2017/40795595/)")
S_WSA = ("Western Areas June 2020 Quarterly: FY2020 Ni in ore mined 23,391 t, mill production 20,926 t Ni in concentrate "
         "(https://www.miningreview.com.au/western-areas-quarterly-activity-report-for-fy20/) | Western Areas Sep-2018 quarter: mill recovery 89 % "
         "(https://www.intellasia.net/activity-report-for-the-period-ending-30-september-2018-691681) | Western Areas Sep-2015 quarterly: Ore Reserves Spotted Quoll "
         "2.6 Mt @ 4.1 % Ni, Flying Fox 1.5 Mt @ 4.2 % Ni (http://24hgold.com/francais/article-compagnie-or-argent-quarterly-activities-report.aspx?articleid=1563554) | "
         "Australian Mining Review: Cosmic Boy concentrate about 14 % Ni (https://australianminingreview.com.au/features/western-areas-a-bright-future/)")
S_TF19 = ("Terrafame 21 Feb 2020 (FY2019 release): 2019 nickel 27,468 t, zinc 55,222 t "
          "(https://www.terrafame.fi/ajankohtaista/uutiset/2020/02/terrafamen-vuoden-2019-liikevaihto-oli-3104-miljoonaa-euroa-kayttokate-vuoden-2018-tasolla.html)")
S_TF18 = ("Terrafame Annual Report 2018: 46,334 t Ni and 97,663 t Zn mined and stacked in 2018; 2018 production 27,377 t Ni, 61,608 t Zn "
          "(https://annualreport2018.terrafame.fi/business-activity/production.html; https://annualreport2018.terrafame.fi/financial-statements/annual-review.html) | "
          "Terrafame 14 Apr 2016: bioleach recovery close to 75 % (https://www.terrafame.com/news-from-the-mine/news/2016/04/the-ramp-up-of-the-terrafame-mine-continued-according-to-plan-in-early-2016.html)")
S_SLN = ("Eramet FY2019 (RRB NC, Feb 2020): SLN ferronickel output down 13 % to 47,000 t in 2019, record ore production (+15 %), "
         "SLN mineral resources 19.4 Mt Ni contained at an average grade above 1.85 % (https://sk-admin.rrb.nc/article/le-ca-d-eramet-en-baisse-de-4) | "
         "Eramet press release 19 Feb 2020: 2019 nickel ore exports 1.6 Mwmt "
         "(https://www.finanznachrichten.de/nachrichten-2020-02/48894132-eramet-sa-eramet-ebitda-at-euro-630m-in-2019-reflecting-good-operating-performance-in-a-deteriorated-manganese-price-environment-399.htm)")
S_MGB20 = ("MGB via filipinolive (Nov 2020): Jan-Sep 2020 nickel ore output by producer, Ni content: Taganito Mining Corp 53,541 t, Rio Tuba Nickel Mining Corp 35,451 t, "
           "PGMC 26,112 t; TMC and RTNMC figures include ore delivered to THPAL and CBNC (https://filipinolive.com/phl-metallic-mineral-output-drops-4-75-in-first-nine-months)")
S_NAC_MIX = ("NAC via angminero (Oct 2017): Jan-Sep 2017 Taganito 2.66 Mwmt saprolite + 3.62 Mwmt limonite to THPAL; Rio Tuba 1.58 Mwmt saprolite + 2.82 Mwmt limonite "
             "(2.65 Mwmt to CBNC) (https://angminero.com/?p=219) | NAC H1 2019 average export ore grade 1.44 % Ni "
             "(BusinessWorld 7 Aug 2019, https://www.bworldonline.com/corporate/2019/08/07/246611/nickel-asias-profit-falls-on-foreign-exchange-losses)")
S_THPAL = ("Nikkei Asian Review (Jul 2019): THPAL mixed-sulfide output fell 5 % to 27,400 t Ni in FY2018 (Apr 2018-Mar 2019) "
           "(http://pacificislandgold.com/2019/07/troubled-philippine-nickel-plant-muddies-sumitomo-metals-outlook/) | Philippine Resources 2022: THPAL design 30,000 t Ni "
           "and 2,640 t Co per year in MS (https://www.philippine-resources.com/articles/2022/6/thpal-milestones-in-the-philippines)")
S_RAMU = ("Ramu HPAL analogue from ../nickel_cobalt (Conic Metals Q1 2020 / Loop PNG): limonite head grade 1.05 % Ni, 0.089-0.11 % Co derived; Ni recovery 88-89 %")
S_RU_CO = ("USGS Mineral Commodity Summaries 2020, Cobalt: Russia mine production 2019e 6,100 t Co (https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-cobalt.pdf; "
           "summarised at https://www.minesandmetals.com/2020/05/the-worlds-top-10-largest-cobalt-producers-in-2019/) | Reuters via Kitco, Oct 2025: Norilsk Nickel is the only "
           "cobalt producer in Russia (https://www.kitco.com/news/off-the-wire/2025-12-08/nornickel-fully-restores-cobalt-production-after-repairs-2022-fire) | "
           "Nornickel 2019 nickel output 228,687 t (RIA/Prime 19 Oct 2020, https://gold.1prime.ru/news/20201019/382125.html) | Ni in ore and head grades: ../nickel_cobalt "
           "(Nornickel AR 2019 via Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y)")

UG = ('0.1', '0.0', '0.2', 'underground mine: development waste only, 0-0.2 t/t (brief default, same as ../nickel_cobalt); operator reports no waste tonnage')
SAP = ('1.5', '0.5', '4.0', 'saprolite laterite strip mine (limonite/overburden stripped as waste), same convention as ../nickel_cobalt; no operator waste figure found')
MIX = ('1.0', '0.2', '4.0', 'mixed saprolite (strip-mined, 0.5-4.0) and limonite HPAL feed (limonite is ore, 0.2-2.0) per ../nickel_cobalt conventions; no operator waste figure found')
OPB = ('3.0', '1.0', '6.0', 'open-pit base-metal mine, same convention as ../nickel_cobalt; Terrafame reports no waste tonnage in the sources reached')

def mine(mid, name, cc, dep, meth, sr, src, year, ore=''):
    return dict(zip(MINE_H, [mid, name, cc, dep, meth, ore, sr[0], sr[1], sr[2], '', 'estimated', src, year,
                             'stripping_ratio', sr[3]]))

def mc(mid, com, prod, g, gmin, gmax, basis, rb, rbmin, rbmax, rs, rsmin, rsmax, cg, cgmin, cgmax, src, year, est, eb):
    f = lambda x: '' if x is None else (x if isinstance(x, str) else repr(round(x, 6)))
    return dict(zip(MC_H, [mid, com, str(int(round(prod))), f(g), f(gmin), f(gmax), '', 'pct', basis, f(rb), f(rbmin), f(rbmax), '',
                           f(rs), f(rsmin), f(rsmax), '', f(cg), f(cgmin), f(cgmax), '', src, year, est, eb]))

SM_NI = 'smelting+refining recovery of Ni/Cu sulfide concentrate not reported; 0.90-0.98 assumed (same as ../nickel_cobalt)'
CONC_NI = 'Ni concentrate grade not reported; 8-20 % (Kevitsa 9.6-9.9 %, Lounge Lizard/Forrestania ~14 %), same as ../nickel_cobalt'

mines, mcs = [], []

# 1 Nova-Bollinger (IGO)
mines.append(mine('nova_bollinger', 'Nova-Bollinger Operation (IGO), Fraser Range', 'AU', 'magmatic_sulfide', 'underground', UG,
                  S_NOVA_FY19 + ' | ' + S_NOVA_RES, '2019'))
mcs.append(mc('nova_bollinger', 'nickel', 30708, 2.1, 2.1, 2.4, 'reserve', 0.89, 0.868, 0.89, 0.95, 0.9, 0.98, 12.0, 8.0, 20.0,
              'production_t = Ni in concentrate FY2019 (Jul 2018-Jun 2019); grade = DFS reserve 2.1 % (min) to 2017 resource 2.4 %; concentrator Ni recovery 86.8-89 % (2019 quarters). '
              + S_NOVA_FY19 + ' | ' + S_NOVA_RES, '2019', 'recovery_smelting;concentrate_grade_pct', SM_NI + ' | ' + CONC_NI))
mcs.append(mc('nova_bollinger', 'copper', 13693, 0.9, 0.9, 1.0, 'reserve', 0.9, 0.85, 0.96, 0.95, 0.9, 0.98, 25.0, 20.0, 30.0,
              'production_t = Cu in concentrate FY2019; grade = reserve 0.9 % to resource 1.0 % Cu. ' + S_NOVA_FY19 + ' | ' + S_NOVA_RES, '2019',
              'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
              'Cu flotation recovery not reported; 0.85-0.96 assumed (Norilsk 0.94-0.96, Kevitsa 0.87-0.89 in ../nickel_cobalt) | ' + SM_NI +
              ' | Cu concentrate grade not reported; 20-30 % (Kevitsa 25.1-26.8 %), same as ../nickel_cobalt'))
mcs.append(mc('nova_bollinger', 'cobalt', 1142, 0.07, 0.07, 0.08, 'reserve', 0.7, 0.55, 0.85, 0.85, 0.7, 0.95, 12.0, 8.0, 20.0,
              'production_t = Co in concentrate FY2020 (Jul 2019-Jun 2020; FY2019 Co not found); grade = reserve 0.07 % to resource 0.08 % Co. ' + S_NOVA_FY20 + ' | ' + S_NOVA_RES,
              '2020', 'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
              'Co recovery to Ni concentrate not reported; 0.55-0.85 (Nkomati convention in ../nickel_cobalt) | Co refining recovery 0.70-0.95 assumed | Co reports to the Ni concentrate: Ni concentrate grade range used'))

# 2 Forrestania (Western Areas)
mines.append(mine('forrestania', 'Forrestania Nickel Operation (Western Areas): Flying Fox and Spotted Quoll underground mines, Cosmic Boy concentrator',
                  'AU', 'magmatic_sulfide', 'underground', UG, S_WSA, '2020'))
mcs.append(mc('forrestania', 'nickel', 20926, 4.1, 4.1, 4.2, 'reserve', 0.89, 0.89, 0.895, 0.95, 0.9, 0.98, 14.0, None, None,
              'production_t = Ni in concentrate FY2020 (Jul 2019-Jun 2020, half in calendar 2019); grade = ore reserves Spotted Quoll 4.1 %, Flying Fox 4.2 % (2015); '
              'recovery 0.89 reported (Sep-2018 qtr), 0.895 = FY2020 mill Ni / Ni in ore mined (20,926/23,391). ' + S_WSA, '2020', 'recovery_smelting', SM_NI))

# 3 Terrafame
mines.append(mine('terrafame_sotkamo', 'Terrafame Sotkamo mine (Kuusilampi open pit, heap bioleaching)', 'FI', 'black_schist', 'open_pit', OPB,
                  S_TF19 + ' | ' + S_TF18, '2019'))
mcs.append(mc('terrafame_sotkamo', 'nickel', 27468, 0.25, 0.2, 0.3, 'resource', None, None, None, 0.59, 0.59, 0.75, None, None, None,
              'production_t = Ni in Ni-Co sulphide 2019 (Terrafame). Heap leach, no concentrate. Recovery 0.59 = 2018 Ni produced / Ni stacked (27,377/46,334), 0.75 = bioleach recovery reached in 2016. '
              + S_TF19 + ' | ' + S_TF18, '2019', 'ore_grade;recovery_smelting',
              'no ore or reserve grade found in the sources reached (Terrafame states 1,525 Mt of mineral resources, i.e. very low-grade black-schist ore); 0.20-0.30 % Ni assumed, best = midpoint | '
              'ore-to-metal recovery is a lagged proxy (multi-year heap leach): 2018 output/2018 stacked Ni to 2016 reported bioleach recovery'))
mcs.append(mc('terrafame_sotkamo', 'zinc', 55222, round(0.25 * 97663 / 46334, 4), round(0.2 * 97663 / 46334, 4), round(0.3 * 97663 / 46334, 4), 'resource',
              None, None, None, 0.63, 0.63, 0.75, None, None, None,
              'production_t = Zn in Zn sulphide 2019 (Terrafame). Zn grade = Ni grade x 2.108 (Zn/Ni stacked in 2018: 97,663/46,334 t); recovery 0.63 = 2018 Zn produced / Zn stacked (61,608/97,663). '
              + S_TF19 + ' | ' + S_TF18, '2019', 'ore_grade;recovery_smelting',
              'Zn grade derived from the assumed Ni grade (0.20-0.30 %) and the reported 2018 Zn/Ni ratio of stacked ore | recovery lagged proxy, upper bound = 2016 bioleach recovery'))

# 4 SLN (Eramet)
mines.append(mine('sln_new_caledonia', 'Societe Le Nickel (Eramet): Thio, Kouaoua, Nepoui-Kopeto and Tiebaghi mining centres, Doniambo smelter', 'NC',
                  'laterite', 'open_pit', SAP, S_SLN, '2019'))
mcs.append(mc('sln_new_caledonia', 'nickel', 47000, 1.85, None, None, 'resource', None, None, None, 0.9, 0.8, 0.95, None, None, None,
              'production_t = Ni in ferronickel 2019 (47 kt); excludes the 1.6 Mwmt of low-grade ore exported in 2019 (contained Ni not reported); grade = SLN resource average (>1.85 % Ni). '
              + S_SLN, '2019', 'recovery_smelting',
              'RKEF/electric-furnace ferronickel recovery not reported; 0.80-0.95 (Cerro Matoso reserve metallurgical recovery 0.80), same as ../nickel_cobalt'))

# 5 Taganito (NAC) + THPAL cobalt
tag_g = (2.66 * 1.44 + 3.62 * 1.055) / (2.66 + 3.62)
rt_g = (1.58 * 1.44 + 2.82 * 1.055) / (1.58 + 2.82)
LAT_EB = ('grade not reported per mine: shipment-weighted from the 2017 saprolite/limonite mix with saprolite at the NAC 2019 export grade 1.44 % and limonite at the Ramu HPAL head grade 1.055 % '
          '(analogue); range = limonite to saprolite grade')
REC_EB = 'ore-to-product recovery not reported: limonite to HPAL 0.75-0.89 and saprolite to RKEF/NPI 0.80-0.95 (../nickel_cobalt conventions)'
mines.append(mine('taganito', 'Taganito mine (Taganito Mining Corp., Nickel Asia), Claver, Surigao del Norte; limonite feeds Taganito HPAL (THPAL)', 'PH',
                  'laterite', 'open_pit', MIX, S_MGB20 + ' | ' + S_NAC_MIX, '2020'))
mcs.append(mc('taganito', 'nickel', 53541, round(tag_g, 3), 1.055, 1.44, 'head', None, None, None, 0.85, 0.75, 0.95, None, None, None,
              'production_t = Ni in ore produced Jan-Sep 2020 (MGB; 9 months only, so a lower bound of an annual figure; 2019 per-mine figures not found; includes limonite to THPAL). '
              + S_MGB20 + ' | ' + S_NAC_MIX + ' | ' + S_RAMU, '2020', 'ore_grade;recovery_smelting', LAT_EB + ' | ' + REC_EB))
mcs.append(mc('taganito', 'cobalt', 27400 * 2640 / 30000, 0.097, 0.089, 0.11, 'head', None, None, None, 0.85, 0.75, 0.92, None, None, None,
              'production_t = THPAL Ni in MS FY2018 (27,400 t) x design Co/Ni ratio 2,640/30,000 = 2,411 t Co (derived). ' + S_THPAL + ' | ' + S_RAMU, '2018',
              'production_t;ore_grade;recovery_smelting',
              'THPAL Co output not published in the sources reached: derived from reported Ni output with the design Co/Ni ratio | limonite Co grade and HPAL Co recovery: Ramu analogue (../nickel_cobalt)'))

# 6 Rio Tuba (NAC)
mines.append(mine('rio_tuba', 'Rio Tuba mine (Rio Tuba Nickel Mining Corp., Nickel Asia), Bataraza, Palawan; limonite feeds Coral Bay HPAL (CBNC)', 'PH',
                  'laterite', 'open_pit', MIX, S_MGB20 + ' | ' + S_NAC_MIX, '2020'))
mcs.append(mc('rio_tuba', 'nickel', 35451, round(rt_g, 3), 1.055, 1.44, 'head', None, None, None, 0.85, 0.75, 0.95, None, None, None,
              'production_t = Ni in ore produced Jan-Sep 2020 (MGB; 9 months only, lower bound; includes limonite to CBNC). ' + S_MGB20 + ' | ' + S_NAC_MIX + ' | ' + S_RAMU,
              '2020', 'ore_grade;recovery_smelting', LAT_EB + ' | ' + REC_EB))

# 7 Nornickel cobalt (new rows for mines already in ../nickel_cobalt)
ni_t, ni_k = 198799.0, 26821.0     # Ni in concentrate 2019, ../nickel_cobalt rows norilsk_taimyr / kola_mmc
co_ru, ni_nn = 6100.0, 228687.0
ratio = co_ru / ni_nn
rec_adj = (0.8311 * 0.95) / (0.7 * 0.85)   # Ni vs Co ore-to-metal recovery (best values used in these rows)
CO_EB = ('Russian mine Co (USGS) split between Taimyr and Kola in proportion to Ni in concentrate 2019 (198,799 : 26,821 t, ../nickel_cobalt) | '
         'Co grade = Ni head grade x Co/Ni output ratio (6,100/228,687); max also corrects for lower Co recovery (x%.2f) | Co recoveries: Nkomati convention 0.55-0.85, refining 0.70-0.95 | '
         'Co reports to Ni concentrate: Ni concentrate grade range' % rec_adj)
for mid, nit, g, gmin in (('norilsk_taimyr', ni_t, 1.3, 1.23), ('kola_mmc', ni_k, 0.5, 0.5)):
    mcs.append(mc(mid, 'cobalt', co_ru * nit / (ni_t + ni_k), round(g * ratio, 4), round(gmin * ratio, 4), round(g * ratio * rec_adj, 4), 'head',
                  0.7, 0.55, 0.85, 0.85, 0.7, 0.95, 12.0, 8.0, 20.0,
                  'production_t = share of Russia 2019 Co mine output (sole producer Nornickel). ' + S_RU_CO, '2019',
                  'production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct', CO_EB))

def write(path, header, rows):
    with open(path, 'w', newline='', encoding='utf-8') as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow(r)

write(os.path.join(HERE, 'mines.csv'), MINE_H, mines)
write(os.path.join(HERE, 'mine_commodities.csv'), MC_H, mcs)

# coverage with ../nickel_cobalt
world = {'nickel': 2700000.0, 'cobalt': 140000.0}
old_ids = {r['mine'] for r in csv.DictReader(open(os.path.join(OLD, 'mines.csv'), encoding='utf-8'))}
assert not (old_ids & {m['mine'] for m in mines}), 'duplicate mine id'
for com, w in world.items():
    old = sum(float(r['production_t']) for r in csv.DictReader(open(os.path.join(OLD, 'mine_commodities.csv'), encoding='utf-8')) if r['commodity'] == com)
    new = sum(float(r['production_t']) for r in mcs if r['commodity'] == com)
    print('%-7s old %9.0f  new %8.0f  total %9.0f  world %9.0f  coverage %.1f %% (old %.1f %%)' % (com, old, new, old + new, w, 100 * (old + new) / w, 100 * old / w))
