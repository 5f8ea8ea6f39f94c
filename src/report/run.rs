//! Exporters of a run's results. One result value ([`RunResults`]) feeds every file, so the
//! files agree with each other; each file is written atomically.

use crate::accum::Accumulator;
use crate::engine::Job;
use crate::error::Result;
use crate::fmt_num::num;
use crate::plan::vout;
use crate::report::Csv;
use crate::report::table::{TextTable, sig};
use crate::stats::{Summary, summarize_output};
use std::path::Path;

/// What a finished (or merged) run reports.
pub struct RunResults<'a> {
    pub job: &'a Job,
    pub acc: &'a Accumulator,
    pub confidence: f64,
    /// Point estimates of every output (best estimates), reported beside the means.
    pub point: &'a [f64],
}

const HEADLINE: [(&str, usize); 4] = [
    ("tmr", vout::TMR),
    ("hidden_flows", vout::HIDDEN),
    ("material_efficiency", vout::EFFICIENCY),
    ("hidden_share_abroad", vout::SHARE_ABROAD),
];
const MORE: [(&str, usize); 2] = [("used", vout::USED), ("mass", vout::MASS)];

impl RunResults<'_> {
    fn summary(&self, output: usize) -> Summary {
        summarize_output(self.acc, output, self.confidence)
    }

    /// Identifying columns, then the summary columns and the point estimate.
    fn header(ids: &[&str]) -> Vec<String> {
        ids.iter()
            .chain(&Summary::HEADER)
            .chain(&Summary::EXTRA_HEADER)
            .chain(&["point"])
            .map(|s| s.to_string())
            .collect()
    }

    /// `summary.csv`: DESIGN.md columns, then CI, standard errors and the point estimate.
    pub fn summary_csv(&self, scenario: usize) -> Csv {
        let mut csv = Csv::new(&Self::header(&["vehicle", "quantity", "unit"]));
        let plan = &self.job.plan;
        for (v, id) in plan.vehicle_ids.iter().enumerate() {
            for (q, slot) in HEADLINE.iter().chain(MORE.iter()) {
                let o = self
                    .job
                    .scenario_output(scenario, plan.vehicle_output(v, *slot));
                let mut row = vec![
                    id.clone(),
                    q.to_string(),
                    plan.outputs[plan.vehicle_output(v, *slot)].unit.to_string(),
                ];
                row.extend(self.summary(o).cells(self.confidence));
                row.push(num(self.point[o]));
                csv.row(row);
            }
        }
        csv
    }

    /// `scenario_summary.csv`: the same for every scenario, baseline first.
    pub fn scenario_summary_csv(&self) -> Csv {
        let mut csv = Csv::new(&Self::header(&["scenario", "vehicle", "quantity", "unit"]));
        let names: Vec<&str> = std::iter::once("baseline")
            .chain(self.job.scenarios.iter().map(|s| s.name.as_str()))
            .collect();
        for (s, name) in names.iter().enumerate() {
            let one = self.summary_csv(s);
            for line in one.as_str().lines().skip(1) {
                csv.raw_line(&format!("{name},{line}"));
            }
        }
        csv
    }

    /// `variance_budget.csv`: per vehicle, the TMR band of the run and of each budget scenario
    /// (a set of parameters fixed at their best estimates, on the same draws), and the share of
    /// the band width, of the variance and of the median that fixing them removes.
    pub fn variance_budget_csv(&self) -> Option<Csv> {
        let budget: Vec<(usize, &str)> = self
            .job
            .scenarios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i + 1, s.name.strip_prefix(crate::engine::BUDGET_PREFIX)?)))
            .collect();
        if budget.is_empty() {
            return None;
        }
        let mut csv = Csv::new(&[
            "vehicle",
            "quantity",
            "fixed_at_best",
            "p2_5",
            "p50",
            "p97_5",
            "band_width",
            "share_of_band_width",
            "share_of_variance",
            "share_of_median",
            "point",
        ]);
        let plan = &self.job.plan;
        let ps = [0.025, 0.5, 0.975];
        for (v, id) in plan.vehicle_ids.iter().enumerate() {
            let slot = plan.vehicle_output(v, vout::TMR);
            let stat = |s: usize| &self.acc.stats[self.job.scenario_output(s, slot)];
            let base = stat(0).quantiles(&ps);
            let (width0, var0) = (base[2] - base[0], stat(0).variance());
            let rows = std::iter::once((0, "none")).chain(budget.iter().copied());
            for (s, what) in rows {
                let q = stat(s).quantiles(&ps);
                let width = q[2] - q[0];
                csv.row(vec![
                    id.clone(),
                    "tmr".to_string(),
                    what.to_string(),
                    num(q[0]),
                    num(q[1]),
                    num(q[2]),
                    num(width),
                    num(1.0 - width / width0),
                    num(1.0 - stat(s).variance() / var0),
                    num(1.0 - q[1] / base[1]),
                    num(self.point[self.job.scenario_output(s, slot)]),
                ]);
            }
        }
        Some(csv)
    }

    /// `breakdown.csv`: every vehicle's TMR by region, flow type, stage, commodity and country.
    pub fn breakdown_csv(&self) -> Csv {
        let mut csv = Csv::new(&Self::header(&["vehicle", "dimension", "category", "unit"]));
        let plan = &self.job.plan;
        for (o, d) in plan.outputs.iter().enumerate() {
            if d.level != "vehicle" || d.category.is_empty() {
                continue;
            }
            let mut row = vec![
                d.item.clone(),
                d.quantity.to_string(),
                d.category.clone(),
                d.unit.to_string(),
            ];
            row.extend(self.summary(o).cells(self.confidence));
            row.push(num(self.point[o]));
            csv.row(row);
        }
        csv
    }

    /// `coefficients.csv` with per-item CIs: `level,item,stage,unit,value` (value = mean), then
    /// the summary columns.
    pub fn coefficients_csv(&self) -> Csv {
        let mut csv = Csv::new(&Self::header(&["level", "item", "stage", "unit", "value"]));
        let plan = &self.job.plan;
        for (o, d) in plan.outputs.iter().enumerate() {
            let is_total = d.level != "vehicle" || (d.quantity == "tmr" && d.category.is_empty());
            if !is_total {
                continue;
            }
            let s = self.summary(o);
            let mut row = vec![
                d.level.to_string(),
                d.item.clone(),
                "total".to_string(),
                d.unit.to_string(),
                num(s.mean),
            ];
            row.extend(s.cells(self.confidence));
            row.push(num(self.point[o]));
            csv.row(row);
        }
        csv
    }

    /// `comparisons.csv`: ratio and difference per draw, with P(a > b).
    pub fn comparisons_csv(&self) -> Csv {
        let mut h = Self::header(&["a", "b", "scenario", "quantity", "statistic"]);
        h.push("p_a_greater_b".to_string());
        let mut csv = Csv::new(&h);
        for (c, cmp) in self.job.comparisons.iter().enumerate() {
            let o = self.job.comparison_output(c);
            let diff = &self.acc.stats[o + 1];
            let p_greater = diff.count_positive() as f64 / diff.n.max(1) as f64;
            for (stat, idx) in [("ratio", o), ("difference", o + 1)] {
                let mut row = vec![
                    cmp.a.clone(),
                    cmp.b.clone(),
                    cmp.scenario.clone(),
                    cmp.quantity.to_string(),
                    stat.to_string(),
                ];
                row.extend(self.summary(idx).cells(self.confidence));
                row.push(num(self.point[idx]));
                row.push(num(p_greater));
                csv.row(row);
            }
        }
        csv
    }

    /// A readable table of the headline results, for the terminal.
    pub fn headline_table(&self) -> TextTable {
        let pct = (self.confidence * 100.0).round();
        let band = format!("{pct} % interval");
        let mut t = TextTable::new(&[
            "vehicle",
            "TMR t (median)",
            band.as_str(),
            "hidden flows t (median)",
            "material efficiency %",
            "hidden abroad %",
        ]);
        let plan = &self.job.plan;
        for (v, id) in plan.vehicle_ids.iter().enumerate() {
            let s = |slot: usize| self.summary(plan.vehicle_output(v, slot));
            let tmr = s(vout::TMR);
            t.row(vec![
                id.clone(),
                sig(tmr.median(), 3),
                format!("{} – {}", sig(tmr.ci_low, 3), sig(tmr.ci_high, 3)),
                sig(s(vout::HIDDEN).median(), 3),
                sig(s(vout::EFFICIENCY).median() * 100.0, 3),
                sig(s(vout::SHARE_ABROAD).median() * 100.0, 3),
            ]);
        }
        t
    }

    /// Writes every results file into `dir`.
    pub fn write_all(&self, dir: &Path) -> Result<Vec<String>> {
        let mut written = Vec::new();
        let mut put = |name: &str, csv: Csv| -> Result<()> {
            csv.write(&dir.join(name))?;
            written.push(name.to_string());
            Ok(())
        };
        put("summary.csv", self.summary_csv(0))?;
        put("breakdown.csv", self.breakdown_csv())?;
        put("coefficients.csv", self.coefficients_csv())?;
        put("comparisons.csv", self.comparisons_csv())?;
        if !self.job.scenarios.is_empty() {
            put("scenario_summary.csv", self.scenario_summary_csv())?;
        }
        if let Some(csv) = self.variance_budget_csv() {
            put("variance_budget.csv", csv)?;
        }
        // summary.md (and summary.tex) come with the figures, from the stored summary.csv.
        Ok(written)
    }
}
