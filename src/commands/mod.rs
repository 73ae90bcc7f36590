//! One file per subcommand. Each `run` orchestrates: it asks `config`,
//! `probe` and `report` to do the work and returns an [`Exit`]. Shared
//! plumbing (exit codes, the failure type, the output context) lives here.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{Command, GlobalArgs};
use crate::error::Error;
use crate::platform::HostEnv;
use crate::report::style::Style;

pub mod add;
pub mod completions;
pub mod doctor;
pub mod list;
pub mod path;
pub mod prompt;
pub mod remove;
pub mod restore;
pub mod schema;
pub mod target;
pub mod test_launch;
pub mod validate;

/// Process exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything checked is fine (warnings allowed unless `--strict`).
    Ok = 0,
    /// Problems were found (config errors, failing servers, ...).
    Problems = 1,
    /// Usage error, I/O error, or the config could not be loaded at all.
    Usage = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// What every command needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct Context {
    pub host: HostEnv,
    /// `--config` / `MCPCTL_CONFIG`.
    pub config_override: Option<PathBuf>,
    pub json: bool,
    /// Styling for stdout (colour only on a terminal, never with NO_COLOR).
    pub out: Style,
    /// Styling for stderr.
    pub err: Style,
    /// Prompts are allowed only when stdin is a terminal.
    pub interactive: bool,
    /// Progress bars only when stderr is a terminal.
    pub progress: bool,
}

impl Context {
    pub fn new(host: HostEnv, global: &GlobalArgs) -> Context {
        let color = host.color_allowed();
        let stderr_tty = std::io::stderr().is_terminal();
        Context {
            config_override: global.config.clone(),
            json: global.json,
            out: Style::new(color && std::io::stdout().is_terminal()),
            err: Style::new(color && stderr_tty),
            interactive: std::io::stdin().is_terminal() && !global.json,
            progress: stderr_tty && !global.json,
            host,
        }
    }
}

/// Dispatch to the subcommand; failures are printed here, once.
pub fn run(ctx: &Context, command: Command) -> Exit {
    let result = match command {
        Command::Path => path::run(ctx),
        Command::List(a) => list::run(ctx, &a),
        Command::Validate(a) => validate::run(ctx, &a),
        Command::Schema => schema::run(ctx),
        Command::Completions(a) => completions::run(ctx, &a),
        Command::TestLaunch(a) => test_launch::run(ctx, &a),
        Command::Add(a) => add::run(ctx, a),
        Command::Remove(a) => remove::run(ctx, &a),
        Command::Restore(a) => restore::run(ctx, &a),
        Command::Doctor(a) => doctor::run(ctx, &a),
    };
    match result {
        Ok(exit) => exit,
        Err(failure) => {
            print_failure(ctx, &failure);
            Exit::Usage
        }
    }
}

/// Print a command failure: to stderr as text (`error: ...` + `hint: ...`),
/// or with `--json` as `{"error": {"message", "hint"}}` on stdout.
fn print_failure(ctx: &Context, failure: &Error) {
    if ctx.json {
        let v = serde_json::json!({
            "error": { "message": failure.message, "hint": failure.hint }
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        eprintln!("{} {}", ctx.err.red("error:"), failure.message);
        if let Some(h) = &failure.hint {
            eprintln!("  {} {}", ctx.err.cyan("hint:"), h);
        }
    }
}

/// Run the probe engine over `specs`, with a progress bar (labelled
/// `label`) only when stderr is a terminal. Results come in input order.
pub fn probe_with_progress(
    ctx: &Context,
    label: &str,
    specs: &[crate::probe::LaunchSpec],
    opts: &crate::probe::ProbeOptions,
    jobs: usize,
) -> Vec<crate::probe::ProbeReport> {
    use crate::probe::{self, ProbeReport};
    if !ctx.progress || specs.is_empty() {
        return probe::probe_all(specs, opts, &ctx.host, jobs, &|_, _| {});
    }
    let bar = indicatif::ProgressBar::new(specs.len() as u64);
    let template = format!("{{spinner}} {label} {{pos}}/{{len}} [{{elapsed}}] {{wide_msg}}");
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let on_done = |_: usize, r: &ProbeReport| {
        bar.inc(1);
        bar.set_message(format!("{}: {}", r.name, r.verdict.as_str()));
    };
    let reports = probe::probe_all(specs, opts, &ctx.host, jobs, &on_done);
    bar.finish_and_clear();
    reports
}
