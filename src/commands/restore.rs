//! `mcpctl restore`: list the config's backups (newest first, with their
//! time and server names), or `restore BACKUP` to put one back — by its
//! number in the list, its file name, or a path. An explicit command: it
//! acts without asking (the current file is backed up first, so a restore
//! is undone by another). The write goes through the one write path;
//! unlike every other command, restore may replace a file that does not
//! parse (that is what it is for), but never with one that does not
//! unless `--force` says so (to repair a backup by hand).
//!
//! `restore --merge-servers [BACKUP]` undoes the app replacing the file
//! with a preferences-only stub: the servers the backup (default: what
//! mcpctl last left in the file, `app::state::last_left`) has and the
//! file lacks go back in, each exactly as the backup writes them, and
//! everything the file has now (the app's new `preferences`) stays
//! (`app::wipe::merge_servers`). Servers in mcpctl's side file stay
//! disabled. When the default has nothing to add, an older backup that
//! has is named, never merged unasked: its servers may have been removed
//! on purpose.
//!
//! `restore` alone reads no config, only the backups: it lists them
//! whatever is at the config's path.

use std::path::{Path, PathBuf};

use super::Exit;
use super::target::{self, Target};
use crate::app::folders::AppFolders;
use crate::app::{state, wipe};
use crate::config::backup::{self, Backup};
use crate::config::edit;
use crate::config::lint::LintContext;
use crate::config::load;
use crate::config::source::{self, ReadError, Source};
use crate::config::syntax;
use crate::config::write::{self, Require, WriteError};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::platform::files::{MAX_OTHER_BYTES, is_refusal, read_capped};
use crate::report::backups::{BackupItem, BackupsReport};
use crate::report::diff::{self, Diff};
use crate::report::edit::{OlderBackup, RestoreReport, Written};
use crate::report::{self, Format};
use crate::settings::{Global, Restore};
use crate::text::plural;

pub fn run(g: &Global, s: &Restore, out: &mut Output) -> Result<Exit, Stop> {
    // `None`: --merge-servers
    let restoring = match (s.backup.as_deref(), s.merge_servers) {
        (_, true) => None,
        (Some(sel), false) => Some(sel),
        // a listing reads the backups only: it works whatever is (or is
        // not) at the config's path, a dangling link or a file too big
        (None, false) => return list(g, out),
    };
    let located = load::locate_known(&g.host, g.config.as_deref())?;
    refuse_unreplaceable(&located.path)?;
    let target = target::read(g)?;
    out.hide(&target.secrets());
    let backups = list_backups(&target.path)?;
    match restoring {
        None => merge(g, s, out, &target, &backups),
        Some(sel) => restore(g, s, out, &target, &backups, sel),
    }
}

fn list_backups(config: &Path) -> Result<Vec<Backup>, Error> {
    backup::list(config).map_err(|e| {
        Error::new(format!(
            "cannot list {}: {e}",
            backup::dir_for(config).display()
        ))
        .hint("check that folder's permissions")
    })
}

/// What is at the config's path that a restore may not replace (a
/// dangling link, a loop of links, a file over what mcpctl reads): said
/// before anything is read, with the way to put a backup there all the
/// same. A device, a FIFO or a folder is left to [`target::read`].
fn refuse_unreplaceable(path: &Path) -> Result<(), Error> {
    let why = match source::check_path(path) {
        Err(why @ (ReadError::Dangling { .. } | ReadError::Loop | ReadError::TooBig { .. })) => why,
        _ => return Ok(()),
    };
    let hint = match &why {
        ReadError::TooBig { .. } => {
            "move that file aside, then run this again: the backup is written in its place; \
`mcpctl restore` lists the backups"
        }
        _ => {
            "remove the link (the backup is then written as a file in its place) or point it at \
an existing file, then run this again; `mcpctl restore` lists the backups"
        }
    };
    Err(Error::new(format!("refusing to restore: {}", why.message(path))).hint(hint))
}

/// `restore --merge-servers [BACKUP]`.
fn merge(
    g: &Global,
    s: &Restore,
    out: &mut Output,
    target: &Target,
    backups: &[Backup],
) -> Result<Exit, Stop> {
    let side = state::read_side(&AppFolders::for_config(g.host.os, &target.path));
    let side_names = side.entries().names();
    // the default is what mcpctl last left (the copy of what it last
    // wrote, servers or none, else the newest backup with servers), never
    // an older one found by searching back: an older backup also holds
    // every server removed on purpose since, which a merge would bring back
    let from = match (&s.backup, state::last_left(&target.path)) {
        (Some(sel), _) => select(g, backups, sel)?,
        (None, Some((newest, _))) => newest,
        (None, None) => {
            return Err(Error::new(format!(
                "no backup of {} has servers: there is nothing to merge servers from",
                target.shown()
            ))
            .hint("mcpctl keeps one in mcpctl-backups/ beside the file at each write; pass another copy as `mcpctl restore --merge-servers PATH`")
            .into());
        }
    };
    let text = read_backup(&from)?;
    target.ensure_parses().map_err(|e| {
        e.hint(format!(
            "servers can only be merged into a file that parses; `mcpctl restore {}` replaces it whole",
            from.display()
        ))
    })?;
    let merged = wipe::merge_servers(target.text(), &text, &side_names)
        .map_err(|e| target::edit_failure(e, target))?;
    if merged.restored.is_empty() {
        // said, not acted on: the servers an older backup has may have
        // been removed on purpose
        let older = match s.backup {
            None => older_to_merge(target, backups, &from, &side_names),
            Some(_) => None,
        };
        if g.json() {
            let mut r = report(
                target,
                (&from, &merged.text),
                Some(&[]),
                ("", s.dry_run),
                None,
            );
            r.older = older;
            out.json(&r)?;
        } else {
            let file = target.shown();
            let shown = from.display();
            out.println(&if s.backup.is_some() {
                format!(
                    "nothing to merge: {file} already has every server {shown} has (or they are \
disabled)"
                )
            } else {
                let which = if from == backup::last_written(&target.path) {
                    "the copy of what mcpctl last wrote"
                } else {
                    "the newest backup with servers"
                };
                format!(
                    "nothing to merge: {file} already has every server of {which} ({shown}), or \
they are disabled"
                )
            })?;
            let hint = match &older {
                Some(o) => format!(
                    "an older backup, {} ({}), has {}, which the file lacks; if {} not removed \
on purpose, `mcpctl restore --merge-servers {}` puts {} back",
                    o.index,
                    o.when,
                    o.merges
                        .iter()
                        .map(|n| format!("`{}`", crate::escape::name(n)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if o.merges.len() == 1 {
                        "it was"
                    } else {
                        "they were"
                    },
                    o.index,
                    if o.merges.len() == 1 { "it" } else { "them" },
                ),
                None if s.backup.is_some() => {
                    "`mcpctl restore` lists the backups, with the servers each has".to_string()
                }
                None => "no older backup has a server the file lacks either; `mcpctl restore` \
lists the backups, and `mcpctl restore --merge-servers N` merges from the one you name"
                    .to_string(),
            };
            out.println(&format!("  {} {hint}", out.style.cyan("hint:")))?;
        }
        return Ok(Exit::Ok);
    }
    let shown_diff = diff::config_diff(
        target.text(),
        &merged.text,
        &target.shown(),
        target.exists(),
        false,
    );
    if s.dry_run {
        let merged_names = Some(merged.restored.as_slice());
        dry_run(
            g,
            out,
            target,
            (&from, &merged.text),
            merged_names,
            &shown_diff,
        )?;
        return Ok(Exit::Ok);
    }
    let mut opts = target::write_options(g, target.app_reads_it);
    // it puts back what the backup had, problems included (as restore does)
    opts.require = Require::StrictJson;
    let outcome = write::commit(&target.path, target.bytes(), &merged.text, &opts)?;
    if g.json() {
        let d = shown_diff.text.as_str();
        print_result(
            out,
            target,
            (&from, &merged.text),
            Some(&merged.restored),
            (d, false),
            Some(&outcome),
        )?;
        return Ok(Exit::Ok);
    }
    out.println(&format!(
        "{} {} into {} from {}, keeping everything else the file has",
        out.style.green("put back"),
        merged
            .restored
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        target.shown(),
        from.display()
    ))?;
    warn_if_problems(g, out, target, &merged.text)?;
    target::print_written(out, &Written::new(Some(&outcome)))?;
    Ok(Exit::Ok)
}

/// A backup's bytes: never waits on a FIFO nor reads without end (a
/// file in a backup's place that is no regular file, or far larger than
/// a config, is refused, saying why).
fn read_bytes(from: &Path) -> Result<Vec<u8>, Error> {
    read_capped(from, MAX_OTHER_BYTES).map_err(|e| {
        let hint = if is_refusal(&e) {
            "a backup is a copy of the config, a regular file of a few KB: run `mcpctl restore` \
             to list them, then pass another"
        } else {
            "check the file's permissions"
        };
        Error::new(format!("cannot read {}: {e}", from.display())).hint(hint)
    })
}

/// A backup's text, when it is strict JSON.
fn read_backup(from: &Path) -> Result<String, Error> {
    let bytes = read_bytes(from)?;
    match String::from_utf8(bytes) {
        Ok(text) if servers_in(text.as_bytes()).is_some() => Ok(text),
        _ => Err(not_json(from)),
    }
}

/// What a backup holds: its server names, or `None` when it does not parse.
fn servers_in(bytes: &[u8]) -> Option<Vec<String>> {
    let doc = syntax::parse(&Source::new("", bytes.to_vec()));
    doc.is_strict_json()
        .then(|| edit::server_names(doc.root.as_ref()))
}

/// `restore` alone: the backups, newest first. The config itself is not
/// read (nor locked): listing is read-only.
fn list(g: &Global, out: &mut Output) -> Result<Exit, Stop> {
    let path = load::locate_known(&g.host, g.config.as_deref())?.path;
    if path.is_dir() {
        return Err(
            Error::new(format!("{} is a folder, not a config file", path.display()))
                .hint("pass the file itself with --config PATH")
                .into(),
        );
    }
    let backups = list_backups(&path)?;
    let r = BackupsReport {
        file: path.display().to_string(),
        backup_dir: backup::dir_for(&path).display().to_string(),
        backups: backups
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let servers = read_capped(&b.path, MAX_OTHER_BYTES)
                    .ok()
                    .and_then(|x| servers_in(&x));
                BackupItem {
                    index: i + 1,
                    name: b.name.clone(),
                    path: b.path.display().to_string(),
                    time: b.rfc3339(),
                    parses: servers.is_some(),
                    servers: servers.unwrap_or_default(),
                    when: b.when(),
                }
            })
            .collect(),
    };
    match g.format {
        Format::Json => out.json(&r)?,
        Format::Text => out.print(&report::text::backups::render(&r, out.style))?,
    }
    Ok(Exit::Ok)
}

/// The backup a selector names: a list number, a file name, or a path.
fn select(g: &Global, backups: &[Backup], sel: &str) -> Result<PathBuf, Error> {
    if let Ok(n) = sel.parse::<usize>()
        && n >= 1
        && n <= backups.len()
    {
        return Ok(backups[n - 1].path.clone());
    }
    if let Some(b) = backups.iter().find(|b| b.name == sel) {
        return Ok(b.path.clone());
    }
    let given = Path::new(sel);
    let path = if given.is_absolute() {
        given.to_path_buf()
    } else {
        g.host.cwd.join(given)
    };
    if path.is_file() {
        return Ok(path);
    }
    let exist = match backups.len() {
        0 => "there are no backups yet".to_string(),
        n => format!(
            "{} exist{}",
            plural(n, "backup"),
            if n == 1 { "s" } else { "" }
        ),
    };
    Err(Error::new(format!("no backup `{sel}`: {exist}"))
    .hint("run `mcpctl restore` to list them, then pass a number from the list, a file name, or a path"))
}

/// A file mcpctl writes that is no config: the file of disabled entries
/// (`{"version", "servers": [...]}`) or an export (`mcpctlExport`). Put
/// back whole, it would replace the config with something the app cannot
/// use.
fn not_a_config(from: &Path, text: &str) -> Option<Error> {
    let root = state::strict_json(text)?;
    let o = root.as_object()?;
    let (what, hint) = if o.contains_key("mcpctlExport") {
        (
            "an mcpctl export",
            format!("`mcpctl import {}` adds its servers", from.display()),
        )
    } else if o.contains_key("version")
        && o.get("servers").is_some_and(serde_json::Value::is_array)
        && !o.contains_key(crate::config::model::SERVERS_KEY)
    {
        (
            "mcpctl's file of disabled entries",
            "`mcpctl enable NAME` puts a disabled entry back".to_string(),
        )
    } else {
        return None;
    };
    Some(
        Error::new(format!(
            "{} is {what}, not a config: restoring it would replace the config with it",
            from.display()
        ))
        .hint(hint),
    )
}

fn restore(
    g: &Global,
    s: &Restore,
    out: &mut Output,
    target: &Target,
    backups: &[Backup],
    sel: &str,
) -> Result<Exit, Stop> {
    let from = select(g, backups, sel)?;
    let bytes = read_bytes(&from)?;
    let Ok(text) = String::from_utf8(bytes) else {
        if s.force {
            return Err(Error::new(format!(
                "{} is not UTF-8 text: mcpctl cannot put it back as it is",
                from.display()
            ))
            .hint("copy it over the config by hand if you really want it back, then open it in an editor that shows the encoding")
            .into());
        }
        return Err(not_json(&from).into());
    };
    if let Some(e) = not_a_config(&from, &text) {
        return Err(e.into());
    }
    if target.bytes() == Some(text.as_bytes()) {
        if g.json() {
            print_result(out, target, (&from, &text), None, ("", s.dry_run), None)?;
        } else {
            out.println(&format!(
                "{} already has that content; nothing to do.",
                target.shown()
            ))?;
        }
        return Ok(Exit::Ok);
    }
    let current_broken = target.exists() && !target.doc.is_strict_json();
    let shown_diff = diff::config_diff(
        target.text(),
        &text,
        &target.shown(),
        target.exists(),
        false,
    );
    if !g.json() && current_broken {
        target::warn(
            out,
            &format!(
                "{} does not parse; restoring over it is what restore is for (a copy of it is kept as a backup first)",
                target.shown()
            ),
        )?;
    }
    if s.dry_run {
        // what the write would refuse, the dry run refuses too
        if !s.force && servers_in(text.as_bytes()).is_none() {
            return Err(not_json(&from).into());
        }
        dry_run(g, out, target, (&from, &text), None, &shown_diff)?;
        return Ok(Exit::Ok);
    }
    let mut opts = target::write_options(g, target.app_reads_it);
    opts.replace_unparseable = true;
    opts.require = if s.force {
        Require::Anything
    } else {
        Require::StrictJson
    };
    let outcome = match write::commit(&target.path, target.bytes(), &text, &opts) {
        Ok(o) => o,
        Err(WriteError::Invalid { .. }) => return Err(not_json(&from).into()),
        Err(e) => return Err(e.into()),
    };
    if g.json() {
        print_result(
            out,
            target,
            (&from, &text),
            None,
            (&shown_diff.text, false),
            Some(&outcome),
        )?;
        return Ok(Exit::Ok);
    }
    let servers = match servers_in(text.as_bytes()) {
        None => "it does not parse, so the app reads none".to_string(),
        Some(names) if names.is_empty() => "none".to_string(),
        Some(names) => names.join(", "),
    };
    out.println(&format!(
        "{} {} from {} (servers: {servers})",
        out.style.green("restored"),
        target.shown(),
        from.display(),
    ))?;
    warn_if_problems(g, out, target, &text)?;
    target::print_written(out, &Written::new(Some(&outcome)))?;
    Ok(Exit::Ok)
}

/// `--dry-run`: the diff (the JSON document with `dry_run` true and
/// nothing written), and nothing written.
fn dry_run(
    g: &Global,
    out: &mut Output,
    target: &Target,
    (from, text): (&Path, &str),
    merged: Option<&[String]>,
    shown_diff: &Diff,
) -> std::io::Result<()> {
    if g.json() {
        return print_result(
            out,
            target,
            (from, text),
            merged,
            (&shown_diff.text, true),
            None,
        );
    }
    out.print(&crate::report::text::diff::render(shown_diff, out.style))?;
    out.println("Dry run: nothing written.")
}

fn not_json(from: &Path) -> Error {
    Error::new(format!(
        "{} is not valid JSON; restoring it would leave Claude Desktop unable to read its config",
        from.display()
    ))
    .hint(
        "pick another backup (`mcpctl restore` lists them and marks those that do not parse), \
or pass --force to put this one back anyway and repair it by hand (`mcpctl doctor --fix` \
repairs what it can)",
    )
}

/// Restore puts back what was there, problems included: say so.
fn warn_if_problems(
    g: &Global,
    out: &mut Output,
    target: &Target,
    text: &str,
) -> std::io::Result<()> {
    let lint = LintContext::for_host(&g.host);
    let (_, _, diags) = load::check_text(&target.path, text, &lint);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        target::warn(
            out,
            &format!(
                "the restored file has {}: run `mcpctl validate` to see them (`mcpctl doctor \
--fix` repairs what it safely can)",
                plural(errors, "error")
            ),
        )?;
    }
    Ok(())
}

/// The newest backup of the ring (but `from`) with servers the file lacks
/// (and that are not disabled): what `--merge-servers N` would put back,
/// named when the default merges nothing.
fn older_to_merge(
    target: &Target,
    backups: &[Backup],
    from: &Path,
    disabled: &[String],
) -> Option<OlderBackup> {
    backups.iter().enumerate().find_map(|(i, b)| {
        if b.path == from {
            return None;
        }
        let text = String::from_utf8(std::fs::read(&b.path).ok()?).ok()?;
        servers_in(text.as_bytes())?;
        let m = wipe::merge_servers(target.text(), &text, disabled).ok()?;
        (!m.restored.is_empty()).then(|| OlderBackup {
            index: i + 1,
            path: b.path.display().to_string(),
            time: b.rfc3339(),
            when: b.when(),
            merges: m.restored,
        })
    })
}

/// The JSON document of a restore (`merged`: with `--merge-servers`, the
/// servers put back).
fn print_result(
    out: &mut Output,
    target: &Target,
    from_text: (&Path, &str),
    merged: Option<&[String]>,
    diff_dry: (&str, bool),
    outcome: Option<&write::WriteOutcome>,
) -> std::io::Result<()> {
    out.json(&report(target, from_text, merged, diff_dry, outcome))
}

fn report(
    target: &Target,
    (from, text): (&Path, &str),
    merged: Option<&[String]>,
    (diff_text, dry_run): (&str, bool),
    outcome: Option<&write::WriteOutcome>,
) -> RestoreReport {
    RestoreReport {
        file: target.shown(),
        action: if merged.is_some() {
            "merge-servers"
        } else {
            "restore"
        },
        from: from.display().to_string(),
        servers: servers_in(text.as_bytes()).unwrap_or_default(),
        merged: merged.map(<[String]>::to_vec),
        older: None,
        dry_run,
        diff: diff_text.to_string(),
        written: Written::new(outcome),
    }
}
