//! Marking an area of a reference with a brush (pointer, touch, pen):
//! brush sizes, undo, clear; Done puts the marked copy in the reference's
//! place and keeps the original beside it.                           [web]

use super::mark::{brush_width, to_picture, Marks, BRUSHES, COLOUR};
use super::model::{EditErrorKind, QUALITY};
use super::state::{hold, release, use_edit, EditState, Held};
use crate::api::image::ImageFormat;
use crate::i18n::use_i18n;
use crate::web::schedule;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

impl EditState {
    /// The marked copy becomes what is sent; the picture before stays
    /// beside it (marking again starts from the original).
    pub async fn apply_mark(self, id: u64, marked: Blob, format: ImageFormat) {
        let (name, others) = self.held.with_untracked(|list| {
            let name = list
                .iter()
                .find(|h| h.reference.id == id)
                .map(|h| h.reference.name.clone());
            let others: Vec<_> = list
                .iter()
                .filter(|h| h.reference.id != id)
                .map(|h| h.reference.clone())
                .collect();
            (name.unwrap_or_default(), others)
        });
        if !super::model::fits_request(&others, marked.size() as u64, format) {
            return self.problem(EditErrorKind::TooLarge, name);
        }
        let Some(url) = super::prepare::data_url(&marked).await else {
            return self.problem(EditErrorKind::Unreadable, name);
        };
        self.held.update(|list| {
            if let Some(h) = list.iter_mut().find(|h| h.reference.id == id) {
                let original = h.unmarked.take().map_or_else(
                    || h.clone(),
                    |u| {
                        crate::web::download::revoke(&h.thumb);
                        *u
                    },
                );
                let reference = super::model::Reference {
                    format,
                    bytes: marked.size() as u64,
                    ..original.reference.clone()
                };
                let mut new = hold(reference, marked, url);
                new.unmarked = Some(Box::new(original));
                *h = new;
            }
        });
        self.marking.set(None);
        self.persist();
    }

    /// Goes back to the picture as it was before marking.
    pub fn unmark(&self, id: u64) {
        self.held.update(|list| {
            if let Some(h) = list.iter_mut().find(|h| h.reference.id == id) {
                if let Some(original) = h.unmarked.take() {
                    release(h);
                    *h = *original;
                }
            }
        });
        self.persist();
    }
}

/// The picture to mark, on a canvas at the size it is sent, and its tools.
#[component]
pub fn Marker(held: Held) -> impl IntoView {
    let edit = use_edit();
    let i18n = use_i18n();
    // Marks go on the original: marking again starts over from it.
    let source = held.unmarked.as_deref().cloned().unwrap_or(held.clone());
    let size = (source.reference.width, source.reference.height);
    let id = held.reference.id;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let marks = StoredValue::new(Marks::default());
    let brush = RwSignal::new(1usize);
    let drawing = StoredValue::new(false);
    let picture: StoredValue<Option<ImageBitmap>, LocalStorage> = StoredValue::new_local(None);
    let has_marks = RwSignal::new(false);
    // Closed (used, cancelled, or its reference removed): focus goes back to
    // the button that opened it, not to the page.
    let opener = send_wrapper::SendWrapper::new(crate::web::focus::hold());
    on_cleanup(move || opener.take().give_back());
    // Every read is a `try_`: the picture decodes asynchronously, and the
    // marker may be closed by then (a disposed value read would panic).
    let redraw = move || {
        let Some(Some(canvas)) = canvas.try_get_untracked() else {
            return;
        };
        let Some(marks) = marks.try_get_value() else {
            return;
        };
        if let Some(context) = context(&canvas) {
            paint(&context, picture, &marks, size);
        }
        has_marks.try_set(!marks.is_empty());
    };
    show_the_picture(canvas, source.image.clone(), picture, redraw);
    let at = move |ev: &web_sys::PointerEvent| {
        let shown = canvas
            .get_untracked()
            .map_or(0.0, |c| f64::from(c.client_width()));
        to_picture(
            (f64::from(ev.offset_x()), f64::from(ev.offset_y())),
            shown,
            size,
        )
    };
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(c) = canvas.get_untracked() {
            let _ = c.set_pointer_capture(ev.pointer_id());
        }
        drawing.set_value(true);
        let percent = BRUSHES.get(brush.get_untracked()).copied().unwrap_or(4);
        let width = brush_width(percent, size);
        marks.update_value(|m| m.start(at(&ev), width));
        redraw();
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if drawing.get_value() {
            marks.update_value(|m| m.extend(at(&ev)));
            redraw();
        }
    };
    let up = move |_| drawing.set_value(false);
    // Transparency kept where the picture may have some.
    let format = match source.reference.format {
        ImageFormat::Png | ImageFormat::Webp | ImageFormat::Gif => ImageFormat::Png,
        ImageFormat::Jpeg => ImageFormat::Jpeg,
    };
    let name = held.reference.name.clone();
    let done = move |_| {
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        let name = name.clone();
        leptos::task::spawn_local(async move {
            match to_blob(&c, format).await {
                Some(blob) => edit.apply_mark(id, blob, format).await,
                None => edit.problem(EditErrorKind::Unreadable, name),
            }
        });
    };
    let canvas_name = held.reference.name.clone();
    let brushes = brush_buttons(brush);
    view! {
        <div class="marker" role="group" aria-label=move || (i18n.t().marking)(&held.reference.name)
            on:keydown=move |ev| {
                // Esc closes it, as Cancel does (focus goes back to its opener).
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    edit.marking.set(None);
                }
            }>
            <p class="reference-hint">
                {i18n.text(|t| t.mark_hint)}
                " "
                <span class="shortcuts">{i18n.text(|t| t.mark_key_hint)}</span>
            </p>
            <canvas
                node_ref=canvas
                class="mark-canvas"
                role="img"
                aria-label=move || (i18n.t().marking)(&canvas_name)
                width=size.0
                height=size.1
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <div class="reference-add">
                <span role="group" class="brushes" aria-labelledby="brush-label">
                    <span id="brush-label">{i18n.text(|t| t.brush)}</span>
                    {brushes}
                </span>
                <button type="button" class="secondary undo-mark" disabled=move || !has_marks.get()
                    on:click=move |_| { marks.update_value(|m| { m.undo(); }); redraw(); }>
                    {i18n.text(|t| t.undo)}
                </button>
                <button type="button" class="secondary clear-marks" disabled=move || !has_marks.get()
                    on:click=move |_| { marks.set_value(Marks::default()); redraw(); }>
                    {i18n.text(|t| t.clear_marks)}
                </button>
            </div>
            <div class="reference-add">
                <button type="button" class="primary done-marking" disabled=move || !has_marks.get() on:click=done>
                    {i18n.text(|t| t.done_marking)}
                </button>
                <button type="button" class="secondary cancel-marking" on:click=move |_| edit.marking.set(None)>
                    {i18n.text(|t| t.cancel)}
                </button>
            </div>
        </div>
    }
}

/// Once the canvas is shown: brought into view, and the picture decoded
/// into `picture` and drawn (`redraw`); let go of when the marker closes.
fn show_the_picture(
    canvas: NodeRef<leptos::html::Canvas>,
    image: send_wrapper::SendWrapper<web_sys::Blob>,
    picture: StoredValue<Option<ImageBitmap>, LocalStorage>,
    redraw: impl Fn() + Copy + Send + Sync + 'static,
) {
    schedule::effect(move || {
        if let Some(shown) = canvas.get() {
            // Opened near the bottom of a phone's screen, the canvas was
            // under the Generate bar, and a stroke there painted nothing:
            // brought into view, above that bar (`scroll-padding-bottom`).
            crate::web::focus::into_view(&shown, web_sys::ScrollLogicalPosition::Nearest);
            let image = image.clone();
            leptos::task::spawn_local(async move {
                let decoded =
                    crate::web::blob::finish_decode(crate::web::blob::start_decode(&image, None))
                        .await;
                match picture.try_update_value(|p| *p = decoded.clone()) {
                    Some(()) => redraw(),
                    // Closed meanwhile: let go of the decoded picture.
                    None => {
                        if let Some(bitmap) = decoded {
                            bitmap.close();
                        }
                    }
                }
            });
        }
    });
    on_cleanup(move || {
        picture.try_with_value(|p| {
            if let Some(bitmap) = p {
                bitmap.close();
            }
        });
    });
}

/// One button per brush size; the chosen one pressed.
fn brush_buttons(brush: RwSignal<usize>) -> impl IntoView {
    BRUSHES
        .iter()
        .enumerate()
        .map(|(i, percent)| {
            view! {
                <button type="button" class="secondary brush" aria-pressed=move || (brush.get() == i).to_string()
                    on:click=move |_| brush.set(i)>
                    {format!("{percent}%")}
                </button>
            }
        })
        .collect_view()
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// The picture, and every stroke over it.
fn paint(
    context: &CanvasRenderingContext2d,
    picture: StoredValue<Option<ImageBitmap>, LocalStorage>,
    marks: &Marks,
    (w, h): (u32, u32),
) {
    let (w, h) = (f64::from(w), f64::from(h));
    context.clear_rect(0.0, 0.0, w, h);
    picture.try_with_value(|p| {
        if let Some(p) = p {
            let _ = context.draw_image_with_image_bitmap_and_dw_and_dh(p, 0.0, 0.0, w, h);
        }
    });
    context.set_stroke_style_str(COLOUR);
    context.set_line_cap("round");
    context.set_line_join("round");
    for stroke in &marks.strokes {
        let Some(&(x, y)) = stroke.points.first() else {
            continue;
        };
        context.set_line_width(stroke.width);
        context.begin_path();
        context.move_to(x, y);
        // A tap is a dot: a line to where it began.
        context.line_to(x, y);
        for &(x, y) in &stroke.points[1..] {
            context.line_to(x, y);
        }
        context.stroke();
    }
}

/// The canvas encoded as `format`, by the browser.
async fn to_blob(canvas: &HtmlCanvasElement, format: ImageFormat) -> Option<Blob> {
    let mut asked = Ok(());
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        asked = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            format.mime(),
            &JsValue::from_f64(QUALITY),
        );
    });
    asked.ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}
