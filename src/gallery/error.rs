//! What can go wrong in the gallery, and what it has to say: values with a
//! kind, which the texts put in words.                               [pure]

use super::zip::ZipError;

/// Why the gallery could not read or write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage for this site is full (`QuotaExceededError`).
    Full,
    /// No IndexedDB here (some private modes, sandboxed frames), or it
    /// refused to open: the browser's words.
    Unavailable(String),
    /// Anything else, with the browser's words.
    Failed(String),
}

impl StoreError {
    /// From a DOM exception's name and message.
    pub fn named(name: &str, message: String) -> Self {
        if name == "QuotaExceededError" || message.contains("QuotaExceeded") {
            StoreError::Full
        } else {
            StoreError::Failed(message)
        }
    }
}

/// Why a file could not be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The browser could not read the file: its words.
    Read(String),
    Zip(ZipError),
    /// A zip, but without `history.json`.
    NoManifest,
    /// `history.json` is not a manifest.
    BadManifest(ManifestProblem),
    /// Made by another app (its name for itself).
    NotOurs(String),
    /// Made by a newer Sinh Ảnh (its schema).
    Newer(u32),
    /// More entries than one import takes.
    TooMany {
        entries: usize,
        limit: usize,
    },
    /// Writing failed.
    Store(StoreError),
}

/// What is wrong with an export's `history.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManifestProblem {
    NotJson,
    /// No `app` text: who made the file.
    NoApp,
    /// No `schema` number.
    NoSchema,
    /// No `images` list.
    NoImages,
    /// Larger than the reader takes (`reader::MAX_MANIFEST`, 64 MB).
    TooLarge,
}

/// What an import did, for the notice after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Entries in the file.
    pub total: usize,
    pub added: usize,
    /// Already in the gallery (or listed twice).
    pub present: usize,
    /// Naming a file another entry already uses: one image per file.
    pub shared: usize,
    /// Naming no file in the zip, or a file that is not a picture.
    pub unreadable: usize,
    /// Whose bytes fail the zip's checksum: damaged in the file.
    pub damaged: usize,
    /// Stopped by Cancel before the end.
    pub cancelled: bool,
    /// Stopped because storage is full.
    pub full: bool,
    /// Stopped part-way by something else, after some were written: the
    /// file could no longer be read, or the gallery could not write.
    pub stopped: Option<ImportError>,
}

/// What the gallery has to say, shown above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// IndexedDB could not be opened: nothing is kept across reloads.
    Unavailable(String),
    /// Images that could not be saved: storage full.
    Full(usize),
    /// Saving or reading failed otherwise: the browser's words.
    Failed(String),
    /// Records that could not be read and were left alone.
    Skipped(usize),
    Imported(ImportReport),
    /// An import was cut short by a reload or a closed tab.
    ImportInterrupted {
        added: usize,
        total: usize,
    },
    ImportFailed(ImportError),
    /// Images that are not pictures the browser can decode: not kept.
    NotPictures(usize),
    /// Deleted, with Undo offered for a while.
    Deleted(usize),
    /// Deleted images put back by Undo.
    Restored(usize),
    /// Images the gateway sent as links that could not be fetched to keep.
    LinkNotKept(usize),
    /// A zip over a zip's limits (4 GB, 65,535 files): not made.
    ZipTooLarge,
    /// The browser could not assemble the zip: its words, if any.
    ZipRefused(String),
    /// A result clicked whose gallery copy has been deleted: nothing to
    /// show larger.
    NoLongerKept,
}

impl Notice {
    /// Something went wrong (shown as a warning).
    pub fn is_problem(&self) -> bool {
        !matches!(
            self,
            Notice::Imported(_) | Notice::Deleted(_) | Notice::Restored(_) | Notice::Skipped(_)
        )
    }

    /// About saving the images just made: said beside the results too, and
    /// old news once a new run starts.
    pub fn is_about_saving(&self) -> bool {
        matches!(
            self,
            Notice::Full(_)
                | Notice::Failed(_)
                | Notice::Unavailable(_)
                | Notice::NotPictures(_)
                | Notice::LinkNotKept(_)
                | Notice::NoLongerKept
        )
    }

    /// A store error, as a notice.
    pub fn from_store(error: StoreError, images: usize) -> Notice {
        match error {
            StoreError::Full => Notice::Full(images),
            StoreError::Unavailable(why) => Notice::Unavailable(why),
            StoreError::Failed(why) => Notice::Failed(why),
        }
    }
}
