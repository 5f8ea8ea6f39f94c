//! Consistency flags of a valid dataset: rows worth a second look, not errors. `hiddenflow
//! check` prints them.
//!
//! * **Production against ore.** A mine's production of a commodity should be about its ore
//!   mined × ore grade × recoveries. Ore mined and ore processed differ (stockpiles), grades are
//!   often reserve grades, and some producers report metal in concentrate: only a ratio
//!   production ÷ (ore × g × Rb × Rs) outside [1/[`ORE_TOLERANCE`], [`ORE_TOLERANCE`]] is
//!   flagged, with both figures.
//! * **Stale years.** Rows whose figures are older than [`STALE_BEFORE`], while supply refers
//!   to 2019.
//! * **A company on one mine.** A mine that produces more of a commodity than its whole
//!   country does (`country_production_t` in supply.csv): most likely a company's total
//!   written on one of its mines.

use crate::data::{Dataset, MINE_COMMODITIES, MINES};
use crate::model::grade_unit_factor;
use std::collections::HashMap;

/// The factor by which production may differ from ore × grade × recovery before a flag.
pub const ORE_TOLERANCE: f64 = 1.5;
/// Figures older than this year are flagged as stale.
pub const STALE_BEFORE: i32 = 2015;

/// One row worth a second look.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub file: &'static str,
    pub line: u64,
    pub what: String,
}

pub fn flags(ds: &Dataset) -> Vec<Flag> {
    let mut out = Vec::new();
    let mines: HashMap<&str, _> = ds.mines.iter().map(|m| (m.mine.as_str(), m)).collect();
    let country_production: HashMap<(&str, &str), f64> = ds
        .supply
        .iter()
        .filter_map(|s| {
            Some((
                (s.commodity.as_str(), s.country.as_str()),
                s.country_production_t?,
            ))
        })
        .collect();
    for r in &ds.mine_commodities {
        let Some(m) = mines.get(r.mine.as_str()) else {
            continue;
        };
        if let (Some(ore_mt), Some(factor)) = (m.ore_mined_mt, grade_unit_factor(&r.ore_grade_unit))
        {
            let rb = r.recovery_beneficiation.as_ref().map_or(1.0, |q| q.best);
            let implied = ore_mt * 1e6 * r.ore_grade.best * factor * rb * r.recovery_smelting.best;
            let ratio = r.production_t / implied;
            if implied > 0.0 && !(1.0 / ORE_TOLERANCE..=ORE_TOLERANCE).contains(&ratio) {
                out.push(Flag {
                    file: MINE_COMMODITIES,
                    line: r.line,
                    what: format!(
                        "{}/{}: production {} t is {ratio:.2} × ore mined {} Mt × grade × recoveries ({:.0} t)",
                        r.mine, r.commodity, r.production_t, ore_mt, implied
                    ),
                });
            }
        }
        if r.prov.year < STALE_BEFORE {
            out.push(Flag {
                file: MINE_COMMODITIES,
                line: r.line,
                what: format!("{}/{}: figures of {}", r.mine, r.commodity, r.prov.year),
            });
        }
        if let Some(&cp) = country_production.get(&(r.commodity.as_str(), m.country.as_str()))
            && r.production_t > cp
        {
            out.push(Flag {
                file: MINE_COMMODITIES,
                line: r.line,
                what: format!(
                    "{}/{}: production {} t exceeds all of {}'s ({cp} t): a company total?",
                    r.mine, r.commodity, r.production_t, m.country
                ),
            });
        }
    }
    for m in &ds.mines {
        if m.prov.year < STALE_BEFORE {
            out.push(Flag {
                file: MINES,
                line: m.line,
                what: format!("{}: figures of {}", m.mine, m.prov.year),
            });
        }
    }
    out
}
