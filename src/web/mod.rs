//! The browser, in one place.                                        [web]
//!
//! Everything that touches a browser API lives here, behind small functions
//! that never panic: a JS exception unwinding through wasm skips Rust's
//! cleanup and leaves the app broken, so every call that can throw is one
//! that returns a `Result`. Features use these and stay testable natively
//! where their logic is pure.

pub mod blob;
pub mod clipboard;
pub mod clock;
pub mod download;
pub mod embed;
pub mod fetch;
pub mod focus;
pub mod idb;
pub mod json;
pub mod keys;
pub mod observe;
pub mod schedule;
pub mod share;
pub mod storage;
