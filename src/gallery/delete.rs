//! Deleting images, with Undo for a while: the records go from the
//! database at once, the items wait in the undo box.                  [web]

use super::browse::{neighbour_after_delete, UndoBox, UNDO_MS};
use super::entry::insert_newest_first;
use super::error::Notice;
use super::item::Item;
use super::state::GalleryState;
use super::store;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

impl GalleryState {
    /// Deletes one image from the lightbox, which moves on to the next.
    pub fn delete_one(self, id: u64) {
        if self.open.get_untracked() == Some(id) {
            let ids = untrack(|| self.matching_ids());
            self.show(neighbour_after_delete(&ids, id));
        }
        leptos::task::spawn_local(self.delete(vec![id]));
    }

    /// Deletes now, and offers Undo for [`UNDO_MS`].
    pub async fn delete(self, ids: Vec<u64>) {
        let Some(db) = self.database().await else {
            return;
        };
        self.confirming.set(false);
        if let Err(e) = store::delete(&db, &ids).await {
            self.notice.set(Some(Notice::from_store(e, 0)));
            return;
        }
        let mut removed = Vec::new();
        self.items.update(|items| {
            items.retain(|item| {
                let gone = ids.contains(&item.entry.id);
                if gone {
                    removed.push(item.clone());
                }
                !gone
            })
        });
        self.selected.update(|s| s.retain(|id| !ids.contains(id)));
        if self
            .open
            .get_untracked()
            .is_some_and(|id| ids.contains(&id))
        {
            self.show(None);
        }
        let (ticket, count) = self
            .undo
            .try_update_value(|undo| undo.push(removed))
            .unwrap_or_default();
        self.can_undo.set(true);
        self.notice.set(Some(Notice::Deleted(count)));
        set_timeout(
            move || {
                let expired = self
                    .undo
                    .try_update_value(|undo| undo.expire(ticket))
                    .flatten();
                // The words stay ("2 images deleted."), Undo goes: focus may
                // be on the notice, which must not turn empty under it.
                if let Some(items) = expired {
                    items.iter().for_each(Item::release);
                    self.can_undo.set(false);
                }
            },
            std::time::Duration::from_millis(UNDO_MS),
        );
        self.refresh_usage().await;
    }

    /// Puts the last deleted images back, as they were.
    pub async fn undo(self) {
        let Some(db) = self.database().await else {
            return;
        };
        let Some(items) = self.undo.try_update_value(UndoBox::take).flatten() else {
            return;
        };
        self.can_undo.set(false);
        let records: Vec<JsValue> = items.iter().map(Item::record).collect();
        match store::put(&db, &records).await {
            Ok(()) => {
                let count = items.len();
                // Put back from the viewer: it shows the image again (the
                // newest put back, where the gallery lists it first).
                let back = items.iter().map(|i| i.entry.id).max();
                self.items.update(|list| {
                    for item in items {
                        insert_newest_first(list, item, |i| &i.entry);
                    }
                });
                self.notice.set(Some(Notice::Restored(count)));
                if self.open.get_untracked().is_some() {
                    if let Some(back) = back {
                        self.show(Some(back));
                    }
                }
            }
            Err(e) => {
                items.iter().for_each(Item::release);
                self.notice.set(Some(Notice::from_store(e, 0)));
            }
        }
        self.refresh_usage().await;
    }
}
