//! `uniform`: uniform on `[min, max]`.

use super::fixed::point;
use super::{DistError, Distribution, Spec, check_finite, require_range};

/// Uniform on `[lo, hi]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UniformParams {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) width: f64,
}

/// `uniform` from a checked specification.
pub(super) fn build(s: &Spec) -> Result<Distribution, DistError> {
    let (a, b) = require_range(s.shape, s.min, s.max)?;
    Ok(if a == b {
        point(s.best)
    } else {
        Distribution::uniform(a, b)?
    })
}

impl Distribution {
    pub(super) fn uniform(a: f64, b: f64) -> Result<Self, DistError> {
        check_finite("min", a)?;
        check_finite("max", b)?;
        let width = check_finite("max - min", b - a)?;
        Ok(Distribution::Uniform(UniformParams {
            lo: a,
            hi: b,
            width,
        }))
    }
}

impl UniformParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        (self.lo + u * self.width).min(self.hi)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        ((x - self.lo) / self.width).clamp(0.0, 1.0)
    }

    pub(super) fn mean(&self) -> f64 {
        0.5 * (self.lo + self.hi)
    }

    pub(super) fn variance(&self) -> f64 {
        self.width * self.width / 12.0
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::uniform(self.lo * k, self.hi * k)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Support;
    use super::super::tests::{check_pinned, close, d};

    #[test]
    fn pinned_quantiles() {
        check_pinned(
            "uniform",
            &d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE),
            [2.4, 4.0, 5.6],
            1e-15,
        );
    }

    #[test]
    fn closed_form_moments() {
        let u = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
        close(u.mean(), 4.0, "uniform mean");
        close(u.variance(), 16.0 / 12.0, "uniform var");
    }
}
