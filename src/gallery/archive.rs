//! The export format and the plan of an import.                      [pure]
//!
//! An export is a zip of the images under `images/` and `history.json`:
//! `{"app":"sinh-anh","schema":2,"images":[{"file":…,"entry":{…}}]}`. An
//! import is planned whole before anything is written: which entries to
//! add, and why the others are left out.

use super::browse::IdSet;
use super::entry::{known_time, Entry, IdClock, SCHEMA_VERSION};
use super::error::{ImportError, ManifestProblem};
use crate::api::image::ImageFormat;
use crate::api::json::{field_text, parse, whole, Json, Out};

/// `history.json` in an export zip: the entries, each naming its image file.
#[derive(Debug)]
pub struct Manifest {
    /// Always `sinh-anh`: tells our export from any other zip.
    pub app: String,
    pub schema: u32,
    pub images: Vec<ManifestItem>,
    /// Items of the file that could not be read: skipped and counted, the
    /// others imported.
    pub unreadable: usize,
}

#[derive(Debug)]
pub struct ManifestItem {
    /// The image's path inside the zip.
    pub file: String,
    /// What made it.
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
            unreadable: 0,
        }
    }

    /// Entries in the file, read or not.
    pub fn total(&self) -> usize {
        self.images.len() + self.unreadable
    }

    pub fn to_json(&self) -> String {
        let images = self
            .images
            .iter()
            .map(|item| {
                Out::object([
                    ("file", Out::str(&item.file)),
                    ("entry", item.entry.to_out()),
                ])
            })
            .collect();
        Out::object([
            ("app", Out::str(&self.app)),
            ("schema", Out::Int(i64::from(self.schema))),
            ("images", Out::List(images)),
        ])
        .to_json()
    }

    /// Reads an export's manifest; says what is wrong as a kind the texts
    /// put in words.
    pub fn parse(json: &[u8]) -> Result<Manifest, ImportError> {
        let bad = ImportError::BadManifest;
        let json =
            parse(&String::from_utf8_lossy(json)).ok_or_else(|| bad(ManifestProblem::NotJson))?;
        let app = field_text(&json, "app").ok_or_else(|| bad(ManifestProblem::NoApp))?;
        let schema = json
            .get("schema")
            .and_then(|v| whole(&v))
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| bad(ManifestProblem::NoSchema))?;
        let images = json
            .get("images")
            .and_then(|v| v.items())
            .ok_or_else(|| bad(ManifestProblem::NoImages))?;
        if app != APP_TAG {
            return Err(ImportError::NotOurs(app));
        }
        if schema > SCHEMA_VERSION {
            return Err(ImportError::Newer(schema));
        }
        let mut manifest = Manifest {
            app,
            schema,
            images: Vec::with_capacity(images.len()),
            unreadable: 0,
        };
        for item in images {
            // The file's word for an image's type is never taken (it is
            // sniffed from the bytes): one it names wrongly costs nothing.
            let entry = item
                .get("entry")
                .ok_or_else(String::new)
                .and_then(|entry| Entry::read(&entry, Some(ImageFormat::Png)));
            match (field_text(&item, "file"), entry) {
                (Some(file), Ok(mut entry)) => {
                    entry.created_ms = known_time(entry.created_ms);
                    manifest.images.push(ManifestItem { file, entry });
                }
                _ => manifest.unreadable += 1,
            }
        }
        Ok(manifest)
    }
}

/// The most entries one import takes: a history of this size is years of
/// work, and a file that lists more is broken or hostile.
pub const MAX_IMPORT_ENTRIES: usize = 10_000;

/// The largest id an IndexedDB key (a JS number) holds exactly: 2^53 - 1.
pub const MAX_SAFE_ID: u64 = (1 << 53) - 1;

/// The largest id an import keeps as it is, at `now_ms`: ids are made
/// from the time (ms × 1000), so one from after tomorrow was not made by
/// this app. Kept, it would set the next ids after it: near 2^53 they
/// stop being exact, and two new images would share one key (the second
/// overwriting the first).
pub fn newest_kept_id(now_ms: f64) -> u64 {
    const DAY_MS: f64 = 86_400_000.0;
    ((now_ms.max(0.0) + DAY_MS) as u64)
        .saturating_mul(1000)
        .min(MAX_SAFE_ID)
}

/// Sets `clock` after the newest of the `stored` ids at `now_ms`, so a
/// new image never takes (and overwrites) the id of one kept before. An
/// id after tomorrow ([`newest_kept_id`]), kept before imports refused
/// them, is left out: new ids after it would stop being exact.
pub fn clock_after_stored(clock: &mut IdClock, stored: impl IntoIterator<Item = u64>, now_ms: f64) {
    let newest_kept = newest_kept_id(now_ms);
    if let Some(newest) = stored.into_iter().filter(|id| *id <= newest_kept).max() {
        clock.seen(newest);
    }
}

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
    /// Naming a file the zip does not hold, or not readable at all.
    pub missing: usize,
}

impl ImportPlan {
    /// Plans an import of `manifest` from a zip whose files are named
    /// `files`, into a gallery holding the ids `present`. `new_id` hands out
    /// an id for an entry whose own cannot be used (0, or over `newest`:
    /// see [`newest_kept_id`]).
    pub fn new(
        manifest: Manifest,
        files: &[&str],
        present: &mut IdSet,
        newest: u64,
        mut new_id: impl FnMut() -> u64,
    ) -> Result<ImportPlan, ImportError> {
        if manifest.total() > MAX_IMPORT_ENTRIES {
            return Err(ImportError::TooMany {
                entries: manifest.total(),
                limit: MAX_IMPORT_ENTRIES,
            });
        }
        let mut plan = ImportPlan {
            missing: manifest.unreadable,
            ..ImportPlan::default()
        };
        // Which of the zip's files an entry has taken already.
        let mut used = vec![false; files.len()];
        for mut item in manifest.images {
            if item.entry.id == 0 || item.entry.id > newest.min(MAX_SAFE_ID) {
                item.entry.id = new_id();
            }
            if !present.insert(item.entry.id) {
                plan.present += 1;
                continue;
            }
            let Some(file) = files.iter().position(|name| *name == item.file) else {
                present.remove(item.entry.id);
                plan.missing += 1;
                continue;
            };
            if std::mem::replace(&mut used[file], true) {
                present.remove(item.entry.id);
                plan.shared += 1;
                continue;
            }
            plan.to_add.push((item.entry, file));
        }
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::entry::tests::sample;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn manifest_round_trips_and_refuses_strangers() {
        let manifest = Manifest::new([sample(7000, "x")]);
        let json = manifest.to_json();
        let back = Manifest::parse(json.as_bytes()).unwrap();
        assert_eq!(back.images[0].file, "images/7000-mot-con-meo-1.png");
        assert_eq!(back.images[0].entry, sample(7000, "x"));
        assert_eq!(
            Manifest::parse(br#"{"app":"other","schema":1,"images":[]}"#).unwrap_err(),
            ImportError::NotOurs("other".into())
        );
        assert_eq!(
            Manifest::parse(br#"{"app":"sinh-anh","schema":99,"images":[]}"#).unwrap_err(),
            ImportError::Newer(99)
        );
        for (json, problem) in [
            (&b"PK\x03\x04"[..], ManifestProblem::NotJson),
            (br#"{"schema":1,"images":[]}"#, ManifestProblem::NoApp),
            (
                br#"{"app":"sinh-anh","schema":"1","images":[]}"#,
                ManifestProblem::NoSchema,
            ),
            (
                br#"{"app":"sinh-anh","schema":1,"images":{}}"#,
                ManifestProblem::NoImages,
            ),
        ] {
            assert_eq!(
                Manifest::parse(json).unwrap_err(),
                ImportError::BadManifest(problem)
            );
        }
        // One item that cannot be read costs only itself; a type the file
        // names wrongly costs nothing (it is sniffed from the bytes).
        let mut lying = sample(8000, "y");
        lying.id = 9000;
        let json = Manifest::new([sample(7000, "x"), lying])
            .to_json()
            .replacen("image/png", "text/html", 1)
            .replacen("\"prompt\":\"y\"", "\"prompt\":5", 1);
        let back = Manifest::parse(json.as_bytes()).unwrap();
        assert_eq!(
            (back.images.len(), back.unreadable, back.total()),
            (1, 1, 2)
        );
        assert_eq!(back.images[0].entry.id, 7000);
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
            unreadable: 0,
            images: (1..=100)
                .map(|id| item(id * 1000, "images/a.png"))
                .collect(),
        };
        let mut present = IdSet::default();
        let plan = ImportPlan::new(
            manifest,
            &["history.json", "images/a.png"],
            &mut present,
            MAX_SAFE_ID,
            || 1,
        )
        .unwrap();
        assert_eq!(plan.to_add.len(), 1);
        assert_eq!((plan.shared, plan.present, plan.missing), (99, 0, 0));
        assert_eq!(plan.to_add[0].1, 1);
        assert_eq!(present.len(), 1, "ids of skipped entries are not taken");

        // Present ids, a missing file, an id a JS number cannot hold.
        let mut present: IdSet = [5000].into_iter().collect();
        let manifest = Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            unreadable: 0,
            images: vec![
                item(5000, "images/a.png"),
                item(6000, "images/nowhere.png"),
                item(u64::MAX, "images/b.png"),
                item(0, "images/c.png"),
                // After tomorrow (and near 2^53): not one of ours.
                item(MAX_SAFE_ID, "images/d.png"),
                item(newest_kept_id(1_000.0), "images/e.png"),
            ],
        };
        let mut ids = [7001, 7002, 7003].into_iter();
        let plan = ImportPlan::new(
            manifest,
            &[
                "images/a.png",
                "images/b.png",
                "images/c.png",
                "images/d.png",
                "images/e.png",
            ],
            &mut present,
            newest_kept_id(1_000.0),
            || ids.next().unwrap_or(0),
        )
        .unwrap();
        let added: Vec<u64> = plan.to_add.iter().map(|(e, _)| e.id).collect();
        assert_eq!(added, [7001, 7002, 7003, newest_kept_id(1_000.0)]);
        assert_eq!(newest_kept_id(1_000.0), 86_401_000_000);
        assert_eq!(newest_kept_id(f64::MAX), MAX_SAFE_ID);

        // A gallery that imported a far-future id before imports refused
        // them: new ids come after the newest real one, exact and distinct.
        let now_ms = 1_700_000_000_000.0;
        let mut clock = IdClock::default();
        clock_after_stored(&mut clock, [5_000, MAX_SAFE_ID - 1, 9_000], now_ms);
        let (first, second) = (clock.next(now_ms), clock.next(now_ms));
        assert_eq!(first, 1_700_000_000_000_000);
        assert_eq!(second, first + 1);
        assert_ne!(first as f64, second as f64, "two keys, not one");
        let mut clock = IdClock::default();
        clock_after_stored(&mut clock, [1_700_000_001_000_000], now_ms);
        assert_eq!(
            clock.next(now_ms),
            1_700_000_001_000_001,
            "a stored id within a day is kept after"
        );
        assert_eq!((plan.present, plan.missing, plan.shared), (1, 1, 0));

        let flood = Manifest {
            app: APP_TAG.into(),
            schema: SCHEMA_VERSION,
            unreadable: 0,
            images: (0..MAX_IMPORT_ENTRIES as u64 + 1)
                .map(|id| item(id + 1, "x"))
                .collect(),
        };
        assert_eq!(
            ImportPlan::new(flood, &[], &mut Default::default(), MAX_SAFE_ID, || 1),
            Err(ImportError::TooMany {
                entries: MAX_IMPORT_ENTRIES + 1,
                limit: MAX_IMPORT_ENTRIES
            })
        );
    }
}
