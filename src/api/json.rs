//! A parsed JSON answer, wherever it lives.                          [pure]
//!
//! The answer readers in `response.rs` and `models.rs` are written once,
//! over [`Json`]. In the page the answer is parsed by the engine
//! (`JSON.parse`, `web/json.rs`): the megabytes of base64 stay JavaScript
//! strings from the answer to `<img src>` and never enter wasm memory. On
//! the host (tests, property tests) serde_json's `Value` stands in, with
//! `Arc<str>` for texts; the wasm tests run every captured answer through
//! both and compare.
//!
//! Everything else the app reads as JSON (stored settings, `config.json`,
//! gallery records, exports) goes through [`parse`] too, and what it writes
//! through [`Out`]: no JSON library in the page's bundle at all.

use std::sync::Arc;

/// One JSON value of an answer.
pub trait Json: Sized {
    /// How its strings are held: the engine's own strings in the page.
    type Text: Text;
    /// An object's field; `None` when absent, `undefined`, or not an object.
    fn get(&self, key: &str) -> Option<Self>;
    /// An array's items; `None` when not an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// A string; `None` for anything else.
    fn text(&self) -> Option<Self::Text>;
    fn is_null(&self) -> bool;
    fn is_object(&self) -> bool;
    fn number(&self) -> Option<f64>;
    /// An object's keys, in order.
    fn keys(&self) -> Vec<String>;
    /// The value as compact JSON, at most `limit` characters: for a detail
    /// line when nothing better is known.
    fn brief(&self, limit: usize) -> String;
}

/// A string of an answer. Positions and lengths are in the backend's own
/// units (bytes for Rust, UTF-16 code units for the engine) and are only
/// ever fed back to the same text.
pub trait Text: Clone + PartialEq + std::fmt::Debug {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A copy as a Rust string: only for texts known to be small, or cut
    /// first with [`Text::slice`].
    fn to_rust(&self) -> String;
    fn slice(&self, start: usize, end: usize) -> Self;
    /// Where `needle` first occurs at or after `from`.
    fn find(&self, needle: &str, from: usize) -> Option<usize>;
    /// Where the first character of `set` occurs at or after `from`, or
    /// whitespace when `whitespace` is set.
    fn find_any(&self, set: &str, whitespace: bool, from: usize) -> Option<usize>;
    /// Without whitespace at either end.
    fn trim(&self) -> Self;
    /// Every character is of the base64 alphabets (standard or URL-safe),
    /// whitespace or `=` padding at the end: one pass, in the engine where
    /// the text lives.
    fn is_base64(&self) -> bool;
    /// `"data:" + mime + ";base64," + payload`, without copying the
    /// payload where the backend can (the engine joins strings as ropes).
    fn data_url(mime: &str, payload: &Self) -> Self;
}

/// How [`Text::is_base64`] judges a payload, written once for the Rust
/// backend (the engine uses the equivalent regular expression).
pub fn is_base64_bytes(bytes: &[u8]) -> bool {
    let body = bytes
        .iter()
        .rposition(|&b| b != b'=' && !b.is_ascii_whitespace())
        .map_or(&bytes[..0], |last| &bytes[..=last]);
    const VALID: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric()
                || matches!(c, b'+' | b'/' | b'-' | b'_')
                || c.is_ascii_whitespace();
            b += 1;
        }
        table
    };
    !body.is_empty() && body.iter().all(|&b| VALID[usize::from(b)])
}

/// What [`parse`] gives: the engine's own values in the page, serde_json's
/// on the host.
#[cfg(target_arch = "wasm32")]
pub type Parsed = crate::web::json::JsJson;
#[cfg(not(target_arch = "wasm32"))]
pub type Parsed = HostJson;

/// Parses JSON text: with the engine's `JSON.parse` in the page (no JSON
/// parser of ours in the bundle), with serde_json on the host.
pub fn parse(text: &str) -> Option<Parsed> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::web::json::JsJson::parse(&js_sys::JsString::from(text))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).ok().map(HostJson)
    }
}

/// A whole number that fits in a JS number exactly (ids, counts, sizes).
pub fn whole<J: Json>(json: &J) -> Option<u64> {
    json.number()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_991.0)
        .map(|n| n as u64)
}

/// A field's text as a Rust string.
pub fn field_text<J: Json>(json: &J, key: &str) -> Option<String> {
    json.get(key).and_then(|v| v.text()).map(|t| t.to_rust())
}

/// On the host: serde_json's values (cloned as they are walked: the host
/// reads only tests' and small texts).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug)]
pub struct HostJson(pub serde_json::Value);

#[cfg(not(target_arch = "wasm32"))]
impl Json for HostJson {
    type Text = Arc<str>;

    fn get(&self, key: &str) -> Option<Self> {
        self.0.get(key).cloned().map(HostJson)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.0
            .as_array()
            .map(|items| items.iter().cloned().map(HostJson).collect())
    }

    fn text(&self) -> Option<Arc<str>> {
        self.0.as_str().map(Arc::from)
    }

    fn is_null(&self) -> bool {
        self.0.is_null()
    }

    fn is_object(&self) -> bool {
        self.0.is_object()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn keys(&self) -> Vec<String> {
        self.0
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn brief(&self, limit: usize) -> String {
        self.0.to_string().chars().take(limit).collect()
    }
}

/// A JSON value to write: request bodies, stored records, exports. Numbers
/// are whole (ids, counts, sizes, times in milliseconds): no float
/// formatting in the bundle.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Out>),
    /// Fields in the order they are written.
    Object(Vec<(String, Out)>),
    /// The data URL of the request's attached image number `n`: written as
    /// a marker (`"\0n\0"`) that the page replaces with the engine's own
    /// string, so an image's bytes never pass through Rust
    /// ([`crate::api::request::Prepared::pieces`]).
    Attachment(usize),
}

impl Out {
    /// An object of these fields.
    pub fn object<'a>(fields: impl IntoIterator<Item = (&'a str, Out)>) -> Out {
        Out::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// `Some` as its value, `None` left out: for optional fields.
    pub fn fields<'a>(fields: impl IntoIterator<Item = (&'a str, Option<Out>)>) -> Out {
        Out::Object(
            fields
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_string(), v?)))
                .collect(),
        )
    }

    pub fn str(text: &str) -> Out {
        Out::Str(text.to_string())
    }

    /// A time or duration in milliseconds, to the nearest one.
    pub fn ms(ms: f64) -> Out {
        Out::Int(ms.round() as i64)
    }

    /// Compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Out::Null => out.push_str("null"),
            Out::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Out::Int(n) => out.push_str(&n.to_string()),
            Out::Str(s) => quote(s, out),
            // A raw NUL never appears otherwise: `quote` escapes it.
            Out::Attachment(n) => {
                out.push_str("\"\0");
                out.push_str(&n.to_string());
                out.push_str("\0\"");
            }
            Out::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Out::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal (also a valid Python one).
pub fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Text for Arc<str> {
    fn len(&self) -> usize {
        str::len(self)
    }

    fn to_rust(&self) -> String {
        self.to_string()
    }

    fn slice(&self, start: usize, end: usize) -> Self {
        // Positions come from this text's own `find`s: on char boundaries.
        Arc::from(self.get(start..end.min(str::len(self))).unwrap_or_default())
    }

    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        self.get(from..)?.find(needle).map(|at| at + from)
    }

    fn find_any(&self, set: &str, whitespace: bool, from: usize) -> Option<usize> {
        self.get(from..)?
            .find(|c: char| set.contains(c) || (whitespace && c.is_whitespace()))
            .map(|at| at + from)
    }

    fn trim(&self) -> Self {
        Arc::from(str::trim(self))
    }

    fn is_base64(&self) -> bool {
        is_base64_bytes(self.as_bytes())
    }

    fn data_url(mime: &str, payload: &Self) -> Self {
        // Sized up front: `format!` would grow it by doubling.
        let mut url = String::with_capacity(payload.len() + 32);
        url.push_str("data:");
        url.push_str(mime);
        url.push_str(";base64,");
        url.push_str(payload);
        url.into()
    }
}
