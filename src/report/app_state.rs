//! What the app runs besides the config file's servers, as report models:
//! each Desktop Extension launched from its manifest ([`ExtensionLaunch`],
//! for `test-launch` and `doctor`), its manifest lint with line:column
//! ([`ManifestReport`], for `doctor` and `validate --extensions`), and
//! doctor's section ([`AppSection`]): the extensions, the entries `mcpctl
//! disable` set aside, the admin policy, the wipe guard, name collisions and
//! custom-inference mode's folder. JSON shapes: docs/json/inventory.md.
//! Pure: parts in, models out; env values masked unless `--show-secrets`
//! when the model is built. `report::text::app_state` renders the text.

use std::path::Path;

use serde::Serialize;

use super::diagnostics::DiagnosticJson;
pub use super::launch::{ExtensionLaunch, NotLaunched};
use crate::app::extensions::manifest::ManifestCheck;
use crate::app::extensions::{Extension, Runtime, Signature};
use crate::app::policy::Policy;
use crate::app::wipe::Wipe;
use crate::config::diag::Diagnostic;
use crate::config::source::Source;
use crate::machine::{Finding, Level};

fn count(findings: &[Finding], level: Level) -> usize {
    findings.iter().filter(|f| f.level == level).count()
}

/// An extension's `manifest.json` checked against the mcpb schema.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestReport {
    pub id: String,
    pub file: String,
    /// The version it was checked as.
    pub checked_as: &'static str,
    /// What it declares (`manifest_version`, else `dxt_version`).
    pub declared: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<DiagnosticJson>,
    #[serde(skip)]
    pub source: Source,
    #[serde(skip)]
    pub found: Vec<Diagnostic>,
}

impl ManifestReport {
    /// `checked_as` when there was no manifest to check.
    pub const UNREAD: &'static str = "none";

    /// No manifest to check (its folder or its file is missing, or cannot
    /// be read; or a file all extensions share cannot be): the finding
    /// that says so is its one error (or warning, at the finding's level).
    pub fn unread(id: &str, file: &Path, why: &Finding) -> ManifestReport {
        let mut d = Diagnostic::new(why.code, why.level.into(), why.message.clone());
        let error = why.level == crate::machine::Level::Error;
        if let Some(h) = &why.hint {
            d = d.hint(h.clone());
        }
        let source = Source::from_text(file, "");
        ManifestReport {
            id: id.to_string(),
            file: file.display().to_string(),
            checked_as: ManifestReport::UNREAD,
            declared: None,
            errors: usize::from(error),
            warnings: usize::from(!error),
            diagnostics: DiagnosticJson::all_of(&source, None, std::slice::from_ref(&d)),
            source,
            found: vec![d],
        }
    }

    pub fn new(id: &str, c: &ManifestCheck) -> ManifestReport {
        let errors = c.error_count();
        ManifestReport {
            id: id.to_string(),
            file: c.source.path.display().to_string(),
            checked_as: c.version,
            declared: c.declared.clone(),
            errors,
            warnings: c.diagnostics.len() - errors,
            diagnostics: DiagnosticJson::all_of(&c.source, None, &c.diagnostics),
            source: c.source.clone(),
            found: c.diagnostics.clone(),
        }
    }
}

/// One extension in doctor.
#[derive(Debug, Clone, Serialize)]
pub struct ExtensionReport {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub version: Option<String>,
    pub runtime: Option<Runtime>,
    pub signature: Signature,
    /// No error and no warning (a disabled one is not counted).
    pub healthy: bool,
    pub errors: usize,
    pub warnings: usize,
    /// What is wrong with how it is installed.
    pub problems: Vec<Finding>,
    /// None when the folder has no readable manifest (`problems` say so).
    pub manifest: Option<ManifestReport>,
    /// None when it is disabled.
    pub launch: Option<ExtensionLaunch>,
}

impl ExtensionReport {
    pub fn new(
        ext: &Extension,
        manifest: Option<ManifestReport>,
        mut launch: Option<ExtensionLaunch>,
    ) -> ExtensionReport {
        // an installation problem that stops the launch is said once, here
        if let Some(l) = launch.as_mut() {
            l.problems.retain(|f| !ext.problems.contains(f));
        }
        let mut r = ExtensionReport {
            id: ext.id.clone(),
            name: ext.name.clone(),
            enabled: ext.enabled,
            version: ext.version.clone(),
            runtime: ext.runtime,
            signature: ext.signature,
            healthy: true,
            errors: 0,
            warnings: 0,
            problems: ext.problems.clone(),
            manifest,
            launch,
        };
        // a disabled extension is shown, not counted: the app does not run it
        if r.enabled {
            let m = r.manifest.as_ref();
            let l = r.launch.as_ref();
            r.errors = count(&r.problems, Level::Error)
                + m.map_or(0, |m| m.errors)
                + l.map_or(0, ExtensionLaunch::errors);
            r.warnings = count(&r.problems, Level::Warning)
                + m.map_or(0, |m| m.warnings)
                + l.map_or(0, ExtensionLaunch::warnings);
        }
        r.healthy = r.errors + r.warnings == 0;
        r
    }
}

/// The wipe guard's verdict, with the command that undoes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WipeReport {
    #[serde(flatten)]
    pub wipe: Wipe,
    /// The backup compared with.
    pub backup: Option<String>,
    /// The exact command that puts the lost servers back; None when no
    /// backup has them.
    pub restore: Option<String>,
}

/// Doctor's section: what the app runs besides the file's servers.
#[derive(Debug, Clone, Serialize)]
pub struct AppSection {
    /// Where the extensions, their settings and the side file were read.
    pub data_dir: String,
    /// The app's own data folder, when `--config` points elsewhere (the
    /// extensions were then read beside the given file, not there).
    pub app_data_dir: Option<String>,
    pub extensions: Vec<ExtensionReport>,
    /// The entries in mcpctl's side file.
    pub disabled: Vec<String>,
    pub policy: Policy,
    pub wipe: Option<WipeReport>,
    /// The policy's meaning, collisions, the state files' problems,
    /// custom-inference mode.
    pub findings: Vec<Finding>,
    /// Whether launches were made (false with `--no-launch`): why an
    /// extension has no launch result.
    #[serde(skip)]
    pub launched: bool,
}

impl AppSection {
    /// The tool definitions of each extension that was launched.
    pub fn contexts(&self) -> impl Iterator<Item = &crate::probe::ContextCost> {
        self.extensions
            .iter()
            .filter_map(|e| e.launch.as_ref()?.result.as_ref()?.context.as_ref())
    }

    /// Each extension's launch, when it was launched.
    pub fn launches(&self) -> impl Iterator<Item = &super::launch::ServerLaunch> {
        self.extensions
            .iter()
            .filter_map(|e| e.launch.as_ref()?.result.as_ref())
    }

    /// The extensions' sensitive settings, for the output to mask.
    pub fn secrets(&self) -> crate::secrets::Secrets {
        let mut all = crate::secrets::Secrets::none();
        for l in self.extensions.iter().filter_map(|e| e.launch.as_ref()) {
            all.extend(&l.secrets);
        }
        all
    }

    /// Nothing to say: no extension, nothing disabled, no policy, no
    /// finding, no wipe (doctor then leaves the section out).
    pub fn is_empty(&self) -> bool {
        let p = &self.policy;
        self.extensions.is_empty()
            && self.disabled.is_empty()
            && self.wipe.is_none()
            && self.findings.is_empty()
            && p.local_servers.is_none()
            && p.extensions.is_none()
            && p.signature_required.is_none()
            && p.managed_servers.is_none()
    }

    pub fn errors(&self) -> usize {
        count(&self.findings, Level::Error)
            + self.extensions.iter().map(|e| e.errors).sum::<usize>()
    }

    pub fn warnings(&self) -> usize {
        count(&self.findings, Level::Warning)
            + self.extensions.iter().map(|e| e.warnings).sum::<usize>()
    }

    pub fn notes(&self) -> usize {
        count(&self.findings, Level::Note)
    }
}

/// `mcpctl restore --merge-servers`, with `--config PATH` when the file is
/// not the one mcpctl finds by itself.
pub fn restore_command(config: &Path, given: bool) -> String {
    if !given {
        return "mcpctl restore --merge-servers".to_string();
    }
    let path = config.display().to_string();
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:\\".contains(c));
    let quoted = if plain {
        path
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    };
    format!("mcpctl --config {quoted} restore --merge-servers")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restore_command_names_the_file_only_when_given() {
        assert_eq!(
            restore_command(Path::new("/x/c.json"), false),
            "mcpctl restore --merge-servers"
        );
        assert_eq!(
            restore_command(Path::new("/x/c.json"), true),
            "mcpctl --config /x/c.json restore --merge-servers"
        );
        assert_eq!(
            restore_command(Path::new("/A B/it's.json"), true),
            r"mcpctl --config '/A B/it'\''s.json' restore --merge-servers"
        );
    }
}
