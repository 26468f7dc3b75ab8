//! Running other programs: with the project's tools first on PATH, their output shown live.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::XtaskError;
use crate::project;

/// Folders searched before the inherited PATH: project-local npm tools, then cargo's bin.
fn tool_paths() -> Vec<PathBuf> {
    let mut paths = vec![project::tools_dir().join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        paths.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        paths.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    paths
}

/// The PATH every child process gets.
pub fn search_path() -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let all = tool_paths()
        .into_iter()
        .chain(std::env::split_paths(&inherited));
    std::env::join_paths(all).unwrap_or(inherited)
}

/// A command for `program` with the project's PATH.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", search_path());
    command
}

/// A cargo command (the same cargo that runs xtask).
pub fn cargo() -> Command {
    let mut command = command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(project::root());
    command
}

/// Runs to completion with output shown; fails when the exit status is not success.
pub fn run(command: &mut Command, step: &str) -> Result<(), XtaskError> {
    let status = command
        .status()
        .map_err(|source| spawn_error(command, source))?;
    if status.success() {
        Ok(())
    } else {
        Err(XtaskError::Failed {
            step: step.to_owned(),
            status: status.to_string(),
        })
    }
}

/// The first line a program prints (for `--version` checks); `None` when it cannot run.
pub fn first_line(program: &Path, args: &[&str]) -> Option<String> {
    let output = command(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_owned())
}

/// Finds `program` on the project's PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&search_path())
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Test counts read from runners' closing lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// Reads one line of output: cargo's / wasm-bindgen's `test result: … N passed; M failed`
    /// and node's TAP `# pass N` / `# fail N`.
    pub fn read_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result:") {
            self.passed += number_before(rest, " passed").unwrap_or(0);
            self.failed += number_before(rest, " failed").unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# pass ") {
            self.passed += n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            self.failed += n.trim().parse().unwrap_or(0);
        }
    }
}

fn number_before(text: &str, label: &str) -> Option<u64> {
    let end = text.find(label)?;
    let start = text[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    text[start..end].parse().ok()
}

/// Runs a test runner, echoing its output and counting its results.
///
/// The counts are returned even when the runner fails, so the caller can report them.
pub fn run_tests(command: &mut Command, step: &str) -> (Tally, Result<(), XtaskError>) {
    let mut tally = Tally::default();
    let mut child = match command.stdout(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(source) => return (tally, Err(spawn_error(command, source))),
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            tally.read_line(&line);
        }
    }
    let outcome = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(XtaskError::Failed {
            step: step.to_owned(),
            status: status.to_string(),
        }),
        Err(source) => Err(spawn_error(command, source)),
    };
    (tally, outcome)
}

/// Runs to completion, echoing its output, and returns what it printed on stdout (for
/// programs that report results there); fails when the exit status is not success.
pub fn run_capturing(command: &mut Command, step: &str) -> Result<String, XtaskError> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| spawn_error(command, source))?;
    let mut printed = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            printed.push_str(&line);
            printed.push('\n');
        }
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(printed),
        Ok(status) => Err(XtaskError::Failed {
            step: step.to_owned(),
            status: status.to_string(),
        }),
        Err(source) => Err(spawn_error(command, source)),
    }
}

fn spawn_error(command: &Command, source: std::io::Error) -> XtaskError {
    XtaskError::Spawn {
        program: command.get_program().to_string_lossy().into_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn reads_cargo_and_tap_closing_lines() {
        let mut tally = Tally::default();
        tally.read_line(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out",
        );
        tally.read_line("test result: FAILED. 3 passed; 2 failed; 0 ignored");
        tally.read_line("# pass 4");
        tally.read_line("# fail 1");
        tally.read_line("running 12 tests");
        assert_eq!(
            tally,
            Tally {
                passed: 19,
                failed: 3
            }
        );
    }
}
