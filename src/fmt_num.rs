//! Number formatting for result files: a leaf module (it imports nothing from the crate), so
//! the engine, the statistics and the report writers can all use it without importing each
//! other.

/// Shortest decimal that round-trips the f64 exactly: CSV values lose nothing, and the same
/// number always prints the same way (so files are bit-identical when values are).
pub fn num(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_string()
    } else {
        format!("{x:?}")
    }
}
