//! A run folder nothing can corrupt (issue 16): one writer at a time (a lock naming its
//! holder; a dead holder's lock taken over), temporary names unique per process, stale
//! temporary files removed under --force, and `merge --out` never one of its inputs.
//! Every test here failed before the lock and these checks existed.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

mod common;
use common::{BIN, hf, text, tiny};

const LOCK: &str = ".hiddenflow.lock";

fn run_tiny(root: &Path, out: &str, extra: &[&str]) -> Output {
    let data = tiny();
    let mut args = vec![
        "run",
        "--data",
        data.to_str().unwrap(),
        "--samples",
        "4096",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    hf(root, &args)
}

fn host() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into()))
}

fn write_lock(dir: &Path, pid: u32) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join(LOCK),
        format!(
            "pid={pid}\nhost={}\nstarted=2026-01-01T00:00:00Z\ncommand=hiddenflow run elsewhere\n",
            host()
        ),
    )
    .unwrap();
}

#[test]
fn a_run_into_a_locked_folder_fails_at_once_naming_the_holder() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    let first = run_tiny(root, "out", &[]);
    assert!(first.status.success(), "{}", text(&first));
    // A live holder: a process that is still running.
    let mut holder = Command::new("sleep").arg("30").spawn().unwrap();
    write_lock(&root.join("out"), holder.id());
    let before = fs::read(root.join("out/summary.csv")).unwrap();
    for extra in [&[][..], &["--force"][..], &["--force", "--seed", "3"][..]] {
        let t = std::time::Instant::now();
        let o = run_tiny(root, "out", extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o));
        let msg = text(&o);
        assert!(
            msg.contains(&format!("pid {}", holder.id())) && msg.contains("in use"),
            "{msg}"
        );
        assert!(msg.contains("hiddenflow run elsewhere"), "{msg}");
        assert!(t.elapsed().as_secs() < 10, "it must fail at once");
    }
    // The results and the holder's lock are untouched.
    assert_eq!(fs::read(root.join("out/summary.csv")).unwrap(), before);
    assert!(root.join("out").join(LOCK).exists());
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn a_stale_lock_of_a_dead_process_is_taken_over() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    write_lock(&root.join("out"), pid);
    let o = run_tiny(root, "out", &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("took over a stale lock") && text(&o).contains(&format!("pid {pid}")),
        "{}",
        text(&o)
    );
    assert!(root.join("out/summary.csv").exists());
    // The lock is released when the run ends.
    assert!(!root.join("out").join(LOCK).exists());
}

#[test]
fn two_runs_at_once_into_one_new_folder_one_wins_whole() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    let data = tiny();
    for round in 0..4 {
        let out = format!("out{round}");
        let spawn = |seed: &str| {
            Command::new(BIN)
                .args([
                    "run",
                    "--data",
                    data.to_str().unwrap(),
                    "--samples",
                    "20000",
                    "--seed",
                    seed,
                    "--out",
                    &out,
                ])
                .current_dir(root)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("1"), spawn("2"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let codes = [a.status.code(), b.status.code()];
        assert!(
            codes == [Some(0), Some(2)] || codes == [Some(2), Some(0)],
            "round {round}: exactly one run may write the folder: {codes:?}"
        );
        let winner = if codes[0] == Some(0) { "1" } else { "2" };
        // The folder is the winner's alone: its manifest and its results.
        let m: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(root.join(&out).join("manifest.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(m["seed"].to_string(), winner);
        let alone_out = format!("alone{round}");
        let alone = hf(
            root,
            &[
                "run",
                "--data",
                data.to_str().unwrap(),
                "--samples",
                "20000",
                "--seed",
                winner,
                "--out",
                &alone_out,
            ],
        );
        assert!(alone.status.success());
        assert_eq!(
            fs::read(root.join(&out).join("summary.csv")).unwrap(),
            fs::read(root.join(format!("alone{round}/summary.csv"))).unwrap()
        );
    }
}

#[test]
fn force_removes_stale_temporary_files() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    assert!(run_tiny(root, "out", &[]).status.success());
    // What a kill -9 or a full disk leaves behind.
    let stale = [
        ".samples.csv.tmp",
        ".summary.csv.tmp4242",
        ".manifest.json.tmp1",
    ];
    for s in stale {
        fs::write(root.join("out").join(s), vec![7u8; 1 << 16]).unwrap();
    }
    fs::write(root.join("out/notes.txt"), "mine").unwrap();
    let o = run_tiny(root, "out", &["--force"]);
    assert!(o.status.success(), "{}", text(&o));
    for s in stale {
        assert!(!root.join("out").join(s).exists(), "{s} is still there");
    }
    // Files that are not the run's stay.
    assert!(root.join("out/notes.txt").exists());
}

#[test]
fn the_samples_temporary_name_is_unique_per_process() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    assert!(run_tiny(root, "out", &[]).status.success());
    // Another process's (old-style, shared) temporary name, taken: a folder this run can
    // neither create nor remove as a file. A per-process name does not collide with it.
    fs::create_dir(root.join("out/.samples.csv.tmp")).unwrap();
    let o = run_tiny(root, "out", &["--force", "--keep-samples"]);
    assert!(o.status.success(), "{}", text(&o));
    let samples = fs::read_to_string(root.join("out/samples.csv")).unwrap();
    assert_eq!(samples.lines().count(), 4096 + 1);
    assert!(root.join("out/.samples.csv.tmp").is_dir());
    // No temporary file of this run is left.
    let left: Vec<String> = fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".samples.csv.tmp")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn merge_out_may_not_be_one_of_its_inputs() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    for i in 1..=2 {
        let o = run_tiny(root, &format!("s{i}"), &["--shard", &format!("{i}/2")]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let state = fs::read(root.join("s1/state.bin")).unwrap();
    for out in ["s1", "./s1", "s1/", "s2"] {
        let o = hf(root, &["merge", "s1", "s2", "--out", out, "--force"]);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", text(&o));
        assert!(text(&o).contains("--out"), "{}", text(&o));
        assert!(text(&o).contains("shard folders it reads"), "{}", text(&o));
    }
    assert_eq!(fs::read(root.join("s1/state.bin")).unwrap(), state);
    assert!(root.join("s2/state.bin").exists());
    let o = hf(root, &["merge", "s1", "s2", "--out", "merged"]);
    assert!(o.status.success(), "{}", text(&o));
}
