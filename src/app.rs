//! `<App/>`: builds each feature's state, provides it as its own context,
//! wires the hand-offs between them, and lays out the page.

use crate::api::request::max_input_images;
use crate::api::types::Method;
use crate::edit::{turns::Refine, views::References, EditState};
use crate::gallery::{views::GallerySection, views::SaveProblem, GalleryState, Reuse};
use crate::generate::run::{Outcome, Setup};
use crate::generate::views::{PromptForm, Results, Status};
use crate::generate::GenerateState;
use crate::helper::{views::PromptHelper, HelperSetup, HelperState};
use crate::i18n::{I18n, Lang};
use crate::made::{Made, ToEdit};
use crate::settings::gateway;
use crate::settings::prefs::Theme;
use crate::settings::views::{ConfigBanner, LanguageSwitch, ThemeSwitch};
use crate::settings::SettingsState;
use crate::web::schedule;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let settings = SettingsState::new(browser_language().unwrap_or_default());
    // A memo: texts follow the language, not every keystroke in the form.
    let i18n = I18n::new(Memo::new(move |_| settings.prefs.with(|p| p.language)).into());
    let edit = EditState::new();
    let generate = GenerateState::new(
        Signal::derive(move || setup(settings)),
        Signal::derive(move || edit.attachments()),
    );
    let gallery = GalleryState::new();
    let helper = HelperState::new(
        Signal::derive(move || HelperSetup {
            settled: settings.settled.get(),
            base_url: settings.prefs.with(|p| p.base_url.clone()),
            api_key: settings.api_key.get(),
            model: settings.prefs.with(|p| p.helper_model.clone()),
        }),
        generate.prompt.into(),
    );
    helper.wire(Callback::new(move |text: String| {
        generate.prompt.set(text);
        generate.focus_prompt();
    }));
    provide_context(helper);
    provide_context(settings);
    provide_context(i18n);
    provide_context(generate);
    provide_context(gallery);
    provide_context(edit);

    // The hand-offs: images made go to the gallery; a new run clears the
    // gallery's word about the last one; Reuse fills the form; "Edit this"
    // makes an image a reference; another gateway drops a run for the old
    // one.
    let to_edit = Callback::new(move |image: ToEdit| {
        leptos::task::spawn_local(edit.edit(image));
        generate.focus_prompt();
    });
    generate.wire(
        Callback::new(move |made: Made| {
            leptos::task::spawn_local(edit.made(made.clone()));
            leptos::task::spawn_local(gallery.save(made));
        }),
        Callback::new(move |()| gallery.new_run()),
        to_edit,
        Callback::new(move |(run, index)| gallery.show_made(run, index)),
    );
    // Images go with the chat method: adding one switches to it (unless
    // the site locked the method, and then the request says why not).
    edit.wire(Callback::new(move |()| {
        let standard = settings.prefs.with_untracked(|p| p.method) == Method::Standard;
        let switch = standard && !settings.locks.with_untracked(|l| l.method);
        if switch {
            settings.set_method(Method::Chat);
        }
        switch
    }));
    gallery.wire(reuse_in_the_form(settings, generate), to_edit);
    settings.on_gateway_change(Callback::new(move |gateway: Option<String>| {
        helper.gateway_changed(gateway.clone());
        generate.gateway_changed(gateway)
    }));
    open_the_gateway_when_refused(settings, generate, helper);

    leptos::task::spawn_local(async move {
        settings.load_config().await;
        generate.settled();
    });
    leptos::task::spawn_local(gallery.load());
    leptos::task::spawn_local(edit.load());
    leptos::task::spawn_local(edit.load_turns());

    // What this device remembers follows the form (effects: storage is the
    // outside world).
    schedule::effect(move || settings.store_prefs());
    schedule::effect(move || settings.store_key());
    settings.follow_other_tabs();
    schedule::effect(move || generate.store_draft());
    keep_the_root_in_step(settings, i18n);

    view! {
        <header class="app-header">
            <div>
                <h1>"Sinh Ảnh"</h1>
                <p class="tagline">{i18n.text(|t| t.tagline)}</p>
            </div>
            <div class="header-tools">
                <LanguageSwitch/>
                <ThemeSwitch/>
            </div>
        </header>
        <main class="layout">
            <ConfigBanner/>
            <section class="controls">
                // A typed render prop: the form is generate's, the
                // references edit's; app.rs puts one in the other.
                <PromptForm under_prompt=move || {
                    let most = Signal::derive(move || {
                        max_input_images(&settings.prefs.with(|p| p.model(Method::Chat).to_string()))
                    });
                    view! { <PromptHelper/> <References most/> <Refine/> }
                }/>
            </section>
            <section class="output">
                <Status/>
                <Results/>
                <SaveProblem/>
            </section>
            <GallerySection/>
        </main>
    }
}

/// Reuse, from the gallery: an image's prompt and settings back in the
/// form.
fn reuse_in_the_form(settings: SettingsState, generate: GenerateState) -> Callback<Reuse> {
    Callback::new(move |reuse: Reuse| {
        // A site's locks win over what the image was made with.
        let locks = settings.locks.get_untracked();
        settings.change(|p| {
            if !locks.method {
                p.method = reuse.method;
            }
            if !locks.model_for(reuse.method) {
                *p.model_mut(reuse.method) = reuse.model.clone();
            }
            p.aspect = reuse.aspect;
            if let Some(count) = reuse.count.filter(|_| !locks.count) {
                p.count = count;
            }
        });
        generate.prompt.set(reuse.prompt);
        generate.focus_prompt();
    })
}

/// The gateway settings unfold for a run or a helper's request refused
/// for the key or address.
fn open_the_gateway_when_refused(
    settings: SettingsState,
    generate: GenerateState,
    helper: HelperState,
) {
    // A run refused for its key or address unfolds the gateway settings
    // (once per refusal: a person who folds them again is left alone until
    // the next one, in this run or a new one).
    schedule::effect_with(move |seen: Option<(u64, usize)>| {
        let (run, refused) = generate.run.with(|run| {
            run.as_ref().map_or((0, 0), |run| {
                let refused = run
                    .outcomes()
                    .iter()
                    .filter(|o| matches!(o, Outcome::Failed(e) if gateway::about_gateway(e.kind)))
                    .count();
                (run.id, refused)
            })
        });
        let before = seen.filter(|(id, _)| *id == run).map_or(0, |(_, n)| n);
        if refused > before {
            settings.gateway_open.set(true);
        }
        (run, refused)
    });

    // So does the helper's request refused for them.
    schedule::effect(move || {
        if helper
            .error
            .with(|e| e.as_ref().is_some_and(|e| gateway::about_gateway(e.kind)))
        {
            settings.gateway_open.set(true);
        }
    });
}

/// `<html>` kept in step with the page: its language, the configuration
/// settled, the colours.
fn keep_the_root_in_step(settings: SettingsState, i18n: I18n) {
    // Keep <html lang> true for screen readers and hyphenation, and say on
    // <html data-config> when config.json has been dealt with (tests and
    // embedding portals wait for it).
    schedule::effect(move || {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", i18n.lang().code());
            if settings.settled.get() {
                let _ = root.set_attribute("data-config", "settled");
            }
            // The colours: the system's unless one is chosen (style/app.css).
            let theme = settings.prefs.with(|p| p.theme);
            match theme {
                Theme::Auto => root.remove_attribute("data-theme").unwrap_or_default(),
                theme => root
                    .set_attribute("data-theme", theme.code())
                    .unwrap_or_default(),
            }
            browser_bar_in(theme);
        }
    });
}

/// The phone's browser bar in the header's colour for the scheme in force:
/// index.html has one `theme-color` per scheme, each for its
/// `prefers-color-scheme`; a chosen scheme makes its own apply always.
fn browser_bar_in(theme: Theme) {
    for scheme in [Theme::Light, Theme::Dark] {
        let css = format!("meta[name=theme-color][data-scheme={}]", scheme.code());
        if let Ok(Some(meta)) = document().query_selector(&css) {
            let media = match theme {
                Theme::Auto => format!("(prefers-color-scheme: {})", scheme.code()),
                chosen if chosen == scheme => "all".to_owned(),
                _ => "not all".to_owned(),
            };
            let _ = meta.set_attribute("media", &media);
        }
    }
}

/// What generation needs of the settings (reactive).
fn setup(settings: SettingsState) -> Setup {
    let prefs = settings.prefs.get();
    Setup {
        settled: settings.settled.get(),
        base_url: prefs.base_url.clone(),
        api_key: settings.api_key.get(),
        method: prefs.method,
        model: prefs.model(prefs.method).to_string(),
        count: prefs.count,
        aspect: prefs.aspect,
        freshness: prefs.freshness,
        timeout_secs: settings.timeout_secs.get(),
        notify_origin: settings.notify_origin.get(),
    }
}

fn browser_language() -> Option<Lang> {
    let language = window().navigator().language()?;
    Lang::from_code(&language)
}
