//! The settings a person chose, as stored on this device.          [pure]
//!
//! Everything but the key, in `localStorage` under [`STORAGE_KEY`] as
//! versioned JSON. Reading never fails: a field that is missing, of the
//! wrong type or unknown to this version is dropped (that setting keeps its
//! default), and a record from a newer or unknown version is ignored whole.

use crate::api::types::{Aspect, Freshness, Method};
use crate::i18n::Lang;
use serde_json::{json, Map, Value};

pub const STORAGE_KEY: &str = "sinh-anh.settings";
/// Where the API key lives: `sessionStorage` (this tab only) by default,
/// `localStorage` when the person asks to be remembered.
pub const KEY_STORAGE_KEY: &str = "sinh-anh.api-key";
pub const VERSION: u64 = 1;
/// The prompt being written, so a reload loses nothing.
pub const DRAFT_STORAGE_KEY: &str = "sinh-anh.draft";

/// What is remembered. `None`: not stored, the default applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub base_url: Option<String>,
    pub method: Option<Method>,
    pub standard_model: Option<String>,
    pub chat_model: Option<String>,
    pub count: Option<u8>,
    /// `Some(None)`: the model's default ratio was chosen.
    pub aspect: Option<Option<Aspect>>,
    pub freshness: Option<Freshness>,
    pub language: Option<Lang>,
}

impl Settings {
    /// Reads a stored record; anything unusable gives the defaults.
    pub fn parse(text: &str) -> Settings {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(text.as_bytes()) else {
            return Settings::default();
        };
        if fields.get("version").and_then(Value::as_u64) != Some(VERSION) {
            return Settings::default();
        }
        let text = |name: &str| {
            fields
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        Settings {
            base_url: text("baseUrl")
                .filter(|url| crate::api::request::normalize_base_url(url).is_ok())
                .map(str::to_string),
            method: text("method").and_then(Method::from_code),
            standard_model: text("model").map(str::to_string),
            chat_model: text("chatModel").map(str::to_string),
            count: fields
                .get("count")
                .and_then(Value::as_u64)
                .filter(|n| (1..=u64::from(crate::api::request::MAX_IMAGES)).contains(n))
                .and_then(|n| u8::try_from(n).ok()),
            aspect: match fields.get("aspect") {
                Some(Value::Null) => Some(None),
                Some(Value::String(ratio)) => Aspect::from_ratio(ratio).map(Some),
                _ => None,
            },
            freshness: text("freshness").and_then(Freshness::from_code),
            language: text("language").and_then(Lang::from_code),
        }
    }

    /// Only what differs from `defaults`: a value equal to the default is
    /// not a choice to remember, so a later change of the site's defaults
    /// (`config.json`) still reaches the person.
    pub fn without(&self, defaults: &Settings) -> Settings {
        fn keep<T: PartialEq + Clone>(value: &Option<T>, default: &Option<T>) -> Option<T> {
            value.clone().filter(|v| default.as_ref() != Some(v))
        }
        Settings {
            base_url: keep(&self.base_url, &defaults.base_url),
            method: keep(&self.method, &defaults.method),
            standard_model: keep(&self.standard_model, &defaults.standard_model),
            chat_model: keep(&self.chat_model, &defaults.chat_model),
            count: keep(&self.count, &defaults.count),
            aspect: keep(&self.aspect, &defaults.aspect),
            freshness: keep(&self.freshness, &defaults.freshness),
            language: keep(&self.language, &defaults.language),
        }
    }

    /// The record to store.
    pub fn to_json(&self) -> String {
        let mut fields = Map::new();
        fields.insert("version".into(), json!(VERSION));
        let mut put = |name: &str, value: Option<Value>| {
            if let Some(value) = value {
                fields.insert(name.into(), value);
            }
        };
        put("baseUrl", self.base_url.clone().map(Value::from));
        put("method", self.method.map(|m| json!(m.code())));
        put("model", self.standard_model.clone().map(Value::from));
        put("chatModel", self.chat_model.clone().map(Value::from));
        put("count", self.count.map(Value::from));
        put(
            "aspect",
            self.aspect
                .map(|a| a.map_or(Value::Null, |a| json!(a.ratio()))),
        );
        put("freshness", self.freshness.map(|f| json!(f.code())));
        put("language", self.language.map(|l| json!(l.code())));
        Value::Object(fields).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn round_trips() {
        let settings = Settings {
            base_url: Some("https://portal.example/v1".into()),
            method: Some(Method::Chat),
            standard_model: Some("imagen-4".into()),
            chat_model: Some("gemini-2.5-flash-image-preview".into()),
            count: Some(3),
            aspect: Some(Some(Aspect::Wide21x9)),
            freshness: Some(Freshness::RandomSuffix),
            language: Some(Lang::Vi),
        };
        assert_eq!(Settings::parse(&settings.to_json()), settings);
        let default_ratio = Settings {
            aspect: Some(None),
            ..Settings::default()
        };
        assert_eq!(Settings::parse(&default_ratio.to_json()), default_ratio);
        assert_eq!(
            Settings::parse(&Settings::default().to_json()),
            Settings::default()
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn broken_or_old_records_fall_back_field_by_field() {
        for junk in [
            "",
            "{",
            "null",
            "[1]",
            "\"x\"",
            r#"{"version":2,"count":2}"#,
            r#"{"count":2}"#,
        ] {
            assert_eq!(Settings::parse(junk), Settings::default(), "{junk}");
        }
        let partly = Settings::parse(
            r#"{"version":1,"count":9,"method":"edit","aspect":"7:3","baseUrl":"javascript:alert(1)","language":"vi","model":42,"freshness":"no-cache"}"#,
        );
        assert_eq!(
            partly,
            Settings {
                language: Some(Lang::Vi),
                freshness: Some(Freshness::NoCache),
                ..Settings::default()
            }
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn defaults_are_not_remembered_as_choices() {
        let defaults = Settings {
            base_url: Some("https://api.thucchien.ai/v1".into()),
            method: Some(Method::Standard),
            count: Some(1),
            ..Settings::default()
        };
        let now = Settings {
            base_url: Some("https://api.thucchien.ai/v1".into()),
            method: Some(Method::Chat),
            count: Some(1),
            ..Settings::default()
        };
        assert_eq!(
            now.without(&defaults),
            Settings {
                method: Some(Method::Chat),
                ..Settings::default()
            }
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_key_is_never_part_of_the_settings() {
        let json = Settings {
            base_url: Some("https://api.thucchien.ai/v1".into()),
            ..Settings::default()
        }
        .to_json();
        assert!(!json.to_lowercase().contains("key"), "{json}");
    }
}
