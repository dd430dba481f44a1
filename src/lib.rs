//! Sinh Ảnh ("make images"): a browser image-generation studio for
//! OpenAI-compatible gateways such as LiteLLM, as a static Leptos CSR app.
//!
//! Data flows one way: form → request → gateway → answer → images →
//! gallery. The code is cut by feature (`settings`, `generate`, `gallery`),
//! each with its model, its state and its views; `api` is the gateway as
//! plain Rust, `web` the browser, `i18n` every text. Modules marked
//! `[pure]` use no browser API and are tested on the host and in headless
//! Chromium alike; `[web]` ones talk to the browser.

pub mod api;
pub mod app;
pub mod edit;
pub mod gallery;
pub mod generate;
pub mod helper;
pub mod i18n;
pub mod made;
pub mod settings;
pub mod web;

// The pure modules' unit tests run in headless Chromium too.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// Talc instead of Rust's default dlmalloc: 0.9 KB less first load (and,
// by its authors' benchmarks, quicker). Declared here, not in `main.rs`, so
// the wasm test suites run on the allocator the page runs on.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
