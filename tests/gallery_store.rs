//! The gallery's IndexedDB layer in real Chromium: a round trip of image
//! bytes and metadata, an older record upgraded, broken records skipped
//! with the rest intact, a large gallery read a batch at a time, and a
//! refused write (quota) leaving nothing.
//! Browser-only: IndexedDB has no host equivalent.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Object, Reflect};
use sinh_anh::gallery::entry::{Entry, Unreadable, SCHEMA_VERSION};
use sinh_anh::gallery::store::{self as store, StoreError};
use sinh_anh::gallery::zip::crc32;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A real 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x64, 0xF8, 0xCF, 0x50,
    0x0F, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5A, 0x34, 0x7D, 0x6B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn entry(id: u64, prompt: &str) -> Entry {
    Entry {
        id,
        created_ms: (id / 1000) as f64,
        prompt: prompt.into(),
        prompt_sent: Some(format!("{prompt} 4711")),
        method: sinh_anh::api::types::Method::Chat,
        model: "gemini-2.5-flash-image-preview".into(),
        aspect: Some(sinh_anh::api::types::Aspect::Landscape16x9),
        count: Some(2),
        reply: Some("Here you are.".into()),
        revised_prompt: Some("a revised prompt".into()),
        duration_ms: 2345.0,
        format: sinh_anh::api::image::ImageFormat::Png,
        file_name: "mot-con-meo-1.png".into(),
        bytes: PNG.len() as u64,
        crc32: crc32(PNG),
        turn: Some((1_764_460_000_000, 3)),
    }
}

/// A fresh database for one test.
async fn fresh(name: &str) -> store::Database {
    let name = format!("test-{name}-{}", js_sys::Math::random());
    store::open_named(&name).await.expect("IndexedDB opens")
}

fn raw(fields: &[(&str, JsValue)]) -> JsValue {
    let record = Object::new();
    for (key, value) in fields {
        Reflect::set(&record, &(*key).into(), value).unwrap();
    }
    record.into()
}

/// Every record, as the gallery reads them: its batches joined.
async fn load_all(
    db: &store::Database,
) -> Result<(Vec<store::Stored>, Vec<Unreadable>), StoreError> {
    let (mut stored, mut skipped) = (Vec::new(), Vec::new());
    store::load(db, |batch, unreadable| {
        stored.extend(batch);
        skipped.extend(unreadable);
    })
    .await?;
    Ok((stored, skipped))
}

#[wasm_bindgen_test]
async fn images_and_what_made_them_round_trip() {
    let db = fresh("round-trip").await;
    let image = sinh_anh::web::blob::blob_of_rust(PNG, "image/png").unwrap();
    let older = entry(1_000_000, "older");
    let newer = entry(2_000_000, "Một con mèo");
    store::put(
        &db,
        &[
            store::record(&older, &image, None),
            store::record(&newer, &image, Some(&image)),
        ],
    )
    .await
    .unwrap();

    let (stored, skipped) = load_all(&db).await.unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].entry, newer, "newest first, every field kept");
    assert_eq!(stored[1].entry, older);
    assert!(stored[0].thumb.is_some() && stored[1].thumb.is_none());
    assert!(!stored[0].needs_upgrade);
    assert_eq!(stored[0].image.type_(), "image/png");
    let bytes = sinh_anh::web::blob::blob_bytes(&stored[0].image)
        .await
        .unwrap()
        .to_vec();
    assert_eq!(bytes, PNG, "binary, byte for byte");

    store::delete(&db, &[older.id]).await.unwrap();
    let (stored, _) = load_all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].entry.id, newer.id);
}

#[wasm_bindgen_test]
async fn an_older_record_is_read_and_upgraded_in_place() {
    let db = fresh("upgrade").await;
    let image = sinh_anh::web::blob::blob_of_rust(PNG, "image/png").unwrap();
    // Schema 1: no size, no checksum.
    let v1 = r#"{"id":5000000,"createdMs":5000,"prompt":"an old one","method":"standard","model":"imagen-4","mime":"image/png","fileName":"an-old-one-1.png"}"#;
    store::put(
        &db,
        &[raw(&[
            ("id", 5_000_000.into()),
            ("v", 1.into()),
            ("meta", v1.into()),
            ("image", image.into()),
        ])],
    )
    .await
    .unwrap();

    let (mut stored, skipped) = load_all(&db).await.unwrap();
    assert!(skipped.is_empty());
    let old = stored.remove(0);
    assert!(old.needs_upgrade);
    assert_eq!(old.entry.prompt, "an old one");

    let upgraded = store::upgrade(&db, old).await.unwrap();
    assert_eq!(upgraded.entry.bytes, PNG.len() as u64);
    assert_eq!(upgraded.entry.crc32, crc32(PNG));

    let (stored, _) = load_all(&db).await.unwrap();
    assert!(
        !stored[0].needs_upgrade,
        "rewritten as schema {SCHEMA_VERSION}"
    );
    assert_eq!(stored[0].entry, upgraded.entry);
}

#[wasm_bindgen_test]
async fn broken_records_are_skipped_and_the_rest_kept() {
    let db = fresh("corrupt").await;
    let image = sinh_anh::web::blob::blob_of_rust(PNG, "image/png").unwrap();
    let good = entry(9_000_000, "good");
    let v = JsValue::from(SCHEMA_VERSION);
    store::put(
        &db,
        &[
            store::record(&good, &image, None),
            raw(&[
                ("id", 1.into()),
                ("v", v.clone()),
                ("meta", "{broken".into()),
                ("image", image.clone().into()),
            ]),
            raw(&[("id", 2.into()), ("v", v.clone())]),
            raw(&[
                ("id", 3.into()),
                ("v", v.clone()),
                ("meta", entry(3, "no image").to_json().into()),
                ("image", "not a blob".into()),
            ]),
            raw(&[
                ("id", 4.into()),
                ("v", 99.into()),
                ("meta", "{}".into()),
                ("image", image.clone().into()),
            ]),
            raw(&[
                ("id", 5.into()),
                ("v", v),
                ("meta", entry(6, "wrong id").to_json().into()),
                ("image", image.into()),
            ]),
            raw(&[
                ("id", 7.into()),
                ("v", "two".into()),
                ("meta", good.to_json().into()),
            ]),
        ],
    )
    .await
    .unwrap();

    let (stored, skipped) = load_all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].entry, good);
    assert_eq!(skipped.len(), 6, "{skipped:?}");
    assert!(skipped.contains(&Unreadable::Newer(99)));
    assert_eq!(
        skipped
            .iter()
            .filter(|s| matches!(s, Unreadable::Corrupt(_)))
            .count(),
        5
    );
}

/// A large gallery is handed over a hundred records at a time, the
/// newest first, so the page can paint between batches; a record that
/// cannot be read is skipped in whichever batch it falls.
#[wasm_bindgen_test]
async fn a_large_gallery_is_read_a_hundred_at_a_time_newest_first() {
    let db = fresh("batches").await;
    let image = sinh_anh::web::blob::blob_of_rust(PNG, "image/png").unwrap();
    let v = JsValue::from(SCHEMA_VERSION);
    let records: Vec<JsValue> = (1..=250u64)
        .map(|n| match n {
            240 => raw(&[
                ("id", 240_000.into()),
                ("v", v.clone()),
                ("meta", "{broken".into()),
                ("image", image.clone().into()),
            ]),
            10 => raw(&[
                ("id", 10_000.into()),
                ("v", 99.into()),
                ("meta", "{}".into()),
                ("image", image.clone().into()),
            ]),
            n => store::record(&entry(n * 1000, &format!("#{n}")), &image, None),
        })
        .collect();
    store::put(&db, &records).await.unwrap();

    let mut batches = Vec::new();
    store::load(&db, |stored, unreadable| {
        let ids: Vec<u64> = stored.iter().map(|s| s.entry.id).collect();
        batches.push((ids, unreadable.len()));
    })
    .await
    .unwrap();
    let sizes: Vec<usize> = batches.iter().map(|(ids, bad)| ids.len() + bad).collect();
    assert_eq!(sizes, [100, 100, 50]);
    let skipped: Vec<usize> = batches.iter().map(|(_, bad)| *bad).collect();
    assert_eq!(skipped, [1, 0, 1], "each in its own batch");
    let ids: Vec<u64> = batches.into_iter().flat_map(|(ids, _)| ids).collect();
    let expected: Vec<u64> = (1..=250u64)
        .rev()
        .filter(|n| *n != 240 && *n != 10)
        .map(|n| n * 1000)
        .collect();
    assert_eq!(ids, expected, "newest first, across batches");
}

#[wasm_bindgen_test]
async fn a_full_quota_is_named_and_writes_nothing() {
    let db = fresh("quota").await;
    let image = sinh_anh::web::blob::blob_of_rust(PNG, "image/png").unwrap();
    let first = entry(1_000_000, "first");
    let second = entry(2_000_000, "second");
    // The browser refuses the second put the way a full disk makes it.
    let patch = Function::new_no_args(
        "const put = IDBObjectStore.prototype.put;
         let calls = 0;
         IDBObjectStore.prototype.put = function (...args) {
           calls += 1;
           if (calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
           return put.apply(this, args);
         };
         return () => { IDBObjectStore.prototype.put = put; };",
    );
    let restore: Function = patch.call0(&JsValue::NULL).unwrap().into();
    let result = store::put(
        &db,
        &[
            store::record(&first, &image, None),
            store::record(&second, &image, None),
        ],
    )
    .await;
    restore.call0(&JsValue::NULL).unwrap();

    assert_eq!(result, Err(StoreError::Full));
    let (stored, _) = load_all(&db).await.unwrap();
    assert!(
        stored.is_empty(),
        "the transaction was aborted: not even the first record is there: {stored:?}"
    );
    // And the store works again afterwards.
    store::put(&db, &[store::record(&first, &image, None)])
        .await
        .unwrap();
    assert_eq!(load_all(&db).await.unwrap().0.len(), 1);
}
