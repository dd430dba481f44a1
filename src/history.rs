//! The gallery's model: what is kept of each generated image, the record
//! schema and its upgrades, search, and the export manifest.        [pure]
//!
//! A saved image is two things: its bytes (a `Blob` in IndexedDB, see
//! `gallery_store`) and an [`Entry`] saying what made it. The entry is kept
//! as JSON text inside the record, with the record's schema version beside
//! it, so reading one never depends on how JS would clone a Rust struct and
//! a record that cannot be read is skipped alone.

use crate::image::fold_vietnamese;
use serde::{Deserialize, Serialize};

/// The record layout written now.
///
/// - 1: the entry without `bytes` and `crc32`.
/// - 2: adds them, so a zip can be assembled from stored blobs without
///   reading a single image back into memory.
pub const SCHEMA_VERSION: u32 = 2;

/// What made one saved image. Field names are the JSON ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Unique and increasing: creation time in ms × 1000 + a counter.
    pub id: u64,
    /// `Date.now()` when the image arrived.
    pub created_ms: f64,
    /// The prompt as typed.
    pub prompt: String,
    /// The prompt as sent, when it differs (random suffix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_sent: Option<String>,
    /// `standard` or `chat` ([`crate::api::types::Method::code`]).
    pub method: String,
    pub model: String,
    /// `16:9`, or empty for the model's default.
    #[serde(default)]
    pub aspect: String,
    /// The model's text reply (chat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_prompt: Option<String>,
    /// From sending the request to the answer being read.
    #[serde(default)]
    pub duration_ms: f64,
    /// `image/png`, ...
    pub mime: String,
    /// The download name, e.g. `mot-con-meo-2.png`.
    pub file_name: String,
    /// Size of the image in bytes (schema 2).
    #[serde(default)]
    pub bytes: u64,
    /// CRC-32 of the image bytes (schema 2), as a zip needs it.
    #[serde(default)]
    pub crc32: u32,
}

/// Why a stored record is not shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Written by a newer version of the app: left alone, never rewritten.
    Newer(u32),
    /// Not an entry at all (broken JSON, missing fields, wrong types).
    Corrupt(String),
}

/// What the reader makes of a stored record's metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub entry: Entry,
    /// True when the record is of an older schema and must be rewritten
    /// (the caller fills in what the old layout lacked).
    pub needs_upgrade: bool,
}

impl Entry {
    /// The JSON kept in a record.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a record's metadata written under schema `version`.
    pub fn decode(version: u32, json: &str) -> Result<Decoded, Unreadable> {
        if version > SCHEMA_VERSION {
            return Err(Unreadable::Newer(version));
        }
        // `from_slice`, like every other JSON read in the app: one reader type in the bundle.
        let mut entry: Entry = serde_json::from_slice(json.as_bytes())
            .map_err(|e| Unreadable::Corrupt(e.to_string()))?;
        entry.created_ms = known_time(entry.created_ms);
        if entry.id == 0 || entry.mime.is_empty() {
            return Err(Unreadable::Corrupt("no id or type".into()));
        }
        Ok(Decoded {
            needs_upgrade: version < SCHEMA_VERSION || entry.bytes == 0,
            entry,
        })
    }

    /// Does this entry match a search? Every word of the query must occur in
    /// the prompt, the model or the reply; case and Vietnamese diacritics
    /// are ignored (`meo` finds `mèo`).
    pub fn matches(&self, query: &str) -> bool {
        let query = fold(query);
        if query.trim().is_empty() {
            return true;
        }
        let haystack = fold(&format!(
            "{} {} {}",
            self.prompt,
            self.model,
            self.reply.as_deref().unwrap_or_default()
        ));
        query.split_whitespace().all(|word| haystack.contains(word))
    }

    /// The name inside a zip: unique per entry (two images can share a
    /// download name), sortable newest last.
    pub fn zip_name(&self) -> String {
        format!("images/{}-{}", self.id, self.file_name)
    }
}

/// The latest time a JS `Date` can hold (±8.64e15 ms): a time outside it
/// reads as "Invalid Date".
const MAX_DATE_MS: f64 = 8.64e15;

/// A creation time as kept: 0 (unknown) when it is not one a `Date` can
/// show, as an imported file may claim.
pub fn known_time(ms: f64) -> f64 {
    if ms.is_finite() && ms > 0.0 && ms <= MAX_DATE_MS {
        ms
    } else {
        0.0
    }
}

fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_vietnamese)
        .collect()
}

/// Puts an item in its place in a list kept newest first. (Inserting in
/// order, rather than sorting, keeps the sort routines out of the bundle.)
pub fn insert_newest_first<T>(items: &mut Vec<T>, item: T, entry: impl Fn(&T) -> &Entry) {
    let id = entry(&item).id;
    let at = items.partition_point(|other| entry(other).id > id);
    items.insert(at, item);
}

/// Hands out entry ids: time-ordered, unique even within one millisecond.
#[derive(Debug, Default)]
pub struct IdClock {
    last: u64,
}

impl IdClock {
    pub fn next(&mut self, now_ms: f64) -> u64 {
        let candidate = (now_ms.max(0.0) as u64).saturating_mul(1000);
        self.last = candidate.max(self.last + 1);
        self.last
    }
}

/// `history.json` in an export zip: the entries, each naming its image file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `sinh-anh`: tells our export from any other zip.
    pub app: String,
    pub schema: u32,
    pub images: Vec<ManifestItem>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ManifestItem {
    /// The image's path inside the zip.
    pub file: String,
    /// What made it (not flattened: serde's flatten buffers every field).
    pub entry: Entry,
}

pub const MANIFEST_NAME: &str = "history.json";
pub const APP_TAG: &str = "sinh-anh";

impl Manifest {
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> Self {
        Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            images: entries
                .into_iter()
                .map(|entry| ManifestItem {
                    file: entry.zip_name(),
                    entry,
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an export's manifest; says what is wrong in words a person can
    /// act on.
    pub fn parse(json: &[u8]) -> Result<Manifest, String> {
        let mut manifest: Manifest = serde_json::from_slice(json).map_err(|e| e.to_string())?;
        for item in &mut manifest.images {
            item.entry.created_ms = known_time(item.entry.created_ms);
        }
        if manifest.app != APP_TAG {
            return Err(format!("made by \"{}\", not Sinh Ảnh", manifest.app));
        }
        if manifest.schema > SCHEMA_VERSION {
            return Err(format!(
                "made by a newer Sinh Ảnh (schema {})",
                manifest.schema
            ));
        }
        Ok(manifest)
    }
}

/// The most entries one import takes: a history of this size is years of
/// work, and a file that lists more is broken or hostile.
pub const MAX_IMPORT_ENTRIES: usize = 10_000;

/// The largest id an IndexedDB key (a JS number) holds exactly: 2^53 - 1.
pub const MAX_SAFE_ID: u64 = (1 << 53) - 1;

/// What an import will write, decided before anything is written.
#[derive(Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// Entries to write, each with the index of its file in the zip.
    pub to_add: Vec<(Entry, usize)>,
    /// Already in the gallery, or listed twice in the file.
    pub present: usize,
    /// Naming a file an earlier entry of this file already uses: one stored
    /// image per distinct file, so a file cannot multiply storage.
    pub shared: usize,
    /// Naming a file the zip does not hold.
    pub missing: usize,
}

/// Why an import is refused whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportRefusal {
    TooMany { entries: usize, limit: usize },
}

impl ImportPlan {
    /// Plans an import of `manifest` from a zip whose files are named
    /// `files`, into a gallery holding the ids `present`. `new_id` hands out
    /// an id for an entry whose own cannot be used (0, or too large for a
    /// JS number to hold exactly).
    pub fn new(
        manifest: Manifest,
        files: &[&str],
        present: &mut std::collections::BTreeSet<u64>,
        mut new_id: impl FnMut() -> u64,
    ) -> Result<ImportPlan, ImportRefusal> {
        if manifest.images.len() > MAX_IMPORT_ENTRIES {
            return Err(ImportRefusal::TooMany {
                entries: manifest.images.len(),
                limit: MAX_IMPORT_ENTRIES,
            });
        }
        let mut plan = ImportPlan::default();
        let mut used = std::collections::BTreeSet::new();
        for mut item in manifest.images {
            if item.entry.id == 0 || item.entry.id > MAX_SAFE_ID {
                item.entry.id = new_id();
            }
            if !present.insert(item.entry.id) {
                plan.present += 1;
                continue;
            }
            let Some(file) = files.iter().position(|name| *name == item.file) else {
                present.remove(&item.entry.id);
                plan.missing += 1;
                continue;
            };
            if !used.insert(file) {
                present.remove(&item.entry.id);
                plan.shared += 1;
                continue;
            }
            plan.to_add.push((item.entry, file));
        }
        Ok(plan)
    }
}

/// `1.5 MB`, `820 KB`: for the storage line.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    // Integer tenths: core's float formatting is large in wasm.
    if unit == 0 || value >= 9.95 {
        format!("{} {}", value.round() as u64, UNITS[unit])
    } else {
        let tenths = (value * 10.0).round() as u64;
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    pub(crate) fn sample(id: u64, prompt: &str) -> Entry {
        Entry {
            id,
            created_ms: (id / 1000) as f64,
            prompt: prompt.into(),
            prompt_sent: None,
            method: "chat".into(),
            model: "gemini-2.5-flash-image-preview".into(),
            aspect: "16:9".into(),
            reply: Some("Here is your cat".into()),
            revised_prompt: None,
            duration_ms: 1234.0,
            mime: "image/png".into(),
            file_name: "mot-con-meo-1.png".into(),
            bytes: 68,
            crc32: 0x1234_5678,
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn entries_round_trip_and_old_ones_ask_for_an_upgrade() {
        let entry = sample(1_700_000_000_000_000, "Một con mèo");
        let decoded = Entry::decode(SCHEMA_VERSION, &entry.to_json()).unwrap();
        assert_eq!(decoded.entry, entry);
        assert!(!decoded.needs_upgrade);

        // Schema 1 had no size or checksum.
        let v1 = r#"{"id":5000,"createdMs":5,"prompt":"p","method":"standard","model":"imagen-4","mime":"image/png","fileName":"p-1.png"}"#;
        let decoded = Entry::decode(1, v1).unwrap();
        assert!(decoded.needs_upgrade);
        assert_eq!(decoded.entry.bytes, 0);
        assert_eq!(decoded.entry.aspect, "");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn unreadable_records_say_why() {
        assert_eq!(
            Entry::decode(SCHEMA_VERSION + 1, "{}"),
            Err(Unreadable::Newer(SCHEMA_VERSION + 1))
        );
        for junk in ["", "{", "[]", r#"{"id":"x"}"#, r#"{"id":1,"createdMs":1}"#] {
            assert!(
                matches!(Entry::decode(2, junk), Err(Unreadable::Corrupt(_))),
                "{junk}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn search_ignores_case_and_diacritics() {
        let entry = sample(1, "Một con MÈO trên mái nhà");
        assert!(entry.matches(""));
        assert!(entry.matches("meo"));
        assert!(entry.matches("mèo mái"));
        assert!(entry.matches("gemini"));
        assert!(entry.matches("your cat"));
        assert!(!entry.matches("chó"));
        assert!(!entry.matches("meo chó"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn ids_increase_even_within_a_millisecond() {
        let mut clock = IdClock::default();
        let a = clock.next(1000.0);
        let b = clock.next(1000.0);
        let c = clock.next(999.0);
        let d = clock.next(2000.0);
        assert!(a < b && b < c && c < d, "{a} {b} {c} {d}");
        let mut items = Vec::new();
        for entry in [sample(a, "a"), sample(d, "d"), sample(b, "b")] {
            insert_newest_first(&mut items, entry, |e| e);
        }
        let order: Vec<&str> = items.iter().map(|e| e.prompt.as_str()).collect();
        assert_eq!(order, ["d", "b", "a"]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn manifest_round_trips_and_refuses_strangers() {
        let manifest = Manifest::new([sample(7000, "x")]);
        let json = manifest.to_json();
        let back = Manifest::parse(json.as_bytes()).unwrap();
        assert_eq!(back.images[0].file, "images/7000-mot-con-meo-1.png");
        assert_eq!(back.images[0].entry, sample(7000, "x"));
        assert!(
            Manifest::parse(br#"{"app":"other","schema":1,"images":[]}"#)
                .unwrap_err()
                .contains("other")
        );
        assert!(Manifest::parse(br#"{"app":"sinh-anh","schema":99,"images":[]}"#).is_err());
        assert!(Manifest::parse(b"PK\x03\x04").is_err());
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn an_import_stores_each_file_once_and_refuses_a_flood() {
        let item = |id: u64, file: &str| ManifestItem {
            file: file.into(),
            entry: sample(id, "p"),
        };
        // 100 entries naming one file: one image, 99 counted as sharing it.
        let manifest = Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            images: (1..=100)
                .map(|id| item(id * 1000, "images/a.png"))
                .collect(),
        };
        let mut present = std::collections::BTreeSet::new();
        let plan = ImportPlan::new(
            manifest,
            &["history.json", "images/a.png"],
            &mut present,
            || 1,
        )
        .unwrap();
        assert_eq!(plan.to_add.len(), 1);
        assert_eq!((plan.shared, plan.present, plan.missing), (99, 0, 0));
        assert_eq!(plan.to_add[0].1, 1);
        assert_eq!(present.len(), 1, "ids of skipped entries are not taken");

        // Present ids, a missing file, an id a JS number cannot hold.
        let mut present: std::collections::BTreeSet<u64> = [5000].into();
        let manifest = Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            images: vec![
                item(5000, "images/a.png"),
                item(6000, "images/nowhere.png"),
                item(u64::MAX, "images/b.png"),
                item(0, "images/c.png"),
            ],
        };
        let mut ids = [7001, 7002].into_iter();
        let plan = ImportPlan::new(
            manifest,
            &["images/a.png", "images/b.png", "images/c.png"],
            &mut present,
            || ids.next().unwrap_or(0),
        )
        .unwrap();
        let added: Vec<u64> = plan.to_add.iter().map(|(e, _)| e.id).collect();
        assert_eq!(added, [7001, 7002]);
        assert_eq!((plan.present, plan.missing, plan.shared), (1, 1, 0));

        let flood = Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            images: (0..MAX_IMPORT_ENTRIES as u64 + 1)
                .map(|id| item(id + 1, "x"))
                .collect(),
        };
        assert_eq!(
            ImportPlan::new(flood, &[], &mut Default::default(), || 1),
            Err(ImportRefusal::TooMany {
                entries: MAX_IMPORT_ENTRIES + 1,
                limit: MAX_IMPORT_ENTRIES
            })
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn times_a_date_cannot_show_read_as_unknown() {
        assert_eq!(known_time(1.7e12), 1.7e12);
        for bad in [f64::NAN, f64::INFINITY, -1.0, 0.0, 9e15, 1e300] {
            assert_eq!(known_time(bad), 0.0, "{bad}");
        }
        let mut entry = sample(7000, "x");
        entry.created_ms = 1e300;
        assert_eq!(
            Entry::decode(2, &entry.to_json()).unwrap().entry.created_ms,
            0.0
        );
        let json = Manifest::new([entry]).to_json();
        assert_eq!(
            Manifest::parse(json.as_bytes()).unwrap().images[0]
                .entry
                .created_ms,
            0.0
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn byte_counts_read_well() {
        assert_eq!(human_bytes(0.0), "0 B");
        assert_eq!(human_bytes(999.0), "999 B");
        assert_eq!(human_bytes(1_500.0), "1.5 KB");
        assert_eq!(human_bytes(2_345_678.0), "2.3 MB");
        assert_eq!(human_bytes(123_456_789.0), "123 MB");
        assert_eq!(human_bytes(5e12), "5.0 TB");
        assert_eq!(human_bytes(9_960.0), "10 KB");
    }
}
