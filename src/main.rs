//! Entry point: answer a shell's completion request (the `MCPCTL_COMPLETE`
//! variable the scripts of `mcpctl completions` set), else parse
//! arguments, run, exit with the command's code.

fn main() -> std::process::ExitCode {
    // (clap_complete removes the variable before it asks for candidates,
    // which are written for the shell that asks)
    if let Some(shell) = std::env::var_os(mcpctl::commands::completions::COMPLETE_VAR) {
        mcpctl::cli::completing_for(shell.to_string_lossy().into_owned());
    }
    clap_complete::CompleteEnv::with_factory(<mcpctl::cli::Cli as clap::CommandFactory>::command)
        .var(mcpctl::commands::completions::COMPLETE_VAR)
        .complete();
    mcpctl::run_from_args(std::env::args_os())
}
