//! The only code that calls `fetch`.                                 [web]
//!
//! Straight through web-sys, where every call that can throw returns a
//! `Result`: a JS exception unwinding through wasm skips Rust's cleanup and
//! leaves the app broken (a key the `Authorization` header cannot hold did
//! exactly that through gloo-net, which unwraps such errors).
//!
//! Bodies stay in the engine: a gateway's answer as a JS string (for
//! `JSON.parse` there), an image as a `Uint8Array`. The key goes in the
//! `Authorization` header and nowhere else: never in the URL, never logged.

use crate::api::key::clean_key;
use crate::api::{ApiError, ErrorKind};
use crate::web::blob::js_message;
use js_sys::{JsString, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The message of the `Error` the timeout aborts with, to tell it from Cancel.
pub const TIMEOUT_REASON: &str = "sinh-anh:timeout";

/// One request: where, with which key, what body, aborted by what.
#[derive(Default)]
pub struct Call<'a> {
    pub url: &'a str,
    /// Sent as `Bearer` in `Authorization`; checked first.
    pub api_key: Option<&'a str>,
    /// A JSON body, as the engine's string: the request is a POST.
    pub body: Option<&'a JsString>,
    pub signal: Option<&'a web_sys::AbortSignal>,
}

/// An answer's status and its body as the engine's string.
pub struct TextAnswer {
    pub status: u16,
    pub body: JsString,
}

/// An answer's status and its bytes, in the engine.
pub struct BytesAnswer {
    pub status: u16,
    pub body: Uint8Array,
}

/// Sends `call` and reads the body as text (decoded by the engine).
pub async fn text(call: Call<'_>) -> Result<TextAnswer, ApiError> {
    let signal = call.signal;
    let response = send(call).await?;
    let status = response.status();
    // A body cut off mid-way by the network fails here, not in parsing.
    let promise = response.text().map_err(|e| fetch_error(&e, signal))?;
    let body = JsFuture::from(promise)
        .await
        .map_err(|e| fetch_error(&e, signal))?;
    Ok(TextAnswer {
        status,
        body: body.dyn_into().unwrap_or_else(|_| JsString::from("")),
    })
}

/// Sends `call` and reads the body as bytes.
pub async fn bytes(call: Call<'_>) -> Result<BytesAnswer, ApiError> {
    let signal = call.signal;
    let response = send(call).await?;
    let status = response.status();
    let promise = response
        .array_buffer()
        .map_err(|e| fetch_error(&e, signal))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| fetch_error(&e, signal))?;
    Ok(BytesAnswer {
        status,
        body: Uint8Array::new(&buffer),
    })
}

async fn send(call: Call<'_>) -> Result<web_sys::Response, ApiError> {
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let headers = web_sys::Headers::new().map_err(|e| network(&js_message(&e)))?;
    if let Some(key) = call.api_key {
        // Checked before it reaches the header, which would refuse it anyway.
        let key = clean_key(key).map_err(|_| unsendable_key())?;
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .map_err(|_| unsendable_key())?;
    }
    let init = web_sys::RequestInit::new();
    if let Some(body) = call.body {
        headers
            .set("Content-Type", "application/json")
            .map_err(|e| network(&js_message(&e)))?;
        init.set_method("POST");
        init.set_body(body);
    }
    init.set_headers(&headers);
    if let Some(signal) = call.signal {
        init.set_signal(Some(signal));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(call.url, &init))
        .await
        .map_err(|e| fetch_error(&e, call.signal))?;
    response
        .dyn_into()
        .map_err(|_| network("fetch gave no response"))
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

/// Tells a timeout and a cancel from a network failure: the signal says
/// whether and why it was aborted. Browsers give no detail on network
/// failures on purpose (offline, DNS, refused and CORS all look alike).
fn fetch_error(error: &JsValue, signal: Option<&web_sys::AbortSignal>) -> ApiError {
    if let Some(signal) = signal.filter(|s| s.aborted()) {
        let timed_out = signal
            .reason()
            .dyn_ref::<js_sys::Error>()
            .is_some_and(|e| e.message() == TIMEOUT_REASON);
        return if timed_out {
            ApiError::new(ErrorKind::Timeout, "no answer in time")
        } else {
            ApiError::new(ErrorKind::Cancelled, "cancelled")
        };
    }
    let offline = web_sys::window().is_some_and(|w| !w.navigator().on_line());
    if offline {
        return ApiError::new(ErrorKind::Offline, js_message(error));
    }
    network(&js_message(error))
}

/// An `AbortController` and the timer that aborts it as a timeout: one
/// request's way out. Dropping it clears the timer.
pub struct Abort {
    controller: Option<web_sys::AbortController>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Abort {
    /// A controller, aborted with [`TIMEOUT_REASON`] after `timeout` (none
    /// when `None`).
    pub fn new(timeout: Option<std::time::Duration>) -> Abort {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller.clone().zip(timeout).and_then(|(c, timeout)| {
            leptos::prelude::set_timeout_with_handle(
                move || c.abort_with_reason(&js_sys::Error::new(TIMEOUT_REASON)),
                timeout,
            )
            .ok()
        });
        Abort { controller, timer }
    }

    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller
            .as_ref()
            .map(web_sys::AbortController::signal)
    }

    /// A handle that aborts the request (Cancel).
    pub fn handle(&self) -> Option<web_sys::AbortController> {
        self.controller.clone()
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
    }
}
