//! Ids and countries first, so that every later table can refer to them by index: each table's
//! ids must be unique, inputs may not take a commodity's id, and every country code is checked
//! and registered.

use super::builder::{Builder, unique_ids};
use crate::data::*;
use std::collections::HashMap;

/// Row index of every id each table lists (valid or not): a reference to a listed id whose row
/// was rejected is reported at that row, not again as unknown.
pub(super) struct Ids<'r> {
    pub commodities: HashMap<&'r str, usize>,
    pub mines: HashMap<&'r str, usize>,
    pub inputs: HashMap<&'r str, usize>,
    pub materials: HashMap<&'r str, usize>,
    pub components: HashMap<&'r str, usize>,
    pub vehicles: HashMap<&'r str, usize>,
}

pub(super) fn check<'r>(b: &mut Builder, ds: &'r Dataset) -> Ids<'r> {
    let ids = Ids {
        commodities: unique_ids(b, COMMODITIES, "commodity", &ds.commodities, |r| {
            (r.commodity.as_str(), r.line)
        }),
        mines: unique_ids(b, MINES, "mine", &ds.mines, |r| (r.mine.as_str(), r.line)),
        inputs: unique_ids(b, INPUTS, "input", &ds.inputs, |r| {
            (r.input.as_str(), r.line)
        }),
        materials: unique_ids(b, MATERIALS, "material", &ds.materials, |r| {
            (r.material.as_str(), r.line)
        }),
        components: unique_ids(b, COMPONENTS, "component", &ds.components, |r| {
            (r.component.as_str(), r.line)
        }),
        vehicles: unique_ids(b, VEHICLES, "vehicle", &ds.vehicles, |r| {
            (r.vehicle.as_str(), r.line)
        }),
    };
    for (id, _) in ids.inputs.iter() {
        if ids.commodities.contains_key(id) {
            let line = ds
                .inputs
                .iter()
                .find(|r| r.input == *id)
                .map_or(0, |r| r.line);
            let d = b.row_diag(
                INPUTS,
                line,
                "input",
                id,
                "an input has the id of a commodity",
                "rename the input: ancillary rows refer to both by id",
            );
            b.diags.push(d);
        }
    }
    ids
}

/// The model's countries: every code a table names (checked), and the home country.
pub(super) struct Countries {
    pub codes: Vec<String>,
}

impl Countries {
    pub fn index(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c == code)
    }
}

pub(super) fn countries(b: &mut Builder, ds: &Dataset) -> Countries {
    for r in &ds.mines {
        b.country(MINES, r.line, "country", &r.country);
    }
    for r in &ds.supply {
        b.country(SUPPLY, r.line, "country", &r.country);
    }
    for r in &ds.inputs {
        b.country(INPUTS, r.line, "country", &r.country);
    }
    for r in &ds.materials {
        if let Some(c) = &r.direct_country {
            b.country(MATERIALS, r.line, "direct_country", c);
        }
    }
    Countries {
        codes: b.country_codes(),
    }
}

/// Whether any table names `code` as a country.
pub(super) fn names_country(ds: &Dataset, code: &str) -> bool {
    ds.mines.iter().any(|r| r.country == code)
        || ds.supply.iter().any(|r| r.country == code)
        || ds.inputs.iter().any(|r| r.country == code)
        || ds
            .materials
            .iter()
            .any(|r| r.direct_country.as_deref() == Some(code))
}
