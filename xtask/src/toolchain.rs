//! Installs, idempotently, every tool the project needs, printing one line per step.

use std::path::{Path, PathBuf};

use crate::error::XtaskError;
use crate::process::{self, first_line, which};
use crate::{postgres, project};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What a command needs installed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Building the app: wasm target, trunk, wasm-bindgen, wasm-opt.
    Build,
    /// Building plus the browser, the end-to-end suite's npm packages and PostgreSQL.
    Test,
    /// Building plus the browser, brotli, the browser benchmark's npm packages and SurveyJS
    /// (the comparison), for `cargo xtask bench`.
    Bench,
}

/// Paths of the installed tools.
#[derive(Debug, Clone)]
pub struct Tools {
    pub trunk: PathBuf,
}

/// Makes sure every tool is there; installs what is missing.
pub fn ensure(needs: Needs) -> Result<Tools, XtaskError> {
    let mut installed = 0;
    let mut step = |done: Result<bool, XtaskError>| -> Result<(), XtaskError> {
        installed += usize::from(done?);
        Ok(())
    };
    step(wasm_target())?;
    step(trunk())?;
    step(wasm_bindgen_cli(&project::pinned_wasm_bindgen()?))?;
    step(wasm_opt())?;
    if needs == Needs::Test {
        step(chromium())?;
        step(postgresql())?;
        step(e2e_packages())?;
    }
    if needs == Needs::Bench {
        step(chromium())?;
        step(brotli())?;
        step(bench_packages())?;
        step(surveyjs())?;
    }
    if installed == 0 {
        println!("✓ toolchain complete: nothing to install");
    } else {
        println!("✓ toolchain complete: installed {installed} missing tool(s)");
    }
    let trunk = which("trunk").ok_or_else(|| XtaskError::Missing("trunk vanished".into()))?;
    Ok(Tools { trunk })
}

/// `Ok(false)`: already there; `Ok(true)`: installed now.
fn wasm_target() -> Result<bool, XtaskError> {
    let listed = process::command("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == WASM_TARGET)
        })
        .unwrap_or(false);
    if listed {
        println!("✓ Rust target {WASM_TARGET}: present");
        return Ok(false);
    }
    println!("↓ Rust target {WASM_TARGET}: installing with rustup");
    process::run(
        process::command("rustup").args(["target", "add", WASM_TARGET]),
        "rustup",
    )?;
    Ok(true)
}

fn version_of(program: &str) -> Option<String> {
    which(program).and_then(|path| first_line(&path, &["--version"]))
}

fn trunk() -> Result<bool, XtaskError> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if version_of("trunk").as_deref() == Some(wanted.as_str()) {
        println!("✓ {wanted}: present");
        return Ok(false);
    }
    println!("↓ {wanted}: installing with cargo install (about 12 minutes on 2 cores)");
    process::run(
        process::cargo().args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]),
        "cargo install trunk",
    )?;
    Ok(true)
}

fn wasm_bindgen_cli(version: &str) -> Result<bool, XtaskError> {
    let wanted = format!("wasm-bindgen {version}");
    let runner_there = which("wasm-bindgen-test-runner").is_some();
    if runner_there && version_of("wasm-bindgen").as_deref() == Some(wanted.as_str()) {
        println!("✓ wasm-bindgen-cli {version} (pinned in Cargo.lock): present");
        return Ok(false);
    }
    println!("↓ wasm-bindgen-cli {version} (pinned in Cargo.lock): installing with cargo install");
    // Not --locked: the CLI's lock file names a crate version the registry no longer has.
    process::run(
        process::cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--force",
            "--version",
            version,
        ]),
        "cargo install wasm-bindgen-cli",
    )?;
    Ok(true)
}

fn wasm_opt() -> Result<bool, XtaskError> {
    let local = project::tools_dir()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt");
    let good = first_line(&local, &["--version"])
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION} ")));
    if good {
        println!("✓ wasm-opt {BINARYEN_VERSION} (npm binaryen, xtask/tools): present");
        return Ok(false);
    }
    println!("↓ wasm-opt {BINARYEN_VERSION}: installing npm binaryen into xtask/tools");
    npm_ci(&project::tools_dir())?;
    Ok(true)
}

fn chromium() -> Result<bool, XtaskError> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        println!("✓ Chromium and ChromeDriver (Debian packages): present");
        return Ok(false);
    }
    if !is_root() {
        return Err(XtaskError::Missing(
            "the browser tests need Debian's packages chromium and chromium-driver: \
             run `sudo apt-get install -y chromium chromium-driver`, then try again"
                .into(),
        ));
    }
    println!("↓ Chromium and ChromeDriver: installing Debian packages with apt-get");
    process::run(process::command("apt-get").arg("update"), "apt-get update")?;
    process::run(
        process::command("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install chromium chromium-driver",
    )?;
    Ok(true)
}

fn postgresql() -> Result<bool, XtaskError> {
    if postgres::bin_dir().is_some() {
        println!("✓ PostgreSQL (Debian package postgresql, for the server tests): present");
        return Ok(false);
    }
    if !is_root() {
        return Err(XtaskError::Missing(
            "the server tests need Debian's package postgresql: run \
             `sudo apt-get install -y postgresql`, then try again"
                .into(),
        ));
    }
    println!("↓ PostgreSQL: installing the Debian package postgresql with apt-get");
    process::run(process::command("apt-get").arg("update"), "apt-get update")?;
    process::run(
        process::command("apt-get")
            .args(["install", "-y", "--no-install-recommends", "postgresql"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install postgresql",
    )?;
    Ok(true)
}

fn brotli() -> Result<bool, XtaskError> {
    if which("brotli").is_some() {
        println!("✓ brotli (Debian package, for the size table): present");
        return Ok(false);
    }
    if !is_root() {
        return Err(XtaskError::Missing(
            "the size table needs Debian's package brotli: run \
             `sudo apt-get install -y brotli`, then try again"
                .into(),
        ));
    }
    println!("↓ brotli: installing the Debian package with apt-get");
    process::run(process::command("apt-get").arg("update"), "apt-get update")?;
    process::run(
        process::command("apt-get")
            .args(["install", "-y", "--no-install-recommends", "brotli"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install brotli",
    )?;
    Ok(true)
}

fn bench_packages() -> Result<bool, XtaskError> {
    let dir = project::browser_bench_dir();
    if installed_matches_lock(&dir) {
        println!("✓ browser benchmark packages (xtask/browser-bench/node_modules): present");
        return Ok(false);
    }
    println!(
        "↓ browser benchmark packages: npm ci in xtask/browser-bench (playwright-core; no browser download)"
    );
    npm_ci(&dir)?;
    Ok(true)
}

/// SurveyJS, the comparison: `survey-core` and `survey-js-ui` at these exact versions.
pub const SURVEYJS_VERSION: &str = "2.5.38";
const SURVEYJS_PACKAGES: [&str; 2] = ["survey-core", "survey-js-ui"];

/// Installs SurveyJS from npm into the ignored `bench/` folder, unless those exact versions
/// are there.
fn surveyjs() -> Result<bool, XtaskError> {
    let dir = project::surveyjs_dir();
    let modules = dir.join("node_modules");
    let present = SURVEYJS_PACKAGES.iter().all(|name| {
        std::fs::read_to_string(modules.join(name).join("package.json"))
            .is_ok_and(|text| text.contains(&format!("\"version\": \"{SURVEYJS_VERSION}\"")))
    });
    if present {
        println!("✓ SurveyJS {SURVEYJS_VERSION} (npm, bench/node_modules): present");
        return Ok(false);
    }
    println!(
        "↓ SurveyJS {SURVEYJS_VERSION}: installing survey-core and survey-js-ui from npm into bench/"
    );
    std::fs::create_dir_all(&dir).map_err(|source| XtaskError::Read {
        path: dir.display().to_string(),
        source,
    })?;
    let manifest = dir.join("package.json");
    let dependencies: Vec<String> = SURVEYJS_PACKAGES
        .iter()
        .map(|name| format!("\"{name}\": \"{SURVEYJS_VERSION}\""))
        .collect();
    let text = format!(
        "{{\n  \"name\": \"pq-bench-surveyjs\",\n  \"private\": true,\n  \"dependencies\": {{ {} }}\n}}\n",
        dependencies.join(", ")
    );
    std::fs::write(&manifest, text).map_err(|source| XtaskError::Read {
        path: manifest.display().to_string(),
        source,
    })?;
    process::run(
        process::command("npm")
            .args(["install", "--no-audit", "--no-fund", "--save-exact"])
            .current_dir(&dir),
        "npm install SurveyJS",
    )?;
    Ok(true)
}

fn e2e_packages() -> Result<bool, XtaskError> {
    let dir = project::e2e_dir();
    if installed_matches_lock(&dir) {
        println!("✓ end-to-end packages (tests/e2e/node_modules): present");
        return Ok(false);
    }
    println!(
        "↓ end-to-end packages: npm ci in tests/e2e (playwright-core, axe-core; no browser download)"
    );
    npm_ci(&dir)?;
    Ok(true)
}

/// Whether `node_modules` was installed from the current lock file: npm writes its own copy,
/// `node_modules/.package-lock.json`, at install; a lock file changed since is newer.
fn installed_matches_lock(dir: &Path) -> bool {
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (
        modified(dir.join("node_modules").join(".package-lock.json")),
        modified(dir.join("package-lock.json")),
    ) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    }
}

fn npm_ci(dir: &Path) -> Result<(), XtaskError> {
    process::run(
        process::command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(dir),
        "npm ci",
    )
}

pub(crate) fn is_root() -> bool {
    process::command("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
