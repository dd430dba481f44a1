//! The system's share sheet (Web Share with files), where the browser has
//! one: phones mostly. On an iPhone it is also the way to put an image in
//! Photos (a download goes to Files).                                 [web]

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Why an image was not shared.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// The person closed the share sheet, or a second tap came while it
    /// was open: nothing to say.
    Dismissed,
    /// The browser does not allow it here (no tap to answer, a frame
    /// without the permission, a file type it will not share).
    NotAllowed,
    /// The browser refused otherwise; its words.
    Refused(String),
}

/// What of a share's outcome is worth saying: nothing when it went or the
/// person closed the sheet.
pub fn to_say(outcome: Result<(), ShareError>) -> Option<ShareError> {
    outcome
        .err()
        .filter(|error| *error != ShareError::Dismissed)
}

/// `navigator` and one of its methods, where the browser has it (calling
/// one that is missing would throw through the wasm stack).
fn navigator_method(name: &str) -> Option<(JsValue, Function)> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let method = Reflect::get(&navigator, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((navigator, method))
}

/// `{files: [file]}`: the file named `name`, of type `mime`.
fn share_data(blob: &Blob, name: &str, mime: &str) -> Option<Object> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    let file = web_sys::File::new_with_blob_sequence_and_options(&Array::of1(blob), name, &options)
        .ok()?;
    let data = Object::new();
    Reflect::set(&data, &"files".into(), &Array::of1(&file)).ok()?;
    Some(data)
}

/// Whether this browser can share an image file.
pub fn can_share_images() -> bool {
    let (Some((navigator, can_share)), Some(_)) =
        (navigator_method("canShare"), navigator_method("share"))
    else {
        return false;
    };
    let Some(data) = Blob::new()
        .ok()
        .and_then(|empty| share_data(&empty, "image.png", "image/png"))
    else {
        return false;
    };
    can_share
        .call1(&navigator, &data)
        .is_ok_and(|can| can.is_truthy())
}

/// Opens the share sheet with one image file. Called from a click:
/// browsers share only in answer to one.
pub async fn share_image(blob: &Blob, name: &str, mime: &str) -> Result<(), ShareError> {
    let refused = |words: &str| ShareError::Refused(words.to_string());
    let (navigator, share) = navigator_method("share").ok_or_else(|| refused("no share sheet"))?;
    let data = share_data(blob, name, mime).ok_or_else(|| refused("no file"))?;
    let promise = share
        .call1(&navigator, &data)
        .map_err(|e| refused(&words(&e)))?
        .dyn_into::<Promise>()
        .map_err(|_| refused("no answer"))?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| {
        let name = Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        match name.as_deref() {
            Some("AbortError" | "InvalidStateError") => ShareError::Dismissed,
            Some("NotAllowedError") => ShareError::NotAllowed,
            _ => refused(&words(&e)),
        }
    })
}

/// An exception's message, or its name.
fn words(error: &JsValue) -> String {
    ["message", "name"]
        .iter()
        .find_map(|key| {
            Reflect::get(error, &(*key).into())
                .ok()
                .and_then(|v| v.as_string())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "refused".into())
}
