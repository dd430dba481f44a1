//! Generation: the form, the runs and their requests, the results.
//!
//! - `run.rs`, `snippet.rs`: the model [pure]
//! - `task.rs`: one request, its abort and timer, reading the answer [web]
//! - `state.rs`: the prompt, the latest run, Cancel and retries [web]
//! - `views/`: the form, results, status, Show code

pub mod run;
pub mod snippet;
pub mod state;
pub mod task;
pub mod views;

pub use state::{use_generate, GenerateState};
