//! The gallery's state: the saved images, the search, the selection, the
//! lightbox, what it has to say, and Undo.                           [web]
//!
//! `Copy`, provided once by `<App/>`, read with [`use_gallery`]. Items hold
//! `Blob`s and `blob:` URLs, so the signals are local to the page's thread.
//! Saving new images is `save.rs`; Delete and Undo `delete.rs`; zips,
//! export and import `transfer.rs`; selecting, the lightbox and what is
//! done with one image `actions.rs`.

use super::browse::{grid_range, grids, IdSet, UndoBox};
use super::entry::{insert_newest_first, IdClock};
use super::error::Notice;
use super::item::Item;
use super::save::Latest;
use super::store;
use super::store::Database;
use crate::api::types::{Aspect, Method};
use crate::made::ToEdit;
use crate::web::{clock, schedule};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// Tiles added to the page per frame while a large gallery loads or grows: one
/// frame's worth of work, so hundreds of tiles never block the page.
const TILES_PER_FRAME: usize = 40;
/// Tiles in the page at first; more join, a page at a time, as the person
/// scrolls to the end (or presses Show more). The page never holds
/// thousands of tiles: its layout, and every update of the grid (an import
/// writes a batch at a time), stay bounded. Each page is a grid of its own
/// (`views/section.rs`), whose column counts all divide this.
pub const PAGE: usize = 120;

/// What "Reuse prompt and settings" hands to the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Reuse {
    pub prompt: String,
    pub method: Method,
    pub model: String,
    pub aspect: Option<Aspect>,
    /// How many images; `None` for images saved before it was kept.
    pub count: Option<u8>,
}

/// What Copy image or Share did, for the image in the lightbox (a share
/// that went, or the sheet closed, says nothing: the sheet was the answer).
#[derive(Clone, Debug, PartialEq)]
pub enum Handed {
    Copied,
    NotCopied(crate::web::clipboard::CopyError),
    NotShared(crate::web::share::ShareError),
}

#[derive(Clone, Copy)]
pub struct GalleryState {
    /// Newest first.
    pub items: RwSignal<Vec<Item>, LocalStorage>,
    /// The first read from storage has finished.
    pub loaded: RwSignal<bool>,
    pub query: RwSignal<String>,
    /// How many tiles are in the page: grows a frame at a time.
    limit: RwSignal<usize>,
    /// How many tiles the page is growing to, a frame's worth at a time;
    /// and whether it is growing now.
    want: StoredValue<usize>,
    growing: StoredValue<bool>,
    pub selecting: RwSignal<bool>,
    pub selected: RwSignal<IdSet>,
    /// Asking "Delete N images?".
    pub confirming: RwSignal<bool>,
    /// The id shown in the lightbox.
    pub open: RwSignal<Option<u64>>,
    pub notice: RwSignal<Option<Notice>>,
    pub handed: RwSignal<Option<Handed>>,
    /// Bytes used and available, as the browser estimates them.
    pub usage: RwSignal<Option<(f64, f64)>>,
    /// An import under way: `(written, to write)`.
    pub importing: RwSignal<Option<(usize, usize)>>,
    pub(super) cancel_import: StoredValue<bool>,
    pub(super) undo: StoredValue<UndoBox<Item>, LocalStorage>,
    /// Undo is offered (the box itself is not reactive).
    pub can_undo: RwSignal<bool>,
    db: StoredValue<Option<Rc<Database>>, LocalStorage>,
    /// Why the database could not be opened, when it could not: said again
    /// whenever the gallery is asked for something it cannot do.
    unavailable: StoredValue<Option<store::StoreError>>,
    clock: StoredValue<IdClock>,
    /// The latest run's block of ids (run, first id): see `save::id_for`.
    pub(super) run_ids: StoredValue<Option<(u64, u64)>>,
    pub(super) asked_to_persist: StoredValue<bool>,
    pub(super) on_reuse: StoredValue<Option<Callback<Reuse>>>,
    pub(super) on_edit: StoredValue<Option<Callback<ToEdit>>>,
    pub(super) latest: Latest,
}

impl GalleryState {
    pub fn new() -> Self {
        GalleryState {
            items: RwSignal::new_local(Vec::new()),
            loaded: RwSignal::new(false),
            query: RwSignal::new(String::new()),
            limit: RwSignal::new(TILES_PER_FRAME),
            want: StoredValue::new(TILES_PER_FRAME),
            growing: StoredValue::new(false),
            selecting: RwSignal::new(false),
            selected: RwSignal::new(IdSet::default()),
            confirming: RwSignal::new(false),
            open: RwSignal::new(None),
            notice: RwSignal::new(None),
            handed: RwSignal::new(None),
            usage: RwSignal::new(None),
            importing: RwSignal::new(None),
            cancel_import: StoredValue::new(false),
            undo: StoredValue::new_local(UndoBox::default()),
            can_undo: RwSignal::new(false),
            db: StoredValue::new_local(None),
            unavailable: StoredValue::new(None),
            clock: StoredValue::new(IdClock::default()),
            run_ids: StoredValue::new(None),
            asked_to_persist: StoredValue::new(false),
            on_reuse: StoredValue::new(None),
            on_edit: StoredValue::new(None),
            latest: Latest::default(),
        }
    }

    /// What Reuse and "Edit this" call (`app.rs`: the form, and editing).
    pub fn wire(&self, on_reuse: Callback<Reuse>, on_edit: Callback<ToEdit>) {
        self.on_reuse.set_value(Some(on_reuse));
        self.on_edit.set_value(Some(on_edit));
    }

    /// Opens the database and shows what it holds, upgrading old records.
    pub async fn load(self) {
        let db = match store::open().await {
            Ok(db) => Rc::new(db),
            Err(e) => {
                self.unavailable.set_value(Some(e.clone()));
                self.notice.set(Some(Notice::from_store(e, 0)));
                self.loaded.set(true);
                return;
            }
        };
        self.db.set_value(Some(Rc::clone(&db)));
        let (mut old, mut skipped) = (Vec::new(), 0);
        // A batch at a time, the newest first: the first tiles show while
        // older records are still being read.
        let read = store::load(&db, |stored, unreadable| {
            skipped += unreadable.len();
            old.extend(stored.iter().filter(|s| s.needs_upgrade).cloned());
            // New ids come after every stored one.
            let ids = stored.iter().map(|s| s.entry.id);
            self.clock
                .update_value(|c| super::archive::clock_after_stored(c, ids, clock::now_ms()));
            self.items.update(|items| {
                for stored in stored {
                    insert_newest_first(items, Item::new(stored), |i| &i.entry);
                }
            });
        })
        .await;
        match read {
            Ok(()) if skipped > 0 => self.notice.set(Some(Notice::Skipped(skipped))),
            Ok(()) => {}
            Err(e) => self.notice.set(Some(Notice::from_store(e, 0))),
        }
        self.loaded.set(true);
        if let Some(cut_short) = super::transfer::interrupted_import() {
            self.notice.set(Some(cut_short));
        }
        schedule::after_paint().await;
        self.want.set_value(PAGE);
        self.grow().await;
        // Older records are shown as they are and rewritten afterwards.
        for stored in old {
            if let Ok(upgraded) = store::upgrade(&db, stored).await {
                let entry = Arc::new(upgraded.entry);
                self.items.update(|items| {
                    if let Some(item) = items.iter_mut().find(|i| i.entry.id == entry.id) {
                        item.entry = entry;
                    }
                });
            }
        }
        self.refresh_usage().await;
    }

    pub(super) async fn refresh_usage(self) {
        self.usage.set(store::estimate().await);
    }

    /// The open database, once loaded (waiting for it if an answer arrives
    /// first: a slow disk, a fast gateway).
    pub(super) async fn database(self) -> Option<Rc<Database>> {
        while !self.loaded.get_untracked() {
            schedule::after_paint().await;
        }
        self.db.with_value(Clone::clone)
    }

    /// Says again that the gallery cannot be used here, if it cannot:
    /// another notice may have taken its place. Whether it cannot.
    pub(super) fn say_unavailable(&self) -> bool {
        let Some(error) = self.unavailable.get_value() else {
            return false;
        };
        let notice = Notice::from_store(error, 0);
        if self.notice.with_untracked(|n| n.as_ref() != Some(&notice)) {
            self.notice.set(Some(notice));
        }
        true
    }

    /// Why the database could not be opened, if it could not.
    pub(super) fn unavailable(&self) -> Option<store::StoreError> {
        self.unavailable.get_value()
    }

    /// A new id: time-ordered and unique.
    pub(super) fn new_id(&self) -> u64 {
        let now = clock::now_ms();
        self.clock
            .try_update_value(|c| c.next(now))
            .unwrap_or(now as u64 * 1000)
    }

    /// `count` new ids in a row; the first of them.
    pub(super) fn new_ids(&self, count: usize) -> u64 {
        let now = clock::now_ms();
        self.clock
            .try_update_value(|c| c.block(now, count))
            .unwrap_or(now as u64 * 1000)
    }

    /// Writes ready items in one transaction and shows them once written.
    /// On failure nothing is kept, and the error says how many were lost.
    pub(super) async fn keep(
        self,
        db: &Database,
        ready: Vec<Item>,
    ) -> Result<(), (store::StoreError, usize)> {
        if ready.is_empty() {
            return Ok(());
        }
        let records: Vec<JsValue> = ready.iter().map(Item::record).collect();
        let newest = ready.iter().map(|i| i.entry.id).max().unwrap_or(0);
        self.clock.update_value(|c| c.seen(newest));
        if let Err(e) = store::put(db, &records).await {
            ready.iter().for_each(Item::release);
            return Err((e, ready.len()));
        }
        if !self.asked_to_persist.get_value() {
            self.asked_to_persist.set_value(true);
            store::persist();
        }
        self.items.update(|items| {
            for item in ready {
                // One tile per id: the list is keyed by it.
                items.retain(|other| other.entry.id != item.entry.id);
                insert_newest_first(items, item, |i| &i.entry);
            }
        });
        Ok(())
    }

    /// How many images the search lets through (reactive): counted, with
    /// no list made, for each frame the page grows.
    pub fn matching_count(&self) -> usize {
        let query = self.query.get();
        self.items.with(|items| {
            items
                .iter()
                .filter(|item| item.entry.matches(&query))
                .count()
        })
    }

    /// The ids the search lets through, in order (reactive).
    pub fn matching_ids(&self) -> Vec<u64> {
        let query = self.query.get();
        self.items.with(|items| {
            items
                .iter()
                .filter(|item| item.entry.matches(&query))
                .map(|item| item.entry.id)
                .collect()
        })
    }

    /// How many grids the tiles in the page take, [`PAGE`] tiles to a
    /// grid (reactive).
    pub fn grids(&self) -> usize {
        grids(PAGE, self.limit.get(), self.matching_count())
    }

    /// The tiles of grid `grid`: the search's outcome, as many as have
    /// been asked for, a page at a time (reactive).
    pub fn grid(&self, grid: usize) -> Vec<Item> {
        let query = self.query.get();
        // Its place among all the matching ones: `take` stops at their end.
        let range = grid_range(grid, PAGE, self.limit.get(), usize::MAX);
        self.items.with(|items| {
            items
                .iter()
                .filter(|item| item.entry.matches(&query))
                .skip(range.start)
                .take(range.len())
                .cloned()
                .collect()
        })
    }

    /// How many matching images are not in the page yet (reactive).
    pub fn not_shown(&self) -> usize {
        let limit = self.limit.get();
        self.matching_count().saturating_sub(limit)
    }

    /// Back to the first page of tiles, as an import starts: its button is
    /// at the gallery's top, where the person is, and an image written
    /// among many pages of tiles would have each page after it hand its
    /// last tile on to the next grid, where it is made again.
    pub(super) fn first_page_only(&self) {
        self.want.set_value(self.want.get_value().min(PAGE));
        if self.limit.get_untracked() > PAGE {
            self.limit.set(PAGE);
        }
    }

    /// Show more pressed: another page of tiles, after any still coming.
    pub async fn show_more(self) {
        let from = self.want.get_value().max(self.limit.get_untracked());
        self.want.set_value(from.saturating_add(PAGE));
        self.grow().await;
    }

    /// The end of the tiles came near the screen: another page, unless one
    /// is still coming (the watch asks again after each frame while the
    /// end stays near: its asking never piles up pages).
    pub async fn near_the_end(self) {
        if !self.growing.get_value() {
            self.want
                .set_value(self.limit.get_untracked().saturating_add(PAGE));
            self.grow().await;
        }
    }

    /// Grows the page to the tiles wanted, a frame's worth at a time: a
    /// page of tiles built in one task held the main thread for 60–100 ms
    /// (the gallery bench's longest task), and scrolling stuttered.
    async fn grow(self) {
        if self.growing.get_value() {
            return;
        }
        self.growing.set_value(true);
        while self.limit.get_untracked() < self.want.get_value() {
            let want = self.want.get_value();
            self.limit
                .update(|limit| *limit = (*limit + TILES_PER_FRAME).min(want));
            schedule::after_paint().await;
        }
        self.growing.set_value(false);
    }
}

impl Default for GalleryState {
    fn default() -> Self {
        Self::new()
    }
}

/// The state `<App/>` provides.
pub fn use_gallery() -> GalleryState {
    expect_context::<GalleryState>()
}
