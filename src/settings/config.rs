//! The deploy-time `config.json`.                                    [pure]
//!
//! A static host or portal may put `config.json` beside `index.html` to set
//! defaults and lock fields. The app works without it; a broken one is
//! reported by field and ignored. A real API key is never taken from it:
//! `demoKey` only counts for a gateway on this machine (the project's local
//! mock), where it is no secret.

use super::prefs::{Expected, Locks, PartialPrefs};
use crate::api::json::{parse, whole, Json, Text};

/// Imagen retries for seconds and a 429 can take over 20 s to arrive (see
/// the fixtures); two minutes leaves room for a slow success.
pub const DEFAULT_TIMEOUT_SECS: u32 = 120;
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 5..=600;

/// Fields that may be locked: those a person could change in the page
/// and a site may want fixed.
const LOCKABLE: [&str; 8] = [
    "baseUrl",
    "method",
    "model",
    "chatModel",
    "count",
    "language",
    "theme",
    "helperModel",
];

/// What `config.json` says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeployConfig {
    /// The defaults it sets.
    pub prefs: PartialPrefs,
    /// Fields the site fixes: their `config.json` value always applies and
    /// the person cannot change them (a locked base URL is not even shown).
    pub locks: Locks,
    pub timeout_secs: Option<u32>,
    /// Where to `postMessage` each new image when the page is in a frame.
    pub notify_origin: Option<String>,
    demo_key: Option<String>,
}

/// Why `config.json` was not used: a kind the texts put in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// Not JSON at all.
    NotJson,
    NotAnObject,
    /// A field whose value is not what it must be.
    BadValue {
        field: String,
        expected: Expected,
    },
    /// `timeoutSeconds` out of its range.
    BadTimeout,
    UnknownField(String),
    /// An API key in the file: refused, every visitor could read it.
    KeyInFile(String),
    /// `lock` is not a list of field names.
    LockNotAList,
    /// `lock` names a field that cannot be locked.
    CannotLock(String),
    /// `lock` names a field the file does not set.
    LockWithoutValue(String),
    /// `notifyParentOrigin` is not one origin.
    BadOrigin(String),
}

impl DeployConfig {
    /// Parses `config.json`. The error names the field at fault.
    pub fn parse(text: &str) -> Result<DeployConfig, ConfigProblem> {
        let json = parse(text).ok_or(ConfigProblem::NotJson)?;
        if !json.is_object() {
            return Err(ConfigProblem::NotAnObject);
        }
        let mut config = DeployConfig::default();
        let mut locked = Vec::new();
        for name in json.keys() {
            let Some(value) = json.get(&name) else {
                continue;
            };
            let bad = |expected| ConfigProblem::BadValue {
                field: name.clone(),
                expected,
            };
            let string = || value.text().map(|t| t.to_rust());
            match name.as_str() {
                "timeoutSeconds" => {
                    let seconds = whole(&value)
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| TIMEOUT_RANGE.contains(n))
                        .ok_or(ConfigProblem::BadTimeout)?;
                    config.timeout_secs = Some(seconds);
                }
                "demoKey" => {
                    config.demo_key = Some(string().ok_or(bad(Expected::Text))?);
                }
                "lock" => {
                    let names = value.items().ok_or(ConfigProblem::LockNotAList)?;
                    for name in names {
                        let name = name.text().map(|t| t.to_rust()).unwrap_or_default();
                        if !LOCKABLE.contains(&name.as_str()) || !config.locks.lock(&name) {
                            return Err(ConfigProblem::CannotLock(name));
                        }
                        locked.push(name);
                    }
                }
                "notifyParentOrigin" => {
                    let origin = string().unwrap_or_default();
                    if !is_origin(&origin) {
                        return Err(ConfigProblem::BadOrigin(origin));
                    }
                    config.notify_origin = Some(origin);
                }
                "apiKey" | "api_key" | "key" => return Err(ConfigProblem::KeyInFile(name.clone())),
                other => {
                    if !config.prefs.set(other, &value).map_err(bad)? {
                        return Err(ConfigProblem::UnknownField(other.to_string()));
                    }
                }
            }
        }
        // A lock without a value would lock the default in: say so.
        let mut set = Vec::new();
        config.prefs.write(&mut set);
        if let Some(name) = locked
            .into_iter()
            .find(|name| !set.iter().any(|(field, _)| field == name))
        {
            return Err(ConfigProblem::LockWithoutValue(name));
        }
        Ok(config)
    }

    /// The demo key, only when `base_url` is a gateway on this machine.
    pub fn demo_key_for(&self, base_url: &str) -> Option<&str> {
        self.demo_key
            .as_deref()
            .filter(|_| is_loopback_url(base_url))
    }
}

/// `https://portal.example` or `http://127.0.0.1:8080`: a scheme and a
/// host, no path.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '*', ' '])
}

/// `http://127.0.0.1:8787/v1`, `http://localhost/...`, `http://[::1]/...`.
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.trim().split_once("://").map(|(_, r)| r) else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    host == "localhost"
        || host == "::1"
        || host.split('.').next() == Some("127") && host.split('.').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::Method;
    use crate::i18n::Lang;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parses_and_names_bad_fields() {
        let bad_theme = || DeployConfig::parse(r#"{"theme":"sepia"}"#).unwrap_err();
        let c = DeployConfig::parse(r#"{"baseUrl":"http://127.0.0.1:8787/v1","model":"imagen-4","chatModel":"gemini-x-image","method":"chat","count":2,"language":"vi","theme":"dark","helperModel":"gpt-4o-mini","lock":["theme","helperModel"],"demoKey":"sk-demo"}"#).unwrap();
        assert_eq!(c.prefs.method, Some(Method::Chat));
        assert_eq!(c.prefs.chat_model.as_deref(), Some("gemini-x-image"));
        assert_eq!(c.prefs.standard_model.as_deref(), Some("imagen-4"));
        assert_eq!(c.prefs.count, Some(2));
        assert_eq!(c.prefs.language, Some(Lang::Vi));
        assert_eq!(c.prefs.theme, Some(crate::settings::prefs::Theme::Dark));
        assert!(c.locks.theme);
        assert_eq!(c.prefs.helper_model.as_deref(), Some("gpt-4o-mini"));
        assert!(c.locks.helper_model);
        assert_eq!(
            bad_theme(),
            ConfigProblem::BadValue {
                field: "theme".into(),
                expected: Expected::ThemeCode
            }
        );
        assert_eq!(c.demo_key_for("http://127.0.0.1:8787/v1"), Some("sk-demo"));
        assert_eq!(c.demo_key_for("https://api.thucchien.ai/v1"), None);
        let bad = |text: &str| DeployConfig::parse(text).unwrap_err();
        assert_eq!(
            bad(r#"{"method":"edit"}"#),
            ConfigProblem::BadValue {
                field: "method".into(),
                expected: Expected::MethodCode
            }
        );
        assert_eq!(
            bad(r#"{"count":9}"#),
            ConfigProblem::BadValue {
                field: "count".into(),
                expected: Expected::Count
            }
        );
        assert!(
            matches!(bad(r#"{"baseUrl":5}"#), ConfigProblem::BadValue { field, .. } if field == "baseUrl")
        );
        assert_eq!(
            bad(r#"{"apiKey":"sk-real"}"#),
            ConfigProblem::KeyInFile("apiKey".into())
        );
        assert_eq!(
            bad(r#"{"colour":"red"}"#),
            ConfigProblem::UnknownField("colour".into())
        );
        assert_eq!(bad("[1]"), ConfigProblem::NotAnObject);
        assert_eq!(bad("{"), ConfigProblem::NotJson);
        assert_eq!(
            DeployConfig::parse(r#"{"timeoutSeconds":30}"#)
                .unwrap()
                .timeout_secs,
            Some(30)
        );
        assert_eq!(bad(r#"{"timeoutSeconds":1}"#), ConfigProblem::BadTimeout);
        // The ratio and the cache option: set by a site, never locked.
        let c = DeployConfig::parse(r#"{"aspect":"16:9","freshness":"no-cache"}"#).unwrap();
        assert_eq!(
            c.prefs.aspect,
            Some(crate::api::types::Aspect::from_ratio("16:9"))
        );
        assert!(c.prefs.aspect.flatten().is_some());
        assert_eq!(
            c.prefs.freshness,
            Some(crate::api::types::Freshness::NoCache)
        );
        assert_eq!(
            DeployConfig::parse(r#"{"aspect":null}"#)
                .unwrap()
                .prefs
                .aspect,
            Some(None),
            "null: the model's own ratio"
        );
        assert_eq!(
            bad(r#"{"freshness":"never"}"#),
            ConfigProblem::BadValue {
                field: "freshness".into(),
                expected: Expected::FreshnessCode
            }
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn locks_and_the_parent_origin() {
        let c = DeployConfig::parse(
            r#"{"baseUrl":"https://ai.portal.example/v1","lock":["baseUrl"],"notifyParentOrigin":"https://portal.example"}"#,
        )
        .unwrap();
        assert!(c.locks.base_url && !c.locks.method);
        assert_eq!(c.notify_origin.as_deref(), Some("https://portal.example"));
        let bad = |text: &str| DeployConfig::parse(text).unwrap_err();
        assert_eq!(
            bad(r#"{"lock":["apiKey"]}"#),
            ConfigProblem::CannotLock("apiKey".into())
        );
        assert_eq!(
            bad(r#"{"lock":["aspect"],"aspect":"1:1"}"#),
            ConfigProblem::CannotLock("aspect".into())
        );
        assert_eq!(bad(r#"{"lock":"baseUrl"}"#), ConfigProblem::LockNotAList);
        assert_eq!(
            bad(r#"{"lock":["method"]}"#),
            ConfigProblem::LockWithoutValue("method".into())
        );
        for origin in [
            "*",
            "https://portal.example/page",
            "portal.example",
            "javascript:x",
        ] {
            let text = format!(r#"{{"notifyParentOrigin":"{origin}"}}"#);
            assert_eq!(
                bad(&text),
                ConfigProblem::BadOrigin(origin.into()),
                "{origin}"
            );
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn loopback_urls() {
        assert!(is_loopback_url("http://127.0.0.1:8787/v1"));
        assert!(is_loopback_url("http://localhost/v1"));
        assert!(is_loopback_url("http://[::1]:80/v1"));
        assert!(!is_loopback_url("https://127.0.0.1.evil.example/v1"));
        assert!(!is_loopback_url("https://api.thucchien.ai/v1"));
    }
}
