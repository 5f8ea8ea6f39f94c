//! `inputs.csv` and `ancillary.csv`: reagents, fuels and electricity, and the amounts each
//! commodity's stages use (of an input, or of another commodity such as coal, whose own mines'
//! flows then count); the order in which commodities must be evaluated so that one used as an
//! input comes first, and the cycle check that makes that order exist.

use super::builder::{Builder, Owner, est, positions};
use super::ids::{Countries, Ids};
use super::{Ancillary, AncillarySource, Commodity, Input, ParamKind, Stage};
use crate::data::*;
use crate::sampling::dist::Support;

pub(super) fn build(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    countries: &Countries,
    commodities: &[Commodity],
) -> (Vec<Input>, Vec<Ancillary>) {
    let comm_pos = positions(commodities, |c| &c.id);
    let mut inputs = Vec::new();
    for r in &ds.inputs {
        let Some(country) = countries.index(&r.country) else {
            continue;
        };
        let tmr = b.param(
            format!("input:{}:tmr_t_per_unit", r.input),
            ParamKind::InputTmr,
            &r.tmr_t_per_unit,
            Support::NON_NEGATIVE,
            1.0,
            Owner::default(),
            Some(country),
            est(&r.prov, "tmr_t_per_unit"),
            "a TMR",
        );
        if let Some(tmr) = tmr {
            inputs.push(Input {
                id: r.input.clone(),
                name: r.name.clone(),
                unit: r.unit.clone(),
                tmr,
                country,
            });
        }
    }
    let input_pos = positions(&inputs, |x| &x.id);
    let mut ancillaries = Vec::new();
    for r in &ds.ancillary {
        let commodity = comm_pos.get(r.commodity.as_str()).copied();
        if commodity.is_none() && !ids.commodities.contains_key(r.commodity.as_str()) {
            b.unknown_ref(ANCILLARY, r.line, "commodity", &r.commodity, COMMODITIES);
        }
        let stage = match r.stage.as_str() {
            "mining" => Some(Stage::Mining),
            "beneficiation" => Some(Stage::Beneficiation),
            "smelting_refining" => Some(Stage::SmeltingRefining),
            other => {
                let d = b.row_diag(
                    ANCILLARY,
                    r.line,
                    "stage",
                    other,
                    "unknown stage",
                    "use mining, beneficiation or smelting_refining",
                );
                b.diags.push(d);
                None
            }
        };
        let source = if let Some(&c) = comm_pos.get(r.input.as_str()) {
            Some(AncillarySource::Commodity(c))
        } else if let Some(&i) = input_pos.get(r.input.as_str()) {
            Some(AncillarySource::Input(i))
        } else {
            if !ids.commodities.contains_key(r.input.as_str())
                && !ids.inputs.contains_key(r.input.as_str())
            {
                let d = b.row_diag(
                    ANCILLARY,
                    r.line,
                    "input",
                    &r.input,
                    "refers to neither a commodity nor an input",
                    "add it to inputs.csv (with its TMR per unit) or correct the id",
                );
                b.diags.push(d);
            }
            None
        };
        let (Some(ci), Some(stage), Some(source)) = (commodity, stage, source) else {
            continue;
        };
        let o = Owner::commodity(ci);
        let amount = b.param(
            format!(
                "ancillary:{}:{}:{}:amount_per_t",
                r.commodity, r.stage, r.input
            ),
            ParamKind::AncillaryAmount,
            &r.amount_per_t,
            Support::NON_NEGATIVE,
            1.0,
            o,
            None,
            est(&r.prov, "amount_per_t"),
            "an amount",
        );
        if let Some(amount) = amount {
            ancillaries.push(Ancillary {
                commodity: ci,
                stage,
                source,
                amount,
            });
        }
    }
    (inputs, ancillaries)
}

/// Commodities in dependency order over the "commodity uses commodity" edges (Kahn's
/// algorithm); a cycle is reported and its commodities left out of the order.
pub(super) fn order(
    b: &mut Builder,
    ds: &Dataset,
    commodities: &[Commodity],
    ancillaries: &[Ancillary],
) -> Vec<usize> {
    let n = commodities.len();
    let mut indeg = vec![0usize; n];
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in ancillaries {
        if let AncillarySource::Commodity(src) = a.source {
            users[src].push(a.commodity);
            indeg[a.commodity] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let c = order[head];
        head += 1;
        for &u in &users[c] {
            indeg[u] -= 1;
            if indeg[u] == 0 {
                order.push(u);
            }
        }
    }
    if order.len() < n {
        let stuck: Vec<&str> = (0..n)
            .filter(|&i| indeg[i] > 0)
            .map(|i| commodities[i].id.as_str())
            .collect();
        let line = ds
            .ancillary
            .iter()
            .find(|r| stuck.contains(&r.commodity.as_str()))
            .map_or(0, |r| r.line);
        let d = b.row_diag(ANCILLARY, line, "input", stuck.join(", "), "these commodities use each other as ancillary inputs: the chain has a cycle", "break the cycle: give one of the inputs as an entry of inputs.csv with a fixed TMR instead");
        b.diags.push(d);
    }
    order
}
