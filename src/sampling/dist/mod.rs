//! Validated probability distributions, sampled by inverse transform.
//!
//! Every uncertain quantity of the dataset is given as a best estimate, an
//! optional `min`/`max` and a shape string.  [`Distribution::new`] validates
//! that triple against the physical [`Support`] of the quantity and
//! precomputes everything the hot path needs, so that
//! [`Distribution::quantile`] maps a uniform `u` in (0,1) to a value without
//! allocation and with few branches.  Monte Carlo, Latin hypercube and
//! scrambled Sobol' designs all drive the model through `u`
//! (inverse-transform method, Devroye 1986, *Non-Uniform Random Variate
//! Generation*, §II.2.1).
//!
//! One file per family (its parameters, constructor and validation, quantile, CDF, moments
//! and tests): `fixed.rs`, `uniform.rs`, `triangular.rs`, `pert.rs`, `normal.rs` (also
//! `truncnormal`), `lognormal.rs`, `loguniform.rs`, `beta.rs`, `empirical.rs`. This file holds
//! what they share ([`Support`], [`Shape`] and its parsing, [`DistError`], the checks common to
//! every shape) and the *registry*: the section that maps shape names to families. A new
//! family is one new file plus its lines in the registry.

use std::fmt;
use std::str::FromStr;

mod batch;
mod beta;
mod empirical;
mod fixed;
mod lognormal;
mod loguniform;
mod normal;
mod pert;
mod stdnormal;
mod triangular;
mod uniform;

#[cfg(test)]
mod tests;

pub use batch::QuantileBatch;
pub use beta::BetaParams;
pub use empirical::EmpiricalParams;
pub use fixed::FixedParams;
pub use lognormal::LogNormalParams;
pub use loguniform::LogUniformParams;
pub use normal::NormalParams;
pub use triangular::TriangularParams;
pub use uniform::UniformParams;

/// Upper 97.5 % point of the standard normal, Φ⁻¹(0.975) = 1.959964 (to
/// 16 digits).  A `[min, max]` given without `sd`/`gsd` is read as the central
/// 95 % interval, so `sd = (max - min) / (2 · Z_975)`.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// Smallest `u` that [`Distribution::quantile`] uses (2⁻⁵³); smaller inputs,
/// including 0, are clamped to it.
pub const U_MIN: f64 = f64::EPSILON / 2.0;
/// Largest `u` that [`Distribution::quantile`] uses (1 - 2⁻⁵³, the largest
/// double below 1); larger inputs, including 1, are clamped to it.
pub const U_MAX: f64 = 1.0 - f64::EPSILON / 2.0;

// ---------------------------------------------------------------------------
// Support
// ---------------------------------------------------------------------------

/// Physical support of the quantity (a grade in (0,1\], a share in \[0,1\], masses >= 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Support {
    pub lo: f64,
    pub hi: f64,
    pub lo_open: bool,
    pub hi_open: bool,
}

impl Support {
    /// `[0, inf)`: masses, energies, flows.
    pub const NON_NEGATIVE: Support = Support {
        lo: 0.0,
        hi: f64::INFINITY,
        lo_open: false,
        hi_open: true,
    };
    /// `(0, 1]`: ore grades, yields (a grade of zero would mean infinite ore).
    pub const FRACTION_OPEN_LOW: Support = Support {
        lo: 0.0,
        hi: 1.0,
        lo_open: true,
        hi_open: false,
    };
    /// `[0, 1]`: shares, recycling rates.
    pub const UNIT: Support = Support {
        lo: 0.0,
        hi: 1.0,
        lo_open: false,
        hi_open: false,
    };
    /// `(0, inf)`: strictly positive quantities.
    pub const POSITIVE: Support = Support {
        lo: 0.0,
        hi: f64::INFINITY,
        lo_open: true,
        hi_open: true,
    };
    /// `(-inf, inf)`: unrestricted (e.g. a net balance).
    pub const REAL: Support = Support {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
        lo_open: true,
        hi_open: true,
    };

    /// Whether `x` lies in the support; NaN never does, and an infinite value
    /// only if that end is closed.
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.lo_open {
            x > self.lo
        } else {
            x >= self.lo
        };
        let below = if self.hi_open {
            x < self.hi
        } else {
            x <= self.hi
        };
        above && below
    }

    /// A support is usable when its ends are not NaN, `lo <= hi`, and it
    /// contains at least one number.
    fn is_valid(&self) -> bool {
        !(self.lo.is_nan() || self.hi.is_nan())
            && (self.lo < self.hi || (self.lo == self.hi && !self.lo_open && !self.hi_open))
    }
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}, {}{}",
            if self.lo_open { '(' } else { '[' },
            self.lo,
            self.hi,
            if self.hi_open { ')' } else { ']' }
        )
    }
}

// ---------------------------------------------------------------------------
// Shape (the textual form)
// ---------------------------------------------------------------------------

/// The shape as written in a CSV cell or a TOML spec.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Fixed,
    Uniform,
    Triangular,
    Pert,
    Normal { sd: Option<f64> },
    TruncNormal { sd: Option<f64> },
    LogNormal { gsd: Option<f64> },
    LogUniform,
    Beta { a: f64, b: f64 },
    Empirical(Vec<f64>),
}

/// Accepted spellings, quoted in every parse error.
pub const ACCEPTED_SHAPES: &str = "fixed, uniform, triangular, pert, normal, normal(sd=X), \
     truncnormal, truncnormal(sd=X), lognormal, lognormal(gsd=X), loguniform, \
     beta(a=X,b=Y), empirical(X1;X2;...)";

/// Why a shape string could not be parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum ShapeError {
    /// The cell was empty (the caller decides the default shape, not the parser).
    Empty,
    /// Not one of the accepted names.
    Unknown { text: String },
    /// Known name, but its parenthesised parameters are wrong.
    BadParameters {
        shape: &'static str,
        text: String,
        expected: &'static str,
    },
    /// A parameter that is not a finite number.
    BadNumber { shape: &'static str, text: String },
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::Empty => write!(
                f,
                "empty distribution shape; write one of: {ACCEPTED_SHAPES}"
            ),
            ShapeError::Unknown { text } => write!(
                f,
                "unknown distribution shape `{text}`; accepted: {ACCEPTED_SHAPES} \
                 (case-insensitive, spaces allowed)"
            ),
            ShapeError::BadParameters {
                shape,
                text,
                expected,
            } => write!(
                f,
                "bad parameters `{text}` for shape `{shape}`; write it as {expected} \
                 (accepted shapes: {ACCEPTED_SHAPES})"
            ),
            ShapeError::BadNumber { shape, text } => write!(
                f,
                "`{text}` in shape `{shape}` is not a finite number; use a plain decimal \
                 such as 0.3 or 1.5e-2"
            ),
        }
    }
}

impl std::error::Error for ShapeError {}

fn parse_number(shape: &'static str, text: &str) -> Result<f64, ShapeError> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(ShapeError::BadNumber {
            shape,
            text: text.to_string(),
        }),
    }
}

/// Parses the argument list of `normal(sd=…)`-like shapes: empty, or exactly
/// `key=value`.
fn parse_single_key(
    shape: &'static str,
    key: &str,
    args: Option<&str>,
    expected: &'static str,
) -> Result<Option<f64>, ShapeError> {
    let Some(args) = args.filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    match args.split_once('=') {
        Some((k, v)) if k == key => parse_number(shape, v).map(Some),
        _ => Err(ShapeError::BadParameters {
            shape,
            text: args.to_string(),
            expected,
        }),
    }
}

fn no_parameters(shape: &'static str, args: Option<&str>) -> Result<(), ShapeError> {
    match args {
        None | Some("") => Ok(()),
        Some(a) => Err(ShapeError::BadParameters {
            shape,
            text: a.to_string(),
            expected: "the bare name without parentheses (its parameters come from best/min/max)",
        }),
    }
}

impl FromStr for Shape {
    type Err = ShapeError;

    /// Case-insensitive; all whitespace is ignored.  Parameter lists may use
    /// `,` or `;` as separators (`;` keeps CSV cells unquoted).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.is_empty() {
            return Err(ShapeError::Empty);
        }
        let (name, args) = match compact.find('(') {
            Some(i) if compact.ends_with(')') => {
                (&compact[..i], Some(&compact[i + 1..compact.len() - 1]))
            }
            Some(_) => {
                return Err(ShapeError::Unknown {
                    text: s.trim().to_string(),
                });
            }
            None => (compact.as_str(), None),
        };
        match name {
            "fixed" => no_parameters("fixed", args).map(|_| Shape::Fixed),
            "uniform" => no_parameters("uniform", args).map(|_| Shape::Uniform),
            "triangular" => no_parameters("triangular", args).map(|_| Shape::Triangular),
            "pert" => no_parameters("pert", args).map(|_| Shape::Pert),
            "loguniform" => no_parameters("loguniform", args).map(|_| Shape::LogUniform),
            "normal" => parse_single_key("normal", "sd", args, "normal or normal(sd=X)")
                .map(|sd| Shape::Normal { sd }),
            "truncnormal" => parse_single_key(
                "truncnormal",
                "sd",
                args,
                "truncnormal or truncnormal(sd=X)",
            )
            .map(|sd| Shape::TruncNormal { sd }),
            "lognormal" => {
                parse_single_key("lognormal", "gsd", args, "lognormal or lognormal(gsd=X)")
                    .map(|gsd| Shape::LogNormal { gsd })
            }
            "beta" => beta::parse(args),
            "empirical" => empirical::parse(args),
            _ => Err(ShapeError::Unknown {
                text: s.trim().to_string(),
            }),
        }
    }
}

impl fmt::Display for Shape {
    /// Canonical spelling; `s.to_string().parse::<Shape>() == Ok(s)` for every
    /// shape with finite parameters (and a non-empty empirical list).  Rust's
    /// `f64` formatting is shortest-round-trip, so numbers survive exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Fixed => f.write_str("fixed"),
            Shape::Uniform => f.write_str("uniform"),
            Shape::Triangular => f.write_str("triangular"),
            Shape::Pert => f.write_str("pert"),
            Shape::LogUniform => f.write_str("loguniform"),
            Shape::Normal { sd: None } => f.write_str("normal"),
            Shape::Normal { sd: Some(sd) } => write!(f, "normal(sd={sd})"),
            Shape::TruncNormal { sd: None } => f.write_str("truncnormal"),
            Shape::TruncNormal { sd: Some(sd) } => write!(f, "truncnormal(sd={sd})"),
            Shape::LogNormal { gsd: None } => f.write_str("lognormal"),
            Shape::LogNormal { gsd: Some(g) } => write!(f, "lognormal(gsd={g})"),
            Shape::Beta { a, b } => write!(f, "beta(a={a},b={b})"),
            Shape::Empirical(values) => {
                f.write_str("empirical(")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(";")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a (best, min, max, shape, support) specification was rejected.  The
/// `Display` text says what to change.
#[derive(Clone, Debug, PartialEq)]
pub enum DistError {
    /// The support itself is malformed (NaN end, `lo > hi`, or empty).
    InvalidSupport { support: Support },
    /// A number is NaN or infinite.
    NonFinite { what: &'static str, value: f64 },
    /// The shape needs `min` and/or `max` and they are absent.
    MissingBounds { shape: String, which: &'static str },
    /// `min > max`.
    MinGreaterThanMax { min: f64, max: f64 },
    /// `best` is outside `[min, max]` (an absent end is shown as ±inf).
    BestOutsideRange { best: f64, min: f64, max: f64 },
    /// A parameter lies outside the physical support of the quantity.
    OutsideSupport {
        what: &'static str,
        value: f64,
        support: Support,
    },
    /// A log-scale shape (lognormal, loguniform) got a parameter <= 0.
    NotPositive {
        shape: &'static str,
        what: &'static str,
        value: f64,
    },
    /// `sd <= 0`.
    NonPositiveSd { sd: f64 },
    /// `gsd <= 1`.
    GsdNotAboveOne { gsd: f64 },
    /// `beta(a, b)` with `a <= 0` or `b <= 0`.
    BadBetaShape { a: f64, b: f64 },
    /// `empirical()` without values.
    EmptyEmpirical,
    /// An empirical value outside the given `[min, max]`.
    EmpiricalOutsideRange { value: f64, min: f64, max: f64 },
    /// The truncation interval holds no (numerically representable)
    /// probability mass of the normal / lognormal.
    NoMass { lo: f64, hi: f64 },
    /// [`Distribution::scaled`] with `k` not finite and positive.
    InvalidScale { k: f64 },
}

impl fmt::Display for DistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DistError::InvalidSupport { support } => write!(
                f,
                "invalid support {support}: its ends must be numbers with lo <= hi and it \
                 must contain at least one value"
            ),
            DistError::NonFinite { what, value } => {
                write!(f, "{what} is {value}; give a finite number")
            }
            DistError::MissingBounds { shape, which } => write!(
                f,
                "shape `{shape}` needs {which}; fill in the {which} column(s), or use a shape \
                 that needs no range (`fixed`, `normal(sd=X)`, `lognormal(gsd=X)`)"
            ),
            DistError::MinGreaterThanMax { min, max } => write!(
                f,
                "min = {min} is greater than max = {max}; swap them or correct the range"
            ),
            DistError::BestOutsideRange { best, min, max } => write!(
                f,
                "best estimate {best} lies outside [min, max] = [{min}, {max}]; correct the \
                 best estimate or widen the range so that min <= best <= max"
            ),
            DistError::OutsideSupport {
                what,
                value,
                support,
            } => write!(
                f,
                "{what} = {value} lies outside the physical support {support} of this \
                 quantity; change it to a value inside {support}"
            ),
            DistError::NotPositive { shape, what, value } => write!(
                f,
                "shape `{shape}` needs {what} > 0 but {what} = {value}; a log-scale \
                 distribution cannot reach zero: give a positive {what} or use another shape \
                 (e.g. `uniform`, `triangular`)"
            ),
            DistError::NonPositiveSd { sd } => write!(
                f,
                "sd = {sd} must be > 0; give a positive standard deviation, or use `fixed` \
                 for no spread"
            ),
            DistError::GsdNotAboveOne { gsd } => write!(
                f,
                "gsd = {gsd} must be > 1 (a geometric standard deviation of 1 means no \
                 spread); give gsd > 1, e.g. lognormal(gsd=1.5), or use `fixed`"
            ),
            DistError::BadBetaShape { a, b } => write!(
                f,
                "beta shape parameters must both be > 0 (got a = {a}, b = {b}); write e.g. \
                 beta(a=2,b=5)"
            ),
            DistError::EmptyEmpirical => write!(
                f,
                "empirical distribution without values; list them as empirical(X1;X2;...)"
            ),
            DistError::EmpiricalOutsideRange { value, min, max } => write!(
                f,
                "empirical value {value} lies outside [min, max] = [{min}, {max}]; correct \
                 the value or widen the range"
            ),
            DistError::NoMass { lo, hi } => write!(
                f,
                "the truncation interval [{lo}, {hi}] holds no probability mass of the \
                 distribution (numerically); check sd/gsd and the range"
            ),
            DistError::InvalidScale { k } => {
                write!(f, "scale factor k = {k} must be finite and > 0")
            }
        }
    }
}

impl std::error::Error for DistError {}

/// Smallest member of the support at its lower end (the end itself if closed,
/// the next double if open); -f64::MAX for -inf so that clamping stays finite.
fn lowest_member(lo: f64, open: bool) -> f64 {
    if lo == f64::NEG_INFINITY {
        -f64::MAX
    } else if open {
        lo.next_up()
    } else {
        lo
    }
}

fn highest_member(hi: f64, open: bool) -> f64 {
    if hi == f64::INFINITY {
        f64::MAX
    } else if open {
        hi.next_down()
    } else {
        hi
    }
}

fn check_finite(what: &'static str, x: f64) -> Result<f64, DistError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(DistError::NonFinite { what, value: x })
    }
}

/// A uniform number in the open interval (0, 1) built from 53 random bits:
/// k·2⁻⁵³ with k uniform on 1..2⁵³ (k = 0, probability 2⁻⁵³, is redrawn), so
/// every value is an exact double and neither 0 nor 1 occurs.
#[inline]
pub fn open01<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    loop {
        let k = rng.next_u64() >> 11;
        if k != 0 {
            return k as f64 * U_MIN;
        }
    }
}

fn require_range(
    shape: &Shape,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(f64, f64), DistError> {
    match (min, max) {
        (Some(a), Some(b)) => Ok((a, b)),
        (None, None) => Err(DistError::MissingBounds {
            shape: shape.to_string(),
            which: "min and max",
        }),
        (None, Some(_)) => Err(DistError::MissingBounds {
            shape: shape.to_string(),
            which: "min",
        }),
        (Some(_), None) => Err(DistError::MissingBounds {
            shape: shape.to_string(),
            which: "max",
        }),
    }
}

// ---------------------------------------------------------------------------
// Registry: shape names → families
// ---------------------------------------------------------------------------
//
// Adding a family: a new file with its parameter struct (`quantile`, `cdf`, `mean`,
// `variance`, `bounds`, `scaled`) and its `build`, then here: a `Shape` variant (with its
// name in `FromStr`, `Display` and `ACCEPTED_SHAPES` above), a `Distribution` variant, its
// line in `each_family!` and its arm in `build`.

/// A validated distribution with the constants [`quantile`](Self::quantile)
/// needs precomputed.  The parameter structs have private fields: the only
/// way to obtain a value is through [`Distribution::new`] (or
/// [`Distribution::scaled`]), so every value is valid.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    Fixed(FixedParams),
    Uniform(UniformParams),
    Triangular(TriangularParams),
    /// `normal` and `truncnormal`
    Normal(NormalParams),
    LogNormal(LogNormalParams),
    LogUniform(LogUniformParams),
    /// `pert` and `beta(a,b)`
    Beta(BetaParams),
    Empirical(EmpiricalParams),
}

/// Evaluates `$e` with `$p` bound to the parameters of whichever family `$d` is.
macro_rules! each_family {
    ($d:expr, $p:ident => $e:expr) => {
        match $d {
            Distribution::Fixed($p) => $e,
            Distribution::Uniform($p) => $e,
            Distribution::Triangular($p) => $e,
            Distribution::Normal($p) => $e,
            Distribution::LogNormal($p) => $e,
            Distribution::LogUniform($p) => $e,
            Distribution::Beta($p) => $e,
            Distribution::Empirical($p) => $e,
        }
    };
}

/// The family that builds `shape` from a specification [`Distribution::new`] has checked.
fn build(spec: &Spec) -> Result<Distribution, DistError> {
    match spec.shape {
        Shape::Fixed => Ok(fixed::point(spec.best)),
        Shape::Uniform => uniform::build(spec),
        Shape::Triangular => triangular::build(spec),
        Shape::Pert => pert::build(spec),
        Shape::Normal { sd } | Shape::TruncNormal { sd } => normal::build(spec, sd),
        Shape::LogNormal { gsd } => lognormal::build(spec, gsd),
        Shape::LogUniform => loguniform::build(spec),
        Shape::Beta { a: sa, b: sb } => beta::build(spec, sa, sb),
        Shape::Empirical(values) => empirical::build(spec, values),
    }
}

/// A (best, min, max, shape, support) specification whose common checks have passed: what
/// a family's `build` starts from.
#[derive(Clone, Copy)]
struct Spec<'a> {
    best: f64,
    min: Option<f64>,
    max: Option<f64>,
    shape: &'a Shape,
    support: Support,
    /// `min`, or -inf when absent.
    lo_or_inf: f64,
    /// `max`, or +inf when absent.
    hi_or_inf: f64,
}

/// ±f64::MAX (the clamp limit of an unbounded tail) reported as ±inf.
fn unbounded(q: f64) -> f64 {
    if q == f64::MAX {
        f64::INFINITY
    } else if q == -f64::MAX {
        f64::NEG_INFINITY
    } else {
        q
    }
}

impl Distribution {
    /// Validates and builds. Semantics: fixed = best; uniform on \[min,max\]; triangular with mode=best;
    /// PERT with mode=best, lambda=4 (Beta(1+4(m-a)/(b-a), 1+4(b-m)/(b-a)) on \[a,b\], Malcolm et al. 1959,
    /// Vose 2008 *Risk Analysis*);
    /// normal: mean=best, sd given, else (max-min)/(2·[`Z_975`]) i.e. \[min,max\] is the central 95 % interval;
    /// truncnormal: same, truncated to \[min,max\] (an absent end falls back to the support);
    /// lognormal: median=best, gsd given -> sigma=ln(gsd), else \[min,max\] read as the central 95 % interval
    ///   (mu = (ln min + ln max)/2, sigma = (ln max - ln min)/(2·[`Z_975`]); best must then be within the range);
    /// loguniform on \[min,max\] (min>0); beta(a,b) scaled to \[min,max\]; empirical: equal weight on the listed values
    ///   (quantile = the order statistic, i.e. a step function; min/max are checked against the values).
    /// Normal and lognormal tails that leave the `support` are truncated to it (inverse transform on the truncated CDF).
    ///
    /// Checks, for every shape: the support is well formed; `best`, `min`,
    /// `max` are finite and inside the support; `min <= max`;
    /// `min <= best <= max` (for whichever ends are given).
    ///
    /// A zero-width range (`min == max`, hence `best == min`) for a shape
    /// whose spread comes from the range (uniform, triangular, pert,
    /// loguniform, beta, and normal / truncnormal / lognormal without
    /// sd/gsd) gives a point mass at `best` (`is_fixed()` is then true), as
    /// does an empirical list whose values are all equal.
    pub fn new(
        best: f64,
        min: Option<f64>,
        max: Option<f64>,
        shape: &Shape,
        support: Support,
    ) -> Result<Self, DistError> {
        if !support.is_valid() {
            return Err(DistError::InvalidSupport { support });
        }
        check_finite("best", best)?;
        if let Some(m) = min {
            check_finite("min", m)?;
        }
        if let Some(m) = max {
            check_finite("max", m)?;
        }
        for (what, value) in [("best", Some(best)), ("min", min), ("max", max)] {
            if let Some(v) = value
                && !support.contains(v)
            {
                return Err(DistError::OutsideSupport {
                    what,
                    value: v,
                    support,
                });
            }
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            return Err(DistError::MinGreaterThanMax { min: a, max: b });
        }
        let (lo_or_inf, hi_or_inf) = (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        );
        if best < lo_or_inf || best > hi_or_inf {
            return Err(DistError::BestOutsideRange {
                best,
                min: lo_or_inf,
                max: hi_or_inf,
            });
        }

        build(&Spec {
            best,
            min,
            max,
            shape,
            support,
            lo_or_inf,
            hi_or_inf,
        })
    }

    // -- evaluation ---------------------------------------------------------

    /// Inverse CDF at u in (0,1); monotone non-decreasing in u, always finite
    /// and inside the support; no allocation.
    ///
    /// `u` is first clamped to [[`U_MIN`], [`U_MAX`]] = [2⁻⁵³, 1 - 2⁻⁵³], so
    /// 0 and 1 from a design are safe (they give the extreme attainable values).
    ///
    /// Cost: closed forms (one `sqrt`, `exp` or table lookup) for fixed,
    /// uniform, triangular, loguniform, empirical; one statrs `erfc_inv`
    /// (rational approximation, Boost's scheme) for normal / lognormal and
    /// their truncations.  **Beta and PERT are markedly slower**: statrs'
    /// `inv_beta_reg` starts from an approximation and refines it by
    /// Newton steps on the incomplete beta function (AS 109, Cran, Martin &
    /// Thomas 1977, with Remark AS R83), i.e. several `beta_reg` evaluations
    /// per call.
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(U_MIN, U_MAX);
        each_family!(self, p => p.quantile(u))
    }

    /// P(X <= x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        each_family!(self, p => p.cdf(x))
    }

    /// Mean, in closed form for every shape (truncation included).
    pub fn mean(&self) -> f64 {
        each_family!(self, p => p.mean())
    }

    /// Variance.  Every shape has a closed form here (none is numerical):
    /// uniform w²/12; triangular (a²+b²+c²-ab-ac-bc)/18; beta/PERT
    /// w²αβ/((α+β)²(α+β+1)); loguniform E\[X²\] - E\[X\]² with
    /// E\[X²\] = (b²-a²)/(2 ln(b/a)); truncated normal from JKB 1994 ch. 13 §10.1;
    /// truncated lognormal E\[X²\] - E\[X\]² with
    /// E\[Xᵏ\] = exp(kμ + k²σ²/2)·(Φ(β-kσ) - Φ(α-kσ))/(Φ(β) - Φ(α)) (JKB 1994 ch. 14);
    /// empirical: the population variance of the listed values.  The
    /// truncated forms lose relative precision when truncation is so severe
    /// that the variance is ~1e-12 of the squared mean.
    pub fn variance(&self) -> f64 {
        each_family!(self, p => p.variance())
    }

    /// Smallest and largest value the distribution can produce (the closure
    /// of its range).  For an open support end the nearest double inside is
    /// reported; an unbounded tail is reported as ±inf, although
    /// [`quantile`](Self::quantile) itself always returns finite values.
    pub fn bounds(&self) -> (f64, f64) {
        each_family!(self, p => p.bounds())
    }

    /// The family and its parameters, as a reader checks them (`hiddenflow params`): e.g.
    /// `pert(mode=0.9)`, `truncnormal(mean=0.01, sd=0.002)`, `lognormal(median=0.5, gsd=1.3)`.
    /// A PERT is stored as a beta with α + β = 6; it is named as the PERT it was given as.
    pub fn describe(&self) -> String {
        let g = |x: f64| {
            format!("{x:.6}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        };
        let g = |x: f64| {
            if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e6) {
                format!("{x:.4e}")
            } else {
                g(x)
            }
        };
        match self {
            Distribution::Fixed(p) => format!("fixed({})", g(p.value)),
            Distribution::Uniform(_) => "uniform".to_string(),
            Distribution::Triangular(p) => format!("triangular(mode={})", g(p.c)),
            Distribution::Normal(p) => {
                let name = if p.window.untruncated() {
                    "normal"
                } else {
                    "truncnormal"
                };
                format!("{name}(mean={}, sd={})", g(p.mu), g(p.sd))
            }
            Distribution::LogNormal(p) => {
                let name = if p.window.untruncated() {
                    "lognormal"
                } else {
                    "truncated lognormal"
                };
                format!("{name}(median={}, gsd={})", g(p.mu.exp()), g(p.sigma.exp()))
            }
            Distribution::LogUniform(_) => "loguniform".to_string(),
            Distribution::Beta(p) if (p.alpha + p.beta - 6.0).abs() < 1e-9 => {
                format!("pert(mode={})", g(p.lo + p.width * (p.alpha - 1.0) / 4.0))
            }
            Distribution::Beta(p) => format!("beta(a={}, b={})", g(p.alpha), g(p.beta)),
            Distribution::Empirical(p) => format!("empirical({} values)", p.sorted.len()),
        }
    }

    /// The probability a normal or lognormal (as specified) puts outside the window it is
    /// truncated to: by a `truncnormal`'s own bounds, or by the quantity's physical support;
    /// 0 for every other family.
    pub fn truncated_mass(&self) -> f64 {
        match self {
            Distribution::Normal(p) => 1.0 - p.window.mass(),
            Distribution::LogNormal(p) => 1.0 - p.window.mass(),
            _ => 0.0,
        }
    }

    /// True for a point mass (shape `fixed`, a zero-width range, or an
    /// empirical list of equal values).
    pub fn is_fixed(&self) -> bool {
        matches!(self, Distribution::Fixed(_))
    }

    /// quantile(u) with u uniform in (0,1) from 53 random bits (see [`open01`]).
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.quantile(open01(rng))
    }

    /// The distribution of k·X for k > 0: every parameter in value units
    /// (bounds, mode, mean, sd, median, truncation limits, empirical values)
    /// is multiplied by k; dimensionless ones (beta shapes, gsd) are kept.
    ///
    /// Truncation limits scale with the variable, so a normal truncated at
    /// the support end 0 stays truncated at 0, while one truncated at a
    /// grade's upper limit 1 is truncated at k afterwards.  `scaled` does not
    /// know the support; use [`scaled_within`](Self::scaled_within) when the
    /// result must stay inside one.
    pub fn scaled(&self, k: f64) -> Result<Self, DistError> {
        if !(k.is_finite() && k > 0.0) {
            return Err(DistError::InvalidScale { k });
        }
        each_family!(self, p => p.scaled(k))
    }

    /// [`scaled`](Self::scaled), then checks that the scaled range still lies
    /// in `support` (e.g. a grade scaled by 1.2 must not exceed 1).
    pub fn scaled_within(&self, k: f64, support: Support) -> Result<Self, DistError> {
        let d = self.scaled(k)?;
        let (lo, hi) = d.bounds();
        // An unbounded end is fine if the support is unbounded the same way.
        let lo_ok = support.contains(lo) || (lo == f64::NEG_INFINITY && support.lo == lo);
        let hi_ok = support.contains(hi) || (hi == f64::INFINITY && support.hi == hi);
        if !lo_ok {
            return Err(DistError::OutsideSupport {
                what: "scaled lower bound",
                value: lo,
                support,
            });
        }
        if !hi_ok {
            return Err(DistError::OutsideSupport {
                what: "scaled upper bound",
                value: hi,
                support,
            });
        }
        Ok(d)
    }
}
