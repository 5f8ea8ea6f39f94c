//! Correlated inputs (`correlations.csv`, `[[correlation]]`, `[[shared_factor]]`): achieved
//! rank correlations within their sampling error, marginals unchanged (Kolmogorov–Smirnov
//! against statrs), nothing declared = the draws of independent sampling bit for bit, and
//! declarations that cannot hold refused with their file and line.

mod common;

use common::{copy_fixture, hf, text};
use hiddenflow::config::{Flags, RunConfig};
use hiddenflow::engine::{Job, LANES, build_job};
use statrs::distribution::{ContinuousCDF, Uniform};
use std::path::Path;

const SR: &str = "mine:cu_mine_a:stripping_ratio";
const GRADE: &str = "mine:cu_mine_a:copper:ore_grade";

fn job(
    data: &Path,
    spec: Option<&str>,
    method: &str,
    samples: u64,
) -> (hiddenflow::model::Model, Job) {
    let spec_path = spec.map(|text| {
        let p = data.join("study.toml");
        std::fs::write(&p, text).unwrap();
        p
    });
    let flags = Flags {
        spec: spec_path,
        data: Some(data.to_path_buf()),
        samples: Some(samples),
        method: Some(method.into()),
        seed: Some(7),
        out: Some(data.join("out")),
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags).expect("config");
    let model = hiddenflow::commands::load_model(&cfg.data, &cfg.model).expect("model");
    let job = build_job(&model, &cfg).expect("job");
    (model, job)
}

/// Every sample's values of the named parameters, through the side-by-side path (and checked
/// against the one-sample path on the first lanes).
fn draws(model: &hiddenflow::model::Model, job: &Job, names: &[&str], n: u64) -> Vec<Vec<f64>> {
    let idx: Vec<usize> = names
        .iter()
        .map(|n| model.params.iter().position(|p| p.name == *n).expect(n))
        .collect();
    let mut out = vec![Vec::with_capacity(n as usize); names.len()];
    let mut st = job.state();
    let mut one = job.state();
    let mut first = 0;
    while first < n {
        let count = (n - first).min(LANES as u64) as usize;
        job.draw_lanes(first, count, &mut st);
        for l in 0..count {
            for (k, &p) in idx.iter().enumerate() {
                out[k].push(job.lane_values(&st)[p][l]);
            }
        }
        if first == 0 {
            job.draw(0, &mut one);
            for &p in &idx {
                assert_eq!(
                    job.values(&one)[p].to_bits(),
                    job.lane_values(&st)[p][0].to_bits()
                );
            }
        }
        first += count as u64;
    }
    out
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    for (rank, &i) in order.iter().enumerate() {
        r[i] = rank as f64;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let m = (x.len() as f64 - 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - m) * (b - m);
        sxx += (a - m) * (a - m);
        syy += (b - m) * (b - m);
    }
    sxy / (sxx * syy).sqrt()
}

/// Kolmogorov–Smirnov distance of a sample from a CDF.
fn ks(x: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len() as f64;
    s.iter()
        .enumerate()
        .map(|(i, &v)| {
            let f = cdf(v);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

/// The 0.1 % critical value of the one-sample KS statistic (asymptotic, √n·D > 1.95).
fn ks_critical(n: usize) -> f64 {
    1.95 / (n as f64).sqrt()
}

/// Sampling error of Spearman's ρ̂ at n (≈ (1 − ρ²)·1.06/√(n − 3) for normal scores, Fieller
/// et al. 1957); tolerance 4 sd.
fn rho_tolerance(rho: f64, n: usize) -> f64 {
    4.0 * 1.06 * (1.0 - rho * rho) / ((n - 3) as f64).sqrt() + 4.0 / n as f64
}

fn write_correlations(dir: &Path, rows: &str) {
    std::fs::write(
        dir.join("correlations.csv"),
        format!("parameter_a,parameter_b,rho,source,year\n{rows}"),
    )
    .unwrap();
}

#[test]
fn a_declared_pair_reaches_its_rank_correlation_and_keeps_its_marginals() {
    let n = 20_000;
    for (rho, method) in [(0.7, "mc"), (-0.5, "lhs"), (0.3, "sobol")] {
        let d = copy_fixture("tiny");
        write_correlations(d.path(), &format!("{SR},{GRADE},{rho},test,2024\n"));
        let (model, job) = job(d.path(), None, method, n);
        assert_eq!(job.dependence.data_pairs, 1);
        let x = draws(&model, &job, &[SR, GRADE, "vehicle:bev:battery_kwh"], n);
        let r = spearman(&x[0], &x[1]);
        assert!(
            (r - rho).abs() < rho_tolerance(rho, n as usize),
            "{method}: ρ̂ = {r}, declared {rho}"
        );
        // An undeclared pair stays independent.
        let r0 = spearman(&x[0], &x[2]);
        assert!(
            r0.abs() < rho_tolerance(0.0, n as usize),
            "{method}: ρ̂ = {r0}"
        );
        // Marginals: stripping ratio uniform on [1, 3]; ln(grade) uniform on [ln 0.005, ln 0.02].
        let sr = Uniform::new(1.0, 3.0).unwrap();
        let d_sr = ks(&x[0], |v| sr.cdf(v));
        let lg = Uniform::new(0.005f64.ln(), 0.02f64.ln()).unwrap();
        let logs: Vec<f64> = x[1].iter().map(|g| g.ln()).collect();
        let d_g = ks(&logs, |v| lg.cdf(v));
        assert!(d_sr < ks_critical(n as usize), "{method}: KS {d_sr}");
        assert!(d_g < ks_critical(n as usize), "{method}: KS {d_g}");
    }
}

#[test]
fn nothing_declared_draws_exactly_what_independent_sampling_draws() {
    let n = 4096;
    let names = [
        SR,
        GRADE,
        "supply:copper:CL:share",
        "vehicle:bev:battery_kwh",
    ];
    for method in ["mc", "lhs", "sobol"] {
        let plain = copy_fixture("tiny");
        let (m0, j0) = job(plain.path(), None, method, n);
        let base = draws(&m0, &j0, &names, n);
        // An empty correlations.csv declares nothing.
        let empty = copy_fixture("tiny");
        write_correlations(empty.path(), "");
        let (m1, j1) = job(empty.path(), None, method, n);
        assert!(j1.copula.is_empty());
        assert_eq!(j0.dims, j1.dims);
        let same = draws(&m1, &j1, &names, n);
        // Declared, but --independent: ignored, so again the same draws.
        let declared = copy_fixture("tiny");
        write_correlations(declared.path(), &format!("{SR},{GRADE},0.9,test,2024\n"));
        let (m2, j2) = {
            let flags = Flags {
                data: Some(declared.path().to_path_buf()),
                samples: Some(n),
                method: Some(method.into()),
                seed: Some(7),
                independent: true,
                ..Flags::default()
            };
            let cfg = RunConfig::resolve(&flags).unwrap();
            let m = hiddenflow::commands::load_model(&cfg.data, &cfg.model).unwrap();
            let j = build_job(&m, &cfg).unwrap();
            (m, j)
        };
        assert!(j2.dependence.ignored);
        let ignored = draws(&m2, &j2, &names, n);
        for k in 0..names.len() {
            for i in 0..n as usize {
                assert_eq!(base[k][i].to_bits(), same[k][i].to_bits());
                assert_eq!(base[k][i].to_bits(), ignored[k][i].to_bits());
            }
        }
        // And declared without --independent, the draws do change.
        let (m3, j3) = job(declared.path(), None, method, n);
        let corr = draws(&m3, &j3, &names, n);
        assert!((0..n as usize).any(|i| corr[1][i] != base[1][i]));
        // … but only the correlated parameters': an undeclared one keeps its draws.
        assert!((0..n as usize).all(|i| corr[2][i] == base[2][i]));
    }
}

#[test]
fn a_shared_factor_correlates_every_member_and_rho_one_moves_them_as_one() {
    let n = 20_000;
    let d = copy_fixture("tiny");
    let spec = |rho: f64| {
        format!(
            "[[shared_factor]]\nname = \"supply\"\nparameters = \"supply:copper:*:share\"\nrho = {rho}\n\n[[shared_factor]]\nname = \"mine\"\nparameters = \"mine:cu_mine_a:*\"\nrho = {rho}\n"
        )
    };
    let names = [
        "supply:copper:CL:share",
        "supply:copper:CD:share",
        SR,
        GRADE,
        "vehicle:bev:battery_kwh",
    ];
    let (model, job) = job(d.path(), Some(&spec(0.6)), "mc", n);
    assert_eq!(
        job.dependence.factors,
        vec![("supply".into(), 2), ("mine".into(), 2)]
    );
    // Each factor adds a dimension of its own, after the parameters'.
    assert_eq!(job.dims, job.n_uncertain + 2);
    let x = draws(&model, &job, &names, n);
    let tol = rho_tolerance(0.6, n as usize);
    assert!((spearman(&x[0], &x[1]) - 0.6).abs() < tol);
    assert!((spearman(&x[2], &x[3]) - 0.6).abs() < tol);
    // Members of different factors, and non-members, stay independent.
    assert!(spearman(&x[0], &x[2]).abs() < rho_tolerance(0.0, n as usize));
    assert!(spearman(&x[4], &x[3]).abs() < rho_tolerance(0.0, n as usize));
    let (model, job1) = job_with(d.path(), &spec(1.0), n);
    let x = draws(&model, &job1, &names, n);
    let (ra, rb) = (ranks(&x[2]), ranks(&x[3]));
    assert_eq!(ra, rb, "rho = 1: the members' ranks are identical");
}

fn job_with(data: &Path, spec: &str, n: u64) -> (hiddenflow::model::Model, Job) {
    job(data, Some(spec), "mc", n)
}

#[test]
fn declarations_that_cannot_hold_are_refused_with_file_line_and_fix() {
    let d = copy_fixture("tiny");
    let cases: [(&str, &str); 4] = [
        (
            "mine:nowhere:*,vehicle:bev:battery_kwh,0.5,test,2024\n",
            "matches no parameter",
        ),
        (
            "mine:cuco_mine:stripping_ratio,vehicle:bev:battery_kwh,0.5,test,2024\n",
            "only parameters without a range",
        ),
        (&format!("{SR},{GRADE},1.2,test,2024\n"), "between -1 and 1"),
        (
            &format!(
                "{SR},{GRADE},0.9,test,2024\n{GRADE},vehicle:bev:battery_kwh,0.9,test,2024\n{SR},vehicle:bev:battery_kwh,-0.9,test,2024\n"
            ),
            "not positive definite",
        ),
    ];
    for (rows, expect) in cases {
        write_correlations(d.path(), rows);
        let o = hf(
            d.path(),
            &[
                "run",
                "--data",
                ".",
                "--samples",
                "1000",
                "--out",
                "o",
                "--force",
            ],
        );
        let t = text(&o);
        assert_eq!(o.status.code(), Some(2), "{t}");
        assert!(t.contains(expect), "expected `{expect}` in: {t}");
        assert!(t.contains("correlations.csv"), "{t}");
        assert!(
            !d.path().join("o").exists(),
            "nothing is written on bad input"
        );
    }
    // The non-positive-definite message names every pair involved, each with its line.
    assert!(
        text(&hf(
            d.path(),
            &["run", "--data", ".", "--samples", "1000", "--out", "o"]
        ))
        .contains(":4)")
    );
    // A rank correlation of 1 between two parameters points to a shared factor.
    write_correlations(d.path(), &format!("{SR},{GRADE},1,test,2024\n"));
    let t = text(&hf(
        d.path(),
        &["run", "--data", ".", "--samples", "1000", "--out", "o"],
    ));
    assert!(t.contains("shared_factor"), "{t}");
    // Sobol', Morris and tornado analyses refuse dependent inputs, and say what to do.
    write_correlations(d.path(), &format!("{SR},{GRADE},0.5,test,2024\n"));
    let sensitivity = |extra: &[&str]| {
        let mut args = vec![
            "sensitivity",
            "--data",
            ".",
            "--samples",
            "1024",
            "--out",
            "s",
        ];
        args.extend_from_slice(extra);
        hf(d.path(), &args)
    };
    let o = sensitivity(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--independent"), "{}", text(&o));
    let o = sensitivity(&["--independent"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_run_records_its_dependence_in_the_manifest() {
    let d = copy_fixture("tiny");
    write_correlations(d.path(), &format!("{SR},{GRADE},0.5,test,2024\n"));
    std::fs::write(
        d.path().join("s.toml"),
        "data = \".\"\n[[shared_factor]]\nname = \"supply\"\nparameters = \"supply:*\"\n",
    )
    .unwrap();
    let o = hf(d.path(), &["run", "s.toml", "--samples", "2000"]);
    assert!(o.status.success(), "{}", text(&o));
    let m = common::manifest(&d.path().join("s"));
    let dep = &m["dependence"];
    assert_eq!(dep["data_pairs"], 1);
    assert_eq!(dep["shared_factors"][0]["name"], "supply");
    assert_eq!(dep["shared_factors"][0]["members"], 2);
    assert_eq!(dep["correlated_parameters"], 4);
    // `check` lists the dataset's declared pairs.
    let o = hf(d.path(), &["check", "--data", "."]);
    assert!(
        text(&o).contains(&format!("{SR} ~ {GRADE}: rho = 0.5")),
        "{}",
        text(&o)
    );
    // `independent = true` in the spec ignores the declarations, as --independent does.
    std::fs::write(
        d.path().join("s.toml"),
        "data = \".\"\nindependent = true\n[[shared_factor]]\nname = \"supply\"\nparameters = \"supply:*\"\n",
    )
    .unwrap();
    let o = hf(d.path(), &["run", "s.toml", "--samples", "2000", "--force"]);
    assert!(o.status.success(), "{}", text(&o));
    let m = common::manifest(&d.path().join("s"));
    assert_eq!(m["dependence"]["ignored"], true);
    assert_eq!(m["dependence"]["correlated_parameters"], 0);
}
