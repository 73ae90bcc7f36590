//! Between clap and the commands: [`resolve`] turns the parsed flags
//! (`cli`), the host and which streams are terminals into what each
//! command needs, once. Ranges were checked where clap read the flags (its
//! value parsers), flags that need another were declared with `requires`;
//! here the shared launch flags become probe options in one way only
//! ([`launch`]), for `test-launch`, `doctor` and `add --check` alike.
//! Pure: the terminals are detected at the edge ([`Terminals::detect`]).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{self, AppPathArgs, Cli, LaneArg, LaunchArgs};
use crate::platform::HostEnv;
use crate::probe::{self, EnvMode, Lane, Lanes, ProbeOptions};
use crate::report::Format;
use crate::report::style::Style;

/// Everything one run needs to know.
#[derive(Debug, Clone)]
pub struct Settings {
    pub global: Global,
    pub command: Command,
}

/// What every command shares.
#[derive(Debug, Clone)]
pub struct Global {
    pub host: HostEnv,
    /// `--config` (the `MCPCTL_CONFIG` variable is read where the file is
    /// located; the flag wins).
    pub config: Option<PathBuf>,
    pub format: Format,
    /// Prompts are allowed only when stdin is a terminal, never with --json.
    pub interactive: bool,
    /// Progress bars only when stderr is a terminal, never with --json.
    pub progress: bool,
}

impl Global {
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// Which of the standard streams are terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terminals {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminals {
    /// The real streams. The only place that asks.
    pub fn detect() -> Terminals {
        Terminals {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }
}

/// Styling for stdout and stderr: colour only on a terminal, never with
/// `NO_COLOR`.
pub fn styles(host: &HostEnv, tty: Terminals) -> (Style, Style) {
    let color = host.color_allowed();
    (
        Style::new(color && tty.stdout),
        Style::new(color && tty.stderr),
    )
}

/// Each subcommand with its settings.
#[derive(Debug, Clone)]
pub enum Command {
    Path,
    List(List),
    Validate(Validate),
    Schema,
    Completions(Completions),
    TestLaunch(TestLaunch),
    Add(Add),
    AddJson(AddJson),
    Export(Export),
    Import(Import),
    Remove(Remove),
    Env(EnvEdit),
    Disable(Toggle),
    Enable(Toggle),
    Restore(Restore),
    Doctor(Doctor),
    Logs(Logs),
    Call(Call),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct List {
    pub show_secrets: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validate {
    /// Warnings fail too.
    pub strict: bool,
    /// Lint the Desktop Extensions' manifests too.
    pub extensions: bool,
    pub ci: Ci,
}

/// CI output (`--format github`, `--junit FILE`): validate, test-launch,
/// doctor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ci {
    /// GitHub Actions workflow commands after the report.
    pub github: bool,
    /// Where to write the JUnit XML report.
    pub junit: Option<PathBuf>,
}

impl Ci {
    fn new(a: cli::CiArgs) -> Ci {
        Ci {
            github: a.format == Some(cli::FormatArg::Github),
            junit: a.junit,
        }
    }
}

/// `--format json` is `--json`.
fn format_json(c: &cli::Command) -> bool {
    let ci = match c {
        cli::Command::Validate(a) => &a.ci,
        cli::Command::TestLaunch(a) => &a.ci,
        cli::Command::Doctor(a) => &a.ci,
        _ => return false,
    };
    ci.format == Some(cli::FormatArg::Json)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completions {
    pub shell: clap_complete::Shell,
}

/// How to launch servers: the probe's options and how many at once.
#[derive(Debug, Clone)]
pub struct Launch {
    pub probe: ProbeOptions,
    pub jobs: usize,
    /// Give each server the PATH the app logged giving it, when it logged
    /// one (`--app-path-from-logs`, test-launch and doctor; the command
    /// reads the logs and sets it on the launch spec). `MCPCTL_APP_PATH`
    /// wins when set.
    pub app_path_from_logs: bool,
}

#[derive(Debug, Clone)]
pub struct TestLaunch {
    /// Servers to test; empty: all, in config order.
    pub names: Vec<String>,
    /// `--url`: probe this remote server instead of the config's.
    pub url: Option<String>,
    /// `--header NAME: VALUE` for `--url`, as typed (parsed by the
    /// command, which never echoes a value).
    pub headers: Vec<String>,
    pub launch: Launch,
    pub show_secrets: bool,
    /// List each server's tools (`--tools`).
    pub tools: bool,
    pub ci: Ci,
    /// `-- COMMAND [ARGS...]`: one server from the command line instead of
    /// the config (empty: the config's).
    pub command: Vec<String>,
    /// With `command`: `--env` as typed (parsed like add's).
    pub env: Vec<String>,
    /// With `command`: the name shown.
    pub name: Option<String>,
}

/// `mcpctl call SERVER TOOL [JSON]`.
#[derive(Debug, Clone)]
pub struct Call {
    pub server: String,
    pub tool: String,
    /// As typed: a JSON object, `-` for stdin, `None` for `{}` (the
    /// command reads and checks it).
    pub arguments: Option<String>,
    /// How to launch the server (`jobs` plays no part: one server).
    pub launch: Launch,
    pub show_secrets: bool,
}

#[derive(Debug, Clone)]
pub struct Add {
    pub name: Option<String>,
    /// The command and its arguments (after `--`).
    pub command: Vec<String>,
    /// `--env KEY=VALUE` as typed (the command parses them: a bad one is
    /// reported without echoing its value, which may be a secret).
    pub env: Vec<String>,
    pub force: bool,
    pub dry_run: bool,
    pub no_resolve: bool,
    /// With `--check`: how to probe the new entry.
    pub check: Option<ProbeOptions>,
    pub yes: bool,
    pub show_secrets: bool,
}

/// `add-json [NAME] JSON`: an explicit command, so it acts without asking.
#[derive(Debug, Clone)]
pub struct AddJson {
    pub name: Option<String>,
    /// The JSON as typed, or `-` (the command reads stdin).
    pub json: String,
    pub no_resolve: bool,
    /// Save a url entry as an mcp-remote bridge entry.
    pub bridge: bool,
    /// Fill other clients' `${NAME}`s from mcpctl's environment.
    pub fill_env: bool,
    pub batch: Batch,
}

/// What `add-json` and `import` share: several servers written at once.
#[derive(Debug, Clone)]
pub struct Batch {
    pub force: bool,
    pub dry_run: bool,
    /// With `--check`: how to probe each new entry.
    pub check: Option<ProbeOptions>,
    pub show_secrets: bool,
}

fn batch(a: cli::BatchArgs) -> Batch {
    Batch {
        check: a
            .check
            .then(|| launch(&a.launch, a.show_secrets, &NOT_LOGGED).probe),
        force: a.force,
        dry_run: a.dry_run,
        show_secrets: a.show_secrets,
    }
}

/// `export [--redact] [-o FILE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub redact: bool,
    /// `None`: stdout.
    pub output: Option<PathBuf>,
}

/// `import FILE|-`: an explicit command, so it acts without asking.
#[derive(Debug, Clone)]
pub struct Import {
    /// A path, or `-` for stdin.
    pub file: String,
    pub allow_missing: bool,
    pub batch: Batch,
}

/// `remove`: an explicit command, so it acts without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remove {
    pub name: String,
    pub dry_run: bool,
}

/// `env`: an explicit command, so it acts without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEdit {
    pub name: String,
    /// `KEY=VALUE`, or `KEY` (its value from mcpctl's environment), as typed.
    pub set: Vec<String>,
    pub unset: Vec<String>,
    pub dry_run: bool,
    pub show_secrets: bool,
}

/// `restore`: an explicit command, so it acts without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// A number from the list, a file name or a path; `None` lists them
    /// (or, with `merge_servers`, means the newest).
    pub backup: Option<String>,
    /// Put back only the servers the file lost.
    pub merge_servers: bool,
    /// Put back a backup that does not parse.
    pub force: bool,
    /// Show the diff, write nothing.
    pub dry_run: bool,
}

/// `disable NAME` / `enable NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toggle {
    pub name: String,
    /// NAME is an extension even when a config server has that name.
    pub extension: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub struct Doctor {
    /// `None` with `--no-launch`.
    pub launch: Option<Launch>,
    /// `None` without `--fix`.
    pub fix: Option<Fix>,
    pub show_secrets: bool,
    pub ci: Ci,
}

/// `mcpctl logs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logs {
    /// Servers to show; empty: the config's and the app's last launch.
    pub names: Vec<String>,
    /// `--since`: lines older than this are not read.
    pub since: Option<Duration>,
    pub follow: bool,
    pub raw: bool,
    pub show_secrets: bool,
}

/// `doctor --fix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fix {
    /// Do not ask.
    pub yes: bool,
    /// Show the diff, write nothing.
    pub dry_run: bool,
}

/// The settings for one run.
pub fn resolve(cli: Cli, host: HostEnv, tty: Terminals) -> Settings {
    let json = cli.global.json || format_json(&cli.command);
    let global = Global {
        config: cli.global.config,
        format: if json { Format::Json } else { Format::Text },
        interactive: tty.stdin && !json,
        progress: tty.stderr && !json,
        host,
    };
    let command = match cli.command {
        cli::Command::Path => Command::Path,
        cli::Command::List(a) => Command::List(List {
            show_secrets: a.show_secrets,
        }),
        cli::Command::Validate(a) => Command::Validate(Validate {
            strict: a.strict,
            extensions: a.extensions,
            ci: Ci::new(a.ci),
        }),
        cli::Command::Schema => Command::Schema,
        cli::Command::Completions(a) => Command::Completions(Completions { shell: a.shell }),
        cli::Command::TestLaunch(a) => Command::TestLaunch(TestLaunch {
            launch: launch(&a.launch, a.show_secrets, &a.app_path),
            names: a.names,
            url: a.url,
            headers: a.headers,
            show_secrets: a.show_secrets,
            tools: a.tools,
            ci: Ci::new(a.ci),
            command: a.command,
            env: a.env,
            name: a.name,
        }),
        cli::Command::Add(a) => Command::Add(Add {
            check: a
                .check
                .then(|| launch(&a.launch, a.show_secrets, &NOT_LOGGED).probe),
            name: a.name,
            command: a.command,
            env: a.env,
            force: a.force,
            dry_run: a.dry_run,
            no_resolve: a.no_resolve,
            yes: a.yes,
            show_secrets: a.show_secrets,
        }),
        cli::Command::AddJson(a) => Command::AddJson(AddJson {
            name: a.name,
            json: a.snippet,
            no_resolve: a.no_resolve,
            bridge: a.bridge,
            fill_env: a.fill_env,
            batch: batch(a.batch),
        }),
        cli::Command::Export(a) => Command::Export(Export {
            redact: a.redact,
            output: a.output,
        }),
        cli::Command::Import(a) => Command::Import(Import {
            file: a.file,
            allow_missing: a.allow_missing,
            batch: batch(a.batch),
        }),
        cli::Command::Remove(a) => Command::Remove(Remove {
            name: a.name,
            dry_run: a.dry_run,
        }),
        cli::Command::Env(a) => Command::Env(EnvEdit {
            name: a.name,
            set: a.set,
            unset: a.unset,
            dry_run: a.dry_run,
            show_secrets: a.show_secrets,
        }),
        cli::Command::Disable(a) => Command::Disable(toggle(a)),
        cli::Command::Enable(a) => Command::Enable(toggle(a)),
        cli::Command::Restore(a) => Command::Restore(Restore {
            backup: a.backup,
            merge_servers: a.merge_servers,
            force: a.force,
            dry_run: a.dry_run,
        }),
        cli::Command::Doctor(a) => Command::Doctor(Doctor {
            launch: (!a.no_launch).then(|| launch(&a.launch, a.show_secrets, &a.app_path)),
            fix: a.fix.then_some(Fix {
                yes: a.yes,
                dry_run: a.dry_run,
            }),
            show_secrets: a.show_secrets,
            ci: Ci::new(a.ci),
        }),
        cli::Command::Logs(a) => Command::Logs(Logs {
            names: a.names,
            since: a.since,
            follow: a.follow,
            raw: a.raw,
            show_secrets: a.show_secrets,
        }),
        cli::Command::Call(a) => Command::Call(Call {
            launch: launch(&a.launch, a.show_secrets, &a.app_path),
            server: a.server,
            tool: a.tool,
            arguments: a.arguments,
            show_secrets: a.show_secrets,
        }),
    };
    Settings { global, command }
}

/// `add --check` launches an entry the app has not started yet: there is
/// no logged PATH to take.
const NOT_LOGGED: AppPathArgs = AppPathArgs {
    app_path_from_logs: false,
};
fn toggle(a: cli::ToggleArgs) -> Toggle {
    Toggle {
        name: a.name,
        extension: a.extension,
        dry_run: a.dry_run,
    }
}

/// The shared launch flags as probe options: the one way they become
/// options (`--timeout` and `--jobs` were range-checked by clap).
pub fn launch(a: &LaunchArgs, show_secrets: bool, app_path: &AppPathArgs) -> Launch {
    Launch {
        probe: ProbeOptions {
            timeout: Duration::from_secs_f64(a.timeout),
            env_mode: if a.shell_env {
                EnvMode::Shell
            } else {
                EnvMode::App
            },
            lanes: Lanes::only(
                &a.lane
                    .iter()
                    .map(|l| match l {
                        LaneArg::Chat => Lane::Chat,
                        LaneArg::Cowork => Lane::Cowork,
                    })
                    .collect::<Vec<_>>(),
            ),
            discover: a.discover,
            // with the shell's environment there is nothing to compare with
            compare_shell: !a.shell_env,
            show_secrets,
        },
        jobs: a.jobs.unwrap_or_else(probe::default_jobs),
        // with the shell's environment the app's PATH plays no part
        app_path_from_logs: app_path.app_path_from_logs && !a.shell_env,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str], tty: Terminals) -> Settings {
        let cli = Cli::try_parse_from(args).expect("parses");
        let host = HostEnv {
            os: crate::platform::Os::Linux,
            home: None,
            vars: Default::default(),
            cwd: "/".into(),
            non_unicode: Default::default(),
        };
        resolve(cli, host, tty)
    }

    const ALL: Terminals = Terminals {
        stdin: true,
        stdout: true,
        stderr: true,
    };

    #[test]
    fn launch_flags_become_the_same_probe_options_for_every_command() {
        let flags = ["--timeout", "2.5", "--shell-env", "--discover", "-j", "3"];
        let tl = settings(&[&["mcpctl", "test-launch"][..], &flags].concat(), ALL);
        let dr = settings(&[&["mcpctl", "doctor"][..], &flags].concat(), ALL);
        let add = settings(
            &[
                &["mcpctl", "add", "x", "--check"][..],
                &flags,
                &["--", "cmd"],
            ]
            .concat(),
            ALL,
        );
        let (Command::TestLaunch(tl), Command::Doctor(dr), Command::Add(add)) =
            (tl.command, dr.command, add.command)
        else {
            panic!("wrong commands");
        };
        let dr = dr.launch.expect("launches");
        let check = add.check.expect("--check");
        for p in [&tl.launch.probe, &dr.probe, &check] {
            assert_eq!(p.timeout, Duration::from_millis(2500));
            assert_eq!(p.env_mode, EnvMode::Shell);
            assert!(p.discover && !p.compare_shell);
        }
        assert_eq!((tl.launch.jobs, dr.jobs), (3, 3));
        assert_eq!(tl.launch.probe.lanes, Lanes::default());
        let narrowed = settings(&["mcpctl", "test-launch", "--lane", "cowork"], ALL);
        let Command::TestLaunch(narrowed) = narrowed.command else {
            panic!("test-launch");
        };
        assert_eq!(narrowed.launch.probe.lanes.list(), [Lane::Cowork]);
        assert!(
            !tl.launch.app_path_from_logs,
            "--shell-env: no app PATH at all"
        );
    }

    #[test]
    fn the_logged_path_is_taken_unless_turned_off() {
        let on = |args: &[&str]| match settings(args, ALL).command {
            Command::TestLaunch(t) => t.launch.app_path_from_logs,
            Command::Doctor(d) => d.launch.expect("launches").app_path_from_logs,
            _ => panic!("wrong command"),
        };
        assert!(on(&["mcpctl", "test-launch"]));
        assert!(on(&["mcpctl", "doctor"]));
        assert!(!on(&["mcpctl", "doctor", "--app-path-from-logs=false"]));
        assert!(!on(&[
            "mcpctl",
            "test-launch",
            "--app-path-from-logs=false"
        ]));
    }

    #[test]
    fn logs_settings() {
        let s = settings(
            &[
                "mcpctl",
                "logs",
                "a",
                "b",
                "--since",
                "2h",
                "-f",
                "--show-secrets",
            ],
            ALL,
        );
        assert_eq!(
            s.command_logs(),
            Some(&Logs {
                names: vec!["a".into(), "b".into()],
                since: Some(Duration::from_secs(7200)),
                follow: true,
                raw: false,
                show_secrets: true,
            })
        );
    }

    impl Settings {
        fn command_logs(&self) -> Option<&Logs> {
            match &self.command {
                Command::Logs(l) => Some(l),
                _ => None,
            }
        }
    }

    #[test]
    fn call_takes_the_launch_flags_the_one_way() {
        let s = settings(
            &[
                "mcpctl",
                "call",
                "mem",
                "search",
                "{}",
                "--timeout",
                "2.5",
                "--shell-env",
            ],
            ALL,
        );
        let Command::Call(c) = s.command else {
            panic!("call")
        };
        assert_eq!((c.server.as_str(), c.tool.as_str()), ("mem", "search"));
        assert_eq!(c.arguments.as_deref(), Some("{}"));
        assert_eq!(c.launch.probe.timeout, Duration::from_millis(2500));
        assert_eq!(c.launch.probe.env_mode, EnvMode::Shell);
    }

    #[test]
    fn json_turns_off_prompts_and_progress() {
        let s = settings(&["mcpctl", "list", "--json"], ALL);
        assert!(s.global.json() && !s.global.interactive && !s.global.progress);
        let s = settings(&["mcpctl", "list"], ALL);
        assert!(!s.global.json() && s.global.interactive && s.global.progress);
        let s = settings(&["mcpctl", "list"], Terminals::default());
        assert!(!s.global.interactive && !s.global.progress);
    }

    #[test]
    fn a_servers_own_json_flag_is_not_mcpctls() {
        let s = settings(&["mcpctl", "add", "x", "--", "srv", "--json"], ALL);
        assert_eq!(s.global.format, Format::Text);
        let Command::Add(a) = s.command else {
            panic!("add")
        };
        assert_eq!(a.command, ["srv", "--json"]);
    }

    #[test]
    fn doctor_without_launch_or_fix() {
        let s = settings(&["mcpctl", "doctor", "--no-launch"], ALL);
        let Command::Doctor(d) = s.command else {
            panic!("doctor")
        };
        assert!(d.launch.is_none() && d.fix.is_none());
        let s = settings(&["mcpctl", "doctor", "--fix", "--dry-run"], ALL);
        let Command::Doctor(d) = s.command else {
            panic!("doctor")
        };
        assert_eq!(
            d.fix,
            Some(Fix {
                yes: false,
                dry_run: true
            })
        );
    }
}
