//! Uncertainty: validated distributions ([`dist`]), the stable per-sample generator ([`rng`])
//! and the sampling designs ([`design`]) that turn `(seed, sample index)` into uniforms.
//! Named so as not to be confused with the `distributions/` data folder.

pub mod copula;
pub mod design;
pub mod dist;
pub mod rng;
