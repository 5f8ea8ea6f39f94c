//! `fig_convergence`: deviation of each percentile from its value at the largest `n`.

use super::*;

pub(super) struct ConvergenceFigure {
    pub(super) quantity: String,
    /// Per vehicle (summary order): rows (n, p2_5, p50, p97_5), sorted by n.
    pub(super) series: Vec<(String, ConvergenceRows)>,
}

/// Rows (n, [p2_5, p50, p97_5]) of one vehicle, sorted by n.
pub(super) type ConvergenceRows = Vec<(f64, [f64; 3])>;
/// Per percentile, the points (n, deviation in %).
pub(super) type Deviations = [Vec<(f64, f64)>; 3];

pub(super) const CONV_COLOURS: [RGBColor; 3] = [OI_ORANGE, OI_BLUE, OI_GREEN];
pub(super) const CONV_NAMES: [&str; 3] = ["2.5th percentile", "median", "97.5th percentile"];

impl ConvergenceFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        (0..3)
            .map(|k| (Key::Line(CONV_COLOURS[k]), CONV_NAMES[k].to_string()))
            .collect()
    }
    /// Deviation (%) of each percentile from its value at the largest n.
    fn deviations(&self) -> Vec<(String, Deviations)> {
        self.series
            .iter()
            .map(|(v, rows)| {
                let last = rows.last().map(|r| r.1).unwrap_or([f64::NAN; 3]);
                let dev = |k: usize| -> Vec<(f64, f64)> {
                    rows.iter()
                        .filter(|r| r.0 > 0.0 && r.1[k].is_finite() && last[k] != 0.0)
                        .map(|r| (r.0, 100.0 * (r.1[k] / last[k] - 1.0)))
                        .collect()
                };
                (v.clone(), [dev(0), dev(1), dev(2)])
            })
            .collect()
    }
}

impl Figure for ConvergenceFigure {
    fn name(&self) -> String {
        "fig_convergence".to_string()
    }
    fn title(&self) -> String {
        format!(
            "Convergence of the reported {} percentiles",
            self.quantity_label()
        )
    }
    fn caption(&self) -> String {
        format!(
            "Convergence of the reported percentiles of the {} with the number of Monte Carlo \
             samples n: deviation of each percentile from its value at the largest n, in per \
             cent; one line per vehicle and percentile.",
            self.quantity_label()
        )
    }
    fn height(&self) -> u32 {
        TITLE_H + 640 + legend_height(&self.legend())
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let dev = self.deviations();
        let ns = dev
            .iter()
            .flat_map(|(_, d)| d.iter().flatten().map(|p| p.0))
            .collect::<Vec<_>>();
        let (nlo, nhi) = (
            finite_min(ns.iter().copied()),
            finite_max(ns.iter().copied()),
        );
        let (nlo, nhi) = if nlo.is_finite() && nhi > nlo {
            (nlo / 1.15, nhi * 1.15)
        } else {
            (1.0, 10.0)
        };
        let ymax = finite_max(
            dev.iter()
                .flat_map(|(_, d)| d.iter().flatten().map(|p| p.1.abs())),
        );
        let ymax = if ymax.is_finite() && ymax > 0.0 {
            ymax * 1.1
        } else {
            1.0
        };
        let mut chart = ChartBuilder::on(&area)
            .margin_left(PAD as u32 / 2)
            .margin_right(PAD as u32 + 12)
            .margin_top(6)
            .x_label_area_size(X_AREA)
            .y_label_area_size(150)
            .build_cartesian_2d(log_axis(nlo, nhi), -ymax..ymax)
            .map_err(de)?;
        tag.set("hf-axes", &[]);
        chart
            .configure_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID.stroke_width(2))
            .axis_style(INK.stroke_width(2))
            .set_all_tick_mark_size(TICK)
            .label_style(text_style(PT_TICK))
            .axis_desc_style(text_style(PT_AXIS))
            .x_desc("Samples n (logarithmic scale)")
            .y_desc("Deviation from final value (%)")
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&|v| count_label(v))
            .y_label_formatter(&|v| tick_label(v))
            .draw()
            .map_err(de)?;
        tag.set("hf-zero", &[]);
        chart
            .draw_series([PathElement::new(
                vec![(nlo, 0.0), (nhi, 0.0)],
                INK.stroke_width(2),
            )])
            .map_err(de)?;
        for (v, d) in &dev {
            for k in [0, 2, 1] {
                let class = if k == 1 { "hf-mark hf-line" } else { "hf-line" };
                tag.set(class, &[("vehicle", v), ("percentile", CONV_NAMES[k])]);
                if d[k].len() >= 2 {
                    chart
                        .draw_series([PathElement::new(
                            d[k].clone(),
                            CONV_COLOURS[k].stroke_width(3),
                        )])
                        .map_err(de)?;
                } else if let Some(&p) = d[k].first() {
                    chart
                        .draw_series([Circle::new(p, 6, CONV_COLOURS[k].filled())])
                        .map_err(de)?;
                }
            }
            tag.clear();
        }
        Ok(())
    }
}

impl ConvergenceFigure {
    fn quantity_label(&self) -> String {
        quantity_label(&self.quantity)
    }
}

pub(super) fn convergence_figure(data: &RunData) -> Result<Option<ConvergenceFigure>> {
    let Some(t) = &data.convergence else {
        return Ok(None);
    };
    let (cn, cv, cq) = (t.col("n")?, t.col("vehicle")?, t.col("quantity")?);
    let cp = [t.col("p2_5")?, t.col("p50")?, t.col("p97_5")?];
    let quantities: Vec<&str> = (0..t.rows.len()).map(|r| t.text(r, cq)).collect();
    let quantity = if quantities.contains(&"tmr") {
        "tmr".to_string()
    } else {
        match quantities.first() {
            Some(q) => q.to_string(),
            None => return Ok(None),
        }
    };
    let mut series = Vec::new();
    for v in &data.summary.vehicles {
        let mut rows = Vec::new();
        for r in 0..t.rows.len() {
            if t.text(r, cv) == v && t.text(r, cq) == quantity {
                rows.push((
                    t.num(r, cn)?,
                    [t.num(r, cp[0])?, t.num(r, cp[1])?, t.num(r, cp[2])?],
                ));
            }
        }
        if !rows.is_empty() {
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            series.push((v.clone(), rows));
        }
    }
    if series.is_empty() {
        return Ok(None);
    }
    Ok(Some(ConvergenceFigure { quantity, series }))
}
