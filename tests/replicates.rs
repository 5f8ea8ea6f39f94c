//! The replicates of randomised designs (`lhs`, `sobol`) through the whole run: shard states
//! carry them and merge exactly, `--precision` works with a Latin hypercube (doubling blocks)
//! and gives the same bits on any thread count, and their standard errors are those of the
//! replicates, below the iid formulas.

use hiddenflow::config::Flags;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage2")
}

fn run(out: &Path, flags: Flags) {
    hiddenflow::commands::run(&Flags {
        data: Some(fixture()),
        out: Some(out.to_path_buf()),
        force: true,
        ..flags
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn shards_of_replicated_designs_merge_to_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    for method in ["lhs", "sobol"] {
        let flags = || Flags {
            samples: Some(20_000),
            seed: Some(7),
            method: Some(method.into()),
            threads: Some(2),
            ..Flags::default()
        };
        let whole = tmp.path().join(format!("{method}-whole"));
        run(&whole, flags());
        let shards: Vec<PathBuf> = (1..=3)
            .map(|i| {
                let d = tmp.path().join(format!("{method}-shard{i}"));
                run(
                    &d,
                    Flags {
                        shard: Some(format!("{i}/3")),
                        ..flags()
                    },
                );
                assert!(read(&d.join("manifest.json")).contains("replicates"));
                d
            })
            .collect();
        let state = std::fs::read(shards[0].join("state.bin")).unwrap();
        // The shard header (HFSHARD1), then the accumulator state with its replicates.
        assert_eq!(&state[..8], b"HFSHARD1");
        assert!(state.windows(8).any(|w| w == b"HFACC006"));
        let merged = tmp.path().join(format!("{method}-merged"));
        hiddenflow::commands::merge(&shards, &merged, true).unwrap_or_else(|e| panic!("{e}"));
        for f in [
            "summary.csv",
            "breakdown.csv",
            "comparisons.csv",
            "coefficients.csv",
        ] {
            assert_eq!(
                read(&whole.join(f)),
                read(&merged.join(f)),
                "{method}: {f} of the merged shards"
            );
        }
    }
}

#[test]
fn precision_with_a_latin_hypercube_is_the_same_on_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in [1, 2] {
        let out = tmp.path().join(format!("t{threads}"));
        run(
            &out,
            Flags {
                samples: Some(100_000),
                method: Some("lhs".into()),
                precision: Some(0.004),
                threads: Some(threads),
                block_size: Some(3 * 1024),
                ..Flags::default()
            },
        );
        let manifest = read(&out.join("manifest.json"));
        assert!(manifest.contains("doubling blocks"), "{manifest}");
        outs.push(out);
    }
    for f in ["summary.csv", "convergence.csv"] {
        assert_eq!(read(&outs[0].join(f)), read(&outs[1].join(f)), "{f}");
    }
}

#[test]
fn replicate_standard_errors_are_below_the_iid_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let se_mean = |method: &str| {
        let out = tmp.path().join(method);
        run(
            &out,
            Flags {
                samples: Some(32_768),
                method: Some(method.into()),
                ..Flags::default()
            },
        );
        let text = read(&out.join("summary.csv"));
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let row: Vec<&str> = text
            .lines()
            .find(|l| l.starts_with("icev,tmr,"))
            .unwrap()
            .split(',')
            .collect();
        let col = |c: &str| -> f64 {
            row[header.iter().position(|h| *h == c).unwrap()]
                .parse()
                .unwrap()
        };
        (col("se_mean"), col("sd"), col("n"))
    };
    for method in ["lhs", "sobol"] {
        let (se, sd, n) = se_mean(method);
        assert!(
            se > 0.0 && se < 0.5 * sd / n.sqrt(),
            "{method}: se_mean {se}"
        );
    }
    let (se, sd, n) = se_mean("mc");
    assert!((se - sd / n.sqrt()).abs() <= 1e-12 * se);
}
