//! An image's width and height, read from its first bytes, so that its
//! place on the page is the right size before the browser has decoded it:
//! nothing moves when the pixels come.                                [pure]

use super::image::{decode_start, ImageFormat, ImageSource};
use super::json::Text;

/// The first base64 characters read for a JPEG's size: it says it after
/// its metadata segments, usually within a few kilobytes (one with more,
/// or a large embedded thumbnail first, gets none: it is placed when it
/// loads, as before). PNG, GIF and WebP say it within the first 48.
const JPEG_HEAD_CHARS: usize = 8_192;
/// Sizes beyond this are taken as a misreading, not a picture.
const MAX_SIDE: u32 = 65_535;

impl<T: Text> ImageSource<T> {
    /// The width and height a `data:` image's header says it has; `None`
    /// for a link (its bytes are elsewhere) or a header that does not say.
    pub fn size(&self) -> Option<(u32, u32)> {
        match self {
            Self::Data { size, .. } => *size,
            Self::Remote(_) => None,
        }
    }
}

/// The size of a base64 `payload` of `format`, from `head` (its first
/// bytes, decoded), or for a JPEG from more of it.
pub(super) fn size_of_payload<T: Text>(
    payload: &T,
    format: ImageFormat,
    head: &[u8],
) -> Option<(u32, u32)> {
    if format != ImageFormat::Jpeg {
        return size_of(head);
    }
    size_of(&decode_start(payload, JPEG_HEAD_CHARS)?)
}

/// The size an image's first bytes say: PNG, GIF, WebP (lossy, lossless
/// and extended) and JPEG.
pub fn size_of(bytes: &[u8]) -> Option<(u32, u32)> {
    let le16 = |at: usize| {
        Some(u32::from(u16::from_le_bytes([
            *bytes.get(at)?,
            *bytes.get(at + 1)?,
        ])))
    };
    let le24 = |at: usize| Some(le16(at)? | u32::from(*bytes.get(at + 2)?) << 16);
    let be32 = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let size = match bytes {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, _, _, _, _, b'I', b'H', b'D', b'R', ..] => {
            (be32(16)?, be32(20)?)
        }
        [b'G', b'I', b'F', b'8', ..] => (le16(6)?, le16(8)?),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', b'V', b'P', b'8', kind, ..] => {
            match kind {
                b' ' => (le16(26)? & 0x3FFF, le16(28)? & 0x3FFF),
                b'L' => {
                    let bits = le16(21)? | le16(23)? << 16;
                    ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
                }
                b'X' => (le24(24)? + 1, le24(27)? + 1),
                _ => return None,
            }
        }
        [0xFF, 0xD8, ..] => jpeg_size(bytes)?,
        _ => return None,
    };
    let sane = |side: u32| (1..=MAX_SIDE).contains(&side);
    (sane(size.0) && sane(size.1)).then_some(size)
}

/// Walks a JPEG's segments to its frame header (SOF0–SOF15 but for DHT,
/// JPG and DAC), which holds the height and then the width.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        // Markers may be padded with 0xFF.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]);
            return Some((u32::from(width), u32::from(height)));
        }
        if length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::{parse, Json};
    use std::sync::Arc;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    fn data(b64: &str) -> ImageSource<Arc<str>> {
        ImageSource::from_base64(&Arc::from(b64)).expect("an image")
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn a_captured_answer_says_its_images_size() {
        // Imagen 4 at 16:9, as the real gateway answered: 112 by 64.
        let captured = parse(include_str!(
            "../../tests/fixtures/litellm-1.78.5/img_imagen4_aspect.response.json"
        ))
        .expect("the fixture is JSON");
        let b64 = captured
            .get("data")
            .and_then(|d| d.items())
            .and_then(|items| items.first().and_then(|i| i.get("b64_json")))
            .and_then(|b| b.text())
            .expect("a b64_json")
            .to_rust();
        assert_eq!(data(&b64).size(), Some((112, 64)));
        // Spread over lines, as some encoders write it.
        let wrapped: String = b64
            .chars()
            .enumerate()
            .flat_map(|(i, c)| (i % 76 == 75).then_some('\n').into_iter().chain([c]))
            .collect();
        assert_eq!(data(&wrapped).size(), Some((112, 64)));
        // A JPEG whose frame header comes after 256 bytes of metadata:
        // read from further into the payload.
        let jpeg = format!(
            "/9j/4AEA{}D/wAARCABAAHADAAAAAAAAAAAAAAAAAAAAAA==",
            "A".repeat(338)
        );
        assert_eq!(data(&jpeg).size(), Some((112, 64)));
        // A data URL, as chat answers carry them.
        let url = format!("data:image/png;base64,{b64}");
        let chat = ImageSource::from_url(&Arc::from(url.as_str())).expect("an image");
        assert_eq!(chat.size(), Some((112, 64)));
        // A link says nothing until it is fetched.
        let link = ImageSource::from_url(&Arc::from("https://example.com/a.png")).unwrap();
        assert_eq!(link.size(), None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn each_format_says_its_size_where_it_keeps_it() {
        let mut gif = b"GIF89a".to_vec();
        gif.extend([0x70, 0x00, 0x40, 0x00]);
        assert_eq!(size_of(&gif), Some((112, 64)));

        let webp = |kind: &[u8; 4], body: &[u8]| {
            let mut b = b"RIFF\0\0\0\0WEBP".to_vec();
            b.extend(kind);
            b.extend([0; 4]);
            b.extend(body);
            b
        };
        // Lossy: a frame tag, the start code, then 14-bit sides.
        let lossy = webp(
            b"VP8 ",
            &[0, 0, 0, 0x9D, 0x01, 0x2A, 0x70, 0x00, 0x40, 0x00],
        );
        assert_eq!(size_of(&lossy), Some((112, 64)));
        // Lossless: 0x2F, then width - 1 and height - 1 in 14 bits each.
        let bits: u32 = 111 | 63 << 14;
        let mut body = vec![0x2F];
        body.extend(bits.to_le_bytes());
        assert_eq!(size_of(&webp(b"VP8L", &body)), Some((112, 64)));
        // Extended: the canvas, each side - 1 in 24 bits.
        let extended = webp(b"VP8X", &[0, 0, 0, 0, 111, 0, 0, 63, 0, 0]);
        assert_eq!(size_of(&extended), Some((112, 64)));

        // A JPEG: its metadata first, padding, then the frame header.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend([0; 14]);
        jpeg.extend([0xFF, 0xDB, 0x00, 0x04, 0, 0]);
        jpeg.extend([0xFF, 0xFF, 0xC2, 0x00, 0x11, 8, 0x00, 0x40, 0x00, 0x70]);
        assert_eq!(size_of(&jpeg), Some((112, 64)));
        // A Huffman table (0xC4) is not a frame.
        let mut tables = vec![0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x04, 0, 0];
        tables.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0x00, 0x40, 0x00, 0x70]);
        assert_eq!(size_of(&tables), Some((112, 64)));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn a_header_that_does_not_say_gives_no_size() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x70\0\0\0\x40";
        assert_eq!(size_of(png), Some((112, 64)));
        // Cut short, of no size, absurd, another chunk first, not an image.
        assert_eq!(size_of(&png[..22]), None);
        assert_eq!(
            size_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\0\0\0\0\x40"),
            None
        );
        assert_eq!(
            size_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\x7f\0\0\0\0\0\0\x40"),
            None
        );
        assert_eq!(
            size_of(b"\x89PNG\r\n\x1a\n\0\0\0\rtEXt\0\0\0\x70\0\0\0\x40"),
            None
        );
        assert_eq!(size_of(b"<html>"), None);
        // A JPEG whose segments run past what was read, or never end.
        assert_eq!(size_of(&[0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 0, 0]), None);
        assert_eq!(size_of(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00]), None);
        assert_eq!(size_of(&[0xFF, 0xD8, 0xFF, 0xFF, 0xFF]), None);
    }
}
