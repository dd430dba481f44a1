//! The gallery's model: what is kept of each generated image, the record
//! schema and its upgrades, search, ids and ordering.                [pure]
//!
//! A saved image is two things: its bytes (a `Blob` in IndexedDB, see
//! `store.rs`) and an [`Entry`] saying what made it. The entry is kept
//! as JSON text inside the record, with the record's schema version beside
//! it, so reading one never depends on how JS would clone a Rust struct and
//! a record that cannot be read is skipped alone.

use crate::api::image::{fold_vietnamese, ImageFormat};
use crate::api::json::{field_text, parse, whole, Json, Out};
use crate::api::types::{Aspect, Method};

/// The record layout written now.
///
/// - 1: the entry without `bytes` and `crc32`.
/// - 2: adds them, so a zip can be assembled from stored blobs without
///   reading a single image back into memory.
pub const SCHEMA_VERSION: u32 = 2;

/// What made one saved image. In JSON its fields are camelCase
/// (`createdMs`), as written since schema 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique and increasing: creation time in ms × 1000 + a counter.
    pub id: u64,
    /// `Date.now()` when the image arrived.
    pub created_ms: f64,
    /// The prompt as typed.
    pub prompt: String,
    /// The prompt as sent, when it differs (random suffix).
    pub prompt_sent: Option<String>,
    /// `"standard"` or `"chat"` in JSON.
    pub method: Method,
    /// Open: a gateway's models are named anything.
    pub model: String,
    /// `"16:9"` in JSON, or empty for the model's default.
    pub aspect: Option<Aspect>,
    /// How many images the run that made it asked for (Reuse asks again).
    pub count: Option<u8>,
    /// The model's text reply (chat).
    pub reply: Option<String>,
    pub revised_prompt: Option<String>,
    /// From sending the request to the answer being read.
    pub duration_ms: f64,
    /// `"mime": "image/png"` in JSON.
    pub format: ImageFormat,
    /// The download name, e.g. `mot-con-meo-2.png`.
    pub file_name: String,
    /// Size of the image in bytes (schema 2).
    pub bytes: u64,
    /// CRC-32 of the image bytes (schema 2), as a zip needs it.
    pub crc32: u32,
    /// The conversation it was refined in, and its turn (from 1).
    pub turn: Option<(u64, u32)>,
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
    /// The entry as JSON: optional fields left out when empty, the closed
    /// sets as their codes (`"chat"`, `"16:9"` or `""`, `"image/png"`).
    pub fn to_out(&self) -> Out {
        Out::fields([
            ("id", Some(Out::Int(self.id as i64))),
            ("createdMs", Some(Out::ms(self.created_ms))),
            ("prompt", Some(Out::str(&self.prompt))),
            ("promptSent", self.prompt_sent.as_deref().map(Out::str)),
            ("method", Some(Out::str(self.method.code()))),
            ("model", Some(Out::str(&self.model))),
            (
                "aspect",
                Some(Out::str(self.aspect.map_or("", Aspect::ratio))),
            ),
            ("count", self.count.map(|n| Out::Int(i64::from(n)))),
            ("reply", self.reply.as_deref().map(Out::str)),
            (
                "revisedPrompt",
                self.revised_prompt.as_deref().map(Out::str),
            ),
            ("durationMs", Some(Out::ms(self.duration_ms))),
            ("mime", Some(Out::str(self.format.mime()))),
            ("fileName", Some(Out::str(&self.file_name))),
            ("bytes", Some(Out::Int(self.bytes as i64))),
            ("crc32", Some(Out::Int(i64::from(self.crc32)))),
            ("conversation", self.turn.map(|(c, _)| Out::Int(c as i64))),
            ("turn", self.turn.map(|(_, n)| Out::Int(i64::from(n)))),
        ])
    }

    /// The JSON kept in a record.
    pub fn to_json(&self) -> String {
        self.to_out().to_json()
    }

    /// Reads an entry. A code this version does not know (a method, a
    /// ratio, an image type) makes it unreadable, never a wrong value;
    /// `format` stands in for an unknown image type where the bytes will be
    /// sniffed anyway (an import).
    pub fn read<J: Json>(json: &J, format: Option<ImageFormat>) -> Result<Entry, String> {
        let text = |key: &str| field_text(json, key);
        let required = |key: &str| text(key).ok_or_else(|| format!("no {key}"));
        let number = |key: &str| json.get(key).and_then(|v| v.number());
        let aspect = match text("aspect").as_deref() {
            None | Some("") => None,
            Some(ratio) => Some(Aspect::from_ratio(ratio).ok_or("unknown aspect ratio")?),
        };
        let mime = required("mime")?;
        Ok(Entry {
            id: json.get("id").and_then(|v| whole(&v)).ok_or("no id")?,
            created_ms: number("createdMs").ok_or("no createdMs")?,
            prompt: required("prompt")?,
            prompt_sent: text("promptSent"),
            method: Method::from_code(&required("method")?).ok_or("unknown method")?,
            model: required("model")?,
            aspect,
            count: json
                .get("count")
                .and_then(|v| whole(&v))
                .and_then(|n| u8::try_from(n).ok())
                .filter(|n| (1..=crate::api::request::MAX_IMAGES).contains(n)),
            reply: text("reply"),
            revised_prompt: text("revisedPrompt"),
            duration_ms: number("durationMs").unwrap_or(0.0),
            format: ImageFormat::from_mime(&mime)
                .or(format)
                .ok_or("unknown image type")?,
            file_name: required("fileName")?,
            bytes: json.get("bytes").and_then(|v| whole(&v)).unwrap_or(0),
            crc32: json
                .get("crc32")
                .and_then(|v| whole(&v))
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            turn: json.get("conversation").and_then(|v| whole(&v)).zip(
                json.get("turn")
                    .and_then(|v| whole(&v))
                    .and_then(|n| u32::try_from(n).ok()),
            ),
        })
    }

    /// Reads a record's metadata written under schema `version`.
    pub fn decode(version: u32, json: &str) -> Result<Decoded, Unreadable> {
        if version > SCHEMA_VERSION {
            return Err(Unreadable::Newer(version));
        }
        let parsed = parse(json).ok_or_else(|| Unreadable::Corrupt("not JSON".into()))?;
        let mut entry = Entry::read(&parsed, None).map_err(Unreadable::Corrupt)?;
        entry.created_ms = known_time(entry.created_ms);
        if entry.id == 0 {
            return Err(Unreadable::Corrupt("no id".into()));
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

    /// What names the image on screen (a thumbnail's and the lightbox's
    /// `alt`, its caption): the prompt, or `untitled` where an import
    /// brought none, so that no button or dialog is left without a name.
    pub fn title<'a>(&'a self, untitled: &'a str) -> &'a str {
        if self.prompt.trim().is_empty() {
            untitled
        } else {
            &self.prompt
        }
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
    text.chars().map(fold_vietnamese).collect()
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

    /// `count` ids in a row (at least one), each unused: the first of them.
    pub fn block(&mut self, now_ms: f64, count: usize) -> u64 {
        let first = self.next(now_ms);
        self.last = first.saturating_add(count.max(1) as u64 - 1);
        first
    }

    /// An id in use (stored, imported): later ones come after it.
    pub fn seen(&mut self, id: u64) {
        self.last = self.last.max(id);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::human_bytes;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    pub(crate) fn sample(id: u64, prompt: &str) -> Entry {
        Entry {
            id,
            created_ms: (id / 1000) as f64,
            prompt: prompt.into(),
            prompt_sent: None,
            method: Method::Chat,
            model: "gemini-2.5-flash-image-preview".into(),
            aspect: Some(Aspect::Landscape16x9),
            count: Some(3),
            reply: Some("Here is your cat".into()),
            revised_prompt: None,
            duration_ms: 1234.0,
            format: ImageFormat::Png,
            file_name: "mot-con-meo-1.png".into(),
            bytes: 68,
            crc32: 0x1234_5678,
            turn: None,
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn entries_round_trip_and_old_ones_ask_for_an_upgrade() {
        let entry = sample(1_700_000_000_000_000, "Một con mèo");
        let decoded = Entry::decode(SCHEMA_VERSION, &entry.to_json()).unwrap();
        assert_eq!(decoded.entry, entry);
        assert!(!decoded.needs_upgrade);
        // A turn of a conversation: optional fields, the same schema.
        let turn = Entry {
            turn: Some((1_764_460_000_000, 3)),
            ..entry.clone()
        };
        let json = turn.to_json();
        assert!(
            json.contains(r#""conversation":1764460000000,"turn":3"#),
            "{json}"
        );
        assert_eq!(Entry::decode(SCHEMA_VERSION, &json).unwrap().entry, turn);

        // Schema 1 had no size or checksum.
        let v1 = r#"{"id":5000,"createdMs":5,"prompt":"p","method":"standard","model":"imagen-4","mime":"image/png","fileName":"p-1.png"}"#;
        let decoded = Entry::decode(1, v1).unwrap();
        assert!(decoded.needs_upgrade);
        assert_eq!(decoded.entry.bytes, 0);
        assert_eq!(decoded.entry.aspect, None);
        assert_eq!(decoded.entry.method, Method::Standard);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn unreadable_records_say_why() {
        assert_eq!(
            Entry::decode(SCHEMA_VERSION + 1, "{}"),
            Err(Unreadable::Newer(SCHEMA_VERSION + 1))
        );
        let unknown_method = sample(5000, "p").to_json().replace("\"chat\"", "\"edit\"");
        let unknown_type = sample(5000, "p")
            .to_json()
            .replace("image/png", "image/bmp");
        for junk in [
            "",
            "{",
            "[]",
            r#"{"id":"x"}"#,
            r#"{"id":1,"createdMs":1}"#,
            unknown_method.as_str(),
            unknown_type.as_str(),
        ] {
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
    fn an_image_without_a_prompt_is_still_named() {
        assert_eq!(sample(1, "Mèo").title("untitled"), "Mèo");
        assert_eq!(sample(1, "").title("untitled"), "untitled");
        assert_eq!(sample(1, " \n ").title("untitled"), "untitled");
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
        // An id already in use (a kept image dated later): the next is past it.
        clock.seen(9_000_000);
        assert_eq!(clock.next(3000.0), 9_000_001);
        // A block of three (a run's images): in a row, and the next id after
        // all of them.
        assert_eq!(clock.block(3000.0, 3), 9_000_002);
        assert_eq!(clock.next(3000.0), 9_000_005);
        assert_eq!(clock.block(3000.0, 0), 9_000_006, "at least one");
        assert_eq!(clock.next(3000.0), 9_000_007);
        let mut items = Vec::new();
        for entry in [sample(a, "a"), sample(d, "d"), sample(b, "b")] {
            insert_newest_first(&mut items, entry, |e| e);
        }
        let order: Vec<&str> = items.iter().map(|e| e.prompt.as_str()).collect();
        assert_eq!(order, ["d", "b", "a"]);
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
        let json = crate::gallery::archive::Manifest::new([entry]).to_json();
        assert_eq!(
            crate::gallery::archive::Manifest::parse(json.as_bytes())
                .unwrap()
                .images[0]
                .entry
                .created_ms,
            0.0
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn byte_counts_read_well() {
        assert_eq!(human_bytes(0.0, '.'), "0 B");
        assert_eq!(human_bytes(999.0, '.'), "999 B");
        assert_eq!(human_bytes(1_500.0, '.'), "1.5 KB");
        assert_eq!(human_bytes(2_345_678.0, ','), "2,3 MB");
        assert_eq!(human_bytes(123_456_789.0, '.'), "123 MB");
        assert_eq!(human_bytes(5e12, '.'), "5.0 TB");
        assert_eq!(human_bytes(9_960.0, '.'), "10 KB");
    }
}
