//! Other clients' variable references in a pasted entry, and filling them
//! (`add-json --fill-env`). Claude Code expands `${NAME}` and
//! `${NAME:-default}` in an entry's `command`, `args`, `env`, `url` and
//! `headers`; Cursor and VS Code expand `${env:NAME}` and `${userHome}`.
//! Claude Desktop expands none of them: a README's snippet written for
//! those clients hands the server the text `${API_KEY}`. Pure: the values
//! come from a look-up the caller gives.

use serde_json::Value as Json;

use crate::text::FastSet;

/// What a `${...}` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// `${NAME}`, `${env:NAME}`, `${NAME:-default}`: an environment
    /// variable (with the default Claude Code falls back to).
    Var {
        name: String,
        default: Option<String>,
    },
    /// `${userHome}`: the home folder.
    Home,
    /// Anything else (`${workspaceFolder}`, VS Code's `${input:id}`): a
    /// value only that client knows; the text inside the braces.
    Other(String),
}

impl Ref {
    /// The name a report uses: the variable's, or what the braces hold.
    pub fn label(&self) -> &str {
        match self {
            Ref::Var { name, .. } => name,
            Ref::Home => "userHome",
            Ref::Other(s) => s,
        }
    }
}

/// What [`fill`] did, each name once, in the order met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled {
    /// Filled from the environment (or the home folder).
    pub filled: Vec<String>,
    /// Unset with a `:-default`: the default was written.
    pub defaulted: Vec<String>,
    /// Left as written: unset with no default, or a value only the other
    /// client knows (`workspaceFolder`, `input:...`).
    pub missing: Vec<String>,
    /// The environment's values written in place of a reference (for the
    /// output's masking), with the variable they came from.
    pub values: Vec<(String, String)>,
}

/// Each `${...}` in `text`, in order: its byte range, braces included,
/// and what the braces hold. A `${` with no `}` after it is text. (The one
/// scanner of `${...}`: `plan::repair` reads mcp-remote's header
/// references with it too.)
pub fn braces(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("${").map(|i| from + i) {
        let Some(len) = text[i + 2..].find('}') else {
            break;
        };
        let end = i + 2 + len + 1;
        out.push((i..end, &text[i + 2..end - 1]));
        from = end;
    }
    out
}

/// Each `${...}` of `text`: its byte range and what it asks for.
pub fn refs_in(text: &str) -> Vec<(std::ops::Range<usize>, Ref)> {
    braces(text)
        .into_iter()
        .map(|(r, inner)| (r, parse(inner)))
        .collect()
}

fn parse(inner: &str) -> Ref {
    let is_name = |s: &str| {
        let mut c = s.chars();
        c.next()
            .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
            && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
    };
    if inner == "userHome" {
        return Ref::Home;
    }
    if let Some(name) = inner.strip_prefix("env:")
        && is_name(name)
    {
        return Ref::Var {
            name: name.to_string(),
            default: None,
        };
    }
    if let Some((name, default)) = inner.split_once(":-")
        && is_name(name)
    {
        return Ref::Var {
            name: name.to_string(),
            default: Some(default.to_string()),
        };
    }
    if is_name(inner) && !is_other_clients(inner) {
        return Ref::Var {
            name: inner.to_string(),
            default: None,
        };
    }
    Ref::Other(inner.to_string())
}

/// VS Code's and Cursor's own variables (not the environment's).
fn is_other_clients(name: &str) -> bool {
    matches!(
        name,
        "workspaceFolder" | "workspaceFolderBasename" | "pathSeparator" | "cwd" | "file"
    )
}

/// Fill every reference of `entry` (its `command`, `args`, `env` values,
/// `url` and `headers` values) from `lookup` (a variable's value; `None`
/// when unset) and `home`. Left as written: an argument's `${NAME}` when
/// the entry's own `env` sets NAME (a bridge or a shell expands it from
/// there when the server starts: `--header Authorization:${TOKEN}`), and
/// what cannot be filled (listed in `missing`).
pub fn fill(
    entry: &mut Json,
    lookup: &dyn Fn(&str) -> Option<String>,
    home: Option<&str>,
) -> Filled {
    let own_env = env_keys(entry);
    let mut done = Filled::default();
    for_each_string_mut(entry, &mut |field, s| {
        let refs = refs_in(s);
        if refs.is_empty() {
            return;
        }
        let mut new = String::with_capacity(s.len());
        let mut at = 0;
        for (range, r) in refs {
            new.push_str(&s[at..range.start]);
            at = range.end;
            let kept = &s[range.clone()];
            if field == Field::Args && runtime_expanded(&r, &own_env) {
                new.push_str(kept);
                continue;
            }
            // (the environment's values are what the output must hide;
            // a default was in the paste, the home folder is no secret)
            let value = match &r {
                Ref::Var { name, default } => match (lookup(name), default) {
                    (Some(v), _) => Some((v, &mut done.filled, true)),
                    (None, Some(d)) => Some((d.clone(), &mut done.defaulted, false)),
                    (None, None) => None,
                },
                Ref::Home => home.map(|h| (h.to_string(), &mut done.filled, false)),
                Ref::Other(_) => None,
            };
            match value {
                Some((v, list, from_env)) => {
                    push_once(list, r.label());
                    if from_env && !done.values.iter().any(|(_, x)| *x == v) {
                        done.values.push((r.label().to_string(), v.clone()));
                    }
                    new.push_str(&v);
                }
                None => {
                    push_once(&mut done.missing, r.label());
                    new.push_str(kept);
                }
            }
        }
        new.push_str(&s[at..]);
        *s = new;
    });
    done
}

/// [`fill`] over several entries: each name once in each list.
pub fn fill_all<'a>(
    entries: impl Iterator<Item = &'a mut Json>,
    lookup: &dyn Fn(&str) -> Option<String>,
    home: Option<&str>,
) -> Filled {
    let mut all = Filled::default();
    // what each list holds, so that a paste of 20,000 entries is not
    // compared with itself: names per list, and each value once (entries
    // sharing `${API_KEY}` hide one secret, not one per entry)
    let mut seen: [FastSet<String>; 4] = Default::default();
    for entry in entries {
        let f = fill(entry, lookup, home);
        let [filled, defaulted, missing, values] = &mut seen;
        for (list, set, more) in [
            (&mut all.filled, filled, f.filled),
            (&mut all.defaulted, defaulted, f.defaulted),
            (&mut all.missing, missing, f.missing),
        ] {
            for n in more {
                if set.insert(n.clone()) {
                    list.push(n);
                }
            }
        }
        for (k, v) in f.values {
            if values.insert(v.clone()) {
                all.values.push((k, v));
            }
        }
    }
    all
}

/// An argument's `${NAME}` the entry's env sets: expanded when the server
/// starts (mcp-remote's `--header`, a shell's `$NAME`), not by the client.
fn runtime_expanded(r: &Ref, own_env: &[String]) -> bool {
    matches!(r, Ref::Var { name, default: None } if own_env.contains(name))
}

fn env_keys(entry: &Json) -> Vec<String> {
    entry
        .get("env")
        .and_then(Json::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Args,
    Other,
}

/// Each string `fill` looks at: `command`, `url`, every string of
/// `args`, every string value of `env` and `headers`.
fn for_each_string_mut(entry: &mut Json, f: &mut dyn FnMut(Field, &mut String)) {
    let Some(m) = entry.as_object_mut() else {
        return;
    };
    for (key, value) in m.iter_mut() {
        match (key.as_str(), value) {
            ("command" | "url", Json::String(s)) => f(Field::Other, s),
            ("args", Json::Array(items)) => {
                for item in items {
                    if let Json::String(s) = item {
                        f(Field::Args, s);
                    }
                }
            }
            ("env" | "headers", Json::Object(map)) => {
                for v in map.values_mut() {
                    if let Json::String(s) = v {
                        f(Field::Other, s);
                    }
                }
            }
            _ => {}
        }
    }
}

fn push_once(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "API_KEY" => Some("sk-live-1234567890abcdefghij".into()),
            "REGION" => Some("eu".into()),
            _ => None,
        }
    }

    #[test]
    fn the_three_clients_spellings_are_read() {
        let r = |s: &str| refs_in(s).into_iter().map(|(_, r)| r).collect::<Vec<_>>();
        let var = |n: &str, d: Option<&str>| Ref::Var {
            name: n.into(),
            default: d.map(str::to_string),
        };
        assert_eq!(r("${API_KEY}"), [var("API_KEY", None)]);
        assert_eq!(r("x ${env:API_KEY} y"), [var("API_KEY", None)]);
        assert_eq!(r("${PORT:-8080}"), [var("PORT", Some("8080"))]);
        assert_eq!(r("${PORT:-}"), [var("PORT", Some(""))]);
        assert_eq!(r("${userHome}/data"), [Ref::Home]);
        assert_eq!(
            r("${workspaceFolder}"),
            [Ref::Other("workspaceFolder".into())]
        );
        assert_eq!(r("${input:token}"), [Ref::Other("input:token".into())]);
        // no closing brace, `$NAME` without braces, a name with a dash: text
        assert!(r("${API_KEY").is_empty());
        assert!(r("$API_KEY").is_empty());
        assert_eq!(r("${A-B}"), [Ref::Other("A-B".into())]);
        assert_eq!(r("${A}${B}").len(), 2);
    }

    #[test]
    fn fill_replaces_what_is_set_and_says_what_is_not() {
        let mut e = json!({
            "command": "npx",
            "args": ["-y", "pkg", "--region=${REGION}", "--port", "${PORT:-8080}"],
            "env": {"API_KEY": "${API_KEY}", "DATA": "${userHome}/d", "W": "${workspaceFolder}",
                    "N": 5},
            "headers": {"Authorization": "Bearer ${env:API_KEY}"},
            "other": "${API_KEY}"
        });
        let done = fill(&mut e, &lookup, Some("/home/u"));
        assert_eq!(e["args"][2], "--region=eu");
        assert_eq!(e["args"][4], "8080");
        assert_eq!(e["env"]["API_KEY"], "sk-live-1234567890abcdefghij");
        assert_eq!(e["env"]["DATA"], "/home/u/d");
        assert_eq!(e["env"]["W"], "${workspaceFolder}");
        assert_eq!(e["env"]["N"], 5);
        assert_eq!(
            e["headers"]["Authorization"],
            "Bearer sk-live-1234567890abcdefghij"
        );
        // a key the app does not read is not touched
        assert_eq!(e["other"], "${API_KEY}");
        assert_eq!(done.filled, ["REGION", "API_KEY", "userHome"]);
        assert_eq!(done.defaulted, ["PORT"]);
        assert_eq!(done.missing, ["workspaceFolder"]);
        // what the output hides: the environment's values only (the
        // default was pasted, the home folder is no secret)
        let hidden: Vec<&str> = done.values.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(hidden, ["REGION", "API_KEY"]);
    }

    #[test]
    fn an_argument_the_entrys_env_feeds_is_left_for_the_bridge() {
        let mut e = json!({
            "command": "npx",
            "args": ["mcp-remote", "https://x.dev/mcp", "--header", "Authorization:${API_KEY}"],
            "env": {"API_KEY": "${API_KEY}"}
        });
        let done = fill(&mut e, &lookup, None);
        assert_eq!(e["args"][3], "Authorization:${API_KEY}");
        assert_eq!(e["env"]["API_KEY"], "sk-live-1234567890abcdefghij");
        assert_eq!(done.filled, ["API_KEY"]);
    }

    #[test]
    fn fill_all_names_each_variable_once() {
        let mut a = json!({"command": "x", "env": {"K": "${API_KEY}", "M": "${NOPE}"}});
        let mut b = json!({"command": "y", "args": ["${API_KEY}", "${NOPE}", "${Q:-1}"]});
        let done = fill_all([&mut a, &mut b].into_iter(), &lookup, None);
        assert_eq!(done.filled, ["API_KEY"]);
        assert_eq!(done.missing, ["NOPE"]);
        assert_eq!(done.defaulted, ["Q"]);
        assert_eq!(
            b["args"],
            json!(["sk-live-1234567890abcdefghij", "${NOPE}", "1"])
        );
        // the secret both entries share is hidden once
        assert_eq!(done.values.len(), 1, "{:?}", done.values);
    }

    #[test]
    fn unset_without_default_is_missing_and_kept() {
        let mut e = json!({"command": "x", "env": {"T": "${NOPE}", "H": "${userHome}"}});
        let done = fill(&mut e, &lookup, None);
        assert_eq!(e["env"]["T"], "${NOPE}");
        assert_eq!(e["env"]["H"], "${userHome}");
        assert_eq!(done.missing, ["NOPE", "userHome"]);
        assert!(done.filled.is_empty() && done.values.is_empty());
    }
}
