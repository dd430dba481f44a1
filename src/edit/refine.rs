//! Refining step by step, in the page: each answer of a conversation
//! becomes a turn whose image the next prompt refines; Continue from here,
//! Start over, and how earlier results are sent.                     [web]

use super::conversation::Conversation;
use super::state::EditState;
use crate::api::image::ImageFormat;
use crate::made::{ImageBytes, Made};
use crate::web::json::JsText;
use crate::web::storage::{self, Store};
use crate::web::{blob, clock, download};
use leptos::prelude::*;

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
        let Some(bytes) = image.bytes.bytes() else {
            return;
        };
        let Some((blob, format)) = blob::typed(&bytes) else {
            return;
        };
        // A `data:` URL from the answer is sent as it is; fetched bytes get one.
        let url = match &image.bytes {
            ImageBytes::Data(url) => Some(url.clone()),
            _ => super::prepare::data_url(&blob).await,
        };
        let Some(url) = url else {
            return;
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
    }

    /// Refining on or off; on, it takes the chat method (and says so).
    pub fn set_refining(&self, on: bool) {
        self.refining.set(on);
        if on {
            self.ask_for_chat();
        }
    }

    /// Continues from an earlier turn; the later ones stay.
    pub fn branch_from(&self, number: u32) {
        self.conversation.update(|c| c.branch_from(number));
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
