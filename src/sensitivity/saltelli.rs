//! Sobol' indices on a Saltelli design, streamed: memory holds sums, never the sample matrix.
//!
//! # Design
//!
//! A [`Design`] of `2·dims` uniforms per base row `i` gives `A_i` (its first `dims` uniforms)
//! and `B_i` (its last `dims`); for every group `g`, `AB_i^g` is `A_i` with the group's
//! columns taken from `B_i` (Saltelli 2002; Saltelli et al. 2010, §3).  The layout belongs to
//! [`SaltelliPlan`]: rows are produced by the plan ([`SaltelliRows`]) and analysed by
//! [`sobol`], which takes the plan itself, so a sample can never be analysed with another
//! layout.  Each base row costs `2 + groups` model evaluations.
//!
//! # Estimators
//!
//! With `f_A = f(A_i)`, `f_B = f(B_i)`, `f_g = f(AB_i^g)` and `V` the variance of the `2N`
//! values `f_A`, `f_B` (A and B together, as in Saltelli et al. 2010):
//!
//! * first order, Saltelli et al. (2010), Table 2 (b):
//!   `S_g = (1/N) Σ f_B (f_g − f_A) / V`;
//! * total, Jansen (1999) (Saltelli et al. 2010, Table 2 (f)):
//!   `ST_g = (1/2N) Σ (f_A − f_g)² / V`.
//!
//! For a group `g` these are the closed (first-order) and total indices of the group as a
//! whole.  Outputs are centred on a fixed value `c` (the model's output at `A_0`) before
//! summing: `f_B − c` in place of `f_B` leaves the first-order estimator consistent (the term
//! `c Σ (f_g − f_A)` has mean zero), reduces its variance when the mean is large, and keeps the
//! streaming second moments free of cancellation.
//!
//! A base row enters output `k`'s sums only if all its `2 + groups` values of output `k` are
//! finite; [`SobolResult::rows_used`] says how many did.
//!
//! # Bootstrap
//!
//! Poisson bootstrap (Hanley & MacGibbon 2006; Owen & Eckles 2012): in replicate `b`, base row
//! `i` has weight `w ~ Poisson(1)`, drawn from a counter-based generator keyed by
//! `(bootstrap_seed, i, b)`, so every replicate is a weighted version of the same streaming
//! sums and no row is stored.  The interval is the percentile interval of the replicate
//! estimates (default 2.5 % and 97.5 %).  The bootstrap treats base rows as independent, so for
//! a (scrambled) Sobol' or Latin hypercube design, whose estimates are usually more accurate
//! than independent sampling, the interval is conservative.
//!
//! # Determinism and parallelism
//!
//! Rows are evaluated in parallel in waves; each wave's per-row contributions are then added
//! to every sum (the point estimate's and each replicate's) sequentially in row order, the
//! replicates in parallel.  Every sum is therefore a left fold in base-row order: the result is
//! bit-identical for any thread count and wave size, and extending a run from `N` to `2N` base
//! rows ([`sobol_until`]) gives bit for bit what a fresh run of `2N` would.  The point
//! estimate's sums use Neumaier's compensated summation.
//!
//! Memory: `(bootstrap + 2) × outputs × (3 + 2·groups)` doubles of sums plus one wave buffer
//! (about 256 KiB, at least 64 rows) — independent of `N`.

use std::fmt;

use rayon::prelude::*;

use super::{
    Analysis, Estimate, Index, IndexRow, Problem, SensitivityError, percentile_sorted, thread_pool,
};
use crate::sampling::design::{Design, Method};
use crate::sampling::rng::mix64;

/// Confidence level of the bootstrap percentile intervals unless changed with
/// [`SobolResult::set_confidence`].
pub const DEFAULT_CONFIDENCE: f64 = 0.95;

/// One of the `2 + groups` rows a base row expands to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SaltelliRow {
    /// `A_i`: the first `dims` uniforms of base row `i`.
    A,
    /// `B_i`: the last `dims` uniforms of base row `i`.
    B,
    /// `AB_i^g`: `A_i` with the columns of group `g` taken from `B_i`.
    AB(usize),
}

/// A Saltelli sampling plan: problem, base sample size `N`, and the design of `2·dims`
/// uniforms that gives the base rows.  See the module documentation.
#[derive(Clone, Debug)]
pub struct SaltelliPlan {
    problem: Problem,
    base_samples: u64,
    design: Design,
}

impl SaltelliPlan {
    /// Plan of `base_samples` (≥ 2) base rows; `method` lays out the `2·dims` uniforms
    /// (for [`Method::Sobol`] use a power of two: the balance of the scrambled Sobol' points
    /// holds for blocks of `2^m` starting at 0).
    pub fn new(
        problem: Problem,
        base_samples: u64,
        seed: u64,
        method: Method,
    ) -> Result<SaltelliPlan, SensitivityError> {
        problem.validate()?;
        if base_samples < 2 {
            return Err(SensitivityError::Argument(format!(
                "a Saltelli plan needs at least 2 base samples, got {base_samples}"
            )));
        }
        let design = Design::new(method, seed, 2 * problem.dims, base_samples)?;
        Ok(SaltelliPlan {
            problem,
            base_samples,
            design,
        })
    }

    /// Plan on the default design, scrambled Sobol' points ([`Method::Sobol`]).
    pub fn sobol(
        problem: Problem,
        base_samples: u64,
        seed: u64,
    ) -> Result<SaltelliPlan, SensitivityError> {
        SaltelliPlan::new(problem, base_samples, seed, Method::Sobol)
    }

    /// The same plan (problem, seed, method) with another base sample size.  For
    /// [`Method::MonteCarlo`] and [`Method::Sobol`] the first rows are the same as this plan's;
    /// a Latin hypercube's strata depend on `N`, so all its rows change.
    pub fn with_base_samples(&self, base_samples: u64) -> Result<SaltelliPlan, SensitivityError> {
        SaltelliPlan::new(
            self.problem.clone(),
            base_samples,
            self.design.seed(),
            self.design.method(),
        )
    }

    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// `N`.
    pub fn base_samples(&self) -> u64 {
        self.base_samples
    }

    pub fn seed(&self) -> u64 {
        self.design.seed()
    }

    pub fn method(&self) -> Method {
        self.design.method()
    }

    /// The design of `2·dims` uniforms per base row.
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// `2 + groups`: model rows per base row.
    pub fn rows_per_base(&self) -> usize {
        2 + self.problem.n_groups()
    }

    /// `N · (2 + groups)`: model evaluations of the plan.
    pub fn evaluations(&self) -> u64 {
        self.base_samples * self.rows_per_base() as u64
    }

    /// The rows of one base row, in evaluation order: `A`, `B`, `AB(0)`, …, `AB(groups − 1)`.
    pub fn row_kinds(&self) -> impl Iterator<Item = SaltelliRow> + use<> {
        [SaltelliRow::A, SaltelliRow::B]
            .into_iter()
            .chain((0..self.problem.n_groups()).map(SaltelliRow::AB))
    }

    /// Scratch space that produces the rows of this plan.
    pub fn rows(&self) -> SaltelliRows<'_> {
        let d = self.problem.dims;
        SaltelliRows {
            plan: self,
            loaded: None,
            ab: vec![0.0; 2 * d],
            mixed: vec![0.0; d],
            mixed_group: None,
        }
    }
}

/// Produces the rows of a [`SaltelliPlan`], one base row at a time, without allocating.
pub struct SaltelliRows<'p> {
    plan: &'p SaltelliPlan,
    loaded: Option<u64>,
    /// `A_i` then `B_i`.
    ab: Vec<f64>,
    /// `A_i` with the columns of `mixed_group` (if any) from `B_i`.
    mixed: Vec<f64>,
    mixed_group: Option<usize>,
}

impl SaltelliRows<'_> {
    /// Loads base row `i < N`.
    pub fn load(&mut self, i: u64) {
        assert!(
            i < self.plan.base_samples,
            "base row {i} out of range (N = {})",
            self.plan.base_samples
        );
        self.plan.design.fill(i, &mut self.ab);
        let d = self.plan.problem.dims;
        self.mixed.copy_from_slice(&self.ab[..d]);
        self.mixed_group = None;
        self.loaded = Some(i);
    }

    /// The base row loaded last.
    pub fn index(&self) -> Option<u64> {
        self.loaded
    }

    /// The uniforms (length `dims`) of row `kind` of the loaded base row.
    ///
    /// # Panics
    /// If no base row is loaded or the group does not exist.
    pub fn row(&mut self, kind: SaltelliRow) -> &[f64] {
        assert!(self.loaded.is_some(), "SaltelliRows::row before load");
        let d = self.plan.problem.dims;
        match kind {
            SaltelliRow::A => &self.ab[..d],
            SaltelliRow::B => &self.ab[d..],
            SaltelliRow::AB(g) => {
                let groups = &self.plan.problem.groups;
                assert!(g < groups.len(), "group {g} out of range");
                if self.mixed_group != Some(g) {
                    if let Some(h) = self.mixed_group {
                        for &j in &groups[h] {
                            self.mixed[j] = self.ab[j];
                        }
                    }
                    for &j in &groups[g] {
                        self.mixed[j] = self.ab[d + j];
                    }
                    self.mixed_group = Some(g);
                }
                &self.mixed
            }
        }
    }
}

/// Sobol' indices of every group for every output, with bootstrap intervals.
#[derive(Clone)]
pub struct SobolResult {
    pub group_names: Vec<String>,
    /// `K`.
    pub outputs: usize,
    /// `N`.
    pub base_samples: u64,
    /// Model evaluations: `N · (2 + groups)`, plus one at `A_0` for the centring value.
    pub evaluations: u64,
    pub method: Method,
    pub seed: u64,
    /// Bootstrap replicates (0: no intervals).
    pub bootstrap: usize,
    pub bootstrap_seed: u64,
    /// Confidence level of the intervals.
    pub confidence: f64,
    /// Per output: base rows whose `2 + groups` values were all finite.
    pub rows_used: Vec<u64>,
    /// Per output: mean of `f_A` and `f_B` together.
    pub mean: Vec<f64>,
    /// Per output: variance of `f_A` and `f_B` together (denominator `2n − 1`).
    pub variance: Vec<f64>,
    /// First-order index of group `g` for output `k` at `[g · outputs + k]`.
    pub first_order: Vec<Estimate>,
    /// Total index of group `g` for output `k` at `[g · outputs + k]`.
    pub total: Vec<Estimate>,
    /// Replicate estimates, `[(g · outputs + k) · bootstrap + b]`.
    replicates_s1: Vec<f64>,
    replicates_st: Vec<f64>,
}

impl fmt::Debug for SobolResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SobolResult")
            .field("group_names", &self.group_names)
            .field("outputs", &self.outputs)
            .field("base_samples", &self.base_samples)
            .field("evaluations", &self.evaluations)
            .field("method", &self.method)
            .field("bootstrap", &self.bootstrap)
            .field("confidence", &self.confidence)
            .field("rows_used", &self.rows_used)
            .field("mean", &self.mean)
            .field("variance", &self.variance)
            .field("first_order", &self.first_order)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl SobolResult {
    /// First-order index of group `g`, output `k`.
    pub fn s1(&self, g: usize, k: usize) -> Estimate {
        self.first_order[g * self.outputs + k]
    }

    /// Total index of group `g`, output `k`.
    pub fn st(&self, g: usize, k: usize) -> Estimate {
        self.total[g * self.outputs + k]
    }

    /// Bootstrap replicate estimates `(S1, ST)` of group `g`, output `k` (`NaN` where a
    /// replicate's variance was zero).
    pub fn replicates(&self, g: usize, k: usize) -> (&[f64], &[f64]) {
        let b = self.bootstrap;
        let at = (g * self.outputs + k) * b;
        (
            &self.replicates_s1[at..at + b],
            &self.replicates_st[at..at + b],
        )
    }

    /// Recomputes the percentile intervals at another confidence level in (0, 1).
    pub fn set_confidence(&mut self, confidence: f64) {
        self.confidence = confidence;
        let b = self.bootstrap;
        for (est, reps) in [
            (&mut self.first_order, &self.replicates_s1),
            (&mut self.total, &self.replicates_st),
        ] {
            for (j, e) in est.iter_mut().enumerate() {
                let (lo, hi) = percentile_interval(&reps[j * b..(j + 1) * b], confidence);
                e.ci_low = lo;
                e.ci_high = hi;
            }
        }
    }

    /// Widest total-index interval over all groups and outputs, skipping outputs with zero
    /// variance (constant outputs have no indices); an undefined interval counts as infinite.
    pub fn widest_total_ci(&self) -> f64 {
        let mut widest: f64 = 0.0;
        for (j, e) in self.total.iter().enumerate() {
            if self.variance[j % self.outputs.max(1)] == 0.0 {
                continue;
            }
            let w = e.width();
            widest = if w.is_nan() {
                f64::INFINITY
            } else {
                widest.max(w)
            };
        }
        widest
    }

    /// All indices as generic rows (S1 then ST, by group then output).
    pub fn rows(&self) -> Vec<IndexRow> {
        let mut out = Vec::with_capacity(2 * self.total.len());
        for g in 0..self.group_names.len() {
            for k in 0..self.outputs {
                for (index, e) in [(Index::S1, self.s1(g, k)), (Index::ST, self.st(g, k))] {
                    out.push(IndexRow {
                        output: k,
                        group: g,
                        analysis: Analysis::Sobol,
                        index,
                        value: e.value,
                        ci_low: e.ci_low,
                        ci_high: e.ci_high,
                    });
                }
            }
        }
        out
    }
}

/// Percentile interval of the finite values of `reps`.
fn percentile_interval(reps: &[f64], confidence: f64) -> (f64, f64) {
    let mut v: Vec<f64> = reps.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    let a = (1.0 - confidence) / 2.0;
    (percentile_sorted(&v, a), percentile_sorted(&v, 1.0 - a))
}

/// SplitMix64's increment (2^64 / golden ratio, odd).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// Upper thresholds of Poisson(1) on 64-bit integers: `w = min{k : x < T[k]}` for a uniform
/// 64-bit `x`, with `T[k] = ⌊F(k) · 2^64⌋` (`F` the Poisson(1) CDF).
const POISSON_TABLE: usize = 24;

fn poisson1_thresholds() -> [u64; POISSON_TABLE] {
    let mut t = [u64::MAX; POISSON_TABLE];
    let mut p = (-1.0f64).exp();
    let mut cdf = 0.0;
    for (k, tk) in t.iter_mut().enumerate().take(POISSON_TABLE - 1) {
        cdf += p;
        p /= (k + 1) as f64;
        // `as` saturates at u64::MAX once cdf rounds to 1.
        *tk = (cdf * 2f64.powi(64)) as u64;
    }
    t
}

/// Poisson(1) variate from 64 uniform bits.  The first seven comparisons are branch-free
/// (the outcome is random, so a data-dependent loop would mispredict); values of 7 or more
/// (probability 8.3e-5) continue in a loop.
#[inline]
fn poisson1(x: u64, t: &[u64; POISSON_TABLE]) -> u32 {
    let mut k = 0;
    for tk in &t[..7] {
        k += (x >= *tk) as u32;
    }
    if k == 7 {
        while (k as usize) < POISSON_TABLE - 1 && x >= t[k as usize] {
            k += 1;
        }
    }
    k
}

/// Key of base row `i`'s weights: replicate `b`'s weight comes from
/// `mix64(key + (b + 1)·γ)`, the `b`-th output of a SplitMix64 generator whose state is the key
/// (Steele, Lea & Flood 2014): random access in `(row, replicate)`.
#[inline]
fn row_key(bootstrap_seed: u64, i: u64) -> u64 {
    const C0: u64 = 0x4528_21E6_38D0_1377; // odd, fractional hex digits of pi
    const C1: u64 = 0xBE54_66CF_34E9_0C6D; // odd
    mix64(mix64(bootstrap_seed ^ C0) ^ i.wrapping_mul(C1))
}

/// Streaming sums of a Saltelli run over base rows `0..rows`.
///
/// Per output `k`, a block of `3 + 2G` sums at `k · stride`: `[0]` rows, `[1]` Σ (d_A + d_B),
/// `[2]` Σ (d_A² + d_B²), `[3 + g]` Σ d_B (f_g − f_A), `[3 + G + g]` Σ (f_A − f_g)², with
/// `d = f − shift_k`.
struct Sums {
    outputs: usize,
    groups: usize,
    stride: usize,
    shift: Vec<f64>,
    main: Vec<f64>,
    /// Neumaier compensation of `main`.
    main_c: Vec<f64>,
    bootstrap: usize,
    bootstrap_seed: u64,
    /// `bootstrap × outputs · stride`.
    boot: Vec<f64>,
    thresholds: [u64; POISSON_TABLE],
    rows: u64,
    evaluations: u64,
}

impl Sums {
    fn new<F>(
        plan: &SaltelliPlan,
        model: &F,
        outputs: usize,
        bootstrap: usize,
        bootstrap_seed: u64,
    ) -> Sums
    where
        F: Fn(&[f64], &mut [f64]) + Sync,
    {
        let groups = plan.problem.n_groups();
        let stride = 3 + 2 * groups;
        let l = outputs * stride;
        let mut shift = vec![f64::NAN; outputs];
        let mut evaluations = 0;
        if outputs > 0 {
            let mut rows = plan.rows();
            rows.load(0);
            model(rows.row(SaltelliRow::A), &mut shift);
            evaluations = 1;
            for s in &mut shift {
                if !s.is_finite() {
                    *s = 0.0;
                }
            }
        }
        Sums {
            outputs,
            groups,
            stride,
            shift,
            main: vec![0.0; l],
            main_c: vec![0.0; l],
            bootstrap,
            bootstrap_seed,
            boot: vec![0.0; bootstrap * l],
            thresholds: poisson1_thresholds(),
            rows: 0,
            evaluations,
        }
    }

    /// Per-row contributions (`outputs · stride` values) from the row's model outputs
    /// `f` (`(2 + G) × outputs`, row kinds in [`SaltelliPlan::row_kinds`] order).
    fn contributions(&self, f: &[f64], c: &mut [f64]) {
        let (k_out, g_n) = (self.outputs, self.groups);
        for (k, block) in c.chunks_exact_mut(self.stride).enumerate() {
            let fa = f[k];
            let fb = f[k_out + k];
            let fg = |g: usize| f[(2 + g) * k_out + k];
            if !(fa.is_finite() && fb.is_finite() && (0..g_n).all(|g| fg(g).is_finite())) {
                block.fill(0.0);
                continue;
            }
            let da = fa - self.shift[k];
            let db = fb - self.shift[k];
            block[0] = 1.0;
            block[1] = da + db;
            block[2] = da * da + db * db;
            for g in 0..g_n {
                let diff = fg(g) - fa;
                block[3 + g] = db * diff;
                block[3 + g_n + g] = diff * diff;
            }
        }
    }

    /// Adds base rows `self.rows..end` of `plan`.
    fn extend<F>(&mut self, plan: &SaltelliPlan, model: &F, end: u64, pool: &rayon::ThreadPool)
    where
        F: Fn(&[f64], &mut [f64]) + Sync,
    {
        let l = self.outputs * self.stride;
        let per_base = plan.rows_per_base();
        if l == 0 {
            self.rows = self.rows.max(end);
            return;
        }
        // Wave: about 256 KiB of contributions, 64 to 4096 rows. Results do not depend on it.
        let wave = ((1usize << 15) / l).clamp(64, 4096);
        let mut buf = vec![0.0; wave * l];
        let mut keys = vec![0u64; wave];
        let kinds: Vec<SaltelliRow> = plan.row_kinds().collect();
        while self.rows < end {
            let start = self.rows;
            let n = (end - start).min(wave as u64) as usize;
            let this = &*self;
            pool.install(|| {
                buf[..n * l]
                    .par_chunks_mut(l)
                    .zip(keys[..n].par_iter_mut())
                    .enumerate()
                    .for_each_init(
                        || (plan.rows(), vec![0.0; per_base * this.outputs]),
                        |(rows, f), (r, (c, key))| {
                            let i = start + r as u64;
                            rows.load(i);
                            for (slot, &kind) in kinds.iter().enumerate() {
                                let out = &mut f[slot * this.outputs..(slot + 1) * this.outputs];
                                out.fill(f64::NAN);
                                model(rows.row(kind), out);
                            }
                            this.contributions(f, c);
                            *key = row_key(this.bootstrap_seed, i);
                        },
                    );
            });
            let rows_buf = &buf[..n * l];
            let keys = &keys[..n];
            let thresholds = &self.thresholds;
            let (main, main_c, boot) = (&mut self.main, &mut self.main_c, &mut self.boot);
            pool.install(|| {
                rayon::join(
                    || {
                        // Neumaier (1974) compensated summation, in row order.
                        for c in rows_buf.chunks_exact(l) {
                            for ((s, comp), &x) in main.iter_mut().zip(main_c.iter_mut()).zip(c) {
                                let t = *s + x;
                                if s.abs() >= x.abs() {
                                    *comp += (*s - t) + x;
                                } else {
                                    *comp += (x - t) + *s;
                                }
                                *s = t;
                            }
                        }
                    },
                    || {
                        boot.par_chunks_mut(l).enumerate().for_each(|(b, acc)| {
                            let off = (b as u64 + 1).wrapping_mul(GOLDEN_GAMMA);
                            for (c, &key) in rows_buf.chunks_exact(l).zip(keys) {
                                let w = poisson1(mix64(key.wrapping_add(off)), thresholds);
                                if w != 0 {
                                    let w = w as f64;
                                    for (a, &x) in acc.iter_mut().zip(c) {
                                        *a += w * x;
                                    }
                                }
                            }
                        });
                    },
                )
            });
            self.rows += n as u64;
            self.evaluations += (n * per_base) as u64;
        }
    }

    /// `(n, mean of d, variance, S1_g.., ST_g..)` from one block of sums.
    fn estimates(&self, block: &[f64], s1: &mut [f64], st: &mut [f64]) -> (f64, f64, f64) {
        let g_n = self.groups;
        let n = block[0];
        let m = 2.0 * n;
        if n < 2.0 {
            s1.fill(f64::NAN);
            st.fill(f64::NAN);
            return (n, f64::NAN, f64::NAN);
        }
        let mean = block[1] / m;
        let var = ((block[2] - block[1] * block[1] / m) / (m - 1.0)).max(0.0);
        for g in 0..g_n {
            // Saltelli et al. (2010) Table 2 (b) and Jansen (1999): see the module docs.
            s1[g] = block[3 + g] / n / var;
            st[g] = block[3 + g_n + g] / m / var;
        }
        (n, mean, var)
    }

    fn result(&self, plan: &SaltelliPlan) -> SobolResult {
        let (k_out, g_n, b_n, l) = (
            self.outputs,
            self.groups,
            self.bootstrap,
            self.outputs * self.stride,
        );
        let main: Vec<f64> = self
            .main
            .iter()
            .zip(&self.main_c)
            .map(|(s, c)| s + c)
            .collect();
        let mut rows_used = vec![0; k_out];
        let mut mean = vec![f64::NAN; k_out];
        let mut variance = vec![f64::NAN; k_out];
        let nan = Estimate {
            value: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
        };
        let mut first_order = vec![nan; g_n * k_out];
        let mut total = vec![nan; g_n * k_out];
        let mut replicates_s1 = vec![f64::NAN; g_n * k_out * b_n];
        let mut replicates_st = vec![f64::NAN; g_n * k_out * b_n];
        let (mut s1, mut st) = (vec![0.0; g_n], vec![0.0; g_n]);
        for k in 0..k_out {
            let block = &main[k * self.stride..(k + 1) * self.stride];
            let (n, m, v) = self.estimates(block, &mut s1, &mut st);
            rows_used[k] = n as u64;
            mean[k] = self.shift[k] + m;
            variance[k] = v;
            for g in 0..g_n {
                first_order[g * k_out + k].value = s1[g];
                total[g * k_out + k].value = st[g];
            }
            for b in 0..b_n {
                let at = b * l + k * self.stride;
                self.estimates(&self.boot[at..at + self.stride], &mut s1, &mut st);
                for g in 0..g_n {
                    replicates_s1[(g * k_out + k) * b_n + b] = s1[g];
                    replicates_st[(g * k_out + k) * b_n + b] = st[g];
                }
            }
        }
        let mut r = SobolResult {
            group_names: plan.problem.group_names.clone(),
            outputs: k_out,
            base_samples: self.rows,
            evaluations: self.evaluations,
            method: plan.method(),
            seed: plan.seed(),
            bootstrap: b_n,
            bootstrap_seed: self.bootstrap_seed,
            confidence: DEFAULT_CONFIDENCE,
            rows_used,
            mean,
            variance,
            first_order,
            total,
            replicates_s1,
            replicates_st,
        };
        r.set_confidence(DEFAULT_CONFIDENCE);
        r
    }
}

/// First-order and total Sobol' indices of every group of `plan`'s problem, for each of the
/// `k_outputs` outputs of `model`, with `bootstrap` Poisson-bootstrap replicates (keyed by
/// `bootstrap_seed`) for 95 % percentile intervals, evaluated on `threads` threads (0: all
/// CPUs).  Bit-identical for every thread count.
///
/// `model(u, out)` receives the `dims` uniforms of one row (in (0, 1)) and writes the
/// `k_outputs` outputs; values left unwritten count as non-finite.
pub fn sobol<F>(
    plan: &SaltelliPlan,
    model: &F,
    k_outputs: usize,
    threads: usize,
    bootstrap: usize,
    bootstrap_seed: u64,
) -> SobolResult
where
    F: Fn(&[f64], &mut [f64]) + Sync,
{
    let pool = thread_pool(threads);
    let mut sums = Sums::new(plan, model, k_outputs, bootstrap, bootstrap_seed);
    sums.extend(plan, model, plan.base_samples, &pool);
    sums.result(plan)
}

/// When [`sobol_until`] stops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stopping {
    /// Stop once every total index's interval is narrower than this (> 0).
    pub target_ci_width: f64,
    /// Largest base sample size (≥ the plan's); with a Sobol' design, the plan's `N` times a
    /// power of two keeps every step a power of two.
    pub max_base_samples: u64,
}

/// Outcome of [`sobol_until`].
#[derive(Clone, Debug)]
pub struct SobolUntil {
    /// Indices at the last base sample size.
    pub result: SobolResult,
    /// Whether every total index's interval ended narrower than the target; `false` means
    /// the maximum base sample size was reached first.
    pub converged: bool,
    /// [`SobolResult::widest_total_ci`] of `result`.
    pub widest_total_ci: f64,
    /// `(N, widest total-index interval)` after each step.
    pub steps: Vec<(u64, f64)>,
    /// Model evaluations spent over all steps (equal to `result.evaluations` except for a
    /// Latin hypercube, whose rows change with `N` and are re-evaluated at every step).
    pub total_evaluations: u64,
}

/// [`sobol`] with sequential sampling: starts with `plan`'s `N` and doubles it (capped at
/// `stop.max_base_samples`) until every total index's bootstrap interval is narrower than
/// `stop.target_ci_width` or the maximum is reached.  With Monte Carlo and Sobol' designs the
/// rows already evaluated are kept, and each result is bit-identical to a fresh [`sobol`] at
/// the same `N`.
pub fn sobol_until<F>(
    plan: &SaltelliPlan,
    model: &F,
    k_outputs: usize,
    threads: usize,
    bootstrap: usize,
    bootstrap_seed: u64,
    stop: Stopping,
) -> Result<SobolUntil, SensitivityError>
where
    F: Fn(&[f64], &mut [f64]) + Sync,
{
    if !(stop.target_ci_width > 0.0 && stop.target_ci_width.is_finite()) {
        return Err(SensitivityError::Argument(format!(
            "target interval width must be positive and finite, got {}",
            stop.target_ci_width
        )));
    }
    if stop.max_base_samples < plan.base_samples {
        return Err(SensitivityError::Argument(format!(
            "maximum base samples {} is below the starting {}",
            stop.max_base_samples, plan.base_samples
        )));
    }
    if bootstrap < 2 {
        return Err(SensitivityError::Argument(
            "sequential sampling needs bootstrap intervals (at least 2 replicates)".into(),
        ));
    }
    let pool = thread_pool(threads);
    let mut cur = plan.clone();
    let mut sums = Sums::new(&cur, model, k_outputs, bootstrap, bootstrap_seed);
    let mut spent_before = 0;
    let mut steps = Vec::new();
    loop {
        sums.extend(&cur, model, cur.base_samples, &pool);
        let result = sums.result(&cur);
        let widest = result.widest_total_ci();
        steps.push((cur.base_samples, widest));
        let converged = widest < stop.target_ci_width;
        if converged || cur.base_samples >= stop.max_base_samples {
            let total_evaluations = spent_before + result.evaluations;
            return Ok(SobolUntil {
                result,
                converged,
                widest_total_ci: widest,
                steps,
                total_evaluations,
            });
        }
        let next = cur
            .base_samples
            .saturating_mul(2)
            .min(stop.max_base_samples);
        cur = cur.with_base_samples(next)?;
        if cur.method() == Method::LatinHypercube {
            spent_before += sums.evaluations;
            sums = Sums::new(&cur, model, k_outputs, bootstrap, bootstrap_seed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_weights_have_poisson1_frequencies() {
        let t = poisson1_thresholds();
        let key = row_key(7, 3);
        let n = 200_000u64;
        let mut counts = [0u64; 8];
        let (mut s, mut s2) = (0.0, 0.0);
        for b in 0..n {
            let w = poisson1(
                mix64(key.wrapping_add((b + 1).wrapping_mul(GOLDEN_GAMMA))),
                &t,
            );
            counts[(w as usize).min(7)] += 1;
            s += w as f64;
            s2 += (w * w) as f64;
        }
        let mean = s / n as f64;
        let var = s2 / n as f64 - mean * mean;
        // Poisson(1): mean 1 and variance 1; se of the mean 1/sqrt(n) = 0.0022.
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
        let p0 = counts[0] as f64 / n as f64;
        assert!((p0 - (-1.0f64).exp()).abs() < 0.005, "P(0) = {p0}");
        assert_eq!(poisson1(0, &t), 0);
        assert_eq!(poisson1(u64::MAX, &t), (POISSON_TABLE - 1) as u32);
    }

    #[test]
    fn plan_layout() {
        let p = Problem::new(4, vec![vec![0, 2], vec![3]], vec!["a".into(), "b".into()]).unwrap();
        let plan = SaltelliPlan::new(p, 8, 5, Method::MonteCarlo).unwrap();
        assert_eq!(plan.rows_per_base(), 4);
        let kinds: Vec<_> = plan.row_kinds().collect();
        assert_eq!(
            kinds,
            [
                SaltelliRow::A,
                SaltelliRow::B,
                SaltelliRow::AB(0),
                SaltelliRow::AB(1)
            ]
        );
        let mut rows = plan.rows();
        rows.load(3);
        let mut u = vec![0.0; 8];
        plan.design().fill(3, &mut u);
        assert_eq!(rows.row(SaltelliRow::A), &u[..4]);
        assert_eq!(rows.row(SaltelliRow::B), &u[4..]);
        assert_eq!(rows.row(SaltelliRow::AB(0)), &[u[4], u[1], u[6], u[3]]);
        assert_eq!(rows.row(SaltelliRow::AB(1)), &[u[0], u[1], u[2], u[7]]);
        assert_eq!(rows.row(SaltelliRow::AB(0)), &[u[4], u[1], u[6], u[3]]);
    }
}
