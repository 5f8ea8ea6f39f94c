//! `manifest.json`: enough to reproduce a run bit for bit — engine version, command line, seed,
//! samples, design and generator, threads, the sha256 of every input file, start time and
//! elapsed seconds — and, for shards, what `merge` needs to check and rebuild the run; beside
//! them, what the run cost (samples and parameter draws per second, peak memory).
//!
//! [`Manifest`] is the one typed form of the file: `run`, `merge` and `sensitivity` write it,
//! `report.html`, `plot`, `merge` and `slurm --calibrate` read it. Every key is optional when
//! read (older and partial manifests load), and written in alphabetical order (the order of
//! the `serde_json::Value` it goes through), as the file always was.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// UTC time as ISO 8601, e.g. `2026-11-28T14:02:16Z`.
pub fn iso8601(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (proleptic Gregorian; era arithmetic).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

pub fn sha256_str(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}

/// What a run folder's results are: being written, complete, or stopped before the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "running")]
    Running,
    #[serde(rename = "complete")]
    Complete,
    /// A shard's state is written (`run --shard`).
    #[serde(rename = "shard complete")]
    ShardComplete,
    /// Written by `merge` from shards.
    #[serde(rename = "complete (merged)")]
    Merged,
    /// Stopped by SIGINT or SIGTERM; `run --resume` continues from the checkpoint.
    #[serde(rename = "interrupted")]
    Interrupted,
    /// Stopped by an error (the manifest's `error`).
    #[serde(rename = "failed")]
    Failed,
    /// A status this version does not know (a newer hiddenflow's).
    #[serde(other, rename = "unknown")]
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Complete => "complete",
            Status::ShardComplete => "shard complete",
            Status::Merged => "complete (merged)",
            Status::Interrupted => "interrupted",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
        }
    }
}

/// `engine`: the program that wrote the folder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Engine {
    pub name: String,
    pub version: String,
}

impl Engine {
    pub fn this() -> Engine {
        Engine {
            name: "hiddenflow".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// `flags`: the settings a run was resolved from (what `merge` rebuilds the run with).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ManifestFlags {
    #[serde(default)]
    pub spec: Option<String>,
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub samples: Option<u64>,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub allocation: Option<String>,
    #[serde(default)]
    pub default_shape: Option<String>,
    /// `--independent`: declared correlations ignored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub independent: bool,
}

/// `dependence`: the declared rank correlations and shared factors a run drew with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DependenceInfo {
    /// Correlated pairs after pattern expansion, from `correlations.csv` and from the spec.
    pub data_pairs: u64,
    pub spec_pairs: u64,
    pub shared_factors: Vec<FactorInfo>,
    /// Parameters whose draws the copula changes.
    pub correlated_parameters: u64,
    /// `--independent` ignored declared dependence.
    pub ignored: bool,
}

/// `two_d` of a two-dimensional run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TwoDInfo {
    pub outer: u64,
    pub inner: u64,
    pub epistemic_parameters: u64,
    pub variability_parameters: u64,
}

/// One shared factor of `dependence`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FactorInfo {
    pub name: String,
    pub members: u64,
}

/// `shard`: which slice of the run a shard folder holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    pub index: u64,
    pub count: u64,
    pub first_sample: u64,
    pub end_sample: u64,
}

/// One entry of `merged_from`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergedFrom {
    pub dir: String,
    #[serde(default)]
    pub shard: Option<ShardInfo>,
}

/// One entry of `scenarios`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
}

/// `sensitivity` of a `run --sensitivity`: the rank-correlation pass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RankSensitivity {
    pub method: String,
    pub samples: u64,
    pub seconds: f64,
}

/// `resumed`: a run continued with `run --resume` from a checkpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Resumed {
    /// Samples the checkpoint held.
    pub from_sample: u64,
    /// How often the run was resumed.
    pub times: u64,
}

/// `manifest.json`. `None` fields are not written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest {
    // --- every command
    pub engine: Option<Engine>,
    pub command_line: Option<String>,
    pub status: Option<Status>,
    /// Why a run failed (status `failed`), or how an interrupted one stopped.
    pub error: Option<String>,
    /// The command that continues an interrupted run.
    pub resume_with: Option<String>,
    pub resumed: Option<Resumed>,
    pub run: Option<String>,
    pub seed: Option<u64>,
    pub method: Option<String>,
    pub design: Option<String>,
    pub generator: Option<String>,
    pub allocation: Option<String>,
    pub default_shape: Option<String>,
    pub home_country: Option<String>,
    pub confidence: Option<f64>,
    pub inputs: Option<BTreeMap<String, String>>,
    pub fingerprint: Option<String>,
    pub flags: Option<ManifestFlags>,
    pub start_time: Option<String>,
    pub files: Option<Vec<String>>,
    // --- run
    pub samples_requested: Option<u64>,
    pub samples: Option<u64>,
    pub threads: Option<u64>,
    pub block_size: Option<u64>,
    pub chunk: Option<u64>,
    pub parameters: Option<u64>,
    pub uncertain_parameters: Option<u64>,
    pub dimensions: Option<u64>,
    pub dependence: Option<DependenceInfo>,
    /// Each vehicle's short display name (figures and tables), by id.
    pub vehicle_labels: Option<std::collections::BTreeMap<String, String>>,
    /// `hiddenflow two-d`: the loops and the parameters of each kind.
    pub two_d: Option<TwoDInfo>,
    pub outputs: Option<u64>,
    pub scenarios: Option<Vec<ScenarioInfo>>,
    /// `--precision`: the relative standard error the run sampled to.
    pub precision: Option<f64>,
    pub stopped_by: Option<String>,
    pub elapsed_seconds: Option<f64>,
    pub samples_per_second: Option<f64>,
    pub parameter_draws_per_second: Option<f64>,
    pub peak_memory_bytes: Option<u64>,
    pub shard: Option<ShardInfo>,
    /// `run --sensitivity`'s rank correlations.
    pub sensitivity: Option<RankSensitivity>,
    // --- merge
    pub merged_from: Option<Vec<MergedFrom>>,
    // --- sensitivity
    pub analysis: Option<String>,
    pub groups: Option<String>,
    pub n_groups: Option<u64>,
    pub summary_samples: Option<u64>,
    pub base_samples: Option<u64>,
    pub evaluations: Option<u64>,
    pub bootstrap: Option<u64>,
    pub converged: Option<bool>,
    pub steps: Option<Vec<(u64, f64)>>,
    pub trajectories: Option<u64>,
    pub levels: Option<String>,
}

/// Drops the `None` fields of a struct serialized to an object (so an absent value is no key,
/// while a `null` inside a section, such as `flags.spec`, stays).
fn drop_nulls(v: &mut Value) {
    if let Value::Object(m) = v {
        m.retain(|_, x| !x.is_null());
    }
}

impl Manifest {
    /// The manifest as `manifest.json` holds it: pretty JSON, keys in alphabetical order, a
    /// final newline.
    pub fn to_json(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        drop_nulls(&mut v);
        to_pretty(&v)
    }

    /// The manifest as a JSON value (what `report.html` lists).
    pub fn to_value(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        drop_nulls(&mut v);
        v
    }

    pub fn parse(text: &str) -> std::result::Result<Manifest, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Reads `dir/manifest.json`; `Ok(None)` when there is none.
    pub fn read(dir: &Path) -> crate::error::Result<Option<Manifest>> {
        use crate::error::{Diagnostic, Error};
        let path = dir.join("manifest.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Manifest::parse(&text).map(Some).map_err(|e| {
            Error::input(Diagnostic::new(
                &path,
                format!("not a hiddenflow manifest: {e}"),
                "the file is damaged: re-run the command that wrote this folder",
            ))
        })
    }

    /// Writes `dir/manifest.json` atomically.
    pub fn write(&self, dir: &Path) -> crate::error::Result<()> {
        crate::report::write_atomic(&dir.join("manifest.json"), self.to_json().as_bytes())
    }
}

pub fn to_pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub fn engine() -> Value {
    json!({"name": "hiddenflow", "version": env!("CARGO_PKG_VERSION")})
}

/// The process's peak resident memory so far, in bytes (`VmHWM` of `/proc/self/status`, the
/// figure `/usr/bin/time` reports as maximum resident set size); `None` where the system does
/// not say (other than Linux).
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

/// `VmHWM:    65536 kB` → 65536 × 1024.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let kb = line.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()?;
    kb.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_spellings_and_unknown_keys() {
        let m = Manifest::parse(
            r#"{"status": "complete (merged)", "seed": 7, "a_future_key": [1], "flags": {"spec": null}}"#,
        )
        .unwrap();
        assert_eq!(m.status, Some(Status::Merged));
        assert_eq!(m.seed, Some(7));
        assert_eq!(m.flags.as_ref().unwrap().spec, None);
        for s in [
            Status::Running,
            Status::Complete,
            Status::ShardComplete,
            Status::Merged,
            Status::Interrupted,
            Status::Failed,
        ] {
            let v = serde_json::to_value(s).unwrap();
            assert_eq!(v, Value::String(s.as_str().into()));
            assert_eq!(serde_json::from_value::<Status>(v).unwrap(), s);
        }
        let m = Manifest::parse(r#"{"status": "paused"}"#).unwrap();
        assert_eq!(m.status, Some(Status::Unknown));
        // None is no key; a null inside a section stays.
        let text = Manifest {
            flags: Some(ManifestFlags::default()),
            ..Manifest::default()
        }
        .to_json();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 1, "{text}");
        assert!(v["flags"]["spec"].is_null() && v["flags"].get("spec").is_some());
    }

    #[test]
    fn peak_memory_is_read_from_the_status_table() {
        let status =
            "Name:\thiddenflow\nVmPeak:\t  900000 kB\nVmHWM:\t   65536 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(65536 * 1024));
        assert_eq!(parse_vm_hwm("VmRSS:\t 1 kB\n"), None);
        assert_eq!(parse_vm_hwm("VmHWM:\t lots kB\n"), None);
        if cfg!(target_os = "linux") {
            // This process holds at least the megabyte it just touched.
            let block = vec![1u8; 1 << 20];
            let peak = peak_memory_bytes().expect("Linux reports VmHWM");
            assert!(
                peak >= block.iter().map(|&b| b as u64).sum::<u64>(),
                "{peak}"
            );
        }
    }
}
