//! The sampling loop of `hiddenflow run`: doubling rounds (or a shard's one slice) evaluated in
//! blocks of samples, between which the loop checks for a stop (SIGINT, SIGTERM, a test hook)
//! and writes checkpoints, and from a checkpoint it continues.
//!
//! Rounds (16,384, 32,768, … up to the run's samples): after each round the headline
//! percentiles are recorded (`convergence.csv`), and with `precision` the run stops once every
//! vehicle's 2.5th and 97.5th percentile is known to that relative standard error. Rounds and
//! blocks end on chunk boundaries and accumulators merge exactly, so the result is the same
//! bits as one pass over the same samples — with or without stops and resumes in between, on
//! any number of threads.

use crate::accum::{Accumulator, CHUNK};
use crate::config::RunConfig;
use crate::engine::{Job, SampleSink, Workers};
use crate::error::Result;
use crate::plan::vout;
use crate::report::Csv;
use std::ops::Range;
use std::time::{Duration, Instant};

/// Samples between two looks at the stop flag: 64 chunks (65,536 samples, a fraction of a
/// second on a core; the pause between blocks is some microseconds).
pub const BLOCK_CHUNKS: u64 = 64;

/// Seconds between checkpoints of a long run (`HIDDENFLOW_CHECKPOINT_SECONDS` overrides; 0
/// writes one after every block, as the crash tests do).
pub const CHECKPOINT_SECONDS: u64 = 60;

/// Where a run stands between two blocks: what a checkpoint holds.
pub struct Position {
    /// Samples `first..done` are in `acc`.
    pub done: u64,
    /// The end of the round under way.
    pub round_end: u64,
    /// convergence.csv so far (empty for a shard).
    pub convergence: String,
    pub acc: Accumulator,
}

/// Why a run stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// SIGINT or SIGTERM (or the test hook standing in for one).
    Signal(i32),
    /// The test hook's injected failure.
    Fail,
}

/// How the loop ended.
pub enum Outcome {
    Finished {
        acc: Accumulator,
        stopped_by: String,
        /// `convergence.csv` (not for a shard).
        convergence: Option<Csv>,
    },
    Stopped {
        why: Stop,
        at: Position,
    },
}

/// Writes a checkpoint of a position.
pub type SaveFn<'a> = dyn FnMut(&Position) -> Result<()> + 'a;

/// One run's sampling.
pub struct Sampling<'a> {
    pub job: &'a Job,
    pub point: &'a [f64],
    pub cfg: &'a RunConfig,
    /// `0..samples`, or a shard's slice (one round, no convergence table).
    pub range: Range<u64>,
    pub progress: &'a (dyn Fn(u64) + Sync),
    pub sink: Option<&'a SampleSink>,
    /// Asked before every block, with the samples done: stop here?
    pub stop: &'a dyn Fn(u64) -> Option<Stop>,
    /// Writes a checkpoint; `None`: the run keeps none (`--keep-samples`).
    pub save: Option<&'a mut SaveFn<'a>>,
}

fn convergence_header() -> Csv {
    Csv::new(&[
        "n", "vehicle", "quantity", "mean", "p2_5", "p50", "p97_5", "se_p2_5", "se_p97_5",
    ])
}

fn checkpoint_interval() -> Duration {
    let secs = std::env::var("HIDDENFLOW_CHECKPOINT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(CHECKPOINT_SECONDS);
    Duration::from_secs(secs)
}

/// The workers' statistics merged with those of the samples before a resume.
struct Merged<'w, 'j> {
    workers: &'w Workers<'j>,
    base: Option<&'w Accumulator>,
    /// Samples the workers evaluated.
    evaluated: u64,
}

impl Merged<'_, '_> {
    /// Output `o`'s summary, with the standard errors of the design (its replicates', for a
    /// randomised design).
    fn summary(&self, o: usize, confidence: f64) -> crate::stats::Summary {
        self.workers.summary_with(o, confidence, self.base)
    }

    fn accumulator(&self) -> Accumulator {
        let mut acc = self.workers.snapshot();
        if let Some(b) = self.base {
            acc += b;
        }
        debug_assert_eq!(
            acc.samples,
            self.evaluated + self.base.map_or(0, |b| b.samples)
        );
        acc
    }
}

impl Sampling<'_> {
    /// Samples from `from` (a checkpoint's position) or from the start.
    pub fn run(mut self, from: Option<Position>) -> Result<Outcome> {
        let (job, cfg) = (self.job, self.cfg);
        let rounds = cfg.shard.is_none();
        let (mut done, mut round_end, mut convergence, base) = match from {
            Some(p) => {
                let mut c = Csv::default();
                for line in p.convergence.lines() {
                    c.raw_line(line);
                }
                (p.done, p.round_end, c, Some(p.acc))
            }
            None if rounds => (
                self.range.start,
                (self.range.start + 16 * CHUNK).min(self.range.end),
                convergence_header(),
                None,
            ),
            None => (self.range.start, self.range.end, Csv::default(), None),
        };
        // The workers keep their accumulators from block to block and round to round; between
        // rounds only the outputs the table and the precision rule read are merged.
        let mut workers = Workers::new(job, self.point, cfg.threads);
        let first = done;
        let block = (BLOCK_CHUNKS * CHUNK).max(cfg.block_size);
        let interval = checkpoint_interval();
        let mut last_save = Instant::now();
        loop {
            while done < round_end {
                let position = |workers: &Workers, convergence: &Csv| Position {
                    done,
                    round_end,
                    convergence: convergence.as_str().to_string(),
                    acc: Merged {
                        workers,
                        base: base.as_ref(),
                        evaluated: done - first,
                    }
                    .accumulator(),
                };
                if let Some(why) = (self.stop)(done) {
                    let at = position(&workers, &convergence);
                    if let (Stop::Signal(_), Some(save)) = (why, self.save.as_mut()) {
                        save(&at)?;
                    }
                    return Ok(Outcome::Stopped { why, at });
                }
                let end = (done + block).min(round_end);
                workers.run(done..end, cfg.block_size, self.progress, self.sink);
                done = end;
                if done < self.range.end
                    && last_save.elapsed() >= interval
                    && let Some(save) = self.save.as_mut()
                {
                    save(&Position {
                        done,
                        round_end,
                        convergence: convergence.as_str().to_string(),
                        acc: Merged {
                            workers: &workers,
                            base: base.as_ref(),
                            evaluated: done - first,
                        }
                        .accumulator(),
                    })?;
                    last_save = Instant::now();
                }
            }
            let merged = Merged {
                workers: &workers,
                base: base.as_ref(),
                evaluated: done - first,
            };
            if !rounds {
                return Ok(Outcome::Finished {
                    acc: merged.accumulator(),
                    stopped_by: "samples".to_string(),
                    convergence: None,
                });
            }
            convergence_rows(job, cfg, done, &merged, &mut convergence);
            if let Some(why) = stopped_by(job, cfg, done, &merged) {
                let acc = merged.accumulator();
                return Ok(Outcome::Finished {
                    acc,
                    stopped_by: why,
                    convergence: Some(convergence),
                });
            }
            round_end = (2 * done).min(cfg.samples);
        }
    }
}

/// The rows of `convergence.csv` at the end of a round of `done` samples.
fn convergence_rows(job: &Job, cfg: &RunConfig, done: u64, merged: &Merged, csv: &mut Csv) {
    for (v, id) in job.plan.vehicle_ids.iter().enumerate() {
        for (q, slot) in [("tmr", vout::TMR), ("hidden_flows", vout::HIDDEN)] {
            let s = merged.summary(job.plan.vehicle_output(v, slot), cfg.confidence);
            csv.row([
                done.to_string(),
                id.clone(),
                q.to_string(),
                crate::report::num(s.mean),
                crate::report::num(s.percentiles[crate::stats::P2_5]),
                crate::report::num(s.median()),
                crate::report::num(s.percentiles[crate::stats::P97_5]),
                crate::report::num(s.percentile_se[crate::stats::P2_5]),
                crate::report::num(s.percentile_se[crate::stats::P97_5]),
            ]);
        }
    }
}

/// Does the run end after this round, and why?
fn stopped_by(job: &Job, cfg: &RunConfig, done: u64, merged: &Merged) -> Option<String> {
    let Some(rel) = cfg.precision else {
        return (done >= cfg.samples).then(|| "samples".to_string());
    };
    let worst = (0..job.plan.vehicle_ids.len())
        .flat_map(|v| {
            [
                vout::TMR,
                vout::HIDDEN,
                vout::EFFICIENCY,
                vout::SHARE_ABROAD,
            ]
            .map(|s| job.plan.vehicle_output(v, s))
        })
        .map(|o| merged.summary(o, cfg.confidence).tail_relative_se())
        .fold(0.0, f64::max);
    if worst <= rel {
        return Some(format!(
            "precision: every 2.5th and 97.5th percentile within {rel} relative standard error (worst {worst:.2e})"
        ));
    }
    (done >= cfg.samples).then(|| {
        format!(
            "samples: the cap of {} was reached before the precision {rel} (worst {worst:.2e})",
            cfg.samples
        )
    })
}
