//! The studio's keys and colours: Ctrl+Enter generates with the keyboard
//! alone and Esc cancels (the mock sees the request hang up); the colours
//! chosen apply and are remembered; the gateway settings fold into one line
//! and open by themselves when the key is missing or refused; results take
//! the room in their own shape and open large with one click; on a phone,
//! a failed run comes into view, a result fits the screen (the code shown
//! scrolls in its own box) and every button takes a finger.

use e2e::{Browser, Servers, DEMO_KEY};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_enter_generates_and_esc_cancels() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    assert!(browser.displayed(".shortcuts").await, "the keys are said");

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

    // Enter on Generate: disabled while the run waits, it hands focus to
    // Cancel beside it (not to the page), and Enter there cancels.
    let go = browser.wait_for("button[type=submit]").await;
    go.send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter on Generate");
    browser.focus_comes_to("cancel").await;
    browser.press(&Key::Enter.to_string()).await;
    let sent = servers.ended_requests("/images/generations", 3).await;
    assert!(sent[2].hung_up(), "really aborted: {sent:?}");
    browser
        .wait_for(".error[role=alert][data-kind=Cancelled]")
        .await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_generate_stays_in_reach_and_nothing_scrolls_sideways() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(360, 740, true).await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    // No keys on a touch screen: their line goes.
    assert!(
        !browser.displayed(".shortcuts").await,
        "no shortcuts on a phone"
    );
    // The refining panel open: the longest form. (Scrolled to first, as a
    // person would: at the screen's foot it is under the action bar.)
    browser
        .client
        .execute(
            "document.querySelector('#refine').scrollIntoView({block: 'center'})",
            vec![],
        )
        .await
        .expect("scroll");
    browser.click("#refine").await;
    let layout = r#"
        document.querySelector('#prompt').focus();
        const go = document.querySelector('button[type=submit]').getBoundingClientRect();
        const prompt = document.querySelector('#prompt').getBoundingClientRect();
        const [language, theme] = [...document.querySelectorAll('.app-header select')].map(s => s.getBoundingClientRect().top);
        return {
            headerInOneRow: Math.abs(language - theme) < 1,
            wordsAbove: [...document.querySelectorAll('.app-header .language')].every(l =>
                l.querySelector('span').getBoundingClientRect().bottom <= l.querySelector('select').getBoundingClientRect().top),
            // An iPhone zooms into a field whose text is under 16 px.
            smallFields: [...document.querySelectorAll('input, select, textarea')]
                .filter(e => e.getClientRects().length > 0 && parseFloat(getComputedStyle(e).fontSize) < 16)
                .map(e => e.id || e.className || e.type),
            width: innerWidth,
            sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            formBelowScreen: document.querySelector('form.generate-form').getBoundingClientRect().bottom > innerHeight,
            promptOnScreen: prompt.top >= 0 && prompt.bottom <= innerHeight,
            generateOnScreen: go.top >= 0 && go.bottom <= innerHeight,
        };
    "#;
    let seen = browser
        .client
        .execute(layout, vec![])
        .await
        .expect("measure");
    assert_eq!(seen["width"], 360, "{seen}");
    assert_eq!(seen["sideways"], 0, "no sideways scroll: {seen}");
    assert_eq!(
        seen["headerInOneRow"], true,
        "language and colours side by side: {seen}"
    );
    assert_eq!(seen["wordsAbove"], true, "their words above them: {seen}");
    assert_eq!(
        seen["smallFields"],
        json!([]),
        "no field a phone zooms into: {seen}"
    );
    assert_eq!(
        seen["formBelowScreen"], true,
        "a form longer than the screen: {seen}"
    );
    assert_eq!(seen["promptOnScreen"], true, "{seen}");
    assert_eq!(
        seen["generateOnScreen"], true,
        "Generate in reach while writing: {seen}"
    );
    browser.screenshot("phone-en-light").await;
    browser.choose("#theme", "dark").await;
    browser.wait_for("html[lang=en][data-theme=dark]").await;
    phone_shot(&browser, layout, "phone-en-dark").await;
    // The same phone in Vietnamese (longer words), dark.
    browser.choose(".language select", "vi").await;
    browser.wait_for("html[lang=vi][data-theme=dark]").await;
    phone_shot(&browser, layout, "phone-vi-dark").await;
    browser.choose("#theme", "light").await;
    browser.wait_for("html[lang=vi][data-theme=light]").await;
    phone_shot(&browser, layout, "phone-vi-light").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_a_result_fits_the_screen_and_every_target_takes_a_finger() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(360, 740, true).await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    browser.fill("#prompt", "Một con mèo trên mái nhà").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    browser.click("details.show-code summary").await;
    browser.wait_for_count(".code-block pre", 2).await;
    // The gateway settings open too: their one-line tick box (Remember
    // the key) is measured with the rest.
    browser.click("details.gateway-fold > summary").await;
    browser
        .wait_for("details.gateway-fold[open] #remember-key")
        .await;
    let seen = browser
        .client
        .execute(
            r#"const pre = document.querySelector('.code-block pre');
               const card = document.querySelector('figure.image-card').getBoundingClientRect();
               return {
                   sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                   codeScrolls: pre.scrollWidth > pre.clientWidth,
                   cardRight: card.right, width: innerWidth,
                   // Every button, download link, fold and field shown,
                   // under 44 px a side (a button) or tall (the others).
                   small: [...document.querySelectorAll(`button, .download, summary, label.button, select,
                                                         textarea, input:not([type=checkbox]):not([type=file]),
                                                         label.check`)]
                       .filter(e => e.getClientRects().length > 0)
                       .map(e => [e, e.getBoundingClientRect()])
                       .filter(([e, r]) => r.height < 43.5 || (e.tagName == 'BUTTON' && r.width < 43.5))
                       .map(([e, r]) => `${e.className || e.tagName} ${Math.round(r.width)}×${Math.round(r.height)}`),
               };"#,
            vec![],
        )
        .await
        .expect("measure");
    assert_eq!(
        seen["sideways"], 0,
        "the page never scrolls sideways: {seen}"
    );
    assert_eq!(
        seen["codeScrolls"], true,
        "long lines scroll in the code's box: {seen}"
    );
    assert!(
        seen["cardRight"].as_f64() <= seen["width"].as_f64(),
        "the image stays on the screen: {seen}"
    );
    assert_eq!(seen["small"], json!([]), "room for a finger: {seen}");

    // The narrowest phones, in Vietnamese (longer words): the count's and
    // the aspect ratio's chosen words fit in their boxes (the arrow
    // aside), and their boxes line up.
    browser.as_phone(320, 640, true).await;
    browser.choose(".language select", "vi").await;
    browser.wait_for("html[lang=vi]").await;
    let fit = browser
        .client
        .execute(
            r#"const words = s => {
                   const c = document.createElement('canvas').getContext('2d');
                   const st = getComputedStyle(s);
                   c.font = st.font;
                   const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;
                   return [s.id, Math.round(c.measureText(s.selectedOptions[0].text).width), Math.round(room),
                           Math.round(s.getBoundingClientRect().left)];
               };
               return ['#count', '#aspect'].map(id => words(document.querySelector(id)));"#,
            vec![],
        )
        .await
        .expect("measure the selects");
    let fields = fit.as_array().expect("two measures");
    assert_eq!(fields.len(), 2, "{fit}");
    for field in fields {
        let (words, room) = (field[1].as_f64().unwrap(), field[2].as_f64().unwrap());
        assert!(
            words > 0.0 && words <= room,
            "its words are cut off at 320 px: {fit}"
        );
    }
    assert_eq!(fit[0][3], fit[1][3], "one above the other, lined up: {fit}");

    // A tablet, by touch: a tick box's words fit on one line there, and
    // its row still takes a finger (it was 24 px tall).
    browser.as_phone(768, 1024, true).await;
    let rows = browser
        .client
        .execute(
            "return [...document.querySelectorAll('label.check')]
                 .filter(e => e.getClientRects().length > 0)
                 .map(e => Math.round(e.getBoundingClientRect().height));",
            vec![],
        )
        .await
        .expect("measure the tick boxes");
    let rows: Vec<f64> = rows
        .as_array()
        .expect("heights")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert!(rows.len() >= 2, "the refine and remember rows: {rows:?}");
    assert!(
        rows.iter().all(|h| *h >= 44.0),
        "every tick box's row is 44 px tall: {rows:?}"
    );
    browser.close().await;
}

/// Where the error of a run is, against the screen: `[top, bottom,
/// screen height, scrolled]`, or null while there is none.
const ERROR_PLACE: &str = r#"
    const e = document.querySelector('.status .error[role=alert]');
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return [r.top, r.bottom, innerHeight, scrollY];
"#;

/// Taps Generate where it is, on the bar at the foot of the screen (no
/// scrolling first, unlike `Browser::click`), once the status is checked
/// to be below the screen: only the app can bring it up.
async fn tap_generate_with_the_status_out_of_sight(browser: &Browser) {
    let below = browser
        .client
        .execute(
            "return document.querySelector('.status').getBoundingClientRect().top - innerHeight",
            vec![],
        )
        .await
        .expect("measure");
    assert!(
        below.as_f64().is_some_and(|below| below > 500.0),
        "the status starts well below the screen: {below}"
    );
    browser
        .client
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("Generate")
        .click()
        .await
        .expect("tap Generate");
}

/// Waits (5 s at most) for the run's error to be wholly on the screen;
/// `what` names it in the failure.
async fn error_comes_into_view(browser: &Browser, what: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let place = browser
            .client
            .execute(ERROR_PLACE, vec![])
            .await
            .expect("measure");
        let at = |i: usize| place[i].as_f64().unwrap_or(f64::NAN);
        if at(0) >= 0.0 && at(1) <= at(2) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never came into view ([top, bottom, screen, scrolled]): {place}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_a_failed_run_comes_into_view_unless_the_person_is_typing() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(360, 740, false).await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;

    // Written at the top of the page, sent with the Generate bar: the
    // status (below the whole form) is far out of sight.
    browser.fill("#prompt", "Một con mèo FAKE_429").await;
    browser
        .client
        .execute("scrollTo(0, 0)", vec![])
        .await
        .expect("scroll");
    tap_generate_with_the_status_out_of_sight(&browser).await;
    let error = browser.wait_for(".status .error[role=alert]").await;
    assert_eq!(
        error.attr("data-kind").await.unwrap().as_deref(),
        Some("RateLimited")
    );
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(sent[0].prompt.as_deref(), Some("Một con mèo FAKE_429"));
    error_comes_into_view(&browser, "the error").await;
    // Generate, disabled while it waited, let go of focus: the error has it.
    assert_eq!(focused(&browser).await, "error", "the error has focus");

    // Nothing to send (the prompt emptied): the form refuses it at once, and
    // says so where it is seen.
    // (Selected and deleted as a person would: a WebDriver clear fires no
    // `input`.)
    let prompt = browser.wait_for("#prompt").await;
    prompt
        .send_keys(&format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace))
        .await
        .expect("empty the prompt");
    browser
        .client
        .execute("scrollTo(0, 0)", vec![])
        .await
        .expect("scroll");
    tap_generate_with_the_status_out_of_sight(&browser).await;
    browser
        .wait_for(".status .error[role=alert][data-kind=EmptyPrompt]")
        .await;
    error_comes_into_view(&browser, "the refusal").await;
    assert_eq!(focused(&browser).await, "error", "the error has focus");
    browser.wait_for_count(".results", 0).await;
    assert_eq!(
        servers.journal.to("/images/generations").len(),
        1,
        "nothing sent"
    );

    // Sent with Ctrl+Enter from the prompt: the page stays where the person
    // is typing.
    browser.fill("#prompt", "Một con mèo FAKE_429").await;
    browser
        .client
        .execute("scrollTo(0, 0)", vec![])
        .await
        .expect("scroll");
    prompt
        .send_keys(&format!("{}{}", Key::Control, Key::Enter))
        .await
        .expect("Ctrl+Enter");
    servers.ended_requests("/images/generations", 2).await;
    browser
        .wait_for(".status .error[role=alert][data-kind=RateLimited]")
        .await;
    // Past the frame the outcome waits for, and more.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let place = browser
        .client
        .execute(ERROR_PLACE, vec![])
        .await
        .expect("measure");
    assert_eq!(place[3], 0, "not scrolled while typing: {place}");
    assert_eq!(focused(&browser).await, "prompt");
    browser.close().await;
}

/// Measures the phone's layout (prompt focused), checks what every phone
/// state must keep, and takes the screenshot `name`.
async fn phone_shot(browser: &Browser, layout: &str, name: &str) {
    let seen = browser
        .client
        .execute(layout, vec![])
        .await
        .expect("measure");
    assert_eq!(seen["sideways"], 0, "{name}: no sideways scroll: {seen}");
    assert_eq!(seen["smallFields"], json!([]), "{name}: {seen}");
    assert_eq!(seen["headerInOneRow"], true, "{name}: {seen}");
    assert_eq!(seen["wordsAbove"], true, "{name}: {seen}");
    assert_eq!(seen["generateOnScreen"], true, "{name}: {seen}");
    browser.screenshot(name).await;
}

/// The element that has focus: its id, or its class.
async fn focused(browser: &Browser) -> String {
    let script = "const e = document.activeElement; return e ? (e.id || e.className) : ''";
    let value = browser
        .client
        .execute(script, vec![])
        .await
        .expect("ask the page");
    value.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_goes_to_the_first_result_unless_a_field_is_being_typed_in() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;

    // Generate pressed (focus leaves the fields): the first image gets it.
    browser.fill("#prompt", "Một con mèo").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while focused(&browser).await != "image-card" {
        assert!(
            std::time::Instant::now() < deadline,
            "focus never reached the result: {}",
            focused(&browser).await
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Named as its image is, not an empty "figure".
    let name = browser
        .client
        .execute(
            "return document.activeElement.getAttribute('aria-label')",
            vec![],
        )
        .await
        .expect("the focused card's name");
    assert_eq!(name, "Generated image 1: Một con mèo");

    // Ctrl+Enter in the prompt: the person may type on; focus stays there.
    browser.fill("#prompt", "Một con chó").await;
    let prompt = browser.wait_for("#prompt").await;
    prompt
        .send_keys(&format!("{}{}", Key::Control, Key::Enter))
        .await
        .expect("Ctrl+Enter");
    let reply = browser.wait_for(".status").await;
    browser.wait_for_text(&reply, "1 image in").await;
    servers.ended_requests("/images/generations", 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(focused(&browser).await, "prompt");
    browser.close().await;
}

/// Whether the gateway settings are unfolded (the `<details>` is open).
async fn gateway_open(browser: &Browser) -> bool {
    let fold = browser.wait_for("details.gateway-fold").await;
    fold.prop("open").await.unwrap().as_deref() == Some("true")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_settings_fold_into_one_line_and_open_when_missing_or_refused() {
    let servers = Servers::start(Some(json!({"baseUrl": "{gateway}"})), "/").await;
    let host = servers.gateway.to_string();
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;

    // No key yet: open, and the line says so.
    assert!(
        gateway_open(&browser).await,
        "open while the key is missing"
    );
    let summary = browser.wait_for("details.gateway-fold > summary").await;
    browser.wait_for_text(&summary, "no key yet").await;
    browser.fill("#api-key", DEMO_KEY).await;
    browser.click("#remember-key").await;

    // Set (the key remembered): the next visit finds them folded into one
    // line, the fields out of the way.
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    assert!(!gateway_open(&browser).await, "folded once set");
    let summary = browser.wait_for("details.gateway-fold > summary").await;
    let line = browser
        .wait_for_text(&summary, &format!("{host} · key set"))
        .await;
    assert!(line.contains("Change"), "{line}");
    assert!(!browser.displayed("#api-key").await, "the key field folded");
    browser
        .js_on(&summary, "arguments[0].scrollIntoView({block: 'center'})")
        .await;
    browser.screenshot("gateway-folded").await;

    // A run the gateway refuses for its key opens them by itself.
    servers.journal.clear();
    browser.fill("#prompt", "a red fox FAKE_401").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".error[role=alert]").await;
    let sent = servers.ended_requests("/images/generations", 1).await;
    assert_eq!(sent[0].status, Some(401), "{sent:?}");
    assert_eq!(
        sent[0].authorization.as_deref(),
        Some(format!("Bearer {DEMO_KEY}").as_str())
    );
    browser.wait_for("details.gateway-fold[open]").await;
    assert!(
        browser.displayed("#api-key").await,
        "the key field unfolded"
    );
    // With the key forgotten, a run is refused before anything is sent;
    // folded again by the person, the next such run opens them again.
    browser.click("button.forget-key").await;
    browser.click("button[type=submit]").await;
    browser.wait_for(".error[data-kind=MissingKey]").await;
    browser.click("details.gateway-fold > summary").await;
    browser.wait_for("details.gateway-fold:not([open])").await;
    browser.click("button[type=submit]").await;
    browser.wait_for("details.gateway-fold[open]").await;
    assert_eq!(
        servers.journal.to("/images/generations").len(),
        1,
        "nothing sent without a key"
    );

    // A remembered key the gateway no longer takes: folded at first, open
    // as soon as the model list is refused with it.
    let refused = "sk-revoked-by-the-gateway-0000";
    browser
        .client
        .execute(
            "localStorage.setItem('sinh-anh.api-key', arguments[0]);",
            vec![json!(refused)],
        )
        .await
        .unwrap();
    servers.journal.clear();
    browser.open(&servers.app_url()).await;
    let asked = servers.ended_requests("/models", 1).await;
    assert_eq!(asked[0].status, Some(401), "{asked:?}");
    assert_eq!(
        asked[0].authorization.as_deref(),
        Some(format!("Bearer {refused}").as_str())
    );
    browser.wait_for("details.gateway-fold[open]").await;
    let summary = browser.wait_for("details.gateway-fold > summary").await;
    browser.wait_for_text(&summary, "key ending …0000").await;
    browser.close().await;
}

/// The rendered size of the element at `css`, in CSS pixels.
async fn rendered(browser: &Browser, css: &str) -> (f64, f64) {
    let element = browser.wait_for(css).await;
    let size = browser
        .js_on(
            &element,
            "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];",
        )
        .await;
    (
        size[0].as_f64().unwrap_or(0.0),
        size[1].as_f64().unwrap_or(0.0),
    )
}

/// A short fingerprint of an image's pixels, drawn by the page from its
/// `src` (`data:` and `blob:` alike; the page's CSP lets it fetch neither).
async fn fingerprint(browser: &Browser, image: &fantoccini::elements::Element) -> String {
    let print = browser
        .js_on(
            image,
            "const i = arguments[0];
             const c = document.createElement('canvas');
             c.width = i.naturalWidth; c.height = i.naturalHeight;
             const g = c.getContext('2d');
             g.drawImage(i, 0, 0);
             const d = g.getImageData(0, 0, c.width, c.height).data;
             let sum = 0;
             for (let k = 0; k < d.length; k += 7) sum = (sum * 31 + d[k]) >>> 0;
             return c.width + 'x' + c.height + ':' + sum;",
        )
        .await;
    print.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_take_the_room_in_their_own_shape_and_open_large_with_one_click() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;

    // On a desktop the form is longer than the screen, and Generate stays
    // on it, beside the results, while the prompt is being written.
    let seen = browser
        .client
        .execute(
            r#"
            document.querySelector('#prompt').focus();
            const go = document.querySelector('button[type=submit]').getBoundingClientRect();
            const output = document.querySelector('section.output').getBoundingClientRect();
            return {
                formBelowScreen: document.querySelector('form.generate-form').getBoundingClientRect().bottom > innerHeight,
                generateOnScreen: go.top >= 0 && go.bottom <= innerHeight,
                besideTheResults: go.right <= output.left,
            };
            "#,
            vec![],
        )
        .await
        .expect("measure");
    assert_eq!(seen["formBelowScreen"], true, "{seen}");
    assert_eq!(seen["generateOnScreen"], true, "{seen}");
    assert_eq!(seen["besideTheResults"], true, "{seen}");

    // While waiting, the placeholder has the shape asked for, and the
    // width of the results' column (not a quarter of it).
    browser.choose("#aspect", "16:9").await;
    browser.choose("#count", "2").await;
    browser
        .fill("#prompt", "Con đường làng buổi sáng FAKE_DELAY_1500")
        .await;
    browser.click("button[type=submit]").await;
    let (w, h) = rendered(&browser, "figure.placeholder .placeholder-box").await;
    assert!((w / h - 16.0 / 9.0).abs() < 0.02, "placeholder {w}×{h}");
    assert!(w > 300.0, "placeholder {w}×{h}");

    // The images: each in its own shape, as large as the column lets it.
    let images = browser.wait_for_count("figure.image-card img", 2).await;
    assert!(browser.natural_width(&images[1]).await > 0);
    let natural = browser
        .js_on(
            &images[0],
            "return arguments[0].naturalWidth / arguments[0].naturalHeight;",
        )
        .await
        .as_f64()
        .unwrap_or(0.0);
    assert!(natural > 1.5, "a wide image was asked for: {natural}");
    let (w, h) = rendered(&browser, "figure.image-card img").await;
    assert!((w / h - natural).abs() < 0.02, "image {w}×{h}, {natural}");
    assert!(w > 300.0, "image {w}×{h}");

    // One image alone takes the whole column.
    browser.choose("#count", "1").await;
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    let image = browser.wait_for("figure.image-card img").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    browser.natural_width(&image).await;
    let (column, _) = rendered(&browser, "section.output").await;
    let (w, h) = rendered(&browser, "figure.image-card img").await;
    assert!(
        w > column * 0.9,
        "one image {w}×{h} in a {column} px column"
    );

    // Two again; the second clicked before the gallery has kept it (a
    // transaction of the test's holds the gallery's database until the
    // test lets go) opens in the lightbox as soon as it is kept: that
    // image, not the other.
    browser
        .client
        .execute(
            "const open = indexedDB.open('sinh-anh');
             open.onsuccess = () => {
               const db = open.result;
               const tx = db.transaction('images', 'readwrite');
               const store = tx.objectStore('images');
               const until = Date.now() + 30000;
               const spin = () => {
                 if (!document.body.dataset.release && Date.now() < until) store.count().onsuccess = spin;
               };
               spin();
               tx.oncomplete = () => { db.close(); document.body.dataset.held = 'done'; };
             };",
            vec![],
        )
        .await
        .unwrap();
    browser.choose("#count", "2").await;
    browser.fill("#prompt", "Hai con mèo").await;
    browser.click("button[type=submit]").await;
    let images = browser.wait_for_count("figure.image-card img", 2).await;
    let buttons = browser
        .wait_for_count("figure.image-card button.view-image", 2)
        .await;
    // Named by its content: the prompt (the image's alt), then what it
    // does; no label hides the prompt from a screen reader.
    let named = browser
        .js_on(
            &buttons[1],
            "const b = arguments[0];
             return [b.getAttribute('aria-label'), b.querySelector('img').alt, b.textContent.trim()];",
        )
        .await;
    assert!(named[0].is_null(), "{named}");
    assert_eq!(named[1], "Generated image 2: Hai con mèo", "{named}");
    assert_eq!(named[2], "(view larger)", "{named}");
    buttons[1].click().await.expect("click the second result");
    assert_eq!(
        browser
            .client
            .find_all(Locator::Css("body[data-held]"))
            .await
            .unwrap()
            .len(),
        0,
        "clicked while the gallery could not keep it yet"
    );
    assert_eq!(
        browser
            .client
            .find_all(Locator::Css("dialog.lightbox[open]"))
            .await
            .unwrap()
            .len(),
        0,
        "nothing to show before it is kept"
    );
    browser
        .client
        .execute("document.body.dataset.release = 'yes';", vec![])
        .await
        .unwrap();
    let full = browser.wait_for("dialog.lightbox[open] img.full").await;
    assert!(browser.natural_width(&full).await > 0);
    let (first, second) = (
        fingerprint(&browser, &images[0]).await,
        fingerprint(&browser, &images[1]).await,
    );
    assert_ne!(first, second, "two different images");
    assert_eq!(fingerprint(&browser, &full).await, second);
    assert_eq!(
        browser.text_of("#viewer-prompt").await,
        "Hai con mèo",
        "the lightbox names it"
    );

    // Closed, the first is one key away too (kept by now): Enter on it.
    browser.click("dialog.lightbox .close").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    buttons[0]
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter on the first result");
    let full = browser.wait_for("dialog.lightbox[open] img.full").await;
    assert!(browser.natural_width(&full).await > 0);
    assert_eq!(fingerprint(&browser, &full).await, first);

    // Deleted from the gallery there, the first result no longer opens,
    // and a click on it says why (not silence).
    let tiles = browser
        .client
        .find_all(Locator::Css(".gallery-grid .tile"))
        .await
        .unwrap()
        .len();
    browser.click(".viewer-actions button.danger").await;
    browser
        .wait_for_count(".gallery-grid .tile", tiles - 1)
        .await;
    browser.click("dialog.lightbox[open] .close").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    buttons[0].click().await.expect("click the deleted one");
    let said = browser.wait_for(".save-problem").await;
    browser
        .wait_for_text(&said, "deleted from the gallery")
        .await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    // Its download still works, from the result's own bytes.
    let download = browser.wait_for("figure.image-card a.download").await;
    let name = download.attr("download").await.unwrap().unwrap_or_default();
    assert_eq!(name, "hai-con-meo-1.png");
    download.click().await.expect("download the deleted one");
    let (_, bytes) = browser.downloaded(&name).await;
    assert!(bytes.starts_with(b"\x89PNG"), "{} bytes", bytes.len());
    browser.close().await;
}
