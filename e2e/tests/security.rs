//! The page's Content-Security-Policy is in force and nothing the app does
//! trips it: no violation and no console error while generating.

use e2e::{Browser, Servers};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_holds_and_nothing_breaks_it() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    // The app mounting at all means the pinned loader hash matched.
    browser.open(&servers.app_url()).await;
    let csp = browser
        .client
        .execute(
            "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
            vec![],
        )
        .await
        .unwrap();
    let csp = csp.as_str().unwrap_or_default();
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "style-src 'self'",
        "img-src 'self' data: blob: https: http:",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("TRUNK-LOADER"), "the hash was pinned: {csp}");

    // Everything the app does: both methods, placeholders, model list, code.
    browser.choose("#count", "2").await;
    browser.choose("#aspect", "16:9").await;
    browser.fill("#prompt", "a lantern FAKE_DELAY_300").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.placeholder", 2).await;
    browser.wait_for_count("figure.image-card img", 2).await;
    browser.click("details.show-code summary").await;
    browser.choose("#method", "chat").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for_text(&browser.wait_for("[role=status] .done").await, "2 images")
        .await;
    let problems: Vec<_> = browser
        .browser_log()
        .await
        .into_iter()
        .filter(|(level, message)| {
            // Chrome's note on Trunk's wasm preload: it keeps the integrity
            // attribute for browsers that check it, Chrome does not yet.
            let known = message.contains("`integrity` attribute is currently ignored for preload");
            level == "SEVERE" || (level == "WARNING" && !known)
        })
        .collect();
    assert!(problems.is_empty(), "console: {problems:#?}");

    // And the policy bites: an inline handler injected now is refused.
    browser
        .client
        .execute(
            "document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,x\" onerror=\"window.__ran = 1\">')",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ran = browser
        .client
        .execute("return window.__ran === 1", vec![])
        .await
        .unwrap();
    assert_eq!(ran, serde_json::json!(false), "inline handlers are blocked");
    let log = browser.browser_log().await;
    assert!(
        log.iter()
            .any(|(_, m)| m.contains("Content Security Policy")),
        "the refusal is reported: {log:#?}"
    );
    browser.close().await;
}
