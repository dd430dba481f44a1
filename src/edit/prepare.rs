//! A file becomes a reference: its type read from its bytes, decoded by
//! the browser, scaled and re-encoded when it must be.               [web]
//!
//! The bytes stay the engine's (`Blob`, `Uint8Array`); Rust reads only the
//! first bytes, to know the type, and a 64×64 copy, to see transparency.

use super::model::{self, EditErrorKind, Encoding, Reference};
use crate::api::image::ImageFormat;
use crate::web::blob;
use crate::web::json::JsText;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ImageBitmap, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

/// A reference ready to send: what it is, and its bytes as a `Blob` of
/// the type they really are.
pub struct Ready {
    pub reference: Reference,
    pub image: Blob,
}

/// Prepares `file` as reference `id`, beside those `held` (for the size
/// guard).
pub async fn prepare(
    file: &Blob,
    name: &str,
    id: u64,
    held: &[Reference],
) -> Result<Ready, EditErrorKind> {
    if file.size() > model::MAX_FILE_BYTES {
        return Err(EditErrorKind::TooLarge);
    }
    let bytes = blob::blob_bytes(file)
        .await
        .map_err(|_| EditErrorKind::Unreadable)?;
    let format = blob::sniff(&bytes).ok_or(EditErrorKind::NotAnImage)?;
    // The type is the bytes', whatever the file's name or label says.
    let own = blob::blob_of(&bytes, format.mime()).ok_or(EditErrorKind::Unreadable)?;
    let bitmap = blob::finish_decode(blob::start_decode(&own, None))
        .await
        .ok_or(EditErrorKind::Undecodable)?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let size = u64::from(bytes.length());
    let mut encoding = model::encoding(format, width, height, size, false);
    if encoding != Encoding::Keep && format != ImageFormat::Jpeg && has_alpha(&bitmap) {
        encoding = model::encoding(format, width, height, size, true);
    }
    let (image, format, (w, h)) = match encoding {
        Encoding::Keep => {
            bitmap.close();
            (own, format, (width, height))
        }
        Encoding::Redraw(mut to) => {
            let fitted = model::fit(width, height);
            let mut image = redraw(&bitmap, fitted, to).await;
            if to == ImageFormat::Png
                && image
                    .as_ref()
                    .is_some_and(|b| b.size() > model::PNG_BYTES as f64)
            {
                to = ImageFormat::Webp;
                image = redraw(&bitmap, fitted, to).await;
            }
            bitmap.close();
            (image.ok_or(EditErrorKind::Unreadable)?, to, fitted)
        }
    };
    let bytes = image.size() as u64;
    if !model::fits_request(held, bytes, format) {
        return Err(EditErrorKind::TooLarge);
    }
    let original = (encoding != Encoding::Keep).then_some((width, height, size));
    Ok(Ready {
        reference: Reference {
            id,
            name: name.to_string(),
            format,
            bytes,
            width: w,
            height: h,
            original,
        },
        image,
    })
}

/// The picture drawn at `size` and encoded as `format`.
async fn redraw(bitmap: &ImageBitmap, (w, h): (u32, u32), format: ImageFormat) -> Option<Blob> {
    let canvas = OffscreenCanvas::new(w, h).ok()?;
    let context = context(&canvas)?;
    // Smooth downscaling (web-sys has no binding for it).
    let _ = js_sys::Reflect::set(&context, &"imageSmoothingQuality".into(), &"high".into());
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .ok()?;
    let options = web_sys::ImageEncodeOptions::new();
    options.set_type(format.mime());
    options.set_quality(model::QUALITY);
    let encoded = JsFuture::from(canvas.convert_to_blob_with_options(&options).ok()?)
        .await
        .ok()?;
    let encoded: Blob = encoded.dyn_into().ok()?;
    // A browser that cannot write the type answers PNG: said as it is.
    (encoded.type_() == format.mime()).then_some(encoded)
}

fn context(canvas: &OffscreenCanvas) -> Option<OffscreenCanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Whether any of the picture is see-through, from a 64×64 copy (16 KB
/// read, whatever the picture's size).
fn has_alpha(bitmap: &ImageBitmap) -> bool {
    const SIDE: u32 = 64;
    let probe = || -> Option<bool> {
        let canvas = OffscreenCanvas::new(SIDE, SIDE).ok()?;
        let context = context(&canvas)?;
        context
            .draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, 64.0, 64.0)
            .ok()?;
        let pixels = context.get_image_data(0.0, 0.0, 64.0, 64.0).ok()?.data();
        Some(pixels.iter().skip(3).step_by(4).any(|&a| a < 255))
    };
    // Not knowing: keep transparency, as PNG does.
    probe().unwrap_or(true)
}

/// The image as a `data:` URL, written by the engine.
pub async fn data_url(image: &Blob) -> Option<JsText> {
    let reader = web_sys::FileReader::new().ok()?;
    reader.read_as_data_url(image).ok()?;
    crate::web::idb::settled(&reader, "load", &["error", "abort"])
        .await
        .ok()?;
    let url = reader.result().ok()?.dyn_into::<js_sys::JsString>().ok()?;
    Some(JsText::new(url))
}
