//! Says plainly when `config.json` was present but could not be used.

use crate::state::use_app_state;
use leptos::prelude::*;

/// Shown only when the deploy-time config was rejected.
#[component]
pub fn ConfigBanner() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.config_problem.get().map(|problem| {
            view! {
                <p class="banner banner-warning" role="alert">
                    {state.t().config_invalid} " " <code>{problem}</code>
                </p>
            }
        })
    }
}
