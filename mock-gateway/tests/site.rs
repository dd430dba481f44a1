//! The static host the end-to-end tests and the benches serve the app from:
//! it compresses as GitHub Pages does, so the cold-load bench downloads what
//! a visitor would.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// GETs `path` with `Accept-Encoding: gzip` (or none); returns the head.
async fn head_of(addr: std::net::SocketAddr, path: &str, gzip: bool) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let accept = if gzip {
        "Accept-Encoding: gzip\r\n"
    } else {
        ""
    };
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{accept}\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase()
}

#[tokio::test]
async fn the_wasm_is_sent_compressed_when_the_browser_asks() {
    let dist = std::env::temp_dir().join(format!("sinh-anh-site-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    // A wasm-like file: compressible, and well over the layer's minimum.
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0".repeat(4096)).unwrap();
    let (addr, _) = mock_gateway::spawn(
        mock_gateway::site::site(dist.clone(), None, "/"),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .unwrap();
    let gzip = head_of(addr, "/app_bg.wasm", true).await;
    assert!(gzip.contains("content-encoding: gzip"), "{gzip}");
    assert!(gzip.contains("content-type: application/wasm"), "{gzip}");
    let plain = head_of(addr, "/app_bg.wasm", false).await;
    assert!(!plain.contains("content-encoding"), "{plain}");
    let _ = std::fs::remove_dir_all(&dist);
}
