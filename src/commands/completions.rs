//! `mcpctl completions SHELL`: the shell's completion script. The script
//! calls back into `mcpctl` (clap_complete's dynamic completion, through
//! the `MCPCTL_COMPLETE` environment variable `main` answers) on every Tab, so it
//! completes flags and subcommands of the installed version and the server
//! names of the config (`remove`, `test-launch`). The committed copies
//! under `completions/` are checked for staleness by
//! `tests/e2e/completions.rs`. `--json` wraps the script in a JSON document
//! (docs/json/completions.md).

use clap_complete::Shell;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use super::Exit;
use crate::error::Stop;
use crate::output::Output;
use crate::report::completions::CompletionsReport;
use crate::settings::{Completions, Global};

/// Every shell mcpctl ships completions for, with the committed file name.
pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "mcpctl.bash"),
    (Shell::Zsh, "_mcpctl"),
    (Shell::Fish, "mcpctl.fish"),
    (Shell::PowerShell, "_mcpctl.ps1"),
    (Shell::Elvish, "mcpctl.elv"),
];

/// The environment variable that turns a run of `mcpctl` into a
/// completion request. Not clap_complete's default `COMPLETE`: a variable
/// that generic (a CI or Makefile flag) would take over every command and
/// break `--json`.
pub const COMPLETE_VAR: &str = "MCPCTL_COMPLETE";

fn completer(shell: Shell) -> &'static dyn EnvCompleter {
    match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::PowerShell => &Powershell,
        _ => &Elvish,
    }
}

/// Whether answering a completion request failed because the shell
/// stopped reading (stdout closed). clap_complete writes the answer to
/// stdout itself and keeps only the text of the write's error, so that
/// text is compared with a closed pipe's, and on Unix stdout is asked too.
pub fn closed_pipe(e: &clap::Error) -> bool {
    if e.kind() != clap::error::ErrorKind::Io {
        return false;
    }
    let text = e.to_string();
    let said = closed_pipe_errors().any(|c| text.contains(&c.to_string()));
    said || crate::output::stdout_reader_gone()
}

/// The errors a write to a pipe without a reader fails with.
fn closed_pipe_errors() -> impl Iterator<Item = std::io::Error> {
    #[cfg(unix)]
    let codes = [libc::EPIPE];
    // ERROR_BROKEN_PIPE, ERROR_NO_DATA ("the pipe is being closed")
    #[cfg(not(unix))]
    let codes = [109, 232];
    codes.into_iter().map(std::io::Error::from_raw_os_error)
}

/// The completion script for one shell: it runs `mcpctl` (found on the
/// PATH) to complete each word.
pub fn generate(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    // writing into a Vec cannot fail
    let _ =
        completer(shell).write_registration(COMPLETE_VAR, "mcpctl", "mcpctl", "mcpctl", &mut buf);
    buf
}

pub fn run(g: &Global, s: &Completions, out: &mut Output) -> Result<Exit, Stop> {
    let script = generate(s.shell);
    if g.json() {
        let doc = CompletionsReport {
            shell: completer(s.shell).name(),
            script: String::from_utf8_lossy(&script).into_owned(),
        };
        out.json(&doc)?;
    } else {
        out.write_bytes(&script)?;
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_told_from_other_write_errors() {
        let pipe = closed_pipe_errors().next().expect("one");
        assert_eq!(pipe.kind(), std::io::ErrorKind::BrokenPipe);
        assert!(closed_pipe(&clap::Error::from(pipe)));
        let full = std::io::Error::other("No space left on device");
        assert!(!closed_pipe(&clap::Error::from(full)));
        let usage = clap::Error::raw(clap::error::ErrorKind::InvalidValue, "Broken pipe");
        assert!(!closed_pipe(&usage));
    }
}
