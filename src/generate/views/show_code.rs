//! "Show code": the run's request as curl and as Python (openai SDK), with
//! the key masked, and a Copy button for each.

use crate::api::request::normalize_base_url;
use crate::generate::snippet;
use crate::generate::state::Run;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// A closed `<details>`: opening it costs nothing until asked.
#[component]
pub fn ShowCode(
    /// The run whose request is shown.
    run: Run,
) -> impl IntoView {
    let i18n = use_i18n();
    let requests: Vec<_> = run.slots.iter().filter_map(|s| s.request.clone()).collect();
    let first = requests.first()?.clone();
    let copies = requests.len();
    let masked = snippet::mask_key(&run.order.api_key);
    let base = normalize_base_url(&run.order.base_url).unwrap_or_default();
    // Commented in the page's language, and again when it changes.
    let curl = {
        let (first, masked, images) = (first.clone(), masked.clone(), run.order.images.clone());
        Signal::derive(move || snippet::curl(&first, &masked, copies, &images, &i18n.t().code))
    };
    let images = run.order.images.clone();
    let python = Signal::derive(move || {
        snippet::python(&first, &base, &masked, copies, &images, &i18n.t().code)
    });
    Some(view! {
        <details class="show-code">
            <summary>{i18n.text(|t| t.show_code)}</summary>
            <p class="hint-inline">{i18n.text(|t| t.code_intro)}</p>
            <CodeBlock title="curl" code=curl/>
            <CodeBlock title="Python (openai)" code=python/>
        </details>
    })
}

/// One snippet with its Copy button.
#[component]
fn CodeBlock(title: &'static str, code: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    // None: not copied yet; Some(ok): the outcome of the last Copy.
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = code.get_untracked();
        leptos::task::spawn_local(async move {
            copied.set(Some(crate::web::clipboard::copy_text(&text).await));
        });
    };
    let feedback = move || {
        copied.get().map(|ok| {
            if ok {
                i18n.t().copied
            } else {
                i18n.t().copy_failed
            }
        })
    };
    view! {
        <section class="code-block">
            <div class="code-head">
                <h3>{title}</h3>
                <button type="button" class="copy" on:click=copy>{i18n.text(|t| t.copy)}</button>
                <span class="copy-feedback" role="status">{feedback}</span>
            </div>
            <pre><code>{move || code.get()}</code></pre>
        </section>
    }
}
