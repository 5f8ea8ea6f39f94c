//! The validated domain: typed rows from `data` become commodities, mines, producers
//! (mine × commodity), supply, materials, components and vehicles that refer to each other by
//! index, and every number becomes a [`Param`] — fixed or uncertain — with a stable name.
//! Everything the evaluation needs to trust is checked here, once; all problems are reported
//! together.

use crate::data::{self, Dataset, Loc, Quantity};
use crate::error::{Diagnostic, Error, Result};
use crate::sampling::dist::{Distribution, Shape, Support};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Index of a parameter in the value vector the plan evaluates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(pub u32);

/// What a parameter is in the domain; used for sensitivity groups and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamKind {
    OreGrade,
    StrippingRatio,
    RecoveryBeneficiation,
    RecoverySmelting,
    ConcentrateGrade,
    Price,
    RecycledShare,
    SecondaryTmr,
    SupplyShare,
    InputTmr,
    AncillaryAmount,
    ProcessYield,
    DirectTmr,
    Composition,
    ManufacturingYield,
    BillOfMaterials,
    ComponentMass,
    BatteryCapacity,
    PackMassPerKwh,
    FleetShare,
}

impl ParamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamKind::OreGrade => "ore_grade",
            ParamKind::StrippingRatio => "stripping_ratio",
            ParamKind::RecoveryBeneficiation => "recovery_beneficiation",
            ParamKind::RecoverySmelting => "recovery_smelting",
            ParamKind::ConcentrateGrade => "concentrate_grade",
            ParamKind::Price => "price",
            ParamKind::RecycledShare => "recycled_share",
            ParamKind::SecondaryTmr => "secondary_tmr",
            ParamKind::SupplyShare => "supply_share",
            ParamKind::InputTmr => "input_tmr",
            ParamKind::AncillaryAmount => "ancillary_amount",
            ParamKind::ProcessYield => "process_yield",
            ParamKind::DirectTmr => "direct_tmr",
            ParamKind::Composition => "composition",
            ParamKind::ManufacturingYield => "manufacturing_yield",
            ParamKind::BillOfMaterials => "bill_of_materials",
            ParamKind::ComponentMass => "component_mass",
            ParamKind::BatteryCapacity => "battery_kwh",
            ParamKind::PackMassPerKwh => "pack_kg_per_kwh",
            ParamKind::FleetShare => "fleet_share",
        }
    }
}

/// One number of the model. Values are stored in model units (grades and concentrate grades as
/// mass fractions, masses in kg as written).
#[derive(Clone, Debug)]
pub struct Param {
    /// Stable name, e.g. `mine:escondida:copper:ore_grade`; scenarios and reports use it.
    pub name: String,
    pub kind: ParamKind,
    pub dist: Distribution,
    /// Physical support in model units; scenario overrides are checked against it.
    pub support: Support,
    /// The best estimate (model units): the value `point` uses.
    pub best: f64,
    pub commodity: Option<usize>,
    pub mine: Option<usize>,
    pub country: Option<usize>,
    pub estimated: bool,
    pub at: Option<Loc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allocation {
    Economic,
    Mass,
    None,
}

impl std::str::FromStr for Allocation {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "economic" => Ok(Allocation::Economic),
            "mass" => Ok(Allocation::Mass),
            "none" => Ok(Allocation::None),
            _ => Err(format!(
                "unknown allocation `{s}`: use economic, mass or none"
            )),
        }
    }
}

impl fmt::Display for Allocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Allocation::Economic => "economic",
            Allocation::Mass => "mass",
            Allocation::None => "none",
        })
    }
}

/// Processing stage of an ancillary input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Mining,
    Beneficiation,
    SmeltingRefining,
    Downstream,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Mining,
        Stage::Beneficiation,
        Stage::SmeltingRefining,
        Stage::Downstream,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Mining => "mining",
            Stage::Beneficiation => "beneficiation",
            Stage::SmeltingRefining => "smelting_refining",
            Stage::Downstream => "downstream",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupplyRule {
    Residual,
    Renormalise,
}

#[derive(Clone, Debug)]
pub struct Commodity {
    pub id: String,
    pub name: String,
    pub world_production_t: Option<f64>,
    pub price: ParamId,
    pub recycled_share: ParamId,
    pub secondary_tmr: ParamId,
    pub rule: SupplyRule,
}

#[derive(Clone, Debug)]
pub struct Mine {
    pub id: String,
    pub name: String,
    pub country: usize,
    pub deposit_type: String,
    pub mining_method: String,
    pub stripping_ratio: ParamId,
    pub stripping_ratio_basis: String,
}

/// A source of one commodity: a mine × commodity row, or a residual producer standing in for a
/// supplying country that has no mine in the data.
#[derive(Clone, Debug)]
pub struct Producer {
    /// `None` for a residual producer.
    pub mine: Option<usize>,
    pub commodity: usize,
    pub country: usize,
    /// `escondida/copper` or `residual/copper/PE`.
    pub label: String,
    pub production_t: f64,
    pub ore_grade: ParamId,
    pub ore_grade_basis: String,
    pub stripping_ratio: ParamId,
    pub recovery_beneficiation: Option<ParamId>,
    pub recovery_smelting: ParamId,
    /// `None`: no beneficiation (brine, direct-shipping ore): concentrate = ore.
    pub concentrate_grade: Option<ParamId>,
}

#[derive(Clone, Debug)]
pub struct SupplyCountry {
    pub commodity: usize,
    pub country: usize,
    pub share: ParamId,
    /// Producers of the commodity in that country with their fixed weight (production share
    /// within the country); empty when the country is dropped under `renormalise`.
    pub producers: Vec<(usize, f64)>,
    /// Share of the country's production that no listed mine covers, carried by a residual
    /// producer (last in `producers`): 1 without listed mines, `1 − listed ÷
    /// country_production_t` when the country's production is given and larger, else 0.
    pub residual_weight: f64,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub tmr: ParamId,
    pub country: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AncillarySource {
    Commodity(usize),
    Input(usize),
}

#[derive(Clone, Debug)]
pub struct Ancillary {
    pub commodity: usize,
    pub stage: Stage,
    pub source: AncillarySource,
    pub amount: ParamId,
}

#[derive(Clone, Debug)]
pub struct Material {
    pub id: String,
    pub name: String,
    pub process_yield: ParamId,
    pub direct_tmr: Option<ParamId>,
    pub direct_country: usize,
    /// (commodity, t per t of material before yield)
    pub composition: Vec<(usize, ParamId)>,
}

#[derive(Clone, Debug)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub manufacturing_yield: ParamId,
    /// (material, t per t of component before yield)
    pub bom: Vec<(usize, ParamId)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartMass {
    Kg(ParamId),
    /// battery_kwh × pack_kg_per_kwh of the vehicle
    Battery,
}

#[derive(Clone, Debug)]
pub struct Vehicle {
    pub id: String,
    pub name: String,
    pub powertrain: String,
    pub battery_chemistry: Option<String>,
    pub battery_kwh: Option<ParamId>,
    pub pack_kg_per_kwh: Option<ParamId>,
    pub production_2019: Option<f64>,
    pub parts: Vec<(usize, PartMass)>,
    /// A fleet (from fleets.csv): the average of its member vehicles weighted by their shares
    /// (renormalised per draw). Fleets follow every other vehicle and have no parts.
    pub fleet: Option<Vec<(usize, ParamId)>>,
}

/// Options that shape the model itself (not the sampling).
#[derive(Clone, Debug)]
pub struct ModelOptions {
    /// Shape of a quantity given as a range without a `_dist`.
    pub default_shape: Shape,
    pub allocation: Allocation,
    /// The country whose flows count as domestic (ISO alpha-2).
    pub home_country: String,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            default_shape: Shape::Uniform,
            allocation: Allocation::Economic,
            home_country: "CN".to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    pub options: ModelOptions,
    pub params: Vec<Param>,
    pub countries: Vec<String>,
    pub home: usize,
    pub commodities: Vec<Commodity>,
    /// Commodities ordered so that one used as an ancillary input (e.g. coal) comes before
    /// those that use it.
    pub commodity_order: Vec<usize>,
    pub mines: Vec<Mine>,
    pub producers: Vec<Producer>,
    pub supply: Vec<SupplyCountry>,
    pub inputs: Vec<Input>,
    pub ancillaries: Vec<Ancillary>,
    pub materials: Vec<Material>,
    pub components: Vec<Component>,
    pub vehicles: Vec<Vehicle>,
    /// Per mine (index), the producers it has, in file order.
    pub mine_producers: Vec<Vec<usize>>,
}

impl Model {
    pub fn param(&self, id: ParamId) -> &Param {
        &self.params[id.0 as usize]
    }
    pub fn best_values(&self) -> Vec<f64> {
        self.params.iter().map(|p| p.best).collect()
    }
    pub fn param_index(&self) -> HashMap<&str, ParamId> {
        self.params
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), ParamId(i as u32)))
            .collect()
    }
    pub fn commodity_index(&self, id: &str) -> Option<usize> {
        self.commodities.iter().position(|c| c.id == id)
    }
    pub fn vehicle_index(&self, id: &str) -> Option<usize> {
        self.vehicles.iter().position(|v| v.id == id)
    }
}

/// Ore-grade units and the factor to a mass fraction of the commodity.
pub fn grade_unit_factor(unit: &str) -> Option<f64> {
    Some(match unit {
        "pct" | "pct_fe" | "pct_mn" | "pct_c" | "pct_reo" => 0.01,
        "g_per_t" | "ppm" => 1e-6,
        // Li in Li2O: 2 × 6.94 / 29.88
        "pct_li2o" => 0.01 * 0.4645,
        // Al in Al2O3: 2 × 26.98 / 101.96
        "pct_al2o3" => 0.01 * 0.5293,
        // mg of Li per litre of brine at a brine density of 1.2 kg/L
        "mg_per_l" => 1e-6 / 1.2,
        _ => return None,
    })
}

pub const GRADE_UNITS: &str =
    "pct, pct_fe, pct_mn, pct_c, pct_reo, g_per_t, ppm, pct_li2o, pct_al2o3, mg_per_l";
const MINING_METHODS: &[&str] = &[
    "open_pit",
    "underground",
    "open_pit_underground",
    "brine",
    "in_situ_leach",
    "dredge",
    "tailings_retreatment",
];
const GRADE_BASES: &[&str] = &["head", "reserve", "resource"];
const SR_BASES: &[&str] = &["reported", "reserve_plan", "estimated"];
const POWERTRAINS: &[&str] = &["ICEV", "HEV", "PHEV", "BEV", "FCV"];

struct Builder<'a> {
    ds: &'a Dataset,
    opts: &'a ModelOptions,
    diags: Vec<Diagnostic>,
    params: Vec<Param>,
    names: HashMap<String, ParamId>,
    countries: BTreeSet<String>,
}

/// Which entity a new parameter belongs to (for groups).
#[derive(Clone, Copy, Default)]
struct Owner {
    commodity: Option<usize>,
    mine: Option<usize>,
}

impl Builder<'_> {
    fn diag_at(
        &self,
        loc: &Loc,
        value: impl fmt::Display,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.ds.path_of(loc), message, fix)
            .at_line(loc.line)
            .at_column(loc.column.clone())
            .with_value(value.to_string())
    }

    fn row_diag(
        &self,
        file: &str,
        line: u64,
        column: &str,
        value: impl fmt::Display,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&self.ds.file_path(file), message, fix)
            .at_line(line)
            .at_column(column);
        let v = value.to_string();
        if !v.is_empty() {
            d = d.with_value(v);
        }
        d
    }

    /// Validates `q` against `support` (in the units written) and registers it as a parameter
    /// whose values are `scale` × the written ones.
    #[allow(clippy::too_many_arguments)]
    fn param(
        &mut self,
        name: String,
        kind: ParamKind,
        q: &Quantity,
        support: Support,
        scale: f64,
        owner: Owner,
        country: Option<usize>,
        estimated: bool,
        what: &str,
    ) -> Option<ParamId> {
        let shape = match (&q.shape, q.has_range()) {
            (Some(s), _) => s.clone(),
            (None, true) => self.opts.default_shape.clone(),
            (None, false) => Shape::Fixed,
        };
        if q.min.is_some() != q.max.is_some() {
            let mut loc = q.at.clone();
            loc.column
                .push_str(if q.min.is_none() { "_min" } else { "_max" });
            let d = self.diag_at(
                &loc,
                "",
                format!("the range of {what} has only one end"),
                "give both min and max, or neither (a fixed value)",
            );
            self.diags.push(d);
            return None;
        }
        if !support.contains(q.best) {
            let d = self.diag_at(
                &q.at,
                q.best,
                format!("{what} outside its physical range {}", describe(support)),
                format!("give {what} in {} (check the unit)", describe(support)),
            );
            self.diags.push(d);
            return None;
        }
        for (label, v) in [("_min", q.min), ("_max", q.max)] {
            if let Some(v) = v
                && !support.contains(v)
            {
                let mut loc = q.at.clone();
                loc.column.push_str(label);
                let d = self.diag_at(
                    &loc,
                    v,
                    format!(
                        "the range of {what} leaves its physical range {}",
                        describe(support)
                    ),
                    format!("keep the range within {}", describe(support)),
                );
                self.diags.push(d);
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (q.min, q.max) {
            if lo > hi {
                let mut loc = q.at.clone();
                loc.column.push_str("_min");
                let d = self.diag_at(
                    &loc,
                    lo,
                    format!("min is greater than max ({hi})"),
                    "swap min and max",
                );
                self.diags.push(d);
                return None;
            }
            if q.best < lo || q.best > hi {
                let d = self.diag_at(
                    &q.at,
                    q.best,
                    format!("the best estimate lies outside its range [{lo}, {hi}]"),
                    "correct the best estimate or widen the range to include it",
                );
                self.diags.push(d);
                return None;
            }
        }
        let dist = match Distribution::new(q.best, q.min, q.max, &shape, support) {
            Ok(d) => d,
            Err(e) => {
                let mut loc = q.at.clone();
                loc.column.push_str("_dist");
                let d = self.diag_at(
                    &loc,
                    &shape,
                    format!("{e}"),
                    "fix the range or choose another shape (see distributions/README.md)",
                );
                self.diags.push(d);
                return None;
            }
        };
        let dist = if scale == 1.0 {
            dist
        } else {
            match dist.scaled(scale) {
                Ok(d) => d,
                Err(e) => {
                    let d = self.diag_at(&q.at, q.best, format!("{e}"), "check the unit");
                    self.diags.push(d);
                    return None;
                }
            }
        };
        self.push_param(Param {
            name,
            kind,
            dist,
            support: Support {
                lo: support.lo * scale,
                hi: support.hi * scale,
                ..support
            },
            best: q.best * scale,
            commodity: owner.commodity,
            mine: owner.mine,
            country,
            estimated,
            at: Some(q.at.clone()),
        })
    }

    fn push_param(&mut self, p: Param) -> Option<ParamId> {
        let id = ParamId(self.params.len() as u32);
        if self.names.insert(p.name.clone(), id).is_some() {
            // Names derive from unique ids, so this is a duplicate row, reported elsewhere.
            return None;
        }
        self.params.push(p);
        Some(id)
    }

    fn country(&mut self, file: &str, line: u64, column: &str, code: &str) -> bool {
        if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
            self.countries.insert(code.to_string());
            true
        } else {
            let d = self.row_diag(
                file,
                line,
                column,
                code,
                "not an ISO 3166-1 alpha-2 country code",
                "write the two upper-case letters, e.g. CN, CL, CD, AU",
            );
            self.diags.push(d);
            false
        }
    }
}

fn describe(s: Support) -> String {
    format!(
        "{}{}, {}{}",
        if s.lo_open { "(" } else { "[" },
        s.lo,
        s.hi,
        if s.hi_open { ")" } else { "]" }
    )
}

fn est(prov: &data::Provenance, column: &str) -> bool {
    prov.estimated.iter().any(|c| {
        c == column
            || c.strip_prefix(column)
                .is_some_and(|r| r == "_min" || r == "_max" || r == "_dist")
    })
}

/// Support of a fraction written in percent, (0, 100].
const PERCENT: Support = Support {
    lo: 0.0,
    hi: 100.0,
    lo_open: true,
    hi_open: false,
};

/// Checks ids are unique in a table; returns the index of each id.
fn unique_ids<'r, T>(
    b: &mut Builder,
    file: &str,
    column: &str,
    rows: &'r [T],
    key: impl Fn(&'r T) -> (&'r str, u64),
) -> HashMap<&'r str, usize> {
    let mut map = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let (id, line) = key(r);
        if map.insert(id, i).is_some() {
            let d = b.row_diag(
                file,
                line,
                column,
                id,
                "duplicate id: another row already uses it",
                "give every row a unique id, or merge the two rows",
            );
            b.diags.push(d);
        }
    }
    map
}

/// Validates a dataset and builds the model. All problems are reported together.
pub fn build(ds: &Dataset, opts: &ModelOptions) -> Result<Model> {
    use data::*;
    let mut b = Builder {
        ds,
        opts,
        diags: Vec::new(),
        params: Vec::new(),
        names: HashMap::new(),
        countries: BTreeSet::new(),
    };
    if !opts.home_country.is_empty() {
        b.countries.insert(opts.home_country.clone());
    }

    // --- ids and countries first, so later tables can refer to them by index ---
    let cidx = unique_ids(&mut b, COMMODITIES, "commodity", &ds.commodities, |r| {
        (r.commodity.as_str(), r.line)
    });
    let midx = unique_ids(&mut b, MINES, "mine", &ds.mines, |r| {
        (r.mine.as_str(), r.line)
    });
    let iidx = unique_ids(&mut b, INPUTS, "input", &ds.inputs, |r| {
        (r.input.as_str(), r.line)
    });
    let jidx = unique_ids(&mut b, MATERIALS, "material", &ds.materials, |r| {
        (r.material.as_str(), r.line)
    });
    let kidx = unique_ids(&mut b, COMPONENTS, "component", &ds.components, |r| {
        (r.component.as_str(), r.line)
    });
    let vidx = unique_ids(&mut b, VEHICLES, "vehicle", &ds.vehicles, |r| {
        (r.vehicle.as_str(), r.line)
    });
    for (id, _) in iidx.iter() {
        if cidx.contains_key(id) {
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
    let countries: Vec<String> = b.countries.iter().cloned().collect();
    let country_of = |code: &str| countries.iter().position(|c| c == code);
    let home = country_of(&opts.home_country).unwrap_or(0);

    // --- commodities ---
    let mut commodities = Vec::new();
    for (ci, r) in ds.commodities.iter().enumerate() {
        let o = Owner {
            commodity: Some(ci),
            mine: None,
        };
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

    // --- mines ---
    let mut mines = Vec::new();
    for (mi, r) in ds.mines.iter().enumerate() {
        let Some(country) = country_of(&r.country) else {
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
    let mine_pos: HashMap<&str, usize> = mines
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let comm_pos: HashMap<&str, usize> = commodities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();

    // --- producers (mine × commodity) ---
    let mut producers: Vec<Producer> = Vec::new();
    let mut seen_pairs = HashMap::new();
    for r in &ds.mine_commodities {
        let file = MINE_COMMODITIES;
        let mine = mine_pos.get(r.mine.as_str()).copied();
        let commodity = comm_pos.get(r.commodity.as_str()).copied();
        if mine.is_none() && !midx.contains_key(r.mine.as_str()) {
            let d = b.row_diag(
                file,
                r.line,
                "mine",
                &r.mine,
                "refers to a mine that mines.csv does not list",
                "add the mine to mines.csv or correct the id",
            );
            b.diags.push(d);
        }
        if commodity.is_none() && !cidx.contains_key(r.commodity.as_str()) {
            let d = b.row_diag(
                file,
                r.line,
                "commodity",
                &r.commodity,
                "refers to a commodity that commodities.csv does not list",
                "add the commodity or correct the id",
            );
            b.diags.push(d);
        }
        if seen_pairs
            .insert((r.mine.clone(), r.commodity.clone()), r.line)
            .is_some()
        {
            let d = b.row_diag(
                file,
                r.line,
                "commodity",
                &r.commodity,
                "this mine × commodity pair appears twice",
                "keep one row per mine and commodity",
            );
            b.diags.push(d);
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

    // --- supply: shares by country, mapped onto producers ---
    let mut supply = Vec::new();
    let mut share_sums: HashMap<usize, (f64, u64)> = HashMap::new();
    let mut seen_supply = HashMap::new();
    for r in &ds.supply {
        let Some(ci) = comm_pos.get(r.commodity.as_str()).copied() else {
            if !cidx.contains_key(r.commodity.as_str()) {
                let d = b.row_diag(
                    SUPPLY,
                    r.line,
                    "commodity",
                    &r.commodity,
                    "refers to a commodity that commodities.csv does not list",
                    "add the commodity or correct the id",
                );
                b.diags.push(d);
            }
            continue;
        };
        let Some(country) = country_of(&r.country) else {
            continue;
        };
        if seen_supply.insert((ci, country), r.line).is_some() {
            let d = b.row_diag(
                SUPPLY,
                r.line,
                "country",
                &r.country,
                "this commodity × country pair appears twice",
                "keep one row per commodity and country",
            );
            b.diags.push(d);
            continue;
        }
        let e = share_sums.entry(ci).or_insert((0.0, r.line));
        e.0 += r.share.best;
        let o = Owner {
            commodity: Some(ci),
            mine: None,
        };
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
            let d = b.row_diag(SUPPLY, line, "country", &countries[s.country], format!("`{}` has supply from countries without mines, and no mine at all in mine_commodities.csv to derive a residual range from", c.id), "add at least one mine of the commodity, or set its supply_rule to renormalise");
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
        let code = countries[s.country].clone();
        let base = format!("residual:{}:{}", c.id, code);
        let o = Owner {
            commodity: Some(s.commodity),
            mine: None,
        };
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

    // --- inputs and ancillaries ---
    let mut inputs = Vec::new();
    for r in &ds.inputs {
        let Some(country) = country_of(&r.country) else {
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
    let input_pos: HashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut ancillaries = Vec::new();
    for r in &ds.ancillary {
        let commodity = comm_pos.get(r.commodity.as_str()).copied();
        if commodity.is_none() && !cidx.contains_key(r.commodity.as_str()) {
            let d = b.row_diag(
                ANCILLARY,
                r.line,
                "commodity",
                &r.commodity,
                "refers to a commodity that commodities.csv does not list",
                "add the commodity or correct the id",
            );
            b.diags.push(d);
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
            if !cidx.contains_key(r.input.as_str()) && !iidx.contains_key(r.input.as_str()) {
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
        let o = Owner {
            commodity: Some(ci),
            mine: None,
        };
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
    // Cycle check over "commodity uses commodity" edges (Kahn's algorithm).
    let n = commodities.len();
    let mut indeg = vec![0usize; n];
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in &ancillaries {
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

    // --- materials, components, vehicles ---
    let mut materials = Vec::new();
    for r in &ds.materials {
        let p = &r.prov;
        let y = b.param(
            format!("material:{}:process_yield", r.material),
            ParamKind::ProcessYield,
            &r.process_yield,
            Support::FRACTION_OPEN_LOW,
            1.0,
            Owner::default(),
            None,
            est(p, "process_yield"),
            "a yield",
        );
        let direct_country = match &r.direct_country {
            Some(c) => country_of(c),
            None => Some(home),
        };
        let direct = match &r.direct_tmr_t_per_t {
            Some(q) => b
                .param(
                    format!("material:{}:direct_tmr_t_per_t", r.material),
                    ParamKind::DirectTmr,
                    q,
                    Support::NON_NEGATIVE,
                    1.0,
                    Owner::default(),
                    direct_country,
                    est(p, "direct_tmr_t_per_t"),
                    "a TMR",
                )
                .map(Some),
            None => Some(None),
        };
        if let (Some(y), Some(direct), Some(dc)) = (y, direct, direct_country) {
            materials.push(Material {
                id: r.material.clone(),
                name: r.name.clone(),
                process_yield: y,
                direct_tmr: direct,
                direct_country: dc,
                composition: Vec::new(),
            });
        }
    }
    let mat_pos: HashMap<String, usize> = materials
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let mut seen = HashMap::new();
    for r in &ds.material_composition {
        let j = mat_pos.get(&r.whole).copied();
        let c = comm_pos.get(r.part.as_str()).copied();
        if j.is_none() && !jidx.contains_key(r.whole.as_str()) {
            let d = b.row_diag(
                MATERIAL_COMPOSITION,
                r.line,
                "material",
                &r.whole,
                "refers to a material that materials.csv does not list",
                "add the material or correct the id",
            );
            b.diags.push(d);
        }
        if c.is_none() && !cidx.contains_key(r.part.as_str()) {
            let d = b.row_diag(
                MATERIAL_COMPOSITION,
                r.line,
                "commodity",
                &r.part,
                "refers to a commodity that commodities.csv does not list",
                "add the commodity or correct the id",
            );
            b.diags.push(d);
        }
        if seen.insert((r.whole.clone(), r.part.clone()), ()).is_some() {
            let d = b.row_diag(
                MATERIAL_COMPOSITION,
                r.line,
                "commodity",
                &r.part,
                "this material × commodity pair appears twice",
                "keep one row per pair",
            );
            b.diags.push(d);
            continue;
        }
        let (Some(j), Some(c)) = (j, c) else { continue };
        let o = Owner {
            commodity: Some(c),
            mine: None,
        };
        if let Some(id) = b.param(
            format!("material:{}:{}:mass_fraction", r.whole, r.part),
            ParamKind::Composition,
            &r.mass_fraction,
            Support::NON_NEGATIVE,
            1.0,
            o,
            None,
            est(&r.prov, "mass_fraction"),
            "a mass fraction",
        ) {
            materials[j].composition.push((c, id));
        }
    }
    let mut components = Vec::new();
    for r in &ds.components {
        let y = b.param(
            format!("component:{}:manufacturing_yield", r.component),
            ParamKind::ManufacturingYield,
            &r.manufacturing_yield,
            Support::FRACTION_OPEN_LOW,
            1.0,
            Owner::default(),
            None,
            est(&r.prov, "manufacturing_yield"),
            "a yield",
        );
        if let Some(y) = y {
            components.push(Component {
                id: r.component.clone(),
                name: r.name.clone(),
                manufacturing_yield: y,
                bom: Vec::new(),
            });
        }
    }
    let comp_pos: HashMap<String, usize> = components
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let mut seen = HashMap::new();
    for r in &ds.component_bom {
        let k = comp_pos.get(&r.whole).copied();
        let j = mat_pos.get(&r.part).copied();
        if k.is_none() && !kidx.contains_key(r.whole.as_str()) {
            let d = b.row_diag(
                COMPONENT_BOM,
                r.line,
                "component",
                &r.whole,
                "refers to a component that components.csv does not list",
                "add the component or correct the id",
            );
            b.diags.push(d);
        }
        if j.is_none() && !jidx.contains_key(r.part.as_str()) {
            let d = b.row_diag(
                COMPONENT_BOM,
                r.line,
                "material",
                &r.part,
                "refers to a material that materials.csv does not list",
                "add the material or correct the id",
            );
            b.diags.push(d);
        }
        if seen.insert((r.whole.clone(), r.part.clone()), ()).is_some() {
            let d = b.row_diag(
                COMPONENT_BOM,
                r.line,
                "material",
                &r.part,
                "this component × material pair appears twice",
                "keep one row per pair",
            );
            b.diags.push(d);
            continue;
        }
        let (Some(k), Some(j)) = (k, j) else { continue };
        if let Some(id) = b.param(
            format!("component:{}:{}:mass_fraction", r.whole, r.part),
            ParamKind::BillOfMaterials,
            &r.mass_fraction,
            Support::UNIT,
            1.0,
            Owner::default(),
            None,
            est(&r.prov, "mass_fraction"),
            "a mass fraction",
        ) {
            components[k].bom.push((j, id));
        }
    }
    let mut vehicles = Vec::new();
    for r in &ds.vehicles {
        if !POWERTRAINS.contains(&r.powertrain.as_str()) {
            let d = b.row_diag(
                VEHICLES,
                r.line,
                "powertrain",
                &r.powertrain,
                "unknown powertrain",
                format!("use one of {}", POWERTRAINS.join(", ")),
            );
            b.diags.push(d);
        }
        let p = &r.prov;
        let kwh = match &r.battery_kwh {
            Some(q) => b
                .param(
                    format!("vehicle:{}:battery_kwh", r.vehicle),
                    ParamKind::BatteryCapacity,
                    q,
                    Support::NON_NEGATIVE,
                    1.0,
                    Owner::default(),
                    None,
                    est(p, "battery_kwh"),
                    "a capacity",
                )
                .map(Some),
            None => Some(None),
        };
        let kgkwh = match &r.pack_kg_per_kwh {
            Some(q) => b
                .param(
                    format!("vehicle:{}:pack_kg_per_kwh", r.vehicle),
                    ParamKind::PackMassPerKwh,
                    q,
                    Support::POSITIVE,
                    1.0,
                    Owner::default(),
                    None,
                    est(p, "pack_kg_per_kwh"),
                    "a pack mass per kWh",
                )
                .map(Some),
            None => Some(None),
        };
        if let (Some(kwh), Some(kgkwh)) = (kwh, kgkwh) {
            vehicles.push(Vehicle {
                id: r.vehicle.clone(),
                name: r.name.clone(),
                powertrain: r.powertrain.clone(),
                battery_chemistry: r.battery_chemistry.clone(),
                battery_kwh: kwh,
                pack_kg_per_kwh: kgkwh,
                production_2019: r.production_2019,
                parts: Vec::new(),
                fleet: None,
            });
        }
    }
    let veh_pos: HashMap<String, usize> = vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let mut seen = HashMap::new();
    for r in &ds.vehicle_components {
        let f = VEHICLE_COMPONENTS;
        let v = veh_pos.get(&r.vehicle).copied();
        let k = comp_pos.get(&r.component).copied();
        if v.is_none() && !vidx.contains_key(r.vehicle.as_str()) {
            let d = b.row_diag(
                f,
                r.line,
                "vehicle",
                &r.vehicle,
                "refers to a vehicle that vehicles.csv does not list",
                "add the vehicle or correct the id",
            );
            b.diags.push(d);
        }
        if k.is_none() && !kidx.contains_key(r.component.as_str()) {
            let d = b.row_diag(
                f,
                r.line,
                "component",
                &r.component,
                "refers to a component that components.csv does not list",
                "add the component or correct the id",
            );
            b.diags.push(d);
        }
        if seen
            .insert((r.vehicle.clone(), r.component.clone()), ())
            .is_some()
        {
            let d = b.row_diag(
                f,
                r.line,
                "component",
                &r.component,
                "this vehicle × component pair appears twice",
                "keep one row per pair",
            );
            b.diags.push(d);
            continue;
        }
        let (Some(v), Some(k)) = (v, k) else { continue };
        let mass = match r.mass_rule.as_str() {
            "kg" => match &r.mass_kg {
                Some(q) => b
                    .param(
                        format!("vehicle:{}:{}:mass_kg", r.vehicle, r.component),
                        ParamKind::ComponentMass,
                        q,
                        Support::NON_NEGATIVE,
                        1.0,
                        Owner::default(),
                        None,
                        est(&r.prov, "mass_kg"),
                        "a mass",
                    )
                    .map(PartMass::Kg),
                None => {
                    let d = b.row_diag(
                        f,
                        r.line,
                        "mass_kg",
                        "",
                        "mass_rule is `kg` but no mass is given",
                        "give the component's mass in kg, or set mass_rule to `battery`",
                    );
                    b.diags.push(d);
                    None
                }
            },
            "battery" => {
                if vehicles[v].battery_kwh.is_none() || vehicles[v].pack_kg_per_kwh.is_none() {
                    let d = b.row_diag(
                        f,
                        r.line,
                        "mass_rule",
                        "battery",
                        "the vehicle has no battery_kwh and pack_kg_per_kwh in vehicles.csv",
                        "give both for the vehicle, or use mass_rule `kg` with mass_kg",
                    );
                    b.diags.push(d);
                    None
                } else {
                    Some(PartMass::Battery)
                }
            }
            other => {
                let d = b.row_diag(
                    f,
                    r.line,
                    "mass_rule",
                    other,
                    "unknown mass rule",
                    "use `kg` or `battery`",
                );
                b.diags.push(d);
                None
            }
        };
        if let Some(m) = mass {
            vehicles[v].parts.push((k, m));
        }
    }
    for v in &vehicles {
        if v.parts.is_empty() {
            let line = ds
                .vehicles
                .iter()
                .find(|r| r.vehicle == v.id)
                .map_or(0, |r| r.line);
            let d = b.row_diag(
                VEHICLES,
                line,
                "vehicle",
                &v.id,
                "the vehicle has no components in vehicle_components.csv",
                "list its components with their masses",
            );
            b.diags.push(d);
        }
    }

    build_fleets(ds, &mut b, &mut vehicles);

    if vehicles.is_empty() && ds.vehicles.is_empty() {
        let d = Diagnostic::new(
            &ds.file_path(VEHICLES),
            "the dataset has no vehicles",
            "add at least one vehicle with its components",
        )
        .at_line(1);
        b.diags.push(d);
    }
    if !b.diags.is_empty() {
        return Err(Error::Input(b.diags));
    }
    let mut mine_producers = vec![Vec::new(); mines.len()];
    for (pi, p) in producers.iter().enumerate() {
        if let Some(m) = p.mine {
            mine_producers[m].push(pi);
        }
    }
    Ok(Model {
        options: opts.clone(),
        params: b.params,
        countries,
        home,
        commodities,
        commodity_order: order,
        mines,
        producers,
        supply,
        inputs,
        ancillaries,
        materials,
        components,
        vehicles,
        mine_producers,
    })
}

/// Shares (supply, fleets) whose best estimates do not sum to 1, located at the first row.
fn shares_not_one(path: &std::path::Path, what: &str, sum: f64, line: u64) -> Diagnostic {
    Diagnostic::new(
        path,
        format!("{what} sum to {sum:.6}, not 1 (first row at line {line})"),
        "correct the shares so that their best estimates sum to 1",
    )
    .at_line(line)
    .at_column("share")
    .with_value(format!("{sum:.6}"))
}

/// Fleets (fleets.csv) become vehicles after all others: the average vehicle of a mix.
fn build_fleets(ds: &Dataset, b: &mut Builder, vehicles: &mut Vec<Vehicle>) {
    use data::{FLEETS, FleetRow};
    let n_built = vehicles.len();
    let mut order: Vec<&str> = Vec::new();
    for r in &ds.fleets {
        if !order.contains(&r.fleet.as_str()) {
            order.push(&r.fleet);
        }
    }
    for id in order {
        let rows: Vec<&FleetRow> = ds.fleets.iter().filter(|r| r.fleet == id).collect();
        let first = rows[0];
        if vehicles.iter().any(|v| v.id == id) || ds.vehicles.iter().any(|v| v.vehicle == id) {
            let d = b.row_diag(
                FLEETS,
                first.line,
                "fleet",
                id,
                "a fleet cannot have the id of a vehicle",
                "give the fleet an id of its own",
            );
            b.diags.push(d);
            continue;
        }
        let mut members: Vec<(usize, ParamId)> = Vec::new();
        let mut sum = 0.0;
        for r in &rows {
            let Some(v) = vehicles[..n_built].iter().position(|v| v.id == r.vehicle) else {
                // A vehicle the dataset lists but rejected is reported already; others here.
                if !ds.vehicles.iter().any(|v| v.vehicle == r.vehicle) {
                    let d = b.row_diag(
                        FLEETS,
                        r.line,
                        "vehicle",
                        &r.vehicle,
                        "unknown vehicle (fleets are made of vehicles.csv's vehicles)",
                        "use a vehicle id of vehicles.csv",
                    );
                    b.diags.push(d);
                }
                continue;
            };
            if members.iter().any(|&(m, _)| m == v) {
                let d = b.row_diag(
                    FLEETS,
                    r.line,
                    "vehicle",
                    &r.vehicle,
                    "this fleet × vehicle pair appears twice",
                    "keep one row per fleet and vehicle",
                );
                b.diags.push(d);
                continue;
            }
            sum += r.share.best;
            if let Some(share) = b.param(
                format!("fleet:{}:{}:share", id, r.vehicle),
                ParamKind::FleetShare,
                &r.share,
                Support::UNIT,
                1.0,
                Owner::default(),
                None,
                est(&r.prov, "share"),
                "a share",
            ) {
                members.push((v, share));
            }
        }
        if (sum - 1.0).abs() > 1e-6 {
            let what = format!("the shares of fleet `{id}`");
            b.diags.push(shares_not_one(
                &ds.file_path(FLEETS),
                &what,
                sum,
                first.line,
            ));
        }
        if members.is_empty() {
            continue;
        }
        // A fleet of one powertrain keeps it (comparisons and figures group by powertrain).
        let powertrain = &vehicles[members[0].0].powertrain;
        let same = members
            .iter()
            .all(|&(m, _)| &vehicles[m].powertrain == powertrain);
        vehicles.push(Vehicle {
            id: id.to_string(),
            name: first.name.clone(),
            powertrain: if same {
                powertrain.clone()
            } else {
                "mix".to_string()
            },
            battery_chemistry: Some("mix".to_string()),
            battery_kwh: None,
            pack_kg_per_kwh: None,
            production_2019: None,
            parts: Vec::new(),
            fleet: Some(members),
        });
    }
}
