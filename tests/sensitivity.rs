//! Sensitivity analysis on functions with known indices: Ishigami, Sobol' G-function, linear
//! models with groups (Sobol'); linear and interacting functions (Morris); a hand-computed
//! tornado.  Every test is seeded; tolerances come from the bootstrap intervals or the sample
//! size.

use std::f64::consts::PI;

use hiddenflow::sampling::design::Method;
use hiddenflow::sensitivity::{
    Estimate, Index, Problem, SaltelliPlan, SaltelliRow, SobolResult, Stopping, morris, sobol,
    sobol_until, tornado,
};

fn names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("x{i}")).collect()
}

// ---------------------------------------------------------------- analytic test functions

/// Ishigami & Homma (1990): `sin x1 + a sin² x2 + b x3⁴ sin x1`, `x_i ~ U(−π, π)`.
fn ishigami(u: &[f64], out: &mut [f64]) {
    let (a, b) = (7.0, 0.1);
    let x: Vec<f64> = u.iter().map(|&u| -PI + 2.0 * PI * u).collect();
    out[0] = x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin();
}

/// Closed-form first-order and total indices of the Ishigami function.
/// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2; V1 = (1 + bπ⁴/5)²/2; V2 = a²/8; V3 = 0;
/// V13 = b²π⁸ (1/18 − 1/50); all other terms vanish.
fn ishigami_truth(a: f64, b: f64) -> ([f64; 3], [f64; 3]) {
    let pi4 = PI.powi(4);
    let pi8 = PI.powi(8);
    let v = a * a / 8.0 + b * pi4 / 5.0 + b * b * pi8 / 18.0 + 0.5;
    let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

/// Sobol' G-function `Π (|4u − 2| + a_i) / (1 + a_i)`.
fn g_function(u: &[f64], out: &mut [f64]) {
    out[0] = u
        .iter()
        .zip(G_A)
        .map(|(&u, a)| ((4.0 * u - 2.0).abs() + a) / (1.0 + a))
        .product();
}

/// V_i = 1/(3(1 + a_i)²); V = Π(1 + V_i) − 1; S_i = V_i / V;
/// ST_i = V_i Π_{j≠i} (1 + V_j) / V.
fn g_truth() -> (Vec<f64>, Vec<f64>) {
    let vi: Vec<f64> = G_A
        .iter()
        .map(|a| 1.0 / (3.0 * (1.0 + a).powi(2)))
        .collect();
    let prod: f64 = vi.iter().map(|v| 1.0 + v).product();
    let v = prod - 1.0;
    let s1 = vi.iter().map(|x| x / v).collect();
    let st = vi.iter().map(|x| x * prod / (1.0 + x) / v).collect();
    (s1, st)
}

// ---------------------------------------------------------------- helpers

/// The estimate lies in its own interval widened by `widen` times its width on each side
/// (a percentile interval need not contain the point estimate exactly).
fn assert_in_own_ci(e: Estimate, widen: f64, what: &str) {
    let w = e.width();
    assert!(w.is_finite() && w >= 0.0, "{what}: interval {e:?}");
    assert!(
        e.value >= e.ci_low - widen * w && e.value <= e.ci_high + widen * w,
        "{what}: estimate outside its interval: {e:?}"
    );
}

/// The interval, widened by `widen` times its half-width about its midpoint, covers `truth`.
fn assert_covers(e: Estimate, truth: f64, widen: f64, what: &str) {
    let mid = 0.5 * (e.ci_low + e.ci_high);
    let half = 0.5 * e.width() * widen;
    assert!(
        (truth - mid).abs() <= half,
        "{what}: interval {e:?} (x{widen}) misses the truth {truth}"
    );
}

/// Every number of two results, bit for bit.
fn assert_bit_identical(a: &SobolResult, b: &SobolResult) {
    fn bits(r: &SobolResult) -> Vec<u64> {
        let mut v: Vec<u64> = Vec::new();
        v.extend(r.rows_used.iter().copied());
        v.push(r.evaluations);
        v.push(r.base_samples);
        for x in r.mean.iter().chain(&r.variance) {
            v.push(x.to_bits());
        }
        for e in r.first_order.iter().chain(&r.total) {
            v.extend([e.value.to_bits(), e.ci_low.to_bits(), e.ci_high.to_bits()]);
        }
        for g in 0..r.group_names.len() {
            for k in 0..r.outputs {
                let (s1, st) = r.replicates(g, k);
                v.extend(s1.iter().chain(st).map(|x| x.to_bits()));
            }
        }
        v
    }
    assert_eq!(bits(a), bits(b));
}

// ---------------------------------------------------------------- Sobol'

#[test]
fn ishigami_indices_match_the_closed_form() {
    let (s1_true, st_true) = ishigami_truth(7.0, 0.1);
    // The published values (Ishigami & Homma 1990; Saltelli et al. 2010).
    for (x, y) in s1_true.iter().zip([0.3139, 0.4424, 0.0]) {
        assert!((x - y).abs() < 5e-5);
    }
    for (x, y) in st_true.iter().zip([0.5576, 0.4424, 0.2437]) {
        assert!((x - y).abs() < 5e-5);
    }
    let n = 1 << 13;
    let plan = SaltelliPlan::sobol(Problem::per_parameter(names(3)).unwrap(), n, 2024).unwrap();
    let r = sobol(&plan, &ishigami, 1, 2, 400, 11);
    assert_eq!(r.evaluations, 5 * n + 1);
    assert_eq!(r.rows_used, [n]);
    // Variance of the output against its closed form: the sampling error of a variance is
    // about V·sqrt(κ − 1)/sqrt(2N) with kurtosis κ < 5 here, i.e. < 2.2 % at 2N = 16384.
    let v_true = 49.0 / 8.0 + 0.1 * PI.powi(4) / 5.0 + 0.01 * PI.powi(8) / 18.0 + 0.5;
    assert!(
        (r.variance[0] / v_true - 1.0).abs() < 0.03,
        "{}",
        r.variance[0]
    );
    for i in 0..3 {
        let (s1, st) = (r.s1(i, 0), r.st(i, 0));
        println!(
            "x{}: S1 {s1:?} (true {:.4}), ST {st:?} (true {:.4})",
            i + 1,
            s1_true[i],
            st_true[i]
        );
        assert_in_own_ci(s1, 0.1, "S1");
        assert_in_own_ci(st, 0.1, "ST");
        assert_covers(s1, s1_true[i], 1.0, &format!("S1 x{}", i + 1));
        assert_covers(st, st_true[i], 1.0, &format!("ST x{}", i + 1));
        // Intervals at N = 8192 must be informative: 1.96·2 sd ≈ 4/sqrt(N) times a constant
        // of order one for these estimators.
        assert!(s1.width() < 0.1 && st.width() < 0.1, "{s1:?} {st:?}");
    }
    // Structural facts: x3 has no first-order effect, x2 no interactions.
    assert!(r.s1(2, 0).value.abs() < r.s1(2, 0).width());
    assert!((r.st(1, 0).value - r.s1(1, 0).value).abs() < r.st(1, 0).width() + r.s1(1, 0).width());
}

#[test]
fn g_function_indices_match_the_closed_form() {
    let (s1_true, st_true) = g_truth();
    assert!((s1_true.iter().sum::<f64>() - 1.0).abs() < 0.3); // sanity: first-order share
    let n = 1 << 13;
    let plan = SaltelliPlan::sobol(Problem::per_parameter(names(8)).unwrap(), n, 7).unwrap();
    let r = sobol(&plan, &g_function, 1, 0, 300, 3);
    for i in 0..8 {
        let (s1, st) = (r.s1(i, 0), r.st(i, 0));
        println!(
            "x{}: S1 {:.5} [{:.5}, {:.5}] (true {:.5}); ST {:.5} [{:.5}, {:.5}] (true {:.5})",
            i + 1,
            s1.value,
            s1.ci_low,
            s1.ci_high,
            s1_true[i],
            st.value,
            st.ci_low,
            st.ci_high,
            st_true[i]
        );
        assert_in_own_ci(s1, 0.1, "S1");
        assert_in_own_ci(st, 0.1, "ST");
        assert_covers(s1, s1_true[i], 1.0, &format!("S1 x{}", i + 1));
        assert_covers(st, st_true[i], 1.0, &format!("ST x{}", i + 1));
    }
    // Ranking by total index follows a_i: x1 > x2 > x3 > x4 > the rest.
    for i in 0..4 {
        assert!(
            r.st(i, 0).ci_low > r.st(i + 1, 0).ci_high,
            "ST ranking at x{}",
            i + 1
        );
    }
}

/// `y = Σ c_i u_i`: a group's first-order and total indices are both Σ_{i∈g} c_i² / Σ c_i²
/// (additive model, independent inputs of equal variance).  Dimension 5 is in no group: it
/// varies and contributes to the variance but has no index.
fn linear_groups() -> (Problem, [[f64; 5]; 2]) {
    let problem = Problem::new(
        5,
        vec![vec![0, 1], vec![2], vec![3]],
        vec!["g12".into(), "g3".into(), "g4".into()],
    )
    .unwrap();
    (
        problem,
        [[1.0, 2.0, 3.0, 4.0, 5.0], [5.0, -1.0, 0.5, 0.0, 2.0]],
    )
}

fn linear_model(c: [[f64; 5]; 2]) -> impl Fn(&[f64], &mut [f64]) + Sync {
    move |u: &[f64], out: &mut [f64]| {
        for (o, c) in out.iter_mut().zip(&c) {
            *o = c.iter().zip(u).map(|(c, u)| c * u).sum();
        }
    }
}

#[test]
fn group_indices_on_a_linear_model_are_exact_shares() {
    let (problem, c) = linear_groups();
    let model = linear_model(c);
    for method in [Method::Sobol, Method::MonteCarlo, Method::LatinHypercube] {
        let plan = SaltelliPlan::new(problem.clone(), 4096, 99, method).unwrap();
        let r = sobol(&plan, &model, 2, 2, 400, 5);
        for (k, c) in c.iter().enumerate() {
            let total: f64 = c.iter().map(|x| x * x).sum();
            for (g, dims) in problem.groups.iter().enumerate() {
                let truth = dims.iter().map(|&d| c[d] * c[d]).sum::<f64>() / total;
                let (s1, st) = (r.s1(g, k), r.st(g, k));
                let what = format!("{method} output {k} group {}", problem.group_names[g]);
                println!("{what}: truth {truth:.4}, S1 {s1:?}, ST {st:?}");
                if truth == 0.0 {
                    // A group without effect: every f(AB) equals f(A) exactly.
                    assert_eq!((s1.value, s1.ci_low, s1.ci_high), (0.0, 0.0, 0.0));
                    assert_eq!((st.value, st.ci_low, st.ci_high), (0.0, 0.0, 0.0));
                    continue;
                }
                assert_in_own_ci(s1, 0.1, &what);
                assert_in_own_ci(st, 0.1, &what);
                // Independent sampling: a 95 % interval misses 1 time in 20, so the MC check
                // widens it by 1.5 (≈ 3 sd, a 0.3 % miss rate); the calibration test below
                // checks the nominal coverage itself.  The quasi-random designs must cover.
                let widen = if method == Method::MonteCarlo {
                    1.5
                } else {
                    1.0
                };
                assert_covers(s1, truth, widen, &format!("{what} S1"));
                assert_covers(st, truth, widen, &format!("{what} ST"));
                // The sampling sd of these ratio estimators is below ~1/sqrt(N).
                assert!(st.width() < 4.0 / (4096f64).sqrt(), "{what}: {st:?}");
            }
            // Ungrouped dimension included in the variance: Var(Σ c u) = Σ c² / 12.
            let v = total / 12.0;
            assert!((r.variance[k] / v - 1.0).abs() < 4.0 * (2.0 / 8192f64).sqrt());
        }
    }
}

/// Coverage of the Poisson-bootstrap percentile intervals over independent Monte Carlo runs:
/// close to the nominal 95 %.
#[test]
fn bootstrap_intervals_have_nominal_coverage() {
    let problem = Problem::per_parameter(names(3)).unwrap();
    let c = [1.0, 2.0, 3.0];
    let model =
        move |u: &[f64], out: &mut [f64]| out[0] = c.iter().zip(u).map(|(c, u)| c * u).sum::<f64>();
    let truth: Vec<f64> = c.iter().map(|x| x * x / 14.0).collect();
    let (runs, mut hits, mut total) = (60u64, 0u32, 0u32);
    for seed in 0..runs {
        let plan =
            SaltelliPlan::new(problem.clone(), 512, 1000 + seed, Method::MonteCarlo).unwrap();
        let r = sobol(&plan, &model, 1, 1, 200, seed);
        for (i, &t) in truth.iter().enumerate() {
            for e in [r.s1(i, 0), r.st(i, 0)] {
                total += 1;
                hits += e.covers(t) as u32;
            }
        }
    }
    let coverage = hits as f64 / total as f64;
    println!("coverage {hits}/{total} = {coverage:.3}");
    // 360 intervals; binomial sd at 0.95 is 0.011 (more with the within-run correlation).
    assert!((0.88..=0.995).contains(&coverage), "coverage {coverage}");
}

#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let (problem, c) = linear_groups();
    let lin = linear_model(c);
    // Two non-linear outputs besides the two linear ones, and N off any power of two.
    let model = move |u: &[f64], out: &mut [f64]| {
        lin(u, &mut out[..2]);
        out[2] = (u[0] * 6.0).sin() * u[2].exp() + u[3] * u[4];
        out[3] = 1e6 + (u[1] - 0.5).powi(3) * u[3];
    };
    for method in [Method::Sobol, Method::MonteCarlo] {
        let plan = SaltelliPlan::new(problem.clone(), 5000, 1, method).unwrap();
        let r1 = sobol(&plan, &model, 4, 1, 64, 9);
        let r2 = sobol(&plan, &model, 4, 2, 64, 9);
        let r3 = sobol(&plan, &model, 4, 3, 64, 9);
        assert_bit_identical(&r1, &r2);
        assert_bit_identical(&r1, &r3);
        // A different bootstrap seed changes the intervals but not the estimates.
        let r4 = sobol(&plan, &model, 4, 2, 64, 10);
        assert_eq!(r1.s1(0, 2).value.to_bits(), r4.s1(0, 2).value.to_bits());
        assert_ne!(r1.s1(0, 2).ci_low.to_bits(), r4.s1(0, 2).ci_low.to_bits());
    }
}

#[test]
fn the_plan_owns_the_row_layout() {
    let (problem, _) = linear_groups();
    let plan = SaltelliPlan::new(problem, 16, 4, Method::Sobol).unwrap();
    assert_eq!(plan.rows_per_base(), 5);
    assert_eq!(plan.evaluations(), 80);
    assert_eq!(plan.design().dims(), 10);
    let mut rows = plan.rows();
    for i in [0u64, 7, 15] {
        rows.load(i);
        let a = rows.row(SaltelliRow::A).to_vec();
        let b = rows.row(SaltelliRow::B).to_vec();
        let mut u = vec![0.0; 10];
        plan.design().fill(i, &mut u);
        assert_eq!(a, &u[..5]);
        assert_eq!(b, &u[5..]);
        for (g, dims) in plan.problem().groups.clone().iter().enumerate() {
            let ab = rows.row(SaltelliRow::AB(g)).to_vec();
            for d in 0..5 {
                let want = if dims.contains(&d) { b[d] } else { a[d] };
                assert_eq!(ab[d], want, "row {i} group {g} dim {d}");
            }
        }
    }
}

#[test]
fn non_finite_rows_are_dropped_per_output() {
    let problem = Problem::per_parameter(names(3)).unwrap();
    let plain = |u: &[f64], out: &mut [f64]| ishigami(u, &mut out[..1]);
    // Output 1 is Ishigami too, but NaN whenever u1 < 0.1 in any of the base row's rows;
    // output 2 is never written.
    let holey = |u: &[f64], out: &mut [f64]| {
        ishigami(u, &mut out[..1]);
        out[1] = if u[0] < 0.1 { f64::NAN } else { out[0] };
    };
    let plan = SaltelliPlan::sobol(problem, 1024, 8).unwrap();
    let a = sobol(&plan, &plain, 1, 2, 50, 1);
    let b = sobol(&plan, &holey, 3, 2, 50, 1);
    assert_eq!(a.rows_used[0], 1024);
    assert_eq!(b.rows_used[0], 1024);
    assert!(
        b.rows_used[1] < 1024 && b.rows_used[1] > 700,
        "{:?}",
        b.rows_used
    );
    assert_eq!(b.rows_used[2], 0);
    assert!(b.s1(0, 2).value.is_nan() && b.st(0, 2).ci_low.is_nan());
    // Output 0 does not see the holes of output 1.
    for g in 0..3 {
        assert_eq!(a.s1(g, 0), b.s1(g, 0));
        assert_eq!(a.st(g, 0), b.st(g, 0));
    }
    assert!(b.st(0, 1).value.is_finite());
}

#[test]
fn sequential_sampling_stops_at_the_target_width() {
    let problem = Problem::per_parameter(names(3)).unwrap();
    let plan = SaltelliPlan::sobol(problem, 256, 31).unwrap();
    let stop = Stopping {
        target_ci_width: 0.08,
        max_base_samples: 1 << 14,
    };
    let out = sobol_until(&plan, &ishigami, 1, 2, 200, 4, stop).unwrap();
    println!("steps {:?}", out.steps);
    assert!(out.converged);
    assert!(out.widest_total_ci < 0.08);
    let n = out.result.base_samples;
    assert_eq!(out.steps.last().unwrap().0, n);
    for w in out.steps.windows(2) {
        assert_eq!(w[1].0, 2 * w[0].0);
        assert!(w[0].1 >= 0.08, "stopped late: {:?}", out.steps);
    }
    for (g, &t) in ishigami_truth(7.0, 0.1).1.iter().enumerate() {
        assert!(out.result.st(g, 0).width() < 0.08);
        assert_covers(out.result.st(g, 0), t, 1.0, "ST");
    }
    // Extending the run gives exactly what a fresh run of the final size gives.
    let fresh = sobol(&plan.with_base_samples(n).unwrap(), &ishigami, 1, 1, 200, 4);
    assert_bit_identical(&out.result, &fresh);
    assert_eq!(out.total_evaluations, fresh.evaluations);

    // Unreachable target: stops at the maximum and says so.
    let stop = Stopping {
        target_ci_width: 1e-4,
        max_base_samples: 1024,
    };
    let out = sobol_until(&plan, &ishigami, 1, 2, 100, 4, stop).unwrap();
    assert!(!out.converged);
    assert_eq!(out.result.base_samples, 1024);
    assert_eq!(
        out.steps.iter().map(|s| s.0).collect::<Vec<_>>(),
        [256, 512, 1024]
    );
    // A Latin hypercube is re-sampled at every step.
    let lhs = SaltelliPlan::new(plan.problem().clone(), 256, 31, Method::LatinHypercube).unwrap();
    let out = sobol_until(&lhs, &ishigami, 1, 2, 100, 4, stop).unwrap();
    assert_eq!(out.total_evaluations, (256 + 512 + 1024) * 5 + 3);
    // Bad arguments.
    let bad = Stopping {
        target_ci_width: 0.0,
        max_base_samples: 1024,
    };
    assert!(sobol_until(&plan, &ishigami, 1, 2, 100, 4, bad).is_err());
    assert!(sobol_until(&plan, &ishigami, 1, 2, 0, 4, stop).is_err());
}

#[test]
fn result_rows_and_confidence() {
    let plan = SaltelliPlan::sobol(Problem::per_parameter(names(3)).unwrap(), 512, 2).unwrap();
    let mut r = sobol(&plan, &ishigami, 1, 2, 200, 2);
    let rows = r.rows();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0].index, Index::S1);
    assert_eq!(rows[1].index.as_str(), "ST");
    assert_eq!(rows[1].analysis.as_str(), "sobol");
    let w95 = r.st(0, 0).width();
    r.set_confidence(0.5);
    assert!(r.st(0, 0).width() < w95);
    assert_eq!(r.replicates(0, 0).1.len(), 200);
    // No bootstrap: point estimates only.
    let r0 = sobol(&plan, &ishigami, 1, 2, 0, 2);
    assert_eq!(r0.st(0, 0).value, r.st(0, 0).value);
    assert!(r0.st(0, 0).ci_low.is_nan());
    assert!(SaltelliPlan::sobol(Problem::per_parameter(names(3)).unwrap(), 1, 2).is_err());
}

// ---------------------------------------------------------------- Morris

#[test]
fn morris_on_a_linear_function_is_exact() {
    // y = 10 x1 + 5 x2 + 1 x3 + 0 x4 − 7 x5 with x = −1 + 4u (range 4): every elementary
    // effect of x_i is exactly 4 c_i, so mu* = 4|c_i|, mu = 4 c_i, sigma = 0.
    let c = [10.0, 5.0, 1.0, 0.0, -7.0];
    let model = move |u: &[f64], out: &mut [f64]| {
        out[0] = c.iter().zip(u).map(|(c, u)| c * (-1.0 + 4.0 * u)).sum();
        out[1] = -out[0];
    };
    let problem = Problem::per_parameter(names(5)).unwrap();
    for levels in [2, 4, 6] {
        let r = morris(&problem, 30, levels, 17, &model, 2, 2).unwrap();
        assert_eq!(r.evaluations, 30 * 6);
        assert_eq!(r.delta, levels as f64 / (2.0 * (levels - 1) as f64));
        for (i, &ci) in c.iter().enumerate() {
            for (k, sign) in [(0, 1.0), (1, -1.0)] {
                let s = r.stat(i, k);
                let tol = 1e-12 * 40.0;
                assert!(
                    (s.mu_star - 4.0 * ci.abs()).abs() <= tol,
                    "{levels} x{} {s:?}",
                    i + 1
                );
                assert!((s.mu - sign * 4.0 * ci).abs() <= tol, "{s:?}");
                assert!(s.sigma <= tol, "{s:?}");
                assert_eq!(s.effects, 30);
            }
        }
        assert_eq!(r.ranking(0), [0, 4, 1, 2, 3]);
    }
    // Groups move together: {x1, x2} has effect 4(10 + 5) = 60; {x3, x4} 4.
    let groups = Problem::new(
        5,
        vec![vec![0, 1], vec![2, 3]],
        vec!["a".into(), "b".into()],
    )
    .unwrap();
    let r = morris(&groups, 20, 4, 3, &model, 2, 2).unwrap();
    assert!((r.stat(0, 0).mu_star - 60.0).abs() < 1e-9);
    assert!((r.stat(1, 0).mu_star - 4.0).abs() < 1e-9);
    assert_eq!(r.evaluations, 20 * 3);
    assert_eq!(r.rows().len(), 12);
    assert_eq!(r.rows()[1].index.as_str(), "mu_star");
}

#[test]
fn morris_detects_interactions_and_is_thread_independent() {
    // y = 8 u1 u2 + 2 u3 + u4²: x1 and x2 interact (sigma > 0), x3 is linear (sigma = 0),
    // x4 is non-linear alone.
    let model = |u: &[f64], out: &mut [f64]| out[0] = 8.0 * u[0] * u[1] + 2.0 * u[2] + u[3] * u[3];
    let problem = Problem::per_parameter(names(4)).unwrap();
    let r1 = morris(&problem, 300, 4, 5, &model, 1, 1).unwrap();
    let r2 = morris(&problem, 300, 4, 5, &model, 1, 2).unwrap();
    assert_eq!(format!("{:?}", r1.stats), format!("{:?}", r2.stats));
    for (a, b) in r1.stats.iter().zip(&r2.stats) {
        assert_eq!(a.mu_star.to_bits(), b.mu_star.to_bits());
        assert_eq!(a.sigma.to_bits(), b.sigma.to_bits());
    }
    let s = |g| r1.stat(g, 0);
    // EE of x1 = 8 u2, with u2 (before or after its own move) uniform on the grid
    // {0, 1/3, 2/3, 1}: mean 4, variance 64 (7/18 − 1/4) = 64 · 5/36.
    let sd = 8.0 * (5.0f64 / 36.0).sqrt();
    assert!(
        (s(0).mu - 4.0).abs() < 4.0 * sd / (300f64).sqrt(),
        "{:?}",
        s(0)
    );
    // Relative sd of a sample sd ≈ sqrt((kurtosis − 1)/(4r)) = sqrt(0.64/1200) = 0.023.
    assert!((s(0).sigma / sd - 1.0).abs() < 0.1, "{:?}", s(0));
    assert!((s(2).mu_star - 2.0).abs() < 1e-12 && s(2).sigma < 1e-12);
    // EE of x4 with Δ = 2/3: from 0 → 2/3 gives 2/3, from 1/3 → 1 gives 4/3: mean 1.
    assert!((s(3).mu - 1.0).abs() < 4.0 * (1.0 / 3.0) / (300f64).sqrt());
    assert!(s(3).sigma > 0.2);
    // Seeds matter, invalid arguments are refused.
    let r3 = morris(&problem, 300, 4, 6, &model, 1, 2).unwrap();
    assert_ne!(r3.stat(0, 0).mu.to_bits(), s(0).mu.to_bits());
    assert!(morris(&problem, 0, 4, 5, &model, 1, 1).is_err());
    assert!(morris(&problem, 10, 3, 5, &model, 1, 1).is_err());
}

// ---------------------------------------------------------------- tornado

#[test]
fn tornado_on_a_hand_computed_linear_fixture() {
    // y0 = 2 u1 − 4 u2 + u3 + 5 u4, y1 = u1; groups A = {x1, x3}, B = {x2}; x4 in no group.
    let model = |u: &[f64], out: &mut [f64]| {
        out[0] = 2.0 * u[0] - 4.0 * u[1] + u[2] + 5.0 * u[3];
        out[1] = u[0];
    };
    let problem = Problem::new(4, vec![vec![0, 2], vec![1]], vec!["A".into(), "B".into()]).unwrap();
    let best = [0.5, 0.5, 0.5, 0.5];
    let r = tornado(&problem, &model, 2, &best, 0.025, 0.975).unwrap();
    // By hand: base y0 = 1 − 2 + 0.5 + 2.5 = 2.
    // A low:  0.05 − 2 + 0.025 + 2.5 = 0.575;  A high: 1.95 − 2 + 0.975 + 2.5 = 3.425.
    // B low:  1 − 0.1 + 0.5 + 2.5 = 3.9;      B high: 1 − 3.9 + 0.5 + 2.5 = 0.1.
    // y1: A low 0.025, A high 0.975; B leaves u1 at 0.5.
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(r.base[0], 2.0) && close(r.base[1], 0.5));
    assert!(close(r.at_low(0, 0), 0.575) && close(r.at_high(0, 0), 3.425));
    assert!(close(r.at_low(1, 0), 3.9) && close(r.at_high(1, 0), 0.1));
    assert!(close(r.at_low(0, 1), 0.025) && close(r.at_high(0, 1), 0.975));
    assert!(close(r.at_low(1, 1), 0.5) && close(r.at_high(1, 1), 0.5));
    assert!(close(r.swing(0, 0), 2.85) && close(r.swing(1, 0), 3.8));
    assert_eq!(r.order(0), [1, 0]);
    assert_eq!(r.order(1), [0, 1]);
    let rows = r.rows();
    assert_eq!(rows.len(), 8);
    assert_eq!(
        (rows[0].index.as_str(), rows[1].index.as_str()),
        ("low", "high")
    );
    // Invalid input.
    assert!(tornado(&problem, &model, 2, &best[..3], 0.0, 1.0).is_err());
    assert!(tornado(&problem, &model, 2, &best, -0.1, 1.0).is_err());
    assert!(tornado(&problem, &model, 2, &[0.5, 1.5, 0.5, 0.5], 0.0, 1.0).is_err());
}

/// Outputs are centred before summing: a large constant offset (output ~1e9, sd ~4) leaves
/// the indices unchanged up to the rounding of the outputs themselves (ulp(1e9) ≈ 1.2e-7).
#[test]
fn a_large_offset_does_not_cancel_the_variance() {
    let plan = SaltelliPlan::sobol(Problem::per_parameter(names(3)).unwrap(), 2048, 5).unwrap();
    let shifted = |u: &[f64], out: &mut [f64]| {
        ishigami(u, out);
        out[0] += 1e9;
    };
    let a = sobol(&plan, &ishigami, 1, 2, 100, 1);
    let b = sobol(&plan, &shifted, 1, 2, 100, 1);
    assert!((b.mean[0] - 1e9 - a.mean[0]).abs() < 1e-6);
    assert!((b.variance[0] / a.variance[0] - 1.0).abs() < 1e-6);
    for g in 0..3 {
        for (x, y) in [(a.s1(g, 0), b.s1(g, 0)), (a.st(g, 0), b.st(g, 0))] {
            assert!((x.value - y.value).abs() < 1e-6, "{x:?} {y:?}");
            assert!((x.ci_low - y.ci_low).abs() < 1e-6 && (x.ci_high - y.ci_high).abs() < 1e-6);
        }
    }
}
