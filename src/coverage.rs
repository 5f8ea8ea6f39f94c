//! What the dataset covers, per commodity: mines, their share of world production and of the
//! home country's supply, the ore-grade and stripping-ratio ranges spanned, and how many values
//! are estimates. `hiddenflow check` prints it; tests hold the dataset to its floors.

use crate::model::{Model, ParamKind};
use crate::report::table::{TextTable, sig};

#[derive(Clone, Debug, PartialEq)]
pub struct CommodityCoverage {
    pub commodity: String,
    /// Mines listed with this commodity.
    pub mines: usize,
    /// Sum of their production, t contained.
    pub production_t: f64,
    pub world_production_t: Option<f64>,
    /// Share of the home country's supply that comes from listed mines: the shares of countries
    /// with at least one listed mine, less the part of each that a residual producer carries.
    pub supply_covered: f64,
    /// Countries supplying the commodity that have no listed mine (residual or dropped), then
    /// those whose listed mines cover only part of their production, as `CN(97%)` (the
    /// residual's part).
    pub residual_countries: Vec<String>,
    /// Ore-grade range spanned by the listed mines, mass fraction.
    pub grade_min: f64,
    pub grade_max: f64,
    pub stripping_ratio_min: f64,
    pub stripping_ratio_max: f64,
    /// Share of the home country's own mine production that its listed mines cover, where the
    /// supply table gives that production (`country_production_t`).
    pub home_production_covered: Option<f64>,
    /// Share of the listed production whose mine's stripping ratio is reported by the operator
    /// or planned in a technical report (not estimated).
    pub reported_stripping: f64,
    /// Share of the listed production whose ore grade is a head grade (not reserve or resource).
    pub head_grade: f64,
    /// Parameters of this commodity (its mines' included) flagged as estimated.
    pub estimated: usize,
    /// All parameters of this commodity.
    pub parameters: usize,
}

impl CommodityCoverage {
    pub fn world_share(&self) -> Option<f64> {
        self.world_production_t.map(|w| self.production_t / w)
    }
}

pub fn coverage(model: &Model) -> Vec<CommodityCoverage> {
    let mut out = Vec::new();
    for (ci, c) in model.commodities.iter().enumerate() {
        let listed: Vec<_> = model
            .producers
            .iter()
            .filter(|p| p.commodity == ci && p.mine.is_some())
            .collect();
        let span = |f: &dyn Fn(&crate::model::Producer) -> crate::model::ParamId| {
            listed
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                    let (a, b) = model.param(f(p)).dist.bounds();
                    (lo.min(a), hi.max(b))
                })
        };
        let (gmin, gmax) = span(&|p| p.ore_grade);
        let (smin, smax) = span(&|p| p.stripping_ratio);
        let mut supply_covered = 0.0;
        let mut home_production_covered = None;
        let mut residual = Vec::new();
        for s in model.supply.iter().filter(|s| s.commodity == ci) {
            let has_mine = listed.iter().any(|p| p.country == s.country);
            let code = &model.countries[s.country];
            if !has_mine {
                residual.push(code.clone());
            } else if s.residual_weight > 0.0 {
                // Listed mines cover only part of the country's production.
                residual.push(format!("{code}({:.0}%)", 100.0 * s.residual_weight));
            }
            if has_mine {
                supply_covered += model.param(s.share).best * (1.0 - s.residual_weight);
            }
            if s.country == model.home && s.residual_weight > 0.0 {
                home_production_covered = Some(1.0 - s.residual_weight);
            }
        }
        // A mine's stripping ratio counts for each commodity it produces.
        let mine_ids: Vec<usize> = listed.iter().filter_map(|p| p.mine).collect();
        let mut estimated = 0;
        let mut parameters = 0;
        for p in &model.params {
            let belongs = p.commodity == Some(ci)
                || (p.kind == ParamKind::StrippingRatio
                    && p.mine.is_some_and(|m| mine_ids.contains(&m)));
            if belongs && p.at.is_some() {
                parameters += 1;
                if p.estimated {
                    estimated += 1;
                }
            }
        }
        let production: f64 = listed.iter().map(|p| p.production_t).sum();
        let share_of = |f: &dyn Fn(&crate::model::Producer) -> bool| {
            let part: f64 = listed.iter().filter(|p| f(p)).map(|p| p.production_t).sum();
            part / production + 0.0 // an empty sum is -0
        };
        let reported_stripping = share_of(&|p| {
            p.mine
                .is_some_and(|m| model.mines[m].stripping_ratio_basis != "estimated")
        });
        let head_grade = share_of(&|p| p.ore_grade_basis == "head");
        out.push(CommodityCoverage {
            commodity: c.id.clone(),
            mines: listed.len(),
            production_t: listed.iter().map(|p| p.production_t).sum(),
            world_production_t: c.world_production_t,
            supply_covered,
            residual_countries: residual,
            grade_min: gmin,
            grade_max: gmax,
            stripping_ratio_min: smin,
            stripping_ratio_max: smax,
            home_production_covered,
            reported_stripping,
            head_grade,
            estimated,
            parameters,
        });
    }
    out
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        sig(x * 100.0, 3).to_string()
    } else {
        "–".to_string()
    }
}

pub fn coverage_table(cov: &[CommodityCoverage]) -> TextTable {
    let mut t = TextTable::new(&[
        "commodity",
        "mines",
        "world production covered %",
        "home supply covered %",
        "ore grade % (min–max)",
        "stripping ratio t/t (min–max)",
        "home production covered %",
        "reported stripping %",
        "head grade %",
        "estimated / parameters",
        "residual countries",
    ]);
    for c in cov {
        t.row(vec![
            c.commodity.clone(),
            c.mines.to_string(),
            c.world_share()
                .map_or("–".to_string(), |s| format!("{:.1}", s * 100.0)),
            format!("{:.1}", c.supply_covered * 100.0),
            format!("{}–{}", pct(c.grade_min), pct(c.grade_max)),
            if c.stripping_ratio_min.is_finite() {
                format!(
                    "{}–{}",
                    sig(c.stripping_ratio_min, 2),
                    sig(c.stripping_ratio_max, 2)
                )
            } else {
                "–".to_string()
            },
            c.home_production_covered
                .map_or("–".to_string(), |s| format!("{:.1}", s * 100.0)),
            format!("{:.1}", c.reported_stripping * 100.0),
            format!("{:.1}", c.head_grade * 100.0),
            format!("{} / {}", c.estimated, c.parameters),
            c.residual_countries.join(" "),
        ]);
    }
    t
}

/// Every residual producer with its share of its country's supply, the basis of its ore, and
/// the best estimate and range of each of its ore's parameters.
pub fn residual_table(model: &Model) -> TextTable {
    let mut t = TextTable::new(&[
        "residual",
        "share of country",
        "ore grade %",
        "stripping ratio t/t",
        "recovery benef.",
        "recovery smelt.",
        "concentrate %",
        "co-product share",
        "basis",
    ]);
    let range = |id: Option<crate::model::ParamId>, scale: f64| match id {
        None => "–".to_string(),
        Some(id) => {
            let p = model.param(id);
            let (lo, hi) = p.dist.bounds();
            if lo == hi {
                sig(p.best * scale, 3).to_string()
            } else {
                format!(
                    "{} ({}–{})",
                    sig(p.best * scale, 3),
                    sig(lo * scale, 3),
                    sig(hi * scale, 3)
                )
            }
        }
    };
    for r in &model.residuals {
        let p = &model.producers[r.producer];
        let share = match r.supply {
            Some(s) => format!("{:.0} %", 100.0 * model.supply[s].residual_weight),
            None => "co-product".to_string(),
        };
        t.row(vec![
            p.label.clone(),
            share,
            range(Some(p.ore_grade), 100.0),
            range(Some(p.stripping_ratio), 1.0),
            range(p.recovery_beneficiation, 1.0),
            range(Some(p.recovery_smelting), 1.0),
            range(p.concentrate_grade, 100.0),
            p.coproduct_share
                .map_or("1".to_string(), |id| range(Some(id), 1.0)),
            r.basis.describe(),
        ]);
    }
    t
}
