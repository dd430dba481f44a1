//! The helper's state: the request in flight, the suggestion, the error.
//!                                                                   [web]

use crate::api::helper::{self, Task};
use crate::api::request::normalize_base_url;
use crate::api::{ApiError, ErrorKind};
use crate::web::fetch::{self, Abort, Call};
use crate::web::json::read_answer;
use leptos::prelude::*;
use std::time::Duration;

/// What the helper needs of the settings (`app.rs` derives it).
#[derive(Clone, Default, PartialEq)]
pub struct HelperSetup {
    /// `config.json` is settled: the gateway is known.
    pub settled: bool,
    pub base_url: String,
    pub api_key: String,
    pub model: String,
}

/// A suggestion: what was asked, and the model's words (editable).
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub task: Task,
    pub text: String,
}

#[derive(Clone, Copy)]
pub struct HelperState {
    /// Asked and not yet answered.
    pub pending: RwSignal<Option<Task>>,
    pub suggestion: RwSignal<Option<Suggestion>>,
    pub error: RwSignal<Option<ApiError>>,
    setup: Signal<HelperSetup>,
    prompt: Signal<String>,
    on_use: StoredValue<Option<Callback<String>>>,
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// The gateway the request in flight went to (normalised).
    sent_to: StoredValue<Option<String>>,
}

/// A helper answer takes seconds; past a minute it is not coming.
const TIMEOUT: Duration = Duration::from_secs(60);

impl HelperState {
    pub fn new(setup: Signal<HelperSetup>, prompt: Signal<String>) -> Self {
        HelperState {
            pending: RwSignal::new(None),
            suggestion: RwSignal::new(None),
            error: RwSignal::new(None),
            setup,
            prompt,
            on_use: StoredValue::new(None),
            abort: StoredValue::new_local(None),
            sent_to: StoredValue::new(None),
        }
    }

    /// Who takes a suggestion in (`app.rs`: the prompt).
    pub fn wire(&self, on_use: Callback<String>) {
        self.on_use.set_value(Some(on_use));
    }

    /// Sends the prompt as it is now to the text model.
    pub fn ask(&self, task: Task) {
        let setup = self.setup.get_untracked();
        if self.pending.get_untracked().is_some() || !setup.settled {
            return;
        }
        self.error.set(None);
        if setup.api_key.trim().is_empty() {
            return self
                .error
                .set(Some(ApiError::new(ErrorKind::MissingKey, "no API key")));
        }
        let prompt = self.prompt.get_untracked();
        let request = match helper::request(&setup.base_url, &setup.model, task, &prompt) {
            Ok(request) => request,
            Err(error) => return self.error.set(Some(error)),
        };
        self.pending.set(Some(task));
        self.sent_to
            .set_value(normalize_base_url(&setup.base_url).ok());
        let this = *self;
        leptos::task::spawn_local(async move {
            let abort = Abort::new(Some(TIMEOUT));
            this.abort.set_value(abort.handle());
            let signal = abort.signal();
            let body = js_sys::JsString::from(request.body.as_str());
            let answer = fetch::text(Call {
                url: &request.url,
                api_key: Some(&setup.api_key),
                body: Some(&body),
                signal: signal.as_ref(),
            })
            .await
            .and_then(|answer| {
                read_answer(answer.status, &answer.body, |json| {
                    helper::read(answer.status, json)
                })
            });
            drop(abort);
            this.abort.set_value(None);
            this.pending.set(None);
            match answer {
                Ok(text) => this.suggestion.set(Some(Suggestion { task, text })),
                Err(error) => this.error.set(Some(error)),
            }
        });
    }

    /// The gateway is known (`config.json` settled): asking can be done.
    pub fn ready(&self) -> bool {
        self.setup.with(|s| s.settled)
    }

    /// The person committed another gateway: a request in flight to the
    /// old one is cancelled (its answer would be from a gateway no longer
    /// in the form).
    pub fn gateway_changed(&self, gateway: Option<String>) {
        if self.pending.get_untracked().is_some() && self.sent_to.get_value() != gateway {
            self.cancel();
        }
    }

    /// Aborts the request in flight; it ends as `Cancelled`.
    pub fn cancel(&self) {
        self.abort.with_value(|abort| {
            if let Some(controller) = abort {
                controller.abort();
            }
        });
    }

    /// The suggestion (as edited) becomes the prompt.
    pub fn use_it(&self) {
        if let Some(suggestion) = self.suggestion.get_untracked() {
            if let Some(on_use) = self.on_use.get_value() {
                on_use.run(suggestion.text);
            }
        }
        self.suggestion.set(None);
    }

    /// The suggestion goes; the prompt stays as it was.
    pub fn discard(&self) {
        self.suggestion.set(None);
        self.error.set(None);
    }
}

/// The state `<App/>` provides.
pub fn use_helper() -> HelperState {
    expect_context::<HelperState>()
}
