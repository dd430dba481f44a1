//! One thumbnail of the grid.

use super::{act, Do};
use crate::gallery::item::Item;
use crate::gallery::state::{use_gallery, GalleryState};
use crate::i18n::use_i18n;
use crate::web::observe::NearOnce;
use crate::web::{focus, schedule};
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

/// Whether focus is leaving the tile right now (see `Tile`).
type Leaving = Rc<std::cell::Cell<bool>>;

/// Run as a tile is made (a directive): `thumbs` watches it for nearing
/// the screen, until it goes. A tile that goes while it holds the focus is
/// moving from one page's grid to another (an image saved or deleted before
/// it), where it is made anew: the focus follows it.
fn tile_made(tile: web_sys::Element, (thumbs, leaving): (Option<NearOnce>, Leaving)) {
    if let Some(thumbs) = &thumbs {
        thumbs.watch(&tile);
    }
    let held = send_wrapper::SendWrapper::new((thumbs, tile, leaving));
    on_cleanup(move || {
        let (thumbs, tile, leaving) = &*held;
        if let Some(thumbs) = thumbs {
            thumbs.forget(tile);
        }
        if leaving.get() && focus::lost() {
            let id = tile.get_attribute("data-id").unwrap_or_default();
            focus::pick_up(format!(".gallery-grid .tile[data-id=\"{id}\"] .thumb"));
        }
    });
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
    // Set as focus leaves the tile, for the rest of that task: the browser
    // takes the focus away as it removes what holds it, and the tile's
    // cleanup then knows that it went with the focus.
    let leaving = Leaving::default();
    let left = {
        let leaving = Rc::clone(&leaving);
        move |_| {
            leaving.set(true);
            let leaving = Rc::clone(&leaving);
            leptos::task::spawn_local(async move { leaving.set(false) });
        }
    };
    let is_selected = move || g.selected.with(|s| s.contains(id));
    // The prompt names the image (an empty one, from an import, reads as
    // "Image without a prompt", in the page's language).
    let i18n = use_i18n();
    let entry = std::sync::Arc::clone(&item.entry);
    let title = Signal::derive(move || entry.title(i18n.t().untitled).to_string());
    view! {
        <div class="tile" role="listitem" class:selected=is_selected data-id=id.to_string() use:tile_made=(thumbs, leaving) on:focusout=left>
            <figure>
                <button
                    type="button"
                    class="thumb"
                    aria-pressed=move || g.selecting.get().then(|| is_selected().to_string())
                    on:click=act(g, Do::Tile(id))
                >
                    // Its `src` comes when it nears the screen (`Thumbs`).
                    <img alt=title decoding="async"/>
                </button>
                <figcaption title=title>{title}</figcaption>
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
