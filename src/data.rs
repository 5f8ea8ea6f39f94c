//! `distributions/*.csv` → typed rows. This layer checks only what a single cell can tell:
//! required columns, numbers, shapes, ids. Cross-row and cross-table rules live in `model`.
//! All problems of a load are collected and reported together.

use crate::error::{Diagnostic, Error, Result};
use crate::sampling::dist::{ACCEPTED_SHAPES, Shape};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a value came from: which file (index into [`Dataset::files`]), line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Loc {
    pub file: usize,
    pub line: u64,
    pub column: String,
}

/// A reported value with its range and shape, as written: `Q`, `Q_min`, `Q_max`, `Q_dist`.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub best: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// `None` = the run's default shape for a range, or fixed when there is no range.
    pub shape: Option<Shape>,
    pub at: Loc,
}

impl Quantity {
    pub fn fixed(best: f64, at: Loc) -> Self {
        Quantity {
            best,
            min: None,
            max: None,
            shape: None,
            at,
        }
    }
    pub fn has_range(&self) -> bool {
        self.min.is_some() || self.max.is_some()
    }
}

/// `source`, `year`, `estimated`, `estimate_basis` of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    pub source: String,
    pub year: i32,
    /// Column names whose values are estimates.
    pub estimated: Vec<String>,
    pub estimate_basis: String,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub sha256: String,
}

#[derive(Clone, Debug)]
pub struct CommodityRow {
    pub line: u64,
    pub commodity: String,
    pub name: String,
    pub world_production_t: Option<f64>,
    pub price_usd_per_t: Quantity,
    pub recycled_share: Quantity,
    pub secondary_tmr_t_per_t: Quantity,
    pub supply_rule: String,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct MineRow {
    pub line: u64,
    pub mine: String,
    pub name: String,
    pub country: String,
    pub deposit_type: String,
    pub mining_method: String,
    pub ore_mined_mt: Option<f64>,
    pub stripping_ratio: Quantity,
    pub stripping_ratio_basis: String,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct MineCommodityRow {
    pub line: u64,
    pub mine: String,
    pub commodity: String,
    pub production_t: f64,
    pub ore_grade: Quantity,
    pub ore_grade_unit: String,
    pub ore_grade_basis: String,
    pub recovery_beneficiation: Option<Quantity>,
    pub recovery_smelting: Quantity,
    pub concentrate_grade_pct: Option<Quantity>,
    pub prov: Provenance,
}

/// A row of `residuals.csv`: the production-weighted average ore of a country's production of
/// a commodity that no listed mine covers, from national statistics. Rows sharing `residual`
/// are co-products of one ore (e.g. China's lead–zinc ores): they share its stripping ratio,
/// and its rock is allocated among them once.
#[derive(Clone, Debug)]
pub struct ResidualRow {
    pub line: u64,
    pub residual: String,
    pub commodity: String,
    pub country: String,
    pub ore_grade: Quantity,
    pub ore_grade_unit: String,
    pub stripping_ratio: Quantity,
    pub recovery_beneficiation: Option<Quantity>,
    pub recovery_smelting: Quantity,
    pub concentrate_grade_pct: Option<Quantity>,
    pub prov: Provenance,
}

/// A row of `correlations.csv`: a declared Spearman rank correlation between the parameters
/// two name patterns select (see docs/MODEL.md, "Correlated inputs").
#[derive(Clone, Debug)]
pub struct CorrelationRow {
    pub line: u64,
    pub parameter_a: String,
    pub parameter_b: String,
    pub rho: f64,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct SupplyRow {
    pub line: u64,
    pub commodity: String,
    pub country: String,
    pub share: Quantity,
    /// The country's mine production of the commodity (t contained, optional): when its listed
    /// mines produce less, a residual producer stands in for the rest.
    pub country_production_t: Option<f64>,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct InputRow {
    pub line: u64,
    pub input: String,
    pub name: String,
    pub unit: String,
    pub tmr_t_per_unit: Quantity,
    pub country: String,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct AncillaryRow {
    pub line: u64,
    pub commodity: String,
    pub stage: String,
    pub input: String,
    pub amount_per_t: Quantity,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct MaterialRow {
    pub line: u64,
    pub material: String,
    pub name: String,
    pub process_yield: Quantity,
    pub direct_tmr_t_per_t: Option<Quantity>,
    pub direct_country: Option<String>,
    pub prov: Provenance,
}

/// A "part of" row: `material_composition.csv` (material → commodity) and
/// `component_bom.csv` (component → material) share this shape.
#[derive(Clone, Debug)]
pub struct PartRow {
    pub line: u64,
    pub whole: String,
    pub part: String,
    pub mass_fraction: Quantity,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct ComponentRow {
    pub line: u64,
    pub component: String,
    pub name: String,
    pub manufacturing_yield: Quantity,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct VehicleRow {
    pub line: u64,
    pub vehicle: String,
    pub name: String,
    /// Short display name for figures and tables (optional column `label`).
    pub label: Option<String>,
    pub powertrain: String,
    pub battery_chemistry: Option<String>,
    pub battery_kwh: Option<Quantity>,
    pub pack_kg_per_kwh: Option<Quantity>,
    pub production_2019: Option<f64>,
    pub prov: Provenance,
}

#[derive(Clone, Debug)]
pub struct VehicleComponentRow {
    pub line: u64,
    pub vehicle: String,
    pub component: String,
    pub mass_kg: Option<Quantity>,
    pub mass_rule: String,
    pub prov: Provenance,
}

/// One vehicle's share in a fleet: a fleet is the average vehicle of a mix (e.g. China's 2019
/// BEVs by battery chemistry), weighted by these shares, renormalised per draw.
#[derive(Clone, Debug)]
pub struct FleetRow {
    pub line: u64,
    pub fleet: String,
    pub name: String,
    /// Short display name (optional column `label`; the fleet's first row sets it).
    pub label: Option<String>,
    pub vehicle: String,
    pub share: Quantity,
    pub prov: Provenance,
}

/// The whole folder, read but not yet cross-checked.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub dir: PathBuf,
    pub files: Vec<SourceFile>,
    pub commodities: Vec<CommodityRow>,
    pub mines: Vec<MineRow>,
    pub mine_commodities: Vec<MineCommodityRow>,
    pub supply: Vec<SupplyRow>,
    pub inputs: Vec<InputRow>,
    pub ancillary: Vec<AncillaryRow>,
    pub materials: Vec<MaterialRow>,
    pub material_composition: Vec<PartRow>,
    pub components: Vec<ComponentRow>,
    pub component_bom: Vec<PartRow>,
    pub vehicles: Vec<VehicleRow>,
    pub vehicle_components: Vec<VehicleComponentRow>,
    pub fleets: Vec<FleetRow>,
    pub residuals: Vec<ResidualRow>,
    pub correlations: Vec<CorrelationRow>,
}

pub const COMMODITIES: &str = "commodities.csv";
pub const MINES: &str = "mines.csv";
pub const MINE_COMMODITIES: &str = "mine_commodities.csv";
pub const SUPPLY: &str = "supply.csv";
pub const INPUTS: &str = "inputs.csv";
pub const ANCILLARY: &str = "ancillary.csv";
pub const MATERIALS: &str = "materials.csv";
pub const MATERIAL_COMPOSITION: &str = "material_composition.csv";
pub const COMPONENTS: &str = "components.csv";
pub const COMPONENT_BOM: &str = "component_bom.csv";
pub const VEHICLES: &str = "vehicles.csv";
pub const VEHICLE_COMPONENTS: &str = "vehicle_components.csv";
pub const FLEETS: &str = "fleets.csv";
pub const RESIDUALS: &str = "residuals.csv";
pub const CORRELATIONS: &str = "correlations.csv";

/// Tables that may be absent (then empty); all others are required.
const OPTIONAL: &[&str] = &[INPUTS, ANCILLARY, FLEETS, RESIDUALS, CORRELATIONS];

impl Dataset {
    /// One fingerprint of the dataset: the sha256 of each table's name and sha256, in the
    /// order the tables are read (cite it with the results a dataset gave).
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for f in &self.files {
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            h.update(format!("{}:{}\n", name.unwrap_or_default(), f.sha256).as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn path_of(&self, loc: &Loc) -> &Path {
        &self.files[loc.file].path
    }
    pub fn file_path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Reads every table of `dir`. All problems are reported together.
pub fn load(dir: &Path) -> Result<Dataset> {
    if !dir.is_dir() {
        return Err(Error::input(Diagnostic::new(
            dir,
            "the dataset folder does not exist or is not a folder",
            "pass the folder holding commodities.csv, mines.csv, … with --data DIR",
        )));
    }
    if let Err(e) = std::fs::read_dir(dir) {
        return Err(Error::input(Diagnostic::new(
            dir,
            format!("the dataset folder cannot be read: {e}"),
            "give yourself read permission on the folder, or pass another with --data DIR",
        )));
    }
    let mut ds = Dataset {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    let mut diags = Vec::new();
    macro_rules! table {
        ($name:expr, $field:ident, $parse:ident) => {
            if let Some(t) = read_table(dir, $name, &mut ds.files, &mut diags)? {
                for row in &t.rows {
                    let mut c = Cursor {
                        t: &t,
                        row,
                        diags: &mut diags,
                    };
                    if let Some(r) = $parse(&mut c) {
                        ds.$field.push(r);
                    }
                }
            }
        };
    }
    table!(COMMODITIES, commodities, parse_commodity);
    table!(MINES, mines, parse_mine);
    table!(MINE_COMMODITIES, mine_commodities, parse_mine_commodity);
    table!(SUPPLY, supply, parse_supply);
    table!(INPUTS, inputs, parse_input);
    table!(ANCILLARY, ancillary, parse_ancillary);
    table!(MATERIALS, materials, parse_material);
    table!(
        MATERIAL_COMPOSITION,
        material_composition,
        parse_composition
    );
    table!(COMPONENTS, components, parse_component);
    table!(COMPONENT_BOM, component_bom, parse_bom);
    table!(VEHICLES, vehicles, parse_vehicle);
    table!(
        VEHICLE_COMPONENTS,
        vehicle_components,
        parse_vehicle_component
    );
    table!(FLEETS, fleets, parse_fleet);
    table!(RESIDUALS, residuals, parse_residual);
    table!(CORRELATIONS, correlations, parse_correlation);
    if diags.is_empty() {
        Ok(ds)
    } else {
        Err(Error::Input(diags))
    }
}

struct Table {
    file: usize,
    path: PathBuf,
    index: HashMap<String, usize>,
    rows: Vec<RawRow>,
}

struct RawRow {
    line: u64,
    cells: Vec<String>,
}

/// The largest table read (a larger file, or one that never ends such as a device, is refused
/// before it is read).
pub const MAX_TABLE_BYTES: u64 = 256 << 20;

/// The bytes of a table file; `None` when it is absent (reported unless optional) or not a
/// readable regular file of a sensible size (reported).
fn read_file(path: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    let mut problem = |message: String, fix: &str| {
        diags.push(Diagnostic::new(path, message, fix));
        None
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // `metadata` follows links: a dangling link or a loop lands here too.
            if std::fs::symlink_metadata(path).is_ok() {
                return problem(
                    format!("the table is a link that leads nowhere ({e})"),
                    "replace the link by the file, or point it at an existing file",
                );
            }
            if OPTIONAL.contains(&name) {
                return None;
            }
            return problem(
                "required table is missing".into(),
                &format!("create {name} with the header documented in distributions/README.md"),
            );
        }
        Err(e) => {
            return problem(
                format!("the table cannot be read: {e}"),
                "check the file's permissions and that it is a file (a link may loop)",
            );
        }
    };
    if meta.is_dir() {
        return problem(
            "a folder where a table should be".into(),
            &format!("replace the folder by the CSV file {name}"),
        );
    }
    if !meta.is_file() {
        return problem(
            "not a regular file (a device, pipe or socket)".into(),
            &format!("give {name} as a CSV file"),
        );
    }
    if meta.len() > MAX_TABLE_BYTES {
        return problem(
            format!(
                "the file is {} MB, more than the {} MB a table may have",
                meta.len() >> 20,
                MAX_TABLE_BYTES >> 20
            ),
            "check that this is the right file",
        );
    }
    match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) => problem(
            format!("the table cannot be read: {e}"),
            "check the file's permissions",
        ),
    }
}

/// Reads one CSV file: header, rows of the header's width, `#` comment lines skipped.
/// Returns `Ok(None)` for an optional table that is absent, or when the file is unusable
/// (the problem is then in `diags`).
fn read_table(
    dir: &Path,
    name: &str,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Table>> {
    let path = dir.join(name);
    let Some(bytes) = read_file(&path, name, diags) else {
        return Ok(None);
    };
    let sha = Sha256::digest(&bytes);
    let sha256 = sha.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let file = files.len();
    files.push(SourceFile {
        path: path.clone(),
        sha256,
    });
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            diags.push(not_utf8(&path, e.as_bytes(), at));
            return Ok(None);
        }
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::new(
                &path,
                "the file is empty: it has no header line",
                "restore the header documented in distributions/README.md",
            )
            .at_line(1),
        );
        return Ok(None);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| line_at(text.as_bytes(), p.byte()));
                diags.push(
                    Diagnostic::new(
                        &path,
                        format!("unreadable CSV: {e}"),
                        "check quoting on this line",
                    )
                    .at_line(line),
                );
                return Ok(None);
            }
        };
        let line = rec
            .position()
            .map_or(0, |p| line_at(text.as_bytes(), p.byte()));
        let cells: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        match &header {
            None => header = Some(cells),
            Some(h) => {
                if cells.iter().all(|c| c.is_empty()) {
                    continue; // a blank spreadsheet row
                }
                if cells.len() != h.len() {
                    diags.push(
                        Diagnostic::new(
                            &path,
                            format!(
                                "the row has {} fields but the header has {}: the row is truncated or has a stray comma",
                                cells.len(),
                                h.len()
                            ),
                            "give every row one field per header column (quote values containing commas)",
                        )
                        .at_line(line),
                    );
                    continue;
                }
                rows.push(RawRow { line, cells });
            }
        }
    }
    let header = header.unwrap_or_default();
    let mut index = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if index.insert(h.clone(), i).is_some() {
            diags.push(
                Diagnostic::new(
                    &path,
                    "the header names this column twice",
                    "remove the duplicate column",
                )
                .at_line(1)
                .at_column(h.clone()),
            );
        }
    }
    Ok(Some(Table {
        file,
        path,
        index,
        rows,
    }))
}

/// Where a file stops being UTF-8 (e.g. Latin-1 from an old spreadsheet): line, column (by the
/// header's name) and the cell as read, so the user can find it.
fn not_utf8(path: &Path, bytes: &[u8], at: usize) -> Diagnostic {
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Fields before the bad byte on its line (commas outside quotes).
    let (mut field, mut quoted, mut cell_start) = (0, false, start);
    for (i, &b) in bytes[start..at].iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                field += 1;
                cell_start = start + i + 1;
            }
            _ => {}
        }
    }
    let cell_end = bytes[at..]
        .iter()
        .position(|&b| b == b',' || b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| at + i);
    let cell = String::from_utf8_lossy(&bytes[cell_start..cell_end]).into_owned();
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header = String::from_utf8_lossy(&bytes[..header_end]);
    let column = header
        .trim_end_matches('\r')
        .split(',')
        .nth(field)
        .map(str::trim);
    let mut d = Diagnostic::new(
        path,
        "the text is not UTF-8 (an accented letter saved in another encoding, e.g. Latin-1)",
        "save the sheet as \"CSV UTF-8\", or retype the character",
    )
    .at_line(line)
    .with_value(cell);
    if let Some(c) = column {
        d = d.at_column(c.to_string());
    }
    d
}

/// The 1-based line of a byte offset. The CSV reader's own line count is one short on files
/// with CRLF line endings (every spreadsheet export), so lines are counted here, by `\n`,
/// from the first byte of the record.
fn line_at(text: &[u8], byte: u64) -> u64 {
    let mut end = (byte as usize).min(text.len());
    // A record that follows a CRLF is reported as starting at the `\n` of that CRLF.
    while end < text.len() && (text[end] == b'\n' || text[end] == b'\r') {
        end += 1;
    }
    text[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Reads the cells of one row by column name, recording problems instead of failing.
struct Cursor<'a> {
    t: &'a Table,
    row: &'a RawRow,
    diags: &'a mut Vec<Diagnostic>,
}

impl Cursor<'_> {
    fn diag(
        &self,
        column: &str,
        value: &str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&self.t.path, message, fix)
            .at_line(self.row.line)
            .at_column(column);
        if !value.is_empty() {
            d = d.with_value(value);
        }
        d
    }

    /// The cell of an optional column: `None` if the column is absent or the cell empty. An
    /// optional column may be left out of a table's header altogether.
    fn optional_cell(&self, column: &str) -> Option<&str> {
        let &i = self.t.index.get(column)?;
        let v = self.row.cells[i].as_str();
        if v.is_empty() { None } else { Some(v) }
    }

    /// The cell of a required column, or `None` if the column is absent (reported once per
    /// table) or the cell empty.
    fn cell(&mut self, column: &str) -> Option<&str> {
        match self.t.index.get(column) {
            Some(&i) => {
                let v = self.row.cells[i].as_str();
                if v.is_empty() { None } else { Some(v) }
            }
            None => {
                let already = self.diags.iter().any(|d| {
                    d.file == self.t.path
                        && d.column.as_deref() == Some(column)
                        && d.line == Some(1)
                });
                if !already {
                    let d = Diagnostic::new(
                        &self.t.path,
                        "the header lacks a required column",
                        "add the column (see distributions/README.md); leave its cells empty where not given",
                    )
                    .at_line(1)
                    .at_column(column);
                    self.diags.push(d);
                }
                None
            }
        }
    }

    /// An optional text column.
    fn opt_str(&mut self, column: &str) -> Option<String> {
        self.optional_cell(column).map(str::to_string)
    }

    fn req_str(&mut self, column: &str) -> Option<String> {
        let v = self.cell(column).map(str::to_string);
        if v.is_none() && self.t.index.contains_key(column) {
            let d = self.diag(column, "", "a value is required here", "fill in the cell");
            self.diags.push(d);
        }
        v
    }

    /// An id: lower-case letters, digits and underscores.
    fn req_id(&mut self, column: &str) -> Option<String> {
        let v = self.req_str(column)?;
        if v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            Some(v)
        } else {
            let d = self.diag(
                column,
                &v,
                "not a valid id",
                format!(
                    "use lower-case letters, digits and underscores, e.g. `{}`",
                    to_id(&v)
                ),
            );
            self.diags.push(d);
            None
        }
    }

    /// An optional number column (absent or empty: `Some(None)`; unreadable: `None`).
    fn opt_f64(&mut self, column: &str) -> Option<Option<f64>> {
        let v = self.optional_cell(column).map(str::to_string);
        self.number(column, v)
    }

    /// A number column whose header is required, though its cells may be empty.
    fn f64_in_required_column(&mut self, column: &str) -> Option<Option<f64>> {
        let v = self.cell(column).map(str::to_string);
        self.number(column, v)
    }

    fn number(&mut self, column: &str, v: Option<String>) -> Option<Option<f64>> {
        let Some(v) = v else {
            return Some(None);
        };
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(Some(x)),
            Ok(_) => {
                let d = self.diag(
                    column,
                    &v,
                    "not a finite number",
                    "write a finite decimal number, e.g. 0.85",
                );
                self.diags.push(d);
                None
            }
            Err(_) => {
                let d = self.diag(
                    column,
                    &v,
                    "not a number",
                    "write a plain decimal number (dot as decimal separator, no units or thousands separators)",
                );
                self.diags.push(d);
                None
            }
        }
    }

    fn req_f64(&mut self, column: &str) -> Option<f64> {
        match self.f64_in_required_column(column)? {
            Some(x) => Some(x),
            None => {
                if self.t.index.contains_key(column) {
                    let d = self.diag(column, "", "a number is required here", "fill in the value");
                    self.diags.push(d);
                }
                None
            }
        }
    }

    fn loc(&self, column: &str) -> Loc {
        Loc {
            file: self.t.file,
            line: self.row.line,
            column: column.to_string(),
        }
    }

    /// `Q`, `Q_min`, `Q_max`, `Q_dist`; `None` when `Q` is empty and `required` is false. The
    /// range and shape columns are optional (absent: no range, the default shape), and so is
    /// every column of a quantity that is not required.
    fn quantity(&mut self, base: &str, required: bool) -> Option<Option<Quantity>> {
        let best = match required {
            true => self.f64_in_required_column(base),
            false => self.opt_f64(base),
        };
        let min = self.opt_f64(&format!("{base}_min"));
        let max = self.opt_f64(&format!("{base}_max"));
        let dist_col = format!("{base}_dist");
        let shape = match self.opt_str(&dist_col) {
            None => Some(None),
            Some(s) => match s.parse::<Shape>() {
                Ok(sh) => Some(Some(sh)),
                Err(e) => {
                    let d = self.diag(
                        &dist_col,
                        &s,
                        format!("{e}"),
                        format!("write one of: {ACCEPTED_SHAPES}"),
                    );
                    self.diags.push(d);
                    None
                }
            },
        };
        let (best, min, max, shape) = (best?, min?, max?, shape?);
        match best {
            None => {
                if min.is_some() || max.is_some() || shape.is_some() {
                    let d = self.diag(
                        base,
                        "",
                        "a range or distribution is given but no best estimate",
                        format!("fill in `{base}` (the best estimate, within the range)"),
                    );
                    self.diags.push(d);
                    return None;
                }
                if required && self.t.index.contains_key(base) {
                    let d = self.diag(
                        base,
                        "",
                        "a value is required here",
                        "fill in the best estimate",
                    );
                    self.diags.push(d);
                    return None;
                }
                Some(None)
            }
            Some(best) => Some(Some(Quantity {
                best,
                min,
                max,
                shape,
                at: self.loc(base),
            })),
        }
    }

    fn req_quantity(&mut self, base: &str) -> Option<Quantity> {
        self.quantity(base, true)?
    }

    fn provenance(&mut self) -> Option<Provenance> {
        let source = self.req_str("source");
        let year = self.req_str("year");
        let estimated = self.opt_str("estimated").unwrap_or_default();
        let estimate_basis = self.opt_str("estimate_basis").unwrap_or_default();
        let year = match year {
            None => None,
            Some(y) => match y.parse::<i32>() {
                Ok(v) if (1900..=2100).contains(&v) => Some(v),
                _ => {
                    let d = self.diag(
                        "year",
                        &y,
                        "not a year",
                        "write the four-digit year the figure refers to, e.g. 2019",
                    );
                    self.diags.push(d);
                    None
                }
            },
        };
        let estimated: Vec<String> = estimated
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for col in &estimated {
            if !self.t.index.contains_key(col) {
                let d = self.diag(
                    "estimated",
                    col,
                    "names a column this table does not have",
                    "list the estimated columns by their header names, separated by `;`",
                );
                self.diags.push(d);
            }
        }
        if !estimated.is_empty() && estimate_basis.is_empty() {
            let d = self.diag(
                "estimate_basis",
                "",
                "values are marked estimated but the basis is not given",
                "say how the estimate was made and from what (e.g. typical value for the deposit type, with its source)",
            );
            self.diags.push(d);
        }
        Some(Provenance {
            source: source?,
            year: year?,
            estimated,
            estimate_basis,
        })
    }
}

fn to_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

fn parse_commodity(c: &mut Cursor) -> Option<CommodityRow> {
    let commodity = c.req_id("commodity");
    let name = c.req_str("name");
    let world = c.opt_f64("world_production_t");
    let price = c.req_quantity("price_usd_per_t");
    let recycled = c.req_quantity("recycled_share");
    let secondary = c.req_quantity("secondary_tmr_t_per_t");
    let rule = c.req_str("supply_rule");
    let prov = c.provenance();
    Some(CommodityRow {
        line: c.row.line,
        commodity: commodity?,
        name: name?,
        world_production_t: world?,
        price_usd_per_t: price?,
        recycled_share: recycled?,
        secondary_tmr_t_per_t: secondary?,
        supply_rule: rule?,
        prov: prov?,
    })
}

fn parse_mine(c: &mut Cursor) -> Option<MineRow> {
    let mine = c.req_id("mine");
    let name = c.req_str("name");
    let country = c.req_str("country");
    let deposit_type = c.req_str("deposit_type");
    let mining_method = c.req_str("mining_method");
    let ore_mined = c.opt_f64("ore_mined_mt");
    let sr = c.req_quantity("stripping_ratio");
    let basis = c.req_str("stripping_ratio_basis");
    let prov = c.provenance();
    Some(MineRow {
        line: c.row.line,
        mine: mine?,
        name: name?,
        country: country?,
        deposit_type: deposit_type?,
        mining_method: mining_method?,
        ore_mined_mt: ore_mined?,
        stripping_ratio: sr?,
        stripping_ratio_basis: basis?,
        prov: prov?,
    })
}

fn parse_mine_commodity(c: &mut Cursor) -> Option<MineCommodityRow> {
    let mine = c.req_id("mine");
    let commodity = c.req_id("commodity");
    let production = c.req_f64("production_t");
    let grade = c.req_quantity("ore_grade");
    let unit = c.req_str("ore_grade_unit");
    let basis = c.req_str("ore_grade_basis");
    let rb = c.quantity("recovery_beneficiation", false);
    let rs = c.req_quantity("recovery_smelting");
    let conc = c.quantity("concentrate_grade_pct", false);
    let prov = c.provenance();
    Some(MineCommodityRow {
        line: c.row.line,
        mine: mine?,
        commodity: commodity?,
        production_t: production?,
        ore_grade: grade?,
        ore_grade_unit: unit?,
        ore_grade_basis: basis?,
        recovery_beneficiation: rb?,
        recovery_smelting: rs?,
        concentrate_grade_pct: conc?,
        prov: prov?,
    })
}

fn parse_supply(c: &mut Cursor) -> Option<SupplyRow> {
    let commodity = c.req_id("commodity");
    let country = c.req_str("country");
    let share = c.req_quantity("share");
    let country_production = c.opt_f64("country_production_t");
    let prov = c.provenance();
    Some(SupplyRow {
        line: c.row.line,
        commodity: commodity?,
        country: country?,
        share: share?,
        country_production_t: country_production?,
        prov: prov?,
    })
}

fn parse_input(c: &mut Cursor) -> Option<InputRow> {
    let input = c.req_id("input");
    let name = c.req_str("name");
    let unit = c.req_str("unit");
    let tmr = c.req_quantity("tmr_t_per_unit");
    let country = c.req_str("country");
    let prov = c.provenance();
    Some(InputRow {
        line: c.row.line,
        input: input?,
        name: name?,
        unit: unit?,
        tmr_t_per_unit: tmr?,
        country: country?,
        prov: prov?,
    })
}

fn parse_ancillary(c: &mut Cursor) -> Option<AncillaryRow> {
    let commodity = c.req_id("commodity");
    let stage = c.req_str("stage");
    let input = c.req_id("input");
    let amount = c.req_quantity("amount_per_t");
    let prov = c.provenance();
    Some(AncillaryRow {
        line: c.row.line,
        commodity: commodity?,
        stage: stage?,
        input: input?,
        amount_per_t: amount?,
        prov: prov?,
    })
}

fn parse_material(c: &mut Cursor) -> Option<MaterialRow> {
    let material = c.req_id("material");
    let name = c.req_str("name");
    let yld = c.req_quantity("process_yield");
    let direct = c.quantity("direct_tmr_t_per_t", false);
    let country = c.opt_str("direct_country");
    let prov = c.provenance();
    Some(MaterialRow {
        line: c.row.line,
        material: material?,
        name: name?,
        process_yield: yld?,
        direct_tmr_t_per_t: direct?,
        direct_country: country,
        prov: prov?,
    })
}

fn parse_part(c: &mut Cursor, whole: &str, part: &str) -> Option<PartRow> {
    let w = c.req_id(whole);
    let p = c.req_id(part);
    let frac = c.req_quantity("mass_fraction");
    let prov = c.provenance();
    Some(PartRow {
        line: c.row.line,
        whole: w?,
        part: p?,
        mass_fraction: frac?,
        prov: prov?,
    })
}

fn parse_composition(c: &mut Cursor) -> Option<PartRow> {
    parse_part(c, "material", "commodity")
}

fn parse_bom(c: &mut Cursor) -> Option<PartRow> {
    parse_part(c, "component", "material")
}

fn parse_component(c: &mut Cursor) -> Option<ComponentRow> {
    let component = c.req_id("component");
    let name = c.req_str("name");
    let yld = c.req_quantity("manufacturing_yield");
    let prov = c.provenance();
    Some(ComponentRow {
        line: c.row.line,
        component: component?,
        name: name?,
        manufacturing_yield: yld?,
        prov: prov?,
    })
}

fn parse_vehicle(c: &mut Cursor) -> Option<VehicleRow> {
    let vehicle = c.req_id("vehicle");
    let name = c.req_str("name");
    let label = c.opt_str("label");
    let powertrain = c.req_str("powertrain");
    let chem = c.opt_str("battery_chemistry");
    let kwh = c.quantity("battery_kwh", false);
    let kgkwh = c.quantity("pack_kg_per_kwh", false);
    let prod = c.opt_f64("production_2019");
    let prov = c.provenance();
    Some(VehicleRow {
        line: c.row.line,
        vehicle: vehicle?,
        name: name?,
        label,
        powertrain: powertrain?,
        battery_chemistry: chem,
        battery_kwh: kwh?,
        pack_kg_per_kwh: kgkwh?,
        production_2019: prod?,
        prov: prov?,
    })
}

fn parse_residual(c: &mut Cursor) -> Option<ResidualRow> {
    let residual = c.req_id("residual");
    let commodity = c.req_id("commodity");
    let country = c.req_str("country");
    let grade = c.req_quantity("ore_grade");
    let unit = c.req_str("ore_grade_unit");
    let sr = c.req_quantity("stripping_ratio");
    let rb = c.quantity("recovery_beneficiation", false);
    let rs = c.req_quantity("recovery_smelting");
    let conc = c.quantity("concentrate_grade_pct", false);
    let prov = c.provenance();
    Some(ResidualRow {
        line: c.row.line,
        residual: residual?,
        commodity: commodity?,
        country: country?,
        ore_grade: grade?,
        ore_grade_unit: unit?,
        stripping_ratio: sr?,
        recovery_beneficiation: rb?,
        recovery_smelting: rs?,
        concentrate_grade_pct: conc?,
        prov: prov?,
    })
}

fn parse_correlation(c: &mut Cursor) -> Option<CorrelationRow> {
    let a = c.req_str("parameter_a");
    let b = c.req_str("parameter_b");
    let rho = c.req_f64("rho");
    let rho = match rho {
        Some(r) if !(-1.0..=1.0).contains(&r) => {
            let d = c.diag(
                "rho",
                &r.to_string(),
                "a rank correlation lies between -1 and 1",
                "write Spearman's rho, e.g. 0.5",
            );
            c.diags.push(d);
            None
        }
        r => r,
    };
    let prov = c.provenance();
    Some(CorrelationRow {
        line: c.row.line,
        parameter_a: a?,
        parameter_b: b?,
        rho: rho?,
        prov: prov?,
    })
}

fn parse_fleet(c: &mut Cursor) -> Option<FleetRow> {
    let fleet = c.req_id("fleet");
    let name = c.req_str("name");
    let label = c.opt_str("label");
    let vehicle = c.req_id("vehicle");
    let share = c.req_quantity("share");
    let prov = c.provenance();
    Some(FleetRow {
        line: c.row.line,
        fleet: fleet?,
        name: name?,
        label,
        vehicle: vehicle?,
        share: share?,
        prov: prov?,
    })
}

fn parse_vehicle_component(c: &mut Cursor) -> Option<VehicleComponentRow> {
    let vehicle = c.req_id("vehicle");
    let component = c.req_id("component");
    let mass = c.quantity("mass_kg", false);
    let rule = c.opt_str("mass_rule").unwrap_or_else(|| "kg".to_string());
    let prov = c.provenance();
    Some(VehicleComponentRow {
        line: c.row.line,
        vehicle: vehicle?,
        component: component?,
        mass_kg: mass?,
        mass_rule: rule,
        prov: prov?,
    })
}
