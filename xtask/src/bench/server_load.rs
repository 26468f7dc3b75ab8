//! The collector alone under load: `pq serve` (release) on loopback, fed by a load generator
//! in this process — a fixed number of `POST /api/v1/submissions` batches of the app's batch
//! size (50 valid enterprise surveys each, every one validated by the engine and stored), over
//! a few keep-alive connections. Measures validated submissions per second, the p99 latency
//! of a batch and the server's peak memory; on SQLite and on PostgreSQL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::table::Row;
use crate::error::XtaskError;
use crate::postgres::TestPostgres;
use crate::process;
use crate::project;

/// The app's outbox batch size (`pq_core::sync::BATCH_SIZE`).
const BATCH: usize = 50;
/// Requests per run: 400 batches, 20,000 submissions.
const REQUESTS: usize = 400;
/// Connections sending at once (tablets syncing together).
const CONNECTIONS: usize = 4;

/// One run's outcome.
#[derive(Debug)]
pub struct LoadResult {
    pub submissions_per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub peak_rss_kib: u64,
}

/// Runs the load on SQLite and, when PostgreSQL can be started here, on PostgreSQL.
pub fn rows(pq: &Path) -> Result<Vec<Row>, XtaskError> {
    let mut rows = Vec::new();
    let dir = std::env::temp_dir().join(format!("pq-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| XtaskError::Read {
        path: dir.display().to_string(),
        source,
    })?;
    let sqlite = dir.join("load.db");
    let outcome = run(pq, &sqlite.display().to_string(), &dir);
    let _ = std::fs::remove_dir_all(&dir);
    rows.extend(result_rows("SQLite", &outcome?, Some("≥ 5,000 /s")));
    let postgres = TestPostgres::start()?;
    let dist = std::env::temp_dir().join(format!("pq-load-dist-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dist);
    let outcome = run(pq, postgres.url(), &dist);
    let _ = std::fs::remove_dir_all(&dist);
    rows.extend(result_rows("PostgreSQL", &outcome?, None));
    Ok(rows)
}

fn result_rows(backend: &str, result: &LoadResult, target: Option<&str>) -> Vec<Row> {
    let mut rate = Row::new(
        "sync",
        &format!("server alone, {backend}: validated submissions per second"),
        format!("{:.0} /s", result.submissions_per_second),
    );
    if let Some(target) = target {
        rate = rate.target(target);
    }
    vec![
        rate,
        Row::new(
            "sync",
            &format!("server alone, {backend}: batch of {BATCH} latency p50 / p99"),
            format!("{:.1} / {:.1} ms", ms(result.p50), ms(result.p99)),
        ),
        Row::new(
            "sync",
            &format!("server alone, {backend}: peak memory (RSS)"),
            format!("{:.1} MB", result.peak_rss_kib as f64 / 1024.0),
        ),
    ]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn failed(step: &str, reason: impl std::fmt::Display) -> XtaskError {
    XtaskError::Failed {
        step: step.to_owned(),
        status: reason.to_string(),
    }
}

/// A `pq` command on `database`; its standard output.
fn pq_output(pq: &Path, database: &str, args: &[&str]) -> Result<String, XtaskError> {
    let output = process::command(pq)
        .args(args)
        .args(["--database", database])
        .output()
        .map_err(|source| XtaskError::Spawn {
            program: pq.display().to_string(),
            source,
        })?;
    if !output.status.success() {
        return Err(failed(
            &format!("pq {}", args.join(" ")),
            String::from_utf8_lossy(&output.stderr),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `pq serve` on a free loopback port; stopped (SIGINT) when dropped.
struct Server {
    child: Child,
    host: String,
}

impl Server {
    fn start(pq: &Path, database: &str, dist: &Path) -> Result<Server, XtaskError> {
        let mut child = process::command(pq)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                database,
                "--dist",
            ])
            .arg(dist)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| XtaskError::Spawn {
                program: pq.display().to_string(),
                source,
            })?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| failed("pq serve", "no output"))?;
        let mut lines = BufReader::new(stdout).lines();
        let host = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.split("ready at http://").nth(1) {
                        break rest.split('/').next().unwrap_or_default().to_owned();
                    }
                }
                _ => {
                    let _ = child.kill();
                    return Err(failed("pq serve", "stopped before it was ready"));
                }
            }
        };
        // Keep reading its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Ok(Server { child, host })
    }

    /// The server's peak resident memory so far, from /proc (KiB).
    fn peak_rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kib| kib.parse().ok())
            })
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = process::command("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Valid enterprise answers (the golden fixture) and the form's version.
fn survey() -> Result<(Value, String), XtaskError> {
    let read = |path: PathBuf| -> Result<Value, XtaskError> {
        let text = std::fs::read_to_string(&path).map_err(|source| XtaskError::Read {
            path: path.display().to_string(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| failed(&path.display().to_string(), e))
    };
    let root = project::root();
    let answers = read(root.join("tests/fixtures/forms/enterprise_valid.json"))?;
    let form = read(root.join("forms/enterprise.json"))?;
    let version = match &form["version"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok((answers, version))
}

/// The body of request `n`: `BATCH` new submissions with ids unique to this run.
fn batch_body(run: u32, n: usize, answers: &Value, version: &str) -> String {
    let submissions: Vec<Value> = (0..BATCH)
        .map(|i| {
            json!({
                "id": format!("{run:08x}-0000-4000-8000-{:012x}", n * BATCH + i),
                "form_id": "pq-bn285-enterprise",
                "form_version": version,
                "revision": 1,
                "answers": answers,
                "locale": "vi",
                "started_at": "2026-11-28T08:00:00Z",
                "updated_at": "2026-11-28T09:00:00Z",
                "device_id": "bench-load",
            })
        })
        .collect();
    json!({ "submissions": submissions }).to_string()
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
    token: String,
}

impl Connection {
    fn open(host: &str, token: &str) -> Result<Connection, XtaskError> {
        let stream = TcpStream::connect(host).map_err(|e| failed("connect to pq serve", e))?;
        let _ = stream.set_nodelay(true);
        Ok(Connection {
            reader: BufReader::new(stream),
            host: host.to_owned(),
            token: token.to_owned(),
        })
    }

    /// Posts a batch; the status and the body of the answer.
    fn post(&mut self, body: &str) -> Result<(u16, String), XtaskError> {
        let io = |e: std::io::Error| failed("POST /api/v1/submissions", e);
        let head = format!(
            "POST /api/v1/submissions HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.host,
            self.token,
            body.len()
        );
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes()).map_err(io)?;
        stream.write_all(body.as_bytes()).map_err(io)?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(io)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed("POST /api/v1/submissions", format!("bad answer '{line}'")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).map_err(io)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut answer = vec![0; length];
        self.reader.read_exact(&mut answer).map_err(io)?;
        Ok((status, String::from_utf8_lossy(&answer).into_owned()))
    }
}

/// Publishes the enterprise form, makes a token, serves, and sends the load.
fn run(pq: &Path, database: &str, dist: &Path) -> Result<LoadResult, XtaskError> {
    let form = project::root().join("forms/enterprise.json");
    pq_output(
        pq,
        database,
        &["forms", "publish", &form.display().to_string()],
    )?;
    let token = pq_output(pq, database, &["token", "create", "--role", "surveyor"])?
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let (answers, version) = survey()?;
    let server = Server::start(pq, database, dist)?;
    let run_id = std::process::id();
    // Warm-up: one batch (first connections, the form compiled once), not counted.
    let mut warm = Connection::open(&server.host, &token)?;
    let (status, answer) = warm.post(&batch_body(run_id, REQUESTS, &answers, &version))?;
    if status != 200 || answer.matches("\"accepted\"").count() != BATCH {
        return Err(failed("warm-up batch", format!("{status}: {answer}")));
    }
    let bodies: Arc<Vec<String>> = Arc::new(
        (0..REQUESTS)
            .map(|n| batch_body(run_id, n, &answers, &version))
            .collect(),
    );
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|w| {
            let bodies = Arc::clone(&bodies);
            let host = server.host.clone();
            let token = token.clone();
            std::thread::spawn(move || -> Result<Vec<Duration>, XtaskError> {
                let mut connection = Connection::open(&host, &token)?;
                let mut latencies = Vec::new();
                for body in bodies.iter().skip(w).step_by(CONNECTIONS) {
                    let sent = Instant::now();
                    let (status, answer) = connection.post(body)?;
                    latencies.push(sent.elapsed());
                    let accepted = answer.matches("\"accepted\"").count();
                    if status != 200 || accepted != BATCH {
                        return Err(failed(
                            "a load batch",
                            format!("HTTP {status}, {accepted} of {BATCH} accepted: {answer:.300}"),
                        ));
                    }
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        let done = worker
            .join()
            .map_err(|_| failed("load generator", "a sending thread panicked"))??;
        latencies.extend(done);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    Ok(LoadResult {
        submissions_per_second: (REQUESTS * BATCH) as f64 / elapsed.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
        peak_rss_kib: server.peak_rss_kib(),
    })
}
