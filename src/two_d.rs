//! Two-dimensional Monte Carlo (`hiddenflow two-d`): variability (real spread between mines,
//! years and vehicle models) separated from epistemic uncertainty (what is not known about a
//! value). Every uncertain parameter is tagged by a documented rule ([`classify`]), which a
//! spec's `[two_d]` may override by name pattern. An outer loop draws the epistemic parameters;
//! for each outer draw an inner loop draws the variability parameters with the epistemic ones
//! held. Each inner distribution is summarised (mean and percentiles); across the outer draws
//! each of those statistics gets its median and epistemic interval ("median 79 t, 95 % interval
//! of the median 66–96 t").
//!
//! Memory is flat in both counts: an inner distribution is a streaming histogram
//! ([`Stat`]), reset per outer draw, and each statistic's spread over the outer draws is
//! another. Outer draws run in parallel; every statistic is a pure function of its outer
//! draw and histograms merge exactly, so results do not depend on threads.

use crate::accum::Stat;
use crate::config::{RunConfig, TwoDSpec, spec_diagnostic};
use crate::engine::{Fixed, Job, LANES, glob_match};
use crate::error::{Error, Result};
use crate::model::{Model, ParamKind};
use crate::plan::vout;
use crate::sampling::design::Design;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a parameter's range describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Lack of knowledge about one value (estimated, a proxy, a literature coefficient).
    Epistemic,
    /// Real spread between mines, years or vehicle models, as reported.
    Variability,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Epistemic => "epistemic",
            Kind::Variability => "variability",
        }
    }
}

/// A parameter's kind and the rule that gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub kind: Kind,
    pub rule: &'static str,
}

/// Tags every uncertain parameter (`None` for fixed ones). The rule, first match wins:
/// 1. a `[two_d]` pattern (`epistemic` or `variability`; a parameter in both is an error);
/// 2. residual producers' parameters are epistemic (the standard error of an average);
/// 3. values flagged `estimated` are epistemic;
/// 4. ore grades reported on a reserve or resource basis are epistemic (they stand in for the
///    unknown head grade), as are stripping ratios whose basis is `estimated`;
/// 5. literature coefficients — secondary, input and direct TMR, co-product shares — are
///    epistemic;
/// 6. everything else is a reported range of real spread: variability.
pub fn classify(model: &Model, spec: &TwoDSpec, cfg: &RunConfig) -> Result<Vec<Option<Tag>>> {
    let mut grade_basis = vec![None; model.params.len()];
    for p in &model.producers {
        grade_basis[p.ore_grade.0 as usize] = Some(p.ore_grade_basis.as_str());
    }
    for m in &model.mines {
        grade_basis[m.stripping_ratio.0 as usize] = Some(m.stripping_ratio_basis.as_str());
    }
    let spec_file = cfg.spec_path.clone().unwrap_or_else(|| "<spec>".into());
    for (key, list) in [
        ("epistemic", &spec.epistemic),
        ("variability", &spec.variability),
    ] {
        for pat in list {
            if !model
                .params
                .iter()
                .any(|p| !p.dist.is_fixed() && glob_match(pat, &p.name))
            {
                return Err(Error::input(spec_diagnostic(
                    &spec_file,
                    cfg.spec_text.as_deref(),
                    key,
                    pat,
                    format!("[two_d] {key}: the pattern matches no uncertain parameter"),
                    "use names as `hiddenflow params --uncertain` lists them (`*` matches any run of characters)",
                )));
            }
        }
    }
    let mut tags = Vec::with_capacity(model.params.len());
    for (i, p) in model.params.iter().enumerate() {
        if p.dist.is_fixed() {
            tags.push(None);
            continue;
        }
        let in_e = spec.epistemic.iter().any(|pat| glob_match(pat, &p.name));
        let in_v = spec.variability.iter().any(|pat| glob_match(pat, &p.name));
        let tag = |kind, rule| Some(Tag { kind, rule });
        let basis = grade_basis[i];
        tags.push(match (in_e, in_v) {
            (true, true) => {
                return Err(Error::input(spec_diagnostic(
                    &spec_file,
                    cfg.spec_text.as_deref(),
                    "variability",
                    &p.name,
                    format!(
                        "[two_d]: `{}` matches both an epistemic and a variability pattern",
                        p.name
                    ),
                    "narrow one of the patterns",
                )));
            }
            (true, false) => tag(Kind::Epistemic, "[two_d] epistemic pattern"),
            (false, true) => tag(Kind::Variability, "[two_d] variability pattern"),
            _ if p.name.starts_with("residual:") => tag(
                Kind::Epistemic,
                "residual producer: the error of an average",
            ),
            _ if p.estimated => tag(Kind::Epistemic, "flagged estimated"),
            _ if p.kind == ParamKind::OreGrade
                && matches!(basis, Some("reserve") | Some("resource")) =>
            {
                tag(
                    Kind::Epistemic,
                    "reserve or resource grade standing in for the head grade",
                )
            }
            _ if p.kind == ParamKind::StrippingRatio && basis == Some("estimated") => {
                tag(Kind::Epistemic, "stripping ratio estimated by convention")
            }
            _ if matches!(
                p.kind,
                ParamKind::SecondaryTmr
                    | ParamKind::InputTmr
                    | ParamKind::DirectTmr
                    | ParamKind::CoproductShare
            ) =>
            {
                tag(Kind::Epistemic, "literature coefficient")
            }
            _ => tag(
                Kind::Variability,
                "reported range: spread between mines, years or models",
            ),
        });
    }
    Ok(tags)
}

/// The dimensions the outer loop draws: those of epistemic parameters, and the own dimension
/// of a shared factor whose members are epistemic. A correlated set that mixes the kinds is
/// refused: its members could not be held while their partners vary.
pub fn outer_dims(
    model: &Model,
    job: &Job,
    tags: &[Option<Tag>],
    spec_file: &std::path::Path,
) -> Result<Vec<u32>> {
    let kind_of_dim = |d: u32| -> Kind {
        let p = job.param_of_dim[d as usize];
        tags[p].as_ref().expect("uncertain").kind
    };
    let mut dims: Vec<u32> = (0..job.n_uncertain as u32)
        .filter(|&d| kind_of_dim(d) == Kind::Epistemic)
        .collect();
    for (factor, members) in job.copula.structures() {
        let first = kind_of_dim(members[0]);
        if let Some(&m) = members.iter().find(|&&m| kind_of_dim(m) != first) {
            let name = |d: u32| model.params[job.param_of_dim[d as usize]].name.clone();
            return Err(Error::input(crate::error::Diagnostic::new(
                spec_file,
                format!(
                    "a declared correlation joins `{}` ({}) and `{}` ({}): a two-dimensional run needs each correlated set to be of one kind",
                    name(members[0]),
                    first.as_str(),
                    name(m),
                    kind_of_dim(m).as_str()
                ),
                "tag them alike with [two_d] epistemic or variability patterns, or run with --independent",
            )));
        }
        if let (Some(f), Kind::Epistemic) = (factor, first) {
            dims.push(f);
        }
    }
    Ok(dims)
}

/// The statistics of each inner distribution, in `two_d.csv`'s order.
pub const STATISTICS: [(&str, Option<f64>); 8] = [
    ("mean", None),
    ("p2_5", Some(0.025)),
    ("p5", Some(0.05)),
    ("p25", Some(0.25)),
    ("p50", Some(0.5)),
    ("p75", Some(0.75)),
    ("p95", Some(0.95)),
    ("p97_5", Some(0.975)),
];

/// One output of the two-dimensional run: a vehicle's TMR or hidden flows.
#[derive(Clone, Debug)]
pub struct Target {
    pub vehicle: usize,
    pub quantity: &'static str,
    pub output: usize,
    /// The point estimate, the centre of the histograms.
    pub centre: f64,
}

/// What a two-dimensional run gives: per target and statistic, the statistic's distribution
/// over the outer draws; per target, the pooled (one-dimensional) distribution.
pub struct Results {
    pub targets: Vec<Target>,
    /// `spread[t][s]`: statistic `s` of target `t` over the outer draws.
    pub spread: Vec<Vec<Stat>>,
    pub pooled: Vec<Stat>,
    pub outer: u64,
    pub inner: u64,
}

/// One worker's (or the merged) spread of each statistic and pooled distribution.
type Partial = (Vec<Vec<Stat>>, Vec<Stat>);

/// The targets: TMR and hidden flows of every vehicle.
pub fn targets(job: &Job, point: &[f64]) -> Vec<Target> {
    let mut t = Vec::new();
    for v in 0..job.plan.n_vehicles() {
        for (q, slot) in [("tmr", vout::TMR), ("hidden_flows", vout::HIDDEN)] {
            let output = job.plan.vehicle_output(v, slot);
            t.push(Target {
                vehicle: v,
                quantity: q,
                output,
                centre: point[output],
            });
        }
    }
    t
}

/// Runs the nested loops: `outer` draws of the epistemic dimensions (a design of their own,
/// seeded from the run's seed), each with `inner` draws of the rest (the job's design at
/// indices `o·inner + i`). `progress` is called with the outer draws done.
#[allow(clippy::too_many_arguments)]
pub fn run(
    job: &Job,
    targets: Vec<Target>,
    outer_dims: &[u32],
    outer: u64,
    inner: u64,
    seed: u64,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Results> {
    // A salt keeps the outer design's stream apart from the inner one's.
    const OUTER_SALT: u64 = 0x7d0_0e7e_5a17_0001;
    let outer_design = Design::new(
        job.design.method(),
        seed ^ OUTER_SALT,
        outer_dims.len().max(1),
        outer,
    )
    .map_err(|e| Error::Other(format!("outer design: {e}")))?;
    let k = targets.len();
    let empty = || -> Vec<Vec<Stat>> {
        targets
            .iter()
            .map(|t| STATISTICS.iter().map(|_| Stat::new(t.centre)).collect())
            .collect()
    };
    // The percentiles of STATISTICS, worked out once.
    let probabilities: Vec<f64> = STATISTICS.iter().filter_map(|x| x.1).collect();
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let merged: Mutex<Option<Partial>> = Mutex::new(None);
    crate::engine::on_threads(threads, || {
        let mut st = job.state();
        let mut u_outer = vec![0.0; outer_dims.len().max(1)];
        let mut spread = empty();
        let mut pooled: Vec<Stat> = targets.iter().map(|t| Stat::new(t.centre)).collect();
        let mut inner_stats: Vec<Stat> = targets.iter().map(|t| Stat::new(t.centre)).collect();
        let mut values = [0.0; LANES];
        loop {
            let o = next.fetch_add(1, Ordering::Relaxed);
            if o >= outer {
                break;
            }
            outer_design.fill(o, &mut u_outer);
            let fixed = Fixed {
                dims: outer_dims,
                u: &u_outer[..outer_dims.len()],
            };
            for (s, t) in inner_stats.iter_mut().zip(&targets) {
                *s = Stat::new(t.centre);
            }
            let mut i = 0;
            while i < inner {
                let count = (inner - i).min(LANES as u64) as usize;
                job.sample_lanes_fixed(o * inner + i, count, &mut st, fixed);
                let out = st.lane_outputs();
                for (s, t) in inner_stats.iter_mut().zip(&targets) {
                    values[..count].copy_from_slice(&out[t.output][..count]);
                    s.push_slice(&values[..count]);
                }
                i += count as u64;
                if i % crate::accum::CHUNK == 0 {
                    inner_stats.iter_mut().for_each(Stat::end_chunk);
                }
            }
            for (t, s) in inner_stats.iter_mut().enumerate() {
                s.end_chunk();
                // STATISTICS: the mean first, then the percentiles in `probabilities`' order.
                let stats = std::iter::once(s.mean()).chain(s.quantiles(&probabilities));
                for (j, x) in stats.enumerate() {
                    spread[t][j].push(x);
                    spread[t][j].end_chunk();
                }
                pooled[t].merge(s);
            }
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(d);
        }
        let mut m = merged.lock().expect("no panic while merging");
        match m.as_mut() {
            None => *m = Some((spread, pooled)),
            Some((sp, po)) => {
                for t in 0..k {
                    for (a, b) in sp[t].iter_mut().zip(&spread[t]) {
                        a.merge(b);
                    }
                    po[t].merge(&pooled[t]);
                }
            }
        }
    });
    let (spread, pooled) = merged
        .into_inner()
        .expect("no panic while merging")
        .unwrap_or_else(|| {
            (
                empty(),
                targets.iter().map(|t| Stat::new(t.centre)).collect(),
            )
        });
    Ok(Results {
        targets,
        spread,
        pooled,
        outer,
        inner,
    })
}
