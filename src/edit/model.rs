//! References: the images a chat request carries, as the page keeps them,
//! and the rules for preparing one from a file.                      [pure]

use crate::api::image::ImageFormat;
use crate::api::request::{Attached, MAX_REQUEST_BYTES};

/// Longest side sent: larger pictures are scaled down in the browser
/// (models look at about this much, and it keeps the request small).
pub const MAX_SIDE: u32 = 2048;
/// An image is sent as it is (no re-encoding, no loss) up to this size,
/// when it is no larger than [`MAX_SIDE`] and a type the models take.
pub const KEEP_BYTES: u64 = 4 * 1000 * 1000;
/// A re-encoded PNG (kept for its transparency) larger than this goes as
/// WebP instead, which keeps transparency in far fewer bytes.
pub const PNG_BYTES: u64 = 6 * 1000 * 1000;
/// JPEG and WebP quality when re-encoding: detail kept, size reasonable.
pub const QUALITY: f64 = 0.9;
/// A file larger than this is not read at all: no phone camera makes one.
pub const MAX_FILE_BYTES: f64 = 60.0 * 1000.0 * 1000.0;

/// One reference image, ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub id: u64,
    /// The file it came from (or the result it was made of).
    pub name: String,
    /// What is sent: its type and size in bytes.
    pub format: ImageFormat,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// The picture before it was scaled or re-encoded: width, height,
    /// bytes. `None`: sent as it came.
    pub original: Option<(u32, u32, u64)>,
}

impl Reference {
    /// What the request side needs to know of it.
    pub fn attached(&self) -> Attached {
        Attached {
            format: self.format,
            url_len: data_url_len(self.bytes, self.format),
            name: format!("reference-{}.{}", self.id, self.format.extension()),
        }
    }
}

/// How a picture is to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// The file's own bytes.
    Keep,
    /// Redrawn (at `width`×`height`) and encoded as this type.
    Redraw(ImageFormat),
}

/// The size a picture is sent at: its own, or scaled to fit [`MAX_SIDE`]
/// keeping its shape (never below one pixel).
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_SIDE {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest))
            .max(1) as u32
    };
    (scale(width), scale(height))
}

/// Whether a picture can go as it is, or how it is redrawn. GIF is not a
/// type the Gemini models take; transparency is kept where there is some.
pub fn encoding(format: ImageFormat, width: u32, height: u32, bytes: u64, alpha: bool) -> Encoding {
    let fits = fit(width, height) == (width, height);
    if fits && bytes <= KEEP_BYTES && format != ImageFormat::Gif {
        Encoding::Keep
    } else if alpha {
        Encoding::Redraw(ImageFormat::Png)
    } else {
        Encoding::Redraw(ImageFormat::Jpeg)
    }
}

/// The length of the `data:` URL of `bytes` bytes of this type.
pub fn data_url_len(bytes: u64, format: ImageFormat) -> usize {
    let base64 = bytes.div_ceil(3) * 4;
    "data:;base64,".len() + format.mime().len() + base64 as usize
}

/// Whether one more picture of `bytes` still fits a request beside those
/// already attached (the prompt and JSON around it are small).
pub fn fits_request(references: &[Reference], bytes: u64, format: ImageFormat) -> bool {
    let held: usize = references
        .iter()
        .map(|r| data_url_len(r.bytes, r.format))
        .sum();
    held + data_url_len(bytes, format) <= MAX_REQUEST_BYTES
}

/// Moves the reference at `index` by `by` places (−1: left). `false` when
/// it cannot move that way.
pub fn shift<T>(references: &mut [T], index: usize, by: isize) -> bool {
    let Some(to) = index.checked_add_signed(by) else {
        return false;
    };
    if index >= references.len() || to >= references.len() {
        return false;
    }
    references.swap(index, to);
    true
}

/// The bytes all references send.
pub fn total_bytes(references: &[Reference]) -> u64 {
    references.iter().map(|r| r.bytes).sum()
}

/// Why a file did not become a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditErrorKind {
    /// Its bytes are none of PNG, JPEG, WebP or GIF.
    NotAnImage,
    /// An image type, but the browser cannot decode it (damaged).
    Undecodable,
    /// Still too large for the request after scaling, or too large a file
    /// to read.
    TooLarge,
    /// The browser could not read the file, or could not scale it.
    Unreadable,
    /// This browser could not keep the references for a reload.
    NotKept,
    /// "Edit this" on the picture the next prompt refines: it goes with
    /// the prompt already.
    AlreadyRefined,
    /// A turn's answer whose picture this page could not read (its
    /// number in the error's `file`): it is no turn.
    TurnUnread,
}

/// A problem with one file: its name and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    pub kind: EditErrorKind,
    pub file: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn reference(id: u64, bytes: u64) -> Reference {
        Reference {
            id,
            name: format!("{id}.png"),
            format: ImageFormat::Png,
            bytes,
            width: 10,
            height: 10,
            original: None,
        }
    }

    #[test]
    fn large_pictures_fit_2048_keeping_their_shape() {
        assert_eq!(fit(1024, 768), (1024, 768));
        assert_eq!(fit(2048, 2048), (2048, 2048));
        assert_eq!(fit(4000, 3000), (2048, 1536));
        assert_eq!(fit(3000, 4000), (1536, 2048));
        assert_eq!(fit(4032, 3024), (2048, 1536));
        // A sliver keeps at least one pixel.
        assert_eq!(fit(100_000, 1), (2048, 1));
    }

    #[test]
    fn a_picture_goes_as_it_is_when_small_and_a_type_models_take() {
        use ImageFormat::*;
        assert_eq!(encoding(Png, 800, 600, 1_000_000, true), Encoding::Keep);
        assert_eq!(
            encoding(Jpeg, 2048, 1000, KEEP_BYTES, false),
            Encoding::Keep
        );
        assert_eq!(encoding(Webp, 800, 600, 1_000, false), Encoding::Keep);
        // GIF: redrawn, as PNG when it has transparency.
        assert_eq!(encoding(Gif, 80, 60, 1_000, true), Encoding::Redraw(Png));
        assert_eq!(encoding(Gif, 80, 60, 1_000, false), Encoding::Redraw(Jpeg));
        // Too large in pixels or in bytes: redrawn; transparency kept.
        assert_eq!(
            encoding(Jpeg, 4000, 3000, 2_000_000, false),
            Encoding::Redraw(Jpeg)
        );
        assert_eq!(
            encoding(Png, 1000, 1000, KEEP_BYTES + 1, false),
            Encoding::Redraw(Jpeg)
        );
        assert_eq!(
            encoding(Png, 3000, 3000, 1_000_000, true),
            Encoding::Redraw(Png)
        );
    }

    #[test]
    fn data_url_length_is_the_base64_of_the_bytes_and_the_header() {
        // "data:image/png;base64," + 4 characters per 3 bytes, padded.
        assert_eq!(data_url_len(0, ImageFormat::Png), 22);
        assert_eq!(data_url_len(1, ImageFormat::Png), 26);
        assert_eq!(data_url_len(3, ImageFormat::Png), 26);
        assert_eq!(data_url_len(4, ImageFormat::Jpeg), 23 + 8);
        let attached = reference(7, 3_000).attached();
        assert_eq!(attached.url_len, 22 + 4_000);
        assert_eq!(attached.name, "reference-7.png");
    }

    #[test]
    fn the_request_guard_counts_what_is_already_attached() {
        let five_mb = reference(1, 5_000_000);
        let held = vec![five_mb.clone(), five_mb.clone()];
        // 2 × 6.67 MB of base64 held: another 4 MB (5.33 MB) fits, 5 MB not.
        assert!(fits_request(&held, 4_000_000, ImageFormat::Png));
        assert!(!fits_request(&held, 5_000_000, ImageFormat::Png));
        assert!(fits_request(&[], 14_000_000, ImageFormat::Jpeg));
        assert!(!fits_request(&[], 14_300_000, ImageFormat::Jpeg));
    }

    #[test]
    fn references_move_left_and_right_within_the_list() {
        let mut list = vec![reference(1, 1), reference(2, 1), reference(3, 1)];
        assert!(shift(&mut list, 0, 1));
        assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 1, 3]);
        assert!(shift(&mut list, 2, -1));
        assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3, 1]);
        assert!(!shift(&mut list, 0, -1), "the first cannot go left");
        assert!(!shift(&mut list, 2, 1), "the last cannot go right");
        assert!(!shift(&mut list, 5, -1));
        assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3, 1]);
        assert_eq!(total_bytes(&list), 3);
    }
}
