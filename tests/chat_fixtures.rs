//! `/chat/completions` answers through `parse_chat` (and in Chromium the
//! page's own reading in the engine, which must agree): every captured answer
//! of a real LiteLLM proxy (`tests/fixtures/litellm-1.78.5/`), the shapes
//! older LiteLLM releases sent, and hostile ones. Runs in headless Chromium
//! and on the host.

use sinh_anh::api::image::{ImageFormat, ImageSource, Refusal};
use sinh_anh::api::ErrorKind;
mod common;
use common::chat as parse_chat;
use common::status;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            status(include_str!(concat!(
                "fixtures/litellm-1.78.5/",
                $name,
                ".headers"
            ))),
            &include_bytes!(concat!("fixtures/litellm-1.78.5/", $name, ".response.json"))[..],
        )
    };
}

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn captured_successes_give_one_png_and_the_models_text() {
    for (name, status, body) in [
        fixture!("chat_modalities_image"),
        fixture!("chat_modalities_image_text"),
        fixture!("chat_no_modalities"),
        fixture!("chat_edit_input_image"),
        // The image to change was sent as 2 MB of base64 (a `100 Continue` first).
        fixture!("chat_edit_input_image_big"),
        // Several turns (what reached the model is in the text).
        fixture!("chat_multiturn_assistant_images_field"),
        fixture!("chat_multiturn_assistant_image_part"),
        fixture!("chat_multiturn_user_image_part"),
        fixture!("chat_slow_2s"),
        // About 2 MB: a 1.5 MB PNG as a data URL.
        fixture!("chat_big_output"),
        fixture!("cache_localcache_chat_1"),
        fixture!("cache_localcache_chat_2"),
        fixture!("cache_localcache_chat_4_nocache_param"),
    ] {
        let generation = parse_chat(status, body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(generation.images.len(), 1, "{name}");
        assert!(
            matches!(
                generation.images[0].source,
                ImageSource::Data {
                    format: ImageFormat::Png,
                    ..
                }
            ),
            "{name}"
        );
        assert!(generation.images[0].source.size().is_some(), "{name}");
        let text = generation.text.unwrap_or_default();
        assert!(
            text.starts_with("Here is your image (fake;"),
            "{name}: {text}"
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn captured_failures_give_the_right_kind() {
    use ErrorKind::*;
    for ((name, status, body), kind) in [
        (fixture!("err_block_chat_prompt"), Blocked),
        (fixture!("err_block_chat_imgsafety"), Blocked),
        (fixture!("err_chat_textonly"), Empty),
        (fixture!("err_missing_key_chat"), Unauthorized),
        (fixture!("err_wrong_key_chat"), Unauthorized),
        (fixture!("err_unknown_model_chat"), UnknownModel),
        (fixture!("err_empty_content_chat"), BadRequest),
        (fixture!("err_upstream500_chat"), Upstream),
        (fixture!("err_upstream429_chat"), RateLimited),
        (fixture!("err_upstream429_noretryafter_chat"), RateLimited),
    ] {
        let error = parse_chat(status, body).expect_err(name);
        assert_eq!(error.kind, kind, "{name}: {error}");
        assert_eq!(error.status, Some(status), "{name}");
    }
    let (_, status, body) = fixture!("err_chat_textonly");
    assert_eq!(
        parse_chat(status, body).unwrap_err().detail,
        "I can't create that image, but here is a description instead (fake).",
        "a text-only reply explains itself"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn older_litellm_shapes_are_read() {
    let data_url = format!("data:image/png;base64,{PNG}");
    let shapes = [
        // message.image.url (older releases)
        format!(
            r#"{{"choices":[{{"message":{{"content":"ok","image":{{"url":"{data_url}"}}}}}}]}}"#
        ),
        // images[].image_url as a plain string
        format!(
            r#"{{"choices":[{{"message":{{"content":"ok","images":[{{"image_url":"{data_url}"}}]}}}}]}}"#
        ),
        // a data URL inside the content, as markdown (oldest)
        format!(r#"{{"choices":[{{"message":{{"content":"ok ![image]({data_url})"}}}}]}}"#),
        // ... and plain
        format!(r#"{{"choices":[{{"message":{{"content":"ok\n{data_url}"}}}}]}}"#),
        // content parts
        format!(
            r#"{{"choices":[{{"message":{{"content":[{{"type":"text","text":"ok"}},{{"type":"image_url","image_url":{{"url":"{data_url}"}}}}]}}}}]}}"#
        ),
    ];
    for body in shapes {
        let generation = parse_chat(200, body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(generation.images.len(), 1, "{body}");
        assert_eq!(&**generation.images[0].source.url(), data_url, "{body}");
        assert_eq!(generation.text.as_deref(), Some("ok"), "{body}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn hostile_and_broken_chat_answers_never_render() {
    let js =
        r#"{"choices":[{"message":{"images":[{"image_url":{"url":"javascript:alert(1)"}}]}}]}"#;
    let error = parse_chat(200, js.as_bytes()).unwrap_err();
    assert_eq!(error.kind, ErrorKind::UnknownShape);
    let html = r#"{"choices":[{"message":{"images":[{"image_url":{"url":"data:text/html;base64,PHNjcmlwdD4="}}]}}]}"#;
    assert_eq!(
        parse_chat(200, html.as_bytes()).unwrap_err().kind,
        ErrorKind::UnknownShape
    );
    let mixed = format!(
        r#"{{"choices":[{{"message":{{"images":[{{"image_url":{{"url":"javascript:x"}}}},{{"image_url":{{"url":"data:image/png;base64,{PNG}"}}}}]}}}}]}}"#
    );
    let generation = parse_chat(200, mixed.as_bytes()).unwrap();
    assert_eq!(generation.images.len(), 1);
    assert_eq!(
        generation.skipped,
        vec![(0, Refusal::DisallowedScheme("javascript".into()))]
    );
    let bad_b64 = r#"{"choices":[{"message":{"images":[{"image_url":{"url":"data:image/png;base64,not*base64!!"}}]}}]}"#;
    assert_eq!(
        parse_chat(200, bad_b64.as_bytes()).unwrap_err().kind,
        ErrorKind::UnknownShape
    );
    assert_eq!(
        parse_chat(200, br#"{"choices":[]}"#).unwrap_err().kind,
        ErrorKind::UnknownShape
    );
    assert_eq!(
        parse_chat(200, br#"{"choices":[{"message":{"content":"#)
            .unwrap_err()
            .kind,
        ErrorKind::Truncated
    );
    assert_eq!(
        parse_chat(200, br#"{"choices":"x"}"#).unwrap_err().kind,
        ErrorKind::UnknownShape
    );
    assert_eq!(
        parse_chat(200, br#"{"choices":[{"message":{"content":5}}]}"#)
            .unwrap_err()
            .kind,
        ErrorKind::Empty
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn a_two_megabyte_answer_keeps_every_byte_of_its_image() {
    let (_, status, body) = fixture!("chat_big_output");
    let generation = parse_chat(status, body).unwrap();
    let url = generation.images[0].source.url();
    assert!(url.len() > 2_000_000, "{}", url.len());
    // The data URL is the body's, byte for byte.
    let text = std::str::from_utf8(body).unwrap();
    assert!(text.contains(&**url));
    assert!(
        url.ends_with("RU5ErkJggg=="),
        "the PNG's IEND chunk is there"
    );
}
