//! Settings: the choices a person keeps, the site's `config.json`, the key,
//! and the gateway's model list.
//!
//! - `prefs.rs`, `config.rs`, `theme.rs`: the model and the one `merge` [pure]
//! - `gateway.rs`: the settings folded into one line, and when they open [pure]
//! - `state.rs`: the signals, storage, the model list [web]
//! - `keeping.rs`: where the key is kept, Forget, other tabs followed [web]
//! - `views.rs`: the gateway and key, the language, the config banner

pub mod config;
pub mod gateway;
pub mod keeping;
pub mod prefs;
pub mod state;
pub mod theme;
pub mod views;

pub use state::{use_settings, Models, SettingsState};
