//! The wasm's imports named in a letter or two, in the wasm and in the JS
//! glue that provides them. wasm-bindgen names each import of the glue
//! `__wbg_<name>_<16 hex digits>` under the module `./sinh-anh_bg.js`:
//! about 300 imports, 10 KB of names in the wasm and again in the glue,
//! and hex digits that gzip cannot shrink. Neither wasm-opt nor Trunk's
//! minifier can rename them, for each sees only one side; emscripten does
//! the same for its own imports (binaryen's `--minify-imports`). Run inside
//! the `csp` hook, before the files are named by their content.

/// The module every import comes from, once shortened.
const MODULE: &str = "a";

/// The `n`th short name: a letter, then letters and digits.
fn short_name(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut name = String::new();
    name.push(FIRST[n % FIRST.len()] as char);
    n /= FIRST.len();
    while n > 0 {
        n -= 1;
        name.push(REST[n % REST.len()] as char);
        n /= REST.len();
    }
    name
}

fn read_u32(bytes: &[u8], at: &mut usize) -> Result<u32, String> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at).ok_or("the wasm ends inside a number")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value).map_err(|_| "a number of the wasm is too large".into());
        }
    }
    Err("a number of the wasm is too long".into())
}

fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = read_u32(bytes, at)? as usize;
    let name = bytes
        .get(*at..*at + len)
        .ok_or("the wasm ends inside a name")?;
    *at += len;
    std::str::from_utf8(name).map_err(|_| "a name in the wasm is not UTF-8".into())
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_u32(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

/// Skips an import's description (what kind of thing it is, and its type).
fn skip_description(bytes: &[u8], at: &mut usize) -> Result<(), String> {
    let kind = *bytes.get(*at).ok_or("the wasm ends inside an import")?;
    *at += 1;
    let limits = |at: &mut usize| -> Result<(), String> {
        let flags = *bytes.get(*at).ok_or("the wasm ends inside limits")?;
        *at += 1;
        read_u32(bytes, at)?;
        if flags & 1 == 1 {
            read_u32(bytes, at)?;
        }
        Ok(())
    };
    match kind {
        // A function or a tag: its type's index (a tag first has an attribute byte).
        0 => read_u32(bytes, at).map(drop),
        4 => {
            *at += 1;
            read_u32(bytes, at).map(drop)
        }
        // A table: its element type, then limits.
        1 => {
            *at += 1;
            limits(at)
        }
        2 => limits(at),
        // A global: its value type and whether it is mutable.
        3 => {
            *at += 2;
            Ok(())
        }
        other => Err(format!("an import of unknown kind {other}")),
    }
}

/// The glue with every identifier that `renamed` holds replaced, and how
/// often each was found.
fn rename_identifiers(
    glue: &str,
    renamed: &std::collections::HashMap<&str, String>,
) -> (String, std::collections::HashMap<String, usize>) {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(glue.len());
    let mut found = std::collections::HashMap::new();
    let mut rest = glue;
    let mut after_part = false;
    while let Some(c) = rest.chars().next() {
        if is_part(c) && !after_part {
            let len = rest.find(|c: char| !is_part(c)).unwrap_or(rest.len());
            let word = &rest[..len];
            match renamed.get(word) {
                Some(new) => {
                    out.push_str(new);
                    *found.entry(word.to_owned()).or_insert(0) += 1;
                }
                None => out.push_str(word),
            }
            rest = &rest[len..];
            after_part = true;
            continue;
        }
        out.push(c);
        after_part = is_part(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, found)
}

/// The wasm and the glue with the imports' module and names shortened.
/// Fails, changing nothing, when the glue does not hold each import's name
/// exactly once and the module's name exactly once: a wasm-bindgen that
/// writes its glue another way needs this code looked at again.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut glue_out = None;
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let len = read_u32(wasm, &mut at)? as usize;
        let body = wasm
            .get(at..at + len)
            .ok_or("the wasm ends inside a section")?;
        at += len;
        if id != 2 {
            out.push(id);
            write_u32(&mut out, len as u32);
            out.extend_from_slice(body);
            continue;
        }
        let mut inner = 0;
        let count = read_u32(body, &mut inner)?;
        let mut imports = Vec::new();
        for _ in 0..count {
            let module = read_name(body, &mut inner)?;
            let name = read_name(body, &mut inner)?;
            let start = inner;
            skip_description(body, &mut inner)?;
            let description = body
                .get(start..inner)
                .ok_or("the wasm ends inside an import")?;
            imports.push((module, name, description));
        }
        let Some(&(module, ..)) = imports.first() else {
            return Ok((wasm.to_vec(), glue.to_owned()));
        };
        if module == MODULE {
            // Shortened already.
            return Ok((wasm.to_vec(), glue.to_owned()));
        }
        if let Some((other, ..)) = imports.iter().find(|(m, ..)| *m != module) {
            return Err(format!(
                "the wasm imports from two modules, {module} and {other}"
            ));
        }
        let mut renamed = std::collections::HashMap::new();
        for (_, name, _) in &imports {
            let next = short_name(renamed.len());
            renamed.entry(*name).or_insert(next);
        }
        let (mut new_glue, found) = rename_identifiers(glue, &renamed);
        for name in renamed.keys() {
            let times = found.get(*name).copied().unwrap_or(0);
            if times != 1 {
                return Err(format!(
                    "the glue names the import {name} {times} times, not once"
                ));
            }
        }
        let mut module_key = None;
        for quote in ['"', '\''] {
            let quoted = format!("{quote}{module}{quote}");
            match new_glue.matches(&quoted).count() {
                0 => {}
                1 => module_key = Some((quoted, format!("{quote}{MODULE}{quote}"))),
                n => return Err(format!("the glue names the module {module} {n} times")),
            }
        }
        let (old, new) = module_key.ok_or(format!("the glue never names the module {module}"))?;
        new_glue = new_glue.replacen(&old, &new, 1);
        glue_out = Some(new_glue);

        let mut section = Vec::with_capacity(body.len() / 4);
        write_u32(&mut section, count);
        for (_, name, description) in &imports {
            write_name(&mut section, MODULE);
            write_name(&mut section, &renamed[name]);
            section.extend_from_slice(description);
        }
        out.push(2);
        write_u32(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    Ok((out, glue_out.unwrap_or_else(|| glue.to_owned())))
}

/// Shortens the imports of the wasm and glue that `html` names in `dir`,
/// and gives `html` with the glue's new `integrity`.
pub fn shorten_in(dir: &std::path::Path, html: &str) -> Result<String, String> {
    let named = |tail: &str| -> Result<std::path::PathBuf, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut found = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                crate::names::parts(name)
                    .is_some_and(|(stem, _, t)| stem == "sinh-anh-" && t == tail)
                    && html.contains(name.as_str())
            });
        match (found.next(), found.next()) {
            (Some(name), None) => Ok(dir.join(name)),
            _ => Err(format!(
                "the page does not name exactly one sinh-anh-…{tail}"
            )),
        }
    };
    let (wasm_path, glue_path) = (named("_bg.wasm")?, named(".js")?);
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let wasm = read(&wasm_path)?;
    let glue_bytes = read(&glue_path)?;
    let glue = String::from_utf8(glue_bytes).map_err(|_| "the glue is not UTF-8".to_string())?;
    let (new_wasm, new_glue) = shorten(&wasm, &glue)?;
    let write = |path: &std::path::Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(&wasm_path, &new_wasm)?;
    write(&glue_path, new_glue.as_bytes())?;
    Ok(with_integrity_of(
        html,
        glue.as_bytes(),
        new_glue.as_bytes(),
    ))
}

/// `html` with every `integrity` value of `old` (SHA-256, 384 or 512) made
/// that of `new`.
fn with_integrity_of(html: &str, old: &[u8], new: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let b64 = |digest: &[u8]| base64::engine::general_purpose::STANDARD.encode(digest);
    let mut html = html.to_owned();
    for (algorithm, digest) in [
        (
            "sha256",
            (|b: &[u8]| sha2::Sha256::digest(b).to_vec()) as fn(&[u8]) -> Vec<u8>,
        ),
        ("sha384", |b| sha2::Sha384::digest(b).to_vec()),
        ("sha512", |b| sha2::Sha512::digest(b).to_vec()),
    ] {
        let from = format!("{algorithm}-{}", b64(&digest(old)));
        let to = format!("{algorithm}-{}", b64(&digest(new)));
        html = html.replace(&from, &to);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `f` and `g` (two functions) from `m`, with a type
    /// section before and an export section after.
    fn module(m: &str, f: &str, g: &str) -> Vec<u8> {
        let mut imports = Vec::new();
        write_u32(&mut imports, 2);
        for name in [f, g] {
            write_name(&mut imports, m);
            write_name(&mut imports, name);
            imports.extend_from_slice(&[0, 0]);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        wasm.push(2);
        write_u32(&mut wasm, imports.len() as u32);
        wasm.extend_from_slice(&imports);
        wasm.extend_from_slice(&[7, 5, 1, 1, b'x', 0, 1]);
        wasm
    }

    fn imports_of(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader {
                    let import = import.unwrap();
                    found.push((import.module.to_owned(), import.name.to_owned()));
                }
            }
        }
        found
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..4000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[51], "Z");
        assert_eq!(names[52].len(), 2);
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(names.iter().all(|n| n.as_bytes()[0].is_ascii_alphabetic()
            && n.bytes().all(|b| b.is_ascii_alphanumeric())));
        assert!(names[..52 + 52 * 62].iter().all(|n| n.len() <= 2));
    }

    #[test]
    fn both_sides_take_the_same_short_names() {
        let wasm = module(
            "./app_bg.js",
            "__wbg_log_0123456789abcdef",
            "__wbg_now_fedcba9876543210",
        );
        let glue = "function __wbg_get_imports(){return{__proto__:null,\"./app_bg.js\":\
                    {__proto__:null,__wbg_log_0123456789abcdef:function(e){console.log(e)},\
                    __wbg_now_fedcba9876543210 : function(){return Date.now()}}}}\
                    let __wbg_log_0123456789abcdefx=1;";
        let (new_wasm, new_glue) = shorten(&wasm, glue).unwrap();
        assert_eq!(
            imports_of(&new_wasm),
            [("a".into(), "a".into()), ("a".into(), "b".into())]
        );
        assert_eq!(
            new_glue,
            "function __wbg_get_imports(){return{__proto__:null,\"a\":\
             {__proto__:null,a:function(e){console.log(e)},\
             b : function(){return Date.now()}}}}\
             let __wbg_log_0123456789abcdefx=1;"
        );
        // The sections around the imports are as they were.
        assert!(new_wasm.starts_with(&wasm[..14]));
        assert!(new_wasm.ends_with(&[7, 5, 1, 1, b'x', 0, 1]));
        // A second run changes nothing.
        assert_eq!(
            shorten(&new_wasm, &new_glue).unwrap(),
            (new_wasm.clone(), new_glue.clone())
        );
    }

    #[test]
    fn a_glue_of_another_shape_is_an_error_not_a_broken_build() {
        let wasm = module("./app_bg.js", "__wbg_f_00", "__wbg_g_00");
        let good = "{\"./app_bg.js\":{__wbg_f_00:1,__wbg_g_00:2}}";
        assert!(shorten(&wasm, good).is_ok());
        for (glue, says) in [
            ("{\"./app_bg.js\":{__wbg_f_00:1}}", "__wbg_g_00 0 times"),
            (
                "{\"./app_bg.js\":{__wbg_f_00:1,__wbg_g_00:2,x:__wbg_g_00}}",
                "__wbg_g_00 2 times",
            ),
            (
                "{wbg:{__wbg_f_00:1,__wbg_g_00:2}}",
                "never names the module",
            ),
            (
                "{\"./app_bg.js\":{__wbg_f_00:1,__wbg_g_00:2}};\"./app_bg.js\"",
                "2 times",
            ),
        ] {
            let error = shorten(&wasm, glue).unwrap_err();
            assert!(error.contains(says), "{glue}: {error}");
        }
        assert!(shorten(b"\0asm\x02\0\0\0", good).is_err());
        let mut cut = wasm.clone();
        cut.truncate(20);
        assert!(shorten(&cut, good).is_err());
    }

    #[test]
    fn the_glue_s_integrity_follows_its_bytes() {
        // `echo -n old | openssl dgst -sha384 -binary | base64`
        let page = "<link href=./g.js integrity=sha384-fBumr4n5sA4/QWNPS7KNu2jg9CBOR0IYwQ/0At9wfOm4i7Q4PV5XMqwIcsX/sSsj rel=modulepreload>";
        let new = with_integrity_of(page, b"old", b"new");
        assert_eq!(
            new,
            "<link href=./g.js integrity=sha384-\
             oQtuWMZdTbA7ICPQ0wcDbydp9VuhdkkSo0MLQoRb042nIb0DSe05+ibZ76lqtnU7 rel=modulepreload>"
        );
        assert_eq!(with_integrity_of(page, b"other", b"new"), page);
    }
}
