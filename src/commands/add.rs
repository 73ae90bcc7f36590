//! `mcpctl add NAME [--env K=V]... -- COMMAND [ARGS...]`: add (or with
//! `--force` replace) a server entry. Orchestration only: `plan::resolve` makes
//! the command runnable by the app, `config::edit` decides the new text,
//! `--check` probes the entry, `config::write` puts it on disk. On a
//! terminal, whatever is missing is asked (`ask`); off a terminal a missing
//! name or command is a usage error.

pub mod ask;

use std::path::Path;

use serde_json::Value as Json;

use super::Exit;
use super::target::{self, Target, edit_failure};
use crate::codes::Code;
use crate::config::diag::Diagnostic;
use crate::config::edit::{self, EditError};
use crate::config::lint::LintContext;
use crate::config::load;
use crate::config::model;
use crate::config::write::{self, WriteError};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::plan::resolve::{self, Resolved};
use crate::platform::HostEnv;
use crate::probe::{LaunchSpec, ProbeOptions, ProbeReport};
use crate::report::diff::{self, Diff};
use crate::report::edit::{AddReport, InvalidReport, NewEntry, Written};
use crate::report::{self, Format};
use crate::settings::{Add, Global};

/// Everything decided before anything is written.
struct Plan {
    name: String,
    replace: bool,
    resolved: Resolved,
    env: Vec<(String, String)>,
    new_text: String,
    diff: Diff,
}

pub fn run(g: &Global, args: &Add, out: &mut Output) -> Result<Exit, Stop> {
    let env = parse_env(&args.env, &g.host)?;
    let target = target::read(g)?;
    // asked for on a terminal, a name that is taken is refused at once,
    // before the command and the env are typed (not after, all lost)
    let taken = ask::Taken {
        existing: if args.force {
            Vec::new()
        } else {
            edit::server_names(target.root())
        },
        disabled: target::disabled_names(g, &target),
    };
    if let Some(name) = args.name.as_deref()
        && args.command.is_empty()
    {
        check_name(g, args, &target, name, &taken.disabled)?;
    }
    let (answers, prompted) = gather(g, args, env, &taken)?;
    if !args.show_secrets {
        let mut hide = target.secrets();
        // the new server's name is no secret, even if a plain env value
        // elsewhere reads the same: messages quote it
        hide.keep_quoted_visible(&answers.name);
        out.hide(&hide);
        out.hide(&new_secrets(&answers.env));
        // `--check` re-runs a failing server in the shell's environment and
        // quotes what it said there
        super::hide_shell_secrets(&g.host, out);
        // the command line as typed: the changes made to it quote it
        if let Some((command, args)) = answers.argv.split_first() {
            out.hide(&command_secrets(command, args));
        }
    }
    target.ensure_parses()?;
    let mut target = target;
    let mut plan = plan(g, args, &target, answers.clone(), &taken.disabled)?;
    if !args.show_secrets {
        out.hide(&command_secrets(
            &plan.resolved.command,
            &plan.resolved.args,
        ));
    }
    print_changes(g, out, &plan.resolved)?;
    if let Some(problems) = target::new_errors(g, &target, &plan.new_text) {
        return refuse_invalid(g, out, &target, &problems);
    }
    let check = match &args.check {
        Some(opts) => {
            // a launch may take a minute: the lock is let go meanwhile, so
            // other writers are not kept waiting, then taken again; a file
            // changed meanwhile gets the entry planned again on what it is
            target.lock = None;
            let report = run_check(g, out, &plan, opts)?;
            let again = target::read(g)?;
            if again.bytes() != target.bytes() {
                again.ensure_parses()?;
                plan = self::plan(g, args, &again, answers, &taken.disabled)?;
                if let Some(problems) = target::new_errors(g, &again, &plan.new_text) {
                    return refuse_invalid(g, out, &again, &problems);
                }
            }
            target = again;
            Some(report)
        }
        None => None,
    };
    let check_failed = check.as_ref().is_some_and(|r| !r.ok);
    if check_failed && !args.force {
        report(g, args, out, &target, &plan, check, None)?;
        return Ok(Exit::Problems);
    }
    if args.dry_run {
        report(g, args, out, &target, &plan, check, None)?;
        return Ok(Exit::Ok);
    }
    if prompted && !args.yes && !confirmed(out, &target, &plan)? {
        out.println("Nothing written.")?;
        return Ok(Exit::Ok);
    }
    let opts = target::write_options(g, target.app_reads_it);
    match write::commit(&target.path, target.bytes(), &plan.new_text, &opts) {
        Ok(outcome) => {
            report(g, args, out, &target, &plan, check, Some(&outcome))?;
            Ok(Exit::Ok)
        }
        Err(WriteError::Invalid { errors, .. }) => refuse_invalid(g, out, &target, &errors),
        Err(e) => Err(e.into()),
    }
}

/// The `--env` values given, as secrets for the output layer.
pub(super) fn new_secrets(env: &[(String, String)]) -> crate::secrets::Secrets {
    let mut s = crate::secrets::Secrets::none();
    s.add_pattern(crate::secrets::in_free_text);
    for (k, v) in env {
        s.add(Some(k), v);
    }
    s
}

/// The secrets of a new entry's command line, `command` and `args` as
/// typed or pasted (`"npx pkg --password X"` in one word, `TOKEN=X npx`,
/// `--api-key X` in args: [`crate::secrets::of_command_line`]), for the
/// output layer: the changes made to the line, and a refusal of it, quote
/// it whole.
pub(super) fn command_secrets<S: AsRef<str>>(command: &str, args: &[S]) -> crate::secrets::Secrets {
    let mut s = crate::secrets::Secrets::none();
    for (label, value) in crate::secrets::of_command_line(command, args) {
        s.add(Some(&label), &value);
    }
    s
}

/// `--env KEY=VALUE` pairs; last one wins for a repeated key. `--env KEY`
/// alone (a variable name, no `=`) takes KEY's value from mcpctl's own
/// environment (`host`), so scripts never put a secret on a command line;
/// one that is not set is a usage error naming KEY. Values are never
/// echoed in errors (they may be secrets).
pub fn parse_env(raw: &[String], host: &HostEnv) -> Result<Vec<(String, String)>, Error> {
    parse_assignments(raw, host, "--env ", "--env value")
}

/// A word that is a variable name by its letters but a token by its
/// prefix (`ghp_...`, `sk-...`): a value given without its `KEY=`.
fn token_shaped(word: &str) -> bool {
    !crate::secrets::in_free_text(word).is_empty()
}

/// [`parse_env`] for assignments spelled without a flag (`mcpctl env NAME
/// KEY=VALUE`): `flag` prefixes them in messages, `what` names one.
pub fn parse_assignments(
    raw: &[String],
    host: &HostEnv,
    flag: &str,
    what: &str,
) -> Result<Vec<(String, String)>, Error> {
    let mut env: Vec<(String, String)> = Vec::new();
    for (i, item) in raw.iter().enumerate() {
        let (key, value) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), v.to_string()),
            // a token (`ghp_...`) is a variable name too: taken for the
            // value it is, given without its KEY=, and never echoed
            None if is_var_name(item) && !token_shaped(item) => match host.var_as_set(item) {
                Some(v) => (item.as_str(), v.to_string()),
                // a random-looking name in mixed case (`aB3dE5...`; names
                // are mostly written in one) may be a token without its
                // KEY=: said without spelling it
                None if crate::secrets::looks_random(item)
                    && item.chars().any(|c| c.is_ascii_lowercase())
                    && item.chars().any(|c| c.is_ascii_uppercase()) =>
                {
                    return Err(Error::new(format!(
                        "{what} #{} is no variable set in mcpctl's environment (not shown: it \
may be a secret)",
                        i + 1
                    ))
                    .hint(format!(
                        "write {flag}KEY=VALUE, or export the variable before running mcpctl"
                    )));
                }
                None => {
                    let lead = if flag.is_empty() {
                        String::new()
                    } else {
                        format!("{flag}{item}: ")
                    };
                    return Err(Error::new(format!(
                        "{lead}{item} is not set in mcpctl's environment"
                    ))
                    .hint(format!(
                        "export {item} before running mcpctl, or write {flag}{item}=VALUE"
                    )));
                }
            },
            None => {
                return Err(Error::new(format!(
                    "{what} #{} has no `=` and is not a variable name (not shown: it may \
be a secret)",
                    i + 1
                ))
                .hint(format!(
                    "write {flag}KEY=VALUE, or {flag}KEY to take KEY from your environment"
                )));
            }
        };
        if key.is_empty() {
            return Err(Error::new(format!("{what} #{} has an empty name", i + 1))
                .hint(format!("write {flag}KEY=VALUE, e.g. {flag}API_KEY=...")));
        }
        env.retain(|(x, _)| x != key);
        env.push((key.to_string(), value));
    }
    Ok(env)
}

/// A portable environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub(super) fn is_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Name and command line from the arguments, or asked on a terminal.
/// Returns whether anything was asked (then the result is confirmed).
fn gather(
    g: &Global,
    args: &Add,
    env: Vec<(String, String)>,
    taken: &ask::Taken,
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
    if !g.interactive {
        return Err(missing_usage(
            args.name.as_deref(),
            args.command.is_empty(),
            g.json(),
        ));
    }
    Ok((ask::ask(name, args.command.clone(), env, taken)?, true))
}

/// `json`: the reason nothing was asked is `--json` (which never asks),
/// not stdin.
fn missing_usage(name: Option<&str>, no_command: bool, json: bool) -> Error {
    let what = match (name.map(str::trim), no_command) {
        (None | Some(""), true) => "missing the server name and the command",
        (None | Some(""), false) => "missing the server name",
        _ => "missing the command to run",
    };
    let why = if json {
        "--json never asks"
    } else {
        "stdin is not a terminal, so mcpctl does not ask"
    };
    Error::new(format!("{what} (and {why})"))
        .hint("`mcpctl add NAME -- COMMAND [ARGS...]`, e.g. `mcpctl add memory -- npx -y @modelcontextprotocol/server-memory`")
}

/// Whether the new server's `name` replaces one (with --force); refused
/// when it is taken without --force, or one of the `disabled` servers'
/// (read once per run; the side file is read again only to refuse).
fn check_name(
    g: &Global,
    args: &Add,
    target: &Target,
    name: &str,
    disabled: &[String],
) -> Result<bool, Error> {
    let exists = edit::server_names(target.root()).iter().any(|n| n == name);
    if !exists && disabled.iter().any(|d| d == name) {
        target::refuse_disabled_names(g, target, &[name], "give the new server another name")?;
    }
    if exists && !args.force {
        return Err(edit_failure(
            EditError::Exists {
                name: name.to_string(),
            },
            target,
        ));
    }
    Ok(exists)
}

fn plan(
    g: &Global,
    args: &Add,
    target: &Target,
    answers: ask::Answers,
    disabled: &[String],
) -> Result<Plan, Error> {
    let ask::Answers { name, argv, env } = answers;
    let Some((command, rest)) = argv.split_first() else {
        return Err(missing_usage(Some(&name), true, false));
    };
    let mut resolved = resolve::resolve(
        &g.host,
        command,
        rest,
        args.no_resolve,
        &resolve::real_probe,
    );
    let sys = crate::machine::RealSystem::default();
    resolve::pin_shim(&g.host, &sys, &mut resolved, !args.no_resolve);
    let exists = check_name(g, args, target, &name, disabled)?;
    if exists {
        resolved.warnings.extend(dropped_env(target, &name, &env));
    }
    // the entry as saved: env values as given
    let entry = serde_json::to_value(NewEntry::new(&resolved, &env, true)).unwrap_or(Json::Null);
    let new_text = edit::set_server(target.text(), target.root(), &name, &entry, args.force)
        .map_err(|e| edit_failure(e, target))?;
    // the resolver already said the command is missing, in the user's terms
    let command_warned = !resolved.warnings.is_empty();
    resolved
        .warnings
        .extend(entry_warnings(g, target, &name, &new_text, command_warned));
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

/// `--force` replaces the whole entry: what the old entry had and the
/// new one does not is said (env variables and other keys, by name only),
/// or a token or a setting (`cwd`, `disabled`, a client's own key)
/// silently goes.
fn dropped_env(target: &Target, name: &str, env: &[(String, String)]) -> Option<String> {
    let root = target.root()?;
    let old = crate::config::model::servers(root)
        .into_iter()
        .rfind(|e| e.name == name)?;
    let listed = |names: &[&str]| {
        names
            .iter()
            .map(|k| format!("`{}`", crate::escape::name(k)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let vars: Vec<&str> = old
        .env
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !env.iter().any(|(n, _)| n == k))
        .collect();
    let keys: Vec<&str> = old
        .node
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|m| m.key.as_str())
        .filter(|k| !matches!(*k, "command" | "args" | "env"))
        .collect();
    let what = match (vars.is_empty(), keys.is_empty()) {
        (true, true) => return None,
        (false, true) => format!("env {}", listed(&vars)),
        (true, false) => listed(&keys),
        (false, false) => format!("env {} and {}", listed(&vars), listed(&keys)),
    };
    let keep = if vars.is_empty() {
        "edit the file to keep them"
    } else {
        "pass --env NAME=VALUE to keep the variables"
    };
    Some(format!(
        "the old `{}` had {what} that the new entry does not set: --force replaces the whole \
         entry (the old one is in the backup); {keep}",
        crate::escape::name(name),
    ))
}

/// What to say now about the new entry `name` of `new_text`, rather than
/// when the app fails: the warnings `validate` gives it (relative paths,
/// unexpanded variables...; errors are the write path's, which refuses
/// them), then what doctor's machine survey finds on this machine and
/// `validate` did not say (the interpreter an `npx` runs missing from the
/// app's PATH, a version manager's trap), one line each. `command_warned`:
/// the resolver already said the command is missing, in the user's terms.
pub(super) fn entry_warnings(
    g: &Global,
    target: &Target,
    name: &str,
    new_text: &str,
    command_warned: bool,
) -> Vec<String> {
    entry_warnings_in(g, &Checked::new(g, target, new_text), name, command_warned)
}

/// The servers of `new_text` (an edit's result), as the file will hold
/// them: what `--check` finds the new entries in.
pub(super) fn new_servers(new_text: &str) -> Vec<model::ServerEntry> {
    let doc =
        crate::config::syntax::parse(&crate::config::source::Source::from_text("<new>", new_text));
    doc.root.as_ref().map(model::servers).unwrap_or_default()
}

/// A new text checked once (`validate`'s diagnostics and its servers), for
/// the warnings of each server added to it: a batch of many servers
/// (`add-json`, `import`) is not checked again per server.
pub(super) struct Checked {
    diags: Vec<Diagnostic>,
    servers: Vec<model::ServerEntry>,
}

impl Checked {
    pub(super) fn new(g: &Global, target: &Target, new_text: &str) -> Checked {
        let lint_ctx = LintContext::for_host(&g.host);
        let (_, doc, diags) = load::check_text(Path::new(&target.shown()), new_text, &lint_ctx);
        Checked {
            diags,
            servers: doc.root.as_ref().map(model::servers).unwrap_or_default(),
        }
    }
}

/// [`entry_warnings`] on a text checked already.
pub(super) fn entry_warnings_in(
    g: &Global,
    checked: &Checked,
    name: &str,
    command_warned: bool,
) -> Vec<String> {
    entries_warnings_in(g, checked, &[(name, command_warned)])
        .pop()
        .unwrap_or_default()
}

/// [`entry_warnings_in`] for each (name, command warned) of `asked`, in
/// order: the machine surveyed once for all of them, each entry's lint
/// findings found by position (an import may add thousands).
pub(super) fn entries_warnings_in(
    g: &Global,
    checked: &Checked,
    asked: &[(&str, bool)],
) -> Vec<Vec<String>> {
    // the last definition of each name, as the app keeps
    let last: crate::text::FastMap<&str, &model::ServerEntry> = checked
        .servers
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    // the warnings (in the check's order), by where they start
    let mut notes: Vec<(usize, &Diagnostic, crate::config::source::Span)> = checked
        .diags
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.is_error())
        .filter_map(|(i, d)| Some((i, d, d.span?)))
        .collect();
    notes.sort_by_key(|(_, _, at)| at.start);
    let entries: Vec<model::ServerEntry> = asked
        .iter()
        .filter_map(|(name, _)| last.get(name).map(|e| (*e).clone()))
        .collect();
    let real = crate::machine::RealSystem::default();
    let sys = crate::machine::Cached::new(&real);
    // (one facts per entry, in order)
    let mut facts = crate::machine::survey(&g.host, &sys, &entries)
        .servers
        .into_iter();
    asked
        .iter()
        .map(|(name, command_warned)| {
            let Some(entry) = last.get(name) else {
                return Vec::new();
            };
            let Some(facts) = facts.next() else {
                return Vec::new();
            };
            let from = notes.partition_point(|(_, _, at)| at.start < entry.span.start);
            let mut lint: Vec<(usize, &Diagnostic)> = notes[from..]
                .iter()
                .take_while(|(_, _, at)| at.start <= entry.span.end)
                .filter(|(_, _, at)| at.end <= entry.span.end)
                .map(|(i, d, _)| (*i, *d))
                .collect();
            lint.sort_by_key(|(i, _)| *i);
            let lint: Vec<&Diagnostic> = lint.into_iter().map(|(_, d)| d).collect();
            warnings(&lint, facts, *command_warned)
        })
        .collect()
}

/// One entry's warnings: its lint findings, then what the machine survey
/// found that lint did not say.
fn warnings(
    lint: &[&Diagnostic],
    facts: crate::machine::ServerFacts,
    command_warned: bool,
) -> Vec<String> {
    // `command-missing` (the survey's) and `command-not-found` (lint's)
    // say one thing: the command is not there
    let is_missing = |code: Code| matches!(code, Code::CommandMissing | Code::CommandNotFound);
    let missing = |code: Code| command_warned && is_missing(code);
    let said = |code: Code| {
        lint.iter()
            .any(|d| d.code == code || (is_missing(d.code) && is_missing(code)))
    };
    let machine: Vec<String> = facts
        .findings
        .into_iter()
        .filter(|f| f.level != crate::machine::Level::Note)
        .filter(|f| !said(f.code) && !missing(f.code))
        .map(|f| match &f.hint {
            Some(h) => format!("{} [{}]; hint: {h}", f.message, f.code.id()),
            None => format!("{} [{}]", f.message, f.code.id()),
        })
        .collect();
    lint.iter()
        .filter(|d| !missing(d.code))
        .map(|d| one_line(d))
        .chain(machine)
        .collect()
}

/// A diagnostic as one warning line: `message [code]; hint: ...`.
pub(super) fn one_line(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{} [{}]; hint: {h}", d.message, d.code),
        None => format!("{} [{}]", d.message, d.code),
    }
}

/// `--check`: the new entry checked as `test-launch` would check it once
/// saved (a url or bridge entry probed over HTTP, the bridge never
/// started; any other launched as the app would).
fn run_check(
    g: &Global,
    out: &mut Output,
    plan: &Plan,
    opts: &ProbeOptions,
) -> std::io::Result<ProbeReport> {
    let spec = LaunchSpec {
        name: plan.name.clone(),
        command: plan.resolved.command.clone(),
        args: plan.resolved.args.clone(),
        env: plan.env.clone(),
        app_path: None,
    };
    let servers = new_servers(&plan.new_text);
    let check = super::remote::check_new(spec, &servers, &g.host);
    if !g.json() {
        out.eprintln(&super::remote::checking(&check))?;
    }
    let mut report = super::remote::run_one(&check, opts, &g.host);
    // a variable it lacks is given with `--env`: nothing is written yet
    super::hint_env_command(
        std::slice::from_mut(&mut report),
        &g.host,
        super::EnvSetter::AddFlag,
    );
    Ok(report)
}

fn confirmed(out: &mut Output, target: &Target, plan: &Plan) -> Result<bool, Stop> {
    out.print(&report::text::diff::render(&plan.diff, out.style))?;
    Ok(super::prompt::confirm(
        out,
        &format!("Write this to {}?", target.shown()),
        super::prompt::PASS_YES,
    )?)
}

/// The new text would add a `validate` error: say which, write nothing
/// (exit 1). Messages only, no source snippets (they could show secrets).
pub(super) fn refuse_invalid(
    g: &Global,
    out: &mut Output,
    target: &Target,
    errors: &[Diagnostic],
) -> Result<Exit, Stop> {
    let message = format!(
        "refusing to write {}: the result would not pass `mcpctl validate`",
        target.shown()
    );
    let hint = if errors.iter().any(|d| d.code == Code::RemoteServer) {
        // (a Connector only where it can work: each server's own hint
        // says whether its URL is one)
        "nothing was written; `mcpctl add-json --bridge ...` saves a remote server as an \
         mcp-remote bridge entry (headers to --header, secrets to env)"
    } else {
        "nothing was written; correct the entry as described and try again"
    };
    match g.format {
        Format::Json => {
            let error = Error::new(message).hint(hint);
            out.json(&InvalidReport::new(&error, errors))?;
        }
        Format::Text => out.eprint(&report::text::edit::invalid(
            out.err_style,
            &message,
            hint,
            errors,
        ))?,
    }
    Ok(Exit::Problems)
}

fn report(
    g: &Global,
    args: &Add,
    out: &mut Output,
    target: &Target,
    plan: &Plan,
    check: Option<ProbeReport>,
    outcome: Option<&write::WriteOutcome>,
) -> std::io::Result<()> {
    let refused = check.as_ref().is_some_and(|c| !c.ok) && !args.force;
    let written = Written::new(outcome);
    if g.format == Format::Json {
        let r = AddReport {
            file: target.shown(),
            action: if plan.replace { "replace" } else { "add" },
            name: plan.name.clone(),
            dry_run: args.dry_run,
            refused: refused.then_some("check-failed"),
            entry: NewEntry::new(&plan.resolved, &plan.env, args.show_secrets),
            changes: plan.resolved.changes.clone(),
            warnings: plan.resolved.warnings.clone(),
            diff: plan.diff.text.clone(),
            check: check
                .as_ref()
                .map(|p| report::launch::ServerLaunch::new(p, args.show_secrets)),
            written,
        };
        return out.json(&r);
    }
    if let Some(c) = &check {
        let (text, errors) = report::text::edit::check(out.style, out.err_style, c, args.force);
        out.print(&text)?;
        out.eprint(&errors)?;
    }
    if refused {
        let chat_ok = check.as_ref().is_some_and(|c| c.chat_ok());
        return out.eprint(&report::text::edit::check_refused(
            out.err_style,
            &plan.name,
            chat_ok,
        ));
    }
    if outcome.is_none() {
        out.print(&report::text::diff::render(&plan.diff, out.style))?;
        return out.println("Dry run: nothing written.");
    }
    say_added(out, &plan.name, plan.replace, written.created, target)?;
    target::print_written(out, &written)
}

/// `added server `NAME` to FILE` (or `replaced ... in`, `... to the new file`).
pub(super) fn say_added(
    out: &mut Output,
    name: &str,
    replace: bool,
    created: bool,
    target: &Target,
) -> std::io::Result<()> {
    let (verb, place) = match (replace, created) {
        (true, _) => ("replaced server", "in"),
        (false, true) => ("added server", "to the new file"),
        (false, false) => ("added server", "to"),
    };
    out.println(&format!(
        "{} `{}` {place} {}",
        out.style.green(verb),
        crate::escape::name(name),
        target.shown()
    ))
}

/// What was done to the typed command line (human output only).
pub(super) fn print_changes(g: &Global, out: &mut Output, r: &Resolved) -> std::io::Result<()> {
    if g.json() {
        return Ok(());
    }
    out.print(&report::text::edit::changes(out.style, r))?;
    for w in &r.warnings {
        target::warn(out, w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pairs() {
        let host = HostEnv {
            os: crate::platform::Os::Linux,
            home: None,
            vars: [("API_KEY".to_string(), "sk-from-env-123".to_string())].into(),
            cwd: "/".into(),
            non_unicode: Default::default(),
        };
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_env(&v(&["A=1", "B=x=y", "A=2", "C=", "API_KEY"]), &host).unwrap(),
            [
                ("B".into(), "x=y".into()),
                ("A".into(), "2".into()),
                ("C".into(), String::new()),
                ("API_KEY".into(), "sk-from-env-123".into()),
            ]
        );
        let e = parse_env(&v(&["sk-secret"]), &host).unwrap_err();
        assert!(!e.message.contains("sk-secret"), "{}", e.message);
        assert!(parse_env(&v(&["=v"]), &host).is_err());
        let e = parse_env(&v(&["MISSING_TOKEN"]), &host).unwrap_err();
        assert!(
            e.message.contains("MISSING_TOKEN is not set"),
            "{}",
            e.message
        );
    }
}
