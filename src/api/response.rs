//! `(status, body bytes)` → the images, or the reason there are none.  [pure]
//!
//! Never panics, whatever the bytes: every path ends in a `Generation` or an
//! `ApiError` the UI can explain.

use super::{ApiError, ErrorKind};
use crate::image::{GeneratedImage, ImageSource, Refusal};
use serde_json::Value;

/// What a successful call produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation {
    pub images: Vec<GeneratedImage>,
    /// Items that came back but are not shown, with the reason.
    pub skipped: Vec<(usize, Refusal)>,
    /// How many images were asked for.
    pub requested: usize,
    /// The model's text reply (chat), without any embedded image data.
    pub text: Option<String>,
}

impl Generation {
    /// Fewer images than asked for (some skipped, or the gateway sent fewer).
    pub fn is_short(&self) -> bool {
        self.images.len() < self.requested
    }

    /// Gives the answer's items their numbers in the run, so every image of
    /// a run has its own (downloads never clash). The request was given
    /// `reserved` numbers from `first`; items past them (a chat answer with
    /// more images than asked) take the run's next free numbers from
    /// `extra`, in answer order.
    pub fn numbered(
        mut self,
        first: usize,
        reserved: usize,
        mut extra: impl FnMut() -> usize,
    ) -> Self {
        // Images and skipped items are each in answer order: walk both
        // together, so extra numbers follow the answer's order.
        let (mut image, mut skip) = (0, 0);
        loop {
            let next_image = self.images.get(image).map(|i| i.index);
            let next_skip = self.skipped.get(skip).map(|(i, _)| *i);
            let (position, is_image) = match (next_image, next_skip) {
                (Some(a), Some(b)) if b < a => (b, false),
                (Some(a), _) => (a, true),
                (None, Some(b)) => (b, false),
                (None, None) => break,
            };
            let number = if position < reserved {
                first + position
            } else {
                extra()
            };
            if is_image {
                self.images[image].index = number;
                image += 1;
            } else {
                self.skipped[skip].0 = number;
                skip += 1;
            }
        }
        self
    }
}

/// Reads an `/images/generations` answer.
pub fn parse_images(status: u16, body: &[u8], requested: usize) -> Result<Generation, ApiError> {
    // The common case, read without copying the megabytes of base64 out of
    // the body; anything else (errors, odd shapes) takes the general path.
    if (200..300).contains(&status) {
        if let Ok(answer) = serde_json::from_slice::<FastImages>(body) {
            if answer.error.is_none() && !answer.data.is_empty() {
                let items = answer.data.iter().map(|item| {
                    (
                        item.b64_json.as_deref(),
                        item.url.as_deref(),
                        item.revised_prompt.as_deref(),
                    )
                });
                return images_from(status, items, answer.data.len(), requested);
            }
        }
    }
    let json = success_json(status, body)?;
    let Some(items) = json.get("data").and_then(Value::as_array) else {
        return Err(unknown_shape(status, "no `data` list"));
    };
    fn text<'v>(item: &'v Value, key: &str) -> Option<&'v str> {
        item.get(key).and_then(Value::as_str)
    }
    let fields = items.iter().map(|item| {
        (
            text(item, "b64_json"),
            text(item, "url"),
            text(item, "revised_prompt"),
        )
    });
    images_from(status, fields, items.len(), requested)
}

/// An `/images/generations` success, its strings borrowed from the body
/// where they hold no escapes (base64 never does).
#[derive(serde::Deserialize)]
struct FastImages<'a> {
    #[serde(borrow)]
    data: Vec<FastItem<'a>>,
    error: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct FastItem<'a> {
    #[serde(borrow)]
    b64_json: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    revised_prompt: Option<std::borrow::Cow<'a, str>>,
}

/// `(b64_json, url, revised_prompt)` per item → the images and the skips.
fn images_from<'a>(
    status: u16,
    items: impl Iterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
    count: usize,
    requested: usize,
) -> Result<Generation, ApiError> {
    if count == 0 {
        // LiteLLM's answer when the provider's safety filter removed every image.
        return Err(ApiError::new(
            ErrorKind::Blocked,
            "The gateway answered with no image (data: []).",
        )
        .with_status(status));
    }
    let present = |s: Option<&'a str>| s.filter(|s| !s.is_empty());
    let (images, skipped) = sort_sources(items.map(|(b64, url, revised)| {
        let source = match (present(b64), present(url)) {
            (Some(b64), _) => ImageSource::from_base64(b64),
            (None, Some(url)) => ImageSource::from_url(url),
            (None, None) => Err(Refusal::Empty),
        };
        (source, present(revised).map(str::to_string))
    }));
    if images.is_empty() {
        return Err(nothing_usable(status, &skipped));
    }
    Ok(Generation {
        images,
        skipped,
        requested,
        text: None,
    })
}

/// Reads a `/chat/completions` answer (one image per request: Gemini image
/// models take no `n`). Accepts every shape LiteLLM has sent:
/// `message.images[].image_url.url` (current), `images[].image_url` as a
/// plain string, `message.image.url` (older), a data URL inside
/// `message.content`, plain or as markdown `![..](data:..)` (oldest), and
/// content parts of type `image_url`. `finish_reason: "content_filter"`
/// with no image is the safety filter.
pub fn parse_chat(status: u16, body: &[u8]) -> Result<Generation, ApiError> {
    let json = success_json(status, body)?;
    let Some(choice) = json
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
    else {
        return Err(unknown_shape(status, "no `choices`"));
    };
    let message = choice.get("message").unwrap_or(&Value::Null);
    let finish = choice.get("finish_reason").and_then(Value::as_str);

    // Borrowed from the parsed body: each (megabytes-long) URL is copied once,
    // by `ImageSource::from_url`.
    let mut urls: Vec<&str> = Vec::new();
    if let Some(images) = message.get("images").and_then(Value::as_array) {
        urls.extend(images.iter().filter_map(|item| {
            let image_url = item.get("image_url").unwrap_or(item);
            image_url
                .as_str()
                .or_else(|| image_url.get("url").and_then(Value::as_str))
                .or_else(|| item.get("url").and_then(Value::as_str))
        }));
    }
    if let Some(image) = message.get("image") {
        if let Some(url) = image
            .as_str()
            .or_else(|| image.get("url").and_then(Value::as_str))
        {
            urls.push(url);
        }
    }
    let mut text_parts = Vec::new();
    match message.get("content") {
        Some(Value::String(content)) => {
            let (text, embedded) = split_embedded_images(content);
            urls.extend(embedded);
            text_parts.push(text);
        }
        Some(Value::Array(parts)) => {
            for part in parts {
                if let Some(text) = part.get("text").and_then(Value::as_str) {
                    let (text, embedded) = split_embedded_images(text);
                    urls.extend(embedded);
                    text_parts.push(text);
                }
                if let Some(url) = part.pointer("/image_url/url").and_then(Value::as_str) {
                    urls.push(url);
                }
            }
        }
        _ => {}
    }
    let text = Some(text_parts.join("\n").trim().to_string()).filter(|t| !t.is_empty());

    let (images, skipped) = sort_sources(
        urls.into_iter()
            .map(|url| (ImageSource::from_url(url), None)),
    );
    if images.is_empty() {
        if finish == Some("content_filter") {
            return Err(ApiError::new(
                ErrorKind::Blocked,
                "finish_reason: content_filter, no image.",
            )
            .with_status(status));
        }
        if !skipped.is_empty() {
            return Err(nothing_usable(status, &skipped));
        }
        // A text-only reply: the model's words are the best explanation there is.
        let detail = text.unwrap_or_else(|| "The answer holds no image and no text.".into());
        return Err(ApiError::new(ErrorKind::Empty, detail).with_status(status));
    }
    Ok(Generation {
        images,
        skipped,
        requested: 1,
        text,
    })
}

/// Takes `data:image/...` URLs out of a text, plain or inside markdown
/// image syntax, and returns the text without them.
fn split_embedded_images(content: &str) -> (String, Vec<&str>) {
    let mut text = String::with_capacity(content.len().min(4096));
    let mut urls = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("data:image/") {
        let (before, from) = rest.split_at(start);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>'))
            .unwrap_or(from.len());
        // Drop a markdown image's `![alt](` opener and its `)`.
        let before = before
            .rfind("![")
            .filter(|&i| before[i..].ends_with("]("))
            .map_or(before, |i| &before[..i]);
        text.push_str(before);
        urls.push(&from[..end]);
        rest = &from[end..];
        rest = rest.strip_prefix(')').unwrap_or(rest);
    }
    text.push_str(rest);
    (text, urls)
}

/// The JSON of a successful answer; any other answer (an error status, or
/// an error envelope inside a 200) as the error it carries.
pub(crate) fn success_json(status: u16, body: &[u8]) -> Result<Value, ApiError> {
    let json = parse_json(status, body)?;
    if !(200..300).contains(&status) || json.get("error").is_some_and(|e| !e.is_null()) {
        return Err(gateway_error(status, &json));
    }
    Ok(json)
}

/// Splits checked sources, in answer order, into images to show and the
/// positions skipped with their reason.
fn sort_sources(
    sources: impl Iterator<Item = (Result<ImageSource, Refusal>, Option<String>)>,
) -> (Vec<GeneratedImage>, Vec<(usize, Refusal)>) {
    let mut images = Vec::new();
    let mut skipped = Vec::new();
    for (index, (source, revised_prompt)) in sources.enumerate() {
        match source {
            Ok(source) => images.push(GeneratedImage {
                source,
                revised_prompt,
                index,
            }),
            Err(refusal) => skipped.push((index, refusal)),
        }
    }
    (images, skipped)
}

/// Parses the body as JSON, telling a cut-off body from one that never was JSON.
fn parse_json(status: u16, body: &[u8]) -> Result<Value, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value) => Ok(value),
        Err(e) if e.is_eof() && looks_like_json(body) => Err(ApiError::new(
            ErrorKind::Truncated,
            format!("The answer stops after {} bytes.", body.len()),
        )
        .with_status(status)),
        Err(_) if body.iter().all(u8::is_ascii_whitespace) && !(200..300).contains(&status) => {
            Err(ApiError::from_gateway(status, ""))
        }
        Err(e) if looks_like_json(body) => {
            Err(ApiError::new(ErrorKind::UnknownShape, e.to_string()).with_status(status))
        }
        Err(_) => Err(ApiError::new(ErrorKind::NotJson, text_snippet(body)).with_status(status)),
    }
}

fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// A short, tag-free excerpt of a non-JSON body (an HTML error page says
/// "502 Bad Gateway nginx"), for the error's details.
fn text_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(if c.is_control() { ' ' } else { c }),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut snippet = words.join(" ");
    if snippet.chars().count() > 200 {
        snippet = snippet.chars().take(200).collect::<String>() + "…";
    }
    snippet
}

/// The gateway's message from any error shape seen in the wild:
/// `{"error": {"message": ..}}`, `{"error": ".."}`, `{"detail": ..}`, `{"message": ..}`.
pub fn error_message(json: &Value) -> Option<String> {
    let as_text = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null => None,
        other if !other.is_object() => Some(other.to_string()),
        _ => None,
    };
    json.get("error")
        .and_then(|e| e.get("message").and_then(as_text).or_else(|| as_text(e)))
        .or_else(|| json.get("detail").and_then(as_text))
        .or_else(|| json.get("message").and_then(as_text))
}

fn gateway_error(status: u16, json: &Value) -> ApiError {
    // A 200 that carries an error: the envelope's `code` says what it really was.
    let status = if (200..300).contains(&status) {
        json.pointer("/error/code")
            .and_then(|c| {
                c.as_str()
                    .and_then(|s| s.parse().ok())
                    .or_else(|| c.as_u64())
            })
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(500)
    } else {
        status
    };
    let message =
        error_message(json).unwrap_or_else(|| json.to_string().chars().take(300).collect());
    ApiError::from_gateway(status, &message)
}

fn unknown_shape(status: u16, what: &str) -> ApiError {
    ApiError::new(ErrorKind::UnknownShape, what).with_status(status)
}

fn nothing_usable(status: u16, skipped: &[(usize, Refusal)]) -> ApiError {
    let refused: Vec<String> = skipped
        .iter()
        .filter(|(_, r)| *r != Refusal::Empty)
        .map(|(i, r)| format!("#{}: {}", i + 1, describe(r)))
        .collect();
    if refused.is_empty() {
        ApiError::new(ErrorKind::Empty, "Every item came back without an image.")
            .with_status(status)
    } else {
        ApiError::new(ErrorKind::UnknownShape, refused.join("; ")).with_status(status)
    }
}

/// A short technical description of a refusal, for details lines.
pub fn describe(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Empty => "no image data".into(),
        Refusal::BadBase64 => "not valid base64".into(),
        Refusal::NotAnImage => "not a PNG, JPEG, WebP or GIF image".into(),
        Refusal::DisallowedMime(mime) => format!("refused type “{mime}”"),
        Refusal::DisallowedScheme(scheme) if scheme.is_empty() => "not an address".into(),
        Refusal::DisallowedScheme(scheme) => format!("refused “{scheme}:” address"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_fast_path_and_the_general_one_agree() {
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        // Escaped slashes (`\/`) are valid JSON: the borrowed read copies them out.
        let escaped = png.replace('/', "\\/");
        let fast = parse_images(
            200,
            format!(r#"{{"data":[{{"b64_json":"{escaped}"}}]}}"#).as_bytes(),
            1,
        )
        .unwrap();
        assert_eq!(
            fast.images[0].source.url(),
            format!("data:image/png;base64,{png}")
        );
        // A wrong type in one item fails the typed read: the general path
        // still shows the good item and reports the other.
        let mixed = parse_images(
            200,
            format!(
                r#"{{"data":[{{"b64_json":5}},{{"b64_json":"{png}","revised_prompt":"fox"}}]}}"#
            )
            .as_bytes(),
            2,
        )
        .unwrap();
        assert_eq!(mixed.images.len(), 1);
        assert_eq!(mixed.images[0].index, 1);
        assert_eq!(mixed.images[0].revised_prompt.as_deref(), Some("fox"));
        assert_eq!(mixed.skipped, [(0, Refusal::Empty)]);
        // An error envelope inside a 200 is not read as images.
        let error = parse_images(
            200,
            br#"{"data":[],"error":{"message":"quota","code":"429"}}"#,
            1,
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::RateLimited);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_image_of_a_run_gets_its_own_number() {
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        let two = format!(
            r#"{{"choices":[{{"message":{{"images":[{{"image_url":{{"url":"data:image/png;base64,{png}"}}}},{{"image_url":{{"url":"data:image/png;base64,{png}"}}}}]}}}}]}}"#
        );
        // Three chat requests of one image each, every answer carrying two:
        // the first images keep their reserved numbers 0, 1, 2, the second
        // ones take 3, 4, 5 in the order they arrive.
        let mut next = 3;
        let mut numbers = Vec::new();
        for first in [1, 0, 2] {
            let generation = parse_chat(200, two.as_bytes())
                .unwrap()
                .numbered(first, 1, || {
                    next += 1;
                    next - 1
                });
            numbers.extend(generation.images.iter().map(|i| i.index));
        }
        assert_eq!(numbers, [1, 3, 0, 4, 2, 5]);
        // Standard: one request reserves all its numbers.
        let g = parse_images(
            200,
            format!(
                r#"{{"data":[{{"b64_json":"{png}"}},{{"b64_json":""}},{{"b64_json":"{png}"}}]}}"#
            )
            .as_bytes(),
            3,
        )
        .unwrap()
        .numbered(0, 3, || unreachable!("nothing past the reserved numbers"));
        let indexes: Vec<usize> = g.images.iter().map(|i| i.index).collect();
        assert_eq!(indexes, [0, 2]);
        assert_eq!(g.skipped[0].0, 1);
        assert_eq!(
            describe(&Refusal::DisallowedScheme(String::new())),
            "not an address"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn html_error_page_is_not_json() {
        let body = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
        let e = parse_images(502, body, 1).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotJson);
        assert_eq!(e.status, Some(502));
        assert_eq!(e.detail, "502 Bad Gateway 502 Bad Gateway nginx");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn truncated_and_odd_bodies() {
        assert_eq!(
            parse_images(200, br#"{"created":1,"data":[{"b64_json":"iVBO"#, 1)
                .unwrap_err()
                .kind,
            ErrorKind::Truncated
        );
        assert_eq!(
            parse_images(200, br#"{"created":1}"#, 1).unwrap_err().kind,
            ErrorKind::UnknownShape
        );
        assert_eq!(
            parse_images(200, br#"{"data":"x"}"#, 1).unwrap_err().kind,
            ErrorKind::UnknownShape
        );
        assert_eq!(
            parse_images(200, b"", 1).unwrap_err().kind,
            ErrorKind::NotJson
        );
        assert_eq!(
            parse_images(500, b"", 1).unwrap_err().kind,
            ErrorKind::Upstream
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn error_inside_a_200_uses_its_code() {
        let e =
            parse_images(200, br#"{"error":{"message":"slow down","code":"429"}}"#, 1).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::RateLimited, Some(429)));
    }
}
