//! Errors that reach the user. Each layer reports problems as [`Diagnostic`]s that name the
//! file, line, column, the offending value and the fix; only `main` turns them into text and an
//! exit status.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem with the user's input, located as precisely as the layer that found it can.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line in the file (the header is line 1 of a CSV file).
    pub line: Option<u64>,
    /// Column name (CSV) or 1-based column number rendered as text (TOML).
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
    pub fix: String,
}

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: None,
            column: None,
            value: None,
            message: message.into(),
            fix: fix.into(),
        }
    }
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    pub fn at_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column `{col}`")?;
        }
        if let Some(v) = &self.value {
            write!(f, ": value `{v}`")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n    fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// Everything that can stop a command. `Input` problems are the user's to fix (exit status 2);
/// `Io` problems are the machine's (exit status 1).
#[derive(Debug)]
pub enum Error {
    Input(Vec<Diagnostic>),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Other(String),
    /// A run stopped by SIGINT or SIGTERM (exit status 128 + the signal's number), with what
    /// it left and how to resume.
    Interrupted {
        signal: i32,
        message: String,
    },
}

impl Error {
    pub fn input(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Io { .. } | Error::Other(_) => 1,
            Error::Interrupted { signal, .. } => 128 + signal,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diags) => {
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "error: {d}")?;
                }
                if diags.len() > 1 {
                    write!(f, "\n{} errors", diags.len())?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Other(msg) => write!(f, "error: {msg}"),
            Error::Interrupted { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
