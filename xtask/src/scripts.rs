//! `cargo xtask scripts`: in a release build, the service worker's two
//! scripts lose their whole-line comments and indentation. Trunk copies
//! them as they are (it minifies only what it bundles, and a service
//! worker cannot be bundled: its name must stay), so this runs as a
//! post-build hook (Trunk.toml). The sources keep their comments.

use std::path::PathBuf;

/// The scripts copied beside the page.
const SCRIPTS: [&str; 2] = ["sw.js", "sw-register.js"];

/// `source` without its whole-line `//` comments, blank lines and
/// indentation. A comment after code on its line stays: what follows `//`
/// there may be in a string or a regular expression. Refused where a line
/// may be text, not code: an odd number of backticks on a line (a template
/// string over several lines), or a line ending in `\` (a string going on
/// to the next).
pub fn tidy(source: &str) -> Result<String, String> {
    let mut out = String::with_capacity(source.len());
    for (n, line) in source.lines().enumerate() {
        if line.matches('`').count() % 2 == 1 || line.trim_end().ends_with('\\') {
            return Err(format!(
                "line {}: a string over several lines cannot be tidied",
                n + 1
            ));
        }
        let code = line.trim();
        if code.is_empty() || code.starts_with("//") {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    Ok(out)
}

/// The hook: the scripts in `$TRUNK_STAGING_DIR`, in a release build.
pub fn run() -> Result<(), String> {
    if std::env::var("TRUNK_PROFILE").as_deref() != Ok("release") {
        return Ok(());
    }
    let dir = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("run as Trunk's post_build hook")?;
    for name in SCRIPTS {
        let path = dir.join(name);
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let tidied = tidy(&source).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(&path, tidied)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_line_comments_and_indentation_go_and_code_stays() {
        let source = "// The worker.\n'use strict';\n\n  // Why.\n  const A = 'http://x'; // kept\n\tif (a) {\n    b(`${c}//d`);\n  }\n";
        assert_eq!(
            tidy(source).unwrap(),
            "'use strict';\nconst A = 'http://x'; // kept\nif (a) {\nb(`${c}//d`);\n}\n"
        );
    }

    #[test]
    fn a_string_over_lines_is_refused() {
        assert!(tidy("const a = `one\n// two`;\n").is_err());
        assert!(tidy("const a = 'one \\\n  // two';\n").is_err());
    }

    #[test]
    fn the_app_s_scripts_can_be_tidied() {
        let public = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
        for name in SCRIPTS {
            let source = std::fs::read_to_string(public.join(name)).unwrap();
            let tidied = tidy(&source).unwrap();
            assert!(tidied.len() < source.len(), "{name}");
            assert!(!tidied.lines().any(|l| l.starts_with("//")), "{name}");
        }
    }
}
