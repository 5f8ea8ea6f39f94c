//! Generated hostile inputs (proptest, deterministic seed, bounded case counts): random
//! mutations of the tiny fixture's tables — cells, quoting, encodings, line endings,
//! truncation, huge numbers — and of a run spec. Whatever the mutation, `hiddenflow` never
//! panics, never hangs, exits 0 or 2, reports every problem with its file and a fix, and never
//! creates the output folder of a rejected run.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_hiddenflow");
/// Cases per property: enough to cover every kind of mutation on every table several times,
/// few enough for CI (each case is one process start).
const CASES: u32 = 160;
const SPEC_CASES: u32 = 96;

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

const TABLES: [&str; 12] = [
    "commodities.csv",
    "mines.csv",
    "mine_commodities.csv",
    "supply.csv",
    "inputs.csv",
    "ancillary.csv",
    "materials.csv",
    "material_composition.csv",
    "components.csv",
    "component_bom.csv",
    "vehicles.csv",
    "vehicle_components.csv",
];

/// Cells a spreadsheet or a slip of the hand puts in a CSV.
const JUNK: [&str; 18] = [
    "",
    "abc",
    "1e308",
    "-1e308",
    "-1",
    "0",
    "NaN",
    "inf",
    "1,5",
    "\"",
    "\"a,b\"",
    "1e-320",
    "99999999999999999999999999999999999999",
    "lognormal(gsd=1e100)",
    "pert(",
    "uniform;triangular",
    "CN",
    " 0.5 ",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the cell at (row, column) — indices taken modulo the table's size.
    Cell(usize, usize, usize),
    /// Replace the cell with bytes that are not UTF-8.
    Latin1(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Cut the file after this fraction (per mille) of its bytes.
    Truncate(u16),
    Crlf,
    ByteOrderMark,
    /// Flip one byte (position per mille) to this value.
    Byte(u16, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), any::<usize>(), 0..JUNK.len()).prop_map(|(r, c, j)| Mutation::Cell(r, c, j)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(r, c)| Mutation::Latin1(r, c)),
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => (0u16..1000).prop_map(Mutation::Truncate),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::ByteOrderMark),
        1 => ((0u16..1000), any::<u8>()).prop_map(|(p, b)| Mutation::Byte(p, b)),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    let set_cell = |lines: &mut Vec<String>, r: usize, c: usize, new: &str| {
        // Rows below the header; naive split on commas is fine for the fixture (no quotes).
        let r = 1 + r % (n - 1).max(1);
        if r >= lines.len() {
            return;
        }
        let mut cells: Vec<String> = lines[r].split(',').map(str::to_string).collect();
        let c = c % cells.len();
        cells[c] = new.to_string();
        lines[r] = cells.join(",");
    };
    match m {
        Mutation::Cell(r, c, j) => {
            set_cell(&mut lines, *r, *c, JUNK[*j]);
            (lines.join("\n") + "\n").into_bytes()
        }
        Mutation::Latin1(r, c) => {
            set_cell(&mut lines, *r, *c, "@@LATIN1@@");
            let s = lines.join("\n") + "\n";
            let mut out = Vec::new();
            for (i, part) in s.split("@@LATIN1@@").enumerate() {
                if i > 0 {
                    out.extend_from_slice(&[b'M', 0xe9, b'x']);
                }
                out.extend_from_slice(part.as_bytes());
            }
            out
        }
        Mutation::DeleteLine(i) => {
            lines.remove(i % n.min(lines.len()).max(1));
            (lines.join("\n") + "\n").into_bytes()
        }
        Mutation::DuplicateLine(i) => {
            let i = i % lines.len().max(1);
            let l = lines[i].clone();
            lines.insert(i, l);
            (lines.join("\n") + "\n").into_bytes()
        }
        Mutation::Truncate(k) => bytes[..bytes.len() * *k as usize / 1000].to_vec(),
        Mutation::Crlf => text.replace('\n', "\r\n").into_bytes(),
        Mutation::ByteOrderMark => [b"\xef\xbb\xbf".as_slice(), bytes].concat(),
        Mutation::Byte(p, b) => {
            let mut out = bytes.to_vec();
            if !out.is_empty() {
                let i = (out.len() - 1) * *p as usize / 999;
                out[i] = *b;
            }
            out
        }
    }
}

/// Runs the binary with a time limit; `None` if it did not finish in time (a hang).
fn run_bounded(cwd: &Path, args: &[&std::ffi::OsStr], limit: Duration) -> Option<Output> {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The invariants every outcome must meet.
fn check_outcome(out: Option<Output>, what: &str) -> Result<(), TestCaseError> {
    let out = out.ok_or_else(|| TestCaseError::fail(format!("{what}: did not finish in 20 s")))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!stderr.contains("panicked"), "{what}: panic\n{stderr}");
    let code = out.status.code();
    prop_assert!(
        code == Some(0) || code == Some(2),
        "{what}: exit {code:?}\n{stderr}"
    );
    if code == Some(2) {
        let errors: Vec<&str> = stderr.split("error: ").skip(1).collect();
        prop_assert!(
            !errors.is_empty(),
            "{what}: exit 2 without an error\n{stderr}"
        );
        for e in errors {
            prop_assert!(e.contains("fix: "), "{what}: an error without a fix\n{e}");
            prop_assert!(
                e.starts_with('/')
                    || e.starts_with("<command line>")
                    || e.contains(".csv")
                    || e.contains(".toml"),
                "{what}: an error that names no file\n{e}"
            );
        }
    }
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

#[test]
fn mutated_tables_never_panic_hang_or_exit_otherwise_than_0_or_2() {
    let tmp = tempfile::tempdir().unwrap();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let rejected = std::sync::atomic::AtomicUsize::new(0);
    runner(CASES)
        .run(
            &(0..TABLES.len(), prop::collection::vec(mutation(), 1..3)),
            |(table, muts)| {
                let counter = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let dir = tmp.path().join(format!("case{counter}"));
                std::fs::create_dir(&dir).unwrap();
                for e in std::fs::read_dir(tiny()).unwrap() {
                    let e = e.unwrap();
                    std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
                }
                let path = dir.join(TABLES[table]);
                let mut bytes = std::fs::read(&path).unwrap();
                for m in &muts {
                    bytes = apply(&bytes, m);
                }
                std::fs::write(&path, &bytes).unwrap();
                let what = format!("{} after {muts:?}", TABLES[table]);
                let out = run_bounded(
                    tmp.path(),
                    &["check".as_ref(), "--data".as_ref(), dir.as_os_str()],
                    Duration::from_secs(20),
                );
                if out.as_ref().is_some_and(|o| o.status.code() == Some(2)) {
                    rejected.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                check_outcome(out, &what)?;
                std::fs::remove_dir_all(&dir).unwrap();
                Ok(())
            },
        )
        .unwrap();
    // The mutations must exercise the error paths, not only harmless edits.
    let r = rejected.into_inner();
    assert!(
        r * 2 > CASES as usize,
        "only {r} of {CASES} mutated datasets were rejected"
    );
}

/// Spec lines a user may write, right or wrong.
fn spec_line() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "name",
        "samples",
        "seed",
        "method",
        "threads",
        "block_size",
        "allocation",
        "default_shape",
        "home_country",
        "confidence",
        "precision",
        "keep_samples",
        "rank_correlation",
        "variance_budget",
        "out",
        "data",
        "sede",
    ]);
    let values = prop::sample::select(vec![
        "\"small\"",
        "100",
        "0",
        "-1",
        "1e308",
        "\"mc\"",
        "\"quasi\"",
        "\"lhs\"",
        "true",
        "\"CN\"",
        "\"cn\"",
        "0.95",
        "1.5",
        "\"triangualr\"",
        "\"economic\"",
        "\"energy\"",
        "[1, 2]",
        "{ a = 1 }",
        "\"\"",
        "\"../../x\"",
        "99999999999999999999999",
    ]);
    (keys, values).prop_map(|(k, v)| format!("{k} = {v}"))
}

#[test]
fn generated_specs_never_panic_and_a_rejected_run_leaves_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    runner(SPEC_CASES)
        .run(
            &(
                prop::collection::vec(spec_line(), 0..5),
                prop::option::of(0usize..200),
            ),
            |(lines, cut)| {
                let counter = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // samples first, so an accepted spec runs quickly (a later `samples` line is a
                // duplicate key, itself an error).
                let mut text = String::from("samples = 50\n");
                for l in lines.iter().filter(|l| !l.starts_with("samples")) {
                    text.push_str(l);
                    text.push('\n');
                }
                if let Some(c) = cut {
                    let c = c.min(text.len());
                    let c = (0..=c)
                        .rev()
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap_or(0);
                    text.truncate(c);
                }
                let spec = tmp.path().join(format!("spec{counter}.toml"));
                std::fs::write(&spec, &text).unwrap();
                let out_dir = tmp.path().join(format!("out{counter}"));
                let tiny = tiny();
                let out = run_bounded(
                    tmp.path(),
                    &[
                        "run".as_ref(),
                        spec.as_os_str(),
                        "--data".as_ref(),
                        tiny.as_os_str(),
                        "--out".as_ref(),
                        out_dir.as_os_str(),
                        "--samples".as_ref(),
                        "50".as_ref(),
                    ],
                    Duration::from_secs(20),
                );
                let rejected = out.as_ref().is_some_and(|o| o.status.code() == Some(2));
                check_outcome(out, &format!("spec:\n{text}"))?;
                if rejected {
                    prop_assert!(
                        !out_dir.exists(),
                        "a rejected run created its output folder:\n{text}"
                    );
                }
                let _ = std::fs::remove_dir_all(&out_dir);
                Ok(())
            },
        )
        .unwrap();
}
