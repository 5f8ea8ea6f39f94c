//! Residual producers: the part of a supplying country's production that no listed mine
//! covers. A residual stands for many mines at once, so what is uncertain about it is the
//! *production-weighted average* of their ores, not the spread between single mines; and
//! where the ores it stands for carry co-products, its rock is allocated among them once.
//!
//! Each residual of commodity `c` in country `k` (weight `r` of the country's supply, see
//! `supply.rs`) takes its ore from the first of these that exists:
//!
//! 1. **national statistics**: rows of `residuals.csv` for (`c`, `k`), whose ranges are the
//!    uncertainty of the country's average. Rows that share a `residual` id are co-products of
//!    one ore: they share one stripping ratio and form a co-product group, allocated like the
//!    products of one mine.
//! 2. **the country's own listed mines** of `c`, when there are at least [`MIN_OWN_MINES`] of
//!    them and they cover at least [`MIN_OWN_COVERAGE`] of the country's production;
//! 3. **the commodity's listed primary mines worldwide** (mines whose main product by value at
//!    best estimates is `c`), or every listed producer of `c` when no mine has it as its main
//!    product (cobalt, platinum). By-product rows of other countries never set a primary
//!    commodity's residual.
//!
//! For 2 and 3, [`pool_average`] turns the pool of listed producers into one average ore that
//! reproduces, at best estimates, the pool's total ore, waste rock, concentrate and product:
//! each quantity is averaged with the physical weight it scales. With production `Pᵢ`,
//! ore grade `gᵢ`, recoveries `Rbᵢ` (1 without beneficiation) and `Rsᵢ`, concentrate grade
//! `cᵢ` (`gᵢ` without beneficiation) and stripping ratio `SRᵢ`:
//!
//! ```text
//! metal in ore        Mᵢ = Pᵢ / (Rbᵢ·Rsᵢ)       weight of Rb
//! ore                 Oᵢ = Mᵢ / gᵢ              weight of g and SR
//! metal in conc.      Kᵢ = Pᵢ / Rsᵢ             weight of Rs
//! concentrate         Cᵢ = Kᵢ / cᵢ              weight of c
//! material moved      Tᵢ = Oᵢ·(1 + SRᵢ)         weight of the co-product share f
//! x̄ = Σ wᵢxᵢ / Σ wᵢ      (so ḡ = ΣM/ΣO, R̄s = ΣP/ΣK, c̄ = ΣK/ΣC: 1/(ḡ·R̄b·R̄s) = ΣO/ΣP)
//! ```
//!
//! The uncertainty of each average treats the pool as a sample of the mines the residual
//! stands for. With normalised weights `uᵢ = wᵢ/Σw` over `n` members and `varᵢ` the variance
//! of member `i`'s own distribution:
//!
//! ```text
//! between = n/(n−1) · Σ uᵢ²(xᵢ − x̄)²        (0 for n = 1)
//! within  = Σ uᵢ² varᵢ
//! sd²     = 2·between + within
//! ```
//!
//! `between` is the sampling variance of a weighted mean; it counts twice because the
//! uncovered mines' own average scatters around the population's as much as the pool's does
//! (their effective number is taken equal to the pool's: conservative when the uncovered part
//! is many small mines). The parameter is a normal with mean `x̄` and that sd, truncated to
//! `x̄ ± 3·sd` and to the span of the pool members' own ranges; a zero sd fixes it.
//!
//! A pooled residual has no co-products of its own, but its pool's ores do: it carries the
//! pool's average co-product share `f̄` (the members' allocation factors at best estimates,
//! weighted by material moved) as a fixed parameter, so that the rock the pool's mines
//! allocate to their co-products is not counted again here.

use super::builder::{Builder, Owner};
use super::ids::Countries;
use super::producers::{OreRow, grade_factor, ore_params};
use super::{
    Allocation, Commodity, Param, ParamId, ParamKind, Producer, SupplyCountry, SupplyRule,
};
use crate::data::*;
use crate::sampling::dist::{Distribution, Shape, Support};
use std::collections::HashMap;

/// The fewest listed mines of a country that may set its residual (rule 2).
pub const MIN_OWN_MINES: usize = 3;
/// The least share of the country's production they must cover.
pub const MIN_OWN_COVERAGE: f64 = 0.10;

/// Where a residual's ore comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ResidualBasis {
    /// `residuals.csv` (national statistics): the residual id and the row's line.
    National { id: String, line: u64 },
    /// The average of the country's own listed mines.
    CountryMines { mines: usize },
    /// The average of the commodity's listed primary mines worldwide.
    WorldPrimaryMines { mines: usize },
    /// The average of every listed producer of the commodity (none has it as main product).
    WorldMines { mines: usize },
}

impl ResidualBasis {
    pub fn describe(&self) -> String {
        match self {
            ResidualBasis::National { id, line } => {
                format!("national statistics (residuals.csv:{line}, `{id}`)")
            }
            ResidualBasis::CountryMines { mines } => {
                format!("average of the country's {mines} listed mines")
            }
            ResidualBasis::WorldPrimaryMines { mines } => {
                format!("average of {mines} listed primary mines worldwide")
            }
            ResidualBasis::WorldMines { mines } => {
                format!("average of {mines} listed producers worldwide (by-product commodity)")
            }
        }
    }
}

/// One residual producer of the model.
#[derive(Clone, Debug)]
pub struct Residual {
    /// Index into `Model::producers`.
    pub producer: usize,
    /// Index into `Model::supply` of the country's supply it serves; `None` for a member of a
    /// joint residual that only co-produces (its own country's supply is fully covered).
    pub supply: Option<usize>,
    pub basis: ResidualBasis,
}

/// Adds the residual producers and returns them with the co-product groups of joint residuals
/// (producer indices).
pub(super) fn add(
    b: &mut Builder,
    ds: &Dataset,
    countries: &Countries,
    commodities: &[Commodity],
    producers: &mut Vec<Producer>,
    supply: &mut [SupplyCountry],
) -> (Vec<Residual>, Vec<Vec<usize>>) {
    let table = NationalTable::read(b, ds, countries, commodities);
    let n_listed = producers.len();
    let shares = coproduct_shares(b, commodities, &producers[..n_listed]);
    let mut residuals = Vec::new();
    let mut groups = Vec::new();
    // Producers of the joint residuals made so far, by residual id.
    let mut made: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (si, s) in supply.iter_mut().enumerate() {
        if s.residual_weight == 0.0 {
            continue;
        }
        let c = &commodities[s.commodity];
        if c.rule == SupplyRule::Renormalise {
            // Dropped countries are renormalised away; listed mines stand for their country.
            s.residual_weight = 0.0;
            continue;
        }
        let key = (s.commodity, s.country);
        let producer = if let Some(&row) = table.by_pair.get(&key) {
            let id = ds.residuals[row].residual.clone();
            if !made.contains_key(&id) {
                let members = national(b, ds, &table, &id, countries, producers);
                if members.len() > 1 {
                    groups.push(members.iter().map(|&(p, _)| p).collect());
                }
                for &(p, row) in &members {
                    residuals.push(Residual {
                        producer: p,
                        supply: None,
                        basis: ResidualBasis::National {
                            id: id.clone(),
                            line: ds.residuals[row].line,
                        },
                    });
                }
                made.insert(id.clone(), members);
            }
            made[&id].iter().find(|&&(_, r)| r == row).map(|&(p, _)| p)
        } else {
            let listed = &producers[..n_listed];
            let Some((pool, basis)) = choose_pool(b, listed, &shares, s) else {
                let line = ds
                    .supply
                    .iter()
                    .find(|r| r.commodity == c.id)
                    .map_or(0, |r| r.line);
                let d = b.row_diag(SUPPLY, line, "country", &countries.codes[s.country], format!("`{}` has supply from countries without mines, and no mine at all in mine_commodities.csv to derive a residual range from", c.id), "add at least one mine of the commodity, a row to residuals.csv, or set its supply_rule to renormalise");
                b.diags.push(d);
                continue;
            };
            let avg = pool_average(&pool);
            let p = pooled(b, countries, commodities, s, &avg);
            producers.push(p);
            residuals.push(Residual {
                producer: producers.len() - 1,
                supply: None,
                basis,
            });
            Some(producers.len() - 1)
        };
        // A rejected national row is reported already; the listed mines keep their weights.
        let Some(p) = producer else { continue };
        if let Some(r) = residuals.iter_mut().find(|r| r.producer == p) {
            r.supply = Some(si);
        }
        let listed_weight = 1.0 - s.residual_weight;
        for (_, w) in s.producers.iter_mut() {
            *w *= listed_weight;
        }
        s.producers.push((p, s.residual_weight));
    }
    (residuals, groups)
}

/// `residuals.csv`, checked: each (commodity, country) once, known commodities.
struct NationalTable {
    by_pair: HashMap<(usize, usize), usize>,
}

impl NationalTable {
    fn read(
        b: &mut Builder,
        ds: &Dataset,
        countries: &Countries,
        commodities: &[Commodity],
    ) -> Self {
        let mut by_pair = HashMap::new();
        let mut seen = HashMap::new();
        for (i, r) in ds.residuals.iter().enumerate() {
            let ci = commodities.iter().position(|c| c.id == r.commodity);
            if ci.is_none() && !ds.commodities.iter().any(|c| c.commodity == r.commodity) {
                b.unknown_ref(RESIDUALS, r.line, "commodity", &r.commodity, COMMODITIES);
            }
            let code_ok = r.country.len() == 2 && r.country.chars().all(|c| c.is_ascii_uppercase());
            if !code_ok {
                let d = b.row_diag(
                    RESIDUALS,
                    r.line,
                    "country",
                    &r.country,
                    "not an ISO 3166-1 alpha-2 country code",
                    "write the two upper-case letters, e.g. CN, CL, CD, AU",
                );
                b.diags.push(d);
            }
            let key = (r.commodity.as_str(), r.country.as_str());
            let pair = "commodity × country";
            if b.duplicate_pair(
                &mut seen, key, RESIDUALS, r.line, "country", &r.country, pair,
            ) {
                continue;
            }
            // A country no other table names supplies nothing: the row is unused.
            if let (Some(ci), Some(k)) = (ci, countries.index(&r.country)) {
                by_pair.insert((ci, k), i);
            }
        }
        NationalTable { by_pair }
    }
}

/// The producers of the joint residual `id` (every row of `residuals.csv` with that id), as
/// (producer, row) pairs; rows that fail validation are reported and left out.
fn national(
    b: &mut Builder,
    ds: &Dataset,
    table: &NationalTable,
    id: &str,
    countries: &Countries,
    producers: &mut Vec<Producer>,
) -> Vec<(usize, usize)> {
    // (row, commodity) of every row of the residual, in file order.
    let mut rows: Vec<(usize, usize)> = table
        .by_pair
        .iter()
        .filter(|&(_, &i)| ds.residuals[i].residual == id)
        .map(|(&(ci, _), &i)| (i, ci))
        .collect();
    rows.sort_unstable();
    let (first, first_ci) = (&ds.residuals[rows[0].0], rows[0].1);
    let joint = rows.len() > 1;
    for &(i, _) in &rows[1..] {
        let r = &ds.residuals[i];
        if r.country != first.country {
            let d = b.row_diag(
                RESIDUALS,
                r.line,
                "country",
                &r.country,
                format!(
                    "the rows of residual `{id}` name different countries ({} at line {})",
                    first.country, first.line
                ),
                "give each country's residual an id of its own",
            );
            b.diags.push(d);
            return Vec::new();
        }
        let (q, f) = (&r.stripping_ratio, &first.stripping_ratio);
        if (q.best, q.min, q.max, &q.shape) != (f.best, f.min, f.max, &f.shape) {
            let d = b.row_diag(RESIDUALS, r.line, "stripping_ratio", q.best, format!("the rows of residual `{id}` give different stripping ratios: its products come from one ore (line {} gives {})", first.line, f.best), "give every row of a joint residual the same stripping ratio");
            b.diags.push(d);
            return Vec::new();
        }
    }
    let Some(country) = countries.index(&first.country) else {
        return Vec::new();
    };
    let sr_name = match joint {
        true => format!("residual:{id}:stripping_ratio"),
        false => format!(
            "residual:{}:{}:stripping_ratio",
            first.commodity, first.country
        ),
    };
    let owner = |ci: Option<usize>| Owner {
        commodity: ci,
        mine: None,
    };
    let sr_owner = owner((!joint).then_some(first_ci));
    let Some(sr) = b.param(
        sr_name,
        ParamKind::StrippingRatio,
        &first.stripping_ratio,
        Support::NON_NEGATIVE,
        1.0,
        sr_owner,
        Some(country),
        super::builder::est(&first.prov, "stripping_ratio"),
        "a stripping ratio",
    ) else {
        return Vec::new();
    };
    let mut members = Vec::new();
    for &(i, ci) in &rows {
        let r = &ds.residuals[i];
        let Some(factor) = grade_factor(b, RESIDUALS, r.line, &r.ore_grade_unit) else {
            continue;
        };
        let ore = OreRow {
            file: RESIDUALS,
            line: r.line,
            ore_grade: &r.ore_grade,
            grade_factor: factor,
            recovery_beneficiation: r.recovery_beneficiation.as_ref(),
            recovery_smelting: &r.recovery_smelting,
            concentrate_grade_pct: r.concentrate_grade_pct.as_ref(),
            prov: &r.prov,
        };
        let base = format!("residual:{}:{}", r.commodity, r.country);
        let Some(p) = ore_params(b, &ore, &base, owner(Some(ci)), country) else {
            continue;
        };
        producers.push(Producer {
            mine: None,
            commodity: ci,
            country,
            label: format!("residual/{}/{}", r.commodity, r.country),
            production_t: 0.0,
            ore_grade: p.grade,
            ore_grade_basis: "national".to_string(),
            stripping_ratio: sr,
            recovery_beneficiation: p.rb,
            recovery_smelting: p.rs,
            concentrate_grade: p.conc,
            coproduct_share: None,
        });
        members.push((producers.len() - 1, i));
    }
    members
}

/// One listed producer's values as the average needs them: best estimates, the bounds and
/// variance of each distribution, and its co-product share at best estimates.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolMember {
    pub production_t: f64,
    pub grade: Value,
    pub stripping_ratio: Value,
    /// `None` without beneficiation (then the concentrate is the ore).
    pub recovery_beneficiation: Option<Value>,
    pub recovery_smelting: Value,
    pub concentrate_grade: Option<Value>,
    pub coproduct_share: f64,
}

/// A parameter of a pool member: best estimate, bounds and variance of its distribution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Value {
    pub best: f64,
    pub lo: f64,
    pub hi: f64,
    pub var: f64,
}

impl Value {
    pub fn fixed(x: f64) -> Value {
        Value {
            best: x,
            lo: x,
            hi: x,
            var: 0.0,
        }
    }
    fn of(params: &[Param], id: ParamId) -> Value {
        let p = &params[id.0 as usize];
        let (lo, hi) = p.dist.bounds();
        Value {
            best: p.best,
            lo,
            hi,
            var: p.dist.variance(),
        }
    }
}

/// A weighted average with its standard error and the span of the members' ranges.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Average {
    pub mean: f64,
    pub sd: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The average ore of a pool (see the module docs for the weights).
#[derive(Clone, Debug, PartialEq)]
pub struct PoolAverage {
    pub grade: Average,
    pub stripping_ratio: Average,
    /// `None` when no member beneficiates.
    pub recovery_beneficiation: Option<Average>,
    pub recovery_smelting: Average,
    pub concentrate_grade: Option<Average>,
    pub coproduct_share: f64,
}

/// The production-weighted average ore of a pool of listed producers (module docs).
pub fn pool_average(pool: &[PoolMember]) -> PoolAverage {
    // Without any production given, every member counts alike.
    let unweighted = pool.iter().all(|m| m.production_t <= 0.0);
    let mut w = [(); 5].map(|_| Vec::with_capacity(pool.len()));
    let mut moved = Vec::with_capacity(pool.len());
    for m in pool {
        let p = if unweighted { 1.0 } else { m.production_t };
        let rb = m.recovery_beneficiation.map_or(1.0, |v| v.best);
        let (g, rs) = (m.grade.best, m.recovery_smelting.best);
        let c = m.concentrate_grade.map_or(g, |v| v.best);
        let metal = p / (rb * rs);
        let ore = metal / g;
        let in_conc = p / rs;
        w[0].push(ore); // grade
        w[1].push(ore); // stripping ratio
        w[2].push(metal); // beneficiation recovery
        w[3].push(in_conc); // smelting recovery
        w[4].push(in_conc / c); // concentrate grade
        moved.push(ore * (1.0 + m.stripping_ratio.best));
    }
    let beneficiated = pool.iter().any(|m| m.concentrate_grade.is_some());
    let grade_as_conc = |m: &PoolMember| m.concentrate_grade.unwrap_or(m.grade);
    let rb_or_one = |m: &PoolMember| m.recovery_beneficiation.unwrap_or(Value::fixed(1.0));
    let values = |f: &dyn Fn(&PoolMember) -> Value| pool.iter().map(f).collect::<Vec<_>>();
    let shares: Vec<f64> = pool.iter().map(|m| m.coproduct_share).collect();
    PoolAverage {
        grade: average(&values(&|m| m.grade), &w[0]),
        stripping_ratio: average(&values(&|m| m.stripping_ratio), &w[1]),
        recovery_beneficiation: beneficiated.then(|| average(&values(&rb_or_one), &w[2])),
        recovery_smelting: average(&values(&|m| m.recovery_smelting), &w[3]),
        concentrate_grade: beneficiated.then(|| average(&values(&grade_as_conc), &w[4])),
        coproduct_share: weighted_mean(&shares, &moved),
    }
}

fn weighted_mean(x: &[f64], w: &[f64]) -> f64 {
    let total: f64 = w.iter().sum();
    x.iter().zip(w).map(|(x, w)| x * w).sum::<f64>() / total
}

/// Weighted mean, its standard error (module docs) and the members' span.
fn average(values: &[Value], w: &[f64]) -> Average {
    let best: Vec<f64> = values.iter().map(|v| v.best).collect();
    let mean = weighted_mean(&best, w);
    let total: f64 = w.iter().sum();
    let n = w.iter().filter(|&&w| w > 0.0).count();
    let (mut between, mut within) = (0.0, 0.0);
    for (v, &w) in values.iter().zip(w) {
        let u = w / total;
        between += u * u * (v.best - mean).powi(2);
        within += u * u * v.var;
    }
    let between = match n {
        0 | 1 => 0.0,
        n => between * n as f64 / (n - 1) as f64,
    };
    Average {
        mean,
        sd: (2.0 * between + within).sqrt(),
        lo: values.iter().map(|v| v.lo).fold(f64::INFINITY, f64::min),
        hi: values
            .iter()
            .map(|v| v.hi)
            .fold(f64::NEG_INFINITY, f64::max),
    }
}

/// The listed producers a residual averages (rules 2 and 3 of the module docs), with the
/// basis; `None` when the commodity has no listed producer at all.
fn choose_pool(
    b: &Builder,
    listed: &[Producer],
    shares: &[(f64, bool)],
    s: &SupplyCountry,
) -> Option<(Vec<PoolMember>, ResidualBasis)> {
    let of = |i: usize| member(&b.params, &listed[i], shares[i].0);
    let own: Vec<usize> = s.producers.iter().map(|&(i, _)| i).collect();
    let covered = 1.0 - s.residual_weight;
    if own.len() >= MIN_OWN_MINES && covered >= MIN_OWN_COVERAGE {
        let pool = own.iter().map(|&i| of(i)).collect();
        return Some((pool, ResidualBasis::CountryMines { mines: own.len() }));
    }
    let all: Vec<usize> = (0..listed.len())
        .filter(|&i| listed[i].commodity == s.commodity)
        .collect();
    let primary: Vec<usize> = all.iter().copied().filter(|&i| shares[i].1).collect();
    match (primary.is_empty(), all.is_empty()) {
        (false, _) => Some((
            primary.iter().map(|&i| of(i)).collect(),
            ResidualBasis::WorldPrimaryMines {
                mines: primary.len(),
            },
        )),
        (true, false) => Some((
            all.iter().map(|&i| of(i)).collect(),
            ResidualBasis::WorldMines { mines: all.len() },
        )),
        (true, true) => None,
    }
}

fn member(params: &[Param], p: &Producer, coproduct_share: f64) -> PoolMember {
    PoolMember {
        production_t: p.production_t,
        grade: Value::of(params, p.ore_grade),
        stripping_ratio: Value::of(params, p.stripping_ratio),
        recovery_beneficiation: p.recovery_beneficiation.map(|id| Value::of(params, id)),
        recovery_smelting: Value::of(params, p.recovery_smelting),
        concentrate_grade: p.concentrate_grade.map(|id| Value::of(params, id)),
        coproduct_share,
    }
}

/// Per listed producer: its allocation factor at best estimates under the run's allocation
/// (as the plan computes it per draw), and whether its commodity is its mine's main product
/// by value (price × yield per t ore).
fn coproduct_shares(
    b: &Builder,
    commodities: &[Commodity],
    listed: &[Producer],
) -> Vec<(f64, bool)> {
    let best = |id: ParamId| b.params[id.0 as usize].best;
    let yield_of = |p: &Producer| {
        best(p.ore_grade) * p.recovery_beneficiation.map_or(1.0, best) * best(p.recovery_smelting)
    };
    let value = |p: &Producer| best(commodities[p.commodity].price) * yield_of(p);
    let mut by_mine: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in listed.iter().enumerate() {
        if let Some(m) = p.mine {
            by_mine.entry(m).or_default().push(i);
        }
    }
    let mut out = vec![(1.0, true); listed.len()];
    for members in by_mine.values() {
        if members.len() < 2 {
            continue;
        }
        // The main product as the plan picks it: the last of the largest values.
        let main = members
            .iter()
            .copied()
            .max_by(|&a, &c| value(&listed[a]).total_cmp(&value(&listed[c])))
            .unwrap_or(members[0]);
        let weight = |i: usize| match b.opts.allocation {
            Allocation::Economic => value(&listed[i]),
            Allocation::Mass => yield_of(&listed[i]),
            Allocation::None => f64::from(u8::from(i == main)),
        };
        let total: f64 = members.iter().map(|&i| weight(i)).sum();
        for &i in members {
            out[i] = (weight(i) / total, i == main);
        }
    }
    out
}

/// The parameters and producer of a pooled residual.
fn pooled(
    b: &mut Builder,
    countries: &Countries,
    commodities: &[Commodity],
    s: &SupplyCountry,
    avg: &PoolAverage,
) -> Producer {
    let c = &commodities[s.commodity];
    let code = &countries.codes[s.country];
    let base = format!("residual:{}:{}", c.id, code);
    let mut mk = |what: &str, kind, a: Average, support: Support| {
        let param = averaged_param(format!("{base}:{what}"), kind, a, support, s);
        b.push_param(param)
            .expect("residual names are unique per supply row")
    };
    let grade = mk(
        "ore_grade",
        ParamKind::OreGrade,
        avg.grade,
        Support::FRACTION_OPEN_LOW,
    );
    let sr = mk(
        "stripping_ratio",
        ParamKind::StrippingRatio,
        avg.stripping_ratio,
        Support::NON_NEGATIVE,
    );
    let rs = mk(
        "recovery_smelting",
        ParamKind::RecoverySmelting,
        avg.recovery_smelting,
        Support::FRACTION_OPEN_LOW,
    );
    let rb = avg.recovery_beneficiation.map(|a| {
        mk(
            "recovery_beneficiation",
            ParamKind::RecoveryBeneficiation,
            a,
            Support::FRACTION_OPEN_LOW,
        )
    });
    let conc = avg.concentrate_grade.map(|a| {
        // The concentrate never falls below the richest ore the draws allow (no negative
        // tailings): its lower bound is raised to the grade's upper bound × Rb's.
        let (g_hi, _) = truncation(&avg.grade, Support::FRACTION_OPEN_LOW);
        let rb_hi = avg
            .recovery_beneficiation
            .map_or(1.0, |r| truncation(&r, Support::FRACTION_OPEN_LOW).0);
        let floor = g_hi * rb_hi;
        let a = Average {
            mean: a.mean.max(floor),
            lo: a.lo.max(floor),
            hi: a.hi.max(floor),
            sd: a.sd,
        };
        mk(
            "concentrate_grade",
            ParamKind::ConcentrateGrade,
            a,
            Support::FRACTION_OPEN_LOW,
        )
    });
    let share = (avg.coproduct_share < 1.0).then(|| {
        let a = Average {
            mean: avg.coproduct_share,
            sd: 0.0,
            lo: avg.coproduct_share,
            hi: avg.coproduct_share,
        };
        mk(
            "coproduct_share",
            ParamKind::CoproductShare,
            a,
            Support::UNIT,
        )
    });
    Producer {
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
        coproduct_share: share,
    }
}

/// The upper truncation bound of an average's parameter, and the lower (see [`averaged_param`]).
fn truncation(a: &Average, support: Support) -> (f64, f64) {
    let hi = (a.mean + 3.0 * a.sd).min(a.hi).min(support.hi);
    let lo = (a.mean - 3.0 * a.sd).max(a.lo).max(support.lo);
    (hi, lo)
}

/// A normal with the average's mean and sd, truncated to mean ± 3 sd and to the members' span;
/// fixed at the mean when the sd is zero.
fn averaged_param(
    name: String,
    kind: ParamKind,
    a: Average,
    support: Support,
    s: &SupplyCountry,
) -> Param {
    let (hi, lo) = truncation(&a, support);
    let fixed = a.sd <= 0.0 || hi <= lo;
    let dist = match fixed {
        true => Distribution::new(a.mean, None, None, &Shape::Fixed, support),
        false => Distribution::new(
            a.mean,
            Some(lo),
            Some(hi),
            &Shape::TruncNormal { sd: Some(a.sd) },
            support,
        ),
    }
    .expect("an average of validated parameters lies within their span");
    Param {
        name,
        kind,
        best: a.mean,
        dist,
        support,
        commodity: Some(s.commodity),
        mine: None,
        country: Some(s.country),
        estimated: true,
        at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(best: f64, lo: f64, hi: f64) -> Value {
        // Uniform on [lo, hi]: variance w²/12.
        Value {
            best,
            lo,
            hi,
            var: (hi - lo).powi(2) / 12.0,
        }
    }

    /// Two flotation mines, computed by hand below.
    fn fixture() -> Vec<PoolMember> {
        vec![
            PoolMember {
                production_t: 100.0,
                grade: Value::fixed(0.01),
                stripping_ratio: v(2.0, 1.0, 3.0),
                recovery_beneficiation: Some(Value::fixed(0.9)),
                recovery_smelting: Value::fixed(0.95),
                concentrate_grade: Some(Value::fixed(0.25)),
                coproduct_share: 1.0,
            },
            PoolMember {
                production_t: 300.0,
                grade: Value::fixed(0.005),
                stripping_ratio: Value::fixed(0.0),
                recovery_beneficiation: Some(Value::fixed(0.8)),
                recovery_smelting: Value::fixed(0.95),
                concentrate_grade: Some(Value::fixed(0.2)),
                coproduct_share: 0.5,
            },
        ]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    #[test]
    fn the_average_of_a_hand_computed_pool() {
        let a = pool_average(&fixture());
        // Metal in ore M = P/(Rb·Rs): 100/0.855 = 116.959…, 300/0.76 = 394.736…
        let m = [100.0 / (0.9 * 0.95), 300.0 / (0.8 * 0.95)];
        // Ore O = M/g: 11,695.9… and 78,947.3…
        let o = [m[0] / 0.01, m[1] / 0.005];
        let g = (m[0] + m[1]) / (o[0] + o[1]);
        assert!(close(a.grade.mean, g), "{} vs {g}", a.grade.mean);
        // Ore-weighted stripping ratio: waste ÷ ore of the pool.
        let sr = 2.0 * o[0] / (o[0] + o[1]);
        assert!(close(a.stripping_ratio.mean, sr));
        let rb = (0.9 * m[0] + 0.8 * m[1]) / (m[0] + m[1]);
        assert!(close(a.recovery_beneficiation.unwrap().mean, rb));
        assert!(close(a.recovery_smelting.mean, 0.95));
        // Concentrate K/c: (100/0.95)/0.25 and (300/0.95)/0.2.
        let k = [100.0 / 0.95, 300.0 / 0.95];
        let c = (k[0] + k[1]) / (k[0] / 0.25 + k[1] / 0.2);
        assert!(close(a.concentrate_grade.unwrap().mean, c));
        // The average ore reproduces the pool's ore per t product: 1/(g·Rb·Rs) = ΣO/ΣP.
        let ore_per_t = 1.0 / (a.grade.mean * rb * 0.95);
        assert!(close(ore_per_t, (o[0] + o[1]) / 400.0));
        // Co-product share weighted by material moved O·(1+SR).
        let t = [o[0] * 3.0, o[1]];
        assert!(close(
            a.coproduct_share,
            (t[0] + 0.5 * t[1]) / (t[0] + t[1])
        ));
    }

    #[test]
    fn the_standard_error_of_a_hand_computed_pool() {
        let a = pool_average(&fixture());
        let m = [100.0 / (0.9 * 0.95), 300.0 / (0.8 * 0.95)];
        let o = [m[0] / 0.01, m[1] / 0.005];
        let u: [f64; 2] = [o[0] / (o[0] + o[1]), o[1] / (o[0] + o[1])];
        let sr = a.stripping_ratio.mean;
        let between: f64 = 2.0 * (u[0].powi(2) * (2.0 - sr).powi(2) + u[1].powi(2) * sr.powi(2));
        let within: f64 = u[0].powi(2) * 4.0 / 12.0;
        let sd: f64 = (2.0 * between + within).sqrt();
        assert!(
            close(a.stripping_ratio.sd, sd),
            "{} vs {sd}",
            a.stripping_ratio.sd
        );
        assert_eq!((a.stripping_ratio.lo, a.stripping_ratio.hi), (0.0, 3.0));
        // Fixed members with one value: no spread at all.
        assert_eq!(a.recovery_smelting.sd, 0.0);
    }

    #[test]
    fn one_member_is_its_own_average_with_only_its_own_uncertainty() {
        let pool = &fixture()[..1];
        let a = pool_average(pool);
        assert!(close(a.grade.mean, 0.01));
        assert_eq!(a.grade.sd, 0.0);
        assert!(close(a.stripping_ratio.sd, (4.0f64 / 12.0).sqrt()));
    }

    #[test]
    fn without_production_members_count_alike_and_ore_without_beneficiation_is_its_concentrate() {
        let mut pool = fixture();
        for m in &mut pool {
            m.production_t = 0.0;
        }
        pool[1].recovery_beneficiation = None;
        pool[1].concentrate_grade = None;
        let a = pool_average(&pool);
        // Equal production 1 each: M = 1/(0.9·0.95) and 1/0.95; O = M/g.
        let m = [1.0 / (0.9 * 0.95), 1.0 / 0.95];
        let o = [m[0] / 0.01, m[1] / 0.005];
        assert!(close(a.grade.mean, (m[0] + m[1]) / (o[0] + o[1])));
        let rb = (0.9 * m[0] + m[1]) / (m[0] + m[1]);
        assert!(close(a.recovery_beneficiation.unwrap().mean, rb));
        // The unbeneficiated member's concentrate is its ore (grade 0.005).
        let k = [1.0 / 0.95, 1.0 / 0.95];
        let c = (k[0] + k[1]) / (k[0] / 0.25 + k[1] / 0.005);
        assert!(close(a.concentrate_grade.unwrap().mean, c));
    }
}
