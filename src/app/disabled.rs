//! `mcpctl disable NAME` / `mcpctl enable NAME`, the pure core: moving a
//! server entry out of `mcpServers` into mcpctl's side file
//! (`mcpctl-disabled.json` beside the config; the app never reads it) and
//! back, so that disabling then enabling gives the config back byte for
//! byte.
//!
//! Each [`DisabledEntry`] keeps the member exactly as written
//! (`"name": {...}`), the separator text removed with it (the comma and
//! whitespace on whichever side [`edit::remove_member`] took them), and its
//! neighbours. Enabling puts the same bytes back at the same anchor: before
//! the old next member when the entry was not last, after the old previous
//! member when it was last, or inside the emptied `{}` when it was the only
//! one. When the file changed meanwhile and that slot is gone, it goes
//! first again if it was first, else after its old previous neighbour,
//! before its old next one, or at its old index, with the entry's own
//! separator (valid JSON, then not always byte-identical: two neighbours
//! disabled and enabled in the same order may come back swapped).
//!
//! One side file serves every config of its folder: each entry keeps the
//! name of the config it was taken from (`config`; entries written before
//! mcpctl kept it have none and belong to every config, as they did). A
//! [`SideFile`] is read for one config ([`SideFile::for_config`]): its
//! `servers` are that config's, the others' entries are kept aside and
//! written back untouched, in their place, whenever the file is rendered.
//!
//! Text in, text out: writing both files goes through `config::write` in the
//! command. The side file is mcpctl's own and is rendered whole.

use serde::{Deserialize, Serialize};

use crate::config::ast::Node;
use crate::config::diag::TextEdit;
use crate::config::edit::{self, EditError};
use crate::config::model::{self, SERVERS_KEY, ServerEntry};
use crate::config::source::{Source, Span};
use crate::config::syntax;

/// The side file's format version.
pub const FORMAT: u32 = 1;

const ABOUT: &str = "Servers taken out of claude_desktop_config.json by `mcpctl disable`. \
Claude Desktop does not read this file. `mcpctl enable NAME` puts an entry back where it was.";

/// mcpctl's side file, as read for one config (see [`SideFile::for_config`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideFile {
    #[serde(rename = "_about", default)]
    pub about: String,
    pub version: u32,
    /// This config's entries, in the order they were disabled (every entry
    /// when the file was not read for one config).
    #[serde(default)]
    pub servers: Vec<DisabledEntry>,
    /// The config's file name it was read for (None: every entry is its
    /// own); new entries record it.
    #[serde(skip)]
    config: Option<String>,
    /// Every entry as read, in the file's order: the other configs' are
    /// written back from here, untouched and in their place.
    #[serde(skip)]
    as_read: Vec<DisabledEntry>,
}

impl Default for SideFile {
    fn default() -> SideFile {
        SideFile {
            about: ABOUT.to_string(),
            version: FORMAT,
            servers: Vec::new(),
            config: None,
            as_read: Vec::new(),
        }
    }
}

/// The side file as written: every config's entries.
#[derive(Serialize)]
struct Written<'a> {
    #[serde(rename = "_about")]
    about: &'a str,
    version: u32,
    servers: Vec<&'a DisabledEntry>,
}

/// One disabled entry and where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisabledEntry {
    pub name: String,
    /// The member as written, from the key's opening quote to the value's
    /// last byte.
    pub text: String,
    /// Bytes removed just before `text` (`,` and whitespace when it was the
    /// last member; the space after `{` when it was the only one).
    pub before: String,
    /// Bytes removed just after it (`,` and whitespace when it was not last).
    pub after: String,
    /// The member before it when it was disabled.
    pub previous: Option<String>,
    /// The member after it.
    pub next: Option<String>,
    /// Its position among the servers.
    pub index: usize,
    /// The name (no folder) of the config it was taken from: the side file
    /// beside it is shared by every config of the folder. None in entries
    /// written before mcpctl kept it: those belong to every config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// The white space before the neighbour it goes back beside (before
    /// the next member's key when it was not last, before the previous
    /// one's when it was) as the file had it: when the neighbour has other
    /// white space at `enable` (the app rewrote the file), the separator
    /// takes the neighbour's new one, so no line of the neighbour changes.
    /// None in entries written before mcpctl kept it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// When, as the command gives it (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
    /// The line ending the config used throughout once the entry was out
    /// (`"\r\n"` or `"\n"`; none for one line or mixed ones): when the file's
    /// has changed by `enable` (the app rewrote it), the entry takes the new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_eol: Option<String>,
}

impl DisabledEntry {
    /// The entry as the one server of a config's `mcpServers`.
    fn wrapped(&self) -> String {
        format!("{{\"{SERVERS_KEY}\": {{{}}}}}", self.text)
    }

    /// The entry read back as a server (command, args, env), for listings.
    pub fn server(&self) -> Option<ServerEntry> {
        let wrapped = self.wrapped();
        let doc = syntax::parse(&Source::from_text("", &wrapped));
        model::servers(doc.root.as_ref()?).pop()
    }

    /// Its secrets, found as in the config (env values, secret args): a
    /// disabled server's token still lands in the app's logs.
    pub fn secrets(&self) -> crate::secrets::Secrets {
        let wrapped = self.wrapped();
        let doc = syntax::parse(&Source::from_text("", &wrapped));
        crate::config::secrets::of(doc.root.as_ref(), &doc.extra_values, &wrapped)
    }
}

impl SideFile {
    /// The file read for the config named `config` (its file name, no
    /// folder): its `servers` become the entries taken from that config and
    /// those that name none (written by an older mcpctl); the other
    /// configs' are kept aside for [`render_side`]. None: every entry.
    pub fn for_config(self, config: Option<&str>) -> SideFile {
        let all: Vec<DisabledEntry> = self.written().into_iter().cloned().collect();
        let mut side = SideFile {
            config: config.map(str::to_string),
            as_read: Vec::new(),
            servers: Vec::new(),
            ..self
        };
        side.servers = all.iter().filter(|e| side.owns(e)).cloned().collect();
        side.as_read = all;
        side
    }

    /// Whether `e` is this config's: taken from it, or from no config named
    /// (an older mcpctl's entry). Names compare exactly: on a file system
    /// that ignores case, a config named in another case only misses its
    /// entries (and is told which config to enable them from).
    fn owns(&self, e: &DisabledEntry) -> bool {
        match (&self.config, &e.config) {
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => true,
        }
    }

    /// The other configs' entries (those of the same folder).
    pub fn others(&self) -> impl Iterator<Item = &DisabledEntry> {
        self.as_read.iter().filter(|e| !self.owns(e))
    }

    /// Every entry the file holds, in the order it is written: as read
    /// (this config's that are gone left out), then this config's new ones.
    fn written(&self) -> Vec<&DisabledEntry> {
        let mut mine: Vec<Option<&DisabledEntry>> = self.servers.iter().map(Some).collect();
        let mut all = Vec::new();
        for e in &self.as_read {
            if !self.owns(e) {
                all.push(e);
            } else if let Some(kept) = mine.iter_mut().find(|m| **m == Some(e)) {
                all.extend(kept.take());
            }
        }
        all.extend(mine.into_iter().flatten());
        all
    }

    pub fn get(&self, name: &str) -> Option<&DisabledEntry> {
        self.servers.iter().find(|e| e.name == name)
    }
    pub fn names(&self) -> Vec<String> {
        self.servers.iter().map(|e| e.name.clone()).collect()
    }
    pub fn is_empty(&self) -> bool {
        self.servers.is_empty()
    }
    /// Every disabled server's secrets, the other configs' too (the app's
    /// logs and a listing must never show one), for the output to mask.
    pub fn secrets(&self) -> crate::secrets::Secrets {
        let mut all = crate::secrets::Secrets::none();
        for e in self.servers.iter().chain(self.others()) {
            all.extend(&e.secrets());
        }
        all
    }
}

/// Why a disable or enable cannot be done. Each renders to a message with
/// a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisableError {
    /// A problem with the config (no tree, not an object, no such server,
    /// the name taken again).
    Edit(EditError),
    /// The name is declared more than once under `mcpServers`.
    Duplicated { name: String },
    /// The side file already holds an entry of that name.
    AlreadyDisabled { name: String },
    /// The side file holds no entry of that name.
    NotDisabled { name: String, disabled: Vec<String> },
    /// The side file holds one of that name, taken from another config of
    /// the folder (`configs`: their file names): enabling it here would
    /// put that config's server into this one.
    DisabledElsewhere { name: String, configs: Vec<String> },
    /// The side file is not mcpctl's format.
    SideFileBroken { why: String },
}

impl From<EditError> for DisableError {
    fn from(e: EditError) -> DisableError {
        DisableError::Edit(e)
    }
}

impl DisableError {
    /// The message, naming `file` (the config) and `side` (the side file).
    pub fn message(&self, file: &str, side: &str) -> String {
        match self {
            DisableError::Edit(e) => e.message(file),
            DisableError::Duplicated { name } => {
                format!("`{name}` is declared more than once in {file}")
            }
            DisableError::AlreadyDisabled { name } => {
                format!("{side} already holds a disabled server named `{name}`")
            }
            DisableError::NotDisabled { name, disabled } if disabled.is_empty() => {
                format!("no disabled server named `{name}`: {side} holds none")
            }
            DisableError::NotDisabled { name, disabled } => format!(
                "no disabled server named `{name}` in {side}; the disabled servers are: {}",
                disabled.join(", ")
            ),
            DisableError::DisabledElsewhere { name, configs } => format!(
                "`{name}` was disabled from {}, not from {file} (the configs of one folder \
share {side}); nothing was written",
                configs.join(" and ")
            ),
            DisableError::SideFileBroken { why } => format!("{side} cannot be read: {why}"),
        }
    }

    /// The hint; `side` is the side file's path (the other configs of its
    /// folder are named beside it).
    pub fn hint(&self, side: &std::path::Path) -> String {
        match self {
            DisableError::Edit(EditError::Exists { name }) => format!(
                "a server named `{name}` was added again since it was disabled: rename or remove one of them first"
            ),
            DisableError::Edit(e) => e.hint(),
            DisableError::Duplicated { .. } => {
                "the app uses the last one; remove the others (`mcpctl validate` shows where)"
                    .to_string()
            }
            DisableError::AlreadyDisabled { name } => {
                format!(
                    "run `mcpctl enable {}` first, or rename the server in the config",
                    crate::text::shell_word(name)
                )
            }
            DisableError::NotDisabled { .. } => {
                "names are case-sensitive; see `mcpctl list`".into()
            }
            DisableError::DisabledElsewhere { name, configs } => {
                let commands: Vec<String> = configs
                    .iter()
                    .map(|c| {
                        format!(
                            "`mcpctl --config {} enable {}`",
                            crate::text::shell_word(&side.with_file_name(c).display().to_string()),
                            crate::text::shell_word(name)
                        )
                    })
                    .collect();
                format!(
                    "{} puts it back where it was taken from",
                    commands.join(" or ")
                )
            }
            DisableError::SideFileBroken { .. } => format!(
                "it is mcpctl's own file, and the only place the disabled servers are kept: mend \
it by hand, or copy back the one mcpctl last wrote ({}/{} beside it)",
                crate::config::backup::DIR_NAME,
                crate::config::backup::last_written_name(std::path::Path::new(
                    crate::app::folders::DISABLED_FILE
                ))
                .to_string_lossy()
            ),
        }
    }
}

/// Read the side file's text (None: there is no side file yet).
pub fn parse_side(text: Option<&str>) -> Result<SideFile, DisableError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(SideFile::default());
    };
    let side: SideFile = serde_json::from_str(text).map_err(|e| DisableError::SideFileBroken {
        why: match serde_json::from_str::<serde_json::Value>(text) {
            // serde's words for a wrong shape name a Rust type
            Ok(v) if !v.is_object() => format!(
                "it holds {}, not the object mcpctl writes",
                crate::text::json_kind(&v)
            ),
            _ => e.to_string(),
        },
    })?;
    if side.version != FORMAT {
        return Err(DisableError::SideFileBroken {
            why: format!(
                "it is format version {}, this mcpctl reads version {FORMAT}",
                side.version
            ),
        });
    }
    Ok(side)
}

/// The side file's text: every config's entries (see [`SideFile`]).
pub fn render_side(side: &SideFile) -> String {
    let written = Written {
        about: &side.about,
        version: side.version,
        servers: side.written(),
    };
    let mut s = serde_json::to_string_pretty(&written).unwrap_or_default();
    s.push('\n');
    s
}

/// The new config text and side file after a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub config: String,
    pub side: SideFile,
}

fn parse(text: &str) -> Option<Node> {
    syntax::parse(&Source::from_text("", text)).root
}

/// The `mcpServers` object, or why it is not there.
fn servers_of<'a>(root: &'a Node, name: &str) -> Result<&'a Node, DisableError> {
    let missing = || EditError::Missing {
        name: name.to_string(),
        existing: edit::server_names(Some(root)),
    };
    let servers = root.get(SERVERS_KEY).ok_or_else(missing)?;
    if servers.as_object().is_none() {
        return Err(EditError::NotAnObject {
            path: SERVERS_KEY.into(),
            found: servers.type_name(),
        }
        .into());
    }
    Ok(servers)
}

/// Move server `name` out of the config into the side file.
pub fn disable(
    config: &str,
    mut side: SideFile,
    name: &str,
    disabled_at: Option<String>,
) -> Result<Moved, DisableError> {
    let root = parse(config).ok_or(EditError::NoTree)?;
    if root.as_object().is_none() {
        return Err(EditError::NotAnObject {
            path: "(top level)".into(),
            found: root.type_name(),
        }
        .into());
    }
    let servers = servers_of(&root, name)?;
    let ms = servers.as_object().unwrap_or(&[]);
    let hits: Vec<usize> = (0..ms.len()).filter(|&i| ms[i].key == name).collect();
    let index = match hits.as_slice() {
        [] => {
            return Err(EditError::Missing {
                name: name.to_string(),
                existing: edit::server_names(Some(&root)),
            }
            .into());
        }
        [i] => *i,
        _ => return Err(DisableError::Duplicated { name: name.into() }),
    };
    if side.get(name).is_some() {
        return Err(DisableError::AlreadyDisabled { name: name.into() });
    }
    let removal = edit::remove_member(servers, index)?;
    let member = ms[index].span();
    let cut = removal.span;
    let rest = edit::apply(config, std::slice::from_ref(&removal))?;
    let lead = if config[member.end..cut.end].contains(',') {
        Some(ws_before(config, member.start))
    } else if config[cut.start..member.start].contains(',') {
        index
            .checked_sub(1)
            .map(|i| ws_before(config, ms[i].key_span.start))
    } else {
        None
    };
    side.servers.push(DisabledEntry {
        name: name.to_string(),
        text: config[member.start..member.end].to_string(),
        before: config[cut.start..member.start].to_string(),
        after: config[member.end..cut.end].to_string(),
        previous: index.checked_sub(1).map(|i| ms[i].key.clone()),
        next: ms.get(index + 1).map(|m| m.key.clone()),
        index,
        config: side.config.clone(),
        lead: lead.map(str::to_string),
        disabled_at,
        file_eol: edit::line_ending(&rest).map(str::to_string),
    });
    Ok(Moved { config: rest, side })
}

/// Names that are under `mcpServers` and in the side file with the very
/// same text: a disable (side file written first) or an enable (config
/// written first) stopped between its two writes. Nothing is lost in that
/// state; [`finish_disable`] or [`finish_enable`] completes it.
pub fn unfinished(config: &str, side: &SideFile) -> Vec<String> {
    if side.servers.is_empty() {
        return Vec::new();
    }
    let Some(root) = parse(config) else {
        return Vec::new();
    };
    let Some(servers) = root.get(SERVERS_KEY).filter(|s| s.as_object().is_some()) else {
        return Vec::new();
    };
    side.servers
        .iter()
        .filter(|e| {
            servers.member(&e.name).is_some_and(|m| {
                let span = m.span();
                config.get(span.start..span.end) == Some(e.text.as_str())
            })
        })
        .map(|e| e.name.clone())
        .collect()
}

/// Complete an interrupted move of `name` (see [`unfinished`]) towards
/// disabled: the entry leaves the config; the side file's entry is taken
/// afresh from the config as it is now (so enabling puts it back where it
/// now sits), keeping when it was first disabled.
pub fn finish_disable(config: &str, side: SideFile, name: &str) -> Result<Moved, DisableError> {
    let disabled_at = side.get(name).and_then(|e| e.disabled_at.clone());
    let mut rest = side;
    rest.servers.retain(|e| e.name != name);
    disable(config, rest, name, disabled_at)
}

/// Complete an interrupted move of `name` towards enabled: the config
/// already has the entry; the side file lets it go.
pub fn finish_enable(mut side: SideFile, name: &str) -> SideFile {
    side.servers.retain(|e| e.name != name);
    side
}

/// Put server `name` back from the side file.
pub fn enable(config: &str, mut side: SideFile, name: &str) -> Result<Moved, DisableError> {
    let Some(at) = side.servers.iter().position(|e| e.name == name) else {
        let configs: Vec<String> = side
            .others()
            .filter(|e| e.name == name)
            .filter_map(|e| e.config.clone())
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        if !configs.is_empty() {
            return Err(DisableError::DisabledElsewhere {
                name: name.into(),
                configs,
            });
        }
        return Err(DisableError::NotDisabled {
            name: name.into(),
            disabled: side.names(),
        });
    };
    let entry = side.servers.remove(at);
    let config = with_servers_object(config)?;
    let root = parse(&config).ok_or(EditError::NoTree)?;
    let servers = servers_of(&root, name)?;
    if servers.member(name).is_some() {
        return Err(EditError::Exists { name: name.into() }.into());
    }
    let mut edit = put_back(&config, servers, &entry);
    // the file's line endings changed since (the app, or an editor, rewrote
    // it; a file that mixed them then has one throughout now): the entry
    // goes back in the file's new ones; an unchanged file gets the very
    // bytes back, whatever endings the entry had
    if let Some(now) = edit::line_ending(&config)
        && entry.file_eol.as_deref() != Some(now)
    {
        edit.replacement = edit::with_line_ending(&edit.replacement, now);
    }
    Ok(Moved {
        config: edit::apply(&config, &[edit])?,
        side,
    })
}

/// The config with an `mcpServers` object to put entries into (added
/// empty when the key is missing, e.g. after the app rewrote the file).
fn with_servers_object(config: &str) -> Result<String, DisableError> {
    if config.trim().is_empty() {
        return Ok(format!("{{\n  \"{SERVERS_KEY}\": {{}}\n}}\n"));
    }
    let root = parse(config).ok_or(EditError::NoTree)?;
    if root.as_object().is_none() {
        return Err(EditError::NotAnObject {
            path: "(top level)".into(),
            found: root.type_name(),
        }
        .into());
    }
    if root.get(SERVERS_KEY).is_some() {
        return Ok(config.to_string());
    }
    let layout = edit::detect_layout(config, Some(&root));
    let multiline = edit::is_multiline(config, &root);
    let empty = serde_json::Value::Object(Default::default());
    let add = edit::insert_member(config, &root, SERVERS_KEY, &empty, &layout, multiline)?;
    Ok(edit::apply(config, &[add])?)
}

/// Where the entry was: last of several, only one, or followed by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Leading,
    Trailing,
    Only,
}

fn place(e: &DisabledEntry) -> Place {
    if e.after.contains(',') {
        Place::Leading
    } else if e.before.contains(',') {
        Place::Trailing
    } else {
        Place::Only
    }
}

/// JSON's white space.
const JSON_WS: [char; 4] = [' ', '\t', '\r', '\n'];

/// The white space just before byte `at` of `text`.
fn ws_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    &head[head.trim_end_matches(JSON_WS).len()..]
}

/// The text to put back at `servers`, as one insertion.
fn put_back(text: &str, servers: &Node, e: &DisabledEntry) -> TextEdit {
    let ms = servers.as_object().unwrap_or(&[]);
    let find = |n: &Option<String>| {
        n.as_ref()
            .and_then(|n| ms.iter().rposition(|m| &m.key == n))
    };
    let (prev, next) = (find(&e.previous), find(&e.next));
    let insert = |at: usize, s: String| TextEdit {
        span: Span::at(at),
        replacement: s,
    };
    let inner = Span::new(servers.span.start + 1, servers.span.end.saturating_sub(1));
    // the separator beside member `j`: the saved one while `j` has the
    // white space it had, else its comma and the white space `j` has now
    // (the file was rewritten: the neighbour's lines stay as they are)
    let fit = |saved: &str, j: usize| -> String {
        let now = ws_before(text, ms[j].key_span.start);
        match &e.lead {
            Some(lead) if lead != now => {
                format!("{}{now}", saved.trim_end_matches(JSON_WS))
            }
            _ => saved.to_string(),
        }
    };
    // the exact anchor, when the slot is as it was: the same bytes back
    let slot_intact = |j: usize| match (&e.previous, prev) {
        (None, _) => j == 0,
        (Some(_), Some(p)) => p + 1 == j,
        (Some(_), None) => true, // the previous one is gone: still its slot
    };
    match (place(e), prev, next) {
        (Place::Leading, _, Some(j)) if slot_intact(j) => {
            return insert(
                ms[j].key_span.start,
                format!("{}{}", e.text, fit(&e.after, j)),
            );
        }
        (Place::Trailing, Some(j), _) => {
            return insert(
                ms[j].value.span.end,
                format!("{}{}", fit(&e.before, j), e.text),
            );
        }
        (Place::Only, _, _) if ms.is_empty() && text[inner.start..inner.end].trim().is_empty() => {
            return TextEdit {
                span: inner,
                replacement: format!("{}{}{}", e.before, e.text, e.after),
            };
        }
        _ => {}
    }
    // the file changed: first again if it was first, else after its
    // previous neighbour, before its next, or at its old index, with the
    // entry's own separator
    let sep = match place(e) {
        Place::Leading => e.after.clone(),
        Place::Trailing => e.before.clone(),
        Place::Only => format!(",{}", e.before),
    };
    let after_member =
        |j: usize| insert(ms[j].value.span.end, format!("{}{}", fit(&sep, j), e.text));
    let before_member =
        |j: usize| insert(ms[j].key_span.start, format!("{}{}", e.text, fit(&sep, j)));
    match (prev, next) {
        _ if ms.is_empty() => {
            // an empty object: open it like the entry's own surroundings
            let open = sep
                .trim_start_matches(|c: char| c != ',')
                .trim_start_matches(',');
            let close = if open.contains('\n') {
                let nl = if open.contains("\r\n") { "\r\n" } else { "\n" };
                format!("{nl}{}", edit::line_indent(text, servers.span.start))
            } else {
                String::new()
            };
            TextEdit {
                span: inner,
                replacement: format!("{open}{}{close}", e.text),
            }
        }
        _ if e.previous.is_none() => before_member(0),
        (Some(j), _) => after_member(j),
        (None, Some(j)) => before_member(j),
        _ if e.index < ms.len() => before_member(e.index),
        _ => after_member(ms.len() - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn off(text: &str, side: SideFile, name: &str) -> Moved {
        disable(text, side, name, None).unwrap_or_else(|e| panic!("disable {name}: {e:?}\n{text}"))
    }

    fn on(text: &str, side: SideFile, name: &str) -> Moved {
        enable(text, side, name).unwrap_or_else(|e| panic!("enable {name}: {e:?}\n{text}"))
    }

    fn round_trip(text: &str, name: &str) -> String {
        let m = off(text, SideFile::default(), name);
        serde_json::from_str::<serde_json::Value>(&m.config).expect("strict JSON after disable");
        // through the side file's text, as on disk
        let side = parse_side(Some(&render_side(&m.side))).expect("side file reads back");
        on(&m.config, side, name).config
    }

    const PRETTY: &str = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\n      \"command\": \"y\",\n      \"args\": [\"1\"]\n    },\n    \"c\": {}\n  },\n  \"preferences\": {\"k\": 1}\n}\n";

    #[test]
    fn disable_takes_the_exact_bytes_and_their_place() {
        let m = off(PRETTY, SideFile::default(), "b");
        assert_eq!(
            m.config,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"c\": {}\n  },\n  \"preferences\": {\"k\": 1}\n}\n"
        );
        let e = &m.side.servers[0];
        assert_eq!(
            e.text,
            "\"b\": {\n      \"command\": \"y\",\n      \"args\": [\"1\"]\n    }"
        );
        assert_eq!((e.before.as_str(), e.after.as_str()), ("", ",\n    "));
        assert_eq!(
            (e.previous.as_deref(), e.next.as_deref(), e.index),
            (Some("a"), Some("c"), 1)
        );
        assert_eq!(e.server().and_then(|s| s.command), Some("y".to_string()));
        for name in ["a", "b", "c"] {
            assert_eq!(round_trip(PRETTY, name), PRETTY, "{name}");
        }
        let only = "{\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {}\r\n\t}\r\n}";
        assert_eq!(
            off(only, SideFile::default(), "a").config,
            "{\r\n\t\"mcpServers\": {}\r\n}"
        );
        assert_eq!(round_trip(only, "a"), only);
    }

    #[test]
    fn enable_after_the_file_changed_still_gives_valid_json() {
        let m = off(PRETTY, SideFile::default(), "b");
        // `c` (the anchor) is gone: b goes after `a`, its previous neighbour
        let changed = edit::remove_server(&m.config, parse(&m.config).as_ref(), "c").unwrap();
        let back = on(&changed, m.side.clone(), "b").config;
        assert_eq!(
            back,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\n      \"command\": \"y\",\n      \"args\": [\"1\"]\n    }\n  },\n  \"preferences\": {\"k\": 1}\n}\n"
        );
        // the app replaced the file with a stub: mcpServers is recreated
        let stub = "{\n  \"preferences\": {\"k\": 2}\n}\n";
        let back = on(stub, m.side.clone(), "b").config;
        assert_eq!(
            back,
            "{\n  \"preferences\": {\"k\": 2},\n  \"mcpServers\": {\n    \"b\": {\n      \"command\": \"y\",\n      \"args\": [\"1\"]\n    }\n  }\n}\n"
        );
        let back = on("", m.side, "b").config;
        serde_json::from_str::<serde_json::Value>(&back).expect(&back);
    }

    /// The app rewrote the file with other indentation: the entry comes
    /// back with the separator its neighbour has now, so every line of
    /// the neighbour stays as it is (the entry's own lines as written).
    #[test]
    fn a_neighbour_keeps_its_new_indentation() {
        let tabs = "{\n\t\"mcpServers\": {\n\t\t\"a\": {\"command\": \"x\"},\n\t\t\"b\": {\"command\": \"y\"},\n\t\t\"c\": {}\n\t}\n}\n";
        let rewritten =
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"c\": {}\n  }\n}\n";
        // not last: before `c`, which keeps its four spaces
        let m = off(tabs, SideFile::default(), "b");
        assert_eq!(
            on(rewritten, m.side, "b").config,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\"command\": \"y\"},\n    \"c\": {}\n  }\n}\n"
        );
        // last: after `a`, with `a`'s white space
        let m = off(tabs, SideFile::default(), "c");
        let rewritten = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\"command\": \"y\"}\n  }\n}\n";
        assert_eq!(
            on(rewritten, m.side, "c").config,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\"command\": \"y\"},\n    \"c\": {}\n  }\n}\n"
        );
        // a side file written before the white space was kept: as before
        let mut m = off(tabs, SideFile::default(), "b");
        m.side.servers[0].lead = None;
        let rewritten =
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"c\": {}\n  }\n}\n";
        assert!(on(rewritten, m.side, "b").config.contains("\t\t\"c\""));
    }

    #[test]
    fn an_interrupted_move_is_seen_and_finished_either_way() {
        let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"b\": {\"command\": \"y\"}\n  }\n}\n";
        let moved = off(text, SideFile::default(), "a");
        // the side file was written, the config not (a crash in between)
        assert_eq!(unfinished(text, &moved.side), ["a"]);
        assert!(unfinished(&moved.config, &moved.side).is_empty());
        let done = finish_disable(text, moved.side.clone(), "a").unwrap();
        assert_eq!(done.config, moved.config);
        assert_eq!(done.side.names(), ["a"]);
        assert_eq!(on(&done.config, done.side, "a").config, text);
        let side = finish_enable(moved.side.clone(), "a");
        assert!(side.is_empty());
        // an entry added again with other text is not an interrupted move
        let other = text.replace("\"x\"", "\"z\"");
        assert!(unfinished(&other, &moved.side).is_empty());
    }

    #[test]
    fn refusals_name_the_problem() {
        let side = off(PRETTY, SideFile::default(), "a").side;
        let e = disable(PRETTY, side.clone(), "a", None).unwrap_err();
        assert_eq!(e, DisableError::AlreadyDisabled { name: "a".into() });
        assert_eq!(
            e.message("c.json", "d.json"),
            "d.json already holds a disabled server named `a`"
        );
        let e = enable(PRETTY, side.clone(), "a").unwrap_err();
        let hint = e.hint(std::path::Path::new("d.json"));
        assert!(hint.contains("added again"), "{hint}");
        let e = enable(PRETTY, side, "zz").unwrap_err();
        assert_eq!(
            e.message("c.json", "d.json"),
            "no disabled server named `zz` in d.json; the disabled servers are: a"
        );
        let e = disable(PRETTY, SideFile::default(), "zz", None).unwrap_err();
        assert_eq!(
            e.message("c.json", "d.json"),
            "no server named `zz` in c.json; the servers are: a, b, c"
        );
        let dup = r#"{"mcpServers": {"a": 1, "a": 2}}"#;
        assert_eq!(
            disable(dup, SideFile::default(), "a", None).unwrap_err(),
            DisableError::Duplicated { name: "a".into() }
        );
        let e = parse_side(Some("{\"version\": 9}")).unwrap_err();
        assert!(e.message("c", "d").contains("format version 9"));
        assert!(matches!(
            parse_side(Some("[")),
            Err(DisableError::SideFileBroken { .. })
        ));
        assert_eq!(parse_side(None), Ok(SideFile::default()));
        let e = disable(r#"{"mcpServers": []}"#, SideFile::default(), "a", None).unwrap_err();
        assert!(
            e.message("c.json", "d")
                .contains("is an array, not an object")
        );
    }

    const C1: &str = "{\n  \"mcpServers\": {\n    \"x\": {\"command\": \"/bin/echo\", \"env\": {\"SECRET_TOKEN\": \"c1-secret-value\"}}\n  }\n}\n";
    const C2: &str = "{\n  \"mcpServers\": {\n    \"y\": {\"command\": \"/bin/true\"}\n  }\n}\n";

    /// The side file's text read back for the config named `config`.
    fn read_for(text: &str, config: &str) -> SideFile {
        parse_side(Some(text))
            .expect("side file reads back")
            .for_config(Some(config))
    }

    #[test]
    fn the_configs_of_one_folder_keep_their_own_entries() {
        let m1 = off(C1, SideFile::default().for_config(Some("c1.json")), "x");
        assert_eq!(m1.side.servers[0].config.as_deref(), Some("c1.json"));
        let after_c1 = render_side(&m1.side);
        assert!(after_c1.contains("\"config\": \"c1.json\""), "{after_c1}");

        // c2.json does not see c1.json's entry as its own
        let side2 = read_for(&after_c1, "c2.json");
        assert!(side2.is_empty());
        assert_eq!(side2.get("x"), None);
        assert_eq!(side2.others().count(), 1);
        // yet its secret is still one to mask
        assert!(
            !side2
                .secrets()
                .mask("c1-secret-value")
                .contains("c1-secret"),
            "masked"
        );
        let e = enable(C2, side2.clone(), "x").unwrap_err();
        assert_eq!(
            e,
            DisableError::DisabledElsewhere {
                name: "x".into(),
                configs: vec!["c1.json".into()]
            }
        );
        assert_eq!(
            e.message("/d/c2.json", "/d/mcpctl-disabled.json"),
            "`x` was disabled from c1.json, not from /d/c2.json (the configs of one folder share /d/mcpctl-disabled.json); nothing was written"
        );
        // (the path as this OS joins it: `/d d\c1.json` on Windows)
        let c1 = std::path::Path::new("/d d/mcpctl-disabled.json").with_file_name("c1.json");
        assert_eq!(
            e.hint(std::path::Path::new("/d d/mcpctl-disabled.json")),
            format!(
                "`mcpctl --config {} enable x` puts it back where it was taken from",
                crate::text::shell_word(&c1.display().to_string())
            )
        );

        // a disable and enable in c2.json keep c1.json's entry, in its place
        let m2 = off(C2, side2, "y");
        let both = render_side(&m2.side);
        let v: serde_json::Value = serde_json::from_str(&both).unwrap();
        assert_eq!(v["servers"][0]["name"], "x");
        assert_eq!(v["servers"][1]["name"], "y");
        assert_eq!(v["servers"][1]["config"], "c2.json");
        let back = on(&m2.config, read_for(&both, "c2.json"), "y");
        assert_eq!(back.config, C2);
        assert_eq!(
            render_side(&back.side),
            after_c1,
            "c1.json's entry untouched"
        );

        // c1.json enables its own, byte for byte, and c2.json's stays
        let side1 = read_for(&both, "c1.json");
        assert_eq!(side1.names(), ["x"]);
        let back = on(&m1.config, side1, "x");
        assert_eq!(back.config, C1);
        let left: serde_json::Value = serde_json::from_str(&render_side(&back.side)).unwrap();
        assert_eq!(left["servers"].as_array().map(Vec::len), Some(1));
        assert_eq!(left["servers"][0]["name"], "y");
    }

    #[test]
    fn the_other_configs_entries_keep_their_order() {
        let two = "{\"mcpServers\": {\"a\": {}, \"b\": {}}}";
        let one = "{\"mcpServers\": {\"z\": {}}}";
        let a = off(two, SideFile::default().for_config(Some("c1.json")), "a");
        let z = off(one, read_for(&render_side(&a.side), "c2.json"), "z");
        let m = off(&a.config, read_for(&render_side(&z.side), "c1.json"), "b");
        let names = |side: &SideFile| -> Vec<String> {
            let v: serde_json::Value = serde_json::from_str(&render_side(side)).unwrap();
            v["servers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names(&m.side), ["a", "z", "b"]);
        let side = read_for(&render_side(&m.side), "c1.json");
        assert_eq!(side.names(), ["a", "b"]);
        let back = on(&m.config, side, "a");
        assert_eq!(names(&back.side), ["z", "b"]);
    }

    /// A side file an older mcpctl wrote (no `config` in its entries): its
    /// entries are every config's, as they were, and stay so when written
    /// back.
    #[test]
    fn a_legacy_side_file_still_works_for_the_config() {
        let m = off(C1, SideFile::default(), "x");
        let legacy = render_side(&m.side);
        assert!(!legacy.contains("\"config\""), "{legacy}");
        let side = read_for(&legacy, "claude_desktop_config.json");
        assert_eq!(side.names(), ["x"]);
        assert_eq!(side.others().count(), 0);
        assert_eq!(
            disable(C1, side.clone(), "x", None).unwrap_err(),
            DisableError::AlreadyDisabled { name: "x".into() }
        );
        // a new entry beside it records its config; the old one is untouched
        let m2 = off(C2, side.clone(), "y");
        let v: serde_json::Value = serde_json::from_str(&render_side(&m2.side)).unwrap();
        assert_eq!(v["servers"][0].get("config"), None);
        assert_eq!(v["servers"][1]["config"], "claude_desktop_config.json");
        let back = on(&m.config, side, "x");
        assert_eq!(back.config, C1);
        assert!(back.side.is_empty());
        assert_eq!(render_side(&back.side), render_side(&SideFile::default()));
    }

    // ------------------------------------------------------------ proptest

    /// A config in one of many styles: indentation, line endings, colon and
    /// comma spacing, compact or not, keys around `mcpServers`, a final
    /// newline or not.
    #[derive(Debug, Clone)]
    struct Style {
        indent: &'static str,
        nl: &'static str,
        colon: &'static str,
        before_comma: &'static str,
        compact: bool,
        final_nl: bool,
    }

    fn style() -> impl Strategy<Value = Style> {
        (
            prop::sample::select(vec!["", " ", "  ", "   ", "    ", "\t"]),
            prop::sample::select(vec!["\n", "\r\n"]),
            prop::sample::select(vec![":", ": ", " : ", ":  "]),
            prop::sample::select(vec!["", " "]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(indent, nl, colon, before_comma, compact, final_nl)| Style {
                    indent,
                    nl,
                    colon,
                    before_comma,
                    compact,
                    final_nl,
                },
            )
    }

    /// A server value: nested objects and arrays, or a scalar.
    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            "[a-z/\\-]{0,8}".prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::from),
                prop::collection::vec(("[a-z]{1,6}", inner), 0..3)
                    .prop_map(|kv| { serde_json::Value::Object(kv.into_iter().collect()) }),
            ]
        })
    }

    fn write(v: &serde_json::Value, s: &Style, depth: usize, out: &mut String) {
        let (open_nl, pad, pad_in) = if s.compact {
            (String::new(), String::new(), String::new())
        } else {
            (
                s.nl.to_string(),
                s.indent.repeat(depth),
                s.indent.repeat(depth + 1),
            )
        };
        let items: Vec<(Option<&String>, &serde_json::Value)> = match v {
            serde_json::Value::Object(m) => m.iter().map(|(k, v)| (Some(k), v)).collect(),
            serde_json::Value::Array(a) => a.iter().map(|v| (None, v)).collect(),
            scalar => {
                out.push_str(&scalar.to_string());
                return;
            }
        };
        let (open, close) = if v.is_object() {
            ('{', '}')
        } else {
            ('[', ']')
        };
        out.push(open);
        if items.is_empty() {
            out.push(close);
            return;
        }
        for (i, (k, item)) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(s.before_comma);
                out.push(',');
            }
            out.push_str(&open_nl);
            out.push_str(&pad_in);
            if let Some(k) = k {
                out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                out.push_str(s.colon);
            }
            write(item, s, depth + 1, out);
        }
        out.push_str(&open_nl);
        out.push_str(&pad);
        out.push(close);
    }

    /// (text, server names) for a config with `n` servers.
    fn config() -> impl Strategy<Value = (String, Vec<String>)> {
        (
            style(),
            prop::collection::vec(value(), 1..6),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(s, values, prefs_before, prefs_after)| {
                let names: Vec<String> = (0..values.len()).map(|i| format!("s{i}")).collect();
                let mut root = serde_json::Map::new();
                if prefs_before {
                    root.insert(
                        "preferences".into(),
                        serde_json::json!({"menuBarEnabled": true}),
                    );
                }
                let servers = names.iter().cloned().zip(values).collect();
                root.insert(SERVERS_KEY.into(), serde_json::Value::Object(servers));
                if prefs_after {
                    root.insert("globalShortcut".into(), serde_json::json!("Alt+Space"));
                }
                let mut text = String::new();
                write(&serde_json::Value::Object(root), &s, 0, &mut text);
                if s.final_nl {
                    text.push_str(s.nl);
                }
                (text, names)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn disable_then_enable_is_byte_identical((text, names) in config(), pick in any::<prop::sample::Index>()) {
            let name = pick.get(&names);
            prop_assert_eq!(round_trip(&text, name), text);
        }

        /// Two servers off, then on again in reverse order: identical. In
        /// the same order: valid JSON with the same servers (two entries
        /// that were next to each other may come back swapped: the second
        /// one disabled never knew the first).
        #[test]
        fn two_disables_in_any_order((text, names) in config(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
            let (x, y) = (a.get(&names), b.get(&names));
            prop_assume!(x != y);
            let m1 = off(&text, SideFile::default(), x);
            let m2 = off(&m1.config, m1.side, y);
            let lifo = on(&on(&m2.config, m2.side.clone(), y).config, m1_side_after(&m2.side, y), x).config;
            prop_assert_eq!(&lifo, &text);
            let fifo1 = on(&m2.config, m2.side.clone(), x);
            let fifo = on(&fifo1.config, fifo1.side, y).config;
            let want: serde_json::Value = serde_json::from_str(&text).unwrap();
            let got: serde_json::Value = serde_json::from_str(&fifo).map_err(|e| TestCaseError::fail(format!("{e}: {fifo}")))?;
            prop_assert_eq!(got, want);
        }
    }

    /// The side file after enabling `y` (so only `x` is left in it).
    fn m1_side_after(side: &SideFile, y: &str) -> SideFile {
        let mut s = side.clone();
        s.servers.retain(|e| e.name != y);
        s
    }
}
