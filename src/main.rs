//! Entry point: parse arguments, run, exit with the command's code.

fn main() -> std::process::ExitCode {
    mcpctl::run_from_args(std::env::args_os())
}
