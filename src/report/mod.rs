//! Writing results: every file is written to a temporary name and renamed, so a file in a run
//! directory is either complete or absent; plain-text tables for the terminal.

pub mod backend;
pub mod checkpoint;
pub mod figures;
pub mod html;
pub mod lock;
pub mod manifest;
pub mod plot;
pub mod run;
pub mod run_folder;
pub mod shard_state;
pub mod staging;
pub mod table;
pub mod tables;

use crate::error::{Diagnostic, Error, Result};
/// Re-exported from the leaf [`crate::fmt_num`] (its old path).
pub use crate::fmt_num::num;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_name(path);
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// `.NAME.tmpPID` beside `path`: unique per process, so two processes never write one file.
pub fn tmp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp{}", std::process::id()))
}

/// Files a run may write; `--force` removes them first, so no result of an earlier run
/// lingers beside the new ones (other files in the folder are left alone).
pub const RUN_FILES: &[&str] = &[
    "manifest.json",
    "summary.csv",
    "scenario_summary.csv",
    "variance_budget.csv",
    "breakdown.csv",
    "coefficients.csv",
    "comparisons.csv",
    "sensitivity.csv",
    "samples.csv",
    "state.bin",
    "checkpoint.bin",
    "summary.md",
    "summary.tex",
    "report.html",
    "convergence.csv",
];

/// Makes `dir` ready for a run's files and locks it (see [`lock`]) until the returned guard
/// is dropped. An existing directory with files in it is only reused with `force`, which
/// removes the previous results and any temporary file an interrupted run left (`.*.tmp*`).
pub fn prepare_out_dir(dir: &Path, force: bool) -> Result<lock::OutLock> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input(Diagnostic::new(
            dir,
            "the output path exists and is not a folder",
            "choose another --out",
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let guard = lock::acquire(dir)?;
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != lock::LOCK_FILE {
            entries.push((name, entry.path()));
        }
    }
    if !entries.is_empty() && !force {
        return Err(Error::input(Diagnostic::new(
            dir,
            "the output folder already holds results",
            "pass --force to overwrite them (or --resume to continue an interrupted run), or choose another --out",
        )));
    }
    for (name, path) in entries {
        let figure = name.starts_with("fig_") && (name.ends_with(".svg") || name.ends_with(".png"));
        if (RUN_FILES.contains(&name.as_str()) || figure || lock::is_temp_name(&name))
            && path.is_file()
        {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(guard)
}

/// A CSV document built in memory (small tables) and written atomically.
#[derive(Default)]
pub struct Csv {
    buf: String,
}

impl Csv {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        let mut c = Csv::default();
        c.row(header.iter().map(|s| s.as_ref()));
        c
    }
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for cell in cells {
            if !first {
                self.buf.push(',');
            }
            first = false;
            let s = cell.as_ref();
            if s.contains([',', '"', '\n']) {
                self.buf.push('"');
                self.buf.push_str(&s.replace('"', "\"\""));
                self.buf.push('"');
            } else {
                self.buf.push_str(s);
            }
        }
        self.buf.push('\n');
    }
    /// Appends a line that is already CSV.
    pub fn raw_line(&mut self, line: &str) {
        self.buf.push_str(line);
        self.buf.push('\n');
    }
    pub fn as_str(&self) -> &str {
        &self.buf
    }
    pub fn write(&self, path: &Path) -> Result<()> {
        write_atomic(path, self.buf.as_bytes())
    }
}
