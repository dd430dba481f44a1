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
use crate::history::{human_bytes, insert_newest_first, Entry, IdClock, Manifest, MANIFEST_NAME};
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

/// The largest id an IndexedDB key (a JS number) holds exactly: 2^53 - 1.
const MAX_SAFE_ID: u64 = (1 << 53) - 1;
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
    /// `{added}` images imported, `{present}` were already here.
    Imported { added: usize, present: usize },
    /// The file is not an export of ours, or is damaged.
    ImportFailed(String),
    /// Deleted, with Undo offered.
    Deleted(usize),
    /// Images the gateway sent as links that could not be fetched to keep
    /// (the image server refuses other origins).
    LinkNotKept(usize),
}

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
    /// images are on screen; a failure leaves them there.
    pub async fn save(
        self,
        order: Arc<Order>,
        request: Arc<Prepared>,
        generation: Arc<Generation>,
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
        let mut full = 0;
        let mut not_kept = 0;
        for image in &generation.images {
            let Some((bytes, format)) = image_bytes(&image.source).await else {
                not_kept += 1;
                continue;
            };
            let now = js_sys::Date::now();
            let id = self
                .clock
                .try_update_value(|c| c.next(now))
                .unwrap_or(now as u64 * 1000);
            let entry = Entry {
                id,
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
            match self.keep(&db, entry, &bytes).await {
                Ok(()) => {}
                Err(StoreError::Full) => full += 1,
                Err(e) => self.notice.set(Some(Notice::Failed(e.to_string()))),
            }
        }
        if full > 0 {
            self.notice.set(Some(Notice::Full(full)));
        } else if not_kept > 0 {
            self.notice.set(Some(Notice::LinkNotKept(not_kept)));
        }
        self.refresh_usage().await;
    }

    /// Writes one image and shows it in the gallery once written.
    async fn keep(self, db: &Database, entry: Entry, bytes: &[u8]) -> Result<(), StoreError> {
        let image = store::bytes_blob(bytes, &entry.mime)?;
        let thumb = thumbnail(&image).await;
        store::put(db, &[store::record(&entry, &image, thumb.as_ref())]).await?;
        if !self.asked_to_persist.get_value() {
            self.asked_to_persist.set_value(true);
            store::persist();
        }
        let item = Item::new(Stored {
            entry,
            image,
            thumb,
            needs_upgrade: false,
        });
        self.items.update(|items| {
            // One tile per id: the list is keyed by it.
            items.retain(|other| other.entry.id != item.entry.id);
            insert_newest_first(items, item, |i| &i.entry);
        });
        Ok(())
    }

    /// A new run begins: what the last one could not save is old news.
    /// (Cleared here, not by a later successful save: the requests of one
    /// run save in parallel and must not erase each other's warning.)
    pub fn new_run(&self) {
        if matches!(
            self.notice.get_untracked(),
            Some(Notice::Full(_) | Notice::Failed(_) | Notice::LinkNotKept(_))
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
    /// here (same id) are left as they are.
    pub async fn import(self, file: Blob) {
        let Some(db) = self.database() else {
            return;
        };
        let bytes = match store::blob_bytes(&file).await {
            Ok(bytes) => bytes,
            Err(e) => {
                self.notice.set(Some(Notice::ImportFailed(e.to_string())));
                return;
            }
        };
        let parsed = zip::read(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|files| {
                let manifest = files
                    .iter()
                    .find(|(name, _)| name == MANIFEST_NAME)
                    .ok_or_else(|| format!("no {MANIFEST_NAME} inside"))?;
                Manifest::parse(manifest.1).map(|m| (m, files))
            });
        let (manifest, files) = match parsed {
            Ok(parsed) => parsed,
            Err(why) => {
                self.notice.set(Some(Notice::ImportFailed(why)));
                return;
            }
        };
        let mut present: BTreeSet<u64> = self
            .items
            .with_untracked(|items| items.iter().map(|i| i.entry.id).collect());
        let (mut added, mut already, mut failed) = (0, 0, false);
        for mut item in manifest.images {
            // An id a number cannot hold exactly (IndexedDB keys are
            // numbers), or 0, gets a new one rather than clash.
            if item.entry.id == 0 || item.entry.id > MAX_SAFE_ID {
                let now = js_sys::Date::now();
                item.entry.id = self
                    .clock
                    .try_update_value(|c| c.next(now))
                    .unwrap_or(now as u64 * 1000);
            }
            // Present already, or listed twice in this file.
            if !present.insert(item.entry.id) {
                already += 1;
                continue;
            }
            let Some((_, data)) = files.iter().find(|(name, _)| *name == item.file) else {
                continue;
            };
            // Never trust a file's word for what it is, nor its name.
            let Some(format) = ImageFormat::sniff(data) else {
                continue;
            };
            let mut entry = item.entry;
            entry.mime = format.mime().into();
            entry.file_name = safe_file_name(&entry.file_name, format.extension());
            entry.bytes = data.len() as u64;
            entry.crc32 = zip::crc32(data);
            match self.keep(&db, entry, data).await {
                Ok(()) => added += 1,
                Err(e) => {
                    failed = true;
                    self.notice.set(Some(match e {
                        StoreError::Full => Notice::Full(1),
                        e => Notice::Failed(e.to_string()),
                    }));
                    break;
                }
            }
        }
        if !failed {
            self.notice.set(Some(Notice::Imported {
                added,
                present: already,
            }));
        }
        self.refresh_usage().await;
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

/// An image's bytes and format: decoded from its data URL, or fetched when
/// the gateway sent a link (which fails when that server refuses CORS).
async fn image_bytes(source: &ImageSource) -> Option<(Vec<u8>, ImageFormat)> {
    let bytes = match source {
        ImageSource::Data { url, .. } => {
            let payload = url.split_once(',')?.1;
            base64::engine::general_purpose::STANDARD
                .decode(payload.trim())
                .ok()?
        }
        ImageSource::Remote(url) => {
            let response = gloo_net::http::Request::get(url).send().await.ok()?;
            if !response.ok() {
                return None;
            }
            response.binary().await.ok()?
        }
    };
    let format = ImageFormat::sniff(&bytes)?;
    Some((bytes, format))
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

/// A smaller WebP of an image for the grid, decoded and scaled by the
/// browser off the main thread. `None` when the browser cannot: the grid
/// then shows the image itself.
pub async fn thumbnail(image: &Blob) -> Option<Blob> {
    reencode(image, Some(THUMB_WIDTH), "image/webp").await
}

/// An image drawn again: resized to `width` (keeping its shape) and
/// encoded as `mime`.
async fn reencode(image: &Blob, width: Option<u32>, mime: &str) -> Option<Blob> {
    let window = web_sys::window()?;
    let options = web_sys::ImageBitmapOptions::new();
    if let Some(width) = width {
        options.set_resize_width(width);
        options.set_resize_quality(web_sys::ResizeQuality::Medium);
    }
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(image, &options)
        .ok()?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let canvas = web_sys::OffscreenCanvas::new(bitmap.width(), bitmap.height()).ok()?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .ok()?;
    bitmap.close();
    let encode = web_sys::ImageEncodeOptions::new();
    encode.set_type(mime);
    encode.set_quality(0.82);
    let blob = JsFuture::from(canvas.convert_to_blob_with_options(&encode).ok()?)
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
        reencode(&item.image, None, "image/png")
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
