//! `cargo xtask csp`: pins Trunk's inline loader script in the page's
//! Content-Security-Policy. Run by Trunk as a post-build hook (Trunk.toml),
//! so every `trunk build` gets it: the loader names hashed files, so its
//! hash changes with every build and cannot be written by hand. It also
//! takes the `integrity` off the wasm's preload (see [`drop_ignored_integrity`]).
//! First it shortens the wasm's import names in the wasm and the glue
//! (`imports.rs`), then names the build's files by their content
//! (`names.rs`): the loader names them, and Trunk runs its hooks side by side.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// What `index.html` writes where the loader's hash goes.
pub const PLACEHOLDER: &str = "'sha256-TRUNK-LOADER'";

/// The inline `<script>` elements of a page (those without `src`), as the
/// exact text between their tags: what the browser hashes.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// `'sha256-…'` for a script's text.
pub fn hash_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Replaces the placeholder with the hashes of every inline script.
pub fn pin(html: &str) -> Result<String, String> {
    if !html.contains(PLACEHOLDER) {
        return Err(format!(
            "index.html has no {PLACEHOLDER} in its Content-Security-Policy"
        ));
    }
    let hashes: Vec<String> = inline_scripts(html).into_iter().map(hash_source).collect();
    if hashes.is_empty() {
        return Err("no inline script to pin (did Trunk's loader change?)".into());
    }
    Ok(html.replace(PLACEHOLDER, &hashes.join(" ")))
}

/// Takes `integrity` off `<link rel=preload as=fetch>`: Trunk puts one on
/// the wasm's preload, Chromium ignores it there and warns about it in
/// every visitor's console, and Trunk's loader fetches the wasm without
/// one. (The JS glue's `modulepreload` keeps its own: it is checked.)
pub fn drop_ignored_integrity(html: &str) -> String {
    edit_links(html, |tag| {
        let attrs: Vec<&str> = tag.split_ascii_whitespace().collect();
        let has = |want: &str| {
            attrs.iter().any(|a| {
                a.trim_end_matches('>')
                    .trim_end_matches('/')
                    .replace('"', "")
                    == want
            })
        };
        match tag.find(" integrity=") {
            Some(at) if has("rel=preload") && has("as=fetch") => {
                let value = &tag[at + " integrity=".len()..];
                let len = match value.strip_prefix('"') {
                    Some(quoted) => quoted.find('"').map_or(value.len(), |i| i + 2),
                    None => value
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(value.len()),
                };
                format!("{}{}", &tag[..at], &value[len..])
            }
            _ => tag.to_owned(),
        }
    })
}

/// `html` with each `<link …>` tag (up to its `>`) replaced by what `edit`
/// makes of it.
pub fn edit_links(html: &str, mut edit: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('>').map_or(after.len(), |i| i + 1);
        out.push_str(&edit(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The hook: `$TRUNK_STAGING_DIR/index.html`, or the path given.
pub fn run(args: &[String]) -> Result<(), String> {
    let path = args
        .first()
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("TRUNK_STAGING_DIR").map(|d| PathBuf::from(d).join("index.html"))
        })
        .ok_or("give the page's path, or run as Trunk's post_build hook")?;
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    let html = crate::imports::shorten_in(dir, &html)?;
    let html = crate::names::rename_by_content(dir, &html)?;
    let pinned = pin(&drop_ignored_integrity(&html))?;
    std::fs::write(&path, pinned).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_every_inline_script_and_no_other() {
        let page = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' {PLACEHOLDER}\">\
             <script type=\"module\">\nimport init from './a.js';\n</script>\
             <script src=\"./b.js\"></script>"
        );
        assert_eq!(inline_scripts(&page), ["\nimport init from './a.js';\n"]);
        let pinned = pin(&page).unwrap();
        assert!(!pinned.contains(PLACEHOLDER));
        // The value a browser computes for that text (echo -n … | openssl dgst -sha256 -binary | base64).
        assert!(
            pinned.contains(&hash_source("\nimport init from './a.js';\n")),
            "{pinned}"
        );
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert!(pin("<script>x</script>").is_err(), "no placeholder");
    }

    #[test]
    fn the_wasm_preload_loses_its_integrity_and_nothing_else_does() {
        // As Trunk's minifier writes it, and as it writes it without.
        let minified = "<link href=data:, rel=icon>\
             <link as=fetch crossorigin href=config.json rel=preload>\
             <link crossorigin href=./a.js integrity=sha384-AAA rel=modulepreload>\
             <link as=fetch crossorigin href=./a_bg.wasm integrity=sha384-BBB rel=preload type=application/wasm>";
        assert_eq!(
            drop_ignored_integrity(minified),
            "<link href=data:, rel=icon>\
             <link as=fetch crossorigin href=config.json rel=preload>\
             <link crossorigin href=./a.js integrity=sha384-AAA rel=modulepreload>\
             <link as=fetch crossorigin href=./a_bg.wasm rel=preload type=application/wasm>"
        );
        let plain = r#"<link rel="preload" href="./a_bg.wasm" crossorigin="anonymous" integrity="sha384-B B" as="fetch" type="application/wasm"/>
<link rel="stylesheet" href="./a.css" integrity="sha384-CCC"/>"#;
        assert_eq!(
            drop_ignored_integrity(plain),
            r#"<link rel="preload" href="./a_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"/>
<link rel="stylesheet" href="./a.css" integrity="sha384-CCC"/>"#
        );
        let untouched = "<p>no links</p><script>x</script>";
        assert_eq!(drop_ignored_integrity(untouched), untouched);
    }
}
