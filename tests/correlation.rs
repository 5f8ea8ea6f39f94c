//! Rank correlation from a run (`run --sensitivity`), against exact answers.

use hiddenflow::config::Flags;
use std::path::{Path, PathBuf};

fn run(data: &str, out: &Path, samples: u64, threads: usize) -> String {
    let flags = Flags {
        data: Some(PathBuf::from(data)),
        out: Some(out.to_path_buf()),
        samples: Some(samples),
        threads: Some(threads),
        sensitivity: true,
        force: true,
        ..Flags::default()
    };
    hiddenflow::commands::run(&flags).expect("run");
    std::fs::read_to_string(out.join("sensitivity.csv")).expect("sensitivity.csv")
}

fn rows<'a>(csv: &'a str, vehicle: &str, quantity: &str, index: &str) -> Vec<(&'a str, f64)> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|c| c[0] == vehicle && c[1] == quantity && c[5] == index)
        .map(|c| (c[3], c[6].parse::<f64>().unwrap()))
        .collect()
}

#[test]
fn a_monotone_decreasing_model_has_spearman_minus_one() {
    // closed_form: TMR = 4 / (0.72 g) with g the only uncertain parameter, so the ranks of
    // TMR are exactly the reversed ranks of g: ρ = −1. The output rank comes from a histogram
    // with buckets 2^-10 wide, so allow a deviation far below what a wrong sign or a mixed-up
    // dimension would give.
    let dir = tempfile::tempdir().unwrap();
    let csv = run("tests/fixtures/closed_form", dir.path(), 8192, 2);
    let rho = rows(&csv, "icev", "tmr", "spearman");
    assert_eq!(rho.len(), 1, "{rho:?}");
    assert_eq!(rho[0].0, "mine:cu_mine:copper:ore_grade");
    assert!(rho[0].1 < -0.9999, "rho = {}", rho[0].1);
    let contribution = rows(&csv, "icev", "tmr", "contribution");
    let grade = contribution
        .iter()
        .find(|(p, _)| *p == "mine:cu_mine:copper:ore_grade")
        .unwrap();
    assert!((grade.1 - 1.0).abs() < 1e-12);
    let group = contribution
        .iter()
        .find(|(p, _)| *p == "commodity:copper")
        .unwrap();
    assert!(
        (group.1 - 1.0).abs() < 1e-12,
        "the copper group holds every contribution"
    );
}

#[test]
fn contributions_sum_to_one_and_do_not_depend_on_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let one = run("tests/fixtures/tiny", a.path(), 5000, 1);
    let two = run("tests/fixtures/tiny", b.path(), 5000, 2);
    assert_eq!(one, two, "sensitivity.csv differs between 1 and 2 threads");
    for v in ["icev", "bev"] {
        let c = rows(&one, v, "tmr", "contribution");
        // parameter rows have an empty `group` column; group rows name their group type
        let params: f64 = one
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|c| c[0] == v && c[1] == "tmr" && c[5] == "contribution" && c[4].is_empty())
            .map(|c| c[6].parse::<f64>().unwrap())
            .sum();
        assert!(
            (params - 1.0).abs() < 1e-9,
            "{v}: parameter contributions sum to {params}"
        );
        let kinds: f64 = c
            .iter()
            .filter(|(p, _)| p.starts_with("kind:"))
            .map(|(_, x)| x)
            .sum();
        assert!(
            (kinds - 1.0).abs() < 1e-9,
            "{v}: kind groups sum to {kinds}"
        );
    }
    // In the tiny fixture the bev's battery capacity (40-60 kWh, uniform) drives its TMR up:
    // a positive rank correlation; the icev has no battery parameter.
    let kwh = rows(&one, "bev", "tmr", "spearman")
        .into_iter()
        .find(|(p, _)| *p == "vehicle:bev:battery_kwh")
        .unwrap();
    assert!(kwh.1 > 0.1, "battery kWh rho = {}", kwh.1);
    assert!(
        rows(&one, "icev", "tmr", "spearman")
            .iter()
            .find(|(p, _)| *p == "vehicle:bev:battery_kwh")
            .unwrap()
            .1
            .abs()
            < 0.05
    );
}
