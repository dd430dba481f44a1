//! Settings defaults and the deploy-time `config.json`.              [pure]
//!
//! A static host or portal may put `config.json` beside `index.html` to set
//! defaults. The app works without it; a broken one is reported by field and
//! ignored. A real API key is never taken from it: `demoKey` only counts for a
//! gateway on this machine (the project's local mock), where it is no secret.

use crate::api::types::Method;
use crate::i18n::Lang;
use serde_json::Value;

pub const DEFAULT_BASE_URL: &str = "https://api.thucchien.ai/v1";
pub const DEFAULT_COUNT: u8 = 1;
/// Imagen retries for seconds and a 429 can take over 20 s to arrive (see
/// the fixtures); two minutes leaves room for a slow success.
pub const DEFAULT_TIMEOUT_SECS: u32 = 120;
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 5..=600;

/// The values `config.json` may set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeployConfig {
    pub base_url: Option<String>,
    pub method: Option<Method>,
    /// The standard method's model.
    pub model: Option<String>,
    pub chat_model: Option<String>,
    pub count: Option<u8>,
    pub language: Option<Lang>,
    pub timeout_secs: Option<u32>,
    /// Fields the site fixes: their `config.json` value always applies and
    /// the person cannot change them (a locked base URL is not even shown).
    pub locks: Locks,
    /// Where to `postMessage` each new image when the page is in a frame.
    pub notify_origin: Option<String>,
    demo_key: Option<String>,
}

/// Which fields `config.json` locks (`"lock": ["baseUrl", ...]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locks {
    pub base_url: bool,
    pub method: bool,
    pub model: bool,
    pub chat_model: bool,
    pub count: bool,
    pub language: bool,
}

impl Locks {
    /// Whether the model field of `method` is locked.
    pub fn model_for(&self, method: Method) -> bool {
        match method {
            Method::Standard => self.model,
            Method::Chat => self.chat_model,
        }
    }
}

impl DeployConfig {
    /// Parses `config.json`. The error names the field at fault.
    pub fn parse(text: &str) -> Result<DeployConfig, String> {
        let json: Value =
            serde_json::from_slice(text.as_bytes()).map_err(|e| format!("not valid JSON ({e})"))?;
        let Value::Object(fields) = json else {
            return Err("the file must hold a JSON object { … }".into());
        };
        let mut config = DeployConfig::default();
        for (name, value) in &fields {
            let text = || {
                value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("“{name}” must be a string"))
            };
            match name.as_str() {
                "baseUrl" => {
                    let url = text()?;
                    crate::api::request::normalize_base_url(&url)
                        .map_err(|_| format!("“baseUrl” is not an http(s) address: {url}"))?;
                    config.base_url = Some(url);
                }
                "method" => {
                    let code = text()?;
                    config.method = Some(Method::from_code(&code).ok_or_else(|| {
                        format!("“method” must be \"standard\" or \"chat\", not \"{code}\"")
                    })?);
                }
                "model" => config.model = Some(text()?).filter(|m| !m.trim().is_empty()),
                "chatModel" => {
                    config.chat_model = Some(text()?).filter(|m| !m.trim().is_empty())
                }
                "count" => {
                    let n = value
                        .as_u64()
                        .filter(|n| (1..=u64::from(crate::api::request::MAX_IMAGES)).contains(n))
                        .ok_or_else(|| format!("“count” must be a whole number from 1 to {}", crate::api::request::MAX_IMAGES))?;
                    config.count = u8::try_from(n).ok();
                }
                "language" => {
                    let code = text()?;
                    config.language = Some(
                        Lang::from_code(&code)
                            .ok_or_else(|| format!("“language” must be \"en\" or \"vi\", not \"{code}\""))?,
                    );
                }
                "timeoutSeconds" => {
                    let seconds = value
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| TIMEOUT_RANGE.contains(n))
                        .ok_or_else(|| {
                            format!(
                                "“timeoutSeconds” must be a whole number from {} to {}",
                                TIMEOUT_RANGE.start(),
                                TIMEOUT_RANGE.end()
                            )
                        })?;
                    config.timeout_secs = Some(seconds);
                }
                "demoKey" => config.demo_key = Some(text()?),
                "lock" => {
                    let names = value
                        .as_array()
                        .ok_or("“lock” must be a list of field names, e.g. [\"baseUrl\"]")?;
                    for name in names {
                        let flag = match name.as_str() {
                            Some("baseUrl") => &mut config.locks.base_url,
                            Some("method") => &mut config.locks.method,
                            Some("model") => &mut config.locks.model,
                            Some("chatModel") => &mut config.locks.chat_model,
                            Some("count") => &mut config.locks.count,
                            Some("language") => &mut config.locks.language,
                            _ => {
                                return Err(format!(
                                    "“lock” cannot lock {name}: it takes baseUrl, method, model, chatModel, count, language"
                                ))
                            }
                        };
                        *flag = true;
                    }
                }
                "notifyParentOrigin" => {
                    let origin = text()?;
                    if !is_origin(&origin) {
                        return Err(format!(
                            "“notifyParentOrigin” must be one origin such as \"https://portal.example\", not \"{origin}\" (\"*\" would hand every image to any page that frames this one)"
                        ));
                    }
                    config.notify_origin = Some(origin);
                }
                "apiKey" | "api_key" | "key" => {
                    return Err(format!(
                        "“{name}” is not accepted: an API key in config.json would be visible to every visitor"
                    ))
                }
                other => return Err(format!("unknown field “{other}”")),
            }
        }
        // A lock without a value would lock the default in: say so.
        let unset = [
            (config.locks.base_url, config.base_url.is_none(), "baseUrl"),
            (config.locks.method, config.method.is_none(), "method"),
            (config.locks.model, config.model.is_none(), "model"),
            (
                config.locks.chat_model,
                config.chat_model.is_none(),
                "chatModel",
            ),
            (config.locks.count, config.count.is_none(), "count"),
            (config.locks.language, config.language.is_none(), "language"),
        ];
        if let Some((_, _, name)) = unset
            .iter()
            .find(|(locked, missing, _)| *locked && *missing)
        {
            return Err(format!(
                "“lock” names “{name}”, which the file does not set"
            ));
        }
        Ok(config)
    }

    /// The default model `config.json` sets for `method`.
    pub fn model_for(&self, method: Method) -> Option<&str> {
        match method {
            Method::Standard => self.model.as_deref(),
            Method::Chat => self.chat_model.as_deref(),
        }
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

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn parses_and_names_bad_fields() {
        let c = DeployConfig::parse(r#"{"baseUrl":"http://127.0.0.1:8787/v1","model":"imagen-4","chatModel":"gemini-x-image","method":"chat","count":2,"language":"vi","demoKey":"sk-demo"}"#).unwrap();
        assert_eq!(c.method, Some(Method::Chat));
        assert_eq!(c.model_for(Method::Chat), Some("gemini-x-image"));
        assert_eq!(c.model_for(Method::Standard), Some("imagen-4"));
        assert!(DeployConfig::parse(r#"{"method":"edit"}"#)
            .unwrap_err()
            .contains("method"));
        assert_eq!(c.count, Some(2));
        assert_eq!(c.language, Some(Lang::Vi));
        assert_eq!(c.demo_key_for("http://127.0.0.1:8787/v1"), Some("sk-demo"));
        assert_eq!(c.demo_key_for("https://api.thucchien.ai/v1"), None);
        assert!(DeployConfig::parse(r#"{"count":9}"#)
            .unwrap_err()
            .contains("count"));
        assert!(DeployConfig::parse(r#"{"baseUrl":5}"#)
            .unwrap_err()
            .contains("baseUrl"));
        assert!(DeployConfig::parse(r#"{"apiKey":"sk-real"}"#)
            .unwrap_err()
            .contains("apiKey"));
        assert!(DeployConfig::parse(r#"{"colour":"red"}"#)
            .unwrap_err()
            .contains("colour"));
        assert!(DeployConfig::parse("[1]").is_err());
        assert!(DeployConfig::parse("{").is_err());
        assert_eq!(
            DeployConfig::parse(r#"{"timeoutSeconds":30}"#)
                .unwrap()
                .timeout_secs,
            Some(30)
        );
        assert!(DeployConfig::parse(r#"{"timeoutSeconds":1}"#)
            .unwrap_err()
            .contains("timeoutSeconds"));
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
        assert!(DeployConfig::parse(r#"{"lock":["apiKey"]}"#)
            .unwrap_err()
            .contains("lock"));
        assert!(DeployConfig::parse(r#"{"lock":["method"]}"#)
            .unwrap_err()
            .contains("does not set"));
        for bad in [
            "*",
            "https://portal.example/page",
            "portal.example",
            "javascript:x",
        ] {
            let text = format!(r#"{{"notifyParentOrigin":"{bad}"}}"#);
            assert!(
                DeployConfig::parse(&text)
                    .unwrap_err()
                    .contains("notifyParentOrigin"),
                "{bad}"
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
