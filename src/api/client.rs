//! The only code that calls `fetch` (through gloo-net).              [web]
//!
//! The key goes in the `Authorization` header and nowhere else: never in the
//! URL, never logged.

use super::{request::Prepared, ApiError, ErrorKind};
use gloo_net::http::Request;
use wasm_bindgen::JsCast;

/// An answer as it came: status and raw body, for `response.rs` to read.
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The message of the `Error` the timeout aborts with, to tell it from Cancel.
/// It must be an `Error`: gloo-net 0.6 panics (`unreachable!`) when fetch
/// rejects with anything else, and fetch rejects with the abort reason.
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
    let request = Request::post(&prepared.url)
        .header("Authorization", &format!("Bearer {}", api_key.trim()))
        .header("Content-Type", "application/json")
        .abort_signal(signal)
        .body(prepared.body.as_str())
        .map_err(|e| fetch_error(&e, signal))?;
    let response = request.send().await.map_err(|e| fetch_error(&e, signal))?;
    let status = response.status();
    // A body cut off mid-way by the network fails here, not in parsing.
    let body = response
        .binary()
        .await
        .map_err(|e| fetch_error(&e, signal))?;
    Ok(RawResponse { status, body })
}

/// GETs `{base}/models`, the list of models the key may use.
pub async fn models(base_url: &str, api_key: &str) -> Result<RawResponse, ApiError> {
    let url = format!("{}/models", super::request::normalize_base_url(base_url)?);
    let response = Request::get(&url)
        .header("Authorization", &format!("Bearer {}", api_key.trim()))
        .send()
        .await
        .map_err(|e| fetch_error(&e, None))?;
    let status = response.status();
    let body = response.binary().await.map_err(|e| fetch_error(&e, None))?;
    Ok(RawResponse { status, body })
}

/// Tells a timeout and a cancel from a network failure: the signal says
/// whether and why it was aborted. Browsers give no detail on network
/// failures on purpose (offline, DNS, refused and CORS all look alike).
fn fetch_error(error: &gloo_net::Error, signal: Option<&web_sys::AbortSignal>) -> ApiError {
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
    match error {
        gloo_net::Error::JsError(js) => ApiError::new(ErrorKind::Network, js.message.clone()),
        other => ApiError::new(ErrorKind::Network, other.to_string()),
    }
}

/// A fresh `AbortController` (none only if the browser lacks them).
pub fn abort_controller() -> Option<web_sys::AbortController> {
    web_sys::AbortController::new().ok()
}
