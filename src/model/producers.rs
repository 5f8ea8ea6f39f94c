//! `mine_commodities.csv`: the producers, one per mine × commodity, with ore grade (converted
//! from its unit to a mass fraction), recoveries and concentrate grade; co-products of a mine
//! share its stripping ratio. Rows whose ranges would make tailings negative are refused.
//! [`ore_params`] reads the ore of a row the same way for a mine and for a residual
//! (`residuals.csv`).

use super::builder::{Builder, Owner, PERCENT, est, positions};
use super::grade_unit_factor;
use super::ids::Ids;
use super::{Commodity, GRADE_BASES, GRADE_UNITS, Mine, ParamId, ParamKind, Producer};
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
        let factor = grade_factor(b, file, r.line, &r.ore_grade_unit);
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
        let ore = OreRow {
            file,
            line: r.line,
            ore_grade: &r.ore_grade,
            grade_factor: factor,
            recovery_beneficiation: r.recovery_beneficiation.as_ref(),
            recovery_smelting: &r.recovery_smelting,
            concentrate_grade_pct: r.concentrate_grade_pct.as_ref(),
            prov: &r.prov,
        };
        let owner = Owner {
            commodity: Some(ci),
            mine: Some(mi),
        };
        let base = format!("mine:{}:{}", r.mine, r.commodity);
        let Some(p) = ore_params(b, &ore, &base, owner, country) else {
            continue;
        };
        producers.push(Producer {
            mine: Some(mi),
            commodity: ci,
            country,
            label: format!("{}/{}", r.mine, r.commodity),
            production_t: r.production_t,
            ore_grade: p.grade,
            ore_grade_basis: r.ore_grade_basis.clone(),
            stripping_ratio: mines[mi].stripping_ratio,
            recovery_beneficiation: p.rb,
            recovery_smelting: p.rs,
            concentrate_grade: p.conc,
            coproduct_share: None,
        });
    }
    producers
}

/// The factor from a written ore-grade unit to a mass fraction; an unknown unit is reported.
pub(super) fn grade_factor(b: &mut Builder, file: &str, line: u64, unit: &str) -> Option<f64> {
    let factor = grade_unit_factor(unit);
    if factor.is_none() {
        let d = b.row_diag(
            file,
            line,
            "ore_grade_unit",
            unit,
            "unknown ore-grade unit",
            format!("use one of {GRADE_UNITS}"),
        );
        b.diags.push(d);
    }
    factor
}

/// The ore columns of a row, as a mine's and a residual's rows both have them.
pub(super) struct OreRow<'a> {
    pub file: &'a str,
    pub line: u64,
    pub ore_grade: &'a Quantity,
    /// From the written grade unit to a mass fraction.
    pub grade_factor: f64,
    pub recovery_beneficiation: Option<&'a Quantity>,
    pub recovery_smelting: &'a Quantity,
    pub concentrate_grade_pct: Option<&'a Quantity>,
    pub prov: &'a Provenance,
}

/// The parameters of an ore: grade, recoveries and concentrate grade.
pub(super) struct OreParams {
    pub grade: ParamId,
    pub rb: Option<ParamId>,
    pub rs: ParamId,
    pub conc: Option<ParamId>,
}

/// Registers the ore parameters of a row, named `{base}:ore_grade` etc., and checks the
/// physics between them: without beneficiation there is no beneficiation recovery, and the
/// concentrate grade may never fall below ore grade × recovery (negative tailings).
pub(super) fn ore_params(
    b: &mut Builder,
    r: &OreRow,
    base: &str,
    o: Owner,
    country: usize,
) -> Option<OreParams> {
    let (file, p, factor) = (r.file, r.prov, r.grade_factor);
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
        r.ore_grade,
        grade_support,
        factor,
        o,
        Some(country),
        est(p, "ore_grade"),
        "an ore grade",
    );
    let rb = match r.recovery_beneficiation {
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
        r.recovery_smelting,
        Support::FRACTION_OPEN_LOW,
        1.0,
        o,
        Some(country),
        est(p, "recovery_smelting"),
        "a recovery",
    );
    let conc = match r.concentrate_grade_pct {
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
        return None;
    };
    if conc.is_none() && rb.is_some_and(|id| b.params[id.0 as usize].dist.bounds().0 < 1.0) {
        let d = b.row_diag(file, r.line, "recovery_beneficiation", "", "a beneficiation recovery is given but no concentrate grade: without beneficiation the concentrate is the ore", "give the concentrate grade, or leave the beneficiation recovery empty");
        b.diags.push(d);
        return None;
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
            return None;
        }
    }
    Some(OreParams {
        grade,
        rb,
        rs,
        conc,
    })
}
