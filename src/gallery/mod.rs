//! The gallery: every image kept as it arrives, with search, a lightbox,
//! selection, zips, export and import.
//!
//! - `entry.rs`, `archive.rs`, `zip.rs`, `unzip.rs`, `browse.rs`, `error.rs`: the model [pure]
//! - `store.rs`: IndexedDB [web]
//! - `state.rs`, `item.rs`, `actions.rs`, `save.rs`, `delete.rs`, `transfer.rs`, `reader.rs`: the
//!   state and its actions [web]
//! - `views/`: the section, its tiles, the lightbox, notices, selection

pub mod actions;
pub mod archive;
pub mod browse;
pub mod delete;
pub mod entry;
pub mod error;
pub mod item;
pub mod reader;
pub mod save;
pub mod state;
pub mod store;
pub mod transfer;
pub mod unzip;
pub mod views;
pub mod zip;

pub use state::{use_gallery, GalleryState, Reuse};
