//! The page's colours as a setting: the system's, light or dark, and how
//! the choice is read from and written to JSON.                      [pure]

use super::prefs::{text, Expected, Rule};
use crate::api::json::{Json, Out};

/// The page's colours: the system's (`prefers-color-scheme`), or fixed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn code(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }
}

pub struct ThemeRule;
impl Rule for ThemeRule {
    type Value = Theme;
    const EXPECTED: Expected = Expected::ThemeCode;
    fn read<J: Json>(json: &J) -> Option<Theme> {
        text(json).as_deref().and_then(Theme::from_code)
    }
    fn write(value: &Theme) -> Out {
        Out::str(value.code())
    }
}
