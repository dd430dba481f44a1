//! The references of the next request: added, moved, removed, kept for a
//! reload.                                                           [web]
//!
//! `Copy`, provided once by `<App/>`, read with [`use_edit`]. What goes to
//! generation is [`EditState::attachments`]; the switch to the chat method
//! is asked of `app.rs` through the `on_attach` callback.

use super::model::{self, EditError, EditErrorKind, Reference};
use super::{prepare, store};
use crate::made::{Attachments, ToEdit};
use crate::web::json::JsText;
use crate::web::{clock, download};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{Blob, IdbDatabase};

/// One reference as the page holds it.
#[derive(Clone, Debug)]
pub struct Held {
    pub reference: Reference,
    pub image: SendWrapper<Blob>,
    /// Its `data:` URL, as it is sent.
    pub url: JsText,
    /// A `blob:` URL for its thumbnail, revoked when it goes.
    pub thumb: String,
}

#[derive(Clone, Copy)]
pub struct EditState {
    pub held: RwSignal<Vec<Held>>,
    /// What went wrong with the files of the latest addition, by name.
    pub problems: RwSignal<Vec<EditError>>,
    /// Files being prepared.
    pub preparing: RwSignal<usize>,
    /// The method was switched to chat for these references.
    pub switched: RwSignal<bool>,
    next_id: StoredValue<u64>,
    db: StoredValue<Option<SendWrapper<IdbDatabase>>>,
    on_attach: StoredValue<Option<Callback<(), bool>>>,
}

impl EditState {
    pub fn new() -> Self {
        EditState {
            held: RwSignal::new(Vec::new()),
            problems: RwSignal::new(Vec::new()),
            preparing: RwSignal::new(0),
            switched: RwSignal::new(false),
            next_id: StoredValue::new(0),
            db: StoredValue::new(None),
            on_attach: StoredValue::new(None),
        }
    }

    /// Who makes sure the method takes images (`app.rs`: the settings);
    /// it answers whether it switched.
    pub fn wire(&self, on_attach: Callback<(), bool>) {
        self.on_attach.set_value(Some(on_attach));
    }

    /// What the next request sends (reactive).
    pub fn attachments(&self) -> Attachments {
        self.held.with(|held| Attachments {
            images: held.iter().map(|h| h.reference.attached()).collect(),
            urls: held.iter().map(|h| h.url.clone()).collect(),
        })
    }

    /// Brings back the references of the last visit.
    pub async fn load(self) {
        let db = match store::open().await {
            Ok(db) => db,
            Err(_) => return self.problem(EditErrorKind::NotKept, String::new()),
        };
        let kept = store::load(&db).await.unwrap_or_default();
        self.db.set_value(Some(SendWrapper::new(db)));
        let mut held = Vec::with_capacity(kept.len());
        for (reference, image) in kept {
            self.next_id
                .update_value(|id| *id = (*id).max(reference.id + 1));
            if let Some(url) = prepare::data_url(&image).await {
                held.push(hold(reference, image, url));
            }
        }
        if !held.is_empty() {
            self.held.update(|list| {
                // Anything added while loading comes after.
                held.append(list);
                *list = held;
            });
        }
    }

    /// Adds files as references, in order (`first`: before the others,
    /// as "Edit this" does). Each file that cannot be one is said by name;
    /// the others are added.
    pub async fn add(self, files: Vec<(Blob, String)>, first: bool) {
        if files.is_empty() {
            return;
        }
        self.problems.set(Vec::new());
        self.preparing.update(|n| *n += files.len());
        let mut added = Vec::new();
        for (file, name) in files {
            let id = self.new_id();
            let held: Vec<Reference> = self
                .held
                .with_untracked(|list| list.iter().map(|h| h.reference.clone()).collect());
            let mut beside = held;
            beside.extend(added.iter().map(|h: &Held| h.reference.clone()));
            let result = match prepare::prepare(&file, &name, id, &beside).await {
                Ok(ready) => match prepare::data_url(&ready.image).await {
                    Some(url) => Ok(hold(ready.reference, ready.image, url)),
                    None => Err(EditErrorKind::Unreadable),
                },
                Err(kind) => Err(kind),
            };
            match result {
                Ok(held) => added.push(held),
                Err(kind) => self.problem(kind, name),
            }
            self.preparing.update(|n| *n = n.saturating_sub(1));
        }
        if added.is_empty() {
            return;
        }
        // Said until the references are gone.
        if self.on_attach.get_value().is_some_and(|ask| ask.run(())) {
            self.switched.set(true);
        }
        self.held.update(|list| {
            if first {
                added.append(list);
                *list = added;
            } else {
                list.append(&mut added);
            }
        });
        self.persist();
    }

    /// "Edit this": the image becomes the first reference.
    pub async fn edit(self, image: ToEdit) {
        self.add(vec![(image.image.take(), image.name)], true).await;
    }

    pub fn remove(&self, id: u64) {
        self.held.update(|list| {
            list.retain(|h| {
                let keep = h.reference.id != id;
                if !keep {
                    download::revoke(&h.thumb);
                }
                keep
            })
        });
        self.problems.set(Vec::new());
        if self.held.with_untracked(Vec::is_empty) {
            self.switched.set(false);
        }
        self.persist();
    }

    /// Moves a reference by `by` places (−1: earlier).
    pub fn shift(&self, index: usize, by: isize) {
        let mut moved = false;
        self.held
            .update(|list| moved = model::shift(list, index, by));
        if moved {
            self.persist();
        }
    }

    /// Removes every reference.
    pub fn clear(&self) {
        self.held.update(|list| {
            for h in list.drain(..) {
                download::revoke(&h.thumb);
            }
        });
        self.problems.set(Vec::new());
        self.switched.set(false);
        self.persist();
    }

    fn problem(&self, kind: EditErrorKind, file: String) {
        self.problems.update(|p| p.push(EditError { kind, file }));
    }

    fn new_id(&self) -> u64 {
        let id = self.next_id.get_value().max(clock::now_ms() as u64);
        self.next_id.set_value(id + 1);
        id
    }

    /// Writes the list as it is now (a reload brings it back).
    fn persist(&self) {
        let list: Vec<(Reference, Blob)> = self.held.with_untracked(|list| {
            list.iter()
                .map(|h| (h.reference.clone(), (*h.image).clone()))
                .collect()
        });
        let this = *self;
        leptos::task::spawn_local(async move {
            let db = match this
                .db
                .with_value(|db| db.as_ref().map(|db| (**db).clone()))
            {
                Some(db) => Some(db),
                None => store::open().await.ok(),
            };
            let saved = match db {
                Some(db) => store::save(&db, &list).await.is_ok(),
                None => false,
            };
            if !saved {
                this.problem(EditErrorKind::NotKept, String::new());
            }
        });
    }
}

impl Default for EditState {
    fn default() -> Self {
        Self::new()
    }
}

fn hold(reference: Reference, image: Blob, url: JsText) -> Held {
    Held {
        thumb: download::object_url(&image),
        reference,
        image: SendWrapper::new(image),
        url,
    }
}

/// The state `<App/>` provides.
pub fn use_edit() -> EditState {
    expect_context::<EditState>()
}
