//! `supply.csv`: the share of each supplying country in China's use of a commodity, split
//! among the country's listed producers in proportion to their production. Where a country's
//! mine production (`country_production_t`) exceeds what its listed mines produce, or it has no
//! listed mine, the uncovered part is marked for a residual producer (see `residual.rs`).

use super::builder::{Builder, Owner, est, positions, shares_not_one};
use super::ids::{Countries, Ids};
use super::{Commodity, ParamKind, Producer, SupplyCountry};
use crate::data::*;
use crate::sampling::dist::Support;
use std::collections::HashMap;

pub(super) fn build(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    countries: &Countries,
    commodities: &[Commodity],
    producers: &[Producer],
) -> Vec<SupplyCountry> {
    let comm_pos = positions(commodities, |c| &c.id);
    let mut supply = Vec::new();
    let mut share_sums: HashMap<usize, (f64, u64)> = HashMap::new();
    let mut seen_supply = HashMap::new();
    for r in &ds.supply {
        let Some(ci) = comm_pos.get(r.commodity.as_str()).copied() else {
            if !ids.commodities.contains_key(r.commodity.as_str()) {
                b.unknown_ref(SUPPLY, r.line, "commodity", &r.commodity, COMMODITIES);
            }
            continue;
        };
        let Some(country) = countries.index(&r.country) else {
            continue;
        };
        let key = (ci, country);
        if b.duplicate_pair(
            &mut seen_supply,
            key,
            SUPPLY,
            r.line,
            "country",
            &r.country,
            "commodity × country",
        ) {
            continue;
        }
        let e = share_sums.entry(ci).or_insert((0.0, r.line));
        e.0 += r.share.best;
        let o = Owner::commodity(ci);
        let Some(share) = b.param(
            format!("supply:{}:{}:share", r.commodity, r.country),
            ParamKind::SupplyShare,
            &r.share,
            Support::UNIT,
            1.0,
            o,
            Some(country),
            est(&r.prov, "share"),
            "a share",
        ) else {
            continue;
        };
        let members: Vec<usize> = producers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.commodity == ci && p.country == country)
            .map(|(i, _)| i)
            .collect();
        let total: f64 = members.iter().map(|&i| producers[i].production_t).sum();
        let weights: Vec<(usize, f64)> = if members.is_empty() {
            Vec::new()
        } else if total > 0.0 {
            members
                .iter()
                .map(|&i| (i, producers[i].production_t / total))
                .collect()
        } else {
            members
                .iter()
                .map(|&i| (i, 1.0 / members.len() as f64))
                .collect()
        };
        if let Some(cp) = r.country_production_t
            && cp <= 0.0
        {
            let d = b.row_diag(
                SUPPLY,
                r.line,
                "country_production_t",
                cp,
                "a country's production must be positive",
                "give the country's mine production in t contained, or leave it empty",
            );
            b.diags.push(d);
        }
        // The listed mines stand for the whole country only as far as their production goes.
        let residual_weight = match r.country_production_t {
            _ if members.is_empty() => 1.0,
            Some(cp) if cp > total => (cp - total) / cp,
            _ => 0.0,
        };
        supply.push(SupplyCountry {
            commodity: ci,
            country,
            share,
            producers: weights,
            residual_weight,
        });
    }
    for (ci, c) in commodities.iter().enumerate() {
        match share_sums.get(&ci) {
            None => {
                let line = ds
                    .commodities
                    .iter()
                    .find(|r| r.commodity == c.id)
                    .map_or(0, |r| r.line);
                let d = b.row_diag(COMMODITIES, line, "commodity", &c.id, "no supply shares are given for this commodity", "add rows to supply.csv saying from which countries the commodity comes (shares summing to 1)");
                b.diags.push(d);
            }
            Some(&(sum, line)) if (sum - 1.0).abs() > 1e-6 => {
                let what = format!("the supply shares of `{}`", c.id);
                b.diags
                    .push(shares_not_one(&ds.file_path(SUPPLY), &what, sum, line));
            }
            _ => {}
        }
    }
    supply
}
