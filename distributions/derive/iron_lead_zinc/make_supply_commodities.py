#!/usr/bin/env python3
"""Writes supply.csv and commodities.csv for iron, lead, zinc (python3 stdlib).
The arithmetic behind each share is done here so it can be re-checked."""
import csv, os
HERE = os.path.dirname(os.path.abspath(__file__))
SH = ["commodity","country","share","share_min","share_max","share_dist","source","year","estimated","estimate_basis"]
CH = ["commodity","name","world_production_t","price_usd_per_t","price_usd_per_t_min","price_usd_per_t_max",
      "price_usd_per_t_dist","recycled_share","recycled_share_min","recycled_share_max","recycled_share_dist",
      "secondary_tmr_t_per_t","secondary_tmr_t_per_t_min","secondary_tmr_t_per_t_max","secondary_tmr_t_per_t_dist",
      "supply_rule","source","year","estimated","estimate_basis"]
USGS_IRON = "USGS Mineral Commodity Summaries 2020, Iron ore (China usable ore 2019 350 Mt; world usable ore 2,500 Mt, iron content ~1,500 Mt) <https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-iron-ore.pdf> | NS Energy (2020) top iron ore producing countries, citing USGS <https://www.nsenergybusiness.com/features/top-iron-ore-producing-countries/>"
CUST = ("China customs: 2019 imports 1.069 bn t (ShareCafe, Jan 2020) <https://sharecafe.com.au/?p=76174> | "
        "SCMP/Reuters (20 Jan 2021): 2020 imports from Australia 713 Mt (+7 %), Brazil 235.7 Mt (+3.5 %), India 44.8 Mt vs 23.8 Mt in 2019 <https://www.scmp.com/economy/china-economy/article/3118514/chinas-iron-ore-imports-india-rose-nearly-90-cent-2020> | "
        "Hellenic Shipping News/SMM (26 Nov 2019): South Africa third-largest origin, >4 Mt in Oct 2019 <https://www.hellenicshippingnews.com/australian-iron-ore-imports-declined-in-october/>")
rows = []
# ---- iron (Fe-content basis) ----
fe = {"CN": 350.0 * 0.63, "AU": 713 / 1.07 * 0.61, "BR": 235.7 / 1.035 * 0.635, "ZA": 40.0 * 0.64, "IN": 23.8 * 0.60}
tot = sum(fe.values())
rng = {"CN": (0.22, 0.33), "AU": (0.45, 0.55), "BR": (0.15, 0.21), "ZA": (0.02, 0.045), "IN": (0.01, 0.025)}
basis = ("Fe-content basis: domestic = USGS usable ore 350 Mt x 0.63 Fe (typical Chinese concentrate) = %.0f Mt Fe; "
         "imports (customs, t as reported) x typical Fe: Australia 713/1.07 = 666 Mt x 0.61, Brazil 235.7/1.035 = 228 Mt x 0.635, "
         "India 23.8 Mt x 0.60, South Africa ~40 Mt (estimate from >4 Mt/month late 2019) x 0.64; the remaining ~111 Mt of imports "
         "(Peru, Ukraine, Canada, Chile, Iran, Russia, West Africa ...; ~7.6 %% of Fe supply, not itemised in retrieved sources) "
         "are renormalised over the listed origins; ranges cover the Fe-grade and moisture assumptions") % fe["CN"]
for c in ["CN", "AU", "BR", "ZA", "IN"]:
    rows.append(dict(commodity="iron", country=c, share="%.4f" % (fe[c] / tot), share_min=str(rng[c][0]), share_max=str(rng[c][1]),
                     source=(USGS_IRON if c == "CN" else CUST) + (" | " + USGS_IRON if c != "CN" else ""), year="2019",
                     estimated="share;share_min;share_max", estimate_basis=basis))
# fix rounding so shares sum to exactly 1
def fix(rs):
    s = sum(float(r["share"]) for r in rs)
    big = max(rs, key=lambda r: float(r["share"]))
    big["share"] = "%.4f" % (float(big["share"]) + 1 - s)
fix([r for r in rows if r["commodity"] == "iron"])
# ---- zinc (Zn contained) ----
SMMZ = ("SMM (27 May 2019) April 2019 zinc concentrate imports 179.3 kt: Peru 26 %, Australia 20 %, Spain 11 % <https://news.metal.com/newscontent/100930881/> | "
        "SMM (26 Jun 2019) May 2019 imports 264.5 kt: Australia 36 %, Peru 21 %, Spain 8 % <https://news.metal.com/newscontent/100942709/> | "
        "USGS MCS 2021 via news: China zinc mine production 4.2 Mt (2020), world 12 Mt (-5.5 % vs 2019) <http://ec2-54-156-51-66.compute-1.amazonaws.com/global-zinc-production-dips-5-5pc-in-2020-usgs/>")
zdom, zimp = 4.2, 1.4
zsplit = {"AU": 0.30, "PE": 0.23, "ES": 0.09}
zs = sum(zsplit.values())
zb = ("Zn contained: domestic mine output ~4.2 Mt (USGS; CNIA reports less, 2.77 Mt in 2020, so the domestic share may be lower) vs "
      "imported concentrate ~1.4 Mt Zn (~2.9 Mt gross at ~48 %% Zn, extrapolated from SMM monthly 2019 volumes of 180-265 kt gross); "
      "import origins from SMM monthly shares (Australia 20-36 %%, Peru 21-26 %%, Spain 8-11 %%); the other ~38 %% of imports "
      "(Bolivia, Mexico, USA, Eritrea, Kazakhstan ...) are renormalised over the listed origins")
rows.append(dict(commodity="zinc", country="CN", share="%.4f" % (zdom / (zdom + zimp)), share_min="0.62", share_max="0.82",
                 source=SMMZ, year="2019", estimated="share;share_min;share_max", estimate_basis=zb))
for c, lo, hi in [("AU", 0.07, 0.17), ("PE", 0.05, 0.13), ("ES", 0.01, 0.05)]:
    rows.append(dict(commodity="zinc", country=c, share="%.4f" % (zimp / (zdom + zimp) * zsplit[c] / zs), share_min=str(lo),
                     share_max=str(hi), source=SMMZ, year="2019", estimated="share;share_min;share_max", estimate_basis=zb))
fix([r for r in rows if r["commodity"] == "zinc"])
# ---- lead (Pb contained) ----
SMMP = ("SMM: China lead concentrate imports by origin (Russia ~21 %, Peru ~18 %, Sweden ~10 % of a month; US shipments from Red Dog and Missouri, Australia top origin in other months) "
        "<https://news.metal.com/newscontent/100021887/smm-exclusive:-china-pb-imports-and-exports-data-analysis/> | "
        "ILZSG via SMM (May 2016): Chinese imports of lead in concentrate 1.03 Mt (2015), <0.9 Mt (2016) <https://news.metal.com/newscontent/100091516/> | "
        "USGS Mineral Commodity Summaries 2020, Lead <https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-lead.pdf>")
pdom, pimp = 2.0, 0.6
psplit = {"RU": 0.22, "PE": 0.18, "AU": 0.12, "US": 0.12, "SE": 0.08, "BO": 0.06}
ps = sum(psplit.values())
pb = ("Pb contained: domestic mine output ~2.0 Mt (USGS MCS 2020) vs imported concentrate ~0.6 Mt Pb (ILZSG: 1.03 Mt in 2015, <0.9 Mt 2016, "
      "lower since; 0.45-0.8 Mt assumed); origin split from SMM monthly reports (Russia, Peru, Australia, USA, Sweden, Bolivia), "
      "other origins (Mexico, Kazakhstan, Turkey, North Korea, Honduras ... ~22 %%) renormalised over the listed ones")
rows.append(dict(commodity="lead", country="CN", share="%.4f" % (pdom / (pdom + pimp)), share_min="0.68", share_max="0.84",
                 source=SMMP, year="2019", estimated="share;share_min;share_max", estimate_basis=pb))
for c in psplit:
    v = pimp / (pdom + pimp) * psplit[c] / ps
    rows.append(dict(commodity="lead", country=c, share="%.4f" % v, share_min="%.3f" % (v * 0.5), share_max="%.3f" % (v * 1.6),
                     source=SMMP, year="2019", estimated="share;share_min;share_max", estimate_basis=pb))
fix([r for r in rows if r["commodity"] == "lead"])
with open(os.path.join(HERE, "supply.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=SH, lineterminator="\n"); w.writeheader()
    for r in rows: w.writerow({h: r.get(h, "") for h in SH})

# ---- commodities ----
com = [
 dict(commodity="iron", name="Iron (Fe contained in iron ore)", world_production_t="1500000000",
      price_usd_per_t="150", price_usd_per_t_min="115", price_usd_per_t_max="200",
      recycled_share="0.22", recycled_share_min="0.15", recycled_share_max="0.35",
      secondary_tmr_t_per_t="0.7", secondary_tmr_t_per_t_min="0.4", secondary_tmr_t_per_t_max="1.5",
      supply_rule="residual",
      source=USGS_IRON + " | ShareCafe (Jan 2020): 62 % Fe fines peaked ~US$125/t in Jul 2019, ~US$90/t at year end <https://sharecafe.com.au/?p=76174> | BHP realised US$77.74/wmt FOB Jan-Jun 2019 (Platts via Hellenic Shipping News) <https://www.hellenicshippingnews.com/bhp-hits-fiscal-2018-19-iron-ore-production-guidance-misses-met-coal/>",
      year="2019", estimated="price_usd_per_t;price_usd_per_t_min;price_usd_per_t_max;recycled_share;recycled_share_min;recycled_share_max;secondary_tmr_t_per_t;secondary_tmr_t_per_t_min;secondary_tmr_t_per_t_max",
      estimate_basis="world_production_t = USGS MCS 2020 world iron content of usable ore 2019 (~1.5 Gt Fe; usable ore 2.5 Gt); price per t Fe = 62 % Fe fines CFR China ~US$72-125/dmt over 2019 (average ~US$93) / 0.62; recycled share = steel-scrap share of Chinese crude steel (~20-22 % in 2019; world ~30-35 %); secondary TMR basis: steel scrap melted in an electric arc furnace (collection, shredding, electricity and electrode fuel chains), ~0.4-1.5 t/t (order of Wuppertal Institute material-intensity values for EAF steel); not from a retrieved source"),
 dict(commodity="lead", name="Lead", world_production_t="4500000",
      price_usd_per_t="2000", price_usd_per_t_min="1800", price_usd_per_t_max="2200",
      recycled_share="0.55", recycled_share_min="0.45", recycled_share_max="0.65",
      secondary_tmr_t_per_t="0.5", secondary_tmr_t_per_t_min="0.2", secondary_tmr_t_per_t_max="1.0",
      supply_rule="residual",
      source="USGS Mineral Commodity Summaries 2020, Lead (world mine production 2019 ~4.5 Mt Pb) <https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-lead.pdf> | ILA citing ILZSG: secondary lead 5.80 of 10.54 Mt refined lead (2012) <http://ila-lead.org/lead-facts/lead-production--statistics>",
      year="2019", estimated="price_usd_per_t;price_usd_per_t_min;price_usd_per_t_max;recycled_share_min;recycled_share_max;secondary_tmr_t_per_t;secondary_tmr_t_per_t_min;secondary_tmr_t_per_t_max",
      estimate_basis="price = LME cash lead 2019, ~US$1,800-2,200/t (average ~US$2,000); recycled share = ILZSG secondary share of refined lead 0.55 (2012), range for year-to-year and China (where secondary is lower) variation; secondary TMR basis: smelting of scrap lead-acid batteries (energy, reagents, slag), 0.2-1.0 t/t assumed, not from a retrieved source"),
 dict(commodity="zinc", name="Zinc", world_production_t="13000000",
      price_usd_per_t="2550", price_usd_per_t_min="2250", price_usd_per_t_max="3000",
      recycled_share="0.25", recycled_share_min="0.15", recycled_share_max="0.35",
      secondary_tmr_t_per_t="1.0", secondary_tmr_t_per_t_min="0.5", secondary_tmr_t_per_t_max="2.0",
      supply_rule="residual",
      source="USGS Mineral Commodity Summaries 2020, Zinc (world mine production 2019 ~13 Mt Zn) <https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-zinc.pdf> | USGS MCS 2021 via news: world 12 Mt in 2020, -5.5 % vs 2019; in the US one-third of refined zinc from secondary materials <http://ec2-54-156-51-66.compute-1.amazonaws.com/global-zinc-production-dips-5-5pc-in-2020-usgs/>",
      year="2019", estimated="price_usd_per_t;price_usd_per_t_min;price_usd_per_t_max;recycled_share;recycled_share_min;recycled_share_max;secondary_tmr_t_per_t;secondary_tmr_t_per_t_min;secondary_tmr_t_per_t_max",
      estimate_basis="price = LME cash zinc 2019, ~US$2,250-3,000/t (average ~US$2,550); recycled share: secondary zinc (EAF dust Waelz oxide, brass and die-cast scrap) ~15-35 % of zinc supply (US: one third of refined zinc); secondary TMR basis: Waelz kiln treatment of EAF dust with coke plus refining, 0.5-2 t/t assumed, not from a retrieved source"),
]
with open(os.path.join(HERE, "commodities.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=CH, lineterminator="\n"); w.writeheader()
    for r in com: w.writerow({h: r.get(h, "") for h in CH})
for r in rows: print(r["commodity"], r["country"], r["share"], r["share_min"], r["share_max"])
