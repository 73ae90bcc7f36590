//! `mcpctl add-json [NAME] 'JSON'` (or `-` for stdin): add the servers of a
//! pasted snippet — a bare entry, an `mcpServers` block, a map of servers —
//! through the same path as `add`: each `command` made runnable by the app
//! (`plan::resolve`), the `validate` warnings about each new entry, the
//! optional `--check` launch, then one write of every server at once
//! (backup, lock, atomic, refused when the result would not pass
//! `validate`). All or nothing: one name that exists (without `--force`),
//! one failed check or one invalid entry and nothing is written.
//! Orchestration only: `config::paste` reads the snippet, `config::edit`
//! makes the text, `config::write` puts it on disk. JSON shape:
//! docs/json/add-json.md.

use serde_json::Value as Json;

use super::Exit;
use super::add::{
    command_secrets, entries_warnings_in, new_secrets, print_changes, refuse_invalid, say_added,
};
use super::target::{self, Target, edit_failure};
use crate::config::edit;
use crate::config::paste;
use crate::config::source::Source;
use crate::config::syntax;
use crate::config::vars;
use crate::config::write::{self, WriteError};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::plan::resolve::{self, Resolved};
use crate::probe::{LaunchSpec, ProbeOptions, ProbeReport};
use crate::report::diff::{self, Diff};
use crate::report::edit::{AddJsonReport, FillFacts, ImportFacts, PastedServer, Written};
use crate::report::{self, Format};
use crate::settings::{self, AddJson, Global};
use crate::text::plural;

/// One server of the paste, as it will be saved.
struct Server {
    name: String,
    replace: bool,
    /// The entry as saved: the pasted object, `command`/`args` resolved.
    entry: Json,
    /// `None` for an entry with no `command` (a url entry).
    resolved: Option<Resolved>,
    env: Vec<(String, String)>,
    warnings: Vec<String>,
    check: Option<ProbeReport>,
}

/// How a batch of servers is written (`add-json`, `import`).
pub(super) struct Opts {
    pub batch: settings::Batch,
    /// Make each command runnable by the app as `add` does (`add-json`);
    /// `import` keeps the entries as they were exported.
    pub resolve: bool,
    pub no_resolve: bool,
    /// Save a url entry as an mcp-remote bridge entry (`add-json --bridge`).
    pub bridge: bool,
}

/// The servers, and what the report says about where they came from.
pub(super) struct Batch {
    pub servers: Vec<(String, Json)>,
    /// `add-json`: the paste damage mended.
    pub mended: Option<Vec<String>>,
    /// `add-json --fill-env`: the variables filled.
    pub filled: Option<FillFacts>,
    /// `import`: the document's facts.
    pub import: Option<ImportFacts>,
}

pub fn run(g: &Global, s: &AddJson, out: &mut Output) -> Result<Exit, Stop> {
    let text = input(&s.json, "the JSON")?;
    let mut pasted = paste::parse(&text, s.name.as_deref())
        .map_err(|e| Error::new(e.message()).hint(e.hint()).at(e.spot()))?;
    if !s.batch.show_secrets {
        out.hide(&pasted_secrets(&text));
    }
    let filled = fill_vars(g, s, &mut pasted.servers, out)?;
    // (a name pasted twice is said below, by name)
    let damage: Vec<&str> = pasted
        .mended
        .iter()
        .map(String::as_str)
        .filter(|m| *m != "duplicate-server")
        .collect();
    if !g.json() && !damage.is_empty() {
        target::warn(
            out,
            &format!("mended the pasted JSON: {}", damage.join(", ")),
        )?;
    }
    if !g.json() {
        for d in &pasted.duplicates {
            target::warn(
                out,
                &format!(
                    "server `{}` is pasted more than once: the last one is added (the app, too, \
keeps only the last)",
                    crate::escape::name(d)
                ),
            )?;
        }
    }
    let opts = Opts {
        batch: s.batch.clone(),
        resolve: true,
        no_resolve: s.no_resolve,
        bridge: s.bridge,
    };
    let batch = Batch {
        servers: pasted.servers,
        mended: Some(pasted.mended),
        filled,
        import: None,
    };
    write_batch(g, &opts, batch, out)
}

/// `--fill-env`: every `${NAME}` of the pasted servers that Claude Code,
/// Cursor or VS Code would expand, filled from mcpctl's environment
/// (`config::vars`); all or nothing: one that cannot be filled refuses
/// the paste. The names filled and defaulted, for the report. Without the flag, a note
/// names the references the environment could fill, and `None`.
fn fill_vars(
    g: &Global,
    s: &AddJson,
    servers: &mut [(String, Json)],
    out: &mut Output,
) -> Result<Option<FillFacts>, Stop> {
    let home = g.host.home.as_deref().and_then(std::path::Path::to_str);
    let lookup = |n: &str| g.host.var(n).map(str::to_string);
    if !s.fill_env {
        // what the flag would fill, worked out on copies (text only: the
        // JSON's warnings already name each reference)
        if g.json() {
            return Ok(None);
        }
        let mut copies: Vec<Json> = servers.iter().map(|(_, e)| e.clone()).collect();
        let would = vars::fill_all(copies.iter_mut(), &lookup, home).filled;
        if !would.is_empty() {
            target::note(
                out,
                &format!(
                    "--fill-env writes the value{} of {} from mcpctl's environment in place \
(Claude Desktop does not expand variables: without it the server gets the text)",
                    if would.len() == 1 { "" } else { "s" },
                    listed(&would, true)
                ),
            )?;
        }
        return Ok(None);
    }
    let all = vars::fill_all(servers.iter_mut().map(|(_, e)| e), &lookup, home);
    if !s.batch.show_secrets {
        out.hide(&new_secrets(&all.values));
    }
    if !all.missing.is_empty() {
        return Err(Error::new(format!(
            "--fill-env: the JSON uses {} that mcpctl cannot fill: {} (not set in mcpctl's \
environment, or a value only another client knows); nothing was written",
            plural(all.missing.len(), "variable"),
            listed(&all.missing, true)
        ))
        .hint(
            "export each (the value the server needs) and run add-json again, or leave out \
--fill-env to save them as written (the server then gets the text `${NAME}`)",
        )
        .into());
    }
    if !g.json() && !all.filled.is_empty() {
        let names = listed(&all.filled, false);
        target::note(out, &format!("filled from mcpctl's environment: {names}"))?;
    }
    if !g.json() && !all.defaulted.is_empty() {
        let names = listed(&all.defaulted, false);
        target::note(
            out,
            &format!("not set in mcpctl's environment, so the `:-` default was written: {names}"),
        )?;
    }
    Ok(Some(FillFacts {
        filled: all.filled,
        defaulted: all.defaulted,
    }))
}

/// Variable names for a message, escaped, as `${NAME}` when `braced`; the
/// first ten, then how many more (a paste may hold thousands).
fn listed(names: &[String], braced: bool) -> String {
    let shown: Vec<String> = names
        .iter()
        .map(|n| {
            let n = crate::escape::name(n);
            if braced {
                format!("${{{n}}}")
            } else {
                n.into_owned()
            }
        })
        .collect();
    crate::text::name_list(&shown, 10)
}

/// Add every server of `batch` in one write, or none: the shared path of
/// `add-json` and `import`.
pub(super) fn write_batch(
    g: &Global,
    s: &Opts,
    batch: Batch,
    out: &mut Output,
) -> Result<Exit, Stop> {
    let target = target::read(g)?;
    if !s.batch.show_secrets {
        out.hide(&target.secrets());
        let env: Vec<(String, String)> =
            batch.servers.iter().flat_map(|(_, e)| env_of(e)).collect();
        out.hide(&new_secrets(&env));
        // `--check` re-runs a failing server in the shell's environment and
        // quotes what it said there
        super::hide_shell_secrets(&g.host, out);
        // each command line as pasted: the changes made to it quote it
        for (_, entry) in &batch.servers {
            if let Some(command) = entry.get("command").and_then(Json::as_str) {
                out.hide(&command_secrets(command, &string_args(entry)));
            }
        }
    }
    target.ensure_parses()?;
    let mut target = target;
    let mut servers = plan(g, s, &target, &batch.servers)?;
    if !s.batch.show_secrets {
        for r in servers.iter().filter_map(|sv| sv.resolved.as_ref()) {
            out.hide(&command_secrets(&r.command, &r.args));
        }
    }
    let mut new_text = new_text(&target, &servers, s.batch.force)?;
    let checked = super::add::Checked::new(g, &target, &new_text);
    let asked: Vec<(&str, bool)> = servers
        .iter()
        .map(|sv| {
            // the resolver already said the command is missing, in your terms
            let command_warned = sv.resolved.as_ref().is_some_and(|r| !r.warnings.is_empty());
            (sv.name.as_str(), command_warned)
        })
        .collect();
    let found = entries_warnings_in(g, &checked, &asked);
    for (sv, warnings) in servers.iter_mut().zip(found) {
        sv.warnings.extend(warnings);
    }
    if !g.json() {
        for sv in &servers {
            if let Some(r) = &sv.resolved {
                print_changes(g, out, r)?;
            }
            for w in sv
                .warnings
                .iter()
                .skip(sv.resolved.as_ref().map_or(0, |r| r.warnings.len()))
            {
                target::warn(out, w)?;
            }
        }
    }
    // (`import` writes a document's entries; `add-json` a paste)
    let pasted = batch.import.is_none();
    if let Some(problems) = target::new_errors(g, &target, &new_text) {
        return refuse(g, out, &target, &new_text, problems, pasted);
    }
    if let Some(opts) = &s.batch.check {
        // launches may take minutes: the lock is let go meanwhile (as
        // `add --check` does), then taken again; a file changed meanwhile
        // gets the entries planned again on what it is
        target.lock = None;
        check(g, out, &mut servers, &new_text, opts)?;
        let again = target::read(g)?;
        if again.bytes() != target.bytes() {
            again.ensure_parses()?;
            let mut replanned = plan(g, s, &again, &batch.servers)?;
            for (new, old) in replanned.iter_mut().zip(&mut servers) {
                new.check = old.check.take();
                new.warnings = std::mem::take(&mut old.warnings);
            }
            servers = replanned;
            new_text = self::new_text(&again, &servers, s.batch.force)?;
            if let Some(problems) = target::new_errors(g, &again, &new_text) {
                return refuse(g, out, &again, &new_text, problems, pasted);
            }
        }
        target = again;
    }
    let diff = diff::config_diff(
        target.text(),
        &new_text,
        &target.shown(),
        target.exists(),
        s.batch.show_secrets,
    );
    let failed = servers
        .iter()
        .any(|sv| sv.check.as_ref().is_some_and(|c| !c.ok));
    let ctx = Ctx {
        g,
        s,
        target: &target,
        servers: &servers,
        batch: &batch,
        diff: &diff,
    };
    if failed && !s.batch.force {
        report(&ctx, out, true, None)?;
        return Ok(Exit::Problems);
    }
    if s.batch.dry_run {
        report(&ctx, out, false, None)?;
        return Ok(Exit::Ok);
    }
    let opts = target::write_options(g, target.app_reads_it);
    match write::commit(&target.path, target.bytes(), &new_text, &opts) {
        Ok(outcome) => {
            report(&ctx, out, false, Some(&outcome))?;
            Ok(Exit::Ok)
        }
        Err(WriteError::Invalid { errors, .. }) => {
            refuse(g, out, &target, &new_text, errors, pasted)
        }
        Err(e) => Err(e.into()),
    }
}

/// [`refuse_invalid`], for a paste (`pasted`) with the hint of each url
/// entry saying what works for it now that nothing was written: this
/// command again with `--bridge`, and a Connector only for a URL
/// Anthropic's cloud can reach (not `doctor --fix`, which mends a file
/// the entry is not in).
fn refuse(
    g: &Global,
    out: &mut Output,
    target: &Target,
    new_text: &str,
    mut problems: Vec<crate::config::diag::Diagnostic>,
    pasted: bool,
) -> Result<Exit, Stop> {
    let doc = syntax::parse(&Source::from_text(&target.path, new_text));
    let entries = doc
        .root
        .as_ref()
        .map(crate::config::model::servers)
        .unwrap_or_default();
    for d in problems
        .iter_mut()
        .filter(|d| pasted && d.code == crate::codes::Code::RemoteServer && d.planned_fix)
    {
        let url = d
            .span
            .and_then(|sp| crate::config::model::owner(&entries, sp))
            .and_then(|i| crate::config::remote::url_entry(&entries[i].node));
        if let Some(r) = url {
            d.hint = Some(bridge_hint(&r.url));
        }
    }
    refuse_invalid(g, out, target, &problems)
}

/// What works for a pasted url entry: `--bridge`, and a Connector when
/// the URL is one Anthropic's cloud can reach.
fn bridge_hint(url: &str) -> String {
    let bridge = format!(
        "`mcpctl add-json --bridge` saves it as a stdio bridge entry (\"command\": \"npx\", \
\"args\": [\"-y\", \"mcp-remote\", {}], headers moved to --header with secrets in env)",
        Json::from(url)
    );
    if crate::urls::is_private_host(url) {
        format!(
            "{bridge}; a connector cannot work here: connectors are reached from Anthropic's \
cloud, which cannot reach {url}"
        )
    } else {
        format!("{bridge}, or add {url} in the app as a connector (Settings → Connectors)")
    }
}

/// The argument as given, or stdin's text for `-` (`what` names it in
/// the error).
pub(super) fn input(arg: &str, what: &str) -> Result<String, Error> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let text = super::stdin_text().map_err(|e| {
        Error::new(format!("cannot read {what} from stdin: {e}"))
            .hint("pipe UTF-8 text in, e.g. pbpaste | mcpctl add-json -")
    })?;
    text.ok_or_else(|| {
        Error::new(format!(
            "{what} on stdin is over {} MB: a snippet or an export of MCP servers is a few KB",
            super::stdin_limit_mb()
        ))
        .hint("pipe in only the JSON of the servers")
    })
}

/// The secrets of the paste read as a config (`env`/`headers` values
/// under `mcpServers`, secret-looking args), for the output layer to mask;
/// a bare entry's or a map's env values are added by the caller.
fn pasted_secrets(text: &str) -> crate::secrets::Secrets {
    let doc = syntax::parse(&Source::from_text("<pasted>", text));
    crate::config::secrets::of(doc.root.as_ref(), &doc.extra_values, text)
}

/// An entry's string-valued `env` pairs.
fn env_of(entry: &Json) -> Vec<(String, String)> {
    entry
        .get("env")
        .and_then(Json::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Each server as it will be saved; every name that exists is refused at
/// once (exit 2) unless `--force`.
fn plan(
    g: &Global,
    s: &Opts,
    target: &Target,
    pasted: &[(String, Json)],
) -> Result<Vec<Server>, Error> {
    let names = edit::server_names(target.root());
    // (a set: an import may bring thousands into a file of thousands)
    let existing: crate::text::FastSet<&str> = names.iter().map(String::as_str).collect();
    let taken: Vec<&str> = pasted
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| existing.contains(n))
        .collect();
    if !taken.is_empty() && !s.batch.force {
        let (what, exist, them) = match taken.len() {
            1 => ("server", "exists", "it"),
            _ => ("servers", "exist", "them"),
        };
        return Err(Error::new(format!(
            "{what} {} already {exist} in {}; nothing was written",
            crate::text::name_list(&taken, 10),
            target.shown()
        ))
        .hint(format!(
            "pass --force to replace {them}, or rename {them} in the JSON (a single server: `mcpctl add-json NEWNAME 'JSON'`)"
        )));
    }
    let new: Vec<&str> = pasted
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !existing.contains(n))
        .collect();
    super::target::refuse_disabled_names(g, target, &new, "rename it in the JSON")?;
    let sys = crate::machine::RealSystem::default();
    let mut out = Vec::new();
    for (name, pasted_entry) in pasted {
        let mut entry = pasted_entry.clone();
        let mut warnings = Vec::new();
        if s.bridge
            && let Some((bridge, moved)) = crate::plan::repair::bridge_of(g.host.os, &entry)
        {
            entry = bridge;
            warnings.push(format!(
                "`{}` is a remote server: saved as an mcp-remote bridge entry{}",
                crate::escape::name(name),
                if moved.is_empty() {
                    String::new()
                } else {
                    let vars: Vec<String> = moved
                        .iter()
                        .map(|(h, v)| format!("{h} -> env {v}"))
                        .collect();
                    format!(" ({})", vars.join(", "))
                }
            ));
        }
        let command = entry
            .get("command")
            .and_then(Json::as_str)
            .filter(|_| s.resolve);
        // the app ignores `cwd`: what is relative in the entry is meant
        // relative to it, not to the folder mcpctl runs in
        let cwd = entry.get("cwd").and_then(Json::as_str).map(str::to_string);
        let from_cwd = cwd
            .as_deref()
            .filter(|_| command.is_some())
            .and_then(|c| resolve::from_cwd(&g.host, c));
        let host = from_cwd.as_ref().unwrap_or(&g.host);
        let mut resolved = command.map(|command| {
            let args = string_args(&entry);
            let mut r = resolve::resolve(host, command, &args, s.no_resolve, &resolve::real_probe);
            resolve::pin_shim(host, &sys, &mut r, !s.no_resolve);
            r
        });
        // args that are not all strings are left as pasted: validate says
        // what is wrong with them
        let args_ok = entry
            .get("args")
            .is_none_or(|a| a.as_array().is_some_and(|a| a.iter().all(Json::is_string)));
        if let (Some(r), Some(obj), true) = (&mut resolved, entry.as_object_mut(), args_ok) {
            obj.insert("command".into(), Json::from(r.command.clone()));
            if obj.contains_key("args") || !r.args.is_empty() {
                obj.insert("args".into(), Json::from(r.args.clone()));
            }
            if let (Some(cwd), Some(h)) = (&cwd, &from_cwd) {
                resolved_in_cwd(name, cwd, h, obj, r);
            }
        }
        out.push(Server {
            name: name.clone(),
            replace: existing.contains(name.as_str()),
            // the resolver's first: they are printed with its changes
            warnings: resolved
                .iter()
                .flat_map(|r| r.warnings.clone())
                .chain(warnings)
                .collect(),
            env: env_of(&entry),
            entry,
            resolved,
            check: None,
        });
    }
    Ok(out)
}

/// The entry's `command` and `args` were resolved against its own `cwd`
/// (`dir`, as written). When the paths in them now hold all `cwd` added
/// (`resolve::cwd_spent`), `cwd`, which the app ignores, goes, said as a
/// change. Otherwise it is kept, for validate to speak of: nothing was
/// resolved against it, a relative path is left (`relative-arg` then
/// names the file under `cwd`), or the program works in its working
/// folder (`npm run start`, `uv run`). A `cwd` that is no folder here is
/// kept (what is relative to it could not be found), with a warning.
fn resolved_in_cwd(
    name: &str,
    cwd: &str,
    dir: &crate::platform::HostEnv,
    obj: &mut serde_json::Map<String, Json>,
    r: &mut Resolved,
) {
    let shown = dir.cwd.to_string_lossy();
    if resolve::real_probe(&shown) == resolve::Kind::Dir {
        if !resolve::cwd_spent(dir.os, r) {
            return;
        }
        obj.remove("cwd");
        r.changes.push(resolve::Change {
            from: format!("\"cwd\": {}", Json::from(cwd)),
            to: "removed".into(),
            why: "the app ignores `cwd`: relative paths were resolved against it instead".into(),
        });
    } else {
        r.warnings.push(format!(
            "`cwd` of server `{}` is `{}`, which is no folder on this machine: what is relative \
in the entry could not be found there, so `cwd` is kept",
            crate::escape::name(name),
            crate::escape::name(&shown)
        ));
    }
}

/// An entry's `args` that are strings (validate says what is wrong with
/// the others).
fn string_args(entry: &Json) -> Vec<String> {
    entry
        .get("args")
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The file's text with every server set, one edit at a time (each on the
/// text the last one made).
fn new_text(target: &Target, servers: &[Server], force: bool) -> Result<String, Error> {
    let batch: Vec<(&str, &Json)> = servers
        .iter()
        .map(|sv| (sv.name.as_str(), &sv.entry))
        .collect();
    let mut text = target.text().to_string();
    for (i, sv) in servers.iter().enumerate() {
        let doc = syntax::parse(&Source::from_text(&target.path, &text));
        // the rest in one pass when the file allows it: at once, or once
        // set_server has given an empty `mcpServers` its first member
        if i < 2
            && let Some(done) = edit::set_servers(&text, doc.root.as_ref(), &batch[i..], force)
                .map_err(|e| edit_failure(e, target))?
        {
            return Ok(done);
        }
        text = edit::set_server(&text, doc.root.as_ref(), &sv.name, &sv.entry, force)
            .map_err(|e| edit_failure(e, target))?;
    }
    Ok(text)
}

/// `--check`: each server checked as `test-launch` would check it once
/// `new_text` is saved: a url entry or a bridge entry probed over HTTP
/// (the bridge never started), any other launched as the app would.
fn check(
    g: &Global,
    out: &mut Output,
    servers: &mut [Server],
    new_text: &str,
    opts: &ProbeOptions,
) -> std::io::Result<()> {
    let entries = super::add::new_servers(new_text);
    for sv in servers.iter_mut() {
        // as resolved (add-json), or as written (import keeps the exported
        // entries as they are)
        let (command, args) = match &sv.resolved {
            Some(r) => (r.command.clone(), r.args.clone()),
            None => (
                sv.entry
                    .get("command")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_string(),
                string_args(&sv.entry),
            ),
        };
        let spec = LaunchSpec {
            name: sv.name.clone(),
            command,
            args,
            env: sv.env.clone(),
            app_path: None,
        };
        let check = super::remote::check_new(spec, &entries, &g.host);
        // an entry with neither a command nor a URL: nothing to check
        if !super::remote::has_something(&check) {
            continue;
        }
        if !g.json() {
            out.eprintln(&super::remote::checking(&check))?;
        }
        sv.check = Some(super::remote::run_one(&check, opts, &g.host));
    }
    Ok(())
}

/// What `report` needs.
struct Ctx<'a> {
    g: &'a Global,
    s: &'a Opts,
    target: &'a Target,
    servers: &'a [Server],
    batch: &'a Batch,
    diff: &'a Diff,
}

fn report(
    c: &Ctx,
    out: &mut Output,
    refused: bool,
    outcome: Option<&write::WriteOutcome>,
) -> std::io::Result<()> {
    let written = Written::new(outcome);
    if c.g.format == Format::Json {
        let r = AddJsonReport {
            file: c.target.shown(),
            dry_run: c.s.batch.dry_run,
            refused: refused.then_some("check-failed"),
            mended: c.batch.mended.clone(),
            filled: c.batch.filled.clone(),
            import: c.batch.import.clone(),
            servers: c
                .servers
                .iter()
                .map(|sv| PastedServer {
                    action: if sv.replace { "replace" } else { "add" },
                    name: sv.name.clone(),
                    entry: PastedServer::shown(&sv.entry, c.s.batch.show_secrets),
                    changes: sv
                        .resolved
                        .as_ref()
                        .map(|r| r.changes.clone())
                        .unwrap_or_default(),
                    warnings: sv.warnings.clone(),
                    check: sv
                        .check
                        .as_ref()
                        .map(|p| report::launch::ServerLaunch::new(p, c.s.batch.show_secrets)),
                })
                .collect(),
            diff: c.diff.text.clone(),
            written,
        };
        return out.json(&r);
    }
    for sv in c.servers {
        if let Some(ch) = &sv.check {
            let (text, errors) =
                report::text::edit::check(out.style, out.err_style, ch, c.s.batch.force);
            out.print(&text)?;
            out.eprint(&errors)?;
        }
    }
    if refused {
        let failed: Vec<&crate::probe::ProbeReport> = c
            .servers
            .iter()
            .filter_map(|sv| sv.check.as_ref().filter(|ch| !ch.ok))
            .collect();
        let names: Vec<&str> = failed.iter().map(|ch| ch.name.as_str()).collect();
        return out.eprint(&report::text::edit::check_refused(
            out.err_style,
            &names.join(", "),
            failed.iter().all(|ch| ch.chat_ok()),
        ));
    }
    if outcome.is_none() {
        out.print(&report::text::diff::render(c.diff, out.style))?;
        return out.println("Dry run: nothing written.");
    }
    for sv in c.servers {
        say_added(out, &sv.name, sv.replace, written.created, c.target)?;
    }
    if c.servers.len() > 1 {
        out.println(&format!(
            "{} in one write",
            plural(c.servers.len(), "server")
        ))?;
    }
    target::print_written(out, &written)
}
