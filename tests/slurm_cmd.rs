//! `hiddenflow slurm` without a cluster: the scripts it writes, the requests it sizes from a
//! measured cost, submission through a stand-in `sbatch` (the dependency on the array's id),
//! every bad flag (exit 2), and the scripts themselves run by bash as Slurm would run them,
//! merged byte-identical to a single run. `tests/slurm/run.sh` does the same on a real cluster.

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use tempfile::TempDir;

mod common;
use common::{BIN, hf, text, tiny};

/// A scratch folder holding `tiny.toml`, a spec of the tiny dataset.
fn scratch() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    fs::write(
        root.join("tiny.toml"),
        format!(
            "name = \"tiny\"\ndata = \"{}\"\nsamples = 20000\nseed = 5\n",
            tiny().display()
        ),
    )
    .unwrap();
    (tmp, root)
}

#[test]
fn writes_the_array_and_the_merge_job_with_the_requests_given() {
    let (_tmp, root) = scratch();
    let o = hf(
        &root,
        &[
            "slurm",
            "tiny.toml",
            "--shards",
            "3",
            "--out",
            "sl",
            "--time",
            "30",
            "--mem",
            "1G",
            "--partition",
            "short",
            "--",
            "--account=proj",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    let shards = fs::read_to_string(root.join("sl/slurm/shards.sbatch")).unwrap();
    let merge = fs::read_to_string(root.join("sl/slurm/merge.sbatch")).unwrap();
    for line in [
        "#SBATCH --array=1-3",
        "#SBATCH --time=30",
        "#SBATCH --mem=1G",
        "#SBATCH --partition=short",
        "--shard \"${SLURM_ARRAY_TASK_ID}/3\"",
        "--samples 20000 --seed 5",
        "/sl/shards/shard_\"${SLURM_ARRAY_TASK_ID}\"",
    ] {
        assert!(shards.contains(line), "{line} not in\n{shards}");
    }
    for line in [
        "merge",
        "/sl/shards/shard_1",
        "/sl/shards/shard_3",
        "/sl/merged",
    ] {
        assert!(merge.contains(line), "{line} not in\n{merge}");
    }
    // No calibration was needed; the exact sbatch commands are printed.
    assert!(!root.join("sl/slurm/calibration").exists());
    assert!(out.contains("sbatch --parsable --account=proj "), "{out}");
    assert!(
        out.contains("'--dependency=afterok:<array job id>' --account=proj"),
        "{out}"
    );
    // A second time into the same folder needs --force.
    let again = hf(
        &root,
        &["slurm", "tiny.toml", "--shards", "3", "--out", "sl"],
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"), "{}", text(&again));
}

#[test]
fn sizes_the_requests_from_a_calibration_run_or_a_manifest() {
    let (_tmp, root) = scratch();
    let o = hf(
        &root,
        &["slurm", "tiny.toml", "--shards", "2", "--out", "sl"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let m: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root.join("sl/slurm/calibration/manifest.json")).unwrap(),
    )
    .unwrap();
    assert!(m["samples_per_second"].as_f64().unwrap() > 0.0);
    assert!(text(&o).contains("cost: "), "{}", text(&o));

    // From a manifest: 1,000 samples/s on 2 threads → 2,000 with 4 CPUs; a shard of 10,240
    // samples: 2 × 5.12 s + 300 s → 6 minutes; 100 MiB peak → 356 MiB.
    let cal = root.join("cal");
    fs::create_dir(&cal).unwrap();
    fs::write(
        cal.join("manifest.json"),
        r#"{"samples_per_second": 1000.0, "peak_memory_bytes": 104857600, "threads": 2}"#,
    )
    .unwrap();
    let o = hf(
        &root,
        &[
            "slurm",
            "tiny.toml",
            "--shards",
            "2",
            "--out",
            "sl2",
            "--calibrate",
            "cal",
            "--cpus-per-task",
            "4",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let shards = fs::read_to_string(root.join("sl2/slurm/shards.sbatch")).unwrap();
    assert!(shards.contains("#SBATCH --time=00:06:00"), "{shards}");
    assert!(shards.contains("#SBATCH --mem=356M"), "{shards}");
    assert!(shards.contains("#SBATCH --cpus-per-task=4"), "{shards}");
    let merge = fs::read_to_string(root.join("sl2/slurm/merge.sbatch")).unwrap();
    assert!(merge.contains("#SBATCH --mem=712M"), "{merge}");
}

#[test]
fn submits_the_merge_after_the_array_it_depends_on() {
    let (_tmp, root) = scratch();
    // A stand-in sbatch: records its arguments, answers like `sbatch --parsable`.
    let bin = root.join("bin");
    fs::create_dir(&bin).unwrap();
    let fake = bin.join("sbatch");
    fs::write(
        &fake,
        "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/calls\"\n\
         n=$(wc -l < \"$(dirname \"$0\")/calls\")\necho \"$((700 + n));cluster\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new(BIN)
        .args([
            "slurm",
            "tiny.toml",
            "--shards",
            "2",
            "--out",
            "sl",
            "--time",
            "10",
            "--mem",
            "1G",
            "--submit",
            "--",
            "--qos=long",
        ])
        .current_dir(&root)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let calls = fs::read_to_string(bin.join("calls")).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[0].starts_with("--parsable --qos=long ") && calls[0].ends_with("shards.sbatch"),
        "{calls:?}"
    );
    assert!(
        calls[1].starts_with("--parsable --dependency=afterok:701 --qos=long ")
            && calls[1].ends_with("merge.sbatch"),
        "{calls:?}"
    );
    assert!(
        text(&o).contains("array job 701 (2 shards), merge job 702 (afterok:701)"),
        "{}",
        text(&o)
    );
}

#[test]
fn bad_flags_exit_2_naming_the_flag() {
    let (_tmp, root) = scratch();
    fs::write(root.join("a_file"), "").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--shards", "0"], "--shards"),
        (&["--shards", "2", "--time", "1h"], "--time"),
        (&["--shards", "2", "--time", "0"], "--time"),
        (&["--shards", "2", "--mem", "2X"], "--mem"),
        (&["--shards", "2", "--mem", "1.5G"], "--mem"),
        (&["--shards", "2", "--partition", "a b"], "--partition"),
        (
            &["--shards", "2", "--cpus-per-task", "0"],
            "--cpus-per-task",
        ),
        (
            &["--shards", "2", "--calibration-samples", "0"],
            "--calibration-samples",
        ),
        (
            &["--shards", "100", "--samples", "10000"],
            "at most 10 shards",
        ),
        (&["--shards", "2", "--samples", "0"], "--samples"),
        (
            &["--shards", "2", "--calibrate", "nowhere"],
            "manifest.json",
        ),
        (&["--shards", "2", "--out", "a_file"], "not a folder"),
        (
            &["--shards", "2", "--", "--array=1-5"],
            "sets this sbatch option",
        ),
        (
            &["--shards", "2", "--", "--dependency=afterok:1"],
            "sets this sbatch option",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["slurm", "tiny.toml"];
        all.extend_from_slice(args);
        let o = hf(&root, &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains(says),
            "{args:?}: wanted `{says}` in {}",
            text(&o)
        );
        assert!(!text(&o).contains("panicked"), "{}", text(&o));
    }
    // A missing spec, and a spec with a precision target (shards need a fixed sample count).
    let o = hf(&root, &["slurm", "nope.toml", "--shards", "2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    fs::write(
        root.join("prec.toml"),
        format!("data = \"{}\"\nprecision = 0.01\n", tiny().display()),
    )
    .unwrap();
    let o = hf(&root, &["slurm", "prec.toml", "--shards", "2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("precision"), "{}", text(&o));
    // Nothing was written by the rejected commands.
    assert!(!root.join("tiny-slurm").exists());
}

/// The written scripts, run by bash as Slurm runs them (one process per array task with
/// SLURM_ARRAY_TASK_ID set, then the merge job), give the single run's bytes.
#[test]
fn the_scripts_run_by_hand_merge_to_the_single_runs_bytes() {
    let (_tmp, root) = scratch();
    let o = hf(
        &root,
        &[
            "slurm",
            "tiny.toml",
            "--shards",
            "3",
            "--out",
            "sl",
            "--time",
            "5",
            "--mem",
            "1G",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    for i in 1..=3 {
        let o = Command::new("bash")
            .arg(root.join("sl/slurm/shards.sbatch"))
            .current_dir(&root)
            .env("SLURM_ARRAY_TASK_ID", i.to_string())
            .output()
            .unwrap();
        assert!(o.status.success(), "shard {i}: {}", text(&o));
    }
    let o = Command::new("bash")
        .arg(root.join("sl/slurm/merge.sbatch"))
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "merge: {}", text(&o));
    let single = hf(&root, &["run", "tiny.toml", "--out", "single"]);
    assert!(single.status.success(), "{}", text(&single));
    for f in [
        "summary.csv",
        "breakdown.csv",
        "coefficients.csv",
        "comparisons.csv",
    ] {
        assert_eq!(
            fs::read(root.join("single").join(f)).unwrap(),
            fs::read(root.join("sl/merged").join(f)).unwrap(),
            "{f} differs"
        );
    }
}
