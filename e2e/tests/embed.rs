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

    // The locked gateway is not even shown; the key field is.
    let base_url_field = browser.wait_for("#base-url").await;
    assert!(
        !base_url_field.is_displayed().await.unwrap(),
        "locked base URL hidden"
    );
    assert!(browser
        .wait_for("#api-key")
        .await
        .is_displayed()
        .await
        .unwrap());

    browser.fill("#prompt", "a paper crane").await;
    browser.click("button[type=submit]").await;
    let images = browser.wait_for_count("figure.image-card img", 1).await;
    assert!(browser.natural_width(&images[0]).await > 0);
    browser.screenshot("embedded-compact").await;

    // The portal heard of it, from the app's origin, without the key.
    browser.client.enter_parent_frame().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let messages = loop {
        let m = browser
            .client
            .execute("return window.messages", vec![])
            .await
            .unwrap();
        if m.as_array().is_some_and(|a| !a.is_empty()) {
            break m;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no message reached the portal"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let message = &messages[0];
    assert_eq!(message["origin"], json!(format!("http://{}", servers.site)));
    assert_eq!(message["data"]["type"], json!("sinh-anh:image"));
    assert_eq!(message["data"]["prompt"], json!("a paper crane"));
    assert_eq!(message["data"]["fileName"], json!("a-paper-crane-1.png"));
    assert!(message["data"]["url"]
        .as_str()
        .unwrap_or_default()
        .starts_with("data:image/png;base64,"));
    assert!(
        !messages.to_string().contains(DEMO_KEY),
        "the key is never sent"
    );
    browser.close().await;
    let _ = std::fs::remove_dir_all(portal_dir);
}
