//! `mine_commodities.csv`: the producers, one per mine × commodity, with ore grade (converted
//! from its unit to a mass fraction), recoveries and concentrate grade; co-products of a mine
//! share its stripping ratio. Rows whose ranges would make tailings negative are refused.

use super::builder::{Builder, Owner, PERCENT, est, positions};
use super::ids::Ids;
use super::{Commodity, GRADE_BASES, GRADE_UNITS, Mine, ParamKind, Producer, grade_unit_factor};
use crate::data::*;
use crate::sampling::dist::Support;
use std::collections::HashMap;

pub(super) fn build(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    mines: &[Mine],
    commodities: &[Commodity],
) -> Vec<Producer> {
    let mine_pos = positions(mines, |m| &m.id);
    let comm_pos = positions(commodities, |c| &c.id);
    let mut producers: Vec<Producer> = Vec::new();
    let mut seen_pairs = HashMap::new();
    for r in &ds.mine_commodities {
        let file = MINE_COMMODITIES;
        let mine = mine_pos.get(r.mine.as_str()).copied();
        let commodity = comm_pos.get(r.commodity.as_str()).copied();
        if mine.is_none() && !ids.mines.contains_key(r.mine.as_str()) {
            b.unknown_ref(file, r.line, "mine", &r.mine, MINES);
        }
        if commodity.is_none() && !ids.commodities.contains_key(r.commodity.as_str()) {
            b.unknown_ref(file, r.line, "commodity", &r.commodity, COMMODITIES);
        }
        let key = (r.mine.as_str(), r.commodity.as_str());
        if b.duplicate_pair(
            &mut seen_pairs,
            key,
            file,
            r.line,
            "commodity",
            &r.commodity,
            "mine × commodity",
        ) {
            continue;
        }
        let factor = grade_unit_factor(&r.ore_grade_unit);
        if factor.is_none() {
            let d = b.row_diag(
                file,
                r.line,
                "ore_grade_unit",
                &r.ore_grade_unit,
                "unknown ore-grade unit",
                format!("use one of {GRADE_UNITS}"),
            );
            b.diags.push(d);
        }
        if !GRADE_BASES.contains(&r.ore_grade_basis.as_str()) {
            let d = b.row_diag(
                file,
                r.line,
                "ore_grade_basis",
                &r.ore_grade_basis,
                "unknown ore-grade basis",
                format!("use one of {}", GRADE_BASES.join(", ")),
            );
            b.diags.push(d);
        }
        if r.production_t < 0.0 {
            let d = b.row_diag(
                file,
                r.line,
                "production_t",
                r.production_t,
                "production cannot be negative",
                "give t of contained commodity per year",
            );
            b.diags.push(d);
        }
        let (Some(mi), Some(ci), Some(factor)) = (mine, commodity, factor) else {
            continue;
        };
        let country = mines[mi].country;
        let o = Owner {
            commodity: Some(ci),
            mine: Some(mi),
        };
        let p = &r.prov;
        let base = format!("mine:{}:{}", r.mine, r.commodity);
        // A grade is a mass fraction in (0, 1]: in the written unit that is (0, 1/factor].
        let grade_support = Support {
            lo: 0.0,
            hi: 1.0 / factor,
            lo_open: true,
            hi_open: false,
        };
        let grade = b.param(
            format!("{base}:ore_grade"),
            ParamKind::OreGrade,
            &r.ore_grade,
            grade_support,
            factor,
            o,
            Some(country),
            est(p, "ore_grade"),
            "an ore grade",
        );
        let rb = match &r.recovery_beneficiation {
            Some(q) => b
                .param(
                    format!("{base}:recovery_beneficiation"),
                    ParamKind::RecoveryBeneficiation,
                    q,
                    Support::FRACTION_OPEN_LOW,
                    1.0,
                    o,
                    Some(country),
                    est(p, "recovery_beneficiation"),
                    "a recovery",
                )
                .map(Some),
            None => Some(None),
        };
        let rs = b.param(
            format!("{base}:recovery_smelting"),
            ParamKind::RecoverySmelting,
            &r.recovery_smelting,
            Support::FRACTION_OPEN_LOW,
            1.0,
            o,
            Some(country),
            est(p, "recovery_smelting"),
            "a recovery",
        );
        let conc = match &r.concentrate_grade_pct {
            Some(q) => b
                .param(
                    format!("{base}:concentrate_grade"),
                    ParamKind::ConcentrateGrade,
                    q,
                    PERCENT,
                    0.01,
                    o,
                    Some(country),
                    est(p, "concentrate_grade_pct"),
                    "a concentrate grade",
                )
                .map(Some),
            None => Some(None),
        };
        let (Some(grade), Some(rb), Some(rs), Some(conc)) = (grade, rb, rs, conc) else {
            continue;
        };
        if conc.is_none() && rb.is_some_and(|id| b.params[id.0 as usize].dist.bounds().0 < 1.0) {
            let d = b.row_diag(file, r.line, "recovery_beneficiation", "", "a beneficiation recovery is given but no concentrate grade: without beneficiation the concentrate is the ore", "give the concentrate grade, or leave the beneficiation recovery empty");
            b.diags.push(d);
            continue;
        }
        // Physics: concentrate per t metal C = 1/(c·Rs) must not exceed ore O = 1/(g·Rb·Rs),
        // i.e. c ≥ g·Rb for every draw, or tailings would be negative.
        if let Some(c) = conc {
            let c_lo = b.params[c.0 as usize].dist.bounds().0;
            let g_hi = b.params[grade.0 as usize].dist.bounds().1;
            let rb_hi = rb.map_or(1.0, |id| b.params[id.0 as usize].dist.bounds().1);
            if c_lo < g_hi * rb_hi {
                let d = b.row_diag(file, r.line, "concentrate_grade_pct", c_lo * 100.0, format!("the concentrate grade can fall below the ore grade × recovery ({:.4} %): tailings would be negative", g_hi * rb_hi * 100.0), "check the units of ore grade and concentrate grade, or narrow their ranges");
                b.diags.push(d);
                continue;
            }
        }
        producers.push(Producer {
            mine: Some(mi),
            commodity: ci,
            country,
            label: format!("{}/{}", r.mine, r.commodity),
            production_t: r.production_t,
            ore_grade: grade,
            ore_grade_basis: r.ore_grade_basis.clone(),
            stripping_ratio: mines[mi].stripping_ratio,
            recovery_beneficiation: rb,
            recovery_smelting: rs,
            concentrate_grade: conc,
        });
    }
    producers
}
