//! The one write path: every command that changes the config file goes
//! through [`commit`], which puts new text on disk without ever losing a
//! byte. In order, it
//!
//! 1. refuses when the file changed since it was read (another editor, or
//!    Claude Desktop rewriting it from memory);
//! 2. refuses to write over a file that does not parse as strict JSON
//!    (unless restoring, which is the cure for that), over one made
//!    read-only, and new text over what mcpctl reads back (4 MB);
//! 3. refuses new text that `mcpctl validate` would reject (errors; warnings
//!    are fine);
//! 4. saves a timestamped backup of the previous version (`backup`);
//! 5. writes a temp file in the same folder, fsyncs it, gives it the
//!    original's permissions, checks (1) again, renames it over the file
//!    and fsyncs the folder — so a crash at any point leaves either the old
//!    file or the new one, never half of one;
//! 6. keeps the newest backups and reports whether Claude Desktop appears
//!    to be running (it reads the file only at launch and may rewrite it).
//!
//! All of it under the config's lock (`lock`: one mcpctl writer at a time;
//! a command takes it before it reads, so its read is the file it
//! replaces), which also makes it safe to delete the temp files a killed
//! run left behind. What it creates keeps the config's owner (`owner`).
//! Only a regular file is ever read or replaced (`source::read_file`).
//!
//! A symlinked config (dotfile managers) is written through: the link
//! stays. A hard-linked config is split: the rename gives this name the new
//! file and the other names keep the old one (a write in place would keep
//! the link but could leave half a file after a crash); the outcome says
//! so, so the command can warn.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::backup;
use super::diag::Diagnostic;
use super::lint::LintContext;
use super::load;
pub use super::lock::Lock;
use super::lock::{self, LockError};
use super::model;
use super::owner::{self, Owner};
use super::source::{self, ReadError, Source};
use super::syntax::{self, Document};
use crate::codes::Code;
use crate::error::{Error, Spot, Stop};
use crate::platform::HostEnv;
use crate::platform::files::{MAX_OTHER_BYTES, read_capped};

/// Whether `file` (which may not exist yet) is `own`, links resolved:
/// an output a command writes (`export -o`, `--junit`) must never be the
/// config or a file beside it that mcpctl reads.
pub fn same_place(file: &Path, own: &Path) -> bool {
    let real = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
        })
    };
    file == own || matches!((real(file), real(own)), (Some(a), Some(b)) if a == b)
}

/// Whether `file` (which may not exist yet) lies inside the folder `dir`,
/// links resolved.
pub fn within(file: &Path, dir: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    let parent = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(file)
        .ok()
        .or_else(|| std::fs::canonicalize(parent).ok())
        .is_some_and(|real| real.starts_with(&dir))
}

/// Test hook: when this variable is set, the process kills itself after the
/// temp file is written and synced, right before the rename — what a crash
/// or power cut at the worst moment looks like. Only in debug builds (the
/// tests'): a release build ignores it.
pub const CRASH_HOOK_VAR: &str = "MCPCTL_TEST_CRASH_BEFORE_RENAME";

/// Test hook: when this variable is set, syncing the folder after the
/// rename fails, as it does on SMB/CIFS shares, some FUSE and Ceph mounts
/// (EINVAL) and in a folder one may write but not read (EACCES). Debug
/// builds only, like [`CRASH_HOOK_VAR`].
pub const FOLDER_SYNC_HOOK_VAR: &str = "MCPCTL_TEST_FAIL_FOLDER_SYNC";

/// Knobs for [`commit`].
pub struct WriteOptions<'a> {
    /// Allow replacing a file on disk that does not parse (`restore` only).
    pub replace_unparseable: bool,
    /// What the new text must pass.
    pub require: Require,
    /// How `validate` checks (the app's PATH and so on).
    pub lint: LintContext,
    /// Backups kept per config file.
    pub keep_backups: usize,
    /// Says whether the Claude Desktop that keeps its data in the given
    /// folder (the config's own) appears to be running, and how it was
    /// recognized. Injected so tests control it.
    pub detect_app: &'a dyn Fn(&Path) -> Option<String>,
    /// See [`CRASH_HOOK_VAR`].
    pub crash_before_rename: bool,
    /// See [`FOLDER_SYNC_HOOK_VAR`].
    pub fail_folder_sync: bool,
    /// Where the backups go; None: `mcpctl-backups` beside the file.
    pub backup_dir: Option<PathBuf>,
    /// Errors the new text shows that the old one had too, out of sight:
    /// those of entries a repair moved into `mcpServers` from where the app
    /// never looked (`servers`, a misplaced or nested entry). They count as
    /// the old text's, so the move that brings them to light is not
    /// refused for them.
    pub revealed: Vec<Diagnostic>,
}

impl WriteOptions<'static> {
    /// The options every command uses: real app detection, the crash hook
    /// from the host environment.
    pub fn for_host(host: &HostEnv) -> WriteOptions<'static> {
        WriteOptions {
            replace_unparseable: false,
            require: Require::NoNewErrors,
            lint: LintContext::for_host(host),
            keep_backups: backup::KEEP,
            detect_app: &app_running,
            crash_before_rename: crash_hook(host, CRASH_HOOK_VAR),
            fail_folder_sync: crash_hook(host, FOLDER_SYNC_HOOK_VAR),
            backup_dir: None,
            revealed: Vec::new(),
        }
    }
}

#[cfg(debug_assertions)]
fn crash_hook(host: &HostEnv, var: &str) -> bool {
    host.var(var).is_some()
}

/// Release builds have no test hooks: the variables are never read.
#[cfg(not(debug_assertions))]
fn crash_hook(_host: &HostEnv, _var: &str) -> bool {
    false
}

/// What a successful [`commit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// The file written (as given, even when it is a symlink).
    pub path: PathBuf,
    /// The previous version, when there was one.
    pub backup: Option<PathBuf>,
    /// The file did not exist before.
    pub created_file: bool,
    /// Its folder did not exist before.
    pub created_dir: bool,
    /// Old backups deleted to keep the newest ones.
    pub pruned: Vec<PathBuf>,
    /// Set when Claude Desktop appears to be running: how it was seen.
    pub app_running: Option<String>,
    /// The file had this many other hard links: they keep the old version.
    pub links_split: Option<u64>,
    /// Temp files of a run that was killed mid-write, deleted.
    pub stray_removed: Vec<PathBuf>,
    /// What mcpctl last wrote, kept in the ring because the file had been
    /// changed since (the app rewrote or wiped it, or an editor).
    pub kept_last: Option<KeptLast>,
}

/// The copy of what mcpctl last wrote, made a backup by a write that found
/// the file changed since: the only copy of what that write added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptLast {
    /// The backup it is now.
    pub path: PathBuf,
    /// The servers it has, when the file as the write found it had no
    /// `mcpServers` at all (the app's preferences-only stub): what the
    /// stub lost, but for those the write puts back. Empty otherwise.
    pub wiped: Vec<String>,
}

/// The servers of `kept` (what mcpctl last wrote) when `found` (the file
/// as a write found it) is a stub: a strict JSON object without
/// `mcpServers` (or with it null). Empty when either is not strict JSON.
/// Not those `written` (what this write leaves) has again: a write that
/// merges them back (`restore --merge-servers`) lost none.
fn stub_lost(found: Option<&[u8]>, kept: &[u8], written: &[u8]) -> Vec<String> {
    let strict = |bytes: &[u8]| {
        let text = std::str::from_utf8(bytes).ok()?;
        let doc = syntax::parse(&Source::from_text("", text));
        doc.is_strict_json().then_some(doc)
    };
    let (Some(found), Some(kept)) = (found.and_then(strict), strict(kept)) else {
        return Vec::new();
    };
    if !found.root.as_ref().is_some_and(model::is_stub) {
        return Vec::new();
    }
    let back: crate::text::FastSet<String> = strict(written)
        .map(|d| super::edit::server_names(d.root.as_ref()))
        .unwrap_or_default()
        .into_iter()
        .collect();
    super::edit::server_names(kept.root.as_ref())
        .into_iter()
        .filter(|n| !back.contains(n))
        .collect()
}

/// Why [`commit`] wrote nothing.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is not strict JSON; `first` is the first error,
    /// `spot` its place.
    Unparseable {
        path: PathBuf,
        first: String,
        spot: Option<Box<Spot>>,
    },
    /// The file on disk is not what the command read.
    ChangedSinceRead { path: PathBuf },
    /// The new text would fail `validate`; the errors.
    Invalid {
        path: PathBuf,
        errors: Vec<Diagnostic>,
    },
    Io {
        action: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    /// What is at the path is not a file mcpctl may replace (a device, a
    /// FIFO, a dangling symlink, ...).
    Refused { path: PathBuf, why: ReadError },
    /// Another mcpctl held the lock the whole time mcpctl waited.
    Locked {
        path: PathBuf,
        lock_file: PathBuf,
        holder: Option<u32>,
        waited: std::time::Duration,
    },
    /// The backups folder's name is taken by a file.
    BackupsNotFolder { dir: PathBuf },
    /// The file is read-only (no write permission for anyone; Windows'
    /// Read-only attribute): someone made it so, often to keep the app
    /// from rewriting it. A rename would go round that; mcpctl does not.
    ReadOnly { path: PathBuf },
    /// The new text is over what mcpctl reads back ([`source::MAX_BYTES`]):
    /// every later command, `restore` included, would refuse the file.
    TooBig { path: PathBuf, len: u64 },
    /// The new file (or a backup) could not be given the config's owner.
    Owner {
        path: PathBuf,
        owner: Owner,
        error: std::io::Error,
    },
}

impl WriteError {
    pub fn message(&self) -> String {
        match self {
            WriteError::Unparseable { path, first, .. } => format!(
                "refusing to write: {} is not valid JSON ({first}); nothing was changed",
                path.display()
            ),
            WriteError::ChangedSinceRead { path } => format!(
                "{} changed on disk after mcpctl read it (another editor, or Claude Desktop \
                 rewriting it); nothing was written",
                path.display()
            ),
            WriteError::Invalid { path, errors } => {
                let first = errors
                    .first()
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .unwrap_or_default();
                format!(
                    "refusing to write {}: the result would not pass `mcpctl validate` ({first})",
                    path.display()
                )
            }
            WriteError::Io {
                action,
                path,
                error,
            } => format!("could not {action} {}: {error}", path.display()),
            WriteError::Refused { path, why } => {
                format!("refusing to write: {}", why.message(path))
            }
            WriteError::Locked {
                path,
                lock_file,
                holder,
                waited,
            } => format!(
                "another mcpctl{} is writing {} (it has held {} for {} s); nothing was written",
                holder.map(|p| format!(" (pid {p})")).unwrap_or_default(),
                path.display(),
                lock_file.display(),
                waited.as_secs()
            ),
            WriteError::ReadOnly { path } => format!(
                "refusing to write {}: it is read-only (made so on purpose, perhaps to keep \
Claude Desktop from rewriting it); nothing was written",
                path.display()
            ),
            WriteError::TooBig { path, len } => format!(
                "refusing to write {}: the result would be {} bytes, over the {} MB mcpctl \
reads, so no later command (restore included) could read it back; nothing was written",
                path.display(),
                len,
                source::MAX_BYTES / (1024 * 1024)
            ),
            WriteError::BackupsNotFolder { dir } => format!(
                "{} is a file, but mcpctl keeps the config's backups in a folder of that name; \
nothing was written",
                dir.display()
            ),
            WriteError::Owner { path, owner, error } => format!(
                "refusing to write {}: the new file could not be given its owner ({owner}) \
({error}), and writing it as another user would take it from them; nothing was written",
                path.display()
            ),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::Unparseable { .. } => {
                "mcpctl never writes over a file it cannot read. Run `mcpctl validate` to see where \
                 it breaks, `mcpctl doctor --fix` to repair what is safe, or `mcpctl restore` to put \
                 a backup back"
            }
            WriteError::ChangedSinceRead { .. } => {
                "run the command again; if Claude Desktop is open, quit it first: it rewrites the \
                 file from memory"
            }
            WriteError::Invalid { .. } => {
                "nothing was written; correct the value named above and try again"
            }
            WriteError::Io { .. } => {
                "check that you may write to that folder (permissions, disk space, read-only mount)"
            }
            WriteError::Refused { why, .. } => why.hint(),
            WriteError::Locked { .. } => {
                "wait for the other mcpctl to finish (a prompt may be waiting for an answer), then \
run the command again; the lock is released the moment its holder exits"
            }
            WriteError::BackupsNotFolder { .. } => {
                "move that file away (or rename it), then run the command again"
            }
            WriteError::ReadOnly { .. } => {
                "make it writable first (chmod u+w FILE; on Windows clear its Read-only \
attribute), run the command again, then make it read-only again if you want"
            }
            WriteError::TooBig { .. } => {
                "a Claude Desktop config is a few KB: move what is not configuration out of it"
            }
            WriteError::Owner { .. } => {
                "run mcpctl as the file's owner (without sudo), or with sudo so it can keep the owner"
            }
        }
    }
}

impl From<WriteError> for Error {
    fn from(e: WriteError) -> Error {
        let error = Error::new(e.message()).hint(e.hint());
        match e {
            WriteError::Unparseable { spot, .. } => error.at(spot),
            _ => error,
        }
    }
}

impl From<LockError> for WriteError {
    fn from(e: LockError) -> WriteError {
        match e {
            LockError::Busy {
                lock_file,
                holder,
                waited,
            } => WriteError::Locked {
                path: lock_file
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                lock_file,
                holder,
                waited,
            },
            LockError::Io { lock_file, error } => WriteError::Io {
                action: "lock",
                path: lock_file,
                error,
            },
        }
    }
}

impl From<WriteError> for Stop {
    fn from(e: WriteError) -> Stop {
        Stop::Failed(e.into())
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |error| WriteError::Io {
        action,
        path,
        error,
    }
}

/// What the new text must pass before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Require {
    /// Strict JSON, and no `validate` error that the file did not already
    /// have (so removing one server from a file with an unrelated problem
    /// still works, but no edit ever adds a problem). The default.
    NoNewErrors,
    /// Strict JSON only (`restore` puts back exactly what was there).
    StrictJson,
    /// Nothing: `restore --force` puts back a backup that does not parse,
    /// because the user said so (to repair it by hand).
    Anything,
}

/// The errors that forbid writing `new_text` to `path` (empty: go ahead).
/// `old_text` is the file as it was (None when it did not exist).
pub fn blocking_errors(
    path: &Path,
    old_text: Option<&str>,
    new_text: &str,
    require: Require,
    lint: &LintContext,
) -> Vec<Diagnostic> {
    if require == Require::Anything {
        return Vec::new();
    }
    // (the old text is checked after the new one: lint answers the
    // entries the edit left alone from what it said of them in the new)
    let memo = super::lint::Memo::default();
    let (_, doc, diags) = load::check_text_with(path, new_text, lint, &memo);
    let mut errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if doc.root.is_none() && errors.is_empty() {
        errors.push(
            Diagnostic::error(Code::Empty, "the new text holds no JSON value")
                .hint("this is a bug in mcpctl: please report it"),
        );
    }
    let is_syntax = |d: &Diagnostic| d.code == Code::Empty || doc.diagnostics.contains(d);
    if require == Require::StrictJson {
        errors.retain(is_syntax);
        return errors;
    }
    // errors the old text already had (matched one for one) do not block
    let before: Vec<Diagnostic> = match old_text {
        Some(old) => load::check_text_with(path, old, lint, &memo)
            .2
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect(),
        None => Vec::new(),
    };
    introduced(&before, errors, is_syntax)
}

/// What of `new` is not in `before`: diagnostics matched one for one by
/// code and message (a problem the file already had, in the same words, is
/// not new), then what is left by code alone (the same problem whose words
/// quote text a repair beside it rewrote: `None` became `null`), except
/// those `always` keeps whatever `before` says. So no kind of error grows
/// in number.
pub fn introduced(
    before: &[Diagnostic],
    new: Vec<Diagnostic>,
    always: impl Fn(&Diagnostic) -> bool,
) -> Vec<Diagnostic> {
    let mut before: Vec<(Code, &str)> = before
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    let mut take = |same: &dyn Fn(&(Code, &str)) -> bool| match before.iter().position(same) {
        Some(i) => {
            before.swap_remove(i);
            true
        }
        None => false,
    };
    // by code and words first, so that a loose match cannot take the
    // partner of an exact one; the order of `new` is kept
    let mut left: Vec<(bool, Diagnostic)> = new
        .into_iter()
        .map(|d| {
            let matched = take(&|(c, m)| *c == d.code && *m == d.message);
            (always(&d) || !matched, d)
        })
        .collect();
    // (loosely, but of the same server: a server's error fixed in the same
    // write does not excuse a new server's of that kind)
    for (keep, d) in &mut left {
        if *keep && !always(d) {
            let server = server_named(&d.message);
            *keep = !take(&|(c, m)| *c == d.code && server_named(m) == server);
        }
    }
    left.into_iter()
        .filter_map(|(keep, d)| keep.then_some(d))
        .collect()
}

/// The server a diagnostic's message is about (its first "server `NAME`").
fn server_named(message: &str) -> Option<&str> {
    let at = message.find("server `")? + "server `".len();
    let len = message[at..].find('`')?;
    Some(&message[at..at + len])
}

/// Take the write lock of `target` (see `lock`), waiting a while for
/// another mcpctl: a writing command holds it from before it reads the
/// file until its write is done. [`commit`] takes it too (a no-op when the
/// command already holds it). Nothing is locked (no lock file is made)
/// beside what is not a file mcpctl may replace (`/dev/null`, a FIFO, a
/// dangling link): that is refused here, before anything is created.
pub fn lock(target: &Path) -> Result<Lock, WriteError> {
    match source::check_path(target) {
        Ok(()) | Err(ReadError::NotFound) | Err(ReadError::Io(_)) => {}
        Err(why) => {
            return Err(WriteError::Refused {
                path: target.to_path_buf(),
                why,
            });
        }
    }
    let owner = owner::for_config(target);
    lock::acquire(target, &|p| {
        let _ = owner::give(p, owner);
    })
    .map_err(|e| match WriteError::from(e) {
        WriteError::Locked {
            lock_file,
            holder,
            waited,
            ..
        } => WriteError::Locked {
            path: target.to_path_buf(),
            lock_file,
            holder,
            waited,
        },
        other => other,
    })
}

/// Refused before anything is written: `target` exists and is read-only
/// (`chmod 444`; the read-only attribute on Windows). A command that
/// writes two files checks both first, so the second cannot fail on it
/// after the first was written.
pub fn ensure_writable(target: &Path) -> Result<(), WriteError> {
    if std::fs::metadata(target).is_ok_and(|m| m.permissions().readonly()) {
        return Err(WriteError::ReadOnly {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Replace `target`'s content with `new_text`, safely (see the module
/// docs). `as_read` is the file's bytes when the command read it, `None`
/// when it did not exist.
pub fn commit(
    target: &Path,
    as_read: Option<&[u8]>,
    new_text: &str,
    opts: &WriteOptions,
) -> Result<WriteOutcome, WriteError> {
    let _lock = lock(target)?;
    let current = read_current(target)?;
    ensure_unchanged(target, as_read, current.as_deref())?;
    if current.is_some() {
        ensure_writable(target)?;
    }
    if new_text.len() as u64 > source::MAX_BYTES {
        return Err(WriteError::TooBig {
            path: target.to_path_buf(),
            len: new_text.len() as u64,
        });
    }
    if let Some(bytes) = &current
        && !opts.replace_unparseable
    {
        ensure_parses(target, bytes)?;
    }
    let old_text = current.as_deref().map(String::from_utf8_lossy);
    let errors = blocking_errors(
        target,
        old_text.as_deref(),
        new_text,
        opts.require,
        &opts.lint,
    );
    let errors = introduced(&opts.revealed, errors, |_| false);
    if !errors.is_empty() {
        return Err(WriteError::Invalid {
            path: target.to_path_buf(),
            errors,
        });
    }
    let real = real_path(target)?;
    let dir = parent_of(&real);
    let owner = owner::for_config(&real);
    let created = owner::missing_dirs(&dir);
    std::fs::create_dir_all(&dir).map_err(io("create the folder", &dir))?;
    for d in &created {
        owner::give(d, owner).map_err(owner_error(d, owner))?;
    }
    // the folder exists now: lock it (a no-op when it existed before)
    let _lock = lock(target)?;
    let mut stray_removed = remove_stray(&real);
    let backup_dir = opts
        .backup_dir
        .clone()
        .unwrap_or_else(|| backup::dir_for(target));
    let backup = match &current {
        Some(bytes) => Some(save_backup(&backup_dir, target, bytes, owner)?),
        None => None,
    };
    stray_removed.extend(remove_stray_backups(&backup_dir, target));
    let recheck = || {
        let now = read_current(target)?;
        ensure_unchanged(target, as_read, now.as_deref())
    };
    let links = other_links(&real);
    if let Err(e) = replace_atomically(&real, new_text.as_bytes(), owner, opts, recheck) {
        // the copy of an unchanged file is just noise in the list
        if let Some(b) = &backup {
            let _ = std::fs::remove_file(b);
        }
        return Err(e);
    }
    // the copy of what mcpctl wrote last, when the file was changed since
    // (the app wiped or rewrote it): the only copy of what that write
    // added, so it joins the ring before a new copy replaces it, dated
    // when it was written: older than the backup of the file as this
    // write found it, which `restore 1` must put back
    let last = backup::last_written_in(&backup_dir, target);
    let written_at = |p: &Path| {
        let before_now = SystemTime::now() - std::time::Duration::from_millis(1);
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .map_or(before_now, |t| t.min(before_now))
    };
    let mut kept_last = None;
    if opts.backup_dir.is_none()
        && let Ok(old) = read_capped(&last, MAX_OTHER_BYTES)
        && current.as_deref() != Some(old.as_slice())
        && old.as_slice() != new_text.as_bytes()
        && let Ok(p) = backup::create_in(&backup_dir, target, &old, written_at(&last))
    {
        let _ = owner::give(&p, owner);
        kept_last = Some(KeptLast {
            wiped: stub_lost(current.as_deref(), &old, new_text.as_bytes()),
            path: p,
        });
    }
    let pruned = backup::prune_in(
        &backup_dir,
        target,
        opts.keep_backups,
        backup.as_deref(),
        Some(new_text),
    )
    .unwrap_or_default();
    let kept_last = kept_last.filter(|k| !pruned.contains(&k.path));
    // what was just written, kept too (best effort: the write is done): a
    // file the app rewrites from memory loses what mcpctl added, which no
    // backup of the versions before held
    if opts.backup_dir.is_none() {
        if let Ok(p) = backup::save_last_written(&backup_dir, target, new_text.as_bytes()) {
            let _ = owner::give(&p, owner);
        }
        // the folder, whichever copy made it (a new file has no backup to
        // make it first), is the config's owner's too, or `sudo mcpctl
        // add` would leave a root's folder every later write of the
        // user's fails in
        let _ = owner::give(&backup_dir, owner);
    }
    Ok(WriteOutcome {
        path: target.to_path_buf(),
        backup,
        created_file: current.is_none(),
        created_dir: !created.is_empty(),
        pruned,
        app_running: (opts.detect_app)(target.parent().unwrap_or(Path::new("."))),
        links_split: links,
        stray_removed,
        kept_last,
    })
}

fn owner_error(path: &Path, owner: Option<Owner>) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |error| match owner {
        Some(owner) => WriteError::Owner { path, owner, error },
        None => WriteError::Io {
            action: "set the owner of",
            path,
            error,
        },
    }
}

/// A backup of `bytes` (the file as it is), owned like the config.
fn save_backup(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    owner: Option<Owner>,
) -> Result<PathBuf, WriteError> {
    let dir = dir.to_path_buf();
    if std::fs::metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        return Err(WriteError::BackupsNotFolder { dir });
    }
    let fresh_dir = !dir.exists();
    let path = backup::create_in(&dir, target, bytes, SystemTime::now())
        .map_err(io("save a backup in", &dir))?;
    if fresh_dir {
        owner::give(&dir, owner).map_err(owner_error(&dir, owner))?;
    }
    owner::give(&path, owner).map_err(owner_error(&path, owner))?;
    Ok(path)
}

/// How many other names the file has (hard links), when it has any.
#[cfg(unix)]
fn other_links(real: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let n = std::fs::metadata(real).ok()?.nlink();
    (n > 1).then(|| n - 1)
}

#[cfg(not(unix))]
fn other_links(_real: &Path) -> Option<u64> {
    None
}

/// The prefix and suffix of the temp file written beside `real`.
fn temp_name(real: &Path) -> (OsString, &'static str) {
    let name = real.file_name().unwrap_or_default();
    (
        backup::concat(&[".".as_ref(), name, ".mcpctl-".as_ref()]),
        ".tmp",
    )
}

/// Delete the temp files a killed run left beside `real` (they hold a full
/// copy of the config, secrets included). Safe under the lock: no other
/// mcpctl is writing one.
fn remove_stray(real: &Path) -> Vec<PathBuf> {
    let (prefix, suffix) = temp_name(real);
    remove_matching(&parent_of(real), &prefix, suffix)
}

fn remove_stray_backups(backup_dir: &Path, target: &Path) -> Vec<PathBuf> {
    let (prefix, suffix) = backup::temp_name(target);
    remove_matching(backup_dir, &prefix, suffix)
}

fn remove_matching(dir: &Path, prefix: &OsStr, suffix: &str) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let (prefix, suffix) = (prefix.as_encoded_bytes(), suffix.as_bytes());
    rd.filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.as_encoded_bytes();
            name.len() > prefix.len() + suffix.len()
                && name.starts_with(prefix)
                && name.ends_with(suffix)
                && e.file_type().is_ok_and(|t| t.is_file())
        })
        .map(|e| e.path())
        .filter(|p| std::fs::remove_file(p).is_ok())
        .collect()
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The file's bytes, or `None` when it does not exist. Anything but a
/// regular file (or a symlink to one) is refused.
fn read_current(target: &Path) -> Result<Option<Vec<u8>>, WriteError> {
    match source::read_file(target) {
        Ok(b) => Ok(Some(b)),
        Err(ReadError::NotFound) => Ok(None),
        Err(ReadError::Io(e)) => Err(io("read", target)(e)),
        Err(why) => Err(WriteError::Refused {
            path: target.to_path_buf(),
            why,
        }),
    }
}

fn ensure_unchanged(
    target: &Path,
    as_read: Option<&[u8]>,
    now: Option<&[u8]>,
) -> Result<(), WriteError> {
    if as_read == now {
        Ok(())
    } else {
        Err(WriteError::ChangedSinceRead {
            path: target.to_path_buf(),
        })
    }
}

/// Whether a file holds nothing at all ([`source::is_blank`]): it may be
/// written like a missing one.
pub fn is_blank(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(source::is_blank)
}

fn ensure_parses(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let source = Source::new(target, bytes.to_vec());
    check_parses(target, &source, &syntax::parse(&source))
}

/// The refusal every writing command makes: `source` (parsed as `doc`) is
/// not strict JSON, and not blank either (a blank file holds nothing to
/// lose). The error names the first syntax error and where it is.
pub fn check_parses(path: &Path, source: &Source, doc: &Document) -> Result<(), WriteError> {
    if is_blank(&source.bytes) || doc.is_strict_json() {
        return Ok(());
    }
    let first = doc
        .first_error()
        .map(|d| match d.span {
            Some(s) => {
                let lc = source.line_col(s.start);
                format!("line {}, column {}: {}", lc.line, lc.column, d.message)
            }
            None => d.message.clone(),
        })
        .unwrap_or_else(|| "no JSON value".to_string());
    let spot = model::first_error_spot(source, doc).map(Box::new);
    Err(WriteError::Unparseable {
        path: path.to_path_buf(),
        first,
        spot,
    })
}

/// Where the bytes really go: through a symlink to its target.
fn real_path(target: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(target).map_err(io("follow the link", target))
        }
        _ => Ok(target.to_path_buf()),
    }
}

/// Temp file beside `real`, synced, same permissions, renamed over it, and
/// the folder synced. `recheck` runs right before the rename (and before
/// each retry of it).
fn replace_atomically(
    real: &Path,
    bytes: &[u8],
    owner: Option<Owner>,
    opts: &WriteOptions,
    mut recheck: impl FnMut() -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let dir = parent_of(real);
    let (prefix, suffix) = temp_name(real);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .tempfile_in(&dir)
        .map_err(io("create a temporary file in", &dir))?;
    let tmp_path = tmp.path().to_path_buf();
    tmp.as_file_mut()
        .write_all(bytes)
        .map_err(io("write", &tmp_path))?;
    owner::give_file(tmp.as_file(), owner).map_err(owner_error(real, owner))?;
    if let Ok(meta) = std::fs::metadata(real) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io("set the permissions of", &tmp_path))?;
    }
    tmp.as_file().sync_all().map_err(io("sync", &tmp_path))?;
    #[cfg(debug_assertions)]
    if opts.crash_before_rename {
        crash_now();
    }
    recheck()?;
    let mut pending = Some(tmp);
    retry_transient(
        || {
            let tmp = pending.take().expect("a temp file to rename");
            tmp.persist(real).map_err(|e| {
                pending = Some(e.file);
                e.error
            })
        },
        is_transient_refusal,
        &RENAME_RETRY_DELAYS,
        &mut recheck,
    )
    .map_err(|e| match e {
        Retried::Stopped(e) => e,
        Retried::Failed(error) => WriteError::Io {
            action: "replace",
            path: real.to_path_buf(),
            error,
        },
    })?;
    // The rename is done: the file is replaced, and from here nothing may
    // report the write as failed (the caller would drop the backup of the
    // version it replaced). Syncing the folder makes the rename survive a
    // power cut; where the folder cannot be synced (SMB/CIFS, some FUSE and
    // Ceph mounts say EINVAL; a folder one may write but not read, EACCES)
    // the new content is on disk and the backup keeps the old, so a failed
    // sync is let go.
    let _ = if cfg!(debug_assertions) && opts.fail_folder_sync {
        Err(std::io::Error::from_raw_os_error(22))
    } else {
        sync_dir(&dir)
    };
    Ok(())
}

/// Waits between attempts to rename over the config (about 2 s in all).
const RENAME_RETRY_DELAYS: [u64; 12] = [5, 10, 20, 40, 80, 120, 160, 200, 250, 300, 350, 400];

/// Why [`retry_transient`] gave up.
#[derive(Debug)]
enum Retried<E> {
    /// The last attempt's error (not transient, or no retries left).
    Failed(E),
    /// The check before a retry refused (the file changed meanwhile).
    Stopped(WriteError),
}

/// `attempt`, tried again after each of `delays_ms` while it fails with an
/// error `transient` accepts; `before_retry` runs before each new attempt
/// and may stop the retries. Windows refuses to rename over a file that
/// another process has open, even one that shares delete access (as every
/// reader does: Rust's `File::open` and `metadata` open with
/// `FILE_SHARE_DELETE`): another mcpctl checking the file while waiting for
/// the lock, Claude Desktop reading it, an indexer or a virus scanner. Such
/// opens last milliseconds, so the rename is tried again for a bounded time,
/// as npm's `write-file-atomic` and `graceful-fs` do.
fn retry_transient<T, E>(
    mut attempt: impl FnMut() -> Result<T, E>,
    transient: impl Fn(&E) -> bool,
    delays_ms: &[u64],
    mut before_retry: impl FnMut() -> Result<(), WriteError>,
) -> Result<T, Retried<E>> {
    let mut delays = delays_ms.iter();
    loop {
        match attempt() {
            Ok(v) => return Ok(v),
            Err(e) if transient(&e) => match delays.next() {
                Some(ms) => {
                    std::thread::sleep(std::time::Duration::from_millis(*ms));
                    before_retry().map_err(Retried::Stopped)?;
                }
                None => return Err(Retried::Failed(e)),
            },
            Err(e) => return Err(Retried::Failed(e)),
        }
    }
}

/// Whether a failed rename is Windows refusing while another process has
/// the file open: `ERROR_ACCESS_DENIED` (5) or `ERROR_SHARING_VIOLATION`
/// (32). On Unix a rename is never refused for that: no retries.
fn is_transient_refusal(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32))
}

/// Die the way a killed process dies: no destructors, no cleanup.
#[cfg(debug_assertions)]
fn crash_now() -> ! {
    #[cfg(unix)]
    // SAFETY: sending SIGKILL to ourselves has no memory-safety effects.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

// ------------------------------------------------ is Claude Desktop open?

/// The real detector: `Some("Claude (pid 1234)")` when the app whose data folder is
/// `data_dir` runs (its single-instance lock there is held; on Windows, a
/// `claude.exe` runs): see [`crate::platform::running`].
pub fn app_running(data_dir: &Path) -> Option<String> {
    use crate::platform::running::{RealProbe, detect};
    detect(
        crate::platform::Os::current(),
        &[data_dir.to_path_buf()],
        &RealProbe,
    )
    .seen()
}

/// The warning to show after writing while the app runs.
pub fn app_running_warning(seen: &str) -> String {
    format!(
        "Claude Desktop appears to be running ({seen}). It reads this file only at launch and \
         may rewrite it from memory when it quits: quit and restart it to load the change"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a strict object without `mcpServers` (or with it null) is the
    /// stub that lost what mcpctl last wrote; an empty `mcpServers` is what
    /// removing the last server leaves, and a file that does not parse says
    /// nothing.
    #[test]
    fn only_a_stub_loses_the_servers_of_the_kept_copy() {
        let kept = br#"{"mcpServers": {"a": {"command": "/a"}, "b": {"command": "/b"}}}"#;
        let adding_c = br#"{"preferences": {}, "mcpServers": {"c": {"command": "/c"}}}"#;
        let lost = |found: &str| stub_lost(Some(found.as_bytes()), kept, adding_c);
        assert_eq!(lost(r#"{"preferences": {}}"#), ["a", "b"]);
        assert_eq!(lost("{}"), ["a", "b"]);
        assert_eq!(lost(r#"{"mcpServers": null}"#), ["a", "b"]);
        assert!(lost(r#"{"mcpServers": {}}"#).is_empty());
        assert!(lost(r#"{"mcpServers": {"c": {"command": "/c"}}}"#).is_empty());
        assert!(lost(r#"{"preferences": {},}"#).is_empty());
        assert!(lost("[]").is_empty());
        assert!(stub_lost(None, kept, adding_c).is_empty());
        assert!(stub_lost(Some(b"{}"), b"{\"mcpServers\": {},}", adding_c).is_empty());
        // a write that puts them back (`restore --merge-servers`) lost
        // none of them; one that puts back some, the others
        let stub = Some(&br#"{"preferences": {}}"#[..]);
        let merged = br#"{"preferences": {}, "mcpServers": {"a": {"command": "/a"}, "b": {"command": "/b"}}}"#;
        assert!(stub_lost(stub, kept, merged).is_empty());
        let only_a = br#"{"preferences": {}, "mcpServers": {"a": {"command": "/a"}}}"#;
        assert_eq!(stub_lost(stub, kept, only_a), ["b"]);
    }

    #[test]
    fn what_a_text_introduces_is_matched_one_for_one() {
        let w = |m: &str| Diagnostic::warning(Code::UnexpandedVar, m);
        let before = [w("a"), w("b")];
        let new = vec![w("a"), w("a"), w("b"), w("c")];
        let got: Vec<String> = introduced(&before, new.clone(), |_| false)
            .into_iter()
            .map(|d| d.message)
            .collect();
        // the second "a" is new: the file had one
        assert_eq!(got, ["a", "c"]);
        let all = introduced(&before, new, |d| d.message == "b");
        assert_eq!(all.len(), 3, "{all:?}");
        // the same problem in new words (a repair beside it rewrote what
        // the message quotes) is not new; one more of its kind is
        let e = |m: &str| Diagnostic::error(Code::ArgsNotStrings, m);
        // a server's error gone does not excuse another server's of that kind
        let no_script = |server: &str| {
            Diagnostic::error(
                Code::NoScript,
                format!("server `{server}` starts `node` with no script"),
            )
        };
        let got = introduced(&[no_script("A")], vec![no_script("D")], |_| false);
        assert_eq!(got.len(), 1, "{got:?}");
        let got = introduced(&[no_script("A")], vec![no_script("A")], |_| false);
        assert!(got.is_empty(), "{got:?}");
        let got = introduced(&[e("argument None")], vec![e("argument null")], |_| false);
        assert!(got.is_empty(), "{got:?}");
        let got = introduced(
            &[e("argument None")],
            vec![e("argument null"), e("x")],
            |_| false,
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }

    /// Two configs in one folder share its backups folder, each under its
    /// own lock: a writer of one removes its own stray backup temp files
    /// only, never the other's backup under way.
    #[test]
    fn stray_backups_are_each_configs_own() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        let backups = dir.path().join("mcpctl-backups");
        std::fs::create_dir_all(&backups).unwrap();
        let temp = |target: &Path| {
            let (prefix, suffix) = backup::temp_name(target);
            let p = backups.join(backup::concat(&[&prefix, "XXXX".as_ref(), suffix.as_ref()]));
            std::fs::write(&p, "{}").unwrap();
            p
        };
        let (ta, tb) = (temp(&a), temp(&b));
        assert_eq!(
            remove_stray_backups(&backups, &a),
            std::slice::from_ref(&ta)
        );
        assert!(!ta.exists() && tb.exists());
    }

    #[test]
    fn a_transient_refusal_is_retried_a_bounded_number_of_times() {
        let calls = std::cell::Cell::new(0);
        let transient = |e: &&str| *e == "busy";
        // an attempt that fails with `e` until its `ok_from`-th call
        let attempt = |e: &'static str, ok_from: usize| {
            let calls = &calls;
            move || -> Result<usize, &'static str> {
                calls.set(calls.get() + 1);
                if calls.get() >= ok_from {
                    Ok(calls.get())
                } else {
                    Err(e)
                }
            }
        };
        let taken = || calls.replace(0);
        let twice_busy = retry_transient(attempt("busy", 3), transient, &[0, 0, 0], || Ok(()));
        assert_eq!(twice_busy.unwrap(), 3);
        taken();
        let always = retry_transient(attempt("busy", usize::MAX), transient, &[0, 0], || Ok(()));
        assert!(matches!(always, Err(Retried::Failed("busy"))));
        assert_eq!(taken(), 3, "the first try and one per delay");
        let other = retry_transient(attempt("gone", usize::MAX), transient, &[0, 0], || Ok(()));
        assert!(matches!(other, Err(Retried::Failed("gone"))));
        assert_eq!(taken(), 1, "not transient: no retry");
        let changed = retry_transient(attempt("busy", usize::MAX), transient, &[0, 0], || {
            Err(WriteError::ChangedSinceRead {
                path: PathBuf::from("c.json"),
            })
        });
        assert!(matches!(
            changed,
            Err(Retried::Stopped(WriteError::ChangedSinceRead { .. }))
        ));
        assert_eq!(taken(), 1, "a changed file stops the retries");
    }

    #[test]
    fn only_windows_sharing_refusals_are_transient() {
        let denied = std::io::Error::from_raw_os_error(5);
        let sharing = std::io::Error::from_raw_os_error(32);
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(is_transient_refusal(&denied), cfg!(windows));
        assert_eq!(is_transient_refusal(&sharing), cfg!(windows));
        assert!(!is_transient_refusal(&missing));
    }

    fn opts() -> WriteOptions<'static> {
        WriteOptions {
            replace_unparseable: false,
            require: Require::NoNewErrors,
            lint: LintContext::for_host(&HostEnv::current()),
            keep_backups: backup::KEEP,
            detect_app: &|_| None,
            crash_before_rename: false,
            fail_folder_sync: false,
            backup_dir: None,
            revealed: Vec::new(),
        }
    }

    #[test]
    fn creates_folder_and_file_without_backup() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/claude_desktop_config.json");
        let out = commit(&target, None, "{\"mcpServers\": {}}\n", &opts()).unwrap();
        assert!(out.created_file && out.created_dir && out.backup.is_none());
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "{\"mcpServers\": {}}\n"
        );
    }

    #[test]
    fn refuses_invalid_new_text_and_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("c.json");
        std::fs::write(&target, "{}").unwrap();
        let e = commit(&target, Some(b"{}"), "{\"a\": 1,}", &opts()).unwrap_err();
        assert!(matches!(e, WriteError::Invalid { .. }), "{e:?}");
        let e = commit(&target, Some(b"{ }"), "{}", &opts()).unwrap_err();
        assert!(matches!(e, WriteError::ChangedSinceRead { .. }), "{e:?}");
        let e = commit(&target, None, "{}", &opts()).unwrap_err();
        assert!(matches!(e, WriteError::ChangedSinceRead { .. }), "{e:?}");
        // a result mcpctl could not read back (restore included)
        let big = format!(
            "{{\"pad\": \"{}\"}}",
            "x".repeat(source::MAX_BYTES as usize)
        );
        let e = commit(&target, Some(b"{}"), &big, &opts()).unwrap_err();
        assert!(matches!(e, WriteError::TooBig { .. }), "{e:?}");
        // a file made read-only on purpose (to keep the app off it)
        let mut ro = std::fs::metadata(&target).unwrap().permissions();
        ro.set_readonly(true);
        std::fs::set_permissions(&target, ro.clone()).unwrap();
        let ro_e = commit(&target, Some(b"{}"), "{\"mcpServers\": {}}", &opts()).unwrap_err();
        assert!(matches!(ro_e, WriteError::ReadOnly { .. }), "{ro_e:?}");
        #[allow(clippy::permissions_set_readonly_false)]
        ro.set_readonly(false);
        std::fs::set_permissions(&target, ro).unwrap();
        assert!(e.message().contains("restore included"), "{}", e.message());
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
        assert!(
            !backup::dir_for(&target).exists(),
            "no backup for a refused write"
        );
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "{}").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("claude_desktop_config.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let out = commit(&link, Some(b"{}"), "{\"x\": 1}", &opts()).unwrap();
        assert!(out.backup.is_some());
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "{\"x\": 1}");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
