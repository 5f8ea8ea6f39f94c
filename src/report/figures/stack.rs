//! One stacked bar per vehicle: the figure shared by the breakdowns by commodity and by
//! country.

use super::*;
use std::collections::BTreeMap;

/// One stacked bar per vehicle: segments (category index, mean) and the TMR band.
pub(super) struct StackFigure {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) caption: String,
    pub(super) x_desc: String,
    pub(super) vehicles: Vec<String>,
    /// Display names, in the order of `vehicles`.
    pub(super) labels: Vec<String>,
    pub(super) categories: Vec<(String, RGBColor)>,
    /// Per vehicle, the mean of each category (same order as `categories`).
    pub(super) values: Vec<Vec<f64>>,
    /// Per vehicle, the TMR interval drawn on the total.
    pub(super) bands: Vec<(f64, f64)>,
    pub(super) band_label: String,
}

impl StackFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let mut l: Vec<(Key, String)> = self
            .categories
            .iter()
            .map(|(c, col)| (Key::Swatch(*col), c.clone()))
            .collect();
        l.push((Key::Whisker, self.band_label.clone()));
        l
    }
}

impl Figure for StackFigure {
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
        row_height(self.vehicles.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title, tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let totals: Vec<f64> = self
            .values
            .iter()
            .map(|v| v.iter().filter(|x| x.is_finite()).sum())
            .collect();
        let hi = finite_max(totals.iter().copied().chain(self.bands.iter().map(|b| b.1)));
        let (a, b) = zero_based(0.0, hi);
        let x: RangedCoordf64 = (a..b).into();
        let n = self.vehicles.len();
        let mut chart = row_chart(&area, x, &self.labels, &self.x_desc, false, tag)?;
        for (i, v) in self.vehicles.iter().enumerate() {
            let y = row_y(i, n);
            let (y0, y1) = (y - 0.3, y + 0.3);
            let mut left = 0.0;
            for (k, (cat, col)) in self.categories.iter().enumerate() {
                let w = self.values[i][k];
                if !(w.is_finite() && w > 0.0) {
                    continue;
                }
                tag.set("hf-seg", &[("vehicle", v), ("category", cat)]);
                chart
                    .draw_series([Rectangle::new([(left, y0), (left + w, y1)], col.filled())])
                    .map_err(de)?;
                left += w;
            }
            tag.set("hf-mark hf-bar", &[("vehicle", v)]);
            chart
                .draw_series([Rectangle::new(
                    [(0.0, y0), (totals[i], y1)],
                    INK.stroke_width(1),
                )])
                .map_err(de)?;
            tag.set("hf-band", &[("vehicle", v)]);
            let (lo, hi) = self.bands[i];
            whisker(&mut chart, lo, hi, y + 0.38, 0.07, INK, 3)?;
            tag.clear();
        }
        Ok(())
    }
}

/// Picks the `k` largest categories by summed value; the rest become "other".
pub(super) fn top_categories(
    per_vehicle: &[BTreeMap<String, f64>],
    order: &[String],
    k: usize,
) -> Vec<String> {
    let mut totals: Vec<(String, f64)> = order
        .iter()
        .map(|c| {
            let t: f64 = per_vehicle
                .iter()
                .map(|m| m.get(c).copied().unwrap_or(0.0))
                .filter(|x| x.is_finite())
                .sum();
            (c.clone(), t)
        })
        .filter(|(_, t)| *t > 0.0)
        .collect();
    // Largest first; ties keep file order (stable sort).
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let keep = if totals.len() <= k + 1 {
        totals.len()
    } else {
        k
    };
    totals.into_iter().take(keep).map(|(c, _)| c).collect()
}
