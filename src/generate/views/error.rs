//! One failure: a title, what to do, and the gateway's own words.

use crate::api::models::suggest;
use crate::api::{ApiError, ErrorKind};
use crate::generate::run::needs_an_edit;
use crate::generate::state::use_generate;
use crate::i18n::use_i18n;
use crate::settings::use_settings;
use leptos::prelude::*;

/// How many models an unknown-model error offers as buttons.
const MODEL_CHOICES: usize = 12;

/// A failure of the whole run.
#[component]
pub fn ErrorMessage(
    /// What went wrong.
    error: ApiError,
) -> impl IntoView {
    let gen = use_generate();
    let i18n = use_i18n();
    let summary = error.summary();
    let detail = error.detail.clone();
    let status = error.status;
    // "The gateway said" only before the gateway's own words: our notes
    // (an empty `data`, a cut-off answer) are the title's, in the page's
    // language, and stay in the details.
    let said = status.filter(|_| error.has_outside_words());
    let param = error.param.clone();
    // Fixing these takes an edit first; everything else may work a second time.
    let retryable = !needs_an_edit(error.kind);
    // Our own words are the title and advice; details are what came back
    // (the HTTP status, and the gateway's, the model's or the browser's
    // words as they came, or what was wrong with the answer).
    let has_details = status.is_some() || error.kind == ErrorKind::Network;
    move || {
        let t = i18n.t();
        let advice = (t.errors)(error.kind);
        view! {
            // Focusable (not by Tab): a run that ends in it sends focus
            // here, as a form's error summary does.
            <div class="error" role="alert" tabindex="-1" data-kind=format!("{:?}", error.kind)>
                <p class="error-title">
                    <strong>{advice.title}</strong>
                    {param.clone().map(|p| view! { " " <code>{p}</code> })}
                </p>
                {said.map(|_| view! { <p class="error-summary">{t.gateway_said} ": " {summary.clone()}</p> })}
                <p class="error-advice">{advice.advice}</p>
                {(error.kind == ErrorKind::UnknownModel).then(|| view! { <ModelChoices/> })}
                // On a phone the images are far up the form: a way there,
                // to the line that says how many to remove.
                {(error.kind == ErrorKind::TooManyImages).then(|| view! {
                    <p>
                        <button type="button" class="secondary go-to-images"
                            on:click=|_| crate::web::focus::bring("#references-total")>
                            {t.go_to_images}
                        </button>
                    </p>
                })}
                {retryable.then(|| {
                    view! {
                        <p>
                            <button type="button" class="retry" on:click=move |_| gen.submit()>
                                {t.retry}
                            </button>
                        </p>
                    }
                })}
                {has_details.then(|| {
                    view! {
                        <details>
                            <summary>{t.details}</summary>
                            <pre>{status.map(|s| format!("HTTP {s}\n"))}{detail.clone()}</pre>
                        </details>
                    }
                })}
            </div>
        }
    }
}

/// For an unknown model: a few of the models the gateway offers for the
/// current method, as buttons that put one in the model field; typing in
/// the field narrows them.
#[component]
fn ModelChoices() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    move || {
        let (method, typed) = settings
            .prefs
            .with(|p| (p.method, p.model(p.method).to_string()));
        let (models, total) = suggest(&settings.model_list()?, method, &typed, MODEL_CHOICES);
        let more = (total > models.len()).then(|| (i18n.t().models_more)(models.len(), total));
        (!models.is_empty()).then(|| {
            view! {
                <div class="model-choices">
                    <p>{i18n.t().models_offered}</p>
                    <ul>
                        {models
                            .into_iter()
                            .map(|model| {
                                let pick = model.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="model-choice"
                                            on:click=move |_| settings.change(|p| *p.model_mut(method) = pick.clone())
                                        >
                                            {model}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {more.map(|text| view! { <p class="hint-inline">{text}</p> })}
                </div>
            }
        })
    }
}
