//! Request payloads as the gateway takes them.                       [pure]
//!
//! Responses are read through `serde_json::Value` in `response.rs` instead
//! of fixed structs: gateways send many shapes, and one odd item must not
//! cost the others.

use serde::Serialize;

/// `POST {base}/images/generations`. Only what every model accepts is sent:
/// `response_format`, `quality` and `style` make Imagen answer 400.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImagesRequest {
    pub model: String,
    pub prompt: String,
    pub n: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}
