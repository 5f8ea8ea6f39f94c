//! `triangular`: triangular on `[min, max]` with mode `best`.

use super::fixed::point;
use super::{DistError, Distribution, Spec, check_finite, require_range};

/// Triangular on `[a, b]` with mode `c`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TriangularParams {
    pub(super) a: f64,
    pub(super) c: f64,
    pub(super) b: f64,
    /// F(c) = (c - a)/(b - a)
    pub(super) fc: f64,
    /// (b - a)(c - a)
    pub(super) k_left: f64,
    /// (b - a)(b - c)
    pub(super) k_right: f64,
}

/// `triangular` from a checked specification.
pub(super) fn build(s: &Spec) -> Result<Distribution, DistError> {
    let (a, b) = require_range(s.shape, s.min, s.max)?;
    Ok(if a == b {
        point(s.best)
    } else {
        Distribution::triangular(a, s.best, b)?
    })
}

impl Distribution {
    pub(super) fn triangular(a: f64, c: f64, b: f64) -> Result<Self, DistError> {
        check_finite("min", a)?;
        check_finite("best", c)?;
        check_finite("max", b)?;
        let w = check_finite("max - min", b - a)?;
        Ok(Distribution::Triangular(TriangularParams {
            a,
            c,
            b,
            fc: (c - a) / w,
            k_left: w * (c - a),
            k_right: w * (b - c),
        }))
    }
}

impl TriangularParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        // Inverse of the piecewise-quadratic CDF (e.g. Kotz & van
        // Dorp 2004, *Beyond Beta*, ch. 1).
        let x = if u < self.fc {
            self.a + (u * self.k_left).sqrt()
        } else {
            self.b - ((1.0 - u) * self.k_right).sqrt()
        };
        x.clamp(self.a, self.b)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x <= self.a {
            0.0
        } else if x >= self.b {
            1.0
        } else if x <= self.c {
            (x - self.a) * (x - self.a) / self.k_left
        } else {
            1.0 - (self.b - x) * (self.b - x) / self.k_right
        }
    }

    pub(super) fn mean(&self) -> f64 {
        (self.a + self.b + self.c) / 3.0
    }

    pub(super) fn variance(&self) -> f64 {
        let (a, b, c) = (self.a, self.b, self.c);
        ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).max(0.0)
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.a, self.b)
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        Distribution::triangular(self.a * k, self.c * k, self.b * k)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Support;
    use super::super::tests::{check_pinned, close, d};

    #[test]
    fn pinned_quantiles() {
        // triangular a=1, c=2, b=5: F(c) = 1/4; left: 1 + √(4u), right: 5 - √(12(1-u))
        check_pinned(
            "triangular",
            &d(
                2.0,
                Some(1.0),
                Some(5.0),
                "triangular",
                Support::NON_NEGATIVE,
            ),
            [
                1.0 + 0.4f64.sqrt(),
                5.0 - 6.0f64.sqrt(),
                5.0 - 1.2f64.sqrt(),
            ],
            1e-14,
        );
    }

    #[test]
    fn closed_form_moments() {
        let t = d(
            2.0,
            Some(1.0),
            Some(5.0),
            "triangular",
            Support::NON_NEGATIVE,
        );
        close(t.mean(), 8.0 / 3.0, "triangular mean");
        close(
            t.variance(),
            (1.0 + 25.0 + 4.0 - 5.0 - 2.0 - 10.0) / 18.0,
            "tri var",
        );
    }
}
