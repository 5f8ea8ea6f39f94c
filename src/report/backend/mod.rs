//! Drawing backends of the figures, with one text layout for both:
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
//! A leaf of `report`: it imports nothing from the figures, the HTML page or the run folder.

pub mod png;
pub mod svg;
pub mod text;

pub use png::PngCanvas;
pub use svg::{SvgCanvas, Tag, xml_escape};
pub use text::{FONT_FAMILY, font_px, text_size};

/// Figure width in pixels: 8.5 cm at 300 dpi.
pub const WIDTH: u32 = 1004;
/// Resolution of the PNG files.
pub const DPI: f64 = 300.0;
/// The same in pixels per metre, as written in the PNG `pHYs` chunk.
pub const PIXELS_PER_METRE: u32 = 11811;

/// A rendered figure: its file stem, title and caption, and both encodings.
pub struct Rendered {
    pub name: String,
    pub title: String,
    pub caption: String,
    pub svg: String,
    pub png: Vec<u8>,
}
