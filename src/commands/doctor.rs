//! `mcpctl doctor [--fix]`: one run that explains why servers fail in
//! Claude Desktop. Where the file is (and which others are ignored), the
//! file's diagnostics, the machine as the app sees it, every server
//! launched and handshaken in parallel (skipped with `--no-launch`), then a
//! report grouped by server. Exit 0 healthy, 1 problems, 2 could not run.
//!
//! Beside the launches, "What the app recorded": the app's own logs read
//! for the file's servers (`app::logs`, through `app_logs`), each server's
//! last outcome there beside mcpctl's, and what disagrees
//! (`report::recorded`). Unless `--app-path-from-logs=false`, each launch
//! gets the PATH the app logged giving that server.
//!
//! `--fix` plans the safe repairs (`plan::repair`), shows the diff, asks
//! on a terminal (`--yes` for scripts, `--dry-run` only shows), writes
//! through `config::write::commit` with a backup, then runs the checks again
//! and shows what is left. Orchestration only: the work is in `config`,
//! `machine`, `probe`, `plan` and `report::doctor`.
//!
//! With no file at the located path (a fresh install, or a file that lives
//! elsewhere), doctor still reports where the app looks and the machine as
//! it sees it, says in the file section that there is no file and how to
//! create it, launches the enabled Desktop Extensions beside it (the app
//! runs them without a file too), and exits 2; `--fix` has nothing to
//! repair.
//!
//! Beside the file (`commands::app_state`): each enabled Desktop Extension
//! is launched from its manifest in the same parallel batch as the config's
//! servers, every manifest is linted, the admin policy is read where the OS
//! keeps it, and the wipe guard compares the file with its newest backup.

use std::time::Instant;

use super::app_state::{self as app_view, SectionInputs};
use super::{Exit, app_logs, launch_specs};
use crate::app::extensions::Inventory;
use crate::app::folders::AppFolders;
use crate::app::logs::{LogsReport, Time};
use crate::app::policy::RealRunner;
use crate::app::state;
use crate::config::lint::LintContext;
use crate::config::load::{self, Loaded};
use crate::config::locate::Located;
use crate::config::model::effective;
use crate::config::source::{self, ReadError};
use crate::config::write::{self, WriteOptions};
use crate::error::{Error, Stop};
use crate::machine::{self, Cached, RealSystem, System};
use crate::output::Output;
use crate::plan::repair::{self, MachineView, Plan, RemoteFix};
use crate::report::diff;
use crate::report::doctor::{self as view, Doctor, DoctorReport, FixReport, Fixing, Outcome};
use crate::report::recorded::{AppRecorded, FileServer, Inputs};
use crate::report::{self, Format};
use crate::settings::{Doctor as Settings, Fix, Global};
use crate::text::plural;

pub fn run(g: &Global, s: &Settings, out: &mut Output) -> Result<Exit, Stop> {
    let real = RealSystem::default();
    let sys = Cached::new(&real);
    let located = load::locate_known(&g.host, g.config.as_deref())?;
    super::ci::check_junit(g, &s.ci, Some(&located.path))?;
    // a dangling link or a loop of links is not "no file": load says what it is
    if matches!(source::check_path(&located.path), Err(ReadError::NotFound)) {
        return no_file(g, s, &sys, located, out);
    }
    // --fix writes what it reads: hold the write lock from the read on
    let _lock = match s.fix {
        Some(_) => super::target::hold_lock(&located.path)?,
        None => None,
    };
    let (before, loaded, plan) = check(g, s, &sys)?;
    if !s.show_secrets {
        super::hide_shell_secrets(&g.host, out);
        out.hide(&loaded.secrets());
        if let Some(app) = &before.app_state {
            out.hide(&app.secrets());
        }
        // the servers `mcpctl disable` set aside: the app's logs quote them
        let folders = AppFolders::for_config(g.host.os, &loaded.source.path);
        out.hide(&state::read_side(&folders).entries().secrets());
    }
    let Some(fix_settings) = s.fix else {
        super::ci::doctor(
            g,
            &s.ci,
            &before,
            Some(&loaded),
            s.show_secrets,
            out,
            |out| Ok(print_report(g, s, out, &before, None, Fixing::No)?),
        )?;
        return Ok(exit_of(&before));
    };
    fix(g, s, fix_settings, &sys, (before, loaded, plan), out)
}

/// There is no config file: report where the app looks and the machine
/// (no servers to survey or launch), with the hint in the file section.
fn no_file(
    g: &Global,
    s: &Settings,
    sys: &dyn System,
    located: Located,
    out: &mut Output,
) -> Result<Exit, Stop> {
    let (dir, exists) = app_logs::folder(&g.host, None);
    let survey = machine::survey(&g.host, sys, &[]).with_logs(&g.host, dir, exists);
    let why = view::missing_config(&located, s.fix.is_some());
    let app = state::read(&g.host, &located.path);
    let policy = state::read_policy(&g.host, &RealRunner::default());
    // the app runs its extensions with or without a config file: they are
    // launched all the same (unless --no-launch)
    let runs = app_view::enabled_runs(&app.inventory, &g.host);
    let checks: Vec<_> = runs
        .iter()
        .filter(|r| r.launchable())
        .map(|r| super::remote::Check::Launch(app_view::extension_spec(&r.desc)))
        .collect();
    let probes = match &s.launch {
        Some(launch) if !checks.is_empty() => {
            if !s.show_secrets {
                super::hide_shell_secrets(&g.host, out);
            }
            super::probe_with_progress(g, "checking extensions", &checks, launch)
        }
        _ => Vec::new(),
    };
    let launched = !probes.is_empty();
    let runs = app_view::pair(runs, probes);
    let empty = crate::config::syntax::parse(&source::Source::from_text("", ""));
    let section = app_view::section(SectionInputs {
        located: &located,
        config_text: "",
        config_doc: &empty,
        servers: &[],
        app: &app,
        policy: &policy,
        runs,
        launched: s.launch.is_some(),
        show_secrets: s.show_secrets,
    });
    if !s.show_secrets {
        out.hide(&section.secrets());
    }
    let mut d = Doctor::unread(located, survey, g.host.os, why);
    d.launched = launched;
    d.app_state = (!section.is_empty()).then_some(section);
    super::ci::doctor(g, &s.ci, &d, None, s.show_secrets, out, |out| {
        Ok(print_report(g, s, out, &d, None, Fixing::No)?)
    })?;
    Ok(exit_of(&d))
}

/// One full pass of checks over the file as it is on disk now.
fn check(g: &Global, s: &Settings, sys: &dyn System) -> Result<(Doctor, Loaded, Plan), Stop> {
    // (what lint says of each entry, kept for the repair plan's checks)
    let memo = crate::config::lint::Memo::default();
    let loaded = load::load_remembering(&g.host, g.config.as_deref(), &memo)?;
    if s.launch.is_some() && !loaded.servers.is_empty() {
        // the guardian starts while the logs and the machine are read
        crate::probe::reaper::prepare();
    }
    let entries = effective(&loaded.servers);
    let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    let logs = app_logs::read(&g.host, &names, None);
    let (dir, exists) = app_logs::folder(&g.host, logs.as_ref().ok());
    let mut survey = machine::survey(&g.host, sys, &entries).with_logs(&g.host, dir, exists);
    // (entries with nothing to launch are dropped at the launch: a url
    // entry is probed over HTTP)
    let specs = s.launch.as_ref().map(|launch| {
        let mut specs = launch_specs(&loaded.servers);
        if launch.app_path_from_logs
            && let Ok(report) = &logs
        {
            app_logs::calibrate(&mut specs, report, &g.host);
        }
        specs
    });
    // a server launched with the PATH the app logged is looked at with it
    for spec in specs.iter().flatten() {
        let (Some(p), Some(e)) = (&spec.app_path, entries.iter().find(|e| e.name == spec.name))
        else {
            continue;
        };
        if let Some(facts) = survey.servers.iter_mut().find(|f| f.name == spec.name) {
            *facts = machine::servers::analyze(&g.host, sys, &survey.tools, &p.path, e);
        }
    }
    let lint_ctx = LintContext::for_host(&g.host);
    let analysed = analysed(&entries, &survey.servers);
    // the load checked the file under the same lint context
    let plan = repair::plan_with(
        &loaded.source,
        &lint_ctx,
        &MachineView {
            host: &g.host,
            sys,
            tools: &survey.tools,
            app_path: &survey.app_path,
            analysed: &analysed,
        },
        &|_| RemoteFix::Bridge,
        Some(repair::Known {
            doc: &loaded.doc,
            diagnostics: &loaded.diagnostics,
            memo: Some(&memo),
        }),
    );
    let app = state::read(&g.host, &loaded.source.path);
    let policy = state::read_policy(&g.host, &RealRunner::default());
    let runs = app_view::enabled_runs(&app.inventory, &g.host);
    let (probes, ext_probes, wall_ms) = match (&s.launch, specs) {
        (Some(launch), Some(specs)) => {
            let t0 = Instant::now();
            // an entry with neither a command nor a URL has nothing to
            // check: its diagnostic (command-missing, ...) says so, once;
            // remote ones (url entries, bridges) are probed over HTTP
            let mut checks: Vec<_> = super::remote::checks(specs, &loaded.servers, &g.host)
                .into_iter()
                .filter(super::remote::has_something)
                .collect();
            let config_count = checks.len();
            // the extensions in the same batch: wall time is the slowest one
            checks.extend(
                runs.iter()
                    .filter(|r| r.launchable())
                    .map(|r| super::remote::Check::Launch(app_view::extension_spec(&r.desc))),
            );
            let mut reports = super::probe_with_progress(g, "checking servers", &checks, launch);
            let ext_reports = reports.split_off(config_count);
            super::hint_env_command(&mut reports, &g.host, super::EnvSetter::Config);
            let ms = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX);
            (Some(reports), ext_reports, Some(ms))
        }
        _ => (None, Vec::new(), None),
    };
    let section = app_view::section(SectionInputs {
        located: &loaded.located,
        config_text: &loaded.source.text,
        config_doc: &loaded.doc,
        servers: &entries,
        app: &app,
        policy: &policy,
        runs: app_view::pair(runs, ext_probes),
        launched: s.launch.is_some(),
        show_secrets: s.show_secrets,
    });
    let (servers, file_diagnostics) =
        view::sections(&loaded.servers, &loaded.diagnostics, &survey, probes);
    let app_recorded = recorded(
        g,
        &loaded,
        &logs,
        &app.inventory,
        &servers,
        &survey.app_path,
    );
    // (for the text's quoted lines; a JSON document quotes none)
    let secret_spans = (!g.json()).then(|| {
        crate::config::model::secret_spans(
            loaded.doc.root.as_ref(),
            &loaded.doc.extra_values,
            &loaded.source.text,
        )
    });
    let doctor = Doctor {
        secret_spans,
        located: loaded.located.clone(),
        source: loaded.source.clone(),
        strict_json: loaded.doc.is_strict_json(),
        file_diagnostics,
        survey,
        os: g.host.os,
        servers,
        launched: s.launch.is_some(),
        wall_ms,
        fixable: plan.changes.len(),
        unread: None,
        app_recorded: Some(app_recorded),
        app_state: (!section.is_empty()).then_some(section),
    };
    Ok((doctor, loaded, plan))
}

/// "What the app recorded": the logs read beside each server's launch.
fn recorded(
    g: &Global,
    loaded: &Loaded,
    logs: &std::io::Result<LogsReport>,
    inventory: &Inventory,
    servers: &[view::ServerSection],
    profile_path: &str,
) -> AppRecorded {
    let changed_at = std::fs::metadata(&loaded.source.path)
        .and_then(|m| m.modified())
        .ok()
        .map(Time::from_system);
    let extension_names: Vec<String> = inventory
        .extensions
        .iter()
        .flat_map(|e| {
            let manifest_name = e
                .manifest
                .as_ref()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str())
                .map(str::to_string);
            [Some(e.id.clone()), Some(e.name.clone()), manifest_name]
        })
        .flatten()
        .collect();
    let launches: Vec<FileServer<'_>> = servers
        .iter()
        .map(|x| FileServer {
            name: x.entry.name.clone(),
            has_command: x
                .entry
                .command
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty()),
            probe: x.probe.as_ref(),
        })
        .collect();
    let logs = match logs {
        Ok(r) => Ok(r),
        Err(e) => Err(e.to_string()),
    };
    AppRecorded::new(&Inputs {
        logs,
        servers: &launches,
        changed_at,
        app_reads: loaded.located.app_reads.as_deref(),
        extensions: &extension_names,
        host: &g.host,
        profile_path,
    })
}

/// `fixing`: what this run does with the repairs the report counts (the
/// text summary says it).
fn print_report(
    g: &Global,
    s: &Settings,
    out: &mut Output,
    d: &Doctor,
    fix: Option<FixReport>,
    fixing: Fixing,
) -> std::io::Result<()> {
    let mut r = DoctorReport::new(d, s.show_secrets);
    r.fixing = fixing;
    match g.format {
        Format::Json => {
            r.fix = fix;
            out.json(&r)
        }
        Format::Text => out.print(&report::text::doctor::render(&r, &g.host, out.style)),
    }
}

fn fix(
    g: &Global,
    s: &Settings,
    f: Fix,
    sys: &dyn System,
    (before, loaded, plan): (Doctor, Loaded, Plan),
    out: &mut Output,
) -> Result<Exit, Stop> {
    let label = loaded.source.path.display().to_string();
    // with --yes the repairs are what was asked for: a reader of the report
    // that went away (`| head`) does not stop them; the closed pipe ends
    // the run once they are written
    let mut gone = false;
    let mut shown = |r: std::io::Result<()>| -> std::io::Result<()> {
        match r {
            Err(e) if f.yes && !f.dry_run && crate::output::is_closed_pipe(&e) => {
                gone = true;
                Ok(())
            }
            r => r,
        }
    };
    let fixing = if f.dry_run {
        Fixing::DryRun
    } else {
        Fixing::Write
    };
    if !g.json() {
        shown(print_report(g, s, out, &before, None, fixing))?;
        shown(out.println(""))?;
    }
    // url entries: the user chooses on a terminal; --yes (and a dry run)
    // take the bridge. One only this machine can reach is bridged without
    // asking (a Connector cannot reach it).
    let asked =
        plan.remote.iter().any(|r| !r.private_host) && g.interactive && !f.yes && !f.dry_run;
    let plan = if asked {
        let choices = ask_remote(&plan, out)?;
        // the survey's findings, as for the first plan
        let entries = effective(&loaded.servers);
        let analysed = analysed(&entries, &before.survey.servers);
        let view = MachineView {
            host: &g.host,
            sys,
            tools: &before.survey.tools,
            app_path: &before.survey.app_path,
            analysed: &analysed,
        };
        repair::plan_with(
            &loaded.source,
            &LintContext::for_host(&g.host),
            &view,
            &|name| {
                choices
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(RemoteFix::Bridge, |(_, c)| *c)
            },
            Some(repair::Known {
                doc: &loaded.doc,
                diagnostics: &loaded.diagnostics,
                memo: None,
            }),
        )
    } else {
        plan
    };
    let d = diff::repair_diff(&plan.original, &plan.text, &label, s.show_secrets);
    let mut outcome = FixReport::new(&plan, f.dry_run, &d.text);
    if !g.json() {
        shown(out.print(&report::text::doctor::plan(out.style, &plan, asked)))?;
        if !plan.is_empty() {
            shown(out.println(""))?;
            shown(out.print(&report::text::diff::render(&d, out.style)))?;
        }
    }
    let go = if !plan.writable {
        outcome.reason = Some("still not strict JSON");
        say(
            out,
            "nothing was written: the mechanical repairs would not make the file strict JSON, \
             so none is offered; fix the errors listed above by hand, then run \
             `mcpctl doctor --fix` again",
        )?;
        false
    } else if plan.is_empty() {
        outcome.reason = Some("nothing to repair");
        false
    } else if f.dry_run {
        outcome.reason = Some("dry run");
        say(out, "dry run: nothing was written")?;
        false
    } else if f.yes {
        true
    } else if g.interactive {
        super::prompt::confirm(
            out,
            &format!("Apply these repairs to {label}?"),
            "pass --yes to apply without asking (or --dry-run to see the plan)",
        )?
    } else {
        outcome.reason = Some("not confirmed: pass --yes");
        // prompts need a terminal, and never come with --json
        let why = if g.json() {
            "--json never asks"
        } else {
            "stdin is not a terminal"
        };
        say(
            out,
            &format!("{why}, so nothing was written: re-run with --yes to apply these repairs"),
        )?;
        false
    };
    if !go {
        if outcome.reason.is_none() {
            outcome.reason = Some("declined");
            say(out, "nothing was written")?;
        }
        super::ci::doctor(
            g,
            &s.ci,
            &before,
            Some(&loaded),
            s.show_secrets,
            out,
            |out| {
                if g.json() {
                    print_report(g, s, out, &before, Some(outcome), fixing)?;
                }
                Ok(())
            },
        )?;
        return Ok(exit_of(&before));
    }
    let opts = WriteOptions {
        replace_unparseable: true,
        revealed: plan.revealed.clone(),
        ..super::target::write_options(g, loaded.located.app_reads.is_none())
    };
    let written = write::commit(
        &loaded.source.path,
        Some(&loaded.source.bytes),
        &plan.text,
        &opts,
    )?;
    outcome.written = true;
    if gone {
        return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
    }
    outcome.backup = written.backup.as_ref().map(|b| b.display().to_string());
    if !g.json() {
        out.println(&format!(
            "\n{} {} ({}{})",
            out.style.green("wrote"),
            label,
            plural(plan.changes.len(), "repair"),
            match &written.backup {
                Some(b) => format!("; backup: {}", b.display()),
                None => String::new(),
            }
        ))?;
        if let Some(seen) = &written.app_running {
            out.println(&format!(
                "{} {}",
                out.style.yellow("note:"),
                write::app_running_warning(seen)
            ))?;
        }
        out.println(&format!("\n{}\n", out.style.bold("After the repairs:")))?;
    }
    let (after, reloaded, _) = check(g, s, sys)?;
    let backup = outcome.backup.clone();
    let shown = super::ci::doctor(
        g,
        &s.ci,
        &after,
        Some(&reloaded),
        s.show_secrets,
        out,
        |out| {
            if g.json() {
                outcome.after = Some(Box::new(DoctorReport::new(&after, s.show_secrets)));
                print_report(g, s, out, &before, Some(outcome), fixing)?;
            } else {
                print_report(g, s, out, &after, None, Fixing::No)?;
            }
            Ok(())
        },
    );
    shown.map_err(|stop| match stop {
        // the JUnit report failed: say that the repairs were made all the same
        Stop::Failed(e) => Stop::Failed(written_anyway(e, &label, backup.as_deref())),
        other => other,
    })?;
    Ok(exit_of(&after))
}

/// An error after the repairs were written (the JUnit report could not
/// be): the message says they were, so a script that reads only the
/// error does not take the file for unchanged.
fn written_anyway(e: Error, label: &str, backup: Option<&str>) -> Error {
    let backup = backup
        .map(|b| format!(" (backup: {b})"))
        .unwrap_or_default();
    Error {
        message: format!("{}; the repairs were written to {label}{backup}", e.message),
        ..e
    }
}

/// Ask, for each url entry, which way to fix it.
fn ask_remote(plan: &Plan, shown: &Output) -> Result<Vec<(String, RemoteFix)>, Stop> {
    let mut out = Vec::new();
    // a private host has one way, the bridge: nothing to ask
    for r in plan.remote.iter().filter(|r| !r.private_host) {
        let items = [
            "make it an mcp-remote bridge entry (npx -y mcp-remote URL)",
            "remove it, and add it in the app as a Connector (Settings → Connectors)",
            "leave it as it is",
        ];
        // the URL may hold a secret (`?api_key=`): the prompt masks it
        let i = super::prompt::choose(
            shown,
            &format!(
                "Server `{}` ({}) is a url entry, which Claude Desktop skips. Fix it how?",
                r.server, r.url
            ),
            &items,
            0,
            "pass --yes to make every url entry a bridge entry without asking",
        )?;
        let c = [RemoteFix::Bridge, RemoteFix::Connector, RemoteFix::Leave][i.min(2)];
        out.push((r.server.clone(), c));
    }
    Ok(out)
}

/// Doctor's exit code: 0 healthy, 1 problems, 2 when nothing could be
/// checked.
fn exit_of(d: &Doctor) -> Exit {
    match d.outcome() {
        Outcome::Healthy => Exit::Ok,
        Outcome::Problems => Exit::Problems,
        Outcome::NotChecked => Exit::Usage,
    }
}

/// A line for the user on stderr (stdout stays the report / JSON).
fn say(out: &mut Output, msg: &str) -> std::io::Result<()> {
    out.eprint(&report::text::note(out.err_style, msg))
}

/// What the survey found for each entry, by name (a server the app logged
/// a PATH for, under that PATH): the planner repairs what the findings
/// shown say.
fn analysed<'a>(
    entries: &'a [crate::config::model::ServerEntry],
    facts: &'a [machine::servers::ServerFacts],
) -> repair::Analysed<'a> {
    entries
        .iter()
        .zip(facts)
        .map(|(e, f)| (e.name.as_str(), (e, f)))
        .collect()
}
