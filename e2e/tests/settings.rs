//! What the page remembers, and where: settings across reloads, the key in
//! no storage unless remembered, never in the URL; a broken stored record
//! costs nothing.

use e2e::{Browser, Servers, DEMO_KEY};
use serde_json::{json, Value};

async fn js(browser: &Browser, script: &str) -> Value {
    browser.client.execute(script, vec![]).await.unwrap()
}

/// Every value of both storages, and the page's address, as one text.
async fn everything_stored(browser: &Browser) -> (String, String, String) {
    let local = js(
        browser,
        "return JSON.stringify(Object.assign({}, localStorage))",
    )
    .await;
    let session = js(
        browser,
        "return JSON.stringify(Object.assign({}, sessionStorage))",
    )
    .await;
    let url = js(browser, "return location.href").await;
    let text = |v: Value| v.as_str().unwrap_or_default().to_string();
    (text(local), text(session), text(url))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_survive_a_reload_and_the_key_stays_where_it_was_asked() {
    // A plain static host: dist/ as built, with its empty config.json.
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    let console = browser.browser_log().await;
    // Not a line: no 404 for config.json, and no warning about an
    // `integrity` the browser ignores on the wasm's preload.
    assert!(
        console.is_empty(),
        "a plain deployment logs nothing: {console:#?}"
    );

    browser.fill("#base-url", &servers.gateway_url()).await;
    browser.fill("#api-key", DEMO_KEY).await;
    browser.click("#prompt").await; // commits the fields
    browser.choose("#method", "chat").await;
    browser.choose("#count", "3").await;
    browser.choose("#aspect", "16:9").await;
    browser.choose("#freshness", "no-cache").await;
    browser.choose(".language select", "vi").await;
    browser.fill("#prompt", "a heron at dawn, half writ").await;

    let (local, session, url) = everything_stored(&browser).await;
    assert!(
        !local.contains(DEMO_KEY),
        "not remembered: no key in localStorage: {local}"
    );
    assert!(
        !session.contains(DEMO_KEY),
        "not remembered: not in sessionStorage either: {session}"
    );
    assert!(!url.contains(DEMO_KEY), "never in the URL: {url}");
    assert!(local.contains(r#"\"method\":\"chat\""#), "{local}");

    // A reload brings everything back but the key, which was not
    // remembered.
    browser.open(&servers.app_url()).await;
    assert_eq!(browser.value_of("#method").await, "chat");
    assert_eq!(browser.value_of("#count").await, "3");
    assert_eq!(browser.value_of("#aspect").await, "16:9");
    assert_eq!(browser.value_of("#freshness").await, "no-cache");
    assert_eq!(browser.value_of("#base-url").await, servers.gateway_url());
    assert_eq!(browser.value_of("#api-key").await, "");
    assert_eq!(
        js(&browser, "return document.documentElement.lang").await,
        json!("vi")
    );
    assert_eq!(
        browser.value_of("#prompt").await,
        "a heron at dawn, half writ",
        "the unfinished prompt survives the reload"
    );
    // And it works: the restored gateway, with the key typed again, makes
    // an image.
    browser.fill("#api-key", DEMO_KEY).await;
    browser.fill("#prompt", "a heron").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 3).await;

    // Show / hide.
    let key_type = || async {
        browser
            .wait_for("#api-key")
            .await
            .attr("type")
            .await
            .unwrap()
    };
    assert_eq!(key_type().await.as_deref(), Some("password"));
    browser.click("button.show-key").await;
    assert_eq!(key_type().await.as_deref(), Some("text"));
    // Its words say what it does now: no "pressed" heard beside them.
    let show = browser.wait_for("button.show-key").await;
    assert_eq!(show.text().await.unwrap(), "Ẩn", "Hide, in Vietnamese");
    assert_eq!(show.attr("aria-pressed").await.unwrap(), None);
    browser.click("button.show-key").await;
    assert_eq!(key_type().await.as_deref(), Some("password"));

    // Remember: the key goes to localStorage, and only there; a reload
    // brings it back.
    browser.click("#remember-key").await;
    let (local, session, _) = everything_stored(&browser).await;
    assert!(local.contains(DEMO_KEY), "{local}");
    assert!(!session.contains(DEMO_KEY), "{session}");
    browser.open(&servers.app_url()).await;
    assert_eq!(browser.value_of("#api-key").await, DEMO_KEY);

    // Forget: gone from the field and from both storages, and said (a
    // status: heard, not only seen as an empty field).
    let keeping = browser.wait_for(".key-keeping[role=status]").await;
    browser.click("button.forget-key").await;
    assert_eq!(browser.value_of("#api-key").await, "");
    let (local, session, _) = everything_stored(&browser).await;
    assert!(
        !local.contains(DEMO_KEY) && !session.contains(DEMO_KEY),
        "{local} {session}"
    );
    browser
        .wait_for_text(
            &keeping,
            "Đã xóa khóa: trình duyệt này không còn lưu khóa nào.",
        )
        .await;
    // Typing a key again: where it will be kept is said again.
    browser.fill("#api-key", "sk-new").await;
    browser
        .wait_for_text(&keeping, "Khóa chỉ được giữ tạm trong trang này")
        .await;
    let (local, session, _) = everything_stored(&browser).await;
    assert!(
        !local.contains("sk-new") && !session.contains("sk-new"),
        "{local} {session}"
    );

    // A key an earlier version kept in the tab's sessionStorage is taken
    // once, and no longer kept there.
    js(
        &browser,
        "sessionStorage.setItem('sinh-anh.api-key', 'sk-from-before')",
    )
    .await;
    browser.open(&servers.app_url()).await;
    assert_eq!(browser.value_of("#api-key").await, "sk-from-before");
    let (local, session, _) = everything_stored(&browser).await;
    assert!(
        !local.contains("sk-from-before") && !session.contains("sk-from-before"),
        "{local} {session}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_in_the_address_is_never_taken() {
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser
        .open(&format!(
            "{}?apiKey=sk-from-url&key=sk-from-url#api_key=sk-from-url",
            servers.app_url()
        ))
        .await;
    browser.wait_for("html[data-config=settled]").await;
    assert_eq!(browser.value_of("#api-key").await, "");
    let (local, session, _) = everything_stored(&browser).await;
    assert!(!local.contains("sk-from-url") && !session.contains("sk-from-url"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_stored_record_keeps_its_good_fields() {
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    for record in [
        "{broken",
        r#"{"version":1,"method":"edit","count":99,"aspect":"7:3","baseUrl":"javascript:alert(1)"}"#,
        r#"{"version":99,"method":"chat"}"#,
    ] {
        browser
            .client
            .execute(
                "localStorage.setItem('sinh-anh.settings', arguments[0])",
                vec![json!(record)],
            )
            .await
            .unwrap();
        browser.open(&servers.app_url()).await;
        browser.wait_for("html[data-config=settled]").await;
        assert_eq!(browser.value_of("#method").await, "standard", "{record}");
        assert_eq!(browser.value_of("#count").await, "1", "{record}");
        assert_eq!(
            browser.value_of("#base-url").await,
            "https://api.thucchien.ai/v1",
            "{record}"
        );
    }

    // One field good, the others broken: the good one is kept, each broken
    // one falls back on its own.
    browser
        .client
        .execute(
            "localStorage.setItem('sinh-anh.settings', arguments[0])",
            vec![json!(
                r#"{"version":1,"method":"chat","count":99,"aspect":"16:9","baseUrl":"javascript:alert(1)","freshness":7}"#
            )],
        )
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    assert_eq!(browser.value_of("#method").await, "chat", "kept");
    assert_eq!(browser.value_of("#aspect").await, "16:9", "kept");
    assert_eq!(browser.value_of("#count").await, "1", "fell back");
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1",
        "fell back"
    );
    assert_eq!(browser.value_of("#freshness").await, "cached", "fell back");
    browser.close().await;
}

/// Waits until the field at `css` holds `value` (another tab's change
/// arrives as an event, a moment later).
async fn wait_for_value(browser: &Browser, css: &str, value: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let now = browser.value_of(css).await;
        if now == value {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never held “{value}”; holds “{now}”"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_forgotten_in_one_tab_is_forgotten_in_the_others() {
    const FIRST: &str = "sk-remembered-in-tab-a-0001";
    const SECOND: &str = "sk-remembered-in-tab-a-0002";
    const THIRD: &str = "sk-remembered-in-tab-a-0003";
    const OWN: &str = "sk-own-key-of-tab-c";
    let servers = Servers::start(None, "/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#base-url", &servers.gateway_url()).await;
    browser.fill("#api-key", FIRST).await;
    browser.click("#remember-key").await;
    let tab_a = browser.client.window().await.unwrap();

    // Tab B opens with the remembered key.
    let tab_b = browser.client.new_window(true).await.unwrap().handle;
    browser
        .client
        .switch_to_window(tab_b.clone())
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    wait_for_value(&browser, "#api-key", FIRST).await;

    // Forget in tab A: tab B lets go of it too, and says so.
    browser
        .client
        .switch_to_window(tab_a.clone())
        .await
        .unwrap();
    browser.click("button.forget-key").await;
    browser
        .client
        .switch_to_window(tab_b.clone())
        .await
        .unwrap();
    wait_for_value(&browser, "#api-key", "").await;
    let checked = js(
        &browser,
        "return document.getElementById('remember-key').checked",
    )
    .await;
    assert_eq!(checked, json!(false), "Remember is no longer ticked in B");
    let keeping = browser.wait_for(".key-keeping[role=status]").await;
    browser.wait_for_text(&keeping, "Key forgotten").await;
    // A key typed in B now stays in B's memory: B no longer writes keys
    // to storage (before, B still had Remember on and wrote its key back).
    browser.fill("#api-key", "sk-typed-in-tab-b").await;
    browser.click("#prompt").await;
    let (local, session, _) = everything_stored(&browser).await;
    assert!(
        !local.contains("sk-") && !session.contains("sk-"),
        "no key kept after Forget in another tab: {local} {session}"
    );
    // Emptied as a person would (WebDriver's clear fires no input event).
    let field = browser.wait_for("#api-key").await;
    let backspace = char::from(fantoccini::key::Key::Backspace).to_string();
    field
        .send_keys(&backspace.repeat("sk-typed-in-tab-b".len()))
        .await
        .unwrap();

    // Tab C, opened now (no key kept), types a key of its own and does
    // not remember it.
    let tab_c = browser.client.new_window(true).await.unwrap().handle;
    browser
        .client
        .switch_to_window(tab_c.clone())
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    wait_for_value(&browser, "#api-key", "").await;
    browser.fill("#api-key", OWN).await;

    // Remember a new key in tab A: tab B, holding none, takes it; tab C
    // keeps its own.
    browser
        .client
        .switch_to_window(tab_a.clone())
        .await
        .unwrap();
    browser.fill("#api-key", SECOND).await;
    browser.click("#remember-key").await;
    browser
        .client
        .switch_to_window(tab_b.clone())
        .await
        .unwrap();
    wait_for_value(&browser, "#api-key", SECOND).await;
    browser
        .wait_for_text(&keeping, "kept in this browser's local storage")
        .await;
    browser.client.switch_to_window(tab_c).await.unwrap();
    assert_eq!(browser.value_of("#api-key").await, OWN, "C's own key stays");
    // C typing its own key leaves the key A remembered where it is (it
    // removed it, and A and B then let go of it).
    let field = browser.wait_for("#api-key").await;
    field.send_keys("-more").await.unwrap();
    browser.click("#prompt").await;
    let (local, _, _) = everything_stored(&browser).await;
    assert!(local.contains(SECOND), "A's remembered key kept: {local}");
    assert!(!local.contains(OWN), "C's own key in no storage: {local}");
    browser
        .client
        .switch_to_window(tab_a.clone())
        .await
        .unwrap();
    assert_eq!(browser.value_of("#api-key").await, SECOND);

    // A types another key while remembering: B follows keystroke by
    // keystroke, and asks the gateway's models once, with the whole key
    // (not with every part of it).
    servers.journal.clear();
    browser.fill("#api-key", THIRD).await;
    browser.client.switch_to_window(tab_b).await.unwrap();
    wait_for_value(&browser, "#api-key", THIRD).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let bearer = |key: &str| format!("Bearer {key}");
    loop {
        let asked: Vec<String> = servers
            .journal
            .to("/models")
            .into_iter()
            .filter_map(|r| r.authorization)
            .collect();
        let parts: Vec<&String> = asked
            .iter()
            .filter(|a| **a != bearer(THIRD) && bearer(THIRD).starts_with(a.as_str()))
            .collect();
        assert!(parts.is_empty(), "asked with part of a key: {parts:?}");
        if asked.contains(&bearer(THIRD)) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the whole key was never asked with: {asked:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.close().await;
}
