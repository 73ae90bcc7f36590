//! `mcpctl list` as text: one block per entry (name, command, args, env),
//! on stdout; with errors in the file, a note on stderr that the list may
//! be incomplete.

use crate::report::list::ListReport;
use crate::report::style::Style;
use crate::text::plural;

pub fn render(r: &ListReport, s: Style) -> String {
    let path = &r.file;
    if r.servers.is_empty() {
        // with errors, the servers may be there but unreadable: the errors
        // note (stderr) points to `validate`, not to adding one
        if r.errors > 0 {
            return format!("no servers in {path}\n");
        }
        return format!(
            "no servers in {path}\n  {} add one with `mcpctl add NAME -- COMMAND ARGS...`\n",
            s.cyan("hint:")
        );
    }
    let mut out = format!("{} in {path}\n", plural(r.servers.len(), "server"));
    for srv in &r.servers {
        out.push('\n');
        out.push_str(&s.bold(&srv.name));
        if srv.shadowed {
            out.push_str(&s.dim("  (ignored: redefined later, the app keeps the last)"));
        }
        out.push('\n');
        let command = srv
            .command
            .as_deref()
            .map_or_else(|| s.red("(missing)"), show_arg);
        out.push_str(&format!("  command: {command}\n"));
        if !srv.args.is_empty() {
            let args: Vec<String> = srv.args.iter().map(|a| show_arg(a)).collect();
            out.push_str(&format!("  args:    {}\n", args.join(" ")));
        }
        if !srv.env.is_empty() || !srv.env_not_strings.is_empty() {
            let env: Vec<String> = srv
                .env
                .0
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .chain(
                    srv.env_not_strings
                        .iter()
                        .zip(&srv.env_not_string_types)
                        .map(|(k, ty)| {
                            format!("{k}={}", s.red(&format!("<{ty}: must be a string>")))
                        }),
                )
                .collect();
            out.push_str(&format!("  env:     {}\n", env.join(", ")));
        }
    }
    out
}

/// Said on stderr when the file has errors: the list may be incomplete
/// and the app may not load it at all.
pub fn errors_note(r: &ListReport, s: Style) -> Option<String> {
    let n = r.errors;
    (n > 0).then(|| {
        format!(
            "{} {} has {}: this is what mcpctl could recover, Claude Desktop may load none of it; run `mcpctl validate` for details\n",
            s.yellow("note:"),
            r.file,
            plural(n, "error")
        )
    })
}

/// An argument as typed in a shell-like line: bare when safe, else quoted.
fn show_arg(a: &str) -> String {
    let plain = !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,%~^".contains(c));
    if plain {
        a.to_string()
    } else {
        serde_json::to_string(a).unwrap_or_default()
    }
}
