#!/usr/bin/env python3
"""Writes mines.csv, mine_commodities.csv, national.csv for China's own lead/zinc mines.
Hand-compiled figures (search tool, pages corpus); see SOURCES.md. stdlib only, deterministic."""
import csv

MINES_H = "mine,name,country,deposit_type,mining_method,ore_mined_mt,stripping_ratio,stripping_ratio_min,stripping_ratio_max,stripping_ratio_dist,stripping_ratio_basis,source,year,estimated,estimate_basis".split(",")
MC_H = "mine,commodity,production_t,ore_grade,ore_grade_min,ore_grade_max,ore_grade_dist,ore_grade_unit,ore_grade_basis,recovery_beneficiation,recovery_beneficiation_min,recovery_beneficiation_max,recovery_beneficiation_dist,recovery_smelting,recovery_smelting_min,recovery_smelting_max,recovery_smelting_dist,concentrate_grade_pct,concentrate_grade_pct_min,concentrate_grade_pct_max,concentrate_grade_pct_dist,source,year,estimated,estimate_basis".split(",")
NAT_H = "commodity,country,quantity,value,min,max,unit,basis,source,year,estimated,estimate_basis".split(",")

# ---------------- sources ----------------
S_CH_2018_SP = "S&P Global Market Intelligence (Mar 2019) Yunnan Chihong posts 46% drop in FY'18 net profit (2018: 2.4 Mt sulfide ore, 352,900 t lead and zinc produced) <https://www.spglobal.com/marketintelligence/en/news-insights/trending/gjczl4mi0uwmkbxexs54uq2>"
S_CH_2018_BROKER = "Broker comment on Chihong 2018 results, reposted (2018 mined zinc 25.6 and lead 9.7 (10^4 t), -3.3 % / -8.6 % y/y) <http://www.applyyourself.cn/awuzrgzvu/231.html>"
S_CH_GRADE = "Securities research report on Chihong Zn&Ge (fxbaogao.com, c. 2021-22): company-wide 2020 Pb+Zn run-of-mine grade 16.1 % vs industry average 7.72 %; Huize 28.17 % <https://fxbaogao.com/detail/3047135>"
S_CH_CAP = "reportify.cn, Chihong 2025 conference-call notes (mine capacities: Huize 175 kt/a, Yiliang 130 kt/a, Rongda 50 kt/a metal; Rongda grade 4-6 %) <https://reportify.cn/companies/SH:600497/documents?page=11>"
S_ZJ_2019 = "Zhongjin Lingnan 2019 annual report as summarised by lujuba.top (2019: 292,300 t lead and zinc in concentrates, -3.91 % y/y; 135.94 t silver in concentrates) <https://lujuba.top/en/163488.html>"
S_FANKOU_PROFILE = "6x0.cn mine profile 'Fankou lead-zinc mine' (average ore grade Pb 5.24 %, Zn 10.63 %, S 24 %, Ag 109 g/t; stratabound carbonate-hosted) <https://6x0.cn/news/show-117367.html>"
S_FANKOU_IM = "International Mining (2023) Maximising the benefits of sensor-based ore sorting machines, HPY/Fankou (2018 processing capacity 1.5 Mt, 0.6 Mt to tailings pond; ~1.4 Mt/y ore; ~200,000 t/y waste rock added to ~2 Mt piles) <https://im-mining.com/tag/fankou/> | International Mining (6 May 2024) HPY ore sorting upgrade at Fankou (peak ~180,000 t lead-zinc a year) <https://im-mining.com/2024/05/06/hpy-provides-transformational-ore-sorting-upgrade-at-fankou-lead-zinc-operation/>"
S_PERILYA = "Perilya, Broken Hill operations page (2002-2010: ~15 Mt ore, >800,000 t zinc and 450,000 t lead shipped) <https://www.perilya.com.au/our-business/operations/broken-hill> | D. Beattie (2016) Zinc Mining Ramblings Module 5, table of Australian mine zinc output (Perilya 35,000 t Zn/y forecast 2017-2022) <https://docslib.org/doc/8203120/australian-mined-zinc-production-actual-and-forecast-tonnes-per-year>"
S_REUTERS_2012 = "Reuters (30 Mar 2012) Zhongjin resumes Fankou production (Fankou + Guangxi mine: 199,500 t Pb+Zn in concentrates in 2011) <http://www.reuters.com/article/zhongjin-mine-idUSL3E8EU1KS20120330>"
S_GRIFFIN_2019 = "Griffin Mining Ltd (2020) 2019 Results / Annual Report & Accounts (2019 metal in concentrate sold: zinc 37,811 t, lead 1,221 t) <http://investegate.co.uk/announcement/rns/griffin-mining-ltd---gfm/final-results/6338896>"
S_GRIFFIN_RES = "Griffin Mining Ltd RNS (18 Feb 2021) New global Mineral Resource statement (previous Zone II+III resource in the 2019 annual report: 67.6 Mt at 3.9 % Zn, 0.4 % Pb; new global 101.5 Mt at 3.9 % Zn, 0.6 % Pb) <https://www.sharesmagazine.co.uk/news/market/LSE20210218070003_3883229/global-resource-statement> | Griffin Mining, Caijiaying project page (underground mine, mill nameplate 1.5 Mt/y) <https://griffinmining.com/caijiaying-project/>"
TYP = "typical values of ../lead_zinc_extra (flotation Pb 0.75, 0.55-0.90 / Zn 0.85, 0.75-0.92; smelting Pb 0.965, 0.94-0.98 / Zn 0.965, 0.95-0.98; concentrate Pb 60 %, 50-72 / Zn 52 %, 48-56)"
UG = "underground mine: development waste only, 0.1 (0-0.2) t/t as for the other underground mines of this dataset (deposit type and mining method basis); not reported"

mines = [
 dict(mine="chihong_own_mines", name="Yunnan Chihong Zn&Ge own mines (Huize Qilinchang/Kuangshanchang, Yiliang Maoping, Rongda Jiawula; aggregate)", country="CN",
      deposit_type="mvt", mining_method="underground", ore_mined_mt="2.4", stripping_ratio="0.1", stripping_ratio_min="0", stripping_ratio_max="0.2",
      stripping_ratio_basis="estimated", source=" | ".join([S_CH_2018_SP, S_CH_2018_BROKER, S_CH_GRADE, S_CH_CAP]), year="2018", estimated="stripping_ratio",
      estimate_basis="company aggregate of several underground mines (the operator reports mine output only as a total in what could be retrieved); ore_mined_mt = 2018 sulfide ore produced (S&P). Huize and Maoping are carbonate-hosted Zn-Pb(-Ge) (Huize-style/MVT-like); Rongda (Jiawula) is a volcanic-hosted Pb-Zn-Ag vein deposit. " + UG),
 dict(mine="zhongjin_lingnan_domestic", name="Zhongjin Lingnan domestic mines: Fankou (Guangdong) and Panlong (Guangxi) (aggregate)", country="CN",
      deposit_type="sediment_hosted_zn_pb", mining_method="underground", ore_mined_mt="", stripping_ratio="0.14", stripping_ratio_min="0.1", stripping_ratio_max="0.2",
      stripping_ratio_basis="estimated", source=" | ".join([S_ZJ_2019, S_FANKOU_IM, S_FANKOU_PROFILE, S_PERILYA, S_REUTERS_2012]), year="2019", estimated="stripping_ratio",
      estimate_basis="underground carbonate-hosted stratabound Pb-Zn (Fankou); stripping ratio DERIVED from Fankou's ~200,000 t/y of waste rock added to its dumps / ~1.4 Mt/y ore (International Mining) = 0.14 t/t, range 0.1-0.2; Panlong assumed similar. Ore mined not given (Fankou ~1.4 Mt/y; Panlong not found)."),
 dict(mine="caijiaying", name="Caijiaying Zn-Pb-Ag-Au mine (Hebei Hua Ao, Griffin Mining), Hebei", country="CN",
      deposit_type="vein", mining_method="underground", ore_mined_mt="", stripping_ratio="0.1", stripping_ratio_min="0", stripping_ratio_max="0.2",
      stripping_ratio_basis="estimated", source=" | ".join([S_GRIFFIN_2019, S_GRIFFIN_RES]), year="2019", estimated="stripping_ratio",
      estimate_basis="hydrothermal Zn-Pb-Ag-Au lodes (classified vein here; the operator calls it a zinc-gold mine); " + UG + "; 2019 ore mined not retrieved (mill nameplate 1.5 Mt/y). Gold and silver (2019 sold 17,712 oz Au, 333,093 oz Ag) are not modelled."),
]

def row(**k):
    r = {h: "" for h in MC_H}
    r.update(k)
    r.setdefault("ore_grade_unit", "pct")
    return r

mc = [
 # Chihong aggregate, 2018
 row(mine="chihong_own_mines", commodity="zinc", production_t="256000", ore_grade="11.67", ore_grade_min="10.5", ore_grade_max="13.0", ore_grade_unit="pct", ore_grade_basis="head",
     recovery_beneficiation="0.91", recovery_beneficiation_min="0.85", recovery_beneficiation_max="0.95", recovery_smelting="0.965", recovery_smelting_min="0.95", recovery_smelting_max="0.98",
     concentrate_grade_pct="52", concentrate_grade_pct_min="48", concentrate_grade_pct_max="56",
     source=" | ".join([S_CH_2018_BROKER, S_CH_2018_SP, S_CH_GRADE]), year="2018",
     estimated="ore_grade;ore_grade_min;ore_grade_max;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t = 2018 mined zinc 25.6 x 10^4 t (broker comment; total Pb+Zn 352,900 t also in S&P). ore_grade: the company reports a combined Pb+Zn run-of-mine grade of 16.1 % (2020, research report; Huize alone 28.17 %); split into Zn 11.67 % and Pb 4.43 % in proportion to the 2018 metal output (Zn 72.5 %, Pb 27.5 %); range +-10 % for the year mismatch (2020 grade vs 2018 output) and the split. recovery_beneficiation DERIVED: 2018 metal / (2018 ore 2.4 Mt x 16.1 %) = 0.913, applied to both metals (range 0.85-0.95). Smelting and concentrate grade: " + TYP + ". Germanium and silver are not modelled."),
 row(mine="chihong_own_mines", commodity="lead", production_t="97000", ore_grade="4.43", ore_grade_min="4.0", ore_grade_max="4.9", ore_grade_unit="pct", ore_grade_basis="head",
     recovery_beneficiation="0.91", recovery_beneficiation_min="0.85", recovery_beneficiation_max="0.95", recovery_smelting="0.965", recovery_smelting_min="0.94", recovery_smelting_max="0.98",
     concentrate_grade_pct="60", concentrate_grade_pct_min="50", concentrate_grade_pct_max="72",
     source=" | ".join([S_CH_2018_BROKER, S_CH_2018_SP, S_CH_GRADE]), year="2018",
     estimated="ore_grade;ore_grade_min;ore_grade_max;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t = 2018 mined lead 9.7 x 10^4 t (broker comment). ore_grade = 4.43 % = share of the 2020 company-wide Pb+Zn run-of-mine grade 16.1 % in proportion to 2018 lead output (27.5 %); range +-10 %. recovery_beneficiation DERIVED as for zinc (0.913 overall). Smelting and concentrate grade: " + TYP + "."),
 # Zhongjin Lingnan domestic, 2019
 row(mine="zhongjin_lingnan_domestic", commodity="zinc", production_t="159200", ore_grade="10.63", ore_grade_min="7.0", ore_grade_max="10.63", ore_grade_unit="pct", ore_grade_basis="resource",
     recovery_beneficiation="0.85", recovery_beneficiation_min="0.75", recovery_beneficiation_max="0.92", recovery_smelting="0.965", recovery_smelting_min="0.95", recovery_smelting_max="0.98",
     concentrate_grade_pct="52", concentrate_grade_pct_min="48", concentrate_grade_pct_max="56",
     source=" | ".join([S_ZJ_2019, S_PERILYA, S_FANKOU_PROFILE, S_FANKOU_IM, S_REUTERS_2012]), year="2019",
     estimated="production_t;ore_grade_min;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t ESTIMATED: company total 2019 Pb+Zn in concentrates 292,300 t (reported) less Perilya Broken Hill (Australia) ~54,700 t (35,000 t Zn forecast for Perilya by Beattie 2016 + Pb at Broken Hill's 2002-2010 Zn:Pb shipment ratio 800:450 -> 19,700 t) = 237,600 t domestic, split Zn 67 % / Pb 33 % by Fankou's average ore grades (Zn 10.63 %, Pb 5.24 %); Panlong is zinc-richer, so zinc may be understated. Plausibility: Fankou + Guangxi mine gave 199,500 t in 2011 (Reuters); Fankou ~1.4 Mt/y ore. Uncertainty of production about +-15 % (Perilya 35-70 kt). ore_grade = Fankou deposit average (mine profile, undated; basis resource); min 7 % allows for depletion and lower-grade Panlong ore. Recoveries, smelting, concentrate grade: " + TYP + ". Silver (135.94 t in 2019, company total) not modelled."),
 row(mine="zhongjin_lingnan_domestic", commodity="lead", production_t="78400", ore_grade="5.24", ore_grade_min="3.0", ore_grade_max="5.24", ore_grade_unit="pct", ore_grade_basis="resource",
     recovery_beneficiation="0.75", recovery_beneficiation_min="0.55", recovery_beneficiation_max="0.90", recovery_smelting="0.965", recovery_smelting_min="0.94", recovery_smelting_max="0.98",
     concentrate_grade_pct="60", concentrate_grade_pct_min="50", concentrate_grade_pct_max="72",
     source=" | ".join([S_ZJ_2019, S_PERILYA, S_FANKOU_PROFILE, S_FANKOU_IM]), year="2019",
     estimated="production_t;ore_grade_min;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t ESTIMATED as for the zinc row: 237,600 t domestic Pb+Zn x 33 % (Fankou Pb:Zn grade ratio 5.24:10.63); +-15 % or more. ore_grade = Fankou deposit average Pb 5.24 % (basis resource); min 3 % for depletion/Panlong dilution. Recoveries, smelting, concentrate grade: " + TYP + "."),
 # Caijiaying 2019
 row(mine="caijiaying", commodity="zinc", production_t="37811", ore_grade="3.9", ore_grade_min="", ore_grade_max="", ore_grade_unit="pct", ore_grade_basis="resource",
     recovery_beneficiation="0.85", recovery_beneficiation_min="0.75", recovery_beneficiation_max="0.92", recovery_smelting="0.965", recovery_smelting_min="0.95", recovery_smelting_max="0.98",
     concentrate_grade_pct="52", concentrate_grade_pct_min="48", concentrate_grade_pct_max="56",
     source=" | ".join([S_GRIFFIN_2019, S_GRIFFIN_RES]), year="2019",
     estimated="production_t;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t = zinc metal in concentrate SOLD in 2019 (production ~ sales; the release says more zinc was produced and sold than in 2018). ore_grade = Zn grade of the Zone II+III Mineral Resource reported with the 2019 accounts (67.6 Mt at 3.9 % Zn; the Feb 2021 global resource has the same 3.9 %). Recoveries, smelting, concentrate grade: " + TYP + "."),
 row(mine="caijiaying", commodity="lead", production_t="1221", ore_grade="0.4", ore_grade_min="0.4", ore_grade_max="0.6", ore_grade_unit="pct", ore_grade_basis="resource",
     recovery_beneficiation="0.27", recovery_beneficiation_min="0.2", recovery_beneficiation_max="0.5", recovery_smelting="0.965", recovery_smelting_min="0.94", recovery_smelting_max="0.98",
     concentrate_grade_pct="60", concentrate_grade_pct_min="50", concentrate_grade_pct_max="72",
     source=" | ".join([S_GRIFFIN_2019, S_GRIFFIN_RES]), year="2019",
     estimated="production_t;recovery_beneficiation;recovery_smelting;concentrate_grade_pct",
     estimate_basis="production_t = lead metal in concentrate SOLD in 2019. ore_grade = Pb grade of the Zone II+III resource in the 2019 accounts (0.4 %; 0.6 % in the Feb 2021 global resource). recovery_beneficiation DERIVED: (Pb/Zn output 1,221/37,811) / (Pb/Zn grade 0.4/3.9) x Zn recovery 0.85 = 0.27 (lead is only a minor by-product here); range 0.2-0.5. Smelting and concentrate grade: " + TYP + "."),
]

# ---------------- national ----------------
S_USGS = "U.S. Geological Survey (2020) Mineral Commodity Summaries 2020, Lead and Zinc (China 2019 mine production 2,000,000 t Pb and 4,200,000 t Zn; figures as given in the brief, not re-retrieved) <https://pubs.usgs.gov/periodicals/mcs2020/mcs2020.pdf>"
S_MIIT = "MIIT / China Nonferrous Metals Industry Association 2019 lead-zinc industry review, reposted by newsourcing.cn (2019 lead and zinc concentrate output 1.231 Mt and 2.806 Mt, -7.5 % / -1 %; imports of lead and zinc concentrate 1.612 / 3.174 Mt gross) <http://newsourcing.cn/news/show.php?itemid=1925>"
S_ZIJIN_WEB = "Zijin Mining, Zinc business page (CNIA: national mine-produced zinc 2020 2.7686 Mt; Zijin domestic mines 2020: Zijin Zinc/Wulagen 110,121 t Zn + 16,408 t Pb, Urad Rear Banner/Sanguikou 47,662 t Zn + 9,635 t Pb, Ashele 12,110 t Zn) <https://www.zijinmining.com/business/Zinc.htm>"
S_RECOV = "m.dwhppc.cn article quoting a Chinese lead-zinc beneficiation survey (undated, probably 2000s): large mines weighted-average concentrate grades Pb 58.16 %, Zn 53.00 %, recoveries Pb 77.58 %, Zn 78.51 %; medium mines Pb 59.92 %, Zn 47.99 %, recoveries 87.97 %, 84.07 %; Tianbaoshan example 82.5 % / 90.1 % at 0.96 % Pb / 2.02 % Zn <http://m.dwhppc.cn/index.php?file=introduce&homepage=kaka1> | miningepcm.cn (industry norms: Pb concentrate 50-65 %, Zn concentrate 45-55 %; recoveries expected Pb >= 85 %, Zn >= 88 %) <https://miningepcm.cn/hy/5689.html>"
S_LOWGRADE = "Guocheng Mining resources at 31 Dec 2020 (Dongshengmiao, Jinpeng, Zhongdu: 141.05 Mt ore with 127,131 t Pb and 1,658,583 t Zn, i.e. ~1.2 % Zn, ~0.09 % Pb), China Daily / Dongfang (6 Dec 2021) <https://caijing.chinadaily.com.cn/a/202112/06/WS61adad95a3107be4979fb902.html> | Zijin/Jasansky et al. 2023 compilation: Sanguikou reserve 2.39 % Zn, Wulagen 3.1 % Zn | Griffin: Caijiaying 3.9 % Zn, 0.4 % Pb"
S_SMM_IM = "SMM via miningsee.eu (6 Jun 2019): Inner Mongolia holds ~23 % of China's zinc concentrate capacity; Xingye Rongguan (1.35 Mt/y) and Xilin (0.72 Mt/y) mines <https://www.miningsee.eu/inner-mongolia-xingye-mining-to-resume-2-mines-shanghai-metals-market/>"
S_GLOBAL_UG = "zzkico.ir, 'Processing and extraction of zinc' (world: ~80 % of zinc mines underground, 8 % open pit, rest combined; 64 % / 12 % / 15 % of zinc metal) <http://zzkico.ir/en-us/About-Us/Zinc-Life-metal/Processing-and-extraction-of-Zinc>"
S_JINDING = "weilinceramic.com mirror of the Baidu entry 'Lanping Jinding lead-zinc mine' (Pb 2.6354 Mt, Zn 12.8406 Mt; rich ore Pb+Zn 9.44 %) <http://weilinceramic.com/weilinceramic/兰坪金顶铅锌矿/9813510> | reportify.cc (2024) Jinding Zinc mined 92,100 t Zn in 2023 <https://reportify.cc/reports/1048235990889664512>"

nat = []
def n(**k):
    r = {h: "" for h in NAT_H}; r.update(k); r.setdefault("country", "CN"); nat.append(r)

n(commodity="lead", quantity="country_production_t", value="2000000", min="1231000", max="2000000", unit="t",
  basis="China 2019 lead mine production (metal in concentrate). USGS 2.0 Mt is the value the model's coverage targets use; the national industry statistic (MIIT/CNIA) is only 1.231 Mt (-7.5 % y/y). The gap (~40 %) is not explained in the sources; USGS figures for China are estimates and may count gross or differently defined concentrate metal, so the min is the CNIA figure.",
  source=" | ".join([S_USGS, S_MIIT]), year="2019", estimated="", estimate_basis="")
n(commodity="zinc", quantity="country_production_t", value="4200000", min="2806000", max="4200000", unit="t",
  basis="China 2019 zinc mine production. USGS 4.2 Mt vs MIIT/CNIA 2.806 Mt (2020 CNIA: 2.7686 Mt, quoted by Zijin). Min = CNIA.",
  source=" | ".join([S_USGS, S_MIIT, S_ZIJIN_WEB]), year="2019", estimated="", estimate_basis="")
n(commodity="lead", quantity="ore_grade", value="2.35", min="1.2", max="3.0", unit="pct",
  basis="head grade. Industry-average run-of-mine Pb+Zn grade 7.72 % (2020, quoted in a Chihong research report) split by the 2019 national concentrate output ratio Pb:Zn = 1.231:2.806 (Pb 30.5 %) -> Pb 2.35 %. Range for the RESIDUAL producer (excluding high-grade listed mines such as Huize 28 %, Fankou ~16 %): many residual mines are low-grade Inner Mongolia/Hebei ores (Guocheng ~0.1 % Pb resource; Caijiaying 0.4 %), others richer (Xitieshan-type, Hunan/Guangxi small mines); 1.2-3.0 %.",
  source=" | ".join([S_CH_GRADE, S_MIIT, S_LOWGRADE]), year="2020", estimated="value;min;max", estimate_basis="split of a combined Pb+Zn industry average by the national Pb:Zn concentrate output ratio (assumes similar recoveries); the 7.72 % average probably covers the larger reporting enterprises only, and the range is judgement from the cited mine grades")
n(commodity="zinc", quantity="ore_grade", value="5.37", min="3.0", max="6.5", unit="pct",
  basis="head grade. 7.72 % Pb+Zn industry average (2020) x Zn share 69.5 % of 2019 concentrate output -> 5.37 %. Residual producers excluding Huize/Fankou-type high-grade mines: Sanguikou 2.4 %, Wulagen 3.1 %, Caijiaying 3.9 %, Guocheng ~1.2 % (resources) vs richer southern mines: 3.0-6.5 %.",
  source=" | ".join([S_CH_GRADE, S_MIIT, S_LOWGRADE]), year="2020", estimated="value;min;max", estimate_basis="as for lead")
n(commodity="lead", quantity="recovery_beneficiation", value="0.82", min="0.776", max="0.88", unit="fraction",
  basis="flotation recovery, production-weighted: Chinese survey weighted averages large mines 77.58 %, medium mines 87.97 % (undated, likely 2000s); modern norms >= 85 %. Best 0.82 between them; range = the two survey averages.",
  source=S_RECOV, year="2019", estimated="value", estimate_basis="midpoint of large- and medium-mine weighted averages; survey date uncertain")
n(commodity="zinc", quantity="recovery_beneficiation", value="0.84", min="0.785", max="0.90", unit="fraction",
  basis="flotation recovery: survey weighted averages large mines 78.51 %, medium 84.07 %; norms >= 88 %; Tianbaoshan 90.1 %. Best 0.84, range 0.785-0.90.",
  source=S_RECOV, year="2019", estimated="value", estimate_basis="as for lead; oxide/mixed ores (e.g. Lanping) recover much less and pull the average down")
n(commodity="lead", quantity="concentrate_grade_pct", value="59", min="50", max="65", unit="pct",
  basis="Pb concentrate grade: survey weighted averages 58.16 % (large) and 59.92 % (medium); industry norm 50-65 %.",
  source=S_RECOV, year="2019", estimated="", estimate_basis="")
n(commodity="zinc", quantity="concentrate_grade_pct", value="50", min="45", max="55", unit="pct",
  basis="Zn concentrate grade: survey weighted averages 53.00 % (large) and 47.99 % (medium); norm 45-55 %.",
  source=S_RECOV, year="2019", estimated="", estimate_basis="")
n(commodity="lead", quantity="recovery_smelting", value="0.965", min="0.94", max="0.98", unit="fraction",
  basis="concentrate-to-refined lead; same convention as the existing lead rows (Sinclair 2009, The Extractive Metallurgy of Lead); no Chinese national figure found",
  source="convention of ../lead_zinc_extra and existing mine_commodities.csv lead rows (Sinclair 2009)", year="2019", estimated="value;min;max", estimate_basis="dataset convention reused")
n(commodity="zinc", quantity="recovery_smelting", value="0.965", min="0.95", max="0.98", unit="fraction",
  basis="concentrate-to-refined zinc; same convention as the existing zinc rows (Sinclair 2005; Mudd 2010); no Chinese national figure found",
  source="convention of ../lead_zinc_extra and existing mine_commodities.csv zinc rows (Sinclair 2005; Mudd 2010)", year="2019", estimated="value;min;max", estimate_basis="dataset convention reused")
for c in ("lead", "zinc"):
    n(commodity=c, quantity="share_underground", value="0.85", min="0.75", max="0.95", unit="fraction",
      basis="share of national Pb/Zn mine output from underground mines. No national statistic found. Of the Chinese Pb-Zn mines in this dataset (Chihong, Fankou/Panlong, Sanguikou, Caijiaying, Silvercorp underground; Wulagen open pit) ~85 % of listed zinc output is underground; Lanping/Jinding (open pit, ~90 kt Zn) is the main open-pit producer not listed; world zinc: 64 % underground, 12 % open pit, 15 % combined by metal.",
      source=" | ".join([S_GLOBAL_UG, S_JINDING, S_ZIJIN_WEB]), year="2019", estimated="value;min;max", estimate_basis="tally of listed Chinese mines by mining method plus judgement")
    n(commodity=c, quantity="stripping_ratio", value="0.5", min="0.2", max="1.2", unit="t/t",
      basis="production-weighted waste:ore of the residual producer = share_underground x 0.1 (development waste, 0-0.2) + (1 - share) x ~3 (open-pit Pb-Zn mines of this dataset 1.6-3.8) -> 0.5; range 0.2-1.2. No Chinese waste-rock statistic for Pb-Zn found (Fankou: ~0.14 t waste per t ore).",
      source=" | ".join([S_FANKOU_IM, "existing mines.csv open-pit Pb-Zn stripping ratios (Red Dog, Antamina, San Cristobal; Jasansky et al. 2023 compilation)"]), year="2019", estimated="value;min;max", estimate_basis="mixing rule of underground and open-pit ratios; deposit types MVT/SEDEX/skarn/vein, mostly underground")

def w(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        wr = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        wr.writeheader()
        for r in rows:
            wr.writerow({h: r.get(h, "") for h in header})

w("mines.csv", MINES_H, mines)
w("mine_commodities.csv", MC_H, mc)
w("national.csv", NAT_H, nat)
pb = sum(float(r["production_t"]) for r in mc if r["commodity"] == "lead")
zn = sum(float(r["production_t"]) for r in mc if r["commodity"] == "zinc")
print("new lead t", pb, "new zinc t", zn)
