//! Images just made, as they go from the request that made them to the
//! features that keep or show them (`app.rs` wires the hand-off: no feature
//! reaches into another's state).                                    [web]

use crate::api::types::{Aspect, Method};
use crate::web::json::JsText;
use js_sys::Uint8Array;

/// One answer's images and what made them.
#[derive(Clone, Debug)]
pub struct Made {
    /// The run it answers ([`crate::generate::state::Run::id`]).
    pub run: u64,
    /// The prompt as typed.
    pub prompt: String,
    /// The prompt as sent, when it differs (a random suffix).
    pub prompt_sent: Option<String>,
    pub method: Method,
    pub model: String,
    pub aspect: Option<Aspect>,
    /// How many images the run asked for.
    pub count: u8,
    /// The model's text reply (chat).
    pub reply: Option<String>,
    /// From sending the request to the answer being read.
    pub duration_ms: f64,
    pub images: Vec<MadeImage>,
    /// The turn of a conversation it answers, when refining.
    pub turn: Option<TurnTag>,
}

/// Which conversation and turn an image belongs to (refining over several
/// turns): the gallery keeps it, editing continues from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TurnTag {
    pub conversation: u64,
    /// From 1.
    pub number: u32,
    /// The turn it refined.
    pub parent: Option<u32>,
    /// How many reference images went with its prompt.
    pub references: usize,
}

/// One image of an answer.
#[derive(Clone, Debug)]
pub struct MadeImage {
    /// Its number in the run, from 0.
    pub index: usize,
    /// The download name.
    pub file_name: String,
    pub revised_prompt: Option<String>,
    pub bytes: ImageBytes,
}

/// Where an image's bytes are: never copied into wasm memory.
#[derive(Clone, Debug)]
pub enum ImageBytes {
    /// A `data:` URL from the answer, as the engine holds it.
    Data(JsText),
    /// Fetched from the link the gateway sent.
    Fetched(Uint8Array),
    /// A link whose bytes could not be fetched (CORS, not an image).
    Missing,
}

impl ImageBytes {
    /// The bytes, in the engine (a `data:` URL's payload decoded there).
    pub fn bytes(&self) -> Option<Uint8Array> {
        match self {
            ImageBytes::Data(url) => crate::web::blob::data_url_bytes(url),
            ImageBytes::Fetched(bytes) => Some(bytes.clone()),
            ImageBytes::Missing => None,
        }
    }
}

/// What editing adds to the next request (chat): its images (what the
/// request side knows of each, and each one's `data:` URL as the engine
/// holds it), the conversation before the prompt, the images that go with
/// the prompt, and the turn it will be.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attachments {
    pub images: Vec<crate::api::request::Attached>,
    pub urls: Vec<JsText>,
    pub history: Vec<crate::api::request::Message>,
    pub attach: Vec<usize>,
    pub turn: Option<TurnTag>,
}

/// An image someone wants to change ("Edit this" on a result or in the
/// gallery): its bytes and a name for it.
#[derive(Clone, Debug)]
pub struct ToEdit {
    pub image: send_wrapper::SendWrapper<web_sys::Blob>,
    pub name: String,
}
