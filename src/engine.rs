//! The Monte Carlo engine: draws every uncertain parameter for each sample from the design,
//! evaluates the compiled plan for the baseline and each scenario on the same draws (common
//! random numbers), derives the comparisons, and accumulates everything — in parallel over
//! canonical chunks, so results are bit-identical for any thread count, block size or shard.
//!
//! Samples go through [`LANES`] at a time, side by side: one generator step, one quantile
//! loop and one plan evaluation serve all of them, which the compiler turns into vector
//! instructions. Each lane's arithmetic is exactly that of a one-sample evaluation
//! ([`Job::sample`]), so the results are the same bit for bit.

use crate::accum::{Accumulator, CHUNK};
use crate::config::{ComparePair, Override, RunConfig, ScenarioSpec};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::plan::{Plan, vout};
use crate::sampling::copula::Copula;
use crate::sampling::design::Design;
use crate::sampling::dist::{Distribution, QuantileBatch, Shape};
pub use crate::simd::Simd;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

/// One uncertain parameter: where its value goes and which uniform drives it.
#[derive(Clone, Debug)]
struct Draw {
    slot: u32,
    dim: u32,
    dist: Distribution,
    /// The best estimate (the point value).
    best: f64,
}

/// A scenario: parameters whose values differ from the baseline's.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Fixed overrides: (slot, value).
    fixed: Vec<(u32, f64)>,
    /// Redrawn overrides on the parameter's own dimension.
    draws: Vec<Draw>,
}

impl Scenario {
    /// The parameters the scenario fixes, as (parameter index, value).
    pub fn fixed(&self) -> &[(u32, f64)] {
        &self.fixed
    }
}

/// A derived output: a per-draw ratio or difference of two outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// `bev_nmc811` vs `icev`, or a scenario's vehicle vs the baseline's.
    pub a: String,
    pub b: String,
    /// `baseline` for vehicle pairs; the scenario's name for scenario-vs-baseline.
    pub scenario: String,
    pub quantity: &'static str,
    a_out: usize,
    b_out: usize,
}

/// Everything a run evaluates, built once.
pub struct Job {
    pub plan: Plan,
    pub design: Design,
    /// The baseline's uncertain parameters, grouped by shape.
    draws: QuantileBatch,
    base: Vec<f64>,
    pub scenarios: Vec<Scenario>,
    pub comparisons: Vec<Comparison>,
    /// Outputs per evaluation (baseline or one scenario).
    pub n_plan_outputs: usize,
    pub dims: usize,
    pub n_uncertain: usize,
    /// The model parameter driven by each of the baseline's dimensions.
    pub param_of_dim: Vec<usize>,
    /// Declared dependence between the dimensions (empty: independent draws).
    pub copula: Copula,
    /// What the declared dependence amounts to (manifest, report).
    pub dependence: crate::dependence::Summary,
    /// The vector instructions the side-by-side path runs compiled for (see
    /// [`Job::sample_lanes`]).
    simd: Simd,
}

impl Job {
    /// Outputs kept per scenario: the headline block of every vehicle (breakdowns are the
    /// baseline's only, which keeps accumulation cheap).
    fn n_scenario_outputs(&self) -> usize {
        self.plan.n_vehicles() * vout::FLOW0
    }

    /// Total outputs accumulated per sample: all plan outputs of the baseline, the headline
    /// outputs of each scenario, then for each comparison its ratio and its difference.
    pub fn n_outputs(&self) -> usize {
        self.n_plan_outputs
            + self.scenarios.len() * self.n_scenario_outputs()
            + 2 * self.comparisons.len()
    }

    /// Index of the ratio of comparison `c` (the difference follows it).
    pub fn comparison_output(&self, c: usize) -> usize {
        self.n_plan_outputs + self.scenarios.len() * self.n_scenario_outputs() + 2 * c
    }

    /// Index of plan output `o` in scenario `s` (0 = baseline). For a scenario, `o` must be
    /// a headline output (`vehicle_output(v, slot)` with `slot < vout::FLOW0`).
    pub fn scenario_output(&self, s: usize, o: usize) -> usize {
        scenario_output(&self.plan, self.n_plan_outputs, s, o)
    }

    /// The outputs at best estimates (scenario overrides applied at their best estimates):
    /// centres the accumulators, and reported as the point values.
    pub fn point_outputs(&self, model: &Model) -> Vec<f64> {
        let mut ws = self.plan.workspace();
        let mut out = vec![0.0; self.n_outputs()];
        let n = self.n_plan_outputs;
        let m = self.n_scenario_outputs();
        let mut full = vec![0.0; n];
        let best = model.best_values();
        self.plan.eval(&best, &mut ws, &mut out[..n]);
        for (s, sc) in self.scenarios.iter().enumerate() {
            let mut v = best.clone();
            for &(slot, x) in &sc.fixed {
                v[slot as usize] = x;
            }
            for d in &sc.draws {
                v[d.slot as usize] = d.best;
            }
            self.plan.eval(&v, &mut ws, &mut full);
            self.plan
                .copy_headline(&full, &mut out[n + s * m..n + (s + 1) * m]);
        }
        self.derive(out.as_chunks_mut::<1>().0);
        out
    }

    /// The comparisons' ratios and differences, lane by lane.
    fn derive<const L: usize>(&self, out: &mut [[f64; L]]) {
        let c0 = self.comparison_output(0);
        for (c, cmp) in self.comparisons.iter().enumerate() {
            let (a, b) = (out[cmp.a_out], out[cmp.b_out]);
            out[c0 + 2 * c] = std::array::from_fn(|l| a[l] / b[l]);
            out[c0 + 2 * c + 1] = std::array::from_fn(|l| a[l] - b[l]);
        }
    }

    /// Empty accumulators for every output, centred on `point`: fine histograms
    /// ([`crate::accum::SUB_BITS`]) for the headline outputs, scenarios and comparisons, coarse
    /// ones ([`crate::accum::SUB_BITS_COARSE`]) for the breakdowns and per-item totals.
    pub fn accumulator(&self, point: &[f64]) -> Accumulator {
        use crate::accum::{SUB_BITS, SUB_BITS_COARSE};
        let block = if self.plan.n_vehicles() > 1 {
            self.plan.vehicle_output(1, 0)
        } else {
            usize::MAX
        };
        let resolution: Vec<u32> = (0..self.n_outputs())
            .map(|o| {
                let headline = o >= self.n_plan_outputs
                    || (o < self.plan.n_vehicles() * block.min(self.n_plan_outputs)
                        && o % block < vout::FLOW0);
                if headline { SUB_BITS } else { SUB_BITS_COARSE }
            })
            .collect();
        let acc = Accumulator::with_resolutions(point, &resolution);
        match self.design.replicates() {
            1 => acc,
            // Every vehicle's headline outputs, of the baseline and of each scenario, are also
            // accumulated per replicate (the comparisons and breakdowns are not: their
            // standard errors stay the independent-sample formulas).
            r => {
                let tracked = (0..self.comparison_output(0))
                    .filter(|&o| resolution[o] == SUB_BITS)
                    .collect();
                acc.with_replicates(r, tracked)
            }
        }
    }

    /// One scenario's full plan outputs, before its headline is kept (none without scenarios).
    fn scenario_scratch_len(&self) -> usize {
        match self.scenarios.is_empty() {
            true => 0,
            false => self.n_plan_outputs,
        }
    }

    /// Scratch state for one worker thread.
    pub fn state(&self) -> WorkerState {
        WorkerState {
            u: vec![0.0; self.dims],
            z: vec![0.0; self.copula.scratch_len()],
            v: self.base.clone(),
            vs: self.base.clone(),
            ws: self.plan.workspace(),
            scenario_out: vec![0.0; self.scenario_scratch_len()],
            lanes: LaneState {
                // Mid-range until first drawn: lanes beyond a partial group stay valid.
                u: vec![[0.5; LANES]; self.dims],
                scratch: vec![0.0; self.dims],
                z: vec![[0.0; LANES]; self.copula.scratch_len()],
                v: self.base.iter().map(|&x| [x; LANES]).collect(),
                vs: self.base.iter().map(|&x| [x; LANES]).collect(),
                ws: self.plan.workspace_lanes(),
                out: vec![[0.0; LANES]; self.n_outputs()],
                scenario_out: vec![[0.0; LANES]; self.scenario_scratch_len()],
            },
        }
    }

    /// Draws the parameters of sample `index` (uniforms from the design, then each
    /// parameter's inverse CDF) into the state's value vector. Allocates nothing.
    pub fn draw(&self, index: u64, st: &mut WorkerState) {
        self.design.fill(index, &mut st.u);
        if !self.copula.is_empty() {
            self.copula.apply(&mut st.u, &mut st.z);
        }
        self.draws.apply(&st.u, &mut st.v);
    }

    /// Sets the baseline's parameters from given uniforms (one per baseline dimension, as
    /// sensitivity designs supply them) and evaluates the plan into `out` (plan outputs).
    pub fn eval_uniforms(&self, u: &[f64], st: &mut WorkerState, out: &mut [f64]) {
        self.draws.apply(u, &mut st.v);
        self.plan.eval(&st.v, &mut st.ws, out);
    }

    /// The uniforms of the last [`Job::draw`] (one per dimension).
    pub fn uniforms<'a>(&self, st: &'a WorkerState) -> &'a [f64] {
        &st.u
    }

    /// The drawn parameter values of the last [`Job::draw`] (model order).
    pub fn values<'a>(&self, st: &'a WorkerState) -> &'a [f64] {
        &st.v
    }

    /// Evaluates sample `index` into `out` (all outputs). Allocates nothing.
    pub fn sample(&self, index: u64, st: &mut WorkerState, out: &mut [f64]) {
        self.draw(index, st);
        let lane = Lanes {
            u: st.u.as_chunks().0,
            v: st.v.as_chunks().0,
            count: 1,
            vs: st.vs.as_chunks_mut().0,
            ws: &mut st.ws,
            scenario_out: st.scenario_out.as_chunks_mut().0,
        };
        // SAFETY: two-lane vectors need only SSE2.
        unsafe { self.evaluate::<1, 2>(lane, out.as_chunks_mut().0) };
    }

    /// Draws the parameters of samples `first .. first + count` (`count` ≤ [`LANES`]) side by
    /// side, one lane each: the values [`Job::draw`] gives each. Allocates nothing.
    pub fn draw_lanes(&self, first: u64, count: usize, st: &mut WorkerState) {
        #[cfg(target_arch = "x86_64")]
        match self.simd {
            // SAFETY: `self.simd` is at most what the processor has (`Simd::detect`).
            Simd::Avx512 => return unsafe { self.draw_lanes_avx512(first, count, st) },
            // SAFETY: `self.simd` is at most what the processor has (`Simd::detect`).
            Simd::Avx2 => return unsafe { self.draw_lanes_avx2(first, count, st) },
            Simd::Baseline => {}
        }
        self.draw_lanes_body(first, count, st, Fixed::NONE);
    }

    /// Runs the side-by-side path compiled for `simd`, or for the best this processor has
    /// if that is less: for comparing the paths.
    pub fn use_simd(&mut self, simd: Simd) {
        self.simd = simd.min(Simd::detect());
    }

    /// The vector instructions the side-by-side path runs compiled for.
    pub fn simd(&self) -> Simd {
        self.simd
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn draw_lanes_avx2(&self, first: u64, count: usize, st: &mut WorkerState) {
        self.draw_lanes_body(first, count, st, Fixed::NONE);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw")]
    fn draw_lanes_avx512(&self, first: u64, count: usize, st: &mut WorkerState) {
        self.draw_lanes_body(first, count, st, Fixed::NONE);
    }

    #[inline(always)]
    fn draw_lanes_body(&self, first: u64, count: usize, st: &mut WorkerState, fixed: Fixed) {
        let st = &mut st.lanes;
        self.design
            .fill_lanes(first, count, &mut st.u, &mut st.scratch);
        for (&d, &x) in fixed.dims.iter().zip(fixed.u) {
            st.u[d as usize] = [x; LANES];
        }
        if !self.copula.is_empty() {
            self.copula.apply_lanes(&mut st.u, &mut st.z);
        }
        self.draws.apply_lanes(&st.u, &mut st.v);
    }

    /// The drawn parameter values of the last [`Job::draw_lanes`] (model order, lane `l`
    /// being sample `first + l`).
    pub fn lane_values<'a>(&self, st: &'a WorkerState) -> &'a [[f64; LANES]] {
        &st.lanes.v
    }

    /// Evaluates samples `first .. first + count` (`count` ≤ [`LANES`]) side by side, one
    /// lane each, into [`WorkerState::lane_outputs`]: the same values, bit for bit, as
    /// [`Job::sample`] gives for each. Allocates nothing.
    ///
    /// The whole path (generator, quantiles, plan) runs compiled for the best vector
    /// instructions the processor has ([`Simd`]): where the compiler vectorises, four lanes per
    /// instruction (AVX2) or eight (AVX-512) instead of two; the generator's steps gain most,
    /// and the plan's inner loop is written for each width. No fused multiply-add is enabled,
    /// and the compiler never contracts `a·b + c` by itself, so every operation rounds as
    /// written and the results are the same on every path.
    pub fn sample_lanes(&self, first: u64, count: usize, st: &mut WorkerState) {
        self.sample_lanes_fixed(first, count, st, Fixed::NONE);
    }

    /// As [`Job::sample_lanes`], with the uniforms of some dimensions given instead of drawn
    /// (the same value in every lane): the inner loop of a two-dimensional run holds the
    /// outer loop's draws of its epistemic parameters this way. The copula and the inverse
    /// CDFs apply as usual.
    pub fn sample_lanes_fixed(&self, first: u64, count: usize, st: &mut WorkerState, fixed: Fixed) {
        #[cfg(target_arch = "x86_64")]
        match self.simd {
            // SAFETY: `self.simd` is at most what the processor has (`Simd::detect`).
            Simd::Avx512 => return unsafe { self.sample_lanes_avx512(first, count, st, fixed) },
            // SAFETY: `self.simd` is at most what the processor has (`Simd::detect`).
            Simd::Avx2 => return unsafe { self.sample_lanes_avx2(first, count, st, fixed) },
            Simd::Baseline => {}
        }
        // SAFETY: two-lane vectors need only SSE2.
        unsafe { self.sample_lanes_body::<2>(first, count, st, fixed) }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn sample_lanes_avx2(&self, first: u64, count: usize, st: &mut WorkerState, fixed: Fixed) {
        // SAFETY: compiled for AVX2, which the processor has (the caller's check).
        unsafe { self.sample_lanes_body::<4>(first, count, st, fixed) }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw")]
    fn sample_lanes_avx512(&self, first: u64, count: usize, st: &mut WorkerState, fixed: Fixed) {
        // SAFETY: compiled for AVX-512F, which the processor has (the caller's check).
        unsafe { self.sample_lanes_body::<8>(first, count, st, fixed) }
    }

    /// # Safety
    /// As [`Plan::eval_simd`] with vectors of `W` lanes.
    #[inline(always)]
    unsafe fn sample_lanes_body<const W: usize>(
        &self,
        first: u64,
        count: usize,
        st: &mut WorkerState,
        fixed: Fixed,
    ) {
        debug_assert!(count <= LANES);
        self.draw_lanes_body(first, count, st, fixed);
        let st = &mut st.lanes;
        // Lanes past `count` hold other samples' values: evaluated, never read.
        let lanes = Lanes {
            u: &st.u,
            v: &st.v,
            count,
            vs: &mut st.vs,
            ws: &mut st.ws,
            scenario_out: &mut st.scenario_out,
        };
        // SAFETY: the caller's contract.
        unsafe { self.evaluate::<LANES, W>(lanes, &mut st.out) };
    }

    /// Every output of drawn samples, lane by lane: the baseline's plan, each scenario's
    /// headline (its overrides applied to the same draws), then the comparisons.
    ///
    /// # Safety
    /// As [`Plan::eval_simd`] with vectors of `W` lanes.
    #[inline(always)]
    unsafe fn evaluate<const L: usize, const W: usize>(
        &self,
        lanes: Lanes<'_, L>,
        out: &mut [[f64; L]],
    ) {
        let Lanes {
            u,
            v,
            count,
            vs,
            ws,
            scenario_out,
        } = lanes;
        let n = self.n_plan_outputs;
        let m = self.n_scenario_outputs();
        // SAFETY: the caller's contract.
        unsafe { self.plan.eval_simd::<L, W>(v, ws, &mut out[..n]) };
        for (s, sc) in self.scenarios.iter().enumerate() {
            vs.copy_from_slice(v);
            for &(slot, x) in &sc.fixed {
                vs[slot as usize] = [x; L];
            }
            for d in &sc.draws {
                for l in 0..count {
                    vs[d.slot as usize][l] = d.dist.quantile(u[d.dim as usize][l]);
                }
            }
            // SAFETY: the caller's contract.
            unsafe { self.plan.eval_simd::<L, W>(vs, ws, scenario_out) };
            self.plan
                .copy_headline(scenario_out, &mut out[n + s * m..n + (s + 1) * m]);
        }
        self.derive(out);
    }
}

/// Drawn samples side by side (`L` lanes, the first `count` drawn) and the scratch that
/// [`Job::evaluate`] uses on them.
struct Lanes<'a, const L: usize> {
    /// Uniforms, `u[dim][lane]`.
    u: &'a [[f64; L]],
    /// The baseline's parameter values, `v[param][lane]`.
    v: &'a [[f64; L]],
    count: usize,
    vs: &'a mut [[f64; L]],
    ws: &'a mut crate::plan::Workspace<L>,
    scenario_out: &'a mut [[f64; L]],
}

/// Samples evaluated side by side in one [`Plan::eval_lanes`].
pub const LANES: usize = 8;

/// Dimensions whose uniforms are given rather than drawn ([`Job::sample_lanes_fixed`]).
#[derive(Clone, Copy, Debug)]
pub struct Fixed<'a> {
    pub dims: &'a [u32],
    pub u: &'a [f64],
}

impl Fixed<'_> {
    /// Nothing given: every dimension drawn.
    pub const NONE: Fixed<'static> = Fixed { dims: &[], u: &[] };
}

/// Per-thread scratch of [`Job::sample_lanes`].
struct LaneState {
    /// Uniforms: `u[dim][lane]`.
    u: Vec<[f64; LANES]>,
    /// One sample's uniforms (designs without a side-by-side path).
    scratch: Vec<f64>,
    /// The copula's normal scores.
    z: Vec<[f64; LANES]>,
    v: Vec<[f64; LANES]>,
    vs: Vec<[f64; LANES]>,
    ws: crate::plan::Workspace<LANES>,
    out: Vec<[f64; LANES]>,
    scenario_out: Vec<[f64; LANES]>,
}

impl WorkerState {
    /// Every output of the last [`Job::sample_lanes`], lane `l` being sample `first + l`.
    pub fn lane_outputs(&self) -> &[[f64; LANES]] {
        &self.lanes.out
    }
}

/// Per-thread scratch: uniforms, parameter values, plan workspace.
pub struct WorkerState {
    u: Vec<f64>,
    z: Vec<f64>,
    v: Vec<f64>,
    vs: Vec<f64>,
    ws: crate::plan::Workspace,
    scenario_out: Vec<f64>,
    lanes: LaneState,
}

fn scenario_output(plan: &Plan, n_plan_outputs: usize, s: usize, o: usize) -> usize {
    if s == 0 {
        return o;
    }
    let block = plan.vehicle_output(1, 0) - plan.vehicle_output(0, 0);
    let (v, slot) = (o / block, o % block);
    assert!(
        slot < vout::FLOW0,
        "scenarios keep only the headline outputs"
    );
    n_plan_outputs + (s - 1) * plan.n_vehicles() * vout::FLOW0 + v * vout::FLOW0 + slot
}

/// Runs `worker` once on each of `threads` threads (0: all cores) and returns what each
/// returned. Workers take their work from a shared counter; their results are merged by the
/// caller with exact arithmetic, so the scheduling never shows in the result.
pub fn on_threads<T: Send>(threads: usize, worker: impl Fn() -> T + Sync) -> Vec<T> {
    let pool = thread_pool(threads);
    let n = pool.current_num_threads();
    pool.install(|| (0..n).into_par_iter().map(|_| worker()).collect())
}

/// A rayon pool of `threads` workers (0: one per core).
pub fn thread_pool(threads: usize) -> rayon::ThreadPool {
    let threads = if threads == 0 {
        rayon::current_num_threads()
    } else {
        threads
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

/// `*` matches any run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first)
        || !text[first.len()..].ends_with(last)
        || text.len() < first.len() + last.len()
    {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// Builds the job: dimensions for every uncertain parameter, scenarios, comparisons.
pub fn build_job(model: &Model, cfg: &RunConfig) -> Result<Job> {
    let plan = Plan::compile(model);
    let mut draws = Vec::new();
    let mut dim_of = vec![None; model.params.len()];
    for (i, p) in model.params.iter().enumerate() {
        if !p.dist.is_fixed() {
            dim_of[i] = Some(draws.len() as u32);
            draws.push(Draw {
                slot: i as u32,
                dim: draws.len() as u32,
                dist: p.dist.clone(),
                best: p.best,
            });
        }
    }
    let n_uncertain = draws.len();
    let mut batch = QuantileBatch::default();
    for d in &draws {
        batch.push(d.slot, d.dim, &d.dist);
    }
    let mut dims = n_uncertain;
    let spec_file = cfg.spec_path.clone().unwrap_or_else(|| "<spec>".into());
    let mut scenarios = Vec::new();
    for sc in &cfg.scenarios {
        scenarios.push(build_scenario(
            model,
            sc,
            &mut dim_of,
            &mut dims,
            &spec_file,
            cfg.spec_text.as_deref(),
        )?);
    }
    if cfg.variance_budget {
        for sc in budget_scenarios(model) {
            scenarios.push(build_scenario(
                model,
                &sc,
                &mut dim_of,
                &mut dims,
                &spec_file,
                cfg.spec_text.as_deref(),
            )?);
        }
    }
    let comparisons = build_comparisons(model, &plan, cfg, &scenarios, &spec_file)?;
    let (copula, dependence) = crate::dependence::build(model, cfg, &dim_of, &mut dims)?;
    // With `--precision` the sample count is open (up to the cap `samples`): a Latin
    // hypercube is then laid out in doubling blocks that end where the rounds do.
    let extensible = cfg.precision.is_some();
    let n_total = match extensible && cfg.method != crate::sampling::design::Method::LatinHypercube
    {
        true => u64::MAX >> 1,
        false => cfg.samples,
    };
    const _: () = assert!(crate::sampling::design::FIRST_BLOCK == FIRST_ROUND);
    let design = Design::replicated(
        cfg.method,
        cfg.seed,
        dims.max(1),
        n_total,
        crate::sampling::design::DEFAULT_REPLICATES,
        extensible,
    )
    .map_err(|e| Error::Other(format!("sampling design: {e}")))?;
    Ok(Job {
        n_plan_outputs: plan.n_outputs(),
        plan,
        design,
        draws: batch,
        base: model.best_values(),
        scenarios,
        comparisons,
        dims: dims.max(1),
        n_uncertain,
        param_of_dim: draws.iter().map(|d| d.slot as usize).collect(),
        copula,
        dependence,
        simd: Simd::detect(),
    })
}

/// Prefix of the scenarios a variance budget adds.
pub const BUDGET_PREFIX: &str = "budget:";

/// The variance budget's scenarios: the residual producers' parameters at their best
/// estimates (when the model has residual producers), and every estimated value at its best.
pub fn budget_scenarios(model: &Model) -> Vec<ScenarioSpec> {
    let at_best =
        |name: &str, description: &str, parameter: &str, estimated: Option<bool>| ScenarioSpec {
            name: format!("{BUDGET_PREFIX}{name}"),
            description: description.to_string(),
            set: vec![Override {
                parameter: parameter.to_string(),
                estimated,
                at_best: Some(true),
                value: None,
                scale: None,
                best: None,
                min: None,
                max: None,
                dist: None,
            }],
        };
    let mut out = Vec::new();
    let any = |f: &dyn Fn(&crate::model::Param) -> bool| {
        model.params.iter().any(|p| !p.dist.is_fixed() && f(p))
    };
    if any(&|p| p.name.starts_with("residual:")) {
        out.push(at_best(
            "residuals_at_best",
            "every parameter of the residual producers fixed at its best estimate",
            "residual:*",
            None,
        ));
    }
    if any(&|p| p.estimated) {
        out.push(at_best(
            "estimated_at_best",
            "every value flagged estimated fixed at its best estimate",
            "*",
            Some(true),
        ));
    }
    out
}

fn build_scenario(
    model: &Model,
    sc: &ScenarioSpec,
    dim_of: &mut [Option<u32>],
    dims: &mut usize,
    spec_file: &std::path::Path,
    spec_text: Option<&str>,
) -> Result<Scenario> {
    let mut fixed = Vec::new();
    let mut draws = Vec::new();
    let err = |msg: String, fix: &str, value: &str| {
        Error::input(crate::config::spec_diagnostic(
            spec_file,
            spec_text,
            "parameter",
            value,
            format!("scenario `{}`: {msg}", sc.name),
            fix,
        ))
    };
    for o in &sc.set {
        let hits: Vec<usize> = model
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| glob_match(&o.parameter, &p.name))
            .filter(|(_, p)| o.estimated.is_none_or(|e| p.estimated == e))
            .map(|(i, _)| i)
            .collect();
        if hits.is_empty() {
            return Err(err(
                match o.estimated {
                    None => "the parameter pattern matches no parameter of the dataset".into(),
                    Some(e) => format!(
                        "the parameter pattern matches no parameter whose `estimated` flag is {e}"
                    ),
                },
                "use a name as `hiddenflow params` lists it, e.g. commodity:copper:recycled_share (`*` matches any run of characters)",
                &o.parameter,
            ));
        }
        if o.at_best == Some(false) {
            return Err(err(
                "`at_best = false` has no meaning".into(),
                "write `at_best = true` to fix the parameters at their best estimates, or leave it out",
                &o.parameter,
            ));
        }
        let modes = [
            o.at_best.is_some(),
            o.value.is_some(),
            o.scale.is_some(),
            o.best.is_some() || o.min.is_some() || o.max.is_some() || o.dist.is_some(),
        ];
        if modes.iter().filter(|&&m| m).count() != 1 {
            return Err(err(
                "an override needs exactly one of: value; at_best; scale; best/min/max/dist".into(),
                "keep one of them",
                &o.parameter,
            ));
        }
        for i in hits {
            let p = &model.params[i];
            let best = match (o.value, o.scale) {
                (Some(x), _) => x,
                (None, Some(k)) => p.best * k,
                (None, None) => o.best.unwrap_or(p.best),
            };
            let new = if o.at_best.is_some() {
                Distribution::new(p.best, None, None, &Shape::Fixed, p.support)
            } else if let Some(x) = o.value {
                Distribution::new(x, None, None, &Shape::Fixed, p.support)
            } else if let Some(k) = o.scale {
                p.dist.scaled_within(k, p.support)
            } else {
                let shape = match &o.dist {
                    Some(s) => s.parse::<Shape>().map_err(|e| {
                        err(format!("{e}"), "use a shape of distributions/README.md", s)
                    })?,
                    None if o.min.is_some() || o.max.is_some() => {
                        model.options.default_shape.clone()
                    }
                    None => Shape::Fixed,
                };
                Distribution::new(o.best.unwrap_or(p.best), o.min, o.max, &shape, p.support)
            };
            let new = new.map_err(|e| err(format!("override of `{}`: {e}", p.name), "values are in model units: grades, recoveries and shares as fractions, masses in kg", &o.parameter))?;
            if new.is_fixed() {
                fixed.push((i as u32, new.quantile(0.5)));
            } else {
                let dim = match dim_of[i] {
                    Some(d) => d,
                    None => {
                        // Fixed in the baseline, uncertain here: a dimension of its own.
                        let d = *dims as u32;
                        *dims += 1;
                        dim_of[i] = Some(d);
                        d
                    }
                };
                draws.push(Draw {
                    slot: i as u32,
                    dim,
                    dist: new,
                    best,
                });
            }
        }
    }
    Ok(Scenario {
        name: sc.name.clone(),
        description: sc.description.clone(),
        fixed,
        draws,
    })
}

fn build_comparisons(
    model: &Model,
    plan: &Plan,
    cfg: &RunConfig,
    scenarios: &[Scenario],
    spec_file: &std::path::Path,
) -> Result<Vec<Comparison>> {
    let pairs: Vec<ComparePair> = if cfg.compare.is_empty() {
        // Default: every other vehicle against the first ICEV.
        match model.vehicles.iter().find(|v| v.powertrain == "ICEV") {
            Some(icev) => model
                .vehicles
                .iter()
                .filter(|v| v.id != icev.id)
                .map(|v| ComparePair {
                    a: v.id.clone(),
                    b: icev.id.clone(),
                })
                .collect(),
            None => Vec::new(),
        }
    } else {
        cfg.compare.clone()
    };
    let mut out = Vec::new();
    let quantities: [(&'static str, usize); 2] =
        [("tmr", vout::TMR), ("hidden_flows", vout::HIDDEN)];
    for pair in &pairs {
        let find = |id: &str| {
            model.vehicle_index(id).ok_or_else(|| {
                let known: Vec<&str> = model.vehicles.iter().map(|v| v.id.as_str()).collect();
                Error::input(crate::config::spec_diagnostic(
                    spec_file,
                    cfg.spec_text.as_deref(),
                    "compare",
                    id,
                    "unknown vehicle in [[compare]]",
                    format!("use one of {}", known.join(", ")),
                ))
            })
        };
        let (a, b) = (find(&pair.a)?, find(&pair.b)?);
        for (q, slot) in quantities {
            out.push(Comparison {
                a: pair.a.clone(),
                b: pair.b.clone(),
                scenario: "baseline".into(),
                quantity: q,
                a_out: plan.vehicle_output(a, slot),
                b_out: plan.vehicle_output(b, slot),
            });
        }
    }
    let n = plan.n_outputs();
    for (s, sc) in scenarios.iter().enumerate() {
        let s = s + 1;
        for (v, veh) in model.vehicles.iter().enumerate() {
            for (q, slot) in quantities {
                out.push(Comparison {
                    a: veh.id.clone(),
                    b: veh.id.clone(),
                    scenario: sc.name.clone(),
                    quantity: q,
                    a_out: scenario_output(plan, n, s, plan.vehicle_output(v, slot)),
                    b_out: plan.vehicle_output(v, slot),
                });
            }
        }
    }
    Ok(out)
}

/// Samples of a run's first round (`convergence.csv`, `--precision`); the rounds double.
pub const FIRST_ROUND: u64 = 16 * CHUNK;

/// Samples evaluated before their outputs are accumulated together (see
/// [`Accumulator::push_batch`]); a multiple of [`LANES`] that divides [`CHUNK`].
const BATCH: usize = 64;
const _: () = assert!(BATCH.is_multiple_of(LANES) && (CHUNK as usize).is_multiple_of(BATCH));

/// Raw draws of the headline outputs, streamed in sample order.
pub struct SampleSink {
    pub tx: mpsc::SyncSender<(u64, String)>,
}

/// Columns of the kept samples: (scenario index, plan output index, column name).
pub fn kept_columns(job: &Job) -> Vec<(usize, usize, String)> {
    let mut cols = Vec::new();
    let names: Vec<String> = std::iter::once("baseline".to_string())
        .chain(job.scenarios.iter().map(|s| s.name.clone()))
        .collect();
    for (s, sname) in names.iter().enumerate() {
        for (v, id) in job.plan.vehicle_ids.iter().enumerate() {
            for (q, slot) in [
                ("tmr", vout::TMR),
                ("hidden_flows", vout::HIDDEN),
                ("material_efficiency", vout::EFFICIENCY),
                ("hidden_share_abroad", vout::SHARE_ABROAD),
            ] {
                let prefix = if s == 0 {
                    String::new()
                } else {
                    format!("{sname}.")
                };
                cols.push((
                    s,
                    job.plan.vehicle_output(v, slot),
                    format!("{prefix}{id}.{q}"),
                ));
            }
        }
    }
    cols
}

/// Evaluates samples `samples` (a range of sample indices on chunk boundaries, except that the
/// last chunk may be partial) on `threads` threads and returns the merged accumulator.
pub fn run_range(
    job: &Job,
    magnitudes: &[f64],
    samples: Range<u64>,
    threads: usize,
    block_size: u64,
    progress: &(dyn Fn(u64) + Sync),
    sink: Option<&SampleSink>,
) -> Accumulator {
    let mut workers = Workers::new(job, magnitudes, threads);
    workers.run(samples, block_size, progress, sink);
    workers.into_accumulator()
}

/// The worker threads of a run, kept from one range of samples to the next (a run goes in
/// rounds): each keeps its accumulator, scratch and batch, so a round allocates nothing, the
/// histograms grow once per run rather than once per round, and accumulators are merged whole
/// only once, at the end. Merges are exact, so none of this shows in the results.
pub struct Workers<'j> {
    job: &'j Job,
    magnitudes: &'j [f64],
    pool: rayon::ThreadPool,
    slots: Vec<Worker>,
}

/// One worker's state across rounds.
struct Worker {
    acc: Accumulator,
    st: WorkerState,
    /// Output after output: each output's BATCH values are contiguous for its accumulator.
    batch: Vec<f64>,
    /// The kept samples of the chunk being evaluated, as CSV lines.
    text: String,
}

impl<'j> Workers<'j> {
    /// `threads` workers (0: one per core) with empty accumulators centred on `magnitudes`.
    pub fn new(job: &'j Job, magnitudes: &'j [f64], threads: usize) -> Workers<'j> {
        let pool = thread_pool(threads);
        let slots = (0..pool.current_num_threads())
            .map(|_| Worker {
                acc: job.accumulator(magnitudes),
                st: job.state(),
                batch: vec![0.0; BATCH * job.n_outputs()],
                text: String::new(),
            })
            .collect();
        Workers {
            job,
            magnitudes,
            pool,
            slots,
        }
    }

    /// Evaluates samples `samples` (on chunk boundaries, except that the last chunk may be
    /// partial) into the workers' accumulators. Workers take at most `block_size` samples at a
    /// time, and less near the end of the range, so that they finish together.
    pub fn run(
        &mut self,
        samples: Range<u64>,
        block_size: u64,
        progress: &(dyn Fn(u64) + Sync),
        sink: Option<&SampleSink>,
    ) {
        debug_assert_eq!(samples.start % CHUNK, 0);
        let Workers {
            job, pool, slots, ..
        } = self;
        let job: &Job = job;
        let chunks = Chunks {
            first: samples.start / CHUNK,
            count: (samples.end - samples.start).div_ceil(CHUNK),
            end: samples.end,
            most: (block_size / CHUNK).max(1),
            workers: slots.len() as u64,
            next: AtomicU64::new(0),
        };
        // The kept columns as rows of the lane outputs, worked out once per range.
        let kept: Option<Vec<usize>> = sink.map(|_| {
            kept_columns(job)
                .iter()
                .map(|&(s, o, _)| job.scenario_output(s, o))
                .collect()
        });
        let (chunks, kept) = (&chunks, kept.as_deref());
        pool.scope(|s| {
            for w in slots.iter_mut() {
                s.spawn(move |_| {
                    while let Some(taken) = chunks.take() {
                        for chunk in taken {
                            let samples = chunks.samples(chunk);
                            let n = samples.end - samples.start;
                            w.chunk(job, chunk, samples, kept, sink);
                            progress(n);
                        }
                    }
                });
            }
        });
    }

    /// Output `o`'s statistics over every sample evaluated so far (for the convergence table
    /// and the precision rule between rounds).
    pub fn merged(&self, o: usize) -> crate::accum::Stat {
        let mut stat = self.slots[0].acc.stats[o].clone();
        for w in &self.slots[1..] {
            stat.merge(&w.acc.stats[o]);
        }
        stat
    }

    /// Output `o`'s summary over every sample evaluated so far, with the standard errors of
    /// the design ([`crate::stats::summarize_output`]).
    pub fn summary(&self, o: usize, confidence: f64) -> crate::stats::Summary {
        self.summary_with(o, confidence, None)
    }

    /// [`Workers::summary`] with the statistics of the samples before a resume (`base`)
    /// merged in.
    pub fn summary_with(
        &self,
        o: usize,
        confidence: f64,
        base: Option<&Accumulator>,
    ) -> crate::stats::Summary {
        let mut stat = self.merged(o);
        if let Some(b) = base {
            stat.merge(&b.stats[o]);
        }
        let reps = self.slots[0].acc.replicates.as_ref().and_then(|r| {
            let k = r.of(o)?.len();
            Some(
                (0..k)
                    .map(|i| {
                        let mut s = r.of(o).expect("tracked")[i].clone();
                        let others = self.slots[1..].iter().map(|w| &w.acc).chain(base);
                        for acc in others {
                            s.merge(
                                &acc.replicates
                                    .as_ref()
                                    .expect("same layout")
                                    .of(o)
                                    .expect("tracked")[i],
                            );
                        }
                        s
                    })
                    .collect::<Vec<_>>(),
            )
        });
        match reps {
            Some(reps) => crate::stats::summarize_replicated(&stat, &reps, confidence),
            None => crate::stats::summarize(&stat, confidence),
        }
    }

    /// Every output's statistics over every sample evaluated so far, the workers kept (a
    /// checkpoint's state).
    pub fn snapshot(&self) -> Accumulator {
        let mut total = self.job.accumulator(self.magnitudes);
        for w in &self.slots {
            total += &w.acc;
        }
        total
    }

    /// Every output's statistics over every sample evaluated.
    pub fn into_accumulator(self) -> Accumulator {
        let mut total = self.job.accumulator(self.magnitudes);
        for w in &self.slots {
            total += &w.acc;
        }
        total
    }
}

/// The canonical chunks of one range of samples, handed out to workers.
struct Chunks {
    /// The range's first chunk and its number of chunks.
    first: u64,
    count: u64,
    /// One past the range's last sample (its last chunk may be partial).
    end: u64,
    /// The most chunks one worker takes at a time (the block size).
    most: u64,
    workers: u64,
    /// Chunks handed out so far.
    next: AtomicU64,
}

impl Chunks {
    /// The next chunks for a worker, none when all are taken: a block, or near the end of the
    /// range a share of what is left (half of it split between the workers), so that no
    /// worker is left with a long block while the others wait for the round to end.
    fn take(&self) -> Option<Range<u64>> {
        let mut taken = self.next.load(Ordering::Relaxed);
        loop {
            let left = self.count.checked_sub(taken).filter(|&l| l > 0)?;
            let n = (left / (2 * self.workers)).clamp(1, self.most);
            match self.next.compare_exchange_weak(
                taken,
                taken + n,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(self.first + taken..self.first + taken + n),
                Err(now) => taken = now,
            }
        }
    }

    /// The samples of `chunk` (the range's last chunk may be partial).
    fn samples(&self, chunk: u64) -> Range<u64> {
        chunk * CHUNK..((chunk + 1) * CHUNK).min(self.end)
    }
}

impl Worker {
    /// Evaluates canonical chunk `chunk` (its `samples`) into this worker's accumulator;
    /// with a sink, sends the lane-output rows `kept` of each sample as a CSV line.
    fn chunk(
        &mut self,
        job: &Job,
        chunk: u64,
        samples: Range<u64>,
        kept: Option<&[usize]>,
        sink: Option<&SampleSink>,
    ) {
        let Worker {
            acc,
            st,
            batch,
            text,
        } = self;
        for b0 in samples.clone().step_by(BATCH) {
            let b1 = (b0 + BATCH as u64).min(samples.end);
            for g0 in (b0..b1).step_by(LANES) {
                let count = (b1 - g0).min(LANES as u64) as usize;
                job.sample_lanes(g0, count, st);
                let lanes = st.lane_outputs();
                let r0 = (g0 - b0) as usize;
                // Output `o`'s row of the batch is `batch[o·BATCH ..][..BATCH]`.
                let rows = batch.as_chunks_mut::<BATCH>().0.iter_mut();
                if count == LANES {
                    // A fixed-size copy (a few register moves) per output.
                    for (row, x) in rows.zip(lanes) {
                        *row[r0..].first_chunk_mut::<LANES>().expect("in the row") = *x;
                    }
                } else {
                    for (row, x) in rows.zip(lanes) {
                        row[r0..r0 + count].copy_from_slice(&x[..count]);
                    }
                }
                if let Some(cols) = kept {
                    use std::fmt::Write as _;
                    for (l, i) in (g0..g0 + count as u64).enumerate() {
                        let _ = write!(text, "{i}");
                        for &o in cols {
                            let _ = write!(text, ",{}", crate::fmt_num::num(lanes[o][l]));
                        }
                        text.push('\n');
                    }
                }
            }
            acc.push_batch_at(job.simd(), b0, batch, BATCH, (b1 - b0) as usize);
        }
        acc.end_chunk();
        if let Some(sink) = sink {
            let _ = sink.tx.send((chunk, std::mem::take(text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(first: u64, count: u64, most: u64, workers: u64) -> Chunks {
        Chunks {
            first,
            count,
            end: (first + count) * CHUNK,
            most,
            workers,
            next: AtomicU64::new(0),
        }
    }

    #[test]
    fn takes_cover_each_chunk_once_in_order_and_shrink_at_the_end() {
        for (count, most, workers) in [
            (1, 16, 2),
            (16, 16, 2),
            (29, 16, 2),
            (300, 16, 3),
            (7, 1, 4),
        ] {
            let c = chunks(5, count, most, workers);
            let mut expect = 5;
            while let Some(t) = c.take() {
                assert_eq!(t.start, expect, "{count} chunks: a gap or an overlap");
                let (n, left) = (t.end - t.start, 5 + count - t.start);
                assert!((1..=most).contains(&n), "{count} chunks: took {n}");
                // Near the end no worker takes more than its share of half of what is left.
                assert!(n <= (left / (2 * workers)).max(1), "{n} of {left} left");
                expect = t.end;
            }
            assert_eq!(expect, 5 + count, "every chunk taken");
            assert_eq!(c.take(), None, "nothing after the end");
        }
    }

    #[test]
    fn concurrent_takes_partition_the_range() {
        let c = chunks(0, 10_000, 16, 4);
        let taken: Vec<Vec<Range<u64>>> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4)
                .map(|_| s.spawn(|| std::iter::from_fn(|| c.take()).collect::<Vec<_>>()))
                .collect();
            hs.into_iter().map(|h| h.join().expect("taker")).collect()
        });
        let mut all: Vec<Range<u64>> = taken.into_iter().flatten().collect();
        all.sort_by_key(|r| r.start);
        let mut expect = 0;
        for r in &all {
            assert_eq!(r.start, expect, "a gap or an overlap at {expect}");
            expect = r.end;
        }
        assert_eq!(expect, 10_000);
    }

    #[test]
    fn the_last_chunk_of_a_range_may_be_partial() {
        let mut c = chunks(2, 3, 16, 2);
        c.end = 4 * CHUNK + 10;
        assert_eq!(c.samples(2), 2 * CHUNK..3 * CHUNK);
        assert_eq!(c.samples(4).end - c.samples(4).start, 10);
    }
}
