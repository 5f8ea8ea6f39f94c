//! Deterministic coefficients at best estimates (`hiddenflow point`): the plan evaluated once on
//! the best-estimate vector, reported per mine, commodity, material, component and vehicle.

use crate::model::{Model, Stage};
use crate::plan::{Plan, vout};
use crate::report::{Csv, num};

/// One row of `coefficients.csv`: `level,item,stage,unit,value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Coefficient {
    pub level: &'static str,
    pub item: String,
    pub stage: String,
    pub unit: String,
    pub value: f64,
}

pub struct PointResult {
    pub coefficients: Vec<Coefficient>,
    /// The outputs of the plan at best estimates, in `plan.outputs` order.
    pub outputs: Vec<f64>,
}

pub fn point(model: &Model, plan: &Plan) -> PointResult {
    let mut ws = plan.report_workspace();
    let mut out = vec![0.0; plan.n_outputs()];
    let best = model.best_values();
    plan.eval(&best, &mut ws, &mut out);
    let mut rows = Vec::new();
    let mut push = |level: &'static str, item: &str, stage: &str, unit: &str, value: f64| {
        rows.push(Coefficient {
            level,
            item: item.to_string(),
            stage: stage.to_string(),
            unit: unit.to_string(),
            value,
        });
    };
    let stages = |s: [f64; 4]| {
        Stage::ALL
            .iter()
            .zip(s)
            .map(|(st, v)| (st.as_str(), v))
            .collect::<Vec<_>>()
    };

    for (pi, p) in model.producers.iter().enumerate() {
        let (f, fl) = plan.producer_flows(&ws, pi);
        let sr = best[p.stripping_ratio.0 as usize];
        let unit = format!("t/t {}", model.commodities[p.commodity].id);
        push("mine", &p.label, "mining_per_t_ore", "t/t ore", 1.0 + sr);
        push("mine", &p.label, "allocation", "fraction", f);
        push("mine", &p.label, "mining", &unit, fl[1]);
        push("mine", &p.label, "beneficiation", &unit, fl[2]);
        push("mine", &p.label, "smelting_refining", &unit, fl[0] + fl[3]);
        push("mine", &p.label, "total", &unit, fl.iter().sum());
    }
    for (ci, c) in model.commodities.iter().enumerate() {
        // Supply-weighted mining coefficient per t ore.
        let supply: Vec<_> = model
            .supply
            .iter()
            .filter(|s| s.commodity == ci && !s.producers.is_empty())
            .collect();
        let total_share: f64 = supply.iter().map(|s| best[s.share.0 as usize]).sum();
        let per_ore: f64 = supply
            .iter()
            .flat_map(|s| s.producers.iter().map(move |&(pi, w)| (s, pi, w)))
            .map(|(s, pi, w)| {
                best[s.share.0 as usize] / total_share
                    * w
                    * (1.0 + best[model.producers[pi].stripping_ratio.0 as usize])
            })
            .sum();
        push("commodity", &c.id, "mining_per_t_ore", "t/t ore", per_ore);
        let s = plan.commodity_stages(&ws, ci);
        for (st, v) in stages(s) {
            push("commodity", &c.id, st, "t/t", v);
        }
        push("commodity", &c.id, "total", "t/t", s.iter().sum());
    }
    for (j, m) in model.materials.iter().enumerate() {
        let s = plan.material_stages(&ws, j);
        for (st, v) in stages(s) {
            push("material", &m.id, st, "t/t", v);
        }
        push("material", &m.id, "total", "t/t", s.iter().sum());
    }
    for (k, c) in model.components.iter().enumerate() {
        let s = plan.component_stages(&ws, k);
        for (st, v) in stages(s) {
            push("component", &c.id, st, "t/t", v);
        }
        push("component", &c.id, "total", "t/t", s.iter().sum());
    }
    for (v, veh) in model.vehicles.iter().enumerate() {
        let o = |s: usize| out[plan.vehicle_output(v, s)];
        for (i, st) in Stage::ALL.iter().enumerate() {
            push(
                "vehicle",
                &veh.id,
                st.as_str(),
                "t/vehicle",
                o(vout::STAGE0 + i),
            );
        }
        push("vehicle", &veh.id, "total", "t/vehicle", o(vout::TMR));
        push(
            "vehicle",
            &veh.id,
            "hidden_flows",
            "t/vehicle",
            o(vout::HIDDEN),
        );
        push("vehicle", &veh.id, "mass", "t/vehicle", o(vout::MASS));
        push(
            "vehicle",
            &veh.id,
            "material_efficiency",
            "fraction",
            o(vout::EFFICIENCY),
        );
        push(
            "vehicle",
            &veh.id,
            "hidden_share_abroad",
            "fraction",
            o(vout::SHARE_ABROAD),
        );
    }
    PointResult {
        coefficients: rows,
        outputs: out,
    }
}

pub fn coefficients_csv(rows: &[Coefficient]) -> Csv {
    let mut csv = Csv::new(&["level", "item", "stage", "unit", "value"]);
    for r in rows {
        csv.row([
            r.level.to_string(),
            r.item.clone(),
            r.stage.clone(),
            r.unit.clone(),
            num(r.value),
        ]);
    }
    csv
}
