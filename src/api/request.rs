//! Form input → a validated request: what to send, and where.        [pure]

use super::{types::ImagesRequest, ApiError, ErrorKind};

/// A request ready for `client::send`: absolute URL and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    pub url: String,
    pub body: String,
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

/// Builds `POST {base}/images/generations`.
pub fn images(
    base_url: &str,
    api_key: &str,
    model: &str,
    prompt: &str,
    n: u8,
    size: Option<&str>,
) -> Result<Prepared, ApiError> {
    if api_key.trim().is_empty() {
        return Err(ApiError::new(ErrorKind::MissingKey, "no API key"));
    }
    if prompt.trim().is_empty() {
        return Err(ApiError::new(ErrorKind::EmptyPrompt, "empty prompt"));
    }
    let base = normalize_base_url(base_url)?;
    let request = ImagesRequest {
        model: model.trim().to_string(),
        prompt: prompt.to_string(),
        n: n.clamp(1, MAX_IMAGES),
        size: size.map(str::to_string).filter(|s| !s.is_empty()),
    };
    let body = serde_json::to_string(&request)
        .map_err(|e| ApiError::new(ErrorKind::BadRequest, e.to_string()))?;
    Ok(Prepared {
        url: format!("{base}/images/generations"),
        body,
    })
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

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn images_request_sends_only_what_every_model_takes() {
        let p = images(
            "https://api.thucchien.ai",
            "sk-x",
            "imagen-4",
            "a red fox",
            2,
            None,
        )
        .unwrap();
        assert_eq!(p.url, "https://api.thucchien.ai/v1/images/generations");
        assert_eq!(p.body, r#"{"model":"imagen-4","prompt":"a red fox","n":2}"#);
        assert!(
            !p.body.contains("sk-x"),
            "the key travels in a header, never in the body"
        );
        let p = images("https://x.y/v1", "k", "m", "p", 9, Some("1792x1024")).unwrap();
        assert_eq!(
            p.body,
            r#"{"model":"m","prompt":"p","n":4,"size":"1792x1024"}"#
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn missing_key_and_prompt_are_caught_before_sending() {
        assert_eq!(
            images("https://x.y", " ", "m", "p", 1, None)
                .unwrap_err()
                .kind,
            ErrorKind::MissingKey
        );
        assert_eq!(
            images("https://x.y", "k", "m", "  ", 1, None)
                .unwrap_err()
                .kind,
            ErrorKind::EmptyPrompt
        );
    }
}
