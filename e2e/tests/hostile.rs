//! Hostile and careless input, through the real page against the mock:
//! keys no header can carry (typed, and stored before a reload), a stored
//! key and a portal's locked gateway, a gateway that answers with megabytes
//! of error, 100,000 models, two images per chat answer, images that only
//! start like a PNG, links to web pages and to servers that refuse CORS,
//! and a prompt too long to keep.

use e2e::{Browser, Servers, DEMO_KEY};
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Puts `value` in a field as a paste would (no key presses: `\n` would
/// submit the form, `\0` cannot be typed), and commits it.
async fn paste(browser: &Browser, css: &str, value: &str) {
    browser
        .client
        .execute(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(css), json!(value)],
        )
        .await
        .expect("paste into the field");
}

async fn js(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .expect("run JS")
}

/// Console errors that mean the wasm died.
async fn assert_alive(browser: &Browser, context: &str) {
    let dead: Vec<(String, String)> = browser
        .browser_log()
        .await
        .into_iter()
        .filter(|(_, message)| {
            ["panicked", "unreachable", "RefCell", "unwrap_throw"]
                .iter()
                .any(|word| message.contains(word))
        })
        .collect();
    assert!(dead.is_empty(), "{context}: {dead:?}");
}

/// Keys that no `Authorization` header can carry, and where the culprit is
/// (1-based, as typed). A line break cannot be typed or pasted into the
/// field (the browser drops it), only found in storage: it is the last.
const UNSENDABLE: [(&str, &str, usize); 5] = [
    ("NBSP inside", "sk-sinh\u{00A0}anh-demo", 8),
    ("Cyrillic letter", "sk-sinh-аnh-demo", 9),
    ("emoji", "sk-sinh-anh-demo🔑", 17),
    ("NUL inside", "sk-sinh\0anh-demo", 8),
    ("newline inside", "sk-sinh\nanh-demo", 8),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_no_header_can_carry_is_named_and_nothing_is_sent() {
    let servers = Servers::start(Some(json!({"baseUrl": "{gateway}"})), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a red fox").await;

    for (what, key, position) in &UNSENDABLE[..4] {
        let (what, key, position) = (*what, *key, *position);
        servers.journal.clear();
        paste(&browser, "#api-key", key).await;
        let problem = browser.wait_for("#api-key-problem").await;
        let said = browser
            .wait_for_text(&problem, &format!("at position {position}"))
            .await;
        assert!(said.contains("cannot be sent"), "{what}: {said}");
        assert_eq!(
            browser
                .wait_for("#api-key")
                .await
                .attr("aria-invalid")
                .await
                .unwrap()
                .as_deref(),
            Some("true"),
            "{what}"
        );
        browser.click("button[type=submit]").await;
        let error = browser.wait_for(".error[role=alert]").await;
        assert_eq!(
            error.attr("data-kind").await.unwrap().as_deref(),
            Some("UnsendableKey"),
            "{what}"
        );
        // The form is usable: Generate is enabled again, the prompt kept.
        assert_eq!(browser.value_of("#prompt").await, "a red fox", "{what}");
        let disabled = browser
            .wait_for("button[type=submit]")
            .await
            .prop("disabled")
            .await
            .unwrap();
        assert_eq!(disabled.as_deref(), Some("false"), "{what}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let sent: Vec<String> = servers
            .journal
            .all()
            .into_iter()
            .filter(|r| r.method != "OPTIONS")
            .map(|r| r.path)
            .collect();
        assert!(sent.is_empty(), "{what}: the page sent {sent:?}");
        assert_alive(&browser, what).await;
    }

    // Pasted with invisible characters and blanks around it: cleaned, sent,
    // and the gateway gets exactly the key.
    servers.journal.clear();
    paste(
        &browser,
        "#api-key",
        &format!("\u{200B} {DEMO_KEY}\u{00A0}\n"),
    )
    .await;
    let problem = browser.wait_for("#api-key-problem").await;
    assert_eq!(problem.text().await.unwrap(), "");
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.journal.to("/images/generations");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {DEMO_KEY}").as_str())
    );
    assert_alive(&browser, "cleaned key").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_survives_a_reload_with_anything_in_its_storage() {
    let servers = Servers::start(Some(json!({"baseUrl": "{gateway}"})), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    for (what, key, position) in UNSENDABLE {
        for store in ["localStorage", "sessionStorage"] {
            browser
                .client
                .execute(
                    &format!(
                        "localStorage.clear(); sessionStorage.clear();
                         {store}.setItem('sinh-anh.api-key', arguments[0]);"
                    ),
                    vec![json!(key)],
                )
                .await
                .unwrap();
            servers.journal.clear();
            browser.open(&servers.app_url()).await;
            let problem = browser.wait_for("#api-key-problem").await;
            browser
                .wait_for_text(&problem, &format!("at position {position}"))
                .await;
            browser.fill("#prompt", "a heron").await;
            browser.click("button[type=submit]").await;
            let error = browser.wait_for(".error[role=alert]").await;
            assert_eq!(
                error.attr("data-kind").await.unwrap().as_deref(),
                Some("UnsendableKey"),
                "{what} in {store}"
            );
            let sent = servers.journal.all();
            assert!(
                sent.iter().all(|r| r.method == "OPTIONS"),
                "{what} in {store}: {sent:?}"
            );
            assert_alive(&browser, &format!("{what} in {store}")).await;
        }
    }
    // Any text at all in every key the app reads.
    browser
        .client
        .execute(
            "for (const k of ['sinh-anh.settings', 'sinh-anh.draft', 'sinh-anh.api-key', 'sinh-anh.import']) {
               localStorage.setItem(k, arguments[0]);
             }
             sessionStorage.setItem('sinh-anh.api-key', arguments[0]);",
            vec![json!("\u{0}\u{FFFF}\u{FEFF}{\"version\":1,\"count\":\"\u{1F511}\"\n\r<script>")],
        )
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    browser.wait_for("#api-key-problem").await;
    assert_alive(&browser, "garbage in storage").await;
    // And the app works once the key is put right.
    paste(&browser, "#api-key", DEMO_KEY).await;
    browser.fill("#prompt", "a heron").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_key_goes_only_to_the_gateway_the_site_set() {
    // A portal: its own gateway, locked. The key is remembered, and in the
    // tab too; every request the browser makes from the first byte of the
    // page is recorded through DevTools.
    let servers = Servers::start(
        Some(json!({"baseUrl": "{gateway}", "lock": ["baseUrl"]})),
        "/",
    )
    .await;
    let browser = Browser::start_logging_network().await;
    browser.open(&servers.app_url()).await;
    js(
        &browser,
        &format!(
            "localStorage.setItem('sinh-anh.api-key', '{DEMO_KEY}');
             sessionStorage.setItem('sinh-anh.api-key', '{DEMO_KEY}');"
        ),
    )
    .await;
    browser.requests_sent().await;
    servers.journal.clear();
    browser.open(&servers.app_url()).await;
    // The model list came from the portal's gateway: a keyed request was made.
    let hint = browser.wait_for("#model-hint").await;
    browser.wait_for_text(&hint, "suitable models").await;
    browser.fill("#prompt", "a portal fox").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;

    let keyed: Vec<String> = browser
        .requests_sent()
        .await
        .into_iter()
        .filter(|(_, headers)| {
            headers
                .keys()
                .any(|name| name.eq_ignore_ascii_case("authorization"))
        })
        .map(|(url, _)| url)
        .collect();
    assert!(keyed.len() >= 2, "the models list and the image: {keyed:?}");
    let gateway = servers.gateway_url();
    assert!(
        keyed.iter().all(|url| url.starts_with(&gateway)),
        "the key went elsewhere than {gateway}: {keyed:?}"
    );
    assert_eq!(servers.journal.to("/models").len(), 1, "asked once");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn megabytes_of_error_are_cut_to_a_readable_message() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "a fox FAKE_HUGE_ERROR").await;
    browser.click("button[type=submit]").await;
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("BadRequest")
    );
    let page = js(
        &browser,
        "return [document.body.innerHTML.length, document.documentElement.scrollWidth, document.documentElement.clientWidth]",
    )
    .await;
    let html = page[0].as_u64().unwrap_or(u64::MAX);
    assert!(html < 60_000, "the page holds {html} characters of HTML");
    assert!(
        page[1].as_u64() <= page[2].as_u64(),
        "no sideways scroll: {page}"
    );
    assert!(error.text().await.unwrap().contains("ừừừ"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_models_are_offered_a_few_at_a_time() {
    let options = mock_gateway::Options {
        extra_models: 100_000,
        ..Default::default()
    };
    let config = json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY}).to_string();
    let servers = Servers::start_with(options, Some(config), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    let hint = browser.wait_for("#model-hint").await;
    browser.wait_for_text(&hint, "100,012 suitable").await;
    let options = || async {
        js(
            &browser,
            "return document.querySelectorAll('#model-list option').length",
        )
        .await
        .as_u64()
        .unwrap_or(0)
    };
    assert_eq!(options().await, 50);
    // Typing narrows them.
    browser.fill("#model", "bulk-9999").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while options().await != 11 {
        assert!(Instant::now() < deadline, "{} options", options().await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // An unknown model offers a dozen, and says how to find the rest.
    browser.fill("#model", "imagen-9").await;
    browser.fill("#prompt", "a fox").await;
    browser.click("button[type=submit]").await;
    let error = browser.wait_for(".error[role=alert]").await;
    browser.wait_for_text(&error, "Showing 12 of").await;
    let buttons = browser
        .client
        .find_all(Locator::Css(".model-choice"))
        .await
        .unwrap();
    assert_eq!(buttons.len(), 12);
    let html = js(&browser, "return document.body.innerHTML.length").await;
    assert!(html.as_u64().unwrap_or(u64::MAX) < 100_000, "{html}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_chat_image_of_a_run_has_its_own_download_name() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;
    browser.choose("#count", "3").await;
    browser.fill("#prompt", "twin foxes FAKE_TWO_IMAGES").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 6).await;
    let mut names = Vec::new();
    for link in browser
        .client
        .find_all(Locator::Css("figure.image-card a.download"))
        .await
        .unwrap()
    {
        names.push(link.attr("download").await.unwrap().unwrap_or_default());
    }
    names.sort();
    assert_eq!(
        names,
        (1..=6)
            .map(|n| format!("twin-foxes-fake-two-images-{n}.png"))
            .collect::<Vec<_>>()
    );
    assert_eq!(servers.journal.to("/chat/completions").len(), 3);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_that_only_starts_like_a_png_is_not_kept() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    let empty = browser.wait_for(".gallery-empty").await;
    browser.wait_for_text(&empty, "kept here").await;
    browser.fill("#prompt", "a fox FAKE_PNG_THEN_HTML").await;
    browser.click("button[type=submit]").await;
    let warning = browser.wait_for("figure.image-card p.warning").await;
    browser
        .wait_for_text(&warning, "could not display this image")
        .await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser
        .wait_for_text(&notice, "could not be read as pictures")
        .await;
    let tiles = browser
        .client
        .find_all(Locator::Css(".gallery-grid .tile"))
        .await
        .unwrap();
    assert!(tiles.is_empty(), "nothing kept");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_never_answers_is_given_up_after_the_timeout() {
    let config = json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY, "timeoutSeconds": 5});
    let servers = Servers::start(Some(config), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#prompt", "a fox FAKE_LINK_HANGS").await;
    browser.click("button[type=submit]").await;

    // The image's own load waits up to 10 s before its bytes are asked
    // for; then 5 s: said, in words, well before the test gives up.
    let deadline = Instant::now() + Duration::from_secs(45);
    let said = loop {
        let found = browser
            .client
            .find_all(Locator::Css("figure.image-card .link-timed-out"))
            .await
            .unwrap_or_default();
        if let Some(found) = found.first() {
            break found.text().await.unwrap_or_default();
        }
        let pending = browser
            .client
            .find_all(Locator::Css("figure.image-card .download.pending"))
            .await
            .unwrap_or_default();
        assert!(
            Instant::now() < deadline,
            "never gave up on the link ({} still preparing)",
            pending.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(said.contains("did not answer within 5 s"), "{said}");
    // Under the results (and in the gallery): not kept, and not blamed
    // on a copy the server refused.
    let problem = browser.wait_for(".save-problem").await;
    browser
        .wait_for_text(&problem, "could not keep 1 image")
        .await;
    let problem = problem.text().await.unwrap();
    assert!(
        problem.contains("could not be fetched here (the image says why)"),
        "{problem}"
    );
    // The mock saw the link asked for, and has not answered it. (The
    // browser lets the page's fetch wait behind the image's own load of
    // the same address, so the mock may see one request, still open.)
    let asked: Vec<_> = servers
        .journal
        .all()
        .into_iter()
        .filter(|r| r.path.starts_with("/hang/"))
        .collect();
    assert!(
        !asked.is_empty() && asked.iter().all(|r| r.status.is_none()),
        "{asked:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_downloads_what_was_received_or_says_why_not() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    // A link to a web page: no download, and no link out to the page.
    browser.fill("#prompt", "a fox FAKE_LINK_TO_PAGE").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".link-not-image").await;
    let visible_links = js(
        &browser,
        "return [...document.querySelectorAll('figure.image-card a')].filter(a => !a.hidden).map(a => a.href)",
    )
    .await;
    assert_eq!(visible_links, json!([]), "no link to follow");

    // A server that refuses other origins: said, not linked.
    browser.fill("#prompt", "a fox FAKE_LINK_NO_CORS").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".link-refused").await;

    // A real image: downloaded from the bytes received, as a PNG.
    browser.fill("#prompt", "a linked fox FAKE_URL").await;
    browser.click("button[type=submit]").await;
    let link = browser.wait_for("a.download.linked").await;
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.starts_with("blob:"), "{href}");
    link.click().await.unwrap();
    let (name, bytes) = browser.downloaded("a-linked-fox-fake-url-1.png").await;
    assert!(bytes.starts_with(b"\x89PNG"), "{name}");

    // Two linked images: the second becoming ready leaves the first's
    // download working (its blob: URL is not revoked under it), and so
    // does the run's end (its images kept: the task lets go of the run).
    // Loaded as pictures: the page's CSP lets images, not fetch, read
    // blob: URLs, and a revoked URL does not load.
    // (Every blob: URL the page revokes is written down: a picture seen
    // once may still come from the memory cache after its URL is gone.)
    js(
        &browser,
        "window.__revoked = [];
         const revoke = URL.revokeObjectURL.bind(URL);
         URL.revokeObjectURL = u => { window.__revoked.push(u); revoke(u); };",
    )
    .await;
    browser.choose("#count", "2").await;
    browser.fill("#prompt", "two linked foxes FAKE_URL").await;
    browser.click("button[type=submit]").await;
    let mut hrefs = Vec::new();
    for link in browser.wait_for_count("a.download.linked", 2).await {
        hrefs.push(link.attr("href").await.unwrap().unwrap_or_default());
    }
    browser.wait_for_count(".gallery-grid .tile", 3).await;
    for href in &hrefs {
        let (width, _) = browser.picture_size(href).await;
        assert!(width > 8, "{href} holds its picture while shown");
    }
    // The next run replaces both cards: their URLs go, its own stays.
    browser.choose("#count", "1").await;
    browser.fill("#prompt", "a third linked fox FAKE_URL").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count(".gallery-grid .tile", 4).await;
    let link = browser.wait_for("a.download.linked").await;
    let newest = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(!hrefs.contains(&newest), "{newest}");
    assert!(browser.picture_size(&newest).await.0 > 8, "{newest}");
    browser
        .wait_for_js(
            &format!("return {hrefs:?}.every(u => window.__revoked.includes(u))"),
            "both earlier links' blob: URLs revoked",
        )
        .await;
    assert!(
        !js(
            &browser,
            &format!("return window.__revoked.includes({newest:?})")
        )
        .await
        .as_bool()
        .unwrap_or(true),
        "the shown link's URL kept"
    );
    browser.close().await;
}

/// A linked image's bytes that come only after the next run has replaced
/// its card: kept in the gallery all the same, and their `blob:` URL let go
/// (nothing shows it any more), while the new run's images stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_comes_after_the_next_run_is_kept_and_let_go() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for(".gallery").await;
    // The link's bytes wait until the test lets them through; every
    // blob: URL the page makes and revokes is written down.
    js(
        &browser,
        "const fetch = window.fetch.bind(window);
         let release;
         const held = new Promise(r => release = r);
         window.__release = () => release();
         window.__asked = 0;
         window.fetch = (input, init) => {
           const url = String(input && input.url || input);
           if (!url.includes('/files/')) return fetch(input, init);
           window.__asked += 1;
           return held.then(() => fetch(input, init)).then(r => {
             window.__linkBytes = Number(r.headers.get('content-length'));
             return r;
           });
         };
         window.__made = [];
         window.__revoked = [];
         const create = URL.createObjectURL.bind(URL), revoke = URL.revokeObjectURL.bind(URL);
         URL.createObjectURL = b => { const u = create(b); window.__made.push([u, b.size]); return u; };
         URL.revokeObjectURL = u => { window.__revoked.push(u); revoke(u); };",
    )
    .await;
    browser.choose("#count", "1").await;
    browser.fill("#prompt", "a held fox FAKE_URL").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for_js("return window.__asked === 1", "the link's bytes asked for")
        .await;
    browser
        .wait_for("figure.image-card .download.pending")
        .await;

    // The next run replaces the card before the bytes come.
    browser.fill("#prompt", "a second fox").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    js(&browser, "window.__release()").await;

    // The bytes are kept: the gallery holds both foxes.
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    // The link's URL: the one made for a blob of the link's bytes.
    let url = browser
        .wait_for_js(
            "const made = window.__linkBytes > 0
               && window.__made.find(([, size]) => size === window.__linkBytes);
             return made ? made[0] : null;",
            "a blob: URL made for the link's bytes",
        )
        .await;
    let url = url.as_str().unwrap_or_default().to_owned();
    assert!(url.starts_with("blob:"), "{url}");
    browser
        .wait_for_js(
            &format!("return window.__revoked.includes({url:?})"),
            "the held link's blob: URL revoked once nothing shows it",
        )
        .await;
    // Revoked for real: it no longer loads as a picture.
    assert_eq!(
        browser.picture_size(&url).await,
        (0, 0),
        "{url} still loads"
    );
    // The new run's result is on screen, its picture whole.
    let shown = browser.wait_for_count("figure.image-card img", 1).await;
    assert!(browser.natural_width(&shown[0]).await > 8);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_too_long_to_keep_says_so() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    // Over Chromium's 10 MiB per site: 5.5 M characters, two bytes each
    // (one letter outside Latin-1 makes the whole text UTF-16).
    paste(&browser, "#prompt", &"mừa ".repeat(1_375_000)).await;
    let problem = browser.wait_for("#prompt-problem").await;
    browser
        .wait_for_text(
            &problem,
            "too long to keep in this browser (5,500,000 characters)",
        )
        .await;
    // Shorter again: kept, and the note goes.
    browser.fill("#prompt", "a short prompt").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !problem.text().await.unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the note stays");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        js(&browser, "return localStorage.getItem('sinh-anh.draft')").await,
        json!("a short prompt")
    );
    browser.close().await;
}

/// Try again after Forget key never sends the forgotten key: the form as it
/// is goes instead, and says the key is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn try_again_after_forget_key_sends_nothing() {
    let servers = Servers::start(Some(json!({"baseUrl": "{gateway}"})), "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#api-key", DEMO_KEY).await;
    browser.click("#prompt").await; // commits the field
    browser.choose("#method", "chat").await;
    browser.choose("#count", "2").await;
    // Every second request fails: one image, one error with Try again.
    browser.fill("#prompt", "a heron FAKE_FLAKY").await;
    browser.click("button[type=submit]").await;
    let errors = browser
        .wait_for_count("figure.slot-error:not([hidden])", 1)
        .await;
    servers.ended_requests("/chat/completions", 2).await;

    browser.click("button.forget-key").await;
    errors[0]
        .find(Locator::Css("button.retry"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let error = browser.wait_for(".error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("MissingKey")
    );

    // A new run with the key typed again: the gateway saw its two requests
    // and, of the first prompt, only the first run's two.
    browser.fill("#api-key", DEMO_KEY).await;
    browser.fill("#prompt", "a crane").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 2).await;
    let sent = servers.ended_requests("/chat/completions", 4).await;
    let herons = sent
        .iter()
        .filter(|r| r.prompt.as_deref().is_some_and(|p| p.contains("heron")))
        .count();
    assert_eq!(herons, 2, "{sent:?}");
    browser.close().await;
}
