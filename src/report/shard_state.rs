//! `state.bin` of a shard: the accumulator state behind a header that says what it is, and a
//! checksum of every byte, so `merge` can reject a swapped, duplicated, missing or damaged
//! shard instead of merging it silently.
//!
//! Layout (integers little-endian):
//!
//! ```text
//! "HFSHARD1"                        8 bytes
//! index, count                      u64, u64 (1-based index of count shards)
//! first_sample, end_sample          u64, u64 (the half-open sample range)
//! fingerprint length, fingerprint   u64, UTF-8 (the run fingerprint of manifest.json)
//! state length, state               u64, the accumulator (`Accumulator::write`)
//! sha256                            32 bytes, of everything above
//! ```

use crate::error::{Diagnostic, Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

const MAGIC: &[u8; 8] = b"HFSHARD1";

/// What a shard state says it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardHeader {
    pub index: u64,
    pub count: u64,
    pub first_sample: u64,
    pub end_sample: u64,
    pub fingerprint: String,
}

/// The header, the accumulator bytes and their checksum, as written to `state.bin`.
pub fn encode(h: &ShardHeader, state: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(state.len() + 160);
    b.extend_from_slice(MAGIC);
    for v in [h.index, h.count, h.first_sample, h.end_sample] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&(h.fingerprint.len() as u64).to_le_bytes());
    b.extend_from_slice(h.fingerprint.as_bytes());
    b.extend_from_slice(&(state.len() as u64).to_le_bytes());
    b.extend_from_slice(state);
    let sum = Sha256::digest(&b);
    b.extend_from_slice(&sum);
    b
}

fn damaged(path: &Path, what: impl Into<String>) -> Error {
    Error::input(Diagnostic::new(
        path,
        what,
        "this shard's state is damaged or not a shard state: rerun this shard",
    ))
}

/// Checks the checksum and splits `state.bin` into its header and the accumulator bytes.
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<(ShardHeader, &'a [u8])> {
    if bytes.len() >= 8 && bytes.starts_with(b"HFACC") {
        return Err(Error::input(Diagnostic::new(
            path,
            "a shard state without a header or checksum, written by an older hiddenflow",
            "rerun this shard with this version",
        )));
    }
    if bytes.len() < 8 + 40 + 8 + 32 || &bytes[..8] != MAGIC {
        return Err(damaged(
            path,
            "not a hiddenflow shard state (bad magic or too short)",
        ));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != sum {
        return Err(damaged(
            path,
            "the shard state's checksum does not match its bytes",
        ));
    }
    let mut at = 8;
    let u64_at = |at: &mut usize| -> Result<u64> {
        let v = body
            .get(*at..*at + 8)
            .ok_or_else(|| damaged(path, "the shard state ends early"))?;
        *at += 8;
        Ok(u64::from_le_bytes(v.try_into().unwrap_or_default()))
    };
    let index = u64_at(&mut at)?;
    let count = u64_at(&mut at)?;
    let first_sample = u64_at(&mut at)?;
    let end_sample = u64_at(&mut at)?;
    let fp_len = u64_at(&mut at)? as usize;
    let fingerprint = body
        .get(at..at.saturating_add(fp_len))
        .and_then(|s| std::str::from_utf8(s).ok())
        .ok_or_else(|| damaged(path, "the shard state's fingerprint is unreadable"))?
        .to_string();
    at += fp_len;
    let state_len = u64_at(&mut at)? as usize;
    let state = body
        .get(at..)
        .filter(|s| s.len() == state_len)
        .ok_or_else(|| damaged(path, "the shard state's length does not match"))?;
    Ok((
        ShardHeader {
            index,
            count,
            first_sample,
            end_sample,
            fingerprint,
        },
        state,
    ))
}

/// The state is the shard its folder's manifest says (index, count, range) of the run being
/// merged (fingerprint), and holds as many samples as its range.
pub fn check_against_manifest(
    path: &Path,
    h: &ShardHeader,
    shard: &crate::report::manifest::ShardInfo,
    fingerprint: &str,
    samples_in_state: u64,
) -> Result<()> {
    let says = |k: &str| {
        Some(match k {
            "index" => shard.index,
            "count" => shard.count,
            "first_sample" => shard.first_sample,
            _ => shard.end_sample,
        })
    };
    if h.fingerprint != fingerprint {
        return Err(Error::input(Diagnostic::new(
            path,
            "this state belongs to another run (its fingerprint differs from the shards')",
            "put each shard's own state.bin back in its folder, or rerun this shard",
        )));
    }
    if says("index") != Some(h.index)
        || says("count") != Some(h.count)
        || says("first_sample") != Some(h.first_sample)
        || says("end_sample") != Some(h.end_sample)
    {
        return Err(Error::input(Diagnostic::new(
            path,
            format!(
                "this is the state of shard {}/{} (samples {}..{}), but the folder's manifest.json is shard {}/{}",
                h.index,
                h.count,
                h.first_sample,
                h.end_sample,
                says("index").unwrap_or(0),
                says("count").unwrap_or(0)
            ),
            "a state was copied or swapped between shard folders: put each back, or rerun this shard",
        )));
    }
    if h.end_sample.checked_sub(h.first_sample) != Some(samples_in_state) {
        return Err(damaged(
            path,
            format!(
                "the state holds {samples_in_state} samples, its range {}..{} another number",
                h.first_sample, h.end_sample
            ),
        ));
    }
    Ok(())
}

/// The shards' ranges tile `0..samples` exactly once.
pub fn check_tiling(headers: &[(&Path, ShardHeader)], samples: u64) -> Result<()> {
    let mut sorted: Vec<_> = headers.iter().collect();
    sorted.sort_by_key(|(_, h)| h.first_sample);
    let mut next = 0;
    for (path, h) in sorted {
        if h.first_sample != next {
            return Err(Error::input(Diagnostic::new(
                path,
                format!(
                    "shard {}/{} starts at sample {}, where {next} was expected: samples are {}",
                    h.index,
                    h.count,
                    h.first_sample,
                    if h.first_sample > next {
                        "missing"
                    } else {
                        "duplicated"
                    }
                ),
                "give each shard of the run once, each with its own state",
            )));
        }
        next = h.end_sample;
    }
    if next != samples {
        return Err(Error::input(Diagnostic::new(
            Path::new("<command line>"),
            format!("the shards cover samples 0..{next} of the run's {samples}"),
            "give every shard of the run",
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> ShardHeader {
        ShardHeader {
            index: 2,
            count: 3,
            first_sample: 1024,
            end_sample: 2048,
            fingerprint: "ab".repeat(32),
        }
    }

    #[test]
    fn round_trip_and_every_flipped_bit_is_caught() {
        let state = b"HFACC005 some accumulator bytes".to_vec();
        let bytes = encode(&header(), &state);
        let (h, s) = decode(Path::new("state.bin"), &bytes).unwrap();
        assert_eq!(h, header());
        assert_eq!(s, &state[..]);
        for i in 0..bytes.len() {
            for bit in [0, 3, 7] {
                let mut bad = bytes.clone();
                bad[i] ^= 1 << bit;
                let err = decode(Path::new("state.bin"), &bad).unwrap_err();
                assert_eq!(err.exit_code(), 2, "byte {i}");
            }
        }
        for cut in [0, 7, 40, bytes.len() - 1] {
            assert!(decode(Path::new("state.bin"), &bytes[..cut]).is_err());
        }
    }

    #[test]
    fn ranges_must_tile_the_run() {
        let p = Path::new("s");
        let h = |first, end| ShardHeader {
            first_sample: first,
            end_sample: end,
            ..header()
        };
        assert!(check_tiling(&[(p, h(1024, 2048)), (p, h(0, 1024))], 2048).is_ok());
        assert!(check_tiling(&[(p, h(0, 1024)), (p, h(0, 1024))], 2048).is_err());
        assert!(check_tiling(&[(p, h(0, 1024))], 2048).is_err());
        assert!(check_tiling(&[(p, h(1024, 2048))], 2048).is_err());
    }
}
