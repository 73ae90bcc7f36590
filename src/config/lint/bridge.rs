//! Traps of stdio bridges to remote servers (`config::remote`), visible in
//! the file alone:
//! - `bridge-fixed-port`: mcp-remote given an OAuth callback port. The app
//!   starts each entry more than once (chat, and Cowork/Code), and
//!   mcp-remote never moves off a port it was given, so the second copy
//!   cannot listen there and its sign-in never completes; two entries with
//!   the same port clash the same way (punkpeye/mcp-remote#245, #253);
//! - `bridge-token-in-args`: a token written into `args` (a header value,
//!   supergateway's `--oauth2Bearer`): it shows in process lists and in the
//!   app's logs, which record every server's command line; mcp-remote
//!   reads `${VAR}` from the entry's env instead;
//! - `bridge-needs-allow-http`: mcp-remote given a plain `http://` URL to a
//!   host other than `localhost` / `127.0.0.1` without `--allow-http`: it
//!   exits at start;
//! - `bridge-flag-ignored`: an mcp-remote flag written `--flag=value`,
//!   which mcp-remote does not read (it matches whole arguments);
//! - `bridge-url-credentials`: a Node bridge given a URL with
//!   `user:password@`, which Node's `fetch` refuses.

use super::super::ast::{Member, Node};
use super::super::diag::{Diagnostic, TextEdit};
use super::super::remote::{self, Bridge, Remote};
use super::super::source::Span;
use super::diag;
use crate::codes::Code;

/// The bridge diagnostics of every server (`servers` in file order).
pub fn check(servers: &[Member], out: &mut Vec<Diagnostic>) {
    let bridges: Vec<(&Member, Remote, Vec<&Node>)> = servers
        .iter()
        .filter_map(|m| {
            let command = m.value.get("command")?.as_str()?;
            let args: Vec<&Node> = m
                .value
                .get("args")
                .and_then(Node::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            let texts: Vec<String> = args
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect();
            if texts.len() != args.len() {
                return None;
            }
            let env: Vec<(String, String)> = m
                .value
                .get("env")
                .and_then(Node::as_object)
                .map(|e| {
                    e.iter()
                        .filter_map(|x| x.value.as_str().map(|v| (x.key.clone(), v.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let r = remote::bridge(command, &texts, &env)?;
            Some((m, r, args))
        })
        .collect();
    for (m, r, args) in &bridges {
        let Some(b) = r.bridge() else { continue };
        if b.bridge == Bridge::McpRemote && !b.allow_http && remote::mcp_remote_refuses(&r.url) {
            out.push(allow_http(m, &r.url, args));
        }
        if b.bridge.runs_on_node() && remote::has_credentials(&r.url) {
            let at = args
                .iter()
                .find(|n| n.as_str().is_some_and(|a| a.trim() == r.url))
                .map_or(m.key_span, |n| n.span);
            out.push(
                diag(
                    Code::BridgeUrlCredentials,
                    format!(
                        "server `{}` gives {} a URL with a user name and password: Node's fetch \
refuses such a URL (\"Request cannot be constructed from a URL that includes credentials\"), so the \
bridge exits at its first request, and the password sits in args, which the app's logs record",
                        m.key,
                        b.bridge.package()
                    ),
                    at,
                )
                .hint(
                    "take them out of the URL and send a header instead: \"--header\", \
\"Authorization:Basic ${REMOTE_AUTH}\" in args, and in env \"REMOTE_AUTH\": the base64 of \
user:password (`printf %s 'user:password' | base64`)",
                ),
            );
        }
        for (i, flag) in &b.inline_flags {
            if let Some(node) = args.get(*i) {
                out.push(inline_flag(m, flag, node));
            }
        }
        if let Some((port, i)) = b.callback_port
            && let Some(node) = args.get(i)
        {
            let others: Vec<&str> = bridges
                .iter()
                .filter(|(o, or, _)| {
                    o.key != m.key
                        && or
                            .bridge()
                            .and_then(|ob| ob.callback_port)
                            .is_some_and(|(p, _)| p == port)
                })
                .map(|(o, _, _)| o.key.as_str())
                .collect();
            let shared = if others.is_empty() {
                String::new()
            } else {
                format!(
                    ", and so does {}",
                    others
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.push(
                diag(
                    Code::BridgeFixedPort,
                    format!(
                        "server `{}` gives mcp-remote the fixed OAuth callback port {port}{shared}: \
the app starts each server more than once (chat, and Cowork/Code), mcp-remote does not move off a \
port it was given, so the second copy cannot listen there and its sign-in never completes",
                        m.key
                    ),
                    node.span,
                )
                .hint(format!(
                    "remove \"{port}\" from args: without it mcp-remote picks a port for each server \
and moves on when it is taken (keep it only if the server's OAuth app allows no other redirect URI)"
                )),
            );
        }
        for &i in &b.header_args {
            let (Some(node), Some(value)) = (args.get(i), args.get(i).and_then(|n| n.as_str()))
            else {
                continue;
            };
            if let Some(what) = literal_token(b.bridge, args, i, value) {
                let fix = match b.bridge {
                    Bridge::McpRemote => format!(
                        "move the value to env: \"{}:${{AUTH_HEADER}}\" in args and \"env\": \
{{\"AUTH_HEADER\": \"…\"}} (mcp-remote replaces ${{VAR}} from its env)",
                        what
                    ),
                    _ => format!(
                        "{} does not read variables in its args: use mcp-remote, which does \
(\"--header\", \"{what}:${{AUTH_HEADER}}\" with the value in env)",
                        b.bridge.package()
                    ),
                };
                out.push(
                    diag(
                        Code::BridgeTokenInArgs,
                        format!(
                            "an argument of server `{}` holds the {what} token itself: args show in \
process lists and in Claude Desktop's logs (they record every server's command line)",
                            m.key
                        ),
                        node.span,
                    )
                    .hint(fix),
                );
            }
        }
    }
}

/// `bridge-flag-ignored`: `--flag=value` in one argument, which mcp-remote
/// ignores; the fix splits it into the flag and its value.
fn inline_flag(m: &Member, flag: &str, node: &Node) -> Diagnostic {
    let text = node.as_str().unwrap_or_default();
    let value = text.split_once('=').map_or("", |(_, v)| v);
    let d = diag(
        Code::BridgeFlagIgnored,
        format!(
            "server `{}` writes `{flag}` and its value as one argument: mcp-remote reads `{flag}` \
only as an argument of its own followed by its value, so it ignores this one{}",
            m.key,
            if flag == "--header" {
                " and sends no such header"
            } else {
                ""
            }
        ),
        node.span,
    )
    .hint(format!(
        "write them as two arguments: \"{flag}\", {}",
        json_string(value)
    ));
    // the value as a JSON string of its own; valueless switches just lose
    // their `=...`
    let replacement = if MCP_REMOTE_SWITCHES.contains(&flag) {
        format!("\"{flag}\"")
    } else {
        format!("\"{flag}\", {}", json_string(value))
    };
    d.fix(
        format!("split `{flag}=` into two arguments"),
        vec![TextEdit {
            span: node.span,
            replacement,
        }],
    )
}

/// `s` as a JSON string, quotes included.
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// mcp-remote's flags that take no value.
const MCP_REMOTE_SWITCHES: &[&str] = &["--allow-http", "--enable-proxy"];

/// `bridge-needs-allow-http`: mcp-remote exits at start on a plain http
/// URL to another host than localhost / 127.0.0.1; the fix adds the flag
/// after the last argument.
fn allow_http(m: &Member, url: &str, args: &[&Node]) -> Diagnostic {
    // the URL as an argument of its own; inside a shell string (`sh -c
    // "npx mcp-remote URL"`) a flag after it would go to the shell
    let own = args
        .iter()
        .find(|n| n.as_str().is_some_and(|a| a.trim() == url));
    let at = own.map_or(m.key_span, |n| n.span);
    let d = diag(
        Code::BridgeNeedsAllowHttp,
        format!(
            "server `{}` bridges to a plain http:// URL on another host than localhost or \
127.0.0.1: mcp-remote refuses it without --allow-http and exits at start (\"Non-HTTPS URLs are \
only allowed for localhost or when --allow-http flag is provided\")",
            m.key
        ),
        at,
    )
    .hint(format!(
        "use the https:// URL if the server has one; otherwise add \"--allow-http\" to args (the \
traffic, tokens included, then crosses the network unencrypted){}",
        if crate::urls::host_of(url).is_some_and(|h| h.starts_with('[')) {
            "; for this machine, \"http://127.0.0.1:PORT\" or \"http://localhost:PORT\" needs no flag"
        } else {
            ""
        }
    ));
    match args.last().filter(|_| own.is_some()) {
        Some(last) => d.fix(
            "add \"--allow-http\" to args",
            vec![TextEdit {
                span: Span::new(last.span.end, last.span.end),
                replacement: ", \"--allow-http\"".into(),
            }],
        ),
        None => d,
    }
}

/// The header a literal token is sent in, when the argument at `i` holds
/// one (not a `${VAR}`).
fn literal_token(bridge: Bridge, args: &[&Node], i: usize, value: &str) -> Option<String> {
    if value.contains("${") {
        return None;
    }
    let flag = i
        .checked_sub(1)
        .and_then(|j| args.get(j))
        .and_then(|n| n.as_str())
        .unwrap_or("");
    if bridge == Bridge::Supergateway && flag == "--oauth2Bearer" {
        return Some("Authorization".into());
    }
    let (name, v) = if bridge == Bridge::McpProxy {
        // -H NAME VALUE
        let name = i
            .checked_sub(1)
            .and_then(|j| args.get(j))
            .and_then(|n| n.as_str())
            .unwrap_or("");
        (name.to_string(), value.to_string())
    } else {
        let (k, v) = value.split_once(':')?;
        (k.trim().to_string(), v.trim().to_string())
    };
    let n = name.to_ascii_lowercase();
    let secret = ["auth", "token", "key", "secret", "cookie", "password"]
        .iter()
        .any(|w| n.contains(w));
    let looks = v.len() >= 8 && !v.contains(' ') || v.to_ascii_lowercase().starts_with("bearer ");
    (secret && looks).then_some(name)
}
