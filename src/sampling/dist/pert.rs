//! `pert`: PERT with mode `best` and λ = 4, i.e. Beta(1 + 4(m−a)/(b−a), 1 + 4(b−m)/(b−a)) on
//! `[a, b]` (Malcolm et al. 1959; Vose 2008, *Risk Analysis*). Drawn by the beta family.

use super::fixed::point;
use super::{DistError, Distribution, Spec, require_range};

/// `pert` from a checked specification.
pub(super) fn build(s: &Spec) -> Result<Distribution, DistError> {
    let best = s.best;
    let (a, b) = require_range(s.shape, s.min, s.max)?;
    if a == b {
        return Ok(point(best));
    }
    let alpha = 1.0 + 4.0 * (best - a) / (b - a);
    let beta = 1.0 + 4.0 * (b - best) / (b - a);
    Distribution::beta(alpha, beta, a, b)
}
