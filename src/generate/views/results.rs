//! The images of the latest run. Each request of a run fills its own place
//! in the grid: a placeholder while it waits, then its images (and the
//! model's words), or its error.

use super::card::Answer;
use super::show_code::ShowCode;
use crate::api::types::Aspect;
use crate::generate::run::needs_an_edit;
use crate::generate::state::{use_generate, Run, SlotState};
use crate::i18n::use_i18n;
use crate::web::schedule;
use leptos::prelude::*;

/// Every image of the latest run, in request and answer order.
#[component]
pub fn Results() -> impl IntoView {
    let gen = use_generate();
    let i18n = use_i18n();
    // A run has ended: focus goes to its first image (the status line says
    // how it went), or its error comes into view, unless the person is
    // typing in a field meanwhile. (A run the form refused never waits:
    // it ends as it starts.)
    schedule::effect_with(move |was: Option<Option<(u64, bool)>>| {
        let now = gen
            .run
            .with(|run| run.as_ref().map(|run| (run.id, gen.pending.get())));
        if let Some((_, false)) = now {
            if was.flatten() != now {
                leptos::task::spawn_local(show_the_outcome());
            }
        }
        now
    });
    // Only a new run re-runs this closure: each slot renders itself, and
    // texts are read in their own closures, so neither an arriving image
    // nor a language switch rebuilds the other cards.
    move || {
        let run = gen.run.get()?;
        // A run the form refused sent nothing: no results, not even an
        // empty heading (the status says why).
        if run.slots.iter().all(|slot| slot.request.is_none()) {
            return None;
        }
        let slots = (0..run.slots.len())
            .map(|index| view! { <SlotView run=run.clone() index/> })
            .collect_view();
        Some(view! {
            <section class="results" aria-labelledby="results-heading">
                <h2 id="results-heading">{i18n.text(|t| t.results_heading)}</h2>
                <div class="grid">{slots}</div>
                <ShowCode run/>
            </section>
        })
    }
}

/// One request's place in the grid.
#[component]
fn SlotView(
    /// The run the slot belongs to.
    run: Run,
    /// Which of its requests.
    index: usize,
) -> impl IntoView {
    let gen = use_generate();
    let i18n = use_i18n();
    let Some(slot) = run.slots.get(index).cloned() else {
        return ().into_any();
    };
    let expected = slot.request.as_ref().map_or(0, |r| r.expected);
    let aspect = run.order.aspect;
    let prompt = run.order.prompt.clone();
    let first = slot.first_index;
    let run_id = run.id;
    let linked = slot.linked.clone();
    let shown = slot.shown.clone();
    (move || match slot.state.get() {
        SlotState::Pending => (0..expected)
            .map(|i| view! { <Placeholder number=first + i + 1 aspect/> })
            .collect_view()
            .into_any(),
        SlotState::Done(Ok(generation)) => {
            view! { <Answer run=run_id generation prompt=prompt.clone() linked=linked.clone() shown=shown.clone()/> }.into_any()
        }
        SlotState::Done(Err(error)) => {
            let number = first + 1;
            let summary = error.summary();
            let kind = error.kind;
            let retry = {
                let run = run.clone();
                move |_| gen.retry_slot(&run, index)
            };
            let alike = {
                let run = run.clone();
                move || run.all_failed_alike()
            };
            view! {
                <figure class="image-card slot-error" data-kind=format!("{kind:?}") hidden=alike>
                    <figcaption>
                        <p>
                            <strong>
                                {move || (i18n.t().image_failed)(number, (i18n.t().errors)(kind).title)}
                            </strong>
                        </p>
                        // The gateway's words only: not our English notes.
                        {error
                            .status
                            .filter(|_| error.has_outside_words())
                            .map(|_| view! { <p class="error-summary">{summary}</p> })}
                        <p class="error-advice">{move || (i18n.t().errors)(kind).advice}</p>
                        {(!needs_an_edit(kind))
                            .then(|| {
                                view! {
                                    <button type="button" class="retry" on:click=retry>
                                        {i18n.text(|t| t.retry_image)}
                                    </button>
                                }
                            })}
                    </figcaption>
                </figure>
            }
            .into_any()
        }
    })
    .into_any()
}

/// A waiting image, shaped like the one to come.
#[component]
fn Placeholder(
    /// Its number in the run, from 1.
    number: usize,
    /// The shape it will have.
    aspect: Option<Aspect>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!(
        "placeholder-box {}",
        aspect.map_or_else(|| "ar-1-1".to_string(), Aspect::class)
    );
    view! {
        <figure class="image-card placeholder" aria-hidden="true">
            <div class=class>
                <span class="spinner"></span>
            </div>
            <figcaption>{move || (i18n.t().image_pending)(number)}</figcaption>
        </figure>
    }
}

/// Shows how a run ended, once it is painted, when nothing holds focus
/// (typing is never interrupted): focus goes to the first image
/// that came; a run with none brings its error into view and focus to it
/// (Generate, disabled while waiting, has let go of focus). On a phone
/// the status sits below the long form, where the Generate bar's tap
/// would leave a failure unseen.
async fn show_the_outcome() {
    use wasm_bindgen::JsCast;
    schedule::after_paint().await;
    // Generate holds focus (a form refused at once), let go of it
    // (disabled while it waited), or a phone's tap gave it none: anyone
    // typing, or gone on to another control, keeps it.
    let free = crate::web::focus::lost() || crate::web::focus::is_on("button[type=submit]");
    if !free {
        return;
    }
    let find = |css: &str| document().query_selector(css).ok().flatten();
    // Cards that came carry `tabindex`; a failed request's place does not.
    let first =
        find("figure.image-card[tabindex]").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(first) = first {
        let _ = first.focus();
    } else if let Some(error) = find(".status .error") {
        crate::web::focus::into_view(&error, web_sys::ScrollLogicalPosition::Nearest);
        // In view already: focusing it scrolls no more.
        if let Ok(error) = error.dyn_into::<web_sys::HtmlElement>() {
            let _ = error.focus();
        }
    }
}
