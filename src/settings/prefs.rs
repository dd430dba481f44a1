//! The choices a person makes once and keeps: their values, the rules that
//! read them from storage and `config.json`, and the one `merge` that
//! decides which applies.                                            [pure]
//!
//! The field list is written once, in the `prefs!` invocation below: it
//! makes [`Prefs`] (every value), [`PartialPrefs`] (some of them: what is
//! stored, what `config.json` sets, what the person changed), [`Locks`]
//! (what a site fixes), and their reading, writing and merging.

pub use super::theme::{Theme, ThemeRule};
use crate::api::json::{parse, whole, Json, Out, Text};
use crate::api::request::{normalize_base_url, MAX_IMAGES};
use crate::api::types::{Aspect, Freshness, Method};
use crate::i18n::Lang;

/// What a valid value of a field looks like: `config.json`'s errors say it
/// in the page's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// An `http(s)` address.
    Address,
    /// `"standard"` or `"chat"`.
    MethodCode,
    /// A model name: a non-empty string.
    ModelName,
    /// A whole number from 1 to [`MAX_IMAGES`].
    Count,
    /// One of the aspect ratios, or `null` for the model's default.
    Ratio,
    /// `"cached"`, `"no-cache"` or `"random-suffix"`.
    FreshnessCode,
    /// `"en"` or `"vi"`.
    LanguageCode,
    /// `"auto"`, `"light"` or `"dark"`.
    ThemeCode,
    /// A string.
    Text,
}

/// How one field is read and written as JSON.
pub trait Rule {
    type Value: Clone + PartialEq + std::fmt::Debug;
    const EXPECTED: Expected;
    /// The value, or `None` when `json` is not one.
    fn read<J: Json>(json: &J) -> Option<Self::Value>;
    fn write(value: &Self::Value) -> Out;
}

/// A non-empty string, trimmed (short: a setting is never long).
pub(super) fn text<J: Json>(json: &J) -> Option<String> {
    let text = json.text().filter(|t| t.len() <= 2048)?.to_rust();
    Some(text.trim().to_string()).filter(|s| !s.is_empty())
}

/// A gateway address, as typed (normalised when sent).
pub struct AddressRule;
impl Rule for AddressRule {
    type Value = String;
    const EXPECTED: Expected = Expected::Address;
    fn read<J: Json>(json: &J) -> Option<String> {
        text(json).filter(|url| normalize_base_url(url).is_ok())
    }
    fn write(value: &String) -> Out {
        Out::str(value)
    }
}

pub struct ModelRule;
impl Rule for ModelRule {
    type Value = String;
    const EXPECTED: Expected = Expected::ModelName;
    fn read<J: Json>(json: &J) -> Option<String> {
        text(json)
    }
    fn write(value: &String) -> Out {
        Out::str(value)
    }
}

pub struct MethodRule;
impl Rule for MethodRule {
    type Value = Method;
    const EXPECTED: Expected = Expected::MethodCode;
    fn read<J: Json>(json: &J) -> Option<Method> {
        text(json).as_deref().and_then(Method::from_code)
    }
    fn write(value: &Method) -> Out {
        Out::str(value.code())
    }
}

pub struct CountRule;
impl Rule for CountRule {
    type Value = u8;
    const EXPECTED: Expected = Expected::Count;
    fn read<J: Json>(json: &J) -> Option<u8> {
        whole(json)
            .filter(|n| (1..=u64::from(MAX_IMAGES)).contains(n))
            .and_then(|n| u8::try_from(n).ok())
    }
    fn write(value: &u8) -> Out {
        Out::Int(i64::from(*value))
    }
}

/// `None`: the model's default ratio (written as `null`).
pub struct AspectRule;
impl Rule for AspectRule {
    type Value = Option<Aspect>;
    const EXPECTED: Expected = Expected::Ratio;
    fn read<J: Json>(json: &J) -> Option<Option<Aspect>> {
        if json.is_null() {
            return Some(None);
        }
        Aspect::from_ratio(&text(json)?).map(Some)
    }
    fn write(value: &Option<Aspect>) -> Out {
        value.map_or(Out::Null, |a| Out::str(a.ratio()))
    }
}

pub struct FreshnessRule;
impl Rule for FreshnessRule {
    type Value = Freshness;
    const EXPECTED: Expected = Expected::FreshnessCode;
    fn read<J: Json>(json: &J) -> Option<Freshness> {
        text(json).as_deref().and_then(Freshness::from_code)
    }
    fn write(value: &Freshness) -> Out {
        Out::str(value.code())
    }
}

pub struct LanguageRule;
impl Rule for LanguageRule {
    type Value = Lang;
    const EXPECTED: Expected = Expected::LanguageCode;
    fn read<J: Json>(json: &J) -> Option<Lang> {
        text(json).as_deref().and_then(Lang::from_code)
    }
    fn write(value: &Lang) -> Out {
        Out::str(value.code())
    }
}

/// Which value applies to one field. A site's lock wins over everything;
/// then what the person changed during this visit; then what they chose
/// before (stored); then the site's default (`config.json`); then the
/// app's own.
pub fn pick<T: Clone>(
    default: &T,
    config: Option<&T>,
    stored: Option<&T>,
    touched: Option<&T>,
    locked: bool,
) -> T {
    let chosen = if locked {
        config.or(touched).or(stored)
    } else {
        touched.or(stored).or(config)
    };
    chosen.unwrap_or(default).clone()
}

macro_rules! prefs {
    ($($field:ident: $json:literal => $rule:ty, $doc:literal;)*) => {
        /// Every remembered choice, with the value in force.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Prefs {
            $(#[doc = $doc] pub $field: <$rule as Rule>::Value,)*
        }

        /// Some of the choices: what is stored, what `config.json` sets,
        /// what the person changed. `None`: says nothing of that field.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct PartialPrefs {
            $(#[doc = $doc] pub $field: Option<<$rule as Rule>::Value>,)*
        }

        /// The fields a site fixes (`config.json`'s `lock`).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct Locks {
            $(#[doc = $doc] pub $field: bool,)*
        }

        /// The JSON name of every field, in order.
        pub const FIELD_NAMES: &[&str] = &[$($json),*];

        impl PartialPrefs {
            /// Reads the fields of a JSON object leniently: a field that is
            /// missing or not valid is left out (its default applies).
            pub fn read<J: Json>(fields: &J) -> PartialPrefs {
                PartialPrefs {
                    $($field: fields.get($json).and_then(|v| <$rule>::read(&v)),)*
                }
            }

            /// Reads one field strictly, for `config.json`: `Ok(false)` when
            /// `name` is not a field, Err with what was expected when its
            /// value is not valid.
            pub fn set<J: Json>(&mut self, name: &str, json: &J) -> Result<bool, Expected> {
                $(if name == $json {
                    self.$field = Some(<$rule>::read(json).ok_or(<$rule>::EXPECTED)?);
                    return Ok(true);
                })*
                Ok(false)
            }

            /// The fields it holds, as JSON fields.
            pub fn write(&self, fields: &mut Vec<(String, Out)>) {
                $(if let Some(value) = &self.$field {
                    fields.push(($json.into(), <$rule>::write(value)));
                })*
            }

            /// Only the fields whose value differs from `defaults`: a value
            /// equal to the default is not a choice to remember, so a later
            /// change of a site's defaults still reaches the person.
            pub fn without(&self, defaults: &Prefs) -> PartialPrefs {
                PartialPrefs {
                    $($field: self.$field.clone().filter(|v| *v != defaults.$field),)*
                }
            }
        }

        impl Prefs {
            /// Every field, as set.
            pub fn all(&self) -> PartialPrefs {
                PartialPrefs {
                    $($field: Some(self.$field.clone()),)*
                }
            }

            /// The fields that differ from `other` (what a person changed).
            pub fn changed_from(&self, other: &Prefs) -> PartialPrefs {
                PartialPrefs {
                    $($field: (self.$field != other.$field).then(|| self.$field.clone()),)*
                }
            }
        }

        impl Locks {
            /// Locks the field named `name` in JSON; false when there is none.
            pub fn lock(&mut self, name: &str) -> bool {
                $(if name == $json {
                    self.$field = true;
                    return true;
                })*
                false
            }

            /// The JSON names of the locked fields.
            pub fn names(&self) -> Vec<&'static str> {
                let mut names = Vec::new();
                $(if self.$field {
                    names.push($json);
                })*
                names
            }
        }

        /// The choices in force: for each field, [`pick`] over the app's
        /// default, the site's `config.json`, what is stored, what the
        /// person changed during this visit, and the site's locks.
        pub fn merge(
            defaults: &Prefs,
            config: &PartialPrefs,
            stored: &PartialPrefs,
            touched: &PartialPrefs,
            locks: &Locks,
        ) -> Prefs {
            Prefs {
                $($field: pick(
                    &defaults.$field,
                    config.$field.as_ref(),
                    stored.$field.as_ref(),
                    touched.$field.as_ref(),
                    locks.$field,
                ),)*
            }
        }
    };
}

prefs! {
    base_url: "baseUrl" => AddressRule, "The gateway's address.";
    method: "method" => MethodRule, "Standard (`/images/generations`) or chat.";
    standard_model: "model" => ModelRule, "The standard method's model.";
    chat_model: "chatModel" => ModelRule, "The chat method's model.";
    count: "count" => CountRule, "How many images a press of Generate makes.";
    aspect: "aspect" => AspectRule, "The aspect ratio; `None`: the model's default.";
    freshness: "freshness" => FreshnessRule, "How to avoid a cached answer.";
    language: "language" => LanguageRule, "The page's language.";
    theme: "theme" => ThemeRule, "The page's colours: the system's, light or dark.";
    helper_model: "helperModel" => ModelRule, "The prompt helper's text model.";
}

impl Prefs {
    /// The app's own defaults, in `lang` (the browser's language).
    pub fn defaults(lang: Lang) -> Prefs {
        Prefs {
            base_url: DEFAULT_BASE_URL.into(),
            method: Method::default(),
            standard_model: crate::api::models::default_model(Method::Standard).into(),
            chat_model: crate::api::models::default_model(Method::Chat).into(),
            count: 1,
            aspect: None,
            freshness: Freshness::default(),
            language: lang,
            theme: Theme::Auto,
            helper_model: crate::api::helper::DEFAULT_HELPER_MODEL.into(),
        }
    }

    /// The model field of `method`: each method keeps its own.
    pub fn model(&self, method: Method) -> &str {
        match method {
            Method::Standard => &self.standard_model,
            Method::Chat => &self.chat_model,
        }
    }

    /// The model field of `method`, to change.
    pub fn model_mut(&mut self, method: Method) -> &mut String {
        match method {
            Method::Standard => &mut self.standard_model,
            Method::Chat => &mut self.chat_model,
        }
    }

    /// The prefs as they must be: an aspect ratio the method cannot send is
    /// dropped (as when the person switches method).
    pub fn fitted(mut self) -> Prefs {
        if self
            .aspect
            .is_some_and(|a| !self.method.aspects().contains(&a))
        {
            self.aspect = None;
        }
        self
    }
}

impl Locks {
    /// Whether the model field of `method` is locked.
    pub fn model_for(&self, method: Method) -> bool {
        match method {
            Method::Standard => self.standard_model,
            Method::Chat => self.chat_model,
        }
    }
}

pub const DEFAULT_BASE_URL: &str = "https://api.thucchien.ai/v1";

/// The stored record: `localStorage` under [`STORAGE_KEY`], versioned JSON.
pub const STORAGE_KEY: &str = "sinh-anh.settings";
pub const VERSION: u64 = 1;

/// Reads a stored record; never fails: a field that is missing, of the
/// wrong type or unknown to this version is dropped (that setting keeps its
/// default), and a record from a newer or unknown version is ignored whole.
pub fn read_stored(text: &str) -> PartialPrefs {
    let Some(fields) = parse(text).filter(Json::is_object) else {
        return PartialPrefs::default();
    };
    if fields.get("version").and_then(|v| whole(&v)) != Some(VERSION) {
        return PartialPrefs::default();
    }
    PartialPrefs::read(&fields)
}

/// The record to store: what differs from the defaults in force.
pub fn write_stored(prefs: &PartialPrefs) -> String {
    let mut fields = vec![("version".to_string(), Out::Int(VERSION as i64))];
    prefs.write(&mut fields);
    Out::Object(fields).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Prefs {
        Prefs::defaults(Lang::En)
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_precedence_of_one_field() {
        let (default, config, stored, touched) = (1, Some(&2), Some(&3), Some(&4));
        // Nothing but the app's default.
        assert_eq!(pick(&default, None, None, None, false), 1);
        // The site's default over the app's.
        assert_eq!(pick(&default, config, None, None, false), 2);
        // What the person chose before over the site's default.
        assert_eq!(pick(&default, config, stored, None, false), 3);
        // What the person changed during this visit over all of those.
        assert_eq!(pick(&default, config, stored, touched, false), 4);
        // A lock over everything.
        assert_eq!(pick(&default, config, stored, touched, true), 2);
        // A stored choice with no site default.
        assert_eq!(pick(&default, None, stored, None, false), 3);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn merge_applies_the_rules_field_by_field() {
        let config = PartialPrefs {
            base_url: Some("https://portal.example/v1".into()),
            method: Some(Method::Chat),
            count: Some(2),
            language: Some(Lang::Vi),
            ..Default::default()
        };
        let stored = PartialPrefs {
            method: Some(Method::Standard),
            count: Some(3),
            freshness: Some(Freshness::NoCache),
            ..Default::default()
        };
        let touched = PartialPrefs {
            count: Some(4),
            ..Default::default()
        };
        let locks = Locks {
            language: true,
            ..Default::default()
        };
        let merged = merge(&en(), &config, &stored, &touched, &locks);
        assert_eq!(merged.base_url, "https://portal.example/v1", "site default");
        assert_eq!(merged.method, Method::Standard, "stored over site");
        assert_eq!(merged.count, 4, "touched over stored");
        assert_eq!(merged.freshness, Freshness::NoCache, "stored");
        assert_eq!(merged.language, Lang::Vi, "locked");
        assert_eq!(merged.aspect, None, "app default");
        let locked = Locks {
            method: true,
            count: true,
            ..Default::default()
        };
        let merged = merge(&en(), &config, &stored, &touched, &locked);
        assert_eq!(
            (merged.method, merged.count),
            (Method::Chat, 2),
            "locks win"
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn stored_records_round_trip_and_fall_back_field_by_field() {
        let chosen = PartialPrefs {
            base_url: Some("https://portal.example/v1".into()),
            method: Some(Method::Chat),
            standard_model: Some("imagen-4".into()),
            chat_model: Some("gemini-2.5-flash-image-preview".into()),
            count: Some(3),
            aspect: Some(Some(Aspect::Wide21x9)),
            freshness: Some(Freshness::RandomSuffix),
            language: Some(Lang::Vi),
            theme: Some(Theme::Dark),
            helper_model: Some("gpt-4o-mini".into()),
        };
        assert_eq!(read_stored(&write_stored(&chosen)), chosen);
        assert!(write_stored(&chosen).contains(r#""theme":"dark""#));
        let default_ratio = PartialPrefs {
            aspect: Some(None),
            ..Default::default()
        };
        assert_eq!(read_stored(&write_stored(&default_ratio)), default_ratio);
        for junk in [
            "",
            "{",
            "null",
            "[1]",
            "\"x\"",
            r#"{"version":2,"count":2}"#,
            r#"{"count":2}"#,
        ] {
            assert_eq!(read_stored(junk), PartialPrefs::default(), "{junk}");
        }
        // One good field among broken ones is kept.
        let partly = read_stored(
            r#"{"version":1,"count":9,"method":"edit","aspect":"7:3","baseUrl":"javascript:alert(1)","language":"vi","model":42,"freshness":"no-cache"}"#,
        );
        assert_eq!(
            partly,
            PartialPrefs {
                language: Some(Lang::Vi),
                freshness: Some(Freshness::NoCache),
                ..Default::default()
            }
        );
        // Never the key.
        assert!(!write_stored(&chosen).to_lowercase().contains("key"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn defaults_are_not_remembered_as_choices() {
        let mut now = en();
        now.method = Method::Chat;
        assert_eq!(
            now.all().without(&en()),
            PartialPrefs {
                method: Some(Method::Chat),
                ..Default::default()
            }
        );
        assert_eq!(
            now.changed_from(&en()),
            PartialPrefs {
                method: Some(Method::Chat),
                ..Default::default()
            }
        );
        // A ratio the method cannot send is dropped.
        let mut odd = en();
        odd.aspect = Some(Aspect::Wide21x9);
        assert_eq!(odd.clone().fitted().aspect, None);
        odd.method = Method::Chat;
        assert_eq!(odd.fitted().aspect, Some(Aspect::Wide21x9));
    }
}
