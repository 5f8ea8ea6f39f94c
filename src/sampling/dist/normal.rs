//! `normal` and `truncnormal`: a normal truncated to the support (`normal`) or to
//! `[min, max]` (`truncnormal`), inverted on the truncated CDF.

use super::fixed::point;
use super::stdnormal::Window;
use super::{
    DistError, Distribution, Shape, Spec, Z_975, check_finite, highest_member, lowest_member,
    require_range, unbounded,
};

/// Normal(mu, sd) truncated to `[lo, hi]` (possibly infinite ends); covers
/// both `normal` (truncated to the support only) and `truncnormal`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NormalParams {
    pub(super) mu: f64,
    pub(super) sd: f64,
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) lo_open: bool,
    pub(super) hi_open: bool,
    /// clamp limits: the extreme members of the truncation interval
    pub(super) q_lo: f64,
    pub(super) q_hi: f64,
    pub(super) window: Window,
}

/// `normal` / `truncnormal` (with `sd` if given) from a checked specification.
pub(super) fn build(s: &Spec, sd: &Option<f64>) -> Result<Distribution, DistError> {
    let Spec {
        best,
        min,
        max,
        shape,
        support,
        ..
    } = *s;
    let sd = match sd {
        Some(s) => {
            check_finite("sd", *s)?;
            if *s <= 0.0 {
                return Err(DistError::NonPositiveSd { sd: *s });
            }
            *s
        }
        None => {
            let (a, b) = require_range(shape, min, max)?;
            if a == b {
                return Ok(point(best));
            }
            (b - a) / (2.0 * Z_975)
        }
    };
    let (lo, lo_open, hi, hi_open) = if matches!(shape, Shape::TruncNormal { .. }) {
        (
            min.unwrap_or(support.lo),
            min.is_none() && support.lo_open,
            max.unwrap_or(support.hi),
            max.is_none() && support.hi_open,
        )
    } else {
        (support.lo, support.lo_open, support.hi, support.hi_open)
    };
    if lo == hi {
        return Ok(point(best));
    }
    Distribution::normal(best, sd, lo, lo_open, hi, hi_open)
}

impl Distribution {
    pub(super) fn normal(
        mu: f64,
        sd: f64,
        lo: f64,
        lo_open: bool,
        hi: f64,
        hi_open: bool,
    ) -> Result<Self, DistError> {
        check_finite("mean", mu)?;
        check_finite("sd", sd)?;
        let window =
            Window::new((lo - mu) / sd, (hi - mu) / sd).ok_or(DistError::NoMass { lo, hi })?;
        Ok(Distribution::Normal(NormalParams {
            mu,
            sd,
            lo,
            hi,
            lo_open,
            hi_open,
            q_lo: lowest_member(lo, lo_open),
            q_hi: highest_member(hi, hi_open),
            window,
        }))
    }
}

impl NormalParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        (self.mu + self.sd * self.window.z(u)).clamp(self.q_lo, self.q_hi)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x < self.lo {
            0.0
        } else if x >= self.hi {
            1.0
        } else {
            self.window.cdf((x - self.mu) / self.sd)
        }
    }

    pub(super) fn mean(&self) -> f64 {
        self.mu + self.sd * self.window.moments().0
    }

    pub(super) fn variance(&self) -> f64 {
        self.sd * self.sd * self.window.moments().1
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (unbounded(self.q_lo), unbounded(self.q_hi))
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::normal(
            self.mu * k,
            self.sd * k,
            self.lo * k,
            self.lo_open,
            self.hi * k,
            self.hi_open,
        )
    }
}
