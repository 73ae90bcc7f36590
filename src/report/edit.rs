//! The writing commands' reports: what `add`, `add-json`, `remove`, `env` and
//! `restore` did (or would do) to the config file, and what the write itself
//! did (backup, pruned backups, whether the app is running). JSON shapes:
//! docs/json/add.md, docs/json/add-json.md, docs/json/remove.md,
//! docs/json/env.md, docs/json/restore.md.

use serde::Serialize;

use super::diagnostics::BriefDiagnostic;
use super::failure::{AtJson, ErrorJson};
use super::{EnvMap, NotStrings};
use crate::config::diag::Diagnostic;
use crate::config::edit::EnvChange;
use crate::config::model::ServerEntry;
use crate::config::write::WriteOutcome;
use crate::error::Error;
use crate::plan::resolve::{Change, Resolved};

/// What every writing command reports about its write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    pub written: bool,
    /// The file did not exist before.
    pub created: bool,
    pub backup: Option<String>,
    pub pruned_backups: Vec<String>,
    /// How Claude Desktop was seen running (it reads the file at launch).
    pub app_running: Option<String>,
    /// The folder was created too (text only).
    #[serde(skip)]
    pub created_dir: Option<String>,
    /// The file had this many other hard links, which keep the old
    /// version (text only).
    #[serde(skip)]
    pub links_split: Option<u64>,
    /// Temp files a killed run left, deleted (text only).
    #[serde(skip)]
    pub stray_removed: usize,
    /// What mcpctl last wrote, kept as a backup because the file had been
    /// changed since (the app rewrote or wiped it): present only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_last_written: Option<String>,
    /// The servers that copy has, when the file as the write found it was
    /// a stub without `mcpServers` (text only: the JSON has the copy).
    #[serde(skip)]
    pub wiped: Vec<String>,
}

impl Written {
    /// `None`: nothing was written (a dry run, or refused).
    pub fn new(outcome: Option<&WriteOutcome>) -> Written {
        Written {
            written: outcome.is_some(),
            created: outcome.is_some_and(|o| o.created_file),
            backup: outcome
                .and_then(|o| o.backup.as_ref())
                .map(|b| b.display().to_string()),
            pruned_backups: outcome
                .map(|o| o.pruned.iter().map(|p| p.display().to_string()).collect())
                .unwrap_or_default(),
            app_running: outcome.and_then(|o| o.app_running.clone()),
            created_dir: outcome.filter(|o| o.created_dir).map(|o| {
                o.path
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            }),
            links_split: outcome.and_then(|o| o.links_split),
            stray_removed: outcome.map_or(0, |o| o.stray_removed.len()),
            kept_last_written: outcome
                .and_then(|o| o.kept_last.as_ref())
                .map(|k| k.path.display().to_string()),
            wiped: outcome
                .and_then(|o| o.kept_last.as_ref())
                .map(|k| k.wiped.clone())
                .unwrap_or_default(),
        }
    }
}

/// `mcpctl add`.
#[derive(Debug, Clone, Serialize)]
pub struct AddReport {
    pub file: String,
    /// `add`, or `replace` (`--force` on an existing name).
    pub action: &'static str,
    pub name: String,
    pub dry_run: bool,
    /// `check-failed` when `--check` failed without `--force`.
    pub refused: Option<&'static str>,
    pub entry: NewEntry,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
    pub diff: String,
    /// The launch: test-launch's per-server object.
    pub check: Option<super::launch::ServerLaunch>,
    #[serde(flatten)]
    pub written: Written,
}

/// `mcpctl add-json` (and `import`): the servers, written in one go.
#[derive(Debug, Clone, Serialize)]
pub struct AddJsonReport {
    pub file: String,
    pub dry_run: bool,
    /// `check-failed` when `--check` failed for any server without `--force`.
    pub refused: Option<&'static str>,
    /// `add-json`: the paste damage mended (codes: `trailing-comma`,
    /// `smart-quote`, ...); absent for `import`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mended: Option<Vec<String>>,
    /// `add-json --fill-env`: the variables filled, and those whose `:-`
    /// default was written; absent without the flag.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub filled: Option<FillFacts>,
    /// `import`: where the servers came from and what was not imported.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportFacts>,
    pub servers: Vec<PastedServer>,
    pub diff: String,
    #[serde(flatten)]
    pub written: Written,
}

/// What `add-json --fill-env` did (docs/json/add-json.md).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FillFacts {
    /// Filled from mcpctl's environment (`userHome`: the home folder).
    pub filled: Vec<String>,
    /// Unset: their `${NAME:-default}` default was written.
    pub defaulted: Vec<String>,
}

/// `mcpctl export -o FILE --json`: what was written where (the document
/// itself is docs/json/export.md's).
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub file: String,
    /// The config exported.
    pub from: String,
    pub redacted: bool,
    pub servers: Vec<String>,
    pub disabled: Vec<String>,
    /// The extensions' ids.
    pub extensions: Vec<String>,
    pub placeholders: Vec<String>,
}

/// `mcpctl import`: the document and what of it could not be imported.
#[derive(Debug, Clone, Serialize)]
pub struct ImportFacts {
    /// The document read (`-`: stdin).
    pub from: String,
    /// Placeholders (`${NAME}`) filled from mcpctl's environment, and those
    /// not set there (left as written with `--allow-missing`).
    pub placeholders: crate::app::export::Filled,
    /// Disabled entries of the export: not imported (listed).
    pub disabled: Vec<String>,
    /// Desktop Extensions of the export: mcpctl cannot install them.
    pub extensions: Vec<crate::app::export::ExportedExtension>,
}

/// One server of `add-json` (and `import`).
#[derive(Debug, Clone, Serialize)]
pub struct PastedServer {
    /// `add`, or `replace` (`--force` on an existing name).
    pub action: &'static str,
    pub name: String,
    /// The entry as saved (`env` and `headers` values masked unless
    /// `--show-secrets`; secrets in args too).
    pub entry: serde_json::Value,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
    /// The launch: test-launch's per-server object.
    pub check: Option<super::launch::ServerLaunch>,
}

impl PastedServer {
    /// `entry` as shown: `env`/`headers` values and secret args masked
    /// unless `show`.
    pub fn shown(entry: &serde_json::Value, show: bool) -> serde_json::Value {
        let mut e = entry.clone();
        if show {
            return e;
        }
        for key in ["env", "headers"] {
            if let Some(o) = e.get_mut(key).and_then(serde_json::Value::as_object_mut) {
                for v in o.values_mut() {
                    if let Some(s) = v.as_str() {
                        *v = crate::config::model::mask(s).into();
                    }
                }
            }
        }
        let args: Option<Vec<String>> = e.get("args").and_then(|a| {
            a.as_array()?
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect()
        });
        if let (Some(args), Some(o)) = (args, e.as_object_mut()) {
            o.insert("args".into(), super::args_shown(&args, false).into());
        }
        e
    }
}

/// The entry as saved (or as shown: env masked unless `--show-secrets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewEntry {
    pub command: String,
    pub args: Vec<String>,
    /// Present only when env was given.
    #[serde(skip_serializing_if = "EnvMap::is_empty")]
    pub env: EnvMap,
}

impl NewEntry {
    pub fn new(r: &Resolved, env: &[(String, String)], show_secrets: bool) -> NewEntry {
        NewEntry {
            command: r.command.clone(),
            args: super::args_shown(&r.args, show_secrets),
            env: EnvMap::shown(env, show_secrets),
        }
    }
}

/// The edit would add a `validate` error: nothing was written (exit 1).
#[derive(Debug, Clone, Serialize)]
pub struct InvalidReport {
    pub error: ErrorJson,
    pub diagnostics: Vec<BriefDiagnostic>,
}

impl InvalidReport {
    pub fn new(error: &Error, diagnostics: &[Diagnostic]) -> InvalidReport {
        InvalidReport {
            error: error.into(),
            diagnostics: diagnostics.iter().map(BriefDiagnostic::from).collect(),
        }
    }
}

/// `mcpctl remove`.
#[derive(Debug, Clone, Serialize)]
pub struct RemoveReport {
    pub file: String,
    pub action: &'static str,
    pub name: String,
    pub dry_run: bool,
    /// The (last, effective) entry removed; env masked.
    pub entry: Option<RemovedEntry>,
    pub diff: String,
    #[serde(flatten)]
    pub written: Written,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedEntry {
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: EnvMap,
}

impl RemovedEntry {
    pub fn new(s: &ServerEntry) -> RemovedEntry {
        RemovedEntry {
            command: s.command.clone(),
            args: super::args_shown(&s.args, false),
            env: EnvMap::shown(&s.env, false),
        }
    }
}

/// `mcpctl env NAME [KEY=VALUE | KEY]... [--unset KEY]...`.
#[derive(Debug, Clone, Serialize)]
pub struct EnvReport {
    pub file: String,
    pub action: &'static str,
    pub name: String,
    pub dry_run: bool,
    /// One per variable asked for, in the order given (empty: a listing).
    pub changes: Vec<EnvChangeReport>,
    /// The server's env as it is after the change (masked unless
    /// `--show-secrets`).
    pub env: EnvMap,
    /// Env keys whose value is not a string (e.g. `"PORT": 8080`): an
    /// error the app rejects. Not in `env`.
    pub env_not_strings: NotStrings,
    pub diff: String,
    /// The file changes, but only in masked values: `diff` is then empty
    /// (it shows no secret), as it is for a listing.
    pub diff_hidden: bool,
    /// What `validate` says about the new text that it did not say before
    /// (a `${VAR}` value, passed as it is): the write went ahead.
    pub diagnostics: Vec<BriefDiagnostic>,
    /// Where the app's strict JSON parser rejects the file (`line L:C:
    /// why`), as `test-launch` says it: then the app starts none of the
    /// servers. Only a listing can meet it (an edit refuses such a file).
    pub config_parse_error: Option<String>,
    /// Where that is, present only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_parse_error_at: Option<AtJson>,
    #[serde(flatten)]
    pub written: Written,
}

/// What happened to one variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvChangeReport {
    pub key: String,
    pub change: EnvChange,
    /// The value came from mcpctl's own environment (`KEY` alone).
    pub from_environment: bool,
}

/// A backup of the list `mcpctl restore` shows, and the servers
/// `restore --merge-servers INDEX` would put back from it.
#[derive(Debug, Clone, Serialize)]
pub struct OlderBackup {
    /// Its number in the list.
    pub index: usize,
    pub path: String,
    /// RFC 3339, UTC.
    pub time: String,
    /// The time as people read it (text output only).
    #[serde(skip)]
    pub when: String,
    pub merges: Vec<String>,
}

/// `mcpctl restore BACKUP`.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub file: String,
    pub action: &'static str,
    pub from: String,
    /// The servers in the restored file.
    pub servers: Vec<String>,
    /// `restore --merge-servers`: the servers put back (only then present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<Vec<String>>,
    /// `restore --merge-servers` without BACKUP that merged nothing: the
    /// newest older backup with servers the file lacks (only then
    /// present), for `--merge-servers INDEX` to put back if they were not
    /// removed on purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub older: Option<OlderBackup>,
    /// `--dry-run`: the diff only, nothing written.
    pub dry_run: bool,
    pub diff: String,
    #[serde(flatten)]
    pub written: Written,
}
