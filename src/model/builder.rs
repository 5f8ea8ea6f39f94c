//! The builder every table step writes into: parameters registered by stable name, countries,
//! and the diagnostics all steps collect so that a dataset's problems are reported together.
//! The helpers for the two checks every table repeats — a reference to an id another table
//! does not list, and a pair of ids that appears twice — live here, so each message is
//! written once.

use super::{ModelOptions, Param, ParamId, ParamKind};
use crate::data::{self, Dataset, Loc, Quantity};
use crate::error::Diagnostic;
use crate::sampling::dist::{Distribution, Shape, Support};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::hash::Hash;

pub(super) struct Builder<'a> {
    pub ds: &'a Dataset,
    pub opts: &'a ModelOptions,
    pub diags: Vec<Diagnostic>,
    pub params: Vec<Param>,
    /// What the user should know about a valid dataset (see `Model::warnings`).
    pub warnings: Vec<String>,
    names: HashMap<String, ParamId>,
    countries: BTreeSet<String>,
}

/// The share of a distribution cut off by the physical range above which the user is told.
pub(super) const TRUNCATION_WARNING: f64 = 0.01;

/// Which entity a new parameter belongs to (for groups).
#[derive(Clone, Copy, Default)]
pub(super) struct Owner {
    pub commodity: Option<usize>,
    pub mine: Option<usize>,
}

impl Builder<'_> {
    pub fn diag_at(
        &self,
        loc: &Loc,
        value: impl fmt::Display,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.ds.path_of(loc), message, fix)
            .at_line(loc.line)
            .at_column(loc.column.clone())
            .with_value(value.to_string())
    }

    pub fn row_diag(
        &self,
        file: &str,
        line: u64,
        column: &str,
        value: impl fmt::Display,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&self.ds.file_path(file), message, fix)
            .at_line(line)
            .at_column(column);
        let v = value.to_string();
        if !v.is_empty() {
            d = d.with_value(v);
        }
        d
    }

    /// Validates `q` against `support` (in the units written) and registers it as a parameter
    /// whose values are `scale` × the written ones.
    #[allow(clippy::too_many_arguments)]
    pub fn param(
        &mut self,
        name: String,
        kind: ParamKind,
        q: &Quantity,
        support: Support,
        scale: f64,
        owner: Owner,
        country: Option<usize>,
        estimated: bool,
        what: &str,
    ) -> Option<ParamId> {
        let shape = match (&q.shape, q.has_range()) {
            (Some(s), _) => s.clone(),
            (None, true) => match (&self.opts.grade_shape, kind) {
                (Some(g), ParamKind::OreGrade) => g.clone(),
                _ => self.opts.default_shape.clone(),
            },
            (None, false) => Shape::Fixed,
        };
        if q.min.is_some() != q.max.is_some() {
            let mut loc = q.at.clone();
            loc.column
                .push_str(if q.min.is_none() { "_min" } else { "_max" });
            let d = self.diag_at(
                &loc,
                "",
                format!("the range of {what} has only one end"),
                "give both min and max, or neither (a fixed value)",
            );
            self.diags.push(d);
            return None;
        }
        if !support.contains(q.best) {
            let d = self.diag_at(
                &q.at,
                q.best,
                format!("{what} outside its physical range {}", describe(support)),
                format!("give {what} in {} (check the unit)", describe(support)),
            );
            self.diags.push(d);
            return None;
        }
        for (label, v) in [("_min", q.min), ("_max", q.max)] {
            if let Some(v) = v
                && !support.contains(v)
            {
                let mut loc = q.at.clone();
                loc.column.push_str(label);
                let d = self.diag_at(
                    &loc,
                    v,
                    format!(
                        "the range of {what} leaves its physical range {}",
                        describe(support)
                    ),
                    format!("keep the range within {}", describe(support)),
                );
                self.diags.push(d);
                return None;
            }
        }
        if let (Some(lo), Some(hi)) = (q.min, q.max) {
            if lo > hi {
                let mut loc = q.at.clone();
                loc.column.push_str("_min");
                let d = self.diag_at(
                    &loc,
                    lo,
                    format!("min is greater than max ({hi})"),
                    "swap min and max",
                );
                self.diags.push(d);
                return None;
            }
            if q.best < lo || q.best > hi {
                let d = self.diag_at(
                    &q.at,
                    q.best,
                    format!("the best estimate lies outside its range [{lo}, {hi}]"),
                    "correct the best estimate or widen the range to include it",
                );
                self.diags.push(d);
                return None;
            }
        }
        let dist = match Distribution::new(q.best, q.min, q.max, &shape, support) {
            Ok(d) => d,
            Err(e) => {
                let mut loc = q.at.clone();
                loc.column.push_str("_dist");
                let d = self.diag_at(
                    &loc,
                    &shape,
                    format!("{e}"),
                    "fix the range or choose another shape (see distributions/README.md)",
                );
                self.diags.push(d);
                return None;
            }
        };
        // A normal or lognormal whose tail crosses the physical range is cut there; say so
        // when that is more than a rounding matter (an explicit truncnormal is meant).
        let cut = dist.truncated_mass();
        if cut > TRUNCATION_WARNING && !matches!(shape, Shape::TruncNormal { .. }) {
            self.warnings.push(format!(
                "warning: {}:{}: column `{}`: {:.1} % of {what}'s {shape} distribution lies outside its physical range {} and is cut off there (use a narrower range or a truncnormal to say so)",
                self.ds.path_of(&q.at).display(),
                q.at.line,
                q.at.column,
                100.0 * cut,
                describe(support)
            ));
        }
        let dist = if scale == 1.0 {
            dist
        } else {
            match dist.scaled(scale) {
                Ok(d) => d,
                Err(e) => {
                    let d = self.diag_at(&q.at, q.best, format!("{e}"), "check the unit");
                    self.diags.push(d);
                    return None;
                }
            }
        };
        self.push_param(Param {
            name,
            kind,
            dist,
            support: Support {
                lo: support.lo * scale,
                hi: support.hi * scale,
                ..support
            },
            best: q.best * scale,
            commodity: owner.commodity,
            mine: owner.mine,
            country,
            estimated,
            at: Some(q.at.clone()),
        })
    }

    pub fn push_param(&mut self, p: Param) -> Option<ParamId> {
        let id = ParamId(self.params.len() as u32);
        if self.names.insert(p.name.clone(), id).is_some() {
            // Names derive from unique ids, so this is a duplicate row, reported elsewhere.
            return None;
        }
        self.params.push(p);
        Some(id)
    }

    pub fn country(&mut self, file: &str, line: u64, column: &str, code: &str) -> bool {
        if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
            self.countries.insert(code.to_string());
            true
        } else {
            let d = self.row_diag(
                file,
                line,
                column,
                code,
                "not an ISO 3166-1 alpha-2 country code",
                "write the two upper-case letters, e.g. CN, CL, CD, AU",
            );
            self.diags.push(d);
            false
        }
    }
}

pub(super) fn describe(s: Support) -> String {
    format!(
        "{}{}, {}{}",
        if s.lo_open { "(" } else { "[" },
        s.lo,
        s.hi,
        if s.hi_open { ")" } else { "]" }
    )
}

pub(super) fn est(prov: &data::Provenance, column: &str) -> bool {
    prov.estimated.iter().any(|c| {
        c == column
            || c.strip_prefix(column)
                .is_some_and(|r| r == "_min" || r == "_max" || r == "_dist")
    })
}

/// Support of a fraction written in percent, (0, 100].
pub(super) const PERCENT: Support = Support {
    lo: 0.0,
    hi: 100.0,
    lo_open: true,
    hi_open: false,
};

/// Checks ids are unique in a table; returns the index of each id.
pub(super) fn unique_ids<'r, T>(
    b: &mut Builder,
    file: &str,
    column: &str,
    rows: &'r [T],
    key: impl Fn(&'r T) -> (&'r str, u64),
) -> HashMap<&'r str, usize> {
    let mut map = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let (id, line) = key(r);
        if map.insert(id, i).is_some() {
            let d = b.row_diag(
                file,
                line,
                column,
                id,
                "duplicate id: another row already uses it",
                "give every row a unique id, or merge the two rows",
            );
            b.diags.push(d);
        }
    }
    map
}

impl Owner {
    pub fn commodity(ci: usize) -> Owner {
        Owner {
            commodity: Some(ci),
            mine: None,
        }
    }
}

impl<'a> Builder<'a> {
    pub fn new(ds: &'a Dataset, opts: &'a ModelOptions) -> Builder<'a> {
        let mut countries = BTreeSet::new();
        if !opts.home_country.is_empty() {
            countries.insert(opts.home_country.clone());
        }
        Builder {
            ds,
            opts,
            diags: Vec::new(),
            params: Vec::new(),
            warnings: Vec::new(),
            names: HashMap::new(),
            countries,
        }
    }

    /// The country codes registered so far, sorted: a country's index in the model.
    pub fn country_codes(&self) -> Vec<String> {
        self.countries.iter().cloned().collect()
    }

    /// Reports a reference to an id that the table it points into does not list: `what` is
    /// the kind of row (`a mine`), `table` the file that should list it.
    pub fn unknown_ref(&mut self, file: &str, line: u64, column: &str, id: &str, table: &str) {
        let d = self.row_diag(
            file,
            line,
            column,
            id,
            format!("refers to a {column} that {table} does not list"),
            format!("add the {column} to {table} or correct the id"),
        );
        self.diags.push(d);
    }

    /// Records `key` in `seen`; when it was there already, reports the row as a duplicate of
    /// the pair `pair` (e.g. `mine × commodity`) and returns true: the caller skips the row.
    #[allow(clippy::too_many_arguments)]
    pub fn duplicate_pair<K: Eq + Hash>(
        &mut self,
        seen: &mut HashMap<K, u64>,
        key: K,
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        pair: &str,
    ) -> bool {
        if seen.insert(key, line).is_none() {
            return false;
        }
        let d = self.row_diag(
            file,
            line,
            column,
            value,
            format!("this {pair} pair appears twice"),
            format!("keep one row per {}", pair.replace(" × ", " and ")),
        );
        self.diags.push(d);
        true
    }
}

/// Position of each item's id in a list of built items.
pub(super) fn positions<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, usize> {
    items.iter().enumerate().map(|(i, x)| (id(x), i)).collect()
}

pub(super) fn shares_not_one(
    path: &std::path::Path,
    what: &str,
    sum: f64,
    line: u64,
) -> Diagnostic {
    Diagnostic::new(
        path,
        format!("{what} sum to {sum:.6}, not 1 (first row at line {line})"),
        "correct the shares so that their best estimates sum to 1",
    )
    .at_line(line)
    .at_column("share")
    .with_value(format!("{sum:.6}"))
}
