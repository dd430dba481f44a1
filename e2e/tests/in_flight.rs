//! While a request is in flight: elapsed time, Cancel that aborts it, the
//! timeout, and Retry — the form kept throughout.

use e2e::{Browser, Servers, DEMO_KEY};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_aborts_and_retry_sends_again() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a red fox FAKE_DELAY_20000").await;
    browser.click("button[type=submit]").await;

    // Elapsed time shows while waiting.
    let progress = browser.wait_for(".progress").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    // The visible line; a static "Generating…" is there for screen readers.
    let text = progress.text().await.unwrap();
    let shown = text.lines().last().unwrap_or_default();
    assert!(
        shown.starts_with("Generating… ") && shown.ends_with(" s"),
        "{text}"
    );
    // The Generate button, which a phone keeps in view, counts too (the
    // status may be below the form there); heard as "Generating…" alone.
    let button = browser.wait_for("button[type=submit]").await;
    // (The visible line: the words for screen readers come first.)
    let visible = |text: String| text.lines().last().unwrap_or_default().to_string();
    let first = visible(button.text().await.unwrap());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let later = loop {
        let now = visible(button.text().await.unwrap());
        if now != first {
            break now;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the count never moved on from {first}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    for said in [&first, &later] {
        assert!(
            said.starts_with("Generating… ") && said.ends_with(" s"),
            "{said}"
        );
    }
    let heard = browser
        .js_on(
            &button,
            "return arguments[0].querySelector('[aria-hidden=true]') !== null",
        )
        .await;
    assert_eq!(
        heard,
        serde_json::json!(true),
        "the ticking is not read out"
    );
    let submit_disabled = browser
        .wait_for("button[type=submit]")
        .await
        .prop("disabled")
        .await
        .unwrap();
    assert_eq!(
        submit_disabled.as_deref(),
        Some("true"),
        "one request at a time"
    );

    browser.click("button.cancel").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    assert_eq!(
        browser.value_of("#prompt").await,
        "a red fox FAKE_DELAY_20000"
    );
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("button.cancel"))
            .await
            .is_err(),
        "Cancel goes away"
    );
    // The mock saw the request hang up: really aborted.
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert!(sent[0].hung_up(), "{sent:?}");

    // Retry sends the form as it is now.
    browser.fill("#prompt", "a red fox").await;
    browser.click("button.retry").await;
    let images = browser.wait_for_count("figure.image-card img", 1).await;
    assert_eq!(browser.natural_width(&images[0]).await, 1024);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_gateway_committed_mid_run_cancels_the_run() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a red fox FAKE_DELAY_20000").await;
    browser.click("button[type=submit]").await;
    browser.wait_for("button.cancel").await;
    // The request has reached the mock before the address changes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while servers.journal.to("/images/generations").is_empty() {
        assert!(std::time::Instant::now() < deadline, "never sent");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Typing alone changes nothing; committing the field (leaving it) does.
    browser.fill("#base-url", "http://127.0.0.1:9/v1").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("button.cancel"))
            .await
            .is_ok(),
        "still waiting while the address is typed"
    );
    browser.click("#prompt").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    // The old gateway saw its request hung up, not waited out.
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert!(sent[0].hung_up(), "{sent:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_gateway_times_out_with_a_clear_message() {
    let servers = Servers::start(
        Some(json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY, "timeoutSeconds": 5})),
        "/",
    )
    .await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a red fox FAKE_DELAY_15000").await;
    browser.click("button[type=submit]").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Timeout")
    );
    assert!(error
        .text()
        .await
        .unwrap()
        .contains("The gateway took too long"));
    assert_eq!(
        browser.value_of("#prompt").await,
        "a red fox FAKE_DELAY_15000"
    );
    // The page gave up on the request: the mock saw it hang up.
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert!(sent[0].hung_up(), "{sent:?}");
    browser.screenshot("timeout").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_left_while_a_run_waits_says_so_when_it_comes_back() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a red fox FAKE_DELAY_20000").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".progress").await;
    // Reloaded mid-run (as a phone does to a tab it dropped): the request
    // went unanswered (the mock saw it hang up).
    browser.client.refresh().await.unwrap();
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert!(sent[0].hung_up(), "{sent:?}");
    let said = browser.wait_for(".status .interrupted").await;
    browser
        .wait_for_text(&said, "The page was left while a run was waiting")
        .await;
    assert_eq!(
        browser.value_of("#prompt").await,
        "a red fox FAKE_DELAY_20000",
        "the prompt is kept"
    );
    // Said once: a run takes its place, and a reload after it finished
    // says nothing.
    browser.fill("#prompt", "a red fox").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    browser.wait_for_count(".status .interrupted", 0).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("html[data-config=settled]").await;
    let hint = browser.wait_for(".status .hint").await;
    browser
        .wait_for_text(&hint, "Your images will appear here.")
        .await;
    assert_eq!(
        browser
            .wait_for_count(".status .interrupted", 0)
            .await
            .len(),
        0
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_left_mid_run_asks_for_a_key_that_was_not_remembered() {
    // A plain site: the key typed, not remembered (so a reload forgets it).
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#base-url", &servers.gateway_url()).await;
    browser.fill("#api-key", DEMO_KEY).await;
    browser.fill("#prompt", "a red fox FAKE_DELAY_20000").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".progress").await;
    browser.client.refresh().await.unwrap();
    let said = browser.wait_for(".status .interrupted").await;
    browser
        .wait_for_text(&said, "type your API key again (it was not remembered)")
        .await;
    // Typed again: the words no longer ask for it.
    browser.fill("#api-key", DEMO_KEY).await;
    browser
        .wait_for_text(&said, "Generate sends it again")
        .await;
    assert!(!said.text().await.unwrap().contains("API key"));
    browser.close().await;
}
