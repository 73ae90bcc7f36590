//! `mcpctl completions SHELL`: shell completion scripts from the clap
//! definition. The committed copies under `completions/` are checked for
//! staleness by `tests/e2e/completions.rs`.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Exit;
use crate::cli::Cli;
use crate::error::Stop;
use crate::output::Output;
use crate::settings::Completions;

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

pub fn run(s: &Completions, out: &mut Output) -> Result<Exit, Stop> {
    out.write_bytes(&generate(s.shell))?;
    Ok(Exit::Ok)
}
