//! Form input → a validated request: what to send, and where.        [pure]

use super::image::ImageFormat;
use super::json::Out;
use super::types::{Aspect, Freshness, Method};
use super::{ApiError, ErrorKind};

/// An image a chat request carries: a reference the person attached, or
/// the picture being refined. The pure side knows its kind and size; its
/// bytes stay in the page (see [`Prepared::pieces`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Attached {
    pub format: ImageFormat,
    /// The length of its `data:` URL, for the size guard.
    pub url_len: usize,
    /// A file name for "Show code", which reads the image from a file.
    pub name: String,
}

/// Who said a message of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// A piece of a message: words, or one of the order's attached images.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(String),
    /// An index into [`Order::images`].
    Image(usize),
}

/// A message of the conversation so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub role: Role,
    pub parts: Vec<Part>,
}

/// How large a request may grow, images included: providers take 20 MB
/// inline (Gemini); the rest is margin for what a gateway adds.
pub const MAX_REQUEST_BYTES: usize = 19 * 1000 * 1000;

/// How many images a model takes in one request. Gemini 2.5 Flash Image
/// works with up to three; newer image models take more.
pub fn max_input_images(model: &str) -> usize {
    if model.contains("2.5-flash-image") {
        3
    } else {
        10
    }
}

/// A body in pieces: JSON text, and the places where an attached image's
/// `data:` URL goes (the page splices in its own strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Json(&'a str),
    Image(usize),
}

/// A request ready for `web::fetch`: absolute URL and JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub method: Method,
    pub url: String,
    /// The body as sent.
    pub body: String,
    /// The same body as a tree: "Show code" prints it.
    pub json: Out,
    /// The prompt as sent, random suffix included.
    pub prompt_sent: String,
    /// How many images the answer should hold.
    pub expected: usize,
}

impl Prepared {
    /// The body as JSON text and attached images, in order. A body without
    /// images is one piece.
    pub fn pieces(&self) -> Vec<Piece<'_>> {
        self.body
            .split('\0')
            .enumerate()
            .filter_map(|(i, piece)| {
                if i % 2 == 0 {
                    Some(Piece::Json(piece))
                } else {
                    piece.parse().ok().map(Piece::Image)
                }
            })
            .collect()
    }

    pub(crate) fn new(
        method: Method,
        url: String,
        json: Out,
        prompt_sent: String,
        expected: usize,
    ) -> Self {
        Prepared {
            method,
            body: json.to_json(),
            url,
            json,
            prompt_sent,
            expected,
        }
    }
}

/// One press of Generate: the form as it was.
/// (Its `Debug` leaves the key out: a debug print never shows it.)
#[derive(Clone, PartialEq)]
pub struct Order {
    pub base_url: String,
    pub api_key: String,
    pub method: Method,
    pub model: String,
    pub prompt: String,
    pub count: u8,
    /// `None`: the model's default.
    pub aspect: Option<Aspect>,
    pub freshness: Freshness,
    /// Images this request refers to (chat), by index from `history` and
    /// `attach`.
    pub images: Vec<Attached>,
    /// The conversation so far, oldest first (chat).
    pub history: Vec<Message>,
    /// The images that go with the new prompt, in order (chat).
    pub attach: Vec<usize>,
}

impl std::fmt::Debug for Order {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Order")
            .field("base_url", &self.base_url)
            .field("method", &self.method)
            .field("model", &self.model)
            .field("prompt", &self.prompt)
            .field("count", &self.count)
            .field("aspect", &self.aspect)
            .field("freshness", &self.freshness)
            .field("images", &self.images)
            .field("history", &self.history)
            .field("attach", &self.attach)
            .finish_non_exhaustive()
    }
}

impl Order {
    /// The requests to send: one for the standard method (`n` images),
    /// `count` for chat, sent in parallel. `salt` gives the random number a
    /// `RandomSuffix` appends, one per request, so no two are identical.
    pub fn plan(&self, mut salt: impl FnMut() -> u32) -> Result<Vec<Prepared>, ApiError> {
        match super::key::clean_key(&self.api_key) {
            Ok(_) => {}
            Err(super::key::KeyProblem::Missing) => {
                return Err(ApiError::new(ErrorKind::MissingKey, "no API key"))
            }
            Err(super::key::KeyProblem::Unsendable { .. }) => {
                return Err(ApiError::new(
                    ErrorKind::UnsendableKey,
                    "the key holds a character an HTTP header cannot carry",
                ))
            }
        }
        if self.prompt.trim().is_empty() {
            return Err(ApiError::new(ErrorKind::EmptyPrompt, "empty prompt"));
        }
        if self.model.trim().is_empty() {
            return Err(ApiError::new(ErrorKind::UnknownModel, "no model chosen"));
        }
        let base = normalize_base_url(&self.base_url)?;
        let count = self.count.clamp(1, MAX_IMAGES);
        // LiteLLM's own switch, honoured by the proxy on both endpoints.
        let cache = (self.freshness == Freshness::NoCache)
            .then(|| Out::object([("no-cache", Out::Bool(true))]));
        let mut prompt = || match self.freshness {
            Freshness::RandomSuffix => format!("{} {}", self.prompt, salt()),
            _ => self.prompt.clone(),
        };
        let model = Out::str(self.model.trim());
        let prepared = match self.method {
            // Only what every model accepts: `response_format`, `quality`
            // and `style` make Imagen answer 400.
            Method::Standard => {
                let prompt = prompt();
                let json = Out::fields([
                    ("model", Some(model)),
                    ("prompt", Some(Out::str(&prompt))),
                    ("n", Some(Out::Int(i64::from(count)))),
                    (
                        "size",
                        self.aspect.and_then(Aspect::standard_size).map(Out::str),
                    ),
                    ("cache", cache),
                ]);
                let url = format!("{base}{}", Method::Standard.path());
                vec![Prepared::new(
                    Method::Standard,
                    url,
                    json,
                    prompt,
                    usize::from(count),
                )]
            }
            // Gemini image models refuse `n > 1`: one request per image.
            Method::Chat => (0..count)
                .map(|_| {
                    let prompt = prompt();
                    let mut parts = vec![Part::Text(prompt.clone())];
                    parts.extend(self.attach.iter().map(|&i| Part::Image(i)));
                    let mut messages: Vec<Out> = self.history.iter().map(message).collect();
                    messages.push(message(&Message {
                        role: Role::User,
                        parts,
                    }));
                    let json = Out::fields([
                        ("model", Some(model.clone())),
                        ("messages", Some(Out::List(messages))),
                        (
                            "modalities",
                            Some(Out::List(vec![Out::str("image"), Out::str("text")])),
                        ),
                        (
                            "imageConfig",
                            self.aspect
                                .map(|a| Out::object([("aspectRatio", Out::str(a.ratio()))])),
                        ),
                        ("cache", cache.clone()),
                    ]);
                    let url = format!("{base}{}", Method::Chat.path());
                    Prepared::new(Method::Chat, url, json, prompt, 1)
                })
                .collect(),
        };
        self.check_images(&prepared)?;
        Ok(prepared)
    }

    /// Images: with chat only, no more than the model takes, and the whole
    /// request under [`MAX_REQUEST_BYTES`].
    fn check_images(&self, prepared: &[Prepared]) -> Result<(), ApiError> {
        let sent: Vec<usize> = self
            .history
            .iter()
            .flat_map(|m| &m.parts)
            .filter_map(|p| match p {
                Part::Image(i) => Some(*i),
                Part::Text(_) => None,
            })
            .chain(self.attach.iter().copied())
            .collect();
        if sent.is_empty() {
            return Ok(());
        }
        if self.method == Method::Standard {
            return Err(ApiError::new(
                ErrorKind::ImagesNeedChat,
                "images go with the chat method",
            ));
        }
        let most = max_input_images(&self.model);
        if sent.len() > most {
            return Err(ApiError::new(
                ErrorKind::TooManyImages,
                format!(
                    "{} images; {} takes up to {most}",
                    sent.len(),
                    self.model.trim()
                ),
            ));
        }
        let images: usize = sent
            .iter()
            .map(|&i| self.images.get(i).map_or(0, |a| a.url_len))
            .sum();
        let size = prepared.first().map_or(0, |p| p.body.len()) + images;
        if size > MAX_REQUEST_BYTES {
            return Err(ApiError::new(
                ErrorKind::TooLarge,
                format!("{size} bytes; at most {MAX_REQUEST_BYTES}"),
            ));
        }
        Ok(())
    }
}

/// A message as the chat endpoint takes it: plain text as a string, words
/// with images as a list of parts.
fn message(message: &Message) -> Out {
    let content = match message.parts.as_slice() {
        [Part::Text(text)] => Out::str(text),
        parts => Out::List(
            parts
                .iter()
                .map(|part| match part {
                    Part::Text(text) => {
                        Out::object([("type", Out::str("text")), ("text", Out::str(text))])
                    }
                    Part::Image(i) => Out::object([
                        ("type", Out::str("image_url")),
                        ("image_url", Out::object([("url", Out::Attachment(*i))])),
                    ]),
                })
                .collect(),
        ),
    };
    Out::object([
        ("role", Out::str(message.role.code())),
        ("content", content),
    ])
}

/// The largest `n` offered; the gateway decides the real limit (Imagen: 4).
pub const MAX_IMAGES: u8 = 4;

/// Normalises what a person types as the gateway address:
/// `https://api.thucchien.ai`, `https://api.thucchien.ai/` and
/// `https://api.thucchien.ai/v1/` all become `https://api.thucchien.ai/v1`;
/// a pasted endpoint URL is cut back to its base.
pub fn normalize_base_url(input: &str) -> Result<String, ApiError> {
    let url = input.trim();
    let invalid = || {
        ApiError::new(
            ErrorKind::InvalidBaseUrl,
            format!("“{url}” is not an http:// or https:// address"),
        )
    };
    let lower = url.to_ascii_lowercase();
    let after_scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return Err(invalid());
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.contains(['?', '#']) {
        return Err(invalid());
    }
    let mut url = url.trim_end_matches('/').to_string();
    for endpoint in ["/images/generations", "/chat/completions", "/models"] {
        if let Some(cut) = url.strip_suffix(endpoint) {
            url = cut.trim_end_matches('/').to_string();
        }
    }
    // `get`, not indexing: trimming may have eaten into the scheme ("https://").
    let host_and_path = url.get(after_scheme..).unwrap_or_default();
    let (host, path) = host_and_path.split_once('/').unwrap_or((host_and_path, ""));
    if host.is_empty() || host.starts_with(':') {
        return Err(invalid());
    }
    if path.is_empty() {
        url.push_str("/v1");
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base_urls_are_normalised() {
        for input in [
            "https://api.thucchien.ai",
            "https://api.thucchien.ai/",
            "https://api.thucchien.ai/v1/",
            " https://api.thucchien.ai/v1 ",
            "https://api.thucchien.ai/v1/images/generations",
        ] {
            assert_eq!(
                normalize_base_url(input).unwrap(),
                "https://api.thucchien.ai/v1",
                "{input}"
            );
        }
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8787/v1").unwrap(),
            "http://127.0.0.1:8787/v1"
        );
        assert_eq!(
            normalize_base_url("https://portal.example/ai/gateway/").unwrap(),
            "https://portal.example/ai/gateway"
        );
        for bad in [
            "",
            "api.thucchien.ai",
            "javascript:alert(1)",
            "https://",
            "https:// x",
            "ftp://x",
        ] {
            assert_eq!(
                normalize_base_url(bad).unwrap_err().kind,
                ErrorKind::InvalidBaseUrl,
                "{bad}"
            );
        }
    }

    fn order(method: Method) -> Order {
        Order {
            base_url: "https://api.thucchien.ai".into(),
            api_key: "sk-x".into(),
            method,
            model: "imagen-4".into(),
            prompt: "a red fox".into(),
            count: 2,
            aspect: None,
            freshness: Freshness::Cached,
            images: Vec::new(),
            history: Vec::new(),
            attach: Vec::new(),
        }
    }

    fn png(name: &str, url_len: usize) -> Attached {
        Attached {
            format: ImageFormat::Png,
            url_len,
            name: name.into(),
        }
    }

    /// The body with each image's data URL spliced in, as the page does.
    fn spliced(prepared: &Prepared, urls: &[&str]) -> String {
        prepared
            .pieces()
            .into_iter()
            .map(|piece| match piece {
                Piece::Json(json) => json.to_string(),
                Piece::Image(i) => urls[i].to_string(),
            })
            .collect()
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn images_go_after_the_words_in_order_and_stay_out_of_the_body_text() {
        let chat = Order {
            model: "gemini-2.5-flash-image-preview".into(),
            count: 1,
            images: vec![png("a.png", 30), png("b.png", 30)],
            attach: vec![1, 0],
            ..order(Method::Chat)
        };
        let p = chat.plan(|| 7).unwrap();
        assert!(!p[0].body.contains("data:"), "only marks: {}", p[0].body);
        assert_eq!(
            spliced(
                &p[0],
                &["data:image/png;base64,AAAA", "data:image/png;base64,BBBB"]
            ),
            r#"{"model":"gemini-2.5-flash-image-preview","messages":[{"role":"user","content":[{"type":"text","text":"a red fox"},{"type":"image_url","image_url":{"url":"data:image/png;base64,BBBB"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}],"modalities":["image","text"]}"#
        );
        // Without images: one piece, the words as a plain string (as before).
        let plain = order(Method::Chat).plan(|| 7).unwrap();
        assert_eq!(plain[0].pieces(), vec![Piece::Json(&plain[0].body)]);
        assert!(plain[0].body.contains(r#""content":"a red fox""#));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn earlier_turns_go_first_as_they_were_said() {
        let chat = Order {
            model: "gemini-2.5-flash-image-preview".into(),
            count: 1,
            prompt: "make the roof blue".into(),
            images: vec![png("turn-1.png", 30)],
            history: vec![
                Message {
                    role: Role::User,
                    parts: vec![Part::Text("a red house".into())],
                },
                Message {
                    role: Role::Assistant,
                    parts: vec![Part::Text("Here it is".into())],
                },
            ],
            attach: vec![0],
            ..order(Method::Chat)
        };
        let p = chat.plan(|| 7).unwrap();
        assert_eq!(
            spliced(&p[0], &["data:image/png;base64,TURN1"]),
            r#"{"model":"gemini-2.5-flash-image-preview","messages":[{"role":"user","content":"a red house"},{"role":"assistant","content":"Here it is"},{"role":"user","content":[{"type":"text","text":"make the roof blue"},{"type":"image_url","image_url":{"url":"data:image/png;base64,TURN1"}}]}],"modalities":["image","text"]}"#
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn images_are_refused_before_sending_when_they_cannot_go() {
        let with_images = |method, model: &str, images: usize, url_len: usize| Order {
            model: model.into(),
            images: (0..images)
                .map(|i| png(&format!("{i}.png"), url_len))
                .collect(),
            attach: (0..images).collect(),
            ..order(method)
        };
        let kind = |o: Order| o.plan(|| 7).unwrap_err().kind;
        assert_eq!(
            kind(with_images(Method::Standard, "imagen-4", 1, 10)),
            ErrorKind::ImagesNeedChat
        );
        assert_eq!(
            kind(with_images(
                Method::Chat,
                "gemini-2.5-flash-image-preview",
                4,
                10
            )),
            ErrorKind::TooManyImages
        );
        assert!(
            with_images(Method::Chat, "gemini-2.5-flash-image-preview", 3, 10)
                .plan(|| 7)
                .is_ok()
        );
        assert!(
            with_images(Method::Chat, "gemini-3-pro-image-preview", 4, 10)
                .plan(|| 7)
                .is_ok()
        );
        // Two images of 9.5 MB each and the words: over the limit.
        assert_eq!(
            kind(with_images(
                Method::Chat,
                "gemini-2.5-flash-image-preview",
                2,
                9_500_000
            )),
            ErrorKind::TooLarge
        );
        assert!(
            with_images(Method::Chat, "gemini-2.5-flash-image-preview", 2, 9_000_000)
                .plan(|| 7)
                .is_ok()
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_debug_print_never_shows_the_key() {
        let mut secret = order(Method::Chat);
        secret.api_key = "sk-very-secret-1234".into();
        let printed = format!("{secret:?}");
        assert!(printed.contains("a red fox"), "{printed}");
        assert!(!printed.contains("very-secret"), "{printed}");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn images_request_sends_only_what_every_model_takes() {
        let p = order(Method::Standard).plan(|| 7).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].url, "https://api.thucchien.ai/v1/images/generations");
        assert_eq!(
            p[0].body,
            r#"{"model":"imagen-4","prompt":"a red fox","n":2}"#
        );
        assert_eq!(p[0].expected, 2);
        assert!(
            !p[0].body.contains("sk-x"),
            "the key travels in a header, never in the body"
        );
        let p = Order {
            count: 9,
            aspect: Some(Aspect::Landscape16x9),
            freshness: Freshness::NoCache,
            ..order(Method::Standard)
        }
        .plan(|| 7)
        .unwrap();
        assert_eq!(
            p[0].body,
            r#"{"model":"imagen-4","prompt":"a red fox","n":4,"size":"1792x1024","cache":{"no-cache":true}}"#
        );
        // A ratio LiteLLM cannot map to a size is not sent as a size.
        let p = Order {
            aspect: Some(Aspect::Wide21x9),
            ..order(Method::Standard)
        }
        .plan(|| 7)
        .unwrap();
        assert!(!p[0].body.contains("size"), "{}", p[0].body);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn chat_sends_one_request_per_image() {
        let chat = Order {
            model: "gemini-2.5-flash-image-preview".into(),
            count: 3,
            aspect: Some(Aspect::Landscape16x9),
            ..order(Method::Chat)
        };
        let p = chat.plan(|| 7).unwrap();
        assert_eq!(p.len(), 3);
        assert!(p
            .iter()
            .all(|p| p.expected == 1 && p.method == Method::Chat));
        assert_eq!(p[0].url, "https://api.thucchien.ai/v1/chat/completions");
        assert_eq!(
            p[0].body,
            r#"{"model":"gemini-2.5-flash-image-preview","messages":[{"role":"user","content":"a red fox"}],"modalities":["image","text"],"imageConfig":{"aspectRatio":"16:9"}}"#
        );
        // Random suffixes: each request its own number, so none is a cache hit.
        let mut salts = [11, 22, 33].into_iter();
        let p = Order {
            freshness: Freshness::RandomSuffix,
            ..chat.clone()
        }
        .plan(|| salts.next().unwrap_or(0))
        .unwrap();
        for (p, salt) in p.iter().zip([11, 22, 33]) {
            assert!(
                p.body.contains(&format!(r#""content":"a red fox {salt}""#)),
                "{}",
                p.body
            );
        }
        let p = Order {
            freshness: Freshness::NoCache,
            aspect: None,
            ..chat
        }
        .plan(|| 7)
        .unwrap();
        assert!(p[2]
            .body
            .ends_with(r#""modalities":["image","text"],"cache":{"no-cache":true}}"#));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn missing_key_prompt_and_model_are_caught_before_sending() {
        for (broken, kind) in [
            (
                Order {
                    api_key: " ".into(),
                    ..order(Method::Standard)
                },
                ErrorKind::MissingKey,
            ),
            (
                Order {
                    api_key: "sk-\u{200B}ok\u{0435}".into(),
                    ..order(Method::Standard)
                },
                ErrorKind::UnsendableKey,
            ),
            (
                Order {
                    prompt: "  ".into(),
                    ..order(Method::Chat)
                },
                ErrorKind::EmptyPrompt,
            ),
            (
                Order {
                    model: "".into(),
                    ..order(Method::Chat)
                },
                ErrorKind::UnknownModel,
            ),
            (
                Order {
                    base_url: "api.thucchien.ai".into(),
                    ..order(Method::Standard)
                },
                ErrorKind::InvalidBaseUrl,
            ),
        ] {
            assert_eq!(broken.plan(|| 7).unwrap_err().kind, kind);
        }
    }
}
