//! The commands of the command line, as library functions: each takes validated options and
//! returns what it printed, so tests call them directly.

use crate::coverage::{coverage, coverage_table, residual_table};
use crate::error::Result;
use crate::model::{self, ModelOptions};
use crate::plan::{Plan, vout};
use crate::point::{coefficients_csv, point};
use crate::report::prepare_out_dir;
use crate::report::table::{TextTable, sig};
use std::path::Path;

/// Loads and validates a dataset.
pub fn load_model(data: &Path, opts: &ModelOptions) -> Result<model::Model> {
    let ds = crate::data::load(data)?;
    build_model(&ds, opts)
}

/// Builds the model, prints its warnings on stderr, and refuses an implausible one (unless
/// allowed).
pub(crate) fn build_model(ds: &crate::data::Dataset, opts: &ModelOptions) -> Result<model::Model> {
    let m = model::build(ds, opts)?;
    for w in &m.warnings {
        let _ = writeln!(std::io::stderr(), "{w}");
    }
    let implausible = crate::plausibility::problems(&m, &Plan::compile(&m), ds);
    if !implausible.is_empty() {
        if !opts.allow_implausible {
            return Err(Error::Input(implausible));
        }
        for d in &implausible {
            let _ = writeln!(
                std::io::stderr(),
                "warning (allowed by --allow-implausible): {d}"
            );
        }
    }
    Ok(m)
}

/// `hiddenflow check`: validates the dataset and returns its coverage table.
/// `hiddenflow --version`'s text: the version, and the table count and sha256 fingerprint of
/// the dataset in `data` (to cite with a result computed from it).
pub fn version_text(data: &Path) -> String {
    let dataset = match crate::data::load(data) {
        Ok(ds) => format!(
            "dataset {}: {} tables, sha256 {}",
            data.display(),
            ds.files.len(),
            ds.fingerprint()
        ),
        Err(_) => format!("dataset: none readable at {}", data.display()),
    };
    format!("hiddenflow {}\n{dataset}\n", env!("CARGO_PKG_VERSION"))
}

pub fn check(data: &Path, opts: &ModelOptions, markdown: bool) -> Result<String> {
    let ds = crate::data::load(data)?;
    let m = build_model(&ds, opts)?;
    let cov = coverage(&m);
    let t = coverage_table(&cov);
    let n_uncertain = m.params.iter().filter(|p| !p.dist.is_fixed()).count();
    let mut s = format!(
        "{}: valid. {} commodities, {} mines, {} producers ({} residual), {} materials, {} components, {} vehicles, {} fleets; {} parameters, {} uncertain.\n\n",
        data.display(),
        m.commodities.len(),
        m.mines.len(),
        m.producers.len(),
        m.producers.iter().filter(|p| p.mine.is_none()).count(),
        m.materials.len(),
        m.components.len(),
        m.vehicles.iter().filter(|v| v.fleet.is_none()).count(),
        m.vehicles.iter().filter(|v| v.fleet.is_some()).count(),
        m.params.len(),
        n_uncertain
    );
    s.push_str(&if markdown { t.markdown() } else { t.render() });
    if !m.residuals.is_empty() {
        s.push_str("\nResidual producers (the part of a country's production no listed mine covers; ranges are those of the average ore, see docs/MODEL.md):\n\n");
        let r = residual_table(&m);
        s.push_str(&if markdown { r.markdown() } else { r.render() });
    }
    if !m.correlations.is_empty() {
        s.push_str(&format!(
            "\nDeclared rank correlations (correlations.csv): {} pairs of parameters; the matrix is checked when a run is built.\n",
            m.correlations.len()
        ));
        for p in &m.correlations {
            s.push_str(&format!(
                "  {} ~ {}: rho = {} ({}:{})\n",
                m.param(p.a).name,
                m.param(p.b).name,
                p.rho,
                p.file.display(),
                p.line
            ));
        }
    }
    let flags = crate::consistency::flags(&ds);
    if !flags.is_empty() {
        s.push_str(&format!(
            "\nConsistency flags ({}; rows to review, not errors: production off ore × grade × recoveries by more than {}×, figures older than {}, a mine producing more than its country):\n",
            flags.len(),
            crate::consistency::ORE_TOLERANCE,
            crate::consistency::STALE_BEFORE
        ));
        for f in &flags {
            s.push_str(&format!(
                "  {}:{}: {}\n",
                ds.file_path(f.file).display(),
                f.line,
                f.what
            ));
        }
    }
    Ok(s)
}

/// `hiddenflow point`: coefficients at best estimates; writes `coefficients.csv` to `out`.
pub fn point_cmd(
    data: &Path,
    opts: &ModelOptions,
    out: Option<&Path>,
    force: bool,
) -> Result<String> {
    let m = load_model(data, opts)?;
    let plan = Plan::compile(&m);
    let res = point(&m, &plan);
    if let Some(dir) = out {
        let _lock = prepare_out_dir(dir, force)?;
        coefficients_csv(&res.coefficients).write(&dir.join("coefficients.csv"))?;
    }
    let mut s = String::new();
    let find = |level: &str, item: &str, stage: &str| {
        res.coefficients
            .iter()
            .find(|c| c.level == level && c.item == item && c.stage == stage)
            .map_or(f64::NAN, |c| c.value)
    };
    let mut t = TextTable::new(&[
        "commodity",
        "mining t/t ore",
        "mining t/t",
        "beneficiation t/t",
        "smelting/refining t/t",
        "TMR t/t",
    ]);
    for c in &m.commodities {
        t.row(vec![
            c.id.clone(),
            sig(find("commodity", &c.id, "mining_per_t_ore"), 3),
            sig(find("commodity", &c.id, "mining"), 3),
            sig(find("commodity", &c.id, "beneficiation"), 3),
            sig(find("commodity", &c.id, "smelting_refining"), 3),
            sig(find("commodity", &c.id, "total"), 3),
        ]);
    }
    s.push_str("TMR per t of refined commodity, by stage, at best estimates\n");
    s.push_str(&t.render());
    let mut t = TextTable::new(&["material", "TMR t/t"]);
    for x in &m.materials {
        t.row(vec![x.id.clone(), sig(find("material", &x.id, "total"), 3)]);
    }
    s.push_str("\nTMR per t of material\n");
    s.push_str(&t.render());
    let mut t = TextTable::new(&["component", "TMR t/t"]);
    for x in &m.components {
        t.row(vec![
            x.id.clone(),
            sig(find("component", &x.id, "total"), 3),
        ]);
    }
    s.push_str("\nTMR per t of component\n");
    s.push_str(&t.render());
    let mut t = TextTable::new(&[
        "vehicle",
        "mass t",
        "TMR t",
        "hidden flows t",
        "material efficiency %",
        "hidden flows abroad %",
    ]);
    for (v, veh) in m.vehicles.iter().enumerate() {
        let o = |slot: usize| res.outputs[plan.vehicle_output(v, slot)];
        t.row(vec![
            veh.id.clone(),
            sig(o(vout::MASS), 3),
            sig(o(vout::TMR), 3),
            sig(o(vout::HIDDEN), 3),
            sig(o(vout::EFFICIENCY) * 100.0, 3),
            sig(o(vout::SHARE_ABROAD) * 100.0, 3),
        ]);
    }
    s.push_str("\nPer vehicle, at best estimates\n");
    s.push_str(&t.render());
    if let Some(dir) = out {
        s.push_str(&format!(
            "\nwrote {}\n",
            dir.join("coefficients.csv").display()
        ));
    }
    Ok(s)
}

use crate::accum::{Accumulator, CHUNK};
use crate::config::{AnalysisMethod, Flags, Grouping, Purpose, RunConfig};
use crate::engine::{Job, SampleSink, build_job, kept_columns, run_range};
use crate::error::{Diagnostic, Error};
use crate::report::manifest::{
    Engine, Manifest, ManifestFlags, MergedFrom, RankSensitivity, ScenarioInfo, ShardInfo, Status,
    command_line, engine, iso8601, peak_memory_bytes, sha256_file, sha256_str,
};
use crate::report::run::RunResults;
use crate::report::staging::RunDir;
use crate::report::write_atomic;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::time::{Instant, SystemTime};

/// What the run fingerprint covers: everything that changes results, nothing that does not
/// (threads, block size, output folder).
fn fingerprint(cfg: &RunConfig, inputs: &BTreeMap<String, String>) -> String {
    let v = json!({
        "engine": engine(),
        "samples": cfg.samples, "seed": cfg.seed, "method": cfg.method.as_str(),
        "allocation": cfg.model.allocation.to_string(), "default_shape": cfg.model.default_shape.to_string(),
        "home_country": cfg.model.home_country, "confidence": cfg.confidence,
        "inputs": inputs,
    });
    sha256_str(&v.to_string())
}

/// The sha256 of every input file (dataset tables and the spec), by path.
pub(crate) fn inputs_json(
    ds: &crate::data::Dataset,
    cfg: &RunConfig,
) -> Result<BTreeMap<String, String>> {
    let mut m = BTreeMap::new();
    for f in &ds.files {
        m.insert(f.path.display().to_string(), f.sha256.clone());
    }
    if let Some(spec) = &cfg.spec_path {
        m.insert(
            spec.display().to_string(),
            sha256_file(spec).map_err(|e| Error::io(spec, e))?,
        );
    }
    Ok(m)
}

fn flags_json(cfg: &RunConfig) -> ManifestFlags {
    ManifestFlags {
        spec: cfg.spec_path.as_ref().map(|p| p.display().to_string()),
        data: Some(cfg.data.display().to_string()),
        samples: Some(cfg.samples),
        seed: Some(cfg.seed),
        method: Some(cfg.method.as_str().to_string()),
        allocation: Some(cfg.model.allocation.to_string()),
        default_shape: Some(cfg.model.default_shape.to_string()),
        independent: cfg.independent,
    }
}

/// What every manifest of a sampling command starts with.
pub(crate) fn manifest_base(cfg: &RunConfig, inputs: &BTreeMap<String, String>) -> Manifest {
    Manifest {
        engine: Some(Engine::this()),
        command_line: Some(command_line()),
        seed: Some(cfg.seed),
        generator: Some(crate::sampling::rng::NAME.to_string()),
        allocation: Some(cfg.model.allocation.to_string()),
        default_shape: Some(cfg.model.default_shape.to_string()),
        home_country: Some(cfg.model.home_country.clone()),
        confidence: Some(cfg.confidence),
        inputs: Some(inputs.clone()),
        flags: Some(flags_json(cfg)),
        ..Manifest::default()
    }
}

/// The progress bar: on stderr when it is a terminal (and no caller turned it off with
/// [`crate::progress::set_terminal_bar`]), silent otherwise.
pub(crate) fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !crate::progress::terminal_bar() || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} samples ({per_sec}, ETA {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(pb)
}

/// Sample ranges of a run: one range, a shard's slice, or growing rounds for `--precision`.
fn shard_range(cfg: &RunConfig) -> std::ops::Range<u64> {
    let n_chunks = cfg.samples.div_ceil(CHUNK);
    match &cfg.shard {
        None => 0..cfg.samples,
        Some(s) => {
            let c0 = (s.index - 1) * n_chunks / s.count;
            let c1 = s.index * n_chunks / s.count;
            (c0 * CHUNK)..(c1 * CHUNK).min(cfg.samples)
        }
    }
}

/// What every sampling command starts with: the validated model, the compiled job, the
/// inputs' checksums, and an output folder ready for results.
fn prepare(
    cfg: &RunConfig,
) -> Result<(
    model::Model,
    Job,
    BTreeMap<String, String>,
    crate::report::lock::OutLock,
)> {
    let ds = crate::data::load(&cfg.data)?;
    let model = build_model(&ds, &cfg.model)?;
    let job = build_job(&model, cfg)?;
    if !job.copula.is_empty() {
        // Sobol' indices, Morris effects and a tornado apportion variance among independent
        // inputs; with dependent inputs their estimators measure something else.
        let declared = job.dependence.data_pairs + job.dependence.spec_pairs;
        return Err(Error::input(Diagnostic::new(
            cfg.spec_path.as_deref().unwrap_or(cfg.data.as_path()),
            format!(
                "the run declares dependent inputs ({declared} correlated pairs, {} shared factors), and Sobol', Morris and tornado analyses assume independent inputs",
                job.dependence.factors.len()
            ),
            "add --independent to analyse the model with independent draws, or use `run --sensitivity` (rank correlation), which holds with correlated inputs",
        )));
    }
    let inputs = inputs_json(&ds, cfg)?;
    let lock = prepare_out_dir(&cfg.out, cfg.force)?;
    Ok((model, job, inputs, lock))
}

/// `hiddenflow run`, and `run --resume DIR`, which continues an interrupted run from its
/// checkpoint (see [`crate::rounds`]). A run into a folder holding results with `--force`
/// writes into a staging sibling and swaps it in when complete
/// ([`crate::report::staging`]). A stopped run's manifest says `interrupted` (with a
/// checkpoint, exit status 128 + the signal) or `failed` (with the error).
pub fn run(flags: &Flags) -> Result<String> {
    let (cfg, saved, resume) = match &flags.resume {
        None => (RunConfig::resolve(flags)?, flags.clone(), None),
        Some(out) => resume_config(out, flags)?,
    };
    let started = SystemTime::now();
    let ds = crate::data::load(&cfg.data)?;
    let model = build_model(&ds, &cfg.model)?;
    let job = build_job(&model, &cfg)?;
    let inputs = inputs_json(&ds, &cfg)?;
    let fp = fingerprint(&cfg, &inputs);
    if let Some((ck, ck_path)) = &resume
        && ck.fingerprint != fp
    {
        return Err(Error::input(Diagnostic::new(
            ck_path,
            "the dataset, the spec or a setting changed since this run was interrupted: its checkpoint belongs to another run",
            "restore the inputs the run used (their sha256 are in its manifest.json), or start it again with --force",
        )));
    }
    let dir = match &resume {
        None => RunDir::create(&cfg.out, cfg.force)?,
        Some(_) => RunDir::reopen(&cfg.out)?,
    };
    let mut manifest = Manifest {
        start_time: Some(iso8601(started)),
        fingerprint: Some(fp),
        ..run_manifest(&cfg, &model, &job, &inputs)
    };
    let ck = resume.map(|(ck, _)| ck);
    if let Some(ck) = &ck {
        manifest.resumed = Some(crate::report::manifest::Resumed {
            from_sample: ck.done,
            times: ck.resumed + 1,
        });
    }
    let mut run = Run {
        cfg: &cfg,
        saved: &saved,
        model: &model,
        job: &job,
        dir: &dir,
        manifest,
    };
    match run.sample_and_write(ck) {
        Ok(text) => {
            dir.commit()?;
            Ok(text)
        }
        Err(e) => {
            let e = run.stopped(e);
            drop(dir);
            Err(e)
        }
    }
}

/// An interrupted run's checkpoint and its path.
type Resumable = (crate::report::checkpoint::Checkpoint, std::path::PathBuf);

/// The configuration of `run --resume OUT`: the flags stored in the checkpoint (threads and
/// block size may be given anew), the checkpoint and its path.
fn resume_config(out: &Path, flags: &Flags) -> Result<(RunConfig, Flags, Option<Resumable>)> {
    use crate::report::checkpoint::{CHECKPOINT_FILE, Checkpoint};
    let staged = crate::report::staging::staging_dir(out).join(CHECKPOINT_FILE);
    let path = if staged.is_file() {
        staged
    } else {
        out.join(CHECKPOINT_FILE)
    };
    if !path.is_file() {
        return Err(Error::input(Diagnostic::new(
            out,
            "no interrupted run to resume here (no checkpoint.bin in it or in its .NAME.new sibling)",
            "start the run again (with --force to replace what the folder holds)",
        )));
    }
    let ck = Checkpoint::read(&path)?;
    let mut saved: Flags = serde_json::from_str(&ck.flags).map_err(|e| {
        Error::input(Diagnostic::new(
            &path,
            format!("the checkpoint's flags are unreadable: {e}"),
            "start the run again with --force",
        ))
    })?;
    saved.out = Some(out.to_path_buf());
    saved.threads = flags.threads.or(saved.threads);
    saved.block_size = flags.block_size.or(saved.block_size);
    saved.test_stop = flags.test_stop;
    let cfg = RunConfig::resolve(&saved)?;
    Ok((cfg, saved, Some((ck, path))))
}

/// The manifest of a run as it starts.
fn run_manifest(
    cfg: &RunConfig,
    model: &model::Model,
    job: &Job,
    inputs: &BTreeMap<String, String>,
) -> Manifest {
    Manifest {
        run: Some(cfg.name.clone()),
        status: Some(Status::Running),
        samples_requested: Some(cfg.samples),
        design: Some(job.design.name()),
        method: Some(cfg.method.as_str().to_string()),
        threads: Some(threads_of(cfg) as u64),
        block_size: Some(cfg.block_size),
        chunk: Some(CHUNK),
        parameters: Some(model.params.len() as u64),
        uncertain_parameters: Some(job.n_uncertain as u64),
        dimensions: Some(job.dims as u64),
        dependence: dependence_info(&job.dependence),
        vehicle_labels: Some(vehicle_labels(model)),
        outputs: Some(job.n_outputs() as u64),
        scenarios: Some(
            job.scenarios
                .iter()
                .map(|s| ScenarioInfo {
                    name: s.name.clone(),
                    description: s.description.clone(),
                })
                .collect(),
        ),
        precision: cfg.precision,
        ..manifest_base(cfg, inputs)
    }
}

/// The display name of vehicle `id`.
fn label_of(model: &model::Model, id: &str) -> String {
    model
        .vehicles
        .iter()
        .find(|v| v.id == id)
        .map(|v| v.label.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Each vehicle's display name by id (the manifest's `vehicle_labels`).
pub(crate) fn vehicle_labels(model: &model::Model) -> BTreeMap<String, String> {
    model
        .vehicles
        .iter()
        .map(|v| (v.id.clone(), v.label.clone()))
        .collect()
}

/// The manifest's `dependence` (none when nothing was declared).
fn dependence_info(
    d: &crate::dependence::Summary,
) -> Option<crate::report::manifest::DependenceInfo> {
    let declared = d.data_pairs + d.spec_pairs + d.factors.len() > 0;
    (declared || d.ignored).then(|| crate::report::manifest::DependenceInfo {
        data_pairs: d.data_pairs as u64,
        spec_pairs: d.spec_pairs as u64,
        shared_factors: d
            .factors
            .iter()
            .map(|(name, n)| crate::report::manifest::FactorInfo {
                name: name.clone(),
                members: *n as u64,
            })
            .collect(),
        correlated_parameters: d.correlated_parameters as u64,
        ignored: d.ignored,
    })
}

fn threads_of(cfg: &RunConfig) -> usize {
    if cfg.threads == 0 {
        rayon::current_num_threads()
    } else {
        cfg.threads
    }
}

/// One `hiddenflow run` under way.
struct Run<'a> {
    cfg: &'a RunConfig,
    /// The flags as given (stored in checkpoints).
    saved: &'a Flags,
    model: &'a model::Model,
    job: &'a Job,
    dir: &'a RunDir,
    manifest: Manifest,
}

/// What stops a run: an error, or a stop between blocks.
enum Halt {
    Error(Error),
    Stopped {
        why: crate::rounds::Stop,
        done: u64,
        checkpoint: bool,
    },
}

impl From<Error> for Halt {
    fn from(e: Error) -> Halt {
        Halt::Error(e)
    }
}

impl Run<'_> {
    /// The command that continues this run.
    fn resume_command(&self) -> String {
        format!("hiddenflow run --resume {}", self.dir.out().display())
    }

    /// Records how the run stopped in its manifest and turns it into the command's error.
    fn stopped(&mut self, halt: Halt) -> Error {
        let work = self.dir.work();
        let previous = if self.dir.staged() {
            format!(
                "; the previous results in {} are untouched",
                self.dir.out().display()
            )
        } else {
            String::new()
        };
        let (status, error) = match halt {
            Halt::Error(e) => {
                self.manifest.status = Some(Status::Failed);
                self.manifest.error = Some(e.to_string().trim_start_matches("error: ").into());
                let _ = self.manifest.write(work);
                if self.dir.staged() {
                    return Error::Other(format!(
                        "{}{previous} (the failed run's manifest is in {})",
                        e.to_string().trim_start_matches("error: "),
                        work.display()
                    ));
                }
                return e;
            }
            Halt::Stopped {
                why: crate::rounds::Stop::Fail,
                done,
                ..
            } => (
                Status::Failed,
                Error::Other(format!(
                    "an injected failure (test hook) after {done} samples{previous}"
                )),
            ),
            Halt::Stopped {
                why: crate::rounds::Stop::Signal(signal),
                done,
                checkpoint,
            } => {
                let name = crate::interrupt::name(signal);
                let message = if checkpoint {
                    self.manifest.resume_with = Some(self.resume_command());
                    format!(
                        "interrupted by {name} after {done} samples; checkpoint in {}{previous}\nresume with: {}",
                        work.join(crate::report::checkpoint::CHECKPOINT_FILE)
                            .display(),
                        self.resume_command()
                    )
                } else {
                    format!(
                        "interrupted by {name} after {done} samples{previous}; a --keep-samples run keeps no checkpoint: start it again with --force"
                    )
                };
                (Status::Interrupted, Error::Interrupted { signal, message })
            }
        };
        self.manifest.status = Some(status);
        self.manifest.error = Some(error.to_string().trim_start_matches("error: ").into());
        let _ = self.manifest.write(work);
        error
    }

    /// Samples (from `from` on), writes every result file and the final manifest.
    fn sample_and_write(
        &mut self,
        from: Option<crate::report::checkpoint::Checkpoint>,
    ) -> std::result::Result<String, Halt> {
        let (cfg, job, model) = (self.cfg, self.job, self.model);
        let out = self.dir.work().to_path_buf();
        let clock = Instant::now();
        self.manifest.write(&out)?;
        let point = job.point_outputs(model);
        let range = shard_range(cfg);
        let from = match from {
            None => None,
            Some(ck) => {
                let path = out.join(crate::report::checkpoint::CHECKPOINT_FILE);
                let acc = Accumulator::read(&mut ck.state.as_slice()).map_err(|e| {
                    Error::input(Diagnostic::new(
                        &path,
                        format!("unreadable accumulator state: {e}"),
                        "start the run again with --force",
                    ))
                })?;
                if ck.first_sample != range.start
                    || ck.done > range.end
                    || acc.samples != ck.done - ck.first_sample
                    || acc.stats.len() != job.accumulator(&point).stats.len()
                {
                    return Err(Error::input(Diagnostic::new(
                        &path,
                        "the checkpoint does not fit this run's samples or outputs",
                        "start the run again with --force",
                    ))
                    .into());
                }
                Some(crate::rounds::Position {
                    done: ck.done,
                    round_end: ck.round_end,
                    convergence: ck.convergence,
                    acc,
                })
            }
        };
        let resumed = self.manifest.resumed.as_ref().map_or(0, |r| r.times);
        let first_done = from.as_ref().map_or(range.start, |p| p.done);

        // Kept samples stream to a writer that restores sample order.
        let samples_path = out.join("samples.csv");
        let (sink, writer) = if cfg.keep_samples {
            let (tx, rx) = std::sync::mpsc::sync_channel::<(u64, String)>(64);
            let header = std::iter::once("sample".to_string())
                .chain(kept_columns(job).into_iter().map(|c| c.2))
                .collect::<Vec<_>>()
                .join(",");
            let tmp = crate::report::tmp_name(&samples_path);
            let first_chunk = range.start / CHUNK;
            let handle = std::thread::spawn(move || -> std::io::Result<()> {
                let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
                writeln!(f, "{header}")?;
                let mut pending = std::collections::BTreeMap::new();
                let mut next = first_chunk;
                for (chunk, text) in rx {
                    pending.insert(chunk, text);
                    while let Some(t) = pending.remove(&next) {
                        f.write_all(t.as_bytes())?;
                        next += 1;
                    }
                }
                for (_, t) in pending {
                    f.write_all(t.as_bytes())?;
                }
                f.flush()
            });
            (Some(SampleSink { tx }), Some(handle))
        } else {
            (None, None)
        };

        let pb = progress_bar(range.end - first_done);
        crate::progress::start(range.end - first_done);
        let progress = |n: u64| {
            crate::progress::advance(n);
            if let Some(pb) = &pb {
                pb.inc(n);
            }
        };
        let test_stop = self.saved.test_stop;
        let stop = |done: u64| {
            use crate::config::TestStop;
            use crate::rounds::Stop;
            if let Some(s) = crate::interrupt::received() {
                return Some(Stop::Signal(s));
            }
            match test_stop {
                Some(TestStop::Interrupt { after }) if done >= after => {
                    Some(Stop::Signal(crate::interrupt::SIGINT))
                }
                Some(TestStop::Fail { after }) if done >= after => Some(Stop::Fail),
                _ => None,
            }
        };
        let ck_path = out.join(crate::report::checkpoint::CHECKPOINT_FILE);
        let flags_json = serde_json::to_string(self.saved).unwrap_or_default();
        let fp = self.manifest.fingerprint.clone().unwrap_or_default();
        let mut save = |p: &crate::rounds::Position| -> Result<()> {
            let mut state = Vec::new();
            p.acc
                .write(&mut state)
                .map_err(|e| Error::io(&ck_path, e))?;
            crate::report::checkpoint::Checkpoint {
                fingerprint: fp.clone(),
                flags: flags_json.clone(),
                first_sample: range.start,
                done: p.done,
                round_end: p.round_end,
                resumed,
                convergence: p.convergence.clone(),
                state,
            }
            .write(&ck_path)
        };
        let outcome = crate::rounds::Sampling {
            job,
            point: &point,
            cfg,
            range: range.clone(),
            progress: &progress,
            sink: sink.as_ref(),
            stop: &stop,
            save: if cfg.keep_samples {
                None
            } else {
                Some(&mut save)
            },
        }
        .run(from);
        if let Some(pb) = &pb {
            pb.finish_and_clear();
        }
        drop(sink);
        let samples_written = writer.map(|h| {
            h.join()
                .map_err(|_| Error::Other("the samples writer failed".into()))?
                .map_err(|e| Error::io(&samples_path, e))
        });
        let (acc, stop_reason, convergence) = match outcome? {
            crate::rounds::Outcome::Finished {
                acc,
                stopped_by,
                convergence,
            } => (acc, stopped_by, convergence),
            crate::rounds::Outcome::Stopped { why, at } => {
                let _ = std::fs::remove_file(crate::report::tmp_name(&samples_path));
                return Err(Halt::Stopped {
                    why,
                    done: at.done,
                    checkpoint: !cfg.keep_samples,
                });
            }
        };
        if let Some(w) = samples_written {
            w?;
            std::fs::rename(crate::report::tmp_name(&samples_path), &samples_path)
                .map_err(|e| Error::io(&samples_path, e))?;
        }
        // Non-finite draws are left out of every statistic: say so, with the count.
        let non_finite = acc.stats.iter().map(|s| s.non_finite).max().unwrap_or(0);
        if non_finite > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {non_finite} draws gave a value that is not finite; they are left out of the statistics (column non_finite of summary.csv, and summary.md)"
            );
        }
        Ok(self.write_results(&point, acc, stop_reason, convergence, clock)?)
    }

    /// Every result file of a finished sampling, and the final manifest.
    fn write_results(
        &mut self,
        point: &[f64],
        acc: Accumulator,
        stop_reason: String,
        convergence: Option<crate::report::Csv>,
        clock: Instant,
    ) -> Result<String> {
        let (cfg, job, model) = (self.cfg, self.job, self.model);
        let out = self.dir.work().to_path_buf();
        let manifest = &mut self.manifest;
        let range = shard_range(cfg);
        let elapsed = clock.elapsed().as_secs_f64();
        // The speed of this process: a resumed run's samples before the resume are not its.
        let before = manifest
            .resumed
            .as_ref()
            .map_or(0, |r| r.from_sample - range.start);
        let evaluated = (acc.samples - before) as f64;
        manifest.samples = Some(acc.samples);
        manifest.stopped_by = Some(stop_reason.clone());
        manifest.elapsed_seconds = Some(elapsed);
        manifest.samples_per_second = Some(evaluated / elapsed);
        manifest.parameter_draws_per_second = Some(evaluated * job.n_uncertain as f64 / elapsed);
        let mut text = String::new();
        if let Some(shard) = &cfg.shard {
            let state = out.join("state.bin");
            let mut buf = Vec::new();
            acc.write(&mut buf).map_err(|e| Error::io(&state, e))?;
            let header = crate::report::shard_state::ShardHeader {
                index: shard.index,
                count: shard.count,
                first_sample: range.start,
                end_sample: range.end,
                fingerprint: manifest.fingerprint.clone().unwrap_or_default(),
            };
            write_atomic(&state, &crate::report::shard_state::encode(&header, &buf))?;
            manifest.shard = Some(ShardInfo {
                index: shard.index,
                count: shard.count,
                first_sample: range.start,
                end_sample: range.end,
            });
            manifest.status = Some(Status::ShardComplete);
            manifest.peak_memory_bytes = peak_memory_bytes();
            manifest.write(&out)?;
            remove_checkpoint(&out)?;
            text.push_str(&format!(
                "shard {}/{}: samples {}..{} in {:.2} s; state in {}\nmerge all shards with: hiddenflow merge DIR... --out DIR\n",
                shard.index,
                shard.count,
                range.start,
                range.end,
                elapsed,
                self.dir.out().join("state.bin").display()
            ));
            return Ok(text);
        }
        let results = RunResults {
            job,
            acc: &acc,
            confidence: cfg.confidence,
            point,
        };
        let mut written = results.write_all(&out)?;
        if let Some(n) = cfg.sensitivity {
            let t = Instant::now();
            let rc = crate::correlation::rank_correlation(job, &acc, n, cfg.threads);
            let mut csv = crate::report::Csv::new(&crate::correlation::SENSITIVITY_HEADER);
            crate::correlation::sensitivity_rows(model, job, &rc, cfg.confidence, &mut csv);
            csv.write(&out.join("sensitivity.csv"))?;
            written.push("sensitivity.csv".into());
            manifest.sensitivity = Some(RankSensitivity {
                method: "rank_correlation".into(),
                samples: n,
                seconds: t.elapsed().as_secs_f64(),
            });
        }
        if let Some(conv) = &convergence {
            conv.write(&out.join("convergence.csv"))?;
            written.push("convergence.csv".into());
        }
        remove_checkpoint(&out)?;
        manifest.status = Some(Status::Complete);
        // The final manifest goes before report.html, which shows it.
        render_with_final_manifest(&out, manifest, written)?;
        let peak = manifest.peak_memory_bytes.map_or(String::new(), |b| {
            format!(", peak memory {:.0} MB", b as f64 / 1e6)
        });
        text.push_str(&results.headline_table().render());
        text.push_str(&format!(
            "\n{} samples ({}), {} uncertain parameters, {:.2} s ({:.0} samples/s{peak}) on {} threads; results in {}\n",
            acc.samples,
            stop_reason,
            job.n_uncertain,
            elapsed,
            evaluated / elapsed,
            threads_of(cfg),
            self.dir.out().display()
        ));
        Ok(text)
    }
}

fn remove_checkpoint(dir: &Path) -> Result<()> {
    let path = dir.join(crate::report::checkpoint::CHECKPOINT_FILE);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
        _ => Ok(()),
    }
}

/// Renders the tables and figures of `dir`, then writes `manifest` in its final state (with
/// every file, `report.html` included), then `report.html`, which shows that manifest.
fn render_with_final_manifest(
    dir: &Path,
    manifest: &mut Manifest,
    mut written: Vec<String>,
) -> Result<()> {
    crate::report::plot::render_all_then(dir, &Default::default(), &mut |files| {
        written.extend(files.iter().cloned());
        manifest.files = Some(written.clone());
        if manifest.status == Some(Status::Complete) {
            manifest.peak_memory_bytes = peak_memory_bytes();
        }
        manifest.write(dir)
    })
}

/// `hiddenflow merge DIR... --out DIR`: combines shards into the run they are slices of.
pub fn merge(dirs: &[std::path::PathBuf], out: &Path, force: bool) -> Result<String> {
    if dirs.is_empty() {
        return Err(Error::input(Diagnostic::new(
            Path::new("<command line>"),
            "no shard folders given",
            "list the shard output folders: hiddenflow merge runs/s1 runs/s2 … --out runs/merged",
        )));
    }
    crate::report::lock::check_out_not_input(dirs, out)?;
    let mut manifests: Vec<(std::path::PathBuf, Manifest, ShardInfo)> = Vec::new();
    for d in dirs {
        let path = d.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let m = Manifest::parse(&text).map_err(|e| {
            Error::input(Diagnostic::new(
                &path,
                format!("not a manifest: {e}"),
                "point merge at shard output folders",
            ))
        })?;
        let Some(shard) = m.shard.clone() else {
            return Err(Error::input(Diagnostic::new(
                &path,
                "this run is not a shard",
                "merge the folders written by `run --shard I/N`",
            )));
        };
        manifests.push((d.clone(), m, shard));
    }
    let fp = manifests[0].1.fingerprint.clone().unwrap_or_default();
    let count = manifests[0].2.count;
    let mut seen = vec![false; count as usize];
    for (d, m, shard) in &manifests {
        if m.fingerprint.as_deref().unwrap_or_default() != fp {
            return Err(Error::input(Diagnostic::new(
                &d.join("manifest.json"),
                "this shard belongs to another run (different data, seed, samples or settings)",
                "merge only shards of one run",
            )));
        }
        let i = shard.index;
        if shard.count != count || i == 0 || i > count || seen[(i - 1) as usize] {
            return Err(Error::input(Diagnostic::new(
                &d.join("manifest.json"),
                format!("shard {i}/{count} is given twice or does not fit"),
                "give each shard of the run once",
            )));
        }
        seen[(i - 1) as usize] = true;
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(Error::input(Diagnostic::new(
            Path::new("<command line>"),
            format!("shard {}/{count} is missing", missing + 1),
            "run the missing shard and list its folder",
        )));
    }
    // Rebuild the run from the first shard's flags; its inputs must be unchanged.
    let f = manifests[0].1.flags.clone().unwrap_or_default();
    let flags = Flags {
        spec: f.spec.map(Into::into),
        data: f.data.map(Into::into),
        samples: f.samples,
        seed: f.seed,
        method: f.method,
        allocation: f.allocation,
        default_shape: f.default_shape,
        independent: f.independent,
        out: Some(out.to_path_buf()),
        force,
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags)?;
    let ds = crate::data::load(&cfg.data)?;
    let inputs = inputs_json(&ds, &cfg)?;
    if fingerprint(&cfg, &inputs) != fp {
        return Err(Error::input(Diagnostic::new(
            &cfg.data,
            "the dataset or spec changed since the shards ran",
            "restore the inputs the shards used (their sha256 are in each shard's manifest.json), or rerun the shards",
        )));
    }
    let model = model::build(&ds, &cfg.model)?;
    let job = build_job(&model, &cfg)?;
    let point = job.point_outputs(&model);
    let mut acc = job.accumulator(&point);
    let state_paths: Vec<_> = manifests
        .iter()
        .map(|(d, _, _)| d.join("state.bin"))
        .collect();
    let mut headers = Vec::new();
    for ((_, _, shard), path) in manifests.iter().zip(&state_paths) {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let (header, mut state) = crate::report::shard_state::decode(path, &bytes)?;
        let part = Accumulator::read(&mut state).map_err(|e| {
            Error::input(Diagnostic::new(
                path,
                format!("unreadable shard state: {e}"),
                "rerun this shard",
            ))
        })?;
        crate::report::shard_state::check_against_manifest(
            path,
            &header,
            shard,
            &fp,
            part.samples,
        )?;
        headers.push((path.as_path(), header));
        if part.stats.len() != acc.stats.len() {
            return Err(Error::input(Diagnostic::new(
                path,
                "the shard state does not fit this run's outputs",
                "rerun this shard",
            )));
        }
        acc += &part;
    }
    crate::report::shard_state::check_tiling(&headers, cfg.samples)?;
    let _lock = prepare_out_dir(out, force)?;
    let results = RunResults {
        job: &job,
        acc: &acc,
        confidence: cfg.confidence,
        point: &point,
    };
    let written = results.write_all(out)?;
    let mut manifest = Manifest {
        status: Some(Status::Merged),
        method: Some(cfg.method.as_str().to_string()),
        merged_from: Some(
            manifests
                .iter()
                .map(|(d, _, shard)| MergedFrom {
                    dir: d.display().to_string(),
                    shard: Some(shard.clone()),
                })
                .collect(),
        ),
        samples: Some(acc.samples),
        design: Some(job.design.name()),
        vehicle_labels: Some(vehicle_labels(&model)),
        fingerprint: Some(fp.clone()),
        start_time: Some(iso8601(SystemTime::now())),
        ..manifest_base(&cfg, &inputs)
    };
    // Figures read the manifest (e.g. the home country): write it before rendering.
    manifest.write(out)?;
    render_with_final_manifest(out, &mut manifest, written)?;
    Ok(format!(
        "{}\nmerged {} shards ({} samples) into {}\n",
        results.headline_table().render(),
        manifests.len(),
        acc.samples,
        out.display()
    ))
}

/// `hiddenflow params`: every parameter of the model with its distribution — the names that
/// scenario overrides and sensitivity groups use.
pub fn params(
    data: &Path,
    opts: &ModelOptions,
    filter: Option<&str>,
    uncertain_only: bool,
) -> Result<String> {
    let ds = crate::data::load(data)?;
    let m = build_model(&ds, opts)?;
    let mut csv = crate::report::Csv::new(&[
        "name",
        "kind",
        "best",
        "min",
        "max",
        "distribution",
        "estimated",
        "source",
    ]);
    for p in &m.params {
        if uncertain_only && p.dist.is_fixed() {
            continue;
        }
        if let Some(f) = filter
            && !crate::engine::glob_match(f, &p.name)
        {
            continue;
        }
        let (lo, hi) = p.dist.bounds();
        let at = p.at.as_ref().map_or("(derived)".to_string(), |l| {
            format!("{}:{}", ds.path_of(l).display(), l.line)
        });
        csv.row([
            p.name.clone(),
            p.kind.as_str().to_string(),
            crate::report::num(p.best),
            crate::report::num(lo),
            crate::report::num(hi),
            p.dist.describe(),
            p.estimated.to_string(),
            at,
        ]);
    }
    Ok(csv.as_str().to_string())
}

/// The group a parameter belongs to when parameters are grouped by `by` (each parameter in
/// exactly one group).
fn group_of(model: &model::Model, p: usize, by: &str) -> String {
    let prm = &model.params[p];
    match by {
        "parameter" => prm.name.clone(),
        "kind" => prm.kind.as_str().to_string(),
        "country" => prm
            .country
            .map_or("no_country".to_string(), |c| model.countries[c].clone()),
        "mine" => match prm.mine {
            Some(m) => model.mines[m].id.clone(),
            None if prm.name.starts_with("residual:") => prm
                .name
                .rsplit_once(':')
                .map_or(prm.name.clone(), |(a, _)| a.to_string()),
            None => "not_mine_specific".to_string(),
        },
        _ => {
            // commodity: a mine's stripping ratio goes with the mine's first commodity;
            // downstream parameters (bills of materials, masses, batteries) form their own group.
            let c = prm.commodity.or_else(|| {
                prm.mine.and_then(|m| {
                    model.mine_producers[m]
                        .first()
                        .map(|&pi| model.producers[pi].commodity)
                })
            });
            match c {
                Some(c) => model.commodities[c].id.clone(),
                None if prm.kind == crate::model::ParamKind::InputTmr => {
                    "energy_inputs".to_string()
                }
                None => "downstream".to_string(),
            }
        }
    }
}

/// `hiddenflow sensitivity SPEC.toml`: Sobol' indices (Saltelli design), Morris screening or a
/// one-at-a-time tornado, for parameter groups, on each vehicle's TMR and hidden flows.
pub fn sensitivity(flags: &Flags) -> Result<String> {
    let mut cfg = RunConfig::resolve_for(flags, Purpose::Sensitivity)?;
    // Beside the indices, the uncertainty they apportion: a run of as many samples as the
    // base sample size (default 8,192) on the same design. The job's design is sized for it (a
    // Latin hypercube cannot be extended past its size).
    let n_summary = flags
        .samples
        .or(cfg.analysis.base_samples)
        .unwrap_or(8192)
        .max(1024);
    cfg.samples = n_summary;
    let started = SystemTime::now();
    let clock = Instant::now();
    let (model, job, inputs, _lock) = prepare(&cfg)?;
    let (names, problem) = sensitivity_problem(&model, &job, cfg.grouping)?;
    let targets: Vec<(String, &'static str, usize)> = (0..job.plan.n_vehicles())
        .flat_map(|v| {
            [("tmr", vout::TMR), ("hidden_flows", vout::HIDDEN)].map(|(q, s)| {
                (
                    job.plan.vehicle_ids[v].clone(),
                    q,
                    job.plan.vehicle_output(v, s),
                )
            })
        })
        .collect();
    let method = cfg.analysis_method.as_str();
    let by = cfg.grouping.as_str();
    let mut manifest = Manifest {
        run: Some(cfg.name.clone()),
        analysis: Some(method.to_string()),
        groups: Some(by.to_string()),
        n_groups: Some(names.len() as u64),
        uncertain_parameters: Some(job.n_uncertain as u64),
        vehicle_labels: Some(vehicle_labels(&model)),
        start_time: Some(iso8601(started)),
        ..manifest_base(&cfg, &inputs)
    };
    let analysis = Analysis {
        cfg: &cfg,
        flags,
        model: &model,
        job: &job,
        problem: &problem,
        targets: &targets,
    };
    let rows = analysis.rows(&mut manifest)?;
    let mut csv = crate::report::Csv::new(&crate::correlation::SENSITIVITY_HEADER);
    for r in &rows {
        let (vehicle, q, _) = &targets[r.output];
        csv.row([
            vehicle.clone(),
            q.to_string(),
            method.to_string(),
            names[r.group].clone(),
            by.to_string(),
            r.index.as_str().to_string(),
            crate::report::num(r.value),
            crate::report::num(r.ci_low),
            crate::report::num(r.ci_high),
        ]);
    }
    csv.write(&cfg.out.join("sensitivity.csv"))?;
    let elapsed = clock.elapsed().as_secs_f64();
    let point = job.point_outputs(&model);
    let acc = run_range(
        &job,
        &point,
        0..n_summary,
        cfg.threads,
        cfg.block_size,
        &|_| {},
        None,
    );
    let results = RunResults {
        job: &job,
        acc: &acc,
        confidence: cfg.confidence,
        point: &point,
    };
    let mut written = vec!["sensitivity.csv".to_string()];
    written.extend(results.write_all(&cfg.out)?);
    manifest.elapsed_seconds = Some(elapsed);
    manifest.summary_samples = Some(n_summary);
    manifest.status = Some(Status::Complete);
    // Figures read the manifest (e.g. the home country): write it before rendering.
    manifest.write(&cfg.out)?;
    render_with_final_manifest(&cfg.out, &mut manifest, written)?;
    Ok(format!(
        "{}\n{} analysis of {} groups ({by}) in {:.2} s; sensitivity.csv in {}\n",
        leading_groups(&rows, &targets, &names).render(),
        method,
        names.len(),
        elapsed,
        cfg.out.display()
    ))
}

/// The parameter groups of a sensitivity analysis over the baseline's dimensions.
fn sensitivity_problem(
    model: &model::Model,
    job: &Job,
    grouping: Grouping,
) -> Result<(Vec<String>, crate::sensitivity::Problem)> {
    let mut names: Vec<String> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (d, &p) in job.param_of_dim.iter().enumerate() {
        let g = group_of(model, p, grouping.as_str());
        match names.iter().position(|n| *n == g) {
            Some(i) => members[i].push(d),
            None => {
                names.push(g);
                members.push(vec![d]);
            }
        }
    }
    let problem = crate::sensitivity::Problem::new(job.n_uncertain, members, names.clone())
        .map_err(|e| Error::Other(format!("sensitivity problem: {e}")))?;
    Ok((names, problem))
}

/// One sensitivity analysis: what it needs to call the model and where its settings are.
struct Analysis<'a> {
    cfg: &'a RunConfig,
    flags: &'a Flags,
    model: &'a model::Model,
    job: &'a Job,
    problem: &'a crate::sensitivity::Problem,
    /// (vehicle, quantity, plan output) of every analysed output.
    targets: &'a [(String, &'static str, usize)],
}

impl Analysis<'_> {
    /// The indices of the configured method; its settings go into `manifest`.
    fn rows(&self, manifest: &mut Manifest) -> Result<Vec<crate::sensitivity::IndexRow>> {
        let (job, targets) = (self.job, self.targets);
        // Per-thread scratch from a pool: the estimators call the model from many threads.
        let pool = std::sync::Mutex::new(Vec::new());
        let model_fn = |u: &[f64], out: &mut [f64]| {
            let mut st = pool
                .lock()
                .map(|mut p| p.pop())
                .ok()
                .flatten()
                .unwrap_or_else(|| (job.state(), vec![0.0; job.n_plan_outputs]));
            job.eval_uniforms(u, &mut st.0, &mut st.1);
            for (o, t) in out.iter_mut().zip(targets) {
                *o = st.1[t.2];
            }
            if let Ok(mut p) = pool.lock() {
                p.push(st);
            }
        };
        match self.cfg.analysis_method {
            AnalysisMethod::Sobol => self.sobol(&model_fn, manifest),
            AnalysisMethod::Morris => self.morris(&model_fn, manifest),
            AnalysisMethod::Tornado => self.tornado(&model_fn, manifest),
        }
    }

    fn sobol(
        &self,
        model_fn: &(dyn Fn(&[f64], &mut [f64]) + Sync),
        manifest: &mut Manifest,
    ) -> Result<Vec<crate::sensitivity::IndexRow>> {
        use crate::sensitivity::{SaltelliPlan, Stopping, sobol, sobol_until};
        let (cfg, a, k) = (self.cfg, &self.cfg.analysis, self.targets.len());
        let n = self.flags.samples.or(a.base_samples).unwrap_or(8192);
        let plan = SaltelliPlan::new(self.problem.clone(), n, cfg.seed, cfg.method)
            .map_err(|e| Error::Other(format!("Saltelli design: {e}")))?;
        let bootstrap = a.bootstrap.unwrap_or(200);
        let seed = cfg.seed ^ 0xB007;
        let mut result = match a.target_ci_width {
            Some(w) => {
                let stop = Stopping {
                    target_ci_width: w,
                    max_base_samples: a.max_base_samples.unwrap_or(n * 16),
                };
                let u = sobol_until(&plan, &model_fn, k, cfg.threads, bootstrap, seed, stop)
                    .map_err(|e| Error::Other(format!("{e}")))?;
                manifest.converged = Some(u.converged);
                manifest.steps = Some(u.steps.clone());
                u.result
            }
            None => sobol(&plan, &model_fn, k, cfg.threads, bootstrap, seed),
        };
        result.set_confidence(cfg.confidence);
        manifest.base_samples = Some(result.base_samples);
        manifest.evaluations = Some(result.evaluations);
        manifest.bootstrap = Some(bootstrap as u64);
        manifest.design = Some(plan.design().name());
        Ok(result.rows())
    }

    fn morris(
        &self,
        model_fn: &(dyn Fn(&[f64], &mut [f64]) + Sync),
        manifest: &mut Manifest,
    ) -> Result<Vec<crate::sensitivity::IndexRow>> {
        let (cfg, a) = (self.cfg, &self.cfg.analysis);
        let r = a
            .trajectories
            .unwrap_or(self.flags.samples.map_or(100, |s| s as usize));
        let levels = a.levels.unwrap_or(crate::sensitivity::DEFAULT_LEVELS);
        let k = self.targets.len();
        let res = crate::sensitivity::morris(
            self.problem,
            r,
            levels,
            cfg.seed,
            &model_fn,
            k,
            cfg.threads,
        )
        .map_err(|e| Error::Other(format!("{e}")))?;
        manifest.trajectories = Some(r as u64);
        manifest.evaluations = Some(res.evaluations);
        Ok(res.rows())
    }

    fn tornado(
        &self,
        model_fn: &(dyn Fn(&[f64], &mut [f64]) + Sync),
        manifest: &mut Manifest,
    ) -> Result<Vec<crate::sensitivity::IndexRow>> {
        let params = &self.model.params;
        let best: Vec<f64> = self
            .job
            .param_of_dim
            .iter()
            .map(|&p| params[p].dist.cdf(params[p].best).clamp(0.0, 1.0))
            .collect();
        let k = self.targets.len();
        let res = crate::sensitivity::tornado(self.problem, &model_fn, k, &best, 0.0, 1.0)
            .map_err(|e| Error::Other(format!("{e}")))?;
        manifest.evaluations = Some(1 + 2 * self.problem.n_groups() as u64);
        manifest.levels = Some(
            "each group at the ends of its parameters' ranges (u = 0 and 1), the rest at best estimates"
                .to_string(),
        );
        Ok(res.rows())
    }
}

/// A short table: the leading index of every group for each vehicle's TMR.
fn leading_groups(
    rows: &[crate::sensitivity::IndexRow],
    targets: &[(String, &'static str, usize)],
    names: &[String],
) -> TextTable {
    let mut t = TextTable::new(&["vehicle", "group", "index", "value", "interval"]);
    let lead = ["ST", "mu_star", "high"];
    for r in rows
        .iter()
        .filter(|r| lead.contains(&r.index.as_str()) && targets[r.output].1 == "tmr")
    {
        let (vehicle, _, _) = &targets[r.output];
        t.row(vec![
            vehicle.clone(),
            names[r.group].clone(),
            r.index.as_str().to_string(),
            sig(r.value, 3),
            if r.ci_low.is_finite() {
                format!("{} – {}", sig(r.ci_low, 2), sig(r.ci_high, 2))
            } else {
                String::new()
            },
        ]);
    }
    t
}

/// The shapes `hiddenflow shapes` compares by default: every reported range uniform,
/// triangular or PERT with the best estimate as its mode, and the ore grades log-uniform (the
/// rest uniform).
pub const DEFAULT_SHAPES: &str = "uniform,triangular,pert,loguniform-grades";

/// One shape of the reported ranges that `hiddenflow shapes` runs.
struct ShapeVariant {
    name: String,
    default_shape: crate::sampling::dist::Shape,
    grade_shape: Option<crate::sampling::dist::Shape>,
}

use crate::stats::{MEDIAN, P2_5, P97_5};

fn shape_variants(list: &str) -> Result<Vec<ShapeVariant>> {
    use crate::sampling::dist::Shape;
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let v = match name {
            "loguniform-grades" => ShapeVariant {
                name: name.to_string(),
                default_shape: Shape::Uniform,
                grade_shape: Some(Shape::LogUniform),
            },
            _ => ShapeVariant {
                name: name.to_string(),
                default_shape: name.parse::<Shape>().map_err(|e| {
                    Error::input(
                        Diagnostic::new(
                            Path::new("<command line>"),
                            format!("{e}"),
                            format!("list shapes of distributions/README.md or loguniform-grades, e.g. {DEFAULT_SHAPES}"),
                        )
                        .at_column("--shapes")
                        .with_value(name.to_string()),
                    )
                })?,
                grade_shape: None,
            },
        };
        out.push(v);
    }
    if out.is_empty() {
        return Err(Error::input(
            Diagnostic::new(
                Path::new("<command line>"),
                "no shape to compare",
                format!("list at least one, e.g. --shapes {DEFAULT_SHAPES}"),
            )
            .at_column("--shapes"),
        ));
    }
    Ok(out)
}

/// `hiddenflow shapes SPEC`: the same draws under several shapes of the reported ranges (a
/// range without a `_dist` of its own): each vehicle's TMR median and band per shape, as
/// `shapes.csv` and `fig_shapes`, so a paper can state how much its bands depend on that
/// assumption. The draws are the same because the shapes change no parameter's dimension: the
/// uniforms of sample i are those of the run for every shape.
pub fn shapes(flags: &Flags, list: Option<&str>) -> Result<String> {
    let mut cfg = RunConfig::resolve(flags)?;
    if flags.out.is_none() {
        cfg.out = cfg.out.with_file_name(format!("{}_shapes", cfg.name));
    }
    let variants = shape_variants(list.unwrap_or(DEFAULT_SHAPES))?;
    if cfg.samples > 100_000 && variants.iter().any(|v| v.name == "pert") {
        // A PERT quantile is an inverse incomplete beta: about 100 times a uniform's.
        let _ = writeln!(
            std::io::stderr(),
            "note: the pert shape draws about 100 times slower than the others ({} samples): consider --samples 20000",
            cfg.samples
        );
    }
    let ds = crate::data::load(&cfg.data)?;
    // Every variant must build before any output is written.
    let mut models = Vec::new();
    for v in &variants {
        let opts = ModelOptions {
            default_shape: v.default_shape.clone(),
            grade_shape: v.grade_shape.clone(),
            ..cfg.model.clone()
        };
        models.push(build_model(&ds, &opts)?);
    }
    let _lock = prepare_out_dir(&cfg.out, cfg.force)?;
    let mut csv = crate::report::Csv::new(&[
        "shape",
        "vehicle",
        "quantity",
        "n",
        "mean",
        "p2_5",
        "p50",
        "p97_5",
        "ci_level",
        "ci_low",
        "ci_high",
        "band_width",
        "point",
    ]);
    let mut rows = Vec::new();
    let mut timing = Vec::new();
    for (k, (v, model)) in variants.iter().zip(&models).enumerate() {
        let clock = Instant::now();
        let job = build_job(model, &cfg)?;
        let point = job.point_outputs(model);
        let acc = run_range(
            &job,
            &point,
            0..cfg.samples,
            cfg.threads,
            cfg.block_size,
            &|_| {},
            None,
        );
        for (vi, id) in job.plan.vehicle_ids.iter().enumerate() {
            let o = job.plan.vehicle_output(vi, vout::TMR);
            let s = crate::stats::summarize_output(&acc, o, cfg.confidence);
            let p = s.percentiles;
            csv.row([
                v.name.clone(),
                id.clone(),
                "tmr".to_string(),
                s.n.to_string(),
                crate::report::num(s.mean),
                crate::report::num(p[P2_5]),
                crate::report::num(p[MEDIAN]),
                crate::report::num(p[P97_5]),
                crate::report::num(cfg.confidence),
                crate::report::num(s.ci_low),
                crate::report::num(s.ci_high),
                crate::report::num(p[P97_5] - p[P2_5]),
                crate::report::num(point[o]),
            ]);
            rows.push((
                k,
                id.clone(),
                crate::report::tables::Stat {
                    non_finite: s.non_finite as f64,
                    unit: "t/vehicle".to_string(),
                    n: s.n as f64,
                    mean: s.mean,
                    p,
                    se_p: s.percentile_se,
                    se_mean: s.se_mean,
                    ci_level: cfg.confidence,
                    ci_low: s.ci_low,
                    ci_high: s.ci_high,
                    point: point[o],
                },
            ));
        }
        timing.push(format!("{} {:.2} s", v.name, clock.elapsed().as_secs_f64()));
    }
    csv.write(&cfg.out.join("shapes.csv"))?;
    // Grouped by vehicle, the shapes side by side.
    rows.sort_by_key(|r| {
        let order = |v: &str| models[0].vehicles.iter().position(|x| x.id == v);
        (order(&r.1), r.0)
    });
    let names: Vec<String> = variants.iter().map(|v| v.name.clone()).collect();
    crate::report::figures::write_bands_figure(
        &cfg.out,
        &crate::report::figures::shapes_figure(&names, rows, &|id| label_of(&models[0], id)),
    )?;
    Ok(format!(
        "{} samples per shape ({}); shapes.csv and fig_shapes in {}\n",
        cfg.samples,
        timing.join(", "),
        cfg.out.display()
    ))
}

/// `hiddenflow two-d SPEC`: a two-dimensional Monte Carlo run (see [`crate::two_d`]). Writes
/// `two_d.csv` (per vehicle, quantity and statistic of the variability distribution: its
/// median and epistemic interval over the outer draws, and its value in the pooled
/// one-dimensional distribution), `two_d_parameters.csv` (every uncertain parameter's kind and
/// the rule that gave it), `fig_two_d` and `manifest.json`.
pub fn two_d(flags: &Flags, outer: Option<u64>, inner: Option<u64>) -> Result<String> {
    use crate::two_d::{self as td, Kind, STATISTICS};
    let mut cfg = RunConfig::resolve(flags)?;
    if flags.out.is_none() {
        cfg.out = cfg.out.with_file_name(format!("{}_two_d", cfg.name));
    }
    let outer = outer.or(cfg.two_d.outer).unwrap_or(1000);
    let inner = inner.or(cfg.two_d.inner).unwrap_or(10_000);
    let bad = |flag: &str, v: u64, msg: &str, fix: &str| {
        Err(Error::input(
            Diagnostic::new(Path::new("<command line>"), msg, fix)
                .at_column(flag)
                .with_value(v.to_string()),
        ))
    };
    if outer < 20 {
        return bad(
            "--outer",
            outer,
            "too few outer draws for an epistemic interval",
            "use at least 20 (1,000 gives 95 % intervals to about ±1 percentile point)",
        );
    }
    if inner < 100 {
        return bad(
            "--inner",
            inner,
            "too few inner draws for the percentiles of a variability distribution",
            "use at least 100 (10,000 places the 2.5th percentile to about ±0.3 percentile points)",
        );
    }
    let Some(total) = outer.checked_mul(inner).filter(|&n| n <= u64::MAX >> 2) else {
        return bad(
            "--inner",
            inner,
            "outer × inner draws overflow",
            "use fewer draws",
        );
    };
    // The nested loops are the whole run: no scenarios, budget, shards or precision rounds.
    cfg.samples = total;
    cfg.scenarios.clear();
    cfg.variance_budget = false;
    cfg.sensitivity = None;
    cfg.precision = None;
    let started = SystemTime::now();
    let clock = Instant::now();
    let ds = crate::data::load(&cfg.data)?;
    let model = build_model(&ds, &cfg.model)?;
    let job = build_job(&model, &cfg)?;
    let tags = td::classify(&model, &cfg.two_d, &cfg)?;
    let spec_file = cfg.spec_path.clone().unwrap_or_else(|| cfg.data.clone());
    let outer_dims = td::outer_dims(&model, &job, &tags, &spec_file)?;
    let inputs = inputs_json(&ds, &cfg)?;
    let _lock = prepare_out_dir(&cfg.out, cfg.force)?;
    let point = job.point_outputs(&model);
    let pb = progress_bar(total);
    crate::progress::start(total);
    let tick = |done: u64| {
        // Called once per outer draw, in completion order: each adds `inner` samples.
        crate::progress::advance(inner);
        if let Some(pb) = &pb {
            pb.set_position(done * inner);
        }
    };
    let targets = td::targets(&job, &point);
    let r = td::run(
        &job,
        targets,
        &outer_dims,
        outer,
        inner,
        cfg.seed,
        cfg.threads,
        &tick,
    )?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let elapsed = clock.elapsed().as_secs_f64();

    let (lo, hi) = ((1.0 - cfg.confidence) / 2.0, (1.0 + cfg.confidence) / 2.0);
    let mut csv = crate::report::Csv::new(&[
        "vehicle",
        "quantity",
        "statistic",
        "outer",
        "inner",
        "ci_level",
        "median",
        "ci_low",
        "ci_high",
        "mean",
        "sd",
        "pooled",
    ]);
    let groups = ["p2_5", "p50", "p97_5"];
    let mut fig_rows = Vec::new();
    for (t, target) in r.targets.iter().enumerate() {
        let vehicle = &job.plan.vehicle_ids[target.vehicle];
        for (j, (name, q)) in STATISTICS.iter().enumerate() {
            let s = &r.spread[t][j];
            let qs = s.quantiles(&[lo, 0.5, hi]);
            let pooled = match q {
                None => r.pooled[t].mean(),
                Some(q) => r.pooled[t].quantile(*q),
            };
            csv.row([
                vehicle.clone(),
                target.quantity.to_string(),
                name.to_string(),
                outer.to_string(),
                inner.to_string(),
                crate::report::num(cfg.confidence),
                crate::report::num(qs[1]),
                crate::report::num(qs[0]),
                crate::report::num(qs[2]),
                crate::report::num(s.mean()),
                crate::report::num(s.sd()),
                crate::report::num(pooled),
            ]);
            if let (Some(g), "tmr") = (groups.iter().position(|g| g == name), target.quantity) {
                let mut p = [f64::NAN; 7];
                p[MEDIAN] = qs[1];
                fig_rows.push((
                    target.vehicle,
                    g,
                    crate::report::tables::Stat {
                        unit: "t/vehicle".into(),
                        n: outer as f64,
                        mean: s.mean(),
                        p,
                        se_p: [f64::NAN; 7],
                        se_mean: f64::NAN,
                        ci_level: cfg.confidence,
                        ci_low: qs[0],
                        ci_high: qs[2],
                        point: point[target.output],
                        non_finite: 0.0,
                    },
                ));
            }
        }
    }
    csv.write(&cfg.out.join("two_d.csv"))?;
    let mut params = crate::report::Csv::new(&["parameter", "kind", "rule", "estimated"]);
    let (mut n_epistemic, mut n_variability) = (0u64, 0u64);
    for (p, tag) in model.params.iter().zip(&tags) {
        if let Some(tag) = tag {
            match tag.kind {
                Kind::Epistemic => n_epistemic += 1,
                Kind::Variability => n_variability += 1,
            }
            params.row([
                p.name.clone(),
                tag.kind.as_str().to_string(),
                tag.rule.to_string(),
                p.estimated.to_string(),
            ]);
        }
    }
    params.write(&cfg.out.join("two_d_parameters.csv"))?;
    fig_rows.sort_by_key(|r| (r.0, r.1));
    let names: Vec<String> = [
        "2.5th percentile of variability",
        "median of variability",
        "97.5th percentile of variability",
    ]
    .map(String::from)
    .to_vec();
    let labels = fig_rows
        .into_iter()
        .map(|(v, g, s)| (g, job.plan.vehicle_ids[v].clone(), s))
        .collect();
    let mut written = vec!["two_d.csv".to_string(), "two_d_parameters.csv".to_string()];
    written.extend(crate::report::figures::write_bands_figure(
        &cfg.out,
        &crate::report::figures::two_d_figure(&names, labels, &|id| label_of(&model, id)),
    )?);
    written.push("manifest.json".into());
    let manifest = Manifest {
        run: Some(cfg.name.clone()),
        status: Some(Status::Complete),
        samples: Some(total),
        design: Some(job.design.name()),
        method: Some(cfg.method.as_str().to_string()),
        threads: Some(threads_of(&cfg) as u64),
        parameters: Some(model.params.len() as u64),
        uncertain_parameters: Some(job.n_uncertain as u64),
        dimensions: Some(job.dims as u64),
        dependence: dependence_info(&job.dependence),
        vehicle_labels: Some(vehicle_labels(&model)),
        two_d: Some(crate::report::manifest::TwoDInfo {
            outer,
            inner,
            epistemic_parameters: n_epistemic,
            variability_parameters: n_variability,
        }),
        start_time: Some(iso8601(started)),
        elapsed_seconds: Some(elapsed),
        samples_per_second: Some(total as f64 / elapsed),
        files: Some(written),
        ..manifest_base(&cfg, &inputs)
    };
    manifest.write(&cfg.out)?;
    Ok(format!(
        "{outer} outer × {inner} inner draws ({n_epistemic} epistemic, {n_variability} variability parameters) in {elapsed:.1} s; two_d.csv and fig_two_d in {}\n",
        cfg.out.display()
    ))
}
