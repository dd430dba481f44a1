//! What the gallery has to say: its notice (with Undo), an import's
//! progress, and a save problem said beside the results too.

use super::{act, Do};
use crate::gallery::error::Notice;
use crate::gallery::state::use_gallery;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The gallery's notice (saved, full, deleted with Undo...). Silent while
/// `shown` is false (the viewer's copy, until something happens in it):
/// the live region stays in the page and only its words come and go, as
/// screen readers announce changes to a region they already know.
#[component]
pub fn GalleryNotice(#[prop(optional, into)] shown: Option<Signal<bool>>) -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    let shown = move || shown.is_none_or(|shown| shown.get());
    let text = move || {
        if !shown() {
            return None;
        }
        g.notice.with(|n| n.as_ref().map(|n| (i18n.t().notice)(n)))
    };
    let class = move || {
        if g.notice
            .with(|n| n.as_ref().is_some_and(Notice::is_problem))
        {
            "gallery-notice problem"
        } else {
            "gallery-notice"
        }
    };
    view! {
        // Focusable (not by Tab): focus comes here when the buttons that
        // made the notice (a confirmed delete, Undo) go.
        <div class=class role="status" aria-live="polite" tabindex="-1">
            <span class="notice-text">{text}</span>
            <Show when=move || shown() && g.can_undo.get()>
                <button type="button" class="secondary undo" on:click=act(g, Do::Undo)>
                    {i18n.text(|t| t.undo)}
                </button>
            </Show>
        </div>
    }
}

/// An import under way: how far it is, and Cancel.
#[component]
pub fn ImportProgress() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    move || {
        let (done, total) = g.importing.get()?;
        let label = (i18n.t().importing)(done, total);
        Some(view! {
            <div class="import-progress">
                <progress max=total.max(1).to_string() value=done.to_string() aria-label=label.clone()></progress>
                <span>{label}</span>
                <button type="button" class="secondary cancel-import" on:click=act(g, Do::CancelImport)>
                    {i18n.text(|t| t.cancel_import)}
                </button>
            </div>
        })
    }
}

/// Under the results: the images just made could not be kept. Said here
/// too, because the gallery may be out of sight.
#[component]
pub fn SaveProblem() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    // The live region stays in the page and only its text changes: screen
    // readers announce changes to a region they already know.
    let text = move || {
        g.notice.with(|notice| {
            notice
                .as_ref()
                .filter(|n| n.is_about_saving())
                .map(|n| (i18n.t().notice)(n))
        })
    };
    view! { <p class="save-problem" role="status">{text}</p> }
}
