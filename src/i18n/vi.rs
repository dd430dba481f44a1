//! Tiếng Việt. Nouns take no plural; numbers group thousands with a dot
//! and use a decimal comma ("2.500 ảnh", "4,2 giây").                [pure]

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
    grouped(count, '.')
}

fn s(ms: f64) -> String {
    seconds(ms, ',')
}

fn images(count: usize) -> String {
    format!("{} ảnh", n(count))
}

const fn a(title: &'static str, advice: &'static str) -> Advice {
    Advice { title, advice }
}

pub static VI: Texts = Texts {
    tagline: "Tạo ảnh qua cổng AI của bạn, ngay trong trình duyệt.",
    language: "Ngôn ngữ",
    settings_heading: "Cổng API",
    base_url: "Địa chỉ gốc (Base URL)",
    base_url_hint: "Địa chỉ tương thích OpenAI của cổng, ví dụ https://api.thucchien.ai/v1",
    api_key: "Khóa API",
    api_key_hint: "Chỉ được gửi tới cổng ở trên, trong header Authorization.",
    demo_key_in_use: "Đang dùng khóa thử của cổng mô phỏng cục bộ.",
    show_key: "Hiện",
    hide_key: "Ẩn",
    remember_key: "Ghi nhớ khóa trên thiết bị này",
    forget_key: "Xóa khóa",
    key_remembered: "Khóa được lưu trong bộ nhớ cục bộ của trình duyệt này cho đến khi bạn xóa.",
    key_this_page: "Khóa chỉ được giữ tạm trong trang này: tải lại trang hoặc đóng thẻ thì khóa sẽ mất.",
    key_forgotten: "Đã xóa khóa: trình duyệt này không còn lưu khóa nào.",
    locked_by_site: "Địa chỉ cổng do trang này thiết lập.",
    gateway_line: |host, key| {
        let key = match key {
            KeyShown::Missing => "chưa có khóa".to_string(),
            KeyShown::Demo => "khóa thử".to_string(),
            KeyShown::Set => "đã có khóa".to_string(),
            KeyShown::Ending(end) => format!("khóa kết thúc bằng …{end}"),
        };
        format!("{} · {key}", host.unwrap_or("chưa có địa chỉ"))
    },
    gateway_of_site: "cổng của trang này",
    gateway_change: "Đổi",
    gateway_hide: "Thu gọn",
    key_unsendable: |c, at| {
        fill(
            "Khóa có một ký tự không thể gửi: {c}, ở vị trí {at}. Hãy dán lại hoặc gõ lại khóa.",
            &[("c", c), ("at", &at.to_string())],
        )
    },
    config_slow: "Đang chờ cài đặt của trang này (config.json). Nút Tạo ảnh và trợ lý prompt sẽ đợi cài đặt này, để khóa của bạn chỉ được gửi tới cổng mà trang chỉ định. Nếu thông báo này vẫn không biến mất, hãy tải lại trang.",
    config_invalid: "Không dùng được config.json, nên áp dụng cài đặt mặc định:",
    config_problem: |problem| match problem {
        ConfigProblem::NotJson => "tệp không phải JSON hợp lệ".into(),
        ConfigProblem::NotAnObject => "tệp phải chứa một đối tượng JSON { … }".into(),
        ConfigProblem::BadValue { field, expected } => {
            format!("“{field}” phải là {}", expected_value(*expected))
        }
        ConfigProblem::BadTimeout => "“timeoutSeconds” phải là số nguyên từ 5 đến 600".into(),
        ConfigProblem::UnknownField(field) => format!("trường lạ “{field}”"),
        ConfigProblem::KeyInFile(field) => format!(
            "không chấp nhận “{field}”: khóa API đặt trong config.json sẽ lộ cho mọi người truy cập trang"
        ),
        ConfigProblem::LockNotAList => {
            "“lock” phải là danh sách tên trường, ví dụ [\"baseUrl\"]".into()
        }
        ConfigProblem::CannotLock(field) => format!(
            "“lock” không khóa được “{field}”: chỉ nhận baseUrl, method, model, chatModel, count, language"
        ),
        ConfigProblem::LockWithoutValue(field) => {
            format!("“lock” có “{field}”, nhưng tệp không đặt giá trị cho trường này")
        }
        ConfigProblem::BadOrigin(origin) => format!(
            "“notifyParentOrigin” phải là một nguồn (origin) như \"https://portal.example\", không phải \"{origin}\" (\"*\" sẽ giao mọi ảnh cho bất kỳ trang nào nhúng trang này)"
        ),
    },
    prompt: "Mô tả (prompt)",
    prompt_placeholder: "Hoàng hôn trên biển, phong cách sơn dầu",
    draft_not_kept: |chars| {
        format!("Prompt này quá dài để lưu trong trình duyệt ({} ký tự) nên sẽ mất khi tải lại trang. Hãy sao chép và cất ở chỗ khác.", n(chars))
    },
    method: "Phương thức",
    method_standard: "Chuẩn: /images/generations",
    method_chat: "Chat: /chat/completions",
    method_standard_hint: "Một yêu cầu trả về tất cả ảnh (Imagen, DALL·E…).",
    method_chat_hint: "Mỗi ảnh một yêu cầu, gửi cùng lúc (các mô hình ảnh Gemini).",
    model: "Mô hình",
    models_loaded: |count| {
        format!("Cổng có {} mô hình phù hợp; bạn cũng có thể gõ tên bất kỳ.", n(count))
    },
    models_unavailable: |why| {
        format!("Không tải được danh sách mô hình của cổng ({why}); hãy gõ tên mô hình.")
    },
    models_offered: "Các mô hình cổng này cung cấp:",
    models_more: |shown, total| {
        format!("Đang hiện {} trên {}: gõ một phần tên vào ô Mô hình để tìm mô hình khác.", n(shown), n(total))
    },
    count: "Số lượng ảnh",
    one_per_turn: "Khi sửa dần, mỗi lượt tạo một ảnh.",
    aspect: "Tỉ lệ khung hình",
    aspect_default: "Theo mô hình",
    freshness: "Bộ nhớ đệm (cache)",
    freshness_cached: "Cho phép ảnh từ cache",
    freshness_no_cache: "Ảnh mới: bỏ qua cache của cổng",
    freshness_suffix: "Ảnh mới: thêm số ngẫu nhiên sau prompt",
    freshness_hint: "Cổng bật cache có thể trả lại đúng ảnh cũ cho cùng một prompt.",
    generate: "Tạo ảnh",
    generating: "Đang tạo…",
    cancel: "Hủy",
    retry: "Thử lại",
    empty_state: "Ảnh của bạn sẽ hiện ở đây.",
    run_interrupted: "Bạn đã rời hoặc tải lại trang khi ảnh đang được tạo, nên ảnh không hiện về đây (dù cổng có thể đã tạo xong). Prompt của bạn vẫn còn: bấm Tạo ảnh để gửi lại.",
    run_interrupted_no_key: "Bạn đã rời hoặc tải lại trang khi ảnh đang được tạo, nên ảnh không hiện về đây (dù cổng có thể đã tạo xong). Prompt của bạn vẫn còn: hãy nhập lại khóa API (khóa không được ghi nhớ), rồi bấm Tạo ảnh để gửi lại.",
    waiting: |ms| format!("Đang tạo… {} giây", s(ms)),
    slow_hint: "Vẫn đang chờ. Nhà cung cấp có thể phản hồi chậm, và phản hồi báo giới hạn tốc độ (429) có thể mất hơn 20 giây mới tới.",
    ready_of: |ready, total| format!("Đã xong {} trên {}", n(ready), images(total)),
    done: |shown, ms| format!("{} trong {} giây.", images(shown), s(ms)),
    fewer: |got, asked| format!("Chỉ nhận được {} trên {}.", n(got), images(asked)),
    partly_failed: |failed, total| {
        format!("{} trên {} yêu cầu thất bại; lý do ở từng ảnh bên dưới.", n(failed), n(total))
    },
    fresh_no_cache_used: "Đã yêu cầu ảnh mới bằng \"cache\": {\"no-cache\": true}.",
    fresh_suffix_used: |sent| format!("Ảnh mới: đã thêm số ngẫu nhiên vào prompt, ví dụ “{sent}”."),
    gateway_said: "Cổng trả lời",
    details: "Chi tiết",
    errors: |kind| match kind {
        ErrorKind::MissingKey => a("Chưa có khóa API", "Nhập khóa API của cổng vào ô Khóa API."),
        ErrorKind::ImagesNeedChat => a("Ảnh chỉ gửi được bằng phương thức chat", "Chỉ phương thức chat (mô hình ảnh Gemini) nhận ảnh. Hãy chọn chat, hoặc bỏ các ảnh đi."),
        ErrorKind::TooManyImages => a("Quá nhiều ảnh cho mô hình này", "Hãy bỏ bớt ảnh: mô hình chỉ nhận vài ảnh trong mỗi yêu cầu."),
        ErrorKind::TooLarge => a("Ảnh quá lớn để gửi", "Tổng dung lượng ảnh vượt quá giới hạn 20 MB của một yêu cầu. Hãy bỏ bớt một ảnh hoặc dùng ảnh nhỏ hơn."),
        ErrorKind::UnsendableKey => a("Không gửi được khóa API", "Khóa có một ký tự không thể gửi trong yêu cầu; dòng ghi chú dưới ô Khóa API cho biết ký tự nào. Hãy dán lại hoặc gõ lại khóa."),
        ErrorKind::EmptyPrompt => a("Chưa có mô tả", "Hãy mô tả bức ảnh bạn muốn trong ô Mô tả (prompt)."),
        ErrorKind::InvalidBaseUrl => a("Địa chỉ gốc không hợp lệ", "Nhập địa chỉ bắt đầu bằng https:// (hoặc http:// cho cổng cục bộ)."),
        ErrorKind::Unauthorized => a("Cổng từ chối khóa API", "Kiểm tra khóa API: có thể gõ sai, đã hết hạn hoặc thuộc cổng khác."),
        ErrorKind::UnknownModel => a("Không tìm thấy mô hình", "Chọn một mô hình mà cổng cung cấp cho khóa của bạn."),
        ErrorKind::UnsupportedParam => a("Tùy chọn không được hỗ trợ", "Mô hình này không hỗ trợ một trong các tùy chọn đã gửi; hãy đổi tùy chọn hoặc đổi mô hình."),
        ErrorKind::BadRequest => a("Yêu cầu bị từ chối", "Kiểm tra prompt và các tùy chọn rồi thử lại."),
        ErrorKind::WrongEndpoint => a("Không có dịch vụ ở địa chỉ này", "Kiểm tra địa chỉ gốc: thường kết thúc bằng /v1."),
        ErrorKind::RateLimited => a("Quá nhiều yêu cầu", "Cổng hoặc nhà cung cấp đang giới hạn tốc độ. Đợi một phút rồi thử lại."),
        ErrorKind::Upstream => a("Cổng hoặc nhà cung cấp gặp lỗi", "Lỗi nằm ở phía họ. Thử lại sau giây lát, hoặc thử mô hình khác."),
        ErrorKind::Blocked => a("Bị bộ lọc an toàn chặn", "Nhà cung cấp từ chối prompt hoặc ảnh này. Hãy diễn đạt lại prompt rồi thử lại."),
        ErrorKind::Empty => a("Không nhận được ảnh", "Cổng đã trả lời nhưng không gửi ảnh. Thử lại hoặc thử mô hình khác."),
        ErrorKind::NotJson => a("Câu trả lời bất thường", "Một thành phần giữa bạn và cổng (proxy, tường lửa) trả về trang web thay vì dữ liệu. Kiểm tra địa chỉ gốc hoặc thử lại sau."),
        ErrorKind::Truncated => a("Câu trả lời bị cắt ngang", "Kết nối bị ngắt trước khi nhận đủ dữ liệu. Hãy thử lại."),
        ErrorKind::UnknownShape => a("Không nhận ra câu trả lời", "Câu trả lời của cổng không đúng định dạng ứng dụng biết. Kiểm tra địa chỉ gốc và mô hình."),
        ErrorKind::Network => a("Không kết nối được tới cổng", "Kiểm tra kết nối mạng và địa chỉ gốc. Nếu cả hai đều đúng, cổng cần cho phép nguồn (origin) của trang này gửi yêu cầu từ trình duyệt (CORS)."),
        ErrorKind::Offline => a("Không có kết nối mạng", "Thiết bị đang ngoại tuyến. Hãy bật Wi-Fi hoặc dữ liệu di động rồi thử lại: prompt và ảnh của bạn vẫn được giữ."),
        ErrorKind::Timeout => a("Cổng phản hồi quá lâu", "Không nhận được câu trả lời kịp thời. Hãy thử lại, nếu cần thì giảm số lượng ảnh."),
        ErrorKind::Cancelled => a("Đã hủy", "Không mất gì cả: sửa prompt hoặc cài đặt rồi tạo lại."),
    },
    refusal: |refusal| match refusal {
        Refusal::Empty => "không có dữ liệu ảnh".into(),
        Refusal::BadBase64 => "không phải base64 hợp lệ".into(),
        Refusal::NotAnImage => "không phải ảnh PNG, JPEG, WebP hay GIF".into(),
        Refusal::DisallowedMime(mime) => format!("loại “{mime}” bị từ chối"),
        Refusal::DisallowedScheme(scheme) if scheme.is_empty() => "không phải địa chỉ".into(),
        Refusal::DisallowedScheme(scheme) => format!("địa chỉ “{scheme}:” bị từ chối"),
    },
    results_heading: "Kết quả",
    image_pending: |i| format!("Ảnh {i}…"),
    image_failed: |i, title| format!("Ảnh {i}: {title}"),
    skipped_item: |i, why| format!("Ảnh {i} không được hiển thị: {why}"),
    retry_image: "Thử lại ảnh này",
    image_alt: "Ảnh được tạo",
    image_failed_to_load: "Trình duyệt không hiển thị được ảnh này.",
    revised_prompt: "Prompt đã được mô hình chỉnh lại",
    reply: "Mô hình trả lời",
    download: "Tải xuống",
    preparing_download: "Đang chuẩn bị tải xuống…",
    link_refused: "Ảnh này nằm trên một máy chủ khác không cho phép trang này sao chép, nên không thể tải xuống hay lưu vào thư viện. Hãy nhấp chuột phải (hoặc nhấn giữ trên điện thoại) vào ảnh để lưu, nếu trình duyệt cho phép.",
    link_timed_out: |s| format!("Máy chủ của ảnh không trả lời trong {s} giây, nên không thể tải xuống hay lưu ảnh ở đây."),
    link_not_image: "Liên kết của cổng dẫn tới thứ không phải ảnh: không có gì để tải xuống.",
    show_code: "Xem mã",
    code_intro: "Đây là yêu cầu vừa gửi, có thể chạy ngay. Khóa đã được che: hãy gán khóa của bạn cho biến API_KEY.",
    method_name: |method| match method {
        Method::Standard => "chuẩn",
        Method::Chat => "chat",
    },
    matching: |found, total| format!("Khớp {}/{} ảnh.", n(found), n(total)),
    image_of: |at, total| format!("{}/{}", n(at), n(total)),
    code: Comments {
        your_key: |masked| format!("khóa của bạn ({masked})"),
        sent_times: |n| format!("Gửi {n} lần song song, mỗi lần một ảnh."),
        images_at: "Ảnh: .data[].b64_json (PNG base64) hoặc .data[].url",
        image_at: "Ảnh: .choices[0].message.images[0].image_url.url (một URL data:)",
    },
    copy: "Sao chép",
    copied: "Đã sao chép",
    copy_failed: "Không sao chép được: hãy chọn đoạn mã rồi sao chép.",
    gallery_heading: "Thư viện ảnh",
    gallery_loading: "Đang mở thư viện…",
    gallery_empty: "Mọi ảnh bạn tạo sẽ được lưu ở đây, ngay trong trình duyệt này.",
    gallery_count: images,
    storage_used: |used, quota| format!("Đã dùng {used} trên {quota}"),
    show_more: |next, left| format!("Xem thêm {} ảnh (còn {} ảnh chưa hiện)", n(next), n(left)),
    search: "Tìm theo prompt",
    no_matches: "Không có ảnh nào khớp.",
    select: "Chọn",
    done_selecting: "Xong",
    select_all: "Chọn tất cả",
    select_none: "Bỏ chọn",
    selected_n: |count| format!("Đã chọn {}", n(count)),
    download_zip: "Tải xuống .zip",
    delete: "Xóa",
    delete_confirm: |count| format!("Xóa {} khỏi trình duyệt này?", images(count)),
    keep: "Giữ lại",
    undo: "Hoàn tác",
    export: "Xuất lịch sử",
    import: "Nhập lịch sử…",
    importing: |done, total| format!("Đang nhập… {} trên {}", n(done), n(total)),
    cancel_import: "Hủy nhập",
    notice: |notice| match notice {
        Notice::Unavailable(why) => format!("Thư viện không dùng được trong trình duyệt này{}: ảnh mới vẫn hiện và tải xuống được, nhưng sẽ mất khi tải lại trang.", aside(why)),
        Notice::Full(count) => format!("Không lưu được {}: bộ nhớ của trình duyệt dành cho trang này đã đầy. Ảnh vẫn hiện cùng liên kết tải xuống; hãy xóa bớt ảnh cũ để có chỗ.", images(*count)),
        Notice::Failed(why) => format!("Thư viện không lưu hoặc đọc được dữ liệu{}.", aside(why)),
        Notice::Skipped(count) => format!("{} bản ghi đã lưu không đọc được và được để nguyên.", n(*count)),
        Notice::Imported(report) => {
            let mut text = format!("Đã nhập {} trên {}.", n(report.added), images(report.total));
            for (count, sentence) in [
                (report.present, "{n} ảnh đã có sẵn."),
                (report.shared, "{n} mục trỏ tới tệp ảnh mà mục khác đã dùng, nên được bỏ qua."),
                (report.unreadable, "{n} mục không đọc được dưới dạng ảnh nên bị bỏ qua."),
                (report.damaged, "{n} mục bị hỏng trong tệp (không khớp mã kiểm tra của zip), nên được bỏ qua."),
            ] {
                if count > 0 {
                    text.push(' ');
                    text.push_str(&fill(sentence, &[("n", &n(count))]));
                }
            }
            if report.cancelled {
                text.push_str(" Đã hủy: phần còn lại không được nhập.");
            }
            if report.full {
                text.push_str(" Bộ nhớ của trình duyệt đã đầy: phần còn lại không được nhập.");
            }
            if let Some(why) = &report.stopped {
                text.push_str(&format!(" Sau đó việc nhập dừng lại: {}; phần còn lại không được nhập.", import_error(why)));
            }
            text
        }
        Notice::ImportInterrupted { added, total } => format!("Lần nhập trước bị ngắt do tải lại hoặc đóng thẻ: đã nhập {} trên {}. Hãy nhập lại tệp để thêm phần còn lại; ảnh đã có sẽ được bỏ qua.", n(*added), images(*total)),
        Notice::ImportFailed(why) => format!("Không nhập được tệp này: {}.", import_error(why)),
        Notice::NotPictures(count) => format!("{} không đọc được dưới dạng ảnh nên không được lưu.", images(*count)),
        Notice::Deleted(count) => format!("Đã xóa {}.", images(*count)),
        Notice::Restored(count) => format!("Đã khôi phục {}.", images(*count)),
        Notice::ZipTooLarge => "Số ảnh đã chọn quá nhiều hoặc quá lớn để gói vào một tệp zip (trên 4 GB hoặc 65.535 tệp): hãy chọn ít ảnh hơn và tải xuống từng phần.".to_string(),
        Notice::ZipRefused(why) => format!("Trình duyệt không tạo được tệp zip{}: hãy chọn ít ảnh hơn rồi thử lại.", aside(why)),
        Notice::NoLongerKept => "Ảnh này đã bị xóa khỏi thư viện nên không xem lớn được nữa. Nút Tải xuống của ảnh vẫn dùng được.".to_string(),
        Notice::LinkNotKept(count) => format!("Thư viện không giữ được {} gửi dưới dạng liên kết: không tải được ảnh về trang này (lý do ghi dưới ảnh).", images(*count)),
    },
    import_error,
    previous: "Trước",
    next: "Sau",
    close: "Đóng",
    copy_image: "Sao chép ảnh",
    copy_not_allowed: "Không sao chép được: trình duyệt không cho phép ở đây; hãy chọn ảnh rồi sao chép.",
    copy_not_png: "Không sao chép được: trình duyệt không chuyển đổi được định dạng ảnh; hãy tải ảnh xuống.",
    image_copied: "Đã sao chép ảnh.",
    image_not_copied: |why| format!("Không sao chép được: hãy chọn ảnh rồi sao chép{}.", aside(why)),
    share_image: "Chia sẻ…",
    share_not_allowed: "Không chia sẻ được: trình duyệt không cho phép ở đây; hãy tải ảnh xuống.",
    image_not_shared: |why| match why {
        "" => "Không chia sẻ được: hãy tải ảnh xuống.".into(),
        why => format!("Không chia sẻ được: hãy tải ảnh xuống ({why})."),
    },
    reuse: "Dùng lại prompt và cài đặt",
    made_at: "Tạo lúc",
    took: |ms| format!("Mất {}\u{a0}giây", s(ms)),
    unknown_time: "không rõ thời gian",
    untitled: "Ảnh không có prompt",
    // Editing.
    view_image: "(xem ảnh lớn)",
    edit_this: "Sửa ảnh này",
    references: "Ảnh tham chiếu",
    references_hint: "Phương thức chat gửi các ảnh này kèm prompt: một ảnh cần sửa (hãy ghi rõ cần sửa gì), hoặc ảnh để lấy phong cách hay khuôn mặt. Chọn tệp, thả tệp vào trang, hoặc dán ảnh.",
    add_references: "Thêm ảnh…",
    clear_references: "Bỏ tất cả",
    references_total: |count, size, most| {
        format!("{} ảnh · cần gửi {size}. Mô hình này nhận tối đa {} ảnh.", n(count), n(most))
    },
    references_too_many: |count, size, most| {
        format!(
            "{} ảnh · cần gửi {size}: mô hình này chỉ nhận tối đa {} ảnh. Hãy bỏ bớt {} ảnh.",
            n(count),
            n(most),
            n(count.saturating_sub(most))
        )
    },
    go_to_images: "Tới danh sách ảnh",
    preparing_references: |count| format!("Đang chuẩn bị {} ảnh…", n(count)),
    reference_scaled: |w, h| format!("thu nhỏ từ {w}×{h}"),
    move_earlier: |name| format!("Đưa {name} lên trước"),
    move_later: |name| format!("Đưa {name} ra sau"),
    remove_reference: |name| format!("Bỏ {name}"),
    switched_to_chat: "Đã chuyển sang phương thức chat: chỉ chat gửi được ảnh.",
    edit_error: |error| {
        let why = match error.kind {
            EditErrorKind::NotAnImage => "không phải ảnh (PNG, JPEG, WebP hay GIF)",
            EditErrorKind::Undecodable => "trình duyệt không mở được ảnh này: có thể tệp bị hỏng",
            EditErrorKind::TooLarge => "quá lớn để gửi, kể cả khi đã thu nhỏ (mỗi yêu cầu mang tối đa 20 MB)",
            EditErrorKind::Unreadable => "trình duyệt không đọc hay thu nhỏ được tệp",
            EditErrorKind::AlreadyRefined => "đây là ảnh mà prompt tiếp theo sẽ sửa: ảnh này sẽ tự được gửi kèm prompt đó",
            EditErrorKind::NotKept => {
                return "Không lưu được các ảnh trong trình duyệt này: chúng sẽ mất khi tải lại trang.".into()
            }
            EditErrorKind::TurnUnread => {
                return format!(
                    "Không đọc được ảnh của lượt {} tại đây, nên lượt này không được tính: prompt tiếp theo sẽ sửa ảnh của lượt trước.",
                    error.file
                )
            }
        };
        format!("{}: {why}.", error.file)
    },
    refine_heading: "Sửa dần từng bước",
    refine_switch: "Mỗi prompt sửa tiếp ảnh mới nhất (trò chuyện với mô hình)",
    refine_empty: "Hãy tạo ảnh đầu tiên: prompt sau sẽ sửa nó, từng lượt một.",
    refine_hint: "Prompt tiếp theo sẽ sửa ảnh của lượt đang chọn. Muốn thử hướng khác, hãy tiếp tục từ một lượt trước đó: các lượt sau vẫn được giữ lại.",
    turn_title: |number, from, references| {
        let title = match from {
            Some(from) => format!("Lượt {number} (từ lượt {from})"),
            None => format!("Lượt {number}"),
        };
        match references {
            0 => title,
            n => format!("{title}, kèm {n} ảnh tham chiếu"),
        }
    },
    continue_from: "Tiếp tục từ đây",
    start_over: "Bắt đầu lại",
    start_over_confirm: |count| {
        format!("Bắt đầu lại? Cuộc trò chuyện này cùng {} lượt sẽ bị xóa (ảnh vẫn còn trong thư viện).", n(count))
    },
    assistant_images: "Cổng của tôi chuyển tiếp ảnh nằm trong lượt trả lời của mô hình (LiteLLM bản mới): gửi kết quả gần nhất ở đó thay vì kèm theo prompt",
    turn_of: |number| format!("lượt {number} của một cuộc trò chuyện"),
    mark_area: "Đánh dấu vùng",
    marking: |name| format!("Đánh dấu vùng trên {name}"),
    mark_hint: "Tô lên chỗ cần thay đổi (bằng chuột, ngón tay hoặc bút), rồi ghi trong prompt: “sửa vùng được đánh dấu thành …”. Bản đã tô sẽ được gửi đi; ảnh gốc vẫn được giữ nguyên.",
    mark_key_hint: "Nhấn Esc để đóng.",
    brush: "Cọ",
    clear_marks: "Xóa hết",
    done_marking: "Dùng bản đã tô",
    marked: "đã đánh dấu",
    use_original: "Dùng ảnh gốc",
    use_original_of: |name| format!("Dùng ảnh gốc của {name}"),
    continue_from_turn: |number| format!("Tiếp tục từ đây: lượt {number}"),
    edit_image: |number| format!("Sửa ảnh này: ảnh {number}"),
    share_result: |number| format!("Chia sẻ: ảnh {number}"),
    shortcuts: "Phím tắt: Ctrl+Enter (⌘+Enter) để tạo ảnh từ bất kỳ ô nào trong biểu mẫu; Esc để hủy; trong khung xem ảnh của thư viện, ← và → để chuyển ảnh, Esc để đóng.",
    theme: "Chế độ màu",
    theme_auto: "Theo hệ thống",
    theme_light: "Sáng",
    theme_dark: "Tối",
    helper: "Trợ lý prompt:",
    translate: "Dịch sang tiếng Anh",
    improve: "Viết chi tiết hơn",
    helper_waiting: "Đang hỏi mô hình văn bản…",
    helper_translated: "Bản tiếng Anh (có thể sửa):",
    helper_improved: "Prompt chi tiết (có thể sửa):",
    use_it: "Dùng bản này",
    discard: "Bỏ",
    helper_hint: "Cả mô hình chuẩn (Imagen) lẫn mô hình chat (ảnh Gemini) đều cho kết quả tốt nhất với prompt tiếng Anh: nhà phát triển xếp tiếng Việt vào nhóm ngôn ngữ được hỗ trợ kém hơn. Trợ lý nhờ một mô hình văn bản trên cổng của bạn; prompt chỉ thay đổi khi bạn bấm Dùng bản này.",
    helper_model: "Mô hình của trợ lý prompt",
    helper_model_hint: "Một mô hình văn bản của cổng (không phải mô hình ảnh), ví dụ gemini-2.5-flash.",
    helper_cancelled: "Prompt vẫn như cũ.",
};

fn import_error(error: &ImportError) -> String {
    match error {
        ImportError::Read(why) => format!("trình duyệt không đọc được tệp{}", aside(why)),
        ImportError::Zip(ZipError::NotAZip) => "đây không phải tệp zip, hoặc tệp chưa tải đủ".into(),
        ImportError::Zip(ZipError::TooLarge) => "tệp lớn hơn 4 GB hoặc chứa hơn 65.535 tệp".into(),
        ImportError::Zip(ZipError::Compressed(name)) => {
            format!("{name} trong tệp bị nén, mà tệp xuất của Sinh Ảnh không bao giờ nén")
        }
        ImportError::Zip(ZipError::Damaged(name)) => format!("{name} trong tệp bị hỏng"),
        ImportError::NoManifest => "tệp không có history.json: đây không phải tệp xuất của Sinh Ảnh".into(),
        ImportError::BadManifest(problem) => format!(
            "không đọc được history.json của tệp ({})",
            match problem {
                ManifestProblem::NotJson => "không phải JSON",
                ManifestProblem::NoApp => "không ghi tên ứng dụng đã tạo ra tệp",
                ManifestProblem::NoSchema => "thiếu số schema",
                ManifestProblem::NoImages => "thiếu danh sách ảnh",
                ManifestProblem::TooLarge => "lớn hơn 64 MB",
            }
        ),
        ImportError::NotOurs(app) => format!("tệp do “{app}” tạo, không phải Sinh Ảnh"),
        ImportError::Newer(schema) => format!(
            "tệp do một phiên bản Sinh Ảnh mới hơn tạo (schema {schema}): hãy tải lại trang để cập nhật"
        ),
        ImportError::TooMany { entries, limit } => format!(
            "tệp liệt kê {} ảnh, mà mỗi lần nhập chỉ nhận tối đa {}",
            n(*entries),
            n(*limit)
        ),
        ImportError::Store(StoreError::Full) => "bộ nhớ của trình duyệt đã đầy".into(),
        ImportError::Store(StoreError::Unavailable(why)) => {
            format!("thư viện không dùng được trong trình duyệt này{}", aside(why))
        }
        ImportError::Store(StoreError::Failed(why)) => {
            format!("thư viện không ghi được dữ liệu{}", aside(why))
        }
    }
}

fn expected_value(expected: Expected) -> &'static str {
    match expected {
        Expected::Address => "một địa chỉ http:// hoặc https://",
        Expected::MethodCode => "\"standard\" hoặc \"chat\"",
        Expected::ModelName => "tên một mô hình",
        Expected::Count => "số nguyên từ 1 đến 4",
        Expected::Ratio => "một tỉ lệ như \"16:9\", hoặc null",
        Expected::FreshnessCode => "\"cached\", \"no-cache\" hoặc \"random-suffix\"",
        Expected::LanguageCode => "\"en\" hoặc \"vi\"",
        Expected::ThemeCode => "\"auto\", \"light\" hoặc \"dark\"",
        Expected::Text => "một chuỗi ký tự",
    }
}
