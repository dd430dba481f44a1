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

/// The images of the latest run the gallery kept, by their number in the
/// run: a result opens in the lightbox with one click, also when it is
/// clicked before it has been written.
#[derive(Clone, Copy, Default)]
pub struct Latest {
    /// The run, and `(number in the run, id)` of each image kept of it.
    kept: StoredValue<(u64, Vec<(usize, u64)>)>,
    /// A result clicked before it was kept, and when: shown once it is,
    /// unless that is long after the click (the person has moved on).
    wanted: StoredValue<Option<(u64, usize, f64)>>,
}

/// How long a click on a result not yet kept waits for it.
const CLICK_WAITS_MS: f64 = 10_000.0;

impl Latest {
    /// Notes the images kept of `run` (an older run's are forgotten; a
    /// late answer of one before it changes nothing). Returns the id a
    /// click is waiting for, if it is among them.
    fn kept(&self, run: u64, ids: &[(usize, u64)]) -> Option<u64> {
        self.kept.update_value(|(latest, kept)| {
            if run > *latest {
                *latest = run;
                kept.clear();
            }
            if run == *latest {
                kept.extend_from_slice(ids);
            }
        });
        let (wanted_run, index, clicked_at) = self.wanted.get_value()?;
        let id = ids.iter().find(|(i, _)| *i == index).map(|(_, id)| *id);
        if wanted_run != run || id.is_none() {
            return None;
        }
        self.wanted.set_value(None);
        id.filter(|_| clock::now_ms() - clicked_at < CLICK_WAITS_MS)
    }
}

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
            // Still so (a new run cleared the words): not kept.
            self.say_unavailable();
            return;
        };
        let (mut not_kept, mut not_pictures) = (0, 0);
        let (mut ready, mut indices) = (Vec::new(), Vec::new());
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
                id: self.id_for(made.run, made.count, image.index),
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
                Ok(item) => {
                    indices.push(image.index);
                    ready.push(item);
                }
                Err(Unkept::NotAPicture) => not_pictures += 1,
                Err(Unkept::Store(e)) => self.notice.set(Some(Notice::from_store(e, 1))),
            }
        }
        let ids: Vec<(usize, u64)> = indices
            .into_iter()
            .zip(ready.iter().map(|item| item.entry.id))
            .collect();
        match self.keep(&db, ready).await {
            Err((error, lost)) => self.notice.set(Some(Notice::from_store(error, lost))),
            Ok(()) => {
                // A result clicked before it was kept opens now.
                if let Some(id) = self.latest.kept(made.run, &ids) {
                    self.show(Some(id));
                }
                if not_pictures > 0 {
                    self.notice.set(Some(Notice::NotPictures(not_pictures)));
                } else if not_kept > 0 {
                    self.notice.set(Some(Notice::LinkNotKept(not_kept)));
                }
            }
        }
        self.refresh_usage().await;
    }

    /// The id of image `index` of run `run`, which asked for `count`. A
    /// run's ids are taken as one block, its first image's the largest:
    /// the gallery (newest first) then lists a run's images in their order,
    /// as the results show them (the viewer opened on image 1 says "1 of
    /// 2"), whichever answer came first (chat's images are one answer
    /// each). An image past the count asked has an id of its own.
    fn id_for(&self, run: u64, count: u8, index: usize) -> u64 {
        let count = usize::from(count.max(1));
        if index >= count {
            return self.new_id();
        }
        let base = match self.run_ids.get_value() {
            Some((taken_for, base)) if taken_for == run => base,
            _ => {
                let base = self.new_ids(count);
                self.run_ids.set_value(Some((run, base)));
                base
            }
        };
        base + (count - 1 - index) as u64
    }

    /// A result clicked: image `index` of `run` in the lightbox, now if
    /// it is kept, else as soon as it is.
    pub fn show_made(&self, run: u64, index: usize) {
        // Nothing is kept to show (the click waited for it for ever).
        if self.loaded.get_untracked() && self.say_unavailable() {
            return;
        }
        let kept = self.latest.kept.with_value(|(latest, kept)| {
            kept.iter()
                .find(|(i, _)| *latest == run && *i == index)
                .map(|(_, id)| *id)
        });
        match kept {
            // Deleted from the gallery since: nothing to show, and said
            // (beside the results, where the click was).
            Some(id) if self.item(id).is_none() => self.notice.set(Some(Notice::NoLongerKept)),
            Some(id) => self.show(Some(id)),
            None => self
                .latest
                .wanted
                .set_value(Some((run, index, clock::now_ms()))),
        }
    }

    /// A new run begins: what the last one could not save is old news.
    /// (Cleared here, not by a later successful save: the requests of one
    /// run save in parallel and must not erase each other's warning.)
    pub fn new_run(&self) {
        // A click on the last run's results no longer waits.
        self.latest.wanted.set_value(None);
        if self
            .notice
            .with_untracked(|n| n.as_ref().is_some_and(Notice::is_about_saving))
        {
            self.notice.set(None);
        }
    }
}

/// An image ready to write: its Blob, checked by the browser's own decoder
/// (the first bytes can lie: a PNG signature in front of a web page), and
/// its thumbnail.
async fn prepare(entry: Entry, bytes: &Uint8Array) -> Result<Item, Unkept> {
    let image = blob::blob_of(bytes, entry.format.mime())
        .ok_or_else(|| Unkept::Store(StoreError::Failed(String::new())))?;
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
