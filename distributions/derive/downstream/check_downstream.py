#!/usr/bin/env python3
"""Sanity checks: references, BOM sums, vehicle masses and metal contents at best estimates."""
import csv, collections
rd = lambda f: list(csv.DictReader(open(f, encoding='utf-8')))
M = {r['material']: r for r in rd('materials.csv')}
C = {r['component']: r for r in rd('components.csv')}
comp = collections.defaultdict(dict)
for r in rd('material_composition.csv'):
    assert r['material'] in M, r
    comp[r['material']][r['commodity']] = float(r['mass_fraction'])
bom = collections.defaultdict(dict)
for r in rd('component_bom.csv'):
    assert r['component'] in C and r['material'] in M, r
    bom[r['component']][r['material']] = float(r['mass_fraction'])
for c, d in bom.items():
    s = sum(d.values())
    print(f'BOM sum {c:28s} {s:.4f}')
V = {r['vehicle']: r for r in rd('vehicles.csv')}
vc = collections.defaultdict(dict)
for r in rd('vehicle_components.csv'):
    assert r['vehicle'] in V and r['component'] in C, r
    v = V[r['vehicle']]
    m = float(v['battery_kwh']) * float(v['pack_kg_per_kwh']) if r['mass_rule'] == 'battery' else float(r['mass_kg'])
    vc[r['vehicle']][r['component']] = m
print()
for v, d in vc.items():
    metals = collections.Counter()
    for c, m in d.items():
        y = float(C[c]['manufacturing_yield'])
        for mat, f in bom[c].items():
            py = float(M[mat]['process_yield'])
            for com, x in comp[mat].items():
                metals[com] += m * f * x          # contained in vehicle (no yields)
    print(f'{v:12s} mass {sum(d.values()):7.1f} kg  ' + '  '.join(f'{k} {metals[k]:.3g}' for k in ('copper','lithium','nickel','cobalt','manganese','graphite','rare_earths','platinum','aluminium','iron','lead','coal')))
