//! The interface language, as a `<select>` of each language's own name.

use crate::i18n::Lang;
use crate::state::use_app_state;
use leptos::prelude::*;

/// Switches every text on the page at once.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let state = use_app_state();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
            state.lang.set(lang);
        }
    };
    view! {
        <label class="language">
            <span>{state.text(|t| t.language)}</span>
            <select
                on:change=on_change
                prop:value=move || state.lang.get().code()
                disabled=state.flag(|s| s.locks.get().language)
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| view! { <option value=lang.code()>{lang.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
