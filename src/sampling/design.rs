//! Sampling designs: where the `dims` uniforms of Monte Carlo sample `i` come from.
//!
//! A [`Design`] is built once per run from `(method, seed, dims, n_total)` and is
//! then queried with [`Design::fill`] for any sample index, in any order, from any
//! number of threads (`&self`, no allocation, no shared mutable state).  The
//! uniforms of sample `i` are a pure function of `(method, seed, dims, n_total, i)`,
//! so results are bit-identical for every thread count and work split.
//!
//! Methods:
//!
//! * [`Method::MonteCarlo`] — `u[d]` is the `d`-th output of
//!   `Xoshiro256PlusPlus::for_sample(seed, 0, i)` mapped by [`u01`].
//! * [`Method::LatinHypercube`] — McKay, Beckman & Conover (1979), "A comparison of
//!   three methods for selecting values of input variables in the analysis of
//!   output from a computer code", Technometrics 21(2).  `u[d] = (pi_d(i) + v)/n`
//!   where `pi_d` is a pseudo-random permutation of `0..n` keyed by `(seed, d)`,
//!   evaluated per index without storing it: a keyed bijection on `[0, 2^k)`,
//!   `2^k >= n`, restricted to `[0, n)` by cycle-walking (Black & Rogaway 2002,
//!   "Ciphers with arbitrary finite domains", CT-RSA; the same construction as
//!   Kensler 2013, "Correlated multi-jittered sampling", Pixar TM 13-01), and `v`
//!   is the sample's own Monte Carlo uniform for dimension `d`.
//! * [`Method::Sobol`] — Sobol' (1967) points with the Joe & Kuo (2008)
//!   direction numbers, nested-uniform (Owen 1995) scrambled with a hash-based
//!   permutation (Laine & Karras 2011; Burley 2020).  See [`Method::Sobol`].

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::accum::CHUNK;
use crate::sampling::rng::{NAME as RNG_NAME, Xoshiro256PlusPlus, XoshiroLanes, u01};

/// Joe & Kuo's direction numbers, file `new-joe-kuo-6.21201`
/// (S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
/// two-dimensional projections", SIAM J. Sci. Comput. 30(5):2635-2654, 2008;
/// data from <https://web.maths.unsw.edu.au/~fkuo/sobol/>), truncated to the
/// first 19,000 dimensions and re-spaced with single blanks.  One line per
/// dimension `d >= 2`: `d s a m_1 .. m_s` (degree `s` of the primitive
/// polynomial, its inner coefficients `a`, initial direction integers `m_i`).
/// Dimension 1 is the van der Corput sequence and has no line.
/// Provenance of this copy (extracted from SciPy's bundled copy of the same
/// table and cross-checked against a verbatim copy of the original file): see
/// the crate README.
static JOE_KUO: &str = include_str!("new-joe-kuo-6.txt");

/// Stream numbers of [`Xoshiro256PlusPlus::for_sample`] used by the designs.
/// Stream 0 is the sample's own generator (also what the engine uses for MC).
const STREAM_SAMPLE: u64 = 0;
/// Monte Carlo padding of Sobol' dimensions beyond the direction-number table.
const STREAM_SOBOL_PADDING: u64 = 1;
/// Per-dimension keys of the Latin hypercube permutations (index = dimension).
const STREAM_LHS_KEY: u64 = 2;
/// Per-dimension keys of the Owen scrambling (index = dimension).
const STREAM_SOBOL_KEY: u64 = 3;

/// Largest double below 1 (`1 - 2^-53`).
const MAX_BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// How the uniforms of the samples are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// Independent uniforms (plain Monte Carlo).
    MonteCarlo,
    /// Latin hypercube sampling over `n_total` samples: in every dimension each
    /// of the `n_total` equal strata holds exactly one sample.
    LatinHypercube,
    /// Owen-scrambled Sobol' points in natural (binary, not Gray-code) order:
    /// point `i` is the XOR of the direction numbers of the set bits of `i`,
    /// with 64-bit direction numbers, so any `u64` index is valid.  Balance
    /// properties hold for blocks of `2^m` points starting at a multiple of
    /// `2^m`, in particular for the first `2^m`: use powers of two and start at
    /// index 0 (Owen 2020, "On dropping the first Sobol' point").  Dimensions
    /// beyond [`max_sobol_dims`] are padded with Monte Carlo uniforms.
    Sobol,
}

impl Method {
    /// Short name, as accepted by [`FromStr`].
    pub fn as_str(self) -> &'static str {
        match self {
            Method::MonteCarlo => "mc",
            Method::LatinHypercube => "lhs",
            Method::Sobol => "sobol",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of `"...".parse::<Method>()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseMethodError(pub String);

impl fmt::Display for ParseMethodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown sampling method {:?} (expected \"mc\", \"lhs\" or \"sobol\")",
            self.0
        )
    }
}

impl std::error::Error for ParseMethodError {}

impl FromStr for Method {
    type Err = ParseMethodError;

    /// `"mc"`, `"lhs"`, `"sobol"` (ASCII case-insensitive, surrounding blanks
    /// ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mc" => Ok(Method::MonteCarlo),
            "lhs" => Ok(Method::LatinHypercube),
            "sobol" => Ok(Method::Sobol),
            _ => Err(ParseMethodError(s.to_string())),
        }
    }
}

/// Why a [`Design`] could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DesignError {
    /// A Latin hypercube needs `n_total >= 1`.
    EmptyLatinHypercube,
    /// The bundled direction-number table is malformed (a bug in the data).
    DirectionNumbers {
        /// 1-based line of the data file.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for DesignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DesignError::EmptyLatinHypercube => {
                f.write_str("a Latin hypercube design needs at least one sample")
            }
            DesignError::DirectionNumbers { line, reason } => {
                write!(f, "Sobol' direction numbers, line {line}: {reason}")
            }
        }
    }
}

impl std::error::Error for DesignError {}

/// Number of Sobol' dimensions available from the bundled Joe–Kuo table
/// (dimension 1 = van der Corput, plus one per data line).  Further
/// dimensions of a [`Method::Sobol`] design are Monte Carlo padding.
pub fn max_sobol_dims() -> usize {
    static COUNT: OnceLock<usize> = OnceLock::new();
    *COUNT.get_or_init(|| {
        1 + JOE_KUO
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count()
    })
}

/// Per-dimension 64-bit direction numbers: `v[j]` is XOR-ed in for bit `j` of
/// the index, `v[j] = m_{j+1} * 2^(63-j)`.
type Directions = [u64; 64];

/// Parses the first `count` dimensions (dimension 1 included) of the table and
/// expands them to 64 direction numbers each with the Bratley–Fox recurrence
/// (P. Bratley and B. L. Fox, ACM TOMS 14(1), 1988; as in Joe & Kuo 2008):
/// for `j > s`,
/// `V_j = V_{j-s} ^ (V_{j-s} >> s) ^ XOR_{k=1}^{s-1} a_k V_{j-k}`,
/// where `a_k` is bit `s-1-k` of `a`.
fn parse_direction_numbers(count: usize) -> Result<Vec<Directions>, DesignError> {
    let mut out = Vec::with_capacity(count);
    if count == 0 {
        return Ok(out);
    }
    // Dimension 1: van der Corput, all m_j = 1.
    let mut vdc = [0u64; 64];
    for (j, v) in vdc.iter_mut().enumerate() {
        *v = 1u64 << (63 - j);
    }
    out.push(vdc);

    let mut lines = JOE_KUO.lines().enumerate();
    // Header `d s a m_i`.
    if let Some((_, header)) = lines.next()
        && !header.trim_start().starts_with('d')
    {
        return Err(DesignError::DirectionNumbers {
            line: 1,
            reason: format!("unexpected header {header:?}"),
        });
    }
    for (lineno, line) in lines {
        if out.len() == count {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| DesignError::DirectionNumbers {
            line: lineno + 1,
            reason,
        };
        let mut fields = line.split_ascii_whitespace().map(str::parse::<u64>);
        let mut next = |what: &str| -> Result<u64, DesignError> {
            match fields.next() {
                Some(Ok(x)) => Ok(x),
                Some(Err(e)) => Err(bad(format!("{what}: {e}"))),
                None => Err(bad(format!("missing {what}"))),
            }
        };
        let d = next("d")?;
        let s = next("s")?;
        let a = next("a")?;
        if d != out.len() as u64 + 1 {
            return Err(bad(format!(
                "expected dimension {}, found {d}",
                out.len() + 1
            )));
        }
        if !(1..=63).contains(&s) || a >= 1u64 << (s - 1) {
            return Err(bad(format!("invalid polynomial s={s} a={a}")));
        }
        let s = s as usize;
        let mut v = [0u64; 64];
        for (j, vj) in v.iter_mut().enumerate().take(s) {
            let m = next("m_i")?;
            // m_{j+1} must be odd and below 2^(j+1).
            if m % 2 == 0 || m >> (j + 1) != 0 {
                return Err(bad(format!("invalid m_{} = {m}", j + 1)));
            }
            *vj = m << (63 - j);
        }
        if fields.next().is_some() {
            return Err(bad("more than s direction integers".into()));
        }
        for j in s..64 {
            let mut x = v[j - s] ^ (v[j - s] >> s);
            for k in 1..s {
                if (a >> (s - 1 - k)) & 1 == 1 {
                    x ^= v[j - k];
                }
            }
            v[j] = x;
        }
        out.push(v);
    }
    if out.len() < count {
        return Err(DesignError::DirectionNumbers {
            line: JOE_KUO.lines().count(),
            reason: format!("only {} dimensions, {count} requested", out.len()),
        });
    }
    Ok(out)
}

/// Unscrambled Sobol' coordinate of point `index` as a 64-bit binary fraction.
#[inline]
fn sobol_bits(v: &Directions, index: u64) -> u64 {
    let mut x = 0u64;
    let mut i = index;
    while i != 0 {
        x ^= v[i.trailing_zeros() as usize];
        i &= i - 1;
    }
    x
}

/// Nested uniform (Owen) scrambling of a 64-bit binary fraction, hash-based.
///
/// In base 2, Owen's nested scrambling flips digit `j` (counted from the most
/// significant) by a random function of digits `1..j-1`.  After bit reversal the
/// most significant digit is bit 0, and such a scramble is any map in which
/// output bit `i` is input bit `i` XOR a function of input bits `0..i-1`.
/// Adding a constant, multiplying by an odd constant and `y ^= y * even` all
/// have that form (carries only move upward), so their composition, keyed by the
/// per-dimension seed, is a nested scramble: this is the Laine–Karras
/// permutation (S. Laine and T. Karras, "Stratified sampling for stochastic
/// transparency", EGSR 2011) used for Owen scrambling by B. Burley, "Practical
/// hash-based Owen scrambling", JCGT 9(4), 2020 (reverse bits, permute, reverse
/// back).  This is a 64-bit variant with our own constants and a seeded odd
/// multiplier.  It randomises all 64 digits, including those below the
/// `log2(n)` digits that the first `n` Sobol' points carry, so the result is a
/// full-precision uniform (the "fill the low bits" step is part of the scramble).
/// The flip functions are hashed rather than independent, so it approximates a
/// fully random Owen scramble; the (t,m,s)-net property holds exactly.
#[inline]
fn owen_scramble(x: u64, key: &[u64; 3]) -> u64 {
    // Even multipliers, 2 mod 4 so that bit 1 depends on bit 0 in every round.
    const E1: u64 = 0xA54F_F53A_5F1D_36F2;
    const E2: u64 = 0xD1B5_4A32_D192_ED02;
    const E3: u64 = 0x8CB9_2BA7_2F3D_8DD6;
    let mut y = x.reverse_bits();
    y = y.wrapping_add(key[0]);
    y ^= y.wrapping_mul(E1);
    y = y.wrapping_mul(key[1] | 1);
    y ^= y.wrapping_mul(E2);
    y = y.wrapping_add(key[2]);
    y ^= y.wrapping_mul(E3);
    y ^= y.wrapping_mul(E1);
    y.reverse_bits()
}

/// Keyed pseudo-random permutation of `0..n` (Latin hypercube strata).
#[derive(Clone)]
struct Permutation {
    /// `n` itself.
    n: u64,
    /// `2^k - 1`, with `2^k` the smallest power of two `>= n`.
    mask: u64,
    /// Right-shift amounts of the two xorshift steps (both >= 1).
    shifts: [u32; 2],
}

impl Permutation {
    fn new(n: u64) -> Self {
        let k = if n <= 1 {
            0
        } else {
            64 - (n - 1).leading_zeros()
        };
        let mask = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
        let shifts = [k.div_ceil(2).max(1), k.div_ceil(3).max(1)];
        Permutation { n, mask, shifts }
    }

    /// A keyed bijection of `[0, 2^k)`: four rounds of XOR with a key word,
    /// multiplication by a keyed odd number mod `2^k` (mixes upward) and an
    /// xorshift to the right (mixes downward); each step is invertible on `k`
    /// bits.
    #[inline]
    fn bijection(&self, key: &[u64; 8], mut y: u64) -> u64 {
        let m = self.mask;
        for r in 0..4 {
            y = (y ^ key[2 * r]) & m;
            y = y.wrapping_mul(key[2 * r + 1] | 1) & m;
            y ^= y >> self.shifts[r & 1];
        }
        y
    }

    /// Image of `x < n`: cycle-walk the bijection until it lands in `[0, n)`.
    /// Because the bijection's cycle through `x` returns to `x`, this
    /// terminates and is a permutation of `[0, n)`; as `2^k < 2n`, fewer than two
    /// steps are needed on average.
    #[inline]
    fn apply(&self, key: &[u64; 8], x: u64) -> u64 {
        debug_assert!(x < self.n);
        let mut y = x;
        loop {
            y = self.bijection(key, y);
            if y < self.n {
                return y;
            }
        }
    }
}

#[derive(Clone)]
enum Kind {
    MonteCarlo,
    LatinHypercube {
        /// The permutation of the whole design (one replicate, one block): `n_total` strata.
        perm: Permutation,
        /// Key words of the permutations: `keys[r * dims + d]` for replicate `r`, dimension `d`.
        keys: Vec<[u64; 8]>,
    },
    Sobol {
        /// Direction numbers of the `min(dims, max_sobol_dims())` Sobol' dims.
        dirs: Vec<Directions>,
        /// Owen-scrambling keys: `keys[r * dirs.len() + d]` for replicate `r`, dimension `d`.
        keys: Vec<[u64; 3]>,
    },
}

/// Samples of the first block of an extensible Latin hypercube ([`Design::replicated`]): the
/// first round of a run (16 canonical chunks); block `b >= 1` holds the samples
/// `FIRST_BLOCK·2^(b−1) .. FIRST_BLOCK·2^b`, as the run's doubling rounds do.
pub const FIRST_BLOCK: u64 = 16 * CHUNK;

/// Replicates of a randomised design by default ([`Design::replicated`]): the `se_*` of `lhs`
/// and `sobol` runs come from the spread of their 32 independent randomisations. 32 rather
/// than 16: with 16, the replicate means of a Sobol' run of 1,000 samples (62 points each, an
/// incomplete net) are heavy-tailed enough that ±1.96 se (t-scaled) covered the mean only
/// 92.6 % of the time on `tests/fixtures/coverage2`; with 32, 94–96 % (`tests/coverage.rs`).
pub const DEFAULT_REPLICATES: usize = 32;

/// Replicate of sample `index` in a design of `replicates` replicates (a power of two
/// dividing [`CHUNK`]): `index mod replicates`, so that any number of samples splits into
/// replicates of equal size (±1), and a chunk holds `CHUNK / replicates` of each.
#[inline]
pub fn replicate_of(index: u64, replicates: usize) -> usize {
    (index % replicates as u64) as usize
}

/// Position of sample `index` within its replicate, counting from sample `start` (a multiple
/// of `replicates`): `(index − start) div replicates`.
#[inline]
fn position_in_replicate(index: u64, start: u64, replicates: usize) -> u64 {
    (index - start) / replicates as u64
}

/// Samples of replicate `r` among the `len` samples from a multiple of `replicates`.
#[inline]
fn replicate_len(len: u64, r: usize, replicates: usize) -> u64 {
    let reps = replicates as u64;
    len / reps + u64::from((r as u64) < len % reps)
}

/// Odd key words salted for block `b` of an extensible Latin hypercube (0 for block 0), so
/// that blocks of equal size do not repeat one permutation.
#[inline]
fn block_salt(b: u64) -> u64 {
    if b == 0 {
        return 0;
    }
    let mut z = b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) & !1
}

/// A sampling design: the uniforms of every sample of a run.
#[derive(Clone)]
pub struct Design {
    method: Method,
    seed: u64,
    dims: usize,
    n_total: u64,
    /// Independent randomisations (1: the plain design).
    replicates: usize,
    /// Latin hypercube only: doubling blocks ([`FIRST_BLOCK`]) rather than one over `n_total`.
    extensible: bool,
    kind: Kind,
}

impl fmt::Debug for Design {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Design")
            .field("method", &self.method)
            .field("seed", &self.seed)
            .field("dims", &self.dims)
            .field("n_total", &self.n_total)
            .field("replicates", &self.replicates)
            .field("extensible", &self.extensible)
            .finish_non_exhaustive()
    }
}

impl Design {
    /// Builds the design once (keys, and for Sobol' the direction numbers of
    /// the needed dimensions, parsed here from the bundled table).
    ///
    /// `n_total` is the number of samples of the run: it defines the strata of
    /// [`Method::LatinHypercube`] (must be >= 1) and is only recorded for the
    /// other methods.
    pub fn new(method: Method, seed: u64, dims: usize, n_total: u64) -> Result<Self, DesignError> {
        Design::replicated(method, seed, dims, n_total, 1, false)
    }

    /// A design of `replicates` independent randomisations (a power of two dividing
    /// [`CHUNK`]; forced to 1 for Monte Carlo, whose samples are independent already), for
    /// estimating the error of the randomised quasi-Monte Carlo designs from the spread
    /// between replicates (Owen 1997; L'Ecuyer & Lemieux 2002).
    ///
    /// Sample `i` belongs to replicate `r = i mod R`, at position `j = i div R` within it (its
    /// samples counted in sample order; within a Latin hypercube block from the block's
    /// start). Replicate `r` is a design of its own with its own
    /// keys, derived from `(seed, r)`; replicate 0's are those of the plain design, so
    /// `replicated(.., 1, false)` is [`Design::new`]'s design exactly.
    ///
    /// * Latin hypercube: replicate `r` is a Latin hypercube over its own samples (`m_r` strata
    ///   per dimension), sample `i` in stratum `π_{r,d}(j)`. With `extensible`, the samples
    ///   are cut into doubling blocks (the first [`FIRST_BLOCK`] samples, then each block as
    ///   long as all before it, the last one cut at `n_total`), each replicate a Latin
    ///   hypercube within each block: a run that stops after any of its doubling rounds
    ///   (`--precision`) has used complete hypercubes only.
    /// * Sobol': replicate `r` is the scrambled Sobol' sequence of key `(seed, r)`, its point
    ///   `j` for sample `i`: a run of `n = R·2^k` samples (`2^k ≥ CHUNK/R`) gives each replicate
    ///   the first `2^k` points of its sequence, a complete net.
    pub fn replicated(
        method: Method,
        seed: u64,
        dims: usize,
        n_total: u64,
        replicates: usize,
        extensible: bool,
    ) -> Result<Self, DesignError> {
        let replicates = match method {
            Method::MonteCarlo => 1,
            _ => replicates,
        };
        assert!(
            replicates.is_power_of_two() && replicates as u64 <= CHUNK,
            "replicates must be a power of two up to {CHUNK}"
        );
        // Replicate 0 keeps the plain design's keys; replicate r ≥ 1 draws its own from the
        // same stream at indices offset by r·2^40 (far beyond any dimension).
        let key_index = |r: usize, d: u64| d + ((r as u64) << 40);
        let kind = match method {
            Method::MonteCarlo => Kind::MonteCarlo,
            Method::LatinHypercube => {
                if n_total == 0 {
                    return Err(DesignError::EmptyLatinHypercube);
                }
                let keys = (0..replicates)
                    .flat_map(|r| (0..dims as u64).map(move |d| (r, d)))
                    .map(|(r, d)| {
                        let mut g =
                            Xoshiro256PlusPlus::for_sample(seed, STREAM_LHS_KEY, key_index(r, d));
                        std::array::from_fn(|_| g.next_u64())
                    })
                    .collect();
                Kind::LatinHypercube {
                    perm: Permutation::new(n_total),
                    keys,
                }
            }
            Method::Sobol => {
                let k = dims.min(max_sobol_dims());
                let dirs = parse_direction_numbers(k)?;
                let keys = (0..replicates)
                    .flat_map(|r| (0..k as u64).map(move |d| (r, d)))
                    .map(|(r, d)| {
                        let mut g =
                            Xoshiro256PlusPlus::for_sample(seed, STREAM_SOBOL_KEY, key_index(r, d));
                        [g.next_u64(), g.next_u64(), g.next_u64()]
                    })
                    .collect();
                Kind::Sobol { dirs, keys }
            }
        };
        Ok(Design {
            method,
            seed,
            dims,
            n_total,
            replicates,
            extensible: extensible && method == Method::LatinHypercube,
            kind,
        })
    }

    /// Independent randomisations of the design (1 for Monte Carlo and plain designs).
    pub fn replicates(&self) -> usize {
        self.replicates
    }

    /// Whether a Latin hypercube is laid out in doubling blocks.
    pub fn extensible(&self) -> bool {
        self.extensible
    }

    /// The Latin hypercube block of sample `index`: (block, first sample, end).
    #[inline]
    fn lhs_block(&self, index: u64) -> (u64, u64, u64) {
        if !self.extensible {
            return (0, 0, self.n_total);
        }
        if index < FIRST_BLOCK {
            return (0, 0, FIRST_BLOCK.min(self.n_total));
        }
        let b = 64 - (index / FIRST_BLOCK).leading_zeros() as u64;
        let start = FIRST_BLOCK << (b - 1);
        (b, start, start.saturating_mul(2).min(self.n_total))
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Uniforms per sample.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of samples of the run the design was built for.
    pub fn n_total(&self) -> u64 {
        self.n_total
    }

    /// Dimensions that are genuine (scrambled) Sobol' coordinates: for a Sobol'
    /// design `min(dims, max_sobol_dims())`, otherwise 0.
    pub fn sobol_dims(&self) -> usize {
        match &self.kind {
            Kind::Sobol { dirs, .. } => dirs.len(),
            _ => 0,
        }
    }

    /// The uniforms of samples `first .. first + count` side by side: `u[d][l]` is dimension
    /// `d` of sample `first + l`, exactly as [`Design::fill`] gives it. Lanes from `count` on
    /// are left as they are, or (Monte Carlo) filled with the following samples'. Allocates
    /// nothing; `scratch` holds one sample's `dims` uniforms.
    #[inline(always)]
    pub fn fill_lanes<const L: usize>(
        &self,
        first: u64,
        count: usize,
        u: &mut [[f64; L]],
        scratch: &mut [f64],
    ) {
        assert_eq!(
            u.len(),
            self.dims,
            "Design::fill_lanes: one entry per dimension"
        );
        debug_assert!(count <= L);
        match &self.kind {
            Kind::MonteCarlo => {
                let mut rng = XoshiroLanes::<L>::for_samples(self.seed, STREAM_SAMPLE, first);
                for x in u.iter_mut() {
                    *x = rng.next_u01();
                }
            }
            _ => {
                for l in 0..count {
                    self.fill(first + l as u64, scratch);
                    for (x, &y) in u.iter_mut().zip(scratch.iter()) {
                        x[l] = y;
                    }
                }
            }
        }
    }

    /// Writes the `dims` uniforms of sample `index`, each in the open interval
    /// (0, 1), into `u`.  Pure function of the design and `index`; no
    /// allocation; safe to call concurrently.
    ///
    /// # Panics
    /// If `u.len() != dims`, or, for a Latin hypercube, if `index >= n_total`.
    pub fn fill(&self, index: u64, u: &mut [f64]) {
        assert_eq!(
            u.len(),
            self.dims,
            "Design::fill: buffer length must equal dims"
        );
        match &self.kind {
            Kind::MonteCarlo => {
                let mut rng = Xoshiro256PlusPlus::for_sample(self.seed, STREAM_SAMPLE, index);
                for x in u.iter_mut() {
                    *x = rng.next_u01();
                }
            }
            Kind::LatinHypercube { perm, keys } => {
                assert!(
                    index < self.n_total,
                    "Latin hypercube sample index {index} out of range (n_total = {})",
                    self.n_total
                );
                let reps = self.replicates;
                let (block, start, end) = self.lhs_block(index);
                let r = replicate_of(index, reps);
                let plain = reps == 1 && !self.extensible;
                // The replicate's samples in this block, and this sample's position among them.
                let (m, j) = match plain {
                    true => (self.n_total, index),
                    false => (
                        replicate_len(end - start, r, reps),
                        position_in_replicate(index, start, reps),
                    ),
                };
                let own;
                let perm = match plain {
                    true => perm,
                    false => {
                        own = Permutation::new(m);
                        &own
                    }
                };
                let salt = block_salt(block);
                let keys = &keys[r * self.dims..(r + 1) * self.dims];
                let n = m as f64;
                let mut rng = Xoshiro256PlusPlus::for_sample(self.seed, STREAM_SAMPLE, index);
                for (x, key) in u.iter_mut().zip(keys) {
                    let stratum = if salt == 0 {
                        perm.apply(key, j)
                    } else {
                        let mut k = *key;
                        for w in k.iter_mut().skip(1).step_by(2) {
                            *w ^= salt;
                        }
                        perm.apply(&k, j)
                    };
                    let v = rng.next_u01();
                    // (stratum + v) / n; v < 1 keeps it inside the stratum up to
                    // floating-point rounding (only possible when v is within
                    // half an ulp of `stratum` from 1), and the result is kept
                    // strictly below 1.
                    *x = ((stratum as f64 + v) / n).min(MAX_BELOW_ONE);
                }
            }
            Kind::Sobol { dirs, keys } => {
                let k = dirs.len();
                let (r, j) = match self.replicates {
                    1 => (0, index),
                    reps => (
                        replicate_of(index, reps),
                        position_in_replicate(index, 0, reps),
                    ),
                };
                let keys = &keys[r * k..(r + 1) * k];
                let (head, tail) = u.split_at_mut(k);
                for ((x, v), key) in head.iter_mut().zip(dirs).zip(keys) {
                    *x = u01(owen_scramble(sobol_bits(v, j), key));
                }
                if !tail.is_empty() {
                    let mut rng =
                        Xoshiro256PlusPlus::for_sample(self.seed, STREAM_SOBOL_PADDING, index);
                    for x in tail.iter_mut() {
                        *x = rng.next_u01();
                    }
                }
            }
        }
    }

    /// Description of method and generator for the run manifest.
    pub fn name(&self) -> String {
        let mut s = self.base_name();
        if self.replicates > 1 {
            s.push_str(&format!(
                "; {} independent replicates (sample i in replicate i mod {0}, point i div {0} of \
                 it), error estimated from their spread",
                self.replicates
            ));
        }
        if self.extensible {
            s.push_str(&format!(
                "; doubling blocks of {FIRST_BLOCK}, {FIRST_BLOCK}, {}, … samples, each a Latin hypercube per replicate",
                2 * FIRST_BLOCK
            ));
        }
        s
    }

    fn base_name(&self) -> String {
        match &self.kind {
            Kind::MonteCarlo => format!("Monte Carlo; {RNG_NAME}"),
            Kind::LatinHypercube { perm, .. } => format!(
                "Latin hypercube over {} samples (per-dimension permutation: keyed \
                 bijection on 2^{} with cycle-walking; within-stratum uniforms: {RNG_NAME})",
                self.n_total,
                perm.mask.count_ones()
            ),
            Kind::Sobol { dirs, .. } => {
                let k = dirs.len();
                let mut s = format!(
                    "scrambled Sobol' (Joe-Kuo new-joe-kuo-6.21201 direction numbers, \
                     natural order, 64-bit; nested uniform (Owen) scrambling, hash-based \
                     after Laine-Karras/Burley 2020; {k} Sobol' dims"
                );
                if self.dims > k {
                    s.push_str(&format!(
                        "; dims {}..{} padded with Monte Carlo uniforms from {RNG_NAME}, stream {STREAM_SOBOL_PADDING}",
                        k + 1,
                        self.dims
                    ));
                }
                s.push(')');
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn points(design: &Design, n: u64) -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| {
                let mut u = vec![0.0; design.dims()];
                design.fill(i, &mut u);
                u
            })
            .collect()
    }

    fn frac(x: u64) -> f64 {
        x as f64 / 2f64.powi(64)
    }

    #[test]
    fn method_parse_and_display_round_trip() {
        for m in [Method::MonteCarlo, Method::LatinHypercube, Method::Sobol] {
            assert_eq!(m.to_string().parse::<Method>(), Ok(m));
        }
        assert_eq!("mc".parse(), Ok(Method::MonteCarlo));
        assert_eq!(" LHS ".parse(), Ok(Method::LatinHypercube));
        assert_eq!("sobol".parse(), Ok(Method::Sobol));
        assert!("halton".parse::<Method>().is_err());
        assert_eq!(Method::Sobol.to_string(), "sobol");
    }

    #[test]
    fn bundled_table_size_and_parse() {
        assert_eq!(max_sobol_dims(), 19_000);
        let all = parse_direction_numbers(max_sobol_dims()).expect("table parses");
        assert_eq!(all.len(), 19_000);
        // Last line of the table (dimension 19000): s = 18, m_1 = 1, m_2 = 1, m_3 = 5.
        let last = &all[18_999];
        assert_eq!(last[0], 1 << 63);
        assert_eq!(last[1], 1 << 62);
        assert_eq!(last[2], 5 << 61);
        assert!(parse_direction_numbers(max_sobol_dims() + 1).is_err());
    }

    /// The polynomials of the table must be exactly the primitive polynomials
    /// over GF(2), in increasing order of (degree, a): an independent check on
    /// the data file (a transcription error in `s` or `a` would show).
    #[test]
    fn table_polynomials_are_primitive_and_ordered() {
        fn mulmod(mut a: u64, mut b: u64, p: u64, s: u32) -> u64 {
            let mut r = 0;
            while b != 0 {
                if b & 1 == 1 {
                    r ^= a;
                }
                b >>= 1;
                a <<= 1;
                if (a >> s) & 1 == 1 {
                    a ^= p;
                }
            }
            r
        }
        fn x_pow(mut e: u64, p: u64, s: u32) -> u64 {
            let (mut r, mut x) = (1u64, 2u64);
            while e != 0 {
                if e & 1 == 1 {
                    r = mulmod(r, x, p, s);
                }
                x = mulmod(x, x, p, s);
                e >>= 1;
            }
            r
        }
        fn prime_factors(mut n: u64) -> Vec<u64> {
            let mut f = vec![];
            let mut q = 2;
            while q * q <= n {
                if n.is_multiple_of(q) {
                    f.push(q);
                    while n.is_multiple_of(q) {
                        n /= q;
                    }
                }
                q += 1;
            }
            if n > 1 {
                f.push(n);
            }
            f
        }
        let mut prev = (0u64, 0u64);
        let mut count = [0u32; 19];
        for line in JOE_KUO.lines().skip(1) {
            let f: Vec<u64> = line
                .split_ascii_whitespace()
                .map(|t| t.parse().unwrap())
                .collect();
            let (s, a) = (f[1], f[2]);
            assert!((s, a) > prev, "order at dimension {}", f[0]);
            prev = (s, a);
            count[s as usize] += 1;
            let p = (1u64 << s) | (a << 1) | 1;
            if s == 1 {
                assert_eq!(p, 3);
                continue;
            }
            let s32 = s as u32;
            let order = (1u64 << s) - 1;
            assert_eq!(x_pow(order, p, s32), 1, "dimension {}", f[0]);
            for q in prime_factors(order) {
                assert_ne!(x_pow(order / q, p, s32), 1, "dimension {}", f[0]);
            }
        }
        // Number of primitive polynomials of degree s is phi(2^s - 1)/s; the
        // table holds all of them for degrees 1..=17.
        let expected = [
            0, 1, 1, 2, 2, 6, 6, 18, 16, 48, 60, 176, 144, 630, 756, 1800, 2048, 7710,
        ];
        assert_eq!(&count[..18], &expected[..]);
    }

    /// First eight unscrambled points, natural order (index 0, 1, 2, ...), from
    /// the recurrence worked by hand:
    /// dim 1 (van der Corput): V = 1/2, 1/4, 1/8;
    /// dim 2 (s=1, a=0, m=1): V = 1/2, 3/4, 5/8;
    /// dim 3 (s=2, a=1, m=1,3): V = 1/2, 3/4, 3/8 (= 1/2 ^ 1/8 ^ 3/4).
    /// Point i = XOR of V_j over the set bits j of i.
    /// (Joe & Kuo's own program and SciPy emit Gray-code order, point
    /// i = our point `i ^ (i >> 1)`; e.g. their dimension 1 reads
    /// 0, .5, .75, .25, .375, .875, .625, .125, which is our dimension 3 in
    /// natural order by coincidence — checked below.)
    #[test]
    fn unscrambled_sobol_first_points() {
        let dirs = parse_direction_numbers(3).unwrap();
        let pts =
            |d: usize| -> Vec<f64> { (0..8).map(|i| frac(sobol_bits(&dirs[d], i))).collect() };
        assert_eq!(pts(0), [0.0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]);
        assert_eq!(pts(1), [0.0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875]);
        assert_eq!(pts(2), [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
        // Gray-code order of dimension 1 (Joe–Kuo/SciPy ordering).
        let gray: Vec<f64> = (0..8u64)
            .map(|i| frac(sobol_bits(&dirs[0], i ^ (i >> 1))))
            .collect();
        assert_eq!(gray, [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
        // Dimension 2 direction numbers from the recurrence: m = 1, 3, 5, 15, 17, 51.
        let m: Vec<u64> = (0..6).map(|j| dirs[1][j] >> (63 - j)).collect();
        assert_eq!(m, [1, 3, 5, 15, 17, 51]);
        // Dimension 3: m = 1, 3, 3, 9, 29 (s = 2, a = 1:
        // m_k = 2 m_{k-1} ^ 4 m_{k-2} ^ m_{k-2}).
        let m: Vec<u64> = (0..5).map(|j| dirs[2][j] >> (63 - j)).collect();
        assert_eq!(m, [1, 3, 3, 9, 29]);
    }

    /// Each dimension's first 2^m points hit every interval [k/2^m, (k+1)/2^m)
    /// once ((0,m,1)-net), for all Sobol' dimensions of the table: exercises the
    /// parser and the recurrence on every line.
    #[test]
    fn every_unscrambled_dimension_is_stratified() {
        let dirs = parse_direction_numbers(max_sobol_dims()).unwrap();
        let m = 8;
        for (d, v) in dirs.iter().enumerate() {
            let mut seen = [false; 256];
            for i in 0..(1u64 << m) {
                let x = sobol_bits(v, i);
                assert_eq!(x << m, 0, "dim {} has bits below 2^-{m}", d + 1);
                let cell = (x >> (64 - m)) as usize;
                assert!(!seen[cell], "dim {}: cell {cell} hit twice", d + 1);
                seen[cell] = true;
            }
        }
    }

    /// Counts, for every elementary interval of shape 2^-a x 2^-(m-a), how many
    /// of the points fall in it; true iff all counts are 1.
    fn is_0m2_net(pts: &[(f64, f64)], m: u32) -> bool {
        assert_eq!(pts.len(), 1 << m);
        (0..=m).all(|a| {
            let b = m - a;
            let mut count = vec![0u32; 1 << m];
            for &(x, y) in pts {
                let i = (x * (1u64 << a) as f64) as usize;
                let j = (y * (1u64 << b) as f64) as usize;
                count[(i << b) | j] += 1;
            }
            count.iter().all(|&c| c == 1)
        })
    }

    #[test]
    fn scrambled_sobol_keeps_the_net_property() {
        let m = 6;
        for seed in [0u64, 1, 2, 12_345, u64::MAX] {
            let design = Design::new(Method::Sobol, seed, 8, 64).unwrap();
            let p = points(&design, 64);
            // Dims 1 and 2 form a (0,6,2)-net: every elementary interval of area
            // 1/64 (8x8 boxes among them) holds exactly one point.
            let pairs: Vec<(f64, f64)> = p.iter().map(|u| (u[0], u[1])).collect();
            assert!(is_0m2_net(&pairs, m), "seed {seed}");
            let mut boxes = [[0u32; 8]; 8];
            for &(x, y) in &pairs {
                boxes[(x * 8.0) as usize][(y * 8.0) as usize] += 1;
            }
            assert!(boxes.iter().flatten().all(|&c| c == 1));
            // The blocks 64..128 and 128..192 too.
            for block in 1..3u64 {
                let q: Vec<(f64, f64)> = (64 * block..64 * (block + 1))
                    .map(|i| {
                        let mut u = [0.0; 8];
                        design.fill(i, &mut u);
                        (u[0], u[1])
                    })
                    .collect();
                assert!(is_0m2_net(&q, m), "seed {seed}, block {block}");
            }
            // Every dimension stays stratified in 1-D.
            for d in 0..8 {
                let mut cells: Vec<usize> = p.iter().map(|u| (u[d] * 64.0) as usize).collect();
                cells.sort_unstable();
                assert_eq!(cells, (0..64).collect::<Vec<_>>(), "seed {seed}, dim {d}");
            }
        }
    }

    #[test]
    fn scrambling_is_effective_and_seeded() {
        let a = Design::new(Method::Sobol, 1, 4, 16).unwrap();
        let b = Design::new(Method::Sobol, 2, 4, 16).unwrap();
        let (pa, pb) = (points(&a, 16), points(&b, 16));
        assert_ne!(pa, pb);
        // Point 0 is no longer the origin.
        assert!(pa[0].iter().all(|&x| x > 1e-6));
        // The scramble of point 0 is uniform over seeds: chi-square, 16 bins,
        // 4000 seeds, dims 1 and 2 (15 dof, 0.9999 quantile ~ 44).
        for d in 0..2 {
            let mut bins = [0u32; 16];
            let mut sum = 0.0;
            for seed in 0..4000u64 {
                let design = Design::new(Method::Sobol, seed, 2, 1).unwrap();
                let mut u = [0.0; 2];
                design.fill(0, &mut u);
                bins[(u[d] * 16.0) as usize] += 1;
                sum += u[d];
            }
            let e = 4000.0 / 16.0;
            let chi2: f64 = bins.iter().map(|&o| (o as f64 - e).powi(2) / e).sum();
            assert!(chi2 < 44.0, "dim {d}: chi2 {chi2}");
            assert!((sum / 4000.0 - 0.5).abs() < 0.02);
        }
    }

    #[test]
    fn latin_hypercube_hits_every_stratum_once() {
        for n in [1u64, 2, 3, 5, 7, 10, 64, 100, 127, 1000, 1023, 1025, 4099] {
            for seed in [3u64, 99] {
                let dims = 6;
                let design = Design::new(Method::LatinHypercube, seed, dims, n).unwrap();
                let p = points(&design, n);
                for d in 0..dims {
                    let mut cells: Vec<u64> = p.iter().map(|u| (u[d] * n as f64) as u64).collect();
                    cells.sort_unstable();
                    assert_eq!(
                        cells,
                        (0..n).collect::<Vec<_>>(),
                        "n {n}, seed {seed}, dim {d}"
                    );
                }
            }
        }
    }

    #[test]
    fn latin_hypercube_permutations_look_random() {
        // Strata vs. index and between dimensions: Pearson correlation of the
        // permutations near 0 (|r| < 4.5/sqrt(n)), and not the identity.
        let n = 4096u64;
        let design = Design::new(Method::LatinHypercube, 2024, 6, n).unwrap();
        let Kind::LatinHypercube { perm, keys } = &design.kind else {
            unreachable!()
        };
        let perms: Vec<Vec<f64>> = keys
            .iter()
            .map(|k| (0..n).map(|i| perm.apply(k, i) as f64).collect())
            .collect();
        let idx: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let corr = |x: &[f64], y: &[f64]| {
            let m = (n as f64 - 1.0) / 2.0;
            let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - m) * (b - m)).sum();
            let var: f64 = x.iter().map(|a| (a - m) * (a - m)).sum();
            cov / var
        };
        let bound = 4.5 / (n as f64).sqrt();
        for (d, p) in perms.iter().enumerate() {
            assert!(corr(&idx, p).abs() < bound, "dim {d} vs index");
            for q in &perms[d + 1..] {
                assert!(corr(p, q).abs() < bound);
            }
            let fixed = p.iter().zip(&idx).filter(|(a, b)| a == b).count();
            assert!(fixed < 12, "{fixed} fixed points"); // Poisson(1)
        }
    }

    #[test]
    fn latin_hypercube_rejects_bad_input() {
        assert_eq!(
            Design::new(Method::LatinHypercube, 1, 3, 0).unwrap_err(),
            DesignError::EmptyLatinHypercube
        );
        let d = Design::new(Method::LatinHypercube, 1, 3, 10).unwrap();
        let r = std::panic::catch_unwind(|| {
            let mut u = [0.0; 3];
            d.fill(10, &mut u);
        });
        assert!(r.is_err());
    }

    /// RMSE over 20 seeds of the n = 4096 estimate of a smooth product
    /// (exact integral 1) and of an additive function (exact 5/3).
    #[test]
    fn integration_rmse_ordering() {
        let n = 4096u64;
        let dims = 5;
        let product = |u: &[f64]| u.iter().map(|x| 1.0 + (x - 0.5)).product::<f64>();
        let additive = |u: &[f64]| u.iter().map(|x| x * x).sum::<f64>();
        let rmse = |method: Method, f: &dyn Fn(&[f64]) -> f64, exact: f64| {
            let mut se = 0.0;
            for s in 0..20u64 {
                let design = Design::new(method, 7_000 + s, dims, n).unwrap();
                let mut u = vec![0.0; dims];
                let mut sum = 0.0;
                for i in 0..n {
                    design.fill(i, &mut u);
                    sum += f(&u);
                }
                se += (sum / n as f64 - exact).powi(2);
            }
            (se / 20.0).sqrt()
        };
        let mc_p = rmse(Method::MonteCarlo, &product, 1.0);
        let sobol_p = rmse(Method::Sobol, &product, 1.0);
        let lhs_p = rmse(Method::LatinHypercube, &product, 1.0);
        let mc_a = rmse(Method::MonteCarlo, &additive, 5.0 / 3.0);
        let sobol_a = rmse(Method::Sobol, &additive, 5.0 / 3.0);
        let lhs_a = rmse(Method::LatinHypercube, &additive, 5.0 / 3.0);
        eprintln!("product : MC {mc_p:.3e}  LHS {lhs_p:.3e}  Sobol {sobol_p:.3e}");
        eprintln!("additive: MC {mc_a:.3e}  LHS {lhs_a:.3e}  Sobol {sobol_a:.3e}");
        // Plain MC: sd(f) = sqrt(1.0833^5 - 1) = 0.70, so about 0.011 at n = 4096.
        assert!(mc_p > 0.004 && mc_p < 0.02, "MC RMSE {mc_p}");
        assert!(sobol_p < mc_p / 4.0, "Sobol {sobol_p} vs MC {mc_p}");
        assert!(lhs_a < mc_a, "LHS {lhs_a} vs MC {mc_a}");
        assert!(lhs_a < mc_a / 4.0, "LHS {lhs_a} vs MC {mc_a}");
        assert!(sobol_a < mc_a / 4.0);
    }

    #[test]
    fn fill_is_order_and_thread_independent() {
        let n = 2_000u64;
        for method in [Method::MonteCarlo, Method::LatinHypercube, Method::Sobol] {
            let design = Design::new(method, 77, 7, n).unwrap();
            let forward = points(&design, n);
            // Reverse order.
            let mut u = vec![0.0; 7];
            for i in (0..n).rev() {
                design.fill(i, &mut u);
                assert_eq!(u, forward[i as usize]);
            }
            // Four threads, strided split, each with its own buffer.
            let results: Vec<Vec<(u64, Vec<f64>)>> = std::thread::scope(|sc| {
                let handles: Vec<_> = (0..4u64)
                    .map(|t| {
                        let design = &design;
                        sc.spawn(move || {
                            let mut out = vec![];
                            let mut u = vec![0.0; 7];
                            let mut i = t;
                            while i < n {
                                design.fill(i, &mut u);
                                out.push((i, u.clone()));
                                i += 4;
                            }
                            out
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for (i, v) in results.into_iter().flatten() {
                let a: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
                let b: Vec<u64> = forward[i as usize].iter().map(|x| x.to_bits()).collect();
                assert_eq!(a, b, "{method} sample {i}");
            }
            // A second, independently built design gives the same bits.
            let again = Design::new(method, 77, 7, n).unwrap();
            assert_eq!(points(&again, 50), forward[..50].to_vec());
        }
    }

    #[test]
    fn uniforms_are_always_inside_the_open_unit_interval() {
        let big = [
            0u64,
            1,
            2,
            1 << 32,
            (1 << 40) + 12_345,
            u64::MAX / 2,
            u64::MAX - 1,
            u64::MAX,
        ];
        for method in [Method::MonteCarlo, Method::Sobol] {
            let design = Design::new(method, 5, 40, 1 << 12).unwrap();
            let mut u = vec![0.0; 40];
            for i in (0..4096).chain(big) {
                design.fill(i, &mut u);
                assert!(u.iter().all(|&x| x > 0.0 && x < 1.0), "{method} index {i}");
            }
        }
        for n in [1u64, 2, 1000, u64::MAX] {
            let design = Design::new(Method::LatinHypercube, 5, 10, n).unwrap();
            let mut u = vec![0.0; 10];
            for i in (0..1000u64.min(n)).chain(big.into_iter().filter(|&i| i < n)) {
                design.fill(i, &mut u);
                assert!(u.iter().all(|&x| x > 0.0 && x < 1.0), "LHS n {n} index {i}");
            }
        }
    }

    #[test]
    fn monte_carlo_uses_the_per_sample_generator() {
        let design = Design::new(Method::MonteCarlo, 11, 5, 100).unwrap();
        let mut u = [0.0; 5];
        design.fill(42, &mut u);
        let mut rng = Xoshiro256PlusPlus::for_sample(11, 0, 42);
        let expected: Vec<f64> = (0..5).map(|_| rng.next_u01()).collect();
        assert_eq!(u.to_vec(), expected);
        // The Latin hypercube jitter is that same stream.
        let lhs = Design::new(Method::LatinHypercube, 11, 5, 100).unwrap();
        let mut w = [0.0; 5];
        lhs.fill(42, &mut w);
        for (x, v) in w.iter().zip(&expected) {
            let frac = x * 100.0 - (x * 100.0).floor();
            assert!((frac - v).abs() < 1e-9);
        }
    }

    #[test]
    fn sobol_pads_extra_dimensions_with_monte_carlo() {
        let max = max_sobol_dims();
        let dims = max + 3;
        let design = Design::new(Method::Sobol, 9, dims, 1024).unwrap();
        assert_eq!(design.sobol_dims(), max);
        assert!(design.name().contains("padded"));
        let mut u = vec![0.0; dims];
        design.fill(5, &mut u);
        let mut rng = Xoshiro256PlusPlus::for_sample(9, STREAM_SOBOL_PADDING, 5);
        for x in &u[max..] {
            assert_eq!(*x, rng.next_u01());
        }
        assert!(u.iter().all(|&x| x > 0.0 && x < 1.0));
        // The genuine Sobol' part equals that of a design without padding.
        let small = Design::new(Method::Sobol, 9, 3, 1024).unwrap();
        let mut v = [0.0; 3];
        small.fill(5, &mut v);
        assert_eq!(&u[..3], &v);
    }

    #[test]
    fn names_and_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Design>();
        let mc = Design::new(Method::MonteCarlo, 1, 2, 10).unwrap();
        assert!(mc.name().contains("xoshiro256++"));
        let lhs = Design::new(Method::LatinHypercube, 1, 2, 10).unwrap();
        assert!(lhs.name().contains("Latin hypercube over 10 samples"));
        let sob = Design::new(Method::Sobol, 1, 2, 16).unwrap();
        assert!(sob.name().contains("Joe-Kuo"));
        assert!(!sob.name().contains("padded"));
        assert_eq!(mc.method(), Method::MonteCarlo);
        assert_eq!((mc.seed(), mc.dims(), mc.n_total()), (1, 2, 10));
        assert_eq!(mc.sobol_dims(), 0);
        assert!(format!("{sob:?}").contains("Sobol"));
    }

    /// Every replicate of a replicated Latin hypercube is a Latin hypercube over its own
    /// samples; with doubling blocks, over its samples in each block.
    #[test]
    fn replicated_latin_hypercube_stratifies_each_replicate() {
        for (n, reps, extensible) in [
            (4096u64, 16usize, false),
            (1000, 16, false),
            (5000, 4, false),
            (3 * FIRST_BLOCK + 1000, 16, true),
        ] {
            let dims = 3;
            let d =
                Design::replicated(Method::LatinHypercube, 9, dims, n, reps, extensible).unwrap();
            let mut cells: BTreeMap<(u64, usize, usize), Vec<u64>> = BTreeMap::new();
            let mut u = vec![0.0; dims];
            for i in 0..n {
                d.fill(i, &mut u);
                let (b, start, end) = d.lhs_block(i);
                let r = replicate_of(i, reps);
                let m = replicate_len(end - start, r, reps);
                assert!(position_in_replicate(i, start, reps) < m);
                for (k, &x) in u.iter().enumerate() {
                    cells
                        .entry((b, r, k))
                        .or_default()
                        .push((x * m as f64) as u64);
                }
            }
            for ((b, r, k), mut c) in cells {
                c.sort_unstable();
                let m = c.len() as u64;
                assert_eq!(
                    c,
                    (0..m).collect::<Vec<_>>(),
                    "n {n} block {b} rep {r} dim {k}"
                );
            }
        }
        // One replicate, not extensible: the plain design.
        let a = Design::new(Method::LatinHypercube, 5, 4, 777).unwrap();
        let b = Design::replicated(Method::LatinHypercube, 5, 4, 777, 1, false).unwrap();
        assert_eq!(points(&a, 777), points(&b, 777));
    }

    /// Each replicate of a replicated Sobol' design is its own scrambled sequence: its first
    /// 2^m points form a net; replicate 0 is the plain design's sequence.
    #[test]
    fn replicated_sobol_replicates_are_nets() {
        let reps = 16;
        let d = Design::replicated(Method::Sobol, 3, 2, 1 << 12, reps, false).unwrap();
        let plain = Design::new(Method::Sobol, 3, 2, 1 << 12).unwrap();
        let mut by_rep: Vec<Vec<(f64, f64)>> = vec![Vec::new(); reps];
        let mut u = [0.0; 2];
        for i in 0..(64 * reps as u64) {
            d.fill(i, &mut u);
            by_rep[replicate_of(i, reps)].push((u[0], u[1]));
        }
        for (r, p) in by_rep.iter().enumerate() {
            assert!(is_0m2_net(p, 6), "replicate {r}");
        }
        let mut v = [0.0; 2];
        for j in 0..64u64 {
            plain.fill(j, &mut v);
            assert_eq!(by_rep[0][j as usize], (v[0], v[1]));
        }
        assert_ne!(by_rep[0], by_rep[1]);
        assert_eq!(
            Design::replicated(Method::MonteCarlo, 3, 2, 10, 16, false)
                .unwrap()
                .replicates(),
            1
        );
    }

    #[test]
    #[should_panic(expected = "buffer length")]
    fn fill_checks_buffer_length() {
        let d = Design::new(Method::MonteCarlo, 1, 3, 10).unwrap();
        let mut u = [0.0; 2];
        d.fill(0, &mut u);
    }
}
