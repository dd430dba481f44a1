//! An answer that is not a success → the `ApiError` that says why: an
//! error status or envelope, a body that is not JSON, or one cut off on the
//! way.                                                               [pure]

use super::error::DETAIL_LIMIT;
use super::json::{parse, Json, Parsed, Text};
use super::{ApiError, ErrorKind};

/// The answer is a success: not an error status, and no error envelope
/// inside a 200. Otherwise the error it carries.
pub(crate) fn success<J: Json>(status: u16, json: &J) -> Result<(), ApiError> {
    let error = json.get("error").filter(|e| !e.is_null());
    if !(200..300).contains(&status) || error.is_some() {
        return Err(gateway_error(status, json));
    }
    Ok(())
}

/// Parses the body as JSON (see [`parse`]), or says why it is not.
pub fn parse_json(status: u16, body: &[u8]) -> Result<Parsed, ApiError> {
    parse(&String::from_utf8_lossy(body)).ok_or_else(|| not_json(status, body))
}

/// Why a body that does not parse is not JSON: cut off, an error page,
/// nothing at all, or broken. In the page this runs only when the engine
/// could not parse it.
pub fn not_json(status: u16, body: &[u8]) -> ApiError {
    if looks_like_json(body) {
        if cut_short(body) {
            ApiError::new(
                ErrorKind::Truncated,
                format!("The answer stops after {} bytes.", body.len()),
            )
            .with_status(status)
        } else {
            ApiError::new(ErrorKind::UnknownShape, "The answer is not valid JSON.")
                .with_status(status)
        }
    } else if body.iter().all(u8::is_ascii_whitespace) && !(200..300).contains(&status) {
        ApiError::from_gateway(status, "")
    } else {
        ApiError::quoting(ErrorKind::NotJson, text_snippet(body)).with_status(status)
    }
}

/// The body ends inside a string, or with brackets still open: it was cut
/// off on the way, not written wrong.
fn cut_short(body: &[u8]) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            _ => {}
        }
    }
    in_string || depth > 0
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
/// `{"error": {"message": ..}}`, `{"error": ".."}`, `{"detail": ..}`,
/// `{"message": ..}`. Only its first few thousand characters are read.
pub fn error_message<J: Json>(json: &J) -> Option<String> {
    let as_text = |v: &J| {
        if let Some(text) = v.text() {
            return Some(text.to_rust_capped()).filter(|s| !s.is_empty());
        }
        if v.is_null() || v.is_object() {
            return None;
        }
        Some(v.brief(DETAIL_LIMIT))
    };
    json.get("error")
        .and_then(|e| {
            e.get("message")
                .and_then(|m| as_text(&m))
                .or_else(|| as_text(&e))
        })
        .or_else(|| json.get("detail").and_then(|d| as_text(&d)))
        .or_else(|| json.get("message").and_then(|m| as_text(&m)))
}

fn gateway_error<J: Json>(status: u16, json: &J) -> ApiError {
    // A 200 that carries an error: the envelope's `code` says what it really was.
    let status = if (200..300).contains(&status) {
        json.get("error")
            .and_then(|e| e.get("code"))
            .and_then(|c| {
                c.text()
                    .and_then(|s| s.to_rust_capped().parse::<u64>().ok())
                    .or_else(|| {
                        c.number()
                            .filter(|n| n.fract() == 0.0 && *n >= 0.0)
                            .map(|n| n as u64)
                    })
            })
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(500)
    } else {
        status
    };
    let message = error_message(json).unwrap_or_else(|| json.brief(300));
    ApiError::from_gateway(status, &message)
}

/// Error texts are read capped: an answer can be anything.
pub(super) trait CappedText {
    fn to_rust_capped(&self) -> String;
}

impl<T: Text> CappedText for T {
    /// At most a few thousand units of the text, as a Rust string.
    fn to_rust_capped(&self) -> String {
        self.slice(0, self.len().min(DETAIL_LIMIT * 4)).to_rust()
    }
}
