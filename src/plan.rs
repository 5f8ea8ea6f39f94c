//! The compiled evaluation plan: the validated model flattened into index arrays, so that one
//! vector of parameter values becomes per-vehicle TMR with all its breakdowns without a name
//! look-up or an allocation. Structure is built once; only values change between samples.
//!
//! Per sample, upstream to downstream:
//! 1. producers (mine × commodity): yield `y = g·Rb·Rs`, ore `O = 1/y`, concentrate
//!    `C = 1/(c·Rs)` (or `O` without beneficiation), co-product allocation factor `f`, and the
//!    flows per t of refined commodity: used `f`, waste rock `f·SR·O`, tailings `f·(O − C)`,
//!    residues `f·(C − 1)` — which sum to `f·(1 + SR)/y`;
//! 2. commodities in dependency order: supply-weighted producers, ancillary inputs (a commodity
//!    such as coal brings its own breakdown), recycled share;
//! 3. the demand of each vehicle for each commodity, `D_vm = Σ_k M_vk Σ_j b_kj a_jm`, through
//!    precomputed sparse products; non-metallic materials enter as one pseudo-commodity each;
//! 4. each vehicle's breakdown `Σ_m D_vm · breakdown_m`, and the outputs.

use crate::model::{Allocation, AncillarySource, Model, ParamId, PartMass, Stage};

/// Breakdown cells: each is one (flow type, stage) pair that occurs.
pub const CELLS: usize = 9;
const C_USED: usize = 0;
const C_WASTE: usize = 1;
const C_TAILINGS: usize = 2;
const C_RESIDUES: usize = 3;
const C_ANC_MINING: usize = 4;
const C_ANC_BENEF: usize = 5;
const C_ANC_SMELT: usize = 6;
const C_USED_DOWNSTREAM: usize = 7;
const C_DIRECT: usize = 8;
/// After the cells: used mass whose mine lies abroad, then TMR per country.
const USED_ABROAD: usize = CELLS;
const COUNTRY0: usize = CELLS + 1;

/// Flow types of the breakdown.
pub const FLOWS: [&str; 6] = [
    "used",
    "waste_rock",
    "tailings",
    "residues",
    "ancillary",
    "direct",
];
const CELL_FLOW: [usize; CELLS] = [0, 1, 2, 3, 4, 4, 4, 0, 5];
const CELL_STAGE: [usize; CELLS] = [2, 0, 1, 2, 0, 1, 2, 3, 3];

fn anc_cell(stage: Stage) -> usize {
    match stage {
        Stage::Mining => C_ANC_MINING,
        Stage::Beneficiation => C_ANC_BENEF,
        Stage::SmeltingRefining | Stage::Downstream => C_ANC_SMELT,
    }
}

/// Slots of the per-vehicle output block, before the per-commodity and per-country entries.
pub mod vout {
    pub const TMR: usize = 0;
    pub const HIDDEN: usize = 1;
    pub const USED: usize = 2;
    pub const MASS: usize = 3;
    pub const EFFICIENCY: usize = 4;
    pub const SHARE_ABROAD: usize = 5;
    pub const DOMESTIC: usize = 6;
    pub const ABROAD: usize = 7;
    pub const FLOW0: usize = 8;
    pub const STAGE0: usize = FLOW0 + super::FLOWS.len();
    pub const COMMODITY0: usize = STAGE0 + 4;
}

/// What one output value is.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputDesc {
    /// `vehicle`, `commodity`, `material`, `component`
    pub level: &'static str,
    /// Vehicle or item id.
    pub item: String,
    /// `tmr`, `hidden_flows`, `used`, `mass`, `material_efficiency`, `hidden_share_abroad`, or a
    /// breakdown dimension: `region`, `flow`, `stage`, `commodity`, `country`.
    pub quantity: &'static str,
    /// Category within a breakdown dimension (empty for headline quantities).
    pub category: String,
    pub unit: &'static str,
}

#[derive(Clone, Copy, Debug)]
struct ProducerOp {
    grade: u32,
    rb: Option<u32>,
    rs: u32,
    conc: Option<u32>,
    sr: u32,
    price: u32,
    country: u32,
}

#[derive(Clone, Copy, Debug)]
struct SupplyOp {
    share: u32,
    producers: (u32, u32),
}

#[derive(Clone, Copy, Debug)]
enum AncSource {
    Commodity(u32),
    Input { tmr: u32, country: u32 },
}

#[derive(Clone, Copy, Debug)]
struct AncOp {
    cell: usize,
    amount: u32,
    source: AncSource,
}

#[derive(Clone, Debug)]
struct CommodityOp {
    commodity: u32,
    supply: (u32, u32),
    anc: (u32, u32),
    recycled: u32,
    secondary: u32,
}

#[derive(Clone, Copy, Debug)]
struct PseudoOp {
    direct: u32,
    country: u32,
    /// The material has no commodity content: one t of its direct TMR is the material itself.
    used_is_mass: bool,
}

#[derive(Clone, Copy, Debug)]
enum MassOp {
    Kg(u32),
    Battery { kwh: u32, kg_per_kwh: u32 },
}

/// The compiled model.
#[derive(Clone, Debug)]
pub struct Plan {
    pub n_params: usize,
    pub n_countries: usize,
    home: usize,
    /// Real commodities, then one pseudo-commodity per material with a direct TMR.
    pub n_real: usize,
    pub n_ext: usize,
    width: usize,
    producers: Vec<ProducerOp>,
    /// Mines with more than one producer: ranges into `group_members`.
    groups: Vec<(u32, u32)>,
    group_members: Vec<u32>,
    /// Under allocation `none`, the main product of each group (index into group_members).
    group_main: Vec<u32>,
    allocation: Allocation,
    supply: Vec<SupplyOp>,
    supply_producers: Vec<(u32, f64)>,
    anc: Vec<AncOp>,
    commodities: Vec<CommodityOp>,
    pseudo: Vec<PseudoOp>,
    /// Countries each extended commodity can place flows in (static nonzero pattern).
    nz_countries: Vec<Vec<u32>>,
    /// Composition terms: (material, extended commodity, fraction slot or none for pseudo).
    mat_terms: Vec<(u32, u32, Option<u32>)>,
    mat_yield: Vec<u32>,
    /// BOM terms: (component, material, fraction slot)
    bom_terms: Vec<(u32, u32, u32)>,
    comp_yield: Vec<u32>,
    /// comp_dem[dst] += bom_coef[b] * mat_coef[t]: (dst, b, t)
    comp_dem_ops: Vec<(u32, u32, u32)>,
    /// Per component: range in comp_dem and the extended commodity of each entry.
    comp_dem_range: Vec<(u32, u32)>,
    comp_dem_commodity: Vec<u32>,
    /// Vehicle parts: (vehicle, component, mass)
    parts: Vec<(u32, u32, MassOp)>,
    /// Per vehicle: its range in `parts`.
    vehicle_parts: Vec<(u32, u32)>,
    /// Vehicles built from parts (fleets follow them).
    n_built: usize,
    /// Per fleet (vehicle `n_built + f`): its range in `fleet_members`.
    fleets: Vec<(u32, u32)>,
    /// (member vehicle, share slot)
    fleet_members: Vec<(u32, u32)>,
    n_vehicles: usize,
    pub outputs: Vec<OutputDesc>,
    vehicle_block: usize,
    pub vehicle_ids: Vec<String>,
}

/// Scratch buffers for one evaluation; one per worker, reused for every sample.
#[derive(Clone, Debug)]
pub struct Workspace {
    y: Vec<f64>,
    ore: Vec<f64>,
    conc: Vec<f64>,
    alloc: Vec<f64>,
    /// Per producer: used, waste rock, tailings, residues per t of commodity (allocated).
    prod_flows: Vec<[f64; 4]>,
    /// Extended commodity breakdowns, `width` each.
    comm: Vec<f64>,
    comm_total: Vec<f64>,
    mat_coef: Vec<f64>,
    bom_coef: Vec<f64>,
    comp_dem: Vec<f64>,
    veh_dem: Vec<f64>,
    veh_vec: Vec<f64>,
    scratch: Vec<f64>,
    part_mass: Vec<f64>,
}

impl Plan {
    pub fn compile(model: &Model) -> Plan {
        let k = model.countries.len();
        let width = COUNTRY0 + k;
        let slot = |p: ParamId| p.0;
        let producers: Vec<ProducerOp> = model
            .producers
            .iter()
            .map(|p| ProducerOp {
                grade: slot(p.ore_grade),
                rb: p.recovery_beneficiation.map(slot),
                rs: slot(p.recovery_smelting),
                conc: p.concentrate_grade.map(slot),
                sr: slot(p.stripping_ratio),
                price: slot(model.commodities[p.commodity].price),
                country: p.country as u32,
            })
            .collect();
        let best = model.best_values();
        let mut groups = Vec::new();
        let mut group_members = Vec::new();
        let mut group_main = Vec::new();
        for members in &model.mine_producers {
            if members.len() < 2 {
                continue;
            }
            let start = group_members.len() as u32;
            // Main product under `none`: the largest value p·y at best estimates.
            let value = |pi: usize| {
                let p = &producers[pi];
                let y = best[p.grade as usize]
                    * p.rb.map_or(1.0, |s| best[s as usize])
                    * best[p.rs as usize];
                best[p.price as usize] * y
            };
            let main = (0..members.len())
                .max_by(|&a, &b| value(members[a]).total_cmp(&value(members[b])))
                .unwrap_or(0);
            group_members.extend(members.iter().map(|&m| m as u32));
            groups.push((start, group_members.len() as u32));
            group_main.push(start + main as u32);
        }

        let mut supply = Vec::new();
        let mut supply_producers = Vec::new();
        let mut anc = Vec::new();
        let mut commodities = Vec::new();
        let mut nz: Vec<Vec<u32>> = vec![Vec::new(); model.commodities.len()];
        for &ci in &model.commodity_order {
            let c = &model.commodities[ci];
            let s0 = supply.len() as u32;
            let mut countries = Vec::new();
            for s in model
                .supply
                .iter()
                .filter(|s| s.commodity == ci && !s.producers.is_empty())
            {
                let p0 = supply_producers.len() as u32;
                for &(pi, w) in &s.producers {
                    supply_producers.push((pi as u32, w));
                    countries.push(model.producers[pi].country as u32);
                }
                supply.push(SupplyOp {
                    share: slot(s.share),
                    producers: (p0, supply_producers.len() as u32),
                });
            }
            let a0 = anc.len() as u32;
            for a in model.ancillaries.iter().filter(|a| a.commodity == ci) {
                let source = match a.source {
                    AncillarySource::Commodity(src) => {
                        countries.extend(nz[src].iter().copied());
                        AncSource::Commodity(src as u32)
                    }
                    AncillarySource::Input(i) => {
                        let inp = &model.inputs[i];
                        countries.push(inp.country as u32);
                        AncSource::Input {
                            tmr: slot(inp.tmr),
                            country: inp.country as u32,
                        }
                    }
                };
                anc.push(AncOp {
                    cell: anc_cell(a.stage),
                    amount: slot(a.amount),
                    source,
                });
            }
            countries.push(model.home as u32); // secondary material
            countries.sort_unstable();
            countries.dedup();
            nz[ci] = countries;
            commodities.push(CommodityOp {
                commodity: ci as u32,
                supply: (s0, supply.len() as u32),
                anc: (a0, anc.len() as u32),
                recycled: slot(c.recycled_share),
                secondary: slot(c.secondary_tmr),
            });
        }
        let n_real = model.commodities.len();
        let mut pseudo = Vec::new();
        let mut mat_terms = Vec::new();
        for (j, m) in model.materials.iter().enumerate() {
            for &(ci, frac) in &m.composition {
                mat_terms.push((j as u32, ci as u32, Some(slot(frac))));
            }
            if let Some(d) = m.direct_tmr {
                let ext = (n_real + pseudo.len()) as u32;
                pseudo.push(PseudoOp {
                    direct: slot(d),
                    country: m.direct_country as u32,
                    used_is_mass: m.composition.is_empty(),
                });
                nz.push(vec![m.direct_country as u32]);
                mat_terms.push((j as u32, ext, None));
            }
        }
        let n_ext = n_real + pseudo.len();
        let mat_yield = model
            .materials
            .iter()
            .map(|m| slot(m.process_yield))
            .collect();
        let mut bom_terms = Vec::new();
        let mut comp_dem_ops = Vec::new();
        let mut comp_dem_range = Vec::new();
        let mut comp_dem_commodity: Vec<u32> = Vec::new();
        for (kk, comp) in model.components.iter().enumerate() {
            let start = comp_dem_commodity.len();
            for &(j, frac) in &comp.bom {
                let b = bom_terms.len() as u32;
                bom_terms.push((kk as u32, j as u32, slot(frac)));
                for (t, &(mj, ext, _)) in mat_terms.iter().enumerate() {
                    if mj as usize != j {
                        continue;
                    }
                    let pos = match comp_dem_commodity[start..].iter().position(|&e| e == ext) {
                        Some(p) => start + p,
                        None => {
                            comp_dem_commodity.push(ext);
                            comp_dem_commodity.len() - 1
                        }
                    };
                    comp_dem_ops.push((pos as u32, b, t as u32));
                }
            }
            comp_dem_range.push((start as u32, comp_dem_commodity.len() as u32));
        }
        let comp_yield = model
            .components
            .iter()
            .map(|c| slot(c.manufacturing_yield))
            .collect();
        let mut parts = Vec::new();
        let mut vehicle_parts = Vec::new();
        for (v, veh) in model.vehicles.iter().enumerate() {
            let start = parts.len() as u32;
            for &(kk, mass) in &veh.parts {
                let m = match mass {
                    PartMass::Kg(p) => MassOp::Kg(slot(p)),
                    PartMass::Battery => MassOp::Battery {
                        kwh: slot(
                            veh.battery_kwh
                                .expect("validated: battery vehicles have kWh"),
                        ),
                        kg_per_kwh: slot(veh.pack_kg_per_kwh.expect("validated")),
                    },
                };
                parts.push((v as u32, kk as u32, m));
            }
            vehicle_parts.push((start, parts.len() as u32));
        }

        // Fleets: the share-weighted average of their member vehicles, after them.
        let n_built = model
            .vehicles
            .iter()
            .take_while(|v| v.fleet.is_none())
            .count();
        let mut fleets = Vec::new();
        let mut fleet_members = Vec::new();
        for veh in &model.vehicles[n_built..] {
            let members = veh
                .fleet
                .as_ref()
                .expect("fleets follow every built vehicle");
            let start = fleet_members.len() as u32;
            for &(m, share) in members {
                fleet_members.push((m as u32, slot(share)));
            }
            fleets.push((start, fleet_members.len() as u32));
        }

        // Output catalogue.
        let mut outputs = Vec::new();
        let n_vehicles = model.vehicles.len();
        for v in &model.vehicles {
            let o = |quantity: &'static str, category: &str, unit: &'static str| OutputDesc {
                level: "vehicle",
                item: v.id.clone(),
                quantity,
                category: category.to_string(),
                unit,
            };
            outputs.push(o("tmr", "", "t/vehicle"));
            outputs.push(o("hidden_flows", "", "t/vehicle"));
            outputs.push(o("used", "", "t/vehicle"));
            outputs.push(o("mass", "", "t/vehicle"));
            outputs.push(o("material_efficiency", "", "fraction"));
            outputs.push(o("hidden_share_abroad", "", "fraction"));
            outputs.push(o("region", "domestic", "t/vehicle"));
            outputs.push(o("region", "abroad", "t/vehicle"));
            for f in FLOWS {
                outputs.push(o("flow", f, "t/vehicle"));
            }
            for s in Stage::ALL {
                outputs.push(o("stage", s.as_str(), "t/vehicle"));
            }
            for c in &model.commodities {
                outputs.push(o("commodity", &c.id, "t/vehicle"));
            }
            outputs.push(o("commodity", "non_metallic", "t/vehicle"));
            for c in &model.commodities {
                outputs.push(o("hidden_commodity", &c.id, "t/vehicle"));
            }
            outputs.push(o("hidden_commodity", "non_metallic", "t/vehicle"));
            for c in &model.countries {
                outputs.push(o("country", c, "t/vehicle"));
            }
        }
        let vehicle_block = outputs.len().checked_div(n_vehicles).unwrap_or(0);
        for c in &model.commodities {
            outputs.push(OutputDesc {
                level: "commodity",
                item: c.id.clone(),
                quantity: "tmr",
                category: String::new(),
                unit: "t/t",
            });
        }
        for m in &model.materials {
            outputs.push(OutputDesc {
                level: "material",
                item: m.id.clone(),
                quantity: "tmr",
                category: String::new(),
                unit: "t/t",
            });
        }
        for c in &model.components {
            outputs.push(OutputDesc {
                level: "component",
                item: c.id.clone(),
                quantity: "tmr",
                category: String::new(),
                unit: "t/t",
            });
        }

        Plan {
            n_params: model.params.len(),
            n_countries: k,
            home: model.home,
            n_real,
            n_ext,
            width,
            producers,
            groups,
            group_members,
            group_main,
            allocation: model.options.allocation,
            supply,
            supply_producers,
            anc,
            commodities,
            pseudo,
            nz_countries: nz,
            mat_terms,
            mat_yield,
            bom_terms,
            comp_yield,
            comp_dem_ops,
            comp_dem_range,
            comp_dem_commodity,
            parts,
            vehicle_parts,
            n_built,
            fleets,
            fleet_members,
            n_vehicles,
            outputs,
            vehicle_block,
            vehicle_ids: model.vehicles.iter().map(|v| v.id.clone()).collect(),
        }
    }

    pub fn n_outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Slot (within a vehicle's block) of the TMR of extended commodity `e` (`n_real` = all
    /// non-metallic materials): `vout::COMMODITY0 + e`. Its hidden flows follow, then countries.
    pub fn hidden_commodity_slot(&self, e: usize) -> usize {
        vout::COMMODITY0 + self.n_real + 1 + e
    }

    /// Slot (within a vehicle's block) of the TMR placed in country `c`.
    pub fn country_slot(&self, c: usize) -> usize {
        vout::COMMODITY0 + 2 * (self.n_real + 1) + c
    }

    pub fn n_vehicles(&self) -> usize {
        self.n_vehicles
    }

    /// The per-vehicle headline outputs `vout::TMR .. vout::FLOW0` of every vehicle, copied
    /// from a full output vector, vehicle after vehicle (scenarios keep only these).
    pub fn copy_headline(&self, full: &[f64], headline: &mut [f64]) {
        for v in 0..self.n_vehicles {
            let src = &full[v * self.vehicle_block..v * self.vehicle_block + vout::FLOW0];
            headline[v * vout::FLOW0..(v + 1) * vout::FLOW0].copy_from_slice(src);
        }
    }

    /// Index of the first output of vehicle `v`; add a `vout` constant.
    pub fn vehicle_output(&self, v: usize, slot: usize) -> usize {
        v * self.vehicle_block + slot
    }

    pub fn workspace(&self) -> Workspace {
        let np = self.producers.len();
        Workspace {
            y: vec![0.0; np],
            ore: vec![0.0; np],
            conc: vec![0.0; np],
            alloc: vec![1.0; np],
            prod_flows: vec![[0.0; 4]; np],
            comm: vec![0.0; self.n_ext * self.width],
            comm_total: vec![0.0; self.n_ext],
            mat_coef: vec![0.0; self.mat_terms.len()],
            bom_coef: vec![0.0; self.bom_terms.len()],
            comp_dem: vec![0.0; self.comp_dem_commodity.len()],
            veh_dem: vec![0.0; self.n_vehicles * self.n_ext],
            veh_vec: vec![0.0; self.width],
            scratch: vec![0.0; self.width],
            part_mass: vec![0.0; self.parts.len()],
        }
    }

    /// Evaluates the model for one vector of parameter values, writing every output.
    /// Allocates nothing.
    pub fn eval(&self, v: &[f64], ws: &mut Workspace, out: &mut [f64]) {
        debug_assert_eq!(v.len(), self.n_params);
        debug_assert_eq!(out.len(), self.outputs.len());
        let w = self.width;

        // 1. producers
        for (i, p) in self.producers.iter().enumerate() {
            let rs = v[p.rs as usize];
            let y = v[p.grade as usize] * p.rb.map_or(1.0, |s| v[s as usize]) * rs;
            let ore = 1.0 / y;
            ws.y[i] = y;
            ws.ore[i] = ore;
            ws.conc[i] = match p.conc {
                Some(c) => 1.0 / (v[c as usize] * rs),
                None => ore,
            };
            ws.alloc[i] = 1.0;
        }
        for (g, &(a, b)) in self.groups.iter().enumerate() {
            let members = &self.group_members[a as usize..b as usize];
            match self.allocation {
                Allocation::None => {
                    for &m in members {
                        ws.alloc[m as usize] = 0.0;
                    }
                    ws.alloc[self.group_members[self.group_main[g] as usize] as usize] = 1.0;
                }
                Allocation::Mass | Allocation::Economic => {
                    let weight = |m: u32| {
                        let m = m as usize;
                        let price = if self.allocation == Allocation::Economic {
                            v[self.producers[m].price as usize]
                        } else {
                            1.0
                        };
                        price * ws.y[m]
                    };
                    let total: f64 = members.iter().map(|&m| weight(m)).sum();
                    for &m in members {
                        ws.alloc[m as usize] = weight(m) / total;
                    }
                }
            }
        }
        for (i, p) in self.producers.iter().enumerate() {
            let f = ws.alloc[i];
            let (ore, conc) = (ws.ore[i], ws.conc[i]);
            ws.prod_flows[i] = [
                f,
                f * v[p.sr as usize] * ore,
                f * (ore - conc),
                f * (conc - 1.0),
            ];
        }

        // 2. commodities, in dependency order
        for op in &self.commodities {
            let m = op.commodity as usize;
            // Accumulate in scratch, then store: an ancillary commodity's breakdown (complete,
            // by dependency order) is read from `ws.comm` meanwhile.
            let vec = &mut ws.scratch;
            vec.fill(0.0);
            let supply = &self.supply[op.supply.0 as usize..op.supply.1 as usize];
            let share_sum: f64 = supply.iter().map(|s| v[s.share as usize]).sum();
            for s in supply {
                let ws_share = v[s.share as usize] / share_sum;
                for &(pi, pw) in
                    &self.supply_producers[s.producers.0 as usize..s.producers.1 as usize]
                {
                    let weight = ws_share * pw;
                    let fl = &ws.prod_flows[pi as usize];
                    vec[C_USED] += weight * fl[0];
                    vec[C_WASTE] += weight * fl[1];
                    vec[C_TAILINGS] += weight * fl[2];
                    vec[C_RESIDUES] += weight * fl[3];
                    let total = weight * (fl[0] + fl[1] + fl[2] + fl[3]);
                    let country = self.producers[pi as usize].country as usize;
                    vec[COUNTRY0 + country] += total;
                    if country != self.home {
                        vec[USED_ABROAD] += weight * fl[0];
                    }
                }
            }
            for a in &self.anc[op.anc.0 as usize..op.anc.1 as usize] {
                let amount = v[a.amount as usize];
                match a.source {
                    AncSource::Commodity(src) => {
                        // An input consumed in processing: all of its TMR, its own used mass
                        // included, is ancillary (hidden) for this commodity.
                        let src = src as usize;
                        vec[a.cell] += amount * ws.comm_total[src];
                        let src_vec = &ws.comm[src * w..(src + 1) * w];
                        for &c in &self.nz_countries[src] {
                            vec[COUNTRY0 + c as usize] += amount * src_vec[COUNTRY0 + c as usize];
                        }
                    }
                    AncSource::Input { tmr, country } => {
                        let t = amount * v[tmr as usize];
                        vec[a.cell] += t;
                        vec[COUNTRY0 + country as usize] += t;
                    }
                }
            }
            let r = v[op.recycled as usize];
            if r > 0.0 {
                let keep = 1.0 - r;
                for x in vec.iter_mut() {
                    *x *= keep;
                }
                let sec = r * v[op.secondary as usize];
                vec[C_ANC_SMELT] += sec;
                vec[COUNTRY0 + self.home] += sec;
            }
            ws.comm_total[m] = vec[..CELLS].iter().sum();
            ws.comm[m * w..(m + 1) * w].copy_from_slice(vec);
        }
        for (pi, p) in self.pseudo.iter().enumerate() {
            let e = self.n_real + pi;
            let vec = &mut ws.comm[e * w..(e + 1) * w];
            vec.fill(0.0);
            let d = v[p.direct as usize];
            let used = if p.used_is_mass { d.min(1.0) } else { 0.0 };
            vec[C_USED_DOWNSTREAM] = used;
            vec[C_DIRECT] = d - used;
            vec[COUNTRY0 + p.country as usize] = d;
            if p.country as usize != self.home {
                vec[USED_ABROAD] = used;
            }
            ws.comm_total[e] = d;
        }

        // 3. demand: materials → components → vehicles
        for (t, &(j, _, frac)) in self.mat_terms.iter().enumerate() {
            ws.mat_coef[t] = match frac {
                Some(f) => v[f as usize] / v[self.mat_yield[j as usize] as usize],
                None => 1.0,
            };
        }
        for (b, &(k, _, frac)) in self.bom_terms.iter().enumerate() {
            ws.bom_coef[b] = v[frac as usize] / v[self.comp_yield[k as usize] as usize];
        }
        ws.comp_dem.fill(0.0);
        for &(dst, b, t) in &self.comp_dem_ops {
            ws.comp_dem[dst as usize] += ws.bom_coef[b as usize] * ws.mat_coef[t as usize];
        }
        ws.veh_dem.fill(0.0);
        for (pi, &(veh, k, mass)) in self.parts.iter().enumerate() {
            let kg = match mass {
                MassOp::Kg(s) => v[s as usize],
                MassOp::Battery { kwh, kg_per_kwh } => v[kwh as usize] * v[kg_per_kwh as usize],
            };
            let t = kg * 1e-3;
            ws.part_mass[pi] = t;
            let (a, b) = self.comp_dem_range[k as usize];
            let row = &mut ws.veh_dem[veh as usize * self.n_ext..(veh as usize + 1) * self.n_ext];
            for e in a as usize..b as usize {
                row[self.comp_dem_commodity[e] as usize] += t * ws.comp_dem[e];
            }
        }

        // 4. vehicle breakdowns and outputs
        let nc = self.n_countries;
        for veh in 0..self.n_built {
            let vv = &mut ws.veh_vec;
            vv.fill(0.0);
            let o = &mut out[veh * self.vehicle_block..(veh + 1) * self.vehicle_block];
            let dem = &ws.veh_dem[veh * self.n_ext..(veh + 1) * self.n_ext];
            let mut non_metallic = 0.0;
            let mut non_metallic_hidden = 0.0;
            let h0 = self.hidden_commodity_slot(0);
            for (e, &d) in dem[..self.n_real].iter().enumerate() {
                if d != 0.0 {
                    // Dense axpy over the whole breakdown row: vectorises, unlike a sparse walk.
                    let cv = &ws.comm[e * w..(e + 1) * w];
                    for (x, &c) in vv.iter_mut().zip(cv) {
                        *x += d * c;
                    }
                }
                o[vout::COMMODITY0 + e] = d * ws.comm_total[e];
                let cv = &ws.comm[e * w..(e + 1) * w];
                o[h0 + e] = d * (ws.comm_total[e] - cv[C_USED] - cv[C_USED_DOWNSTREAM]);
            }
            // Non-metallic pseudo-commodities fill four entries of their row; touch only those.
            for (pi, p) in self.pseudo.iter().enumerate() {
                let e = self.n_real + pi;
                let d = dem[e];
                if d != 0.0 {
                    let cv = &ws.comm[e * w..(e + 1) * w];
                    let c = COUNTRY0 + p.country as usize;
                    vv[C_USED_DOWNSTREAM] += d * cv[C_USED_DOWNSTREAM];
                    vv[C_DIRECT] += d * cv[C_DIRECT];
                    vv[USED_ABROAD] += d * cv[USED_ABROAD];
                    vv[c] += d * cv[c];
                }
                non_metallic += d * ws.comm_total[e];
                non_metallic_hidden += d * ws.comm[e * w + C_DIRECT];
            }
            o[vout::COMMODITY0 + self.n_real] = non_metallic;
            o[h0 + self.n_real] = non_metallic_hidden;
            let tmr: f64 = vv[..CELLS].iter().sum();
            let used = vv[C_USED] + vv[C_USED_DOWNSTREAM];
            let hidden = tmr - used;
            let (pa, pb) = self.vehicle_parts[veh];
            let mass: f64 = ws.part_mass[pa as usize..pb as usize].iter().sum();
            let domestic = vv[COUNTRY0 + self.home];
            let abroad = tmr - domestic;
            o[vout::TMR] = tmr;
            o[vout::HIDDEN] = hidden;
            o[vout::USED] = used;
            o[vout::MASS] = mass;
            o[vout::EFFICIENCY] = mass / tmr;
            o[vout::SHARE_ABROAD] = (abroad - vv[USED_ABROAD]) / hidden;
            o[vout::DOMESTIC] = domestic;
            o[vout::ABROAD] = abroad;
            for f in &mut o[vout::FLOW0..vout::STAGE0 + 4] {
                *f = 0.0;
            }
            for c in 0..CELLS {
                o[vout::FLOW0 + CELL_FLOW[c]] += vv[c];
                o[vout::STAGE0 + CELL_STAGE[c]] += vv[c];
            }
            let c0 = self.country_slot(0);
            o[c0..c0 + nc].copy_from_slice(&vv[COUNTRY0..COUNTRY0 + nc]);
        }

        // 5. fleets: every output is linear in the vehicle but two ratios, recomputed from sums.
        let block = self.vehicle_block;
        for (f, &(a, b)) in self.fleets.iter().enumerate() {
            let members = &self.fleet_members[a as usize..b as usize];
            let total: f64 = members.iter().map(|&(_, s)| v[s as usize]).sum();
            let (built, fleet_blocks) = out.split_at_mut(self.n_built * block);
            let o = &mut fleet_blocks[f * block..(f + 1) * block];
            o.fill(0.0);
            let mut hidden_abroad = 0.0;
            for &(m, s) in members {
                let w = v[s as usize] / total;
                let src = &built[m as usize * block..(m as usize + 1) * block];
                for (x, &y) in o.iter_mut().zip(src) {
                    *x += w * y;
                }
                hidden_abroad += w * src[vout::SHARE_ABROAD] * src[vout::HIDDEN];
            }
            o[vout::EFFICIENCY] = o[vout::MASS] / o[vout::TMR];
            o[vout::SHARE_ABROAD] = hidden_abroad / o[vout::HIDDEN];
        }

        // Items: TMR per t of commodity, material, component.
        let mut i = self.n_vehicles * self.vehicle_block;
        out[i..i + self.n_real].copy_from_slice(&ws.comm_total[..self.n_real]);
        i += self.n_real;
        let n_mat = self.mat_yield.len();
        out[i..i + n_mat].fill(0.0);
        for (t, &(j, e, _)) in self.mat_terms.iter().enumerate() {
            out[i + j as usize] += ws.mat_coef[t] * ws.comm_total[e as usize];
        }
        i += n_mat;
        for (k, &(a, b)) in self.comp_dem_range.iter().enumerate() {
            out[i + k] = (a as usize..b as usize)
                .map(|e| ws.comp_dem[e] * ws.comm_total[self.comp_dem_commodity[e] as usize])
                .sum();
        }
    }

    /// Stage breakdown (mining, beneficiation, smelting/refining, downstream) per t of an
    /// extended commodity, after [`Plan::eval`] on `ws`. Slow path for reports.
    pub fn commodity_stages(&self, ws: &Workspace, e: usize) -> [f64; 4] {
        let cv = &ws.comm[e * self.width..(e + 1) * self.width];
        let mut s = [0.0; 4];
        for c in 0..CELLS {
            s[CELL_STAGE[c]] += cv[c];
        }
        s
    }

    /// Stage breakdown per t of material `j` after [`Plan::eval`].
    pub fn material_stages(&self, ws: &Workspace, j: usize) -> [f64; 4] {
        let mut s = [0.0; 4];
        for (t, &(mj, e, _)) in self.mat_terms.iter().enumerate() {
            if mj as usize == j {
                let cs = self.commodity_stages(ws, e as usize);
                for i in 0..4 {
                    s[i] += ws.mat_coef[t] * cs[i];
                }
            }
        }
        s
    }

    /// Stage breakdown per t of component `k` after [`Plan::eval`].
    pub fn component_stages(&self, ws: &Workspace, k: usize) -> [f64; 4] {
        let mut s = [0.0; 4];
        let (a, b) = self.comp_dem_range[k];
        for e in a as usize..b as usize {
            let cs = self.commodity_stages(ws, self.comp_dem_commodity[e] as usize);
            for i in 0..4 {
                s[i] += ws.comp_dem[e] * cs[i];
            }
        }
        s
    }

    /// Per producer after [`Plan::eval`]: (allocation factor, flows per t of commodity:
    /// used, waste rock, tailings, residues).
    pub fn producer_flows(&self, ws: &Workspace, p: usize) -> (f64, [f64; 4]) {
        (ws.alloc[p], ws.prod_flows[p])
    }
}
