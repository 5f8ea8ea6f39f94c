//! `checkpoint.bin`: where an unfinished run stands, so that `run --resume` continues it and
//! ends byte-identical to a run that was never stopped. Like a shard's `state.bin`
//! ([`crate::report::shard_state`]) it says what it is and carries a checksum of every byte:
//! the run fingerprint (a changed dataset or spec refuses to resume), the flags the run was
//! started with, the samples done, the end of the round under way, the convergence rows of the
//! finished rounds, and the accumulator state of every sample done.
//!
//! Layout (integers little-endian; each text is its u64 length, then UTF-8):
//!
//! ```text
//! "HFCKPT01"                        8 bytes
//! fingerprint                       text (the run fingerprint of manifest.json)
//! flags                             text (JSON of the run's `Flags`)
//! first_sample, done, round_end     u64 × 3 (the run's first sample, samples done up to, the
//!                                   current round's end)
//! resumed                           u64 (how often the run was resumed before)
//! convergence                       text (the CSV rows of convergence.csv so far)
//! state                             u64 length, the accumulator (`Accumulator::write`)
//! sha256                            32 bytes, of everything above
//! ```

use crate::error::{Diagnostic, Error, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

const MAGIC: &[u8; 8] = b"HFCKPT01";

/// The checkpoint's file name in a run folder.
pub const CHECKPOINT_FILE: &str = "checkpoint.bin";

/// Where an unfinished run stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    pub fingerprint: String,
    /// JSON of the run's flags (`config::Flags`).
    pub flags: String,
    pub first_sample: u64,
    /// Samples `first_sample..done` are in `state`.
    pub done: u64,
    /// The end of the round under way (the next convergence row is taken there).
    pub round_end: u64,
    pub resumed: u64,
    /// convergence.csv so far, header included (empty for a shard).
    pub convergence: String,
    /// The accumulator of samples `first_sample..done`.
    pub state: Vec<u8>,
}

/// Reads the fields of a checked body in order.
struct Reader<'a> {
    body: &'a [u8],
    at: usize,
    damaged: &'a dyn Fn(&str) -> Error,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.u64()? as usize;
        let v = self
            .body
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| (self.damaged)("the checkpoint ends early"))?;
        self.at += n;
        Ok(v)
    }
    fn u64(&mut self) -> Result<u64> {
        let v = self
            .body
            .get(self.at..self.at + 8)
            .ok_or_else(|| (self.damaged)("the checkpoint ends early"))?;
        self.at += 8;
        Ok(u64::from_le_bytes(v.try_into().unwrap_or_default()))
    }
    fn text(&mut self) -> Result<String> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| (self.damaged)("the checkpoint holds unreadable text"))
    }
}

fn put_text(b: &mut Vec<u8>, s: &[u8]) {
    b.extend_from_slice(&(s.len() as u64).to_le_bytes());
    b.extend_from_slice(s);
}

impl Checkpoint {
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(self.state.len() + self.convergence.len() + 512);
        b.extend_from_slice(MAGIC);
        put_text(&mut b, self.fingerprint.as_bytes());
        put_text(&mut b, self.flags.as_bytes());
        for v in [self.first_sample, self.done, self.round_end, self.resumed] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        put_text(&mut b, self.convergence.as_bytes());
        put_text(&mut b, &self.state);
        let sum = Sha256::digest(&b);
        b.extend_from_slice(&sum);
        b
    }

    /// Checks the checksum and reads the checkpoint back.
    pub fn decode(path: &Path, bytes: &[u8]) -> Result<Checkpoint> {
        let damaged = |what: &str| {
            Error::input(Diagnostic::new(
                path,
                what.to_string(),
                "the checkpoint is damaged: start the run again with --force",
            ))
        };
        if bytes.len() < 8 + 32 || &bytes[..8] != MAGIC {
            return Err(damaged(
                "not a hiddenflow checkpoint (bad magic or too short)",
            ));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(body).as_slice() != sum {
            return Err(damaged(
                "the checkpoint's checksum does not match its bytes",
            ));
        }
        let mut r = Reader {
            body,
            at: 8,
            damaged: &damaged,
        };
        let fingerprint = r.text()?;
        let flags = r.text()?;
        let first_sample = r.u64()?;
        let done = r.u64()?;
        let round_end = r.u64()?;
        let resumed = r.u64()?;
        let convergence = r.text()?;
        let state = r.bytes()?.to_vec();
        if r.at != body.len() || done < first_sample || round_end < done {
            return Err(damaged("the checkpoint's layout does not add up"));
        }
        Ok(Checkpoint {
            fingerprint,
            flags,
            first_sample,
            done,
            round_end,
            resumed,
            convergence,
            state,
        })
    }

    /// Reads and checks `path`.
    pub fn read(path: &Path) -> Result<Checkpoint> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Checkpoint::decode(path, &bytes)
    }

    /// Writes `path` atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        crate::report::write_atomic(path, &self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_flipped_bit_is_caught() {
        let c = Checkpoint {
            fingerprint: "ab".repeat(32),
            flags: "{\"samples\":5}".into(),
            first_sample: 0,
            done: 4096,
            round_end: 8192,
            resumed: 1,
            convergence: "n,vehicle\n".into(),
            state: b"HFACC005 bytes".to_vec(),
        };
        let bytes = c.encode();
        let p = Path::new("checkpoint.bin");
        assert_eq!(Checkpoint::decode(p, &bytes).unwrap(), c);
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x10;
            assert_eq!(
                Checkpoint::decode(p, &bad).unwrap_err().exit_code(),
                2,
                "{i}"
            );
        }
        for cut in [0, 7, 40, bytes.len() - 1] {
            assert!(Checkpoint::decode(p, &bytes[..cut]).is_err());
        }
    }
}
