//! Downloads and `blob:` URLs.                                        [web]

use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// A `blob:` URL for `blob` (empty if the browser refuses, which it does
/// not in practice).
pub fn object_url(blob: &Blob) -> String {
    web_sys::Url::create_object_url_with_blob(blob).unwrap_or_default()
}

/// Lets a `blob:` URL go.
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// A `blob:` URL revoked when its last holder lets go of it, whoever that
/// is: the view that shows it, or a run that was replaced before it was
/// ever shown.
#[derive(Debug, PartialEq)]
pub struct ObjectUrl(String);

impl ObjectUrl {
    /// `None` if the browser refuses (an empty `href` would download the
    /// page itself).
    pub fn of(blob: &Blob) -> Option<Arc<ObjectUrl>> {
        let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
        Some(Arc::new(ObjectUrl(url)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        revoke(&self.0);
    }
}

/// Offers a blob as a download, like a click on `<a download>`. `false`
/// when the page has no document to click in.
pub fn save_blob(blob: &Blob, name: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    let url = object_url(blob);
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has its own reference by now; the URL can go soon.
    leptos::prelude::set_timeout(move || revoke(&url), std::time::Duration::from_secs(60));
    true
}
