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

#[cfg(test)]
mod tests {
    use super::super::Support;
    use super::super::tests::{check_pinned, d};

    #[test]
    fn pinned_quantiles() {
        // PERT(2, 2, 4) = 2 + 2·Beta(1, 5); Beta(1,5) quantile 1 - (1-u)^(1/5)
        check_pinned(
            "pert(mode at min)",
            &d(2.0, Some(2.0), Some(4.0), "pert", Support::NON_NEGATIVE),
            [0.9, 0.5, 0.1].map(|s: f64| 2.0 + 2.0 * (1.0 - s.powf(0.2))),
            1e-10,
        );
        // PERT(0, 3, 10) = 10·Beta(2.2, 3.8); values from mpmath findroot on betainc
        check_pinned(
            "pert",
            &d(3.0, Some(0.0), Some(10.0), "pert", Support::NON_NEGATIVE),
            [
                1.361_999_625_636_714,
                3.509_994_849_491_18,
                6.207_544_856_651_201,
            ],
            1e-9,
        );
    }
}
