//! The closed sets of options the form offers, and what each means to the
//! gateway.                                                         [pure]
//!
//! Request bodies are written in `request.rs`; answers are read in
//! `response.rs` field by field rather than into fixed structs: gateways
//! send many shapes, and one odd item must not cost the others.

/// The two ways to ask a LiteLLM gateway for images.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Method {
    /// `POST /images/generations`: one request, `n` images (Imagen, DALL·E).
    #[default]
    Standard,
    /// `POST /chat/completions` with `modalities`: one image per request
    /// (Gemini image models refuse `n > 1`), so N images are N requests.
    Chat,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Standard, Method::Chat];

    /// Stable code, for `<select>` values and `config.json`.
    pub fn code(self) -> &'static str {
        match self {
            Method::Standard => "standard",
            Method::Chat => "chat",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code.trim())
    }

    /// The endpoint, after the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Method::Standard => "/images/generations",
            Method::Chat => "/chat/completions",
        }
    }

    /// The aspect ratios the method's models take.
    pub fn aspects(self) -> &'static [Aspect] {
        match self {
            Method::Standard => &Aspect::STANDARD,
            Method::Chat => &Aspect::ALL,
        }
    }
}

/// An aspect ratio. Imagen gets it as an OpenAI `size` (LiteLLM maps five
/// sizes to Imagen's ratios); Gemini gets `imageConfig.aspectRatio`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aspect {
    Square,
    Portrait3x4,
    Landscape4x3,
    Portrait9x16,
    Landscape16x9,
    Portrait2x3,
    Landscape3x2,
    Portrait4x5,
    Landscape5x4,
    Wide21x9,
}

impl Aspect {
    /// Everything Gemini image models take.
    pub const ALL: [Aspect; 10] = [
        Aspect::Square,
        Aspect::Portrait2x3,
        Aspect::Landscape3x2,
        Aspect::Portrait3x4,
        Aspect::Landscape4x3,
        Aspect::Portrait4x5,
        Aspect::Landscape5x4,
        Aspect::Portrait9x16,
        Aspect::Landscape16x9,
        Aspect::Wide21x9,
    ];
    /// The ratios LiteLLM can reach through `size` for Imagen.
    pub const STANDARD: [Aspect; 5] = [
        Aspect::Square,
        Aspect::Portrait3x4,
        Aspect::Landscape4x3,
        Aspect::Portrait9x16,
        Aspect::Landscape16x9,
    ];

    /// `"16:9"`.
    pub fn ratio(self) -> &'static str {
        match self {
            Aspect::Square => "1:1",
            Aspect::Portrait3x4 => "3:4",
            Aspect::Landscape4x3 => "4:3",
            Aspect::Portrait9x16 => "9:16",
            Aspect::Landscape16x9 => "16:9",
            Aspect::Portrait2x3 => "2:3",
            Aspect::Landscape3x2 => "3:2",
            Aspect::Portrait4x5 => "4:5",
            Aspect::Landscape5x4 => "5:4",
            Aspect::Wide21x9 => "21:9",
        }
    }

    pub fn from_ratio(ratio: &str) -> Option<Aspect> {
        Aspect::ALL.into_iter().find(|a| a.ratio() == ratio.trim())
    }

    /// The OpenAI `size` LiteLLM turns into this ratio for Imagen (its
    /// `_map_size_to_aspect_ratio`); `None` for ratios it cannot reach.
    pub fn standard_size(self) -> Option<&'static str> {
        match self {
            Aspect::Square => Some("1024x1024"),
            Aspect::Portrait3x4 => Some("896x1280"),
            Aspect::Landscape4x3 => Some("1280x896"),
            Aspect::Portrait9x16 => Some("1024x1792"),
            Aspect::Landscape16x9 => Some("1792x1024"),
            _ => None,
        }
    }

    /// A CSS class, `ar-16-9`, for placeholders of the right shape (a class,
    /// not a `style` attribute: the page's CSP allows no inline styles).
    pub fn class(self) -> String {
        format!("ar-{}", self.ratio().replace(':', "-"))
    }
}

/// How to avoid a cached answer: the gateway's guide warns that an
/// identical prompt can return the same image again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Freshness {
    /// Send the request as typed; the gateway may answer from its cache.
    #[default]
    Cached,
    /// `"cache": {"no-cache": true}`: LiteLLM's own switch, honoured by the
    /// proxy on both endpoints (see the `cache_localcache_*` fixtures).
    NoCache,
    /// The guide's trick: a random number after the prompt, so no two
    /// requests are identical. Works through any gateway.
    RandomSuffix,
}

impl Freshness {
    pub const ALL: [Freshness; 3] = [
        Freshness::Cached,
        Freshness::NoCache,
        Freshness::RandomSuffix,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Freshness::Cached => "cached",
            Freshness::NoCache => "no-cache",
            Freshness::RandomSuffix => "random-suffix",
        }
    }

    pub fn from_code(code: &str) -> Option<Freshness> {
        Freshness::ALL.into_iter().find(|f| f.code() == code.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn codes_round_trip() {
        for m in Method::ALL {
            assert_eq!(Method::from_code(m.code()), Some(m));
        }
        for a in Aspect::ALL {
            assert_eq!(Aspect::from_ratio(a.ratio()), Some(a));
        }
        for f in Freshness::ALL {
            assert_eq!(Freshness::from_code(f.code()), Some(f));
        }
        // Every ratio offered for the standard method has a size LiteLLM maps.
        for a in Method::Standard.aspects() {
            assert!(a.standard_size().is_some(), "{a:?}");
        }
        assert_eq!(Aspect::Wide21x9.standard_size(), None);
        assert_eq!(Aspect::Landscape16x9.class(), "ar-16-9");
    }
}
