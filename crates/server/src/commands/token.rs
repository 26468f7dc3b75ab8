//! `pq token create | revoke | list`.

use std::process::ExitCode;

use pq_core::sync::Invitation;

use crate::ServerError;
use crate::cli::{DatabaseOnly, TokenCommand, TokenCreateOptions, TokenRevokeOptions};
use crate::commands::block_on;
use crate::storage::Database;
use crate::tokens::{self, TokenRequest};

pub fn run(command: TokenCommand) -> Result<ExitCode, ServerError> {
    match command {
        TokenCommand::Create(options) => block_on(create(options)),
        TokenCommand::Revoke(options) => block_on(revoke(options)),
        TokenCommand::List(options) => block_on(list(options)),
    }
}

/// Prints the token (and the invitation link) on standard output, what it is on standard
/// error.
async fn create(options: TokenCreateOptions) -> Result<ExitCode, ServerError> {
    let database = Database::open(&options.database.location).await?;
    let (token, record) = tokens::create(
        &database,
        TokenRequest {
            role: options.role,
            tax_code: options.enterprise,
            name: options.name,
            form_id: options.form,
        },
    )
    .await?;
    super::print_line(format_args!("{token}"))?;
    if options.link {
        let server = options.base_url.trim_end_matches('/').to_owned();
        let invitation = Invitation {
            server,
            token,
            form_id: record.form_id.clone(),
            tax_code: record.tax_code.clone(),
        };
        super::print_line(format_args!("{}", invitation.to_url(&options.base_url)))?;
    }
    eprintln!(
        "created {} token {}{}{} — it is shown only this once: keep it safe",
        record.role,
        record.id,
        record
            .tax_code
            .as_ref()
            .map(|t| format!(" for tax code {t}"))
            .unwrap_or_default(),
        record
            .name
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
    );
    Ok(ExitCode::SUCCESS)
}

async fn revoke(options: TokenRevokeOptions) -> Result<ExitCode, ServerError> {
    let database = Database::open(&options.database.location).await?;
    let record = tokens::revoke(&database, &options.token).await?;
    match record.revoked_at {
        Some(at) => super::print_line(format_args!(
            "token {} was already revoked on {at}",
            record.id
        ))?,
        None => super::print_line(format_args!("revoked token {}", record.id))?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(options: DatabaseOnly) -> Result<ExitCode, ServerError> {
    let database = Database::open(&options.database.location).await?;
    let all = database.tokens().await?;
    if all.is_empty() {
        eprintln!("no token yet: create one with `pq token create --role …`");
    }
    for token in all {
        super::print_line(format_args!(
            "{}\t{}\t{}\t{}\tcreated {}{}",
            token.id,
            token.role,
            token.tax_code.as_deref().unwrap_or("-"),
            token.name.as_deref().unwrap_or("-"),
            token.created_at,
            token
                .revoked_at
                .map(|at| format!("\trevoked {at}"))
                .unwrap_or_default()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
