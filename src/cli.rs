//! Command-line surface: clap types only, with the value parsers that
//! check a flag's range where clap reads it, each command's examples (the
//! end of its `--help`), and the server names offered by shell completion
//! (read by `config::load`). No logic here: `settings::resolve` turns
//! these into what the commands need.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

/// The server names of the config, for shell completion (`remove`,
/// `test-launch`): completion runs `mcpctl` with the words typed so far.
fn server_names() -> Vec<CompletionCandidate> {
    let host = crate::platform::HostEnv::current();
    let args: Vec<String> = std::env::args().collect();
    candidates(crate::config::load::names_for_completion(&host, &args))
}

/// The shell a completion request comes from (the value of the variable
/// the completion scripts set, which clap_complete removes from the
/// environment before it asks the candidates): `main` records it.
static COMPLETING_FOR: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Record that this run answers a completion request from `shell`.
pub fn completing_for(shell: String) {
    let _ = COMPLETING_FOR.set(shell);
}

/// Names as completion candidates, but those the shell would print with a
/// control sequence in them (a name holding ESC, a line break, a bidi
/// override): a completion is shown as is, and no such name can be typed.
/// Each is written as the asking shell inserts it safely
/// ([`crate::text::completion_word`]): bash puts a candidate on the line
/// as it is, so `my server` must come as `my\ server`, and `$(cmd)` must
/// not run.
fn candidates(names: Vec<String>) -> Vec<CompletionCandidate> {
    let shell = COMPLETING_FOR.get().map_or("", String::as_str);
    names
        .into_iter()
        .filter(|n| matches!(crate::escape::one_line(n), std::borrow::Cow::Borrowed(_)))
        .map(|n| CompletionCandidate::new(crate::text::completion_word(shell, &n)))
        .collect()
}

/// `disable` completes the config's server names; `enable` the ones
/// `mcpctl disable` set aside (mcpctl's side file beside the config).
fn toggle_names() -> Vec<CompletionCandidate> {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "enable") {
        return server_names();
    }
    let host = crate::platform::HostEnv::current();
    let Some(located) = crate::config::load::located_for_completion(&host, &args) else {
        return Vec::new();
    };
    let folders = crate::app::folders::AppFolders::for_config(host.os, &located.path);
    candidates(crate::app::state::read_side(&folders).entries().names())
}

/// Each command's `--help` ends with these (as cargo and uv do); lines
/// stay under 80 columns so no terminal wraps them.
mod examples {
    pub const PATH: &str = "\
Examples:
  mcpctl path                    # the file Claude Desktop reads, and why
  mcpctl path | head -n1         # just the path, for scripts
  mcpctl --json path             # also the candidates the app ignores";
    pub const LIST: &str = "\
Examples:
  mcpctl list                    # servers; env values and secrets masked
  mcpctl list --show-secrets     # with the values
  mcpctl --json list | jq -r '.servers[].name'";
    pub const VALIDATE: &str = "\
Examples:
  mcpctl validate                # every problem, with line and column
  mcpctl validate --strict       # warnings fail too (exit 1), for CI
  mcpctl --config ./claude_desktop_config.json --json validate";
    pub const SCHEMA: &str = "\
Examples:
  mcpctl schema > claude_desktop_config.schema.json
  mcpctl schema | jq '.\"$defs\".server.properties | keys'";
    pub const COMPLETIONS: &str = "\
Examples:
  source <(mcpctl completions bash)          # in ~/.bashrc
  mcpctl completions zsh > ~/.zfunc/_mcpctl  # with ~/.zfunc on $fpath
  mcpctl completions fish > ~/.config/fish/completions/mcpctl.fish";
    pub const TEST_LAUNCH: &str = "\
Examples:
  mcpctl test-launch             # every server, as the app starts them
  mcpctl --json test-launch --discover  # also the 2026-07-28 era
  mcpctl test-launch --format github -- ./target/release/my-server";
    pub const ADD: &str = "\
Examples:
  mcpctl add memory -- npx -y @modelcontextprotocol/server-memory
  mcpctl add notes -- npx -y @modelcontextprotocol/server-filesystem ~/notes
  mcpctl add time --check -- uvx mcp-server-time  # launch it before saving";
    pub const ADD_JSON: &str = "\
Examples:
  mcpctl add-json time '{\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}'
  pbpaste | mcpctl add-json -           # a README's whole mcpServers block
  mcpctl add-json --dry-run - < snippet.json  # the diff, nothing written";
    pub const EXPORT: &str = "\
Examples:
  mcpctl export -o servers.json          # entries, disabled ones, extensions
  mcpctl export --redact -o team.json    # env values as ${KEY} placeholders
  mcpctl export | jq '.mcpServers | keys'";
    pub const IMPORT: &str = "\
Examples:
  mcpctl import servers.json --dry-run   # the diff, nothing written
  API_KEY=... mcpctl import team.json    # placeholders filled from the env
  ssh old-mac mcpctl export | mcpctl import -";
    pub const REMOVE: &str = "\
Examples:
  mcpctl remove memory --dry-run # the diff, nothing written
  mcpctl remove memory           # acts at once; a backup is kept
  mcpctl restore 1               # undo: put the newest backup back";
    pub const ENV: &str = "\
Examples:
  mcpctl env github               # its variables, values masked
  mcpctl env github GITHUB_TOKEN  # the value exported in this shell
  mcpctl env github DEBUG=1 --unset OLD --dry-run  # the diff only";
    pub const RESTORE: &str = "\
Examples:
  mcpctl restore                 # backups, newest first, with their servers
  mcpctl restore 1               # put the newest back (current one saved)
  mcpctl restore 3 --force       # even though that one does not parse";
    pub const DISABLE: &str = "\
Examples:
  mcpctl disable memory          # off, kept in mcpctl-disabled.json
  mcpctl disable notes --extension  # a Desktop Extension, not the server";
    pub const ENABLE: &str = "\
Examples:
  mcpctl enable memory           # back where it was, byte for byte
  mcpctl enable memory --dry-run # the diff, nothing written";
    pub const LOGS: &str = "\
Examples:
  mcpctl logs                    # each server's last start, as the app saw it
  mcpctl logs memory --since 2h --raw  # its lines as the app wrote them
  mcpctl --json logs --follow    # new events as JSON lines";
    pub const CALL: &str = "\
Examples:
  mcpctl call memory read_graph
  mcpctl call filesystem list_directory '{\"path\": \"/tmp\"}'
  echo '{\"query\": \"rust\"}' | mcpctl call search search - --json";
    pub const DOCTOR: &str = "\
Examples:
  mcpctl doctor                  # where, the file, the machine, each server
  mcpctl doctor --no-launch      # steps 1-3 only, in milliseconds
  mcpctl doctor --fix --dry-run  # the safe repairs as a diff (--yes writes)";
}

#[derive(Debug, Parser)]
// `bin_name`: usage lines say `mcpctl` as every hint does, not the file
// name the binary was started as (`mcpctl.exe` on Windows).
#[command(
    name = "mcpctl",
    bin_name = "mcpctl",
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

/// `add-json [OPTIONS] -- NAME JSON` (the first `add-json` word taken for
/// the command): NAME, and the words without it. After `--` NAME is no
/// flag, whatever it starts with (`-q`).
fn add_json_dashed_name(args: &[std::ffi::OsString]) -> Option<(String, Vec<std::ffi::OsString>)> {
    let command = args.iter().position(|a| a == "add-json")?;
    let dashes = command + 1 + args[command + 1..].iter().position(|a| a == "--")?;
    if args.len() != dashes + 3 {
        return None;
    }
    let name = args[dashes + 1].to_str()?.to_string();
    let mut rest = args.to_vec();
    rest.remove(dashes + 1);
    Some((name, rest))
}

impl Cli {
    /// Parse the command line as `Cli::try_parse_from` does, but leave the
    /// command tree clap builds for it to the end of the process instead
    /// of taking it apart: mcpctl parses once per run, and dropping the
    /// tree was about 170 K instructions (a seventh of `--version`).
    pub fn parse_once(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
        use clap::{CommandFactory, FromArgMatches};
        let mut cmd = Cli::command();
        let mut matched = cmd.try_get_matches_from_mut(args);
        // `add-json -- NAME JSON`: clap gives every word after `--` to the
        // last positional, and refuses; read again with NAME taken out
        // (put back after), kept only when that is add-json's line
        let mut dashed = None;
        if matched.is_err()
            && let Some((name, rest)) = add_json_dashed_name(args)
            && let Ok(m) = cmd.try_get_matches_from_mut(&rest)
        {
            if m.subcommand_name() == Some("add-json") {
                matched = Ok(m);
                dashed = Some(name);
            } else {
                std::mem::forget(m);
            }
        }
        let result = match matched {
            Ok(mut matches) => {
                let cli = Cli::from_arg_matches_mut(&mut matches)
                    .map_err(|e| e.format(&mut cmd))
                    .and_then(|cli| cli.no_empty_command(args, &mut cmd))
                    .and_then(|cli| cli.no_flag_as_name(&mut cmd))
                    .map(|cli| cli.with_dashed_name(dashed))
                    .and_then(|cli| cli.one_format(&mut cmd));
                std::mem::forget(matches);
                cli
            }
            Err(e) => Err(e),
        };
        std::mem::forget(cmd);
        result
    }

    /// `test-launch --` with nothing after it: clap reads an empty list,
    /// which would check the default config instead of the command the
    /// user meant to give.
    fn no_empty_command(
        self,
        args: &[std::ffi::OsString],
        cmd: &mut clap::Command,
    ) -> Result<Cli, clap::Error> {
        let empty_after_dashes = args.last().is_some_and(|a| a == "--")
            && matches!(&self.command, Command::TestLaunch(t) if t.command.is_empty());
        if !empty_after_dashes {
            return Ok(self);
        }
        let message = "`--` must be followed by the command to launch, \
             e.g. `mcpctl test-launch -- npx -y @modelcontextprotocol/server-memory`";
        let kind = clap::error::ErrorKind::InvalidValue;
        Err(match cmd.find_subcommand_mut("test-launch") {
            Some(sub) => sub.error(kind, message),
            None => cmd.error(kind, message),
        })
    }

    /// `add-json`'s NAME takes what starts with `-` (see [`AddJsonArgs`]),
    /// so that a flag between NAME and the JSON is still a flag: a flag
    /// mcpctl does not know is left there, and is refused as clap refuses
    /// one anywhere else, not saved as a server's name.
    fn no_flag_as_name(self, cmd: &mut clap::Command) -> Result<Cli, clap::Error> {
        let flag = match &self.command {
            Command::AddJson(a) => a
                .name
                .as_deref()
                .filter(|n| n.len() > 1 && n.starts_with('-')),
            _ => None,
        };
        let Some(flag) = flag else {
            return Ok(self);
        };
        let message = format!("unexpected argument '{flag}' found");
        let kind = clap::error::ErrorKind::UnknownArgument;
        Err(match cmd.find_subcommand_mut("add-json") {
            Some(sub) => sub.error(kind, message),
            None => cmd.error(kind, message),
        })
    }

    /// NAME given after `--` ([`add_json_dashed_name`]), put where clap
    /// would have put it.
    fn with_dashed_name(mut self, name: Option<String>) -> Cli {
        if let (Command::AddJson(a), Some(name)) = (&mut self.command, name) {
            a.name = Some(name);
        }
        self
    }

    /// `--format text` with `--json` asks for two outputs on one stdout:
    /// a usage error naming both, not one of them chosen in silence.
    /// (`--format json` is `--json`; `--format github` with `--json` puts
    /// its workflow commands on stderr.)
    fn one_format(self, cmd: &mut clap::Command) -> Result<Cli, clap::Error> {
        let (name, ci) = match &self.command {
            Command::Validate(a) => ("validate", &a.ci),
            Command::TestLaunch(a) => ("test-launch", &a.ci),
            Command::Doctor(a) => ("doctor", &a.ci),
            _ => return Ok(self),
        };
        if !(self.global.json && ci.format == Some(FormatArg::Text)) {
            return Ok(self);
        }
        let message = "the argument '--format text' cannot be used with '--json': \
            give one of them (`--format json` is `--json`)";
        let kind = clap::error::ErrorKind::ArgumentConflict;
        Err(match cmd.find_subcommand_mut(name) {
            Some(sub) => sub.error(kind, message),
            None => cmd.error(kind, message),
        })
    }
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Config file to use instead of Claude Desktop's own
    /// (also: the MCPCTL_CONFIG environment variable; this flag wins)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Machine-readable output on stdout (shapes documented in docs/json/)
    // (overriding itself: `--json` given twice, before and after the
    // command alike, is `--json`, not a usage error)
    #[arg(long, global = true, overrides_with = "json")]
    pub json: bool,
}

// `defer`: each subcommand's arguments are defined only when it is the
// one invoked (or when help or completions need them all): building every
// subcommand's arguments was a third of `validate`'s command-line parse.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Show which config file mcpctl (and Claude Desktop) reads, and why
    #[command(after_help = examples::PATH)]
    Path,
    /// List configured servers (env values and secrets in args masked)
    #[command(after_help = examples::LIST)]
    List(ListArgs),
    /// Check syntax, schema and common mistakes, with positions and hints
    #[command(after_help = examples::VALIDATE)]
    Validate(ValidateArgs),
    /// Print the bundled JSON Schema for claude_desktop_config.json
    #[command(after_help = examples::SCHEMA)]
    Schema,
    /// Print a shell's completion script (it completes server names too)
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Launch servers as Claude Desktop does and run the MCP handshake
    #[command(after_help = examples::TEST_LAUNCH)]
    TestLaunch(TestLaunchArgs),
    /// Add (or replace) a server entry, safely: asks only for what is
    /// missing from the command line
    #[command(after_help = examples::ADD)]
    Add(AddArgs),
    /// Add servers from a pasted JSON snippet (an entry, or an mcpServers
    /// block): paste damage mended, all or nothing, acts without asking
    #[command(name = "add-json", after_help = examples::ADD_JSON)]
    AddJson(AddJsonArgs),
    /// Write the servers as a portable JSON document (entries, disabled
    /// entries, installed extensions), to import on another machine
    #[command(after_help = examples::EXPORT)]
    Export(ExportArgs),
    /// Add the servers of an `mcpctl export` document, safely: all or
    /// nothing, placeholders filled from the environment
    #[command(after_help = examples::IMPORT)]
    Import(ImportArgs),
    /// Remove a server entry, safely: acts without asking (a backup is
    /// kept; --dry-run shows the diff)
    #[command(after_help = examples::REMOVE)]
    Remove(RemoveArgs),
    /// Show, set or unset a server's environment variables in place: a
    /// secret exported in your shell reaches the app this way
    #[command(after_help = examples::ENV)]
    Env(EnvArgs),
    /// Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off
    #[command(after_help = examples::DISABLE)]
    Disable(ToggleArgs),
    /// Put a disabled server back where it was, or turn an extension on
    #[command(after_help = examples::ENABLE)]
    Enable(ToggleArgs),
    /// List backups, or put one back without asking (the current file is
    /// backed up first)
    #[command(after_help = examples::RESTORE)]
    Restore(RestoreArgs),
    /// Explain why servers fail in Claude Desktop, and repair what is safe
    /// (--fix asks first; off a terminal it needs --yes)
    #[command(after_help = examples::DOCTOR)]
    Doctor(DoctorArgs),
    /// Show what Claude Desktop itself logged about each server's last start
    #[command(after_help = examples::LOGS)]
    Logs(LogsArgs),
    /// Call one tool of a server, launched as Claude Desktop does, and print the result
    ///
    /// Exit codes: 0 the tool answered, 1 it answered with isError or the
    /// server failed, 2 usage (an unknown server or tool, arguments that are
    /// not a JSON object).
    #[command(after_help = examples::CALL)]
    Call(CallArgs),
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
    /// Also check each Desktop Extension's manifest.json beside the config
    #[arg(long)]
    pub extensions: bool,
    #[command(flatten)]
    pub ci: CiArgs,
}

// Output for CI (validate, test-launch, doctor). A plain comment: a doc
// comment on a flattened struct becomes the about of the command it is
// flattened into, and with `defer` it would replace that command's own.
#[derive(Debug, Args, Clone)]
pub struct CiArgs {
    /// Output format: `json` is --json; `github` adds GitHub Actions
    /// workflow commands (`::error file=...,line=...::`) after the text
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Also write a JUnit XML report to FILE (a test case per server entry,
    /// and per lane for the commands that launch servers)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Github,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to print the completion script for
    pub shell: clap_complete::Shell,
}

// (see CiArgs) Options shared by every command that launches servers.
#[derive(Debug, Args, Clone)]
pub struct LaunchArgs {
    /// Seconds each server may take (Claude Desktop allows 60 for initialize)
    #[arg(long, default_value_t = 60.0, value_name = "SECS", value_parser = timeout_secs)]
    pub timeout: f64,
    /// How many servers may start at once [default: twice the number of cores]
    #[arg(long, short = 'j', value_name = "N", value_parser = job_count)]
    pub jobs: Option<usize>,
    /// Launch with your shell's full environment and current directory
    /// instead of the app's sanitized environment and `/`
    #[arg(long)]
    pub shell_env: bool,
    /// Only judge the server as this lane of the app does: `chat`, or
    /// `cowork` (Cowork and Code sessions); repeatable [default: both]
    #[arg(long, value_enum, value_name = "LANE")]
    pub lane: Vec<LaneArg>,
    /// Also show the era probe's `server/discover` answer (the probe runs
    /// for the cowork lane anyway, and a remote server is always asked in
    /// both eras; with `--lane chat` it runs for this)
    #[arg(long)]
    pub discover: bool,
}

/// A lane of the app (`--lane`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LaneArg {
    /// The chat connection (`claude-ai`, initialize 2025-11-25)
    Chat,
    /// Cowork and Code sessions: the era probe, then their own copy beside the chat copy
    Cowork,
}

// (see CiArgs) Whether launches take the PATH the app logged (test-launch, doctor).
#[derive(Debug, Args, Clone)]
pub struct AppPathArgs {
    /// Launch each server with the PATH Claude Desktop logged giving it
    /// (mcp.log), when it logged one; `=false` keeps the OS profile's PATH.
    /// MCPCTL_APP_PATH, when set, wins over both
    #[arg(
        long,
        value_name = "BOOL",
        default_value_t = true,
        action = ArgAction::Set,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub app_path_from_logs: bool,
}

#[derive(Debug, Args)]
pub struct TestLaunchArgs {
    /// Servers to test (default: all, in config order)
    #[arg(conflicts_with = "url", add = ArgValueCandidates::new(server_names))]
    pub names: Vec<String>,
    /// Probe this remote MCP server over HTTP instead (no config needed;
    /// never signs in or opens a browser)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// With --url: a header to send, e.g. 'Authorization: Bearer TOKEN'
    /// (repeatable; values are never printed)
    #[arg(
        long = "header",
        short = 'H',
        value_name = "NAME: VALUE",
        requires = "url"
    )]
    pub headers: Vec<String>,
    #[command(flatten)]
    pub launch: LaunchArgs,
    #[command(flatten)]
    pub app_path: AppPathArgs,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    /// Also list each server's tools, with the first line of each description
    #[arg(long)]
    pub tools: bool,
    #[command(flatten)]
    pub ci: CiArgs,
    /// A server given here instead of the config: `-- COMMAND [ARGS...]`
    /// (no config file needed)
    #[arg(last = true, value_name = "COMMAND", conflicts_with_all = ["names", "url"])]
    pub command: Vec<String>,
    /// With `-- COMMAND`: an environment variable for the server
    /// (repeatable; `--env KEY` alone takes KEY's value from mcpctl's own
    /// environment)
    #[arg(
        long = "env",
        short = 'e',
        value_name = "KEY=VALUE",
        requires = "command"
    )]
    pub env: Vec<String>,
    /// With `-- COMMAND`: the name shown (default: the program's file stem)
    #[arg(long, value_name = "NAME", requires = "command")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    // one server, one call, as a chat makes it: these play no part
    mut_arg("jobs", |a| a.hide(true)),
    mut_arg("discover", |a| a.hide(true)),
    mut_arg("lane", |a| a.help(
        "The lane the call is made in: only `chat` (a chat's copy); `test-launch --lane cowork \
--tools` says what the cowork lane starts"
    )),
)]
pub struct CallArgs {
    /// Server name, as in the config
    pub server: String,
    /// Tool name (`mcpctl test-launch SERVER --tools` lists them)
    pub tool: String,
    /// The tool's arguments as a JSON object (default: {}); `-` reads them from stdin
    #[arg(value_name = "JSON")]
    pub arguments: Option<String>,
    #[command(flatten)]
    pub launch: LaunchArgs,
    #[command(flatten)]
    pub app_path: AppPathArgs,
    /// Show env values instead of masking them (in the result too)
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
    /// Environment variable for the server (repeatable; `--env KEY` alone
    /// takes KEY's value from mcpctl's own environment, never echoed)
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
    /// Do not ask for confirmation (asked only after asking for a missing
    /// name or command)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub launch: LaunchArgs,
}

// `[NAME] <JSON>`, so usage, help and errors say what the command reads:
// one word is the JSON (`allow_missing_positional`: an optional positional
// before a required one, filled only when both are given). clap takes a
// word followed by a flag for the last one (`add-json NAME --check JSON`
// would then find the JSON one word too many), unless NAME takes what
// starts with `-`: a flag it knows is still a flag, and one it does not
// ends in NAME, which `Cli::no_flag_as_name` refuses. (The JSON's field
// is not `json`: that id is the global `--json`'s.)
#[derive(Debug, Args)]
#[command(allow_missing_positional = true)]
pub struct AddJsonArgs {
    /// The server's name: needed for a bare entry; a block of one server
    /// is saved under it (default: the names the JSON gives)
    #[arg(value_name = "NAME", allow_hyphen_values = true)]
    pub name: Option<String>,
    /// The JSON (an entry, or an mcpServers block), or `-` to read it from
    /// stdin
    #[arg(value_name = "JSON")]
    pub snippet: String,
    /// Keep bare commands as written instead of resolving them through PATH
    #[arg(long)]
    pub no_resolve: bool,
    /// Save a remote (`url`) entry as an mcp-remote bridge entry (headers
    /// to --header, secrets to env), as `doctor --fix` does
    #[arg(long)]
    pub bridge: bool,
    /// Replace each `${NAME}` (`${env:NAME}`, `${NAME:-default}`,
    /// `${userHome}`), which Claude Code, Cursor and VS Code expand and
    /// Claude Desktop does not, with its value from mcpctl's environment
    #[arg(long)]
    pub fill_env: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

// (see CiArgs) What `add-json` and `import` share: they write several servers at once.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Replace existing entries of the same names; save even when --check
    /// fails
    #[arg(long)]
    pub force: bool,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Launch each new entry and run the handshake before saving
    #[arg(long)]
    pub check: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub launch: LaunchArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Replace env values (and secrets in args) with ${KEY} placeholders
    #[arg(long)]
    pub redact: bool,
    /// Write the document to FILE instead of stdout (`-`: stdout)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export document, or `-` to read it from stdin
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Import even when placeholders are not set in the environment (they
    /// are saved as written, `${KEY}`)
    #[arg(long)]
    pub allow_missing: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Server name
    #[arg(add = ArgValueCandidates::new(server_names))]
    pub name: String,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Accepted for older scripts: remove never asks
    #[arg(long, short = 'y', hide = true)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EnvArgs {
    /// Server name
    #[arg(add = ArgValueCandidates::new(server_names))]
    pub name: String,
    /// KEY=VALUE to set, or KEY alone to take its value from mcpctl's own
    /// environment (never echoed)
    #[arg(value_name = "KEY[=VALUE]")]
    pub set: Vec<String>,
    /// Remove the variable KEY from the server's env (repeatable)
    #[arg(long, value_name = "KEY")]
    pub unset: Vec<String>,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ToggleArgs {
    /// Server name, or a Desktop Extension's id or name
    #[arg(add = ArgValueCandidates::new(toggle_names))]
    pub name: String,
    /// NAME is a Desktop Extension, even when a config server has that name
    #[arg(long)]
    pub extension: bool,
    /// Show what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Backup to put back (a number from the list, a file name or a path);
    /// omit to list them
    pub backup: Option<String>,
    /// Put back only the servers the file lost (from BACKUP, default the newest),
    /// keeping everything else the file has now (the app's preferences)
    #[arg(long)]
    pub merge_servers: bool,
    /// Put the backup back even though it does not parse (to repair it by
    /// hand; the app cannot read it until then)
    #[arg(long, requires = "backup")]
    pub force: bool,
    /// Print the diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Accepted for older scripts: restore never asks
    #[arg(long, short = 'y', hide = true)]
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
    /// With --fix: apply without asking (needed when stdin is not a
    /// terminal)
    #[arg(long, short = 'y', requires = "fix")]
    pub yes: bool,
    /// With --fix: show the diff and write nothing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Show env values instead of masking them
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub launch: LaunchArgs,
    #[command(flatten)]
    pub app_path: AppPathArgs,
    #[command(flatten)]
    pub ci: CiArgs,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Servers to show (default: every server of the config and of the
    /// app's last launch)
    pub names: Vec<String>,
    /// Ignore lines older than this, e.g. 30m, 2h, 3d, 1h30m
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub since: Option<Duration>,
    /// Keep reading: show new lines as the app writes them (Ctrl-C stops)
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// The lines of each server's last session as the app wrote them
    #[arg(long)]
    pub raw: bool,
    /// Show the config's env values where the logs quote them
    #[arg(long)]
    pub show_secrets: bool,
}

/// The longest `--timeout` (an hour): longer is a typo, not a wait.
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// The shortest `--timeout` (a millisecond): below it no process starts,
/// and the verdict would say "within 0 ms".
pub const MIN_TIMEOUT_SECS: f64 = 0.001;

/// `--timeout SECS`: seconds from a millisecond to an hour.
fn timeout_secs(s: &str) -> Result<f64, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| "it takes a number of seconds, e.g. --timeout 60".to_string())?;
    if secs.is_finite() && (MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(
            "it takes seconds from 0.001 to 3600 (Claude Desktop allows 60 s for \
initialize: --timeout 60)"
                .to_string(),
        )
    }
}

/// The longest `--since` (ten years): longer is a typo.
const MAX_SINCE_SECS: u64 = 10 * 366 * 86_400;

/// `--since DURATION`: whole numbers with a unit, `s`, `m`, `h`, `d` or
/// `w`, one or more (`1h30m`), above 0.
fn duration(s: &str) -> Result<Duration, String> {
    const HOW: &str =
        "it takes a number with a unit (s, m, h, d or w), e.g. --since 30m, 2h, 3d or 1h30m";
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut units = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if units.contains(c) {
            return Err(format!("{s:?} gives `{c}` twice: {HOW}"));
        }
        units.push(c);
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(HOW.into()),
        };
        if digits.is_empty() {
            return Err(HOW.into());
        }
        // (only digits: a number that does not parse is too long)
        let too_long = || format!("{s:?} is more than ten years: {HOW}");
        let n: u64 = digits.parse().map_err(|_| too_long())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(too_long)?;
    }
    if !digits.is_empty() {
        return Err(format!("{s:?} has no unit: {HOW}"));
    }
    if total == 0 && !units.is_empty() {
        return Err(format!("{s:?} is no time at all: {HOW}"));
    }
    if total > MAX_SINCE_SECS {
        return Err(format!("{s:?} is more than ten years: {HOW}"));
    }
    if total == 0 {
        return Err(HOW.into());
    }
    Ok(Duration::from_secs(total))
}

/// `--jobs N`: 1 or more.
fn job_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => {
            Err("0 would start nothing: use 1 or more (default: twice the number of cores)".into())
        }
        Ok(n) => Ok(n),
        Err(_) => Err("it takes a whole number of servers, e.g. --jobs 4".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_and_jobs_are_checked_where_clap_reads_them() {
        assert_eq!(timeout_secs("2.5"), Ok(2.5));
        assert_eq!(timeout_secs("3600"), Ok(3600.0));
        assert_eq!(timeout_secs("0.001"), Ok(0.001));
        for bad in [
            "0", "1e-10", "0.0009", "-1", "NaN", "inf", "3601", "abc", "",
        ] {
            assert!(timeout_secs(bad).is_err(), "{bad}");
        }
        assert_eq!(job_count("4"), Ok(4));
        assert!(job_count("0").is_err());
        assert!(job_count("-1").is_err());
    }

    #[test]
    fn since_takes_a_number_with_a_unit() {
        assert_eq!(duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(duration("1w"), Ok(Duration::from_secs(604_800)));
        assert_eq!(duration("45s"), Ok(Duration::from_secs(45)));
        for bad in [
            "",
            "0m",
            "30",
            "m",
            "1.5h",
            "-2h",
            "2 hours",
            "99999999999w",
        ] {
            assert!(duration(bad).is_err(), "{bad}");
        }
        assert!(duration("30").unwrap_err().contains("has no unit"));
        // each refusal says what is wrong with what was written
        assert!(duration("1h1h").unwrap_err().contains("gives `h` twice"));
        assert!(duration("0s").unwrap_err().contains("no time at all"));
        assert!(
            duration("1000w")
                .unwrap_err()
                .contains("more than ten years")
        );
        for huge in ["99999999999999999999s", "99999999999w"] {
            assert!(
                duration(huge).unwrap_err().contains("more than ten years"),
                "{huge}"
            );
        }
    }

    #[test]
    fn app_path_from_logs_is_on_unless_set_false() {
        let on = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).expect("parses");
            match cli.command {
                Command::TestLaunch(a) => a.app_path.app_path_from_logs,
                Command::Doctor(a) => a.app_path.app_path_from_logs,
                _ => panic!("wrong command"),
            }
        };
        assert!(on(&["mcpctl", "test-launch"]));
        assert!(on(&["mcpctl", "doctor", "--app-path-from-logs"]));
        assert!(!on(&["mcpctl", "doctor", "--app-path-from-logs=false"]));
        assert!(!on(&[
            "mcpctl",
            "test-launch",
            "--app-path-from-logs=false",
            "x"
        ]));
        assert!(
            Cli::try_parse_from(["mcpctl", "test-launch", "--app-path-from-logs=maybe"]).is_err()
        );
        // it is not a flag of add: add --check launches an entry the app has not logged
        assert!(
            Cli::try_parse_from([
                "mcpctl",
                "add",
                "x",
                "--app-path-from-logs=false",
                "--",
                "y"
            ])
            .is_err()
        );
    }

    #[test]
    fn parse_once_reads_what_try_parse_from_reads() {
        let os =
            |args: &[&str]| -> Vec<std::ffi::OsString> { args.iter().map(Into::into).collect() };
        for args in [
            &["mcpctl", "--json", "doctor", "--fix", "--dry-run"][..],
            &["mcpctl", "test-launch", "--lane", "chat", "x"][..],
            &["mcpctl", "add", "x", "--", "npx", "-y", "pkg"][..],
        ] {
            let once = Cli::parse_once(&os(args)).expect("parses");
            let plain = Cli::try_parse_from(args).expect("parses");
            assert_eq!(format!("{once:?}"), format!("{plain:?}"), "{args:?}");
        }
        for args in [&["mcpctl", "nope"][..], &["mcpctl", "--version"][..]] {
            let once = Cli::parse_once(&os(args)).expect_err("not a run");
            let plain = Cli::try_parse_from(args).expect_err("not a run");
            assert_eq!(once.kind(), plain.kind(), "{args:?}");
            assert_eq!(once.to_string(), plain.to_string(), "{args:?}");
        }
    }

    #[test]
    fn test_launch_dashes_need_a_command() {
        let os =
            |args: &[&str]| -> Vec<std::ffi::OsString> { args.iter().map(Into::into).collect() };
        let e = Cli::parse_once(&os(&["mcpctl", "test-launch", "--"])).expect_err("usage error");
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
        let text = e.to_string();
        assert!(
            text.contains("`--` must be followed by the command"),
            "{text}"
        );
        assert!(text.contains("Usage: mcpctl test-launch"), "{text}");
        // Without `--`, no command still means the config's servers.
        assert!(Cli::parse_once(&os(&["mcpctl", "test-launch"])).is_ok());
        assert!(Cli::parse_once(&os(&["mcpctl", "test-launch", "--", "npx", "--"])).is_ok());
    }

    /// `add-json -- NAME JSON` takes NAME as written; the word `add-json`
    /// elsewhere (a config's name, a launched command's argument) leaves
    /// another command's words alone.
    #[test]
    fn a_name_after_dashes_is_add_json_s_alone() {
        let os =
            |args: &[&str]| -> Vec<std::ffi::OsString> { args.iter().map(Into::into).collect() };
        let cli = Cli::parse_once(&os(&["mcpctl", "add-json", "--", "-q", "{}"])).expect("parses");
        let Command::AddJson(a) = cli.command else {
            panic!("not add-json")
        };
        assert_eq!((a.name.as_deref(), a.snippet.as_str()), (Some("-q"), "{}"));
        for (args, command) in [
            (
                &[
                    "mcpctl",
                    "--config",
                    "add-json",
                    "test-launch",
                    "--",
                    "npx",
                    "pkg",
                ][..],
                "npx pkg",
            ),
            (
                &["mcpctl", "test-launch", "--", "add-json", "--", "npx"],
                "add-json -- npx",
            ),
        ] {
            let cli = Cli::parse_once(&os(args)).expect("parses");
            let Command::TestLaunch(t) = cli.command else {
                panic!("not test-launch: {args:?}")
            };
            assert_eq!(t.command.join(" "), command, "{args:?}");
        }
    }

    #[test]
    fn yes_and_dry_run_need_fix() {
        for args in [
            &["mcpctl", "doctor", "--yes"][..],
            &["mcpctl", "doctor", "--dry-run"][..],
        ] {
            let e = Cli::try_parse_from(args).expect_err("usage error");
            assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
            assert!(e.to_string().contains("--fix"), "{e}");
        }
        assert!(Cli::try_parse_from(["mcpctl", "doctor", "--fix", "--dry-run", "--yes"]).is_ok());
    }

    #[test]
    fn every_commands_help_ends_with_examples() {
        use clap::CommandFactory;
        let mut cli = Cli::command();
        for sub in cli.get_subcommands_mut() {
            let help = sub.render_long_help().to_string();
            let tail = help.rsplit("Examples:\n").next().unwrap_or("");
            let lines: Vec<&str> = tail.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(
                help.contains("Examples:\n") && (2..=3).contains(&lines.len()),
                "{}: {help}",
                sub.get_name()
            );
            for l in &lines {
                assert!(l.contains("mcpctl "), "{}: {l}", sub.get_name());
                assert!(l.chars().count() < 80, "{}: {l}", sub.get_name());
            }
        }
    }
}
