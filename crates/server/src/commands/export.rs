//! `pq export --form ID --format csv|xlsx|json [--out FILE]`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::ServerError;
use crate::cli::ExportOptions;
use crate::commands::block_on;
use crate::export::{Export, export, file_part};
use crate::storage::Database;

pub fn run(options: &ExportOptions) -> Result<ExitCode, ServerError> {
    let done = block_on(async {
        let database = Database::open(&options.database.location).await?;
        export(&database, &options.form, options.format, &options.locale).await
    })?;
    write(options, &done)?;
    Ok(ExitCode::SUCCESS)
}

fn write(options: &ExportOptions, done: &Export) -> Result<(), ServerError> {
    let Some((main, groups)) = done.files.split_first() else {
        return Ok(());
    };
    if options.out.as_deref() == Some(Path::new("-")) {
        let mut out = std::io::stdout().lock();
        out.write_all(&main.bytes)
            .and_then(|()| out.flush())
            .map_err(ServerError::WriteOutput)?;
        if !groups.is_empty() {
            eprintln!(
                "{} table(s) of repeating groups not written: give --out FILE to write them \
                 beside it",
                groups.len()
            );
        }
        return Ok(());
    }
    let main_path = options
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(&main.name));
    save(&main_path, &main.bytes)?;
    eprintln!(
        "wrote {} ({} submission(s))",
        main_path.display(),
        done.submissions
    );
    let stem = main_path.file_stem().map_or_else(
        || file_part(&options.form),
        |s| s.to_string_lossy().into_owned(),
    );
    for file in groups {
        let group = file.group.as_deref().unwrap_or("group");
        let path = main_path.with_file_name(format!("{stem}.{}.csv", file_part(group)));
        save(&path, &file.bytes)?;
        eprintln!("wrote {} (repeating group '{group}')", path.display());
    }
    Ok(())
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), ServerError> {
    std::fs::write(path, bytes).map_err(|source| ServerError::WriteFile {
        path: path.display().to_string(),
        source,
    })
}
