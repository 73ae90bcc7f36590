//! What the writing commands (`add`, `remove`, `restore`) share: the config file as a writing
//! command reads it (which may not exist yet), and how a finished write is
//! reported (backup path, the running-app warning, the restart reminder).

use std::path::PathBuf;

use crate::commands::Context;
use crate::config::ast::Node;
use crate::config::load;
use crate::config::source::Source;
use crate::config::syntax::{self, Document};
use crate::config::write::{self, WriteOutcome};
use crate::error::Error;

/// The config file before an edit.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    /// `None` when the file does not exist yet.
    pub source: Option<Source>,
    pub doc: Document,
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
    /// The path as shown in messages and diffs.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
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

/// Locate and read the config for editing. A missing file is fine (first
/// setup); an unknown location, a folder or an unreadable file is not.
pub fn read(ctx: &Context) -> Result<Target, Error> {
    let path = load::locate_known(&ctx.host, ctx.config_override.as_deref())?.path;
    if path.is_dir() {
        return Err(
            Error::new(format!("{} is a folder, not a config file", path.display()))
                .hint("pass the file itself with --config PATH"),
        );
    }
    let source = match Source::read(&path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(
                Error::new(format!("cannot read {}: {e}", path.display()))
                    .hint("check the file's permissions (`ls -l`), or pass another file with --config PATH"),
            );
        }
    };
    let doc = match &source {
        Some(s) => syntax::parse(s),
        None => syntax::parse(&Source::from_text(&path, "")),
    };
    Ok(Target { path, source, doc })
}

/// Human lines after a successful write: backup, pruning, warnings.
pub fn print_written(ctx: &Context, outcome: &WriteOutcome) {
    if outcome.created_dir {
        println!("  created folder {}", parent(outcome));
    }
    if let Some(b) = &outcome.backup {
        println!("  {} {}", ctx.out.dim("backup:"), b.display());
    }
    if let Some(seen) = &outcome.app_running {
        warn(ctx, &write::app_running_warning(seen));
    } else {
        println!("Restart Claude Desktop to load the change (it reads the file only at launch).");
    }
}

fn parent(outcome: &WriteOutcome) -> String {
    outcome
        .path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

pub fn warn(ctx: &Context, message: &str) {
    eprintln!("{} {message}", ctx.err.yellow("warning:"));
}

/// The JSON fields every writing command reports about its write.
pub fn outcome_json(outcome: Option<&WriteOutcome>) -> serde_json::Value {
    serde_json::json!({
        "written": outcome.is_some(),
        "created": outcome.is_some_and(|o| o.created_file),
        "backup": outcome.and_then(|o| o.backup.as_ref()).map(|b| b.display().to_string()),
        "pruned_backups": outcome.map(|o| o.pruned.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()).unwrap_or_default(),
        "app_running": outcome.and_then(|o| o.app_running.clone()),
    })
}

/// Merge `extra`'s fields into `base` (both objects).
pub fn merge(mut base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    if let (Some(b), serde_json::Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

/// Print a JSON document on stdout.
pub fn print_json(v: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// An edit that could not be made, as the command's failure (exit 2).
pub fn edit_failure(e: crate::config::edit::EditError, target: &Target) -> Error {
    Error::new(e.message(&target.shown())).hint(e.hint())
}
