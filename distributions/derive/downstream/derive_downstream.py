#!/usr/bin/env python3
"""Generate the downstream tables of hiddenflow (materials, compositions, components,
BOMs, vehicles) from explicit, cited parameters.  stdlib only; deterministic output.
Run:  python3 derive_downstream.py   (writes the six CSVs next to this file)
Every number below either comes from a cited source (see SOURCES.md) or is flagged
as estimated in the row it produces."""
import csv, os
HERE = os.path.dirname(os.path.abspath(__file__))
YEAR = 2019

# ---------------------------------------------------------------- sources
S = {
 'iupac': 'CIAAW/IUPAC standard atomic weights (abridged), https://ciaaw.org/atomic-weights.htm',
 'ws': 'worldsteel Fact sheet Steel and raw materials (2019): BF-BOF route 1,370 kg iron ore, 780 kg metallurgical coal, 270 kg limestone, 125 kg recycled steel per t crude steel (earlier edition 1,400/800/300/120), https://worldsteel.org/wp-content/uploads/Fact-sheet-raw-materials-2019.pdf',
 'ws_pig': 'worldsteel Raw materials page: 1.6 t iron ore and ~450 kg coke per t pig iron, https://www.worldsteel.org/steel-by-topic/raw-materials.html',
 'wup': 'Wuppertal Institute (2014) Material intensity of materials, fuels, transport services, food (MIT list), https://wupperinst.org/fileadmin/redaktion/downloads/projects/MIT_2014.pdf',
 'carc': 'Sacchi et al., carculator model documentation docs/modeling.rst (PSI), https://github.com/romainsacchi/carculator (Tables 4, 6, 8, 9, 10, 26)',
 'dunn': 'Dunn, Gaines, Barnes, Sullivan, Wang (2012/2014) Material and energy flows in the materials production, assembly and end-of-life stages of the automotive Li-ion battery life cycle, ANL/ESD/12-3 Rev. (GREET2 BatPaC-based pack BOM), https://greet.anl.gov',
 'dai': 'Dai, Kelly, Gaines, Wang (2019) Life Cycle Analysis of Lithium-Ion Batteries for Automotive Applications, Batteries 5(2):48, doi:10.3390/batteries5020048',
 'ica': 'ICA/IDTechEx (2017) Copper intensity in the electrification of transport: ICEV 23 kg, HEV 40 kg, PHEV 60 kg, BEV 83 kg Cu per vehicle, https://copperalliance.eu/e-mobility-european-copper-market/',
 'caam': 'CAAM 2019 NEV production: total 1,242,000; BEV 1,020,000; PHEV 220,000; FCV 2,833 (reported via InsideEVs 2020-01, https://insideevs.com/news/396291/chinese-nevs-market-slightly-declined-2019/)',
 'cabia': 'China Automotive Battery Innovation Alliance 2019 installed traction-battery capacity 62.2 GWh; passenger cars 42.2 GWh of which NCM 39.6 (93.8 %), LFP 2.0 (4.8 %), other 0.6 GWh (via https://gosavetime.com/installed-battery-capacity-in-china-by-vehicle-and-chemistry-in-2019/ | https://globaltimes.cn/content/1177257.shtml)',
 'catarc': 'CATARC NEV report May 2019 (MarkLines): passenger cars 93 % of NEV production; passenger PHEVs all with ternary (NCM) batteries, https://www.marklines.com/en/report_all/catarc058_201905',
 'adamas': 'Adamas Intelligence via Green Car Congress 2019-03-05: sales-weighted average passenger EV (BEV+PHEV) battery in China 29.1 kWh in Jan 2019, https://www.greencarcongress.com/2019/03/20190305-adamaschina.html',
 'jm': 'Johnson Matthey Technology Review Q&A, PGM loading and recycling rates in autocatalysts (world average 4-5 g PGM per car; gasoline cars mostly Pd+Rh, some Pt), https://technology.matthey.com/resources/view-questions-answers/pgm-loading-and-recycling-rates-in-autocatalysts',
 'toyota': 'Toyota Motor Corp. Mirai (2014/2015) technical specifications: 114 kW PEFC stack, 3.1 kW/L, 2.0 kW/kg; two 700-bar CFRP tanks 5 kg H2 at 5.7 wt%; curb mass 1,850 kg',
 'econ': 'The Economist (2017-08-24) Electric vehicles may be powered by fuel cells rather than batteries (today\'s stacks need ~10 g Pt), https://www.economist.com/news/science-and-technology/21727776',
 'caam_pc': 'CAAM press release 2020-01: passenger-car production 2019 = 21.36 million',
}
J = ' | '.join

# ---------------------------------------------------------------- stoichiometry
AW = {'Li': 6.94, 'Ni': 58.693, 'Mn': 54.938, 'Co': 58.933, 'O': 15.999, 'Al': 26.982,
      'Fe': 55.845, 'P': 30.974, 'F': 18.998, 'C': 12.011, 'H': 1.008, 'Nd': 144.242,
      'La': 138.905, 'B': 10.81}
COMMODITY_OF = {'Li': 'lithium', 'Ni': 'nickel', 'Mn': 'manganese', 'Co': 'cobalt',
                'Al': 'aluminium', 'Fe': 'iron'}
def fractions(formula):
    m = sum(AW[e] * n for e, n in formula.items())
    return {e: AW[e] * n / m for e, n in formula.items()}, m
REO_ND = 2 * AW['Nd'] / (2 * AW['Nd'] + 3 * AW['O'])   # Nd in Nd2O3
REO_LA = 2 * AW['La'] / (2 * AW['La'] + 3 * AW['O'])   # La in La2O3
LI_IN_LIPF6 = AW['Li'] / (AW['Li'] + AW['P'] + 6 * AW['F'])

CAM = {  # id: (name, formula string, formula)
 'nmc111_cam': ('NMC111 cathode active material', 'LiNi1/3Mn1/3Co1/3O2', {'Li': 1, 'Ni': 1/3, 'Mn': 1/3, 'Co': 1/3, 'O': 2}),
 'nmc532_cam': ('NMC532 cathode active material', 'LiNi0.5Mn0.3Co0.2O2', {'Li': 1, 'Ni': .5, 'Mn': .3, 'Co': .2, 'O': 2}),
 'nmc622_cam': ('NMC622 cathode active material', 'LiNi0.6Mn0.2Co0.2O2', {'Li': 1, 'Ni': .6, 'Mn': .2, 'Co': .2, 'O': 2}),
 'nmc811_cam': ('NMC811 cathode active material', 'LiNi0.8Mn0.1Co0.1O2', {'Li': 1, 'Ni': .8, 'Mn': .1, 'Co': .1, 'O': 2}),
 'nca_cam':    ('NCA cathode active material', 'LiNi0.8Co0.15Al0.05O2', {'Li': 1, 'Ni': .8, 'Co': .15, 'Al': .05, 'O': 2}),
 'lfp_cam':    ('LFP cathode active material', 'LiFePO4', {'Li': 1, 'Fe': 1, 'P': 1, 'O': 4}),
}

def r(x, n=6):
    return '' if x is None or x == '' else f'{x:.{n}g}' if isinstance(x, float) else str(x)

def q(best, lo=None, hi=None, dist=None):
    """uncertain quantity -> 4 cells"""
    if lo is None and hi is None:
        return [r(best), '', '', dist or '']
    assert lo <= best <= hi, (best, lo, hi)
    return [r(best), r(lo), r(hi), dist or 'triangular']

mat_rows, comp_rows = [], []
def material(mid, name, yld, dtmr, src, est='', basis='', country='CN'):
    mat_rows.append([mid, name] + q(*yld) + q(*dtmr) + [country, src, YEAR, est, basis])
def comp(mid, com, frac, src, est='', basis=''):
    comp_rows.append([mid, com] + q(*frac) + [src, YEAR, est, basis])

CAM_Y = (1.0, 0.95, 1.0)
for mid, (name, ftxt, f) in CAM.items():
    fr, mw = fractions(f)
    material(mid, name, CAM_Y, (0.0,), S['iupac'] + ' | ' + S['dai'], 'process_yield;direct_tmr_t_per_t',
             f'formula {ftxt} (M = {mw:.2f} g/mol); yield: near-stoichiometric conversion in GREET calcination LCI, lower bound allows 5 % precursor/calcination losses; direct TMR set 0: calcination energy and P/F/O reagents not traced (process energy outside this table)')
    for e, x in fr.items():
        if e in COMMODITY_OF:
            comp(mid, COMMODITY_OF[e], (x,), S['iupac'], '', f'stoichiometric mass fraction of {e} in {ftxt} = {x:.4f}')

# graphite
material('graphite_natural_anode', 'Spherical purified natural graphite (anode)', (0.40, 0.30, 0.55), (0.0,),
         S['carc'] + ' (refs [50],[51]: natural graphite LCI)', 'process_yield;direct_tmr_t_per_t',
         'yield = t spherical graphite per t flake-graphite carbon: spheronisation/purification yields of 30-55 % are commonly reported (fines sold as co-product, so allocation would raise it); purification reagents (HF/H2SO4 or thermal) not traced')
comp('graphite_natural_anode', 'graphite', (0.9995, 0.999, 1.0), 'battery-grade purity >= 99.95 % C', 'mass_fraction', 'battery-grade spherical graphite >= 99.95 % C')
material('graphite_synthetic_anode', 'Synthetic graphite from petroleum needle coke (anode)', (1.0,), (2.0, 1.5, 3.0),
         S['carc'] + ' | ' + S['wup'], 'direct_tmr_t_per_t',
         'direct TMR = needle/calcined petroleum coke + pitch feedstock ~1.3-1.6 t per t graphite (graphitisation mass loss) x crude-oil-derived abiotic MI ~1.1-1.8 t/t; graphitisation electricity is traced as coal (material_composition)')
comp('graphite_synthetic_anode', 'coal', (3.5, 2.5, 6.0), 'CEC China 2019 coal-fired heat rate ~306 gce/kWh; Chinese anode industry graphitisation 10,000-15,000 kWh/t', 'mass_fraction',
     'graphitisation electricity 10-15 MWh/t x 0.23-0.40 t raw coal per MWh (grid average 62 % coal at 306 gce/kWh, raw coal 0.714 tce/t; Inner Mongolia grid near upper bound); energy carrier, not stoichiometry')

# electrolyte
lipf6_share = (1.5 / (1.5 + 4.4 + 4.4), 0.11, 0.16)
material('electrolyte_lipf6', 'Electrolyte: ~1 M LiPF6 in EC/DMC(EMC)', (1.0,), (3.0, 2.0, 5.0), S['dunn'] + ' | ' + S['wup'],
         'direct_tmr_t_per_t', 'carbonate solvents (~85-89 wt %) are petrochemicals: abiotic MI of basic organic chemicals/polymers 2-5 t/t (Wuppertal MIT list range, value not re-verified); fluorspar/phosphate hidden flows of LiPF6 not traced')
comp('electrolyte_lipf6', 'lithium', tuple(s * LI_IN_LIPF6 for s in lipf6_share), S['iupac'] + ' | ' + S['dunn'], 'mass_fraction',
     f'LiPF6 share {lipf6_share[0]:.3f} (GREET/Dunn BOM LiPF6 1.5 : EC 4.4 : DMC 4.4; 1.0-1.2 M solutions 11-16 wt %) x Li in LiPF6 {LI_IN_LIPF6:.4f}')

# foils, wire
material('copper_foil', 'Copper foil (anode current collector, busbars)', (1.0, 0.9, 1.0), (0.0,), S['dunn'], 'process_yield', 'electrodeposited foil; trimming scrap remelted in-house, lower bound 10 % loss')
comp('copper_foil', 'copper', (0.999,), 'ETP/electrodeposited copper >= 99.9 % Cu')
material('aluminium_foil', 'Aluminium foil 1xxx (cathode current collector)', (1.0, 0.85, 1.0), (0.0,), S['dunn'], 'process_yield', 'rolling/slitting scrap largely remelted in-house; lower bound 15 % loss')
comp('aluminium_foil', 'aluminium', (0.993, 0.99, 0.996), 'alloys 1060/1235: Al >= 99.35-99.6 %', 'mass_fraction', 'nominal Al of 1xxx alloys')
comp('aluminium_foil', 'iron', (0.004, 0.002, 0.006), 'alloy 1235 Fe+Si <= 0.65 %', 'mass_fraction', 'typical Fe impurity/alloying')
material('copper_wire', 'Copper wire and winding (ETP)', (1.0, 0.95, 1.0), (0.0,), 'ASTM B49/B115 ETP copper', 'process_yield', 'drawing scrap remelted; lower bound 5 % loss')
comp('copper_wire', 'copper', (0.999,), 'ETP copper C11000 >= 99.9 % Cu')

# steels, iron
material('steel_low_alloy', 'Low-alloy / carbon steel (BF-BOF, flat and long products)', (0.90, 0.85, 0.95), (0.27, 0.27, 0.30), S['ws'], 'process_yield',
         'crude steel to finished product (casting, rolling) yield 85-95 %; direct TMR = limestone flux per t crude steel (worldsteel 270-300 kg), quarry overburden not included')
comp('steel_low_alloy', 'iron', (0.98, 0.97, 0.99), 'automotive carbon/HSLA steels: C <= 0.25 %, Mn 0.3-1.6 %', 'mass_fraction', 'balance Fe after C, Mn, Si, micro-alloys')
comp('steel_low_alloy', 'manganese', (0.008, 0.003, 0.016), 'Mn 0.3-1.6 % in automotive carbon/HSLA steel grades', 'mass_fraction', 'grade range')
comp('steel_low_alloy', 'coal', (0.78, 0.60, 0.80), S['ws'], 'mass_fraction_min',
     'metallurgical coal per t crude steel via BF-BOF (worldsteel 780 kg; 800 kg earlier edition); lower bound: Chinese coke rate ~360 kg/t HM + PCI ~145 kg/t HM, hot metal ~0.85-0.9 t/t steel and ~10 % EAF share')
material('steel_stainless_austenitic', 'Austenitic stainless steel (304)', (0.95, 0.90, 1.0), (0.0,), 'ASTM A240 type 304 composition', 'process_yield;direct_tmr_t_per_t',
         'Cr 18-20 % is not a modelled commodity: chromite hidden flows NOT traced (gap); EAF/AOD route, coal negligible')
comp('steel_stainless_austenitic', 'iron', (0.705, 0.66, 0.72), 'ASTM A240 304: balance Fe', 'mass_fraction', 'balance after Cr 18-20, Ni 8-10.5, Mn <= 2 %')
comp('steel_stainless_austenitic', 'nickel', (0.08, 0.08, 0.105), 'ASTM A240 304: Ni 8.0-10.5 %')
comp('steel_stainless_austenitic', 'manganese', (0.012, 0.005, 0.02), 'ASTM A240 304: Mn <= 2 %', 'mass_fraction', 'typical melt values within spec')
material('steel_stainless_ferritic', 'Ferritic stainless steel (409/439, exhaust)', (0.95, 0.90, 1.0), (0.0,), 'ASTM A240 types 409/439 composition', 'process_yield;direct_tmr_t_per_t',
         'Cr 10.5-18 % not a modelled commodity: chromite hidden flows NOT traced (gap)')
comp('steel_stainless_ferritic', 'iron', (0.86, 0.80, 0.88), 'ASTM A240 409/439: balance Fe', 'mass_fraction', 'balance after Cr 10.5-18 %')
comp('steel_stainless_ferritic', 'manganese', (0.005, 0.002, 0.01), 'ASTM A240 409/439: Mn <= 1 %', 'mass_fraction', 'typical melt values')
comp('steel_stainless_ferritic', 'nickel', (0.003, 0.0, 0.005), 'ASTM A240 409/439: Ni <= 0.5 %', 'mass_fraction', 'residual Ni')
material('cast_iron', 'Cast iron (grey/ductile)', (0.85, 0.75, 0.95), (0.1, 0.05, 0.2), S['ws_pig'], 'process_yield;direct_tmr_t_per_t',
         'foundry yield (gates/risers remelted) 75-95 %; direct TMR = flux/moulding-sand losses, order-of-magnitude estimate')
comp('cast_iron', 'iron', (0.935, 0.92, 0.95), 'grey/ductile iron: C 3.0-3.8 %, Si 1.8-2.8 %', 'mass_fraction', 'balance Fe')
comp('cast_iron', 'manganese', (0.005, 0.002, 0.008), 'grey iron Mn 0.2-0.8 %', 'mass_fraction', 'grade range')
comp('cast_iron', 'coal', (0.4, 0.1, 0.78), S['ws_pig'] + ' | ' + S['ws'], 'mass_fraction',
     'lower bound: cupola coke only (~0.1-0.15 t/t); upper bound: all iron units as BF hot metal (coke 450 kg/t pig iron ~0.6-0.78 t coal); scrap/pig-iron mix of foundries not reported')

# aluminium
material('aluminium_wrought', 'Wrought aluminium (5xxx/6xxx sheet, extrusions)', (0.95, 0.85, 1.0), (0.0,), 'Aluminum Association alloy registrations 5182/6016/6061', 'process_yield', 'melt losses (dross) and unrecycled fabrication losses 0-15 %')
comp('aluminium_wrought', 'aluminium', (0.975, 0.96, 0.99), 'AA 5182/6016/6061 nominal compositions', 'mass_fraction', 'balance Al after Mg 0.4-5, Si 0.4-1.3, Mn <= 0.5 %')
comp('aluminium_wrought', 'manganese', (0.003, 0.0, 0.005), 'AA 5182 Mn 0.20-0.50 %; 6xxx <= 0.2 %', 'mass_fraction', 'mix')
comp('aluminium_wrought', 'iron', (0.003, 0.001, 0.007), 'AA 5xxx/6xxx Fe <= 0.35-0.7 %', 'mass_fraction', 'typical')
material('aluminium_cast', 'Cast aluminium (ADC12/A380 die cast, A356 wheels)', (0.90, 0.80, 0.97), (0.0,), 'JIS H5302 ADC12; AA A380.0, A356.0 compositions', 'process_yield',
         'casting yield after remelting of runners ~80-97 %; note most cast Al is secondary (commodity recycled_share applies)')
comp('aluminium_cast', 'aluminium', (0.85, 0.82, 0.92), 'ADC12: Si 9.6-12, Cu 1.5-3.5 %; A356: Si 6.5-7.5 %', 'mass_fraction', 'ADC12 ~0.83-0.86, A356 ~0.92')
comp('aluminium_cast', 'copper', (0.025, 0.0, 0.035), 'ADC12 Cu 1.5-3.5 %; A380 Cu 3-4 %; A356 Cu <= 0.2 %', 'mass_fraction', 'die-cast dominated mix')
comp('aluminium_cast', 'zinc', (0.008, 0.0, 0.03), 'ADC12 Zn <= 1.0 %; A380 Zn <= 3 %', 'mass_fraction', 'typical')
comp('aluminium_cast', 'iron', (0.009, 0.002, 0.013), 'ADC12 Fe <= 1.3 %', 'mass_fraction', 'typical')
comp('aluminium_cast', 'manganese', (0.002, 0.0, 0.005), 'ADC12 Mn <= 0.5 %', 'mass_fraction', 'typical')

# magnets
material('ndfeb_magnet', 'Sintered NdFeB permanent magnet', (0.75, 0.65, 0.90), (0.0,),
         'Nd2Fe14B stoichiometry | Sprecher et al. (2014) ES&T 48:3951, doi:10.1021/es404596q (magnet LCI incl. machining losses)', 'process_yield;direct_tmr_t_per_t',
         'alloy-to-finished-magnet yield: sizeable grinding/machining swarf (~25 %, range 10-35 %); B (~1 %) and Dy/Tb split not traced separately')
ndfe = fractions({'Nd': 2, 'Fe': 14, 'B': 1})[0]
re_metal = (0.31, 0.29, 0.33)
comp('ndfeb_magnet', 'rare_earths', tuple(x / REO_ND for x in re_metal), S['iupac'] + ' | Gutfleisch et al. (2011) Adv. Mater. 23:821, doi:10.1002/adma.201002180', 'mass_fraction',
     f'commercial sintered magnets are RE-rich vs Nd2Fe14B (Nd {ndfe["Nd"]:.4f}, Fe {ndfe["Fe"]:.4f}, B {ndfe["B"]:.4f}): total RE (Nd+Pr+Dy/Tb) 29-33 wt %, as REO equivalent / {REO_ND:.4f} (Nd in Nd2O3)')
comp('ndfeb_magnet', 'iron', (0.66, 0.63, 0.70), 'balance of sintered NdFeB after RE 29-33, B ~1, Co 0-3, Cu/Al/Ga minor', 'mass_fraction', 'balance Fe')
comp('ndfeb_magnet', 'cobalt', (0.01, 0.0, 0.03), 'Co 0-3 wt % additions in automotive grades', 'mass_fraction', 'grade range')

# platinum, lead, nickel
material('platinum_metal', 'Platinum (catalyst metal)', (0.98, 0.95, 1.0), (0.0,), S['jm'], 'process_yield', 'catalyst coating losses largely recovered; 0-5 % loss')
comp('platinum_metal', 'platinum', (1.0,), 'refined Pt')
material('lead_battery_grade', 'Lead and lead compounds in lead-acid batteries (as Pb)', (0.98, 0.95, 1.0), (0.0,), 'Pb-Ca-Sn / Pb-Sb grid alloys and PbO/PbSO4 paste', 'process_yield', 'paste/grid scrap remelted')
comp('lead_battery_grade', 'lead', (1.0,), 'mass counted as Pb equivalent (oxygen/sulfate of the paste counted in the acid row of the battery BOM)')
material('nickel_metal', 'Nickel metal (foam, strip, tabs)', (0.95, 0.90, 1.0), (0.0,), 'commercial nickel >= 99.5 %', 'process_yield', 'fabrication losses')
comp('nickel_metal', 'nickel', (0.995,), 'Ni >= 99.5 %')
nioh, mw = fractions({'Ni': 0.95, 'Co': 0.05, 'O': 2, 'H': 2})
material('nimh_positive_active', 'NiMH positive active material Ni0.95Co0.05(OH)2', (1.0, 0.95, 1.0), (0.0,), S['iupac'], 'process_yield', 'Co-doped nickel hydroxide; yield as for cathode materials')
comp('nimh_positive_active', 'nickel', (nioh['Ni'],), S['iupac'], '', f'stoichiometric Ni in Ni0.95Co0.05(OH)2 (M = {mw:.2f}); Co 3-5 % doping typical')
comp('nimh_positive_active', 'cobalt', (nioh['Co'],), S['iupac'], 'mass_fraction', 'Co doping 5 mol % assumed (3-5 % typical)')
ab5, mw = fractions({'La': 1, 'Ni': 3.55, 'Co': 0.75, 'Mn': 0.4, 'Al': 0.3})
material('nimh_ab5_alloy', 'NiMH negative electrode alloy MmNi3.55Co0.75Mn0.4Al0.3', (0.95, 0.90, 1.0), (0.0,), S['iupac'], 'process_yield', 'alloy melting/powdering losses')
comp('nimh_ab5_alloy', 'rare_earths', (ab5['La'] / REO_LA,), S['iupac'], '', f'Mm approximated as La: RE {ab5["La"]:.4f} t/t alloy / {REO_LA:.4f} (La in La2O3) = REO equivalent; formula MmNi3.55Co0.75Mn0.4Al0.3 (M = {mw:.1f})')
for e in ('Ni', 'Co', 'Mn', 'Al'):
    comp('nimh_ab5_alloy', COMMODITY_OF[e], (ab5[e],), S['iupac'], '', f'stoichiometric {e} in LaNi3.55Co0.75Mn0.4Al0.3 = {ab5[e]:.4f}')

# electronics, catalyst washcoat
material('electronics_pwb', 'Printed wiring board assemblies (ECUs, BMS)', (0.95, 0.9, 1.0), (3.0, 2.0, 5.0),
         'Cui & Zhang (2008) J. Hazard. Mater. 158:228, doi:10.1016/j.jhazmat.2008.02.001 (typical PCB metal contents) | ' + S['wup'], 'process_yield;direct_tmr_t_per_t',
         'non-metal part (epoxy, glass fibre, ceramics ~55-65 %) given the polymer-range abiotic MI 2-5 t/t; precious metals (Au, Ag, Pd) not modelled')
for com, fr, bas in (('copper', (0.20, 0.10, 0.25), 'Cu 10-25 % of PCB mass'), ('iron', (0.05, 0.02, 0.10), 'Fe 2-10 %'),
                     ('aluminium', (0.03, 0.01, 0.07), 'Al 1-7 %'), ('nickel', (0.01, 0.002, 0.02), 'Ni 0.2-2 %'),
                     ('lead', (0.005, 0.0, 0.02), 'Pb solder 0-2 % (lead-free soldering common since RoHS)'), ('zinc', (0.01, 0.002, 0.02), 'Zn 0.2-2 %')):
    comp('electronics_pwb', com, fr, 'Cui & Zhang (2008) J. Hazard. Mater. 158:228 (range of reported PCB compositions)', 'mass_fraction', bas)
material('twc_washcoat', 'Three-way-catalyst washcoat (gamma-Al2O3 + CeO2-ZrO2)', (0.95, 0.9, 1.0), (0.0,), S['jm'], 'process_yield;direct_tmr_t_per_t', 'ZrO2 (~20-30 %) not a modelled commodity; PGM counted separately as platinum_metal')
comp('twc_washcoat', 'rare_earths', (0.30, 0.15, 0.45), 'CeO2-ZrO2 oxygen-storage material + La2O3 stabiliser in TWC washcoats', 'mass_fraction', 'CeO2+La2O3 share of washcoat (REO), estimate')
comp('twc_washcoat', 'aluminium', (0.25, 0.15, 0.35), S['iupac'], 'mass_fraction', 'gamma-Al2O3 ~30-65 % of washcoat x Al in Al2O3 0.529')

# non-metals with direct TMR only
NONMET = [
 ('plastics_mix', 'Automotive polymers (PP, PE, ABS, PA, PU, PVC mix)', (3.0, 2.0, 5.0), 'polymer mix abiotic MI (crude oil/gas feedstock + process energy): commodity polymers ~2-3 t/t (PE/PP), PVC/PET/ABS ~3-4, PA/PU ~5-6 (Wuppertal MIT list order of magnitude; exact table values not re-verified in this session)'),
 ('rubber', 'Tyre/seal rubber compound (NR/SBR/EPDM + carbon black, silica)', (3.0, 1.5, 6.0), 'synthetic rubber and carbon black are petrochemicals (abiotic MI ~3-6 t/t), natural rubber carries mainly biotic flows (excluded from abiotic TMR); mix estimate'),
 ('glass_flat', 'Flat/automotive glass (float, laminated/tempered)', (2.9, 1.5, 4.0), 'batch (sand, soda ash, dolomite, limestone ~1.2 t/t) + melting fuel; abiotic MI of flat glass ~2-3 t/t (Wuppertal MIT list order of magnitude, not re-verified)'),
 ('cordierite_ceramic', 'Cordierite ceramic substrate and mat (catalytic converter)', (2.9, 1.5, 4.0), 'kaolin/talc/alumina batch + kiln energy; assumed equal to flat glass (no MI factor retrieved); Al in alumina not traced'),
 ('organic_chemicals', 'Organic chemicals (binders, solvents, coolant glycol, paints, fluids)', (3.0, 2.0, 5.0), 'petrochemical basics, abiotic MI ~2-5 t/t (order of magnitude as for polymers)'),
 ('sulfuric_acid_dilute', 'Dilute sulfuric acid electrolyte (lead-acid)', (0.0, 0.0, 0.5), 'mostly water; H2SO4 largely by-product of sulfide smelting whose hidden flows are allocated to the metals; upper bound for sulfur-burning acid'),
 ('electrolyte_koh', 'Aqueous KOH electrolyte (NiMH)', (0.5, 0.0, 1.5), 'aqueous ~30 % KOH; potash mining/chlor-alkali hidden flows not traced, order-of-magnitude estimate'),
]
for mid, name, dt, basis in NONMET:
    material(mid, name, (1.0,), dt, S['wup'], 'direct_tmr_t_per_t', basis)

# carbon fibre composite
material('carbon_fiber_composite', 'Carbon-fibre reinforced epoxy (T700-class, Type IV tank)', (0.85, 0.75, 0.95), (4.7, 3.0, 8.0),
         'Das (2011) Int J LCA 16:268, doi:10.1007/s11367-011-0264-z | Suzuki & Takahashi (2005) carbon fibre production energy 286 MJ/kg | ' + S['carc'] + ' (ref [53])',
         'process_yield;direct_tmr_t_per_t',
         'direct = PAN precursor ~2 kg per kg CF x MI of acrylonitrile-type petrochemicals ~2.5 t/t, at ~65-70 % CF in composite (~3.3) + epoxy ~0.3 x ~4 (~1.3); filament-winding waste 5-25 %; production energy traced as coal (material_composition)')
comp('carbon_fiber_composite', 'coal', (5.5, 3.0, 10.0), 'Suzuki & Takahashi (2005) 286 MJ primary energy per kg CF', 'mass_fraction',
     'energy carrier, not stoichiometry: 183-286 MJ/kg CF, ~60 % coal-based in China, raw coal 20.9 MJ/kg, 65-70 % CF in composite')

# ---------------------------------------------------------------- battery packs
# practical CAM specific capacity (mAh/g) and mean voltage (V): typical published ranges
CHEM = {  # id: (cam, q, q_lo, q_hi, V, pack kg/kWh best, min, max)
 'nmc111': ('nmc111_cam', 155, 145, 165, 3.70, 8.3, 7.1, 9.1),
 'nmc532': ('nmc532_cam', 165, 155, 175, 3.65, 7.1, 6.25, 8.3),
 'nmc622': ('nmc622_cam', 175, 165, 185, 3.65, 6.7, 6.25, 7.7),
 'nmc811': ('nmc811_cam', 195, 185, 205, 3.65, 6.25, 5.6, 7.1),
 'nca':    ('nca_cam',    190, 180, 200, 3.60, 6.7, 6.25, 7.7),
 'lfp':    ('lfp_cam',    150, 140, 160, 3.25, 8.3, 7.1, 9.1),
}
Q_AN, NP = 340.0, 1.10   # graphite practical capacity mAh/g, N/P ratio
NAT_SHARE = (0.25, 0.20, 0.50)   # natural graphite share of anode graphite (China 2019 artificial-dominated; carculator 50:50 upper)
TEMPLATE = [  # Dunn et al. / GREET2 LMO BEV pack BOM, wt % of pack, non-active part -> material
 ('organic_chemicals', 2.1 + 0.4 + 2.3, 'binder 2.1 + thermal insulation 0.4 + coolant glycol 2.3'),
 ('copper_foil', 13.0, 'copper 13'),
 ('aluminium_foil', 4.0, 'aluminium 24, of which ~4 cathode foil'),
 ('aluminium_wrought', 20.0, 'aluminium 24, of which ~20 cell cans/module/pack housing'),
 ('electrolyte_lipf6', 1.5 + 4.4 + 4.4, 'LiPF6 1.5 + EC 4.4 + DMC 4.4'),
 ('plastics_mix', 2.0 + 0.26 + 1.1, 'PP 2.0 + PE 0.26 + PET 1.1 (separator, cell/module plastics)'),
 ('steel_low_alloy', 2.3, 'steel 2.3'),
 ('electronics_pwb', 2.0, 'BMS electronic parts 2.0'),
]
TSUM = sum(t[1] for t in TEMPLATE)
components, bom = [], []
def component(cid, name, y, src, est='manufacturing_yield', basis=''):
    components.append([cid, name] + q(*y) + [src, YEAR, est, basis])
def b(cid, mid, frac, src, est='mass_fraction', basis=''):
    bom.append([cid, mid] + q(*frac) + [src, YEAR, est, basis])

for ch, (cam, qq, qlo, qhi, V, pk, pklo, pkhi) in CHEM.items():
    cid = f'battery_pack_{ch}'
    component(cid, f'Li-ion traction battery pack, {ch.upper()} cathode / graphite anode (cells + modules + pack)', (0.90, 0.85, 0.95),
              S['dai'] + ' | ' + S['dunn'], 'manufacturing_yield', 'cell/electrode manufacturing scrap 5-15 % (ramp-up plants in 2019 at upper end); applied to all pack materials')
    cam_kg = lambda qv: 1000.0 / (qv * V)   # kg CAM per kWh
    g_kg = (1000.0 / V) / Q_AN * NP          # kg graphite per kWh
    c_b, c_lo, c_hi = cam_kg(qq) / pk, cam_kg(qhi) / pkhi, cam_kg(qlo) / pklo
    g_b, g_lo, g_hi = g_kg / pk, (1000.0 / V) / 360 * 1.05 / pkhi, (1000.0 / V) / 320 * 1.2 / pklo
    src = J([S['dunn'], S['dai'], S['carc']])
    b(cid, cam, (c_b, c_lo, c_hi), src, 'mass_fraction',
      f'derived: CAM kg/kWh = 1000/(q x V) with practical q = {qq} ({qlo}-{qhi}) mAh/g, V = {V} V -> {cam_kg(qq):.2f} kg/kWh, divided by pack {pk} ({pklo}-{pkhi}) kg/kWh (vehicles.csv)')
    nat = NAT_SHARE
    b(cid, 'graphite_natural_anode', (g_b * nat[0], g_lo * nat[1], g_hi * nat[2]), src + ' | ' + S['carc'], 'mass_fraction',
      f'graphite kg/kWh = (1000/V)/q_an x N/P, q_an 340 (320-360) mAh/g, N/P 1.10 (1.05-1.2) -> {g_kg:.2f} kg/kWh; natural share 0.25 (0.20-0.50): China 2019 anode output mostly artificial graphite, carculator assumes 50:50 globally')
    b(cid, 'graphite_synthetic_anode', (g_b * (1 - nat[0]), g_lo * (1 - nat[2]), g_hi * (1 - nat[1])), src, 'mass_fraction',
      'graphite as above x synthetic share 0.75 (0.50-0.80)')
    rest = 1.0 - c_b - g_b
    for mid, w, lab in TEMPLATE:
        f = rest * w / TSUM
        b(cid, mid, (f, f * 0.7, f * 1.3), src, 'mass_fraction',
          f'non-active remainder ({rest:.3f}) split by GREET/Dunn pack BOM shares ({lab}; template non-active sum {TSUM:.2f} %); +/-30 % for design spread (Chinese 2019 packs often steel-cased)')

# NiMH
component('battery_pack_nimh', 'NiMH traction battery pack (HEV/FCV, Prius/Mirai type)', (0.95, 0.90, 0.98), 'Toyota HEV NiMH practice', 'manufacturing_yield', 'electrode coating/pasting losses')
for mid, f, bas in (('nimh_positive_active', (0.20, 0.15, 0.25), 'Ni(OH)2 positive paste'), ('nickel_metal', (0.10, 0.06, 0.14), 'Ni foam substrate, tabs, Ni-plated parts'),
                    ('nimh_ab5_alloy', (0.16, 0.12, 0.25), 'AB5 negative alloy (upper bound reflects reported 10-15 kg La-type RE per Prius pack claims)'),
                    ('electrolyte_koh', (0.07, 0.05, 0.09), 'KOH electrolyte'), ('steel_low_alloy', (0.22, 0.15, 0.28), 'module end plates, pack frame, Ni-plated steel'),
                    ('plastics_mix', (0.15, 0.10, 0.20), 'cell cases (prismatic resin), separators, pack cover'), ('copper_wire', (0.03, 0.02, 0.05), 'busbars, harness'),
                    ('electronics_pwb', (0.02, 0.01, 0.03), 'battery ECU'), ('aluminium_wrought', (0.05, 0.02, 0.08), 'cooling ducts, brackets')):
    b('battery_pack_nimh', mid, f, 'NiMH cell chemistry (Ni(OH)2 / AB5 metal hydride, KOH) | ' + S['carc'], 'mass_fraction', 'engineering estimate of a prismatic NiMH HEV pack: ' + bas)

# other components
OTHER = {
 'body': ('Body: body-in-white, closures, bumpers, exterior trim (excl. glass, interior)', (0.65, 0.55, 0.75),
          'sheet-metal stamping material utilisation ~55-75 % (engineered scrap returned to steelmaking)',
          [('steel_low_alloy', .80, .70, .88), ('aluminium_wrought', .04, .01, .10), ('plastics_mix', .12, .08, .16), ('rubber', .015, .01, .02),
           ('copper_wire', .01, .005, .015), ('organic_chemicals', .015, .01, .02)]),
 'interior': ('Interior: seats, instrument panel, trim, HVAC, restraints', (0.90, 0.85, 0.95), 'moulding/trim losses',
          [('steel_low_alloy', .42, .32, .50), ('plastics_mix', .45, .38, .55), ('aluminium_cast', .03, .01, .05), ('aluminium_wrought', .03, .01, .05),
           ('rubber', .02, .01, .03), ('copper_wire', .01, .005, .02), ('electronics_pwb', .02, .01, .03), ('organic_chemicals', .02, .01, .03)]),
 'chassis': ('Chassis: suspension, subframes, brakes, steering, fuel/brake lines and tank', (0.80, 0.70, 0.90), 'forging/machining/casting losses',
          [('steel_low_alloy', .68, .58, .75), ('cast_iron', .12, .08, .18), ('aluminium_cast', .08, .04, .14), ('aluminium_wrought', .03, .01, .05),
           ('plastics_mix', .05, .03, .07), ('rubber', .03, .02, .04), ('copper_wire', .005, .002, .01), ('organic_chemicals', .005, .002, .01)]),
 'wheels_tyres': ('Wheels and tyres (4 + no spare)', (0.90, 0.85, 0.95), 'tyre building/curing and wheel machining losses',
          [('rubber', .42, .36, .48), ('steel_low_alloy', .26, .15, .40), ('aluminium_cast', .29, .15, .40), ('plastics_mix', .03, .02, .04)]),
 'glass': ('Glazing: windscreen (laminated), side/rear (tempered)', (0.85, 0.80, 0.95), 'float glass cutting/bending losses',
          [('glass_flat', .95, .93, .97), ('plastics_mix', .05, .03, .07)]),
 'electronics': ('Low-voltage electrics/electronics: wiring harness, ECUs, sensors, infotainment', (0.95, 0.90, 0.98), 'harness cutting losses',
          [('copper_wire', .40, .30, .50), ('plastics_mix', .38, .30, .45), ('electronics_pwb', .12, .08, .18), ('steel_low_alloy', .05, .02, .08), ('aluminium_wrought', .05, .02, .08)]),
 'lead_acid_battery': ('12 V lead-acid starter battery', (0.98, 0.95, 1.0), 'grid/paste scrap remelted',
          [('lead_battery_grade', .62, .55, .68), ('sulfuric_acid_dilute', .25, .20, .30), ('plastics_mix', .13, .08, .15)]),
 'exhaust_system': ('Exhaust system incl. three-way catalytic converter (PGM separately)', (0.85, 0.75, 0.95), 'tube/sheet forming losses',
          [('steel_stainless_ferritic', .68, .55, .80), ('steel_low_alloy', .15, .08, .25), ('cordierite_ceramic', .15, .08, .22), ('twc_washcoat', .02, .01, .03)]),
 'ice_engine': ('Gasoline engine incl. starter, alternator, intake, cooling', (0.75, 0.65, 0.85), 'casting and machining losses',
          [('aluminium_cast', .45, .30, .55), ('cast_iron', .20, .10, .35), ('steel_low_alloy', .25, .18, .32), ('plastics_mix', .05, .03, .08),
           ('copper_wire', .02, .01, .03), ('rubber', .01, .005, .02), ('electronics_pwb', .005, .002, .01), ('organic_chemicals', .015, .01, .02)]),
 'transmission': ('Transmission/driveline: gearbox or single-speed reducer, driveshafts', (0.75, 0.65, 0.85), 'forging/machining losses',
          [('steel_low_alloy', .55, .45, .65), ('cast_iron', .10, .05, .15), ('aluminium_cast', .30, .20, .40), ('plastics_mix', .02, .01, .03),
           ('rubber', .01, .005, .02), ('organic_chemicals', .02, .01, .03)]),
 'emotor': ('Permanent-magnet synchronous traction motor/generator', (0.70, 0.55, 0.85), 'electrical-steel lamination punching scrap 15-45 %',
          [('steel_low_alloy', .565, .50, .62), ('copper_wire', .17, .12, .22), ('aluminium_cast', .22, .15, .28), ('ndfeb_magnet', .025, .015, .04), ('plastics_mix', .02, .01, .03)]),
 'power_electronics': ('Power electronics: inverter, DC/DC converter, on-board charger, PDU', (0.90, 0.85, 0.95), 'assembly losses',
          [('aluminium_cast', .45, .35, .55), ('copper_wire', .15, .10, .20), ('electronics_pwb', .20, .12, .28), ('steel_low_alloy', .08, .04, .12), ('plastics_mix', .12, .08, .16)]),
 'fc_stack': ('PEM fuel-cell stack (MEA, bipolar plates, end plates; Pt counted separately)', (0.90, 0.80, 0.95), 'MEA and plate fabrication losses',
          [('steel_stainless_austenitic', .55, .40, .65), ('aluminium_wrought', .15, .08, .22), ('plastics_mix', .12, .08, .18), ('carbon_fiber_composite', .08, .04, .12),
           ('copper_wire', .03, .01, .05), ('steel_low_alloy', .07, .03, .10)]),
 'fc_bop': ('Fuel-cell auxiliary system (air compressor, humidifier, H2 recirculation, cooling)', (0.90, 0.85, 0.95), 'assembly losses',
          [('steel_low_alloy', .40, .30, .50), ('aluminium_cast', .30, .20, .40), ('copper_wire', .08, .05, .12), ('plastics_mix', .15, .10, .20),
           ('electronics_pwb', .05, .03, .08), ('rubber', .02, .01, .03)]),
 'h2_tank': ('700-bar Type IV hydrogen storage (CFRP over polymer liner, valves)', (0.85, 0.75, 0.95), 'filament winding waste',
          [('carbon_fiber_composite', .72, .62, .80), ('plastics_mix', .10, .06, .14), ('aluminium_wrought', .08, .04, .12), ('steel_stainless_austenitic', .10, .05, .15)]),
 'pt_catalyst': ('Platinum in catalysts (autocatalyst or PEMFC electrodes), per vehicle', (1.0,), 'Pt inventory counted directly per vehicle', [('platinum_metal', 1.0, None, None)]),
}
for cid, (name, y, ybasis, rows) in OTHER.items():
    component(cid, name, y, S['carc'] if cid not in ('pt_catalyst',) else S['jm'], 'manufacturing_yield' if len(y) > 1 else '', ybasis)
    tot = sum(x[1] for x in rows)
    assert abs(tot - 1) < 1e-9, (cid, tot)
    for mid, f, lo, hi in rows:
        if lo is None:
            b(cid, mid, (f,), S['jm'], '', 'component is the Pt itself')
        else:
            b(cid, mid, (f, lo, hi), J([S['carc'], S['ica']]), 'mass_fraction',
              'engineering estimate (GREET-2 component material tables not retrievable in this session); bounds = plausible design spread; Cu shares calibrated so vehicle Cu totals approach ICA/IDTechEx 23/40/60/83 kg')

# ---------------------------------------------------------------- vehicles
pass_nev = 0.93 * 1242000
pass_phev = 220000
pass_bev = pass_nev - pass_phev
phev_kwh = 13.0
bev_kwh = (42.2e6 - pass_phev * phev_kwh - 0.6e6) / pass_bev  # kWh; excl. 'other' chemistries
VEH = []
# Short display names for figures and tables.
LABELS = {'bev_nmc111': 'BEV NMC111', 'bev_nmc532': 'BEV NMC532', 'bev_nmc622': 'BEV NMC622',
          'bev_nmc811': 'BEV NMC811', 'bev_nca': 'BEV NCA', 'bev_lfp': 'BEV LFP', 'icev': 'ICEV',
          'hev': 'HEV', 'phev': 'PHEV', 'fcv': 'FCV'}
def veh(vid, name, pt, chem, kwh, pk, prod, src, est, basis):
    VEH.append([vid, name, LABELS[vid], pt, chem] + (q(*kwh) if kwh else ['', '', '', '']) + (q(*pk) if pk else ['', '', '', '']) + [prod, src, YEAR, est, basis])
BEV_SRC = J([S['cabia'], S['caam'], S['catarc'], S['carc']])
bev_basis = (f'battery_kwh derived: (passenger-car installed 42.2 GWh - other-chemistry 0.6 GWh - {pass_phev} PHEV x {phev_kwh} kWh) / passenger BEVs ({pass_bev:.0f} = 0.93 x 1,242,000 NEV - 220,000 PHEV) = {bev_kwh:.1f} kWh; '
             'range 35-52 kWh (A00 mini-BEVs ~20-30 kWh to mid-size ~50-60 kWh); pack_kg_per_kwh: carculator 2020 pack densities (NMC/LFP 0.12, NCA 0.14 kWh/kg) and 2019 Chinese pack energy densities ~110-180 Wh/kg by chemistry')
for ch, (cam, qq, qlo, qhi, V, pk, pklo, pkhi) in CHEM.items():
    prod = ''
    pe = ''
    if ch == 'nmc532':
        prod = str(round(pass_bev * 0.938)); pe = ';production_2019'
    if ch == 'lfp':
        prod = str(round(pass_bev * 0.048)); pe = ';production_2019'
    kwh = (round(bev_kwh, 1), 35.0, 52.0)
    if ch == 'nca':
        kwh = (55.0, 50.0, 75.0)
    b_extra = ''
    if ch == 'nmc532':
        b_extra = '; production_2019 = all NCM passenger BEVs (93.8 % of passenger GWh) assigned to NMC532, the dominant 2019 NCM type: no public split by NCM subtype retrieved'
    if ch == 'lfp':
        b_extra = '; production_2019 = 4.8 % (LFP share of passenger-car GWh) x passenger BEVs'
    if ch == 'nca':
        b_extra = '; NCA BEVs in China 2019 were essentially Tesla (imported Model S/X/3, Shanghai Model 3 from Dec 2019): 50-75 kWh packs'
    if ch in ('nmc111', 'nmc622', 'nmc811', 'nca'):
        b_extra += '; production_2019 left empty (no subtype split)'
    veh(f'bev_{ch}', f'Battery electric car, {ch.upper()}', 'BEV', ch, kwh, (pk, pklo, pkhi), prod, BEV_SRC,
        'battery_kwh;pack_kg_per_kwh' + pe, bev_basis + b_extra)
veh('icev', 'Gasoline internal-combustion car', 'ICEV', '', None, None, str(round(21.36e6 - pass_nev)), J([S['caam_pc'], S['caam'], S['catarc']]), 'production_2019',
    'passenger-car production 21.36 M (CAAM, not re-verified in this session) minus passenger NEVs (0.93 x 1.242 M); still includes HEVs (not separated by CAAM)')
veh('hev', 'Gasoline full hybrid car (NiMH)', 'HEV', 'nimh', (1.3, 0.75, 1.6), (35.0, 28.0, 42.0), '', S['carc'] + ' | Toyota Prius/Corolla hybrid NiMH packs (~1.3 kWh)',
    'battery_kwh;pack_kg_per_kwh', 'brief value 1.3 kWh (Toyota NiMH HEV packs 0.75-1.6 kWh usable/nominal); NiMH pack ~40-55 kg incl. housing and cooling -> 28-42 kg/kWh; 2019 HEV production not reported by CAAM (left empty)')
veh('phev', 'Plug-in hybrid car', 'PHEV', 'nmc532', (phev_kwh, 10.0, 18.0), (8.1, 7.1, 9.5), str(pass_phev), J([S['caam'], S['catarc'], S['carc']]),
    'battery_kwh;pack_kg_per_kwh;battery_chemistry', 'China 2019 PHEVs ~10-18 kWh (e.g. 10-16 kWh sedans, larger SUVs ~18 kWh); CATARC: all passenger PHEVs ternary -> NMC532 as the dominant type; carculator PHEV packs 80 kg/9 kWh and 105 kg/13 kWh (8.1-8.9 kg/kWh); production = all CAAM PHEVs (includes a few buses)')
veh('fcv', 'Fuel-cell electric car (Mirai-type)', 'FCV', 'nimh', (1.6, 1.2, 1.6), (35.0, 28.0, 42.0), '2833', J([S['caam'], S['carc'], S['toyota']]),
    'pack_kg_per_kwh;battery_kwh_min', 'buffer battery 1.6 kWh nickel-based (Toyota Mirai, per carculator doc); production_2019 = all CAAM FCVs, which in China 2019 were almost entirely buses and trucks, not passenger cars')

# component masses (kg): id -> {component: (best, min, max)}
GL_ICE = {'body': (480, 400, 560), 'interior': (200, 160, 250), 'chassis': (220, 180, 270), 'wheels_tyres': (65, 55, 80), 'glass': (38, 30, 45),
          'electronics': (28, 20, 36), 'lead_acid_battery': (14, 11, 18)}
VC = {
 'icev': dict(GL_ICE, exhaust_system=(18, 12, 28), ice_engine=(125, 111, 157), transmission=(106, 96, 132), pt_catalyst=(0.0002, 0.0, 0.0006)),
 'hev': dict(GL_ICE, exhaust_system=(18, 12, 28), ice_engine=(105, 90, 125), transmission=(70, 55, 90), emotor=(35, 25, 45), power_electronics=(15, 10, 20),
             pt_catalyst=(0.0002, 0.0, 0.0006)),
 'phev': dict(GL_ICE, body=(500, 420, 580), chassis=(240, 200, 290), electronics=(32, 24, 40), exhaust_system=(18, 12, 28), ice_engine=(110, 95, 130),
              transmission=(90, 70, 110), emotor=(50, 35, 70), power_electronics=(20, 15, 28), pt_catalyst=(0.0002, 0.0, 0.0006)),
 'bev': dict(GL_ICE, body=(470, 400, 560), chassis=(240, 200, 290), wheels_tyres=(70, 58, 85), electronics=(30, 22, 38), lead_acid_battery=(12, 9, 16),
             emotor=(70, 61, 96), transmission=(77, 67, 94), power_electronics=(23, 15, 30)),
 'fcv': dict(GL_ICE, body=(600, 500, 680), interior=(240, 190, 290), chassis=(300, 250, 350), wheels_tyres=(75, 62, 90), glass=(40, 32, 48), electronics=(30, 22, 38),
             lead_acid_battery=(12, 9, 16), emotor=(60, 45, 75), transmission=(40, 30, 60), power_electronics=(35, 25, 45), fc_stack=(57, 50, 70),
             fc_bop=(80, 50, 120), h2_tank=(87.5, 80, 100), pt_catalyst=(0.0164, 0.010, 0.030)),
}
VC_BASIS = {
 'body': 'glider of carculator gasoline Small/Medium (888/1,041 kg) split into body, interior, chassis, wheels/tyres, glass, LV electrics by typical shares (GREET-2 body ~55-60 % of glider; tyres ~9 kg each; glazing ~3 % of car)',
 'ice_engine': 'carculator Table 4 engine mass gasoline Small/Medium/Large 111/125/157 kg',
 'transmission': 'carculator Table 4 powertrain mass (gearbox, driveline) gasoline 96/106/132 kg, BEV 67/77/94 kg; HEV eCVT/PHEV DHT by analogy',
 'emotor': 'carculator Table 4 BEV motor mass Small/Medium/Large 61/73/96 kg; HEV/PHEV motor-generators scaled by power',
 'power_electronics': 'carculator Table 4 BEV electronics 23 kg (inverter, converter, charger); HEV/PHEV scaled',
 'fc_stack': 'Toyota Mirai 114 kW at 2.0 kW/kg = 57 kg',
 'h2_tank': 'Toyota Mirai: 5 kg H2 at 5.7 wt% -> 87.7 kg tank system',
 'fc_bop': 'fuel-cell auxiliary (compressor, humidifier, recirculation, cooling) 50-120 kg, estimate',
 'exhaust_system': 'exhaust system with TWC 12-28 kg, estimate',
 'lead_acid_battery': '12 V 45-60 Ah starter battery 11-18 kg (smaller 12 V battery in EVs)',
}
vc_rows = []
def vc(vid, cid, m, rule, src, est, basis):
    vc_rows.append([vid, cid] + (q(*m) if m else ['', '', '', '']) + [rule, src, YEAR, est, basis])
for vid_full in ['icev', 'hev', 'phev'] + [f'bev_{c}' for c in CHEM] + ['fcv']:
    key = 'bev' if vid_full.startswith('bev_') else vid_full
    for cid, m in VC[key].items():
        m = tuple(float(x) for x in m)
        if cid == 'pt_catalyst':
            if key == 'fcv':
                basis = ('PEMFC Pt: carculator 0.13 mg Pt/cm2 at 0.9 W/cm2 = 0.144 g/kW x 114 kW = 16.4 g (best); 10 g (Economist 2017, current stacks) to 30 g (commonly cited first-gen Mirai) range')
                src = J([S['carc'], S['econ'], S['toyota']])
            else:
                basis = ('gasoline TWC: world-average PGM 4-5 g/car but gasoline cars use mainly Pd+Rh (JM); Pt per Chinese gasoline car 2019 estimated 0.2 g (0-0.6 g); Pd and Rh are not modelled commodities')
                src = S['jm']
            vc(vid_full, cid, m, 'kg', src, 'mass_kg', basis)
        else:
            vc(vid_full, cid, m, 'kg', J([S['carc'], S['ica']]), 'mass_kg', VC_BASIS.get(cid, VC_BASIS['body']))
    chem = {'icev': None, 'hev': 'nimh', 'phev': 'nmc532', 'fcv': 'nimh'}.get(key, vid_full[4:])
    if chem:
        vc(vid_full, f'battery_pack_{chem}', None, 'battery', S['carc'], '', 'mass = battery_kwh x pack_kg_per_kwh (vehicles.csv)')

# ---------------------------------------------------------------- write
def write(name, header, rows):
    with open(os.path.join(HERE, name), 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(header)
        for row in rows:
            assert len(row) == len(header), (name, row)
            w.writerow(row)
write('materials.csv', 'material,name,process_yield,process_yield_min,process_yield_max,process_yield_dist,direct_tmr_t_per_t,direct_tmr_t_per_t_min,direct_tmr_t_per_t_max,direct_tmr_t_per_t_dist,direct_country,source,year,estimated,estimate_basis'.split(','), mat_rows)
write('material_composition.csv', 'material,commodity,mass_fraction,mass_fraction_min,mass_fraction_max,mass_fraction_dist,source,year,estimated,estimate_basis'.split(','), comp_rows)
write('components.csv', 'component,name,manufacturing_yield,manufacturing_yield_min,manufacturing_yield_max,manufacturing_yield_dist,source,year,estimated,estimate_basis'.split(','), components)
write('component_bom.csv', 'component,material,mass_fraction,mass_fraction_min,mass_fraction_max,mass_fraction_dist,source,year,estimated,estimate_basis'.split(','), bom)
write('vehicles.csv', 'vehicle,name,label,powertrain,battery_chemistry,battery_kwh,battery_kwh_min,battery_kwh_max,battery_kwh_dist,pack_kg_per_kwh,pack_kg_per_kwh_min,pack_kg_per_kwh_max,pack_kg_per_kwh_dist,production_2019,source,year,estimated,estimate_basis'.split(','), VEH)
write('vehicle_components.csv', 'vehicle,component,mass_kg,mass_kg_min,mass_kg_max,mass_kg_dist,mass_rule,source,year,estimated,estimate_basis'.split(','), vc_rows)
print('bev_kwh', round(bev_kwh, 2))
