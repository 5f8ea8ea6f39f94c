//! `fig_ratio`: each vehicle's TMR relative to the reference vehicle; `fig_scenarios`: each
//! scenario's TMR relative to the baseline, per vehicle. Both are per-draw ratios with their
//! interval, one row each.

use super::*;

pub(super) struct RatioFigure {
    pub(super) labels: Vec<String>,
    pub(super) vehicles: Vec<String>,
    pub(super) stats: Vec<Stat>,
    pub(super) reference: String,
    /// `None`: the vehicle-pair figure (`fig_ratio`); `Some`: the scenarios figure, with each
    /// row's scenario (an index into the names), shown by the colour of its dot.
    pub(super) scenarios: Option<(Vec<String>, Vec<usize>)>,
}

/// Dot colours of the scenarios, in order (Okabe–Ito, distinguishable in colour blindness).
const SCENARIO_COLOURS: [RGBColor; 6] = [
    OI_BLUE,
    OI_ORANGE,
    OI_GREEN,
    OI_PURPLE,
    OI_SKY_BLUE,
    OI_BLACK,
];

impl RatioFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        let mut keys = match &self.scenarios {
            None => vec![(Key::Dot(OI_BLUE), "median ratio".to_string())],
            Some((names, _)) => names
                .iter()
                .enumerate()
                .map(|(i, n)| (Key::Dot(scenario_colour(i)), format!("{n}: median")))
                .collect(),
        };
        keys.push((Key::Whisker, format!("{ci} interval")));
        keys.push((Key::Line(OI_VERMILLION), "equal TMR".to_string()));
        keys
    }

    fn dot_colour(&self, row: usize) -> RGBColor {
        match &self.scenarios {
            None => OI_BLUE,
            Some((_, group)) => scenario_colour(group[row]),
        }
    }
}

impl Figure for RatioFigure {
    fn name(&self) -> String {
        match self.scenarios {
            None => "fig_ratio".to_string(),
            Some(_) => "fig_scenarios".to_string(),
        }
    }
    fn title(&self) -> String {
        format!("TMR relative to {}", self.reference)
    }
    fn caption(&self) -> String {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        if let Some((names, _)) = &self.scenarios {
            return format!(
                "Ratio of each vehicle's TMR in each scenario ({}) to its TMR in the baseline, \
                 computed per Monte Carlo draw on the same draws: median (dot) and {ci} interval \
                 (whiskers). The vertical line marks no change (ratio 1).",
                names.join(", ")
            );
        }
        format!(
            "Ratio of each vehicle's TMR to that of {} (baseline scenario), computed per Monte \
             Carlo draw: median (dot) and {ci} interval (whiskers). The vertical line marks \
             equal TMR (ratio 1).",
            self.reference
        )
    }
    fn height(&self) -> u32 {
        row_height(self.labels.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let hi = finite_max(
            self.stats
                .iter()
                .flat_map(|s| [s.ci_high, s.median()])
                .chain([1.0]),
        );
        let lo = finite_min(self.stats.iter().map(|s| s.ci_low));
        let (a, b) = zero_based(lo, hi);
        let x: RangedCoordf64 = (a..b).into();
        let n = self.labels.len();
        let desc = match self.scenarios {
            None => format!("TMR ratio to {} (–)", self.reference),
            Some(_) => "TMR ratio to the baseline (–)".to_string(),
        };
        let mut chart = row_chart(&area, x, &self.labels, &desc, false, tag)?;
        tag.set("hf-reference", &[]);
        chart
            .draw_series([PathElement::new(
                vec![(1.0, -0.5), (1.0, n as f64 - 0.5)],
                OI_VERMILLION.stroke_width(2),
            )])
            .map_err(de)?;
        for (i, (v, s)) in self.vehicles.iter().zip(&self.stats).enumerate() {
            let y = row_y(i, n);
            tag.set("hf-band", &[("vehicle", v)]);
            whisker(&mut chart, s.ci_low, s.ci_high, y, 0.16, INK, 3)?;
            tag.set("hf-mark hf-median", &[("vehicle", v)]);
            chart
                .draw_series([Circle::new(
                    (s.median(), y),
                    10,
                    self.dot_colour(i).filled(),
                )])
                .map_err(de)?;
            tag.clear();
        }
        Ok(())
    }
}

pub(super) fn ratio_figure(data: &RunData) -> Result<Option<RatioFigure>> {
    let t = &data.comparisons;
    let (ca, cb, cs, cq, cst) = (
        t.col("a")?,
        t.col("b")?,
        t.col("scenario")?,
        t.col("quantity")?,
        t.col("statistic")?,
    );
    let cols = crate::report::tables::StatCols::of(t)?;
    let mut rows: Vec<(usize, String, String, Stat)> = Vec::new();
    for r in 0..t.rows.len() {
        if t.text(r, cs) != "baseline" || t.text(r, cq) != "tmr" || t.text(r, cst) != "ratio" {
            continue;
        }
        let a = t.text(r, ca).to_string();
        let pos = data
            .summary
            .vehicles
            .iter()
            .position(|v| *v == a)
            .unwrap_or(usize::MAX);
        rows.push((pos, a, t.text(r, cb).to_string(), cols.get(t, r)?));
    }
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by_key(|r| r.0);
    let mut refs: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    refs.dedup();
    let single = refs.len() == 1;
    let reference = if single {
        refs[0].to_string()
    } else {
        "the reference vehicle".to_string()
    };
    let labels = rows
        .iter()
        .map(|(_, a, b, _)| {
            if single {
                a.clone()
            } else {
                format!("{a} / {b}")
            }
        })
        .collect();
    Ok(Some(RatioFigure {
        labels,
        vehicles: rows.iter().map(|r| r.1.clone()).collect(),
        stats: rows.into_iter().map(|r| r.3).collect(),
        reference,
        scenarios: None,
    }))
}

/// Each scenario against the baseline, per vehicle (rows `a = b` of comparisons.csv), grouped
/// by scenario; `None` without scenarios. The variance budget's scenarios are left out: they
/// are in `variance_budget.csv`.
pub(super) fn scenarios_figure(data: &RunData) -> Result<Option<RatioFigure>> {
    let t = &data.comparisons;
    let (ca, cb, cs, cq, cst) = (
        t.col("a")?,
        t.col("b")?,
        t.col("scenario")?,
        t.col("quantity")?,
        t.col("statistic")?,
    );
    let cols = crate::report::tables::StatCols::of(t)?;
    let mut names: Vec<String> = Vec::new();
    let mut rows: Vec<(usize, usize, String, Stat)> = Vec::new();
    for r in 0..t.rows.len() {
        let scenario = t.text(r, cs);
        let own = t.text(r, ca) == t.text(r, cb);
        if scenario == "baseline"
            || scenario.starts_with(crate::engine::BUDGET_PREFIX)
            || !own
            || t.text(r, cq) != "tmr"
            || t.text(r, cst) != "ratio"
        {
            continue;
        }
        let si = match names.iter().position(|n| n == scenario) {
            Some(i) => i,
            None => {
                names.push(scenario.to_string());
                names.len() - 1
            }
        };
        let v = t.text(r, ca).to_string();
        let pos = data.summary.vehicles.iter().position(|x| *x == v);
        rows.push((si, pos.unwrap_or(usize::MAX), v, cols.get(t, r)?));
    }
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by_key(|r| (r.0, r.1));
    let labels = rows.iter().map(|r| r.2.clone()).collect();
    let group = rows.iter().map(|r| r.0).collect();
    Ok(Some(RatioFigure {
        labels,
        vehicles: rows.iter().map(|r| r.2.clone()).collect(),
        stats: rows.into_iter().map(|r| r.3).collect(),
        reference: "the baseline".to_string(),
        scenarios: Some((names, group)),
    }))
}

fn scenario_colour(i: usize) -> RGBColor {
    SCENARIO_COLOURS[i % SCENARIO_COLOURS.len()]
}
