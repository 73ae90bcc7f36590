//! Desktop Extensions (`.mcpb` bundles, formerly `.dxt`) as the app has
//! installed them beside its config file: one [`Extension`] per id found in
//! `extensions-installations.json` or as a folder under `Claude Extensions/`,
//! with its manifest, its settings (`Claude Extensions Settings/<id>.json`;
//! a missing file reads as disabled, as the app does) and its installation
//! record (signature, source).
//!
//! [`read_inventory`] is the only file-system edge; [`Extension::assemble`]
//! builds one extension from texts, so every rule is testable without a
//! disk. What the app would run is in `launch`; the manifest lint in
//! `manifest`; turning one on or off in `settings`.

pub mod launch;
pub mod manifest;
pub mod settings;

use crate::codes::Code;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};

use super::folders::{self, AppFolders};
use crate::config::source::Source;
use crate::config::syntax;
use crate::machine::Finding;
use crate::platform::files::{MAX_OTHER_BYTES, is_refusal, read_capped_text};

/// `server.type` of a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    Node,
    Python,
    Binary,
    /// Python managed by the app with uv (mcpb 0.4, experimental).
    Uv,
}

impl Runtime {
    pub fn parse(s: &str) -> Option<Runtime> {
        match s {
            "node" => Some(Runtime::Node),
            "python" => Some(Runtime::Python),
            "binary" => Some(Runtime::Binary),
            "uv" => Some(Runtime::Uv),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Node => "node",
            Runtime::Python => "python",
            Runtime::Binary => "binary",
            Runtime::Uv => "uv",
        }
    }
}

/// `signatureInfo.status` of the installation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    Signed,
    SelfSigned,
    Unsigned,
    /// No record, no `signatureInfo`, or a status mcpctl does not know.
    Unknown,
}

impl Signature {
    fn parse(s: Option<&str>) -> Signature {
        match s {
            Some("signed") => Signature::Signed,
            Some("self-signed") => Signature::SelfSigned,
            Some("unsigned") => Signature::Unsigned,
            _ => Signature::Unknown,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Signature::Signed => "signed",
            Signature::SelfSigned => "self-signed",
            Signature::Unsigned => "unsigned",
            Signature::Unknown => "unknown",
        }
    }
    /// Whether an admin policy that requires signatures lets it run. A
    /// self-signed bundle is not counted as signed (mcpctl's reading; the
    /// app's exact rule is not documented).
    pub fn satisfies_policy(self) -> bool {
        self == Signature::Signed
    }
}

/// Where the enabled state came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsState {
    /// `Claude Extensions Settings/<id>.json` was read.
    Read,
    /// No settings file: the app treats the extension as disabled.
    Missing,
    /// The file exists but is not the expected JSON (counted as disabled).
    Unreadable,
}

/// A file's text as the edge found it.
#[derive(Debug, Clone)]
pub enum FileText {
    Missing,
    Text(String),
    /// It exists but could not be read (the I/O error, for the message,
    /// and what kind of failure it is, for the hint).
    Unreadable(String, Unread),
    /// Not read: not a regular file (a FIFO, a device), or far larger
    /// than any such file (why, for the message).
    Refused(String),
}

impl FileText {
    /// Read a file; a missing file is [`FileText::Missing`]. Never blocks
    /// nor reads unboundedly ([`crate::platform::files::read_capped`]).
    pub fn read(path: &Path) -> FileText {
        match read_capped_text(path, MAX_OTHER_BYTES) {
            Ok(text) => FileText::Text(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileText::Missing,
            // a folder in its place is refused as no regular file, and
            // said as a folder
            Err(e) if is_refusal(&e) && !path.is_dir() => FileText::Refused(e.to_string()),
            Err(e) => FileText::Unreadable(e.to_string(), Unread::of(&e, path)),
        }
    }
}

/// What kind of failure kept a file or folder from being read: the hint
/// that says what to do follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Permission denied.
    Denied,
    /// A folder where a file should be.
    IsFolder,
    /// A file where a folder should be (or on the way to it).
    NotFolder,
    /// A loop of symbolic links.
    Loop,
    /// Anything else (an I/O error, a file too large).
    Other,
}

impl Unread {
    /// The kind of `e`, an error reading `path`.
    pub fn of(e: &std::io::Error, path: &Path) -> Unread {
        use std::io::ErrorKind;
        if crate::config::source::is_loop(e) {
            return Unread::Loop;
        }
        match e.kind() {
            ErrorKind::IsADirectory => Unread::IsFolder,
            // Windows denies reading a folder as a file
            ErrorKind::PermissionDenied if path.is_dir() => Unread::IsFolder,
            ErrorKind::PermissionDenied => Unread::Denied,
            ErrorKind::NotADirectory => Unread::NotFolder,
            _ if path.is_dir() => Unread::IsFolder,
            _ => Unread::Other,
        }
    }
}

/// Whether an extension's folder is there, as `Claude Extensions` showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folder {
    Present,
    Missing,
    /// `Claude Extensions` cannot be listed, nor this folder looked at:
    /// whether it is there is not known (the I/O error).
    Unknown(String),
}

/// One installed extension.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Extension {
    pub id: String,
    /// `display_name`, else `name`, else the id.
    pub name: String,
    /// The manifest's `version`, else the installation record's.
    pub version: Option<String>,
    /// `server.type`; None when missing or unknown (`runtime_text` says).
    pub runtime: Option<Runtime>,
    /// `server.type` as written, when it is a string.
    pub runtime_text: Option<String>,
    pub enabled: bool,
    pub settings_state: SettingsState,
    pub signature: Signature,
    /// `signatureInfo.publisher`, when given.
    pub publisher: Option<String>,
    /// The record's `source` as written: `local` (installed from a file) or
    /// `registry` (from the app's directory).
    pub install_source: Option<String>,
    /// Whether `extensions-installations.json` lists it.
    pub recorded: bool,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub dir: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub manifest_file: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub settings_file: PathBuf,
    /// The manifest as the strict parser reads it: from the folder's
    /// `manifest.json`, else the copy in the installation record.
    #[serde(skip)]
    pub manifest: Option<Json>,
    /// The folder's `manifest.json` as read (for the lint's positions).
    #[serde(skip)]
    pub manifest_source: Option<Source>,
    /// `userConfig` of the settings file (values the user saved).
    #[serde(skip)]
    pub user_config: Map<String, Json>,
    /// What is wrong with how it is installed (not with what it runs).
    pub problems: Vec<Finding>,
}

impl Extension {
    /// Build one extension from what the edge read. `record` is its entry
    /// in `extensions-installations.json`; `folder` whether its folder
    /// exists.
    pub fn assemble(
        folders: &AppFolders,
        id: &str,
        record: Option<&Json>,
        folder: &Folder,
        manifest: FileText,
        settings: FileText,
    ) -> Extension {
        let mut problems = Vec::new();
        let manifest_file = folders.manifest_file(id);
        let settings_file = folders.settings_file(id);
        let has_dir = *folder == Folder::Present;
        if let Folder::Unknown(why) = folder {
            // the inventory's finding on the folder says what to do, once
            problems.push(Finding::new(
                Code::ExtensionsFolderUnreadable,
                format!(
                    "extension `{id}` cannot be checked: `{}` cannot be listed ({why})",
                    folders::EXTENSIONS_DIR
                ),
            ));
        } else if !has_dir && record.is_some() {
            problems.push(
                Finding::new(Code::ExtensionFolderMissing,
                    format!(
                        "extension `{id}` is recorded as installed but its folder {} is gone: the app cannot start it",
                        folders.extension_dir(id).display()
                    ),
                )
                .hint("reinstall it from Claude Desktop's Settings → Extensions, or uninstall it there"),
            );
        }
        if record.is_none() {
            problems.push(
                Finding::new(
                    Code::ExtensionNotRecorded,
                    format!(
                        "`{id}` has a folder under `{}` but no entry in `{}`",
                        folders::EXTENSIONS_DIR,
                        folders::INSTALLATIONS_FILE
                    ),
                )
                .hint("it may be left over from an uninstall; the app may not list it"),
            );
        }
        let (manifest_source, from_file) =
            read_manifest(id, &manifest_file, manifest, has_dir, &mut problems);
        let manifest = from_file.or_else(|| {
            record
                .and_then(|r| r.get("manifest"))
                .filter(|m| m.is_object())
                .cloned()
        });
        let (enabled, settings_state, user_config) =
            read_settings(id, &settings_file, settings, &mut problems);

        let m = manifest.as_ref();
        let text = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_string);
        let name = text(m.and_then(|m| m.get("display_name")))
            .or_else(|| text(m.and_then(|m| m.get("name"))))
            .unwrap_or_else(|| id.to_string());
        let version = text(m.and_then(|m| m.get("version")))
            .or_else(|| text(record.and_then(|r| r.get("version"))));
        let runtime_text = text(m.and_then(|m| m.pointer("/server/type")));
        let sig = record.and_then(|r| r.get("signatureInfo"));
        Extension {
            id: id.to_string(),
            name,
            version,
            runtime: runtime_text.as_deref().and_then(Runtime::parse),
            runtime_text,
            enabled,
            settings_state,
            signature: Signature::parse(sig.and_then(|s| s.get("status")).and_then(Json::as_str)),
            publisher: text(sig.and_then(|s| s.get("publisher"))),
            install_source: text(record.and_then(|r| r.get("source"))),
            recorded: record.is_some(),
            dir: folders.extension_dir(id),
            manifest_file,
            settings_file,
            manifest,
            manifest_source,
            user_config,
            problems,
        }
    }
}

/// The folder's manifest: its source (for the lint) and its value when a
/// strict parser accepts it.
fn read_manifest(
    id: &str,
    path: &Path,
    text: FileText,
    has_dir: bool,
    problems: &mut Vec<Finding>,
) -> (Option<Source>, Option<Json>) {
    match text {
        FileText::Missing if has_dir => {
            problems.push(
                Finding::new(
                    Code::ManifestMissing,
                    format!("extension `{id}` has no {}", path.display()),
                )
                .hint("reinstall the extension; its bundle is incomplete"),
            );
            (None, None)
        }
        FileText::Missing => (None, None),
        FileText::Unreadable(e, kind) => {
            problems.push(
                Finding::new(
                    Code::ManifestUnreadable,
                    format!("cannot read {}: {e}", path.display()),
                )
                .hint(manifest_hint(kind)),
            );
            (None, None)
        }
        FileText::Refused(e) => {
            problems.push(
                Finding::new(
                    Code::ManifestUnreadable,
                    format!("cannot read {}: {e}", path.display()),
                )
                .hint(
                    "reinstall the extension: a manifest is a small JSON file, and this is not one",
                ),
            );
            (None, None)
        }
        FileText::Text(t) => {
            let source = Source::from_text(path, &t);
            let doc = syntax::parse(&source);
            let value = doc
                .is_strict_json()
                .then(|| doc.root.as_ref().map(|r| r.to_json()))
                .flatten();
            if value.is_none() {
                problems.push(
                    Finding::new(
                        Code::ManifestNotJson,
                        format!(
                            "{} is not valid JSON: the app cannot load extension `{id}`",
                            path.display()
                        ),
                    )
                    .hint("the manifest lint shows where; reinstall the extension"),
                );
            }
            (Some(source), value)
        }
    }
}

/// What to do about a `manifest.json` that cannot be read, by why.
fn manifest_hint(kind: Unread) -> &'static str {
    match kind {
        Unread::Denied => {
            "check the file's permissions: the app runs as you, and cannot read it either"
        }
        Unread::IsFolder => {
            "it is a folder, not a file: the bundle is damaged; reinstall the extension from \
Claude Desktop's Settings → Extensions"
        }
        Unread::Loop => {
            "it is a loop of symbolic links: remove the link, then reinstall the extension from \
Claude Desktop's Settings → Extensions"
        }
        Unread::NotFolder | Unread::Other => {
            "reinstall the extension from Claude Desktop's Settings → Extensions"
        }
    }
}

/// The one finding for a `Claude Extensions` folder that cannot be listed.
fn folder_unreadable(path: &Path, e: &std::io::Error) -> Finding {
    // a folder that denies listing is the folder, not a folder in a file's
    // place; a file there is said whatever the OS calls the error
    let kind = match e.kind() {
        std::io::ErrorKind::PermissionDenied => Unread::Denied,
        _ if path.exists() && !path.is_dir() => Unread::NotFolder,
        _ => Unread::of(e, path),
    };
    let hint = match kind {
        Unread::Denied => {
            "give your user read access to the folder: the app runs as you, and cannot list it \
either"
        }
        Unread::Loop => {
            "it is a loop of symbolic links: remove the link (or point it at the real folder), \
then reinstall what is missing from Claude Desktop's Settings → Extensions"
        }
        Unread::NotFolder | Unread::IsFolder => {
            "a file stands where the folder should be: move it aside, then reinstall the \
extensions from Claude Desktop's Settings → Extensions"
        }
        Unread::Other => "check that the folder can be listed (`ls` it), and the disk it is on",
    };
    Finding::new(
        Code::ExtensionsFolderUnreadable,
        format!(
            "cannot list `{}` ({e}): {}; which extensions are installed there, and their \
manifests, cannot be read",
            folders::EXTENSIONS_DIR,
            path.display()
        ),
    )
    .hint(hint)
}

/// Why an extension's settings file was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SettingsWhy {
    /// The OS would not give its bytes.
    Unread(Unread),
    /// Not a regular file (a FIFO, a device), or far too large.
    Refused,
    /// Read, but not the JSON the app writes.
    Content,
}

/// What to do about a settings file mcpctl (and the app) cannot use, by
/// why: the app rewrites the file when the extension is toggled, which
/// mends its content but not its permissions nor a folder in its place.
fn settings_hint(why: SettingsWhy) -> &'static str {
    match why {
        SettingsWhy::Unread(Unread::Denied) => {
            "check the file's permissions: the app runs as you, and cannot read it either"
        }
        SettingsWhy::Unread(Unread::IsFolder) => {
            "a folder stands where the file should be: move it aside, then toggle the extension \
off and on in Claude Desktop's Settings → Extensions to write the file"
        }
        SettingsWhy::Unread(Unread::Loop) => {
            "it is a loop of symbolic links: remove the link, then toggle the extension off and on \
in Claude Desktop's Settings → Extensions to write the file"
        }
        SettingsWhy::Refused => {
            "it is no settings file the app wrote: move it aside, then toggle the extension off \
and on in Claude Desktop's Settings → Extensions to write the file"
        }
        SettingsWhy::Unread(Unread::NotFolder | Unread::Other) | SettingsWhy::Content => {
            "toggle the extension off and on in Claude Desktop's Settings → Extensions to rewrite \
it"
        }
    }
}

/// (enabled, where that came from, userConfig) from the settings file.
fn read_settings(
    id: &str,
    path: &Path,
    text: FileText,
    problems: &mut Vec<Finding>,
) -> (bool, SettingsState, Map<String, Json>) {
    let unreadable_by = |problems: &mut Vec<Finding>, why: String, hint: &str| {
        problems.push(
            Finding::new(
                Code::ExtensionSettingsUnreadable,
                format!(
                    "{} {why}; mcpctl counts extension `{id}` as disabled",
                    path.display()
                ),
            )
            .hint(hint),
        );
        (false, SettingsState::Unreadable, Map::new())
    };
    let unreadable = |problems: &mut Vec<Finding>, why: String| {
        unreadable_by(problems, why, settings_hint(SettingsWhy::Content))
    };
    match text {
        FileText::Missing => (false, SettingsState::Missing, Map::new()),
        FileText::Unreadable(e, kind) => unreadable_by(
            problems,
            format!("cannot be read ({e})"),
            settings_hint(SettingsWhy::Unread(kind)),
        ),
        FileText::Refused(e) => unreadable_by(
            problems,
            format!("cannot be read ({e})"),
            settings_hint(SettingsWhy::Refused),
        ),
        FileText::Text(t) => match serde_json::from_str::<Json>(&t) {
            Ok(Json::Object(map)) => {
                let enabled = match map.get("isEnabled") {
                    Some(Json::Bool(b)) => *b,
                    None => false,
                    Some(other) => {
                        return unreadable(
                            problems,
                            format!("has `isEnabled` = {other}, not true or false"),
                        );
                    }
                };
                let user_config = match map.get("userConfig") {
                    Some(Json::Object(u)) => u.clone(),
                    _ => Map::new(),
                };
                (enabled, SettingsState::Read, user_config)
            }
            Ok(_) => unreadable(problems, "is not a JSON object".to_string()),
            Err(e) => unreadable(problems, format!("is not valid JSON ({e})")),
        },
    }
}

/// Everything installed beside one config file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Inventory {
    pub folders: AppFolders,
    /// By id.
    pub extensions: Vec<Extension>,
    /// Problems with the shared files (the installation record).
    pub problems: Vec<Finding>,
}

impl Inventory {
    pub fn enabled(&self) -> impl Iterator<Item = &Extension> {
        self.extensions.iter().filter(|e| e.enabled)
    }
    pub fn get(&self, id: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.id == id)
    }
    /// The extensions a user may mean by `name`: the one with that id;
    /// else those whose manifest `name` or display name is `name` exactly;
    /// else those whose id or names match it ignoring case. One is the
    /// extension meant; several, a name that is ambiguous (by id).
    pub fn answering(&self, name: &str) -> Vec<&Extension> {
        if let Some(e) = self.get(name) {
            return vec![e];
        }
        let exact: Vec<&Extension> = self
            .extensions
            .iter()
            .filter(|e| e.names().any(|n| n == name))
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        let lower = name.to_lowercase();
        self.extensions
            .iter()
            .filter(|e| e.names().any(|n| n.to_lowercase() == lower))
            .collect()
    }
}

impl Extension {
    /// Its id, manifest `name` and display name: what a user may call it.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let manifest_name = self
            .manifest
            .as_ref()
            .and_then(|m| m.get("name"))
            .and_then(Json::as_str);
        [
            Some(self.id.as_str()),
            manifest_name,
            Some(self.name.as_str()),
        ]
        .into_iter()
        .flatten()
    }
}

/// Two names the user (or the app's list) may confuse.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Collision {
    /// `config-vs-extension`: a config entry named like an extension (its
    /// id, manifest name or display name, ignoring case); `case`: two
    /// config entries that differ only in case.
    pub kind: &'static str,
    /// The config name first, then the extension's id (or the second
    /// config name).
    pub names: Vec<String>,
}

/// Name collisions between config entries and extensions, and between
/// config entries that differ only in case (exact duplicates are lint's
/// `duplicate-server`). `config_names` in file order.
pub fn collisions(config_names: &[String], extensions: &[Extension]) -> Vec<Collision> {
    let mut out = Vec::new();
    let mut said = std::collections::HashSet::new();
    let mut push = |kind: &'static str, pair: Vec<String>| {
        if said.insert(pair.clone()) {
            out.push(Collision { kind, names: pair });
        }
    };
    // names that differ only in case, in file order: grouped by their
    // lower case, so a file of many servers is not compared pair by pair
    let mut groups: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, n) in config_names.iter().enumerate() {
        groups.entry(n.to_lowercase()).or_default().push(i);
    }
    let mut pairs: Vec<(usize, usize)> = groups
        .values()
        .filter(|g| g.len() > 1)
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .flat_map(move |(k, &i)| g[k + 1..].iter().map(move |&j| (i, j)))
        })
        .filter(|&(i, j)| config_names[i] != config_names[j])
        .collect();
    pairs.sort_unstable();
    for (i, j) in pairs {
        push(
            "case",
            vec![config_names[i].clone(), config_names[j].clone()],
        );
    }
    for name in config_names {
        let lower = name.to_lowercase();
        for e in extensions {
            if e.names().any(|n| n.to_lowercase() == lower) {
                push("config-vs-extension", vec![name.clone(), e.id.clone()]);
            }
        }
    }
    out
}

/// The installation records by id, from `extensions-installations.json`'s
/// text; problems for a file that is not the expected shape.
pub fn parse_installations(path: &Path, text: FileText) -> (Map<String, Json>, Vec<Finding>) {
    let broken = |why: String| {
        vec![
            Finding::new(
                Code::ExtensionsRecordUnreadable,
                format!(
                    "{} {why}: signatures and sources are unknown",
                    path.display()
                ),
            )
            .hint("Claude Desktop rewrites it when it quits; reinstalling an extension also does"),
        ]
    };
    match text {
        FileText::Missing => (Map::new(), Vec::new()),
        FileText::Unreadable(e, _) | FileText::Refused(e) => {
            (Map::new(), broken(format!("cannot be read ({e})")))
        }
        FileText::Text(t) => match serde_json::from_str::<Json>(&t) {
            Ok(v) => match v.get("extensions") {
                Some(Json::Object(m)) => (m.clone(), Vec::new()),
                None => (Map::new(), Vec::new()),
                Some(_) => (
                    Map::new(),
                    broken("has an `extensions` that is not an object".into()),
                ),
            },
            Err(e) => (Map::new(), broken(format!("is not valid JSON ({e})"))),
        },
    }
}

/// Read every extension beside the config (the file-system edge). Ids
/// are the union of the installation record's keys and the folders under
/// `Claude Extensions/` (hidden entries and plain files skipped), sorted.
pub fn read_inventory(folders: &AppFolders) -> Inventory {
    let (records, mut problems) = parse_installations(
        &folders.installations_file,
        FileText::read(&folders.installations_file),
    );
    let mut ids: Vec<String> = records.keys().cloned().collect();
    // no folder: nothing installed; one that cannot be listed is said once
    let (dirs, unlisted) = match list_dirs(&folders.extensions_dir) {
        Ok(dirs) => (dirs, None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
        Err(e) => {
            problems.push(folder_unreadable(&folders.extensions_dir, &e));
            (Vec::new(), Some(e.to_string()))
        }
    };
    ids.extend(dirs.iter().cloned());
    ids.sort();
    ids.dedup();
    let mut extensions = Vec::new();
    for id in ids {
        if !folders::is_safe_id(&id) {
            problems.push(Finding::new(
                Code::ExtensionIdUnsafe,
                format!("skipped an extension whose id {id:?} cannot name a folder"),
            ));
            continue;
        }
        let folder = match &unlisted {
            _ if dirs.contains(&id) => Folder::Present,
            None => Folder::Missing,
            // a folder that cannot be listed may still be gone through (no
            // read permission, but search permission); "not found" beneath
            // it counts only when it is a folder (Windows says so of a
            // path through a file)
            Some(why) => match std::fs::metadata(folders.extension_dir(&id)) {
                Ok(m) if m.is_dir() => Folder::Present,
                Ok(_) => Folder::Missing,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && folders.extensions_dir.is_dir() =>
                {
                    Folder::Missing
                }
                Err(_) => Folder::Unknown(why.clone()),
            },
        };
        let manifest = if folder == Folder::Present {
            FileText::read(&folders.manifest_file(&id))
        } else {
            FileText::Missing
        };
        let settings = FileText::read(&folders.settings_file(&id));
        extensions.push(Extension::assemble(
            folders,
            &id,
            records.get(&id),
            &folder,
            manifest,
            settings,
        ));
    }
    Inventory {
        folders: folders.clone(),
        extensions,
        problems,
    }
}

/// The extension folders, hidden ones left out, sorted; the error when
/// the folder cannot be listed.
fn list_dirs(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = crate::platform::launch::try_entry_names(dir, true)?;
    names.retain(|n| !n.starts_with('.'));
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairwise definition: every (earlier, later) pair of names that
    /// differ only in case, each pair once, in file order.
    fn case_pairs_by_definition(names: &[String]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let pair = vec![a.clone(), b.clone()];
                if a != b && a.to_lowercase() == b.to_lowercase() && !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        out
    }

    fn ext(id: &str, manifest: Json) -> Extension {
        let folders = AppFolders::in_data_dir(crate::platform::Os::Linux, Path::new("/d"));
        let mut e = Extension::assemble(
            &folders,
            id,
            None,
            &Folder::Present,
            FileText::Text(manifest.to_string()),
            FileText::Missing,
        );
        e.problems.clear();
        e
    }

    /// An id, then an exact name, then names ignoring case; several are
    /// the ambiguity the commands report.
    #[test]
    fn a_name_picks_by_id_then_exactly_then_ignoring_case() {
        use serde_json::json;
        let inv = Inventory {
            folders: AppFolders::in_data_dir(crate::platform::Os::Linux, Path::new("/d")),
            extensions: vec![
                ext("dup.memory1", json!({"name": "memory"})),
                ext(
                    "dup.memory2",
                    json!({"name": "memory-two", "display_name": "Memory"}),
                ),
                ext("Memory", json!({"name": "third"})),
            ],
            problems: Vec::new(),
        };
        let ids = |name: &str| -> Vec<&str> {
            inv.answering(name).iter().map(|e| e.id.as_str()).collect()
        };
        assert_eq!(ids("Memory"), ["Memory"], "an id first");
        assert_eq!(ids("memory"), ["dup.memory1"], "then an exact name");
        assert_eq!(ids("MEMORY"), ["dup.memory1", "dup.memory2", "Memory"]);
        assert_eq!(ids("THIRD"), ["Memory"]);
        assert!(ids("nothing").is_empty());
    }

    /// Why a file could not be read, for the hint.
    /// An unreadable settings file's hint fits why: toggling in the app
    /// rewrites a file's content, not its permissions nor a folder there.
    #[test]
    fn an_unreadable_settings_file_gets_a_hint_by_why() {
        let hint = |text: FileText| {
            let mut problems = Vec::new();
            let (enabled, state, _) =
                read_settings("x", Path::new("/s/x.json"), text, &mut problems);
            assert_eq!((enabled, state), (false, SettingsState::Unreadable));
            problems[0].hint.clone().unwrap_or_default()
        };
        let denied = hint(FileText::Unreadable("denied".into(), Unread::Denied));
        assert!(
            denied.starts_with("check the file's permissions"),
            "{denied}"
        );
        let folder = hint(FileText::Unreadable("is a folder".into(), Unread::IsFolder));
        assert!(
            folder.starts_with("a folder stands where the file should be: move it aside"),
            "{folder}"
        );
        let fifo = hint(FileText::Refused("not a regular file".into()));
        assert!(fifo.contains("move it aside"), "{fifo}");
        let broken = hint(FileText::Text("{".into()));
        assert!(
            broken.starts_with("toggle the extension off and on"),
            "{broken}"
        );
    }

    #[test]
    fn a_read_failure_is_told_by_its_kind() {
        use std::io::{Error, ErrorKind};
        let nowhere = Path::new("/nonexistent/mcpctl/x");
        let of = |e: Error| Unread::of(&e, nowhere);
        assert_eq!(of(Error::from(ErrorKind::PermissionDenied)), Unread::Denied);
        assert_eq!(of(Error::from(ErrorKind::IsADirectory)), Unread::IsFolder);
        assert_eq!(of(Error::from(ErrorKind::NotADirectory)), Unread::NotFolder);
        assert_eq!(of(Error::other("x")), Unread::Other);
        #[cfg(unix)]
        assert_eq!(of(Error::from_raw_os_error(libc::ELOOP)), Unread::Loop);
        // Windows denies reading a folder: a folder it is
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Unread::of(&Error::from(ErrorKind::PermissionDenied), dir.path()),
            Unread::IsFolder
        );
    }

    /// A `Claude Extensions` that cannot be listed: one finding, naming
    /// the folder and the OS error, its hint by why.
    #[test]
    fn an_unlistable_folder_is_one_finding_with_a_hint_by_why() {
        use std::io::{Error, ErrorKind};
        let dir = tempfile::tempdir().unwrap();
        let f = folder_unreadable(dir.path(), &Error::from(ErrorKind::PermissionDenied));
        assert_eq!(f.code, Code::ExtensionsFolderUnreadable);
        assert!(
            f.message.starts_with("cannot list `Claude Extensions` ("),
            "{f:?}"
        );
        assert!(
            f.message.contains(&dir.path().display().to_string()),
            "{f:?}"
        );
        assert!(
            f.hint.as_deref().is_some_and(|h| h.contains("read access")),
            "{f:?}"
        );
        let f = folder_unreadable(dir.path(), &Error::from(ErrorKind::NotADirectory));
        assert!(
            f.hint
                .as_deref()
                .is_some_and(|h| h.contains("a file stands")),
            "{f:?}"
        );
    }

    #[test]
    fn case_collisions_match_the_pairwise_definition_in_file_order() {
        let names: Vec<String> = [
            "memory", "fetch", "MEMORY", "Memory", "memory", "FETCH", "x", "Ünï", "üNÏ",
        ]
        .map(String::from)
        .to_vec();
        let got: Vec<Vec<String>> = collisions(&names, &[])
            .into_iter()
            .map(|c| c.names)
            .collect();
        assert_eq!(got, case_pairs_by_definition(&names));
        assert_eq!(got.len(), 7, "{got:?}");
    }
}
