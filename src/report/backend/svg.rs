//! The SVG backend, and the tags that say which data an SVG element shows.

use super::text::*;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

// ---------------------------------------------------------------------------------------
// Tags: which data an SVG element shows.

/// The attributes given to the SVG elements drawn while it is set (shared with
/// [`SvgCanvas`]; ignored by [`PngCanvas`]).
#[derive(Clone, Default)]
pub struct Tag(Rc<RefCell<String>>);

impl Tag {
    /// Tags what is drawn next with `class` and `data-*` attributes.
    pub(crate) fn set(&self, class: &str, data: &[(&str, &str)]) {
        let mut s = format!(" class=\"{}\"", xml_escape(class));
        for (k, v) in data {
            let _ = write!(s, " data-{k}=\"{}\"", xml_escape(v));
        }
        *self.0.borrow_mut() = s;
    }
    pub(crate) fn clear(&self) {
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
    pub(crate) size: (u32, u32),
    pub(crate) out: Rc<RefCell<String>>,
    pub(crate) tag: Tag,
}

pub(super) fn paint(c: &BackendColor, what: &str) -> String {
    let (r, g, b) = c.rgb;
    let mut s = format!("{what}=\"#{r:02x}{g:02x}{b:02x}\"");
    if c.alpha < 1.0 {
        let _ = write!(s, " {what}-opacity=\"{:.3}\"", c.alpha.max(0.0));
    }
    s
}

pub(super) fn stroke<S: plotters_backend::BackendStyle>(style: &S) -> String {
    format!(
        "fill=\"none\" {} stroke-width=\"{}\"",
        paint(&style.color(), "stroke"),
        style.stroke_width()
    )
}

pub(super) fn points<I: IntoIterator<Item = BackendCoord>>(pts: I) -> String {
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
