//! The gallery: every saved image, newest first, with search, selection
//! (zip, delete with undo), export/import, and a lightbox.

use crate::api::types::{Aspect, Method};
use crate::gallery::{copy_image, save_blob, today, Gallery, ImportError, Item, Notice};
use crate::history::Entry;
use crate::i18n::{fill, seconds, Texts};
use crate::state::{use_app_state, AppState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The gallery section, below the results.
#[component]
pub fn GallerySection() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let count = move || {
        let n = g.items.with(Vec::len);
        fill(state.t().gallery_count, &[("n", &n.to_string())])
    };
    let usage = move || {
        g.usage_text().map(|(used, quota)| {
            fill(
                state.t().storage_used,
                &[("used", &used), ("quota", &quota)],
            )
        })
    };
    let empty = move || g.items.with(Vec::is_empty);
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            leptos::task::spawn_local(g.import(file.into()));
        }
        // The same file can be chosen again.
        input.set_value("");
    };
    view! {
        <section class="gallery" aria-labelledby="gallery-heading">
            <div class="gallery-head">
                <h2 id="gallery-heading">
                    {state.text(|t| t.gallery_heading)} " " <span class="count">{count}</span>
                </h2>
                <p class="usage">{usage}</p>
            </div>
            <div class="gallery-tools">
                <input
                    type="search"
                    class="gallery-search"
                    aria-label=state.text(|t| t.search)
                    placeholder=state.text(|t| t.search)
                    bind:value=g.query
                />
                <button
                    type="button"
                    class="secondary"
                    aria-pressed=move || g.selecting.get().to_string()
                    disabled=move || empty() && !g.selecting.get()
                    on:click=act(state, Do::ToggleSelecting)
                >
                    {move || if g.selecting.get() { state.t().done_selecting } else { state.t().select }}
                </button>
                <button type="button" class="secondary" disabled=empty on:click=act(state, Do::Export)>
                    {state.text(|t| t.export)}
                </button>
                <label class="button secondary import">
                    {state.text(|t| t.import)}
                    <input
                        type="file"
                        class="visually-hidden"
                        accept=".zip,application/zip"
                        disabled=move || g.importing.get().is_some()
                        on:change=import
                    />
                </label>
            </div>
            <GalleryNotice/>
            <ImportProgress/>
            <Show when=move || g.selecting.get()>
                <SelectionBar/>
            </Show>
            <ul class="gallery-grid">
                <For each=move || g.visible() key=|item| item.entry.id let:item>
                    <Tile item/>
                </For>
            </ul>
            <p class="gallery-empty">
                {move || {
                    if !g.loaded.get() {
                        Some(state.t().gallery_loading)
                    } else if empty() {
                        Some(state.t().gallery_empty)
                    } else if g.matching().is_empty() {
                        Some(state.t().no_matches)
                    } else {
                        None
                    }
                }}
            </p>
            <Lightbox/>
        </section>
    }
}

/// An import under way: how far it is, and Cancel.
#[component]
fn ImportProgress() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    move || {
        let (done, total) = g.importing.get()?;
        let label = fill(
            state.t().importing,
            &[("done", &done.to_string()), ("total", &total.to_string())],
        );
        Some(view! {
            <div class="import-progress">
                <progress max=total.max(1).to_string() value=done.to_string() aria-label=label.clone()></progress>
                <span>{label}</span>
                <button type="button" class="secondary cancel-import" on:click=act(state, Do::CancelImport)>
                    {state.text(|t| t.cancel_import)}
                </button>
            </div>
        })
    }
}

/// What the gallery has to say (saved, full, deleted with Undo...).
#[component]
fn GalleryNotice() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let text = move || Some(notice_text(state.t(), g.notice.get()?));
    let kind = move || match g.notice.get() {
        Some(
            Notice::Full(_)
            | Notice::Failed(_)
            | Notice::Unavailable(_)
            | Notice::ImportFailed(_)
            | Notice::ImportInterrupted { .. }
            | Notice::NotPictures(_)
            | Notice::LinkNotKept(_),
        ) => "gallery-notice problem",
        _ => "gallery-notice",
    };
    view! {
        <div class=kind role="status" aria-live="polite">
            <span class="notice-text">{text}</span>
            <Show when=move || g.can_undo()>
                <button type="button" class="secondary undo" on:click=act(state, Do::Undo)>
                    {state.text(|t| t.undo)}
                </button>
            </Show>
        </div>
    }
}

/// A notice in words.
fn notice_text(t: &Texts, notice: Notice) -> String {
    let n = |n: usize| n.to_string();
    match notice {
        Notice::Unavailable(why) => fill(t.storage_unavailable, &[("why", &why)]),
        Notice::Full(count) => fill(t.storage_full, &[("n", &n(count))]),
        Notice::Failed(why) => fill(t.storage_failed, &[("why", &why)]),
        Notice::Skipped(count) => fill(t.skipped_records, &[("n", &n(count))]),
        Notice::Imported(report) => {
            let mut text = fill(
                t.imported_of,
                &[("added", &n(report.added)), ("total", &n(report.total))],
            );
            for (count, template) in [
                (report.present, t.imported_present),
                (report.shared, t.imported_shared),
                (report.unreadable, t.imported_unreadable),
            ] {
                if count > 0 {
                    text.push(' ');
                    text.push_str(&fill(template, &[("n", &n(count))]));
                }
            }
            for (flag, sentence) in [
                (report.cancelled, t.imported_cancelled),
                (report.full, t.imported_full),
            ] {
                if flag {
                    text.push(' ');
                    text.push_str(sentence);
                }
            }
            text
        }
        Notice::ImportInterrupted { added, total } => fill(
            t.import_interrupted,
            &[("added", &n(added)), ("total", &n(total))],
        ),
        Notice::ImportFailed(ImportError::Unreadable(why)) => {
            fill(t.import_failed, &[("why", &why)])
        }
        Notice::ImportFailed(ImportError::TooMany { entries, limit }) => fill(
            t.import_failed,
            &[(
                "why",
                &fill(
                    t.import_too_many,
                    &[("n", &n(entries)), ("limit", &n(limit))],
                ),
            )],
        ),
        Notice::NotPictures(count) => fill(t.not_pictures, &[("n", &n(count))]),
        Notice::Deleted(count) => fill(t.deleted_n, &[("n", &n(count))]),
        Notice::LinkNotKept(count) => fill(t.link_not_kept, &[("n", &n(count))]),
    }
}

/// Under the results: the images just made could not be kept. Said here
/// too, because the gallery may be out of sight.
#[component]
pub fn SaveProblem() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    // The live region stays in the page and only its text changes: screen
    // readers announce changes to a region they already know.
    let text = move || match g.notice.get() {
        Some(
            notice @ (Notice::Full(_)
            | Notice::Failed(_)
            | Notice::Unavailable(_)
            | Notice::NotPictures(_)
            | Notice::LinkNotKept(_)),
        ) => Some(notice_text(state.t(), notice)),
        _ => None,
    };
    view! { <p class="save-problem" role="status">{text}</p> }
}

/// Select all/none, download the selection as a zip, delete it.
#[component]
fn SelectionBar() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let none = move || g.selected.with(|s| s.is_empty());
    let n = move || g.selected.with(|s| s.len()).to_string();
    view! {
        <div class="selection-bar" role="group" aria-label=state.text(|t| t.select)>
            <span>{move || fill(state.t().selected_n, &[("n", &n())])}</span>
            <button
                type="button"
                class="secondary"
                on:click=act(state, Do::SelectAll)
            >
                {state.text(|t| t.select_all)}
            </button>
            <button type="button" class="secondary" on:click=act(state, Do::SelectNone)>
                {state.text(|t| t.select_none)}
            </button>
            <button
                type="button"
                disabled=none
                on:click=act(state, Do::DownloadSelected)
            >
                {state.text(|t| t.download_zip)}
            </button>
            <button type="button" class="danger" disabled=none on:click=act(state, Do::AskDelete)>
                {state.text(|t| t.delete)}
            </button>
            <Show when=move || g.confirming.get()>
                <span class="confirm" role="alertdialog" aria-label=state.text(|t| t.delete)>
                    {move || fill(state.t().delete_confirm, &[("n", &n())])}
                    " "
                    <button
                        type="button"
                        class="danger confirm-delete"
                        on:click=act(state, Do::DeleteSelected)
                    >
                        {state.text(|t| t.delete)}
                    </button>
                    <button type="button" class="secondary" on:click=act(state, Do::KeepSelected)>
                        {state.text(|t| t.keep)}
                    </button>
                </span>
            </Show>
        </div>
    }
}

/// One thumbnail: opens the lightbox, or toggles it while selecting.
#[component]
fn Tile(item: Item) -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let id = item.entry.id;
    let is_selected = move || g.selected.with(|s| s.contains(&id));
    let prompt: std::sync::Arc<str> = item.entry.prompt.as_str().into();
    view! {
        <li class="tile" class:selected=is_selected data-id=id.to_string()>
            <figure>
                <button
                    type="button"
                    class="thumb"
                    aria-pressed=move || g.selecting.get().then(|| is_selected().to_string())
                    on:click=act(state, Do::Tile(id))
                >
                    <img src=item.thumb_url() alt=prompt.to_string() loading="lazy" decoding="async"/>
                </button>
                <figcaption title=prompt.to_string()>{prompt.to_string()}</figcaption>
                <Show when=move || g.selecting.get()>
                    <input
                        type="checkbox"
                        class="tile-check"
                        aria-label={
                            let prompt = prompt.clone();
                            move || fill(state.t().select_image, &[("n", &prompt)])
                        }
                        prop:checked=is_selected
                        on:change=move |_| g.toggle(id)
                    />
                </Show>
            </figure>
        </li>
    }
}

/// The full-size view: a modal `<dialog>` (Esc closes it natively), with
/// ← → to move through the images the search shows.
#[component]
fn Lightbox() -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // The dialog is the outside world here: open it when an image is chosen.
    Effect::new(move |_| {
        let open = g.open.get().is_some();
        if let Some(dialog) = dialog.get() {
            if open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !open && dialog.open() {
                dialog.close();
            }
        }
    });
    let keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" => step(g, -1),
        "ArrowRight" => step(g, 1),
        _ => {}
    };
    view! {
        <dialog class="lightbox" aria-labelledby="viewer-prompt" node_ref=dialog on:close=move |_| g.open.set(None) on:keydown=keys>
            {move || {
                let item = g.item(g.open.get()?)?;
                Some(view! { <Viewer item/> })
            }}
        </dialog>
    }
}

/// One image in the lightbox, its story and its actions.
#[component]
fn Viewer(item: Item) -> impl IntoView {
    let state = use_app_state();
    let g = state.gallery;
    let entry = item.entry.clone();
    let id = entry.id;
    let made = if entry.created_ms > 0.0 {
        js_sys::Date::new(&entry.created_ms.into())
            .to_locale_string(state.lang.get_untracked().code(), &js_sys::Object::new())
            .as_string()
            .unwrap_or_default()
    } else {
        state.t().unknown_time.to_string()
    };
    let took = seconds(entry.duration_ms);
    let aspect = if entry.aspect.is_empty() {
        None
    } else {
        Some(entry.aspect.clone())
    };
    view! {
        <div class="viewer">
            <div class="viewer-nav">
                <button type="button" class="secondary" on:click=act(state, Do::Step(-1)) aria-keyshortcuts="ArrowLeft">
                    "← " {state.text(|t| t.previous)}
                </button>
                <button type="button" class="secondary" on:click=act(state, Do::Step(1)) aria-keyshortcuts="ArrowRight">
                    {state.text(|t| t.next)} " →"
                </button>
                <button type="button" class="secondary close" on:click=act(state, Do::Close)>
                    {state.text(|t| t.close)}
                </button>
            </div>
            <img class="full" src=item.image_url() alt=entry.prompt.clone()/>
            <div class="viewer-info">
                <p class="viewer-prompt" id="viewer-prompt">{entry.prompt.clone()}</p>
                <dl>
                    <dt>{state.text(|t| t.model)}</dt>
                    <dd>{entry.model.clone()} " · " {entry.method.clone()} {aspect.map(|a| format!(" · {a}"))}</dd>
                    <dt>{state.text(|t| t.made_at)}</dt>
                    <dd>{made} " · " {move || fill(state.t().took, &[("s", &took)])}</dd>
                    {entry.reply.clone().map(|reply| view! {
                        <dt>{state.text(|t| t.reply)}</dt>
                        <dd>{reply}</dd>
                    })}
                    {entry.revised_prompt.clone().map(|revised| view! {
                        <dt>{state.text(|t| t.revised_prompt)}</dt>
                        <dd>{revised}</dd>
                    })}
                </dl>
                <div class="viewer-actions">
                    <button type="button" on:click=act(state, Do::Download(id))>{state.text(|t| t.download)}</button>
                    <button type="button" class="secondary copy-image" on:click=act(state, Do::Copy(id))>{state.text(|t| t.copy_image)}</button>
                    <button type="button" class="secondary reuse" on:click=act(state, Do::Reuse(id))>{state.text(|t| t.reuse)}</button>
                    <button
                        type="button"
                        class="danger"
                        on:click=act(state, Do::Delete(id))
                    >
                        {state.text(|t| t.delete)}
                    </button>
                </div>
                <p class="copied" role="status">{move || g.copy_said.get()}</p>
            </div>
        </div>
    }
}

/// What a button of the gallery does. One handler type for every button
/// (`act`): each distinct closure would be its own event-listener code in
/// the bundle.
#[derive(Clone, Copy)]
enum Do {
    ToggleSelecting,
    Export,
    CancelImport,
    Undo,
    SelectAll,
    SelectNone,
    DownloadSelected,
    AskDelete,
    DeleteSelected,
    KeepSelected,
    /// A thumbnail: open it, or (while selecting) select it.
    Tile(u64),
    Step(isize),
    Close,
    Download(u64),
    Copy(u64),
    Reuse(u64),
    Delete(u64),
}

fn act(state: AppState, what: Do) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    move |_| run(state, what)
}

fn run(state: AppState, what: Do) {
    let g = state.gallery;
    let selected = || {
        g.selected
            .with_untracked(|s| s.iter().copied().collect::<Vec<u64>>())
    };
    match what {
        Do::ToggleSelecting => {
            g.selecting.update(|s| *s = !*s);
            g.selected.update(|s| s.clear());
            g.confirming.set(false);
        }
        Do::Export => g.export(),
        Do::CancelImport => g.cancel_import(),
        Do::Undo => leptos::task::spawn_local(g.undo()),
        Do::SelectAll => g
            .selected
            .set(g.matching().iter().map(|i| i.entry.id).collect()),
        Do::SelectNone => g.selected.update(|s| s.clear()),
        Do::DownloadSelected => {
            let ids = selected();
            let name = format!("sinh-anh-{}-{}.zip", today(), ids.len());
            g.download_zip(&ids, &name);
        }
        Do::AskDelete => g.confirming.set(true),
        Do::DeleteSelected => leptos::task::spawn_local(g.delete(selected())),
        Do::KeepSelected => g.confirming.set(false),
        Do::Tile(id) if g.selecting.get_untracked() => g.toggle(id),
        Do::Tile(id) => open(g, Some(id)),
        Do::Step(by) => step(g, by),
        Do::Close => open(g, None),
        Do::Delete(id) => {
            // The lightbox moves on to the next image (or, from the last,
            // the one before) rather than closing.
            let ids: Vec<u64> = g.matching().iter().map(|i| i.entry.id).collect();
            let neighbour = ids.iter().position(|&other| other == id).and_then(|at| {
                ids.get(at + 1)
                    .or_else(|| at.checked_sub(1).and_then(|before| ids.get(before)))
                    .copied()
            });
            if g.open.get_untracked() == Some(id) {
                open(g, neighbour);
            }
            leptos::task::spawn_local(g.delete(vec![id]));
        }
        Do::Download(id) | Do::Copy(id) | Do::Reuse(id) => {
            let Some(item) = g.item(id) else {
                return;
            };
            match what {
                Do::Download(_) => {
                    if let Err(e) = save_blob(&item.image, &item.entry.file_name) {
                        g.notice.set(Some(Notice::Failed(e.to_string())));
                    }
                }
                Do::Copy(_) => leptos::task::spawn_local(async move {
                    let said = match copy_image(&item).await {
                        Ok(()) => state.t().image_copied.to_string(),
                        Err(why) => format!("{} ({why})", state.t().copy_failed),
                    };
                    g.copy_said.set(Some(said));
                }),
                _ => reuse(state, &item.entry),
            }
        }
    }
}

/// Shows an image in the lightbox (or closes it).
fn open(g: Gallery, id: Option<u64>) {
    g.copy_said.set(None);
    g.open.set(id);
}

/// Moves the lightbox by `by` through the images the search shows.
fn step(g: Gallery, by: isize) {
    let Some(current) = g.open.get_untracked() else {
        return;
    };
    let ids: Vec<u64> = g.matching().iter().map(|i| i.entry.id).collect();
    if let Some(at) = ids.iter().position(|&id| id == current) {
        let next = (at as isize + by).clamp(0, ids.len() as isize - 1) as usize;
        open(g, Some(ids[next]));
    }
}

/// Puts an image's prompt and settings back in the form.
fn reuse(state: AppState, entry: &Entry) {
    if let Some(method) = Method::from_code(&entry.method) {
        // A site's locks win over what the image was made with.
        let locks = state.locks.get_untracked();
        if !locks.method {
            state.set_method(method);
        }
        if !locks.model_for(method) {
            state.model(method).set(entry.model.clone());
        }
        state.aspect.set(Aspect::from_ratio(&entry.aspect));
    }
    state.prompt.set(entry.prompt.clone());
    state.gallery.open.set(None);
    if let Some(prompt) = document()
        .get_element_by_id("prompt")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = prompt.focus();
    }
}
