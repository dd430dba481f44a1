//! A run: one press of Generate, its requests and how it stands. [pure]
//!
//! A run is one request for the standard method, N parallel requests for
//! chat. Each request has its own place (a slot), so each image appears,
//! or fails, the moment its answer arrives. This file holds the rules;
//! `state.rs` keeps each slot in a signal of its own.

use crate::api::request::Order;
use crate::api::types::{Aspect, Freshness, Method};
use crate::api::{ApiError, ErrorKind};

/// What the form needs from the settings to send a run (`app.rs` derives
/// it from the settings' state).
/// (Its `Debug` leaves the key out: a debug print never shows it.)
#[derive(Clone, Default, PartialEq)]
pub struct Setup {
    /// `config.json` is settled: the gateway is known.
    pub settled: bool,
    pub base_url: String,
    pub api_key: String,
    pub method: Method,
    pub model: String,
    pub count: u8,
    pub aspect: Option<Aspect>,
    pub freshness: Freshness,
    pub timeout_secs: u32,
    /// Where to `postMessage` each image when framed.
    pub notify_origin: Option<String>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("settled", &self.settled)
            .field("base_url", &self.base_url)
            .field("method", &self.method)
            .field("model", &self.model)
            .field("count", &self.count)
            .field("timeout_secs", &self.timeout_secs)
            .finish_non_exhaustive()
    }
}

impl Setup {
    /// The form as it is, with this prompt.
    pub fn order(&self, prompt: &str) -> Order {
        Order {
            base_url: self.base_url.clone(),
            api_key: self.api_key.clone(),
            method: self.method,
            model: self.model.clone(),
            prompt: prompt.to_string(),
            count: self.count,
            aspect: self.aspect,
            freshness: self.freshness,
            images: Vec::new(),
            history: Vec::new(),
            attach: Vec::new(),
        }
    }
}

/// How one request of a run stands, as the summary needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Pending,
    /// It answered with this many images.
    Images(usize),
    Failed(ApiError),
}

/// How a run stands, for the status line.
#[derive(Clone, Debug, PartialEq)]
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

/// The summary of a run of `requested` images whose requests stand as
/// `outcomes`, `elapsed_ms` after it started.
pub fn summarize(outcomes: &[Outcome], requested: usize, elapsed_ms: f64) -> RunSummary {
    let shown = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Images(n) => *n,
            _ => 0,
        })
        .sum();
    if outcomes.contains(&Outcome::Pending) {
        return RunSummary::Pending {
            ready: shown,
            total: requested,
        };
    }
    let mut errors = outcomes.iter().filter_map(|o| match o {
        Outcome::Failed(e) => Some(e),
        _ => None,
    });
    if shown == 0 {
        if let Some(first) = errors.next() {
            return RunSummary::Failed(first.clone());
        }
    }
    RunSummary::Done {
        shown,
        requested,
        failed: outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Failed(_)))
            .count(),
        elapsed_ms: elapsed_ms.max(0.0),
    }
}

/// Every request failed, and for the same reason: the status line's one
/// message then says it all; otherwise each failed request says its own in
/// its place.
pub fn all_failed_alike(outcomes: &[Outcome]) -> bool {
    let mut kinds = outcomes.iter().map(|o| match o {
        Outcome::Failed(e) => Some(e.kind),
        _ => None,
    });
    match kinds.next() {
        Some(Some(first)) => kinds.all(|kind| kind == Some(first)),
        _ => false,
    }
}

/// Whether an error is about the form rather than the gateway: fixing it
/// takes an edit, so Try again is not offered.
pub fn needs_an_edit(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::MissingKey
            | ErrorKind::UnsendableKey
            | ErrorKind::ImagesNeedChat
            | ErrorKind::TooManyImages
            | ErrorKind::TooLarge
            | ErrorKind::EmptyPrompt
            | ErrorKind::InvalidBaseUrl
    )
}

/// The first number each request of a run reserves for its images (each
/// image of a run has its own number, so downloads never clash), and the
/// next free number after all of them.
pub fn reserve(expected: &[usize]) -> (Vec<usize>, usize) {
    let mut next = 0;
    let firsts = expected
        .iter()
        .map(|n| {
            let first = next;
            next += n;
            first
        })
        .collect();
    (firsts, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(kind: ErrorKind) -> Outcome {
        Outcome::Failed(ApiError::new(kind, "x"))
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_run_is_pending_until_every_request_answers() {
        let outcomes = [Outcome::Images(1), Outcome::Pending, Outcome::Images(1)];
        assert_eq!(
            summarize(&outcomes, 3, 10.0),
            RunSummary::Pending { ready: 2, total: 3 }
        );
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn some_images_and_some_failures_is_done_with_the_failures_counted() {
        let outcomes = [
            Outcome::Images(1),
            failed(ErrorKind::Upstream),
            Outcome::Images(1),
        ];
        assert_eq!(
            summarize(&outcomes, 3, 1234.0),
            RunSummary::Done {
                shown: 2,
                requested: 3,
                failed: 1,
                elapsed_ms: 1234.0
            }
        );
        assert!(!all_failed_alike(&outcomes));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn nothing_back_is_the_first_failure() {
        let outcomes = [failed(ErrorKind::RateLimited), failed(ErrorKind::Upstream)];
        match summarize(&outcomes, 2, 5.0) {
            RunSummary::Failed(e) => assert_eq!(e.kind, ErrorKind::RateLimited),
            other => panic!("{other:?}"),
        }
        assert!(!all_failed_alike(&outcomes));
        let alike = [failed(ErrorKind::Timeout), failed(ErrorKind::Timeout)];
        assert!(all_failed_alike(&alike));
        // An answer with no images and no error (cannot happen, but): done.
        assert!(matches!(
            summarize(&[Outcome::Images(0)], 1, 5.0),
            RunSummary::Done { shown: 0, .. }
        ));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn numbers_are_reserved_per_request_and_edits_are_told_apart() {
        assert_eq!(reserve(&[1, 1, 1]), (vec![0, 1, 2], 3));
        assert_eq!(reserve(&[4]), (vec![0], 4));
        assert_eq!(reserve(&[]), (vec![], 0));
        assert!(needs_an_edit(ErrorKind::UnsendableKey));
        assert!(!needs_an_edit(ErrorKind::Timeout));
        let setup = Setup {
            method: Method::Chat,
            model: "gemini".into(),
            count: 2,
            ..Setup::default()
        };
        let order = setup.order("a fox");
        assert_eq!(
            (order.prompt.as_str(), order.count, order.method),
            ("a fox", 2, Method::Chat)
        );
    }
}
