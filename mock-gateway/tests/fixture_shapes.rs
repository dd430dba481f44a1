//! The mock answers every captured request with the real proxy's status,
//! JSON structure (keys, nesting, value types, nulls) and CORS headers.
//! Each case replays `tests/fixtures/litellm-1.78.5/NAME.request.json`.

mod common;
use common::start;

use serde_json::{Map, Value};
use std::{net::SocketAddr, path::PathBuf, time::Duration};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/litellm-1.78.5")
}

/// Cases the mock does not reproduce, and why.
const NOT_MOCKED: &[(&str, &str)] = &[
    (
        "cache_localcache_chat_2",
        "a cache hit; the mock has no response cache",
    ),
    (
        "err_upstream500_chat_stream",
        "a mid-stream error; the app does not stream",
    ),
];

/// Cases whose status differs on purpose (the structure still matches).
const OTHER_STATUS: &[(&str, u16, &str)] = &[
    (
        "err_wrong_key_images",
        401,
        "the capture's proxy had no key database; a deployed one answers 401",
    ),
    ("err_wrong_key_chat", 401, "as above"),
    ("err_wrong_key_no_sk_prefix", 401, "as above"),
];

/// Keys, nesting and value types: strings, numbers and booleans become
/// their type's name, arrays the shape of their first element.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), shape(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => Value::Null,
    }
}

/// JSON bodies by shape; SSE bodies as the shape of each `data:` event in
/// order; anything else as its text.
fn body_shape(body: &[u8], content_type: &str) -> Value {
    if content_type.starts_with("text/event-stream") {
        let events = String::from_utf8_lossy(body)
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .map(|d| {
                serde_json::from_str(d).map_or_else(|_| Value::String(d.to_string()), |v| shape(&v))
            })
            .collect();
        return Value::Array(events);
    }
    serde_json::from_slice::<Value>(body).map_or_else(
        |_| Value::String(String::from_utf8_lossy(body).into()),
        |v| shape(&v),
    )
}

struct Captured {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn parse_head(head: &str) -> (u16, Vec<(String, String)>) {
    // curl records a `100 Continue` before the answer to a large body.
    let head = match head.strip_prefix("HTTP/1.1 100 Continue") {
        Some(rest) => rest.trim_start(),
        None => head,
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

fn fixture(name: &str) -> Captured {
    let dir = fixtures();
    let head = std::fs::read_to_string(dir.join(format!("{name}.headers"))).expect("headers file");
    let (status, headers) = parse_head(&head);
    let body = ["response.json", "response.sse"]
        .iter()
        .find_map(|ext| std::fs::read(dir.join(format!("{name}.{ext}"))).ok())
        .unwrap_or_default();
    Captured {
        status,
        headers,
        body,
    }
}

/// Sends raw HTTP/1.1 (the fixtures' request bodies, byte for byte) and
/// reads the whole answer.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Captured {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the mock");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .expect("an answer in time")
        .unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let (status, headers) = parse_head(&String::from_utf8_lossy(&raw[..split]));
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    Captured {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// What the capture sent: method and path, from the case's name and body.
fn route(name: &str, request: Option<&[u8]>) -> (&'static str, &'static str) {
    if name.starts_with("cors_preflight") {
        let path = if name.contains("chat") {
            "/v1/chat/completions"
        } else {
            "/v1/images/generations"
        };
        return ("OPTIONS", path);
    }
    if name == "models_list" {
        return ("GET", "/v1/models");
    }
    if name == "err_get_on_images" {
        return ("GET", "/v1/images/generations");
    }
    let body = request.map(String::from_utf8_lossy).unwrap_or_default();
    if body.contains("\"messages\"") {
        ("POST", "/v1/chat/completions")
    } else {
        ("POST", "/v1/images/generations")
    }
}

#[tokio::test]
async fn every_captured_case_has_the_real_status_and_structure() {
    let addr = start().await;
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".headers")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 60, "fixtures are missing: {}", names.len());
    let auth = format!("Bearer {}", mock_gateway::DEMO_KEY);
    let mut compared = 0;
    let mut failures = Vec::new();
    for name in &names {
        if NOT_MOCKED.iter().any(|(n, _)| n == name) || name.starts_with("cors_preflight") {
            continue;
        }
        let expected = fixture(name);
        let request = std::fs::read(fixtures().join(format!("{name}.request.json"))).ok();
        let (method, path) = route(name, request.as_deref());
        let mut headers: Vec<(&str, &str)> = vec![
            ("Content-Type", "application/json"),
            ("Origin", "http://127.0.0.1:8080"),
        ];
        if name == "err_key_without_bearer" {
            headers.push(("Authorization", mock_gateway::DEMO_KEY));
        } else if name.starts_with("err_wrong_key") {
            let wrong = if name.contains("no_sk") {
                "Bearer wrongkey"
            } else {
                "Bearer sk-wrong"
            };
            headers.push(("Authorization", wrong));
        } else if !name.starts_with("err_missing_key") {
            headers.push(("Authorization", &auth));
        }
        let got = send(
            addr,
            method,
            path,
            &headers,
            request.as_deref().unwrap_or_default(),
        )
        .await;
        compared += 1;
        let want_status = OTHER_STATUS
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or(expected.status, |(_, s, _)| *s);
        if got.status != want_status {
            failures.push(format!(
                "{name}: status {} (capture: {want_status})",
                got.status
            ));
            continue;
        }
        let want_type = expected.header("content-type").unwrap_or_default();
        let got_type = got.header("content-type").unwrap_or_default();
        if want_type != got_type {
            failures.push(format!(
                "{name}: content-type {got_type:?} (capture: {want_type:?})"
            ));
        }
        for cors in [
            "access-control-allow-origin",
            "access-control-allow-credentials",
        ] {
            if expected.header(cors) != got.header(cors) {
                failures.push(format!(
                    "{name}: {cors} {:?} (capture: {:?})",
                    got.header(cors),
                    expected.header(cors)
                ));
            }
        }
        let want = body_shape(&expected.body, want_type);
        let have = body_shape(&got.body, got_type);
        if want != have {
            failures.push(format!(
                "{name}: structure differs\n  capture: {want}\n  mock:    {have}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(compared >= 55, "compared only {compared} cases");
}

#[tokio::test]
async fn cors_preflights_answer_as_the_proxy_does() {
    let addr = start().await;
    let asked = Some("authorization,content-type");
    for (name, origin, asked) in [
        ("cors_preflight_images", "http://127.0.0.1:8080", asked),
        ("cors_preflight_chat", "http://127.0.0.1:8080", asked),
        ("cors_preflight_origin_null", "null", asked),
        ("cors_preflight_other_origin", "https://example.org", asked),
        (
            "cors_preflight_no_acr_headers",
            "http://127.0.0.1:8080",
            None,
        ),
    ] {
        let expected = fixture(name);
        let (_, path) = route(name, None);
        let mut headers = vec![
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
        ];
        if let Some(asked) = asked {
            headers.push(("Access-Control-Request-Headers", asked));
        }
        let got = send(addr, "OPTIONS", path, &headers, b"").await;
        assert_eq!(got.status, expected.status, "{name}");
        assert_eq!(got.body, expected.body, "{name}");
        for header in [
            "vary",
            "access-control-allow-methods",
            "access-control-max-age",
            "access-control-allow-credentials",
            "access-control-allow-origin",
            "access-control-allow-headers",
            "content-type",
        ] {
            assert_eq!(
                got.header(header),
                expected.header(header),
                "{name}: {header}"
            );
        }
    }
}

#[tokio::test]
async fn the_model_list_is_the_captured_one() {
    let addr = start().await;
    let auth = format!("Bearer {}", mock_gateway::DEMO_KEY);
    let got = send(addr, "GET", "/v1/models", &[("Authorization", &auth)], b"").await;
    let ids = |body: &[u8]| -> Vec<String> {
        let v: Value = serde_json::from_slice(body).unwrap();
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&got.body), ids(&fixture("models_list").body));
}
