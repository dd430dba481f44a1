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

/// Where each result's box is, as it is put in the page (before the browser
/// has its pixels) and once they are shown.
const RESULT_BOXES: &str = "
window.resultBoxes = [];
new MutationObserver(records => {
  for (const r of records) for (const n of r.addedNodes)
    if (n.querySelectorAll) for (const img of n.querySelectorAll('img[elementtiming=result]')) {
      const box = img.getBoundingClientRect();
      window.resultBoxes.push([box.width, box.height, img.naturalWidth]);
    }
}).observe(document.body, { subtree: true, childList: true });";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_has_its_size_before_its_pixels_come() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser
        .client
        .execute(RESULT_BOXES, vec![])
        .await
        .expect("watch the results");
    // Gemini, through chat, answers in the shape asked for.
    browser.choose("#method", "chat").await;
    browser.fill("#prompt", "Một cây tre cao").await;
    browser.choose("#aspect", "9:16").await;
    browser.click("button[type=submit]").await;
    let image = browser.wait_for("figure.image-card img").await;
    assert_eq!(browser.natural_width(&image).await, 576, "decoded");
    let before = browser
        .client
        .execute("return window.resultBoxes;", vec![])
        .await
        .expect("read the boxes");
    let after = browser
        .js_on(
            &image,
            "const b = arguments[0].getBoundingClientRect(); return [b.width, b.height];",
        )
        .await;
    let n = |v: &serde_json::Value, i: usize| v[i].as_f64().unwrap_or(f64::NAN);
    let first = &before[0];
    assert_eq!(n(first, 2), 0.0, "measured before the pixels: {before}");
    assert!(n(&after, 1) > 100.0, "shown: {after}");
    assert!(
        (n(first, 0) - n(&after, 0)).abs() < 1.0 && (n(first, 1) - n(&after, 1)).abs() < 1.0,
        "the same box before ({first}) and after ({after})"
    );
    // Its shape, within 78% of the window's height (not squeezed).
    let ratio = n(&after, 1) / n(&after, 0);
    assert!((ratio - 1024.0 / 576.0).abs() < 0.02, "9:16: {after}");
    // Sized through the CSSOM, which the page's CSP allows.
    let log = browser.browser_log().await;
    assert!(
        !log.iter()
            .any(|(_, m)| m.contains("Content Security Policy")),
        "{log:#?}"
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_hands_its_image_file_to_a_share_sheet_where_there_is_one() {
    use base64::Engine;
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for_count("figure.image-card a[download]", 1)
        .await;
    // No share sheet (this browser): no button.
    browser
        .wait_for_count("figure.image-card .share-image", 0)
        .await;

    browser.stand_in_share_sheet().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.choose("#count", "2").await;
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for_count("figure.image-card a[download]", 2)
        .await;
    // What the second card shows: its `data:` URL.
    let src = browser
        .client
        .execute(
            "return document.querySelectorAll('figure.image-card img')[1].src",
            vec![],
        )
        .await
        .expect("the image's source");
    let href = src.as_str().unwrap_or_default();
    let payload = href
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("a PNG data URL: {}", &href[..href.len().min(40)]));
    let size = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .expect("base64")
        .len();
    // The second image's, named for a screen reader by its number.
    browser
        .click("button.share-image[aria-label='Share: image 2']")
        .await;
    let seen = browser.shared(1).await;
    let file = &seen[0];
    assert_eq!(file["files"], 1, "{file}");
    assert_eq!(file["active"], true, "asked inside the tap: {file}");
    assert_eq!(file["name"], "mot-con-meo-cam-2.png", "{file}");
    assert_eq!(file["type"], "image/png", "{file}");
    assert_eq!(
        file["head"],
        json!([137, 80, 78, 71, 13, 10, 26, 10]),
        "{file}"
    );
    assert_eq!(file["size"], size, "the image as shown, whole: {file}");
    // (The stand-in records the file before it answers.)
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    browser
        .wait_for_count("figure.image-card .warning", 0)
        .await;

    // Refused: said on the card, which stays as it was.
    browser.share_sheet_answers(Some("DataError")).await;
    browser
        .click("button.share-image[aria-label='Share: image 1']")
        .await;
    browser.shared(2).await;
    let warning = browser.wait_for("figure.image-card .warning").await;
    browser
        .wait_for_text(
            &warning,
            "Sharing failed: download the image instead (Something went wrong).",
        )
        .await;
    browser
        .wait_for_count("figure.image-card a[download]", 2)
        .await;

    // An image the gateway sent as a link: shared once its bytes are
    // here, as the same file as its download.
    browser.share_sheet_answers(None).await;
    browser.choose("#count", "1").await;
    let name = browser.a_linked_result("a kite over the dunes").await;
    browser.click("figure.image-card .share-image").await;
    let seen = browser.shared(3).await;
    let file = &seen[2];
    assert_eq!(file["name"], name.as_str(), "{file}");
    assert_eq!(file["type"], "image/png", "{file}");
    assert_eq!(
        file["head"],
        json!([137, 80, 78, 71, 13, 10, 26, 10]),
        "{file}"
    );
    assert_eq!(file["active"], true, "{file}");
    browser.close().await;
}
