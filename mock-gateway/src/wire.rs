//! Bodies exactly as LiteLLM 1.78.5 shapes them (see `tests/fixtures/`):
//! successes with their many `null`s, and the `{"error": {...}}` envelope whose
//! `type`/`param` are sometimes `null`, sometimes the string `"None"`.

use crate::behaviour::Provider;
use serde_json::{json, Value};

/// `null` or the Python-ism `"None"`, as the real proxy mixes them.
#[derive(Clone, Copy)]
pub enum Nullish {
    Null,
    NoneString,
}

impl Nullish {
    fn value(self) -> Value {
        match self {
            Nullish::Null => Value::Null,
            Nullish::NoneString => Value::String("None".into()),
        }
    }
}

/// An error the proxy sends: status plus the envelope's fields.
#[derive(Clone, Debug)]
pub struct WireError {
    pub status: u16,
    pub body: Value,
}

fn envelope(status: u16, message: String, kind: Value, param: Value) -> WireError {
    WireError {
        status,
        body: json!({"error": {"message": message, "type": kind, "param": param, "code": status.to_string()}}),
    }
}

fn named(kind: &str) -> Value {
    Value::String(kind.into())
}

pub fn missing_key() -> WireError {
    envelope(
        401,
        "Authentication Error, No api key passed in.".into(),
        named("auth_error"),
        Nullish::NoneString.value(),
    )
}

pub fn malformed_key() -> WireError {
    envelope(
        401,
        "Authentication Error, Malformed API Key passed in. Ensure Key has `Bearer ` prefix."
            .into(),
        named("auth_error"),
        Nullish::NoneString.value(),
    )
}

/// A key the proxy does not know. (The captured proxy ran without a database
/// and so said "No connected db." with a 400; a deployed gateway says this.)
pub fn invalid_key(key: &str) -> WireError {
    let tail: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    envelope(
        401,
        format!(
            "Authentication Error, Invalid proxy server token passed. Received API Key = sk-...{tail}, \
             Key Hash (Token) ={:016x}. Unable to find token in cache or `LiteLLM_VerificationTokenTable`",
            crate::draw::hash(key, 1)
        ),
        named("token_not_found_in_db"),
        Value::Null,
    )
}

pub fn invalid_json(detail: &str) -> WireError {
    envelope(
        400,
        format!("Invalid JSON payload: {detail}"),
        named("invalid_request_error"),
        named("request_body"),
    )
}

/// `route` is `/image/generations` or `/chat/completions` (the proxy's own words).
pub fn unknown_model(route: &str, model: &str) -> WireError {
    let prefix = if route.starts_with("/image") {
        "400: "
    } else {
        ""
    };
    envelope(
        400,
        format!(
            "{prefix}{{'error': '{route}: Invalid model name passed in model={model}. Call `/v1/models` to view available models for your key.'}}"
        ),
        Nullish::NoneString.value(),
        Nullish::NoneString.value(),
    )
}

pub fn missing_prompt() -> WireError {
    envelope(
        500,
        "Router.aimage_generation() missing 1 required positional argument: 'prompt'".into(),
        Nullish::NoneString.value(),
        Nullish::NoneString.value(),
    )
}

/// What each provider's name looks like inside LiteLLM's exception text.
fn exception(provider: Provider) -> &'static str {
    match provider {
        Provider::Vertex => "Vertex_aiException",
        Provider::AiStudio | Provider::Gemini => "GeminiException",
        Provider::OpenAi => "OpenAIException",
    }
}

/// A Google-style upstream error wrapped the way LiteLLM wraps it:
/// `{head} - {"error": {...}}. Received Model Group=...`.
fn google_wrapped(head: &str, code: u16, status_word: &str, text: &str, group: &str) -> String {
    let inner = json!({"error": {"code": code, "message": text, "status": status_word}});
    // Python's json.dumps spacing, as in the captured bodies.
    let inner = serde_json::to_string(&inner)
        .unwrap_or_default()
        .replace("\":", "\": ")
        .replace(",\"", ", \"");
    format!("{head} - {inner}. Received Model Group={group}\nAvailable Model Group Fallbacks=None")
}

fn google_class(class: &str, provider: Provider) -> String {
    format!("litellm.{class}: {} {class}", exception(provider))
}

fn openai_wrapped(class: &str, text: &str, group: &str) -> String {
    format!("litellm.{class}: OpenAIException - {text}. Received Model Group={group}\nAvailable Model Group Fallbacks=None")
}

/// The upstream rejected the request (a provider `BadRequestError`).
pub fn bad_request(provider: Provider, text: &str, group: &str) -> WireError {
    match provider {
        Provider::OpenAi => envelope(
            400,
            openai_wrapped("BadRequestError", text, group),
            named("invalid_request_error"),
            Value::Null,
        ),
        _ => envelope(
            400,
            google_wrapped(
                &google_class("BadRequestError", provider),
                400,
                "INVALID_ARGUMENT",
                text,
                group,
            ),
            Value::Null,
            Value::Null,
        ),
    }
}

pub fn empty_prompt(provider: Provider, group: &str) -> WireError {
    match provider {
        Provider::OpenAi => bad_request(
            provider,
            "Invalid prompt: prompt must not be empty. (mock)",
            group,
        ),
        Provider::Gemini => bad_request(
            provider,
            "* GenerateContentRequest.contents: contents is not specified (mock)",
            group,
        ),
        _ => bad_request(provider, "Prompt is empty. (mock)", group),
    }
}

pub fn too_many_images(provider: Provider, n: i64, group: &str) -> WireError {
    match provider {
        Provider::OpenAi => bad_request(
            provider,
            &format!(
                "Invalid 'n': integer above maximum value. Expected a value <= 4, but got {n} instead. (mock)"
            ),
            group,
        ),
        Provider::Gemini => bad_request(
            provider,
            "Multiple candidates is not enabled for this model. (mock)",
            group,
        ),
        _ => bad_request(
            provider,
            &format!(
                "Image generation failed with the following error: The number of images (sampleCount) must be between 1 and 4, got {n}. (mock)"
            ),
            group,
        ),
    }
}

/// `response_format`, `quality`, `style`... sent to a model that does not take them.
pub fn unsupported_param(provider: Provider, param: &str, group: &str) -> WireError {
    let (route, model) = match provider {
        Provider::OpenAi => ("openai", "fake-image-model"),
        Provider::AiStudio | Provider::Gemini => ("gemini", "imagen-4.0-generate-001"),
        Provider::Vertex => ("vertex_ai", "imagen-4.0-generate-001"),
    };
    envelope(
        400,
        format!(
            "litellm.UnsupportedParamsError: Setting `{param}` is not supported by {route}, {model}. To drop it from the call, set `litellm.drop_params = True`.. Received Model Group={group}\nAvailable Model Group Fallbacks=None"
        ),
        Nullish::NoneString.value(),
        Value::Null,
    )
}

pub fn rate_limited(provider: Provider, group: &str) -> WireError {
    let message = match provider {
        Provider::OpenAi => format!(
            "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit exceeded for images per minute. Please try again in 7s. (mock). Received Model Group={group}\nAvailable Model Group Fallbacks=None"
        ),
        Provider::Gemini => google_wrapped(
            "litellm.RateLimitError: litellm.RateLimitError: GeminiException",
            429,
            "RESOURCE_EXHAUSTED",
            "Resource has been exhausted (e.g. check quota). (mock)",
            group,
        ),
        _ => google_wrapped(
            if provider == Provider::Vertex {
                "litellm.RateLimitError: litellm.RateLimitError: vertex_aiException"
            } else {
                "litellm.RateLimitError: litellm.RateLimitError: geminiException"
            },
            429,
            "RESOURCE_EXHAUSTED",
            "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: imagen-4.0-generate-001. (mock)",
            group,
        ),
    };
    envelope(429, message, named("throttling_error"), Value::Null)
}

pub fn internal(provider: Provider, group: &str) -> WireError {
    let message = match provider {
        Provider::OpenAi => format!(
            "litellm.InternalServerError: InternalServerError: OpenAIException - The server had an error while processing your request. Sorry about that! (mock). Received Model Group={group}\nAvailable Model Group Fallbacks=None"
        ),
        Provider::Gemini => google_wrapped(&google_class("InternalServerError", provider), 500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting (mock)", group),
        _ => google_wrapped(&google_class("InternalServerError", provider), 500, "INTERNAL", "Internal error encountered. (mock)", group),
    };
    envelope(500, message, Value::Null, Value::Null)
}

pub fn unavailable(group: &str) -> WireError {
    envelope(
        503,
        format!("litellm.ServiceUnavailableError: ServiceUnavailableError: the upstream provider is overloaded, please retry later. (mock). Received Model Group={group}\nAvailable Model Group Fallbacks=None"),
        Value::Null,
        Value::Null,
    )
}

pub fn vertex_block(group: &str) -> WireError {
    envelope(
        500,
        format!("litellm.InternalServerError: image generation response does not contain 'predictions', got {{}}. Received Model Group={group}\nAvailable Model Group Fallbacks=None"),
        Value::Null,
        Value::Null,
    )
}

pub fn openai_block(group: &str) -> WireError {
    envelope(
        400,
        openai_wrapped("BadRequestError", "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system. (mock)", group),
        Value::Null,
        Value::Null,
    )
}

/// An `/images/generations` item: `b64_json` or `url`, the other `null`.
pub fn image_item(b64: Option<String>, url: Option<String>, revised: Option<String>) -> Value {
    json!({"b64_json": b64, "revised_prompt": revised, "url": url})
}

pub fn images_response(created: u64, items: Vec<Value>) -> Value {
    json!({
        "created": created,
        "background": null,
        "data": items,
        "output_format": null,
        "quality": null,
        "size": null,
        "usage": {"total_tokens": 0, "input_tokens": 0, "input_tokens_details": {"image_tokens": 0, "text_tokens": 0}, "output_tokens": 0}
    })
}

/// A `/chat/completions` answer; `images` empty means text only (whose
/// usage block the proxy reports with empty token details).
pub fn chat_response(
    id: &str,
    created: u64,
    model: &str,
    text: &str,
    image_urls: &[String],
) -> Value {
    let images: Vec<Value> = image_urls
        .iter()
        .enumerate()
        .map(|(i, url)| json!({"image_url": {"url": url, "detail": "auto"}, "index": i, "type": "image_url"}))
        .collect();
    let usage = if image_urls.is_empty() {
        json!({"completion_tokens": 15, "prompt_tokens": 7, "total_tokens": 22, "prompt_tokens_details": {}})
    } else {
        json!({"completion_tokens": 1290, "prompt_tokens": 7, "total_tokens": 1297, "prompt_tokens_details": {"text_tokens": 7}})
    };
    json!({
        "id": id,
        "created": created,
        "model": model,
        "object": "chat.completion",
        "choices": [{"finish_reason": "stop", "index": 0, "message": {"content": text, "role": "assistant", "images": images, "thinking_blocks": []}}],
        "usage": usage,
        "vertex_ai_grounding_metadata": [],
        "vertex_ai_url_context_metadata": [],
        "vertex_ai_safety_results": [],
        "vertex_ai_citation_metadata": []
    })
}

/// The safety filter's answer to a chat request: HTTP 200, no content, no images.
pub fn chat_blocked(id: &str, created: u64, model: &str) -> Value {
    json!({
        "id": format!("chatcmpl-{id}"),
        "created": created,
        "model": model,
        "object": "chat.completion",
        "choices": [{"finish_reason": "content_filter", "index": 0, "message": {"role": "assistant"}}],
        "usage": {"completion_tokens": 0, "prompt_tokens": 7, "total_tokens": 7}
    })
}

/// A streamed chat answer as server-sent events, as the proxy streams it.
pub fn chat_stream(
    id: &str,
    created: u64,
    model: &str,
    text: Option<&str>,
    image_urls: &[String],
) -> String {
    let chunk = |choice: Value| json!({"id": id, "created": created, "model": model, "object": "chat.completion.chunk", "choices": [choice]});
    let mut events = Vec::new();
    if let Some(text) = text {
        // The first chunk carries Vertex's (empty) metadata lists, as the proxy streams it.
        let mut first = chunk(json!({"index": 0, "delta": {"content": text, "role": "assistant"}}));
        if let Some(fields) = first.as_object_mut() {
            for key in [
                "vertex_ai_grounding_metadata",
                "vertex_ai_url_context_metadata",
                "vertex_ai_safety_ratings",
                "vertex_ai_citation_metadata",
            ] {
                fields.insert(key.into(), json!([]));
            }
        }
        events.push(first);
    }
    if !image_urls.is_empty() {
        let images: Vec<Value> = image_urls
            .iter()
            .enumerate()
            .map(|(i, url)| json!({"image_url": {"url": url, "detail": "auto"}, "index": i, "type": "image_url"}))
            .collect();
        events.push(chunk(json!({"index": 0, "delta": {"images": images}})));
    }
    events.push(chunk(
        json!({"finish_reason": "stop", "index": 0, "delta": {}}),
    ));
    let mut out = String::new();
    for event in events {
        out.push_str("data: ");
        out.push_str(&event.to_string());
        out.push_str("\n\n");
    }
    out.push_str("data: [DONE]\n\n");
    out
}

pub fn models<'a>(ids: impl Iterator<Item = &'a str>) -> Value {
    let data: Vec<Value> = ids
        .map(|id| json!({"id": id, "object": "model", "created": 1_677_610_602, "owned_by": "openai"}))
        .collect();
    json!({"data": data, "object": "list"})
}

/// What nginx in front of a proxy answers when the proxy is down.
pub const HTML_ERROR_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
