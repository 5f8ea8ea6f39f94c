#!/usr/bin/env python3
"""Second supplement of nickel mines for hiddenflow (after ../nickel_cobalt and ../nickel_cobalt_extra).

stdlib only, deterministic. Every figure below is hand-copied from the public page cited next to it
(found with the `search` tool; the pages are listed in SOURCES.md), or derived from such figures with the
arithmetic written out here. Conventions for values that no source reports (moisture of direct-shipping
laterite ore, smelting recoveries, stripping ratios of laterite strip mines) are the ones already used by
../nickel_cobalt and ../nickel_cobalt_extra, and every such value is flagged in `estimated`.

Run: python3 derive_nickel_extra2.py  -> rewrites mines.csv and mine_commodities.csv in this folder and
prints the nickel coverage before/after (reads ../../mine_commodities.csv, the merged dataset, and the open
compilation only for the Falcondo history quoted in SOURCES.md)."""
import csv
import os

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

# ---- conventions shared with ../nickel_cobalt and ../nickel_cobalt_extra ---------------------------------
MOIST, MOIST_LO, MOIST_HI = 0.35, 0.30, 0.40   # moisture of laterite direct-shipping ore (DSO)
S_MOIST = ("moisture of laterite DSO 30-40 % (P&I loss-prevention note, "
           "https://andrewliu.com.hk/compweb/cn/loss-prevention-cn/2015-07-30-08-15-43/27-our-services/loss-prevention/cargo-information/4660-2006-05-01; "
           "same convention as ../nickel_cobalt_extra)")
RS_FENI = ('0.9', '0.8', '0.95',
           'RKEF/electric-furnace ferronickel or NPI Ni recovery not reported; 0.80-0.95 (0.80 = Cerro Matoso reserve '
           'metallurgical recovery), same convention as ../nickel_cobalt_extra')
SAP = ('1.5', '0.5', '4.0', 'saprolite laterite strip mine (limonite/overburden stripped as waste), same convention as '
       '../nickel_cobalt and ../nickel_cobalt_extra; no operator waste figure found')
LIM = ('0.5', '0.2', '2.0', 'limonite laterite (limonite itself is ore, thin overburden), same convention as the Moa row '
       'of ../nickel_cobalt; no operator waste figure found')


def f(x, nd=3):
    return f'{x:.{nd}f}'.rstrip('0').rstrip('.')


# ---- 1. NMC, New Caledonia ------------------------------------------------------------------------------
# nmc.nc "Quelques chiffres pour l'annee 2020": NMC exported 2,923,608 t of garnierite (saprolite), "rendu bord
# de mer", to the SNNC plant (Gwangyang); plus 390,954 t of very-low-grade ore to China (not counted: no grade).
# smsp.nc: NMC supplies SNNC with ~3.6 Mt of wet ore a year at ~2 % Ni; SNNC feed grade lowered from 2.27 % to
# 2.07 % Ni with the 2011-2016 expansion; nmc.nc: saprolite grades 1.9-3 % Ni.
NMC_WMT = 2_923_608
NMC_G, NMC_GLO, NMC_GHI = 2.07, 1.9, 2.27
nmc_dry = NMC_WMT * (1 - MOIST)
nmc_ni = nmc_dry * NMC_G / 100
S_NMC = ("NMC, Quelques chiffres pour l'annee 2020: 2,923,608 t garnierite exported to SNNC Gwangyang, 390,954 t very-low-grade ore to China; "
         "saprolite 1.9-3 % Ni (https://nmc.nc/centres-miniers/) | SMSP, NMC SAS: supplies SNNC ~3.6 Mt wet ore a year at ~2 % Ni "
         "(https://smsp.nc/nmc-sas/) | SMSP, POSCO partnership: SNNC capacity 54,000 t Ni, feed grade lowered from 2.27 % to 2.07 % Ni "
         "(https://smsp.nc/?p=3868) | " + S_MOIST)

# ---- 2. Ifishdeco, Indonesia ----------------------------------------------------------------------------
# Kontan 6 Feb 2020: IFSH produced 2.26 million t of nickel ore in 2019 (target 2.5 Mt; exports stopped ~4 weeks in
# Oct-Nov 2019). asiatoday 25 Mar 2021: 2020 sales 781,767 t, down 65 % from 2.26 Mt in 2019.
# 2019 exports were allowed only for ore below 1.7 % Ni (MEMR Reg. 5/2017; Reuters Jan 2017; Norton Rose Oct 2019).
IFSH_WMT = 2_260_000
IFSH_G, IFSH_GLO, IFSH_GHI = 1.5, 1.25, 1.7
ifsh_dry = IFSH_WMT * (1 - MOIST)
ifsh_ni = ifsh_dry * IFSH_G / 100
S_IFSH = ("Kontan 6 Feb 2020: PT Ifishdeco Tbk (IFSH) produced 2.26 million t of nickel ore in 2019 "
          "(https://industri.kontan.co.id/news/ifishdeco-tbk-ifsh-targetkan-memproduksi-nikel-23-juta-metrik-ton-di-2020) | "
          "asiatoday 25 Mar 2021: 2020 sales 781,767 t, down 65 % from 2.26 Mt in 2019; mine in Konawe Selatan, Southeast Sulawesi "
          "(https://asiatoday.id/read/ifishdeco-ifsh-jajaki-kerjasama-china-bangun-smelter-nikel-di-konawe-selatan) | "
          "Reuters via republicofmining, 12 Jan 2017: exportable low-grade nickel ore defined as below 1.7 % Ni "
          "(http://www.republicofmining.com/2017/01/12/indonesia-eases-export-ban-on-nickel-ore-bauxite-by-wilda-asmarini-and-bernadette-christina-munthe-reuters-u-s-january-12-2017/) | "
          "Kontan 2017: MEMR Reg. 5/2017 arts. 9-10, nickel below 1.7 % may still be exported "
          "(https://amp.kontan.co.id/news/harita-group-raih-rekomendasi-ekspor-nikel) | "
          "Norton Rose Fulbright Oct 2019: export of <1.7 % Ni ore allowed until 31 Dec 2019 "
          "(https://www.nortonrosefulbright.com/en-de/knowledge/publications/b571b094/indonesia-amends-regulation-on-nickel-export-to-boost-production-of-value-added-products) | "
          + S_MOIST)

# ---- 3. Tagaung Taung, Myanmar -------------------------------------------------------------------------
# Mysteel (via redoaks, Jan 2022): product ~33 % Ni FeNi, capacity 85,000 t/y physical; 2021 output expected 60-65 kt;
# products go basically all to China; China's FeNi imports from Myanmar Jan-Nov 2021: 58,000 physical t.
# Irrawaddy 18 Jan 2022: ~5,000 t of ore a day trucked from Mt Tagaung to the Tigyaing smelter.
# People's Daily 30 Jul 2010: reserve of more than 30 Mt of high-grade ore containing ~700,000 t Ni; 85,000 t
# FeNi containing 22,000 t Ni a year (design).
TT_FENI_T, TT_FENI_NI = 58_000, 0.33
tt_ni = TT_FENI_T * TT_FENI_NI
tt_res_g = 700_000 / 30e6 * 100                    # 2.33 % (upper bound: tonnage is "more than 30 Mt")
tt_design_g = 22_000 / (5_000 * 365 * (1 - MOIST) * 0.90) * 100   # design Ni / (dry ore/yr x 0.90 recovery) = 2.06 %
S_TT = ("Mysteel via redoaks.com.cn (Jan 2022): Tagaung Taung FeNi ~33 % Ni, capacity 85,000 t/y physical, 2021 output expected 60-65 kt, "
        "products basically all to China, China FeNi imports from Myanmar Jan-Nov 2021 58,000 physical t (http://redoaks.com.cn/fzjg/bxgll/fhxw/33724.htm) | "
        "The Irrawaddy 18 Jan 2022: ~5,000 t of ore a day trucked from the Mt Tagaung mine to the Tigyaing smelter "
        "(https://www.irrawaddy.com/news/burma/myanmar-resistance-forces-china-backed-nickel-plant-shut-down.html) | "
        "People's Daily 30 Jul 2010: reserve of more than 30 Mt high-grade ore containing ~700,000 t Ni; 85,000 t FeNi containing 22,000 t Ni a year "
        "(http://en.people.cn/90001/90778/90861/7087532.html) | " + S_MOIST)

# ---- 4. Falcondo, Dominican Republic -------------------------------------------------------------------
# Hoy (late 2017; the article expects prices to recover by end-2018 and quotes US$5.20-5.40/lb): Falcondo estimated
# year-end extraction of 16,800 t Ni; FeNi ~35 % Ni from Loma La Peguera, Bonao.
# almomento 5 Jun 2019: second production line started in Nov 2018 (so 2019 output was likely higher).
# Northern Miner (Falconbridge era): average grade at Falcondo 1.3 %; reserves 50.3 Mt @ 1.57 % Ni; 1987 reserve
# grade 1.91 %; stripping ratio "negligible" but low-grade material has to be moved.
FAL_NI = 16_800
S_FAL = ("Hoy (late 2017): Falcondo expected to close the year at 16,800 t of nickel; FeNi ~35 % Ni from Loma La Peguera, Bonao "
         "(http://hoy.com.do/falcondo-espera-duplicar-su-produccion-con-nuevas-inversiones-en-tecnologia) | almomento 5 Jun 2019: second Falcondo "
         "production line started in Nov 2018 (https://almomento.net/?p=514960) | Northern Miner: Falcondo average grade 1.3 % "
         "(https://northernminer.com/news/falco-advances-nickel-projects/1000107363) | Northern Miner: reserves 50.3 Mt averaging 1.57 % Ni "
         "(https://secure.northernminer.com/news/falco-inco-rivals-in-new-caledonia-metallurgical-technologies-key-to-unlocking-nickel-potential/1000148036) | "
         "Northern Miner (1987): reserve grade 1.91 % Ni; stripping ratio negligible (https://secure.northernminer.com/?p=1000172002) | "
         "Xstrata/Glencore reports via Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y (Falcondo Ni 2011-2013)")

# ---- 5. Ernesto Che Guevara plant mines (Cubaniquel), Cuba ------------------------------------------------
# Reuters 24 Apr 2018 / mining.com Dec 2018: Che Guevara plant planned 19,000 t of nickel plus cobalt in 2018; Cuba's
# 2017 output ~50,000 t Ni+Co of which just over 4,000 t Co (Co share 0.08, national).
CHE_NICO, CU_TOT, CU_CO = 19_000, 50_000, 4_000
che_ni = CHE_NICO * (1 - CU_CO / CU_TOT)
S_CHE = ("Reuters 24 Apr 2018: Che Guevara plant (100 % Cubaniquel, Moa, Holguin) to produce 19,000 t nickel plus cobalt in 2018 "
         "(https://www.reuters.com/article/us-metals-cuba-nickel/cuba-sees-2018-nickel-plus-cobalt-output-topping-50000-tonnes-idUSKBN1HV1DX) | "
         "mining.com (Reuters) 2018: 2017 Cuban output ~50,000 t nickel plus cobalt, of which just over 4,000 t cobalt; Che Guevara planned 19,000 t "
         "(https://mining.com/web/cuba-sees-nickel-output-topping-50000-tonnes) | grade span: Moa 2019 reserve 1.16 % Ni (Sherritt AIF 2020, "
         "https://s2.q4cdn.com/343762060/files/doc_financials/Annual-Report/2019/2019-AIF-(March-20-2020).pdf), Murrin Murrin 1.03 %, Ambatovy 0.88 % "
         "(rows of ../nickel_cobalt)")

# ---- 6. Berong, Philippines ----------------------------------------------------------------------------
# BusinessWorld 28 Aug 2019: DMCI Mining shipped 681,000 wmt in H1 2019, all from Berong Nickel Corp. (ZDMC suspended).
# Q1 2019 average grade 1.59 % (Berong middle-grade ore 1.50 %); 2019 expected 1.57 % and 850,000 wmt;
# 2018 1.70 %, 2017 1.51 % (DMCI shipments).
BER_WMT = 681_000
BER_G, BER_GLO, BER_GHI = 1.57, 1.51, 1.70
ber_dry = BER_WMT * (1 - MOIST)
ber_ni = ber_dry * BER_G / 100
S_BER = ("BusinessWorld 28 Aug 2019: DMCI Mining shipped 681,000 wmt of nickel ore in H1 2019, all from Berong Nickel Corp. "
         "(https://www.bworldonline.com/corporate/2019/08/28/250238/dmci-mining-income-drops-19-in-1st-half) | BusinessWorld 4 Jun 2019: Q1 2019 "
         "338,000 wmt at 1.59 % Ni, Berong middle-grade ore 1.50 % (https://poweredbycoal.blogspot.com/2019/06/dmci-mining-more-than-doubles-nickel.html) | "
         "Manila Standard Mar 2019: 2018 shipments 643,000 wmt at 1.70 % (2017: 1.51 %); 2019 expected 850,000 wmt at 1.57 % from Berong "
         "(https://manilastandard.net/?p=290610) | " + S_MOIST)

# ---- 7. LARCO, Greece ----------------------------------------------------------------------------------
# oryktosploutos 26 Jun 2015: LARCO produced 18,481 t Ni in 2014 (2012: 18,600 t; 2013 about 10 % lower).
# sme.gr (LARCO geology director): ~2,500,000 t of ore a year from the Agios Ioannis (Boeotia), Evia and Kastoria mines;
# Larymna plant produces 18,000-19,000 t Ni a year. oryktosploutos 2010: Greek laterite mined 98 % open pit, 2 % underground.
LAR_NI, LAR_ORE = 18_481, 2_500_000
lar_rec_g = (18_000 / LAR_ORE * 100, 19_000 / LAR_ORE * 100)          # recovered Ni per t ore: 0.72-0.76 %
lar_g = LAR_NI / (LAR_ORE * 0.90) * 100                                 # 0.82 % at 0.90 FeNi recovery
lar_glo, lar_ghi = lar_rec_g[0] / 0.95, lar_rec_g[1] / 0.80             # 0.76-0.95 %
S_LAR = ("oryktosploutos 26 Jun 2015: LARCO 2014 nickel production 18,481 t (2012: 18,600 t) (https://www.oryktosploutos.net/2015/06/2014_20.html) | "
         "oryktosploutos 5 Jul 2014: 2013 about 10 % below 2012 (http://www.oryktosploutos.net/2014/07/2013.html) | sme.gr, LARCO director of geological "
         "exploration: ~2,500,000 t ore a year from the Agios Ioannis, Evia and Kastoria mines; Larymna output 18,000-19,000 t Ni a year "
         "(https://www.sme.gr/%CE%B3%CE%BC%CE%BC%CE%B1%CE%B5-%CE%BB%CE%B1%CF%81%CE%BA%CE%BF-%CE%B7-%CF%83%CF%85%CE%BD%CE%B5%CE%B9%CF%83%CF%86%CE%BF%CF%81%CE%AC-%CF%84%CE%B7%CF%82-%CF%83%CF%84%CE%B7-%CE%B2%CE%B9%CE%BF%CE%BC%CE%B7/) | "
         "oryktosploutos 12 Oct 2010: Greek laterite mined 98 % open pit, 2 % underground (https://www.oryktosploutos.net/2010/10/blog-post_12.html) | "
         "Metal Bulletin 11 Feb 2020: LARCO restructuring and sale plan, capacity 18,000-20,000 t/y "
         "(https://www.metalbulletin.com/Article/3918037/Non-ferrous-Metals/Greek-government-tables-Larco-restructure-sale-plan.html)")

# ---- 8. Hinatuan, Philippines --------------------------------------------------------------------------
# angminero Oct 2017 (NAC disclosure): Hinatuan and Cagdianao shipments Jan-Sep 2017 only 2.03 Mwmt and 1.52 Mwmt (heavy rains).
# Manila Times / Philstar Sep 2017: Hinatuan made 52 shipments in 2016 and planned 38 in 2017, each > 50,000 wmt, saprolite and
# limonite ore mostly to China, some to Japan. BusinessWorld 7 Aug 2019: NAC average export ore grade 1.44 % Ni in H1 2019 (1.35 % in H1 2018).
HMC_WMT = 2_030_000
HMC_G, HMC_GLO, HMC_GHI = 1.35, 1.055, 1.44
hmc_dry = HMC_WMT * (1 - MOIST)
hmc_ni = hmc_dry * HMC_G / 100
S_HMC = ("angminero (NAC disclosure, Oct 2017): Jan-Sep 2017 shipments Hinatuan 2.03 Mwmt, Cagdianao 1.52 Mwmt (https://angminero.com/?p=219) | "
         "Manila Times Sep 2017: Hinatuan Mining Corp. (Nickel Asia), Hinatuan Island, Tagana-an, Surigao del Norte: 52 shipments in 2016, 38 planned "
         "in 2017, each more than 50,000 wmt of saprolite and limonite ore, mostly to China (http://www.manilatimes.net/nickel-miner-ship-ore-next-year/350903/) | "
         "BusinessWorld 7 Aug 2019: NAC average export ore grade 1.44 % Ni in H1 2019, 1.35 % in H1 2018 "
         "(https://www.bworldonline.com/corporate/2019/08/07/246611/nickel-asias-profit-falls-on-foreign-exchange-losses) | " + S_MOIST)

# ---- 9. Harita Obi (TBP and GPS mines -> Megah Surya Pertiwi ferronickel), Indonesia ----------------------
# iyunhui (Xinxing Ductile Iron Pipes, MSP partner, 2020 results briefing, May 2021): the Indonesian MSP nickel-iron project produced
# 230,000 t of nickel iron in 2020, its best year. Tempo Jun 2015: MSP smelter designed for ~190,000 t/y ferronickel at 10-12 % Ni.
# dunia-energi 2016 / Kontan 2015: MSP feedstock comes from Harita's IUP holders PT Trimegah Bangun Persada and PT Gane Permai Sentosa
# (Obi island); it can also buy from other South Halmahera IUP holders. Kontan 2018: four lines of 60,000 t FeNi each since Q1 2018.
# Kontan Nov 2021: Harita's (new) smelter takes saprolite at 1.5 % Ni.
MSP_FENI, MSP_NI_LO, MSP_NI_HI = 230_000, 0.10, 0.12
msp_ni = MSP_FENI * (MSP_NI_LO + MSP_NI_HI) / 2
S_MSP = ("iyunhui / Xinxing Ductile Iron Pipes 2020 results briefing (May 2021): Indonesian MSP nickel-iron project output 230,000 t in 2020 "
         "(https://bigni.iyunhui.com/news-426657) | Tempo 12 Jun 2015: MSP smelter ~190,000 t/y ferronickel at 10-12 % Ni "
         "(https://www.tempo.co/ekonomi/satu-smelter-nikel-dibangun-di-maluku-utara-1443805) | Kontan 1 Jun 2018: four MSP lines of 60,000 t FeNi each, "
         "240,000 t/y (https://industri.kontan.co.id/news/megah-surya-pertiwi-rampungkan-pembangunan-smelter-feronikel-line-keempat) | "
         "dunia-energi 2016: MSP ore supply from Harita IUP holders PT Trimegah Bangun Persada and PT Gane Permai Sentosa, Obi island "
         "(http://www.dunia-energi.com/grup-harita-commissioning-smelter-nikel-pulau-obi-oktober-2016/?share=google-plus-1) | "
         "Kontan 6 Nov 2021: Harita smelter feed saprolite at 1.5 % Ni (https://amp.kontan.co.id/news/harita-nickel-geber-proyek-smelter-soal-slag-nikel-masih-jadi-fokus-utama)")

# ---- 10. Central Omega Resources (DKFT), Indonesia ------------------------------------------------------
# pranusa.id Aug 2021 (DKFT public expose): 2020 sales 89,000 t ferronickel (NPI) and 593,000 t nickel ore; product Ni content 7-8 % in
# 2020 (about 6 % in 2021). Kontan Feb 2015: the COR Industri Indonesia NPI smelter (Morowali Utara) is fed by DKFT's own IUPs PT Bumi
# Konawe Abadi, PT Mulia Pasific Resources and PT Itamatra Nusantara, with dry ore at ~1.8 % Ni; NPI 8-10 % Ni.
DKFT_NPI, DKFT_NI_LO, DKFT_NI_HI = 89_000, 0.07, 0.08
dkft_ni = DKFT_NPI * (DKFT_NI_LO + DKFT_NI_HI) / 2
S_DKFT = ("pranusa.id 31 Aug 2021 (PT Central Omega Resources Tbk public expose): 2020 sales 89,000 t ferronickel and 593,000 t nickel ore, product "
          "nickel content 7-8 % in 2020 (https://www.pranusa.id/kabarnusa/terdampak-pandemi-central-omega-ubah-strategi/) | Kontan 11 Feb 2015: "
          "COR Industri Indonesia NPI smelter fed by DKFT's IUPs PT Bumi Konawe Abadi, PT Mulia Pasific Resources and PT Itamatra Nusantara with dry "
          "ore at ~1.8 % Ni (https://industri.kontan.co.id/news/tiga-iup-siap-pasok-bijih-nikel-ke-smelter-omega)")

# ---- 11. Trojan (Bindura Nickel Corporation), Zimbabwe ---------------------------------------------------
# binduranickel.co.zw (FY to 31 Mar 2021 update): nickel in concentrate sold 5,496 t, previous year (Apr 2019-Mar 2020) 5,685 t.
# binduranickel.co.zw/overview: Trojan (the only operating unit) treats ~400,000 t ore and produces ~5,500 t Ni in concentrate a year.
# BNC chairman's report FY2021 (via de.puda-bagger.com): ore milled 411,754 t (down 5 %), head grade 1.52 % Ni (prior year 1.53 %),
# nickel concentrate production 5,363 t (down 5 %). asaresourcegroup.com: JORC resource massive ore 1.05 Mt @ 5.77 % Ni,
# disseminated 5.40 Mt @ 0.83 % Ni; concentrate sold to Glencore under an offtake.
TRJ_NI = 5_685                      # t Ni in concentrate sold, FY Apr 2019 - Mar 2020
TRJ_G, TRJ_GLO, TRJ_GHI = 1.53, 1.52, 1.53
trj_rec = 5_363 / (411_754 * 1.52 / 100)             # FY2021: Ni in concentrate / Ni in ore milled = 0.857
trj_rec20 = TRJ_NI / (411_754 / 0.95 * 1.53 / 100)   # FY2020: milled back-computed from "down 5 %" = 0.857
S_TRJ = ("Bindura Nickel Corporation, 'BNC completes phase 1 expansion of Trojan Mine': nickel in concentrate sold FY to 31 Mar 2021 5,496 t, "
         "previous year 5,685 t (https://binduranickel.co.zw/?p=4647) | Bindura Nickel Corporation, Our operations: Trojan ~400,000 t ore and "
         "~5,500 t nickel in concentrate a year (https://binduranickel.co.zw/overview/) | BNC chairman's report FY2021 as reported (German): ore milled "
         "411,754 t (-5 %), head grade 1.52 % Ni vs 1.53 % the year before, nickel concentrate production 5,363 t (-5 %) "
         "(https://de.puda-bagger.com/news/bnc-nickel-industry-grows-rapidly-and-achieve-47465557.html) | Asa Resource Group, Trojan Mine: JORC "
         "resource massive 1,050,555 t @ 5.77 % Ni, disseminated 5,395,385 t @ 0.83 % Ni, concentrate offtake (https://asaresourcegroup.com/commodities/asa-nickel/trojan-mine)")

# ---- 12. Savannah (Panoramic Resources), Western Australia -----------------------------------------------
# Panoramic Preliminary December 2019 quarter statistics: ore milled 129,184 t @ 0.97 % Ni (tonnes +7 %, Ni grade -26 % on the
# September quarter), recovery 83.0 % Ni, 1,042 t Ni in concentrate (-22 % on the September quarter), 14,866 dmt concentrate shipped.
# Panoramic March 2020 quarterly: 119,401 t @ 0.87 % Ni, recovery 83.4 %, 861 t Ni; operations suspended mid-April 2020.
# Paydirt Nov 2019: restart ramp-up from Dec 2018, first shipment Feb 2019. Panoramic Updated FS: target concentrate 8 % Ni,
# LOM recovery 83 % Ni, LOM head grade 1.42 % Ni. Savannah 2004-2016: 8.5 Mt milled @ 1.29 % Ni.
SAV_Q4_NI, SAV_Q4_T, SAV_Q4_G = 1_042, 129_184, 0.97
sav_q3_ni = SAV_Q4_NI / (1 - 0.22)          # September quarter 2019, from "Ni down 22 %"
sav_q3_t = SAV_Q4_T / 1.07                  # from "tonnes up 7 %"
sav_q3_g = SAV_Q4_G / (1 - 0.26)            # from "Ni grade down 26 %" = 1.31 %
sav_ni = sav_q3_ni + SAV_Q4_NI              # second half of 2019
sav_g = (sav_q3_t * sav_q3_g + SAV_Q4_T * SAV_Q4_G) / (sav_q3_t + SAV_Q4_T)
SAV_Q4_CU, SAV_Q4_CUG = 695, 0.57
sav_q3_cu = SAV_Q4_CU / (1 - 0.19)         # from "Cu down 19 %"
sav_q3_cug = SAV_Q4_CUG / (1 - 0.25)       # from "Cu grade down 25 %" = 0.76 %
sav_cu = sav_q3_cu + SAV_Q4_CU
sav_cug = (sav_q3_t * sav_q3_cug + SAV_Q4_T * SAV_Q4_CUG) / (sav_q3_t + SAV_Q4_T)
sav_cu_conc = 8 * 6_100 / 10_800           # Cu % in the 8 % Ni bulk concentrate, from FS LOM averages 10,800 t Ni / 6,100 t Cu a year
sav_cu_conc_q4 = SAV_Q4_CU / 14_866 * 100  # Cu in concentrate / concentrate shipped, December quarter 2019
S_SAV = ("Panoramic Resources, Preliminary December 2019 Quarter Statistics: ore milled 129,184 t @ 0.97 % Ni (tonnes +7 %, Ni grade -26 % on previous "
         "quarter), recovery 83.0 % Ni, 1,042 t Ni in concentrate (-22 % on previous quarter), 14,866 dmt concentrate shipped "
         "(https://mailchi.mp/0e7d32189ea4/pan-preliminary-december-19-quarter-statistics) | Panoramic Resources, Quarterly Report to 31 March 2020: "
         "119,401 t @ 0.87 % Ni, recovery 83.4 %, 861 t Ni in concentrate, operations suspended mid-April 2020 "
         "(https://vdocument.in/quarterly-report-for-the-period-ending-31-march-2020-concentrate-production-concentrate.html) | Paydirt Nov 2019, Australian "
         "Nickel Conference review: Savannah restart, ramp-up from Dec 2018, first shipment Feb 2019 (https://online.anyflip.com/tcch/aedx/files/basic-html/page36.html) | "
         "Panoramic Resources, Processing (Updated FS): target concentrate 8 % Ni, LOM recovery 83 % Ni, 98 % Cu, LOM head grade 1.42 % Ni, "
         "LOM average 10,800 t Ni and 6,100 t Cu in concentrate a year "
         "(https://panoramicresources.com/processing-2/) | Panoramic Resources, Savannah Feasibility Study: 2004-2016 milled 8.5 Mt @ 1.29 % Ni "
         "(http://panoramicresources.com/savannah-feasibility/)")
UG = ('0.1', '0.0', '0.2', 'underground mine: development waste only, 0-0.2 t/t (brief default, same as ../nickel_cobalt and the Nova/Forrestania '
      'rows); operator reports no waste tonnage')
RS_SULF = ('0.95', '0.9', '0.98', 'smelting+refining recovery of Ni/Cu sulfide concentrate not reported; 0.90-0.98 assumed (same as ../nickel_cobalt)')

mines = [
    ['nmc_new_caledonia', 'Nickel Mining Company (NMC; SMSP 51 %, POSCO 49 %): Ouaco, Poya, Nakety and Kouaoua mining centres; '
     'saprolite feeds the SNNC ferronickel plant, Gwangyang', 'NC', 'laterite', 'open_pit', f(nmc_dry / 1e6), *SAP[:3], '',
     'estimated', S_NMC, 2020, 'stripping_ratio;ore_mined_mt',
     SAP[3] + f' | ore_mined_mt = dry ore exported to SNNC in 2020 = {NMC_WMT:,} wmt x (1 - {MOIST} moisture)'],
    ['ifishdeco_konawe_selatan', 'PT Ifishdeco Tbk nickel mine, Konawe Selatan, Southeast Sulawesi', 'ID', 'laterite', 'open_pit',
     f(ifsh_dry / 1e6), *SAP[:3], '', 'estimated', S_IFSH, 2019, 'stripping_ratio;ore_mined_mt',
     SAP[3] + f' | ore_mined_mt = {IFSH_WMT:,} t ore 2019 read as wet tonnes x (1 - {MOIST} moisture)'],
    ['tagaung_taung', 'Tagaung Taung nickel mine (Mt Tagaung, Thabeikkyin) and Tigyaing ferronickel plant (Myanmar CNMC Nickel; CNMC / Myanmar No. 1 Mining Enterprise)',
     'MM', 'laterite', 'open_pit', '', *SAP[:3], '', 'estimated', S_TT, 2021, 'stripping_ratio', SAP[3]],
    ['falcondo', 'Falcondo (Falconbridge Dominicana; Americano Nickel): Loma La Peguera mine and Bonao ferronickel plant',
     'DO', 'laterite', 'open_pit', '', '0.5', '0.1', '2.0', '', 'estimated', S_FAL, 2017, 'stripping_ratio',
     'operator describes the stripping ratio as negligible but low-grade material must be moved (Northern Miner 1987); 0.5 (0.1-2.0) '
     'assumed, the range of the limonite convention of ../nickel_cobalt widened downwards'],
    ['che_guevara_moa', 'Laterite mines of the Comandante Ernesto Che Guevara nickel plant (Cubaniquel), Moa, Holguin',
     'CU', 'laterite', 'open_pit', '', *LIM[:3], '', 'estimated', S_CHE, 2018, 'stripping_ratio', LIM[3]],
    ['berong', 'Berong nickel mine (Berong Nickel Corp., DMCI Mining), Quezon, Palawan', 'PH', 'laterite', 'open_pit',
     f(ber_dry / 1e6), *SAP[:3], '', 'estimated', S_BER, 2019, 'stripping_ratio;ore_mined_mt',
     SAP[3] + f' | ore_mined_mt = H1 2019 shipments {BER_WMT:,} wmt x (1 - {MOIST} moisture); full year not found'],
    ['larco', 'LARCO G.M.M. S.A.: Agios Ioannis (Boeotia), Evia and Kastoria laterite mines and Larymna ferronickel plant', 'GR',
     'laterite', 'open_pit_underground', f(LAR_ORE / 1e6), *SAP[:3], '', 'estimated', S_LAR, 2014, 'stripping_ratio',
     SAP[3] + ' (Greek laterite is mined 98 % in open pits); ore_mined_mt = stated typical annual ore production'],
    ['hinatuan', 'Hinatuan mine (Hinatuan Mining Corp., Nickel Asia), Hinatuan Island, Tagana-an, Surigao del Norte', 'PH', 'laterite',
     'open_pit', f(hmc_dry / 1e6), *SAP[:3], '', 'estimated', S_HMC, 2017, 'stripping_ratio;ore_mined_mt',
     SAP[3] + f' | ore_mined_mt = Jan-Sep 2017 shipments {HMC_WMT:,} wmt x (1 - {MOIST} moisture)'],
    ['harita_obi', 'Harita Nickel Obi island mines (PT Trimegah Bangun Persada, PT Gane Permai Sentosa), South Halmahera, feeding the '
     'Megah Surya Pertiwi ferronickel smelter', 'ID', 'laterite', 'open_pit', '', *SAP[:3], '', 'estimated', S_MSP, 2020, 'stripping_ratio',
     SAP[3]],
    ['central_omega', 'PT Central Omega Resources Tbk nickel mines (PT Bumi Konawe Abadi, PT Mulia Pasific Resources, PT Itamatra Nusantara), '
     'Sulawesi, feeding the COR Industri Indonesia NPI smelter, Morowali Utara', 'ID', 'laterite', 'open_pit', '', *SAP[:3], '', 'estimated',
     S_DKFT, 2020, 'stripping_ratio', SAP[3]],
    ['bindura_trojan', 'Trojan nickel mine (Trojan Nickel Mine Ltd, Bindura Nickel Corporation), Bindura', 'ZW', 'magmatic_sulfide',
     'underground', '', *UG[:3], '', 'estimated', S_TRJ, 2019, 'stripping_ratio', UG[3]],
    ['savannah', 'Savannah nickel mine (Panoramic Resources), East Kimberley, Western Australia', 'AU', 'magmatic_sulfide',
     'underground', '', *UG[:3], '', 'estimated', S_SAV, 2019, 'stripping_ratio', UG[3]],
]


def mc(mine, prod, g, glo, ghi, basis, rs, src, year, est, why):
    return [mine, 'nickel', f'{prod:.0f}', f(g), f(glo) if glo != '' else '', f(ghi) if ghi != '' else '', '', 'pct', basis,
            '', '', '', '', *rs[:3], '', '', '', '', '', src, year, est, why]


mcs = [
    mc('nmc_new_caledonia', nmc_ni, NMC_G, NMC_GLO, NMC_GHI, 'head', RS_FENI, S_NMC, 2020, 'production_t;recovery_smelting',
       f'production_t = Ni in garnierite exported to SNNC in 2020 = {NMC_WMT:,} wmt x (1 - {MOIST}) x {NMC_G} % = {nmc_ni:,.0f} t '
       f'(moisture {MOIST_LO}-{MOIST_HI} not reported: {NMC_WMT*(1-MOIST_HI)*NMC_G/100:,.0f}-{NMC_WMT*(1-MOIST_LO)*NMC_G/100:,.0f} t); '
       '2020 is the nearest year found (2019 not published on the pages reached); the 390,954 t of very-low-grade ore sold to China are not counted. '
       f'ore_grade = SNNC feed grade {NMC_G} % (reported target after expansion), range {NMC_GLO} % (lowest saprolite grade on nmc.nc) to '
       f'{NMC_GHI} % (feed grade before expansion). Ni output counted at the mine (NMC -> SNNC is one chain). ' + RS_FENI[3]),
    mc('ifishdeco_konawe_selatan', ifsh_ni, IFSH_G, IFSH_GLO, IFSH_GHI, 'head', RS_FENI, S_IFSH, 2019,
       'production_t;ore_grade;recovery_smelting',
       f'production_t = {IFSH_WMT:,} t ore 2019 (read as wet tonnes, the Indonesian reporting unit) x (1 - {MOIST}) x {IFSH_G} % = '
       f'{ifsh_ni:,.0f} t; Ifishdeco reports no grade: 2019 exports had to be below 1.7 % Ni (MEMR Reg. 5/2017), so max 1.7 %; '
       f'min {IFSH_GLO} % = lowest DSO head grade of the Cagdianao (PGMC) row of ../nickel_cobalt; mode {IFSH_G} % assumed. ' + RS_FENI[3]),
    mc('tagaung_taung', tt_ni, tt_res_g, tt_design_g, tt_res_g, 'reserve', RS_FENI, S_TT, 2021,
       'production_t;ore_grade;recovery_smelting',
       f'production_t = China FeNi imports from Myanmar Jan-Nov 2021 {TT_FENI_T:,} physical t x {TT_FENI_NI} Ni = {tt_ni:,.0f} t '
       '(Tagaung Taung is the country\'s only FeNi producer and ships basically all to China; 11 months of 2021, nearest year found, '
       'so a lower bound of an annual figure). ore_grade: reserve ~700,000 t Ni in more than 30 Mt = '
       f'{tt_res_g:.2f} % (upper bound); min {tt_design_g:.2f} % = design 22,000 t Ni / (5,000 t ore/day x 365 x (1 - {MOIST}) x 0.90 recovery). '
       + RS_FENI[3]),
    mc('falcondo', FAL_NI, 1.57, 1.3, 1.91, 'reserve', RS_FENI, S_FAL, 2017, 'recovery_smelting',
       'production_t = Ni in ferronickel, 2017 year-end estimate by Falcondo (nearest year found; a second line started in Nov 2018, so '
       '2019 is likely higher). ore_grade = Falconbridge-era reserve 50.3 Mt @ 1.57 %, range 1.3 % (stated average grade) to 1.91 % '
       '(1987 reserve grade): reported values, but decades old. ' + RS_FENI[3]),
    mc('che_guevara_moa', che_ni, 1.16, 0.88, 1.16, 'reserve', ('0.8', '0.7', '0.89'), S_CHE, 2018,
       'production_t;ore_grade;recovery_smelting',
       f'production_t = 2018 plan of the Che Guevara plant {CHE_NICO:,} t Ni+Co x (1 - {CU_CO:,}/{CU_TOT:,} national 2017 Co share) = '
       f'{che_ni:,.0f} t (a plan, not actual output; Cuba publishes no plant figures). No grade reported: Moa JV 2019 reserve grade '
       '1.16 % (same Moa laterite district) as best estimate, range down to 0.88 % = reserve grades of the limonite-processing mines '
       'in ../nickel_cobalt (Ambatovy 0.88, Murrin Murrin 1.03, Moa 1.16). Caron (reduction roast-ammonia leach) Ni recovery not reported; '
       '0.70-0.89 assumed (below the HPAL convention 0.75-0.89 of ../nickel_cobalt)'),
    mc('berong', ber_ni, BER_G, BER_GLO, BER_GHI, 'head', RS_FENI, S_BER, 2019, 'production_t;recovery_smelting',
       f'production_t = H1 2019 shipments {BER_WMT:,} wmt x (1 - {MOIST}) x {BER_G} % = {ber_ni:,.0f} t (first half only: a lower '
       'bound; the company expected ~850,000 wmt for the full year). ore_grade = shipped grades reported by DMCI: 2019 expectation '
       f'{BER_G} %, 2017-2018 {BER_GLO}-{BER_GHI} %. ' + RS_FENI[3]),
    mc('larco', LAR_NI, lar_g, lar_glo, lar_ghi, 'head', RS_FENI, S_LAR, 2014, 'ore_grade;recovery_smelting',
       f'production_t = Ni in ferronickel 2014 ({LAR_NI:,} t), the latest year found (nearest to 2019; LARCO was under restructuring in '
       '2019-2020, so 2019 output may have been lower). No ore grade published on the pages reached: DERIVED head grade = Ni output / '
       f'(ore x FeNi recovery): 18,000-19,000 t / 2.5 Mt = {lar_rec_g[0]:.2f}-{lar_rec_g[1]:.2f} % recovered, divided by 0.95-0.80 -> '
       f'{lar_glo:.2f}-{lar_ghi:.2f} %, best {LAR_NI:,} / (2.5 Mt x 0.90) = {lar_g:.2f} %. ' + RS_FENI[3]),
    mc('hinatuan', hmc_ni, HMC_G, HMC_GLO, HMC_GHI, 'head', RS_FENI, S_HMC, 2017, 'production_t;ore_grade;recovery_smelting',
       f'production_t = Jan-Sep 2017 shipments {HMC_WMT:,} wmt x (1 - {MOIST}) x {HMC_G} % = {hmc_ni:,.0f} t (9 months of 2017, the nearest '
       'period with a mine-level figure found; 2019 per-mine shipments not found, so a lower bound of an annual figure). No Hinatuan-only grade '
       f'found: {HMC_G} % = NAC average export grade H1 2018 (H1 2019: {HMC_GHI} %, max); min {HMC_GLO} % = lowest head grade of the NAC '
       'taganito/rio_tuba rows of ../nickel_cobalt_extra (Hinatuan also ships limonite). ' + RS_FENI[3]),
    mc('harita_obi', msp_ni, 1.5, 1.5, 2.0, 'head', RS_FENI, S_MSP, 2020, 'production_t;ore_grade;recovery_smelting',
       f'production_t = MSP ferronickel output 2020 {MSP_FENI:,} t x 11 % Ni (design 10-12 %) = {msp_ni:,.0f} t '
       f'({MSP_FENI*MSP_NI_LO:,.0f}-{MSP_FENI*MSP_NI_HI:,.0f} t); 2020 is the nearest year found (four lines ran since 2018). Counted at the mine: '
       'MSP is fed by the Harita mines TBP and GPS (it may also buy third-party ore, so this can overstate the two mines slightly); Harita\'s '
       '2019 low-grade ore exports are not counted. ore_grade = Harita saprolite feed grade 1.5 % (Kontan 2021), up to 2.0 % = upper end of '
       'the Sulawesi saprolite assumption of the antam_nickel row. ' + RS_FENI[3]),
    mc('central_omega', dkft_ni, 1.8, 1.5, 1.8, 'head', RS_FENI, S_DKFT, 2020, 'production_t;ore_grade;recovery_smelting',
       f'production_t = Ni in NPI sold 2020 = {DKFT_NPI:,} t x 7.5 % (reported 7-8 %) = {dkft_ni:,.0f} t; 2020 is the nearest year found; '
       'the 593,000 t of ore sold to third parties are not counted (no grade). ore_grade = planned smelter feed ~1.8 % Ni (dry); min 1.5 % '
       'assumed because the NPI grade fell in 2020-2021 (lower-grade feed). ' + RS_FENI[3]),
]


def mc_conc(mine, prod, g, glo, ghi, basis, rb, rs, cg, src, year, est, why, commodity='nickel'):
    """row of a sulfide mine producing a flotation concentrate (beneficiation + smelting)."""
    return [mine, commodity, f'{prod:.0f}', f(g), f(glo), f(ghi), '', 'pct', basis, *rb, '', *rs[:3], '', *cg, '', src, year, est, why]


mcs += [
    mc_conc('bindura_trojan', TRJ_NI, TRJ_G, TRJ_GLO, TRJ_GHI, 'head', (f(trj_rec), '0.8', '0.9'), RS_SULF, ('12', '8', '20'), S_TRJ, 2019,
            'recovery_beneficiation;recovery_smelting;concentrate_grade_pct',
            f'production_t = nickel in concentrate sold in BNC financial year Apr 2019-Mar 2020 ({TRJ_NI:,} t; nine of its twelve months are in 2019; '
            'FY2021 production 5,363 t). ore_grade = reported head grades FY2020 1.53 % and FY2021 1.52 % (resource: massive 5.77 %, disseminated 0.83 %). '
            f'recovery_beneficiation DERIVED = Ni in concentrate / Ni in ore milled: FY2021 5,363 / (411,754 t x 1.52 %) = {trj_rec:.3f} '
            f'(FY2020 with milled tonnes back-computed from "-5 %": {trj_rec20:.3f}); range 0.80-0.90 assumed. | concentrate grade not reported; 8-20 % '
            '(Kevitsa 9.6-9.9 %, Forrestania ~14 %), same as ../nickel_cobalt | ' + RS_SULF[3]),
    mc_conc('savannah', sav_ni, sav_g, 0.87, sav_q3_g, 'head', ('0.83', '0.83', '0.86'), RS_SULF, ('8', '7', '8'), S_SAV, 2019,
            'production_t;recovery_smelting;concentrate_grade_pct',
            f'production_t = Ni in concentrate, second half of 2019 only = September quarter {sav_q3_ni:,.0f} t (DERIVED: December quarter 1,042 t was '
            f'"down 22 %") + December quarter 1,042 t = {sav_ni:,.0f} t; January-June 2019 (ramp-up after the Dec 2018 restart) not found, so a lower '
            f'bound of the 2019 output. ore_grade = H2 2019 tonnage-weighted head grade {sav_g:.2f} % (September quarter {sav_q3_g:.2f} % DERIVED from '
            '"Ni grade down 26 %", December quarter 0.97 %), min 0.87 % (March quarter 2020). recovery_beneficiation reported 83.0-83.4 % (2019-20 '
            'quarters), up to 0.86 (2004-2016 average stated as 86-8x %). concentrate grade = Updated FS target 8 % Ni; 7 % = December quarter '
            'Ni in concentrate / concentrate shipped (1,042 / 14,866 dmt), shipped and produced may differ. | ' + RS_SULF[3]),
    mc_conc('savannah', sav_cu, sav_cug, 0.51, sav_q3_cug, 'head', ('0.939', '0.939', '0.98'), RS_SULF,
            (f(sav_cu_conc, 1), f(min(sav_cu_conc, sav_cu_conc_q4), 1), f(max(sav_cu_conc, sav_cu_conc_q4), 1)), S_SAV, 2019,
            'production_t;recovery_smelting;concentrate_grade_pct',
            f'co-product copper of the bulk Ni-Cu-Co concentrate. production_t = Cu in concentrate, second half of 2019 only = September quarter '
            f'{sav_q3_cu:,.0f} t (DERIVED: December quarter 695 t was "down 19 %") + 695 t = {sav_cu:,.0f} t (lower bound, as the nickel row). '
            f'ore_grade = H2 2019 tonnage-weighted Cu head grade {sav_cug:.2f} % (September quarter {sav_q3_cug:.2f} % DERIVED from "Cu grade down 25 %", '
            'December quarter 0.57 %), min 0.51 % (March quarter 2020). recovery_beneficiation reported 93.9 % (Dec 2019 qtr), FS LOM 98 %. '
            f'concentrate grade DERIVED: {sav_cu_conc:.1f} % Cu = 8 % Ni target x FS LOM 6,100 t Cu / 10,800 t Ni; {sav_cu_conc_q4:.1f} % = December quarter '
            '695 t Cu / 14,866 dmt shipped. Cobalt (55 t in the December quarter) not added: no September-quarter figure. | ' + RS_SULF[3], commodity='copper'),
]

for fn, h, rr in (('mines.csv', MINE_H, mines), ('mine_commodities.csv', MC_H, mcs)):
    with open(os.path.join(HERE, fn), 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(h)
        for r in rr:
            assert len(r) == len(h), (fn, r[0], len(r), len(h))
            w.writerow(r)

# ---- log -------------------------------------------------------------------------------------------------
log = []
try:
    fal = [r for r in csv.DictReader(open(os.path.join(OPEN, 'commodities.csv'), encoding='utf-8'))
           if r['mine_fac'] == 'Falcondo' and r['commodity'].strip() == 'Nickel']
    log.append('Falcondo history in the open compilation (kt Ni): ' +
               ', '.join(f"{r['year']}: {r['value']}" for r in sorted(fal, key=lambda r: r['year'])))
except OSError:
    log.append('open compilation not found (only used for the Falcondo history note)')
try:
    old_rows = [r for r in csv.DictReader(open(os.path.join(DIST, 'mine_commodities.csv'), encoding='utf-8'))
                if r['commodity'] == 'nickel']
    ours = {r[0] for r in mines}
    old = sum(float(r['production_t'] or 0) for r in old_rows if r['mine'] not in ours)
except OSError:
    old = float('nan')
add = sum(float(r[2]) for r in mcs if r[1] == 'nickel')
for r in mcs:
    log.append(f'{r[0]:28s} {r[1]:7s} {float(r[2]):>9,.0f} t  grade {r[3]} ({r[4]}-{r[5]}) % {r[8]}  year {r[22]}')
log.append(f'nickel: {old:,.0f} t ({old / WORLD_NI_2019:.2%}) + {add:,.0f} t = {(old + add) / WORLD_NI_2019:.2%} of {WORLD_NI_2019:,} t (USGS MCS 2020)')
print('\n'.join(log))
