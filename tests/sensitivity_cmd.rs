//! `hiddenflow sensitivity` end to end on the closed-form fixture (TMR = 4 / (0.72 g), the
//! ore grade g log-uniform on [0.5 %, 2 %] the only uncertain parameter).

use hiddenflow::config::Flags;
use std::path::PathBuf;

fn run(method: &str, samples: u64) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let flags = Flags {
        data: Some(PathBuf::from("tests/fixtures/closed_form")),
        out: Some(dir.path().to_path_buf()),
        samples: Some(samples),
        method: Some("sobol".into()),
        analysis: Some(method.into()),
        groups: Some("commodity".into()),
        force: true,
        ..Flags::default()
    };
    hiddenflow::commands::sensitivity(&flags).expect("sensitivity");
    let text = std::fs::read_to_string(dir.path().join("sensitivity.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "vehicle,quantity,method,parameter,group,index,value,ci_low,ci_high"
    );
    lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn value(rows: &[Vec<String>], quantity: &str, index: &str) -> f64 {
    rows.iter()
        .find(|r| r[0] == "icev" && r[1] == quantity && r[5] == index)
        .unwrap_or_else(|| panic!("no {quantity} {index}"))[6]
        .parse()
        .unwrap()
}

#[test]
fn tornado_ends_are_the_closed_form_extremes() {
    let rows = run("tornado", 1);
    // g at the low end of its range (0.5 %) gives the largest TMR, at the high end the smallest.
    let (lo, hi) = (value(&rows, "tmr", "low"), value(&rows, "tmr", "high"));
    let exact_lo = 4.0 / (0.72 * 0.005);
    let exact_hi = 4.0 / (0.72 * 0.02);
    assert!(
        (lo - exact_lo).abs() < 1e-9 * exact_lo,
        "low {lo} vs {exact_lo}"
    );
    assert!(
        (hi - exact_hi).abs() < 1e-9 * exact_hi,
        "high {hi} vs {exact_hi}"
    );
    assert!(rows.iter().all(|r| r[3] == "copper" && r[4] == "commodity"));
}

#[test]
fn a_single_group_explains_all_variance() {
    let rows = run("sobol", 1024);
    for index in ["S1", "ST"] {
        let r = rows
            .iter()
            .find(|r| r[0] == "icev" && r[1] == "tmr" && r[5] == index)
            .unwrap();
        let (v, lo, hi): (f64, f64, f64) = (
            r[6].parse().unwrap(),
            r[7].parse().unwrap(),
            r[8].parse().unwrap(),
        );
        // Both estimators are 1 in expectation (A·B_A rows equal the B rows); the estimates
        // carry sampling error, which their bootstrap interval must cover.
        assert!(
            lo <= 1.0 && hi >= 1.0,
            "{index} = {v}, interval [{lo}, {hi}] misses 1"
        );
        assert!((v - 1.0).abs() < 0.02, "{index} = {v} [{lo}, {hi}]");
    }
}

#[test]
fn morris_mu_star_matches_the_elementary_effect_bound() {
    let rows = run("morris", 50);
    // On the unit hypercube the TMR falls from 1111.1 to 277.8 as u goes 0 → 1; every
    // elementary effect is a finite difference of that monotone curve, so 0 < mu* ≤ the
    // steepest slope over a step of Δ, and mu = −mu* (all effects negative).
    let mu_star = value(&rows, "tmr", "mu_star");
    let mu = value(&rows, "tmr", "mu");
    assert!(mu_star > 0.0 && mu_star < 1111.2 * 1.0, "mu* = {mu_star}");
    assert!(
        (mu + mu_star).abs() < 1e-9 * mu_star,
        "mu = {mu}, mu* = {mu_star}"
    );
}

/// A spec's settings reach `hiddenflow sensitivity` when no flag overrides them: the run's
/// `method` is the Sobol' analysis's base design, `[sensitivity] method` and `groups` its
/// analysis.
#[test]
fn spec_settings_reach_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("s.toml");
    let data = std::fs::canonicalize("tests/fixtures/closed_form").unwrap();
    let manifest = |text: &str, flags: Flags| {
        std::fs::write(&spec, text).unwrap();
        let out = dir.path().join("out");
        hiddenflow::commands::sensitivity(&Flags {
            spec: Some(spec.clone()),
            data: Some(data.clone()),
            out: Some(out.clone()),
            samples: Some(256),
            force: true,
            ..flags
        })
        .expect("sensitivity");
        let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let m = manifest(
        "name = \"s\"\nmethod = \"lhs\"\n[sensitivity]\ngroups = \"kind\"\n",
        Flags::default(),
    );
    assert_eq!(m["analysis"], "sobol");
    assert_eq!(m["groups"], "kind");
    assert!(
        m["design"].as_str().unwrap().contains("atin"),
        "the spec's lhs design: {}",
        m["design"]
    );
    let m = manifest(
        "name = \"s\"\n[sensitivity]\nmethod = \"tornado\"\n",
        Flags::default(),
    );
    assert_eq!(m["analysis"], "tornado");
    // Flags win over the spec.
    let m = manifest(
        "name = \"s\"\nmethod = \"lhs\"\n[sensitivity]\nmethod = \"tornado\"\n",
        Flags {
            analysis: Some("sobol".into()),
            method: Some("mc".into()),
            ..Flags::default()
        },
    );
    assert_eq!(m["analysis"], "sobol");
    assert!(!m["design"].as_str().unwrap().contains("atin"));
}
