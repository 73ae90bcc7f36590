//! mcpctl: find, validate, repair and health-check Claude Desktop MCP
//! server configs.
//!
//! Pipeline: `cli` (flags) → `settings` (flags → what each command needs)
//! → `commands` (one file per subcommand, orchestration only) → `config`
//! (locate → syntax → schema → lint → edit/write), `machine` (the machine
//! as the app sees it), `probe` (spawn → stdio framing → handshake →
//! verdict) and `plan` (what to change) → `report` (typed models, one
//! renderer per format) → `output` (the one output path). The layers and
//! the rule between them: docs/architecture.md, checked by `layers`.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod config;
pub mod error;
pub mod escape;
pub mod machine;
pub mod output;
pub mod paths;
pub mod plan;
pub mod platform;
pub mod probe;
pub mod report;
pub mod secrets;
pub mod settings;
pub mod text;
pub mod urls;

#[cfg(test)]
mod layers;
#[cfg(all(test, unix))]
mod test_files;

use std::ffi::OsString;
use std::process::ExitCode;

use commands::Exit;
use error::{Error, Stop};
use output::{Output, is_closed_pipe};
use report::Format;
use report::failure::FailureReport;
use settings::Terminals;

/// The exit status when the reader of stdout or stderr went away (`mcpctl
/// list | head -1`): what a death by SIGPIPE looks like in a shell (128 +
/// 13), without the noise.
pub const CLOSED_PIPE: u8 = 141;

/// Parse `args` and run the command; returns the process exit code.
pub fn run_from_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let host = platform::HostEnv::current();
    let tty = Terminals::detect();
    let (style, err_style) = settings::styles(&host, tty);
    let mut out = Output::stdio(style, err_style);
    let mut format = Format::Text;
    let result = run(&args, host, tty, &mut out, &mut format);
    exit_code(result, format, &mut out)
}

fn run(
    args: &[OsString],
    host: platform::HostEnv,
    tty: Terminals,
    out: &mut Output,
    format: &mut Format,
) -> Result<Exit, Stop> {
    let cli = match cli::Cli::parse_once(args) {
        Ok(cli) => cli,
        Err(e) => return usage(&e, args, out),
    };
    let settings = settings::resolve(cli, host, tty);
    *format = settings.global.format;
    commands::run(&settings, out)
}

/// The one place that decides the exit code: the command's own (0 or 1),
/// 2 when it could not do its job (the error is shown here, once, as text
/// on stderr or as the JSON error document on stdout), and a quiet
/// [`CLOSED_PIPE`] when stdout or stderr was closed under it.
fn exit_code(result: Result<Exit, Stop>, format: Format, out: &mut Output) -> ExitCode {
    let written = match result {
        Ok(exit) => Ok(exit),
        Err(Stop::Failed(e)) => show_error(&e, format, out).map(|()| Exit::Usage),
        Err(Stop::Output(e)) => Err(e),
    }
    .and_then(|exit| out.flush().map(|()| exit));
    match written {
        Ok(exit) => exit.into(),
        Err(e) if is_closed_pipe(&e) => ExitCode::from(CLOSED_PIPE),
        Err(e) => {
            let _ = out.eprint(&format!("error: cannot write the output: {e}\n"));
            Exit::Usage.into()
        }
    }
}

fn show_error(e: &Error, format: Format, out: &mut Output) -> std::io::Result<()> {
    match format {
        Format::Json => out.json(&FailureReport::new(e)),
        Format::Text => out.eprint(&report::text::failure::render(e, out.err_style)),
    }
}

/// What clap rejected: help and version are not errors (exit 0); a usage
/// error is shown by clap, or, when the run asked for JSON, as the JSON
/// error document (exit 2).
fn usage(e: &clap::Error, args: &[OsString], out: &mut Output) -> Result<Exit, Stop> {
    if !e.use_stderr() {
        e.print()?;
        return Ok(Exit::Ok);
    }
    if json_requested(args) {
        let text = e.to_string();
        let first: Vec<&str> = text
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        let message = first.join(" ");
        let message = message.trim_start_matches("error: ");
        let error = Error::new(if message.is_empty() {
            "usage error"
        } else {
            message
        })
        .hint("run `mcpctl --help` (or `mcpctl COMMAND --help`) for usage");
        out.json(&FailureReport::new(&error))?;
        return Ok(Exit::Usage);
    }
    e.print()?;
    Ok(Exit::Usage)
}

/// Whether `--json` is among mcpctl's own flags, read with clap's lexer:
/// everything after `--` belongs to a server's command line (`mcpctl add
/// x -- server --json` did not ask for JSON).
fn json_requested(args: &[OsString]) -> bool {
    let raw = clap_lex::RawArgs::new(args.iter());
    let mut cursor = raw.cursor();
    let _bin = raw.next(&mut cursor);
    while let Some(arg) = raw.next(&mut cursor) {
        if arg.is_escape() {
            return false;
        }
        match arg.to_long() {
            Some((Ok("json"), _)) => return true,
            // `--format json`, `--format=json`: the same as `--json`
            Some((Ok("format"), Some(v))) if v == "json" => return true,
            Some((Ok("format"), None))
                if raw
                    .next(&mut cursor)
                    .is_some_and(|v| v.to_value_os() == "json") =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn json_is_mcpctls_only_before_the_double_dash() {
        assert!(json_requested(&args(&["mcpctl", "--json", "frobnicate"])));
        assert!(json_requested(&args(&[
            "mcpctl", "validate", "--format", "json", "--bogus"
        ])));
        assert!(json_requested(&args(&[
            "mcpctl",
            "validate",
            "--format=json",
            "--bogus"
        ])));
        assert!(!json_requested(&args(&[
            "mcpctl", "validate", "--format", "github", "--bogus"
        ])));
        assert!(json_requested(&args(&[
            "mcpctl", "list", "--nope", "--json"
        ])));
        assert!(!json_requested(&args(&[
            "mcpctl", "add", "x", "--bad", "--", "srv", "--json"
        ])));
        assert!(!json_requested(&args(&["mcpctl", "list", "--jsonx"])));
    }
}
