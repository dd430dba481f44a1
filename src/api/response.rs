//! An answer → the images, or the reason there are none.             [pure]
//!
//! Written once over [`Json`]: in the page the engine parses the answer
//! (`web/json.rs`) and the base64 never enters wasm memory; on the host
//! serde_json reads the same bytes ([`parse_images`], [`parse_chat`]).
//! Never panics, whatever the answer: every path ends in a `Generation` or
//! an `ApiError` the UI can explain (an error answer: `failure.rs`).

use super::error::{capped, DETAIL_LIMIT};
pub use super::failure::{error_message, not_json, parse_json};
use super::failure::{success, CappedText};
use super::image::{GeneratedImage, ImageSource, Refusal};
use super::json::{Json, Parsed, Text};
use super::{ApiError, ErrorKind};

/// What a successful call produced. `T` holds the image URLs (see
/// [`ImageSource`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation<T> {
    pub images: Vec<GeneratedImage<T>>,
    /// Items that came back but are not shown, with the reason.
    pub skipped: Vec<(usize, Refusal)>,
    /// How many images were asked for.
    pub requested: usize,
    /// The model's text reply (chat), without any embedded image data.
    pub text: Option<String>,
    /// The answer's status, for an error found later ([`Generation::verify`]).
    pub status: u16,
    /// The safety filter ended the answer (chat `finish_reason`).
    pub filtered: bool,
}

impl<T: Text> Generation<T> {
    /// Checks every image's whole base64 payload. Those that are not base64
    /// are skipped as [`Refusal::BadBase64`]; when none is left, the answer
    /// is the error a reader checking everything at once would have given.
    /// The page calls it once the images are on screen: scanning megabytes
    /// must not delay them.
    pub fn verify(mut self) -> Result<Self, ApiError> {
        let (images, bad): (Vec<_>, Vec<_>) = self
            .images
            .into_iter()
            .partition(|image| image.source.payload_is_base64());
        self.images = images;
        if bad.is_empty() {
            return Ok(self);
        }
        for image in bad {
            let at = self.skipped.partition_point(|(i, _)| *i < image.index);
            self.skipped.insert(at, (image.index, Refusal::BadBase64));
        }
        if self.images.is_empty() {
            if self.filtered {
                return Err(blocked_by_filter(self.status));
            }
            return Err(nothing_usable(self.status, &self.skipped));
        }
        Ok(self)
    }
}

impl<T> Generation<T> {
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

/// Reads an `/images/generations` answer from its bytes.
pub fn parse_images(
    status: u16,
    body: &[u8],
    requested: usize,
) -> Result<Generation<<Parsed as Json>::Text>, ApiError> {
    read_images(status, &parse_json(status, body)?, requested)
}

/// Reads a `/chat/completions` answer from its bytes.
pub fn parse_chat(
    status: u16,
    body: &[u8],
) -> Result<Generation<<Parsed as Json>::Text>, ApiError> {
    read_chat(status, &parse_json(status, body)?)
}

/// Reads an `/images/generations` answer, every byte checked.
pub fn read_images<J: Json>(
    status: u16,
    json: &J,
    requested: usize,
) -> Result<Generation<J::Text>, ApiError> {
    read_images_unverified(status, json, requested)?.verify()
}

/// [`read_images`] but for the payloads' full check: the caller runs
/// [`Generation::verify`] when the images are on screen.
pub fn read_images_unverified<J: Json>(
    status: u16,
    json: &J,
    requested: usize,
) -> Result<Generation<J::Text>, ApiError> {
    success(status, json)?;
    let Some(items) = json.get("data").and_then(|d| d.items()) else {
        return Err(unknown_shape(status, "no `data` list"));
    };
    if items.is_empty() {
        // LiteLLM's answer when the provider's safety filter removed every image.
        return Err(ApiError::new(
            ErrorKind::Blocked,
            "The gateway answered with no image (data: []).",
        )
        .with_status(status));
    }
    let present = |item: &J, key: &str| {
        item.get(key)
            .and_then(|v| v.text())
            .filter(|t| !t.is_empty())
    };
    let (images, skipped) = sort_sources(items.iter().map(|item| {
        let source = match (present(item, "b64_json"), present(item, "url")) {
            (Some(b64), _) => ImageSource::from_base64(&b64),
            (None, Some(url)) => ImageSource::from_url(&url),
            (None, None) => Err(Refusal::Empty),
        };
        let revised = present(item, "revised_prompt").map(|t| short(&t));
        (source, revised)
    }));
    if images.is_empty() {
        return Err(nothing_usable(status, &skipped));
    }
    Ok(Generation {
        images,
        skipped,
        requested,
        text: None,
        status,
        filtered: false,
    })
}

/// Reads a `/chat/completions` answer (one image per request: Gemini image
/// models take no `n`). Accepts every shape LiteLLM has sent:
/// `message.images[].image_url.url` (current), `images[].image_url` as a
/// plain string, `message.image.url` (older), a data URL inside
/// `message.content`, plain or as markdown `![..](data:..)` (oldest), and
/// content parts of type `image_url`. `finish_reason: "content_filter"`
/// with no image is the safety filter.
pub fn read_chat<J: Json>(status: u16, json: &J) -> Result<Generation<J::Text>, ApiError> {
    read_chat_unverified(status, json)?.verify()
}

/// [`read_chat`] but for the payloads' full check (see
/// [`read_images_unverified`]).
pub fn read_chat_unverified<J: Json>(
    status: u16,
    json: &J,
) -> Result<Generation<J::Text>, ApiError> {
    success(status, json)?;
    let Some(choice) = json
        .get("choices")
        .and_then(|c| c.items())
        .and_then(|c| c.into_iter().next())
    else {
        return Err(unknown_shape(status, "no `choices`"));
    };
    let message = choice.get("message");
    let field = |key: &str| message.as_ref().and_then(|m| m.get(key));
    let text_of = |value: &J, key: &str| value.get(key).and_then(|v| v.text());
    let finish = choice
        .get("finish_reason")
        .and_then(|f| f.text())
        .map(|f| f.to_rust() == "content_filter");

    let mut urls: Vec<J::Text> = Vec::new();
    if let Some(images) = field("images").and_then(|i| i.items()) {
        urls.extend(images.iter().filter_map(|item| {
            let image_url = item.get("image_url");
            image_url
                .as_ref()
                .and_then(|u| u.text().or_else(|| text_of(u, "url")))
                .or_else(|| image_url.is_none().then(|| item.text()).flatten())
                .or_else(|| text_of(item, "url"))
        }));
    }
    if let Some(image) = field("image") {
        if let Some(url) = image.text().or_else(|| text_of(&image, "url")) {
            urls.push(url);
        }
    }
    let mut text_parts = Vec::new();
    if let Some(content) = field("content") {
        if let Some(content) = content.text() {
            let (text, embedded) = split_embedded_images(&content);
            urls.extend(embedded);
            text_parts.push(text);
        } else if let Some(parts) = content.items() {
            for part in parts {
                if let Some(text) = text_of(&part, "text") {
                    let (text, embedded) = split_embedded_images(&text);
                    urls.extend(embedded);
                    text_parts.push(text);
                }
                if let Some(url) = part.get("image_url").and_then(|u| text_of(&u, "url")) {
                    urls.push(url);
                }
            }
        }
    }
    let text = Some(capped(
        text_parts.join("\n").trim().to_string(),
        DETAIL_LIMIT,
    ))
    .filter(|t| !t.is_empty());

    let (images, skipped) = sort_sources(urls.iter().map(|url| (ImageSource::from_url(url), None)));
    let filtered = finish == Some(true);
    if images.is_empty() {
        if filtered {
            return Err(blocked_by_filter(status));
        }
        if !skipped.is_empty() {
            return Err(nothing_usable(status, &skipped));
        }
        // A text-only reply: the model's words are the best explanation there is.
        let error = match text {
            Some(words) => ApiError::quoting(ErrorKind::Empty, words),
            None => ApiError::new(ErrorKind::Empty, "The answer holds no image and no text."),
        };
        return Err(error.with_status(status));
    }
    Ok(Generation {
        images,
        skipped,
        requested: 1,
        text,
        status,
        filtered,
    })
}

fn blocked_by_filter(status: u16) -> ApiError {
    ApiError::new(
        ErrorKind::Blocked,
        "finish_reason: content_filter, no image.",
    )
    .with_status(status)
}

/// A short field (revised prompt): capped, as a Rust string.
fn short<T: Text>(text: &T) -> String {
    let cut = text.slice(0, text.len().min(DETAIL_LIMIT * 4)).to_rust();
    capped(cut, DETAIL_LIMIT)
}

/// Takes `data:image/...` URLs out of a text, plain or inside markdown
/// image syntax, and returns the text without them (capped: a text part can
/// be anything).
fn split_embedded_images<T: Text>(content: &T) -> (String, Vec<T>) {
    let mut text = String::new();
    let mut urls = Vec::new();
    let mut rest = 0;
    let keep = |text: &mut String, part: T| {
        if text.len() < DETAIL_LIMIT * 4 {
            text.push_str(&short(&part));
        }
    };
    while let Some(start) = content.find("data:image/", rest) {
        let end = content
            .find_any(")\"'<>", true, start)
            .unwrap_or(content.len());
        let mut before = content.slice(rest, start).to_rust_capped();
        // Drop a markdown image's `![alt](` opener and its `)`.
        if let Some(opener) = before.rfind("![").filter(|&i| before[i..].ends_with("](")) {
            before.truncate(opener);
        }
        if text.len() < DETAIL_LIMIT * 4 {
            text.push_str(&before);
        }
        urls.push(content.slice(start, end));
        rest = end;
        if content.slice(rest, (rest + 1).min(content.len())).to_rust() == ")" {
            rest += 1;
        }
    }
    keep(&mut text, content.slice(rest, content.len()));
    (text, urls)
}

/// Splits checked sources, in answer order, into images to show and the
/// positions skipped with their reason.
#[allow(clippy::type_complexity)]
fn sort_sources<T>(
    sources: impl Iterator<Item = (Result<ImageSource<T>, Refusal>, Option<String>)>,
) -> (Vec<GeneratedImage<T>>, Vec<(usize, Refusal)>) {
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
    fn escapes_odd_items_and_errors_inside_a_200() {
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        // Escaped slashes (`\/`) are valid JSON.
        let escaped = png.replace('/', "\\/");
        let fast = parse_images(
            200,
            format!(r#"{{"data":[{{"b64_json":"{escaped}"}}]}}"#).as_bytes(),
            1,
        )
        .unwrap();
        assert_eq!(
            fast.images[0].source.url().to_rust(),
            format!("data:image/png;base64,{png}")
        );
        // A wrong type in one item: the good item is shown, the other
        // reported.
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
