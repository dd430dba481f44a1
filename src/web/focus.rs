//! Focus that would fall to the page when the element holding it goes
//! (a panel closes, a button hides itself): it is given to the next
//! sensible place instead, as a keyboard or screen-reader user needs.
//!                                                                   [web]

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The element that has focus now: the button that opened a panel, to
/// give focus back to when the panel goes.
pub fn current() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

/// After the next painted frame (the change is in the page): when focus
/// has fallen to the page, gives it to `to`, if `to` is still in it.
/// Focus the person has put elsewhere meanwhile stays where it is.
pub fn give_back(to: HtmlElement) {
    leptos::task::spawn_local(async move {
        super::schedule::after_paint().await;
        if lost() && to.is_connected() {
            let _ = to.focus();
        }
    });
}

/// [`give_back`] to the first element `css` finds, once the change is in
/// the page.
pub fn give_back_to(css: &'static str) {
    leptos::task::spawn_local(async move {
        super::schedule::after_paint().await;
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(css).ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(to) = found.filter(|_| lost()) {
            let _ = to.focus();
        }
    });
}

/// Whether nothing has focus but the page itself.
fn lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (Some(_), None) => false,
    }
}
