"""The Brightway round trip of a hiddenflow export, checked against hiddenflow's own results.

    python check.py --bin target/release/hiddenflow --data tests/fixtures/tiny --work DIR

Runs `hiddenflow point`, two `hiddenflow run`s (seeds S and S2) and
`hiddenflow export brightway --samples N --seed S`, imports the export with
python/hiddenflow/brightway.py into a Brightway project (BRIGHTWAY2_DIR must point to a
scratch folder) and asserts:

1. bw2calc's deterministic score of every vehicle equals `point` to 1e-9 relative (with the
   export's float64 amounts; bw2data's own float32 amounts are measured, not asserted), and
   so does the score of the hidden-flows method;
2. the inventory summed per biosphere flow equals breakdown.csv's point column to 1e-9;
3. Monte Carlo with the array datapackage: every iteration's score equals the run's draw
   (samples.csv) to 1e-9; its percentiles equal summary.csv's within hiddenflow's histogram
   bucket (2^-11 relative); and they agree with the independent run (seed S2) within the
   Monte Carlo error of both: |Δ| ≤ √(h_bw² + h_hf²) + 2^-12·|x|, h the half-width of the
   z = 3.29 (99.9 %) order-statistic interval of each sample's percentile;
4. exchanges whose stats_arrays marginal is their parameter's own distribution: quantiles of
   stats_arrays draws agree with the model's draws (samples.npy) within the same kind of
   order-statistic tolerance, with z set for a family-wise 0.1 % over all such comparisons.

The Monte Carlo with the stats_arrays marginals (use_distributions=True) is measured and
reported (it loses the correlations between exchanges; see docs/BRIGHTWAY.md).
"""

import argparse
import csv
import importlib.util
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import NormalDist

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PERCENTILES = [("p2_5", 2.5), ("p5", 5), ("p25", 25), ("p50", 50), ("p75", 75), ("p95", 95),
               ("p97_5", 97.5)]
Z = 3.29  # two-sided 99.9 %
BUCKET = 2.0 ** -12  # relative width of a headline histogram bucket

failures = []


def check(ok, msg):
    print(("ok   " if ok else "FAIL ") + msg)
    if not ok:
        failures.append(msg)


def load_importer():
    spec = importlib.util.spec_from_file_location(
        "hiddenflow_brightway", ROOT / "python" / "hiddenflow" / "brightway.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def hf(binary, *args):
    proc = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"hiddenflow {' '.join(map(str, args))} failed:\n{proc.stderr}")
    return proc.stdout


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def os_half_width(sorted_x, p, z=Z):
    """Half-width of the distribution-free z-interval of the p-quantile (order statistics)."""
    n = len(sorted_x)
    k = n * p
    d = z * math.sqrt(n * p * (1 - p))
    lo = sorted_x[max(0, int(math.floor(k - d)))]
    hi = sorted_x[min(n - 1, int(math.ceil(k + d)))]
    return (hi - lo) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--data", default=str(ROOT / "tests" / "fixtures" / "tiny"))
    ap.add_argument("--work", required=True)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seed2", type=int, default=8)
    ap.add_argument("--report", default=None, help="write the measured figures as JSON")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    report = {"samples": a.samples, "seed": a.seed, "seed2": a.seed2, "data": a.data}

    t0 = time.time()
    hf(a.bin, "point", "--data", a.data, "--out", work / "point")
    hf(a.bin, "run", "--data", a.data, "--samples", a.samples, "--seed", a.seed,
       "--out", work / "run", "--keep-samples")
    hf(a.bin, "run", "--data", a.data, "--samples", a.samples, "--seed", a.seed2,
       "--out", work / "run2", "--keep-samples")
    export_dir = work / "export"
    hf(a.bin, "export", "brightway", export_dir, "--data", a.data, "--samples", a.samples,
       "--seed", a.seed)
    report["hiddenflow_seconds"] = round(time.time() - t0, 2)

    import bw2calc as bc
    import bw2data as bd
    import stats_arrays as sa

    t0 = time.time()
    info = load_importer().to_brightway("hiddenflow-check", "hiddenflow", export_dir=export_dir)
    report["import_seconds"] = round(time.time() - t0, 2)
    method = info["methods"][0]
    exact = info["exact_datapackage"]
    draws_dp = info["array_datapackage"]

    coefficients = rows(work / "point" / "coefficients.csv")
    point = {r["item"]: float(r["value"]) for r in coefficients
             if r["level"] == "vehicle" and r["stage"] == "total"}
    point_hidden = {r["item"]: float(r["value"]) for r in coefficients
                    if r["level"] == "vehicle" and r["stage"] == "hidden_flows"}
    breakdown = {(r["vehicle"], r["category"]): float(r["point"])
                 for r in rows(work / "run" / "breakdown.csv") if r["dimension"] == "flow"}
    summary = {r["vehicle"]: r for r in rows(work / "run" / "summary.csv") if r["quantity"] == "tmr"}
    summary2 = {r["vehicle"]: r for r in rows(work / "run2" / "summary.csv")
                if r["quantity"] == "tmr"}
    samples = rows(work / "run" / "samples.csv")
    samples2 = rows(work / "run2" / "samples.csv")
    flow_of_id = {bd.get_node(database=info["biosphere"], code=f["code"]).id: f["code"]
                  for f in info["export"]["biosphere"]}

    report["vehicles"] = {}
    t0 = time.time()
    for vehicle, key in info["vehicles"].items():
        r = report["vehicles"][vehicle] = {}
        node = bd.get_node(database=key[0], code=key[1])
        fu, objs, _ = bd.prepare_lca_inputs({node: 1}, method=method)

        # 1. deterministic
        lca = bc.LCA(fu, data_objs=objs)
        lca.lci()
        lca.lcia()
        r["bw2data_float32_rel_diff"] = rel(lca.score, point[vehicle])
        lca = bc.LCA(fu, data_objs=objs + [exact])
        lca.lci()
        lca.lcia()
        r["deterministic_rel_diff"] = rel(lca.score, point[vehicle])
        check(r["deterministic_rel_diff"] <= 1e-9,
              f"{vehicle}: bw2calc score {lca.score!r} = point {point[vehicle]!r} "
              f"(rel {r['deterministic_rel_diff']:.1e}; bw2data's float32 amounts alone: "
              f"{r['bw2data_float32_rel_diff']:.1e})")

        fu_h, objs_h, _ = bd.prepare_lca_inputs({node: 1}, method=info["methods"][1])
        hidden = bc.LCA(fu_h, data_objs=objs_h + [exact])
        hidden.lci()
        hidden.lcia()
        r["hidden_flows_rel_diff"] = rel(hidden.score, point_hidden[vehicle])
        check(r["hidden_flows_rel_diff"] <= 1e-9,
              f"{vehicle}: score of {info['methods'][1]} {hidden.score!r} = point's hidden flows "
              f"{point_hidden[vehicle]!r}")

        # 2. per flow type
        per_flow = np.asarray(lca.inventory.sum(axis=1)).ravel()
        worst = 0.0
        for flow_id, row in lca.dicts.biosphere.items():
            code = flow_of_id[flow_id]
            want = breakdown[(vehicle, code)]
            worst = max(worst, abs(per_flow[row] - want) / point[vehicle])
        missing = [c for (v, c), x in breakdown.items()
                   if v == vehicle and x != 0 and not any(flow_of_id[i] == c
                                                          for i in lca.dicts.biosphere)]
        r["flow_max_rel_diff"] = worst
        check(worst <= 1e-9 and not missing,
              f"{vehicle}: inventory per flow type = breakdown.csv point "
              f"(max diff {worst:.1e} of the TMR; flows missing: {missing})")

        # 3. Monte Carlo replaying the run's draws
        lca = bc.LCA(fu, data_objs=objs + [exact, draws_dp], use_arrays=True)
        lca.lci()
        lca.lcia()
        scores = [lca.score]
        for _ in range(a.samples - 1):
            next(lca)
            scores.append(lca.score)
        scores = np.array(scores)
        hf_draws = np.array([float(s[f"{vehicle}.tmr"]) for s in samples])
        hf_draws2 = np.sort([float(s[f"{vehicle}.tmr"]) for s in samples2])
        per_draw = float(np.max(np.abs(scores - hf_draws) / np.abs(hf_draws)))
        r["arrays_per_draw_max_rel_diff"] = per_draw
        check(per_draw <= 1e-9, f"{vehicle}: {a.samples} array iterations = the run's draws "
              f"(max rel {per_draw:.1e})")
        sorted_bw = np.sort(scores)
        r["percentiles"] = {}
        for col, p in PERCENTILES:
            q = float(np.percentile(scores, p))
            same = float(summary[vehicle][col])
            other = float(summary2[vehicle][col])
            tol = math.hypot(os_half_width(sorted_bw, p / 100), os_half_width(hf_draws2, p / 100))
            tol += BUCKET * abs(other)
            r["percentiles"][col] = {"bw2calc_arrays": q, "run_same_seed": same,
                                     "run_other_seed": other, "tolerance": tol}
            check(rel(q, same) <= 2 * BUCKET,
                  f"{vehicle} {col}: arrays {q:.6g} vs run {same:.6g} (same draws; rel "
                  f"{rel(q, same):.1e} ≤ 2^-11)")
            check(abs(q - other) <= tol,
                  f"{vehicle} {col}: arrays {q:.6g} vs independent run {other:.6g} "
                  f"(|Δ| {abs(q - other):.3g} ≤ tolerance {tol:.3g})")

        # Monte Carlo with the stats_arrays marginals: measured
        # (bw2data's own datapackages: the float32 rounding is far below the marginals' error)
        lca = bc.LCA(fu, data_objs=objs, use_distributions=True, seed_override=a.seed)
        lca.lci()
        lca.lcia()
        marg = [lca.score]
        for _ in range(a.samples - 1):
            next(lca)
            marg.append(lca.score)
        marg = np.sort(marg)
        for col, p in PERCENTILES:
            q = float(np.percentile(marg, p))
            other = float(summary[vehicle][col])
            tol = math.hypot(os_half_width(marg, p / 100), os_half_width(np.sort(hf_draws), p / 100))
            r["percentiles"][col].update({"bw2calc_marginals": q,
                                          "marginals_rel_diff": (q - other) / other,
                                          "marginals_tolerance": tol})
        r["marginals_mean_rel_diff"] = float(marg.mean() / hf_draws.mean() - 1)
    report["lca_seconds"] = round(time.time() - t0, 2)

    # 4. exchange marginals against the model's draws
    draws = np.load(export_dir / "samples.npy")
    report["exchanges"] = []
    # One family of comparisons: 7 percentiles of every exchange whose marginal is its
    # parameter's own distribution, at a family-wise error of 0.1 % (Bonferroni).
    n_param = sum(1 for act in info["export"]["activities"] for e in act["exchanges"]
                  if e.get("hiddenflow", {}).get("uncertainty_basis") == "parameter")
    z_family = NormalDist().inv_cdf(1 - 0.001 / (2 * 7 * max(n_param, 1)))
    report["exchange_z"] = z_family
    for act in info["export"]["activities"]:
        for e in act["exchanges"]:
            h = e.get("hiddenflow", {})
            if h.get("sample_row") is None:
                continue
            x = np.sort(draws[:, h["sample_row"]])
            params = sa.UncertaintyBase.from_dicts({
                "uncertainty_type": e["uncertainty type"], "amount": e["amount"],
                **{k: e.get(k, np.nan) for k in ("loc", "scale", "shape", "minimum", "maximum")},
            })
            rng = sa.MCRandomNumberGenerator(params, seed=a.seed)
            y = np.sort([next(rng)[0] for _ in range(a.samples)])
            worst_ratio, worst_rel = 0.0, 0.0
            for _, p in PERCENTILES:
                tol = math.hypot(os_half_width(x, p / 100, z_family),
                                 os_half_width(y, p / 100, z_family))
                d = abs(np.percentile(y, p) - np.percentile(x, p))
                worst_ratio = max(worst_ratio, d / tol if tol > 0 else (0 if d == 0 else math.inf))
                worst_rel = max(worst_rel, d / abs(np.percentile(x, p)))
            item = {"activity": act["code"], "input": e["input"][1],
                    "basis": h["uncertainty_basis"], "type": e["uncertainty type"],
                    "max_percentile_rel_diff": worst_rel, "max_diff_over_tolerance": worst_ratio}
            report["exchanges"].append(item)
            if h["uncertainty_basis"] == "parameter":
                check(worst_ratio <= 1.0,
                      f"exchange {act['code']} ← {e['input'][1]}: stats_arrays type "
                      f"{e['uncertainty type']} reproduces the parameter's draws "
                      f"(worst |Δ|/tolerance {worst_ratio:.2f})")
            else:
                print(f"info {act['code']} ← {e['input'][1]}: {h['uncertainty_basis']} type "
                      f"{e['uncertainty type']}, percentiles off by up to {worst_rel:.1%} "
                      f"({worst_ratio:.2f}× the MC tolerance)")

    print("\nMonte Carlo percentiles of TMR (t/vehicle):")
    print(f"{'vehicle':10} {'pct':6} {'run':>10} {'arrays':>10} {'indep.run':>10} "
          f"{'tol':>8} {'marginals':>10} {'marg. Δ%':>8}")
    for v, r in report["vehicles"].items():
        for col, x in r["percentiles"].items():
            print(f"{v:10} {col:6} {x['run_same_seed']:10.4f} {x['bw2calc_arrays']:10.4f} "
                  f"{x['run_other_seed']:10.4f} {x['tolerance']:8.4f} "
                  f"{x['bw2calc_marginals']:10.4f} {100 * x['marginals_rel_diff']:8.2f}")
    if a.report:
        Path(a.report).write_text(json.dumps(report, indent=1))
    if failures:
        sys.exit(f"\n{len(failures)} check(s) failed")
    print("\nall Brightway checks passed")


if __name__ == "__main__":
    main()
