//! Shard states prove what they are (issue 16): `merge` rejects a swapped, duplicated,
//! missing, foreign or damaged shard with exit status 2 naming the folder, instead of merging
//! it silently.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

mod common;
use common::{hf, text, tiny};

/// Three shards of 30,000 samples of the tiny dataset in s1, s2, s3 (seed 5).
fn shards(seed: &str, prefix: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().to_path_buf();
    run_shards(&root, seed, prefix);
    (tmp, root)
}

fn run_shards(root: &Path, seed: &str, prefix: &str) {
    let data = tiny();
    for i in 1..=3 {
        let o = hf(
            root,
            &[
                "run",
                "--data",
                data.to_str().unwrap(),
                "--samples",
                "30000",
                "--seed",
                seed,
                "--shard",
                &format!("{i}/3"),
                "--out",
                &format!("{prefix}{i}"),
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
}

fn merge(root: &Path, dirs: &[&str]) -> Output {
    let mut args = vec!["merge"];
    args.extend_from_slice(dirs);
    args.extend_from_slice(&["--out", "merged", "--force"]);
    hf(root, &args)
}

fn rejects(o: &Output, names: &[&str]) {
    assert_eq!(o.status.code(), Some(2), "{}", text(o));
    for n in names {
        assert!(text(o).contains(n), "wanted `{n}` in {}", text(o));
    }
    assert!(!text(o).contains("merged 3 shards"), "{}", text(o));
}

#[test]
fn intact_shards_merge() {
    let (_t, root) = shards("5", "s");
    let o = merge(&root, &["s3", "s1", "s2"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("merged 3 shards (30000 samples)"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_state_copied_into_another_shards_folder_is_rejected() {
    let (_t, root) = shards("5", "s");
    // The case: shard 3's state copied into shard 2's folder.
    fs::copy(root.join("s3/state.bin"), root.join("s2/state.bin")).unwrap();
    rejects(
        &merge(&root, &["s1", "s2", "s3"]),
        &["s2", "state.bin", "shard 3/3"],
    );
}

#[test]
fn swapped_states_are_rejected() {
    let (_t, root) = shards("5", "s");
    let (a, b) = (root.join("s1/state.bin"), root.join("s2/state.bin"));
    let tmp = root.join("swap");
    fs::rename(&a, &tmp).unwrap();
    fs::rename(&b, &a).unwrap();
    fs::rename(&tmp, &b).unwrap();
    rejects(&merge(&root, &["s1", "s2", "s3"]), &["s1", "shard 2/3"]);
}

#[test]
fn a_duplicated_state_is_rejected() {
    let (_t, root) = shards("5", "s");
    fs::copy(root.join("s1/state.bin"), root.join("s3/state.bin")).unwrap();
    rejects(&merge(&root, &["s1", "s2", "s3"]), &["s3", "shard 1/3"]);
}

#[test]
fn a_missing_shard_is_rejected() {
    let (_t, root) = shards("5", "s");
    rejects(&merge(&root, &["s1", "s3"]), &["shard 2/3 is missing"]);
    rejects(&merge(&root, &["s1", "s2", "s2"]), &["s2", "twice"]);
}

#[test]
fn a_state_of_another_run_is_rejected() {
    let (_t, root) = shards("5", "s");
    run_shards(&root, "6", "other");
    fs::copy(root.join("other2/state.bin"), root.join("s2/state.bin")).unwrap();
    rejects(&merge(&root, &["s1", "s2", "s3"]), &["s2", "another run"]);
}

#[test]
fn a_damaged_state_is_rejected() {
    let (_t, root) = shards("5", "s");
    let path = root.join("s2/state.bin");
    let good = fs::read(&path).unwrap();
    // One flipped bit anywhere: the accumulator's middle, its first byte, the header.
    for at in [good.len() / 2, 60, 9, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        fs::write(&path, &bad).unwrap();
        rejects(&merge(&root, &["s1", "s2", "s3"]), &["s2", "state.bin"]);
    }
    // Cut short.
    fs::write(&path, &good[..good.len() - 100]).unwrap();
    rejects(&merge(&root, &["s1", "s2", "s3"]), &["s2", "state.bin"]);
    fs::write(&path, &good).unwrap();
    assert!(merge(&root, &["s1", "s2", "s3"]).status.success());
}
