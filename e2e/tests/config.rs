//! Deploy-time `config.json`: a broken file is named in a banner and the app
//! runs on its defaults; an HTML page in its place (a host's fallback) is
//! taken as "no file".

use e2e::{Browser, Servers};

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
