//! The chat method in the browser: N parallel requests, each image in its
//! own place the moment its answer arrives, each failure on its own.

use e2e::{png_size, Browser, Servers};
use fantoccini::Locator;

/// Records, in the page, when each `<img>` of a result appears (ms after
/// the submit click), so timing is measured without WebDriver's overhead.
const WATCH_ARRIVALS: &str = r#"
    window.__arrivals = [];
    const seen = () => document.querySelectorAll('figure.image-card img').length;
    new MutationObserver(() => {
        while (window.__arrivals.length < seen()) {
            window.__arrivals.push(performance.now() - window.__clicked);
        }
    }).observe(document.body, { subtree: true, childList: true });
    window.__clicked = performance.now();
    document.querySelector('button[type=submit]').click();
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_chat_images_arrive_in_parallel() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    browser.choose("#method", "chat").await;
    assert_eq!(
        browser.value_of("#model").await,
        "gemini-2.5-flash-image-preview",
        "each method keeps its own model"
    );
    browser.choose("#count", "4").await;
    browser.choose("#aspect", "16:9").await;
    browser
        .fill("#prompt", "Ngọn hải đăng lúc bình minh FAKE_DELAY_1000")
        .await;
    browser
        .client
        .execute(WATCH_ARRIVALS, vec![])
        .await
        .unwrap();

    // Four places wait, shaped 16:9, before anything arrives.
    browser.wait_for_count("figure.placeholder", 4).await;
    let images = browser.wait_for_count("figure.image-card img", 4).await;
    // The mock saw four requests, all four in flight at once.
    let sent = servers.ended_requests("/chat/completions", 4).await;
    assert!(sent.iter().all(|r| r.status == Some(200)), "{sent:?}");
    assert_eq!(servers.journal.most_at_once("/chat/completions"), 4);
    let arrivals: Vec<f64> = browser
        .client
        .execute("return window.__arrivals", vec![])
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    assert_eq!(arrivals.len(), 4, "{arrivals:?}");
    // Each answer takes 1 s: one after another would be 4 s or more.
    assert!(
        arrivals[0] >= 1000.0,
        "the mock's delay holds: {arrivals:?}"
    );
    assert!(
        arrivals[3] < 3000.0,
        "4 images in about the time of 1: {arrivals:?}"
    );

    let mut sources = Vec::new();
    for image in &images {
        let src = image.attr("src").await.unwrap().unwrap_or_default();
        assert_eq!(png_size(&src), (1024, 576), "imageConfig 16:9 was sent");
        assert_eq!(browser.natural_width(image).await, 1024);
        sources.push(src);
    }
    sources.sort();
    sources.dedup();
    assert_eq!(sources.len(), 4, "four different pictures");

    // Numbered 1..4 across the four answers, so downloads don't clash.
    let mut names = Vec::new();
    for link in browser
        .client
        .find_all(Locator::Css("figure.image-card a[download]"))
        .await
        .unwrap()
    {
        names.push(link.attr("download").await.unwrap().unwrap_or_default());
    }
    names.sort();
    assert_eq!(
        names,
        (1..=4)
            .map(|i| format!("ngon-hai-dang-luc-binh-minh-fake-delay-1000-{i}.png"))
            .collect::<Vec<_>>()
    );
    // The model's words are shown beside its images.
    let replies = browser
        .wait_for_count("figure.image-card .reply blockquote", 4)
        .await;
    let reply = replies[0].text().await.unwrap();
    assert!(reply.starts_with("Here is your image of"), "{reply}");

    let status = browser.text_of("[role=status] .done").await;
    assert!(status.starts_with("4 images in"), "{status}");
    assert!(browser
        .client
        .find_all(Locator::Css("figure.placeholder"))
        .await
        .unwrap()
        .is_empty());
    browser.screenshot("chat-four-parallel").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_chat_image_fails_alone_and_can_be_retried() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;
    browser.choose("#count", "4").await;
    // Each request its own random suffix: the retried one can be told apart.
    browser.choose("#freshness", "random-suffix").await;
    // Every second request to the mock fails with 500.
    browser.fill("#prompt", "a lighthouse FAKE_FLAKY").await;
    browser.click("button[type=submit]").await;

    browser.wait_for_count("figure.image-card img", 2).await;
    let errors = browser
        .wait_for_count("figure.slot-error:not([hidden])", 2)
        .await;
    for error in &errors {
        assert_eq!(
            error.attr("data-kind").await.unwrap().as_deref(),
            Some("Upstream")
        );
        let text = error.text().await.unwrap();
        assert!(
            text.contains("The gateway or the provider failed"),
            "{text}"
        );
    }
    let status = browser.text_of("[role=status] .done").await;
    assert!(status.starts_with("2 images in"), "{status}");
    let status = browser.text_of("div.status[role=status]").await;
    assert!(status.contains("2 of 4 requests failed"), "{status}");
    browser.screenshot("chat-partly-failed").await;

    // Retrying one image sends that request alone; the other images stay.
    servers.ended_requests("/chat/completions", 4).await;
    let kept = browser.wait_for_count("figure.image-card img", 2).await;
    errors[0]
        .find(Locator::Css("button.retry"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_count("figure.image-card img", 3).await;
    browser
        .wait_for_count("figure.slot-error:not([hidden])", 1)
        .await;
    let status = browser.text_of("[role=status] .done").await;
    assert!(status.starts_with("3 images"), "{status}");
    let sent = servers.ended_requests("/chat/completions", 5).await;
    let (failed, answered): (Vec<_>, Vec<_>) =
        sent[..4].iter().partition(|r| r.status == Some(500));
    assert_eq!(failed.len(), 2, "{sent:?}");
    assert!(
        failed.iter().any(|r| r.prompt == sent[4].prompt)
            && answered.iter().all(|r| r.prompt != sent[4].prompt),
        "a failed request again, as it was: {sent:?}"
    );
    // The two images that came first are the same elements, untouched.
    for image in &kept {
        assert_eq!(browser.natural_width(image).await, 1024);
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_every_chat_request() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;
    browser.choose("#count", "3").await;
    browser.fill("#prompt", "a fox FAKE_DELAY_20000").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.placeholder", 3).await;
    browser.click("button.cancel").await;

    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("Cancelled")
    );
    // All three stopped: no placeholder waits, no per-image error repeats it.
    browser.wait_for_count("figure.placeholder", 0).await;
    browser
        .wait_for_count("figure.slot-error:not([hidden])", 0)
        .await;
    assert_eq!(
        browser
            .wait_for_count("figure.slot-error[hidden]", 3)
            .await
            .len(),
        3
    );
    assert_eq!(browser.value_of("#prompt").await, "a fox FAKE_DELAY_20000");
    assert_eq!(browser.value_of("#method").await, "chat");
    assert_eq!(browser.value_of("#count").await, "3");
    // The mock saw all three requests hang up: really aborted, not just
    // said to be.
    let sent = servers.ended_requests("/chat/completions", 3).await;
    assert!(sent.iter().all(|r| r.hung_up()), "{sent:?}");
    browser.close().await;
}
