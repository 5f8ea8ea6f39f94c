//! Resumable runs and a `--force` that keeps the previous results (issue 16, items 2 and 3),
//! and a report that shows the run's final state.
//!
//! * A run stopped between blocks (in process by the test hook, or by a real SIGINT/SIGTERM
//!   to the binary, or killed outright after a checkpoint) and continued with `--resume` ends
//!   with every result file byte-identical to the uninterrupted run's (all but
//!   `manifest.json` and `report.html`, which record the resume).
//! * A changed dataset refuses to resume (exit 2).
//! * `--force` writes into a staging sibling and swaps it in when complete: a failed or
//!   interrupted `--force` run leaves the previous results as they were.

use hiddenflow::config::{Flags, TestStop};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn flags(data: &Path, out: &Path, samples: u64) -> Flags {
    Flags {
        data: Some(data.to_path_buf()),
        out: Some(out.to_path_buf()),
        samples: Some(samples),
        seed: Some(11),
        threads: Some(2),
        ..Flags::default()
    }
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Every file of `a` but the manifest and the report is in `b` with the same bytes, and `b`
/// has no other result files.
fn assert_same_results(a: &Path, b: &Path) {
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "manifest.json" && n != "report.html")
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(a), names(b), "{} vs {}", a.display(), b.display());
    for n in names(a) {
        assert!(
            std::fs::read(a.join(&n)).unwrap() == std::fs::read(b.join(&n)).unwrap(),
            "{n} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn resume_flags(out: &Path, threads: usize) -> Flags {
    Flags {
        resume: Some(out.to_path_buf()),
        threads: Some(threads),
        ..Flags::default()
    }
}

/// Stopped twice (at a round's end and inside a round, the second time after a resume on
/// another thread count) and resumed: the same bytes as without stops.
#[test]
fn resume_after_interruptions_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let n = 300_000;
    let whole = tmp.path().join("whole");
    hiddenflow::commands::run(&flags(&data, &whole, n)).unwrap();

    let out = tmp.path().join("stopped");
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 40_000 }),
        ..flags(&data, &out, n)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 130, "{e}");
    let text = e.to_string();
    assert!(
        text.contains("SIGINT") && text.contains("hiddenflow run --resume"),
        "{text}"
    );
    let m = manifest(&out);
    assert_eq!(m["status"], "interrupted");
    assert!(m["resume_with"].as_str().unwrap().contains("--resume"));
    assert!(out.join("checkpoint.bin").is_file());
    assert!(!out.join("summary.csv").exists());
    // The stop came at the first block boundary past 40,000 samples: the end of a round.
    let ck = hiddenflow::report::checkpoint::Checkpoint::read(&out.join("checkpoint.bin")).unwrap();
    assert_eq!(ck.done, 65_536);

    // Resumed on one thread, stopped again inside the round 131,072..262,144 (its first
    // block ends at 196,608), then resumed to the end.
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 150_000 }),
        ..resume_flags(&out, 1)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 130, "{e}");
    let ck = hiddenflow::report::checkpoint::Checkpoint::read(&out.join("checkpoint.bin")).unwrap();
    assert_eq!((ck.done, ck.round_end, ck.resumed), (196_608, 262_144, 1));
    hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap();
    assert_same_results(&whole, &out);
    let m = manifest(&out);
    assert_eq!(m["status"], "complete");
    assert_eq!(m["samples"], n);
    assert_eq!(m["resumed"]["times"], 2);
    assert!(!out.join("checkpoint.bin").exists());
    assert_eq!(
        manifest(&whole)["fingerprint"],
        m["fingerprint"],
        "the same run"
    );
    // Nothing left to resume.
    let e = hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
}

/// `--precision` decides after every round from the merged statistics: a resumed run stops
/// at the same round.
#[test]
fn resumed_precision_run_stops_where_the_whole_one_does() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let f = |out: &Path| Flags {
        precision: Some(0.002),
        ..flags(&data, out, 1 << 20)
    };
    let whole = tmp.path().join("whole");
    hiddenflow::commands::run(&f(&whole)).unwrap();
    let out = tmp.path().join("stopped");
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 20_000 }),
        ..f(&out)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 130);
    hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap();
    assert_same_results(&whole, &out);
    assert_eq!(manifest(&whole)["stopped_by"], manifest(&out)["stopped_by"]);
}

/// A shard resumes too: merged with the other shard, the same bytes as the shards without a
/// stop. (`state.bin` itself holds histogram windows that depend on how the samples were
/// split between threads, as it always did; what it merges into does not.)
#[test]
fn resumed_shard_merges_to_the_same_results() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let f = |out: &Path, shard: &str| Flags {
        shard: Some(shard.into()),
        ..flags(&data, out, 300_000)
    };
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    hiddenflow::commands::run(&f(&one, "1/2")).unwrap();
    hiddenflow::commands::run(&f(&two, "2/2")).unwrap();
    let out = tmp.path().join("stopped");
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 200_000 }),
        ..f(&out, "2/2")
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 130);
    hiddenflow::commands::run(&resume_flags(&out, 1)).unwrap();
    assert_eq!(manifest(&out)["status"], "shard complete");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    hiddenflow::commands::merge(&[one.clone(), two], &a, false).unwrap();
    hiddenflow::commands::merge(&[one, out], &b, false).unwrap();
    assert_same_results(&a, &b);
}

/// A checkpoint proves which run it is: a changed dataset refuses to resume (exit 2) and
/// leaves the checkpoint for the restored inputs.
#[test]
fn a_changed_dataset_refuses_to_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(fixture("tiny")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let out = tmp.path().join("out");
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 16_384 }),
        ..flags(&data, &out, 100_000)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 130);
    let mines = data.join("mines.csv");
    let original = std::fs::read_to_string(&mines).unwrap();
    std::fs::write(&mines, format!("{original}\n")).unwrap();
    let e = hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.to_string().contains("changed"), "{e}");
    assert!(out.join("checkpoint.bin").is_file());
    std::fs::write(&mines, original).unwrap();
    hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap();
    assert_eq!(manifest(&out)["status"], "complete");
}

/// A damaged checkpoint is refused, not merged.
#[test]
fn a_damaged_checkpoint_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let _ = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Interrupt { after: 16_384 }),
        ..flags(&fixture("tiny"), &out, 100_000)
    })
    .unwrap_err();
    let ck = out.join("checkpoint.bin");
    let mut bytes = std::fs::read(&ck).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 1;
    std::fs::write(&ck, bytes).unwrap();
    let e = hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.to_string().contains("checksum"), "{e}");
}

/// A failed run's manifest says `failed` with the error.
#[test]
fn a_failed_run_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let e = hiddenflow::commands::run(&Flags {
        test_stop: Some(TestStop::Fail { after: 16_384 }),
        ..flags(&fixture("tiny"), &out, 100_000)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    let m = manifest(&out);
    assert_eq!(m["status"], "failed");
    assert!(
        m["error"].as_str().unwrap().contains("injected failure"),
        "{m}"
    );
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

/// `--force` keeps the previous results until the new ones are complete: a failed or an
/// interrupted `--force` run leaves every byte of them; the interrupted one resumes and then
/// replaces them, keeping the folder's other files.
#[test]
fn force_keeps_the_previous_results_until_the_new_are_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&flags(&data, &out, 20_000)).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = listing(&out);
    let force = |stop| Flags {
        force: true,
        seed: Some(12),
        test_stop: stop,
        ..flags(&data, &out, 100_000)
    };

    let e = hiddenflow::commands::run(&force(Some(TestStop::Fail { after: 16_384 }))).unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert!(e.to_string().contains("previous results"), "{e}");
    assert_eq!(
        listing(&out),
        before,
        "a failed --force run changed the folder"
    );
    let staging = tmp.path().join(".out.new");
    assert_eq!(manifest(&staging)["status"], "failed");

    let e =
        hiddenflow::commands::run(&force(Some(TestStop::Interrupt { after: 16_384 }))).unwrap_err();
    assert_eq!(e.exit_code(), 130);
    assert_eq!(
        listing(&out),
        before,
        "an interrupted --force run changed the folder"
    );
    assert!(staging.join("checkpoint.bin").is_file());

    hiddenflow::commands::run(&resume_flags(&out, 2)).unwrap();
    assert!(!staging.exists());
    let whole = tmp.path().join("whole");
    hiddenflow::commands::run(&Flags {
        seed: Some(12),
        ..flags(&data, &whole, 100_000)
    })
    .unwrap();
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    assert_same_results(&whole, &out);
    assert_eq!(manifest(&out)["seed"], 12);
    assert!(!out.join(".hiddenflow.lock").exists());
    // Nothing of the swap is left beside the folder.
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        siblings.iter().all(|s| !s.starts_with(".out")),
        "{siblings:?}"
    );
}

/// The lock still holds while a `--force` run writes its staging folder.
#[test]
fn a_staged_run_holds_the_output_folders_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&flags(&fixture("tiny"), &out, 20_000)).unwrap();
    let dir = hiddenflow::report::staging::RunDir::create(&out, true).unwrap();
    assert!(dir.staged());
    let e = hiddenflow::commands::run(&Flags {
        force: true,
        ..flags(&fixture("tiny"), &out, 20_000)
    })
    .unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.to_string().contains("in use"), "{e}");
    drop(dir);
}

/// The report of a complete run shows it complete (it was rendered before the manifest's
/// final state was written, and showed `running`).
#[test]
fn report_shows_the_final_status() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&flags(&fixture("tiny"), &out, 20_000)).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<td>status</td><td><code>complete</code></td>"),
        "{}",
        &html[..html.len().min(3000)]
    );
    assert!(!html.contains("running"));
    // The page's copy of the manifest is the file's.
    let m = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        html.contains("report.html"),
        "the file list includes the page"
    );
    assert!(m.contains("\"report.html\""));
}

// ----- the binary: real signals and a kill -9

fn hf() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hiddenflow"))
}

fn wait_for(path: &Path, what: &str) {
    let t = Instant::now();
    while !path.exists() {
        assert!(t.elapsed() < Duration::from_secs(120), "no {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn status_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|m| m["status"].as_str().map(str::to_string))
        .unwrap_or_default()
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// SIGTERM, then SIGINT, to the binary (exit 143, 130, a checkpoint each time and a message
/// saying how to resume), then `--resume` to the end: the same bytes as the run without
/// signals.
#[cfg(unix)]
#[test]
fn real_signals_stop_with_a_checkpoint_and_resume_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let samples = "400000";
    let args = |out: &str| {
        vec![
            "run".to_string(),
            "--data".into(),
            data.display().to_string(),
            "--samples".into(),
            samples.into(),
            "--seed".into(),
            "5".into(),
            "--threads".into(),
            "2".into(),
            "--out".into(),
            tmp.path().join(out).display().to_string(),
        ]
    };
    let out = tmp.path().join("sig");
    for (resumes, (sig, code)) in [("-TERM", 143), ("-INT", 130)].into_iter().enumerate() {
        let mut cmd = hf();
        if resumes == 0 {
            cmd.args(args("sig"));
        } else {
            cmd.args(["run", "--resume", out.to_str().unwrap()]);
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&out.join("manifest.json"), "manifest");
        let t = Instant::now();
        while status_of(&out) != "running" {
            assert!(t.elapsed() < Duration::from_secs(60), "never running");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        signal(child.id(), sig);
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{sig}: {err}");
        assert!(
            err.contains("resume with: hiddenflow run --resume"),
            "{err}"
        );
        assert_eq!(status_of(&out), "interrupted");
        assert!(out.join("checkpoint.bin").is_file());
        assert!(!out.join(".hiddenflow.lock").exists());
    }
    let o = hf()
        .args(["run", "--resume", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let whole = hf().args(args("whole")).output().unwrap();
    assert!(whole.status.success());
    assert_same_results(&tmp.path().join("whole"), &out);
    assert_eq!(manifest(&out)["resumed"]["times"], 2);
}

/// A run killed outright (no handler runs) resumes from its last checkpoint; its stale lock
/// is taken over.
#[cfg(unix)]
#[test]
fn a_killed_run_resumes_from_its_last_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("tiny");
    let out = tmp.path().join("killed");
    let base = |out: &Path| {
        let mut c = hf();
        c.args(["run", "--data", data.to_str().unwrap()])
            .args(["--samples", "400000", "--seed", "9", "--threads", "2"])
            .args(["--out", out.to_str().unwrap()]);
        c
    };
    let mut child = base(&out)
        .env("HIDDENFLOW_CHECKPOINT_SECONDS", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&out.join("checkpoint.bin"), "checkpoint");
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(status_of(&out), "running", "killed: no handler ran");
    let o = hf()
        .args(["run", "--resume", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("stale lock"), "{err}");
    let whole = tmp.path().join("whole");
    assert!(base(&whole).output().unwrap().status.success());
    assert_same_results(&whole, &out);
}
