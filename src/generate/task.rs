//! One request of a run: sent with its own AbortController and timer,
//! read in the engine, its images numbered, linked images fetched, and the
//! result handed on.                                                 [web]

use super::state::{Run, Slot, SlotState};
use crate::api::image::{GeneratedImage, ImageFormat, ImageSource};
use crate::api::json::Text;
use crate::api::request::{Piece, Prepared};
use crate::api::response::{read_chat_unverified, read_images_unverified, Generation};
use crate::api::types::Method;
use crate::api::{ApiError, ErrorKind};
use crate::made::{ImageBytes, Made, MadeImage};
use crate::web::download::ObjectUrl;
use crate::web::fetch::{self, Abort, Call};
use crate::web::json::{read_answer, JsText};
use crate::web::{blob, clock, embed};
use leptos::prelude::*;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// What became of a linked image's bytes.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkState {
    Fetching,
    /// A `blob:` URL of the bytes received, and their sniffed type. The
    /// URL is revoked when the last view of it and the run have gone, also
    /// when another run replaced this one before the bytes came.
    Ready(Arc<ObjectUrl>, ImageFormat),
    /// The image's server does not let this page read it (CORS), or could
    /// not be reached.
    Refused,
    /// What the link leads to is not an image.
    NotAnImage,
    /// The image's server did not answer within the run's timeout (its
    /// seconds): the request was aborted.
    TimedOut(u32),
}

/// The controllers of the requests in flight, by ticket: Cancel aborts them.
pub type Aborts = StoredValue<Vec<(u64, web_sys::AbortController)>, LocalStorage>;

/// Sends a slot's request and settles its state when the answer is read;
/// then fetches linked images, tells a framing portal, and hands the
/// images to `on_made` once the page is idle.
pub async fn send(
    run: Run,
    slot: Slot,
    api_key: String,
    ticket: u64,
    aborts: Aborts,
    on_made: Option<Callback<Made>>,
) {
    let Some(request) = slot.request.clone() else {
        return;
    };
    let abort = Abort::new(Some(Duration::from_secs(u64::from(run.timeout_secs))));
    if let Some(controller) = abort.handle() {
        aborts.update_value(|a| a.push((ticket, controller)));
    }
    let signal = abort.signal();
    let sent_at = clock::now_ms();
    let result = answer(&request, &run.urls, &api_key, signal.as_ref())
        .await
        .map(|generation| {
            Arc::new(generation.numbered(slot.first_index, request.expected, || {
                run.extra_numbers.fetch_add(1, Ordering::Relaxed)
            }))
        });
    drop(abort);
    aborts.update_value(|a| a.retain(|(t, _)| *t != ticket));
    let now = clock::now_ms();
    slot.finished_at.set(now);
    slot.state.set(SlotState::Done(result.clone()));
    let Ok(generation) = result else {
        return;
    };
    // The pixels first; then every byte of the payloads is checked (an item
    // that is not base64 becomes a skip, or the answer an error, as a
    // reader checking everything at once would have said).
    wait_until_shown(&slot, generation.images.len()).await;
    let generation = match (*generation).clone().verify() {
        Ok(verified) if verified.images.len() == generation.images.len() => generation,
        verified => {
            let verified = verified.map(Arc::new);
            slot.state.set(SlotState::Done(verified.clone()));
            match verified {
                Ok(verified) => verified,
                Err(_) => return,
            }
        }
    };
    if let Some(origin) = &run.notify_origin {
        let made = embed::Made {
            prompt: &run.order.prompt,
            model: &run.order.model,
            method: run.order.method,
        };
        embed::notify_parent(origin, &made, &generation.images);
    }
    let bytes = linked_bytes(&slot, &generation, run.timeout_secs).await;
    // Handed on once the page is idle, after the images are on screen:
    // keeping them never delays seeing them.
    crate::web::schedule::when_idle().await;
    if let Some(on_made) = on_made {
        on_made.run(made(&run, &request, &generation, bytes, now - sent_at));
    }
}

/// Resolves once the browser has shown (or given up on) the slot's
/// images and the page is idle, or after ten seconds: work after an answer
/// never competes with its pixels.
async fn wait_until_shown(slot: &Slot, images: usize) {
    let deadline = clock::now_ms() + 10_000.0;
    while slot.shown.get_untracked() < images && clock::now_ms() < deadline {
        crate::web::schedule::after_paint().await;
    }
    crate::web::schedule::when_idle().await;
}

/// Sends the request and reads the answer where it lives: the engine
/// parses it, and only the small fields cross into Rust.
async fn answer(
    request: &Prepared,
    urls: &[JsText],
    api_key: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Generation<JsText>, ApiError> {
    let answer = fetch::text(Call {
        url: &request.url,
        api_key: Some(api_key),
        body: Some(&body(request, urls)),
        signal,
    })
    .await?;
    // The payloads' full check waits until the images are on screen.
    read_answer(answer.status, &answer.body, |json| match request.method {
        Method::Standard => read_images_unverified(answer.status, json, request.expected),
        Method::Chat => read_chat_unverified(answer.status, json),
    })
}

/// The request's body as the engine's string: its JSON text with each
/// attached image's `data:` URL spliced in, never copied through wasm.
fn body(request: &Prepared, urls: &[JsText]) -> js_sys::JsString {
    let mut body = js_sys::JsString::from("");
    for piece in request.pieces() {
        body = match piece {
            Piece::Json(json) => body.concat(&json.into()),
            Piece::Image(i) => match urls.get(i) {
                Some(url) => body.concat(url.as_js()),
                None => body,
            },
        };
    }
    body
}

/// Fetches the images the gateway sent as links, saying in the slot what
/// became of each: the bytes, for the download link and the gallery.
async fn linked_bytes(
    slot: &Slot,
    generation: &Generation<JsText>,
    timeout_secs: u32,
) -> Vec<ImageBytes> {
    let mut bytes = Vec::with_capacity(generation.images.len());
    let remote: Vec<(usize, LinkState)> = generation
        .images
        .iter()
        .filter(|image| matches!(image.source, ImageSource::Remote(_)))
        .map(|image| (image.index, LinkState::Fetching))
        .collect();
    if !remote.is_empty() {
        slot.linked.set(remote);
    }
    // One deadline for all of the answer's links: n servers that never
    // answer hold the answer for one timeout, not n.
    let abort = Abort::new(Some(Duration::from_secs(u64::from(timeout_secs))));
    let signal = abort.signal();
    for image in &generation.images {
        bytes.push(match &image.source {
            ImageSource::Data { url, .. } => ImageBytes::Data(url.clone()),
            ImageSource::Remote(url) => {
                let (state, fetched) =
                    fetch_linked(&url.to_rust(), signal.as_ref(), timeout_secs).await;
                slot.linked.update(|links| {
                    if let Some(link) = links.iter_mut().find(|(i, _)| *i == image.index) {
                        link.1 = state;
                    }
                });
                fetched.map_or(ImageBytes::Missing, ImageBytes::Fetched)
            }
        });
    }
    bytes
}

/// A linked image's state for the page, and its bytes when they are an
/// image. `signal` gives up on a server that does not answer within the
/// run's timeout (`timeout_secs`), as the gateway is given.
async fn fetch_linked(
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
    timeout_secs: u32,
) -> (LinkState, Option<js_sys::Uint8Array>) {
    let answer = match fetch::bytes(Call {
        url,
        signal,
        ..Call::default()
    })
    .await
    {
        Ok(answer) if (200..300).contains(&answer.status) => answer,
        Err(error) if error.kind == ErrorKind::Timeout => {
            return (LinkState::TimedOut(timeout_secs), None)
        }
        _ => return (LinkState::Refused, None),
    };
    let Some(format) = blob::sniff(&answer.body) else {
        return (LinkState::NotAnImage, None);
    };
    match blob::blob_of(&answer.body, format.mime()).and_then(|image| ObjectUrl::of(&image)) {
        Some(url) => (LinkState::Ready(url, format), Some(answer.body)),
        None => (LinkState::Refused, None),
    }
}

/// The hand-off to whoever keeps the images.
fn made(
    run: &Run,
    request: &Prepared,
    generation: &Generation<JsText>,
    bytes: Vec<ImageBytes>,
    duration_ms: f64,
) -> Made {
    let prompt = run.order.prompt.clone();
    Made {
        run: run.id,
        prompt_sent: Some(request.prompt_sent.clone()).filter(|sent| *sent != prompt),
        method: run.order.method,
        model: run.order.model.clone(),
        aspect: run.order.aspect,
        count: run.order.count,
        reply: generation.text.clone(),
        duration_ms,
        images: generation
            .images
            .iter()
            .zip(bytes)
            .map(|(image, bytes): (&GeneratedImage<JsText>, _)| MadeImage {
                index: image.index,
                file_name: image.file_name(&prompt),
                revised_prompt: image.revised_prompt.clone(),
                bytes,
            })
            .collect(),
        prompt,
        turn: run.turn,
    }
}
