//! The mock's behaviours beyond the captured cases: the failure modes the
//! app's tests rely on, `n` and `size`, and pictures that follow the prompt.

mod common;
use common::start;

use base64::Engine as _;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// POSTs JSON with the demo key; returns status, content type and body.
async fn post(addr: SocketAddr, path: &str, body: &Value) -> (u16, String, Vec<u8>) {
    get_or_post(addr, "POST", path, &body.to_string()).await
}

async fn get_or_post(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        mock_gateway::DEMO_KEY,
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default();
    (status, content_type, raw[split + 4..].to_vec())
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(bytes).read_info().unwrap();
    (reader.info().width, reader.info().height)
}

fn b64(item: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(item["b64_json"].as_str().unwrap())
        .unwrap()
}

#[tokio::test]
async fn honours_n_and_size_and_draws_from_the_prompt() {
    let addr = start().await;
    let (status, _, body) = post(
        addr,
        "/v1/images/generations",
        &json!({"model": "imagen-4", "prompt": "a red fox", "n": 3, "size": "320x200"}),
    )
    .await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let items = answer["data"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let pictures: Vec<Vec<u8>> = items.iter().map(b64).collect();
    for picture in &pictures {
        assert_eq!(png_size(picture), (320, 200));
    }
    assert_ne!(pictures[0], pictures[1], "each of n is its own picture");
    let (_, _, other) = post(
        addr,
        "/v1/images/generations",
        &json!({"model": "imagen-4", "prompt": "a blue whale", "n": 1, "size": "320x200"}),
    )
    .await;
    let other: Value = serde_json::from_slice(&other).unwrap();
    assert_ne!(
        b64(&other["data"][0]),
        pictures[0],
        "another prompt, another picture"
    );
}

#[tokio::test]
async fn chat_answers_a_data_url_in_the_asked_aspect_ratio() {
    let addr = start().await;
    let (status, _, body) = post(
        addr,
        "/v1/chat/completions",
        &json!({"model": "gemini-2.5-flash-image-preview", "messages": [{"role": "user", "content": "a red fox"}],
                "modalities": ["image", "text"], "imageConfig": {"aspectRatio": "16:9"}}),
    )
    .await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let url = answer["choices"][0]["message"]["images"][0]["image_url"]["url"]
        .as_str()
        .unwrap();
    let png = base64::engine::general_purpose::STANDARD
        .decode(url.strip_prefix("data:image/png;base64,").unwrap())
        .unwrap();
    assert_eq!(png_size(&png), (1024, 576));
    assert!(answer["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .contains("a red fox"));
}

#[tokio::test]
async fn url_mode_serves_the_image_it_points_at() {
    let addr = start().await;
    let (_, _, body) = post(
        addr,
        "/v1/images/generations",
        &json!({"model": "openai-image-url", "prompt": "a red fox", "n": 1, "size": "64x64"}),
    )
    .await;
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let url = answer["data"][0]["url"].as_str().unwrap();
    assert!(answer["data"][0]["b64_json"].is_null());
    let path = url
        .strip_prefix(&format!("http://{addr}"))
        .expect("a URL on this mock");
    let (status, content_type, png) = get_or_post(addr, "GET", path, "").await;
    assert_eq!((status, content_type.as_str()), (200, "image/png"));
    assert_eq!(png_size(&png), (64, 64));
}

#[tokio::test]
async fn broken_bodies_and_failures_on_request() {
    let addr = start().await;
    let ask =
        |prompt: &str| json!({"model": "imagen-4", "prompt": prompt, "n": 2, "size": "64x64"});

    let (status, content_type, body) =
        post(addr, "/v1/images/generations", &ask("fox FAKE_TRUNCATED")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let err = serde_json::from_slice::<Value>(&body).unwrap_err();
    assert!(err.is_eof(), "cut off mid-way: {err}");

    let (status, content_type, body) =
        post(addr, "/v1/images/generations", &ask("fox FAKE_HTML")).await;
    assert_eq!((status, content_type.as_str()), (502, "text/html"));
    assert!(String::from_utf8_lossy(&body).contains("502 Bad Gateway"));

    for (word, want) in [
        ("FAKE_400", 400),
        ("FAKE_401", 401),
        ("FAKE_429", 429),
        ("FAKE_500", 500),
        ("FAKE_503", 503),
    ] {
        let (status, _, body) =
            post(addr, "/v1/images/generations", &ask(&format!("fox {word}"))).await;
        assert_eq!(status, want, "{word}");
        let answer: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(answer["error"]["code"], json!(want.to_string()), "{word}");
    }

    let (status, _, body) = post(addr, "/v1/images/generations", &ask("fox FAKE_BLOCK")).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["data"],
        json!([])
    );

    let (_, _, body) = post(addr, "/v1/images/generations", &ask("fox FAKE_FEWER")).await;
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let (_, _, body) = post(addr, "/v1/images/generations", &ask("fox FAKE_UNSAFE_URL")).await;
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        answer["data"][0]["url"],
        json!("javascript:alert(document.domain)")
    );

    let started = std::time::Instant::now();
    let (status, _, _) = post(addr, "/v1/images/generations", &ask("fox FAKE_DELAY_300")).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}

#[test]
fn help_lists_every_model_and_keyword() {
    let help = mock_gateway::help_text();
    for model in mock_gateway::behaviour::MODELS
        .iter()
        .chain(mock_gateway::behaviour::UNLISTED)
    {
        assert!(help.contains(model.id), "{}", model.id);
    }
    for (word, _) in mock_gateway::behaviour::KEYWORDS {
        assert!(help.contains(word), "{word}");
    }
}

#[tokio::test]
async fn flaky_fails_every_second_request() {
    let addr = start().await;
    let chat = json!({
        "model": "gemini-2.5-flash-image-preview",
        "messages": [{"role": "user", "content": "a lighthouse FAKE_FLAKY"}],
        "modalities": ["image", "text"]
    });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(post(addr, "/v1/chat/completions", &chat).await.0);
    }
    assert_eq!(statuses, [200, 500, 200, 500]);
}

#[tokio::test]
async fn chat_takes_image_config_and_the_cache_switch() {
    let addr = start().await;
    let (status, _, body) = post(
        addr,
        "/v1/chat/completions",
        &json!({
            "model": "gemini-2.5-flash-image-preview",
            "messages": [{"role": "user", "content": "a wide bay"}],
            "modalities": ["image", "text"],
            "imageConfig": {"aspectRatio": "21:9"},
            "cache": {"no-cache": true}
        }),
    )
    .await;
    assert_eq!(status, 200);
    let json: Value = serde_json::from_slice(&body).unwrap();
    let url = json["choices"][0]["message"]["images"][0]["image_url"]["url"]
        .as_str()
        .unwrap();
    let png = base64::engine::general_purpose::STANDARD
        .decode(url.trim_start_matches("data:image/png;base64,"))
        .unwrap();
    assert_eq!(png_size(&png), (1024, 439));
}

/// The journal says what was asked, and whether the client hung up before
/// the answer (what Cancel and the timeout do in the page).
#[tokio::test]
async fn the_journal_records_requests_and_clients_that_hang_up() {
    let (router, journal) = mock_gateway::gateway_with_journal(Default::default());
    let (addr, _) = mock_gateway::spawn(router, ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    // Answered.
    let (status, _, _) = post(
        addr,
        "/v1/images/generations",
        &json!({"model": "imagen-4", "prompt": "a fox", "n": 1}),
    )
    .await;
    assert_eq!(status, 200);
    // Hung up on while the mock waits.
    let body = json!({"model": "imagen-4", "prompt": "a slow fox FAKE_DELAY_5000"}).to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /v1/images/generations HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        mock_gateway::DEMO_KEY,
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(stream);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let seen = journal.to("/images/generations");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].status, Some(200));
    assert_eq!(seen[0].prompt.as_deref(), Some("a fox"));
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some(format!("Bearer {}", mock_gateway::DEMO_KEY).as_str())
    );
    assert!(seen[1].hung_up(), "{:?}", seen[1]);
    assert!(!seen[0].hung_up());

    // A conversation: each message's role and words, images left out.
    let (status, _, _) = post(
        addr,
        "/v1/chat/completions",
        &json!({"model": "gemini-2.5-flash-image-preview", "messages": [
            {"role": "user", "content": "a cat"},
            {"role": "assistant", "content": "Here it is."},
            {"role": "user", "content": [
                {"type": "text", "text": "add a hat"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
            ]}
        ]}),
    )
    .await;
    assert_eq!(status, 200);
    let chat = journal.to("/chat/completions");
    let said: Vec<(&str, &str)> = chat[0]
        .messages
        .iter()
        .map(|(role, words)| (role.as_str(), words.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            ("user", "a cat"),
            ("assistant", "Here it is."),
            ("user", "add a hat")
        ]
    );
}

/// "saw N input image(s)" in a chat answer's text.
fn saw(body: &[u8]) -> Option<usize> {
    let json: Value = serde_json::from_slice(body).ok()?;
    let text = json.pointer("/choices/0/message/content")?.as_str()?;
    let at = text.find("saw ")? + 4;
    text[at..].split_whitespace().next()?.parse().ok()
}

/// The captured proxy passes on images in user messages only: for each
/// captured edit and multi-turn request, the mock's model sees as many
/// images as the real stand-in model said it saw.
#[tokio::test]
async fn sees_the_images_the_captured_proxy_passes_on() {
    let addr = start().await;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/litellm-1.78.5");
    let cases = [
        ("chat_edit_input_image", 1),
        ("chat_edit_input_image_big", 1),
        ("chat_multiturn_assistant_images_field", 0),
        ("chat_multiturn_assistant_image_part", 0),
        ("chat_multiturn_user_image_part", 1),
    ];
    for (case, images) in cases {
        let request: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{case}.request.json"))).unwrap(),
        )
        .unwrap();
        let captured = std::fs::read(dir.join(format!("{case}.response.json"))).unwrap();
        assert_eq!(saw(&captured), Some(images), "{case}: the capture");
        let (status, _, body) = post(addr, "/v1/chat/completions", &request).await;
        assert_eq!(status, 200, "{case}");
        assert_eq!(
            saw(&body),
            Some(images),
            "{case}: {}",
            String::from_utf8_lossy(&body)
        );

        // Behind a newer gateway, the assistant's images reach the model too.
        let mut newer = request.clone();
        newer["model"] = "gemini-image-newer-gateway".into();
        let all = newer["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let parts = m["content"]
                    .as_array()
                    .map_or(0, |p| p.iter().filter(|p| p["type"] == "image_url").count());
                parts + m["images"].as_array().map_or(0, Vec::len)
            })
            .sum::<usize>();
        let (_, _, body) = post(addr, "/v1/chat/completions", &newer).await;
        assert_eq!(saw(&body), Some(all), "{case} behind a newer gateway");
    }
}

/// An edit comes back visibly made from its input (colours inverted, at
/// the input's size), and the answer names what the model was given.
#[tokio::test]
async fn an_edit_is_made_from_the_input_image() {
    let addr = start().await;
    let (_, _, drawn) = post(
        addr,
        "/v1/images/generations",
        &json!({"model": "imagen-4", "prompt": "a blue door", "size": "1792x1024"}),
    )
    .await;
    let drawn: Value = serde_json::from_slice(&drawn).unwrap();
    let input = b64(&drawn["data"][0]);
    let url = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&input)
    );
    let (status, _, body) = post(
        addr,
        "/v1/chat/completions",
        &json!({
            "model": "gemini-2.5-flash-image-preview",
            "modalities": ["image", "text"],
            "messages": [{"role": "user", "content": [
                {"type": "text", "text": "make it red"},
                {"type": "image_url", "image_url": {"url": url}}
            ]}]
        }),
    )
    .await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let text = answer["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "saw 1 input image(s): image/png {} bytes",
            input.len()
        )),
        "{text}"
    );
    let out_url = answer["choices"][0]["message"]["images"][0]["image_url"]["url"]
        .as_str()
        .unwrap();
    let out = base64::engine::general_purpose::STANDARD
        .decode(out_url.trim_start_matches("data:image/png;base64,"))
        .unwrap();
    assert_eq!(png_size(&out), png_size(&input), "the input's size");
    let pixels = |png_bytes: &[u8]| {
        let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        buf
    };
    assert!(
        pixels(&input)
            .iter()
            .zip(pixels(&out))
            .all(|(a, b)| u16::from(*a) + u16::from(b) == 255),
        "every colour inverted"
    );
}

/// The text model answers the captured prompt-helper request with the
/// captured stand-in's very words.
#[tokio::test]
async fn the_text_model_answers_as_the_captured_one() {
    let addr = start().await;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/litellm-1.78.5");
    let request: Value = serde_json::from_slice(
        &std::fs::read(dir.join("chat_text_model_prompt_helper.request.json")).unwrap(),
    )
    .unwrap();
    let captured: Value = serde_json::from_slice(
        &std::fs::read(dir.join("chat_text_model_prompt_helper.response.json")).unwrap(),
    )
    .unwrap();
    let (status, _, body) = post(addr, "/v1/chat/completions", &request).await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    let words = |v: &Value| {
        v["choices"][0]["message"]["content"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(words(&answer), words(&captured));
    assert_eq!(answer["choices"][0]["message"]["images"], json!([]));
}
