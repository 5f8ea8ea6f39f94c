//! Summaries of an accumulated output: moments, percentiles, the confidence interval at the
//! requested level, and the Monte Carlo standard error of each.

use crate::accum::Stat;

/// Percentiles reported in every summary (as fractions).
pub const PERCENTILES: [f64; 7] = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975];
/// Their column names.
pub const PERCENTILE_COLUMNS: [&str; 7] = ["p2_5", "p5", "p25", "p50", "p75", "p95", "p97_5"];

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

impl Summary {
    /// Largest relative standard error of the 2.5th and 97.5th percentiles.
    pub fn tail_relative_se(&self) -> f64 {
        let a = self.percentile_se[0] / self.percentiles[0].abs();
        let b = self.percentile_se[6] / self.percentiles[6].abs();
        a.max(b)
    }

    /// Columns after the identifying ones: n, mean, sd, the percentiles; then the extras.
    pub const HEADER: [&'static str; 10] = [
        "n", "mean", "sd", "p2_5", "p5", "p25", "p50", "p75", "p95", "p97_5",
    ];
    pub const EXTRA_HEADER: [&'static str; 12] = [
        "ci_level",
        "ci_low",
        "ci_high",
        "se_mean",
        "se_p2_5",
        "se_p5",
        "se_p25",
        "se_p50",
        "se_p75",
        "se_p95",
        "se_p97_5",
        "non_finite",
    ];

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
