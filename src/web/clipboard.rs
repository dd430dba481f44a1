//! The clipboard: text, and images as PNG.                            [web]

use super::blob::{js_error_name, js_message};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// `navigator.clipboard`, which is undefined outside secure contexts:
/// calling into it unchecked would throw through the wasm stack.
fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| c.is_object())
        .map(|c| c.unchecked_into())
}

/// Writes `text`; false where the browser refuses (no permission, an
/// insecure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = clipboard() else {
        return false;
    };
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Why an image was not copied.
#[derive(Clone, Debug, PartialEq)]
pub enum CopyError {
    /// No clipboard here (an insecure page), or the browser does not allow
    /// writing to it.
    NotAllowed,
    /// The image could not be made a PNG (browsers take only PNG there).
    NotPng,
    /// The browser refused otherwise; its words.
    Refused(String),
}

/// Puts a PNG on the clipboard (browsers take only PNG there).
pub async fn copy_png(png: &Blob) -> Result<(), CopyError> {
    let clipboard = clipboard().ok_or(CopyError::NotAllowed)?;
    let refused = |e: JsValue| match js_error_name(&e).as_deref() {
        Some("NotAllowedError") => CopyError::NotAllowed,
        _ => CopyError::Refused(js_message(&e)),
    };
    let record = js_sys::Object::new();
    Reflect::set(&record, &"image/png".into(), png).map_err(refused)?;
    let item = web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&record)
        .map_err(refused)?;
    JsFuture::from(clipboard.write(&js_sys::Array::of1(&item)))
        .await
        .map(|_| ())
        .map_err(refused)
}
