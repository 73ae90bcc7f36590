//! `mcpctl path` as a report: which config file mcpctl (and Claude
//! Desktop) reads, whether it exists, the rule that chose it, candidates
//! that exist but are ignored; where the app's logs are (the log engine's
//! locator, as `logs` and `doctor` use it); and where the app's own state
//! beside it is read from (extensions, their settings, mcpctl's side file,
//! the policy). JSON shape: docs/json/path.md.

use std::path::PathBuf;

use serde::Serialize;

use crate::app::logs::LogFolders;
use crate::config::locate::Located;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathReport {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub exists: bool,
    /// Something is at the path (or a link names it) that mcpctl neither
    /// reads nor writes: a dangling link, a loop of links, a device, a
    /// FIFO, a file too big or unreadable. `None` for a usable file and
    /// for nothing at all.
    pub unusable: Option<Unusable>,
    pub rule: &'static str,
    pub reason: String,
    pub ignored: Vec<Ignored>,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub app_reads: Option<PathBuf>,
    /// Where Claude Desktop's logs are (`mcpctl logs --json`'s `location`).
    pub logs: LogFolders,
    /// Where the app's own state beside the file is read.
    pub app_state: Locations,
}

/// The app's state files that go with the config, and the policy's places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Locations {
    /// The folder they are read in: the config's own (with `--config`,
    /// the given file's folder, not the app's).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub data_dir: PathBuf,
    pub extensions_dir: Place,
    pub settings_dir: Place,
    pub installations_file: Place,
    /// mcpctl's side file of disabled entries.
    pub disabled_file: Place,
    /// Custom-inference mode's folder (None when the data folder has no
    /// parent).
    pub third_party_dir: Option<Place>,
    /// Where the admin policy is read, in precedence order (none on Linux).
    pub policy: Vec<String>,
}

/// A path and whether something is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub exists: bool,
}

impl Locations {
    /// `exists` is the file-system check (injected).
    pub fn new(
        f: &crate::app::folders::AppFolders,
        policy: Vec<String>,
        exists: &dyn Fn(&std::path::Path) -> bool,
    ) -> Locations {
        let place = |p: &PathBuf| Place {
            path: p.clone(),
            exists: exists(p),
        };
        Locations {
            data_dir: f.data_dir.clone(),
            extensions_dir: place(&f.extensions_dir),
            settings_dir: place(&f.settings_dir),
            installations_file: place(&f.installations_file),
            disabled_file: place(&f.disabled_file),
            third_party_dir: f.third_party_dir.as_ref().map(place),
            policy,
        }
    }
}

/// Why the file at the path cannot be used, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unusable {
    pub message: String,
    pub hint: String,
}

/// A candidate file that exists but that the app does not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub reason: String,
}

impl PathReport {
    pub fn new(
        located: &Located,
        unusable: Option<Unusable>,
        logs: LogFolders,
        app_state: Locations,
    ) -> PathReport {
        let reason = ignored_reason(located);
        PathReport {
            path: located.path.clone(),
            exists: located.exists,
            unusable,
            rule: located.rule,
            reason: located.reason.clone(),
            ignored: located
                .ignored
                .iter()
                .map(|p| Ignored {
                    path: p.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            app_reads: located.app_reads.clone(),
            logs,
            app_state,
        }
    }
}

/// Why an ignored candidate is ignored.
pub fn ignored_reason(located: &Located) -> String {
    format!(
        "exists, but Claude Desktop reads {}: edits there are silently ignored",
        located.path.display()
    )
}
