//! What each part of the app costs in the wasm: code bytes per feature of
//! ours and per crate, read from the name section of the release build after
//! wasm-bindgen (which removes the `describe` functions it reads at build
//! time) and before wasm-opt (which strips the names: the proportions hold,
//! code shrinks by about a tenth; `bench.rs`, `bound_wasm`).
//!
//! Code generic over our types (a view of the gallery compiled inside
//! tachys) counts for our feature it is instantiated with: that is what the
//! feature costs.

use std::collections::BTreeMap;
use wasmparser::{BinaryReader, Name, NameSectionReader, Parser, Payload};

/// Bytes of code by feature (`sinh_anh::<feature>`, or `(crates)`), and by
/// crate.
pub struct Breakdown {
    pub features: Vec<(String, u64)>,
    /// The same, by module (`gallery::views::lightbox`).
    pub modules: Vec<(String, u64)>,
    pub crates: Vec<(String, u64)>,
    pub data: u64,
    pub total_code: u64,
    /// The largest functions, demangled.
    pub largest: Vec<(String, u64)>,
}

pub fn breakdown(wasm: &[u8]) -> Result<Breakdown, String> {
    let mut bodies: Vec<u64> = Vec::new();
    let mut imported = 0u32;
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(imports) => {
                for import in imports {
                    if matches!(
                        import.map_err(|e| e.to_string())?.ty,
                        wasmparser::TypeRef::Func(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len() as u64),
            Payload::DataSection(section) => data += section.range().len() as u64,
            Payload::CustomSection(section) if section.name() == "name" => {
                let reader = NameSectionReader::new(BinaryReader::new(
                    section.data(),
                    section.data_offset(),
                ));
                for name in reader {
                    if let Ok(Name::Function(map)) = name {
                        for naming in map.into_iter().flatten() {
                            names.insert(naming.index, naming.name.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err("the wasm has no name section".into());
    }
    let mut features: BTreeMap<String, u64> = BTreeMap::new();
    let mut modules: BTreeMap<String, u64> = BTreeMap::new();
    let mut crates: BTreeMap<String, u64> = BTreeMap::new();
    let mut largest = Vec::new();
    for (i, size) in bodies.iter().enumerate() {
        let name = names
            .get(&(imported + i as u32))
            .map(|n| format!("{:#}", rustc_demangle::demangle(n)))
            .unwrap_or_default();
        *features.entry(feature(&name)).or_default() += size;
        *modules.entry(module(&name)).or_default() += size;
        *crates.entry(crate_of(&name)).or_default() += size;
        largest.push((name, *size));
    }
    largest.sort_by_key(|f| std::cmp::Reverse(f.1));
    largest.truncate(400);
    let sorted = |map: BTreeMap<String, u64>| {
        let mut v: Vec<(String, u64)> = map.into_iter().collect();
        v.sort_by_key(|f| std::cmp::Reverse(f.1));
        v
    };
    Ok(Breakdown {
        features: sorted(features),
        modules: sorted(modules),
        crates: sorted(crates),
        data,
        total_code: bodies.iter().sum(),
        largest,
    })
}

/// `sinh_anh::gallery::…` → `gallery`; a name with none of ours → `(crates)`.
fn feature(name: &str) -> String {
    name.split("sinh_anh::")
        .nth(1)
        .and_then(|rest| {
            rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
        })
        .filter(|f| !f.is_empty())
        .map_or_else(|| "(crates)".into(), str::to_string)
}

/// `sinh_anh::gallery::views::lightbox::f` → `gallery::views::lightbox`.
fn module(name: &str) -> String {
    let Some(rest) = name.split("sinh_anh::").nth(1) else {
        return "(crates)".into();
    };
    let path: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != ':')
        .next()
        .unwrap_or_default()
        .split("::")
        .filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .collect();
    path.join("::")
}

/// The crate a function's path starts with: `<T as tachys::…>::f` →
/// `tachys`.
fn crate_of(name: &str) -> String {
    let name = name.trim_start_matches(['<', '&', '(', ' ']);
    let name = name.strip_prefix("mut ").unwrap_or(name);
    let name = name.strip_prefix("dyn ").unwrap_or(name);
    let end = name.find("::").unwrap_or(name.len());
    let first = &name[..end];
    if first.is_empty() || first.contains([' ', '<', '>']) {
        "(other)".into()
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_into_features_and_crates() {
        assert_eq!(
            feature("sinh_anh::gallery::state::GalleryState::load"),
            "gallery"
        );
        assert_eq!(
            feature("<tachys::view::keyed::Keyed<sinh_anh::generate::views::Slot> as tachys::Render>::build"),
            "generate"
        );
        assert_eq!(feature("core::fmt::write"), "(crates)");
        assert_eq!(
            crate_of("<tachys::html::Foo as core::Clone>::clone"),
            "tachys"
        );
        assert_eq!(crate_of("serde_json::de::from_slice"), "serde_json");
        assert_eq!(crate_of("dlmalloc"), "dlmalloc");
    }
}
