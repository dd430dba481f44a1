//! Deployment: the release build under a sub-path (as on GitHub Pages),
//! framed by a page of another origin (a portal) that locks the gateway and
//! hears of each image through postMessage.

use e2e::{dist_dir, Browser, Servers, DEMO_KEY};
use serde_json::json;

/// The portal: a page that frames `?app=` and records every message.
const PORTAL: &str = r#"<!doctype html>
<title>Portal</title>
<iframe id="app" width="420" height="760"></iframe>
<script>
  window.messages = [];
  addEventListener('message', e => messages.push({ origin: e.origin, data: e.data }));
  document.getElementById('app').src = new URLSearchParams(location.search).get('app');
</script>
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_frames_the_app_under_a_sub_path_locks_its_gateway_and_hears_of_images() {
    // The portal, on its own origin.
    let portal_dir = std::env::temp_dir().join(format!("sinh-anh-portal-{}", std::process::id()));
    std::fs::create_dir_all(&portal_dir).unwrap();
    std::fs::write(portal_dir.join("index.html"), PORTAL).unwrap();
    let (portal, _) = mock_gateway::spawn(
        mock_gateway::site::site(portal_dir.clone(), None, "/"),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .unwrap();
    let portal_origin = format!("http://{portal}");

    // The app, under /sinh-anh/ like a GitHub Pages project site.
    let servers = Servers::start(
        Some(json!({
            "baseUrl": "{gateway}",
            "lock": ["baseUrl"],
            "demoKey": DEMO_KEY,
            "notifyParentOrigin": portal_origin,
        })),
        "/sinh-anh/",
    )
    .await;
    assert!(servers.app_url().ends_with("/sinh-anh/"));
    assert!(dist_dir().join("index.html").exists());

    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!("{portal_origin}/?app={}", servers.app_url()))
        .await
        .unwrap();
    browser.wait_for("iframe#app").await;
    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for("form.generate-form").await;

    // The locked gateway is not even shown, folded or not; the key field
    // is, once the settings are unfolded.
    browser.wait_for("html[data-config=settled]").await;
    let summary = browser.wait_for("details.gateway-fold > summary").await;
    let line = browser
        .wait_for_text(&summary, "this site's gateway · the demo key")
        .await;
    assert!(
        !line.contains(&servers.gateway.to_string()),
        "the locked address in the line: {line}"
    );
    // Above the sticky action bar of a narrow frame, as a person scrolls.
    browser
        .js_on(&summary, "arguments[0].scrollIntoView({block: 'center'})")
        .await;
    summary.click().await.unwrap();
    browser.wait_for("details.gateway-fold[open]").await;
    let base_url_field = browser.wait_for("#base-url").await;
    assert!(
        !base_url_field.is_displayed().await.unwrap(),
        "locked base URL hidden"
    );
    assert!(browser.displayed("#api-key").await, "the key field shown");

    browser.choose("#count", "2").await;
    let model = browser.value_of("#model").await;
    assert!(!model.is_empty());
    browser.fill("#prompt", "a paper crane").await;
    browser.click("button[type=submit]").await;
    let images = browser.wait_for_count("figure.image-card img", 2).await;
    assert!(browser.natural_width(&images[0]).await > 0);
    browser.screenshot("embedded-compact").await;

    // The portal heard of each image once, from the app's origin, without
    // the key.
    let messages = messages_until_saved(&browser, "a paper crane", 2).await;
    assert_eq!(messages.len(), 2, "one message per image: {messages:#?}");
    for (index, message) in messages.iter().enumerate() {
        assert_eq!(message["origin"], json!(format!("http://{}", servers.site)));
        let data = &message["data"];
        assert_eq!(data["type"], json!("sinh-anh:image"));
        assert_eq!(data["index"], json!(index));
        assert_eq!(data["prompt"], json!("a paper crane"));
        assert_eq!(data["model"], json!(model));
        assert_eq!(data["method"], json!("standard"));
        assert_eq!(
            data["fileName"],
            json!(format!("a-paper-crane-{}.png", index + 1))
        );
        assert!(data["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("data:image/png;base64,"));
    }
    assert!(
        !format!("{messages:?}").contains(DEMO_KEY),
        "the key is never sent"
    );

    // Another site framing the same app hears nothing: the message names
    // its one origin.
    let (other, _) = mock_gateway::spawn(
        mock_gateway::site::site(portal_dir.clone(), None, "/"),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .unwrap();
    browser
        .client
        .goto(&format!("http://{other}/?app={}", servers.app_url()))
        .await
        .unwrap();
    browser.wait_for("iframe#app").await;
    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for("form.generate-form").await;
    browser.choose("#count", "1").await;
    browser.fill("#prompt", "a second crane").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let messages = messages_until_saved(&browser, "a second crane", 1).await;
    assert!(messages.is_empty(), "another origin heard: {messages:#?}");

    browser.close().await;
    let _ = std::fs::remove_dir_all(portal_dir);
}

/// From inside the app's frame: waits until the gallery holds `saved`
/// images of `prompt` (the app notifies the parent before it hands an image to the
/// gallery), then has the frame post a marker to its parent; messages from
/// one window arrive in order, so once the marker is there, every message
/// the app sent before it is too. Returns the app's messages, and leaves
/// the browser in the parent page.
async fn messages_until_saved(
    browser: &Browser,
    prompt: &str,
    saved: usize,
) -> Vec<serde_json::Value> {
    browser
        .wait_for_count(&format!(".gallery-grid .tile img[alt='{prompt}']"), saved)
        .await;
    browser
        .client
        .execute("parent.postMessage({type: 'test:marker'}, '*')", vec![])
        .await
        .unwrap();
    browser.client.enter_parent_frame().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let m = browser
            .client
            .execute("return window.messages", vec![])
            .await
            .unwrap();
        let all = m.as_array().cloned().unwrap_or_default();
        if let Some(at) = all.iter().position(|m| m["data"]["type"] == "test:marker") {
            return all[..at].to_vec();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the marker never reached the portal: {all:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
