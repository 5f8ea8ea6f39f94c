//! Global and local sensitivity analysis, generic over the model.
//!
//! Nothing here knows about the TMR model: a *model* is any
//! `Fn(&[f64] /* uniforms of one row, length dims */, &mut [f64] /* K outputs */) + Sync`
//! that maps a point of the unit hypercube to `K` outputs (the caller maps the uniforms to
//! parameter values, e.g. by inverse CDFs).  Three analyses:
//!
//! * [`sobol`] — variance-based first-order and total Sobol' indices of parameters or of
//!   *groups* of parameters, estimated on a Saltelli design ([`SaltelliPlan`]) with the
//!   Saltelli et al. (2010) first-order and Jansen (1999) total estimators, with Poisson
//!   bootstrap percentile intervals; [`sobol_until`] doubles the base sample until every
//!   total index's interval is narrower than a target.
//! * [`morris`] — Morris (1991) elementary effects with group trajectories (Campolongo,
//!   Cariboni & Saltelli 2007): `mu`, `mu*` and `sigma` per group and output.
//! * [`tornado`] — one at a time: each group at a low and a high quantile level, the rest at
//!   their best estimates.
//!
//! All three are deterministic functions of their seeds; [`sobol`] and [`morris`] evaluate in
//! parallel and give bit-identical results for every thread count.
//!
//! References:
//! * A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola, "Variance based
//!   sensitivity analysis of model output. Design and estimator for the total sensitivity
//!   index", Comput. Phys. Commun. 181 (2010) 259–270.
//! * M. J. W. Jansen, "Analysis of variance designs for model output", Comput. Phys. Commun.
//!   117 (1999) 35–43.
//! * M. D. Morris, "Factorial sampling plans for preliminary computational experiments",
//!   Technometrics 33(2) (1991) 161–174.
//! * F. Campolongo, J. Cariboni, A. Saltelli, "An effective screening design for sensitivity
//!   analysis of large models", Environ. Model. Softw. 22 (2007) 1509–1518.
//! * A. B. Owen, D. Eckles, "Bootstrapping data arrays of arbitrary order", Ann. Appl. Stat.
//!   6(3) (2012) 895–927 (Poisson bootstrap); N. Hanley, B. MacGibbon, "Creating non-parametric
//!   bootstrap samples using Poisson frequencies", Comput. Methods Programs Biomed. 83 (2006).

use std::fmt;

use crate::sampling::design::DesignError;

mod morris;
mod saltelli;
mod tornado;

pub use morris::{DEFAULT_LEVELS, MorrisResult, MorrisStat, morris};
pub use saltelli::{
    DEFAULT_CONFIDENCE, SaltelliPlan, SaltelliRow, SaltelliRows, SobolResult, SobolUntil, Stopping,
    sobol, sobol_until,
};
pub use tornado::{TornadoResult, tornado};

/// Which parameters (dimensions of the unit hypercube) are analysed, and how they are
/// grouped.
///
/// `groups[g]` lists the dimensions of group `g`; a parameter-level analysis has one group
/// per dimension ([`Problem::per_parameter`]).  A dimension may belong to no group (it still
/// varies in [`sobol`] and [`morris`] but gets no index; in [`tornado`] it stays at its best
/// estimate), but not to two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Number of uniforms of one model row.
    pub dims: usize,
    /// Dimensions of each group.
    pub groups: Vec<Vec<usize>>,
    /// Name of each group (unique, non-empty).
    pub group_names: Vec<String>,
}

impl Problem {
    /// Validated problem.
    pub fn new(
        dims: usize,
        groups: Vec<Vec<usize>>,
        group_names: Vec<String>,
    ) -> Result<Problem, SensitivityError> {
        let p = Problem {
            dims,
            groups,
            group_names,
        };
        p.validate()?;
        Ok(p)
    }

    /// One group per dimension, named `names[d]`.
    pub fn per_parameter(names: Vec<String>) -> Result<Problem, SensitivityError> {
        let dims = names.len();
        Problem::new(dims, (0..dims).map(|d| vec![d]).collect(), names)
    }

    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.groups.len()
    }

    /// Checks the invariants: `dims >= 1`, at least one group, every group non-empty with
    /// dimensions `< dims`, no dimension in two groups (or twice in one), one unique non-empty
    /// name per group.
    pub fn validate(&self) -> Result<(), SensitivityError> {
        let bad = |m: String| Err(SensitivityError::Problem(m));
        if self.dims == 0 {
            return bad("the problem has no dimensions".into());
        }
        if self.groups.is_empty() {
            return bad("the problem has no groups (nothing to analyse)".into());
        }
        if self.group_names.len() != self.groups.len() {
            return bad(format!(
                "{} groups but {} group names",
                self.groups.len(),
                self.group_names.len()
            ));
        }
        let mut owner: Vec<Option<usize>> = vec![None; self.dims];
        for (g, dims) in self.groups.iter().enumerate() {
            let name = &self.group_names[g];
            if dims.is_empty() {
                return bad(format!("group {name:?} is empty"));
            }
            for &d in dims {
                if d >= self.dims {
                    return bad(format!(
                        "group {name:?} lists dimension {d}, but the problem has {} (0-based)",
                        self.dims
                    ));
                }
                if let Some(h) = owner[d] {
                    return bad(if h == g {
                        format!("group {name:?} lists dimension {d} twice")
                    } else {
                        format!(
                            "dimension {d} is in two groups, {:?} and {name:?}",
                            self.group_names[h]
                        )
                    });
                }
                owner[d] = Some(g);
            }
        }
        let mut names: Vec<&str> = self.group_names.iter().map(String::as_str).collect();
        if names.iter().any(|n| n.is_empty()) {
            return bad("a group has an empty name".into());
        }
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return bad(format!("two groups are named {:?}", w[0]));
        }
        Ok(())
    }
}

/// Why an analysis could not be set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SensitivityError {
    /// The [`Problem`] is malformed.
    Problem(String),
    /// A numeric argument is out of range.
    Argument(String),
    /// The sampling design could not be built.
    Design(DesignError),
}

impl fmt::Display for SensitivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SensitivityError::Problem(m) => write!(f, "sensitivity problem: {m}"),
            SensitivityError::Argument(m) => write!(f, "sensitivity analysis: {m}"),
            SensitivityError::Design(e) => write!(f, "sensitivity design: {e}"),
        }
    }
}

impl std::error::Error for SensitivityError {}

impl From<DesignError> for SensitivityError {
    fn from(e: DesignError) -> Self {
        SensitivityError::Design(e)
    }
}

/// A point estimate with its confidence interval (`NaN` bounds when there is none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Estimate {
    /// `ci_high - ci_low`.
    pub fn width(&self) -> f64 {
        self.ci_high - self.ci_low
    }

    /// Whether `x` lies in the closed interval.
    pub fn covers(&self, x: f64) -> bool {
        self.ci_low <= x && x <= self.ci_high
    }
}

/// Analysis that produced a row of `sensitivity.csv` (column `method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Analysis {
    Sobol,
    Morris,
    Tornado,
}

impl Analysis {
    pub fn as_str(self) -> &'static str {
        match self {
            Analysis::Sobol => "sobol",
            Analysis::Morris => "morris",
            Analysis::Tornado => "tornado",
        }
    }
}

/// Column `index` of `sensitivity.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Index {
    /// First-order Sobol' index.
    S1,
    /// Total Sobol' index.
    ST,
    /// Mean elementary effect (Morris).
    Mu,
    /// Mean absolute elementary effect (Campolongo et al. 2007).
    MuStar,
    /// Standard deviation of the elementary effects (Morris).
    Sigma,
    /// Spearman rank correlation (computed elsewhere; listed for a shared vocabulary).
    Spearman,
    /// Contribution to variance (computed elsewhere; listed for a shared vocabulary).
    Contribution,
    /// Output with the group at its low level (tornado).
    Low,
    /// Output with the group at its high level (tornado).
    High,
}

impl Index {
    pub fn as_str(self) -> &'static str {
        match self {
            Index::S1 => "S1",
            Index::ST => "ST",
            Index::Mu => "mu",
            Index::MuStar => "mu_star",
            Index::Sigma => "sigma",
            Index::Spearman => "spearman",
            Index::Contribution => "contribution",
            Index::Low => "low",
            Index::High => "high",
        }
    }
}

/// One generic result row; the caller maps `output` to (vehicle, quantity) and `group` to the
/// parameter/group names of `sensitivity.csv`.  `ci_low`/`ci_high` are `NaN` when the index
/// has no interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndexRow {
    pub output: usize,
    pub group: usize,
    pub analysis: Analysis,
    pub index: Index,
    pub value: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

// The engine's pool: one definition of "0 threads means all cores".
use crate::engine::thread_pool;

/// Percentile `p` of `sorted` (ascending, no NaN), type 7 (linear between the order
/// statistics of rank `(n - 1) p`); `NaN` when empty.
fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("x{i}")).collect()
    }

    #[test]
    fn problem_validation() {
        assert!(Problem::per_parameter(names(3)).is_ok());
        assert!(Problem::new(3, vec![vec![0, 2]], vec!["a".into()]).is_ok());
        assert!(Problem::new(0, vec![], vec![]).is_err());
        assert!(Problem::new(2, vec![], vec![]).is_err());
        assert!(Problem::new(2, vec![vec![0], vec![0]], names(2)).is_err());
        assert!(Problem::new(2, vec![vec![0, 0]], names(1)).is_err());
        assert!(Problem::new(2, vec![vec![2]], names(1)).is_err());
        assert!(Problem::new(2, vec![vec![]], names(1)).is_err());
        assert!(Problem::new(2, vec![vec![0]], names(2)).is_err());
        assert!(Problem::new(2, vec![vec![0], vec![1]], vec!["a".into(), "a".into()]).is_err());
        assert!(Problem::new(2, vec![vec![0]], vec![String::new()]).is_err());
    }

    #[test]
    fn percentiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile_sorted(&v, 0.0), 1.0);
        assert_eq!(percentile_sorted(&v, 1.0), 5.0);
        assert_eq!(percentile_sorted(&v, 0.5), 3.0);
        assert_eq!(percentile_sorted(&v, 0.125), 1.5);
        assert!(percentile_sorted(&[], 0.5).is_nan());
    }
}
