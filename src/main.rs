//! Entry point: answer a shell's completion request (the `MCPCTL_COMPLETE`
//! variable the scripts of `mcpctl completions` set), else parse
//! arguments, run, exit with the command's code.

fn main() -> std::process::ExitCode {
    clap_complete::CompleteEnv::with_factory(<mcpctl::cli::Cli as clap::CommandFactory>::command)
        .var(mcpctl::commands::completions::COMPLETE_VAR)
        .complete();
    mcpctl::run_from_args(std::env::args_os())
}
