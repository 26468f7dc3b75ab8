//! `pq forms`, `pq token` and `pq export`, run as a person runs them, on SQLite and on
//! PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use pq_core::sync::{Invitation, Role};
use serde_json::{Value, json};
use support::{
    Backend, TAX_CODE, TestDatabase, TestServer, answers, enterprise_form, submission, uuid,
};

on_both_backends!(
    publish_refuses_what_check_rejects,
    publish_prints_what_it_published_and_never_changes_a_version,
    token_create_prints_the_token_once_and_stores_its_hash,
    token_links_open_the_app_with_server_token_form_and_tax_code,
    token_revoke_and_list,
    export_writes_csv_with_bom_xlsx_and_json,
    settings_deflators_loads_whole_or_not_at_all,
);

fn pq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pq"))
        .args(args)
        .env_remove("PQ_DATABASE")
        .env_remove("PQ_BASE_URL")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

async fn publish_refuses_what_check_rejects(backend: Backend) {
    let Some(database) = TestDatabase::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut broken = enterprise_form(1);
    broken["pages"][0]["elements"][2]["visibleIf"] = json!("{tax_cod} notempty");
    let broken = write(dir.path(), "broken.json", &broken);
    let output = pq(&[
        "forms",
        "publish",
        &broken,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let printed = stderr(&output);
    assert!(
        printed.contains(&format!(
            "{broken}: pages[0].elements[2].visibleIf: unknown question 'tax_cod' — did you mean 'tax_code'?"
        )),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "pq: {broken}: not published: 1 error(s), as `pq check` reports"
        )),
        "{printed}"
    );
    let mut anonymous = enterprise_form(1);
    anonymous.as_object_mut().unwrap().remove("id");
    let anonymous = write(dir.path(), "anonymous.json", &anonymous);
    let output = pq(&[
        "forms",
        "publish",
        &anonymous,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the form has no \"id\""),
        "{}",
        stderr(&output)
    );
    let unversioned = write(dir.path(), "v.json", &json!({"id": "x", "elements": []}));
    let output = pq(&[
        "forms",
        "publish",
        &unversioned,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no \"version\""),
        "{}",
        stderr(&output)
    );
    let opened = database.open().await;
    assert!(opened.latest_forms().await.unwrap().is_empty());
}

async fn publish_prints_what_it_published_and_never_changes_a_version(backend: Backend) {
    let Some(database) = TestDatabase::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let form = write(dir.path(), "enterprise.json", &enterprise_form(1));
    let output = pq(&["forms", "publish", &form, "--database", &database.location]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.starts_with("published form 'enterprise' version 1: 7 question(s), ETag \""),
        "{printed}"
    );
    let again = pq(&["forms", "publish", &form, "--database", &database.location]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("already published with this definition"));
    let mut changed = enterprise_form(1);
    changed["title"] = json!("Khảo sát mới");
    let changed = write(dir.path(), "changed.json", &changed);
    let refused = pq(&[
        "forms",
        "publish",
        &changed,
        "--database",
        &database.location,
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("a published version never changes: raise \"version\""),
        "{}",
        stderr(&refused)
    );
    let second = write(dir.path(), "v2.json", &enterprise_form(2));
    let output = pq(&[
        "forms",
        "publish",
        &second,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let list = pq(&["forms", "list", "--database", &database.location]);
    let listed = stdout(&list);
    assert!(
        listed.starts_with("enterprise\tnewest version 2 (published "),
        "{listed}"
    );
    assert!(listed.trim_end().ends_with("versions: 1, 2"), "{listed}");
}

async fn token_create_prints_the_token_once_and_stores_its_hash(backend: Backend) {
    let Some(database) = TestDatabase::new(backend).await else {
        return;
    };
    let output = pq(&[
        "token",
        "create",
        "--role",
        "surveyor",
        "--name",
        "Nguyễn Văn An",
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "{printed}");
    let token = lines[0];
    assert!(token.starts_with("pq_") && token.len() == 51, "{token}");
    let note = stderr(&output);
    assert!(note.contains("shown only this once"), "{note}");
    assert!(!note.contains(token), "{note}");
    let opened = database.open().await;
    let stored = opened.tokens().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].hash,
        pq_server::tokens::sha256_hex(token.as_bytes())
    );
    assert_eq!(stored[0].role, "surveyor");
    assert_eq!(stored[0].name.as_deref(), Some("Nguyễn Văn An"));
    let list = stdout(&pq(&["token", "list", "--database", &database.location]));
    assert!(list.starts_with(&stored[0].id), "{list}");
    assert!(!list.contains(token));

    let no_tax_code = pq(&[
        "token",
        "create",
        "--role",
        "enterprise",
        "--database",
        &database.location,
    ]);
    assert_eq!(no_tax_code.status.code(), Some(2));
    assert!(stderr(&no_tax_code).contains("an enterprise token needs --enterprise TAXCODE"));
    let misplaced = pq(&[
        "token",
        "create",
        "--role",
        "admin",
        "--enterprise",
        TAX_CODE,
        "--database",
        &database.location,
    ]);
    assert_eq!(misplaced.status.code(), Some(2));
    let bad_role = pq(&[
        "token",
        "create",
        "--role",
        "boss",
        "--database",
        &database.location,
    ]);
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(
        stderr(&bad_role).contains("unknown role 'boss'"),
        "{}",
        stderr(&bad_role)
    );
    let link_without_form = pq(&[
        "token",
        "create",
        "--role",
        "surveyor",
        "--link",
        "--database",
        &database.location,
    ]);
    assert_eq!(link_without_form.status.code(), Some(2));
    assert_eq!(
        opened.tokens().await.unwrap().len(),
        1,
        "refused tokens are not stored"
    );
}

async fn token_links_open_the_app_with_server_token_form_and_tax_code(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let location = server.database.location.clone();
    let output = pq(&[
        "token",
        "create",
        "--role",
        "enterprise",
        "--enterprise",
        TAX_CODE,
        "--form",
        "enterprise",
        "--link",
        "--base-url",
        "https://pq.bacninh.gov.vn/",
        "--database",
        &location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    let (token, link) = (lines[0], lines[1]);
    assert_eq!(
        link,
        format!(
            "https://pq.bacninh.gov.vn/invite#server=https%3A%2F%2Fpq.bacninh.gov.vn&token={token}\
             &form=enterprise&tax_code={TAX_CODE}"
        )
    );
    let invitation = Invitation::from_url(link).unwrap();
    assert_eq!(invitation.token, token);
    assert_eq!(invitation.tax_code.as_deref(), Some(TAX_CODE));
    // The token works for its own tax code.
    let sent = server
        .send(token, &[submission(&uuid(1), 1, answers(TAX_CODE, 3))])
        .await;
    assert_eq!(sent.statuses(), ["accepted"]);
    let unknown_form = pq(&[
        "token",
        "create",
        "--role",
        "enterprise",
        "--enterprise",
        TAX_CODE,
        "--form",
        "household",
        "--link",
        "--database",
        &location,
    ]);
    assert_eq!(unknown_form.status.code(), Some(1));
    assert!(stderr(&unknown_form).contains("no form 'household' is published"));
}

async fn token_revoke_and_list(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let location = server.database.location.clone();
    let token = server.token(Role::Surveyor, None).await;
    let other = server.token(Role::Admin, None).await;
    let id = pq_server::tokens::id_of_hash(&pq_server::tokens::sha256_hex(token.as_bytes()));
    let output = pq(&["token", "revoke", &id, "--database", &location]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), format!("revoked token {id}"));
    let again = pq(&["token", "revoke", &token, "--database", &location]);
    assert!(
        stdout(&again).contains("was already revoked"),
        "{}",
        stdout(&again)
    );
    let unknown = pq(&["token", "revoke", "ffffffffffff", "--database", &location]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        stderr(&unknown).trim(),
        "pq: no token 'ffffffffffff' (see `pq token list`)"
    );
    let list = stdout(&pq(&["token", "list", "--database", &location]));
    let revoked: Vec<&str> = list.lines().filter(|l| l.contains("\trevoked ")).collect();
    assert_eq!(revoked.len(), 1, "{list}");
    assert!(revoked[0].starts_with(&id));
    let answer = server.get("/api/v1/forms", &token).await;
    assert_eq!(answer.status.as_u16(), 401);
    assert_eq!(
        server.get("/api/v1/forms", &other).await.status.as_u16(),
        200
    );
}

async fn export_writes_csv_with_bom_xlsx_and_json(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let location = server.database.location.clone();
    let token = server.token(Role::Surveyor, None).await;
    let mut second = answers("0100109106", 12);
    second["enterprise_name"] = json!("Công ty Cổ phần Viglacera Tiên Sơn");
    let sent = server
        .send(
            &token,
            &[
                submission(&uuid(1), 1, answers(TAX_CODE, 3)),
                submission(&uuid(2), 1, second),
            ],
        )
        .await;
    assert_eq!(sent.statuses(), ["accepted", "accepted"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("khao-sat.csv");
    let output = pq(&[
        "export",
        "--form",
        "enterprise",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--database",
        &location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("(2 submission(s))"),
        "{}",
        stderr(&output)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(
        text.contains(",Công ty TNHH Đồng Tiến Bắc Ninh,3,ind,Công nghiệp\n"),
        "{text}"
    );
    assert!(
        text.contains(",Công ty Cổ phần Viglacera Tiên Sơn,12,"),
        "{text}"
    );
    let products = std::fs::read(dir.path().join("khao-sat.products.csv")).unwrap();
    assert!(products.starts_with(b"\xEF\xBB\xBF"));
    let products = String::from_utf8(products[3..].to_vec()).unwrap();
    assert_eq!(products.lines().count(), 5, "{products}");
    assert!(products.contains(",2,Ngói,\n"), "{products}");

    let output = pq(&[
        "export",
        "--form",
        "enterprise",
        "--format",
        "xlsx",
        "--out",
        dir.path().join("all.xlsx").to_str().unwrap(),
        "--database",
        &location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    {
        use calamine::{Data, Reader, Xlsx};
        let mut workbook: Xlsx<_> = calamine::open_workbook(dir.path().join("all.xlsx")).unwrap();
        assert_eq!(workbook.sheet_names(), ["enterprise", "products"]);
        let main = workbook.worksheet_range("enterprise").unwrap();
        assert_eq!(
            main.get((2, 9)),
            Some(&Data::String("Công ty Cổ phần Viglacera Tiên Sơn".into()))
        );
    }

    let output = pq(&[
        "export",
        "--form",
        "enterprise",
        "--format",
        "json",
        "--out",
        "-",
        "--database",
        &location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["submissions"].as_array().unwrap().len(), 2);
    assert_eq!(
        document["submissions"][1]["answers"]["tax_code"],
        "0100109106"
    );

    let unknown = pq(&[
        "export",
        "--form",
        "household",
        "--format",
        "csv",
        "--database",
        &location,
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no form 'household' is published"));
}

/// Every command that touches stored data takes the same `--database` option, with the same
/// default and environment variable as `pq serve`.
#[test]
fn every_data_command_takes_the_same_database_option() {
    for command in [
        &["serve"][..],
        &["forms", "publish"],
        &["forms", "list"],
        &["token", "create"],
        &["token", "revoke"],
        &["token", "list"],
        &["export"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let help = stdout(&pq(&args));
        assert!(
            help.contains("--database <LOCATION>")
                && help.contains("[env: PQ_DATABASE=]")
                && help.contains("[default: data/pq.db]"),
            "pq {}: {help}",
            command.join(" ")
        );
    }
}

async fn settings_deflators_loads_whole_or_not_at_all(backend: Backend) {
    let Some(database) = TestDatabase::new(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let show = || pq(&["settings", "deflators", "--database", &database.location]);
    let output = show();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("no deflator table is loaded"));

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "\u{feff}source,\"Cục Thống kê (Bộ Tài chính), chỉ số giảm phát 2026\"\nbase_year,2020\nyear,section,value_added,capital\n2023,*,100,\n2024,C,102,101\n",
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let output = pq(&[
        "settings",
        "deflators",
        good,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.contains("2 row(s), years 2023–2024, base year 2020"),
        "{printed}"
    );
    assert!(printed.contains("source: Cục Thống kê (Bộ Tài chính), chỉ số giảm phát 2026"));

    // A file with problems: each named with its line, and the loaded table stays as it was.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "source,Another\nbase_year,2020\nyear,section,value_added,capital\n2023,C,101,\n2024,Ç,abc,\n",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let output = pq(&[
        "settings",
        "deflators",
        bad,
        "--database",
        &database.location,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let printed = stderr(&output);
    assert!(printed.contains("nothing was loaded"), "{printed}");
    assert!(
        printed.contains("line 5: section must be a VSIC section letter A–U or *, not 'Ç'"),
        "{printed}"
    );
    assert!(
        printed.contains("line 5: value_added must be an index above 0"),
        "{printed}"
    );
    let output = show();
    let printed = stdout(&output);
    assert!(printed.contains("base year 2020, 2 row(s)"), "{printed}");
    assert!(printed.contains("2024,C,102,101"), "{printed}");
    assert!(!printed.contains("Another"));
}
