//! The settings of the page: the choices in force, the key, what the site's
//! `config.json` set, and the gateway's model list.                  [web]
//!
//! `Copy`, provided once by `<App/>`, read with [`use_settings`]. What the
//! person chooses is remembered as it changes (effects in `<App/>`); which
//! value applies is [`merge`]'s to decide, not this file's.

use super::config::{ConfigProblem, DeployConfig, DEFAULT_TIMEOUT_SECS};
use super::gateway;
use super::prefs::{merge, read_stored, write_stored, Locks, PartialPrefs, Prefs, STORAGE_KEY};
use crate::api::key::{clean_key, KeyProblem};
use crate::api::models::read_models;
use crate::api::request::normalize_base_url;
use crate::api::types::Method;
use crate::api::{ApiError, ErrorKind};
use crate::i18n::Lang;
use crate::web::fetch::{self, Call};
use crate::web::json::read_answer;
use crate::web::storage::{self, Store};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the API key lives when the person asks it to be remembered, in
/// `localStorage`; else it is kept in no storage. Read once from
/// `sessionStorage` too, where an earlier version kept it for the tab.
pub const KEY_STORAGE_KEY: &str = "sinh-anh.api-key";

/// How long `config.json` may take before the page says it is waiting.
pub const CONFIG_SLOW: std::time::Duration = std::time::Duration::from_secs(3);

/// A gateway and a key that can be sent to it.
pub type Gateway = (String, String);

/// What is known of the gateway's model list.
#[derive(Clone, Debug, PartialEq)]
pub enum Models {
    /// Nothing to ask yet (no key, or the configuration not settled).
    Unasked,
    /// Shared: a gateway may list a hundred thousand.
    Loaded(Arc<Vec<String>>),
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct SettingsState {
    /// The choices in force.
    pub prefs: RwSignal<Prefs>,
    /// The key field, as typed.
    pub api_key: RwSignal<String>,
    /// The key field holds the local mock's demo key from `config.json`.
    pub demo_key_in_use: RwSignal<bool>,
    /// Keep the key in `localStorage` (on) or only for this tab (off).
    pub remember_key: RwSignal<bool>,
    /// The key field shows its text.
    pub key_visible: RwSignal<bool>,
    /// Forget was pressed, and the field not touched since: said beside it.
    pub key_forgotten: RwSignal<bool>,
    /// The key in `localStorage` is this tab's (it wrote it, or took it
    /// from there): only then may this tab remove it. A tab holding a key
    /// of its own, not remembered, leaves another tab's remembered key be.
    pub(super) key_kept_here: StoredValue<bool>,
    /// The key just taken from another tab's write: already in storage.
    /// Written back, it could overwrite a newer one that tab has written
    /// since (it may be typing), and the two tabs would undo each other.
    pub(super) followed: StoredValue<Option<String>>,
    /// Another tab's change to the remembered key, committed here once its
    /// typing pauses (not a model-list request for every keystroke).
    pub(super) follow_commit: StoredValue<Option<TimeoutHandle>>,
    /// Fields `config.json` fixes.
    pub locks: RwSignal<Locks>,
    /// Why `config.json` was not used, if it was not.
    pub config_problem: RwSignal<Option<ConfigProblem>>,
    /// `config.json` has been read, found absent, or refused: until then
    /// the gateway is not known, and nothing that carries the key is sent
    /// (a portal's key must never go to the built-in default gateway).
    pub settled: RwSignal<bool>,
    /// `config.json` has taken over [`CONFIG_SLOW`] to come: the page says
    /// why Generate and the helper wait.
    pub config_slow: RwSignal<bool>,
    /// How long to wait for each answer before giving up.
    pub timeout_secs: RwSignal<u32>,
    /// `config.json`'s `notifyParentOrigin`.
    pub notify_origin: RwSignal<Option<String>>,
    /// The gateway and key the model list is for: set when they are
    /// committed (a change, not every keystroke), once settled.
    models_for: StoredValue<Option<Gateway>>,
    /// The gateway's model list for `models_for`.
    pub models: RwSignal<Models>,
    /// The gateway settings are unfolded: by the person, or by themselves
    /// when something is missing or refused (`gateway.rs`).
    pub gateway_open: RwSignal<bool>,
    /// The person has folded or unfolded them: `config.json` arriving
    /// late never folds them under their hands.
    pub gateway_toggled: StoredValue<bool>,
    /// The model list request in flight, aborted when another replaces it.
    models_abort: StoredValue<Option<fetch::Abort>, LocalStorage>,
    /// The app's defaults (in the browser's language).
    builtin: StoredValue<Prefs>,
    /// What this device had stored when the page loaded.
    stored: StoredValue<PartialPrefs>,
    /// The defaults in force (the app's, then `config.json`'s): only what
    /// differs from them is stored.
    defaults: StoredValue<Prefs>,
    /// Told when the person commits another gateway.
    on_gateway: StoredValue<Option<Callback<Option<String>>>>,
}

impl SettingsState {
    /// The app's defaults in `lang`, and what this device remembers.
    pub fn new(lang: Lang) -> Self {
        let builtin = Prefs::defaults(lang);
        let stored = storage::get(Store::Local, STORAGE_KEY)
            .map(|text| read_stored(&text))
            .unwrap_or_default();
        let prefs = merge(
            &builtin,
            &PartialPrefs::default(),
            &stored,
            &PartialPrefs::default(),
            &Locks::default(),
        )
        .fitted();
        let state = SettingsState {
            prefs: RwSignal::new(prefs),
            api_key: RwSignal::new(String::new()),
            demo_key_in_use: RwSignal::new(false),
            remember_key: RwSignal::new(false),
            key_visible: RwSignal::new(false),
            key_forgotten: RwSignal::new(false),
            key_kept_here: StoredValue::new(false),
            followed: StoredValue::new(None),
            follow_commit: StoredValue::new(None),
            locks: RwSignal::new(Locks::default()),
            config_problem: RwSignal::new(None),
            settled: RwSignal::new(false),
            config_slow: RwSignal::new(false),
            timeout_secs: RwSignal::new(DEFAULT_TIMEOUT_SECS),
            notify_origin: RwSignal::new(None),
            models_for: StoredValue::new(None),
            models: RwSignal::new(Models::Unasked),
            gateway_open: RwSignal::new(true),
            gateway_toggled: StoredValue::new(false),
            models_abort: StoredValue::new_local(None),
            builtin: StoredValue::new(builtin.clone()),
            stored: StoredValue::new(stored),
            defaults: StoredValue::new(builtin),
            on_gateway: StoredValue::new(None),
        };
        if let Some(key) = storage::get(Store::Local, KEY_STORAGE_KEY) {
            state.api_key.set(key);
            state.remember_key.set(true);
            state.key_kept_here.set_value(true);
        } else if let Some(key) = storage::get(Store::Session, KEY_STORAGE_KEY) {
            // Kept there by an earlier version, for this tab: taken once,
            // and (by `store_key`) no longer kept there.
            state.api_key.set(key);
        }
        // Folded from the first paint when what this device remembers is
        // enough (no jump once config.json has been read).
        state.gateway_open.set(state.needs_setup());
        state
    }

    /// No usable address or key in the form (`gateway.rs`).
    pub fn needs_setup(&self) -> bool {
        let base_url = self.prefs.with_untracked(|p| p.base_url.clone());
        self.api_key
            .with_untracked(|key| gateway::needs_setup(&base_url, key))
    }

    /// Changes the choices (the method switch drops a ratio the new method
    /// cannot send).
    pub fn change(&self, change: impl FnOnce(&mut Prefs)) {
        self.prefs.update(|prefs| {
            change(prefs);
            *prefs = prefs.clone().fitted();
        });
    }

    pub fn set_method(&self, method: Method) {
        self.change(|p| p.method = method);
    }

    /// What is wrong with the key as typed, if it cannot be sent (reactive).
    /// An empty field is not a problem to point at while typing.
    pub fn key_problem(&self) -> Option<(char, usize)> {
        self.api_key.with(|key| match clean_key(key) {
            Err(KeyProblem::Unsendable {
                character,
                position,
            }) => Some((character, position)),
            _ => None,
        })
    }

    /// Applies `config.json` (`None`: absent or refused) and settles: from
    /// now on what carries the key may be sent, to the gateway now known.
    pub fn settle(&self, config: Option<DeployConfig>) {
        if let Some(config) = config {
            let builtin = self.builtin.get_value();
            let untouched = merge(
                &builtin,
                &PartialPrefs::default(),
                &self.stored.get_value(),
                &PartialPrefs::default(),
                &Locks::default(),
            )
            .fitted();
            // What the person changed before the file arrived stays theirs.
            let touched = self.prefs.get_untracked().changed_from(&untouched);
            let none = PartialPrefs::default();
            self.defaults.set_value(
                merge(&builtin, &config.prefs, &none, &none, &Locks::default()).fitted(),
            );
            self.prefs.set(
                merge(
                    &builtin,
                    &config.prefs,
                    &self.stored.get_value(),
                    &touched,
                    &config.locks,
                )
                .fitted(),
            );
            self.locks.set(config.locks);
            if let Some(seconds) = config.timeout_secs {
                self.timeout_secs.set(seconds);
            }
            self.notify_origin.set(config.notify_origin.clone());
            let base_url = self.prefs.with_untracked(|p| p.base_url.clone());
            if let Some(key) = config.demo_key_for(&base_url) {
                if self.api_key.with_untracked(String::is_empty) {
                    self.api_key.set(key.to_string());
                    self.demo_key_in_use.set(true);
                }
            }
        }
        self.settled.set(true);
        // For the cold-load bench: when the site's settings are known.
        crate::web::clock::mark("sinh-anh:settled");
        self.config_slow.set(false);
        // Folded when the site's and this device's settings are enough
        // (unless the person has opened them meanwhile); open when
        // something is missing.
        if self.needs_setup() {
            self.gateway_open.set(true);
        } else if !self.gateway_toggled.get_value() {
            self.gateway_open.set(false);
        }
        self.commit_gateway();
    }

    /// Fetches `config.json` beside `index.html` (relative: works under any
    /// sub-path) and settles. Absent (404, or an HTML fallback page) is
    /// normal; present but broken is said in a banner.
    pub async fn load_config(self) {
        // No timeout: settling without the site's file could send a portal's
        // key to the built-in gateway. Past a moment, the page says so.
        let slow = set_timeout_with_handle(
            move || {
                if !self.settled.get_untracked() {
                    self.config_slow.set(true);
                }
            },
            CONFIG_SLOW,
        )
        .ok();
        let answer = fetch::text(Call {
            url: "config.json",
            ..Call::default()
        })
        .await
        .ok()
        .filter(|answer| (200..300).contains(&answer.status));
        let config = answer.and_then(|answer| {
            let text = String::from(answer.body);
            // Hosts with a single-page fallback answer a missing file with
            // index.html.
            if text.trim_start().starts_with('<') {
                return None;
            }
            DeployConfig::parse(&text)
                .map_err(|problem| self.config_problem.set(Some(problem)))
                .ok()
        });
        if let Some(slow) = slow {
            slow.clear();
        }
        self.settle(config);
    }

    /// Stores what differs from the defaults in force (reactive: an effect
    /// keeps what this device remembers in step with the form).
    pub fn store_prefs(&self) {
        let prefs = self.prefs.get();
        let record = self
            .defaults
            .with_value(|defaults| write_stored(&prefs.all().without(defaults)));
        storage::set(Store::Local, STORAGE_KEY, &record);
    }

    /// Calls `on_gateway` with the normalised address whenever the person
    /// commits a gateway (`app.rs` cancels a run for another one).
    pub fn on_gateway_change(&self, on_gateway: Callback<Option<String>>) {
        self.on_gateway.set_value(Some(on_gateway));
    }

    /// The gateway and key in the form are committed (a change event, the
    /// configuration settling, Forget): the model list is asked for them,
    /// once the configuration has settled.
    pub fn commit_gateway(&self) {
        if !self.settled.get_untracked() {
            return;
        }
        let base_url = self.prefs.with_untracked(|p| p.base_url.trim().to_string());
        if let Some(on_gateway) = self.on_gateway.get_value() {
            on_gateway.run(normalize_base_url(&base_url).ok());
        }
        let key = clean_key(&self.api_key.get_untracked()).unwrap_or_default();
        let wanted = (!key.is_empty() && !base_url.is_empty()).then_some((base_url, key));
        if self.models_for.with_value(|current| *current == wanted) {
            return;
        }
        self.models_for.set_value(wanted.clone());
        // The request before, if still in flight, is for a gateway or key no
        // longer in the form.
        if let Some(previous) = self.models_abort.try_update_value(Option::take).flatten() {
            if let Some(controller) = previous.handle() {
                controller.abort();
            }
        }
        let Some(gateway) = wanted else {
            self.models.set(Models::Unasked);
            return;
        };
        let abort = fetch::Abort::new(None);
        let signal = abort.signal();
        self.models_abort.set_value(Some(abort));
        // What was known stays shown until the answer replaces it: the form
        // does not jump under the pointer while the list loads.
        let state = *self;
        leptos::task::spawn_local(async move {
            let result = fetch_models(&gateway, signal.as_ref()).await;
            // Only the answer for the gateway still in the form counts.
            if state
                .models_for
                .with_value(|current| current.as_ref() == Some(&gateway))
            {
                // A refused key unfolds the settings. Only that: a gateway
                // without a model list (404) or one that lists models to
                // fewer keys than it serves must not keep them open.
                if matches!(&result, Err(e) if e.kind == ErrorKind::Unauthorized) {
                    state.gateway_open.set(true);
                }
                state.models.set(match result {
                    Ok(list) => Models::Loaded(Arc::new(list)),
                    Err(error) => Models::Failed(error),
                });
            }
        });
    }

    /// The gateway's models, when loaded (reactive).
    pub fn model_list(&self) -> Option<Arc<Vec<String>>> {
        self.models.with(|m| match m {
            Models::Loaded(list) => Some(Arc::clone(list)),
            _ => None,
        })
    }
}

/// The gateway's models for a base URL and key, read in the engine (a
/// gateway may list a hundred thousand).
async fn fetch_models(
    (base_url, api_key): &Gateway,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Vec<String>, ApiError> {
    let url = format!("{}/models", normalize_base_url(base_url)?);
    let answer = fetch::text(Call {
        url: &url,
        api_key: Some(api_key),
        signal,
        ..Call::default()
    })
    .await?;
    read_answer(answer.status, &answer.body, |json| {
        read_models(answer.status, json)
    })
}

/// The state `<App/>` provides.
pub fn use_settings() -> SettingsState {
    expect_context::<SettingsState>()
}
