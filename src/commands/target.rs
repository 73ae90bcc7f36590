//! What the writing commands (`add`, `remove`, `restore`) share: the config
//! file as a writing command reads it (which may not exist yet), and how a
//! finished write is reported (`report::edit::Written`, rendered by
//! `report::text::edit::written`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::ast::Node;
use crate::config::load;
use crate::config::source::{ReadError, Source};
use crate::config::syntax::{self, Document};
use crate::config::write::{self, WriteOptions};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::edit::Written;
use crate::report::text;
use crate::settings::Global;

/// The config file before an edit.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    /// `None` when the file does not exist yet.
    pub source: Option<Source>,
    pub doc: Document,
    /// The write lock, held from the read to the end of the command, so
    /// the file written is the file read (two writers at once both land).
    /// None in a folder mcpctl may not write to: what only reads (a
    /// listing, a dry run) goes on, and a write takes the lock itself, and
    /// fails there saying why.
    pub lock: Option<std::sync::Arc<write::Lock>>,
    /// Claude Desktop reads this file (not a `--config` file elsewhere):
    /// only then does a running app matter to a write.
    pub app_reads_it: bool,
}

impl Target {
    pub fn text(&self) -> &str {
        self.source.as_ref().map_or("", |s| s.text.as_str())
    }
    /// The bytes as read, for the write path's changed-since-read check.
    pub fn bytes(&self) -> Option<&[u8]> {
        self.source.as_ref().map(|s| s.bytes.as_slice())
    }
    pub fn root(&self) -> Option<&Node> {
        self.doc.root.as_ref()
    }
    pub fn exists(&self) -> bool {
        self.source.is_some()
    }
    /// The file's secrets (every `env`/`headers` value), for the output
    /// layer to mask.
    pub fn secrets(&self) -> crate::secrets::Secrets {
        crate::config::secrets::of(self.root(), &self.doc.extra_values, self.text())
    }
    /// The path as shown in messages and diffs.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
    /// A command that edits what is there needs the file; `why` says what
    /// is missing without it (`there is nothing to remove`).
    pub fn must_exist(&self, why: &str) -> Result<(), Error> {
        if self.exists() {
            return Ok(());
        }
        Err(
            Error::new(format!("no config file at {}: {why}", self.shown())).hint(
                "`mcpctl path` shows where mcpctl looks; pass another file with --config PATH",
            ),
        )
    }
    /// Refuse to edit a file that is not strict JSON (the same refusal the
    /// write path makes, but before any work is done).
    pub fn ensure_parses(&self) -> Result<(), Error> {
        match &self.source {
            Some(s) => write::check_parses(&self.path, s, &self.doc).map_err(Error::from),
            None => Ok(()),
        }
    }
}

/// The write lock of `path`, taken before the file is read; None in a
/// folder mcpctl may not write to (permissions, a read-only mount), where
/// what only reads goes on and a write, taking the lock itself, fails
/// saying why. Another mcpctl holding it is an error at once.
pub fn hold_lock(path: &std::path::Path) -> Result<Option<write::Lock>, write::WriteError> {
    match write::lock(path) {
        Ok(l) => Ok(Some(l)),
        Err(write::WriteError::Io {
            action: "lock",
            error,
            ..
        }) if matches!(
            error.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The `validate` errors `new_text` would bring into `target` (none it
/// already had): what refuses an edit before anything is launched or
/// written.
pub fn new_errors(
    g: &Global,
    target: &Target,
    new_text: &str,
) -> Option<Vec<crate::config::diag::Diagnostic>> {
    let lint = crate::config::lint::LintContext::for_host(&g.host);
    let old = target.source.as_ref().map(|s| s.text.as_str());
    let problems = write::blocking_errors(
        &target.path,
        old,
        new_text,
        write::Require::NoNewErrors,
        &lint,
    );
    (!problems.is_empty()).then_some(problems)
}

/// Locate and read the config for editing, under its write lock. A missing
/// file is fine (first setup); an unknown location, a folder, a device or
/// an unreadable file is not.
pub fn read(g: &Global) -> Result<Target, Stop> {
    let located = load::locate_known(&g.host, g.config.as_deref())?;
    // the file the app reads, or the one custom-inference mode reads
    // beside it (`Claude-3p`): a running app rewrites either
    let app_reads_it = match &located.app_reads {
        None => true,
        Some(own) => crate::app::folders::AppFolders::for_config(g.host.os, own)
            .third_party_config()
            .is_some_and(|p| write::same_place(&located.path, &p)),
    };
    let path = located.path;
    if path.is_dir() {
        return Err(
            Error::new(format!("{} is a folder, not a config file", path.display()))
                .hint("pass the file itself with --config PATH")
                .into(),
        );
    }
    let lock = hold_lock(&path)?.map(std::sync::Arc::new);
    let source = match Source::read(&path) {
        Ok(s) => Some(s),
        Err(ReadError::NotFound) => None,
        Err(why) => return Err(Error::new(why.message(&path)).hint(why.hint()).into()),
    };
    let doc = match &source {
        Some(s) => syntax::parse(s),
        None => syntax::parse(&Source::from_text(&path, "")),
    };
    Ok(Target {
        path,
        source,
        doc,
        lock,
        app_reads_it,
    })
}

/// The write options for a config file: the running-app warning only for
/// the file Claude Desktop reads (`app_reads_it`), since a running app
/// neither reads nor rewrites any other.
pub fn write_options(g: &Global, app_reads_it: bool) -> WriteOptions<'static> {
    let mut opts = WriteOptions::for_host(&g.host);
    if !app_reads_it {
        opts.detect_app = &not_its_file;
    }
    opts
}

/// "The app is not running", as far as a file it does not read goes.
fn not_its_file(_: &std::path::Path) -> Option<String> {
    None
}

/// An edit that could not be made, as the command's failure (exit 2).
pub fn edit_failure(e: crate::config::edit::EditError, target: &Target) -> Error {
    Error::new(e.message(&target.shown())).hint(e.hint())
}

/// Print what a finished write did: the folder created, the backup, the
/// restart reminder on stdout; the running-app warning on stderr.
pub fn print_written(out: &mut Output, w: &Written) -> std::io::Result<()> {
    let (text, warning) = text::edit::written(out.style, out.err_style, w);
    out.print(&text)?;
    out.eprint(&warning)
}

/// A note on stderr.
pub fn note(out: &mut Output, message: &str) -> std::io::Result<()> {
    out.eprint(&text::note(out.err_style, message))
}

/// A warning on stderr.
pub fn warn(out: &mut Output, message: &str) -> std::io::Result<()> {
    // one line, tabs shown: a warning quotes what the user typed or pasted
    // (`C:\tools` with one backslash holds a tab and a line break)
    out.eprint(&text::warning(out.err_style, &crate::escape::name(message)))
}

/// An output file a command writes (`flag FILE`: `-o`, `--junit`) that is
/// the config, a file beside it that mcpctl or the app reads (the disabled
/// entries, the lock, the extensions' record), or inside a folder they
/// keep (the backups, the extensions and their settings), links and
/// relative paths resolved: refused before anything runs, since `what`
/// (the export, the report) would replace it; the hint suggests `example`.
pub fn refuse_own_file(
    g: &Global,
    (flag, example): (&str, &str),
    file: &std::path::Path,
    config: &std::path::Path,
    what: &str,
) -> Result<(), Error> {
    let f = crate::app::folders::AppFolders::for_config(g.host.os, config);
    let lock = crate::config::lock::lock_file_for(config);
    let files = [
        (config, "the config itself"),
        (
            f.disabled_file.as_path(),
            "the file that keeps the disabled entries",
        ),
        (lock.as_path(), "the config's lock file"),
        (
            f.installations_file.as_path(),
            "the app's record of its installed extensions",
        ),
    ];
    let backups = crate::config::backup::dir_for(config);
    let folders = [
        (backups.as_path(), "the config's backups"),
        (f.extensions_dir.as_path(), "the app's installed extensions"),
        (f.settings_dir.as_path(), "the extensions' settings"),
    ];
    let which = files
        .iter()
        .find(|(own, _)| write::same_place(file, own))
        .map(|(_, which)| (*which).to_string())
        .or_else(|| {
            folders
                .iter()
                .find(|(dir, _)| write::within(file, dir))
                .map(|(_, which)| format!("inside the folder of {which}"))
        });
    match which {
        Some(which) => Err(Error::new(format!(
            "{flag} {} is {which}: {what} would replace it",
            file.display()
        ))
        .hint(format!(
            "write {what} to a file of its own, e.g. `{flag} {example}`"
        ))),
        None => Ok(()),
    }
}

/// The folder `file` goes in (`.` for a bare name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Whether [`write_output`] can put `what` at `file`, said before any
/// work so that a long run does not end in a failed write: its folder
/// exists, it is not a folder, and it is not a read-only file (made so to
/// keep something from rewriting it). `hint` ends the first two errors.
pub fn check_output(file: &Path, (what, hint): (&str, &str)) -> Result<(), Error> {
    let dir = folder_of(file);
    if !dir.is_dir() {
        // said here: the temp file's error would name the temp file
        return Err(Error::new(format!(
            "cannot write {what} to {}: no folder {}",
            file.display(),
            dir.display()
        ))
        .hint(hint));
    }
    if file.is_dir() {
        return Err(Error::new(format!(
            "cannot write {what} to {}: it is a folder",
            file.display()
        ))
        .hint(hint));
    }
    if std::fs::metadata(file).is_ok_and(|m| m.permissions().readonly()) {
        return Err(Error::new(format!(
            "{} is read-only: {what} does not replace it",
            file.display()
        ))
        .hint(format!(
            "make it writable first, or write {what} to another file"
        )));
    }
    Ok(())
}

/// `text` to `file` (`what` it is, and the hint when that fails),
/// atomically: a temp file beside it, then a rename, through a symlink to
/// the file it names, keeping an existing file's permissions (a new one is
/// the owner's alone: it may hold secrets), and never over a read-only
/// file. A rename replaces the name, never the file behind it: a hard
/// link to the config stays the config. A device or a pipe
/// (`/dev/stdout`) is written to as it is.
pub fn write_output(file: &Path, text: &str, (what, hint): (&str, &str)) -> Result<(), Error> {
    let fail = |e: std::io::Error| {
        Error::new(format!("cannot write {what} to {}: {e}", file.display())).hint(hint)
    };
    let real = std::fs::canonicalize(file).ok();
    let file = real.as_deref().unwrap_or(file);
    let meta = std::fs::metadata(file).ok();
    if meta.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(file, text).map_err(fail);
    }
    check_output(file, (what, hint))?;
    let kept = meta.map(|m| m.permissions());
    let dir = folder_of(file);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    if let Some(p) = kept {
        tmp.as_file().set_permissions(p).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(file).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The side file beside the target, where `mcpctl disable` sets entries
/// aside.
fn side(g: &Global, target: &Target) -> crate::app::state::SideState {
    let folders = crate::app::folders::AppFolders::for_config(g.host.os, &target.path);
    crate::app::state::read_side(&folders)
}

/// The names of the servers `mcpctl disable` set aside from this config.
pub fn disabled_names(g: &Global, target: &Target) -> Vec<String> {
    side(g, target).entries().names()
}

/// New servers named as ones `mcpctl disable` set aside are refused: a
/// second entry by that name would leave both `enable` (the name is taken)
/// and `disable` (it is disabled already) stuck. `names`: the new servers
/// the config does not hold; `or`: the other way out (rename it).
pub fn refuse_disabled_names(
    g: &Global,
    target: &Target,
    names: &[&str],
    or: &str,
) -> Result<(), Error> {
    let side = side(g, target);
    let disabled: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| side.entries().get(n).is_some())
        .collect();
    let Some(first) = disabled.first() else {
        return Ok(());
    };
    let shown: Vec<String> = disabled
        .iter()
        .map(|n| format!("`{}`", crate::escape::name(n)))
        .collect();
    let word = crate::text::shell_word(first);
    Err(Error::new(format!(
        "{} {} the name of a disabled server (set aside in {}): a new one would leave \
`mcpctl enable {word}` no way back; nothing was written",
        shown.join(", "),
        if disabled.len() == 1 {
            "is"
        } else {
            "are each"
        },
        side.path.display()
    ))
    .hint(format!(
        "`mcpctl enable {word}` puts it back (then --force replaces it); or {or}"
    )))
}

/// No server `name` in the target: it may be disabled (in the side file
/// beside the config: said, with the way back, then `then`), else the
/// names there are.
pub fn not_there(g: &Global, target: &Target, name: &str, then: &str) -> Error {
    let side = side(g, target);
    if side.entries().get(name).is_some() {
        return Error::new(format!(
            "server `{}` is disabled: it is kept in {}, which the app never reads",
            crate::escape::name(name),
            side.path.display()
        ))
        .hint(format!(
            "`mcpctl enable {}` puts it back in the config; then {then}",
            crate::text::shell_word(name)
        ));
    }
    edit_failure(
        crate::config::edit::EditError::Missing {
            name: name.to_string(),
            existing: crate::config::edit::server_names(target.root()),
        },
        target,
    )
}
