//! One image, or the selection: selecting, the lightbox, and what is done
//! with an image (Edit this, Reuse, Download, Copy, Share).          [web]

use super::browse::{step, IdSet};
use super::item::Item;
use super::state::{GalleryState, Handed, Reuse};
use crate::made::ToEdit;
use crate::web::download;
use leptos::prelude::*;

impl GalleryState {
    pub fn item(&self, id: u64) -> Option<Item> {
        self.items
            .with(|items| items.iter().find(|i| i.entry.id == id).cloned())
    }

    pub fn toggle(&self, id: u64) {
        self.selected.update(|s| {
            if !s.remove(id) {
                s.insert(id);
            }
        });
    }

    pub fn toggle_selecting(&self) {
        self.selecting.update(|s| *s = !*s);
        self.selected.update(IdSet::clear);
        self.confirming.set(false);
    }

    pub fn select_all(&self) {
        self.selected.set(self.matching_ids().into_iter().collect());
    }

    pub fn selected_ids(&self) -> Vec<u64> {
        self.selected.with_untracked(IdSet::to_vec)
    }

    /// Shows an image in the lightbox (or closes it).
    pub fn show(&self, id: Option<u64>) {
        self.handed.set(None);
        self.open.set(id);
    }

    /// Moves the lightbox by `by` through the images the search shows.
    pub fn step(&self, by: isize) {
        if let Some(current) = self.open.get_untracked() {
            let ids = untrack(|| self.matching_ids());
            // At either end it leads nowhere: the viewer stays as it is.
            if let Some(next) = step(&ids, current, by).filter(|&next| next != current) {
                self.show(Some(next));
            }
        }
    }

    /// "Edit this": the image goes to editing, the lightbox closes.
    pub fn edit(&self, id: u64) {
        self.show(None);
        if let Some((item, on_edit)) = self.item(id).zip(self.on_edit.get_value()) {
            let image = send_wrapper::SendWrapper::new(item.image.clone());
            let name = item.entry.file_name.clone();
            on_edit.run(ToEdit { image, name });
        }
    }

    /// Puts an image's prompt and settings back in the form.
    pub fn reuse(&self, id: u64) {
        let Some(item) = self.item(id) else {
            return;
        };
        self.show(None);
        if let Some(on_reuse) = self.on_reuse.get_value() {
            let entry = &item.entry;
            on_reuse.run(Reuse {
                prompt: entry.prompt.clone(),
                method: entry.method,
                model: entry.model.clone(),
                aspect: entry.aspect,
                count: entry.count,
            });
        }
    }

    /// Downloads one image.
    pub fn download(&self, id: u64) {
        if let Some(item) = self.item(id) {
            download::save_blob(&item.image, &item.entry.file_name);
        }
    }

    /// Puts an image on the clipboard, as PNG.
    pub async fn copy(self, id: u64) {
        let Some(item) = self.item(id) else {
            return;
        };
        let copied = match crate::web::blob::as_png(&item.image, item.entry.format).await {
            Some(png) => match crate::web::clipboard::copy_png(&png).await {
                Ok(()) => Handed::Copied,
                Err(error) => Handed::NotCopied(error),
            },
            None => Handed::NotCopied(crate::web::clipboard::CopyError::NotPng),
        };
        self.handed.set(Some(copied));
    }

    /// Opens the system's share sheet with one image, as its file. Called
    /// from the click (without a wait first: browsers share only in answer
    /// to one).
    pub async fn share(self, id: u64) {
        let Some(item) = self.item(id) else {
            return;
        };
        self.handed.set(None);
        let entry = &item.entry;
        let shared =
            crate::web::share::share_image(&item.image, &entry.file_name, entry.format.mime())
                .await;
        if let Some(error) = crate::web::share::to_say(shared) {
            self.handed.set(Some(Handed::NotShared(error)));
        }
    }

    /// "12 MB used of 1.2 GB" (reactive).
    pub fn usage_text(&self, mark: char) -> Option<(String, String)> {
        self.usage.get().map(|(used, quota)| {
            (
                crate::i18n::human_bytes(used, mark),
                crate::i18n::human_bytes(quota, mark),
            )
        })
    }
}
