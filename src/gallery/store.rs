//! The gallery in IndexedDB, straight through web-sys.               [web]
//!
//! One object store, `images`, keyed by the entry's id. A record is
//! `{id, v, meta, image, thumb}`: `v` the schema version, `meta` the
//! [`Entry`] as JSON, `image` and `thumb` `Blob`s (binary, not base64: a
//! third smaller, and the browser keeps them on disk, not in memory).
//!
//! Every write is one transaction that is awaited to its end: an image is
//! saved when its transaction commits, and a refused or aborted one
//! leaves nothing half-written behind. (Not the `idb` crate: the few
//! requests here are each a promise around a request's events, and the
//! crate brought an async runtime's channels with it.)

use super::entry::{Entry, Unreadable, SCHEMA_VERSION};
pub use super::error::StoreError;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

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

/// A DOM exception as a store error.
fn from_js(error: &JsValue) -> StoreError {
    let text = |key: &str| {
        Reflect::get(error, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    StoreError::named(&text("name"), text("message"))
}

/// The browser's words of an error.
fn words(error: StoreError) -> String {
    match error {
        StoreError::Full => "QuotaExceededError".into(),
        StoreError::Unavailable(words) | StoreError::Failed(words) => words,
    }
}

/// Resolves when `target` fires `ok`, rejects when it fires `fail`: the
/// events of a request or a transaction, as a promise.
async fn settled(target: &web_sys::EventTarget, ok: &str, fail: &[&str]) -> Result<(), ()> {
    // The promise's own functions are the listeners: no Rust closure that
    // would outlive the request when its event never comes.
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = target.add_event_listener_with_callback(ok, &resolve);
        for event in fail {
            let _ = target.add_event_listener_with_callback(event, &reject);
        }
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|_| ())
}

/// A request's result, or the error it failed with.
async fn result(request: &IdbRequest) -> Result<JsValue, StoreError> {
    match settled(request, "success", &["error"]).await {
        Ok(()) => request.result().map_err(|e| from_js(&e)),
        Err(()) => Err(request.error().ok().flatten().map_or_else(
            || StoreError::Failed("the request failed".into()),
            |e| StoreError::named(&e.name(), e.message()),
        )),
    }
}

/// Opens (and creates or upgrades) the gallery's database.
pub async fn open() -> Result<Database, StoreError> {
    open_named(DB_NAME).await
}

/// [`open`] under another name: tests use their own databases.
pub async fn open_named(name: &str) -> Result<Database, StoreError> {
    let unavailable = |e: JsValue| StoreError::Unavailable(words(from_js(&e)));
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::Unavailable("no window".into()))?
        .indexed_db()
        .map_err(unavailable)?
        .ok_or_else(|| StoreError::Unavailable("no IndexedDB".into()))?;
    let request = factory
        .open_with_u32(name, DB_VERSION)
        .map_err(unavailable)?;
    // Made to run from any older version: create what is missing.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("id"));
                let _ = db.create_object_store_with_optional_parameters(STORE, &params);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = result(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    opened
        .map_err(|e| StoreError::Unavailable(words(e)))?
        .dyn_into()
        .map_err(|_| StoreError::Unavailable("not a database".into()))
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
            store.put(record)?;
        }
        Ok(())
    })
    .await
}

/// Deletes entries by id, in one transaction.
pub async fn delete(db: &Database, ids: &[u64]) -> Result<(), StoreError> {
    write(db, |store| {
        for &id in ids {
            store.delete(&JsValue::from_f64(id as f64))?;
        }
        Ok(())
    })
    .await
}

fn begin(
    db: &Database,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), StoreError> {
    let transaction = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| from_js(&e))?;
    let store = transaction.object_store(STORE).map_err(|e| from_js(&e))?;
    Ok((transaction, store))
}

async fn write(
    db: &Database,
    requests: impl FnOnce(&IdbObjectStore) -> Result<(), JsValue>,
) -> Result<(), StoreError> {
    let (transaction, store) = begin(db, IdbTransactionMode::Readwrite)?;
    if let Err(error) = requests(&store) {
        let _ = transaction.abort();
        return Err(from_js(&error));
    }
    if settled(&transaction, "complete", &["error", "abort"])
        .await
        .is_ok()
    {
        return Ok(());
    }
    // A failed request ends the wait before its transaction has aborted
    // and says why: look again a moment later.
    if transaction.error().is_none() {
        crate::web::schedule::after_paint().await;
    }
    Err(match transaction.error() {
        Some(e) => StoreError::named(&e.name(), e.message()),
        None => StoreError::Failed("the browser aborted the write".into()),
    })
}

/// Every readable record, newest first, and why the others were skipped.
pub async fn load(db: &Database) -> Result<(Vec<Stored>, Vec<Unreadable>), StoreError> {
    let (_transaction, store) = begin(db, IdbTransactionMode::Readonly)?;
    let request = store.get_all().map_err(|e| from_js(&e))?;
    let records: js_sys::Array = result(&request).await?.dyn_into().unwrap_or_default();
    let mut stored = Vec::with_capacity(records.length() as usize);
    let mut skipped = Vec::new();
    for record in records.iter() {
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
