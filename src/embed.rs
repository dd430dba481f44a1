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

use crate::api::request::Order;
use crate::image::GeneratedImage;
use wasm_bindgen::JsValue;

/// Posts each image to the parent page, when there is one.
pub fn notify_parent(origin: &str, order: &Order, images: &[GeneratedImage]) {
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
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&message, &key.into(), &value);
        };
        set("type", "sinh-anh:image".into());
        set("index", (image.index as f64).into());
        set("url", image.source.url().into());
        set("fileName", image.file_name(&order.prompt).into());
        set("prompt", order.prompt.as_str().into());
        set("model", order.model.as_str().into());
        set("method", order.method.code().into());
        // A wrong origin is the parent's to notice: the browser drops the message.
        let _ = parent.post_message(&message, origin);
    }
}
