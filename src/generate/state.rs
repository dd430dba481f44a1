//! The state of generation: the prompt, the latest run, its requests in
//! flight.                                                           [web]
//!
//! `Copy`, provided once by `<App/>`, read with [`use_generate`]. What it
//! needs of the settings comes in as a [`Setup`] signal, and what it makes
//! goes out through the `on_made` callback: `app.rs` wires both, so this
//! feature reads no other feature's state.

use super::run::{self, Outcome, RunSummary, Setup};
use super::task::{self, Aborts, LinkState};
use crate::api::request::{normalize_base_url, Order, Prepared};
use crate::api::response::Generation;
use crate::api::ApiError;
use crate::made::{Attachments, Made, ToEdit, TurnTag};
use crate::web::clock;
use crate::web::json::JsText;
use crate::web::schedule;
use crate::web::storage::{self, Store};
use leptos::prelude::*;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

/// The prompt being written, so a reload loses nothing.
pub const DRAFT_STORAGE_KEY: &str = "sinh-anh.draft";

/// Set in the tab's `sessionStorage` while a run waits: found at load, the
/// page was left (reloaded, or a phone dropped the tab) before its answer.
const WAITING_KEY: &str = "sinh-anh.waiting";

/// Where one request of a run stands.
#[derive(Clone, Debug)]
pub enum SlotState {
    Pending,
    /// Cheap to clone: the images stay the engine's strings.
    Done(Result<Arc<Generation<JsText>>, ApiError>),
}

impl SlotState {
    pub fn is_pending(&self) -> bool {
        matches!(self, SlotState::Pending)
    }

    fn outcome(&self) -> Outcome {
        match self {
            SlotState::Pending => Outcome::Pending,
            SlotState::Done(Ok(g)) => Outcome::Images(g.images.len()),
            SlotState::Done(Err(e)) => Outcome::Failed(e.clone()),
        }
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
    /// The number of this request's first image in the run, from 0.
    pub first_index: usize,
    /// For the images the gateway sent as links: their number in the run
    /// and what became of their bytes.
    pub linked: ArcRwSignal<Vec<(usize, LinkState)>>,
    /// How many of its images the browser has shown (or failed to): what
    /// comes after an answer waits for its pixels.
    pub shown: ArcRwSignal<usize>,
}

/// One press of Generate (or Try again).
#[derive(Clone, Debug)]
pub struct Run {
    /// Names the run to the features its images go to: counts up from 1
    /// (a clock can step back).
    pub id: u64,
    /// The form as it was sent, key included: never rendered.
    pub order: Arc<Order>,
    /// When the latest request of the run was sent (`Date.now()` ms).
    pub started_at: ArcRwSignal<f64>,
    pub slots: Arc<[Slot]>,
    pub timeout_secs: u32,
    pub notify_origin: Option<String>,
    /// The next number for an image past those its request reserved (a
    /// chat answer with two images).
    pub extra_numbers: Arc<AtomicUsize>,
    /// The `data:` URLs of the order's images, by index: spliced into
    /// each request's body as it is sent.
    pub urls: Arc<[JsText]>,
    /// The conversation turn this run is, when refining.
    pub turn: Option<TurnTag>,
}

impl Run {
    /// Images asked for.
    pub fn requested(&self) -> usize {
        self.slots
            .iter()
            .map(|s| s.request.as_ref().map_or(0, |r| r.expected))
            .sum()
    }

    /// Reactive: reads every slot.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.slots
            .iter()
            .map(|s| s.state.with(SlotState::outcome))
            .collect()
    }

    /// Reactive: reads every slot.
    pub fn summary(&self) -> RunSummary {
        let finished = self
            .slots
            .iter()
            .map(|s| s.finished_at.get())
            .fold(0.0, f64::max);
        let elapsed = finished - self.started_at.get();
        run::summarize(&self.outcomes(), self.requested(), elapsed)
    }

    pub fn all_failed_alike(&self) -> bool {
        run::all_failed_alike(&self.outcomes())
    }
}

#[derive(Clone, Copy)]
pub struct GenerateState {
    pub prompt: RwSignal<String>,
    /// The prompt is too long for this browser to keep as a draft: its
    /// length in characters.
    pub draft_not_kept: RwSignal<Option<usize>>,
    /// The latest run; `None` before the first.
    pub run: RwSignal<Option<Run>>,
    /// Whether any request of the latest run is in flight.
    pub pending: Memo<bool>,
    /// The page was left while a run waited (said until a run takes its
    /// place in the status).
    pub interrupted: RwSignal<bool>,
    /// The prompt field, to give it focus (after Reuse, Edit).
    pub prompt_field: NodeRef<leptos::html::Textarea>,
    setup: Signal<Setup>,
    attachments: Signal<Attachments>,
    aborts: Aborts,
    next_ticket: StoredValue<u64>,
    /// Runs so far: the next one's id.
    runs: StoredValue<u64>,
    /// Generate was pressed before the configuration settled.
    queued: StoredValue<bool>,
    on_made: StoredValue<Option<Callback<Made>>>,
    on_run: StoredValue<Option<Callback<()>>>,
    on_edit: StoredValue<Option<Callback<ToEdit>>>,
    on_view: StoredValue<Option<Callback<(u64, usize)>>>,
}

impl GenerateState {
    pub fn new(setup: Signal<Setup>, attachments: Signal<Attachments>) -> Self {
        let run: RwSignal<Option<Run>> = RwSignal::new(None);
        let interrupted = storage::get(Store::Session, WAITING_KEY).is_some();
        storage::remove(Store::Session, WAITING_KEY);
        let state = GenerateState {
            prompt: RwSignal::new(
                storage::get(Store::Local, DRAFT_STORAGE_KEY).unwrap_or_default(),
            ),
            draft_not_kept: RwSignal::new(None),
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
            prompt_field: NodeRef::new(),
            setup,
            attachments,
            aborts: StoredValue::new_local(Vec::new()),
            next_ticket: StoredValue::new(0),
            runs: StoredValue::new(0),
            queued: StoredValue::new(false),
            on_made: StoredValue::new(None),
            on_run: StoredValue::new(None),
            on_edit: StoredValue::new(None),
            on_view: StoredValue::new(None),
            interrupted: RwSignal::new(interrupted),
        };
        // Kept in step with the run: there while it waits, gone when it ends.
        schedule::effect(move || {
            if state.pending.get() {
                storage::set(Store::Session, WAITING_KEY, "1");
            } else {
                storage::remove(Store::Session, WAITING_KEY);
            }
        });
        state
    }

    /// Where each answer's images go (`app.rs`: the gallery), who is told
    /// when a run starts, and what "Edit this" and a click on a result do.
    pub fn wire(
        &self,
        on_made: Callback<Made>,
        on_run: Callback<()>,
        on_edit: Callback<ToEdit>,
        on_view: Callback<(u64, usize)>,
    ) {
        self.on_made.set_value(Some(on_made));
        self.on_run.set_value(Some(on_run));
        self.on_edit.set_value(Some(on_edit));
        self.on_view.set_value(Some(on_view));
    }

    /// A result clicked: image `index` of run `run`, shown large.
    pub fn view(&self, run: u64, index: usize) {
        if let Some(on_view) = self.on_view.get_value() {
            on_view.run((run, index));
        }
    }

    /// "Edit this" on a result: the image goes to editing.
    pub fn edit(&self, image: ToEdit) {
        if let Some(on_edit) = self.on_edit.get_value() {
            on_edit.run(image);
        }
    }

    /// Whether no key is there to send (reactive).
    pub fn key_missing(&self) -> bool {
        self.setup.with(|s| s.api_key.trim().is_empty())
    }

    /// Whether the next run is a turn of a conversation being refined
    /// (reactive): it then makes one image, whatever the count.
    pub fn refining(&self) -> bool {
        self.attachments.with(|a| a.turn.is_some())
    }

    /// Sends the form as it is now. The form itself is never cleared.
    pub fn submit(&self) {
        if self.pending.get_untracked() {
            return;
        }
        let setup = self.setup.get_untracked();
        if !setup.settled {
            self.queued.set_value(true);
            return;
        }
        let mut order = setup.order(&self.prompt.get_untracked());
        // Editing's images, the conversation before the prompt, and the
        // images that go with it.
        let attachments = self.attachments.get_untracked();
        order.images = attachments.images;
        order.history = attachments.history;
        order.attach = attachments.attach;
        // A turn is one picture: refining asks for one, whatever the count
        // (a second would be paid for and never become the turn).
        if attachments.turn.is_some() {
            order.count = 1;
        }
        let now = clock::now_ms();
        let slot = |request, first_index, state| Slot {
            request,
            state: ArcRwSignal::new(state),
            finished_at: ArcRwSignal::new(now),
            first_index,
            linked: ArcRwSignal::new(Vec::new()),
            shown: ArcRwSignal::new(0),
        };
        let (slots, reserved): (Vec<Slot>, usize) =
            match order.plan(|| (clock::random() * 10_000.0) as u32 + 1) {
                Ok(requests) => {
                    let expected: Vec<usize> = requests.iter().map(|r| r.expected).collect();
                    let (firsts, reserved) = run::reserve(&expected);
                    let slots = requests
                        .into_iter()
                        .zip(firsts)
                        .map(|(request, first)| {
                            slot(Some(Arc::new(request)), first, SlotState::Pending)
                        })
                        .collect();
                    (slots, reserved)
                }
                Err(refused) => (vec![slot(None, 0, SlotState::Done(Err(refused)))], 0),
            };
        let run = Run {
            id: {
                self.runs.update_value(|n| *n += 1);
                self.runs.get_value()
            },
            order: Arc::new(order),
            started_at: ArcRwSignal::new(now),
            slots: slots.into(),
            timeout_secs: setup.timeout_secs,
            notify_origin: setup.notify_origin.clone(),
            extra_numbers: Arc::new(AtomicUsize::new(reserved)),
            urls: attachments.urls.into(),
            turn: attachments.turn,
        };
        if let Some(on_run) = self.on_run.get_value() {
            on_run.run(());
        }
        self.run.set(Some(run.clone()));
        for slot in run.slots.iter() {
            self.launch(&run, slot);
        }
    }

    /// The configuration has settled: a Generate pressed meanwhile runs now.
    pub fn settled(&self) {
        if self.queued.get_value() {
            self.queued.set_value(false);
            self.submit();
        }
    }

    /// Sends one failed request of a run again (chat: one image).
    pub fn retry_slot(&self, run: &Run, index: usize) {
        // The key and gateway in force now, not the run's: after Forget or
        // another gateway, the old ones are never sent again. Then the form
        // as it is goes instead (and says what is missing).
        let setup = self.setup.get_untracked();
        let same_gateway = normalize_base_url(&setup.base_url).ok()
            == normalize_base_url(&run.order.base_url).ok();
        if !same_gateway || setup.api_key.trim().is_empty() {
            self.submit();
            return;
        }
        if let Some(slot) = run.slots.get(index) {
            if slot.request.is_some() && !slot.state.with_untracked(SlotState::is_pending) {
                run.started_at.set(clock::now_ms());
                slot.state.set(SlotState::Pending);
                slot.linked.set(Vec::new());
                slot.shown.set(0);
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

    /// The person committed another gateway: a run in flight for the old
    /// one is dropped.
    pub fn gateway_changed(&self, gateway: Option<String>) {
        let other = self.run.with_untracked(|run| {
            run.as_ref()
                .is_some_and(|run| normalize_base_url(&run.order.base_url).ok() != gateway)
        });
        if other && self.pending.get_untracked() {
            self.cancel();
        }
    }

    fn launch(&self, run: &Run, slot: &Slot) {
        let ticket = self.next_ticket.get_value();
        self.next_ticket.set_value(ticket + 1);
        leptos::task::spawn_local(task::send(
            run.clone(),
            slot.clone(),
            self.setup.with_untracked(|s| s.api_key.clone()),
            ticket,
            self.aborts,
            self.on_made.get_value(),
        ));
    }

    /// Keeps the prompt being written (reactive); an empty one is removed.
    /// One the browser will not store (over its quota) is said under the
    /// field: it would otherwise be lost without a word.
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

    /// Puts focus in the prompt (after Reuse, or Edit this): after the next
    /// paint, because a closing `<dialog>` hands focus back to what opened it.
    pub fn focus_prompt(&self) {
        let field = self.prompt_field;
        leptos::task::spawn_local(async move {
            schedule::after_paint().await;
            if let Some(field) = field.get_untracked() {
                let _ = field.focus();
            }
        });
    }
}

/// The state `<App/>` provides.
pub fn use_generate() -> GenerateState {
    expect_context::<GenerateState>()
}
