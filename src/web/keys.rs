//! Keys that act on the whole page.                                  [web]

use leptos::prelude::*;

/// Runs `act` when Esc is pressed anywhere in the page, unless a dialog is
/// open (the lightbox takes Esc to close). The listener goes with the
/// component that asked for it.
pub fn on_escape(act: impl Fn() + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        let dialog_open = document()
            .query_selector("dialog[open]")
            .ok()
            .flatten()
            .is_some();
        if ev.key() == "Escape" && !dialog_open {
            act();
        }
    });
    on_cleanup(move || listener.remove());
}
