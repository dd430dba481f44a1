//! The studio's keys and colours: Ctrl+Enter generates with the keyboard
//! alone and Esc cancels (the mock sees the request hang up); the colours
//! chosen apply and are remembered.

use e2e::{Browser, Servers};
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_enter_generates_and_esc_cancels() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;

    // From the prompt (Enter alone there is a new line) and from a select
    // (where Enter alone does nothing): anywhere in the form.
    browser.fill("#prompt", "Một con mèo").await;
    let aspect = browser.wait_for("#aspect").await;
    aspect
        .send_keys(&format!("{}{}", Key::Control, Key::Enter))
        .await
        .expect("Ctrl+Enter");
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(sent[0].prompt.as_deref(), Some("Một con mèo"));

    // Esc, with focus in the prompt, cancels a slow run.
    browser
        .fill("#prompt", "Một con mèo FAKE_DELAY_20000")
        .await;
    let prompt = browser.wait_for("#prompt").await;
    prompt
        .send_keys(&format!("{}{}", Key::Control, Key::Enter))
        .await
        .expect("Ctrl+Enter");
    browser.wait_for("button.cancel").await;
    prompt
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Esc");
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    let sent = servers.ended_requests("/images/generations", 2).await;
    assert!(sent[1].hung_up(), "really aborted: {sent:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_colours_chosen_apply_and_are_remembered() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    let background = r#"return getComputedStyle(document.documentElement).backgroundColor"#;
    let light = browser.client.execute(background, vec![]).await.unwrap();
    assert_eq!(light, "rgb(247, 247, 245)", "the system's (light) at first");

    browser.choose("#theme", "dark").await;
    browser.wait_for("html[data-theme=dark]").await;
    let dark = browser.client.execute(background, vec![]).await.unwrap();
    assert_eq!(dark, "rgb(21, 23, 26)");

    browser.client.refresh().await.unwrap();
    browser.wait_for("html[data-theme=dark]").await;
    assert_eq!(browser.value_of("#theme").await, "dark", "remembered");
    let dark = browser.client.execute(background, vec![]).await.unwrap();
    assert_eq!(dark, "rgb(21, 23, 26)");

    browser.choose("#theme", "auto").await;
    browser.wait_for_count("html[data-theme]", 0).await;
    let back = browser.client.execute(background, vec![]).await.unwrap();
    assert_eq!(back, "rgb(247, 247, 245)");
    browser.close().await;
}
