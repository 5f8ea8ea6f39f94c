//! End-to-end tests of the Monte Carlo engine through `hiddenflow::commands::run`:
//! exact answers on a closed-form fixture, variance reduction of LHS and Sobol', bit-identical
//! results for any thread count, block size or sharding, pinned values, kept samples,
//! `--precision` and scenarios.
//!
//! The closed-form fixture `tests/fixtures/closed_form` has one mine (CL), one commodity
//! (copper), one material, one component and one vehicle:
//! * ore grade g log-uniform on [0.5 %, 2 %]; beneficiation recovery Rb = 0.8, smelting
//!   recovery Rs = 0.9, concentrate grade 25 %, stripping ratio SR = 3, all fixed;
//! * recycled share 0, no ancillary inputs; material, component and their yields 1;
//! * the vehicle holds k = 1000 kg = 1 t of the component.
//!
//! Per t of copper the flows sum to (1 + SR)/(g·Rb·Rs) (used 1, waste SR·O, tailings O − C,
//! residues C − 1, with O = 1/(g·Rb·Rs)), so the vehicle's TMR is T = K/g with
//! K = k·(1 + SR)/(Rb·Rs) = 4/0.72 t. With ln g uniform on [ln g_lo, ln g_hi], ln T = ln K − ln g
//! is uniform on [ln(K/g_hi), ln(K/g_lo)]: T is log-uniform on [lo, hi] = [K/g_hi, K/g_lo], so
//! q(p) = lo·(hi/lo)^p and E[T] = (hi − lo)/ln(hi/lo).

use hiddenflow::config::Flags;
use hiddenflow::sampling::design::{Design, Method};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{fixture, manifest, num, read_csv};

/// Runs the engine with `flags` (data and out filled in) and returns the output folder.
fn run(data: &str, out: &Path, flags: Flags) -> PathBuf {
    let flags = Flags {
        data: Some(fixture(data)),
        out: Some(out.to_path_buf()),
        ..flags
    };
    hiddenflow::commands::run(&flags).unwrap_or_else(|e| panic!("run failed: {e}"));
    out.to_path_buf()
}

/// The summary.csv row of (vehicle, quantity).
/// Writes `text` as a run spec in a temporary folder and runs it on `threads` threads; returns
/// the folder (keep it alive) and the output folder.
fn run_spec(text: &str, threads: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec.toml");
    std::fs::write(&spec, text).unwrap();
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&Flags {
        spec: Some(spec),
        out: Some(out.clone()),
        threads: Some(threads),
        ..Flags::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (tmp, out)
}

fn summary_row(out: &Path, vehicle: &str, quantity: &str) -> BTreeMap<String, String> {
    read_csv(&out.join("summary.csv"))
        .into_iter()
        .find(|r| r["vehicle"] == vehicle && r["quantity"] == quantity)
        .unwrap_or_else(|| panic!("no summary row {vehicle} {quantity}"))
}

const PCOLS: [(&str, f64); 7] = [
    ("p2_5", 0.025),
    ("p5", 0.05),
    ("p25", 0.25),
    ("p50", 0.5),
    ("p75", 0.75),
    ("p95", 0.95),
    ("p97_5", 0.975),
];

/// Histogram resolution of the reported (headline) percentiles: 2^-accum::SUB_BITS.
const HIST_REL: f64 = 1.0 / (1u64 << hiddenflow::accum::SUB_BITS) as f64;

// ---------------------------------------------------------------------------------------------
// a. closed form

/// Bounds of the log-uniform TMR of the closed-form fixture.
fn closed_form_bounds() -> (f64, f64) {
    let (k, sr, rb, rs) = (1.0, 3.0, 0.8, 0.9);
    let (g_lo, g_hi) = (0.005, 0.02);
    let c = k * (1.0 + sr) / (rb * rs);
    (c / g_hi, c / g_lo)
}

fn exact_quantile(p: f64) -> f64 {
    let (lo, hi) = closed_form_bounds();
    lo * (hi / lo).powf(p)
}

fn exact_mean() -> f64 {
    let (lo, hi) = closed_form_bounds();
    (hi - lo) / (hi / lo).ln()
}

#[test]
fn closed_form_fixture_point_value() {
    // At the best estimate g = 1 %: T = 4 / (0.01 · 0.72).
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        "closed_form",
        &tmp.path().join("o"),
        Flags {
            samples: Some(1024),
            threads: Some(1),
            ..Flags::default()
        },
    );
    let row = summary_row(&out, "icev", "tmr");
    let point = num(&row, "point");
    assert!(
        (point - 4.0 / 0.0072).abs() <= 1e-9 * point,
        "point {point}"
    );
    assert_eq!(num(&row, "n"), 1024.0);
}

#[test]
fn closed_form_percentiles_and_mean_are_exact_within_their_standard_errors() {
    let n = 1u64 << 16;
    for method in ["mc", "lhs", "sobol"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = run(
            "closed_form",
            &tmp.path().join(method),
            Flags {
                samples: Some(n),
                seed: Some(20190101),
                method: Some(method.into()),
                threads: Some(2),
                ..Flags::default()
            },
        );
        let row = summary_row(&out, "icev", "tmr");
        assert_eq!(num(&row, "n"), n as f64, "{method}");
        assert_eq!(num(&row, "non_finite"), 0.0, "{method}");
        for (col, p) in PCOLS {
            let got = num(&row, col);
            let se = num(&row, &format!("se_{col}"));
            let want = exact_quantile(p);
            assert!(se > 0.0 && se < 0.05 * want, "{method} se_{col} = {se}");
            let tol = 4.0 * se + HIST_REL * want;
            assert!(
                (got - want).abs() <= tol,
                "{method} {col}: {got} vs exact {want} (|err| {} > {tol}; se {se})",
                (got - want).abs()
            );
        }
        let mean = num(&row, "mean");
        let se_mean = num(&row, "se_mean");
        let sd = num(&row, "sd");
        if method == "mc" {
            assert!((se_mean - sd / (n as f64).sqrt()).abs() <= 1e-12 * se_mean);
        } else {
            // Randomised designs: the error from their replicates, below the iid formula's.
            assert!(
                se_mean > 0.0 && se_mean < sd / (n as f64).sqrt(),
                "{method} se_mean {se_mean}"
            );
        }
        assert!(
            (mean - exact_mean()).abs() <= 4.0 * se_mean,
            "{method} mean {mean} vs exact {} (se {se_mean})",
            exact_mean()
        );
        // sd: E[T^k] = (hi^k − lo^k)/(k·ln(hi/lo)); the standard error of a sample sd is about
        // sqrt(μ4 − σ⁴)/(2σ√n).
        let (lo, hi) = closed_form_bounds();
        let moment = |k: i32| (hi.powi(k) - lo.powi(k)) / (k as f64 * (hi / lo).ln());
        let m = exact_mean();
        let var = moment(2) - m * m;
        let mu4 = moment(4) - 4.0 * m * moment(3) + 6.0 * m * m * moment(2) - 3.0 * m.powi(4);
        let exact_sd = var.sqrt();
        let se_sd = (mu4 - var * var).sqrt() / (2.0 * exact_sd * (n as f64).sqrt());
        assert!(
            (sd - exact_sd).abs() <= 4.0 * se_sd,
            "{method} sd {sd} vs {exact_sd} (se {se_sd})"
        );
    }
}

#[test]
fn lhs_and_sobol_have_smaller_error_of_the_mean_than_mc() {
    let n = 4096;
    let seeds = 10u64;
    let exact_m = exact_mean();
    let exact_med = exact_quantile(0.5);
    let tmp = tempfile::tempdir().unwrap();
    let mut rmse = BTreeMap::new();
    for method in ["mc", "lhs", "sobol"] {
        let (mut se_m, mut se_med) = (0.0, 0.0);
        for seed in 0..seeds {
            let out = run(
                "closed_form",
                &tmp.path().join(format!("{method}_{seed}")),
                Flags {
                    samples: Some(n),
                    seed: Some(1000 + seed),
                    method: Some(method.into()),
                    threads: Some(1),
                    ..Flags::default()
                },
            );
            let row = summary_row(&out, "icev", "tmr");
            se_m += (num(&row, "mean") - exact_m).powi(2);
            se_med += (num(&row, "p50") - exact_med).powi(2);
        }
        rmse.insert(
            method,
            ((se_m / seeds as f64).sqrt(), (se_med / seeds as f64).sqrt()),
        );
    }
    let mc = rmse["mc"];
    for method in ["lhs", "sobol"] {
        let r = rmse[method];
        println!(
            "n = {n}, {seeds} seeds: RMSE of the mean: mc {:.3e}, {method} {:.3e} (mc/{method} = {:.1}); \
             RMSE of p50: mc {:.3e}, {method} {:.3e} (mc/{method} = {:.1})",
            mc.0,
            r.0,
            mc.0 / r.0,
            mc.1,
            r.1,
            mc.1 / r.1
        );
        assert!(
            r.0 < mc.0,
            "{method}: RMSE of the mean {} ≥ mc {}",
            r.0,
            mc.0
        );
        assert!(r.1 < mc.1, "{method}: RMSE of p50 {} ≥ mc {}", r.1, mc.1);
    }
}

// ---------------------------------------------------------------------------------------------
// b. bit-identical outputs for any split of the work

/// Every results file of `dir`, by name: all but the run's record (manifest.json, and
/// report.html, which shows it) and the convergence record (convergence.csv and its figure),
/// which a merge of shards cannot have: its rounds are prefixes of one run's sample order.
fn result_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name != "manifest.json" && name != "report.html" && !name.contains("convergence")
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn assert_same_results(a: &Path, b: &Path, what: &str) {
    let (fa, fb) = (result_files(a), result_files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    assert!(fa.contains_key("summary.csv") && fa.contains_key("comparisons.csv"));
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{what}: {name} differs");
    }
}

/// Tiny-fixture run with 10 000 samples (9 full chunks and a partial one).
fn tiny_run(out: &Path, method: &str, threads: usize, block: Option<u64>) -> PathBuf {
    run(
        "tiny",
        out,
        Flags {
            samples: Some(10_000),
            seed: Some(42),
            method: Some(method.into()),
            threads: Some(threads),
            block_size: block,
            ..Flags::default()
        },
    )
}

fn sharded_run(tmp: &Path, method: &str, count: u64) -> PathBuf {
    let mut dirs = Vec::new();
    for i in 1..=count {
        let d = tmp.join(format!("shard{i}"));
        run(
            "tiny",
            &d,
            Flags {
                samples: Some(10_000),
                seed: Some(42),
                method: Some(method.into()),
                threads: Some(2),
                block_size: Some(1024),
                shard: Some(format!("{i}/{count}")),
                ..Flags::default()
            },
        );
        assert!(d.join("state.bin").exists());
        dirs.push(d);
    }
    // merge in reverse order: the result must not depend on it
    dirs.reverse();
    let out = tmp.join("merged");
    hiddenflow::commands::merge(&dirs, &out, false).unwrap_or_else(|e| panic!("merge: {e}"));
    out
}

#[test]
fn results_are_bit_identical_for_threads_blocks_and_shards_mc() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = tiny_run(&t.join("t1"), "mc", 1, None);
    let t2 = tiny_run(&t.join("t2"), "mc", 2, None);
    assert_same_results(&base, &t2, "threads 1 vs 2");
    let b1 = tiny_run(&t.join("b1024"), "mc", 2, Some(1024));
    let b16 = tiny_run(&t.join("b16384"), "mc", 2, Some(16384));
    assert_same_results(&b1, &b16, "block size 1024 vs 16384");
    assert_same_results(&base, &b1, "threads 1 vs 2 with block size 1024");
    let merged = sharded_run(&t.join("shards"), "mc", 3);
    assert_same_results(&base, &merged, "unsharded vs 3 shards merged");
    assert_eq!(num(&summary_row(&merged, "bev", "tmr"), "n"), 10_000.0);
}

#[test]
fn results_are_bit_identical_for_threads_sobol_and_lhs() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for method in ["sobol", "lhs"] {
        let a = tiny_run(&t.join(format!("{method}1")), method, 1, None);
        let b = tiny_run(&t.join(format!("{method}2")), method, 2, Some(1024));
        assert_same_results(&a, &b, &format!("{method}: threads 1 vs 2"));
        let merged = sharded_run(&t.join(format!("{method}_shards")), method, 3);
        assert_same_results(&a, &merged, &format!("{method}: unsharded vs 3 shards"));
    }
}

/// A run goes in doubling rounds, its workers keeping their accumulators from round to round;
/// between rounds the convergence table reads the outputs merged across workers. That table
/// must not depend on threads or block size either, and its last round must be the run's own
/// summary.
#[test]
fn convergence_over_several_rounds_is_bit_identical_and_ends_at_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let rounds_run = |name: &str, threads: usize, block: Option<u64>| {
        run(
            "tiny",
            &tmp.path().join(name),
            Flags {
                // Rounds end at 16,384, 32,768 and 50,000 samples (the last chunk partial).
                samples: Some(50_000),
                seed: Some(42),
                threads: Some(threads),
                block_size: block,
                ..Flags::default()
            },
        )
    };
    let a = rounds_run("t1", 1, None);
    let b = rounds_run("t3", 3, Some(1024));
    let c = rounds_run("t2", 2, Some(4096));
    let conv = std::fs::read(a.join("convergence.csv")).unwrap();
    for other in [&b, &c] {
        assert!(
            conv == std::fs::read(other.join("convergence.csv")).unwrap(),
            "convergence.csv differs in {}",
            other.display()
        );
        assert_same_results(&a, other, "several rounds");
    }
    let rows = read_csv(&a.join("convergence.csv"));
    let ns: std::collections::BTreeSet<u64> =
        rows.iter().map(|r| r["n"].parse().unwrap()).collect();
    assert_eq!(ns.into_iter().collect::<Vec<_>>(), [16_384, 32_768, 50_000]);
    for r in rows.iter().filter(|r| r["n"] == "50000") {
        let s = summary_row(&a, &r["vehicle"], &r["quantity"]);
        for (conv_col, summary_col) in [
            ("mean", "mean"),
            ("p2_5", "p2_5"),
            ("p50", "p50"),
            ("p97_5", "p97_5"),
            ("se_p2_5", "se_p2_5"),
            ("se_p97_5", "se_p97_5"),
        ] {
            assert_eq!(
                r[conv_col], s[summary_col],
                "{} {}: last round's {conv_col} is not the summary's",
                r["vehicle"], r["quantity"]
            );
        }
    }
}

#[test]
fn a_different_seed_gives_different_results() {
    // The comparison above would pass trivially if nothing depended on the draws.
    let tmp = tempfile::tempdir().unwrap();
    let a = tiny_run(&tmp.path().join("a"), "mc", 1, None);
    let b = run(
        "tiny",
        &tmp.path().join("b"),
        Flags {
            samples: Some(10_000),
            seed: Some(43),
            threads: Some(1),
            ..Flags::default()
        },
    );
    assert_ne!(
        std::fs::read(a.join("summary.csv")).unwrap(),
        std::fs::read(b.join("summary.csv")).unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// c. pinned values

#[test]
fn pinned_design_uniforms() {
    // A change here is a value-breaking change: bump the version and note it.
    let expected: [(Method, [[f64; 3]; 3]); 3] = [
        (Method::MonteCarlo, PIN_MC),
        (Method::LatinHypercube, PIN_LHS),
        (Method::Sobol, PIN_SOBOL),
    ];
    for (method, want) in expected {
        let d = Design::new(method, 20190101, 3, 4096).unwrap();
        for (i, w) in want.iter().enumerate() {
            let mut u = [0.0; 3];
            d.fill(i as u64, &mut u);
            assert_eq!(
                u.map(f64::to_bits),
                w.map(f64::to_bits),
                "{method} sample {i}: {u:?}"
            );
        }
    }
}

// A change in any of these is a value-breaking change: bump the version and note it.
// Design::new(method, seed 20190101, dims 3, n_total 4096).fill(i) for i = 0, 1, 2.
const PIN_MC: [[f64; 3]; 3] = [
    [0.7157104390929235, 0.7053965676564898, 0.45217533670779375],
    [0.6270313816355174, 0.08923081559790658, 0.30551888174157293],
    [0.0861405214022376, 0.8838565745655013, 0.06325033375739164],
];
const PIN_LHS: [[f64; 3]; 3] = [
    [0.5721962183689192, 0.8973890128339005, 0.22008109749431343],
    [0.5824284744584071, 0.9736545973670894, 0.3552991989457377],
    [0.775899936650733, 0.2763388321715248, 0.439712707601015],
];
const PIN_SOBOL: [[f64; 3]; 3] = [
    [0.7809811475304395, 0.5259069708875864, 0.038567790529087875],
    [0.4928769696313854, 0.2439000149592142, 0.6446130756274836],
    [0.5231244452428744, 0.3102118234057961, 0.8837634270674198],
];
/// Mean of icev tmr, tiny fixture, seed 20190101, 4096 samples, mc (summary.csv).
const PIN_TINY_ICEV_MEAN: f64 = 21.574990622241216;

#[test]
fn pinned_tiny_icev_mean() {
    // A change here is a value-breaking change: bump the version and note it.
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        "tiny",
        &tmp.path().join("o"),
        Flags {
            samples: Some(4096),
            seed: Some(20190101),
            method: Some("mc".into()),
            threads: Some(2),
            ..Flags::default()
        },
    );
    let mean = num(&summary_row(&out, "icev", "tmr"), "mean");
    assert_eq!(
        mean.to_bits(),
        PIN_TINY_ICEV_MEAN.to_bits(),
        "icev tmr mean {mean:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// d. kept samples

#[test]
fn kept_samples_are_in_order_and_match_the_summary() {
    let n = 5000usize;
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        "tiny",
        &tmp.path().join("o"),
        Flags {
            samples: Some(n as u64),
            threads: Some(2),
            block_size: Some(1024),
            keep_samples: true,
            ..Flags::default()
        },
    );
    let text = std::fs::read_to_string(out.join("samples.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "sample");
    for v in ["icev", "bev"] {
        for q in [
            "tmr",
            "hidden_flows",
            "material_efficiency",
            "hidden_share_abroad",
        ] {
            assert!(header.contains(&format!("{v}.{q}").as_str()), "{v}.{q}");
        }
    }
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|c| c.parse::<f64>().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), n);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), header.len());
        assert_eq!(r[0], i as f64, "row {i} holds sample {}", r[0]);
    }
    for (j, col) in header.iter().enumerate().skip(1) {
        let (vehicle, quantity) = col.split_once('.').unwrap();
        // compensated sum
        let (mut s, mut c) = (0.0f64, 0.0f64);
        for r in &rows {
            let x = r[j];
            let t = s + x;
            c += if s.abs() >= x.abs() {
                (s - t) + x
            } else {
                (x - t) + s
            };
            s = t;
        }
        let mean = (s + c) / n as f64;
        let want = num(&summary_row(&out, vehicle, quantity), "mean");
        assert!(
            (mean - want).abs() <= 1e-9 * want.abs(),
            "{col}: samples.csv mean {mean} vs summary {want}"
        );
    }
    assert!(!out.join(".samples.csv.tmp").exists());
}

// ---------------------------------------------------------------------------------------------
// e. --precision

/// Largest relative standard error of p2_5 and p97_5 over the headline rows of summary.csv.
fn worst_tail_rse(out: &Path) -> f64 {
    read_csv(&out.join("summary.csv"))
        .iter()
        .filter(|r| {
            [
                "tmr",
                "hidden_flows",
                "material_efficiency",
                "hidden_share_abroad",
            ]
            .contains(&r["quantity"].as_str())
        })
        .map(|r| {
            (num(r, "se_p2_5") / num(r, "p2_5").abs())
                .max(num(r, "se_p97_5") / num(r, "p97_5").abs())
        })
        .fold(0.0, f64::max)
}

#[test]
fn precision_stops_when_the_tails_are_precise_enough() {
    check_precision(0.01);
}

#[test]
fn precision_over_several_rounds() {
    // 0.002 needs several doubling rounds on the tiny fixture (about 4e-3 after the first).
    check_precision(0.002);
}

fn check_precision(rel: f64) {
    let cap = 1u64 << 24;
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        "tiny",
        &tmp.path().join("o"),
        Flags {
            samples: Some(cap),
            precision: Some(rel),
            threads: Some(2),
            ..Flags::default()
        },
    );
    let m = manifest(&out);
    let stopped = m["stopped_by"].as_str().unwrap();
    assert!(stopped.starts_with("precision"), "stopped by: {stopped}");
    let n = m["samples"].as_u64().unwrap();
    println!("--precision {rel}: stopped at {n} samples ({stopped})");
    assert!(n < cap, "{n}");
    // rounds double from 16 chunks
    assert!(
        n.is_multiple_of(16 * 1024) && (n / (16 * 1024)).is_power_of_two(),
        "{n}"
    );
    for v in ["icev", "bev"] {
        let r = summary_row(&out, v, "tmr");
        assert_eq!(num(&r, "n"), n as f64);
        for (p, se) in [("p2_5", "se_p2_5"), ("p97_5", "se_p97_5")] {
            let x = num(&r, se) / num(&r, p).abs();
            assert!(x <= rel, "{v} {se}/{p} = {x}");
        }
    }
    assert!(worst_tail_rse(&out) <= rel);
    // It stopped at the first round that met the target: with half the samples (the same
    // draws, as a fixed-size run) the target is not met.
    if n > 16 * 1024 {
        let half = run(
            "tiny",
            &tmp.path().join("half"),
            Flags {
                samples: Some(n / 2),
                threads: Some(2),
                ..Flags::default()
            },
        );
        let w = worst_tail_rse(&half);
        assert!(w > rel, "already precise at {} samples: {w}", n / 2);
    }
}

#[test]
fn precision_cap_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        "tiny",
        &tmp.path().join("o"),
        Flags {
            samples: Some(3000),
            precision: Some(1e-6),
            threads: Some(1),
            ..Flags::default()
        },
    );
    let m = manifest(&out);
    assert!(m["stopped_by"].as_str().unwrap().starts_with("samples"));
    assert_eq!(m["samples"].as_u64(), Some(3000));
    assert_eq!(num(&summary_row(&out, "icev", "tmr"), "n"), 3000.0);
}

/// The manifest says what the run cost: samples and parameter draws per second, and the peak
/// memory of the process (on Linux, which reports it).
#[test]
fn manifest_reports_speed_and_peak_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tiny_run(&tmp.path().join("o"), "mc", 2, None);
    let m = manifest(&out);
    let per_second = m["samples_per_second"].as_f64().unwrap();
    let seconds = m["elapsed_seconds"].as_f64().unwrap();
    assert!((per_second * seconds - 10_000.0).abs() < 1e-6 * 10_000.0);
    let uncertain = m["uncertain_parameters"].as_f64().unwrap();
    assert!(uncertain > 0.0);
    let draws = m["parameter_draws_per_second"].as_f64().unwrap();
    assert!(
        (draws - per_second * uncertain).abs() <= 1e-9 * draws,
        "{draws}"
    );
    if cfg!(target_os = "linux") {
        // At least the memory of the accumulators of two workers, which this run had.
        let peak = m["peak_memory_bytes"]
            .as_u64()
            .expect("peak memory on Linux");
        assert!(peak > 1 << 20, "{peak}");
    }
    // Every file the run wrote is listed once, and is there.
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let mut unique = files.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), files.len(), "{files:?}");
    assert!(files.contains(&"summary.md"));
    for f in files {
        assert!(out.join(f).exists(), "{f}");
    }
}

// ---------------------------------------------------------------------------------------------
// f. scenarios
//
// Tiny fixture (see tests/tiny_fixture.rs): per t of copper, TMR = (1 − r)·X + r·10, where X is
// the primary breakdown (supply-weighted mines plus ancillary: 250.5 at best estimates, and
// at least 0.4·125 + 13 > 10 for every draw). icev needs 0.1 t copper plus 0.0125 t plastic
// (5 t/t), so per draw, with the baseline r = 0.2:
//   baseline  T_b = 0.1·(0.8·X + 2) + 0.0625 = 0.08·X + 0.2625,
//   r = 0     T_0 = 0.1·X + 0.0625                → T_0 − T_b = 0.02·X − 0.2 = 0.25·T_b − 0.265625 > 0,
//   r = 0.5   T_5 = 0.1·(0.5·X + 5) + 0.0625      → T_5 − T_b = 0.3 − 0.03·X = 0.3984375 − 0.375·T_b < 0.

#[test]
fn scenario_value_override_matches_the_per_draw_difference() {
    let (_tmp, out) = run_spec(
        &format!(
            r#"
name = "recycling"
data = "{}"
samples = 6000
seed = 5

[[scenario]]
name = "no_recycling"
description = "primary copper only"
set = [{{ parameter = "commodity:copper:recycled_share", value = 0.0 }}]

[[scenario]]
name = "more_recycling"
set = [{{ parameter = "commodity:copper:recycled_share", value = 0.5 }}]
"#,
            fixture("tiny").display()
        ),
        2,
    );

    let base = summary_row(&out, "icev", "tmr");
    let t_mean = num(&base, "mean");
    let cmp = read_csv(&out.join("comparisons.csv"));
    let find = |scenario: &str, vehicle: &str, quantity: &str, statistic: &str| {
        cmp.iter()
            .find(|r| {
                r["scenario"] == scenario
                    && r["a"] == vehicle
                    && r["b"] == vehicle
                    && r["quantity"] == quantity
                    && r["statistic"] == statistic
            })
            .unwrap_or_else(|| panic!("no comparison {scenario} {vehicle} {quantity} {statistic}"))
            .clone()
    };
    // (scenario, slope, intercept of the difference in T_b, expected P(a > b))
    for (scenario, slope, intercept, p_greater) in [
        ("no_recycling", 0.25, -0.265625, 1.0),
        ("more_recycling", -0.375, 0.3984375, 0.0),
    ] {
        let d = find(scenario, "icev", "tmr", "difference");
        assert_eq!(num(&d, "p_a_greater_b"), p_greater, "{scenario}");
        assert_eq!(num(&d, "n"), 6000.0);
        // the point value: X = 250.5
        let x = 250.5;
        let t_b = 0.08 * x + 0.2625;
        assert!((num(&d, "point") - (slope * t_b + intercept)).abs() <= 1e-9);
        // mean: linear in T_b per draw
        let want = slope * t_mean + intercept;
        assert!(
            (num(&d, "mean") - want).abs() <= 1e-9 * want.abs(),
            "{scenario}: mean difference {} vs {want}",
            num(&d, "mean")
        );
        // sd scales by |slope|
        assert!((num(&d, "sd") - slope.abs() * num(&base, "sd")).abs() <= 1e-6 * num(&d, "sd"));
        // percentiles: a monotone linear map of the baseline's (reversed for a negative slope),
        // each reported within the histogram resolution
        for (col, _) in PCOLS {
            let mirror = if slope > 0.0 {
                col
            } else {
                match col {
                    "p2_5" => "p97_5",
                    "p5" => "p95",
                    "p25" => "p75",
                    "p50" => "p50",
                    "p75" => "p25",
                    "p95" => "p5",
                    _ => "p2_5",
                }
            };
            let tb = num(&base, mirror);
            let want = slope * tb + intercept;
            let got = num(&d, col);
            let tol = 2.0 * HIST_REL * (want.abs() + slope.abs() * tb);
            assert!(
                (got - want).abs() <= tol,
                "{scenario} {col}: {got} vs {want}"
            );
        }
        // every draw on the expected side of zero
        if p_greater == 1.0 {
            assert!(num(&d, "p2_5") > 0.0);
        } else {
            assert!(num(&d, "p97_5") < 0.0);
        }
        // the bev gains or loses TMR in the same direction on every draw
        let bev = find(scenario, "bev", "tmr", "difference");
        assert_eq!(num(&bev, "p_a_greater_b"), p_greater, "{scenario} bev");
    }
    // The scenario's own summary: T_0 = 1.25·T_b − 0.265625 per draw.
    let ss = read_csv(&out.join("scenario_summary.csv"));
    let row = ss
        .iter()
        .find(|r| {
            r["scenario"] == "no_recycling" && r["vehicle"] == "icev" && r["quantity"] == "tmr"
        })
        .unwrap();
    let want = 1.25 * t_mean - 0.265625;
    assert!((num(row, "mean") - want).abs() <= 1e-9 * want);
    // The baseline rows of scenario_summary.csv are summary.csv.
    let b = ss
        .iter()
        .find(|r| r["scenario"] == "baseline" && r["vehicle"] == "icev" && r["quantity"] == "tmr")
        .unwrap();
    assert_eq!(b["mean"], base["mean"]);
    assert_eq!(b["p97_5"], base["p97_5"]);
}

/// Regression: replacing the stripping ratio's uniform [1, 3] with a PERT of the same
/// best/min/max gives a point difference of −2.1e-14 t (the PERT median is 2 up to rounding)
/// while the per-draw differences are O(1 t). Moments once took their fixed-point scale from that
/// magnitude and overflowed (mean and sd NaN); they are now summed exactly about any centre.
#[test]
fn scenario_difference_with_a_rounding_residue_point_has_a_mean() {
    let (_tmp, out) = run_spec(
        &format!(
            r#"
data = "{}"
samples = 2048
[[scenario]]
name = "pert"
set = [{{ parameter = "mine:cu_mine_a:stripping_ratio", best = 2, min = 1, max = 3, dist = "pert" }}]
"#,
            fixture("tiny").display()
        ),
        1,
    );
    let ss = read_csv(&out.join("scenario_summary.csv"));
    let mean_of = |scenario: &str| {
        num(
            ss.iter()
                .find(|r| {
                    r["scenario"] == scenario && r["vehicle"] == "icev" && r["quantity"] == "tmr"
                })
                .unwrap(),
            "mean",
        )
    };
    let want = mean_of("pert") - mean_of("baseline");
    let d = read_csv(&out.join("comparisons.csv"))
        .into_iter()
        .find(|r| r["scenario"] == "pert" && r["a"] == "icev" && r["statistic"] == "difference")
        .unwrap();
    let got = num(&d, "mean");
    assert!(
        (got - want).abs() <= 1e-9 * mean_of("baseline"),
        "difference mean {got} vs {want} (point {})",
        d["point"]
    );
    assert!(num(&d, "sd").is_finite());
}

/// The bundled dataset with the scenarios of `runs/scenarios.toml`, 64 samples, and `flags`.
fn bundled_scenarios_job(flags: Flags) -> (hiddenflow::model::Model, hiddenflow::engine::Job) {
    use hiddenflow::config::RunConfig;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let flags = Flags {
        spec: Some(root.join("runs/scenarios.toml")),
        data: Some(root.join("distributions")),
        samples: Some(64),
        ..flags
    };
    let cfg = RunConfig::resolve(&flags).expect("config");
    let ds = hiddenflow::data::load(&cfg.data).expect("bundled dataset");
    let model = hiddenflow::model::build(&ds, &cfg.model).expect("valid model");
    let job = hiddenflow::engine::build_job(&model, &cfg).expect("job");
    (model, job)
}

/// The engine evaluates LANES samples side by side; each must get every output bit for bit as
/// the one-sample path gives it: on the bundled dataset with the scenarios of
/// `runs/scenarios.toml` (whose overrides are redrawn per lane), for every design, full groups
/// and a partial one, on every vector instruction set the processor has (`Simd::available`).
#[test]
fn lanes_match_one_sample_at_a_time() {
    use hiddenflow::engine::{LANES, Simd};
    for method in ["mc", "lhs", "sobol"] {
        let (_model, mut job) = bundled_scenarios_job(Flags {
            method: Some(method.to_string()),
            ..Flags::default()
        });
        assert!(
            !job.scenarios.is_empty(),
            "the spec's scenarios are exercised"
        );
        let (mut lanes, mut one) = (job.state(), job.state());
        let mut out = vec![0.0; job.n_outputs()];
        let runs = Simd::available()
            .into_iter()
            .flat_map(|simd| [(simd, 0u64, LANES), (simd, 24, LANES), (simd, 56, 3)]);
        for (simd, first, count) in runs {
            job.use_simd(simd);
            assert_eq!(job.simd(), simd);
            job.sample_lanes(first, count, &mut lanes);
            for l in 0..count {
                let i = first + l as u64;
                job.sample(i, &mut one, &mut out);
                for (o, (x, y)) in lanes.lane_outputs().iter().zip(&out).enumerate() {
                    assert_eq!(
                        x[l].to_bits(),
                        y.to_bits(),
                        "{method} ({simd:?}): sample {i}, output {o}"
                    );
                }
                job.draw(i, &mut one);
                for (p, (x, y)) in job
                    .lane_values(&lanes)
                    .iter()
                    .zip(job.values(&one))
                    .enumerate()
                {
                    assert_eq!(
                        x[l].to_bits(),
                        y.to_bits(),
                        "{method} ({simd:?}): sample {i}, parameter {p}"
                    );
                }
            }
        }
    }
}

/// The engine's evaluations compute only the producers the outputs depend on (those of
/// China's supply and their co-producers); reports compute every producer. Both must give
/// every output bit for bit alike, and the report's producers must all have their flows (on
/// the bundled dataset, where many mines lie outside China's supply).
#[test]
fn needed_producers_give_the_outputs_of_every_producer() {
    for allocation in ["economic", "mass", "none"] {
        let (model, job) = bundled_scenarios_job(Flags {
            allocation: Some(allocation.to_string()),
            ..Flags::default()
        });
        let plan = &job.plan;
        let mut st = job.state();
        let (mut needed, mut every) = (plan.workspace(), plan.report_workspace());
        let (mut a, mut b) = (vec![0.0; plan.n_outputs()], vec![0.0; plan.n_outputs()]);
        for i in 0..8 {
            job.draw(i, &mut st);
            plan.eval(job.values(&st), &mut needed, &mut a);
            plan.eval(job.values(&st), &mut every, &mut b);
            for (o, (x, y)) in a.iter().zip(&b).enumerate() {
                assert_eq!(
                    x.to_bits(),
                    y.to_bits(),
                    "{allocation}: sample {i}, output {o}"
                );
            }
            let unflowed: Vec<&str> = (0..model.producers.len())
                .filter(|&p| plan.producer_flows(&every, p).1.iter().sum::<f64>() <= 0.0)
                .map(|p| model.producers[p].label.as_str())
                .collect();
            assert!(
                allocation == "none" || unflowed.is_empty(),
                "{allocation}: producers without flows in a report: {unflowed:?}"
            );
            let skipped = (0..model.producers.len())
                .filter(|&p| plan.producer_flows(&needed, p).1 == [0.0; 4])
                .count();
            assert!(
                skipped > 0,
                "the bundled dataset has producers outside the supply"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// g. variance budget

/// The closed-form fixture in a temporary folder, its ore grade flagged estimated or not.
fn closed_form_copy(grade_estimated: bool) -> tempfile::TempDir {
    let tmp = common::copy_fixture("closed_form");
    if grade_estimated {
        let path = tmp.path().join("mine_commodities.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace(
            "fixture,2019,,",
            "fixture,2019,ore_grade,test: flagged estimated",
        );
        assert!(text.contains("ore_grade,test"));
        std::fs::write(&path, text).unwrap();
    }
    tmp
}

#[test]
fn variance_budget_fixes_the_estimated_values_at_their_best_estimates() {
    // Only the ore grade is uncertain; flagged estimated, fixing the estimated values leaves
    // T = 4/(0.01·0.72) in every draw: no band at all (shares of width and variance 1), and the
    // median moves from the log-uniform's to the point value.
    let data = closed_form_copy(true);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&Flags {
        data: Some(data.path().to_path_buf()),
        out: Some(out.clone()),
        samples: Some(4000),
        variance_budget: true,
        ..Flags::default()
    })
    .unwrap();
    let rows = read_csv(&out.join("variance_budget.csv"));
    let what: Vec<&str> = rows.iter().map(|r| r["fixed_at_best"].as_str()).collect();
    assert_eq!(
        what,
        ["none", "estimated_at_best"],
        "no residual producers here"
    );
    let (none, fixed) = (&rows[0], &rows[1]);
    let base = summary_row(&out, "icev", "tmr");
    for (a, b) in [("p2_5", "p2_5"), ("p50", "p50"), ("p97_5", "p97_5")] {
        assert_eq!(num(none, a), num(&base, b), "{a}");
    }
    assert_eq!(num(none, "share_of_band_width"), 0.0);
    let t = 4.0 / (0.01 * 0.72);
    for c in ["p2_5", "p50", "p97_5", "point"] {
        let x = num(fixed, c);
        assert!((x - t).abs() <= 2.0 * HIST_REL * t, "{c}: {x} vs {t}");
    }
    assert_eq!(num(fixed, "share_of_band_width"), 1.0);
    assert_eq!(num(fixed, "share_of_variance"), 1.0);
    let shift = 1.0 - t / num(&base, "p50");
    assert!((num(fixed, "share_of_median") - shift).abs() < 1e-9);

    // With nothing estimated there is nothing to fix: no budget file.
    let data = closed_form_copy(false);
    let out2 = tmp.path().join("out2");
    hiddenflow::commands::run(&Flags {
        data: Some(data.path().to_path_buf()),
        out: Some(out2.clone()),
        samples: Some(4000),
        variance_budget: true,
        ..Flags::default()
    })
    .unwrap();
    assert!(!out2.join("variance_budget.csv").exists());
}

#[test]
fn at_best_and_estimated_filter_a_scenario_override() {
    // The bundled data with the variance budget: `at_best` fixes every matched parameter at its
    // own best estimate, and `estimated = true` matches only parameters flagged estimated.
    let (model, job) = bundled_scenarios_job(Flags {
        variance_budget: true,
        ..Flags::default()
    });
    let names: Vec<&str> = job.scenarios.iter().map(|s| s.name.as_str()).collect();
    let n = names.len();
    assert_eq!(
        names[n - 2..],
        ["budget:residuals_at_best", "budget:estimated_at_best"]
    );
    let fixed = job.scenarios[n - 1].fixed();
    let n_estimated = model.params.iter().filter(|p| p.estimated).count();
    assert_eq!(fixed.len(), n_estimated);
    assert!(n_estimated < model.params.len());
    for &(slot, value) in fixed {
        let p = &model.params[slot as usize];
        assert!(p.estimated);
        assert_eq!(value, p.best, "{}", p.name);
    }
    let residual = job.scenarios[n - 2].fixed();
    assert!(!residual.is_empty());
    for &(slot, value) in residual {
        let p = &model.params[slot as usize];
        assert!(p.name.starts_with("residual:"), "{}", p.name);
        assert_eq!(value, p.best, "{}", p.name);
    }
}

// ---------------------------------------------------------------------------------------------
// h. shapes of the reported ranges

#[test]
fn shapes_run_the_same_draws_under_each_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let shapes = |data: &str, out: &str| {
        let out = tmp.path().join(out);
        hiddenflow::commands::shapes(
            &Flags {
                data: Some(fixture(data)),
                out: Some(out.clone()),
                samples: Some(4000),
                ..Flags::default()
            },
            Some("uniform,triangular,loguniform-grades"),
        )
        .unwrap();
        read_csv(&out.join("shapes.csv"))
    };
    // The tiny fixture: its ranges without a distribution take each shape; same point values.
    let rows = shapes("tiny", "t");
    assert_eq!(rows.len(), 3 * 2);
    let get = |rows: &[BTreeMap<String, String>], shape: &str, v: &str, col: &str| {
        num(
            rows.iter()
                .find(|r| r["shape"] == shape && r["vehicle"] == v)
                .unwrap(),
            col,
        )
    };
    for v in ["icev", "bev"] {
        assert_eq!(
            get(&rows, "uniform", v, "point"),
            get(&rows, "triangular", v, "point")
        );
        // A triangular puts less weight in the tails than a uniform on the same range.
        assert!(
            get(&rows, "triangular", v, "band_width") < get(&rows, "uniform", v, "band_width"),
            "{v}"
        );
    }
    // The closed-form fixture's one uncertain parameter has its own distribution (log-uniform):
    // no shape changes it, and the same draws give the same bands to the bit.
    let rows = shapes("closed_form", "c");
    for col in ["p2_5", "p50", "p97_5", "mean"] {
        let u = get(&rows, "uniform", "icev", col);
        assert_eq!(u, get(&rows, "triangular", "icev", col), "{col}");
        assert_eq!(u, get(&rows, "loguniform-grades", "icev", col), "{col}");
    }
    assert!(tmp.path().join("c/fig_shapes.svg").exists());
    // An unknown shape is refused before anything is written.
    let err = hiddenflow::commands::shapes(
        &Flags {
            data: Some(fixture("tiny")),
            out: Some(tmp.path().join("bad")),
            ..Flags::default()
        },
        Some("uniform,triangualr"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("--shapes") && err.contains("triangualr"),
        "{err}"
    );
    assert!(!tmp.path().join("bad").exists());
}
