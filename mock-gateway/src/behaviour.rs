//! What the mock does for one request: decided by the model name (as in the
//! captured proxy's model list) and by `FAKE_*` keywords in the prompt (the
//! convention of the captures, e.g. `a red fox FAKE_BLOCK`).

use std::time::Duration;

/// The upstream provider behind a model: it decides the wording of errors,
/// exactly as LiteLLM wraps each provider's exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Vertex AI Imagen (`imagen-4`).
    Vertex,
    /// Google AI Studio Imagen (`imagen-4-aistudio`).
    AiStudio,
    /// An OpenAI-style images service (`openai-image-*`).
    OpenAi,
    /// Gemini `generateContent` (`gemini-*`), chat only in practice.
    Gemini,
}

/// One thing the mock can be told to do instead of (or on top of) succeeding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Draw and return the images.
    Ok,
    /// A text model (chat without images): a deterministic rewrite that
    /// shows its input, as the stand-in model of the captures answers.
    Text,
    /// Return `data[].url` pointing at `/files/..` on this server.
    Url,
    /// Return links to `/hang/..` on this server, which never answers.
    LinkHangs,
    /// Return ~2 MB responses (a 1.5 MB PNG of noise).
    Big,
    /// Upstream answers 400 (a provider `BadRequestError`).
    Fail400,
    /// Answer 401 as for a key the proxy does not know.
    Fail401,
    /// Upstream rate limit: 429.
    Fail429,
    /// Upstream internal error: 500.
    Fail500,
    /// Proxy overloaded: 503.
    Fail503,
    /// Safety filter. Images: HTTP 200 with `data: []`; chat: `content_filter`.
    Block,
    /// Safety filter on the generated image (chat): like `Block`.
    ImageSafety,
    /// Vertex's block as the real proxy reports it: HTTP 500 "no predictions".
    VertexBlock,
    /// OpenAI's block: HTTP 400 "rejected by our safety system".
    OpenAiBlock,
    /// Chat answers text and `images: []`.
    TextOnly,
    /// HTTP 200 whose JSON body is cut in half.
    Truncated,
    /// An HTML error page (502) such as a reverse proxy sends.
    Html,
    /// One image fewer than asked for (at least one is still returned).
    Fewer,
    /// The last item has neither `b64_json` nor `url`.
    EmptyItem,
    /// An image source a browser must never render (`javascript:` or `data:text/html`).
    UnsafeUrl,
    /// `b64_json` that is not valid base64.
    BadBase64,
    /// Every second request to the mock fails with a 500, the others
    /// succeed: one run of parallel chat requests gets some of each.
    Flaky,
    /// Chat: two images in one answer (as some models send).
    TwoImages,
    /// Images that start with a PNG signature and go on as a web page.
    PngThenHtml,
    /// `data[].url` / `image_url` pointing at a web page on this server.
    LinkToPage,
    /// `data[].url` pointing at an image on this server served without
    /// CORS headers: a browser may show it but a page may not read it.
    LinkNoCors,
    /// A 400 whose `error.message` is 5 MB long.
    HugeError,
}

/// A model the mock serves, with the provider and mode its name implies.
#[derive(Clone, Copy, Debug)]
pub struct Model {
    pub id: &'static str,
    pub provider: Provider,
    pub mode: Mode,
}

const fn m(id: &'static str, provider: Provider, mode: Mode) -> Model {
    Model { id, provider, mode }
}

/// The model list of the captured proxy (`models_list` fixture), in its order.
pub const MODELS: &[Model] = &[
    m("gemini-2.5-flash-image-preview", Provider::Gemini, Mode::Ok),
    m("gemini-image-big", Provider::Gemini, Mode::Big),
    m("gemini-image-fail-500", Provider::Gemini, Mode::Fail500),
    m("gemini-image-fail-429", Provider::Gemini, Mode::Fail429),
    m(
        "gemini-image-fail-429-no-retry-after",
        Provider::Gemini,
        Mode::Fail429,
    ),
    m("gemini-image-block", Provider::Gemini, Mode::Block),
    m(
        "gemini-image-imgsafety",
        Provider::Gemini,
        Mode::ImageSafety,
    ),
    m("gemini-image-textonly", Provider::Gemini, Mode::TextOnly),
    m("imagen-4", Provider::Vertex, Mode::Ok),
    m("imagen-4-big", Provider::Vertex, Mode::Big),
    m("imagen-4-fail-500", Provider::Vertex, Mode::Fail500),
    m("imagen-4-fail-429", Provider::Vertex, Mode::Fail429),
    m(
        "imagen-4-fail-429-no-retry-after",
        Provider::Vertex,
        Mode::Fail429,
    ),
    m("imagen-4-block", Provider::Vertex, Mode::VertexBlock),
    m("imagen-4-aistudio", Provider::AiStudio, Mode::Ok),
    m("openai-image-b64", Provider::OpenAi, Mode::Ok),
    m("openai-image-url", Provider::OpenAi, Mode::Url),
    m("openai-image-fail-500", Provider::OpenAi, Mode::Fail500),
    m("openai-image-fail-429", Provider::OpenAi, Mode::Fail429),
    m("openai-image-block", Provider::OpenAi, Mode::OpenAiBlock),
];

/// Served but not listed (the captured list stays as captured): a Gemini
/// image model behind a newer LiteLLM that passes images in assistant
/// messages on to the model (the captured 1.78.5 drops them).
pub const UNLISTED: &[Model] = &[
    m("gemini-image-newer-gateway", Provider::Gemini, Mode::Ok),
    // The text model of the `chat_text_model_prompt_helper` capture (the
    // captured model list predates it).
    m("gemini-2.5-flash", Provider::Gemini, Mode::Text),
];

/// Looks a model up by its exact id.
pub fn model(id: &str) -> Option<&'static Model> {
    MODELS.iter().chain(UNLISTED).find(|m| m.id == id)
}

/// Whether images in assistant messages reach this model (see [`UNLISTED`]).
pub fn passes_assistant_images(model: &Model) -> bool {
    model.id == "gemini-image-newer-gateway"
}

/// Prompt keywords and the mode each selects; documented in `--help`.
pub const KEYWORDS: &[(&str, Mode)] = &[
    ("FAKE_TWO_IMAGES", Mode::TwoImages),
    ("FAKE_PNG_THEN_HTML", Mode::PngThenHtml),
    ("FAKE_LINK_TO_PAGE", Mode::LinkToPage),
    ("FAKE_LINK_NO_CORS", Mode::LinkNoCors),
    ("FAKE_HUGE_ERROR", Mode::HugeError),
    ("FAKE_URL", Mode::Url),
    ("FAKE_LINK_HANGS", Mode::LinkHangs),
    ("FAKE_BIG", Mode::Big),
    ("FAKE_400", Mode::Fail400),
    ("FAKE_401", Mode::Fail401),
    ("FAKE_429", Mode::Fail429),
    ("FAKE_500", Mode::Fail500),
    ("FAKE_503", Mode::Fail503),
    ("FAKE_BLOCK", Mode::Block),
    ("FAKE_TEXTONLY", Mode::TextOnly),
    ("FAKE_TRUNCATED", Mode::Truncated),
    ("FAKE_HTML", Mode::Html),
    ("FAKE_FEWER", Mode::Fewer),
    ("FAKE_EMPTY_ITEM", Mode::EmptyItem),
    ("FAKE_UNSAFE_URL", Mode::UnsafeUrl),
    ("FAKE_BAD_B64", Mode::BadBase64),
    ("FAKE_FLAKY", Mode::Flaky),
];

/// The plan for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub provider: Provider,
    pub mode: Mode,
    /// Wait this long before answering (success or failure alike).
    pub delay: Duration,
}

/// Default wait for `FAKE_SLOW`.
pub const SLOW: Duration = Duration::from_secs(2);

/// Decides what to do: a prompt keyword overrides the model's own mode;
/// `FAKE_SLOW` / `FAKE_DELAY_<ms>` add a delay to whatever happens.
pub fn plan(model: &Model, prompt: &str, default_delay: Duration) -> Plan {
    let mode = KEYWORDS
        .iter()
        .find(|(word, _)| prompt.contains(word))
        .map_or(model.mode, |&(_, mode)| mode);
    Plan {
        provider: model.provider,
        mode,
        delay: delay_from_prompt(prompt).unwrap_or(default_delay),
    }
}

fn delay_from_prompt(prompt: &str) -> Option<Duration> {
    if let Some(rest) = prompt.split("FAKE_DELAY_").nth(1) {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        // Bounded so a typo cannot hang a test run.
        return digits
            .parse::<u64>()
            .ok()
            .map(|ms| Duration::from_millis(ms.min(120_000)));
    }
    prompt.contains("FAKE_SLOW").then_some(SLOW)
}

/// Parses `size` as `WxH` (as OpenAI and LiteLLM take it), bounded to what
/// the mock is willing to draw.
pub fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (w, h) = size.trim().split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?);
    ((16..=4096).contains(&w) && (16..=4096).contains(&h)).then_some((w, h))
}

/// Maps a Gemini/Imagen aspect ratio (`"16:9"`) to pixels, 1024 on the long side.
pub fn aspect_to_size(aspect: &str) -> Option<(u32, u32)> {
    let (w, h) = aspect.trim().split_once(':')?;
    let (w, h) = (w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?);
    if !(w > 0.0 && h > 0.0 && w / h < 10.0 && h / w < 10.0) {
        return None;
    }
    let long = 1024.0;
    let (pw, ph) = if w >= h {
        (long, long * h / w)
    } else {
        (long * w / h, long)
    };
    Some((pw.round() as u32, ph.round() as u32))
}

impl Mode {
    /// One line for `--help`.
    pub fn describe(self) -> &'static str {
        match self {
            Mode::Ok => "draw the images (b64_json / data: URLs)",
            Mode::Text => {
                "a text model: a rewrite that shows its input (gemini-2.5-flash, unlisted)"
            }
            Mode::Url => "answer data[].url pointing at /files/<id>.png on this server",
            Mode::LinkHangs => {
                "data[].url / image_url pointing at /hang/<id>.png on this server, which never answers"
            }
            Mode::Big => "answer ~2 MB bodies (1.5 MB PNGs of noise)",
            Mode::Fail400 => "400: the provider rejects the request",
            Mode::Fail401 => "401: the key is not known",
            Mode::Fail429 => "429: upstream rate limit",
            Mode::Fail500 => "500: upstream internal error",
            Mode::Fail503 => "503: service unavailable",
            Mode::Block => {
                "safety block with HTTP 200 (images: data: []; chat: finish_reason content_filter)"
            }
            Mode::ImageSafety => "chat: the generated image is blocked (content_filter)",
            Mode::VertexBlock => "Vertex block as the proxy reports it: 500 'no predictions'",
            Mode::OpenAiBlock => "OpenAI block: 400 'rejected by our safety system'",
            Mode::TextOnly => "chat: a text reply and images: []",
            Mode::Truncated => "HTTP 200 with the JSON body cut in half",
            Mode::Html => "an nginx-style HTML 502 page",
            Mode::Fewer => "one image fewer than asked for (ask for 2 or more)",
            Mode::EmptyItem => "the last item has neither b64_json nor url",
            Mode::UnsafeUrl => "an image source a page must refuse (javascript:, data:text/html)",
            Mode::BadBase64 => "b64_json / data URL that is not base64",
            Mode::Flaky => "every second request fails with 500, the others succeed",
            Mode::TwoImages => "chat: two images in one answer",
            Mode::PngThenHtml => "images that start like a PNG and go on as a web page",
            Mode::LinkToPage => "data[].url / image_url pointing at a web page on this server",
            Mode::LinkNoCors => {
                "data[].url pointing at an image on this server served without CORS headers"
            }
            Mode::HugeError => "400 whose error.message is 5 MB long",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_overrides_model_mode_and_delay_parses() {
        let imagen = model("imagen-4").unwrap();
        let p = plan(
            imagen,
            "a red fox FAKE_BLOCK FAKE_DELAY_1500",
            Duration::ZERO,
        );
        assert_eq!(p.mode, Mode::Block);
        assert_eq!(p.delay, Duration::from_millis(1500));
        assert_eq!(plan(imagen, "a fox FAKE_SLOW", Duration::ZERO).delay, SLOW);
        let failing = model("imagen-4-fail-429").unwrap();
        assert_eq!(plan(failing, "a fox", Duration::ZERO).mode, Mode::Fail429);
    }

    #[test]
    fn sizes_and_aspects() {
        assert_eq!(parse_size("1792x1024"), Some((1792, 1024)));
        assert_eq!(parse_size("0x10"), None);
        assert_eq!(parse_size("big"), None);
        assert_eq!(aspect_to_size("16:9"), Some((1024, 576)));
        assert_eq!(aspect_to_size("9:16"), Some((576, 1024)));
        assert_eq!(aspect_to_size("1:0"), None);
    }
}
