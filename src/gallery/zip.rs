//! Zip archives of images, written in the browser (`unzip.rs` reads). [pure]
//!
//! Only the *stored* method (no compression): PNG, JPEG and WebP are
//! compressed already, deflating them again saves ~0% and costs time.
//! That is what lets the writer be a layout, not a compressor: it answers
//! the header bytes and where each file's bytes go, and the web layer joins
//! them with the images' `Blob`s, so a zip of hundreds of megabytes is
//! assembled without copying a single image through wasm memory.
//!
//! Why not the `zip` crate: it is built around `Write + Seek` over the whole
//! archive in memory, and brings a compression stack for a job that needs
//! none. And why not `crc32fast`: its 16 KB of slice-by-16 tables would
//! go into the first-load bundle, where a 1 KB table is fast enough for a
//! checksum computed once per saved image.

/// CRC-32 (IEEE), as zip and PNG use it.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_continue(0, bytes)
}

/// The CRC-32 of `a` followed by `bytes`, from `crc32(a)`: a large image is
/// checked a piece at a time, never whole in wasm memory.
pub fn crc32_continue(crc: u32, bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!crc, |crc, &b| {
        CRC_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// One file of an archive being written.
#[derive(Clone, Debug)]
pub struct FileInfo {
    /// Path inside the archive, `/`-separated, UTF-8.
    pub name: String,
    pub crc32: u32,
    pub size: u64,
    /// Unix time in ms, shown by unzip tools (UTC).
    pub modified_ms: f64,
}

/// A piece of the archive, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Header bytes written here.
    Bytes(Vec<u8>),
    /// The contents of file number `n` of the list given to [`layout`].
    File(usize),
}

/// Why an archive cannot be written or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Over the 4 GB / 65 535 files of a zip without the zip64 extension.
    TooLarge,
    /// Not a zip, or cut short.
    NotAZip,
    /// A file in it is compressed (`deflate`...): this reader takes only the
    /// stored files Sinh Ảnh writes.
    Compressed(String),
    /// A file's bytes do not match its checksum.
    Damaged(String),
}

pub(super) const LOCAL: u32 = 0x0403_4b50;
pub(super) const CENTRAL: u32 = 0x0201_4b50;
pub(super) const END: u32 = 0x0605_4b50;
/// Version 2.0, and bit 11: names are UTF-8.
const VERSION: u16 = 20;
const UTF8: u16 = 1 << 11;

/// The parts of a stored zip holding `files`, in order.
pub fn layout(files: &[FileInfo]) -> Result<Vec<Part>, ZipError> {
    // 0xFFFF and 0xFFFFFFFF mean "see zip64" to readers: stay below them.
    if files.len() >= usize::from(u16::MAX) {
        return Err(ZipError::TooLarge);
    }
    let mut parts = Vec::with_capacity(files.len() * 2 + 1);
    let mut central = Vec::new();
    let mut offset: u64 = 0;
    for (n, file) in files.iter().enumerate() {
        let size = below_zip64(file.size)?;
        let at = below_zip64(offset)?;
        let name = file.name.as_bytes();
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::TooLarge)?;
        let (time, date) = dos_time(file.modified_ms);

        let mut local = Vec::with_capacity(30 + name.len());
        put32(&mut local, LOCAL);
        for v in [VERSION, UTF8, 0, time, date] {
            put16(&mut local, v);
        }
        for v in [file.crc32, size, size] {
            put32(&mut local, v);
        }
        put16(&mut local, name_len);
        put16(&mut local, 0);
        local.extend_from_slice(name);

        put32(&mut central, CENTRAL);
        for v in [VERSION, VERSION, UTF8, 0, time, date] {
            put16(&mut central, v);
        }
        for v in [file.crc32, size, size] {
            put32(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            put16(&mut central, v);
        }
        put32(&mut central, 0);
        put32(&mut central, at);
        central.extend_from_slice(name);

        offset += local.len() as u64 + file.size;
        parts.push(Part::Bytes(local));
        parts.push(Part::File(n));
    }
    let central_at = below_zip64(offset)?;
    let central_len = below_zip64(central.len() as u64)?;
    let count = files.len() as u16;
    put32(&mut central, END);
    for v in [0, 0, count, count] {
        put16(&mut central, v);
    }
    put32(&mut central, central_len);
    put32(&mut central, central_at);
    put16(&mut central, 0);
    parts.push(Part::Bytes(central));
    Ok(parts)
}

fn below_zip64(value: u64) -> Result<u32, ZipError> {
    u32::try_from(value)
        .ok()
        .filter(|&v| v != u32::MAX)
        .ok_or(ZipError::TooLarge)
}

/// A whole archive in memory, for files already there.
pub fn build(files: &[(&str, &[u8])], modified_ms: f64) -> Result<Vec<u8>, ZipError> {
    let infos: Vec<FileInfo> = files
        .iter()
        .map(|(name, bytes)| FileInfo {
            name: (*name).into(),
            crc32: crc32(bytes),
            size: bytes.len() as u64,
            modified_ms,
        })
        .collect();
    let mut out = Vec::new();
    for part in layout(&infos)? {
        match part {
            Part::Bytes(bytes) => out.extend_from_slice(&bytes),
            Part::File(n) => out.extend_from_slice(files[n].1),
        }
    }
    Ok(out)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// MS-DOS time and date (2-second resolution, 1980–2107) of a time given
/// in ms; callers pass local time, which is how zip tools read it.
fn dos_time(unix_ms: f64) -> (u16, u16) {
    let secs = (unix_ms / 1000.0).max(315_532_800.0) as i64; // 1980-01-01
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = (year - 1980).clamp(0, 127);
    let time = ((rest / 3600) << 11) | (((rest % 3600) / 60) << 5) | ((rest % 60) / 2);
    let date = (year << 9) | (month << 5) | day;
    (time as u16, date as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn dos_times_are_civil_dates() {
        // 2026-11-24 13:45:30 UTC
        let (time, date) = dos_time(1_795_527_930_000.0);
        assert_eq!(date >> 9, 2026 - 1980);
        assert_eq!((date >> 5) & 0xF, 11);
        assert_eq!(date & 0x1F, 24);
        assert_eq!(time >> 11, 13);
        assert_eq!((time >> 5) & 0x3F, 45);
        assert_eq!((time & 0x1F) * 2, 30);
        // Before 1980 there is no DOS time: clamped to its start.
        let too_big = FileInfo {
            name: "x".into(),
            crc32: 0,
            size: u64::from(u32::MAX),
            modified_ms: 0.0,
        };
        assert_eq!(
            layout(&[too_big]),
            Err(ZipError::TooLarge),
            "0xFFFFFFFF means zip64"
        );
        assert_eq!(dos_time(0.0).1, (1 << 5) | 1);
    }
}
