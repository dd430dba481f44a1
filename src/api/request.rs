//! Form input → a validated request: what to send, and where.        [pure]

use super::json::Out;
use super::types::{Aspect, Freshness, Method};
use super::{ApiError, ErrorKind};

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
    fn new(method: Method, url: String, json: Out, prompt_sent: String, expected: usize) -> Self {
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
                    let message =
                        Out::object([("role", Out::str("user")), ("content", Out::str(&prompt))]);
                    let json = Out::fields([
                        ("model", Some(model.clone())),
                        ("messages", Some(Out::List(vec![message]))),
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
        Ok(prepared)
    }
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
        }
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
