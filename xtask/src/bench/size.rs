//! What a browser downloads to start: PQ Survey's app shell (the wasm, js and css files
//! index.html names) and SurveyJS's (survey-core + survey-js-ui + its CSS), raw, gzip -9 and
//! brotli -q 11.

use std::path::{Path, PathBuf};

use super::table::Row;
use crate::error::XtaskError;
use crate::process::{self, which};

/// SurveyJS's files a page loads: the library, its UI for plain JavaScript, and its style.
pub const SURVEYJS_FILES: [&str; 3] = [
    "survey-core/survey.core.min.js",
    "survey-js-ui/survey-js-ui.min.js",
    "survey-core/survey-core.min.css",
];

pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    /// `None` when no `brotli` program is installed.
    pub brotli: Option<u64>,
}

/// A set of files and their sizes.
pub struct Shell {
    pub files: Vec<FileSize>,
}

impl Shell {
    /// Every wasm, js and css file index.html names: what a browser downloads to start the
    /// app (the service worker and icons come later and are not counted). Brotli sizes only
    /// when `brotli` is asked for and installed (it takes seconds: not in `--check`).
    pub fn of_app(dist: &Path, brotli: bool) -> Result<Self, XtaskError> {
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
        Self::of(&paths, brotli && which("brotli").is_some())
    }

    /// SurveyJS's files, from the npm packages in `modules`.
    pub fn of_surveyjs(modules: &Path) -> Result<Self, XtaskError> {
        let paths: Vec<PathBuf> = SURVEYJS_FILES.iter().map(|f| modules.join(f)).collect();
        Self::of(&paths, true)
    }

    fn of(paths: &[PathBuf], brotli: bool) -> Result<Self, XtaskError> {
        let mut files = Vec::new();
        for path in paths {
            let raw = std::fs::metadata(path)
                .map_err(|source| XtaskError::Read {
                    path: path.display().to_string(),
                    source,
                })?
                .len();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(FileSize {
                name,
                raw,
                gzip: compressed_size("gzip", &["-9", "-c"], path)?,
                brotli: if brotli {
                    Some(compressed_size("brotli", &["-q", "11", "-c"], path)?)
                } else {
                    None
                },
            });
        }
        Ok(Shell { files })
    }

    pub fn raw(&self) -> u64 {
        self.files.iter().map(|f| f.raw).sum()
    }

    pub fn gzip(&self) -> u64 {
        self.files.iter().map(|f| f.gzip).sum()
    }

    pub fn brotli(&self) -> Option<u64> {
        self.files.iter().map(|f| f.brotli).sum()
    }

    /// The per-file listing printed before the table.
    pub fn print(&self, title: &str) {
        println!(
            "{title:<40} {:>12} {:>12} {:>12}",
            "raw bytes", "gzip -9", "brotli"
        );
        let brotli = |b: Option<u64>| b.map_or_else(|| "–".to_owned(), |b| b.to_string());
        for file in &self.files {
            println!(
                "  {:<38} {:>12} {:>12} {:>12}",
                file.name,
                file.raw,
                file.gzip,
                brotli(file.brotli)
            );
        }
        println!(
            "  {:<38} {:>12} {:>12} {:>12}",
            "total",
            self.raw(),
            self.gzip(),
            brotli(self.brotli())
        );
    }
}

pub fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

fn kb_text(bytes: u64) -> String {
    format!("{:.1} KB", kb(bytes))
}

/// The size rows: PQ Survey's shell, beside SurveyJS's when it was measured.
pub fn rows(app: &Shell, surveyjs: Option<&Shell>) -> Vec<Row> {
    let row = |measure: &str, pq: u64, theirs: Option<u64>| {
        let row = Row::new("size", measure, kb_text(pq));
        match theirs {
            Some(theirs) if theirs > 0 => row.versus(kb_text(theirs), pq as f64 / theirs as f64),
            _ => row,
        }
    };
    let mut rows = vec![
        row(
            "app shell (wasm + js + css), raw",
            app.raw(),
            surveyjs.map(Shell::raw),
        ),
        row("app shell, gzip -9", app.gzip(), surveyjs.map(Shell::gzip)).target("≤ 200 KB"),
    ];
    if let Some(brotli) = app.brotli() {
        rows.push(row(
            "app shell, brotli -q 11",
            brotli,
            surveyjs.and_then(Shell::brotli),
        ));
    }
    rows
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

/// The size of `program args… path`'s output (a compressor writing to stdout).
fn compressed_size(program: &str, args: &[&str], path: &Path) -> Result<u64, XtaskError> {
    let output = process::command(program)
        .args(args)
        .arg(path)
        .output()
        .map_err(|source| XtaskError::Spawn {
            program: program.into(),
            source,
        })?;
    if !output.status.success() {
        return Err(XtaskError::Failed {
            step: format!("{program} {}", path.display()),
            status: output.status.to_string(),
        });
    }
    Ok(output.stdout.len() as u64)
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
