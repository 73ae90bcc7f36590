//! Entry point: answer a shell's completion request (the `COMPLETE`
//! variable the scripts of `mcpctl completions` set), else parse
//! arguments, run, exit with the command's code.

fn main() -> std::process::ExitCode {
    clap_complete::CompleteEnv::with_factory(<mcpctl::cli::Cli as clap::CommandFactory>::command)
        .complete();
    mcpctl::run_from_args(std::env::args_os())
}
