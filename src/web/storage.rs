//! `localStorage` / `sessionStorage`, where the browser allows them.  [web]
//!
//! Storage can be missing or refuse (private modes, sandboxed frames, a
//! full quota): every call here answers `None`/`false` then, never panics,
//! and the app carries on with what it has in memory.

/// Which storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// Survives reloads and restarts, on this device.
    Local,
    /// This tab only: gone when it closes.
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Local => window.local_storage(),
        Store::Session => window.session_storage(),
    }
    .ok()
    .flatten()
}

pub fn get(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(key).ok().flatten()
}

/// False when the browser refused the write.
pub fn set(store: Store, key: &str, value: &str) -> bool {
    storage(store).is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(store: Store, key: &str) {
    if let Some(s) = storage(store) {
        let _ = s.remove_item(key);
    }
}

/// Calls `changed` with the new value whenever another tab of this site
/// changes `key` in `localStorage` (`None`: removed, or all of it cleared).
/// The browser's `storage` event: never for this page's own writes, nor
/// for a write of the value already there. Listens for the page's life.
pub fn on_change_elsewhere(key: &'static str, changed: impl Fn(Option<String>) + 'static) {
    let listener = leptos::prelude::window_event_listener(leptos::ev::storage, move |event| {
        let local = storage(Store::Local).map(wasm_bindgen::JsValue::from);
        let area = event.storage_area().map(wasm_bindgen::JsValue::from);
        if local.is_none() || area != local {
            return;
        }
        match event.key() {
            Some(named) if named == key => changed(event.new_value()),
            Some(_) => {}
            None => changed(None),
        }
    });
    // Kept for the page's life: dropping the handle leaves it listening.
    drop(listener);
}
