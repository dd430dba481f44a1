//! `cargo xtask <command>`: Sinh Ảnh's task runner.
//!
//! Each command first checks the tools it needs and installs what is
//! missing (from crates.io, npm and apt), so a fresh machine needs only
//! cargo. A second run finds everything in place and installs nothing.

mod bench;
mod csp;
mod icons;
mod imports;
mod names;
mod scripts;
mod size;
mod tools;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};
use tools::Need;

const HELP: &str = "\
cargo xtask <command>

  serve [--port P] [--gateway-port G]
            build the app, start the local mock gateway, serve the app
            preconfigured for it (base URL and demo key via config.json)
            and print the URL. No API key needed. Ctrl-C stops.
  test      every check: rustfmt, clippy -D warnings (host and wasm32),
            host tests, wasm-bindgen-test in headless Chromium, and the
            end-to-end tests of the release build in Chromium.
  dist      release build into dist/ (what GitHub Pages or a portal hosts).
  bench [size|speed|gallery|import|load]
            release build, then against DESIGN.md's budgets: size per
            file (raw and gzip), and in headless Chromium against the
            mock: response to pixels (vs a plain JS page) and 4 parallel
            chat images (vs 1), a 1,000-image gallery, a 2,500-image
            import, the cold load under a phone profile. A name runs that
            one only (the size, and what each feature and crate costs in
            it, are always shown).
  setup     only check and install the tools.
  csp       name the build's wasm, glue and CSS by their content, then
            pin Trunk's inline loader in index.html's CSP (Trunk runs it
            after every build: see Trunk.toml).
  scripts   take the whole-line comments and indentation out of the
            service worker's scripts (Trunk runs it after a release build).
  icons     draw public/icons/*.png from public/icon.svg and
            public/icon-maskable.svg in headless Chromium (committed; run
            after changing an SVG).

Tools installed when missing: the wasm32 target (rustup), trunk and
wasm-bindgen-cli (cargo install), wasm-opt (npm binaryen), Chromium and
chromedriver (apt-get; `test` only).";

/// The workspace root: from `cargo run`'s `CARGO_MANIFEST_DIR` at run
/// time (a binary built in another checkout sharing the target directory
/// still works here), else where it was built.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// A command run from the workspace root with `$CARGO_HOME/bin` on PATH.
pub fn cmd(program: &str) -> Command {
    let mut paths = vec![tools::cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    let mut command = Command::new(program);
    command.current_dir(root());
    if let Ok(path) = std::env::join_paths(paths) {
        command.env("PATH", path);
    }
    command
}

/// Runs a command with the terminal attached; Err names it when it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        command
            .get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn cargo() -> Command {
    cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `trunk build --release` into dist/.
pub fn build_dist() -> Result<(), String> {
    run(cmd("trunk").args(["build", "--release"]))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    let result = match command {
        "serve" => serve(&args[1..]),
        "test" => test(),
        "dist" => setup(Need::Build).and_then(|()| build_dist()),
        "bench" => setup(Need::Test).and_then(|()| bench::run(args.get(1).map(String::as_str))),
        "csp" => csp::run(&args[1..]),
        "scripts" => scripts::run(),
        "icons" => icons::run(),
        "setup" => setup(Need::Test),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command “{other}”\n\n{HELP}")),
    };
    if let Err(message) = result {
        eprintln!("\nerror: {message}");
        std::process::exit(1);
    }
}

fn setup(need: Need) -> Result<(), String> {
    println!("Checking tools…");
    tools::ensure(need)
}

fn flag(args: &[String], name: &str, default: u16) -> Result<u16, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a port number")),
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    let port = flag(args, "--port", 8080)?;
    let gateway_port = flag(args, "--gateway-port", 8787)?;
    setup(Need::Build)?;
    build_dist()?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let gateway = bind(
            mock_gateway::gateway(mock_gateway::Options::default()),
            gateway_port,
        )
        .await?;
        let config = serde_json::json!({
            "baseUrl": format!("http://{gateway}/v1"),
            "demoKey": mock_gateway::DEMO_KEY,
        });
        let site = mock_gateway::site::site(root().join("dist"), Some(config.to_string()), "/");
        let site = bind(site, port).await?;
        println!(
            "\nSinh Ảnh is running:\n\n    http://{site}/\n\n\
             The page talks to the local mock gateway at http://{gateway}/v1 with its demo key.\n\
             Try a prompt; add FAKE_429, FAKE_BLOCK, FAKE_SLOW… to see failures \
             (cargo run -p mock-gateway -- --help lists them). Ctrl-C stops.\n"
        );
        tokio::signal::ctrl_c().await.map_err(|e| e.to_string())
    })
}

/// Binds on 127.0.0.1:`port`, or on a free port if that one is taken.
async fn bind(router: mock_gateway::Router, port: u16) -> Result<SocketAddr, String> {
    let wanted = SocketAddr::from(([127, 0, 0, 1], port));
    match mock_gateway::spawn(router.clone(), wanted).await {
        Ok((addr, _)) => Ok(addr),
        Err(e) => {
            println!("(port {port} is busy: {e}; using a free one)");
            let any = SocketAddr::from(([127, 0, 0, 1], 0));
            mock_gateway::spawn(router, any)
                .await
                .map(|(addr, _)| addr)
                .map_err(|e| e.to_string())
        }
    }
}

fn test() -> Result<(), String> {
    setup(Need::Test)?;
    let dist = root().join("dist");
    let wasm = tools::WASM_TARGET;
    let mut steps: Vec<(&str, Command)> = Vec::new();
    let mut step = |name, mut command: Command, args: &[&str]| {
        command.args(args);
        steps.push((name, command));
    };
    step("rustfmt", cargo(), &["fmt", "--all", "--", "--check"]);
    step(
        "clippy (host)",
        cargo(),
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    step(
        "clippy (wasm32)",
        cargo(),
        &[
            "clippy",
            "-p",
            "sinh-anh",
            "--all-targets",
            "--target",
            wasm,
            "--",
            "-D",
            "warnings",
        ],
    );
    step("release build", cmd("trunk"), &["build", "--release"]);
    let temp = TestTemp::new()?;
    let mut wasm_tests = cargo();
    wasm_tests.env("TMPDIR", &temp.0);
    step(
        "wasm tests (headless Chromium)",
        wasm_tests,
        &["test", "-p", "sinh-anh", "--target", wasm],
    );
    let mut host_tests = cargo();
    host_tests.env("TMPDIR", &temp.0);
    host_tests.env("SINH_ANH_DIST", &dist);
    if let Ok(axe) = tools::axe_dir() {
        host_tests.env("SINH_ANH_AXE", axe.join("axe.min.js"));
    }
    step(
        "host + end-to-end tests",
        host_tests,
        &["test", "--workspace"],
    );

    let mut done = Vec::new();
    for (name, mut command) in steps {
        println!("\n=== {name}");
        let started = Instant::now();
        let result = run(&mut command);
        done.push((name, started.elapsed().as_secs_f64(), result.is_ok()));
        if let Err(e) = result {
            summary(&done);
            return Err(format!("{name}: {e}"));
        }
    }
    summary(&done);
    Ok(())
}

/// `$TMPDIR` of the wasm and end-to-end tests (browser profiles, zips,
/// portal pages), removed when `test` ends, passed or not.
/// wasm-bindgen-test-runner ends chromedriver without ending its session,
/// and chromedriver's profile (88 MB) stayed in /tmp: four per run, until a
/// full disk made a CI run's linker fail.
struct TestTemp(PathBuf);

impl TestTemp {
    fn new() -> Result<TestTemp, String> {
        let dir = std::env::temp_dir().join(format!("sinh-anh-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TestTemp(dir))
    }
}

impl Drop for TestTemp {
    fn drop(&mut self) {
        // A Chromium still running from a profile in here (a test binary
        // that crashed) is ended first, or it would write on.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self.0.display().to_string())
            .status();
        if let Err(e) = std::fs::remove_dir_all(&self.0) {
            eprintln!("warning: cannot remove {}: {e}", self.0.display());
        }
    }
}

fn summary(done: &[(&str, f64, bool)]) {
    println!("\n=== summary");
    for (name, seconds, ok) in done {
        println!(
            "  {:<4} {name:<34} {seconds:>6.1} s",
            if *ok { "ok" } else { "FAIL" }
        );
    }
}
