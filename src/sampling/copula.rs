//! Dependence between inputs: a Gaussian copula applied to the design's uniforms.
//!
//! A design gives every uncertain parameter an independent uniform `u`; the parameter's value
//! is its inverse CDF at `u`. A declared rank correlation changes only the uniforms: the
//! uniforms of a correlated set become `z = Φ⁻¹(u)`, are mixed by the Cholesky factor of their
//! Pearson matrix, and go back through `Φ`. Each parameter's marginal is therefore unchanged
//! (its `u` is still uniform) and the mixing is a pure function of one sample's uniforms, so
//! `(seed, index)` determinism, threads and shard merging are untouched. Dimensions outside
//! any declared set are not touched at all: with nothing declared, a run is bit-identical to
//! one without this module.
//!
//! Two forms are supported:
//! - **pairs** (`correlations.csv`, `[[correlation]]`): Spearman's ρ per pair, turned into the
//!   normal-scale Pearson r = 2·sin(πρ/6) (exact for a Gaussian copula); pairs that share a
//!   parameter form one block, factorised once;
//! - **shared factors** (`[[shared_factor]]`): members move with one common standard normal
//!   drawn on a dimension of its own, `z_i' = √r·z_F + √(1−r)·z_i`, which gives every pair of
//!   members the same rank correlation ρ (r = 2·sin(πρ/6)); ρ = 1 makes them move as one. Its
//!   cost is linear in the members, where a dense block would be quadratic.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// Spearman's rank correlation → the Pearson correlation of the normal scores that gives it
/// under a Gaussian copula (Pearson 1907; Kruskal 1958): r = 2·sin(π·ρ/6).
pub fn spearman_to_pearson(rho: f64) -> f64 {
    2.0 * (PI * rho / 6.0).sin()
}

/// Acklam's rational approximation of Φ⁻¹ (2003): central and tail coefficients.
const A: [f64; 6] = [
    -3.969_683_028_665_376e1,
    2.209_460_984_245_205e2,
    -2.759_285_104_469_687e2,
    1.383_577_518_672_69e2,
    -3.066_479_806_614_716e1,
    2.506_628_277_459_239,
];
const B: [f64; 5] = [
    -5.447_609_879_822_406e1,
    1.615_858_368_580_409e2,
    -1.556_989_798_598_866e2,
    6.680_131_188_771_972e1,
    -1.328_068_155_288_572e1,
];
const C: [f64; 6] = [
    -7.784_894_002_430_293e-3,
    -3.223_964_580_411_365e-1,
    -2.400_758_277_161_838,
    -2.549_732_539_343_734,
    4.374_664_141_464_968,
    2.938_163_982_698_783,
];
const D: [f64; 4] = [
    7.784_695_709_041_462e-3,
    3.224_671_290_700_398e-1,
    2.445_134_137_142_996,
    3.754_408_661_907_416,
];
/// Below this probability (and above 1 − it) the tail formula applies.
const P_LOW: f64 = 0.02425;

#[inline(always)]
fn in_tail(p: f64) -> bool {
    !(P_LOW..=1.0 - P_LOW).contains(&p)
}

/// The central formula (exact where `!in_tail(p)`): pure arithmetic, so lanes vectorise.
#[inline(always)]
fn quantile_central(p: f64) -> f64 {
    let q = p - 0.5;
    let r = q * q;
    (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
}

#[inline(always)]
fn quantile_tail(p: f64) -> f64 {
    let lower = |q: f64| {
        let q = (-2.0 * q.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.5 { lower(p) } else { -lower(1.0 - p) }
}

/// Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2·10⁻⁹ over (0, 1); the
/// tests compare it with statrs).
#[inline(always)]
pub fn normal_quantile(p: f64) -> f64 {
    match in_tail(p) {
        true => quantile_tail(p),
        false => quantile_central(p),
    }
}

/// [`normal_quantile`] of every lane, each bit for bit as one call: the central formula on all
/// lanes at once (it vectorises), then the tail formula on the lanes that need it (5 % of
/// uniforms).
#[inline(always)]
fn normal_quantile_lanes<const L: usize>(p: &[f64; L]) -> [f64; L] {
    let mut z = [0.0; L];
    let mut tail = false;
    for l in 0..L {
        z[l] = quantile_central(p[l]);
        tail |= in_tail(p[l]);
    }
    if tail {
        for l in 0..L {
            if in_tail(p[l]) {
                z[l] = quantile_tail(p[l]);
            }
        }
    }
    z
}

/// eˣ for x ≤ 0, in plain arithmetic that vectorises (the C library's `exp` is a call per
/// value): x = k·ln 2 + r with |r| ≤ ln 2 / 2, eʳ by its Taylor series to r⁹ (truncation
/// below 10⁻¹¹, far inside the 1.2·10⁻⁷ of the erfc it serves), 2ᵏ written into the exponent
/// bits. Arguments below −708 give e⁻⁷⁰⁸.
#[inline(always)]
fn exp_nonpositive(x: f64) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    // 1.5·2⁵²: adding it leaves the integer k in the low mantissa bits.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let x = x.clamp(-708.0, 0.0);
    let k = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut e = INV_FACTORIAL[9];
    for c in INV_FACTORIAL[..9].iter().rev() {
        e = e * r + c;
    }
    let bits = ((k + SHIFT).to_bits().wrapping_sub(SHIFT.to_bits()) as i64 + 1023) as u64;
    e * f64::from_bits(bits << 52)
}

/// 1/n! for n = 0 … 9.
const INV_FACTORIAL: [f64; 10] = {
    let mut f = [1.0; 10];
    let mut n = 1;
    while n < 10 {
        f[n] = f[n - 1] / n as f64;
        n += 1;
    }
    f
};

/// Φ(x) = erfc(−x/√2)/2 with the Chebyshev-fitted erfc of Press et al. (*Numerical Recipes*,
/// §6.2: fractional error below 1.2·10⁻⁷ everywhere): one exponential, no branches but the
/// sign, so lanes vectorise. A uniform off by 10⁻⁷ of itself moves no statistic a run can
/// resolve (a million samples resolve 10⁻³).
#[inline(always)]
pub fn normal_cdf(x: f64) -> f64 {
    let z = (x * FRAC_1_SQRT_2).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    // erfc(z) for z = |x|/√2 ≥ 0; Φ(x) = erfc(−x/√2)/2.
    let erfc = t * exp_nonpositive(poly);
    let half = 0.5 * erfc;
    let p = if x < 0.0 { half } else { 1.0 - half };
    // Keep the uniform inside the open interval the quantile functions expect.
    p.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0)
}

/// A set of dimensions correlated pairwise: the lower Cholesky factor of their Pearson matrix.
#[derive(Clone, Debug, PartialEq)]
struct Block {
    dims: Vec<u32>,
    /// Row-major lower triangle: row `i` holds `l[i][0..=i]` at `i·(i+1)/2`.
    chol: Vec<f64>,
}

/// Members that move with one common factor drawn on its own dimension.
#[derive(Clone, Debug, PartialEq)]
struct Factor {
    dim: u32,
    members: Vec<u32>,
    /// √r and √(1 − r).
    common: f64,
    own: f64,
}

/// Why a declared dependence cannot be applied.
#[derive(Clone, Debug, PartialEq)]
pub enum CopulaError {
    /// |ρ| > 1, or not a number.
    OutOfRange { pair: usize, rho: f64 },
    /// ρ = ±1 between two parameters: a singular matrix.
    Perfect { pair: usize },
    /// A dimension paired with itself.
    SelfPair { pair: usize },
    /// The same pair twice with different ρ.
    Conflict { first: usize, second: usize },
    /// The pairs of one block give a matrix that is not positive definite: the pairs (indices
    /// into the declared list) among the dimensions up to where the factorisation failed.
    NotPositiveDefinite { pairs: Vec<usize> },
    /// A shared factor's ρ outside [0, 1].
    FactorRange { factor: usize, rho: f64 },
    /// A dimension in two structures (two factors, or a factor and a pair).
    Overlap { dim: u32 },
}

/// The declared dependence of a run's dimensions. Empty (the default) changes nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Copula {
    blocks: Vec<Block>,
    factors: Vec<Factor>,
    /// The largest block: the scratch a worker needs.
    widest: usize,
}

/// One declared pair: dimensions and Spearman's ρ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairSpec {
    pub a: u32,
    pub b: u32,
    pub rho: f64,
}

/// One declared shared factor: its own dimension, its members and their common Spearman ρ.
#[derive(Clone, Debug, PartialEq)]
pub struct FactorSpec {
    pub dim: u32,
    pub members: Vec<u32>,
    pub rho: f64,
}

impl Copula {
    /// Validates and factorises the declared pairs and factors. Errors name the declared
    /// entries (by index) so the caller can point at their file and line.
    pub fn new(pairs: &[PairSpec], factors: &[FactorSpec]) -> Result<Copula, CopulaError> {
        let mut owner: std::collections::HashMap<u32, usize> = Default::default();
        let mut out = Copula::default();
        for (i, f) in factors.iter().enumerate() {
            if !(0.0..=1.0).contains(&f.rho) {
                return Err(CopulaError::FactorRange {
                    factor: i,
                    rho: f.rho,
                });
            }
            for &m in &f.members {
                if owner.insert(m, i).is_some() {
                    return Err(CopulaError::Overlap { dim: m });
                }
            }
            let r = spearman_to_pearson(f.rho).clamp(0.0, 1.0);
            out.factors.push(Factor {
                dim: f.dim,
                members: f.members.clone(),
                common: r.sqrt(),
                own: (1.0 - r).sqrt(),
            });
        }
        let mut seen: std::collections::HashMap<(u32, u32), usize> = Default::default();
        for (i, p) in pairs.iter().enumerate() {
            if p.rho.is_nan() || p.rho.abs() > 1.0 {
                return Err(CopulaError::OutOfRange {
                    pair: i,
                    rho: p.rho,
                });
            }
            if p.a == p.b {
                return Err(CopulaError::SelfPair { pair: i });
            }
            if p.rho.abs() == 1.0 {
                return Err(CopulaError::Perfect { pair: i });
            }
            for d in [p.a, p.b] {
                if owner.contains_key(&d) {
                    return Err(CopulaError::Overlap { dim: d });
                }
            }
            let key = (p.a.min(p.b), p.a.max(p.b));
            if let Some(&j) = seen.get(&key) {
                if pairs[j].rho != p.rho {
                    return Err(CopulaError::Conflict {
                        first: j,
                        second: i,
                    });
                }
                continue;
            }
            seen.insert(key, i);
        }
        // Blocks: connected components of the pair graph, members in first-declared order.
        let mut dims: Vec<u32> = Vec::new();
        for &(a, b) in seen.keys() {
            dims.extend([a, b]);
        }
        dims.sort_unstable();
        dims.dedup();
        let mut parent: Vec<usize> = (0..dims.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let pos = |d: u32| dims.binary_search(&d).expect("declared dimension");
        for &(a, b) in seen.keys() {
            let (ra, rb) = (root(&mut parent, pos(a)), root(&mut parent, pos(b)));
            parent[ra.max(rb)] = ra.min(rb);
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
        for (i, &d) in dims.iter().enumerate() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(d);
        }
        for members in groups.into_values() {
            let n = members.len();
            let mut m = vec![0.0; n * n];
            for i in 0..n {
                m[i * n + i] = 1.0;
            }
            let at = |d: u32| members.iter().position(|&x| x == d).expect("member");
            let mut index = vec![usize::MAX; n * n];
            for (&(a, b), &k) in &seen {
                if members.contains(&a) {
                    let (i, j) = (at(a), at(b));
                    let r = spearman_to_pearson(pairs[k].rho);
                    m[i * n + j] = r;
                    m[j * n + i] = r;
                    index[i * n + j] = k;
                    index[j * n + i] = k;
                }
            }
            let chol = cholesky(&m, n).map_err(|failed| {
                let mut culprits: Vec<usize> = (0..=failed)
                    .flat_map(|i| (0..i).map(move |j| (i, j)))
                    .map(|(i, j)| index[i * n + j])
                    .filter(|&k| k != usize::MAX)
                    .collect();
                culprits.sort_unstable();
                CopulaError::NotPositiveDefinite { pairs: culprits }
            })?;
            out.widest = out.widest.max(n);
            out.blocks.push(Block {
                dims: members,
                chol,
            });
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.factors.is_empty()
    }

    /// Each structure's dimensions: a factor's own dimension (`Some`) with its members, or a
    /// block's members (`None`).
    pub fn structures(&self) -> impl Iterator<Item = (Option<u32>, &[u32])> {
        self.factors
            .iter()
            .map(|f| (Some(f.dim), f.members.as_slice()))
            .chain(self.blocks.iter().map(|b| (None, b.dims.as_slice())))
    }

    /// Scratch entries a worker needs (one per member of the largest block).
    pub fn scratch_len(&self) -> usize {
        self.widest
    }

    /// Dimensions whose uniforms the copula changes (the factors' own dimensions are read,
    /// not changed).
    pub fn n_correlated(&self) -> usize {
        self.blocks.iter().map(|b| b.dims.len()).sum::<usize>()
            + self.factors.iter().map(|f| f.members.len()).sum::<usize>()
    }

    /// Applies the dependence to one sample's uniforms in place. Allocates nothing.
    #[inline]
    pub fn apply(&self, u: &mut [f64], scratch: &mut [f64]) {
        self.apply_lanes(u.as_chunks_mut::<1>().0, scratch.as_chunks_mut::<1>().0);
    }

    /// Applies the dependence lane by lane, each lane exactly as [`Copula::apply`] would.
    #[inline(always)]
    pub fn apply_lanes<const L: usize>(&self, u: &mut [[f64; L]], z: &mut [[f64; L]]) {
        for f in &self.factors {
            let zf = normal_quantile_lanes(&u[f.dim as usize]);
            for &m in &f.members {
                let x = &mut u[m as usize];
                // ρ = 1: the members are the factor (their own scores would be multiplied by 0).
                let own = match f.own == 0.0 {
                    true => [0.0; L],
                    false => normal_quantile_lanes(x),
                };
                for l in 0..L {
                    x[l] = normal_cdf(f.common * zf[l] + f.own * own[l]);
                }
            }
        }
        for b in &self.blocks {
            let n = b.dims.len();
            for (i, &d) in b.dims.iter().enumerate() {
                z[i] = normal_quantile_lanes(&u[d as usize]);
            }
            // Bottom row first: row i needs the untransformed z[0..=i].
            for i in (0..n).rev() {
                let row = &b.chol[i * (i + 1) / 2..][..=i];
                let x = &mut u[b.dims[i] as usize];
                // Lanes innermost, so that both loops vectorise.
                let mut s = [0.0; L];
                for (j, &c) in row.iter().enumerate() {
                    for l in 0..L {
                        s[l] += c * z[j][l];
                    }
                }
                for l in 0..L {
                    x[l] = normal_cdf(s[l]);
                }
            }
        }
    }
}

/// Lower Cholesky factor (packed rows) of the symmetric `n × n` matrix `m`, or the row at which
/// it is not (numerically) positive definite.
fn cholesky(m: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    let mut l = vec![0.0; n * (n + 1) / 2];
    let at = |i: usize, j: usize| i * (i + 1) / 2 + j;
    for i in 0..n {
        for j in 0..=i {
            let mut s = m[i * n + j];
            for k in 0..j {
                s -= l[at(i, k)] * l[at(j, k)];
            }
            if i == j {
                // A pivot this small means a (nearly) singular matrix: the parameters would be
                // (almost) exact functions of each other; that is a shared factor's job.
                if s.is_nan() || s <= 1e-10 {
                    return Err(i);
                }
                l[at(i, i)] = s.sqrt();
            } else {
                l[at(i, j)] = s / l[at(j, j)];
            }
        }
    }
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{ContinuousCDF, Normal};

    #[test]
    fn quantile_and_cdf_agree_with_statrs() {
        let n = Normal::standard();
        let mut worst_q: f64 = 0.0;
        let mut worst_c: f64 = 0.0;
        for k in 1..100_000 {
            let p = k as f64 / 100_000.0;
            for p in [p, p * 1e-6] {
                let exact = n.inverse_cdf(p);
                worst_q = worst_q.max(((normal_quantile(p) - exact) / exact.abs().max(1e-3)).abs());
            }
            let x = -8.0 + 16.0 * k as f64 / 100_000.0;
            // Compare the smaller tail (where precision matters), each side exactly.
            let (mine, exact) = match x < 0.0 {
                true => (normal_cdf(x), n.cdf(x)),
                false => (normal_cdf(-x), n.sf(x)),
            };
            worst_c = worst_c.max(((mine - exact) / exact).abs());
            // The upper side is 1 − tail, to within rounding.
            assert!((normal_cdf(x) - n.cdf(x)).abs() < 1.2e-7 * n.cdf(x).min(n.sf(x)) + 2e-16);
        }
        assert!(worst_q < 1.2e-9, "Φ⁻¹ relative error {worst_q:e}");
        assert!(worst_c < 1.2e-7, "Φ relative tail error {worst_c:e}");
    }

    #[test]
    fn exp_agrees_with_the_c_library() {
        let mut worst: f64 = 0.0;
        for k in 0..200_000 {
            let x = -708.0 * (k as f64 / 200_000.0).powi(3);
            worst = worst.max((exp_nonpositive(x) / x.exp() - 1.0).abs());
        }
        assert!(worst < 1e-11, "relative error {worst:e}");
        assert_eq!(exp_nonpositive(0.0), 1.0);
    }

    #[test]
    fn spearman_to_pearson_fixes_0_and_plus_minus_1() {
        assert_eq!(spearman_to_pearson(0.0), 0.0);
        assert!((spearman_to_pearson(1.0) - 1.0).abs() < 1e-15);
        assert!((spearman_to_pearson(-1.0) + 1.0).abs() < 1e-15);
        // The known middle value: ρ = 0.5 ↔ r = 2 sin(π/12) ≈ 0.5176.
        assert!((spearman_to_pearson(0.5) - 0.517_638_090_205_041_5).abs() < 1e-15);
    }

    #[test]
    fn cholesky_reproduces_the_matrix_and_flags_the_failing_row() {
        let m = [1.0, 0.5, 0.2, 0.5, 1.0, 0.3, 0.2, 0.3, 1.0];
        let l = cholesky(&m, 3).unwrap();
        let at = |i: usize, j: usize| if j <= i { l[i * (i + 1) / 2 + j] } else { 0.0 };
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|k| at(i, k) * at(j, k)).sum();
                assert!((s - m[i * 3 + j]).abs() < 1e-14);
            }
        }
        // 0.9, 0.9, −0.9: not positive definite; the third row fails.
        let bad = [1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0];
        assert_eq!(cholesky(&bad, 3), Err(2));
    }

    #[test]
    fn invalid_declarations_are_refused_with_their_entries() {
        let p = |a, b, rho| PairSpec { a, b, rho };
        assert_eq!(
            Copula::new(&[p(0, 1, 1.5)], &[]),
            Err(CopulaError::OutOfRange { pair: 0, rho: 1.5 })
        );
        assert!(matches!(
            Copula::new(&[p(0, 1, f64::NAN)], &[]),
            Err(CopulaError::OutOfRange { pair: 0, .. })
        ));
        assert_eq!(
            Copula::new(&[p(2, 2, 0.3)], &[]),
            Err(CopulaError::SelfPair { pair: 0 })
        );
        assert_eq!(
            Copula::new(&[p(0, 1, -1.0)], &[]),
            Err(CopulaError::Perfect { pair: 0 })
        );
        assert_eq!(
            Copula::new(&[p(0, 1, 0.3), p(1, 0, 0.4)], &[]),
            Err(CopulaError::Conflict {
                first: 0,
                second: 1
            })
        );
        assert_eq!(
            Copula::new(
                &[p(0, 1, 0.9), p(1, 2, 0.9), p(0, 2, -0.9), p(5, 6, 0.1)],
                &[]
            ),
            Err(CopulaError::NotPositiveDefinite {
                pairs: vec![0, 1, 2]
            })
        );
        let f = |dim, members: Vec<u32>, rho| FactorSpec { dim, members, rho };
        assert_eq!(
            Copula::new(&[], &[f(9, vec![0, 1], -0.2)]),
            Err(CopulaError::FactorRange {
                factor: 0,
                rho: -0.2
            })
        );
        assert_eq!(
            Copula::new(&[p(1, 2, 0.3)], &[f(9, vec![0, 1], 0.5)]),
            Err(CopulaError::Overlap { dim: 1 })
        );
    }

    #[test]
    fn nothing_declared_leaves_uniforms_untouched() {
        let c = Copula::new(&[], &[]).unwrap();
        assert!(c.is_empty());
        let mut u = [0.1, 0.7, 0.3];
        c.apply(&mut u, &mut []);
        assert_eq!(u, [0.1, 0.7, 0.3]);
    }

    #[test]
    fn lanes_equal_one_sample_at_a_time() {
        let c = Copula::new(
            &[
                PairSpec {
                    a: 0,
                    b: 2,
                    rho: 0.6,
                },
                PairSpec {
                    a: 2,
                    b: 3,
                    rho: -0.4,
                },
            ],
            &[FactorSpec {
                dim: 5,
                members: vec![1, 4],
                rho: 0.7,
            }],
        )
        .unwrap();
        let mut lanes = [[0.0; 4]; 6];
        let mut singles = [[0.0; 6]; 4];
        for l in 0..4 {
            for d in 0..6 {
                let x = ((l * 6 + d) as f64 * 0.618_033_988_7).fract().max(1e-3);
                lanes[d][l] = x;
                singles[l][d] = x;
            }
        }
        c.apply_lanes(&mut lanes, &mut [[0.0; 4]; 3]);
        for (l, s) in singles.iter_mut().enumerate() {
            c.apply(s, &mut [0.0; 3]);
            for d in 0..6 {
                assert_eq!(lanes[d][l].to_bits(), s[d].to_bits());
            }
        }
        // Dimension 5 (the factor's own) and untouched dimensions keep their uniforms.
        assert_eq!(lanes[5][0], singles[0][5]);
    }
}
