//! Downstream of the commodities: `materials.csv` with `material_composition.csv`,
//! `components.csv` with `component_bom.csv`, and `vehicles.csv` with
//! `vehicle_components.csv`. Composition and bill-of-materials rows are the same kind of row
//! (a whole made of parts, with a mass fraction) and are read by one function.

use super::builder::{Builder, Owner, est, positions};
use super::ids::{Countries, Ids};
use super::{Commodity, Component, Material, POWERTRAINS, ParamId, ParamKind, PartMass, Vehicle};
use crate::data::*;
use crate::sampling::dist::Support;
use std::collections::HashMap;

pub(super) fn materials(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    countries: &Countries,
    commodities: &[Commodity],
    home: usize,
) -> Vec<Material> {
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
            Some(c) => countries.index(c),
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
    let whole_pos = positions(&materials, |m| &m.id);
    let part_pos = positions(commodities, |c| &c.id);
    let parts = Parts {
        file: MATERIAL_COMPOSITION,
        whole: ("material", MATERIALS, &whole_pos, &ids.materials),
        part: ("commodity", COMMODITIES, &part_pos, &ids.commodities),
        kind: ParamKind::Composition,
        support: Support::NON_NEGATIVE,
    };
    for (j, c, id) in parts.read(b, &ds.material_composition, Owner::commodity) {
        materials[j].composition.push((c, id));
    }
    materials
}

pub(super) fn components(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    materials: &[Material],
) -> Vec<Component> {
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
    let whole_pos = positions(&components, |k| &k.id);
    let part_pos = positions(materials, |m| &m.id);
    let parts = Parts {
        file: COMPONENT_BOM,
        whole: ("component", COMPONENTS, &whole_pos, &ids.components),
        part: ("material", MATERIALS, &part_pos, &ids.materials),
        kind: ParamKind::BillOfMaterials,
        support: Support::UNIT,
    };
    for (k, j, id) in parts.read(b, &ds.component_bom, |_| Owner::default()) {
        components[k].bom.push((j, id));
    }
    components
}

pub(super) fn vehicles(
    b: &mut Builder,
    ds: &Dataset,
    ids: &Ids,
    components: &[Component],
) -> Vec<Vehicle> {
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
                label: r.label.clone().unwrap_or_else(|| r.vehicle.clone()),
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
    // Owned keys: the parts are added to `vehicles` while its ids are looked up.
    let veh_pos: HashMap<String, usize> = vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let comp_pos = positions(components, |k| &k.id);
    let mut seen = HashMap::new();
    for r in &ds.vehicle_components {
        let f = VEHICLE_COMPONENTS;
        let v = veh_pos.get(r.vehicle.as_str()).copied();
        let k = comp_pos.get(r.component.as_str()).copied();
        if v.is_none() && !ids.vehicles.contains_key(r.vehicle.as_str()) {
            b.unknown_ref(f, r.line, "vehicle", &r.vehicle, VEHICLES);
        }
        if k.is_none() && !ids.components.contains_key(r.component.as_str()) {
            b.unknown_ref(f, r.line, "component", &r.component, COMPONENTS);
        }
        let key = (r.vehicle.as_str(), r.component.as_str());
        if b.duplicate_pair(
            &mut seen,
            key,
            f,
            r.line,
            "component",
            &r.component,
            "vehicle × component",
        ) {
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
    vehicles
}

/// (column, table, built position by id, listed row by id) of one side of a whole × part table.
type Side<'a> = (
    &'a str,
    &'a str,
    &'a HashMap<&'a str, usize>,
    &'a HashMap<&'a str, usize>,
);

/// A table of wholes made of parts with a mass fraction each (`material_composition.csv`,
/// `component_bom.csv`).
struct Parts<'a> {
    file: &'a str,
    whole: Side<'a>,
    part: Side<'a>,
    kind: ParamKind,
    support: Support,
}

impl Parts<'_> {
    /// The valid rows as (whole, part, mass-fraction parameter); `owner` of the part's index.
    fn read(
        &self,
        b: &mut Builder,
        rows: &[PartRow],
        owner: impl Fn(usize) -> Owner,
    ) -> Vec<(usize, usize, ParamId)> {
        let (whole_col, whole_table, whole_pos, whole_ids) = self.whole;
        let (part_col, part_table, part_pos, part_ids) = self.part;
        let pair = format!("{whole_col} × {part_col}");
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for r in rows {
            let w = whole_pos.get(r.whole.as_str()).copied();
            let p = part_pos.get(r.part.as_str()).copied();
            if w.is_none() && !whole_ids.contains_key(r.whole.as_str()) {
                b.unknown_ref(self.file, r.line, whole_col, &r.whole, whole_table);
            }
            if p.is_none() && !part_ids.contains_key(r.part.as_str()) {
                b.unknown_ref(self.file, r.line, part_col, &r.part, part_table);
            }
            let key = (r.whole.as_str(), r.part.as_str());
            if b.duplicate_pair(&mut seen, key, self.file, r.line, part_col, &r.part, &pair) {
                continue;
            }
            let (Some(w), Some(p)) = (w, p) else { continue };
            if let Some(id) = b.param(
                format!("{whole_col}:{}:{}:mass_fraction", r.whole, r.part),
                self.kind,
                &r.mass_fraction,
                self.support,
                1.0,
                owner(p),
                None,
                est(&r.prov, "mass_fraction"),
                "a mass fraction",
            ) {
                out.push((w, p, id));
            }
        }
        out
    }
}
