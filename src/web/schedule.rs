//! When work runs: after the next painted frame, when the page is idle,
//! in a new task, or (an effect) whenever what it read changes.
//!                                                                   [web]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves once the browser has painted the next frame, so work started
/// after it never delays images reaching the screen. A hidden tab paints no
/// frames: a short timer stands in for it there.
pub async fn after_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let later = window.clone();
        let soon = resolve.clone();
        let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = later.set_timeout_with_callback(soon.unchecked_ref());
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves when the page is idle (`requestIdleCallback`, at most a second
/// later), so saving an answer waits until its images are decoded and on
/// screen. Browsers without it wait for the next painted frame instead.
pub async fn when_idle() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut asked = false;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(1000);
        asked = window
            .request_idle_callback_with_options(&resolve, &options)
            .is_ok();
    });
    if asked {
        let _ = JsFuture::from(promise).await;
    } else {
        after_paint().await;
    }
}

/// Resolves in a new task, so the page can paint and answer input between
/// two pieces of a long job: `scheduler.yield()` where the browser has it
/// (the job keeps its place before other tasks), else a zero timer.
pub async fn yield_to_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let scheduler = js_sys::Reflect::get(&window, &"scheduler".into()).unwrap_or_default();
    let yielded = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&scheduler).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let promise = yielded.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.set_timeout_with_callback(&resolve);
        })
    });
    let _ = JsFuture::from(promise).await;
}

/// An effect (Leptos' `Effect::new`): runs on the next tick and again when
/// what it read changes. The closure is boxed, so that every effect of the
/// app shares one copy of Leptos' effect machinery instead of one each; an
/// effect that needs its previous run keeps that in its closure.
pub fn effect(run: impl FnMut() + 'static) {
    boxed_effect(Box::new(run));
}

fn boxed_effect(mut run: Box<dyn FnMut()>) {
    leptos::prelude::Effect::new(move |_| run());
}

/// [`effect`] for one that reads what its previous run returned (`None`
/// the first time), as Leptos' `Effect::new(|prev| …)` does.
pub fn effect_with<T: 'static>(mut run: impl FnMut(Option<T>) -> T + 'static) {
    let mut previous = None;
    effect(move || previous = Some(run(previous.take())));
}
