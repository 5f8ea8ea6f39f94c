//! Tornado (one at a time): each group at a low and a high level, the rest at best estimates.
//!
//! Starting from the uniforms of the best estimates, every dimension of group `g` is set to
//! the uniform `low`, the model evaluated, then to `high` and evaluated again; the other
//! dimensions (including those in no group) keep their best-estimate uniforms.  `low` and
//! `high` are quantile levels (e.g. 0.025 and 0.975, or 0 and 1 for the ends of bounded
//! ranges).  `1 + 2·groups` evaluations, sequential and deterministic.

use super::{Analysis, Index, IndexRow, Problem, SensitivityError};

/// Outputs with each group at its low and high level.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoResult {
    pub group_names: Vec<String>,
    pub outputs: usize,
    /// Uniform of the low end.
    pub low_level: f64,
    /// Uniform of the high end.
    pub high_level: f64,
    /// Outputs at the best estimates.
    pub base: Vec<f64>,
    /// Output `k` with group `g` at the low level, `[g · outputs + k]`.
    pub low: Vec<f64>,
    /// Output `k` with group `g` at the high level, `[g · outputs + k]`.
    pub high: Vec<f64>,
}

impl TornadoResult {
    pub fn at_low(&self, g: usize, k: usize) -> f64 {
        self.low[g * self.outputs + k]
    }

    pub fn at_high(&self, g: usize, k: usize) -> f64 {
        self.high[g * self.outputs + k]
    }

    /// `|high − low|` of group `g`, output `k`.
    pub fn swing(&self, g: usize, k: usize) -> f64 {
        (self.at_high(g, k) - self.at_low(g, k)).abs()
    }

    /// Groups by decreasing swing for output `k` (the bars of the tornado, top first; ties by
    /// group order, `NaN` last).
    pub fn order(&self, k: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.group_names.len()).collect();
        let key = |g: usize| {
            let s = self.swing(g, k);
            if s.is_nan() { f64::NEG_INFINITY } else { s }
        };
        order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
        order
    }

    /// `low` and `high` as generic rows, by group then output (no intervals).
    pub fn rows(&self) -> Vec<IndexRow> {
        let mut out = Vec::with_capacity(2 * self.low.len());
        for g in 0..self.group_names.len() {
            for k in 0..self.outputs {
                for (index, value) in [
                    (Index::Low, self.at_low(g, k)),
                    (Index::High, self.at_high(g, k)),
                ] {
                    out.push(IndexRow {
                        output: k,
                        group: g,
                        analysis: Analysis::Tornado,
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

/// Tornado analysis of every group of `problem` for the `k_outputs` outputs of `model`:
/// `best` holds the uniforms (length `dims`, in [0, 1]) of the best estimates, `low` and
/// `high` the uniforms (in [0, 1]) each group is set to in turn.
pub fn tornado<F>(
    problem: &Problem,
    model: &F,
    k_outputs: usize,
    best: &[f64],
    low: f64,
    high: f64,
) -> Result<TornadoResult, SensitivityError>
where
    F: Fn(&[f64], &mut [f64]),
{
    problem.validate()?;
    if best.len() != problem.dims {
        return Err(SensitivityError::Argument(format!(
            "tornado: {} best-estimate uniforms for {} dimensions",
            best.len(),
            problem.dims
        )));
    }
    let in_unit = |x: f64| (0.0..=1.0).contains(&x);
    if let Some(d) = best.iter().position(|&x| !in_unit(x)) {
        return Err(SensitivityError::Argument(format!(
            "tornado: best-estimate uniform of dimension {d} is {}, outside [0, 1]",
            best[d]
        )));
    }
    if !in_unit(low) || !in_unit(high) {
        return Err(SensitivityError::Argument(format!(
            "tornado: levels must lie in [0, 1], got low = {low}, high = {high}"
        )));
    }
    let g_n = problem.n_groups();
    let mut u = best.to_vec();
    let mut base = vec![f64::NAN; k_outputs];
    model(&u, &mut base);
    let mut lo = vec![f64::NAN; g_n * k_outputs];
    let mut hi = vec![f64::NAN; g_n * k_outputs];
    for (g, dims) in problem.groups.iter().enumerate() {
        let cells = g * k_outputs..(g + 1) * k_outputs;
        for (level, out) in [(low, &mut lo[cells.clone()]), (high, &mut hi[cells])] {
            for &d in dims {
                u[d] = level;
            }
            model(&u, out);
        }
        for &d in dims {
            u[d] = best[d];
        }
    }
    Ok(TornadoResult {
        group_names: problem.group_names.clone(),
        outputs: k_outputs,
        low_level: low,
        high_level: high,
        base,
        low: lo,
        high: hi,
    })
}
