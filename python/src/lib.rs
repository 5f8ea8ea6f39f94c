//! `hiddenflow._native`: the hiddenflow library's commands for Python. Each function builds the
//! same `Flags` (or options) the command line builds from its flags and calls the same library
//! function, with the GIL released while it works; so a run folder written from Python is the
//! command line's, byte for byte. Errors become `hiddenflow.errors.InputError` (the user's
//! input, with file, line, column, value and fix) or `HiddenflowError` (anything else).

use hiddenflow::commands;
use hiddenflow::config::{Flags, Purpose, RunConfig};
use hiddenflow::error::{Diagnostic, Error};
use hiddenflow::model::ModelOptions;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::PathBuf;

/// A diagnostic as a dict of the keyword arguments of `hiddenflow.errors.Diagnostic`.
fn diagnostic_dict<'py>(py: Python<'py>, d: &Diagnostic) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("file", d.file.to_string_lossy().into_owned())?;
    dict.set_item("line", d.line)?;
    dict.set_item("column", d.column.as_deref())?;
    dict.set_item("value", d.value.as_deref())?;
    dict.set_item("message", &d.message)?;
    dict.set_item("fix", &d.fix)?;
    Ok(dict)
}

/// The library's error as the Python exception of `hiddenflow.errors`, with the command line's
/// text as its message.
fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let errors = py.import("hiddenflow.errors")?;
        let text = e.to_string();
        let exc = match &e {
            Error::Input(diags) => {
                let list = PyList::empty(py);
                for d in diags {
                    list.append(diagnostic_dict(py, d)?)?;
                }
                errors.getattr("InputError")?.call1((text, list))?
            }
            Error::Interrupted { signal, .. } => {
                errors.getattr("Interrupted")?.call1((text, *signal))?
            }
            Error::Io { .. } | Error::Other(_) => {
                errors.getattr("HiddenflowError")?.call1((text,))?
            }
        };
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|err| err)
}

/// Runs `f` with the GIL released (other Python threads run meanwhile) and converts its error.
fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    py.detach(f).map_err(|e| to_py(py, e))
}

fn model_options(
    allocation: &str,
    default_shape: &str,
    allow_implausible: bool,
) -> Result<ModelOptions, Error> {
    hiddenflow::config::model_options(allocation, default_shape, allow_implausible)
}

/// `hiddenflow check`: the text it prints.
#[pyfunction]
#[pyo3(signature = (data, markdown = false, allocation = "economic", default_shape = "uniform", allow_implausible = false))]
fn check(
    py: Python<'_>,
    data: PathBuf,
    markdown: bool,
    allocation: &str,
    default_shape: &str,
    allow_implausible: bool,
) -> PyResult<String> {
    let (allocation, default_shape) = (allocation.to_string(), default_shape.to_string());
    detached(py, move || {
        let opts = model_options(&allocation, &default_shape, allow_implausible)?;
        commands::check(&data, &opts, markdown)
    })
}

/// `hiddenflow point`: the text it prints; with `out`, `coefficients.csv` written there.
#[pyfunction]
#[pyo3(signature = (data, out = None, force = false, allocation = "economic", default_shape = "uniform", allow_implausible = false))]
fn point(
    py: Python<'_>,
    data: PathBuf,
    out: Option<PathBuf>,
    force: bool,
    allocation: &str,
    default_shape: &str,
    allow_implausible: bool,
) -> PyResult<String> {
    let (allocation, default_shape) = (allocation.to_string(), default_shape.to_string());
    detached(py, move || {
        let opts = model_options(&allocation, &default_shape, allow_implausible)?;
        commands::point_cmd(&data, &opts, out.as_deref(), force)
    })
}

/// `hiddenflow params`: the CSV it prints.
#[pyfunction]
#[pyo3(signature = (data, filter = None, uncertain = false, allocation = "economic", default_shape = "uniform", allow_implausible = false))]
fn params(
    py: Python<'_>,
    data: PathBuf,
    filter: Option<String>,
    uncertain: bool,
    allocation: &str,
    default_shape: &str,
    allow_implausible: bool,
) -> PyResult<String> {
    let (allocation, default_shape) = (allocation.to_string(), default_shape.to_string());
    detached(py, move || {
        let opts = model_options(&allocation, &default_shape, allow_implausible)?;
        commands::params(&data, &opts, filter.as_deref(), uncertain)
    })
}

/// `hiddenflow run`: the text it prints and the run folder it wrote. The keyword arguments are
/// the command line's flags.
#[pyfunction]
#[pyo3(signature = (
    spec = None, *, samples = None, seed = None, threads = None, method = None, data = None,
    out = None, force = false, shard = None, block_size = None, precision = None,
    keep_samples = false, variance_budget = false, sensitivity = false, allocation = None,
    default_shape = None, allow_implausible = false, independent = false, resume = None
))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    spec: Option<PathBuf>,
    samples: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    method: Option<String>,
    data: Option<PathBuf>,
    out: Option<PathBuf>,
    force: bool,
    shard: Option<String>,
    block_size: Option<u64>,
    precision: Option<f64>,
    keep_samples: bool,
    variance_budget: bool,
    sensitivity: bool,
    allocation: Option<String>,
    default_shape: Option<String>,
    allow_implausible: bool,
    independent: bool,
    resume: Option<PathBuf>,
) -> PyResult<(String, PathBuf)> {
    let flags = Flags {
        spec,
        samples,
        seed,
        threads,
        method,
        data,
        out,
        force,
        shard,
        block_size,
        precision,
        keep_samples,
        variance_budget,
        sensitivity,
        allocation,
        default_shape,
        allow_implausible,
        independent,
        resume,
        ..Flags::default()
    };
    detached(py, move || {
        let folder = match &flags.resume {
            Some(dir) => dir.clone(),
            None => RunConfig::resolve(&flags)?.out,
        };
        let text = commands::run(&flags)?;
        Ok((text, folder))
    })
}

/// `hiddenflow sensitivity`: the text it prints and the folder it wrote. `method` is the
/// analysis (sobol, morris, tornado), `design` the base design of a Sobol' analysis.
#[pyfunction]
#[pyo3(signature = (
    spec = None, *, method = None, groups = None, design = None, samples = None, seed = None,
    threads = None, data = None, out = None, force = false, allow_implausible = false,
    independent = false
))]
#[allow(clippy::too_many_arguments)]
fn sensitivity(
    py: Python<'_>,
    spec: Option<PathBuf>,
    method: Option<String>,
    groups: Option<String>,
    design: Option<String>,
    samples: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    out: Option<PathBuf>,
    force: bool,
    allow_implausible: bool,
    independent: bool,
) -> PyResult<(String, PathBuf)> {
    let flags = Flags {
        spec,
        samples,
        seed,
        threads,
        data,
        out,
        force,
        allow_implausible,
        independent,
        method: design,
        analysis: method,
        groups,
        ..Flags::default()
    };
    detached(py, move || {
        let folder = RunConfig::resolve_for(&flags, Purpose::Sensitivity)?.out;
        let text = commands::sensitivity(&flags)?;
        Ok((text, folder))
    })
}

/// `hiddenflow two-d`: the text it prints and the folder it wrote.
#[pyfunction]
#[pyo3(signature = (
    spec = None, *, outer = None, inner = None, method = None, seed = None, threads = None,
    data = None, out = None, force = false, allow_implausible = false, independent = false
))]
#[allow(clippy::too_many_arguments)]
fn two_d(
    py: Python<'_>,
    spec: Option<PathBuf>,
    outer: Option<u64>,
    inner: Option<u64>,
    method: Option<String>,
    seed: Option<u64>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    out: Option<PathBuf>,
    force: bool,
    allow_implausible: bool,
    independent: bool,
) -> PyResult<(String, PathBuf)> {
    let flags = Flags {
        spec,
        seed,
        threads,
        data,
        out,
        force,
        allow_implausible,
        independent,
        method,
        ..Flags::default()
    };
    detached(py, move || {
        let cfg = RunConfig::resolve(&flags)?;
        let folder = match &flags.out {
            Some(o) => o.clone(),
            None => cfg.out.with_file_name(format!("{}_two_d", cfg.name)),
        };
        let text = commands::two_d(&flags, outer, inner)?;
        Ok((text, folder))
    })
}

/// A run spec's `name` (else its file name's stem), and its `data` and `out` as written.
#[pyfunction]
fn spec_info(py: Python<'_>, path: PathBuf) -> PyResult<(String, Option<String>, Option<String>)> {
    detached(py, move || {
        let (spec, _) = hiddenflow::config::read_spec_text(&path)?;
        let stem = path
            .file_stem()
            .map_or_else(|| "run".to_string(), |s| s.to_string_lossy().into_owned());
        Ok((spec.name.unwrap_or(stem), spec.data, spec.out))
    })
}

/// `hiddenflow --version`'s text for the dataset in `data`: the version, and the dataset's
/// table count and sha256 fingerprint.
#[pyfunction]
fn version_text(py: Python<'_>, data: PathBuf) -> String {
    py.detach(move || commands::version_text(&data))
}

/// The latest run's progress in this process: (runs started, samples done, samples to do).
#[pyfunction]
fn progress() -> (u64, u64, u64) {
    let s = hiddenflow::progress::snapshot();
    (s.run, s.done, s.total)
}

/// Asks the running commands to stop at their next block boundary, as SIGINT would: a run
/// writes a checkpoint and fails with `Interrupted` (continue it with `resume`).
#[pyfunction]
fn request_stop() {
    hiddenflow::interrupt::request(hiddenflow::interrupt::SIGINT);
}

/// Clears a stop request (before a new command).
#[pyfunction]
fn clear_stop() {
    hiddenflow::interrupt::clear();
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Python draws its own bar (tqdm); the library's terminal bar would draw a second one.
    hiddenflow::progress::set_terminal_bar(false);
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(point, m)?)?;
    m.add_function(wrap_pyfunction!(params, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(two_d, m)?)?;
    m.add_function(wrap_pyfunction!(spec_info, m)?)?;
    m.add_function(wrap_pyfunction!(version_text, m)?)?;
    m.add_function(wrap_pyfunction!(progress, m)?)?;
    m.add_function(wrap_pyfunction!(request_stop, m)?)?;
    m.add_function(wrap_pyfunction!(clear_stop, m)?)?;
    Ok(())
}
