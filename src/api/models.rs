//! The gateway's model list (`GET {base}/models`) and which of its models
//! suit each method.                                                 [pure]

use super::failure::{parse_json, success};
use super::json::{Json, Text};
use super::types::Method;
use super::{ApiError, ErrorKind};

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

/// The longest model name taken: anything longer is not a name.
const MAX_MODEL_NAME: usize = 256;

/// Reads a `/models` answer from its bytes.
pub fn parse_models(status: u16, body: &[u8]) -> Result<Vec<String>, ApiError> {
    read_models(status, &parse_json(status, body)?)
}

/// Reads a `/models` answer: `{"data": [{"id": ...}, ...]}`, in its order.
pub fn read_models<J: Json>(status: u16, json: &J) -> Result<Vec<String>, ApiError> {
    success(status, json)?;
    let Some(items) = json.get("data").and_then(|d| d.items()) else {
        return Err(ApiError::new(ErrorKind::UnknownShape, "no `data` list").with_status(status));
    };
    Ok(items
        .iter()
        .filter_map(|m| m.get("id").and_then(|id| id.text()))
        .filter(|id| id.len() <= MAX_MODEL_NAME)
        .map(|id| id.to_rust().trim().to_string())
        .filter(|id| !id.is_empty())
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

/// At most `limit` of the models of `all` that suit `method`, those whose
/// name holds what is typed first (case ignored), and how many suit in
/// all. A gateway can list any number of models: the page shows a few and
/// lets typing find the rest. A typed name that is a model already (the
/// field's current value) filters nothing.
pub fn suggest(all: &[String], method: Method, typed: &str, limit: usize) -> (Vec<String>, usize) {
    let suited = for_method(all, method);
    let typed = typed.trim().to_ascii_lowercase();
    let exact = suited.iter().any(|m| m.to_ascii_lowercase() == typed);
    let matching: Vec<&String> = if typed.is_empty() || exact {
        suited.iter().collect()
    } else {
        let found: Vec<&String> = suited
            .iter()
            .filter(|m| m.to_ascii_lowercase().contains(&typed))
            .collect();
        if found.is_empty() {
            suited.iter().collect()
        } else {
            found
        }
    };
    let total = matching.len();
    (matching.into_iter().take(limit).cloned().collect(), total)
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
    fn a_huge_list_is_offered_a_few_at_a_time() {
        let mut all: Vec<String> = (0..100_000).map(|i| format!("imagen-bulk-{i}")).collect();
        all.push("gemini-2.5-flash-image-preview".into());
        let (shown, total) = suggest(&all, Method::Standard, "", 50);
        assert_eq!((shown.len(), total), (50, 100_000));
        let (shown, total) = suggest(&all, Method::Standard, "BULK-9999", 50);
        assert_eq!(total, 11, "9999 and 99990..=99999");
        assert_eq!(shown[0], "imagen-bulk-9999");
        // The field's value is a model: nothing filtered.
        assert_eq!(
            suggest(&all, Method::Standard, "imagen-bulk-7", 5).1,
            100_000
        );
        // Nothing matches (an unknown model): the list, not nothing.
        assert_eq!(suggest(&all, Method::Standard, "imagen-9", 5).0.len(), 5);
        assert_eq!(
            suggest(&all, Method::Chat, "", 5).0,
            ["gemini-2.5-flash-image-preview"]
        );
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
