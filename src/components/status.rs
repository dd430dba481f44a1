//! The `aria-live` region: progress, the outcome, and every error as a
//! title, what to do, and the gateway's own words.

use crate::api::ApiError;
use crate::i18n::fill;
use crate::state::use_app_state;
use leptos::prelude::*;

/// Status and errors; screen readers hear each change.
#[component]
pub fn Status() -> impl IntoView {
    let state = use_app_state();
    let pending = state.generate.pending();
    let value = state.generate.value();
    let content = move || {
        let t = state.t();
        if pending.get() {
            return view! { <p class="progress">{t.generating}</p> }.into_any();
        }
        match value.get() {
            None => view! { <p class="hint">{t.empty_state}</p> }.into_any(),
            Some(outcome) => match outcome.result {
                Ok(generation) => {
                    let seconds = format!("{:.1}", outcome.elapsed_ms / 1000.0);
                    let shown = generation.images.len().to_string();
                    let short = generation.is_short().then(|| {
                        fill(
                            t.fewer,
                            &[
                                ("got", &shown),
                                ("asked", &generation.requested.to_string()),
                            ],
                        )
                    });
                    view! {
                        <p class="done">{fill(t.done, &[("n", &shown), ("s", &seconds)])}</p>
                        {short.map(|text| view! { <p class="warning">{text}</p> })}
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorMessage error/> }.into_any(),
            },
        }
    };
    view! { <div class="status" role="status" aria-live="polite">{content}</div> }
}

/// One failure: a short title, what to do, and the details.
#[component]
pub fn ErrorMessage(error: ApiError) -> impl IntoView {
    let state = use_app_state();
    let summary = error.summary();
    let detail = error.detail.clone();
    let status = error.status;
    let param = error.param.clone();
    move || {
        let t = state.t();
        let advice = (t.errors)(error.kind);
        let show_details = status.is_some() || detail != summary;
        view! {
            <div class="error" role="alert" data-kind=format!("{:?}", error.kind)>
                <p class="error-title">
                    <strong>{advice.title}</strong>
                    {param.clone().map(|p| view! { " " <code>{p}</code> })}
                </p>
                {status.map(|_| view! { <p class="error-summary">{t.gateway_said} ": " {summary.clone()}</p> })}
                <p class="error-advice">{advice.advice}</p>
                {show_details.then(|| {
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
