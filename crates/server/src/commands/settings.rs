//! `pq settings deflators [FILE.csv]`: load (or show) the deflator table.

use std::process::ExitCode;

use crate::ServerError;
use crate::cli::{DeflatorsOptions, SettingsCommand};
use crate::clock::now_rfc3339;
use crate::commands::block_on;
use crate::deflators::parse;
use crate::storage::Database;

pub fn run(command: SettingsCommand) -> Result<ExitCode, ServerError> {
    match command {
        SettingsCommand::Deflators(options) => block_on(run_deflators(options)),
    }
}

async fn run_deflators(options: DeflatorsOptions) -> Result<ExitCode, ServerError> {
    let Some(file) = options.file else {
        let database = Database::open(&options.database.location).await?;
        match database.deflators().await? {
            None => {
                println!("no deflator table is loaded: T1 and T2 are at current prices (nominal)")
            }
            Some(stored) => {
                let table = &stored.table;
                println!(
                    "deflator table loaded {}: base year {}, {} row(s)\nsource: {}",
                    stored.loaded_at,
                    table.base_year,
                    table.rows.len(),
                    table.source
                );
                for row in &table.rows {
                    let capital = row.capital.map(|c| c.to_string()).unwrap_or_default();
                    println!("{},{},{},{capital}", row.year, row.section, row.value_added);
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    let path = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|source| ServerError::ReadFile {
        path: path.clone(),
        source,
    })?;
    // Read the whole file first: a file with any problem loads nothing.
    let table = parse(&text).map_err(|source| ServerError::Deflators {
        path: path.clone(),
        source,
    })?;
    let database = Database::open(&options.database.location).await?;
    database.replace_deflators(&table, &now_rfc3339()?).await?;
    let years: Vec<i32> = table.rows.iter().map(|r| r.year).collect();
    let (first, last) = (
        years.iter().min().copied().unwrap_or_default(),
        years.iter().max().copied().unwrap_or_default(),
    );
    println!(
        "loaded the deflator table from {path}: {} row(s), years {first}–{last}, base year {}; \
         T1 and T2 are now at constant {} prices\nsource: {}",
        table.rows.len(),
        table.base_year,
        table.base_year,
        table.source
    );
    Ok(ExitCode::SUCCESS)
}
