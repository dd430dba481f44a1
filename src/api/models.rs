//! The gateway's model list (`GET {base}/models`) and which of its models
//! suit each method.                                                 [pure]

use super::response::success_json;
use super::types::Method;
use super::{ApiError, ErrorKind};
use serde_json::Value;

/// The models the gateway's guide uses, offered before (or without) the
/// gateway's own list.
pub fn guide_models(method: Method) -> &'static [&'static str] {
    match method {
        Method::Standard => &["imagen-4"],
        Method::Chat => &["gemini-2.5-flash-image-preview"],
    }
}

/// The model a method starts with.
pub fn default_model(method: Method) -> &'static str {
    guide_models(method)[0]
}

/// Reads a `/models` answer: `{"data": [{"id": ...}, ...]}`, in its order.
pub fn parse_models(status: u16, body: &[u8]) -> Result<Vec<String>, ApiError> {
    let json = success_json(status, body)?;
    let Some(items) = json.get("data").and_then(Value::as_array) else {
        return Err(ApiError::new(ErrorKind::UnknownShape, "no `data` list").with_status(status));
    };
    Ok(items
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect())
}

/// Whether `id` names a chat model that answers with images (Gemini's
/// `*-image*` family).
pub fn is_chat_image_model(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    id.contains("gemini") && id.contains("image")
}

/// Whether `id` names a model for `/images/generations`.
pub fn is_standard_image_model(id: &str) -> bool {
    const MARKERS: [&str; 9] = [
        "imagen",
        "image",
        "dall-e",
        "flux",
        "stable-diffusion",
        "sdxl",
        "seedream",
        "ideogram",
        "recraft",
    ];
    let lower = id.to_ascii_lowercase();
    !is_chat_image_model(id) && MARKERS.iter().any(|m| lower.contains(m))
}

/// The models of `all` that suit `method`, the gateway's order kept. A
/// gateway may name its models anything: when none look like image models,
/// every model is offered rather than none.
pub fn for_method(all: &[String], method: Method) -> Vec<String> {
    let suits = |id: &str| match method {
        Method::Standard => is_standard_image_model(id),
        Method::Chat => is_chat_image_model(id),
    };
    let picked: Vec<String> = all.iter().filter(|id| suits(id)).cloned().collect();
    if picked.is_empty() {
        all.to_vec()
    } else {
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn sorts_models_by_method() {
        let all: Vec<String> = [
            "gpt-4o",
            "gemini-2.5-pro",
            "gemini-2.5-flash-image-preview",
            "imagen-4",
            "openai-image-url",
            "dall-e-3",
            "gemini-3-pro-image-preview",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            for_method(&all, Method::Chat),
            [
                "gemini-2.5-flash-image-preview",
                "gemini-3-pro-image-preview"
            ]
        );
        assert_eq!(
            for_method(&all, Method::Standard),
            ["imagen-4", "openai-image-url", "dall-e-3"]
        );
        let odd: Vec<String> = vec!["house-model".into()];
        assert_eq!(for_method(&odd, Method::Chat), odd);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reads_model_lists_and_their_errors() {
        let ok = parse_models(
            200,
            br#"{"data":[{"id":"imagen-4","object":"model"},{"id":""},{"x":1}],"object":"list"}"#,
        )
        .unwrap();
        assert_eq!(ok, ["imagen-4"]);
        let unauthorized = parse_models(
            401,
            br#"{"error":{"message":"Authentication Error, No api key passed in.","type":"auth_error","param":"None","code":"401"}}"#,
        )
        .unwrap_err();
        assert_eq!(unauthorized.kind, ErrorKind::Unauthorized);
        assert_eq!(
            parse_models(200, b"{}").unwrap_err().kind,
            ErrorKind::UnknownShape
        );
        assert_eq!(
            parse_models(200, b"<html>").unwrap_err().kind,
            ErrorKind::NotJson
        );
    }
}
