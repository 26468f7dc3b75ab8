//! Building the app (trunk) and the server (cargo).

use std::path::PathBuf;

use crate::error::XtaskError;
use crate::process;
use crate::project;
use crate::toolchain::Tools;

/// A cargo build profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

/// Builds the app in release into `dist/`, optimised by the project's wasm-opt.
pub fn build_release(tools: &Tools) -> Result<(), XtaskError> {
    println!("→ building the app in release with trunk (a few minutes)");
    process::run(
        process::command(&tools.trunk)
            .args(["build", "--release"])
            .current_dir(project::root()),
        "trunk build --release",
    )
}

/// The app's release build folder.
pub fn dist_dir() -> PathBuf {
    project::root().join("dist")
}

/// Builds the `pq` binary and returns its path.
pub fn build_server(profile: Profile) -> Result<PathBuf, XtaskError> {
    let mut cargo = process::cargo();
    cargo.args(["build", "--package", "pq_server", "--bin", "pq"]);
    let folder = match profile {
        Profile::Debug => "debug",
        Profile::Release => {
            cargo.arg("--release");
            "release"
        }
    };
    println!("→ building pq ({folder})");
    process::run(&mut cargo, "cargo build pq")?;
    Ok(project::target_dir().join(folder).join("pq"))
}
