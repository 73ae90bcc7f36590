//! `mcpctl doctor [--fix]`: one run that explains why servers fail in
//! Claude Desktop. Where the file is (and which others are ignored), the
//! file's diagnostics, the machine as the app sees it, every server
//! launched and handshaken in parallel (skipped with `--no-launch`), then a
//! report grouped by server. Exit 0 healthy, 1 problems, 2 could not run.
//!
//! `--fix` plans the safe repairs (`plan::repair`), shows the diff, asks
//! on a terminal (`--yes` for scripts, `--dry-run` only shows), writes
//! through `config::write::commit` with a backup, then runs the checks again
//! and shows what is left. Orchestration only: the work is in `config`,
//! `machine`, `probe` and `report::doctor`.
//!
//! With no file at the located path (a fresh install, or a file that lives
//! elsewhere), doctor still reports where the app looks and the machine as
//! it sees it, says in the file section that there is no file and how to
//! create it, and exits 2; `--fix` has nothing to repair.

use std::time::Instant;

use super::test_launch::{jobs, options, specs_of};
use super::{Context, Exit};
use crate::cli::DoctorArgs;
use crate::config::lint::LintContext;
use crate::config::load::{self, Loaded};
use crate::config::locate::Located;
use crate::config::write::{self, WriteOptions};
use crate::error::Error;
use crate::machine::{self, Cached, RealSystem, System};
use crate::plan::repair::{self, MachineView, Plan};

use crate::report::diff;
use crate::report::doctor::{self as view, Doctor};

pub fn run(ctx: &Context, args: &DoctorArgs) -> Result<Exit, Error> {
    if (args.yes || args.dry_run) && !args.fix {
        return Err(Error::new("--yes and --dry-run only apply to repairs")
            .hint("add --fix: `mcpctl doctor --fix --dry-run`"));
    }
    // usage errors in the launch options come first, whatever the file
    options(&args.launch, args.show_secrets)?;
    jobs(&args.launch)?;
    let real = RealSystem::default();
    let sys = Cached::new(&real);
    let located = load::locate_known(&ctx.host, ctx.config_override.as_deref())?;
    if !located.exists {
        return no_file(ctx, args, &sys, located);
    }
    let (before, loaded, plan) = check(ctx, args, &sys)?;
    if !args.fix {
        print_report(ctx, args, &before, None);
        return Ok(exit_of(&before));
    }
    fix(ctx, args, &sys, before, loaded, plan)
}

/// There is no config file: report where the app looks and the machine
/// (no servers to survey or launch), with the hint in the file section.
fn no_file(
    ctx: &Context,
    args: &DoctorArgs,
    sys: &dyn System,
    located: Located,
) -> Result<Exit, Error> {
    let survey = machine::survey(&ctx.host, sys, &[]);
    let why = view::missing_config(&located, args.fix);
    let d = Doctor::unread(located, survey, ctx.host.os, why);
    print_report(ctx, args, &d, None);
    Ok(exit_of(&d))
}

/// One full pass of checks over the file as it is on disk now.
fn check(
    ctx: &Context,
    args: &DoctorArgs,
    sys: &dyn System,
) -> Result<(Doctor, Loaded, Plan), Error> {
    let probe_opts = options(&args.launch, args.show_secrets)?;
    let jobs = jobs(&args.launch)?;
    let loaded = load::load(&ctx.host, ctx.config_override.as_deref())?;
    let effective = machine::servers::effective(&loaded.servers);
    let survey = machine::survey(&ctx.host, sys, &effective);
    let lint_ctx = LintContext::for_host(&ctx.host);
    let plan = repair::plan(
        &loaded.source,
        &lint_ctx,
        &MachineView {
            host: &ctx.host,
            sys,
            tools: &survey.tools,
            app_path: &survey.app_path,
        },
    );
    let (probes, wall_ms) = if args.no_launch {
        (None, None)
    } else {
        let t0 = Instant::now();
        // an entry without a command has nothing to launch: its diagnostic
        // (command-missing, remote-server, ...) says so, once
        let specs: Vec<_> = specs_of(&loaded.servers)
            .into_iter()
            .filter(|s| !s.command.is_empty())
            .collect();
        let reports =
            super::probe_with_progress(ctx, "launching servers", &specs, &probe_opts, jobs);
        let ms = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX);
        (Some(reports), Some(ms))
    };
    let (servers, file_diagnostics) =
        view::sections(&loaded.servers, &loaded.diagnostics, &survey, probes);
    let doctor = Doctor {
        located: loaded.located.clone(),
        source: loaded.source.clone(),
        strict_json: loaded.doc.is_strict_json(),
        file_diagnostics,
        survey,
        os: ctx.host.os,
        servers,
        launched: !args.no_launch,
        wall_ms,
        fixable: plan.changes.len(),
        unread: None,
    };
    Ok((doctor, loaded, plan))
}

fn print_report(ctx: &Context, args: &DoctorArgs, d: &Doctor, fix: Option<serde_json::Value>) {
    if ctx.json {
        let mut doc = view::to_json(d, args.show_secrets);
        if let (Some(fix), Some(obj)) = (fix, doc.as_object_mut()) {
            obj.insert("fix".into(), fix);
        }
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        print!(
            "{}",
            view::render_text(d, &ctx.host, ctx.out, args.show_secrets)
        );
    }
}

/// What happened to the plan, for `--json`.
struct FixOutcome {
    diff: String,
    written: bool,
    reason: Option<&'static str>,
    backup: Option<String>,
}

impl FixOutcome {
    fn json(
        &self,
        args: &DoctorArgs,
        plan: &Plan,
        after: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let mut v = view::plan_json(plan);
        if let Some(obj) = v.as_object_mut() {
            obj.insert("dry_run".into(), args.dry_run.into());
            obj.insert("diff".into(), self.diff.clone().into());
            obj.insert("written".into(), self.written.into());
            obj.insert("reason".into(), self.reason.into());
            obj.insert("backup".into(), self.backup.clone().into());
            obj.insert("after".into(), after.unwrap_or(serde_json::Value::Null));
        }
        v
    }
}

fn fix(
    ctx: &Context,
    args: &DoctorArgs,
    sys: &dyn System,
    before: Doctor,
    loaded: Loaded,
    plan: Plan,
) -> Result<Exit, Error> {
    let label = loaded.source.path.display().to_string();
    let d = diff::config_diff(&plan.original, &plan.text, &label, true, args.show_secrets);
    let mut outcome = FixOutcome {
        diff: d.text.clone(),
        written: false,
        reason: None,
        backup: None,
    };
    if !ctx.json {
        print_report(ctx, args, &before, None);
        println!();
        print!("{}", view::render_plan(ctx.out, &plan));
        if !plan.is_empty() {
            println!();
            print!("{}", d.render(&ctx.out));
        }
    }
    let go = if plan.is_empty() {
        outcome.reason = Some("nothing to repair");
        false
    } else if !plan.writable {
        outcome.reason = Some("still not strict JSON");
        say(
            ctx,
            "nothing was written: after these repairs the file would still not be strict JSON; \
             fix the errors listed above by hand, then run `mcpctl doctor --fix` again",
        );
        false
    } else if args.dry_run {
        outcome.reason = Some("dry run");
        say(ctx, "dry run: nothing was written");
        false
    } else if args.yes {
        true
    } else if ctx.interactive {
        super::prompt::confirm(
            &format!("Apply these repairs to {label}?"),
            "pass --yes to apply without asking, or --dry-run to only see the diff",
        )?
    } else {
        outcome.reason = Some("not confirmed: pass --yes");
        say(
            ctx,
            "stdin is not a terminal, so nothing was written: re-run with --yes to apply these repairs",
        );
        false
    };
    if !go {
        if outcome.reason.is_none() {
            outcome.reason = Some("declined");
            say(ctx, "nothing was written");
        }
        if ctx.json {
            let fix = outcome.json(args, &plan, None);
            print_report(ctx, args, &before, Some(fix));
        }
        return Ok(exit_of(&before));
    }
    let opts = WriteOptions {
        replace_unparseable: true,
        ..WriteOptions::for_host(&ctx.host)
    };
    let written = write::commit(
        &loaded.source.path,
        Some(&loaded.source.bytes),
        &plan.text,
        &opts,
    )
    .map_err(Error::from)?;
    outcome.written = true;
    outcome.backup = written.backup.as_ref().map(|b| b.display().to_string());
    if !ctx.json {
        println!(
            "\n{} {} ({}{})",
            ctx.out.green("wrote"),
            label,
            plural(plan.changes.len(), "repair"),
            match &written.backup {
                Some(b) => format!("; backup: {}", b.display()),
                None => String::new(),
            }
        );
        if let Some(seen) = &written.app_running {
            println!(
                "{} {}",
                ctx.out.yellow("note:"),
                write::app_running_warning(seen)
            );
        }
        println!("\n{}\n", ctx.out.bold("After the repairs:"));
    }
    let (after, _, _) = check(ctx, args, sys)?;
    if ctx.json {
        let after_json = view::to_json(&after, args.show_secrets);
        let fix = outcome.json(args, &plan, Some(after_json));
        print_report(ctx, args, &before, Some(fix));
    } else {
        print_report(ctx, args, &after, None);
    }
    Ok(exit_of(&after))
}

/// Doctor's exit code: 0 healthy, 1 problems, 2 when nothing could be checked.
fn exit_of(d: &Doctor) -> Exit {
    match d.outcome() {
        view::Outcome::Healthy => Exit::Ok,
        view::Outcome::Problems => Exit::Problems,
        view::Outcome::NotChecked => Exit::Usage,
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A line for the user on stderr (stdout stays the report / JSON).
fn say(ctx: &Context, msg: &str) {
    eprintln!("{} {msg}", ctx.err.cyan("note:"));
}
