//! One answer's images: each with its revised prompt, the model's words,
//! and a download link; and the items not shown, with why.

use crate::api::image::{GeneratedImage, ImageFormat, ImageSource};
use crate::api::response::Generation;
use crate::generate::state::use_generate;
use crate::generate::task::LinkState;
use crate::i18n::use_i18n;
use crate::made::ToEdit;
use crate::web::json::JsText;
use crate::web::{blob, fetch, share};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// What one answer brought.
#[component]
pub fn Answer(
    /// The run it answers.
    run: u64,
    /// The answer, read.
    generation: Arc<Generation<JsText>>,
    /// The prompt, for file names and `alt`.
    prompt: String,
    /// What became of the bytes of images sent as links.
    linked: ArcRwSignal<Vec<(usize, LinkState)>>,
    /// Counts the images the browser has shown or given up on.
    shown: ArcRwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let skipped = generation
        .skipped
        .iter()
        .map(|(i, why)| {
            let (number, why) = (i + 1, why.clone());
            let line = move || (i18n.t().skipped_item)(number, &(i18n.t().refusal)(&why));
            view! {
                <figure class="image-card skipped-card">
                    <figcaption class="warning">{line}</figcaption>
                </figure>
            }
        })
        .collect_view();
    let figures = generation
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            // The model's words go with the answer's first image.
            let reply = if i == 0 { generation.text.clone() } else { None };
            view! { <ImageCard run image=image.clone() prompt=prompt.clone() reply linked=linked.clone() shown=shown.clone()/> }
        })
        .collect_view();
    view! { {figures} {skipped} }
}

/// One image. Its URL stays the engine's string: it is handed to `<img>`
/// as a property, never copied through Rust.
#[component]
fn ImageCard(
    run: u64,
    image: GeneratedImage<JsText>,
    prompt: String,
    reply: Option<String>,
    linked: ArcRwSignal<Vec<(usize, LinkState)>>,
    shown: ArcRwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    // An image counts as shown once it has loaded and a frame has been
    // painted with it (or it failed): what follows the pixels (the full
    // check, the gallery's own decoding and thumbnails) never competes with
    // them. (Asking for `decode()` here would decode each image twice.)
    let loaded = {
        let shown = shown.clone();
        move |_| {
            let shown = shown.clone();
            leptos::task::spawn_local(async move {
                crate::web::schedule::after_paint().await;
                shown.update(|n| *n += 1);
            });
        }
    };
    let broken = move |_| {
        failed.set(true);
        shown.update(|n| *n += 1);
    };
    let url = image.source.url().clone();
    // Its size from its header: its place is drawn at its size before the
    // browser decodes it, and nothing moves when the pixels come.
    let size = image.source.size();
    let (width, height) = size.unzip();
    // At most as wide as the column, and as 78vh of height allows (the
    // stylesheet's max-height alone would squeeze it).
    let most = size.map(|(w, h)| format!("min(100%, calc(78vh * {w} / {h}))"));
    let file = image.file_name(&prompt);
    let share_file = file.clone();
    let number = image.index + 1;
    let alt = move || format!("{} {number}: {prompt}", i18n.t().image_alt);
    let card_name = alt.clone();
    let index = image.index;
    // This image's own link state: another image's link becoming ready
    // must not rebuild this one.
    let link = Memo::new(move |_| {
        linked.with(|links| {
            links
                .iter()
                .find(|(i, _)| *i == index)
                .map(|(_, link)| link.clone())
        })
    });
    let download = match &image.source {
        ImageSource::Data { .. } => {
            view! { <DataDownload url=url.clone() file=file.clone()/> }.into_any()
        }
        ImageSource::Remote(_) => {
            let file = file.clone();
            (move || view! { <LinkedDownload link=link.get() file=file.clone()/> }).into_any()
        }
    };
    let gen = use_generate();
    let linked_image = matches!(image.source, ImageSource::Remote(_));
    let source = StoredValue::new(image.source.clone());
    let edit = move |_| {
        let (source, name) = (source.get_value(), file.clone());
        leptos::task::spawn_local(async move {
            if let Some((image, _)) = bytes_of(&source, link.get_untracked()).await {
                gen.edit(ToEdit {
                    image: send_wrapper::SendWrapper::new(image),
                    name,
                });
            }
        });
    };
    // Share… where the browser has a share sheet (phones): from the card,
    // as from the gallery's viewer, the same file as the download. A
    // `data:` image is shared without a wait, inside the tap that asked
    // (browsers share only in answer to one).
    let not_shared = RwSignal::new(None::<share::ShareError>);
    let share = crate::web::share::can_share_images().then(|| {
        let tap = move |_| {
            let (source, file) = (source.get_value(), share_file.clone());
            not_shared.set(None);
            leptos::task::spawn_local(async move {
                let shared = match bytes_of(&source, link.get_untracked()).await {
                    Some((image, format)) => {
                        let name = named_as(&file, format);
                        share::share_image(&image, &name, format.mime()).await
                    }
                    // (Not offered before a linked image's bytes are here.)
                    None => Err(share::ShareError::Refused(String::new())),
                };
                not_shared.set(share::to_say(shared));
            });
        };
        view! {
            <button type="button" class="secondary share-image" on:click=tap
                hidden=move || linked_image && !matches!(link.get(), Some(LinkState::Ready(..)))
                aria-label=move || (i18n.t().share_result)(number)>
                {i18n.text(|t| t.share_image)}
            </button>
        }
    });
    view! {
        // Named as its image is: focus comes here when a run ends.
        <figure class="image-card" tabindex="-1" aria-label=card_name>
            // One click (or Enter) shows it large, in the gallery's lightbox.
            // Named by its content: the image's alt (the prompt), then what
            // the button does.
            <button type="button" class="view-image" on:click=move |_| gen.view(run, index)>
                <img width=width height=height style:max-width=most prop:src=url.as_js().clone() alt=alt elementtiming="result" on:load=loaded on:error=broken/>
                <span class="visually-hidden">{i18n.text(|t| t.view_image)}</span>
            </button>
            <figcaption>
                {move || failed.get().then(|| view! { <p class="warning">{i18n.t().image_failed_to_load}</p> })}
                {image.revised_prompt.clone().map(|revised| {
                    view! {
                        <p class="revised">
                            <span>{i18n.text(|t| t.revised_prompt)} ": "</span>
                            {revised}
                        </p>
                    }
                })}
                {reply.map(|text| {
                    view! {
                        <div class="reply">
                            <span>{i18n.text(|t| t.reply)} ": "</span>
                            <blockquote>{text}</blockquote>
                        </div>
                    }
                })}
                <div class="card-actions">
                    {download}
                    <div class="card-buttons">
                        {share}
                        // A linked image can be edited once its bytes are here.
                        <button type="button" class="secondary edit-this" on:click=edit
                            hidden=move || linked_image && !matches!(link.get(), Some(LinkState::Ready(..)))
                            aria-label=move || (i18n.t().edit_image)(number)>
                            {i18n.text(|t| t.edit_this)}
                        </button>
                    </div>
                </div>
                {move || not_shared.get().map(|error| view! { <p class="warning">{crate::i18n::share_failed(i18n.t(), &error)}</p> })}
            </figcaption>
        </figure>
    }
}

/// A result's bytes as a `Blob` of their real type, with that type, for
/// "Edit this" and Share…: from its `data:` URL, or from the bytes fetched
/// of its link.
async fn bytes_of(
    source: &ImageSource<JsText>,
    link: Option<LinkState>,
) -> Option<(Blob, ImageFormat)> {
    let bytes = match (source, link) {
        (ImageSource::Data { url, .. }, _) => blob::data_url_bytes(url)?,
        (ImageSource::Remote(_), Some(LinkState::Ready(url, _))) => {
            let call = fetch::Call {
                url: url.as_str(),
                ..fetch::Call::default()
            };
            fetch::bytes(call).await.ok()?.body
        }
        _ => return None,
    };
    blob::typed(&bytes)
}

/// `file` with the extension of what its bytes are, whatever a link said.
fn named_as(file: &str, format: ImageFormat) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    format!("{stem}.{}", format.extension())
}

/// The download of an image that came as a `data:` URL. The link gets its
/// (megabytes-long) `href` when someone reaches for it: pointer over it,
/// keyboard focus, or the click itself (the default action reads `href`
/// after the handler). Setting it up front made the browser take ~30 ms
/// more per 4 images before they were on screen.
#[component]
fn DataDownload(url: JsText, file: String) -> impl IntoView {
    let i18n = use_i18n();
    let armed = StoredValue::new(false);
    let url = StoredValue::new(url);
    let arm = move |target: Option<web_sys::EventTarget>| {
        if armed.get_value() {
            return;
        }
        let link = target.and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(link) = link {
            // A property set from the engine's own string: no copy.
            let set =
                url.with_value(|url| js_sys::Reflect::set(&link, &"href".into(), url.as_js()));
            if set.is_ok() {
                armed.set_value(true);
            }
        }
    };
    view! {
        <a
            class="download"
            href="#download"
            download=file
            on:pointerenter=move |ev| arm(ev.current_target())
            on:focus=move |ev| arm(ev.current_target())
            on:click=move |ev| arm(ev.current_target())
        >
            {i18n.text(|t| t.download)}
        </a>
    }
}

/// The download of an image the gateway sent as a link: a `blob:` of the
/// bytes fetched from it, or why there is none (never a link out to a page
/// that could be anything).
#[component]
fn LinkedDownload(link: Option<LinkState>, file: String) -> impl IntoView {
    let i18n = use_i18n();
    match link {
        None | Some(LinkState::Fetching) => view! {
            <span class="download pending">{i18n.text(|t| t.preparing_download)}</span>
        }
        .into_any(),
        Some(LinkState::Ready(url, format)) => {
            // The URL stays while the run does (see `LinkState::Ready`).
            let (url, name) = (url.as_str().to_owned(), named_as(&file, format));
            view! { <a class="download linked" href=url download=name>{i18n.text(|t| t.download)}</a> }
                .into_any()
        }
        Some(LinkState::Refused) => view! {
            <p class="warning link-refused">{i18n.text(|t| t.link_refused)}</p>
        }
        .into_any(),
        Some(LinkState::NotAnImage) => view! {
            <p class="warning link-not-image">{i18n.text(|t| t.link_not_image)}</p>
        }
        .into_any(),
        Some(LinkState::TimedOut(seconds)) => view! {
            <p class="warning link-timed-out">{move || (i18n.t().link_timed_out)(seconds)}</p>
        }
        .into_any(),
    }
}
