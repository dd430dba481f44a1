//! One saved image as the page holds it: its entry, its bytes as `Blob`s
//! and their `blob:` URLs, made once and revoked when it goes.        [web]

use super::entry::Entry;
use super::store::{self, Stored};
use crate::web::download;
use std::sync::{Arc, OnceLock};
use wasm_bindgen::JsValue;
use web_sys::Blob;

/// One saved image, ready to show.
#[derive(Clone, Debug)]
pub struct Item {
    pub entry: Arc<Entry>,
    pub image: Blob,
    pub thumb: Option<Blob>,
    /// `blob:` URLs, made when first shown (making 600 at once for a large
    /// gallery takes ~160 ms) and revoked when the item is gone.
    urls: Arc<Urls>,
}

#[derive(Debug, Default)]
struct Urls {
    image: OnceLock<String>,
    thumb: OnceLock<String>,
}

impl Item {
    pub fn new(stored: Stored) -> Item {
        Item {
            entry: Arc::new(stored.entry),
            image: stored.image,
            thumb: stored.thumb,
            urls: Arc::default(),
        }
    }

    /// The full image's `blob:` URL.
    pub fn image_url(&self) -> String {
        self.urls
            .image
            .get_or_init(|| download::object_url(&self.image))
            .clone()
    }

    /// The thumbnail's `blob:` URL (the image's when it has none).
    pub fn thumb_url(&self) -> String {
        match &self.thumb {
            Some(thumb) => self
                .urls
                .thumb
                .get_or_init(|| download::object_url(thumb))
                .clone(),
            None => self.image_url(),
        }
    }

    pub fn record(&self) -> JsValue {
        store::record(&self.entry, &self.image, self.thumb.as_ref())
    }

    pub fn release(&self) {
        for url in [self.urls.image.get(), self.urls.thumb.get()]
            .into_iter()
            .flatten()
        {
            download::revoke(url);
        }
    }
}
