//! Select all or none, download the selection as a zip, delete it.

use super::{act, Do};
use crate::gallery::state::use_gallery;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The bar shown while selecting.
#[component]
pub fn SelectionBar() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    let none = move || g.selected.with(|s| s.is_empty());
    let count = move || g.selected.with(|s| s.len());
    view! {
        <div class="selection-bar" role="group" aria-label=i18n.text(|t| t.select)>
            <span>{move || (i18n.t().selected_n)(count())}</span>
            <button type="button" class="secondary" on:click=act(g, Do::SelectAll)>
                {i18n.text(|t| t.select_all)}
            </button>
            <button type="button" class="secondary" on:click=act(g, Do::SelectNone)>
                {i18n.text(|t| t.select_none)}
            </button>
            <button type="button" disabled=none on:click=act(g, Do::DownloadSelected)>
                {i18n.text(|t| t.download_zip)}
            </button>
            <button type="button" class="danger" disabled=none on:click=act(g, Do::AskDelete)>
                {i18n.text(|t| t.delete)}
            </button>
            <Show when=move || g.confirming.get()>
                <span class="confirm" role="alertdialog" aria-label=i18n.text(|t| t.delete)>
                    {move || (i18n.t().delete_confirm)(count())}
                    " "
                    <button type="button" class="danger confirm-delete" on:click=act(g, Do::DeleteSelected)>
                        {i18n.text(|t| t.delete)}
                    </button>
                    <button type="button" class="secondary" on:click=act(g, Do::KeepSelected)>
                        {i18n.text(|t| t.keep)}
                    </button>
                </span>
            </Show>
        </div>
    }
}
