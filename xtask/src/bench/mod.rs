//! `cargo xtask bench`: measurements of the product. `--check` enforces the size budget.

use std::path::{Path, PathBuf};

use crate::app_build;
use crate::error::XtaskError;
use crate::process;
use crate::project;
use crate::toolchain::{self, Needs};

pub mod server_load;
pub mod table;

pub fn run(check: bool) -> Result<(), XtaskError> {
    let dist = app_build::dist_dir();
    if !check || !dist.join("index.html").is_file() {
        let tools = toolchain::ensure(Needs::Build)?;
        app_build::build_release(&tools)?;
    }
    let shell = ShellSize::measure(&dist)?;
    println!(
        "{:<28} {:>12} {:>12}",
        "app shell (wasm + js + css)", "raw bytes", "gzip -9"
    );
    for file in &shell.files {
        println!("  {:<26} {:>12} {:>12}", file.name, file.raw, file.gzip);
    }
    println!("  {:<26} {:>12} {:>12}", "total", shell.raw(), shell.gzip());
    let mut rows = vec![
        table::Row::new(
            "size",
            "app shell, gzip -9",
            format!("{:.1} KB", kb(shell.gzip())),
        )
        .target("≤ 200 KB"),
    ];
    if !check {
        let pq = app_build::build_server(app_build::Profile::Release)?;
        println!("→ the collector under load (SQLite, then PostgreSQL)");
        rows.extend(server_load::rows(&pq)?);
    }
    println!("\n{}", table::markdown(&rows));
    let budget = budget()?;
    let verdict = format!(
        "app shell: {:.1} KB gzip, budget {:.1} KB",
        kb(shell.gzip()),
        kb(budget)
    );
    if shell.gzip() > budget {
        return Err(XtaskError::Check(format!(
            "{verdict}: over budget (xtask/size-budget.toml)"
        )));
    }
    println!("{verdict}: within budget");
    Ok(())
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

struct FileSize {
    name: String,
    raw: u64,
    gzip: u64,
}

struct ShellSize {
    files: Vec<FileSize>,
}

impl ShellSize {
    /// Every wasm, js and css file index.html names: what a browser downloads to start the
    /// app (the service worker and icons come later and are not counted).
    fn measure(dist: &Path) -> Result<Self, XtaskError> {
        let read_error = |source| XtaskError::Read {
            path: dist.display().to_string(),
            source,
        };
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|source| XtaskError::Read {
            path: index.display().to_string(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = shell_files(&html)
            .into_iter()
            .map(|name| dist.join(name))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(XtaskError::Missing(format!(
                "no app build in {}",
                dist.display()
            )));
        }
        let mut files = Vec::new();
        for path in paths {
            let raw = std::fs::metadata(&path).map_err(read_error)?.len();
            let gzip = gzip_size(&path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(FileSize { name, raw, gzip });
        }
        Ok(ShellSize { files })
    }

    fn raw(&self) -> u64 {
        self.files.iter().map(|f| f.raw).sum()
    }

    fn gzip(&self) -> u64 {
        self.files.iter().map(|f| f.gzip).sum()
    }
}

/// The wasm, js and css files an index.html names in `href="…"` or `src="…"` attributes.
fn shell_files(html: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let Some(end) = rest.find('"') else {
                continue;
            };
            let name = rest[..end].trim_start_matches('/');
            let shell = [".wasm", ".js", ".css"]
                .iter()
                .any(|ext| name.ends_with(ext));
            if shell && !name.contains("://") && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

fn gzip_size(path: &Path) -> Result<u64, XtaskError> {
    let output = process::command("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|source| XtaskError::Spawn {
            program: "gzip".into(),
            source,
        })?;
    Ok(output.stdout.len() as u64)
}

fn budget() -> Result<u64, XtaskError> {
    let path = project::root().join("xtask").join("size-budget.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| XtaskError::Read {
        path: path.display().to_string(),
        source,
    })?;
    text.lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "shell_gzip_max_bytes")
        .and_then(|(_, value)| value.trim().parse().ok())
        .ok_or_else(|| {
            XtaskError::Check(format!(
                "{}: shell_gzip_max_bytes is missing",
                path.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shell_is_what_index_html_names() {
        let html = r#"<link rel="modulepreload" href="/pq_app-1a2b.js" crossorigin>
            <link rel="preload" href="/pq_app-1a2b_bg.wasm" as="fetch">
            <link rel="stylesheet" href="/main-3c4d.css">
            <link rel="manifest" href="/manifest.webmanifest">
            <script type="module">import init from '/pq_app-1a2b.js';</script>
            <script>navigator.serviceWorker.register('/sw.js')</script>"#;
        assert_eq!(
            super::shell_files(html),
            vec!["pq_app-1a2b.js", "pq_app-1a2b_bg.wasm", "main-3c4d.css"]
        );
    }
}
