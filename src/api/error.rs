//! Every way a generation can fail, as a value the UI can tell apart: a
//! rejected prompt is not an outage, and neither is a missing key.   [pure]

/// What kind of failure this is; decides the title and the advice shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No API key was typed in (caught before sending).
    MissingKey,
    /// The key holds a character an HTTP header cannot carry (caught
    /// before sending; the key field says which and where).
    UnsendableKey,
    /// Images go with the chat method only (the standard one takes none).
    ImagesNeedChat,
    /// More images than the model takes in one request.
    TooManyImages,
    /// The request, images included, is over the provider's inline limit.
    TooLarge,
    /// The prompt is empty (caught before sending).
    EmptyPrompt,
    /// The base URL is not an `http(s)` URL (caught before sending).
    InvalidBaseUrl,
    /// The gateway does not accept the key (401, or a key it cannot check).
    Unauthorized,
    /// The model name is not one the gateway serves for this key.
    UnknownModel,
    /// A parameter the model does not take (e.g. `response_format` for Imagen).
    UnsupportedParam,
    /// Any other request the gateway or provider refused (400).
    BadRequest,
    /// The address answered 404/405: usually a wrong base URL.
    WrongEndpoint,
    /// Too many requests (429).
    RateLimited,
    /// The gateway or the provider failed (5xx).
    Upstream,
    /// The safety filter refused the prompt or the image.
    Blocked,
    /// A success answer with no usable image in it.
    Empty,
    /// The body is not JSON (e.g. an HTML error page from a proxy).
    NotJson,
    /// The JSON body stops part-way.
    Truncated,
    /// JSON, but not in any shape a gateway is known to send.
    UnknownShape,
    /// The request never got an answer: DNS, refused, or CORS.
    Network,
    /// The request never got an answer, and the browser says it has no
    /// connection: said as that, not as a gateway or CORS problem.
    Offline,
    /// No answer within the time limit.
    Timeout,
    /// The user cancelled.
    Cancelled,
}

/// A failed generation: its kind, the HTTP status when there was one, and
/// the gateway's own words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?} ({status:?}): {detail}")]
pub struct ApiError {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    /// The gateway's message as sent (or ours, for failures before sending).
    pub detail: String,
    /// The offending parameter, when the gateway names one.
    pub param: Option<String>,
    /// `detail` quotes words from outside (the gateway's message, the
    /// model's reply, the body it sent), not a note of ours.
    pub quoted: bool,
}

/// The most of a gateway's message kept: a hostile or broken gateway can
/// send megabytes, and every character of it would land in the page.
pub const DETAIL_LIMIT: usize = 2_000;
/// The most of the provider's sentence shown above the details.
pub const SUMMARY_LIMIT: usize = 300;

/// `text` cut to `limit` characters, saying how much was left out.
pub fn capped(text: String, limit: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(limit) else {
        return text;
    };
    let rest = text[cut..].chars().count();
    format!("{}… (+{rest} characters)", &text[..cut])
}

impl ApiError {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        ApiError {
            kind,
            status: None,
            detail: capped(detail.into(), DETAIL_LIMIT),
            param: None,
            quoted: false,
        }
    }

    /// An error whose detail is words from outside, quoted as they came.
    pub fn quoting(kind: ErrorKind, words: impl Into<String>) -> Self {
        ApiError {
            quoted: true,
            ..ApiError::new(kind, words)
        }
    }

    /// Whether `detail` holds words from outside (the gateway's, the
    /// model's, or the browser's reason a request failed), worth showing
    /// as they came. Otherwise it is our own note for logs and tests, in
    /// English: the page says the kind in its own language instead.
    pub fn has_outside_words(&self) -> bool {
        self.quoted || self.kind == ErrorKind::Network
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Classifies a non-success answer from its status and the gateway's
    /// message. LiteLLM reports most provider failures as 400/500 with the
    /// provider's words inside, so the words decide as much as the status.
    pub fn from_gateway(status: u16, message: &str) -> Self {
        let lower = message.to_ascii_lowercase();
        let kind = if status == 401 || status == 403 || lower.contains("no connected db") {
            // "No connected db." is what a proxy without a database says to any key it cannot check.
            ErrorKind::Unauthorized
        } else if lower.contains("invalid model name") || lower.contains("model not found") {
            ErrorKind::UnknownModel
        } else if lower.contains("unsupportedparamserror") || lower.contains("is not supported by")
        {
            ErrorKind::UnsupportedParam
        } else if lower.contains("safety")
            || lower.contains("content_filter")
            || lower.contains("does not contain 'predictions'")
        {
            // Imagen answers a filtered prompt with no predictions at all.
            ErrorKind::Blocked
        } else if status == 429 || lower.contains("ratelimiterror") {
            ErrorKind::RateLimited
        } else if status == 404 || status == 405 {
            ErrorKind::WrongEndpoint
        } else if status >= 500 {
            ErrorKind::Upstream
        } else {
            ErrorKind::BadRequest
        };
        let param = if kind == ErrorKind::UnsupportedParam {
            between(message, "Setting `", "`")
                .filter(|p| p.len() <= 64)
                .map(str::to_string)
        } else {
            None
        };
        ApiError {
            kind,
            status: Some(status),
            detail: capped(message.to_string(), DETAIL_LIMIT),
            param,
            quoted: true,
        }
    }

    /// The provider's own sentence, dug out of LiteLLM's wrapping
    /// (`litellm.BadRequestError: ... - {"error": {"message": "..."}}. Received Model Group=...`).
    /// Falls back to the whole detail. At most [`SUMMARY_LIMIT`] characters.
    pub fn summary(&self) -> String {
        capped(self.summary_whole(), SUMMARY_LIMIT)
    }

    fn summary_whole(&self) -> String {
        let detail = self.detail.as_str();
        if let Some(inner) = between(detail, "\"message\": \"", "\"") {
            return inner.to_string();
        }
        if let Some(inner) = between(detail, "'error': '", "'}") {
            return inner.to_string();
        }
        let mut text = detail;
        if let Some(cut) = text.find(". Received Model Group=") {
            text = &text[..cut];
        }
        // Drop the chain of `litellm.SomethingError: ` class prefixes.
        while let Some(rest) = text.strip_prefix("litellm.") {
            match rest.split_once(": ") {
                Some((_, after)) => text = after,
                None => break,
            }
        }
        if let Some((head, tail)) = text.split_once(" - ") {
            if head.ends_with("Exception") || head.contains("Exception ") {
                text = tail;
            }
        }
        text.trim().to_string()
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len]).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn only_words_from_outside_are_shown_as_they_came() {
        let ours = ApiError::new(ErrorKind::Empty, "the model answered no words").with_status(200);
        assert!(!ours.has_outside_words(), "our note, though with a status");
        assert!(ApiError::from_gateway(429, "Too many requests").has_outside_words());
        assert!(ApiError::quoting(ErrorKind::Empty, "I can't draw that.").has_outside_words());
        assert!(ApiError::new(ErrorKind::Network, "Failed to fetch").has_outside_words());
        assert!(!ApiError::new(ErrorKind::Cancelled, "cancelled").has_outside_words());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn classifies_the_proxys_messages() {
        let e = ApiError::from_gateway(400, "litellm.UnsupportedParamsError: Setting `response_format` is not supported by vertex_ai, imagen-4.0-generate-001. To drop it from the call, set `litellm.drop_params = True`.. Received Model Group=imagen-4\nAvailable Model Group Fallbacks=None");
        assert_eq!(e.kind, ErrorKind::UnsupportedParam);
        assert_eq!(e.param.as_deref(), Some("response_format"));
        assert_eq!(
            ApiError::from_gateway(400, "No connected db.").kind,
            ErrorKind::Unauthorized
        );
        assert_eq!(
            ApiError::from_gateway(429, "x").kind,
            ErrorKind::RateLimited
        );
        assert_eq!(ApiError::from_gateway(503, "x").kind, ErrorKind::Upstream);
        assert_eq!(
            ApiError::from_gateway(405, "Method Not Allowed").kind,
            ErrorKind::WrongEndpoint
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn summary_digs_out_the_providers_sentence() {
        let e = ApiError::from_gateway(400, "litellm.BadRequestError: Vertex_aiException BadRequestError - {\"error\": {\"code\": 400, \"message\": \"Prompt is empty. (fake)\", \"status\": \"INVALID_ARGUMENT\"}}. Received Model Group=imagen-4\nAvailable Model Group Fallbacks=None");
        assert_eq!(e.summary(), "Prompt is empty. (fake)");
        let e = ApiError::from_gateway(400, "litellm.BadRequestError: OpenAIException - Your request was rejected as a result of our safety system. (fake). Received Model Group=openai-image-block\nAvailable Model Group Fallbacks=None");
        assert_eq!(e.kind, ErrorKind::Blocked);
        assert_eq!(
            e.summary(),
            "Your request was rejected as a result of our safety system. (fake)"
        );
        let e = ApiError::from_gateway(401, "Authentication Error, No api key passed in.");
        assert_eq!(e.summary(), "Authentication Error, No api key passed in.");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_huge_message_is_capped() {
        // 5 MB of "ừ" (3 bytes each): cut on a character, with the rest counted.
        let huge = "ừ".repeat(1_700_000);
        let e = ApiError::from_gateway(400, &huge);
        assert_eq!(
            e.detail,
            format!("{}… (+1698000 characters)", "ừ".repeat(DETAIL_LIMIT))
        );
        assert!(e.summary().chars().count() < SUMMARY_LIMIT + 30);
        let e = ApiError::new(ErrorKind::Empty, "x".repeat(10_000));
        assert!(e.detail.len() < DETAIL_LIMIT + 30);
        assert_eq!(capped("short".into(), 10), "short");
        assert_eq!(capped("abcdef".into(), 3), "abc… (+3 characters)");
    }
}
