//! The `aria-live` region: progress, the outcome, and every error as a
//! title, what to do, and the gateway's own words.

use crate::api::{ApiError, ErrorKind};
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
            return view! { <Progress/> }.into_any();
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

/// How long the request has been waiting, ticking every tenth of a second,
/// with a word of patience after ten seconds.
#[component]
fn Progress() -> impl IntoView {
    let state = use_app_state();
    let now = RwSignal::new(js_sys::Date::now());
    // The interval lives as long as this view, which exists only while pending.
    let ticker = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(100),
    )
    .ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let seconds = move || ((now.get() - state.started_at.get()) / 1000.0).max(0.0);
    view! {
        <p class="progress">
            <span class="spinner" aria-hidden="true"></span>
            // Announced once; the ticking count would be read out ten times a second.
            <span class="visually-hidden">{move || state.t().generating}</span>
            <span aria-hidden="true">
                {move || fill(state.t().waiting, &[("s", &format!("{:.1}", seconds()))])}
            </span>
        </p>
        <Show when=move || { seconds() >= 10.0 }>
            <p class="hint-inline">{move || state.t().slow_hint}</p>
        </Show>
    }
}

/// One failure: a short title, what to do, and the details.
#[component]
pub fn ErrorMessage(error: ApiError) -> impl IntoView {
    let state = use_app_state();
    let summary = error.summary();
    let detail = error.detail.clone();
    let status = error.status;
    let param = error.param.clone();
    // Fixing these takes an edit first; everything else may work a second time.
    let retryable = !matches!(
        error.kind,
        ErrorKind::MissingKey | ErrorKind::EmptyPrompt | ErrorKind::InvalidBaseUrl
    );
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
                {retryable.then(|| {
                    view! {
                        <p>
                            <button type="button" class="retry" on:click=move |_| state.submit()>
                                {t.retry}
                            </button>
                        </p>
                    }
                })}
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
