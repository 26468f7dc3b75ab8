//! Where things are in the repository.

use std::path::{Path, PathBuf};

use crate::error::XtaskError;

/// The repository's root (the workspace holding `xtask/`).
///
/// Read at run time (`cargo run` sets `CARGO_MANIFEST_DIR`), not baked in at build time: one
/// target folder shared by two checkouts must not send one checkout's commands to the other.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Project-local tools installed from npm (wasm-opt).
pub fn tools_dir() -> PathBuf {
    root().join("xtask").join("tools")
}

/// The end-to-end suite.
pub fn e2e_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

/// The browser benchmark's scripts (`cargo xtask bench`).
pub fn browser_bench_dir() -> PathBuf {
    root().join("xtask").join("browser-bench")
}

/// Where `cargo xtask bench` installs SurveyJS from npm (git-ignored).
pub fn surveyjs_dir() -> PathBuf {
    root().join("bench")
}

/// The cargo target folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The exact wasm-bindgen version pinned in Cargo.lock; the CLI must match it.
pub fn pinned_wasm_bindgen() -> Result<String, XtaskError> {
    let path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path).map_err(|source| XtaskError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err(XtaskError::Missing(
        "Cargo.lock does not pin wasm-bindgen".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lock_file_holds_the_exact_wasm_bindgen_pinned_in_cargo_toml() {
        let manifest =
            std::fs::read_to_string(super::root().join("Cargo.toml")).unwrap_or_default();
        let pinned = super::pinned_wasm_bindgen().unwrap_or_default();
        assert!(pinned.starts_with("0.2."), "pinned: {pinned}");
        assert!(manifest.contains(&format!("wasm-bindgen = \"={pinned}\"")));
    }
}
