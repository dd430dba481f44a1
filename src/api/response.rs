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
}

impl Generation {
    /// Fewer images than asked for (some skipped, or the gateway sent fewer).
    pub fn is_short(&self) -> bool {
        self.images.len() < self.requested
    }
}

/// Reads an `/images/generations` answer.
pub fn parse_images(status: u16, body: &[u8], requested: usize) -> Result<Generation, ApiError> {
    let json = parse_json(status, body)?;
    if !(200..300).contains(&status) || json.get("error").is_some_and(|e| !e.is_null()) {
        return Err(gateway_error(status, &json));
    }
    let Some(items) = json.get("data").and_then(Value::as_array) else {
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
    let mut images = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let text = |key: &str| {
            item.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let source = match (text("b64_json"), text("url")) {
            (Some(b64), _) => ImageSource::from_base64(b64),
            (None, Some(url)) => ImageSource::from_url(url),
            (None, None) => Err(Refusal::Empty),
        };
        match source {
            Ok(source) => images.push(GeneratedImage {
                source,
                revised_prompt: text("revised_prompt").map(str::to_string),
                index,
            }),
            Err(refusal) => skipped.push((index, refusal)),
        }
    }
    if images.is_empty() {
        return Err(nothing_usable(status, &skipped));
    }
    Ok(Generation {
        images,
        skipped,
        requested,
    })
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
        Refusal::DisallowedScheme(scheme) => format!("refused “{scheme}:” address"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
