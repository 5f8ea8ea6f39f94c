//! `--force` that keeps the previous results until the new ones are complete: a run into a
//! folder that holds results writes into a hidden sibling, `.NAME.new`, and swaps it in
//! (two renames) once everything is written. Interrupted or failed, the run leaves the
//! previous results as they were; `run --resume` finds its checkpoint in the sibling.
//!
//! Both folders are locked (see [`crate::report::lock`]) for the whole run. After the swap the
//! output folder holds the sibling's lock file (ours), which the output folder's guard removes
//! when the run ends.

use crate::error::{Diagnostic, Error, Result};
use crate::report::lock::{self, OutLock};
use crate::report::{RUN_FILES, prepare_out_dir};
use std::path::{Path, PathBuf};

/// The hidden sibling a `--force` run writes into: `runs/.baseline.new` for `runs/baseline`.
pub fn staging_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    out.with_file_name(format!(".{name}.new"))
}

/// A run's output folder while the run writes it.
#[derive(Debug)]
pub struct RunDir {
    out: PathBuf,
    /// Where the files go: `out`, or its staging sibling.
    work: PathBuf,
    // Dropped in this order: the staging lock, then the output folder's.
    _staging_lock: Option<OutLock>,
    _out_lock: OutLock,
}

/// Is `name` one of the files a run writes (so not carried over by a swap)?
fn is_run_file(name: &str) -> bool {
    RUN_FILES.contains(&name)
        || name == crate::report::checkpoint::CHECKPOINT_FILE
        || (name.starts_with("fig_") && (name.ends_with(".svg") || name.ends_with(".png")))
        || lock::is_temp_name(name)
        || name.starts_with(lock::LOCK_FILE)
}

fn holds_results(dir: &Path) -> Result<bool> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.file_name().to_string_lossy() != lock::LOCK_FILE {
            return Ok(true);
        }
    }
    Ok(false)
}

impl RunDir {
    /// Prepares `out` for a new run: a new or empty folder is written in place; one holding
    /// results is refused without `force`, and with it the run goes to the staging sibling
    /// (emptied first: it can only hold an earlier unfinished `--force` run's files).
    pub fn create(out: &Path, force: bool) -> Result<RunDir> {
        if !force || !out.is_dir() {
            let lock = prepare_out_dir(out, force)?;
            return Ok(RunDir::in_place(out, lock));
        }
        let out_lock = lock::acquire(out)?;
        if !holds_results(out)? {
            return Ok(RunDir::in_place(out, out_lock));
        }
        let work = staging_dir(out);
        if work.exists() {
            std::fs::remove_dir_all(&work).map_err(|e| Error::io(&work, e))?;
        }
        let staging_lock = prepare_out_dir(&work, false)?;
        Ok(RunDir {
            out: out.to_path_buf(),
            work,
            _staging_lock: Some(staging_lock),
            _out_lock: out_lock,
        })
    }

    /// Reopens the folder of an interrupted run for `run --resume`: the staging sibling when
    /// it holds a checkpoint, else `out` itself. Nothing is removed but temporary files.
    pub fn reopen(out: &Path) -> Result<RunDir> {
        let ck = crate::report::checkpoint::CHECKPOINT_FILE;
        let staging = staging_dir(out);
        let out_lock = lock::acquire(out).map_err(|e| match e {
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                nothing_to_resume(out)
            }
            e => e,
        })?;
        let (work, staging_lock) = if staging.join(ck).is_file() {
            (staging.clone(), Some(lock::acquire(&staging)?))
        } else if out.join(ck).is_file() {
            (out.to_path_buf(), None)
        } else {
            return Err(nothing_to_resume(out));
        };
        for entry in std::fs::read_dir(&work).map_err(|e| Error::io(&work, e))? {
            let entry = entry.map_err(|e| Error::io(&work, e))?;
            if lock::is_temp_name(&entry.file_name().to_string_lossy()) && entry.path().is_file() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(RunDir {
            out: out.to_path_buf(),
            work,
            _staging_lock: staging_lock,
            _out_lock: out_lock,
        })
    }

    fn in_place(out: &Path, lock: OutLock) -> RunDir {
        RunDir {
            out: out.to_path_buf(),
            work: out.to_path_buf(),
            _staging_lock: None,
            _out_lock: lock,
        }
    }

    /// Where the run writes its files.
    pub fn work(&self) -> &Path {
        &self.work
    }

    /// The output folder the user named.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Does the run write into the staging sibling?
    pub fn staged(&self) -> bool {
        self.work != self.out
    }

    /// The run is complete: with a staging sibling, the files of the output folder that are
    /// not the run's (notes, every subfolder) are moved into it, and it replaces the output
    /// folder.
    pub fn commit(self) -> Result<()> {
        if !self.staged() {
            return Ok(());
        }
        let (out, work) = (&self.out, &self.work);
        for entry in std::fs::read_dir(out).map_err(|e| Error::io(out, e))? {
            let entry = entry.map_err(|e| Error::io(out, e))?;
            let name = entry.file_name();
            let to = work.join(&name);
            // As `prepare_out_dir` removes only files: a folder of any name is carried over.
            let run_file = is_run_file(&name.to_string_lossy()) && entry.path().is_file();
            if !run_file && !to.exists() {
                std::fs::rename(entry.path(), &to).map_err(|e| Error::io(&to, e))?;
            }
        }
        let old = {
            let name = staging_dir(out);
            name.with_file_name(format!(
                "{}.old{}",
                name.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
                    .trim_end_matches(".new"),
                std::process::id()
            ))
        };
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        if let Err(e) = std::fs::rename(work, out) {
            // Put the previous results back.
            let _ = std::fs::rename(&old, out);
            return Err(Error::Other(format!(
                "could not move the new results from {} to {}: {e} (the previous results are in place)",
                work.display(),
                out.display()
            )));
        }
        // Now `out`'s lock file is the staging folder's (this process's): the output folder's
        // guard removes it when `self` drops.
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
    }
}

fn nothing_to_resume(out: &Path) -> Error {
    Error::input(Diagnostic::new(
        out,
        "no interrupted run to resume here (no checkpoint.bin in it or in its .NAME.new sibling)",
        "start the run again (with --force to replace what the folder holds)",
    ))
}
