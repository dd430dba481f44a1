//! One thumbnail of the grid.

use super::{act, Do};
use crate::gallery::item::Item;
use crate::gallery::state::use_gallery;
use leptos::prelude::*;

/// A thumbnail: opens the lightbox, or toggles it while selecting.
#[component]
pub fn Tile(
    /// The saved image.
    item: Item,
) -> impl IntoView {
    let g = use_gallery();
    let id = item.entry.id;
    let is_selected = move || g.selected.with(|s| s.contains(id));
    let prompt: std::sync::Arc<str> = item.entry.prompt.as_str().into();
    view! {
        <li class="tile" class:selected=is_selected data-id=id.to_string()>
            <figure>
                <button
                    type="button"
                    class="thumb"
                    aria-pressed=move || g.selecting.get().then(|| is_selected().to_string())
                    on:click=act(g, Do::Tile(id))
                >
                    <img src=item.thumb_url() alt=prompt.to_string() loading="lazy" decoding="async"/>
                </button>
                <figcaption title=prompt.to_string()>{prompt.to_string()}</figcaption>
                <Show when=move || g.selecting.get()>
                    // For the pointer only: the thumbnail is the toggle
                    // (aria-pressed), one Tab stop per image.
                    <input
                        type="checkbox"
                        class="tile-check"
                        tabindex="-1"
                        aria-hidden="true"
                        prop:checked=is_selected
                        on:change=move |_| g.toggle(id)
                    />
                </Show>
            </figure>
        </li>
    }
}
