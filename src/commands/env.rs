//! `mcpctl env NAME [KEY=VALUE | KEY]... [--unset KEY]...`: a server's
//! environment variables, listed (values masked) or changed in place. This
//! is how a secret exported in a terminal reaches the app, which never
//! sees the terminal's environment: `mcpctl env NAME KEY` takes KEY's value
//! from mcpctl's own environment and never echoes it.
//!
//! Orchestration only: `config::edit` decides the new text (each variable
//! where it is, everything else byte for byte), `config::write` puts it on
//! disk with a backup and refuses a result that would not validate. An
//! explicit command, so it acts without asking; `--dry-run` shows the diff
//! and `mcpctl restore` undoes a write.

use super::Exit;
use super::add::{new_secrets, parse_assignments, refuse_invalid};
use super::target::{self, Target, edit_failure};
use crate::config::ast::Node;
use crate::config::diag::Diagnostic;
use crate::config::edit::{self, EditError};
use crate::config::lint::LintContext;
use crate::config::source::Source;
use crate::config::syntax;
use crate::config::write::{self, WriteError};
use crate::config::{load, model};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::diagnostics::BriefDiagnostic;
use crate::report::diff::{self, Diff};
use crate::report::edit::{EnvChangeReport, EnvReport, Written};
use crate::report::failure::AtJson;
use crate::report::text::diagnostics::Snippets;
use crate::report::{self, EnvMap, Format, NotStrings};
use crate::settings::{EnvEdit, Global};

pub fn run(g: &Global, s: &EnvEdit, out: &mut Output) -> Result<Exit, Stop> {
    let set = parse_assignments(&s.set, &g.host, "", "assignment")?;
    check_unset(&s.unset, &set)?;
    let target = target::read(g)?;
    if !s.show_secrets {
        out.hide(&target.secrets());
        out.hide(&new_secrets(&set));
    }
    target.must_exist("there is no server to edit")?;
    if !edit::server_names(target.root()).contains(&s.name) {
        return Err(target::not_there(g, &target, &s.name, "set its env").into());
    }
    let asked = !set.is_empty() || !s.unset.is_empty();
    if !asked {
        // an entry or an env that is not an object has no variables to list
        edit::env_shape(target.text(), target.root(), &s.name)
            .map_err(|e| edit_failure(e, &target))?;
        let done = Done {
            changes: Vec::new(),
            env: env_of(target.root(), &s.name, s.show_secrets),
            diff: None,
            brought: None,
        };
        report(g, s, out, &target, done, None)?;
        return Ok(Exit::Ok);
    }
    target.ensure_parses()?;
    let (new_text, changes) =
        changed(&target, s, &set, g.host.os).map_err(|e| edit_failure(e, &target))?;
    let diff = diff::config_diff(target.text(), &new_text, &target.shown(), true, false);
    let (brought, root) = Brought::new(g, &target, &new_text);
    let done = Done {
        changes,
        env: env_of(root.as_ref(), &s.name, s.show_secrets),
        diff: Some(&diff),
        brought: Some(&brought),
    };
    if s.dry_run || new_text == target.text() {
        report(g, s, out, &target, done, None)?;
        return Ok(Exit::Ok);
    }
    let opts = target::write_options(g, target.app_reads_it);
    match write::commit(&target.path, target.bytes(), &new_text, &opts) {
        Ok(outcome) => {
            report(g, s, out, &target, done, Some(&outcome))?;
            Ok(Exit::Ok)
        }
        Err(WriteError::Invalid { errors, .. }) => refuse_invalid(g, out, &target, &errors),
        Err(e) => Err(e.into()),
    }
}

/// `--unset` names: variable names, none of them also set.
fn check_unset(unset: &[String], set: &[(String, String)]) -> Result<(), Error> {
    for key in unset {
        if key.trim().is_empty() || key.contains('=') {
            return Err(
                Error::new(format!("--unset takes a variable name, not `{key}`"))
                    .hint("write --unset KEY, e.g. --unset API_KEY"),
            );
        }
        if set.iter().any(|(k, _)| k == key) {
            return Err(Error::new(format!("{key} is both set and unset"))
                .hint(format!("keep one of `{key}=...` and `--unset {key}`")));
        }
    }
    Ok(())
}

/// The new text and one change per variable asked for: the sets in the
/// order given, then the unsets.
fn changed(
    target: &Target,
    s: &EnvEdit,
    set: &[(String, String)],
    os: crate::platform::Os,
) -> Result<(String, Vec<EnvChangeReport>), EditError> {
    let mut text = target.text().to_string();
    let mut changes = Vec::new();
    let parse = |text: &str| syntax::parse(&Source::from_text(&target.path, text));
    // on Windows a variable's name has no case: `Path=...` changes the
    // entry's `PATH` (as cmd's `set` does), not a second variable the
    // server never gets
    let spelt = |text: &str, key: &str| -> String {
        if os != crate::platform::Os::Windows {
            return key.to_string();
        }
        let doc = parse(text);
        let env = doc
            .root
            .as_ref()
            .and_then(|r| r.get(crate::config::model::SERVERS_KEY))
            .and_then(|m| m.get(&s.name))
            .and_then(|e| e.get("env"))
            .and_then(Node::as_object);
        let keys: Vec<&str> = env
            .map(|m| m.iter().map(|m| m.key.as_str()).collect())
            .unwrap_or_default();
        if keys.contains(&key) {
            return key.to_string();
        }
        match keys
            .iter()
            .filter(|k| k.eq_ignore_ascii_case(key))
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one] => one.to_string(),
            _ => key.to_string(),
        }
    };
    for (key, value) in set {
        let key = &spelt(&text, key);
        let (next, change) = edit::set_env(&text, parse(&text).root.as_ref(), &s.name, key, value)?;
        text = next;
        changes.push(EnvChangeReport {
            key: key.clone(),
            change,
            from_environment: from_environment(&s.set, key),
        });
    }
    for key in &s.unset {
        let key = &spelt(&text, key);
        let (next, change) = edit::unset_env(&text, parse(&text).root.as_ref(), &s.name, key)?;
        text = next;
        changes.push(EnvChangeReport {
            key: key.clone(),
            change,
            from_environment: false,
        });
    }
    Ok((text, changes))
}

/// Whether KEY's value came from mcpctl's environment: its last
/// assignment was the bare name.
fn from_environment(raw: &[String], key: &str) -> bool {
    raw.iter()
        .rev()
        .find(|r| r.split_once('=').map_or(r.as_str(), |(k, _)| k.trim()) == key)
        .is_some_and(|r| !r.contains('='))
}

/// The env of server `name` (its last entry) under `root`, as shown, and
/// the keys whose value is not a string, with its JSON type.
fn env_of(root: Option<&Node>, name: &str, show: bool) -> Shown {
    let servers = root.map(model::servers).unwrap_or_default();
    let Some(entry) = servers.iter().rev().find(|e| e.name == name) else {
        return Shown::default();
    };
    Shown {
        env: EnvMap::shown(&entry.env, show),
        not_strings: NotStrings(entry.env_not_strings()),
    }
}

/// A server's variables as the report shows them.
#[derive(Default)]
struct Shown {
    env: EnvMap,
    not_strings: NotStrings,
}

/// What the change did, for the report.
struct Done<'a> {
    changes: Vec<EnvChangeReport>,
    env: Shown,
    diff: Option<&'a Diff>,
    brought: Option<&'a Brought>,
}

/// The warnings (and errors) `validate` has about the new text that it
/// did not have about the old one: a `${VAR}` value, which the app passes
/// as it is, is the likely one. The write refuses new errors itself.
struct Brought {
    source: Source,
    diagnostics: Vec<Diagnostic>,
}

impl Brought {
    /// With the new text's tree (checked once here; the write checks it
    /// again, as it does every text it is given).
    fn new(g: &Global, target: &Target, new_text: &str) -> (Brought, Option<Node>) {
        let lint = LintContext::for_host(&g.host);
        let old = target
            .source
            .as_ref()
            .map(|source| load::check(source, &lint).1)
            .unwrap_or_default();
        let (source, doc, new) = load::check_text(&target.path, new_text, &lint);
        let brought = Brought {
            source,
            diagnostics: write::introduced(&old, new, |_| false),
        };
        (brought, doc.root)
    }
}

fn report(
    g: &Global,
    s: &EnvEdit,
    out: &mut Output,
    target: &Target,
    done: Done,
    outcome: Option<&write::WriteOutcome>,
) -> std::io::Result<()> {
    let brought = done.brought.map_or(&[][..], |b| b.diagnostics.as_slice());
    // a listing reads what mcpctl recovers of a file the app may reject
    let unparsed = target
        .source
        .as_ref()
        .and_then(|src| model::app_parse_error(src, &target.doc));
    let (config_parse_error, config_parse_error_at) = AtJson::parse_error(unparsed.as_ref());
    let r = EnvReport {
        file: target.shown(),
        action: "env",
        name: s.name.clone(),
        dry_run: s.dry_run,
        changes: done.changes,
        env: done.env.env,
        env_not_strings: done.env.not_strings,
        diff: done.diff.map(|d| d.text.clone()).unwrap_or_default(),
        diff_hidden: done.diff.is_some_and(|d| d.only_hidden_changes),
        diagnostics: brought.iter().map(BriefDiagnostic::from).collect(),
        config_parse_error,
        config_parse_error_at,
        written: Written::new(outcome),
    };
    if g.format == Format::Json {
        return out.json(&r);
    }
    if let Some(e) = &unparsed {
        out.eprint(&report::text::app_cannot_parse(
            out.err_style,
            false,
            &r.file,
            e,
            "so it starts none of its servers, this one included",
        ))?;
    }
    if s.dry_run
        && let Some(d) = done.diff
    {
        out.print(&report::text::diff::render(d, out.style))?;
    }
    out.print(&report::text::edit::env(out.style, &r))?;
    if let Some(b) = done.brought.filter(|b| !b.diagnostics.is_empty()) {
        let snippets = Snippets::new(&b.source);
        out.eprint(&snippets.render_all(&b.diagnostics, out.err_style))?;
    }
    if r.changes.is_empty() {
        return Ok(());
    }
    if s.dry_run {
        return out.println("Dry run: nothing written.");
    }
    if outcome.is_none() {
        return out.println("Nothing to change: nothing written.");
    }
    target::print_written(out, &r.written)
}
