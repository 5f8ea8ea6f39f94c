//! `empirical(X1;X2;...)`: equal weight on the listed values; the quantile is the order
//! statistic (a step function).

use super::fixed::FixedParams;
use super::{DistError, Distribution, Shape, ShapeError, Spec, check_finite, parse_number};

/// Equal weight on listed values (kept sorted).
#[derive(Clone, Debug, PartialEq)]
pub struct EmpiricalParams {
    pub(super) sorted: Box<[f64]>,
    pub(super) n: f64,
}

/// The values of `empirical(X1;X2;...)` (`;` or `,` between them).
pub(super) fn parse(args: Option<&str>) -> Result<Shape, ShapeError> {
    let args = args.unwrap_or("");
    if args.is_empty() {
        return Err(ShapeError::BadParameters {
            shape: "empirical",
            text: args.to_string(),
            expected: "empirical(X1;X2;...) with at least one value",
        });
    }
    args.split([';', ','])
        .map(|v| parse_number("empirical", v))
        .collect::<Result<Vec<_>, _>>()
        .map(Shape::Empirical)
}

/// `empirical(values)` from a checked specification: every value finite, in the support and
/// in `[min, max]`.
pub(super) fn build(s: &Spec, values: &[f64]) -> Result<Distribution, DistError> {
    let Spec {
        support,
        lo_or_inf,
        hi_or_inf,
        ..
    } = *s;
    if values.is_empty() {
        return Err(DistError::EmptyEmpirical);
    }
    for &v in values {
        check_finite("empirical value", v)?;
        if !support.contains(v) {
            return Err(DistError::OutsideSupport {
                what: "empirical value",
                value: v,
                support,
            });
        }
        if v < lo_or_inf || v > hi_or_inf {
            return Err(DistError::EmpiricalOutsideRange {
                value: v,
                min: lo_or_inf,
                max: hi_or_inf,
            });
        }
    }
    Ok(Distribution::empirical(values.to_vec()))
}

impl Distribution {
    pub(super) fn empirical(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        if values[0] == values[values.len() - 1] {
            return Distribution::Fixed(FixedParams { value: values[0] });
        }
        let n = values.len() as f64;
        Distribution::Empirical(EmpiricalParams {
            sorted: values.into_boxed_slice(),
            n,
        })
    }
}

impl EmpiricalParams {
    #[inline]
    pub(super) fn quantile(&self, u: f64) -> f64 {
        // Generalised inverse of the step CDF: the ⌈n·u⌉-th order
        // statistic.  The factor (1 - 4ε) absorbs the rounding in
        // n·u so that u = k/n maps to the k-th value, which makes
        // quantile(cdf(x)) == x on the listed values.
        let k = (u * self.n * (1.0 - 4.0 * f64::EPSILON)).ceil() as usize;
        self.sorted[k.clamp(1, self.sorted.len()) - 1]
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        self.sorted.partition_point(|&v| v <= x) as f64 / self.n
    }

    pub(super) fn mean(&self) -> f64 {
        self.sorted.iter().sum::<f64>() / self.n
    }

    /// The population variance of the listed values.
    pub(super) fn variance(&self) -> f64 {
        let m = self.mean();
        self.sorted.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / self.n
    }

    pub(super) fn bounds(&self) -> (f64, f64) {
        (self.sorted[0], self.sorted[self.sorted.len() - 1])
    }

    pub(super) fn scaled(&self, k: f64) -> Result<Distribution, DistError> {
        let values = self
            .sorted
            .iter()
            .map(|v| check_finite("scaled empirical value", v * k))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Distribution::empirical(values))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_pinned, close, d, new, sh};
    use super::super::{DistError, Shape, Support};

    #[test]
    fn pinned_quantiles() {
        // empirical, 5 values: ⌈5u⌉-th order statistic → 1st, 3rd, 5th
        check_pinned(
            "empirical",
            &d(
                2.0,
                None,
                None,
                "empirical(5;1.5;2;1.2;3)",
                Support::NON_NEGATIVE,
            ),
            [1.2, 2.0, 5.0],
            0.0,
        );
    }

    #[test]
    fn closed_form_moments() {
        let e = d(2.0, None, None, "empirical(1;2;3;6)", Support::NON_NEGATIVE);
        close(e.mean(), 3.0, "empirical mean");
        close(e.variance(), (4.0 + 1.0 + 0.0 + 9.0) / 4.0, "empirical var");
    }

    #[test]
    fn validation_errors() {
        assert!(matches!(
            new(0.5, None, None, "empirical(0.5;1.5)", Support::UNIT),
            Err(DistError::OutsideSupport {
                what: "empirical value",
                ..
            })
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![1.0, f64::NAN])),
            Err(DistError::NonFinite { .. })
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![])),
            Err(DistError::EmptyEmpirical)
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![1.0, 3.0])),
            Err(DistError::EmpiricalOutsideRange { value: 3.0, .. })
        ));
    }
}
