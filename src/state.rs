//! AppState: the signals of the page and the runs of Generate.
//! `Copy`, provided once by `<App/>`, read with `use_app_state()`.
//!
//! A press of Generate makes a [`Run`]: one request for the standard method,
//! N parallel requests for chat. Each request is a [`Slot`] with its own
//! signal, so each image appears, or fails, the moment its answer arrives.

use crate::api::models::{self, default_model};
use crate::api::request::{Order, Prepared};
use crate::api::types::{Aspect, Freshness, Method};
use crate::api::{client, response, response::Generation, ApiError, ErrorKind};
use crate::config::{DeployConfig, Locks, DEFAULT_BASE_URL, DEFAULT_COUNT, DEFAULT_TIMEOUT_SECS};
use crate::gallery::Gallery;
use crate::i18n::{texts, Lang, Texts};
use crate::image::ImageSource;
use crate::linked::LinkState;
use crate::settings::{Settings, DRAFT_STORAGE_KEY, KEY_STORAGE_KEY, STORAGE_KEY};
use crate::storage::{self, Store};
use leptos::prelude::*;
use std::{sync::Arc, time::Duration};

/// Where one request of a run stands.
#[derive(Clone, Debug)]
pub enum SlotState {
    Pending,
    /// Cheap to clone: images can be megabytes.
    Done(Result<Arc<Generation>, ApiError>),
}

impl SlotState {
    pub fn is_pending(&self) -> bool {
        matches!(self, SlotState::Pending)
    }
}

/// One request of a run and what came of it.
#[derive(Clone, Debug)]
pub struct Slot {
    /// `None` when the form was refused before anything was sent.
    pub request: Option<Arc<Prepared>>,
    pub state: ArcRwSignal<SlotState>,
    /// `Date.now()` when it last finished.
    pub finished_at: ArcRwSignal<f64>,
    /// Position of this slot's first image in the run, from 0.
    pub first_index: usize,
    /// For the images the gateway sent as links: their number in the run
    /// and what became of their bytes.
    pub linked: ArcRwSignal<Vec<(usize, LinkState)>>,
}

/// One press of Generate (or Try again).
#[derive(Clone, Debug)]
pub struct Run {
    /// The form as it was sent, key included: never rendered.
    pub order: Arc<Order>,
    /// When the latest request of the run was sent (`Date.now()` ms).
    pub started_at: ArcRwSignal<f64>,
    pub slots: Arc<[Slot]>,
    pub timeout_secs: u32,
    /// The next number for an image past those its request reserved (a
    /// chat answer with two images): every image of a run has its own.
    pub extra_numbers: Arc<std::sync::atomic::AtomicUsize>,
}

/// How a run stands, for the status line.
#[derive(Clone, Debug)]
pub enum RunSummary {
    Pending {
        ready: usize,
        total: usize,
    },
    /// Nothing came back; the first failure says why.
    Failed(ApiError),
    Done {
        shown: usize,
        requested: usize,
        /// Requests that failed while others succeeded.
        failed: usize,
        elapsed_ms: f64,
    },
}

impl Run {
    /// Images asked for.
    pub fn requested(&self) -> usize {
        self.slots
            .iter()
            .map(|s| s.request.as_ref().map_or(0, |r| r.expected))
            .sum()
    }

    /// Reactive: every request failed, and for the same reason. The status
    /// line's one message then says it all; otherwise each failed request
    /// says its own in its place.
    pub fn all_failed_alike(&self) -> bool {
        let mut kinds = self.slots.iter().map(|slot| {
            slot.state.with(|state| match state {
                SlotState::Done(Err(e)) => Some(e.kind),
                _ => None,
            })
        });
        match kinds.next() {
            Some(Some(first)) => kinds.all(|kind| kind == Some(first)),
            _ => false,
        }
    }

    /// Reactive: reads every slot.
    pub fn summary(&self) -> RunSummary {
        let states: Vec<SlotState> = self.slots.iter().map(|s| s.state.get()).collect();
        let total = self.requested();
        let shown: usize = states
            .iter()
            .map(|s| match s {
                SlotState::Done(Ok(g)) => g.images.len(),
                _ => 0,
            })
            .sum();
        if states.iter().any(SlotState::is_pending) {
            return RunSummary::Pending {
                ready: shown,
                total,
            };
        }
        let errors: Vec<&ApiError> = states
            .iter()
            .filter_map(|s| match s {
                SlotState::Done(Err(e)) => Some(e),
                _ => None,
            })
            .collect();
        if shown == 0 {
            if let Some(first) = errors.first() {
                return RunSummary::Failed((*first).clone());
            }
        }
        let finished = self
            .slots
            .iter()
            .map(|s| s.finished_at.get())
            .fold(0.0, f64::max);
        RunSummary::Done {
            shown,
            requested: total,
            failed: errors.len(),
            elapsed_ms: (finished - self.started_at.get()).max(0.0),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub base_url: RwSignal<String>,
    pub api_key: RwSignal<String>,
    pub method: RwSignal<Method>,
    standard_model: RwSignal<String>,
    chat_model: RwSignal<String>,
    /// The `<select>`'s value; read through `count()`.
    pub count: RwSignal<String>,
    /// `None`: the model's default.
    pub aspect: RwSignal<Option<Aspect>>,
    pub freshness: RwSignal<Freshness>,
    pub prompt: RwSignal<String>,
    /// Why `config.json` was not used, if it was not.
    pub config_problem: RwSignal<Option<String>>,
    /// `config.json` has been read, found absent, or failed: until then the
    /// gateway is not known, and nothing that carries the key is sent (a
    /// portal's key must never go to the built-in default gateway).
    pub config_settled: RwSignal<bool>,
    /// Generate was pressed before the configuration settled: it runs then.
    queued_submit: StoredValue<bool>,
    /// The key field holds the local mock's demo key from `config.json`.
    pub demo_key_in_use: RwSignal<bool>,
    /// The prompt is too long for this browser to keep as a draft: its
    /// length in characters.
    pub draft_not_kept: RwSignal<Option<usize>>,
    /// Keep the key in `localStorage` (on) or only for this tab (off).
    pub remember_key: RwSignal<bool>,
    /// The key field shows its text.
    pub key_visible: RwSignal<bool>,
    /// Fields `config.json` fixes.
    pub locks: RwSignal<Locks>,
    /// `config.json`'s `notifyParentOrigin`.
    pub notify_origin: RwSignal<Option<String>>,
    /// What was stored when the page loaded: `config.json`'s defaults do not
    /// override a choice the person made.
    stored: StoredValue<Settings>,
    /// The defaults in force (built in, then `config.json`'s): only what
    /// differs from them is stored.
    defaults: StoredValue<Settings>,
    /// How long to wait for each answer before giving up.
    pub timeout_secs: RwSignal<u32>,
    /// The gateway and key the model list is fetched for; set when they
    /// are committed (change, not every keystroke).
    pub models_for: RwSignal<(String, String)>,
    /// The gateway's model list for `models_for`.
    pub models: LocalResource<Result<Option<Vec<String>>, ApiError>>,
    /// The latest run; `None` before the first.
    pub run: RwSignal<Option<Run>>,
    /// Whether any request of the latest run is in flight.
    pub pending: Memo<bool>,
    /// Controllers of the requests in flight: Cancel aborts them all.
    aborts: StoredValue<Vec<(u64, web_sys::AbortController)>, LocalStorage>,
    next_ticket: StoredValue<u64>,
    /// Every image saved as it arrives.
    pub gallery: Gallery,
}

impl AppState {
    pub fn new(lang: Lang) -> Self {
        let run: RwSignal<Option<Run>> = RwSignal::new(None);
        let models_for = RwSignal::new((String::new(), String::new()));
        // The model list request in flight, aborted when another replaces it.
        let models_abort = StoredValue::new_local(None);
        AppState {
            lang: RwSignal::new(lang),
            base_url: RwSignal::new(DEFAULT_BASE_URL.to_string()),
            api_key: RwSignal::new(String::new()),
            method: RwSignal::new(Method::default()),
            standard_model: RwSignal::new(default_model(Method::Standard).to_string()),
            chat_model: RwSignal::new(default_model(Method::Chat).to_string()),
            count: RwSignal::new(DEFAULT_COUNT.to_string()),
            aspect: RwSignal::new(None),
            freshness: RwSignal::new(Freshness::default()),
            prompt: RwSignal::new(String::new()),
            config_problem: RwSignal::new(None),
            config_settled: RwSignal::new(false),
            queued_submit: StoredValue::new(false),
            demo_key_in_use: RwSignal::new(false),
            remember_key: RwSignal::new(false),
            draft_not_kept: RwSignal::new(None),
            key_visible: RwSignal::new(false),
            locks: RwSignal::new(Locks::default()),
            notify_origin: RwSignal::new(None),
            stored: StoredValue::new(Settings::default()),
            defaults: StoredValue::new(Settings {
                base_url: Some(DEFAULT_BASE_URL.to_string()),
                method: Some(Method::default()),
                standard_model: Some(default_model(Method::Standard).to_string()),
                chat_model: Some(default_model(Method::Chat).to_string()),
                count: Some(DEFAULT_COUNT),
                aspect: Some(None),
                freshness: Some(Freshness::default()),
                language: Some(lang),
            }),
            timeout_secs: RwSignal::new(DEFAULT_TIMEOUT_SECS),
            models_for,
            models: LocalResource::new(move || {
                let (base_url, api_key) = models_for.get();
                fetch_models(base_url, api_key, models_abort)
            }),
            run,
            pending: Memo::new(move |_| {
                run.with(|run| {
                    run.as_ref().is_some_and(|run| {
                        run.slots
                            .iter()
                            .any(|s| s.state.with(SlotState::is_pending))
                    })
                })
            }),
            aborts: StoredValue::new_local(Vec::new()),
            next_ticket: StoredValue::new(0),
            gallery: Gallery::new(),
        }
    }

    /// The texts of the current language (reactive).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// One text of the current language, reactive, for a view or an attribute.
    /// Every call gives the same closure type: a `move || state.t().x` per
    /// text would each be a type of its own, and the view layer compiles
    /// rendering code per type (measured: ~10 KB less wasm before wasm-opt).
    pub fn text(
        self,
        pick: fn(&'static Texts) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(self.t())
    }

    /// A text chosen from the state, reactive: like [`Self::text`], one
    /// closure type for every such text.
    pub fn says(
        self,
        pick: fn(&AppState) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || pick(&self)
    }

    /// A yes/no of the state, reactive, for an attribute (`disabled`,
    /// `hidden`): one closure type for all of them, as with [`Self::text`].
    pub fn flag(
        self,
        pick: fn(&AppState) -> bool,
    ) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
        move || pick(&self)
    }

    /// The model field of `method`: each method keeps its own.
    pub fn model(&self, method: Method) -> RwSignal<String> {
        match method {
            Method::Standard => self.standard_model,
            Method::Chat => self.chat_model,
        }
    }

    /// The chosen number of images (not tracked: read when sending).
    pub fn count(&self) -> u8 {
        self.count
            .with_untracked(|c| c.parse().ok())
            .unwrap_or(DEFAULT_COUNT)
    }

    /// Switches method, dropping an aspect ratio the new method cannot send.
    pub fn set_method(&self, method: Method) {
        self.method.set(method);
        if let Some(aspect) = self.aspect.get_untracked() {
            if !method.aspects().contains(&aspect) {
                self.aspect.set(None);
            }
        }
    }

    /// The form as it is now.
    pub fn order(&self) -> Order {
        let method = self.method.get_untracked();
        Order {
            base_url: self.base_url.get_untracked(),
            api_key: self.api_key.get_untracked(),
            method,
            model: self.model(method).get_untracked(),
            prompt: self.prompt.get_untracked(),
            count: self.count(),
            aspect: self.aspect.get_untracked(),
            freshness: self.freshness.get_untracked(),
        }
    }

    /// Sends the form as it is now. The form itself is never cleared.
    pub fn submit(&self) {
        if self.pending.get_untracked() {
            return;
        }
        if !self.config_settled.get_untracked() {
            self.queued_submit.set_value(true);
            return;
        }
        let order = self.order();
        let now = js_sys::Date::now();
        let planned = order.plan(|| (js_sys::Math::random() * 10_000.0) as u32 + 1);
        let slots: Vec<Slot> = match planned {
            Ok(requests) => {
                let mut first_index = 0;
                requests
                    .into_iter()
                    .map(|request| {
                        let slot = Slot {
                            first_index,
                            request: None,
                            state: ArcRwSignal::new(SlotState::Pending),
                            finished_at: ArcRwSignal::new(now),
                            linked: ArcRwSignal::new(Vec::new()),
                        };
                        first_index += request.expected;
                        Slot {
                            request: Some(Arc::new(request)),
                            ..slot
                        }
                    })
                    .collect()
            }
            Err(refused) => vec![Slot {
                request: None,
                state: ArcRwSignal::new(SlotState::Done(Err(refused))),
                finished_at: ArcRwSignal::new(now),
                first_index: 0,
                linked: ArcRwSignal::new(Vec::new()),
            }],
        };
        let reserved = slots
            .iter()
            .map(|s| s.request.as_ref().map_or(0, |r| r.expected))
            .sum();
        let run = Run {
            order: Arc::new(order),
            started_at: ArcRwSignal::new(now),
            slots: slots.into(),
            timeout_secs: self.timeout_secs.get_untracked(),
            extra_numbers: Arc::new(std::sync::atomic::AtomicUsize::new(reserved)),
        };
        self.gallery.new_run();
        self.run.set(Some(run.clone()));
        for slot in run.slots.iter() {
            self.launch(&run, slot);
        }
    }

    /// Sends one failed request of a run again (chat: one image).
    pub fn retry_slot(&self, run: &Run, index: usize) {
        if let Some(slot) = run.slots.get(index) {
            if slot.request.is_some() && !slot.state.with_untracked(SlotState::is_pending) {
                run.started_at.set(js_sys::Date::now());
                slot.state.set(SlotState::Pending);
                slot.linked.set(Vec::new());
                self.launch(run, slot);
            }
        }
    }

    /// Aborts every request in flight; each ends as `Cancelled`.
    pub fn cancel(&self) {
        self.aborts.with_value(|aborts| {
            for (_, controller) in aborts {
                controller.abort();
            }
        });
    }

    /// Sends a slot's request and settles its state when the answer is read.
    fn launch(&self, run: &Run, slot: &Slot) {
        let Some(request) = slot.request.clone() else {
            return;
        };
        let slot = slot.clone();
        let key = run.order.api_key.clone();
        let timeout = Duration::from_secs(u64::from(run.timeout_secs));
        let aborts = self.aborts;
        let notify = self.notify_origin.get_untracked();
        let order = Arc::clone(&run.order);
        let gallery = self.gallery;
        let extra_numbers = Arc::clone(&run.extra_numbers);
        let ticket = self.next_ticket.get_value();
        self.next_ticket.set_value(ticket + 1);
        leptos::task::spawn_local(async move {
            let controller = client::abort_controller();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            let timer = controller.clone().and_then(|controller| {
                set_timeout_with_handle(move || client::abort_for_timeout(&controller), timeout)
                    .ok()
            });
            if let Some(controller) = controller {
                aborts.update_value(|a| a.push((ticket, controller)));
            }
            let sent_at = js_sys::Date::now();
            let result = async {
                let raw = client::send(&request, &key, signal.as_ref()).await?;
                match request.method {
                    Method::Standard => {
                        response::parse_images(raw.status, &raw.body, request.expected)
                    }
                    Method::Chat => response::parse_chat(raw.status, &raw.body),
                }
            }
            .await
            .map(|generation| {
                Arc::new(generation.numbered(slot.first_index, request.expected, || {
                    extra_numbers.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                }))
            });
            if let Some(timer) = timer {
                timer.clear();
            }
            aborts.update_value(|a| a.retain(|(t, _)| *t != ticket));
            if let (Some(origin), Ok(generation)) = (&notify, &result) {
                crate::embed::notify_parent(origin, &order, &generation.images);
            }
            let now = js_sys::Date::now();
            slot.finished_at.set(now);
            slot.state.set(SlotState::Done(result.clone()));
            if let Ok(generation) = result {
                // Images sent as links: their bytes, for the download link
                // and the gallery (the links show at once meanwhile).
                let remote: Vec<(usize, Arc<str>)> = generation
                    .images
                    .iter()
                    .filter_map(|image| match &image.source {
                        ImageSource::Remote(url) => Some((image.index, Arc::clone(url))),
                        ImageSource::Data { .. } => None,
                    })
                    .collect();
                slot.linked.set(
                    remote
                        .iter()
                        .map(|(index, _)| (*index, LinkState::Fetching))
                        .collect(),
                );
                let mut fetched = Vec::new();
                for (index, url) in remote {
                    let (state, bytes) = crate::linked::fetch(&url).await;
                    slot.linked.update(|links| {
                        if let Some(link) = links.iter_mut().find(|(i, _)| *i == index) {
                            link.1 = state;
                        }
                    });
                    fetched.push((index, bytes));
                }
                let linked = generation
                    .images
                    .iter()
                    .map(|image| {
                        fetched
                            .iter_mut()
                            .find(|(i, _)| *i == image.index)
                            .and_then(|(_, bytes)| bytes.take())
                    })
                    .collect();
                // Saved once the page is idle, after the images are on
                // screen: keeping them never delays seeing them.
                crate::gallery::when_idle().await;
                gallery
                    .save(order, request, generation, linked, now - sent_at)
                    .await;
            }
        });
    }

    /// Applies `config.json`: its defaults to the fields the person has
    /// neither stored nor touched, its locked fields always.
    pub fn apply_config(&self, config: &DeployConfig) {
        let stored = self.stored.get_value();
        let locks = config.locks;
        // First the new defaults, so the values set below are not stored as choices.
        self.defaults.update_value(|d| {
            if let Some(url) = &config.base_url {
                d.base_url = Some(url.clone());
            }
            if config.method.is_some() {
                d.method = config.method;
            }
            if let Some(model) = &config.model {
                d.standard_model = Some(model.clone());
            }
            if let Some(model) = &config.chat_model {
                d.chat_model = Some(model.clone());
            }
            if config.count.is_some() {
                d.count = config.count;
            }
            if config.language.is_some() {
                d.language = config.language;
            }
        });
        if let Some(lang) = config.language {
            if locks.language || stored.language.is_none() {
                self.lang.set(lang);
            }
        }
        if let Some(url) = &config.base_url {
            let untouched =
                stored.base_url.is_none() && self.base_url.get_untracked() == DEFAULT_BASE_URL;
            if locks.base_url || untouched {
                self.base_url.set(url.clone());
            }
        }
        if let Some(method) = config.method {
            if locks.method || stored.method.is_none() {
                self.set_method(method);
            }
        }
        for method in Method::ALL {
            if let Some(model) = config.model_for(method) {
                let field = self.model(method);
                let stored_model = match method {
                    Method::Standard => &stored.standard_model,
                    Method::Chat => &stored.chat_model,
                };
                let untouched =
                    stored_model.is_none() && field.get_untracked() == default_model(method);
                if locks.model_for(method) || untouched {
                    field.set(model.to_string());
                }
            }
        }
        if let Some(count) = config.count {
            if locks.count || stored.count.is_none() {
                self.count.set(count.to_string());
            }
        }
        if let Some(seconds) = config.timeout_secs {
            self.timeout_secs.set(seconds);
        }
        self.locks.set(locks);
        self.notify_origin.set(config.notify_origin.clone());
        if let Some(key) = config.demo_key_for(&self.base_url.get_untracked()) {
            if self.api_key.get_untracked().is_empty() {
                self.api_key.set(key.to_string());
                self.demo_key_in_use.set(true);
            }
        }
    }

    /// The configuration is known (read, absent or refused): the gateway
    /// is settled, so what carries the key may be sent, and a Generate
    /// pressed meanwhile runs now.
    pub fn settle_config(&self) {
        self.config_settled.set(true);
        self.refresh_models();
        if self.queued_submit.get_value() {
            self.queued_submit.set_value(false);
            self.submit();
        }
    }

    /// What is wrong with the key as typed, if it cannot be sent (reactive).
    /// An empty field is not a problem to point at while typing.
    pub fn key_problem(&self) -> Option<(char, usize)> {
        self.api_key
            .with(|key| match crate::api::key::clean_key(key) {
                Err(crate::api::key::KeyProblem::Unsendable {
                    character,
                    position,
                }) => Some((character, position)),
                _ => None,
            })
    }

    /// Takes back what this device remembers: the settings, and the key
    /// from `localStorage` (remembered) or `sessionStorage` (this tab).
    pub fn restore(&self) {
        let stored = storage::get(Store::Local, STORAGE_KEY)
            .map(|text| Settings::parse(&text))
            .unwrap_or_default();
        if let Some(url) = &stored.base_url {
            self.base_url.set(url.clone());
        }
        if let Some(method) = stored.method {
            self.method.set(method);
        }
        if let Some(model) = &stored.standard_model {
            self.standard_model.set(model.clone());
        }
        if let Some(model) = &stored.chat_model {
            self.chat_model.set(model.clone());
        }
        if let Some(count) = stored.count {
            self.count.set(count.to_string());
        }
        if let Some(aspect) = stored.aspect {
            // A ratio the method cannot send is dropped, as when switching.
            self.aspect
                .set(aspect.filter(|a| stored.method.unwrap_or_default().aspects().contains(a)));
        }
        if let Some(freshness) = stored.freshness {
            self.freshness.set(freshness);
        }
        if let Some(lang) = stored.language {
            self.lang.set(lang);
        }
        self.stored.set_value(stored);
        if let Some(draft) = storage::get(Store::Local, DRAFT_STORAGE_KEY) {
            self.prompt.set(draft);
        }
        if let Some(key) = storage::get(Store::Local, KEY_STORAGE_KEY) {
            self.api_key.set(key);
            self.remember_key.set(true);
        } else if let Some(key) = storage::get(Store::Session, KEY_STORAGE_KEY) {
            self.api_key.set(key);
        }
        // No model list yet: the gateway is not known until config.json is.
    }

    /// The settings as they are now (reactive), less the defaults: what
    /// to store.
    pub fn settings(&self) -> Settings {
        let now = Settings {
            base_url: Some(self.base_url.get()),
            method: Some(self.method.get()),
            standard_model: Some(self.standard_model.get()),
            chat_model: Some(self.chat_model.get()),
            count: self.count.with(|c| c.parse().ok()),
            aspect: Some(self.aspect.get()),
            freshness: Some(self.freshness.get()),
            language: Some(self.lang.get()),
        };
        self.defaults.with_value(|defaults| now.without(defaults))
    }

    /// Puts the key where the person asked (reactive): `localStorage` when
    /// remembered, else `sessionStorage`; never both, never the demo key.
    pub fn store_key(&self) {
        let key = self.api_key.get();
        let remember = self.remember_key.get();
        let (keep, drop) = if remember {
            (Store::Local, Store::Session)
        } else {
            (Store::Session, Store::Local)
        };
        storage::remove(drop, KEY_STORAGE_KEY);
        if key.trim().is_empty() || self.demo_key_in_use.get() {
            storage::remove(keep, KEY_STORAGE_KEY);
        } else {
            storage::set(keep, KEY_STORAGE_KEY, key.trim());
        }
    }

    /// Keeps the prompt being written (reactive); an empty one is removed.
    /// One the browser will not store (over its quota, ~2.5 M characters)
    /// is said under the field: it would otherwise be lost without a word.
    pub fn store_draft(&self) {
        let refused = self.prompt.with(|prompt| {
            if prompt.is_empty() {
                storage::remove(Store::Local, DRAFT_STORAGE_KEY);
                None
            } else if storage::set(Store::Local, DRAFT_STORAGE_KEY, prompt) {
                None
            } else {
                // Nothing older stays behind to come back on a reload.
                storage::remove(Store::Local, DRAFT_STORAGE_KEY);
                Some(prompt.chars().count())
            }
        });
        if self.draft_not_kept.get_untracked() != refused {
            self.draft_not_kept.set(refused);
        }
    }

    /// Clears the key from the field and from both storages.
    pub fn forget_key(&self) {
        self.api_key.set(String::new());
        self.remember_key.set(false);
        self.demo_key_in_use.set(false);
        storage::remove(Store::Local, KEY_STORAGE_KEY);
        storage::remove(Store::Session, KEY_STORAGE_KEY);
        self.refresh_models();
    }

    /// Asks for the model list of the gateway and key now in the form,
    /// once the configuration has settled. A run in flight for another
    /// gateway is cancelled: the person has moved on from it.
    pub fn refresh_models(&self) {
        if !self.config_settled.get_untracked() {
            return;
        }
        let base_url = self.base_url.get_untracked().trim().to_string();
        let gateway = |url: &str| crate::api::request::normalize_base_url(url).ok();
        let other_gateway = self.run.with_untracked(|run| {
            run.as_ref()
                .is_some_and(|run| gateway(&run.order.base_url) != gateway(&base_url))
        });
        if other_gateway && self.pending.get_untracked() {
            self.cancel();
        }
        let key = crate::api::key::clean_key(&self.api_key.get_untracked()).unwrap_or_default();
        let wanted = (base_url, key);
        if self.models_for.with_untracked(|current| *current != wanted) {
            self.models_for.set(wanted);
        }
    }
}

/// The gateway's models for a base URL and key. `Ok(None)`: nothing to ask
/// yet (no key that can be sent). The request before it, if still in
/// flight, is aborted: its answer would be for a gateway or key no longer
/// in the form.
pub async fn fetch_models(
    base_url: String,
    api_key: String,
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
) -> Result<Option<Vec<String>>, ApiError> {
    if let Some(previous) = abort.try_update_value(Option::take).flatten() {
        previous.abort();
    }
    if api_key.is_empty() || base_url.is_empty() {
        return Ok(None);
    }
    let controller = client::abort_controller();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    abort.set_value(controller);
    let raw = client::models(&base_url, &api_key, signal.as_ref()).await?;
    models::parse_models(raw.status, &raw.body).map(Some)
}

/// Whether an error is about the form rather than the gateway: fixing it
/// takes an edit, so Try again is not offered.
pub fn needs_an_edit(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::MissingKey
            | ErrorKind::UnsendableKey
            | ErrorKind::EmptyPrompt
            | ErrorKind::InvalidBaseUrl
    )
}

/// The state `<App/>` provides.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
