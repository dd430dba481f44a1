//! Properties over arbitrary input: nothing that comes from the network or
//! a person can make the parsers panic (a panic in WASM kills the app).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sinh_anh::api::{request, response, ErrorKind};
use sinh_anh::image::{file_name, ImageSource};

const IMAGES_OK: &[u8] = include_bytes!("fixtures/litellm-1.78.5/img_imagen4_n2.response.json");
const CHAT_OK: &[u8] =
    include_bytes!("fixtures/litellm-1.78.5/chat_modalities_image_text.response.json");

/// JSON-ish text: more likely than random bytes to get deep into the parsers.
fn jsonish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "\"[a-zA-Z0-9:;,/+= _.-]{0,40}\"".prop_map(|s| s),
        Just("\"data:image/png;base64,iVBORw0KGgo=\"".to_string()),
        Just("\"javascript:alert(1)\"".to_string()),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        let key = prop_oneof![
            Just("data"),
            Just("b64_json"),
            Just("url"),
            Just("error"),
            Just("message"),
            Just("choices"),
            Just("images"),
            Just("image_url"),
            Just("content"),
            Just("image"),
            Just("finish_reason"),
            Just("code"),
            Just("detail"),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key, inner), 0..4).prop_map(|kv| {
                let fields: Vec<String> = kv
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsers_never_panic_on_random_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = response::parse_images(status, &body, 2);
        let _ = response::parse_chat(status, &body);
    }

    #[test]
    fn parsers_never_panic_on_random_json(status in prop_oneof![Just(200u16), 100u16..600], body in jsonish()) {
        let _ = response::parse_images(status, body.as_bytes(), 2);
        let _ = response::parse_chat(status, body.as_bytes());
    }

    #[test]
    fn a_real_answer_cut_anywhere_is_truncated_not_a_panic(cut in 1usize..IMAGES_OK.len() - 1, chat_cut in 1usize..CHAT_OK.len() - 1) {
        let error = response::parse_images(200, &IMAGES_OK[..cut], 2).unwrap_err();
        prop_assert_eq!(error.kind, ErrorKind::Truncated);
        let error = response::parse_chat(200, &CHAT_OK[..chat_cut]).unwrap_err();
        prop_assert_eq!(error.kind, ErrorKind::Truncated);
    }

    #[test]
    fn a_real_answer_with_a_flipped_byte_never_panics(at in 0usize..IMAGES_OK.len(), byte in any::<u8>()) {
        let mut body = IMAGES_OK.to_vec();
        body[at] = byte;
        let _ = response::parse_images(200, &body, 2);
        let mut body = CHAT_OK.to_vec();
        let at = at % body.len();
        body[at] = byte;
        let _ = response::parse_chat(200, &body);
    }

    #[test]
    fn urls_and_names_from_anywhere_never_panic(text in any::<String>()) {
        let _ = ImageSource::from_url(&text);
        let _ = ImageSource::from_base64(&text);
        let _ = request::normalize_base_url(&text);
        let name = file_name(&text, 1, &text);
        prop_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), "{}", name);
        prop_assert!(!name.contains(".."), "{}", name);
        prop_assert!(!name.starts_with(['.', '-']) && !name.ends_with('.'), "{}", name);
    }

    #[test]
    fn url_shaped_input_never_panics(text in "(https?|HTTP|data|javascript)?:?/{0,3}[a-z0-9:/.?#\\[\\] ]{0,24}") {
        let _ = request::normalize_base_url(&text);
        let _ = ImageSource::from_url(&text);
        let _ = sinh_anh::config::is_loopback_url(&text);
    }
}
