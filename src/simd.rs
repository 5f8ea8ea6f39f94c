//! The vector instruction sets the hot paths run compiled for, chosen at run time. Every path
//! gives the same results, bit for bit: no fused multiply-add is enabled, and the compiler
//! never contracts `a·b + c` by itself, so each operation rounds as written on every path.

/// Vector instruction sets the side-by-side path (`engine::Job::sample_lanes`) and the
/// accumulation (`accum::Accumulator::push_batch_with`) can run compiled for, chosen at run
/// time: the best the processor has. Results are the same on each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Simd {
    /// SSE2: every x86-64 processor (and the portable path elsewhere).
    Baseline,
    Avx2,
    /// AVX-512 F, DQ, VL and BW.
    Avx512,
}

impl Simd {
    /// The best this processor has.
    pub fn detect() -> Simd {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx512f") && has!("avx512dq") && has!("avx512vl") && has!("avx512bw") {
                return Simd::Avx512;
            }
            if has!("avx2") {
                return Simd::Avx2;
            }
        }
        Simd::Baseline
    }

    /// Every set this processor can run, baseline first.
    pub fn available() -> Vec<Simd> {
        let best = Simd::detect();
        [Simd::Baseline, Simd::Avx2, Simd::Avx512]
            .into_iter()
            .filter(|&s| s <= best)
            .collect()
    }
}
