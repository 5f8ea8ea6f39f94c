//! Bad input never panics: every problem with the dataset, the run spec or the command line
//! ends with exit status 2 and a message that names the file, the line (and, where there is
//! one, the column and the value) and the fix.
//!
//! Each dataset case copies `tests/fixtures/tiny` into a temporary folder and makes one change:
//! either the files of `tests/fixtures/bad/<case>/` replace their namesakes (each is a copy of
//! the tiny table with one edit), or an edit made here (replace or append a line, empty, remove
//! or rewrite a file). The binary then runs `check --data <copy>` and `point --data <copy>`
//! (and `run` for the spec cases, with few samples), always in a temporary working folder.

use std::ffi::OsString;
use std::fs;
use std::path::{MAIN_SEPARATOR, Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

mod common;
use common::{BIN, tiny as tiny_dir};

fn fixtures() -> PathBuf {
    common::fixture("")
}

fn hiddenflow<I, S>(cwd: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    Command::new(BIN)
        .args(&args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// A private copy of the tiny dataset
// ---------------------------------------------------------------------------------------------

struct Data {
    _tmp: TempDir,
    /// Working folder of the commands (holds `data/`, specs and outputs).
    root: PathBuf,
    /// The dataset copy.
    dir: PathBuf,
}

impl Data {
    /// An unmodified copy of `tests/fixtures/tiny`.
    fn tiny() -> Data {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let root = tmp.path().to_path_buf();
        let dir = root.join("data");
        fs::create_dir(&dir).unwrap();
        let mut n = 0;
        for e in fs::read_dir(tiny_dir()).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                fs::copy(e.path(), dir.join(e.file_name())).unwrap();
                n += 1;
            }
        }
        assert_eq!(n, 12, "tests/fixtures/tiny should hold the 12 tables");
        Data {
            _tmp: tmp,
            root,
            dir,
        }
    }

    /// The tiny dataset with the files of `tests/fixtures/bad/<case>/` in place of their
    /// namesakes.
    fn fixture(case: &str) -> Data {
        let d = Data::tiny();
        let src = fixtures().join("bad").join(case);
        let mut n = 0;
        for e in fs::read_dir(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
            let path = e.unwrap().path();
            let target = d.dir.join(path.file_name().unwrap());
            let original = fs::read(&target).unwrap_or_else(|_| {
                panic!("{} replaces no table of the tiny fixture", path.display())
            });
            let new = fs::read(&path).unwrap();
            assert_ne!(
                original,
                new,
                "{} is identical to the tiny table: the fixture changes nothing",
                path.display()
            );
            fs::write(&target, new).unwrap();
            n += 1;
        }
        assert!(n > 0, "{} is empty", src.display());
        d
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    fn text(&self, file: &str) -> String {
        fs::read_to_string(self.path(file)).unwrap()
    }

    /// Replaces 1-based line `line` of `file`.
    fn replace_line(self, file: &str, line: usize, new: &str) -> Data {
        let text = self.text(file);
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(
            line >= 1 && line <= lines.len(),
            "{file} has no line {line}"
        );
        assert_ne!(lines[line - 1], new, "the edit changes nothing");
        lines[line - 1] = new;
        fs::write(self.path(file), lines.join("\n") + "\n").unwrap();
        self
    }

    fn append_line(self, file: &str, new: &str) -> Data {
        let mut text = self.text(file);
        assert!(text.ends_with('\n'));
        text.push_str(new);
        text.push('\n');
        fs::write(self.path(file), text).unwrap();
        self
    }

    /// Inserts a line so that it becomes 1-based line `line`.
    fn insert_line(self, file: &str, line: usize, new: &str) -> Data {
        let text = self.text(file);
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(line - 1, new);
        fs::write(self.path(file), lines.join("\n") + "\n").unwrap();
        self
    }

    fn write(self, file: &str, bytes: &[u8]) -> Data {
        assert!(
            self.path(file).exists(),
            "{file} is not a table of the fixture"
        );
        fs::write(self.path(file), bytes).unwrap();
        self
    }

    fn remove(self, file: &str) -> Data {
        fs::remove_file(self.path(file)).unwrap();
        self
    }

    fn cmd(&self, command: &str) -> Output {
        hiddenflow(
            &self.root,
            [
                OsString::from(command),
                "--data".into(),
                self.dir.clone().into(),
            ],
        )
    }
}

// ---------------------------------------------------------------------------------------------
// What the message must say
// ---------------------------------------------------------------------------------------------

/// One expected diagnostic: a single `error: …` block of stderr must name the file (and one of
/// the lines, when given), the column and value (when given), every word, and carry a `fix:`.
#[derive(Clone, Debug)]
struct Expect {
    /// How the file appears in the message (`/mines.csv`, or `<command line>`).
    file: String,
    /// Acceptable lines; empty when the problem has no line.
    lines: Vec<u64>,
    column: Option<String>,
    value: Option<String>,
    words: Vec<String>,
}

/// A problem at `file:line`.
fn at(file: &str, line: u64) -> Expect {
    Expect {
        lines: vec![line],
        ..in_file(file)
    }
}

/// A problem with a whole file or folder (no line).
fn in_file(file: &str) -> Expect {
    Expect {
        // anchored on the separator so that `commodities.csv` does not match
        // `mine_commodities.csv`
        file: format!("{MAIN_SEPARATOR}{file}"),
        lines: Vec::new(),
        column: None,
        value: None,
        words: Vec::new(),
    }
}

/// A problem with a command-line flag.
fn command_line() -> Expect {
    Expect {
        file: "<command line>".into(),
        ..in_file("")
    }
}

impl Expect {
    fn or_line(mut self, line: u64) -> Self {
        self.lines.push(line);
        self
    }
    fn column(mut self, c: &str) -> Self {
        self.column = Some(c.into());
        self
    }
    fn value(mut self, v: &str) -> Self {
        self.value = Some(v.into());
        self
    }
    fn says(mut self, w: &str) -> Self {
        self.words.push(w.into());
        self
    }

    fn matches(&self, block: &str) -> bool {
        let located = if self.lines.is_empty() {
            block.contains(&format!("{}:", self.file))
        } else {
            self.lines
                .iter()
                .any(|l| block.contains(&format!("{}:{l}:", self.file)))
        };
        let lower = block.to_lowercase();
        located
            && self
                .column
                .as_ref()
                .is_none_or(|c| block.contains(&format!("column `{c}`")))
            && self
                .value
                .as_ref()
                .is_none_or(|v| block.contains(&format!("value `{v}`")))
            && self.words.iter().all(|w| lower.contains(&w.to_lowercase()))
            && block.contains("fix: ")
    }
}

/// The `error: …` blocks of stderr (a block runs until the next line starting with `error: `).
fn error_blocks(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error: ") {
            blocks.push(String::new());
        }
        if let Some(b) = blocks.last_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    blocks
}

fn describe(what: &str, out: &Output) -> String {
    format!(
        "{what}\n--- exit status: {:?}\n--- stderr:\n{}\n--- stdout:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// Exit status exactly 2, no panic, nothing on stdout, and every expected diagnostic present
/// (each in its own `error:` block).
fn assert_input_errors(out: &Output, what: &str, expected: &[Expect]) {
    let ctx = describe(what, out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "the program panicked: {ctx}");
    assert_eq!(out.status.code(), Some(2), "exit status: {ctx}");
    assert!(
        out.stdout.is_empty(),
        "stdout should be empty on an input error: {ctx}"
    );
    let blocks = error_blocks(&stderr);
    let mut used = vec![false; blocks.len()];
    for e in expected {
        let hit = blocks
            .iter()
            .enumerate()
            .find(|(i, b)| !used[*i] && e.matches(b));
        match hit {
            Some((i, _)) => used[i] = true,
            None => panic!("no error message matches {e:#?}: {ctx}"),
        }
    }
}

fn assert_input_error(out: &Output, what: &str, expected: Expect) {
    assert_input_errors(out, what, &[expected]);
}

/// Both `check` and `point` reject the dataset with the expected message.
fn assert_rejected(d: &Data, case: &str, expected: Expect) {
    for command in ["check", "point"] {
        let out = d.cmd(command);
        assert_input_error(
            &out,
            &format!("case `{case}`: hiddenflow {command}"),
            expected.clone(),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Control: the unmodified copy is valid, so every failure below comes from the one change
// ---------------------------------------------------------------------------------------------

#[test]
fn control_unmodified_tiny_copy_is_valid() {
    let d = Data::tiny();
    for command in ["check", "point"] {
        let out = d.cmd(command);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            describe(&format!("hiddenflow {command} on the tiny copy"), &out)
        );
    }
    let out = d.cmd("check");
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid"));
}

#[test]
fn control_error_blocks_and_matching() {
    // The matcher itself must be able to fail.
    let stderr = "error: /x/mine_commodities.csv:3: column `ore_grade`: value `150`: an ore grade outside\n    fix: give it\nerror: /x/mines.csv: missing\n    fix: add it\n2 errors\n";
    let blocks = error_blocks(stderr);
    assert_eq!(blocks.len(), 2);
    let good = at("mine_commodities.csv", 3)
        .column("ore_grade")
        .value("150")
        .says("ORE GRADE");
    assert!(good.matches(&blocks[0]));
    assert!(!at("commodities.csv", 3).matches(&blocks[0]));
    assert!(!good.clone().or_line(4).column("x").matches(&blocks[0]));
    assert!(!at("mine_commodities.csv", 4).matches(&blocks[0]));
    assert!(!good.clone().value("15").matches(&blocks[0]));
    assert!(!good.says("cycle").matches(&blocks[0]));
    assert!(in_file("mines.csv").matches(&blocks[1]));
    assert!(!at("mines.csv", 1).matches(&blocks[1]));
}

// ---------------------------------------------------------------------------------------------
// Dataset cases from tests/fixtures/bad/<case>/
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_mine_id() {
    let d = Data::fixture("duplicate_mine_id");
    assert_rejected(
        &d,
        "duplicate_mine_id",
        at("mines.csv", 5)
            .column("mine")
            .value("cu_mine_a")
            .says("duplicate"),
    );
}

#[test]
fn dangling_mine_in_mine_commodities() {
    let d = Data::fixture("dangling_mine");
    assert_rejected(
        &d,
        "dangling_mine",
        at("mine_commodities.csv", 6)
            .column("mine")
            .value("ghost_mine")
            .says("mines.csv")
            .says("does not list"),
    );
}

#[test]
fn dangling_commodity_in_material_composition() {
    let d = Data::fixture("dangling_commodity");
    assert_rejected(
        &d,
        "dangling_commodity",
        at("material_composition.csv", 4)
            .column("commodity")
            .value("nickel")
            .says("commodities.csv")
            .says("does not list"),
    );
}

#[test]
fn min_greater_than_max() {
    let d = Data::fixture("min_greater_than_max");
    assert_rejected(
        &d,
        "min_greater_than_max",
        at("mines.csv", 2)
            .column("stripping_ratio_min")
            .value("3")
            .says("greater than max")
            .says("swap"),
    );
}

#[test]
fn best_estimate_outside_its_range() {
    let d = Data::fixture("best_outside_range");
    assert_rejected(
        &d,
        "best_outside_range",
        at("vehicles.csv", 3)
            .column("battery_kwh")
            .value("75")
            .says("outside its range")
            .says("[40, 60]"),
    );
}

#[test]
fn ore_grade_of_150_pct() {
    let d = Data::fixture("ore_grade_150_pct");
    assert_rejected(
        &d,
        "ore_grade_150_pct",
        at("mine_commodities.csv", 3)
            .column("ore_grade")
            .value("150")
            .says("ore grade")
            .says("(0, 100]"),
    );
}

#[test]
fn recovery_above_one() {
    let d = Data::fixture("recovery_above_one");
    assert_rejected(
        &d,
        "recovery_above_one",
        at("mine_commodities.csv", 3)
            .column("recovery_beneficiation")
            .value("1.5")
            .says("recovery")
            .says("(0, 1]"),
    );
}

#[test]
fn supply_shares_do_not_sum_to_one() {
    let d = Data::fixture("supply_shares_not_one");
    // the sum is reported at the commodity's first row (2) or at the edited row (3)
    assert_rejected(
        &d,
        "supply_shares_not_one",
        at("supply.csv", 2)
            .or_line(3)
            .column("share")
            .says("copper")
            .says("sum to")
            .says("0.9"),
    );
}

#[test]
fn cycle_among_ancillary_commodity_inputs() {
    // copper uses coal (line 2), coal uses copper (line 4, appended)
    let d = Data::fixture("ancillary_cycle");
    assert_rejected(
        &d,
        "ancillary_cycle",
        at("ancillary.csv", 2)
            .or_line(4)
            .column("input")
            .says("cycle")
            .says("copper")
            .says("coal"),
    );
}

#[test]
fn not_a_number() {
    let d = Data::fixture("not_a_number");
    assert_rejected(
        &d,
        "not_a_number",
        at("mines.csv", 3)
            .column("stripping_ratio")
            .value("abc")
            .says("not a number"),
    );
}

#[test]
fn decimal_comma_in_a_quoted_cell() {
    let d = Data::fixture("decimal_comma");
    assert_rejected(
        &d,
        "decimal_comma",
        at("mines.csv", 3)
            .column("stripping_ratio")
            .value("1,5")
            .says("not a number")
            .says("decimal separator"),
    );
}

#[test]
fn nan_price() {
    let d = Data::fixture("nan");
    assert_rejected(
        &d,
        "nan",
        at("commodities.csv", 3)
            .column("price_usd_per_t")
            .value("NaN")
            .says("finite number"),
    );
}

#[test]
fn unknown_grade_unit() {
    let d = Data::fixture("unknown_grade_unit");
    assert_rejected(
        &d,
        "unknown_grade_unit",
        at("mine_commodities.csv", 2)
            .column("ore_grade_unit")
            .value("pct_cu")
            .says("unknown ore-grade unit")
            // the fix lists the accepted units
            .says("g_per_t"),
    );
}

#[test]
fn unknown_distribution_name() {
    let d = Data::fixture("unknown_distribution");
    assert_rejected(
        &d,
        "unknown_distribution",
        at("mines.csv", 2)
            .column("stripping_ratio_dist")
            .value("gaussian")
            .says("unknown distribution")
            .says("triangular"),
    );
}

#[test]
fn missing_required_column() {
    let d = Data::fixture("missing_column");
    assert_rejected(
        &d,
        "missing_column",
        at("materials.csv", 1)
            .column("process_yield")
            .says("lacks a required column"),
    );
}

#[test]
fn truncated_last_row() {
    let d = Data::fixture("truncated_last_row");
    assert_rejected(
        &d,
        "truncated_last_row",
        at("supply.csv", 5).says("truncated").says("header has 10"),
    );
}

#[test]
fn empty_file() {
    let d = Data::fixture("empty_file");
    assert_eq!(fs::metadata(d.path("vehicles.csv")).unwrap().len(), 0);
    assert_rejected(
        &d,
        "empty_file",
        in_file("vehicles.csv").says("empty").says("header"),
    );
}

#[test]
fn empty_file_names_line_1() {
    let d = Data::fixture("empty_file");
    assert_rejected(&d, "empty_file", at("vehicles.csv", 1).says("empty"));
}

#[test]
fn several_errors_are_reported_together() {
    let d = Data::fixture("two_broken_files");
    for command in ["check", "point"] {
        let out = d.cmd(command);
        assert_input_errors(
            &out,
            &format!("case `two_broken_files`: hiddenflow {command}"),
            &[
                at("mines.csv", 3)
                    .column("stripping_ratio")
                    .value("abc")
                    .says("not a number"),
                at("vehicles.csv", 3)
                    .column("battery_kwh")
                    .value("fifty")
                    .says("not a number"),
            ],
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("2 errors"),
            "{}",
            describe("the count of errors", &out)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Dataset cases made in code
// ---------------------------------------------------------------------------------------------

#[test]
fn several_cross_table_errors_are_reported_together() {
    // two cross-table problems (checked after loading): a duplicate id and a bad share sum
    let row = Data::tiny()
        .text("mines.csv")
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    let d = Data::tiny().append_line("mines.csv", &row).replace_line(
        "supply.csv",
        3,
        "copper,CD,0.4,0.3,0.6,,hand-made test fixture,2019,,",
    );
    for command in ["check", "point"] {
        assert_input_errors(
            &d.cmd(command),
            &format!("duplicate + share sum: hiddenflow {command}"),
            &[
                at("mines.csv", 5).column("mine").says("duplicate"),
                at("supply.csv", 2).or_line(3).says("sum to"),
            ],
        );
    }
}

#[test]
fn missing_required_table_file() {
    let d = Data::tiny().remove("components.csv");
    assert_rejected(
        &d,
        "missing components.csv",
        in_file("components.csv").says("missing"),
    );
}

#[test]
fn file_of_blank_lines_only() {
    let d = Data::tiny().write("vehicles.csv", b"\n\n");
    assert_rejected(
        &d,
        "blank vehicles.csv",
        in_file("vehicles.csv").says("empty"),
    );
}

#[test]
fn unquoted_decimal_comma_shifts_the_row() {
    let d = Data::tiny().replace_line(
        "mines.csv",
        3,
        "cuco_mine,Copper-cobalt mine,CD,sediment_hosted_cu_co,open_pit,5,1,5,,,,reported,hand-made test fixture,2019,,",
    );
    assert_rejected(
        &d,
        "unquoted 1,5",
        at("mines.csv", 3).says("16 fields").says("stray comma"),
    );
}

#[test]
fn recovery_of_zero() {
    let d = Data::tiny().replace_line(
        "mine_commodities.csv",
        3,
        "cuco_mine,copper,200,2,,,,pct,head,0.5,,,,0,,,,20,,,,hand-made test fixture,2019,,",
    );
    assert_rejected(
        &d,
        "recovery_smelting 0",
        at("mine_commodities.csv", 3)
            .column("recovery_smelting")
            .value("0")
            .says("(0, 1]"),
    );
}

#[test]
fn ore_grade_of_zero() {
    let d = Data::tiny().replace_line(
        "mine_commodities.csv",
        3,
        "cuco_mine,copper,200,0,,,,pct,head,0.5,,,,1,,,,20,,,,hand-made test fixture,2019,,",
    );
    assert_rejected(
        &d,
        "ore_grade 0",
        at("mine_commodities.csv", 3)
            .column("ore_grade")
            .value("0")
            .says("(0, 100]"),
    );
}

#[test]
fn duplicate_mine_commodity_pair() {
    let row = Data::tiny()
        .text("mine_commodities.csv")
        .lines()
        .nth(2)
        .unwrap()
        .to_string();
    let d = Data::tiny().append_line("mine_commodities.csv", &row);
    assert_rejected(
        &d,
        "mine × commodity twice",
        at("mine_commodities.csv", 6)
            .column("commodity")
            .value("copper")
            .says("twice"),
    );
}

#[test]
fn dangling_component_in_vehicle_components() {
    let d = Data::tiny().append_line(
        "vehicle_components.csv",
        "icev,motor,80,,,,kg,hand-made test fixture,2019,,",
    );
    assert_rejected(
        &d,
        "unknown component",
        at("vehicle_components.csv", 5)
            .column("component")
            .value("motor")
            .says("components.csv"),
    );
}

#[test]
fn comment_lines_count_in_line_numbers() {
    // a comment becomes line 2, so the duplicate appended after the three mines is line 6
    let row = Data::tiny()
        .text("mines.csv")
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    let d = Data::tiny()
        .insert_line("mines.csv", 2, "# a comment")
        .append_line("mines.csv", &row);
    assert_rejected(
        &d,
        "comment + duplicate",
        at("mines.csv", 6).column("mine").says("duplicate"),
    );
}

#[test]
fn file_that_is_not_utf8() {
    let text = Data::tiny().text("mines.csv");
    let bytes = text
        .replacen("Copper mine A", "Cobre mina \u{e9}", 1)
        .into_bytes();
    // é as Latin-1 (0xE9) instead of UTF-8 (0xC3 0xA9)
    let pos = bytes.windows(2).position(|w| w == [0xc3, 0xa9]).unwrap();
    let mut latin1 = bytes[..pos].to_vec();
    latin1.push(0xe9);
    latin1.extend_from_slice(&bytes[pos + 2..]);
    let d = Data::tiny().write("mines.csv", &latin1);
    // At the line and column of the cell, not at a byte offset.
    assert_rejected(
        &d,
        "Latin-1 mines.csv",
        at("mines.csv", 2).column("name").says("UTF-8"),
    );
}

#[test]
fn file_that_is_not_utf8_names_the_line() {
    let d = Data::tiny().write(
        "mines.csv",
        &[
            Data::tiny()
                .text("mines.csv")
                .lines()
                .next()
                .unwrap()
                .as_bytes(),
            b"\ncu_mine_a,Cobre mina \xe9,CL,porphyry,open_pit,10,2,1,3,,reported,x,2019,,\n",
        ]
        .concat(),
    );
    assert_rejected(&d, "Latin-1 mines.csv", at("mines.csv", 2).says("UTF-8"));
}

#[test]
fn dataset_folder_that_does_not_exist() {
    let d = Data::tiny();
    let out = hiddenflow(
        &d.root,
        [
            OsString::from("check"),
            "--data".into(),
            d.root.join("no_such_folder").into(),
        ],
    );
    assert_input_error(
        &out,
        "check --data no_such_folder",
        in_file("no_such_folder").says("does not exist"),
    );
}

#[test]
fn bad_dataset_stops_run_before_any_output() {
    let d = Data::fixture("not_a_number");
    let spec = d.root.join("small.toml");
    fs::write(&spec, "name = \"small\"\nsamples = 100\n").unwrap();
    let out_dir = d.root.join("out");
    let out = hiddenflow(
        &d.root,
        [
            OsString::from("run"),
            spec.into(),
            "--data".into(),
            d.dir.clone().into(),
            "--out".into(),
            out_dir.clone().into(),
            "--threads".into(),
            "1".into(),
        ],
    );
    assert_input_error(
        &out,
        "run on a dataset with `abc`",
        at("mines.csv", 3)
            .column("stripping_ratio")
            .value("abc")
            .says("not a number"),
    );
    assert!(
        !out_dir.exists(),
        "a failed run must not create its output folder"
    );
}

// ---------------------------------------------------------------------------------------------
// Run spec and command line (`hiddenflow run SPEC.toml --data tests/fixtures/tiny`)
// ---------------------------------------------------------------------------------------------

struct Spec {
    _tmp: TempDir,
    root: PathBuf,
    spec: PathBuf,
    out: PathBuf,
}

fn spec(file: &str, text: &str) -> Spec {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = tmp.path().to_path_buf();
    let spec = root.join(file);
    fs::write(&spec, text).unwrap();
    let out = root.join("out");
    Spec {
        _tmp: tmp,
        root,
        spec,
        out,
    }
}

impl Spec {
    /// Runs the spec and asserts that it succeeded.
    fn run_ok(&self, extra: &[&str], what: &str) {
        let out = self.run(extra);
        assert_eq!(out.status.code(), Some(0), "{}", describe(what, &out));
    }

    fn run(&self, extra: &[&str]) -> Output {
        let mut args: Vec<OsString> = vec![
            "run".into(),
            self.spec.clone().into(),
            "--data".into(),
            tiny_dir().into(),
            "--out".into(),
            self.out.clone().into(),
            "--threads".into(),
            "1".into(),
        ];
        args.extend(extra.iter().map(OsString::from));
        hiddenflow(&self.root, args)
    }

    fn assert_no_output(&self) {
        assert!(
            !self.out.exists(),
            "a rejected run must not create its output folder {}",
            self.out.display()
        );
    }
}

const SMALL: &str = "name = \"small\"\nsamples = 100\n";

#[test]
fn control_small_spec_runs() {
    let s = spec("small.toml", SMALL);
    s.run_ok(&[], "run small.toml");
    assert!(s.out.join("manifest.json").exists());
}

#[test]
fn spec_unknown_field_gives_line_and_column() {
    let s = spec("unknown_field.toml", &format!("{SMALL}sede = 5\n"));
    assert_input_error(
        &s.run(&["--samples", "100"]),
        "spec with `sede = 5` at line 3",
        at("unknown_field.toml", 3)
            .column("1")
            .value("sede")
            .says("unknown field"),
    );
    s.assert_no_output();
}

#[test]
fn spec_unknown_field_in_compare_table_gives_line_and_column() {
    let s = spec(
        "unknown_compare_field.toml",
        &format!("{SMALL}\n[[compare]]\na = \"bev\"\n  bb = \"icev\"\n"),
    );
    assert_input_error(
        &s.run(&["--samples", "100"]),
        "spec with `bb` at line 6, column 3",
        at("unknown_compare_field.toml", 6)
            .column("3")
            .value("bb")
            .says("unknown field"),
    );
    s.assert_no_output();
}

#[test]
fn spec_value_of_the_wrong_type() {
    let s = spec("wrong_type.toml", "name = \"t\"\nsamples = \"many\"\n");
    assert_input_error(
        &s.run(&[]),
        "spec with samples = \"many\"",
        at("wrong_type.toml", 2).column("11").says("invalid type"),
    );
    s.assert_no_output();
}

#[test]
fn spec_that_does_not_exist() {
    let s = spec("small.toml", SMALL);
    let mut args: Vec<OsString> = vec!["run".into(), s.root.join("no_such_spec.toml").into()];
    args.extend(["--data".into(), tiny_dir().into()]);
    args.extend(["--out".into(), s.out.clone().into()]);
    assert_input_error(
        &hiddenflow(&s.root, args),
        "run no_such_spec.toml",
        in_file("no_such_spec.toml").says("does not exist"),
    );
    s.assert_no_output();
}

const COMPARE_TESLA: &str =
    "name = \"t\"\nsamples = 100\n\n[[compare]]\na = \"bev\"\nb = \"tesla\"\n";

#[test]
fn spec_unknown_vehicle_in_compare() {
    let s = spec("compare_unknown_vehicle.toml", COMPARE_TESLA);
    assert_input_error(
        &s.run(&["--samples", "100"]),
        "spec comparing bev with tesla",
        in_file("compare_unknown_vehicle.toml")
            .value("tesla")
            .says("unknown vehicle")
            // the fix lists the known vehicles
            .says("icev"),
    );
    s.assert_no_output();
}

#[test]
fn spec_unknown_vehicle_in_compare_names_the_line() {
    let s = spec("compare_unknown_vehicle.toml", COMPARE_TESLA);
    assert_input_error(
        &s.run(&["--samples", "100"]),
        "spec comparing bev with tesla",
        at("compare_unknown_vehicle.toml", 6)
            .value("tesla")
            .says("unknown vehicle"),
    );
}

#[test]
fn zero_samples_on_the_command_line() {
    let s = spec("small.toml", SMALL);
    assert_input_error(
        &s.run(&["--samples", "0"]),
        "run --samples 0",
        command_line()
            .column("--samples")
            .value("0")
            .says("zero samples"),
    );
    s.assert_no_output();
}

#[test]
fn zero_samples_in_the_spec() {
    let s = spec("zero_samples.toml", "name = \"t\"\nsamples = 0\n");
    assert_input_error(
        &s.run(&[]),
        "spec with samples = 0",
        in_file("zero_samples.toml")
            .column("samples")
            .value("0")
            .says("zero samples"),
    );
    s.assert_no_output();
}

#[test]
fn zero_samples_in_the_spec_names_the_line() {
    let s = spec("zero_samples.toml", "name = \"t\"\nsamples = 0\n");
    assert_input_error(
        &s.run(&[]),
        "spec with samples = 0",
        at("zero_samples.toml", 2).says("zero samples"),
    );
}

#[test]
fn shard_zero_of_three() {
    let s = spec("small.toml", SMALL);
    assert_input_error(
        &s.run(&["--shard", "0/3"]),
        "run --shard 0/3",
        command_line().column("--shard").value("0/3").says("I/N"),
    );
    s.assert_no_output();
}

#[test]
fn shard_four_of_three() {
    let s = spec("small.toml", SMALL);
    assert_input_error(
        &s.run(&["--shard", "4/3"]),
        "run --shard 4/3",
        command_line().column("--shard").value("4/3").says("I/N"),
    );
    s.assert_no_output();
}

/// Names and contents of the files of a folder.
fn snapshot(dir: &Path) -> Vec<(OsString, Vec<u8>)> {
    let mut files: Vec<(OsString, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn existing_output_folder_without_force_is_kept() {
    let s = spec("small.toml", SMALL);
    s.run_ok(&[], "first run");
    let before = snapshot(&s.out);
    assert!(!before.is_empty());

    let again = s.run(&["--seed", "7"]);
    assert_input_error(
        &again,
        "second run into the same --out without --force",
        in_file("out").says("already").says("--force"),
    );
    assert_eq!(
        snapshot(&s.out),
        before,
        "the output folder was overwritten"
    );

    // control: with --force the folder is overwritten
    s.run_ok(&["--seed", "7", "--force"], "--force");
    assert_ne!(snapshot(&s.out), before);
}

#[test]
fn point_into_existing_output_folder_without_force_is_kept() {
    let d = Data::tiny();
    let out_dir = d.root.join("out");
    fs::create_dir(&out_dir).unwrap();
    fs::write(out_dir.join("notes.txt"), "keep me").unwrap();
    let out = hiddenflow(
        &d.root,
        [
            OsString::from("point"),
            "--data".into(),
            d.dir.clone().into(),
            "--out".into(),
            out_dir.clone().into(),
        ],
    );
    assert_input_error(
        &out,
        "point --out into a folder that holds a file",
        in_file("out").says("--force"),
    );
    assert_eq!(
        snapshot(&out_dir),
        vec![(OsString::from("notes.txt"), b"keep me".to_vec())]
    );
}

#[test]
fn country_production_must_be_positive() {
    // The optional column, added with a negative value for Chile's copper.
    let text = Data::tiny().text("supply.csv");
    let edited: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.insert(
                6,
                match i {
                    0 => "country_production_t",
                    1 => "-5",
                    _ => "",
                },
            );
            cells.join(",")
        })
        .collect();
    let d = Data::tiny();
    fs::write(d.path("supply.csv"), edited.join("\n") + "\n").unwrap();
    assert_rejected(
        &d,
        "negative country production",
        at("supply.csv", 2)
            .column("country_production_t")
            .value("-5")
            .says("positive"),
    );
}

#[test]
fn fleet_errors_are_located() {
    let header = "fleet,name,vehicle,share,share_min,share_max,share_dist,source,year,estimated,estimate_basis";
    // shares that do not sum to 1, and an unknown vehicle
    let d = Data::tiny();
    fs::write(
        d.path("fleets.csv"),
        format!(
            "{header}\nmix,Mix,icev,0.5,,,,test,2019,,\nmix,Mix,bev,0.3,,,,test,2019,,\n\
             other,Other,truck,1,,,,test,2019,,\n"
        ),
    )
    .unwrap();
    for command in ["check", "point"] {
        assert_input_errors(
            &d.cmd(command),
            &format!("fleet errors: hiddenflow {command}"),
            &[
                at("fleets.csv", 2)
                    .column("share")
                    .says("sum to")
                    .value("0.800000"),
                at("fleets.csv", 4)
                    .column("vehicle")
                    .value("truck")
                    .says("unknown vehicle"),
            ],
        );
    }
    // a fleet named like a vehicle
    let d = Data::tiny();
    fs::write(
        d.path("fleets.csv"),
        format!("{header}\nbev,Mix,icev,1,,,,test,2019,,\n"),
    )
    .unwrap();
    assert_rejected(
        &d,
        "fleet id of a vehicle",
        at("fleets.csv", 2)
            .column("fleet")
            .value("bev")
            .says("id of a vehicle"),
    );
}

// ---------------------------------------------------------------------------------------------
// One validation boundary: a bad value is reported where it came from
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_spec_values_are_reported_at_their_spec_line_not_as_flags() {
    for (key, value, line_text, words) in [
        (
            "method",
            "quasi",
            "method = \"quasi\"\n",
            "mc, lhs or sobol",
        ),
        (
            "allocation",
            "energy",
            "allocation = \"energy\"\n",
            "economic, mass or none",
        ),
        (
            "default_shape",
            "triangualr",
            "default_shape = \"triangualr\"\n",
            "uniform",
        ),
        ("block_size", "1000", "block_size = 1000\n", "multiple of"),
        (
            "home_country",
            "cn",
            "home_country = \"cn\"\n",
            "two upper-case letters",
        ),
    ] {
        let file = format!("bad_{key}.toml");
        let s = spec(&file, &format!("{SMALL}{line_text}"));
        let out = s.run(&[]);
        assert_input_error(
            &out,
            &format!("spec with {key} = {value}"),
            at(&file, 3).column(key).value(value).says(words),
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("<command line>"),
            "{key}: reported as a flag the user never gave"
        );
        s.assert_no_output();
    }
    // The same values as flags are reported as flags.
    let s = spec("small.toml", SMALL);
    assert_input_error(
        &s.run(&["--method", "quasi"]),
        "--method quasi",
        command_line().column("--method").value("quasi"),
    );
}

#[test]
fn a_home_country_no_table_names_is_warned_about() {
    // `XX` is a well-formed code, but no mine, supply row or input is there: every flow counts
    // as abroad. A study of another country's supply may mean that; a typo does not: the run
    // goes on, with a warning on stderr.
    let s = spec("home_xx.toml", &format!("{SMALL}home_country = \"XX\"\n"));
    let out = s.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", describe("home XX", &out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the home country `XX`") && stderr.contains("abroad"),
        "{stderr}"
    );
    let ok = spec("small.toml", SMALL).run(&[]);
    assert!(!String::from_utf8_lossy(&ok.stderr).contains("warning: the home country"));
}

// ---------------------------------------------------------------------------------------------
// Hardening
// ---------------------------------------------------------------------------------------------

/// Every case of `tests/fixtures/bad/`, with CRLF line endings (every spreadsheet export):
/// the same errors at the same lines as with LF.
#[test]
fn crlf_files_report_the_same_lines_as_lf_files() {
    let cases: Vec<String> = fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(cases.len() >= 15, "{cases:?}");
    let mut compared = 0;
    for case in cases {
        let lf = Data::fixture(&case);
        let crlf = Data::fixture(&case);
        for e in fs::read_dir(&crlf.dir).unwrap() {
            let path = e.unwrap().path();
            let text = fs::read(&path).unwrap();
            let mut out = Vec::with_capacity(text.len() + 64);
            for &b in &text {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
            fs::write(&path, out).unwrap();
        }
        let a = lf.cmd("check");
        let b = crlf.cmd("check");
        let norm = |o: &Output, d: &Data| {
            String::from_utf8_lossy(&o.stderr).replace(&d.dir.display().to_string(), "DATA")
        };
        // The CSV reader's own messages may quote the bytes it read (`\r` included); the
        // locations (`file:line:`) must agree.
        let locations = |s: String| {
            s.lines()
                .filter(|l| l.starts_with("error: "))
                .map(|l| {
                    l.split(": column")
                        .next()
                        .unwrap_or(l)
                        .split(": ")
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(": ")
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            locations(norm(&b, &crlf)),
            locations(norm(&a, &lf)),
            "case {case}: CRLF and LF disagree"
        );
        assert_eq!(a.status.code(), b.status.code(), "case {case}");
        compared += 1;
    }
    assert!(compared >= 15);
}

/// A bad cell in a vehicle of a fleet is reported at the vehicle, and only there: the fleet's
/// shares, as written, still sum to 1.
#[test]
fn a_bad_vehicle_of_a_fleet_does_not_make_the_fleet_shares_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    fs::create_dir(&dir).unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("distributions");
    for e in fs::read_dir(&bundled).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    let path = dir.join("vehicles.csv");
    let text = fs::read_to_string(&path).unwrap();
    // bev_nmc111's pack mass per kWh: 8.3 (7.1–9.1) → 0 with range 0–9.1: outside (0, ∞).
    let bad = text.replacen(
        "nmc111,41.4,35,52,triangular,8.3,7.1,",
        "nmc111,41.4,35,52,triangular,0,0,",
        1,
    );
    assert_ne!(bad, text);
    fs::write(&path, bad).unwrap();
    let out = hiddenflow(tmp.path(), ["check", "--data", "data"]);
    let line = text
        .lines()
        .position(|l| l.starts_with("bev_nmc111,"))
        .unwrap() as u64
        + 1;
    assert_input_error(
        &out,
        "bev_nmc111 with a pack of 0 kg/kWh",
        at("vehicles.csv", line).column("pack_kg_per_kwh"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("fleets.csv"),
        "a false fleet error: {stderr}"
    );
}

/// Tables that are not files: a folder, a device that never ends, a link that loops. Each is
/// one clear error with exit 2, at once.
#[cfg(unix)]
#[test]
fn tables_that_are_not_files_are_refused_at_once() {
    use std::os::unix::fs::symlink;
    let d = Data::tiny();
    fs::remove_file(d.path("vehicles.csv")).unwrap();
    fs::create_dir(d.path("vehicles.csv")).unwrap();
    assert_input_error(
        &d.cmd("check"),
        "vehicles.csv is a folder",
        in_file("vehicles.csv").says("a folder where a table should be"),
    );

    let d = Data::tiny();
    fs::remove_file(d.path("inputs.csv")).unwrap();
    symlink("/dev/zero", d.path("inputs.csv")).unwrap();
    let t = std::time::Instant::now();
    let out = d.cmd("check");
    assert_input_error(
        &out,
        "inputs.csv → /dev/zero",
        in_file("inputs.csv").says("not a regular file"),
    );
    assert!(t.elapsed().as_secs() < 10, "it read the device");

    let d = Data::tiny();
    fs::remove_file(d.path("mines.csv")).unwrap();
    symlink(d.path("loop_b"), d.path("loop_a")).unwrap();
    symlink(d.path("loop_a"), d.path("loop_b")).unwrap();
    symlink(d.path("loop_a"), d.path("mines.csv")).unwrap();
    assert_input_error(
        &d.cmd("check"),
        "mines.csv → a loop of links",
        in_file("mines.csv").says("cannot be read"),
    );
}

/// `hiddenflow params | head -2`: a reader that stops early closes the pipe; no panic, and
/// stderr stays clean.
#[test]
fn a_closed_pipe_is_no_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(BIN)
        .args(["params", "--data"])
        .arg(root.join("distributions"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the rest of the output (far more than a pipe holds) meets a
    // closed pipe.
    assert!(first.starts_with("name,kind"));
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

/// `--threads 100000` spawned threads until killed; far more threads than cores are refused
/// at once, where they were asked for.
#[test]
fn absurd_thread_counts_are_refused() {
    let s = spec("small.toml", SMALL);
    let t = std::time::Instant::now();
    let mut args: Vec<OsString> = vec!["run".into(), s.spec.clone().into()];
    args.extend([
        "--data".into(),
        tiny_dir().into(),
        "--out".into(),
        s.out.clone().into(),
    ]);
    args.extend(["--threads".into(), "100000".into()]);
    assert_input_error(
        &hiddenflow(&s.root, args),
        "--threads 100000",
        command_line()
            .column("--threads")
            .value("100000")
            .says("per core"),
    );
    assert!(t.elapsed().as_secs() < 10);
    s.assert_no_output();
    let s = spec("threads.toml", &format!("{SMALL}threads = 100000\n"));
    // The spec's value counts only without the flag (`run` passes `--threads 1`).
    let mut args: Vec<OsString> = vec!["run".into(), s.spec.clone().into()];
    args.extend([
        "--data".into(),
        tiny_dir().into(),
        "--out".into(),
        s.out.clone().into(),
    ]);
    assert_input_error(
        &hiddenflow(&s.root, args),
        "threads = 100000 in the spec",
        at("threads.toml", 3).column("threads").value("100000"),
    );
}

/// Cells each within their physical range can still make an absurd model: refused by every
/// command before any sampling, with the parameters responsible named; `--allow-implausible`
/// lets a user who means it go on, with the same words as warnings.
#[test]
fn implausible_ranges_and_results_are_refused_with_the_parameters_named() {
    // A stripping ratio of 1e308 t/t: infinite TMR at best estimates.
    let d = Data::tiny().replace_line(
        "mines.csv",
        2,
        "cu_mine_a,Copper mine A,CL,porphyry,open_pit,10,1e308,1,1e308,,reported,hand-made test fixture,2019,,",
    );
    assert_input_error(
        &d.cmd("check"),
        "stripping ratio 1e308",
        in_file("data")
            .says("commodity `copper` has tmr")
            .says("mine:cu_mine_a:stripping_ratio"),
    );
    // A lognormal stripping ratio with gsd 1e100: its range spans hundreds of decades.
    let d = Data::tiny().replace_line(
        "mines.csv",
        2,
        "cu_mine_a,Copper mine A,CL,porphyry,open_pit,10,2,,,lognormal(gsd=1e100),reported,hand-made test fixture,2019,,",
    );
    for command in ["check", "point"] {
        assert_input_error(
            &d.cmd(command),
            "gsd 1e100",
            at("mines.csv", 2)
                .column("stripping_ratio")
                .says("orders of magnitude")
                .says("mine:cu_mine_a:stripping_ratio"),
        );
    }
    let out = hiddenflow(
        &d.root,
        [
            OsString::from("check"),
            "--data".into(),
            d.dir.clone().into(),
            "--allow-implausible".into(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", describe("allowed", &out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning (allowed by --allow-implausible)")
    );
    // An ore grade of 1e-298 (its hidden flows abroad came out at −4.6e-149 %).
    let d = Data::tiny().replace_line(
        "mine_commodities.csv",
        2,
        "cu_mine_a,copper,500,1e-298,,,,pct,head,0.8,,,,1,,,,25,,,,hand-made test fixture,2019,,",
    );
    assert_input_error(
        &d.cmd("point"),
        "grade 1e-298",
        in_file("data")
            .says("commodity `copper` has tmr")
            .says("mine:cu_mine_a:copper:ore_grade"),
    );
}

/// A mass fraction whose lognormal tail crosses 1 is cut at 1: valid, but the user is told how
/// much of the distribution that removes, at the cell.
#[test]
fn a_distribution_cut_by_its_physical_range_is_warned_about() {
    let d = Data::tiny().replace_line(
        "component_bom.csv",
        2,
        "harness,copper_wire,0.8,,,lognormal(gsd=2),hand-made test fixture,2019,,",
    );
    let out = d.cmd("check");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        describe("lognormal BOM", &out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // P(X > 1) for a lognormal of median 0.8 and gsd 2: 1 − Φ(ln 1.25 / ln 2) = 37.4 %.
    assert!(
        stderr.contains("component_bom.csv:2: column `mass_fraction`: 37.4 %")
            && stderr.contains("cut off"),
        "{stderr}"
    );
    // An explicit truncnormal says it meant the cut: no warning.
    let d = Data::tiny().replace_line(
        "component_bom.csv",
        2,
        "harness,copper_wire,0.8,0.5,1,truncnormal(sd=0.3),hand-made test fixture,2019,,",
    );
    let out = d.cmd("check");
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("cut off"));
}

/// A run that meets non-finite draws (allowed past the plausibility check) says so on stderr
/// and in summary.md, with the count.
#[test]
fn non_finite_draws_are_reported_with_their_count() {
    let d = Data::tiny().replace_line(
        "mines.csv",
        2,
        "cu_mine_a,Copper mine A,CL,porphyry,open_pit,10,2,0,1e308,,reported,hand-made test fixture,2019,,",
    );
    let out_dir = d.root.join("out");
    let out = hiddenflow(
        &d.root,
        [
            OsString::from("run"),
            "--data".into(),
            d.dir.clone().into(),
            "--out".into(),
            out_dir.clone().into(),
            "--samples".into(),
            "2000".into(),
            "--allow-implausible".into(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        describe("non-finite run", &out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("draws gave a value that is not finite"),
        "{stderr}"
    );
    let md = fs::read_to_string(out_dir.join("summary.md")).unwrap();
    assert!(md.contains("Warning:") && md.contains("not finite"), "{md}");
    // A run without them says nothing of the kind.
    let s = spec("small.toml", SMALL);
    let ok = s.run(&[]);
    assert!(!String::from_utf8_lossy(&ok.stderr).contains("not finite"));
    let md = fs::read_to_string(s.out.join("summary.md")).unwrap();
    assert!(!md.contains("Warning:"));
}
