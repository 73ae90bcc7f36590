//! One tool call as text: what the tool returned on stdout (text content
//! as text, other content summarised in one line each, structured content
//! as JSON when there is no text), and everything else on stderr: a tool
//! error, a failed call with its hint and the server's last stderr lines,
//! or the launch block of a server that never got to the call. Text the
//! server chose is escaped for the terminal.

use serde_json::Value;

use super::launch::server as launch_block;
use crate::report::call::{CallReport, Outcome};
use crate::report::style::Style;
use crate::text::terminal_safe;

/// Stderr lines shown after a failed call.
const STDERR_LINES: usize = 10;

/// What goes to stdout: the result's content, when the tool answered
/// without an error.
pub fn stdout(r: &CallReport) -> String {
    match (&r.outcome, &r.result) {
        (Outcome::Result, Some(result)) => content(result),
        _ => String::new(),
    }
}

/// What goes to stderr: nothing for a plain result (a note when it has
/// no content, a warning when the launch itself would fail in the app),
/// the error otherwise.
pub fn stderr(s: Style, r: &CallReport) -> String {
    let tool = format!("`{}`", terminal_safe(&r.tool, false));
    let server = format!("`{}`", terminal_safe(&r.server, false));
    let mut out = String::new();
    match r.outcome {
        Outcome::Result => {
            if !r.launch.ok {
                out.push_str(&super::warning(
                    s,
                    &format!(
                        "the call worked, but Claude Desktop would not use this server: {}",
                        r.launch.message
                    ),
                ));
            }
            if r.result.as_ref().is_some_and(|v| content(v).is_empty()) {
                out.push_str(&super::note(s, "the tool returned no content"));
            }
        }
        Outcome::ToolError => {
            out.push_str(&format!(
                "{} {tool} of {server} reported an error (isError: true):\n",
                s.red("error:")
            ));
            let text = r.result.as_ref().map(content).unwrap_or_default();
            if text.is_empty() {
                out.push_str("  (the result has no content to say why)\n");
            }
            out.push_str(&super::indent(&text, "  "));
        }
        Outcome::CallFailed => {
            if let Some(e) = &r.error {
                out.push_str(&format!(
                    "{} calling {tool} on {server} failed ({}): {}\n",
                    s.red("error:"),
                    e.verdict.as_str(),
                    e.message
                ));
                if let Some(h) = &e.hint {
                    out.push_str(&format!("  {} {h}\n", s.cyan("hint:")));
                }
            }
            let shown = &r.stderr_tail[r.stderr_tail.len().saturating_sub(STDERR_LINES)..];
            if !shown.is_empty() {
                out.push_str(&format!("  {}\n", s.dim("stderr (last lines):")));
                for l in shown {
                    out.push_str(&format!("    {} {l}\n", s.dim("|")));
                }
            }
        }
        Outcome::LaunchFailed => {
            out.push_str(&format!(
                "{} {server} did not get through the MCP handshake, so {tool} was not called:\n",
                s.red("error:")
            ));
            // one server: nothing to line up with
            out.push_str(&launch_block(s, &r.launch, 0));
        }
    }
    out
}

/// A `CallToolResult`'s content as text: each text item as written, any
/// other item as one `[...]` line; the structured content as JSON when
/// there is no text. Empty when there is nothing to show.
pub fn content(result: &Value) -> String {
    let items = result
        .get("content")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out = String::new();
    let mut texts = 0;
    for item in items {
        let line = match item.get("type").and_then(Value::as_str) {
            Some("text") => {
                texts += 1;
                let text = item.get("text").and_then(Value::as_str).unwrap_or("");
                terminal_safe(text, true)
            }
            Some(kind @ ("image" | "audio")) => {
                summary(kind, &[str_of(item, "mimeType"), size_of(item.get("data"))])
            }
            Some("resource_link") => summary(
                "resource link",
                &[
                    str_of(item, "name"),
                    str_of(item, "uri"),
                    str_of(item, "mimeType"),
                ],
            ),
            Some("resource") => {
                let r = item.get("resource").unwrap_or(&Value::Null);
                let body = match r.get("text").and_then(Value::as_str) {
                    Some(t) => Some(format!("{} characters of text", t.chars().count())),
                    None => size_of(r.get("blob")),
                };
                summary("resource", &[str_of(r, "uri"), str_of(r, "mimeType"), body])
            }
            Some(other) => summary(&format!("{} content", terminal_safe(other, false)), &[]),
            None => summary("content without a type", &[]),
        };
        out.push_str(&line);
        if !line.ends_with('\n') {
            out.push('\n');
        }
    }
    if texts == 0
        && let Some(structured) = result.get("structuredContent")
    {
        let json = serde_json::to_string_pretty(structured).unwrap_or_default();
        out.push_str(&terminal_safe(&json, true));
        out.push('\n');
    }
    out
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(|s| terminal_safe(s, false))
}

/// The decoded size of a base64 payload: `12.3 KiB`.
fn size_of(data: Option<&Value>) -> Option<String> {
    let b64 = data?.as_str()?;
    let pad = b64.bytes().rev().take_while(|&b| b == b'=').count();
    let bytes = (b64.len() / 4 * 3).saturating_sub(pad);
    Some(if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    })
}

/// `[image: image/png, 12.3 KiB]`.
fn summary(kind: &str, parts: &[Option<String>]) -> String {
    let parts: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    if parts.is_empty() {
        format!("[{kind}]")
    } else {
        format!("[{kind}: {}]", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_shown_and_other_content_summarised() {
        let r = json!({"content": [
            {"type": "text", "text": "line one\nline \u{1b}[31mtwo"},
            {"type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"},
            {"type": "resource_link", "uri": "file:///tmp/a.txt", "name": "a.txt"},
            {"type": "resource", "resource": {"uri": "mem://x", "mimeType": "text/plain", "text": "héllo"}},
            {"type": "hologram"}
        ]});
        assert_eq!(
            content(&r),
            "line one\nline \\x1b[31mtwo\n[image: image/png, 8 bytes]\n[resource link: a.txt, \
file:///tmp/a.txt]\n[resource: mem://x, text/plain, 5 characters of text]\n[hologram content]\n"
        );
    }

    #[test]
    fn structured_content_shows_only_without_text() {
        let r = json!({"content": [], "structuredContent": {"temp": 21.5}});
        assert_eq!(content(&r), "{\n  \"temp\": 21.5\n}\n");
        let both = json!({"content": [{"type": "text", "text": "21.5"}],
                          "structuredContent": {"temp": 21.5}});
        assert_eq!(content(&both), "21.5\n");
        assert_eq!(content(&json!({"content": []})), "");
    }

    #[test]
    fn sizes_are_decoded_sizes() {
        assert_eq!(size_of(Some(&json!("AAAA"))).as_deref(), Some("3 bytes"));
        assert_eq!(
            size_of(Some(&json!("A".repeat(4 * 1024)))).as_deref(),
            Some("3.0 KiB")
        );
    }
}
