//! The gateway, as plain Rust. Everything here but `client` is pure: no
//! browser types, so it compiles and is tested on the host and in wasm.

pub mod client;
pub mod error;
pub mod key;
pub mod models;
pub mod request;
pub mod response;
pub mod types;

pub use error::{ApiError, ErrorKind};
