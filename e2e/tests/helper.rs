//! The prompt helper against the mock's text model: a suggestion is shown
//! beside the prompt and changes it only on "Use it" (edited first);
//! Discard keeps the prompt; Cancel aborts (the mock sees the hang-up);
//! a gateway error is said as generation says it. The mock's journal shows
//! what was sent: the text model, a system and a user message, no
//! modalities. A key refused to the helper unfolds the gateway settings;
//! before config.json has settled, the helper waits (disabled); another
//! gateway committed cancels a request to the old one.

use e2e::{Browser, Servers};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_changes_the_prompt_only_when_used() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    let idea = "một ngôi nhà nhỏ bên bờ sông lúc bình minh";
    browser.fill("#prompt", idea).await;

    // Improve: shown beside the prompt, the prompt untouched.
    browser.click("button.improve").await;
    browser.wait_for("#suggestion").await;
    assert_eq!(
        browser.value_of("#suggestion").await,
        format!("(fake rewrite) A detailed English image prompt: {idea}")
    );
    assert_eq!(browser.value_of("#prompt").await, idea, "not applied");
    let sent = servers.ended_requests("/chat/completions", 1).await;
    assert_eq!(sent[0].model.as_deref(), Some("gemini-2.5-flash"));
    assert!(!sent[0].body.contains("modalities"), "{}", sent[0].body);
    let roles: Vec<&str> = sent[0].messages.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(roles, ["system", "user"]);
    assert!(sent[0].messages[0]
        .1
        .starts_with("Rewrite the user's image idea"));
    assert_eq!(sent[0].messages[1].1, idea);

    // Discard: gone, the prompt as it was.
    browser.click("button.discard-suggestion").await;
    browser.wait_for_count("#suggestion", 0).await;
    browser.focus_comes_to("prompt").await;
    assert_eq!(browser.value_of("#prompt").await, idea);

    // Translate, edit the suggestion, Use it: the prompt is the edited text.
    browser.click("button.translate").await;
    browser.wait_for("#suggestion").await;
    // Translate was disabled while it waited: focus is on the suggestion.
    browser.focus_comes_to("suggestion").await;
    assert_eq!(
        browser.value_of("#suggestion").await,
        format!("(fake translation) {idea}")
    );
    let sent = servers.ended_requests("/chat/completions", 2).await;
    assert!(sent[1].messages[0]
        .1
        .starts_with("Translate the user's image prompt"));
    browser
        .fill("#suggestion", "A small house by the river at dawn")
        .await;
    let focused = browser
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused, "suggestion",
        "typing in the suggestion keeps it focused"
    );
    browser.click("button.use-suggestion").await;
    browser.wait_for_count("#suggestion", 0).await;
    browser.focus_comes_to("prompt").await;
    assert_eq!(
        browser.value_of("#prompt").await,
        "A small house by the river at dawn"
    );

    // Gone on to the prompt while the helper waits: focus stays there when
    // the suggestion comes.
    browser
        .fill("#prompt", "chờ một chút FAKE_DELAY_1500")
        .await;
    browser.click("button.improve").await;
    browser.click("#prompt").await;
    browser.wait_for("#suggestion").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.focus_comes_to("prompt").await;
    browser.click("button.discard-suggestion").await;
    browser.wait_for_count("#suggestion", 0).await;

    // Cancel while waiting: aborted, said, the prompt kept.
    let slow = "chậm FAKE_DELAY_20000";
    browser.fill("#prompt", slow).await;
    browser.click("button.improve").await;
    // Improve is disabled while it waits: focus is on Cancel meanwhile.
    browser.focus_comes_to("cancel-helper").await;
    browser.click("button.cancel-helper").await;
    let error = browser.wait_for(".helper-error").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    // Cancel went with the wait: focus is back on the button pressed.
    browser.focus_comes_to("improve").await;
    let sent = servers.ended_requests("/chat/completions", 4).await;
    assert!(sent[3].hung_up(), "{sent:?}");
    assert_eq!(browser.value_of("#prompt").await, slow);
    // Esc cancels the wait too.
    browser.click("button.translate").await;
    // Pressed where focus is once it has come to Cancel (before, it is on
    // Translate, disabled, which takes no keys).
    browser.focus_comes_to("cancel-helper").await;
    browser.press(&Key::Escape.to_string()).await;
    let sent = servers.ended_requests("/chat/completions", 5).await;
    assert!(sent[4].hung_up(), "Esc aborted it: {sent:?}");
    browser.wait_for_count("button.cancel-helper", 0).await;
    let error = browser.wait_for(".helper-error[data-kind=Cancelled]").await;
    // Said in the page's words only: not with our own English note for
    // the logs ("cancelled").
    browser
        .wait_for_count(".helper-error .helper-detail", 0)
        .await;
    let said = error.text().await.unwrap();
    assert!(!said.contains("cancelled"), "{said}");
    // Nothing is to be generated again: it says the prompt is as it was
    // (it said the run's "…and generate again").
    assert_eq!(said, "Cancelled The prompt is as it was.");

    // A gateway error, in the same words as generation's, an older
    // suggestion still shown: it stays, and focus goes back to the button
    // pressed, not to that suggestion.
    browser.fill("#prompt", "một con mèo").await;
    browser.click("button.improve").await;
    browser.wait_for("#suggestion").await;
    browser.fill("#prompt", "bận FAKE_429").await;
    browser.click("button.translate").await;
    browser
        .wait_for(".helper-error[data-kind=RateLimited]")
        .await;
    browser.focus_comes_to("translate").await;
    let text = browser
        .wait_for(".helper-error .helper-detail")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("429") || text.to_lowercase().contains("too many"),
        "the gateway's own words, as they came: {text}"
    );
    assert_eq!(
        browser.value_of("#suggestion").await,
        "(fake rewrite) A detailed English image prompt: một con mèo",
        "the older suggestion is kept"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_the_gateway_refuses_to_the_helper_unfolds_the_gateway_settings() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.wait_for("details.gateway-fold:not([open])").await;

    // A key the mock does not know, committed (Tab); the model list is
    // refused with it.
    let refused = "sk-revoked-by-the-gateway-1234";
    browser.fill("#api-key", refused).await;
    browser
        .wait_for("#api-key")
        .await
        .send_keys(&Key::Tab.to_string())
        .await
        .expect("Tab");
    let asked = servers.ended_requests("/models", 2).await;
    assert_eq!(asked[1].status, Some(401), "{asked:?}");

    // Folded again by the person; Improve is refused for the key, and the
    // settings open for it.
    browser.click("details.gateway-fold > summary").await;
    browser.wait_for("details.gateway-fold:not([open])").await;
    browser.fill("#prompt", "một con mèo").await;
    browser.click("button.improve").await;
    browser.wait_for(".helper-error").await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    assert_eq!(sent[0].status, Some(401), "{sent:?}");
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {refused}").as_str())
    );
    browser.wait_for("details.gateway-fold[open]").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn before_config_json_the_helper_waits_and_an_opened_gateway_stays_open() {
    // config.json takes 6 s: until then the gateway is not known.
    let servers = Servers::with_slow_mock_config(Duration::from_secs(6)).await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "một con mèo").await;
    let translate = browser.wait_for("button.translate").await;
    let improve = browser.wait_for("button.improve").await;
    assert!(!translate.is_enabled().await.unwrap(), "Translate waits");
    assert!(!improve.is_enabled().await.unwrap(), "Improve waits");
    // The person folds the gateway settings (open: no key yet) and opens
    // them again, to type in them.
    browser.click("details.gateway-fold > summary").await;
    browser.wait_for("details.gateway-fold:not([open])").await;
    browser.click("details.gateway-fold > summary").await;
    browser.wait_for("details.gateway-fold[open]").await;
    // All of that before the file came: the checks above were made then.
    assert_eq!(
        browser
            .client
            .find_all(Locator::Css("html[data-config]"))
            .await
            .unwrap()
            .len(),
        0,
        "config.json not read yet"
    );

    // Known (with its demo key: enough to fold), the settings the person
    // opened stay open; Improve asks, and the suggestion comes.
    browser.wait_for("html[data-config=settled]").await;
    browser.wait_for("button.improve:not([disabled])").await;
    assert!(
        browser.displayed("#api-key").await,
        "not folded under the person"
    );
    browser.click("button.improve").await;
    browser.wait_for("#suggestion").await;
    servers.ended_requests("/chat/completions", 1).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_gateway_cancels_the_helper_request_to_the_old_one() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#prompt", "chậm FAKE_DELAY_20000").await;
    browser.click("button.improve").await;
    browser.wait_for("button.cancel-helper").await;

    // Another address committed while the helper waits: its answer would
    // come from a gateway no longer in the form.
    let other = format!("http://{}/other/v1", servers.gateway);
    browser.fill("#base-url", &other).await;
    browser
        .wait_for("#base-url")
        .await
        .send_keys(&Key::Tab.to_string())
        .await
        .expect("Tab");
    let error = browser.wait_for(".helper-error").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    let sent = servers.ended_requests("/v1/chat/completions", 1).await;
    assert!(sent[0].hung_up(), "the mock saw it hang up: {sent:?}");
    browser.close().await;
}
