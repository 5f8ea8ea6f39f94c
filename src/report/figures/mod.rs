//! Figures of a finished run, drawn with plotters from the run's stored files only (no
//! resampling), each written as SVG and as PNG at 300 dpi.
//!
//! Sizes: 1004 px wide (8.5 cm, one journal column, at 300 dpi); text sizes are given in
//! points at that scale. Colours: the Okabe–Ito palette. Vehicles appear everywhere in the
//! order of `summary.csv`, top to bottom.
//!
//! # Figures (file stems; each as `.svg` and `.png`)
//!
//! * `fig_tmr` — TMR per vehicle: median, interval (`ci_low`–`ci_high`) and the deterministic
//!   point estimate, from `summary.csv`; [`PlotOptions::log_axis`] draws it on a log axis.
//! * `fig_commodity` — mean TMR by commodity, stacked (seven largest, the rest as "other"),
//!   from `breakdown.csv` (dimension `commodity`), with the TMR interval of `summary.csv`.
//! * `fig_distribution` — box plot from the stored percentiles: box p25–p75, line at p50,
//!   whiskers p2.5–p97.5.
//! * `fig_ratio` — each vehicle's TMR relative to the reference vehicle: the `ratio` rows of
//!   `comparisons.csv` with scenario `baseline` and quantity `tmr`.
//! * `fig_country` — mean TMR by country: domestic (`region` `domestic`; the home country of
//!   `manifest.json`), the six largest countries abroad, the rest of `region` `abroad` as
//!   "other abroad".
//! * `fig_convergence` — only with `convergence.csv` (`n,vehicle,quantity,p2_5,p50,p97_5`):
//!   deviation (%) of each percentile from its value at the largest `n` (quantity `tmr`, or
//!   the first one in the file).
//! * `fig_tornado_{vehicle}`, `fig_sobol_{vehicle}`, `fig_spearman_{vehicle}` — only with
//!   `sensitivity.csv` (`vehicle,quantity,method,parameter,group,index,value,ci_low,ci_high`):
//!   method `tornado` with index `low`/`high` (output with the parameter at that level; bars
//!   start at the vehicle's `point` in `summary.csv`), method `sobol` with index `S1`/`ST`,
//!   and index `spearman` (rank correlation); twelve parameters with the largest effect per
//!   figure; other indices (Morris, contributions) are not drawn.
//!
//! One file per figure (its drawing and how it is made from the run's data); here the
//! `Figure` trait, the chart helpers shared by the figures and the orchestrator
//! ([`render_figures`], [`render_all_with`]). The backends are in [`crate::report::backend`],
//! the loading of a run folder in [`crate::report::run_folder`].

mod commodity;
mod convergence;
mod country;
mod distribution;
mod ratio;
mod sensitivity;
mod stack;
mod tmr;

use crate::error::{Error, Result};
use crate::report::backend::png::encode_png;
use crate::report::backend::text::SVG_FONT_FAMILY;
use crate::report::backend::text::register_font;
use crate::report::backend::{
    FONT_FAMILY, PngCanvas, Rendered, SvgCanvas, Tag, WIDTH, font_px, text_size, xml_escape,
};
use crate::report::run_folder::RunData;
use crate::report::tables::Stat;
use crate::report::tables::decimal_exponent;
use plotters::coord::Shift;
use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use commodity::commodity_figure;
use convergence::convergence_figure;
use country::country_figure;
use distribution::BoxFigure;
pub use ratio::{RatioFigure, shapes_figure, two_d_figure};
use ratio::{ratio_figure, scenarios_figure};
use sensitivity::sensitivity_figures;
use tmr::TmrFigure;

// Okabe–Ito (2008) colour-blind-safe palette.
pub const OI_ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const OI_SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const OI_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const OI_YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
pub const OI_BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const OI_VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const OI_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub const OI_BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Grey for "other" (not a category of its own).
pub const OTHER_GREY: RGBColor = RGBColor(0xA0, 0xA0, 0xA0);
/// Fills of stacked categories, in stacking order: neighbours differ in hue and lightness,
/// yellow last (weakest contrast on white).
pub const CATEGORY_COLOURS: [RGBColor; 7] = [
    OI_BLUE,
    OI_ORANGE,
    OI_SKY_BLUE,
    OI_VERMILLION,
    OI_GREEN,
    OI_PURPLE,
    OI_YELLOW,
];
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Text sizes in points (at 8.5 cm width).
const PT_TITLE: f64 = 9.0;
const PT_AXIS: f64 = 8.0;
const PT_TICK: f64 = 7.5;
const PT_LEGEND: f64 = 7.5;

/// Options of [`render_all_with`].
#[derive(Clone, Debug, Default)]
pub struct PlotOptions {
    /// Draw the per-vehicle TMR figure on a logarithmic axis.
    pub log_axis: bool,
}

fn text_style(pt: f64) -> TextStyle<'static> {
    (FONT_FAMILY, font_px(pt)).into_font().color(&INK)
}

// ---------------------------------------------------------------------------------------
// The Figure trait.

type Fallible = std::result::Result<(), String>;

fn de<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// A figure: its identity and a drawing generic over the backend.
trait Figure {
    fn name(&self) -> String;
    fn title(&self) -> String;
    fn caption(&self) -> String;
    fn height(&self) -> u32;
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible;
}

fn render<F: Figure>(f: &F) -> Result<Rendered> {
    register_font();
    let size = (WIDTH, f.height());
    let fail = |e: String| Error::Other(format!("drawing figure {}: {e}", f.name()));
    // SVG
    let out = Rc::new(RefCell::new(String::new()));
    let tag = Tag::default();
    {
        let canvas = SvgCanvas {
            size,
            out: out.clone(),
            tag: tag.clone(),
        };
        let root = canvas.into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(de(e)))?;
        f.draw(&root, &tag).map_err(fail)?;
        root.present().map_err(|e| fail(de(e)))?;
    }
    let body = out.borrow().clone();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\" class=\"hf-figure\" data-figure=\"{}\">\n<title>{}</title>\n<desc>{}</desc>\n{body}</svg>\n",
        xml_escape(SVG_FONT_FAMILY),
        xml_escape(&f.name()),
        xml_escape(&f.title()),
        xml_escape(&f.caption()),
        w = size.0,
        h = size.1,
    );
    // PNG
    let mut buf = vec![255u8; size.0 as usize * size.1 as usize * 3];
    {
        let canvas = PngCanvas {
            inner: BitMapBackend::with_buffer(&mut buf, size),
        };
        let root = canvas.into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(de(e)))?;
        f.draw(&root, &Tag::default()).map_err(fail)?;
        root.present().map_err(|e| fail(de(e)))?;
    }
    let png = encode_png(&buf, size).map_err(fail)?;
    Ok(Rendered {
        name: f.name(),
        title: f.title(),
        caption: f.caption(),
        svg,
        png,
    })
}

// Layout constants (pixels).
const PAD: i32 = 28;
const TITLE_H: u32 = 86;
const ROW_H: u32 = 74;
const X_AREA: u32 = 110;
const TICK: i32 = 10;

/// Draws the title; returns the area under it.
fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    tag: &Tag,
) -> std::result::Result<DrawingArea<DB, Shift>, String> {
    tag.set("hf-title", &[]);
    root.draw(&Text::new(
        title.to_string(),
        (PAD, 26),
        text_style(PT_TITLE).pos(Pos::new(HPos::Left, VPos::Top)),
    ))
    .map_err(de)?;
    tag.clear();
    Ok(root.split_vertically(TITLE_H).1)
}

/// A legend key.
#[derive(Clone)]
enum Key {
    Swatch(RGBColor),
    Dot(RGBColor),
    Cross(RGBColor),
    Whisker,
    Quartiles,
    Median,
    Line(RGBColor),
}

const KEY_W: i32 = 56;
const KEY_GAP: i32 = 14;
const COL_GAP: i32 = 34;
const LEGEND_ROW: i32 = 50;

/// Width of a legend entry (key, gap, label) in pixels.
fn legend_item_width(label: &str) -> i32 {
    KEY_W + KEY_GAP + text_size(label, PT_LEGEND).0.ceil() as i32
}

/// The legend's grid in `width` pixels: entries fill rows left to right; as many columns as
/// fit, each as wide as its widest entry. Returns (columns, rows, x of each column).
fn legend_grid(entries: &[(Key, String)], width: u32) -> (usize, usize, Vec<i32>) {
    let items: Vec<i32> = entries.iter().map(|(_, t)| legend_item_width(t)).collect();
    let avail = width as i32 - 2 * PAD;
    let n = items.len().max(1);
    for cols in (1..=n).rev() {
        let mut col_w = vec![0; cols];
        for (i, w) in items.iter().enumerate() {
            col_w[i % cols] = col_w[i % cols].max(*w);
        }
        let total: i32 = col_w.iter().sum::<i32>() + COL_GAP * (cols as i32 - 1);
        if total <= avail || cols == 1 {
            let mut xs = Vec::with_capacity(cols);
            let mut x = PAD;
            for w in &col_w {
                xs.push(x);
                x += w + COL_GAP;
            }
            return (cols, items.len().div_ceil(cols), xs);
        }
    }
    (1, items.len(), vec![PAD])
}

fn legend_height(entries: &[(Key, String)]) -> u32 {
    if entries.is_empty() {
        return 0;
    }
    let (_, rows, _) = legend_grid(entries, WIDTH);
    (rows as i32 * LEGEND_ROW + 24) as u32
}

/// Draws a legend in `area` (from its top-left, rows of columns).
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(Key, String)],
    tag: &Tag,
) -> Fallible {
    let (cols, _, xs) = legend_grid(entries, area.dim_in_pixel().0);
    for (i, (key, label)) in entries.iter().enumerate() {
        let x = xs[i % cols];
        let y = 8 + (i / cols) as i32 * LEGEND_ROW + LEGEND_ROW / 2;
        tag.set("hf-legend", &[("label", label)]);
        let (l, r) = (x, x + KEY_W);
        let mid = (l + r) / 2;
        match key {
            Key::Swatch(c) => area
                .draw(&Rectangle::new(
                    [(l + 6, y - 15), (r - 6, y + 15)],
                    c.filled(),
                ))
                .map_err(de)?,
            Key::Dot(c) => area
                .draw(&Circle::new((mid, y), 9, c.filled()))
                .map_err(de)?,
            Key::Cross(c) => area
                .draw(&Cross::new((mid, y), 9, c.stroke_width(4)))
                .map_err(de)?,
            Key::Whisker => {
                let s = INK.stroke_width(3);
                area.draw(&PathElement::new(vec![(l + 4, y), (r - 4, y)], s))
                    .map_err(de)?;
                for xe in [l + 4, r - 4] {
                    area.draw(&PathElement::new(vec![(xe, y - 11), (xe, y + 11)], s))
                        .map_err(de)?;
                }
            }
            Key::Quartiles => {
                area.draw(&Rectangle::new(
                    [(l + 8, y - 15), (r - 8, y + 15)],
                    OI_SKY_BLUE.filled(),
                ))
                .map_err(de)?;
                area.draw(&Rectangle::new(
                    [(l + 8, y - 15), (r - 8, y + 15)],
                    INK.stroke_width(2),
                ))
                .map_err(de)?;
            }
            Key::Median => area
                .draw(&PathElement::new(
                    vec![(mid, y - 17), (mid, y + 17)],
                    INK.stroke_width(5),
                ))
                .map_err(de)?,
            Key::Line(c) => area
                .draw(&PathElement::new(
                    vec![(l + 2, y), (r - 2, y)],
                    c.stroke_width(4),
                ))
                .map_err(de)?,
        }
        area.draw(&Text::new(
            label.clone(),
            (r + KEY_GAP, y),
            text_style(PT_LEGEND).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(de)?;
        tag.clear();
    }
    Ok(())
}

/// Splits the area under the title into the chart area and, at the bottom, the legend.
fn with_legend<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    entries: &[(Key, String)],
    tag: &Tag,
) -> std::result::Result<DrawingArea<DB, Shift>, String> {
    if entries.is_empty() {
        return Ok(area);
    }
    let h = area.dim_in_pixel().1;
    let lh = legend_height(entries);
    let (chart, legend) = area.split_vertically(h.saturating_sub(lh));
    draw_legend(&legend, entries, tag)?;
    Ok(chart)
}

/// A tick label: the number with trailing zeros removed.
fn tick_label(v: &f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A sample-count tick label: 30k, 100k, 1M (a plain number below 10,000), so the last tick
/// of a long run fits the figure.
fn count_label(v: &f64) -> String {
    let v = *v;
    if v >= 1e6 {
        format!("{}M", tick_label(&(v / 1e6)))
    } else if v >= 1e4 {
        format!("{}k", tick_label(&(v / 1e3)))
    } else {
        tick_label(&v)
    }
}

/// Ticks of a logarithmic axis from `lo` to `hi`: 1, 2, 3 and 5 times the powers of ten
/// (1 and 3 only, when that leaves enough).
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (e0, e1) = (decimal_exponent(lo), decimal_exponent(hi));
    let pick = |ms: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        for e in e0..=e1 {
            let p: f64 = format!("1e{e}").parse().unwrap_or(f64::NAN);
            for m in ms {
                let v = m * p;
                if v >= lo && v <= hi {
                    out.push(v);
                }
            }
        }
        out
    };
    let sparse = pick(&[1.0, 3.0]);
    if sparse.len() >= 4 {
        sparse
    } else {
        pick(&[1.0, 2.0, 3.0, 5.0])
    }
}

/// A logarithmic axis from `lo` to `hi` with [`log_ticks`].
fn log_axis(lo: f64, hi: f64) -> WithKeyPoints<LogCoord<f64>> {
    (lo..hi).log_scale().with_key_points(log_ticks(lo, hi))
}

/// The y coordinate of row `i` of `n` (row 0 at the top).
fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The row axis: rows at 0, 1, …, n − 1 (ticks there), from −0.5 to n − 0.5.
#[derive(Clone)]
struct RowsCoord {
    n: usize,
}

impl Ranged for RowsCoord {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;
    fn range(&self) -> std::ops::Range<f64> {
        -0.5..self.n as f64 - 0.5
    }
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let r = self.range();
        let t = (v - r.start) / (r.end - r.start);
        limit.0 + (t * (limit.1 - limit.0) as f64 + 1e-3).floor() as i32
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            (0..self.n).map(|i| i as f64).collect()
        }
    }
}

impl ValueFormatter<f64> for RowsCoord {
    fn format(v: &f64) -> String {
        tick_label(v)
    }
}

fn rows_coord(n: usize) -> RowsCoord {
    RowsCoord { n }
}

/// Widest row label, in pixels: longer labels are shortened in the middle.
const MAX_LABEL_PX: f64 = 380.0;

/// `label`, shortened in the middle with `…` until it is at most `max_px` wide (both ends
/// of names like `residual:cobalt:CN:ore_grade` carry meaning).
fn fit_label(label: &str, max_px: f64) -> String {
    if text_size(label, PT_TICK).0 <= max_px {
        return label.to_string();
    }
    let chars: Vec<char> = label.chars().collect();
    for keep in (2..chars.len()).rev() {
        let head = keep.div_ceil(2);
        let tail = keep - head;
        let t: String = chars[..head]
            .iter()
            .chain(std::iter::once(&'…'))
            .chain(&chars[chars.len() - tail..])
            .collect();
        if text_size(&t, PT_TICK).0 <= max_px {
            return t;
        }
    }
    "…".to_string()
}

/// Width of the row-label area for `labels`.
fn label_area(labels: &[String]) -> u32 {
    let w = labels
        .iter()
        .map(|l| text_size(l, PT_TICK).0)
        .fold(0.0, f64::max);
    w.ceil() as u32 + 34
}

/// A chart with one row per label (top to bottom) and the value axis `x` at the bottom.
fn row_chart<'a, DB, X>(
    area: &'a DrawingArea<DB, Shift>,
    x: X,
    labels: &[String],
    x_desc: &str,
    inline: bool,
    tag: &Tag,
) -> std::result::Result<ChartContext<'a, DB, Cartesian2d<X, RowsCoord>>, String>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let max_px = if inline {
        (area.dim_in_pixel().0 as i32 - 3 * PAD) as f64
    } else {
        MAX_LABEL_PX
    };
    let labels: Vec<String> = labels.iter().map(|l| fit_label(l, max_px)).collect();
    let n = labels.len();
    let label_w = if inline { 16 } else { label_area(&labels) };
    let (left, right) = (PAD as u32 / 2, PAD as u32 + 12);
    // About one tick label per 120 px of axis.
    let plot_w = area.dim_in_pixel().0.saturating_sub(label_w + left + right);
    let x_ticks = (plot_w / 120).clamp(3, 8) as usize;
    let mut chart = ChartBuilder::on(area)
        .margin_left(left)
        .margin_right(right)
        .margin_top(6)
        .x_label_area_size(X_AREA)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x, rows_coord(n))
        .map_err(de)?;
    let ylab = |y: &f64| -> String {
        let k = y.round();
        if inline || (y - k).abs() > 1e-6 || k < 0.0 || k as usize >= n {
            return String::new();
        }
        labels[n - 1 - k as usize].clone()
    };
    tag.set("hf-axes", &[]);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID.stroke_width(2))
        .axis_style(INK.stroke_width(2))
        .set_all_tick_mark_size(TICK)
        .label_style(text_style(PT_TICK))
        .axis_desc_style(text_style(PT_AXIS))
        .x_desc(x_desc)
        .x_labels(x_ticks)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&ylab)
        .set_tick_mark_size(LabelAreaPosition::Left, if inline { 0 } else { TICK })
        .draw()
        .map_err(de)?;
    tag.clear();
    Ok(chart)
}

/// Writes each row label on its own line at the top of its row, over a white ground (for a
/// [`row_chart`] made with `inline`; drawn last, so nothing covers the text).
fn inline_labels<DB, X>(
    chart: &mut ChartContext<DB, Cartesian2d<X, RowsCoord>>,
    labels: &[String],
    tag: &Tag,
) -> Fallible
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let n = labels.len();
    let max_px = (WIDTH as i32 - 3 * PAD) as f64;
    let x0 = chart.x_range().start;
    let style = text_style(PT_TICK).pos(Pos::new(HPos::Left, VPos::Top));
    for (i, label) in labels.iter().enumerate() {
        let label = fit_label(label, max_px);
        let (w, h) = text_size(&label, PT_TICK);
        tag.set("hf-row-label", &[]);
        chart
            .draw_series([EmptyElement::at((x0, row_y(i, n) + 0.5))
                + Rectangle::new(
                    [(6, 5), (14 + w.ceil() as i32, 9 + h.ceil() as i32)],
                    WHITE.filled(),
                )
                + Text::new(label, (10, 7), style.clone())])
            .map_err(de)?;
    }
    tag.clear();
    Ok(())
}

/// A horizontal whisker from `lo` to `hi` at row height `y`, with end caps.
fn whisker<DB, X>(
    chart: &mut ChartContext<DB, Cartesian2d<X, RowsCoord>>,
    lo: f64,
    hi: f64,
    y: f64,
    cap: f64,
    colour: RGBColor,
    width: u32,
) -> Fallible
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
{
    if !(lo.is_finite() && hi.is_finite()) {
        return Ok(());
    }
    let s = colour.stroke_width(width);
    chart
        .draw_series([
            PathElement::new(vec![(lo, y), (hi, y)], s),
            PathElement::new(vec![(lo, y - cap), (lo, y + cap)], s),
            PathElement::new(vec![(hi, y - cap), (hi, y + cap)], s),
        ])
        .map_err(de)?;
    Ok(())
}

/// Display name of a category (`rare_earths` → `rare earths`).
fn pretty(s: &str) -> String {
    s.replace('_', " ")
}

/// `t/vehicle` for an axis label.
fn unit_label(unit: &str) -> String {
    if unit.is_empty() {
        "–".to_string()
    } else {
        unit.to_string()
    }
}

fn finite_max(it: impl IntoIterator<Item = f64>) -> f64 {
    it.into_iter()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max)
}

fn finite_min(it: impl IntoIterator<Item = f64>) -> f64 {
    it.into_iter()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min)
}

/// An axis from 0 (or below, for negative data) to a little above the largest value.
fn zero_based(lo: f64, hi: f64) -> (f64, f64) {
    let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
    let lo = if lo.is_finite() && lo < 0.0 { lo } else { 0.0 };
    let span = hi - lo;
    (
        if lo < 0.0 { lo - 0.06 * span } else { 0.0 },
        hi + 0.06 * span,
    )
}

fn row_height(n: usize, extra: u32) -> u32 {
    row_height_with(n, extra, ROW_H)
}

fn row_height_with(n: usize, extra: u32, row_h: u32) -> u32 {
    TITLE_H + X_AREA + 24 + extra + row_h * n.max(1) as u32
}

/// Row height when the row labels stand on their own line above the marks.
const ROW_H_INLINE: u32 = 104;

fn quantity_label(q: &str) -> String {
    match q {
        "tmr" => "TMR".to_string(),
        "hidden_flows" => "hidden flows".to_string(),
        other => pretty(other),
    }
}

// ---------------------------------------------------------------------------------------
// The orchestrator.

/// Renders every figure of the run in `data`.
pub fn render_figures(data: &RunData, opts: &PlotOptions) -> Result<Vec<Rendered>> {
    let vehicles = data.summary.vehicles.clone();
    let tmr = data.tmr_stats()?;
    let mut out = vec![render(&TmrFigure {
        vehicles: vehicles.clone(),
        labels: data.labels(),
        stats: tmr.clone(),
        log: opts.log_axis,
    })?];
    if let Some(f) = commodity_figure(data, &tmr)? {
        out.push(render(&f)?);
    }
    out.push(render(&BoxFigure {
        vehicles: vehicles.clone(),
        labels: data.labels(),
        stats: tmr.clone(),
    })?);
    if let Some(f) = ratio_figure(data)? {
        out.push(render(&f)?);
    }
    if let Some(f) = scenarios_figure(data)? {
        out.push(render(&f)?);
    }
    if let Some(f) = country_figure(data, &tmr)? {
        out.push(render(&f)?);
    }
    if let Some(f) = convergence_figure(data)? {
        out.push(render(&f)?);
    }
    for f in sensitivity_figures(data)? {
        out.push(render(&f)?);
    }
    Ok(out)
}

/// Writes one figure of [`RatioFigure`]'s kind (`fig_shapes`) into `dir` as SVG and PNG;
/// returns the files' names.
pub fn write_bands_figure(dir: &Path, f: &RatioFigure) -> Result<Vec<String>> {
    let r = render(f)?;
    let (svg, png) = (format!("{}.svg", r.name), format!("{}.png", r.name));
    crate::report::write_atomic(&dir.join(&svg), r.svg.as_bytes())?;
    crate::report::write_atomic(&dir.join(&png), &r.png)?;
    Ok(vec![svg, png])
}

/// Writes every figure (SVG and PNG), `summary.tex`, `summary.md` and `report.html` of the
/// run in `run_dir`, from its stored files only; returns the names of the files written.
pub fn render_all(run_dir: &Path) -> Result<Vec<String>> {
    render_all_with(run_dir, &PlotOptions::default())
}

/// [`render_all`] with options.
pub fn render_all_with(run_dir: &Path, opts: &PlotOptions) -> Result<Vec<String>> {
    let mut written = Vec::new();
    render_all_then(run_dir, opts, &mut |files| {
        written = files.to_vec();
        Ok(())
    })?;
    Ok(written)
}

/// [`render_all_with`], calling `before_html` with the names of every file it writes
/// (`report.html` last) once the tables and figures are written and before `report.html`
/// is: a command writes its final `manifest.json` there, so that the page shows it.
pub fn render_all_then(
    run_dir: &Path,
    opts: &PlotOptions,
    before_html: &mut dyn FnMut(&[String]) -> Result<()>,
) -> Result<()> {
    let mut data = RunData::read(run_dir)?;
    let mut written =
        crate::report::tables::write_tables(run_dir, &data.summary, &|v| data.label(v))?;
    let figures = render_figures(&data, opts)?;
    for f in &figures {
        let svg = format!("{}.svg", f.name);
        let png = format!("{}.png", f.name);
        crate::report::write_atomic(&run_dir.join(&svg), f.svg.as_bytes())?;
        crate::report::write_atomic(&run_dir.join(&png), &f.png)?;
        written.push(svg);
        written.push(png);
    }
    written.push("report.html".to_string());
    before_html(&written)?;
    data.manifest = crate::report::manifest::Manifest::read(run_dir)?;
    let html = crate::report::html::report_html(&data, &figures);
    crate::report::write_atomic(&run_dir.join("report.html"), html.as_bytes())
}
