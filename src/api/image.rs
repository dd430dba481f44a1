//! Generated images: where they come from, which sources may be rendered,
//! and the file names they download as.                              [pure]
//!
//! Only `data:image/(png|jpeg|webp|gif);base64,` and `http(s)` sources are
//! ever handed to an `<img>`; everything else is refused with a reason.

use super::json::Text;

/// The image formats a page may render from a gateway's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 4] = [Self::Png, Self::Jpeg, Self::Webp, Self::Gif];

    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Webp => "webp",
            Self::Gif => "gif",
        }
    }

    /// `image/jpg` is not a registered type but some servers send it.
    pub fn from_mime(mime: &str) -> Option<Self> {
        match mime.trim().to_ascii_lowercase().as_str() {
            "image/png" => Some(Self::Png),
            "image/jpeg" | "image/jpg" => Some(Self::Jpeg),
            "image/webp" => Some(Self::Webp),
            "image/gif" => Some(Self::Gif),
            _ => None,
        }
    }

    /// Recognises a format from the first bytes of a file.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0x89, b'P', b'N', b'G', ..] => Some(Self::Png),
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [b'G', b'I', b'F', b'8', ..] => Some(Self::Gif),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::Webp),
            _ => None,
        }
    }
}

/// Why an image from the gateway is not shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The item carried no image at all (`b64_json` and `url` both empty).
    Empty,
    /// The base64 text is not base64.
    BadBase64,
    /// The bytes are not PNG, JPEG, WebP or GIF.
    NotAnImage,
    /// A `data:` URL of another type (e.g. `data:text/html`).
    DisallowedMime(String),
    /// A URL scheme other than `http(s)` / `data` (e.g. `javascript:`); empty
    /// when the text is not an address at all.
    DisallowedScheme(String),
}

/// An image source that is safe to put in `<img src>` and `<a href>`. `T`
/// holds the URL: in the page, the engine's own string from the answer
/// (megabytes, never copied into wasm); on the host, an `Arc<str>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageSource<T> {
    /// A `data:image/...;base64,` URL built or checked here.
    /// `size` is what its header says (see `api::size`).
    Data {
        format: ImageFormat,
        url: T,
        size: Option<(u32, u32)>,
    },
    /// An `http(s)` URL, left to the browser to fetch.
    Remote(T),
}

/// The longest `data:` URL header (`data:image/png;base64`) worth reading.
const MAX_DATA_HEADER: usize = 256;
/// The longest remote URL taken (browsers' own limits are near this).
const MAX_REMOTE_URL: usize = 8_192;

impl<T: Text> ImageSource<T> {
    /// From a bare base64 payload (`data[].b64_json`): the format is sniffed
    /// from its first bytes, never taken on trust.
    pub fn from_base64(b64: &T) -> Result<Self, Refusal> {
        let b64 = b64.trim();
        if b64.is_empty() {
            return Err(Refusal::Empty);
        }
        let (format, size) = sniff_base64(&b64)?;
        Ok(Self::Data {
            format,
            url: T::data_url(format.mime(), &b64),
            size,
        })
    }

    /// From a URL the gateway sent (`url`, `image_url.url`, ...).
    pub fn from_url(url: &T) -> Result<Self, Refusal> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Refusal::Empty);
        }
        let Some(scheme_end) = url.find(":", 0).filter(|&at| at <= 16) else {
            return Err(Refusal::DisallowedScheme(String::new()));
        };
        let scheme = url.slice(0, scheme_end).to_rust().to_ascii_lowercase();
        match scheme.as_str() {
            "http" | "https" => {
                let rest = url
                    .slice(scheme_end, (scheme_end + 3).min(url.len()))
                    .to_rust();
                if rest == "://" && url.len() > scheme_end + 3 && url.len() <= MAX_REMOTE_URL {
                    Ok(Self::Remote(url))
                } else {
                    Err(Refusal::DisallowedScheme(scheme))
                }
            }
            "data" => Self::from_data_url(url),
            _ => Err(Refusal::DisallowedScheme(scheme)),
        }
    }

    fn from_data_url(url: T) -> Result<Self, Refusal> {
        let comma = url
            .find(",", 0)
            .filter(|&at| at <= MAX_DATA_HEADER)
            .ok_or_else(|| Refusal::DisallowedMime(String::new()))?;
        let meta = url.slice("data:".len(), comma).to_rust();
        let mut parts = meta.split(';');
        let mime = parts.next().unwrap_or_default().to_ascii_lowercase();
        let format =
            ImageFormat::from_mime(&mime).ok_or_else(|| Refusal::DisallowedMime(mime.clone()))?;
        if !parts.any(|p| p.eq_ignore_ascii_case("base64")) {
            return Err(Refusal::BadBase64);
        }
        // The sniffed bytes must agree that this is an image, whatever the label says.
        let (_, size) = sniff_base64(&url.slice(comma + 1, url.len()))?;
        Ok(Self::Data { format, url, size })
    }

    /// Every character of a `data:` URL's payload is base64 (a link has no
    /// payload to check): one pass over megabytes, where the text lives.
    pub fn payload_is_base64(&self) -> bool {
        match self {
            Self::Data { url, .. } => url
                .find(",", 0)
                .is_some_and(|comma| url.slice(comma + 1, url.len()).is_base64()),
            Self::Remote(_) => true,
        }
    }

    /// What goes in `src` and `href`.
    pub fn url(&self) -> &T {
        match self {
            Self::Data { url, .. } | Self::Remote(url) => url,
        }
    }

    /// The file extension for downloads: from the MIME type, or from the
    /// remote URL's path, PNG when neither says.
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Data { format, .. } => format.extension(),
            Self::Remote(url) => {
                let url = url.to_rust();
                let path = url.split(['?', '#']).next().unwrap_or_default();
                let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
                ImageFormat::ALL
                    .into_iter()
                    .find(|f| {
                        ext.as_deref() == Some(f.extension())
                            || (ext.as_deref() == Some("jpeg") && *f == ImageFormat::Jpeg)
                    })
                    .unwrap_or(ImageFormat::Png)
                    .extension()
            }
        }
    }
}

/// Decodes only the start of a payload to recognise the format, and the
/// size where its header says it. The whole payload's alphabet is checked
/// apart ([`ImageSource::payload_is_base64`]): in the page, after the
/// images are on screen.
fn sniff_base64<T: Text>(payload: &T) -> Result<(ImageFormat, Option<(u32, u32)>), Refusal> {
    let bytes = decode_start(payload, 64).ok_or(Refusal::BadBase64)?;
    let format = ImageFormat::sniff(&bytes).ok_or(Refusal::NotAnImage)?;
    Ok((
        format,
        super::size::size_of_payload(payload, format, &bytes),
    ))
}

/// Decodes a payload's first `chars` characters, whitespace skipped:
/// whole groups of four only (a start cut mid-group is not an error).
pub(super) fn decode_start<T: Text>(payload: &T, chars: usize) -> Option<Vec<u8>> {
    let head: Vec<u8> = payload
        .slice(0, payload.len().min(chars))
        .to_rust()
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    decode_base64(&head[..head.len() / 4 * 4])
}

/// Decodes base64 in either alphabet (standard `+/` or URL-safe `-_`),
/// skipping ASCII whitespace, with or without `=` padding. `None` for any
/// other character or a length no encoder writes. (Small and ours: the
/// page decodes images with the engine's `Uint8Array.fromBase64`; this is
/// for the first bytes, and browsers without it.)
pub fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        }))
    }
    let end = text
        .iter()
        .rposition(|&b| b != b'=' && !b.is_ascii_whitespace())
        .map_or(0, |last| last + 1);
    let mut out = Vec::with_capacity(end / 4 * 3 + 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for &c in &text[..end] {
        if c.is_ascii_whitespace() {
            continue;
        }
        bits = bits << 6 | value(c)?;
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
            (bits, count) = (0, 0);
        }
    }
    match count {
        0 => {}
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
        _ => return None,
    }
    Some(out)
}

/// One image from a generation, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedImage<T> {
    pub source: ImageSource<T>,
    /// The prompt as the provider rewrote it, when it says.
    pub revised_prompt: Option<String>,
    /// Its number in the run, from 0.
    pub index: usize,
}

impl<T: Text> GeneratedImage<T> {
    /// `slug-of-the-prompt-2.png`: readable, safe on every file system.
    pub fn file_name(&self, prompt: &str) -> String {
        file_name(prompt, self.index + 1, self.source.extension())
    }
}

/// Builds a download file name from a prompt: Vietnamese letters folded to
/// ASCII (`Một bức tranh` → `mot-buc-tranh`), anything else dropped, at most
/// 60 characters; never empty, never a path.
pub fn file_name(prompt: &str, number: usize, extension: &str) -> String {
    format!("{}-{number}.{}", slug(prompt), clean_extension(extension))
}

/// Makes a file name from elsewhere (an imported history) safe the same
/// way, with the extension of what the file really is.
pub fn safe_file_name(name: &str, extension: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{}.{}", slug(stem), clean_extension(extension))
}

fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        let c = fold_vietnamese(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "image".into()
    } else {
        slug.into()
    }
}

fn clean_extension(extension: &str) -> String {
    let extension: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if extension.is_empty() {
        "png".into()
    } else {
        extension
    }
}

/// `Ộ` → `o`, `đ` → `d`, `A` → `a`: ASCII and Vietnamese letters, either
/// case, to their plain lowercase ASCII base; anything else as it is.
///
/// Not `char::to_lowercase`: its Unicode table is ~12 KB of the bundle, for
/// scripts our users do not search in (search in them stays case-exact).
pub(crate) fn fold_vietnamese(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴ", 'a'),
        ("èéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄ", 'e'),
        ("ìíịỉĩÌÍỊỈĨ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠ", 'o'),
        ("ùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮ", 'u'),
        ("ỳýỵỷỹỲÝỴỶỸ", 'y'),
        ("đĐ", 'd'),
    ];
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |&(_, plain)| plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn t(text: &str) -> Arc<str> {
        Arc::from(text)
    }

    const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base64_png_becomes_a_png_data_url() {
        let src = ImageSource::from_base64(&t(PNG_B64)).unwrap();
        assert_eq!(&**src.url(), format!("data:image/png;base64,{PNG_B64}"));
        assert_eq!(src.extension(), "png");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn refuses_what_must_not_render() {
        assert_eq!(ImageSource::from_base64(&t("")), Err(Refusal::Empty));
        assert_eq!(
            ImageSource::from_base64(&t("not*base64!!")),
            Err(Refusal::BadBase64)
        );
        // "<html>" in base64: valid base64, not an image.
        assert_eq!(
            ImageSource::from_base64(&t("PGh0bWw+PC9odG1sPg==")),
            Err(Refusal::NotAnImage)
        );
        assert_eq!(
            ImageSource::from_url(&t("javascript:alert(1)")),
            Err(Refusal::DisallowedScheme("javascript".into()))
        );
        assert_eq!(
            ImageSource::from_url(&t("data:text/html;base64,PHNjcmlwdD4=")),
            Err(Refusal::DisallowedMime("text/html".into()))
        );
        assert_eq!(
            ImageSource::from_url(&t("data:image/svg+xml;base64,PHN2Zz4=")),
            Err(Refusal::DisallowedMime("image/svg+xml".into()))
        );
        assert_eq!(
            ImageSource::from_url(&t("data:image/png,rawbytes")),
            Err(Refusal::BadBase64)
        );
        assert_eq!(
            ImageSource::from_url(&t("ftp://x/y.png")),
            Err(Refusal::DisallowedScheme("ftp".into()))
        );
        assert_eq!(
            ImageSource::from_url(&t("not-an-address")),
            Err(Refusal::DisallowedScheme(String::new()))
        );
        assert_eq!(
            ImageSource::from_url(&t("https://")),
            Err(Refusal::DisallowedScheme("https".into()))
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn accepts_http_and_image_data_urls() {
        let remote = ImageSource::from_url(&t("https://cdn.example/a/b.JPEG?sig=1")).unwrap();
        assert_eq!(remote.extension(), "jpg");
        let data = ImageSource::from_url(&t(&format!("data:image/png;base64,{PNG_B64}"))).unwrap();
        assert!(matches!(
            data,
            ImageSource::Data {
                format: ImageFormat::Png,
                ..
            }
        ));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn base64_in_either_alphabet_with_or_without_padding() {
        let d = |s: &str| decode_base64(s.as_bytes());
        assert_eq!(d("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(d("aGVsbG8"), Some(b"hello".to_vec()));
        assert_eq!(d("aGVs\nbG8=\n"), Some(b"hello".to_vec()));
        assert_eq!(d("+/+/"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(d("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(d(""), Some(vec![]));
        assert_eq!(d("a"), None, "no encoder writes one character");
        assert_eq!(d("aGV*"), None);
        let png = d(PNG_B64).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.ends_with(b"IEND\xaeB`\x82"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn vietnamese_letters_fold_in_either_case() {
        let fold = |s: &str| s.chars().map(fold_vietnamese).collect::<String>();
        assert_eq!(fold("MỘT CON MÈO Đen"), "mot con meo den");
        assert_eq!(fold("Ưng Ý"), "ung y");
        assert_eq!(fold("Жук 42"), "Жук 42", "other scripts as they are");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn file_names_are_slugs_that_cannot_escape() {
        assert_eq!(
            safe_file_name("../../etc/passwd.png", "png"),
            "etc-passwd.png"
        );
        assert_eq!(safe_file_name("mèo\u{0}\n.exe", "webp"), "meo.webp");
        assert_eq!(safe_file_name("", "jpg"), "image.jpg");
        assert_eq!(
            file_name("Một bức tranh phong cảnh biển", 1, "png"),
            "mot-buc-tranh-phong-canh-bien-1.png"
        );
        assert_eq!(
            file_name("../../etc/passwd\u{0}\n", 2, "png"),
            "etc-passwd-2.png"
        );
        assert_eq!(file_name("!!!", 1, "../png"), "image-1.png");
        assert!(file_name(&"a".repeat(500), 3, "jpg").len() <= 60 + 6);
    }
}
