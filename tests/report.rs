//! Publication outputs of a run (`hiddenflow::report::{plot, tables, html}`): figures as SVG
//! and 300 dpi PNG, `summary.tex`/`summary.md` rounded by the Monte Carlo standard error, and
//! the self-contained `report.html`, all made from the stored files of a run of the tiny
//! fixture.

mod common;

use hiddenflow::config::Flags;
use hiddenflow::report::plot::{self, PlotOptions};
use hiddenflow::report::tables::{CsvTable, decimal_exponent, format_at_place, round_to_se};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs the tiny fixture into `dir` (4096 samples).
fn tiny_run(dir: &Path) {
    let flags = Flags {
        data: Some(PathBuf::from("tests/fixtures/tiny")),
        out: Some(dir.to_path_buf()),
        samples: Some(4096),
        ..Default::default()
    };
    hiddenflow::commands::run(&flags).expect("the tiny fixture runs");
}

/// Adds the optional inputs of two figures: a convergence table and sensitivity indices
/// (tornado and Sobol' for both vehicles, Spearman for `icev`), in the column layout the
/// engine writes.
fn add_optional_inputs(dir: &Path) {
    let mut conv = String::from("n,vehicle,quantity,p2_5,p50,p97_5\n");
    for (v, base) in [("icev", 20.0), ("bev", 57.0)] {
        for (k, n) in [256, 512, 1024, 2048, 4096].iter().enumerate() {
            let wobble = 1.0 + 0.04 / (k as f64 + 1.0);
            conv.push_str(&format!(
                "{n},{v},tmr,{},{},{}\n",
                base * 0.6 * wobble,
                base * wobble,
                base * 1.7 / wobble
            ));
        }
    }
    std::fs::write(dir.join("convergence.csv"), conv).unwrap();
    let mut sens =
        String::from("vehicle,quantity,method,parameter,group,index,value,ci_low,ci_high\n");
    for v in ["icev", "bev"] {
        for (p, lo, hi, s1, st) in [
            ("grade:cu_mine_a", 15.0, 30.0, 0.55, 0.6),
            ("recovery:cuco_mine", 18.0, 23.0, 0.2, 0.25),
            ("stripping_ratio:coal_mine", 19.9, 20.4, 0.01, 0.02),
        ] {
            sens.push_str(&format!("{v},tmr,tornado,{p},,low,{lo},NaN,NaN\n"));
            sens.push_str(&format!("{v},tmr,tornado,{p},,high,{hi},NaN,NaN\n"));
            sens.push_str(&format!(
                "{v},tmr,sobol,{p},,S1,{s1},{},{}\n",
                s1 - 0.05,
                s1 + 0.05
            ));
            sens.push_str(&format!(
                "{v},tmr,sobol,{p},,ST,{st},{},{}\n",
                st - 0.04,
                st + 0.06
            ));
        }
    }
    for (p, rho) in [("grade:cu_mine_a", 0.8), ("recovery:cuco_mine", -0.4)] {
        sens.push_str(&format!(
            "icev,tmr,rank_correlation,{p},,spearman,{rho},{},{}\n",
            rho - 0.03,
            rho + 0.03
        ));
        sens.push_str(&format!(
            "icev,tmr,rank_correlation,{p},,contribution,{},,\n",
            rho * rho
        ));
    }
    std::fs::write(dir.join("sensitivity.csv"), sens).unwrap();
}

// ---------------------------------------------------------------------------------------
// A small SVG reader: enough XML to check well-formedness and find elements.

#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    /// Text directly inside the element (for `<text>` and `<title>`).
    text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn parse_attrs(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let eq = rest.find('=').expect("attribute has a value");
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        assert!(after.starts_with('"'), "attribute {key} is quoted");
        let end = after[1..].find('"').expect("closing quote") + 1;
        out.insert(key, unescape(&after[1..end]));
        rest = after[end + 1..].trim_start();
    }
    out
}

/// Parses `svg`, asserting that tags balance and the root is `<svg>`; returns the elements.
fn parse_svg(svg: &str) -> Vec<Element> {
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    let b = svg.as_bytes();
    let mut roots = 0;
    while let Some(off) = svg[i..].find('<') {
        let start = i + off;
        if let Some((name, idx)) = open.last() {
            let text = &svg[i..start];
            if name == "text" || name == "title" || name == "desc" {
                elements[*idx].text.push_str(&unescape(text));
            }
        }
        let end = start + svg[start..].find('>').expect("tag ends");
        let inner = &svg[start + 1..end];
        if let Some(name) = inner.strip_prefix('/') {
            let (top, _) = open.pop().expect("closing tag has an opening one");
            assert_eq!(top, name.trim(), "tags balance");
        } else {
            assert!(!inner.starts_with('?') && !inner.starts_with('!'));
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let (name, attrs) = match inner.find(char::is_whitespace) {
                Some(p) => (&inner[..p], &inner[p..]),
                None => (inner, ""),
            };
            if open.is_empty() {
                roots += 1;
                assert_eq!(name, "svg", "the root element is <svg>");
            }
            elements.push(Element {
                name: name.to_string(),
                attrs: parse_attrs(attrs),
                text: String::new(),
            });
            if !self_closing {
                open.push((name.to_string(), elements.len() - 1));
            }
        }
        i = end + 1;
        let _ = b;
    }
    assert!(open.is_empty(), "every element is closed");
    assert_eq!(roots, 1, "one root element");
    assert!(svg[i..].trim().is_empty(), "nothing after the root");
    elements
}

fn has_class(e: &Element, class: &str) -> bool {
    e.attrs
        .get("class")
        .map(|c| c.split_whitespace().any(|x| x == class))
        .unwrap_or(false)
}

/// Number of `hf-mark` elements per value of the `data-{key}` attribute.
fn marks_by(elements: &[Element], key: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for e in elements.iter().filter(|e| has_class(e, "hf-mark")) {
        let k = e
            .attrs
            .get(&format!("data-{key}"))
            .cloned()
            .unwrap_or_default();
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

fn texts(elements: &[Element]) -> Vec<&Element> {
    elements.iter().filter(|e| e.name == "text").collect()
}

// ---------------------------------------------------------------------------------------
// PNG checks.

struct PngInfo {
    width: u32,
    height: u32,
    ppm: (u32, u32, u8),
    non_white: usize,
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Walks the chunks (signature, CRCs, IHDR first, IEND last), reads pHYs, and decodes the
/// pixels with the `png` crate.
fn check_png(bytes: &[u8]) -> PngInfo {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let mut pos = 8;
    let mut chunks = Vec::new();
    let mut ppm = None;
    let (mut width, mut height) = (0, 0);
    while pos < bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let data = &bytes[pos + 8..pos + 8 + len];
        let crc = u32::from_be_bytes(bytes[pos + 8 + len..pos + 12 + len].try_into().unwrap());
        assert_eq!(crc, crc32(&bytes[pos + 4..pos + 8 + len]), "chunk CRC");
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap());
                height = u32::from_be_bytes(data[4..8].try_into().unwrap());
            }
            b"pHYs" => {
                ppm = Some((
                    u32::from_be_bytes(data[0..4].try_into().unwrap()),
                    u32::from_be_bytes(data[4..8].try_into().unwrap()),
                    data[8],
                ));
            }
            _ => {}
        }
        chunks.push(String::from_utf8_lossy(kind).into_owned());
        pos += 12 + len;
    }
    assert_eq!(chunks.first().map(String::as_str), Some("IHDR"));
    assert_eq!(chunks.last().map(String::as_str), Some("IEND"));
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header decodes");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let frame = reader.next_frame(&mut buf).expect("PNG pixels decode");
    assert_eq!((frame.width, frame.height), (width, height));
    let px = &buf[..frame.buffer_size()];
    let non_white = px.chunks(3).filter(|p| p.iter().any(|&c| c < 250)).count();
    PngInfo {
        width,
        height,
        ppm: ppm.expect("a pHYs chunk"),
        non_white,
    }
}

// ---------------------------------------------------------------------------------------

/// What each figure must show: its title and an axis label.
fn expected_figures() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (
            "fig_tmr",
            "Total material requirement per vehicle",
            "TMR (t/vehicle)",
        ),
        (
            "fig_commodity",
            "Hidden flows by commodity",
            "Mean hidden flows (t/vehicle)",
        ),
        (
            "fig_distribution",
            "Distribution of the TMR per vehicle (percentiles)",
            "TMR (t/vehicle)",
        ),
        ("fig_ratio", "TMR relative to icev", "TMR ratio to icev (–)"),
        (
            "fig_country",
            "TMR by country of origin",
            "Mean TMR (t/vehicle)",
        ),
        (
            "fig_convergence",
            "Convergence of the reported TMR percentiles",
            "Samples n (logarithmic scale)",
        ),
        (
            "fig_tornado_icev",
            "Tornado: TMR of icev",
            "TMR (t/vehicle)",
        ),
        ("fig_tornado_bev", "Tornado: TMR of bev", "TMR (t/vehicle)"),
        (
            "fig_sobol_icev",
            "Sobol' indices: TMR of icev",
            "Sobol' index (–)",
        ),
        (
            "fig_sobol_bev",
            "Sobol' indices: TMR of bev",
            "Sobol' index (–)",
        ),
        (
            "fig_spearman_icev",
            "Rank correlation: TMR of icev",
            "Rank correlation ρ (–)",
        ),
    ]
}

#[test]
fn every_figure_is_valid_svg_and_300_dpi_png() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    add_optional_inputs(dir);
    let written = plot::render_all(dir).expect("render_all");
    let vehicles = ["icev", "bev"];
    let expected = expected_figures();
    // Every figure, nothing else.
    let figs: Vec<&String> = written.iter().filter(|n| n.starts_with("fig_")).collect();
    assert_eq!(figs.len(), 2 * expected.len(), "figures written: {figs:?}");
    for (name, title, axis) in expected {
        let svg = std::fs::read_to_string(dir.join(format!("{name}.svg")))
            .unwrap_or_else(|_| panic!("{name}.svg written"));
        assert!(written.contains(&format!("{name}.svg")));
        assert!(written.contains(&format!("{name}.png")));
        let el = parse_svg(&svg);
        let root = &el[0];
        assert_eq!(root.attrs["xmlns"], "http://www.w3.org/2000/svg");
        assert_eq!(root.attrs["width"], "1004");
        assert_eq!(root.attrs["data-figure"], name);
        let t = texts(&el);
        assert!(
            t.iter()
                .any(|e| has_class(e, "hf-title") && e.text == title),
            "{name}: title {title:?} among {:?}",
            t.iter().map(|e| &e.text).collect::<Vec<_>>()
        );
        assert!(
            el.iter().any(|e| e.name == "title" && e.text == title),
            "{name}: <title>"
        );
        assert!(
            t.iter().any(|e| e.text == axis),
            "{name}: axis label {axis:?} among {:?}",
            t.iter().map(|e| &e.text).collect::<Vec<_>>()
        );
        // One mark per vehicle (or per parameter for sensitivity figures).
        if name.starts_with("fig_tornado") || name.starts_with("fig_sobol") {
            let m = marks_by(&el, "parameter");
            assert_eq!(m.len(), 3, "{name}: {m:?}");
            assert!(m.values().all(|&c| c == 1), "{name}: {m:?}");
        } else if name.starts_with("fig_spearman") {
            let m = marks_by(&el, "parameter");
            assert_eq!(m.len(), 2, "{name}: {m:?}");
            assert!(m.values().all(|&c| c == 1), "{name}: {m:?}");
        } else {
            let m = marks_by(&el, "vehicle");
            let want: Vec<&str> = if name == "fig_ratio" {
                vec!["bev"]
            } else {
                vehicles.to_vec()
            };
            assert_eq!(m.len(), want.len(), "{name}: {m:?}");
            for v in want {
                assert_eq!(m.get(v), Some(&1), "{name}: one mark for {v}: {m:?}");
            }
        }
        // Row figures list the vehicles top to bottom in the order of summary.csv.
        if [
            "fig_tmr",
            "fig_commodity",
            "fig_distribution",
            "fig_country",
        ]
        .contains(&name)
        {
            let mut rows: Vec<(f64, &str)> = t
                .iter()
                .filter(|e| vehicles.contains(&e.text.as_str()))
                .map(|e| (e.attrs["y"].parse::<f64>().unwrap(), e.text.as_str()))
                .collect();
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            let order: Vec<&str> = rows.iter().map(|r| r.1).collect();
            assert_eq!(order, vehicles, "{name}: vehicle order");
        }
        let png = std::fs::read(dir.join(format!("{name}.png"))).unwrap();
        let info = check_png(&png);
        assert!(info.width >= 1000, "{name}: {} px wide", info.width);
        assert_eq!(
            root.attrs["height"],
            info.height.to_string(),
            "{name}: SVG and PNG have one size"
        );
        assert_eq!(info.ppm, (11811, 11811, 1), "{name}: 300 dpi in pHYs");
        assert!(
            info.non_white > 5_000,
            "{name}: the PNG shows something ({} inked pixels)",
            info.non_white
        );
    }
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    add_optional_inputs(dir);
    let first_names = plot::render_all(dir).unwrap();
    let first: Vec<Vec<u8>> = first_names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let second_names = plot::render_all(dir).unwrap();
    assert_eq!(first_names, second_names);
    for (n, bytes) in first_names.iter().zip(&first) {
        assert!(
            std::fs::read(dir.join(n)).unwrap() == *bytes,
            "{n} differs between two renderings"
        );
    }
    // No temporary files are left behind.
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with('.'), "left over: {name}");
    }
}

#[test]
fn optional_figures_are_skipped_without_their_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    // `run` renders its own figures, the convergence figure among them: remove its input and
    // the figures, then re-render from what is left.
    for name in [
        "convergence.csv",
        "sensitivity.csv",
        "fig_convergence.svg",
        "fig_convergence.png",
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let written = plot::render_all(dir).unwrap();
    let figs: Vec<&str> = written
        .iter()
        .filter(|n| n.ends_with(".svg"))
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        figs,
        [
            "fig_tmr.svg",
            "fig_commodity.svg",
            "fig_distribution.svg",
            "fig_ratio.svg",
            "fig_country.svg"
        ]
    );
    for n in &written {
        assert!(dir.join(n).is_file(), "{n} exists");
    }
    assert!(!dir.join("fig_convergence.svg").exists());
}

#[test]
fn log_axis_option_draws_the_tmr_on_a_log_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    plot::render_all_with(dir, &PlotOptions { log_axis: true }).unwrap();
    let svg = std::fs::read_to_string(dir.join("fig_tmr.svg")).unwrap();
    let el = parse_svg(&svg);
    assert!(
        texts(&el)
            .iter()
            .any(|e| e.text == "TMR (t/vehicle, logarithmic scale)")
    );
    assert_eq!(marks_by(&el, "vehicle").len(), 2);
    check_png(&std::fs::read(dir.join("fig_tmr.png")).unwrap());
}

#[test]
fn a_folder_without_results_is_an_input_error() {
    let tmp = tempfile::tempdir().unwrap();
    let err = plot::render_all(tmp.path()).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    assert!(err.to_string().contains("summary.csv"), "{err}");
}

#[test]
fn rounding_follows_the_standard_error() {
    // (value, se, expected)
    let cases: &[(f64, f64, &str)] = &[
        // the place of the leading digit of the se
        (123.456, 0.7, "123.5"),
        (123.456, 0.05, "123.46"),
        (123.456, 3.0, "123"),
        (123.456, 30.0, "120"),
        (12345.6, 30.0, "12350"),
        // at least two significant figures
        (123.456, 300.0, "120"),
        (0.5, 3.0, "0.50"),
        (2.3456, 1.0, "2.3"),
        // standard errors at and just below powers of ten
        (2.3456, 0.1, "2.3"),
        (2.3456, 0.0999, "2.35"),
        (2.3456, 0.01, "2.35"),
        (2345.6, 100.0, "2300"),
        (2345.6, 99.9, "2350"),
        (1000.0, 1.0, "1000"),
        (0.001, 0.00001, "0.00100"),
        (0.001234, 0.001, "0.0012"),
        // values at powers of ten and rounding up to one
        (100.0, 10.0, "100"),
        (99.96, 0.3, "100.0"),
        // negative values
        (-123.456, 0.7, "-123.5"),
        (-0.04, 0.3, "-0.040"),
        (-2345.6, 99.9, "-2350"),
        // se = 0 or unknown: three significant figures
        (123.456, 0.0, "123"),
        (0.012345, 0.0, "0.0123"),
        (-5.0, 0.0, "-5.00"),
        (12345.0, 0.0, "12300"),
        (123.456, f64::NAN, "123"),
        (123.456, -1.0, "123"),
        (123.456, f64::INFINITY, "123"),
        // zero
        (0.0, 0.03, "0.00"),
        (0.0, 0.0, "0"),
        (-0.0, 0.5, "0.0"),
        // not finite
        (f64::NAN, 0.1, "NaN"),
        (f64::INFINITY, 0.1, "inf"),
        (f64::NEG_INFINITY, 0.1, "-inf"),
    ];
    for &(v, se, want) in cases {
        assert_eq!(round_to_se(v, se), want, "round_to_se({v}, {se})");
    }
    for e in -12..=12 {
        let p = format!("1e{e}").parse::<f64>().unwrap();
        assert_eq!(decimal_exponent(p), e, "10^{e}");
        assert_eq!(decimal_exponent(-p), e, "-10^{e}");
        assert_eq!(decimal_exponent(p * 0.999_999), e - 1, "just below 10^{e}");
        assert_eq!(
            decimal_exponent(p * 9.999_999),
            e,
            "just below 10^{}",
            e + 1
        );
    }
    // A value that rounds to zero carries no sign.
    assert_eq!(format_at_place(-0.004, -2), "0.00");
    assert_eq!(format_at_place(-4.0, 1), "0");
}

/// Cells of the body rows of a booktabs table (between \midrule and \bottomrule).
fn body_rows(tex: &str) -> Vec<Vec<String>> {
    let body = tex
        .split("\\midrule")
        .nth(1)
        .unwrap()
        .split("\\bottomrule")
        .next()
        .unwrap();
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            assert!(l.ends_with("\\\\"), "row ends with \\\\: {l}");
            l.trim_end_matches("\\\\")
                .split(" & ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn latex_table_has_booktabs_structure_and_se_rounding() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    let written = plot::render_all(dir).unwrap();
    assert!(written.contains(&"summary.tex".to_string()));
    assert!(written.contains(&"summary.md".to_string()));
    let tex = std::fs::read_to_string(dir.join("summary.tex")).unwrap();
    let pos = |s: &str| tex.find(s).unwrap_or_else(|| panic!("summary.tex has {s}"));
    assert!(pos("\\begin{tabular}{lrrrrr}") < pos("\\toprule"));
    assert!(pos("\\toprule") < pos("\\midrule"));
    assert!(pos("\\midrule") < pos("\\bottomrule"));
    assert!(pos("\\bottomrule") < pos("\\end{tabular}"));
    assert!(
        tex.contains("(t/vehicle)") && tex.contains("(\\%)"),
        "units in the header"
    );
    let rows = body_rows(&tex);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["icev", "bev"], "one row per vehicle, summary order");
    assert!(rows.iter().all(|r| r.len() == 6), "{rows:?}");
    // The TMR median of each vehicle is rounded by its own standard error.
    let s = CsvTable::read(&dir.join("summary.csv")).unwrap();
    let (cv, cq, cp, cse) = (
        s.col("vehicle").unwrap(),
        s.col("quantity").unwrap(),
        s.col("p50").unwrap(),
        s.col("se_p50").unwrap(),
    );
    for row in &rows {
        let r = (0..s.rows.len())
            .find(|&r| s.text(r, cv) == row[0] && s.text(r, cq) == "tmr")
            .unwrap();
        let want = round_to_se(s.num(r, cp).unwrap(), s.num(r, cse).unwrap());
        assert_eq!(row[1], want, "{}: TMR median", row[0]);
        assert!(row[2].contains("--"), "interval cell: {}", row[2]);
    }
    // Markdown: the same numbers.
    let md = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    for row in &rows {
        assert!(
            md.contains(&format!("| {} | {} |", row[0], row[1])),
            "summary.md row of {}",
            row[0]
        );
    }
    // Compiles, where a LaTeX engine is installed.
    let engine = ["pdflatex", "tectonic"].into_iter().find(|e| {
        std::process::Command::new(e)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    let Some(engine) = engine else {
        eprintln!("skipped: neither pdflatex nor tectonic is installed, summary.tex not compiled");
        return;
    };
    std::fs::write(
        dir.join("doc.tex"),
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n\
         \\begin{table}\\centering\\input{summary.tex}\\end{table}\n\\end{document}\n",
    )
    .unwrap();
    let mut cmd = std::process::Command::new(engine);
    if engine == "pdflatex" {
        cmd.args(["-interaction=nonstopmode", "-halt-on-error", "doc.tex"]);
    } else {
        cmd.arg("doc.tex");
    }
    let out = cmd.current_dir(dir).output().unwrap();
    assert!(
        out.status.success() && dir.join("doc.pdf").is_file(),
        "{engine} compiles summary.tex:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn report_html_is_one_self_contained_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    tiny_run(dir);
    add_optional_inputs(dir);
    let written = plot::render_all(dir).unwrap();
    assert_eq!(written.last().map(String::as_str), Some("report.html"));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Every figure inline, as SVG.
    for (name, title, _) in expected_figures() {
        assert!(
            html.contains(&format!("data-figure=\"{name}\"")),
            "{name} inline"
        );
        assert!(html.contains(&format!("<title>{}</title>", title.replace('\'', "&#39;"))));
    }
    // Nothing is fetched: no scripts, no external style sheets, images or links.
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import",
    ] {
        assert!(!lower.contains(bad), "report.html contains {bad}");
    }
    let without_ns = lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    // Manifest and table.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let seed = manifest["seed"].to_string();
    assert!(html.contains(&format!("<code>{seed}</code>")), "seed shown");
    assert!(html.contains("<td>icev</td>") && html.contains("<td>bev</td>"));
    // Element ids are unique within the page.
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "unique ids");
}

/// A run with scenarios draws `fig_scenarios`: one row per scenario and vehicle, its median
/// at the per-draw ratio's median of comparisons.csv, the variance budget's scenarios left
/// out; `fig_ratio` is unchanged by it.
#[test]
fn scenarios_have_a_figure_of_their_ratio_to_the_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("s.toml");
    std::fs::write(
        &spec,
        "name = \"s\"\nsamples = 4096\n\n[[scenario]]\nname = \"no_recycling\"\n\
         set = [{ parameter = \"commodity:copper:recycled_share\", value = 0.0 }]\n\n\
         [[scenario]]\nname = \"cheap_cobalt\"\n\
         set = [{ parameter = \"commodity:cobalt:price_usd_per_t\", scale = 0.5 }]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    hiddenflow::commands::run(&Flags {
        spec: Some(spec),
        data: Some(PathBuf::from("tests/fixtures/tiny")),
        out: Some(out.clone()),
        variance_budget: true,
        ..Default::default()
    })
    .unwrap();
    let svg = std::fs::read_to_string(out.join("fig_scenarios.svg")).unwrap();
    let el = parse_svg(&svg);
    let medians: Vec<&Element> = el.iter().filter(|e| has_class(e, "hf-median")).collect();
    // 2 scenarios × 2 vehicles (the budget's scenarios are not drawn).
    assert_eq!(medians.len(), 4, "{svg}");
    let cmp = std::fs::read_to_string(out.join("comparisons.csv")).unwrap();
    let no_recycling_icev: f64 = cmp
        .lines()
        .find(|l| l.starts_with("icev,icev,no_recycling,tmr,ratio,"))
        .unwrap()
        .split(',')
        .nth(11)
        .unwrap()
        .parse()
        .unwrap();
    // Per-draw ratio (see tests/engine.rs: T_0 = 1.25·T_b − 0.265625 > T_b): above 1.
    assert!(no_recycling_icev > 1.0, "{no_recycling_icev}");
    assert!(svg.contains("no_recycling: median") && svg.contains("cheap_cobalt: median"));
    assert!(!svg.contains("budget:"));
    // Without scenarios there is no such figure.
    let out2 = tmp.path().join("out2");
    tiny_run(&out2);
    assert!(!out2.join("fig_scenarios.svg").exists());
}

#[test]
fn figures_and_tables_name_vehicles_by_their_labels() {
    let d = common::copy_fixture("tiny");
    let path = d.path().join("vehicles.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let labelled: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l},label\n"),
            _ if l.starts_with("bev,") => format!("{l},BEV NMC811 test\n"),
            _ => format!("{l},\n"),
        })
        .collect();
    std::fs::write(&path, labelled).unwrap();
    let o = common::hf(
        d.path(),
        &["run", "--data", ".", "--samples", "4096", "--out", "r"],
    );
    assert!(o.status.success(), "{}", common::text(&o));
    let md = std::fs::read_to_string(d.path().join("r/summary.md")).unwrap();
    // The labelled vehicle by its label; the other, with an empty label, by its id.
    assert!(md.contains("| BEV NMC811 test |"), "{md}");
    assert!(md.contains("| icev |"), "{md}");
    let svg = std::fs::read_to_string(d.path().join("r/fig_tmr.svg")).unwrap();
    assert!(svg.contains("BEV NMC811 test"));
    let html = std::fs::read_to_string(d.path().join("r/report.html")).unwrap();
    assert!(html.contains("BEV NMC811 test"));
    // Data files keep the ids.
    let summary = std::fs::read_to_string(d.path().join("r/summary.csv")).unwrap();
    assert!(summary.contains("\nbev,") && !summary.contains("BEV NMC811 test"));
}
