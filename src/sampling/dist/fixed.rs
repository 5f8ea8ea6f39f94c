//! `fixed`: a point mass at the best estimate (also what a zero-width range, or an empirical
//! list of equal values, becomes).

use super::{DistError, Distribution, check_finite};

/// A point mass.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedParams {
    pub(super) value: f64,
}

/// The point mass at `v`.
pub(super) fn point(v: f64) -> Distribution {
    Distribution::Fixed(FixedParams { value: v })
}

impl FixedParams {
    #[inline]
    pub(super) fn quantile(&self, _u: f64) -> f64 {
        self.value
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x < self.value { 0.0 } else { 1.0 }
    }

    pub(super) fn mean(&self) -> f64 {
        self.value
    }

    pub(super) fn variance(&self) -> f64 {
        0.0
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.value, self.value)
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Ok(Distribution::Fixed(FixedParams {
            value: check_finite("scaled value", self.value * k)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Support;
    use super::super::tests::{check_pinned, d};

    #[test]
    fn pinned_quantiles() {
        check_pinned(
            "fixed",
            &d(3.0, None, None, "fixed", Support::NON_NEGATIVE),
            [3.0; 3],
            0.0,
        );
    }
}
