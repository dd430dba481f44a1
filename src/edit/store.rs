//! The references in IndexedDB, so a reload keeps them.               [web]
//!
//! A database of their own (`sinh-anh-edit`), apart from the gallery's:
//! one store, `references`, a record per image `{id, at, name, format,
//! width, height, original, image, unmarked}`, `at` its place in the list,
//! `unmarked` the picture before an area was marked on it. The whole
//! list is written in one transaction each time it changes (a few images).

use super::model::Reference;
use crate::api::image::ImageFormat;
use crate::web::idb::{self, IdbError};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, IdbDatabase};

const DB_NAME: &str = "sinh-anh-edit";
const DB_VERSION: u32 = 1;
const STORE: &str = "references";

pub async fn open() -> Result<IdbDatabase, IdbError> {
    idb::open(DB_NAME, DB_VERSION, &[STORE]).await
}

/// A reference as kept: what it is, what is sent, and the picture before
/// an area was marked on it.
pub struct Kept {
    pub reference: Reference,
    pub image: Blob,
    pub unmarked: Option<Blob>,
}

/// Replaces what is kept with `list`, in order.
pub async fn save(db: &IdbDatabase, list: &[Kept]) -> Result<(), IdbError> {
    let records: Vec<JsValue> = list
        .iter()
        .enumerate()
        .map(|(at, kept)| record(kept, at))
        .collect();
    idb::write(db, STORE, |store| {
        store.clear()?;
        for record in &records {
            store.put(record)?;
        }
        Ok(())
    })
    .await
}

/// What is kept, in order; records that cannot be read are left out.
pub async fn load(db: &IdbDatabase) -> Result<Vec<Kept>, IdbError> {
    let records = idb::get_all(db, STORE).await?;
    // Each in its place (`at`); a few records: no sorting code for it.
    let mut places: Vec<Option<Kept>> = (0..records.length()).map(|_| None).collect();
    for record in records.iter() {
        if let Some((at, kept)) = read(&record) {
            if let Some(place) = places.get_mut(at) {
                *place = Some(kept);
            }
        }
    }
    Ok(places.into_iter().flatten().collect())
}

fn record(kept: &Kept, at: usize) -> JsValue {
    let reference = &kept.reference;
    let record = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&record, &key.into(), &value);
    };
    set("id", JsValue::from_f64(reference.id as f64));
    set("at", JsValue::from_f64(at as f64));
    set("name", reference.name.as_str().into());
    set("format", reference.format.mime().into());
    set("width", reference.width.into());
    set("height", reference.height.into());
    if let Some((w, h, bytes)) = reference.original {
        let original = Array::of3(&w.into(), &h.into(), &JsValue::from_f64(bytes as f64));
        set("original", original.into());
    }
    set("image", kept.image.clone().into());
    if let Some(unmarked) = &kept.unmarked {
        set("unmarked", unmarked.into());
    }
    record.into()
}

fn read(record: &JsValue) -> Option<(usize, Kept)> {
    let get = |key: &str| Reflect::get(record, &key.into()).ok();
    let number = |key: &str| get(key)?.as_f64();
    let image: Blob = get("image")?.dyn_into().ok()?;
    let format = ImageFormat::from_mime(&get("format")?.as_string()?)?;
    let original = get("original")
        .and_then(|o| o.dyn_into::<Array>().ok())
        .and_then(|o| {
            Some((
                o.get(0).as_f64()? as u32,
                o.get(1).as_f64()? as u32,
                o.get(2).as_f64()? as u64,
            ))
        });
    let reference = Reference {
        id: number("id")? as u64,
        name: get("name")?.as_string()?,
        format,
        bytes: image.size() as u64,
        width: number("width")? as u32,
        height: number("height")? as u32,
        original,
    };
    let unmarked = get("unmarked").and_then(|u| u.dyn_into::<Blob>().ok());
    Some((
        number("at")? as usize,
        Kept {
            reference,
            image,
            unmarked,
        },
    ))
}
