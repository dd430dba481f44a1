//! The conversation being refined, in IndexedDB, so a reload keeps its
//! turns.                                                             [web]
//!
//! A database of its own (`sinh-anh-turns`): one store, `turns`, a record
//! per turn `{id: its number, parent, prompt, reply, references, format,
//! image}` and record `0` for where the conversation stands
//! `{id: 0, conversation, at, refining}`. A turn is written once, when it
//! comes; record 0 each time the conversation moves; all cleared on Start
//! over.

use super::conversation::Turn;
use crate::api::image::ImageFormat;
use crate::web::idb::{self, IdbError};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, IdbDatabase};

const DB_NAME: &str = "sinh-anh-turns";
const DB_VERSION: u32 = 1;
const STORE: &str = "turns";
/// The id of the record that says where the conversation stands (turns
/// are numbered from 1).
const STANDING: f64 = 0.0;

pub async fn open() -> Result<IdbDatabase, IdbError> {
    idb::open(DB_NAME, DB_VERSION, &[STORE]).await
}

/// A turn as kept: what was asked and said, and the image it came with.
pub struct KeptTurn {
    pub turn: Turn,
    pub format: ImageFormat,
    pub image: Blob,
}

/// Where the conversation stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    pub conversation: u64,
    /// The turn the next prompt refines.
    pub at: Option<u32>,
    pub refining: bool,
}

/// Writes a turn that came, with where the conversation now stands.
pub async fn put_turn(
    db: &IdbDatabase,
    kept: &KeptTurn,
    standing: Standing,
) -> Result<(), IdbError> {
    let (turn, standing) = (turn_record(kept), standing_record(standing));
    idb::write(db, STORE, |store| {
        store.put(&turn)?;
        store.put(&standing)?;
        Ok(())
    })
    .await
}

/// Writes where the conversation stands; `fresh`: its turns are let go.
pub async fn put_standing(
    db: &IdbDatabase,
    standing: Standing,
    fresh: bool,
) -> Result<(), IdbError> {
    let record = standing_record(standing);
    idb::write(db, STORE, |store| {
        if fresh {
            store.clear()?;
        }
        store.put(&record)?;
        Ok(())
    })
    .await
}

/// Where the conversation stood, and its turns in order; records that
/// cannot be read are left out.
pub async fn load(db: &IdbDatabase) -> Result<(Option<Standing>, Vec<KeptTurn>), IdbError> {
    let records = idb::get_all(db, STORE).await?;
    let mut standing = None;
    let mut turns = Vec::new();
    for record in records.iter() {
        if number(&record, "id") == Some(STANDING) {
            standing = read_standing(&record);
        } else if let Some(kept) = read_turn(&record) {
            turns.push(kept);
        }
    }
    // Keys come back in order: turns by number.
    Ok((standing, turns))
}

fn get(record: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(record, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn number(record: &JsValue, key: &str) -> Option<f64> {
    get(record, key)?.as_f64()
}

fn text(record: &JsValue, key: &str) -> Option<String> {
    get(record, key)?.as_string()
}

fn standing_record(standing: Standing) -> JsValue {
    let record = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&record, &key.into(), &value);
    };
    set("id", STANDING.into());
    set("conversation", (standing.conversation as f64).into());
    if let Some(at) = standing.at {
        set("at", at.into());
    }
    set("refining", standing.refining.into());
    record.into()
}

fn read_standing(record: &JsValue) -> Option<Standing> {
    Some(Standing {
        conversation: number(record, "conversation")? as u64,
        at: number(record, "at").map(|at| at as u32),
        refining: get(record, "refining")?.as_bool()?,
    })
}

fn turn_record(kept: &KeptTurn) -> JsValue {
    let turn = &kept.turn;
    let record = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&record, &key.into(), &value);
    };
    set("id", turn.number.into());
    if let Some(parent) = turn.parent {
        set("parent", parent.into());
    }
    set("prompt", turn.prompt.as_str().into());
    if let Some(reply) = &turn.reply {
        set("reply", reply.as_str().into());
    }
    set("references", (turn.references as f64).into());
    set("format", kept.format.mime().into());
    set("image", kept.image.clone().into());
    record.into()
}

/// A turn's number as stored, if it is one: a whole number from 1 to
/// [`MOST_TURNS`] (a damaged record's could be anything, and the next
/// turn's number is one more than the largest).
fn turn_number(n: f64) -> Option<u32> {
    (n.fract() == 0.0 && (1.0..=f64::from(MOST_TURNS)).contains(&n)).then_some(n as u32)
}

/// More turns than anyone makes in one conversation.
const MOST_TURNS: u32 = 1_000_000;

fn read_turn(record: &JsValue) -> Option<KeptTurn> {
    let number = |key: &str| number(record, key);
    Some(KeptTurn {
        turn: Turn {
            number: turn_number(number("id")?)?,
            parent: number("parent").and_then(turn_number),
            prompt: text(record, "prompt")?,
            reply: text(record, "reply"),
            references: number("references")? as usize,
        },
        format: ImageFormat::from_mime(&text(record, "format")?)?,
        image: get(record, "image")?.dyn_into().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_damaged_number_is_no_turn() {
        assert_eq!(turn_number(1.0), Some(1));
        assert_eq!(turn_number(f64::from(MOST_TURNS)), Some(MOST_TURNS));
        for damaged in [
            0.0,
            -1.0,
            1.5,
            f64::NAN,
            f64::INFINITY,
            4_294_967_295.0,
            1e300,
        ] {
            assert_eq!(turn_number(damaged), None, "{damaged}");
        }
    }
}
