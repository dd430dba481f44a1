//! Properties over arbitrary input: nothing that comes from the network or
//! a person can make the parsers panic (a panic in WASM kills the app).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sinh_anh::api::image::{file_name, ImageSource};
use sinh_anh::api::{request, response, ErrorKind};

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
        let shared: std::sync::Arc<str> = text.as_str().into();
        let _ = ImageSource::from_url(&shared);
        let _ = ImageSource::from_base64(&shared);
        let _ = request::normalize_base_url(&text);
        let name = file_name(&text, 1, &text);
        prop_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), "{}", name);
        prop_assert!(!name.contains(".."), "{}", name);
        prop_assert!(!name.starts_with(['.', '-']) && !name.ends_with('.'), "{}", name);
    }

    #[test]
    fn url_shaped_input_never_panics(text in "(https?|HTTP|data|javascript)?:?/{0,3}[a-z0-9:/.?#\\[\\] ]{0,24}") {
        let _ = request::normalize_base_url(&text);
        let _ = ImageSource::from_url(&std::sync::Arc::<str>::from(text.as_str()));
        let _ = sinh_anh::settings::config::is_loopback_url(&text);
    }
}

/// An export as the gallery writes it, to cut and flip.
fn an_export() -> Vec<u8> {
    let manifest = r#"{"app":"sinh-anh","schema":2,"images":[{"file":"images/1-a.png","entry":{"id":1000,"createdMs":1,"prompt":"a","method":"standard","model":"imagen-4","mime":"image/png","fileName":"a-1.png"}}]}"#;
    sinh_anh::gallery::zip::build(
        &[
            ("history.json", manifest.as_bytes()),
            ("images/1-a.png", b"\x89PNG\r\n\x1a\n...."),
        ],
        0.0,
    )
    .unwrap_or_default()
}

proptest! {
    /// Imported files and stored records are input too.
    #[test]
    fn gallery_readers_never_panic_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = sinh_anh::gallery::unzip::read(&bytes);
        let _ = sinh_anh::gallery::archive::Manifest::parse(&bytes);
        let _ = sinh_anh::gallery::entry::Entry::decode(2, &String::from_utf8_lossy(&bytes));
    }

    /// The import's read planning takes sizes and offsets from the file:
    /// any of them, batches cover every file once, and a planned read
    /// covers what it was asked for.
    #[test]
    fn an_imports_read_planning_never_panics_and_covers_every_file(
        small in prop::collection::vec(0u64..100_000, 0..60),
        sizes in prop::collection::vec(prop_oneof![0u64..4_000_000, any::<u64>()], 0..60),
        extents in prop::collection::vec((any::<u64>(), any::<u64>()), 0..30),
    ) {
        for sizes in [small, sizes] {
            let batches = sinh_anh::gallery::unzip::batches(&sizes, 20);
            let covered: Vec<usize> = batches.iter().flat_map(|b| b.clone()).collect();
            prop_assert_eq!(covered, (0..sizes.len()).collect::<Vec<_>>());
            prop_assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 20));
        }
        if let Some((from, to)) = sinh_anh::gallery::unzip::one_read(&extents) {
            prop_assert!(from < to && to - from <= sinh_anh::gallery::unzip::MAX_READ);
            for &(at, len) in &extents {
                prop_assert!(at >= from && at.saturating_add(len) <= to);
            }
        }
    }

    #[test]
    fn an_export_cut_or_flipped_anywhere_is_refused_not_a_panic(at in 0usize..4000, flip in any::<u8>()) {
        let zip = an_export();
        prop_assert!(!zip.is_empty());
        let at = at % zip.len();
        prop_assert!(sinh_anh::gallery::unzip::read(&zip[..at]).is_err());
        let mut flipped = zip.clone();
        flipped[at] ^= flip | 1;
        // A flip in a name, a date or a count can leave a readable archive
        // (whose files still match their checksums): no panic either way.
        let _ = sinh_anh::gallery::unzip::read(&flipped);
    }
}

#[test]
fn the_export_used_above_reads_back() {
    let zip = an_export();
    let files = sinh_anh::gallery::unzip::read(&zip).expect("a valid export");
    let manifest = sinh_anh::gallery::archive::Manifest::parse(files[0].1).expect("its manifest");
    assert_eq!(manifest.images[0].file, files[1].0);
}
