//! `<App/>`: provides the state, loads `config.json`, lays out the page.

use crate::components::{
    config_banner::ConfigBanner, gallery::GallerySection, language_switch::LanguageSwitch,
    prompt_form::PromptForm, results::Results, status::Status,
};
use crate::config::DeployConfig;
use crate::i18n::Lang;
use crate::settings::STORAGE_KEY;
use crate::state::AppState;
use crate::storage::{self, Store};
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(browser_language().unwrap_or_default());
    provide_context(state);
    state.restore();
    leptos::task::spawn_local(load_config(state));
    leptos::task::spawn_local(state.gallery.load());

    // What this device remembers follows the form (effects: syncing with
    // storage is the outside world).
    Effect::new(move |_| {
        let record = state.settings().to_json();
        storage::set(Store::Local, STORAGE_KEY, &record);
    });
    Effect::new(move |_| state.store_key());
    Effect::new(move |_| state.store_draft());

    // Keep <html lang> true for screen readers and hyphenation.
    Effect::new(move |_| {
        let code = state.lang.get().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });

    view! {
        <header class="app-header">
            <div>
                <h1>"Sinh Ảnh"</h1>
                <p class="tagline">{state.text(|t| t.tagline)}</p>
            </div>
            <LanguageSwitch/>
        </header>
        <main class="layout">
            <ConfigBanner/>
            <section class="controls">
                <PromptForm/>
            </section>
            <section class="output">
                <Status/>
                <Results/>
            </section>
            <GallerySection/>
        </main>
    }
}

fn browser_language() -> Option<Lang> {
    let language = window().navigator().language()?;
    Lang::from_code(&language)
}

/// Reads `config.json` beside `index.html`, then settles the
/// configuration whatever came of it: only then is anything carrying the
/// key sent.
async fn load_config(state: AppState) {
    read_config(state).await;
    state.settle_config();
}

/// Fetches `config.json` (relative: works under any sub-path). Absent (404,
/// or an HTML fallback page) is normal; present but broken is said in a
/// banner.
async fn read_config(state: AppState) {
    let response = match crate::api::client::get("config.json").await {
        Ok(response) if (200..300).contains(&response.status) => response,
        _ => return,
    };
    let text = String::from_utf8_lossy(&response.body);
    // Hosts with a single-page fallback answer a missing file with index.html.
    if text.trim_start().starts_with('<') {
        return;
    }
    match DeployConfig::parse(&text) {
        Ok(config) => state.apply_config(&config),
        Err(problem) => state.config_problem.set(Some(problem)),
    }
}
