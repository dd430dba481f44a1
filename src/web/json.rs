//! Answers parsed by the engine: [`Json`] over JavaScript values.     [web]
//!
//! `JSON.parse` runs on the body as a JS string, and the readers walk the
//! result with `Reflect`. A string stays a `JsString`: an image's base64 goes
//! from the answer to `<img src>`, the download link and the gallery without
//! a copy into wasm memory. Only small fields (errors, text, names) are
//! copied out, with [`Text::to_rust`].

use crate::api::json::{Json, Text};
use crate::api::response::not_json;
use crate::api::ApiError;
use js_sys::{Array, JsString, Reflect};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};

/// A value of a parsed answer.
#[derive(Clone, Debug)]
pub struct JsJson(pub JsValue);

impl JsJson {
    /// Parses `text` in the engine, without copying it into wasm; `None`
    /// when it is not JSON (the caller then reads it in Rust, only to say
    /// exactly why).
    pub fn parse(text: &JsString) -> Option<JsJson> {
        json_parse(text).ok().map(JsJson)
    }
}

/// Reads an answer's body with `read`, parsed by the engine. A body the
/// engine cannot parse is read in Rust, only to say exactly why (cut off,
/// an HTML page, empty).
pub fn read_answer<T>(
    status: u16,
    body: &JsString,
    read: impl FnOnce(&JsJson) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match JsJson::parse(body) {
        Some(json) => read(&json),
        None => Err(not_json(status, String::from(body).as_bytes())),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse` taking the engine's own string (js-sys takes `&str`,
    /// which would copy the body into wasm and back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

impl Json for JsJson {
    type Text = JsText;

    fn get(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined()).then_some(JsJson(value))
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0)
            .then(|| self.0.unchecked_ref::<Array>().iter().map(JsJson).collect())
    }

    fn text(&self) -> Option<JsText> {
        self.0.dyn_ref::<JsString>().cloned().map(JsText::new)
    }

    fn is_null(&self) -> bool {
        self.0.is_null()
    }

    fn is_object(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn keys(&self) -> Vec<String> {
        if !self.is_object() {
            return Vec::new();
        }
        js_sys::Object::keys(self.0.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    fn brief(&self, limit: usize) -> String {
        json_stringify(&self.0)
            .ok()
            .and_then(|s| s.dyn_into::<JsString>().ok())
            .map(|s| JsText::new(s).slice(0, limit).to_rust())
            .unwrap_or_default()
    }
}

/// A string of a parsed answer, held by the engine. Positions are UTF-16
/// code units, as JavaScript counts them. Wrapped to travel in signals
/// (which must be `Send`): the page has one thread, and the wrapper would
/// refuse any other.
#[derive(Clone, Debug)]
pub struct JsText(SendWrapper<JsString>);

impl JsText {
    pub fn new(text: JsString) -> Self {
        JsText(SendWrapper::new(text))
    }

    /// As a JS value: for `<img src>`, `href` and `postMessage`.
    pub fn as_js(&self) -> &JsValue {
        self.0.as_ref()
    }

    /// What follows the first comma (a `data:` URL's payload), in the
    /// engine: two URLs of the same bytes under other types compare equal.
    pub fn payload(&self) -> js_sys::JsString {
        let comma = self.0.index_of(",", 0);
        self.0
            .slice(u32::try_from(comma + 1).unwrap_or(0), self.0.length())
    }
}

impl PartialEq for JsText {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

thread_local! {
    /// The base64 alphabets (standard and URL-safe), whitespace, and `=`
    /// padding only at the end: what [`crate::api::json::is_base64_bytes`]
    /// accepts, for the engine to check where the text lives.
    static BASE64: js_sys::RegExp = js_sys::RegExp::new(
        &format!("^[A-Za-z0-9+/_\\-{ASCII_SPACE}]*[A-Za-z0-9+/_\\-][={ASCII_SPACE}]*$"),
        "",
    );
}

/// ASCII whitespace as Rust's `is_ascii_whitespace` has it, inside a
/// character class (`\s` would also take Unicode spaces).
const ASCII_SPACE: &str = " \\t\\n\\f\\r";

impl Text for JsText {
    fn len(&self) -> usize {
        self.0.length() as usize
    }

    fn to_rust(&self) -> String {
        String::from(&*self.0)
    }

    fn slice(&self, start: usize, end: usize) -> Self {
        JsText::new(self.0.slice(start as u32, end as u32))
    }

    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let at = self.0.index_of(needle, from as i32);
        usize::try_from(at).ok()
    }

    fn find_any(&self, set: &str, whitespace: bool, from: usize) -> Option<usize> {
        // A character class of the set, escaped; `\s` for whitespace.
        let mut class = String::from("[");
        for c in set.chars() {
            if !c.is_ascii_alphanumeric() {
                class.push('\\');
            }
            class.push(c);
        }
        if whitespace {
            class.push_str(ASCII_SPACE);
        }
        class.push(']');
        let pattern = js_sys::RegExp::new(&class, "g");
        pattern.set_last_index(from as u32);
        if call_regex(&pattern, "exec", &self.0).is_null() {
            return None;
        }
        // The match is one character: it ends where the search resumes.
        Some((pattern.last_index() as usize).saturating_sub(1))
    }

    fn trim(&self) -> Self {
        JsText::new(self.0.trim())
    }

    fn is_base64(&self) -> bool {
        BASE64.with(|pattern| regex_test(pattern, &self.0))
    }

    fn data_url(mime: &str, payload: &Self) -> Self {
        JsText::new(JsString::from(format!("data:{mime};base64,")).concat(&payload.0))
    }
}

/// Calls a method of a `RegExp` on the engine's own string (js-sys's
/// `test` and `exec` take `&str`, a copy through wasm and back).
fn call_regex(pattern: &js_sys::RegExp, method: &str, text: &JsString) -> JsValue {
    Reflect::get(pattern, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(pattern, text).ok())
        .unwrap_or(JsValue::NULL)
}

fn regex_test(pattern: &js_sys::RegExp, text: &JsString) -> bool {
    call_regex(pattern, "test", text).as_bool().unwrap_or(false)
}
