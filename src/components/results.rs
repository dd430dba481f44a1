//! The images of the latest run as `<figure>`s, each with a download link.
//! Each request of a run fills its own place in the grid: a placeholder
//! while it waits, then its images (and the model's words), or its error.

use crate::api::response::{describe, Generation};
use crate::api::types::Aspect;
use crate::components::gallery::SaveProblem;
use crate::components::show_code::ShowCode;
use crate::i18n::fill;
use crate::image::{file_name, GeneratedImage, ImageSource};
use crate::linked::LinkState;
use crate::state::{needs_an_edit, use_app_state, Run, SlotState};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Every image of the latest run, in request and answer order.
#[component]
pub fn Results() -> impl IntoView {
    let state = use_app_state();
    // Only a new run re-runs this closure: each slot renders itself, and
    // texts are read in their own closures, so neither an arriving image
    // nor a language switch rebuilds the other cards.
    move || {
        let run = state.run.get()?;
        let slots = (0..run.slots.len())
            .map(|index| view! { <SlotView run=run.clone() index/> })
            .collect_view();
        Some(view! {
            <section class="results" aria-labelledby="results-heading">
                <h2 id="results-heading">{state.text(|t| t.results_heading)}</h2>
                <div class="grid">{slots}</div>
                <SaveProblem/>
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
    let state = use_app_state();
    let Some(slot) = run.slots.get(index).cloned() else {
        return ().into_any();
    };
    let expected = slot.request.as_ref().map_or(0, |r| r.expected);
    let aspect = run.order.aspect;
    let prompt = run.order.prompt.clone();
    let first = slot.first_index;
    let state_signal = slot.state.clone();
    let linked = slot.linked.clone();
    (move || match state_signal.get() {
        SlotState::Pending => (0..expected)
            .map(|i| view! { <Placeholder number=first + i + 1 aspect/> })
            .collect_view()
            .into_any(),
        SlotState::Done(Ok(generation)) => {
            view! { <Answer generation prompt=prompt.clone() linked=linked.clone()/> }.into_any()
        }
        SlotState::Done(Err(error)) => {
            let number = (first + 1).to_string();
            let summary = error.summary();
            let kind = error.kind;
            let retry = {
                let run = run.clone();
                move |_| state.retry_slot(&run, index)
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
                                {move || {
                                    fill(
                                        state.t().image_failed,
                                        &[("i", &number), ("title", (state.t().errors)(kind).title)],
                                    )
                                }}
                            </strong>
                        </p>
                        {error.status.map(|_| view! { <p class="error-summary">{summary}</p> })}
                        <p class="error-advice">{move || (state.t().errors)(kind).advice}</p>
                        {(!needs_an_edit(kind))
                            .then(|| {
                                view! {
                                    <button type="button" class="retry" on:click=retry>
                                        {state.text(|t| t.retry_image)}
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
fn Placeholder(number: usize, aspect: Option<Aspect>) -> impl IntoView {
    let state = use_app_state();
    let class = format!(
        "placeholder-box {}",
        aspect.map_or_else(|| "ar-1-1".to_string(), Aspect::class)
    );
    let number = number.to_string();
    view! {
        <figure class="image-card placeholder" aria-hidden="true">
            <div class=class>
                <span class="spinner"></span>
            </div>
            <figcaption>{move || fill(state.t().image_pending, &[("i", &number)])}</figcaption>
        </figure>
    }
}

/// What one answer brought: its images (the first with the model's text
/// reply) and the items not shown, with why.
#[component]
fn Answer(
    generation: Arc<Generation>,
    prompt: String,
    /// What became of the bytes of images sent as links.
    linked: ArcRwSignal<Vec<(usize, LinkState)>>,
) -> impl IntoView {
    let state = use_app_state();
    let skipped = generation
        .skipped
        .iter()
        .map(|(i, why)| {
            let number = (i + 1).to_string();
            let why = describe(why);
            let line =
                move || format!("{}: {why}", fill(state.t().skipped_item, &[("i", &number)]));
            view! {
                <figure class="image-card skipped-card">
                    <figcaption class="warning">{line}</figcaption>
                </figure>
            }
        })
        .collect_view();
    let figures = generation
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            // The model's words go with the answer's first image.
            let reply = if i == 0 {
                generation.text.clone()
            } else {
                None
            };
            view! { <ImageCard image=image.clone() prompt=prompt.clone() reply linked=linked.clone()/> }
        })
        .collect_view();
    view! { {figures} {skipped} }
}

/// One image, its revised prompt if any, the model's text reply if any, and
/// a download link with a file name.
#[component]
fn ImageCard(
    image: GeneratedImage,
    prompt: String,
    reply: Option<String>,
    linked: ArcRwSignal<Vec<(usize, LinkState)>>,
) -> impl IntoView {
    let state = use_app_state();
    let failed = RwSignal::new(false);
    let url = image.source.shared_url();
    let file_name = image.file_name(&prompt);
    let download = match &image.source {
        ImageSource::Data { .. } => None,
        ImageSource::Remote(_) => {
            let index = image.index;
            let prompt = prompt.clone();
            Some(move || {
                let link = linked.with(|links| {
                    links
                        .iter()
                        .find(|(i, _)| *i == index)
                        .map(|(_, link)| link.clone())
                });
                view! { <LinkedDownload link prompt=prompt.clone() number=index/> }
            })
        }
    };
    let is_data = download.is_none();
    let number = image.index + 1;
    let alt = move || format!("{} {number}: {prompt}", state.t().image_alt);
    // The link gets its (megabytes-long) href when someone reaches for it:
    // pointer over it, keyboard focus, or the click itself (the default
    // action reads href after the handler). Setting it up front made the
    // browser take ~30 ms more per 4 images before they were on screen.
    let armed = StoredValue::new(false);
    let arm = {
        let url = url.clone();
        move |target: Option<web_sys::EventTarget>| {
            if armed.get_value() {
                return;
            }
            let link = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if let Some(link) = link {
                if link.set_attribute("href", &url).is_ok() {
                    armed.set_value(true);
                }
            }
        }
    };
    view! {
        <figure class="image-card">
            <img src=url.clone() alt=alt decoding="async" on:error=move |_| failed.set(true)/>
            <figcaption>
                {move || failed.get().then(|| view! { <p class="warning">{state.t().image_failed_to_load}</p> })}
                {image.revised_prompt.clone().map(|revised| {
                    view! {
                        <p class="revised">
                            <span>{state.text(|t| t.revised_prompt)} ": "</span>
                            {revised}
                        </p>
                    }
                })}
                {reply.map(|text| {
                    view! {
                        <div class="reply">
                            <span>{state.text(|t| t.reply)} ": "</span>
                            <blockquote>{text}</blockquote>
                        </div>
                    }
                })}
                {download}
                <a
                    class="download"
                    hidden=!is_data
                    href="#download"
                    download=file_name
                    target="_blank"
                    rel="noopener noreferrer"
                    on:pointerenter={
                        let arm = arm.clone();
                        move |ev| arm(ev.current_target())
                    }
                    on:focus={
                        let arm = arm.clone();
                        move |ev| arm(ev.current_target())
                    }
                    on:click=move |ev| arm(ev.current_target())
                >
                    {state.text(|t| t.download)}
                </a>
            </figcaption>
        </figure>
    }
}

/// The download of an image the gateway sent as a link: a `blob:` of the
/// bytes fetched from it, or why there is none (never a link out to a page
/// that could be anything).
#[component]
fn LinkedDownload(link: Option<LinkState>, prompt: String, number: usize) -> impl IntoView {
    let state = use_app_state();
    match link {
        None | Some(LinkState::Fetching) => view! {
            <span class="download pending">{state.text(|t| t.preparing_download)}</span>
        }
        .into_any(),
        Some(LinkState::Ready(url, format)) => {
            let revoke = url.clone();
            on_cleanup(move || {
                let _ = web_sys::Url::revoke_object_url(&revoke);
            });
            let name = file_name(&prompt, number + 1, format.extension());
            view! {
                <a class="download linked" href=url download=name>{state.text(|t| t.download)}</a>
            }
            .into_any()
        }
        Some(LinkState::Refused) => view! {
            <p class="warning link-refused">{state.text(|t| t.link_refused)}</p>
        }
        .into_any(),
        Some(LinkState::NotAnImage) => view! {
            <p class="warning link-not-image">{state.text(|t| t.link_not_image)}</p>
        }
        .into_any(),
    }
}
