//! The gallery in IndexedDB, straight through web-sys.               [web]
//!
//! One object store, `images`, keyed by the entry's id. A record is
//! `{id, v, meta, image, thumb}`: `v` the schema version, `meta` the
//! [`Entry`] as JSON, `image` and `thumb` `Blob`s (binary, not base64: a
//! third smaller, and the browser keeps them on disk, not in memory).
//! Every write is one transaction awaited to its end (`web::idb`): an
//! image is saved when its transaction commits.

use super::entry::{Entry, Unreadable, SCHEMA_VERSION};
pub use super::error::StoreError;
use crate::web::idb::{self, IdbError};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase};

/// The open database.
pub type Database = IdbDatabase;

pub const DB_NAME: &str = "sinh-anh";
/// IndexedDB's own version: the stores and indexes. Record layouts are
/// versioned per record (`v`), so most changes never need a new one.
pub const DB_VERSION: u32 = 1;
pub const STORE: &str = "images";

/// A saved image as read back.
#[derive(Clone, Debug)]
pub struct Stored {
    pub entry: Entry,
    pub image: Blob,
    pub thumb: Option<Blob>,
    /// Written by an older schema: to be rewritten by [`upgrade`].
    pub needs_upgrade: bool,
}

impl From<IdbError> for StoreError {
    fn from(error: IdbError) -> Self {
        StoreError::named(&error.name, error.message)
    }
}

/// Opens (and creates or upgrades) the gallery's database.
pub async fn open() -> Result<Database, StoreError> {
    open_named(DB_NAME).await
}

/// [`open`] under another name: tests use their own databases.
pub async fn open_named(name: &str) -> Result<Database, StoreError> {
    idb::open(name, DB_VERSION, &[STORE])
        .await
        .map_err(|e| StoreError::Unavailable(e.words()))
}

/// The record for an entry and its image.
pub fn record(entry: &Entry, image: &Blob, thumb: Option<&Blob>) -> JsValue {
    let record = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&record, &key.into(), value);
    };
    set("id", &JsValue::from_f64(entry.id as f64));
    set("v", &JsValue::from(SCHEMA_VERSION));
    set("meta", &entry.to_json().into());
    set("image", image);
    if let Some(thumb) = thumb {
        set("thumb", thumb);
    }
    record.into()
}

/// Writes records in one transaction; done only when it has committed.
pub async fn put(db: &Database, records: &[JsValue]) -> Result<(), StoreError> {
    idb::write(db, STORE, |store| {
        for record in records {
            store.put(record)?;
        }
        Ok(())
    })
    .await
    .map_err(StoreError::from)
}

/// Deletes entries by id, in one transaction.
pub async fn delete(db: &Database, ids: &[u64]) -> Result<(), StoreError> {
    idb::write(db, STORE, |store| {
        for &id in ids {
            store.delete(&JsValue::from_f64(id as f64))?;
        }
        Ok(())
    })
    .await
    .map_err(StoreError::from)
}

/// Records read in one task: a large gallery is read a batch at a time,
/// newest first, and the page paints and answers between batches (1,000
/// records read in one task held the main thread for 120 to 180 ms on the
/// project's machine, more on a phone).
const BATCH: u32 = 100;

/// Every record, newest first, a batch at a time: `each` is handed the
/// readable records of a batch, and why the others were skipped.
pub async fn load(
    db: &Database,
    mut each: impl FnMut(Vec<Stored>, Vec<Unreadable>),
) -> Result<(), StoreError> {
    let records = idb::get_all(db, STORE).await?;
    // IndexedDB answers in key order, and ids grow with time.
    let mut end = records.length();
    while end > 0 {
        let start = end.saturating_sub(BATCH);
        let mut stored = Vec::with_capacity((end - start) as usize);
        let mut skipped = Vec::new();
        for i in (start..end).rev() {
            match read_record(&records.get(i)) {
                Ok(item) => stored.push(item),
                Err(why) => skipped.push(why),
            }
        }
        each(stored, skipped);
        end = start;
        if end > 0 {
            crate::web::schedule::yield_to_page().await;
        }
    }
    Ok(())
}

fn read_record(record: &JsValue) -> Result<Stored, Unreadable> {
    let get = |key: &str| Reflect::get(record, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let corrupt = |what: &str| Unreadable::Corrupt(what.into());
    let version = get("v").as_f64().ok_or_else(|| corrupt("no version"))?;
    let meta = get("meta").as_string().ok_or_else(|| corrupt("no meta"))?;
    let image = get("image")
        .dyn_into::<Blob>()
        .map_err(|_| corrupt("no image"))?;
    let thumb = get("thumb").dyn_into::<Blob>().ok();
    let decoded = Entry::decode(version as u32, &meta)?;
    if get("id").as_f64() != Some(decoded.entry.id as f64) {
        return Err(corrupt("id does not match"));
    }
    Ok(Stored {
        entry: decoded.entry,
        image,
        thumb,
        needs_upgrade: decoded.needs_upgrade,
    })
}

/// Brings an older record up to [`SCHEMA_VERSION`]: fills in the size and
/// checksum from its image and writes it back.
pub async fn upgrade(db: &Database, mut stored: Stored) -> Result<Stored, StoreError> {
    let bytes = crate::web::blob::blob_bytes(&stored.image)
        .await
        .map_err(StoreError::Failed)?;
    stored.entry.bytes = u64::from(bytes.length());
    stored.entry.crc32 = crate::web::blob::crc32(&bytes);
    put(
        db,
        &[record(&stored.entry, &stored.image, stored.thumb.as_ref())],
    )
    .await?;
    stored.needs_upgrade = false;
    Ok(stored)
}

/// Bytes used and available to this site, when the browser says.
pub async fn estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let number = |key: &str| Reflect::get(&estimate, &key.into()).ok()?.as_f64();
    Some((number("usage")?, number("quota")?))
}

/// Asks the browser not to evict the gallery under storage pressure. The
/// answer (granted or not) changes nothing for us, so it is not awaited.
pub fn persist() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}
