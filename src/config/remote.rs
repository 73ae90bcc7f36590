//! Remote servers in the file, read two ways:
//! - a **url entry** (`url`, `serverUrl`, `httpUrl`, `headers`, `type` /
//!   `transport`), pasted from another client's docs: Claude Desktop skips
//!   it (the schema pass reports it, `plan::repair` offers the fixes);
//! - a **bridge entry**: a local stdio proxy that the app starts and that
//!   connects to the URL itself (`mcp-remote`, `supergateway`,
//!   `mcp-proxy`). Which URL, with which headers, and the bridge settings
//!   that decide whether it works (a fixed OAuth callback port, the
//!   transport strategy, `--allow-http`, `--enable-proxy`).
//!
//! The bridges are data ([`BRIDGES`]): a new one is one line. Pure: an
//! entry in, facts out. `lint` uses it for the bridge traps, `plan` for the
//! url-entry repair, `machine` for bridge health, and `commands` to probe
//! the URL over HTTP instead of spawning the bridge (which could open a
//! browser sign-in).

use std::borrow::Cow;

use super::ast::Node;
use super::model::ServerEntry;
use crate::text::ends_with_ignore_ascii_case;
use crate::urls::is_http_url;

/// Keys that hold a remote server's URL, in the order they are read (kept
/// in `model`, whose secret hunt reads them too).
pub use super::model::URL_KEYS;

/// Every key that describes a remote server (the repair removes them).
pub const REMOTE_KEYS: &[&str] = &[
    "url",
    "serverUrl",
    "httpUrl",
    "headers",
    "type",
    "transport",
];

/// Which transport an entry asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransportHint {
    /// Not said: Streamable HTTP first, then legacy SSE.
    Auto,
    StreamableHttp,
    /// The legacy HTTP+SSE transport (2024-11-05).
    Sse,
}

impl TransportHint {
    /// `type` / `transport` values as other clients write them.
    fn parse(value: &str) -> Option<TransportHint> {
        let v: String = value
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match v.as_str() {
            "sse" | "ssehttp" | "httpsse" | "ssefirst" | "sseonly" => Some(TransportHint::Sse),
            "http" | "streamablehttp" | "streamable" | "https" | "httpfirst" | "httponly" => {
                Some(TransportHint::StreamableHttp)
            }
            _ => None,
        }
    }
}

/// A stdio bridge to a remote server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bridge {
    McpRemote,
    Supergateway,
    McpProxy,
}

/// What mcpctl knows about each bridge.
pub struct BridgeInfo {
    pub bridge: Bridge,
    /// The package (npm or PyPI) and the command it installs.
    pub package: &'static str,
    /// Its runtime: `node` (npm) or `python` (PyPI).
    pub runtime: &'static str,
    /// It replaces `${VAR}` in its header arguments from its own environment.
    pub expands_vars: bool,
}

/// The bridges mcpctl recognises.
pub const BRIDGES: &[BridgeInfo] = &[
    BridgeInfo {
        bridge: Bridge::McpRemote,
        package: "mcp-remote",
        runtime: "node",
        expands_vars: true,
    },
    BridgeInfo {
        bridge: Bridge::Supergateway,
        package: "supergateway",
        runtime: "node",
        expands_vars: false,
    },
    BridgeInfo {
        bridge: Bridge::McpProxy,
        package: "mcp-proxy",
        runtime: "python",
        expands_vars: false,
    },
];

impl Bridge {
    pub fn info(self) -> &'static BridgeInfo {
        BRIDGES
            .iter()
            .find(|b| b.bridge == self)
            .unwrap_or(&BRIDGES[0])
    }
    pub fn package(self) -> &'static str {
        self.info().package
    }
    /// It runs on Node (its requests go through Node's `fetch`).
    pub fn runs_on_node(self) -> bool {
        self.info().runtime == "node"
    }
}

/// How an entry reaches its remote server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A url entry: the app skips it.
    UrlEntry,
    Bridge(BridgeUse),
}

/// A bridge as the entry runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BridgeUse {
    pub bridge: Bridge,
    /// The package as written (`mcp-remote@0.1.29`), for the version.
    pub spec: String,
    /// A callback port passed explicitly (mcp-remote: the number after
    /// the URL), with the index of that argument in `args`.
    pub callback_port: Option<(u16, usize)>,
    /// `--allow-http` is given (mcp-remote refuses plain http otherwise,
    /// except on localhost).
    pub allow_http: bool,
    /// `--enable-proxy` is given (mcp-remote ignores proxy variables
    /// otherwise).
    pub enable_proxy: bool,
    /// Indices in `args` of the header values (`--header "K: V"`), for the
    /// token-in-args check.
    pub header_args: Vec<usize>,
    /// mcp-remote flags written `--flag=value` (index in `args`, flag):
    /// mcp-remote reads only `--flag value`, so it ignores them (a
    /// `--header=K:V` sends no header).
    pub inline_flags: Vec<(usize, String)>,
}

/// One remote server an entry points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub url: String,
    /// The key the URL was under (url entries), or `args` (bridges).
    pub url_key: String,
    /// Headers as written (`${VAR}` not expanded).
    pub headers: Vec<(String, String)>,
    pub transport: TransportHint,
    pub via: Via,
}

impl Remote {
    pub fn bridge(&self) -> Option<&BridgeUse> {
        match &self.via {
            Via::Bridge(b) => Some(b),
            Via::UrlEntry => None,
        }
    }

    /// The headers the bridge sends: `${VAR}` replaced from the entry's
    /// env where the bridge itself does that (mcp-remote), as written
    /// otherwise. A url entry's headers are sent as written.
    pub fn resolved_headers(&self, env: &[(String, String)]) -> Vec<(String, String)> {
        let expands = self.bridge().is_some_and(|b| b.bridge.info().expands_vars);
        self.headers
            .iter()
            .map(|(k, v)| {
                let v = if expands {
                    expand_vars(v, env)
                } else {
                    v.clone()
                };
                // as Node's fetch takes a header value: leading and trailing
                // HTTP white space dropped (a token read from a file with its
                // line end works); a line break inside stays, and is refused
                let v = v.trim_matches([' ', '\t', '\r', '\n']).to_string();
                (k.clone(), v)
            })
            .collect()
    }
}

/// `${VAR}` replaced by the value `env` gives it (left as written when
/// `env` lacks it: the bridge sends the text as is then).
pub fn expand_vars(text: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match env.iter().rev().find(|(k, _)| k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The remote server an entry points at, if any: a url entry (only when
/// it has no `command`: then the URL is what it means), or a bridge.
pub fn of(entry: &ServerEntry) -> Option<Remote> {
    match &entry.command {
        Some(c) if !c.trim().is_empty() => bridge(c, &entry.args, &entry.env),
        _ => url_entry(&entry.node),
    }
}

/// A url entry's remote server (`url` / `serverUrl` / `httpUrl`).
pub fn url_entry(node: &Node) -> Option<Remote> {
    let (key, url) = URL_KEYS
        .iter()
        .find_map(|k| node.get(k).and_then(Node::as_str).map(|u| (*k, u)))?;
    let headers = node
        .get("headers")
        .and_then(Node::as_object)
        .map(|ms| {
            ms.iter()
                .filter_map(|m| m.value.as_str().map(|v| (m.key.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let by_type = ["type", "transport"].iter().find_map(|k| {
        node.get(k)
            .and_then(Node::as_str)
            .and_then(TransportHint::parse)
    });
    // Gemini CLI's `httpUrl` is Streamable HTTP, its `url` SSE; without a
    // type, other clients try both.
    let transport = by_type.unwrap_or(if key == "httpUrl" {
        TransportHint::StreamableHttp
    } else {
        TransportHint::Auto
    });
    Some(Remote {
        url: url.trim().to_string(),
        url_key: key.to_string(),
        headers,
        transport,
        via: Via::UrlEntry,
    })
}

/// The package runner an entry's command is (`npx`, `pnpx`, `bunx`,
/// `uvx`, `pipx`; `cmd /c npx` counts as npx), if any.
pub fn runner_of(command: &str) -> Option<&'static str> {
    match &*stem(command) {
        "npx" | "cmd" => Some("npx"),
        "pnpx" => Some("pnpx"),
        "bunx" => Some("bunx"),
        "uvx" => Some("uvx"),
        "pipx" => Some("pipx"),
        _ => None,
    }
}

/// A program's name without its folder and Windows extension, lower case:
/// `/usr/bin/npx.cmd` -> `npx`, `C:\Windows\System32\wsl.exe` -> `wsl`.
pub fn stem(word: &str) -> Cow<'_, str> {
    let base = word
        .bytes()
        .rposition(|b| b == b'/' || b == b'\\')
        .map_or(word, |i| &word[i + 1..]);
    let cut = [".cmd", ".exe", ".bat", ".ps1"]
        .iter()
        .find(|s| ends_with_ignore_ascii_case(base, s))
        .map_or(0, |s| s.len());
    // (asked of every word of every entry: no copy unless one is needed)
    let stemmed = &base[..base.len() - cut];
    if stemmed.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(stemmed.to_ascii_lowercase())
    } else {
        Cow::Borrowed(stemmed)
    }
}

/// `@scope/pkg@1.2` -> `@scope/pkg`, `pkg@latest` -> `pkg`,
/// `pkg==1.0` -> `pkg`.
fn package_of(word: &str) -> &str {
    let w = word.split("==").next().unwrap_or(word);
    match w.rfind('@') {
        Some(i) if i > 0 => &w[..i],
        _ => w,
    }
}

/// A bridge entry's remote server: the command or one of its first
/// arguments is a known bridge, and it names a URL.
pub fn bridge(command: &str, args: &[String], env: &[(String, String)]) -> Option<Remote> {
    let words: Vec<&str> = std::iter::once(command)
        .chain(args.iter().map(String::as_str))
        .collect();
    // the bridge is the command itself (installed globally) or the first
    // argument that names it (npx -y mcp-remote, uvx mcp-proxy, cmd /c npx
    // mcp-remote, npx -p mcp-remote@1 mcp-remote), or a script inside its
    // package (node /usr/lib/node_modules/mcp-remote/dist/proxy.js)
    let Some((pos, info, script)) = words.iter().enumerate().find_map(|(i, w)| {
        let s = stem(w);
        let pkg = package_of(&s);
        if let Some(b) = BRIDGES.iter().find(|b| b.package == pkg) {
            return Some((i, b, false));
        }
        BRIDGES
            .iter()
            .find(|b| script_of(w, b.package))
            .map(|b| (i, b, true))
    }) else {
        return in_shell_string(command, args, env);
    };
    // the arguments after the bridge, with their index in `args`
    let rest: Vec<(usize, &str)> = (pos + 1..words.len()).map(|i| (i - 1, words[i])).collect();
    let spec = if script {
        info.package
    } else {
        words[pos].rsplit(['/', '\\']).next().unwrap_or(words[pos])
    };
    let mut b = BridgeUse {
        bridge: info.bridge,
        spec: spec.to_string(),
        callback_port: None,
        allow_http: false,
        enable_proxy: false,
        header_args: Vec::new(),
        inline_flags: Vec::new(),
    };
    let found = match info.bridge {
        Bridge::McpRemote => mcp_remote(&rest, &mut b),
        Bridge::Supergateway => supergateway(&rest, &mut b),
        Bridge::McpProxy => mcp_proxy(&rest, env, &mut b),
    }?;
    Some(Remote {
        url: found.url,
        url_key: "args".into(),
        headers: found.headers,
        transport: found.transport,
        via: Via::Bridge(b),
    })
}

/// Whether `url` carries credentials (`https://user:pw@host/`): Node's
/// `fetch` refuses to build a request from such a URL ("Request cannot be
/// constructed from a URL that includes credentials"), so a Node bridge
/// exits at its first request.
pub fn has_credentials(url: &str) -> bool {
    crate::urls::without_credentials(url).is_some()
}

/// Whether mcp-remote refuses `url` without `--allow-http`: a plain
/// `http:` URL whose host is other than exactly `localhost` or
/// `127.0.0.1` (mcp-remote 0.15 `parseCommandLineArgs`: `[::1]` and LAN
/// hosts too; the host compared as the WHATWG URL parser lowercases it).
pub fn mcp_remote_refuses(url: &str) -> bool {
    let u = url.trim();
    u.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        && !crate::urls::host_of(u)
            .is_some_and(|h| h.eq_ignore_ascii_case("localhost") || h == "127.0.0.1")
}

/// Whether `word` is a script inside the package `package`
/// (`.../node_modules/mcp-remote/dist/proxy.js`, `...\\mcp-remote\\dist\\client.js`).
fn script_of(word: &str, package: &str) -> bool {
    // (asked of every word of every entry: the cheap test first)
    if ![".js", ".mjs", ".cjs"]
        .iter()
        .any(|e| ends_with_ignore_ascii_case(word, e))
    {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['/', '\\']).collect();
    // mcp-remote's `client.js` is its test client, not the proxy
    let client = parts.last().is_some_and(|f| f.starts_with("client."));
    !client && parts.len() > 1 && parts[..parts.len() - 1].contains(&package)
}

/// A bridge inside one shell string: `sh -c "npx -y mcp-remote URL"`,
/// `cmd /c "npx -y mcp-remote URL"`. The shell starts the bridge all the
/// same. (Its header arguments are inside that one string: none is
/// pointed at.)
fn in_shell_string(command: &str, args: &[String], env: &[(String, String)]) -> Option<Remote> {
    let posix = match &*stem(command) {
        "sh" | "bash" | "zsh" | "dash" => true,
        "cmd" => false,
        _ => return None,
    };
    // -c, or with other one-letter flags before it (bash -lc); cmd's /c,
    // or "/c npx ..." in one argument
    let line = args.iter().enumerate().find_map(|(i, a)| {
        if posix {
            let flag =
                a.len() > 1 && a.starts_with('-') && !a.starts_with("--") && a.ends_with('c');
            flag.then(|| args.get(i + 1)).flatten().map(String::as_str)
        } else if a.eq_ignore_ascii_case("/c") {
            args.get(i + 1).map(String::as_str)
        } else {
            a.get(..3)
                .filter(|h| h.eq_ignore_ascii_case("/c "))
                .map(|_| &a[3..])
        }
    })?;
    let mut r = shell_segments(line).into_iter().find_map(|words| {
        // `exec`, `env` and NAME=VALUE before the program are the shell's
        let words: Vec<String> = words
            .into_iter()
            .skip_while(|w| w == "exec" || w == "env" || is_assignment(w))
            .collect();
        let (first, rest) = words.split_first()?;
        let runs = RUNNERS.contains(&&*stem(first))
            || BRIDGES
                .iter()
                .any(|b| package_of(&stem(first)) == b.package);
        if !runs || rest.is_empty() {
            return None;
        }
        bridge(first, rest, env)
    })?;
    if let Via::Bridge(b) = &mut r.via {
        b.header_args.clear();
    }
    Some(r)
}

/// Programs that start a package's program: in a shell string, a bridge
/// is taken only from a command that starts with one (or with the bridge).
const RUNNERS: &[&str] = &[
    "npx", "pnpx", "bunx", "pnpm", "yarn", "npm", "uvx", "uv", "pipx", "node", "bun", "deno", "cmd",
];

/// `NAME=VALUE`, as a shell takes it before a command.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A shell command line cut into the commands that `;`, `&&`, `||`, `|`,
/// `&` and line breaks separate (outside quotes), each split into words
/// as a typed command line is (`text::split_words`; no expansion). A
/// command whose quotes do not close is left out.
fn shell_segments(line: &str) -> Vec<Vec<String>> {
    let mut cuts = Vec::new();
    let mut from = 0;
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, ';' | '&' | '|' | '\n') => {
                cuts.push(&line[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    cuts.push(&line[from..]);
    cuts.into_iter()
        .filter_map(|c| crate::text::split_words(c).ok())
        .filter(|w| !w.is_empty())
        .collect()
}

struct Found {
    url: String,
    headers: Vec<(String, String)>,
    transport: TransportHint,
}

/// `K: V` (or `K:V`) -> (`K`, `V`).
fn split_header(h: &str) -> Option<(String, String)> {
    let (k, v) = h.split_once(':')?;
    let k = k.trim();
    (!k.is_empty() && !k.contains(' ')).then(|| (k.to_string(), v.trim().to_string()))
}

/// Flags of mcp-remote that take a value.
const MCP_REMOTE_VALUED: &[&str] = &[
    "--header",
    "--transport",
    "--host",
    "--callback-path",
    "--resource",
    "--auth-timeout",
    "--static-oauth-client-metadata",
    "--static-oauth-client-info",
    "--ignore-tool",
];

/// `mcp-remote URL [PORT] [--header "K: V"]... [flags]`.
fn mcp_remote(rest: &[(usize, &str)], b: &mut BridgeUse) -> Option<Found> {
    let mut url = None;
    let mut headers = Vec::new();
    let mut transport = TransportHint::Auto;
    let mut it = rest.iter().peekable();
    while let Some(&(i, a)) = it.next() {
        // mcp-remote (0.15 `parseCommandLineArgs`) matches whole words
        // only: `--header=K:V` is neither a header nor anything else
        if let Some((f, _)) = a.split_once('=')
            && (MCP_REMOTE_VALUED.contains(&f) || f == "--allow-http" || f == "--enable-proxy")
        {
            b.inline_flags.push((i, f.to_string()));
            continue;
        }
        let flag = a;
        if MCP_REMOTE_VALUED.contains(&flag) {
            let Some((vi, v)) = it.next().copied() else {
                continue;
            };
            match flag {
                "--header" => {
                    b.header_args.push(vi);
                    headers.extend(split_header(v));
                }
                "--transport" => transport = TransportHint::parse(v).unwrap_or(transport),
                _ => {}
            }
        } else if flag == "--allow-http" {
            b.allow_http = true;
        } else if flag == "--enable-proxy" {
            b.enable_proxy = true;
        } else if a.starts_with('-') {
            // another switch
        } else if url.is_none() && is_http_url(a) {
            url = Some(a.trim().to_string());
        } else if url.is_some()
            && b.callback_port.is_none()
            && let Ok(port) = a.parse::<u16>()
        {
            b.callback_port = Some((port, i));
        }
    }
    Some(Found {
        url: url?,
        headers,
        transport,
    })
}

/// `supergateway --sse URL | --streamableHttp URL [--header "K: V"]
/// [--oauth2Bearer TOKEN]` (with `--stdio` it serves a local server
/// instead: not a bridge to a remote one).
fn supergateway(rest: &[(usize, &str)], b: &mut BridgeUse) -> Option<Found> {
    let mut url = None;
    let mut headers = Vec::new();
    let mut transport = TransportHint::Auto;
    let mut it = rest.iter();
    while let Some(&(_, a)) = it.next() {
        match a {
            "--stdio" => return None,
            "--sse" | "--streamableHttp" => {
                if let Some(&(_, v)) = it.next() {
                    url = Some(v.trim().to_string());
                    transport = if a == "--sse" {
                        TransportHint::Sse
                    } else {
                        TransportHint::StreamableHttp
                    };
                }
            }
            "--header" => {
                if let Some(&(vi, v)) = it.next() {
                    b.header_args.push(vi);
                    headers.extend(split_header(v));
                }
            }
            "--oauth2Bearer" => {
                if let Some(&(vi, v)) = it.next() {
                    b.header_args.push(vi);
                    headers.push(("Authorization".into(), format!("Bearer {v}")));
                }
            }
            _ => {}
        }
    }
    let url = url.filter(|u| is_http_url(u))?;
    Some(Found {
        url,
        headers,
        transport,
    })
}

/// `mcp-proxy [--transport sse|streamablehttp] [-H K V]... URL`; it sends
/// `API_ACCESS_TOKEN` from its env as a bearer token.
fn mcp_proxy(rest: &[(usize, &str)], env: &[(String, String)], b: &mut BridgeUse) -> Option<Found> {
    let mut url = None;
    let mut headers = Vec::new();
    let mut transport = TransportHint::Sse;
    let mut it = rest.iter();
    while let Some(&(_, a)) = it.next() {
        match a {
            "-H" | "--headers" => {
                if let (Some(&(_, k)), Some(&(vi, v))) = (it.next(), it.next()) {
                    b.header_args.push(vi);
                    headers.push((k.to_string(), v.to_string()));
                }
            }
            "--transport" => {
                if let Some(&(_, v)) = it.next() {
                    transport = TransportHint::parse(v).unwrap_or(transport);
                }
            }
            _ if url.is_none() && is_http_url(a) => url = Some(a.trim().to_string()),
            _ => {}
        }
    }
    if let Some((_, token)) = env.iter().rev().find(|(k, _)| k == "API_ACCESS_TOKEN") {
        headers.push(("Authorization".into(), format!("Bearer {token}")));
    }
    Some(Found {
        url: url?,
        headers,
        transport,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::source::Source;
    use crate::config::{model, syntax};

    /// A program's name as the app's spawn sees it: folder and Windows
    /// extension gone, lower case; borrowed when nothing changes, and
    /// whole characters kept around non-ASCII text.
    #[test]
    fn a_stem_is_the_lower_case_name_without_folder_or_extension() {
        let cases = [
            ("/usr/bin/npx", "npx"),
            (r"C:\Program Files\nodejs\NPX.CMD", "npx"),
            (r"C:\Windows/System32\wsl.Exe", "wsl"),
            ("run.ps1", "run"),
            ("café.EXE", "café"),
            ("ÉTÉ", "ÉtÉ"),
            (".exe", ""),
            ("server.js", "server.js"),
            ("", ""),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "{word:?}");
        }
        assert!(matches!(stem("/usr/bin/npx"), Cow::Borrowed("npx")));
        assert!(matches!(stem("NPX"), Cow::Owned(_)));
    }

    fn entries(text: &str) -> Vec<ServerEntry> {
        let doc = syntax::parse(&Source::from_text("c.json", text));
        doc.root.as_ref().map(model::servers).unwrap_or_default()
    }

    fn one(text: &str) -> Option<Remote> {
        of(&entries(text)[0])
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn url_entries_in_every_spelling() {
        let r = one(r#"{"mcpServers": {"a": {"type": "http", "url": "https://x.dev/mcp", "headers": {"Authorization": "Bearer t"}}}}"#)
            .expect("remote");
        assert_eq!(r.url, "https://x.dev/mcp");
        assert_eq!(r.via, Via::UrlEntry);
        assert_eq!(r.transport, TransportHint::StreamableHttp);
        assert_eq!(r.headers, vec![("Authorization".into(), "Bearer t".into())]);
        let w =
            one(r#"{"mcpServers": {"w": {"serverUrl": "https://w.dev/sse"}}}"#).expect("remote");
        assert_eq!(
            (w.url_key.as_str(), w.transport),
            ("serverUrl", TransportHint::Auto)
        );
        let g = one(r#"{"mcpServers": {"g": {"httpUrl": "https://g.dev/mcp"}}}"#).expect("remote");
        assert_eq!(g.transport, TransportHint::StreamableHttp);
        let sse = one(r#"{"mcpServers": {"s": {"url": "https://s.dev/sse", "transport": "sse"}}}"#)
            .expect("remote");
        assert_eq!(sse.transport, TransportHint::Sse);
        // a command wins: the url keys are noise there
        assert_eq!(
            one(r#"{"mcpServers": {"c": {"command": "node", "url": "https://x"}}}"#),
            None
        );
    }

    #[test]
    fn mcp_remote_in_its_common_forms() {
        let env = vec![("AUTH".to_string(), "Bearer sk".to_string())];
        let r = bridge(
            "npx",
            &s(&[
                "-y",
                "mcp-remote@0.1.29",
                "https://x.dev/sse",
                "9696",
                "--header",
                "Authorization:${AUTH}",
                "--allow-http",
            ]),
            &env,
        )
        .expect("bridge");
        assert_eq!(r.url, "https://x.dev/sse");
        let b = r.bridge().expect("bridge use");
        assert_eq!(b.spec, "mcp-remote@0.1.29");
        assert_eq!(b.callback_port, Some((9696, 3)));
        assert_eq!(b.header_args, vec![5]);
        assert!(b.allow_http && !b.enable_proxy);
        assert_eq!(
            r.resolved_headers(&env),
            vec![("Authorization".into(), "Bearer sk".into())]
        );
        // a token read from a file keeps its line end: fetch drops it, a
        // line break inside stays (and is refused by the probe)
        let ends = vec![("AUTH".to_string(), "Bearer sk\r\n".to_string())];
        assert_eq!(r.resolved_headers(&ends)[0].1, "Bearer sk");
        let inside = vec![("AUTH".to_string(), "Bearer sk\nX-Y: 1".to_string())];
        assert_eq!(r.resolved_headers(&inside)[0].1, "Bearer sk\nX-Y: 1");
        // Windows: cmd /c npx; a global install; npx -p
        for (cmd, args) in [
            (
                "cmd",
                s(&["/c", "npx", "-y", "mcp-remote", "https://x.dev/mcp"]),
            ),
            ("/usr/local/bin/mcp-remote", s(&["https://x.dev/mcp"])),
            (
                "npx",
                s(&["-p", "mcp-remote@latest", "mcp-remote", "https://x.dev/mcp"]),
            ),
            // its script run by node; through a shell string
            (
                "/usr/bin/node",
                s(&[
                    "/usr/lib/node_modules/mcp-remote/dist/proxy.js",
                    "https://x.dev/mcp",
                ]),
            ),
            (
                "node",
                s(&[
                    r"C:\npm\node_modules\mcp-remote\dist\proxy.js",
                    "https://x.dev/mcp",
                ]),
            ),
            ("sh", s(&["-c", "npx -y mcp-remote 'https://x.dev/mcp'"])),
            (
                "/bin/bash",
                s(&["-lc", "exec npx mcp-remote https://x.dev/mcp"]),
            ),
            ("cmd", s(&["/C", "npx -y mcp-remote https://x.dev/mcp"])),
            ("cmd", s(&["/c npx -y mcp-remote https://x.dev/mcp"])),
            (
                "sh",
                s(&[
                    "-c",
                    "cd /tmp && FOO=1 exec npx mcp-remote https://x.dev/mcp; echo done",
                ]),
            ),
        ] {
            let r = bridge(cmd, &args, &[]).unwrap_or_else(|| panic!("{cmd} {args:?}"));
            assert_eq!(r.url, "https://x.dev/mcp");
            assert_eq!(r.bridge().and_then(|b| b.callback_port), None);
        }
        // no URL: not something mcpctl can probe
        assert_eq!(bridge("npx", &s(&["mcp-remote"]), &[]), None);
        assert_eq!(bridge("sh", &s(&["-c", "npx -y mcp-remote"]), &[]), None);
        // a shell string whose command is no runner, or mcp-remote's test
        // client
        for (cmd, args) in [
            (
                "sh",
                s(&["-c", "python3 srv.py mcp-remote https://x.dev/mcp"]),
            ),
            (
                "bash",
                s(&[
                    "-c",
                    "echo mcp-remote https://x.dev/mcp; exec python3 srv.py",
                ]),
            ),
            (
                "node",
                s(&[
                    "/usr/lib/node_modules/mcp-remote/dist/client.js",
                    "https://x.dev/mcp",
                ]),
            ),
        ] {
            assert_eq!(bridge(cmd, &args, &[]), None, "{cmd} {args:?}");
        }
        // a folder named like the bridge holding another program
        assert_eq!(
            bridge(
                "node",
                &s(&["/srv/mcp-remote/server.py", "https://x.dev/mcp"]),
                &[]
            ),
            None
        );
        // not a bridge
        assert_eq!(
            bridge("npx", &s(&["-y", "@x/server", "https://api.x.dev"]), &[]),
            None
        );
    }

    #[test]
    fn supergateway_and_mcp_proxy() {
        let r = bridge(
            "npx",
            &s(&[
                "-y",
                "supergateway",
                "--streamableHttp",
                "https://x.dev/mcp",
                "--oauth2Bearer",
                "tok",
            ]),
            &[],
        )
        .expect("bridge");
        assert_eq!(r.transport, TransportHint::StreamableHttp);
        assert_eq!(
            r.headers,
            vec![("Authorization".into(), "Bearer tok".into())]
        );
        assert_eq!(r.bridge().map(|b| b.header_args.clone()), Some(vec![5]));
        // serving a local server is not a bridge to a remote one
        assert_eq!(
            bridge("npx", &s(&["supergateway", "--stdio", "node s.js"]), &[]),
            None
        );
        let env = vec![("API_ACCESS_TOKEN".to_string(), "t0k".to_string())];
        let p = bridge(
            "uvx",
            &s(&["mcp-proxy", "-H", "X-Tenant", "acme", "https://p.dev/sse"]),
            &env,
        )
        .expect("bridge");
        assert_eq!(p.transport, TransportHint::Sse);
        assert_eq!(
            p.headers,
            vec![
                ("X-Tenant".into(), "acme".into()),
                ("Authorization".into(), "Bearer t0k".into())
            ]
        );
    }

    #[test]
    fn variables_expand_only_when_set() {
        let env = vec![("A".to_string(), "1".to_string())];
        assert_eq!(expand_vars("x${A}y${B}z${", &env), "x1y${B}z${");
    }
}
