//! Shared by the fixture suites.

/// The status code from a fixture's `.headers` file (`HTTP/1.1 200 OK`).
pub fn status(headers: &str) -> u16 {
    headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
