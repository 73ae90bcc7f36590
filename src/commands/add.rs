//! `mcpctl add NAME [--env K=V]... -- COMMAND [ARGS...]`: add (or with
//! `--force` replace) a server entry. Orchestration only: `plan::resolve` makes
//! the command runnable by the app, `config::edit` decides the new text,
//! `--check` probes the entry, `config::write` puts it on disk. On a
//! terminal, whatever is missing is asked (`ask`); off a terminal a missing
//! name or command is a usage error.

pub mod ask;

use std::time::Duration;

use serde_json::{Value as Json, json};

use std::path::Path;

use super::target::{self, Target, edit_failure};
use super::{Context, Exit};
use crate::cli::AddArgs;
use crate::config::diag::Diagnostic;
use crate::config::edit::{self, EditError};
use crate::config::lint::LintContext;
use crate::config::model::mask;
use crate::config::write::{self, Require, WriteError, WriteOptions};
use crate::error::Error;
use crate::plan::resolve::{self, Resolved};
use crate::probe::{self, EnvMode, LaunchSpec, ProbeOptions, ProbeReport};
use crate::report::diff::{self, Diff};

/// Everything decided before anything is written.
struct Plan {
    name: String,
    replace: bool,
    resolved: Resolved,
    env: Vec<(String, String)>,
    new_text: String,
    diff: Diff,
}

pub fn run(ctx: &Context, args: AddArgs) -> Result<Exit, Error> {
    let env = parse_env(&args.env)?;
    let (answers, prompted) = gather(ctx, &args, env)?;
    let target = target::read(ctx)?;
    target.ensure_parses()?;
    let plan = plan(ctx, &args, &target, answers)?;
    print_changes(ctx, &plan.resolved);
    let lint = LintContext::for_host(&ctx.host);
    let old = target.source.as_ref().map(|s| s.text.as_str());
    let problems = write::blocking_errors(
        &target.path,
        old,
        &plan.new_text,
        Require::NoNewErrors,
        &lint,
    );
    if !problems.is_empty() {
        return Ok(refuse_invalid(ctx, &target, &problems));
    }
    let check = args.check.then(|| run_check(ctx, &args, &plan));
    let check_failed = check.as_ref().is_some_and(|r| !r.ok);
    if check_failed && !args.force {
        report(ctx, &args, &target, &plan, check.as_ref(), None);
        return Ok(Exit::Problems);
    }
    if args.dry_run {
        report(ctx, &args, &target, &plan, check.as_ref(), None);
        return Ok(Exit::Ok);
    }
    if prompted && !args.yes && !confirmed(ctx, &target, &plan)? {
        println!("Nothing written.");
        return Ok(Exit::Ok);
    }
    let opts = WriteOptions::for_host(&ctx.host);
    match write::commit(&target.path, target.bytes(), &plan.new_text, &opts) {
        Ok(outcome) => {
            report(ctx, &args, &target, &plan, check.as_ref(), Some(&outcome));
            Ok(Exit::Ok)
        }
        Err(WriteError::Invalid { errors, .. }) => Ok(refuse_invalid(ctx, &target, &errors)),
        Err(e) => Err(e.into()),
    }
}

/// `--env KEY=VALUE` pairs; last one wins for a repeated key. The value is
/// never echoed in errors (it may be a secret).
pub fn parse_env(raw: &[String]) -> Result<Vec<(String, String)>, Error> {
    let mut env: Vec<(String, String)> = Vec::new();
    for (i, item) in raw.iter().enumerate() {
        let Some((k, v)) = item.split_once('=') else {
            return Err(Error::new(format!(
                "--env value #{} has no `=` (not shown: it may be a secret)",
                i + 1
            ))
            .hint("write --env KEY=VALUE, e.g. --env API_KEY=..."));
        };
        let key = k.trim();
        if key.is_empty() {
            return Err(
                Error::new(format!("--env value #{} has an empty name", i + 1))
                    .hint("write --env KEY=VALUE, e.g. --env API_KEY=..."),
            );
        }
        env.retain(|(x, _)| x != key);
        env.push((key.to_string(), v.to_string()));
    }
    Ok(env)
}

/// Name and command line from the arguments, or asked on a terminal.
/// Returns whether anything was asked (then the result is confirmed).
fn gather(
    ctx: &Context,
    args: &AddArgs,
    env: Vec<(String, String)>,
) -> Result<(ask::Answers, bool), Error> {
    let name = args.name.clone().filter(|n| !n.trim().is_empty());
    if let (Some(name), false) = (&name, args.command.is_empty()) {
        let answers = ask::Answers {
            name: name.clone(),
            argv: args.command.clone(),
            env,
        };
        return Ok((answers, false));
    }
    if !ctx.interactive {
        return Err(missing_usage(args.name.as_deref(), args.command.is_empty()));
    }
    Ok((ask::ask(name, args.command.clone(), env)?, true))
}

fn missing_usage(name: Option<&str>, no_command: bool) -> Error {
    let what = match (name.map(str::trim), no_command) {
        (None | Some(""), true) => "missing the server name and the command",
        (None | Some(""), false) => "missing the server name",
        _ => "missing the command to run",
    };
    Error::new(format!("{what} (and stdin is not a terminal, so mcpctl does not ask)"))
        .hint("mcpctl add NAME -- COMMAND [ARGS...], e.g. mcpctl add memory -- npx -y @modelcontextprotocol/server-memory")
}

fn plan(
    ctx: &Context,
    args: &AddArgs,
    target: &Target,
    answers: ask::Answers,
) -> Result<Plan, Error> {
    let ask::Answers { name, argv, env } = answers;
    let Some((command, rest)) = argv.split_first() else {
        return Err(missing_usage(Some(&name), true));
    };
    let mut resolved = resolve::resolve(
        &ctx.host,
        command,
        rest,
        args.no_resolve,
        &resolve::real_probe,
    );
    if let Some(manager) =
        crate::machine::managers::classify(&ctx.host, Path::new(&resolved.command))
            .filter(|m| m.is_shim())
    {
        resolved.warnings.push(format!(
            "{} is a {} shim: shims choose the version from the working directory, and Claude \
Desktop starts servers in /; prefer the real binary (`{}`)",
            resolved.command,
            manager.name(),
            manager.which_command(command)
        ));
    }
    let exists = edit::server_names(target.root()).contains(&name);
    if exists && !args.force {
        return Err(edit_failure(EditError::Exists { name }, target));
    }
    let entry = entry_json(&resolved, &env, true);
    let new_text = edit::set_server(target.text(), target.root(), &name, &entry, args.force)
        .map_err(|e| edit_failure(e, target))?;
    // the resolver already said the command is missing, in the user's terms
    let command_warned = !resolved.warnings.is_empty();
    resolved.warnings.extend(
        entry_warnings(ctx, target, &name, &new_text)
            .into_iter()
            .filter(|d| !(command_warned && d.code == "command-not-found"))
            .map(|d| one_line(&d)),
    );
    let diff = diff::config_diff(
        target.text(),
        &new_text,
        &target.shown(),
        target.exists(),
        args.show_secrets,
    );
    Ok(Plan {
        name,
        replace: exists,
        resolved,
        env,
        new_text,
        diff,
    })
}

/// Warnings `validate` would give about the new entry (relative paths,
/// unexpanded variables, a command not on the app's PATH...), so they are
/// seen now rather than when the app fails. Errors are the write path's
/// job (it refuses them).
fn entry_warnings(ctx: &Context, target: &Target, name: &str, new_text: &str) -> Vec<Diagnostic> {
    let lint_ctx = crate::config::lint::LintContext::for_host(&ctx.host);
    let (_, doc, diags) =
        crate::config::load::check_text(Path::new(&target.shown()), new_text, &lint_ctx);
    let Some(entry) = doc.root.as_ref().and_then(|root| {
        crate::config::model::servers(root)
            .into_iter()
            .rfind(|s| s.name == name)
    }) else {
        return Vec::new();
    };
    diags
        .into_iter()
        .filter(|d| !d.is_error())
        .filter(|d| {
            d.span
                .is_some_and(|sp| sp.start >= entry.span.start && sp.end <= entry.span.end)
        })
        .collect()
}

/// A diagnostic as one warning line: `message [code]; hint: ...`.
fn one_line(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{} [{}]; hint: {h}", d.message, d.code),
        None => format!("{} [{}]", d.message, d.code),
    }
}

/// The entry as saved (`show_secrets`) or as displayed (masked env).
fn entry_json(r: &Resolved, env: &[(String, String)], show_secrets: bool) -> Json {
    let mut entry = serde_json::Map::new();
    entry.insert("command".into(), json!(r.command));
    entry.insert("args".into(), json!(r.args));
    if !env.is_empty() {
        let shown: serde_json::Map<String, Json> = env
            .iter()
            .map(|(k, v)| {
                let v = if show_secrets { v.clone() } else { mask(v) };
                (k.clone(), Json::String(v))
            })
            .collect();
        entry.insert("env".into(), Json::Object(shown));
    }
    Json::Object(entry)
}

fn run_check(ctx: &Context, args: &AddArgs, plan: &Plan) -> ProbeReport {
    let spec = LaunchSpec {
        name: plan.name.clone(),
        command: plan.resolved.command.clone(),
        args: plan.resolved.args.clone(),
        env: plan.env.clone(),
    };
    let opts = ProbeOptions {
        timeout: Duration::from_secs_f64(args.launch.timeout.clamp(0.1, 3600.0)),
        env_mode: if args.launch.shell_env {
            EnvMode::Shell
        } else {
            EnvMode::App
        },
        discover: args.launch.discover,
        compare_shell: true,
        show_secrets: args.show_secrets,
    };
    if !ctx.json {
        eprintln!(
            "checking `{}` (launching it as Claude Desktop would)...",
            plan.name
        );
    }
    probe::probe(&spec, &opts, &ctx.host)
}

fn confirmed(ctx: &Context, target: &Target, plan: &Plan) -> Result<bool, Error> {
    print!("{}", plan.diff.render(&ctx.out));
    super::prompt::confirm(
        &format!("Write this to {}?", target.shown()),
        super::prompt::PASS_YES,
    )
}

/// The new text would add a `validate` error: say which, write nothing
/// (exit 1). Messages only, no source snippets (they could show secrets).
fn refuse_invalid(ctx: &Context, target: &Target, errors: &[Diagnostic]) -> Exit {
    let message = format!(
        "refusing to write {}: the result would not pass `mcpctl validate`",
        target.shown()
    );
    let hint = "nothing was written; correct the entry as described and try again";
    if ctx.json {
        let diags: Vec<Json> = errors
            .iter()
            .map(|d| json!({"code": d.code, "severity": d.severity, "message": d.message, "hint": d.hint}))
            .collect();
        target::print_json(&json!({
            "error": {"message": message, "hint": hint},
            "diagnostics": diags,
        }));
    } else {
        eprintln!("{} {message}", ctx.err.red("error:"));
        for d in errors {
            eprintln!("  - {}: {}", d.code, d.message);
            if let Some(h) = &d.hint {
                eprintln!("    {} {h}", ctx.err.cyan("hint:"));
            }
        }
        eprintln!("  {} {hint}", ctx.err.cyan("hint:"));
    }
    Exit::Problems
}

fn report(
    ctx: &Context,
    args: &AddArgs,
    target: &Target,
    plan: &Plan,
    check: Option<&ProbeReport>,
    outcome: Option<&write::WriteOutcome>,
) {
    let refused = check.is_some_and(|c| !c.ok) && !args.force;
    if ctx.json {
        let doc = json!({
            "file": target.shown(),
            "action": if plan.replace { "replace" } else { "add" },
            "name": plan.name,
            "dry_run": args.dry_run,
            "refused": refused.then_some("check-failed"),
            "entry": entry_json(&plan.resolved, &plan.env, args.show_secrets),
            "changes": plan.resolved.changes,
            "warnings": plan.resolved.warnings,
            "diff": plan.diff.text,
            "check": check.map(|c| serde_json::to_value(c).unwrap_or(Json::Null)),
        });
        target::print_json(&target::merge(doc, target::outcome_json(outcome)));
        return;
    }
    if let Some(c) = check {
        print_check(ctx, c, args.force);
    }
    if refused {
        eprintln!(
            "{} `{}` failed the check; nothing was written",
            ctx.err.red("error:"),
            plan.name
        );
        eprintln!(
            "  {} fix it and retry, or pass --force to save it anyway",
            ctx.err.cyan("hint:")
        );
        return;
    }
    let Some(outcome) = outcome else {
        print!("{}", plan.diff.render(&ctx.out));
        println!("Dry run: nothing written.");
        return;
    };
    let (verb, place) = match (plan.replace, outcome.created_file) {
        (true, _) => ("replaced server", "in"),
        (false, true) => ("added server", "to the new file"),
        (false, false) => ("added server", "to"),
    };
    println!(
        "{} `{}` {place} {}",
        ctx.out.green(verb),
        plan.name,
        target.shown()
    );
    target::print_written(ctx, outcome);
}

/// What was done to the typed command line (human output only).
fn print_changes(ctx: &Context, r: &Resolved) {
    if ctx.json {
        return;
    }
    for c in &r.changes {
        println!(
            "  {} → {}  {}",
            c.from,
            c.to,
            ctx.out.dim(&format!("({})", c.why))
        );
    }
    for w in &r.warnings {
        target::warn(ctx, w);
    }
}

fn print_check(ctx: &Context, c: &ProbeReport, force: bool) {
    if c.ok {
        println!("  {} {}", ctx.out.green("check ok:"), c.message);
        return;
    }
    let label = format!(
        "check failed ({}):",
        json!(c.verdict).as_str().unwrap_or("?")
    );
    eprintln!("  {} {}", ctx.err.red(&label), c.message);
    if let Some(h) = &c.hint {
        eprintln!("    {} {h}", ctx.err.cyan("hint:"));
    }
    for line in c.stderr_tail.iter().rev().take(5).rev() {
        eprintln!("    {} {line}", ctx.err.dim("stderr:"));
    }
    if force {
        target::warn(ctx, "saving anyway because of --force");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pairs() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_env(&v(&["A=1", "B=x=y", "A=2", "C="])).unwrap(),
            [
                ("B".into(), "x=y".into()),
                ("A".into(), "2".into()),
                ("C".into(), String::new())
            ]
        );
        let e = parse_env(&v(&["sk-secret"])).unwrap_err();
        assert!(!e.message.contains("sk-secret"), "{}", e.message);
        assert!(parse_env(&v(&["=v"])).is_err());
    }
}
