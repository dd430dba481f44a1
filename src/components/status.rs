//! The `aria-live` region: progress, the outcome, and every error as a
//! title, what to do, and the gateway's own words.

use crate::api::models::suggest;
use crate::api::types::Freshness;
use crate::api::{ApiError, ErrorKind};
use crate::i18n::{fill, seconds};
use crate::state::{needs_an_edit, use_app_state, Run, RunSummary};
use leptos::prelude::*;

/// The stage a run is at; the status line is rebuilt only when it changes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Empty,
    Pending,
    Failed,
    Done,
}

/// Status and errors; screen readers hear each change.
#[component]
pub fn Status() -> impl IntoView {
    let state = use_app_state();
    let phase = Memo::new(move |_| {
        state.run.with(|run| match run.as_ref().map(Run::summary) {
            None => Phase::Empty,
            Some(RunSummary::Pending { .. }) => Phase::Pending,
            Some(RunSummary::Failed(_)) => Phase::Failed,
            Some(RunSummary::Done { .. }) => Phase::Done,
        })
    });
    let content = move || {
        let phase = phase.get();
        // The details are read once per phase, untracked.
        let Some(run) = state.run.get_untracked() else {
            return view! { <p class="hint">{state.text(|t| t.empty_state)}</p> }.into_any();
        };
        match (phase, untrack(|| run.summary())) {
            (Phase::Pending, _) => view! { <Progress run/> }.into_any(),
            (_, RunSummary::Failed(error)) => view! { <ErrorMessage error/> }.into_any(),
            (
                _,
                RunSummary::Done {
                    shown,
                    requested,
                    failed,
                    elapsed_ms,
                },
            ) => view! { <Done run shown requested failed elapsed_ms/> }.into_any(),
            _ => ().into_any(),
        }
    };
    view! { <div class="status" role="status" aria-live="polite">{content}</div> }
}

/// The outcome of a run that showed at least one image (or none, and no error).
#[component]
fn Done(run: Run, shown: usize, requested: usize, failed: usize, elapsed_ms: f64) -> impl IntoView {
    let state = use_app_state();
    let seconds = seconds(elapsed_ms);
    let shown_text = shown.to_string();
    let requests = run.slots.len().to_string();
    let sent_prompt = run
        .slots
        .first()
        .and_then(|s| s.request.as_ref())
        .and_then(|r| r.prompt_sent());
    let freshness = run.order.freshness;
    move || {
        let t = state.t();
        let short = (shown < requested).then(|| {
            fill(
                t.fewer,
                &[("got", &shown_text), ("asked", &requested.to_string())],
            )
        });
        let partly = (failed > 0).then(|| {
            fill(
                t.partly_failed,
                &[("failed", &failed.to_string()), ("total", &requests)],
            )
        });
        let fresh = match freshness {
            Freshness::Cached => None,
            Freshness::NoCache => Some(t.fresh_no_cache_used.to_string()),
            Freshness::RandomSuffix => Some(fill(
                t.fresh_suffix_used,
                &[("p", sent_prompt.as_deref().unwrap_or_default())],
            )),
        };
        view! {
            <p class="done">{fill(t.done, &[("n", &shown_text), ("s", &seconds)])}</p>
            {short.map(|text| view! { <p class="warning">{text}</p> })}
            {partly.map(|text| view! { <p class="warning">{text}</p> })}
            {fresh.map(|text| view! { <p class="fresh">{text}</p> })}
        }
    }
}

/// How long the run has been waiting, ticking every tenth of a second,
/// how many images are in, and a word of patience after ten seconds.
#[component]
fn Progress(run: Run) -> impl IntoView {
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
    let started_at = run.started_at.clone();
    let seconds_ms = Memo::new(move |_| (now.get() - started_at.get()).max(0.0));
    let many = run.requested() > 1;
    let counts = move || match run.summary() {
        RunSummary::Pending { ready, total } if many => Some(fill(
            state.t().ready_of,
            &[("ready", &ready.to_string()), ("total", &total.to_string())],
        )),
        _ => None,
    };
    view! {
        <p class="progress">
            <span class="spinner" aria-hidden="true"></span>
            // Announced once; the ticking count would be read out ten times a second.
            <span class="visually-hidden">{state.text(|t| t.generating)}</span>
            <span aria-hidden="true">
                {move || fill(state.t().waiting, &[("s", &seconds(seconds_ms.get()))])}
            </span>
            <span class="ready-count">{counts}</span>
        </p>
        <Show when=move || { seconds_ms.get() >= 10_000.0 }>
            <p class="hint-inline">{state.text(|t| t.slow_hint)}</p>
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
    let retryable = !needs_an_edit(error.kind);
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
                {(error.kind == ErrorKind::UnknownModel).then(|| view! { <ModelChoices/> })}
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

/// For an unknown model: a few of the models the gateway offers for the
/// current method, as buttons that put one in the model field; typing in
/// the field narrows them.
#[component]
fn ModelChoices() -> impl IntoView {
    let state = use_app_state();
    move || {
        let method = state.method.get();
        let typed = state.model(method).get();
        let (models, total) = suggest(&state.models.get()?.ok()??, method, &typed, MODEL_CHOICES);
        let more = (total > models.len()).then(|| {
            fill(
                state.t().models_more,
                &[
                    ("shown", &models.len().to_string()),
                    ("total", &total.to_string()),
                ],
            )
        });
        (!models.is_empty()).then(|| {
            view! {
                <div class="model-choices">
                    <p>{state.t().models_offered}</p>
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
                                            on:click=move |_| state.model(method).set(pick.clone())
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

/// How many models an unknown-model error offers as buttons.
const MODEL_CHOICES: usize = 12;
