//! `manifest.json`: enough to reproduce a run bit for bit — engine version, command line, seed,
//! samples, design and generator, threads, the sha256 of every input file, start time and
//! elapsed seconds — and, for shards, what `merge` needs to check and rebuild the run; beside
//! them, what the run cost (samples and parameter draws per second, peak memory).

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
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
