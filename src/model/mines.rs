//! `mines.csv`: one row per mine with its mining method and stripping ratio (shared by all of
//! the mine's products).

use super::builder::{Builder, Owner, est};
use super::ids::Countries;
use super::{MINING_METHODS, Mine, ParamKind, SR_BASES};
use crate::data::*;
use crate::sampling::dist::Support;

pub(super) fn build(b: &mut Builder, ds: &Dataset, countries: &Countries) -> Vec<Mine> {
    let mut mines = Vec::new();
    for (mi, r) in ds.mines.iter().enumerate() {
        let Some(country) = countries.index(&r.country) else {
            continue;
        };
        if !MINING_METHODS.contains(&r.mining_method.as_str()) {
            let d = b.row_diag(
                MINES,
                r.line,
                "mining_method",
                &r.mining_method,
                "unknown mining method",
                format!("use one of {}", MINING_METHODS.join(", ")),
            );
            b.diags.push(d);
        }
        if !SR_BASES.contains(&r.stripping_ratio_basis.as_str()) {
            let d = b.row_diag(
                MINES,
                r.line,
                "stripping_ratio_basis",
                &r.stripping_ratio_basis,
                "unknown basis",
                format!("use one of {}", SR_BASES.join(", ")),
            );
            b.diags.push(d);
        }
        if r.stripping_ratio_basis == "estimated" && !est(&r.prov, "stripping_ratio") {
            let d = b.row_diag(MINES, r.line, "estimated", "", "the stripping ratio's basis is `estimated` but the row does not list it as estimated", "add `stripping_ratio` to `estimated` and give the basis in `estimate_basis`");
            b.diags.push(d);
        }
        let o = Owner {
            commodity: None,
            mine: Some(mi),
        };
        let sr = b.param(
            format!("mine:{}:stripping_ratio", r.mine),
            ParamKind::StrippingRatio,
            &r.stripping_ratio,
            Support::NON_NEGATIVE,
            1.0,
            o,
            Some(country),
            est(&r.prov, "stripping_ratio"),
            "a stripping ratio",
        );
        if let Some(sr) = sr {
            mines.push(Mine {
                id: r.mine.clone(),
                name: r.name.clone(),
                country,
                deposit_type: r.deposit_type.clone(),
                mining_method: r.mining_method.clone(),
                stripping_ratio: sr,
                stripping_ratio_basis: r.stripping_ratio_basis.clone(),
            });
        }
    }
    mines
}
