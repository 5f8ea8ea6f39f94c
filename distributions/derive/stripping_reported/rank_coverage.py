#!/usr/bin/env python3
"""Rank mines by production_t per commodity and show cumulative share of production
whose mine carries a reported / reserve_plan stripping ratio.

usage: python3 rank_coverage.py [--updates stripping_updates.csv] [--top N] [--summary]
Standard library only. Reads ../../mines.csv and ../../mine_commodities.csv.
"""
import csv, os, sys, argparse
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.normpath(os.path.join(HERE, '..', '..'))
GOOD = {'reported', 'reserve_plan'}

def rows(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(l for l in f if not l.startswith('#')))

def load(updates=None):
    mines = {r['mine']: r for r in rows(os.path.join(DIST, 'mines.csv'))}
    basis = {m: r['stripping_ratio_basis'] for m, r in mines.items()}
    if updates:
        for u in rows(updates):
            if u['mine'] not in mines:
                print('WARNING: update for unknown mine', u['mine'], file=sys.stderr)
                continue
            basis[u['mine']] = u['stripping_ratio_basis']
            mines[u['mine']] = dict(mines[u['mine']], stripping_ratio=u['stripping_ratio'])
    mc = rows(os.path.join(DIST, 'mine_commodities.csv'))
    return mines, basis, mc

def coverage(basis, mc):
    tot = defaultdict(float); good = defaultdict(float)
    for r in mc:
        p = float(r['production_t'] or 0)
        tot[r['commodity']] += p
        if basis.get(r['mine']) in GOOD:
            good[r['commodity']] += p
    return {c: (good[c] / tot[c] if tot[c] else 0.0, tot[c]) for c in tot}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--updates')
    ap.add_argument('--top', type=int, default=25)
    ap.add_argument('--summary', action='store_true')
    a = ap.parse_args()
    mines, basis, mc = load(a.updates)
    if not a.summary:
        by = defaultdict(list)
        for r in mc:
            by[r['commodity']].append((float(r['production_t'] or 0), r['mine']))
        for c in sorted(by):
            L = sorted(by[c], reverse=True); T = sum(p for p, _ in L)
            print(f'== {c}  ({len(L)} mines, total {T:,.0f} t)')
            cum = 0.0; cumg = 0.0
            for i, (p, m) in enumerate(L[:a.top]):
                cum += p
                if basis[m] in GOOD: cumg += p
                mr = mines[m]
                print(f'{i+1:3d} {m:28s} {p:14,.0f} {p/T:6.1%} cum {cum/T:6.1%} covered {cumg/T:6.1%} '
                      f'{basis[m]:12s} sr={mr["stripping_ratio"]:>6s} {mr["deposit_type"]}/{mr["mining_method"]}')
    cov = coverage(basis, mc)
    print('\ncommodity      share_reported_or_reserve_plan')
    for c in sorted(cov):
        print(f'{c:14s} {cov[c][0]:6.1%}')

if __name__ == '__main__':
    main()
