//! The gateway settings folded into one line ("api.thucchien.ai · key
//! ending …Wx7Q"), and when they open by themselves.               [pure]
//!
//! Once a usable address and key are set they fold away (on a phone the
//! prompt and Generate come first); they open when something is missing
//! or the gateway refused what is there.

use crate::api::key::{clean_key, SHORTEST_SHOWN};
use crate::api::request::normalize_base_url;
use crate::api::ErrorKind;

/// How many of a key's last characters the line shows.
const KEY_END: usize = 4;

/// What the folded line says of the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyShown {
    /// No key (or none that can be sent).
    Missing,
    /// The local mock's demo key from `config.json`.
    Demo,
    /// A key too short to show any of.
    Set,
    /// The key's last characters.
    Ending(String),
}

/// The host (and port) of a base URL, for the line: `api.thucchien.ai`.
/// `None` when the address cannot be used.
pub fn host_of(base_url: &str) -> Option<String> {
    let url = normalize_base_url(base_url).ok()?;
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    // Credentials in an address are never shown.
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    (!host.is_empty()).then(|| host.to_string())
}

/// What the line says of `key`.
pub fn key_shown(key: &str, demo: bool) -> KeyShown {
    match clean_key(key) {
        Err(_) => KeyShown::Missing,
        Ok(_) if demo => KeyShown::Demo,
        Ok(key) if key.chars().count() < SHORTEST_SHOWN => KeyShown::Set,
        Ok(key) => {
            let end: Vec<char> = key.chars().rev().take(KEY_END).collect();
            KeyShown::Ending(end.into_iter().rev().collect())
        }
    }
}

/// Whether the settings need the person before anything can be sent: no
/// usable address, or no key that can be sent.
pub fn needs_setup(base_url: &str, key: &str) -> bool {
    normalize_base_url(base_url).is_err() || clean_key(key).is_err()
}

/// Whether a failure is the gateway settings' to fix: the key or the
/// address missing, unusable or refused.
pub fn about_gateway(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::MissingKey
            | ErrorKind::UnsendableKey
            | ErrorKind::InvalidBaseUrl
            | ErrorKind::Unauthorized
            | ErrorKind::WrongEndpoint
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_the_address_without_scheme_path_or_credentials() {
        assert_eq!(
            host_of("https://api.thucchien.ai/v1").as_deref(),
            Some("api.thucchien.ai")
        );
        assert_eq!(
            host_of(" http://127.0.0.1:8787/v1/ ").as_deref(),
            Some("127.0.0.1:8787")
        );
        assert_eq!(
            host_of("https://user:secret@gw.example/v1").as_deref(),
            Some("gw.example")
        );
        assert_eq!(host_of("api.thucchien.ai/v1"), None);
        assert_eq!(host_of(""), None);
    }

    #[test]
    fn a_key_shows_its_last_four_characters_when_long_enough() {
        assert_eq!(
            key_shown("sk-abcdefghijklmnopqrWx7Q", false),
            KeyShown::Ending("Wx7Q".into())
        );
        // Cleaned first: the spaces a paste brings are not the key's end.
        assert_eq!(
            key_shown("  sk-abcdefghijklmnopqrWx7Q \n", false),
            KeyShown::Ending("Wx7Q".into())
        );
        assert_eq!(key_shown("sk-short", false), KeyShown::Set);
        assert_eq!(key_shown("sk-0123456789abcdef", false), KeyShown::Set);
        assert_eq!(key_shown("sk-sinh-anh-demo", true), KeyShown::Demo);
        assert_eq!(key_shown("   ", false), KeyShown::Missing);
        assert_eq!(
            key_shown("sk-abc\u{a0}defghijklmnopqrstu", false),
            KeyShown::Missing
        );
    }

    #[test]
    fn the_settings_need_the_person_without_an_address_or_a_key() {
        assert!(!needs_setup("https://api.thucchien.ai/v1", "sk-abc"));
        assert!(needs_setup("https://api.thucchien.ai/v1", ""));
        assert!(needs_setup("https://api.thucchien.ai/v1", "sk-a\u{a0}b"));
        assert!(needs_setup("ftp://gw.example", "sk-abc"));
        assert!(needs_setup("", "sk-abc"));
    }

    #[test]
    fn refusals_of_the_key_or_address_are_the_gateway_settings_to_fix() {
        assert!(about_gateway(ErrorKind::Unauthorized));
        assert!(about_gateway(ErrorKind::MissingKey));
        assert!(about_gateway(ErrorKind::WrongEndpoint));
        assert!(!about_gateway(ErrorKind::RateLimited));
        assert!(!about_gateway(ErrorKind::Blocked));
    }
}
