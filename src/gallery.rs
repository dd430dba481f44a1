//! The gallery's state and actions: every image saved as it arrives, read
//! back on load, and deleted, restored, zipped, exported and imported.
//! `Copy`, part of [`AppState`](crate::state::AppState).             [web]
//!
//! Items hold `Blob`s and object URLs (`blob:`), so its signals are local
//! to the page's thread. Storage failures are values: the image stays on
//! screen with its download link and the notice says what happened.

use crate::api::request::{Order, Prepared};
use crate::api::response::Generation;
use crate::gallery_store::{self as store, StoreError, Stored};
use crate::history::{
    human_bytes, insert_newest_first, Entry, IdClock, ImportPlan, ImportRefusal, Manifest,
    MANIFEST_NAME,
};
use crate::image::{safe_file_name, ImageFormat, ImageSource};
use crate::zip;
use base64::Engine as _;
use idb::Database;
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// How long "Undo" is offered after a delete.
pub const UNDO_MS: u64 = 8_000;
/// Tiles added to the page per frame while a large gallery loads: one
/// frame's worth of work, so hundreds of tiles never block the page.
const TILES_PER_FRAME: usize = 40;
/// Thumbnail width in pixels: sharp in a ~190 px cell on a 2× screen.
const THUMB_WIDTH: u32 = 384;

/// One saved image, ready to show.
#[derive(Clone, Debug)]
pub struct Item {
    pub entry: Arc<Entry>,
    pub image: Blob,
    pub thumb: Option<Blob>,
    /// `blob:` URLs, made when first shown (making 600 at once for a large
    /// gallery takes ~160 ms) and revoked when the item is gone.
    urls: Arc<Urls>,
}

#[derive(Debug, Default)]
struct Urls {
    image: OnceLock<String>,
    thumb: OnceLock<String>,
}

impl Item {
    fn new(stored: Stored) -> Item {
        Item {
            entry: Arc::new(stored.entry),
            image: stored.image,
            thumb: stored.thumb,
            urls: Arc::default(),
        }
    }

    /// The full image's `blob:` URL.
    pub fn image_url(&self) -> String {
        self.urls
            .image
            .get_or_init(|| object_url(&self.image))
            .clone()
    }

    /// The thumbnail's `blob:` URL (the image's when it has none).
    pub fn thumb_url(&self) -> String {
        match &self.thumb {
            Some(thumb) => self.urls.thumb.get_or_init(|| object_url(thumb)).clone(),
            None => self.image_url(),
        }
    }

    fn record(&self) -> JsValue {
        store::record(&self.entry, &self.image, self.thumb.as_ref())
    }

    fn release(&self) {
        for url in [self.urls.image.get(), self.urls.thumb.get()]
            .into_iter()
            .flatten()
        {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }
}

/// What the gallery has to say, shown above it.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// IndexedDB could not be opened: nothing is kept across reloads.
    Unavailable(String),
    /// Images that could not be saved: storage full.
    Full(usize),
    /// Saving or reading failed otherwise.
    Failed(String),
    /// Records that could not be read and were left alone.
    Skipped(usize),
    /// What an import did, whether it ran to the end or not.
    Imported(ImportReport),
    /// An import was cut short by a reload or a closed tab.
    ImportInterrupted { added: usize, total: usize },
    /// Images that are not pictures the browser can decode (a PNG
    /// signature in front of a web page, say): not kept.
    NotPictures(usize),
    /// The file could not be imported at all.
    ImportFailed(ImportError),
    /// Deleted, with Undo offered.
    Deleted(usize),
    /// Images the gateway sent as links that could not be fetched to keep
    /// (the image server refuses other origins).
    LinkNotKept(usize),
}

/// What an import did, for the notice after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Entries in the file.
    pub total: usize,
    pub added: usize,
    /// Already in the gallery (or listed twice).
    pub present: usize,
    /// Naming a file another entry already uses: one image per file.
    pub shared: usize,
    /// Naming no file in the zip, or a file that is not a picture.
    pub unreadable: usize,
    /// Stopped by Cancel before the end.
    pub cancelled: bool,
    /// Stopped because storage is full.
    pub full: bool,
}

/// Why a file could not be imported at all.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// Not an export of ours, or damaged: the reader's words.
    Unreadable(String),
    /// More entries than one import takes.
    TooMany { entries: usize, limit: usize },
}

/// Why an image is not kept.
enum Unkept {
    /// The browser cannot decode it as a picture.
    NotAPicture,
    Store(StoreError),
}

/// Where an import stands: `(written, to write)`.
pub type Progress = (usize, usize);

/// Entries written per transaction (and per update of the grid) during an
/// import: large enough that the grid is not rebuilt for every image, small
/// enough that Cancel and the progress bar answer within a moment.
const IMPORT_BATCH: usize = 20;

/// Marks an import in progress in `localStorage`, so a reload can say that
/// one was cut short and how far it got.
const IMPORT_MARKER: &str = "sinh-anh.import";

/// Deleted items, kept until the undo time runs out.
#[derive(Clone, Debug)]
struct Undo {
    ticket: u64,
    items: Vec<Item>,
}

#[derive(Clone, Copy)]
pub struct Gallery {
    /// Newest first.
    pub items: RwSignal<Vec<Item>, LocalStorage>,
    /// The first read from storage has finished.
    pub loaded: RwSignal<bool>,
    pub query: RwSignal<String>,
    /// How many tiles are in the page: grows a frame at a time on load.
    limit: RwSignal<usize>,
    pub selecting: RwSignal<bool>,
    pub selected: RwSignal<BTreeSet<u64>>,
    /// Asking "Delete N images?".
    pub confirming: RwSignal<bool>,
    /// The id shown in the lightbox.
    pub open: RwSignal<Option<u64>>,
    pub notice: RwSignal<Option<Notice>>,
    /// What Copy image said, for the image in the lightbox.
    pub copy_said: RwSignal<Option<String>>,
    /// Bytes used and available, as the browser estimates them.
    pub usage: RwSignal<Option<(f64, f64)>>,
    /// An import under way.
    pub importing: RwSignal<Option<Progress>>,
    cancel_import: StoredValue<bool>,
    undo: RwSignal<Option<Undo>, LocalStorage>,
    db: StoredValue<Option<Rc<Database>>, LocalStorage>,
    clock: StoredValue<IdClock>,
    next_ticket: StoredValue<u64>,
    asked_to_persist: StoredValue<bool>,
}

impl Gallery {
    pub fn new() -> Self {
        Gallery {
            items: RwSignal::new_local(Vec::new()),
            loaded: RwSignal::new(false),
            query: RwSignal::new(String::new()),
            limit: RwSignal::new(TILES_PER_FRAME),
            selecting: RwSignal::new(false),
            selected: RwSignal::new(BTreeSet::new()),
            confirming: RwSignal::new(false),
            open: RwSignal::new(None),
            notice: RwSignal::new(None),
            copy_said: RwSignal::new(None),
            usage: RwSignal::new(None),
            importing: RwSignal::new(None),
            cancel_import: StoredValue::new(false),
            undo: RwSignal::new_local(None),
            db: StoredValue::new_local(None),
            clock: StoredValue::new(IdClock::default()),
            next_ticket: StoredValue::new(0),
            asked_to_persist: StoredValue::new(false),
        }
    }

    /// Opens the database and shows what it holds, upgrading old records.
    pub async fn load(self) {
        let db = match store::open().await {
            Ok(db) => db,
            Err(e) => {
                self.notice.set(Some(Notice::Unavailable(e.to_string())));
                self.loaded.set(true);
                return;
            }
        };
        let db = Rc::new(db);
        self.db.set_value(Some(Rc::clone(&db)));
        let mut old = Vec::new();
        match store::load(&db).await {
            Ok((stored, skipped)) => {
                if !skipped.is_empty() {
                    self.notice.set(Some(Notice::Skipped(skipped.len())));
                }
                old = stored.iter().filter(|s| s.needs_upgrade).cloned().collect();
                self.items.update(|items| {
                    for stored in stored {
                        insert_newest_first(items, Item::new(stored), |i| &i.entry);
                    }
                });
            }
            Err(e) => self.notice.set(Some(Notice::Failed(e.to_string()))),
        }
        self.loaded.set(true);
        if let Some(marker) = crate::storage::get(crate::storage::Store::Local, IMPORT_MARKER) {
            crate::storage::remove(crate::storage::Store::Local, IMPORT_MARKER);
            let number = |key: &str| {
                serde_json::from_slice::<serde_json::Value>(marker.as_bytes())
                    .ok()
                    .and_then(|v| v.get(key).and_then(serde_json::Value::as_u64))
                    .unwrap_or(0) as usize
            };
            self.notice.set(Some(Notice::ImportInterrupted {
                added: number("added"),
                total: number("total"),
            }));
        }
        while self.limit.get_untracked() < self.items.with_untracked(Vec::len) {
            after_paint().await;
            self.limit.update(|limit| *limit += TILES_PER_FRAME);
        }
        self.limit.set(usize::MAX);
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

    async fn refresh_usage(self) {
        self.usage.set(store::estimate().await);
    }

    fn database(&self) -> Option<Rc<Database>> {
        self.db.with_value(Clone::clone)
    }

    /// Saves every image of an answer with what made it. Runs after the
    /// images are on screen; a failure leaves them there. `linked` holds,
    /// for each image the gateway sent as a link, the bytes fetched from it
    /// (`None` where they could not be).
    pub async fn save(
        self,
        order: Arc<Order>,
        request: Arc<Prepared>,
        generation: Arc<Generation>,
        linked: Vec<Option<Vec<u8>>>,
        duration_ms: f64,
    ) {
        // An answer can arrive before the database has opened (a slow
        // disk, a fast gateway): wait for it rather than lose the image.
        while !self.loaded.get_untracked() {
            after_paint().await;
        }
        let Some(db) = self.database() else {
            return;
        };
        let prompt_sent = request.prompt_sent().filter(|sent| *sent != order.prompt);
        let mut not_kept = 0;
        let mut undecodable = 0;
        let mut ready = Vec::new();
        for (image, fetched) in generation.images.iter().zip(linked) {
            let bytes = match (&image.source, fetched) {
                (ImageSource::Data { url, .. }, _) => data_url_bytes(url),
                (ImageSource::Remote(_), fetched) => fetched,
            };
            let Some(bytes) = bytes else {
                not_kept += 1;
                continue;
            };
            let Some(format) = ImageFormat::sniff(&bytes) else {
                undecodable += 1;
                continue;
            };
            let now = js_sys::Date::now();
            let entry = Entry {
                id: self.new_id(),
                created_ms: now,
                prompt: order.prompt.clone(),
                prompt_sent: prompt_sent.clone(),
                method: order.method.code().into(),
                model: order.model.clone(),
                aspect: order
                    .aspect
                    .map(|a| a.ratio().to_string())
                    .unwrap_or_default(),
                reply: generation.text.clone(),
                revised_prompt: image.revised_prompt.clone(),
                duration_ms,
                mime: format.mime().into(),
                file_name: image.file_name(&order.prompt),
                bytes: bytes.len() as u64,
                crc32: zip::crc32(&bytes),
            };
            match prepare(entry, &bytes).await {
                Ok(item) => ready.push(item),
                Err(Unkept::NotAPicture) => undecodable += 1,
                Err(Unkept::Store(e)) => self.notice.set(Some(Notice::Failed(e.to_string()))),
            }
        }
        let full = match self.keep(&db, ready).await {
            Ok(()) => 0,
            Err((StoreError::Full, count)) => count,
            Err((e, _)) => {
                self.notice.set(Some(Notice::Failed(e.to_string())));
                0
            }
        };
        if full > 0 {
            self.notice.set(Some(Notice::Full(full)));
        } else if undecodable > 0 {
            self.notice.set(Some(Notice::NotPictures(undecodable)));
        } else if not_kept > 0 {
            self.notice.set(Some(Notice::LinkNotKept(not_kept)));
        }
        self.refresh_usage().await;
    }

    /// A new id: time-ordered and unique.
    fn new_id(&self) -> u64 {
        let now = js_sys::Date::now();
        self.clock
            .try_update_value(|c| c.next(now))
            .unwrap_or(now as u64 * 1000)
    }

    /// Writes prepared images in one transaction and shows them in the
    /// gallery once written. On failure nothing is kept, and the error says
    /// how many were lost.
    async fn keep(self, db: &Database, ready: Vec<Item>) -> Result<(), (StoreError, usize)> {
        if ready.is_empty() {
            return Ok(());
        }
        let records: Vec<JsValue> = ready.iter().map(Item::record).collect();
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

    /// A new run begins: what the last one could not save is old news.
    /// (Cleared here, not by a later successful save: the requests of one
    /// run save in parallel and must not erase each other's warning.)
    pub fn new_run(&self) {
        if matches!(
            self.notice.get_untracked(),
            Some(
                Notice::Full(_)
                    | Notice::Failed(_)
                    | Notice::LinkNotKept(_)
                    | Notice::NotPictures(_)
            )
        ) {
            self.notice.set(None);
        }
    }

    /// The items the search lets through (reactive).
    pub fn matching(&self) -> Vec<Item> {
        let query = self.query.get();
        self.items.with(|items| {
            items
                .iter()
                .filter(|item| item.entry.matches(&query))
                .cloned()
                .collect()
        })
    }

    /// The tiles in the page: [`Self::matching`], while a large gallery
    /// is still being laid out only its first part (reactive).
    pub fn visible(&self) -> Vec<Item> {
        let mut items = self.matching();
        items.truncate(self.limit.get());
        items
    }

    pub fn item(&self, id: u64) -> Option<Item> {
        self.items
            .with(|items| items.iter().find(|i| i.entry.id == id).cloned())
    }

    pub fn toggle(&self, id: u64) {
        self.selected.update(|s| {
            if !s.remove(&id) {
                s.insert(id);
            }
        });
    }

    /// Deletes now, and offers Undo for [`UNDO_MS`].
    pub async fn delete(self, ids: Vec<u64>) {
        let Some(db) = self.database() else {
            return;
        };
        self.confirming.set(false);
        if let Err(e) = store::delete(&db, &ids).await {
            self.notice.set(Some(Notice::Failed(e.to_string())));
            return;
        }
        let mut removed = Vec::new();
        self.items.update(|items| {
            items.retain(|item| {
                let gone = ids.contains(&item.entry.id);
                if gone {
                    removed.push(item.clone());
                }
                !gone
            })
        });
        self.selected.update(|s| s.retain(|id| !ids.contains(id)));
        if self
            .open
            .get_untracked()
            .is_some_and(|id| ids.contains(&id))
        {
            self.open.set(None);
        }
        // Deletes in a row share one Undo, which brings them all back.
        let ticket = self.next_ticket.get_value() + 1;
        self.next_ticket.set_value(ticket);
        let mut pending = self
            .undo
            .try_update(Option::take)
            .flatten()
            .map(|undo| undo.items)
            .unwrap_or_default();
        pending.extend(removed);
        let count = pending.len();
        self.undo.set(Some(Undo {
            ticket,
            items: pending,
        }));
        self.notice.set(Some(Notice::Deleted(count)));
        set_timeout(
            move || {
                if self
                    .undo
                    .with_untracked(|u| u.as_ref().is_some_and(|u| u.ticket == ticket))
                {
                    self.finish_undo();
                    if matches!(self.notice.get_untracked(), Some(Notice::Deleted(_))) {
                        self.notice.set(None);
                    }
                }
            },
            std::time::Duration::from_millis(UNDO_MS),
        );
        self.refresh_usage().await;
    }

    /// The undo window is over: let go of the deleted images.
    fn finish_undo(&self) {
        if let Some(undo) = self.undo.try_update(Option::take).flatten() {
            undo.items.iter().for_each(Item::release);
        }
    }

    pub fn can_undo(&self) -> bool {
        self.undo.with(Option::is_some)
    }

    /// Puts the last deleted images back, as they were.
    pub async fn undo(self) {
        let Some(db) = self.database() else {
            return;
        };
        let Some(undo) = self.undo.try_update(Option::take).flatten() else {
            return;
        };
        let records: Vec<JsValue> = undo.items.iter().map(Item::record).collect();
        match store::put(&db, &records).await {
            Ok(()) => {
                self.items.update(|items| {
                    for item in undo.items {
                        insert_newest_first(items, item, |i| &i.entry);
                    }
                });
                self.notice.set(None);
            }
            Err(e) => {
                undo.items.iter().for_each(Item::release);
                self.notice.set(Some(Notice::Failed(e.to_string())));
            }
        }
        self.refresh_usage().await;
    }

    /// Downloads the given images as one zip, with `history.json` so the
    /// file can be imported again. Built from the stored blobs as they are.
    pub fn download_zip(&self, ids: &[u64], name: &str) {
        let items: Vec<Item> = self.items.with_untracked(|items| {
            items
                .iter()
                .filter(|i| ids.contains(&i.entry.id))
                .cloned()
                .collect()
        });
        if let Err(e) = self.zip_of(&items).and_then(|blob| save_blob(&blob, name)) {
            self.notice.set(Some(Notice::Failed(e.to_string())));
        }
    }

    fn zip_of(&self, items: &[Item]) -> Result<Blob, StoreError> {
        let manifest = Manifest::new(items.iter().map(|i| (*i.entry).clone())).to_json();
        let now = js_sys::Date::now();
        let mut files = vec![zip::FileInfo {
            name: MANIFEST_NAME.into(),
            crc32: zip::crc32(manifest.as_bytes()),
            size: manifest.len() as u64,
            modified_ms: local_ms(now),
        }];
        files.extend(items.iter().map(|item| zip::FileInfo {
            name: item.entry.zip_name(),
            crc32: item.entry.crc32,
            size: item.image.size() as u64,
            modified_ms: local_ms(item.entry.created_ms),
        }));
        let parts = zip::layout(&files).map_err(|e| StoreError::Failed(e.to_string()))?;
        let sequence = js_sys::Array::new();
        for part in parts {
            match part {
                zip::Part::Bytes(bytes) => {
                    sequence.push(&js_sys::Uint8Array::from(bytes.as_slice()));
                }
                zip::Part::File(0) => {
                    sequence.push(&js_sys::Uint8Array::from(manifest.as_bytes()));
                }
                zip::Part::File(n) => {
                    if let Some(item) = items.get(n - 1) {
                        sequence.push(&item.image);
                    }
                }
            }
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/zip");
        Blob::new_with_blob_sequence_and_options(&sequence, &options)
            .map_err(|e| StoreError::Failed(format!("{e:?}")))
    }

    /// Reads an export (or a downloaded selection) back in. Images already
    /// here (same id) are left as they are; each file of the zip is stored
    /// once. Written in batches, with progress and Cancel; what was
    /// written stays written, whatever stops it.
    pub async fn import(self, file: Blob) {
        let Some(db) = self.database() else {
            return;
        };
        if self.importing.get_untracked().is_some() {
            return;
        }
        self.importing.set(Some((0, 0)));
        self.cancel_import.set_value(false);
        let report = self.import_file(&db, file).await;
        self.importing.set(None);
        crate::storage::remove(crate::storage::Store::Local, IMPORT_MARKER);
        match report {
            Ok(report) => self.notice.set(Some(Notice::Imported(report))),
            Err(why) => self.notice.set(Some(Notice::ImportFailed(why))),
        }
        self.refresh_usage().await;
    }

    /// Stops an import after the batch being written.
    pub fn cancel_import(&self) {
        self.cancel_import.set_value(true);
    }

    async fn import_file(self, db: &Database, file: Blob) -> Result<ImportReport, ImportError> {
        let why = |e: String| ImportError::Unreadable(e);
        let bytes = store::blob_bytes(&file)
            .await
            .map_err(|e| why(e.to_string()))?;
        let files = zip::read(&bytes).map_err(|e| why(e.to_string()))?;
        let manifest = files
            .iter()
            .find(|(name, _)| name == MANIFEST_NAME)
            .ok_or_else(|| why(format!("no {MANIFEST_NAME} inside")))?;
        let manifest = Manifest::parse(manifest.1).map_err(why)?;
        let total = manifest.images.len();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        let mut present: BTreeSet<u64> = self
            .items
            .with_untracked(|items| items.iter().map(|i| i.entry.id).collect());
        let plan = ImportPlan::new(manifest, &names, &mut present, || self.new_id()).map_err(
            |ImportRefusal::TooMany { entries, limit }| ImportError::TooMany { entries, limit },
        )?;
        let mut report = ImportReport {
            total,
            present: plan.present,
            shared: plan.shared,
            unreadable: plan.missing,
            ..ImportReport::default()
        };
        let to_write = plan.to_add.len();
        self.importing.set(Some((0, to_write)));
        let mut written = 0;
        for batch in plan.to_add.chunks(IMPORT_BATCH) {
            if self.cancel_import.get_value() {
                report.cancelled = true;
                break;
            }
            let entries = batch.iter().map(|(entry, file)| {
                let data = files.get(*file).map_or(&[][..], |(_, data)| *data);
                (entry.clone(), data)
            });
            let mut ready = Vec::new();
            for result in prepare_imported(entries).await {
                match result {
                    Ok(item) => ready.push(item),
                    Err(Unkept::NotAPicture) => report.unreadable += 1,
                    Err(Unkept::Store(e)) => return Err(why(e.to_string())),
                }
            }
            let count = ready.len();
            match self.keep(db, ready).await {
                Ok(()) => report.added += count,
                Err((StoreError::Full, _)) => {
                    report.full = true;
                    break;
                }
                Err((e, _)) => return Err(why(e.to_string())),
            }
            written += batch.len();
            self.importing.set(Some((written, to_write)));
            crate::storage::set(
                crate::storage::Store::Local,
                IMPORT_MARKER,
                &format!("{{\"added\":{},\"total\":{total}}}", report.added),
            );
        }
        Ok(report)
    }

    /// Everything, as one file.
    pub fn export(&self) {
        let ids: Vec<u64> = self
            .items
            .with_untracked(|items| items.iter().map(|i| i.entry.id).collect());
        self.download_zip(&ids, &format!("sinh-anh-history-{}.zip", today()));
    }

    /// "12 MB used of 1.2 GB" (reactive).
    pub fn usage_text(&self) -> Option<(String, String)> {
        self.usage
            .get()
            .map(|(used, quota)| (human_bytes(used), human_bytes(quota)))
    }
}

impl Default for Gallery {
    fn default() -> Self {
        Self::new()
    }
}

/// Today as `2026-11-24`, for file names.
pub fn today() -> String {
    let iso = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    iso.get(..10).unwrap_or("today").to_string()
}

/// A time as the local clock shows it (zip tools read zip times as local).
fn local_ms(utc_ms: f64) -> f64 {
    utc_ms - js_sys::Date::new(&utc_ms.into()).get_timezone_offset() * 60_000.0
}

/// The bytes of a `data:` URL's base64 payload.
fn data_url_bytes(url: &str) -> Option<Vec<u8>> {
    let payload = url.split_once(',')?.1;
    base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .ok()
}

/// An image ready to write: its Blob, checked by the browser's own decoder
/// (the first bytes can lie: a PNG signature in front of a web page), and
/// its thumbnail.
async fn prepare(entry: Entry, bytes: &[u8]) -> Result<Item, Unkept> {
    let image = store::bytes_blob(bytes, &entry.mime).map_err(Unkept::Store)?;
    let decoding = start_decode(&image, Some(THUMB_WIDTH));
    finish_prepare(entry, image, decoding).await
}

async fn finish_prepare(
    entry: Entry,
    image: Blob,
    decoding: Option<js_sys::Promise>,
) -> Result<Item, Unkept> {
    let thumb = match finish_decode(decoding).await {
        Some(bitmap) => encode(bitmap, "image/webp").await,
        None => return Err(Unkept::NotAPicture),
    };
    Ok(Item::new(Stored {
        entry,
        image,
        thumb,
        needs_upgrade: false,
    }))
}

/// An image whose decoding has started: its entry, its bytes, the decode.
type Decoding = (Entry, Blob, Option<js_sys::Promise>);

/// Imported images, never trusting the file's word for what they are, nor
/// their names. The browser decodes them side by side (off the main
/// thread): every decode is started before the first is awaited.
async fn prepare_imported<'a>(
    batch: impl Iterator<Item = (Entry, &'a [u8])>,
) -> Vec<Result<Item, Unkept>> {
    let started: Vec<Result<Decoding, Unkept>> = batch
        .map(|(mut entry, data)| {
            let format = ImageFormat::sniff(data).ok_or(Unkept::NotAPicture)?;
            entry.mime = format.mime().into();
            entry.file_name = safe_file_name(&entry.file_name, format.extension());
            entry.bytes = data.len() as u64;
            entry.crc32 = zip::crc32(data);
            let image = store::bytes_blob(data, &entry.mime).map_err(Unkept::Store)?;
            let decoding = start_decode(&image, Some(THUMB_WIDTH));
            Ok((entry, image, decoding))
        })
        .collect();
    let mut ready = Vec::with_capacity(started.len());
    for item in started {
        ready.push(match item {
            Ok((entry, image, decoding)) => finish_prepare(entry, image, decoding).await,
            Err(e) => Err(e),
        });
    }
    ready
}

/// Resolves once the browser has painted the next frame, so work started
/// after it never delays images reaching the screen. A hidden tab paints no
/// frames: a short timer stands in for it there.
pub async fn after_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let later = window.clone();
        let soon = resolve.clone();
        let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = later.set_timeout_with_callback(soon.unchecked_ref());
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves when the page is idle (`requestIdleCallback`, at most a second
/// later), so saving an answer waits until its images are decoded and on
/// screen. Browsers without it wait for the next painted frame instead.
pub async fn when_idle() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut asked = false;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(1000);
        asked = window
            .request_idle_callback_with_options(&resolve, &options)
            .is_ok();
    });
    if asked {
        let _ = JsFuture::from(promise).await;
    } else {
        after_paint().await;
    }
}

fn object_url(blob: &Blob) -> String {
    web_sys::Url::create_object_url_with_blob(blob).unwrap_or_default()
}

/// Starts decoding an image with the browser's decoder, off the main
/// thread, scaled to `width` (keeping its shape).
fn start_decode(image: &Blob, width: Option<u32>) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let options = web_sys::ImageBitmapOptions::new();
    if let Some(width) = width {
        options.set_resize_width(width);
        options.set_resize_quality(web_sys::ResizeQuality::Medium);
    }
    window
        .create_image_bitmap_with_blob_and_image_bitmap_options(image, &options)
        .ok()
}

/// The decoded image; `None` when it is not a picture the browser can
/// decode.
async fn finish_decode(decoding: Option<js_sys::Promise>) -> Option<web_sys::ImageBitmap> {
    JsFuture::from(decoding?).await.ok()?.dyn_into().ok()
}

/// A decoded image encoded as `mime`. `None` when the browser cannot (no
/// `OffscreenCanvas`): the grid then shows the image itself.
async fn encode(bitmap: web_sys::ImageBitmap, mime: &str) -> Option<Blob> {
    let canvas = web_sys::OffscreenCanvas::new(bitmap.width(), bitmap.height()).ok()?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .ok()?;
    bitmap.close();
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(mime);
    options.set_quality(0.82);
    let blob = JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?)
        .await
        .ok()?;
    blob.dyn_into().ok()
}

/// Puts an image on the clipboard. Browsers take only PNG there, so other
/// formats are converted first.
pub async fn copy_image(item: &Item) -> Result<(), String> {
    let png = if item.entry.mime == "image/png" {
        item.image.clone()
    } else {
        let bitmap = finish_decode(start_decode(&item.image, None))
            .await
            .ok_or("the browser could not read the image")?;
        encode(bitmap, "image/png")
            .await
            .ok_or("the browser could not convert the image")?
    };
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"image/png".into(), &png).map_err(|e| format!("{e:?}"))?;
    let clip = web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&record)
        .map_err(|e| format!("{e:?}"))?;
    JsFuture::from(clipboard.write(&js_sys::Array::of1(&clip)))
        .await
        .map(|_| ())
        .map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "refused".into())
        })
}

/// Offers a blob as a download, like a click on `<a download>`.
pub fn save_blob(blob: &Blob, name: &str) -> Result<(), StoreError> {
    let failed = |e: JsValue| StoreError::Failed(format!("{e:?}"));
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| StoreError::Failed("no document".into()))?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(failed)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| StoreError::Failed("no link".into()))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has its own reference by now; the URL can go soon.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
