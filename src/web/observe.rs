//! Knowing when an element comes near the screen.                    [web]

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `near` whenever `element` is within `margin` (CSS, e.g. `"600px"`)
/// of the viewport: when it comes near, and again after each call while it
/// stays near (what `near` adds may not push it away). Observing ends when
/// the handle is dropped.
pub struct Watch {
    observer: Option<web_sys::IntersectionObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
}

impl Watch {
    pub fn new(
        element: &web_sys::Element,
        margin: &str,
        mut near: impl FnMut() + 'static,
    ) -> Watch {
        let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                let near_now = entries.iter().find_map(|entry| {
                    entry
                        .dyn_into::<web_sys::IntersectionObserverEntry>()
                        .ok()
                        .filter(web_sys::IntersectionObserverEntry::is_intersecting)
                });
                if let Some(entry) = near_now {
                    near();
                    // Observing anew reports the element's state afresh once
                    // the page has taken in what `near` added.
                    let target = entry.target();
                    leptos::task::spawn_local(async move {
                        crate::web::schedule::after_paint().await;
                        observer.unobserve(&target);
                        observer.observe(&target);
                    });
                }
            },
        );
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        let observer = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        )
        .ok();
        if let Some(observer) = &observer {
            observer.observe(element);
        }
        Watch {
            observer,
            _callback: callback,
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(observer) = self.observer.take() {
            observer.disconnect();
        }
    }
}
