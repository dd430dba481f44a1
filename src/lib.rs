//! Sinh Ảnh ("make images"): a browser image-generation studio for
//! OpenAI-compatible gateways such as LiteLLM, as a static Leptos CSR app.
//!
//! Data flows one way: form → request → gateway → response → images →
//! gallery.
//! Modules marked `[pure]` use no browser API and are tested on the host and
//! in headless Chromium alike; `[web]` ones talk to the browser.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod embed;
pub mod gallery;
pub mod gallery_store;
pub mod history;
pub mod i18n;
pub mod image;
pub mod linked;
pub mod settings;
pub mod snippet;
pub mod state;
pub mod storage;
pub mod zip;

// The pure modules' unit tests run in headless Chromium too.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
