//! Deploy-time `config.json`: a broken file is named in a banner and the app
//! runs on its defaults; an HTML page in its place (a host's fallback) is
//! taken as "no file"; a file slow to come is said, and Generate waits for it;
//! the file is fetched once, beside the wasm.

use e2e::{Browser, Servers, DEMO_KEY};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_config_is_named_and_an_html_fallback_is_ignored() {
    let browser = Browser::start().await;

    let broken = Servers::start_raw(Some(r#"{"baseUrl":"{gateway}","count":9}"#.into()), "/").await;
    browser.open(&broken.app_url()).await;
    let banner = browser
        .wait_for(".banner[role=alert]")
        .await
        .text()
        .await
        .unwrap();
    assert!(banner.contains("config.json could not be used"), "{banner}");
    assert!(
        banner.contains("“count” must be a whole number from 1 to 4"),
        "{banner}"
    );
    // Defaults, not half of the broken file.
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1"
    );
    assert_eq!(browser.value_of("#count").await, "1");
    browser.screenshot("config-broken").await;

    let fallback = Servers::start_raw(
        Some("<!doctype html><html><body>index</body></html>".into()),
        "/",
    )
    .await;
    browser.open(&fallback.app_url()).await;
    // The app marks the page once the config fetch has settled, whatever
    // came back: after that, a banner would already be there.
    browser.wait_for("html[data-config=settled]").await;
    let banners = browser
        .client
        .find_all(fantoccini::Locator::Css(".banner"))
        .await
        .unwrap();
    assert!(
        banners.is_empty(),
        "an HTML fallback is not a broken config"
    );
    // The defaults, and a form that works.
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1"
    );
    assert_eq!(browser.value_of("#method").await, "standard");
    assert_eq!(browser.value_of("#count").await, "1");
    assert_eq!(
        browser.value_of("#aspect").await,
        "",
        "the model's own ratio"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_config_is_said_and_generate_waits_for_it() {
    // config.json takes 8 s; the page says why it waits after 3.
    let servers = Servers::with_slow_mock_config(Duration::from_secs(8)).await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "Một con mèo").await;
    browser.click("button[type=submit]").await;
    let said = browser.wait_for(".banner.config-slow").await;
    let said = browser
        .wait_for_text(&said, "Waiting for this site's settings")
        .await;
    assert!(
        said.contains("Generate and the prompt helper wait"),
        "{said}"
    );
    assert!(
        servers.journal.to("/images/generations").is_empty(),
        "nothing sent before the site's settings came"
    );
    // They come: the banner goes, and the Generate pressed meanwhile runs,
    // with the key the settings brought.
    browser.wait_for("html[data-config=settled]").await;
    browser.wait_for_count(".banner.config-slow", 0).await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(sent[0].prompt.as_deref(), Some("Một con mèo"));
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {DEMO_KEY}").as_str())
    );
    browser.close().await;
}

/// `config.json` is fetched beside the wasm (a preload in `index.html`),
/// and the app's own fetch takes that answer: one request, not two (a
/// preload the fetch does not match would be fetched again, and wasted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_json_is_fetched_once_beside_the_wasm() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    // The demo key came from it: the file was read.
    assert_eq!(browser.value_of("#api-key").await, DEMO_KEY);
    let requests = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(e => new URL(e.name).pathname.endsWith('/config.json'))
               .map(e => e.initiatorType);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        requests,
        serde_json::json!(["link"]),
        "config.json requests"
    );
    browser.close().await;
}
