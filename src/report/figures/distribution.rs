//! `fig_distribution`: box plot of the stored percentiles per vehicle.

use super::*;

pub(super) struct BoxFigure {
    pub(super) vehicles: Vec<String>,
    /// Display names, in the order of `vehicles`.
    pub(super) labels: Vec<String>,
    pub(super) stats: Vec<Stat>,
}

impl BoxFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        vec![
            (Key::Quartiles, "25th–75th percentile".to_string()),
            (Key::Median, "median".to_string()),
            (Key::Whisker, "2.5th–97.5th percentile".to_string()),
        ]
    }
}

impl Figure for BoxFigure {
    fn name(&self) -> String {
        "fig_distribution".to_string()
    }
    fn title(&self) -> String {
        "Distribution of the TMR per vehicle (percentiles)".to_string()
    }
    fn caption(&self) -> String {
        "Distribution of the total material requirement per vehicle, drawn from the stored \
         percentiles: box from the 25th to the 75th percentile, line at the median, whiskers \
         from the 2.5th to the 97.5th percentile (not 1.5 IQR; no outliers are shown)."
            .to_string()
    }
    fn height(&self) -> u32 {
        row_height(self.vehicles.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let unit = unit_label(self.stats.first().map(|s| s.unit.as_str()).unwrap_or(""));
        let lo = finite_min(self.stats.iter().map(|s| s.p[0]));
        let hi = finite_max(self.stats.iter().map(|s| s.p[6]));
        let (a, b) = zero_based(lo, hi);
        let x: RangedCoordf64 = (a..b).into();
        let n = self.vehicles.len();
        let mut chart = row_chart(&area, x, &self.labels, &format!("TMR ({unit})"), false, tag)?;
        for (i, (v, s)) in self.vehicles.iter().zip(&self.stats).enumerate() {
            let y = row_y(i, n);
            tag.set("hf-whisker", &[("vehicle", v)]);
            whisker(&mut chart, s.p[0], s.p[6], y, 0.14, INK, 3)?;
            if s.p[2].is_finite() && s.p[4].is_finite() {
                let (y0, y1) = (y - 0.28, y + 0.28);
                tag.set("hf-box", &[("vehicle", v)]);
                chart
                    .draw_series([Rectangle::new(
                        [(s.p[2], y0), (s.p[4], y1)],
                        OI_SKY_BLUE.filled(),
                    )])
                    .map_err(de)?;
                tag.set("hf-mark hf-box-outline", &[("vehicle", v)]);
                chart
                    .draw_series([Rectangle::new(
                        [(s.p[2], y0), (s.p[4], y1)],
                        INK.stroke_width(2),
                    )])
                    .map_err(de)?;
                tag.set("hf-median", &[("vehicle", v)]);
                chart
                    .draw_series([PathElement::new(
                        vec![(s.median(), y0), (s.median(), y1)],
                        INK.stroke_width(5),
                    )])
                    .map_err(de)?;
            }
            tag.clear();
        }
        Ok(())
    }
}
