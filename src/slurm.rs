//! `hiddenflow slurm`: a run as a Slurm job array of shards (`run --shard I/N`) and a merge job
//! that starts once every shard succeeded (`--dependency=afterok:<array id>`).
//!
//! Every flag is checked here, at one boundary, before anything is written (exit 2 with the
//! flag, the value and the fix). The per-shard requests come from a measured cost: a short
//! calibration shard run with this binary (or `--calibrate DIR`, an earlier run's
//! `manifest.json`) gives samples per second and peak memory, and
//!
//! * time   = [`TIME_FACTOR`] × (shard samples ÷ samples per second) + [`TIME_MARGIN_S`],
//!   rounded up to a whole minute;
//! * memory = max([`MEM_FACTOR`] × peak memory, peak memory + [`MEM_MARGIN_MIB`]) in MiB,
//!   rounded up;
//! * the merge job: [`MERGE_TIME_S`] and twice the shard's memory (it holds the whole run's
//!   accumulator, one shard's state at a time, and renders the figures).
//!
//! The factor of 2 on time covers compute nodes slower than the machine that calibrated and a
//! shared file system; the calibration's seconds include loading the dataset, so they already
//! overstate the per-sample cost of a long shard. `--time` and `--mem` override the estimates.

use crate::accum::CHUNK;
use crate::config::{Flags, RunConfig};
use crate::error::{Diagnostic, Error, Result};
use crate::report::manifest::Manifest;
use crate::report::write_atomic;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Safety factor on the estimated shard time.
pub const TIME_FACTOR: f64 = 2.0;
/// Fixed time added to every shard (start-up, dataset loading, a slow file system).
pub const TIME_MARGIN_S: f64 = 300.0;
/// Safety factor on the measured peak memory.
pub const MEM_FACTOR: f64 = 1.5;
/// Least headroom above the measured peak memory, MiB.
pub const MEM_MARGIN_MIB: f64 = 256.0;
/// Time request of the merge job (it takes seconds: reads N small states, writes the results).
pub const MERGE_TIME_S: u64 = 15 * 60;
/// Samples of the calibration run (at most the shard's own).
pub const CALIBRATION_SAMPLES: u64 = 65_536;

/// The command line of `hiddenflow slurm`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SlurmArgs {
    /// Run specification (TOML), e.g. runs/baseline.toml
    pub spec: PathBuf,
    /// Number of shards (array tasks)
    #[arg(long)]
    pub shards: u64,
    /// Folder for the scripts, the shards and the merged run (default: the run's folder with
    /// `-slurm` appended, e.g. runs/baseline-slurm)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Submit the array and the merge job with sbatch (otherwise only write the scripts)
    #[arg(long)]
    pub submit: bool,
    /// Slurm partition
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit per shard in Slurm's format (MM, HH:MM:SS, D-HH:MM …); default: estimated
    #[arg(long)]
    pub time: Option<String>,
    /// Memory per shard in Slurm's format (e.g. 2G, 500M); default: estimated
    #[arg(long)]
    pub mem: Option<String>,
    /// Number of samples (overrides the spec)
    #[arg(long)]
    pub samples: Option<u64>,
    /// Master seed (overrides the spec)
    #[arg(long)]
    pub seed: Option<u64>,
    /// CPUs (threads) per shard
    #[arg(long, default_value_t = 1)]
    pub cpus_per_task: u64,
    /// Take the cost from this run's manifest.json instead of a calibration run
    #[arg(long)]
    pub calibrate: Option<PathBuf>,
    /// Samples of the calibration run (default 65,536, at most a shard's)
    #[arg(long)]
    pub calibration_samples: Option<u64>,
    /// Overwrite the scripts of an existing output folder
    #[arg(long)]
    pub force: bool,
    /// Further sbatch options for both jobs (after `--`), e.g. -- --account=proj --qos=long
    #[arg(last = true)]
    pub sbatch: Vec<String>,
}

/// What a shard costs, measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    /// Samples per second of one shard with the requested CPUs.
    pub samples_per_second: f64,
    pub peak_memory_bytes: u64,
    /// Where the figures come from.
    pub source: String,
}

/// Slurm's time limit formats: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` → seconds.
pub fn parse_time(s: &str) -> Option<u64> {
    let num = |t: &str| -> Option<u64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) || t.len() > 9 {
            None
        } else {
            t.parse().ok()
        }
    };
    let (days, rest) = match s.split_once('-') {
        Some((d, r)) => (Some(num(d)?), r),
        None => (None, s),
    };
    let parts: Vec<u64> = rest.split(':').map(num).collect::<Option<_>>()?;
    let secs = match (days, parts.as_slice()) {
        (None, [m]) => m * 60,
        (None, [m, s]) => m * 60 + s,
        (None, [h, m, s]) => h * 3600 + m * 60 + s,
        (Some(d), [h]) => d * 86_400 + h * 3600,
        (Some(d), [h, m]) => d * 86_400 + h * 3600 + m * 60,
        (Some(d), [h, m, s]) => d * 86_400 + h * 3600 + m * 60 + s,
        _ => return None,
    };
    (secs > 0).then_some(secs)
}

/// Slurm's memory format: a whole number with an optional unit K, M (default), G or T → MiB.
pub fn parse_mem(s: &str) -> Option<f64> {
    let t = s.trim_end_matches(['B', 'b']);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, 'M'),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    let mib = match unit {
        'K' => n / 1024.0,
        'M' => n,
        'G' => n * 1024.0,
        'T' => n * 1024.0 * 1024.0,
        _ => return None,
    };
    (mib > 0.0).then_some(mib)
}

/// Seconds as Slurm's `D-HH:MM:SS` (`HH:MM:SS` under a day).
pub fn format_time(secs: u64) -> String {
    let (d, r) = (secs / 86_400, secs % 86_400);
    let hms = format!("{:02}:{:02}:{:02}", r / 3600, r % 3600 / 60, r % 60);
    if d > 0 { format!("{d}-{hms}") } else { hms }
}

/// Estimated time request of a shard of `samples` samples, seconds (whole minutes).
pub fn shard_time(samples: u64, cost: &Cost) -> u64 {
    let secs = TIME_FACTOR * samples as f64 / cost.samples_per_second + TIME_MARGIN_S;
    (secs / 60.0).ceil() as u64 * 60
}

/// Estimated memory request of a shard, MiB.
pub fn shard_mem_mib(cost: &Cost) -> u64 {
    let peak = cost.peak_memory_bytes as f64 / (1024.0 * 1024.0);
    (MEM_FACTOR * peak).max(peak + MEM_MARGIN_MIB).ceil() as u64
}

/// A value safe in a POSIX shell word (single-quoted unless it needs nothing).
pub fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn flag_error(flag: &str, value: impl ToString, message: impl Into<String>, fix: &str) -> Error {
    Error::input(
        Diagnostic::new(Path::new("<command line>"), message, fix)
            .at_column(format!("--{flag}"))
            .with_value(value.to_string()),
    )
}

/// Everything checked; what the scripts are written from.
struct Plan {
    cfg: RunConfig,
    shards: u64,
    out: PathBuf,
    cwd: PathBuf,
    exe: PathBuf,
    /// The cost read from `--calibrate DIR`.
    calibrated: Option<Cost>,
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    }
}

/// Every check of the flags, before anything is written.
fn validate(a: &SlurmArgs, exe: &Path) -> Result<Plan> {
    if a.shards == 0 {
        return Err(flag_error(
            "shards",
            0,
            "zero shards",
            "give the number of array tasks, e.g. --shards 100",
        ));
    }
    if a.cpus_per_task == 0 || a.cpus_per_task > 4096 {
        return Err(flag_error(
            "cpus-per-task",
            a.cpus_per_task,
            "not a usable CPU count",
            "use e.g. --cpus-per-task 4",
        ));
    }
    if let Some(p) = &a.partition
        && (p.is_empty()
            || !p
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.,".contains(&b)))
    {
        return Err(flag_error(
            "partition",
            p,
            "not a partition name (letters, digits, - _ . and , between several)",
            "use a name `sinfo -s` lists",
        ));
    }
    if let Some(t) = &a.time
        && parse_time(t).is_none()
    {
        return Err(flag_error(
            "time",
            t,
            "not a Slurm time limit",
            "use minutes (90), HH:MM:SS (01:30:00) or D-HH:MM (2-12:00)",
        ));
    }
    if let Some(m) = &a.mem
        && parse_mem(m).is_none()
    {
        return Err(flag_error(
            "mem",
            m,
            "not a Slurm memory size",
            "use a whole number with K, M, G or T, e.g. 2G or 500M",
        ));
    }
    if a.calibration_samples == Some(0) {
        return Err(flag_error(
            "calibration-samples",
            0,
            "zero calibration samples",
            "use e.g. 65536",
        ));
    }
    for (i, o) in a.sbatch.iter().enumerate() {
        let name = o.split('=').next().unwrap_or("");
        if [
            "--array",
            "-a",
            "--dependency",
            "-d",
            "--wrap",
            "--parsable",
        ]
        .contains(&name)
            || (i == 0 && !o.starts_with('-'))
        {
            return Err(flag_error(
                "",
                o,
                "hiddenflow slurm sets this sbatch option itself, or it is not an option",
                "pass only further sbatch options after --, e.g. -- --account=proj",
            ));
        }
    }
    let flags = Flags {
        spec: Some(a.spec.clone()),
        samples: a.samples,
        seed: a.seed,
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags)?;
    if cfg.precision.is_some() {
        return Err(flag_error(
            "shards",
            a.shards,
            "the spec sets `precision`, which decides the sample count as it goes; shards need a fixed count",
            "remove `precision` from the spec and give --samples",
        ));
    }
    if cfg.sensitivity.is_some() {
        return Err(flag_error(
            "shards",
            a.shards,
            "the spec asks for a rank correlation, which needs the whole run's samples in one place",
            "remove `rank_correlation` from the spec for the sharded run",
        ));
    }
    let chunks = cfg.samples.div_ceil(CHUNK);
    if a.shards > chunks {
        return Err(flag_error(
            "shards",
            a.shards,
            format!(
                "more shards than chunks of {CHUNK} samples ({} samples make {chunks})",
                cfg.samples
            ),
            &format!("use at most {chunks} shards, or more samples"),
        ));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let out = absolute(
        &cwd,
        &a.out.clone().unwrap_or_else(|| {
            let mut o = cfg.out.clone().into_os_string();
            o.push("-slurm");
            PathBuf::from(o)
        }),
    );
    for (flag, p) in [("out", &out), ("out", &cwd)] {
        let s = p.to_string_lossy();
        if s.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '%') {
            return Err(flag_error(
                flag,
                s,
                "Slurm's #SBATCH lines cannot hold a path with spaces, quotes or %",
                "choose a folder (and submit from one) without them",
            ));
        }
    }
    if out.is_file() {
        return Err(flag_error(
            "out",
            out.display(),
            "the output path exists and is not a folder",
            "choose another --out",
        ));
    }
    if out.is_dir()
        && !a.force
        && std::fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .next()
            .is_some()
    {
        return Err(flag_error(
            "out",
            out.display(),
            "the output folder already holds a sharded run",
            "pass --force to write the scripts again (the shards then overwrite theirs), or choose another --out",
        ));
    }
    let calibrated = match &a.calibrate {
        Some(dir) => Some(cost_from_manifest(dir, a.cpus_per_task)?),
        None => None,
    };
    Ok(Plan {
        cfg,
        shards: a.shards,
        out,
        exe: absolute(&cwd, exe),
        cwd,
        calibrated,
    })
}

fn manifest_number(value: Option<f64>, key: &str, path: &Path) -> Result<f64> {
    value.filter(|v| *v > 0.0).ok_or_else(|| {
        Error::input(Diagnostic::new(
            path,
            format!("no measured `{key}` in this manifest"),
            "point --calibrate at the folder of a finished `hiddenflow run` (0.1 or later), or give --time and --mem",
        ))
    })
}

/// The cost read from an earlier run's manifest, scaled to `cpus` threads.
pub fn cost_from_manifest(dir: &Path, cpus: u64) -> Result<Cost> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::input(Diagnostic::new(
                &path,
                "no manifest.json in the calibration folder",
                "point --calibrate at the output folder of a finished `hiddenflow run`",
            ))
        } else {
            Error::io(&path, e)
        }
    })?;
    let m = Manifest::parse(&text).map_err(|e| {
        Error::input(Diagnostic::new(
            &path,
            format!("not valid JSON: {e}"),
            "point --calibrate at the output folder of a finished `hiddenflow run`",
        ))
    })?;
    let sps = manifest_number(m.samples_per_second, "samples_per_second", &path)?;
    let peak = manifest_number(
        m.peak_memory_bytes.map(|b| b as f64),
        "peak_memory_bytes",
        &path,
    )?;
    let threads = m.threads.map_or(1.0, |t| t as f64).max(1.0);
    Ok(Cost {
        // Threads scale the rate about linearly (the engine shares nothing between them).
        samples_per_second: sps * cpus as f64 / threads,
        peak_memory_bytes: peak as u64,
        source: format!(
            "{} ({:.0} samples/s on {threads} threads, scaled to {cpus})",
            path.display(),
            sps
        ),
    })
}

/// A short shard run with this binary into `OUT/slurm/calibration`.
fn calibrate(plan: &Plan, a: &SlurmArgs, samples: u64) -> Result<Cost> {
    let dir = plan.out.join("slurm").join("calibration");
    let output = Command::new(&plan.exe)
        .arg("run")
        .arg(&a.spec)
        .args(["--samples", &samples.to_string()])
        .args(["--seed", &plan.cfg.seed.to_string()])
        .args(["--threads", &a.cpus_per_task.to_string()])
        .args(["--shard", "1/1", "--force", "--out"])
        .arg(&dir)
        .output()
        .map_err(|e| Error::io(&plan.exe, e))?;
    if !output.status.success() {
        return Err(Error::Other(format!(
            "the calibration run failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let mut cost = cost_from_manifest(&dir, a.cpus_per_task)?;
    cost.source = format!(
        "calibration run of {samples} samples on {} thread(s) in {}",
        a.cpus_per_task,
        dir.display()
    );
    Ok(cost)
}

/// sbatch's `--parsable` answer (`id` or `id;cluster`) → the job id.
fn parse_job_id(stdout: &str) -> Option<String> {
    let id = stdout.trim().split(';').next()?.trim();
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_string())
}

fn sbatch(args: &[String]) -> Result<String> {
    let output = Command::new("sbatch").args(args).output().map_err(|e| {
        Error::Other(format!(
            "cannot start sbatch: {e} (is Slurm installed and on PATH?)"
        ))
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(Error::Other(format!(
            "sbatch {} failed ({}):\n{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    parse_job_id(&stdout)
        .ok_or_else(|| Error::Other(format!("sbatch answered `{}`, not a job id", stdout.trim())))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}

/// `hiddenflow slurm`: writes the array and merge scripts (and with `--submit` submits them);
/// `exe` is the hiddenflow binary the jobs run.
pub fn slurm(a: &SlurmArgs, exe: &Path) -> Result<String> {
    let plan = validate(a, exe)?;
    let cfg = &plan.cfg;
    let n = plan.shards;
    let chunks = cfg.samples.div_ceil(CHUNK);
    // The largest shard (shards differ by at most one chunk).
    let shard_samples = (chunks.div_ceil(n) * CHUNK).min(cfg.samples);
    let slurm_dir = plan.out.join("slurm");
    let logs = slurm_dir.join("logs");
    let shards_dir = plan.out.join("shards");
    let merged = plan.out.join("merged");
    for d in [&logs, &shards_dir] {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }

    let mut text = String::new();
    let cost = match (&a.time, &a.mem, &plan.calibrated) {
        (Some(_), Some(_), None) => None,
        (_, _, Some(c)) => Some(c.clone()),
        _ => {
            let samples = a
                .calibration_samples
                .unwrap_or(CALIBRATION_SAMPLES)
                .min(shard_samples);
            Some(calibrate(&plan, a, samples)?)
        }
    };
    let (time, time_why) = match (&a.time, &cost) {
        (Some(t), _) => (t.clone(), "--time".to_string()),
        (None, Some(c)) => {
            let secs = shard_time(shard_samples, c);
            (
                format_time(secs),
                format!(
                    "{TIME_FACTOR} × {shard_samples} samples ÷ {:.0} samples/s + {TIME_MARGIN_S:.0} s, in whole minutes",
                    c.samples_per_second
                ),
            )
        }
        (None, None) => unreachable!("a cost is measured unless --time and --mem are given"),
    };
    let (mem, mem_mib, mem_why) = match (&a.mem, &cost) {
        (Some(m), _) => (m.clone(), parse_mem(m).unwrap_or(0.0), "--mem".to_string()),
        (None, Some(c)) => {
            let mib = shard_mem_mib(c);
            (
                format!("{mib}M"),
                mib as f64,
                format!(
                    "max({MEM_FACTOR} × {:.0} MiB peak, peak + {MEM_MARGIN_MIB:.0} MiB)",
                    c.peak_memory_bytes as f64 / 1048576.0
                ),
            )
        }
        (None, None) => unreachable!("a cost is measured unless --time and --mem are given"),
    };
    let merge_mem = format!("{}M", (2.0 * mem_mib).ceil() as u64);
    let merge_time = format_time(MERGE_TIME_S);

    let spec = a.spec.to_string_lossy().into_owned();
    let exe = plan.exe.to_string_lossy().into_owned();
    let name = &cfg.name;
    let q = |p: &Path| sh_quote(&p.to_string_lossy());
    let header = |kind: &str, time: &str, mem: &str| {
        let mut h = format!(
            "#!/bin/bash\n# Written by `{}`.\n# {kind} of run `{name}`: {} samples, seed {}, {n} shards.\n",
            crate::report::manifest::command_line(),
            cfg.samples,
            cfg.seed
        );
        if let Some(c) = &cost {
            h.push_str(&format!(
                "# Cost: {:.0} samples/s per shard, peak memory {:.0} MiB ({}).\n",
                c.samples_per_second,
                c.peak_memory_bytes as f64 / 1048576.0,
                c.source
            ));
        }
        h.push_str(&format!(
            "#SBATCH --job-name=hf-{name}-{}\n#SBATCH --time={time}\n#SBATCH --mem={mem}\n#SBATCH --chdir={}\n",
            kind.split_whitespace().next().unwrap_or("job"),
            plan.cwd.display()
        ));
        if let Some(p) = &a.partition {
            h.push_str(&format!("#SBATCH --partition={p}\n"));
        }
        h
    };
    let mut shards_script = header("shards", &time, &mem);
    shards_script.push_str(&format!(
        "#SBATCH --array=1-{n}\n#SBATCH --cpus-per-task={cpus}\n#SBATCH --output={}/shard_%A_%a.out\n\
         set -euo pipefail\n\
         exec {} run {} --samples {} --seed {} --threads \"${{SLURM_CPUS_PER_TASK:-{cpus}}}\" \\\n  \
         --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --out {}/shard_\"${{SLURM_ARRAY_TASK_ID}}\" --force\n",
        logs.display(),
        sh_quote(&exe),
        sh_quote(&spec),
        cfg.samples,
        cfg.seed,
        q(&shards_dir),
        cpus = a.cpus_per_task,
    ));
    let mut merge_script = header("merge", &merge_time, &merge_mem);
    let shard_list: Vec<String> = (1..=n)
        .map(|i| q(&shards_dir.join(format!("shard_{i}"))))
        .collect();
    merge_script.push_str(&format!(
        "#SBATCH --output={}/merge_%j.out\nset -euo pipefail\n\
         # The shards are listed one by one: a folder left by an earlier run with more shards\n\
         # cannot slip in, and a missing one is named.\n\
         exec {} merge \\\n  {} \\\n  --out {} --force\n",
        logs.display(),
        sh_quote(&exe),
        shard_list.join(" \\\n  "),
        q(&merged),
    ));
    let shards_path = slurm_dir.join("shards.sbatch");
    let merge_path = slurm_dir.join("merge.sbatch");
    let extra: Vec<String> = a.sbatch.clone();
    let extra_sh: String = extra.iter().map(|o| format!(" {}", sh_quote(o))).collect();
    let submit_path = slurm_dir.join("submit.sh");
    let submit_script = format!(
        "#!/bin/bash\n# Submits the shard array, then the merge job once every shard succeeded.\nset -euo pipefail\n\
         array=$(sbatch --parsable{extra_sh} {})\n\
         merge=$(sbatch --parsable --dependency=afterok:\"${{array%%;*}}\"{extra_sh} {})\n\
         echo \"array job ${{array%%;*}}, merge job ${{merge%%;*}}; results in {}\"\n",
        q(&shards_path),
        q(&merge_path),
        merged.display()
    );
    for (path, body) in [
        (&shards_path, &shards_script),
        (&merge_path, &merge_script),
        (&submit_path, &submit_script),
    ] {
        write_atomic(path, body.as_bytes())?;
        make_executable(path)?;
    }

    text.push_str(&format!(
        "wrote {} (array 1-{n}: {} samples in shards of at most {shard_samples}, {} CPU(s) each)\n",
        shards_path.display(),
        cfg.samples,
        a.cpus_per_task
    ));
    text.push_str(&format!(
        "wrote {} (merge of {n} shards into {})\n",
        merge_path.display(),
        merged.display()
    ));
    text.push_str(&format!("wrote {}\n", submit_path.display()));
    if let Some(c) = &cost {
        text.push_str(&format!(
            "cost: {:.0} samples/s per shard, peak memory {:.0} MiB ({})\n",
            c.samples_per_second,
            c.peak_memory_bytes as f64 / 1048576.0,
            c.source
        ));
    }
    text.push_str(&format!(
        "per shard: --time={time} ({time_why}), --mem={mem} ({mem_why})\nmerge job: --time={merge_time}, --mem={merge_mem} (twice a shard's)\n"
    ));
    let first: Vec<String> = ["--parsable".to_string()]
        .into_iter()
        .chain(extra.iter().cloned())
        .chain([shards_path.to_string_lossy().into_owned()])
        .collect();
    let second = |id: &str| -> Vec<String> {
        [
            "--parsable".to_string(),
            format!("--dependency=afterok:{id}"),
        ]
        .into_iter()
        .chain(extra.iter().cloned())
        .chain([merge_path.to_string_lossy().into_owned()])
        .collect()
    };
    let show = |args: &[String]| -> String {
        std::iter::once("sbatch".to_string())
            .chain(args.iter().map(|s| sh_quote(s)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if a.submit {
        let array_id = sbatch(&first)?;
        text.push_str(&format!("$ {}\n{array_id}\n", show(&first)));
        let merge_args = second(&array_id);
        let merge_id = sbatch(&merge_args)?;
        text.push_str(&format!("$ {}\n{merge_id}\n", show(&merge_args)));
        text.push_str(&format!(
            "submitted: array job {array_id} ({n} shards), merge job {merge_id} (afterok:{array_id}); \
             watch with `squeue -j {array_id},{merge_id}`; results in {}\n",
            merged.display()
        ));
    } else {
        text.push_str(&format!(
            "submit with {} (or --submit), which runs:\n  {}\n  {}\n",
            q(&submit_path),
            show(&first),
            show(&second("<array job id>"))
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slurm_times_parse_and_print() {
        assert_eq!(parse_time("90"), Some(5400));
        assert_eq!(parse_time("90:30"), Some(5430));
        assert_eq!(parse_time("01:30:00"), Some(5400));
        assert_eq!(parse_time("2-12"), Some(2 * 86400 + 12 * 3600));
        assert_eq!(parse_time("2-12:30"), Some(2 * 86400 + 12 * 3600 + 1800));
        assert_eq!(parse_time("1-00:00:01"), Some(86401));
        for bad in [
            "",
            "0",
            "1h",
            "1:2:3:4",
            "-5",
            "1-",
            "a-1",
            " 5",
            "1-1:1:1:1",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(format_time(5400), "01:30:00");
        assert_eq!(format_time(86_401), "1-00:00:01");
    }

    #[test]
    fn slurm_memory_sizes_parse_in_mib() {
        assert_eq!(parse_mem("500"), Some(500.0));
        assert_eq!(parse_mem("500M"), Some(500.0));
        assert_eq!(parse_mem("2G"), Some(2048.0));
        assert_eq!(parse_mem("2gb"), Some(2048.0));
        assert_eq!(parse_mem("1T"), Some(1048576.0));
        assert_eq!(parse_mem("2048K"), Some(2.0));
        for bad in ["", "0", "G", "1.5G", "2X", "-1", "12 G"] {
            assert_eq!(parse_mem(bad), None, "{bad}");
        }
    }

    #[test]
    fn requests_carry_the_safety_factors() {
        let cost = Cost {
            samples_per_second: 100_000.0,
            peak_memory_bytes: 100 * 1024 * 1024,
            source: String::new(),
        };
        // 2 × 10 s + 300 s = 320 s → 6 whole minutes.
        assert_eq!(shard_time(1_000_000, &cost), 360);
        // max(150, 356) MiB
        assert_eq!(shard_mem_mib(&cost), 356);
        let big = Cost {
            peak_memory_bytes: 1024 * 1024 * 1024,
            ..cost
        };
        assert_eq!(shard_mem_mib(&big), 1536);
    }

    #[test]
    fn shell_words_are_quoted() {
        assert_eq!(sh_quote("runs/baseline.toml"), "runs/baseline.toml");
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote(""), "''");
    }

    #[test]
    fn job_ids_from_parsable_output() {
        assert_eq!(parse_job_id("1234\n").as_deref(), Some("1234"));
        assert_eq!(parse_job_id("1234;cluster\n").as_deref(), Some("1234"));
        assert_eq!(parse_job_id("Submitted batch job 5"), None);
        assert_eq!(parse_job_id(""), None);
    }
}
