//! The API key as it may be sent: cleaned of what a paste drags along,
//! and refused, with the culprit named, when it still cannot travel in an
//! HTTP header.                                                      [pure]
//!
//! A header value is a byte string: a character above U+00FF makes the
//! browser's `Headers.set` throw, and control characters are refused too.
//! Real keys are printable ASCII, so that is what is accepted.

/// Keys shorter than this are never shown in part (the folded settings
/// line, Show code): four characters of a short key would give away too
/// much of it (a LiteLLM key is `sk-` and 22 more).
pub const SHORTEST_SHOWN: usize = 20;

/// Why a key cannot be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Nothing left once cleaned.
    Missing,
    /// `character` at `position` (1-based, counted in the key as typed).
    Unsendable { character: char, position: usize },
}

/// Characters a paste can carry that are never part of a key and that no
/// one can see: zero-width spaces and joiners, direction marks, the
/// byte-order mark, the soft hyphen. Removed wherever they are.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// The key to send: surrounding whitespace of any kind (a non-breaking
/// space too) trimmed, invisible characters removed. Whitespace inside a
/// key is not removed: a key with a space in the middle is two things
/// pasted together, and guessing which part is the key would be unsafe.
pub fn clean_key(raw: &str) -> Result<String, KeyProblem> {
    let mut key = String::with_capacity(raw.len());
    let mut problem = None;
    // Positions are counted in the key as typed, so the message points at
    // what the person sees in the field.
    let first = raw
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace() && !is_invisible(c))
        .map_or(raw.len(), |(i, _)| i);
    let body = raw[first..].trim_end_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let skipped = raw[..first].chars().count();
    for (offset, c) in body.chars().enumerate() {
        if is_invisible(c) {
            continue;
        }
        if !c.is_ascii_graphic() && problem.is_none() {
            problem = Some(KeyProblem::Unsendable {
                character: c,
                position: skipped + offset + 1,
            });
        }
        key.push(c);
    }
    match problem {
        Some(problem) => Err(problem),
        None if key.is_empty() => Err(KeyProblem::Missing),
        None => Ok(key),
    }
}

/// How a character is named in a message: itself in quotes when it can be
/// seen, always with its code point (`“ж” (U+0436)`, `U+000A`).
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    if c.is_control() || c.is_whitespace() {
        code
    } else {
        format!("“{c}” ({code})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsendable(key: &str) -> (char, usize) {
        match clean_key(key) {
            Err(KeyProblem::Unsendable {
                character,
                position,
            }) => (character, position),
            other => panic!("{key:?} gave {other:?}"),
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn pasted_whitespace_and_invisible_characters_are_cleaned() {
        for raw in [
            "sk-abc",
            "  sk-abc\n",
            "\u{200B}sk-abc",
            "sk-\u{200B}abc",
            "\u{00A0}sk-abc\u{00A0}",
            "\u{FEFF}sk-abc\u{3000}",
            "sk-abc\u{200D}\t",
        ] {
            assert_eq!(clean_key(raw).as_deref(), Ok("sk-abc"), "{raw:?}");
        }
        for empty in ["", "   ", "\u{200B}", "\u{00A0}\n"] {
            assert_eq!(clean_key(empty), Err(KeyProblem::Missing), "{empty:?}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn characters_a_header_cannot_hold_are_named_where_they_are() {
        // Cyrillic "о" in place of a Latin "o", at the 5th character.
        assert_eq!(unsendable("sk-tоken"), ('о', 5));
        // An accent written as a combining mark after "e".
        assert_eq!(unsendable("sk-ke\u{0301}y"), ('\u{0301}', 6));
        assert_eq!(unsendable("sk-🔑"), ('🔑', 4));
        assert_eq!(unsendable("sk-a\u{00A0}b"), ('\u{00A0}', 5));
        assert_eq!(unsendable("sk-a\nb"), ('\n', 5));
        assert_eq!(unsendable("sk-a\0b"), ('\0', 5));
        assert_eq!(unsendable("sk-a b"), (' ', 5));
        // Positions count what the person typed, leading blanks too.
        assert_eq!(unsendable("  sk-é"), ('é', 6));
        assert_eq!(describe_char('ж'), "“ж” (U+0436)");
        assert_eq!(describe_char('\n'), "U+000A");
        assert_eq!(describe_char('\u{00A0}'), "U+00A0");
    }
}
