//! English.                                                          [pure]

use super::{aside, fill, grouped, seconds, Advice, Texts};
use crate::api::image::Refusal;
use crate::api::types::Method;
use crate::api::ErrorKind;
use crate::edit::model::EditErrorKind;
use crate::gallery::error::{ImportError, ManifestProblem, Notice, StoreError};
use crate::gallery::zip::ZipError;
use crate::generate::snippet::Comments;
use crate::settings::config::ConfigProblem;
use crate::settings::gateway::KeyShown;
use crate::settings::prefs::Expected;

fn n(count: usize) -> String {
    grouped(count, ',')
}

fn s(ms: f64) -> String {
    seconds(ms, '.')
}

/// "1 image", "3 images".
fn images(count: usize) -> String {
    if count == 1 {
        "1 image".into()
    } else {
        format!("{} images", n(count))
    }
}

const fn a(title: &'static str, advice: &'static str) -> Advice {
    Advice { title, advice }
}

pub static EN: Texts = Texts {
    tagline: "Make images through your AI gateway, right in the browser.",
    language: "Language",
    settings_heading: "Gateway",
    base_url: "Base URL",
    base_url_hint: "The gateway's OpenAI-compatible address, e.g. https://api.thucchien.ai/v1",
    api_key: "API key",
    api_key_hint: "Sent only to the gateway above, in the Authorization header.",
    demo_key_in_use: "Using the local mock gateway's demo key.",
    show_key: "Show",
    hide_key: "Hide",
    remember_key: "Remember the key on this device",
    forget_key: "Forget key",
    key_remembered: "The key is kept in this browser's local storage until you forget it.",
    key_this_page: "The key is kept in this page only: a reload or closing the tab forgets it.",
    key_forgotten: "Key forgotten: this browser keeps no key now.",
    locked_by_site: "The gateway address is set by this site.",
    gateway_line: |host, key| {
        let key = match key {
            KeyShown::Missing => "no key yet".to_string(),
            KeyShown::Demo => "the demo key".to_string(),
            KeyShown::Set => "key set".to_string(),
            KeyShown::Ending(end) => format!("key ending …{end}"),
        };
        format!("{} · {key}", host.unwrap_or("no address yet"))
    },
    gateway_of_site: "this site's gateway",
    gateway_change: "Change",
    gateway_hide: "Hide",
    key_unsendable: |c, at| {
        fill(
            "The key contains a character that cannot be sent: {c}, at position {at}. Paste the key again, or type it.",
            &[("c", c), ("at", &at.to_string())],
        )
    },
    config_slow: "Waiting for this site's settings (config.json). Generate and the prompt helper wait for them, so that your key goes only to the gateway the site names. If this stays, reload the page.",
    config_invalid: "config.json could not be used, so the defaults apply:",
    config_problem: |problem| match problem {
        ConfigProblem::NotJson => "it is not valid JSON".into(),
        ConfigProblem::NotAnObject => "it must hold a JSON object { … }".into(),
        ConfigProblem::BadValue { field, expected } => {
            format!("“{field}” must be {}", expected_value(*expected))
        }
        ConfigProblem::BadTimeout => {
            "“timeoutSeconds” must be a whole number from 5 to 600".into()
        }
        ConfigProblem::UnknownField(field) => format!("unknown field “{field}”"),
        ConfigProblem::KeyInFile(field) => format!(
            "“{field}” is not accepted: an API key in config.json would be visible to every visitor"
        ),
        ConfigProblem::LockNotAList => {
            "“lock” must be a list of field names, e.g. [\"baseUrl\"]".into()
        }
        ConfigProblem::CannotLock(field) => format!(
            "“lock” cannot lock “{field}”: it takes baseUrl, method, model, chatModel, count, language"
        ),
        ConfigProblem::LockWithoutValue(field) => {
            format!("“lock” names “{field}”, which the file does not set")
        }
        ConfigProblem::BadOrigin(origin) => format!(
            "“notifyParentOrigin” must be one origin such as \"https://portal.example\", not \"{origin}\" (\"*\" would hand every image to any page that frames this one)"
        ),
    },
    prompt: "Prompt",
    prompt_placeholder: "A sunset over the sea, oil painting",
    draft_not_kept: |chars| {
        format!("This prompt is too long to keep in this browser ({} characters): it will not survive a reload. Copy it somewhere safe.", n(chars))
    },
    method: "Method",
    method_standard: "Standard: /images/generations",
    method_chat: "Chat: /chat/completions",
    method_standard_hint: "One request returns all the images (Imagen, DALL·E…).",
    method_chat_hint: "One request per image, all sent at once (Gemini image models).",
    model: "Model",
    models_loaded: |count| {
        let models = if count == 1 { "model" } else { "models" };
        format!("{} suitable {models} on this gateway; you may also type any name.", n(count))
    },
    models_unavailable: |why| {
        format!("The gateway's model list could not be loaded ({why}); type a model name.")
    },
    models_offered: "Models this gateway offers:",
    models_more: |shown, total| {
        format!("Showing {} of {}: type part of a name in the Model field to find others.", n(shown), n(total))
    },
    count: "Number of images",
    one_per_turn: "Refining makes one image a turn.",
    aspect: "Aspect ratio",
    aspect_default: "Model default",
    freshness: "Cache",
    freshness_cached: "Allow cached images",
    freshness_no_cache: "Fresh image: skip the gateway's cache",
    freshness_suffix: "Fresh image: random number after the prompt",
    freshness_hint: "A gateway with caching on can answer an identical prompt with the same image again.",
    generate: "Generate",
    generating: "Generating…",
    cancel: "Cancel",
    retry: "Try again",
    empty_state: "Your images will appear here.",
    run_interrupted: "The page was left while a run was waiting, so its images never came here (the gateway may have made them all the same). Your prompt is kept: Generate sends it again.",
    run_interrupted_no_key: "The page was left while a run was waiting, so its images never came here (the gateway may have made them all the same). Your prompt is kept: type your API key again (it was not remembered), then Generate sends it again.",
    waiting: |ms| format!("Generating… {} s", s(ms)),
    slow_hint: "Still waiting. Providers can be slow, and a rate-limit (429) answer can take over 20 s to arrive.",
    ready_of: |ready, total| format!("{} of {} ready", n(ready), images(total)),
    done: |shown, ms| format!("{} in {} s.", images(shown), s(ms)),
    fewer: |got, asked| format!("Only {} of {} came back.", n(got), images(asked)),
    partly_failed: |failed, total| {
        let requests = if total == 1 { "request" } else { "requests" };
        format!("{} of {} {requests} failed; each says why below.", n(failed), n(total))
    },
    fresh_no_cache_used: "Fresh image requested with \"cache\": {\"no-cache\": true}.",
    fresh_suffix_used: |sent| {
        format!("Fresh image: a random number was added to the prompt, e.g. “{sent}”.")
    },
    gateway_said: "The gateway said",
    details: "Details",
    errors: |kind| match kind {
        ErrorKind::MissingKey => a("No API key", "Type your API key for the gateway in the API key field."),
        ErrorKind::ImagesNeedChat => a("Images go with the chat method", "Only the chat method (Gemini image models) takes images. Choose it, or remove the images."),
        ErrorKind::TooManyImages => a("Too many images for this model", "Remove some images: the model takes only a few in one request."),
        ErrorKind::TooLarge => a("The images are too large to send", "Together they are over the 20 MB a request may carry. Remove one, or use smaller pictures."),
        ErrorKind::UnsendableKey => a("The API key cannot be sent", "It holds a character that cannot travel in a request; the note under the API key field says which one. Paste the key again, or type it."),
        ErrorKind::EmptyPrompt => a("No prompt", "Describe the image you want in the prompt field."),
        ErrorKind::InvalidBaseUrl => a("Invalid base URL", "Enter an address starting with https:// (or http:// for a local gateway)."),
        ErrorKind::Unauthorized => a("The gateway refused the key", "Check the API key: it may be mistyped, expired or for another gateway."),
        ErrorKind::UnknownModel => a("Unknown model", "Pick a model this gateway offers for your key."),
        ErrorKind::UnsupportedParam => a("Unsupported option", "This model does not take one of the options sent; change the options or the model."),
        ErrorKind::BadRequest => a("The request was refused", "Check the prompt and options, then try again."),
        ErrorKind::WrongEndpoint => a("Nothing answers at this address", "Check the base URL: it usually ends in /v1."),
        ErrorKind::RateLimited => a("Too many requests", "The gateway or its provider is rate-limiting you. Wait a minute, then try again."),
        ErrorKind::Upstream => a("The gateway or the provider failed", "This is on their side. Try again in a moment, or try another model."),
        ErrorKind::Blocked => a("Blocked by the safety filter", "The provider declined this prompt or its image. Rephrase the prompt and try again."),
        ErrorKind::Empty => a("No image came back", "The gateway answered but sent no image. Try again or try another model."),
        ErrorKind::NotJson => a("Unexpected answer", "Something between you and the gateway (a proxy or firewall) answered with a web page instead of data. Check the base URL, or try again later."),
        ErrorKind::Truncated => a("The answer was cut off", "The connection dropped before the whole answer arrived. Try again."),
        ErrorKind::UnknownShape => a("Unrecognised answer", "The gateway's answer is not in a format this app knows. Check the base URL and the model."),
        ErrorKind::Network => a("Could not reach the gateway", "Check your connection and the base URL. If they are right, the gateway must allow this page's origin (CORS) for browser requests."),
        ErrorKind::Offline => a("No internet connection", "This device is offline. Connect (Wi-Fi or mobile data) and try again: your prompt and images are kept."),
        ErrorKind::Timeout => a("The gateway took too long", "No answer arrived in time. Try again, perhaps with fewer images."),
        ErrorKind::Cancelled => a("Cancelled", "Nothing was lost: change the prompt or settings and generate again."),
    },
    refusal: |refusal| match refusal {
        Refusal::Empty => "no image data".into(),
        Refusal::BadBase64 => "not valid base64".into(),
        Refusal::NotAnImage => "not a PNG, JPEG, WebP or GIF image".into(),
        Refusal::DisallowedMime(mime) => format!("a refused type, “{mime}”"),
        Refusal::DisallowedScheme(scheme) if scheme.is_empty() => "not an address".into(),
        Refusal::DisallowedScheme(scheme) => format!("a refused “{scheme}:” address"),
    },
    results_heading: "Results",
    image_pending: |i| format!("Image {i}…"),
    image_failed: |i, title| format!("Image {i}: {title}"),
    skipped_item: |i, why| format!("Image {i} was not shown: {why}"),
    retry_image: "Try this image again",
    image_alt: "Generated image",
    image_failed_to_load: "The browser could not display this image.",
    revised_prompt: "Revised prompt",
    reply: "The model said",
    download: "Download",
    preparing_download: "Preparing the download…",
    link_refused: "This image is on another server that does not let this page copy it, so it cannot be downloaded or kept here. Right-click it to save it, if your browser allows.",
    link_timed_out: |s| format!("The image's server did not answer within {s} s, so it cannot be downloaded or kept here."),
    link_not_image: "The gateway's link leads to something that is not an image: nothing to download.",
    show_code: "Show code",
    code_intro: "The request just sent, ready to run. The key is masked: set API_KEY to yours.",
    method_name: |method| match method {
        Method::Standard => "standard",
        Method::Chat => "chat",
    },
    matching: |found, total| match total {
        1 => format!("{} of 1 image matches.", n(found)),
        _ if found == 1 => format!("1 of {} images matches.", n(total)),
        _ => format!("{} of {} images match.", n(found), n(total)),
    },
    image_of: |at, total| format!("{} of {}", n(at), n(total)),
    code: Comments {
        your_key: |masked| format!("your key ({masked})"),
        sent_times: |n| format!("Sent {n} times in parallel, one image each."),
        images_at: "Images: .data[].b64_json (base64 PNG) or .data[].url",
        image_at: "Image: .choices[0].message.images[0].image_url.url (a data: URL)",
    },
    copy: "Copy",
    copied: "Copied",
    copy_failed: "Copying failed: select the text and copy it.",
    gallery_heading: "Gallery",
    gallery_loading: "Opening the gallery…",
    gallery_empty: "Every image you generate is kept here, in this browser.",
    gallery_count: images,
    storage_used: |used, quota| format!("{used} used of {quota}"),
    show_more: |next, left| format!("Show {} more ({} not shown)", n(next), n(left)),
    search: "Search prompts",
    no_matches: "No image matches this search.",
    select: "Select",
    done_selecting: "Done",
    select_all: "Select all",
    select_none: "Select none",
    selected_n: |count| format!("{} selected", n(count)),
    download_zip: "Download .zip",
    delete: "Delete",
    delete_confirm: |count| format!("Delete {} from this browser?", images(count)),
    keep: "Keep",
    undo: "Undo",
    export: "Export history",
    import: "Import history…",
    importing: |done, total| format!("Importing… {} of {}", n(done), n(total)),
    cancel_import: "Cancel import",
    notice: |notice| match notice {
        Notice::Unavailable(why) => format!("The gallery is unavailable in this browser{}: new images show and download, but are not kept after a reload.", aside(why)),
        Notice::Full(count) => format!("{} could not be saved: this browser's storage for the site is full. They stay on screen with their download links; delete older images to make room.", images(*count)),
        Notice::Failed(why) => format!("The gallery could not save or read{}.", aside(why)),
        Notice::Skipped(count) => {
            let (records, were) = if *count == 1 { ("record", "was") } else { ("records", "were") };
            format!("{} saved {records} could not be read and {were} left untouched.", n(*count))
        }
        Notice::Imported(report) => {
            let mut text = format!("Imported {} of {}.", n(report.added), images(report.total));
            for (count, sentence) in [
                (report.present, "{n} {were} already here."),
                (report.shared, "{n} named an image file another entry already uses, and {were} skipped."),
                (report.unreadable, "{n} could not be read as pictures, and {were} skipped."),
                (report.damaged, "{n} {were} damaged in the file (the zip's checksum fails), and {were} skipped."),
            ] {
                if count > 0 {
                    let were = if count == 1 { "was" } else { "were" };
                    text.push(' ');
                    text.push_str(&fill(sentence, &[("n", &n(count)), ("were", were)]));
                }
            }
            if report.cancelled {
                text.push_str(" Cancelled: the rest were not imported.");
            }
            if report.full {
                text.push_str(" This browser's storage is full: the rest were not imported.");
            }
            if let Some(why) = &report.stopped {
                text.push_str(&format!(" Then it stopped: {}; the rest were not imported.", import_error(why)));
            }
            text
        }
        Notice::ImportInterrupted { added, total } => format!("An import was cut short by a reload or a closed tab: {} of {} were imported. Import the file again to add the rest; images already here are skipped.", n(*added), images(*total)),
        Notice::ImportFailed(why) => format!("That file could not be imported: {}.", import_error(why)),
        Notice::NotPictures(count) => format!("{} could not be read as pictures and were not kept.", images(*count)),
        Notice::Deleted(count) => format!("{} deleted.", images(*count)),
        Notice::Restored(count) => format!("{} put back.", images(*count)),
        Notice::ZipTooLarge => "These images are too many or too large for one zip (over 4 GB or 65,535 files): select fewer and download them in parts.".to_string(),
        Notice::ZipRefused(why) => format!("The browser could not make the zip{}: select fewer images and try again.", aside(why)),
        Notice::NoLongerKept => "That image was deleted from the gallery, so it cannot be shown larger here. Its Download still works.".to_string(),
        // Whatever became of the link (refused, timed out, not an image):
        // each image says which.
        Notice::LinkNotKept(1) => "The gallery could not keep 1 image sent as a link: it could not be fetched here (the image says why).".to_string(),
        Notice::LinkNotKept(count) => format!("The gallery could not keep {} sent as links: they could not be fetched here (each image says why).", images(*count)),
    },
    import_error,
    previous: "Previous",
    next: "Next",
    close: "Close",
    copy_image: "Copy image",
    copy_not_allowed: "Copying failed: the browser did not allow it here; select the image and copy it.",
    copy_not_png: "Copying failed: the browser could not convert the image; download it instead.",
    image_copied: "Image copied.",
    image_not_copied: |why| format!("Copying failed: select the image and copy it{}.", aside(why)),
    share_image: "Share…",
    share_not_allowed: "Sharing failed: the browser did not allow it here; download the image instead.",
    image_not_shared: |why| match why {
        "" => "Sharing failed: download the image instead.".into(),
        why => format!("Sharing failed: download the image instead ({why})."),
    },
    reuse: "Reuse prompt and settings",
    made_at: "Made",
    // No break before the unit: "s" never sits alone on a line.
    took: |ms| format!("Took {}\u{a0}s", s(ms)),
    unknown_time: "unknown time",
    untitled: "Image without a prompt",
    // Editing.
    view_image: "(view larger)",
    edit_this: "Edit this",
    references: "Reference images",
    references_hint: "The chat method sends these with your prompt: a picture to change (say what to change), or one to take a style or a face from. Choose files, drop them on the page, or paste one.",
    add_references: "Add images…",
    clear_references: "Remove all",
    references_total: |count, size, most| {
        format!("{} · {size} to send. This model takes up to {}.", images(count), images(most))
    },
    references_too_many: |count, size, most| {
        format!(
            "{} · {size} to send: this model takes up to {}. Remove {}.",
            images(count),
            images(most),
            n(count.saturating_sub(most))
        )
    },
    go_to_images: "Go to the images",
    preparing_references: |count| format!("Preparing {}…", images(count)),
    reference_scaled: |w, h| format!("scaled from {w}×{h}"),
    move_earlier: |name| format!("Move {name} earlier"),
    move_later: |name| format!("Move {name} later"),
    remove_reference: |name| format!("Remove {name}"),
    switched_to_chat: "Switched to the chat method: only it sends images.",
    edit_error: |error| {
        let why = match error.kind {
            EditErrorKind::NotAnImage => "not an image (PNG, JPEG, WebP or GIF)",
            EditErrorKind::Undecodable => "an image this browser cannot open: it may be damaged",
            EditErrorKind::TooLarge => "too large to send, even scaled down (a request carries at most 20 MB)",
            EditErrorKind::Unreadable => "the browser could not read or scale it",
            EditErrorKind::AlreadyRefined => "this is the picture the next prompt changes: it goes with it already",
            EditErrorKind::NotKept => {
                return "The images could not be kept in this browser: they will be gone after a reload.".into()
            }
            EditErrorKind::TurnUnread => {
                return format!(
                    "The picture of turn {} could not be read here, so it is not a turn: the next prompt changes the turn before.",
                    error.file
                )
            }
        };
        format!("{}: {why}.", error.file)
    },
    refine_heading: "Refine step by step",
    refine_switch: "Each prompt changes the last image (a conversation with the model)",
    refine_empty: "Generate a first image: the next prompt then changes it, turn by turn.",
    refine_hint: "The next prompt changes the marked turn's image. Continue from an earlier turn to try another way: the later turns stay.",
    turn_title: |number, from, references| {
        let title = match from {
            Some(from) => format!("Turn {number} (from turn {from})"),
            None => format!("Turn {number}"),
        };
        match references {
            0 => title,
            1 => format!("{title}, with 1 reference image"),
            n => format!("{title}, with {n} reference images"),
        }
    },
    continue_from: "Continue from here",
    start_over: "Start over",
    start_over_confirm: |count| {
        let turns = if count == 1 { "its 1 turn goes".to_string() } else { format!("its {} turns go", n(count)) };
        format!("Start over? This conversation and {turns} (their images stay in the gallery).")
    },
    assistant_images: "My gateway passes images in the model's turns on (newer LiteLLM): send the last result there instead of with the prompt",
    turn_of: |number| format!("turn {number} of a conversation"),
    mark_area: "Mark an area",
    marking: |name| format!("Mark an area of {name}"),
    mark_hint: "Paint over what should change (with a mouse, a finger or a pen), then say in the prompt: “change the marked area to …”. The marked copy is sent; the original stays.",
    mark_key_hint: "Esc closes.",
    brush: "Brush",
    clear_marks: "Clear",
    done_marking: "Use the marked copy",
    marked: "marked",
    use_original: "Use the original",
    use_original_of: |name| format!("Use the original of {name}"),
    continue_from_turn: |number| format!("Continue from here: turn {number}"),
    edit_image: |number| format!("Edit this: image {number}"),
    share_result: |number| format!("Share: image {number}"),
    shortcuts: "Keys: Ctrl+Enter (⌘+Enter) generates from anywhere in the form; Esc cancels; in the gallery's viewer, ← and → move and Esc closes.",
    theme: "Colours",
    theme_auto: "As the system",
    theme_light: "Light",
    theme_dark: "Dark",
    helper: "Prompt helper:",
    translate: "Translate to English",
    improve: "Improve",
    helper_waiting: "Asking the text model…",
    helper_translated: "In English (edit it if you like):",
    helper_improved: "A detailed prompt (edit it if you like):",
    use_it: "Use it",
    discard: "Discard",
    helper_hint: "Standard (Imagen) and chat (Gemini image) models both draw best from English: their makers list Vietnamese among their weaker languages. The helper asks a text model of your gateway; your prompt changes only when you press Use it.",
    helper_model: "Prompt helper's model",
    helper_model_hint: "A text model of the gateway (not an image model), e.g. gemini-2.5-flash.",
    helper_cancelled: "The prompt is as it was.",
};

fn import_error(error: &ImportError) -> String {
    match error {
        ImportError::Read(why) => format!("the browser could not read it{}", aside(why)),
        ImportError::Zip(ZipError::NotAZip) => "it is not a zip file, or an incomplete one".into(),
        ImportError::Zip(ZipError::TooLarge) => "it is over 4 GB or 65,535 files".into(),
        ImportError::Zip(ZipError::Compressed(name)) => {
            format!("{name} inside is compressed, and Sinh Ảnh's exports never are")
        }
        ImportError::Zip(ZipError::Damaged(name)) => format!("{name} inside is damaged"),
        ImportError::NoManifest => "it holds no history.json: it is not a Sinh Ảnh export".into(),
        ImportError::BadManifest(problem) => format!(
            "its history.json cannot be read ({})",
            match problem {
                ManifestProblem::NotJson => "it is not JSON",
                ManifestProblem::NoApp => "it names no app",
                ManifestProblem::NoSchema => "it has no schema number",
                ManifestProblem::NoImages => "it has no list of images",
                ManifestProblem::TooLarge => "it is over 64 MB",
            }
        ),
        ImportError::NotOurs(app) => format!("it was made by “{app}”, not Sinh Ảnh"),
        ImportError::Newer(schema) => {
            format!("it was made by a newer Sinh Ảnh (schema {schema}): update this page first")
        }
        ImportError::TooMany { entries, limit } => format!(
            "it lists {} images, and one import takes at most {}",
            n(*entries),
            n(*limit)
        ),
        ImportError::Store(StoreError::Full) => "this browser's storage is full".into(),
        ImportError::Store(StoreError::Unavailable(why)) => {
            format!("the gallery is unavailable in this browser{}", aside(why))
        }
        ImportError::Store(StoreError::Failed(why)) => {
            format!("the gallery could not write{}", aside(why))
        }
    }
}

fn expected_value(expected: Expected) -> &'static str {
    match expected {
        Expected::Address => "an http:// or https:// address",
        Expected::MethodCode => "\"standard\" or \"chat\"",
        Expected::ModelName => "a model name",
        Expected::Count => "a whole number from 1 to 4",
        Expected::Ratio => "an aspect ratio such as \"16:9\", or null",
        Expected::FreshnessCode => "\"cached\", \"no-cache\" or \"random-suffix\"",
        Expected::LanguageCode => "\"en\" or \"vi\"",
        Expected::ThemeCode => "\"auto\", \"light\" or \"dark\"",
        Expected::Text => "a string",
    }
}
