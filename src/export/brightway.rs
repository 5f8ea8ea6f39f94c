//! `hiddenflow export brightway OUT`: the model as a Brightway database description.
//!
//! The compiled model becomes a graph of activities (one reference product each, amount 1) and
//! exchanges. Each exchange amount is a [`Term`]: a quantity read from one evaluation of the
//! plan ([`Plan::eval`] on a report workspace and the plan's own accessors), so the amounts of a
//! draw are those the evaluation used, and the database's LCA reproduces the model's outputs
//! (checked on every export at best estimates, and per draw by the tests). Activities:
//!
//! - `mining` per stripping ratio (a mine, a residual producer, a joint residual): 1 t ore,
//!   emitting `SR` t waste rock;
//! - `beneficiation` per producer with a concentrate grade: 1 t concentrate, from `O/C` t ore,
//!   emitting `(O − C)/C` t tailings;
//! - `smelting_refining` per producer: 1 t refined commodity, from `f·C` t concentrate (or ore
//!   without beneficiation), emitting `f` t used extraction and `f·(C − 1)` t residues;
//! - `market` per commodity: 1 t of the commodity as supplied, from each producer
//!   `(1 − r)·s̃_c·w_p`, each ancillary input `(1 − r)·amount`, and `r` t secondary material;
//! - `secondary` per commodity (`S` t ancillary per t), `input` per ancillary input (its TMR per
//!   unit, ancillary), `direct` per material with a direct TMR (used and direct flows);
//! - `material` (`a/η` t of each commodity, 1 t of its direct TMR), `component` (`b/μ` t of
//!   each material), `vehicle` (t of each component), `fleet` (each member's weight).
//!
//! A commodity consumed as an ancillary input (coal) counts its whole TMR as the user's
//! `ancillary` flow: it has a second chain (`view = ancillary`) whose activities have the same
//! exchanges, with every biosphere flow mapped to `ancillary`.

use super::npy;
use crate::config::{Flags, RunConfig};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{AncillarySource, Model, ParamId, PartMass};
use crate::plan::{FLOWS, Plan, Workspace, vout};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Index of the `ancillary` flow in [`FLOWS`].
const ANCILLARY: usize = 4;
const USED: usize = 0;
const WASTE_ROCK: usize = 1;
const TAILINGS: usize = 2;
const RESIDUES: usize = 3;
const DIRECT: usize = 5;

/// Draws the marginals are fitted from when `--samples` is not given.
pub const FIT_SAMPLES: u64 = 8192;

/// stats_arrays uncertainty ids.
pub mod stats_arrays {
    pub const UNDEFINED: u8 = 0;
    pub const LOGNORMAL: u8 = 2;
    pub const NORMAL: u8 = 3;
    pub const UNIFORM: u8 = 4;
    pub const TRIANGULAR: u8 = 5;
    pub const BETA: u8 = 10;
    pub const BETA_PERT: u8 = 13;
}

/// Which chain an activity belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// Flows as the model types them.
    Own,
    /// The chain of a commodity consumed as an ancillary input: every flow is `ancillary`.
    Ancillary,
}

impl View {
    fn flow(self, f: usize) -> usize {
        match self {
            View::Own => f,
            View::Ancillary => ANCILLARY,
        }
    }
    fn suffix(self) -> &'static str {
        match self {
            View::Own => "",
            View::Ancillary => "@ancillary",
        }
    }
}

/// How an exchange amount follows from one evaluation of the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Term {
    /// A parameter's value times a constant.
    Param(ParamId, f64),
    /// Ore per t of concentrate of a producer, `O/C`.
    OrePerConcentrate(usize),
    /// Tailings per t of concentrate, `(O − C)/C`.
    TailingsPerConcentrate(usize),
    /// Concentrate (ore without beneficiation) per t of refined commodity, allocated: `f·C`.
    AllocatedConcentrate(usize),
    /// The producer's allocated used extraction, `f`.
    ProducerUsed(usize),
    /// The producer's allocated residues, `f·(C − 1)`.
    ProducerResidues(usize),
    /// `(1 − r)·s̃_c·w_p`: entry `weight` of [`Plan::supply_weights`], `r` the recycled share.
    Supply { weight: usize, recycled: ParamId },
    /// `(1 − r)·amount` of an ancillary input.
    Ancillary { amount: ParamId, recycled: ParamId },
    /// Flow `flow` per t of extended commodity `e` ([`Plan::commodity_flows`]).
    CommodityFlow { e: usize, flow: usize },
    /// Entry of [`Plan::material_coefficients`].
    MaterialCoef(usize),
    /// Entry of [`Plan::component_coefficients`].
    ComponentCoef(usize),
    /// Entry of [`Plan::part_masses`] (t).
    PartMass(usize),
    /// Entry of [`Plan::fleet_weights`].
    FleetWeight(usize),
}

/// Where an exchange comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Activity(usize),
    Flow(usize),
}

#[derive(Clone, Debug)]
pub struct Exchange {
    pub input: Source,
    /// The amount is the sum of these terms (usually one).
    pub terms: Vec<Term>,
    /// The amount is `k·p` for one parameter `p` and a constant `k`: its distribution is `p`'s
    /// scaled (see [`marginal`]).
    pub scaled_param: Option<(ParamId, f64)>,
}

#[derive(Clone, Debug)]
pub struct Activity {
    pub code: String,
    pub name: String,
    pub product: String,
    pub unit: String,
    pub location: String,
    /// `mining`, `beneficiation`, `smelting_refining`, `market`, `secondary`, `input`, `direct`,
    /// `material`, `component`, `vehicle`, `fleet`.
    pub kind: &'static str,
    pub view: View,
    pub exchanges: Vec<Exchange>,
}

/// The model as activities and exchanges.
#[derive(Clone, Debug)]
pub struct Graph {
    pub activities: Vec<Activity>,
    /// Per vehicle of the model (fleets included), its activity.
    pub vehicles: Vec<usize>,
    /// Activities in an order where every consumer comes before what it consumes.
    order: Vec<usize>,
}

/// The per-draw quantities the terms read.
pub struct Evaluation<'a> {
    plan: &'a Plan,
    ws: Workspace,
    out: Vec<f64>,
    v: Vec<f64>,
    supply: Vec<(usize, usize, f64)>,
    materials: Vec<(usize, usize, f64)>,
    components: Vec<(usize, usize, f64)>,
    parts: Vec<(usize, usize, f64)>,
    fleets: Vec<(usize, usize, f64)>,
}

impl<'a> Evaluation<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        Evaluation {
            plan,
            ws: plan.report_workspace(),
            out: vec![0.0; plan.n_outputs()],
            v: Vec::new(),
            supply: Vec::new(),
            materials: Vec::new(),
            components: Vec::new(),
            parts: Vec::new(),
            fleets: Vec::new(),
        }
    }

    /// Evaluates the plan on `v` (every producer, for the exchanges of the whole model).
    pub fn eval(&mut self, v: &[f64]) {
        self.plan.eval(v, &mut self.ws, &mut self.out);
        self.v.clear();
        self.v.extend_from_slice(v);
        self.supply = self.plan.supply_weights(v);
        self.materials = self.plan.material_coefficients(&self.ws);
        self.components = self.plan.component_coefficients(&self.ws);
        self.parts = self.plan.part_masses(&self.ws);
        self.fleets = self.plan.fleet_weights(v);
    }

    /// The plan's outputs of the last [`Evaluation::eval`].
    pub fn outputs(&self) -> &[f64] {
        &self.out
    }

    fn param(&self, p: ParamId) -> f64 {
        self.v[p.0 as usize]
    }

    pub fn term(&self, t: Term) -> f64 {
        let plan = self.plan;
        let ws = &self.ws;
        match t {
            Term::Param(p, k) => k * self.param(p),
            Term::OrePerConcentrate(p) => {
                let (o, c) = plan.producer_ore_concentrate(ws, p);
                o / c
            }
            Term::TailingsPerConcentrate(p) => {
                let (o, c) = plan.producer_ore_concentrate(ws, p);
                (o - c) / c
            }
            Term::AllocatedConcentrate(p) => {
                let (f, _) = plan.producer_flows(ws, p);
                f * plan.producer_ore_concentrate(ws, p).1
            }
            Term::ProducerUsed(p) => plan.producer_flows(ws, p).1[0],
            Term::ProducerResidues(p) => plan.producer_flows(ws, p).1[3],
            Term::Supply { weight, recycled } => {
                (1.0 - self.param(recycled)) * self.supply[weight].2
            }
            Term::Ancillary { amount, recycled } => {
                (1.0 - self.param(recycled)) * self.param(amount)
            }
            Term::CommodityFlow { e, flow } => plan.commodity_flows(ws, e)[flow],
            Term::MaterialCoef(i) => self.materials[i].2,
            Term::ComponentCoef(i) => self.components[i].2,
            Term::PartMass(i) => self.parts[i].2,
            Term::FleetWeight(i) => self.fleets[i].2,
        }
    }

    /// Every exchange's amount, activity after activity, exchange after exchange.
    pub fn amounts(&self, g: &Graph) -> Vec<f64> {
        let mut a = Vec::new();
        for act in &g.activities {
            for x in &act.exchanges {
                a.push(x.terms.iter().map(|&t| self.term(t)).sum());
            }
        }
        a
    }
}

/// Builds the activity graph of a model and its compiled plan.
///
/// The steps run upstream to downstream, so every activity exists before its consumers point
/// at it, and the activities come out in the same order on every export.
pub fn graph(model: &Model, plan: &Plan) -> Graph {
    let mut s = Steps::new(model, plan);
    s.add_producers();
    let inputs = s.add_inputs();
    let secondary = s.add_secondary();
    let markets = s.add_markets(&inputs, &secondary);
    let direct = s.add_direct();
    let materials = s.add_materials(&direct, &markets);
    let components = s.add_components(&materials);
    let vehicles = s.add_vehicles(&components);
    s.finish(vehicles)
}

/// What the steps of [`graph`] share: the model, the activities built so far, one evaluation at
/// best estimates (for the plan's structural index lists), the home country, and which
/// commodities also need an ancillary chain.
struct Steps<'a> {
    model: &'a Model,
    b: GraphBuilder,
    ev: Evaluation<'a>,
    home: String,
    anc_view: Vec<bool>,
}

/// Commodities whose chain is also needed as an ancillary input, transitively: a commodity
/// consumed as an ancillary input (coal), and whatever its own chain consumes as one, since
/// the whole upstream of that input counts as the user's `ancillary` flow.
fn ancillary_view(model: &Model) -> Vec<bool> {
    let mut anc_view = vec![false; model.commodities.len()];
    let mut stack: Vec<usize> = model
        .ancillaries
        .iter()
        .filter_map(|a| match a.source {
            AncillarySource::Commodity(s) => Some(s),
            AncillarySource::Input(_) => None,
        })
        .collect();
    while let Some(c) = stack.pop() {
        if !anc_view[c] {
            anc_view[c] = true;
            for a in model.ancillaries.iter().filter(|a| a.commodity == c) {
                if let AncillarySource::Commodity(s) = a.source {
                    stack.push(s);
                }
            }
        }
    }
    anc_view
}

impl<'a> Steps<'a> {
    /// Starts an empty graph. The index lists of the plan's per-draw accessors are structural,
    /// so one evaluation at best estimates is read once for all steps.
    fn new(model: &'a Model, plan: &'a Plan) -> Self {
        let b = GraphBuilder {
            acts: Vec::new(),
            index: HashMap::new(),
        };
        let home = model.countries[model.home].clone();
        let mut ev = Evaluation::new(plan);
        ev.eval(&model.best_values());
        let anc_view = ancillary_view(model);
        Steps {
            model,
            b,
            ev,
            home,
            anc_view,
        }
    }

    /// The chains commodity `c` has: its own, plus the ancillary one when it is (transitively)
    /// consumed as an ancillary input.
    fn views(&self, c: usize) -> Vec<View> {
        match self.anc_view[c] {
            true => vec![View::Own, View::Ancillary],
            false => vec![View::Own],
        }
    }

    /// Whether parameter `p` is a constant (an amount proportional to it is then a scaled
    /// marginal of another parameter).
    fn fixed(&self, p: ParamId) -> bool {
        self.model.param(p).dist.is_fixed()
    }

    /// The name of country `c`, as an activity's location.
    fn country(&self, c: usize) -> String {
        self.model.countries[c].clone()
    }

    /// Mines, beneficiation, smelting and refining: the chain of every producer, once per view
    /// of its commodity, so that the markets can draw on each producer's refined output.
    fn add_producers(&mut self) {
        let model = self.model;
        for (pi, p) in model.producers.iter().enumerate() {
            for view in self.views(p.commodity) {
                let mining = self.mining(pi, view);
                let upstream = match p.concentrate_grade {
                    Some(_) => self.beneficiation(pi, view, mining),
                    None => mining,
                };
                self.smelting_refining(pi, view, upstream);
            }
        }
    }

    /// The mining activity of producer `pi` in `view`: one per stripping ratio, so producers
    /// sharing a mine (residual and joint producers) share it; reused when it exists already.
    fn mining(&mut self, pi: usize, view: View) -> usize {
        let model = self.model;
        let p = &model.producers[pi];
        let sr = model.param(p.stripping_ratio);
        let mine_name = match p.mine {
            Some(m) => model.mines[m].name.clone(),
            None => sr.name.trim_end_matches(":stripping_ratio").to_string(),
        };
        let mining_key = format!(
            "mining:{}{}",
            sr.name.trim_end_matches(":stripping_ratio"),
            view.suffix()
        );
        match self.b.index.get(&mining_key) {
            Some(&i) => i,
            None => {
                let location = self.country(p.country);
                self.b.add(Activity {
                    code: mining_key.clone(),
                    name: format!("mining, {mine_name}"),
                    product: "ore".into(),
                    unit: "ton".into(),
                    location,
                    kind: "mining",
                    view,
                    exchanges: vec![Exchange {
                        input: Source::Flow(view.flow(WASTE_ROCK)),
                        terms: vec![Term::Param(p.stripping_ratio, 1.0)],
                        scaled_param: Some((p.stripping_ratio, 1.0)),
                    }],
                })
            }
        }
    }

    /// The beneficiation of producer `pi` in `view`: 1 t concentrate from the ore of `mining`,
    /// emitting the tailings.
    fn beneficiation(&mut self, pi: usize, view: View, mining: usize) -> usize {
        let p = &self.model.producers[pi];
        let com = &self.model.commodities[p.commodity];
        let location = self.country(p.country);
        self.b.add(Activity {
            code: format!("beneficiation:{}{}", p.label, view.suffix()),
            name: format!("beneficiation, {}", p.label),
            product: format!("{} concentrate", com.name),
            unit: "ton".into(),
            location,
            kind: "beneficiation",
            view,
            exchanges: vec![
                Exchange::technosphere(mining, Term::OrePerConcentrate(pi)),
                Exchange::new(
                    Source::Flow(view.flow(TAILINGS)),
                    Term::TailingsPerConcentrate(pi),
                ),
            ],
        })
    }

    /// The smelting and refining of producer `pi` in `view`: 1 t refined commodity from its
    /// allocated concentrate (or ore), carrying the allocated used extraction and residues.
    fn smelting_refining(&mut self, pi: usize, view: View, upstream: usize) {
        let p = &self.model.producers[pi];
        let com = &self.model.commodities[p.commodity];
        let mut smelting = Activity {
            code: format!("smelting_refining:{}{}", p.label, view.suffix()),
            name: format!("smelting and refining, {}", p.label),
            product: com.name.clone(),
            unit: "ton".into(),
            location: self.country(p.country),
            kind: "smelting_refining",
            view,
            exchanges: vec![Exchange::technosphere(
                upstream,
                Term::AllocatedConcentrate(pi),
            )],
        };
        smelting.push(Source::Flow(view.flow(USED)), Term::ProducerUsed(pi));
        smelting.push(
            Source::Flow(view.flow(RESIDUES)),
            Term::ProducerResidues(pi),
        );
        self.b.add(smelting);
    }

    /// The ancillary inputs of inputs.csv, each its TMR per unit as `ancillary` flow; returns
    /// their activities, per input, for the markets that consume them.
    fn add_inputs(&mut self) -> Vec<usize> {
        let model = self.model;
        model
            .inputs
            .iter()
            .map(|inp| {
                let location = self.country(inp.country);
                self.b.add(Activity {
                    code: format!("input:{}", inp.id),
                    name: inp.name.clone(),
                    product: inp.name.clone(),
                    unit: inp.unit.clone(),
                    location,
                    kind: "input",
                    view: View::Own,
                    exchanges: vec![Exchange::param(Source::Flow(ANCILLARY), inp.tmr)],
                })
            })
            .collect()
    }

    /// Secondary material of every commodity that can be recycled (a recycled share not fixed
    /// at zero), its TMR as `ancillary` flow; returns the activity per commodity, if any.
    fn add_secondary(&mut self) -> Vec<Option<usize>> {
        let model = self.model;
        let mut secondary = vec![None; model.commodities.len()];
        for (ci, c) in model.commodities.iter().enumerate() {
            let r = model.param(c.recycled_share);
            if self.fixed(c.recycled_share) && r.best == 0.0 {
                continue;
            }
            secondary[ci] = Some(self.b.add(Activity {
                code: format!("secondary:{}", c.id),
                name: format!("secondary {}", c.name),
                product: format!("secondary {}", c.name),
                unit: "ton".into(),
                location: self.home.clone(),
                kind: "secondary",
                view: View::Own,
                exchanges: vec![Exchange::param(Source::Flow(ANCILLARY), c.secondary_tmr)],
            }));
        }
        secondary
    }

    /// The market of every commodity in each of its views, in the model's dependency order so
    /// that an ancillary commodity's market exists before its users' markets point at it;
    /// returns the market per (commodity, view).
    fn add_markets(
        &mut self,
        inputs: &[usize],
        secondary: &[Option<usize>],
    ) -> BTreeMap<(usize, View), usize> {
        let model = self.model;
        let mut markets: BTreeMap<(usize, View), usize> = BTreeMap::new();
        for &ci in &model.commodity_order {
            for view in self.views(ci) {
                let act = self.market(ci, view, inputs, secondary, &markets);
                let i = self.b.add(act);
                markets.insert((ci, view), i);
            }
        }
        markets
    }

    /// The market of commodity `ci` in `view`: 1 t as supplied, from each producer's refining
    /// (its supply weight, net of recycling), each ancillary input (net of recycling) and the
    /// recycled share of secondary material.
    fn market(
        &self,
        ci: usize,
        view: View,
        inputs: &[usize],
        secondary: &[Option<usize>],
        markets: &BTreeMap<(usize, View), usize>,
    ) -> Activity {
        let model = self.model;
        let c = &model.commodities[ci];
        let mut act = Activity {
            code: format!("market:{}{}", c.id, view.suffix()),
            name: format!("market for {}, supply mix", c.name),
            product: c.name.clone(),
            unit: "ton".into(),
            location: self.home.clone(),
            kind: "market",
            view,
            exchanges: Vec::new(),
        };
        for (i, &(m, p, _)) in self.ev.supply.iter().enumerate() {
            if m != ci {
                continue;
            }
            let code = format!(
                "smelting_refining:{}{}",
                model.producers[p].label,
                view.suffix()
            );
            let term = Term::Supply {
                weight: i,
                recycled: c.recycled_share,
            };
            act.push(Source::Activity(self.b.index[&code]), term);
        }
        for a in model.ancillaries.iter().filter(|a| a.commodity == ci) {
            let src = match a.source {
                AncillarySource::Input(i) => inputs[i],
                AncillarySource::Commodity(s) => markets[&(s, View::Ancillary)],
            };
            let term = Term::Ancillary {
                amount: a.amount,
                recycled: c.recycled_share,
            };
            let scaled = self
                .fixed(c.recycled_share)
                .then(|| (a.amount, 1.0 - model.param(c.recycled_share).best));
            act.push_scaled(Source::Activity(src), term, scaled);
        }
        if let Some(s) = secondary[ci] {
            // r t of secondary material
            let r = c.recycled_share;
            act.push_scaled(Source::Activity(s), Term::Param(r, 1.0), Some((r, 1.0)));
        }
        act
    }

    /// The direct TMR of every material that has one: the plan's pseudo-commodities, numbered
    /// after the commodities in material order. Returns the activity per extended commodity.
    fn add_direct(&mut self) -> HashMap<usize, usize> {
        let model = self.model;
        let mut direct = HashMap::new();
        let mut e = model.commodities.len();
        for m in &model.materials {
            if m.direct_tmr.is_none() {
                continue;
            }
            let mut act = Activity {
                code: format!("direct:{}", m.id),
                name: format!("direct TMR of {}", m.name),
                product: format!("direct TMR of {}", m.name),
                unit: "ton".into(),
                location: self.country(m.direct_country),
                kind: "direct",
                view: View::Own,
                exchanges: Vec::new(),
            };
            if m.composition.is_empty() {
                act.push(Source::Flow(USED), Term::CommodityFlow { e, flow: USED });
            }
            act.push(
                Source::Flow(DIRECT),
                Term::CommodityFlow { e, flow: DIRECT },
            );
            if !m.composition.is_empty() {
                act.exchanges[0].scaled_param = m.direct_tmr.map(|d| (d, 1.0));
            }
            direct.insert(e, self.b.add(act));
            e += 1;
        }
        direct
    }

    /// Every material: `a/η` t of each commodity (from its own-view market) and 1 t of its
    /// direct TMR. Returns the activity per material.
    fn add_materials(
        &mut self,
        direct: &HashMap<usize, usize>,
        markets: &BTreeMap<(usize, View), usize>,
    ) -> Vec<usize> {
        let model = self.model;
        let mut materials = Vec::new();
        for (j, m) in model.materials.iter().enumerate() {
            let mut act = Activity {
                code: format!("material:{}", m.id),
                name: m.name.clone(),
                product: m.name.clone(),
                unit: "ton".into(),
                location: self.home.clone(),
                kind: "material",
                view: View::Own,
                exchanges: Vec::new(),
            };
            for (i, &(mj, e, _)) in self.ev.materials.iter().enumerate() {
                if mj != j {
                    continue;
                }
                let src = match direct.get(&e) {
                    Some(&d) => d,
                    None => markets[&(e, View::Own)],
                };
                // a/η: a multiple of the fraction when the yield is fixed
                let scaled = match e < model.commodities.len() && self.fixed(m.process_yield) {
                    true => m.composition.iter().find(|c| c.0 == e).map(|c| c.1),
                    false => None,
                };
                let scaled = scaled.map(|f| (f, 1.0 / model.param(m.process_yield).best));
                act.push_scaled(Source::Activity(src), Term::MaterialCoef(i), scaled);
            }
            materials.push(self.b.add(act));
        }
        materials
    }

    /// Every component: `b/μ` t of each material of its bill of materials. Returns the activity
    /// per component.
    fn add_components(&mut self, materials: &[usize]) -> Vec<usize> {
        let model = self.model;
        let mut components = Vec::new();
        for (k, c) in model.components.iter().enumerate() {
            let mut act = Activity {
                code: format!("component:{}", c.id),
                name: c.name.clone(),
                product: c.name.clone(),
                unit: "ton".into(),
                location: self.home.clone(),
                kind: "component",
                view: View::Own,
                exchanges: Vec::new(),
            };
            for (i, &(kk, j, _)) in self.ev.components.iter().enumerate() {
                if kk != k {
                    continue;
                }
                // b/μ: a multiple of the fraction when the yield is fixed
                let scaled = match self.fixed(c.manufacturing_yield) {
                    true => c.bom.iter().find(|b| b.0 == j).map(|b| b.1),
                    false => None,
                };
                let scaled = scaled.map(|f| (f, 1.0 / model.param(c.manufacturing_yield).best));
                act.push_scaled(
                    Source::Activity(materials[j]),
                    Term::ComponentCoef(i),
                    scaled,
                );
            }
            components.push(self.b.add(act));
        }
        components
    }

    /// Vehicles, then fleets (a fleet is a vehicle of the model whose members come before it):
    /// the mass of each part from its component, and a fleet's weight of each member. Returns
    /// the activity per vehicle.
    fn add_vehicles(&mut self, components: &[usize]) -> Vec<usize> {
        let model = self.model;
        let mut vehicles = Vec::new();
        for (vi, veh) in model.vehicles.iter().enumerate() {
            let kind = if veh.fleet.is_some() {
                "fleet"
            } else {
                "vehicle"
            };
            let mut act = Activity {
                code: format!("{kind}:{}", veh.id),
                name: veh.name.clone(),
                product: veh.name.clone(),
                unit: "unit".into(),
                location: self.home.clone(),
                kind,
                view: View::Own,
                exchanges: Vec::new(),
            };
            for (i, &(v, k, _)) in self.ev.parts.iter().enumerate() {
                if v != vi {
                    continue;
                }
                let scaled = self.part_scale(vi, k);
                act.push_scaled(Source::Activity(components[k]), Term::PartMass(i), scaled);
            }
            for (i, &(f, m, _)) in self.ev.fleets.iter().enumerate() {
                if f == vi {
                    act.push(Source::Activity(vehicles[m]), Term::FleetWeight(i));
                }
            }
            vehicles.push(self.b.add(act));
        }
        vehicles
    }

    /// The part mass of component `k` in vehicle `vi` (t) as `k·p` for one parameter, when it
    /// is one: a mass in kg, or a battery whose capacity or pack density is fixed.
    fn part_scale(&self, vi: usize, k: usize) -> Option<(ParamId, f64)> {
        let model = self.model;
        let veh = &model.vehicles[vi];
        let mass = veh.parts.iter().find(|p| p.0 == k).map(|p| p.1);
        let (kwh, pack) = (veh.battery_kwh, veh.pack_kg_per_kwh);
        match (mass, kwh, pack) {
            (Some(PartMass::Kg(p)), _, _) => Some((p, 1e-3)),
            // kWh × kg/kWh: a multiple of whichever of the two is uncertain
            (Some(PartMass::Battery), Some(e), Some(k)) if self.fixed(k) => {
                Some((e, model.param(k).best * 1e-3))
            }
            (Some(PartMass::Battery), Some(e), Some(k)) if self.fixed(e) => {
                Some((k, model.param(e).best * 1e-3))
            }
            _ => None,
        }
    }

    /// The final ordering: the graph with its activities in a consumer-first order, which the
    /// inventory's substitution walks.
    fn finish(self, vehicles: Vec<usize>) -> Graph {
        let order = consumer_order(&self.b.acts);
        Graph {
            activities: self.b.acts,
            vehicles,
            order,
        }
    }
}

struct GraphBuilder {
    acts: Vec<Activity>,
    index: HashMap<String, usize>,
}

impl GraphBuilder {
    fn add(&mut self, a: Activity) -> usize {
        let i = self.acts.len();
        let previous = self.index.insert(a.code.clone(), i);
        assert!(previous.is_none(), "duplicate activity code {}", a.code);
        self.acts.push(a);
        i
    }
}

impl Exchange {
    fn new(input: Source, term: Term) -> Self {
        Exchange {
            input,
            terms: vec![term],
            scaled_param: None,
        }
    }
    fn technosphere(a: usize, term: Term) -> Self {
        Exchange::new(Source::Activity(a), term)
    }
    fn param(input: Source, p: ParamId) -> Self {
        Exchange {
            input,
            terms: vec![Term::Param(p, 1.0)],
            scaled_param: Some((p, 1.0)),
        }
    }
}

impl Activity {
    /// Adds a term to the exchange from `input`, or a new exchange: one exchange per input,
    /// as a matrix entry is (an array datapackage replaces entries, it does not add them).
    fn push(&mut self, input: Source, term: Term) {
        self.push_scaled(input, term, None);
    }

    /// [`Activity::push`] of a term that is `k·p` for one parameter (`scaled`), which the
    /// exchange keeps while it has that one term.
    fn push_scaled(&mut self, input: Source, term: Term, scaled: Option<(ParamId, f64)>) {
        match self.exchanges.iter_mut().find(|x| x.input == input) {
            Some(x) => {
                x.terms.push(term);
                x.scaled_param = None;
            }
            None => self.exchanges.push(Exchange {
                input,
                terms: vec![term],
                scaled_param: scaled,
            }),
        }
    }
}

/// A topological order, consumers first (the supply chain is acyclic: the model rejects a
/// cycle among commodities, and every other exchange points upstream).
fn consumer_order(acts: &[Activity]) -> Vec<usize> {
    let n = acts.len();
    let mut consumers = vec![0usize; n];
    for a in acts {
        for x in &a.exchanges {
            if let Source::Activity(s) = x.input {
                consumers[s] += 1;
            }
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| consumers[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        order.push(i);
        for x in &acts[i].exchanges {
            if let Source::Activity(s) = x.input {
                consumers[s] -= 1;
                if consumers[s] == 0 {
                    ready.push(s);
                }
            }
        }
    }
    assert_eq!(order.len(), n, "the activity graph has a cycle");
    order
}

impl Graph {
    /// Offsets of each activity's first exchange in [`Evaluation::amounts`].
    pub fn offsets(&self) -> Vec<usize> {
        let mut o = Vec::with_capacity(self.activities.len());
        let mut k = 0;
        for a in &self.activities {
            o.push(k);
            k += a.exchanges.len();
        }
        o
    }

    pub fn n_exchanges(&self) -> usize {
        self.activities.iter().map(|a| a.exchanges.len()).sum()
    }

    /// Solves `(I − A) s = e_demand` by substitution in consumer order (the technosphere is
    /// triangular) and returns the biosphere inventory per flow type ([`FLOWS`] order): what
    /// bw2calc's LCA of one unit of `demand` computes.
    pub fn inventory(&self, amounts: &[f64], demand: usize) -> [f64; 6] {
        let offsets = self.offsets();
        let mut s = vec![0.0; self.activities.len()];
        s[demand] = 1.0;
        let mut inv = [0.0; 6];
        for &i in &self.order {
            if s[i] == 0.0 {
                continue;
            }
            for (k, x) in self.activities[i].exchanges.iter().enumerate() {
                let a = amounts[offsets[i] + k];
                match x.input {
                    Source::Activity(j) => s[j] += s[i] * a,
                    Source::Flow(f) => inv[f] += s[i] * a,
                }
            }
        }
        inv
    }
}

/// The largest relative difference between the database's inventory of each vehicle and the
/// plan's outputs (TMR and each flow type), for one evaluation.
pub fn max_rel_difference(g: &Graph, ev: &Evaluation, plan: &Plan) -> f64 {
    let amounts = ev.amounts(g);
    let mut worst: f64 = 0.0;
    for (v, &act) in g.vehicles.iter().enumerate() {
        let inv = g.inventory(&amounts, act);
        let out = ev.outputs();
        let tmr = out[plan.vehicle_output(v, vout::TMR)];
        let rel = |a: f64, b: f64, scale: f64| (a - b).abs() / scale.abs().max(f64::MIN_POSITIVE);
        worst = worst.max(rel(inv.iter().sum(), tmr, tmr));
        for (f, x) in inv.iter().enumerate() {
            let y = out[plan.vehicle_output(v, vout::FLOW0 + f)];
            worst = worst.max(rel(*x, y, tmr));
        }
    }
    worst
}

/// Streaming moments of one exchange's draws.
#[derive(Clone, Debug, Default)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
    log_mean: f64,
    log_m2: f64,
    min: f64,
    max: f64,
    positive: bool,
}

impl Moments {
    fn new() -> Self {
        Moments {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            positive: true,
            ..Moments::default()
        }
    }
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x > 0.0 && self.positive {
            let l = x.ln();
            let d = l - self.log_mean;
            self.log_mean += d / self.n;
            self.log_m2 += d * (l - self.log_mean);
        } else {
            self.positive = false;
        }
    }
    fn sd(&self) -> f64 {
        (self.m2 / (self.n - 1.0)).max(0.0).sqrt()
    }
    fn log_sd(&self) -> f64 {
        (self.log_m2 / (self.n - 1.0)).max(0.0).sqrt()
    }
}

/// An exchange's uncertainty in the stats_arrays convention, and how it was obtained.
#[derive(Clone, Debug, PartialEq)]
pub struct Marginal {
    pub id: u8,
    pub loc: f64,
    pub scale: f64,
    pub shape: f64,
    pub minimum: f64,
    pub maximum: f64,
    /// `parameter`: the distribution of the one parameter the amount is a multiple of;
    /// `mapped`: that parameter's shape has no stats_arrays family and was mapped (see the
    /// docs); `fitted`: fitted to the model's draws of the amount; `none`: no spread.
    pub basis: &'static str,
}

/// The stats_arrays description of an exchange: its parameter's own distribution where the
/// amount is a multiple of one parameter whose family stats_arrays has, else fitted to the
/// draws (lognormal by the mean and sd of `ln x` when every draw is positive, else normal by
/// mean and sd), bounded by the draws' range.
fn marginal(model: &Model, x: &Exchange, m: &Moments) -> Marginal {
    let none = Marginal {
        id: stats_arrays::UNDEFINED,
        loc: f64::NAN,
        scale: f64::NAN,
        shape: f64::NAN,
        minimum: f64::NAN,
        maximum: f64::NAN,
        basis: "none",
    };
    if m.max <= m.min {
        return none;
    }
    if let Some((p, k)) = x.scaled_param {
        let p = model.param(p);
        let (lo, hi) = p.dist.bounds();
        let (lo, hi) = (k * lo, k * hi);
        let desc = p.dist.describe();
        let family = desc.split('(').next().unwrap_or("");
        let bounded = |id, loc, scale, shape| Marginal {
            id,
            loc,
            scale,
            shape,
            minimum: lo,
            maximum: hi,
            basis: "parameter",
        };
        let mean = k * p.dist.mean();
        let var = k * k * p.dist.variance();
        match family {
            "uniform" => return bounded(stats_arrays::UNIFORM, mean, f64::NAN, f64::NAN),
            "triangular" => {
                return bounded(stats_arrays::TRIANGULAR, k * p.best, f64::NAN, f64::NAN);
            }
            "pert" => return bounded(stats_arrays::BETA_PERT, k * p.best, 4.0, f64::NAN),
            "beta" => {
                let w = hi - lo;
                let (mu, v) = ((mean - lo) / w, var / (w * w));
                let c = mu * (1.0 - mu) / v - 1.0;
                return bounded(stats_arrays::BETA, mu * c, f64::NAN, (1.0 - mu) * c);
            }
            // The untruncated normal's mean and sd (as `describe` gives them, to 5–6
            // significant digits), cut where the parameter is cut: stats_arrays redraws
            // values outside [minimum, maximum], which is the truncated normal.
            "normal" | "truncnormal" => {
                if let (Some(mu), Some(sd)) = (described(&desc, "mean"), described(&desc, "sd")) {
                    let mut b = bounded(stats_arrays::NORMAL, k * mu, k * sd, f64::NAN);
                    b.minimum = if lo.is_finite() { lo } else { f64::NAN };
                    b.maximum = if hi.is_finite() { hi } else { f64::NAN };
                    return b;
                }
            }
            "lognormal" | "truncated lognormal" => {
                let (median, gsd) = (described(&desc, "median"), described(&desc, "gsd"));
                if let (Some(median), Some(gsd)) = (median, gsd) {
                    let mut b = bounded(
                        stats_arrays::LOGNORMAL,
                        (k * median).ln(),
                        gsd.ln(),
                        f64::NAN,
                    );
                    b.minimum = if lo > 0.0 { lo } else { f64::NAN };
                    b.maximum = if hi.is_finite() { hi } else { f64::NAN };
                    return b;
                }
            }
            "loguniform" => {
                // stats_arrays has no log-uniform: a lognormal with the same mean and sd of
                // ln x, cut at the range.
                let (a, b) = (lo.ln(), hi.ln());
                let mut m = bounded(
                    stats_arrays::LOGNORMAL,
                    (a + b) / 2.0,
                    (b - a) / 12f64.sqrt(),
                    f64::NAN,
                );
                m.basis = "mapped";
                return m;
            }
            _ => {}
        }
    }
    if m.positive {
        Marginal {
            id: stats_arrays::LOGNORMAL,
            loc: m.log_mean,
            scale: m.log_sd(),
            shape: f64::NAN,
            minimum: m.min,
            maximum: m.max,
            basis: "fitted",
        }
    } else {
        Marginal {
            id: stats_arrays::NORMAL,
            loc: m.mean,
            scale: m.sd(),
            shape: f64::NAN,
            minimum: m.min,
            maximum: m.max,
            basis: "fitted",
        }
    }
}

/// The value of `key=` in a [`crate::sampling::dist::Distribution::describe`] text.
fn described(desc: &str, key: &str) -> Option<f64> {
    let start = desc.find(&format!("{key}="))? + key.len() + 1;
    let rest = &desc[start..];
    let end = rest.find([',', ')']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// `hiddenflow export brightway` settings.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub data: PathBuf,
    pub allocation: String,
    pub default_shape: String,
    pub allow_implausible: bool,
    /// Per-draw arrays of this many draws of the run's design (`None`: none).
    pub samples: Option<u64>,
    pub seed: Option<u64>,
    pub method: Option<String>,
    pub force: bool,
}

/// Files the export writes (`--force` replaces them).
pub const FILES: [&str; 3] = ["database.json", "README.md", "samples.npy"];

/// Prepares `out`: created if missing; refused (exit 2) when it is not a folder or cannot be
/// created, or holds anything without `--force` (then an earlier export's files are removed,
/// anything else is kept). Returns the folder's lock (`.hiddenflow.lock`, as every command that
/// writes a folder holds), released when dropped.
fn prepare_out(out: &Path, force: bool) -> Result<crate::report::lock::OutLock> {
    let bad = |msg: String, fix: &str| Error::input(Diagnostic::new(out, msg, fix));
    if out.exists() && !out.is_dir() {
        return Err(bad(
            "the output path exists and is not a folder".into(),
            "choose another OUT folder",
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| {
        bad(
            format!("cannot create the output folder: {e}"),
            "choose an OUT folder in a writable place",
        )
    })?;
    let lock = crate::report::lock::acquire(out)?;
    let entries: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != crate::report::lock::LOCK_FILE)
        .collect();
    if entries.is_empty() {
        return Ok(lock);
    }
    if !force {
        return Err(bad(
            "the output folder is not empty".into(),
            "pass --force to replace an earlier export, or choose an empty or new OUT folder",
        ));
    }
    for name in FILES {
        let p = out.join(name);
        if p.is_file() {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    Ok(lock)
}

/// `hiddenflow export brightway OUT`.
pub fn export(opts: &Options, out: &Path) -> Result<String> {
    if opts.samples == Some(0) {
        return Err(Error::input(Diagnostic::new(
            Path::new("--samples"),
            "--samples must be at least 1",
            "pass the number of draws to export, e.g. --samples 1000, or leave it out",
        )));
    }
    let flags = Flags {
        data: Some(opts.data.clone()),
        samples: Some(opts.samples.unwrap_or(FIT_SAMPLES)),
        seed: opts.seed,
        method: opts.method.clone(),
        allocation: Some(opts.allocation.clone()),
        default_shape: Some(opts.default_shape.clone()),
        allow_implausible: opts.allow_implausible,
        out: Some(out.to_path_buf()),
        ..Flags::default()
    };
    let cfg = RunConfig::resolve(&flags)?;
    let ds = crate::data::load(&cfg.data)?;
    let model = crate::commands::load_model(&cfg.data, &cfg.model)?;
    let plan = Plan::compile(&model);
    let g = graph(&model, &plan);
    let mut ev = Evaluation::new(&plan);
    ev.eval(&model.best_values());
    let best = ev.amounts(&g);
    let deviation = max_rel_difference(&g, &ev, &plan);
    if deviation.is_nan() || deviation > 1e-9 {
        return Err(Error::Other(format!(
            "internal: the exported database's inventory differs from the model's outputs by {deviation:e} (relative)"
        )));
    }
    let _lock = prepare_out(out, opts.force)?;

    // The run's own draws: the marginals are fitted to them, and with --samples they are
    // written out as arrays.
    let job = crate::engine::build_job(&model, &cfg)?;
    let mut st = job.state();
    let n = cfg.samples;
    let mut moments = vec![Moments::new(); best.len()];
    for i in 0..n {
        job.draw(i, &mut st);
        ev.eval(job.values(&st));
        for (m, a) in moments.iter_mut().zip(ev.amounts(&g)) {
            m.push(a);
        }
    }
    let varying: Vec<usize> = (0..best.len())
        .filter(|&k| moments[k].max > moments[k].min)
        .collect();
    let mut sample_row = vec![None; best.len()];
    for (r, &k) in varying.iter().enumerate() {
        sample_row[k] = Some(r);
    }
    if opts.samples.is_some() {
        let path = out.join("samples.npy");
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut w = std::io::BufWriter::new(file);
        let io = |e| Error::io(&path, e);
        npy::write_header(&mut w, n as usize, varying.len()).map_err(io)?;
        let mut row = vec![0.0; varying.len()];
        for i in 0..n {
            job.draw(i, &mut st);
            ev.eval(job.values(&st));
            let a = ev.amounts(&g);
            for (x, &k) in row.iter_mut().zip(&varying) {
                *x = a[k];
            }
            npy::write_row(&mut w, &row).map_err(io)?;
        }
        w.flush().map_err(io)?;
    }

    let database = "hiddenflow";
    let biosphere = "hiddenflow-biosphere";
    let mut acts = Vec::new();
    let mut k = 0;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut bases: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &g.activities {
        *counts.entry(a.kind).or_default() += 1;
        let mut exchanges = vec![json!({
            "input": [database, a.code], "type": "production", "amount": 1.0,
        })];
        for x in &a.exchanges {
            let m = marginal(&model, x, &moments[k]);
            *bases.entry(m.basis).or_default() += 1;
            let (input, kind) = match x.input {
                Source::Activity(j) => (json!([database, g.activities[j].code]), "technosphere"),
                Source::Flow(f) => (json!([biosphere, FLOWS[f]]), "biosphere"),
            };
            let mut e = json!({
                "input": input,
                "type": kind,
                "amount": best[k],
                "uncertainty type": m.id,
                "hiddenflow": {
                    "terms": x.terms.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>(),
                    "uncertainty_basis": m.basis,
                    "sample_row": sample_row[k],
                    "draws": {"mean": moments[k].mean, "sd": moments[k].sd(),
                              "min": moments[k].min, "max": moments[k].max},
                },
            });
            let obj = e.as_object_mut().expect("object");
            for (key, val) in [
                ("loc", m.loc),
                ("scale", m.scale),
                ("shape", m.shape),
                ("minimum", m.minimum),
                ("maximum", m.maximum),
            ] {
                if val.is_finite() {
                    obj.insert(key.into(), json!(val));
                }
            }
            exchanges.push(e);
            k += 1;
        }
        acts.push(json!({
            "code": a.code, "name": a.name, "reference product": a.product, "unit": a.unit,
            "location": a.location, "type": "process",
            "hiddenflow": {"kind": a.kind, "view": match a.view { View::Own => "own", View::Ancillary => "ancillary" }},
            "exchanges": exchanges,
        }));
    }
    let flows: Vec<Value> = FLOWS
        .iter()
        .map(|f| {
            json!({"code": f, "name": flow_name(f), "unit": "ton", "type": "natural resource",
                   "categories": ["natural resource", "hiddenflow"]})
        })
        .collect();
    let vehicles: Vec<Value> = model
        .vehicles
        .iter()
        .zip(&g.vehicles)
        .map(|(v, &a)| json!({"vehicle": v.id, "code": g.activities[a].code}))
        .collect();
    let samples = opts.samples.map(|n| {
        json!({"file": "samples.npy", "draws": n, "exchanges": varying.len(),
               "layout": "draws × exchanges (row k of an exchange's sample_row is column k)",
               "seed": cfg.seed, "method": cfg.method.as_str()})
    });
    let doc = json!({
        "format": "hiddenflow-brightway/1",
        "hiddenflow_version": env!("CARGO_PKG_VERSION"),
        "dataset": {"path": cfg.data.display().to_string(), "sha256": ds.fingerprint()},
        "allocation": cfg.model.allocation.to_string(),
        "default_shape": cfg.model.default_shape.to_string(),
        "home_country": cfg.model.home_country,
        "database": database,
        "biosphere_database": biosphere,
        "biosphere": flows,
        "methods": [
            {"name": ["hiddenflow", "total material requirement"], "unit": "ton",
             "flows": FLOWS},
            {"name": ["hiddenflow", "hidden flows"], "unit": "ton",
             "flows": &FLOWS[1..]},
        ],
        "vehicles": vehicles,
        "fit": {"draws": n, "seed": cfg.seed, "method": cfg.method.as_str()},
        "samples": samples,
        "activities": acts,
    });
    let path = out.join("database.json");
    let text = serde_json::to_string_pretty(&doc).map_err(|e| Error::Other(e.to_string()))?;
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    let readme = readme(
        &counts,
        &bases,
        g.n_exchanges(),
        varying.len(),
        opts.samples,
        &cfg,
    );
    let path = out.join("README.md");
    std::fs::write(&path, readme).map_err(|e| Error::io(&path, e))?;
    Ok(format!(
        "wrote {} activities and {} exchanges ({} uncertain) to {}\n",
        g.activities.len(),
        g.n_exchanges(),
        varying.len(),
        out.join("database.json").display()
    ))
}

fn flow_name(f: &str) -> &'static str {
    match f {
        "used" => "used extraction",
        "waste_rock" => "waste rock and overburden",
        "tailings" => "tailings",
        "residues" => "smelting and refining residues",
        "ancillary" => "TMR of ancillary inputs and secondary material",
        _ => "direct TMR of materials, beyond their own mass",
    }
}

fn readme(
    counts: &BTreeMap<&str, usize>,
    bases: &BTreeMap<&str, usize>,
    n_exchanges: usize,
    n_varying: usize,
    samples: Option<u64>,
    cfg: &RunConfig,
) -> String {
    let mut s = String::from(
        "# hiddenflow model as a Brightway database\n\n\
         Written by `hiddenflow export brightway`. `database.json` holds the biosphere flows \
         (database `hiddenflow-biosphere`, one per flow type, in t), the activities and \
         exchanges (database `hiddenflow`, amounts at best estimates, uncertainty in the \
         stats_arrays convention) and two methods (`hiddenflow`/`total material requirement`, \
         `hiddenflow`/`hidden flows`, factor 1 per flow).\n\n## Activities\n\n| kind | count |\n|---|---|\n",
    );
    for (k, c) in counts {
        s.push_str(&format!("| {k} | {c} |\n"));
    }
    s.push_str(&format!(
        "\n{n_exchanges} exchanges besides the production exchanges, {n_varying} of them uncertain. \
         Uncertainty basis per exchange (`hiddenflow.uncertainty_basis`):\n\n| basis | exchanges |\n|---|---|\n"
    ));
    for (k, c) in bases {
        s.push_str(&format!("| {k} | {c} |\n"));
    }
    s.push_str(&format!(
        "\nMarginals were fitted to {} draws of the `{}` design, seed {}.\n",
        cfg.samples,
        cfg.method.as_str(),
        cfg.seed
    ));
    if samples.is_some() {
        s.push_str(&format!(
            "\n`samples.npy` holds the model's own amounts of every uncertain exchange for draws \
             0..{} (the draws of `hiddenflow run --samples {} --seed {} --method {}`), one row \
             per draw, one column per exchange (`hiddenflow.sample_row`). `to_brightway` turns \
             them into a bw_processing array datapackage for `bw2calc.LCA(..., use_arrays=True)`, \
             which then reproduces those draws exactly.\n",
            cfg.samples,
            cfg.samples,
            cfg.seed,
            cfg.method.as_str()
        ));
    }
    s.push_str(
        "\n## Import\n\n```python\nfrom hiddenflow.brightway import to_brightway\n\
         info = to_brightway(\"my-project\", \"hiddenflow\", export_dir=\"THIS_FOLDER\")\n```\n\n\
         See docs/BRIGHTWAY.md of hiddenflow for the mapping and what the marginals lose.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::dist::{Distribution, Shape, Support};

    fn tiny_model() -> Model {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
        let ds = crate::data::load(&dir).unwrap();
        crate::model::build(&ds, &crate::model::ModelOptions::default()).unwrap()
    }

    /// The marginal of `k · p` for a parameter `p` of the given distribution, with draws that
    /// have some spread.
    fn of(best: f64, lo: f64, hi: f64, shape: &str, k: f64) -> Marginal {
        let mut m = tiny_model();
        let shape: Shape = shape.parse().unwrap();
        let d = Distribution::new(best, Some(lo), Some(hi), &shape, Support::NON_NEGATIVE).unwrap();
        m.params[0].dist = d;
        m.params[0].best = best;
        let x = Exchange {
            input: Source::Flow(0),
            terms: vec![Term::Param(ParamId(0), k)],
            scaled_param: Some((ParamId(0), k)),
        };
        let mut mo = Moments::new();
        for v in [k * lo, k * best, k * hi] {
            mo.push(v);
        }
        marginal(&m, &x, &mo)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-5 * b.abs().max(1e-12)
    }

    #[test]
    fn shapes_stats_arrays_has_map_to_their_family_scaled() {
        let u = of(2.0, 1.0, 3.0, "uniform", 2.0);
        assert_eq!((u.id, u.basis), (stats_arrays::UNIFORM, "parameter"));
        assert_eq!((u.minimum, u.maximum), (2.0, 6.0));
        let t = of(2.0, 1.0, 4.0, "triangular", 1e-3);
        assert_eq!(t.id, stats_arrays::TRIANGULAR);
        assert!(close(t.loc, 2e-3) && close(t.minimum, 1e-3) && close(t.maximum, 4e-3));
        let p = of(2.0, 1.0, 4.0, "pert", 1.0);
        assert_eq!((p.id, p.loc, p.scale), (stats_arrays::BETA_PERT, 2.0, 4.0));
        let b = of(0.3, 0.0, 1.0, "beta(a=2,b=5)", 1.0);
        assert_eq!(b.id, stats_arrays::BETA);
        assert!(close(b.loc, 2.0) && close(b.shape, 5.0), "{b:?}");
        let n = of(1.0, 0.5, 1.5, "normal(sd=0.1)", 3.0);
        assert_eq!(n.id, stats_arrays::NORMAL);
        assert!(close(n.loc, 3.0) && close(n.scale, 0.3), "{n:?}");
        let l = of(2.0, 1.0, 4.0, "lognormal(gsd=1.5)", 1.0);
        assert_eq!(l.id, stats_arrays::LOGNORMAL);
        assert!(
            close(l.loc, 2f64.ln()) && close(l.scale, 1.5f64.ln()),
            "{l:?}"
        );
    }

    #[test]
    fn loguniform_maps_to_the_lognormal_of_equal_log_moments_cut_at_the_range() {
        let l = of(1.0, 0.5, 2.0, "loguniform", 1.0);
        assert_eq!((l.id, l.basis), (stats_arrays::LOGNORMAL, "mapped"));
        assert!(l.loc.abs() < 1e-15);
        assert!(close(l.scale, 4f64.ln() / 12f64.sqrt()));
        assert_eq!((l.minimum, l.maximum), (0.5, 2.0));
    }

    #[test]
    fn derived_amounts_are_fitted_and_constants_carry_no_uncertainty() {
        let m = tiny_model();
        let x = Exchange::new(Source::Flow(0), Term::OrePerConcentrate(0));
        let mut mo = Moments::new();
        for v in [1.0, 2.0, 4.0] {
            mo.push(v);
        }
        let f = marginal(&m, &x, &mo);
        assert_eq!((f.id, f.basis), (stats_arrays::LOGNORMAL, "fitted"));
        assert!(close(f.loc, 2f64.ln()) && close(f.scale, 2f64.ln()));
        assert_eq!((f.minimum, f.maximum), (1.0, 4.0));
        let mut mo = Moments::new();
        for v in [-1.0, 1.0] {
            mo.push(v);
        }
        assert_eq!(marginal(&m, &x, &mo).id, stats_arrays::NORMAL);
        let mut mo = Moments::new();
        mo.push(2.0);
        mo.push(2.0);
        assert_eq!(marginal(&m, &x, &mo).basis, "none");
    }

    #[test]
    fn every_vehicle_inventory_equals_the_plan_at_best_estimates() {
        let m = tiny_model();
        let plan = Plan::compile(&m);
        let g = graph(&m, &plan);
        let mut ev = Evaluation::new(&plan);
        ev.eval(&m.best_values());
        assert!(max_rel_difference(&g, &ev, &plan) <= 1e-12);
        // Worked by hand in tests/tiny_fixture.rs: the ICEV's TMR is 20.3025 t.
        let inv = g.inventory(&ev.amounts(&g), g.vehicles[0]);
        assert!((inv.iter().sum::<f64>() - 20.3025).abs() < 1e-9);
        // The coal consumed in smelting copper counts as ancillary, not as waste rock.
        assert_eq!(
            g.activities
                .iter()
                .filter(|a| a.view == View::Ancillary)
                .count(),
            3
        );
    }

    #[test]
    fn described_reads_a_parameter() {
        assert_eq!(
            described("truncnormal(mean=0.01, sd=0.002)", "sd"),
            Some(0.002)
        );
        assert_eq!(
            described("lognormal(median=5.0000e-4, gsd=1.3)", "median"),
            Some(5e-4)
        );
        assert_eq!(described("uniform", "sd"), None);
    }
}
