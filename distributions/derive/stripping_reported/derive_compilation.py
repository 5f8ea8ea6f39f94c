#!/usr/bin/env python3
"""Derive stripping ratios 2015-2019 from the Jasansky et al. (2023) compilation
(/work/shared/data/open-mine-production: waste.csv + minerals_ores_conce.csv) for every
mine of ../../mines.csv that the compilation covers. Standard library only.

ratio = waste (rock/overburden, t) / ore mined (t); where a mine reports no ore mined, ore
processed is used and flagged. Volumes (bcm) are converted at an assumed density, flagged.
Writes compilation_ratios.csv (one row per mine-year)."""
import csv, os, re
from collections import defaultdict
HERE = os.path.dirname(os.path.abspath(__file__))
COMP = '/work/shared/data/open-mine-production'
DIST = os.path.normpath(os.path.join(HERE, '..', '..'))

MASS = {'kt': 1e3, 'mt': 1e6, 'million tonnes': 1e6, 'million tons': 1e6, 'tonnes': 1, 't': 1,
        'tons': 1, 'thousand tonnes': 1e3, '000 tonnes': 1e3, 'ktonnes': 1e3,
        'thousands of metric tons': 1e3, '000 dry short tons': 907.185,
        'million wet metric tonnes': 1e6, 'thousand wet metric tonnes': 1e3}
VOL = {'bcm': 1, 'mbcm': 1e6, 'million bcm': 1e6, 'million cubic meters': 1e6, 'thousand bcm': 1e3,
       'kbcm': 1e3, 'bank cubic meters': 1, 'bank cubic metres': 1, 'cubic meters': 1, 'cm': 1}
# compilation name -> dataset mine id (checked by hand: same operation, same scope)
NAMES = {'Antamina': 'antamina', 'Buenavista': 'buenavista', 'Carmen de Andacollo': 'carmen_de_andacollo',
         'Chapada': 'chapada', 'Cuajone': 'cuajone', 'Didipio': 'didipio',
         'Highland Valley Copper': 'highland_valley_copper', 'Kansanshi': 'kansanshi', 'Kipoi': 'kipoi',
         'La Caridad': 'la_caridad', 'Sentinel': 'sentinel', 'Toquepala': 'toquepala',
         'Mt Cattlin': 'mt_cattlin', 'Kideco': 'kideco', 'PT Kaltim Prima Coal': 'kaltim_prima_coal',
         'PT Adaro Indonesia': 'adaro_tutupan', 'Bulga': 'bulga', 'Bloom Lake': 'bloom_lake',
         'Puna': 'pirquitas_chinchillas', 'Red Dog': 'red_dog', 'Penasquito': 'penasquito',
         'Sishen': 'kumba_sishen', 'Kolomela': 'kumba_kolomela', 'Prominent Hill': 'prominent_hill',
         'Wetar': 'wetar', 'Pend Oreille': 'pend_oreille', 'Casa de Pedra': 'casa_de_pedra'}
WASTE_TYPES = {'', 'waste rock', 'overburden', 'waste material mined', 'waste mined', 'waste',
               'development waste', 'raisebore waste'}

def num(x):
    try: return float(x)
    except: return None

def main():
    mines = {r['mine'] for r in csv.DictReader(open(os.path.join(DIST, 'mines.csv')))}
    waste = defaultdict(lambda: [0.0, set(), set()])   # (mine, year) -> [t, units, sources]
    total = defaultdict(float)                          # (mine, year) -> total material moved, t
    for r in csv.DictReader(open(os.path.join(COMP, 'waste.csv'))):
        m = NAMES.get(r['mine_fac'].strip())
        if not m or not ('2015' <= r['year'] <= '2019'): continue
        if r['waste_type'].strip().lower() not in WASTE_TYPES: continue
        v = num(r['value']); u = r['unit'].strip().lower()
        k = (m, r['year'])
        tm = num(r['total_material'])
        if v is None and tm is not None and u in MASS:
            # rows without a waste figure but with total material moved: waste = total - ore (below)
            total[k] += tm * MASS[u]; waste[k][1].add(u + ' total material'); waste[k][2].add(r['source'])
            continue
        if v is None: continue
        if u in MASS: waste[k][0] += v * MASS[u]
        elif u in VOL: waste[k][0] += v * VOL[u] * 2.6; waste[k][1].add('bcm@2.6')
        else: continue
        waste[k][1].add(u); waste[k][2].add(r['source'])
    ore = defaultdict(lambda: defaultdict(float))
    for r in csv.DictReader(open(os.path.join(COMP, 'minerals_ores_conce.csv'))):
        m = NAMES.get(r['mine_fac'].strip())
        if not m or not ('2015' <= r['year'] <= '2019'): continue
        t = r['type_mineral'].strip()
        if t not in ('Ore mined', 'Ore processed'): continue
        v = num(r['value']); u = r['unit'].strip().lower()
        if v is None or u not in MASS: continue
        ore[(m, r['year'])][t] += v * MASS[u]
    out = []
    for k in sorted(waste):
        w, units, src = waste[k]
        o = ore.get(k, {})
        den, basis = (o['Ore mined'], 'ore mined') if o.get('Ore mined') else \
                     ((o['Ore processed'], 'ore processed (no ore mined reported)') if o.get('Ore processed') else (None, ''))
        if not den: continue
        if w == 0 and total.get(k):
            w = total[k] - den; basis += '; waste = total material moved - ore'
        out.append({'mine': k[0], 'in_mines_csv': k[0] in mines, 'year': k[1], 'waste_t': round(w),
                    'ore_t': round(den), 'denominator': basis, 'stripping_ratio': round(w / den, 3),
                    'units': ';'.join(sorted(units)), 'source': ' | '.join(sorted(src))})
    with open(os.path.join(HERE, 'compilation_ratios.csv'), 'w', newline='') as f:
        wr = csv.DictWriter(f, fieldnames=list(out[0].keys())); wr.writeheader(); wr.writerows(out)
    for r in out: print(r['mine'], r['year'], r['stripping_ratio'], r['denominator'], r['units'])

if __name__ == '__main__':
    main()
