//! The prompt helper: a prompt sent to a *text* model of the same gateway
//! to be translated into English or made a detailed image prompt, and the
//! model's answer.                                                   [pure]

use super::failure::success;
use super::json::{Json, Out, Text};
use super::request::{normalize_base_url, Prepared};
use super::types::Method;
use super::{ApiError, ErrorKind};

/// The text model asked when the gateway's list offers none and the site
/// set none (`helperModel` in `config.json`).
pub const DEFAULT_HELPER_MODEL: &str = "gemini-2.5-flash";

/// What the helper is asked to do with the prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Into English: the image models list Vietnamese among their weaker
    /// languages.
    Translate,
    /// Into a detailed image prompt (in English).
    Improve,
}

impl Task {
    /// The short system message that says what to do.
    pub fn system(self) -> &'static str {
        match self {
            Task::Translate => "Translate the user's image prompt into natural English for an image model. Keep every detail, name and style. Answer with the translation only.",
            Task::Improve => "Rewrite the user's image idea as one detailed English prompt for an image model: subject, setting, composition, lighting and style. Answer with the prompt only.",
        }
    }
}

/// The request: `/chat/completions` with a system and a user message, and
/// no `modalities` (a text answer).
pub fn request(
    base_url: &str,
    model: &str,
    task: Task,
    prompt: &str,
) -> Result<Prepared, ApiError> {
    if prompt.trim().is_empty() {
        return Err(ApiError::new(ErrorKind::EmptyPrompt, "empty prompt"));
    }
    let base = normalize_base_url(base_url)?;
    let message = |role: &str, content: &str| {
        Out::object([("role", Out::str(role)), ("content", Out::str(content))])
    };
    let json = Out::object([
        ("model", Out::str(model.trim())),
        (
            "messages",
            Out::List(vec![
                message("system", task.system()),
                message("user", prompt),
            ]),
        ),
    ]);
    let url = format!("{base}{}", Method::Chat.path());
    Ok(Prepared::new(
        Method::Chat,
        url,
        json,
        prompt.to_string(),
        0,
    ))
}

/// The model's words: the suggestion. An error answer is read as every
/// other (the same honest messages); an answer without words is `Empty`.
pub fn read<J: Json>(status: u16, json: &J) -> Result<String, ApiError> {
    success(status, json)?;
    let message = json
        .get("choices")
        .and_then(|c| c.items())
        .and_then(|c| c.into_iter().next())
        .and_then(|c| c.get("message"));
    let content = message.as_ref().and_then(|m| m.get("content"));
    let words = match content {
        Some(c) => match c.text() {
            Some(text) => text.to_rust(),
            None => c
                .items()
                .unwrap_or_default()
                .iter()
                .filter_map(|p| p.get("text").and_then(|t| t.text()).map(|t| t.to_rust()))
                .collect::<Vec<_>>()
                .join("\n"),
        },
        None => String::new(),
    };
    let words = words.trim().to_string();
    if words.is_empty() {
        return Err(
            ApiError::new(ErrorKind::Empty, "the model answered no words").with_status(status),
        );
    }
    Ok(words)
}

/// The gateway's text models: those that make no images.
pub fn text_models(all: &[String]) -> Vec<String> {
    all.iter()
        .filter(|id| {
            !super::models::is_chat_image_model(id) && !super::models::is_standard_image_model(id)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::parse;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CAPTURED: &str = include_str!(
        "../../tests/fixtures/litellm-1.78.5/chat_text_model_prompt_helper.response.json"
    );

    #[test]
    fn the_request_is_a_system_and_a_user_message_without_modalities() {
        let r = request(
            "https://api.thucchien.ai",
            "gemini-2.5-flash",
            Task::Improve,
            "một ngôi nhà",
        )
        .unwrap();
        assert_eq!(r.url, "https://api.thucchien.ai/v1/chat/completions");
        assert!(!r.body.contains("modalities"), "{}", r.body);
        assert!(
            r.body.starts_with(
                r#"{"model":"gemini-2.5-flash","messages":[{"role":"system","content":"Rewrite"#
            ),
            "{}",
            r.body
        );
        assert!(
            r.body
                .ends_with(r#"{"role":"user","content":"một ngôi nhà"}]}"#),
            "{}",
            r.body
        );
        let t = request(
            "https://api.thucchien.ai/v1",
            "m",
            Task::Translate,
            "con mèo",
        )
        .unwrap();
        assert!(t.body.contains("Translate the user's image prompt"));
        assert_eq!(
            request("https://x.example/v1", "m", Task::Improve, "  ")
                .unwrap_err()
                .kind,
            ErrorKind::EmptyPrompt
        );
    }

    #[test]
    fn the_captured_text_answer_gives_its_words_and_errors_read_as_ever() {
        let json = parse(CAPTURED).unwrap();
        assert_eq!(
            read(200, &json).unwrap(),
            "(fake rewrite) A detailed English image prompt: một ngôi nhà nhỏ bên bờ sông lúc bình minh"
        );
        let error =
            parse(r#"{"error":{"message":"bad key","type":"auth_error","code":"401"}}"#).unwrap();
        assert_eq!(read(401, &error).unwrap_err().status, Some(401));
        let empty = parse(r#"{"choices":[{"message":{"content":"  "}}]}"#).unwrap();
        assert_eq!(read(200, &empty).unwrap_err().kind, ErrorKind::Empty);
    }

    #[test]
    fn text_models_are_those_that_make_no_images() {
        let all: Vec<String> = [
            "imagen-4",
            "gemini-2.5-flash-image-preview",
            "gemini-2.5-flash",
            "gpt-4o-mini",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(text_models(&all), ["gemini-2.5-flash", "gpt-4o-mini"]);
    }
}
