//! One thumbnail of the grid.

use super::{act, Do};
use crate::gallery::item::Item;
use crate::gallery::state::{use_gallery, GalleryState};
use crate::web::observe::NearOnce;
use crate::web::schedule;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// How near the screen (CSS margin) a tile's thumbnail gets its `blob:`
/// URL: made before it is seen when scrolling, but not for the rest of
/// the page. Making one takes the browser about a millisecond (0.6 to
/// 1.1 ms on the project's machine): a page of 120 tiles made them all for
/// 130 ms in one task.
const THUMB_MARGIN: &str = "1000px";
/// URLs made per frame, at most: a scroll that brings a page of tiles near
/// at once has them made over a few frames, not in one long task.
const THUMBS_PER_FRAME: usize = 12;

/// Gives each tile's thumbnail its URL once the tile comes near the
/// screen: provided by the gallery section to its tiles.
#[derive(Clone)]
pub struct Thumbs(NearOnce);

impl Thumbs {
    pub fn new(g: GalleryState) -> Thumbs {
        let queue: Rc<RefCell<Vec<web_sys::Element>>> = Rc::default();
        Thumbs(NearOnce::new(THUMB_MARGIN, move |tile| {
            let idle = queue.borrow().is_empty();
            queue.borrow_mut().push(tile);
            if idle {
                leptos::task::spawn_local(give_urls(g, Rc::clone(&queue)));
            }
        }))
    }
}

/// Gives the queued tiles their thumbnails' URLs, a frame's worth at a
/// time, until none is left.
async fn give_urls(g: GalleryState, queue: Rc<RefCell<Vec<web_sys::Element>>>) {
    loop {
        let tiles: Vec<web_sys::Element> = {
            let mut queue = queue.borrow_mut();
            let n = queue.len().min(THUMBS_PER_FRAME);
            queue.drain(..n).collect()
        };
        for tile in tiles {
            let id = tile
                .get_attribute("data-id")
                .and_then(|id| id.parse::<u64>().ok());
            let url = g.items.with_untracked(|items| {
                items
                    .iter()
                    .find(|item| Some(item.entry.id) == id)
                    .map(Item::thumb_url)
            });
            let img = tile.query_selector(".thumb img").ok().flatten();
            if let (Some(url), Some(img)) = (url, img) {
                let _ = img.set_attribute("src", &url);
            }
        }
        if queue.borrow().is_empty() {
            return;
        }
        schedule::after_paint().await;
    }
}

/// Has `thumbs` watch the tile for nearing the screen, until it goes (a
/// directive: run as the tile is made).
fn near(tile: web_sys::Element, thumbs: Option<NearOnce>) {
    if let Some(thumbs) = thumbs {
        thumbs.watch(&tile);
        let held = send_wrapper::SendWrapper::new((thumbs, tile));
        on_cleanup(move || held.0.forget(&held.1));
    }
}

/// A thumbnail: opens the lightbox, or toggles it while selecting.
#[component]
pub fn Tile(
    /// The saved image.
    item: Item,
) -> impl IntoView {
    let g = use_gallery();
    let id = item.entry.id;
    let thumbs = use_context::<StoredValue<Thumbs, LocalStorage>>().map(|t| t.get_value().0);
    let is_selected = move || g.selected.with(|s| s.contains(id));
    let prompt: std::sync::Arc<str> = item.entry.prompt.as_str().into();
    view! {
        <div class="tile" role="listitem" class:selected=is_selected data-id=id.to_string() use:near=thumbs>
            <figure>
                <button
                    type="button"
                    class="thumb"
                    aria-pressed=move || g.selecting.get().then(|| is_selected().to_string())
                    on:click=act(g, Do::Tile(id))
                >
                    // Its `src` comes when it nears the screen (`Thumbs`).
                    <img alt=prompt.to_string() decoding="async"/>
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
        </div>
    }
}
