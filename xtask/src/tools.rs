//! The tools the build and tests need: each is checked, installed from a
//! package registry when missing or at the wrong version, and explained when
//! it cannot be installed from here. A second run installs nothing.

use crate::{cmd, root, run};
use std::path::PathBuf;

/// trunk, built from crates.io (its own downloads are switched off in Trunk.toml).
pub const TRUNK_VERSION: &str = "0.22.1";
/// wasm-opt, from npm's `binaryen` (Debian's 108 builds a wasm that fails at run time).
pub const BINARYEN_VERSION: &str = "132.0.0";
/// axe-core, from npm: the accessibility checks the end-to-end tests run in
/// the page (injected through WebDriver: the CSP refuses a script tag).
pub const AXE_VERSION: &str = "4.14.1";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Building the app: wasm target, trunk, wasm-bindgen, wasm-opt.
    Build,
    /// Also testing: Chromium and chromedriver.
    Test,
}

/// `$CARGO_HOME/bin`: where `cargo install` puts tools, added to PATH for
/// every command we run, in case the shell's PATH lacks it.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// The `version = ` of `name` in Cargo.lock.
pub fn locked_version(name: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{name} is not in Cargo.lock"))
}

/// The first line a tool prints for `--version`, or why it could not run.
fn version_of(program: &str) -> Result<String, String> {
    let out = cmd(program)
        .arg("--version")
        .output()
        .map_err(|_| format!("{program} is not installed"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    Ok(text.lines().next().unwrap_or_default().trim().to_string())
}

fn is_root() -> bool {
    cmd("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

struct Check {
    name: &'static str,
    /// Ok(what was found) or Err(what is wrong).
    check: Box<dyn Fn() -> Result<String, String>>,
    /// Installs it, or returns what a person must do.
    install: Box<dyn Fn() -> Result<(), String>>,
}

/// Checks every tool `need` asks for and installs what is missing. Returns
/// Err with instructions when something is missing that cannot be installed here.
pub fn ensure(need: Need) -> Result<(), String> {
    check_pins()?;
    let bindgen = locked_version("wasm-bindgen")?;
    let mut checks = vec![
        Check {
            name: "wasm32 target",
            check: Box::new(|| {
                let out = cmd("rustup")
                    .args(["target", "list", "--installed"])
                    .output()
                    .map_err(|_| "rustup is not installed".to_string())?;
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .any(|l| l.trim() == WASM_TARGET)
                    .then(|| WASM_TARGET.to_string())
                    .ok_or_else(|| format!("the {WASM_TARGET} target is not installed"))
            }),
            install: Box::new(|| {
                run(cmd("rustup").args(["target", "add", WASM_TARGET])).map_err(|e| {
                    format!("{e}\n  Install rustup (https://rustup.rs), then: rustup target add {WASM_TARGET}")
                })
            }),
        },
        Check {
            name: "trunk",
            check: Box::new(|| {
                let found = version_of("trunk")?;
                (found == format!("trunk {TRUNK_VERSION}"))
                    .then(|| found.clone())
                    .ok_or_else(|| format!("found “{found}”, need trunk {TRUNK_VERSION}"))
            }),
            install: Box::new(|| {
                println!(
                    "  (building trunk from crates.io takes about 15 minutes on 2 cores, once)"
                );
                run(cmd("cargo").args([
                    "install",
                    "--locked",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                    // 0.22 declares a newer rustc than it needs; it builds and works on 1.95.
                    "--ignore-rust-version",
                ]))
            }),
        },
        {
            let want = bindgen.clone();
            let want_install = bindgen.clone();
            Check {
                name: "wasm-bindgen-cli",
                check: Box::new(move || {
                    let found = version_of("wasm-bindgen")?;
                    let runner = version_of("wasm-bindgen-test-runner")?;
                    let expected = format!("wasm-bindgen {want}");
                    (found == expected && runner.ends_with(&want))
                        .then(|| found.clone())
                        .ok_or_else(|| {
                            format!("found “{found}”, need {expected} (the version in Cargo.lock)")
                        })
                }),
                install: Box::new(move || {
                    // Not --locked: its lockfile names a crate version the registry lacks.
                    run(cmd("cargo").args([
                        "install",
                        "wasm-bindgen-cli",
                        "--version",
                        &format!("={want_install}"),
                        "--force",
                    ]))
                }),
            }
        },
        Check {
            name: "wasm-opt",
            check: Box::new(|| {
                let found = version_of("wasm-opt")?;
                let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
                found
                    .contains(&format!("version {major} "))
                    .then(|| found.clone())
                    .ok_or_else(|| format!("found “{found}”, need binaryen version {major}"))
            }),
            install: Box::new(|| {
                run(cmd("npm").args(["install", "--global", &format!("binaryen@{BINARYEN_VERSION}")]))
                    .map_err(|e| format!("{e}\n  Install Node.js and npm, then: npm install --global binaryen@{BINARYEN_VERSION}"))
            }),
        },
    ];
    if need == Need::Test {
        checks.push(Check {
            name: "axe-core",
            check: Box::new(|| {
                let package = axe_dir()?.join("package.json");
                let text = std::fs::read_to_string(&package)
                    .map_err(|_| format!("axe-core is not installed ({})", package.display()))?;
                text.contains(&format!("\"version\": \"{AXE_VERSION}\""))
                    .then(|| format!("axe-core {AXE_VERSION}"))
                    .ok_or_else(|| format!("need axe-core {AXE_VERSION}"))
            }),
            install: Box::new(|| {
                run(cmd("npm").args(["install", "--global", &format!("axe-core@{AXE_VERSION}")]))
                    .map_err(|e| format!("{e}\n  Install Node.js and npm, then: npm install --global axe-core@{AXE_VERSION}"))
            }),
        });
        checks.push(Check {
            name: "chromium + chromedriver",
            check: Box::new(|| {
                let browser = version_of(&chrome_bin())?;
                let driver = version_of(&chromedriver_bin())?;
                let major = |s: &str| {
                    s.split_whitespace()
                        .find_map(|w| w.split('.').next().and_then(|m| m.parse::<u32>().ok()))
                };
                (major(&browser).is_some() && major(&browser) == major(&driver))
                    .then(|| format!("{browser}; {driver}"))
                    .ok_or_else(|| {
                        format!("chromium “{browser}” and chromedriver “{driver}” differ")
                    })
            }),
            install: Box::new(|| {
                let manual = "Install Chromium and its driver, e.g. on Debian/Ubuntu: \
                              sudo apt-get install chromium chromium-driver \
                              (or set CHROME_BIN and CHROMEDRIVER to a matching pair)";
                if !is_root() || cmd("apt-get").arg("--version").output().is_err() {
                    return Err(manual.into());
                }
                run(cmd("apt-get").args(["update", "-qq"]))?;
                run(cmd("apt-get")
                    .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
                    .env("DEBIAN_FRONTEND", "noninteractive"))
                .map_err(|e| format!("{e}\n  {manual}"))
            }),
        });
    }

    for check in &checks {
        match (check.check)() {
            Ok(found) => println!("  ok       {:<24} {found}", check.name),
            Err(problem) => {
                println!("  install  {:<24} {problem}", check.name);
                (check.install)()
                    .map_err(|e| format!("{} could not be installed: {e}", check.name))?;
                let found = (check.check)()
                    .map_err(|e| format!("{} still not right after installing: {e}", check.name))?;
                println!("  ok       {:<24} {found}", check.name);
            }
        }
    }
    Ok(())
}

/// Trunk.toml's `[tools]` pins must match Cargo.lock and ours, or trunk
/// (offline) would stop with a less helpful message.
fn check_pins() -> Result<(), String> {
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    let pinned = |key: &str| {
        trunk_toml.lines().find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
    };
    let bindgen = locked_version("wasm-bindgen")?;
    if pinned("wasm_bindgen").as_deref() != Some(bindgen.as_str()) {
        return Err(format!(
            "Trunk.toml pins wasm_bindgen = {:?} but Cargo.lock has wasm-bindgen {bindgen}: make them equal",
            pinned("wasm_bindgen")
        ));
    }
    let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if pinned("wasm_opt").as_deref() != Some(format!("version_{major}").as_str()) {
        return Err(format!(
            "Trunk.toml must pin wasm_opt = \"version_{major}\""
        ));
    }
    Ok(())
}

pub fn chrome_bin() -> String {
    std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

pub fn chromedriver_bin() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}

/// Where npm keeps axe-core (the end-to-end tests read `axe.min.js` there).
pub fn axe_dir() -> Result<PathBuf, String> {
    let out = cmd("npm")
        .args(["root", "--global"])
        .output()
        .map_err(|_| "npm is not installed".to_string())?;
    let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(PathBuf::from(root).join("axe-core"))
}
