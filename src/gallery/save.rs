//! Keeping the images just made: decoded by the browser, thumbnailed and
//! written, from the same JS values the page shows.                  [web]

use super::entry::Entry;
use super::error::Notice;
use super::item::Item;
use super::state::GalleryState;
use super::store::{StoreError, Stored};
use crate::made::Made;
use crate::web::{blob, clock};
use js_sys::Uint8Array;
use leptos::prelude::*;
use web_sys::Blob;

/// Thumbnail width in pixels: sharp in a ~190 px cell on a 2× screen.
pub const THUMB_WIDTH: u32 = 384;

/// Why an image is not kept.
pub(super) enum Unkept {
    /// The browser cannot decode it as a picture.
    NotAPicture,
    Store(StoreError),
}

impl GalleryState {
    /// Saves every image of an answer with what made it. Runs after the
    /// images are on screen; a failure leaves them there.
    pub async fn save(self, made: Made) {
        let Some(db) = self.database().await else {
            return;
        };
        let (mut not_kept, mut not_pictures) = (0, 0);
        let mut ready = Vec::new();
        for image in made.images {
            let Some(bytes) = image.bytes.bytes() else {
                not_kept += 1;
                continue;
            };
            let Some(format) = blob::sniff(&bytes) else {
                not_pictures += 1;
                continue;
            };
            let entry = Entry {
                id: self.new_id(),
                created_ms: clock::now_ms(),
                prompt: made.prompt.clone(),
                prompt_sent: made.prompt_sent.clone(),
                method: made.method,
                model: made.model.clone(),
                aspect: made.aspect,
                count: Some(made.count),
                reply: made.reply.clone(),
                revised_prompt: image.revised_prompt,
                duration_ms: made.duration_ms,
                format,
                file_name: image.file_name,
                bytes: u64::from(bytes.length()),
                crc32: blob::crc32(&bytes),
                turn: made.turn.map(|t| (t.conversation, t.number)),
            };
            match prepare(entry, &bytes).await {
                Ok(item) => ready.push(item),
                Err(Unkept::NotAPicture) => not_pictures += 1,
                Err(Unkept::Store(e)) => self.notice.set(Some(Notice::from_store(e, 1))),
            }
        }
        if let Err((error, lost)) = self.keep(&db, ready).await {
            self.notice.set(Some(Notice::from_store(error, lost)));
        } else if not_pictures > 0 {
            self.notice.set(Some(Notice::NotPictures(not_pictures)));
        } else if not_kept > 0 {
            self.notice.set(Some(Notice::LinkNotKept(not_kept)));
        }
        self.refresh_usage().await;
    }
}

/// An image ready to write: its Blob, checked by the browser's own decoder
/// (the first bytes can lie: a PNG signature in front of a web page), and
/// its thumbnail.
async fn prepare(entry: Entry, bytes: &Uint8Array) -> Result<Item, Unkept> {
    let image = blob::blob_of(bytes, entry.format.mime())
        .ok_or_else(|| Unkept::Store(StoreError::Failed("no Blob".into())))?;
    let decoding = blob::start_decode(&image, Some(THUMB_WIDTH));
    finish(entry, image, decoding).await
}

/// Waits for a started decode and makes the thumbnail from it.
pub(super) async fn finish(
    entry: Entry,
    image: Blob,
    decoding: Option<js_sys::Promise>,
) -> Result<Item, Unkept> {
    let thumb = match blob::finish_decode(decoding).await {
        Some(bitmap) => blob::encode(bitmap, "image/webp").await,
        None => return Err(Unkept::NotAPicture),
    };
    Ok(Item::new(Stored {
        entry,
        image,
        thumb,
        needs_upgrade: false,
    }))
}
