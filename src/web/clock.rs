//! Time and randomness, from the browser.                            [web]
//!
//! Pure code never asks for them: it takes `now` and random numbers as
//! arguments (runs, ids, undo windows), so it is tested with fixed values.

/// Milliseconds since the epoch, as `Date.now()`.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A random number in `[0, 1)`, as `Math.random()`.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Today as `2026-11-24` (UTC), for file names.
pub fn today() -> String {
    let iso = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    iso.get(..10).unwrap_or("today").to_string()
}

/// A time as the local clock shows it (zip tools read zip times as local).
pub fn local_ms(utc_ms: f64) -> f64 {
    utc_ms - js_sys::Date::new(&utc_ms.into()).get_timezone_offset() * 60_000.0
}

/// A time in the person's language and local clock (`lang` a BCP 47 code).
pub fn local_time(ms: f64, lang: &str) -> String {
    js_sys::Date::new(&ms.into())
        .to_locale_string(lang, &js_sys::Object::new())
        .as_string()
        .unwrap_or_default()
}

/// A performance mark (`performance.mark(name)`), for benchmarks to read.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
