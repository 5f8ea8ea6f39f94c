//! Streaming, mergeable accumulators. Memory does not grow with the number of samples, and the
//! merged result is **bit-identical for any split of the samples** into threads, blocks or
//! shards, because every merge is exact integer arithmetic:
//!
//! * moments: within a canonical chunk of [`CHUNK`] consecutive sample indices, sums of
//!   `d = x − shift` and `d²` are accumulated in `f64` in [`SUM_LANES`] lanes — the value at
//!   position `i` of the chunk in lane `i mod SUM_LANES`, each lane in sample order — the same
//!   for every split, since chunks never straddle a split, and one vector instruction per step
//!   for [`SUM_LANES`] values; at the end of a chunk each lane's sum is added *exactly* into
//!   an [`ExactSum`] — a fixed-point integer wide enough for any finite `f64` — so the order
//!   of lanes, chunks, threads and shards cannot change a bit;
//! * quantiles: a log-linear histogram whose buckets are the top [`SUB_BITS`] mantissa bits of
//!   the value (relative bucket width 2⁻¹² ≈ 0.024 %, or 2⁻⁷ for coarse ones), with exact
//!   counts of which the per-sample path touches only the low byte (see `Store`).
//!
//! Quantile accuracy: a reported percentile lies in the same bucket as the exact sample
//! quantile (type 7 interpolation within the bucket), so its relative error from the sample's
//! own quantile is below the bucket width: 2⁻¹² ≈ 0.024 % at [`SUB_BITS`] — below the Monte
//! Carlo standard error of the 2.5th and 97.5th percentiles of the baseline's vehicles at 10⁶
//! samples (0.03–0.08 %; the `se_*` columns) — and 2⁻⁷ ≈ 0.8 % at [`SUB_BITS_COARSE`], which
//! the engine uses for breakdown outputs.

use crate::simd::Simd;
use std::io::{Read, Write};

/// The normal quantile of a two-sided 95 % interval: standard errors are reported such that
/// ±1.96 se is a 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Hall & Sheather's (1988) bandwidth for the density at percentile `p` of `n` samples, in
/// units of probability: `h = n^(−1/3) · z^(2/3) · (1.5 φ(x)² / (2x² + 1))^(1/3)`, `x = Φ⁻¹(p)`,
/// `z` = [`Z95`] — the rate and constant that make the studentised percentile's 95 % interval
/// most accurate (the normal reference for the density's shape); kept within (0, min(p, 1 − p)]
/// so that `p ± h` stays inside (0, 1). P. Hall and S. J. Sheather, "On the distribution of a
/// studentized quantile", JRSS B 50(3), 1988; the default of R's `quantreg`.
pub fn hall_sheather(p: f64, n: u64) -> f64 {
    use statrs::distribution::{Continuous, ContinuousCDF, Normal};
    if !(p > 0.0 && p < 1.0) {
        // p = 0 or 1 (the extremes: no spread to estimate), or NaN.
        return 0.0;
    }
    let std = Normal::new(0.0, 1.0).expect("standard normal");
    let x = std.inverse_cdf(p);
    let phi = std.pdf(x);
    let h = (n as f64).powf(-1.0 / 3.0)
        * Z95.powf(2.0 / 3.0)
        * (1.5 * phi * phi / (2.0 * x * x + 1.0)).cbrt();
    h.min(p).min(1.0 - p)
}

/// Canonical chunk of consecutive sample indices: the unit of reduction. Thread and shard
/// boundaries fall on chunk boundaries.
pub const CHUNK: u64 = 1024;
/// Lanes of a chunk's sums: the value at position `i` of a chunk is summed in lane
/// `i mod SUM_LANES`, so that a vector instruction adds [`SUM_LANES`] consecutive values.
pub const SUM_LANES: usize = 8;
const _: () = assert!((CHUNK as usize).is_multiple_of(SUM_LANES));
/// Mantissa bits kept per bucket.
pub const SUB_BITS: u32 = 12;
/// Coarser buckets (2⁻⁷ ≈ 0.78 % wide) for breakdown outputs: an eighth of the memory, so the
/// hundreds of per-country and per-commodity histograms stay in cache.
pub const SUB_BITS_COARSE: u32 = 7;

/// Resolution of the replicates' histograms (2⁻¹⁰ ≈ 0.1 %): they serve only the empirical CDF
/// of each replicate at the all-sample percentile, whose spread between replicates is not
/// changed by how a bucket of ~0.1 % is split; a quarter of the memory of [`SUB_BITS`].
pub const SUB_BITS_REPLICATE: u32 = 10;

/// Limbs of an [`ExactSum`]: bit 0 of limb 0 is 2⁻¹⁰⁷⁴ (the smallest subnormal), and 36
/// limbs of 64 bits reach 2¹¹²⁰ — above the largest `f64` (2¹⁰²⁴) by 2⁹⁶ additions.
const LIMBS: usize = 36;

/// The exact sum of any number of finite `f64` values (up to 2⁹⁶ of the largest), as a
/// two's-complement fixed-point integer. Addition is exact, hence associative and
/// commutative: sums merge bit-identically in any order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExactSum {
    limbs: [u64; LIMBS],
}

impl Default for ExactSum {
    fn default() -> Self {
        ExactSum { limbs: [0; LIMBS] }
    }
}

impl ExactSum {
    /// Adds `x` exactly. Non-finite values are the caller's to exclude.
    pub fn add(&mut self, x: f64) {
        debug_assert!(x.is_finite());
        if x == 0.0 {
            return;
        }
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as u32;
        let frac = bits & ((1 << 52) - 1);
        // x = ±mantissa · 2^(pos − 1074)
        let (mantissa, pos) = if exp == 0 {
            (frac, 0)
        } else {
            (frac | (1 << 52), exp - 1)
        };
        let (limb, shift) = ((pos / 64) as usize, pos % 64);
        let wide = (mantissa as u128) << shift;
        let parts = [wide as u64, (wide >> 64) as u64];
        if bits >> 63 == 0 {
            self.add_parts(limb, parts);
        } else {
            self.sub_parts(limb, parts);
        }
    }

    fn add_parts(&mut self, limb: usize, parts: [u64; 2]) {
        let mut carry = 0u64;
        for (i, l) in self.limbs.iter_mut().enumerate().skip(limb) {
            let p = if i - limb < 2 { parts[i - limb] } else { 0 };
            let (a, c1) = l.overflowing_add(p);
            let (b, c2) = a.overflowing_add(carry);
            *l = b;
            carry = (c1 | c2) as u64;
            if carry == 0 && i > limb {
                break;
            }
        }
    }

    fn sub_parts(&mut self, limb: usize, parts: [u64; 2]) {
        let mut borrow = 0u64;
        for (i, l) in self.limbs.iter_mut().enumerate().skip(limb) {
            let p = if i - limb < 2 { parts[i - limb] } else { 0 };
            let (a, b1) = l.overflowing_sub(p);
            let (b, b2) = a.overflowing_sub(borrow);
            *l = b;
            borrow = (b1 | b2) as u64;
            if borrow == 0 && i > limb {
                break;
            }
        }
    }

    /// Exact `+=` of another sum.
    pub fn merge(&mut self, o: &ExactSum) {
        let mut carry = 0u64;
        for (l, &p) in self.limbs.iter_mut().zip(&o.limbs) {
            let (a, c1) = l.overflowing_add(p);
            let (b, c2) = a.overflowing_add(carry);
            *l = b;
            carry = (c1 | c2) as u64;
        }
    }

    /// The sum, rounded to `f64` (from its three leading limbs: relative error below 2⁻¹²⁸
    /// before the final rounding).
    pub fn to_f64(&self) -> f64 {
        let negative = self.limbs[LIMBS - 1] >> 63 == 1;
        let mut mag = self.limbs;
        if negative {
            // two's complement negation
            let mut carry = 1u64;
            for l in mag.iter_mut() {
                let (v, c) = (!*l).overflowing_add(carry);
                *l = v;
                carry = c as u64;
            }
        }
        let Some(top) = mag.iter().rposition(|&l| l != 0) else {
            return 0.0;
        };
        let mut v = 0.0;
        for i in (top.saturating_sub(2)..=top).rev() {
            v += mag[i] as f64 * (64.0 * i as f64 - 1074.0).exp2();
        }
        if negative { -v } else { v }
    }
}

/// Counts per bucket over a contiguous range of bucket keys; grows when a value falls outside.
///
/// A count is split in two: its low byte, the only part a new value touches (255 times in
/// 256), and its multiples of 256, carried when the low byte wraps. The per-sample path thus
/// walks a quarter of the memory of a `u32` per bucket, which keeps the histograms of every
/// output in the processor's cache; the counts stay exact, and the split is canonical (one
/// representation per count), so equal histograms compare equal.
#[derive(Clone, Debug, Default, PartialEq)]
struct Store {
    /// Mantissa bits per bucket (bucket keys are `bits >> (52 − sub_bits)`).
    sub_bits: u32,
    offset: u64,
    /// `count mod 256` per bucket.
    low: Vec<u8>,
    /// `count div 256` per bucket.
    high: Vec<u32>,
    total: u64,
}

impl Store {
    /// Counts one value in bucket `key`: the per-sample path. Leaves `total` to the caller,
    /// which adds the values it counted once per batch: an increment in memory per value
    /// would chain every value to the previous one's store.
    #[inline]
    fn add_one(&mut self, key: u64) {
        // One unsigned comparison covers "below", "above" and "no window yet" (empty).
        let i = key.wrapping_sub(self.offset);
        if i < self.low.len() as u64 {
            let low = &mut self.low[i as usize];
            *low = low.wrapping_add(1);
            if *low == 0 {
                self.high[i as usize] += 1;
            }
        } else {
            self.add(key, 1);
        }
    }

    /// Adds `count` values to bucket `key`, growing the window if needed; `total` is the
    /// caller's.
    #[cold]
    #[inline(never)]
    fn add(&mut self, key: u64, count: u64) {
        self.cover(key);
        let i = (key - self.offset) as usize;
        self.set_count(i, self.count(i) + count);
    }

    /// Makes the window include bucket `key`.
    fn cover(&mut self, key: u64) {
        if self.low.is_empty() {
            // Start with a window of two binades around the first value.
            let half = 1u64 << self.sub_bits;
            self.offset = key.saturating_sub(half);
            self.low = vec![0; 2 * half as usize];
            self.high = vec![0; 2 * half as usize];
        } else if !(self.offset..self.offset + self.low.len() as u64).contains(&key) {
            self.grow(key);
        }
    }

    fn count(&self, i: usize) -> u64 {
        ((self.high[i] as u64) << 8) | self.low[i] as u64
    }

    fn set_count(&mut self, i: usize, count: u64) {
        self.low[i] = count as u8;
        self.high[i] = u32::try_from(count >> 8).expect("fewer than 2⁴⁰ values per bucket");
    }

    #[cold]
    fn grow(&mut self, key: u64) {
        // Rare: extend by at least one binade beyond the new key.
        let pad = 1u64 << self.sub_bits;
        let lo = self.offset.min(key.saturating_sub(pad));
        let hi = (self.offset + self.low.len() as u64).max(key + pad);
        let start = (self.offset - lo) as usize;
        let mut low = vec![0u8; (hi - lo) as usize];
        low[start..start + self.low.len()].copy_from_slice(&self.low);
        let mut high = vec![0u32; (hi - lo) as usize];
        high[start..start + self.high.len()].copy_from_slice(&self.high);
        self.offset = lo;
        self.low = low;
        self.high = high;
    }

    /// Adds `other`'s counts: the window is widened once to cover `other`'s non-empty
    /// buckets, then the counts are added bucket by bucket, carrying from the low bytes.
    fn merge(&mut self, other: &Store) {
        self.total += other.total;
        let used = |i: &usize| other.low[*i] != 0 || other.high[*i] != 0;
        let Some(first) = (0..other.low.len()).find(used) else {
            return;
        };
        let last = (first..other.low.len()).rfind(used).unwrap_or(first);
        self.cover(other.offset + first as u64);
        self.cover(other.offset + last as u64);
        // Bucket `first` of `other` is bucket `start` of this window.
        let start = (other.offset + first as u64 - self.offset) as usize;
        let n = last - first + 1;
        let (low, high) = (
            &mut self.low[start..start + n],
            &mut self.high[start..start + n],
        );
        let (o_low, o_high) = (&other.low[first..=last], &other.high[first..=last]);
        for i in 0..n {
            let sum = low[i] as u32 + o_low[i] as u32;
            low[i] = sum as u8;
            high[i] += o_high[i] + (sum >> 8);
        }
    }

    /// Iterates (key, count) over the non-empty buckets in increasing key order.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (u64, u64)> + '_ {
        (0..self.low.len())
            .map(|i| (self.offset + i as u64, self.count(i)))
            .filter(|&(_, c)| c > 0)
    }
}

const SIGN: u64 = 1 << 63;
/// The bits of +∞: a magnitude at or above it is not finite.
const EXPONENT: u64 = 0x7ff << 52;

/// A [`Store`]'s window as raw parts, held in registers while a slice is counted: the counts
/// are bytes, which may alias anything, so the compiler would otherwise reload the vectors'
/// pointers after every count.
struct Window {
    offset: u64,
    len: u64,
    low: *mut u8,
    high: *mut u32,
}

impl Window {
    #[inline(always)]
    fn of(store: &mut Store) -> Window {
        Window {
            offset: store.offset,
            len: store.low.len() as u64,
            low: store.low.as_mut_ptr(),
            high: store.high.as_mut_ptr(),
        }
    }

    /// Counts one value in bucket `i` of the window, as [`Store::add_one`].
    ///
    /// # Safety
    /// `i < self.len`, and the store is unchanged since [`Window::of`].
    #[inline(always)]
    unsafe fn count(&mut self, i: usize) {
        // SAFETY: the caller's contract; `high` is as long as `low`.
        unsafe {
            let low = self.low.add(i);
            *low = (*low).wrapping_add(1);
            if *low == 0 {
                *self.high.add(i) += 1;
            }
        }
    }
}

/// `if x < m { x } else { m }`: the smaller of two values neither of which is NaN, chosen as
/// [`f64::min`] chooses (also between −0 and +0), in one instruction: the compiler tests
/// `f64::min`'s arguments for NaN, and a plain comparison it vectorises into a longer chain.
#[inline(always)]
fn min_finite(x: f64, m: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_cvtsd_f64, _mm_min_sd, _mm_set_sd};
        // SAFETY: SSE2, which every x86-64 processor has; no memory is touched.
        unsafe { _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(x), _mm_set_sd(m))) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        if x < m { x } else { m }
    }
}

/// `if x > m { x } else { m }`, as [`min_finite`].
#[inline(always)]
fn max_finite(x: f64, m: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_cvtsd_f64, _mm_max_sd, _mm_set_sd};
        // SAFETY: as in `min_finite`.
        unsafe { _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_set_sd(m))) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        if x > m { x } else { m }
    }
}

fn bucket_bounds(key: u64, sub_bits: u32) -> (f64, f64) {
    let shift = 52 - sub_bits;
    (
        f64::from_bits(key << shift),
        f64::from_bits((key + 1) << shift),
    )
}

/// The accumulator of one output.
#[derive(Clone, Debug, PartialEq)]
pub struct Stat {
    /// Finite values seen.
    pub n: u64,
    /// NaN or infinite values seen (not in the statistics).
    pub non_finite: u64,
    shift: f64,
    /// Boxed: touched once per chunk, they would otherwise triple the size of the hot part of
    /// every accumulator and push histograms out of cache.
    sum: Box<ExactSum>,
    sum_sq: Box<ExactSum>,
    min: f64,
    max: f64,
    zero: u64,
    pos: Store,
    neg: Store,
    /// Chunks whose f64 sums overflowed (values beyond ~1e154); moments are then NaN.
    overflow_chunks: u64,
    /// Position in the current chunk of the next value, modulo [`SUM_LANES`]: its lane.
    lane: usize,
    /// The current chunk's sums, in f64, one per lane.
    chunk_sum: [f64; SUM_LANES],
    chunk_sum_sq: [f64; SUM_LANES],
}

/// A [`Stat`]'s running values while a slice is pushed, held in registers.
struct Running {
    sum: [f64; SUM_LANES],
    sum_sq: [f64; SUM_LANES],
    min: [f64; SUM_LANES],
    max: [f64; SUM_LANES],
    finite: u64,
    zero: u64,
    negative: u64,
}

impl Stat {
    /// `centre`: a typical value of the output (its point estimate). Moments are summed about
    /// it, which keeps the variance free of cancellation; any finite value is correct.
    pub fn new(centre: f64) -> Stat {
        Stat::with_resolution(centre, SUB_BITS)
    }

    /// As [`Stat::new`], with buckets `2^-sub_bits` wide (relative) — the bound on the
    /// relative error of a reported percentile.
    pub fn with_resolution(centre: f64, sub_bits: u32) -> Stat {
        assert!(
            (1..=20).contains(&sub_bits),
            "histogram resolution out of range"
        );
        let shift = if centre.is_finite() { centre } else { 0.0 };
        let store = Store {
            sub_bits,
            ..Store::default()
        };
        Stat {
            n: 0,
            non_finite: 0,
            shift,
            sum: Box::default(),
            sum_sq: Box::default(),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            zero: 0,
            pos: store.clone(),
            neg: store,
            overflow_chunks: 0,
            lane: 0,
            chunk_sum: [0.0; SUM_LANES],
            chunk_sum_sq: [0.0; SUM_LANES],
        }
    }

    #[inline]
    pub fn push(&mut self, x: f64) {
        self.push_slice(&[x]);
    }

    /// Pushes `xs` in order (the batched path of the engine; [`Stat::push`] is one value).
    #[inline]
    pub fn push_slice(&mut self, xs: &[f64]) {
        self.push_values(xs);
    }

    /// [`Stat::push_slice`], inlined into the callers compiled for wider vectors
    /// ([`Accumulator::push_batch_with`]).
    #[inline(always)]
    fn push_values(&mut self, xs: &[f64]) {
        if xs.is_empty() {
            return;
        }
        // Outputs a vehicle cannot reach (a country none of its commodities comes from) are
        // +0 in every sample, and so is their centre: pushing each zero would add `+0 − +0` to
        // the sums and count a zero, which this does at once, leaving the same state.
        if self.shift.to_bits() == 0 && xs.iter().fold(0, |any, x| any | x.to_bits()) == 0 {
            self.n += xs.len() as u64;
            self.zero += xs.len() as u64;
            self.min = min_finite(0.0, self.min);
            self.max = max_finite(0.0, self.max);
            self.lane = (self.lane + xs.len()) % SUM_LANES;
            return;
        }
        let mut run = Running {
            sum: self.chunk_sum,
            sum_sq: self.chunk_sum_sq,
            min: [self.min; SUM_LANES],
            max: [self.max; SUM_LANES],
            finite: 0,
            zero: 0,
            negative: 0,
        };
        // Up to the next lane 0 value by value, then SUM_LANES values at a time, then the rest.
        let head = ((SUM_LANES - self.lane) % SUM_LANES).min(xs.len());
        for (k, &x) in xs[..head].iter().enumerate() {
            self.push_lane(&mut run, self.lane + k, x);
        }
        let mut groups = xs[head..].chunks_exact(SUM_LANES);
        self.push_groups(&mut run, &mut groups);
        for (k, &x) in groups.remainder().iter().enumerate() {
            self.push_lane(&mut run, k, x);
        }
        self.lane = (self.lane + xs.len()) % SUM_LANES;
        self.pos.total += run.finite - run.zero - run.negative;
        self.neg.total += run.negative;
        self.chunk_sum = run.sum;
        self.chunk_sum_sq = run.sum_sq;
        // Lane order: as the values' own order, a canonical choice between −0 and +0.
        for k in 0..SUM_LANES {
            self.min = min_finite(run.min[k], self.min);
            self.max = max_finite(run.max[k], self.max);
        }
        self.n += run.finite;
        self.zero += run.zero;
    }

    /// One value of any kind into lane `lane`.
    #[inline(always)]
    fn push_lane(&mut self, run: &mut Running, lane: usize, x: f64) {
        let bits = x.to_bits();
        let magnitude = bits & !SIGN;
        if magnitude >= EXPONENT {
            self.non_finite += 1;
            return;
        }
        run.finite += 1;
        let d = x - self.shift;
        run.sum[lane] += d;
        run.sum_sq[lane] += d * d;
        run.min[lane] = min_finite(x, run.min[lane]);
        run.max[lane] = max_finite(x, run.max[lane]);
        if magnitude == 0 {
            run.zero += 1;
        } else if bits & SIGN == 0 {
            self.pos.add_one(magnitude >> (52 - self.pos.sub_bits));
        } else {
            run.negative += 1;
            self.neg.add_one(magnitude >> (52 - self.neg.sub_bits));
        }
    }

    /// Groups of [`SUM_LANES`] values, one per lane. In the common case (all positive, finite
    /// and inside the histogram's window) everything but the bucket counts is one vector
    /// operation per step, on sums held in registers; each lane's arithmetic is exactly
    /// [`Stat::push_lane`]'s, which takes any other group value by value.
    #[inline(always)]
    fn push_groups(&mut self, run: &mut Running, groups: &mut std::slice::ChunksExact<'_, f64>) {
        // Locals indexed only by constants, so that they live in registers.
        let (mut sum, mut sum_sq, mut min, mut max) = (run.sum, run.sum_sq, run.min, run.max);
        let shift = self.shift;
        let key_shift = 52 - self.pos.sub_bits;
        let mut window = Window::of(&mut self.pos);
        let mut finite = 0u64;
        for group in groups {
            let xs: &[f64; SUM_LANES] = group.try_into().expect("chunks_exact");
            let bits = xs.map(f64::to_bits);
            let index = bits.map(|b| (b >> key_shift).wrapping_sub(window.offset));
            // `b − 1 < +∞ − 1`: positive, nonzero and finite, in one unsigned comparison.
            let mut other = false;
            for k in 0..SUM_LANES {
                other |= bits[k].wrapping_sub(1) >= EXPONENT - 1;
                other |= index[k] >= window.len;
            }
            if other {
                (run.sum, run.sum_sq, run.min, run.max) = (sum, sum_sq, min, max);
                for (k, &x) in xs.iter().enumerate() {
                    self.push_lane(run, k, x);
                }
                (sum, sum_sq, min, max) = (run.sum, run.sum_sq, run.min, run.max);
                // The window may have grown.
                window = Window::of(&mut self.pos);
                continue;
            }
            for k in 0..SUM_LANES {
                let d = xs[k] - shift;
                sum[k] += d;
                sum_sq[k] += d * d;
                min[k] = if xs[k] < min[k] { xs[k] } else { min[k] };
                max[k] = if xs[k] > max[k] { xs[k] } else { max[k] };
            }
            for &i in &index {
                // SAFETY: every index was just checked to be inside the window.
                unsafe { window.count(i as usize) };
            }
            finite += SUM_LANES as u64;
        }
        (run.sum, run.sum_sq, run.min, run.max) = (sum, sum_sq, min, max);
        run.finite += finite;
    }

    /// Asks the processor to fetch the histogram buckets of the positive values of `xs`
    /// into cache (a hint: no effect on results). Every fourth value only: neighbouring
    /// values of an output share cache lines of buckets often enough, and the addresses of all
    /// of them cost as much to compute as the prefetches save.
    #[inline]
    fn prefetch(&self, xs: &[f64]) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let store = &self.pos;
            let shift = 52 - store.sub_bits;
            for &x in xs.iter().step_by(4) {
                let i = (x.to_bits() >> shift).wrapping_sub(store.offset);
                if i < store.low.len() as u64 {
                    // SAFETY: `i` is within `low`; a prefetch reads nothing and cannot fault.
                    unsafe {
                        _mm_prefetch::<_MM_HINT_T0>(store.low.as_ptr().add(i as usize).cast())
                    };
                }
            }
        }
    }

    /// Ends the current canonical chunk: its f64 partial sums are added exactly.
    pub fn end_chunk(&mut self) {
        if self
            .chunk_sum
            .iter()
            .chain(&self.chunk_sum_sq)
            .all(|s| s.is_finite())
        {
            for (&s, &s2) in self.chunk_sum.iter().zip(&self.chunk_sum_sq) {
                self.sum.add(s);
                self.sum_sq.add(s2);
            }
        } else {
            // Only values beyond 1e154 can overflow a chunk's sum of squares.
            self.overflow_chunks += 1;
        }
        self.chunk_sum = [0.0; SUM_LANES];
        self.chunk_sum_sq = [0.0; SUM_LANES];
        self.lane = 0;
    }

    /// Exact merge (`+=`); the result does not depend on the order of merges.
    pub fn merge(&mut self, o: &Stat) {
        debug_assert_eq!(self.shift.to_bits(), o.shift.to_bits());
        assert_eq!(
            self.pos.sub_bits, o.pos.sub_bits,
            "merging histograms of different resolution"
        );
        debug_assert!(
            self.lane == 0 && o.lane == 0 && self.chunk_sum == [0.0; SUM_LANES],
            "merge after end_chunk"
        );
        self.n += o.n;
        self.non_finite += o.non_finite;
        self.sum.merge(&o.sum);
        self.sum_sq.merge(&o.sum_sq);
        self.overflow_chunks += o.overflow_chunks;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.zero += o.zero;
        self.pos.merge(&o.pos);
        self.neg.merge(&o.neg);
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 || self.overflow_chunks > 0 {
            return f64::NAN;
        }
        self.shift + self.sum.to_f64() / self.n as f64
    }

    /// Sample variance (n − 1 in the denominator).
    pub fn variance(&self) -> f64 {
        if self.n < 2 || self.overflow_chunks > 0 {
            return f64::NAN;
        }
        let n = self.n as f64;
        let s1 = self.sum.to_f64();
        let s2 = self.sum_sq.to_f64();
        ((s2 - s1 * s1 / n) / (n - 1.0)).max(0.0)
    }

    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    pub fn min(&self) -> f64 {
        self.min
    }
    pub fn max(&self) -> f64 {
        self.max
    }
    /// Number of values strictly greater than zero.
    pub fn count_positive(&self) -> u64 {
        self.pos.total
    }

    /// Values of the order statistics of ranks `ks` (0-based; ascending), each spread
    /// uniformly within its bucket: one walk through the buckets for all of them.
    fn order_stats(&self, ks: &[f64]) -> Vec<f64> {
        debug_assert!(ks.is_sorted_by(|a, b| a <= b));
        let last = (self.n - 1) as f64;
        let mut out = Vec::with_capacity(ks.len());
        let mut ks = ks.iter().map(|&k| k.clamp(0.0, last)).peekable();
        let mut seen = 0u64;
        // negative values, most negative first (largest key first)
        for (key, c) in self.neg.iter().rev() {
            while let Some(k) = ks.next_if(|&k| k < (seen + c) as f64) {
                let (lo, hi) = bucket_bounds(key, self.pos.sub_bits);
                let frac = (k - seen as f64 + 0.5) / c as f64;
                out.push((-(hi + (lo - hi) * frac)).clamp(self.min, self.max));
            }
            seen += c;
        }
        while ks.next_if(|&k| k < (seen + self.zero) as f64).is_some() {
            out.push(0.0);
        }
        seen += self.zero;
        for (key, c) in self.pos.iter() {
            while let Some(k) = ks.next_if(|&k| k < (seen + c) as f64) {
                let (lo, hi) = bucket_bounds(key, self.pos.sub_bits);
                let frac = (k - seen as f64 + 0.5) / c as f64;
                out.push((lo + (hi - lo) * frac).clamp(self.min, self.max));
            }
            seen += c;
        }
        out.extend(ks.map(|_| self.max));
        out
    }

    /// Percentile `p` in (0, 1), type 7 (linear between order statistics of rank (n − 1)·p).
    pub fn quantile(&self, p: f64) -> f64 {
        self.quantiles(&[p])[0]
    }

    /// [`Stat::quantile`] of each of `ps` (any order), from one walk through the buckets.
    pub fn quantiles(&self, ps: &[f64]) -> Vec<f64> {
        if self.n == 0 {
            return vec![f64::NAN; ps.len()];
        }
        // (rank, percentile, upper neighbour?) for the two order statistics of each, and
        // the weight of the upper one (`None`: the lower one alone, rank (n − 1)·p exactly).
        let mut ranks = Vec::with_capacity(2 * ps.len());
        let mut weights = vec![None; ps.len()];
        for (i, &p) in ps.iter().enumerate() {
            if p.is_nan() {
                // No rank: its percentile stays NaN, as `a + (h − lo)·(b − a)` would make it.
                continue;
            }
            let h = (self.n - 1) as f64 * p;
            let lo = h.floor();
            ranks.push((lo, i, false));
            if h != lo {
                ranks.push((lo + 1.0, i, true));
                weights[i] = Some(h - lo);
            }
        }
        ranks.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ks: Vec<f64> = ranks.iter().map(|r| r.0).collect();
        let (mut a, mut b) = (vec![f64::NAN; ps.len()], vec![f64::NAN; ps.len()]);
        for (&(_, i, upper), x) in ranks.iter().zip(self.order_stats(&ks)) {
            match upper {
                false => a[i] = x,
                true => b[i] = x,
            }
        }
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| match w {
                None => a[i],
                Some(w) => a[i] + w * (b[i] - a[i]),
            })
            .collect()
    }

    /// The empirical CDF of the accumulated values, for ranking new values (rank correlation).
    pub fn rank_table(&self) -> RankTable {
        let mut buckets = Vec::new();
        let mut before = 0u64;
        for (key, c) in self.neg.iter().rev() {
            let (lo, hi) = bucket_bounds(key, self.pos.sub_bits);
            buckets.push((-hi, -lo, before, c));
            before += c;
        }
        if self.zero > 0 {
            buckets.push((0.0, 0.0, before, self.zero));
            before += self.zero;
        }
        for (key, c) in self.pos.iter() {
            let (lo, hi) = bucket_bounds(key, self.pos.sub_bits);
            buckets.push((lo, hi, before, c));
            before += c;
        }
        RankTable { buckets, n: before }
    }

    /// Monte Carlo standard error of percentile `p` (see [`Stat::quantiles_with_se`]).
    pub fn quantile_se(&self, p: f64) -> f64 {
        self.quantiles_with_se(&[p]).1[0]
    }

    /// Every percentile of a summary from one walk through the buckets: `ps` themselves, then
    /// the standard error of each.
    ///
    /// By Bahadur's representation the sample percentile's error is `(p − F_n(ξ_p))/f(ξ_p)`,
    /// whose standard deviation is `s/f` with `s = √(p(1 − p)/n)` (the number of samples below
    /// `ξ_p` is binomial). The density comes from the sample itself, as the reciprocal of the
    /// slope of its quantile function over `p ± h` (Siddiqui 1960; Bloch & Gastwirth 1968):
    /// `se = s · (q(p + h) − q(p − h))/(2h)`, with the bandwidth of Hall & Sheather (1988),
    /// chosen for the coverage of exactly this interval (see [`hall_sheather`]). A narrower
    /// band (the former ±1 rank sd, or ±1.96 sd) estimates the density from too few order
    /// statistics: the se is then noisy, and ±1.96 se covered p2.5 of a K/g output only
    /// 91.7–93 % of the time.
    pub fn quantiles_with_se(&self, ps: &[f64]) -> (Vec<f64>, Vec<f64>) {
        if self.n < 2 {
            return (self.quantiles(ps), vec![f64::NAN; ps.len()]);
        }
        let n = self.n as f64;
        let mut all = ps.to_vec();
        let mut bands = Vec::with_capacity(ps.len());
        for &p in ps {
            let h = hall_sheather(p, self.n);
            bands.push(h);
            all.extend([(p - h).max(0.0), (p + h).min(1.0)]);
        }
        let q = self.quantiles(&all);
        let se = ps
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                if bands[i] == 0.0 {
                    return if p.is_nan() { f64::NAN } else { 0.0 };
                }
                let (lo, hi) = ((p - bands[i]).max(0.0), (p + bands[i]).min(1.0));
                let slope = (q[ps.len() + 2 * i + 1] - q[ps.len() + 2 * i]) / (hi - lo);
                (p * (1.0 - p) / n).sqrt() * slope
            })
            .collect();
        (q[..ps.len()].to_vec(), se)
    }

    /// The share of the accumulated values below each of `xs` (the empirical CDF, linear
    /// within a bucket; as [`RankTable::cdf`]).
    pub fn cdf(&self, xs: &[f64]) -> Vec<f64> {
        let t = self.rank_table();
        xs.iter().map(|&x| t.cdf(x)).collect()
    }

    fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        for x in [self.n, self.non_finite, self.zero] {
            w.write_all(&x.to_le_bytes())?;
        }
        for x in [self.shift, self.min, self.max] {
            w.write_all(&x.to_le_bytes())?;
        }
        w.write_all(&self.overflow_chunks.to_le_bytes())?;
        for l in self.sum.limbs.iter().chain(&self.sum_sq.limbs) {
            w.write_all(&l.to_le_bytes())?;
        }
        w.write_all(&self.pos.sub_bits.to_le_bytes())?;
        for s in [&self.pos, &self.neg] {
            w.write_all(&s.offset.to_le_bytes())?;
            w.write_all(&(s.low.len() as u64).to_le_bytes())?;
            w.write_all(&s.total.to_le_bytes())?;
            for i in 0..s.low.len() {
                w.write_all(&s.count(i).to_le_bytes())?;
            }
        }
        Ok(())
    }

    fn read(r: &mut impl Read) -> std::io::Result<Stat> {
        let mut st = Stat::new(0.0);
        st.n = read_u64(r)?;
        st.non_finite = read_u64(r)?;
        st.zero = read_u64(r)?;
        st.shift = f64::from_bits(read_u64(r)?);
        st.min = f64::from_bits(read_u64(r)?);
        st.max = f64::from_bits(read_u64(r)?);
        let mut b4 = [0u8; 4];
        st.overflow_chunks = read_u64(r)?;
        for l in st.sum.limbs.iter_mut() {
            *l = read_u64(r)?;
        }
        for l in st.sum_sq.limbs.iter_mut() {
            *l = read_u64(r)?;
        }
        r.read_exact(&mut b4)?;
        let sub_bits = u32::from_le_bytes(b4);
        if !(1..=20).contains(&sub_bits) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "implausible histogram resolution",
            ));
        }
        for s in [&mut st.pos, &mut st.neg] {
            s.sub_bits = sub_bits;
            s.offset = read_u64(r)?;
            let len = read_u64(r)? as usize;
            if len > 1 << 28 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "implausible histogram size",
                ));
            }
            s.total = read_u64(r)?;
            s.low = vec![0; len];
            s.high = vec![0; len];
            for i in 0..len {
                let count = read_u64(r)?;
                if count >> 40 != 0 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "implausible bucket count",
                    ));
                }
                s.set_count(i, count);
            }
        }
        Ok(st)
    }
}

fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

/// The empirical CDF of a [`Stat`]'s histogram: `cdf(x)` is the share of accumulated values
/// below `x`, interpolated within the bucket of `x` (so within one bucket's count of exact).
#[derive(Clone, Debug)]
pub struct RankTable {
    /// (start, end, values before this bucket, values in it), in increasing order
    buckets: Vec<(f64, f64, u64, u64)>,
    n: u64,
}

impl RankTable {
    pub fn cdf(&self, x: f64) -> f64 {
        if self.n == 0 || x.is_nan() {
            return f64::NAN;
        }
        let i = self.buckets.partition_point(|b| b.0 <= x);
        if i == 0 {
            return 0.0;
        }
        let (start, end, before, count) = self.buckets[i - 1];
        let inside = if x >= end || end <= start {
            count as f64
        } else {
            count as f64 * (x - start) / (end - start)
        };
        (before as f64 + inside) / self.n as f64
    }
}

/// The accumulators of all outputs of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Accumulator {
    pub stats: Vec<Stat>,
    /// Samples pushed (each sample pushes every output once).
    pub samples: u64,
    /// Per-replicate accumulators of some outputs (randomised designs), for their error.
    pub replicates: Option<Replicates>,
}

/// The accumulators of some outputs per replicate of a randomised design
/// ([`crate::sampling::design::Design::replicated`]): each replicate is an independent
/// randomisation, so the spread of its estimates gives the error of the all-sample estimate.
/// `R × outputs` small accumulators: memory does not grow with the samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Replicates {
    count: usize,
    /// Tracked outputs, ascending.
    outputs: Vec<usize>,
    /// `stats[k·count + r]`: tracked output `k`, replicate `r`.
    stats: Vec<Stat>,
}

impl Replicates {
    /// `count` replicates (a power of two dividing [`CHUNK`]) of `outputs` (ascending), each
    /// centred on its `magnitudes[o]`, with resolution `sub_bits[o]`.
    pub fn new(count: usize, outputs: Vec<usize>, magnitudes: &[f64], sub_bits: &[u32]) -> Self {
        assert!(count.is_power_of_two() && count as u64 <= CHUNK);
        assert!(outputs.is_sorted_by(|a, b| a < b));
        let stats = outputs
            .iter()
            .flat_map(|&o| {
                std::iter::repeat_with(move || Stat::with_resolution(magnitudes[o], sub_bits[o]))
                    .take(count)
            })
            .collect();
        Replicates {
            count,
            outputs,
            stats,
        }
    }

    /// Replicates.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The outputs tracked per replicate, ascending.
    pub fn outputs(&self) -> &[usize] {
        &self.outputs
    }

    /// Output `o`'s accumulator in each replicate, if it is tracked.
    pub fn of(&self, o: usize) -> Option<&[Stat]> {
        let k = self.outputs.binary_search(&o).ok()?;
        Some(&self.stats[k * self.count..(k + 1) * self.count])
    }

    /// Pushes `rows` samples from sample `first` (as [`Accumulator::push_batch`]): sample
    /// `first + k` into replicate `(first + k) mod R`, each replicate's values in sample order.
    fn push_batch(&mut self, first: u64, batch: &[f64], stride: usize, rows: usize) {
        let count = self.count;
        let mut buf = [0.0f64; 64];
        for (k, &o) in self.outputs.iter().enumerate() {
            let row = &batch[o * stride..o * stride + rows];
            for r in 0..count {
                // The first row of replicate r.
                let start = (r + count - (first % count as u64) as usize) % count;
                let stat = &mut self.stats[k * count + r];
                let mut values = row.iter().skip(start).step_by(count).peekable();
                while values.peek().is_some() {
                    let mut len = 0;
                    for (b, &x) in buf.iter_mut().zip(values.by_ref()) {
                        *b = x;
                        len += 1;
                    }
                    stat.push_slice(&buf[..len]);
                }
            }
        }
    }

    fn end_chunk(&mut self) {
        // Replicates without values in this chunk have nothing to add: skipping them leaves
        // the same state.
        let zero = [0.0; SUM_LANES];
        for s in &mut self.stats {
            if s.lane != 0 || s.chunk_sum != zero || s.chunk_sum_sq != zero {
                s.end_chunk();
            }
        }
    }

    fn merge(&mut self, o: &Replicates) {
        assert!(
            self.count == o.count && self.outputs == o.outputs,
            "merging replicates of different layouts"
        );
        for (a, b) in self.stats.iter_mut().zip(&o.stats) {
            a.merge(b);
        }
    }

    fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(&(self.count as u64).to_le_bytes())?;
        w.write_all(&(self.outputs.len() as u64).to_le_bytes())?;
        for &o in &self.outputs {
            w.write_all(&(o as u64).to_le_bytes())?;
        }
        for s in &self.stats {
            s.write(w)?;
        }
        Ok(())
    }

    fn read(r: &mut impl Read, n_outputs: usize) -> std::io::Result<Replicates> {
        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
        let count = read_u64(r)? as usize;
        if !count.is_power_of_two() || count as u64 > CHUNK {
            return Err(bad("implausible replicate count"));
        }
        let k = read_u64(r)? as usize;
        if k > n_outputs {
            return Err(bad("implausible replicated output count"));
        }
        let mut outputs = Vec::with_capacity(k);
        for _ in 0..k {
            let o = read_u64(r)? as usize;
            if o >= n_outputs || outputs.last().is_some_and(|&p| p >= o) {
                return Err(bad("implausible replicated output"));
            }
            outputs.push(o);
        }
        let mut stats = Vec::with_capacity(k * count);
        for _ in 0..k * count {
            stats.push(Stat::read(r)?);
        }
        Ok(Replicates {
            count,
            outputs,
            stats,
        })
    }
}

impl Accumulator {
    /// One accumulator per output, centred on `magnitudes`, with the histogram resolution of
    /// each output (`SUB_BITS` or `SUB_BITS_COARSE`).
    pub fn with_resolutions(magnitudes: &[f64], sub_bits: &[u32]) -> Accumulator {
        assert_eq!(magnitudes.len(), sub_bits.len());
        Accumulator {
            stats: magnitudes
                .iter()
                .zip(sub_bits)
                .map(|(&m, &b)| Stat::with_resolution(m, b))
                .collect(),
            samples: 0,
            replicates: None,
        }
    }

    /// Adds per-replicate accumulators of `outputs` (ascending) for a design of `count`
    /// replicates, with each output's centre and resolution.
    pub fn with_replicates(mut self, count: usize, outputs: Vec<usize>) -> Accumulator {
        let centres: Vec<f64> = self.stats.iter().map(|s| s.shift).collect();
        let bits: Vec<u32> = self
            .stats
            .iter()
            .map(|s| s.pos.sub_bits.min(SUB_BITS_REPLICATE))
            .collect();
        self.replicates = Some(Replicates::new(count, outputs, &centres, &bits));
        self
    }

    pub fn new(magnitudes: &[f64]) -> Accumulator {
        Accumulator {
            stats: magnitudes.iter().map(|&m| Stat::new(m)).collect(),
            samples: 0,
            replicates: None,
        }
    }

    #[inline]
    pub fn push(&mut self, values: &[f64]) {
        debug_assert_eq!(values.len(), self.stats.len());
        for (s, &x) in self.stats.iter_mut().zip(values) {
            s.push(x);
        }
        self.samples += 1;
    }

    /// Pushes `rows` samples stored output after output in `batch`: output `j`'s values are
    /// `batch[j·stride .. j·stride + rows]`, in sample order. Output by output, so each
    /// histogram stays in cache for the whole batch: the same result as pushing the samples
    /// one by one, at a fraction of the memory traffic. Compiled for the best vector
    /// instructions the processor has ([`Simd::detect`]).
    pub fn push_batch(&mut self, batch: &[f64], stride: usize, rows: usize) {
        self.push_batch_with(Simd::detect(), batch, stride, rows);
    }

    /// [`Accumulator::push_batch`] compiled for `simd` (at most what the processor has): the
    /// same result on each.
    pub fn push_batch_with(&mut self, simd: Simd, batch: &[f64], stride: usize, rows: usize) {
        assert!(rows <= stride && batch.len() >= self.stats.len() * stride);
        #[cfg(target_arch = "x86_64")]
        match simd.min(Simd::detect()) {
            // SAFETY: the tier is capped at what the processor has (`Simd::detect`).
            Simd::Avx512 => return unsafe { self.push_batch_avx512(batch, stride, rows) },
            // SAFETY: the tier is capped at what the processor has (`Simd::detect`).
            Simd::Avx2 => return unsafe { self.push_batch_avx2(batch, stride, rows) },
            Simd::Baseline => {}
        }
        let _ = simd;
        self.push_batch_body(batch, stride, rows);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn push_batch_avx2(&mut self, batch: &[f64], stride: usize, rows: usize) {
        self.push_batch_body(batch, stride, rows);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw")]
    fn push_batch_avx512(&mut self, batch: &[f64], stride: usize, rows: usize) {
        self.push_batch_body(batch, stride, rows);
    }

    #[inline(always)]
    fn push_batch_body(&mut self, batch: &[f64], stride: usize, rows: usize) {
        let n = self.stats.len();
        for j in 0..n {
            // The next output's buckets are requested while this one's are counted.
            if j + 1 < n {
                self.stats[j + 1].prefetch(&batch[(j + 1) * stride..(j + 1) * stride + rows]);
            }
            self.stats[j].push_values(&batch[j * stride..j * stride + rows]);
        }
        self.samples += rows as u64;
    }

    /// [`Accumulator::push_batch_with`] of the `rows` samples from sample `first` (a
    /// multiple of the batch), also into the replicates' accumulators.
    pub fn push_batch_at(
        &mut self,
        simd: Simd,
        first: u64,
        batch: &[f64],
        stride: usize,
        rows: usize,
    ) {
        self.push_batch_with(simd, batch, stride, rows);
        if let Some(reps) = &mut self.replicates {
            reps.push_batch(first, batch, stride, rows);
        }
    }

    pub fn end_chunk(&mut self) {
        for s in &mut self.stats {
            s.end_chunk();
        }
        if let Some(reps) = &mut self.replicates {
            reps.end_chunk();
        }
    }

    pub fn merge(&mut self, o: &Accumulator) {
        for (a, b) in self.stats.iter_mut().zip(&o.stats) {
            a.merge(b);
        }
        self.samples += o.samples;
        match (&mut self.replicates, &o.replicates) {
            (Some(a), Some(b)) => a.merge(b),
            (None, None) => {}
            _ => panic!("merging accumulators with and without replicates"),
        }
    }

    /// HFACC006: HFACC005 followed by the replicates (a flag, then their layout and
    /// accumulators).
    const MAGIC: &'static [u8; 8] = b"HFACC006";

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(Self::MAGIC)?;
        w.write_all(&self.samples.to_le_bytes())?;
        w.write_all(&(self.stats.len() as u64).to_le_bytes())?;
        for s in &self.stats {
            s.write(w)?;
        }
        match &self.replicates {
            None => w.write_all(&0u64.to_le_bytes())?,
            Some(reps) => {
                w.write_all(&1u64.to_le_bytes())?;
                reps.write(w)?;
            }
        }
        Ok(())
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Accumulator> {
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != Self::MAGIC {
            let what = if magic.starts_with(b"HFACC") {
                // Another version's layout or summation (HFACC004 summed a chunk in one lane; HFACC005 had no replicates).
                format!(
                    "an accumulator state of format {}, written by another version of \
                     hiddenflow (this one reads {})",
                    String::from_utf8_lossy(&magic),
                    String::from_utf8_lossy(Self::MAGIC)
                )
            } else {
                "not a hiddenflow accumulator state (bad magic)".to_string()
            };
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, what));
        }
        let samples = read_u64(r)?;
        let n = read_u64(r)? as usize;
        if n > 1 << 24 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "implausible output count",
            ));
        }
        let mut stats = Vec::with_capacity(n);
        for _ in 0..n {
            stats.push(Stat::read(r)?);
        }
        let replicates = match read_u64(r)? {
            0 => None,
            1 => Some(Replicates::read(r, n)?),
            _ => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "implausible replicate flag",
                ));
            }
        };
        Ok(Accumulator {
            stats,
            samples,
            replicates,
        })
    }
}

impl std::ops::AddAssign<&Accumulator> for Accumulator {
    fn add_assign(&mut self, o: &Accumulator) {
        self.merge(o);
    }
}
