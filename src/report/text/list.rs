//! `mcpctl list` as text: one block per entry (name, command, args, env),
//! on stdout; with errors in the file, a note on stderr that the list may
//! be incomplete. With disabled entries or Desktop Extensions beside the
//! file, a table of everything first (name, source, enabled, version,
//! runtime, signature), then the blocks; collisions and unreadable state
//! files are warnings on stderr.

use crate::app::extensions::SettingsState;
use crate::escape::{name, one_line};
use crate::report::EnvMap;
use crate::report::list::{ExtensionListed, ListReport};
use crate::report::style::Style;
use crate::text::plural;

pub fn render(r: &ListReport, s: Style) -> String {
    if r.has_more_than_the_config() {
        return inventory(r, s);
    }
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
    out.push_str(&config_blocks(r, s));
    out
}

/// One block per config entry, each after a blank line.
fn config_blocks(r: &ListReport, s: Style) -> String {
    let mut out = String::new();
    for srv in &r.servers {
        out.push('\n');
        out.push_str(&s.bold(&name(&srv.name)));
        if srv.shadowed {
            out.push_str(&s.dim("  (ignored: redefined later, the app keeps the last)"));
        }
        out.push('\n');
        let not_strings: Vec<String> = srv
            .env_not_strings
            .0
            .iter()
            .map(|(k, ty)| format!("{}={}", name(k), super::not_a_string(s, ty)))
            .collect();
        out.push_str(&entry_lines(
            s,
            srv.command.as_deref(),
            &srv.args,
            &srv.env,
            not_strings,
        ));
    }
    out
}

/// `command:`, `args:` and `env:` lines of an entry.
fn entry_lines(
    s: Style,
    command: Option<&str>,
    args: &[String],
    env: &EnvMap,
    more_env: Vec<String>,
) -> String {
    let command = command.map_or_else(|| s.red("(missing)"), show_arg);
    let mut out = format!("  command: {command}\n");
    if !args.is_empty() {
        let args: Vec<String> = args.iter().map(|a| show_arg(a)).collect();
        out.push_str(&format!("  args:    {}\n", args.join(" ")));
    }
    let env: Vec<String> = env
        .0
        .iter()
        .map(|(k, v)| format!("{}={v}", name(k)))
        .chain(more_env)
        .collect();
    if !env.is_empty() {
        out.push_str(&format!("  env:     {}\n", env.join(", ")));
    }
    out
}

/// Everything the app may run: the table, then the blocks.
fn inventory(r: &ListReport, s: Style) -> String {
    let enabled = r.extensions.iter().filter(|e| e.extension.enabled).count();
    let mut head = vec![if r.no_file {
        format!("no config file at {}", r.file)
    } else {
        format!("{} in {}", plural(r.servers.len(), "server"), r.file)
    }];
    if !r.disabled.is_empty() {
        head.push(format!("{} disabled by mcpctl", r.disabled.len()));
    }
    if !r.extensions.is_empty() {
        head.push(format!(
            "{} ({enabled} enabled)",
            plural(r.extensions.len(), "Desktop Extension")
        ));
    }
    let mut out = format!("{}\n\n", head.join(", "));
    out.push_str(&table(r, s));
    out.push_str(&config_blocks(r, s));
    for x in &r.disabled {
        out.push('\n');
        out.push_str(&s.bold(&name(&x.name)));
        out.push_str(&s.dim(&format!(
            "  (disabled: `mcpctl enable {}` puts it back)",
            one_line(&crate::text::shell_word(&x.name))
        )));
        out.push('\n');
        out.push_str(&entry_lines(
            s,
            x.command.as_deref(),
            &x.args,
            &x.env,
            Vec::new(),
        ));
    }
    for e in &r.extensions {
        out.push('\n');
        out.push_str(&extension(e, s));
    }
    out
}

/// NAME, SOURCE, ENABLED, VERSION, RUNTIME, SIGNATURE: one row per entry.
fn table(r: &ListReport, s: Style) -> String {
    let dash = || "-".to_string();
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let mut rows: Vec<[String; 6]> = vec![
        [
            "NAME",
            "SOURCE",
            "ENABLED",
            "VERSION",
            "RUNTIME",
            "SIGNATURE",
        ]
        .map(String::from),
    ];
    for x in &r.servers {
        let on = if x.enabled { "yes" } else { "no (redefined)" };
        rows.push([
            name(&x.name).into_owned(),
            x.source.into(),
            on.into(),
            dash(),
            dash(),
            dash(),
        ]);
    }
    for x in &r.disabled {
        rows.push([
            name(&x.name).into_owned(),
            x.source.into(),
            yes_no(false),
            dash(),
            dash(),
            dash(),
        ]);
    }
    for x in &r.extensions {
        let e = &x.extension;
        let runtime = e
            .runtime
            .map(|r| r.as_str().to_string())
            .or_else(|| e.runtime_text.as_deref().map(|t| name(t).into_owned()))
            .unwrap_or_else(dash);
        // every cell a manifest chose on one line: a line break in its
        // version would start a forged row
        rows.push([
            name(&e.id).into_owned(),
            x.source.into(),
            yes_no(e.enabled),
            e.version
                .as_deref()
                .map_or_else(dash, |v| name(v).into_owned()),
            runtime,
            e.signature.as_str().into(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            rows.iter()
                .map(|r| crate::text::columns(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| crate::text::pad(cell, *w))
            .collect();
        let line = cells.join("  ").trim_end().to_string();
        out.push_str(&if i == 0 { s.dim(&line) } else { line });
        out.push('\n');
    }
    out
}

fn extension(x: &ExtensionListed, s: Style) -> String {
    let e = &x.extension;
    let mut out = s.bold(&name(&e.name));
    if e.name != e.id {
        out.push_str(&format!("  {}", name(&e.id)));
    }
    let state = match (e.enabled, e.settings_state) {
        (true, _) => "",
        (false, SettingsState::Missing) => "  (disabled: no settings file)",
        (false, _) => "  (disabled)",
    };
    out.push_str(&s.dim(state));
    out.push('\n');
    // the folder is named by the id: a line break in it is shown escaped
    out.push_str(&format!(
        "  folder:  {}\n",
        one_line(&e.dir.display().to_string())
    ));
    for f in &e.problems {
        out.push_str(&super::finding(s, f, "  "));
    }
    out
}

/// Said on stderr: names that collide, state files that cannot be read,
/// an entry in both the config and the side file.
pub fn warnings(r: &ListReport, s: Style) -> String {
    r.problems
        .iter()
        .chain(&r.collisions)
        .map(|f| super::finding(s, f, ""))
        .collect()
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
        // as JSON, with what JSON leaves raw (U+2028, C1 controls) escaped
        crate::escape::json(&serde_json::to_string(a).unwrap_or_default()).into_owned()
    }
}
