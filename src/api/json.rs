//! A parsed JSON answer, wherever it lives.                          [pure]
//!
//! The answer readers in `response.rs` and `models.rs` are written once,
//! over [`Json`]. In the page the answer is parsed by the engine
//! (`JSON.parse`, `web/json.rs`): the megabytes of base64 stay JavaScript
//! strings from the answer to `<img src>` and never enter wasm memory. On
//! the host (tests, property tests) serde_json's `Value` stands in, with
//! `Arc<str>` for texts; the wasm tests run every captured answer through
//! both and compare.

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

impl Json for &serde_json::Value {
    type Text = Arc<str>;

    fn get(&self, key: &str) -> Option<Self> {
        serde_json::Value::get(self, key)
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().map(|items| items.iter().collect())
    }

    fn text(&self) -> Option<Arc<str>> {
        self.as_str().map(Arc::from)
    }

    fn is_null(&self) -> bool {
        serde_json::Value::is_null(self)
    }

    fn is_object(&self) -> bool {
        serde_json::Value::is_object(self)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn brief(&self, limit: usize) -> String {
        self.to_string().chars().take(limit).collect()
    }
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
