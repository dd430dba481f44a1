//! Shared by the fixture suites.
#![allow(dead_code)]

use sinh_anh::api::image::Refusal;
use sinh_anh::api::json::Text;
use sinh_anh::api::response::{self, Generation};
use sinh_anh::api::ApiError;
use std::sync::Arc;

/// The status code from a fixture's `.headers` file (`HTTP/1.1 200 OK`).
pub fn status(headers: &str) -> u16 {
    headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
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

/// `parse_images` on the bytes; in the browser, also the page's own path
/// (the engine's `JSON.parse`, strings kept as JS strings), which must
/// agree in every image, skip, text and error.
pub fn images(
    status: u16,
    body: &[u8],
    requested: usize,
) -> Result<Generation<Arc<str>>, ApiError> {
    let rust = response::parse_images(status, body, requested);
    #[cfg(target_arch = "wasm32")]
    {
        let text = js_sys::JsString::from(String::from_utf8_lossy(body).as_ref());
        let js = sinh_anh::web::json::read_answer(status, &text, |json| {
            response::read_images(status, json, requested)
        });
        assert_eq!(seen(&rust), seen(&js), "the engine's reading differs");
    }
    rust
}

/// `parse_chat` likewise.
pub fn chat(status: u16, body: &[u8]) -> Result<Generation<Arc<str>>, ApiError> {
    let rust = response::parse_chat(status, body);
    #[cfg(target_arch = "wasm32")]
    {
        let text = js_sys::JsString::from(String::from_utf8_lossy(body).as_ref());
        let js = sinh_anh::web::json::read_answer(status, &text, |json| {
            response::read_chat(status, json)
        });
        assert_eq!(seen(&rust), seen(&js), "the engine's reading differs");
    }
    rust
}
