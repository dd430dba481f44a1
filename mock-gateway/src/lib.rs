//! A local stand-in for a LiteLLM proxy's image endpoints, speaking the wire
//! format captured from LiteLLM 1.78.5 (`tests/fixtures/litellm-1.78.5/`):
//! the same JSON shapes, error envelopes, status codes and CORS headers.
//!
//! It binds to loopback only. Behaviour is chosen by the model name (the
//! captured proxy's model list) and by `FAKE_*` keywords in the prompt; see
//! [`help_text`] or `mock-gateway --help`.

pub mod behaviour;
pub mod draw;
pub mod site;
pub mod wire;

/// Re-exported so callers can compose routers without their own axum dependency.
pub use axum::Router;
use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::Engine as _;
use behaviour::{Mode, Plan, Provider};
use serde_json::Value;
use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};
use wire::WireError;

/// The key the mock accepts unless told otherwise. Not a secret: it only
/// opens this local mock, and `cargo xtask serve` hands it to the page.
pub const DEMO_KEY: &str = "sk-sinh-anh-demo";

/// How the mock is set up.
#[derive(Clone, Debug)]
pub struct Options {
    /// Bearer keys it accepts; any other key gets the proxy's 401.
    pub keys: Vec<String>,
    /// Added before every answer, as a slow upstream would.
    pub delay: Duration,
    /// Extra models listed by `/models` (`imagen-bulk-<n>`), for a gateway
    /// that serves a great many.
    pub extra_models: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keys: vec![DEMO_KEY.to_string()],
            delay: Duration::ZERO,
            extra_models: 0,
        }
    }
}

struct Shared {
    options: Options,
    journal: Journal,
    /// Images handed out as `data[].url`, newest last, bounded.
    files: Mutex<VecDeque<(String, Bytes)>>,
    counter: AtomicU64,
    /// Requests seen in `Mode::Flaky`: odd ones fail.
    flaky: AtomicU64,
}

const MAX_FILES: usize = 64;

/// The gateway's routes: `/v1/images/generations`, `/v1/chat/completions`,
/// `/v1/models` (also without `/v1`, as LiteLLM serves them), `/files/..`.
pub fn gateway(options: Options) -> Router {
    gateway_with_journal(options).0
}

/// [`gateway`], and the journal of every request it receives, for tests to
/// check what a page really sent (and whether it hung up).
pub fn gateway_with_journal(options: Options) -> (Router, Journal) {
    let journal = Journal::default();
    let shared = Arc::new(Shared {
        journal: journal.clone(),
        options,
        files: Mutex::new(VecDeque::new()),
        counter: AtomicU64::new(1),
        flaky: AtomicU64::new(0),
    });
    let mut router = Router::new();
    for prefix in ["/v1", ""] {
        router = router
            .route(
                &format!("{prefix}/images/generations"),
                post(images).fallback(method_not_allowed),
            )
            .route(
                &format!("{prefix}/chat/completions"),
                post(chat).fallback(method_not_allowed),
            )
            .route(&format!("{prefix}/models"), get(models));
    }
    let router = router
        .route("/files/{name}", get(file))
        .route("/nocors/{name}", get(file))
        .route("/hang/{name}", get(hang))
        .route("/pages/{name}", get(page))
        .fallback(not_found)
        .layer(middleware::from_fn(cors))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), record))
        .with_state(shared);
    (router, journal)
}

/// One request as the mock received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
    pub model: Option<String>,
    /// The prompt (images) or the last user message's text (chat).
    pub prompt: Option<String>,
    /// Every image inside the request (chat), in message order, with the
    /// role of its message: what the client sent, before the proxy's rule.
    pub input_images: Vec<InputImage>,
    /// Each chat message's role and words (its text parts joined by a
    /// space), in order: what a conversation sent, without its images.
    pub messages: Vec<(String, String)>,
    /// The body as received (bodies over 64 KB are cut).
    pub body: String,
    /// Since the mock started.
    pub received_at: Duration,
    pub ended_at: Option<Duration>,
    /// The status answered; `None` when the client hung up first.
    pub status: Option<u16>,
}

impl Received {
    /// The client went away before the answer (Cancel, a timeout, a page
    /// closed): the handler was dropped unfinished.
    pub fn hung_up(&self) -> bool {
        self.ended_at.is_some() && self.status.is_none()
    }
}

/// Every request the mock has received, in order of arrival.
#[derive(Clone, Debug)]
pub struct Journal {
    started: Instant,
    entries: Arc<Mutex<Vec<Received>>>,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            started: Instant::now(),
            entries: Arc::default(),
        }
    }
}

impl Journal {
    /// Everything received so far (preflights too).
    pub fn all(&self) -> Vec<Received> {
        self.entries.lock().map(|e| e.clone()).unwrap_or_default()
    }

    /// The requests to `path_suffix` (e.g. `/chat/completions`), not preflights.
    pub fn to(&self, path_suffix: &str) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|r| r.method != "OPTIONS" && r.path.ends_with(path_suffix))
            .collect()
    }

    /// Forgets what was received so far.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    /// The most requests to `path_suffix` that were in flight at once.
    pub fn most_at_once(&self, path_suffix: &str) -> usize {
        let requests = self.to(path_suffix);
        requests
            .iter()
            .map(|r| {
                requests
                    .iter()
                    .filter(|o| {
                        o.received_at <= r.received_at
                            && o.ended_at.is_none_or(|end| end > r.received_at)
                    })
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    fn push(&self, received: Received) -> usize {
        match self.entries.lock() {
            Ok(mut entries) => {
                entries.push(received);
                entries.len() - 1
            }
            Err(_) => usize::MAX,
        }
    }

    fn end(&self, index: usize, status: Option<u16>) {
        let now = self.started.elapsed();
        if let Ok(mut entries) = self.entries.lock() {
            if let Some(entry) = entries.get_mut(index) {
                entry.ended_at = Some(now);
                entry.status = status;
            }
        }
    }
}

/// Marks a journal entry as hung up if the handler is dropped unfinished.
struct Pending {
    journal: Journal,
    index: usize,
    done: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            self.journal.end(self.index, None);
        }
    }
}

/// Writes each request into the journal, with what was asked and whether
/// it was answered or the client hung up.
async fn record(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "body too large").into_response();
    };
    let json = serde_json::from_slice::<Value>(&bytes).ok();
    let text = |key: &str| {
        json.as_ref()
            .and_then(|j| j.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (chat_text, _) = json.as_ref().and_then(chat_prompt).unwrap_or_default();
    let received = Received {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        authorization: parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        model: text("model"),
        prompt: text("prompt").or_else(|| json.is_some().then_some(chat_text)),
        input_images: json.as_ref().map(input_images).unwrap_or_default(),
        messages: json.as_ref().map(message_words).unwrap_or_default(),
        body: String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]).to_string(),
        received_at: shared.journal.started.elapsed(),
        ended_at: None,
        status: None,
    };
    let index = shared.journal.push(received);
    let mut pending = Pending {
        journal: shared.journal.clone(),
        index,
        done: false,
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    pending.done = true;
    shared.journal.end(index, Some(response.status().as_u16()));
    response
}

/// An image inside a chat request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputImage {
    /// The role of the message that carries it (`user`, `assistant`).
    pub role: String,
    /// From the data URL's header (`image/png`).
    pub mime: String,
    /// Decoded size in bytes (0 when the payload is not base64).
    pub bytes: usize,
    /// A hash of the decoded bytes: tells two images apart.
    pub hash: u64,
}

/// One image of a request with its bytes, for the mock model to work on.
struct Attached {
    role: String,
    mime: String,
    data: Vec<u8>,
}

/// Every image a chat request carries, in message order: `image_url`
/// parts of any message's `content`, and an assistant message's `images`
/// (the answer's own shape, as a client may send it back).
fn attached(request: &Value) -> Vec<Attached> {
    let Some(messages) = request.get("messages").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for message in messages {
        let role = message
            .get("role")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let parts = message.get("content").and_then(Value::as_array);
        let images = message.get("images").and_then(Value::as_array);
        for part in parts.into_iter().chain(images).flatten() {
            let Some(url) = part.pointer("/image_url/url").and_then(Value::as_str) else {
                continue;
            };
            let (meta, payload) = url.split_once(',').unwrap_or(("", ""));
            let mime = meta
                .strip_prefix("data:")
                .and_then(|m| m.split(';').next())
                .unwrap_or("")
                .to_string();
            let data = base64::engine::general_purpose::STANDARD
                .decode(payload.trim())
                .unwrap_or_default();
            out.push(Attached {
                role: role.clone(),
                mime,
                data,
            });
        }
    }
    out
}

fn message_words(request: &Value) -> Vec<(String, String)> {
    let Some(messages) = request.get("messages").and_then(Value::as_array) else {
        return Vec::new();
    };
    messages
        .iter()
        .map(|m| {
            let words = match m.get("content") {
                Some(Value::String(text)) => text.clone(),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            let role = m.get("role").and_then(Value::as_str).unwrap_or_default();
            (role.to_string(), words)
        })
        .collect()
}

fn input_images(request: &Value) -> Vec<InputImage> {
    attached(request)
        .into_iter()
        .map(|a| InputImage {
            hash: draw::hash(
                &base64::engine::general_purpose::STANDARD.encode(&a.data),
                0,
            ),
            bytes: a.data.len(),
            role: a.role,
            mime: a.mime,
        })
        .collect()
}

/// The images the model gets, as the captured proxy passes them on: those
/// in user messages; assistant messages' images only for a model behind a
/// newer gateway (`behaviour::passes_assistant_images`).
fn seen_images(request: &Value, assistant_too: bool) -> Vec<Attached> {
    attached(request)
        .into_iter()
        .filter(|a| a.role == "user" || (assistant_too && a.role == "assistant"))
        .collect()
}

/// Binds `router` on `addr` (port 0 picks a free one) and serves it in the
/// background. Refuses non-loopback addresses: this is a test double.
pub async fn spawn(
    router: Router,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    if !addr.ip().is_loopback() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{addr} is not a loopback address"),
        ));
    }
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let task = tokio::spawn(async move {
        // Serving only ends with the process; an accept error is not fatal to tests.
        let _ = axum::serve(listener, router).await;
    });
    Ok((bound, task))
}

/// CORS as the proxy (Starlette's middleware, origins `*`, credentials on)
/// does it: preflights echo the Origin; other answers carry `*`.
async fn cors(request: Request, next: Next) -> Response {
    // An image server that does not let other origins read its files.
    if request.uri().path().starts_with("/nocors/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    if request.method() == Method::OPTIONS
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let origin = headers
            .get(header::ORIGIN)
            .cloned()
            .unwrap_or(HeaderValue::from_static("*"));
        let mut response =
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "OK").into_response();
        let out = response.headers_mut();
        out.insert(header::VARY, HeaderValue::from_static("Origin"));
        out.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        );
        out.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        out.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if let Some(asked) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
            let asked = asked.to_str().unwrap_or("").to_ascii_lowercase();
            if let Ok(value) = HeaderValue::from_str(&asked.replace(' ', "")) {
                out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
            }
        }
        return response;
    }
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    out.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    response
}

fn json_response(status: u16, body: &Value, shared: &Shared, started: Instant) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status_code(status), bytes).into_response();
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if status == 200 {
        out.insert("x-litellm-version", HeaderValue::from_static("1.78.5"));
        let id = format!("mock-{}", shared.counter.fetch_add(1, Ordering::Relaxed));
        if let Ok(value) = HeaderValue::from_str(&id) {
            out.insert("x-litellm-call-id", value);
        }
        let ms = format!("{:.3}", started.elapsed().as_secs_f64() * 1000.0);
        if let Ok(value) = HeaderValue::from_str(&ms) {
            out.insert("x-litellm-response-duration-ms", value);
        }
    }
    response
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn error_response(error: WireError) -> Response {
    let bytes = serde_json::to_vec(&error.body).unwrap_or_default();
    (
        status_code(error.status),
        [(header::CONTENT_TYPE, "application/json")],
        bytes,
    )
        .into_response()
}

async fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [
            (header::ALLOW, "POST"),
            (header::CONTENT_TYPE, "application/json"),
        ],
        r#"{"detail":"Method Not Allowed"}"#,
    )
        .into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"detail":"Not Found"}"#,
    )
        .into_response()
}

fn authorize(headers: &HeaderMap, keys: &[String]) -> Result<(), WireError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(wire::missing_key());
    };
    let value = value.to_str().unwrap_or_default();
    let Some(key) = value.strip_prefix("Bearer ") else {
        return Err(wire::malformed_key());
    };
    let key = key.trim();
    if keys.iter().any(|k| k == key) {
        Ok(())
    } else {
        Err(wire::invalid_key(key))
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The failures that look the same on both endpoints.
/// Settles `Mode::Flaky` for this request: every second one fails.
fn flaky(shared: &Shared, mut plan: Plan) -> Plan {
    if plan.mode == Mode::Flaky {
        let seen = shared.flaky.fetch_add(1, Ordering::Relaxed);
        plan.mode = if seen % 2 == 1 {
            Mode::Fail500
        } else {
            Mode::Ok
        };
    }
    plan
}

fn failure(plan: &Plan, group: &str) -> Option<Response> {
    Some(error_response(match plan.mode {
        Mode::Fail400 => wire::bad_request(
            plan.provider,
            "Request contains an invalid argument. (mock)",
            group,
        ),
        Mode::Fail401 => wire::invalid_key("sk-refused-by-mock"),
        Mode::HugeError => wire::bad_request(plan.provider, &"ừ".repeat(1_700_000), group),
        Mode::Fail429 => wire::rate_limited(plan.provider, group),
        Mode::Fail500 => wire::internal(plan.provider, group),
        Mode::Fail503 => wire::unavailable(group),
        Mode::VertexBlock => wire::vertex_block(group),
        Mode::OpenAiBlock => wire::openai_block(group),
        Mode::Html => {
            return Some(
                (
                    StatusCode::BAD_GATEWAY,
                    [(header::CONTENT_TYPE, "text/html")],
                    wire::HTML_ERROR_PAGE,
                )
                    .into_response(),
            )
        }
        _ => return None,
    }))
}

/// Draws `count` pictures off the async threads (a 2 MB one takes a while).
/// `request` numbers the request: like a real model, the same prompt twice
/// gives two different pictures (four parallel chat requests, four images).
async fn draw(
    prompt: &str,
    request: u64,
    count: usize,
    size: (u32, u32),
    big: bool,
) -> Vec<Vec<u8>> {
    let prompt = prompt.to_string();
    tokio::task::spawn_blocking(move || {
        (0..count)
            .map(|i| {
                let seed = draw::hash(&prompt, request.wrapping_mul(16).wrapping_add(i as u64));
                if big {
                    draw::noise(seed, 724, 724)
                } else {
                    draw::picture(seed, size.0, size.1)
                }
            })
            .collect()
    })
    .await
    .unwrap_or_default()
}

fn b64(png: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(png)
}

fn store(shared: &Shared, png: Vec<u8>, host: &str, route: &str) -> String {
    let name = format!(
        "{:016x}.png",
        draw::hash(&format!("{:?}", Instant::now()), png.len() as u64)
    );
    if let Ok(mut files) = shared.files.lock() {
        if files.len() >= MAX_FILES {
            files.pop_front();
        }
        files.push_back((name.clone(), Bytes::from(png)));
    }
    format!("http://{host}/{route}/{name}")
}

/// A link the gateway might send that leads to a web page, not an image.
fn page_link(host: &str) -> String {
    format!("http://{host}/pages/not-an-image.html")
}

/// A PNG signature followed by a web page: passes a check of the first
/// bytes, and is no picture.
fn png_then_html() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(b"<html><body><script>alert(1)</script></body></html>");
    bytes
}

fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string()
}

/// What the proxy checks first, in its order: the key, that the body is
/// JSON, and that the model is one it serves. `route` names the endpoint in
/// its own words for the unknown-model message.
fn admit(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    route: &str,
) -> Result<(Value, &'static behaviour::Model), WireError> {
    authorize(headers, &shared.options.keys)?;
    let request =
        serde_json::from_slice::<Value>(body).map_err(|e| wire::invalid_json(&e.to_string()))?;
    let model_id = request
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("None");
    let model = behaviour::model(model_id).ok_or_else(|| wire::unknown_model(route, model_id))?;
    Ok((request, model))
}

/// Cuts a successful body in half, as a dropped connection would.
fn truncated(body: &Value, shared: &Shared, started: Instant) -> Response {
    let mut bytes = serde_json::to_vec(body).unwrap_or_default();
    bytes.truncate(bytes.len() / 2);
    let mut response = json_response(200, &Value::Null, shared, started);
    *response.body_mut() = Body::from(bytes);
    response
}

async fn images(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    match images_inner(&shared, &headers, &body, started).await {
        Ok(response) => response,
        Err(error) => error_response(error),
    }
}

async fn images_inner(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    started: Instant,
) -> Result<Response, WireError> {
    let (request, model) = admit(shared, headers, body, "/image/generations")?;
    let prompt = request.get("prompt").and_then(Value::as_str);
    let plan = flaky(
        shared,
        behaviour::plan(model, prompt.unwrap_or_default(), shared.options.delay),
    );
    tokio::time::sleep(plan.delay).await;

    let group = model.id;
    for param in ["response_format", "quality", "style"] {
        let supported = plan.provider == Provider::OpenAi && param != "response_format";
        if request.get(param).is_some() && !supported {
            return Err(wire::unsupported_param(plan.provider, param, group));
        }
    }
    let prompt = prompt.ok_or_else(wire::missing_prompt)?;
    if prompt.trim().is_empty() {
        return Err(wire::empty_prompt(plan.provider, group));
    }
    let n = request.get("n").and_then(Value::as_i64).unwrap_or(1);
    if !(1..=4).contains(&n) {
        return Err(wire::too_many_images(plan.provider, n, group));
    }
    if let Some(response) = failure(&plan, group) {
        return Ok(response);
    }
    let size = request
        .get("size")
        .and_then(Value::as_str)
        .and_then(behaviour::parse_size)
        .unwrap_or((1024, 1024));
    let count = match plan.mode {
        Mode::Block | Mode::ImageSafety | Mode::TextOnly => 0,
        Mode::Fewer => n as usize - 1,
        _ => n as usize,
    };
    let number = shared.counter.fetch_add(1, Ordering::Relaxed);
    let pngs = draw(prompt, number, count, size, plan.mode == Mode::Big).await;
    let revised = (plan.provider == Provider::OpenAi).then(|| format!("{prompt} (revised, mock)"));
    let host = host(headers);
    let mut items: Vec<Value> = pngs
        .into_iter()
        .enumerate()
        .map(|(i, png)| match plan.mode {
            Mode::Url => wire::image_item(
                None,
                Some(store(shared, png, &host, "files")),
                revised.clone(),
            ),
            Mode::LinkNoCors => wire::image_item(
                None,
                Some(store(shared, png, &host, "nocors")),
                revised.clone(),
            ),
            Mode::LinkToPage => wire::image_item(None, Some(page_link(&host)), None),
            Mode::LinkHangs => {
                wire::image_item(None, Some(store(shared, png, &host, "hang")), None)
            }
            Mode::PngThenHtml => wire::image_item(Some(b64(&png_then_html())), None, None),
            Mode::UnsafeUrl if i == 0 => {
                wire::image_item(None, Some("javascript:alert(document.domain)".into()), None)
            }
            Mode::BadBase64 => wire::image_item(Some("not*base64!!".into()), None, None),
            _ => wire::image_item(Some(b64(&png)), None, revised.clone()),
        })
        .collect();
    if plan.mode == Mode::EmptyItem {
        if let Some(last) = items.last_mut() {
            *last = wire::image_item(None, None, None);
        }
    }
    let body = wire::images_response(now(), items);
    Ok(if plan.mode == Mode::Truncated {
        truncated(&body, shared, started)
    } else {
        json_response(200, &body, shared, started)
    })
}

/// The user's words from the last user message: a string, or the text parts
/// of a multimodal content array. Also counts the input images.
fn chat_prompt(request: &Value) -> Option<(String, usize)> {
    let messages = request.get("messages")?.as_array()?;
    let last = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))?;
    match last.get("content")? {
        Value::String(text) => Some((text.clone(), 0)),
        Value::Array(parts) => {
            let text = parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            let images = parts
                .iter()
                .filter(|p| p.get("type").and_then(Value::as_str) == Some("image_url"))
                .count();
            Some((text, images))
        }
        _ => None,
    }
}

/// Gemini's `imageConfig.aspectRatio` (or snake_case), top level or in `extra_body`.
fn chat_size(request: &Value) -> (u32, u32) {
    let find = |v: &Value| -> Option<(u32, u32)> {
        let config = v.get("imageConfig").or_else(|| v.get("image_config"))?;
        let aspect = config
            .get("aspectRatio")
            .or_else(|| config.get("aspect_ratio"))?
            .as_str()?;
        behaviour::aspect_to_size(aspect)
    };
    find(request)
        .or_else(|| request.get("extra_body").and_then(find))
        .unwrap_or((1024, 1024))
}

async fn chat(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    match chat_inner(&shared, &headers, &body, started).await {
        Ok(response) => response,
        Err(error) => error_response(error),
    }
}

async fn chat_inner(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    started: Instant,
) -> Result<Response, WireError> {
    let (request, model) = admit(shared, headers, body, "/chat/completions")?;
    let (prompt, _) = chat_prompt(&request).unwrap_or_default();
    let seen = seen_images(&request, behaviour::passes_assistant_images(model));
    let plan = flaky(
        shared,
        behaviour::plan(model, &prompt, shared.options.delay),
    );
    tokio::time::sleep(plan.delay).await;

    let group = model.id;
    if plan.provider != Provider::Gemini {
        return Err(wire::bad_request(
            plan.provider,
            "This model only supports /images/generations. (mock)",
            group,
        ));
    }
    if prompt.trim().is_empty() && seen.is_empty() {
        return Err(wire::empty_prompt(plan.provider, group));
    }
    let n = request.get("n").and_then(Value::as_i64).unwrap_or(1);
    if n != 1 {
        return Err(wire::too_many_images(plan.provider, n, group));
    }
    if let Some(response) = failure(&plan, group) {
        return Ok(response);
    }
    // A text model answers words (after the failures a prompt asks for).
    if model.mode == Mode::Text {
        return Ok(text_answer(shared, &request, model.id, started));
    }
    let number = shared.counter.fetch_add(1, Ordering::Relaxed);
    let id = format!("{:022x}", draw::hash(&prompt, number));
    let created = now();
    let upstream = "gemini-2.5-flash-image-preview";
    let stream = request.get("stream").and_then(Value::as_bool) == Some(true);

    let (text, urls): (Option<String>, Vec<String>) = match plan.mode {
        Mode::Block | Mode::ImageSafety => {
            if stream {
                return Ok(sse(wire::chat_stream(&id, created, upstream, None, &[])));
            }
            let body = wire::chat_blocked(&id, created, upstream);
            return Ok(json_response(200, &body, shared, started));
        }
        Mode::TextOnly | Mode::Fewer => (
            Some("I can't create that image, but here is a description instead (mock).".into()),
            vec![],
        ),
        Mode::UnsafeUrl => (
            Some("Here is your image (mock).".into()),
            vec!["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==".into()],
        ),
        Mode::BadBase64 => (
            Some("Here is your image (mock).".into()),
            vec!["data:image/png;base64,not*base64!!".into()],
        ),
        Mode::EmptyItem => (
            Some("Here is your image (mock).".into()),
            vec![String::new()],
        ),
        Mode::PngThenHtml => (
            Some("Here is your image (mock).".into()),
            vec![format!("data:image/png;base64,{}", b64(&png_then_html()))],
        ),
        mode => {
            let count = if mode == Mode::TwoImages { 2 } else { 1 };
            // An edit: the first image it was given, visibly changed.
            let edited = seen
                .first()
                .filter(|_| mode != Mode::Big)
                .and_then(|image| draw::inverted(&image.data));
            let pngs = match edited {
                Some(png) => vec![png; count],
                None => {
                    draw(
                        &prompt,
                        number,
                        count,
                        chat_size(&request),
                        mode == Mode::Big,
                    )
                    .await
                }
            };
            let urls = pngs
                .into_iter()
                .map(|png| match mode {
                    Mode::Url => store(shared, png, &host(headers), "files"),
                    Mode::LinkNoCors => store(shared, png, &host(headers), "nocors"),
                    Mode::LinkToPage => page_link(&host(headers)),
                    Mode::LinkHangs => store(shared, png, &host(headers), "hang"),
                    _ => format!("data:image/png;base64,{}", b64(&png)),
                })
                .collect();
            // As the stand-in model of the captures says it.
            let saw: Vec<String> = seen
                .iter()
                .map(|image| format!("{} {} bytes", image.mime, image.data.len()))
                .collect();
            let saw = if saw.is_empty() {
                String::new()
            } else {
                format!(": {}", saw.join(", "))
            };
            let text = format!(
                "Here is your image of \u{201c}{}\u{201d} (mock; saw {} input image(s){saw}).",
                prompt.trim(),
                seen.len()
            );
            (Some(text), urls)
        }
    };
    if stream {
        return Ok(sse(wire::chat_stream(
            &id,
            created,
            upstream,
            text.as_deref(),
            &urls,
        )));
    }
    let body = wire::chat_response(
        &id,
        created,
        upstream,
        text.as_deref().unwrap_or_default(),
        &urls,
    );
    Ok(if plan.mode == Mode::Truncated {
        truncated(&body, shared, started)
    } else {
        json_response(200, &body, shared, started)
    })
}

/// A text model's answer: what the captured stand-in says, "(fake rewrite)
/// A detailed English image prompt: <the user's words>", or "(fake
/// translation) <the user's words>" when the system message asks for a
/// translation. Deterministic, and shows what it was given.
fn text_answer(shared: &Shared, request: &Value, model: &str, started: Instant) -> Response {
    let messages = message_words(request);
    let said = |role: &str| {
        messages
            .iter()
            .filter(|(r, _)| r == role)
            .map(|(_, words)| words.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (system, user) = (said("system"), said("user"));
    let text = if system.to_lowercase().contains("translate") {
        format!("(fake translation) {}", user.trim())
    } else {
        format!(
            "(fake rewrite) A detailed English image prompt: {}",
            user.trim()
        )
    };
    let number = shared.counter.fetch_add(1, Ordering::Relaxed);
    let id = format!("{:022x}", draw::hash(&user, number));
    let body = wire::chat_response(&id, now(), model, &text, &[]);
    json_response(200, &body, shared, started)
}

fn sse(events: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8")],
        events,
    )
        .into_response()
}

async fn models(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(error) = authorize(&headers, &shared.options.keys) {
        return error_response(error);
    }
    let extra: Vec<String> = (0..shared.options.extra_models)
        .map(|i| format!("imagen-bulk-{i}"))
        .collect();
    let body = wire::models(
        behaviour::MODELS
            .iter()
            .map(|m| m.id)
            .chain(extra.iter().map(String::as_str)),
    );
    json_response(200, &body, &shared, Instant::now())
}

/// A web page where an image was expected.
async fn page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!doctype html><title>Not an image</title><p>This is a web page.</p>",
    )
        .into_response()
}

/// A link that never answers (ten minutes, longer than any client waits):
/// the journal shows when the client gave up.
async fn hang() -> Response {
    tokio::time::sleep(Duration::from_secs(600)).await;
    not_found().await
}

async fn file(State(shared): State<Arc<Shared>>, Path(name): Path<String>) -> Response {
    let found = shared.files.lock().ok().and_then(|files| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.clone())
    });
    match found {
        Some(bytes) => ([(header::CONTENT_TYPE, "image/png")], bytes).into_response(),
        None => not_found().await,
    }
}

/// The `--help` text on behaviours: models first, then prompt keywords.
pub fn help_text() -> String {
    let mut out = String::from("MODELS (GET /v1/models lists them):\n");
    for m in behaviour::MODELS {
        out.push_str(&format!("  {:<38} {}\n", m.id, m.mode.describe()));
    }
    out.push_str("\nSERVED BUT NOT LISTED:\n");
    for m in behaviour::UNLISTED {
        out.push_str(&format!(
            "  {:<38} {}; images in assistant messages reach it too (a newer LiteLLM)\n",
            m.id,
            m.mode.describe()
        ));
    }
    out.push_str(
        "\nEDITS (chat): the model sees the images of user messages (assistant messages'\n\
         images are dropped, as by the captured 1.78.5), says how many with their types\n\
         and sizes, and answers the first PNG it saw with its colours inverted.\n",
    );
    out.push_str(
        "\nPROMPT KEYWORDS (override the model's behaviour, e.g. \"a red fox FAKE_429\"):\n",
    );
    for (word, mode) in behaviour::KEYWORDS {
        out.push_str(&format!("  {:<38} {}\n", word, mode.describe()));
    }
    out.push_str(&format!(
        "  {:<38} {}\n  {:<38} {}\n",
        "FAKE_SLOW",
        "answer after 2 s (any behaviour)",
        "FAKE_DELAY_<ms>",
        "answer after <ms> milliseconds (at most 120000)"
    ));
    out.push_str(
        "\nALSO: no Authorization header -> 401; no `Bearer ` prefix -> 401 (malformed);\n\
         an unknown key -> 401; an unknown model -> 400 (Invalid model name);\n\
         response_format/quality/style to Imagen -> 400 (UnsupportedParamsError);\n\
         n outside 1..=4 (chat: n != 1) -> 400; empty prompt -> 400; no prompt -> 500;\n\
         a body that is not JSON -> 400; GET on a POST route -> 405; chat with stream:true -> SSE.\n",
    );
    out
}
