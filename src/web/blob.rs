//! Image bytes in the engine: `Uint8Array`s and `Blob`s, decoding and
//! encoding by the browser.                                           [web]
//!
//! An image's bytes stay JavaScript objects. Rust reads only what it must:
//! the first bytes to recognise a format, and the checksum, a piece at a
//! time.

use crate::api::image::ImageFormat;
use crate::api::json::Text;
use crate::web::json::JsText;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The bytes of a `data:` URL's base64 payload, decoded by the engine
/// (`Uint8Array.fromBase64`), or in Rust where the browser lacks it.
pub fn data_url_bytes(url: &JsText) -> Option<Uint8Array> {
    let comma = url.find(",", 0)?;
    let payload = url.slice(comma + 1, url.len()).trim();
    let from_base64 = Reflect::get(
        &Uint8Array::new_with_length(0).constructor(),
        &"fromBase64".into(),
    )
    .ok()
    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(from_base64) = from_base64 {
        // The gateway may send either alphabet; `fromBase64` takes one at a
        // time (it throws on the other: then the next is tried).
        for alphabet in ["base64", "base64url"] {
            let options = js_sys::Object::new();
            let _ = Reflect::set(&options, &"alphabet".into(), &alphabet.into());
            if let Ok(bytes) = from_base64.call2(&JsValue::NULL, payload.as_js(), &options) {
                if let Ok(bytes) = bytes.dyn_into::<Uint8Array>() {
                    return Some(bytes);
                }
            }
        }
    }
    // Browsers without it: the payload copied into wasm and decoded there.
    crate::api::image::decode_base64(payload.to_rust().as_bytes())
        .map(|bytes| Uint8Array::from(bytes.as_slice()))
}

/// The first `n` bytes, copied into Rust (to recognise a format).
pub fn head(bytes: &Uint8Array, n: u32) -> Vec<u8> {
    bytes.subarray(0, n.min(bytes.length())).to_vec()
}

/// The format the bytes say they are, from their first bytes.
pub fn sniff(bytes: &Uint8Array) -> Option<ImageFormat> {
    ImageFormat::sniff(&head(bytes, 16))
}

/// CRC-32 of the bytes, read 64 KB at a time: the image is never whole in
/// wasm memory.
pub fn crc32(bytes: &Uint8Array) -> u32 {
    const CHUNK: u32 = 64 * 1024;
    let mut buffer = vec![0u8; CHUNK as usize];
    let mut crc = 0;
    let mut at = 0;
    while at < bytes.length() {
        let end = (at + CHUNK).min(bytes.length());
        let piece = &mut buffer[..(end - at) as usize];
        bytes.subarray(at, end).copy_to(piece);
        crc = crate::gallery::zip::crc32_continue(crc, piece);
        at = end;
    }
    crc
}

/// A `Blob` of these bytes and type (the engine copies within itself).
pub fn blob_of(bytes: &Uint8Array, mime: &str) -> Option<Blob> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(bytes), &options).ok()
}

/// The bytes as a `Blob` of the image type they really are; `None` when
/// they are no image type known here.
pub fn typed(bytes: &Uint8Array) -> Option<(Blob, ImageFormat)> {
    let format = sniff(bytes)?;
    Some((blob_of(bytes, format.mime())?, format))
}

/// A `Blob` of bytes held in Rust (zip headers, small files).
pub fn blob_of_rust(bytes: &[u8], mime: &str) -> Option<Blob> {
    blob_of(&Uint8Array::from(bytes), mime)
}

/// A `Blob`'s bytes, as a JS array. Err: the browser's words.
pub async fn blob_bytes(blob: &Blob) -> Result<Uint8Array, String> {
    JsFuture::from(blob.array_buffer())
        .await
        .map(|buffer| Uint8Array::new(&buffer))
        .map_err(|e| js_message(&e))
}

/// An exception's `message`, or what it says of itself; empty when it
/// says nothing (the texts then say no more than what failed).
pub fn js_message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_default()
}

/// An exception's `name` (`"NotAllowedError"`…), where it has one.
pub fn js_error_name(error: &JsValue) -> Option<String> {
    Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
}

/// Starts decoding an image with the browser's decoder, off the main
/// thread, scaled to `width` (keeping its shape). Starting several before
/// awaiting any lets the browser decode them side by side.
pub fn start_decode(image: &Blob, width: Option<u32>) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let options = web_sys::ImageBitmapOptions::new();
    if let Some(width) = width {
        options.set_resize_width(width);
        options.set_resize_quality(web_sys::ResizeQuality::Medium);
    }
    window
        .create_image_bitmap_with_blob_and_image_bitmap_options(image, &options)
        .ok()
}

/// The decoded image; `None` when it is not a picture the browser can
/// decode (the first bytes can lie: a PNG signature before a web page).
pub async fn finish_decode(decoding: Option<js_sys::Promise>) -> Option<web_sys::ImageBitmap> {
    JsFuture::from(decoding?).await.ok()?.dyn_into().ok()
}

/// A decoded image encoded as `mime`. `None` when the browser cannot (no
/// `OffscreenCanvas`).
pub async fn encode(bitmap: web_sys::ImageBitmap, mime: &str) -> Option<Blob> {
    let canvas = web_sys::OffscreenCanvas::new(bitmap.width(), bitmap.height()).ok()?;
    let context: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .ok()?;
    bitmap.close();
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(mime);
    options.set_quality(0.82);
    let blob = JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?)
        .await
        .ok()?;
    blob.dyn_into().ok()
}

/// The image as PNG (the clipboard takes nothing else): itself when it is
/// one already.
pub async fn as_png(image: &Blob, format: ImageFormat) -> Option<Blob> {
    if format == ImageFormat::Png {
        return Some(image.clone());
    }
    encode(finish_decode(start_decode(image, None)).await?, "image/png").await
}
