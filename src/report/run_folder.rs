//! The run folder read back: everything the figures and tables of `hiddenflow plot` are made
//! from, loaded from a run directory's stored files only (no resampling).

use crate::error::{Diagnostic, Error, Result};
use crate::report::manifest::Manifest;
use crate::report::tables::{CsvTable, Stat, SummaryData};
use std::collections::BTreeMap;
use std::path::Path;

/// Per vehicle, the mean of each category of a breakdown dimension; the categories in file
/// order.
pub(crate) type Breakdown = (Vec<BTreeMap<String, f64>>, Vec<String>);

/// Everything the figures and tables of a run are made from.
pub struct RunData {
    pub summary: SummaryData,
    pub breakdown: CsvTable,
    pub comparisons: CsvTable,
    pub manifest: Option<Manifest>,
    pub convergence: Option<CsvTable>,
    pub sensitivity: Option<CsvTable>,
}

impl RunData {
    pub fn read(run_dir: &Path) -> Result<Self> {
        let manifest = Manifest::read(run_dir)?;
        Ok(RunData {
            summary: SummaryData::read(run_dir)?,
            breakdown: CsvTable::read(&run_dir.join("breakdown.csv"))?,
            comparisons: CsvTable::read(&run_dir.join("comparisons.csv"))?,
            manifest,
            convergence: CsvTable::read_optional(&run_dir.join("convergence.csv"))?,
            sensitivity: CsvTable::read_optional(&run_dir.join("sensitivity.csv"))?,
        })
    }

    /// The display name of vehicle `id`: its label in the manifest (`vehicle_labels`), else the
    /// id (folders written before labels existed).
    pub(crate) fn label(&self, id: &str) -> String {
        self.manifest
            .as_ref()
            .and_then(|m| m.vehicle_labels.as_ref())
            .and_then(|l| l.get(id))
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// The display names of the vehicles in summary order.
    pub(crate) fn labels(&self) -> Vec<String> {
        self.summary
            .vehicles
            .iter()
            .map(|v| self.label(v))
            .collect()
    }

    pub(crate) fn home_country(&self) -> Option<String> {
        self.manifest.as_ref()?.home_country.clone()
    }

    /// Per vehicle (summary order), the means of `dimension`'s categories, and the categories
    /// in file order.
    pub(crate) fn breakdown(&self, dimension: &str) -> Result<Breakdown> {
        let t = &self.breakdown;
        let (cv, cd, cc, cm) = (
            t.col("vehicle")?,
            t.col("dimension")?,
            t.col("category")?,
            t.col("mean")?,
        );
        let vehicles = &self.summary.vehicles;
        let mut per = vec![BTreeMap::new(); vehicles.len()];
        let mut order: Vec<String> = Vec::new();
        for r in 0..t.rows.len() {
            if t.text(r, cd) != dimension {
                continue;
            }
            let Some(i) = vehicles.iter().position(|v| v == t.text(r, cv)) else {
                continue;
            };
            let cat = t.text(r, cc).to_string();
            if !order.contains(&cat) {
                order.push(cat.clone());
            }
            per[i].insert(cat, t.num(r, cm)?);
        }
        Ok((per, order))
    }

    pub(crate) fn tmr_stats(&self) -> Result<Vec<Stat>> {
        self.summary
            .vehicles
            .iter()
            .map(|v| {
                self.summary.get(v, "tmr").cloned().ok_or_else(|| {
                    Error::input(Diagnostic::new(
                        &self.breakdown.path.with_file_name("summary.csv"),
                        format!("vehicle `{v}` has no `tmr` row"),
                        "re-run `hiddenflow run`",
                    ))
                })
            })
            .collect()
    }
}
