//! The prompt helper: **Translate to English** and **Improve** send the
//! prompt to a text model of the same gateway; the suggestion is shown
//! beside the prompt, never applied until **Use it**.
//!
//! `state.rs` sends and keeps the suggestion [web]; `views.rs` draws it.
//! What it needs of the settings and of the prompt comes from `app.rs`.

pub mod state;
pub mod views;

pub use state::{use_helper, HelperSetup, HelperState};
