//! Run specifications: the TOML spec and the command-line flags become one validated
//! [`RunConfig`] before any work starts. Flags override the spec.

use crate::error::{Diagnostic, Error, Result};
use crate::model::{Allocation, ModelOptions};
use crate::sampling::design::Method;
use crate::sampling::dist::Shape;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The spec as written (`runs/*.toml`). Unknown fields are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub name: Option<String>,
    /// Dataset folder, relative to the spec file.
    pub data: Option<String>,
    pub samples: Option<u64>,
    pub seed: Option<u64>,
    pub method: Option<String>,
    pub threads: Option<usize>,
    pub block_size: Option<u64>,
    pub allocation: Option<String>,
    pub default_shape: Option<String>,
    pub home_country: Option<String>,
    /// Confidence level of the reported interval, e.g. 0.95.
    pub confidence: Option<f64>,
    /// Relative precision target for the 2.5 and 97.5 percentiles.
    pub precision: Option<f64>,
    pub keep_samples: Option<bool>,
    /// Also evaluate, on the same draws, the run with the residual producers' parameters and
    /// with every estimated value fixed at its best estimate (`variance_budget.csv`).
    pub variance_budget: Option<bool>,
    /// Rank correlation and contribution to variance of every parameter and group (as
    /// `run --sensitivity`).
    pub rank_correlation: Option<bool>,
    /// Samples of the rank-correlation pass (default: all, at most 100,000).
    pub rank_correlation_samples: Option<u64>,
    /// Settings of `hiddenflow sensitivity`.
    pub sensitivity: Option<SensitivitySpec>,
    /// Output folder, relative to the spec file (default: beside the spec, named after it).
    pub out: Option<String>,
    #[serde(default)]
    pub compare: Vec<ComparePair>,
    #[serde(default)]
    pub scenario: Vec<ScenarioSpec>,
    /// Rank correlations declared for this study (added to the dataset's `correlations.csv`).
    #[serde(default)]
    pub correlation: Vec<CorrelationSpec>,
    /// Groups of parameters that move with one shared factor.
    #[serde(default)]
    pub shared_factor: Vec<SharedFactorSpec>,
    /// Ignore every declared correlation and shared factor (as `--independent`).
    pub independent: Option<bool>,
    /// Settings of `hiddenflow two-d`.
    pub two_d: Option<TwoDSpec>,
}

/// `[two_d]` of a spec: the loops of a two-dimensional run and the tagging of parameters (see
/// docs/MODEL.md, "Two-dimensional Monte Carlo").
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TwoDSpec {
    /// Draws of the epistemic parameters (default 1,000).
    pub outer: Option<u64>,
    /// Draws of the variability parameters per outer draw (default 10,000).
    pub inner: Option<u64>,
    /// Name patterns of parameters to treat as epistemic, whatever the rule says.
    #[serde(default)]
    pub epistemic: Vec<String>,
    /// Name patterns of parameters to treat as variability, whatever the rule says.
    #[serde(default)]
    pub variability: Vec<String>,
}

/// `[[correlation]]`: Spearman's ρ between the parameters two patterns select (paired as in
/// `correlations.csv`, see docs/MODEL.md "Correlated inputs").
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CorrelationSpec {
    pub parameter_a: String,
    pub parameter_b: String,
    pub rho: f64,
    /// Where the value comes from (a study's assumption says so).
    pub source: String,
    pub year: Option<i32>,
}

/// `[[shared_factor]]`: every uncertain parameter that matches `parameters` (and, if given, is
/// of `kind`, has an ore-grade or stripping-ratio basis in the comma-separated `basis`, or has
/// the `estimated` flag) moves with
/// one common factor; any two members have Spearman's ρ = `rho` (1 = they move as one).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SharedFactorSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "star")]
    pub parameters: String,
    pub kind: Option<String>,
    pub basis: Option<String>,
    pub estimated: Option<bool>,
    #[serde(default = "one")]
    pub rho: f64,
}

fn star() -> String {
    "*".into()
}

fn one() -> f64 {
    1.0
}

/// `[sensitivity]` of a spec: settings of `hiddenflow sensitivity`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SensitivitySpec {
    /// sobol | morris | tornado
    pub method: Option<String>,
    /// commodity | mine | country | kind | parameter
    pub groups: Option<String>,
    /// Sobol': base sample size N (N·(groups + 2) evaluations).
    pub base_samples: Option<u64>,
    /// Sobol': bootstrap replicates for the intervals.
    pub bootstrap: Option<usize>,
    /// Sobol': keep doubling N until every total index's interval is narrower than this.
    pub target_ci_width: Option<f64>,
    /// Sobol': the largest N when `target_ci_width` is set.
    pub max_base_samples: Option<u64>,
    /// Morris: trajectories and grid levels.
    pub trajectories: Option<usize>,
    pub levels: Option<usize>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComparePair {
    pub a: String,
    pub b: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub set: Vec<Override>,
}

/// Overrides every parameter whose name matches `parameter` (`*` matches any run of
/// characters; with `estimated`, only those flagged estimated, or only those not): `value` fixes
/// it; `at_best = true` fixes each at its own best estimate; `scale` multiplies its
/// distribution; `best`/`min`/`max`/`dist` replace it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub parameter: String,
    pub estimated: Option<bool>,
    pub at_best: Option<bool>,
    pub value: Option<f64>,
    pub scale: Option<f64>,
    pub best: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub dist: Option<String>,
}

/// Command-line flags of `run` (all optional; they override the spec). A checkpoint stores
/// them (as JSON) so that `run --resume` rebuilds the run.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Flags {
    pub spec: Option<PathBuf>,
    pub samples: Option<u64>,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    pub method: Option<String>,
    pub data: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub force: bool,
    pub shard: Option<String>,
    pub block_size: Option<u64>,
    pub precision: Option<f64>,
    pub keep_samples: bool,
    pub variance_budget: bool,
    pub sensitivity: bool,
    pub allocation: Option<String>,
    pub default_shape: Option<String>,
    /// `sensitivity --method`: sobol, morris or tornado (overrides `[sensitivity] method`).
    pub analysis: Option<String>,
    /// `sensitivity --groups` (overrides `[sensitivity] groups`).
    pub groups: Option<String>,
    /// Implausible ranges and results are warnings, not errors.
    pub allow_implausible: bool,
    /// Ignore every declared correlation and shared factor (data and spec): draw independently.
    pub independent: bool,
    /// `run --resume DIR`: continue the interrupted run of `DIR` from its checkpoint (every
    /// other setting comes from the checkpoint; threads and block size may change).
    #[serde(skip)]
    pub resume: Option<PathBuf>,
    /// For tests: stop the run as a signal would, at the first block boundary at or past
    /// this many samples, or fail it there.
    #[serde(skip)]
    pub test_stop: Option<TestStop>,
}

/// A test hook of `run`: what happens at the first block boundary at or past `after`
/// samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TestStop {
    /// As if SIGINT arrived: a checkpoint, status `interrupted`, exit 130.
    Interrupt { after: u64 },
    /// An error: status `failed`.
    Fail { after: u64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shard {
    /// 1-based
    pub index: u64,
    pub count: u64,
}

/// Everything a run needs, validated.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub name: String,
    pub spec_path: Option<PathBuf>,
    pub data: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub samples: u64,
    pub seed: u64,
    pub method: Method,
    /// 0 = all cores
    pub threads: usize,
    pub block_size: u64,
    pub model: ModelOptions,
    pub confidence: f64,
    pub precision: Option<f64>,
    pub keep_samples: bool,
    /// Evaluate the variance-budget scenarios (see `Spec::variance_budget`).
    pub variance_budget: bool,
    /// Samples of the rank-correlation pass, if requested.
    pub sensitivity: Option<u64>,
    pub shard: Option<Shard>,
    pub compare: Vec<ComparePair>,
    pub scenarios: Vec<ScenarioSpec>,
    /// The spec's `[[correlation]]` and `[[shared_factor]]` entries.
    pub correlations: Vec<CorrelationSpec>,
    pub shared_factors: Vec<SharedFactorSpec>,
    /// `--independent`: ignore all declared dependence, the dataset's included.
    pub independent: bool,
    /// `[two_d]` settings.
    pub two_d: TwoDSpec,
    /// The spec's text, to locate errors found after parsing.
    pub spec_text: Option<String>,
    /// `[sensitivity]` settings.
    pub analysis: SensitivitySpec,
    /// The sensitivity analysis's method and parameter groups (flags over `[sensitivity]`).
    pub analysis_method: AnalysisMethod,
    pub grouping: Grouping,
}

/// `hiddenflow sensitivity --method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnalysisMethod {
    Sobol,
    Morris,
    Tornado,
}

/// How `hiddenflow sensitivity` groups parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Commodity,
    Mine,
    Country,
    Kind,
    Parameter,
}

impl Grouping {
    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Commodity => "commodity",
            Grouping::Mine => "mine",
            Grouping::Country => "country",
            Grouping::Kind => "kind",
            Grouping::Parameter => "parameter",
        }
    }
}

impl AnalysisMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisMethod::Sobol => "sobol",
            AnalysisMethod::Morris => "morris",
            AnalysisMethod::Tornado => "tornado",
        }
    }
}

/// Which command a configuration is for: it sets the default sampling design (Monte Carlo
/// for a run, scrambled Sobol' points for a Sobol' analysis).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Sensitivity,
}

/// A raw value and where it came from, so that an error names the flag the user gave or the
/// line of the spec that holds it.
struct Raw<T> {
    value: T,
    /// `None`: from the spec (or the default).
    flag: Option<&'static str>,
    /// The spec's key.
    key: &'static str,
}

impl<T: Clone> Raw<T> {
    /// The flag's value if given, else the spec's, else `default`.
    fn pick(
        flag: (&'static str, &Option<T>),
        key: (&'static str, &Option<T>),
        default: T,
    ) -> Raw<T> {
        match (flag.1, key.1) {
            (Some(v), _) => Raw {
                value: v.clone(),
                flag: Some(flag.0),
                key: key.0,
            },
            (None, Some(v)) => Raw {
                value: v.clone(),
                flag: None,
                key: key.0,
            },
            (None, None) => Raw {
                value: default,
                flag: None,
                key: key.0,
            },
        }
    }
}

/// Turns raw values into errors located at their origin: the command line for a flag, the
/// spec's line for a spec value.
struct Origins<'a> {
    spec_file: &'a Path,
    spec_text: Option<&'a str>,
}

impl Origins<'_> {
    fn invalid<T>(
        &self,
        raw: &Raw<T>,
        value: impl ToString,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Error {
        match raw.flag {
            Some(flag) => cli_error(flag, value, message, fix),
            None => Error::input(spec_diagnostic(
                self.spec_file,
                self.spec_text,
                raw.key,
                &value.to_string(),
                message,
                fix,
            )),
        }
    }

    /// Parses a raw text value with `parse`, locating a failure at the value's origin.
    fn parse<T, E: std::fmt::Display>(
        &self,
        raw: &Raw<String>,
        parse: impl Fn(&str) -> std::result::Result<T, E>,
        fix: &str,
    ) -> Result<T> {
        parse(&raw.value).map_err(|e| self.invalid(raw, &raw.value, e.to_string(), fix))
    }
}

/// Model options from the flags of `check`, `point` and `params` (no spec): the same parsing
/// and messages as a run's.
pub fn model_options(
    allocation: &str,
    default_shape: &str,
    allow_implausible: bool,
) -> Result<ModelOptions> {
    let origins = Origins {
        spec_file: Path::new("<spec>"),
        spec_text: None,
    };
    let flag = |name, v: &str| Raw {
        value: v.to_string(),
        flag: Some(name),
        key: name,
    };
    Ok(ModelOptions {
        allocation: parse_allocation(&origins, &flag("allocation", allocation))?,
        default_shape: parse_shape(&origins, &flag("default-shape", default_shape))?,
        allow_implausible,
        ..ModelOptions::default()
    })
}

fn parse_allocation(o: &Origins, raw: &Raw<String>) -> Result<Allocation> {
    o.parse(
        raw,
        |t| t.parse::<Allocation>(),
        "use economic, mass or none",
    )
}

fn parse_shape(o: &Origins, raw: &Raw<String>) -> Result<Shape> {
    o.parse(
        raw,
        |t| t.parse::<Shape>(),
        "use a shape of distributions/README.md, e.g. uniform, triangular, pert or loguniform",
    )
}

pub const DEFAULT_SAMPLES: u64 = 100_000;
/// Threads per core a run may ask for (`--threads`).
pub const MAX_THREADS_PER_CORE: usize = 4;
pub const DEFAULT_SEED: u64 = 20190101;
pub const DEFAULT_BLOCK: u64 = 16 * crate::accum::CHUNK;

fn cli_error(
    flag: &str,
    value: impl ToString,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Error {
    Error::input(
        Diagnostic::new(Path::new("<command line>"), message, fix)
            .at_column(format!("--{flag}"))
            .with_value(value.to_string()),
    )
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

/// Line and column of `key = …` (or, with `value`, of that quoted value) in a spec's text: a
/// validated value's place, for errors found after parsing.
pub fn locate(text: &str, key: &str, value: Option<&str>) -> Option<(u64, u64)> {
    if let Some(v) = value {
        for quoted in [format!("\"{v}\""), format!("'{v}'")] {
            if let Some(i) = text.find(&quoted) {
                return Some(line_col(text, i));
            }
        }
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(line_col(text, offset + (line.len() - t.len())));
        }
        offset += line.len();
    }
    None
}

/// A problem with a validated spec value, located in the spec's text when it has one.
pub fn spec_diagnostic(
    file: &Path,
    text: Option<&str>,
    key: &str,
    value: &str,
    message: impl Into<String>,
    fix: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::new(file, message, fix).with_value(value.to_string());
    match text.and_then(|t| {
        locate(t, key, if value.is_empty() { None } else { Some(value) })
            .or_else(|| locate(t, key, None))
    }) {
        Some((line, _col)) => d = d.at_line(line).at_column(key.to_string()),
        None => d = d.at_column(key.to_string()),
    }
    d
}

/// The parsed spec and its text.
pub fn read_spec_text(path: &Path) -> Result<(Spec, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::input(Diagnostic::new(
                path,
                "the run spec does not exist",
                "give the path of a TOML run spec, e.g. runs/baseline.toml",
            ))
        } else {
            Error::io(path, e)
        }
    })?;
    let spec = toml::from_str::<Spec>(&text).map_err(|e| {
        let mut d = Diagnostic::new(
            path,
            e.message().to_string(),
            "correct the spec (see runs/baseline.toml for every field)",
        );
        if let Some(span) = e.span() {
            let (line, col) = line_col(&text, span.start);
            d = d
                .at_line(line)
                .at_column(format!("{col}"))
                .with_value(text[span.clone()].chars().take(60).collect::<String>());
        }
        Error::input(d)
    })?;
    Ok((spec, text))
}

impl RunConfig {
    /// The configuration of a run.
    pub fn resolve(flags: &Flags) -> Result<RunConfig> {
        Self::resolve_for(flags, Purpose::Run)
    }

    /// Every raw value (flag over spec over default) validated once, with errors located at
    /// the flag or the spec line the value came from.
    pub fn resolve_for(flags: &Flags, purpose: Purpose) -> Result<RunConfig> {
        let (spec, spec_text) = match &flags.spec {
            Some(p) => {
                let (s, t) = read_spec_text(p)?;
                (s, Some(t))
            }
            None => (Spec::default(), None),
        };
        let spec_file = flags
            .spec
            .clone()
            .unwrap_or_else(|| PathBuf::from("<spec>"));
        let spec_err = |field: &str, value: String, message: String, fix: &str| {
            Error::input(spec_diagnostic(
                &spec_file,
                spec_text.as_deref(),
                field,
                &value,
                message,
                fix,
            ))
        };
        let origins = Origins {
            spec_file: &spec_file,
            spec_text: spec_text.as_deref(),
        };
        let (name, data, out) = run_paths(flags, &spec, &origins)?;
        let raw_samples = Raw::pick(
            ("samples", &flags.samples),
            ("samples", &spec.samples),
            DEFAULT_SAMPLES,
        );
        let samples = raw_samples.value;
        if samples == 0 {
            return Err(origins.invalid(
                &raw_samples,
                0,
                "zero samples",
                "give at least 1 sample (e.g. 100000)",
            ));
        }
        let default_design = match purpose {
            Purpose::Run => "mc",
            Purpose::Sensitivity => "sobol",
        };
        let method: Method = origins.parse(
            &Raw::pick(
                ("method", &flags.method),
                ("method", &spec.method),
                default_design.to_string(),
            ),
            |t| t.parse::<Method>(),
            "use mc, lhs or sobol",
        )?;
        let raw_threads = Raw::pick(("threads", &flags.threads), ("threads", &spec.threads), 0);
        let threads = raw_threads.value;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads > MAX_THREADS_PER_CORE * cores {
            return Err(origins.invalid(
                &raw_threads,
                threads,
                format!(
                    "more than {MAX_THREADS_PER_CORE} threads per core ({cores} cores here): each thread holds its own accumulators, so more only cost memory"
                ),
                "use 0 (all cores) or at most the number of cores",
            ));
        }
        let raw_block = Raw::pick(
            ("block-size", &flags.block_size),
            ("block_size", &spec.block_size),
            DEFAULT_BLOCK,
        );
        let block_size = raw_block.value;
        let chunk = crate::accum::CHUNK;
        if block_size == 0 || !block_size.is_multiple_of(chunk) {
            return Err(origins.invalid(
                &raw_block,
                block_size,
                format!("the block size must be a positive multiple of {chunk}"),
                format!("use e.g. {DEFAULT_BLOCK}"),
            ));
        }
        let allocation = parse_allocation(
            &origins,
            &Raw::pick(
                ("allocation", &flags.allocation),
                ("allocation", &spec.allocation),
                "economic".into(),
            ),
        )?;
        let default_shape = parse_shape(
            &origins,
            &Raw::pick(
                ("default-shape", &flags.default_shape),
                ("default_shape", &spec.default_shape),
                "uniform".into(),
            ),
        )?;
        let confidence = spec.confidence.unwrap_or(0.95);
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(spec_err(
                "confidence",
                confidence.to_string(),
                "the confidence level must lie in (0, 1)".into(),
                "use e.g. 0.95",
            ));
        }
        let raw_precision = Raw::pick(
            ("precision", &flags.precision.map(Some)),
            ("precision", &spec.precision.map(Some)),
            None,
        );
        let precision = raw_precision.value;
        if let Some(p) = precision
            && !(p > 0.0 && p < 1.0)
        {
            return Err(origins.invalid(
                &raw_precision,
                p,
                "the relative precision must lie in (0, 1)",
                "use e.g. 0.005 for ±0.5 %",
            ));
        }
        let shard = match &flags.shard {
            None => None,
            Some(s) => Some(parse_shard(s)?),
        };
        if shard.is_some() && precision.is_some() {
            return Err(cli_error(
                "shard",
                flags.shard.clone().unwrap_or_default(),
                "--precision decides the sample count as it goes, which shards cannot share",
                "run shards with a fixed --samples",
            ));
        }
        let sensitivity = if flags.sensitivity || spec.rank_correlation.unwrap_or(false) {
            let n = spec
                .rank_correlation_samples
                .unwrap_or(100_000)
                .min(samples);
            if n < 16 {
                return Err(spec_err(
                    "rank_correlation_samples",
                    n.to_string(),
                    "too few samples for a rank correlation".into(),
                    "use at least 1,000",
                ));
            }
            Some(n)
        } else {
            None
        };
        if sensitivity.is_some() && flags.shard.is_some() {
            return Err(cli_error(
                "shard",
                flags.shard.clone().unwrap_or_default(),
                "--sensitivity needs the whole run's output distribution",
                "merge the shards first, or run without --shard",
            ));
        }
        let home_country = spec.home_country.clone().unwrap_or_else(|| "CN".into());
        if !(home_country.len() == 2 && home_country.chars().all(|c| c.is_ascii_uppercase())) {
            return Err(spec_err(
                "home_country",
                home_country,
                "not an ISO 3166-1 alpha-2 country code".into(),
                "write the two upper-case letters of a country of supply.csv, e.g. CN",
            ));
        }
        let (analysis, analysis_method, grouping) = analysis_settings(&origins, flags, &spec)?;
        let mut names = std::collections::HashSet::new();
        for s in &spec.scenario {
            if s.name.is_empty() || !names.insert(s.name.clone()) || s.name == "baseline" {
                return Err(spec_err(
                    "scenario.name",
                    s.name.clone(),
                    "scenario names must be unique, non-empty and not `baseline`".into(),
                    "rename the scenario",
                ));
            }
        }
        Ok(RunConfig {
            name,
            spec_path: flags.spec.clone(),
            data,
            out,
            force: flags.force,
            samples,
            seed: flags.seed.or(spec.seed).unwrap_or(DEFAULT_SEED),
            method,
            threads,
            block_size,
            model: ModelOptions {
                default_shape,
                grade_shape: None,
                allocation,
                home_country,
                allow_implausible: flags.allow_implausible,
            },
            confidence,
            precision,
            keep_samples: flags.keep_samples || spec.keep_samples.unwrap_or(false),
            variance_budget: flags.variance_budget || spec.variance_budget.unwrap_or(false),
            sensitivity,
            shard,
            compare: spec.compare.clone(),
            scenarios: spec.scenario.clone(),
            correlations: spec.correlation.clone(),
            shared_factors: spec.shared_factor.clone(),
            independent: flags.independent || spec.independent.unwrap_or(false),
            two_d: spec.two_d.clone().unwrap_or_default(),
            spec_text,
            analysis,
            analysis_method,
            grouping,
        })
    }
}

/// The run's name, dataset folder and output folder: flags over the spec (whose paths are
/// relative to the spec's folder) over defaults.
fn run_paths(flags: &Flags, spec: &Spec, origins: &Origins) -> Result<(String, PathBuf, PathBuf)> {
    let spec_dir = flags
        .spec
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let name = spec
        .name
        .clone()
        .or_else(|| {
            flags
                .spec
                .as_ref()
                .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "run".to_string());
    if name.is_empty() || name.contains(['/', '\\']) {
        let raw = Raw {
            value: name.clone(),
            flag: None,
            key: "name",
        };
        return Err(origins.invalid(
            &raw,
            &name,
            "not a usable run name",
            "use letters, digits, - and _",
        ));
    }
    let data = match (&flags.data, &spec.data) {
        (Some(d), _) => d.clone(),
        (None, Some(d)) => spec_dir.join(d),
        (None, None) => PathBuf::from("distributions"),
    };
    let out = match (&flags.out, &spec.out) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) => spec_dir.join(o),
        (None, None) if flags.spec.is_some() => spec_dir.join(&name),
        (None, None) => PathBuf::from("runs").join(&name),
    };
    Ok((name, data, out))
}

/// The settings of `hiddenflow sensitivity`: `[sensitivity]` of the spec, with the method and
/// grouping flags over it.
fn analysis_settings(
    origins: &Origins,
    flags: &Flags,
    spec: &Spec,
) -> Result<(SensitivitySpec, AnalysisMethod, Grouping)> {
    let analysis = spec.sensitivity.clone().unwrap_or_default();
    let analysis_method = origins.parse(
        &Raw::pick(
            ("method", &flags.analysis),
            ("method", &analysis.method),
            "sobol".into(),
        ),
        |t| match t {
            "sobol" => Ok(AnalysisMethod::Sobol),
            "morris" => Ok(AnalysisMethod::Morris),
            "tornado" => Ok(AnalysisMethod::Tornado),
            _ => Err("unknown sensitivity method"),
        },
        "use sobol, morris or tornado",
    )?;
    let grouping = origins.parse(
        &Raw::pick(
            ("groups", &flags.groups),
            ("groups", &analysis.groups),
            "commodity".into(),
        ),
        |t| match t {
            "commodity" => Ok(Grouping::Commodity),
            "mine" => Ok(Grouping::Mine),
            "country" => Ok(Grouping::Country),
            "kind" => Ok(Grouping::Kind),
            "parameter" => Ok(Grouping::Parameter),
            _ => Err("unknown grouping"),
        },
        "use commodity, mine, country, kind or parameter",
    )?;
    Ok((analysis, analysis_method, grouping))
}

pub fn parse_shard(s: &str) -> Result<Shard> {
    let bad = || {
        cli_error(
            "shard",
            s,
            "not a shard of the form I/N with 1 ≤ I ≤ N",
            "use e.g. --shard 2/8 for the second of eight shards",
        )
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let index: u64 = i.trim().parse().map_err(|_| bad())?;
    let count: u64 = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || count == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}
