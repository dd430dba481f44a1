//! `/images/generations` answers of a real LiteLLM proxy, byte for byte
//! (`tests/fixtures/litellm-1.78.5/`), through `parse_images` (and in Chromium
//! the page's own reading in the engine, which must agree): each gives the
//! right images or the right kind of error. Runs in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`) and on the host.

use sinh_anh::api::image::{ImageFormat, ImageSource};
use sinh_anh::api::ErrorKind;
mod common;
use common::images as parse_images;
use common::status;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A captured answer: the status from its `.headers` file and the raw body.
struct Fixture {
    name: &'static str,
    status: u16,
    body: &'static [u8],
}

macro_rules! fixture {
    ($name:literal) => {
        Fixture {
            name: $name,
            status: status(include_str!(concat!(
                "fixtures/litellm-1.78.5/",
                $name,
                ".headers"
            ))),
            body: include_bytes!(concat!("fixtures/litellm-1.78.5/", $name, ".response.json")),
        }
    };
}

/// What each case must give: images (with or without a revised prompt and
/// as data URLs or remote URLs), or an error of a kind.
enum Want {
    DataImages(usize),
    RemoteImages(usize),
    Error(ErrorKind),
}

fn cases() -> Vec<(Fixture, Want)> {
    use ErrorKind::*;
    use Want::*;
    vec![
        (fixture!("img_imagen4_n1"), DataImages(1)),
        (fixture!("img_imagen4_n2"), DataImages(2)),
        (fixture!("img_imagen4_no_n"), DataImages(1)),
        (fixture!("img_imagen4_size"), DataImages(1)),
        (fixture!("img_imagen4_aspect"), DataImages(1)),
        (fixture!("img_aistudio_n2"), DataImages(2)),
        (fixture!("img_aistudio_size"), DataImages(1)),
        (fixture!("img_openai_b64_n2"), DataImages(2)),
        (fixture!("img_openai_url_n1"), RemoteImages(1)),
        (fixture!("img_openai_url_n2"), RemoteImages(2)),
        (fixture!("img_flashimage_via_images"), DataImages(1)),
        // About 2 MB: a 1.5 MB PNG.
        (fixture!("img_imagen4_big"), DataImages(1)),
        (
            fixture!("cache_localcache_images_3_nocache_param"),
            DataImages(1),
        ),
        (fixture!("img_imagen4_rf_b64"), Error(UnsupportedParam)),
        (fixture!("img_imagen4_rf_url"), Error(UnsupportedParam)),
        (fixture!("img_openai_b64_rf_url"), Error(UnsupportedParam)),
        (fixture!("err_missing_key_images"), Error(Unauthorized)),
        (fixture!("err_key_without_bearer"), Error(Unauthorized)),
        (fixture!("err_wrong_key_images"), Error(Unauthorized)),
        (fixture!("err_wrong_key_no_sk_prefix"), Error(Unauthorized)),
        (fixture!("err_unknown_model_images"), Error(UnknownModel)),
        (fixture!("err_empty_prompt_imagen4"), Error(BadRequest)),
        (fixture!("err_empty_prompt_aistudio"), Error(BadRequest)),
        (fixture!("err_empty_prompt_openai"), Error(BadRequest)),
        (fixture!("err_missing_prompt_imagen4"), Error(Upstream)),
        (fixture!("err_n10_imagen4"), Error(BadRequest)),
        (fixture!("err_n10_aistudio"), Error(BadRequest)),
        (fixture!("err_n10_openai"), Error(BadRequest)),
        (fixture!("err_upstream500_imagen4"), Error(Upstream)),
        (fixture!("err_upstream500_aistudio"), Error(Upstream)),
        (fixture!("err_upstream500_openai"), Error(Upstream)),
        (fixture!("err_upstream429_imagen4"), Error(RateLimited)),
        (fixture!("err_upstream429_aistudio"), Error(RateLimited)),
        (fixture!("err_upstream429_openai"), Error(RateLimited)),
        (
            fixture!("err_upstream429_noretryafter_imagen4"),
            Error(RateLimited),
        ),
        (fixture!("err_block_imagen4"), Error(Blocked)),
        (fixture!("err_block_aistudio"), Error(Blocked)),
        (fixture!("err_block_openai"), Error(Blocked)),
        (fixture!("err_invalid_json"), Error(BadRequest)),
        (fixture!("err_get_on_images"), Error(WrongEndpoint)),
    ]
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn every_captured_images_answer_is_read_right() {
    let cases = cases();
    assert_eq!(cases.len(), 40);
    for (fixture, want) in cases {
        let name = fixture.name;
        let result = parse_images(fixture.status, fixture.body, 2);
        match (want, result) {
            (Want::DataImages(n), Ok(generation)) => {
                assert_eq!(generation.images.len(), n, "{name}");
                for image in &generation.images {
                    match &image.source {
                        ImageSource::Data { format, url, size } => {
                            assert_eq!(*format, ImageFormat::Png, "{name}");
                            // Every captured image says its size in its header.
                            assert!(size.is_some_and(|(w, h)| w >= 32 && h >= 32), "{name}");
                            assert!(
                                url.starts_with("data:image/png;base64,iVBORw0KGgo"),
                                "{name}"
                            );
                        }
                        other => panic!("{name}: expected a data URL, got {other:?}"),
                    }
                }
            }
            (Want::RemoteImages(n), Ok(generation)) => {
                assert_eq!(generation.images.len(), n, "{name}");
                for image in &generation.images {
                    assert!(
                        matches!(&image.source, ImageSource::Remote(url) if url.starts_with("http://127.0.0.1:8101/files/")),
                        "{name}: {:?}",
                        image.source
                    );
                    assert_eq!(
                        image.revised_prompt.as_deref(),
                        Some("a red fox in the snow (revised, fake)"),
                        "{name}"
                    );
                }
            }
            (Want::Error(kind), Err(error)) => {
                assert_eq!(error.kind, kind, "{name}: {error}");
                assert_eq!(error.status, Some(fixture.status), "{name}");
                assert!(
                    !error.summary().is_empty(),
                    "{name}: the gateway's words are kept"
                );
            }
            (_, Ok(generation)) => panic!("{name}: expected an error, got {generation:?}"),
            (_, Err(error)) => panic!("{name}: expected images, got {error}"),
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn gateway_details_survive_for_the_person_reading_them() {
    let f = fixture!("img_imagen4_rf_b64");
    let error = parse_images(f.status, f.body, 1).unwrap_err();
    assert_eq!(error.param.as_deref(), Some("response_format"));
    let f = fixture!("err_n10_imagen4");
    let error = parse_images(f.status, f.body, 1).unwrap_err();
    assert_eq!(
        error.summary(),
        "Image generation failed with the following error: The number of images (sampleCount) must be between 1 and 4, got 10. (fake)"
    );
    let f = fixture!("err_unknown_model_images");
    let error = parse_images(f.status, f.body, 1).unwrap_err();
    assert!(
        error
            .summary()
            .contains("Invalid model name passed in model=imagen-9"),
        "{}",
        error.summary()
    );
    let f = fixture!("img_openai_b64_n2");
    let generation = parse_images(f.status, f.body, 2).unwrap();
    assert_eq!(
        generation.images[1].revised_prompt.as_deref(),
        Some("a red fox in the snow (revised, fake)")
    );
    assert_eq!(
        generation.images[1].file_name("a red fox in the snow"),
        "a-red-fox-in-the-snow-2.png"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn unsafe_or_broken_items_are_refused_and_reported() {
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    let body = format!(
        r#"{{"data":[{{"b64_json":"{png}"}},{{"url":"javascript:alert(1)"}},{{"b64_json":null,"url":null}},{{"url":"data:text/html;base64,PHNjcmlwdD4="}}]}}"#
    );
    let generation = parse_images(200, body.as_bytes(), 4).unwrap();
    assert_eq!(generation.images.len(), 1);
    assert_eq!(
        generation
            .skipped
            .iter()
            .map(|(i, _)| *i)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(
        generation.images.len() < generation.requested,
        "fewer than asked"
    );
    let only_bad = r#"{"data":[{"url":"javascript:alert(1)"}]}"#;
    assert_eq!(
        parse_images(200, only_bad.as_bytes(), 1).unwrap_err().kind,
        ErrorKind::UnknownShape
    );
    let only_empty = r#"{"data":[{"b64_json":"","url":null}]}"#;
    assert_eq!(
        parse_images(200, only_empty.as_bytes(), 1)
            .unwrap_err()
            .kind,
        ErrorKind::Empty
    );
}
