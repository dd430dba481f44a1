//! The only code that calls `fetch`.                                 [web]
//!
//! Straight through web-sys, where every call that can throw returns a
//! `Result`: a JS exception unwinding through wasm skips Rust's cleanup and
//! leaves the app broken (a key the `Authorization` header cannot hold did
//! exactly that through gloo-net, which unwraps such errors).
//!
//! The key goes in the `Authorization` header and nowhere else: never in the
//! URL, never logged.

use super::key::clean_key;
use super::{request::Prepared, ApiError, ErrorKind};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// An answer as it came: status and raw body, for `response.rs` to read.
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The message of the `Error` the timeout aborts with, to tell it from Cancel.
pub const TIMEOUT_REASON: &str = "sinh-anh:timeout";

/// Aborts `controller` as the timeout does.
pub fn abort_for_timeout(controller: &web_sys::AbortController) {
    controller.abort_with_reason(&js_sys::Error::new(TIMEOUT_REASON));
}

/// POSTs a prepared request. `signal` aborts it: Cancel, or the timeout
/// (aborted with [`TIMEOUT_REASON`]).
pub async fn send(
    prepared: &Prepared,
    api_key: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<RawResponse, ApiError> {
    let body = JsValue::from_str(&prepared.body);
    fetch("POST", &prepared.url, Some(api_key), Some(&body), signal).await
}

/// GETs `{base}/models`, the list of models the key may use.
pub async fn models(
    base_url: &str,
    api_key: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<RawResponse, ApiError> {
    let url = format!("{}/models", super::request::normalize_base_url(base_url)?);
    fetch("GET", &url, Some(api_key), None, signal).await
}

/// GETs a URL without credentials (an image the gateway sent as a link,
/// `config.json`).
pub async fn get(url: &str) -> Result<RawResponse, ApiError> {
    fetch("GET", url, None, None, None).await
}

async fn fetch(
    method: &str,
    url: &str,
    api_key: Option<&str>,
    body: Option<&JsValue>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<RawResponse, ApiError> {
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let headers = web_sys::Headers::new().map_err(|e| network(&js_message(&e)))?;
    if let Some(key) = api_key {
        // Checked before it reaches the header, which would refuse it anyway.
        let key = clean_key(key).map_err(|_| unsendable_key())?;
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .map_err(|_| unsendable_key())?;
    }
    if body.is_some() {
        headers
            .set("Content-Type", "application/json")
            .map_err(|e| network(&js_message(&e)))?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(body);
    }
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| fetch_error(&e, signal))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| network("fetch gave no response"))?;
    let status = response.status();
    // A body cut off mid-way by the network fails here, not in parsing.
    let buffer = response
        .array_buffer()
        .map_err(|e| fetch_error(&e, signal))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| fetch_error(&e, signal))?;
    Ok(RawResponse {
        status,
        body: Uint8Array::new(&buffer).to_vec(),
    })
}

fn network(detail: &str) -> ApiError {
    ApiError::new(ErrorKind::Network, detail)
}

fn unsendable_key() -> ApiError {
    ApiError::new(
        ErrorKind::UnsendableKey,
        "the key holds a character an HTTP header cannot carry",
    )
}

/// An exception's `message`, or what it says of itself.
fn js_message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "failed".into())
}

/// Tells a timeout and a cancel from a network failure: the signal says
/// whether and why it was aborted. Browsers give no detail on network
/// failures on purpose (offline, DNS, refused and CORS all look alike).
fn fetch_error(error: &JsValue, signal: Option<&web_sys::AbortSignal>) -> ApiError {
    if let Some(signal) = signal.filter(|s| s.aborted()) {
        let reason = signal.reason();
        let timed_out = reason
            .dyn_ref::<js_sys::Error>()
            .is_some_and(|e| e.message() == TIMEOUT_REASON);
        return if timed_out {
            ApiError::new(ErrorKind::Timeout, "no answer in time")
        } else {
            ApiError::new(ErrorKind::Cancelled, "cancelled")
        };
    }
    network(&js_message(error))
}

/// A fresh `AbortController` (none only if the browser lacks them).
pub fn abort_controller() -> Option<web_sys::AbortController> {
    web_sys::AbortController::new().ok()
}
