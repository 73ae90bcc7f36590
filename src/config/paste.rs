//! A pasted server snippet (`mcpctl add-json`), read the way a person
//! means it: what server READMEs print, as it arrives after a trip through
//! a web page, a chat or a notes app. Pure: text in, named entries out.
//!
//! Shapes (the first that fits):
//! - a block: `{"mcpServers": {"NAME": {...}, ...}}` (or VS Code's
//!   `"servers"`), one or more servers;
//! - a bare entry: `{"command": ..., "args": [...]}` (an object with
//!   `command` or `url`), named by NAME;
//! - a map: `{"NAME": {...}, ...}`, or the member alone, `"NAME": {...}`
//!   (what a README shows to go inside `mcpServers`).
//!
//! NAME and the servers: a bare entry needs NAME; a block or map of one
//! server is saved as NAME when NAME is given (you choose what to call
//! it); several servers are added under their own names, and NAME given
//! with them is refused (it cannot say which is meant).
//!
//! Paste damage mended on the way (each reported by its diagnostic code):
//! a BOM, a Markdown code fence and prose around the JSON, trailing
//! commas, comments, curly or single quotes — whatever the syntax pass
//! (`config::syntax`) recovers with a mechanical fix. Anything else is
//! refused at its line and column in the pasted text.

use serde_json::{Map, Value as Json};

use super::model::{self, spot_of};
use super::source::Source;
use super::syntax;
use crate::error::Spot;

/// What the paste held.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    /// The servers, in the order pasted (a name pasted twice: the last).
    pub servers: Vec<(String, Json)>,
    /// The codes of the damage mended (`trailing-comma`, `smart-quote`,
    /// ...), each once, in order; `code-fence` and `surrounding-text` when
    /// those were cut away; `duplicate-server` when a name was pasted twice.
    pub mended: Vec<String>,
    /// The names pasted more than once (the last of each is kept).
    pub duplicates: Vec<String>,
}

/// Why a paste cannot be read as servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteError {
    /// No `{` at all.
    NoObject,
    /// Broken past mending: the first such problem, at its place.
    Broken {
        message: String,
        spot: Option<Box<Spot>>,
    },
    /// A bare entry and no NAME.
    NeedName,
    /// NAME given with several servers.
    NameWithMany { names: Vec<String> },
    /// A block or map with no servers in it.
    NoServers,
    /// The object is none of the shapes (`found`: its keys).
    Unknown { keys: Vec<String> },
    /// A server that is not an object with `command` or `url`.
    NotAnEntry { name: String, why: String },
}

impl PasteError {
    /// The place a broken paste breaks.
    pub fn spot(&self) -> Option<Box<Spot>> {
        match self {
            PasteError::Broken { spot, .. } => spot.clone(),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            PasteError::NoObject => "the pasted text holds no JSON object".into(),
            PasteError::Broken { message, spot } => match spot {
                Some(at) => format!(
                    "the pasted JSON is broken at line {}:{}: {message}",
                    at.line, at.column
                ),
                None => format!("the pasted JSON is broken: {message}"),
            },
            PasteError::NeedName => {
                "the pasted JSON is one server entry with no name, and no NAME was given".into()
            }
            PasteError::NameWithMany { names } => format!(
                "NAME was given, but the pasted JSON holds {} servers ({})",
                names.len(),
                names.join(", ")
            ),
            PasteError::NoServers => "the pasted JSON holds no servers".into(),
            PasteError::Unknown { keys } => format!(
                "the pasted JSON is not a server entry, an mcpServers block or a map of servers \
(its keys: {})",
                keys.join(", ")
            ),
            PasteError::NotAnEntry { name, why } => {
                format!("server `{name}` in the pasted JSON is not a server entry: {why}")
            }
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            PasteError::NoObject | PasteError::Unknown { .. } => {
                "paste what the server's README shows: {\"command\": ..., \"args\": [...]}, or a \
{\"mcpServers\": {...}} block"
            }
            PasteError::Broken { .. } => {
                "copy the snippet again from its source, or fix that spot (line and column count \
in the pasted text)"
            }
            PasteError::NeedName => "give the server a name: `mcpctl add-json NAME 'JSON'`",
            PasteError::NameWithMany { .. } => {
                "leave NAME out to add them all under their own names, or paste just the one you \
want"
            }
            PasteError::NoServers => "paste a block with at least one server in mcpServers",
            PasteError::NotAnEntry { .. } => {
                "an entry is an object with \"command\" (and \"args\", \"env\"), or \"url\""
            }
        }
    }
}

/// The snippet as servers, named by `name` where the shape allows (see
/// the module comment).
pub fn parse(text: &str, name: Option<&str>) -> Result<Pasted, PasteError> {
    let mut mended = Vec::new();
    let text = match text.trim_start().strip_prefix('\u{FEFF}') {
        Some(rest) => {
            mended.push("bom".to_string());
            rest
        }
        None => text,
    };
    let fenced = fence(text);
    if fenced.is_some() {
        mended.push("code-fence".to_string());
    }
    let inner = fenced.unwrap_or(text);
    let (json, cut) = match around(inner) {
        Some(found) => found,
        // an object that never closes (the copy stopped short): parsed
        // from its `{` on, so that where it ends is said
        None => {
            let open = inner.find('{').ok_or(PasteError::NoObject)?;
            (inner[open..].to_string(), !inner[..open].trim().is_empty())
        }
    };
    if cut {
        mended.push("surrounding-text".to_string());
    }
    let source = Source::from_text("<pasted>", &json);
    let doc = syntax::parse(&source);
    let broken = doc
        .diagnostics
        .iter()
        .find(|d| d.is_error() && d.fix.is_none());
    if let Some(d) = broken.or(doc.diagnostics.first().filter(|_| doc.root.is_none())) {
        return Err(PasteError::Broken {
            message: d.message.clone(),
            spot: spot_of(&source, &doc, d).map(Box::new),
        });
    }
    for d in doc.diagnostics.iter().filter(|d| d.fix.is_some()) {
        let code = d.code.id().to_string();
        if !mended.contains(&code) {
            mended.push(code);
        }
    }
    let root_node = doc.root.as_ref().ok_or(PasteError::NoObject)?;
    let Json::Object(obj) = root_node.to_json() else {
        return Err(PasteError::NoObject);
    };
    let path = block_path(&obj);
    let duplicates = pasted_twice(root_node, &path);
    if !duplicates.is_empty() {
        mended.push("duplicate-server".to_string());
    }
    let servers = servers(obj, &path, name)?;
    Ok(Pasted {
        servers,
        mended,
        duplicates,
    })
}

/// The keys that lead to the servers' block in `obj`: `["mcpServers"]`
/// (or VS Code's `["servers"]`), or under one key that wraps it (VS Code's
/// user settings, `{"mcp": {"servers": ...}}`; a whole app config,
/// `{"preferences": ..., "mcpServers": ...}` is the first case). Empty when
/// there is no block (an entry, or a map of servers).
fn block_path(obj: &Map<String, Json>) -> Vec<String> {
    const BLOCKS: [&str; 2] = ["mcpServers", "servers"];
    let block_in = |o: &Map<String, Json>| {
        BLOCKS
            .iter()
            .find(|k| o.get(**k).is_some_and(Json::is_object))
            .map(|k| k.to_string())
    };
    if let Some(k) = block_in(obj) {
        return vec![k];
    }
    if is_entry(obj) {
        return Vec::new();
    }
    // an entry among the values (`"hub": {"command": ..., "servers": ...}`)
    // makes a map of servers, whatever else they hold
    let entries = obj.values().any(|v| v.as_object().is_some_and(is_entry));
    let wrapped: Vec<(String, String)> = obj
        .iter()
        .filter_map(|(w, v)| Some((w.clone(), block_in(v.as_object()?)?)))
        .collect();
    match wrapped.as_slice() {
        [(w, k)] if !entries => vec![w.clone(), k.clone()],
        _ => Vec::new(),
    }
}

/// The server names pasted more than once (the last one is kept, as the
/// app keeps it): in the servers' block at `path`, or a map of servers.
fn pasted_twice(root: &crate::config::ast::Node, path: &[String]) -> Vec<String> {
    let block = path
        .iter()
        .try_fold(root, |n, k| n.get(k))
        .filter(|n| n.as_object().is_some())
        .unwrap_or(root);
    let members = block.as_object().unwrap_or_default();
    let mut seen: Vec<&str> = Vec::new();
    let mut twice: Vec<String> = Vec::new();
    for m in members {
        if seen.contains(&m.key.as_str()) {
            if !twice.contains(&m.key) {
                twice.push(m.key.clone());
            }
        } else {
            seen.push(&m.key);
        }
    }
    twice
}

/// The servers of `obj`, by shape.
fn servers(
    obj: Map<String, Json>,
    path: &[String],
    name: Option<&str>,
) -> Result<Vec<(String, Json)>, PasteError> {
    let block = match path.split_first() {
        Some((first, rest)) => rest
            .iter()
            .try_fold(obj.get(first), |v, k| Some(v?.get(k)))
            .flatten()
            .and_then(Json::as_object)
            .cloned(),
        None => None,
    };
    let many: Vec<(String, Json)> = if let Some(block) = block {
        block.into_iter().collect()
    } else if is_entry(&obj) {
        let name = name.ok_or(PasteError::NeedName)?;
        return Ok(vec![(name.to_string(), Json::Object(obj))]);
    } else if !obj.is_empty() && obj.values().all(Json::is_object) {
        obj.into_iter().collect()
    } else {
        return Err(PasteError::Unknown {
            keys: obj.keys().cloned().collect(),
        });
    };
    for (n, v) in &many {
        let why = match v.as_object() {
            None => Some("it is not an object"),
            Some(o) if !is_entry(o) => Some("it has neither \"command\" nor \"url\""),
            Some(_) => None,
        };
        if let Some(why) = why {
            return Err(PasteError::NotAnEntry {
                name: n.clone(),
                why: why.into(),
            });
        }
    }
    match (many.len(), name) {
        (0, _) => Err(PasteError::NoServers),
        (1, Some(name)) => Ok(vec![(name.to_string(), many[0].1.clone())]),
        (_, Some(_)) => Err(PasteError::NameWithMany {
            names: many.into_iter().map(|(n, _)| n).collect(),
        }),
        (_, None) => Ok(many),
    }
}

/// An object that is one server's entry: a command, or a remote server's
/// URL under any key another client writes it (`url`, Windsurf's
/// `serverUrl`, Gemini's `httpUrl`).
fn is_entry(o: &Map<String, Json>) -> bool {
    o.contains_key("command") || model::URL_KEYS.iter().any(|k| o.contains_key(*k))
}

/// The body of the first Markdown code fence, when the text has one.
fn fence(text: &str) -> Option<&str> {
    let open = text.find("```")?;
    let after = &text[open + 3..];
    let body_start = after.find('\n')? + 1;
    let body = &after[body_start..];
    let end = body.find("```").unwrap_or(body.len());
    Some(&body[..end])
}

/// The JSON in `text`: from the first `{` to the last `}` (prose around it
/// cut, which says so), or a lone member `"NAME": {...}` wrapped in braces.
fn around(text: &str) -> Option<(String, bool)> {
    let open = text.find('{')?;
    let close = text.rfind('}')?;
    if close < open {
        return None;
    }
    let before = &text[..open];
    let body = &text[open..=close];
    let after = &text[close + 1..];
    // `"memory": {...}`: a member without its object
    if let Some(key_start) = member_key(before) {
        let cut = !text[..key_start].trim().is_empty() || !after.trim().is_empty();
        return Some((format!("{{{}{body}}}", &before[key_start..]), cut));
    }
    let cut = !before.trim().is_empty() || !after.trim().is_empty();
    Some((body.to_string(), cut))
}

/// Where a `"key":` (straight or curly quotes) ends `before`, if it does.
fn member_key(before: &str) -> Option<usize> {
    let t = before.trim_end().strip_suffix(':')?.trim_end();
    let close = t.chars().last()?;
    if !matches!(close, '"' | '\u{201D}' | '\u{201C}') {
        return None;
    }
    let inner = &t[..t.len() - close.len_utf8()];
    let open = inner.rfind(['"', '\u{201C}', '\u{201D}'])?;
    Some(open)
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(p: &Pasted) -> Vec<&str> {
        p.servers.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn a_bare_entry_takes_the_name_given() {
        let p = parse(r#"{"command": "npx", "args": ["-y", "x"]}"#, Some("mem")).unwrap();
        assert_eq!(
            p.servers,
            [("mem".into(), json!({"command": "npx", "args": ["-y", "x"]}))]
        );
        assert!(p.mended.is_empty());
        assert_eq!(
            parse(r#"{"command": "npx"}"#, None),
            Err(PasteError::NeedName)
        );
    }

    /// The block inside one wrapper: VS Code's user settings (`"mcp"`,
    /// with its `inputs`), Claude Code's `preferences` paste.
    #[test]
    fn a_block_inside_one_wrapper_is_found() {
        let vscode = r#"{"mcp": {"inputs": [{"type": "promptString", "id": "t"}],
                         "servers": {"github": {"command": "docker", "args": ["run"]}}}}"#;
        assert_eq!(names(&parse(vscode, None).unwrap()), ["github"]);
        let prefs =
            r#"{"preferences": {"mcpServers": {"a": {"command": "x"}, "a": {"command": "y"}}}}"#;
        let p = parse(prefs, None).unwrap();
        assert_eq!(names(&p), ["a"]);
        assert_eq!(p.duplicates, ["a"]);
        // an entry that holds a `servers` key of its own is an entry
        let hub = r#"{"hub": {"command": "x", "servers": {"a": {"command": "y"}}}}"#;
        assert_eq!(names(&parse(hub, None).unwrap()), ["hub"]);
        let map = r#"{"s": {"command": "x"}, "cfg": {"servers": {"a": {"command": "y"}}}}"#;
        assert!(parse(map, None).is_err());
        // two wrappers with a block each: which is meant is not guessed
        let two = r#"{"x": {"servers": {"a": {"command": "x"}}}, "y": {"servers": {"b": {"command": "y"}}}}"#;
        assert!(parse(two, None).is_err());
    }

    #[test]
    fn a_block_adds_every_server_under_its_name() {
        let text = r#"{"mcpServers": {"a": {"command": "x"}, "b": {"url": "https://h/mcp"}}}"#;
        let p = parse(text, None).unwrap();
        assert_eq!(names(&p), ["a", "b"]);
        // NAME with several: refused, naming them
        let e = parse(text, Some("a")).unwrap_err();
        assert_eq!(
            e,
            PasteError::NameWithMany {
                names: vec!["a".into(), "b".into()]
            }
        );
        assert!(e.message().contains("2 servers (a, b)"));
        // one server: NAME renames it
        let p = parse(r#"{"mcpServers": {"a": {"command": "x"}}}"#, Some("mine")).unwrap();
        assert_eq!(names(&p), ["mine"]);
        // VS Code's "servers"
        let p = parse(r#"{"servers": {"v": {"command": "x"}}}"#, None).unwrap();
        assert_eq!(names(&p), ["v"]);
    }

    #[test]
    fn a_map_or_a_lone_member_is_servers_by_name() {
        let p = parse(r#"{"a": {"command": "x"}, "b": {"command": "y"}}"#, None).unwrap();
        assert_eq!(names(&p), ["a", "b"]);
        let p = parse(
            "Add this to mcpServers:\n\"memory\": {\"command\": \"npx\"}\n",
            None,
        )
        .unwrap();
        assert_eq!(names(&p), ["memory"]);
        assert_eq!(p.mended, ["surrounding-text"]);
    }

    #[test]
    fn paste_damage_is_mended_and_named() {
        let text = "\u{FEFF}Put this in your config:\n```json\n{\n  // the memory server\n  \
\u{201C}mcpServers\u{201D}: {\n    \"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \
\u{2018}@modelcontextprotocol/server-memory\u{2019}],},\n  },\n}\n```\nThen restart.";
        let p = parse(text, None).unwrap();
        assert_eq!(
            p.servers,
            [(
                "memory".into(),
                json!({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]})
            )]
        );
        for code in [
            "bom",
            "code-fence",
            "comment",
            "smart-quote",
            "trailing-comma",
        ] {
            assert!(p.mended.iter().any(|m| m == code), "{code}: {:?}", p.mended);
        }
        assert!(
            !p.mended.iter().any(|m| m == "surrounding-text"),
            "{:?}",
            p.mended
        );
    }

    #[test]
    fn what_cannot_be_mended_is_refused_at_its_place() {
        let e = parse("{\n  \"a\": {\"command\": \"x}}\n", None).unwrap_err();
        assert!(matches!(e, PasteError::Broken { .. }), "{e:?}");
        assert!(
            e.message()
                .starts_with("the pasted JSON is broken at line "),
            "{e:?}"
        );
        assert_eq!(parse("no json here", None), Err(PasteError::NoObject));
        // a copy that stopped short: where it ends, not "no object"
        match parse("{\"command\": \"/bin/true\"", Some("q")) {
            Err(PasteError::Broken { spot, .. }) => assert!(spot.is_some()),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(r#"{"a": {"args": []}}"#, None),
            Err(PasteError::NotAnEntry { .. })
        ));
        assert!(matches!(
            parse(r#"{"a": 1}"#, None),
            Err(PasteError::Unknown { .. })
        ));
        assert_eq!(
            parse(r#"{"mcpServers": {}}"#, None),
            Err(PasteError::NoServers)
        );
    }
}
