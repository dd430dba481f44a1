//! The clipboard: text, and images as PNG.                            [web]

use js_sys::Reflect;
use wasm_bindgen::JsCast;
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

/// Puts a PNG on the clipboard (browsers take only PNG there). Err: the
/// browser's words.
pub async fn copy_png(png: &Blob) -> Result<(), String> {
    let clipboard = clipboard().ok_or("no clipboard here")?;
    let record = js_sys::Object::new();
    Reflect::set(&record, &"image/png".into(), png).map_err(|e| format!("{e:?}"))?;
    let item = web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&record)
        .map_err(|e| format!("{e:?}"))?;
    JsFuture::from(clipboard.write(&js_sys::Array::of1(&item)))
        .await
        .map(|_| ())
        .map_err(|e| {
            Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "refused".into())
        })
}
