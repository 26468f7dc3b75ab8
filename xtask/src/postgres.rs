//! A PostgreSQL server for the collector's integration tests.
//!
//! `cargo xtask test` runs the server's tests against SQLite and a real PostgreSQL. When
//! `PQ_TEST_POSTGRES_URL` is already set, that server is used as it is. Otherwise a throw-away
//! cluster is made with Debian's `initdb` in a temporary folder and started on a spare port
//! (trust authentication, listening on 127.0.0.1 only); it is stopped and deleted when the
//! tests are done. As root the cluster runs as the `postgres` user, since `initdb` refuses
//! root.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::XtaskError;
use crate::process::{self, which};

/// The variable the tests read the server's URL from.
pub const URL_VAR: &str = "PQ_TEST_POSTGRES_URL";
/// Debian keeps each major version's programs here.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";
/// Temporary clusters are folders `pq-test-postgres-PORT` in the temporary folder.
const DIR_PREFIX: &str = "pq-test-postgres-";
const SUPERUSER: &str = "postgres";

/// The folder holding `initdb` and `pg_ctl`: the newest Debian version, else from PATH.
pub fn bin_dir() -> Option<PathBuf> {
    let newest = std::fs::read_dir(DEBIAN_ROOT).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let major: u32 = e.file_name().to_str()?.parse().ok()?;
                let bin = e.path().join("bin");
                bin.join("initdb").is_file().then_some((major, bin))
            })
            .max_by_key(|(major, _)| *major)
            .map(|(_, bin)| bin)
    });
    newest.or_else(|| {
        which("initdb")
            .filter(|_| which("pg_ctl").is_some())
            .and_then(|initdb| initdb.parent().map(Path::to_path_buf))
    })
}

/// A PostgreSQL server the tests can use; one this started is stopped when dropped.
pub struct TestPostgres {
    url: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    as_superuser: bool,
}

impl TestPostgres {
    /// The server named by `PQ_TEST_POSTGRES_URL`, or a fresh one on a spare port.
    pub fn start() -> Result<Self, XtaskError> {
        if let Some(url) = std::env::var(URL_VAR).ok().filter(|u| !u.is_empty()) {
            println!("✓ PostgreSQL for the tests: {URL_VAR} is set, using it");
            return Ok(Self { url, cluster: None });
        }
        let bin = bin_dir().ok_or_else(|| {
            XtaskError::Missing(
                "PostgreSQL's initdb and pg_ctl are not installed: install Debian's package \
                 postgresql (`apt-get install -y postgresql`), or set PQ_TEST_POSTGRES_URL"
                    .into(),
            )
        })?;
        let as_superuser = crate::toolchain::is_root();
        remove_leftovers(&bin, as_superuser);
        let port = spare_port()?;
        let data = std::env::temp_dir().join(format!("{DIR_PREFIX}{port}"));
        let cluster = Cluster {
            bin,
            data,
            as_superuser,
        };
        println!(
            "→ PostgreSQL for the tests: a temporary cluster in {} on port {port}",
            cluster.data.display()
        );
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data_arg(),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off"
        );
        let log = cluster.data.join("server.log").display().to_string();
        let started = cluster.run(
            "pg_ctl",
            &[
                "-D",
                &cluster.data_arg(),
                "-l",
                &log,
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        // From here on, Drop stops and deletes what was made, whatever happens.
        let postgres = Self {
            url: format!("postgres://{SUPERUSER}@127.0.0.1:{port}/postgres"),
            cluster: Some(cluster),
        };
        started?;
        Ok(postgres)
    }

    /// The URL to connect to, as the superuser.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Some(cluster) = self.cluster.take() {
            cluster.stop();
            println!("→ PostgreSQL for the tests: stopped and removed");
        }
    }
}

impl Cluster {
    fn data_arg(&self) -> String {
        self.data.display().to_string()
    }

    /// `program` from the PostgreSQL folder, as the `postgres` user when running as root.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_superuser {
            let mut command = process::command("runuser");
            command.args(["-u", SUPERUSER, "--"]).arg(path);
            // The postgres user cannot enter root's working folder.
            command.current_dir(std::env::temp_dir());
            command
        } else {
            process::command(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), XtaskError> {
        process::run(self.command(program).args(args), program)
    }

    fn stop(&self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data_arg(), "-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// Stops and deletes clusters an interrupted run left behind.
fn remove_leftovers(bin: &Path, as_superuser: bool) {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let stale = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(DIR_PREFIX));
        if stale {
            println!(
                "→ PostgreSQL for the tests: removing a leftover cluster in {}",
                entry.path().display()
            );
            Cluster {
                bin: bin.to_path_buf(),
                data: entry.path(),
                as_superuser,
            }
            .stop();
        }
    }
}

fn spare_port() -> Result<u16, XtaskError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|source| XtaskError::Spawn {
            program: "a spare port for PostgreSQL".into(),
            source,
        })
}
