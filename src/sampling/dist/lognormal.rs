//! `lognormal`: median `best` with `gsd`, or `[min, max]` read as the central 95 % interval;
//! truncated to the support.

use super::fixed::point;
use super::stdnormal::{Window, phi_interval};
use super::{
    DistError, Distribution, Spec, Z_975, check_finite, highest_member, lowest_member,
    require_range, unbounded,
};

/// LogNormal: ln X ~ Normal(mu, sigma), X truncated to `[lo, hi]` ∩ (0, inf).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogNormalParams {
    pub(super) mu: f64,
    pub(super) sigma: f64,
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) lo_open: bool,
    pub(super) hi_open: bool,
    pub(super) q_lo: f64,
    pub(super) q_hi: f64,
    pub(super) window: Window,
}

/// `lognormal` (with `gsd` if given) from a checked specification.
pub(super) fn build(s: &Spec, gsd: &Option<f64>) -> Result<Distribution, DistError> {
    let Spec {
        best,
        min,
        max,
        shape,
        support,
        ..
    } = *s;
    let (mu, sigma) = match gsd {
        Some(g) => {
            check_finite("gsd", *g)?;
            if *g <= 1.0 {
                return Err(DistError::GsdNotAboveOne { gsd: *g });
            }
            if best <= 0.0 {
                return Err(DistError::NotPositive {
                    shape: "lognormal",
                    what: "best",
                    value: best,
                });
            }
            (best.ln(), g.ln())
        }
        None => {
            let (a, b) = require_range(shape, min, max)?;
            if a <= 0.0 {
                return Err(DistError::NotPositive {
                    shape: "lognormal",
                    what: "min",
                    value: a,
                });
            }
            if a == b {
                return Ok(point(best));
            }
            (0.5 * (a.ln() + b.ln()), (b.ln() - a.ln()) / (2.0 * Z_975))
        }
    };
    Distribution::lognormal(
        mu,
        sigma,
        support.lo,
        support.lo_open,
        support.hi,
        support.hi_open,
    )
}

impl Distribution {
    pub(super) fn lognormal(
        mu: f64,
        sigma: f64,
        lo: f64,
        lo_open: bool,
        hi: f64,
        hi_open: bool,
    ) -> Result<Self, DistError> {
        check_finite("ln median", mu)?;
        check_finite("ln gsd", sigma)?;
        if sigma <= 0.0 {
            return Err(DistError::GsdNotAboveOne { gsd: sigma.exp() });
        }
        if hi <= 0.0 {
            return Err(DistError::NoMass { lo, hi });
        }
        // A lognormal is > 0: below 0 there is nothing to truncate, and the
        // smallest value it may return is the smallest positive double
        // (exp underflow), or 0 itself if the support includes 0.
        let ln_lo = if lo > 0.0 { lo.ln() } else { f64::NEG_INFINITY };
        let q_lo = if lo > 0.0 {
            lowest_member(lo, lo_open)
        } else if lo == 0.0 && !lo_open {
            0.0
        } else {
            0.0f64.next_up()
        };
        let window = Window::new((ln_lo - mu) / sigma, (hi.ln() - mu) / sigma)
            .ok_or(DistError::NoMass { lo, hi })?;
        Ok(Distribution::LogNormal(LogNormalParams {
            mu,
            sigma,
            lo,
            hi,
            lo_open,
            hi_open,
            q_lo,
            q_hi: highest_member(hi, hi_open),
            window,
        }))
    }
}

impl LogNormalParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        (self.mu + self.sigma * self.window.z(u))
            .exp()
            .clamp(self.q_lo, self.q_hi)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 || x < self.lo {
            0.0
        } else if x >= self.hi {
            1.0
        } else {
            self.window.cdf((x.ln() - self.mu) / self.sigma)
        }
    }

    pub(super) fn mean(&self) -> f64 {
        lognormal_raw_moment(self, 1.0)
    }

    pub(super) fn variance(&self) -> f64 {
        if self.window.untruncated() {
            let s2 = self.sigma * self.sigma;
            s2.exp_m1() * (2.0 * self.mu + s2).exp()
        } else {
            let m1 = lognormal_raw_moment(self, 1.0);
            (lognormal_raw_moment(self, 2.0) - m1 * m1).max(0.0)
        }
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.q_lo, unbounded(self.q_hi))
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::lognormal(
            self.mu + k.ln(),
            self.sigma,
            self.lo * k,
            self.lo_open,
            self.hi * k,
            self.hi_open,
        )
    }
}

/// E[Xᵏ] of a truncated lognormal (JKB 1994 ch. 14; for the untruncated
/// window the ratio of normal masses is 1).
fn lognormal_raw_moment(p: &LogNormalParams, k: f64) -> f64 {
    let w = &p.window;
    let scale = (k * p.mu + 0.5 * k * k * p.sigma * p.sigma).exp();
    if w.untruncated() {
        return scale;
    }
    let ks = k * p.sigma;
    scale * phi_interval(w.alpha - ks, w.beta - ks) / w.mass()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{Z90, check_pinned, close, d, new, sh};
    use super::super::{DistError, Shape, Support};

    #[test]
    fn pinned_quantiles() {
        // lognormal median 2, gsd 1.5: 2·1.5^z
        check_pinned(
            "lognormal(gsd)",
            &d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE),
            [2.0 * 1.5f64.powf(-Z90), 2.0, 2.0 * 1.5f64.powf(Z90)],
            1e-12,
        );
        // lognormal from [1, 4]: median 2, q(0.975) = 4
        let lr = d(1.5, Some(1.0), Some(4.0), "lognormal", Support::POSITIVE);
        let sig = 4f64.ln() / (2.0 * 1.959_963_984_540_054);
        check_pinned(
            "lognormal(range)",
            &lr,
            [2.0 * (-sig * Z90).exp(), 2.0, 2.0 * (sig * Z90).exp()],
            1e-12,
        );
        assert!((lr.quantile(0.975) - 4.0).abs() < 1e-9);
        assert!((lr.quantile(0.025) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn closed_form_moments() {
        let l = d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE);
        let s2 = 1.5f64.ln().powi(2);
        close(l.mean(), 2.0 * (s2 / 2.0).exp(), "lognormal mean");
        close(
            l.variance(),
            4.0 * s2.exp() * (s2.exp() - 1.0),
            "lognormal var",
        );
    }

    #[test]
    fn open_support_end_is_never_hit() {
        // exp underflow of a very wide lognormal must not return 0 on (0, inf)
        let ln = d(1e-3, None, None, "lognormal(gsd=1e40)", Support::POSITIVE);
        assert!(ln.quantile(0.0) > 0.0 && ln.quantile(1.0).is_finite());
        assert!(Support::POSITIVE.contains(ln.quantile(0.0)));
    }

    #[test]
    fn validation_errors() {
        let s = Support::NON_NEGATIVE;
        // log shapes need positive parameters
        assert!(matches!(
            new(1.0, Some(0.0), Some(2.0), "lognormal", s),
            Err(DistError::NotPositive { what: "min", .. })
        ));
        assert!(matches!(
            new(0.0, None, None, "lognormal(gsd=2)", s),
            Err(DistError::NotPositive { what: "best", .. })
        ));
        assert!(matches!(
            sh(Shape::LogNormal { gsd: Some(1.0) }),
            Err(DistError::GsdNotAboveOne { .. })
        ));
        assert!(matches!(
            sh(Shape::LogNormal { gsd: Some(0.5) }),
            Err(DistError::GsdNotAboveOne { .. })
        ));
    }
}
