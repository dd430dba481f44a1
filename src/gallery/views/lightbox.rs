//! The full-size view: a modal `<dialog>` (Esc closes it natively), with
//! ← → (or a finger's swipe) to move through the images the search shows.

use super::notice::GalleryNotice;
use super::{act, Do};
use crate::gallery::browse::swipe;
use crate::gallery::item::Item;
use crate::gallery::state::{use_gallery, Handed};
use crate::i18n::use_i18n;
use crate::web::clock;
use crate::web::schedule;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The dialog; it shows the image `open` names. Its ← → and Close are
/// the dialog's own: they say where they lead, whatever image is shown.
/// (The image and its story are patched in place when it changes, so the
/// button pressed keeps focus.)
#[component]
pub fn Lightbox() -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // The dialog is the outside world here: open it when an image is chosen.
    schedule::effect(move || {
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
        "ArrowLeft" => g.step(-1),
        "ArrowRight" => g.step(1),
        _ => {}
    };
    // Where the image shown is among those the search shows (`None`: one
    // it hides, opened from a result), of how many: at either end ← or →
    // leads nowhere, and says so.
    let place = Memo::new(move |_| {
        let open = g.open.get()?;
        let ids = g.matching_ids();
        Some((ids.iter().position(|&id| id == open), ids.len()))
    });
    let nowhere = move |last: bool| {
        move || {
            place
                .get()
                .is_some_and(|(at, len)| match at {
                    Some(at) if last => at + 1 == len,
                    Some(at) => at == 0,
                    None => true,
                })
                .then_some("true")
        }
    };
    // What the gallery says while the viewer is open (a Delete's Undo) is
    // said in it; an older notice of the page (an import's) is not news.
    let fresh = RwSignal::new(false);
    schedule::effect_with(move |was_open: Option<bool>| {
        let open = g.open.with(Option::is_some);
        if open && was_open != Some(true) {
            fresh.set(false);
        }
        open
    });
    schedule::effect_with(move |first: Option<()>| {
        g.notice.track();
        if first.is_some() && g.open.with_untracked(Option::is_some) {
            fresh.set(true);
        }
    });
    // "2 of 3", said as it changes: the arrows otherwise move in silence.
    let position = move || match place.get()? {
        (Some(at), len) => Some((i18n.t().image_of)(at + 1, len)),
        (None, _) => None,
    };
    view! {
        <dialog class="lightbox" aria-labelledby="viewer-prompt" node_ref=dialog on:close=move |_| g.open.set(None) on:keydown=keys>
            <div class="viewer">
                <div class="viewer-nav">
                    <button type="button" class="secondary previous" on:click=act(g, Do::Step(-1))
                        aria-keyshortcuts="ArrowLeft" aria-disabled=nowhere(false)>
                        "← " {i18n.text(|t| t.previous)}
                    </button>
                    <button type="button" class="secondary next" on:click=act(g, Do::Step(1))
                        aria-keyshortcuts="ArrowRight" aria-disabled=nowhere(true)>
                        {i18n.text(|t| t.next)} " →"
                    </button>
                    <span class="viewer-position" aria-live="polite">{position}</span>
                    // Focused as the dialog opens.
                    <button type="button" class="secondary close" autofocus on:click=act(g, Do::Close)>
                        {i18n.text(|t| t.close)}
                    </button>
                </div>
                {move || {
                    let item = g.item(g.open.get()?)?;
                    Some(view! { <Viewer item/> })
                }}
                // Deleted here: said here, with Undo (the page's own notice
                // is behind the dialog).
                <GalleryNotice shown=fresh/>
            </div>
        </dialog>
    }
}

/// One image in the lightbox, its story and its actions.
#[component]
fn Viewer(
    /// The image shown.
    item: Item,
) -> impl IntoView {
    let g = use_gallery();
    let i18n = use_i18n();
    let entry = item.entry.clone();
    let id = entry.id;
    let made = if entry.created_ms > 0.0 {
        clock::local_time(entry.created_ms, i18n.lang().code())
    } else {
        i18n.t().unknown_time.to_string()
    };
    let took = entry.duration_ms;
    // It names the dialog too (`aria-labelledby`): never empty.
    let title = {
        let entry = entry.clone();
        Signal::derive(move || entry.title(i18n.t().untitled).to_string())
    };
    // The method in the page's words ("chuẩn", "chat").
    let (model, method) = (entry.model.clone(), entry.method);
    let aspect = entry
        .aspect
        .map(|a| format!(" · {}", a.ratio()))
        .unwrap_or_default();
    let how = move || format!("{model} · {}{aspect}", (i18n.t().method_name)(method));
    let handed = move || {
        g.handed.with(|c| match c.as_ref()? {
            Handed::Copied => Some(i18n.t().image_copied.to_string()),
            Handed::NotCopied(error) => Some(crate::i18n::copy_failed(i18n.t(), error)),
            Handed::NotShared(error) => Some(crate::i18n::share_failed(i18n.t(), error)),
        })
    };
    // A finger (or pen) swiped across the image steps, as in a phone's
    // photo viewer. The image leaves the browser only vertical panning and
    // zooming (CSS `touch-action`): a sideways move is the swipe's, not a
    // gesture of the browser's (history, sideways scroll). While the page
    // is zoomed in, nothing steps.
    let from = StoredValue::new(None::<(i32, f64, f64)>);
    let at = |ev: &leptos::ev::PointerEvent| (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let down = move |ev: leptos::ev::PointerEvent| {
        let finger = ev.is_primary() && ev.pointer_type() != "mouse";
        from.set_value(finger.then(|| {
            // A pen has no implicit capture: its lift must come here too.
            if let Some(image) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = image.set_pointer_capture(ev.pointer_id());
            }
            let (x, y) = at(&ev);
            (ev.pointer_id(), x, y)
        }));
    };
    let up = move |ev: leptos::ev::PointerEvent| {
        let Some((_, x0, y0)) = from.get_value().filter(|(id, ..)| *id == ev.pointer_id()) else {
            return;
        };
        from.set_value(None);
        let zoomed = window().visual_viewport().is_some_and(|v| v.scale() > 1.01);
        let (x, y) = at(&ev);
        if let (false, Some(by)) = (zoomed, swipe(x - x0, y - y0)) {
            g.step(by);
        }
    };
    // Phones, mostly: where the browser has no share sheet, no button.
    let share = crate::web::share::can_share_images().then(|| {
        view! { <button type="button" class="secondary share-image" on:click=act(g, Do::Share(id))>{i18n.text(|t| t.share_image)}</button> }
    });
    view! {
        <img class="full" src=item.image_url() alt=title on:pointerdown=down on:pointerup=up on:pointercancel=move |_| from.set_value(None)/>
        <div class="viewer-info">
            <p class="viewer-prompt" id="viewer-prompt">{title}</p>
            <dl>
                <dt>{i18n.text(|t| t.model)}</dt>
                <dd>
                    {how}
                    {entry.turn.map(|(_, n)| view! { " · " {move || (i18n.t().turn_of)(n)} })}
                </dd>
                <dt>{i18n.text(|t| t.made_at)}</dt>
                <dd>{made} " · " {move || (i18n.t().took)(took)}</dd>
                {entry.reply.clone().map(|reply| view! {
                    <dt>{i18n.text(|t| t.reply)}</dt>
                    <dd>{reply}</dd>
                })}
                {entry.revised_prompt.clone().map(|revised| view! {
                    <dt>{i18n.text(|t| t.revised_prompt)}</dt>
                    <dd>{revised}</dd>
                })}
            </dl>
            <div class="viewer-actions">
                <button type="button" on:click=act(g, Do::Download(id))>{i18n.text(|t| t.download)}</button>
                {share}
                <button type="button" class="secondary copy-image" on:click=act(g, Do::Copy(id))>{i18n.text(|t| t.copy_image)}</button>
                <button type="button" class="secondary edit-this" on:click=act(g, Do::Edit(id))>{i18n.text(|t| t.edit_this)}</button>
                <button type="button" class="secondary reuse" on:click=act(g, Do::Reuse(id))>{i18n.text(|t| t.reuse)}</button>
                <button type="button" class="danger" on:click=act(g, Do::Delete(id))>{i18n.text(|t| t.delete)}</button>
            </div>
            <p class="copied" role="status">{handed}</p>
        </div>
    }
}
