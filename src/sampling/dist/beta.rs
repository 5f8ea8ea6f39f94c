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
