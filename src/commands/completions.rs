//! `mcpctl completions SHELL`: shell completion scripts from the clap
//! definition. The committed copies under `completions/` are checked for
//! staleness by `tests/completions_fresh.rs`.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Context, Exit};
use crate::cli::Cli;
use crate::error::Error;

/// Every shell mcpctl ships completions for, with the committed file name.
pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "mcpctl.bash"),
    (Shell::Zsh, "_mcpctl"),
    (Shell::Fish, "mcpctl.fish"),
    (Shell::PowerShell, "_mcpctl.ps1"),
    (Shell::Elvish, "mcpctl.elv"),
];

/// The completion script for one shell.
pub fn generate(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mcpctl", &mut buf);
    buf
}

pub fn run(ctx: &Context, args: &crate::cli::CompletionsArgs) -> Result<Exit, Error> {
    let _ = ctx;
    let script = generate(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(|e| {
            Error::new(format!("cannot write the completions to stdout: {e}")).hint(format!(
                "redirect them to a file: mcpctl completions {} > FILE",
                args.shell
            ))
        })?;
    Ok(Exit::Ok)
}
