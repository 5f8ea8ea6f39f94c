//! Text: one layout for both backends, from the embedded font.

use super::DPI;
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::BackendTextStyle;
use std::sync::{Once, OnceLock};

/// The embedded font and the family name it is registered under.
pub(super) static FONT_BYTES: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
pub const FONT_FAMILY: &str = "DejaVu Sans";
/// What an SVG viewer is asked for (metrics are DejaVu Sans; Verdana is the closest fallback).
pub(crate) const SVG_FONT_FAMILY: &str = "'DejaVu Sans', Verdana, sans-serif";

pub(super) fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("embedded font is valid"))
}

/// Registers the embedded font with plotters (its text styles look fonts up by family).
pub(crate) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES);
    });
}

/// Font height (ascent − descent) per em of the embedded font.
pub(super) fn height_per_em() -> f64 {
    let f = font();
    let upem = f.units_per_em().unwrap_or(2048.0) as f64;
    f.height_unscaled() as f64 / upem
}

/// The plotters font size (`ab_glyph` pixel scale, = ascent − descent in pixels) of a text
/// of `pt` points at 300 dpi.
pub fn font_px(pt: f64) -> f64 {
    pt * DPI / 72.0 * height_per_em()
}

/// A line of text laid out with the embedded font at pixel scale `size`.
pub(super) struct Laid {
    pub(super) glyphs: Vec<(GlyphId, f32)>,
    pub(super) width: f32,
    pub(super) ascent: f32,
    pub(super) descent: f32,
}

pub(super) fn lay_out(text: &str, size: f32) -> Laid {
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
pub(super) fn anchor_offset(l: &Laid, anchor: Pos) -> (f32, f32) {
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
pub(super) fn rotate(t: &FontTransform, u: f32, v: f32) -> (f32, f32) {
    match t {
        FontTransform::None => (u, v),
        FontTransform::Rotate90 => (-v, u),
        FontTransform::Rotate180 => (-u, -v),
        FontTransform::Rotate270 => (v, -u),
    }
}

/// The canvas pixel covered by pixel (lx, ly) of the text's frame.
pub(super) fn rotate_pixel(t: &FontTransform, lx: i32, ly: i32) -> (i32, i32) {
    match t {
        FontTransform::None => (lx, ly),
        FontTransform::Rotate90 => (-ly - 1, lx),
        FontTransform::Rotate180 => (-lx - 1, -ly - 1),
        FontTransform::Rotate270 => (ly, -lx - 1),
    }
}

pub(super) fn rotation_degrees(t: &FontTransform) -> i32 {
    match t {
        FontTransform::None => 0,
        FontTransform::Rotate90 => 90,
        FontTransform::Rotate180 => 180,
        FontTransform::Rotate270 => -90,
    }
}

pub(super) fn estimate<T: BackendTextStyle>(text: &str, style: &T) -> (u32, u32) {
    let l = lay_out(text, style.size() as f32);
    (l.width.ceil() as u32, (l.ascent - l.descent).ceil() as u32)
}
