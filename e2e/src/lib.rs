//! Harness for the end-to-end tests: the release build (`dist/`, made by
//! `cargo xtask test`) served on loopback beside the mock gateway, driven in
//! real headless Chromium through chromedriver (WebDriver, via fantoccini).

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::{
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::Stdio,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};
use tokio::process::{Child, Command};

pub use mock_gateway::DEMO_KEY;

pub mod bench;

/// Where the built app is: `$SINH_ANH_DIST`, else `dist/` at the workspace
/// root (found from the running package's `CARGO_MANIFEST_DIR`, which cargo
/// sets for tests and `cargo run`; both e2e and xtask sit one level down).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("SINH_ANH_DIST").map_or_else(
        || {
            std::env::var_os("CARGO_MANIFEST_DIR")
                .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
                .join("../dist")
        },
        PathBuf::from,
    );
    assert!(
        dir.join("index.html").is_file(),
        "no release build at {}: run `cargo xtask test` (it builds dist/ first) or `cargo xtask dist`",
        dir.display()
    );
    dir
}

/// Copies a folder and its folders.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("make the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the build").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy the build");
        }
    }
}

/// What the relay in front of a site does with a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// Passed on to the site.
    Up,
    /// Taken and held, never answered: a phone on a connection that
    /// carries nothing ("lie-fi").
    Hanging,
    /// Taken and held this long, then passed on: a very slow connection.
    Late(Duration),
    /// Refused: the relay's listener is closed (a phone offline).
    Down,
}

/// A TCP relay on loopback to `to`, doing with each connection what the
/// returned switch says. Every change cuts the connections taken before it.
async fn relay_to(to: SocketAddr) -> (SocketAddr, Relay) {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the relay binds on loopback");
    let at = listener.local_addr().expect("the relay's address");
    let (switch, reach) = tokio::sync::watch::channel(Reach::Up);
    let relay = Relay {
        switch,
        open: Arc::default(),
        asked: Arc::default(),
    };
    let (open, asked) = (relay.open.clone(), relay.asked.clone());
    tokio::spawn(async move {
        let mut changes = reach.clone();
        let mut taken = 0u64;
        loop {
            tokio::select! {
                changed = changes.changed() => {
                    // (An error: the servers are gone.)
                    if changed.is_err() || *changes.borrow_and_update() == Reach::Down {
                        break;
                    }
                }
                accepted = listener.accept() => {
                    let Ok((mut inbound, _)) = accepted else {
                        // (Out of descriptors, say: not a loop at full speed.)
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    };
                    let mut change = reach.clone();
                    let now = *change.borrow_and_update();
                    if now == Reach::Down {
                        continue; // Dropped, as refused.
                    }
                    taken += 1;
                    let id = taken;
                    locked(&open).insert(id);
                    let (open, asked) = (open.clone(), asked.clone());
                    tokio::spawn(async move {
                        let serve = async {
                            let wait = match now {
                                Reach::Late(wait) => Some(wait),
                                Reach::Hanging => None,
                                _ => Some(Duration::ZERO),
                            };
                            if wait != Some(Duration::ZERO) {
                                // What it asks for: its request line, as it comes.
                                let mut head = [0u8; 512];
                                let n = inbound.peek(&mut head).await.unwrap_or(0);
                                let line = String::from_utf8_lossy(&head[..n]);
                                let target = line.split_whitespace().nth(1).unwrap_or_default();
                                locked(&asked).push(target.to_owned());
                            }
                            let Some(wait) = wait else {
                                return std::future::pending::<()>().await;
                            };
                            tokio::time::sleep(wait).await;
                            if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                            }
                        };
                        tokio::select! {
                            _ = serve => {}
                            _ = change.changed() => {}
                        }
                        locked(&open).remove(&id);
                    });
                }
            }
        }
    });
    (at, relay)
}

fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The switch of a site's relay, and what it has seen.
struct Relay {
    switch: tokio::sync::watch::Sender<Reach>,
    /// The connections taken and not yet ended, by number.
    open: Arc<std::sync::Mutex<std::collections::HashSet<u64>>>,
    /// What each connection held (hung or slowed) asked for, in order.
    asked: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Relay {
    /// Switches to `reach`, once every connection taken before has ended.
    async fn switch(&self, reach: Reach) {
        let before = locked(&self.open).clone();
        self.switch.send_replace(reach);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !locked(&self.open).is_disjoint(&before) {
            assert!(
                Instant::now() < deadline,
                "connections to the site stay open"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The mock gateway and the app's static site, both on loopback.
pub struct Servers {
    pub gateway: SocketAddr,
    pub site: SocketAddr,
    /// Where the app is served (`/` or a sub-path).
    pub base_path: String,
    /// Every request the mock gateway received: what the page really sent.
    pub journal: mock_gateway::Journal,
    /// Set by [`Servers::with_mock_config_behind_a_switch`]: turns the site off.
    relay: Option<Relay>,
    /// The site's own copy of the build, which [`Servers::redeploy`]
    /// changes (removed with the servers).
    copy: Option<PathBuf>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        if let Some(copy) = &self.copy {
            let _ = std::fs::remove_dir_all(copy);
        }
    }
}

impl Servers {
    /// Starts both; `config` is served as `config.json` (`None`: dist's own, as on
    /// a plain static host). `{gateway}` in it becomes the gateway's base URL.
    pub async fn start(config: Option<Value>, base_path: &str) -> Servers {
        Servers::start_raw(config.map(|c| c.to_string()), base_path).await
    }

    /// Like `start`, with `config.json`'s text as it is (it need not be JSON).
    pub async fn start_raw(config: Option<String>, base_path: &str) -> Servers {
        Servers::start_with(Default::default(), config, base_path).await
    }

    /// Like `start_raw`, with the mock set up by `options`.
    pub async fn start_with(
        options: mock_gateway::Options,
        config: Option<String>,
        base_path: &str,
    ) -> Servers {
        Servers::start_in(dist_dir(), options, config, base_path, Duration::ZERO).await
    }

    /// [`Servers::with_mock_config`], with `config.json` answered only
    /// after `delay`.
    pub async fn with_slow_mock_config(delay: Duration) -> Servers {
        let config = json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY});
        Servers::start_in(
            dist_dir(),
            Default::default(),
            Some(config.to_string()),
            "/",
            delay,
        )
        .await
    }

    async fn start_in(
        dist: PathBuf,
        options: mock_gateway::Options,
        config: Option<String>,
        base_path: &str,
        delay: Duration,
    ) -> Servers {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        let (router, journal) = mock_gateway::gateway_with_journal(options);
        let (gateway, _) = mock_gateway::spawn(router, any)
            .await
            .expect("mock gateway binds on loopback");
        let gateway_url = format!("http://{gateway}/v1");
        let config = config.map(|c| c.replace("{gateway}", &gateway_url));
        let site = mock_gateway::site::site_with_config_delay(dist, config, base_path, delay);
        let (site, _) = mock_gateway::spawn(site, any)
            .await
            .expect("site binds on loopback");
        Servers {
            gateway,
            site,
            base_path: base_path.to_string(),
            journal,
            relay: None,
            copy: None,
        }
    }

    /// [`Servers::with_mock_config`], serving its own copy of the build
    /// (see [`Servers::redeploy`]), with the site reached through a relay
    /// that [`Servers::take_the_site_down`] switches off.
    pub async fn with_mock_config_behind_a_switch() -> Servers {
        let config = json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY});
        Servers::behind_a_switch(Some(config.to_string())).await
    }

    /// [`Servers::with_mock_config_behind_a_switch`] for a host that
    /// serves no `config.json` at all (a 404): the app's defaults apply.
    pub async fn without_config_behind_a_switch() -> Servers {
        Servers::behind_a_switch(None).await
    }

    async fn behind_a_switch(config: Option<String>) -> Servers {
        static COPIES: AtomicUsize = AtomicUsize::new(0);
        let n = COPIES.fetch_add(1, Ordering::Relaxed);
        let copy = std::env::temp_dir().join(format!("sinh-anh-site-{}-{n}", std::process::id()));
        copy_dir(&dist_dir(), &copy);
        if config.is_none() {
            std::fs::remove_file(copy.join("config.json")).expect("a copy without config.json");
        }
        let mut servers = Servers::start_in(
            copy.clone(),
            Default::default(),
            config,
            "/",
            Duration::ZERO,
        )
        .await;
        servers.copy = Some(copy);
        let (at, relay) = relay_to(servers.site).await;
        servers.site = at;
        servers.relay = Some(relay);
        servers
    }

    /// A new deployment of one file of the site's copy of the build
    /// (only with [`Servers::with_mock_config_behind_a_switch`]).
    pub fn redeploy(&self, file: &str, contents: &str) {
        let copy = self.copy.as_ref().expect("a site with its own copy");
        let path = copy.join(file);
        // Dated seconds after the file it replaces (Last-Modified counts
        // whole seconds): the browser cannot take it for the one it has.
        let before = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let when = before
            .map(|t| t + Duration::from_secs(2))
            .into_iter()
            .chain([std::time::SystemTime::now() + Duration::from_secs(2)])
            .max()
            .unwrap_or_else(std::time::SystemTime::now);
        std::fs::write(&path, contents).expect("write the new deployment");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(when))
            .expect("date the new deployment");
    }

    /// The site can no longer be reached, as from a phone offline: new
    /// connections are refused and open ones cut. (The gateway stays up.)
    pub async fn take_the_site_down(&self) {
        let relay = self.relay.as_ref().expect("a site behind a switch");
        relay.switch(Reach::Down).await;
        // The relay's listener is gone once a connection is refused.
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(self.site).await.is_ok() {
            assert!(Instant::now() < deadline, "the site is still up");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The site takes connections and never answers, as a phone's
    /// connection that carries nothing: open ones are cut, new ones held.
    /// (The gateway stays up.)
    pub async fn hang_the_site(&self) {
        let relay = self.relay.as_ref().expect("a site behind a switch");
        relay.switch(Reach::Hanging).await;
    }

    /// The site answers each new connection only after `wait`, as a very
    /// slow connection: open ones are cut.
    pub async fn slow_the_site(&self, wait: Duration) {
        let relay = self.relay.as_ref().expect("a site behind a switch");
        relay.switch(Reach::Late(wait)).await;
    }

    /// What the connections the site held (hung or slowed) asked for: each
    /// request's target (`/config.json`), in order.
    pub fn asked_while_held(&self) -> Vec<String> {
        let relay = self.relay.as_ref().expect("a site behind a switch");
        locked(&relay.asked).clone()
    }

    /// The gateway on the site's own origin, under the app's scope: the
    /// app at `/` and the mock at `/v1`, as a portal serving both from one
    /// host. Its `config.json` names that gateway, with the demo key.
    pub async fn with_the_gateway_on_the_site() -> Servers {
        let at = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let (gateway, journal) = mock_gateway::gateway_with_journal(Default::default());
        let config = json!({"baseUrl": format!("http://{at}/v1"), "demoKey": DEMO_KEY});
        let site = mock_gateway::site::site(dist_dir(), Some(config.to_string()), "/");
        let (at, _) = mock_gateway::spawn(site.nest("/v1", gateway), at)
            .await
            .expect("site binds on loopback");
        Servers {
            gateway: at,
            site: at,
            base_path: "/".into(),
            journal,
            relay: None,
            copy: None,
        }
    }

    /// The standard setup `cargo xtask serve` uses: config pointing at the
    /// mock, with its demo key.
    pub async fn with_mock_config() -> Servers {
        Servers::start(
            Some(json!({"baseUrl": "{gateway}", "demoKey": DEMO_KEY})),
            "/",
        )
        .await
    }

    /// Waits until the mock has received `count` requests to
    /// `path_suffix` and each has ended (answered, or hung up on); returns
    /// them. Panics with what it saw if that does not happen in 20 s.
    pub async fn ended_requests(
        &self,
        path_suffix: &str,
        count: usize,
    ) -> Vec<mock_gateway::Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let seen = self.journal.to(path_suffix);
            if seen.len() == count && seen.iter().all(|r| r.ended_at.is_some()) {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} ended requests to {path_suffix}, saw {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn app_url(&self) -> String {
        format!("http://{}{}", self.site, self.base_path)
    }

    pub fn gateway_url(&self) -> String {
        format!("http://{}/v1", self.gateway)
    }
}

/// A chromedriver process and one Chromium session; both end on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: TempDir,
}

/// The browser's profile directory. Dropped last with the [`Browser`]: a
/// test that panics never reaches `close()`, and killing chromedriver
/// leaves its Chromium running, so Chromium is ended here by its profile
/// (a leaked one kept a CPU busy and skewed later benchmarks).
struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self.0.display()))
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Browser {
    /// Starts chromedriver (`$CHROMEDRIVER` or `chromedriver` on PATH) and a
    /// headless Chromium (`$CHROME_BIN` or `/usr/bin/chromium`).
    pub async fn start() -> Browser {
        Browser::start_logging(false).await
    }

    /// [`Browser::start`], with every network request the browser makes
    /// logged from the first one (DevTools' `Network` events, read with
    /// [`Browser::requests_sent`]).
    pub async fn start_logging_network() -> Browser {
        Browser::start_logging(true).await
    }

    async fn start_logging(network: bool) -> Browser {
        let port = free_port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let profile = std::env::temp_dir().join(format!("sinh-anh-e2e-{port}"));
        let _ = std::fs::create_dir_all(&profile);
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            // Chromium's own temporary files (a socket directory per
            // start) go with the profile, removed on drop.
            .env("TMPDIR", &profile)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e} (run `cargo xtask setup`)"));
        let chrome = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chrome,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": profile.join("downloads"),
                    "download.prompt_for_download": false,
                }
            }),
        );
        caps.insert(
            "goog:loggingPrefs".into(),
            if network {
                json!({"browser": "ALL", "performance": "ALL"})
            } else {
                json!({"browser": "ALL"})
            },
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    panic!("chromedriver did not start a session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Browser {
            client,
            driver,
            profile: TempDir(profile),
        }
    }

    /// Waits for a finished download whose name ends with `suffix` and
    /// returns its bytes. Chrome reserves the final name with an empty
    /// file and writes into a `.crdownload` beside it: finished is when
    /// that one is gone and the file has bytes.
    pub async fn downloaded(&self, suffix: &str) -> (String, Vec<u8>) {
        let dir = self.profile.0.join("downloads");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let names: Vec<std::fs::DirEntry> = std::fs::read_dir(&dir)
                .map(|entries| entries.flatten().collect())
                .unwrap_or_default();
            let writing = names
                .iter()
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            let done = names.into_iter().find(|e| {
                e.file_name().to_string_lossy().ends_with(suffix)
                    && e.metadata().is_ok_and(|m| m.len() > 0)
            });
            if let Some(file) = done.filter(|_| !writing) {
                let name = file.file_name().to_string_lossy().to_string();
                let bytes = std::fs::read(file.path()).expect("read the download");
                return (name, bytes);
            }
            assert!(
                Instant::now() < deadline,
                "no *{suffix} download in {dir:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens the app and waits until it has mounted (the form is there).
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
        self.wait_for("form.generate-form").await;
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// Waits until `count` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> Vec<Element> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default();
            if found.len() == count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} × {css}, found {}",
                found.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `script` until it returns something other than `null` or
    /// `false`, and returns that; fails the test, naming `what`, after 20 s.
    pub async fn wait_for_js(&self, script: &str, what: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let value = self.client.execute(script, vec![]).await.expect("run JS");
            if !value.is_null() && value != Value::Bool(false) {
                return value;
            }
            assert!(Instant::now() < deadline, "{what}: never so ({value})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A picture's natural size, loaded as the page loads one (`(0, 0)`
    /// when it does not load: a revoked `blob:` URL, say).
    pub async fn picture_size(&self, url: &str) -> (u64, u64) {
        let size = self
            .client
            .execute_async(
                "const [url, done] = arguments;
                 const img = new Image();
                 img.onload = () => done([img.naturalWidth, img.naturalHeight]);
                 img.onerror = () => done([0, 0]);
                 img.src = url;",
                vec![json!(url)],
            )
            .await
            .expect("load the picture");
        (size[0].as_u64().unwrap_or(0), size[1].as_u64().unwrap_or(0))
    }

    /// Generates `count` images from `prompt` and waits until the gallery
    /// holds `expect_total`.
    pub async fn generate(&self, prompt: &str, count: &str, expect_total: usize) {
        self.fill("#prompt", prompt).await;
        self.choose("#count", count).await;
        self.click("button[type=submit]").await;
        self.wait_for_count(".gallery-grid .tile", expect_total)
            .await;
    }

    /// Replaces a field's value as a person would: select all, type.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        self.unfold(&field).await;
        field.clear().await.expect("clear field");
        if !text.is_empty() {
            field.send_keys(text).await.expect("type");
        }
    }

    /// Picks `value` in the `<select>` at `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// The visible text of the first element matching `css`, once it exists.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap_or_default()
    }

    /// Waits until `element`'s text contains `needle`; returns the text.
    pub async fn wait_for_text(&self, element: &Element, needle: &str) -> String {
        self.wait_for_text_within(element, needle, Duration::from_secs(20))
            .await
    }

    /// [`Browser::wait_for_text`], for work that may take longer than 20 s
    /// on a loaded machine (hundreds of images imported).
    pub async fn wait_for_text_within(
        &self,
        element: &Element,
        needle: &str,
        limit: Duration,
    ) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let text = element.text().await.unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "never said “{needle}”; says “{text}”"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the element at `css` as a person would: its section
    /// unfolded, and scrolled to the middle of the screen (the form's
    /// action bar stays at the bottom: what is under it is not seen there).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        self.unfold(&element).await;
        self.js_on(&element, "arguments[0].scrollIntoView({block: 'center'})")
            .await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Opens the folded section an element is in (the gateway settings
    /// fold into one line), as a person would: by clicking its summary.
    pub async fn unfold(&self, element: &Element) {
        let folded = self
            .js_on(
                element,
                "const el = arguments[0];
                 const d = el.closest('details:not([open])');
                 const summary = d && d.querySelector(':scope > summary');
                 // A summary itself is what opens its section.
                 if (!summary || summary.contains(el)) { return false; }
                 summary.click();
                 return true;",
            )
            .await;
        if folded.as_bool() == Some(true) {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !element.is_displayed().await.unwrap_or(false) {
                assert!(Instant::now() < deadline, "the section never unfolded");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    /// Runs JS with one element as `arguments[0]`.
    pub async fn js_on(&self, element: &Element, script: &str) -> Value {
        let arg = serde_json::to_value(element).expect("element as a JSON argument");
        self.client
            .execute(script, vec![arg])
            .await
            .expect("execute script")
    }

    /// The image's `naturalWidth` once it has loaded (0 if it never decodes).
    /// It is scrolled into view first, as a person looking at it would: a
    /// lazy image below the fold is not loaded at all.
    pub async fn natural_width(&self, image: &Element) -> u64 {
        self.js_on(image, "arguments[0].scrollIntoView({block: 'center'})")
            .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let state = self
                .js_on(
                    image,
                    "const i = arguments[0]; return [i.complete, i.naturalWidth];",
                )
                .await;
            let complete = state[0].as_bool().unwrap_or(false);
            let width = state[1].as_u64().unwrap_or(0);
            if (complete && width > 0) || Instant::now() > deadline {
                return width;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether the element at `css` (once it exists) is shown.
    pub async fn displayed(&self, css: &str) -> bool {
        self.wait_for(css)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|e| panic!("is {css} shown: {e}"))
    }

    pub async fn value_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .expect("read value")
            .unwrap_or_default()
    }

    /// Saves a screenshot to `target/e2e-screenshots/{name}.png`, for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        match self.client.screenshot().await {
            Ok(png) => {
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(dir.join(format!("{name}.png")), png);
            }
            Err(e) => eprintln!("screenshot {name} failed: {e}"),
        }
    }

    /// Runs axe-core in the page and returns its violations, one line each
    /// (rule, help, and up to three of the elements). axe is injected
    /// through WebDriver: the page's CSP would refuse a script tag.
    /// `$SINH_ANH_AXE` names `axe.min.js` (`cargo xtask test` sets it), else
    /// it is looked for where `npm install --global axe-core` puts it.
    pub async fn axe_violations(&self) -> Vec<String> {
        let path = std::env::var_os("SINH_ANH_AXE")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/lib/node_modules/axe-core/axe.min.js"));
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core not found at {} ({e}): `cargo xtask test` installs it",
                path.display()
            )
        });
        self.client
            .execute(&format!("{source}\nreturn typeof axe;"), vec![])
            .await
            .expect("inject axe-core");
        let found = self
            .client
            .execute_async(
                r#"
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — '
                        + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | '))))
                    .catch(e => done(['axe failed: ' + e]));
                "#,
                vec![],
            )
            .await
            .expect("run axe-core");
        found
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe gave no list: {found}")])
    }

    /// Presses `keys` (a key, or keys held together) where focus is, as a
    /// person at the keyboard would.
    pub async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("the focused element")
            .send_keys(keys)
            .await
            .expect("press the keys");
    }

    /// Waits (5 s at most) for focus to come to an element with `name` as
    /// its id or one of its classes.
    pub async fn focus_comes_to(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let focused = self
                .client
                .execute(
                    "const e = document.activeElement;
                     return e ? [e.id, ...e.classList, e.tagName] : []",
                    vec![],
                )
                .await
                .expect("the focused element");
            let names: Vec<&str> = focused
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if names.contains(&name) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "focus never came to {name}: it is on {names:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The browser's console and network log since the last call, as
    /// `(level, message)`: CSP violations and uncaught errors are `SEVERE`.
    /// (ChromeDriver's log endpoint; `goog:loggingPrefs` turns it on.)
    pub async fn browser_log(&self) -> Vec<(String, String)> {
        let log = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
            .expect("read the browser log");
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                        (text("level"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every request the browser has sent since the last call, as `(URL,
    /// request headers)`, from DevTools' `Network.requestWillBeSent` (only
    /// with [`Browser::start_logging_network`]).
    pub async fn requests_sent(&self) -> Vec<(String, serde_json::Map<String, Value>)> {
        self.network_events("Network.requestWillBeSent")
            .await
            .into_iter()
            .filter_map(|params| {
                let request = &params["request"];
                Some((
                    request["url"].as_str()?.to_string(),
                    request["headers"].as_object().cloned().unwrap_or_default(),
                ))
            })
            .collect()
    }

    /// Every answer the page has received since the last read of the log,
    /// as `(URL, whether a service worker gave it)`, from DevTools'
    /// `Network.responseReceived` (only with [`Browser::start_logging_network`]).
    pub async fn responses_received(&self) -> Vec<(String, bool)> {
        self.network_events("Network.responseReceived")
            .await
            .into_iter()
            .filter_map(|params| {
                let response = &params["response"];
                Some((
                    response["url"].as_str()?.to_string(),
                    response["fromServiceWorker"].as_bool().unwrap_or(false),
                ))
            })
            .collect()
    }

    /// The `params` of the performance log's events named `method`, read
    /// (and so emptied) from ChromeDriver.
    async fn network_events(&self, method: &str) -> Vec<Value> {
        let log = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({"type": "performance"}),
            })
            .await
            .expect("read the performance log");
        log.as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let message: Value = serde_json::from_str(entry["message"].as_str()?).ok()?;
                let message = &message["message"];
                (message["method"] == method).then(|| message["params"].clone())
            })
            .collect()
    }

    /// Runs a DevTools protocol command (ChromeDriver's `goog/cdp/execute`).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({"cmd": cmd, "params": params}),
            })
            .await
            .map_err(|e| format!("{cmd}: {e}"))
    }

    /// Grants the page a permission (`clipboard-write`, ...) through
    /// ChromeDriver's permissions extension.
    pub async fn grant(&self, permission: &str) {
        self.set_permission(permission, "granted").await;
    }

    /// Refuses `permission` (as a person who said no would).
    pub async fn deny(&self, permission: &str) {
        self.set_permission(permission, "denied").await;
    }

    async fn set_permission(&self, permission: &str, state: &str) {
        self.client
            .issue_cmd(SessionPost {
                path: "permissions",
                body: json!({"descriptor": {"name": permission}, "state": state}),
            })
            .await
            .unwrap_or_else(|e| panic!("set {permission} to {state}: {e}"));
    }

    /// Makes the page a phone's: `width` × `height` CSS pixels at twice
    /// the density (DevTools device emulation), and a touch screen when
    /// `touch` (then `(pointer: coarse)` matches, and CDP touch input works).
    pub async fn as_phone(&self, width: u32, height: u32, touch: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 2, "mobile": true}),
        )
        .await
        .expect("a phone's screen");
        if touch {
            self.cdp(
                "Emulation.setTouchEmulationEnabled",
                json!({"enabled": true, "maxTouchPoints": 5}),
            )
            .await
            .expect("a touch screen");
        }
    }

    /// How the stand-in share sheet answers from now on: `None`, it
    /// shares; else it throws the `DOMException` of that name.
    pub async fn share_sheet_answers(&self, error: Option<&str>) {
        self.client
            .execute(
                "const [error] = arguments;
                 if (error) localStorage.setItem('share-answer', error);
                 else localStorage.removeItem('share-answer');",
                vec![json!(error)],
            )
            .await
            .expect("tell the stand-in share sheet");
    }

    /// Generates one image that the mock sends as a link (`FAKE_URL`), and
    /// waits until the page has its bytes: returns its download's name.
    pub async fn a_linked_result(&self, prompt: &str) -> String {
        self.fill("#prompt", &format!("{prompt} FAKE_URL")).await;
        self.click("button[type=submit]").await;
        let download = self.wait_for("figure.image-card a.download.linked").await;
        download
            .attr("download")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Puts a stand-in for a phone's share sheet in every page opened from
    /// now on (headless Chromium on Linux has none): it records each file
    /// it is handed, with the file's first bytes and whether the page asked
    /// inside a tap (`active`: user activation), then answers as
    /// `localStorage['share-answer']` says (nothing: it went; else the
    /// name of the exception it throws). [`Browser::shared`] reads it.
    pub async fn stand_in_share_sheet(&self) {
        const SHARE_SHEET: &str = r#"
window.__shared = [];
navigator.canShare = data => !!(data && data.files && data.files.length > 0);
navigator.share = async data => {
  // Asked inside a tap (browsers refuse a share without one)?
  const active = navigator.userActivation.isActive;
  const file = data.files[0];
  const head = Array.from(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
  window.__shared.push({ files: data.files.length, name: file.name, type: file.type, size: file.size, head, active });
  const answer = localStorage.getItem('share-answer');
  const words = { AbortError: 'Share canceled', NotAllowedError: 'Permission denied' };
  if (answer) throw new DOMException(words[answer] || 'Something went wrong', answer);
};
"#;
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": SHARE_SHEET }),
        )
        .await
        .expect("the share sheet stand-in");
    }

    /// What the share sheet stand-in has been handed, once it holds `n`
    /// (5 s at most).
    pub async fn shared(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let seen = self
                .client
                .execute("return window.__shared || []", vec![])
                .await
                .expect("ask the page");
            let seen = seen.as_array().cloned().unwrap_or_default();
            if seen.len() >= n {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "the share sheet got {seen:?}, not {n}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// Decodes a `data:image/png;base64,` URL into (width, height).
pub fn png_size(data_url: &str) -> (u32, u32) {
    use base64::Engine as _;
    let b64 = data_url
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("valid base64");
    let decoder = png::Decoder::new(bytes.as_slice());
    let reader = decoder.read_info().expect("a valid PNG");
    let info = reader.info();
    (info.width, info.height)
}

/// A ChromeDriver extension: `POST /session/{id}/{path}` with a JSON body
/// (`se/log` for the browser log, `permissions` to grant one).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
