//! Embedding in another site's `<iframe>`: the opt-in message to the
//! parent page when an image is ready.                               [web]
//!
//! Sent only when `config.json` names the parent's origin
//! (`notifyParentOrigin`): the browser then delivers it to that origin
//! only, never to `*`. The message carries the image and what made it,
//! never the key:
//!
//! ```json
//! {"type": "sinh-anh:image", "index": 0, "url": "data:image/png;base64,…",
//!  "fileName": "a-red-fox-1.png", "prompt": "a red fox", "model": "imagen-4",
//!  "method": "standard"}
//! ```

use crate::api::image::GeneratedImage;
use crate::api::types::Method;
use crate::web::json::JsText;
use wasm_bindgen::JsValue;

/// What made the images, for the message.
pub struct Made<'a> {
    pub prompt: &'a str,
    pub model: &'a str,
    pub method: Method,
}

/// Posts each image to the parent page, when there is one. The image's URL
/// goes as the engine's own string: no copy of its megabytes.
pub fn notify_parent(origin: &str, made: &Made<'_>, images: &[GeneratedImage<JsText>]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parent = match window.parent() {
        Ok(Some(parent)) => parent,
        _ => return,
    };
    // Not framed: the parent is the window itself.
    if JsValue::from(&parent) == JsValue::from(&window) {
        return;
    }
    for image in images {
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &key.into(), value);
        };
        set("type", &"sinh-anh:image".into());
        set("index", &(image.index as f64).into());
        set("url", image.source.url().as_js());
        set("fileName", &image.file_name(made.prompt).into());
        set("prompt", &made.prompt.into());
        set("model", &made.model.into());
        set("method", &made.method.code().into());
        // A wrong origin is the parent's to notice: the browser drops the message.
        let _ = parent.post_message(&message, origin);
    }
}
