//! `fig_tmr`: TMR per vehicle (median, interval, deterministic point estimate).

use super::*;

pub(super) struct TmrFigure {
    pub(super) vehicles: Vec<String>,
    /// Display names, in the order of `vehicles`.
    pub(super) labels: Vec<String>,
    pub(super) stats: Vec<Stat>,
    pub(super) log: bool,
}

impl TmrFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        vec![
            (Key::Dot(OI_BLUE), "median".to_string()),
            (Key::Whisker, format!("{ci} interval")),
            (
                Key::Cross(OI_VERMILLION),
                "deterministic point estimate".to_string(),
            ),
        ]
    }
    fn draw_on<DB, X>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x: X,
        x_desc: &str,
        tag: &Tag,
    ) -> Fallible
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let n = self.vehicles.len();
        let mut chart = row_chart(area, x, &self.labels, x_desc, false, tag)?;
        for (i, (v, s)) in self.vehicles.iter().zip(&self.stats).enumerate() {
            let y = row_y(i, n);
            tag.set("hf-band", &[("vehicle", v)]);
            whisker(&mut chart, s.ci_low, s.ci_high, y, 0.16, INK, 3)?;
            tag.set("hf-mark hf-median", &[("vehicle", v)]);
            chart
                .draw_series([Circle::new((s.median(), y), 10, OI_BLUE.filled())])
                .map_err(de)?;
            // The cross on top: it stays visible where it falls on the median.
            if s.point.is_finite() {
                tag.set("hf-point", &[("vehicle", v)]);
                chart
                    .draw_series([Cross::new((s.point, y), 9, OI_VERMILLION.stroke_width(4))])
                    .map_err(de)?;
            }
            tag.clear();
        }
        Ok(())
    }
}

impl Figure for TmrFigure {
    fn name(&self) -> String {
        "fig_tmr".to_string()
    }
    fn title(&self) -> String {
        "Total material requirement per vehicle".to_string()
    }
    fn caption(&self) -> String {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        format!(
            "Total material requirement (TMR) per vehicle: median (dot) and {ci} interval \
             (whiskers, 2.5th–97.5th percentile for 95 %) of the Monte Carlo distribution; \
             cross: deterministic point estimate (best values of all parameters){}.",
            if self.log { "; logarithmic axis" } else { "" }
        )
    }
    fn height(&self) -> u32 {
        row_height(self.vehicles.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let unit = unit_label(self.stats.first().map(|s| s.unit.as_str()).unwrap_or(""));
        let all = || {
            self.stats
                .iter()
                .flat_map(|s| [s.ci_low, s.ci_high, s.point, s.median()])
        };
        let (lo, hi) = (finite_min(all()), finite_max(all()));
        if self.log && lo > 0.0 && hi.is_finite() {
            let x = log_axis(lo / 1.25, hi * 1.25);
            self.draw_on(&area, x, &format!("TMR ({unit}, logarithmic scale)"), tag)
        } else {
            let (a, b) = zero_based(lo, hi);
            let x: RangedCoordf64 = (a..b).into();
            self.draw_on(&area, x, &format!("TMR ({unit})"), tag)
        }
    }
}
