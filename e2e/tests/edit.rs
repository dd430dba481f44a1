//! Editing in Chromium against the mock: references chosen with the file
//! picker and pasted go with the prompt, in their order, as the mock sees
//! them; bad files are named and nothing is sent; a large photo dropped on
//! the page is scaled before it goes; "Edit this" sends a result back;
//! references survive a reload; refining sends the turn refined, and a
//! branch its own; a marked area changes the picture sent.

use base64::Engine;
use e2e::{Browser, Servers};
use fantoccini::key::Key;
use mock_gateway::draw;
use serde_json::{json, Value};
use std::path::PathBuf;

/// The mock's hash of an image it received: of the base64 of its bytes.
fn seen_hash(bytes: &[u8]) -> u64 {
    draw::hash(&base64::engine::general_purpose::STANDARD.encode(bytes), 0)
}

/// The images a request carried: each one's role and hash, in order.
fn seen_in(received: &mock_gateway::Received) -> Vec<(String, u64)> {
    received
        .input_images
        .iter()
        .map(|i| (i.role.clone(), i.hash))
        .collect()
}

/// A folder of files for the picker, removed when the test ends.
struct Dir(PathBuf);

impl Dir {
    fn new(test: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("sinh-anh-e2e-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a folder for test files");
        Dir(path)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a file for the picker to choose.
fn file(dir: &Dir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.0.join(name);
    std::fs::write(&path, bytes).expect("write a test file");
    path
}

/// Chooses files in the references' picker.
async fn choose(browser: &Browser, paths: &[&PathBuf]) {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    browser
        .wait_for("#reference-files")
        .await
        .send_keys(&list.join("\n"))
        .await
        .expect("choose the files");
}

/// Pastes a file into the prompt, as a clipboard with an image does.
async fn paste(browser: &Browser, name: &str, bytes: &[u8]) {
    let script = r#"
        const [b64, name] = arguments;
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: 'image/png' }));
        const prompt = document.querySelector('#prompt');
        prompt.focus();
        prompt.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    "#;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    browser
        .client
        .execute(script, vec![b64.into(), name.into()])
        .await
        .expect("paste");
}

/// Saves a picture of one part of the page to `target/e2e-screenshots/`,
/// for people to look at (the README's are copied from there).
async fn picture_of(browser: &Browser, css: &str, name: &str) {
    // Tall enough for the whole part: a shot stops at the window's edge.
    let _ = browser.client.set_window_size(1280, 2600).await;
    let element = browser.wait_for(css).await;
    if let Ok(png) = element.screenshot().await {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

/// Drops a file on the page, as dragging it from a file manager does.
async fn drop_file(browser: &Browser, name: &str, bytes: &[u8]) {
    let script = r#"
        const [b64, name] = arguments;
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: 'image/png' }));
        const target = document.querySelector('.gallery') || document.body;
        for (const type of ['dragenter', 'dragover', 'drop']) {
            target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        }
    "#;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    browser
        .client
        .execute(script, vec![b64.into(), name.into()])
        .await
        .expect("drop");
}

/// Waits until the records of the page's own IndexedDB store `db`/`store`,
/// as `summary` (a JS function of them) puts them, are `want`: a reload
/// right after a change would otherwise outrun its write (a person's reload
/// a moment later does not).
async fn stored_as(browser: &Browser, db: &str, store: &str, summary: &str, want: Value) {
    let script = format!(
        "const [db, store, done] = arguments;
         const summary = {summary};
         const open = indexedDB.open(db);
         open.onerror = () => done(null);
         open.onsuccess = () => {{
           const d = open.result;
           if (!d.objectStoreNames.contains(store)) {{ d.close(); return done(null); }}
           const rq = d.transaction(store).objectStore(store).getAll();
           rq.onsuccess = () => {{ d.close(); done(summary(rq.result)); }};
           rq.onerror = () => {{ d.close(); done(null); }};
         }};"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let seen = browser
            .client
            .execute_async(&script, vec![json!(db), json!(store)])
            .await
            .expect("read the page's store");
        if seen == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{db}/{store} holds {seen}, expected {want}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The references kept: (name, marked), in order.
async fn stored(browser: &Browser, expected: &[(&str, bool)]) {
    let summary = "rs => rs.sort((a, b) => a.at - b.at).map(r => [r.name, r.unmarked != null])";
    stored_as(
        browser,
        "sinh-anh-edit",
        "references",
        summary,
        json!(expected),
    )
    .await;
}

/// The turns kept: how many, and the turn the conversation stands at.
async fn stored_turns(browser: &Browser, count: u64, at: u64) {
    let summary = "rs => { const s = rs.find(r => r.id === 0); \
                   return [rs.filter(r => r.id > 0).length, s ? s.at : null]; }";
    stored_as(
        browser,
        "sinh-anh-turns",
        "turns",
        summary,
        json!([count, at]),
    )
    .await;
}

/// The names of the references shown, in order.
async fn references(browser: &Browser) -> Vec<String> {
    let mut names = Vec::new();
    for name in browser
        .client
        .find_all(fantoccini::Locator::Css(".reference .reference-name"))
        .await
        .unwrap()
    {
        names.push(name.text().await.unwrap());
    }
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_go_in_order_bad_files_are_named_and_all_survive_a_reload() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    let dir = Dir::new("order");
    let red = draw::picture(1, 320, 240);
    let blue = draw::picture(2, 200, 200);
    let red_path = file(&dir, "do.png", &red);
    browser.open(&servers.app_url()).await;
    assert_eq!(browser.value_of("#method").await, "standard");

    browser.fill("#prompt", "Đổi nền thành màu xanh lá").await;
    choose(&browser, &[&red_path]).await;
    browser.wait_for_count(".reference", 1).await;
    paste(&browser, "dan.png", &blue).await;
    browser.wait_for_count(".reference", 2).await;
    assert_eq!(references(&browser).await, ["do.png", "dan.png"]);
    // Images go with chat: the method switched, and the page said so.
    assert_eq!(browser.value_of("#method").await, "chat");
    let status = browser.wait_for(".reference-status").await;
    browser.wait_for_text(&status, "chat").await;
    assert_eq!(
        browser.value_of("#prompt").await,
        "Đổi nền thành màu xanh lá",
        "a pasted image is not pasted as text"
    );

    // A text file and a damaged PNG: named, not added, nothing sent.
    let text = file(&dir, "ghi-chu.txt", b"not a picture at all");
    let mut broken = red[..40].to_vec();
    broken.extend_from_slice(&[0u8; 200]);
    let broken = file(&dir, "hong.png", &broken);
    choose(&browser, &[&text, &broken]).await;
    let problems = browser.wait_for_count(".reference-problems li", 2).await;
    assert!(problems[0]
        .text()
        .await
        .unwrap()
        .starts_with("ghi-chu.txt: not an image"));
    assert!(problems[1]
        .text()
        .await
        .unwrap()
        .starts_with("hong.png: an image this browser cannot open"));
    assert_eq!(
        references(&browser).await,
        ["do.png", "dan.png"],
        "the others stay"
    );
    assert!(
        servers.journal.to("/chat/completions").is_empty(),
        "nothing was sent"
    );

    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    let seen: Vec<(String, String, u64)> = sent[0]
        .input_images
        .iter()
        .map(|i| (i.role.clone(), i.mime.clone(), i.hash))
        .collect();
    assert_eq!(
        seen,
        [
            ("user".into(), "image/png".into(), seen_hash(&red)),
            ("user".into(), "image/png".into(), seen_hash(&blue)),
        ],
        "both images, as they were, after the words, in order"
    );
    let reply = browser.wait_for(".reply blockquote").await;
    browser.wait_for_text(&reply, "saw 2 input image(s)").await;

    // Moved: the pasted one first, and so it is sent.
    browser.click(".reference:first-child .move-later").await;
    assert_eq!(references(&browser).await, ["dan.png", "do.png"]);
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 2).await;
    let hashes: Vec<u64> = seen_in(&sent[1]).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hashes, [seen_hash(&blue), seen_hash(&red)]);

    // A reload keeps them, in their order, with the prompt.
    stored(&browser, &[("dan.png", false), ("do.png", false)]).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    browser.wait_for_count(".reference", 2).await;
    assert_eq!(references(&browser).await, ["dan.png", "do.png"]);
    assert_eq!(
        browser.value_of("#prompt").await,
        "Đổi nền thành màu xanh lá"
    );
    // Removed: gone after a reload too.
    browser
        .click(".reference:first-child .remove-reference")
        .await;
    browser.wait_for_count(".reference", 1).await;
    stored(&browser, &[("do.png", false)]).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    browser.wait_for_count(".reference", 1).await;
    assert_eq!(references(&browser).await, ["do.png"]);
    browser.close().await;
}

/// Waits (5 s at most) for the references to be `names`, in that order.
async fn references_become(browser: &Browser, names: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = references(browser).await;
        if now == names {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the references are {now:?}, not {names:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Focuses the first element at `css` (once there) and presses Enter on
/// it, as a keyboard user who has come to it.
async fn enter_on(browser: &Browser, css: &str) {
    let element = browser.wait_for(css).await;
    browser.js_on(&element, "arguments[0].focus()").await;
    browser.press("\u{E007}").await;
}

/// Where focus is: the place of its reference in the list (or -1) and
/// its class (or id).
async fn focus_in_list(browser: &Browser) -> (i64, String) {
    let at = browser
        .client
        .execute(
            "const e = document.activeElement;
             const li = e.closest('.reference-list > li');
             return [li ? [...li.parentNode.children].indexOf(li) : -1,
                     e.id || e.className];",
            vec![],
        )
        .await
        .expect("the focused element");
    (
        at[0].as_i64().unwrap_or(-2),
        at[1].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_goes_with_a_moved_reference_and_never_falls_to_the_page() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    let dir = Dir::new("keys");
    let paths: Vec<PathBuf> = ["a.png", "b.png", "c.png"]
        .iter()
        .zip(1..)
        .map(|(name, seed)| file(&dir, name, &draw::picture(seed, 64, 64)))
        .collect();
    browser.open(&servers.app_url()).await;
    choose(&browser, &paths.iter().collect::<Vec<_>>()).await;
    browser.wait_for_count(".reference", 3).await;
    let enter = "\u{E007}";

    // c earlier, twice, from the keyboard: focus goes with c, so the
    // second press moves it again (it moved b back).
    enter_on(&browser, ".reference-list > li:nth-child(3) .move-earlier").await;
    references_become(&browser, &["a.png", "c.png", "b.png"]).await;
    browser
        .wait_for(".reference-list > li:nth-child(2) .move-earlier:focus")
        .await;
    browser.press(enter).await;
    references_become(&browser, &["c.png", "a.png", "b.png"]).await;
    // First now, its ← disabled: focus on its →.
    browser
        .wait_for(".reference-list > li:nth-child(1) .move-later:focus")
        .await;
    assert_eq!(
        focus_in_list(&browser).await,
        (0, "secondary move-later".into())
    );

    // The first one removed: focus on the ✕ of the one in its place (the
    // next Enter removes that one, not another).
    enter_on(
        &browser,
        ".reference-list > li:nth-child(1) .remove-reference",
    )
    .await;
    references_become(&browser, &["a.png", "b.png"]).await;
    browser
        .wait_for(".reference-list > li:nth-child(1) .remove-reference:focus")
        .await;

    // The last one removed: focus on the ✕ of the one before.
    enter_on(
        &browser,
        ".reference-list > li:nth-child(2) .remove-reference",
    )
    .await;
    references_become(&browser, &["a.png"]).await;
    browser
        .wait_for(".reference-list > li:nth-child(1) .remove-reference:focus")
        .await;

    // Remove all (the button goes too): focus on adding images.
    enter_on(&browser, ".clear-references").await;
    browser.wait_for_count(".reference", 0).await;
    browser.focus_comes_to("reference-files").await;

    // Start over (disabled then): focus on the prompt, for a first turn.
    browser.click("#refine").await;
    browser.fill("#prompt", "Một ngôi nhà").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count(".turn", 1).await;
    browser.wait_for("[role=status] .done").await;
    // It asks first (one tap let every turn go); Keep keeps them, focus
    // back on Start over.
    enter_on(&browser, ".start-over").await;
    let asked = browser.wait_for(".refine .confirm[role=alertdialog]").await;
    browser
        .wait_for_text(&asked, "Start over? This conversation and its 1 turn goes")
        .await;
    assert_eq!(browser.wait_for_count(".turn", 1).await.len(), 1);
    enter_on(&browser, ".keep-turns").await;
    browser.wait_for_count(".refine .confirm", 0).await;
    browser.focus_comes_to("start-over").await;
    assert_eq!(browser.wait_for_count(".turn", 1).await.len(), 1);
    browser.press(enter).await;
    enter_on(&browser, ".confirm-start-over").await;
    browser.wait_for_count(".turn", 0).await;
    browser.focus_comes_to("prompt").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_images_than_the_model_takes_says_how_many_to_remove() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    let dir = Dir::new("many");
    let paths: Vec<PathBuf> = (1..=5)
        .map(|seed| {
            file(
                &dir,
                &format!("anh-{seed}.png"),
                &draw::picture(seed, 48, 48),
            )
        })
        .collect();
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "Ghép các ảnh").await;
    choose(&browser, &paths.iter().collect::<Vec<_>>()).await;
    browser.wait_for_count(".reference", 5).await;
    assert_eq!(
        browser.value_of("#model").await,
        "gemini-2.5-flash-image-preview"
    );
    // Said where the images are, before anything is sent.
    let total = browser.wait_for("#references-total.warning").await;
    browser
        .wait_for_text(&total, "this model takes up to 3 images. Remove 2.")
        .await;

    // Refused before sending; its message leads back to that line.
    browser.click("button[type=submit]").await;
    browser.wait_for(".error[data-kind=TooManyImages]").await;
    browser.click(".error .go-to-images").await;
    browser.focus_comes_to("references-total").await;
    assert!(
        servers.journal.to("/chat/completions").is_empty(),
        "nothing was sent"
    );

    // Two removed: no warning, and the run goes.
    browser
        .click(".reference:first-child .remove-reference")
        .await;
    browser
        .click(".reference:first-child .remove-reference")
        .await;
    browser.wait_for_count(".reference", 3).await;
    browser.wait_for_count("#references-total.warning", 0).await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    assert_eq!(sent[0].input_images.len(), 3);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_photo_dropped_on_the_page_is_scaled_before_it_is_sent() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "Thêm một chiếc thuyền").await;
    // Dropped on the page, away from the form.
    drop_file(&browser, "anh-lon.png", &draw::picture(3, 3000, 1000)).await;
    let size = browser.wait_for(".reference .reference-size").await;
    let said = browser.wait_for_text(&size, "scaled from 3000×1000").await;
    assert!(said.starts_with("2048×683 · "), "{said}");
    browser.click("button[type=submit]").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    let images = &sent[0].input_images;
    assert_eq!(images.len(), 1);
    // No transparency: re-encoded as JPEG, at the size the page said.
    assert_eq!(images[0].mime, "image/jpeg");
    let shown = said.split(" · ").nth(1).unwrap_or_default().to_string();
    let kb = images[0].bytes as f64 / 1000.0;
    assert!(
        shown.ends_with("KB") || shown.ends_with("MB"),
        "the size sent is shown: {shown}"
    );
    assert!(kb > 1.0, "{kb} KB sent");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_this_sends_a_result_back_and_a_gallery_image_too() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", "chat").await;
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    let first = browser.wait_for("figure.image-card img").await;
    let src = first.attr("src").await.unwrap().unwrap_or_default();
    let result = base64::engine::general_purpose::STANDARD
        .decode(src.split_once(',').map_or("", |(_, b)| b))
        .expect("a data: URL");
    assert!(servers.ended_requests("/chat/completions", 1).await[0]
        .input_images
        .is_empty());

    browser.click("figure.image-card .edit-this").await;
    browser.wait_for_count(".reference", 1).await;
    let focused = browser
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "prompt", "focus goes to the prompt");
    browser.fill("#prompt", "Cho con mèo đội mũ").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 2).await;
    let seen = seen_in(&sent[1]);
    assert_eq!(
        seen,
        [("user".to_string(), seen_hash(&result))],
        "the first result, in the user turn"
    );
    // The mock answers the input inverted: the new image is the old one's negative.
    let reply = browser.wait_for(".reply blockquote").await;
    browser.wait_for_text(&reply, "saw 1 input image(s)").await;
    let second = browser.wait_for("figure.image-card img").await;
    let src = second.attr("src").await.unwrap().unwrap_or_default();
    let edited = base64::engine::general_purpose::STANDARD
        .decode(src.split_once(',').map_or("", |(_, b)| b))
        .unwrap();
    assert_eq!(Some(edited), draw::inverted(&result), "the edit came back");

    // From the gallery: the oldest image, opened in the lightbox.
    browser.click(".reference .remove-reference").await;
    browser.wait_for_count(".reference", 0).await;
    let tiles = browser.wait_for_count(".gallery-grid .tile", 2).await;
    tiles[1]
        .find(fantoccini::Locator::Css("button.thumb"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.click(".viewer .edit-this").await;
    browser.wait_for_count(".reference", 1).await;
    browser.fill("#prompt", "Lần nữa").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 3).await;
    let hashes: Vec<u64> = seen_in(&sent[2]).into_iter().map(|(_, h)| h).collect();
    assert_eq!(
        hashes,
        [seen_hash(&result)],
        "the gallery's bytes of the first image"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_this_on_the_picture_being_refined_sends_it_once() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    let first = first_turn(&browser, "Bức tranh đồng quê").await;

    // Turn 1's picture is what the next prompt refines: Edit this on it
    // says so, and adds no reference.
    browser.click("figure.image-card .edit-this").await;
    let said = browser.wait_for(".reference-problems li").await;
    browser
        .wait_for_text(&said, "is the picture the next prompt changes")
        .await;
    assert_eq!(browser.wait_for_count(".reference", 0).await.len(), 0);
    browser.fill("#prompt", "Thêm cò trắng").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 2).await;
    assert_eq!(
        seen_in(&sent[1]),
        [("user".to_string(), seen_hash(&first))],
        "turn 1's picture, once"
    );
    // Refining turned off: nothing is refined, and the words go.
    browser.wait_for_count(".reference-problems li", 1).await;
    browser.click("#refine").await;
    browser.wait_for_count(".reference-problems li", 0).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_whose_picture_cannot_be_read_is_said_and_not_refined() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    let first = first_turn(&browser, "Một cánh đồng").await;

    // Turn 2 comes back as a link this page may not read.
    browser.fill("#prompt", "Thêm trâu FAKE_LINK_NO_CORS").await;
    browser.click("button[type=submit]").await;
    let said = browser.wait_for(".reference-problems li").await;
    browser
        .wait_for_text(&said, "The picture of turn 2 could not be read here")
        .await;
    assert_eq!(browser.wait_for_count(".turn", 1).await.len(), 1);

    // The next prompt refines turn 1's picture, as it said.
    browser.fill("#prompt", "Thêm cò").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 3).await;
    let hashes: Vec<u64> = seen_in(&sent[2]).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hashes, [seen_hash(&first)]);
    // That turn came: the words of the unread one go.
    browser.wait_for_count(".turn", 2).await;
    browser.wait_for_count(".reference-problems li", 0).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_this_takes_an_image_sent_as_a_link_once_its_bytes_are_here() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for("html[data-config=settled]").await;
    // The page's copy of the bytes is a `blob:` URL, read again here.
    let name = browser.a_linked_result("a kite over the dunes").await;
    browser.click("figure.image-card .edit-this").await;
    browser.wait_for_count(".reference", 1).await;
    assert_eq!(references(&browser).await, [name]);
    browser.fill("#prompt", "Thêm một con chim").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    assert_eq!(
        seen_in(&sent[0]).len(),
        1,
        "the linked image went: {sent:?}"
    );
    browser.close().await;
}

/// The messages of a request the mock received: each one's role and words.
fn messages(received: &mock_gateway::Received) -> Vec<(String, String)> {
    received.messages.clone()
}

/// The bytes of the result of the run for `prompt`, once it is shown
/// (the mock's words name the prompt).
async fn result_bytes(browser: &Browser, prompt: &str) -> Vec<u8> {
    let reply = browser.wait_for(".reply blockquote").await;
    browser.wait_for_text(&reply, prompt).await;
    let image = browser.wait_for("figure.image-card img").await;
    let src = image.attr("src").await.unwrap().unwrap_or_default();
    base64::engine::general_purpose::STANDARD
        .decode(src.split_once(',').map_or("", |(_, b)| b))
        .expect("a data: URL")
}

/// Refining turned on, and a first turn made of `prompt`: its picture.
async fn first_turn(browser: &Browser, prompt: &str) -> Vec<u8> {
    browser.click("#refine").await;
    browser.fill("#prompt", prompt).await;
    browser.click("button[type=submit]").await;
    let picture = result_bytes(browser, prompt).await;
    browser.wait_for_count(".turn", 1).await;
    picture
}

fn user_turn(text: &str) -> (String, String) {
    ("user".into(), text.into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refining_continues_the_last_turn_and_a_branch_its_own() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    assert_eq!(browser.value_of("#method").await, "standard");
    browser.choose("#count", "2").await;
    browser.click("#refine").await;
    // Refining is a conversation: it takes the chat method.
    assert_eq!(browser.value_of("#method").await, "chat");
    // And a turn is one picture: the count shows 1, and says why.
    assert_eq!(browser.value_of("#count").await, "1");
    browser.wait_for("#count:disabled").await;
    let hint = browser.wait_for("#count-hint").await;
    assert_eq!(
        hint.text().await.unwrap(),
        "Refining makes one image a turn."
    );

    // Turn 1: nothing before it, no image.
    browser.fill("#prompt", "Một con mèo cam").await;
    browser.click("button[type=submit]").await;
    let first = result_bytes(&browser, "Một con mèo cam").await;
    browser.wait_for_count(".turn", 1).await;
    // The turn's download: its picture, named after its prompt.
    let link = browser.wait_for(".turn a.download").await;
    let name = link.attr("download").await.unwrap().unwrap_or_default();
    assert_eq!(name, "mot-con-meo-cam-1.png");
    browser.click(".turn a.download").await;
    let (_, bytes) = browser.downloaded(&name).await;
    assert_eq!(bytes, first, "turn 1's picture");
    // Reached by Tab after Continue from here, as it sits below it.
    let after = browser
        .client
        .execute(
            "const t = document.querySelector('.turn');
             return !!(t.querySelector('.continue-from').compareDocumentPosition(
                 t.querySelector('a.download')) & Node.DOCUMENT_POSITION_FOLLOWING);",
            vec![],
        )
        .await
        .expect("tab order");
    assert_eq!(after, true, "the download after the button");
    let sent = servers.ended_requests("/chat/completions", 1).await;
    // One request, not the two the count had (counted once the run is
    // over, every answer in).
    browser.wait_for("[role=status] .done").await;
    browser.wait_for_count("figure.image-card img", 1).await;
    assert_eq!(servers.journal.to("/chat/completions").len(), 1);
    assert!(sent[0].input_images.is_empty());
    assert_eq!(messages(&sent[0]), [user_turn("Một con mèo cam")]);

    // Turn 2: turn 1 as text, its image with the new prompt.
    browser.fill("#prompt", "Cho mèo đội mũ").await;
    browser.click("button[type=submit]").await;
    result_bytes(&browser, "Cho mèo đội mũ").await;
    browser.wait_for_count(".turn", 2).await;
    let sent = servers.ended_requests("/chat/completions", 2).await;
    let seen = seen_in(&sent[1]);
    assert_eq!(seen, [("user".to_string(), seen_hash(&first))]);
    let said = messages(&sent[1]);
    assert_eq!(said.len(), 3, "{said:?}");
    assert_eq!(said[0], user_turn("Một con mèo cam"));
    assert_eq!(said[1].0, "assistant");
    assert!(
        said[1].1.contains("saw 0 input image(s)"),
        "the model's words of turn 1: {said:?}"
    );
    assert_eq!(said[2], user_turn("Cho mèo đội mũ"));

    // A branch from turn 1: turn 2 stays; turn 1's image goes, not turn 2's.
    browser.click(".turn:nth-child(1) .continue-from").await;
    // The button hid itself: focus is on the prompt to write next.
    browser.focus_comes_to("prompt").await;
    browser.fill("#prompt", "Cho mèo quàng khăn").await;
    browser.click("button[type=submit]").await;
    let third = result_bytes(&browser, "Cho mèo quàng khăn").await;
    let turns = browser.wait_for_count(".turn", 3).await;
    assert!(turns[2]
        .text()
        .await
        .unwrap()
        .contains("Turn 3 (from turn 1)"));
    assert_eq!(
        turns[1].attr("class").await.unwrap().unwrap_or_default(),
        "turn off-path",
        "turn 2 stays, as another branch"
    );
    let sent = servers.ended_requests("/chat/completions", 3).await;
    let hashes: Vec<u64> = seen_in(&sent[2]).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hashes, [seen_hash(&first)]);
    picture_of(&browser, "main.layout", "edit-turns").await;
    let users: Vec<String> = messages(&sent[2])
        .into_iter()
        .filter(|m| m.0 == "user")
        .map(|m| m.1)
        .collect();
    assert_eq!(users, ["Một con mèo cam", "Cho mèo quàng khăn"]);

    // The gallery keeps each turn's number.
    let tiles = browser.wait_for_count(".gallery-grid .tile", 3).await;
    tiles[0]
        .find(fantoccini::Locator::Css("button.thumb"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let info = browser.wait_for(".viewer dl").await;
    browser
        .wait_for_text(&info, "turn 3 of a conversation")
        .await;
    browser.click(".viewer .close").await;

    // A reload keeps the conversation: its three turns, turn 2 still off
    // the path, refining still on; the next prompt continues from turn 3
    // (below, the mock sees turn 3's picture).
    stored_turns(&browser, 3, 3).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    let turns = browser.wait_for_count(".turn", 3).await;
    browser
        .wait_for_text(&turns[2], "Turn 3 (from turn 1)")
        .await;
    assert_eq!(
        turns[1].attr("class").await.unwrap().unwrap_or_default(),
        "turn off-path",
        "turn 2 still another branch"
    );
    assert_eq!(
        browser
            .wait_for("#refine")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("true"),
        "still refining"
    );

    // A gateway that passes assistant images on: the last result goes in
    // the model's turn (the mock behind a "newer gateway" model sees it).
    browser.click("#assistant-images").await;
    browser.fill("#model", "gemini-image-newer-gateway").await;
    browser.fill("#prompt", "Thêm nắng chiều").await;
    browser.click("button[type=submit]").await;
    result_bytes(&browser, "Thêm nắng chiều").await;
    let sent = servers.ended_requests("/chat/completions", 4).await;
    let seen = seen_in(&sent[3]);
    assert_eq!(seen, [("assistant".to_string(), seen_hash(&third))]);
    let reply = browser.wait_for(".reply blockquote").await;
    browser.wait_for_text(&reply, "saw 1 input image(s)").await;

    // Start over: the next prompt stands alone, with a reference of its own,
    // and its turn says so.
    browser.click(".start-over").await;
    browser.click(".confirm-start-over").await;
    browser.wait_for_count(".turn", 0).await;
    let dog = draw::picture(5, 64, 64);
    paste(&browser, "cho.png", &dog).await;
    browser.wait_for_count(".reference", 1).await;
    browser.fill("#prompt", "Một chú chó").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 5).await;
    let seen = seen_in(&sent[4]);
    assert_eq!(seen, [("user".to_string(), seen_hash(&dog))]);
    assert_eq!(messages(&sent[4]), [user_turn("Một chú chó")]);
    let turns = browser.wait_for_count(".turn", 1).await;
    browser
        .wait_for_text(&turns[0], "Turn 1, with 1 reference image")
        .await;
    // The old turns went with Start over: a reload brings the new one only.
    stored_turns(&browser, 1, 1).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    let turns = browser.wait_for_count(".turn", 1).await;
    browser
        .wait_for_text(&turns[0], "Turn 1, with 1 reference image")
        .await;
    // Refining off: the count chosen before it is back.
    browser.click("#refine").await;
    browser.wait_for("#count:enabled").await;
    assert_eq!(browser.value_of("#count").await, "2");
    browser.wait_for_count("#count-hint", 0).await;
    browser.close().await;
}

/// A PNG's pixels as RGB.
fn rgb(png_bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(png_bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("its pixels");
    let channels = info.color_type.samples();
    let pixels = buffer[..info.buffer_size()]
        .chunks(channels)
        .map(|p| match channels {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

/// Draws a stroke on the marking canvas, as a finger or a mouse would.
const DRAW: &str = r#"
    const canvas = document.querySelector('.mark-canvas');
    const r = canvas.getBoundingClientRect();
    const at = (type, x, y) => canvas.dispatchEvent(new PointerEvent(type, {
        clientX: r.left + x * r.width, clientY: r.top + y * r.height,
        pointerId: 1, isPrimary: true, bubbles: true, cancelable: true }));
    at('pointerdown', 0.2, 0.3);
    at('pointermove', 0.5, 0.5);
    at('pointermove', 0.8, 0.6);
    at('pointerup', 0.8, 0.6);
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_marker_opens_in_view_above_the_generate_bar() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.as_phone(375, 740, true).await;
    let dir = Dir::new("mark-phone");
    let path = file(&dir, "vuon.png", &draw::picture(4, 600, 600));
    browser.open(&servers.app_url()).await;
    choose(&browser, &[&path]).await;
    // Its button just above the Generate bar, as a thumb scrolls to it.
    let mark = browser.wait_for(".reference .mark-area").await;
    browser
        .js_on(
            &mark,
            "const bar = document.querySelector('.generate-form .actions');
             const r = arguments[0].getBoundingClientRect();
             scrollBy(0, r.bottom - bar.getBoundingClientRect().top + 4);",
        )
        .await;
    browser.click(".reference .mark-area").await;
    browser.wait_for(".mark-canvas").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let place = browser
            .client
            .execute(
                "const c = document.querySelector('.mark-canvas').getBoundingClientRect();
                 const bar = document.querySelector('.generate-form .actions')
                     .getBoundingClientRect();
                 return [c.top >= 0 && c.bottom <= bar.top, c.top, c.bottom, bar.top];",
                vec![],
            )
            .await
            .expect("where the canvas is");
        if place[0] == true {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the canvas is not all in view above the bar: {place}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // No word of Esc on a touch screen.
    assert!(!browser.displayed(".marker .shortcuts").await);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_marked_area_changes_the_picture_sent_and_the_original_stays() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    let dir = Dir::new("mark");
    let picture = draw::picture(4, 320, 240);
    let path = file(&dir, "vuon.png", &picture);
    browser.open(&servers.app_url()).await;
    browser
        .fill("#prompt", "Đổi vùng được đánh dấu thành hoa hướng dương")
        .await;
    choose(&browser, &[&path]).await;
    browser.click(".reference .mark-area").await;
    browser.wait_for(".mark-canvas").await;
    // With a keyboard, its key is said.
    assert!(browser.displayed(".marker .shortcuts").await);
    browser.client.execute(DRAW, vec![]).await.expect("draw");
    picture_of(&browser, "fieldset.references", "edit-marking").await;
    browser.click(".done-marking").await;
    let size = browser.wait_for(".reference .reference-size").await;
    browser.wait_for_text(&size, "marked").await;
    // The marker closed: focus is back on the button that opened it.
    browser.focus_comes_to("mark-area").await;
    // Opened again, Esc from inside closes it, focus back the same way.
    browser.click(".reference .mark-area").await;
    browser.click(".marker .brush").await;
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_for_count(".marker", 0).await;
    browser.focus_comes_to("mark-area").await;

    // Marked, kept over a reload.
    stored(&browser, &[("vuon.png", true)]).await;
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    let size = browser.wait_for(".reference .reference-size").await;
    browser.wait_for_text(&size, "marked").await;

    // The mock answers the picture it saw, inverted: inverted back, it is
    // the marked copy, the same size, with a bright stroke across it.
    browser.click("button[type=submit]").await;
    let result = result_bytes(&browser, "hoa hướng dương").await;
    let sent = servers.ended_requests("/chat/completions", 1).await;
    assert_eq!(sent[0].input_images.len(), 1);
    assert_eq!(sent[0].input_images[0].mime, "image/png");
    let seen = draw::inverted(&result).expect("the result is a PNG");
    let (w, h, marked) = rgb(&seen);
    let (_, _, original) = rgb(&picture);
    assert_eq!((w, h), (320, 240), "sent at the picture's size");
    let changed = marked
        .iter()
        .zip(&original)
        .filter(|(m, o)| m.iter().zip(o.iter()).any(|(a, b)| a.abs_diff(*b) > 40))
        .count();
    // Of those changed, the ones now bright magenta (the picture has
    // magenta discs of its own: only a change counts).
    let magenta = marked
        .iter()
        .zip(&original)
        .filter(|(m, o)| m != o && m[0] > 150 && m[2] > 150 && m[1] < 110)
        .count();
    assert!(changed > 1_000, "{changed} pixels changed");
    assert!(magenta > 1_000, "{magenta} bright magenta pixels");
    assert!(changed < 320 * 240 / 2, "only the marked area: {changed}");

    // The original, as it came.
    browser.click(".reference .use-original").await;
    browser.wait_for_count(".reference .use-original", 0).await;
    browser.fill("#prompt", "Lần này không đánh dấu").await;
    browser.click("button[type=submit]").await;
    let sent = servers.ended_requests("/chat/completions", 2).await;
    let hashes: Vec<u64> = seen_in(&sent[1]).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hashes, [seen_hash(&picture)]);
    browser.close().await;
}
