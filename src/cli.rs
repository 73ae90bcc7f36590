//! Command-line surface: clap types only. No I/O and no logic here; the
//! `commands` module does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "mcpctl",
    version,
    about = "Find, validate, repair and health-check Claude Desktop MCP server configs",
    long_about = "mcpctl finds claude_desktop_config.json, proves it correct, repairs it without \
losing a byte you wrote, and proves each MCP server really starts by speaking the real MCP \
initialize handshake to it.\n\nExit codes: 0 ok, 1 problems found, 2 usage, I/O or config-load error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Config file to use instead of Claude Desktop's own
    /// (also: the MCPCTL_CONFIG environment variable; this flag wins)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Machine-readable output on stdout (shapes documented in docs/json/)
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show which config file mcpctl (and Claude Desktop) reads, and why
    Path,
    /// List configured servers (env values masked)
    List(ListArgs),
    /// Check syntax, schema and common mistakes, with positions and hints
    Validate(ValidateArgs),
    /// Print the bundled JSON Schema for claude_desktop_config.json
    Schema,
    /// Generate shell completions
    Completions(CompletionsArgs),
    /// Launch servers as Claude Desktop does and run the MCP handshake
    TestLaunch(TestLaunchArgs),
    /// Add (or replace) a server entry, safely
    Add(AddArgs),
    /// Remove a server entry, safely
    Remove(RemoveArgs),
    /// List backups, or put one back
    Restore(RestoreArgs),
    /// Explain why servers fail in Claude Desktop, and repair what is safe
    Doctor(DoctorArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Treat warnings as failures (exit 1)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate completions for
    pub shell: clap_complete::Shell,
}

/// Options shared by every command that launches servers.
#[derive(Debug, Args, Clone)]
pub struct LaunchArgs {
    /// Seconds each server may take (Claude Desktop allows 60 for initialize)
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub timeout: f64,
    /// How many servers may start at once [default: number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Launch with your shell's full environment and current directory
    /// instead of the app's sanitized environment and `/`
    #[arg(long)]
    pub shell_env: bool,
    /// Also probe the 2026-07-28 `server/discover` era, in a second launch
    #[arg(long)]
    pub discover: bool,
}

#[derive(Debug, Args)]
pub struct TestLaunchArgs {
    /// Servers to test (default: all, in config order)
    pub names: Vec<String>,
    #[command(flatten)]
    pub launch: LaunchArgs,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Server name (asked for on a terminal when omitted)
    pub name: Option<String>,
    /// Command and its arguments, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Environment variable for the server (repeatable)
    #[arg(long = "env", short = 'e', value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Replace an existing entry; save even when --check fails
    #[arg(long)]
    pub force: bool,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Keep a bare command as written instead of resolving it through PATH
    #[arg(long)]
    pub no_resolve: bool,
    /// Launch the new entry and run the handshake before saving
    #[arg(long)]
    pub check: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub launch: LaunchArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Server name
    pub name: String,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Backup to put back (a path or a name from the list); omit to list
    pub backup: Option<String>,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Skip launching servers (steps 1-3 only)
    #[arg(long)]
    pub no_launch: bool,
    /// Apply the repairs that cannot change what you meant
    #[arg(long)]
    pub fix: bool,
    /// With --fix: do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// With --fix: show the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub launch: LaunchArgs,
}
