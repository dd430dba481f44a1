//! "Show code": the request just sent as a curl command and as Python with
//! the openai SDK, like the gateway's guide. The key never appears: the
//! code reads it from `API_KEY`, and a comment shows it masked.     [pure]

use crate::api::json::{quote, Out};
use crate::api::request::{Attached, Prepared};
use crate::api::types::Method;

/// The code's comments, in the page's language (the gateway's own guide
/// comments its code in Vietnamese).
#[derive(Clone, Copy)]
pub struct Comments {
    /// Whose key `API_KEY` is, shown masked.
    pub your_key: fn(&str) -> String,
    /// The run sent this request several times, in parallel.
    pub sent_times: fn(usize) -> String,
    /// Where a standard answer's images are.
    pub images_at: &'static str,
    /// Where a chat answer's image is.
    pub image_at: &'static str,
}

/// `sk-…Wx7Q`: enough to tell keys apart, too little to use.
pub fn mask_key(key: &str) -> String {
    let key = key.trim();
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < crate::api::key::SHORTEST_SHOWN {
        return "…".into();
    }
    let prefix: String = key
        .split_once('-')
        .filter(|(p, _)| p.len() <= 4)
        .map_or(String::new(), |(p, _)| format!("{p}-"));
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

/// A word for a POSIX shell, in single quotes.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The request as curl. `copies`: how many such requests the app sent
/// (chat sends one per image). `images`: the files its images are read
/// from (a request with images is written to `request.json` first: a
/// megabyte of base64 is too long for one command-line argument).
pub fn curl(
    request: &Prepared,
    masked_key: &str,
    copies: usize,
    images: &[Attached],
    say: &Comments,
) -> String {
    let body = literal(&request.json, 0, Dialect::Json, true);
    let mut out = String::new();
    out.push_str(&format!(
        "export API_KEY='…'  # {}\n",
        (say.your_key)(masked_key)
    ));
    if copies > 1 {
        out.push_str(&format!("# {}\n", (say.sent_times)(copies)));
    }
    let data = if body.contains(MARK) {
        // An unquoted here-document: `$(…)` reads each image; the JSON's
        // own `\`, `$` and backquotes are escaped.
        let mut json = body
            .replace('\\', "\\\\")
            .replace('$', "\\$")
            .replace('`', "\\`");
        for (i, image) in images.iter().enumerate() {
            json = json.replace(
                &format!("{MARK}{i}{MARK}"),
                &format!(
                    "data:{};base64,$(base64 < {} | tr -d '\\n')",
                    image.format.mime(),
                    shell_quote(&image.name)
                ),
            );
        }
        out.push_str(&format!("cat > request.json <<EOF\n{json}\nEOF\n"));
        "@request.json".to_string()
    } else {
        shell_quote(&body)
    };
    out.push_str(&format!(
        "curl -sS {} \\\n  -H 'Content-Type: application/json' \\\n  -H \"Authorization: Bearer $API_KEY\" \\\n  -d {} \\\n  -o response.json\n",
        shell_quote(&request.url),
        data
    ));
    out.push_str(&format!(
        "# {}\n",
        match request.method {
            Method::Standard => say.images_at,
            Method::Chat => say.image_at,
        }
    ));
    out
}

/// The request as Python with the openai SDK: known arguments by name, the
/// rest (`cache`, `imageConfig`) in `extra_body`, exactly as sent.
pub fn python(
    request: &Prepared,
    base_url: &str,
    masked_key: &str,
    copies: usize,
    images: &[Attached],
    say: &Comments,
) -> String {
    let Out::Object(mut fields) = request.json.clone() else {
        return String::new();
    };
    let (call, named): (&str, &[&str]) = match request.method {
        Method::Standard => ("client.images.generate", &["model", "prompt", "n", "size"]),
        Method::Chat => (
            "client.chat.completions.create",
            &["model", "messages", "modalities"],
        ),
    };
    let mut args = String::new();
    for name in named {
        // The rest keeps the order it was sent in.
        if let Some(at) = fields.iter().position(|(key, _)| key == name) {
            let (_, value) = fields.remove(at);
            args.push_str(&format!("    {name}={},\n", py(&value, 1)));
        }
    }
    if !fields.is_empty() {
        args.push_str(&format!(
            "    extra_body={},\n",
            py(&Out::Object(fields), 1)
        ));
    }
    let mut out = String::from("import base64\nimport os\n\nfrom openai import OpenAI\n\n");
    out.push_str(&format!(
        "# API_KEY: {}\nclient = OpenAI(base_url={}, api_key=os.environ[\"API_KEY\"])\n\n",
        (say.your_key)(masked_key),
        py_str(base_url)
    ));
    if copies > 1 {
        out.push_str(&format!("# {}\n", (say.sent_times)(copies)));
    }
    if request.body.contains('\0') {
        for (i, image) in images.iter().enumerate() {
            out.push_str(&format!(
                "image_{} = \"data:{};base64,\" + base64.b64encode(open({}, \"rb\").read()).decode()\n",
                i + 1,
                image.format.mime(),
                py_str(&image.name)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("response = {call}(\n{args})\n"));
    out.push_str(match request.method {
        Method::Standard => {
            "for i, image in enumerate(response.data, 1):\n    if image.b64_json:\n        with open(f\"image_{i}.png\", \"wb\") as f:\n            f.write(base64.b64decode(image.b64_json))\n    else:\n        print(image.url)\n"
        }
        Method::Chat => {
            "url = response.choices[0].message.images[0][\"image_url\"][\"url\"]\nwith open(\"image_1.png\", \"wb\") as f:\n    f.write(base64.b64decode(url.split(\",\", 1)[1]))\n"
        }
    });
    out
}

/// A JSON string is a valid Python string literal (same escapes).
fn py_str(text: &str) -> String {
    let mut out = String::new();
    quote(text, &mut out);
    out
}

/// Marks an attached image in a JSON literal until it is replaced.
const MARK: char = '\u{1}';

/// How to write a literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Json,
    Python,
}

/// A JSON value as a literal, indented for `depth`: on one line when it
/// fits in 60 characters (unless `expand`), else one item per line.
/// (Our own printer: the bundle holds no JSON library, and Python needs its
/// own literals anyway.)
fn literal(value: &Out, depth: usize, dialect: Dialect, expand: bool) -> String {
    let inline = inline_literal(value, dialect);
    if !expand && inline.chars().count() <= 60 {
        return inline;
    }
    let pad = "    ".repeat(depth + 1);
    let end = "    ".repeat(depth);
    // Python takes a comma after the last item; JSON does not.
    let last = if dialect == Dialect::Python { "," } else { "" };
    let lines: Vec<String> = match value {
        Out::List(items) => items
            .iter()
            .map(|v| format!("{pad}{}", literal(v, depth + 1, dialect, false)))
            .collect(),
        Out::Object(map) => map
            .iter()
            .map(|(k, v)| {
                format!(
                    "{pad}{}: {}",
                    py_str(k),
                    literal(v, depth + 1, dialect, false)
                )
            })
            .collect(),
        _ => return inline,
    };
    if lines.is_empty() {
        return inline;
    }
    let (open, close) = if matches!(value, Out::List(_)) {
        ('[', ']')
    } else {
        ('{', '}')
    };
    format!("{open}\n{}{last}\n{end}{close}", lines.join(",\n"))
}

/// A Python literal, as the arguments of a call take it.
fn py(value: &Out, depth: usize) -> String {
    literal(value, depth, Dialect::Python, false)
}

fn inline_literal(value: &Out, dialect: Dialect) -> String {
    let python = dialect == Dialect::Python;
    match value {
        Out::Null if python => "None".into(),
        Out::Bool(true) if python => "True".into(),
        Out::Bool(false) if python => "False".into(),
        Out::Str(s) => py_str(s),
        // Python: the variable the image was read into; JSON: a mark the
        // curl command replaces with the file read in its place.
        Out::Attachment(i) if python => format!("image_{}", i + 1),
        Out::Attachment(i) => format!("\"{MARK}{i}{MARK}\""),
        Out::List(items) => {
            let items: Vec<String> = items.iter().map(|v| inline_literal(v, dialect)).collect();
            format!("[{}]", items.join(", "))
        }
        Out::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), inline_literal(v, dialect)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::Json;
    use crate::api::request::Order;
    use crate::api::types::{Aspect, Freshness};

    const KEY: &str = "sk-abcdefghijklmnopWx7Q";
    /// The English page's comments.
    fn say() -> &'static Comments {
        &crate::i18n::texts(crate::i18n::Lang::En).code
    }

    fn prepared(method: Method, prompt: &str) -> Prepared {
        Order {
            base_url: "https://api.thucchien.ai/v1".into(),
            api_key: KEY.into(),
            method,
            model: "imagen-4".into(),
            prompt: prompt.into(),
            count: 2,
            aspect: Some(Aspect::Landscape16x9),
            freshness: Freshness::NoCache,
            images: Vec::new(),
            history: Vec::new(),
            attach: Vec::new(),
        }
        .plan(|| 7)
        .unwrap()
        .remove(0)
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_comments_speak_the_pages_language() {
        let vi = &crate::i18n::texts(crate::i18n::Lang::Vi).code;
        let code = curl(&prepared(Method::Chat, "x"), "sk-…Wx7Q", 2, &[], vi);
        assert!(code.contains("# khóa của bạn (sk-…Wx7Q)"), "{code}");
        assert!(code.contains("# Gửi 2 lần song song"), "{code}");
        assert!(code.contains("# Ảnh: .choices[0]"), "{code}");
        let code = python(
            &prepared(Method::Standard, "x"),
            "https://a.b/v1",
            "sk-…Wx7Q",
            1,
            &[],
            vi,
        );
        assert!(
            code.contains("# API_KEY: khóa của bạn (sk-…Wx7Q)"),
            "{code}"
        );
        assert!(!code.contains("your key"), "{code}");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn keys_are_masked() {
        assert_eq!(mask_key(KEY), "sk-…Wx7Q");
        assert_eq!(mask_key("short"), "…");
        // Under 20 characters, none is shown (8 of these 12 were).
        assert_eq!(mask_key("abcd-efghijk"), "…");
        assert_eq!(mask_key("abcdefghijklmnopqrs"), "…");
        assert_eq!(mask_key("abcdefghijklmnopqrst"), "…qrst");
        for code in [
            curl(&prepared(Method::Chat, "x"), &mask_key(KEY), 2, &[], say()),
            python(
                &prepared(Method::Standard, "x"),
                "https://a.b/v1",
                &mask_key(KEY),
                1,
                &[],
                say(),
            ),
        ] {
            assert!(!code.contains("abcdefgh"), "{code}");
            assert!(code.contains("API_KEY"), "{code}");
            assert!(code.contains("your key (sk-…Wx7Q)"), "{code}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn code_for_an_edit_reads_its_images_from_files() {
        use crate::api::image::ImageFormat;
        let images = vec![
            Attached {
                format: ImageFormat::Png,
                url_len: 30,
                name: "cat's photo.png".into(),
            },
            Attached {
                format: ImageFormat::Jpeg,
                url_len: 30,
                name: "mask.jpg".into(),
            },
        ];
        let request = Order {
            base_url: "https://api.thucchien.ai/v1".into(),
            api_key: KEY.into(),
            method: Method::Chat,
            model: "gemini-2.5-flash-image-preview".into(),
            prompt: "costs $5, `now`".into(),
            count: 1,
            aspect: None,
            freshness: Freshness::Cached,
            images: images.clone(),
            history: Vec::new(),
            attach: vec![0, 1],
        }
        .plan(|| 7)
        .unwrap()
        .remove(0);
        let code = curl(&request, "…", 1, &images, say());
        assert!(code.contains("cat > request.json <<EOF\n"), "{code}");
        assert!(code.contains("-d @request.json"), "{code}");
        // The shell's specials in the words are escaped for the here-document.
        assert!(code.contains(r#""text": "costs \$5, \`now\`""#), "{code}");
        assert!(
            code.contains(
                r#""url": "data:image/png;base64,$(base64 < 'cat'\''s photo.png' | tr -d '\n')""#
            ),
            "{code}"
        );
        assert!(
            code.contains(r#""url": "data:image/jpeg;base64,$(base64 < 'mask.jpg' | tr -d '\n')""#),
            "{code}"
        );
        let code = python(
            &request,
            "https://api.thucchien.ai/v1",
            "…",
            1,
            &images,
            say(),
        );
        assert!(
            code.contains("image_1 = \"data:image/png;base64,\" + base64.b64encode(open(\"cat's photo.png\", \"rb\").read()).decode()\n"),
            "{code}"
        );
        assert!(code.contains("\"image_url\": {\"url\": image_2}"), "{code}");
        assert!(!code.contains('\u{1}') && !code.contains('\0'), "{code}");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn curl_sends_the_exact_body_with_quotes_escaped() {
        let request = prepared(Method::Standard, "it's a \"fox\"");
        let code = curl(&request, "…", 1, &[], say());
        assert!(code.contains("curl -sS 'https://api.thucchien.ai/v1/images/generations'"));
        assert!(code.contains(r#""prompt": "it'\''s a \"fox\"","#), "{code}");
        assert!(code.contains(r#""size": "1792x1024""#), "{code}");
        assert!(code.contains(r#""no-cache": true"#), "{code}");
        // Taking the shell quoting back off gives the JSON that was sent.
        let quoted = code
            .split(" -d ")
            .nth(1)
            .unwrap()
            .split(" \\\n")
            .next()
            .unwrap();
        let unquoted = quoted.trim_matches('\'').replace(r"'\''", "'");
        let sent = crate::api::json::parse(&request.body).unwrap();
        assert_eq!(
            crate::api::json::parse(&unquoted).unwrap().brief(1000),
            sent.brief(1000)
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn python_names_known_arguments_and_puts_the_rest_in_extra_body() {
        let code = python(
            &prepared(Method::Standard, "Một con cáo"),
            "https://api.thucchien.ai/v1",
            "sk-…Wx7Q",
            1,
            &[],
            say(),
        );
        assert!(code.contains("response = client.images.generate(\n    model=\"imagen-4\",\n    prompt=\"Một con cáo\",\n    n=2,\n    size=\"1792x1024\",\n    extra_body={\"cache\": {\"no-cache\": True}},\n)"), "{code}");
        let code = python(
            &prepared(Method::Chat, "a fox"),
            "https://api.thucchien.ai/v1",
            "sk-…Wx7Q",
            2,
            &[],
            say(),
        );
        assert!(code.contains("client.chat.completions.create("), "{code}");
        assert!(
            code.contains("    messages=[{\"role\": \"user\", \"content\": \"a fox\"}],\n"),
            "{code}"
        );
        assert!(
            code.contains("    modalities=[\"image\", \"text\"],\n"),
            "{code}"
        );
        assert!(code.contains("    extra_body={\n        \"imageConfig\": {\"aspectRatio\": \"16:9\"},\n        \"cache\": {\"no-cache\": True},\n    },\n"), "{code}");
        assert!(code.contains("# Sent 2 times in parallel"), "{code}");
    }
}
