//! Rank correlation and contribution to variance from any run (`run --sensitivity`).
//!
//! A second, deterministic pass over the run's first samples: each parameter's rank is its
//! uniform `u` (the inverse CDF is monotone, so `u` *is* the parameter's population rank), and
//! each output's rank is its empirical CDF from the run's own histogram. Spearman's ρ is then
//! the Pearson correlation of the two ranks; the contribution to variance of a parameter is
//! ρ² / Σ ρ² over all parameters, and a group's contribution is the sum over its members.
//! Sums are exact ([`ExactSum`]), so results do not depend on threads.

use crate::accum::{Accumulator, CHUNK, ExactSum, RankTable};
use crate::engine::Job;
use crate::model::{Model, ParamKind};
use crate::plan::vout;
use crate::report::{Csv, num};
use std::sync::atomic::{AtomicU64, Ordering};

/// Outputs analysed: TMR and hidden flows of every vehicle.
fn targets(job: &Job) -> Vec<(usize, &'static str, usize)> {
    let mut t = Vec::new();
    for v in 0..job.plan.n_vehicles() {
        t.push((v, "tmr", job.plan.vehicle_output(v, vout::TMR)));
        t.push((v, "hidden_flows", job.plan.vehicle_output(v, vout::HIDDEN)));
    }
    t
}

struct Sums {
    /// per (dimension, target): Σ (u − ½)(r − ½)
    cross: Vec<ExactSum>,
    /// per dimension: Σ (u − ½)²
    uu: Vec<ExactSum>,
    /// per target: Σ (r − ½)²
    rr: Vec<ExactSum>,
}

impl Sums {
    fn new(d: usize, k: usize) -> Sums {
        Sums {
            cross: vec![ExactSum::default(); d * k],
            uu: vec![ExactSum::default(); d],
            rr: vec![ExactSum::default(); k],
        }
    }
    fn merge(&mut self, o: &Sums) {
        for (a, b) in self.cross.iter_mut().zip(&o.cross) {
            a.merge(b);
        }
        for (a, b) in self.uu.iter_mut().zip(&o.uu) {
            a.merge(b);
        }
        for (a, b) in self.rr.iter_mut().zip(&o.rr) {
            a.merge(b);
        }
    }
}

/// Spearman ρ for every (baseline dimension, target), from samples `0..n`.
pub struct RankCorrelation {
    pub n: u64,
    pub targets: Vec<(usize, &'static str, usize)>,
    /// ρ[d · targets + k]
    pub rho: Vec<f64>,
}

pub fn rank_correlation(job: &Job, acc: &Accumulator, n: u64, threads: usize) -> RankCorrelation {
    let targets = targets(job);
    let tables: Vec<RankTable> = targets
        .iter()
        .map(|&(_, _, o)| acc.stats[o].rank_table())
        .collect();
    let (d, k) = (job.n_uncertain, targets.len());
    let n_chunks = n.div_ceil(CHUNK);
    let next = AtomicU64::new(0);
    let worker = || {
        let mut sums = Sums::new(d, k);
        let mut st = job.state();
        let mut out = vec![0.0; job.n_outputs()];
        let (mut cross, mut uu, mut rr) = (vec![0.0; d * k], vec![0.0; d], vec![0.0; k]);
        let mut r = vec![0.0; k];
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= n_chunks {
                break;
            }
            cross.fill(0.0);
            uu.fill(0.0);
            rr.fill(0.0);
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                job.sample(i, &mut st, &mut out);
                for (j, (&(_, _, o), t)) in targets.iter().zip(&tables).enumerate() {
                    r[j] = t.cdf(out[o]) - 0.5;
                    rr[j] += r[j] * r[j];
                }
                let u = job.uniforms(&st);
                for p in 0..d {
                    let a = u[p] - 0.5;
                    uu[p] += a * a;
                    let row = &mut cross[p * k..(p + 1) * k];
                    for (x, &b) in row.iter_mut().zip(&r) {
                        *x += a * b;
                    }
                }
            }
            // Each chunk's f64 sums enter exactly: the total does not depend on scheduling.
            for (s, &x) in sums.cross.iter_mut().zip(&cross) {
                s.add(x);
            }
            for (s, &x) in sums.uu.iter_mut().zip(&uu) {
                s.add(x);
            }
            for (s, &x) in sums.rr.iter_mut().zip(&rr) {
                s.add(x);
            }
        }
        sums
    };
    let parts: Vec<Sums> = crate::engine::on_threads(threads, worker);
    let mut total = Sums::new(d, k);
    for p in &parts {
        total.merge(p);
    }
    let mut rho = vec![0.0; d * k];
    for p in 0..d {
        let su = total.uu[p].to_f64();
        for j in 0..k {
            let sr = total.rr[j].to_f64();
            rho[p * k + j] = total.cross[p * k + j].to_f64() / (su * sr).sqrt();
        }
    }
    RankCorrelation { n, targets, rho }
}

/// Groups of a parameter: (group type, label).
pub fn param_groups(model: &Model, p: usize) -> Vec<(&'static str, String)> {
    let prm = &model.params[p];
    let mut g = vec![("kind", prm.kind.as_str().to_string())];
    if let Some(c) = prm.commodity {
        g.push(("commodity", model.commodities[c].id.clone()));
    }
    if let Some(m) = prm.mine {
        g.push(("mine", model.mines[m].id.clone()));
        // A mine's stripping ratio belongs to each commodity the mine produces.
        if prm.kind == ParamKind::StrippingRatio && prm.commodity.is_none() {
            for &pi in &model.mine_producers[m] {
                g.push((
                    "commodity",
                    model.commodities[model.producers[pi].commodity].id.clone(),
                ));
            }
        }
    }
    if let Some(c) = prm.country {
        g.push(("country", model.countries[c].clone()));
    }
    g.sort();
    g.dedup();
    g
}

/// Rows of `sensitivity.csv` for a rank-correlation analysis: per parameter its ρ (with a
/// Fisher-z interval) and contribution; per group its summed contribution.
pub fn sensitivity_rows(
    model: &Model,
    job: &Job,
    rc: &RankCorrelation,
    confidence: f64,
    csv: &mut Csv,
) {
    let k = rc.targets.len();
    let z = statrs_normal_quantile(0.5 + confidence / 2.0);
    let half = z / ((rc.n as f64) - 3.0).max(1.0).sqrt();
    for (j, &(v, q, _)) in rc.targets.iter().enumerate() {
        let vehicle = &job.plan.vehicle_ids[v];
        let total: f64 = (0..job.n_uncertain)
            .map(|p| rc.rho[p * k + j].powi(2))
            .sum();
        let mut groups: std::collections::BTreeMap<(&'static str, String), f64> =
            Default::default();
        // One `sensitivity.csv` row; an interval only where one exists.
        let mut row =
            |parameter: String, group: &str, index: &str, value: f64, ci: Option<(f64, f64)>| {
                let (lo, hi) = ci.map_or((String::new(), String::new()), |(l, h)| (num(l), num(h)));
                csv.row([
                    vehicle.clone(),
                    q.to_string(),
                    "rank_correlation".into(),
                    parameter,
                    group.to_string(),
                    index.to_string(),
                    num(value),
                    lo,
                    hi,
                ]);
            };
        for p in 0..job.n_uncertain {
            let rho = rc.rho[p * k + j];
            let param = job.param_of_dim[p];
            let name = &model.params[param].name;
            let share = rho * rho / total;
            let ci = ((rho.atanh() - half).tanh(), (rho.atanh() + half).tanh());
            row(name.clone(), "", "spearman", rho, Some(ci));
            row(name.clone(), "", "contribution", share, None);
            for g in param_groups(model, param) {
                *groups.entry(g).or_default() += share;
            }
        }
        for ((gtype, label), share) in groups {
            row(
                format!("{gtype}:{label}"),
                gtype,
                "contribution",
                share,
                None,
            );
        }
    }
}

fn statrs_normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::new(0.0, 1.0)
        .map(|n| n.inverse_cdf(p))
        .unwrap_or(1.959963984540054)
}

pub const SENSITIVITY_HEADER: [&str; 9] = [
    "vehicle",
    "quantity",
    "method",
    "parameter",
    "group",
    "index",
    "value",
    "ci_low",
    "ci_high",
];
