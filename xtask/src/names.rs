//! The build's files named by what they hold. Trunk names the app's wasm
//! and JS glue by a hash of them as wasm-bindgen wrote them, before
//! wasm-opt and its minifier change them: a build that differs only there
//! (a new wasm-opt, other flags, a new Trunk) would ship new bytes under
//! the old names. The service worker keeps a build's files by name, for
//! good, so a visitor who had the old ones would keep them: the old wasm,
//! or an old glue that no longer matches the page's `integrity`. Run
//! inside the `csp` hook, before the loader is pinned: the loader names
//! the files, and Trunk runs its hooks at the same time.

use sha2::{Digest, Sha256};
use std::path::Path;

/// A name Trunk gives a build file: `sinh-anh-<hex>.js`,
/// `sinh-anh-<hex>_bg.wasm` or `app-<hex>.css`, as `(stem, hex, tail)`.
pub fn parts(name: &str) -> Option<(&str, &str, &str)> {
    for (stem, tail) in [
        ("sinh-anh-", ".js"),
        ("sinh-anh-", "_bg.wasm"),
        ("app-", ".css"),
    ] {
        let Some(hex) = name
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_suffix(tail))
        else {
            continue;
        };
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some((stem, hex, tail));
        }
    }
    None
}

/// The hash a file is named by: the first 16 hex digits of its SHA-256
/// (as long as Trunk's own).
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name `name` should have for `bytes`; `None` when it is not a build
/// file's.
pub fn named_for(name: &str, bytes: &[u8]) -> Option<String> {
    let (stem, _, tail) = parts(name)?;
    Some(format!("{stem}{}{tail}", content_hash(bytes)))
}

/// Renames the build files in `dir` that `html` names (only those) by
/// their content, and gives `html` with the new names.
pub fn rename_by_content(dir: &Path, html: &str) -> Result<String, String> {
    let mut html = html.to_owned();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if parts(&name).is_none() || !html.contains(&name) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        let Some(new) = named_for(&name, &bytes) else {
            continue;
        };
        if new != name {
            std::fs::rename(entry.path(), dir.join(&new))
                .map_err(|e| format!("{name} → {new}: {e}"))?;
            html = html.replace(&name, &new);
        }
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_build_s_names_are_read() {
        assert_eq!(
            parts("sinh-anh-0a1b_bg.wasm"),
            Some(("sinh-anh-", "0a1b", "_bg.wasm"))
        );
        assert_eq!(
            parts("sinh-anh-0a1b.js"),
            Some(("sinh-anh-", "0a1b", ".js"))
        );
        assert_eq!(parts("app-ff.css"), Some(("app-", "ff", ".css")));
        for other in [
            "sw.js",
            "sw-register.js",
            "sinh-anh-.js",
            "sinh-anh-xyz.js",
            "app-1.css.map",
            "config.json",
        ] {
            assert_eq!(parts(other), None, "{other}");
        }
        // `printf wasm | sha256sum | cut -c1-16`
        assert_eq!(content_hash(b"wasm"), "336154bf67f765f8");
        assert_eq!(
            named_for("sinh-anh-0000000000000000_bg.wasm", b"wasm"),
            Some(format!("sinh-anh-{}_bg.wasm", content_hash(b"wasm")))
        );
    }

    #[test]
    fn the_files_the_page_names_take_their_content_s_names() {
        let dir = std::env::temp_dir().join(format!("sinh-anh-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let old_js = "sinh-anh-1111111111111111.js";
        let old_wasm = "sinh-anh-1111111111111111_bg.wasm";
        let unnamed = "sinh-anh-2222222222222222.js";
        for (name, bytes) in [
            (old_js, "glue"),
            (old_wasm, "wasm"),
            (unnamed, "x"),
            ("sw.js", "sw"),
        ] {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let page = format!(
            "<link href=./{old_js} rel=modulepreload><link href=./{old_wasm} rel=preload>\
             <script type=module>import init from\"./{old_js}\";init({{module_or_path:`./{old_wasm}`}})</script>"
        );
        let renamed = rename_by_content(&dir, &page).unwrap();
        let js = format!("sinh-anh-{}.js", content_hash(b"glue"));
        let wasm = format!("sinh-anh-{}_bg.wasm", content_hash(b"wasm"));
        assert_eq!(
            renamed,
            page.replace(old_js, &js).replace(old_wasm, &wasm),
            "every mention renamed"
        );
        assert_eq!(std::fs::read_to_string(dir.join(&js)).unwrap(), "glue");
        assert_eq!(std::fs::read_to_string(dir.join(&wasm)).unwrap(), "wasm");
        assert!(!dir.join(old_js).exists() && !dir.join(old_wasm).exists());
        // What the page does not name, and what is not a build file, stay.
        assert!(dir.join(unnamed).exists() && dir.join("sw.js").exists());
        // Named by content already: nothing changes.
        assert_eq!(rename_by_content(&dir, &renamed).unwrap(), renamed);
        assert!(dir.join(&js).exists() && dir.join(&wasm).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
