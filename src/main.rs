//! Entry point: answer a shell's completion request (the `MCPCTL_COMPLETE`
//! variable the scripts of `mcpctl completions` set), else parse
//! arguments, run, exit with the command's code.

use std::io::Write;
use std::process::ExitCode;

use mcpctl::commands::completions::{COMPLETE_VAR, closed_pipe};

fn main() -> ExitCode {
    // (clap_complete removes the variable before it asks for candidates,
    // which are written for the shell that asks)
    if let Some(shell) = std::env::var_os(COMPLETE_VAR) {
        mcpctl::cli::completing_for(shell.to_string_lossy().into_owned());
    }
    match complete() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => mcpctl::run_from_args(std::env::args_os()),
        Err(code) => code,
    }
}

/// Answer the completion request this run is (true), or say it is none
/// (false). A shell that stopped reading is a quiet exit 141, as for every
/// other command's output; any other failure clap shows (exit 2).
fn complete() -> Result<bool, ExitCode> {
    let fail = |e: clap::Error| match closed_pipe(&e) {
        true => ExitCode::from(mcpctl::CLOSED_PIPE),
        false => e.exit(),
    };
    let cwd = std::env::current_dir().ok();
    let done = clap_complete::CompleteEnv::with_factory(
        <mcpctl::cli::Cli as clap::CommandFactory>::command,
    )
    .var(COMPLETE_VAR)
    .try_complete(std::env::args_os(), cwd.as_deref())
    .map_err(fail)?;
    // what clap_complete wrote may still wait in stdout's buffer
    if done {
        std::io::stdout()
            .flush()
            .map_err(|e| fail(clap::Error::from(e)))?;
    }
    Ok(done)
}
