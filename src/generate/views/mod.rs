//! Generation's views: the form, the results, the status line, Show code.

mod card;
mod error;
mod form;
mod model;
mod results;
mod show_code;
mod status;

pub use form::PromptForm;
pub use results::Results;
pub use status::Status;
