//! The zip chosen for an import, read a slice at a time.             [web]
//!
//! Its tail, its directory, then a batch of files at a time, as slices of
//! the `File`: what to read, and what the bytes mean, is `unzip.rs`.

use super::error::ImportError;
use super::unzip::{self, Listed};
use super::zip::ZipError;
use crate::web::blob;
use js_sys::Uint8Array;
use web_sys::Blob;

/// The zip chosen for an import, read a slice at a time: its tail, its
/// directory, then each batch as its turn comes. Neither the archive nor
/// its images enter wasm memory, and at most 32 MB of it is read at once
/// (or one larger image), so a large export imports on a phone.
pub(super) struct Archive {
    file: Blob,
    pub(super) files: Vec<Listed>,
    /// Where the directory starts: every file lies before it.
    end: u64,
}

impl Archive {
    pub(super) async fn open(file: Blob) -> Result<Self, ImportError> {
        let len = file.size() as u64;
        let tail_at = len.saturating_sub(unzip::TAIL);
        let tail = read_range(&file, tail_at, len).await?.to_vec();
        let directory = unzip::find_directory(&tail, len).map_err(ImportError::Zip)?;
        if directory.len > unzip::MAX_READ {
            return Err(ImportError::Zip(ZipError::NotAZip));
        }
        // The directory mostly lies within the tail already read.
        let within = directory.at.checked_sub(tail_at).and_then(|offset| {
            tail.get(offset as usize..(offset + directory.len) as usize)
                .map(<[u8]>::to_vec)
        });
        let listed = match within {
            Some(listed) => listed,
            None => read_range(&file, directory.at, directory.at + directory.len)
                .await?
                .to_vec(),
        };
        let files = unzip::list(&listed, directory.count).map_err(ImportError::Zip)?;
        Ok(Self {
            file,
            files,
            end: directory.at,
        })
    }

    /// File `n`'s size as the directory says (0 for no such file).
    pub(super) fn size_of(&self, n: usize) -> u64 {
        self.files.get(n).map_or(0, |f| f.size)
    }

    /// Files `wanted`'s bytes, in the engine, each with its CRC-32,
    /// checked. The outer error: the browser could not read the file (the
    /// import stops); an inner one: these bytes are not what the archive
    /// says (this image is skipped). Files that lie side by side (a batch
    /// of an export does) are read in one piece of at most 32 MB.
    pub(super) async fn files(
        &self,
        wanted: &[usize],
    ) -> Result<Vec<Result<(Uint8Array, u32), ZipError>>, ImportError> {
        // A file said to run past the directory is not read at all.
        let listed: Vec<Option<&Listed>> = wanted
            .iter()
            .map(|&n| self.files.get(n).filter(|f| f.fits(self.end)))
            .collect();
        let extents: Vec<(u64, u64)> = listed.iter().flatten().map(|f| f.extent()).collect();
        let span = match unzip::one_read(&extents) {
            Some((from, to)) => Some((from, read_range(&self.file, from, to).await?)),
            None => None,
        };
        let mut out = Vec::with_capacity(listed.len());
        for file in listed {
            let Some(file) = file else {
                out.push(Err(ZipError::NotAZip));
                continue;
            };
            let (at, len) = file.extent();
            let read = match &span {
                // Within the one read (at most 32 MB): the casts hold.
                Some((from, span)) => span.subarray((at - from) as u32, (at - from + len) as u32),
                None => read_range(&self.file, at, at + len).await?,
            };
            out.push(self.checked(file, read).await?);
        }
        Ok(out)
    }

    /// A file's bytes from what was read from its header on (`read`).
    async fn checked(
        &self,
        file: &Listed,
        read: Uint8Array,
    ) -> Result<Result<(Uint8Array, u32), ZipError>, ImportError> {
        let header = blob::head(&read, unzip::LOCAL_HEADER as u32);
        let start = match unzip::data_at(file, &header) {
            Ok(start) => start,
            Err(e) => return Ok(Err(e)),
        };
        // The header is almost always as long as the directory suggests;
        // where not, the bytes are read again from where they start.
        let bytes = if start == file.header_at + file.header_len {
            read.subarray(file.header_len as u32, read.length())
        } else {
            read_range(&self.file, start, start + file.size).await?
        };
        Ok(
            if u64::from(bytes.length()) == file.size && blob::crc32(&bytes) == file.crc32 {
                Ok((bytes, file.crc32))
            } else {
                Err(ZipError::Damaged(file.name.clone()))
            },
        )
    }
}

/// The largest `history.json` read (10,000 entries with long prompts
/// are a few MB).
pub(super) const MAX_MANIFEST: u64 = 64 * 1024 * 1024;

/// The bytes of `file` from `from` to `to` (fewer where it ends first).
async fn read_range(file: &Blob, from: u64, to: u64) -> Result<Uint8Array, ImportError> {
    let piece = file
        .slice_with_f64_and_f64(from as f64, to as f64)
        .map_err(|e| ImportError::Read(blob::js_message(&e)))?;
    blob::blob_bytes(&piece).await.map_err(ImportError::Read)
}
