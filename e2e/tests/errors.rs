//! Every failure the mock gateway can produce, through the real page: each
//! ends in the right kind of message with the gateway's words where there are
//! some, the form kept, and the page usable for the next try.

use e2e::{Browser, Servers};
use fantoccini::Locator;
use serde_json::json;
use std::time::{Duration, Instant};

/// Waits until the error shown is of `kind` and says `words` (opening its
/// details where the gateway's words are folded away); returns its text.
/// Waiting for the words, not just the kind, keeps a previous error of the
/// same kind from being read by mistake.
async fn error_saying(browser: &Browser, kind: &str, words: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(error) = browser
            .client
            .find(Locator::Css(".error[role=alert]"))
            .await
        {
            if error.attr("data-kind").await.ok().flatten().as_deref() == Some(kind) {
                let text = error.text().await.unwrap_or_default();
                if text.contains(words) {
                    return text;
                }
                if let Ok(summary) = error
                    .find(Locator::Css("details:not([open]) summary"))
                    .await
                {
                    let _ = summary.click().await;
                }
            }
        }
        if Instant::now() >= deadline {
            let shown = browser
                .client
                .execute("return document.querySelector('.status').innerText", vec![])
                .await
                .unwrap_or_default();
            panic!("no {kind} error saying “{words}” appeared; the status says {shown}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the first image's `src` starts with `prefix` (the previous
/// answer's picture stays until the next one replaces it).
async fn image_from(browser: &Browser, prefix: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let images = browser.wait_for_count("figure.image-card img", 1).await;
        let src = images[0].attr("src").await.unwrap().unwrap_or_default();
        if src.starts_with(prefix) {
            return images[0].clone();
        }
        let start: String = src.chars().take(60).collect();
        assert!(Instant::now() < deadline, "src is still {start}…");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failure_has_its_own_message_and_nothing_is_lost() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    // (prompt, model, expected kind, words that must be shown)
    let cases = [
        (
            "fox FAKE_400",
            "imagen-4",
            "BadRequest",
            "Request contains an invalid argument",
        ),
        (
            "fox FAKE_401",
            "imagen-4",
            "Unauthorized",
            "Invalid proxy server token passed",
        ),
        ("fox FAKE_429", "imagen-4", "RateLimited", "Quota exceeded"),
        (
            "fox FAKE_500",
            "imagen-4",
            "Upstream",
            "Internal error encountered",
        ),
        ("fox FAKE_503", "imagen-4", "Upstream", "overloaded"),
        (
            "fox FAKE_BLOCK",
            "imagen-4",
            "Blocked",
            "no image (data: [])",
        ),
        (
            "fox",
            "imagen-4-block",
            "Blocked",
            "does not contain 'predictions'",
        ),
        (
            "fox",
            "openai-image-block",
            "Blocked",
            "rejected as a result of our safety system",
        ),
        (
            "fox",
            "imagen-9",
            "UnknownModel",
            "Invalid model name passed in model=imagen-9",
        ),
        ("fox FAKE_HTML", "imagen-4", "NotJson", "502 Bad Gateway"),
        (
            "fox FAKE_TRUNCATED",
            "imagen-4",
            "Truncated",
            "The answer was cut off",
        ),
        (
            "fox FAKE_EMPTY_ITEM",
            "imagen-4",
            "Empty",
            "No image came back",
        ),
        (
            "fox FAKE_UNSAFE_URL",
            "imagen-4",
            "UnknownShape",
            "refused “javascript:” address",
        ),
        (
            "fox FAKE_BAD_B64",
            "imagen-4",
            "UnknownShape",
            "not valid base64",
        ),
    ];
    for (prompt, model, kind, words) in cases {
        browser.fill("#prompt", prompt).await;
        browser.fill("#model", model).await;
        browser.click("button[type=submit]").await;
        let text = error_saying(&browser, kind, words).await;
        // "The gateway said" only before the gateway's words, never before
        // a note of ours (in English, whatever the page's language).
        let ours = [
            "fox FAKE_BLOCK",
            "fox FAKE_TRUNCATED",
            "fox FAKE_EMPTY_ITEM",
            "fox FAKE_UNSAFE_URL",
            "fox FAKE_BAD_B64",
        ]
        .contains(&prompt);
        let said = browser
            .client
            .find_all(Locator::Css(".error .error-summary"))
            .await
            .unwrap();
        assert_eq!(said.len(), usize::from(!ours), "{prompt}: {text}");
        assert!(
            !text.contains(e2e::DEMO_KEY),
            "the key never appears in an error"
        );
        assert_eq!(
            browser.value_of("#prompt").await,
            prompt,
            "the prompt is kept"
        );
        assert_eq!(
            browser.value_of("#model").await,
            model,
            "the settings are kept"
        );
        let submit = browser.wait_for("button[type=submit]").await;
        let disabled = submit.prop("disabled").await.unwrap();
        assert_eq!(disabled.as_deref(), Some("false"), "{prompt}: usable again");
    }

    // Fewer images than asked for: the one that came is shown, the gap is said.
    browser.fill("#prompt", "fox FAKE_FEWER").await;
    browser.fill("#model", "imagen-4").await;
    let count = browser.wait_for("#count").await;
    count.select_by_value("2").await.unwrap();
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let warning = browser
        .wait_for(".status .warning")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(warning, "Only 1 of 2 images came back.");

    // `url` answers render from the gateway's address.
    browser.fill("#prompt", "fox").await;
    browser.fill("#model", "openai-image-url").await;
    let count = browser.wait_for("#count").await;
    count.select_by_value("1").await.unwrap();
    browser.click("button[type=submit]").await;
    let image = image_from(&browser, &format!("http://{}/files/", servers.gateway)).await;
    assert_eq!(browser.natural_width(&image).await, 1024);
    let revised = browser.wait_for(".revised").await.text().await.unwrap();
    assert!(revised.contains("fox (revised, mock)"), "{revised}");

    // A wrong path, then an address where nothing listens.
    browser.fill("#model", "imagen-4").await;
    let wrong_path = format!("http://{}/nothing/here", servers.gateway);
    browser.fill("#base-url", &wrong_path).await;
    browser.click("button[type=submit]").await;
    error_saying(&browser, "WrongEndpoint", "Nothing answers at this address").await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap();
    browser
        .fill("#base-url", &format!("http://{closed}/v1"))
        .await;
    browser.click("button[type=submit]").await;
    // The advice names CORS, the usual cause when the address is right.
    error_saying(&browser, "Network", "CORS").await;
    browser.screenshot("network-error").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_chat_failure_has_its_own_message() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;

    // (prompt, model, expected kind, words that must be shown)
    let cases = [
        (
            "fox FAKE_BLOCK",
            "gemini-2.5-flash-image-preview",
            "Blocked",
            "content_filter",
        ),
        (
            "fox FAKE_TEXTONLY",
            "gemini-2.5-flash-image-preview",
            "Empty",
            "I can't create that image",
        ),
        // Not right after the other block: the same words would match the old message.
        ("fox", "gemini-image-imgsafety", "Blocked", "content_filter"),
        ("fox", "gemini-image-fail-429", "RateLimited", "429"),
        ("fox", "gemini-image-fail-500", "Upstream", "500"),
        (
            "fox FAKE_UNSAFE_URL",
            "gemini-2.5-flash-image-preview",
            "UnknownShape",
            "refused type “text/html”",
        ),
        (
            "fox FAKE_BAD_B64",
            "gemini-2.5-flash-image-preview",
            "UnknownShape",
            "not valid base64",
        ),
        (
            "fox FAKE_TRUNCATED",
            "gemini-2.5-flash-image-preview",
            "Truncated",
            "The answer was cut off",
        ),
        // A standard-only model asked through chat: the gateway's 400, in its words.
        (
            "fox",
            "imagen-4",
            "BadRequest",
            "only supports /images/generations",
        ),
    ];
    for (prompt, model, kind, words) in cases {
        browser.fill("#prompt", prompt).await;
        browser.fill("#model", model).await;
        browser.click("button[type=submit]").await;
        error_saying(&browser, kind, words).await;
        assert_eq!(browser.value_of("#prompt").await, prompt);
        assert_eq!(browser.value_of("#model").await, model);
        assert_eq!(browser.value_of("#method").await, "chat");
    }
    browser.screenshot("chat-error").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_is_said_as_offline_and_try_again_works_once_back() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    let offline = |on: bool| json!({"offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    // DevTools' own switch (which also makes `navigator.onLine` false);
    // it takes hold once the Network domain is on.
    browser.cdp("Network.enable", json!({})).await.unwrap();
    browser
        .cdp("Network.emulateNetworkConditions", offline(true))
        .await
        .unwrap();
    servers.journal.clear();
    browser.fill("#prompt", "fox on a train").await;
    browser.click("button[type=submit]").await;
    // Said as no connection, not as the gateway or CORS.
    let text = error_saying(&browser, "Offline", "No internet connection").await;
    assert!(!text.contains("CORS"), "{text}");
    assert!(
        servers.journal.to("/images/generations").is_empty(),
        "nothing reached the gateway"
    );
    assert_eq!(browser.value_of("#prompt").await, "fox on a train");

    // Back online: Try again makes the image.
    browser
        .cdp("Network.emulateNetworkConditions", offline(false))
        .await
        .unwrap();
    browser.click(".error button.retry").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    assert_eq!(servers.journal.to("/images/generations").len(), 1);
    browser.close().await;
}
