//! Every user-facing text, in English and Vietnamese.                [pure]
//!
//! One [`Texts`] per language (`en.rs`, `vi.rs`): a text missing in either
//! is a compile error. Texts with parameters are typed functions, so each
//! language words its own plurals ("1 image", "3 images"; Vietnamese has
//! none: "3 ảnh") and numbers ("4.2 s", "4,2 giây"; "2,500", "2.500").
//! Errors and notices are values with a kind; the texts put them in words.

mod en;
mod vi;

use crate::api::image::Refusal;
use crate::api::ErrorKind;
use crate::edit::model::EditError;
use crate::gallery::error::{ImportError, Notice};
use crate::settings::config::ConfigProblem;
use crate::settings::gateway::KeyShown;

/// The languages of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// BCP 47 code, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// Its own name, as shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Vi => "Tiếng Việt",
        }
    }

    /// `vi`, `vi-VN`, `VI` → Vietnamese; `en*` → English; else `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Title and what to do, for one kind of failure.
pub struct Advice {
    pub title: &'static str,
    pub advice: &'static str,
}

/// All texts of one language.
pub struct Texts {
    // The page.
    pub tagline: &'static str,
    pub language: &'static str,
    // Settings.
    pub settings_heading: &'static str,
    pub base_url: &'static str,
    pub base_url_hint: &'static str,
    pub api_key: &'static str,
    pub api_key_hint: &'static str,
    pub demo_key_in_use: &'static str,
    pub show_key: &'static str,
    pub hide_key: &'static str,
    pub remember_key: &'static str,
    pub forget_key: &'static str,
    pub key_remembered: &'static str,
    pub key_this_page: &'static str,
    pub key_forgotten: &'static str,
    pub locked_by_site: &'static str,
    /// The folded settings' line: the gateway's host (`None`: no usable
    /// address) and what is shown of the key.
    pub gateway_line: fn(Option<&str>, &KeyShown) -> String,
    /// In the line, for an address the site set (it is not shown).
    pub gateway_of_site: &'static str,
    pub gateway_change: &'static str,
    pub gateway_hide: &'static str,
    /// The character (as [`crate::api::key::describe_char`] names it) and
    /// its position.
    pub key_unsendable: fn(&str, usize) -> String,
    pub config_invalid: &'static str,
    pub config_slow: &'static str,
    pub config_problem: fn(&ConfigProblem) -> String,
    // The form.
    pub prompt: &'static str,
    pub prompt_placeholder: &'static str,
    /// The prompt's length in characters.
    pub draft_not_kept: fn(usize) -> String,
    pub method: &'static str,
    pub method_standard: &'static str,
    pub method_chat: &'static str,
    pub method_standard_hint: &'static str,
    pub method_chat_hint: &'static str,
    pub model: &'static str,
    /// Suitable models on the gateway.
    pub models_loaded: fn(usize) -> String,
    /// Why the list could not be had (an error's title).
    pub models_unavailable: fn(&str) -> String,
    pub models_offered: &'static str,
    /// Shown, of how many.
    pub models_more: fn(usize, usize) -> String,
    pub count: &'static str,
    /// Under the count while refining: one image a turn.
    pub one_per_turn: &'static str,
    pub aspect: &'static str,
    pub aspect_default: &'static str,
    pub freshness: &'static str,
    pub freshness_cached: &'static str,
    pub freshness_no_cache: &'static str,
    pub freshness_suffix: &'static str,
    pub freshness_hint: &'static str,
    pub generate: &'static str,
    pub generating: &'static str,
    pub cancel: &'static str,
    pub retry: &'static str,
    // Status.
    pub empty_state: &'static str,
    /// The page was left while a run waited.
    pub run_interrupted: &'static str,
    /// The same, with the key (not remembered) gone with the page.
    pub run_interrupted_no_key: &'static str,
    /// Milliseconds so far.
    pub waiting: fn(f64) -> String,
    pub slow_hint: &'static str,
    /// Images ready, of how many.
    pub ready_of: fn(usize, usize) -> String,
    /// Images shown, in how many milliseconds.
    pub done: fn(usize, f64) -> String,
    /// Images that came back, of how many asked.
    pub fewer: fn(usize, usize) -> String,
    /// Requests that failed, of how many.
    pub partly_failed: fn(usize, usize) -> String,
    pub fresh_no_cache_used: &'static str,
    /// The prompt as sent.
    pub fresh_suffix_used: fn(&str) -> String,
    pub gateway_said: &'static str,
    pub details: &'static str,
    pub errors: fn(ErrorKind) -> Advice,
    /// Why an item of an answer is not shown.
    pub refusal: fn(&Refusal) -> String,
    // Results.
    pub results_heading: &'static str,
    /// Its number (from 1).
    pub image_pending: fn(usize) -> String,
    /// Its number, and the error's title.
    pub image_failed: fn(usize, &str) -> String,
    /// Its number, and why.
    pub skipped_item: fn(usize, &str) -> String,
    pub retry_image: &'static str,
    pub image_alt: &'static str,
    pub image_failed_to_load: &'static str,
    pub revised_prompt: &'static str,
    pub reply: &'static str,
    pub download: &'static str,
    pub preparing_download: &'static str,
    pub link_refused: &'static str,
    pub link_not_image: &'static str,
    /// The seconds waited for a linked image's server.
    pub link_timed_out: fn(u32) -> String,
    pub show_code: &'static str,
    pub code_intro: &'static str,
    /// A method in a word, as the lightbox says how an image was made.
    pub method_name: fn(crate::api::types::Method) -> &'static str,
    /// A search's outcome: "1 of 3 images match".
    pub matching: fn(usize, usize) -> String,
    /// The lightbox's place: "2 of 3".
    pub image_of: fn(usize, usize) -> String,
    /// The comments in the code shown.
    pub code: crate::generate::snippet::Comments,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    // The gallery.
    pub gallery_heading: &'static str,
    pub gallery_loading: &'static str,
    pub gallery_empty: &'static str,
    pub gallery_count: fn(usize) -> String,
    /// Used, and available (already sized: "12 MB").
    pub storage_used: fn(&str, &str) -> String,
    /// Tiles the next page adds, and how many are not shown.
    pub show_more: fn(usize, usize) -> String,
    pub search: &'static str,
    pub no_matches: &'static str,
    pub select: &'static str,
    pub done_selecting: &'static str,
    pub select_all: &'static str,
    pub select_none: &'static str,
    pub selected_n: fn(usize) -> String,
    pub download_zip: &'static str,
    pub delete: &'static str,
    pub delete_confirm: fn(usize) -> String,
    pub keep: &'static str,
    pub undo: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    /// Written, of how many.
    pub importing: fn(usize, usize) -> String,
    pub cancel_import: &'static str,
    pub notice: fn(&Notice) -> String,
    pub import_error: fn(&ImportError) -> String,
    pub previous: &'static str,
    pub next: &'static str,
    pub close: &'static str,
    pub copy_image: &'static str,
    pub image_copied: &'static str,
    /// The browser's words.
    pub image_not_copied: fn(&str) -> String,
    pub copy_not_allowed: &'static str,
    pub copy_not_png: &'static str,
    pub share_image: &'static str,
    /// The browser's words (none: empty).
    pub image_not_shared: fn(&str) -> String,
    pub share_not_allowed: &'static str,
    pub reuse: &'static str,
    pub made_at: &'static str,
    /// Milliseconds it took.
    pub took: fn(f64) -> String,
    pub unknown_time: &'static str,
    /// Names an image whose prompt is empty (an import's).
    pub untitled: &'static str,
    // Editing.
    pub edit_this: &'static str,
    /// After a result's `alt`, in its button to the lightbox.
    pub view_image: &'static str,
    pub references: &'static str,
    pub references_hint: &'static str,
    pub add_references: &'static str,
    pub clear_references: &'static str,
    /// Images, their size to send (already sized), and how many the model
    /// takes.
    pub references_total: fn(usize, &str, usize) -> String,
    /// More than the model takes: (count, size, most), and how many to remove.
    pub references_too_many: fn(usize, &str, usize) -> String,
    /// Under a refusal for too many images: to the line that says how many.
    pub go_to_images: &'static str,
    /// Files being prepared.
    pub preparing_references: fn(usize) -> String,
    /// The picture's width and height before scaling.
    pub reference_scaled: fn(u32, u32) -> String,
    /// The file's name.
    pub move_earlier: fn(&str) -> String,
    pub move_later: fn(&str) -> String,
    pub remove_reference: fn(&str) -> String,
    pub switched_to_chat: &'static str,
    pub edit_error: fn(&EditError) -> String,
    pub refine_heading: &'static str,
    pub refine_switch: &'static str,
    pub refine_empty: &'static str,
    pub refine_hint: &'static str,
    /// The turn's number, the turn it continued when not the one before,
    /// and how many reference images went with it.
    pub turn_title: fn(u32, Option<u32>, usize) -> String,
    pub continue_from: &'static str,
    pub start_over: &'static str,
    /// Asked before the turns (this many) go.
    pub start_over_confirm: fn(usize) -> String,
    pub assistant_images: &'static str,
    /// The conversation's turn of a gallery image.
    pub turn_of: fn(u32) -> String,
    pub mark_area: &'static str,
    /// The file's name.
    pub marking: fn(&str) -> String,
    pub mark_hint: &'static str,
    /// The marker's key, said where there is a keyboard.
    pub mark_key_hint: &'static str,
    pub brush: &'static str,
    pub clear_marks: &'static str,
    pub done_marking: &'static str,
    pub marked: &'static str,
    pub use_original: &'static str,
    /// The file's name.
    pub use_original_of: fn(&str) -> String,
    /// The turn's number.
    pub continue_from_turn: fn(u32) -> String,
    /// The image's number in the run.
    pub edit_image: fn(usize) -> String,
    /// Share… on result `number`, for a screen reader.
    pub share_result: fn(usize) -> String,
    pub shortcuts: &'static str,
    pub theme: &'static str,
    pub theme_auto: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub helper: &'static str,
    pub translate: &'static str,
    pub improve: &'static str,
    pub helper_waiting: &'static str,
    pub helper_translated: &'static str,
    pub helper_improved: &'static str,
    pub use_it: &'static str,
    pub discard: &'static str,
    pub helper_hint: &'static str,
    pub helper_model: &'static str,
    pub helper_model_hint: &'static str,
    /// The prompt helper's request cancelled: nothing changed.
    pub helper_cancelled: &'static str,
}

/// The page's language, for views: `Copy`, provided once by `<App/>`,
/// read with [`use_i18n`].
#[derive(Clone, Copy)]
pub struct I18n {
    lang: leptos::prelude::Signal<Lang>,
}

impl I18n {
    pub fn new(lang: leptos::prelude::Signal<Lang>) -> Self {
        I18n { lang }
    }

    /// The texts of the page's language (reactive).
    pub fn t(&self) -> &'static Texts {
        use leptos::prelude::Get;
        texts(self.lang.get())
    }

    pub fn lang(&self) -> Lang {
        use leptos::prelude::Get;
        self.lang.get()
    }

    /// One text, reactive, for a view or an attribute. Every call gives the
    /// same closure type: a `move || t().x` per text would each be a type of
    /// its own, and the view layer compiles rendering code per type
    /// (measured: ~10 KB less wasm before wasm-opt).
    pub fn text(
        self,
        pick: fn(&'static Texts) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.t())
    }

    /// The decimal mark of the page's language (reactive).
    pub fn mark(&self) -> char {
        match self.lang() {
            Lang::En => '.',
            Lang::Vi => ',',
        }
    }
}

/// The language `<App/>` provides.
pub fn use_i18n() -> I18n {
    leptos::prelude::expect_context::<I18n>()
}

/// The texts for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &en::EN,
        Lang::Vi => &vi::VI,
    }
}

/// Fills `{name}` placeholders: the languages' typed texts are built on it.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The browser's own words after what failed, in brackets: nothing when it
/// said none (never an empty "()").
pub(crate) fn aside(why: &str) -> String {
    if why.is_empty() {
        String::new()
    } else {
        format!(" ({why})")
    }
}

/// A whole number with its thousands grouped by `separator`: `2,500`.
pub(crate) fn grouped(n: usize, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Milliseconds as seconds with one decimal and the language's decimal
/// mark, `1.5` or `1,5`. Integer arithmetic: float formatting would add
/// ~10 KB of code to the bundle.
pub(crate) fn seconds(ms: f64, mark: char) -> String {
    let tenths = (ms.max(0.0) / 100.0).round() as u64;
    format!("{}{mark}{}", tenths / 10, tenths % 10)
}

/// What a failed Copy image says: in this language where the reason is a
/// known one, else with the browser's own words.
pub fn copy_failed(t: &Texts, error: &crate::web::clipboard::CopyError) -> String {
    use crate::web::clipboard::CopyError;
    match error {
        CopyError::NotAllowed => t.copy_not_allowed.to_string(),
        CopyError::NotPng => t.copy_not_png.to_string(),
        CopyError::Refused(why) => (t.image_not_copied)(why),
    }
}

/// What a failed share says: in this language where the browser's refusal
/// is a known one, else with the browser's own words.
pub fn share_failed(t: &Texts, error: &crate::web::share::ShareError) -> String {
    use crate::web::share::ShareError;
    match error {
        ShareError::NotAllowed => t.share_not_allowed.to_string(),
        ShareError::Refused(why) => (t.image_not_shared)(why),
        ShareError::Dismissed => String::new(),
    }
}

/// `1.5 MB`, `820 KB` (`1,5 MB` with a decimal comma): sizes of storage and images.
pub fn human_bytes(bytes: f64, mark: char) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    // Integer tenths: core's float formatting is large in wasm.
    if unit == 0 || value >= 9.95 {
        format!("{} {}", value.round() as u64, UNITS[unit])
    } else {
        let tenths = (value * 10.0).round() as u64;
        format!("{}{mark}{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn language_codes_and_numbers() {
        assert_eq!(Lang::from_code("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(seconds(1449.0, '.'), "1.4");
        assert_eq!(seconds(1450.0, ','), "1,5");
        assert_eq!(seconds(-5.0, '.'), "0.0");
        assert_eq!(seconds(123_456.0, '.'), "123.5");
        assert_eq!(grouped(0, ','), "0");
        assert_eq!(grouped(999, ','), "999");
        assert_eq!(grouped(2_500, ','), "2,500");
        assert_eq!(grouped(1_234_567, '.'), "1.234.567");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plurals_and_decimal_marks_in_both_languages() {
        let (en, vi) = (texts(Lang::En), texts(Lang::Vi));
        assert_eq!((en.done)(1, 4_200.0), "1 image in 4.2 s.");
        assert_eq!((en.done)(3, 4_200.0), "3 images in 4.2 s.");
        assert_eq!((vi.done)(3, 4_200.0), "3 ảnh trong 4,2 giây.");
        assert_eq!((en.gallery_count)(1), "1 image");
        assert_eq!((en.gallery_count)(2_500), "2,500 images");
        assert_eq!((vi.gallery_count)(2_500), "2.500 ảnh");
        assert_eq!((en.delete_confirm)(1), "Delete 1 image from this browser?");
        assert_eq!((en.delete_confirm)(2), "Delete 2 images from this browser?");
        assert_eq!((en.fewer)(1, 2), "Only 1 of 2 images came back.");
        assert_eq!((en.notice)(&Notice::Deleted(1)), "1 image deleted.");
        assert_eq!(
            (en.notice)(&Notice::Skipped(1)),
            "1 saved record could not be read and was left untouched."
        );
        assert_eq!(
            (en.notice)(&Notice::Skipped(2)),
            "2 saved records could not be read and were left untouched."
        );
        assert_eq!((vi.notice)(&Notice::Deleted(3)), "Đã xóa 3 ảnh.");
        // The unit stays with its number (a no-break space).
        assert_eq!((en.took)(1_449.0), "Took 1.4\u{a0}s");
        assert_eq!((vi.took)(1_449.0), "Mất 1,4\u{a0}giây");
        assert_eq!((en.key_unsendable)("U+00A0", 8), "The key contains a character that cannot be sent: U+00A0, at position 8. Paste the key again, or type it.");
    }

    /// What the gallery says of its own problems is in the page's language
    /// (each problem a kind the texts translate, not English words of the
    /// code's), and the browser's words, when it said none, leave no "()".
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_gallerys_problems_are_said_in_the_pages_language() {
        use crate::gallery::error::{ImportError, ManifestProblem, StoreError};
        let (en, vi) = (texts(Lang::En), texts(Lang::Vi));
        let mut notices = vec![
            Notice::Unavailable(String::new()),
            Notice::Failed(String::new()),
            Notice::ZipTooLarge,
            Notice::ZipRefused(String::new()),
            Notice::ImportFailed(ImportError::Read(String::new())),
            Notice::ImportFailed(ImportError::Store(StoreError::Failed(String::new()))),
            Notice::ImportFailed(ImportError::Store(StoreError::Unavailable(String::new()))),
        ];
        for problem in [
            ManifestProblem::NotJson,
            ManifestProblem::NoApp,
            ManifestProblem::NoSchema,
            ManifestProblem::NoImages,
            ManifestProblem::TooLarge,
        ] {
            notices.push(Notice::ImportFailed(ImportError::BadManifest(problem)));
        }
        let mut said = std::collections::HashSet::new();
        for notice in &notices {
            let (english, vietnamese) = ((en.notice)(notice), (vi.notice)(notice));
            for text in [&english, &vietnamese] {
                assert!(!text.contains("()") && !text.contains("( )"), "{text}");
                assert!(said.insert(text.clone()), "said twice: {text}");
            }
            // No English word of the English text inside the Vietnamese one
            // (the file's own names aside).
            for word in english.split(|c: char| !c.is_ascii_alphabetic()) {
                if word.len() > 3 && !["history", "json", "schema", "JSON"].contains(&word) {
                    assert!(!vietnamese.contains(word), "“{word}” in: {vietnamese}");
                }
            }
        }
        assert_eq!(
            (vi.notice)(&Notice::ImportFailed(ImportError::BadManifest(
                ManifestProblem::TooLarge
            ))),
            "Không nhập được tệp này: không đọc được history.json của tệp (lớn hơn 64 MB)."
        );
        assert_eq!(
            (en.notice)(&Notice::Failed("QuotaExceeded".into())),
            "The gallery could not save or read (QuotaExceeded)."
        );
    }
}
