//! axe-core in every state of the page: empty, with results, after an
//! error, with the lightbox open, the gallery in select mode, editing
//! (references, a marked area, turns), in English and Vietnamese, light and
//! dark. Zero violations.

use e2e::{Browser, Servers};
use serde_json::json;

async fn clean(browser: &Browser, state: &str) {
    let found = browser.axe_violations().await;
    assert!(
        found.is_empty(),
        "{state}: {} violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

async fn dark(browser: &Browser, on: bool) {
    let scheme = if on { "dark" } else { "light" };
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )
        .await
        .expect("emulate the colour scheme");
    let query = format!("return matchMedia('(prefers-color-scheme: {scheme})').matches");
    let applied = browser
        .client
        .execute(&query, vec![])
        .await
        .expect("ask the page");
    assert_eq!(applied, true, "the page sees the {scheme} scheme");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_is_accessible_in_both_languages_and_themes() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    clean(&browser, "empty page").await;
    dark(&browser, true).await;
    clean(&browser, "empty page, dark").await;
    dark(&browser, false).await;

    // The prompt helper's suggestion, and its error.
    browser.fill("#prompt", "Một con mèo").await;
    browser.click("button.improve").await;
    browser.wait_for("#suggestion").await;
    clean(&browser, "a helper's suggestion").await;
    browser.click("button.discard-suggestion").await;
    browser.fill("#prompt", "Một con mèo FAKE_429").await;
    browser.click("button.translate").await;
    browser.wait_for(".helper-error").await;
    clean(&browser, "a helper's error").await;

    // An error.
    browser.fill("#prompt", "Một con mèo FAKE_400").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".error").await;
    clean(&browser, "after an error").await;

    // Results, with references, a turn, and the marker open. (A result
    // becomes the reference before refining: Edit this on the picture
    // being refined adds nothing.)
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    browser.wait_for("figure.image-card img").await;
    browser.click("figure.image-card .edit-this").await;
    browser.wait_for_count(".reference", 1).await;
    browser.click("#refine").await;
    browser.fill("#prompt", "Cho mèo đội mũ").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count(".turn", 1).await;
    browser.click(".reference .mark-area").await;
    browser.wait_for(".mark-canvas").await;
    clean(&browser, "results, references, a turn, marking").await;
    shot(&browser, "desktop-en-light").await;
    dark(&browser, true).await;
    clean(&browser, "results, references, a turn, marking, dark").await;
    shot(&browser, "desktop-en-dark").await;
    dark(&browser, false).await;

    // The lightbox.
    browser.click(".gallery-grid .tile button.thumb").await;
    browser.wait_for(".viewer").await;
    clean(&browser, "lightbox").await;
    browser.click(".viewer .close").await;

    // Select mode.
    browser.click(".gallery-tools .select-mode").await;
    browser.wait_for(".tile-check").await;
    clean(&browser, "gallery in select mode").await;

    // Vietnamese, light and dark; and the colours chosen over the system's.
    browser.choose(".language select", "vi").await;
    browser.wait_for("html[lang=vi]").await;
    clean(&browser, "Vietnamese").await;
    shot(&browser, "desktop-vi-light").await;
    dark(&browser, true).await;
    clean(&browser, "Vietnamese, dark").await;
    browser.choose("#theme", "light").await;
    browser.wait_for("html[data-theme=light]").await;
    clean(&browser, "Vietnamese, light chosen on a dark system").await;
    dark(&browser, false).await;
    browser.choose("#theme", "dark").await;
    browser.wait_for("html[data-theme=dark]").await;
    clean(&browser, "Vietnamese, dark chosen on a light system").await;
    shot(&browser, "desktop-vi-dark").await;
    browser.close().await;
}

/// A screenshot of the top of the page, as a person opening it sees it
/// (clicks scroll what they press to the middle).
async fn shot(browser: &Browser, name: &str) {
    browser
        .client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .expect("scroll to the top");
    browser.screenshot(name).await;
}
