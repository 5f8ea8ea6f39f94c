//! Standard-normal helpers (special functions from statrs) and the truncation [`Window`]
//! shared by the normal and lognormal families.

use std::f64::consts::{PI, SQRT_2};

use statrs::function::erf::{erfc, erfc_inv};

/// Standard normal CDF Φ(x) = erfc(-x/√2)/2 (exact at ±inf).
#[inline]
pub(super) fn phi_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Standard normal quantile Φ⁻¹(p) = -√2 · erfc⁻¹(2p).  Accurate in the lower
/// tail (small `p`); callers arrange to stay there (see [`Window`]).
#[inline]
pub(super) fn phi_inv(p: f64) -> f64 {
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// Standard normal density; 0 at ±inf.
#[inline]
pub(super) fn phi_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// x·φ(x), defined as 0 at ±inf (the limit).
pub(super) fn x_phi_pdf(x: f64) -> f64 {
    if x.is_finite() { x * phi_pdf(x) } else { 0.0 }
}

/// Φ(b) - Φ(a) for a <= b, computed on the side of the distribution where
/// the subtraction does not cancel: for a > 0 both ends are in the upper tail
/// and Φ(b) - Φ(a) = Φ(-a) - Φ(-b).
pub(super) fn phi_interval(a: f64, b: f64) -> f64 {
    if a > 0.0 {
        phi_cdf(-a) - phi_cdf(-b)
    } else {
        phi_cdf(b) - phi_cdf(a)
    }
}

/// A standard normal truncated to the standardised window `[alpha, beta]`,
/// inverted as z(u) = s · Φ⁻¹(p0 + u·dp) with s = ±1.
///
/// Inverse transform on the truncated CDF (Devroye 1986, §II.2; see also
/// Botev 2017, JRSS B 79, for the tail issue): if the whole window lies in
/// the upper tail (alpha > 0) we reflect (s = -1) and work with the survival
/// function, so that the probabilities handled are small numbers that keep
/// full relative precision instead of values near 1.
///
/// Through [`Distribution::new`] the mean (median) always lies inside the
/// window, because `best` must lie in `[min, max]` and in the support, so
/// the reflected branch is reached only by the internal constructors (and
/// is tested directly); it costs one multiplication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Window {
    pub(super) alpha: f64,
    pub(super) beta: f64,
    pub(super) sign: f64,
    pub(super) p0: f64,
    pub(super) dp: f64,
}

impl Window {
    pub(super) fn new(alpha: f64, beta: f64) -> Option<Window> {
        let sign = if alpha > 0.0 { -1.0 } else { 1.0 };
        let p0 = phi_cdf(sign * alpha);
        let dp = phi_cdf(sign * beta) - p0;
        (dp.abs() > 0.0 && dp.is_finite()).then_some(Window {
            alpha,
            beta,
            sign,
            p0,
            dp,
        })
    }

    #[inline]
    pub(super) fn z(&self, u: f64) -> f64 {
        self.sign * phi_inv(self.p0 + u * self.dp)
    }

    pub(super) fn cdf(&self, z: f64) -> f64 {
        ((phi_cdf(self.sign * z) - self.p0) / self.dp).clamp(0.0, 1.0)
    }

    pub(super) fn mass(&self) -> f64 {
        self.dp.abs()
    }

    pub(super) fn untruncated(&self) -> bool {
        self.alpha == f64::NEG_INFINITY && self.beta == f64::INFINITY
    }

    /// Mean and variance of the truncated standard normal (Johnson, Kotz &
    /// Balakrishnan 1994, *Continuous Univariate Distributions* vol. 1,
    /// ch. 13 §10.1).
    pub(super) fn moments(&self) -> (f64, f64) {
        if self.untruncated() {
            return (0.0, 1.0);
        }
        let z = self.mass();
        let m = (phi_pdf(self.alpha) - phi_pdf(self.beta)) / z;
        let v = 1.0 + (x_phi_pdf(self.alpha) - x_phi_pdf(self.beta)) / z - m * m;
        (m, v.max(0.0))
    }
}
