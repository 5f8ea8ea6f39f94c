//! Coverage of the reported standard errors: over many seeded replications of a run on a
//! fixture whose TMR is known exactly (`tests/fixtures/coverage`: T = K/g, grade g uniform on
//! [0.3 %, 3 %], strongly skewed), how often `estimate ± 1.96·se` contains the truth, for the
//! mean and every reported percentile (p2.5 … p97.5), at n = 1,000 and n = 10,000, for
//! `mc`, `lhs` and `sobol`.
//!
//! The replications run in-process through the library: the job is built once, and each
//! replication swaps in the design of its seed and evaluates its samples with
//! [`hiddenflow::engine::run_range`], as a run does; the fixture has one uncertain parameter,
//! so a replication costs little even in a debug build.
//!
//! Tolerance: over R independent replications the measured coverage of a 95 % interval has
//! binomial standard deviation √(0.95·0.05/R); the test allows [`K_SD`] of them, which for
//! the [`REPLICATIONS`] used here is below the 1.5 points the issue asks for. With 48 checks
//! (8 statistics × 2 sample sizes × 3 designs) at 3.3 sd, a correct rule fails one of them by
//! chance with probability about 4.6 %; the seeds are fixed, so the test is deterministic.

use hiddenflow::accum::{Accumulator, CHUNK};
use hiddenflow::config::{Flags, RunConfig};
use hiddenflow::engine::Simd;
use hiddenflow::engine::{build_job, run_range};
use hiddenflow::plan::vout;
use hiddenflow::sampling::design::{DEFAULT_REPLICATES, Design, Method};
use hiddenflow::stats::{PERCENTILES, summarize_output};
use std::path::Path;

/// Replications per (design, sample size).
const REPLICATIONS: u64 = 2000;
/// Allowed deviation from 95 %, in binomial standard deviations of the coverage.
const K_SD: f64 = 3.0;
const Z: f64 = hiddenflow::accum::Z95;

/// Grade bounds (fractions) and K of the fixture (t).
const G_LO: f64 = 0.003;
const G_HI: f64 = 0.03;
const K: f64 = 1.0 * (1.0 + 3.0) / (0.8 * 0.9);

/// The fixtures: `coverage` (T = K/g) and `coverage2` (T = c(1 + s)/g, s uniform on [1, 5]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fixture {
    OneParameter,
    TwoParameters,
}

/// Stripping ratio bounds of `coverage2`, and its c = K/(1 + 3).
const S_LO: f64 = 1.0;
const S_HI: f64 = 5.0;
const C: f64 = 1.0 / (0.8 * 0.9);

impl Fixture {
    fn dir(self) -> &'static str {
        match self {
            Fixture::OneParameter => "coverage",
            Fixture::TwoParameters => "coverage2",
        }
    }

    fn mean(self) -> f64 {
        let inv_g = (G_HI / G_LO).ln() / (G_HI - G_LO);
        match self {
            Fixture::OneParameter => K * inv_g,
            Fixture::TwoParameters => C * (1.0 + (S_LO + S_HI) / 2.0) * inv_g,
        }
    }

    /// P(T ≤ t) of `coverage2`: the mean over s of P(g ≥ c(1 + s)/t), a clamped linear function
    /// of s, integrated exactly piece by piece.
    fn cdf2(t: f64) -> f64 {
        let share = |s: f64| ((G_HI - C * (1.0 + s) / t) / (G_HI - G_LO)).clamp(0.0, 1.0);
        // Breakpoints: c(1 + s)/t = g_lo and = g_hi.
        let mut cuts = vec![S_LO, S_HI];
        for g in [G_LO, G_HI] {
            let s = g * t / C - 1.0;
            if s > S_LO && s < S_HI {
                cuts.push(s);
            }
        }
        cuts.sort_by(f64::total_cmp);
        // Linear on each piece: the trapezoid rule is exact.
        let area: f64 = cuts
            .windows(2)
            .map(|w| (w[1] - w[0]) * (share(w[0]) + share(w[1])) / 2.0)
            .sum();
        area / (S_HI - S_LO)
    }

    fn quantile(self, p: f64) -> f64 {
        match self {
            Fixture::OneParameter => K / (G_HI - (G_HI - G_LO) * p),
            Fixture::TwoParameters => {
                let (mut lo, mut hi) = (C * (1.0 + S_LO) / G_HI, C * (1.0 + S_HI) / G_LO);
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if mid <= lo || mid >= hi {
                        break;
                    }
                    if Fixture::cdf2(mid) < p {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                0.5 * (lo + hi)
            }
        }
    }
}

/// Tolerance on a coverage measured over `r` replications.
fn tolerance(r: u64) -> f64 {
    K_SD * (0.95 * 0.05 / r as f64).sqrt()
}

/// The job of a fixture (built once per design and sample count) and its TMR output.
fn job(
    fixture: Fixture,
    method: Method,
    n: u64,
) -> (hiddenflow::engine::Job, Vec<f64>, usize, [usize; 2]) {
    let flags = Flags {
        data: Some(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture.dir()),
        ),
        out: Some(std::env::temp_dir().join("hiddenflow-coverage-unused")),
        samples: Some(n),
        method: Some(method.as_str().into()),
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags).expect("config");
    let ds = hiddenflow::data::load(&cfg.data).expect("fixture");
    let model = hiddenflow::model::build(&ds, &cfg.model).expect("model");
    let job = build_job(&model, &cfg).expect("job");
    let dims = match fixture {
        Fixture::OneParameter => 1,
        Fixture::TwoParameters => 2,
    };
    assert_eq!(job.n_uncertain, dims, "uncertain parameters of {fixture:?}");
    let point = job.point_outputs(&model);
    let o = job.plan.vehicle_output(0, vout::TMR);
    // The drawn grade's and stripping ratio's places among the parameter values.
    let find = |what: &str| {
        job.param_of_dim
            .iter()
            .copied()
            .find(|&i| model.params[i].name.contains(what))
            .unwrap_or(usize::MAX)
    };
    let params = [find("grade"), find("stripping")];
    assert_ne!(params[0], usize::MAX, "the grade is drawn");
    (job, point, o, params)
}

/// The TMR of the drawn parameters in closed form: K/g, or c(1 + s)/g.
fn closed_form_tmr(fixture: Fixture, params: [usize; 2], v: &[f64]) -> f64 {
    let g = v[params[0]];
    match fixture {
        Fixture::OneParameter => K / g,
        Fixture::TwoParameters => C * (1.0 + v[params[1]]) / g,
    }
}

/// The accumulator of a run's TMR, as the engine fills it (batches of 64 samples from multiples
/// of 64, chunks of [`CHUNK`], replicates of the design), with each sample's TMR evaluated in
/// closed form from the parameters the job draws for it: the engine's plan is the costly part
/// of a sample in a debug build, and its TMR on these fixtures is K/g or c(1 + s)/g to the
/// last bits (checked against `run_range` in [`check`]).
fn accumulate(
    fixture: Fixture,
    job: &hiddenflow::engine::Job,
    params: [usize; 2],
    point: f64,
    n: u64,
) -> Accumulator {
    let mut acc = Accumulator::new(&[point]);
    if job.design.replicates() > 1 {
        acc = acc.with_replicates(job.design.replicates(), vec![0]);
    }
    let mut st = job.state();
    let mut batch = [0.0; 64];
    for c0 in (0..n).step_by(CHUNK as usize) {
        let c1 = (c0 + CHUNK).min(n);
        for b0 in (c0..c1).step_by(64) {
            let b1 = (b0 + 64).min(c1);
            for i in b0..b1 {
                job.draw(i, &mut st);
                batch[(i - b0) as usize] = closed_form_tmr(fixture, params, job.values(&st));
            }
            acc.push_batch_at(Simd::Baseline, b0, &batch, 64, (b1 - b0) as usize);
        }
        acc.end_chunk();
    }
    acc
}

/// Coverage of [mean, p2.5, p5, p25, p50, p75, p95, p97.5] over `REPLICATIONS` seeds.
fn coverage(fixture: Fixture, method: Method, n: u64) -> [f64; 8] {
    let (mut job, point, o, params) = job(fixture, method, n);
    let truth: Vec<f64> = std::iter::once(fixture.mean())
        .chain(PERCENTILES.iter().map(|&p| fixture.quantile(p)))
        .collect();
    let mut hits = [0u64; 8];
    for rep in 0..REPLICATIONS {
        let seed = 0x5EED_0000 + rep;
        job.design =
            Design::replicated(method, seed, job.dims, n, DEFAULT_REPLICATES, false).unwrap();
        let acc = accumulate(fixture, &job, params, point[o], n);
        let s = summarize_output(&acc, 0, 0.95);
        if rep == 0 {
            // The same summary, within rounding, as the engine's own evaluation.
            let engine = run_range(&job, &point, 0..n, 1, 1 << 20, &|_| {}, None);
            let e = summarize_output(&engine, o, 0.95);
            let pairs = [(s.mean, e.mean), (s.se_mean, e.se_mean)]
                .into_iter()
                .chain(s.percentiles.into_iter().zip(e.percentiles))
                .chain(s.percentile_se.into_iter().zip(e.percentile_se));
            for (a, b) in pairs {
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs(),
                    "{fixture:?} {method}: {a} vs engine {b}"
                );
            }
        }
        let est = std::iter::once((s.mean, s.se_mean))
            .chain(s.percentiles.iter().copied().zip(s.percentile_se));
        for (k, ((e, se), t)) in est.zip(&truth).enumerate() {
            if (e - t).abs() <= Z * se {
                hits[k] += 1;
            }
        }
    }
    hits.map(|h| h as f64 / REPLICATIONS as f64)
}

fn check(fixture: Fixture, method: Method) {
    const NAMES: [&str; 8] = ["mean", "p2_5", "p5", "p25", "p50", "p75", "p95", "p97_5"];
    let tol = tolerance(REPLICATIONS);
    let mut failures = Vec::new();
    for n in [1_000u64, 10_000] {
        let c = coverage(fixture, method, n);
        let row: Vec<String> = NAMES
            .iter()
            .zip(&c)
            .map(|(name, x)| format!("{name} {:.1}", 100.0 * x))
            .collect();
        println!(
            "coverage {} {method} n = {n} ({REPLICATIONS} seeds, 95 ± {:.2} %): {}",
            fixture.dir(),
            100.0 * tol,
            row.join(", ")
        );
        for (name, x) in NAMES.iter().zip(&c) {
            if (x - 0.95).abs() > tol {
                failures.push(format!("{method} n = {n} {name}: {:.2} %", 100.0 * x));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "coverage outside 95 ± {:.2} %: {}",
        100.0 * tol,
        failures.join("; ")
    );
}

#[test]
fn tolerance_is_within_one_and_a_half_points() {
    assert!(tolerance(REPLICATIONS) <= 0.015);
}

#[test]
fn the_two_parameter_closed_form_is_right() {
    // The CDF at the quantiles, and against a brute-force double integral.
    let f = Fixture::TwoParameters;
    for p in PERCENTILES {
        assert!((Fixture::cdf2(f.quantile(p)) - p).abs() < 1e-12, "p = {p}");
    }
    let t = 400.0;
    let m = 2000;
    let mut below = 0u64;
    for i in 0..m {
        for j in 0..m {
            let s = S_LO + (S_HI - S_LO) * (i as f64 + 0.5) / m as f64;
            let g = G_LO + (G_HI - G_LO) * (j as f64 + 0.5) / m as f64;
            below += (C * (1.0 + s) / g <= t) as u64;
        }
    }
    assert!((below as f64 / (m * m) as f64 - Fixture::cdf2(t)).abs() < 1e-3);
    assert!((K - 4.0 * C).abs() < 1e-12);
}

#[test]
fn monte_carlo_standard_errors_cover_95_percent() {
    check(Fixture::OneParameter, Method::MonteCarlo);
}

#[test]
fn latin_hypercube_replicate_standard_errors_cover_95_percent() {
    check(Fixture::TwoParameters, Method::LatinHypercube);
}

#[test]
fn sobol_replicate_standard_errors_cover_95_percent() {
    check(Fixture::TwoParameters, Method::Sobol);
}
