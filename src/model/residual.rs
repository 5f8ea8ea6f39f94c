//! Residual producers: the part of a supplying country's production that no listed mine covers.

use super::builder::{Builder, Owner};
use super::ids::Countries;
use super::{Commodity, Param, ParamId, ParamKind, Producer, SupplyCountry, SupplyRule};
use crate::data::*;
use crate::sampling::dist::{Distribution, Shape, Support};

pub(super) fn add(
    b: &mut Builder,
    ds: &Dataset,
    countries: &Countries,
    commodities: &[Commodity],
    producers: &mut Vec<Producer>,
    supply: &mut [SupplyCountry],
) {
    // Residual producers for supplying countries without a mine in the data, and for the part
    // of a country's production its listed mines do not cover.
    let n_listed = producers.len();
    for s in supply.iter_mut() {
        if s.residual_weight == 0.0 {
            continue;
        }
        let c = &commodities[s.commodity];
        if c.rule == SupplyRule::Renormalise {
            // Dropped countries are renormalised away; listed mines stand for their country.
            s.residual_weight = 0.0;
            continue;
        }
        let listed: Vec<&Producer> = producers[..n_listed]
            .iter()
            .filter(|p| p.commodity == s.commodity)
            .collect();
        if listed.is_empty() {
            let line = ds
                .supply
                .iter()
                .find(|r| r.commodity == c.id)
                .map_or(0, |r| r.line);
            let d = b.row_diag(SUPPLY, line, "country", &countries.codes[s.country], format!("`{}` has supply from countries without mines, and no mine at all in mine_commodities.csv to derive a residual range from", c.id), "add at least one mine of the commodity, or set its supply_rule to renormalise");
            b.diags.push(d);
            continue;
        }
        let span = |ids: Vec<ParamId>, params: &[Param]| -> (f64, f64) {
            ids.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), id| {
                    let (a, z) = params[id.0 as usize].dist.bounds();
                    (lo.min(a), hi.max(z))
                })
        };
        let (g_lo, g_hi) = span(listed.iter().map(|p| p.ore_grade).collect(), &b.params);
        let (sr_lo, sr_hi) = span(
            listed.iter().map(|p| p.stripping_ratio).collect(),
            &b.params,
        );
        let (rs_lo, rs_hi) = span(
            listed.iter().map(|p| p.recovery_smelting).collect(),
            &b.params,
        );
        let benef: Vec<&&Producer> = listed
            .iter()
            .filter(|p| p.concentrate_grade.is_some())
            .collect();
        let code = countries.codes[s.country].clone();
        let base = format!("residual:{}:{}", c.id, code);
        let o = Owner::commodity(s.commodity);
        // Residual producers span the commodity-wide ranges: log-uniform for the grade (it spans
        // orders of magnitude), uniform for the rest.
        let mk = |name: String, kind, lo: f64, hi: f64, shape: Shape| Param {
            name,
            kind,
            best: if matches!(shape, Shape::LogUniform) {
                (lo * hi).sqrt()
            } else {
                0.5 * (lo + hi)
            },
            dist: Distribution::new(
                if matches!(shape, Shape::LogUniform) {
                    (lo * hi).sqrt()
                } else {
                    0.5 * (lo + hi)
                },
                Some(lo),
                Some(hi),
                if lo == hi { &Shape::Fixed } else { &shape },
                Support::NON_NEGATIVE,
            )
            .expect("commodity-wide range of validated parameters is valid"),
            // What scenario overrides of a residual parameter are checked against.
            support: match kind {
                ParamKind::StrippingRatio => Support::NON_NEGATIVE,
                _ => Support::FRACTION_OPEN_LOW, // grades, recoveries, concentrate grades
            },
            commodity: o.commodity,
            mine: None,
            country: Some(s.country),
            estimated: true,
            at: None,
        };
        let grade = b.push_param(mk(
            format!("{base}:ore_grade"),
            ParamKind::OreGrade,
            g_lo,
            g_hi,
            Shape::LogUniform,
        ));
        let sr = b.push_param(mk(
            format!("{base}:stripping_ratio"),
            ParamKind::StrippingRatio,
            sr_lo,
            sr_hi,
            Shape::Uniform,
        ));
        let rs = b.push_param(mk(
            format!("{base}:recovery_smelting"),
            ParamKind::RecoverySmelting,
            rs_lo,
            rs_hi,
            Shape::Uniform,
        ));
        let (rb, conc) = if benef.is_empty() {
            (None, None)
        } else {
            let (rb_lo, rb_hi) = span(
                benef
                    .iter()
                    .map(|p| p.recovery_beneficiation.unwrap_or(ParamId(u32::MAX)))
                    .filter(|id| id.0 != u32::MAX)
                    .collect(),
                &b.params,
            );
            let (c_lo, c_hi) = span(
                benef.iter().filter_map(|p| p.concentrate_grade).collect(),
                &b.params,
            );
            let rb = if rb_lo.is_finite() {
                b.push_param(mk(
                    format!("{base}:recovery_beneficiation"),
                    ParamKind::RecoveryBeneficiation,
                    rb_lo,
                    rb_hi,
                    Shape::Uniform,
                ))
            } else {
                None
            };
            // The residual's concentrate must stay above its highest ore grade.
            let c_lo = c_lo.max(
                g_hi * rb_hi
                    .min(1.0)
                    .max(if rb_lo.is_finite() { 0.0 } else { 1.0 }),
            );
            let conc = b.push_param(mk(
                format!("{base}:concentrate_grade"),
                ParamKind::ConcentrateGrade,
                c_lo,
                c_hi.max(c_lo),
                Shape::Uniform,
            ));
            (rb, conc)
        };
        let (Some(grade), Some(sr), Some(rs)) = (grade, sr, rs) else {
            continue;
        };
        producers.push(Producer {
            mine: None,
            commodity: s.commodity,
            country: s.country,
            label: format!("residual/{}/{}", c.id, code),
            production_t: 0.0,
            ore_grade: grade,
            ore_grade_basis: "residual".to_string(),
            stripping_ratio: sr,
            recovery_beneficiation: rb,
            recovery_smelting: rs,
            concentrate_grade: conc,
        });
        let listed_weight = 1.0 - s.residual_weight;
        for (_, w) in s.producers.iter_mut() {
            *w *= listed_weight;
        }
        s.producers.push((producers.len() - 1, s.residual_weight));
    }
}
