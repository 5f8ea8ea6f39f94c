//! Figures of a finished run, drawn with plotters from the run's stored files only (no
//! resampling), each written as SVG and as PNG at 300 dpi.
//!
//! Identical bytes on every machine: plotters is built without its default features (no
//! font-kit, no system fonts), DejaVu Sans is embedded in the binary
//! (`assets/DejaVuSans.ttf`, licence beside it) and registered as plotters' `ab_glyph` font,
//! and the two backends here lay out and draw text themselves with that font:
//!
//! * [`SvgCanvas`] serialises plotters' drawing calls as SVG elements, tagging the marks of
//!   each vehicle with `class="hf-mark …"` and `data-vehicle="…"` (so tests and readers can
//!   find them), and writes text as `<text>` placed by the embedded font's metrics;
//! * [`PngCanvas`] wraps plotters' `BitMapBackend` and rasterises text with `ab_glyph`
//!   (plotters' own `ab_glyph` text path drops glyph side bearings and misplaces the baseline);
//!   the pixels are encoded by the `png` crate with a `pHYs` chunk of 300 dpi.
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

use crate::error::{Diagnostic, Error, Result};
use crate::report::tables::decimal_exponent;
use crate::report::tables::{CsvTable, Stat, SummaryData};
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::rc::Rc;
use std::sync::{Once, OnceLock};

/// Figure width in pixels: 8.5 cm at 300 dpi.
pub const WIDTH: u32 = 1004;
/// Resolution of the PNG files.
pub const DPI: f64 = 300.0;
/// The same in pixels per metre, as written in the PNG `pHYs` chunk.
pub const PIXELS_PER_METRE: u32 = 11811;

/// The embedded font and the family name it is registered under.
static FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
pub const FONT_FAMILY: &str = "DejaVu Sans";
/// What an SVG viewer is asked for (metrics are DejaVu Sans; Verdana is the closest fallback).
const SVG_FONT_FAMILY: &str = "'DejaVu Sans', Verdana, sans-serif";

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

/// A rendered figure: its file stem, title and caption, and both encodings.
pub struct Rendered {
    pub name: String,
    pub title: String,
    pub caption: String,
    pub svg: String,
    pub png: Vec<u8>,
}

// ---------------------------------------------------------------------------------------
// Text: one layout for both backends.

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("embedded font is valid"))
}

/// Registers the embedded font with plotters (its text styles look fonts up by family).
fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES);
    });
}

/// Font height (ascent − descent) per em of the embedded font.
fn height_per_em() -> f64 {
    let f = font();
    let upem = f.units_per_em().unwrap_or(2048.0) as f64;
    f.height_unscaled() as f64 / upem
}

/// The plotters font size (`ab_glyph` pixel scale, = ascent − descent in pixels) of a text
/// of `pt` points at 300 dpi.
pub fn font_px(pt: f64) -> f64 {
    pt * DPI / 72.0 * height_per_em()
}

fn text_style(pt: f64) -> TextStyle<'static> {
    (FONT_FAMILY, font_px(pt)).into_font().color(&INK)
}

/// A line of text laid out with the embedded font at pixel scale `size`.
struct Laid {
    glyphs: Vec<(GlyphId, f32)>,
    width: f32,
    ascent: f32,
    descent: f32,
}

fn lay_out(text: &str, size: f32) -> Laid {
    let f = font().as_scaled(PxScale::from(size));
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            x += f.kern(p, id);
        }
        glyphs.push((id, x));
        x += f.h_advance(id);
        prev = Some(id);
    }
    Laid {
        glyphs,
        width: x,
        ascent: f.ascent(),
        descent: f.descent(),
    }
}

/// Width and height (ascent − descent) of `text` at `pt` points, in pixels.
pub fn text_size(text: &str, pt: f64) -> (f64, f64) {
    let l = lay_out(text, font_px(pt) as f32);
    (l.width as f64, (l.ascent - l.descent) as f64)
}

/// Offset from the anchor point to the start of the baseline, in the text's own frame.
fn anchor_offset(l: &Laid, anchor: Pos) -> (f32, f32) {
    let dx = match anchor.h_pos {
        HPos::Left => 0.0,
        HPos::Center => -l.width / 2.0,
        HPos::Right => -l.width,
    };
    let dy = match anchor.v_pos {
        VPos::Top => l.ascent,
        VPos::Center => (l.ascent + l.descent) / 2.0,
        VPos::Bottom => l.descent,
    };
    (dx, dy)
}

/// A vector of the text's frame on the canvas (rotations are clockwise, as in plotters).
fn rotate(t: &FontTransform, u: f32, v: f32) -> (f32, f32) {
    match t {
        FontTransform::None => (u, v),
        FontTransform::Rotate90 => (-v, u),
        FontTransform::Rotate180 => (-u, -v),
        FontTransform::Rotate270 => (v, -u),
    }
}

/// The canvas pixel covered by pixel (lx, ly) of the text's frame.
fn rotate_pixel(t: &FontTransform, lx: i32, ly: i32) -> (i32, i32) {
    match t {
        FontTransform::None => (lx, ly),
        FontTransform::Rotate90 => (-ly - 1, lx),
        FontTransform::Rotate180 => (-lx - 1, -ly - 1),
        FontTransform::Rotate270 => (ly, -lx - 1),
    }
}

fn rotation_degrees(t: &FontTransform) -> i32 {
    match t {
        FontTransform::None => 0,
        FontTransform::Rotate90 => 90,
        FontTransform::Rotate180 => 180,
        FontTransform::Rotate270 => -90,
    }
}

fn estimate<T: BackendTextStyle>(text: &str, style: &T) -> (u32, u32) {
    let l = lay_out(text, style.size() as f32);
    (l.width.ceil() as u32, (l.ascent - l.descent).ceil() as u32)
}

// ---------------------------------------------------------------------------------------
// Tags: which data an SVG element shows.

/// The attributes given to the SVG elements drawn while it is set (shared with
/// [`SvgCanvas`]; ignored by [`PngCanvas`]).
#[derive(Clone, Default)]
pub struct Tag(Rc<RefCell<String>>);

impl Tag {
    /// Tags what is drawn next with `class` and `data-*` attributes.
    fn set(&self, class: &str, data: &[(&str, &str)]) {
        let mut s = format!(" class=\"{}\"", xml_escape(class));
        for (k, v) in data {
            let _ = write!(s, " data-{k}=\"{}\"", xml_escape(v));
        }
        *self.0.borrow_mut() = s;
    }
    fn clear(&self) {
        self.0.borrow_mut().clear();
    }
    fn attrs(&self) -> String {
        self.0.borrow().clone()
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// SVG backend.

/// A plotters backend that writes SVG elements into a shared string.
pub struct SvgCanvas {
    size: (u32, u32),
    out: Rc<RefCell<String>>,
    tag: Tag,
}

fn paint(c: &BackendColor, what: &str) -> String {
    let (r, g, b) = c.rgb;
    let mut s = format!("{what}=\"#{r:02x}{g:02x}{b:02x}\"");
    if c.alpha < 1.0 {
        let _ = write!(s, " {what}-opacity=\"{:.3}\"", c.alpha.max(0.0));
    }
    s
}

fn stroke<S: plotters_backend::BackendStyle>(style: &S) -> String {
    format!(
        "fill=\"none\" {} stroke-width=\"{}\"",
        paint(&style.color(), "stroke"),
        style.stroke_width()
    )
}

fn points<I: IntoIterator<Item = BackendCoord>>(pts: I) -> String {
    let mut s = String::new();
    for (i, (x, y)) in pts.into_iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{x},{y}");
    }
    s
}

impl SvgCanvas {
    fn put(&self, element: &str, attrs: String) {
        let mut out = self.out.borrow_mut();
        let _ = writeln!(out, "<{element}{} {attrs}/>", self.tag.attrs());
    }
}

impl DrawingBackend for SvgCanvas {
    type ErrorType = std::convert::Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        color: BackendColor,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if color.alpha > 0.0 {
            self.put(
                "rect",
                format!(
                    "x=\"{}\" y=\"{}\" width=\"1\" height=\"1\" {}",
                    p.0,
                    p.1,
                    paint(&color, "fill")
                ),
            );
        }
        Ok(())
    }
    fn draw_line<S: plotters_backend::BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            self.put(
                "line",
                format!(
                    "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}",
                    from.0,
                    from.1,
                    to.0,
                    to.1,
                    stroke(style)
                ),
            );
        }
        Ok(())
    }
    fn draw_rect<S: plotters_backend::BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let (x0, x1) = (ul.0.min(br.0), ul.0.max(br.0));
            let (y0, y1) = (ul.1.min(br.1), ul.1.max(br.1));
            let look = if fill {
                paint(&style.color(), "fill")
            } else {
                stroke(style)
            };
            self.put(
                "rect",
                format!(
                    "x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" {look}",
                    x1 - x0,
                    y1 - y0
                ),
            );
        }
        Ok(())
    }
    fn draw_path<S: plotters_backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            self.put(
                "polyline",
                format!(
                    "points=\"{}\" {} stroke-linejoin=\"round\"",
                    points(path),
                    stroke(style)
                ),
            );
        }
        Ok(())
    }
    fn draw_circle<S: plotters_backend::BackendStyle>(
        &mut self,
        c: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            let look = if fill {
                paint(&style.color(), "fill")
            } else {
                stroke(style)
            };
            self.put(
                "circle",
                format!("cx=\"{}\" cy=\"{}\" r=\"{radius}\" {look}", c.0, c.1),
            );
        }
        Ok(())
    }
    fn fill_polygon<S: plotters_backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha > 0.0 {
            self.put(
                "polygon",
                format!(
                    "points=\"{}\" {}",
                    points(vert),
                    paint(&style.color(), "fill")
                ),
            );
        }
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() as f32;
        let l = lay_out(text, size);
        let t = style.transform();
        let (u, v) = anchor_offset(&l, style.anchor());
        let (dx, dy) = rotate(&t, u, v);
        let (x, y) = (pos.0 as f32 + dx, pos.1 as f32 + dy);
        let em = size as f64 / height_per_em();
        let mut attrs = format!(
            "x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{em:.2}\" textLength=\"{:.2}\" lengthAdjust=\"spacingAndGlyphs\" {}",
            l.width,
            paint(&color, "fill")
        );
        let deg = rotation_degrees(&t);
        if deg != 0 {
            let _ = write!(attrs, " transform=\"rotate({deg} {x:.2} {y:.2})\"");
        }
        let mut out = self.out.borrow_mut();
        let _ = writeln!(
            out,
            "<text{} {attrs}>{}</text>",
            self.tag.attrs(),
            xml_escape(text)
        );
        Ok(())
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(estimate(text, style))
    }
}

// ---------------------------------------------------------------------------------------
// PNG backend.

/// plotters' `BitMapBackend` with text rasterised from the embedded font.
pub struct PngCanvas<'a> {
    inner: BitMapBackend<'a>,
}

type BitmapError<'a> = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

impl<'a> DrawingBackend for PngCanvas<'a> {
    type ErrorType = BitmapError<'a>;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        color: BackendColor,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(p, color)
    }
    fn draw_line<S: plotters_backend::BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: plotters_backend::BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: plotters_backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: plotters_backend::BackendStyle>(
        &mut self,
        c: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(c, radius, style, fill)
    }
    fn fill_polygon<S: plotters_backend::BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> std::result::Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() as f32;
        let l = lay_out(text, size);
        let (u0, v0) = anchor_offset(&l, style.anchor());
        let f = font().as_scaled(PxScale::from(size));
        // Coverage of the whole line in the text's frame, summed over glyphs, then blended
        // once per pixel (overlapping glyph boxes must not darken twice).
        let outlines: Vec<_> = l
            .glyphs
            .iter()
            .filter_map(|&(id, x)| {
                f.outline_glyph(id.with_scale_and_position(size, point(u0 + x, v0)))
            })
            .collect();
        if outlines.is_empty() {
            return Ok(());
        }
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for o in &outlines {
            let b = o.px_bounds();
            x0 = x0.min(b.min.x as i32);
            y0 = y0.min(b.min.y as i32);
            x1 = x1.max(b.max.x as i32);
            y1 = y1.max(b.max.y as i32);
        }
        let (w, h) = ((x1 - x0 + 1) as usize, (y1 - y0 + 1) as usize);
        let mut cov = vec![0.0f32; w * h];
        for o in &outlines {
            let b = o.px_bounds();
            let (bx, by) = (b.min.x as i32 - x0, b.min.y as i32 - y0);
            o.draw(|gx, gy, c| {
                let (px, py) = (bx + gx as i32, by + gy as i32);
                if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < h {
                    let cell = &mut cov[py as usize * w + px as usize];
                    *cell = (*cell + c).min(1.0);
                }
            });
        }
        let t = style.transform();
        for py in 0..h {
            for px in 0..w {
                let c = cov[py * w + px];
                if c <= 0.0 {
                    continue;
                }
                let (dx, dy) = rotate_pixel(&t, x0 + px as i32, y0 + py as i32);
                self.inner.draw_pixel(
                    (pos.0 + dx, pos.1 + dy),
                    BackendColor {
                        alpha: color.alpha * c as f64,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(estimate(text, style))
    }
}

/// Encodes an RGB buffer as PNG with a 300 dpi `pHYs` chunk.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: PIXELS_PER_METRE,
            yppu: PIXELS_PER_METRE,
            unit: png::Unit::Meter,
        }));
        let mut wr = enc.write_header().map_err(|e| e.to_string())?;
        wr.write_image_data(rgb).map_err(|e| e.to_string())?;
        wr.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Figures.

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

// ---- per-vehicle TMR -------------------------------------------------------------------

struct TmrFigure {
    vehicles: Vec<String>,
    stats: Vec<Stat>,
    log: bool,
}

impl TmrFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        vec![
            (Key::Dot(OI_BLUE), "median".to_string()),
            (Key::Whisker, format!("{ci} interval")),
            (
                Key::Cross(OI_VERMILLION),
                "deterministic point estimate".to_string(),
            ),
        ]
    }
    fn draw_on<DB, X>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x: X,
        x_desc: &str,
        tag: &Tag,
    ) -> Fallible
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let n = self.vehicles.len();
        let mut chart = row_chart(area, x, &self.vehicles, x_desc, false, tag)?;
        for (i, (v, s)) in self.vehicles.iter().zip(&self.stats).enumerate() {
            let y = row_y(i, n);
            tag.set("hf-band", &[("vehicle", v)]);
            whisker(&mut chart, s.ci_low, s.ci_high, y, 0.16, INK, 3)?;
            tag.set("hf-mark hf-median", &[("vehicle", v)]);
            chart
                .draw_series([Circle::new((s.median(), y), 10, OI_BLUE.filled())])
                .map_err(de)?;
            // The cross on top: it stays visible where it falls on the median.
            if s.point.is_finite() {
                tag.set("hf-point", &[("vehicle", v)]);
                chart
                    .draw_series([Cross::new((s.point, y), 9, OI_VERMILLION.stroke_width(4))])
                    .map_err(de)?;
            }
            tag.clear();
        }
        Ok(())
    }
}

impl Figure for TmrFigure {
    fn name(&self) -> String {
        "fig_tmr".to_string()
    }
    fn title(&self) -> String {
        "Total material requirement per vehicle".to_string()
    }
    fn caption(&self) -> String {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        format!(
            "Total material requirement (TMR) per vehicle: median (dot) and {ci} interval \
             (whiskers, 2.5th–97.5th percentile for 95 %) of the Monte Carlo distribution; \
             cross: deterministic point estimate (best values of all parameters){}.",
            if self.log { "; logarithmic axis" } else { "" }
        )
    }
    fn height(&self) -> u32 {
        row_height(self.vehicles.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let unit = unit_label(self.stats.first().map(|s| s.unit.as_str()).unwrap_or(""));
        let all = || {
            self.stats
                .iter()
                .flat_map(|s| [s.ci_low, s.ci_high, s.point, s.median()])
        };
        let (lo, hi) = (finite_min(all()), finite_max(all()));
        if self.log && lo > 0.0 && hi.is_finite() {
            let x = log_axis(lo / 1.25, hi * 1.25);
            self.draw_on(&area, x, &format!("TMR ({unit}, logarithmic scale)"), tag)
        } else {
            let (a, b) = zero_based(lo, hi);
            let x: RangedCoordf64 = (a..b).into();
            self.draw_on(&area, x, &format!("TMR ({unit})"), tag)
        }
    }
}

// ---- distribution (box plot) -----------------------------------------------------------

struct BoxFigure {
    vehicles: Vec<String>,
    stats: Vec<Stat>,
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
        let mut chart = row_chart(
            &area,
            x,
            &self.vehicles,
            &format!("TMR ({unit})"),
            false,
            tag,
        )?;
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

// ---- stacked breakdowns (commodity, country) -------------------------------------------

/// One stacked bar per vehicle: segments (category index, mean) and the TMR band.
struct StackFigure {
    name: String,
    title: String,
    caption: String,
    x_desc: String,
    vehicles: Vec<String>,
    categories: Vec<(String, RGBColor)>,
    /// Per vehicle, the mean of each category (same order as `categories`).
    values: Vec<Vec<f64>>,
    /// Per vehicle, the TMR interval drawn on the total.
    bands: Vec<(f64, f64)>,
    band_label: String,
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
        let mut chart = row_chart(&area, x, &self.vehicles, &self.x_desc, false, tag)?;
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
fn top_categories(
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

// ---- ratios to the reference vehicle ---------------------------------------------------

struct RatioFigure {
    labels: Vec<String>,
    vehicles: Vec<String>,
    stats: Vec<Stat>,
    reference: String,
}

impl RatioFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        vec![
            (Key::Dot(OI_BLUE), "median ratio".to_string()),
            (Key::Whisker, format!("{ci} interval")),
            (Key::Line(OI_VERMILLION), "equal TMR".to_string()),
        ]
    }
}

impl Figure for RatioFigure {
    fn name(&self) -> String {
        "fig_ratio".to_string()
    }
    fn title(&self) -> String {
        format!("TMR relative to {}", self.reference)
    }
    fn caption(&self) -> String {
        let ci = self.stats.first().map(|s| s.ci_label()).unwrap_or_default();
        format!(
            "Ratio of each vehicle's TMR to that of {} (baseline scenario), computed per Monte \
             Carlo draw: median (dot) and {ci} interval (whiskers). The vertical line marks \
             equal TMR (ratio 1).",
            self.reference
        )
    }
    fn height(&self) -> u32 {
        row_height(self.labels.len(), legend_height(&self.legend()))
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let hi = finite_max(
            self.stats
                .iter()
                .flat_map(|s| [s.ci_high, s.median()])
                .chain([1.0]),
        );
        let lo = finite_min(self.stats.iter().map(|s| s.ci_low));
        let (a, b) = zero_based(lo, hi);
        let x: RangedCoordf64 = (a..b).into();
        let n = self.labels.len();
        let desc = format!("TMR ratio to {} (–)", self.reference);
        let mut chart = row_chart(&area, x, &self.labels, &desc, false, tag)?;
        tag.set("hf-reference", &[]);
        chart
            .draw_series([PathElement::new(
                vec![(1.0, -0.5), (1.0, n as f64 - 0.5)],
                OI_VERMILLION.stroke_width(2),
            )])
            .map_err(de)?;
        for (i, (v, s)) in self.vehicles.iter().zip(&self.stats).enumerate() {
            let y = row_y(i, n);
            tag.set("hf-band", &[("vehicle", v)]);
            whisker(&mut chart, s.ci_low, s.ci_high, y, 0.16, INK, 3)?;
            tag.set("hf-mark hf-median", &[("vehicle", v)]);
            chart
                .draw_series([Circle::new((s.median(), y), 10, OI_BLUE.filled())])
                .map_err(de)?;
            tag.clear();
        }
        Ok(())
    }
}

// ---- convergence -----------------------------------------------------------------------

struct ConvergenceFigure {
    quantity: String,
    /// Per vehicle (summary order): rows (n, p2_5, p50, p97_5), sorted by n.
    series: Vec<(String, ConvergenceRows)>,
}

/// Rows (n, [p2_5, p50, p97_5]) of one vehicle, sorted by n.
type ConvergenceRows = Vec<(f64, [f64; 3])>;
/// Per percentile, the points (n, deviation in %).
type Deviations = [Vec<(f64, f64)>; 3];

const CONV_COLOURS: [RGBColor; 3] = [OI_ORANGE, OI_BLUE, OI_GREEN];
const CONV_NAMES: [&str; 3] = ["2.5th percentile", "median", "97.5th percentile"];

impl ConvergenceFigure {
    fn legend(&self) -> Vec<(Key, String)> {
        (0..3)
            .map(|k| (Key::Line(CONV_COLOURS[k]), CONV_NAMES[k].to_string()))
            .collect()
    }
    /// Deviation (%) of each percentile from its value at the largest n.
    fn deviations(&self) -> Vec<(String, Deviations)> {
        self.series
            .iter()
            .map(|(v, rows)| {
                let last = rows.last().map(|r| r.1).unwrap_or([f64::NAN; 3]);
                let dev = |k: usize| -> Vec<(f64, f64)> {
                    rows.iter()
                        .filter(|r| r.0 > 0.0 && r.1[k].is_finite() && last[k] != 0.0)
                        .map(|r| (r.0, 100.0 * (r.1[k] / last[k] - 1.0)))
                        .collect()
                };
                (v.clone(), [dev(0), dev(1), dev(2)])
            })
            .collect()
    }
}

impl Figure for ConvergenceFigure {
    fn name(&self) -> String {
        "fig_convergence".to_string()
    }
    fn title(&self) -> String {
        format!(
            "Convergence of the reported {} percentiles",
            self.quantity_label()
        )
    }
    fn caption(&self) -> String {
        format!(
            "Convergence of the reported percentiles of the {} with the number of Monte Carlo \
             samples n: deviation of each percentile from its value at the largest n, in per \
             cent; one line per vehicle and percentile.",
            self.quantity_label()
        )
    }
    fn height(&self) -> u32 {
        TITLE_H + 640 + legend_height(&self.legend())
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let dev = self.deviations();
        let ns = dev
            .iter()
            .flat_map(|(_, d)| d.iter().flatten().map(|p| p.0))
            .collect::<Vec<_>>();
        let (nlo, nhi) = (
            finite_min(ns.iter().copied()),
            finite_max(ns.iter().copied()),
        );
        let (nlo, nhi) = if nlo.is_finite() && nhi > nlo {
            (nlo / 1.15, nhi * 1.15)
        } else {
            (1.0, 10.0)
        };
        let ymax = finite_max(
            dev.iter()
                .flat_map(|(_, d)| d.iter().flatten().map(|p| p.1.abs())),
        );
        let ymax = if ymax.is_finite() && ymax > 0.0 {
            ymax * 1.1
        } else {
            1.0
        };
        let mut chart = ChartBuilder::on(&area)
            .margin_left(PAD as u32 / 2)
            .margin_right(PAD as u32 + 12)
            .margin_top(6)
            .x_label_area_size(X_AREA)
            .y_label_area_size(150)
            .build_cartesian_2d(log_axis(nlo, nhi), -ymax..ymax)
            .map_err(de)?;
        tag.set("hf-axes", &[]);
        chart
            .configure_mesh()
            .max_light_lines(0)
            .bold_line_style(GRID.stroke_width(2))
            .axis_style(INK.stroke_width(2))
            .set_all_tick_mark_size(TICK)
            .label_style(text_style(PT_TICK))
            .axis_desc_style(text_style(PT_AXIS))
            .x_desc("Samples n (logarithmic scale)")
            .y_desc("Deviation from final value (%)")
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&|v| count_label(v))
            .y_label_formatter(&|v| tick_label(v))
            .draw()
            .map_err(de)?;
        tag.set("hf-zero", &[]);
        chart
            .draw_series([PathElement::new(
                vec![(nlo, 0.0), (nhi, 0.0)],
                INK.stroke_width(2),
            )])
            .map_err(de)?;
        for (v, d) in &dev {
            for k in [0, 2, 1] {
                let class = if k == 1 { "hf-mark hf-line" } else { "hf-line" };
                tag.set(class, &[("vehicle", v), ("percentile", CONV_NAMES[k])]);
                if d[k].len() >= 2 {
                    chart
                        .draw_series([PathElement::new(
                            d[k].clone(),
                            CONV_COLOURS[k].stroke_width(3),
                        )])
                        .map_err(de)?;
                } else if let Some(&p) = d[k].first() {
                    chart
                        .draw_series([Circle::new(p, 6, CONV_COLOURS[k].filled())])
                        .map_err(de)?;
                }
            }
            tag.clear();
        }
        Ok(())
    }
}

impl ConvergenceFigure {
    fn quantity_label(&self) -> String {
        quantity_label(&self.quantity)
    }
}

fn quantity_label(q: &str) -> String {
    match q {
        "tmr" => "TMR".to_string(),
        "hidden_flows" => "hidden flows".to_string(),
        other => pretty(other),
    }
}

// ---- sensitivity -----------------------------------------------------------------------

/// How a sensitivity method is drawn.
#[derive(Clone, Copy, PartialEq)]
enum SensKind {
    /// Output with each parameter (group) at its low and high level, around the base value.
    Tornado,
    /// First-order and total Sobol' indices with intervals.
    Sobol,
    /// Spearman rank correlation with intervals.
    Spearman,
}

/// One parameter (row) of a sensitivity figure.
struct SensRow {
    parameter: String,
    /// (index name, value, ci_low, ci_high)
    values: Vec<(String, f64, f64, f64)>,
}

impl SensRow {
    fn get(&self, index: &str) -> Option<(f64, f64, f64)> {
        self.values
            .iter()
            .find(|(i, ..)| i.eq_ignore_ascii_case(index))
            .map(|&(_, v, lo, hi)| (v, lo, hi))
    }
    fn value(&self, index: &str) -> f64 {
        self.get(index).map(|t| t.0).unwrap_or(f64::NAN)
    }
}

/// Most parameters shown in one sensitivity figure.
const SENS_TOP: usize = 12;

struct SensFigure {
    kind: SensKind,
    vehicle: String,
    quantity: String,
    unit: String,
    /// Tornado base (point estimate of the vehicle's output).
    base: f64,
    rows: Vec<SensRow>,
    /// Parameters not shown.
    omitted: usize,
}

impl SensFigure {
    fn method(&self) -> &'static str {
        match self.kind {
            SensKind::Tornado => "tornado",
            SensKind::Sobol => "sobol",
            SensKind::Spearman => "spearman",
        }
    }
    fn labels(&self) -> Vec<String> {
        self.rows.iter().map(|r| r.parameter.clone()).collect()
    }
    /// Labels too long for the label area stand on their own line in each row.
    fn inline(&self) -> bool {
        self.rows
            .iter()
            .any(|r| text_size(&r.parameter, PT_TICK).0 > MAX_LABEL_PX)
    }
    fn legend(&self) -> Vec<(Key, String)> {
        match self.kind {
            SensKind::Tornado => vec![
                (
                    Key::Swatch(OI_BLUE),
                    "parameter at its low level".to_string(),
                ),
                (
                    Key::Swatch(OI_ORANGE),
                    "parameter at its high level".to_string(),
                ),
                (Key::Median, "deterministic point estimate".to_string()),
            ],
            SensKind::Sobol => vec![
                (Key::Dot(OI_BLUE), "first-order index S1".to_string()),
                (Key::Dot(OI_VERMILLION), "total index ST".to_string()),
                (Key::Whisker, "confidence interval".to_string()),
            ],
            SensKind::Spearman => vec![
                (Key::Dot(OI_BLUE), "Spearman ρ".to_string()),
                (Key::Whisker, "confidence interval".to_string()),
            ],
        }
    }
}

impl Figure for SensFigure {
    fn name(&self) -> String {
        format!("fig_{}_{}", self.method(), file_safe(&self.vehicle))
    }
    fn title(&self) -> String {
        let q = quantity_label(&self.quantity);
        match self.kind {
            SensKind::Tornado => format!("Tornado: {q} of {}", self.vehicle),
            SensKind::Sobol => format!("Sobol' indices: {q} of {}", self.vehicle),
            SensKind::Spearman => format!("Rank correlation: {q} of {}", self.vehicle),
        }
    }
    fn caption(&self) -> String {
        let q = quantity_label(&self.quantity);
        let more = if self.omitted > 0 {
            format!(
                " {} parameters with smaller or no effects are not shown.",
                self.omitted
            )
        } else {
            String::new()
        };
        let text = match self.kind {
            SensKind::Tornado => format!(
                "One-at-a-time sensitivity of the {q} of {}: the {q} with each parameter (or \
                 group) at its low and its high level, the others at their best estimates; \
                 bars start at the deterministic point estimate (vertical line).",
                self.vehicle
            ),
            SensKind::Sobol => format!(
                "Variance-based (Sobol') sensitivity of the {q} of {}: first-order and total \
                 indices with their confidence intervals, largest total index first.",
                self.vehicle
            ),
            SensKind::Spearman => format!(
                "Spearman rank correlation between each parameter and the {q} of {}, with \
                 confidence intervals, largest |ρ| first.",
                self.vehicle
            ),
        };
        text + &more
    }
    fn height(&self) -> u32 {
        let row_h = if self.inline() { ROW_H_INLINE } else { ROW_H };
        row_height_with(self.rows.len(), legend_height(&self.legend()), row_h)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, tag: &Tag) -> Fallible {
        let area = titled(root, &self.title(), tag)?;
        let area = with_legend(area, &self.legend(), tag)?;
        let labels = self.labels();
        let n = labels.len();
        let inline = self.inline();
        // Marks sit below the label line in inline rows.
        let (shift, half, dy_s) = if inline {
            (-0.14, 0.22, 0.11)
        } else {
            (0.0, 0.3, 0.17)
        };
        let vals = || {
            self.rows
                .iter()
                .flat_map(|r| r.values.iter().flat_map(|&(_, v, lo, hi)| [v, lo, hi]))
        };
        match self.kind {
            SensKind::Tornado => {
                let lo = finite_min(vals().chain([self.base]));
                let hi = finite_max(vals().chain([self.base]));
                let pad = 0.06 * (hi - lo).max(hi.abs() * 0.01).max(1e-12);
                let x: RangedCoordf64 = (lo - pad..hi + pad).into();
                let desc = format!(
                    "{} ({})",
                    quantity_label(&self.quantity),
                    unit_label(&self.unit)
                );
                let mut chart = row_chart(&area, x, &labels, &desc, inline, tag)?;
                for (i, r) in self.rows.iter().enumerate() {
                    let y = row_y(i, n) + shift;
                    // Both bars start at the base; the longer one is drawn first so that a
                    // shorter one on the same side stays visible on top of it.
                    let mut bars: Vec<(f64, RGBColor, &str)> = [
                        (r.value("low"), OI_BLUE, "low"),
                        (r.value("high"), OI_ORANGE, "high"),
                    ]
                    .into_iter()
                    .filter(|b| b.0.is_finite())
                    .collect();
                    bars.sort_by(|a, b| {
                        (b.0 - self.base).abs().total_cmp(&(a.0 - self.base).abs())
                    });
                    for (k, (val, col, which)) in bars.into_iter().enumerate() {
                        let class = if k == 0 { "hf-mark hf-bar" } else { "hf-bar" };
                        tag.set(class, &[("parameter", &r.parameter), ("level", which)]);
                        chart
                            .draw_series([Rectangle::new(
                                [
                                    (self.base.min(val), y - half),
                                    (self.base.max(val), y + half),
                                ],
                                col.filled(),
                            )])
                            .map_err(de)?;
                    }
                    tag.clear();
                }
                tag.set("hf-reference", &[]);
                chart
                    .draw_series([PathElement::new(
                        vec![(self.base, -0.5), (self.base, n as f64 - 0.5)],
                        INK.stroke_width(2),
                    )])
                    .map_err(de)?;
                tag.clear();
                if inline {
                    inline_labels(&mut chart, &labels, tag)?;
                }
            }
            SensKind::Sobol | SensKind::Spearman => {
                let (a, b) = if self.kind == SensKind::Spearman {
                    let m = finite_max(vals().map(f64::abs)).clamp(0.05, 1.0);
                    (-m * 1.06, m * 1.06)
                } else {
                    zero_based(finite_min(vals()), finite_max(vals()))
                };
                let x: RangedCoordf64 = (a..b).into();
                let desc = if self.kind == SensKind::Sobol {
                    "Sobol' index (–)"
                } else {
                    "Rank correlation ρ (–)"
                };
                let mut chart = row_chart(&area, x, &labels, desc, inline, tag)?;
                if self.kind == SensKind::Spearman {
                    tag.set("hf-reference", &[]);
                    chart
                        .draw_series([PathElement::new(
                            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                            INK.stroke_width(2),
                        )])
                        .map_err(de)?;
                }
                let series: &[(&str, RGBColor, f64)] = if self.kind == SensKind::Sobol {
                    &[("S1", OI_BLUE, dy_s), ("ST", OI_VERMILLION, -dy_s)]
                } else {
                    &[("spearman", OI_BLUE, 0.0)]
                };
                for (i, r) in self.rows.iter().enumerate() {
                    let y = row_y(i, n) + shift;
                    for (k, &(index, col, dy)) in series.iter().enumerate() {
                        let Some((v, lo, hi)) = r.get(index) else {
                            continue;
                        };
                        tag.set("hf-band", &[("parameter", &r.parameter), ("index", index)]);
                        whisker(&mut chart, lo, hi, y + dy, half / 3.0, INK, 2)?;
                        let main = k + 1 == series.len();
                        let class = if main { "hf-mark hf-index" } else { "hf-index" };
                        tag.set(class, &[("parameter", &r.parameter), ("index", index)]);
                        if v.is_finite() {
                            chart
                                .draw_series([Circle::new((v, y + dy), 9, col.filled())])
                                .map_err(de)?;
                        }
                    }
                    tag.clear();
                }
                if inline {
                    inline_labels(&mut chart, &labels, tag)?;
                }
            }
        }
        Ok(())
    }
}

/// `bev/nmc 111` → `bev_nmc_111`: letters, digits, `-` and `_` only.
fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The run's data and the list of figures.

/// Per vehicle, the mean of each category of a breakdown dimension; the categories in file
/// order.
type Breakdown = (Vec<BTreeMap<String, f64>>, Vec<String>);

/// Everything the figures and tables of a run are made from.
pub struct RunData {
    pub summary: SummaryData,
    pub breakdown: CsvTable,
    pub comparisons: CsvTable,
    pub manifest: Option<serde_json::Value>,
    pub convergence: Option<CsvTable>,
    pub sensitivity: Option<CsvTable>,
}

impl RunData {
    pub fn read(run_dir: &Path) -> Result<Self> {
        let manifest_path = run_dir.join("manifest.json");
        let manifest = if manifest_path.exists() {
            let text = std::fs::read_to_string(&manifest_path)
                .map_err(|e| Error::io(&manifest_path, e))?;
            Some(serde_json::from_str(&text).map_err(|e| {
                Error::input(Diagnostic::new(
                    &manifest_path,
                    format!("not valid JSON: {e}"),
                    "the file is damaged: re-run `hiddenflow run`",
                ))
            })?)
        } else {
            None
        };
        Ok(RunData {
            summary: SummaryData::read(run_dir)?,
            breakdown: CsvTable::read(&run_dir.join("breakdown.csv"))?,
            comparisons: CsvTable::read(&run_dir.join("comparisons.csv"))?,
            manifest,
            convergence: CsvTable::read_optional(&run_dir.join("convergence.csv"))?,
            sensitivity: CsvTable::read_optional(&run_dir.join("sensitivity.csv"))?,
        })
    }

    fn home_country(&self) -> Option<String> {
        self.manifest
            .as_ref()?
            .get("home_country")?
            .as_str()
            .map(|s| s.to_string())
    }

    /// Per vehicle (summary order), the means of `dimension`'s categories, and the categories
    /// in file order.
    fn breakdown(&self, dimension: &str) -> Result<Breakdown> {
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

    fn tmr_stats(&self) -> Result<Vec<Stat>> {
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

fn commodity_figure(data: &RunData, tmr: &[Stat]) -> Result<Option<StackFigure>> {
    // Hidden flows by commodity where the run has them (with the hidden-flows band), else
    // the TMR by commodity of older runs (with the TMR band).
    let (hidden_per, hidden_order) = data.breakdown("hidden_commodity")?;
    let hidden_stats: Option<Vec<Stat>> = data
        .summary
        .vehicles
        .iter()
        .map(|v| data.summary.get(v, "hidden_flows").cloned())
        .collect();
    let hidden = !hidden_order.is_empty() && hidden_stats.is_some();
    let (per, order) = if hidden {
        (hidden_per, hidden_order)
    } else {
        data.breakdown("commodity")?
    };
    let hidden_stats = hidden_stats.unwrap_or_default();
    let tmr: &[Stat] = if hidden { &hidden_stats } else { tmr };
    if order.is_empty() {
        return Ok(None);
    }
    let top = top_categories(&per, &order, CATEGORY_COLOURS.len());
    let mut cats: Vec<(String, Vec<String>, RGBColor)> = top
        .iter()
        .enumerate()
        .map(|(i, c)| (pretty(c), vec![c.clone()], CATEGORY_COLOURS[i]))
        .collect();
    let rest: Vec<String> = order.iter().filter(|c| !top.contains(c)).cloned().collect();
    let rest_positive = per
        .iter()
        .any(|m| rest.iter().any(|c| m.get(c).is_some_and(|x| *x > 0.0)));
    if rest_positive {
        cats.push(("other".to_string(), rest, OTHER_GREY));
    }
    let categories: Vec<(String, RGBColor)> =
        cats.iter().map(|(l, _, c)| (l.clone(), *c)).collect();
    // Per vehicle, the sum of each shown category's members.
    let values = per
        .iter()
        .map(|m| {
            cats.iter()
                .map(|(_, members, _)| {
                    members
                        .iter()
                        .map(|c| m.get(c).copied().unwrap_or(0.0))
                        .filter(|x| x.is_finite())
                        .sum()
                })
                .collect()
        })
        .collect();
    let bands = tmr.iter().map(|s| (s.ci_low, s.ci_high)).collect();
    let ci = tmr.first().map(|s| s.ci_label()).unwrap_or_default();
    let unit = unit_label(tmr.first().map(|s| s.unit.as_str()).unwrap_or(""));
    let (what, short) = if hidden {
        ("Hidden flows (TMR less the used materials)", "hidden flows")
    } else {
        (
            "Total material requirement (used extraction and hidden flows)",
            "TMR",
        )
    };
    Ok(Some(StackFigure {
        name: "fig_commodity".to_string(),
        title: if hidden {
            "Hidden flows by commodity".to_string()
        } else {
            "TMR by commodity".to_string()
        },
        caption: format!(
            "{what} by commodity: mean per vehicle, stacked, largest commodities first ({} \
             largest shown, the rest as \"other\"); the bar ends at the mean. Whisker above \
             each bar: {ci} interval of the {short}.",
            top.len()
        ),
        x_desc: if hidden {
            format!("Mean hidden flows ({unit})")
        } else {
            format!("Mean TMR ({unit})")
        },
        vehicles: data.summary.vehicles.clone(),
        categories,
        values,
        bands,
        band_label: format!("{ci} interval of {short}"),
    }))
}

fn country_figure(data: &RunData, tmr: &[Stat]) -> Result<Option<StackFigure>> {
    let (per, order) = data.breakdown("country")?;
    let (region, _) = data.breakdown("region")?;
    if order.is_empty() && region.iter().all(|m| m.is_empty()) {
        return Ok(None);
    }
    let home = data.home_country();
    let abroad_order: Vec<String> = order
        .iter()
        .filter(|c| Some(c.as_str()) != home.as_deref())
        .cloned()
        .collect();
    let top = top_categories(&per, &abroad_order, CATEGORY_COLOURS.len() - 1);
    let domestic_label = match &home {
        Some(h) => format!("{h} (domestic)"),
        None => "domestic".to_string(),
    };
    let mut categories = vec![(domestic_label, CATEGORY_COLOURS[0])];
    for (i, c) in top.iter().enumerate() {
        categories.push((c.clone(), CATEGORY_COLOURS[i + 1]));
    }
    let mut values = Vec::new();
    for (i, m) in per.iter().enumerate() {
        let r = &region[i];
        let domestic = r
            .get("domestic")
            .copied()
            .or_else(|| home.as_ref().and_then(|h| m.get(h).copied()))
            .unwrap_or(0.0);
        let mut row = vec![domestic];
        let mut shown = 0.0;
        for c in &top {
            let x = m.get(c).copied().unwrap_or(0.0);
            shown += x;
            row.push(x);
        }
        let rest_listed: f64 = abroad_order
            .iter()
            .filter(|c| !top.contains(c))
            .map(|c| m.get(c).copied().unwrap_or(0.0))
            .filter(|x| x.is_finite())
            .sum();
        let other = match r.get("abroad") {
            Some(a) => (a - shown).max(0.0),
            None => rest_listed,
        };
        row.push(other);
        values.push(row);
    }
    let has_other = values
        .iter()
        .any(|r| r.last().copied().unwrap_or(0.0) > 1e-12);
    if has_other {
        categories.push(("other abroad".to_string(), OTHER_GREY));
    } else {
        for r in &mut values {
            r.pop();
        }
    }
    let bands = tmr.iter().map(|s| (s.ci_low, s.ci_high)).collect();
    let ci = tmr.first().map(|s| s.ci_label()).unwrap_or_default();
    let unit = unit_label(tmr.first().map(|s| s.unit.as_str()).unwrap_or(""));
    Ok(Some(StackFigure {
        name: "fig_country".to_string(),
        title: "TMR by country of origin".to_string(),
        caption: format!(
            "Total material requirement by country where the flows occur: mean per vehicle, \
             domestic{} first, then the {} largest countries abroad and the rest of the flows \
             abroad as \"other abroad\"; the bar ends at the mean TMR. Whisker above each bar: \
             {ci} interval of the TMR.",
            home.map(|h| format!(" ({h})")).unwrap_or_default(),
            top.len()
        ),
        x_desc: format!("Mean TMR ({unit})"),
        vehicles: data.summary.vehicles.clone(),
        categories,
        values,
        bands,
        band_label: format!("{ci} interval of TMR"),
    }))
}

fn ratio_figure(data: &RunData) -> Result<Option<RatioFigure>> {
    let t = &data.comparisons;
    let (ca, cb, cs, cq, cst) = (
        t.col("a")?,
        t.col("b")?,
        t.col("scenario")?,
        t.col("quantity")?,
        t.col("statistic")?,
    );
    let cols = crate::report::tables::StatCols::of(t)?;
    let mut rows: Vec<(usize, String, String, Stat)> = Vec::new();
    for r in 0..t.rows.len() {
        if t.text(r, cs) != "baseline" || t.text(r, cq) != "tmr" || t.text(r, cst) != "ratio" {
            continue;
        }
        let a = t.text(r, ca).to_string();
        let pos = data
            .summary
            .vehicles
            .iter()
            .position(|v| *v == a)
            .unwrap_or(usize::MAX);
        rows.push((pos, a, t.text(r, cb).to_string(), cols.get(t, r)?));
    }
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by_key(|r| r.0);
    let mut refs: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    refs.dedup();
    let single = refs.len() == 1;
    let reference = if single {
        refs[0].to_string()
    } else {
        "the reference vehicle".to_string()
    };
    let labels = rows
        .iter()
        .map(|(_, a, b, _)| {
            if single {
                a.clone()
            } else {
                format!("{a} / {b}")
            }
        })
        .collect();
    Ok(Some(RatioFigure {
        labels,
        vehicles: rows.iter().map(|r| r.1.clone()).collect(),
        stats: rows.into_iter().map(|r| r.3).collect(),
        reference,
    }))
}

fn convergence_figure(data: &RunData) -> Result<Option<ConvergenceFigure>> {
    let Some(t) = &data.convergence else {
        return Ok(None);
    };
    let (cn, cv, cq) = (t.col("n")?, t.col("vehicle")?, t.col("quantity")?);
    let cp = [t.col("p2_5")?, t.col("p50")?, t.col("p97_5")?];
    let quantities: Vec<&str> = (0..t.rows.len()).map(|r| t.text(r, cq)).collect();
    let quantity = if quantities.contains(&"tmr") {
        "tmr".to_string()
    } else {
        match quantities.first() {
            Some(q) => q.to_string(),
            None => return Ok(None),
        }
    };
    let mut series = Vec::new();
    for v in &data.summary.vehicles {
        let mut rows = Vec::new();
        for r in 0..t.rows.len() {
            if t.text(r, cv) == v && t.text(r, cq) == quantity {
                rows.push((
                    t.num(r, cn)?,
                    [t.num(r, cp[0])?, t.num(r, cp[1])?, t.num(r, cp[2])?],
                ));
            }
        }
        if !rows.is_empty() {
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            series.push((v.clone(), rows));
        }
    }
    if series.is_empty() {
        return Ok(None);
    }
    Ok(Some(ConvergenceFigure { quantity, series }))
}

fn sensitivity_figures(data: &RunData) -> Result<Vec<SensFigure>> {
    let Some(t) = &data.sensitivity else {
        return Ok(Vec::new());
    };
    let (cv, cq, cm, cp, ci, cval, clo, chi) = (
        t.col("vehicle")?,
        t.col("quantity")?,
        t.col("method")?,
        t.col("parameter")?,
        t.col("index")?,
        t.col("value")?,
        t.col("ci_low")?,
        t.col("ci_high")?,
    );
    let kind_of = |method: &str, index: &str| -> Option<SensKind> {
        let m = method.to_ascii_lowercase();
        let i = index.to_ascii_lowercase();
        if m.contains("sobol") && (i == "s1" || i == "st") {
            Some(SensKind::Sobol)
        } else if (m.contains("tornado") || m == "oat") && (i == "low" || i == "high") {
            Some(SensKind::Tornado)
        } else if i == "spearman" {
            Some(SensKind::Spearman)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for kind in [SensKind::Tornado, SensKind::Sobol, SensKind::Spearman] {
        for v in &data.summary.vehicles {
            let mine: Vec<usize> = (0..t.rows.len())
                .filter(|&r| {
                    t.text(r, cv) == v && kind_of(t.text(r, cm), t.text(r, ci)) == Some(kind)
                })
                .collect();
            if mine.is_empty() {
                continue;
            }
            let qs: Vec<&str> = mine.iter().map(|&r| t.text(r, cq)).collect();
            let quantity = if qs.contains(&"tmr") { "tmr" } else { qs[0] }.to_string();
            let mut rows: Vec<SensRow> = Vec::new();
            for &r in &mine {
                if t.text(r, cq) != quantity {
                    continue;
                }
                let p = t.text(r, cp).to_string();
                let entry = (
                    t.text(r, ci).to_string(),
                    t.num(r, cval)?,
                    t.num(r, clo)?,
                    t.num(r, chi)?,
                );
                match rows.iter_mut().find(|x| x.parameter == p) {
                    Some(x) => x.values.push(entry),
                    None => rows.push(SensRow {
                        parameter: p,
                        values: vec![entry],
                    }),
                }
            }
            let stat = data.summary.get(v, &quantity);
            let base = stat
                .map(|s| {
                    if s.point.is_finite() {
                        s.point
                    } else {
                        s.median()
                    }
                })
                .unwrap_or(f64::NAN);
            let key = |r: &SensRow| -> f64 {
                let k = match kind {
                    SensKind::Tornado => (r.value("high") - r.value("low")).abs(),
                    SensKind::Sobol => r.value("ST").max(r.value("S1")),
                    SensKind::Spearman => r.value("spearman").abs(),
                };
                if k.is_nan() { f64::NEG_INFINITY } else { k }
            };
            // Largest effect first; ties keep file order.
            rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
            let all = rows.len();
            if kind == SensKind::Tornado {
                // A parameter that moves the output at neither end has no bar to draw.
                let moves = |x: f64| (x - base).abs() > 1e-9 * base.abs();
                rows.retain(|r| moves(r.value("low")) || moves(r.value("high")));
            }
            rows.truncate(SENS_TOP);
            let omitted = all - rows.len();
            if rows.is_empty() || (kind == SensKind::Tornado && !base.is_finite()) {
                continue;
            }
            out.push(SensFigure {
                kind,
                vehicle: v.clone(),
                unit: stat.map(|s| s.unit.clone()).unwrap_or_default(),
                quantity,
                base,
                rows,
                omitted,
            });
        }
    }
    Ok(out)
}

/// Renders every figure of the run in `data`.
pub fn render_figures(data: &RunData, opts: &PlotOptions) -> Result<Vec<Rendered>> {
    let vehicles = data.summary.vehicles.clone();
    let tmr = data.tmr_stats()?;
    let mut out = vec![render(&TmrFigure {
        vehicles: vehicles.clone(),
        stats: tmr.clone(),
        log: opts.log_axis,
    })?];
    if let Some(f) = commodity_figure(data, &tmr)? {
        out.push(render(&f)?);
    }
    out.push(render(&BoxFigure {
        vehicles: vehicles.clone(),
        stats: tmr.clone(),
    })?);
    if let Some(f) = ratio_figure(data)? {
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

/// Writes every figure (SVG and PNG), `summary.tex`, `summary.md` and `report.html` of the
/// run in `run_dir`, from its stored files only; returns the names of the files written.
pub fn render_all(run_dir: &Path) -> Result<Vec<String>> {
    render_all_with(run_dir, &PlotOptions::default())
}

/// [`render_all`] with options.
pub fn render_all_with(run_dir: &Path, opts: &PlotOptions) -> Result<Vec<String>> {
    let data = RunData::read(run_dir)?;
    let mut written = crate::report::tables::write_tables(run_dir, &data.summary)?;
    let figures = render_figures(&data, opts)?;
    for f in &figures {
        let svg = format!("{}.svg", f.name);
        let png = format!("{}.png", f.name);
        crate::report::write_atomic(&run_dir.join(&svg), f.svg.as_bytes())?;
        crate::report::write_atomic(&run_dir.join(&png), &f.png)?;
        written.push(svg);
        written.push(png);
    }
    let html = crate::report::html::report_html(&data, &figures);
    crate::report::write_atomic(&run_dir.join("report.html"), html.as_bytes())?;
    written.push("report.html".to_string());
    Ok(written)
}
