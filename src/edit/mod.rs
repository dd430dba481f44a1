//! Changing an image: reference images sent with a chat request, added by
//! file picker, drop or paste, or by "Edit this" on a result or a gallery
//! image. `model` holds the rules (pure), `prepare` turns a file into a
//! reference (type from its bytes, scaled to 2048 px), `store` keeps them
//! for a reload (`turn_store` the turns being refined), `state` and
//! `views` are the feature in the page.

pub mod conversation;
pub mod mark;
pub mod marker;
pub mod model;
pub mod prepare;
mod refine;
pub mod state;
pub mod store;
mod turn_store;
pub mod turns;
pub mod views;

pub use state::{use_edit, EditState};
