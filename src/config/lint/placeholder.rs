//! Values copied from a README and never filled in: `<YOUR_TOKEN>`,
//! `{{DIR}}`, `[your_username]`, `/ABSOLUTE/PATH/TO/...`, `/Users/your-username/...`,
//! `YOUR_API_KEY_HERE`, `ghp_xxxxxxxx`, `"..."`. Such an entry cannot work,
//! yet nothing else in the file looks wrong, so each pattern here is narrow
//! enough that a real value does not match it (tested on published configs
//! in `tests/fixtures/real_world/`).

/// What a placeholder stands for (the hint differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A path or folder to fill in.
    Path,
    /// A key, token or other value to paste.
    Value,
}

/// A placeholder found in a value: the part to quote, and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub text: String,
    pub kind: Kind,
}

/// Where the value sits: `env` values may be a bare `...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Command,
    Arg,
    Env,
}

/// The placeholder in `value`, if it holds one.
pub fn find(value: &str, place: Place) -> Option<Found> {
    let path_kind = |text: String| Found {
        text,
        kind: Kind::Path,
    };
    if let Some(t) = delimited(value, "{{", "}}")
        .or_else(|| angle(value))
        .or_else(|| bracketed(value))
    {
        let upper = t.to_ascii_uppercase();
        let names_folder = ["DIR", "PATH", "FOLDER"].iter().any(|w| upper.contains(w));
        let kind = if looks_like_path(value) || names_folder {
            Kind::Path
        } else {
            Kind::Value
        };
        return Some(Found { text: t, kind });
    }
    if let Some(seg) = path_placeholder(value) {
        return Some(path_kind(seg));
    }
    if place == Place::Command {
        return None;
    }
    value_placeholder(value, place).then(|| Found {
        text: value.to_string(),
        kind: Kind::Value,
    })
}

fn looks_like_path(v: &str) -> bool {
    v.contains(['/', '\\'])
}

/// `{{DIR}}`: a template variable never substituted.
fn delimited(v: &str, open: &str, close: &str) -> Option<String> {
    let start = v.find(open)?;
    let len = v[start + open.len()..].find(close)?;
    (len > 0).then(|| v[start..start + open.len() + len + close.len()].to_string())
}

/// `<YOUR_TOKEN>`, `<path_to_node>`, `<auth-token>`: one to 60 word
/// characters (letters first) between angle brackets.
fn angle(v: &str) -> Option<String> {
    let b = v.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'<' {
            continue;
        }
        let inner = b[i + 1..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ' | b'.'))
            .count();
        let first_is_letter = b.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if (1..=60).contains(&inner) && first_is_letter && b.get(i + 1 + inner) == Some(&b'>') {
            return Some(v[i..i + inner + 2].to_string());
        }
    }
    None
}

/// Words that make a `[...]` a placeholder: what a README asks to fill in.
const FILL_IN_WORDS: &[&str] = &[
    "your",
    "user",
    "username",
    "name",
    "path",
    "dir",
    "directory",
    "folder",
    "project",
    "home",
    "repo",
    "file",
    "drive",
    "key",
    "token",
    "secret",
    "password",
];

/// `[your_username]`, `[username]`, `[YOUR_API_KEY]`: a path segment or a
/// whole value in square brackets naming what to fill in. Not `[::1]`,
/// `[id]` (a Next.js route folder) or a JSON list.
fn bracketed(v: &str) -> Option<String> {
    let whole = v.trim();
    let candidates = std::iter::once(whole).chain(v.split(['/', '\\']));
    for part in candidates {
        let Some(inner) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) else {
            continue;
        };
        let wordy = (1..=60).contains(&inner.len())
            && inner.starts_with(|c: char| c.is_ascii_alphabetic())
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'));
        let lower = inner.to_ascii_lowercase();
        let fill_in = lower
            .split(['_', '-', ' ', '.'])
            .any(|w| FILL_IN_WORDS.contains(&w) || w.starts_with("your"));
        if wordy && fill_in {
            return Some(part.to_string());
        }
    }
    None
}

/// A path whose folders are the README's words, not the user's: `path/to`,
/// `/ABSOLUTE/PATH`, `PATHTO`, `your-username`, `YourUsername`, or
/// `username` right under `Users`/`home`. Returns the telling part.
fn path_placeholder(v: &str) -> Option<String> {
    if !looks_like_path(v) {
        return None;
    }
    let segs: Vec<&str> = v.split(['/', '\\']).collect();
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    for (i, seg) in lower.iter().enumerate() {
        let next = lower.get(i + 1).map(String::as_str);
        let prev = i.checked_sub(1).map(|p| lower[p].as_str());
        let hit = (seg == "path" && next == Some("to"))
            || (seg == "absolute" && next == Some("path"))
            || matches!(seg.as_str(), "pathto" | "path_to" | "path-to")
            || seg.starts_with("path_to_")
            || is_your_word(segs[i])
            || (seg == "username" && matches!(prev, Some("users" | "home")));
        if hit {
            let end = if seg == "path" || seg == "absolute" {
                i + 2
            } else {
                i + 1
            };
            return Some(segs[i..end.min(segs.len())].join("/"));
        }
    }
    None
}

/// `your-username`, `your_project`, `YourUsername`, `yourname`.
fn is_your_word(seg: &str) -> bool {
    let lower = seg.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("your") else {
        return false;
    };
    let camel = seg.as_bytes().get(4).is_some_and(u8::is_ascii_uppercase);
    rest.starts_with(['-', '_', ' '])
        || camel
        || matches!(
            rest,
            "name" | "username" | "user" | "project" | "folder" | "repo"
        )
}

/// A whole value that is an instruction, not a value: `YOUR_API_KEY_HERE`,
/// `your-token`, `paste_key_here`, `changeme`, `ghp_xxxxxxxx`, and in `env`
/// a bare `...`.
fn value_placeholder(v: &str, place: Place) -> bool {
    let t = v.trim();
    let lower = t.to_ascii_lowercase();
    if place == Place::Env && (t == "..." || t == "…" || t.ends_with("...") || t.ends_with('…'))
    {
        return true;
    }
    if t.contains(char::is_whitespace) && place == Place::Arg {
        return false;
    }
    is_your_word(t)
        || ["_here", "-here", " here"]
            .iter()
            .any(|s| lower.ends_with(s))
        || matches!(
            lower.as_str(),
            "changeme" | "change-me" | "change_me" | "replace-me" | "replace_me" | "replaceme"
        )
        || longest_x_run(t) >= 6
}

fn longest_x_run(t: &str) -> usize {
    t.split(|c: char| c != 'x' && c != 'X')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_found() {
        let cases: &[(&str, Place, &str, Kind)] = &[
            ("<YOUR_TOKEN>", Place::Env, "<YOUR_TOKEN>", Kind::Value),
            (
                "<path_to_node>",
                Place::Command,
                "<path_to_node>",
                Kind::Path,
            ),
            ("<pkg>/dist/index.js", Place::Arg, "<pkg>", Kind::Path),
            (
                "Bearer <auth-token>",
                Place::Env,
                "<auth-token>",
                Kind::Value,
            ),
            ("{{DIR}}", Place::Arg, "{{DIR}}", Kind::Path),
            ("{{ api_key }}", Place::Env, "{{ api_key }}", Kind::Value),
            ("path/to/python", Place::Command, "path/to", Kind::Path),
            (
                "/path/to/custom/memory.json",
                Place::Env,
                "path/to",
                Kind::Path,
            ),
            (
                "/ABSOLUTE/PATH/TO/weather/build/index.js",
                Place::Arg,
                "ABSOLUTE/PATH",
                Kind::Path,
            ),
            (
                "/Users/your-username/.local/bin/uv",
                Place::Command,
                "your-username",
                Kind::Path,
            ),
            (
                r"C:\Users\YourUsername\srv",
                Place::Arg,
                "YourUsername",
                Kind::Path,
            ),
            (
                "/Users/username/Desktop",
                Place::Arg,
                "username",
                Kind::Path,
            ),
            ("PATHTO/mcp-pack/x", Place::Arg, "PATHTO", Kind::Path),
            (
                "YOUR_API_KEY_HERE",
                Place::Env,
                "YOUR_API_KEY_HERE",
                Kind::Value,
            ),
            (
                "your_serpapi_key_here",
                Place::Env,
                "your_serpapi_key_here",
                Kind::Value,
            ),
            (
                "paste-token-here",
                Place::Env,
                "paste-token-here",
                Kind::Value,
            ),
            (
                "ghp_xxxxxxxxxxxxxxxx",
                Place::Env,
                "ghp_xxxxxxxxxxxxxxxx",
                Kind::Value,
            ),
            ("...", Place::Env, "...", Kind::Value),
            ("sk-...", Place::Env, "sk-...", Kind::Value),
            (
                "/Users/[your_username]/Documents",
                Place::Arg,
                "[your_username]",
                Kind::Path,
            ),
            (
                r"C:\Users\[username]\AppData\Roaming\npm\node_modules\x\dist\index.js",
                Place::Arg,
                "[username]",
                Kind::Path,
            ),
            (
                r"C:\Users\[USERNAME]\data",
                Place::Env,
                "[USERNAME]",
                Kind::Path,
            ),
            ("[YOUR_API_KEY]", Place::Env, "[YOUR_API_KEY]", Kind::Value),
            (
                "[path to your folder]",
                Place::Arg,
                "[path to your folder]",
                Kind::Path,
            ),
        ];
        for (v, place, text, kind) in cases {
            let f = find(v, *place).unwrap_or_else(|| panic!("{v} not found"));
            assert_eq!((f.text.as_str(), f.kind), (*text, *kind), "{v}");
        }
    }

    #[test]
    fn real_values_are_not_placeholders() {
        for (v, place) in [
            ("npx", Place::Command),
            ("/usr/local/bin/node", Place::Command),
            ("/Users/alex/Desktop", Place::Arg),
            ("/home/user/projects", Place::Arg),
            ("@modelcontextprotocol/server-filesystem", Place::Arg),
            ("Authorization:${AUTH_HEADER}", Place::Arg),
            ("--local-timezone=America/New_York", Place::Arg),
            ("type=bind,src=/Users/alex,dst=/Users/alex", Place::Arg),
            ("ghp_exampleexampleexampleexample0000", Place::Env),
            ("sk-ant-api03-AbC1x2", Place::Env),
            ("true", Place::Env),
            ("localhost,127.0.0.1", Place::Env),
            ("a < b > c", Place::Arg),
            ("x<1>", Place::Arg),
            ("...", Place::Arg),
            ("/Users/alex/yourself/notes", Place::Arg),
            ("/opt/path/tools", Place::Arg),
            ("come here", Place::Arg),
            ("[::1]:8080", Place::Arg),
            ("/srv/app/[id]/page.js", Place::Arg),
            ("[\"a\", \"b\"]", Place::Arg),
            ("[1,2]", Place::Env),
            ("--include=[a-z]*", Place::Arg),
        ] {
            assert_eq!(find(v, place), None, "{v}");
        }
    }
}
