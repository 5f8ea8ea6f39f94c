#!/usr/bin/env python3
"""China iron ore, bauxite, Jinchuan by-product Co/Pt/Cu (staging: china_iron_bauxite).

stdlib only; every figure is hard-coded with its source (see SOURCES.md). Re-run to regenerate
mines.csv, mine_commodities.csv and national.csv in this folder and print coverage.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
AL = 0.5293  # Al in Al2O3 (2*26.98/101.96)

# ---------------------------------------------------------------- sources (short keys)
S = {
    "ansteel2012": "Shao Anlin (2012) Practice and thinking on the iron ore resource strategy of Ansteel Mining, via fx361 (Ansteel Mining: 7 iron mines, capacity 50 Mt/a iron ore and 16 Mt/a concentrate), https://m.fx361.cc/news/2012/0127/15890229.html",
    "ansteel2010": "comelan.com (Mar 2010) Ansteel old-area mine expansion approved (6 open-pit + 1 underground iron mines; 45 Mt/a ore, 15 Mt/a concentrate, ~6 % of China's ore output), http://comelan.com/B/201003/200350.asp",
    "afr2011": "Australian Financial Review (9 Jun 2011) China to boost steel output (Ansteel produced 15 Mt iron ore concentrate domestically in 2010), http://www.afr.com/business/mining/iron-ore/china-to-boost-steel-output-20110609-ics0p",
    "qidashan": "Asian Metal: Ansteel Mining gets permit to expand Qidashan iron mine (open-pit licence 18 -> 23 Mt/a), https://wap.asianmetal.com/news/viewNews.am?nId=2095564",
    "dagushan": "Kebo (2023) Dagushan iron mine open-pit monitoring (pit floor 286 m below surface, deepest open-pit iron mine in Asia), https://www.kebobds.com/en/2023/06/12/",
    "bengang2021": "Benxi Iron & Steel (Group) Mining Co. profile (Nanfen open pit, Waitoushan, Jiajiapu, Beitai; 8.19 Mt iron concentrate in 2021), http://www.zeshunjixie.com/en/Benxi_iron_and_steel__group__Mining_Co__ltd/index.html",
    "nanfen2012": "ChinaCCM (31 Aug 2012) Benxi Steel to expand Nanfen iron ore project (Nanfen open pit 12.89 Mt crude ore in 2010; design 15 Mt/a), http://www.cnchemicals.com/Product/Release/16753-benxi_steel_to_expand_nanfen_iron_ore_project.html",
    "xujia": "Ansteel Group (Nov 2024) Bengang Xujia iron mine (resource 210 Mt at 29.2 % Fe; 5.3 Mt/a ore -> 1.75 Mt/a concentrate), http://charlesfam.com/xw/cycj/20241112/266901.html",
    "yuanjiacun": "MCC/China Metallurgical Group (29 Jul 2008) TISCO Yuanjiacun iron mine groundbreaking (design total material 85.8 Mt/a, ore 22 Mt/a, concentrate ~7.4 Mt/a at >=65 % Fe, metal recovery >=70 %), http://www.gittisbaby.com/n2588025/n2588124/c4171750/content.html | Steel Guru via ironoredaily (25 Jul 2008): 7.418 Mt/a concentrate >65 % Fe, recovery >70 %, open-pit, https://ironoredaily.wordpress.com/2008/07/25/tisco-yuanjiacun-iron-ore-project-starts-construction/ | Steel Times Int. (2010): 22 Mt ore, 7.5 Mt concentrate per year; Taiyuan Steel concentrate output 2009 5.3 Mt, https://www.steeltimesint.com/news/taiyuan-steels-yuanjiacun-mine-close-to-approval",
    "hainan": "S&P Global Market Intelligence (2017) Hainan Mining to diversify from iron ore (Shilu main open pit to close in 2017, underground 4.8 Mt/a under construction; capacity 3.5 Mt, 2017 guidance 3.4 Mt, 2016 output 2.9 Mt), https://www.spglobal.com/marketintelligence/en/news-insights/trending/rjuuzcocqu4ssecxl96bsq2",
    "richore": "Iron ore industry research report (vzkoo excerpt via ancii.com): Daye and Shilu are China's only known rich-ore iron mines, surface ore exhausted, now underground, https://www.ancii.com/aab06aj4/",
    "hanking": "China Hanking Holdings, Chairman's address 2017 (Maogong mine 1.13 Mt iron concentrate in 2017), http://hankingmining.com/chairman-address?lang=en | China Hanking, Chairman's address 2019 (all iron ore mined underground in 2019; concentrate of high grade, low impurity), http://hankingmining.com/en/plus/list.php?tid=8 | The Standard, China Hanking profile (2012: iron ore 6.934 Mt, concentrate 1.638 Mt), http://finance.thestandard.com.hk/en/comp_profile.asp?code=03788",
    "srk_bif": "SRK Consulting (Focus: iron ore) Iron mineral deposits and projects in China (BIF grades usually <30 % TFe, some <20 %; skarn >50 % TFe), http://www.srkturkiye.com/en/newsletter/focus-iron-ore/iron-mineral-deposits-and-projects-peoples-republic-china",
    "jinbao": "Zijin Mining Group, Annual Reports 2016/2017 (Xinjiang Jinbao / Mengku iron mine: 2.43 Mt iron concentrate; 2.47 Mt ore processed), via Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y (fineprint-global/compilation_mining_data a41e500)",
    "ejatlas": "EJAtlas, Bayan Obo world biggest rare earths mine (iron and REE ore mined at ~15,000 t/day), https://www.ejatlas.org/print/bayan-obo-world-biggest-rare-earths-mine-baogang-group-baotou-inner-mongolia-china",
    "bayan_fe": "China mineral resources reader (Bayan Obo iron ore ~33 % Fe with rare earths, V, fluorite), http://szzy.7lue.cn/read/9a7006b7677ade615a9cce6563516a0b/ef249c7a61f1ad2814a80bb5c2e172b4.md",
    "usgs_fe": "USGS Mineral Commodity Summaries 2020, Iron ore (China usable ore 2019 350 Mt), https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-iron-ore.pdf (table via NS Energy / secondary listings)",
    "mysteel": "Mysteel survey of 332 domestic mines via Hellenic Shipping News (21 Sep 2020): China iron ore concentrate output Aug 2020 24.3 Mt, record since Jan 2018, +2 % y/y, https://www.hellenicshippingnews.com/chinas-aug-iron-ore-concs-output-a-record-high/",
    "reuters2007": "Reuters via Mining Top News (19 Apr 2007) China's big metal deposits hurt by low grades (most China-produced iron ore 30-35 % Fe; >98 % of bauxite deposits low quality), https://miningtopnews.com/chinas-big-metal-deposits-hurt-by-low-grades-media.html",
    "fe30": "fqmxn.com (n.d.) China domestic iron ore averages ~30 % Fe; ~800 Mt/a mined, https://m.fqmxn.com/1/2261220.html",
    "geochina1986": "Geology in China (1986) Analysis of China's iron ore resources (ore >50 % Fe only 6 % of reserves), http://geochina.cgs.gov.cn/article/id/DIZI198607011",
    "hebei_proj": "Stainless Steel World: NDRC approves Shahe Zhongguan (2 Mt/a ore -> 1.074 Mt/a 66 % Fe concentrate) and Shirengou (2 Mt/a -> 0.683 Mt/a 68 % Fe) iron projects, Hebei, https://stainless-steel-world.net/major-iron-ore-project-in-china",
    "panxi": "kdm-mag (MLR) Panxi vanadium-titanium magnetite utilisation requirements (iron recovery >=60 % for concentrate >=54 % Fe; open-pit mining recovery >=94 %), http://kdm-mag.com/news/89.shtml",
    "fe_conv": "blast furnace transfers ~97-100 % of Fe in the burden to hot metal (convention of the iron rows in this dataset)",
    # bauxite
    "chalco": "Aluminium Corporation of China Ltd. 20-F Annual Report 2019 | Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y (as in the existing pingguo/chalco_* rows)",
    "cm_aug2019": "CM Group / China Nonferrous Metals News (2019) China August domestic bauxite consumption 6.86 Mt (Shanxi 2.91, Henan 1.43, Guangxi 1.27, Guizhou 0.87 Mt); Jan-Aug 61.1 Mt, https://www.cmgroup.net/news/china-august-domestic-bx-consumption-decreases-by-3/",
    "cm_guangxi": "CM Group / Cnal News: Guangxi bauxite reserves 490 Mt, mines near Baise, A/S 5-8; four refineries 7.8 Mt/a mainly on local bauxite, https://www.cmgroup.net/news/promising-future-for-al-industry-development-in-guangxi/",
    "openpit_gx": "littlepeaw.com: >70 % of China's large bauxite deposits are not suited to open-pit mining; only Pingguo, Huayin and Xinfa use large-scale mechanised open-pit mining; 70 % of reserves A/S 4-6, http://www.littlepeaw.com/content/?806.html",
    "pingguo_geo": "PorterGeo, Pingguo bauxite deposit (karstic bauxite on Permian Maokou limestone, >0.5 Gt), http://portergeo.com.au/database/mineinfo.asp?mineid=mn1588",
    "zhongmei": "CM Group / Asian Metal News (2019) Henan Zhongmei starts bauxite mining (8 licences in Dengfeng; >20 Mt resources; Al2O3 60 %, A/S 4.5; plans 400 kt bauxite in 2019), https://www.cmgroup.net/news/henan-zhongmei-starts-bx-mining/",
    "usgs_bx": "USGS Mineral Commodity Summaries 2020, Bauxite and Alumina (China 2019 mine production 75 Mt), https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-bauxite-alumina.pdf",
    "bx_conv": "recovery_smelting (bauxite alumina -> metal) as the existing aluminium rows: Bayer extraction of available alumina 94.1 % at Worsley (South32 AR 2019); total-Al2O3 basis and Chinese diasporic ores lower; smelting losses small",
    "dayugou": "Henan bauxite deposits (Gongyi Dayugou: Al2O3 68.07 %, A/S 4.6, seams 1.27-7.64 m, ~2.37 m typical), http://wpsab.com/Praisepoetry/fmnqhzjoph.html",
    "huaxing": "CM Group / Asian Metal News (2019-2020) Shanxi Huaxing / Xinghua Technology: local bauxite shortage, switch to imports in 2019, https://www.cmgroup.net/news/huaxing-2019-aa-production-at-1-3-mln-t/",
    # Jinchuan
    "jc_mine": "Jinchuan: mine ore output capacity >7.4 Mt/a (China Metal Market / lgmi 23 Sep 2009, http://page.lgmi.com/html/200909/23/0012.htm) | existing jinchuan nickel row (84,000 t Ni, 1.0 % Ni head, 0.85 concentrator recovery)",
    "porter_jc": "PorterGeo, Jinchuan Ni-Cu-PGE deposit (>500 Mt at 1.2 % Ni, 0.7 % Cu, ~0.4 g/t PGE), https://portergeo.com.au/database/mineinfo.asp?mineid=mn176",
    "nicu_ratio": "yehui-trade.cn: Jinchuan ore Ni:Cu ~1:0.63; Ni ~5,000 kt, Cu ~3,000 kt retained reserves; PGM reserves <400 t, http://yehui-trade.cn/article-1413.html",
    "co_res": "blairinstruments.com (review of China's Ni-Co industry): China cobalt reserves 470 kt, Gansu 30 %, no independent Co deposits, Co recovered in Ni/Cu smelting, http://www.blairinstruments.com/content-1211.html",
    "co_grade": "cfhszx.com (on low-grade Ni-Cu-PGE resources of China): 57 magmatic sulfide deposits; average PGE 0.796 g/t; associated Co grade only ~0.02 %; Jinchuan 84 % of A+B Ni resources, ~67 % low-grade ore, https://www.cfhszx.com/gushi_258414",
    "pgm_cn": "51gjs.com (2020s): Jinchang (Gansu) PGM ore averages 0.4 g/t, Jinbaoshan 0.5 g/t; PGM from ores in China 2.5 t in 2011; Gansu PGM reserve 144 t = 44.4 % of national, https://en.51gjs.com/19157.html",
    "pmr_jc": "Platinum Metals Review 2011, 55(2), Table I: PGE abundances of the Jinchuan deposit (Pt 35.8-853 ppb disseminated, 12.7-1757 ppb net-textured; Pd 74.8-560 ppb), doi:10.1595/147106711X554512 (yumpu mirror https://www.yumpu.com/en/document/view/25385502/download-platinum-metals-review/52)",
    "jc_springer": "Encyclopedia of Mineral and Energy Policy / Springer reference entry: Jinchuan Copper-Nickel Mine ranks first in China in Ni and Co production and is China's main platinum production field, https://link.springer.com/referenceworkentry/10.1007%2F978-981-13-2538-0_1215",
    "usgs_co": "USGS Mineral Commodity Summaries 2020, Cobalt (China 2019 mine production ~2,000 t as given in the brief; table not re-read here), https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-cobalt.pdf (mirror https://docslib.org/doc/11841884/cobalt-data-sheet)",
}


def src(*keys):
    return " | ".join(S[k] for k in keys)


MINES_H = ["mine", "name", "country", "deposit_type", "mining_method", "ore_mined_mt", "stripping_ratio",
           "stripping_ratio_min", "stripping_ratio_max", "stripping_ratio_dist", "stripping_ratio_basis",
           "source", "year", "estimated", "estimate_basis"]
MC_H = ["mine", "commodity", "production_t", "ore_grade", "ore_grade_min", "ore_grade_max", "ore_grade_dist",
        "ore_grade_unit", "ore_grade_basis", "recovery_beneficiation", "recovery_beneficiation_min",
        "recovery_beneficiation_max", "recovery_beneficiation_dist", "recovery_smelting", "recovery_smelting_min",
        "recovery_smelting_max", "recovery_smelting_dist", "concentrate_grade_pct", "concentrate_grade_pct_min",
        "concentrate_grade_pct_max", "concentrate_grade_pct_dist", "source", "year", "estimated", "estimate_basis"]
NAT_H = ["commodity", "country", "quantity", "value", "min", "max", "unit", "basis", "source", "year", "estimated",
         "estimate_basis"]

BIF_SR = ("Chinese BIF open pits: Yuanjiacun (TISCO, same deposit type) life-of-mine design 85.8 Mt/a total "
          "material for 22 Mt/a ore = 2.9 t/t; Anshan pits are among the deepest in Asia (Dagushan floor 286 m "
          "below surface); span of iron-ore ratios in this dataset 0.7-4.1")

mines, mcs = [], []


def mine(**k):
    r = {h: "" for h in MINES_H}
    r.update({kk: ("" if v is None else v) for kk, v in k.items()})
    mines.append(r)


def mc(**k):
    r = {h: "" for h in MC_H}
    r.update({kk: ("" if v is None else v) for kk, v in k.items()})
    mcs.append(r)


# ================================================================ IRON (t Fe in concentrate / product)
# 1 Ansteel Mining, Anshan-Liaoyang
conc, fe = 16.0e6, 66.5
mine(mine="ansteel_anshan",
     name="Ansteel Mining Anshan-Liaoyang iron mines (Qidashan, Dagushan, Donganshan, Yanqianshan, Anqian open pits; Gongchangling underground)",
     country="CN", deposit_type="bif", mining_method="open_pit_underground", ore_mined_mt=50,
     stripping_ratio=3.0, stripping_ratio_min=1.5, stripping_ratio_max=4.5, stripping_ratio_basis="estimated",
     source=src("ansteel2012", "ansteel2010", "qidashan", "dagushan", "yuanjiacun"), year=2012,
     estimated="stripping_ratio;ore_mined_mt",
     estimate_basis="ore_mined_mt = 2012 stated capacity (50 Mt/a; 2010 actual ~45 Mt); no 2019 operator figure found. "
                    "Stripping: no reported ratio; deposit type bif, mining method mostly deep open pits (6 of 7 mines open pit in 2010, "
                    "Gongchangling underground); " + BIF_SR + "; 1.5-4.5 covers shallower and underground parts")
mc(mine="ansteel_anshan", commodity="iron", production_t=round(conc * fe / 100),
   ore_grade=30, ore_grade_min=27, ore_grade_max=33, ore_grade_unit="pct_fe", ore_grade_basis="head",
   recovery_beneficiation=0.75, recovery_beneficiation_min=0.65, recovery_beneficiation_max=0.85,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=fe, concentrate_grade_pct_min=65, concentrate_grade_pct_max=68,
   source=src("ansteel2012", "afr2011", "ansteel2010", "srk_bif", "reuters2007", "fe_conv"), year=2012,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="production_t = 16 Mt/a concentrate (2012 stated capacity; 2010 actual 15 Mt, AFR 2011) x 66.5 % Fe assumed; "
                  "2019 output not found. Head grade ~30 % Fe for Anshan-type BIF (SRK: Chinese BIF usually <30 % TFe; Reuters 2007: "
                  "most Chinese ore 30-35 %) - consistent with the reported 45 Mt ore -> 15 Mt concentrate (2010) at 0.75 recovery; "
                  "recovery and concentrate grade (65-68 %, Hebei projects 66-68 %) assumed; blast-furnace Fe recovery 0.97-1 by convention")

# 2 Bengang (Benxi) Mining
conc, fe = 8.19e6, 66.0
mine(mine="bengang_benxi",
     name="Bengang Mining (Benxi Steel): Nanfen open pit, Waitoushan, Jiajiapu, Beitai iron mines",
     country="CN", deposit_type="bif", mining_method="open_pit_underground", ore_mined_mt="",
     stripping_ratio=3.0, stripping_ratio_min=1.5, stripping_ratio_max=4.5, stripping_ratio_basis="estimated",
     source=src("bengang2021", "nanfen2012", "yuanjiacun"), year=2021, estimated="stripping_ratio",
     estimate_basis="no reported ratio; deposit type bif, mining method: Nanfen is a large open pit (12.89 Mt crude ore 2010, "
                    "design 15 Mt/a), Waitoushan/Beitai partly underground; " + BIF_SR + ". ore_mined_mt left empty (group total not found)")
mc(mine="bengang_benxi", commodity="iron", production_t=round(conc * fe / 100),
   ore_grade=30, ore_grade_min=27, ore_grade_max=33, ore_grade_unit="pct_fe", ore_grade_basis="head",
   recovery_beneficiation=0.75, recovery_beneficiation_min=0.65, recovery_beneficiation_max=0.85,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=fe, concentrate_grade_pct_min=64, concentrate_grade_pct_max=68,
   source=src("bengang2021", "xujia", "srk_bif", "fe_conv"), year=2021,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="production_t = reported 2021 concentrate 8.19 Mt (nearest year found; 2019 not found) x 66 % Fe assumed. "
                  "Head grade ~30 % Fe: neighbouring Bengang Xujia deposit 29.2 % Fe and its design 5.3 Mt ore -> 1.75 Mt concentrate "
                  "(3.0 t/t); recovery and concentrate grade assumed as for Anshan BIF")

# 3 TISCO Yuanjiacun
ore, conc, fe, rec = 22.0e6, 7.418e6, 65.0, 0.70
grade = round(conc * fe / 100 / (ore * rec) * 100, 1)
mine(mine="taigang_yuanjiacun", name="Yuanjiacun iron mine (Taiyuan Iron & Steel, Lan County, Shanxi)",
     country="CN", deposit_type="bif", mining_method="open_pit", ore_mined_mt=22,
     stripping_ratio=round((85.8 - 22) / 22, 2), stripping_ratio_basis="reserve_plan",
     source=src("yuanjiacun"), year=2019, estimated="ore_mined_mt",
     estimate_basis="stripping ratio = design total material 85.8 Mt/a less 22 Mt/a ore, over ore (life-of-mine design, 40-year mine); "
                    "ore_mined_mt = design capacity, assumed reached by 2019 (2019 output not found)")
mc(mine="taigang_yuanjiacun", commodity="iron", production_t=round(conc * fe / 100),
   ore_grade=grade, ore_grade_min=28, ore_grade_max=33, ore_grade_unit="pct_fe", ore_grade_basis="reserve",
   recovery_beneficiation=rec, recovery_beneficiation_min=0.70, recovery_beneficiation_max=0.80,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=fe, concentrate_grade_pct_min=65, concentrate_grade_pct_max=67,
   source=src("yuanjiacun", "fe_conv"), year=2019,
   estimated="production_t;ore_grade;recovery_smelting",
   estimate_basis=f"production_t = design 7.418 Mt/a concentrate x 65 % Fe (design minimum), assumed reached by 2019; "
                  f"ore grade derived from the design figures: Fe in concentrate / (22 Mt ore x 0.70 recovery) = {grade} % Fe "
                  "(range 28-33 % for recovery 0.70-0.80 and BIF grades); recovery (>=70 %) and concentrate grade (>=65 %) are the design minima")

# 4 Hainan Mining Shilu
prod, fe = 3.4e6, 50.0
mine(mine="hainan_shilu", name="Shilu iron mine (Hainan Mining Co.)", country="CN", deposit_type="bif",
     mining_method="open_pit_underground", ore_mined_mt=3.4,
     stripping_ratio=1.0, stripping_ratio_min=0.1, stripping_ratio_max=3.0, stripping_ratio_basis="estimated",
     source=src("hainan", "richore"), year=2017, estimated="stripping_ratio;ore_mined_mt",
     estimate_basis="no reported ratio; deposit type: high-grade banded hematite (Shilu is one of China's two known rich-ore iron mines); "
                    "mining method: main open pit closing in 2017 and moving to underground (4.8 Mt/a under construction), so the "
                    "average ratio falls between an open pit (~2-3) and underground (~0.1); ore_mined_mt = 2017 output guidance 3.4 Mt (products)")
mc(mine="hainan_shilu", commodity="iron", production_t=round(prod * fe / 100),
   ore_grade=fe, ore_grade_min=45, ore_grade_max=56, ore_grade_unit="pct_fe", ore_grade_basis="head",
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   source=src("hainan", "richore", "geochina1986", "fe_conv"), year=2017,
   estimated="production_t;ore_grade;recovery_smelting",
   estimate_basis="production_t = 2017 guidance 3.4 Mt iron ore products x ~50 % Fe assumed; treated like direct-shipping ore "
                  "(concentrate = ore, as the DSO rows): rich ore (>50 % Fe is only ~6 % of China's reserves) with 45-56 % assumed")

# 5 Hanking Maogong
conc, fe = 1.13e6, 68.0
mine(mine="hanking_maogong", name="Maogong iron mine (China Hanking Holdings, Fushun, Liaoning)", country="CN",
     deposit_type="bif", mining_method="underground", ore_mined_mt="",
     stripping_ratio=0.1, stripping_ratio_min=0.0, stripping_ratio_max=0.2, stripping_ratio_basis="estimated",
     source=src("hanking"), year=2019, estimated="stripping_ratio",
     estimate_basis="deposit type bif; mining method underground (all Hanking iron ore mined underground in 2019): development waste "
                    "only, 0-0.2 t/t (as the other underground rows)")
mc(mine="hanking_maogong", commodity="iron", production_t=round(conc * fe / 100),
   ore_grade=22, ore_grade_min=18, ore_grade_max=27, ore_grade_unit="pct_fe", ore_grade_basis="head",
   recovery_beneficiation=0.75, recovery_beneficiation_min=0.65, recovery_beneficiation_max=0.85,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=fe, concentrate_grade_pct_min=66, concentrate_grade_pct_max=70,
   source=src("hanking", "srk_bif", "fe_conv"), year=2017,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="production_t = reported 2017 Maogong concentrate 1.13 Mt x 68 % Fe assumed (Hanking sells high-grade, "
                  "low-impurity concentrate); head grade from the company's 2012 ore/concentrate ratio (6.934 Mt -> 1.638 Mt, 4.2 t/t) "
                  "at 0.75 recovery and 68 % concentrate: ~21-22 % Fe (SRK: some Chinese BIF <20 % TFe)")

# 6 Zijin Xinjiang Jinbao (Mengku)
conc, fe = 2.43e6, 65.0
mine(mine="zijin_jinbao_mengku", name="Xinjiang Jinbao (Mengku) iron mine (Zijin Mining)", country="CN",
     deposit_type="skarn_magnetite", mining_method="open_pit", ore_mined_mt="",
     stripping_ratio=1.5, stripping_ratio_min=0.7, stripping_ratio_max=4.1, stripping_ratio_basis="estimated",
     source=src("jinbao"), year=2016, estimated="stripping_ratio",
     estimate_basis="no reported ratio; deposit type skarn magnetite, mining method open pit (compilation gives no method; open pit "
                    "assumed); dataset-wide iron-ore estimate 1.5 (0.7-4.1) as for korshunov/pena_colorada")
mc(mine="zijin_jinbao_mengku", commodity="iron", production_t=round(conc * fe / 100),
   ore_grade=40, ore_grade_min=30, ore_grade_max=50, ore_grade_unit="pct_fe", ore_grade_basis="head",
   recovery_beneficiation=0.8, recovery_beneficiation_min=0.7, recovery_beneficiation_max=0.9,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=fe, concentrate_grade_pct_min=63, concentrate_grade_pct_max=67,
   source=src("jinbao", "srk_bif", "fe_conv"), year=2016,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="production_t = reported concentrate 2.43 Mt (Zijin AR 2016; compilation lists it under 2017) x 65 % Fe assumed; "
                  "the compilation's 2.47 Mt 'ore processed' (AR 2017) is too close to the concentrate tonnage to be run-of-mine ore, so "
                  "ore_mined_mt is left empty; grade 30-50 % for Chinese skarn magnetite (SRK: skarn often >50 % TFe, lower for low-grade parts)")

# 7 Bayan Obo iron (row added to the existing bayan_obo mine)
ore, fe_ore, rec, cg = 15000 * 365, 33.0, 0.7, 62.0
mc(mine="bayan_obo", commodity="iron", production_t=round(ore * fe_ore / 100 * rec),
   ore_grade=fe_ore, ore_grade_min=30, ore_grade_max=36, ore_grade_unit="pct_fe", ore_grade_basis="resource",
   recovery_beneficiation=rec, recovery_beneficiation_min=0.6, recovery_beneficiation_max=0.8,
   recovery_smelting=0.99, recovery_smelting_min=0.97, recovery_smelting_max=1,
   concentrate_grade_pct=cg, concentrate_grade_pct_min=60, concentrate_grade_pct_max=65,
   source=src("ejatlas", "bayan_fe", "fe_conv"), year=2019,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="production_t = ore mined ~15,000 t/day (EJAtlas) x 365 = 5.5 Mt/a x 33 % Fe x 0.70 recovery; operator (Baotou "
                  "Steel) figures not found, output may well be higher; Fe ~33 % in Bayan Obo ore (mineral resources reader); "
                  "recovery 0.6-0.8 and concentrate 60-65 % Fe assumed. Shares the existing bayan_obo stripping ratio (2, 1-4)")

# ================================================================ BAUXITE (t Al)
gx_ore = 1.27e6 * 12 - 5.988e6
mine(mine="guangxi_baise_other",
     name="Other Baise (Guangxi) bauxite mines outside Chalco Pingguo (Huayin/Debao, Xinfa/Jingxi and others)",
     country="CN", deposit_type="bauxite_karst", mining_method="open_pit", ore_mined_mt=round(gx_ore / 1e6, 2),
     stripping_ratio=1, stripping_ratio_min=0.3, stripping_ratio_max=2, stripping_ratio_basis="estimated",
     source=src("cm_aug2019", "cm_guangxi", "openpit_gx", "pingguo_geo", "chalco"), year=2019,
     estimated="ore_mined_mt;stripping_ratio",
     estimate_basis="ore_mined_mt = Guangxi refineries' domestic bauxite consumption Aug 2019 (1.27 Mt) x 12 less Chalco Pingguo ore "
                    "processed 2019 (5.988 Mt); stripping: no reported ratio; deposit type karst (accumulated) bauxite of the Baise "
                    "district like Pingguo, mining method large-scale mechanised open pit (Pingguo, Huayin, Xinfa); same 1 (0.3-2) as pingguo")
mc(mine="guangxi_baise_other", commodity="aluminium", production_t=round(gx_ore * 0.53 * AL),
   ore_grade=53, ore_grade_min=48, ore_grade_max=60, ore_grade_unit="pct_al2o3", ore_grade_basis="reserve",
   recovery_smelting=0.9, recovery_smelting_min=0.8, recovery_smelting_max=0.95,
   source=src("cm_aug2019", "cm_guangxi", "chalco", "bx_conv"), year=2019,
   estimated="production_t;ore_grade;recovery_smelting",
   estimate_basis="production_t = estimated ore (annualised Aug-2019 Guangxi consumption less Pingguo) x 53 % Al2O3 x 0.529; grade = "
                  "Pingguo 2019 reserve grade 52.96 % (same district, Guangxi A/S 5-8), 48-60 %; may include some bauxite brought in "
                  "from other provinces; " + S["bx_conv"])

zm_ore = 0.4e6
mine(mine="henan_zhongmei_dengfeng", name="Henan Zhongmei bauxite mines (8 licences, Dengfeng, Henan)", country="CN",
     deposit_type="bauxite_karst", mining_method="open_pit_underground", ore_mined_mt=0.4,
     stripping_ratio=1.5, stripping_ratio_min=0.2, stripping_ratio_max=6, stripping_ratio_basis="estimated",
     source=src("zhongmei", "dayugou"), year=2019, estimated="ore_mined_mt;stripping_ratio",
     estimate_basis="ore_mined_mt = planned 2019 output (400 kt; mining began end-Aug 2019 at ~80 kt/month); stripping: no reported "
                    "ratio; deposit type Henan karst (sedimentary) diasporic bauxite in thin 1.3-7.6 m seams, mining method open pit and "
                    "underground - same 1.5 (0.2-6) as the Chalco Henan rows")
mc(mine="henan_zhongmei_dengfeng", commodity="aluminium", production_t=round(zm_ore * 0.60 * AL),
   ore_grade=60, ore_grade_unit="pct_al2o3", ore_grade_basis="head",
   recovery_smelting=0.9, recovery_smelting_min=0.8, recovery_smelting_max=0.95,
   source=src("zhongmei", "bx_conv"), year=2019, estimated="production_t;recovery_smelting",
   estimate_basis="production_t = planned 400 kt x reported 60 % Al2O3 x 0.529 (plan, not actual); " + S["bx_conv"])

# ================================================================ JINCHUAN co-products (rows added; nickel row unchanged)
NI_PROD, NI_G, NI_REC = 84000, 1.0, 0.85
cu_g, cu_rec = 0.6, 0.82
mc(mine="jinchuan", commodity="copper", production_t=round(NI_PROD * cu_g / NI_G * cu_rec / NI_REC),
   ore_grade=cu_g, ore_grade_min=0.36, ore_grade_max=0.9, ore_grade_unit="pct", ore_grade_basis="head",
   recovery_beneficiation=cu_rec, recovery_beneficiation_min=0.75, recovery_beneficiation_max=0.88,
   recovery_smelting=0.95, recovery_smelting_min=0.9, recovery_smelting_max=0.98,
   concentrate_grade_pct=4.0, concentrate_grade_pct_min=3.0, concentrate_grade_pct_max=6.0,
   source=src("jc_mine", "porter_jc", "nicu_ratio"), year=2019,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="no Jinchuan mine-copper figure found. Cu grade = Ni grade of the nickel row x Cu/Ni 0.6 (deposit 0.7 % Cu / 1.2 % Ni, "
                  "PorterGeo; Ni:Cu 1:0.63); range from Ni 0.6-1.5 %. production_t = nickel row 84,000 t x Cu/Ni grade ratio x "
                  "(Cu 0.82 / Ni 0.85 concentrator recovery), i.e. the same ore tonnage; Cu reports to a bulk Ni-Cu concentrate (3-6 % Cu "
                  "assumed); smelting as other sulfide rows")
co_g, co_rec, co_sm = 0.028, 0.65, 0.7
co_prod = round(NI_PROD * co_g / NI_G * co_rec / NI_REC * co_sm)
mc(mine="jinchuan", commodity="cobalt", production_t=co_prod,
   ore_grade=co_g, ore_grade_min=0.017, ore_grade_max=0.042, ore_grade_unit="pct", ore_grade_basis="reserve",
   recovery_beneficiation=co_rec, recovery_beneficiation_min=0.5, recovery_beneficiation_max=0.8,
   recovery_smelting=co_sm, recovery_smelting_min=0.5, recovery_smelting_max=0.85,
   concentrate_grade_pct=0.2, concentrate_grade_pct_min=0.1, concentrate_grade_pct_max=0.4,
   source=src("jc_mine", "co_res", "nicu_ratio", "co_grade", "jc_springer", "usgs_co"), year=2019,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
   estimate_basis="no Jinchuan mine-cobalt figure found (its ~10 kt/a refined Co is mostly from imported feed). Co/Ni in the ore = "
                  "Gansu Co reserves (30 % of 470 kt = ~141 kt) / Jinchuan Ni reserves (~5,000 kt) = 0.028, x the nickel row's 1.0 % Ni "
                  "(0.6-1.5 %) -> 0.028 % Co (China's associated Co averages ~0.02 %). production_t = refined Co from own ore = 84,000 t Ni "
                  f"x 0.028 x (0.65/0.85 concentrator) x 0.70 refinery = {co_prod} t (~60 % of China's ~2,000 t mine Co, consistent with "
                  "Jinchuan being China's main Co producer); Co in bulk concentrate 0.1-0.4 % assumed")
pt_g, pt_rec, pt_sm = 0.2, 0.6, 0.8
ore_jc = NI_PROD / (NI_G / 100 * NI_REC)
pt_prod = round(ore_jc * pt_g * pt_rec * pt_sm / 1e6, 2)
mc(mine="jinchuan", commodity="platinum", production_t=pt_prod,
   ore_grade=pt_g, ore_grade_min=0.1, ore_grade_max=0.3, ore_grade_unit="g_per_t", ore_grade_basis="resource",
   recovery_beneficiation=pt_rec, recovery_beneficiation_min=0.4, recovery_beneficiation_max=0.75,
   recovery_smelting=pt_sm, recovery_smelting_min=0.6, recovery_smelting_max=0.9,
   source=src("porter_jc", "pgm_cn", "pmr_jc", "jc_springer", "jc_mine"), year=2019,
   estimated="production_t;ore_grade;recovery_beneficiation;recovery_smelting",
   estimate_basis="no Jinchuan platinum output found. Ore carries ~0.4 g/t total PGE (PorterGeo; 51gjs), Pt about half (PMR 2011: Pt "
                  "35-1757 ppb vs Pd 75-560 ppb in disseminated/net-textured ore) -> 0.2 g/t Pt (0.1-0.3). production_t = ore implied by "
                  f"the nickel row ({ore_jc/1e6:.1f} Mt = 84,000 t / (1.0 % x 0.85)) x 0.2 g/t x 0.6 flotation x 0.8 refinery = {pt_prod} t; "
                  "China's PGM from ores was 2.5 t in 2011 (incl. Pd), so ~1 t Pt is plausible")

# ================================================================ NATIONAL
nat = []


def n(**k):
    r = {h: "" for h in NAT_H}
    r.update({kk: ("" if v is None else v) for kk, v in k.items()})
    nat.append(r)


fe_cn = 350e6 * 0.63
n(commodity="iron", country="CN", quantity="country_production_t", value=round(fe_cn), min=round(280e6 * 0.65),
  max=round(350e6 * 0.67), unit="t", basis="Fe content of usable ore (concentrate + direct ore), 2019",
  source=src("usgs_fe", "mysteel"), year=2019, estimated="value;min;max",
  estimate_basis="value = USGS usable ore 350 Mt x 63 % Fe (as supply.csv); min = Mysteel survey level (~24 Mt/month concentrate in "
                 "2020, i.e. ~280 Mt/a) x 65 %; max = 350 Mt x 67 %. NBS crude ore 2019 (~844 Mt per the brief) was not re-read here")
n(commodity="iron", country="CN", quantity="ore_grade", value=30, min=25, max=34, unit="pct_fe",
  basis="head (crude ore) grade, production-weighted national average",
  source=src("reuters2007", "srk_bif", "fe30", "geochina1986", "ansteel2010"), year=2019, estimated="value;min;max",
  estimate_basis="most Chinese ore 30-35 % Fe (Reuters 2007), BIF usually <30 % and some <20 % (SRK), ~30 % (fqmxn); ore >50 % Fe only "
                 "6 % of reserves. Cross-check: 180-235 Mt Fe in product from ~844 Mt crude ore at 0.70-0.85 recovery gives 25-40 %; "
                 "the 25-34 % range is the uncertainty of the average")
n(commodity="iron", country="CN", quantity="recovery_beneficiation", value=0.75, min=0.65, max=0.85, unit="fraction",
  basis="Fe recovery ore -> concentrate", source=src("yuanjiacun", "panxi", "ansteel2010"), year=2019,
  estimated="value;min;max",
  estimate_basis="design >=0.70 at Yuanjiacun (fine-grained hematite/magnetite), regulatory minimum 0.60 for Panxi Ti-magnetite; "
                 "magnetite ores recover more (0.8-0.9, cf. the magnetite rows in this dataset); Anshan 2010 ore/concentrate ratio 3:1 "
                 "implies ~0.75 at 30 % head")
n(commodity="iron", country="CN", quantity="concentrate_grade_pct", value=65, min=63, max=67, unit="pct_fe",
  basis="Fe grade of domestic concentrate", source=src("yuanjiacun", "hebei_proj", "panxi", "usgs_fe"), year=2019,
  estimated="value;min;max",
  estimate_basis="Yuanjiacun >=65 %, Hebei Shahe Zhongguan 66 % and Shirengou 68 %, Panxi Ti-magnetite >=54 %; 63-67 % for the average")
n(commodity="iron", country="CN", quantity="stripping_ratio", value=3.0, min=2.0, max=4.0, unit="t_per_t",
  basis="waste t per t ore, open-pit mines", source=src("yuanjiacun", "dagushan", "nanfen2012"), year=2019,
  estimated="value;min;max",
  estimate_basis="only one design ratio found (Yuanjiacun LOM 2.9 t/t); large old BIF pits (Anshan, Nanfen, Shuichang) are deep "
                 "(Dagushan 286 m below surface) so ratios rise with age; 2-4 covers the average")
n(commodity="iron", country="CN", quantity="share_underground", value=0.3, min=0.15, max=0.45, unit="fraction",
  basis="share of crude ore mined underground", source=src("ansteel2010", "hanking", "hainan", "richore"), year=2019,
  estimated="value;min;max",
  estimate_basis="no national statistic found; the large BIF producers are mostly open pit (Ansteel 6 of 7 mines open pit in 2010), "
                 "while rich skarn/hematite mines (Daye, Shilu) and many Liaoning/Hebei mid-size mines (e.g. all of Hanking in 2019) "
                 "are underground and moving deeper; 0.15-0.45 assumed")
n(commodity="iron", country="CN", quantity="recovery_smelting", value=0.99, min=0.97, max=1, unit="fraction",
  basis="blast furnace Fe recovery", source=S["fe_conv"], year=2019, estimated="value;min;max",
  estimate_basis="dataset convention for iron rows")

al_cn = 75e6 * 0.60 * AL
n(commodity="aluminium", country="CN", quantity="country_production_t", value=round(al_cn), min=round(75e6 * 0.55 * AL),
  max=round(61.1e6 / 8 * 12 * 0.62 * AL), unit="t", basis="Al content of bauxite mined, 2019",
  source=src("usgs_bx", "cm_aug2019"), year=2019, estimated="value;min;max",
  estimate_basis="value = USGS 75 Mt x ~60 % Al2O3 x 0.529; min = 75 Mt at 55 %; max = domestic bauxite consumption Jan-Aug 2019 "
                 "61.1 Mt annualised (~92 Mt) x 62 % (the consumption statistic suggests USGS understates output)")
n(commodity="aluminium", country="CN", quantity="ore_grade", value=60, min=56, max=64, unit="pct_al2o3",
  basis="production-weighted Al2O3 grade of bauxite mined", source=src("chalco", "zhongmei", "cm_guangxi", "dayugou"), year=2019,
  estimated="value;min;max",
  estimate_basis="Chalco mine groups' reserve grades weighted by 2019 Al output: 59.2 % (52.96 Pingguo to 65.7 Xiaoyi); Henan Zhongmei "
                 "60 % (A/S 4.5); market grade in Shanxi/Henan A/S 5.0; Guangxi A/S 5-8; 70 % of reserves A/S 4-6 (littlepeaw)")
n(commodity="aluminium", country="CN", quantity="stripping_ratio", value=1.5, min=0.5, max=4, unit="t_per_t",
  basis="overburden t per t bauxite, open-pit mines", source=src("openpit_gx", "dayugou", "pingguo_geo"), year=2019,
  estimated="value;min;max",
  estimate_basis="no reported ratio found for any Chinese bauxite mine; Guangxi accumulated ore at surface (low), north-China karst "
                 "seams 1-8 m thick under coal-bearing strata (higher); average 0.5-4 assumed")
n(commodity="aluminium", country="CN", quantity="share_underground", value=0.3, min=0.17, max=0.5, unit="fraction",
  basis="share of bauxite mined underground", source=src("chalco", "openpit_gx"), year=2019, estimated="value;min;max",
  estimate_basis="Chalco's underground-only groups (Sanmenxia, Huaxing) are 17 % of its 2019 ore; several others are mixed; >70 % of "
                 "large deposits are not suited to open pit (littlepeaw) but Guangxi (~15-20 % of output) is all open pit")
n(commodity="aluminium", country="CN", quantity="recovery_smelting", value=0.9, min=0.8, max=0.95, unit="fraction",
  basis="bauxite Al2O3 -> aluminium", source=S["bx_conv"], year=2019, estimated="value;min;max",
  estimate_basis="dataset convention for aluminium rows")

n(commodity="cobalt", country="CN", quantity="country_production_t", value=2000, min=1500, max=3000, unit="t",
  basis="mine (by-product) cobalt content, 2019", source=src("usgs_co", "jc_springer"), year=2019, estimated="min;max",
  estimate_basis="value as USGS MCS 2020 per the brief (table not re-read); range covers revisions and the by-product attribution")
n(commodity="cobalt", country="CN", quantity="ore_grade", value=0.02, min=0.015, max=0.04, unit="pct",
  basis="Co in Cu-Ni sulfide ores (associated)", source=src("co_grade", "co_res"), year=2019, estimated="min;max",
  estimate_basis="value = average associated Co grade of China's Cu-Ni-PGE deposits (~0.02 %); Jinchuan higher (~0.028 %, Co/Ni reserves)")
n(commodity="platinum", country="CN", quantity="country_production_t", value=1.2, min=0.6, max=2.5, unit="t",
  basis="platinum recovered from domestic ores", source=src("pgm_cn", "jc_springer"), year=2011, estimated="value;min;max",
  estimate_basis="only figure found: PGM from ores 2.5 t in 2011 (Pt+Pd+others); Pt taken as ~half (Jinchuan Pt >= Pd); 2019 not found")
n(commodity="platinum", country="CN", quantity="ore_grade", value=0.2, min=0.1, max=0.4, unit="g_per_t",
  basis="Pt in Cu-Ni-PGE ore", source=src("pgm_cn", "porter_jc", "co_grade", "pmr_jc"), year=2019, estimated="value;min;max",
  estimate_basis="total PGE 0.4 g/t at Jinchuan, 0.5 g/t at Jinbaoshan, 0.8 g/t average of 57 deposits; Pt about half")


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


write("mines.csv", MINES_H, mines)
write("mine_commodities.csv", MC_H, mcs)
write("national.csv", NAT_H, nat)

fe_sum = sum(float(r["production_t"]) for r in mcs if r["commodity"] == "iron")
print(f"iron: {fe_sum/1e6:.2f} Mt Fe listed / {fe_cn/1e6:.0f} Mt = {fe_sum/fe_cn:.1%}")
chalco_al = 4488715
al_new = sum(float(r["production_t"]) for r in mcs if r["commodity"] == "aluminium")
print(f"aluminium: Chalco {chalco_al/1e6:.2f} + new {al_new/1e6:.2f} = {(chalco_al+al_new)/1e6:.2f} Mt Al / {al_cn/1e6:.2f} "
      f"= {(chalco_al+al_new)/al_cn:.1%} (Chalco alone {chalco_al/al_cn:.1%})")
print(f"cobalt: jinchuan {co_prod} t / 2000 t = {co_prod/2000:.0%}")
print(f"platinum: jinchuan {pt_prod} t / 1.2 t = {pt_prod/1.2:.0%}")
for r in mcs:
    print(r["mine"], r["commodity"], r["production_t"])
