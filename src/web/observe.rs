//! Knowing when an element comes near the screen.                    [web]

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type Callback = Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>;

/// An observer calling `callback` for what comes within `margin` (CSS) of
/// the viewport, or goes out of it.
fn observer(callback: &Callback, margin: &str) -> Option<web_sys::IntersectionObserver> {
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        .ok()
}

/// Calls `near` whenever `element` is within `margin` (CSS, e.g. `"600px"`)
/// of the viewport: when it comes near, and again after each call while it
/// stays near (what `near` adds may not push it away). Observing ends when
/// the handle is dropped.
pub struct Watch {
    observer: Option<web_sys::IntersectionObserver>,
    _callback: Callback,
}

impl Watch {
    pub fn new(
        element: &web_sys::Element,
        margin: &str,
        mut near: impl FnMut() + 'static,
    ) -> Watch {
        let callback = Callback::new(
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
        let observer = observer(&callback, margin);
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

/// One observer for many elements: `near` is called once for each, when it
/// first comes within `margin` (CSS) of the viewport, and it is no longer
/// watched. Cheap to clone; observing ends when the last clone goes.
#[derive(Clone)]
pub struct NearOnce {
    observer: Option<web_sys::IntersectionObserver>,
    _callback: std::rc::Rc<Callback>,
}

impl NearOnce {
    pub fn new(margin: &str, near: impl Fn(web_sys::Element) + 'static) -> NearOnce {
        let callback = Callback::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                for entry in entries.iter() {
                    let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                        continue;
                    };
                    if entry.is_intersecting() {
                        let target = entry.target();
                        observer.unobserve(&target);
                        near(target);
                    }
                }
            },
        );
        NearOnce {
            observer: observer(&callback, margin),
            _callback: std::rc::Rc::new(callback),
        }
    }

    /// Watches `element` (again, if it was).
    pub fn watch(&self, element: &web_sys::Element) {
        if let Some(observer) = &self.observer {
            observer.observe(element);
        }
    }

    /// Stops watching `element` (it left the page).
    pub fn forget(&self, element: &web_sys::Element) {
        if let Some(observer) = &self.observer {
            observer.unobserve(element);
        }
    }
}

impl Drop for NearOnce {
    fn drop(&mut self) {
        // The last clone: the callback goes with it.
        if std::rc::Rc::strong_count(&self._callback) == 1 {
            if let Some(observer) = self.observer.take() {
                observer.disconnect();
            }
        }
    }
}
