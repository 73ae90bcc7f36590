//! The wipe guard, pure: Claude Desktop keeps its `preferences` in the
//! config file, and users report it replacing the whole file with a
//! preferences-only stub, every server gone (anthropics/claude-code#69084,
//! #78226, #90101). [`detect`] recognises that shape against the newest
//! backup (and mcpctl's side file); [`merge_servers`] computes the text
//! `mcpctl restore --merge-servers` writes: the backup's servers, byte for
//! byte as the backup has them, put back into the current file, which keeps
//! the app's new `preferences` and every other key.
//!
//! Only a file with no `mcpServers` key at all counts as wiped. An empty
//! `"mcpServers": {}` is what `mcpctl remove` leaves after the last server,
//! so it is not flagged. Servers in the side file were disabled on purpose:
//! they are never counted as lost, nor merged back.

use serde_json::Value as Json;

use super::disabled::SideFile;
use crate::config::ast::Node;
use crate::config::diag::TextEdit;
use crate::config::edit::{self, EditError};
use crate::config::model::SERVERS_KEY;
use crate::config::source::Source;
use crate::config::syntax;

/// A file that looks replaced by the app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Wipe {
    /// Servers the backup has and the file lost, in backup order (disabled
    /// ones left out). Empty when there is no usable backup.
    pub lost: Vec<String>,
    /// The keys the stub has, e.g. `["preferences"]`.
    pub stub_keys: Vec<String>,
    /// Servers the side file's entries had as neighbours and the file no
    /// longer has: evidence even without a backup (names only).
    pub side_evidence: Vec<String>,
    /// mcpctl has written over the stub since (`mcpctl add` after the
    /// wipe): the file has servers again, the stub is the ring's newest
    /// backup, and `lost` is what mcpctl left before it that the file
    /// still lacks.
    pub written_over: bool,
}

impl Wipe {
    /// Whether `restore --merge-servers` can bring servers back.
    pub fn restorable(&self) -> bool {
        !self.lost.is_empty()
    }
}

/// The server names under `mcpServers`, in order (None: no such key, or
/// not an object).
fn server_names(v: &Json) -> Option<Vec<String>> {
    Some(v.get(SERVERS_KEY)?.as_object()?.keys().cloned().collect())
}

/// [`crate::config::model::is_stub`] of a strictly parsed file: an
/// object whose `mcpServers` is missing or null.
pub fn is_stub(v: &Json) -> bool {
    v.as_object()
        .is_some_and(|o| o.get(SERVERS_KEY).is_none_or(Json::is_null))
}

/// Recognise the stub: the current file is an object without
/// `mcpServers`, and the newest backup (or the side file) shows servers it
/// had. `current` and `backup` are the files as a strict parser reads them.
pub fn detect(current: &Json, backup: Option<&Json>, side: Option<&SideFile>) -> Option<Wipe> {
    if !is_stub(current) {
        return None;
    }
    let obj = current.as_object()?;
    let disabled = side.map(SideFile::names).unwrap_or_default();
    let lost: Vec<String> = backup
        .and_then(server_names)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !disabled.contains(n))
        .collect();
    let mut side_evidence: Vec<String> = Vec::new();
    for e in side.map(|s| s.servers.as_slice()).unwrap_or(&[]) {
        for n in [&e.previous, &e.next].into_iter().flatten() {
            if !disabled.contains(n) && !side_evidence.contains(n) {
                side_evidence.push(n.clone());
            }
        }
    }
    if lost.is_empty() && side_evidence.is_empty() {
        return None;
    }
    Some(Wipe {
        lost,
        stub_keys: obj.keys().cloned().collect(),
        side_evidence,
        written_over: false,
    })
}

/// The merged text and the servers it brings back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// In backup order.
    pub restored: Vec<String>,
}

fn parse(text: &str) -> Option<Node> {
    syntax::parse(&Source::from_text("", text)).root
}

/// Put the backup's servers that `current` lacks (and that are not in
/// `disabled`) back into `current`, each exactly as the backup writes it.
/// When `current` has no `mcpServers`, the backup's whole object goes in
/// as the last key (minus the disabled ones); otherwise each missing server
/// is added as the last member. Every other byte of `current` stays.
pub fn merge_servers(
    current: &str,
    backup: &str,
    disabled: &[String],
) -> Result<Merged, EditError> {
    // the backup without the servers disabled since
    let mut backup = backup.to_string();
    for name in disabled {
        let root = parse(&backup);
        let present = root
            .as_ref()
            .and_then(|r| r.get(SERVERS_KEY))
            .and_then(|s| s.member(name))
            .is_some();
        if present {
            backup = edit::remove_server(&backup, root.as_ref(), name)?;
        }
    }
    // the backup's entries go in with the file's own line endings (a
    // backup that mixed them too)
    if let Some(now) = edit::line_ending(current)
        && edit::line_ending(&backup) != Some(now)
    {
        backup = edit::with_line_ending(&backup, now);
    }
    let b_root = parse(&backup).ok_or(EditError::NoTree)?;
    let Some(b_servers) = b_root.get(SERVERS_KEY).filter(|s| s.as_object().is_some()) else {
        return Ok(Merged {
            text: current.to_string(),
            restored: Vec::new(),
        });
    };
    if current.trim().is_empty() {
        return Ok(Merged {
            restored: edit::server_names(Some(&b_root)),
            text: backup,
        });
    }
    let root = parse(current).ok_or(EditError::NoTree)?;
    if root.as_object().is_none() {
        return Err(EditError::NotAnObject {
            path: "(top level)".into(),
            found: root.type_name(),
        });
    }
    let layout = edit::detect_layout(current, Some(&root));
    let raw = |n: &Node| backup[n.span.start..n.span.end].to_string();
    let present = edit::server_names(Some(&root));
    let wanted: Vec<String> = edit::server_names(Some(&b_root))
        .into_iter()
        .filter(|n| !present.contains(n))
        .collect();
    let edit_one = match root.member(SERVERS_KEY) {
        None => {
            let multiline = edit::is_multiline(current, &root);
            Some(edit::insert_member_raw(
                current,
                &root,
                SERVERS_KEY,
                &raw(b_servers),
                &layout,
                multiline,
            )?)
        }
        Some(m) if m.value.as_object().is_none() => Some(TextEdit {
            span: m.value.span,
            replacement: raw(b_servers),
        }),
        Some(_) => None,
    };
    if let Some(e) = edit_one {
        return Ok(Merged {
            text: edit::apply(current, &[e])?,
            restored: wanted,
        });
    }
    // servers present: add each missing one, re-reading after each insert
    let mut text = current.to_string();
    for name in &wanted {
        let root = parse(&text).ok_or(EditError::NoTree)?;
        let servers = root.get(SERVERS_KEY).ok_or(EditError::NoTree)?;
        let Some(m) = b_servers.member(name) else {
            continue;
        };
        let multiline = text[servers.span.start..servers.span.end].contains('\n')
            || servers.as_object().is_some_and(|ms| ms.is_empty())
                && edit::is_multiline(&text, &root);
        let e = edit::insert_member_raw(&text, servers, name, &raw(&m.value), &layout, multiline)?;
        text = edit::apply(&text, &[e])?;
    }
    Ok(Merged {
        text,
        restored: wanted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::disabled::{self, SideFile};
    use serde_json::json;

    const BACKUP: &str = "{\n  \"mcpServers\": {\n    \"github\": {\n      \"command\": \"npx\",\n      \"args\": [\"-y\", \"@modelcontextprotocol/server-github\"],\n      \"env\": {\"GITHUB_TOKEN\": \"ghp_x\"}\n    },\n    \"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\"]}\n  },\n  \"preferences\": {\"menuBarEnabled\": false}\n}\n";
    const STUB: &str = "{\n  \"preferences\": {\n    \"menuBarEnabled\": true,\n    \"quickEntryShortcut\": \"off\"\n  }\n}";

    fn json(text: &str) -> Json {
        serde_json::from_str(text).expect("strict JSON")
    }

    #[test]
    fn a_preferences_only_stub_is_a_wipe() {
        let w = detect(&json(STUB), Some(&json(BACKUP)), None).expect("wiped");
        assert_eq!(w.lost, ["github", "memory"]);
        assert_eq!(w.stub_keys, ["preferences"]);
        assert!(w.restorable());
        // not a wipe: servers still there, or emptied on purpose
        assert_eq!(detect(&json(BACKUP), Some(&json(BACKUP)), None), None);
        assert_eq!(
            detect(&json(r#"{"mcpServers": {}}"#), Some(&json(BACKUP)), None),
            None
        );
        // nothing to compare with
        assert_eq!(detect(&json(STUB), None, None), None);
        assert_eq!(detect(&json("[]"), Some(&json(BACKUP)), None), None);
    }

    #[test]
    fn disabled_servers_are_not_lost_and_the_side_file_is_evidence() {
        let moved = disabled::disable(BACKUP, SideFile::default(), "memory", None).unwrap();
        let side = moved.side;
        let w = detect(&json(STUB), Some(&json(BACKUP)), Some(&side)).expect("wiped");
        assert_eq!(w.lost, ["github"]);
        assert_eq!(w.side_evidence, ["github"]);
        let w = detect(&json(STUB), None, Some(&side)).expect("side file alone");
        assert!(!w.restorable());
        assert_eq!(w.side_evidence, ["github"]);
    }

    #[test]
    fn merge_keeps_the_new_preferences_and_the_backup_bytes() {
        let m = merge_servers(STUB, BACKUP, &[]).unwrap();
        assert_eq!(m.restored, ["github", "memory"]);
        assert_eq!(
            m.text,
            "{\n  \"preferences\": {\n    \"menuBarEnabled\": true,\n    \"quickEntryShortcut\": \"off\"\n  },\n  \"mcpServers\": {\n    \"github\": {\n      \"command\": \"npx\",\n      \"args\": [\"-y\", \"@modelcontextprotocol/server-github\"],\n      \"env\": {\"GITHUB_TOKEN\": \"ghp_x\"}\n    },\n    \"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\"]}\n  }\n}"
        );
        let v = json(&m.text);
        assert_eq!(
            v["preferences"],
            json!({"menuBarEnabled": true, "quickEntryShortcut": "off"})
        );
        assert_eq!(v["mcpServers"], json(BACKUP)["mcpServers"]);
    }

    /// A backup saved with CRLF, merged into the file the app rewrote with
    /// LF: the servers come back with LF.
    #[test]
    fn merged_servers_take_the_files_line_endings() {
        let m = merge_servers(STUB, &BACKUP.replace('\n', "\r\n"), &[]).unwrap();
        assert!(!m.text.contains('\r'), "{:?}", m.text);
        assert_eq!(m.text, merge_servers(STUB, BACKUP, &[]).unwrap().text);
        // a backup that mixed them: the file's own too
        let mixed: String = BACKUP
            .split_inclusive('\n')
            .enumerate()
            .map(|(n, l)| {
                if n % 2 == 1 {
                    l.replace('\n', "\r\n")
                } else {
                    l.to_string()
                }
            })
            .collect();
        assert!(mixed.contains("\r\n") && mixed.contains("}\n"), "{mixed:?}");
        let m = merge_servers(STUB, &mixed, &[]).unwrap();
        assert!(!m.text.contains('\r'), "{:?}", m.text);
    }

    #[test]
    fn merge_leaves_out_disabled_and_present_servers() {
        let m = merge_servers(STUB, BACKUP, &["github".to_string()]).unwrap();
        assert_eq!(m.restored, ["memory"]);
        assert_eq!(
            json(&m.text)["mcpServers"],
            json!({"memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}})
        );
        // a file that still has one server: only the other is added
        let partial = "{\n  \"mcpServers\": {\n    \"memory\": {\"command\": \"uvx\"}\n  }\n}\n";
        let m = merge_servers(partial, BACKUP, &[]).unwrap();
        assert_eq!(m.restored, ["github"]);
        assert!(m.text.starts_with("{\n  \"mcpServers\": {\n    \"memory\": {\"command\": \"uvx\"},\n    \"github\": {\n      \"command\": \"npx\",\n"), "{}", m.text);
        assert_eq!(
            json(&m.text)["mcpServers"]["memory"],
            json!({"command": "uvx"})
        );
        // an empty object and a null are filled
        for cur in [
            "{\"mcpServers\": {}}",
            "{\"mcpServers\": null, \"preferences\": {}}",
        ] {
            let m = merge_servers(cur, BACKUP, &[]).unwrap();
            assert_eq!(
                json(&m.text)["mcpServers"],
                json(BACKUP)["mcpServers"],
                "{cur}"
            );
        }
        // a blank file becomes the backup
        assert_eq!(merge_servers("", BACKUP, &[]).unwrap().text, BACKUP);
        // a backup without servers changes nothing
        assert_eq!(merge_servers(STUB, "{}", &[]).unwrap().text, STUB);
        assert_eq!(
            merge_servers("[]", BACKUP, &[]).unwrap_err(),
            EditError::NotAnObject {
                path: "(top level)".into(),
                found: "array"
            }
        );
    }

    #[test]
    fn crlf_and_tabs_are_kept() {
        let stub = "{\r\n\t\"preferences\": {}\r\n}\r\n";
        let backup = "{\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"}\r\n\t}\r\n}\r\n";
        let m = merge_servers(stub, backup, &[]).unwrap();
        assert_eq!(
            m.text,
            "{\r\n\t\"preferences\": {},\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"}\r\n\t}\r\n}\r\n"
        );
    }
}
