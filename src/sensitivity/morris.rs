//! Morris elementary effects with group trajectories.
//!
//! Morris (1991): on a grid of `p` levels `{0, 1/(p−1), …, 1}` per dimension, a trajectory
//! starts at a random grid point and moves one factor at a time by `Δ = p / (2(p − 1))`; the
//! elementary effect of the factor is the change of the output divided by `Δ`.  Over `r`
//! trajectories, `mu` is the mean effect, `sigma` its standard deviation (non-linearity and
//! interactions), and `mu*` the mean absolute effect (Campolongo, Cariboni & Saltelli 2007),
//! the screening measure recommended for groups.
//!
//! Groups (Campolongo et al. 2007): a trajectory moves a whole *group* at once, so it has
//! `groups + 1` points.  Here every dimension of a group moves in the same direction, drawn
//! per group and trajectory, and each dimension's start level is drawn uniformly from the
//! levels from which that move stays on the grid (lower half going up, upper half going down;
//! the start levels are thus uniform over the whole grid).  The effect of group `g` is
//! `(f(after) − f(before)) / (±Δ)`, the sign making it the effect of moving the group *up*, so
//! `mu` and `sigma` keep their meaning for groups.  For a linear model `Σ c_i u_i`, a group's
//! effects are all exactly `Σ_{i∈g} c_i` (up to rounding): `mu* = |Σ c_i|`, `sigma = 0`.
//! Dimensions in no group get a random level and stay there for the whole trajectory.
//! Trajectories are drawn independently (no optimised selection among candidates).
//!
//! The model is evaluated on grid points of the closed unit cube: uniforms of exactly 0 and 1
//! occur.  A model that maps them through inverse CDFs of unbounded laws must map the unit
//! interval to a bounded range of quantile levels first (e.g. `0.001 + 0.998 u`).
//!
//! Determinism: trajectory `t` is a pure function of `(seed, t)`; trajectories are evaluated in
//! parallel and folded in trajectory order, so results are bit-identical for every thread count.

use rayon::prelude::*;

use super::{Analysis, Index, IndexRow, Problem, SensitivityError, thread_pool};
use crate::sampling::rng::Xoshiro256PlusPlus;

/// Default number of grid levels `p`.
pub const DEFAULT_LEVELS: usize = 4;

/// Stream of [`Xoshiro256PlusPlus::for_sample`] for Morris trajectories (index = trajectory).
const STREAM_MORRIS: u64 = 0x4D4F_5252_4953; // "MORRIS"

/// Elementary-effect statistics of one group and output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisStat {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects (denominator `r − 1`; `NaN` if `r < 2`).
    pub sigma: f64,
    /// Finite elementary effects used (`r` unless the model returned non-finite values).
    pub effects: u64,
}

/// Morris screening of every group for every output.
#[derive(Clone, Debug)]
pub struct MorrisResult {
    pub group_names: Vec<String>,
    pub outputs: usize,
    /// `r`.
    pub trajectories: usize,
    /// `p`.
    pub levels: usize,
    /// `Δ = p / (2(p − 1))`.
    pub delta: f64,
    pub seed: u64,
    /// `r · (groups + 1)`.
    pub evaluations: u64,
    /// Group `g`, output `k` at `[g · outputs + k]`.
    pub stats: Vec<MorrisStat>,
}

impl MorrisResult {
    pub fn stat(&self, g: usize, k: usize) -> MorrisStat {
        self.stats[g * self.outputs + k]
    }

    /// Groups by decreasing `mu*` for output `k` (ties by group order; `NaN` last).
    pub fn ranking(&self, k: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.group_names.len()).collect();
        let key = |g: usize| {
            let m = self.stat(g, k).mu_star;
            if m.is_nan() { f64::NEG_INFINITY } else { m }
        };
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
        order
    }

    /// `mu`, `mu_star` and `sigma` as generic rows, by group then output (no intervals).
    pub fn rows(&self) -> Vec<IndexRow> {
        let mut out = Vec::with_capacity(3 * self.stats.len());
        for g in 0..self.group_names.len() {
            for k in 0..self.outputs {
                let s = self.stat(g, k);
                for (index, value) in [
                    (Index::Mu, s.mu),
                    (Index::MuStar, s.mu_star),
                    (Index::Sigma, s.sigma),
                ] {
                    out.push(IndexRow {
                        output: k,
                        group: g,
                        analysis: Analysis::Morris,
                        index,
                        value,
                        ci_low: f64::NAN,
                        ci_high: f64::NAN,
                    });
                }
            }
        }
        out
    }
}

/// Uniform integer in `0..n` (`n ≥ 1`), Lemire's multiply-and-reject (D. Lemire, "Fast random
/// integer generation in an interval", ACM TOMACS 29(1), 2019): unbiased, and defined here so
/// that trajectories do not change with the version of `rand`.
fn below(rng: &mut Xoshiro256PlusPlus, n: u64) -> u64 {
    debug_assert!(n >= 1);
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = rng.next_u64() as u128 * n as u128;
        if m as u64 >= threshold {
            return (m >> 64) as u64;
        }
    }
}

/// Per-worker scratch.
struct Scratch {
    level: Vec<usize>,
    up: Vec<bool>,
    order: Vec<usize>,
    u: Vec<f64>,
    y0: Vec<f64>,
    y1: Vec<f64>,
}

/// Elementary effects of trajectory `t`, `[g · outputs + k]`.
fn trajectory<F>(
    problem: &Problem,
    levels: usize,
    seed: u64,
    t: u64,
    model: &F,
    k_out: usize,
    s: &mut Scratch,
) -> Vec<f64>
where
    F: Fn(&[f64], &mut [f64]) + Sync,
{
    let mut rng = Xoshiro256PlusPlus::for_sample(seed, STREAM_MORRIS, t);
    let half = levels / 2;
    let top = (levels - 1) as f64;
    let delta = half as f64 / top;
    let g_n = problem.n_groups();
    // Dimensions in no group: any level, fixed along the trajectory.
    s.level.fill(usize::MAX);
    for (g, dims) in problem.groups.iter().enumerate() {
        let up = rng.next_u64() >> 63 == 0;
        s.up[g] = up;
        for &d in dims {
            let j = below(&mut rng, half as u64) as usize;
            s.level[d] = if up { j } else { half + j };
        }
    }
    for j in s.level.iter_mut() {
        if *j == usize::MAX {
            *j = below(&mut rng, levels as u64) as usize;
        }
    }
    // Random order of the groups (Fisher–Yates).
    for (i, o) in s.order.iter_mut().enumerate() {
        *o = i;
    }
    for i in (1..g_n).rev() {
        let j = below(&mut rng, i as u64 + 1) as usize;
        s.order.swap(i, j);
    }
    for (x, &j) in s.u.iter_mut().zip(&s.level) {
        *x = j as f64 / top;
    }
    let mut ee = vec![f64::NAN; g_n * k_out];
    s.y0.fill(f64::NAN);
    model(&s.u, &mut s.y0);
    for &g in &s.order {
        for &d in &problem.groups[g] {
            let j = &mut s.level[d];
            *j = if s.up[g] { *j + half } else { *j - half };
            s.u[d] = *j as f64 / top;
        }
        s.y1.fill(f64::NAN);
        model(&s.u, &mut s.y1);
        let step = if s.up[g] { delta } else { -delta };
        for k in 0..k_out {
            ee[g * k_out + k] = (s.y1[k] - s.y0[k]) / step;
        }
        std::mem::swap(&mut s.y0, &mut s.y1);
    }
    ee
}

/// Morris screening: `trajectories` (`r ≥ 1`) group trajectories on a grid of `levels`
/// (even, ≥ 2; [`DEFAULT_LEVELS`] = 4) under `seed`, for the `k_outputs` outputs of `model`,
/// on `threads` threads (0: all CPUs).  See the module documentation.
pub fn morris<F>(
    problem: &Problem,
    trajectories: usize,
    levels: usize,
    seed: u64,
    model: &F,
    k_outputs: usize,
    threads: usize,
) -> Result<MorrisResult, SensitivityError>
where
    F: Fn(&[f64], &mut [f64]) + Sync,
{
    problem.validate()?;
    if trajectories == 0 {
        return Err(SensitivityError::Argument(
            "Morris screening needs at least one trajectory".into(),
        ));
    }
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(SensitivityError::Argument(format!(
            "Morris levels must be even and at least 2 (so that Δ = p/(2(p−1)) is on the \
             grid), got {levels}"
        )));
    }
    let g_n = problem.n_groups();
    let cells = g_n * k_outputs;
    // Welford's running mean and sum of squared deviations, plus Σ|EE|, in trajectory order.
    let mut count = vec![0u64; cells];
    let mut mean = vec![0.0f64; cells];
    let mut m2 = vec![0.0f64; cells];
    let mut abs_sum = vec![0.0f64; cells];
    let pool = thread_pool(threads);
    const WAVE: usize = 256;
    let mut t0 = 0;
    while t0 < trajectories {
        let t1 = (t0 + WAVE).min(trajectories);
        let wave: Vec<Vec<f64>> = pool.install(|| {
            (t0..t1)
                .into_par_iter()
                .map_init(
                    || Scratch {
                        level: vec![0; problem.dims],
                        up: vec![false; g_n],
                        order: vec![0; g_n],
                        u: vec![0.0; problem.dims],
                        y0: vec![0.0; k_outputs],
                        y1: vec![0.0; k_outputs],
                    },
                    |s, t| trajectory(problem, levels, seed, t as u64, model, k_outputs, s),
                )
                .collect()
        });
        for ee in &wave {
            for (j, &e) in ee.iter().enumerate() {
                if !e.is_finite() {
                    continue;
                }
                count[j] += 1;
                let d = e - mean[j];
                mean[j] += d / count[j] as f64;
                m2[j] += d * (e - mean[j]);
                abs_sum[j] += e.abs();
            }
        }
        t0 = t1;
    }
    let stats = (0..cells)
        .map(|j| {
            let n = count[j];
            MorrisStat {
                mu: if n > 0 { mean[j] } else { f64::NAN },
                mu_star: if n > 0 {
                    abs_sum[j] / n as f64
                } else {
                    f64::NAN
                },
                sigma: if n > 1 {
                    (m2[j] / (n - 1) as f64).sqrt()
                } else {
                    f64::NAN
                },
                effects: n,
            }
        })
        .collect();
    Ok(MorrisResult {
        group_names: problem.group_names.clone(),
        outputs: k_outputs,
        trajectories,
        levels,
        delta: levels as f64 / (2.0 * (levels - 1) as f64),
        seed,
        evaluations: (trajectories * (g_n + 1)) as u64,
        stats,
    })
}
