#!/usr/bin/env python3
"""Stripping-ratio conventions per deposit-type family and mining method, from the mines of
../../mines.csv that carry a reported / reserve_plan ratio (after stripping_updates.csv).
median and nearest-rank 10th-90th percentiles (min-max when n < 5). Writes conventions.csv."""
import csv, os, statistics
from collections import defaultdict
HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.normpath(os.path.join(HERE, '..', '..'))
FAM = {
 'porphyry_skarn_iocg': {'porphyry', 'porphyry_skarn', 'skarn', 'iocg', 'high_sulphidation_epithermal'},
 'copperbelt_sediment_hosted_cu_co': {'sediment_hosted_cu_co', 'sediment_hosted_cu', 'vein_hosted_cu'},
 'base_metal_polymetallic': {'sedex', 'mvt', 'vms', 'epithermal_polymetallic', 'intrusion_related_breccia_polymetallic',
                             'sediment_hosted_zn_pb', 'carbonate_replacement', 'black_schist', 'supergene_nonsulfide_zinc'},
 'iron_ore_bif_magnetite': {'bif', 'skarn_magnetite'},
 'coal_seam': {'coal_seam'},
 'pegmatite': {'pegmatite'},
}
def family(dt):
    for f, s in FAM.items():
        if dt in s: return f
    return dt
def pct(v, p):
    v = sorted(v); k = max(0, min(len(v) - 1, round(p / 100 * (len(v) - 1)))); return v[k]
def main():
    mines = {r['mine']: r for r in csv.DictReader(open(os.path.join(DIST, 'mines.csv')))}
    for u in csv.DictReader(open(os.path.join(HERE, 'stripping_updates.csv'))):
        mines[u['mine']].update({k: u[k] for k in ('stripping_ratio', 'stripping_ratio_basis')})
    data = defaultdict(list); est = defaultdict(list)
    for m, r in mines.items():
        key = (family(r['deposit_type']), 'underground' if r['mining_method'] == 'underground' else r['mining_method'])
        if r['mining_method'] == 'underground': key = ('all_types', 'underground')
        if r['stripping_ratio_basis'] in ('reported', 'reserve_plan'):
            data[key].append((float(r['stripping_ratio']), m))
        else:
            est[key].append(m)
    for k in sorted(set(data) | set(est)):
        v = [x for x, _ in data.get(k, [])]
        s = f'{k[0]:34s} {k[1]:22s} n={len(v):2d} est={len(est.get(k, [])):3d}'
        if v: s += f' median={statistics.median(v):.3f} min={min(v):.3f} max={max(v):.3f} ' + ','.join(m for _, m in data[k])
        print(s)
if __name__ == '__main__':
    main()
