//! The settings' views: the gateway and key, the language switch, and the
//! banner that says `config.json` could not be used.

use super::gateway;
use super::prefs::Theme;
use super::state::use_settings;
use crate::api::key::describe_char;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The gateway's address and the API key, with Show, Remember and Forget,
/// folded into one line once they are set ("api.thucchien.ai · key ending
/// …Wx7Q · Change"); open by themselves when missing or refused.
#[component]
pub fn GatewaySettings() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    let locked = move || settings.locks.with(|l| l.base_url);
    let line = move || {
        let host = if locked() {
            Some(i18n.t().gateway_of_site.to_string())
        } else {
            settings.prefs.with(|p| gateway::host_of(&p.base_url))
        };
        let demo = settings.demo_key_in_use.get();
        let key = settings.api_key.with(|key| gateway::key_shown(key, demo));
        (i18n.t().gateway_line)(host.as_deref(), &key)
    };
    // The person's own toggles are kept; the state opens it by itself. A
    // toggle that differs from the state is the person's (the state's own
    // changes arrive here as the value it already has).
    let toggled = move |ev: leptos::ev::Event| {
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .map(|details| details.open());
        if let Some(open) = open {
            if open != settings.gateway_open.get_untracked() {
                settings.gateway_toggled.set_value(true);
            }
            settings.gateway_open.set(open);
        }
    };
    view! {
        <details class="gateway-fold" prop:open=move || settings.gateway_open.get() on:toggle=toggled>
            <summary>
                <span class="gateway-title">{i18n.text(|t| t.settings_heading)}</span>
                <span class="gateway-line">{line}</span>
                <span class="gateway-change">
                    {move || if settings.gateway_open.get() { i18n.t().gateway_hide } else { i18n.t().gateway_change }}
                </span>
            </summary>
            <GatewayFields/>
        </details>
    }
}

/// The address and key fields themselves.
#[component]
fn GatewayFields() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    let locked = move || settings.locks.with(|l| l.base_url);
    let base_url = move || settings.prefs.with(|p| p.base_url.clone());
    // The model list is asked for when the gateway or key is committed,
    // not on every keystroke.
    let commit = move |_| settings.commit_gateway();
    view! {
        <fieldset class="gateway">
            <legend class="visually-hidden">{i18n.text(|t| t.settings_heading)}</legend>
            <p class="locked-note" hidden=move || !locked()>{i18n.text(|t| t.locked_by_site)}</p>
            // A base URL the site locked is not shown at all.
            <div class="field" hidden=locked>
                <label for="base-url">{i18n.text(|t| t.base_url)}</label>
                <input
                    id="base-url"
                    name="base-url"
                    type="url"
                    inputmode="url"
                    autocomplete="url"
                    spellcheck="false"
                    aria-describedby="base-url-hint"
                    prop:value=base_url
                    on:input:target=move |ev| {
                        let url = ev.target().value();
                        settings.change(|p| p.base_url = url);
                    }
                    on:change=commit
                />
                <small id="base-url-hint">{i18n.text(|t| t.base_url_hint)}</small>
            </div>
            <div class="field">
                <label for="api-key">{i18n.text(|t| t.api_key)}</label>
                <div class="key-row">
                    <input
                        id="api-key"
                        name="api-key"
                        type=move || if settings.key_visible.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="api-key-hint api-key-problem"
                        aria-invalid=move || settings.key_problem().is_some().then_some("true")
                        bind:value=settings.api_key
                        // Typing a key of one's own replaces the demo key.
                        on:input=move |_| {
                            settings.demo_key_in_use.set(false);
                            settings.key_forgotten.set(false);
                        }
                        on:change=commit
                    />
                    <button
                        type="button"
                        class="show-key"
                        aria-controls="api-key"
                        on:click=move |_| settings.key_visible.update(|v| *v = !*v)
                    >
                        {move || if settings.key_visible.get() { i18n.t().hide_key } else { i18n.t().show_key }}
                    </button>
                </div>
                <p id="api-key-problem" class="field-problem" role="alert">
                    {move || {
                        settings
                            .key_problem()
                            .map(|(c, at)| (i18n.t().key_unsendable)(&describe_char(c), at))
                    }}
                </p>
                <small id="api-key-hint">
                    {move || {
                        if settings.demo_key_in_use.get() { i18n.t().demo_key_in_use } else { i18n.t().api_key_hint }
                    }}
                </small>
                <div class="key-actions">
                    <label class="check">
                        <input
                            type="checkbox"
                            id="remember-key"
                            prop:checked=move || settings.remember_key.get()
                            on:change:target=move |ev| {
                                settings.remember_key.set(ev.target().checked());
                                settings.key_forgotten.set(false);
                            }
                        />
                        <span>{i18n.text(|t| t.remember_key)}</span>
                    </label>
                    <button type="button" class="forget-key" on:click=move |_| settings.forget_key()>
                        {i18n.text(|t| t.forget_key)}
                    </button>
                </div>
                // A status: Forget and Remember are heard to have been done.
                <small class="key-keeping" role="status">
                    {move || {
                        if settings.key_forgotten.get() {
                            i18n.t().key_forgotten
                        } else if settings.remember_key.get() {
                            i18n.t().key_remembered
                        } else {
                            i18n.t().key_this_page
                        }
                    }}
                </small>
            </div>
            <HelperModelField/>
        </fieldset>
    }
}

/// The interface language, as a `<select>` of each language's own name.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    view! {
        <label class="language">
            <span>{i18n.text(|t| t.language)}</span>
            <select
                on:change:target=move |ev| {
                    if let Some(lang) = Lang::from_code(&ev.target().value()) {
                        settings.change(|p| p.language = lang);
                    }
                }
                prop:value=move || i18n.lang().code()
                disabled=move || settings.locks.with(|l| l.language)
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| view! { <option value=lang.code()>{lang.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Says plainly when `config.json` was present but could not be used, or
/// is slow to come (what waits for it, and why).
#[component]
pub fn ConfigBanner() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    let slow = move || {
        settings.config_slow.get().then(|| {
            view! { <p class="banner banner-warning config-slow" role="status">{i18n.t().config_slow}</p> }
        })
    };
    let problem = move || {
        settings.config_problem.get().map(|problem| {
            view! {
                <p class="banner banner-warning" role="alert">
                    {i18n.t().config_invalid} " " <code>{(i18n.t().config_problem)(&problem)}</code>
                </p>
            }
        })
    };
    view! { {slow} {problem} }
}

/// The page's colours: as the system, light or dark (remembered).
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    view! {
        <label class="language">
            <span>{i18n.text(|t| t.theme)}</span>
            <select
                id="theme"
                on:change:target=move |ev| {
                    if let Some(theme) = Theme::from_code(&ev.target().value()) {
                        settings.change(|p| p.theme = theme);
                    }
                }
                prop:value=move || settings.prefs.with(|p| p.theme.code())
                disabled=move || settings.locks.with(|l| l.theme)
            >
                {Theme::ALL
                    .into_iter()
                    .map(|theme| {
                        let label = move || match theme {
                            Theme::Auto => i18n.t().theme_auto,
                            Theme::Light => i18n.t().theme_light,
                            Theme::Dark => i18n.t().theme_dark,
                        };
                        view! { <option value=theme.code()>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The prompt helper's text model: the gateway's models that make no
/// images are suggested, any name may be typed.
#[component]
fn HelperModelField() -> impl IntoView {
    let settings = use_settings();
    let i18n = use_i18n();
    let suggestions = move || {
        let list = settings.model_list().unwrap_or_default();
        crate::api::helper::text_models(&list)
            .into_iter()
            .take(50)
            .map(|id| view! { <option value=id/> })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for="helper-model">{i18n.text(|t| t.helper_model)}</label>
            <input
                id="helper-model"
                list="helper-models"
                spellcheck="false"
                autocomplete="off"
                aria-describedby="helper-model-hint"
                disabled=move || settings.locks.with(|l| l.helper_model)
                prop:value=move || settings.prefs.with(|p| p.helper_model.clone())
                on:change:target=move |ev| {
                    let model = ev.target().value().trim().to_string();
                    if !model.is_empty() {
                        settings.change(|p| p.helper_model = model);
                    }
                }
            />
            <datalist id="helper-models">{suggestions}</datalist>
            <small id="helper-model-hint">{i18n.text(|t| t.helper_model_hint)}</small>
        </div>
    }
}
