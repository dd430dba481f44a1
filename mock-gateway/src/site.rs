//! Serves a built app (`dist/`) the way a static host would, optionally under
//! a sub-path (as GitHub Pages does) and with a `config.json` beside it.
//! Compressed (gzip) when the browser asks, as GitHub Pages compresses HTML,
//! CSS, JS and wasm: the cold-load bench downloads what a visitor would.

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::get,
    Router,
};
use std::path::PathBuf;
use std::time::Duration;
use tower_http::services::ServeDir;

/// `dist` served at `base` (`"/"` or `"/sub/path/"`); `config_json`, when
/// given, is served as `{base}config.json` in place of any file there.
pub fn site(dist: PathBuf, config_json: Option<String>, base: &str) -> Router {
    site_with_config_delay(dist, config_json, base, Duration::ZERO)
}

/// [`site`], with `config.json` answered only after `delay` (a slow host:
/// what the page does before its settings are known).
pub fn site_with_config_delay(
    dist: PathBuf,
    config_json: Option<String>,
    base: &str,
    delay: Duration,
) -> Router {
    let mut app = Router::new();
    if let Some(config) = config_json {
        app = app.route(
            "/config.json",
            get(move || {
                let config = config.clone();
                async move {
                    tokio::time::sleep(delay).await;
                    (
                        [
                            (header::CONTENT_TYPE, "application/json"),
                            (header::CACHE_CONTROL, "no-store"),
                        ],
                        config,
                    )
                        .into_response()
                }
            }),
        );
    }
    let app = app.fallback_service(ServeDir::new(dist).append_index_html_on_directories(true));
    let app = app.layer(tower_http::compression::CompressionLayer::new());
    let app = app.layer(axum::middleware::map_response(
        |mut response: axum::response::Response| async move {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        },
    ));
    let base = base.trim_end_matches('/');
    if base.is_empty() {
        app
    } else {
        // nest_service: every path below the base, including the bare `base/`.
        Router::new().nest_service(base, app)
    }
}
