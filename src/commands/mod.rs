//! One file per subcommand. Each `run` orchestrates: it takes its
//! settings, asks `config`, `machine`, `probe` and `plan` to do the work,
//! builds its report (`report`), writes it through the one output path
//! (`output`) and returns what it concluded ([`Exit`]: 0 or 1). When it
//! cannot do its job it returns an `error::Stop`, and `run_from_args`
//! decides the exit code.

use crate::config::model::{ServerEntry, effective};
use crate::error::Stop;
use crate::output::Output;
use crate::probe::{LaunchSpec, ProbeReport};
use crate::report;
use crate::settings::{Command, Global, Launch, Settings};

pub mod add;
pub mod add_json;
pub mod app_logs;
pub mod app_state;
pub mod call;
pub mod ci;
pub mod completions;
pub mod disable;
pub mod doctor;
pub mod env;
pub mod export;
pub mod import;
pub mod list;
pub mod logs;
pub mod path;
pub mod prompt;
pub mod remote;
pub mod remove;
pub mod restore;
pub mod schema;
pub mod target;
pub mod test_command;
pub mod test_launch;
pub mod validate;

/// Process exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything checked is fine (warnings allowed unless `--strict`).
    Ok = 0,
    /// Problems were found (config errors, failing servers, ...).
    Problems = 1,
    /// Usage error, I/O error, or the config could not be loaded at all.
    Usage = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// Dispatch to the subcommand.
pub fn run(settings: &Settings, out: &mut Output) -> Result<Exit, Stop> {
    let g = &settings.global;
    if g.host.cwd.is_relative() {
        // HostEnv keeps `.` when the OS has no current folder to give
        out.eprint(&report::text::note(
            out.err_style,
            "the current folder no longer exists (deleted or moved): a relative path given \
here can be neither read nor written; `cd` to a folder that exists, or give absolute paths",
        ))?;
    }
    if let Some(config) = &g.config {
        out.suggest_config(config);
    }
    match &settings.command {
        Command::Path => path::run(g, out),
        Command::List(s) => list::run(g, s, out),
        Command::Validate(s) => validate::run(g, s, out),
        Command::Schema => schema::run(out),
        Command::Completions(s) => completions::run(g, s, out),
        Command::TestLaunch(s) if !s.command.is_empty() => test_command::run(g, s, out),
        Command::TestLaunch(s) => test_launch::run(g, s, out),
        Command::Add(s) => add::run(g, s, out),
        Command::AddJson(s) => add_json::run(g, s, out),
        Command::Export(s) => export::run(g, s, out),
        Command::Import(s) => import::run(g, s, out),
        Command::Remove(s) => remove::run(g, s, out),
        Command::Env(s) => env::run(g, s, out),
        Command::Disable(s) => disable::run(g, s, true, out),
        Command::Enable(s) => disable::run(g, s, false, out),
        Command::Restore(s) => restore::run(g, s, out),
        Command::Doctor(s) => doctor::run(g, s, out),
        Command::Logs(s) => logs::run(g, s, out),
        Command::Call(s) => call::run(g, s, out),
    }
}

/// All of stdin as text, bounded like a config file
/// (`source::MAX_BYTES`): a pipe from /dev/zero ends, it does not fill
/// memory. None when there is more.
pub(crate) fn stdin_text() -> std::io::Result<Option<String>> {
    use std::io::Read;
    let limit = crate::config::source::MAX_BYTES;
    let mut text = String::new();
    std::io::stdin().take(limit + 1).read_to_string(&mut text)?;
    Ok((text.len() as u64 <= limit).then_some(text))
}

/// [`stdin_text`]'s limit, in MB, for messages.
pub(crate) fn stdin_limit_mb() -> u64 {
    crate::config::source::MAX_BYTES / (1024 * 1024)
}

/// Hide the secret-named variables of the shell's environment: a failing
/// server is run again in it, and what it prints there may quote them.
pub fn hide_shell_secrets(host: &crate::platform::HostEnv, out: &mut Output) {
    out.hide(&crate::secrets::Secrets::of_environment(&host.vars));
}

/// What the app would launch: one spec per name, at the position of its
/// first occurrence with the value of its last (`config::model::effective`).
pub fn launch_specs(servers: &[ServerEntry]) -> Vec<LaunchSpec> {
    effective(servers)
        .into_iter()
        .map(|s| LaunchSpec {
            name: s.name,
            command: s.command.unwrap_or_default(),
            args: s.args,
            env: s.env,
            app_path: None,
        })
        .collect()
}

/// Check every server (launch it, or probe it over HTTP: `remote`), with
/// a progress bar (labelled `label`) only when stderr is a terminal.
/// Results in input order.
pub fn probe_with_progress(
    g: &Global,
    label: &str,
    checks: &[remote::Check],
    launch: &Launch,
) -> Vec<ProbeReport> {
    remote::run_all(g, label, checks, launch)
}

/// Where a server's variables are set, for the hints that say how to set
/// one: a config entry (`mcpctl env NAME KEY`), or the `--env` of the
/// `add --check` under way (nothing is written yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvSetter {
    Config,
    AddFlag,
}

impl EnvSetter {
    /// The command that sets `key` (to `value`, or from the shell).
    fn sets(self, name: &str, key: &str, value: Option<&str>) -> String {
        let arg = match value {
            Some(v) => format!("{key}={v}"),
            None => key.to_string(),
        };
        match self {
            EnvSetter::Config => format!("`mcpctl env {name} {arg}`"),
            EnvSetter::AddFlag => format!("`--env {arg}`"),
        }
    }

    /// Whose `env` that is: the server's, or its entry's (`entry`).
    fn whose(self, entry: bool) -> &'static str {
        match (self, entry) {
            (EnvSetter::Config, false) => "this server's",
            (EnvSetter::Config, true) => "this entry's",
            (EnvSetter::AddFlag, _) => "the new entry's",
        }
    }
}

/// A server that fails for want of a variable gets a hint that names the
/// command that sets it (`mcpctl env NAME KEY`, or `add`'s `--env KEY`:
/// `setter`): a variable only the shell has (the shell launch passed and
/// the output names it) is copied from the shell; one the server's output
/// says it lacks, and that the entry does not set, is given a value (or
/// copied, when `host`, the shell mcpctl runs in, has it: `call` makes no
/// shell launch). Only for the config's servers and `add --check` (an
/// extension takes its values from its settings, an ad hoc command from
/// `--env`). A dotenv banner on stdout is silenced the same way
/// (`DOTENV_CONFIG_QUIET=true`).
pub fn hint_env_command(
    reports: &mut [ProbeReport],
    host: &crate::platform::HostEnv,
    setter: EnvSetter,
) {
    const QUIET: &str = "DOTENV_CONFIG_QUIET";
    for r in reports {
        let name = crate::escape::one_line(&crate::text::shell_word(&r.name)).into_owned();
        let sets = |key: &str, value: Option<&str>| setter.sets(&name, key, value);
        let entry_sets = |key: &str| r.env.iter().any(|(k, _)| k == key);
        if r.stdout_kind == Some(crate::probe::StdoutKind::DotenvBanner) && !entry_sets(QUIET) {
            r.hint = Some(format!(
                "{} silences it (dotenv 17 prints the banner on stdout), or load dotenv with \
{{ quiet: true }}",
                sets(QUIET, Some("true"))
            ));
            continue;
        }
        let shell_has = r
            .shell_comparison
            .as_ref()
            .filter(|c| c.ok && c.path_entry.is_none())
            .and_then(|c| c.named_vars.first());
        if let Some(first) = shell_has {
            r.hint = Some(format!(
                "{} copies it from your shell into {} \"env\" (Claude Desktop does not pass \
your shell's variables to servers)",
                sets(first, None),
                setter.whose(false)
            ));
            continue;
        }
        let shell_passed = r.shell_comparison.as_ref().is_some_and(|c| c.ok);
        if r.ok || r.verdict != crate::probe::Verdict::ExitedEarly || shell_passed {
            continue;
        }
        let said = format!("{}\n{}", r.message, r.stderr_tail.join("\n"));
        let Some(var) = crate::probe::compare::missing_variable(&said).filter(|v| !entry_sets(v))
        else {
            continue;
        };
        r.hint = Some(if host.var(&var).is_some() {
            format!(
                "the server asks for {var}, which {} \"env\" does not set and your shell \
does: {} copies it into the entry (Claude Desktop does not pass your shell's variables to servers)",
                setter.whose(true),
                sets(&var, None)
            )
        } else {
            format!(
                "the server asks for {var}, which {} \"env\" does not set: {} adds it ({} \
copies it from your shell once exported there)",
                setter.whose(true),
                sets(&var, Some("...")),
                sets(&var, None)
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{HostEnv, Os};
    use crate::probe::{StdoutKind, Verdict};

    /// A config server that exited early saying `stderr`.
    fn exited(name: &str, stderr: &str) -> ProbeReport {
        let mut r = crate::report::launch::tests::failing_report();
        r.name = name.into();
        r.verdict = Verdict::ExitedEarly;
        r.hint = Some("run the same command in a terminal".into());
        r.stderr_tail = vec![stderr.into()];
        r.env.clear();
        r
    }

    fn hinted(mut r: ProbeReport, host_vars: &[(&str, &str)]) -> String {
        let host = HostEnv::fake(Os::Linux, Some("/home/u"), host_vars);
        hint_env_command(std::slice::from_mut(&mut r), &host, EnvSetter::Config);
        r.hint.unwrap_or_default()
    }

    #[test]
    fn the_env_hints_name_the_command_only_where_it_is_the_fix() {
        let lacks = "error: environment variable API_KEY is not set";
        assert_eq!(
            hinted(exited("my server", lacks), &[]),
            "the server asks for API_KEY, which this entry's \"env\" does not set: `mcpctl env \
\"my server\" API_KEY=...` adds it (`mcpctl env \"my server\" API_KEY` copies it from your shell \
once exported there)"
        );
        assert!(
            hinted(exited("w", lacks), &[("API_KEY", "x")])
                .starts_with("the server asks for API_KEY, which this entry's \"env\" does not set and your shell does: `mcpctl env w API_KEY` copies it")
        );
        // the entry sets it already (its value is wrong): not this hint
        let mut set = exited("w", lacks);
        set.env = vec![("API_KEY".into(), "bad".into())];
        assert_eq!(hinted(set, &[]), "run the same command in a terminal");
        // a server that failed otherwise, or that passes with the shell's
        // environment for another reason, keeps its hint
        let mut other = exited("w", lacks);
        other.verdict = Verdict::Timeout;
        assert_eq!(hinted(other, &[]), "run the same command in a terminal");
        assert_eq!(
            hinted(exited("w", "error: Cannot find module 'x'"), &[]),
            "run the same command in a terminal"
        );
        let mut shell_passed = exited("w", lacks);
        shell_passed.shell_comparison = Some(crate::probe::ShellComparison {
            verdict: Verdict::Ok,
            ok: true,
            differences: Vec::new(),
            path_entry: None,
            shell_command: None,
            shell_only_vars: Vec::new(),
            shell_cwd: Some("/home/u/project".into()),
            named_vars: Vec::new(),
            same_failure: false,
            shell_ending: None,
            differs_only_in: None,
        });
        assert_eq!(
            hinted(shell_passed.clone(), &[]),
            "run the same command in a terminal"
        );
        // ... and when the shell passed because it has the variable
        if let Some(c) = &mut shell_passed.shell_comparison {
            c.named_vars = vec!["API_KEY".into()];
        }
        assert!(
            hinted(shell_passed, &[])
                .starts_with("`mcpctl env w API_KEY` copies it from your shell")
        );
        // a dotenv banner, unless the entry already says to be quiet
        let mut banner = exited("w", "");
        banner.stdout_kind = Some(StdoutKind::DotenvBanner);
        assert!(hinted(banner.clone(), &[]).starts_with("`mcpctl env w DOTENV_CONFIG_QUIET=true`"));
        banner.env = vec![("DOTENV_CONFIG_QUIET".into(), "true".into())];
        assert_eq!(hinted(banner, &[]), "run the same command in a terminal");
    }

    /// `add --check`: nothing is written, so the hint is `add`'s `--env`.
    #[test]
    fn the_env_hints_of_add_name_its_env_flag() {
        let host = HostEnv::fake(Os::Linux, Some("/home/u"), &[]);
        let mut r = exited("w", "error: environment variable API_KEY is not set");
        hint_env_command(std::slice::from_mut(&mut r), &host, EnvSetter::AddFlag);
        assert_eq!(
            r.hint.as_deref(),
            Some(
                "the server asks for API_KEY, which the new entry's \"env\" does not set: \
`--env API_KEY=...` adds it (`--env API_KEY` copies it from your shell once exported there)"
            )
        );
    }

    #[test]
    fn a_duplicate_name_keeps_its_first_place_and_last_value() {
        let text = r#"{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"},
                       "a": {"command": "z", "args": ["1"]}}}"#;
        let source = crate::config::source::Source::from_text("c.json", text);
        let doc = crate::config::syntax::parse(&source);
        let servers = doc
            .root
            .as_ref()
            .map(crate::config::model::servers)
            .unwrap_or_default();
        let specs = launch_specs(&servers);
        let got: Vec<(&str, &str)> = specs
            .iter()
            .map(|s| (s.name.as_str(), s.command.as_str()))
            .collect();
        assert_eq!(got, [("a", "z"), ("b", "y")]);
    }
}
