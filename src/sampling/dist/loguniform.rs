//! `loguniform`: ln X uniform on `[ln min, ln max]`, 0 < min.

use super::fixed::point;
use super::{DistError, Distribution, Spec, check_finite, require_range};

/// Log-uniform on `[a, b]`, 0 < a < b: ln X uniform on `[ln a, ln b]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogUniformParams {
    pub(super) a: f64,
    pub(super) b: f64,
    pub(super) ln_a: f64,
    pub(super) ln_ratio: f64,
}

/// `loguniform` from a checked specification.
pub(super) fn build(s: &Spec) -> Result<Distribution, DistError> {
    let (a, b) = require_range(s.shape, s.min, s.max)?;
    if a <= 0.0 {
        return Err(DistError::NotPositive {
            shape: "loguniform",
            what: "min",
            value: a,
        });
    }
    Ok(if a == b {
        point(s.best)
    } else {
        Distribution::loguniform(a, b)?
    })
}

impl Distribution {
    pub(super) fn loguniform(a: f64, b: f64) -> Result<Self, DistError> {
        check_finite("min", a)?;
        check_finite("max", b)?;
        let ln_a = a.ln();
        Ok(Distribution::LogUniform(LogUniformParams {
            a,
            b,
            ln_a,
            ln_ratio: b.ln() - ln_a,
        }))
    }
}

impl LogUniformParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        (self.ln_a + u * self.ln_ratio).exp().clamp(self.a, self.b)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x <= self.a {
            0.0
        } else {
            ((x.ln() - self.ln_a) / self.ln_ratio).clamp(0.0, 1.0)
        }
    }

    pub(super) fn mean(&self) -> f64 {
        (self.b - self.a) / self.ln_ratio
    }

    pub(super) fn variance(&self) -> f64 {
        let m1 = (self.b - self.a) / self.ln_ratio;
        let m2 = (self.b * self.b - self.a * self.a) / (2.0 * self.ln_ratio);
        (m2 - m1 * m1).max(0.0)
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.a, self.b)
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::loguniform(self.a * k, self.b * k)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_pinned, close, d, new};
    use super::super::{DistError, Support};

    #[test]
    fn pinned_quantiles() {
        // loguniform on [1, 100]: 10^(2u)
        check_pinned(
            "loguniform",
            &d(
                10.0,
                Some(1.0),
                Some(100.0),
                "loguniform",
                Support::POSITIVE,
            ),
            [10f64.powf(0.2), 10.0, 10f64.powf(1.8)],
            1e-13,
        );
    }

    #[test]
    fn closed_form_moments() {
        let lu = d(
            10.0,
            Some(1.0),
            Some(100.0),
            "loguniform",
            Support::POSITIVE,
        );
        close(lu.mean(), 99.0 / 100f64.ln(), "loguniform mean");
    }

    #[test]
    fn validation_errors() {
        // log shapes need positive parameters
        assert!(matches!(
            new(
                1.0,
                Some(0.0),
                Some(2.0),
                "loguniform",
                Support::NON_NEGATIVE
            ),
            Err(DistError::NotPositive { what: "min", .. })
        ));
    }
}
