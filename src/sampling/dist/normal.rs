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

#[cfg(test)]
mod tests {
    use super::super::tests::{Z90, check_pinned, close, d, sh};
    use super::super::{DistError, Distribution, Shape, Support, U_MIN};
    use std::f64::consts::PI;

    #[test]
    fn pinned_quantiles() {
        // normal mean 10, [6, 14] as 95 % interval: sd = 4/1.959964
        let sd = 4.0 / 1.959_963_984_540_054;
        check_pinned(
            "normal",
            &d(10.0, Some(6.0), Some(14.0), "normal", Support::REAL),
            [10.0 - sd * Z90, 10.0, 10.0 + sd * Z90],
            1e-12,
        );
        // N(0,1) truncated to [-1, 2]: mpmath, Φ⁻¹(Φ(-1) + u(Φ(2) - Φ(-1)))
        check_pinned(
            "truncnormal",
            &d(
                0.0,
                Some(-1.0),
                Some(2.0),
                "truncnormal(sd=1)",
                Support::REAL,
            ),
            [
                -0.704_647_821_094_745_2,
                0.171_163_918_017_824_77,
                1.255_715_364_150_215_2,
            ],
            1e-10,
        );
        // N(0,1) truncated to [3, 5] (upper-tail branch), built with the
        // internal constructor; mpmath values
        let tail = Distribution::normal(0.0, 1.0, 3.0, false, 5.0, false).unwrap();
        check_pinned(
            "truncnormal tail",
            &tail,
            [
                3.031_940_147_748_348,
                3.205_093_808_209_979,
                3.642_030_914_652_575,
            ],
            1e-10,
        );
    }

    #[test]
    fn closed_form_moments() {
        let n = d(1.0, None, None, "normal(sd=2)", Support::REAL);
        close(n.mean(), 1.0, "normal mean");
        close(n.variance(), 4.0, "normal var");
        // symmetric truncation at ±1 sd: mean = mu; variance = 1 - 2φ(1)/(Φ(1)-Φ(-1))
        let tn = d(
            0.0,
            Some(-1.0),
            Some(1.0),
            "truncnormal(sd=1)",
            Support::REAL,
        );
        let phi1 = (-0.5f64).exp() / (2.0 * PI).sqrt();
        close(tn.mean(), 0.0, "truncnormal mean");
        close(
            tn.variance(),
            1.0 - 2.0 * phi1 / 0.682_689_492_137_085_9,
            "tn var",
        );
        // half-normal (normal(0, 1) on [0, inf)): mean √(2/π), var 1 - 2/π
        let h = d(0.0, None, None, "normal(sd=1)", Support::NON_NEGATIVE);
        close(h.mean(), (2.0 / PI).sqrt(), "half-normal mean");
        close(h.variance(), 1.0 - 2.0 / PI, "half-normal var");
    }

    #[test]
    fn open_support_end_is_never_hit() {
        // grade support (0, 1]: normals with mass near the excluded 0; the
        // raw formula mu + sd·z rounds to <= 0 at u -> 0 for many of these,
        // so the clamp must go to the next double above 0, not to 0
        for i in 1..200 {
            let mu = i as f64 / 200.0;
            for sd in [0.01, 0.3, 3.0] {
                let g = Distribution::new(
                    mu,
                    None,
                    None,
                    &Shape::Normal { sd: Some(sd) },
                    Support::FRACTION_OPEN_LOW,
                )
                .unwrap();
                for u in [0.0, 1e-300, U_MIN, 1e-10, 0.5, 1.0] {
                    let x = g.quantile(u);
                    assert!(x > 0.0 && x <= 1.0, "mu {mu} sd {sd}: q({u}) = {x}");
                }
            }
        }
    }

    #[test]
    fn far_upper_tail_window_keeps_precision() {
        // N(0,1) on [9, 10]: Φ(9) rounds to 1 in double precision, so only
        // the reflected (survival-function) form can represent this window.
        // mpmath: median = Φ⁻¹(Φ(9) + (Φ(10) - Φ(9))/2) = 9.0757797137385441...
        let w = Distribution::normal(0.0, 1.0, 9.0, false, 10.0, false).unwrap();
        let med = w.quantile(0.5);
        assert!((med - 9.075_779_713_738_544).abs() < 1e-9, "{med}");
        assert!((w.cdf(med) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn validation_errors() {
        assert!(matches!(
            sh(Shape::Normal { sd: Some(f64::NAN) }),
            Err(DistError::NonFinite { what: "sd", .. })
        ));
        assert!(matches!(
            sh(Shape::Normal { sd: Some(0.0) }),
            Err(DistError::NonPositiveSd { .. })
        ));
        assert!(matches!(
            sh(Shape::TruncNormal { sd: Some(-1.0) }),
            Err(DistError::NonPositiveSd { .. })
        ));
        // truncation without mass
        assert!(matches!(
            Distribution::new(
                0.0,
                Some(0.0),
                Some(1e-300),
                &Shape::TruncNormal { sd: Some(1.0) },
                Support::REAL
            ),
            Err(DistError::NoMass { .. })
        ));
    }
}
