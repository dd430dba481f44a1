//! IndexedDB, straight through web-sys: a request or a transaction as a
//! future, and a database opened with the stores it needs.           [web]
//!
//! Every write is one transaction awaited to its end: written means
//! committed, and a refused or aborted one leaves nothing half-written.
//! (Not the `idb` crate: the few requests here are each a promise around a
//! request's events, and the crate brought an async runtime's channels.)

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

/// A DOM exception's name and message, as the browser said them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdbError {
    pub name: String,
    pub message: String,
}

impl IdbError {
    /// The browser gave no reason (no IndexedDB at all, or a request
    /// failed without an error): the texts say so in the page's language.
    fn unsaid() -> Self {
        IdbError {
            name: String::new(),
            message: String::new(),
        }
    }

    /// The browser's words: its message, or the error's name; empty when
    /// it said none.
    pub fn words(&self) -> String {
        if self.message.is_empty() {
            self.name.clone()
        } else {
            self.message.clone()
        }
    }
}

/// A thrown DOM exception as an [`IdbError`].
pub fn from_js(error: &JsValue) -> IdbError {
    let text = |key: &str| {
        Reflect::get(error, &key.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    IdbError {
        name: text("name"),
        message: text("message"),
    }
}

/// Resolves when `target` fires `ok`, rejects when it fires `fail`: the
/// events of a request or a transaction, as a promise.
pub async fn settled(target: &web_sys::EventTarget, ok: &str, fail: &[&str]) -> Result<(), ()> {
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
pub async fn result(request: &IdbRequest) -> Result<JsValue, IdbError> {
    match settled(request, "success", &["error"]).await {
        Ok(()) => request.result().map_err(|e| from_js(&e)),
        Err(()) => Err(request
            .error()
            .ok()
            .flatten()
            .map_or_else(IdbError::unsaid, |e| IdbError {
                name: e.name(),
                message: e.message(),
            })),
    }
}

/// Opens (creating or upgrading) database `name` with these object stores,
/// each keyed by its records' `id`.
pub async fn open(
    name: &str,
    version: u32,
    stores: &'static [&'static str],
) -> Result<IdbDatabase, IdbError> {
    let factory = web_sys::window()
        .ok_or_else(IdbError::unsaid)?
        .indexed_db()
        .map_err(|e| from_js(&e))?
        .ok_or_else(IdbError::unsaid)?;
    let request = factory
        .open_with_u32(name, version)
        .map_err(|e| from_js(&e))?;
    // Made to run from any older version: create what is missing.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let db = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            for store in stores {
                if !db.object_store_names().contains(store) {
                    let params = web_sys::IdbObjectStoreParameters::new();
                    params.set_key_path(&JsValue::from_str("id"));
                    let _ = db.create_object_store_with_optional_parameters(store, &params);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = result(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    let db: IdbDatabase = opened?.dyn_into().map_err(|_| IdbError::unsaid())?;
    // A newer version of the page, in another tab, upgrading the database
    // would wait for this one for ever: this page lets go (its later
    // writes fail, and say so) instead of blocking it.
    let this = db.clone();
    let close = Closure::once_into_js(move || this.close());
    db.set_onversionchange(Some(close.unchecked_ref()));
    Ok(db)
}

/// A transaction on one store.
pub fn begin(
    db: &IdbDatabase,
    store: &str,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), IdbError> {
    let transaction = db
        .transaction_with_str_and_mode(store, mode)
        .map_err(|e| from_js(&e))?;
    let object_store = transaction.object_store(store).map_err(|e| from_js(&e))?;
    Ok((transaction, object_store))
}

/// Makes `requests` in one read-write transaction; done only when it has
/// committed.
pub async fn write(
    db: &IdbDatabase,
    store: &str,
    requests: impl FnOnce(&IdbObjectStore) -> Result<(), JsValue>,
) -> Result<(), IdbError> {
    let (transaction, object_store) = begin(db, store, IdbTransactionMode::Readwrite)?;
    if let Err(error) = requests(&object_store) {
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
        Some(e) => IdbError {
            name: e.name(),
            message: e.message(),
        },
        None => IdbError::unsaid(),
    })
}

/// Every record of a store, in key order.
pub async fn get_all(db: &IdbDatabase, store: &str) -> Result<Array, IdbError> {
    let (_transaction, object_store) = begin(db, store, IdbTransactionMode::Readonly)?;
    let request = object_store.get_all().map_err(|e| from_js(&e))?;
    Ok(result(&request).await?.dyn_into().unwrap_or_default())
}
