//! Exports of the model to other tools. `brightway`: the whole supply chain as a Brightway
//! database description (`hiddenflow export brightway OUT`).

pub mod brightway;
mod npy;
