//! Summaries of an accumulated output: moments, percentiles, the confidence interval at the
//! requested level, and the Monte Carlo standard error of each.

use crate::accum::{Accumulator, Stat, Z95};

/// Percentiles reported in every summary (as fractions).
pub const PERCENTILES: [f64; 7] = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975];
/// Their column names.
pub const PERCENTILE_COLUMNS: [&str; 7] = ["p2_5", "p5", "p25", "p50", "p75", "p95", "p97_5"];
/// The column names of their standard errors.
pub const PERCENTILE_SE_COLUMNS: [&str; 7] = [
    "se_p2_5", "se_p5", "se_p25", "se_p50", "se_p75", "se_p95", "se_p97_5",
];
/// Positions in [`PERCENTILES`] of the 2.5th percentile, the median and the 97.5th.
pub const P2_5: usize = 0;
pub const MEDIAN: usize = 3;
pub const P97_5: usize = 6;

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub n: u64,
    pub mean: f64,
    pub sd: f64,
    pub percentiles: [f64; 7],
    /// Monte Carlo standard error of each percentile.
    pub percentile_se: [f64; 7],
    pub se_mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub non_finite: u64,
}

pub fn summarize(s: &Stat, confidence: f64) -> Summary {
    let tail = (1.0 - confidence) / 2.0;
    let sd = s.sd();
    // Each call walks the histogram once (the values of `Stat::quantile` and
    // `Stat::quantile_se`, bit for bit).
    let (percentiles, percentile_se) = s.quantiles_with_se(&PERCENTILES);
    let ci = s.quantiles(&[tail, 1.0 - tail]);
    Summary {
        n: s.n,
        mean: s.mean(),
        sd,
        percentiles: percentiles.try_into().expect("one per percentile"),
        percentile_se: percentile_se.try_into().expect("one per percentile"),
        se_mean: sd / (s.n as f64).sqrt(),
        ci_low: ci[0],
        ci_high: ci[1],
        non_finite: s.non_finite,
    }
}

/// The summary of output `o` of an accumulator: with the replicates of a randomised design
/// when `o` is tracked per replicate ([`summarize_replicated`]), else [`summarize`].
pub fn summarize_output(acc: &Accumulator, o: usize, confidence: f64) -> Summary {
    match acc.replicates.as_ref().and_then(|r| r.of(o)) {
        Some(reps) => summarize_replicated(&acc.stats[o], reps, confidence),
        None => summarize(&acc.stats[o], confidence),
    }
}

/// Student's t quantile `t_{R−1, 0.975}` over 1.96: replicate standard errors are scaled by it,
/// so that ±1.96 se is the exact t interval of R replicate estimates.
pub fn t_factor(replicates: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    if replicates < 2 {
        return f64::NAN;
    }
    let t = StudentsT::new(0.0, 1.0, (replicates - 1) as f64).expect("degrees of freedom ≥ 1");
    t.inverse_cdf(0.975) / Z95
}

/// Sample standard deviation of `xs` (n − 1), NaN below two values.
fn sd_of(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return f64::NAN;
    }
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// [`summarize`] of the all-sample accumulator `s`, with standard errors from the spread of
/// `reps`, the same output's accumulators in each of R independent randomisations of the
/// design (randomised quasi-Monte Carlo: replicated Latin hypercubes, independently scrambled
/// Sobol' sequences). The estimates stay the all-sample ones.
///
/// * Mean: the all-sample mean is the average of the replicate means `m_r`, so
///   `se = c · sd(m_r)/√R`, with `c` = [`t_factor`]`(R)` (1.041 for R = 32) making ±1.96 se the
///   Student-t 95 % interval of R estimates.
/// * Percentile p, estimate `q̂`: by Bahadur's representation `q̂ − ξ_p ≈ (p − F_n(ξ_p))/f(ξ_p)`,
///   and the all-sample empirical CDF is the average of the replicates' `F_r`; so the spread of
///   `F_r(q̂)` over replicates, `s_F = c · sd(F_r(q̂))/√R`, is the error of `F_n`, and
///   `se = s_F / f̂(q̂)`, with the density from the all-sample percentiles at `p ± h`
///   (`h` = [`crate::accum::hall_sheather`]): `1/f̂ = (q(p + h) − q(p − h))/(2h)`. For
///   independent samples `s_F = √(p(1 − p)/n)` and this is [`Stat::quantiles_with_se`]'s rule. Replicate
///   percentiles themselves are not used: on R-times fewer samples they carry a bias of order
///   R/n that a stratified design makes larger than their spread.
pub fn summarize_replicated(s: &Stat, reps: &[Stat], confidence: f64) -> Summary {
    let mut out = summarize(s, confidence);
    let r = reps.len();
    if r < 2 || s.n < 2 || reps.iter().any(|x| x.n == 0) {
        return out;
    }
    let c = t_factor(r) / (r as f64).sqrt();
    let means: Vec<f64> = reps.iter().map(Stat::mean).collect();
    out.se_mean = c * sd_of(&means);
    let cdfs: Vec<Vec<f64>> = reps.iter().map(|x| x.cdf(&out.percentiles)).collect();
    for (i, &p) in PERCENTILES.iter().enumerate() {
        let f: Vec<f64> = cdfs.iter().map(|v| v[i]).collect();
        let s_f = c * sd_of(&f);
        let s_iid = (p * (1.0 - p) / s.n as f64).sqrt();
        out.percentile_se[i] *= s_f / s_iid;
    }
    out
}

impl Summary {
    /// Largest relative standard error of the 2.5th and 97.5th percentiles.
    pub fn tail_relative_se(&self) -> f64 {
        let a = self.percentile_se[P2_5] / self.percentiles[P2_5].abs();
        let b = self.percentile_se[P97_5] / self.percentiles[P97_5].abs();
        a.max(b)
    }

    /// Columns after the identifying ones: n, mean, sd, the percentiles; then the extras.
    pub const HEADER: [&'static str; 10] = [
        "n",
        "mean",
        "sd",
        PERCENTILE_COLUMNS[0],
        PERCENTILE_COLUMNS[1],
        PERCENTILE_COLUMNS[2],
        PERCENTILE_COLUMNS[3],
        PERCENTILE_COLUMNS[4],
        PERCENTILE_COLUMNS[5],
        PERCENTILE_COLUMNS[6],
    ];
    pub const EXTRA_HEADER: [&'static str; 12] = [
        "ci_level",
        "ci_low",
        "ci_high",
        "se_mean",
        PERCENTILE_SE_COLUMNS[0],
        PERCENTILE_SE_COLUMNS[1],
        PERCENTILE_SE_COLUMNS[2],
        PERCENTILE_SE_COLUMNS[3],
        PERCENTILE_SE_COLUMNS[4],
        PERCENTILE_SE_COLUMNS[5],
        PERCENTILE_SE_COLUMNS[6],
        "non_finite",
    ];

    /// The median (the 50th percentile).
    pub fn median(&self) -> f64 {
        self.percentiles[MEDIAN]
    }

    pub fn cells(&self, confidence: f64) -> Vec<String> {
        use crate::fmt_num::num;
        let mut c = vec![self.n.to_string(), num(self.mean), num(self.sd)];
        c.extend(self.percentiles.iter().map(|&x| num(x)));
        c.push(num(confidence));
        c.push(num(self.ci_low));
        c.push(num(self.ci_high));
        c.push(num(self.se_mean));
        c.extend(self.percentile_se.iter().map(|&x| num(x)));
        c.push(self.non_finite.to_string());
        c
    }
}
