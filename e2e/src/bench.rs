//! Speed benchmarks in headless Chromium against the mock gateway, run by
//! `cargo xtask bench` (not by the tests: timings belong in benchmarks).
//!
//! - **Response to pixels**: a 4-image, ~8 MB `/images/generations` answer,
//!   from the moment its last byte arrives (`responseEnd` in the resource
//!   timing) until every image has been painted (Element Timing's
//!   `renderTime`); the app against a plain JavaScript page (`JSON.parse`,
//!   data-URL `<img>`s at the place and size of the app's results) doing the
//!   same in the same browser. Each app run starts on a fresh
//!   page with an empty gallery; the plain page runs once the app has kept
//!   its images and gone idle, so neither competes with the other's work.
//!   A run compares the medians of three such pairs. Element Timing's
//!   `loadTime` splits each into answer-to-load and load-to-paint.
//! - **Parallel chat**: the chat method with a 1 s answer delay, 4 images
//!   against 1, from the click to the last image painted.

use crate::{Browser, Servers};
use serde_json::{json, Value};

/// Response-to-pixels pairs (app, then plain page) in each run.
const PAIRS_PER_RUN: usize = 3;

/// Measured medians, in milliseconds.
#[derive(Clone, Debug)]
pub struct Timing {
    pub app_pixels_ms: f64,
    pub plain_js_pixels_ms: f64,
    /// Where the time goes: from the answer's last byte until the last
    /// image has loaded (read, parsed, `src` set, the data URL decoded),
    /// then from that load until painted; medians of each pair's own
    /// figures, in the app and in the plain page.
    pub app_loaded_ms: f64,
    pub plain_js_loaded_ms: f64,
    pub app_load_to_paint_ms: f64,
    pub plain_js_load_to_paint_ms: f64,
    /// Each run's response to pixels, app over plain JS: the medians of its
    /// [`PAIRS_PER_RUN`] pairs, each measured one after the other in the
    /// same browser.
    pub pixels_ratios: Vec<f64>,
    /// Size of the answer measured, in bytes.
    pub response_bytes: u64,
    pub chat_one_ms: f64,
    pub chat_four_ms: f64,
    pub runs: usize,
}

impl Timing {
    pub fn pixels_ratio(&self) -> f64 {
        self.app_pixels_ms / self.plain_js_pixels_ms.max(1.0)
    }
    /// How many runs kept within `budget` times the plain page.
    pub fn pixels_runs_within(&self, budget: f64) -> usize {
        self.pixels_ratios.iter().filter(|r| **r <= budget).count()
    }
    pub fn parallel_ratio(&self) -> f64 {
        self.chat_four_ms / self.chat_one_ms.max(1.0)
    }
}

/// Clicks Generate and answers when `want` result images have been painted:
/// their Element Timing `renderTime` (the app marks its result images
/// `elementtiming="result"`), with the matching request's `responseEnd`.
/// No `decode()` is asked for: the browser shows the images as it would for
/// a person. Fresh page each run: the result DOM is reused between runs.
const APP_RUN: &str = r#"
const [want, endpoint, done] = arguments;
const before = performance.getEntriesByType('resource').length;
const painted = [], loaded = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.identifier === 'result' && e.renderTime > clicked) {
      painted.push(e.renderTime);
      loaded.push(e.loadTime);
    }
  }
  if (painted.length === want) {
    const entries = performance.getEntriesByType('resource').slice(before).filter(e => e.name.endsWith(endpoint));
    const last = entries.reduce((a, e) => Math.max(a, e.responseEnd), 0);
    done({ end: Math.max(...painted), loaded: Math.max(...loaded), responseEnd: last, clicked });
  }
}).observe({ type: 'element' });
const clicked = performance.now();
document.querySelector('button[type=submit]').click();
"#;

/// The plain JavaScript reference: fetch, `JSON.parse`, data-URL `<img>`s
/// where the app shows its results, timed by Element Timing like the app's.
const PLAIN_JS_RUN: &str = r#"
const [url, key, body, done] = arguments;
const before = performance.getEntriesByType('resource').length;
let size = 0;
const painted = [], loaded = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.identifier === 'plain') {
      painted.push(e.renderTime);
      loaded.push(e.loadTime);
    }
  }
  if (painted.length === 4) {
    const e = performance.getEntriesByType('resource').slice(before).filter(e => e.name === url).pop();
    box.remove();
    done({ end: Math.max(...painted), loaded: Math.max(...loaded), responseEnd: e ? e.responseEnd : 0, size });
  }
}).observe({ type: 'element' });
// The same place and size as the app's results grid (left by the app run
// before): the same pixels to draw, and the same part of them in view.
const grid = document.querySelector('.results .grid').getBoundingClientRect();
const box = document.createElement('div');
box.style.cssText = `position:fixed;z-index:9;left:${grid.left}px;top:${grid.top}px;width:${grid.width}px;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));background:#fff`;
document.body.appendChild(box);
fetch(url, { method: 'POST', headers: { 'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json' }, body })
  .then(r => r.text())
  .then(text => {
    size = text.length;
    for (const d of JSON.parse(text).data) {
      const img = new Image();
      img.setAttribute('elementtiming', 'plain');
      img.src = 'data:image/png;base64,' + d.b64_json;
      img.style.width = '100%';
      box.appendChild(img);
    }
  })
  .catch(e => done({ error: String(e) }));
"#;

fn field(v: &Value, name: &str) -> Result<f64, String> {
    if let Some(error) = v.get("error").and_then(Value::as_str) {
        return Err(format!("in the page: {error}"));
    }
    v.get(name)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("no {name} in {v}"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Empties the app's IndexedDB from a page of its origin that does not
/// use it (its `config.json`), so every run starts from the same state.
async fn empty_gallery(browser: &Browser, servers: &Servers) -> Result<(), String> {
    visit(
        browser,
        &format!("{}config.json", servers.app_url()),
        "open config.json",
    )
    .await?;
    let v = browser
        .client
        .execute_async(
            "const [done] = arguments;
             const r = indexedDB.deleteDatabase('sinh-anh');
             r.onsuccess = () => done('ok');
             r.onerror = () => done('error');
             r.onblocked = () => done('blocked');",
            vec![],
        )
        .await
        .map_err(|e| format!("empty the gallery: {e}"))?;
    if v != json!("ok") {
        return Err(format!("empty the gallery: {v}"));
    }
    Ok(())
}

/// Waits until the gallery has kept `count` images and the page has been
/// idle twice: what the app does after the pixels is over.
async fn saved_and_idle(browser: &Browser, count: usize) -> Result<(), String> {
    browser.wait_for_count(".gallery-grid .tile", count).await;
    browser
        .client
        .execute_async(
            "const [done] = arguments;
             requestIdleCallback(() => requestIdleCallback(() => done(true), { timeout: 2000 }), { timeout: 2000 });",
            vec![],
        )
        .await
        .map_err(|e| format!("wait for idle: {e}"))?;
    Ok(())
}

/// One app run: fresh page, the form filled, Generate, until `want` images show.
async fn app_run(
    browser: &Browser,
    servers: &Servers,
    method: &str,
    count: usize,
    prompt: &str,
) -> Result<Value, String> {
    empty_gallery(browser, servers).await?;
    browser.open(&servers.app_url()).await;
    browser.choose("#method", method).await;
    browser.choose("#count", &count.to_string()).await;
    browser.fill("#prompt", prompt).await;
    let endpoint = if method == "chat" {
        "/chat/completions"
    } else {
        "/images/generations"
    };
    browser
        .client
        .execute_async(APP_RUN, vec![json!(count), json!(endpoint)])
        .await
        .map_err(|e| format!("app run: {e}"))
}

/// Runs every benchmark `runs` times (plus one warm-up) and takes medians.
pub async fn timing(runs: usize) -> Result<Timing, String> {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;

    let mut app = Vec::new();
    let mut plain = Vec::new();
    let (mut app_loaded, mut plain_loaded) = (Vec::new(), Vec::new());
    let (mut app_to_paint, mut plain_to_paint) = (Vec::new(), Vec::new());
    let mut ratios = Vec::new();
    let mut response_bytes = 0;
    for run in 0..=runs {
        // A run is PAIRS_PER_RUN pairs, app then plain, and compares their
        // medians: one pair on a 2-core machine swings by a third either way.
        let mut run_app = Vec::new();
        let mut run_plain = Vec::new();
        for pair in 0..PAIRS_PER_RUN {
            // A new prompt each time: nothing can come from a cache.
            let prompt = format!("benchmark {run} {pair} FAKE_BIG");
            let v = app_run(&browser, &servers, "standard", 4, &prompt).await?;
            run_app.push(field(&v, "end")? - field(&v, "responseEnd")?);
            if run > 0 {
                app_loaded.push(field(&v, "loaded")? - field(&v, "responseEnd")?);
                app_to_paint.push(field(&v, "end")? - field(&v, "loaded")?);
            }
            // The reference runs on a quiet page: the app's saving is over.
            saved_and_idle(&browser, 4).await?;

            let body = json!({"model": "imagen-4", "prompt": format!("{prompt} plain"), "n": 4});
            let url = format!("{}/images/generations", servers.gateway_url());
            let v = browser
                .client
                .execute_async(
                    PLAIN_JS_RUN,
                    vec![json!(url), json!(crate::DEMO_KEY), json!(body.to_string())],
                )
                .await
                .map_err(|e| format!("plain run: {e}"))?;
            run_plain.push(field(&v, "end")? - field(&v, "responseEnd")?);
            if run > 0 {
                plain_loaded.push(field(&v, "loaded")? - field(&v, "responseEnd")?);
                plain_to_paint.push(field(&v, "end")? - field(&v, "loaded")?);
            }
            response_bytes = v.get("size").and_then(Value::as_u64).unwrap_or(0);
        }
        if run > 0 {
            let (a, p) = (median(run_app.clone()), median(run_plain.clone()));
            ratios.push(a / p.max(1.0));
            app.extend(run_app);
            plain.extend(run_plain);
        }
    }

    let mut one = Vec::new();
    let mut four = Vec::new();
    for run in 0..=runs {
        for (count, into) in [(1, &mut one), (4, &mut four)] {
            let prompt = format!("benchmark {run} FAKE_DELAY_1000");
            let v = app_run(&browser, &servers, "chat", count, &prompt).await?;
            if run > 0 {
                into.push(field(&v, "end")? - field(&v, "clicked")?);
            }
        }
    }
    browser.close().await;
    Ok(Timing {
        app_pixels_ms: median(app),
        plain_js_pixels_ms: median(plain),
        app_loaded_ms: median(app_loaded),
        plain_js_loaded_ms: median(plain_loaded),
        app_load_to_paint_ms: median(app_to_paint),
        plain_js_load_to_paint_ms: median(plain_to_paint),
        pixels_ratios: ratios,
        response_bytes,
        chat_one_ms: median(one),
        chat_four_ms: median(four),
        runs,
    })
}

/// Copies the gallery's one saved record `n - 1` times (new ids and
/// prompts, the same image and thumbnail blobs), straight into IndexedDB.
pub const SEED_GALLERY: &str = r#"
const [n, done] = arguments;
const open = indexedDB.open('sinh-anh', 1);
open.onerror = () => done({ error: String(open.error) });
open.onsuccess = () => {
  const db = open.result;
  db.transaction('images').objectStore('images').getAll().onsuccess = e => {
    const base = e.target.result[0];
    if (!base) return done({ error: 'nothing saved to copy' });
    const meta = JSON.parse(base.meta);
    const tx = db.transaction('images', 'readwrite');
    const store = tx.objectStore('images');
    for (let i = 1; i < n; i++) {
      const id = base.id + i;
      store.put({ ...base, id, meta: JSON.stringify({ ...meta, id, prompt: meta.prompt + ' #' + i }) });
    }
    tx.oncomplete = () => { db.close(); done({ ok: true }); };
    tx.onerror = () => done({ error: String(tx.error) });
  };
};
"#;

/// After a reload: when the first page of tiles (`page`) is in the page,
/// when the thumbnails on screen (scrolled to the gallery) are decoded, and
/// when, scrolling on to the end, all `n` tiles are listed; in ms since
/// navigation, and the longest task the main thread ran all along (Long
/// Tasks API, buffered from the start).
const GALLERY_LOAD: &str = r#"
const [n, page, done] = arguments;
let longest = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: true });
const tiles = () => document.querySelectorAll('.gallery-grid .tile img');
const scrollOn = (listed, shown) => {
  if (tiles().length >= n) {
    const all = performance.now();
    return setTimeout(() => done({ listed, shown, all, longest }), 50);
  }
  // The person scrolls to the end of what is shown: the next page joins.
  const more = document.querySelector('.show-more');
  if (more) more.scrollIntoView();
  setTimeout(() => scrollOn(listed, shown), 20);
};
const poll = () => {
  if (tiles().length < page) return setTimeout(poll, 5);
  const listed = performance.now();
  // The person scrolls to the gallery. Which thumbnails are then on screen
  // is asked of an IntersectionObserver: measuring each tile directly would
  // force the layout that `content-visibility` spares off-screen tiles.
  document.querySelector('.gallery-grid').scrollIntoView();
  const io = new IntersectionObserver(entries => {
    io.disconnect();
    const onScreen = entries.filter(e => e.isIntersecting).map(e => e.target);
    if (!onScreen.length) return done({ error: 'no thumbnail on screen to time' });
    // The app gives a thumbnail its URL as it nears the screen: each is
    // decoded once it has one (within 5 s, or the run fails).
    const until = performance.now() + 5000;
    const sourced = () => new Promise((resolve, reject) => {
      const check = () => {
        if (onScreen.every(i => i.getAttribute('src'))) return resolve();
        if (performance.now() > until) return reject(new Error('a thumbnail on screen never got its URL'));
        requestAnimationFrame(check);
      };
      check();
    });
    sourced().then(() => Promise.all(onScreen.map(i => i.decode())))
      .then(() => new Promise(r => requestAnimationFrame(() => r(performance.now()))))
      .then(shown => scrollOn(listed, shown), e => done({ error: String(e) }));
  });
  tiles().forEach(t => io.observe(t));
};
poll();
"#;

/// The gallery with `n` saved images, medians over `runs` reloads.
#[derive(Clone, Debug)]
pub struct GalleryTiming {
    pub images: usize,
    /// Tiles in the page at first.
    pub page: usize,
    /// Navigation start to the first page of tiles in the page.
    pub listed_ms: f64,
    /// Navigation start to the first screenful of thumbnails decoded.
    pub shown_ms: f64,
    /// Navigation start to every tile listed, scrolling on to the end.
    pub all_ms: f64,
    /// The longest main-thread task in all that, over every run (0: none
    /// over 50 ms).
    pub longest_task_ms: f64,
    /// The browser's layout in a run, from the page loaded to every tile
    /// listed (DevTools' `LayoutDuration`).
    pub layout_ms: f64,
}

/// A DevTools performance metric's value (`Performance.getMetrics`).
fn metric(metrics: &Value, name: &str) -> f64 {
    metrics["metrics"]
        .as_array()
        .and_then(|all| all.iter().find(|m| m["name"] == name))
        .and_then(|m| m["value"].as_f64())
        .unwrap_or(f64::NAN)
}

/// How many times slower a phone's processor is than the machine's, for
/// DevTools' CPU throttling (the cold load's phone, the gallery's).
pub const PHONE_SLOWDOWN: f64 = 4.0;

/// The first page of the gallery (the app's `gallery::state::PAGE`).
pub const GALLERY_PAGE: usize = 120;

/// `slowdown`: the CPU that many times slower (DevTools' throttling; 4 for
/// a mid-range phone), 1 for the machine as it is.
pub async fn gallery(n: usize, runs: usize, slowdown: f64) -> Result<GalleryTiming, String> {
    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.choose("#count", "1").await;
    browser.fill("#prompt", "a gallery benchmark").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_count(".gallery-grid .tile", 1).await;
    let v = browser
        .client
        .execute_async(SEED_GALLERY, vec![json!(n)])
        .await
        .map_err(|e| format!("seeding: {e}"))?;
    if let Some(error) = v.get("error") {
        return Err(format!("seeding: {error}"));
    }
    let page = n.min(GALLERY_PAGE);
    let (mut listed, mut shown, mut all, mut longest, mut layout) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    browser.cdp("Performance.enable", json!({})).await?;
    browser
        .cdp("Emulation.setCPUThrottlingRate", json!({"rate": slowdown}))
        .await?;
    for run in 0..=runs {
        browser.open(&servers.app_url()).await;
        let before = browser.cdp("Performance.getMetrics", json!({})).await?;
        let v = browser
            .client
            .execute_async(GALLERY_LOAD, vec![json!(n), json!(page)])
            .await
            .map_err(|e| format!("gallery run: {e}"))?;
        let after = browser.cdp("Performance.getMetrics", json!({})).await?;
        if run > 0 {
            let seconds = metric(&after, "LayoutDuration") - metric(&before, "LayoutDuration");
            layout.push(seconds * 1000.0);
            listed.push(field(&v, "listed")?);
            shown.push(field(&v, "shown")?);
            all.push(field(&v, "all")?);
            longest.push(field(&v, "longest")?);
        }
    }
    browser.close().await;
    Ok(GalleryTiming {
        images: n,
        page,
        listed_ms: median(listed),
        shown_ms: median(shown),
        all_ms: median(all),
        // The worst run counts: one janky load is one too many.
        longest_task_ms: longest.into_iter().fold(0.0, f64::max),
        layout_ms: median(layout),
    })
}

/// Samples an import's progress bar every 100 ms until it goes away (the
/// import is then done): `[[ms since the first sample, images written,
/// images to write], ...]`.
const IMPORT_PROGRESS: &str = r#"
const done = arguments[0];
const samples = [];
let started = null;
let max = 0;
const tick = () => {
  const bar = document.querySelector('.import-progress progress');
  const now = performance.now();
  if (!bar) {
    if (started === null) return setTimeout(tick, 20);
    // The bar goes when the last batch is written.
    samples.push([now - started, max, max]);
    return done({ samples });
  }
  if (started === null) started = now;
  max = Number(bar.max);
  samples.push([now - started, Number(bar.value), max]);
  setTimeout(tick, 100);
};
tick();
"#;

/// An import of `n` entries: how fast it writes over its first and last
/// quarters (images per second), and in all.
#[derive(Clone, Debug)]
pub struct ImportTiming {
    pub images: usize,
    pub total_ms: f64,
    pub first_quarter_per_s: f64,
    pub last_quarter_per_s: f64,
}

impl ImportTiming {
    /// The last quarter's rate over the first's: 1 is steady, below it a
    /// slowdown as the gallery grows.
    pub fn steadiness(&self) -> f64 {
        self.last_quarter_per_s / self.first_quarter_per_s.max(f64::MIN_POSITIVE)
    }
}

/// A 16×16 PNG of one colour, different for each `n`.
fn distinct_png(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 16, 16);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    if let Ok(mut writer) = encoder.write_header() {
        let rgb = [(n % 251) as u8, (n / 251 % 251) as u8, 160];
        let _ = writer.write_image_data(&rgb.repeat(256));
        let _ = writer.finish();
    }
    out
}

/// Imports an export of `n` distinct images into an empty gallery.
pub async fn import_rate(n: usize) -> Result<ImportTiming, String> {
    use std::io::Write;
    let images: Vec<Value> = (1..=n)
        .map(|i| {
            json!({"file": format!("images/{i}.png"), "entry": {"id": i * 1000, "createdMs": 1.7e12,
                "prompt": format!("bench {i}"), "method": "standard", "model": "imagen-4",
                "mime": "image/png", "fileName": "bench.png"}})
        })
        .collect();
    let manifest = json!({"app": "sinh-anh", "schema": 2, "images": images});
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let failed = |e: &dyn std::fmt::Display| format!("writing the zip: {e}");
    zip.start_file("history.json", stored)
        .map_err(|e| failed(&e))?;
    zip.write_all(manifest.to_string().as_bytes())
        .map_err(|e| failed(&e))?;
    for i in 1..=n {
        zip.start_file(format!("images/{i}.png"), stored)
            .map_err(|e| failed(&e))?;
        zip.write_all(&distinct_png(i)).map_err(|e| failed(&e))?;
    }
    let bytes = zip.finish().map_err(|e| failed(&e))?.into_inner();
    let path = std::env::temp_dir().join(format!("sinh-anh-bench-import-{n}.zip"));
    std::fs::write(&path, bytes).map_err(|e| failed(&e))?;

    let servers = Servers::with_mock_config().await;
    let browser = Browser::start().await;
    browser.open(&servers.app_url()).await;
    browser.wait_for(".gallery").await;
    browser
        .wait_for(".gallery-tools input[type=file]")
        .await
        .send_keys(&path.display().to_string())
        .await
        .map_err(|e| format!("choosing the file: {e}"))?;
    // An import of thousands takes longer than WebDriver's 30 s default.
    browser
        .client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(std::time::Duration::from_secs(900)),
            None,
            None,
        ))
        .await
        .map_err(|e| format!("script timeout: {e}"))?;
    let v = browser
        .client
        .execute_async(IMPORT_PROGRESS, vec![])
        .await
        .map_err(|e| format!("import run: {e}"))?;
    browser.close().await;
    let _ = std::fs::remove_file(&path);
    let samples: Vec<(f64, f64)> = v["samples"]
        .as_array()
        .ok_or_else(|| format!("no samples: {v}"))?
        .iter()
        .filter_map(|s| Some((s[0].as_f64()?, s[1].as_f64()?)))
        .collect();
    let total = n as f64;
    // When the count first reached a share of the whole.
    let reached = |share: f64| {
        samples
            .iter()
            .find(|(_, done)| *done >= total * share)
            .map(|(ms, _)| *ms)
    };
    let (Some(q1), Some(q3), Some(end)) = (reached(0.25), reached(0.75), reached(1.0)) else {
        return Err(format!("the import did not finish: {:?}", samples.last()));
    };
    let quarter = total * 0.25;
    Ok(ImportTiming {
        images: n,
        total_ms: end,
        first_quarter_per_s: quarter / (q1 / 1000.0).max(0.001),
        last_quarter_per_s: quarter / ((end - q3) / 1000.0).max(0.001),
    })
}

/// Cold load under a phone's limits, in ms from navigation to the prompt
/// accepting input: the app (its `sinh-anh:interactive` mark, set when the
/// page is mounted) beside a plain page holding just a `<textarea>`.
#[derive(Clone, Debug)]
pub struct ColdLoad {
    pub app_ms: f64,
    /// When the app has read `config.json` (its `sinh-anh:settled` mark):
    /// until then, Generate waits.
    pub settled_ms: f64,
    pub plain_ms: f64,
    /// A visit again under the service worker (the build's files from what
    /// it keeps, the page from the network), same phone: to interactive.
    pub again_ms: f64,
    pub runs: usize,
}

/// A phone: the CPU four times slower, 9 Mbit/s, 150 ms round trip, no
/// cache, and no service worker (a first visit: the one of the run before
/// would answer from what it keeps).
async fn phone(browser: &Browser) -> Result<(), String> {
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await?;
    browser
        .cdp("Network.setBypassServiceWorker", json!({"bypass": true}))
        .await?;
    let bytes_per_s = 9_000_000.0 / 8.0;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({"offline": false, "latency": 150, "downloadThroughput": bytes_per_s, "uploadThroughput": bytes_per_s}),
        )
        .await?;
    browser
        .cdp(
            "Emulation.setCPUThrottlingRate",
            json!({"rate": PHONE_SLOWDOWN}),
        )
        .await?;
    Ok(())
}

/// Opens `url` in the browser; `what` names it in an error.
async fn visit(browser: &Browser, url: &str, what: &str) -> Result<(), String> {
    browser
        .client
        .goto(url)
        .await
        .map_err(|e| format!("{what}: {e}"))
}

/// Waits for the page's mark `name`; its time since navigation.
async fn mark(browser: &Browser, name: &str) -> Result<f64, String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let v = browser
            .client
            .execute(
                "const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : null;",
                vec![json!(name)],
            )
            .await
            .map_err(|e| format!("reading the mark: {e}"))?;
        if let Some(ms) = v.as_f64() {
            return Ok(ms);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no {name} mark after 60 s"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

pub async fn cold_load(runs: usize) -> Result<ColdLoad, String> {
    let servers = Servers::with_mock_config().await;
    let plain_dir = std::env::temp_dir().join(format!("sinh-anh-plain-{}", std::process::id()));
    std::fs::create_dir_all(&plain_dir).map_err(|e| e.to_string())?;
    std::fs::write(
        plain_dir.join("index.html"),
        "<!doctype html><meta charset=utf-8><title>plain</title><textarea id=prompt></textarea><script>performance.mark('interactive')</script>",
    )
    .map_err(|e| e.to_string())?;
    let (plain, _) = mock_gateway::spawn(
        mock_gateway::site::site(plain_dir.clone(), None, "/"),
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .map_err(|e| e.to_string())?;
    let browser = Browser::start().await;
    phone(&browser).await?;
    let (mut app, mut plain_ms, mut settled) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..=runs {
        visit(&browser, &servers.app_url(), "app").await?;
        let a = mark(&browser, "sinh-anh:interactive").await?;
        let s = mark(&browser, "sinh-anh:settled").await?;
        visit(&browser, &format!("http://{plain}/"), "plain page").await?;
        let p = mark(&browser, "interactive").await?;
        if run > 0 {
            app.push(a);
            plain_ms.push(p);
            settled.push(s);
        }
    }
    // Visits again: the worker in charge, once it has kept the app.
    browser
        .cdp("Network.setBypassServiceWorker", json!({"bypass": false}))
        .await?;
    visit(&browser, &servers.app_url(), "app").await?;
    browser
        .wait_for_js(
            "return navigator.serviceWorker.controller !== null",
            "the service worker in charge",
        )
        .await;
    let mut again = Vec::new();
    for run in 0..=runs {
        visit(&browser, &servers.app_url(), "app again").await?;
        let a = mark(&browser, "sinh-anh:interactive").await?;
        if run > 0 {
            again.push(a);
        }
    }
    browser.close().await;
    let _ = std::fs::remove_dir_all(&plain_dir);
    Ok(ColdLoad {
        app_ms: median(app),
        settled_ms: median(settled),
        plain_ms: median(plain_ms),
        again_ms: median(again),
        runs,
    })
}
