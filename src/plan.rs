//! The compiled evaluation plan: the validated model flattened into index arrays, so that one
//! vector of parameter values becomes per-vehicle TMR with all its breakdowns without a name
//! look-up or an allocation. Structure is built once; only values change between samples.
//! [`Plan::eval_lanes`] evaluates several samples side by side (every value an array with one
//! lane per sample); [`Plan::eval`] is its one-lane case.
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
    /// A pooled residual's fixed co-product share (`None` = 1 unless its group sets it).
    share: Option<u32>,
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
    /// The producers and groups an evaluation for the outputs computes: those China's supply
    /// draws on and their co-producers (an allocation needs every member's yield).
    needed: ProducerSet,
    /// Every producer and group: for reports of each producer's flows ([`Plan::producer_flows`]).
    every: ProducerSet,
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

/// Producers and groups one evaluation computes (indices into `producers` and `groups`).
#[derive(Clone, Debug, Default)]
struct ProducerSet {
    /// Yield, ore and concentrate per t of commodity.
    yields: Vec<u32>,
    /// Allocation among co-products.
    groups: Vec<u32>,
    /// Allocated flows.
    flows: Vec<u32>,
}

/// Scratch buffers for one evaluation of `L` samples side by side (one lane each); one per
/// worker, reused for every evaluation. `Workspace` (one lane) serves the scalar [`Plan::eval`].
#[derive(Clone, Debug)]
pub struct Workspace<const L: usize = 1> {
    y: Vec<[f64; L]>,
    ore: Vec<[f64; L]>,
    conc: Vec<[f64; L]>,
    alloc: Vec<[f64; L]>,
    /// Per producer: used, waste rock, tailings, residues per t of commodity (allocated).
    prod_flows: Vec<[[f64; L]; 4]>,
    /// Extended commodity breakdowns, `width` each.
    comm: Vec<[f64; L]>,
    comm_total: Vec<[f64; L]>,
    mat_coef: Vec<[f64; L]>,
    bom_coef: Vec<[f64; L]>,
    comp_dem: Vec<[f64; L]>,
    veh_dem: Vec<[f64; L]>,
    veh_vec: Vec<[f64; L]>,
    scratch: Vec<[f64; L]>,
    part_mass: Vec<[f64; L]>,
    group_total: [f64; L],
    /// Compute every producer (reports), not only those the outputs need.
    every_producer: bool,
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
                share: p.coproduct_share.map(slot),
                country: p.country as u32,
            })
            .collect();
        let best = model.best_values();
        let mut groups = Vec::new();
        let mut group_members = Vec::new();
        let mut group_main = Vec::new();
        for members in model.coproduct_groups() {
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
        let (needed, every) =
            producer_sets(producers.len(), &groups, &group_members, &supply_producers);
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
        let vehicles = VehicleOps::compile(model);
        let (outputs, vehicle_block) = output_catalogue(model);
        let n_vehicles = model.vehicles.len();

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
            needed,
            every,
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
            parts: vehicles.parts,
            vehicle_parts: vehicles.vehicle_parts,
            n_built: vehicles.n_built,
            fleets: vehicles.fleets,
            fleet_members: vehicles.fleet_members,
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
    pub fn copy_headline<T: Copy>(&self, full: &[T], headline: &mut [T]) {
        for v in 0..self.n_vehicles {
            let src = &full[v * self.vehicle_block..v * self.vehicle_block + vout::FLOW0];
            headline[v * vout::FLOW0..(v + 1) * vout::FLOW0].copy_from_slice(src);
        }
    }

    /// Index of the first output of vehicle `v`; add a `vout` constant.
    pub fn vehicle_output(&self, v: usize, slot: usize) -> usize {
        v * self.vehicle_block + slot
    }

    /// Scratch buffers for the scalar [`Plan::eval`].
    pub fn workspace(&self) -> Workspace {
        self.workspace_lanes()
    }

    /// As [`Plan::workspace`], for reports that read every producer's flows
    /// ([`Plan::producer_flows`]): evaluations also compute the producers that no output
    /// depends on (those of countries outside China's supply).
    pub fn report_workspace(&self) -> Workspace {
        Workspace {
            every_producer: true,
            ..self.workspace_lanes()
        }
    }

    /// Scratch buffers for [`Plan::eval_lanes`] with `L` lanes.
    pub fn workspace_lanes<const L: usize>(&self) -> Workspace<L> {
        let np = self.producers.len();
        let zero = [0.0; L];
        Workspace {
            y: vec![zero; np],
            ore: vec![zero; np],
            conc: vec![zero; np],
            alloc: vec![[1.0; L]; np],
            prod_flows: vec![[zero; 4]; np],
            comm: vec![zero; self.n_ext * self.width],
            comm_total: vec![zero; self.n_ext],
            mat_coef: vec![zero; self.mat_terms.len()],
            bom_coef: vec![zero; self.bom_terms.len()],
            comp_dem: vec![zero; self.comp_dem_commodity.len()],
            veh_dem: vec![zero; self.n_vehicles * self.n_ext],
            veh_vec: vec![zero; self.width],
            scratch: vec![zero; self.width],
            part_mass: vec![zero; self.parts.len()],
            group_total: zero,
            every_producer: false,
        }
    }

    /// Evaluates the model for one vector of parameter values, writing every output.
    /// Allocates nothing.
    pub fn eval(&self, v: &[f64], ws: &mut Workspace, out: &mut [f64]) {
        self.eval_lanes(v.as_chunks::<1>().0, ws, out.as_chunks_mut::<1>().0);
    }

    /// [`Plan::eval_simd`] with two-lane vectors (SSE2, which every x86-64 processor has).
    #[inline(always)]
    pub fn eval_lanes<const L: usize>(
        &self,
        v: &[[f64; L]],
        ws: &mut Workspace<L>,
        out: &mut [[f64; L]],
    ) {
        // SAFETY: W = 2 needs only SSE2.
        unsafe { self.eval_simd::<L, 2>(v, ws, out) }
    }

    /// Evaluates the model for `L` samples at once, lane `l` of every value being sample `l`:
    /// `v[p][l]` is parameter `p` of sample `l`, `out[o][l]` output `o`. Every operation runs
    /// across the lanes (which the compiler vectorises), and each lane goes through exactly the
    /// arithmetic of a one-lane evaluation, so the results do not depend on `L`. Allocates
    /// nothing.
    ///
    /// `W` is the width, in lanes, of the vectors of the inner loop (`x += a·b` over the
    /// vehicles' breakdown rows): 2 (SSE2), 4 (AVX) or 8 (AVX-512F), written out with the
    /// processor's own instructions because the compiler vectorises the loop around it instead.
    /// Same operations, same rounding, same results for every `W`.
    ///
    /// # Safety
    /// `W = 4` needs a processor with AVX and `W = 8` one with AVX-512F; call it from a
    /// function compiled for them (`#[target_feature]`) so that the vector operations inline.
    #[inline(always)]
    pub unsafe fn eval_simd<const L: usize, const W: usize>(
        &self,
        v: &[[f64; L]],
        ws: &mut Workspace<L>,
        out: &mut [[f64; L]],
    ) {
        debug_assert_eq!(v.len(), self.n_params);
        debug_assert_eq!(out.len(), self.outputs.len());
        // `x += a·b` in vectors of W lanes.
        macro_rules! add_product {
            ($x:expr, $a:expr, $b:expr $(,)?) => {
                // SAFETY: this function's contract (the processor has the instructions of W
                // lanes) is add_product's.
                unsafe { add_product::<L, W>($x, $a, $b) }
            };
        }
        let w = self.width;
        let ones = [1.0; L];

        // 1. producers
        let set = match ws.every_producer {
            true => &self.every,
            false => &self.needed,
        };
        for &i in &set.yields {
            let (i, p) = (i as usize, &self.producers[i as usize]);
            let (g, rs) = (&v[p.grade as usize], &v[p.rs as usize]);
            let rb = p.rb.map_or(&ones, |s| &v[s as usize]);
            // Lane values built in locals, then stored: the compiler keeps them in vector
            // registers (stores through several workspace rows at once stay scalar).
            let (mut y, mut ore) = ([0.0; L], [0.0; L]);
            for l in 0..L {
                y[l] = g[l] * rb[l] * rs[l];
                ore[l] = 1.0 / y[l];
            }
            ws.y[i] = y;
            ws.ore[i] = ore;
            ws.conc[i] = match p.conc {
                Some(c) => {
                    let c = &v[c as usize];
                    std::array::from_fn(|l| 1.0 / (c[l] * rs[l]))
                }
                None => ore,
            };
            ws.alloc[i] = p.share.map_or(ones, |s| v[s as usize]);
        }
        for &g in &set.groups {
            let g = g as usize;
            let (a, b) = self.groups[g];
            let members = &self.group_members[a as usize..b as usize];
            match self.allocation {
                Allocation::None => {
                    for &m in members {
                        ws.alloc[m as usize] = [0.0; L];
                    }
                    ws.alloc[self.group_members[self.group_main[g] as usize] as usize] = ones;
                }
                Allocation::Mass | Allocation::Economic => {
                    let economic = self.allocation == Allocation::Economic;
                    let price = |m: u32| match economic {
                        true => &v[self.producers[m as usize].price as usize],
                        false => &ones,
                    };
                    let total = &mut ws.group_total;
                    *total = [0.0; L];
                    for &m in members {
                        let (p, y) = (price(m), &ws.y[m as usize]);
                        for l in 0..L {
                            total[l] += p[l] * y[l];
                        }
                    }
                    for &m in members {
                        let (p, y) = (price(m), &ws.y[m as usize]);
                        let f = &mut ws.alloc[m as usize];
                        for l in 0..L {
                            f[l] = p[l] * y[l] / total[l];
                        }
                    }
                }
            }
        }
        for &i in &set.flows {
            let (i, p) = (i as usize, &self.producers[i as usize]);
            let (f, ore, conc, sr) = (&ws.alloc[i], &ws.ore[i], &ws.conc[i], &v[p.sr as usize]);
            let mut fl = [[0.0; L]; 4];
            for l in 0..L {
                fl[0][l] = f[l];
                fl[1][l] = f[l] * sr[l] * ore[l];
                fl[2][l] = f[l] * (ore[l] - conc[l]);
                fl[3][l] = f[l] * (conc[l] - 1.0);
            }
            ws.prod_flows[i] = fl;
        }

        // 2. commodities, in dependency order
        for op in &self.commodities {
            let m = op.commodity as usize;
            // Accumulate in scratch, then store: an ancillary commodity's breakdown (complete,
            // by dependency order) is read from `ws.comm` meanwhile.
            // Only the cells and the countries the commodity can reach (`nz_countries`) are
            // ever nonzero: only they are cleared, scaled and stored (the rest of its row in
            // `ws.comm` stays zero, as allocated).
            let rows = || {
                let countries = self.nz_countries[m].iter().map(|&c| COUNTRY0 + c as usize);
                (0..COUNTRY0).chain(countries)
            };
            let vec = &mut ws.scratch;
            for x in rows() {
                vec[x] = [0.0; L];
            }
            let supply = &self.supply[op.supply.0 as usize..op.supply.1 as usize];
            let mut share_sum = [0.0; L];
            for s in supply {
                add_assign(&mut share_sum, &v[s.share as usize]);
            }
            for s in supply {
                let share = div(&v[s.share as usize], &share_sum);
                for &(pi, pw) in
                    &self.supply_producers[s.producers.0 as usize..s.producers.1 as usize]
                {
                    let fl = &ws.prod_flows[pi as usize];
                    let country = self.producers[pi as usize].country as usize;
                    let abroad = country != self.home;
                    // Products in locals, then one row at a time (see the producers above).
                    let mut part = [[0.0; L]; 5];
                    for l in 0..L {
                        let weight = share[l] * pw;
                        for (k, x) in part[..4].iter_mut().enumerate() {
                            x[l] = weight * fl[k][l];
                        }
                        part[4][l] = weight * (fl[0][l] + fl[1][l] + fl[2][l] + fl[3][l]);
                    }
                    add_assign(&mut vec[C_USED], &part[0]);
                    add_assign(&mut vec[C_WASTE], &part[1]);
                    add_assign(&mut vec[C_TAILINGS], &part[2]);
                    add_assign(&mut vec[C_RESIDUES], &part[3]);
                    add_assign(&mut vec[COUNTRY0 + country], &part[4]);
                    if abroad {
                        add_assign(&mut vec[USED_ABROAD], &part[0]);
                    }
                }
            }
            for a in &self.anc[op.anc.0 as usize..op.anc.1 as usize] {
                let amount = &v[a.amount as usize];
                match a.source {
                    AncSource::Commodity(src) => {
                        // An input consumed in processing: all of its TMR, its own used mass
                        // included, is ancillary (hidden) for this commodity.
                        let src = src as usize;
                        add_product!(&mut vec[a.cell], amount, &ws.comm_total[src]);
                        let src_vec = &ws.comm[src * w..(src + 1) * w];
                        for &c in &self.nz_countries[src] {
                            let c = COUNTRY0 + c as usize;
                            add_product!(&mut vec[c], amount, &src_vec[c]);
                        }
                    }
                    AncSource::Input { tmr, country } => {
                        let t = mul(amount, &v[tmr as usize]);
                        add_assign(&mut vec[a.cell], &t);
                        add_assign(&mut vec[COUNTRY0 + country as usize], &t);
                    }
                }
            }
            let r = &v[op.recycled as usize];
            // A lane without recycling is left as it is: `x·(1 − 0) + 0` is `x` exactly.
            if r.iter().any(|&r| r > 0.0) {
                let keep: [f64; L] = std::array::from_fn(|l| 1.0 - r[l]);
                for x in rows() {
                    for l in 0..L {
                        vec[x][l] *= keep[l];
                    }
                }
                let sec = mul(r, &v[op.secondary as usize]);
                add_assign(&mut vec[C_ANC_SMELT], &sec);
                add_assign(&mut vec[COUNTRY0 + self.home], &sec);
            }
            ws.comm_total[m] = sum_lanes(&vec[..CELLS]);
            let row = &mut ws.comm[m * w..(m + 1) * w];
            for x in rows() {
                row[x] = vec[x];
            }
        }
        for (pi, p) in self.pseudo.iter().enumerate() {
            let e = self.n_real + pi;
            // Writes the same entries every time (the rest of the row stays zero).
            let vec = &mut ws.comm[e * w..(e + 1) * w];
            let d = &v[p.direct as usize];
            let used: [f64; L] = std::array::from_fn(|l| match p.used_is_mass {
                true => d[l].min(1.0),
                false => 0.0,
            });
            vec[C_USED_DOWNSTREAM] = used;
            vec[C_DIRECT] = std::array::from_fn(|l| d[l] - used[l]);
            vec[COUNTRY0 + p.country as usize] = *d;
            if p.country as usize != self.home {
                vec[USED_ABROAD] = used;
            }
            ws.comm_total[e] = *d;
        }

        // 3. demand: materials → components → vehicles
        for (t, &(j, _, frac)) in self.mat_terms.iter().enumerate() {
            ws.mat_coef[t] = match frac {
                Some(f) => div(&v[f as usize], &v[self.mat_yield[j as usize] as usize]),
                None => ones,
            };
        }
        for (b, &(k, _, frac)) in self.bom_terms.iter().enumerate() {
            ws.bom_coef[b] = div(&v[frac as usize], &v[self.comp_yield[k as usize] as usize]);
        }
        ws.comp_dem.as_flattened_mut().fill(0.0);
        for &(dst, b, t) in &self.comp_dem_ops {
            add_product!(
                &mut ws.comp_dem[dst as usize],
                &ws.bom_coef[b as usize],
                &ws.mat_coef[t as usize],
            );
        }
        ws.veh_dem.as_flattened_mut().fill(0.0);
        for (pi, &(veh, k, mass)) in self.parts.iter().enumerate() {
            let kg = match mass {
                MassOp::Kg(s) => v[s as usize],
                MassOp::Battery { kwh, kg_per_kwh } => {
                    mul(&v[kwh as usize], &v[kg_per_kwh as usize])
                }
            };
            let t: [f64; L] = std::array::from_fn(|l| kg[l] * 1e-3);
            ws.part_mass[pi] = t;
            let (a, b) = self.comp_dem_range[k as usize];
            let row = &mut ws.veh_dem[veh as usize * self.n_ext..(veh as usize + 1) * self.n_ext];
            for e in a as usize..b as usize {
                add_product!(
                    &mut row[self.comp_dem_commodity[e] as usize],
                    &t,
                    &ws.comp_dem[e],
                );
            }
        }

        // 4. vehicle breakdowns and outputs
        let nc = self.n_countries;
        for veh in 0..self.n_built {
            let vv = &mut ws.veh_vec;
            vv.as_flattened_mut().fill(0.0);
            let o = &mut out[veh * self.vehicle_block..(veh + 1) * self.vehicle_block];
            let dem = &ws.veh_dem[veh * self.n_ext..(veh + 1) * self.n_ext];
            let h0 = self.hidden_commodity_slot(0);
            for (e, d) in dem[..self.n_real].iter().enumerate() {
                let cv = &ws.comm[e * w..(e + 1) * w];
                // The cells, then only the countries the commodity can reach (every other
                // entry of its row is zero); skipped where no lane demands the commodity:
                // `x + 0·c` is `x`.
                if d.iter().any(|&d| d != 0.0) {
                    for (x, c) in vv[..COUNTRY0].iter_mut().zip(&cv[..COUNTRY0]) {
                        add_product!(x, d, c);
                    }
                    for &c in &self.nz_countries[e] {
                        let c = COUNTRY0 + c as usize;
                        add_product!(&mut vv[c], d, &cv[c]);
                    }
                }
                let total = &ws.comm_total[e];
                o[vout::COMMODITY0 + e] = mul(d, total);
                o[h0 + e] = std::array::from_fn(|l| {
                    d[l] * (total[l] - cv[C_USED][l] - cv[C_USED_DOWNSTREAM][l])
                });
            }
            // Non-metallic pseudo-commodities fill four entries of their row; touch only those.
            let mut non_metallic = [0.0; L];
            let mut non_metallic_hidden = [0.0; L];
            for (pi, p) in self.pseudo.iter().enumerate() {
                let e = self.n_real + pi;
                let d = &dem[e];
                let cv = &ws.comm[e * w..(e + 1) * w];
                if d.iter().any(|&d| d != 0.0) {
                    let c = COUNTRY0 + p.country as usize;
                    for cell in [C_USED_DOWNSTREAM, C_DIRECT, USED_ABROAD, c] {
                        add_product!(&mut vv[cell], d, &cv[cell]);
                    }
                }
                add_product!(&mut non_metallic, d, &ws.comm_total[e]);
                add_product!(&mut non_metallic_hidden, d, &cv[C_DIRECT]);
            }
            o[vout::COMMODITY0 + self.n_real] = non_metallic;
            o[h0 + self.n_real] = non_metallic_hidden;
            let (pa, pb) = self.vehicle_parts[veh];
            let mass = sum_lanes(&ws.part_mass[pa as usize..pb as usize]);
            let tmr = sum_lanes(&vv[..CELLS]);
            for l in 0..L {
                let used = vv[C_USED][l] + vv[C_USED_DOWNSTREAM][l];
                let hidden = tmr[l] - used;
                let domestic = vv[COUNTRY0 + self.home][l];
                let abroad = tmr[l] - domestic;
                o[vout::TMR][l] = tmr[l];
                o[vout::HIDDEN][l] = hidden;
                o[vout::USED][l] = used;
                o[vout::MASS][l] = mass[l];
                o[vout::EFFICIENCY][l] = mass[l] / tmr[l];
                o[vout::SHARE_ABROAD][l] = (abroad - vv[USED_ABROAD][l]) / hidden;
                o[vout::DOMESTIC][l] = domestic;
                o[vout::ABROAD][l] = abroad;
            }
            o[vout::FLOW0..vout::STAGE0 + 4]
                .as_flattened_mut()
                .fill(0.0);
            for c in 0..CELLS {
                add_assign(&mut o[vout::FLOW0 + CELL_FLOW[c]], &vv[c]);
                add_assign(&mut o[vout::STAGE0 + CELL_STAGE[c]], &vv[c]);
            }
            let c0 = self.country_slot(0);
            o[c0..c0 + nc].copy_from_slice(&vv[COUNTRY0..COUNTRY0 + nc]);
        }

        // 5. fleets: every output is linear in the vehicle but two ratios, recomputed from sums.
        let block = self.vehicle_block;
        for (f, &(a, b)) in self.fleets.iter().enumerate() {
            let members = &self.fleet_members[a as usize..b as usize];
            let mut total = [0.0; L];
            for &(_, s) in members {
                add_assign(&mut total, &v[s as usize]);
            }
            let (built, fleet_blocks) = out.split_at_mut(self.n_built * block);
            let o = &mut fleet_blocks[f * block..(f + 1) * block];
            o.as_flattened_mut().fill(0.0);
            let mut hidden_abroad = [0.0; L];
            for &(m, s) in members {
                let weight = div(&v[s as usize], &total);
                let src = &built[m as usize * block..(m as usize + 1) * block];
                for (x, y) in o.iter_mut().zip(src) {
                    add_product!(x, &weight, y);
                }
                let (sa, hidden) = (&src[vout::SHARE_ABROAD], &src[vout::HIDDEN]);
                for l in 0..L {
                    hidden_abroad[l] += weight[l] * sa[l] * hidden[l];
                }
            }
            o[vout::EFFICIENCY] = div(&o[vout::MASS], &o[vout::TMR]);
            o[vout::SHARE_ABROAD] = div(&hidden_abroad, &o[vout::HIDDEN]);
        }

        // Items: TMR per t of commodity, material, component.
        let mut i = self.n_vehicles * self.vehicle_block;
        out[i..i + self.n_real].copy_from_slice(&ws.comm_total[..self.n_real]);
        i += self.n_real;
        let n_mat = self.mat_yield.len();
        out[i..i + n_mat].as_flattened_mut().fill(0.0);
        for (t, &(j, e, _)) in self.mat_terms.iter().enumerate() {
            add_product!(
                &mut out[i + j as usize],
                &ws.mat_coef[t],
                &ws.comm_total[e as usize],
            );
        }
        i += n_mat;
        for (k, &(a, b)) in self.comp_dem_range.iter().enumerate() {
            let x = &mut out[i + k];
            *x = [0.0; L];
            for e in a as usize..b as usize {
                let total = &ws.comm_total[self.comp_dem_commodity[e] as usize];
                add_product!(x, &ws.comp_dem[e], total);
            }
        }
    }

    /// Stage breakdown (mining, beneficiation, smelting/refining, downstream) per t of an
    /// extended commodity, after [`Plan::eval`] on `ws`. Slow path for reports.
    pub fn commodity_stages(&self, ws: &Workspace, e: usize) -> [f64; 4] {
        let cv = &ws.comm[e * self.width..(e + 1) * self.width];
        let mut s = [0.0; 4];
        for c in 0..CELLS {
            s[CELL_STAGE[c]] += cv[c][0];
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
                    s[i] += ws.mat_coef[t][0] * cs[i];
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
                s[i] += ws.comp_dem[e][0] * cs[i];
            }
        }
        s
    }

    /// Per producer after [`Plan::eval`] on a [`Plan::report_workspace`]: (allocation factor,
    /// flows per t of commodity: used, waste rock, tailings, residues). A [`Plan::workspace`]
    /// leaves the producers no output depends on at zero.
    pub fn producer_flows(&self, ws: &Workspace, p: usize) -> (f64, [f64; 4]) {
        (ws.alloc[p][0], ws.prod_flows[p].map(|f| f[0]))
    }

    /// Per producer after [`Plan::eval`] on a [`Plan::report_workspace`]: ore `O = 1/y` and
    /// concentrate `C` (t per t of refined commodity, before allocation; `C = O` without
    /// beneficiation), as the evaluation computed them.
    pub fn producer_ore_concentrate(&self, ws: &Workspace, p: usize) -> (f64, f64) {
        (ws.ore[p][0], ws.conc[p][0])
    }

    /// Flows per t of extended commodity `e` by flow type ([`FLOWS`] order) after
    /// [`Plan::eval`]: the sums of its breakdown cells.
    pub fn commodity_flows(&self, ws: &Workspace, e: usize) -> [f64; 6] {
        let cv = &ws.comm[e * self.width..(e + 1) * self.width];
        let mut f = [0.0; 6];
        for c in 0..CELLS {
            f[CELL_FLOW[c]] += cv[c][0];
        }
        f
    }

    /// After [`Plan::eval`]: every composition term as (material, extended commodity,
    /// coefficient): `a_jm / η_j`, or 1 for a material's own pseudo-commodity (its direct
    /// TMR), as the evaluation computed it.
    pub fn material_coefficients(&self, ws: &Workspace) -> Vec<(usize, usize, f64)> {
        self.mat_terms
            .iter()
            .zip(&ws.mat_coef)
            .map(|(&(j, e, _), c)| (j as usize, e as usize, c[0]))
            .collect()
    }

    /// After [`Plan::eval`]: every bill-of-materials term as (component, material,
    /// coefficient `b_kj / μ_k`), as the evaluation computed it.
    pub fn component_coefficients(&self, ws: &Workspace) -> Vec<(usize, usize, f64)> {
        self.bom_terms
            .iter()
            .zip(&ws.bom_coef)
            .map(|(&(k, j, _), c)| (k as usize, j as usize, c[0]))
            .collect()
    }

    /// After [`Plan::eval`]: every part of a built vehicle as (vehicle, component, mass in t),
    /// as the evaluation computed it.
    pub fn part_masses(&self, ws: &Workspace) -> Vec<(usize, usize, f64)> {
        self.parts
            .iter()
            .zip(&ws.part_mass)
            .map(|(&(v, k, _), m)| (v as usize, k as usize, m[0]))
            .collect()
    }

    /// Supply weights of one parameter vector: (commodity, producer, `s̃_c · w_p`), the share of
    /// each producer in its commodity's primary supply before the recycled share, with the
    /// shares renormalised per draw in the order the evaluation sums them.
    pub fn supply_weights(&self, v: &[f64]) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for op in &self.commodities {
            let supply = &self.supply[op.supply.0 as usize..op.supply.1 as usize];
            let mut share_sum = 0.0;
            for s in supply {
                share_sum += v[s.share as usize];
            }
            for s in supply {
                let share = v[s.share as usize] / share_sum;
                for &(pi, pw) in
                    &self.supply_producers[s.producers.0 as usize..s.producers.1 as usize]
                {
                    out.push((op.commodity as usize, pi as usize, share * pw));
                }
            }
        }
        out
    }

    /// Fleet weights of one parameter vector: (fleet vehicle, member vehicle, `s_v / Σ s`).
    pub fn fleet_weights(&self, v: &[f64]) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for (f, &(a, b)) in self.fleets.iter().enumerate() {
            let members = &self.fleet_members[a as usize..b as usize];
            let mut total = 0.0;
            for &(_, s) in members {
                total += v[s as usize];
            }
            for &(m, s) in members {
                out.push((self.n_built + f, m as usize, v[s as usize] / total));
            }
        }
        out
    }
}

/// Every output of the plan, in slot order: per vehicle a block of the headline outputs and
/// the breakdowns, then each commodity's, material's and component's TMR per t. Returns the
/// catalogue and the size of a vehicle's block.
fn output_catalogue(model: &Model) -> (Vec<OutputDesc>, usize) {
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
    (outputs, vehicle_block)
}

/// The vehicles' parts and the fleets' members, as index lists.
struct VehicleOps {
    parts: Vec<(u32, u32, MassOp)>,
    vehicle_parts: Vec<(u32, u32)>,
    n_built: usize,
    fleets: Vec<(u32, u32)>,
    fleet_members: Vec<(u32, u32)>,
}

impl VehicleOps {
    fn compile(model: &Model) -> VehicleOps {
        let slot = |p: ParamId| p.0;
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
        VehicleOps {
            parts,
            vehicle_parts,
            n_built,
            fleets,
            fleet_members,
        }
    }
}

/// The producers and groups that the outputs need, and every one (see [`Plan`]'s `needed`).
fn producer_sets(
    n_producers: usize,
    groups: &[(u32, u32)],
    group_members: &[u32],
    supply_producers: &[(u32, f64)],
) -> (ProducerSet, ProducerSet) {
    let mut flows = vec![false; n_producers];
    for &(pi, _) in supply_producers {
        flows[pi as usize] = true;
    }
    let mut yields = flows.clone();
    let mut needed_groups = Vec::new();
    for (g, &(a, b)) in groups.iter().enumerate() {
        let members = &group_members[a as usize..b as usize];
        if members.iter().any(|&m| flows[m as usize]) {
            needed_groups.push(g as u32);
            for &m in members {
                yields[m as usize] = true;
            }
        }
    }
    let indices = |mask: &[bool]| {
        (0..n_producers as u32)
            .filter(|&i| mask[i as usize])
            .collect()
    };
    let needed = ProducerSet {
        yields: indices(&yields),
        groups: needed_groups,
        flows: indices(&flows),
    };
    let every = ProducerSet {
        yields: (0..n_producers as u32).collect(),
        groups: (0..groups.len() as u32).collect(),
        flows: (0..n_producers as u32).collect(),
    };
    (needed, every)
}

/// `x += y`, lane by lane.
#[inline(always)]
fn add_assign<const L: usize>(x: &mut [f64; L], y: &[f64; L]) {
    for l in 0..L {
        x[l] += y[l];
    }
}

/// `x += a·b`, lane by lane (rounded twice, as written: no fused multiply-add), in vectors of
/// `W` lanes (see [`Plan::eval_simd`]).
///
/// This is the evaluation's inner loop (the vehicles' breakdown rows). Written as a plain lane
/// loop, the compiler vectorises the loop *around* it instead, gathering one lane of several
/// rows per register; the processor's vector operations keep each register within one row.
///
/// # Safety
///
/// The processor must have the instructions of `W` lanes: AVX for `W = 4`, AVX-512F for
/// `W = 8` (`W = 2` needs only SSE2, which every x86-64 has). [`Plan::eval_simd`]'s contract
/// is the same, and it is the only caller.
#[inline(always)]
unsafe fn add_product<const L: usize, const W: usize>(
    x: &mut [f64; L],
    a: &[f64; L],
    b: &[f64; L],
) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let (x, a, b) = (x.as_mut_ptr(), a.as_ptr(), b.as_ptr());
        if W == 8 && L.is_multiple_of(8) {
            for k in (0..L).step_by(8) {
                // SAFETY: k + 8 ≤ L, so every read and write stays within the three arrays;
                // unaligned loads and stores need no alignment; AVX-512F is the caller's contract.
                unsafe {
                    let p = _mm512_mul_pd(_mm512_loadu_pd(a.add(k)), _mm512_loadu_pd(b.add(k)));
                    _mm512_storeu_pd(x.add(k), _mm512_add_pd(_mm512_loadu_pd(x.add(k)), p));
                }
            }
            return;
        }
        if W >= 4 && L.is_multiple_of(4) {
            for k in (0..L).step_by(4) {
                // SAFETY: k + 4 ≤ L (within the arrays); unaligned access; AVX is the caller's
                // contract.
                unsafe {
                    let p = _mm256_mul_pd(_mm256_loadu_pd(a.add(k)), _mm256_loadu_pd(b.add(k)));
                    _mm256_storeu_pd(x.add(k), _mm256_add_pd(_mm256_loadu_pd(x.add(k)), p));
                }
            }
            return;
        }
        if L.is_multiple_of(2) {
            for k in (0..L).step_by(2) {
                // SAFETY: k + 2 ≤ L (within the arrays); unaligned access; SSE2 is part of
                // x86-64.
                unsafe {
                    let p = _mm_mul_pd(_mm_loadu_pd(a.add(k)), _mm_loadu_pd(b.add(k)));
                    _mm_storeu_pd(x.add(k), _mm_add_pd(_mm_loadu_pd(x.add(k)), p));
                }
            }
            return;
        }
    }
    for l in 0..L {
        x[l] += a[l] * b[l];
    }
}

#[inline(always)]
fn mul<const L: usize>(a: &[f64; L], b: &[f64; L]) -> [f64; L] {
    std::array::from_fn(|l| a[l] * b[l])
}

#[inline(always)]
fn div<const L: usize>(a: &[f64; L], b: &[f64; L]) -> [f64; L] {
    std::array::from_fn(|l| a[l] / b[l])
}

/// Lane-wise sum of `xs` in order.
#[inline(always)]
fn sum_lanes<const L: usize>(xs: &[[f64; L]]) -> [f64; L] {
    let mut s = [0.0; L];
    for x in xs {
        add_assign(&mut s, x);
    }
    s
}
