//! The references of the next request: added, moved, removed, kept for a
//! reload.                                                           [web]
//!
//! `Copy`, provided once by `<App/>`, read with [`use_edit`]. What goes to
//! generation is [`EditState::attachments`]; the switch to the chat method
//! is asked of `app.rs` through the `on_attach` callback.

use super::conversation::Conversation;
use super::model::{self, EditError, EditErrorKind, Reference};
use super::refine::{TurnImage, ASSISTANT_IMAGES_KEY};
use super::{prepare, store};
use crate::api::request::Attached;
use crate::made::{Attachments, ToEdit};
use crate::web::json::JsText;
use crate::web::storage::{self, Store};
use crate::web::{clock, download};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{Blob, IdbDatabase};

/// Where the references are kept.
#[derive(Clone, Debug)]
enum Storage {
    /// Not read yet: a change waits (a write now would replace what is kept).
    Loading,
    /// Not read yet, and the list changed meanwhile: written once read.
    Changed,
    Open(SendWrapper<IdbDatabase>),
    /// Cannot be read (no IndexedDB, or it failed): never written over.
    Unavailable,
}

/// One reference as the page holds it.
#[derive(Clone, Debug)]
pub struct Held {
    pub reference: Reference,
    pub image: SendWrapper<Blob>,
    /// Its `data:` URL, as it is sent.
    pub url: JsText,
    /// A `blob:` URL for its thumbnail, revoked when it goes.
    pub thumb: String,
    /// With an area marked: the picture as it was, to go back to.
    pub unmarked: Option<Box<Held>>,
}

#[derive(Clone, Copy)]
pub struct EditState {
    /// Each prompt continues the conversation (refining step by step).
    pub refining: RwSignal<bool>,
    pub conversation: RwSignal<Conversation>,
    pub turn_images: RwSignal<Vec<TurnImage>>,
    /// Earlier results go as assistant images (a gateway that passes them on).
    pub assistant_images: RwSignal<bool>,
    pub held: RwSignal<Vec<Held>>,
    /// What went wrong with the files of the latest addition, by name.
    pub problems: RwSignal<Vec<EditError>>,
    /// Files being prepared.
    pub preparing: RwSignal<usize>,
    /// The reference whose area is being marked.
    pub marking: RwSignal<Option<u64>>,
    /// The method was switched to chat for these references.
    pub switched: RwSignal<bool>,
    next_id: StoredValue<u64>,
    storage: StoredValue<Storage>,
    /// Where the conversation's turns are kept, once read (`refine.rs`).
    pub(super) turns_db: StoredValue<Option<SendWrapper<IdbDatabase>>>,
    on_attach: StoredValue<Option<Callback<(), bool>>>,
}

impl EditState {
    pub fn new() -> Self {
        EditState {
            refining: RwSignal::new(false),
            conversation: RwSignal::new(Conversation::new(clock::now_ms() as u64)),
            turn_images: RwSignal::new(Vec::new()),
            assistant_images: RwSignal::new(
                storage::get(Store::Local, ASSISTANT_IMAGES_KEY).is_some_and(|v| v == "1"),
            ),
            held: RwSignal::new(Vec::new()),
            problems: RwSignal::new(Vec::new()),
            preparing: RwSignal::new(0),
            marking: RwSignal::new(None),
            switched: RwSignal::new(false),
            next_id: StoredValue::new(0),
            storage: StoredValue::new(Storage::Loading),
            turns_db: StoredValue::new(None),
            on_attach: StoredValue::new(None),
        }
    }

    /// Who makes sure the method takes images (`app.rs`: the settings);
    /// it answers whether it switched.
    pub fn wire(&self, on_attach: Callback<(), bool>) {
        self.on_attach.set_value(Some(on_attach));
    }

    /// What the next request sends (reactive): when refining, the image
    /// being refined first (image 0), then the references; the earlier
    /// turns before the prompt.
    pub fn attachments(&self) -> Attachments {
        let mut out = Attachments::default();
        if self.refining.get() {
            let conversation = self.conversation.get();
            let refined = conversation.at.and_then(|at| {
                self.turn_images
                    .with(|images| images.iter().find(|i| i.number == at).cloned())
            });
            if let Some(image) = refined {
                let sent = conversation.sent(self.assistant_images.get());
                out.images.push(Attached {
                    format: image.format,
                    url_len: model::data_url_len(image.bytes, image.format),
                    name: format!("turn-{}.{}", image.number, image.format.extension()),
                });
                out.urls.push(image.url);
                out.history = sent.history;
                if sent.image_with_prompt {
                    out.attach.push(0);
                }
            }
            out.turn = Some(conversation.next(self.held.with(Vec::len)));
        }
        self.held.with(|held| {
            for h in held {
                out.attach.push(out.images.len());
                out.images.push(h.reference.attached());
                out.urls.push(h.url.clone());
            }
        });
        out
    }

    /// Brings back the references of the last visit.
    /// Until it has, nothing is written: a write would replace what is
    /// kept before it was read. A storage that cannot be read is never
    /// written over, and is said.
    pub async fn load(self) {
        let opened = match store::open().await {
            Ok(db) => store::load(&db).await.map(|kept| (db, kept)),
            Err(e) => Err(e),
        };
        let Ok((db, kept)) = opened else {
            self.storage.set_value(Storage::Unavailable);
            return self.problem(EditErrorKind::NotKept, String::new());
        };
        let mut held = Vec::with_capacity(kept.len());
        for kept in kept {
            let reference = kept.reference;
            self.next_id
                .update_value(|id| *id = (*id).max(reference.id.saturating_add(1)));
            let Some(url) = prepare::data_url(&kept.image).await else {
                continue;
            };
            let mut h = hold(reference.clone(), kept.image, url);
            if let Some(original) = kept.unmarked {
                if let Some(url) = prepare::data_url(&original).await {
                    let format = crate::api::image::ImageFormat::from_mime(&original.type_())
                        .unwrap_or(reference.format);
                    let unmarked = Reference {
                        format,
                        bytes: original.size() as u64,
                        ..reference
                    };
                    h.unmarked = Some(Box::new(hold(unmarked, original, url)));
                }
            }
            held.push(h);
        }
        if !held.is_empty() {
            self.held.update(|list| {
                // Anything added while loading comes after.
                held.append(list);
                *list = held;
            });
        }
        let changed = matches!(self.storage.get_value(), Storage::Changed);
        self.storage.set_value(Storage::Open(SendWrapper::new(db)));
        if changed {
            self.persist();
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
        self.ask_for_chat();
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

    /// "Edit this": the image becomes the first reference; unless it is
    /// the picture the next prompt refines, which goes with it already
    /// (it went twice, the request twice the size).
    pub async fn edit(self, image: ToEdit) {
        let (blob, name) = (image.image.take(), image.name);
        if self.is_refined(&blob).await {
            self.forget_problems(EditErrorKind::AlreadyRefined);
            return self.problem(EditErrorKind::AlreadyRefined, name);
        }
        self.add(vec![(blob, name)], true).await;
    }

    /// Whether `blob` holds the very picture the next prompt refines: the
    /// same size, and the same bytes (compared as base64, in the engine).
    async fn is_refined(&self, blob: &Blob) -> bool {
        if !self.refining.get_untracked() {
            return false;
        }
        let at = self.conversation.with_untracked(|c| c.at);
        let Some(refined) = at.and_then(|at| {
            self.turn_images
                .with_untracked(|images| images.iter().find(|i| i.number == at).cloned())
        }) else {
            return false;
        };
        if blob.size() != refined.bytes as f64 {
            return false;
        }
        prepare::data_url(blob)
            .await
            .is_some_and(|url| url.payload() == refined.url.payload())
    }

    pub fn remove(&self, id: u64) {
        self.held.update(|list| {
            list.retain(|h| {
                let keep = h.reference.id != id;
                if !keep {
                    release(h);
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
                release(&h);
            }
        });
        self.problems.set(Vec::new());
        self.switched.set(false);
        self.persist();
    }

    /// Images go with the chat method: asks for it, and says when it was
    /// switched (until the references are gone).
    pub(super) fn ask_for_chat(&self) {
        if self.on_attach.get_value().is_some_and(|ask| ask.run(())) {
            self.switched.set(true);
        }
    }

    /// Lets go of what was said of one kind (no longer so).
    pub(super) fn forget_problems(&self, kind: EditErrorKind) {
        if self
            .problems
            .with_untracked(|p| p.iter().any(|e| e.kind == kind))
        {
            self.problems.update(|p| p.retain(|e| e.kind != kind));
        }
    }

    /// Says what went wrong, once.
    pub(super) fn problem(&self, kind: EditErrorKind, file: String) {
        let problem = EditError { kind, file };
        self.problems.update(|p| {
            if !p.contains(&problem) {
                p.push(problem);
            }
        });
    }

    pub(super) fn new_id(&self) -> u64 {
        let id = self.next_id.get_value().max(clock::now_ms() as u64);
        self.next_id.set_value(id.saturating_add(1));
        id
    }

    /// Writes the list as it is now (a reload brings it back).
    pub(super) fn persist(&self) {
        let list: Vec<store::Kept> = self.held.with_untracked(|list| {
            list.iter()
                .map(|h| store::Kept {
                    reference: h.reference.clone(),
                    image: (*h.image).clone(),
                    unmarked: h.unmarked.as_ref().map(|u| (*u.image).clone()),
                })
                .collect()
        });
        let db = match self.storage.get_value() {
            Storage::Open(db) => (*db).clone(),
            Storage::Loading | Storage::Changed => {
                return self.storage.set_value(Storage::Changed);
            }
            Storage::Unavailable => {
                return self.problem(EditErrorKind::NotKept, String::new());
            }
        };
        let this = *self;
        leptos::task::spawn_local(async move {
            if store::save(&db, &list).await.is_err() {
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

/// Lets go of a reference's thumbnails.
pub(super) fn release(held: &Held) {
    download::revoke(&held.thumb);
    if let Some(unmarked) = &held.unmarked {
        download::revoke(&unmarked.thumb);
    }
}

pub(super) fn hold(reference: Reference, image: Blob, url: JsText) -> Held {
    Held {
        thumb: download::object_url(&image),
        reference,
        image: SendWrapper::new(image),
        url,
        unmarked: None,
    }
}

/// The state `<App/>` provides.
pub fn use_edit() -> EditState {
    expect_context::<EditState>()
}
