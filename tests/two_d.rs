//! Two-dimensional Monte Carlo against a closed form: on `tests/fixtures/coverage2` the ICEV's
//! TMR is T = c(1 + s)/g, c = 1/(0.8·0.9), with ore grade g uniform on [0.3 %, 3 %] and
//! stripping ratio s uniform on [1, 5]. Tagging g epistemic and s variability, the inner
//! distribution of an outer draw g has the p-quantile c(2 + 4p)/g exactly, so over the outer
//! draws its median is c(2 + 4p)/g₀.₅ and its 95 % interval c(2 + 4p)/g₀.₉₇₅ … c(2 + 4p)/g₀.₀₂₅.

mod common;

use common::{copy_fixture, hf, read_csv, text};

const C: f64 = 1.0 / (0.8 * 0.9);
const G_LO: f64 = 0.003;
const G_HI: f64 = 0.03;

const SPEC: &str = "data = \".\"\nhome_country = \"CL\"\n[two_d]\nepistemic = [\"mine:*:ore_grade\"]\nvariability = [\"mine:*:stripping_ratio\"]\n";

fn two_d(dir: &std::path::Path, args: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut a = vec!["two-d", "s.toml", "--force"];
    a.extend_from_slice(args);
    let o = hf(dir, &a);
    assert!(o.status.success(), "{}", text(&o));
    read_csv(&dir.join("s_two_d/two_d.csv"))
}

fn row<'a>(
    rows: &'a [std::collections::BTreeMap<String, String>],
    statistic: &str,
) -> &'a std::collections::BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["vehicle"] == "icev" && r["quantity"] == "tmr" && r["statistic"] == statistic)
        .expect(statistic)
}

/// The grade whose outer-draw share below it is `q`.
fn grade(q: f64) -> f64 {
    G_LO + (G_HI - G_LO) * q
}

#[test]
fn each_variability_percentile_has_the_closed_form_median_and_epistemic_interval() {
    let d = copy_fixture("coverage2");
    std::fs::write(d.path().join("s.toml"), SPEC).unwrap();
    let (outer, inner) = (1000u64, 2000u64);
    let rows = two_d(
        d.path(),
        &[
            "--outer",
            "1000",
            "--inner",
            "2000",
            "--seed",
            "3",
            "--threads",
            "2",
        ],
    );
    let n = outer as f64;
    for (statistic, p) in [("p2_5", 0.025), ("p50", 0.5), ("p97_5", 0.975)] {
        let r = row(&rows, statistic);
        let k = C * (2.0 + 4.0 * p);
        // Read each reported value back as the share of outer draws whose grade lies below
        // the grade it implies; it must be the share the column claims, within the sampling
        // error of an order statistic of `outer` draws (4 sd), plus the inner quantile's own
        // error (4 sd of the inner p-quantile's rank, moved into grade terms) and the
        // histogram's 2⁻¹² relative resolution.
        let inner_rel = 4.0 * (p * (1.0 - p) / inner as f64).sqrt() * 4.0 / (2.0 + 4.0 * p);
        for (column, share) in [("median", 0.5), ("ci_low", 0.975), ("ci_high", 0.025)] {
            let value: f64 = r[column].parse().unwrap();
            let g = k / value;
            let implied = (g - G_LO) / (G_HI - G_LO);
            let tol = 4.0 * (share * (1.0 - share) / n).sqrt()
                + (inner_rel + 2f64.powi(-11)) * g / (G_HI - G_LO);
            assert!(
                (implied - share).abs() < tol,
                "{statistic} {column}: {value} implies share {implied}, expected {share} ± {tol}"
            );
        }
        // The pooled column is the one-dimensional distribution's percentile: T's own.
        let pooled: f64 = r["pooled"].parse().unwrap();
        assert!(pooled.is_finite() && pooled > C * 2.0 / G_HI && pooled < C * 6.0 / G_LO);
    }
    // Exact closed-form check of one value: the median over the epistemic draws of the inner
    // median, c·4/g₀.₅.
    let exact = C * 4.0 / grade(0.5);
    let got: f64 = row(&rows, "p50")["median"].parse().unwrap();
    assert!((got / exact - 1.0).abs() < 0.03, "{got} vs {exact}");
    // The pooled mean: E[c(1 + s)]·E[1/g] = 4c·ln(g_hi/g_lo)/(g_hi − g_lo).
    let mean_exact = 4.0 * C * (G_HI / G_LO).ln() / (G_HI - G_LO);
    let pooled_mean: f64 = row(&rows, "mean")["pooled"].parse().unwrap();
    assert!(
        (pooled_mean / mean_exact - 1.0).abs() < 0.02,
        "{pooled_mean} vs {mean_exact}"
    );
}

#[test]
fn results_do_not_depend_on_threads_and_tags_are_listed() {
    let d = copy_fixture("coverage2");
    std::fs::write(d.path().join("s.toml"), SPEC).unwrap();
    let args = |t: &'static str| ["--outer", "40", "--inner", "500", "--threads", t];
    two_d(d.path(), &args("1"));
    let one = std::fs::read(d.path().join("s_two_d/two_d.csv")).unwrap();
    two_d(d.path(), &args("2"));
    let two = std::fs::read(d.path().join("s_two_d/two_d.csv")).unwrap();
    assert_eq!(one, two);
    let tags = read_csv(&d.path().join("s_two_d/two_d_parameters.csv"));
    assert_eq!(tags.len(), 2);
    assert!(
        tags.iter()
            .any(|t| t["parameter"].ends_with("ore_grade") && t["kind"] == "epistemic")
    );
    assert!(tags.iter().any(|t| t["kind"] == "variability"));
    let m = std::fs::read_to_string(d.path().join("s_two_d/manifest.json")).unwrap();
    assert!(m.contains("\"epistemic_parameters\": 1"), "{m}");
    for f in ["fig_two_d.svg", "fig_two_d.png"] {
        assert!(d.path().join("s_two_d").join(f).is_file(), "{f}");
    }
}

#[test]
fn bad_settings_are_refused_with_the_fix() {
    let d = copy_fixture("coverage2");
    std::fs::write(
        d.path().join("s.toml"),
        "data = \".\"\n[two_d]\nepistemic = [\"mine:nowhere:*\"]\n",
    )
    .unwrap();
    let o = hf(
        d.path(),
        &["two-d", "s.toml", "--outer", "40", "--inner", "500"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("matches no uncertain parameter"),
        "{}",
        text(&o)
    );
    std::fs::write(d.path().join("s.toml"), SPEC).unwrap();
    let o = hf(d.path(), &["two-d", "s.toml", "--outer", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("at least 20"), "{}", text(&o));
    // A correlation across the kinds cannot be held in the outer loop.
    std::fs::write(
        d.path().join("correlations.csv"),
        "parameter_a,parameter_b,rho,source,year\nmine:cu_mine:stripping_ratio,mine:cu_mine:copper:ore_grade,0.5,test,2024\n",
    )
    .unwrap();
    let o = hf(
        d.path(),
        &["two-d", "s.toml", "--outer", "40", "--inner", "500"],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("of one kind"), "{}", text(&o));
    assert!(
        !d.path().join("s_two_d").exists(),
        "nothing written on bad input"
    );
}
