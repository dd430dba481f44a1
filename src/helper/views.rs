//! The helper beside the prompt: two buttons, Cancel while waiting, the
//! suggestion with Use it and Discard, and what went wrong.

use super::state::use_helper;
use crate::api::helper::Task;
use crate::i18n::use_i18n;
use crate::web::schedule;
use leptos::prelude::*;

#[component]
pub fn PromptHelper() -> impl IntoView {
    let helper = use_helper();
    let i18n = use_i18n();
    let busy = move || helper.pending.get().is_some();
    // Not before the gateway is known: a press would otherwise do nothing.
    let unavailable = move || busy() || !helper.ready();
    // The pressed button is disabled while the helper waits, and Cancel
    // goes with the wait: focus held then goes to the new suggestion, or
    // (failed, cancelled) back to the button, not to the page.
    let held = StoredValue::new_local(None::<crate::web::focus::Held>);
    let ask = move |task: Task| {
        move |_| {
            let pressed = crate::web::focus::hold();
            held.set_value(Some(pressed.clone()));
            helper.ask(task);
            // Disabled while it waits: focus goes to Cancel meanwhile.
            if helper.pending.get_untracked().is_some() {
                pressed.give_to(".helper .cancel-helper");
            }
        }
    };
    // Esc cancels the wait, as it cancels a run (a dialog open takes it).
    crate::web::keys::on_escape(move || {
        if helper.pending.get_untracked().is_some() {
            helper.cancel();
        }
    });
    schedule::effect_with(move |was: Option<Option<Task>>| {
        let now = helper.pending.get();
        if let (Some(Some(task)), None) = (was, now) {
            let failed = helper.error.with_untracked(Option::is_some);
            let to = match (failed, task) {
                (false, _) => "#suggestion",
                (true, Task::Translate) => ".helper .translate",
                (true, Task::Improve) => ".helper .improve",
            };
            if let Some(held) = held.try_update_value(Option::take).flatten() {
                held.give_to(to);
            }
        }
        now
    });
    // Discarded, the suggestion goes: back to the prompt. (Used, it is
    // in the prompt, which the app focuses.)
    let discard = move |_| {
        crate::web::focus::then_to("#prompt", || helper.discard());
    };
    let error = move || {
        helper.error.get().map(|e| {
            let advice = (i18n.t().errors)(e.kind);
            // Cancelled here, nothing is to be generated again (the
            // run's advice): the prompt is as it was.
            let said = if e.kind == crate::api::ErrorKind::Cancelled {
                i18n.t().helper_cancelled
            } else {
                advice.advice
            };
            view! {
                <div class="helper-error" role="alert" data-kind=format!("{:?}", e.kind)>
                    <strong>{advice.title}</strong>
                    " " {said}
                    {(e.has_outside_words() && !e.detail.is_empty()).then(|| view! { <small class="helper-detail">{e.detail.clone()}</small> })}
                </div>
            }
        })
    };
    let suggestion = move || {
        helper.suggestion.get().map(|s| {
            let label = match s.task {
                Task::Translate => i18n.t().helper_translated,
                Task::Improve => i18n.t().helper_improved,
            };
            view! {
                <div class="suggestion">
                    <label for="suggestion">{label}</label>
                    <textarea
                        id="suggestion"
                        rows="4"
                        prop:value=s.text
                        on:input:target=move |ev| {
                            let text = ev.target().value();
                            helper.suggestion.update(|s| {
                                if let Some(s) = s {
                                    s.text = text;
                                }
                            });
                        }
                    ></textarea>
                    <div class="reference-add">
                        <button type="button" class="secondary use-suggestion" on:click=move |_| helper.use_it()>
                            {i18n.text(|t| t.use_it)}
                        </button>
                        <button type="button" class="secondary discard-suggestion" on:click=discard>
                            {i18n.text(|t| t.discard)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <div class="helper" role="group" aria-labelledby="helper-label">
            <div class="reference-add">
                <span id="helper-label" class="helper-label">{i18n.text(|t| t.helper)}</span>
                <button type="button" class="secondary translate" disabled=unavailable on:click=ask(Task::Translate)>
                    {i18n.text(|t| t.translate)}
                </button>
                <button type="button" class="secondary improve" disabled=unavailable on:click=ask(Task::Improve)>
                    {i18n.text(|t| t.improve)}
                </button>
                <Show when=busy>
                    <span class="helper-waiting" role="status">{i18n.text(|t| t.helper_waiting)}</span>
                    <button type="button" class="secondary cancel-helper" on:click=move |_| helper.cancel()>
                        {i18n.text(|t| t.cancel)}
                    </button>
                </Show>
            </div>
            {suggestion}
            {error}
            <p class="reference-hint">{i18n.text(|t| t.helper_hint)}</p>
        </div>
    }
}
