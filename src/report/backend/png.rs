//! The PNG backend: plotters' bitmap with text rasterised from the embedded font, encoded
//! with a 300 dpi `pHYs` chunk.

use super::PIXELS_PER_METRE;
use super::text::*;
use ab_glyph::{Font, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle, DrawingErrorKind};

// ---------------------------------------------------------------------------------------
// PNG backend.

/// plotters' `BitMapBackend` with text rasterised from the embedded font.
pub struct PngCanvas<'a> {
    pub(crate) inner: BitMapBackend<'a>,
}

pub(super) type BitmapError<'a> = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

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
pub(crate) fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> std::result::Result<Vec<u8>, String> {
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
