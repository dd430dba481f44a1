//! AppState: the signals of the page and the generate action.
//! `Copy`, provided once by `<App/>`, read with `use_app_state()`.

use crate::api::{client, request, response, response::Generation, ApiError};
use crate::config::{DeployConfig, DEFAULT_BASE_URL, DEFAULT_COUNT, DEFAULT_MODEL};
use crate::i18n::{texts, Lang, Texts};
use leptos::prelude::*;
use std::sync::Arc;

/// What one press of Generate sends: a snapshot of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateInput {
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    pub prompt: String,
    pub count: u8,
}

/// What came of it. Cheap to clone: images can be megabytes.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub prompt: String,
    pub result: Result<Arc<Generation>, ApiError>,
    pub elapsed_ms: f64,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub base_url: RwSignal<String>,
    pub api_key: RwSignal<String>,
    pub model: RwSignal<String>,
    /// The `<select>`'s value; read through `count()`.
    pub count: RwSignal<String>,
    pub prompt: RwSignal<String>,
    /// Why `config.json` was not used, if it was not.
    pub config_problem: RwSignal<Option<String>>,
    /// The key field holds the local mock's demo key from `config.json`.
    pub demo_key_in_use: RwSignal<bool>,
    pub generate: Action<GenerateInput, Outcome>,
}

impl AppState {
    pub fn new(lang: Lang) -> Self {
        AppState {
            lang: RwSignal::new(lang),
            base_url: RwSignal::new(DEFAULT_BASE_URL.to_string()),
            api_key: RwSignal::new(String::new()),
            model: RwSignal::new(DEFAULT_MODEL.to_string()),
            count: RwSignal::new(DEFAULT_COUNT.to_string()),
            prompt: RwSignal::new(String::new()),
            config_problem: RwSignal::new(None),
            demo_key_in_use: RwSignal::new(false),
            generate: Action::new_local(|input: &GenerateInput| generate(input.clone())),
        }
    }

    /// The texts of the current language (reactive).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// The chosen number of images (not tracked: read when sending).
    pub fn count(&self) -> u8 {
        self.count
            .with_untracked(|c| c.parse().ok())
            .unwrap_or(DEFAULT_COUNT)
    }

    /// Sends the form as it is now. The form itself is never cleared.
    pub fn submit(&self) {
        let input = GenerateInput {
            base_url: self.base_url.get_untracked(),
            api_key: self.api_key.get_untracked(),
            model: self.model.get_untracked(),
            prompt: self.prompt.get_untracked(),
            count: self.count(),
        };
        self.generate.dispatch(input);
    }

    /// Applies `config.json`'s defaults to the fields the person has not touched.
    pub fn apply_config(&self, config: &DeployConfig) {
        if let Some(lang) = config.language {
            self.lang.set(lang);
        }
        if let Some(url) = &config.base_url {
            if self.base_url.get_untracked() == DEFAULT_BASE_URL {
                self.base_url.set(url.clone());
            }
        }
        if let Some(model) = &config.model {
            if self.model.get_untracked() == DEFAULT_MODEL {
                self.model.set(model.clone());
            }
        }
        if let Some(count) = config.count {
            self.count.set(count.to_string());
        }
        if let Some(key) = config.demo_key_for(&self.base_url.get_untracked()) {
            if self.api_key.get_untracked().is_empty() {
                self.api_key.set(key.to_string());
                self.demo_key_in_use.set(true);
            }
        }
    }
}

async fn generate(input: GenerateInput) -> Outcome {
    let started = js_sys::Date::now();
    let result = async {
        let prepared = request::images(
            &input.base_url,
            &input.api_key,
            &input.model,
            &input.prompt,
            input.count,
            None,
        )?;
        let raw = client::send(&prepared, &input.api_key, None).await?;
        response::parse_images(raw.status, &raw.body, usize::from(input.count)).map(Arc::new)
    }
    .await;
    Outcome {
        prompt: input.prompt,
        result,
        elapsed_ms: js_sys::Date::now() - started,
    }
}

/// The state `<App/>` provides.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
