//! `mcpctl test-launch [NAME...]`: launch each configured server the way
//! Claude Desktop does, speak the real MCP handshake to it, and report a
//! verdict per server in config order. Exit 0 when all are ok, 1 when any
//! failed, 2 on a usage or config error. JSON shape:
//! docs/json/test-launch.md. The work is `probe`'s; this file picks the
//! servers, gives each the PATH the app logged for it (unless
//! `--app-path-from-logs=false`), shows progress and prints.
//!
//! The enabled Desktop Extensions beside the config are launched too, from
//! their manifests as the app would (`commands::app_state`), in the same
//! parallel batch; NAME may be an extension's id or name. Disabled
//! extensions and mcpctl's disabled entries are listed, not launched.

use std::time::Instant;

use super::app_state::{self as app_view, ExtRun};
use super::remote::{self, Check};
use super::{Exit, app_logs, launch_specs};
use crate::app::state::AppState;
use crate::config::load;
use crate::config::model::{self, AppParseError};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::probe::{self, LaunchSpec, ProbeOptions};
use crate::report::app_state::{ExtensionLaunch, NotLaunched};
use crate::report::diagnostics::DiagnosticJson;
use crate::report::failure::AtJson;
use crate::report::github::EntryAt;
use crate::report::launch::{LaunchRun, RunInfo};
use crate::report::{self, Format};
use crate::settings::{Global, TestLaunch};

pub fn run(g: &Global, s: &TestLaunch, out: &mut Output) -> Result<Exit, Stop> {
    if let Some(url) = &s.url {
        return run_url(g, s, url, out);
    }
    // clap drops a `requires` that conflicts with an argument given (the
    // names): said here, not ignored
    let stray = [
        (!s.headers.is_empty(), "--header", "--url URL"),
        (!s.env.is_empty(), "--env", "-- COMMAND"),
        (s.name.is_some(), "--name", "-- COMMAND"),
    ];
    if let Some((_, flag, needs)) = stray.iter().find(|(given, _, _)| *given) {
        return Err(Error::new(format!(
            "{flag} goes with {needs} only: for a server of the config it would be ignored"
        ))
        .hint(match *flag {
            "--header" => {
                "to send a header to a config entry's server, put it in the entry (a bridge's \
--header, with the value in env); or probe the URL itself: `mcpctl test-launch --url URL --header 'K: V'`"
            }
            "--env" => {
                "set a config server's env in the config (`mcpctl env NAME KEY=VALUE`); or test \
a command of your own: `mcpctl test-launch --env K=V -- COMMAND ARGS...`"
            }
            _ => "a config server is shown by its name in the config; `--name` names a command of \
your own: `mcpctl test-launch --name N -- COMMAND ARGS...`",
        })
        .into());
    }
    // no config file, but extensions beside it: those are tested
    let app_view::Beside {
        loaded,
        app,
        no_file,
    } = app_view::load_beside(&g.host, g.config.as_deref())?;
    super::ci::check_junit(g, &s.ci, Some(&loaded.source.path))?;
    if !loaded.servers.is_empty() {
        // the guardian starts while the logs are read
        probe::reaper::prepare();
    }
    if !s.show_secrets {
        super::hide_shell_secrets(&g.host, out);
        out.hide(&loaded.secrets());
    }
    let all = launch_specs(&loaded.servers);
    let (config_names, picked) = pick_extensions(&all, &app, g, &s.names)?;
    // only extensions asked for: no config server
    let mut specs = if !s.names.is_empty() && config_names.is_empty() {
        Vec::new()
    } else {
        select(&all, &config_names)?
    };
    if s.launch.app_path_from_logs {
        // the PATH the app logged giving each server, when it did
        app_logs::calibrate_from_logs(&mut specs, &g.host);
    }
    // remote entries (url entries, bridges) are probed over HTTP
    let mut checks = remote::checks(specs, &loaded.servers, &g.host);
    let config_count = checks.len();
    checks.extend(
        picked
            .runs
            .iter()
            .filter(|r| r.launchable())
            .map(|r| Check::Launch(app_view::extension_spec(&r.desc))),
    );
    let mut info = run_info(
        g,
        &loaded.source.path.display().to_string(),
        &s.launch.probe,
        loaded.error_count(),
    );
    // no file is not a file the app cannot parse: it runs the extensions
    let unparsed = model::app_parse_error(&loaded.source, &loaded.doc).filter(|_| !no_file);
    (info.config_parse_error, info.config_parse_error_at) = AtJson::parse_error(unparsed.as_ref());
    if g.format == Format::Text {
        out.eprint(&config_note(out.err_style, &info, unparsed.as_ref()))?;
        if no_file {
            out.eprint(&report::text::note(
                out.err_style,
                &format!(
                    "there is no config file at {}: testing the Desktop Extensions beside it",
                    info.config
                ),
            ))?;
        }
        // a `Claude Extensions` that cannot be listed: each extension's
        // problem points here, to what to do about the folder
        for f in app
            .inventory
            .problems
            .iter()
            .filter(|f| f.code == crate::codes::Code::ExtensionsFolderUnreadable)
        {
            out.eprint(&report::text::finding(out.err_style, f, ""))?;
        }
        if checks.is_empty() && picked.runs.is_empty() && picked.skipped.is_empty() {
            let run = LaunchRun::new(info, &[], std::time::Duration::ZERO, s.show_secrets);
            let diagnostics = super::ci::diagnostics(&loaded);
            super::ci::launch(g, &s.ci, &run, &diagnostics, &[], out, |out| {
                if run.info.config_parse_error.is_none() {
                    out.println(&format!(
                        "no servers in {}\n  {} add one with `mcpctl add NAME -- COMMAND ARGS...`",
                        run.info.config,
                        out.style.cyan("hint:")
                    ))?;
                }
                Ok(())
            })?;
            return Ok(exit_for(&run.info, &[]));
        }
        out.print(&report::text::launch::header(
            out.style,
            &info,
            config_count,
            checks.len() - config_count,
        ))?;
    }
    let t0 = Instant::now();
    let mut reports = super::probe_with_progress(g, "testing servers", &checks, &s.launch);
    let ext_reports = reports.split_off(config_count);
    super::hint_env_command(&mut reports, &g.host, super::EnvSetter::Config);
    hint_from_lint(&mut reports, &loaded, g.host.os);
    let extensions = launched(picked.runs, ext_reports, s.show_secrets);
    for e in &extensions {
        out.hide(&e.secrets);
    }
    let mut exit = exit_for(&info, &reports);
    if extensions.iter().any(ExtensionLaunch::failed) {
        exit = Exit::Problems;
    }
    let mut run = LaunchRun::new(info, &reports, t0.elapsed(), s.show_secrets)
        .with_extensions(extensions, picked.skipped);
    let entries = super::ci::entries(&loaded);
    let diagnostics = super::ci::diagnostics(&loaded);
    show(g, s, &mut run, &reports, (&diagnostics, &entries), out)?;
    Ok(exit)
}

/// The run as the user asked for it: with `--tools` each server's tools
/// added, then as JSON or text (config servers and `-- COMMAND` alike),
/// with its CI outputs (`ci_at`: the config's diagnostics and where its
/// entries are, for the annotations).
pub(super) fn show(
    g: &Global,
    s: &TestLaunch,
    run: &mut LaunchRun,
    reports: &[probe::ProbeReport],
    (diags, entries): (&[DiagnosticJson], &[EntryAt]),
    out: &mut Output,
) -> Result<(), Stop> {
    if s.tools {
        for (shown, r) in run.servers.iter_mut().zip(reports) {
            shown.add_tools(r, s.show_secrets);
        }
    }
    let run = &*run;
    super::ci::launch(g, &s.ci, run, diags, entries, out, |out| {
        match g.format {
            Format::Json => out.json(run)?,
            Format::Text => out.print(&report::text::launch::render(out.style, run))?,
        }
        Ok(())
    })
}

/// `test-launch --url URL`: one remote server, no config.
fn run_url(g: &Global, s: &TestLaunch, url: &str, out: &mut Output) -> Result<Exit, Stop> {
    let target = remote::ad_hoc(url, &s.headers, &g.host)?;
    super::ci::check_junit(g, &s.ci, None)?;
    if !s.show_secrets {
        out.hide(&remote::ad_hoc_secrets(&target));
    }
    let mut info = run_info(g, "", &s.launch.probe, 0);
    info.path_used = String::new();
    info.cwd_used = String::new();
    if g.format == Format::Text {
        out.print(&report::text::launch::url_header(out.style, url))?;
    }
    let t0 = Instant::now();
    let checks = [Check::Remote(Box::new(target))];
    let reports = super::probe_with_progress(g, "probing", &checks, &s.launch);
    let exit = exit_for(&info, &reports);
    let mut run = LaunchRun::new(info, &reports, t0.elapsed(), s.show_secrets);
    // as for a config's servers: `--tools` lists them
    show(g, s, &mut run, &reports, (&[], &[]), out)?;
    Ok(exit)
}

/// The extensions a run launches and lists.
struct Picked {
    /// Enabled ones, by id.
    runs: Vec<ExtRun>,
    /// Disabled ones and mcpctl's disabled entries.
    skipped: Vec<NotLaunched>,
}

/// Split the names asked for into config servers (returned, for
/// [`select`]) and extensions; with no names, every enabled extension.
/// A name that is neither a server, an extension nor a disabled entry is a
/// usage error listing what there is.
fn pick_extensions(
    specs: &[LaunchSpec],
    app: &AppState,
    g: &Global,
    names: &[String],
) -> Result<(Vec<String>, Picked), Error> {
    let runs = app_view::enabled_runs(&app.inventory, &g.host);
    let skipped = app_view::not_launched(app);
    if names.is_empty() {
        return Ok((Vec::new(), Picked { runs, skipped }));
    }
    let mut config = Vec::new();
    let mut picked = Picked {
        runs: Vec::new(),
        skipped: Vec::new(),
    };
    let mut unknown = Vec::new();
    let mut disabled = Vec::new();
    for n in names {
        let answering = app.inventory.answering(n);
        if specs.iter().any(|s| &s.name == n) {
            config.push(n.clone());
        } else if let [e] = answering.as_slice() {
            picked
                .runs
                .extend(runs.iter().filter(|r| r.ext.id == e.id).cloned());
            picked
                .skipped
                .extend(skipped.iter().filter(|x| x.name == e.id).cloned());
        } else if answering.len() > 1 {
            return Err(app_view::ambiguous(n, &answering, |id| {
                format!("mcpctl test-launch {id}")
            }));
        } else if let Some(x) = skipped.iter().find(|x| &x.name == n) {
            if x.source == "disabled" {
                disabled.push(n.as_str());
            }
            picked.skipped.push(x.clone());
        } else {
            unknown.push(n.as_str());
        }
    }
    if !disabled.is_empty() {
        return Err(disabled_by_name(&disabled));
    }
    if unknown.is_empty() {
        return Ok((config, picked));
    }
    if app.inventory.extensions.is_empty() && skipped.is_empty() {
        // nothing but the config: `select` says it as it always did
        return Ok((names.to_vec(), picked));
    }
    let mut there: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    there.extend(app.inventory.extensions.iter().map(|e| e.id.clone()));
    let listed = if there.is_empty() {
        "there are none".to_string()
    } else {
        format!("there are: {}", there.join(", "))
    };
    Err(Error::new(format!(
        "no server or extension named {}; {listed}",
        unknown
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .hint("server names are case-sensitive (extensions' are not); `mcpctl list` shows them"))
}

/// Servers asked for by name that `mcpctl disable` set aside: exit 2 with
/// the way back (a CI step naming a server the app will not start must not
/// pass with nothing launched).
fn disabled_by_name(names: &[&str]) -> Error {
    let shown: Vec<String> = names
        .iter()
        .map(|n| crate::escape::name(n).into_owned())
        .collect();
    let (is, them) = if names.len() == 1 {
        ("is", "it")
    } else {
        ("are", "them")
    };
    let enable: Vec<String> = names
        .iter()
        .map(|n| format!("`mcpctl enable {}`", crate::text::shell_word(n)))
        .collect();
    Error::new(format!(
        "{} {is} disabled: mcpctl set {them} aside where the app does not see {them}, so there \
is nothing to launch",
        crate::text::name_list(&shown, names.len())
    ))
    .hint(format!(
        "{} put{} {them} back in the config; then test {them}",
        enable.join(", "),
        if names.len() == 1 { "s" } else { "" }
    ))
}

/// Lint errors that say why an entry cannot start (`docker run -t`, no
/// `-i`, a Windows-only command, `~` or a variable in `command`, a whole
/// command line, a path of escapes, an env `Path` Node drops before a
/// command not found): validate names the cause, where the launch sees
/// only what followed (a closed stdin, ENOENT). A failed server's hint
/// says it, as doctor shows it above the launch, when that cause explains
/// the verdict seen: a program not found or not runnable only by what is
/// wrong in `command` (or the PATH it is looked up on); a server that
/// started and failed only by what is wrong in what it was given.
fn hint_from_lint(
    reports: &mut [probe::ProbeReport],
    loaded: &load::Loaded,
    os: crate::platform::Os,
) {
    use crate::codes::Code;
    use crate::config::diag::Diagnostic;
    use probe::Verdict;
    /// Causes in `command` (or its look-up) of a program not started.
    const NOT_STARTED: &[Code] = &[
        Code::TildeCommand,
        Code::VarCommand,
        Code::CommandWithArgs,
        Code::RelativeCommand,
        Code::EscapedPath,
    ];
    /// Causes in what a started program was given.
    const STARTED: &[Code] = &[
        Code::DockerTty,
        Code::DockerNoStdin,
        Code::NoScript,
        Code::ShellRedirect,
        Code::InspectorCommand,
        Code::StartsNothing,
        Code::EscapedPath,
    ];
    let entries = model::effective(&loaded.servers);
    for r in reports.iter_mut().filter(|r| !r.verdict.is_ok()) {
        let Some(e) = entries.iter().find(|e| e.name == r.name) else {
            continue;
        };
        let not_started = matches!(r.verdict, Verdict::CommandNotFound | Verdict::NotExecutable);
        let within = |d: &Diagnostic, span: crate::config::source::Span| {
            d.span
                .is_some_and(|s| span.start <= s.start && s.end <= span.end)
        };
        let command = e.node.get("command").map(|c| c.span);
        let explains = |d: &Diagnostic| {
            if not_started {
                let in_command = command.is_some_and(|c| within(d, c));
                // a Windows-only command (a warning: the file may be for
                // Windows) checked on another OS; an env `Path` Node drops
                (d.is_error() && NOT_STARTED.contains(&d.code) && in_command)
                    || (d.code == Code::CommandNotFound
                        && os != crate::platform::Os::Windows
                        && in_command
                        && e.command
                            .as_deref()
                            .is_some_and(crate::config::lint::is_windows_only))
                    || (d.code == Code::EnvNameCase && r.verdict == Verdict::CommandNotFound)
            } else {
                d.is_error() && STARTED.contains(&d.code)
            }
        };
        let cause = loaded
            .diagnostics
            .iter()
            .find(|d| within(d, e.span) && explains(d));
        if let Some(d) = cause {
            r.hint = Some(match &d.hint {
                Some(h) => format!("validate names the cause ({}): {}; {h}", d.code, d.message),
                None => format!("validate names the cause ({}): {}", d.code, d.message),
            });
        }
    }
}

/// Each picked extension with its launch.
fn launched(
    runs: Vec<ExtRun>,
    reports: Vec<probe::ProbeReport>,
    show: bool,
) -> Vec<ExtensionLaunch> {
    app_view::pair(runs, reports)
        .iter()
        .map(|(r, p)| ExtensionLaunch::new(&r.ext, &r.desc, p.as_ref(), show))
        .collect()
}

/// 0 when every server is ok and the app can parse the file at all.
fn exit_for(info: &RunInfo, reports: &[probe::ProbeReport]) -> Exit {
    if info.config_parse_error.is_none() && reports.iter().all(|r| r.ok) {
        Exit::Ok
    } else {
        Exit::Problems
    }
}

/// What stderr says about the config before the results: that the app
/// would start none of the servers when it cannot parse the file, or how
/// many errors it has otherwise.
fn config_note(
    s: crate::report::style::Style,
    info: &RunInfo,
    unparsed: Option<&AppParseError>,
) -> String {
    if let Some(e) = unparsed {
        return report::text::app_cannot_parse(
            s,
            true,
            &info.config,
            e,
            "so it would start none of these servers; testing what mcpctl could recover anyway",
        );
    }
    if info.config_errors > 0 {
        return format!(
            "{} {} has {} error(s); testing the servers mcpctl could recover (Claude Desktop may \
skip the broken entries): run `mcpctl validate`\n",
            s.yellow("note:"),
            info.config,
            info.config_errors
        );
    }
    String::new()
}

/// Keep the named servers (config order); an unknown name is a usage
/// error that lists the names there are.
pub fn select(specs: &[LaunchSpec], names: &[String]) -> Result<Vec<LaunchSpec>, Error> {
    if names.is_empty() {
        return Ok(specs.to_vec());
    }
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !specs.iter().any(|s| &s.name == *n))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
        let listed = if known.is_empty() {
            "there are none".to_string()
        } else {
            format!("there are: {}", known.join(", "))
        };
        return Err(Error::new(format!(
            "no server named {} in the config; {listed}",
            unknown
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint("names are case-sensitive; `mcpctl list` shows them"));
    }
    Ok(specs
        .iter()
        .filter(|s| names.contains(&s.name))
        .cloned()
        .collect())
}

/// What every launch of a run shares (also `test_command`'s).
pub fn run_info(g: &Global, config: &str, opts: &ProbeOptions, config_errors: usize) -> RunInfo {
    let blank = LaunchSpec {
        name: String::new(),
        command: String::new(),
        args: Vec::new(),
        env: Vec::new(),
        app_path: None,
    };
    let env = probe::launch_env(&blank, opts.env_mode, &g.host);
    RunInfo {
        config: config.to_string(),
        env_mode: opts.env_mode,
        os: g.host.os,
        path_used: env.path,
        cwd_used: env.cwd.display().to_string(),
        config_errors,
        config_parse_error: None,
        config_parse_error_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, command: &str) -> LaunchSpec {
        LaunchSpec {
            name: name.into(),
            command: command.into(),
            args: Vec::new(),
            env: Vec::new(),
            app_path: None,
        }
    }

    #[test]
    fn unknown_names_are_listed_with_the_known_ones() {
        let specs = vec![spec("a", "x"), spec("b", "y")];
        let err = select(&specs, &["c".into()]).err().map(|f| f.message);
        assert_eq!(
            err.as_deref(),
            Some("no server named `c` in the config; there are: a, b")
        );
        let picked = select(&specs, &["b".into(), "a".into()]).unwrap_or_default();
        assert_eq!(picked, specs, "config order is kept");
    }
}
