//! Editing in Chromium against the mock: references chosen with the file
//! picker and pasted go with the prompt, in their order, as the mock sees
//! them; bad files are named and nothing is sent; a large photo is scaled
//! before it goes; "Edit this" sends a result back; references survive a
//! reload.

use base64::Engine;
use e2e::{Browser, Servers};
use mock_gateway::draw;
use std::path::PathBuf;

/// The mock's hash of an image it received: of the base64 of its bytes.
fn seen_hash(bytes: &[u8]) -> u64 {
    draw::hash(&base64::engine::general_purpose::STANDARD.encode(bytes), 0)
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
    let hashes: Vec<u64> = sent[1].input_images.iter().map(|i| i.hash).collect();
    assert_eq!(hashes, [seen_hash(&blue), seen_hash(&red)]);

    // A reload keeps them, in their order, with the prompt.
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
    browser.client.refresh().await.unwrap();
    browser.wait_for("form.generate-form").await;
    browser.wait_for_count(".reference", 1).await;
    assert_eq!(references(&browser).await, ["do.png"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_photo_is_scaled_before_it_is_sent() {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    let dir = Dir::new("large");
    let large = file(&dir, "anh-lon.png", &draw::picture(3, 3000, 1000));
    browser.open(&servers.app_url()).await;
    browser.fill("#prompt", "Thêm một chiếc thuyền").await;
    choose(&browser, &[&large]).await;
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
    let seen: Vec<(String, u64)> = sent[1]
        .input_images
        .iter()
        .map(|i| (i.role.clone(), i.hash))
        .collect();
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
    let hashes: Vec<u64> = sent[2].input_images.iter().map(|i| i.hash).collect();
    assert_eq!(
        hashes,
        [seen_hash(&result)],
        "the gallery's bytes of the first image"
    );
    browser.close().await;
}
