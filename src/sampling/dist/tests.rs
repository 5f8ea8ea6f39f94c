//! Tests across the families: every shape against an independent reference.

use super::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use statrs::distribution::{
    Beta as SBeta, ContinuousCDF, LogNormal as SLogNormal, Normal as SNormal,
    Triangular as STriangular, Uniform as SUniform,
};

const N: usize = 20_000;
/// Smirnov's asymptotic critical value of √n·D at α = 0.001:
/// sqrt(-ln(α/2)/2) = 1.9495.
const KS_C_001: f64 = 1.949;

type RefCdf = Box<dyn Fn(f64) -> f64>;

/// One test instance: a distribution, the reference CDF built
/// independently from statrs (or by hand), and whether it is discrete.
struct Case {
    name: &'static str,
    dist: Distribution,
    reference: RefCdf,
    discrete: bool,
    support: Support,
}

pub(super) fn d(
    best: f64,
    min: Option<f64>,
    max: Option<f64>,
    shape: &str,
    s: Support,
) -> Distribution {
    Distribution::new(best, min, max, &shape.parse().unwrap(), s).unwrap()
}

/// (F(x) - F(a)) / (F(b) - F(a)) clamped: the CDF of F truncated to [a,b].
fn truncated(f: impl Fn(f64) -> f64 + 'static, a: f64, b: f64) -> RefCdf {
    let (fa, fb) = (f(a), f(b));
    Box::new(move |x| {
        if x < a {
            0.0
        } else if x >= b {
            1.0
        } else {
            ((f(x) - fa) / (fb - fa)).clamp(0.0, 1.0)
        }
    })
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    let mut add = |name, dist, reference: RefCdf, discrete, support| {
        v.push(Case {
            name,
            dist,
            reference,
            discrete,
            support,
        })
    };
    let s = SUniform::new(2.0, 6.0).unwrap();
    add(
        "uniform",
        d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE),
        Box::new(move |x| s.cdf(x)),
        false,
        Support::NON_NEGATIVE,
    );
    let s = STriangular::new(1.0, 5.0, 2.0).unwrap();
    add(
        "triangular",
        d(
            2.0,
            Some(1.0),
            Some(5.0),
            "triangular",
            Support::NON_NEGATIVE,
        ),
        Box::new(move |x| s.cdf(x)),
        false,
        Support::NON_NEGATIVE,
    );
    // PERT(0, 3, 10): Beta(1 + 4·0.3, 1 + 4·0.7) = Beta(2.2, 3.8) on [0, 10]
    let s = SBeta::new(2.2, 3.8).unwrap();
    add(
        "pert",
        d(3.0, Some(0.0), Some(10.0), "pert", Support::NON_NEGATIVE),
        Box::new(move |x| s.cdf((x / 10.0).clamp(0.0, 1.0))),
        false,
        Support::NON_NEGATIVE,
    );
    // normal from a 95 % range, mass >= 0 truncation is ~5 sd away
    let sd = 8.0 / (2.0 * 1.959_963_984_540_054);
    let s = SNormal::new(10.0, sd).unwrap();
    add(
        "normal(range)",
        d(10.0, Some(6.0), Some(14.0), "normal", Support::NON_NEGATIVE),
        truncated(move |x| s.cdf(x), 0.0, f64::INFINITY),
        false,
        Support::NON_NEGATIVE,
    );
    // grade near 1: heavy truncation at the support's upper end
    let s = SNormal::new(0.9, 0.2).unwrap();
    add(
        "normal(sd) on (0,1]",
        d(
            0.9,
            None,
            None,
            "normal(sd=0.2)",
            Support::FRACTION_OPEN_LOW,
        ),
        truncated(move |x| s.cdf(x), 0.0, 1.0),
        false,
        Support::FRACTION_OPEN_LOW,
    );
    let s = SNormal::new(0.3, 0.2).unwrap();
    add(
        "truncnormal(sd)",
        d(
            0.3,
            Some(0.1),
            Some(0.5),
            "truncnormal(sd=0.2)",
            Support::UNIT,
        ),
        truncated(move |x| s.cdf(x), 0.1, 0.5),
        false,
        Support::UNIT,
    );
    // window entirely in the upper tail (reflected branch)
    let s = SNormal::new(0.0, 1.0).unwrap();
    add(
        "truncnormal upper tail",
        // the mean lies outside [3, 5], which `new` rejects (best must be
        // in range), so build it with the internal constructor
        Distribution::normal(0.0, 1.0, 3.0, false, 5.0, false).unwrap(),
        truncated(move |x| s.cdf(x), 3.0, 5.0),
        false,
        Support::REAL,
    );
    let sd = 6.0 / (2.0 * 1.959_963_984_540_054);
    let s = SNormal::new(4.0, sd).unwrap();
    add(
        "truncnormal(range)",
        d(
            4.0,
            Some(2.0),
            Some(8.0),
            "truncnormal",
            Support::NON_NEGATIVE,
        ),
        truncated(move |x| s.cdf(x), 2.0, 8.0),
        false,
        Support::NON_NEGATIVE,
    );
    let s = SLogNormal::new(2.0f64.ln(), 1.5f64.ln()).unwrap();
    add(
        "lognormal(gsd)",
        d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE),
        Box::new(move |x| s.cdf(x)),
        false,
        Support::POSITIVE,
    );
    let s = SLogNormal::new(
        0.5 * 4.0f64.ln(),
        4.0f64.ln() / (2.0 * 1.959_963_984_540_054),
    )
    .unwrap();
    add(
        "lognormal(range)",
        d(
            1.5,
            Some(1.0),
            Some(4.0),
            "lognormal",
            Support::NON_NEGATIVE,
        ),
        Box::new(move |x| s.cdf(x)),
        false,
        Support::NON_NEGATIVE,
    );
    let s = SLogNormal::new(0.5f64.ln(), 2.0f64.ln()).unwrap();
    add(
        "lognormal truncated to [0,1]",
        d(0.5, None, None, "lognormal(gsd=2)", Support::UNIT),
        truncated(move |x| s.cdf(x), 0.0, 1.0),
        false,
        Support::UNIT,
    );
    add(
        "loguniform",
        d(
            10.0,
            Some(1.0),
            Some(100.0),
            "loguniform",
            Support::POSITIVE,
        ),
        // by hand: F(x) = ln(x/1)/ln(100)
        Box::new(|x: f64| (x.ln() / 100f64.ln()).clamp(0.0, 1.0)),
        false,
        Support::POSITIVE,
    );
    let s = SBeta::new(2.0, 5.0).unwrap();
    add(
        "beta(2,5)",
        d(
            12.0,
            Some(10.0),
            Some(20.0),
            "beta(a=2,b=5)",
            Support::NON_NEGATIVE,
        ),
        Box::new(move |x| s.cdf(((x - 10.0) / 10.0).clamp(0.0, 1.0))),
        false,
        Support::NON_NEGATIVE,
    );
    let listed = [2.0, 1.2, 5.0, 2.0, 1.5, 3.0];
    add(
        "empirical",
        d(
            2.0,
            Some(1.0),
            Some(5.0),
            "empirical(2;1.2;5;2;1.5;3)",
            Support::NON_NEGATIVE,
        ),
        // by hand: share of the listed values <= x
        Box::new(move |x| listed.iter().filter(|&&v| v <= x).count() as f64 / 6.0),
        true,
        Support::NON_NEGATIVE,
    );
    add(
        "fixed",
        d(3.5, Some(1.0), Some(5.0), "fixed", Support::NON_NEGATIVE),
        Box::new(|x| if x < 3.5 { 0.0 } else { 1.0 }),
        true,
        Support::NON_NEGATIVE,
    );
    v
}

fn draw(dist: &Distribution, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..N).map(|_| dist.sample(&mut rng)).collect()
}

/// Two-sided KS statistic D = sup |F_n - F|.  Ties are grouped so that
/// it is also exact for a discrete F: at every distinct sample value v
/// compare F_n(v) with F(v) and F_n(v-) with F(v-) (F(v-) evaluated at the
/// next double below v).  For continuous F this is the usual
/// max(i/n - F(x_i), F(x_i) - (i-1)/n).
fn ks_statistic(mut xs: Vec<f64>, f: &dyn Fn(f64) -> f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let mut d: f64 = 0.0;
    let mut i = 0;
    while i < xs.len() {
        let v = xs[i];
        let mut j = i;
        while j < xs.len() && xs[j] == v {
            j += 1;
        }
        let below = i as f64 / n;
        let upto = j as f64 / n;
        d = d
            .max((upto - f(v)).abs())
            .max((below - f(v.next_down())).abs());
        i = j;
    }
    d
}

// ---- helpers of the families' own tests (beside each family) ------------------------------

/// Φ⁻¹(0.9), tabulated (mpmath, 40 digits: 1.281551565544600466965...)
pub(super) const Z90: f64 = 1.281_551_565_544_600_5;

/// Checks the quantiles at u = 0.1, 0.5, 0.9 against `want`, to relative tolerance `tol`.
pub(super) fn check_pinned(name: &str, dist: &Distribution, want: [f64; 3], tol: f64) {
    let us = [0.1, 0.5, 0.9];
    for (u, w) in us.iter().zip(want) {
        let got = dist.quantile(*u);
        assert!(
            (got - w).abs() <= tol * w.abs().max(1.0),
            "{name}: q({u}) = {got}, want {w}"
        );
    }
}

/// `a` equals the independent value `b` to 1e-10 (relative, absolute below 1).
pub(super) fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-10 * b.abs().max(1.0),
        "{what}: {a} vs {b}"
    )
}

/// `Distribution::new` from a shape string.
pub(super) fn new(
    best: f64,
    min: Option<f64>,
    max: Option<f64>,
    shape: &str,
    sup: Support,
) -> Result<Distribution, DistError> {
    Distribution::new(best, min, max, &shape.parse().unwrap(), sup)
}

/// `shape` with best 1 on [0.5, 2], mass support.
pub(super) fn sh(shape: Shape) -> Result<Distribution, DistError> {
    Distribution::new(1.0, Some(0.5), Some(2.0), &shape, Support::NON_NEGATIVE)
}

#[test]
fn ks_every_shape() {
    let crit = KS_C_001 / (N as f64).sqrt();
    for (i, c) in cases().into_iter().enumerate() {
        let xs = draw(&c.dist, 1000 + i as u64);
        let dstat = ks_statistic(xs, &*c.reference);
        // for a discrete F (empirical, fixed) the critical value is conservative
        assert!(dstat < crit, "{}: D = {dstat} >= {crit}", c.name);
    }
}

#[test]
fn ks_detects_a_wrong_distribution() {
    // the test above must be able to fail: uniform samples against a
    // triangular reference are rejected
    let dist = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
    let wrong = STriangular::new(2.0, 6.0, 3.0).unwrap();
    let dstat = ks_statistic(draw(&dist, 7), &|x| wrong.cdf(x));
    assert!(dstat > KS_C_001 / (N as f64).sqrt());
}

/// Fourth central moment μ₄ (for the standard error of the sample
/// variance).  Bounded support: μ₄ <= σ²·M² with M the largest distance
/// from the mean to an end (since (x-m)⁴ <= (x-m)²M²).  Unbounded: midpoint
/// rule on ∫₀¹ (Q(u) - m)⁴ du with 200 000 nodes.
fn mu4_bound(dist: &Distribution) -> f64 {
    let (lo, hi) = dist.bounds();
    let (m, v) = (dist.mean(), dist.variance());
    if lo.is_finite() && hi.is_finite() {
        let r = (m - lo).max(hi - m);
        v * r * r
    } else {
        let k = 200_000;
        (0..k)
            .map(|i| {
                let x = dist.quantile((i as f64 + 0.5) / k as f64) - m;
                x * x * x * x
            })
            .sum::<f64>()
            / k as f64
    }
}

#[test]
fn sample_mean_and_variance_match_closed_forms() {
    for (i, c) in cases().into_iter().enumerate() {
        let xs = draw(&c.dist, 5000 + i as u64);
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
        let (m, v) = (c.dist.mean(), c.dist.variance());
        let se_mean = (v / n).sqrt();
        // Var(s²) ≈ (μ₄ - σ⁴)/n (Cramér 1946, §27.4)
        let se_var = ((mu4_bound(&c.dist) - v * v).max(0.0) / n).sqrt();
        assert!(
            (mean - m).abs() <= 5.0 * se_mean + 1e-12 * m.abs(),
            "{}: sample mean {mean} vs {m} (se {se_mean})",
            c.name
        );
        assert!(
            (var - v).abs() <= 5.0 * se_var + 1e-12 * v,
            "{}: sample variance {var} vs {v} (se {se_var})",
            c.name
        );
    }
}

#[test]
fn quantile_monotone_in_support_and_inverts_cdf() {
    let mut grid: Vec<f64> = (0..=4000).map(|i| i as f64 / 4000.0).collect();
    grid.extend([1e-300, 1e-17, 1e-12, 1.0 - 1e-12, 1.0 - 1e-16, 0.5 + 1e-15]);
    grid.sort_by(f64::total_cmp);
    for c in cases() {
        let (blo, bhi) = c.dist.bounds();
        let mut prev = f64::NEG_INFINITY;
        for &u in &grid {
            let x = c.dist.quantile(u);
            assert!(x.is_finite(), "{}: q({u}) = {x}", c.name);
            assert!(
                x >= prev,
                "{}: not monotone at u = {u}: {x} < {prev}",
                c.name
            );
            assert!(
                c.support.contains(x),
                "{}: q({u}) = {x} outside support",
                c.name
            );
            assert!(
                blo <= x && x <= bhi,
                "{}: q({u}) = {x} outside bounds",
                c.name
            );
            prev = x;
        }
        if c.discrete {
            for &u in &grid[1..grid.len() - 1] {
                let x = c.dist.quantile(u);
                assert_eq!(c.dist.quantile(c.dist.cdf(x)), x, "{}", c.name);
                assert!(c.dist.cdf(x) >= u - 1e-15, "{}", c.name);
            }
            continue;
        }
        // quantile(cdf(x)) ≈ x on interior points, cdf(quantile(u)) ≈ u
        let (lo, hi) = (c.dist.quantile(0.001), c.dist.quantile(0.999));
        for i in 1..200 {
            let x = lo + (hi - lo) * i as f64 / 200.0;
            let back = c.dist.quantile(c.dist.cdf(x));
            assert!(
                (back - x).abs() <= 1e-8 * x.abs().max(hi - lo),
                "{}: q(F({x})) = {back}",
                c.name
            );
        }
        for i in 1..100 {
            let u = i as f64 / 100.0;
            let back = c.dist.cdf(c.dist.quantile(u));
            assert!((back - u).abs() <= 1e-9, "{}: F(q({u})) = {back}", c.name);
        }
    }
}

#[test]
fn validation_errors() {
    let s = Support::NON_NEGATIVE;
    let new = |best, min, max, shape: &str, sup| {
        Distribution::new(best, min, max, &shape.parse().unwrap(), sup)
    };
    // missing bounds
    for shape in [
        "uniform",
        "triangular",
        "pert",
        "normal",
        "truncnormal",
        "lognormal",
        "loguniform",
        "beta(a=2,b=2)",
    ] {
        assert!(
            matches!(
                new(1.0, None, None, shape, s),
                Err(DistError::MissingBounds { .. })
            ),
            "{shape}"
        );
    }
    assert!(matches!(
        new(1.0, Some(0.5), None, "uniform", s),
        Err(DistError::MissingBounds { which: "max", .. })
    ));
    assert!(matches!(
        new(1.0, None, Some(2.0), "uniform", s),
        Err(DistError::MissingBounds { which: "min", .. })
    ));
    assert!(matches!(
        new(1.0, Some(2.0), Some(0.5), "uniform", s),
        Err(DistError::MinGreaterThanMax { .. })
    ));
    assert!(matches!(
        new(3.0, Some(0.5), Some(2.0), "triangular", s),
        Err(DistError::BestOutsideRange { .. })
    ));
    assert!(matches!(
        new(0.1, Some(0.5), None, "normal(sd=1)", s),
        Err(DistError::BestOutsideRange { .. })
    ));
    // lognormal from range: best must be within the range
    assert!(matches!(
        new(5.0, Some(1.0), Some(4.0), "lognormal", s),
        Err(DistError::BestOutsideRange { .. })
    ));
    // grade support (0, 1]
    let g = Support::FRACTION_OPEN_LOW;
    assert!(matches!(
        new(0.5, Some(0.0), Some(0.9), "uniform", g),
        Err(DistError::OutsideSupport { what: "min", .. })
    ));
    assert!(matches!(
        new(0.5, Some(0.1), Some(1.2), "uniform", g),
        Err(DistError::OutsideSupport { what: "max", .. })
    ));
    assert!(matches!(
        new(1.5, None, None, "fixed", g),
        Err(DistError::OutsideSupport { what: "best", .. })
    ));
    assert!(matches!(
        new(-1.0, None, None, "fixed", s),
        Err(DistError::OutsideSupport { what: "best", .. })
    ));
    // non-finite numbers
    assert!(matches!(
        new(f64::NAN, None, None, "fixed", s),
        Err(DistError::NonFinite { what: "best", .. })
    ));
    assert!(matches!(
        new(1.0, Some(0.0), Some(f64::INFINITY), "uniform", s),
        Err(DistError::NonFinite { what: "max", .. })
    ));
    // malformed support
    let bad = Support {
        lo: 1.0,
        hi: 0.0,
        lo_open: false,
        hi_open: false,
    };
    assert!(matches!(
        new(0.5, None, None, "fixed", bad),
        Err(DistError::InvalidSupport { .. })
    ));
    // messages say what to do
    let msg = new(0.5, Some(0.0), Some(0.9), "uniform", g)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("(0, 1]") && msg.contains("change it"), "{msg}");
    let msg = new(1.0, None, None, "uniform", s).unwrap_err().to_string();
    assert!(msg.contains("min and max"), "{msg}");
    // scale factor
    let u = new(1.0, Some(0.5), Some(2.0), "uniform", s).unwrap();
    assert!(matches!(u.scaled(0.0), Err(DistError::InvalidScale { .. })));
    assert!(matches!(
        u.scaled(f64::NAN),
        Err(DistError::InvalidScale { .. })
    ));
    assert!(matches!(
        new(0.5, Some(0.2), Some(0.9), "uniform", g)
            .unwrap()
            .scaled_within(1.5, g),
        Err(DistError::OutsideSupport { .. })
    ));
}

#[test]
fn degenerate_ranges_become_point_masses() {
    for shape in [
        "uniform",
        "triangular",
        "pert",
        "normal",
        "truncnormal",
        "lognormal",
        "loguniform",
        "beta(a=2,b=3)",
        "empirical(2;2)",
    ] {
        let dist = Distribution::new(
            2.0,
            Some(2.0),
            Some(2.0),
            &shape.parse().unwrap(),
            Support::NON_NEGATIVE,
        )
        .unwrap();
        assert!(dist.is_fixed(), "{shape}");
        assert_eq!(dist.quantile(0.3), 2.0);
        assert_eq!(dist.variance(), 0.0);
    }
}

#[test]
fn shape_parsing() {
    let ok = |s: &str, want: Shape| assert_eq!(s.parse::<Shape>(), Ok(want), "{s}");
    ok("fixed", Shape::Fixed);
    ok(" Uniform ", Shape::Uniform);
    ok("TRIANGULAR", Shape::Triangular);
    ok("pert", Shape::Pert);
    ok("normal", Shape::Normal { sd: None });
    ok("normal( sd = 0.3 )", Shape::Normal { sd: Some(0.3) });
    ok("truncnormal", Shape::TruncNormal { sd: None });
    ok(
        "TruncNormal(SD=2e-3)",
        Shape::TruncNormal { sd: Some(0.002) },
    );
    ok("lognormal", Shape::LogNormal { gsd: None });
    ok("lognormal(gsd=1.5)", Shape::LogNormal { gsd: Some(1.5) });
    ok("log uniform", Shape::LogUniform);
    ok("beta(a=2,b=5)", Shape::Beta { a: 2.0, b: 5.0 });
    ok("beta(b=5; a=2)", Shape::Beta { a: 2.0, b: 5.0 });
    ok(
        "empirical(1.2;1.5;2.0)",
        Shape::Empirical(vec![1.2, 1.5, 2.0]),
    );
    ok(
        "empirical( 1.2 , 1.5 ; 2 )",
        Shape::Empirical(vec![1.2, 1.5, 2.0]),
    );
    ok("empirical(7)", Shape::Empirical(vec![7.0]));

    let err = |s: &str| s.parse::<Shape>().unwrap_err();
    assert_eq!(err(""), ShapeError::Empty);
    assert_eq!(err("   "), ShapeError::Empty);
    for bad in ["gamma", "normal(sd=0.3", "norma", "normal)sd=1("] {
        assert!(matches!(err(bad), ShapeError::Unknown { .. }), "{bad}");
    }
    for bad in [
        "normal(gsd=2)",
        "normal(0.3)",
        "lognormal(sd=2)",
        "uniform(1,2)",
        "beta(a=2)",
        "beta(a=2,b=3,c=4)",
        "beta(a=2,a=3)",
        "beta",
        "empirical()",
        "empirical",
    ] {
        assert!(
            matches!(err(bad), ShapeError::BadParameters { .. }),
            "{bad}"
        );
    }
    for bad in [
        "normal(sd=)",
        "normal(sd=abc)",
        "normal(sd=nan)",
        "lognormal(gsd=inf)",
        "beta(a=x,b=1)",
        "empirical(1;;2)",
        "empirical(1;two)",
    ] {
        assert!(matches!(err(bad), ShapeError::BadNumber { .. }), "{bad}");
    }
    let msg = err("gamma").to_string();
    for name in [
        "fixed",
        "uniform",
        "triangular",
        "pert",
        "normal",
        "truncnormal",
        "lognormal",
        "loguniform",
        "beta",
        "empirical",
    ] {
        assert!(msg.contains(name), "{msg} lacks {name}");
    }
}

#[test]
fn shape_display_round_trips() {
    let shapes = [
        Shape::Fixed,
        Shape::Uniform,
        Shape::Triangular,
        Shape::Pert,
        Shape::Normal { sd: None },
        Shape::Normal { sd: Some(0.3) },
        Shape::TruncNormal { sd: None },
        Shape::TruncNormal { sd: Some(1e-7) },
        Shape::LogNormal { gsd: None },
        Shape::LogNormal { gsd: Some(1.5) },
        Shape::LogUniform,
        Shape::Beta { a: 2.0, b: 5.0 },
        Shape::Beta {
            a: 0.1,
            b: 12345.678,
        },
        Shape::Empirical(vec![1.2, 1.5, 2.0, -3.0, 1e22, 0.1 + 0.2]),
    ];
    for s in shapes {
        let text = s.to_string();
        assert_eq!(text.parse::<Shape>(), Ok(s.clone()), "{text}");
        assert_eq!(text.to_uppercase().parse::<Shape>(), Ok(s), "{text}");
    }
    assert_eq!(Shape::Beta { a: 2.0, b: 5.0 }.to_string(), "beta(a=2,b=5)");
    assert_eq!(
        Shape::Normal { sd: Some(0.3) }.to_string(),
        "normal(sd=0.3)"
    );
    assert_eq!(
        Shape::Empirical(vec![1.2, 1.5, 2.0]).to_string(),
        "empirical(1.2;1.5;2)"
    );
}

#[test]
fn scaled_is_the_distribution_of_k_x() {
    let k = 2.5;
    for c in cases() {
        let s = c.dist.scaled(k).unwrap();
        for i in 1..50 {
            let u = i as f64 / 50.0;
            let (a, b) = (s.quantile(u), k * c.dist.quantile(u));
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{}: {a} vs {b}",
                c.name
            );
        }
        let (m, v) = (c.dist.mean(), c.dist.variance());
        assert!(
            (s.mean() - k * m).abs() <= 1e-9 * (k * m).abs().max(1.0),
            "{}",
            c.name
        );
        assert!(
            (s.variance() - k * k * v).abs() <= 1e-8 * (k * k * v).max(1e-12),
            "{}",
            c.name
        );
    }
    // scaling a mass stays in its support; a truncation at 0 stays at 0
    let m = d(10.0, Some(6.0), Some(14.0), "normal", Support::NON_NEGATIVE);
    let m2 = m.scaled_within(0.9, Support::NON_NEGATIVE).unwrap();
    assert_eq!(m2.bounds(), (0.0, f64::INFINITY));
}

/// A generator that replays fixed words, to check [`open01`].
struct Replay(Vec<u64>);
impl rand::TryRng for Replay {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0.remove(0))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(0);
        Ok(())
    }
}

#[test]
fn open01_uses_53_bits_and_excludes_0_and_1() {
    // all-zero top bits are redrawn; all-ones gives 1 - 2^-53
    let mut r = Replay(vec![0, (1 << 11) - 1, u64::MAX, 1 << 11]);
    assert_eq!(open01(&mut r), 1.0 - 2f64.powi(-53));
    assert_eq!(open01(&mut r), 2f64.powi(-53));
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..10_000 {
        let u = open01(&mut rng);
        assert!(u > 0.0 && u < 1.0);
    }
    // sample() is quantile(open01())
    let dist = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
    let mut a = StdRng::seed_from_u64(9);
    let mut b = StdRng::seed_from_u64(9);
    assert_eq!(dist.sample(&mut a), dist.quantile(open01(&mut b)));
}

#[test]
fn support_membership() {
    assert!(Support::FRACTION_OPEN_LOW.contains(1.0));
    assert!(!Support::FRACTION_OPEN_LOW.contains(0.0));
    assert!(Support::UNIT.contains(0.0) && Support::UNIT.contains(1.0));
    assert!(!Support::UNIT.contains(1.0 + 1e-15));
    assert!(Support::NON_NEGATIVE.contains(0.0));
    assert!(!Support::NON_NEGATIVE.contains(f64::INFINITY));
    assert!(!Support::POSITIVE.contains(0.0));
    assert!(!Support::REAL.contains(f64::NAN));
    assert_eq!(Support::FRACTION_OPEN_LOW.to_string(), "(0, 1]");
}

#[test]
fn describe_names_the_shape_as_written_with_its_parameters() {
    let d = |best, min, max, shape: &str| {
        Distribution::new(
            best,
            min,
            max,
            &shape.parse::<Shape>().unwrap(),
            Support::NON_NEGATIVE,
        )
        .unwrap()
        .describe()
    };
    assert_eq!(d(2.0, Some(1.0), Some(5.0), "pert"), "pert(mode=2)");
    assert_eq!(
        d(2.0, Some(1.0), Some(5.0), "triangular"),
        "triangular(mode=2)"
    );
    assert_eq!(d(2.0, Some(1.0), Some(5.0), "uniform"), "uniform");
    assert_eq!(
        d(2.0, None, None, "lognormal(gsd=1.5)"),
        "lognormal(median=2, gsd=1.5)"
    );
    assert_eq!(
        d(2.0, None, None, "normal(sd=0.5)"),
        "truncnormal(mean=2, sd=0.5)"
    );
    assert_eq!(
        Distribution::new(
            2.0,
            None,
            None,
            &"normal(sd=0.5)".parse().unwrap(),
            Support::REAL
        )
        .unwrap()
        .describe(),
        "normal(mean=2, sd=0.5)"
    );
    assert_eq!(
        d(2.0, Some(1.0), Some(5.0), "beta(a=2,b=3)"),
        "beta(a=2, b=3)"
    );
    assert_eq!(d(2.0, None, None, "fixed"), "fixed(2)");
    assert_eq!(
        d(2.0, None, None, "empirical(1;2;3)"),
        "empirical(3 values)"
    );
}
