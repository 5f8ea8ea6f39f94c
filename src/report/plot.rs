//! The old path of the figures of a run (`hiddenflow plot`), kept for callers: the figures are
//! in [`crate::report::figures`] (one file per figure), the drawing backends in
//! [`crate::report::backend`] and the loading of a run folder in [`crate::report::run_folder`].

pub use crate::report::backend::{
    DPI, FONT_FAMILY, PIXELS_PER_METRE, PngCanvas, Rendered, SvgCanvas, Tag, WIDTH, font_px,
    text_size, xml_escape,
};
pub use crate::report::figures::{
    CATEGORY_COLOURS, OI_BLACK, OI_BLUE, OI_GREEN, OI_ORANGE, OI_PURPLE, OI_SKY_BLUE,
    OI_VERMILLION, OI_YELLOW, OTHER_GREY, PlotOptions, render_all, render_all_then,
    render_all_with, render_figures,
};
pub use crate::report::run_folder::RunData;
