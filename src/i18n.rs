//! Every user-facing text, in English and Vietnamese.                [pure]
//!
//! One struct per language: a text missing in either one is a compile
//! error, and components read `texts(lang).field` reactively.

use crate::api::ErrorKind;

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
    pub tagline: &'static str,
    pub language: &'static str,
    pub settings_heading: &'static str,
    pub base_url: &'static str,
    pub base_url_hint: &'static str,
    pub api_key: &'static str,
    pub api_key_hint: &'static str,
    pub model: &'static str,
    pub count: &'static str,
    pub prompt: &'static str,
    pub prompt_placeholder: &'static str,
    pub generate: &'static str,
    pub generating: &'static str,
    /// `{s}` seconds so far.
    pub waiting: &'static str,
    pub slow_hint: &'static str,
    pub cancel: &'static str,
    pub retry: &'static str,
    pub results_heading: &'static str,
    pub empty_state: &'static str,
    pub download: &'static str,
    pub image_alt: &'static str,
    pub revised_prompt: &'static str,
    pub details: &'static str,
    pub gateway_said: &'static str,
    /// `{n}` images, `{s}` seconds.
    pub done: &'static str,
    /// `{got}` of `{asked}`.
    pub fewer: &'static str,
    pub skipped_item: &'static str,
    pub image_failed_to_load: &'static str,
    pub config_invalid: &'static str,
    pub demo_key_in_use: &'static str,
    pub method: &'static str,
    pub method_standard: &'static str,
    pub method_chat: &'static str,
    pub method_standard_hint: &'static str,
    pub method_chat_hint: &'static str,
    pub aspect: &'static str,
    pub aspect_default: &'static str,
    pub freshness: &'static str,
    pub freshness_cached: &'static str,
    pub freshness_no_cache: &'static str,
    pub freshness_suffix: &'static str,
    pub freshness_hint: &'static str,
    pub fresh_no_cache_used: &'static str,
    pub fresh_suffix_used: &'static str,
    pub models_loading: &'static str,
    pub models_loaded: &'static str,
    pub models_unavailable: &'static str,
    pub models_offered: &'static str,
    pub image_pending: &'static str,
    pub image_failed: &'static str,
    pub retry_image: &'static str,
    pub ready_of: &'static str,
    pub partly_failed: &'static str,
    pub reply: &'static str,
    pub show_code: &'static str,
    pub code_intro: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub show_key: &'static str,
    pub hide_key: &'static str,
    pub remember_key: &'static str,
    pub forget_key: &'static str,
    pub key_remembered: &'static str,
    pub key_this_tab: &'static str,
    pub locked_by_site: &'static str,
    pub gallery_heading: &'static str,
    pub gallery_loading: &'static str,
    pub gallery_empty: &'static str,
    pub gallery_count: &'static str,
    pub storage_used: &'static str,
    pub search: &'static str,
    pub no_matches: &'static str,
    pub select: &'static str,
    pub done_selecting: &'static str,
    pub select_all: &'static str,
    pub select_none: &'static str,
    pub selected_n: &'static str,
    pub download_zip: &'static str,
    pub delete: &'static str,
    pub delete_confirm: &'static str,
    pub keep: &'static str,
    pub undo: &'static str,
    pub deleted_n: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub import_failed: &'static str,
    pub storage_full: &'static str,
    pub storage_unavailable: &'static str,
    pub storage_failed: &'static str,
    pub skipped_records: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub close: &'static str,
    pub copy_image: &'static str,
    pub image_copied: &'static str,
    pub reuse: &'static str,
    pub made_at: &'static str,
    pub took: &'static str,
    pub select_image: &'static str,
    pub link_not_kept: &'static str,
    /// `{c}` the character, `{n}` its position.
    pub key_unsendable: &'static str,
    /// `{added}` of `{total}`.
    pub imported_of: &'static str,
    pub imported_present: &'static str,
    pub imported_shared: &'static str,
    pub imported_unreadable: &'static str,
    pub imported_cancelled: &'static str,
    pub imported_full: &'static str,
    pub import_interrupted: &'static str,
    pub import_too_many: &'static str,
    pub not_pictures: &'static str,
    pub importing: &'static str,
    pub cancel_import: &'static str,
    pub unknown_time: &'static str,
    pub draft_not_kept: &'static str,
    pub preparing_download: &'static str,
    /// `{shown}` of `{total}`.
    pub models_more: &'static str,
    pub link_refused: &'static str,
    pub link_not_image: &'static str,
    pub errors: fn(ErrorKind) -> Advice,
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
    model: "Model",
    count: "Number of images",
    prompt: "Prompt",
    prompt_placeholder: "A sunset over the sea, oil painting",
    generate: "Generate",
    generating: "Generating…",
    waiting: "Generating… {s} s",
    slow_hint: "Still waiting. Providers can be slow, and a rate-limit (429) answer can take over 20 s to arrive.",
    cancel: "Cancel",
    retry: "Try again",
    results_heading: "Results",
    empty_state: "Your images will appear here.",
    download: "Download",
    image_alt: "Generated image",
    revised_prompt: "Revised prompt",
    details: "Details",
    gateway_said: "The gateway said",
    done: "{n} image(s) in {s} s.",
    fewer: "Only {got} of {asked} images came back.",
    skipped_item: "Image {i} was not shown",
    image_failed_to_load: "The browser could not display this image.",
    config_invalid: "config.json could not be used, so the defaults apply:",
    demo_key_in_use: "Using the local mock gateway's demo key.",
    method: "Method",
    method_standard: "Standard: /images/generations",
    method_chat: "Chat: /chat/completions",
    method_standard_hint: "One request returns all the images (Imagen, DALL·E…).",
    method_chat_hint: "One request per image, all sent at once (Gemini image models).",
    aspect: "Aspect ratio",
    aspect_default: "Model default",
    freshness: "Cache",
    freshness_cached: "Allow cached images",
    freshness_no_cache: "Fresh image: skip the gateway's cache",
    freshness_suffix: "Fresh image: random number after the prompt",
    freshness_hint: "A gateway with caching on can answer an identical prompt with the same image again.",
    fresh_no_cache_used: "Fresh image requested with \"cache\": {\"no-cache\": true}.",
    fresh_suffix_used: "Fresh image: a random number was added to the prompt, e.g. “{p}”.",
    models_loading: "Loading the gateway's models…",
    models_loaded: "{n} suitable models on this gateway; you may also type any name.",
    models_unavailable: "The gateway's model list could not be loaded ({why}); type a model name.",
    models_offered: "Models this gateway offers:",
    image_pending: "Image {i}…",
    image_failed: "Image {i}: {title}",
    retry_image: "Try this image again",
    ready_of: "{ready} of {total} images ready",
    partly_failed: "{failed} of {total} requests failed; each says why below.",
    reply: "The model said",
    show_code: "Show code",
    code_intro: "The request just sent, ready to run. The key is masked: set API_KEY to yours.",
    copy: "Copy",
    copied: "Copied",
    copy_failed: "Copying failed: select the text and copy it.",
    show_key: "Show",
    hide_key: "Hide",
    remember_key: "Remember the key on this device",
    forget_key: "Forget key",
    key_remembered: "The key is kept in this browser's local storage until you forget it.",
    key_this_tab: "The key is kept for this tab only and is gone when it closes.",
    locked_by_site: "The gateway address is set by this site.",
    link_not_kept: "{n} image(s) came as a link this page may not copy, so the gallery could not keep them.",
    gallery_heading: "Gallery",
    gallery_loading: "Opening the gallery…",
    gallery_empty: "Every image you generate is kept here, in this browser.",
    gallery_count: "{n} images",
    storage_used: "{used} used of {quota}",
    search: "Search prompts",
    no_matches: "No image matches this search.",
    select: "Select",
    done_selecting: "Done",
    select_all: "Select all",
    select_none: "Select none",
    selected_n: "{n} selected",
    download_zip: "Download .zip",
    delete: "Delete",
    delete_confirm: "Delete {n} image(s) from this browser?",
    keep: "Keep",
    undo: "Undo",
    deleted_n: "{n} image(s) deleted.",
    export: "Export history",
    import: "Import history…",
    import_failed: "That file could not be imported: {why}.",
    storage_full: "{n} image(s) could not be saved: this browser's storage for the site is full. They stay on screen with their download links; delete older images to make room.",
    storage_unavailable: "The gallery is unavailable in this browser ({why}): new images show and download, but are not kept after a reload.",
    storage_failed: "The gallery could not save or read: {why}.",
    skipped_records: "{n} saved record(s) could not be read and were left untouched.",
    previous: "Previous",
    next: "Next",
    close: "Close",
    copy_image: "Copy image",
    image_copied: "Image copied.",
    reuse: "Reuse prompt and settings",
    made_at: "Made",
    took: "Took {s} s",
    select_image: "Select image {n}",
    key_unsendable: "The key contains a character that cannot be sent: {c}, at position {n}. Paste the key again, or type it.",
    imported_of: "Imported {added} of {total} image(s).",
    imported_present: "{n} were already here.",
    imported_shared: "{n} named an image file another entry already uses, and were skipped.",
    imported_unreadable: "{n} could not be read as pictures, and were skipped.",
    imported_cancelled: "Cancelled: the rest were not imported.",
    imported_full: "This browser's storage is full: the rest were not imported.",
    import_interrupted: "An import was cut short by a reload or a closed tab: {added} of {total} images were imported. Import the file again to add the rest; images already here are skipped.",
    import_too_many: "it lists {n} images, and one import takes at most {limit}",
    not_pictures: "{n} image(s) could not be read as pictures and were not kept.",
    importing: "Importing… {done} of {total}",
    cancel_import: "Cancel import",
    unknown_time: "unknown time",
    preparing_download: "Preparing the download…",
    models_more: "Showing {shown} of {total}: type part of a name in the Model field to find others.",
    link_refused: "This image is on another server that does not let this page copy it, so it cannot be downloaded or kept here. Right-click it to save it, if your browser allows.",
    link_not_image: "The gateway's link leads to something that is not an image: nothing to download.",
    draft_not_kept: "This prompt is too long to keep in this browser ({n} characters): it will not survive a reload. Copy it somewhere safe.",
    errors: |kind| {
        match kind {
        ErrorKind::MissingKey => a("No API key", "Type your API key for the gateway in the API key field."),
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
        ErrorKind::Timeout => a("The gateway took too long", "No answer arrived in time. Try again, perhaps with fewer images."),
        ErrorKind::Cancelled => a("Cancelled", "Nothing was lost: change the prompt or settings and generate again."),
    }
    },
};

pub static VI: Texts = Texts {
    tagline: "Tạo ảnh qua cổng AI của bạn, ngay trong trình duyệt.",
    language: "Ngôn ngữ",
    settings_heading: "Cổng API",
    base_url: "Địa chỉ gốc (Base URL)",
    base_url_hint: "Địa chỉ tương thích OpenAI của cổng, ví dụ https://api.thucchien.ai/v1",
    api_key: "Khóa API",
    api_key_hint: "Chỉ được gửi tới cổng ở trên, trong header Authorization.",
    model: "Mô hình",
    count: "Số lượng ảnh",
    prompt: "Mô tả (prompt)",
    prompt_placeholder: "Hoàng hôn trên biển, phong cách sơn dầu",
    generate: "Tạo ảnh",
    generating: "Đang tạo…",
    waiting: "Đang tạo… {s} giây",
    slow_hint: "Vẫn đang chờ. Nhà cung cấp có thể chậm, và câu trả lời giới hạn tốc độ (429) có thể mất hơn 20 giây.",
    cancel: "Hủy",
    retry: "Thử lại",
    results_heading: "Kết quả",
    empty_state: "Ảnh của bạn sẽ hiện ở đây.",
    download: "Tải xuống",
    image_alt: "Ảnh được tạo",
    revised_prompt: "Prompt đã được chỉnh",
    details: "Chi tiết",
    gateway_said: "Cổng trả lời",
    done: "{n} ảnh trong {s} giây.",
    fewer: "Chỉ nhận được {got} trên {asked} ảnh.",
    skipped_item: "Ảnh {i} không được hiển thị",
    image_failed_to_load: "Trình duyệt không hiển thị được ảnh này.",
    config_invalid: "Không dùng được config.json, nên áp dụng cài đặt mặc định:",
    demo_key_in_use: "Đang dùng khóa thử của cổng mô phỏng cục bộ.",
    method: "Phương pháp",
    method_standard: "Chuẩn: /images/generations",
    method_chat: "Trò chuyện: /chat/completions",
    method_standard_hint: "Một yêu cầu trả về tất cả ảnh (Imagen, DALL·E…).",
    method_chat_hint: "Mỗi ảnh một yêu cầu, gửi cùng lúc (các mô hình ảnh Gemini).",
    aspect: "Tỉ lệ khung hình",
    aspect_default: "Mặc định của mô hình",
    freshness: "Bộ nhớ đệm (cache)",
    freshness_cached: "Cho phép ảnh từ cache",
    freshness_no_cache: "Ảnh mới: bỏ qua cache của cổng",
    freshness_suffix: "Ảnh mới: thêm số ngẫu nhiên sau prompt",
    freshness_hint: "Cổng bật cache có thể trả lại đúng ảnh cũ cho cùng một prompt.",
    fresh_no_cache_used: "Đã yêu cầu ảnh mới bằng \"cache\": {\"no-cache\": true}.",
    fresh_suffix_used: "Ảnh mới: đã thêm số ngẫu nhiên vào prompt, ví dụ “{p}”.",
    models_loading: "Đang tải danh sách mô hình của cổng…",
    models_loaded: "Cổng có {n} mô hình phù hợp; bạn cũng có thể gõ tên bất kỳ.",
    models_unavailable: "Không tải được danh sách mô hình của cổng ({why}); hãy gõ tên mô hình.",
    models_offered: "Các mô hình cổng này cung cấp:",
    image_pending: "Ảnh {i}…",
    image_failed: "Ảnh {i}: {title}",
    retry_image: "Thử lại ảnh này",
    ready_of: "Đã xong {ready} trên {total} ảnh",
    partly_failed: "{failed} trên {total} yêu cầu thất bại; lý do ở từng ảnh bên dưới.",
    reply: "Mô hình trả lời",
    show_code: "Xem mã",
    code_intro: "Yêu cầu vừa gửi, sẵn sàng để chạy. Khóa đã được che: đặt API_KEY bằng khóa của bạn.",
    copy: "Sao chép",
    copied: "Đã sao chép",
    copy_failed: "Không sao chép được: hãy chọn đoạn mã rồi sao chép.",
    show_key: "Hiện",
    hide_key: "Ẩn",
    remember_key: "Ghi nhớ khóa trên thiết bị này",
    forget_key: "Quên khóa",
    key_remembered: "Khóa được lưu trong bộ nhớ cục bộ của trình duyệt này cho đến khi bạn xóa.",
    key_this_tab: "Khóa chỉ được giữ trong thẻ này và mất khi đóng thẻ.",
    locked_by_site: "Địa chỉ cổng do trang này thiết lập.",
    link_not_kept: "Không giữ được {n} ảnh vì cổng trả về liên kết mà trang này không được phép sao chép.",
    gallery_heading: "Thư viện ảnh",
    gallery_loading: "Đang mở thư viện…",
    gallery_empty: "Mọi ảnh bạn tạo được giữ ở đây, trong trình duyệt này.",
    gallery_count: "{n} ảnh",
    storage_used: "Đã dùng {used} trên {quota}",
    search: "Tìm theo câu lệnh",
    no_matches: "Không có ảnh nào khớp.",
    select: "Chọn",
    done_selecting: "Xong",
    select_all: "Chọn tất cả",
    select_none: "Bỏ chọn",
    selected_n: "Đã chọn {n}",
    download_zip: "Tải về .zip",
    delete: "Xoá",
    delete_confirm: "Xoá {n} ảnh khỏi trình duyệt này?",
    keep: "Giữ lại",
    undo: "Hoàn tác",
    deleted_n: "Đã xoá {n} ảnh.",
    export: "Xuất lịch sử",
    import: "Nhập lịch sử…",
    import_failed: "Không nhập được tệp này: {why}.",
    storage_full: "Không lưu được {n} ảnh: bộ nhớ của trình duyệt cho trang này đã đầy. Ảnh vẫn hiện với liên kết tải về; hãy xoá bớt ảnh cũ để có chỗ.",
    storage_unavailable: "Thư viện không dùng được trong trình duyệt này ({why}): ảnh mới vẫn hiện và tải về được, nhưng không được giữ sau khi tải lại trang.",
    storage_failed: "Thư viện không lưu hoặc đọc được: {why}.",
    skipped_records: "{n} bản ghi đã lưu không đọc được và được để nguyên.",
    previous: "Trước",
    next: "Sau",
    close: "Đóng",
    copy_image: "Sao chép ảnh",
    image_copied: "Đã sao chép ảnh.",
    reuse: "Dùng lại câu lệnh và cài đặt",
    made_at: "Tạo lúc",
    took: "Mất {s} giây",
    select_image: "Chọn ảnh {n}",
    key_unsendable: "Khóa có một ký tự không thể gửi: {c}, ở vị trí {n}. Hãy dán lại hoặc gõ lại khóa.",
    imported_of: "Đã nhập {added} trên {total} ảnh.",
    imported_present: "{n} ảnh đã có sẵn.",
    imported_shared: "{n} mục trỏ tới tệp ảnh mà mục khác đã dùng, nên được bỏ qua.",
    imported_unreadable: "{n} mục không đọc được thành ảnh, nên được bỏ qua.",
    imported_cancelled: "Đã hủy: phần còn lại không được nhập.",
    imported_full: "Bộ nhớ của trình duyệt đã đầy: phần còn lại không được nhập.",
    import_interrupted: "Lần nhập trước bị ngắt do tải lại hoặc đóng thẻ: đã nhập {added} trên {total} ảnh. Hãy nhập lại tệp để thêm phần còn lại; ảnh đã có sẽ được bỏ qua.",
    import_too_many: "tệp liệt kê {n} ảnh, mà mỗi lần nhập chỉ nhận tối đa {limit}",
    not_pictures: "{n} ảnh không đọc được thành hình nên không được giữ.",
    importing: "Đang nhập… {done} trên {total}",
    cancel_import: "Hủy nhập",
    unknown_time: "không rõ thời gian",
    preparing_download: "Đang chuẩn bị tải về…",
    models_more: "Đang hiện {shown} trên {total}: gõ một phần tên vào ô Mô hình để tìm mô hình khác.",
    link_refused: "Ảnh này nằm trên máy chủ khác không cho trang này sao chép, nên không tải về hay lưu ở đây được. Hãy nhấp chuột phải để lưu, nếu trình duyệt cho phép.",
    link_not_image: "Liên kết của cổng dẫn tới thứ không phải ảnh: không có gì để tải về.",
    draft_not_kept: "Prompt này quá dài để lưu trong trình duyệt ({n} ký tự): nó sẽ mất khi tải lại trang. Hãy chép nó ra chỗ an toàn.",
    errors: |kind| {
        match kind {
        ErrorKind::MissingKey => a("Chưa có khóa API", "Nhập khóa API của cổng vào ô Khóa API."),
        ErrorKind::UnsendableKey => a("Không gửi được khóa API", "Khóa có một ký tự không thể gửi trong yêu cầu; dòng ghi chú dưới ô Khóa API cho biết ký tự nào. Hãy dán lại hoặc gõ lại khóa."),
        ErrorKind::EmptyPrompt => a("Chưa có mô tả", "Hãy mô tả bức ảnh bạn muốn vào ô prompt."),
        ErrorKind::InvalidBaseUrl => a("Địa chỉ gốc không hợp lệ", "Nhập địa chỉ bắt đầu bằng https:// (hoặc http:// cho cổng cục bộ)."),
        ErrorKind::Unauthorized => a("Cổng từ chối khóa API", "Kiểm tra khóa API: có thể gõ sai, đã hết hạn hoặc thuộc cổng khác."),
        ErrorKind::UnknownModel => a("Mô hình không tồn tại", "Chọn một mô hình mà cổng cung cấp cho khóa của bạn."),
        ErrorKind::UnsupportedParam => a("Tùy chọn không được hỗ trợ", "Mô hình này không nhận một tùy chọn đã gửi; hãy đổi tùy chọn hoặc mô hình."),
        ErrorKind::BadRequest => a("Yêu cầu bị từ chối", "Kiểm tra prompt và các tùy chọn rồi thử lại."),
        ErrorKind::WrongEndpoint => a("Không có dịch vụ ở địa chỉ này", "Kiểm tra địa chỉ gốc: thường kết thúc bằng /v1."),
        ErrorKind::RateLimited => a("Quá nhiều yêu cầu", "Cổng hoặc nhà cung cấp đang giới hạn tốc độ. Đợi một phút rồi thử lại."),
        ErrorKind::Upstream => a("Cổng hoặc nhà cung cấp gặp lỗi", "Lỗi nằm ở phía họ. Thử lại sau giây lát, hoặc thử mô hình khác."),
        ErrorKind::Blocked => a("Bị bộ lọc an toàn chặn", "Nhà cung cấp từ chối prompt hoặc ảnh này. Hãy diễn đạt lại prompt rồi thử lại."),
        ErrorKind::Empty => a("Không nhận được ảnh", "Cổng đã trả lời nhưng không gửi ảnh. Thử lại hoặc thử mô hình khác."),
        ErrorKind::NotJson => a("Câu trả lời bất thường", "Một thành phần giữa bạn và cổng (proxy, tường lửa) trả về trang web thay vì dữ liệu. Kiểm tra địa chỉ gốc hoặc thử lại sau."),
        ErrorKind::Truncated => a("Câu trả lời bị cắt ngang", "Kết nối bị ngắt trước khi nhận đủ dữ liệu. Hãy thử lại."),
        ErrorKind::UnknownShape => a("Không nhận ra câu trả lời", "Câu trả lời của cổng không đúng định dạng ứng dụng biết. Kiểm tra địa chỉ gốc và mô hình."),
        ErrorKind::Network => a("Không kết nối được tới cổng", "Kiểm tra kết nối mạng và địa chỉ gốc. Nếu đều đúng, cổng phải cho phép nguồn (origin) của trang này (CORS)."),
        ErrorKind::Timeout => a("Cổng phản hồi quá lâu", "Không có câu trả lời kịp thời. Hãy thử lại, có thể với ít ảnh hơn."),
        ErrorKind::Cancelled => a("Đã hủy", "Không mất gì cả: sửa prompt hoặc cài đặt rồi tạo lại."),
    }
    },
};

/// The texts for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Vi => &VI,
    }
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// Milliseconds as seconds with one decimal, `1.5`. Integer arithmetic:
/// float formatting would add ~10 KB of code to the bundle.
pub fn seconds(ms: f64) -> String {
    let tenths = (ms.max(0.0) / 100.0).round() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn language_codes() {
        assert_eq!(Lang::from_code("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(seconds(1449.0), "1.4");
        assert_eq!(seconds(1450.0), "1.5");
        assert_eq!(seconds(0.0), "0.0");
        assert_eq!(seconds(-5.0), "0.0");
        assert_eq!(seconds(123_456.0), "123.5");
        assert_eq!(
            fill(EN.done, &[("n", "2"), ("s", "1.5")]),
            "2 image(s) in 1.5 s."
        );
    }
}
