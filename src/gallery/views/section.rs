//! The gallery section, below the results: its heading and storage line,
//! search, selection, export and import, then the grid.

use super::lightbox::Lightbox;
use super::notice::{GalleryNotice, ImportProgress};
use super::selection::SelectionBar;
use super::tile::{Thumbs, Tile};
use super::{act, Do};
use crate::gallery::state::{use_gallery, PAGE};
use crate::i18n::use_i18n;
use crate::web::observe::Watch;
use crate::web::schedule;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The rest of a large gallery, a page at a time: when this button comes
/// near the screen, or when it is pressed.
#[component]
fn ShowMore() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    let button = NodeRef::<leptos::html::Button>::new();
    let watch = StoredValue::new_local(None::<Watch>);
    schedule::effect(move || {
        if let Some(button) = button.get() {
            watch.set_value(Some(Watch::new(&button, "600px", move || {
                leptos::task::spawn_local(g.near_the_end())
            })));
        }
    });
    view! {
        <button
            type="button"
            class="secondary show-more"
            node_ref=button
            hidden=move || g.not_shown() == 0
            on:click=move |_| leptos::task::spawn_local(g.show_more())
        >
            {move || (i18n.t().show_more)(PAGE.min(g.not_shown()), g.not_shown())}
        </button>
    }
}

/// Every saved image, newest first.
#[component]
pub fn GallerySection() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    provide_context(StoredValue::new_local(Thumbs::new(g)));
    let count = move || (i18n.t().gallery_count)(g.items.with(Vec::len));
    let usage = move || {
        g.usage_text(i18n.mark())
            .map(|(used, quota)| (i18n.t().storage_used)(&used, &quota))
    };
    let empty = move || g.items.with(Vec::is_empty);
    // Until every record is read, Export and Select would act on part of
    // the gallery.
    let reading = move || !g.loaded.get();
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            leptos::task::spawn_local(g.import(file.into()));
        }
        // The same file can be chosen again.
        input.set_value("");
    };
    view! {
        <section class="gallery" aria-labelledby="gallery-heading">
            <div class="gallery-head">
                <h2 id="gallery-heading">
                    {i18n.text(|t| t.gallery_heading)} " " <span class="count">{count}</span>
                </h2>
                <p class="usage">{usage}</p>
            </div>
            <div class="gallery-tools">
                <input
                    type="search"
                    class="gallery-search"
                    aria-label=i18n.text(|t| t.search)
                    placeholder=i18n.text(|t| t.search)
                    bind:value=g.query
                />
                <button
                    type="button"
                    // Its words say what it does ("Select", "Done"): no
                    // `aria-pressed` beside them, or a screen reader hears
                    // "Done, pressed".
                    class="secondary select-mode"
                    disabled=move || (empty() || reading()) && !g.selecting.get()
                    on:click=act(g, Do::ToggleSelecting)
                >
                    {move || if g.selecting.get() { i18n.t().done_selecting } else { i18n.t().select }}
                </button>
                <button type="button" class="secondary export" disabled=move || empty() || reading() on:click=act(g, Do::Export)>
                    {i18n.text(|t| t.export)}
                </button>
                <label class="button secondary import">
                    {i18n.text(|t| t.import)}
                    <input
                        type="file"
                        class="visually-hidden"
                        accept=".zip,application/zip"
                        disabled=move || g.importing.get().is_some()
                        on:change=import
                    />
                </label>
            </div>
            <GalleryNotice/>
            <ImportProgress/>
            <Show when=move || g.selecting.get()>
                <SelectionBar/>
            </Show>
            // One list, laid out a grid per page of tiles: a tile added to
            // one grid has the browser lay out that grid again, not a
            // thousand tiles (every column count of `.gallery-page` divides
            // `PAGE`, so no row is left short between two grids).
            <div class="gallery-grid" role="list">
                <For each=move || 0..g.grids() key=|grid| *grid let:grid>
                    <div class="gallery-page">
                        <For each=move || g.grid(grid) key=|item| item.entry.id let:item>
                            <Tile item/>
                        </For>
                    </div>
                </For>
            </div>
            <ShowMore/>
            // A live region: a search's outcome is said as it changes.
            <p class="gallery-empty" role="status">
                {move || {
                    let t = i18n.t();
                    if !g.loaded.get() {
                        return Some(t.gallery_loading.to_string());
                    }
                    if empty() {
                        return Some(t.gallery_empty.to_string());
                    }
                    let matching = g.matching_count();
                    if matching == 0 {
                        Some(t.no_matches.to_string())
                    } else if g.query.with(|q| !q.trim().is_empty()) {
                        Some((t.matching)(matching, g.items.with(Vec::len)))
                    } else {
                        None
                    }
                }}
            </p>
            <Lightbox/>
        </section>
    }
}
