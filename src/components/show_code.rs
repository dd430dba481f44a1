//! "Show code": the run's request as curl and as Python (openai SDK), with
//! the key masked, and a Copy button for each.

use crate::api::request::normalize_base_url;
use crate::snippet;
use crate::state::{use_app_state, Run};
use leptos::prelude::*;

/// A closed `<details>`: opening it costs nothing until asked.
#[component]
pub fn ShowCode(
    /// The run whose request is shown.
    run: Run,
) -> impl IntoView {
    let state = use_app_state();
    let requests: Vec<_> = run.slots.iter().filter_map(|s| s.request.clone()).collect();
    let first = requests.first()?.clone();
    let copies = requests.len();
    let masked = snippet::mask_key(&run.order.api_key);
    let base = normalize_base_url(&run.order.base_url).unwrap_or_default();
    let curl = snippet::curl(&first, &masked, copies);
    let python = snippet::python(&first, &base, &masked, copies);
    Some(view! {
        <details class="show-code">
            <summary>{state.text(|t| t.show_code)}</summary>
            <p class="hint-inline">{state.text(|t| t.code_intro)}</p>
            <CodeBlock title="curl" code=curl/>
            <CodeBlock title="Python (openai)" code=python/>
        </details>
    })
}

/// One snippet with its Copy button.
#[component]
fn CodeBlock(title: &'static str, code: String) -> impl IntoView {
    let state = use_app_state();
    // None: not copied yet; Some(ok): the outcome of the last Copy.
    let copied = RwSignal::new(None::<bool>);
    let text = code.clone();
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(copy_to_clipboard(&text).await));
        });
    };
    let feedback = move || {
        copied.get().map(|ok| {
            if ok {
                state.t().copied
            } else {
                state.t().copy_failed
            }
        })
    };
    view! {
        <section class="code-block">
            <div class="code-head">
                <h3>{title}</h3>
                <button type="button" class="copy" on:click=copy>
                    {state.text(|t| t.copy)}
                </button>
                <span class="copy-feedback" role="status">{feedback}</span>
            </div>
            <pre><code>{code}</code></pre>
        </section>
    }
}

/// Writes `text` to the clipboard; false where the browser refuses
/// (no permission, insecure context).
async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    // `navigator.clipboard` is undefined outside secure contexts: calling
    // into it unchecked would throw through the wasm stack.
    let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into())
        .ok()
        .filter(|c| c.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let promise = clipboard
        .unchecked_into::<web_sys::Clipboard>()
        .write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
