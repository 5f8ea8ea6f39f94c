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

use std::f64::consts::{PI, SQRT_2};
use std::fmt;
use std::str::FromStr;

use statrs::function::beta::{beta_reg, inv_beta_reg};
use statrs::function::erf::{erfc, erfc_inv};

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
            "beta" => parse_beta(args),
            "empirical" => parse_empirical(args),
            _ => Err(ShapeError::Unknown {
                text: s.trim().to_string(),
            }),
        }
    }
}

fn parse_beta(args: Option<&str>) -> Result<Shape, ShapeError> {
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

fn parse_empirical(args: Option<&str>) -> Result<Shape, ShapeError> {
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

// ---------------------------------------------------------------------------
// Standard-normal helpers (special functions from statrs)
// ---------------------------------------------------------------------------

/// Standard normal CDF Φ(x) = erfc(-x/√2)/2 (exact at ±inf).
#[inline]
fn phi_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Standard normal quantile Φ⁻¹(p) = -√2 · erfc⁻¹(2p).  Accurate in the lower
/// tail (small `p`); callers arrange to stay there (see [`Window`]).
#[inline]
fn phi_inv(p: f64) -> f64 {
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// Standard normal density; 0 at ±inf.
#[inline]
fn phi_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// x·φ(x), defined as 0 at ±inf (the limit).
fn x_phi_pdf(x: f64) -> f64 {
    if x.is_finite() { x * phi_pdf(x) } else { 0.0 }
}

/// Φ(b) - Φ(a) for a <= b, computed on the side of the distribution where
/// the subtraction does not cancel: for a > 0 both ends are in the upper tail
/// and Φ(b) - Φ(a) = Φ(-a) - Φ(-b).
fn phi_interval(a: f64, b: f64) -> f64 {
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
struct Window {
    alpha: f64,
    beta: f64,
    sign: f64,
    p0: f64,
    dp: f64,
}

impl Window {
    fn new(alpha: f64, beta: f64) -> Option<Window> {
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
    fn z(&self, u: f64) -> f64 {
        self.sign * phi_inv(self.p0 + u * self.dp)
    }

    fn cdf(&self, z: f64) -> f64 {
        ((phi_cdf(self.sign * z) - self.p0) / self.dp).clamp(0.0, 1.0)
    }

    fn mass(&self) -> f64 {
        self.dp.abs()
    }

    fn untruncated(&self) -> bool {
        self.alpha == f64::NEG_INFINITY && self.beta == f64::INFINITY
    }

    /// Mean and variance of the truncated standard normal (Johnson, Kotz &
    /// Balakrishnan 1994, *Continuous Univariate Distributions* vol. 1,
    /// ch. 13 §10.1).
    fn moments(&self) -> (f64, f64) {
        if self.untruncated() {
            return (0.0, 1.0);
        }
        let z = self.mass();
        let m = (phi_pdf(self.alpha) - phi_pdf(self.beta)) / z;
        let v = 1.0 + (x_phi_pdf(self.alpha) - x_phi_pdf(self.beta)) / z - m * m;
        (m, v.max(0.0))
    }
}

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

// ---------------------------------------------------------------------------
// Distribution
// ---------------------------------------------------------------------------

/// A point mass.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedParams {
    value: f64,
}

/// Uniform on `[lo, hi]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UniformParams {
    lo: f64,
    hi: f64,
    width: f64,
}

/// Triangular on `[a, b]` with mode `c`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TriangularParams {
    a: f64,
    c: f64,
    b: f64,
    /// F(c) = (c - a)/(b - a)
    fc: f64,
    /// (b - a)(c - a)
    k_left: f64,
    /// (b - a)(b - c)
    k_right: f64,
}

/// Normal(mu, sd) truncated to `[lo, hi]` (possibly infinite ends); covers
/// both `normal` (truncated to the support only) and `truncnormal`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NormalParams {
    mu: f64,
    sd: f64,
    lo: f64,
    hi: f64,
    lo_open: bool,
    hi_open: bool,
    /// clamp limits: the extreme members of the truncation interval
    q_lo: f64,
    q_hi: f64,
    window: Window,
}

/// LogNormal: ln X ~ Normal(mu, sigma), X truncated to `[lo, hi]` ∩ (0, inf).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogNormalParams {
    mu: f64,
    sigma: f64,
    lo: f64,
    hi: f64,
    lo_open: bool,
    hi_open: bool,
    q_lo: f64,
    q_hi: f64,
    window: Window,
}

/// Log-uniform on `[a, b]`, 0 < a < b: ln X uniform on `[ln a, ln b]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogUniformParams {
    a: f64,
    b: f64,
    ln_a: f64,
    ln_ratio: f64,
}

/// Beta(alpha, beta) scaled to `[lo, hi]`; covers `pert` and `beta(a,b)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BetaParams {
    alpha: f64,
    beta: f64,
    lo: f64,
    hi: f64,
    width: f64,
}

/// Equal weight on listed values (kept sorted).
#[derive(Clone, Debug, PartialEq)]
pub struct EmpiricalParams {
    sorted: Box<[f64]>,
    n: f64,
}

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

        let point = |v: f64| Distribution::Fixed(FixedParams { value: v });
        match shape {
            Shape::Fixed => Ok(point(best)),
            Shape::Uniform => {
                let (a, b) = require_range(shape, min, max)?;
                Ok(if a == b {
                    point(best)
                } else {
                    Self::uniform(a, b)?
                })
            }
            Shape::Triangular => {
                let (a, b) = require_range(shape, min, max)?;
                Ok(if a == b {
                    point(best)
                } else {
                    Self::triangular(a, best, b)?
                })
            }
            Shape::Pert => {
                let (a, b) = require_range(shape, min, max)?;
                if a == b {
                    return Ok(point(best));
                }
                let alpha = 1.0 + 4.0 * (best - a) / (b - a);
                let beta = 1.0 + 4.0 * (b - best) / (b - a);
                Self::beta(alpha, beta, a, b)
            }
            Shape::Normal { sd } | Shape::TruncNormal { sd } => {
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
                Self::normal(best, sd, lo, lo_open, hi, hi_open)
            }
            Shape::LogNormal { gsd } => {
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
                Self::lognormal(
                    mu,
                    sigma,
                    support.lo,
                    support.lo_open,
                    support.hi,
                    support.hi_open,
                )
            }
            Shape::LogUniform => {
                let (a, b) = require_range(shape, min, max)?;
                if a <= 0.0 {
                    return Err(DistError::NotPositive {
                        shape: "loguniform",
                        what: "min",
                        value: a,
                    });
                }
                Ok(if a == b {
                    point(best)
                } else {
                    Self::loguniform(a, b)?
                })
            }
            Shape::Beta { a: sa, b: sb } => {
                if !(sa.is_finite() && sb.is_finite() && *sa > 0.0 && *sb > 0.0) {
                    return Err(DistError::BadBetaShape { a: *sa, b: *sb });
                }
                let (a, b) = require_range(shape, min, max)?;
                Ok(if a == b {
                    point(best)
                } else {
                    Self::beta(*sa, *sb, a, b)?
                })
            }
            Shape::Empirical(values) => {
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
                Ok(Self::empirical(values.clone()))
            }
        }
    }

    // -- internal constructors (parameters already checked for order/support) --

    fn uniform(a: f64, b: f64) -> Result<Self, DistError> {
        check_finite("min", a)?;
        check_finite("max", b)?;
        let width = check_finite("max - min", b - a)?;
        Ok(Distribution::Uniform(UniformParams {
            lo: a,
            hi: b,
            width,
        }))
    }

    fn triangular(a: f64, c: f64, b: f64) -> Result<Self, DistError> {
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

    fn normal(
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

    fn lognormal(
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

    fn loguniform(a: f64, b: f64) -> Result<Self, DistError> {
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

    fn beta(alpha: f64, beta: f64, lo: f64, hi: f64) -> Result<Self, DistError> {
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

    fn empirical(mut values: Vec<f64>) -> Self {
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
        match self {
            Distribution::Fixed(p) => p.value,
            Distribution::Uniform(p) => (p.lo + u * p.width).min(p.hi),
            Distribution::Triangular(p) => {
                // Inverse of the piecewise-quadratic CDF (e.g. Kotz & van
                // Dorp 2004, *Beyond Beta*, ch. 1).
                let x = if u < p.fc {
                    p.a + (u * p.k_left).sqrt()
                } else {
                    p.b - ((1.0 - u) * p.k_right).sqrt()
                };
                x.clamp(p.a, p.b)
            }
            Distribution::Normal(p) => (p.mu + p.sd * p.window.z(u)).clamp(p.q_lo, p.q_hi),
            Distribution::LogNormal(p) => {
                (p.mu + p.sigma * p.window.z(u)).exp().clamp(p.q_lo, p.q_hi)
            }
            Distribution::LogUniform(p) => (p.ln_a + u * p.ln_ratio).exp().clamp(p.a, p.b),
            Distribution::Beta(p) => {
                (p.lo + p.width * inv_beta_reg(p.alpha, p.beta, u)).clamp(p.lo, p.hi)
            }
            Distribution::Empirical(p) => {
                // Generalised inverse of the step CDF: the ⌈n·u⌉-th order
                // statistic.  The factor (1 - 4ε) absorbs the rounding in
                // n·u so that u = k/n maps to the k-th value, which makes
                // quantile(cdf(x)) == x on the listed values.
                let k = (u * p.n * (1.0 - 4.0 * f64::EPSILON)).ceil() as usize;
                p.sorted[k.clamp(1, p.sorted.len()) - 1]
            }
        }
    }

    /// P(X <= x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        match self {
            Distribution::Fixed(p) => {
                if x < p.value {
                    0.0
                } else {
                    1.0
                }
            }
            Distribution::Uniform(p) => ((x - p.lo) / p.width).clamp(0.0, 1.0),
            Distribution::Triangular(p) => {
                if x <= p.a {
                    0.0
                } else if x >= p.b {
                    1.0
                } else if x <= p.c {
                    (x - p.a) * (x - p.a) / p.k_left
                } else {
                    1.0 - (p.b - x) * (p.b - x) / p.k_right
                }
            }
            Distribution::Normal(p) => {
                if x < p.lo {
                    0.0
                } else if x >= p.hi {
                    1.0
                } else {
                    p.window.cdf((x - p.mu) / p.sd)
                }
            }
            Distribution::LogNormal(p) => {
                if x <= 0.0 || x < p.lo {
                    0.0
                } else if x >= p.hi {
                    1.0
                } else {
                    p.window.cdf((x.ln() - p.mu) / p.sigma)
                }
            }
            Distribution::LogUniform(p) => {
                if x <= p.a {
                    0.0
                } else {
                    ((x.ln() - p.ln_a) / p.ln_ratio).clamp(0.0, 1.0)
                }
            }
            Distribution::Beta(p) => {
                let y = ((x - p.lo) / p.width).clamp(0.0, 1.0);
                beta_reg(p.alpha, p.beta, y)
            }
            Distribution::Empirical(p) => p.sorted.partition_point(|&v| v <= x) as f64 / p.n,
        }
    }

    /// Mean, in closed form for every shape (truncation included).
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Fixed(p) => p.value,
            Distribution::Uniform(p) => 0.5 * (p.lo + p.hi),
            Distribution::Triangular(p) => (p.a + p.b + p.c) / 3.0,
            Distribution::Normal(p) => p.mu + p.sd * p.window.moments().0,
            Distribution::LogNormal(p) => lognormal_raw_moment(p, 1.0),
            Distribution::LogUniform(p) => (p.b - p.a) / p.ln_ratio,
            Distribution::Beta(p) => p.lo + p.width * p.alpha / (p.alpha + p.beta),
            Distribution::Empirical(p) => p.sorted.iter().sum::<f64>() / p.n,
        }
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
        match self {
            Distribution::Fixed(_) => 0.0,
            Distribution::Uniform(p) => p.width * p.width / 12.0,
            Distribution::Triangular(p) => {
                let (a, b, c) = (p.a, p.b, p.c);
                ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).max(0.0)
            }
            Distribution::Normal(p) => p.sd * p.sd * p.window.moments().1,
            Distribution::LogNormal(p) => {
                if p.window.untruncated() {
                    let s2 = p.sigma * p.sigma;
                    s2.exp_m1() * (2.0 * p.mu + s2).exp()
                } else {
                    let m1 = lognormal_raw_moment(p, 1.0);
                    (lognormal_raw_moment(p, 2.0) - m1 * m1).max(0.0)
                }
            }
            Distribution::LogUniform(p) => {
                let m1 = (p.b - p.a) / p.ln_ratio;
                let m2 = (p.b * p.b - p.a * p.a) / (2.0 * p.ln_ratio);
                (m2 - m1 * m1).max(0.0)
            }
            Distribution::Beta(p) => {
                let s = p.alpha + p.beta;
                p.width * p.width * p.alpha * p.beta / (s * s * (s + 1.0))
            }
            Distribution::Empirical(p) => {
                let m = self.mean();
                p.sorted.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / p.n
            }
        }
    }

    /// Smallest and largest value the distribution can produce (the closure
    /// of its range).  For an open support end the nearest double inside is
    /// reported; an unbounded tail is reported as ±inf, although
    /// [`quantile`](Self::quantile) itself always returns finite values.
    pub fn bounds(&self) -> (f64, f64) {
        let unbounded = |q: f64| {
            if q == f64::MAX {
                f64::INFINITY
            } else if q == -f64::MAX {
                f64::NEG_INFINITY
            } else {
                q
            }
        };
        match self {
            Distribution::Fixed(p) => (p.value, p.value),
            Distribution::Uniform(p) => (p.lo, p.hi),
            Distribution::Triangular(p) => (p.a, p.b),
            Distribution::Normal(p) => (unbounded(p.q_lo), unbounded(p.q_hi)),
            Distribution::LogNormal(p) => (p.q_lo, unbounded(p.q_hi)),
            Distribution::LogUniform(p) => (p.a, p.b),
            Distribution::Beta(p) => (p.lo, p.hi),
            Distribution::Empirical(p) => (p.sorted[0], p.sorted[p.sorted.len() - 1]),
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
        match self {
            Distribution::Fixed(p) => Ok(Distribution::Fixed(FixedParams {
                value: check_finite("scaled value", p.value * k)?,
            })),
            Distribution::Uniform(p) => Self::uniform(p.lo * k, p.hi * k),
            Distribution::Triangular(p) => Self::triangular(p.a * k, p.c * k, p.b * k),
            Distribution::Normal(p) => {
                Self::normal(p.mu * k, p.sd * k, p.lo * k, p.lo_open, p.hi * k, p.hi_open)
            }
            Distribution::LogNormal(p) => Self::lognormal(
                p.mu + k.ln(),
                p.sigma,
                p.lo * k,
                p.lo_open,
                p.hi * k,
                p.hi_open,
            ),
            Distribution::LogUniform(p) => Self::loguniform(p.a * k, p.b * k),
            Distribution::Beta(p) => Self::beta(p.alpha, p.beta, p.lo * k, p.hi * k),
            Distribution::Empirical(p) => {
                let values = p
                    .sorted
                    .iter()
                    .map(|v| check_finite("scaled empirical value", v * k))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Self::empirical(values))
            }
        }
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

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use statrs::distribution::{
        Beta as SBeta, ContinuousCDF, LogNormal as SLogNormal, Normal as SNormal,
        Triangular as STriangular, Uniform as SUniform,
    };

    const N: usize = 20_000;
    /// Smirnov's asymptotic critical value of √n·D at α = 0.001:
    /// sqrt(-ln(α/2)/2) = 1.9495.
    const KS_C_001: f64 = 1.949;

    type RefCdf = Box<dyn Fn(f64) -> f64>;

    /// One test instance: a distribution, the reference CDF built
    /// independently from statrs (or by hand), and whether it is discrete.
    struct Case {
        name: &'static str,
        dist: Distribution,
        reference: RefCdf,
        discrete: bool,
        support: Support,
    }

    fn d(best: f64, min: Option<f64>, max: Option<f64>, shape: &str, s: Support) -> Distribution {
        Distribution::new(best, min, max, &shape.parse().unwrap(), s).unwrap()
    }

    /// (F(x) - F(a)) / (F(b) - F(a)) clamped: the CDF of F truncated to [a,b].
    fn truncated(f: impl Fn(f64) -> f64 + 'static, a: f64, b: f64) -> RefCdf {
        let (fa, fb) = (f(a), f(b));
        Box::new(move |x| {
            if x < a {
                0.0
            } else if x >= b {
                1.0
            } else {
                ((f(x) - fa) / (fb - fa)).clamp(0.0, 1.0)
            }
        })
    }

    fn cases() -> Vec<Case> {
        let mut v = Vec::new();
        let mut add = |name, dist, reference: RefCdf, discrete, support| {
            v.push(Case {
                name,
                dist,
                reference,
                discrete,
                support,
            })
        };
        let s = SUniform::new(2.0, 6.0).unwrap();
        add(
            "uniform",
            d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE),
            Box::new(move |x| s.cdf(x)),
            false,
            Support::NON_NEGATIVE,
        );
        let s = STriangular::new(1.0, 5.0, 2.0).unwrap();
        add(
            "triangular",
            d(
                2.0,
                Some(1.0),
                Some(5.0),
                "triangular",
                Support::NON_NEGATIVE,
            ),
            Box::new(move |x| s.cdf(x)),
            false,
            Support::NON_NEGATIVE,
        );
        // PERT(0, 3, 10): Beta(1 + 4·0.3, 1 + 4·0.7) = Beta(2.2, 3.8) on [0, 10]
        let s = SBeta::new(2.2, 3.8).unwrap();
        add(
            "pert",
            d(3.0, Some(0.0), Some(10.0), "pert", Support::NON_NEGATIVE),
            Box::new(move |x| s.cdf((x / 10.0).clamp(0.0, 1.0))),
            false,
            Support::NON_NEGATIVE,
        );
        // normal from a 95 % range, mass >= 0 truncation is ~5 sd away
        let sd = 8.0 / (2.0 * 1.959_963_984_540_054);
        let s = SNormal::new(10.0, sd).unwrap();
        add(
            "normal(range)",
            d(10.0, Some(6.0), Some(14.0), "normal", Support::NON_NEGATIVE),
            truncated(move |x| s.cdf(x), 0.0, f64::INFINITY),
            false,
            Support::NON_NEGATIVE,
        );
        // grade near 1: heavy truncation at the support's upper end
        let s = SNormal::new(0.9, 0.2).unwrap();
        add(
            "normal(sd) on (0,1]",
            d(
                0.9,
                None,
                None,
                "normal(sd=0.2)",
                Support::FRACTION_OPEN_LOW,
            ),
            truncated(move |x| s.cdf(x), 0.0, 1.0),
            false,
            Support::FRACTION_OPEN_LOW,
        );
        let s = SNormal::new(0.3, 0.2).unwrap();
        add(
            "truncnormal(sd)",
            d(
                0.3,
                Some(0.1),
                Some(0.5),
                "truncnormal(sd=0.2)",
                Support::UNIT,
            ),
            truncated(move |x| s.cdf(x), 0.1, 0.5),
            false,
            Support::UNIT,
        );
        // window entirely in the upper tail (reflected branch)
        let s = SNormal::new(0.0, 1.0).unwrap();
        add(
            "truncnormal upper tail",
            // the mean lies outside [3, 5], which `new` rejects (best must be
            // in range), so build it with the internal constructor
            Distribution::normal(0.0, 1.0, 3.0, false, 5.0, false).unwrap(),
            truncated(move |x| s.cdf(x), 3.0, 5.0),
            false,
            Support::REAL,
        );
        let sd = 6.0 / (2.0 * 1.959_963_984_540_054);
        let s = SNormal::new(4.0, sd).unwrap();
        add(
            "truncnormal(range)",
            d(
                4.0,
                Some(2.0),
                Some(8.0),
                "truncnormal",
                Support::NON_NEGATIVE,
            ),
            truncated(move |x| s.cdf(x), 2.0, 8.0),
            false,
            Support::NON_NEGATIVE,
        );
        let s = SLogNormal::new(2.0f64.ln(), 1.5f64.ln()).unwrap();
        add(
            "lognormal(gsd)",
            d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE),
            Box::new(move |x| s.cdf(x)),
            false,
            Support::POSITIVE,
        );
        let s = SLogNormal::new(
            0.5 * 4.0f64.ln(),
            4.0f64.ln() / (2.0 * 1.959_963_984_540_054),
        )
        .unwrap();
        add(
            "lognormal(range)",
            d(
                1.5,
                Some(1.0),
                Some(4.0),
                "lognormal",
                Support::NON_NEGATIVE,
            ),
            Box::new(move |x| s.cdf(x)),
            false,
            Support::NON_NEGATIVE,
        );
        let s = SLogNormal::new(0.5f64.ln(), 2.0f64.ln()).unwrap();
        add(
            "lognormal truncated to [0,1]",
            d(0.5, None, None, "lognormal(gsd=2)", Support::UNIT),
            truncated(move |x| s.cdf(x), 0.0, 1.0),
            false,
            Support::UNIT,
        );
        add(
            "loguniform",
            d(
                10.0,
                Some(1.0),
                Some(100.0),
                "loguniform",
                Support::POSITIVE,
            ),
            // by hand: F(x) = ln(x/1)/ln(100)
            Box::new(|x: f64| (x.ln() / 100f64.ln()).clamp(0.0, 1.0)),
            false,
            Support::POSITIVE,
        );
        let s = SBeta::new(2.0, 5.0).unwrap();
        add(
            "beta(2,5)",
            d(
                12.0,
                Some(10.0),
                Some(20.0),
                "beta(a=2,b=5)",
                Support::NON_NEGATIVE,
            ),
            Box::new(move |x| s.cdf(((x - 10.0) / 10.0).clamp(0.0, 1.0))),
            false,
            Support::NON_NEGATIVE,
        );
        let listed = [2.0, 1.2, 5.0, 2.0, 1.5, 3.0];
        add(
            "empirical",
            d(
                2.0,
                Some(1.0),
                Some(5.0),
                "empirical(2;1.2;5;2;1.5;3)",
                Support::NON_NEGATIVE,
            ),
            // by hand: share of the listed values <= x
            Box::new(move |x| listed.iter().filter(|&&v| v <= x).count() as f64 / 6.0),
            true,
            Support::NON_NEGATIVE,
        );
        add(
            "fixed",
            d(3.5, Some(1.0), Some(5.0), "fixed", Support::NON_NEGATIVE),
            Box::new(|x| if x < 3.5 { 0.0 } else { 1.0 }),
            true,
            Support::NON_NEGATIVE,
        );
        v
    }

    fn draw(dist: &Distribution, seed: u64) -> Vec<f64> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..N).map(|_| dist.sample(&mut rng)).collect()
    }

    /// Two-sided KS statistic D = sup |F_n - F|.  Ties are grouped so that
    /// it is also exact for a discrete F: at every distinct sample value v
    /// compare F_n(v) with F(v) and F_n(v-) with F(v-) (F(v-) evaluated at the
    /// next double below v).  For continuous F this is the usual
    /// max(i/n - F(x_i), F(x_i) - (i-1)/n).
    fn ks_statistic(mut xs: Vec<f64>, f: &dyn Fn(f64) -> f64) -> f64 {
        xs.sort_by(f64::total_cmp);
        let n = xs.len() as f64;
        let mut d: f64 = 0.0;
        let mut i = 0;
        while i < xs.len() {
            let v = xs[i];
            let mut j = i;
            while j < xs.len() && xs[j] == v {
                j += 1;
            }
            let below = i as f64 / n;
            let upto = j as f64 / n;
            d = d
                .max((upto - f(v)).abs())
                .max((below - f(v.next_down())).abs());
            i = j;
        }
        d
    }

    #[test]
    fn ks_every_shape() {
        let crit = KS_C_001 / (N as f64).sqrt();
        for (i, c) in cases().into_iter().enumerate() {
            let xs = draw(&c.dist, 1000 + i as u64);
            let dstat = ks_statistic(xs, &*c.reference);
            // for a discrete F (empirical, fixed) the critical value is conservative
            assert!(dstat < crit, "{}: D = {dstat} >= {crit}", c.name);
        }
    }

    #[test]
    fn ks_detects_a_wrong_distribution() {
        // the test above must be able to fail: uniform samples against a
        // triangular reference are rejected
        let dist = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
        let wrong = STriangular::new(2.0, 6.0, 3.0).unwrap();
        let dstat = ks_statistic(draw(&dist, 7), &|x| wrong.cdf(x));
        assert!(dstat > KS_C_001 / (N as f64).sqrt());
    }

    /// Fourth central moment μ₄ (for the standard error of the sample
    /// variance).  Bounded support: μ₄ <= σ²·M² with M the largest distance
    /// from the mean to an end (since (x-m)⁴ <= (x-m)²M²).  Unbounded: midpoint
    /// rule on ∫₀¹ (Q(u) - m)⁴ du with 200 000 nodes.
    fn mu4_bound(dist: &Distribution) -> f64 {
        let (lo, hi) = dist.bounds();
        let (m, v) = (dist.mean(), dist.variance());
        if lo.is_finite() && hi.is_finite() {
            let r = (m - lo).max(hi - m);
            v * r * r
        } else {
            let k = 200_000;
            (0..k)
                .map(|i| {
                    let x = dist.quantile((i as f64 + 0.5) / k as f64) - m;
                    x * x * x * x
                })
                .sum::<f64>()
                / k as f64
        }
    }

    #[test]
    fn sample_mean_and_variance_match_closed_forms() {
        for (i, c) in cases().into_iter().enumerate() {
            let xs = draw(&c.dist, 5000 + i as u64);
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
            let (m, v) = (c.dist.mean(), c.dist.variance());
            let se_mean = (v / n).sqrt();
            // Var(s²) ≈ (μ₄ - σ⁴)/n (Cramér 1946, §27.4)
            let se_var = ((mu4_bound(&c.dist) - v * v).max(0.0) / n).sqrt();
            assert!(
                (mean - m).abs() <= 5.0 * se_mean + 1e-12 * m.abs(),
                "{}: sample mean {mean} vs {m} (se {se_mean})",
                c.name
            );
            assert!(
                (var - v).abs() <= 5.0 * se_var + 1e-12 * v,
                "{}: sample variance {var} vs {v} (se {se_var})",
                c.name
            );
        }
    }

    #[test]
    fn closed_form_moments_against_independent_values() {
        let close = |a: f64, b: f64, what: &str| {
            assert!(
                (a - b).abs() <= 1e-10 * b.abs().max(1.0),
                "{what}: {a} vs {b}"
            )
        };
        let u = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
        close(u.mean(), 4.0, "uniform mean");
        close(u.variance(), 16.0 / 12.0, "uniform var");
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
        let l = d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE);
        let s2 = 1.5f64.ln().powi(2);
        close(l.mean(), 2.0 * (s2 / 2.0).exp(), "lognormal mean");
        close(
            l.variance(),
            4.0 * s2.exp() * (s2.exp() - 1.0),
            "lognormal var",
        );
        let b = d(
            12.0,
            Some(10.0),
            Some(20.0),
            "beta(a=2,b=5)",
            Support::NON_NEGATIVE,
        );
        close(b.mean(), 10.0 + 10.0 * 2.0 / 7.0, "beta mean");
        close(b.variance(), 100.0 * 10.0 / (49.0 * 8.0), "beta var");
        let lu = d(
            10.0,
            Some(1.0),
            Some(100.0),
            "loguniform",
            Support::POSITIVE,
        );
        close(lu.mean(), 99.0 / 100f64.ln(), "loguniform mean");
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
        let e = d(2.0, None, None, "empirical(1;2;3;6)", Support::NON_NEGATIVE);
        close(e.mean(), 3.0, "empirical mean");
        close(e.variance(), (4.0 + 1.0 + 0.0 + 9.0) / 4.0, "empirical var");
    }

    #[test]
    fn quantile_monotone_in_support_and_inverts_cdf() {
        let mut grid: Vec<f64> = (0..=4000).map(|i| i as f64 / 4000.0).collect();
        grid.extend([1e-300, 1e-17, 1e-12, 1.0 - 1e-12, 1.0 - 1e-16, 0.5 + 1e-15]);
        grid.sort_by(f64::total_cmp);
        for c in cases() {
            let (blo, bhi) = c.dist.bounds();
            let mut prev = f64::NEG_INFINITY;
            for &u in &grid {
                let x = c.dist.quantile(u);
                assert!(x.is_finite(), "{}: q({u}) = {x}", c.name);
                assert!(
                    x >= prev,
                    "{}: not monotone at u = {u}: {x} < {prev}",
                    c.name
                );
                assert!(
                    c.support.contains(x),
                    "{}: q({u}) = {x} outside support",
                    c.name
                );
                assert!(
                    blo <= x && x <= bhi,
                    "{}: q({u}) = {x} outside bounds",
                    c.name
                );
                prev = x;
            }
            if c.discrete {
                for &u in &grid[1..grid.len() - 1] {
                    let x = c.dist.quantile(u);
                    assert_eq!(c.dist.quantile(c.dist.cdf(x)), x, "{}", c.name);
                    assert!(c.dist.cdf(x) >= u - 1e-15, "{}", c.name);
                }
                continue;
            }
            // quantile(cdf(x)) ≈ x on interior points, cdf(quantile(u)) ≈ u
            let (lo, hi) = (c.dist.quantile(0.001), c.dist.quantile(0.999));
            for i in 1..200 {
                let x = lo + (hi - lo) * i as f64 / 200.0;
                let back = c.dist.quantile(c.dist.cdf(x));
                assert!(
                    (back - x).abs() <= 1e-8 * x.abs().max(hi - lo),
                    "{}: q(F({x})) = {back}",
                    c.name
                );
            }
            for i in 1..100 {
                let u = i as f64 / 100.0;
                let back = c.dist.cdf(c.dist.quantile(u));
                assert!((back - u).abs() <= 1e-9, "{}: F(q({u})) = {back}", c.name);
            }
        }
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
        // exp underflow of a very wide lognormal must not return 0 on (0, inf)
        let ln = d(1e-3, None, None, "lognormal(gsd=1e40)", Support::POSITIVE);
        assert!(ln.quantile(0.0) > 0.0 && ln.quantile(1.0).is_finite());
        assert!(Support::POSITIVE.contains(ln.quantile(0.0)));
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
    fn pinned_quantiles() {
        let us = [0.1, 0.5, 0.9];
        // Φ⁻¹(0.9), tabulated (mpmath, 40 digits: 1.281551565544600466965...)
        let z90 = 1.281_551_565_544_600_5;
        let check = |name: &str, dist: &Distribution, want: [f64; 3], tol: f64| {
            for (u, w) in us.iter().zip(want) {
                let got = dist.quantile(*u);
                assert!(
                    (got - w).abs() <= tol * w.abs().max(1.0),
                    "{name}: q({u}) = {got}, want {w}"
                );
            }
        };
        check(
            "fixed",
            &d(3.0, None, None, "fixed", Support::NON_NEGATIVE),
            [3.0; 3],
            0.0,
        );
        check(
            "uniform",
            &d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE),
            [2.4, 4.0, 5.6],
            1e-15,
        );
        // triangular a=1, c=2, b=5: F(c) = 1/4; left: 1 + √(4u), right: 5 - √(12(1-u))
        check(
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
        // PERT(2, 2, 4) = 2 + 2·Beta(1, 5); Beta(1,5) quantile 1 - (1-u)^(1/5)
        check(
            "pert(mode at min)",
            &d(2.0, Some(2.0), Some(4.0), "pert", Support::NON_NEGATIVE),
            [0.9, 0.5, 0.1].map(|s: f64| 2.0 + 2.0 * (1.0 - s.powf(0.2))),
            1e-10,
        );
        // PERT(0, 3, 10) = 10·Beta(2.2, 3.8); values from mpmath findroot on betainc
        check(
            "pert",
            &d(3.0, Some(0.0), Some(10.0), "pert", Support::NON_NEGATIVE),
            [
                1.361_999_625_636_714,
                3.509_994_849_491_18,
                6.207_544_856_651_201,
            ],
            1e-9,
        );
        // normal mean 10, [6, 14] as 95 % interval: sd = 4/1.959964
        let sd = 4.0 / 1.959_963_984_540_054;
        check(
            "normal",
            &d(10.0, Some(6.0), Some(14.0), "normal", Support::REAL),
            [10.0 - sd * z90, 10.0, 10.0 + sd * z90],
            1e-12,
        );
        // N(0,1) truncated to [-1, 2]: mpmath, Φ⁻¹(Φ(-1) + u(Φ(2) - Φ(-1)))
        check(
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
        check(
            "truncnormal tail",
            &tail,
            [
                3.031_940_147_748_348,
                3.205_093_808_209_979,
                3.642_030_914_652_575,
            ],
            1e-10,
        );
        // lognormal median 2, gsd 1.5: 2·1.5^z
        check(
            "lognormal(gsd)",
            &d(2.0, None, None, "lognormal(gsd=1.5)", Support::POSITIVE),
            [2.0 * 1.5f64.powf(-z90), 2.0, 2.0 * 1.5f64.powf(z90)],
            1e-12,
        );
        // lognormal from [1, 4]: median 2, q(0.975) = 4
        let lr = d(1.5, Some(1.0), Some(4.0), "lognormal", Support::POSITIVE);
        let sig = 4f64.ln() / (2.0 * 1.959_963_984_540_054);
        check(
            "lognormal(range)",
            &lr,
            [2.0 * (-sig * z90).exp(), 2.0, 2.0 * (sig * z90).exp()],
            1e-12,
        );
        assert!((lr.quantile(0.975) - 4.0).abs() < 1e-9);
        assert!((lr.quantile(0.025) - 1.0).abs() < 1e-9);
        // loguniform on [1, 100]: 10^(2u)
        check(
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
        // beta(2,5) on [0,1]: mpmath
        check(
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
        check(
            "beta(3,1)",
            &d(
                15.0,
                Some(10.0),
                Some(20.0),
                "beta(a=3,b=1)",
                Support::NON_NEGATIVE,
            ),
            us.map(|u: f64| 10.0 + 10.0 * u.powf(1.0 / 3.0)),
            1e-10,
        );
        // empirical, 5 values: ⌈5u⌉-th order statistic → 1st, 3rd, 5th
        check(
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
    fn validation_errors() {
        let s = Support::NON_NEGATIVE;
        let new = |best, min, max, shape: &str, sup| {
            Distribution::new(best, min, max, &shape.parse().unwrap(), sup)
        };
        // missing bounds
        for shape in [
            "uniform",
            "triangular",
            "pert",
            "normal",
            "truncnormal",
            "lognormal",
            "loguniform",
            "beta(a=2,b=2)",
        ] {
            assert!(
                matches!(
                    new(1.0, None, None, shape, s),
                    Err(DistError::MissingBounds { .. })
                ),
                "{shape}"
            );
        }
        assert!(matches!(
            new(1.0, Some(0.5), None, "uniform", s),
            Err(DistError::MissingBounds { which: "max", .. })
        ));
        assert!(matches!(
            new(1.0, None, Some(2.0), "uniform", s),
            Err(DistError::MissingBounds { which: "min", .. })
        ));
        assert!(matches!(
            new(1.0, Some(2.0), Some(0.5), "uniform", s),
            Err(DistError::MinGreaterThanMax { .. })
        ));
        assert!(matches!(
            new(3.0, Some(0.5), Some(2.0), "triangular", s),
            Err(DistError::BestOutsideRange { .. })
        ));
        assert!(matches!(
            new(0.1, Some(0.5), None, "normal(sd=1)", s),
            Err(DistError::BestOutsideRange { .. })
        ));
        // lognormal from range: best must be within the range
        assert!(matches!(
            new(5.0, Some(1.0), Some(4.0), "lognormal", s),
            Err(DistError::BestOutsideRange { .. })
        ));
        // grade support (0, 1]
        let g = Support::FRACTION_OPEN_LOW;
        assert!(matches!(
            new(0.5, Some(0.0), Some(0.9), "uniform", g),
            Err(DistError::OutsideSupport { what: "min", .. })
        ));
        assert!(matches!(
            new(0.5, Some(0.1), Some(1.2), "uniform", g),
            Err(DistError::OutsideSupport { what: "max", .. })
        ));
        assert!(matches!(
            new(1.5, None, None, "fixed", g),
            Err(DistError::OutsideSupport { what: "best", .. })
        ));
        assert!(matches!(
            new(-1.0, None, None, "fixed", s),
            Err(DistError::OutsideSupport { what: "best", .. })
        ));
        assert!(matches!(
            new(0.5, None, None, "empirical(0.5;1.5)", Support::UNIT),
            Err(DistError::OutsideSupport {
                what: "empirical value",
                ..
            })
        ));
        // log shapes need positive parameters
        assert!(matches!(
            new(1.0, Some(0.0), Some(2.0), "loguniform", s),
            Err(DistError::NotPositive { what: "min", .. })
        ));
        assert!(matches!(
            new(1.0, Some(0.0), Some(2.0), "lognormal", s),
            Err(DistError::NotPositive { what: "min", .. })
        ));
        assert!(matches!(
            new(0.0, None, None, "lognormal(gsd=2)", s),
            Err(DistError::NotPositive { what: "best", .. })
        ));
        // non-finite numbers
        assert!(matches!(
            new(f64::NAN, None, None, "fixed", s),
            Err(DistError::NonFinite { what: "best", .. })
        ));
        assert!(matches!(
            new(1.0, Some(0.0), Some(f64::INFINITY), "uniform", s),
            Err(DistError::NonFinite { what: "max", .. })
        ));
        let sh = |shape: Shape| Distribution::new(1.0, Some(0.5), Some(2.0), &shape, s);
        assert!(matches!(
            sh(Shape::Normal { sd: Some(f64::NAN) }),
            Err(DistError::NonFinite { what: "sd", .. })
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![1.0, f64::NAN])),
            Err(DistError::NonFinite { .. })
        ));
        // parameter values
        assert!(matches!(
            sh(Shape::Normal { sd: Some(0.0) }),
            Err(DistError::NonPositiveSd { .. })
        ));
        assert!(matches!(
            sh(Shape::TruncNormal { sd: Some(-1.0) }),
            Err(DistError::NonPositiveSd { .. })
        ));
        assert!(matches!(
            sh(Shape::LogNormal { gsd: Some(1.0) }),
            Err(DistError::GsdNotAboveOne { .. })
        ));
        assert!(matches!(
            sh(Shape::LogNormal { gsd: Some(0.5) }),
            Err(DistError::GsdNotAboveOne { .. })
        ));
        assert!(matches!(
            sh(Shape::Beta { a: 0.0, b: 2.0 }),
            Err(DistError::BadBetaShape { .. })
        ));
        assert!(matches!(
            sh(Shape::Beta { a: 2.0, b: -1.0 }),
            Err(DistError::BadBetaShape { .. })
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![])),
            Err(DistError::EmptyEmpirical)
        ));
        assert!(matches!(
            sh(Shape::Empirical(vec![1.0, 3.0])),
            Err(DistError::EmpiricalOutsideRange { value: 3.0, .. })
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
        // malformed support
        let bad = Support {
            lo: 1.0,
            hi: 0.0,
            lo_open: false,
            hi_open: false,
        };
        assert!(matches!(
            new(0.5, None, None, "fixed", bad),
            Err(DistError::InvalidSupport { .. })
        ));
        // messages say what to do
        let msg = new(0.5, Some(0.0), Some(0.9), "uniform", g)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("(0, 1]") && msg.contains("change it"), "{msg}");
        let msg = new(1.0, None, None, "uniform", s).unwrap_err().to_string();
        assert!(msg.contains("min and max"), "{msg}");
        // scale factor
        let u = new(1.0, Some(0.5), Some(2.0), "uniform", s).unwrap();
        assert!(matches!(u.scaled(0.0), Err(DistError::InvalidScale { .. })));
        assert!(matches!(
            u.scaled(f64::NAN),
            Err(DistError::InvalidScale { .. })
        ));
        assert!(matches!(
            new(0.5, Some(0.2), Some(0.9), "uniform", g)
                .unwrap()
                .scaled_within(1.5, g),
            Err(DistError::OutsideSupport { .. })
        ));
    }

    #[test]
    fn degenerate_ranges_become_point_masses() {
        for shape in [
            "uniform",
            "triangular",
            "pert",
            "normal",
            "truncnormal",
            "lognormal",
            "loguniform",
            "beta(a=2,b=3)",
            "empirical(2;2)",
        ] {
            let dist = Distribution::new(
                2.0,
                Some(2.0),
                Some(2.0),
                &shape.parse().unwrap(),
                Support::NON_NEGATIVE,
            )
            .unwrap();
            assert!(dist.is_fixed(), "{shape}");
            assert_eq!(dist.quantile(0.3), 2.0);
            assert_eq!(dist.variance(), 0.0);
        }
    }

    #[test]
    fn shape_parsing() {
        let ok = |s: &str, want: Shape| assert_eq!(s.parse::<Shape>(), Ok(want), "{s}");
        ok("fixed", Shape::Fixed);
        ok(" Uniform ", Shape::Uniform);
        ok("TRIANGULAR", Shape::Triangular);
        ok("pert", Shape::Pert);
        ok("normal", Shape::Normal { sd: None });
        ok("normal( sd = 0.3 )", Shape::Normal { sd: Some(0.3) });
        ok("truncnormal", Shape::TruncNormal { sd: None });
        ok(
            "TruncNormal(SD=2e-3)",
            Shape::TruncNormal { sd: Some(0.002) },
        );
        ok("lognormal", Shape::LogNormal { gsd: None });
        ok("lognormal(gsd=1.5)", Shape::LogNormal { gsd: Some(1.5) });
        ok("log uniform", Shape::LogUniform);
        ok("beta(a=2,b=5)", Shape::Beta { a: 2.0, b: 5.0 });
        ok("beta(b=5; a=2)", Shape::Beta { a: 2.0, b: 5.0 });
        ok(
            "empirical(1.2;1.5;2.0)",
            Shape::Empirical(vec![1.2, 1.5, 2.0]),
        );
        ok(
            "empirical( 1.2 , 1.5 ; 2 )",
            Shape::Empirical(vec![1.2, 1.5, 2.0]),
        );
        ok("empirical(7)", Shape::Empirical(vec![7.0]));

        let err = |s: &str| s.parse::<Shape>().unwrap_err();
        assert_eq!(err(""), ShapeError::Empty);
        assert_eq!(err("   "), ShapeError::Empty);
        for bad in ["gamma", "normal(sd=0.3", "norma", "normal)sd=1("] {
            assert!(matches!(err(bad), ShapeError::Unknown { .. }), "{bad}");
        }
        for bad in [
            "normal(gsd=2)",
            "normal(0.3)",
            "lognormal(sd=2)",
            "uniform(1,2)",
            "beta(a=2)",
            "beta(a=2,b=3,c=4)",
            "beta(a=2,a=3)",
            "beta",
            "empirical()",
            "empirical",
        ] {
            assert!(
                matches!(err(bad), ShapeError::BadParameters { .. }),
                "{bad}"
            );
        }
        for bad in [
            "normal(sd=)",
            "normal(sd=abc)",
            "normal(sd=nan)",
            "lognormal(gsd=inf)",
            "beta(a=x,b=1)",
            "empirical(1;;2)",
            "empirical(1;two)",
        ] {
            assert!(matches!(err(bad), ShapeError::BadNumber { .. }), "{bad}");
        }
        let msg = err("gamma").to_string();
        for name in [
            "fixed",
            "uniform",
            "triangular",
            "pert",
            "normal",
            "truncnormal",
            "lognormal",
            "loguniform",
            "beta",
            "empirical",
        ] {
            assert!(msg.contains(name), "{msg} lacks {name}");
        }
    }

    #[test]
    fn shape_display_round_trips() {
        let shapes = [
            Shape::Fixed,
            Shape::Uniform,
            Shape::Triangular,
            Shape::Pert,
            Shape::Normal { sd: None },
            Shape::Normal { sd: Some(0.3) },
            Shape::TruncNormal { sd: None },
            Shape::TruncNormal { sd: Some(1e-7) },
            Shape::LogNormal { gsd: None },
            Shape::LogNormal { gsd: Some(1.5) },
            Shape::LogUniform,
            Shape::Beta { a: 2.0, b: 5.0 },
            Shape::Beta {
                a: 0.1,
                b: 12345.678,
            },
            Shape::Empirical(vec![1.2, 1.5, 2.0, -3.0, 1e22, 0.1 + 0.2]),
        ];
        for s in shapes {
            let text = s.to_string();
            assert_eq!(text.parse::<Shape>(), Ok(s.clone()), "{text}");
            assert_eq!(text.to_uppercase().parse::<Shape>(), Ok(s), "{text}");
        }
        assert_eq!(Shape::Beta { a: 2.0, b: 5.0 }.to_string(), "beta(a=2,b=5)");
        assert_eq!(
            Shape::Normal { sd: Some(0.3) }.to_string(),
            "normal(sd=0.3)"
        );
        assert_eq!(
            Shape::Empirical(vec![1.2, 1.5, 2.0]).to_string(),
            "empirical(1.2;1.5;2)"
        );
    }

    #[test]
    fn scaled_is_the_distribution_of_k_x() {
        let k = 2.5;
        for c in cases() {
            let s = c.dist.scaled(k).unwrap();
            for i in 1..50 {
                let u = i as f64 / 50.0;
                let (a, b) = (s.quantile(u), k * c.dist.quantile(u));
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                    "{}: {a} vs {b}",
                    c.name
                );
            }
            let (m, v) = (c.dist.mean(), c.dist.variance());
            assert!(
                (s.mean() - k * m).abs() <= 1e-9 * (k * m).abs().max(1.0),
                "{}",
                c.name
            );
            assert!(
                (s.variance() - k * k * v).abs() <= 1e-8 * (k * k * v).max(1e-12),
                "{}",
                c.name
            );
        }
        // scaling a mass stays in its support; a truncation at 0 stays at 0
        let m = d(10.0, Some(6.0), Some(14.0), "normal", Support::NON_NEGATIVE);
        let m2 = m.scaled_within(0.9, Support::NON_NEGATIVE).unwrap();
        assert_eq!(m2.bounds(), (0.0, f64::INFINITY));
    }

    /// A generator that replays fixed words, to check [`open01`].
    struct Replay(Vec<u64>);
    impl rand::TryRng for Replay {
        type Error = std::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(self.try_next_u64()? as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(self.0.remove(0))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            dst.fill(0);
            Ok(())
        }
    }

    #[test]
    fn open01_uses_53_bits_and_excludes_0_and_1() {
        // all-zero top bits are redrawn; all-ones gives 1 - 2^-53
        let mut r = Replay(vec![0, (1 << 11) - 1, u64::MAX, 1 << 11]);
        assert_eq!(open01(&mut r), 1.0 - 2f64.powi(-53));
        assert_eq!(open01(&mut r), 2f64.powi(-53));
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..10_000 {
            let u = open01(&mut rng);
            assert!(u > 0.0 && u < 1.0);
        }
        // sample() is quantile(open01())
        let dist = d(3.0, Some(2.0), Some(6.0), "uniform", Support::NON_NEGATIVE);
        let mut a = StdRng::seed_from_u64(9);
        let mut b = StdRng::seed_from_u64(9);
        assert_eq!(dist.sample(&mut a), dist.quantile(open01(&mut b)));
    }

    #[test]
    fn support_membership() {
        assert!(Support::FRACTION_OPEN_LOW.contains(1.0));
        assert!(!Support::FRACTION_OPEN_LOW.contains(0.0));
        assert!(Support::UNIT.contains(0.0) && Support::UNIT.contains(1.0));
        assert!(!Support::UNIT.contains(1.0 + 1e-15));
        assert!(Support::NON_NEGATIVE.contains(0.0));
        assert!(!Support::NON_NEGATIVE.contains(f64::INFINITY));
        assert!(!Support::POSITIVE.contains(0.0));
        assert!(!Support::REAL.contains(f64::NAN));
        assert_eq!(Support::FRACTION_OPEN_LOW.to_string(), "(0, 1]");
    }
}

/// Many distributions drawn together, grouped by shape into flat arrays, so that drawing a
/// sample's parameters is a few tight loops instead of one dispatch per parameter. Each value
/// is computed by exactly the formula of [`Distribution::quantile`], so results are identical.
#[derive(Clone, Debug, Default)]
pub struct QuantileBatch {
    /// (slot, dimension, params)
    uniform: Vec<(u32, u32, UniformParams)>,
    triangular: Vec<(u32, u32, TriangularParams)>,
    other: Vec<(u32, u32, Distribution)>,
}

impl QuantileBatch {
    /// Adds a distribution whose value goes to `slot`, driven by uniform number `dim`.
    pub fn push(&mut self, slot: u32, dim: u32, dist: &Distribution) {
        match dist {
            Distribution::Uniform(p) => self.uniform.push((slot, dim, *p)),
            Distribution::Triangular(p) => self.triangular.push((slot, dim, *p)),
            d => self.other.push((slot, dim, d.clone())),
        }
    }

    pub fn len(&self) -> usize {
        self.uniform.len() + self.triangular.len() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `values[slot] = quantile(u[dim])` for every member. Allocates nothing.
    #[inline]
    pub fn apply(&self, u: &[f64], values: &mut [f64]) {
        self.apply_lanes(u.as_chunks::<1>().0, values.as_chunks_mut::<1>().0);
    }

    /// `values[slot][l] = quantile(u[dim][l])` for every member and lane: several samples'
    /// parameters at once, each lane by exactly the formula of [`Distribution::quantile`].
    /// Allocates nothing.
    #[inline(always)]
    pub fn apply_lanes<const L: usize>(&self, u: &[[f64; L]], values: &mut [[f64; L]]) {
        for &(slot, dim, p) in &self.uniform {
            let (u, v) = (&u[dim as usize], &mut values[slot as usize]);
            for l in 0..L {
                let x = u[l].clamp(U_MIN, U_MAX);
                v[l] = (p.lo + x * p.width).min(p.hi);
            }
        }
        for &(slot, dim, p) in &self.triangular {
            let (u, v) = (&u[dim as usize], &mut values[slot as usize]);
            for l in 0..L {
                let x = u[l].clamp(U_MIN, U_MAX);
                // One square root per lane, of the side the lane is on: the same operations
                // as `Distribution::quantile`'s branch, at half the cost of both sides.
                let left = x < p.fc;
                let (t_left, t_right) = (x * p.k_left, (1.0 - x) * p.k_right);
                // A bitwise choice: written as `if`, the compiler splits the lanes into scalar
                // branches around each square root.
                let m = (left as u64).wrapping_neg();
                let t = (t_left.to_bits() & m) | (t_right.to_bits() & !m);
                let r = f64::from_bits(t).sqrt();
                v[l] = (if left { p.a + r } else { p.b - r }).clamp(p.a, p.b);
            }
        }
        for (slot, dim, d) in &self.other {
            for l in 0..L {
                values[*slot as usize][l] = d.quantile(u[*dim as usize][l]);
            }
        }
    }
}
