//! mcpctl: find, validate, repair and health-check Claude Desktop MCP
//! server configs.
//!
//! Pipeline: `cli` (flags) → `commands` (one file per subcommand,
//! orchestration only) → `config` (locate → syntax → schema → lint →
//! edit/write) and `probe` (spawn → stdio framing → handshake → verdict)
//! → `report` (text and JSON output).

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod machine;
pub mod plan;
pub mod platform;
pub mod probe;
pub mod report;
pub mod text;

#[cfg(test)]
mod layers;

use clap::Parser;

/// Parse `args` and run the command; returns the process exit code.
pub fn run_from_args<I, T>(args: I) -> std::process::ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && args.iter().any(|a| a == "--json") => {
            // A script asked for JSON: give it the documented error shape.
            let text = e.to_string();
            let message = text
                .lines()
                .next()
                .unwrap_or("usage error")
                .trim_start_matches("error: ")
                .to_string();
            let doc = serde_json::json!({
                "error": { "message": message, "hint": "run `mcpctl --help` (or `mcpctl COMMAND --help`) for usage" }
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            return std::process::ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            // clap: --help/--version exit 0, usage errors exit 2
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    quiet_on_closed_stdout();
    let ctx = commands::Context::new(platform::HostEnv::current(), &cli.global);
    commands::run(&ctx, cli.command).into()
}

/// `mcpctl list | head -1` must not print a panic when the reader goes away.
/// SIGPIPE stays ignored (the probe writes to servers' stdin, and a dead
/// server must not kill mcpctl), so `println!` panics on a closed stdout:
/// turn exactly that panic into a quiet exit, like a SIGPIPE death (141).
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
