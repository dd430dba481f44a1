//! The system's share sheet (Web Share with files), where the browser has
//! one: phones mostly. On an iPhone it is also the way to put an image in
//! Photos (a download goes to Files).                                 [web]

use super::blob::{js_error_name, js_message};
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

/// Whether this browser can share an image file. Asked once: each result
/// card asks while it is built, on the way to its pixels.
pub fn can_share_images() -> bool {
    static CAN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CAN.get_or_init(ask_can_share)
}

fn ask_can_share() -> bool {
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
    // Failures of our own have no words to show (English ones would land
    // inside the Vietnamese page): the message says what to do instead.
    let no_words = || ShareError::Refused(String::new());
    let (navigator, share) = navigator_method("share").ok_or_else(no_words)?;
    let data = share_data(blob, name, mime).ok_or_else(no_words)?;
    let promise = share
        .call1(&navigator, &data)
        .map_err(|e| refused(&e))?
        .dyn_into::<Promise>()
        .map_err(|_| no_words())?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| refused(&e))
}

/// What an exception from the share sheet means.
fn refused(error: &JsValue) -> ShareError {
    match js_error_name(error).as_deref() {
        Some("AbortError" | "InvalidStateError") => ShareError::Dismissed,
        Some("NotAllowedError") => ShareError::NotAllowed,
        _ => ShareError::Refused(js_message(error)),
    }
}
