//! Figures of one interval per row, each a median (dot) and its interval (whiskers):
//! `fig_ratio`, each vehicle's TMR relative to the reference vehicle; `fig_scenarios`, each
//! scenario's TMR relative to the baseline per vehicle; `fig_shapes`, each vehicle's TMR under
//! several shapes of the reported ranges (`hiddenflow shapes`).

use super::*;

pub struct RatioFigure {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) caption: String,
    /// The value axis's description.
    pub(super) axis: String,
    pub(super) labels: Vec<String>,
    pub(super) vehicles: Vec<String>,
    pub(super) stats: Vec<Stat>,
    /// Rows in groups (scenarios, shapes) shown by the colour of their dots: the groups'
    /// names and each row's group; `None`: one colour.
    pub(super) groups: Option<(Vec<String>, Vec<usize>)>,
    /// A vertical line: its value and legend text (equal TMR at ratio 1).
    pub(super) line: Option<(f64, String)>,
}

/// Dot colours of the groups, in order (Okabe–Ito, distinguishable in colour blindness).
const GROUP_COLOURS: [RGBColor; 6] = [
    OI_BLUE,
    OI_ORANGE,
    OI_GREEN,
    OI_PURPLE,
    OI_SKY_BLUE,
    OI_BLACK,
];

fn group_colour(i: usize) -> RGBColor {
    GROUP_COLOURS[i % GROUP_COLOURS.len()]
}

impl RatioFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        let mut keys = match &self.groups {
            None => vec![(Key::Dot(OI_BLUE), "median ratio".to_string())],
            Some((names, _)) => names
                .iter()
                .enumerate()
                .map(|(i, n)| (Key::Dot(group_colour(i)), format!("{n}: median")))
                .collect(),
        };
        keys.push((Key::Whisker, format!("{ci} interval")));
        if let Some((_, text)) = &self.line {
            keys.push((Key::Line(OI_VERMILLION), text.clone()));
        }
        keys
    }

    fn dot_colour(&self, row: usize) -> RGBColor {
        match &self.groups {
            None => OI_BLUE,
            Some((_, group)) => group_colour(group[row]),
        }
    }
}

impl Figure for RatioFigure {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn title(&self) -> String {
        self.title.clone()
    }
    fn caption(&self) -> String {
        self.caption.clone()
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
                .chain(self.line.as_ref().map(|l| l.0)),
        );
        let lo = finite_min(self.stats.iter().map(|s| s.ci_low));
        let (a, b) = zero_based(lo, hi);
        let x: RangedCoordf64 = (a..b).into();
        let n = self.labels.len();
        let mut chart = row_chart(&area, x, &self.labels, &self.axis, false, tag)?;
        if let Some((at, _)) = self.line {
            tag.set("hf-reference", &[]);
            chart
                .draw_series([PathElement::new(
                    vec![(at, -0.5), (at, n as f64 - 0.5)],
                    OI_VERMILLION.stroke_width(2),
                )])
                .map_err(de)?;
        }
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
    let [ca, cb, cs, cq, cst] = comparison_columns(t)?;
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
        data.label(refs[0])
    } else {
        "the reference vehicle".to_string()
    };
    let labels = rows
        .iter()
        .map(|(_, a, b, _)| {
            if single {
                data.label(a)
            } else {
                format!("{} / {}", data.label(a), data.label(b))
            }
        })
        .collect();
    let ci = rows[0].3.ci_label();
    Ok(Some(RatioFigure {
        name: "fig_ratio".to_string(),
        title: format!("TMR relative to {reference}"),
        caption: format!(
            "Ratio of each vehicle's TMR to that of {reference} (baseline scenario), computed per \
             Monte Carlo draw: median (dot) and {ci} interval (whiskers). The vertical line marks \
             equal TMR (ratio 1)."
        ),
        axis: format!("TMR ratio to {reference} (–)"),
        labels,
        vehicles: rows.iter().map(|r| r.1.clone()).collect(),
        stats: rows.into_iter().map(|r| r.3).collect(),
        groups: None,
        line: Some((1.0, "equal TMR".to_string())),
    }))
}

/// Each scenario against the baseline, per vehicle (rows `a = b` of comparisons.csv), grouped
/// by scenario; `None` without scenarios. The variance budget's scenarios are left out: they
/// are in `variance_budget.csv`.
pub(super) fn scenarios_figure(data: &RunData) -> Result<Option<RatioFigure>> {
    let t = &data.comparisons;
    let [ca, cb, cs, cq, cst] = comparison_columns(t)?;
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
    let labels = rows.iter().map(|r| data.label(&r.2)).collect();
    let group = rows.iter().map(|r| r.0).collect();
    let ci = rows[0].3.ci_label();
    Ok(Some(RatioFigure {
        name: "fig_scenarios".to_string(),
        title: "TMR relative to the baseline".to_string(),
        caption: format!(
            "Ratio of each vehicle's TMR in each scenario ({}) to its TMR in the baseline, \
             computed per Monte Carlo draw on the same draws: median (dot) and {ci} interval \
             (whiskers). The vertical line marks no change (ratio 1).",
            names.join(", ")
        ),
        axis: "TMR ratio to the baseline (–)".to_string(),
        labels,
        vehicles: rows.iter().map(|r| r.2.clone()).collect(),
        stats: rows.into_iter().map(|r| r.3).collect(),
        groups: Some((names, group)),
        line: Some((1.0, "equal TMR".to_string())),
    }))
}

/// `fig_shapes` of `hiddenflow shapes`: each vehicle's TMR under each shape of the reported
/// ranges, on the same draws; `rows` are (shape, vehicle, statistics), grouped by vehicle.
pub fn shapes_figure(
    shapes: &[String],
    rows: Vec<(usize, String, Stat)>,
    label: &dyn Fn(&str) -> String,
) -> RatioFigure {
    let ci = rows.first().map(|r| r.2.ci_label()).unwrap_or_default();
    RatioFigure {
        name: "fig_shapes".to_string(),
        title: "TMR per vehicle by shape of the reported ranges".to_string(),
        caption: format!(
            "Each vehicle's TMR when every reported range without a distribution of its own is \
             drawn with another shape ({}), on the same draws: median (dot) and {ci} interval \
             (whiskers).",
            shapes.join(", ")
        ),
        axis: "TMR (t/vehicle)".to_string(),
        labels: rows.iter().map(|r| label(&r.1)).collect(),
        vehicles: rows.iter().map(|r| r.1.clone()).collect(),
        groups: Some((shapes.to_vec(), rows.iter().map(|r| r.0).collect())),
        stats: rows.into_iter().map(|r| r.2).collect(),
        line: None,
    }
}

/// `fig_two_d` of `hiddenflow two-d`: per vehicle, percentiles of the variability distribution
/// (groups, e.g. its 2.5th percentile, median, 97.5th percentile), each with the median over the
/// epistemic draws (dot) and its epistemic interval (whiskers); `rows` are (group, vehicle
/// label, statistics), grouped by vehicle.
pub fn two_d_figure(
    groups: &[String],
    rows: Vec<(usize, String, Stat)>,
    label: &dyn Fn(&str) -> String,
) -> RatioFigure {
    let ci = rows.first().map(|r| r.2.ci_label()).unwrap_or_default();
    RatioFigure {
        name: "fig_two_d".to_string(),
        title: "TMR: variability and epistemic uncertainty".to_string(),
        caption: format!(
            "Two-dimensional Monte Carlo. For each vehicle, percentiles of the TMR's variability              (spread between mines, years and models; {}): median over the epistemic draws (dot)              and their {ci} epistemic interval (whiskers).",
            groups.join(", ")
        ),
        axis: "TMR (t/vehicle)".to_string(),
        labels: rows.iter().map(|r| label(&r.1)).collect(),
        vehicles: rows.iter().map(|r| r.1.clone()).collect(),
        groups: Some((groups.to_vec(), rows.iter().map(|r| r.0).collect())),
        stats: rows.into_iter().map(|r| r.2).collect(),
        line: None,
    }
}

/// Columns a, b, scenario, quantity and statistic of comparisons.csv.
fn comparison_columns(t: &crate::report::tables::CsvTable) -> Result<[usize; 5]> {
    Ok([
        t.col("a")?,
        t.col("b")?,
        t.col("scenario")?,
        t.col("quantity")?,
        t.col("statistic")?,
    ])
}
