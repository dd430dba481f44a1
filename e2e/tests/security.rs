//! The page's Content-Security-Policy is in force and nothing the app does
//! trips it: no violation and no console error while generating.

use e2e::{Browser, Servers, DEMO_KEY};

/// Every directive of the policy, exactly (the loader's hash aside, checked
/// against the loader itself).
const POLICY: [&str; 8] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
    "style-src 'self'",
    "img-src 'self' data: blob: https: http:",
    "connect-src 'self' blob: https: http:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_holds_and_nothing_breaks_it() {
    let servers = Servers::start(Some(serde_json::json!({"baseUrl": "{gateway}"})), "/").await;
    let browser = Browser::start_logging_network().await;
    // The app mounting at all means the pinned loader hash matched.
    browser.open(&servers.app_url()).await;
    let csp = browser
        .client
        .execute(
            "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
            vec![],
        )
        .await
        .unwrap();
    let csp = csp.as_str().unwrap_or_default();
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert_eq!(directives.len(), POLICY.len(), "{csp}");
    for (directive, expected) in directives.iter().zip(POLICY) {
        if expected.ends_with("'sha256-") {
            assert!(directive.starts_with(expected), "{directive} in {csp}");
        } else {
            assert_eq!(*directive, expected, "{csp}");
        }
    }
    // The hash is the inline loader's, and the only script allowed inline.
    let loader_hash = browser
        .client
        .execute_async(
            "const [done] = arguments;
             const inline = [...document.scripts].filter(s => !s.src);
             if (inline.length !== 1) { done('inline scripts: ' + inline.length); return; }
             crypto.subtle.digest('SHA-256', new TextEncoder().encode(inline[0].textContent))
               .then(d => done(btoa(String.fromCharCode(...new Uint8Array(d)))));",
            vec![],
        )
        .await
        .unwrap();
    let loader_hash = loader_hash.as_str().unwrap_or_default();
    assert_eq!(
        directives[1],
        format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{loader_hash}'"),
        "the pinned hash is the loader's"
    );

    // The person types the key.
    browser.fill("#api-key", DEMO_KEY).await;
    browser.click("#prompt").await; // commits the field
                                    // Everything the app does: both methods, placeholders, model list, code.
    browser.choose("#count", "2").await;
    browser.choose("#aspect", "16:9").await;
    browser.fill("#prompt", "a lantern FAKE_DELAY_300").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.placeholder", 2).await;
    browser.wait_for_count("figure.image-card img", 2).await;
    browser.click("details.show-code summary").await;
    browser.choose("#method", "chat").await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for_text(&browser.wait_for("[role=status] .done").await, "2 images")
        .await;
    let console = browser.browser_log().await;
    let problems: Vec<_> = console
        .iter()
        .filter(|(level, message)| {
            // Chrome's note on Trunk's wasm preload: it keeps the integrity
            // attribute for browsers that check it, Chrome does not yet.
            let known = message.contains("`integrity` attribute is currently ignored for preload");
            level == "SEVERE" || (level == "WARNING" && !known)
        })
        .collect();
    assert!(problems.is_empty(), "console: {problems:#?}");

    // The key went to the gateway in the Authorization header, and nowhere
    // else: not in any address the page asked for, not in any request to
    // another host, not in the console, not in the page's text.
    let requests = browser.requests_sent().await;
    let gateway = servers.gateway_url();
    let keyed: Vec<_> = requests
        .iter()
        .filter(|(_, headers)| headers.values().any(|v| v.to_string().contains(DEMO_KEY)))
        .collect();
    assert!(
        keyed.len() >= 3,
        "the standard run, the two chat requests and the model list carried it: {requests:#?}"
    );
    for (url, _) in &keyed {
        assert!(url.starts_with(&gateway), "the key went to {url}");
    }
    for (url, _) in &requests {
        assert!(!url.contains(DEMO_KEY), "the key in an address: {url}");
    }
    assert!(
        !format!("{console:?}").contains(DEMO_KEY),
        "the key in the console: {console:#?}"
    );
    let text = browser
        .client
        .execute("return document.body.innerText", vec![])
        .await
        .unwrap();
    assert!(!text.to_string().contains(DEMO_KEY), "the key on the page");

    // And the policy bites: an inline handler injected now is refused.
    browser
        .client
        .execute(
            "document.body.insertAdjacentHTML('beforeend', '<img src=\"data:,x\" onerror=\"window.__ran = 1\">')",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ran = browser
        .client
        .execute("return window.__ran === 1", vec![])
        .await
        .unwrap();
    assert_eq!(ran, serde_json::json!(false), "inline handlers are blocked");
    let log = browser.browser_log().await;
    assert!(
        log.iter()
            .any(|(_, m)| m.contains("Content Security Policy")),
        "the refusal is reported: {log:#?}"
    );
    browser.close().await;
}
