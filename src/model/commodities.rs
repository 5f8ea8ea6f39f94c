//! `commodities.csv`: price (for economic allocation), recycled share, TMR of secondary
//! material, and the supply rule of each commodity.

use super::builder::{Builder, Owner, est};
use super::{Commodity, ParamKind, SupplyRule};
use crate::data::*;
use crate::sampling::dist::Support;

pub(super) fn build(b: &mut Builder, ds: &Dataset, home: usize) -> Vec<Commodity> {
    let mut commodities = Vec::new();
    for (ci, r) in ds.commodities.iter().enumerate() {
        let o = Owner::commodity(ci);
        let p = &r.prov;
        let price = b.param(
            format!("commodity:{}:price_usd_per_t", r.commodity),
            ParamKind::Price,
            &r.price_usd_per_t,
            Support::POSITIVE,
            1.0,
            o,
            None,
            est(p, "price_usd_per_t"),
            "a price",
        );
        let rec = b.param(
            format!("commodity:{}:recycled_share", r.commodity),
            ParamKind::RecycledShare,
            &r.recycled_share,
            Support::UNIT,
            1.0,
            o,
            Some(home),
            est(p, "recycled_share"),
            "a recycled share",
        );
        let sec = b.param(
            format!("commodity:{}:secondary_tmr_t_per_t", r.commodity),
            ParamKind::SecondaryTmr,
            &r.secondary_tmr_t_per_t,
            Support::NON_NEGATIVE,
            1.0,
            o,
            Some(home),
            est(p, "secondary_tmr_t_per_t"),
            "a TMR",
        );
        let rule = match r.supply_rule.as_str() {
            "residual" => Some(SupplyRule::Residual),
            "renormalise" | "renormalize" => Some(SupplyRule::Renormalise),
            other => {
                let d = b.row_diag(
                    COMMODITIES,
                    r.line,
                    "supply_rule",
                    other,
                    "unknown supply rule",
                    "use `residual` or `renormalise`",
                );
                b.diags.push(d);
                None
            }
        };
        if let Some(w) = r.world_production_t
            && w <= 0.0
        {
            let d = b.row_diag(
                COMMODITIES,
                r.line,
                "world_production_t",
                w,
                "world production must be positive",
                "give the world mine production in t contained, or leave it empty",
            );
            b.diags.push(d);
        }
        if let (Some(price), Some(rec), Some(sec), Some(rule)) = (price, rec, sec, rule) {
            commodities.push(Commodity {
                id: r.commodity.clone(),
                name: r.name.clone(),
                world_production_t: r.world_production_t,
                price,
                recycled_share: rec,
                secondary_tmr: sec,
                rule,
            });
        }
    }
    commodities
}
