//! The release build in headless Chromium against the mock gateway:
//! what a newcomer sees after `cargo xtask serve`.

use e2e::{png_size, Browser, Servers};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generates_two_images_with_download_links() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    // config.json pointed the page at the mock and gave it the demo key.
    assert_eq!(browser.value_of("#base-url").await, servers.gateway_url());
    assert_eq!(browser.value_of("#api-key").await, e2e::DEMO_KEY);

    browser
        .fill("#prompt", "Một bức tranh phong cảnh biển hoàng hôn")
        .await;
    browser
        .wait_for("#count")
        .await
        .select_by_value("2")
        .await
        .expect("choose 2 images");
    browser.click("button[type=submit]").await;

    let images = browser.wait_for_count("figure.image-card img", 2).await;
    let mut sources = Vec::new();
    for image in &images {
        let src = image.attr("src").await.unwrap().unwrap_or_default();
        assert!(
            src.starts_with("data:image/png;base64,"),
            "src: {}",
            &src[..src.len().min(40)]
        );
        // The browser really decoded it.
        let width = browser.natural_width(image).await;
        assert_eq!(width, 1024, "naturalWidth of a decoded 1024×1024 PNG");
        assert_eq!(png_size(&src), (1024, 1024));
        sources.push(src);
    }
    assert_ne!(sources[0], sources[1], "two different pictures");

    let links = browser
        .wait_for_count("figure.image-card a[download]", 2)
        .await;
    for (i, link) in links.iter().enumerate() {
        // The megabytes-long href is set when the link is reached for.
        let before = link.attr("href").await.unwrap().unwrap_or_default();
        assert_eq!(before, "#download");
        browser.js_on(link, "arguments[0].focus()").await;
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        assert_eq!(href, sources[i], "the download carries the same data");
        let name = link.attr("download").await.unwrap().unwrap_or_default();
        assert_eq!(
            name,
            format!("mot-buc-tranh-phong-canh-bien-hoang-hon-{}.png", i + 1)
        );
    }
    let status = browser
        .wait_for("[role=status] .done")
        .await
        .text()
        .await
        .unwrap();
    assert!(status.starts_with("2 images in"), "status: {status}");
    // The form keeps everything.
    assert_eq!(
        browser.value_of("#prompt").await,
        "Một bức tranh phong cảnh biển hoàng hôn"
    );
    browser.screenshot("generated").await;

    // Switching language updates the texts of the results; the images stay.
    browser
        .wait_for(".language select")
        .await
        .select_by_value("vi")
        .await
        .expect("switch to Vietnamese");
    let heading = browser.wait_for("#results-heading").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while heading.text().await.unwrap() != "Kết quả" {
        assert!(
            std::time::Instant::now() < deadline,
            "heading not translated"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(links[0].text().await.unwrap(), "Tải xuống");
    let still_there = images[0].attr("src").await;
    assert!(
        still_there.is_ok_and(|src| src.as_deref() == Some(sources[0].as_str())),
        "the image survives a language switch"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_shows_the_gateways_message_and_keeps_the_form() {
    let servers = Servers::start(Some(json!({"baseUrl": "{gateway}"})), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    browser.fill("#api-key", "sk-not-a-real-key").await;
    browser.fill("#prompt", "a red fox in the snow").await;
    browser.click("button[type=submit]").await;

    let error = browser.wait_for(".error[role=alert]").await;
    let text = error.text().await.unwrap();
    assert!(text.contains("The gateway refused the key"), "{text}");
    assert!(
        text.contains("Invalid proxy server token passed"),
        "the gateway's own words: {text}"
    );
    assert!(
        !text.contains("sk-not-a-real-key"),
        "the key is not echoed back: {text}"
    );
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Unauthorized")
    );
    assert_eq!(browser.value_of("#prompt").await, "a red fox in the snow");
    assert_eq!(browser.value_of("#api-key").await, "sk-not-a-real-key");
    // Still usable: the button is enabled again.
    let disabled = browser
        .wait_for("button[type=submit]")
        .await
        .prop("disabled")
        .await
        .unwrap();
    assert_eq!(disabled.as_deref(), Some("false"));
    browser.screenshot("wrong-key").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_key_is_caught_before_anything_is_sent() {
    // No config.json at all, as on a plain static host.
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1"
    );
    browser.fill("#base-url", &servers.gateway_url()).await;
    browser.fill("#prompt", "a red fox").await;
    browser.click("button[type=submit]").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("MissingKey")
    );
    assert!(error.text().await.unwrap().contains("No API key"));

    // With the key, one image: the gateway saw that request and no other.
    browser.fill("#api-key", e2e::DEMO_KEY).await;
    browser.click("#prompt").await; // commits the field
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {}", e2e::DEMO_KEY).as_str())
    );
    browser.close().await;
}
