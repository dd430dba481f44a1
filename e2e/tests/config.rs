//! Deploy-time `config.json`: a broken file is named in a banner and the app
//! runs on its defaults; an HTML page in its place (a host's fallback) is
//! taken as "no file"; a file slow to come is said, and Generate waits for it;
//! the file is fetched once, beside the wasm. And what installs the app
//! on a phone: the manifest, its icons and the bar's colours.

use e2e::{Browser, Servers, DEMO_KEY};
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_config_is_named_and_an_html_fallback_is_ignored() {
    let browser = Browser::start().await;

    let broken = Servers::start_raw(Some(r#"{"baseUrl":"{gateway}","count":9}"#.into()), "/").await;
    browser.open(&broken.app_url()).await;
    let banner = browser
        .wait_for(".banner[role=alert]")
        .await
        .text()
        .await
        .unwrap();
    assert!(banner.contains("config.json could not be used"), "{banner}");
    assert!(
        banner.contains("“count” must be a whole number from 1 to 4"),
        "{banner}"
    );
    // Defaults, not half of the broken file.
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1"
    );
    assert_eq!(browser.value_of("#count").await, "1");
    browser.screenshot("config-broken").await;

    let fallback = Servers::start_raw(
        Some("<!doctype html><html><body>index</body></html>".into()),
        "/",
    )
    .await;
    browser.open(&fallback.app_url()).await;
    // The app marks the page once the config fetch has settled, whatever
    // came back: after that, a banner would already be there.
    browser.wait_for("html[data-config=settled]").await;
    let banners = browser
        .client
        .find_all(fantoccini::Locator::Css(".banner"))
        .await
        .unwrap();
    assert!(
        banners.is_empty(),
        "an HTML fallback is not a broken config"
    );
    // The defaults, and a form that works.
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1"
    );
    assert_eq!(browser.value_of("#method").await, "standard");
    assert_eq!(browser.value_of("#count").await, "1");
    assert_eq!(
        browser.value_of("#aspect").await,
        "",
        "the model's own ratio"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_config_is_said_and_generate_waits_for_it() {
    // config.json takes 8 s; the page says why it waits after 3.
    let servers = Servers::with_slow_mock_config(Duration::from_secs(8)).await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "Một con mèo").await;
    browser.click("button[type=submit]").await;
    let said = browser.wait_for(".banner.config-slow").await;
    let said = browser
        .wait_for_text(&said, "Waiting for this site's settings")
        .await;
    assert!(
        said.contains("Generate and the prompt helper wait"),
        "{said}"
    );
    assert!(
        servers.journal.to("/images/generations").is_empty(),
        "nothing sent before the site's settings came"
    );
    // They come: the banner goes, and the Generate pressed meanwhile runs,
    // with the key the settings brought.
    browser.wait_for("html[data-config=settled]").await;
    browser.wait_for_count(".banner.config-slow", 0).await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(sent[0].prompt.as_deref(), Some("Một con mèo"));
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {DEMO_KEY}").as_str())
    );
    browser.close().await;
}

/// `config.json` is fetched beside the wasm (a preload in `index.html`),
/// and the app's own fetch takes that answer: one request, not two (a
/// preload the fetch does not match would be fetched again, and wasted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_json_is_fetched_once_beside_the_wasm() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    // The demo key came from it: the file was read.
    assert_eq!(browser.value_of("#api-key").await, DEMO_KEY);
    let requests = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(e => new URL(e.name).pathname.endsWith('/config.json'))
               .map(e => e.initiatorType);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        requests,
        serde_json::json!(["link"]),
        "config.json requests"
    );
    browser.close().await;
}

/// What a phone's "Add to Home screen" installs, from a sub-path as on
/// GitHub Pages: Chromium reads the manifest without an error and sees
/// nothing that stops an install; every icon it names loads, at the size it
/// says; the tab's icon loads; and the browser bar takes the header's
/// colour, light and dark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_installs_with_its_icons_from_a_sub_path() {
    let servers = Servers::start(None, "/tools/sinh-anh/").await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;

    let manifest = browser
        .cdp("Page.getAppManifest", json!({}))
        .await
        .expect("ask for the manifest");
    let url = manifest["url"].as_str().unwrap_or_default().to_owned();
    assert_eq!(url, format!("{}manifest.webmanifest", servers.app_url()));
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let installable = browser
        .cdp("Page.getInstallabilityErrors", json!({}))
        .await
        .expect("ask what stops an install");
    assert_eq!(
        installable["installabilityErrors"],
        json!([]),
        "{installable}"
    );

    let data: Value = serde_json::from_str(manifest["data"].as_str().unwrap_or_default())
        .expect("the manifest is JSON");
    assert_eq!(data["start_url"], "./", "{data}");
    let icons = data["icons"].as_array().cloned().unwrap_or_default();
    assert!(icons.len() >= 3, "{data}");
    let mut purposes = Vec::new();
    for icon in &icons {
        let src = icon["src"].as_str().unwrap_or_default();
        // Resolved as the browser resolves it: against the manifest's address.
        let at = browser
            .client
            .execute(
                "return new URL(arguments[0], arguments[1]).href",
                vec![json!(src), json!(url)],
            )
            .await
            .expect("resolve the icon's address");
        let (width, height) = browser.picture_size(at.as_str().unwrap_or_default()).await;
        match icon["sizes"].as_str().unwrap_or_default() {
            "any" => assert!(width > 0 && height > 0, "{src}: {width}×{height}"),
            sizes => assert_eq!(format!("{width}x{height}"), sizes, "{src}"),
        }
        purposes.push(icon["purpose"].as_str().unwrap_or("any").to_owned());
    }
    assert!(purposes.iter().any(|p| p == "maskable"), "{purposes:?}");
    for link in ["icon", "apple-touch-icon"] {
        let href = browser
            .client
            .execute(
                &format!("return document.querySelector('link[rel={link}]').href"),
                vec![],
            )
            .await
            .expect("read the link");
        let (width, _) = browser
            .picture_size(href.as_str().unwrap_or_default())
            .await;
        assert!(width > 0, "{link}: {href}");
    }

    // The bar's colour in force is the header's, in either scheme of the
    // system's, and in a scheme chosen in the page against the system's.
    for (system, chosen) in [
        ("light", "auto"),
        ("dark", "auto"),
        ("light", "dark"),
        ("dark", "light"),
    ] {
        browser
            .cdp(
                "Emulation.setEmulatedMedia",
                json!({"features": [{"name": "prefers-color-scheme", "value": system}]}),
            )
            .await
            .expect("choose the colour scheme");
        browser.choose("#theme", chosen).await;
        browser
            .wait_for(&match chosen {
                "auto" => "html:not([data-theme])".to_owned(),
                _ => format!("html[data-theme={chosen}]"),
            })
            .await;
        let scheme = format!("{system}, {chosen} chosen");
        let colours = browser
            .client
            .execute(
                "const meta = [...document.querySelectorAll('meta[name=theme-color]')]
                   .find(m => matchMedia(m.media).matches);
                 const probe = document.createElement('i');
                 probe.style.color = meta ? meta.content : 'transparent';
                 document.body.append(probe);
                 const bar = getComputedStyle(probe).color;
                 probe.remove();
                 return [bar, getComputedStyle(document.querySelector('.app-header')).backgroundColor];",
                vec![],
            )
            .await
            .expect("read the colours");
        assert_eq!(colours[0], colours[1], "{scheme}: bar and header {colours}");
        let dark = colours[1] == "rgb(30, 33, 37)";
        assert_eq!(
            dark,
            chosen == "dark" || (chosen == "auto" && system == "dark"),
            "{scheme}: {colours}"
        );
    }
    browser.close().await;
}

/// Everything the service worker keeps, as URLs (in any of its caches).
const KEPT: &str = "const [done] = arguments;
  caches.keys()
    .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
    .then(lists => done(lists.flat().map(r => r.url)));";

async fn kept(browser: &Browser) -> Vec<String> {
    let kept = browser
        .client
        .execute_async(KEPT, vec![])
        .await
        .expect("list what the service worker keeps");
    kept.as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u.as_str().map(str::to_owned))
        .collect()
}

/// Waits until the page has a service worker in charge: by then it has
/// kept the app (its install waits for that).
async fn under_the_worker(browser: &Browser) {
    browser
        .wait_for_js(
            "return navigator.serviceWorker.controller !== null",
            "the service worker in charge of the page",
        )
        .await;
}

/// Seen once online, the app opens with its site out of reach, as an
/// installed app on a phone offline: the page, the site's settings and the
/// gallery this browser keeps. What the first visit kept is enough.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_seen_the_app_opens_offline_with_its_gallery() {
    let servers = Servers::with_mock_config_behind_a_switch().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    under_the_worker(&browser).await;
    browser.generate("a lantern in Hội An", "1", 1).await;

    servers.take_the_site_down().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    let tile = browser.wait_for(".gallery-grid .tile img").await;
    assert!(
        browser.natural_width(&tile).await > 0,
        "the kept image shows"
    );
    // The site's config.json, kept too: the gateway it names, no banner.
    let gateway = browser.text_of(".gateway-line").await;
    assert!(
        gateway.contains(&servers.gateway.to_string()),
        "the site's gateway: {gateway}"
    );
    let banners = browser
        .client
        .find_all(fantoccini::Locator::Css(".banner"))
        .await
        .unwrap_or_default();
    assert!(banners.is_empty(), "no banner offline");
    let kept = kept(&browser).await;
    let site = servers.app_url();
    assert!(kept.iter().all(|u| u.starts_with(&site)), "{kept:?}");
    assert!(kept.iter().any(|u| u.ends_with("_bg.wasm")), "{kept:?}");
    browser.close().await;
}

/// A host that serves no `config.json` (a 404: the file is optional) still
/// gets an app that opens offline: the worker's install keeps the page and
/// its build without it. Offline, the app has its defaults, says nothing of
/// a missing file, and works: the gateway typed in makes an image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_without_config_json_still_opens_offline() {
    let servers = Servers::without_config_behind_a_switch().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    under_the_worker(&browser).await;
    let kept = kept(&browser).await;
    assert!(kept.iter().any(|u| u.ends_with("_bg.wasm")), "{kept:?}");
    assert!(
        !kept.iter().any(|u| u.ends_with("config.json")),
        "nothing kept for the missing file: {kept:?}"
    );

    servers.take_the_site_down().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    assert_eq!(
        browser.value_of("#base-url").await,
        "https://api.thucchien.ai/v1",
        "the app's own default"
    );
    let banners = browser
        .client
        .find_all(fantoccini::Locator::Css(".banner"))
        .await
        .unwrap_or_default();
    assert!(banners.is_empty(), "no banner for a file that is optional");
    browser.fill("#base-url", &servers.gateway_url()).await;
    browser.fill("#api-key", DEMO_KEY).await;
    browser.click("#prompt").await; // commits the field
    browser
        .generate("a paper boat on the Perfume River", "1", 1)
        .await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {DEMO_KEY}").as_str())
    );
    browser.close().await;
}

/// The release build's worker scripts lost their comments and indentation
/// (Trunk's hook, `cargo xtask scripts`), and are whole (the tests above
/// run them).
#[test]
fn the_worker_s_scripts_ship_tidied() {
    for name in ["sw.js", "sw-register.js"] {
        let shipped = std::fs::read_to_string(e2e::dist_dir().join(name)).expect("the script");
        let source = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../public")
                .join(name),
        )
        .expect("its source");
        let tidied: String = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(shipped, tidied, "{name}");
    }
}

/// Every build file the page names is named by what it holds (the first
/// 16 hex digits of its SHA-256; Trunk's own names hash the wasm and glue
/// before wasm-opt and the minifier): a build that differs only there
/// ships under new names, and the worker, which keeps build files by name,
/// does not keep serving the old ones.
#[test]
fn the_build_s_files_are_named_by_what_they_hold() {
    use sha2::Digest;
    let dist = e2e::dist_dir();
    let page = std::fs::read_to_string(dist.join("index.html")).expect("the page");
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&dist).expect("the build").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let hashed = ["sinh-anh-", "app-"]
            .iter()
            .find_map(|stem| name.strip_prefix(stem))
            .and_then(|rest| {
                ["_bg.wasm", ".js", ".css"]
                    .iter()
                    .find_map(|t| rest.strip_suffix(t))
            });
        let Some(hash) = hashed else { continue };
        let bytes = std::fs::read(entry.path()).expect("the file");
        let held: String = sha2::Sha256::digest(&bytes)
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, held, "{name}");
        assert!(page.contains(&name), "the page names {name}");
        checked.push(name);
    }
    checked.sort();
    assert_eq!(
        checked.len(),
        3,
        "the wasm, its glue and the stylesheet: {checked:?}"
    );
}

/// The wasm imports the glue's functions by names of a letter or two, and
/// the glue provides them by the same names: wasm-bindgen's own names
/// (`__wbg_<name>_<16 hex digits>`, about 300 of them) cost 9.9 KB of
/// first load between the two files (`cargo xtask bench size`). The page then loads the renamed glue only
/// if its `integrity` was written again; every other end-to-end test shows
/// that the two sides still meet.
#[test]
fn the_wasm_and_its_glue_meet_by_short_names() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let dist = e2e::dist_dir();
    let page = std::fs::read_to_string(dist.join("index.html")).expect("the page");
    let file = |tail: &str| {
        std::fs::read_dir(&dist)
            .expect("the build")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with("sinh-anh-") && n.ends_with(tail))
            .unwrap_or_else(|| panic!("no sinh-anh-…{tail} in the build"))
    };
    let wasm = std::fs::read(dist.join(file("_bg.wasm"))).expect("the wasm");
    let glue_name = file(".js");
    let glue = std::fs::read_to_string(dist.join(&glue_name)).expect("the glue");

    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::ImportSection(reader) = payload.expect("a wasm") {
            for import in reader {
                let import = import.expect("an import");
                imports.push((import.module.to_owned(), import.name.to_owned()));
            }
        }
    }
    assert!(imports.len() > 100, "{} imports", imports.len());
    for (module, name) in &imports {
        assert_eq!(module, "a", "{name}");
        assert!(name.len() <= 2, "{module} {name}");
        assert!(
            glue.contains(&format!(",{name}:function("))
                || glue.contains(&format!("{{{name}:function(")),
            "the glue provides {name}"
        );
    }
    assert!(glue.contains("\"a\":{"), "the glue's module is named a");
    assert!(!glue.contains("__wbg_get_imports(){return{__proto__:null,\"./"));
    let long = glue
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| {
            w.starts_with("__wbg_")
                && w.len() > 17
                && w[w.len() - 17..].starts_with('_')
                && w[w.len() - 16..].bytes().all(|b| b.is_ascii_hexdigit())
        });
    assert_eq!(long, None, "a wasm-bindgen import name left in the glue");

    // The function exports the glue reads (`wasm.<name>`) are short too:
    // wasm-bindgen names its closures' entry points in up to 340 characters.
    let mut exports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let wasmparser::Payload::ExportSection(reader) = payload.expect("a wasm") {
            for export in reader {
                let export = export.expect("an export");
                exports.push((export.name.to_owned(), export.kind));
            }
        }
    }
    let read: Vec<&String> = exports
        .iter()
        .filter(|(name, kind)| {
            *kind == wasmparser::ExternalKind::Func && glue.contains(&format!("wasm.{name}("))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(read.len() > 10, "the glue calls {read:?}");
    assert!(read.iter().all(|name| name.len() <= 2), "{read:?}");
    for text in [&glue, &String::from_utf8_lossy(&wasm).into_owned()] {
        assert!(
            !text.contains("__convert__closures"),
            "a closure's long name left"
        );
        assert!(
            !text.contains("__wbindgen_malloc"),
            "malloc's long name left"
        );
    }

    let integrity = format!(
        "integrity=sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(glue.as_bytes()))
    );
    assert!(
        page.contains(&format!("href=./{glue_name} {integrity}")),
        "the page's integrity for the glue is that of its bytes"
    );
}

/// On a connection that carries nothing (a phone on "lie-fi": the site
/// takes the connection and never answers), the app seen once opens after
/// a short wait, with the site's settings, instead of a blank page until
/// the browser gives up (minutes): the worker asked the network, and used
/// what it keeps when no answer came.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_connection_that_carries_nothing_the_kept_app_opens() {
    let servers = Servers::with_mock_config_behind_a_switch().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    under_the_worker(&browser).await;

    servers.hang_the_site().await;
    // The visit is given up (and the test fails) long before the
    // browser's own limit.
    browser
        .client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            None,
            Some(Duration::from_secs(20)),
            None,
        ))
        .await
        .expect("set the page load timeout");
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    let gateway = browser.text_of(".gateway-line").await;
    assert!(
        gateway.contains(&servers.gateway.to_string()),
        "the site's gateway, from its kept config.json: {gateway}"
    );
    // The network was asked first: the page, and the site's settings.
    let asked = servers.asked_while_held();
    for file in ["/", "/config.json"] {
        assert!(asked.iter().any(|a| a == file), "{file}: {asked:?}");
    }
    browser.close().await;
}

/// A gateway on the site's own origin, under the worker's scope (a portal
/// serving the app at `/` and its gateway at `/v1`): none of its answers
/// goes through the worker or into its caches, and the key still goes to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_on_the_site_s_own_origin_is_left_alone() {
    let servers = Servers::with_the_gateway_on_the_site().await;
    let browser = Browser::start_logging_network().await;
    a_visit_under_the_worker(&browser, &servers).await;
    browser.generate("a kite over Mỹ Khê beach", "1", 1).await;
    browser.choose("#method", "chat").await;
    browser
        .generate("a kite over Mỹ Khê beach, at dusk", "1", 2)
        .await;

    let gateway = format!("http://{}/v1/", servers.gateway);
    let asked = [
        "/v1/models",
        "/v1/images/generations",
        "/v1/chat/completions",
    ];
    the_gateway_was_left_alone(&browser, &gateway, &asked).await;
    let kept = kept(&browser).await;
    assert!(
        !kept.is_empty() && kept.iter().all(|u| !u.starts_with(&gateway)),
        "{kept:?}"
    );
    let sent = servers.journal.all();
    assert!(
        sent.iter().any(|r| r.path.ends_with("/images/generations")
            && r.authorization.as_deref() == Some(&format!("Bearer {DEMO_KEY}"))),
        "the key went to the gateway"
    );
    browser.close().await;
}

/// A first visit, which installs the worker, then a visit under it (the
/// model list asked under it too), its settings read.
async fn a_visit_under_the_worker(browser: &Browser, servers: &Servers) {
    browser.open(&servers.app_url()).await;
    under_the_worker(browser).await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
}

/// Of every http answer the page had (not `data:` images or the tab's
/// `chrome://` pages): each of `asked` came, none under `gateway` through
/// the worker, and the build's wasm through it (it was in charge).
async fn the_gateway_was_left_alone(browser: &Browser, gateway: &str, asked: &[&str]) {
    let answers: Vec<(String, bool)> = browser
        .responses_received()
        .await
        .into_iter()
        .filter(|(url, _)| url.starts_with("http"))
        .collect();
    for asked in asked {
        assert!(
            answers.iter().any(|(url, _)| url.ends_with(asked)),
            "{asked}: {answers:?}"
        );
    }
    let through: Vec<&String> = answers
        .iter()
        .filter(|(url, worker)| url.starts_with(gateway) && *worker)
        .map(|(url, _)| url)
        .collect();
    assert!(
        through.is_empty(),
        "the gateway's answers through the worker: {through:?}"
    );
    assert!(
        answers
            .iter()
            .any(|(url, worker)| url.ends_with("_bg.wasm") && *worker),
        "the worker was in charge: {answers:?}"
    );
}

/// What the page asks of the worker now (`file`, beside the page): its text.
async fn fetched(browser: &Browser, file: &str) -> String {
    let text = browser
        .client
        .execute(
            "return fetch(arguments[0]).then(r => r.text(), e => 'failed: ' + e);",
            vec![json!(file)],
        )
        .await
        .expect("fetch from the page");
    text.as_str().unwrap_or_default().to_owned()
}

/// On a connection so slow that the kept copy was used, what the site
/// sends later is still kept: the next visit, offline, has it. A new
/// deployment's page that came too late to be shown brings its build files,
/// so it is the one kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_answer_is_kept_for_the_next_visit() {
    let servers = Servers::with_mock_config_behind_a_switch().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    under_the_worker(&browser).await;
    let manifest = "manifest.webmanifest";
    let before = fetched(&browser, manifest).await;
    let (old, new) = ("Tạo ảnh qua cổng AI", "Phiên bản mới: tạo ảnh qua cổng AI");
    assert!(before.contains(old), "{before}");

    // A new deployment: the manifest, and a page naming a new stylesheet.
    servers.redeploy(manifest, &before.replace(old, new));
    let index = std::fs::read_to_string(e2e::dist_dir().join("index.html")).expect("index.html");
    let old_css = stylesheet_in(&index);
    let new_css = "app-000000000000d2ee.css";
    let css = std::fs::read_to_string(e2e::dist_dir().join(&old_css)).expect("the stylesheet");
    servers.redeploy(new_css, &css);
    servers.redeploy("index.html", &deployed_as(&index, &old_css, new_css, 1));

    servers.slow_the_site(Duration::from_secs(8)).await;
    let meanwhile = fetched(&browser, manifest).await;
    assert!(
        meanwhile.contains(old) && !meanwhile.contains(new),
        "the kept copy while the site is slow: {meanwhile}"
    );
    browser.open(&servers.app_url()).await;
    assert_eq!(deployment(&browser).await, Value::Null, "the kept page");
    let asked = servers.asked_while_held();
    for file in ["/manifest.webmanifest", "/"] {
        assert!(asked.iter().any(|a| a == file), "{file}: {asked:?}");
    }
    browser
        .wait_for_js(
            &format!(
                "return Promise.all([
                   caches.match('{manifest}', {{ ignoreVary: true }}).then(r => r ? r.text() : ''),
                   caches.match(location.href, {{ ignoreVary: true }}).then(r => r ? r.text() : ''),
                 ]).then(([m, page]) => m.includes('{new}') && page.includes('{new_css}'))"
            ),
            "the site's late answers kept, the new page with its files",
        )
        .await;

    servers.take_the_site_down().await;
    browser.open(&servers.app_url()).await;
    assert_eq!(deployment(&browser).await, json!("deployment-1"));
    let offline = fetched(&browser, manifest).await;
    assert!(offline.contains(new), "offline, the late answer: {offline}");
    browser.close().await;
}

/// Under its service worker: the page's files come through it and the
/// gateway's answers never do (the model list, an image); and a new
/// deployment (a page naming a new build file) is what the next visit
/// gets, kept for offline in place of the old, whose file goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_the_worker_a_new_deployment_is_used_at_once() {
    let servers = Servers::with_mock_config_behind_a_switch().await;
    let browser = Browser::start_logging_network().await;
    a_visit_under_the_worker(&browser, &servers).await;
    browser
        .generate("a boat on the Perfume River", "1", 1)
        .await;
    let gateway = format!("http://{}/", servers.gateway);
    the_gateway_was_left_alone(&browser, &gateway, &["/images/generations"]).await;

    // A new deployment: its stylesheet under a new name.
    let index = std::fs::read_to_string(e2e::dist_dir().join("index.html")).expect("index.html");
    let old_css = stylesheet_in(&index);
    let new_css = "app-000000000000d2ed.css";
    let css = std::fs::read_to_string(e2e::dist_dir().join(&old_css)).expect("the stylesheet");
    servers.redeploy(new_css, &css);
    servers.redeploy("index.html", &deployed_as(&index, &old_css, new_css, 2));
    browser.open(&servers.app_url()).await;
    let deployed = deployment(&browser).await;
    assert_eq!(deployed, json!("deployment-2"), "the new deployment");
    // Kept for offline in place of the old page, with its new file; the
    // old file gone.
    browser
        .wait_for_js(
            &format!(
                "caches.keys().then(n => caches.open(n[0])).then(c => c.match('{}'))
                   .then(r => r ? r.text() : '').then(t => window.__page = t);
                 return (window.__page || '').includes('deployment-2')",
                servers.app_url()
            ),
            "the new page kept for offline",
        )
        .await;
    let kept = kept(&browser).await;
    assert!(kept.iter().any(|u| u.ends_with(new_css)), "{kept:?}");
    assert!(!kept.iter().any(|u| u.ends_with(&old_css)), "{kept:?}");

    // A deployment cut off half-way (its page names a stylesheet the
    // server does not have): seen online, but offline the last whole one
    // opens.
    servers.redeploy(
        "index.html",
        &deployed_as(&index, &old_css, "app-00000000000000d3.css", 3),
    );
    browser.open(&servers.app_url()).await;
    let deployed = deployment(&browser).await;
    assert_eq!(deployed, json!("deployment-3"), "online, the newest page");
    servers.take_the_site_down().await;
    browser.open(&servers.app_url()).await;
    let offline = deployment(&browser).await;
    assert_eq!(
        offline,
        json!("deployment-2"),
        "offline, the last whole deployment"
    );
    browser.close().await;
}

/// `index.html` as deployment `n`, naming `css` for its stylesheet.
/// The stylesheet a page names.
fn stylesheet_in(index: &str) -> String {
    index
        .split(['"', ' ', '=', '/', '>'])
        .find(|w| w.starts_with("app-") && w.ends_with(".css"))
        .expect("the stylesheet's name")
        .to_owned()
}

fn deployed_as(index: &str, old_css: &str, css: &str, n: u32) -> String {
    index.replace(old_css, css).replacen(
        "<title>",
        &format!("<meta name=deployment content=deployment-{n}><title>"),
        1,
    )
}

/// The deployment the page says it is (`null` before any).
async fn deployment(browser: &Browser) -> Value {
    browser
        .client
        .execute(
            "const m = document.querySelector('meta[name=deployment]'); return m && m.content",
            vec![],
        )
        .await
        .expect("read the page")
}
