//! `cargo xtask icons`: draws the PNG icons the web app manifest and iOS
//! ask for from their SVG sources, in headless Chromium (the browser the
//! tests use), so the pictures are the SVGs' and nothing else's. The PNGs
//! are committed: a build does not need Chromium.

use crate::{root, tools};
use std::path::Path;

/// (source under `public/`, size in pixels, PNG written under `public/`).
const ICONS: [(&str, u32, &str); 4] = [
    ("icon.svg", 192, "icons/icon-192.png"),
    ("icon.svg", 512, "icons/icon-512.png"),
    // Full-bleed, the picture within the safe circle: the phone cuts the shape.
    ("icon-maskable.svg", 512, "icons/maskable-512.png"),
    // iOS rounds the corners itself and wants no transparency.
    ("icon-maskable.svg", 180, "icons/apple-touch-icon.png"),
];

pub fn run() -> Result<(), String> {
    tools::ensure(tools::Need::Test)?;
    let public = root().join("public");
    let scratch = std::env::temp_dir().join(format!("sinh-anh-icons-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = ICONS.iter().try_for_each(|(svg, size, png)| {
        draw(&public.join(svg), *size, &public.join(png), &scratch)
    });
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// One PNG of `size`×`size` pixels: the SVG inlined in a page of exactly
/// that size, with a transparent background, screenshotted.
fn draw(svg: &Path, size: u32, png: &Path, scratch: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(svg).map_err(|e| format!("{}: {e}", svg.display()))?;
    let page = scratch.join("icon.html");
    let html = format!(
        "<!doctype html><style>html,body{{margin:0;background:transparent}}\
         svg{{display:block;width:{size}px;height:{size}px}}</style>{source}"
    );
    std::fs::write(&page, html).map_err(|e| format!("{}: {e}", page.display()))?;
    // Drawn in the scratch folder and moved into place only when whole: a
    // failed run leaves the committed icon as it was.
    let drawn = scratch.join("icon.png");
    let _ = std::fs::remove_file(&drawn);
    crate::run(
        crate::cmd(&tools::chrome_bin())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--default-background-color=00000000",
            ])
            .arg(format!(
                "--user-data-dir={}",
                scratch.join("profile").display()
            ))
            .arg(format!("--window-size={size},{size}"))
            .arg(format!("--screenshot={}", drawn.display()))
            .arg(format!("file://{}", page.display())),
    )?;
    let bytes = std::fs::read(&drawn).unwrap_or_default();
    if bytes.is_empty() {
        return Err(format!("Chromium drew nothing for {}", png.display()));
    }
    if let Some(folder) = png.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    std::fs::write(png, &bytes).map_err(|e| format!("{}: {e}", png.display()))?;
    println!("  {} ({size}×{size}, {} bytes)", png.display(), bytes.len());
    Ok(())
}
