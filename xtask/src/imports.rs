//! The wasm's imports named in a letter or two, in the wasm and in the JS
//! glue that provides them. wasm-bindgen names each import of the glue
//! `__wbg_<name>_<16 hex digits>` under the module `./sinh-anh_bg.js`:
//! about 300 imports, 10 KB of names in the wasm and again in the glue,
//! and hex digits that gzip cannot shrink. Neither wasm-opt nor Trunk's
//! minifier can rename them, for each sees only one side; emscripten does
//! the same for its own imports (binaryen's `--minify-imports`). The
//! function exports that the glue reads (`wasm.<name>`: the closures'
//! `wasm_bindgen_<hash>___convert__closures_____invoke___…` among them,
//! up to 340 characters, each also the name of a function of the glue)
//! are named short the same way. Run inside the `csp` hook, before the
//! files are named by their content.

use std::collections::HashMap;

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

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_u32(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

fn unreadable(e: wasmparser::BinaryReaderError) -> String {
    format!("the wasm cannot be read: {e}")
}

/// Reads one import: its module, its name and its function type's index.
/// wasm-bindgen imports nothing but functions (kind 0); any other kind (a
/// table, a memory, a global, a tag, or an encoding this code does not
/// know) is an error rather than a guess at its length.
fn read_function_import<'a>(
    reader: &mut wasmparser::BinaryReader<'a>,
) -> Result<(&'a str, &'a str, u32), String> {
    let module = reader.read_string().map_err(unreadable)?;
    let name = reader.read_string().map_err(unreadable)?;
    match reader.read_u8().map_err(unreadable)? {
        0 => Ok((module, name, reader.read_var_u32().map_err(unreadable)?)),
        kind => Err(format!(
            "an import of kind {kind}, not a function: wasm-bindgen imports only functions"
        )),
    }
}

/// Whether `c` can be part of a JavaScript identifier (as the glue writes
/// them: ASCII only).
fn is_part(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Writes a section: its id, its size, its body.
fn write_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_u32(out, body.len() as u32);
    out.extend_from_slice(body);
}

/// The glue with every identifier that `renamed` holds replaced, and how
/// often each was found.
fn rename_identifiers(
    glue: &str,
    renamed: &HashMap<&str, String>,
) -> (String, HashMap<String, usize>) {
    let mut out = String::with_capacity(glue.len());
    let mut found = HashMap::new();
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

/// Whether the glue holds a name as wasm-bindgen gives an import:
/// `__wbg_<name>_<16 hex digits>`.
fn holds_long_import_name(glue: &str) -> bool {
    identifiers(glue).into_iter().any(|word| {
        word.starts_with("__wbg_")
            && word.len() > 23
            && word.as_bytes()[word.len() - 17] == b'_'
            && word[word.len() - 16..]
                .bytes()
                .all(|b| b.is_ascii_hexdigit())
    })
}

/// The members of the wasm's exports that the glue reads: `wasm.<name>`,
/// where `wasm` is a whole identifier.
fn export_reads(glue: &str) -> std::collections::HashSet<&str> {
    let mut reads = std::collections::HashSet::new();
    for (at, _) in glue.match_indices("wasm.") {
        if glue[..at].chars().next_back().is_some_and(is_part) {
            continue;
        }
        let rest = &glue[at + "wasm.".len()..];
        let len = rest.find(|c: char| !is_part(c)).unwrap_or(rest.len());
        if len > 0 {
            reads.insert(&rest[..len]);
        }
    }
    reads
}

/// JavaScript's reserved words of three letters or fewer: an export's
/// new name also names a function of the glue.
const RESERVED: &[&str] = &["do", "if", "in", "for", "let", "new", "try", "var"];

/// Every identifier in the glue (and every word in its strings).
fn identifiers(glue: &str) -> std::collections::HashSet<&str> {
    glue.split(|c: char| !is_part(c))
        .filter(|word| !word.is_empty())
        .collect()
}

/// The export section (`body`, read from `offset`) with each function
/// export that the glue reads as `wasm.<name>` named short, and the glue
/// with the same names. The glue also calls a closure's entry point
/// through a function of its own of the same name: each long name is
/// replaced wherever it stands, by a name the glue does not use yet, so
/// neither side can meet another identifier.
fn shorten_exports(body: &[u8], offset: usize, glue: &str) -> Result<(Vec<u8>, String), String> {
    let mut reader = wasmparser::BinaryReader::new(body, offset);
    let count = reader.read_var_u32().map_err(unreadable)?;
    let mut exports = Vec::new();
    for _ in 0..count {
        let name = reader.read_string().map_err(unreadable)?;
        let kind = reader.read_u8().map_err(unreadable)?;
        // Every kind of export (function, table, memory, global, tag)
        // ends with one index.
        let index = reader.read_var_u32().map_err(unreadable)?;
        exports.push((name, kind, index));
    }
    if !reader.eof() {
        return Err("the wasm's export section holds more than its exports".into());
    }
    let reads = export_reads(glue);
    let taken = identifiers(glue);
    let names: std::collections::HashSet<&str> = exports.iter().map(|(name, ..)| *name).collect();
    let mut renamed = HashMap::new();
    let mut next = 0;
    for (name, kind, _) in &exports {
        if *kind != 0 || !reads.contains(name) || renamed.contains_key(name) {
            continue;
        }
        let short = loop {
            let short = short_name(next);
            next += 1;
            let short_str = short.as_str();
            if !taken.contains(short_str)
                && !names.contains(short_str)
                && !RESERVED.contains(&short_str)
            {
                break short;
            }
        };
        renamed.insert(*name, short);
    }
    let (new_glue, _) = rename_identifiers(glue, &renamed);
    let mut section = Vec::with_capacity(body.len() / 4);
    write_u32(&mut section, count);
    for (name, kind, index) in &exports {
        write_name(
            &mut section,
            renamed.get(name).map_or(*name, String::as_str),
        );
        section.push(*kind);
        write_u32(&mut section, *index);
    }
    Ok((section, new_glue))
}

/// The wasm and the glue with the imports' module and names shortened,
/// and the exports the glue reads.
/// Fails, changing nothing, when the glue does not hold each import's name
/// exactly once and the module's name exactly once: a wasm-bindgen that
/// writes its glue another way needs this code looked at again.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut glue_out: Option<String> = None;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(unreadable)?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let body = &wasm[range.clone()];
        if let (wasmparser::Payload::ExportSection(_), Some(current)) = (&payload, &glue_out) {
            // After the imports (the export section always follows the
            // import section), and only when they were shortened in this
            // run: a second run leaves both as they are.
            let (section, new_glue) = shorten_exports(body, range.start, current)?;
            glue_out = Some(new_glue);
            write_section(&mut out, id, &section);
            continue;
        }
        if !matches!(payload, wasmparser::Payload::ImportSection(_)) {
            write_section(&mut out, id, body);
            continue;
        }
        let mut reader = wasmparser::BinaryReader::new(body, range.start);
        let count = reader.read_var_u32().map_err(unreadable)?;
        let mut imports = Vec::new();
        for _ in 0..count {
            imports.push(read_function_import(&mut reader)?);
        }
        if !reader.eof() {
            return Err("the wasm's import section holds more than its imports".into());
        }
        let Some(&(module, ..)) = imports.first() else {
            return Ok((wasm.to_vec(), glue.to_owned()));
        };
        if let Some((other, ..)) = imports.iter().find(|(m, ..)| *m != module) {
            return Err(format!(
                "the wasm imports from two modules, {module} and {other}"
            ));
        }
        if module == MODULE {
            // Shortened already (a second run): the glue must be too.
            if holds_long_import_name(glue) {
                return Err("the wasm's imports are shortened and the glue's are not".into());
            }
            return Ok((wasm.to_vec(), glue.to_owned()));
        }
        let mut renamed = HashMap::new();
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
        let quoted = ['"', '\''].map(|q| (format!("{q}{module}{q}"), format!("{q}{MODULE}{q}")));
        let times: usize = quoted
            .iter()
            .map(|(old, _)| new_glue.matches(old).count())
            .sum();
        if times != 1 {
            return Err(format!(
                "the glue names the module {module} {times} times, not once"
            ));
        }
        for (old, new) in &quoted {
            new_glue = new_glue.replacen(old, new, 1);
        }
        glue_out = Some(new_glue);

        let mut section = Vec::with_capacity(body.len() / 4);
        write_u32(&mut section, count);
        for (_, name, ty) in &imports {
            write_name(&mut section, MODULE);
            write_name(&mut section, &renamed[name]);
            section.push(0);
            write_u32(&mut section, *ty);
        }
        write_section(&mut out, id, &section);
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
    if (&new_wasm, &new_glue) != (&wasm, &glue) {
        let write = |path: &std::path::Path, bytes: &[u8]| {
            std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        // The glue first: with only it written, a second run stops at the
        // wasm's long names, which the glue no longer holds.
        write(&glue_path, new_glue.as_bytes())?;
        write(&wasm_path, &new_wasm)?;
    }
    let glue_name = glue_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(with_integrity_for(html, &glue_name, new_glue.as_bytes()))
}

/// `html` with the `integrity` of each `<link>` that names `file` made
/// that of `bytes`, in the algorithm it names (SHA-256, 384 or 512).
fn with_integrity_for(html: &str, file: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = |algorithm: &str| -> Option<Vec<u8>> {
        Some(match algorithm {
            "sha256" => sha2::Sha256::digest(bytes).to_vec(),
            "sha384" => sha2::Sha384::digest(bytes).to_vec(),
            "sha512" => sha2::Sha512::digest(bytes).to_vec(),
            _ => return None,
        })
    };
    crate::csp::edit_links(html, |tag| {
        let Some(at) = tag.find(" integrity=").filter(|_| tag.contains(file)) else {
            return tag.to_owned();
        };
        let value = tag[at + " integrity=".len()..].trim_start_matches(['"', '\'']);
        let value_at = tag.len() - value.len();
        let len = value
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '"' | '\'' | '>'))
            .unwrap_or(value.len());
        let algorithm = value[..len].split('-').next().unwrap_or_default();
        match digest(algorithm) {
            Some(digest) => format!(
                "{}{algorithm}-{}{}",
                &tag[..value_at],
                base64::engine::general_purpose::STANDARD.encode(digest),
                &tag[value_at + len..]
            ),
            None => tag.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing these functions (module, name), with a type
    /// section before and an export section after.
    fn module_of(functions: &[(&str, &str)]) -> Vec<u8> {
        let mut imports = Vec::new();
        write_u32(&mut imports, functions.len() as u32);
        for (module, name) in functions {
            write_name(&mut imports, module);
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

    fn module(m: &str, f: &str, g: &str) -> Vec<u8> {
        module_of(&[(m, f), (m, g)])
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
                "module ./app_bg.js 0 times",
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

    /// `module_of`'s module with this export section instead: (name, kind).
    fn exporting(functions: &[(&str, &str)], exports: &[(&str, u8)]) -> Vec<u8> {
        let mut wasm = module_of(functions);
        wasm.truncate(wasm.len() - 7);
        let mut section = Vec::new();
        write_u32(&mut section, exports.len() as u32);
        for (i, (name, kind)) in exports.iter().enumerate() {
            write_name(&mut section, name);
            section.push(*kind);
            write_u32(&mut section, i as u32);
        }
        wasm.push(7);
        write_u32(&mut wasm, section.len() as u32);
        wasm.extend_from_slice(&section);
        wasm
    }

    fn exports_of(wasm: &[u8]) -> Vec<(String, u32)> {
        let mut found = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ExportSection(reader) = payload.unwrap() {
                for export in reader {
                    let export = export.unwrap();
                    found.push((export.name.to_owned(), export.index));
                }
            }
        }
        found
    }

    #[test]
    fn the_exports_the_glue_reads_take_short_names_on_both_sides() {
        let closure = "wasm_bindgen_0123456789abcdef___convert__closures_____invoke___true_";
        let wasm = exporting(
            &[("./app_bg.js", "__wbg_f_00")],
            &[
                ("memory", 2),
                ("main", 0),
                ("__wbindgen_malloc", 0),
                ("__wbindgen_free", 0),
                (closure, 0),
                ("__wbindgen_externrefs", 1),
            ],
        );
        // The glue calls the closure's entry point through a function of
        // the same name, as wasm-bindgen writes it.
        let glue = format!(
            "{{\"./app_bg.js\":{{__wbg_f_00:1}}}};let wasm;\
             function {closure}(e,b){{return wasm.{closure}(e,b)}}\
             function f(){{wasm.__wbindgen_malloc(1);wasm.__wbindgen_free(2);g({closure});\
             return wasm.memory.buffer+wasm.__wbindgen_externrefs+wasm.__wbindgen_malloc+xwasm.main}}"
        );
        let (new_wasm, new_glue) = shorten(&wasm, &glue).unwrap();
        // `a`, `b`, `e`, `f` and `g` are the glue's own: the new names go
        // round them.
        assert_eq!(
            exports_of(&new_wasm),
            [
                ("memory".into(), 0),
                ("main".into(), 1),
                ("c".into(), 2),
                ("d".into(), 3),
                ("h".into(), 4),
                ("__wbindgen_externrefs".into(), 5),
            ]
        );
        assert_eq!(
            new_glue,
            "{\"a\":{a:1}};let wasm;\
             function h(e,b){return wasm.h(e,b)}\
             function f(){wasm.c(1);wasm.d(2);g(h);\
             return wasm.memory.buffer+wasm.__wbindgen_externrefs+wasm.c+xwasm.main}"
        );
        // A second run changes nothing.
        assert_eq!(
            shorten(&new_wasm, &new_glue).unwrap(),
            (new_wasm.clone(), new_glue.clone())
        );
    }

    #[test]
    fn no_export_is_named_as_a_reserved_word() {
        // The first 3,000 short names hold "do", "if" and "in": 3,000
        // exports would be given them, but for the skip.
        let names: Vec<String> = (0..3000).map(short_name).collect();
        for word in RESERVED.iter().filter(|w| w.len() == 2) {
            assert!(names.iter().any(|n| n == word), "{word}");
        }
        let exports: Vec<String> = (0..3000).map(|i| format!("__wbindgen_{i}")).collect();
        let reads: String = exports.iter().map(|e| format!("wasm.{e}();")).collect();
        let wasm = exporting(
            &[("./app_bg.js", "__wbg_f_00")],
            &exports.iter().map(|e| (e.as_str(), 0)).collect::<Vec<_>>(),
        );
        let glue = format!("{{\"./app_bg.js\":{{__wbg_f_00:1}}}};{reads}");
        let (new_wasm, _) = shorten(&wasm, &glue).unwrap();
        let new_names: Vec<String> = exports_of(&new_wasm).into_iter().map(|(n, _)| n).collect();
        assert!(new_names.iter().all(|n| n.len() <= 3), "{new_names:?}");
        for word in RESERVED {
            assert!(!new_names.iter().any(|n| n == word), "{word}");
        }
    }

    #[test]
    fn an_export_section_longer_than_its_exports_is_an_error() {
        let wasm = exporting(&[("./app_bg.js", "__wbg_f_00")], &[("__wbindgen_start", 0)]);
        let good = "{\"./app_bg.js\":{__wbg_f_00:1}};wasm.__wbindgen_start()";
        assert!(shorten(&wasm, good).is_ok());
        let mut extra = wasm.clone();
        // The section: its id, size and count, the name's length and
        // bytes, the kind and the index, one byte each but the name.
        let at = extra.len() - (4 + "__wbindgen_start".len() + 2);
        assert_eq!(extra[at], 7);
        extra[at + 1] += 1;
        extra.push(0);
        let error = shorten(&extra, good).unwrap_err();
        assert!(error.contains("more than its exports"), "{error}");
    }

    #[test]
    fn the_glue_s_integrity_follows_its_bytes() {
        // `echo -n new | openssl dgst -sha384 -binary | base64`
        let new = "oQtuWMZdTbA7ICPQ0wcDbydp9VuhdkkSo0MLQoRb042nIb0DSe05+ibZ76lqtnU7";
        let page = "<link href=./app.css integrity=sha384-CSS rel=stylesheet>\
                    <link crossorigin href=./g.js integrity=sha384-OLD rel=modulepreload>\
                    <link rel=\"modulepreload\" href=\"./g.js\" integrity=\"sha384-OLD\">\
                    <script type=module>import init from './g.js'</script>";
        assert_eq!(
            with_integrity_for(page, "g.js", b"new"),
            format!(
                "<link href=./app.css integrity=sha384-CSS rel=stylesheet>\
                 <link crossorigin href=./g.js integrity=sha384-{new} rel=modulepreload>\
                 <link rel=\"modulepreload\" href=\"./g.js\" integrity=\"sha384-{new}\">\
                 <script type=module>import init from './g.js'</script>"
            )
        );
        // An algorithm it does not know is left as it is.
        let other = "<link href=./g.js integrity=md5-X>";
        assert_eq!(with_integrity_for(other, "g.js", b"new"), other);
    }

    #[test]
    fn what_this_code_cannot_read_is_an_error() {
        let glue = "{\"m\":{__wbg_f_00:1,__wbg_g_00:2}}";
        let wasm = module("m", "__wbg_f_00", "__wbg_g_00");
        assert!(shorten(&wasm, glue).is_ok());
        // A memory import (kind 2) in place of the second function.
        let at = wasm.len() - 9;
        assert_eq!(wasm[at..at + 2], [0, 0]);
        let mut memory = wasm.clone();
        memory[at] = 2;
        let error = shorten(&memory, glue).unwrap_err();
        assert!(error.contains("kind 2"), "{error}");
        // A byte after the last import, counted in the section's size.
        let mut extra = module("m", "__wbg_f_00", "__wbg_g_00");
        let section = extra.iter().position(|&b| b == 2).unwrap();
        extra[section + 1] += 1;
        extra.insert(at + 2, 0);
        let error = shorten(&extra, glue).unwrap_err();
        assert!(error.contains("more than its imports"), "{error}");
        // Two modules, also when one of them is the short one.
        let two = module_of(&[("m", "__wbg_f_00"), ("n", "__wbg_g_00")]);
        assert!(shorten(&two, glue).unwrap_err().contains("two modules"));
        let half = module_of(&[("a", "a"), ("m", "__wbg_g_00")]);
        assert!(shorten(&half, glue).unwrap_err().contains("two modules"));
        // The wasm shortened and the glue not (a run stopped half-way).
        let short = module_of(&[("a", "a"), ("a", "b")]);
        let long = "{\"a\":{__wbg_f_0123456789abcdef:1}}";
        assert!(shorten(&short, long)
            .unwrap_err()
            .contains("the glue's are not"));
        // The module named once with each quote: twice in all.
        let quotes = "{\"m\":{__wbg_f_00:1,__wbg_g_00:2}};'m'";
        assert!(shorten(&wasm, quotes).unwrap_err().contains("2 times"));
    }
}
