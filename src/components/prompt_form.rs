//! The form: prompt, method, model, count, aspect ratio, cache, and the
//! gateway settings. Submitting never clears it, whatever the outcome.

use crate::api::models::{for_method, guide_models, suggest};
use crate::api::request::MAX_IMAGES;
use crate::api::types::{Aspect, Freshness, Method};
use crate::i18n::fill;
use crate::state::use_app_state;
use leptos::prelude::*;

/// The generation form.
#[component]
pub fn PromptForm() -> impl IntoView {
    let state = use_app_state();
    let pending = state.pending;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submit();
    };
    // Typing a key of one's own replaces the demo key.
    let on_key_input = move |_| state.demo_key_in_use.set(false);
    // The model list is fetched when the gateway or key is committed, not
    // on every keystroke.
    let refresh_models = move |_| state.refresh_models();
    let method_hint = state.says(|s| match s.method.get() {
        Method::Standard => s.t().method_standard_hint,
        Method::Chat => s.t().method_chat_hint,
    });
    view! {
        <form class="generate-form" on:submit=on_submit>
            <div class="field">
                <label for="prompt">{state.text(|t| t.prompt)}</label>
                <textarea
                    id="prompt"
                    name="prompt"
                    rows="4"
                    placeholder=state.text(|t| t.prompt_placeholder)
                    bind:value=state.prompt
                    aria-describedby="prompt-problem"
                ></textarea>
                <p id="prompt-problem" class="field-problem" role="status">
                    {move || {
                        state
                            .draft_not_kept
                            .get()
                            .map(|n| fill(state.t().draft_not_kept, &[("n", &n.to_string())]))
                    }}
                </p>
            </div>
            <div class="field">
                <label for="method">{state.text(|t| t.method)}</label>
                <select
                    id="method"
                    name="method"
                    disabled=state.flag(|s| s.locks.get().method)
                    aria-describedby="method-hint"
                    on:change:target=move |ev| {
                        if let Some(method) = Method::from_code(&ev.target().value()) {
                            state.set_method(method);
                        }
                    }
                >
                    {Method::ALL
                        .map(|method| {
                            let label = move || match method {
                                Method::Standard => state.t().method_standard,
                                Method::Chat => state.t().method_chat,
                            };
                            view! {
                                <option
                                    value=method.code()
                                    prop:selected=move || state.method.get() == method
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <small id="method-hint">{method_hint}</small>
            </div>
            <ModelField/>
            <div class="row row-even">
                <div class="field">
                    <label for="count">{state.text(|t| t.count)}</label>
                    <select
                        id="count"
                        name="count"
                        bind:value=state.count
                        disabled=state.flag(|s| s.locks.get().count)
                    >
                        {(1..=MAX_IMAGES)
                            .map(|n| view! { <option value=n.to_string()>{n}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="aspect">{state.text(|t| t.aspect)}</label>
                    <select
                        id="aspect"
                        name="aspect"
                        on:change:target=move |ev| {
                            state.aspect.set(Aspect::from_ratio(&ev.target().value()));
                        }
                    >
                        <option value="" prop:selected=move || state.aspect.get().is_none()>
                            {state.text(|t| t.aspect_default)}
                        </option>
                        {move || {
                            state
                                .method
                                .get()
                                .aspects()
                                .iter()
                                .map(|&aspect| {
                                    view! {
                                        <option
                                            value=aspect.ratio()
                                            prop:selected=move || state.aspect.get() == Some(aspect)
                                        >
                                            {aspect.ratio()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="freshness">{state.text(|t| t.freshness)}</label>
                <select
                    id="freshness"
                    name="freshness"
                    aria-describedby="freshness-hint"
                    on:change:target=move |ev| {
                        if let Some(f) = Freshness::from_code(&ev.target().value()) {
                            state.freshness.set(f);
                        }
                    }
                >
                    {Freshness::ALL
                        .map(|freshness| {
                            let label = move || match freshness {
                                Freshness::Cached => state.t().freshness_cached,
                                Freshness::NoCache => state.t().freshness_no_cache,
                                Freshness::RandomSuffix => state.t().freshness_suffix,
                            };
                            view! {
                                <option
                                    value=freshness.code()
                                    prop:selected=move || state.freshness.get() == freshness
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <small id="freshness-hint">{state.text(|t| t.freshness_hint)}</small>
            </div>
            <fieldset class="gateway">
                <legend>{state.text(|t| t.settings_heading)}</legend>
                <p class="locked-note" hidden=state.flag(|s| !s.locks.get().base_url)>
                    {state.text(|t| t.locked_by_site)}
                </p>
                // A base URL the site locked is not shown at all.
                <div class="field" hidden=state.flag(|s| s.locks.get().base_url)>
                    <label for="base-url">{state.text(|t| t.base_url)}</label>
                    <input
                        id="base-url"
                        name="base-url"
                        type="url"
                        inputmode="url"
                        autocomplete="url"
                        spellcheck="false"
                        aria-describedby="base-url-hint"
                        bind:value=state.base_url
                        on:change=refresh_models
                    />
                    <small id="base-url-hint">{state.text(|t| t.base_url_hint)}</small>
                </div>
                <div class="field">
                    <label for="api-key">{state.text(|t| t.api_key)}</label>
                    <div class="key-row">
                        <input
                            id="api-key"
                            name="api-key"
                            type=move || if state.key_visible.get() { "text" } else { "password" }
                            autocomplete="off"
                            spellcheck="false"
                            aria-describedby="api-key-hint api-key-problem"
                            aria-invalid=move || state.key_problem().is_some().then_some("true")
                            bind:value=state.api_key
                            on:input=on_key_input
                            on:change=refresh_models
                        />
                        <button
                            type="button"
                            class="show-key"
                            aria-controls="api-key"
                            aria-pressed=move || state.key_visible.get().to_string()
                            on:click=move |_| state.key_visible.update(|v| *v = !*v)
                        >
                            {state.says(|s| if s.key_visible.get() { s.t().hide_key } else { s.t().show_key })}
                        </button>
                    </div>
                    <p id="api-key-problem" class="field-problem" role="alert">
                        {move || {
                            state.key_problem().map(|(c, n)| {
                                fill(
                                    state.t().key_unsendable,
                                    &[("c", &crate::api::key::describe_char(c)), ("n", &n.to_string())],
                                )
                            })
                        }}
                    </p>
                    <small id="api-key-hint">
                        {state.says(|s| {
                            if s.demo_key_in_use.get() { s.t().demo_key_in_use } else { s.t().api_key_hint }
                        })}
                    </small>
                    <div class="key-actions">
                        <label class="check">
                            <input
                                type="checkbox"
                                id="remember-key"
                                prop:checked=move || state.remember_key.get()
                                on:change:target=move |ev| state.remember_key.set(ev.target().checked())
                            />
                            <span>{state.text(|t| t.remember_key)}</span>
                        </label>
                        <button type="button" class="forget-key" on:click=move |_| state.forget_key()>
                            {state.text(|t| t.forget_key)}
                        </button>
                    </div>
                    <small>
                        {state.says(|s| {
                            if s.remember_key.get() { s.t().key_remembered } else { s.t().key_this_tab }
                        })}
                    </small>
                </div>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" disabled=state.flag(|s| s.pending.get())>
                    {state.says(|s| if s.pending.get() { s.t().generating } else { s.t().generate })}
                </button>
                <Show when=move || pending.get()>
                    <button type="button" class="cancel" on:click=move |_| state.cancel()>
                        {state.text(|t| t.cancel)}
                    </button>
                </Show>
            </div>
        </form>
    }
}

/// How many of the gateway's models the model field suggests at once.
pub const MODEL_SUGGESTIONS: usize = 50;

/// The model of the current method: free text, with the gateway's models
/// for that method (or the guide's, until they load) as suggestions.
#[component]
fn ModelField() -> impl IntoView {
    let state = use_app_state();
    // A few of the gateway's models for this method, narrowed by what is
    // typed (a gateway may list thousands); the guide's until they load.
    let suggestions = move || {
        let method = state.method.get();
        let typed = state.model(method).get();
        let fetched = state
            .models
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|all| suggest(&all, method, &typed, MODEL_SUGGESTIONS).0);
        fetched.unwrap_or_else(|| guide_models(method).iter().map(|m| m.to_string()).collect())
    };
    let status = move || {
        let t = state.t();
        match state.models.get() {
            // Nothing asked yet (no key), or the first answer pending.
            None | Some(Ok(None)) => None,
            Some(Ok(Some(all))) => Some(fill(
                t.models_loaded,
                &[("n", &for_method(&all, state.method.get()).len().to_string())],
            )),
            Some(Err(error)) => Some(fill(
                t.models_unavailable,
                &[("why", (t.errors)(error.kind).title)],
            )),
        }
    };
    view! {
        <div class="field">
            <label for="model">{state.text(|t| t.model)}</label>
            <input
                id="model"
                name="model"
                list="model-list"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="model-hint"
                prop:value=move || state.model(state.method.get()).get()
                readonly=state.flag(|s| s.locks.get().model_for(s.method.get()))
                on:input:target=move |ev| {
                    state.model(state.method.get_untracked()).set(ev.target().value());
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
