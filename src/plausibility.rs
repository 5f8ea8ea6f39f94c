//! Physical plausibility of a valid dataset as a whole, beyond what each cell can tell: every
//! cell may lie in its physical range while the model they make is absurd (a stripping ratio of
//! 1e308 t/t, an ore grade of 1e-300, a lognormal with a geometric sd of 1e100). Two checks, run
//! by every command before any sampling:
//!
//! * **ranges**: an uncertain parameter whose 0.1–99.9 % quantiles span more than
//!   [`MAX_DECADES`] orders of magnitude (no measured quantity of this model does);
//! * **results**: at best estimates, every commodity's, material's and component's TMR per t and
//!   every vehicle's outputs must be finite, and a commodity's TMR per t at most
//!   [`MAX_TMR_PER_T`] (platinum, the richest rock-to-metal ratio there is, is near 1e6 t/t).
//!
//! A problem is an input error naming the parameters responsible; `--allow-implausible` turns
//! each into a warning for a user who means it.

use crate::data::Dataset;
use crate::error::Diagnostic;
use crate::model::{Model, Param};
use crate::plan::Plan;

/// The most orders of magnitude an uncertain parameter's central 99.8 % may span.
pub const MAX_DECADES: f64 = 4.0;
/// The largest plausible TMR per t of a commodity at best estimates, t/t.
pub const MAX_TMR_PER_T: f64 = 1e8;

/// The problems of `model`, each located at a parameter's cell where one is responsible.
pub fn problems(model: &Model, plan: &Plan, ds: &Dataset) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &model.params {
        if p.dist.is_fixed() {
            continue;
        }
        let (lo, hi) = (p.dist.quantile(0.001), p.dist.quantile(0.999));
        if lo > 0.0 && hi / lo > 10f64.powf(MAX_DECADES) {
            out.push(at_param(
                p,
                ds,
                format!(
                    "its 0.1–99.9 % range {lo:.3e}–{hi:.3e} spans {:.0} orders of magnitude (at most {MAX_DECADES} are plausible)",
                    (hi / lo).log10()
                ),
                "check the unit and the range (or the gsd)",
            ));
        }
    }
    let mut ws = plan.workspace();
    let mut v = vec![0.0; plan.n_outputs()];
    plan.eval(&model.best_values(), &mut ws, &mut v);
    let mut reported: Vec<(&str, &str)> = Vec::new();
    // Upstream first: a commodity's absurd TMR explains its materials', components' and
    // vehicles'.
    let level_rank = |l: &str| {
        ["commodity", "material", "component", "vehicle"]
            .iter()
            .position(|x| *x == l)
    };
    let mut order: Vec<usize> = (0..plan.outputs.len()).collect();
    order.sort_by_key(|&o| level_rank(plan.outputs[o].level));
    for o in order {
        let d = &plan.outputs[o];
        let bad_commodity = d.level == "commodity" && v[o] > MAX_TMR_PER_T;
        if v[o].is_finite() && !bad_commodity {
            continue;
        }
        // One problem per item: its first implausible output says enough.
        if reported.contains(&(d.level, d.item.as_str())) {
            continue;
        }
        reported.push((d.level, d.item.as_str()));
        // The commodity's parameters with the most extreme best estimates are the suspects.
        let suspects = suspects(
            model,
            if d.level == "commodity" {
                Some(&d.item)
            } else {
                None
            },
        );
        let mut diag = Diagnostic::new(
            &ds.dir,
            format!(
                "at best estimates the {} `{}` has {}{} = {:.3e}: not a plausible result",
                d.level,
                d.item,
                d.quantity,
                if d.category.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", d.category)
                },
                v[o]
            ),
            format!("check these parameters' values and units: {suspects}"),
        );
        diag = diag.with_value(format!("{:.3e}", v[o]));
        out.push(diag);
        if out.len() > 20 {
            break;
        }
    }
    out
}

fn at_param(p: &Param, ds: &Dataset, message: String, fix: &str) -> Diagnostic {
    let message = format!("`{}`: {message}", p.name);
    let d = match &p.at {
        Some(loc) => Diagnostic::new(ds.path_of(loc), message, fix)
            .at_line(loc.line)
            .at_column(loc.column.clone()),
        None => Diagnostic::new(&ds.dir, message, fix),
    };
    d.with_value(format!("{:e}", p.best))
}

/// The names of the parameters (of one commodity, or all) with the most extreme best
/// estimates relative to their kind's median: where an absurd result most likely comes from.
fn suspects(model: &Model, commodity: Option<&str>) -> String {
    let ci = commodity.and_then(|c| model.commodity_index(c));
    // A commodity's parameters, and its mines' (the stripping ratio belongs to the mine).
    let of_commodity = |p: &Param| {
        p.commodity == ci
            || p.mine.is_some_and(|m| {
                model.mine_producers[m]
                    .iter()
                    .any(|&i| Some(model.producers[i].commodity) == ci)
            })
    };
    let mut scored: Vec<(f64, &str)> = model
        .params
        .iter()
        .filter(|p| ci.is_none() || of_commodity(p))
        .filter(|p| p.best.is_finite() && p.best > 0.0)
        .map(|p| {
            let same: Vec<f64> = model
                .params
                .iter()
                .filter(|q| q.kind == p.kind && q.best > 0.0 && q.best.is_finite())
                .map(|q| q.best.ln())
                .collect();
            let mean = same.iter().sum::<f64>() / same.len() as f64;
            ((p.best.ln() - mean).abs(), p.name.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let names: Vec<&str> = scored.iter().take(3).map(|s| s.1).collect();
    names.join(", ")
}
