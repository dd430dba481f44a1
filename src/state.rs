//! AppState: the signals of the page and the generate action.
//! `Copy`, provided once by `<App/>`, read with `use_app_state()`.

use crate::api::{client, request, response, response::Generation, ApiError};
use crate::config::{
    DeployConfig, DEFAULT_BASE_URL, DEFAULT_COUNT, DEFAULT_MODEL, DEFAULT_TIMEOUT_SECS,
};
use crate::i18n::{texts, Lang, Texts};
use leptos::prelude::*;
use std::{sync::Arc, time::Duration};

/// What one press of Generate sends: a snapshot of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateInput {
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    pub prompt: String,
    pub count: u8,
    pub timeout_secs: u32,
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
    /// How long to wait for an answer before giving up.
    pub timeout_secs: RwSignal<u32>,
    /// When the request in flight started (`Date.now()` ms), for the elapsed time.
    pub started_at: RwSignal<f64>,
    /// The request in flight's controller: Cancel and the timeout abort it.
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    pub generate: Action<GenerateInput, Outcome>,
}

impl AppState {
    pub fn new(lang: Lang) -> Self {
        let abort = StoredValue::new_local(None);
        AppState {
            lang: RwSignal::new(lang),
            base_url: RwSignal::new(DEFAULT_BASE_URL.to_string()),
            api_key: RwSignal::new(String::new()),
            model: RwSignal::new(DEFAULT_MODEL.to_string()),
            count: RwSignal::new(DEFAULT_COUNT.to_string()),
            prompt: RwSignal::new(String::new()),
            config_problem: RwSignal::new(None),
            demo_key_in_use: RwSignal::new(false),
            timeout_secs: RwSignal::new(DEFAULT_TIMEOUT_SECS),
            started_at: RwSignal::new(0.0),
            abort,
            generate: Action::new_local(move |input: &GenerateInput| {
                generate(input.clone(), abort)
            }),
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
            timeout_secs: self.timeout_secs.get_untracked(),
        };
        self.started_at.set(js_sys::Date::now());
        self.generate.dispatch(input);
    }

    /// Aborts the request in flight, if any; it ends as `Cancelled`.
    pub fn cancel(&self) {
        self.abort.with_value(|controller| {
            if let Some(controller) = controller {
                controller.abort();
            }
        });
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
        if let Some(seconds) = config.timeout_secs {
            self.timeout_secs.set(seconds);
        }
        if let Some(key) = config.demo_key_for(&self.base_url.get_untracked()) {
            if self.api_key.get_untracked().is_empty() {
                self.api_key.set(key.to_string());
                self.demo_key_in_use.set(true);
            }
        }
    }
}

async fn generate(
    input: GenerateInput,
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
) -> Outcome {
    let started = js_sys::Date::now();
    let controller = client::abort_controller();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let timer = controller.clone().and_then(|controller| {
        set_timeout_with_handle(
            move || client::abort_for_timeout(&controller),
            Duration::from_secs(u64::from(input.timeout_secs)),
        )
        .ok()
    });
    abort.set_value(controller);
    let result = async {
        let prepared = request::images(
            &input.base_url,
            &input.api_key,
            &input.model,
            &input.prompt,
            input.count,
            None,
        )?;
        let raw = client::send(&prepared, &input.api_key, signal.as_ref()).await?;
        response::parse_images(raw.status, &raw.body, usize::from(input.count)).map(Arc::new)
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    abort.set_value(None);
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
