//! The gallery in Chromium against the mock: images and their prompts
//! survive a reload; search; the lightbox, its keys and a swipe; a selection
//! downloads as a zip that an independent reader opens (real PNGs inside,
//! and the history to import it again); delete asks first and Undo brings
//! the images back; a full quota keeps the image on screen and says so;
//! the zip imports into a fresh browser; Copy image, Share (to a stand-in
//! share sheet) and Reuse work; an
//! image sent as a link is fetched and kept as bytes; an import trusts
//! nothing in the file, and reads a large one a slice at a time; every tile
//! is named, before its thumbnail comes and without a prompt.

use e2e::{Browser, Servers};
use fantoccini::key::Key;
use serde_json::json;
use std::io::Read;
use std::time::{Duration, Instant};

/// Chooses a file in the gallery's Import field.
async fn import(browser: &Browser, path: &std::path::Path) {
    browser
        .wait_for(".gallery-tools input[type=file]")
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("choose the file");
}

/// Waits until the gallery has loaded (not just "loading") and is empty.
async fn wait_for_an_empty_gallery(browser: &Browser) {
    let empty = browser.wait_for(".gallery-empty").await;
    browser.wait_for_text(&empty, "kept here").await;
    browser.wait_for_count(".gallery-grid .tile", 0).await;
}

async fn captions(browser: &Browser) -> Vec<String> {
    let mut texts = Vec::new();
    for caption in browser
        .client
        .find_all(fantoccini::Locator::Css(".gallery-grid .tile figcaption"))
        .await
        .unwrap()
    {
        texts.push(caption.text().await.unwrap());
    }
    texts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_survive_a_reload_and_a_selection_downloads_as_a_zip() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    // Counts the page's requests to keep its storage (a stand-in: the
    // answer is the browser's, and changes nothing for the page).
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__persistAsked = 0;
                const persist = navigator.storage.persist.bind(navigator.storage);
                navigator.storage.persist = () => { window.__persistAsked += 1; return persist(); };"}),
        )
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    browser.wait_for(".gallery").await;

    browser.generate("a red fox in the snow", "1", 1).await;
    browser.generate("Một con cá voi xanh", "2", 3).await;
    // The space used is shown, and keeping it was asked once, on the
    // first save.
    let usage = browser.wait_for(".gallery-head .usage").await;
    let used = browser.wait_for_text(&usage, " used of ").await;
    assert!(used.contains("MB") || used.contains("KB"), "{used}");
    let asked = browser
        .client
        .execute("return window.__persistAsked", vec![])
        .await
        .unwrap();
    assert_eq!(asked, json!(1), "persist() asked once");
    assert_eq!(
        captions(&browser).await,
        [
            "Một con cá voi xanh",
            "Một con cá voi xanh",
            "a red fox in the snow"
        ],
        "newest first"
    );

    // A reload: everything is still there, thumbnails decoded.
    browser.open(&servers.app_url()).await;
    let tiles = browser.wait_for_count(".gallery-grid .tile img", 3).await;
    assert_eq!(
        captions(&browser).await,
        [
            "Một con cá voi xanh",
            "Một con cá voi xanh",
            "a red fox in the snow"
        ]
    );
    for tile in &tiles {
        // (Brought into view first: a thumbnail's URL is made as it nears
        // the screen.)
        let width = browser.natural_width(tile).await;
        assert_eq!(width, 384, "a thumbnail, sized down from 1024");
        let src = tile.attr("src").await.unwrap().unwrap_or_default();
        assert!(src.starts_with("blob:"), "{src}");
    }

    browser
        .js_on(&tiles[0], "arguments[0].scrollIntoView({block: 'center'})")
        .await;
    browser.screenshot("gallery").await;

    // Search ignores case and diacritics.
    browser.fill(".gallery-search", "CA VOI").await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    browser.fill(".gallery-search", "fox").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    // Said as it changes (a live region), not only seen in the grid.
    let said = browser.wait_for(".gallery-empty[role=status]").await;
    browser.wait_for_text(&said, "1 of 3 images matches.").await;
    // Clearing by WebDriver sends no input event; a space is typed, and
    // a blank query matches everything.
    browser.fill(".gallery-search", " ").await;
    browser.wait_for_count(".gallery-grid .tile", 3).await;

    // The lightbox: full size, → moves on, Esc closes.
    browser.click(".gallery-grid .tile .thumb").await;
    let full = browser.wait_for("dialog.lightbox[open] img.full").await;
    assert_eq!(browser.natural_width(&full).await, 1024);
    let prompt = browser.wait_for(".viewer-prompt").await;
    assert_eq!(prompt.text().await.unwrap(), "Một con cá voi xanh");
    browser.screenshot("gallery-lightbox").await;
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys(&Key::Right.to_string()).await.unwrap();
    focused.send_keys(&Key::Right.to_string()).await.unwrap();
    let prompt = browser.wait_for(".viewer-prompt").await;
    browser.wait_for_text(&prompt, "a red fox").await;
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys(&Key::Left.to_string()).await.unwrap();
    let prompt = browser.wait_for(".viewer-prompt").await;
    browser.wait_for_text(&prompt, "Một con cá voi xanh").await;
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys(&Key::Escape.to_string()).await.unwrap();
    browser.wait_for_count("dialog.lightbox[open]", 0).await;

    // Select all → one zip.
    browser.click(".gallery-tools .select-mode").await;
    browser
        .click(".selection-bar button.secondary:nth-of-type(1)")
        .await;
    browser.wait_for_count(".tile.selected", 3).await;
    browser.screenshot("gallery-selection").await;
    browser
        .click(".selection-bar button:not(.secondary):not(.danger)")
        .await;
    let (name, bytes) = browser.downloaded(".zip").await;
    assert!(name.starts_with("sinh-anh-"), "{name}");

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    assert_eq!(archive.len(), 4, "history.json and three images");
    let mut history = String::new();
    archive
        .by_name("history.json")
        .expect("history.json")
        .read_to_string(&mut history)
        .unwrap();
    let history: serde_json::Value = serde_json::from_str(&history).unwrap();
    let items = history["images"].as_array().expect("images");
    assert_eq!(items.len(), 3);
    for item in items {
        let file = item["file"].as_str().unwrap();
        let mut png = Vec::new();
        archive
            .by_name(file)
            .unwrap_or_else(|_| panic!("{file} in the zip"))
            .read_to_end(&mut png)
            .unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().expect("a real PNG");
        assert_eq!(reader.info().width, 1024);
        // Each entry matches its file: size, checksum, and what made it.
        assert_eq!(item["entry"]["bytes"].as_u64(), Some(png.len() as u64));
        let crc = crc32fast::hash(&png);
        assert_eq!(
            item["entry"]["crc32"].as_u64(),
            Some(u64::from(crc)),
            "{file}"
        );
        let prompt = item["entry"]["prompt"].as_str().unwrap();
        let expected = if file.ends_with("a-red-fox-in-the-snow-1.png") {
            "a red fox in the snow"
        } else {
            "Một con cá voi xanh"
        };
        assert_eq!(prompt, expected, "{file}");
        assert_eq!(item["entry"]["model"], "imagen-4");
    }
    browser.close().await;

    // The zip is also the export format: a fresh browser imports it.
    let path = std::env::temp_dir().join(format!("sinh-anh-e2e-{}.zip", std::process::id()));
    std::fs::write(&path, archive.into_inner().into_inner()).unwrap();
    let other = Browser::start().await;
    other.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&other).await;
    import(&other, &path).await;
    other.wait_for_count(".gallery-grid .tile", 3).await;
    let notice = other.wait_for(".gallery-notice").await;
    other.wait_for_text(&notice, "Imported 3").await;
    assert_eq!(
        captions(&other).await,
        [
            "Một con cá voi xanh",
            "Một con cá voi xanh",
            "a red fox in the snow"
        ],
        "the same images, in the same order"
    );
    // Twice is harmless.
    import(&other, &path).await;
    other.wait_for_text(&notice, "3 were already here").await;
    other.wait_for_count(".gallery-grid .tile", 3).await;
    let _ = std::fs::remove_file(&path);

    // Refused by the browser (the person said no to the clipboard): said
    // in the page's words, not the browser's.
    other.deny("clipboard-write").await;
    let tiles = other.wait_for_count(".gallery-grid .tile .thumb", 3).await;
    tiles[0].click().await.unwrap();
    other.click(".viewer-actions button.copy-image").await;
    let said = other.wait_for(".viewer .copied").await;
    other
        .wait_for_text(
            &said,
            "Copying failed: the browser did not allow it here; select the image and copy it.",
        )
        .await;

    // Allowed: Copy image puts a PNG on the clipboard.
    other.grant("clipboard-write").await;
    other.grant("clipboard-read").await;
    other.click(".viewer-actions button.copy-image").await;
    other.wait_for_text(&said, "Image copied").await;
    let pasted = other
        .client
        .execute_async(
            "const [done] = arguments;
             navigator.clipboard.read()
               .then(items => items[0].getType('image/png'))
               .then(blob => createImageBitmap(blob))
               .then(bitmap => done([bitmap.width, bitmap.height]), e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        pasted,
        serde_json::json!([1024, 1024]),
        "the image, pasted back"
    );
    other
        .client
        .find(fantoccini::Locator::Css(".viewer-nav .close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    other.wait_for_count("dialog.lightbox[open]", 0).await;

    other.close().await;
}

/// Reuse puts back everything that made an image, its model and number and
/// ratio too (not the form's defaults), gives the prompt focus, and a
/// site's lock still wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reuse_restores_what_made_an_image_and_a_lock_still_wins() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;
    browser.fill("#model", "gemini-image-big").await;
    browser.choose("#aspect", "21:9").await;
    browser.generate("a wide lighthouse", "3", 3).await;
    // Back to everything else (the chat model too), and a reload: what
    // Reuse reads is what was kept, not what the page still held.
    browser.fill("#model", "gemini-something-else").await;
    browser.click("#prompt").await; // commits the field
    browser.choose("#method", "standard").await;
    browser.choose("#count", "1").await;
    browser.choose("#aspect", "").await;
    browser.open(&servers.app_url()).await;
    browser.wait_for_count(".gallery-grid .tile", 3).await;
    assert_eq!(browser.value_of("#count").await, "1");
    browser.choose("#method", "chat").await;
    assert_eq!(browser.value_of("#model").await, "gemini-something-else");
    browser.choose("#method", "standard").await;
    browser.fill("#prompt", "something else").await;

    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open]").await;
    browser.click(".viewer-actions button.reuse").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    assert_eq!(browser.value_of("#prompt").await, "a wide lighthouse");
    assert_eq!(browser.value_of("#method").await, "chat");
    assert_eq!(browser.value_of("#model").await, "gemini-image-big");
    assert_eq!(browser.value_of("#count").await, "3");
    assert_eq!(browser.value_of("#aspect").await, "21:9");
    let focused = browser
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, serde_json::json!("prompt"));
    browser.close().await;

    // The same image under a site that locks the method: the lock wins.
    let path = export_path("reuse");
    let entries = [(5_000, 1.7e12, "images/a.png".to_string())];
    let zip = export_zip_with(
        &path,
        &entries,
        &[("images/a.png".into(), tiny_png(4))],
        &[],
        |entry| {
            entry["method"] = "chat".into();
            entry["model"] = "gemini-image-big".into();
            entry["count"] = 3.into();
            entry["aspect"] = "3:2".into();
        },
    );
    let locked = Servers::start(
        Some(serde_json::json!({"baseUrl": "{gateway}", "demoKey": e2e::DEMO_KEY, "method": "standard", "lock": ["method"]})),
        "/",
    )
    .await;
    let browser = Browser::start().await;
    browser.open(&locked.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &zip).await;
    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open]").await;
    browser.click(".viewer-actions button.reuse").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    assert_eq!(
        browser.value_of("#method").await,
        "standard",
        "the lock wins"
    );
    assert_eq!(browser.value_of("#count").await, "3");
    assert_eq!(browser.value_of("#prompt").await, "imported 5000");
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

/// The focused element is a notice on screen (not clipped away), saying
/// `words` (Undo, when offered, follows them).
async fn focused_notice_says(browser: &Browser, words: &str) {
    let seen = browser
        .client
        .execute(
            "const e = document.activeElement;
             return [e.querySelector('.notice-text').textContent, e.getBoundingClientRect().height];",
            vec![],
        )
        .await
        .expect("the focused notice");
    assert_eq!(seen[0], words, "{seen}");
    assert!(
        seen[1].as_f64().is_some_and(|h| h > 10.0),
        "on screen: {seen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_first_and_undo_brings_the_images_back() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.generate("three lanterns", "3", 3).await;

    // A thumbnail's focus ring is drawn inside it: a tile paints nothing
    // outside its own box (content-visibility), which cut the ring off.
    let ring = browser
        .client
        .execute(
            "const t = document.querySelector('.gallery-grid .tile .thumb');
             t.focus({focusVisible: true});
             const s = getComputedStyle(t);
             return [t.matches(':focus-visible'), s.outlineStyle,
                     parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth)];",
            vec![],
        )
        .await
        .expect("focus a thumbnail");
    assert_eq!(ring[0], true, "{ring}");
    assert_eq!(ring[1], "solid", "{ring}");
    assert!(
        ring[2].as_f64().is_some_and(|out| out <= 0.0),
        "inside: {ring}"
    );

    browser.click(".gallery-tools .select-mode").await;
    let checks = browser.wait_for_count(".tile-check", 3).await;
    // One Tab stop per image while selecting: the thumbnail, a toggle
    // (the tick box is for the pointer), and Space toggles it.
    let thumb_focused = "return [...document.querySelectorAll('.gallery-grid .thumb')]
                          .indexOf(document.activeElement)";
    browser
        .client
        .execute(
            "document.querySelector('.gallery-grid .thumb').focus()",
            vec![],
        )
        .await
        .unwrap();
    browser.press("\u{E004}").await;
    assert_eq!(
        browser.client.execute(thumb_focused, vec![]).await.unwrap(),
        1,
        "Tab from the first thumbnail goes to the second"
    );
    browser.press(" ").await;
    browser.wait_for_count(".tile.selected", 1).await;
    assert_eq!(
        browser
            .client
            .execute(
                "return document.activeElement.getAttribute('aria-pressed')",
                vec![]
            )
            .await
            .unwrap(),
        "true"
    );
    browser.press(" ").await;
    browser.wait_for_count(".tile.selected", 0).await;
    checks[0].click().await.unwrap();
    checks[1].click().await.unwrap();
    browser.wait_for_count(".tile.selected", 2).await;
    browser.click(".selection-bar button.danger").await;
    // Nothing is gone until the question is answered.
    browser.wait_for(".selection-bar .confirm").await;
    assert_eq!(
        browser.wait_for_count(".gallery-grid .tile", 3).await.len(),
        3
    );
    browser.screenshot("gallery-confirm-delete").await;
    // Kept: the question goes, focus back on Delete.
    browser.click(".selection-bar .confirm .secondary").await;
    browser.wait_for_count(".selection-bar .confirm", 0).await;
    browser.focus_comes_to("danger").await;
    browser.click(".selection-bar button.danger").await;
    browser.click(".selection-bar .confirm-delete").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;

    // Deleted: focus on what was done (the notice, Undo next to it), not
    // lost to the page with the question's buttons.
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "2").await;
    browser.focus_comes_to("gallery-notice").await;
    focused_notice_says(&browser, "2 images deleted.").await;
    browser.click(".gallery-notice button.undo").await;
    browser.wait_for_count(".gallery-grid .tile", 3).await;
    browser.focus_comes_to("gallery-notice").await;
    focused_notice_says(&browser, "2 images put back.").await;
    // Undone in storage too, images and all.
    browser.open(&servers.app_url()).await;
    for thumb in browser.wait_for_count(".gallery-grid .tile img", 3).await {
        assert_eq!(browser.natural_width(&thumb).await, 384);
    }

    // The viewer opens on the first image with focus on Close; ← leads
    // nowhere there, and says so.
    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open] img.full").await;
    browser.focus_comes_to("close").await;
    let place = browser
        .wait_for("dialog.lightbox[open] .viewer-position")
        .await;
    assert_eq!(place.text().await.unwrap(), "1 of 3");
    browser
        .wait_for("dialog.lightbox[open] .previous[aria-disabled=true]")
        .await;
    browser
        .wait_for_count("dialog.lightbox[open] .next[aria-disabled]", 0)
        .await;
    // → moves on, and focus stays on →.
    browser.click("dialog.lightbox[open] .next").await;
    browser
        .wait_for_count("dialog.lightbox[open] .previous[aria-disabled]", 0)
        .await;
    browser.focus_comes_to("next").await;
    // Said where it is (a live region): the arrows do not move in silence.
    browser.wait_for_text(&place, "2 of 3").await;
    assert_eq!(
        place.attr("aria-live").await.unwrap().as_deref(),
        Some("polite")
    );
    browser.click("dialog.lightbox[open] .next").await;
    browser
        .wait_for("dialog.lightbox[open] .next[aria-disabled=true]")
        .await;
    browser.focus_comes_to("next").await;

    // Deleted from the viewer (the last image): the one before shows, focus
    // on its Delete, and the viewer says so with Undo.
    browser.click(".viewer-actions button.danger").await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    browser.wait_for("dialog.lightbox[open] img.full").await;
    browser.focus_comes_to("danger").await;
    browser
        .wait_for("dialog.lightbox[open] .next[aria-disabled=true]")
        .await;
    let said = browser
        .wait_for("dialog.lightbox[open] .gallery-notice")
        .await;
    browser.wait_for_text(&said, "1").await;
    browser
        .click("dialog.lightbox[open] .gallery-notice button.undo")
        .await;
    browser.wait_for_count(".gallery-grid .tile", 3).await;
    // Undone in the viewer: focus stays in it.
    browser.focus_comes_to("gallery-notice").await;
    browser
        .wait_for("dialog.lightbox[open] .gallery-notice:focus")
        .await;
    focused_notice_says(&browser, "1 image put back.").await;

    // A delete without undo stays deleted after a reload.
    browser.click(".viewer-actions button.danger").await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    // The lightbox stays, on the next image.
    browser.wait_for("dialog.lightbox[open] img.full").await;
    browser.open(&servers.app_url()).await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;

    // In Vietnamese, the viewer says how an image was made in its words.
    browser.choose(".language select", "vi").await;
    browser.click(".gallery-grid .tile .thumb").await;
    let how = browser.wait_for("dialog.lightbox[open] .viewer dd").await;
    browser.wait_for_text(&how, " · chuẩn").await;
    let place = browser
        .wait_for("dialog.lightbox[open] .viewer-position")
        .await;
    assert_eq!(place.text().await.unwrap(), "1/2");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_a_delete_in_the_viewer_shows_its_undo() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(360, 740, true).await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    browser.generate("a square heron", "2", 2).await;

    // An answer's images are listed in their order: result 1 opens as
    // "1 of 2" (it opened as "2 of 2", → leading nowhere).
    browser.click("figure.image-card button.view-image").await;
    let place = browser
        .wait_for("dialog.lightbox[open] .viewer-position")
        .await;
    browser.wait_for_text(&place, "1 of 2").await;
    browser.click("dialog.lightbox[open] .close").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;

    // A notice of the page's (a selection deleted and put back) is old
    // news in the viewer opened afterwards: not said there.
    browser.click(".gallery-tools .select-mode").await;
    browser.wait_for_count(".tile-check", 2).await[0]
        .click()
        .await
        .unwrap();
    browser.click(".selection-bar button.danger").await;
    browser.click(".selection-bar .confirm-delete").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    browser.click(".gallery-notice button.undo").await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    browser.click(".gallery-tools .select-mode").await;
    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open] img.full").await;
    browser.wait_for_text(&place, "1 of 2").await;
    // (Its live region is there, silent: a region that comes with its
    // words may not be read out.)
    let silent = browser
        .wait_for("dialog.lightbox[open] .gallery-notice .notice-text")
        .await;
    assert_eq!(silent.text().await.unwrap(), "");
    browser
        .wait_for_count("dialog.lightbox[open] .gallery-notice button.undo", 0)
        .await;

    // Deleted in the viewer: its Undo is on screen at once (it sat below
    // the dialog's fold, under a square image, on a phone).
    browser.click(".viewer-actions button.danger").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    let undo = browser
        .wait_for("dialog.lightbox[open] .gallery-notice button.undo")
        .await;
    let seen = browser
        .js_on(
            &undo,
            "const r = arguments[0].getBoundingClientRect();
             return [r.top, r.bottom, innerHeight];",
        )
        .await;
    let (top, bottom, height) = (
        seen[0].as_f64().unwrap_or(-1.0),
        seen[1].as_f64().unwrap_or(f64::MAX),
        seen[2].as_f64().unwrap_or(0.0),
    );
    assert!(
        top >= 0.0 && bottom <= height,
        "Undo on screen: {top}..{bottom} of {height}"
    );
    // Put back, it is the image shown again, where it was.
    undo.click().await.unwrap();
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    browser.wait_for_text(&place, "1 of 2").await;
    browser.click("dialog.lightbox[open] .close").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;

    // Chat: three answers of one image each, kept as each arrives, are
    // listed in the results' order too: result 1 is the newest, "1 of 5".
    // The third answer is held back a moment, so image 1 is not the last
    // to arrive (then arrival order alone would have listed it first).
    browser
        .client
        .execute(
            "const fetch = window.fetch.bind(window);
             let chats = 0;
             window.fetch = (input, init) => {
               const url = String(input && input.url || input);
               const third = url.endsWith('/chat/completions') && ++chats === 3;
               return third
                 ? new Promise(r => setTimeout(r, 1500)).then(() => fetch(input, init))
                 : fetch(input, init);
             };",
            vec![],
        )
        .await
        .expect("hold back the third answer");
    browser.choose("#method", "chat").await;
    browser.generate("three chat herons", "3", 5).await;
    browser.click("figure.image-card button.view-image").await;
    browser.wait_for_text(&place, "1 of 5").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_quota_keeps_the_image_on_screen_and_says_so() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for(".gallery").await;
    // The browser refuses every write as a full disk does.
    browser
        .client
        .execute(
            "IDBObjectStore.prototype.put = function () {
               throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
             };",
            vec![],
        )
        .await
        .unwrap();
    browser.fill("#prompt", "a lighthouse").await;
    browser.choose("#count", "1").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let notice = browser.wait_for(".gallery-notice.problem").await;
    browser.wait_for_text(&notice, "full").await;
    // Said beside the image too: the gallery may be out of sight.
    let beside = browser.wait_for(".output .save-problem").await;
    browser.wait_for_text(&beside, "could not be saved").await;
    browser.screenshot("gallery-quota").await;
    // Still on screen, still downloadable, nothing half-written.
    browser
        .wait_for_count("figure.image-card a[download]", 1)
        .await;
    browser.wait_for_count(".gallery-grid .tile", 0).await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_sent_as_a_link_is_fetched_and_kept_too() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    // The mock answers `data[].url`, a PNG on its own (CORS-enabled) server.
    browser
        .generate("a kite over the dunes FAKE_URL", "1", 1)
        .await;
    browser.open(&servers.app_url()).await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    browser.click(".gallery-grid .tile .thumb").await;
    let full = browser.wait_for("dialog.lightbox[open] img.full").await;
    let src = full.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with("blob:"),
        "kept as bytes, not as the link: {src}"
    );
    assert_eq!(browser.natural_width(&full).await, 1024);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_gallery_shows_a_page_at_a_time_and_the_rest_as_the_person_scrolls() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    a_gallery_of(&browser, 300).await;
    browser.open(&servers.app_url()).await;

    // The first page, and a button that says what is left.
    let tiles = browser.wait_for_count(".gallery-grid .tile img", 120).await;
    // A thumbnail far from the screen has no URL made for it yet (making
    // one costs the browser about a millisecond): the page's last.
    let last = &tiles[119];
    assert_eq!(last.attr("src").await.expect("read src"), None);
    let more = browser.wait_for(".show-more").await;
    browser
        .wait_for_text(&more, "Show 120 more (180 not shown)")
        .await;
    // Pressed (its click alone, as a keyboard's Enter gives it: a
    // WebDriver click would first scroll it near the screen, where it
    // asks for more by itself): the next page joins.
    browser
        .client
        .execute(
            "document.querySelector('.gallery-grid').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll to the gallery");
    browser.js_on(&more, "arguments[0].click()").await;
    browser.wait_for_count(".gallery-grid .tile", 240).await;
    browser
        .wait_for_text(&more, "Show 60 more (60 not shown)")
        .await;
    // Scrolled near the end: the rest join by themselves, and the button
    // goes.
    browser
        .client
        .execute(
            "document.querySelector('.show-more').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll to the end");
    browser.wait_for_count(".gallery-grid .tile", 300).await;
    assert!(
        !browser.displayed(".show-more").await,
        "nothing left to show"
    );
    // Scrolled past, the first page's last thumbnail got its URL, and
    // shows.
    assert!(browser.natural_width(last).await > 0, "shown once near");
    let src = last
        .attr("src")
        .await
        .expect("read src")
        .unwrap_or_default();
    assert!(src.starts_with("blob:"), "{src}");

    // One list, laid out a grid per page: 120, 120 and 60 tiles, newest
    // first across them.
    let grids = browser
        .client
        .execute(GRIDS, vec![])
        .await
        .expect("read the grids");
    assert_eq!(grids["tiles"], json!([120, 120, 60]), "{grids}");
    assert_eq!(grids["newestFirst"], json!(true), "{grids}");
    let gaps = &grids["gaps"];
    assert!(gaps[0].as_f64() > Some(0.0), "{grids}");
    assert_eq!(gaps[0], gaps[1], "no seam where two grids meet: {grids}");
    // To a screen reader, still one list of 300 images.
    assert_eq!(
        lists_of_listitems(&browser).await,
        vec![("list".to_string(), 300)]
    );
    // At every width, as many columns of 10rem as fit, but always a count
    // that divides a page: no row is left short where two grids meet.
    let columns = columns_from(&browser, 300, 2000).await;
    let at = |width| columns.iter().find(|c| c.0 == width).map(|c| c.1);
    assert_eq!(at(1200), Some(6), "7 would fit: 6");
    assert_eq!(at(1400), Some(8), "as many as fit");
    assert_eq!(
        counts_dividing_a_page(&columns, 160.0),
        [1, 2, 3, 4, 5, 6, 8, 10]
    );
    // On a phone, columns of 7rem: three across most phones' galleries.
    browser.as_phone(390, 844, true).await;
    let columns = columns_from(&browser, 200, 460).await;
    let at = |width| columns.iter().find(|c| c.0 == width).map(|c| c.1);
    assert_eq!(at(360), Some(3), "{columns:?}");
    assert_eq!(counts_dividing_a_page(&columns, 112.0), [1, 2, 3]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focused_tile_keeps_the_focus_as_a_new_image_moves_it_to_the_next_grid() {
    let (_servers, browser, tiles, _) = two_pages_of_300().await;
    let id = tiles[119]
        .attr("data-id")
        .await
        .expect("read data-id")
        .expect("a tile's id");
    // A run started (the gateway takes 1.5 s), and while it is made the
    // person moves on to the first grid's last image.
    browser.fill("#prompt", "one more FAKE_DELAY_1500").await;
    browser.choose("#count", "1").await;
    browser.click("button[type=submit]").await;
    browser
        .client
        .execute(
            "document.querySelectorAll('.gallery-grid .thumb')[119].focus()",
            vec![],
        )
        .await
        .expect("focus the 120th");
    let focused = browser
        .client
        .execute(
            "return document.activeElement.closest('.tile').dataset.id",
            vec![],
        )
        .await
        .expect("read the focus");
    assert_eq!(focused, json!(id), "focused before the image came");
    // The new image is saved first: the 120th is now the second grid's
    // first, made anew there, and the focus went with it.
    browser
        .wait_for_js(
            "return document.querySelector('.gallery-grid .tile img').alt === 'one more FAKE_DELAY_1500'",
            "the new image first",
        )
        .await;
    let moved = format!(".gallery-page:nth-child(2) > .tile[data-id='{id}'] .thumb");
    browser
        .wait_for_js(
            &format!("return document.activeElement.matches(\"{moved}\")"),
            "the focus on the tile it was on, in the next grid",
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_starts_from_the_gallerys_first_page() {
    let path = tiny_export("onto-two-pages", 3);
    let (_servers, browser, _, more) = two_pages_of_300().await;
    // Import is pressed at the gallery's top: the page goes back to its
    // first 120 tiles, one grid, and the rest wait to be scrolled to.
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "Imported 3 of 3").await;
    browser.wait_for_count(".gallery-grid .tile", 120).await;
    browser
        .wait_for_count(".gallery-grid .gallery-page", 1)
        .await;
    browser
        .wait_for_text(&more, "Show 120 more (183 not shown)")
        .await;
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

/// The gallery's grids: how many tiles each holds, whether the ids fall
/// from the first tile to the last, and the gaps between rows.
const GRIDS: &str = "
const grids = [...document.querySelectorAll('.gallery-grid > .gallery-page')];
const ids = [...document.querySelectorAll('.gallery-grid .tile')].map(t => Number(t.dataset.id));
const box = t => t.getBoundingClientRect();
const [first, second] = grids.map(g => [...g.querySelectorAll(':scope > .tile')]);
const columns = getComputedStyle(grids[0]).gridTemplateColumns.split(' ').length;
return {
  tiles: grids.map(g => g.querySelectorAll(':scope > .tile').length),
  newestFirst: ids.every((id, i) => i === 0 || id < ids[i - 1]),
  // From a row to the next inside a grid, and from one grid to the next.
  gaps: [box(first[columns]).top - box(first[0]).bottom,
         box(second[0]).top - box(first[first.length - 1]).bottom],
};";

/// The page's list items as Chromium's accessibility tree has them, by
/// what holds them (the first ancestor not left out of the tree): that
/// holder's role and how many items it holds.
async fn lists_of_listitems(browser: &Browser) -> Vec<(String, usize)> {
    let tree = browser
        .cdp("Accessibility.getFullAXTree", json!({}))
        .await
        .expect("the accessibility tree");
    let nodes = tree["nodes"].as_array().cloned().unwrap_or_default();
    let by_id: std::collections::HashMap<&str, &serde_json::Value> = nodes
        .iter()
        .filter_map(|n| Some((n["nodeId"].as_str()?, n)))
        .collect();
    let role = |n: &serde_json::Value| n["role"]["value"].as_str().unwrap_or("").to_string();
    let mut holders: Vec<(String, String, usize)> = Vec::new();
    for item in nodes
        .iter()
        .filter(|n| role(n) == "listitem" && n["ignored"] != json!(true))
    {
        let mut up = item["parentId"].as_str().and_then(|id| by_id.get(id));
        while let Some(n) = up.filter(|n| n["ignored"] == json!(true)) {
            up = n["parentId"].as_str().and_then(|id| by_id.get(id));
        }
        let (id, r) = up.map_or((String::new(), String::new()), |n| {
            (n["nodeId"].as_str().unwrap_or("").to_string(), role(n))
        });
        match holders.iter_mut().find(|h| h.0 == id) {
            Some(h) => h.2 += 1,
            None => holders.push((id, r, 1)),
        }
    }
    holders.into_iter().map(|(_, r, n)| (r, n)).collect()
}

/// The first grid's columns with the gallery `from` to `to` px wide, 20 px
/// at a time: `(width, columns, narrowest column in px)`. Checks that the
/// grids stay one under another at each width.
async fn columns_from(browser: &Browser, from: u32, to: u32) -> Vec<(u64, u64, f64)> {
    let columns = browser
        .client
        .execute(COLUMNS, vec![json!(from), json!(to)])
        .await
        .expect("read the columns");
    let columns: Vec<(u64, u64, f64, bool)> = serde_json::from_value(columns).expect("widths");
    columns
        .into_iter()
        .map(|(width, n, narrowest, stacked)| {
            assert!(stacked, "the grids side by side at {width} px");
            (width, n, narrowest)
        })
        .collect()
}

/// The column counts seen: each divides a page of 120 (a row left short
/// between two grids otherwise) and no column is narrower than `least`.
fn counts_dividing_a_page(columns: &[(u64, u64, f64)], least: f64) -> Vec<u64> {
    let mut seen = Vec::new();
    for &(width, n, narrowest) in columns {
        assert!(120 % n == 0, "{n} columns at {width} px: a short row");
        assert!(
            narrowest >= least,
            "{n} columns at {width} px: {narrowest} px"
        );
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    seen
}

const COLUMNS: &str = "
const [from, to] = arguments;
const list = document.querySelector('.gallery-grid');
const grids = [...list.querySelectorAll('.gallery-page')];
const out = [];
for (let width = from; width <= to; width += 20) {
  list.style.width = width + 'px';
  const columns = getComputedStyle(grids[0]).gridTemplateColumns.split(' ').map(parseFloat);
  const stacked = grids.every(g => g.offsetLeft === grids[0].offsetLeft);
  out.push([width, columns.length, Math.min(...columns), stacked]);
}
list.style.width = '';
return out;";

/// A gallery of 300 saved images, opened, with Show more pressed: its 240
/// tiles, and the button.
async fn two_pages_of_300() -> (
    Servers,
    Browser,
    Vec<fantoccini::elements::Element>,
    fantoccini::elements::Element,
) {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    a_gallery_of(&browser, 300).await;
    browser.open(&servers.app_url()).await;
    browser.wait_for_count(".gallery-grid .tile", 120).await;
    let more = browser.wait_for(".show-more").await;
    browser.js_on(&more, "arguments[0].click()").await;
    let tiles = browser.wait_for_count(".gallery-grid .tile", 240).await;
    (servers, browser, tiles, more)
}

/// A gallery of `n` saved images: one made, then copied in IndexedDB.
async fn a_gallery_of(browser: &Browser, n: usize) {
    browser.generate("a gallery of many", "1", 1).await;
    let seeded = browser
        .client
        .execute_async(e2e::bench::SEED_GALLERY, vec![json!(n)])
        .await
        .expect("seed the gallery");
    assert_eq!(seeded, json!({"ok": true}));
}

/// Whether Export history and Select are disabled: `[export, select]`.
async fn export_and_select_disabled(browser: &Browser) -> [bool; 2] {
    let mut disabled = [false; 2];
    for (i, button) in [".gallery-tools .export", ".gallery-tools .select-mode"]
        .iter()
        .enumerate()
    {
        let said = browser.wait_for(button).await.prop("disabled").await;
        disabled[i] = said.expect("read disabled").as_deref() == Some("true");
    }
    disabled
}

/// Spoils two of the seeded records in place: the newest (its `meta` no
/// longer JSON) and the tenth oldest (written by a newer app, schema 99).
/// Answers their ids, and the id of the one seeded from.
const SPOIL: &str = "const done = arguments[0];
  const open = indexedDB.open('sinh-anh');
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction('images', 'readwrite');
    const store = tx.objectStore('images');
    store.getAllKeys().onsuccess = e => {
      const keys = e.target.result;
      const [base, old, newest] = [keys[0], keys[9], keys[keys.length - 1]];
      store.get(newest).onsuccess = e => store.put({ ...e.target.result, meta: '{not json' });
      store.get(old).onsuccess = e => store.put({ ...e.target.result, v: 99 });
      tx.oncomplete = () => { db.close(); done([newest, old, base]); };
    };
  };";

/// Holds the gallery's store from this tab (a transaction kept busy) until
/// `window.release` is set.
const HOLD: &str = "const open = indexedDB.open('sinh-anh');
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction('images', 'readwrite');
    const store = tx.objectStore('images');
    const until = Date.now() + 60000;
    const spin = () => {
      if (!window.release && Date.now() < until) store.count().onsuccess = spin;
    };
    spin();
    window.holding = true;
    tx.oncomplete = () => db.close();
  };";

/// Records, each time the gallery's tiles change while it still says it is
/// opening, whether Export and Select are disabled: `[export, select]`.
const PART_READ: &str = "window.__partRead = [];
  new MutationObserver(() => {
    const tiles = document.querySelectorAll('.gallery-grid .tile').length;
    const said = document.querySelector('.gallery-empty');
    if (tiles > 0 && said && said.textContent.includes('Opening')) {
      const disabled = b => document.querySelector('.gallery-tools ' + b).disabled;
      window.__partRead.push([disabled('.export'), disabled('.select-mode')]);
    }
  }).observe(document, { childList: true, subtree: true });";

/// A large gallery is read a batch at a time, the newest first. While it is
/// read (held back here by another tab's transaction), the page says so
/// and offers neither Export nor Select, which would act on part of it.
/// Records that cannot be read, wherever they fall, are counted, said, and
/// left as they were.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_gallery_is_read_newest_first_and_its_unreadable_records_are_said_and_left_alone() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    a_gallery_of(&browser, 300).await;
    let spoiled = browser
        .client
        .execute_async(SPOIL, vec![])
        .await
        .expect("spoil two records");
    let id = |i: usize| spoiled[i].as_u64().expect("an id");
    let (newest, old, base) = (id(0), id(1), id(2));

    let app = browser.client.window().await.expect("this tab");
    let holder = browser.client.new_window(true).await.expect("a tab").handle;
    browser
        .client
        .switch_to_window(holder.clone())
        .await
        .expect("to the other tab");
    browser
        .client
        .goto(&format!("{}config.json", servers.app_url()))
        .await
        .expect("a file of the site");
    browser.client.execute(HOLD, vec![]).await.expect("hold");
    browser
        .wait_for_js("return window.holding === true", "the store held")
        .await;
    browser
        .client
        .switch_to_window(app.clone())
        .await
        .expect("back to the app");
    // Every time tiles change while the gallery is still being read (the
    // page painting between batches), whether Export and Select could be
    // pressed: a watcher in the page, run right after each change.
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": PART_READ}),
        )
        .await
        .expect("watch the gallery as it is read");
    browser.open(&servers.app_url()).await;
    let said = browser.wait_for(".gallery-empty").await;
    browser.wait_for_text(&said, "Opening the gallery").await;
    assert_eq!(
        export_and_select_disabled(&browser).await,
        [true, true],
        "while reading"
    );
    browser.wait_for_count(".gallery-grid .tile", 0).await;

    browser
        .client
        .switch_to_window(holder)
        .await
        .expect("to the other tab");
    browser
        .client
        .execute("window.release = true;", vec![])
        .await
        .expect("let go");
    browser
        .client
        .switch_to_window(app)
        .await
        .expect("back to the app");
    let notice = browser.wait_for(".gallery-notice").await;
    browser
        .wait_for_text(
            &notice,
            "2 saved records could not be read and were left untouched.",
        )
        .await;
    let count = browser.wait_for(".gallery .count").await;
    browser.wait_for_text(&count, "298 images").await;
    let tiles = browser.wait_for_count(".gallery-grid .tile", 120).await;
    let mut ids = Vec::new();
    for tile in &tiles {
        let id = tile.attr("data-id").await.expect("data-id");
        ids.push(id.and_then(|id| id.parse::<u64>().ok()).unwrap_or(0));
    }
    // 300 records less the two spoiled. The newest readable first (the
    // copies are base + 1 ... base + 299, the newest spoiled), then each
    // older one.
    assert_eq!(newest, base + 299);
    let expected: Vec<u64> = (base + 179..=base + 298).rev().collect();
    assert_eq!(ids, expected);
    assert_eq!(
        export_and_select_disabled(&browser).await,
        [false, false],
        "once read"
    );
    let part_read = browser
        .client
        .execute("return window.__partRead", vec![])
        .await
        .expect("what the watcher saw");
    let seen = part_read.as_array().cloned().unwrap_or_default();
    assert!(
        !seen.is_empty(),
        "tiles shown before the last batch was read"
    );
    assert!(
        seen.iter().all(|s| s == &json!([true, true])),
        "Export and Select, with part of the gallery read: {seen:?}"
    );
    // Left as they were.
    let kept = browser
        .client
        .execute_async(
            "const [newest, old, done] = arguments;
             const open = indexedDB.open('sinh-anh');
             open.onsuccess = () => {
               const store = open.result.transaction('images').objectStore('images');
               store.get(newest).onsuccess = a => store.get(old).onsuccess = b =>
                 done([a.target.result.meta, b.target.result.v]);
             };",
            vec![json!(newest), json!(old)],
        )
        .await
        .expect("read them back");
    assert_eq!(kept, json!(["{not json", 99]));
    browser.close().await;
}

/// A finger on a touch screen, from `from` to `to` (CSS pixels), in
/// steps, as Chromium's touch input would send it.
async fn finger(browser: &Browser, from: (f64, f64), to: (f64, f64)) {
    let point =
        |t: f64| json!([{ "x": from.0 + (to.0 - from.0) * t, "y": from.1 + (to.1 - from.1) * t }]);
    let touch =
        |kind: &str, points: serde_json::Value| json!({ "type": kind, "touchPoints": points });
    browser
        .cdp("Input.dispatchTouchEvent", touch("touchStart", point(0.0)))
        .await
        .expect("touch");
    for step in 1..=6 {
        browser
            .cdp(
                "Input.dispatchTouchEvent",
                touch("touchMove", point(f64::from(step) / 6.0)),
            )
            .await
            .expect("move");
    }
    browser
        .cdp("Input.dispatchTouchEvent", touch("touchEnd", json!([])))
        .await
        .expect("lift");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_touch_screen_a_swipe_across_the_image_moves_through_the_gallery() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(390, 844, true).await;
    browser.open(&servers.app_url()).await;
    browser.generate("Một con cá voi xanh", "1", 1).await;
    browser.generate("a red fox", "1", 1).await;
    browser.wait_for_count(".gallery-grid .tile", 2).await;
    browser.click(".gallery-grid .tile .thumb").await;
    let prompt = browser
        .wait_for("dialog.lightbox[open] .viewer-prompt")
        .await;
    browser.wait_for_text(&prompt, "a red fox").await;
    let full = browser.wait_for("dialog.lightbox[open] img.full").await;
    let rect = browser
        .js_on(
            &full,
            "const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, r.width];",
        )
        .await;
    let (x, y, width) = (
        rect[0].as_f64().unwrap(),
        rect[1].as_f64().unwrap(),
        rect[2].as_f64().unwrap(),
    );
    assert!(width > 200.0, "an image wide enough to swipe on: {rect}");
    let viewed = || async {
        let prompt = browser
            .wait_for("dialog.lightbox[open] .viewer-prompt")
            .await;
        prompt.text().await.unwrap_or_default()
    };

    // Right to left: the next (older, and last) image.
    finger(&browser, (x + 80.0, y), (x - 80.0, y + 10.0)).await;
    let prompt = browser
        .wait_for("dialog.lightbox[open] .viewer-prompt")
        .await;
    browser.wait_for_text(&prompt, "Một con cá voi xanh").await;

    // From the last image, moves that would step back if taken for a
    // swipe: down the image (60 px across, 160 down), and one 40 px
    // across. It stays. (A wait long enough for a swipe to have shown.)
    finger(&browser, (x - 30.0, y - 80.0), (x + 30.0, y + 80.0)).await;
    finger(&browser, (x - 20.0, y), (x + 20.0, y)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(viewed().await, "Một con cá voi xanh");

    // Left to right: back.
    finger(&browser, (x - 80.0, y), (x + 80.0, y)).await;
    let prompt = browser
        .wait_for("dialog.lightbox[open] .viewer-prompt")
        .await;
    browser.wait_for_text(&prompt, "a red fox").await;

    // Pinch-zoomed in (a page scale of 2, about the image's middle), the
    // same swipe steps nothing: the person is looking closer.
    browser
        .cdp(
            "Emulation.setPageScaleFactor",
            json!({ "pageScaleFactor": 2 }),
        )
        .await
        .expect("zoom in");
    browser
        .client
        .execute(
            "visualViewport.scale > 1 || (() => { throw new Error('not zoomed') })()",
            vec![],
        )
        .await
        .expect("zoomed in");
    finger(&browser, (x + 80.0, y), (x - 80.0, y + 10.0)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(viewed().await, "a red fox", "no step while zoomed in");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_hands_the_image_file_to_a_phones_share_sheet_and_only_where_there_is_one() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.generate("Một con mèo cam", "1", 1).await;
    // No share sheet (this browser): no button.
    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open] .copy-image").await;
    browser
        .wait_for_count("dialog.lightbox[open] .share-image", 0)
        .await;

    browser.stand_in_share_sheet().await;
    browser.open(&servers.app_url()).await;
    browser.click(".gallery-grid .tile .thumb").await;
    browser.wait_for("dialog.lightbox[open] img.full").await;
    // The kept image's size, from the gallery's own record (the page's CSP
    // does not let a script fetch its `blob:` URL).
    let size = browser
        .client
        .execute_async(
            "const [done] = arguments;
             const open = indexedDB.open('sinh-anh');
             open.onerror = () => done('no database');
             open.onsuccess = () => open.result.transaction('images').objectStore('images').getAll()
               .onsuccess = e => done(e.target.result.map(r => r.image.size));",
            vec![],
        )
        .await
        .expect("the image's size");
    assert_eq!(size.as_array().map(Vec::len), Some(1), "one kept: {size}");
    let size = size[0].clone();
    browser.click("dialog.lightbox[open] .share-image").await;
    let seen = browser.shared(1).await;
    let file = &seen[0];
    assert_eq!(file["files"], 1, "{file}");
    assert_eq!(file["active"], true, "asked inside the tap: {file}");
    assert_eq!(file["type"], "image/png", "{file}");
    assert_eq!(
        file["head"],
        json!([137, 80, 78, 71, 13, 10, 26, 10]),
        "a PNG: {file}"
    );
    assert_eq!(file["size"], size, "the image kept, whole: {file}");
    assert_eq!(
        file["name"], "mot-con-meo-cam-1.png",
        "named after its prompt: {file}"
    );
    let said = browser.wait_for("dialog.lightbox[open] p.copied").await;
    // (The stand-in records the file before it answers: a word said on
    // the answer would come after.)
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(said.text().await.unwrap(), "", "it went: nothing to say");

    // The sheet closed without sharing: nothing to say either.
    browser.share_sheet_answers(Some("AbortError")).await;
    browser.click("dialog.lightbox[open] .share-image").await;
    browser.shared(2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(said.text().await.unwrap(), "", "dismissed: nothing to say");
    // A second tap while the sheet is open (the browser refuses it as
    // InvalidStateError): nothing to say either.
    browser.share_sheet_answers(Some("InvalidStateError")).await;
    browser.click("dialog.lightbox[open] .share-image").await;
    browser.shared(3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        said.text().await.unwrap(),
        "",
        "already open: nothing to say"
    );

    // Refused: said, in words a person can act on, and the image stays.
    browser.share_sheet_answers(Some("NotAllowedError")).await;
    browser.click("dialog.lightbox[open] .share-image").await;
    browser.shared(4).await;
    browser
        .wait_for_text(
            &said,
            "Sharing failed: the browser did not allow it here; download the image instead.",
        )
        .await;
    browser.wait_for("dialog.lightbox[open] img.full").await;

    // The Vietnamese page says it all in Vietnamese (not the browser's
    // English words).
    browser.click("dialog.lightbox[open] .close").await;
    browser.wait_for_count("dialog.lightbox[open]", 0).await;
    browser.choose(".language select", "vi").await;
    browser.click(".gallery-grid .tile .thumb").await;
    browser.click("dialog.lightbox[open] .share-image").await;
    browser.shared(5).await;
    let said = browser.wait_for("dialog.lightbox[open] p.copied").await;
    browser
        .wait_for_text(
            &said,
            "Không chia sẻ được: trình duyệt không cho phép ở đây; hãy tải ảnh xuống.",
        )
        .await;
    browser.close().await;
}

/// A hand-made "export": the same id twice, an id of 0, a file that is not
/// an image, a name that tries to climb out, a type that lies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_trusts_nothing_in_the_file() {
    use std::io::Write;
    let png = {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 2, 2);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[200; 16]).unwrap();
        writer.finish().unwrap();
        out
    };
    let entry = |id: u64, prompt: &str, name: &str, mime: &str| {
        serde_json::json!({"id": id, "createdMs": 1_700_000_000_000u64, "prompt": prompt,
            "method": "standard", "model": "imagen-4", "mime": mime, "fileName": name})
    };
    let manifest = serde_json::json!({"app": "sinh-anh", "schema": 2, "images": [
        {"file": "images/a.png", "entry": entry(5_000, "first", "../../evil\u{0}.html", "text/html")},
        {"file": "images/a.png", "entry": entry(5_000, "same id again", "x.png", "image/png")},
        {"file": "images/b.png", "entry": entry(0, "id zero", "zero.png", "image/png")},
        {"file": "images/page.html", "entry": entry(6_000, "not an image", "page.png", "image/png")},
        {"file": "images/fake.png", "entry": entry(7_000, "starts like a PNG", "fake.png", "image/png")},
    ]});
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("history.json", manifest.to_string().into_bytes()),
        ("images/a.png", png.clone()),
        ("images/b.png", png),
        ("images/page.html", b"<script>alert(1)</script>".to_vec()),
        (
            "images/fake.png",
            b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>".to_vec(),
        ),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let path = export_path("import");
    std::fs::write(&path, bytes).unwrap();

    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "Imported 2 of 5").await;
    browser.wait_for_text(&notice, "1 was already here").await;
    browser
        .wait_for_text(&notice, "2 could not be read as pictures")
        .await;
    let _ = std::fs::remove_file(&path);
    let mut names = captions(&browser).await;
    names.sort();
    assert_eq!(
        names,
        ["first", "id zero"],
        "the duplicate and the non-image are left out"
    );

    // The lying name and type: downloaded as a safe name, as what it is.
    let tiles = browser
        .wait_for_count(".gallery-grid .tile .thumb", 2)
        .await;
    for tile in &tiles {
        let alt = tile
            .find(fantoccini::Locator::Css("img"))
            .await
            .unwrap()
            .attr("alt")
            .await
            .unwrap()
            .unwrap_or_default();
        if alt == "first" {
            tile.click().await.unwrap();
        }
    }
    browser
        .click(".viewer-actions button:not(.secondary)")
        .await;
    let (name, bytes) = browser.downloaded(".png").await;
    assert_eq!(name, "evil.png");
    assert!(bytes.starts_with(b"\x89PNG"));
    browser.close().await;
}

/// A thumbnail far from the screen has no URL yet, and an imported image
/// may have no prompt: each tile's button is still named, as is the
/// lightbox, in the page's language (axe-core finds nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tile_is_named_before_its_thumbnail_and_without_a_prompt() {
    // The newest, shown first, has an empty prompt.
    let path = tiny_export_with("unnamed", 130, |entry| {
        if entry["id"] == 130_000 {
            entry["prompt"] = json!("");
            entry["createdMs"] = json!(1.8e12);
        }
    });
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "Imported 130 of 130").await;
    let _ = std::fs::remove_file(&path);

    let tiles = browser.wait_for_count(".gallery-grid .tile img", 120).await;
    assert_eq!(
        tiles[119].attr("src").await.expect("read src"),
        None,
        "the page's last thumbnail is not loaded yet"
    );
    let found = browser.axe_violations().await;
    assert!(found.is_empty(), "{}", found.join("\n"));
    let first = &tiles[0];
    assert_eq!(
        first.attr("alt").await.expect("read alt").as_deref(),
        Some("Image without a prompt")
    );
    assert_eq!(
        browser.text_of(".gallery-grid .tile figcaption").await,
        "Image without a prompt"
    );

    // Its lightbox is named by it too; and in Vietnamese, so is the tile.
    browser.click(".gallery-grid .tile .thumb").await;
    let named = browser.wait_for("#viewer-prompt").await;
    browser
        .wait_for_text(&named, "Image without a prompt")
        .await;
    let found = browser.axe_violations().await;
    assert!(found.is_empty(), "lightbox: {}", found.join("\n"));
    browser.click(".viewer .close").await;
    browser.choose(".language select", "vi").await;
    browser.wait_for("html[lang=vi]").await;
    assert_eq!(
        first.attr("alt").await.expect("read alt").as_deref(),
        Some("Ảnh không có prompt")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_export_is_said_in_the_pages_language() {
    use std::io::Write;
    // A zip whose history.json is not JSON, and one whose list of images
    // is missing: each said as what is wrong, in Vietnamese (these were
    // English words inside the Vietnamese sentence).
    let zip_of = |name: &str, manifest: &[u8]| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("history.json", stored).unwrap();
        zip.write_all(manifest).unwrap();
        let path = export_path(name);
        std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
        path
    };
    let not_json = zip_of("not-json", b"{\"app\": \"sinh-anh\", ");
    let no_images = zip_of("no-images", br#"{"app": "sinh-anh", "schema": 2}"#);

    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    browser.choose(".language select", "vi").await;
    import(&browser, &not_json).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser
        .wait_for_text(
            &notice,
            "Không nhập được tệp này: không đọc được history.json của tệp (không phải JSON).",
        )
        .await;
    import(&browser, &no_images).await;
    browser
        .wait_for_text(
            &notice,
            "Không nhập được tệp này: không đọc được history.json của tệp (thiếu danh sách ảnh).",
        )
        .await;
    let _ = std::fs::remove_file(&not_json);
    let _ = std::fs::remove_file(&no_images);
    assert_eq!(stored_count(&browser).await, 0, "nothing was written");
    browser.close().await;
}

/// A small PNG of one colour, different for each `n`.
fn tiny_png(n: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 8, 8);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let rgb = [(n % 251) as u8, (n / 251 % 251) as u8, 99];
    writer.write_image_data(&rgb.repeat(64)).unwrap();
    writer.finish().unwrap();
    out
}

/// An export of `n` distinct tiny PNGs (`images/1.png`…), ids 1000, 2000…
fn tiny_export(name: &str, n: u32) -> std::path::PathBuf {
    tiny_export_with(name, n, |_| {})
}

/// [`tiny_export`], each entry changed by `change` first.
fn tiny_export_with(
    name: &str,
    n: u32,
    change: impl Fn(&mut serde_json::Value),
) -> std::path::PathBuf {
    let entries: Vec<(u64, f64, String)> = (1..=n)
        .map(|i| (u64::from(i) * 1000, 1.7e12, format!("images/{i}.png")))
        .collect();
    let files: Vec<(String, Vec<u8>)> = (1..=n)
        .map(|i| (format!("images/{i}.png"), tiny_png(i)))
        .collect();
    export_zip_with(&export_path(name), &entries, &files, &[], change)
}

/// Waits until the import's progress bar has reached `at_least` images.
async fn wait_for_import_progress(browser: &Browser, at_least: f64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let value = browser
            .client
            .execute(
                "const bar = document.querySelector('.import-progress progress');
                 return bar ? bar.value : 0;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap_or(0.0);
        if value >= at_least {
            return;
        }
        assert!(Instant::now() < deadline, "the import never advanced");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The count in a notice's "Imported N of …" (thousands grouped or not).
fn imported_count(said: &str) -> u64 {
    said.split("Imported ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("no count in “{said}”"))
}

/// Writes an export-shaped zip of `entries` (`(id, created ms, file)`) and
/// `files` to a temporary path.
fn export_zip(
    name: &str,
    entries: &[(u64, f64, String)],
    files: &[(String, Vec<u8>)],
) -> std::path::PathBuf {
    export_zip_with(&export_path(name), entries, files, &[], |_| {})
}

/// Where a test's export named `name` is written.
fn export_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("sinh-anh-e2e-{name}-{}.zip", std::process::id()))
}

/// [`export_zip`] at `path`, each entry changed by `change` first, and
/// the files named in `central_extra` with an extra field in the directory
/// only.
fn export_zip_with(
    path: &std::path::Path,
    entries: &[(u64, f64, String)],
    files: &[(String, Vec<u8>)],
    central_extra: &[&str],
    change: impl Fn(&mut serde_json::Value),
) -> std::path::PathBuf {
    use std::io::Write;
    let images: Vec<serde_json::Value> = entries
        .iter()
        .map(|(id, created, file)| {
            let mut entry = serde_json::json!({"id": id, "createdMs": created,
                "prompt": format!("imported {id}"), "method": "standard", "model": "imagen-4",
                "mime": "image/png", "fileName": "x.png"});
            change(&mut entry);
            serde_json::json!({"file": file, "entry": entry})
        })
        .collect();
    let manifest = serde_json::json!({"app": "sinh-anh", "schema": 2, "images": images});
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("history.json", stored).unwrap();
    zip.write_all(manifest.to_string().as_bytes()).unwrap();
    for (file, bytes) in files {
        // A field in the directory only, as some zip tools write: the
        // file's own header is shorter than the directory suggests.
        let mut options: zip::write::FullFileOptions =
            zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Stored);
        if central_extra.contains(&file.as_str()) {
            options
                .add_extra_data(0xCAFE, vec![7; 100].into_boxed_slice(), true)
                .unwrap();
        }
        zip.start_file(file.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    std::fs::write(path, zip.finish().unwrap().into_inner()).unwrap();
    path.to_path_buf()
}

/// The gallery's tile count in storage, once it stops changing.
async fn stored_count(browser: &Browser) -> u64 {
    let v = browser
        .client
        .execute_async(
            "const done = arguments[0];
             const open = indexedDB.open('sinh-anh', 1);
             open.onsuccess = () => {
               const req = open.result.transaction('images').objectStore('images').count();
               req.onsuccess = () => { open.result.close(); done(req.result); };
             };
             open.onerror = () => done(-1);",
            vec![],
        )
        .await
        .unwrap();
    v.as_u64().expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_stores_each_file_once_and_refuses_a_flood() {
    // 100 entries, one file: one image.
    let entries: Vec<(u64, f64, String)> = (1..=100)
        .map(|i| (i * 1000, 1.7e12, "images/same.png".to_string()))
        .collect();
    let path = export_zip(
        "shared",
        &entries,
        &[("images/same.png".into(), tiny_png(1))],
    );
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "Imported 1 of 100").await;
    browser
        .wait_for_text(&notice, "99 named an image file another entry already uses")
        .await;
    assert_eq!(stored_count(&browser).await, 1);
    let _ = std::fs::remove_file(&path);

    // Over the limit: refused whole, nothing written.
    let entries: Vec<(u64, f64, String)> = (1..=10_001)
        .map(|i| (i * 1000 + 7, 1.7e12, format!("images/{i}.png")))
        .collect();
    let path = export_zip("flood", &entries, &[]);
    import(&browser, &path).await;
    browser
        .wait_for_text(
            &notice,
            "it lists 10,001 images, and one import takes at most 10,000",
        )
        .await;
    assert_eq!(stored_count(&browser).await, 1);
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_import_shows_progress_can_be_cancelled_and_survives_a_reload() {
    let n = 600u32;
    let path = tiny_export("large", n);
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;

    // Progress, then Cancel: what was written stays, and is said.
    import(&browser, &path).await;
    let progress = browser.wait_for(".import-progress").await;
    browser.wait_for_text(&progress, "of 600").await;
    browser.click("button.cancel-import").await;
    let notice = browser.wait_for(".gallery-notice").await;
    let said = browser.wait_for_text(&notice, "Cancelled").await;
    let added = imported_count(&said);
    assert!(added < u64::from(n), "{said}");
    assert_eq!(stored_count(&browser).await, added, "{said}");

    // Again, and a reload part-way: the next visit says how far it got.
    import(&browser, &path).await;
    browser.wait_for(".import-progress progress").await;
    wait_for_import_progress(&browser, 40.0).await;
    browser.open(&servers.app_url()).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser
        .wait_for_text(&notice, "An import was cut short by a reload")
        .await;
    browser
        .wait_for_text(&notice, "of 600 images were imported")
        .await;
    let kept = stored_count(&browser).await;
    assert!(kept > added && kept < u64::from(n), "{kept}");

    // Importing once more completes it; nothing is doubled. (Hundreds of
    // images: a loaded CI machine once took over 20 s.)
    import(&browser, &path).await;
    browser
        .wait_for_text_within(&notice, "were already here", Duration::from_secs(90))
        .await;
    assert_eq!(stored_count(&browser).await, u64::from(n));
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_time_out_of_range_reads_as_unknown() {
    let path = export_zip(
        "time",
        &[(9_000, 1e300, "images/a.png".into())],
        &[("images/a.png".into(), tiny_png(3))],
    );
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &path).await;
    browser.click(".gallery-grid .tile .thumb").await;
    let viewer = browser.wait_for(".viewer-info").await;
    let text = browser.wait_for_text(&viewer, "unknown time").await;
    assert!(!text.contains("Invalid Date"), "{text}");
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

/// A PNG of noise (it does not compress): `side`² pixels, ~3·side² bytes,
/// with a text chunk ("made for a test").
fn noise_png(side: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761) | 1;
    let pixels: Vec<u8> = (0..side * side * 3)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder
        .add_text_chunk("Comment".into(), "made for a test".into())
        .unwrap();
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The page's wasm memory, in bytes: the app's memory, caught as Trunk's
/// loader hands it over (a script the DevTools protocol runs before the
/// page's own).
async fn wasm_memory(browser: &Browser) -> f64 {
    let v = browser
        .client
        .execute(
            "return window.__sinhAnhMemory ? window.__sinhAnhMemory.buffer.byteLength : -1",
            vec![],
        )
        .await
        .unwrap();
    let bytes = v.as_f64().unwrap_or(-1.0);
    assert!(bytes > 0.0, "the wasm memory was not caught: {v}");
    bytes
}

/// A 50 MB export imports a slice at a time: the page's wasm memory does
/// not grow by the archive's size (it once read the whole file into it).
/// An image whose bytes do not match the archive's checksum is left out,
/// and said; the others are kept, one with a header unlike the directory's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_archive_is_read_a_slice_at_a_time_and_a_damaged_image_is_left_out() {
    // 24 images of ~2.2 MB: two batches (a batch holds at most 32 MB),
    // each read in one piece.
    let n = 24u32;
    let entries: Vec<(u64, f64, String)> = (1..=n)
        .map(|i| (u64::from(i) * 1000, 1.7e12, format!("images/{i}.png")))
        .collect();
    let files: Vec<(String, Vec<u8>)> = (1..=n)
        .map(|i| (format!("images/{i}.png"), noise_png(850, i)))
        .collect();
    // Images 3 and 22 have own headers shorter than the directory
    // suggests: their bytes are read again from where they start.
    let path = export_path("big");
    export_zip_with(
        &path,
        &entries,
        &files,
        &["images/3.png", "images/22.png"],
        |_| {},
    );
    // The last image's text chunk changed, and its PNG checksum made
    // right again: a valid PNG that any browser decodes, but whose bytes
    // fail the archive's checksum.
    let mut zip = std::fs::read(&path).unwrap();
    let last = &files[files.len() - 1].1;
    let at = zip
        .windows(last.len())
        .rposition(|w| w == &last[..])
        .expect("the last image in the zip");
    let text = at + find(&zip[at..], b"tEXtComment").expect("its text chunk");
    let len = u32::from_be_bytes(zip[text - 4..text].try_into().unwrap()) as usize;
    zip[text + 4 + len - 1] = b'!';
    let crc = crc32fast::hash(&zip[text..text + 4 + len]);
    zip[text + 4 + len..text + 8 + len].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(&path, &zip).unwrap();
    let archive_mb = zip.len() as f64 / 1e6;
    assert!(archive_mb > 50.0, "a {archive_mb:.0} MB archive");

    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "addEventListener('TrunkApplicationStarted', e => { window.__sinhAnhMemory = e.detail.wasm.memory; });"}),
        )
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    let before = wasm_memory(&browser).await;
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "Imported 23 of 24").await;
    browser
        .wait_for_text(&notice, "1 was damaged in the file")
        .await;
    browser
        .wait_for_count(".gallery-grid .tile", n as usize - 1)
        .await;
    let grown_mb = (wasm_memory(&browser).await - before) / 1e6;
    assert!(
        grown_mb < 16.0,
        "the wasm memory grew by {grown_mb:.0} MB for a {archive_mb:.0} MB archive"
    );
    assert_eq!(stored_count(&browser).await, u64::from(n - 1));
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

/// The chosen file changes on disk part-way through an import (a phone's
/// cloud folder syncs, a download is replaced): the images written stay,
/// and the notice says how many, and why the rest were not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_changes_part_way_keeps_what_was_written_and_says_why() {
    let n = 1500u32;
    let path = tiny_export("changes", n);
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    wait_for_an_empty_gallery(&browser).await;
    import(&browser, &path).await;
    wait_for_import_progress(&browser, 40.0).await;
    std::fs::write(&path, b"replaced").unwrap();
    let notice = browser.wait_for(".gallery-notice").await;
    let said = browser.wait_for_text(&notice, "Then it stopped").await;
    assert!(said.contains("could not read"), "{said}");
    let added = imported_count(&said);
    assert!(added >= 40 && added < u64::from(n), "{said}");
    assert_eq!(stored_count(&browser).await, added, "{said}");
    let _ = std::fs::remove_file(&path);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_page_upgrading_the_databases_is_not_blocked_by_this_one() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    // The page's three databases open.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let names = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 indexedDB.databases().then(dbs => done(dbs.map(d => d.name).sort()));",
                vec![],
            )
            .await
            .expect("list databases");
        if names == json!(["sinh-anh", "sinh-anh-edit", "sinh-anh-turns"]) {
            break;
        }
        assert!(Instant::now() < deadline, "databases: {names}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A newer version of the app (here, the test) upgrades each: this
    // page's open connection lets go instead of blocking it.
    for name in ["sinh-anh", "sinh-anh-edit", "sinh-anh-turns"] {
        let outcome = browser
            .client
            .execute_async(
                "const [name, done] = arguments;
                 const open = indexedDB.open(name, 2);
                 open.onblocked = () => done('blocked');
                 open.onerror = () => done('error: ' + open.error);
                 open.onsuccess = () => { open.result.close(); done('upgraded'); };",
                vec![json!(name)],
            )
            .await
            .expect("upgrade");
        assert_eq!(outcome, json!("upgraded"), "{name}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_indexeddb_the_gallery_says_so_whenever_it_is_asked() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    // A browser that gives this page no IndexedDB (some private modes,
    // sandboxed frames).
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "Object.defineProperty(window, 'indexedDB', {value: null});"}),
        )
        .await
        .unwrap();
    browser.open(&servers.app_url()).await;
    let notice = browser.wait_for(".gallery-notice").await;
    // The browser said nothing: no empty brackets, no English of ours.
    browser
        .wait_for_text(
            &notice,
            "The gallery is unavailable in this browser: new images show",
        )
        .await;

    // A run: its image shows, and the page still says it is not kept
    // (a new run cleared the words, and nothing said it again).
    browser.fill("#prompt", "a heron").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    browser.wait_for("[role=status] .done").await;
    let under = browser.wait_for(".save-problem").await;
    browser.wait_for_text(&under, "unavailable").await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "unavailable").await;

    // An import: said to have failed, and why.
    let path = export_path("noidb");
    std::fs::write(&path, b"PK\x05\x06 not much of a zip").unwrap();
    import(&browser, &path).await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser
        .wait_for_text(
            &notice,
            "That file could not be imported: the gallery is unavailable in this browser.",
        )
        .await;
    let _ = std::fs::remove_file(&path);

    // A click on the result: nothing is kept to open, and that is said
    // (the click waited for ever for the image to be kept).
    browser.click("figure.image-card button.view-image").await;
    let notice = browser.wait_for(".gallery-notice").await;
    browser.wait_for_text(&notice, "unavailable").await;
    assert_eq!(
        browser
            .wait_for_count("dialog.lightbox[open]", 0)
            .await
            .len(),
        0
    );
    browser.close().await;
}
