//! `beta(a=X,b=Y)`: a beta distribution scaled to `[min, max]` (also the family of `pert`).

use super::fixed::point;
use super::{
    DistError, Distribution, Shape, ShapeError, Spec, check_finite, parse_number, require_range,
};
use statrs::function::beta::{beta_reg, inv_beta_reg};

/// Beta(alpha, beta) scaled to `[lo, hi]`; covers `pert` and `beta(a,b)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BetaParams {
    pub(super) alpha: f64,
    pub(super) beta: f64,
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) width: f64,
}

/// The parameters of `beta(a=X,b=Y)` (also `;`-separated, in either order).
pub(super) fn parse(args: Option<&str>) -> Result<Shape, ShapeError> {
    const EXPECTED: &str = "beta(a=X,b=Y)";
    let bad = |text: &str| ShapeError::BadParameters {
        shape: "beta",
        text: text.to_string(),
        expected: EXPECTED,
    };
    let args = args.unwrap_or("");
    let (mut a, mut b) = (None, None);
    for part in args.split([',', ';']) {
        let (k, v) = part.split_once('=').ok_or_else(|| bad(args))?;
        let slot = match k {
            "a" => &mut a,
            "b" => &mut b,
            _ => return Err(bad(args)),
        };
        if slot.is_some() {
            return Err(bad(args));
        }
        *slot = Some(parse_number("beta", v)?);
    }
    match (a, b) {
        (Some(a), Some(b)) => Ok(Shape::Beta { a, b }),
        _ => Err(bad(args)),
    }
}

/// `beta(a=sa,b=sb)` from a checked specification.
pub(super) fn build(s: &Spec, sa: &f64, sb: &f64) -> Result<Distribution, DistError> {
    if !(sa.is_finite() && sb.is_finite() && *sa > 0.0 && *sb > 0.0) {
        return Err(DistError::BadBetaShape { a: *sa, b: *sb });
    }
    let (a, b) = require_range(s.shape, s.min, s.max)?;
    Ok(if a == b {
        point(s.best)
    } else {
        Distribution::beta(*sa, *sb, a, b)?
    })
}

impl Distribution {
    pub(super) fn beta(alpha: f64, beta: f64, lo: f64, hi: f64) -> Result<Self, DistError> {
        check_finite("min", lo)?;
        check_finite("max", hi)?;
        let width = check_finite("max - min", hi - lo)?;
        Ok(Distribution::Beta(BetaParams {
            alpha,
            beta,
            lo,
            hi,
            width,
        }))
    }
}

impl BetaParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        (self.lo + self.width * inv_beta_reg(self.alpha, self.beta, u)).clamp(self.lo, self.hi)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        let y = ((x - self.lo) / self.width).clamp(0.0, 1.0);
        beta_reg(self.alpha, self.beta, y)
    }

    pub(super) fn mean(&self) -> f64 {
        self.lo + self.width * self.alpha / (self.alpha + self.beta)
    }

    pub(super) fn variance(&self) -> f64 {
        let s = self.alpha + self.beta;
        self.width * self.width * self.alpha * self.beta / (s * s * (s + 1.0))
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::beta(self.alpha, self.beta, self.lo * k, self.hi * k)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_pinned, close, d, sh};
    use super::super::{DistError, Shape, Support};

    #[test]
    fn pinned_quantiles() {
        // beta(2,5) on [0,1]: mpmath
        check_pinned(
            "beta(2,5)",
            &d(0.2, Some(0.0), Some(1.0), "beta(a=2,b=5)", Support::UNIT),
            [
                0.092_595_258_913_128_75,
                0.264_449_983_295_659_96,
                0.510_316_306_551_491_6,
            ],
            1e-9,
        );
        // beta(3,1) on [10, 20]: 10 + 10·u^(1/3)
        check_pinned(
            "beta(3,1)",
            &d(
                15.0,
                Some(10.0),
                Some(20.0),
                "beta(a=3,b=1)",
                Support::NON_NEGATIVE,
            ),
            [0.1, 0.5, 0.9].map(|u: f64| 10.0 + 10.0 * u.powf(1.0 / 3.0)),
            1e-10,
        );
    }

    #[test]
    fn closed_form_moments() {
        let b = d(
            12.0,
            Some(10.0),
            Some(20.0),
            "beta(a=2,b=5)",
            Support::NON_NEGATIVE,
        );
        close(b.mean(), 10.0 + 10.0 * 2.0 / 7.0, "beta mean");
        close(b.variance(), 100.0 * 10.0 / (49.0 * 8.0), "beta var");
    }

    #[test]
    fn validation_errors() {
        assert!(matches!(
            sh(Shape::Beta { a: 0.0, b: 2.0 }),
            Err(DistError::BadBetaShape { .. })
        ));
        assert!(matches!(
            sh(Shape::Beta { a: 2.0, b: -1.0 }),
            Err(DistError::BadBetaShape { .. })
        ));
    }
}
