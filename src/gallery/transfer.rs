//! Zips of saved images, export and import.                          [web]
//!
//! A zip is assembled from the stored Blobs and a few header bytes, and
//! read back a slice at a time: no image is copied through wasm memory.
//! An import is planned whole ([`ImportPlan`]), then written in batches
//! with progress and Cancel; what was written stays written, and is said,
//! whatever stops it.

use super::archive::{ImportPlan, Manifest, MANIFEST_NAME};
use super::browse::IdSet;
use super::entry::Entry;
use super::error::{ImportError, ImportReport, ManifestProblem, Notice};
use super::item::Item;
use super::reader::{Archive, MAX_MANIFEST};
use super::save::{finish, Unkept};
use super::state::GalleryState;
use super::store::StoreError;
use super::unzip;
use super::zip::{self, ZipError};
use crate::api::image::safe_file_name;
use crate::api::json::{parse, whole, Json as _, Out};
use crate::web::storage::{self, Store};
use crate::web::{blob, clock, download};
use js_sys::Uint8Array;
use leptos::prelude::*;
use web_sys::Blob;

/// Entries written per transaction (and per update of the grid) during an
/// import: large enough that the grid is not rebuilt for every image, small
/// enough that Cancel and the progress bar answer within a moment.
const IMPORT_BATCH: usize = 20;

/// Marks an import in progress in `localStorage`, so a reload can say that
/// one was cut short and how far it got.
const IMPORT_MARKER: &str = "sinh-anh.import";

/// An import cut short by a reload or a closed tab, if the last one was:
/// said once, then forgotten.
pub(super) fn interrupted_import() -> Option<Notice> {
    let marker = storage::get(Store::Local, IMPORT_MARKER)?;
    storage::remove(Store::Local, IMPORT_MARKER);
    let json = parse(&marker)?;
    let number = |key: &str| json.get(key).and_then(|v| whole(&v)).unwrap_or(0) as usize;
    Some(Notice::ImportInterrupted {
        added: number("added"),
        total: number("total"),
    })
}

impl GalleryState {
    /// Downloads the given images as one zip, with `history.json` so the
    /// file can be imported again.
    pub fn download_zip(&self, ids: &[u64], name: &str) {
        let items: Vec<Item> = self.items.with_untracked(|items| {
            items
                .iter()
                .filter(|i| ids.contains(&i.entry.id))
                .cloned()
                .collect()
        });
        match zip_of(&items) {
            Ok(zip) => {
                download::save_blob(&zip, name);
            }
            Err(why) => self.notice.set(Some(why)),
        }
    }

    /// The selection, as a zip.
    pub fn download_selected(&self) {
        let ids = self.selected_ids();
        let name = format!("sinh-anh-{}-{}.zip", clock::today(), ids.len());
        self.download_zip(&ids, &name);
    }

    /// Everything, as one file.
    pub fn export(&self) {
        let ids: Vec<u64> = self
            .items
            .with_untracked(|items| items.iter().map(|i| i.entry.id).collect());
        self.download_zip(&ids, &format!("sinh-anh-history-{}.zip", clock::today()));
    }

    /// Reads an export (or a downloaded selection) back in. Images already
    /// here (same id) are left as they are; each file of the zip is stored
    /// once.
    pub async fn import(self, file: Blob) {
        let Some(db) = self.database().await else {
            // Said as this file's failure: the gallery's own notice may be
            // the same words already, and then nothing would be heard.
            if let Some(why) = self.unavailable() {
                self.notice
                    .set(Some(Notice::ImportFailed(ImportError::Store(why))));
            }
            return;
        };
        if self.importing.get_untracked().is_some() {
            return;
        }
        self.importing.set(Some((0, 0)));
        self.cancel_import.set_value(false);
        self.first_page_only();
        let report = self.import_file(&db, file).await;
        self.importing.set(None);
        storage::remove(Store::Local, IMPORT_MARKER);
        self.notice.set(Some(match report {
            Ok(report) => Notice::Imported(report),
            Err(why) => Notice::ImportFailed(why),
        }));
        self.refresh_usage().await;
    }

    /// Stops an import after the batch being written.
    pub fn cancel_import(&self) {
        self.cancel_import.set_value(true);
    }

    async fn import_file(
        self,
        db: &super::store::Database,
        file: Blob,
    ) -> Result<ImportReport, ImportError> {
        let archive = Archive::open(file).await?;
        let manifest = archive
            .files
            .iter()
            .position(|f| f.name == MANIFEST_NAME)
            .ok_or(ImportError::NoManifest)?;
        if archive.size_of(manifest) > MAX_MANIFEST {
            return Err(ImportError::BadManifest(ManifestProblem::TooLarge));
        }
        let manifest = match archive.files(&[manifest]).await?.pop() {
            Some(Ok((bytes, _))) => Manifest::parse(&bytes.to_vec())?,
            _ => return Err(ImportError::Zip(ZipError::Damaged(MANIFEST_NAME.into()))),
        };
        let total = manifest.total();
        let names: Vec<&str> = archive.files.iter().map(|f| f.name.as_str()).collect();
        let mut present: IdSet = self
            .items
            .with_untracked(|items| items.iter().map(|i| i.entry.id).collect());
        let newest = super::archive::newest_kept_id(clock::now_ms());
        let plan = ImportPlan::new(manifest, &names, &mut present, newest, || self.new_id())?;
        let mut report = ImportReport {
            total,
            present: plan.present,
            shared: plan.shared,
            unreadable: plan.missing,
            ..ImportReport::default()
        };
        let to_write = plan.to_add.len();
        self.importing.set(Some((0, to_write)));
        let mut written = 0;
        let sizes: Vec<u64> = plan
            .to_add
            .iter()
            .map(|(_, f)| archive.size_of(*f))
            .collect();
        for range in unzip::batches(&sizes, IMPORT_BATCH) {
            if self.cancel_import.get_value() {
                report.cancelled = true;
                break;
            }
            let Some(batch) = plan.to_add.get(range) else {
                break;
            };
            match self.import_batch(db, &archive, batch, &mut report).await {
                Ok(()) => {}
                Err(ImportError::Store(StoreError::Full)) => {
                    report.full = true;
                    break;
                }
                // What was written stays, and the notice says so, and why
                // the rest was not (the file changed or went away...).
                Err(e) if report.added > 0 => {
                    report.stopped = Some(e);
                    break;
                }
                Err(e) => return Err(e),
            }
            written += batch.len();
            self.importing.set(Some((written, to_write)));
            let marker = Out::object([
                ("added", Out::Int(report.added as i64)),
                ("total", Out::Int(total as i64)),
            ]);
            storage::set(Store::Local, IMPORT_MARKER, &marker.to_json());
        }
        Ok(report)
    }

    /// Reads, checks and writes one batch (one transaction).
    async fn import_batch(
        self,
        db: &super::store::Database,
        archive: &Archive,
        batch: &[(Entry, usize)],
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        let mut ready = Vec::new();
        for result in prepare_imported(archive, batch).await? {
            match result {
                Imported::Kept(item) => ready.push(item),
                Imported::Damaged => report.damaged += 1,
                Imported::Unkept(Unkept::NotAPicture) => report.unreadable += 1,
                Imported::Unkept(Unkept::Store(e)) => return Err(ImportError::Store(e)),
            }
        }
        let count = ready.len();
        self.keep(db, ready)
            .await
            .map_err(|(e, _)| ImportError::Store(e))?;
        report.added += count;
        Ok(())
    }
}

/// An image whose decoding has started: its entry, its bytes, the decode.
type Decoding = (Entry, Blob, Option<js_sys::Promise>);

/// Starts decoding an imported image (its checksum `crc32` checked
/// already) as what its bytes say it is, under a safe name.
fn start_decode(mut entry: Entry, data: &Uint8Array, crc32: u32) -> Result<Decoding, Unkept> {
    let format = blob::sniff(data).ok_or(Unkept::NotAPicture)?;
    entry.format = format;
    entry.file_name = safe_file_name(&entry.file_name, format.extension());
    entry.bytes = u64::from(data.length());
    entry.crc32 = crc32;
    let image = blob::blob_of(data, format.mime()).ok_or(Unkept::NotAPicture)?;
    let decoding = blob::start_decode(&image, Some(super::save::THUMB_WIDTH));
    Ok((entry, image, decoding))
}

/// What became of an imported image.
enum Imported {
    Kept(Item),
    /// Its bytes fail the zip's checksum (or are not where it says).
    Damaged,
    Unkept(Unkept),
}

/// A batch of imported images, never trusting the file's word for what
/// they are, nor their names: a damaged one is not kept. The browser
/// decodes them side by side (off the main thread): every decode is
/// started before the first is awaited.
async fn prepare_imported(
    archive: &Archive,
    batch: &[(Entry, usize)],
) -> Result<Vec<Imported>, ImportError> {
    let files: Vec<usize> = batch.iter().map(|(_, file)| *file).collect();
    let started: Vec<Option<Result<Decoding, Unkept>>> = batch
        .iter()
        .zip(archive.files(&files).await?)
        .map(|((entry, _), read)| {
            read.ok()
                .map(|(data, crc32)| start_decode(entry.clone(), &data, crc32))
        })
        .collect();
    let mut ready = Vec::with_capacity(started.len());
    for item in started {
        ready.push(match item {
            None => Imported::Damaged,
            Some(Err(e)) => Imported::Unkept(e),
            Some(Ok((entry, image, decoding))) => match finish(entry, image, decoding).await {
                Ok(item) => Imported::Kept(item),
                Err(e) => Imported::Unkept(e),
            },
        });
    }
    Ok(ready)
}

/// A stored zip of the items, with `history.json` first.
fn zip_of(items: &[Item]) -> Result<Blob, Notice> {
    let manifest = Manifest::new(items.iter().map(|i| (*i.entry).clone())).to_json();
    let now = clock::now_ms();
    let mut files = vec![zip::FileInfo {
        name: MANIFEST_NAME.into(),
        crc32: zip::crc32(manifest.as_bytes()),
        size: manifest.len() as u64,
        modified_ms: clock::local_ms(now),
    }];
    files.extend(items.iter().map(|item| zip::FileInfo {
        name: item.entry.zip_name(),
        crc32: item.entry.crc32,
        size: item.image.size() as u64,
        modified_ms: clock::local_ms(item.entry.created_ms),
    }));
    let parts = zip::layout(&files).map_err(|_| Notice::ZipTooLarge)?;
    let sequence = js_sys::Array::new();
    for part in parts {
        match part {
            zip::Part::Bytes(bytes) => {
                sequence.push(&Uint8Array::from(bytes.as_slice()));
            }
            zip::Part::File(0) => {
                sequence.push(&Uint8Array::from(manifest.as_bytes()));
            }
            zip::Part::File(n) => {
                if let Some(item) = items.get(n - 1) {
                    sequence.push(&item.image);
                }
            }
        }
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/zip");
    Blob::new_with_blob_sequence_and_options(&sequence, &options)
        .map_err(|e| Notice::ZipRefused(blob::js_message(&e)))
}
