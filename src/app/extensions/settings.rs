//! An extension's settings file (`Claude Extensions Settings/<id>.json`,
//! `{"isEnabled": bool, "userConfig": {...}}`) with `isEnabled` set, every
//! other byte kept: `mcpctl enable`/`disable` of an extension. A missing
//! file (which the app reads as disabled) becomes `{"isEnabled": ...}`.
//!
//! Text in, text out; the command writes through `config::write`, and only
//! while the app is not running (it rewrites these files when it quits).

use serde_json::Value as Json;

use crate::config::edit::{self, EditError};
use crate::config::source::Source;
use crate::config::syntax;

/// The key the app reads.
pub const ENABLED_KEY: &str = "isEnabled";

/// `text` (None: no file) with `isEnabled` set to `on`.
pub fn set_enabled(text: Option<&str>, on: bool) -> Result<String, EditError> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(format!("{{\n  \"{ENABLED_KEY}\": {on}\n}}\n"));
    };
    let doc = syntax::parse(&Source::from_text("", text));
    let root = match &doc.root {
        Some(r) if doc.is_strict_json() => r,
        _ => return Err(EditError::NoTree),
    };
    if root.as_object().is_none() {
        return Err(EditError::NotAnObject {
            path: "(top level)".into(),
            found: root.type_name(),
        });
    }
    let layout = edit::detect_layout(text, Some(root));
    let value = Json::Bool(on);
    let change = match root.member(ENABLED_KEY) {
        // the last one is the one a JSON parser keeps
        Some(m) => edit::replace_value(text, m, &value, &layout, false),
        None => {
            let multiline = edit::is_multiline(text, root);
            edit::insert_member(text, root, ENABLED_KEY, &value, &layout, multiline)?
        }
    };
    edit::apply(text, &[change])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_flag_changes() {
        let t = "{\r\n\t\"isEnabled\" :true,\r\n\t\"userConfig\": {\"roots\": [\"/a\"]}\r\n}";
        let off = set_enabled(Some(t), false).unwrap();
        assert_eq!(
            off,
            "{\r\n\t\"isEnabled\" :false,\r\n\t\"userConfig\": {\"roots\": [\"/a\"]}\r\n}"
        );
        assert_eq!(set_enabled(Some(&off), true).unwrap(), t);
    }

    #[test]
    fn a_missing_key_or_file_is_added() {
        assert_eq!(
            set_enabled(Some("{\n  \"userConfig\": {}\n}\n"), true).unwrap(),
            "{\n  \"userConfig\": {},\n  \"isEnabled\": true\n}\n"
        );
        assert_eq!(
            set_enabled(None, true).unwrap(),
            "{\n  \"isEnabled\": true\n}\n"
        );
        assert_eq!(
            set_enabled(Some("  \n"), false).unwrap(),
            "{\n  \"isEnabled\": false\n}\n"
        );
    }

    #[test]
    fn what_is_not_a_json_object_is_refused() {
        assert_eq!(
            set_enabled(Some("{\"isEnabled\": tru"), true),
            Err(EditError::NoTree)
        );
        assert!(matches!(
            set_enabled(Some("[]"), true),
            Err(EditError::NotAnObject { .. })
        ));
    }
}
