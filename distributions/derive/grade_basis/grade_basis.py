#!/usr/bin/env python3
"""Grade basis (issue 14, item 5): head grade / reserve grade ratios from the open compilation of
Jasansky et al. (2023) (/work/shared/data/open-mine-production: commodities.csv = head grades per
mine-year; capacity_reserves.csv = reserve tonnage + grade), and a proposed range-widening rule for
the reserve- and resource-basis rows of ../../mine_commodities.csv. Standard library only.

Writes (next to this script): pairs.csv (every matched mine-year), ratios.csv, proposed_rows.csv.
Prints the ratio table. Deterministic (no randomness)."""
import csv, os, re, statistics
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
COMP = '/work/shared/data/open-mine-production'
DIST = os.path.normpath(os.path.join(HERE, '..', '..'))
SRC = ('Jasansky et al. 2023, Sci Data 10:52, doi:10.1038/s41597-023-01965-y '
       '(fineprint-global/compilation_mining_data a41e500): commodities.csv head grades x '
       'capacity_reserves.csv reserve grades, same mine, |year diff|<=1')

# compilation commodity name -> group; None = skip (ASCu, concentrate products, etc.)
COMMOD = {'copper': 'copper', 'tcu': 'copper', 'cu': 'copper', 'copper cathode': 'copper',
          'copper cathodes': 'copper',
          'zinc': 'zinc', 'zn': 'zinc', 'lead': 'lead', 'pb': 'lead', 'nickel': 'nickel', 'ni': 'nickel',
          'cobalt': 'cobalt', 'co': 'cobalt', 'iron': 'iron', 'manganese': 'manganese',
          'pgm': 'pgm', 'pgm (palladium, platinum, rhodium, ruthenium, iridium)': 'pgm',
          '4e grade': 'pgm', '4e': 'pgm', '6e grade': 'pgm_6e', '6e pgm': 'pgm_6e'}
BASE = ('copper', 'zinc', 'lead', 'nickel', 'cobalt')
# plausibility ceilings for an ORE grade (catches concentrate grades with an empty min_ore_con)
CEIL = {'copper': 10, 'zinc': 30, 'lead': 30, 'nickel': 10, 'cobalt': 3, 'iron': 69.9,
        'manganese': 60, 'pgm': 30}
# grade units -> factor to canonical (% for metals, g/t for PGM)
PCT = {'%': 1.0, 'kg/t': 0.1, 'ppm': 1e-4, 'g/t': 1e-4, 'grams/tonne': 1e-4}
GPT = {'g/t': 1.0, 'gm/t': 1.0, 'grams/tonne': 1.0, 'grams per tonne': 1.0, 'ppm': 1.0,
       'oz/t': 31.1035, 'troy ounces/t': 31.1035, 'ozt/t': 31.1035, 'ounces/ton': 34.2857}
MASS = {'kt': 1e3, 'ktonnes': 1e3, '000 tonnes': 1e3, '000 tons': 1e3, 'tonnes': 1, 'tons': 1,
        'mt': 1e6, 'million tonnes': 1e6, 'million tons': 1e6, 'million metric tons': 1e6,
        'million metric tonnes': 1e6, 'tonnes million': 1e6, 'millions of tonnes': 1e6,
        'million dry metric tonnes': 1e6, 'million dry tonnes': 1e6, 'thousand dry metric tonnes': 1e3,
        'wet metric tonnes': 1, 'million short tons': 0.907185e6, 'thousand short tons': 907.185,
        'billion tons': 1e9, 'billion tonnes': 1e9, '100 million tonnes': 1e8,
        'million long tonnes': 1.016e6}

def num(x):
    try: return float(str(x).strip())
    except ValueError: return None

def key(s): return re.sub(r'\s+', ' ', (s or '').strip().lower())

def canon(group, g, unit):
    u = key(unit)
    if group.startswith('pgm'): f = GPT.get(u)
    else: f = PCT.get(u)
    return None if f is None or g is None else g * f

def head_grades():
    """(mine, sub_site, group, year) -> (grade, stream, n_rows). Ore grades only."""
    acc = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(COMP, 'commodities.csv'), encoding='utf-8')):
        grp = COMMOD.get(key(r['commodity']))
        g = num(r['grade'])
        if not grp or g is None or g <= 0: continue
        moc = key(r['min_ore_con'])
        if any(w in moc for w in ('concentrate', 'pellet', 'sinter', 'pyrite', 'bauxite')): continue
        if 'iron content' in key(r['comment']) or 'ore shipped' in key(r['comment']): continue
        g = canon(grp, g, r['grade_or_yield_unit'])
        if g is None or g > CEIL[grp.split('_')[0]]: continue
        yr = num(r['year'])
        if yr is None: continue
        leach = bool(key(r['mine_processing'])) or 'cathode' in key(r['commodity'])
        acc[(key(r['mine_fac']), key(r['sub_site']), grp, int(yr))].append((g, 'leach' if leach else 'mill'))
    out = {}
    for k, v in acc.items():
        mill = [g for g, s in v if s == 'mill']
        if mill: out[k] = (statistics.mean(mill), 'mill', len(mill))
        else: out[k] = (statistics.mean(g for g, s in v), 'leach', len(v))
    return out

def reserve_grades():
    """(mine, sub_site, group, year) -> (tonnage-weighted grade, t, n_rows); plus mine-level
    aggregates over sub-sites where the mine reports no mine-level reserve."""
    acc = defaultdict(list)
    for r in csv.DictReader(open(os.path.join(COMP, 'capacity_reserves.csv'), encoding='utf-8')):
        grp = COMMOD.get(key(r['commodity']))
        g = num(r['grade']); yr = num(r['reserves_year'])
        if not grp or g is None or g <= 0 or yr is None: continue
        if 'tailings' in key(r['minerals_and_ores']) or 'cathode' in key(r['commodity']): continue
        g = canon(grp, g, r['grade_unit'])
        if g is None or g > CEIL[grp.split('_')[0]]: continue
        t = num(r['reserves_mineral_value']); f = MASS.get(key(r['reserves_mineral_unit']))
        t = t * f if (t is not None and f) else None
        acc[(key(r['mine_fac']), key(r['sub_site']), grp, int(yr))].append((g, t))
    def wavg(v):
        if all(t for g, t in v): return sum(g * t for g, t in v) / sum(t for g, t in v), sum(t for g, t in v)
        return statistics.mean(g for g, t in v), None
    out = {k: wavg(v) + (len(v), '') for k, v in acc.items()}
    # mine-level from sub-sites (excluding tailings/stockpile-only sub-sites is NOT done: stockpiles
    # are part of the reserve that will be processed)
    sub = defaultdict(list)
    for (m, s, grp, y), (g, t, n, _) in out.items():
        if s and 'tsf' not in s and 'tailings' not in s: sub[(m, grp, y)].append((g, t))
    for (m, grp, y), v in sub.items():
        if (m, '', grp, y) not in out:
            g, t = wavg(v); out[(m, '', grp, y)] = (g, t, len(v), 'sum_of_subsites')
    return out

def wquant(vals, ws, q):
    """weighted quantile, linear interpolation on the cumulative mid-point weights."""
    d = sorted(zip(vals, ws)); W = sum(w for _, w in d)
    cum, pts = 0.0, []
    for v, w in d:
        pts.append(((cum + w / 2) / W, v)); cum += w
    if q <= pts[0][0]: return pts[0][1]
    if q >= pts[-1][0]: return pts[-1][1]
    for (p0, v0), (p1, v1) in zip(pts, pts[1:]):
        if p0 <= q <= p1: return v0 + (v1 - v0) * (q - p0) / (p1 - p0)

# matched pairs excluded by hand after inspection (reason documented; see SOURCES.md)
EXCLUDE = {
    ('morococha', 'copper'): 'reserve labels shifted in the compilation (Cu 3.76/Zn 1.32/Pb 0.35 vs head Cu 0.4-0.7/Zn 3.8/Pb 0.9-1.2: Zn/Pb/Cu order)',
    ('morococha', 'zinc'): 'same label shift',
    ('morococha', 'lead'): 'same label shift',
    ('neves corvo', 'copper'): 'reserve row is the zinc-ore reserve (27.9 Mt @ 0.3% Cu, 7.5% Zn); head is copper-ore feed',
    ('western range project', 'iron'): 'head is the DSO product grade (59-62% Fe, ArcelorMittal 20-F); reserve (47.9% Fe) is run-of-mine',
    ('ravensthorpe', 'nickel'): 'head is the beneficiated (upgraded) HPAL feed, not run-of-mine ore',
}

def pairs(with_excluded=False):
    H, R = head_grades(), reserve_grades()
    out = []
    for (m, s, grp, y), (h, stream, nh) in sorted(H.items()):
        if not with_excluded and (m, grp) in EXCLUDE: continue
        for dy in (0, -1, 1):   # reserve as at the same year end, else the previous, else the next
            rk = (m, s, grp, y + dy)
            if rk in R:
                g, t, nr, how = R[rk]
                out.append(dict(mine=m, sub_site=s, group=grp, year=y, reserve_year=y + dy,
                                head=round(h, 6), reserve=round(g, 6), ratio=round(h / g, 4),
                                stream=stream, reserve_rows=nr, reserve_note=how))
                break
    return out

def stats(ps):
    by_mine = defaultdict(int)
    for p in ps: by_mine[p['mine'] + '|' + p['sub_site']] += 1
    vals = [p['ratio'] for p in ps]
    ws = [1.0 / by_mine[p['mine'] + '|' + p['sub_site']] for p in ps]   # each mine weighs 1
    return dict(n=len(ps), n_mines=len(by_mine), median=wquant(vals, ws, .5), q10=wquant(vals, ws, .1),
                q90=wquant(vals, ws, .9), median_pooled=statistics.median(vals),
                mines=sorted(by_mine))

MIN_MINES = 3   # a group with fewer matched mines borrows a pooled ratio (3-4 mines: used, flagged thin)
# physical ceilings: Fe in magnetite 72.4%, Al2O3 in diaspore/boehmite 85%, Mn in pyrolusite 63.2%, Li2O in spodumene 8%
CAP = {'pct': 100, 'pct_fe': 72.4, 'pct_al2o3': 85.0, 'pct_mn': 63.2, 'pct_li2o': 8.0,
       'pct_reo': 100, 'pct_c': 100}
DATASET_GROUP = {'copper': 'copper', 'zinc': 'zinc', 'lead': 'lead', 'nickel': 'nickel',
                 'cobalt': 'cobalt', 'platinum': 'pgm', 'iron': 'iron', 'manganese': 'manganese'}

def main():
    allp = pairs(with_excluded=True)
    for p in allp:
        p['used'] = 'no: ' + EXCLUDE[(p['mine'], p['group'])] if (p['mine'], p['group']) in EXCLUDE else (
            'no: leach-stream head vs whole-deposit reserve' if p['stream'] == 'leach' else 'yes')
    with open(os.path.join(HERE, 'pairs.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(allp[0])); w.writeheader(); w.writerows(allp)
    ps = [p for p in allp if p['used'] == 'yes']
    leach = [p for p in allp if p['stream'] == 'leach' and (p['mine'], p['group']) not in EXCLUDE]
    groups = {}
    for grp in sorted({p['group'] for p in ps}):
        groups[grp] = stats([p for p in ps if p['group'] == grp])
    groups['base_metals'] = stats([p for p in ps if p['group'] in BASE])
    groups['all_metals'] = stats([p for p in ps if p['group'] != 'pgm_6e'])
    info = {'copper_leach(info)': stats(leach)} if leach else {}
    print('head/reserve grade ratio (Jasansky et al. 2023 compilation); quantiles weight each mine equally')
    print('%-12s %5s %7s %8s %7s %7s %14s' % ('group', 'n', 'mines', 'median', 'q10', 'q90', 'pooled_median'))
    rows = []
    for grp, s in groups.items():
        print('%-12s %5d %7d %8.3f %7.3f %7.3f %14.3f' % (grp, s['n'], s['n_mines'], s['median'], s['q10'],
                                                         s['q90'], s['median_pooled']))
        if s['n_mines'] < 5: print('%-12s (thin: fewer than 5 mines)' % '')
        rows.append(dict(commodity_group=grp, basis='reserve', n=s['n'],
                         median=round(s['median'], 3), q10=round(s['q10'], 3), q90=round(s['q90'], 3),
                         source=SRC + '; n = mine-years; %d mine units (mine|sub_site), quantiles weight each '
                                'unit equally: ' % s['n_mines'] + '; '.join(s['mines'])))
    for grp, s in info.items():
        print('%-18s n=%d mines=%d median=%.3f q10=%.3f q90=%.3f  (not used: leach head vs whole-deposit reserve)' % (
            grp, s['n'], s['n_mines'], s['median'], s['q10'], s['q90']))
    rows.append(dict(commodity_group='all', basis='resource', n=0, median='', q10='', q90='',
                     source='no measured+indicated resource grades in the compilation (capacity_reserves.csv '
                            'holds reserves only); resource-basis rows use the reserve ratio of their group, flagged'))
    with open(os.path.join(HERE, 'ratios.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)

    # ---- proposed rule for the dataset's reserve/resource rows
    def ratio_for(commodity):
        g = DATASET_GROUP.get(commodity)
        if commodity in ('iron', 'manganese', 'aluminium') and 'iron' in groups:
            return 'iron', groups['iron']      # bulk high-grade ores: iron-ore pairs (thin) as the analogue
        if g and g in groups and groups[g]['n_mines'] >= MIN_MINES: return g, groups[g]
        if g in BASE or g == 'pgm':
            return 'base_metals', groups['base_metals']
        return 'all_metals', groups['all_metals']
    out = []; widen = []
    for r in csv.DictReader(open(os.path.join(DIST, 'mine_commodities.csv'), encoding='utf-8')):
        basis = r['ore_grade_basis']
        if basis not in ('reserve', 'resource'): continue
        best = num(r['ore_grade']); lo = num(r['ore_grade_min']); hi = num(r['ore_grade_max'])
        gname, s = ratio_for(r['commodity'])
        olo = lo if lo is not None else best; ohi = hi if hi is not None else best
        nlo = min(olo, best * s['q10']); nhi = max(ohi, best * s['q90'])
        cap = CAP.get(r['ore_grade_unit'])
        capped = cap is not None and nhi > cap
        if capped: nhi = max(cap, ohi, best)   # a cap never narrows the old range
        rule = ('min=min(old_min,best*q10) max=max(old_max,best*q90); ratio group %s (n=%d mine-years, '
                '%d mines, q10=%.3f q90=%.3f)' % (gname, s['n'], s['n_mines'], s['q10'], s['q90']))
        if s['n_mines'] < 5: rule += '; thin evidence (<5 mines)'
        if gname != DATASET_GROUP.get(r['commodity']):
            rule += '; borrowed group (no or too few %s pairs)' % r['commodity']
        if basis == 'resource': rule += '; resource basis: reserve ratio applied (no head/resource pairs)'
        if lo is None or hi is None: rule += '; old range empty: old_min=old_max=best'
        if capped: rule += '; max capped at %s %s' % (cap, r['ore_grade_unit'])
        if r['ore_grade_unit'] == 'mg_per_l': rule += '; brine: head = brine feed concentration, weak analogue'
        fmt = lambda x: '' if x is None else ('%.6g' % x)
        out.append(dict(mine=r['mine'], commodity=r['commodity'], ore_grade_basis=basis,
                        old_min=fmt(lo), old_max=fmt(hi), new_min=fmt(nlo), new_max=fmt(nhi),
                        best=fmt(best), rule=rule))
        widen.append((r['commodity'], basis, olo, ohi, nlo, nhi, best))
    with open(os.path.join(HERE, 'proposed_rows.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(out[0])); w.writeheader(); w.writerows(out)
    # summary of the effect
    ch = [x for x in widen if x[4] < x[2] - 1e-12 or x[5] > x[3] + 1e-12]
    up = [x for x in widen if x[5] > x[3] + 1e-12]; dn = [x for x in widen if x[4] < x[2] - 1e-12]
    print('\nrows %d (reserve %d, resource %d); widened %d (max raised %d, min lowered %d)' % (
        len(widen), sum(x[1] == 'reserve' for x in widen), sum(x[1] == 'resource' for x in widen),
        len(ch), len(up), len(dn)))
    if up: print('median max raise: %+.1f%% of best; median TMR at new max vs best: x%.3f' % (
        100 * statistics.median((x[5] - x[3]) / x[6] for x in up), statistics.median(x[6] / x[5] for x in up)))
    if dn: print('median min lowering: %+.1f%% of best' % (100 * statistics.median((x[4] - x[2]) / x[6] for x in dn)))
    print('median relative range width (max-min)/best: old %.3f -> new %.3f' % (
        statistics.median((x[3] - x[2]) / x[6] for x in widen), statistics.median((x[5] - x[4]) / x[6] for x in widen)))
    for c in sorted({x[0] for x in widen}):
        xs = [x for x in widen if x[0] == c]
        print('  %-12s n=%3d  width old %.3f new %.3f  (new_min/best %.2f, new_max/best %.2f median)' % (
            c, len(xs), statistics.median((x[3] - x[2]) / x[6] for x in xs),
            statistics.median((x[5] - x[4]) / x[6] for x in xs), statistics.median(x[4] / x[6] for x in xs),
            statistics.median(x[5] / x[6] for x in xs)))

if __name__ == '__main__':
    main()
