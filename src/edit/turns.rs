//! Refining step by step: the switch, the turns with their images (newest
//! last), "Continue from here", "Start over", and how earlier results are
//! sent.

use super::conversation::Turn;
use super::refine::TurnImage;
use super::state::{use_edit, EditState};
use crate::i18n::use_i18n;
use crate::web::schedule;
use leptos::prelude::*;

/// The conversation, under the references.
#[component]
pub fn Refine() -> impl IntoView {
    let edit = use_edit();
    let i18n = use_i18n();
    let count = move || edit.conversation.with(|c| c.turns.len());
    // Start over asks first: one tap let every turn go. The question goes
    // with refining.
    let asking = RwSignal::new(false);
    schedule::effect(move || {
        if !edit.refining.get() {
            asking.set(false);
        }
    });
    view! {
        <fieldset class="refine">
            <legend>{i18n.text(|t| t.refine_heading)}</legend>
            <label class="check">
                <input
                    type="checkbox"
                    id="refine"
                    prop:checked=move || edit.refining.get()
                    on:change:target=move |ev| edit.set_refining(ev.target().checked())
                />
                {i18n.text(|t| t.refine_switch)}
            </label>
            <div class="refine-body" hidden=move || !edit.refining.get()>
                <p class="reference-hint">
                    {move || if count() == 0 { i18n.t().refine_empty } else { i18n.t().refine_hint }}
                </p>
                <ol class="turns">
                    {move || {
                        edit.conversation
                            .get()
                            .turns
                            .into_iter()
                            .map(|turn| view! { <TurnItem turn edit/> })
                            .collect_view()
                    }}
                </ol>
                <div class="reference-add">
                    <button type="button" class="secondary start-over" disabled=move || count() == 0
                        on:click=move |_| asking.set(true)>
                        {i18n.text(|t| t.start_over)}
                    </button>
                    <Show when=move || { asking.get() && count() > 0 }>
                        <span class="confirm" role="alertdialog" aria-label=i18n.text(|t| t.start_over)>
                            {move || (i18n.t().start_over_confirm)(count())}
                            " "
                            <button type="button" class="danger confirm-start-over" on:click=move |_| {
                                // Disabled with no turns: to the first prompt.
                                crate::web::focus::then_to("#prompt", || {
                                    asking.set(false);
                                    edit.start_over();
                                });
                            }>
                                {i18n.text(|t| t.start_over)}
                            </button>
                            <button type="button" class="secondary keep-turns" on:click=move |_| {
                                crate::web::focus::then_to(".start-over", || asking.set(false));
                            }>
                                {i18n.text(|t| t.keep)}
                            </button>
                        </span>
                    </Show>
                </div>
                <label class="check">
                    <input
                        type="checkbox"
                        id="assistant-images"
                        prop:checked=move || edit.assistant_images.get()
                        on:change:target=move |ev| edit.set_assistant_images(ev.target().checked())
                    />
                    {i18n.text(|t| t.assistant_images)}
                </label>
            </div>
        </fieldset>
    }
}

/// One turn: its number (and the turn it continued, when that is not the
/// one before), prompt, image, and the way back to it.
#[component]
fn TurnItem(turn: Turn, edit: EditState) -> impl IntoView {
    let i18n = use_i18n();
    let number = turn.number;
    let image: Option<TurnImage> = edit
        .turn_images
        .with_untracked(|images| images.iter().find(|i| i.number == number).cloned());
    let current = move || edit.conversation.with(|c| c.at == Some(number));
    let on_path = move || edit.conversation.with(|c| c.on_path(number));
    let branched = turn.parent.filter(|p| *p + 1 != number);
    let references = turn.references;
    let title = move || (i18n.t().turn_title)(number, branched, references);
    view! {
        <li class="turn" class:off-path=move || !on_path() aria-current=move || current().then_some("step")>
            {image.as_ref().map(|image| view! { <img src=image.thumb.clone() alt=turn.prompt.clone()/> })}
            <span class="turn-title">{title}</span>
            <span class="turn-prompt">{turn.prompt.clone()}</span>
            <button type="button" class="secondary continue-from" hidden=current
                aria-label=move || (i18n.t().continue_from_turn)(number)
                on:click=move |_| {
                    // The button hides itself: the prompt to write next.
                    crate::web::focus::then_to("#prompt", || edit.branch_from(number));
                }>
                {i18n.text(|t| t.continue_from)}
            </button>
            // Under the picture, after the button in Tab order, as it is
            // on screen (the grid places it).
            {image.map(|image| {
                // Named as a result's download is: after its prompt.
                let name = crate::api::image::file_name(&turn.prompt, number as usize, image.format.extension());
                view! { <a class="download" href=image.thumb download=name>{i18n.text(|t| t.download)}</a> }
            })}
        </li>
    }
}
