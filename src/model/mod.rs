//! The validated domain: typed rows from `data` become commodities, mines, producers
//! (mine × commodity), supply, materials, components and vehicles that refer to each other by
//! index, and every number becomes a [`Param`] — fixed or uncertain — with a stable name.
//! Everything the evaluation needs to trust is checked here, once; all problems are reported
//! together.

mod ancillary;
mod builder;
mod commodities;
pub mod correlations;
mod downstream;
mod fleets;
mod ids;
mod mines;
mod producers;
pub mod residual;
mod supply;

use crate::data::{Dataset, Loc, VEHICLES};
use crate::error::{Diagnostic, Error, Result};
use crate::sampling::dist::{Distribution, Shape, Support};
use builder::Builder;
pub use correlations::DeclaredPair;
pub use residual::{Residual, ResidualBasis};
use std::collections::HashMap;
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
    CoproductShare,
}

impl ParamKind {
    /// Every kind, in declaration order.
    pub const ALL: [ParamKind; 21] = [
        ParamKind::OreGrade,
        ParamKind::StrippingRatio,
        ParamKind::RecoveryBeneficiation,
        ParamKind::RecoverySmelting,
        ParamKind::ConcentrateGrade,
        ParamKind::Price,
        ParamKind::RecycledShare,
        ParamKind::SecondaryTmr,
        ParamKind::SupplyShare,
        ParamKind::InputTmr,
        ParamKind::AncillaryAmount,
        ParamKind::ProcessYield,
        ParamKind::DirectTmr,
        ParamKind::Composition,
        ParamKind::ManufacturingYield,
        ParamKind::BillOfMaterials,
        ParamKind::ComponentMass,
        ParamKind::BatteryCapacity,
        ParamKind::PackMassPerKwh,
        ParamKind::FleetShare,
        ParamKind::CoproductShare,
    ];

    /// The kind whose [`ParamKind::as_str`] is `s`.
    pub fn named(s: &str) -> Option<ParamKind> {
        ParamKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

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
            ParamKind::CoproductShare => "coproduct_share",
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
    /// A residual averaged over mines with co-products: the share of its flows its commodity
    /// carries (see `residual.rs`); `None` = 1, or set by its co-product group.
    pub coproduct_share: Option<ParamId>,
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
    /// Short display name for figures and tables (`label` column, else the id).
    pub label: String,
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
    /// Shape of an ore grade given as a range without a `_dist`, if not `default_shape`
    /// (e.g. log-uniform: grades span orders of magnitude).
    pub grade_shape: Option<Shape>,
    pub allocation: Allocation,
    /// The country whose flows count as domestic (ISO alpha-2).
    pub home_country: String,
    /// Implausible results and ranges (`plausibility.rs`) are warnings, not errors.
    pub allow_implausible: bool,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            default_shape: Shape::Uniform,
            grade_shape: None,
            allocation: Allocation::Economic,
            home_country: "CN".to_string(),
            allow_implausible: false,
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
    /// The residual producers, with the basis of their ores.
    pub residuals: Vec<Residual>,
    /// Joint residuals (co-products of one ore, `residuals.csv`): their producers.
    pub residual_groups: Vec<Vec<usize>>,
    /// Rank correlations the dataset declares (`correlations.csv`), resolved to pairs.
    pub correlations: Vec<DeclaredPair>,
    /// What the user should know about a valid dataset (printed on stderr by the commands).
    pub warnings: Vec<String>,
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
    /// Producers whose ore yields several products, allocated among them: each mine's, and
    /// each joint residual's.
    pub fn coproduct_groups(&self) -> impl Iterator<Item = &[usize]> {
        let mines = self.mine_producers.iter().map(Vec::as_slice);
        mines.chain(self.residual_groups.iter().map(Vec::as_slice))
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

/// Validates a dataset and builds the model, table by table in the order the references
/// between them need; all problems are reported together.
pub fn build(ds: &Dataset, opts: &ModelOptions) -> Result<Model> {
    let mut b = Builder::new(ds, opts);
    let ids = ids::check(&mut b, ds);
    let countries = ids::countries(&mut b, ds);
    let home = countries.index(&opts.home_country).unwrap_or(0);
    if !opts.home_country.is_empty() && !ids::names_country(ds, &opts.home_country) {
        // The home country is registered whatever it is; one no table names makes every flow
        // "abroad": legitimate for a study of another country's supply, a typo otherwise.
        b.warnings.push(format!(
            "warning: the home country `{}` supplies nothing and hosts no mine in {}: every mine's flows count as abroad (set home_country in the run spec, e.g. CN, if that is not intended)",
            opts.home_country,
            ds.dir.display()
        ));
    }

    let commodities = commodities::build(&mut b, ds, home);
    let mines = mines::build(&mut b, ds, &countries);
    let mut producers = producers::build(&mut b, ds, &ids, &mines, &commodities);
    let mut supply = supply::build(&mut b, ds, &ids, &countries, &commodities, &producers);
    let (residuals, residual_groups) = residual::add(
        &mut b,
        ds,
        &countries,
        &commodities,
        &mut producers,
        &mut supply,
    );
    let (inputs, ancillaries) = ancillary::build(&mut b, ds, &ids, &countries, &commodities);
    let order = ancillary::order(&mut b, ds, &commodities, &ancillaries);

    let materials = downstream::materials(&mut b, ds, &ids, &countries, &commodities, home);
    let components = downstream::components(&mut b, ds, &ids, &materials);
    let mut vehicles = downstream::vehicles(&mut b, ds, &ids, &components);
    fleets::build(ds, &mut b, &mut vehicles);
    let correlations = correlations::build(&mut b, ds);

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
        countries: countries.codes,
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
        residuals,
        residual_groups,
        correlations,
        warnings: b.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::ParamKind;

    #[test]
    fn every_kind_is_named_once_and_found_by_its_name() {
        for (i, k) in ParamKind::ALL.iter().enumerate() {
            assert_eq!(ParamKind::named(k.as_str()), Some(*k));
            assert!(ParamKind::ALL[..i].iter().all(|j| j.as_str() != k.as_str()));
        }
        assert_eq!(ParamKind::named("grade"), None);
    }
}
