//! The images of the last generation as `<figure>`s, each with a download link.

use crate::api::response::describe;
use crate::i18n::fill;
use crate::image::GeneratedImage;
use crate::state::use_app_state;
use leptos::prelude::*;

/// Every image of the last successful generation, in answer order.
#[component]
pub fn Results() -> impl IntoView {
    let state = use_app_state();
    let value = state.generate.value();
    // Only a new outcome re-runs this closure: texts are read in their own
    // closures, so a language switch does not rebuild every card's view.
    move || {
        let outcome = value.get()?;
        let generation = outcome.result.ok()?;
        let prompt = outcome.prompt;
        let skipped = generation
            .skipped
            .iter()
            .map(|(i, why)| {
                let number = (i + 1).to_string();
                let why = describe(why);
                let line =
                    move || format!("{}: {why}", fill(state.t().skipped_item, &[("i", &number)]));
                view! { <li>{line}</li> }
            })
            .collect_view();
        let figures = generation
            .images
            .iter()
            .map(|image| view! { <ImageCard image=image.clone() prompt=prompt.clone()/> })
            .collect_view();
        Some(view! {
            <section class="results" aria-labelledby="results-heading">
                <h2 id="results-heading">{move || state.t().results_heading}</h2>
                <ul class="skipped">{skipped}</ul>
                <div class="grid">{figures}</div>
            </section>
        })
    }
}

/// One image, its revised prompt if any, and a download link with a file name.
#[component]
fn ImageCard(image: GeneratedImage, prompt: String) -> impl IntoView {
    let state = use_app_state();
    let failed = RwSignal::new(false);
    let url = image.source.shared_url();
    let file_name = image.file_name(&prompt);
    let number = image.index + 1;
    let alt = move || format!("{} {number}: {prompt}", state.t().image_alt);
    view! {
        <figure class="image-card">
            <img src=url.clone() alt=alt decoding="async" on:error=move |_| failed.set(true)/>
            <figcaption>
                {move || failed.get().then(|| view! { <p class="warning">{state.t().image_failed_to_load}</p> })}
                {image.revised_prompt.clone().map(|revised| {
                    view! {
                        <p class="revised">
                            <span>{move || state.t().revised_prompt} ": "</span>
                            {revised}
                        </p>
                    }
                })}
                <a class="download" href=url download=file_name>
                    {move || state.t().download}
                </a>
            </figcaption>
        </figure>
    }
}
