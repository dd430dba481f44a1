//! The gallery in IndexedDB, through the `idb` crate.                 [web]
//!
//! One object store, `images`, keyed by the entry's id. A record is
//! `{id, v, meta, image, thumb}`: `v` the schema version, `meta` the
//! [`Entry`] as JSON, `image` and `thumb` `Blob`s (binary, not base64: a
//! third smaller, and the browser keeps them on disk, not in memory).
//!
//! Every write is one transaction that is awaited to its end: an image is
//! saved when its transaction commits, and a refused or aborted one
//! leaves nothing half-written behind.

use super::entry::{Entry, Unreadable, SCHEMA_VERSION};
pub use super::error::StoreError;
use idb::{
    Database, DatabaseEvent, Factory, KeyPath, ObjectStoreParams, TransactionMode,
    TransactionResult,
};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

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

fn from_idb(error: idb::Error) -> StoreError {
    match error {
        idb::Error::DomException(e) => StoreError::named(&e.name(), e.message()),
        other => StoreError::named("", other.to_string()),
    }
}

/// Opens (and creates or upgrades) the gallery's database.
pub async fn open() -> Result<Database, StoreError> {
    open_named(DB_NAME).await
}

/// [`open`] under another name: tests use their own databases.
pub async fn open_named(name: &str) -> Result<Database, StoreError> {
    let unavailable = |e: idb::Error| StoreError::Unavailable(e.to_string());
    let factory = Factory::new().map_err(unavailable)?;
    let mut request = factory.open(name, Some(DB_VERSION)).map_err(unavailable)?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else {
            return;
        };
        // Made to run from any older version: create what is missing.
        if !db.store_names().iter().any(|s| s == STORE) {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_single("id")));
            let _ = db.create_object_store(STORE, params);
        }
    });
    request.await.map_err(unavailable)
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
    write(db, |store| {
        for record in records {
            store.put(record, None)?;
        }
        Ok(())
    })
    .await
}

/// Deletes entries by id, in one transaction.
pub async fn delete(db: &Database, ids: &[u64]) -> Result<(), StoreError> {
    write(db, |store| {
        for &id in ids {
            store.delete(JsValue::from_f64(id as f64))?;
        }
        Ok(())
    })
    .await
}

fn begin(
    db: &Database,
    mode: TransactionMode,
) -> Result<(idb::Transaction, idb::ObjectStore), StoreError> {
    let transaction = db.transaction(&[STORE], mode).map_err(from_idb)?;
    let store = transaction.object_store(STORE).map_err(from_idb)?;
    Ok((transaction, store))
}

async fn write(
    db: &Database,
    requests: impl FnOnce(&idb::ObjectStore) -> Result<(), idb::Error>,
) -> Result<(), StoreError> {
    let (transaction, store) = begin(db, TransactionMode::ReadWrite)?;
    // A second handle on the same transaction, to read its error after the
    // first has been consumed by waiting for it.
    let watch = store.transaction();
    if let Err(error) = requests(&store) {
        let _ = transaction.abort();
        return Err(from_idb(error));
    }
    if let Ok(TransactionResult::Committed) = transaction.await {
        return Ok(());
    }
    // A failed request ends the wait before its transaction has aborted
    // and says why: look again a moment later.
    if watch.error().is_none() {
        crate::web::schedule::after_paint().await;
    }
    Err(match watch.error() {
        Some(e) => StoreError::named(&e.name(), e.message()),
        None => StoreError::Failed("the browser aborted the write".into()),
    })
}

/// Every readable record, newest first, and why the others were skipped.
pub async fn load(db: &Database) -> Result<(Vec<Stored>, Vec<Unreadable>), StoreError> {
    let (_transaction, store) = begin(db, TransactionMode::ReadOnly)?;
    let records = store
        .get_all(None, None)
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    let mut stored = Vec::with_capacity(records.len());
    let mut skipped = Vec::new();
    for record in records {
        match read_record(&record) {
            Ok(item) => stored.push(item),
            Err(why) => skipped.push(why),
        }
    }
    // IndexedDB answers in key order, and ids grow with time.
    stored.reverse();
    Ok((stored, skipped))
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
