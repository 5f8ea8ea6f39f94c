//! Run-folder integrity: one writer per output folder, and no command writing into its own
//! inputs.
//!
//! A command that writes a run folder first creates `.hiddenflow.lock` in it with
//! `create_new` (atomic: of two processes exactly one succeeds), holding its pid, host and
//! command line; the file is removed when the command ends ([`OutLock`]'s drop). A second
//! command into the same folder fails at once with exit status 2 naming the holder. A lock
//! whose process is gone (same host, no such pid: a `kill -9`, a crash, a power cut) is taken
//! over with a message. A lock of another host (a shared file system) is never judged stale.

use crate::error::{Diagnostic, Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file's name in a run folder.
pub const LOCK_FILE: &str = ".hiddenflow.lock";

/// Held while a command writes a run folder; removes the lock file when dropped.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
}

impl OutLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What a lock file says about its holder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub host: String,
    pub command: String,
    pub started: String,
}

impl Holder {
    fn me() -> Holder {
        Holder {
            pid: Some(std::process::id()),
            host: host_name(),
            command: crate::report::manifest::command_line(),
            started: crate::report::manifest::iso8601(std::time::SystemTime::now()),
        }
    }
    fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nstarted={}\ncommand={}\n",
            self.pid.map_or(String::new(), |p| p.to_string()),
            self.host,
            self.started,
            self.command.replace('\n', " ")
        )
    }
    pub fn parse(text: &str) -> Holder {
        let mut h = Holder::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => h.pid = v.trim().parse().ok(),
                Some(("host", v)) => h.host = v.to_string(),
                Some(("started", v)) => h.started = v.to_string(),
                Some(("command", v)) => h.command = v.to_string(),
                _ => {}
            }
        }
        h
    }
    fn describe(&self) -> String {
        format!(
            "pid {} on {} since {}: `{}`",
            self.pid.map_or("?".to_string(), |p| p.to_string()),
            if self.host.is_empty() {
                "?"
            } else {
                &self.host
            },
            if self.started.is_empty() {
                "?"
            } else {
                &self.started
            },
            self.command
        )
    }
    /// `Some(false)` only when the holder is certainly gone: this host, and no such process.
    fn alive(&self) -> Option<bool> {
        let pid = self.pid?;
        if self.host != host_name() || !Path::new("/proc/self").exists() {
            return None;
        }
        Some(Path::new("/proc").join(pid.to_string()).exists())
    }
}

/// This machine's name (Linux: the kernel's; elsewhere `HOSTNAME`).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

fn create(path: &Path) -> std::io::Result<OutLock> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let lock = OutLock {
        path: path.to_path_buf(),
    };
    f.write_all(Holder::me().to_text().as_bytes())?;
    f.sync_all()?;
    Ok(lock)
}

fn held(path: &Path, holder: &Holder) -> Error {
    Error::input(Diagnostic::new(
        path,
        format!(
            "the output folder is in use by another hiddenflow: {}",
            holder.describe()
        ),
        "wait for it to finish, or choose another --out (if that process is gone, delete the lock file)",
    ))
}

/// Takes the lock of the existing folder `dir`, or fails at once naming its holder.
pub fn acquire(dir: &Path) -> Result<OutLock> {
    let path = dir.join(LOCK_FILE);
    match create(&path) {
        Ok(lock) => return Ok(lock),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io(&path, e)),
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let holder = Holder::parse(&text);
    if holder.alive() != Some(false) {
        return Err(held(&path, &holder));
    }
    // A stale lock: move it aside under a name of our own (of two processes taking it over,
    // only one rename succeeds), check it is the lock we judged stale, then create ours.
    let aside = dir.join(format!("{LOCK_FILE}.stale{}", std::process::id()));
    if std::fs::rename(&path, &aside).is_err() {
        return Err(held(&path, &holder));
    }
    let moved = std::fs::read_to_string(&aside).unwrap_or_default();
    let _ = std::fs::remove_file(&aside);
    if moved != text {
        // Another process took it over between our read and our rename; ours is gone.
        return Err(held(&path, &Holder::parse(&moved)));
    }
    eprintln!(
        "note: {}: took over a stale lock of a process that is gone ({})",
        path.display(),
        holder.describe()
    );
    create(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => held(
            &path,
            &Holder::parse(&std::fs::read_to_string(&path).unwrap_or_default()),
        ),
        _ => Error::io(&path, e),
    })
}

/// A temporary file of an interrupted write: `.NAME.tmp…` (see [`crate::report::tmp_name`]).
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp")
}

/// `merge --out` must not be one of the shard folders it reads (`--force` would delete that
/// shard's state).
pub fn check_out_not_input(dirs: &[PathBuf], out: &Path) -> Result<()> {
    let Ok(out_real) = out.canonicalize() else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for d in dirs {
        if d.canonicalize().is_ok_and(|r| r == out_real) {
            return Err(Error::input(
                Diagnostic::new(
                    Path::new("<command line>"),
                    "the merge's output folder is one of the shard folders it reads",
                    "give --out a new folder, e.g. --out runs/merged",
                )
                .at_column("--out")
                .with_value(out.display().to_string()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lock_per_folder_and_released_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let a = acquire(tmp.path()).unwrap();
        let text = std::fs::read_to_string(a.path()).unwrap();
        let h = Holder::parse(&text);
        assert_eq!(h.pid, Some(std::process::id()));
        assert_eq!(h.host, host_name());
        let err = acquire(tmp.path()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string()
                .contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
        drop(a);
        assert!(!tmp.path().join(LOCK_FILE).exists());
        let _b = acquire(tmp.path()).unwrap();
    }

    #[test]
    fn temp_names() {
        assert!(is_temp_name(".samples.csv.tmp"));
        assert!(is_temp_name(".summary.csv.tmp1234"));
        assert!(!is_temp_name(LOCK_FILE));
        assert!(!is_temp_name("summary.csv"));
    }
}
