//! Focus that would fall to the page when the element holding it goes
//! (a panel closes, a button hides itself or is disabled while it waits):
//! it is given to the next sensible place instead, as a keyboard or
//! screen-reader user needs. Only then: focus the person has put
//! elsewhere meanwhile stays, and where a tap gives a button no focus
//! (Safari), nothing is moved.                                       [web]

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Who had focus when something was pressed or opened.
#[derive(Clone)]
pub struct Held(Option<HtmlElement>);

/// The element that has focus now (not the page itself).
pub fn hold() -> Held {
    Held(active().filter(|_| !lost()).and_then(|e| e.dyn_into().ok()))
}

/// Runs `act` (which takes away or hides what holds focus), then gives
/// focus to `css` as [`Held::give_to`] does.
pub fn then_to(css: &'static str, act: impl FnOnce()) {
    let held = hold();
    act();
    held.give_to(css);
}

/// Whether focus is on a disabled element.
fn on_disabled() -> bool {
    active().is_some_and(|e| e.matches(":disabled").unwrap_or(false))
}

/// The element with focus, the page's body included.
fn active() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// The first element `css` finds.
fn find(css: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(css)
        .ok()??
        .dyn_into()
        .ok()
}

impl Held {
    /// After the next painted frame (the change is in the page): if focus
    /// was held and has since fallen to the page, it goes back to the
    /// element that held it, if that is still in the page.
    pub fn give_back(self) {
        let Held(Some(to)) = self else {
            return;
        };
        leptos::task::spawn_local(async move {
            super::schedule::after_paint().await;
            if lost() && to.is_connected() {
                let _ = to.focus();
            }
        });
    }

    /// As [`Held::give_back`], to the first element `css` finds instead.
    pub fn give_to(self, css: &'static str) {
        if self.0.is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            super::schedule::after_paint().await;
            // Still on what was just disabled: the browser lets go of it at
            // its next frame, which a slow one (or the timer standing in for
            // it) may not have reached yet; then it falls to the page.
            if lost() || on_disabled() {
                focus(css);
            }
        });
    }

    /// Something moved in a list drawn again in place: focus, still on
    /// the element pressed (now another item's) or fallen to the page,
    /// follows the moved item to the first of `tries` found.
    pub fn follow(self, tries: Vec<String>) {
        let Held(Some(pressed)) = self else {
            return;
        };
        leptos::task::spawn_local(async move {
            super::schedule::after_paint().await;
            let still = active().is_some_and(|e| e == *pressed.unchecked_ref::<web_sys::Element>());
            if still || lost() {
                tries.iter().find(|css| focus(css));
            }
        });
    }
}

/// Focus just fell to the page with the element that held it, which is
/// being made again elsewhere: after the next painted frame, unless the
/// person has put it somewhere meanwhile, it goes to the first element
/// `css` finds.
pub fn pick_up(css: String) {
    leptos::task::spawn_local(async move {
        super::schedule::after_paint().await;
        if lost() {
            focus(&css);
        }
    });
}

/// Focuses the first element `css` finds; whether there was one.
fn focus(css: &str) -> bool {
    find(css).is_some_and(|element| element.focus().is_ok())
}

/// Scrolls `element` into view: `block` says where it stops (`Nearest`:
/// as little as it takes, above the Generate bar's `scroll-padding`).
pub fn into_view(element: &web_sys::Element, block: web_sys::ScrollLogicalPosition) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(block);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Brings the first element `css` finds to the middle of the screen and
/// gives it focus (a way from a message to what it is about).
pub fn bring(css: &str) {
    if let Some(element) = find(css) {
        into_view(&element, web_sys::ScrollLogicalPosition::Center);
        let _ = element.focus();
    }
}

/// Whether the element with focus is one `css` names.
pub fn is_on(css: &str) -> bool {
    active().is_some_and(|e| e.matches(css).unwrap_or(false))
}

/// Whether nothing has focus but the page itself.
pub fn lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (Some(_), None) => false,
    }
}
