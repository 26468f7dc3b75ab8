//! PQ Survey's automation: `cargo xtask serve | test | bench`.
//!
//! Every command first installs what it needs and is missing, one line per step, so a fresh
//! machine with only rustup/cargo, Node/npm and apt needs nothing else.

mod app_build;
mod bench;
mod error;
mod postgres;
mod process;
mod project;
mod test_suite;
mod toolchain;

use std::process::ExitCode;

use error::XtaskError;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--addr HOST:PORT]   install what is missing, build the app in release, run `pq serve`
  test                       install what is missing, then run every check and test
  bench [--check]            measure the product (--check: fail when over the size budget)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test_suite::run(),
        Some("bench") => bench::run(args[1..].iter().any(|a| a == "--check")),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(XtaskError::Usage(format!(
            "unknown command '{other}'\n\n{USAGE}"
        ))),
        None => Err(XtaskError::Usage(USAGE.to_owned())),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask serve`: the product's main command.
fn serve(args: &[String]) -> Result<(), XtaskError> {
    let addr = match args {
        [] => "127.0.0.1:8080".to_owned(),
        [flag, value] if flag == "--addr" => value.clone(),
        _ => {
            return Err(XtaskError::Usage(format!(
                "serve takes only --addr HOST:PORT\n\n{USAGE}"
            )));
        }
    };
    let tools = toolchain::ensure(toolchain::Needs::Build)?;
    app_build::build_release(&tools)?;
    let server = app_build::build_server(app_build::Profile::Release)?;
    println!("→ starting pq serve on http://{addr}/ (Ctrl-C stops it)");
    process::run(
        process::command(&server)
            .args(["serve", "--addr", &addr, "--dist"])
            .arg(project::root().join("dist"))
            .current_dir(project::root()),
        "pq serve",
    )
}
