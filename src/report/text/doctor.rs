//! `mcpctl doctor` as text: five numbered steps (where, the file, the
//! machine, the servers, the summary), and with `--fix` the repairs and
//! what is left for the user. Without a readable config: where, the file's
//! error, the machine, and the summary (no servers).

use std::borrow::Cow;

use super::diagnostics::{Snippets, more};
use super::indent;
use crate::codes::Code;
use crate::machine::tilde;
use crate::machine::tools::Site;
use crate::plan::repair::Plan;
use crate::platform::HostEnv;
use crate::probe::http::{self, Via};
use crate::report::diagnostics::SHOWN;
use crate::report::doctor::{DoctorReport, Fixing, ServerReport};
use crate::report::launch::ServerLaunch;
use crate::report::style::Style;
use crate::text::plural;

/// The whole text report.
pub fn render(d: &DoctorReport, host: &HostEnv, s: Style) -> String {
    // one file: its secrets found once for every section's snippets
    let source = d
        .file
        .as_ref()
        .map(|f| &*f.source)
        .or_else(|| d.servers.first().map(|x| &*x.source));
    // (the secrets' places from the load's parse when the run has them:
    // the file is not parsed again)
    let snippets = source.map(|src| match &d.secret_spans {
        Some(spans) => Snippets::with_secrets(src, spans.clone()),
        None => Snippets::new(src),
    });
    let snippets = snippets.as_ref();
    if d.error.is_some() {
        let mut sections = vec![
            render_where(s, d, host),
            render_file(s, d, snippets),
            render_machine(s, d, host),
        ];
        sections.extend(
            d.app_state
                .as_ref()
                .map(|a| super::app_state::section(s, a, 5)),
        );
        sections.push(render_unread_summary(s, d));
        return sections.join("\n");
    }
    let mut sections = vec![
        render_where(s, d, host),
        render_file(s, d, snippets),
        render_machine(s, d, host),
        render_servers(s, d, snippets),
    ];
    let mut n = 5;
    if let Some(r) = &d.app_recorded {
        sections.push(super::recorded::render(s, r, n));
        n += 1;
    }
    sections.extend(
        d.app_state
            .as_ref()
            .map(|a| super::app_state::section(s, a, n)),
    );
    sections.push(render_summary(s, d));
    sections.join("\n")
}

fn heading(s: Style, n: usize, title: &str) -> String {
    format!("{}\n", s.bold(&format!("{n}. {title}")))
}

fn field(s: Style, name: &str, value: &str) -> String {
    format!("  {} {value}\n", s.dim(&format!("{name:<10}")))
}

fn render_where(s: Style, d: &DoctorReport, host: &HostEnv) -> String {
    let l = &d.config;
    let mut out = heading(s, 1, "Where");
    let exists = if l.exists { "" } else { " (does not exist)" };
    out.push_str(&field(
        s,
        "config",
        &format!("{}{exists}  [{}: {}]", l.path, l.rule, l.reason),
    ));
    if let Some(app) = &l.app_reads {
        out.push_str(&field(
            s,
            "app reads",
            &format!("{app} (Claude Desktop itself reads this one)"),
        ));
    }
    for p in &l.ignored {
        out.push_str(&field(
            s,
            "ignored",
            &format!(
                "{p} {}",
                s.yellow("exists, but the app does not read it: edits there change nothing")
            ),
        ));
    }
    let app = &d.app;
    let restart = "it reads the config only at start: restart it after changes";
    let status = match (&app.installed, app.running) {
        (Some(p), Some(true)) => format!("installed at {}, running ({restart})", tilde(host, p)),
        (Some(p), Some(false)) => format!("installed at {}, not running", tilde(host, p)),
        (Some(p), None) => format!("installed at {}", tilde(host, p)),
        // a process was seen, the install folder was not
        (None, Some(true)) => {
            format!("is running, installed where mcpctl does not look ({restart})")
        }
        (None, Some(false)) => "not found, not running".to_string(),
        (None, None) => "not found".to_string(),
    };
    out.push_str(&field(s, "app", &format!("Claude Desktop {status}")));
    if let Some(logs) = &app.logs_dir
        && app.logs_exist
    {
        out.push_str(&field(
            s,
            "logs",
            &format!("{} (mcp.log, mcp-server-NAME.log)", tilde(host, logs)),
        ));
    }
    out
}

fn render_file(s: Style, d: &DoctorReport, snippets: Option<&Snippets>) -> String {
    let mut out = heading(s, 2, "The file");
    if let Some(why) = &d.error {
        out.push_str(&format!("  {} {}\n", s.red("error:"), why.message));
        if let Some(h) = &why.hint {
            out.push_str(&format!("    {} {h}\n", s.cyan("hint:")));
        }
        return out;
    }
    let Some(file) = &d.file else {
        return out;
    };
    let in_servers: usize = d.servers.iter().map(|x| x.diagnostics.len()).sum();
    if file.found.is_empty() && !file.strict_json {
        // the errors that break the file are inside server entries
        out.push_str(&format!(
            "  {}; {} inside server entries, shown with each server below\n",
            s.red("Claude Desktop cannot parse this file: it starts none of its servers"),
            plural(in_servers, "problem")
        ));
        return out;
    }
    if file.found.is_empty() {
        out.push_str(&format!(
            "  {} strict JSON, the app can read it",
            s.green("ok")
        ));
        if in_servers > 0 {
            out.push_str(&format!(
                "; {} inside server entries, shown with each server below",
                plural(in_servers, "problem")
            ));
        }
        out.push('\n');
        return out;
    }
    if !file.strict_json {
        out.push_str(&format!(
            "  {}\n\n",
            s.red("Claude Desktop cannot parse this file: it starts none of its servers")
        ));
    }
    let found = match snippets {
        Some(snippets) => snippets.render_all(&file.found, s),
        None => Snippets::new(&file.source).render_all(&file.found, s),
    };
    out.push_str(&indent(&found, "  "));
    out.push_str(&indent(&more(file.omitted, s), "  "));
    out
}

fn site_text(host: &HostEnv, site: Option<&Site>) -> String {
    match site {
        None => "-".to_string(),
        Some(site) => {
            let mut t = match &site.version {
                Some(v) => format!("{v} {}", tilde(host, &site.path)),
                None if site.asked => {
                    format!("(no answer to --version) {}", tilde(host, &site.path))
                }
                None => tilde(host, &site.path),
            };
            if let Some(m) = site.manager {
                t.push_str(&format!(" [{}]", m.name()));
            }
            t
        }
    }
}

fn render_machine(s: Style, d: &DoctorReport, host: &HostEnv) -> String {
    let m = &d.machine;
    let mut out = heading(
        s,
        3,
        &format!(
            "The machine as Claude Desktop sees it ({} profile)",
            m.os_profile.name()
        ),
    );
    out.push_str(&field(s, "app PATH", &m.app_path));
    let shell_path = if m.shell_path == m.app_path {
        "the same".to_string()
    } else {
        m.shell_path.clone()
    };
    out.push_str(&field(s, "shell PATH", &shell_path));
    let rows: Vec<(String, String, String)> = m
        .tools
        .iter()
        .map(|t| {
            let app = site_text(host, t.app.as_ref());
            // a shim is one path that answers differently from `/` and from
            // here: "same" only when nothing differs
            let shell = match site_text(host, t.shell.as_ref()) {
                sh if t.app.is_some() && sh == app => "same".to_string(),
                sh => sh,
            };
            // measured as shown: a version line may hold what is escaped
            let shown = |t: String| crate::escape::name(&t).into_owned();
            (t.name.to_string(), shown(app), shown(shell))
        })
        .collect();
    let head = "on the app's PATH";
    let w = rows
        .iter()
        .map(|r| crate::text::columns(&r.1))
        .max()
        .unwrap_or(0)
        .max(head.len());
    let pad = crate::text::pad;
    out.push_str(&format!(
        "  {}\n",
        s.dim(&format!(
            "{} {}  on your shell's PATH",
            pad("tool", 8),
            pad(head, w)
        ))
    ));
    for (name, app, shell) in rows {
        out.push_str(&format!("  {} {}  {shell}\n", pad(&name, 8), pad(&app, w)));
    }
    for f in &m.findings {
        out.push_str(&super::finding(s, f, "  "));
    }
    out
}

/// A word of a command line, quoted when it is empty or holds spaces.
fn word(a: &str) -> String {
    if a.contains(char::is_whitespace) || a.is_empty() {
        format!("{a:?}")
    } else {
        a.to_string()
    }
}

/// `KEY=**** command args...` (env as shown in the model: masked unless
/// `--show-secrets`).
fn command_line(x: &ServerReport) -> String {
    let mut parts: Vec<String> = x
        .env
        .0
        .iter()
        .map(|(k, v)| format!("{}={v}", crate::escape::name(k)))
        .collect();
    parts.push(
        x.command
            .as_deref()
            .map_or_else(|| "(no command)".into(), word),
    );
    parts.extend(x.args.iter().map(|a| word(a)));
    parts.join(" ")
}

/// Whether the app can parse the file (else it starts none of its servers).
fn parses(d: &DoctorReport) -> bool {
    d.file.as_ref().is_none_or(|f| f.strict_json)
}

fn render_server(s: Style, d: &DoctorReport, x: &ServerReport, snippets: &Snippets) -> String {
    // in a file the app cannot parse no server starts: a sound entry is
    // not "ok" there, only ready for when the file parses
    let held = x.healthy && !parses(d);
    let status = if held {
        s.yellow("--  ")
    } else if x.healthy {
        s.green("ok  ")
    } else if x.errors > 0 {
        s.red("FAIL")
    } else {
        s.yellow("WARN")
    };
    let mut out = format!(
        "  {status}  {}  {}\n",
        s.bold(&crate::escape::name(&x.name)),
        s.dim(&command_line(x))
    );
    let pad = "        ";
    if !x.found.is_empty() {
        out.push_str(&indent(&snippets.render_all(&x.found, s), pad));
        out.push_str(&indent(&more(x.omitted, s), pad));
    }
    for f in &x.findings {
        out.push_str(&super::finding(s, f, pad));
    }
    if d.launched && x.launch.is_none() {
        out.push_str(&format!(
            "{pad}{}\n",
            s.dim("not launched: the entry has no command to start")
        ));
    }
    if let Some(p) = &x.launch
        && x.launch_explained
    {
        // the error above says why it cannot start (and what to do): the
        // launch only confirms it
        out.push_str(&format!(
            "{pad}{} {} (during spawn), for the reason above\n",
            s.red("launch failed:"),
            p.verdict.as_str()
        ));
    } else if let Some(p) = &x.launch {
        out.push_str(&super::launch::launch_block(s, &said_once(x, p), pad));
    }
    if held {
        out.push_str(&format!(
            "{pad}{}\n",
            s.yellow(
                "nothing wrong with this entry, but the app starts it only once the file \
parses (see 2. The file)"
            )
        ));
    }
    out
}

/// The launch of `x` without the notes that say again what its
/// `remote-server` error's hint (shown above it) says: that `doctor --fix`
/// makes the url entry a bridge entry, and that a Connector cannot reach
/// a private host. What only the note says (how a url entry's lanes are
/// judged) stays, pointing at the hint. `test-launch`, which shows no
/// such error, and the JSON keep the notes whole.
fn said_once<'a>(x: &ServerReport, p: &'a ServerLaunch) -> Cow<'a, ServerLaunch> {
    let hinted = x
        .found
        .iter()
        .any(|d| d.code == Code::RemoteServer && d.planned_fix && d.hint.is_some());
    let Some(remote) = p
        .remote
        .as_ref()
        .filter(|r| hinted && r.via == Via::UrlEntry)
    else {
        return Cow::Borrowed(p);
    };
    let mut notes = Vec::with_capacity(remote.notes.len());
    for n in &remote.notes {
        match n.as_str() {
            http::PRIVATE_HOST_URL_NOTE | http::PRIVATE_URL_ENTRY_NOTE => {}
            http::URL_ENTRY_NOTE => notes.push(
                "its lanes are judged as those of the bridge entry the remote-server hint \
offers, on this one conversation"
                    .to_string(),
            ),
            _ => notes.push(n.clone()),
        }
    }
    let mut p = p.clone();
    if let Some(r) = p.remote.as_mut() {
        r.notes = notes;
    }
    Cow::Owned(p)
}

fn render_servers(s: Style, d: &DoctorReport, snippets: Option<&Snippets>) -> String {
    let title = match (d.launched, d.wall_ms) {
        (true, Some(ms)) => format!(
            "Servers (each launched as the app does, with the MCP handshake; {})",
            took(ms)
        ),
        (true, None) => "Servers (each launched as the app does, with the MCP handshake)".into(),
        (false, _) => "Servers (not launched: --no-launch)".into(),
    };
    let mut out = heading(s, 4, &title);
    if d.servers.is_empty() {
        let strict = d.file.as_ref().is_some_and(|f| f.strict_json);
        let why = if strict {
            "  no servers under `mcpServers`: Claude Desktop starts none\n"
        } else {
            "  no servers could be read from the file\n"
        };
        out.push_str(why);
    }
    if let Some(snippets) = snippets {
        for x in &d.servers {
            out.push_str(&render_server(s, d, x, snippets));
        }
    }
    out
}

/// A wall time as test-launch prints it: `850 ms`, `4.2 s`.
fn took(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

fn render_summary(s: Style, d: &DoctorReport) -> String {
    let t = &d.totals;
    let entries_only = parses(d) && !d.launched && t.servers > 0;
    let servers = if entries_only {
        // nothing was launched: only the entries were checked
        format!(
            "{}: {} without config problems (not launched)",
            plural(t.servers, "server"),
            t.healthy
        )
    } else if parses(d) {
        format!("{}: {} healthy", plural(t.servers, "server"), t.healthy)
    } else if t.servers == 0 {
        "0 servers (none could be read from the file): 0 healthy".to_string()
    } else {
        format!(
            "{}, none started by the app until the file parses: {} would be healthy",
            plural(t.servers, "server"),
            t.healthy
        )
    };
    let mut line = format!(
        "{servers}, {} with problems; {}, {}",
        t.with_problems,
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
    );
    if !d.launched && !entries_only {
        line.push_str(" (servers not launched)");
    }
    let line = if t.errors > 0 {
        s.red(&line)
    } else if t.warnings > 0 {
        s.yellow(&line)
    } else {
        s.green(&line)
    };
    let mut out = heading(s, summary_number(d), "Summary");
    out.push_str(&format!("  {line}\n"));
    // what the app would really put in context: not a url entry's tools,
    // none at all when a bad tool name withholds them
    if !t.tools_withheld_by.is_empty() {
        out.push_str(&format!(
            "  {} {}\n",
            s.red("tool definitions:"),
            s.red(&super::launch::withheld_text(&t.tools_withheld_by))
        ));
    } else if t.in_context.tools > 0 {
        out.push_str(&format!(
            "  tool definitions: {} in all, ~{} tokens of every conversation's context (estimated)\n",
            plural(t.in_context.tools, "tool"),
            crate::probe::schemas::human_tokens(t.in_context.tokens)
        ));
    }
    if let Some(a) = &d.app_state {
        out.push_str(&super::app_state::summary(s, a));
    }
    if t.fixable > 0 {
        out.push_str(&repairs_line(d.fixing, t.fixable));
    }
    out
}

/// The summary's line on the repairs `--fix` can make: what to run, or,
/// in a `--fix` run, what this run does with them.
fn repairs_line(fixing: Fixing, n: usize) -> String {
    let repairs = plural(n, "repair");
    match fixing {
        Fixing::No => format!(
            "  `mcpctl doctor --fix` can make {repairs} safely (`--fix --dry-run` shows the diff)\n"
        ),
        Fixing::DryRun => format!(
            "  dry run: {repairs} would be made (listed below, with the diff); \
`mcpctl doctor --fix` writes {}\n",
            if n == 1 { "it" } else { "them" }
        ),
        Fixing::Write => format!("  {repairs} can be made safely (listed below, with the diff)\n"),
    }
}

/// The summary of a run that could not check the config.
fn render_unread_summary(s: Style, d: &DoctorReport) -> String {
    let why = if d.config.exists {
        "the config could not be read"
    } else {
        "there is no config file"
    };
    // the extensions beside it were checked all the same
    let extensions = d
        .app_state
        .as_ref()
        .is_some_and(|a| !a.extensions.is_empty());
    let servers = if extensions {
        "config server"
    } else {
        "server"
    };
    let mut out = format!(
        "{}  {}\n",
        heading(s, summary_number(d), "Summary"),
        s.red(&format!("not checked: {why}, so no {servers} was checked"))
    );
    if let Some(a) = &d.app_state {
        out.push_str(&super::app_state::summary(s, a));
    }
    out
}

/// The summary comes last: 5, plus one for what the app recorded and one
/// for the app's own state, when shown.
fn summary_number(d: &DoctorReport) -> usize {
    5 + usize::from(d.app_recorded.is_some()) + usize::from(d.app_state.is_some())
}

/// The changes and what is left for the user, before the diff. `asked`:
/// the user chose how to fix each url entry on a terminal (so the other
/// way is not offered again).
pub fn plan(s: Style, plan: &Plan, asked: bool) -> String {
    let mut out = format!("{}\n", s.bold("Repairs"));
    if !plan.writable {
        out.push_str(
            "  none offered: after the mechanical repairs the file would still not be strict \
JSON, so the app could not read it either\n",
        );
    } else if plan.changes.is_empty() {
        out.push_str("  nothing doctor can repair safely\n");
    }
    for c in plan.changes.iter().take(SHOWN) {
        let who = c
            .server
            .as_ref()
            .map(|n| format!("{}: ", s.bold(n)))
            .unwrap_or_default();
        out.push_str(&format!("  {} {who}{}\n", s.green("fix"), c.description));
    }
    // a url only this machine can reach has no other way (a Connector
    // cannot reach it); after the user chose, the choice is not offered again
    for r in plan
        .remote
        .iter()
        .filter(|r| !asked && !r.private_host && r.chosen == crate::plan::repair::RemoteFix::Bridge)
    {
        out.push_str(&format!(
            "      {} the other way for {}: remove it and add {} in the app as a Connector \
(run `mcpctl doctor --fix` on a terminal to choose)\n",
            s.cyan("or:"),
            s.bold(&r.server),
            r.url,
        ));
    }
    if plan.changes.len() > SHOWN {
        let more = plan.changes.len() - SHOWN;
        out.push_str(&format!(
            "  {}\n",
            s.dim(&format!("... and {more} more repairs"))
        ));
    }
    if !plan.manual.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            s.bold("Left for you (doctor will not guess)")
        ));
    }
    for m in plan.manual.iter().take(SHOWN) {
        let who = m
            .server
            .as_ref()
            .map(|n| format!("{}: ", s.bold(n)))
            .unwrap_or_default();
        // one line each: a value the message quotes may hold a line break
        out.push_str(&format!(
            "  {} {who}{} [{}]\n",
            s.yellow("todo"),
            crate::escape::name(&m.message),
            m.code
        ));
        if let Some(h) = &m.hint {
            out.push_str(&format!(
                "      {} {}\n",
                s.cyan("hint:"),
                crate::escape::name(h)
            ));
        }
    }
    out.push_str(&indent(
        &more(plan.manual.len().saturating_sub(SHOWN), s),
        "  ",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Os;
    use std::path::PathBuf;

    #[test]
    fn a_tool_cell_tells_no_answer_from_not_asked() {
        let host = HostEnv::fake(Os::Linux, Some("/home/ann"), &[]);
        let site = |version: Option<&str>, asked| Site {
            path: PathBuf::from("/usr/bin/node"),
            version: version.map(str::to_string),
            asked,
            manager: None,
        };
        let cell = |s: Site| site_text(&host, Some(&s));
        assert_eq!(cell(site(Some("v22.1.0"), true)), "v22.1.0 /usr/bin/node");
        assert_eq!(
            cell(site(None, true)),
            "(no answer to --version) /usr/bin/node"
        );
        assert_eq!(cell(site(None, false)), "/usr/bin/node");
        assert_eq!(site_text(&host, None), "-");
    }
}
