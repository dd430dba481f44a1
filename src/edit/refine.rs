//! Refining step by step, in the page: each answer of a conversation
//! becomes a turn whose image the next prompt refines; Continue from here,
//! Start over, how earlier results are sent, and the turns kept for a
//! reload (`turn_store.rs`).                                          [web]

use super::conversation::Conversation;
use super::model::EditErrorKind;
use super::state::EditState;
use super::turn_store::{self, KeptTurn, Standing};
use crate::api::image::ImageFormat;
use crate::made::{ImageBytes, Made};
use crate::web::json::JsText;
use crate::web::storage::{self, Store};
use crate::web::{blob, clock, download};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// The image a turn came back with: what the next turn refines.
#[derive(Clone, Debug)]
pub struct TurnImage {
    pub number: u32,
    pub format: ImageFormat,
    pub bytes: u64,
    pub url: JsText,
    pub thumb: String,
}

/// Whether the gateway passes images in assistant messages on (a newer
/// LiteLLM), as this browser remembers.
pub(super) const ASSISTANT_IMAGES_KEY: &str = "sinh-anh.assistant-images";

impl EditState {
    /// An answer came back: when it is a turn, its first image is what the
    /// next prompt refines.
    pub async fn made(self, made: Made) {
        let Some(tag) = made.turn else {
            return;
        };
        if self
            .conversation
            .with_untracked(|c| c.turn(tag.number).is_some())
        {
            return;
        }
        let Some(image) = made.images.first() else {
            return;
        };
        // No picture to refine (a link this page may not read): said, or
        // the next prompt would change the turn before without a word.
        // Only of the conversation still here (not one started over since).
        let unread = || {
            if self
                .conversation
                .with_untracked(|c| c.id == tag.conversation)
            {
                self.problem(EditErrorKind::TurnUnread, tag.number.to_string());
            }
        };
        let Some(bytes) = image.bytes.bytes() else {
            return unread();
        };
        let Some((blob, format)) = blob::typed(&bytes) else {
            return unread();
        };
        // A `data:` URL from the answer is sent as it is; fetched bytes get one.
        let url = match &image.bytes {
            ImageBytes::Data(url) => Some(url.clone()),
            _ => super::prepare::data_url(&blob).await,
        };
        let Some(url) = url else {
            return unread();
        };
        // Checked again after the wait, with no wait until it is added: a
        // second image of the turn, or a turn of a conversation started
        // over meanwhile, adds nothing.
        let fresh = self
            .conversation
            .with_untracked(|c| c.id == tag.conversation && c.turn(tag.number).is_none());
        if !fresh {
            return;
        }
        // A turn that came: an earlier one's "could not be read" is old news.
        self.forget_problems(EditErrorKind::TurnUnread);
        // The image first: a turn is drawn with its image as it appears.
        self.turn_images.update(|images| {
            images.push(TurnImage {
                number: tag.number,
                format,
                bytes: u64::from(bytes.length()),
                url,
                thumb: download::object_url(&blob),
            })
        });
        self.conversation.update(|c| {
            c.add(tag, &made.prompt, made.reply.clone());
        });
        let turn = self
            .conversation
            .with_untracked(|c| c.turn(tag.number).cloned());
        if let Some(turn) = turn {
            let kept = KeptTurn {
                turn,
                format,
                image: blob,
            };
            self.keep_turns(Some(kept), false);
        }
    }

    /// Brings back the conversation of the last visit: its turns, their
    /// images, and where it stood. A turn made meanwhile wins.
    pub async fn load_turns(self) {
        let Ok(db) = turn_store::open().await else {
            return self.problem(EditErrorKind::NotKept, String::new());
        };
        let Ok((standing, kept)) = turn_store::load(&db).await else {
            return self.problem(EditErrorKind::NotKept, String::new());
        };
        let mut turns = Vec::with_capacity(kept.len());
        let mut images = Vec::with_capacity(kept.len());
        for kept in kept {
            let Some(url) = super::prepare::data_url(&kept.image).await else {
                continue;
            };
            images.push(TurnImage {
                number: kept.turn.number,
                format: kept.format,
                bytes: kept.image.size() as u64,
                url,
                thumb: download::object_url(&kept.image),
            });
            turns.push(kept.turn);
        }
        let fresh = self.conversation.with_untracked(|c| c.turns.is_empty());
        match standing.filter(|_| fresh) {
            Some(standing) => {
                self.conversation.set(Conversation {
                    id: standing.conversation,
                    turns,
                    at: standing.at,
                });
                self.turn_images.set(images);
                self.refining.set(standing.refining);
            }
            None => images.iter().for_each(|i| download::revoke(&i.thumb)),
        }
        self.turns_db.set_value(Some(SendWrapper::new(db)));
        if !fresh {
            // A turn came before the kept ones were read: they were another
            // conversation's, and go (that early turn is not kept).
            self.keep_turns(None, true);
        }
    }

    /// Keeps where the conversation stands (and a turn that came) for a
    /// reload; `fresh`: the kept turns go (a new conversation). Before the
    /// kept ones are read, nothing is written over them.
    fn keep_turns(&self, turn: Option<KeptTurn>, fresh: bool) {
        let Some(db) = self.turns_db.get_value() else {
            return;
        };
        let standing = self.conversation.with_untracked(|c| Standing {
            conversation: c.id,
            at: c.at,
            refining: self.refining.get_untracked(),
        });
        let this = *self;
        leptos::task::spawn_local(async move {
            let written = match &turn {
                Some(turn) => turn_store::put_turn(&db, turn, standing).await,
                None => turn_store::put_standing(&db, standing, fresh).await,
            };
            if written.is_err() {
                this.problem(EditErrorKind::NotKept, String::new());
            }
        });
    }

    /// Refining on or off; on, it takes the chat method (and says so).
    pub fn set_refining(&self, on: bool) {
        self.refining.set(on);
        if on {
            self.ask_for_chat();
        } else {
            // Nothing is refined now: what was said of it is no longer so.
            self.forget_problems(EditErrorKind::AlreadyRefined);
            self.forget_problems(EditErrorKind::TurnUnread);
        }
        self.keep_turns(None, false);
    }

    /// Continues from an earlier turn; the later ones stay.
    pub fn branch_from(&self, number: u32) {
        self.conversation.update(|c| c.branch_from(number));
        self.keep_turns(None, false);
    }

    /// A new conversation: the turns so far are let go (their images stay
    /// in the gallery).
    pub fn start_over(&self) {
        self.turn_images.update(|images| {
            for image in images.drain(..) {
                download::revoke(&image.thumb);
            }
        });
        self.conversation
            .set(Conversation::new(self.new_id().max(clock::now_ms() as u64)));
        self.keep_turns(None, true);
    }

    pub fn set_assistant_images(&self, on: bool) {
        self.assistant_images.set(on);
        storage::set(
            Store::Local,
            ASSISTANT_IMAGES_KEY,
            if on { "1" } else { "0" },
        );
    }
}
