//! The standard method's options in the browser: aspect ratio as `size`,
//! the fresh-image option, the gateway's model list, and "Show code".

use e2e::{png_size, Browser, Servers, DEMO_KEY};
use fantoccini::Locator;

/// The `value`s of the model field's suggestions.
async fn suggestions(browser: &Browser) -> Vec<String> {
    let mut values = Vec::new();
    for option in browser
        .client
        .find_all(Locator::Css("#model-list option"))
        .await
        .unwrap()
    {
        values.push(option.attr("value").await.unwrap().unwrap_or_default());
    }
    values
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aspect_ratio_fresh_images_and_the_code_of_the_request() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    browser.choose("#aspect", "16:9").await;
    browser.choose("#freshness", "random-suffix").await;
    browser.fill("#prompt", "it's a fox").await;
    browser.click("button[type=submit]").await;

    let images = browser.wait_for_count("figure.image-card img", 1).await;
    let src = images[0].attr("src").await.unwrap().unwrap_or_default();
    assert_eq!(png_size(&src), (1792, 1024), "16:9 went as size 1792x1024");
    // The suffix is said, and the form keeps the prompt as typed.
    let fresh = browser.text_of("[role=status] .fresh").await;
    let sent = fresh
        .split('“')
        .nth(1)
        .and_then(|rest| rest.split('”').next())
        .unwrap_or_default()
        .to_string();
    let number = sent.strip_prefix("it's a fox ").unwrap_or_default();
    assert!(
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        "{fresh}"
    );
    assert_eq!(browser.value_of("#prompt").await, "it's a fox");

    // Show code: the exact request, the key masked.
    browser.click("details.show-code summary").await;
    let blocks = browser.wait_for_count(".code-block pre", 2).await;
    let curl = blocks[0].text().await.unwrap();
    let python = blocks[1].text().await.unwrap();
    for code in [&curl, &python] {
        assert!(!code.contains(DEMO_KEY), "the key never shows:\n{code}");
        assert!(code.contains("API_KEY"), "{code}");
    }
    assert!(
        curl.contains(&format!("'{}/images/generations'", servers.gateway_url())),
        "{curl}"
    );
    assert!(curl.contains(r#""size": "1792x1024""#), "{curl}");
    assert!(
        curl.contains(&format!(r#""prompt": "it'\''s a fox {number}""#)),
        "{curl}"
    );
    assert!(python.contains("client.images.generate("), "{python}");
    assert!(python.contains("size=\"1792x1024\""), "{python}");
    browser.screenshot("show-code").await;
    assert!(curl.contains("API_KEY='…'  # your key ("), "{curl}");
    // Copy puts the block as shown on the clipboard, and says so.
    browser.grant("clipboard-write").await;
    browser.grant("clipboard-read").await;
    browser.click(".code-block button.copy").await;
    let said = browser.wait_for(".code-block .copy-feedback").await;
    browser.wait_for_text(&said, "Copied").await;
    let pasted = browser
        .client
        .execute_async(
            "const [done] = arguments;
             navigator.clipboard.readText().then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    // (Its last newline aside: WebDriver's text trims it.)
    assert_eq!(
        pasted.as_str().map(str::trim_end),
        Some(curl.as_str()),
        "the curl block, pasted back"
    );
    // Its comments speak the page's language, and follow a switch.
    browser.choose(".language select", "vi").await;
    let block = browser.wait_for(".code-block pre").await;
    browser.wait_for_text(&block, "# khóa của bạn (").await;
    browser.choose(".language select", "en").await;
    browser.wait_for_text(&block, "# your key (").await;

    // The no-cache switch goes in the body instead, and says so.
    browser.choose("#freshness", "no-cache").await;
    browser.click("button[type=submit]").await;
    let fresh = browser.wait_for("[role=status] .fresh").await;
    browser.wait_for_text(&fresh, "no-cache").await;
    // Opened once, the code stays open for the next run, and shows it.
    let open = browser
        .wait_for("details.show-code")
        .await
        .prop("open")
        .await
        .unwrap();
    assert_eq!(open.as_deref(), Some("true"));
    let curl = browser.text_of(".code-block pre").await;
    assert!(curl.contains(r#""no-cache": true"#), "{curl}");
    assert!(curl.contains(r#""prompt": "it'\''s a fox","#), "{curl}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateways_models_are_offered_per_method() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    // The list arrives from GET /models once config.json gave a key.
    let hint = browser.wait_for("#model-hint").await;
    browser.wait_for_text(&hint, "suitable models").await;
    let standard = suggestions(&browser).await;
    assert!(standard.contains(&"imagen-4".to_string()), "{standard:?}");
    assert!(
        standard.contains(&"openai-image-url".to_string()),
        "{standard:?}"
    );
    assert!(
        !standard.iter().any(|m| m.starts_with("gemini")),
        "{standard:?}"
    );
    browser.choose("#method", "chat").await;
    let chat = suggestions(&browser).await;
    assert!(
        !chat.is_empty() && chat.iter().all(|m| m.starts_with("gemini")),
        "{chat:?}"
    );
    browser.choose("#method", "standard").await;

    // An unknown model: the error offers the gateway's models.
    browser.fill("#model", "imagen-5-does-not-exist").await;
    browser.fill("#prompt", "a fox").await;
    browser.click("button[type=submit]").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("UnknownModel")
    );
    let choices = browser
        .wait_for_count(".model-choices button", standard.len())
        .await;
    let mut picked = None;
    for choice in &choices {
        if choice.text().await.unwrap() == "imagen-4" {
            choice.click().await.unwrap();
            picked = Some(());
            // The choices follow the model field: these buttons are gone.
            break;
        }
    }
    assert!(picked.is_some(), "imagen-4 is offered");
    assert_eq!(browser.value_of("#model").await, "imagen-4");
    browser.click("button.retry").await;
    browser.wait_for_count("figure.image-card img", 1).await;

    // A key the gateway refuses: the list cannot be had, a name can still be typed.
    browser.fill("#api-key", "sk-wrong").await;
    browser.click("#prompt").await; // commits the key field (change event)
    let text = browser.wait_for_text(&hint, "could not be loaded").await;
    assert!(text.contains("The gateway refused the key"), "{text}");
    browser.close().await;
}
