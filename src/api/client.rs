//! The only code that calls `fetch` (through gloo-net).              [web]
//!
//! The key goes in the `Authorization` header and nowhere else: never in the
//! URL, never logged.

use super::{request::Prepared, ApiError, ErrorKind};
use gloo_net::http::Request;

/// An answer as it came: status and raw body, for `response.rs` to read.
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// POSTs a prepared request. `signal` aborts it (Cancel, timeout).
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
        .map_err(|e| fetch_error(&e))?;
    let response = request.send().await.map_err(|e| fetch_error(&e))?;
    let status = response.status();
    // A body cut off mid-way by the network fails here, not in parsing.
    let body = response.binary().await.map_err(|e| fetch_error(&e))?;
    Ok(RawResponse { status, body })
}

/// Tells an abort from a network failure. Browsers give no detail on the
/// latter on purpose (offline, DNS, refused and CORS all look alike).
fn fetch_error(error: &gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(js) if js.name == "AbortError" => {
            ApiError::new(ErrorKind::Cancelled, js.message.clone())
        }
        gloo_net::Error::JsError(js) => ApiError::new(ErrorKind::Network, js.message.clone()),
        other => ApiError::new(ErrorKind::Network, other.to_string()),
    }
}
