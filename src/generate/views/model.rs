//! The model of the current method: free text, with a few of the gateway's
//! models for that method as suggestions (the guide's, until they load).

use crate::api::models::{guide_models, suggest};
use crate::i18n::use_i18n;
use crate::settings::{use_settings, Models};
use leptos::prelude::*;

/// How many of the gateway's models the field suggests at once: a gateway
/// may list thousands.
pub const MODEL_SUGGESTIONS: usize = 50;

/// The model field.
#[component]
pub fn ModelField() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    let method = move || settings.prefs.with(|p| p.method);
    let value = move || settings.prefs.with(|p| p.model(p.method).to_string());
    let suggestions = move || {
        let method = method();
        let typed = value();
        settings
            .model_list()
            .map(|all| suggest(&all, method, &typed, MODEL_SUGGESTIONS).0)
            .unwrap_or_else(|| guide_models(method).iter().map(|m| m.to_string()).collect())
    };
    let status = move || {
        let t = i18n.t();
        settings.models.with(|models| match models {
            // Nothing asked yet (no key).
            Models::Unasked => None,
            Models::Loaded(all) => Some((t.models_loaded)(suggest(all, method(), "", 0).1)),
            Models::Failed(error) => Some((t.models_unavailable)((t.errors)(error.kind).title)),
        })
    };
    view! {
        <div class="field">
            <label for="model">{i18n.text(|t| t.model)}</label>
            <input
                id="model"
                name="model"
                list="model-list"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="model-hint"
                prop:value=value
                readonly=move || settings.locks.with(|l| l.model_for(method()))
                on:input:target=move |ev| {
                    let typed = ev.target().value();
                    settings.change(|p| *p.model_mut(p.method) = typed);
                }
            />
            <datalist id="model-list">
                {move || {
                    suggestions()
                        .into_iter()
                        .map(|m| view! { <option value=m></option> })
                        .collect_view()
                }}
            </datalist>
            <small id="model-hint">{status}</small>
        </div>
    }
}
