//! Publication tables of a finished run — `summary.tex` (booktabs) and `summary.md` — with every
//! value rounded to the precision that the Monte Carlo run supports, and a small reader of the
//! run's CSV files that the figures and the HTML report share.
//!
//! # Rounding rule ([`round_to_se`])
//!
//! A value is rounded to the decimal place of the leading digit of its Monte Carlo standard
//! error (the `se_*` column of the same statistic), but never to fewer than two significant
//! figures of the value itself:
//!
//! * place `p = min(e(se), e(value) - 1)`, where `e(x)` is the exponent of the leading digit of
//!   `x` (`e(0.7) = -1`, `e(1) = 0`, `e(12) = 1`, exact at powers of ten);
//! * `123.456` with se `0.7` → `123.5`; with se `3` → `123`; with se `30` → `120`;
//!   `0.5` with se `3` → `0.50` (two significant figures win);
//! * a standard error that is zero, negative or not finite carries no information about the
//!   precision (a constant output, or a run too short to estimate it): the value is shown with
//!   [`DEFAULT_SIG`] significant figures;
//! * a value of zero is rounded to the place of its standard error (`0` with se `0.03` →
//!   `0.00`), or printed as `0` when that is unknown too;
//! * rounding uses the exact binary value (`{:.N}` formatting); a result that rounds to zero
//!   never carries a minus sign; non-finite values print as `NaN`, `inf` and `-inf`.

use crate::error::{Diagnostic, Error, Result};
use std::path::{Path, PathBuf};

/// Significant figures used when the standard error says nothing about the precision.
pub const DEFAULT_SIG: i32 = 3;

/// Exponent of the leading decimal digit of `|x|` (`floor(log10 |x|)`), exact at powers of ten.
/// `x` must be finite and non-zero.
pub fn decimal_exponent(x: f64) -> i32 {
    let a = x.abs();
    let mut e = a.log10().floor() as i32;
    // log10 may be off by one ulp around powers of ten; settle on 10^e <= a < 10^(e+1).
    while e > -330 && pow10(e) > a {
        e -= 1;
    }
    while e < 310 && pow10(e + 1) <= a {
        e += 1;
    }
    e
}

/// 10^e as the f64 nearest to it (exact for the integer powers that f64 holds exactly, and the
/// same value as the literal `1e{e}` otherwise).
fn pow10(e: i32) -> f64 {
    format!("1e{e}").parse().unwrap_or(f64::NAN)
}

/// `value` rounded to the decimal place `place` (10^place), printed in plain notation.
pub fn format_at_place(value: f64, place: i32) -> String {
    if !value.is_finite() {
        return non_finite(value);
    }
    let s = if place < 0 {
        format!("{:.*}", (-place) as usize, value)
    } else {
        let unit = pow10(place);
        format!("{:.0}", (value / unit).round() * unit)
    };
    // "-0.00" → "0.00": a value that rounds to zero has no sign.
    if s.starts_with('-') && s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        s[1..].to_string()
    } else {
        s
    }
}

fn non_finite(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value > 0.0 {
        "inf".to_string()
    } else {
        "-inf".to_string()
    }
}

/// The decimal place to which [`round_to_se`] rounds `value` (see the module documentation);
/// `None` for a non-finite value, or a zero value whose standard error is unknown.
pub fn rounding_place(value: f64, se: f64) -> Option<i32> {
    if !value.is_finite() {
        return None;
    }
    let se_known = se.is_finite() && se > 0.0;
    if value == 0.0 {
        return se_known.then(|| decimal_exponent(se));
    }
    let m = decimal_exponent(value);
    if se_known {
        Some(decimal_exponent(se).min(m - 1))
    } else {
        Some(m - (DEFAULT_SIG - 1))
    }
}

/// `value` rounded to the precision its Monte Carlo standard error `se` supports (see the
/// module documentation for the rule).
pub fn round_to_se(value: f64, se: f64) -> String {
    match rounding_place(value, se) {
        Some(place) => format_at_place(value, place),
        None if value.is_finite() => "0".to_string(),
        None => non_finite(value),
    }
}

/// A CSV file of a run read whole: header and rows of text cells.
pub struct CsvTable {
    pub path: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Reads `path`. A missing file is the user's problem (wrong folder), reported as such.
    pub fn read(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::input(Diagnostic::new(
                path,
                "the run folder has no such file",
                "point at the folder written by `hiddenflow run` (it holds summary.csv)",
            )));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_path(path)
            .map_err(|e| csv_error(path, e))?;
        let header = rdr
            .headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|s| s.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| csv_error(path, e))?;
            rows.push(rec.iter().map(|s| s.to_string()).collect());
        }
        Ok(CsvTable {
            path: path.to_path_buf(),
            header,
            rows,
        })
    }

    /// Reads `path` if it exists.
    pub fn read_optional(path: &Path) -> Result<Option<Self>> {
        if path.exists() {
            Self::read(path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Index of column `name`.
    pub fn col(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                Diagnostic::new(
                    &self.path,
                    "a column the report needs is missing",
                    "re-run `hiddenflow run` with this version, which writes it",
                )
                .at_line(1)
                .at_column(name),
            )
        })
    }

    /// The number in column `col` of row `row` (0-based data row). `NaN`, `inf` and an empty
    /// cell are accepted (empty → NaN); anything else that is not a number is an error.
    pub fn num(&self, row: usize, col: usize) -> Result<f64> {
        let cell = self.rows[row].get(col).map(|s| s.trim()).unwrap_or("");
        if cell.is_empty() {
            return Ok(f64::NAN);
        }
        cell.parse::<f64>().map_err(|_| {
            Error::input(
                Diagnostic::new(
                    &self.path,
                    "expected a number",
                    "the file is damaged: re-run `hiddenflow run`",
                )
                .at_line(row as u64 + 2)
                .at_column(self.header[col].clone())
                .with_value(cell),
            )
        })
    }

    /// The text in column `col` of row `row`.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows[row].get(col).map(|s| s.as_str()).unwrap_or("")
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let mut d = Diagnostic::new(
        path,
        format!("not a readable CSV file: {e}"),
        "the file is damaged: re-run `hiddenflow run`",
    );
    if let Some(l) = line {
        d = d.at_line(l);
    }
    Error::input(d)
}

/// One summary statistic set of `summary.csv` (one vehicle, one quantity).
#[derive(Clone, Debug)]
pub struct Stat {
    pub unit: String,
    pub n: f64,
    pub mean: f64,
    /// p2_5, p5, p25, p50, p75, p95, p97_5
    pub p: [f64; 7],
    /// Monte Carlo standard errors of `p`.
    pub se_p: [f64; 7],
    pub se_mean: f64,
    pub ci_level: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub point: f64,
    /// Draws whose value was not finite (left out of every statistic); 0 when not reported.
    pub non_finite: f64,
}

impl Stat {
    pub fn median(&self) -> f64 {
        self.p[MEDIAN]
    }
    /// Standard errors of the interval's ends: those of the matching percentiles when the
    /// interval is the 95 % or 90 % one, else the larger of the outermost tails' (conservative).
    pub fn ci_se(&self) -> (f64, f64) {
        if (self.ci_level - 0.95).abs() < 1e-9 {
            (self.se_p[0], self.se_p[6])
        } else if (self.ci_level - 0.90).abs() < 1e-9 {
            (self.se_p[1], self.se_p[5])
        } else {
            let m = self.se_p[0].max(self.se_p[6]);
            (m, m)
        }
    }
    /// The interval level as a percentage label, e.g. `95 %`.
    pub fn ci_label(&self) -> String {
        percent_label(self.ci_level)
    }
}

/// `0.95` → `95 %`, `0.9` → `90 %`, `0.999` → `99.9 %`.
pub fn percent_label(level: f64) -> String {
    if !level.is_finite() {
        return "? %".to_string();
    }
    let pct = level * 100.0;
    let s = format!("{pct:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} %")
}

/// Columns of a summary statistic, as written by `Summary::cells`.
use crate::stats::{MEDIAN, PERCENTILE_COLUMNS as P_COLS, PERCENTILE_SE_COLUMNS as SE_COLS};

/// Column indices of the summary statistics in a table with the `Summary` columns.
pub struct StatCols {
    unit: Option<usize>,
    n: usize,
    mean: usize,
    p: [usize; 7],
    se_p: [usize; 7],
    se_mean: usize,
    ci_level: usize,
    ci_low: usize,
    ci_high: usize,
    point: Option<usize>,
    non_finite: Option<usize>,
}

impl StatCols {
    pub fn of(t: &CsvTable) -> Result<Self> {
        let mut p = [0; 7];
        let mut se_p = [0; 7];
        for i in 0..7 {
            p[i] = t.col(P_COLS[i])?;
            se_p[i] = t.col(SE_COLS[i])?;
        }
        Ok(StatCols {
            unit: t.col("unit").ok(),
            n: t.col("n")?,
            mean: t.col("mean")?,
            p,
            se_p,
            se_mean: t.col("se_mean")?,
            ci_level: t.col("ci_level")?,
            ci_low: t.col("ci_low")?,
            ci_high: t.col("ci_high")?,
            point: t.col("point").ok(),
            non_finite: t.col("non_finite").ok(),
        })
    }

    pub fn get(&self, t: &CsvTable, row: usize) -> Result<Stat> {
        let mut p = [0.0; 7];
        let mut se_p = [0.0; 7];
        for i in 0..7 {
            p[i] = t.num(row, self.p[i])?;
            se_p[i] = t.num(row, self.se_p[i])?;
        }
        Ok(Stat {
            unit: self
                .unit
                .map(|c| t.text(row, c).to_string())
                .unwrap_or_default(),
            n: t.num(row, self.n)?,
            mean: t.num(row, self.mean)?,
            p,
            se_p,
            se_mean: t.num(row, self.se_mean)?,
            ci_level: t.num(row, self.ci_level)?,
            ci_low: t.num(row, self.ci_low)?,
            ci_high: t.num(row, self.ci_high)?,
            point: match self.point {
                Some(c) => t.num(row, c)?,
                None => f64::NAN,
            },
            non_finite: match self.non_finite {
                Some(c) => t.num(row, c)?,
                None => 0.0,
            },
        })
    }
}

/// `summary.csv` of a run: the vehicles in file order (the one order used everywhere) and the
/// statistics of each (vehicle, quantity).
pub struct SummaryData {
    pub vehicles: Vec<String>,
    pub stats: Vec<(String, String, Stat)>,
}

impl SummaryData {
    pub fn read(run_dir: &Path) -> Result<Self> {
        let t = CsvTable::read(&run_dir.join("summary.csv"))?;
        let (cv, cq) = (t.col("vehicle")?, t.col("quantity")?);
        let cols = StatCols::of(&t)?;
        let mut vehicles: Vec<String> = Vec::new();
        let mut stats = Vec::new();
        for r in 0..t.rows.len() {
            let v = t.text(r, cv).to_string();
            if !vehicles.contains(&v) {
                vehicles.push(v.clone());
            }
            stats.push((v, t.text(r, cq).to_string(), cols.get(&t, r)?));
        }
        if vehicles.is_empty() {
            return Err(Error::input(Diagnostic::new(
                &t.path,
                "summary.csv has no rows",
                "re-run `hiddenflow run`; the run wrote no results",
            )));
        }
        Ok(SummaryData { vehicles, stats })
    }

    pub fn get(&self, vehicle: &str, quantity: &str) -> Option<&Stat> {
        self.stats
            .iter()
            .find(|(v, q, _)| v == vehicle && q == quantity)
            .map(|(_, _, s)| s)
    }

    /// The sample count of the run (largest `n` in the file).
    pub fn samples(&self) -> f64 {
        self.stats
            .iter()
            .map(|(_, _, s)| s.n)
            .fold(0.0, |a, b| if b > a { b } else { a })
    }
}

/// One column of the headline table: which quantity, how to show it.
struct Column {
    quantity: &'static str,
    title: &'static str,
    /// Show the interval (ci_low–ci_high) instead of the median.
    interval: bool,
}

const COLUMNS: [Column; 5] = [
    Column {
        quantity: "tmr",
        title: "TMR",
        interval: false,
    },
    Column {
        quantity: "tmr",
        title: "TMR interval",
        interval: true,
    },
    Column {
        quantity: "hidden_flows",
        title: "Hidden flows",
        interval: false,
    },
    Column {
        quantity: "material_efficiency",
        title: "Material efficiency",
        interval: false,
    },
    Column {
        quantity: "hidden_share_abroad",
        title: "Hidden flows abroad",
        interval: false,
    },
];

/// A fraction is shown in per cent; any other unit as it is.
fn display_scale(unit: &str) -> (f64, String) {
    if unit == "fraction" {
        (100.0, "%".to_string())
    } else {
        (1.0, unit.to_string())
    }
}

/// The headline table with every number rounded by [`round_to_se`]: a header of column
/// titles, a header of units, and one row of cells per vehicle (in summary order). Interval
/// cells hold `(low, high)` as two strings joined by the caller.
pub struct Headline {
    pub titles: Vec<String>,
    pub units: Vec<String>,
    pub rows: Vec<(String, Vec<Cell>)>,
    pub ci_label: String,
    pub samples: f64,
    /// The most draws of any vehicle's outputs that were not finite.
    pub non_finite: f64,
}

pub enum Cell {
    Value(String),
    Interval(String, String),
    Missing,
}

impl Headline {
    /// `label` gives a vehicle's display name from its id.
    pub fn build(s: &SummaryData, label: &dyn Fn(&str) -> String) -> Self {
        let mut ci_label = "95 %".to_string();
        let mut units = vec![String::new(); COLUMNS.len()];
        let mut rows = Vec::new();
        for v in &s.vehicles {
            let mut cells = Vec::new();
            for (i, c) in COLUMNS.iter().enumerate() {
                let Some(st) = s.get(v, c.quantity) else {
                    cells.push(Cell::Missing);
                    continue;
                };
                let (k, unit) = display_scale(&st.unit);
                if units[i].is_empty() {
                    units[i] = unit;
                }
                if c.interval {
                    ci_label = st.ci_label();
                    let (se_lo, se_hi) = st.ci_se();
                    cells.push(Cell::Interval(
                        round_to_se(st.ci_low * k, se_lo * k),
                        round_to_se(st.ci_high * k, se_hi * k),
                    ));
                } else {
                    cells.push(Cell::Value(round_to_se(st.median() * k, st.se_p[3] * k)));
                }
            }
            rows.push((label(v), cells));
        }
        let titles = COLUMNS
            .iter()
            .map(|c| {
                if c.interval {
                    format!("{ci_label} interval")
                } else {
                    c.title.to_string()
                }
            })
            .collect();
        Headline {
            titles,
            units,
            rows,
            ci_label,
            samples: s.samples(),
            non_finite: s.stats.iter().map(|x| x.2.non_finite).fold(0.0, f64::max),
        }
    }

    /// The note printed under every version of the table.
    pub fn note(&self) -> String {
        let mut note = format!(
            "Medians and {} intervals (percentiles) of {} Monte Carlo samples. Each value is \
             rounded to the decimal place of the leading digit of its Monte Carlo standard \
             error, keeping at least two significant figures.",
            self.ci_label,
            fmt_count(self.samples)
        );
        if self.non_finite > 0.0 {
            note.push_str(&format!(
                " Warning: {} draws gave a value that is not finite and are left out of the \
                 statistics (column non_finite of summary.csv).",
                fmt_count(self.non_finite)
            ));
        }
        note
    }
}

fn fmt_count(n: f64) -> String {
    if n.is_finite() && n >= 0.0 {
        format!("{n:.0}")
    } else {
        "?".to_string()
    }
}

/// Escapes LaTeX's special characters in plain text.
pub fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '–' => out.push_str("--"),
            _ => out.push(ch),
        }
    }
    out
}

/// A unit for a LaTeX header: `%` → `\%`; a space before `%` is a thin space.
fn latex_unit(u: &str) -> String {
    latex_escape(u)
}

/// `summary.tex`: a booktabs `tabular` (no float, so it can be `\input` into any table
/// environment); needs `\usepackage{booktabs}`.
pub fn summary_tex(h: &Headline) -> String {
    let ncol = h.titles.len() + 1;
    let mut out = String::new();
    out.push_str("% hiddenflow: headline results. Requires \\usepackage{booktabs}.\n");
    out.push_str(&format!("% {}\n", h.note()));
    out.push_str(&format!(
        "\\begin{{tabular}}{{l{}}}\n",
        "r".repeat(ncol - 1)
    ));
    out.push_str("\\toprule\n");
    let titles: Vec<String> = h
        .titles
        .iter()
        .map(|t| latex_escape(t).replace(" \\%", "\\,\\%"))
        .collect();
    out.push_str(&format!("Vehicle & {} \\\\\n", titles.join(" & ")));
    let units: Vec<String> = h
        .units
        .iter()
        .map(|u| {
            if u.is_empty() {
                String::new()
            } else {
                format!("({})", latex_unit(u))
            }
        })
        .collect();
    out.push_str(&format!(" & {} \\\\\n", units.join(" & ")));
    out.push_str("\\midrule\n");
    for (v, cells) in &h.rows {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Cell::Value(s) => latex_number(s),
                Cell::Interval(a, b) => format!("{}--{}", latex_number(a), latex_number(b)),
                Cell::Missing => "--".to_string(),
            })
            .collect();
        out.push_str(&format!(
            "{} & {} \\\\\n",
            latex_escape(v),
            cells.join(" & ")
        ));
    }
    out.push_str("\\bottomrule\n");
    out.push_str("\\end{tabular}\n");
    out
}

/// A number for LaTeX: a minus sign in math mode, non-finite values as `n/a`.
fn latex_number(s: &str) -> String {
    match s {
        "NaN" | "inf" | "-inf" => "n/a".to_string(),
        _ => match s.strip_prefix('-') {
            Some(rest) => format!("$-${rest}"),
            None => s.to_string(),
        },
    }
}

/// `summary.md`: the same table as GitHub-flavoured Markdown, with the note under it.
pub fn summary_md(h: &Headline) -> String {
    let mut head = vec!["vehicle".to_string()];
    for (t, u) in h.titles.iter().zip(&h.units) {
        if u.is_empty() {
            head.push(t.clone());
        } else {
            head.push(format!("{t} ({u})"));
        }
    }
    let mut out = format!("| {} |\n", head.join(" | "));
    out.push('|');
    out.push_str(&"---|".repeat(head.len()));
    out.push('\n');
    for (v, cells) in &h.rows {
        let mut row = vec![v.clone()];
        row.extend(cells.iter().map(plain_cell));
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push('\n');
    out.push_str(&h.note());
    out.push('\n');
    out
}

/// A cell as plain text (Markdown and HTML).
pub fn plain_cell(c: &Cell) -> String {
    match c {
        Cell::Value(s) => s.clone(),
        Cell::Interval(a, b) => format!("{a} – {b}"),
        Cell::Missing => "–".to_string(),
    }
}

/// Writes `summary.tex` and `summary.md` into `run_dir`; returns their names.
pub fn write_tables(
    run_dir: &Path,
    s: &SummaryData,
    label: &dyn Fn(&str) -> String,
) -> Result<Vec<String>> {
    let h = Headline::build(s, label);
    crate::report::write_atomic(&run_dir.join("summary.tex"), summary_tex(&h).as_bytes())?;
    crate::report::write_atomic(&run_dir.join("summary.md"), summary_md(&h).as_bytes())?;
    Ok(vec!["summary.tex".to_string(), "summary.md".to_string()])
}
