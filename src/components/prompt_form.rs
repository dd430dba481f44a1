//! The form: prompt, count and model, and the gateway settings. Submitting
//! never clears it, whatever the outcome.

use crate::api::request::MAX_IMAGES;
use crate::config::GUIDE_IMAGE_MODELS;
use crate::state::use_app_state;
use leptos::prelude::*;

/// The generation form.
#[component]
pub fn PromptForm() -> impl IntoView {
    let state = use_app_state();
    let pending = state.generate.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit();
    };
    // Typing a key of one's own replaces the demo key.
    let on_key_input = move |_| state.demo_key_in_use.set(false);
    view! {
        <form class="generate-form" on:submit=on_submit>
            <div class="field">
                <label for="prompt">{move || state.t().prompt}</label>
                <textarea
                    id="prompt"
                    name="prompt"
                    rows="4"
                    placeholder=move || state.t().prompt_placeholder
                    bind:value=state.prompt
                ></textarea>
            </div>
            <div class="row">
                <div class="field">
                    <label for="model">{move || state.t().model}</label>
                    <input
                        id="model"
                        name="model"
                        list="model-list"
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=state.model
                    />
                    <datalist id="model-list">
                        {GUIDE_IMAGE_MODELS
                            .iter()
                            .map(|m| view! { <option value=*m></option> })
                            .collect_view()}
                    </datalist>
                </div>
                <div class="field">
                    <label for="count">{move || state.t().count}</label>
                    <select id="count" name="count" bind:value=state.count>
                        {(1..=MAX_IMAGES)
                            .map(|n| view! { <option value=n.to_string()>{n}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <fieldset class="gateway">
                <legend>{move || state.t().settings_heading}</legend>
                <div class="field">
                    <label for="base-url">{move || state.t().base_url}</label>
                    <input
                        id="base-url"
                        name="base-url"
                        type="url"
                        inputmode="url"
                        autocomplete="url"
                        spellcheck="false"
                        aria-describedby="base-url-hint"
                        bind:value=state.base_url
                    />
                    <small id="base-url-hint">{move || state.t().base_url_hint}</small>
                </div>
                <div class="field">
                    <label for="api-key">{move || state.t().api_key}</label>
                    <input
                        id="api-key"
                        name="api-key"
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="api-key-hint"
                        bind:value=state.api_key
                        on:input=on_key_input
                    />
                    <small id="api-key-hint">
                        {move || {
                            if state.demo_key_in_use.get() {
                                state.t().demo_key_in_use
                            } else {
                                state.t().api_key_hint
                            }
                        }}
                    </small>
                </div>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { state.t().generating } else { state.t().generate }}
                </button>
                <Show when=move || pending.get()>
                    <button type="button" class="cancel" on:click=move |_| state.cancel()>
                        {move || state.t().cancel}
                    </button>
                </Show>
            </div>
        </form>
    }
}
