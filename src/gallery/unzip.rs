//! Reading a stored zip a piece at a time.                            [pure]
//!
//! An import never holds the archive whole: the web layer reads its tail,
//! then its directory, then each file's header and bytes, as slices of the
//! `File` the person chose. These functions say which bytes to read next
//! and what they mean; offsets come from the file itself, so none is
//! trusted to add up.

use super::zip::{ZipError, CENTRAL, END, LOCAL};

/// The most of an archive's end that can hold its end record: 22 bytes
/// and a comment of up to 65,535.
pub const TAIL: u64 = 22 + 65_535;

/// The fixed part of a file's own (local) header.
pub const LOCAL_HEADER: u64 = 30;

/// Where an archive's directory is, and how many files it lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directory {
    pub at: u64,
    pub len: u64,
    pub count: u16,
}

/// One file as the directory lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub crc32: u32,
    pub size: u64,
    /// Where its own header starts.
    pub header_at: u64,
    /// That header's length as the directory's copies of the name and the
    /// extra field suggest: almost always its length, so one read from
    /// `header_at` takes the header and the bytes.
    pub header_len: u64,
}

/// Finds the directory from the archive's last bytes (`tail`: up to
/// [`TAIL`] of them) and its whole length.
pub fn find_directory(tail: &[u8], archive_len: u64) -> Result<Directory, ZipError> {
    // The end record is the last 22 bytes unless there is a comment.
    let end = (0..=tail.len().saturating_sub(22))
        .rev()
        .find(|&at| get32(tail, at) == Some(END))
        .ok_or(ZipError::NotAZip)?;
    let count = get16(tail, end + 10).ok_or(ZipError::NotAZip)?;
    let len = u64::from(get32(tail, end + 12).ok_or(ZipError::NotAZip)?);
    let at = u64::from(get32(tail, end + 16).ok_or(ZipError::NotAZip)?);
    // The directory ends where the end record begins.
    let end_at = archive_len.saturating_sub((tail.len() - end) as u64);
    if at.checked_add(len).is_none_or(|stop| stop > end_at) {
        return Err(ZipError::NotAZip);
    }
    Ok(Directory { at, len, count })
}

/// The files the directory (its `len` bytes, read from `at`) lists. A
/// compressed file refuses the archive: Sinh Ảnh writes stored files only.
pub fn list(directory: &[u8], count: u16) -> Result<Vec<Listed>, ZipError> {
    let mut files = Vec::with_capacity(usize::from(count));
    let mut at = 0usize;
    for _ in 0..count {
        if get32(directory, at) != Some(CENTRAL) {
            return Err(ZipError::NotAZip);
        }
        let field16 = |offset| get16(directory, at + offset).ok_or(ZipError::NotAZip);
        let field32 = |offset| get32(directory, at + offset).ok_or(ZipError::NotAZip);
        let method = field16(10)?;
        let crc32 = field32(16)?;
        let size = u64::from(field32(20)?);
        let name_len = usize::from(field16(28)?);
        let extra_len = usize::from(field16(30)?);
        let skip = name_len + extra_len + usize::from(field16(32)?);
        let header_at = u64::from(field32(42)?);
        let name = slice(directory, at + 46, name_len).ok_or(ZipError::NotAZip)?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + skip;
        if method != 0 {
            return Err(ZipError::Compressed(name));
        }
        files.push(Listed {
            name,
            crc32,
            size,
            header_at,
            header_len: LOCAL_HEADER + (name_len + extra_len) as u64,
        });
    }
    Ok(files)
}

/// Where a file's bytes start, from the first [`LOCAL_HEADER`] bytes of
/// its own header.
pub fn data_at(file: &Listed, header: &[u8]) -> Result<u64, ZipError> {
    if get32(header, 0) != Some(LOCAL) {
        return Err(ZipError::NotAZip);
    }
    let name_len = u64::from(get16(header, 26).ok_or(ZipError::NotAZip)?);
    let extra_len = u64::from(get16(header, 28).ok_or(ZipError::NotAZip)?);
    Ok(file.header_at + LOCAL_HEADER + name_len + extra_len)
}

impl Listed {
    /// Where its header starts and how far one read from there takes the
    /// header and the bytes.
    pub fn extent(&self) -> (u64, u64) {
        (self.header_at, self.header_len + self.size)
    }

    /// Whether its header and bytes can lie before the directory (`end`):
    /// a file said to run past it is not read at all (a damaged size could
    /// otherwise ask for the rest of a large archive).
    pub fn fits(&self, end: u64) -> bool {
        let (at, len) = self.extent();
        at.checked_add(len).is_some_and(|stop| stop <= end)
    }
}

/// The most read in one piece, and the most a batch of an import holds:
/// a phone's memory is short.
pub const MAX_READ: u64 = 32 * 1024 * 1024;

/// How far apart files may lie and still be read in one piece.
const SLACK: u64 = 64 * 1024;

/// Cuts `sizes` (files in the order they are imported) into batches of at
/// most `count` files and, past the first file of each, at most
/// [`MAX_READ`] bytes: a batch of large images is smaller.
pub fn batches(sizes: &[u64], count: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && (i - start == count || bytes.saturating_add(size) > MAX_READ) {
            out.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes = bytes.saturating_add(size);
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

/// The one read that takes all of `extents` (`(at, len)`, in any order),
/// when they lie side by side and it is at most [`MAX_READ`]; `None` when
/// they are to be read one at a time.
pub fn one_read(extents: &[(u64, u64)]) -> Option<(u64, u64)> {
    let from = extents.iter().map(|&(at, _)| at).min()?;
    let to = extents
        .iter()
        .map(|&(at, len)| at.saturating_add(len))
        .max()?;
    let needed = extents
        .iter()
        .fold(0u64, |sum, &(_, len)| sum.saturating_add(len));
    let span = to - from;
    (span > 0 && span <= needed.saturating_add(SLACK).min(MAX_READ)).then_some((from, to))
}

fn slice(bytes: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    bytes.get(at..at.checked_add(len)?)
}

fn get16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(slice(bytes, at, 2)?.try_into().ok()?))
}

fn get32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(slice(bytes, at, 4)?.try_into().ok()?))
}

/// An archive already in memory, read with the functions above as the
/// import reads a `File`, each file checked against its checksum (the
/// tests and property tests read with it).
pub fn read(zip: &[u8]) -> Result<Vec<(String, &[u8])>, ZipError> {
    let len = zip.len() as u64;
    let tail_at = len.saturating_sub(TAIL) as usize;
    let directory = find_directory(&zip[tail_at..], len)?;
    let start = usize::try_from(directory.at).map_err(|_| ZipError::NotAZip)?;
    let listed = slice(zip, start, directory.len as usize).ok_or(ZipError::NotAZip)?;
    let mut files = Vec::new();
    for file in list(listed, directory.count)? {
        let header =
            slice(zip, file.header_at as usize, LOCAL_HEADER as usize).ok_or(ZipError::NotAZip)?;
        let at = data_at(&file, header)? as usize;
        let bytes = slice(zip, at, file.size as usize).ok_or(ZipError::NotAZip)?;
        if super::zip::crc32(bytes) != file.crc32 {
            return Err(ZipError::Damaged(file.name));
        }
        files.push((file.name, bytes));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::super::zip::build;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn archives_round_trip() {
        let files: [(&str, &[u8]); 3] = [
            ("history.json", b"{}"),
            ("images/1-mèo.png", b"\x89PNG\r\n\x1a\nrest"),
            ("empty", b""),
        ];
        let zip = build(&files, 1_732_406_400_000.0).unwrap();
        let back = read(&zip).unwrap();
        assert_eq!(back.len(), 3);
        for ((name, bytes), (want_name, want)) in back.iter().zip(files) {
            assert_eq!(name, want_name);
            assert_eq!(bytes, &want);
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn the_directory_is_found_from_the_tail_alone() {
        // An archive longer than its tail: only the tail is read to find
        // the directory.
        let big = vec![7u8; TAIL as usize + 1_000];
        let zip = build(&[("a.png", &big), ("b.png", b"bb")], 0.0).unwrap();
        let len = zip.len() as u64;
        let tail = &zip[zip.len() - TAIL as usize..];
        let directory = find_directory(tail, len).unwrap();
        assert_eq!(directory.count, 2);
        assert!(len > TAIL + 1_000, "the archive is longer than its tail");
        let at = directory.at as usize;
        let listed = list(&zip[at..at + directory.len as usize], 2).unwrap();
        assert_eq!(listed[0].name, "a.png");
        assert_eq!(listed[0].size, big.len() as u64);
        assert_eq!(listed[0].header_at, 0);
        assert_eq!(listed[0].header_len, LOCAL_HEADER + 5);
        let first = data_at(&listed[0], &zip[..LOCAL_HEADER as usize]).unwrap();
        assert_eq!(first, LOCAL_HEADER + 5, "after the header and the name");
        let b = &listed[1];
        let header = &zip[b.header_at as usize..][..LOCAL_HEADER as usize];
        let at = data_at(b, header).unwrap() as usize;
        assert_eq!(&zip[at..at + 2], b"bb");
        // A comment after the end record (as zip tools may write).
        let mut commented = zip.clone();
        let end = commented.len() - 22;
        commented[end + 20] = 3;
        commented.extend_from_slice(b"hi!");
        let tail = &commented[commented.len() - TAIL as usize..];
        assert_eq!(find_directory(tail, len + 3), Ok(directory));
        // A directory said to run into the end record is refused.
        let mut wrong = zip.clone();
        let end = wrong.len() - 22;
        wrong[end + 12] = wrong[end + 12].wrapping_add(1);
        assert_eq!(
            find_directory(&wrong[wrong.len() - 100..], len),
            Err(ZipError::NotAZip)
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn a_batch_holds_at_most_twenty_files_and_32_mb() {
        const MB: u64 = 1024 * 1024;
        assert_eq!(batches(&[1; 45], 20), [0..20, 20..40, 40..45]);
        assert!(batches(&[], 20).is_empty());
        // 10 MB images: three to a batch (a fourth would pass 32 MB).
        assert_eq!(batches(&[10 * MB; 7], 20), [0..3, 3..6, 6..7]);
        // An image larger than a batch goes alone, and is still imported.
        assert_eq!(batches(&[MB, 40 * MB, MB], 20), [0..1, 1..2, 2..3]);
        assert_eq!(batches(&[u64::MAX, u64::MAX], 20), [0..1, 1..2]);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn files_side_by_side_are_read_in_one_piece_and_others_one_at_a_time() {
        const MB: u64 = 1024 * 1024;
        // Side by side, in any order, or with a small gap: one read.
        assert_eq!(one_read(&[(0, 10), (10, 5), (15, 5)]), Some((0, 20)));
        assert_eq!(one_read(&[(15, 5), (0, 10), (10, 5)]), Some((0, 20)));
        assert_eq!(one_read(&[(0, 10), (1000, 10)]), Some((0, 1010)));
        // Far apart, or over 32 MB in all: one at a time.
        assert_eq!(one_read(&[(0, 10), (10 * MB, 10)]), None);
        assert_eq!(one_read(&[(0, 20 * MB), (20 * MB, 20 * MB)]), None);
        // Listed twice or overlapping: still one read of what they cover.
        assert_eq!(one_read(&[(0, 10), (0, 10)]), Some((0, 10)));
        assert_eq!(one_read(&[(0, 10), (5, 10)]), Some((0, 15)));
        assert_eq!(one_read(&[]), None);
        assert_eq!(one_read(&[(5, 0)]), None);
        assert_eq!(one_read(&[(u64::MAX - 1, 10), (0, 1)]), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn a_file_said_to_run_past_the_directory_is_not_read() {
        let file = |header_at, size| Listed {
            name: "a.png".into(),
            crc32: 0,
            size,
            header_at,
            header_len: LOCAL_HEADER + 5,
        };
        assert!(file(0, 65).fits(100));
        assert!(!file(0, 66).fits(100));
        assert!(!file(u64::MAX - 10, 5).fits(u64::MAX));
        assert_eq!(file(7, 3).extent(), (7, LOCAL_HEADER + 5 + 3));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn broken_archives_are_refused_not_panicked_on() {
        let zip = build(&[("a.png", b"abc")], 0.0).unwrap();
        assert_eq!(read(b"hello"), Err(ZipError::NotAZip));
        assert_eq!(read(&[]), Err(ZipError::NotAZip));
        for cut in 0..zip.len() {
            assert!(read(&zip[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = zip.clone();
        flipped[30 + 5] ^= 0xFF; // a byte of a.png's contents
        assert_eq!(read(&flipped), Err(ZipError::Damaged("a.png".into())));
        let mut deflated = zip.clone();
        let central = zip.len() - 22 - (46 + 5);
        deflated[central + 10] = 8;
        assert_eq!(read(&deflated), Err(ZipError::Compressed("a.png".into())));
        // Every single byte changed: an error or a reading, never a panic.
        for at in 0..zip.len() {
            for value in [0, 0xFF] {
                let mut changed = zip.clone();
                changed[at] = value;
                let _ = read(&changed);
            }
        }
    }
}
