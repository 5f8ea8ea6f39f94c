//! `fig_tornado_{vehicle}`, `fig_sobol_{vehicle}`, `fig_spearman_{vehicle}`: sensitivity of
//! a vehicle's output to its twelve most influential parameters.

use super::*;

/// How a sensitivity method is drawn.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum SensKind {
    /// Output with each parameter (group) at its low and high level, around the base value.
    Tornado,
    /// First-order and total Sobol' indices with intervals.
    Sobol,
    /// Spearman rank correlation with intervals.
    Spearman,
}

/// One parameter (row) of a sensitivity figure.
pub(super) struct SensRow {
    pub(super) parameter: String,
    /// (index name, value, ci_low, ci_high)
    pub(super) values: Vec<(String, f64, f64, f64)>,
}

impl SensRow {
    fn get(&self, index: &str) -> Option<(f64, f64, f64)> {
        self.values
            .iter()
            .find(|(i, ..)| i.eq_ignore_ascii_case(index))
            .map(|&(_, v, lo, hi)| (v, lo, hi))
    }
    fn value(&self, index: &str) -> f64 {
        self.get(index).map(|t| t.0).unwrap_or(f64::NAN)
    }
}

/// Most parameters shown in one sensitivity figure.
pub(super) const SENS_TOP: usize = 12;

pub(super) struct SensFigure {
    pub(super) kind: SensKind,
    pub(super) vehicle: String,
    /// The vehicle's display name (titles).
    pub(super) label: String,
    pub(super) quantity: String,
    pub(super) unit: String,
    /// Tornado base (point estimate of the vehicle's output).
    pub(super) base: f64,
    pub(super) rows: Vec<SensRow>,
    /// Parameters not shown.
    pub(super) omitted: usize,
}

impl SensFigure {
    fn method(&self) -> &'static str {
        match self.kind {
            SensKind::Tornado => "tornado",
            SensKind::Sobol => "sobol",
            SensKind::Spearman => "spearman",
        }
    }
    fn labels(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.parameter.clone()).collect()
    }
    /// Labels too long for the label area stand on their own line in each row.
    fn inline(&self) -> bool {
        self.rows
            .iter()
            .any(|r| text_size(&r.parameter, PT_TICK).0 > MAX_LABEL_PX)
    }
    fn legend(&self) -> Vec<(Key, String)> {
        match self.kind {
            SensKind::Tornado => vec![
                (
                    Key::Swatch(OI_BLUE),
                    "parameter at its low level".to_string(),
                ),
                (
                    Key::Swatch(OI_ORANGE),
                    "parameter at its high level".to_string(),
                ),
                (Key::Median, "deterministic point estimate".to_string()),
            ],
            SensKind::Sobol => vec![
                (Key::Dot(OI_BLUE), "first-order index S1".to_string()),
                (Key::Dot(OI_VERMILLION), "total index ST".to_string()),
                (Key::Whisker, "confidence interval".to_string()),
            ],
            SensKind::Spearman => vec![
                (Key::Dot(OI_BLUE), "Spearman ρ".to_string()),
                (Key::Whisker, "confidence interval".to_string()),
            ],
        }
    }
}

impl Figure for SensFigure {
    fn name(&self) -> String {
        format!("fig_{}_{}", self.method(), file_safe(&self.vehicle))
    }
    fn title(&self) -> String {
        let q = quantity_label(&self.quantity);
        match self.kind {
            SensKind::Tornado => format!("Tornado: {q} of {}", self.label),
            SensKind::Sobol => format!("Sobol' indices: {q} of {}", self.label),
            SensKind::Spearman => format!("Rank correlation: {q} of {}", self.label),
        }
    }
    fn caption(&self) -> String {
        let q = quantity_label(&self.quantity);
        let more = if self.omitted > 0 {
            format!(
                " {} parameters with smaller or no effects are not shown.",
                self.omitted
            )
        } else {
            String::new()
        };
        let text = match self.kind {
            SensKind::Tornado => format!(
                "One-at-a-time sensitivity of the {q} of {}: the {q} with each parameter (or \
                 group) at its low and its high level, the others at their best estimates; \
                 bars start at the deterministic point estimate (vertical line).",
                self.vehicle
            ),
            SensKind::Sobol => format!(
                "Variance-based (Sobol') sensitivity of the {q} of {}: first-order and total \
                 indices with their confidence intervals, largest total index first.",
                self.vehicle
            ),
            SensKind::Spearman => format!(
                "Spearman rank correlation between each parameter and the {q} of {}, with \
                 confidence intervals, largest |ρ| first.",
                self.vehicle
            ),
        };
        text + &more
    }
    fn height(&self) -> u32 {
        let row_h = if self.inline() { ROW_H_INLINE } else { ROW_H };
        row_height_with(self.rows.len(), legend_height(&self.legend()), row_h)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let labels = self.labels();
        let n = labels.len();
        let inline = self.inline();
        // Marks sit below the label line in inline rows.
        let (shift, half, dy_s) = if inline {
            (-0.14, 0.22, 0.11)
        } else {
            (0.0, 0.3, 0.17)
        };
        let vals = || {
            self.rows
                .iter()
                .flat_map(|r| r.values.iter().flat_map(|&(_, v, lo, hi)| [v, lo, hi]))
        };
        match self.kind {
            SensKind::Tornado => {
                let lo = finite_min(vals().chain([self.base]));
                let hi = finite_max(vals().chain([self.base]));
                let pad = 0.06 * (hi - lo).max(hi.abs() * 0.01).max(1e-12);
                let x: RangedCoordf64 = (lo - pad..hi + pad).into();
                let desc = format!(
                    "{} ({})",
                    quantity_label(&self.quantity),
                    unit_label(&self.unit)
                );
                let mut chart = row_chart(&area, x, &labels, &desc, inline, tag)?;
                for (i, r) in self.rows.iter().enumerate() {
                    let y = row_y(i, n) + shift;
                    // Both bars start at the base; the longer one is drawn first so that a
                    // shorter one on the same side stays visible on top of it.
                    let mut bars: Vec<(f64, RGBColor, &str)> = [
                        (r.value("low"), OI_BLUE, "low"),
                        (r.value("high"), OI_ORANGE, "high"),
                    ]
                    .into_iter()
                    .filter(|b| b.0.is_finite())
                    .collect();
                    bars.sort_by(|a, b| {
                        (b.0 - self.base).abs().total_cmp(&(a.0 - self.base).abs())
                    });
                    for (k, (val, col, which)) in bars.into_iter().enumerate() {
                        let class = if k == 0 { "hf-mark hf-bar" } else { "hf-bar" };
                        tag.set(class, &[("parameter", &r.parameter), ("level", which)]);
                        chart
                            .draw_series([Rectangle::new(
                                [
                                    (self.base.min(val), y - half),
                                    (self.base.max(val), y + half),
                                ],
                                col.filled(),
                            )])
                            .map_err(de)?;
                    }
                    tag.clear();
                }
                tag.set("hf-reference", &[]);
                chart
                    .draw_series([PathElement::new(
                        vec![(self.base, -0.5), (self.base, n as f64 - 0.5)],
                        INK.stroke_width(2),
                    )])
                    .map_err(de)?;
                tag.clear();
                if inline {
                    inline_labels(&mut chart, &labels, tag)?;
                }
            }
            SensKind::Sobol | SensKind::Spearman => {
                let (a, b) = if self.kind == SensKind::Spearman {
                    let m = finite_max(vals().map(f64::abs)).clamp(0.05, 1.0);
                    (-m * 1.06, m * 1.06)
                } else {
                    zero_based(finite_min(vals()), finite_max(vals()))
                };
                let x: RangedCoordf64 = (a..b).into();
                let desc = if self.kind == SensKind::Sobol {
                    "Sobol' index (–)"
                } else {
                    "Rank correlation ρ (–)"
                };
                let mut chart = row_chart(&area, x, &labels, desc, inline, tag)?;
                if self.kind == SensKind::Spearman {
                    tag.set("hf-reference", &[]);
                    chart
                        .draw_series([PathElement::new(
                            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                            INK.stroke_width(2),
                        )])
                        .map_err(de)?;
                }
                let series: &[(&str, RGBColor, f64)] = if self.kind == SensKind::Sobol {
                    &[("S1", OI_BLUE, dy_s), ("ST", OI_VERMILLION, -dy_s)]
                } else {
                    &[("spearman", OI_BLUE, 0.0)]
                };
                for (i, r) in self.rows.iter().enumerate() {
                    let y = row_y(i, n) + shift;
                    for (k, &(index, col, dy)) in series.iter().enumerate() {
                        let Some((v, lo, hi)) = r.get(index) else {
                            continue;
                        };
                        tag.set("hf-band", &[("parameter", &r.parameter), ("index", index)]);
                        whisker(&mut chart, lo, hi, y + dy, half / 3.0, INK, 2)?;
                        let main = k + 1 == series.len();
                        let class = if main { "hf-mark hf-index" } else { "hf-index" };
                        tag.set(class, &[("parameter", &r.parameter), ("index", index)]);
                        if v.is_finite() {
                            chart
                                .draw_series([Circle::new((v, y + dy), 9, col.filled())])
                                .map_err(de)?;
                        }
                    }
                    tag.clear();
                }
                if inline {
                    inline_labels(&mut chart, &labels, tag)?;
                }
            }
        }
        Ok(())
    }
}

/// `bev/nmc 111` → `bev_nmc_111`: letters, digits, `-` and `_` only.
pub(super) fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub(super) fn sensitivity_figures(data: &RunData) -> Result<Vec<SensFigure>> {
    let Some(t) = &data.sensitivity else {
        return Ok(Vec::new());
    };
    let (cv, cq, cm, cp, ci, cval, clo, chi) = (
        t.col("vehicle")?,
        t.col("quantity")?,
        t.col("method")?,
        t.col("parameter")?,
        t.col("index")?,
        t.col("value")?,
        t.col("ci_low")?,
        t.col("ci_high")?,
    );
    let kind_of = |method: &str, index: &str| -> Option<SensKind> {
        let m = method.to_ascii_lowercase();
        let i = index.to_ascii_lowercase();
        if m.contains("sobol") && (i == "s1" || i == "st") {
            Some(SensKind::Sobol)
        } else if (m.contains("tornado") || m == "oat") && (i == "low" || i == "high") {
            Some(SensKind::Tornado)
        } else if i == "spearman" {
            Some(SensKind::Spearman)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for kind in [SensKind::Tornado, SensKind::Sobol, SensKind::Spearman] {
        for v in &data.summary.vehicles {
            let mine: Vec<usize> = (0..t.rows.len())
                .filter(|&r| {
                    t.text(r, cv) == v && kind_of(t.text(r, cm), t.text(r, ci)) == Some(kind)
                })
                .collect();
            if mine.is_empty() {
                continue;
            }
            let qs: Vec<&str> = mine.iter().map(|&r| t.text(r, cq)).collect();
            let quantity = if qs.contains(&"tmr") { "tmr" } else { qs[0] }.to_string();
            let mut rows: Vec<SensRow> = Vec::new();
            for &r in &mine {
                if t.text(r, cq) != quantity {
                    continue;
                }
                let p = t.text(r, cp).to_string();
                let entry = (
                    t.text(r, ci).to_string(),
                    t.num(r, cval)?,
                    t.num(r, clo)?,
                    t.num(r, chi)?,
                );
                match rows.iter_mut().find(|x| x.parameter == p) {
                    Some(x) => x.values.push(entry),
                    None => rows.push(SensRow {
                        parameter: p,
                        values: vec![entry],
                    }),
                }
            }
            let stat = data.summary.get(v, &quantity);
            let base = stat
                .map(|s| {
                    if s.point.is_finite() {
                        s.point
                    } else {
                        s.median()
                    }
                })
                .unwrap_or(f64::NAN);
            let key = |r: &SensRow| -> f64 {
                let k = match kind {
                    SensKind::Tornado => (r.value("high") - r.value("low")).abs(),
                    SensKind::Sobol => r.value("ST").max(r.value("S1")),
                    SensKind::Spearman => r.value("spearman").abs(),
                };
                if k.is_nan() { f64::NEG_INFINITY } else { k }
            };
            // Largest effect first; ties keep file order.
            rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
            let all = rows.len();
            if kind == SensKind::Tornado {
                // A parameter that moves the output at neither end has no bar to draw.
                let moves = |x: f64| (x - base).abs() > 1e-9 * base.abs();
                rows.retain(|r| moves(r.value("low")) || moves(r.value("high")));
            }
            rows.truncate(SENS_TOP);
            let omitted = all - rows.len();
            if rows.is_empty() || (kind == SensKind::Tornado && !base.is_finite()) {
                continue;
            }
            out.push(SensFigure {
                kind,
                vehicle: v.clone(),
                label: data.label(v),
                unit: stat.map(|s| s.unit.clone()).unwrap_or_default(),
                quantity,
                base,
                rows,
                omitted,
            });
        }
    }
    Ok(out)
}
