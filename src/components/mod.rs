//! One component per file, thin: they read `AppState` and call the pure modules.

pub mod config_banner;
pub mod gallery;
pub mod language_switch;
pub mod prompt_form;
pub mod results;
pub mod show_code;
pub mod status;
