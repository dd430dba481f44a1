//! The references in the form: add (file picker, drop, paste), see,
//! reorder, remove; what goes wrong, by file.

use super::marker::Marker;
use super::model::total_bytes;
use super::state::{use_edit, EditState, Held};
use crate::i18n::{human_bytes, use_i18n};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, FileList};

/// The reference images of the next request. `most`: how many the chosen
/// model takes.
#[component]
pub fn References(most: Signal<usize>) -> impl IntoView {
    let edit = use_edit();
    let i18n = use_i18n();
    // A file dropped anywhere on the page becomes a reference (a browser
    // would otherwise leave the page to show it); a pasted image too.
    let drag = window_event_listener(ev::dragover, |ev| {
        if carries_files(ev.data_transfer()) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        let files = ev.data_transfer().and_then(|d| d.files());
        if let Some(files) = files.filter(|f| f.length() > 0) {
            ev.prevent_default();
            add(edit, &files);
        }
    });
    let paste = window_event_listener(ev::paste, move |ev| {
        let data = ev.clipboard_data();
        let files = data.as_ref().and_then(|d| d.files());
        // Files become references; text still pastes as text.
        if let Some(files) = files.filter(|f| f.length() > 0) {
            let has_text =
                data.is_some_and(|d| d.get_data("text/plain").is_ok_and(|t| !t.is_empty()));
            if !has_text {
                ev.prevent_default();
            }
            add(edit, &files);
        }
    });
    on_cleanup(move || {
        drag.remove();
        drop.remove();
        paste.remove();
    });
    let picked = move |ev: ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(files) = input.files() {
                add(edit, &files);
            }
            // The same file can be chosen again.
            input.set_value("");
        }
    };
    let count = move || edit.held.with(Vec::len);
    // More than the model takes: said as a warning, with how many to
    // remove (a refused run sends focus here).
    let over = move || count() > most.get();
    let total = move || {
        let bytes = edit.held.with(|h| {
            let list: Vec<_> = h.iter().map(|h| h.reference.clone()).collect();
            total_bytes(&list)
        });
        let say = if over() {
            i18n.t().references_too_many
        } else {
            i18n.t().references_total
        };
        say(count(), &human_bytes(bytes as f64, i18n.mark()), most.get())
    };
    view! {
        <fieldset class="references">
            <legend>{i18n.text(|t| t.references)}</legend>
            <p class="reference-hint" id="references-hint">{i18n.text(|t| t.references_hint)}</p>
            <div class="reference-add">
                <label class="button secondary">
                    {i18n.text(|t| t.add_references)}
                    <input
                        id="reference-files"
                        class="visually-hidden"
                        type="file"
                        accept="image/*"
                        multiple
                        aria-describedby="references-hint"
                        on:change=picked
                    />
                </label>
                <Show when=move || { count() > 0 }>
                    <button type="button" class="secondary clear-references" on:click=move |_| {
                        // The button goes with the images: to adding again.
                        crate::web::focus::then_to("#reference-files", || edit.clear());
                    }>
                        {i18n.text(|t| t.clear_references)}
                    </button>
                </Show>
            </div>
            // A few images: drawn again whole when the list changes (a keyed
            // `<For>` of them cost ~10 KB of wasm).
            <ol class="reference-list">
                {move || {
                    edit.held
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, held)| view! { <Thumb index held edit/> })
                        .collect_view()
                }}
            </ol>
            {move || {
                let id = edit.marking.get()?;
                // Only the choice rebuilds the marker (and loses its
                // strokes), not every change of the list.
                let held = edit
                    .held
                    .with_untracked(|list| list.iter().find(|h| h.reference.id == id).cloned())?;
                Some(view! { <Marker held/> })
            }}
            <p id="references-total" class="reference-total" class:warning=over tabindex="-1"
                hidden=move || count() == 0>{total}</p>
            <p class="reference-status" role="status">
                {move || {
                    let n = edit.preparing.get();
                    (n > 0).then(|| (i18n.t().preparing_references)(n))
                }}
                {move || edit.switched.get().then(|| i18n.t().switched_to_chat)}
            </p>
            <ul class="reference-problems" role="alert">
                {move || {
                    edit.problems
                        .get()
                        .iter()
                        .map(|problem| view! { <li class="warning">{(i18n.t().edit_error)(problem)}</li> })
                        .collect_view()
                }}
            </ul>
        </fieldset>
    }
}

/// One reference: its picture, name and size, and the buttons to move or
/// remove it.
#[component]
fn Thumb(index: usize, held: Held, edit: EditState) -> impl IntoView {
    let i18n = use_i18n();
    let marked = held.unmarked.is_some();
    let reference = held.reference;
    let id = reference.id;
    let name = reference.name.clone();
    let last = move || index + 1 >= edit.held.with(Vec::len);
    let size = move || {
        let sent = format!(
            "{}×{} · {}",
            reference.width,
            reference.height,
            human_bytes(reference.bytes as f64, i18n.mark())
        );
        let sent = match reference.original {
            Some((w, h, _)) => format!("{sent} · {}", (i18n.t().reference_scaled)(w, h)),
            None => sent,
        };
        if marked {
            format!("{sent} · {}", i18n.t().marked)
        } else {
            sent
        }
    };
    let label = move |pick: fn(&'static crate::i18n::Texts) -> fn(&str) -> String| {
        let name = name.clone();
        move || pick(i18n.t())(&name)
    };
    view! {
        <li class="reference" data-format=reference.format.mime()>
            <img src=held.thumb alt=reference.name.clone()/>
            <span class="reference-name">{reference.name.clone()}</span>
            <small class="reference-size">{size}</small>
            <span class="reference-buttons">
                <button type="button" class="secondary move-earlier" disabled=index == 0
                    aria-label=label(|t| t.move_earlier) on:click=move |_| shift(edit, index, -1)>"←"</button>
                <button type="button" class="secondary move-later" disabled=last
                    aria-label=label(|t| t.move_later) on:click=move |_| shift(edit, index, 1)>"→"</button>
                <button type="button" class="secondary mark-area"
                    aria-label=label(|t| t.marking) on:click=move |_| {
                        // Again on the one being marked: its strokes stay.
                        if edit.marking.get_untracked() != Some(id) {
                            edit.marking.set(Some(id));
                        }
                    }>{i18n.text(|t| t.mark_area)}</button>
                {marked.then(|| view! {
                    <button type="button" class="secondary use-original" aria-label=label(|t| t.use_original_of)
                        on:click=move |_| edit.unmark(id)>
                        {i18n.text(|t| t.use_original)}
                    </button>
                })}
                <button type="button" class="secondary remove-reference"
                    aria-label=label(|t| t.remove_reference) on:click=move |_| {
                        let held = crate::web::focus::hold();
                        edit.remove(id);
                        // To the ✕ of the image that took its place; the
                        // last one gone, of the one before it; none left,
                        // to adding.
                        held.follow(vec![
                            format!(".reference-list > li:nth-child({}) .remove-reference", index + 1),
                            ".reference-list > li:last-child .remove-reference".into(),
                            "#reference-files".into(),
                        ]);
                    }>"✕"</button>
            </span>
        </li>
    }
}

/// Moves the reference at `index` by `by`, focus going with it (the list
/// is drawn again in place: focus stayed on the button at `index`, now
/// another image's, and a second press moved that one back): to the same
/// arrow at its new place, or the other one where that is the end.
fn shift(edit: EditState, index: usize, by: isize) {
    let held = crate::web::focus::hold();
    edit.shift(index, by);
    let Some(to) = index.checked_add_signed(by) else {
        return;
    };
    let item = format!(".reference-list > li:nth-child({})", to + 1);
    let (same, other) = if by < 0 {
        ("move-earlier", "move-later")
    } else {
        ("move-later", "move-earlier")
    };
    held.follow(vec![
        format!("{item} .{same}:enabled"),
        format!("{item} .{other}:enabled"),
    ]);
}

fn carries_files(transfer: Option<web_sys::DataTransfer>) -> bool {
    transfer.is_some_and(|t| {
        t.types()
            .iter()
            .any(|k| k.as_string().as_deref() == Some("Files"))
    })
}

/// Adds every file of a list, in order.
fn add(edit: EditState, files: &FileList) {
    let files: Vec<(Blob, String)> = (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|file| {
            let name = file.name();
            (Blob::from(file), name)
        })
        .collect();
    leptos::task::spawn_local(edit.add(files, false));
}
