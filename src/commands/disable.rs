//! `mcpctl disable NAME` / `mcpctl enable NAME`: turn a server off without
//! losing it, and back on. A config server moves, byte for byte, out of
//! `mcpServers` into mcpctl's side file beside the config
//! (`mcpctl-disabled.json`, which the app never reads) and back to where it
//! was (`app::disabled`). The side file is shared by the folder's configs:
//! each sees and enables only the entries taken from it (enabling another
//! config's is refused, naming that config); a Desktop Extension gets `isEnabled` flipped in
//! its settings file (`app::extensions::settings`), only while the app is
//! not running, since it rewrites those files when it quits.
//!
//! Both files go through the one write path (backup, changed-since-read
//! check, validation, atomic rename), in an order that loses nothing if
//! mcpctl stops between the two writes: `disable` writes the side file
//! first, then the config; `enable` the config first, then the side file.
//! Either way the half-done state is the entry in both files, byte for
//! byte, which `list` and `doctor` point out and which either command
//! completes (`disable` takes it out of the config, `enable` out of the side
//! file). When the second write fails, the first is undone, so nothing
//! changes.
//!
//! NAME is a config server (or a disabled one) first; otherwise an
//! extension's id, manifest name or display name; `--extension` skips the
//! servers. Asking for the state it is already in is not an error: nothing
//! is written, exit 0.

use std::time::SystemTime;

use super::Exit;
use super::target::{self, Target};
use crate::app::disabled::{self, DisableError, Moved};
use crate::app::extensions::{self, Extension, Inventory, SettingsState, launch};
use crate::app::folders::AppFolders;
use crate::app::state::{self, SideState};
use crate::config::backup;
use crate::config::edit::{self, EditError};
use crate::config::write::{self, Require, WriteOptions, WriteOutcome};
use crate::error::{Error, Stop};
use crate::machine::{Finding, Level};
use crate::output::Output;
use crate::platform::files::{MAX_OTHER_BYTES, is_refusal, read_capped};
use crate::report::diff;
use crate::report::disable::{FileWrite, ToggleReport};
use crate::report::edit::Written;
use crate::report::{self, Format};
use crate::settings::{Global, Toggle};
use crate::text::shell_word;

pub fn run(g: &Global, s: &Toggle, off: bool, out: &mut Output) -> Result<Exit, Stop> {
    let target = target::read(g)?;
    let folders = AppFolders::for_config(g.host.os, &target.path);
    let side = state::read_side(&folders);
    let servers = edit::server_names(target.root());
    let disabled = side.entries().names();
    let inventory = extensions::read_inventory(&folders);
    // disabled from another config of the folder only: `enable` says so
    // (and which config), unless an extension answers to the name
    let answering = inventory.answering(&s.name);
    let elsewhere =
        !off && answering.is_empty() && side.entries().others().any(|e| e.name == s.name);
    let is_server = servers.contains(&s.name) || disabled.contains(&s.name) || elsewhere;
    let r = if is_server && !s.extension {
        let mut r = server(g, s, off, &target, &side, out)?;
        for e in &answering {
            r.notes.push(Finding::new(
                crate::codes::Code::NameCollision,
                format!(
                    "the extension `{}` has this name too; it was not touched (pass --extension for it)",
                    e.id
                ),
            ));
        }
        r
    } else {
        if answering.len() > 1 {
            let verb = if off { "disable" } else { "enable" };
            return Err(super::app_state::ambiguous(&s.name, &answering, |id| {
                format!("mcpctl {verb} --extension {id}")
            })
            .into());
        }
        let Some(ext) = answering.first().copied() else {
            // `enable` of a server the side file may hold, when it cannot
            // be read: that is the news, not "no server named"
            if let (false, false, Err(e)) = (off, s.extension, &side.file) {
                return Err(Error::new(
                    e.message(&target.shown(), &side.path.display().to_string()),
                )
                .hint(e.hint(&side.path))
                .into());
            }
            return Err(unknown(s, &servers, &disabled, &inventory, &folders).into());
        };
        extension(g, s, off, &target, ext)?
    };
    print(g, out, &r)?;
    Ok(Exit::Ok)
}

/// No server or extension by that name: say what there is.
fn unknown(
    s: &Toggle,
    servers: &[String],
    disabled: &[String],
    inventory: &Inventory,
    folders: &AppFolders,
) -> Error {
    let ids: Vec<String> = inventory.extensions.iter().map(|e| e.id.clone()).collect();
    let list = |what: &str, names: &[String]| {
        (!names.is_empty()).then(|| format!("{what}: {}", names.join(", ")))
    };
    let mut there: Vec<String> = Vec::new();
    if !s.extension {
        there.extend(list("servers", servers));
        there.extend(list("disabled servers", disabled));
    }
    there.extend(list("extensions", &ids));
    let what = if s.extension {
        "no Desktop Extension"
    } else {
        "no server or Desktop Extension"
    };
    let message = if there.is_empty() {
        format!(
            "{what} named `{}`: there are none beside {}",
            s.name,
            folders.data_dir.display()
        )
    } else {
        format!("{what} named `{}`; {}", s.name, there.join("; "))
    };
    Error::new(message).hint("server names are case-sensitive; `mcpctl list` shows everything")
}

fn disable_failure(e: DisableError, target: &Target, side: &SideState) -> Error {
    Error::new(e.message(&target.shown(), &side.path.display().to_string()))
        .hint(e.hint(&side.path))
}

/// A report before anything is written.
fn blank(s: &Toggle, off: bool, kind: &'static str) -> ToggleReport {
    ToggleReport {
        action: if off { "disable" } else { "enable" },
        name: s.name.clone(),
        kind,
        display_name: None,
        dry_run: s.dry_run,
        changed: false,
        finished_interrupted: false,
        files: Vec::new(),
        diff: String::new(),
        notes: Vec::new(),
    }
}

/// One planned write: where, what role, the bytes as read, the new text.
struct Planned<'a> {
    path: &'a std::path::Path,
    role: &'static str,
    as_read: Option<&'a [u8]>,
    text: String,
    require: Require,
}

fn server(
    g: &Global,
    s: &Toggle,
    off: bool,
    target: &Target,
    side: &SideState,
    out: &mut Output,
) -> Result<ToggleReport, Stop> {
    let mut r = blank(s, off, "server");
    target.ensure_parses()?;
    let entries = side
        .file
        .clone()
        .map_err(|e| disable_failure(e, target, side))?;
    let text = target.text();
    let name = s.name.as_str();
    let in_config = edit::server_names(target.root()).iter().any(|n| n == name);
    let in_side = entries.get(name).is_some();
    let interrupted = disabled::unfinished(text, &entries)
        .iter()
        .any(|n| n == name);
    if !interrupted && ((off && in_side && !in_config) || (!off && in_config && !in_side)) {
        return Ok(r); // already so
    }
    let fail = |e| disable_failure(e, target, side);
    let moved = match (interrupted, off) {
        (true, true) => disabled::finish_disable(text, entries, name).map_err(fail)?,
        (true, false) => Moved {
            config: text.to_string(),
            side: disabled::finish_enable(entries, name),
        },
        (false, true) => {
            let now = backup::rfc3339(SystemTime::now());
            disabled::disable(text, entries, name, Some(now)).map_err(fail)?
        }
        (false, false) => disabled::enable(text, entries, name).map_err(fail)?,
    };
    r.changed = true;
    r.finished_interrupted = interrupted;
    r.diff = diff::config_diff(text, &moved.config, &target.shown(), target.exists(), false).text;
    let side_text = disabled::render_side(&moved.side);
    let side_write = Planned {
        path: &side.path,
        role: "side-file",
        as_read: side.bytes.as_deref(),
        text: side_text,
        require: Require::StrictJson,
    };
    let config_write = Planned {
        path: &target.path,
        role: "config",
        as_read: target.bytes(),
        text: moved.config,
        // enabling puts back what was there, problems included (as restore does)
        require: if off {
            Require::NoNewErrors
        } else {
            Require::StrictJson
        },
    };
    // the order that loses nothing if mcpctl stops in between (module docs)
    let plan = if off {
        [side_write, config_write]
    } else {
        [config_write, side_write]
    };
    let plan: Vec<Planned> = plan
        .into_iter()
        .filter(|p| p.as_read != Some(p.text.as_bytes()))
        .collect();
    if s.dry_run {
        r.files = plan.iter().map(|p| file_write(p, None)).collect();
        return Ok(r);
    }
    // a file that cannot be written is refused before the first write
    // (which would leave backups of a change then undone)
    for p in &plan {
        write::ensure_writable(p.path).map_err(Error::from)?;
    }
    let mut done: Vec<(Planned, WriteOutcome)> = Vec::new();
    for p in plan {
        let mut opts = WriteOptions::for_host(&g.host);
        opts.require = p.require;
        match write::commit(p.path, p.as_read, &p.text, &opts) {
            Ok(o) => done.push((p, o)),
            Err(e) => {
                let e: Error = e.into();
                return Err(undo(g, &done, e, s, off, out).into());
            }
        }
    }
    r.files = done.iter().map(|(p, o)| file_write(p, Some(o))).collect();
    Ok(r)
}

fn file_write(p: &Planned, outcome: Option<&WriteOutcome>) -> FileWrite {
    FileWrite {
        file: p.path.display().to_string(),
        role: p.role,
        written: Written::new(outcome),
    }
}

/// The second write failed: put the first file back as it was (a side
/// file created by this run is removed), so nothing changed. When that is
/// impossible too, the entry is in both files, which is safe: say how to
/// finish.
fn undo(
    g: &Global,
    done: &[(Planned, WriteOutcome)],
    e: Error,
    s: &Toggle,
    off: bool,
    out: &mut Output,
) -> Error {
    let Some((first, _)) = done.first() else {
        return e;
    };
    let undone = match first.as_read {
        // with the copy of what this run wrote into it: left, it would
        // later join the side file's backups as a state that never was
        None => {
            let _ = std::fs::remove_file(crate::config::backup::last_written(first.path));
            std::fs::remove_file(first.path).is_ok()
        }
        Some(old) => {
            let mut opts = WriteOptions::for_host(&g.host);
            opts.require = Require::StrictJson;
            let old = String::from_utf8_lossy(old);
            write::commit(first.path, Some(first.text.as_bytes()), &old, &opts).is_ok()
        }
    };
    let verb = if off { "disable" } else { "enable" };
    let said = if undone {
        format!(
            "{} was put back as it was: nothing changed",
            first.path.display()
        )
    } else {
        format!(
            "{} was already written, so `{}` is in both files for now (nothing is lost): run `mcpctl {verb} {}` again to finish",
            first.path.display(),
            s.name,
            s.name
        )
    };
    let _ = target::warn(out, &said);
    e
}

fn extension(
    g: &Global,
    s: &Toggle,
    off: bool,
    target: &Target,
    ext: &Extension,
) -> Result<ToggleReport, Stop> {
    let mut r = blank(s, off, "extension");
    r.name = ext.id.clone();
    r.display_name = Some(ext.name.clone());
    let on = !off;
    let already = match ext.settings_state {
        SettingsState::Read => ext.enabled == on,
        SettingsState::Missing => off,
        SettingsState::Unreadable => false,
    };
    if on {
        r.notes = still_not_started(g, ext);
    }
    if already {
        return Ok(r);
    }
    if on && !ext.dir.is_dir() {
        return Err(Error::new(format!(
            "extension `{}` has no folder ({} is gone): the app cannot start it",
            ext.id,
            ext.dir.display()
        ))
        .hint("reinstall it from Claude Desktop's Settings → Extensions")
        .into());
    }
    // the bytes as read (for the changed-since-read check) and their text
    let (bytes, text) = match read_capped(&ext.settings_file, MAX_OTHER_BYTES) {
        Ok(b) => {
            let t = String::from_utf8_lossy(&b).into_owned();
            (Some(b), Some(t))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, None),
        Err(e) => {
            let hint = if is_refusal(&e) {
                "switch the extension in Claude Desktop's Settings → Extensions; the app rewrites \
                 the file"
            } else {
                "check the file's permissions"
            };
            return Err(
                Error::new(format!("cannot read {}: {e}", ext.settings_file.display()))
                    .hint(hint)
                    .into(),
            );
        }
    };
    let new = extensions::settings::set_enabled(text.as_deref(), on).map_err(|e| {
        let why = match e {
            EditError::NoTree => "is not valid JSON".to_string(),
            other => other.message(&ext.settings_file.display().to_string()),
        };
        Error::new(format!(
            "{} {why}: mcpctl does not rewrite a settings file it cannot read",
            ext.settings_file.display()
        ))
        .hint("switch the extension in Claude Desktop's Settings → Extensions; the app rewrites the file")
    })?;
    r.changed = true;
    let p = Planned {
        path: &ext.settings_file,
        role: "extension-settings",
        as_read: bytes.as_deref(),
        text: new,
        require: Require::StrictJson,
    };
    if s.dry_run {
        r.files = vec![file_write(&p, None)];
        return Ok(r);
    }
    let mut opts = WriteOptions::for_host(&g.host);
    opts.require = Require::StrictJson;
    // the app owns that folder: its backups go beside the config instead,
    // in a folder of their own (an id may be the config's own stem)
    opts.backup_dir = Some(backup::dir_for(&target.path).join(backup::EXTENSION_SETTINGS_DIR));
    let data_dir = AppFolders::for_config(g.host.os, &target.path).data_dir;
    if let Some(seen) = (opts.detect_app)(&data_dir) {
        let verb = if off { "disable" } else { "enable" };
        return Err(Error::new(format!(
            "Claude Desktop is running ({seen}): it rewrites extension settings when it quits, which would undo this; nothing was written"
        ))
        .hint(format!(
            "quit Claude Desktop (not just its window), then run `{}` again; or switch it in Settings → Extensions",
            again(verb, &s.name)
        ))
        .into());
    }
    let outcome = write::commit(p.path, p.as_read, &p.text, &opts)?;
    r.files = vec![file_write(&p, Some(&outcome))];
    Ok(r)
}

/// The command that does this once the app has quit: the extension's,
/// not a config server's of the same name (the output adds `--config`
/// when one was given: `Output::suggest_config`).
fn again(verb: &str, name: &str) -> String {
    format!("mcpctl {verb} --extension {}", shell_word(name))
}

/// Why the app would still not start an extension once enabled.
fn still_not_started(g: &Global, ext: &Extension) -> Vec<Finding> {
    let d = launch::describe(ext, &g.host);
    if d.app_starts {
        return Vec::new();
    }
    d.problems
        .into_iter()
        .filter(|f| f.level == Level::Error)
        .collect()
}

fn print(g: &Global, out: &mut Output, r: &ToggleReport) -> std::io::Result<()> {
    match g.format {
        Format::Json => out.json(r),
        Format::Text => {
            let (text, warnings) = report::text::disable::render(r, out.style, out.err_style);
            out.print(&text)?;
            out.eprint(&warnings)
        }
    }
}
