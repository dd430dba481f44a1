//! Images the gateway sent as links (`data[].url`): fetched as bytes, so
//! the download link is a `blob:` of what was really received (a link to
//! another site's page would open that page instead) and the gallery keeps
//! the same bytes.                                                   [web]

use crate::image::ImageFormat;

/// What became of a linked image's bytes.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkState {
    Fetching,
    /// The bytes, as a `blob:` URL of their sniffed type, and that type.
    /// The page that shows the link revokes the URL when it goes.
    Ready(String, ImageFormat),
    /// The image's server does not let this page read it (CORS), or
    /// could not be reached.
    Refused,
    /// What the link leads to is not an image.
    NotAnImage,
}

/// Fetches a linked image: its state for the page, and its bytes for the
/// gallery when they are an image.
pub async fn fetch(url: &str) -> (LinkState, Option<Vec<u8>>) {
    let response = match crate::api::client::get(url).await {
        Ok(response) if (200..300).contains(&response.status) => response,
        _ => return (LinkState::Refused, None),
    };
    let Some(format) = ImageFormat::sniff(&response.body) else {
        return (LinkState::NotAnImage, None);
    };
    let url = crate::gallery_store::bytes_blob(&response.body, format.mime())
        .ok()
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
    match url {
        Some(url) => (LinkState::Ready(url, format), Some(response.body)),
        None => (LinkState::Refused, None),
    }
}
