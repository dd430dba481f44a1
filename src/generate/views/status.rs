//! The `aria-live` region: progress, then the outcome or the error.

use super::error::ErrorMessage;
use crate::api::types::Freshness;
use crate::generate::run::RunSummary;
use crate::generate::state::{use_generate, Run};
use crate::i18n::use_i18n;
use crate::web::clock;
use leptos::prelude::*;

/// How long the run has waited, in ms, ten times a second; the ticking
/// lives as long as the view that asks, which exists only while pending.
pub(super) fn waited_since(started_at: ArcRwSignal<f64>) -> Memo<f64> {
    let now = RwSignal::new(clock::now_ms());
    let ticker = set_interval_with_handle(
        move || now.set(clock::now_ms()),
        std::time::Duration::from_millis(100),
    )
    .ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    Memo::new(move |_| (now.get() - started_at.get()).max(0.0))
}

/// "Generating… 2.5 s", in the status and in the Generate button (on a
/// phone the status is below the long form, and the button is what stays
/// in view). Heard once as "Generating…": the count would be read out ten
/// times a second.
#[component]
pub(super) fn WaitingLabel(waited: Memo<f64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="visually-hidden">{i18n.text(|t| t.generating)}</span>
        <span aria-hidden="true">{move || (i18n.t().waiting)(waited.get())}</span>
    }
}

/// Status and errors; screen readers hear each change.
#[component]
pub fn Status() -> impl IntoView {
    let gen = use_generate();
    let i18n = use_i18n();
    // The line is rebuilt when the run's outcome changes: not for each
    // answer while it waits (Progress follows those itself), but when the
    // full check after the pixels turns an image into a skip.
    let summary = Memo::new(move |_| {
        gen.run.with(|run| {
            run.as_ref().map(|run| match run.summary() {
                RunSummary::Pending { .. } => RunSummary::Pending { ready: 0, total: 0 },
                outcome => outcome,
            })
        })
    });
    let content = move || {
        let Some(summary) = summary.get() else {
            if gen.interrupted.get() {
                // A key not remembered went with the page: said too.
                let said = move || {
                    if gen.key_missing() {
                        i18n.t().run_interrupted_no_key
                    } else {
                        i18n.t().run_interrupted
                    }
                };
                return view! { <p class="warning interrupted">{said}</p> }.into_any();
            }
            return view! { <p class="hint">{i18n.text(|t| t.empty_state)}</p> }.into_any();
        };
        let Some(run) = gen.run.get_untracked() else {
            return ().into_any();
        };
        match summary {
            RunSummary::Pending { .. } => view! { <Progress run/> }.into_any(),
            RunSummary::Failed(error) => view! { <ErrorMessage error/> }.into_any(),
            RunSummary::Done {
                shown,
                requested,
                failed,
                elapsed_ms,
            } => view! { <Done run shown requested failed elapsed_ms/> }.into_any(),
        }
    };
    view! { <div class="status" role="status" aria-live="polite">{content}</div> }
}

/// The outcome of a run that showed at least one image.
#[component]
fn Done(run: Run, shown: usize, requested: usize, failed: usize, elapsed_ms: f64) -> impl IntoView {
    let i18n = use_i18n();
    let requests = run.slots.len();
    let sent_prompt = run
        .slots
        .first()
        .and_then(|s| s.request.as_ref())
        .map(|r| r.prompt_sent.clone())
        .unwrap_or_default();
    let freshness = run.order.freshness;
    move || {
        let t = i18n.t();
        let short = (shown < requested).then(|| (t.fewer)(shown, requested));
        let partly = (failed > 0).then(|| (t.partly_failed)(failed, requests));
        let fresh = match freshness {
            Freshness::Cached => None,
            Freshness::NoCache => Some(t.fresh_no_cache_used.to_string()),
            Freshness::RandomSuffix => Some((t.fresh_suffix_used)(&sent_prompt)),
        };
        view! {
            <p class="done">{(t.done)(shown, elapsed_ms)}</p>
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
    let i18n = use_i18n();
    let waited = waited_since(run.started_at.clone());
    let many = run.requested() > 1;
    let counts = move || match run.summary() {
        RunSummary::Pending { ready, total } if many => Some((i18n.t().ready_of)(ready, total)),
        _ => None,
    };
    view! {
        <p class="progress">
            <span class="spinner" aria-hidden="true"></span>
            <WaitingLabel waited/>
            <span class="ready-count">{counts}</span>
        </p>
        <Show when=move || { waited.get() >= 10_000.0 }>
            <p class="hint-inline">{i18n.text(|t| t.slow_hint)}</p>
        </Show>
    }
}
