//! Shared by the fixture suites.
#![allow(dead_code)]

use sinh_anh::api::image::Refusal;
use sinh_anh::api::json::{Json, Text};
use sinh_anh::api::response::{self, not_json, Generation};
use sinh_anh::api::ApiError;
use std::sync::Arc;

/// The status code from a fixture's `.headers` file (`HTTP/1.1 200 OK`).
pub fn status(headers: &str) -> u16 {
    // curl records a `100 Continue` before the answer to a large body.
    let headers = headers
        .strip_prefix("HTTP/1.1 100 Continue")
        .map_or(headers, str::trim_start);
    headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// An answer read by serde_json, independently of the app's own readers
/// (the page has no JSON library: it parses with the engine).
#[derive(Clone)]
struct SerdeJson(serde_json::Value);

impl Json for SerdeJson {
    type Text = Arc<str>;
    fn get(&self, key: &str) -> Option<Self> {
        self.0.get(key).cloned().map(SerdeJson)
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.0
            .as_array()
            .map(|items| items.iter().cloned().map(SerdeJson).collect())
    }
    fn text(&self) -> Option<Arc<str>> {
        self.0.as_str().map(Arc::from)
    }
    fn is_null(&self) -> bool {
        self.0.is_null()
    }
    fn is_object(&self) -> bool {
        self.0.is_object()
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn keys(&self) -> Vec<String> {
        self.0
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }
    fn brief(&self, limit: usize) -> String {
        self.0.to_string().chars().take(limit).collect()
    }
}

fn serde_read<T>(
    status: u16,
    body: &[u8],
    read: impl FnOnce(&SerdeJson) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match serde_json::from_str(&String::from_utf8_lossy(body)) {
        Ok(value) => read(&SerdeJson(value)),
        Err(_) => Err(not_json(status, body)),
    }
}

/// What a reader made of an answer, whatever holds its strings: every
/// image's URL, revised prompt and number, the items skipped, the text.
type Seen = Result<
    (
        Vec<(String, Option<String>, usize)>,
        Vec<(usize, Refusal)>,
        Option<String>,
    ),
    ApiError,
>;

fn seen<T: Text>(result: &Result<Generation<T>, ApiError>) -> Seen {
    match result {
        Ok(g) => Ok((
            g.images
                .iter()
                .map(|i| (i.source.url().to_rust(), i.revised_prompt.clone(), i.index))
                .collect(),
            g.skipped.clone(),
            g.text.clone(),
        )),
        Err(e) => Err(e.clone()),
    }
}

/// An `/images/generations` answer read by serde_json and by the app's own
/// path, which must agree in every image, skip, text and error: in
/// Chromium the page's (the engine's `JSON.parse`, strings kept as JS
/// strings), on the host the app's (serde_json behind the same readers).
pub fn images(
    status: u16,
    body: &[u8],
    requested: usize,
) -> Result<Generation<Arc<str>>, ApiError> {
    let serde = serde_read(status, body, |json| {
        response::read_images(status, json, requested)
    });
    #[cfg(target_arch = "wasm32")]
    let app = {
        let text = js_sys::JsString::from(String::from_utf8_lossy(body).as_ref());
        sinh_anh::web::json::read_answer(status, &text, |json| {
            response::read_images(status, json, requested)
        })
    };
    #[cfg(not(target_arch = "wasm32"))]
    let app = response::parse_images(status, body, requested);
    assert_eq!(seen(&serde), seen(&app), "the app's reading differs");
    serde
}

/// A `/chat/completions` answer, likewise.
pub fn chat(status: u16, body: &[u8]) -> Result<Generation<Arc<str>>, ApiError> {
    let serde = serde_read(status, body, |json| response::read_chat(status, json));
    #[cfg(target_arch = "wasm32")]
    let app = {
        let text = js_sys::JsString::from(String::from_utf8_lossy(body).as_ref());
        sinh_anh::web::json::read_answer(status, &text, |json| response::read_chat(status, json))
    };
    #[cfg(not(target_arch = "wasm32"))]
    let app = response::parse_chat(status, body);
    assert_eq!(seen(&serde), seen(&app), "the app's reading differs");
    serde
}
