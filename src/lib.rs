//! hiddenflow: Monte Carlo uncertainty of the total material requirement (TMR) of vehicle
//! supply chains. The pipeline, one module per stage:
//! `data` → `model` → `plan` → `sampling` → `engine` → `accum` → `stats` → `report`.

pub mod accum;
pub mod commands;
pub mod config;
pub mod consistency;
pub mod correlation;
pub mod coverage;
pub mod data;
pub mod dependence;
pub mod engine;
pub mod error;
pub mod export;
pub mod fmt_num;
pub mod interrupt;
pub mod model;
pub mod plan;
pub mod plausibility;
pub mod point;
pub mod progress;
pub mod report;
pub mod rounds;
pub mod sampling;
pub mod sensitivity;
pub mod simd;
pub mod slurm;
pub mod stats;
pub mod two_d;
