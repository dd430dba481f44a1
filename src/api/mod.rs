//! The gateway, as plain Rust: what to send, and what its answers mean.
//! Pure: no browser types, so it compiles and is tested on the host and in
//! wasm. The one `fetch` is `web/fetch.rs`; the engine-side JSON it reads
//! answers with is `web/json.rs`.

pub mod error;
pub mod failure;
pub mod helper;
pub mod image;
pub mod json;
pub mod key;
pub mod models;
pub mod request;
pub mod response;
pub mod size;
pub mod types;

pub use error::{ApiError, ErrorKind};
