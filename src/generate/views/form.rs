//! The form: prompt, method, model, number, aspect ratio, cache, and
//! Generate. Submitting never clears it, whatever the outcome.

use super::model::ModelField;
use crate::api::request::MAX_IMAGES;
use crate::api::types::{Aspect, Freshness, Method};
use crate::generate::state::{use_generate, GenerateState};
use crate::i18n::use_i18n;
use crate::settings::use_settings;
use crate::settings::views::GatewaySettings;
use leptos::prelude::*;

/// The generation form; `under_prompt` draws what goes below the prompt
/// (the references: another feature's view, composed by `app.rs`).
#[component]
pub fn PromptForm<F, V>(under_prompt: F) -> impl IntoView
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let gen = use_generate();
    let settings = use_settings();
    let i18n = use_i18n();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let held = crate::web::focus::hold();
        gen.submit();
        // Generate is disabled while the run waits: focus goes to Cancel
        // beside it, not to the page (Enter or Esc then cancels).
        if gen.pending.get_untracked() {
            held.give_to("form.generate-form button.cancel");
        }
    };
    let method = move || settings.prefs.with(|p| p.method);
    let on_keydown = shortcuts(gen);
    view! {
        <form class="generate-form" on:submit=on_submit on:keydown=on_keydown>
            <div class="field">
                <label for="prompt">{i18n.text(|t| t.prompt)}</label>
                <textarea
                    id="prompt"
                    name="prompt"
                    rows="4"
                    node_ref=gen.prompt_field
                    placeholder=i18n.text(|t| t.prompt_placeholder)
                    bind:value=gen.prompt
                    aria-describedby="prompt-problem"
                ></textarea>
                <p id="prompt-problem" class="field-problem" role="status">
                    {move || gen.draft_not_kept.get().map(|n| (i18n.t().draft_not_kept)(n))}
                </p>
            </div>
            {under_prompt()}
            <div class="field">
                <label for="method">{i18n.text(|t| t.method)}</label>
                <select
                    id="method"
                    name="method"
                    disabled=move || settings.locks.get().method
                    aria-describedby="method-hint"
                    on:change:target=move |ev| {
                        if let Some(method) = Method::from_code(&ev.target().value()) {
                            settings.set_method(method);
                        }
                    }
                >
                    {Method::ALL
                        .map(|m| {
                            let label = move || match m {
                                Method::Standard => i18n.t().method_standard,
                                Method::Chat => i18n.t().method_chat,
                            };
                            view! { <option value=m.code() prop:selected=move || method() == m>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <small id="method-hint">
                    {move || match method() {
                        Method::Standard => i18n.t().method_standard_hint,
                        Method::Chat => i18n.t().method_chat_hint,
                    }}
                </small>
            </div>
            <ModelField/>
            <div class="row row-even">
                <CountField/>
                <div class="field">
                    <label for="aspect">{i18n.text(|t| t.aspect)}</label>
                    <select
                        id="aspect"
                        name="aspect"
                        on:change:target=move |ev| {
                            let aspect = Aspect::from_ratio(&ev.target().value());
                            settings.change(|p| p.aspect = aspect);
                        }
                    >
                        <option value="" prop:selected=move || settings.prefs.with(|p| p.aspect.is_none())>
                            {i18n.text(|t| t.aspect_default)}
                        </option>
                        {move || {
                            method()
                                .aspects()
                                .iter()
                                .map(|&aspect| {
                                    let selected = move || settings.prefs.with(|p| p.aspect == Some(aspect));
                                    view! { <option value=aspect.ratio() prop:selected=selected>{aspect.ratio()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="freshness">{i18n.text(|t| t.freshness)}</label>
                <select
                    id="freshness"
                    name="freshness"
                    aria-describedby="freshness-hint"
                    on:change:target=move |ev| {
                        if let Some(f) = Freshness::from_code(&ev.target().value()) {
                            settings.change(|p| p.freshness = f);
                        }
                    }
                >
                    {Freshness::ALL
                        .map(|f| {
                            let label = move || match f {
                                Freshness::Cached => i18n.t().freshness_cached,
                                Freshness::NoCache => i18n.t().freshness_no_cache,
                                Freshness::RandomSuffix => i18n.t().freshness_suffix,
                            };
                            let selected = move || settings.prefs.with(|p| p.freshness) == f;
                            view! { <option value=f.code() prop:selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
                <small id="freshness-hint">{i18n.text(|t| t.freshness_hint)}</small>
            </div>
            <GatewaySettings/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || gen.pending.get() aria-keyshortcuts="Control+Enter Meta+Enter">
                    {move || {
                        let waiting = gen.pending.get().then(|| {
                            gen.run.with_untracked(|run| run.as_ref().map(|run| run.started_at.clone()))
                        });
                        match waiting.flatten() {
                            Some(started_at) => {
                                let waited = super::status::waited_since(started_at);
                                view! { <super::status::WaitingLabel waited/> }.into_any()
                            }
                            None => i18n.t().generate.into_any(),
                        }
                    }}
                </button>
                <Show when=move || gen.pending.get()>
                    <button type="button" class="cancel" on:click=move |_| gen.cancel() aria-keyshortcuts="Escape">
                        {i18n.text(|t| t.cancel)}
                    </button>
                </Show>
            </div>
            <p class="shortcuts">{i18n.text(|t| t.shortcuts)}</p>
        </form>
    }
}

/// How many images: one request each in chat, `n` in the standard
/// method. Refining makes one image a turn: the field then shows 1 and
/// says why, the choice kept for after.
#[component]
fn CountField() -> impl IntoView {
    let gen = use_generate();
    let settings = use_settings();
    let i18n = use_i18n();
    // Once per change of what editing attaches (a derived signal, read
    // here by every option), not once per reader.
    let refining = Memo::new(move |_| gen.refining());
    view! {
        <div class="field">
            <label for="count">{i18n.text(|t| t.count)}</label>
            <select
                id="count"
                name="count"
                disabled=move || settings.locks.get().count || refining.get()
                aria-describedby=move || refining.get().then_some("count-hint")
                on:change:target=move |ev| {
                    if let Ok(n) = ev.target().value().parse::<u8>() {
                        settings.change(|p| p.count = n.clamp(1, MAX_IMAGES));
                    }
                }
            >
                {(1..=MAX_IMAGES)
                    .map(|n| {
                        let selected = move || {
                            (if refining.get() { 1 } else { settings.prefs.with(|p| p.count) }) == n
                        };
                        view! { <option value=n.to_string() prop:selected=selected>{n}</option> }
                    })
                    .collect_view()}
            </select>
            <Show when=move || refining.get()>
                <small id="count-hint">{i18n.text(|t| t.one_per_turn)}</small>
            </Show>
        </div>
    }
}

/// The form's keys: Ctrl+Enter (Cmd+Enter on a Mac) generates from anywhere
/// in the form (the handler returned); Esc anywhere cancels a run, unless a
/// dialog (the lightbox) takes it.
fn shortcuts(gen: GenerateState) -> impl Fn(leptos::ev::KeyboardEvent) + Copy + 'static {
    crate::web::keys::on_escape(move || {
        if gen.pending.get_untracked() {
            gen.cancel();
        }
    });
    move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            gen.submit();
        }
    }
}
