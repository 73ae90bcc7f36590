//! `mcpctl doctor` as the user sees it: the report model (where the file
//! is, the file's diagnostics, the machine as the app sees it, and one
//! section per server with every problem and its hint), the totals and exit
//! code, the text rendering, the JSON of docs/json/doctor.md, and the
//! `--fix` plan. Also the report for a config that could not be read (no
//! file yet): where the app looks and the machine, without servers. Pure:
//! parts in, text and JSON out. Env values are masked unless
//! `--show-secrets`.

use serde_json::{Value, json};

use crate::config::diag::Diagnostic;
use crate::config::locate::Located;
use crate::config::model::{ServerEntry, mask};
use crate::config::source::Source;
use crate::error::Error;
use crate::machine::servers::{Suggestion, effective};
use crate::machine::{Finding, Level, Survey, tilde};
use crate::plan::repair::Plan;
use crate::platform::{HostEnv, Os};
use crate::probe::ProbeReport;
use crate::report::diagnostics;
use crate::report::launch;
use crate::report::style::Style;

/// One server's section: everything doctor learned about it.
#[derive(Debug, Clone)]
pub struct ServerSection {
    pub entry: ServerEntry,
    /// Syntax, schema and lint diagnostics inside this entry.
    pub diagnostics: Vec<Diagnostic>,
    /// What the machine checks found (shims, PATH, Node/Python).
    pub findings: Vec<Finding>,
    pub suggestions: Vec<Suggestion>,
    /// The launch and handshake; None with `--no-launch`.
    pub probe: Option<ProbeReport>,
}

impl ServerSection {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
            + self
                .findings
                .iter()
                .filter(|f| f.level == Level::Error)
                .count()
            + usize::from(self.probe.as_ref().is_some_and(|p| !p.ok))
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
            + self
                .findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .count()
    }
    pub fn healthy(&self) -> bool {
        self.errors() == 0 && self.warnings() == 0
    }
}

/// Everything one doctor run found.
#[derive(Debug, Clone)]
pub struct Doctor {
    pub located: Located,
    pub source: Source,
    /// A strict JSON parser (the app's) accepts the file.
    pub strict_json: bool,
    /// Diagnostics not inside any server entry.
    pub file_diagnostics: Vec<Diagnostic>,
    pub survey: Survey,
    pub os: Os,
    pub servers: Vec<ServerSection>,
    /// Whether servers were launched (false with `--no-launch`).
    pub launched: bool,
    pub wall_ms: Option<u64>,
    /// Changes `doctor --fix` would make.
    pub fixable: usize,
    /// Why the config could not be checked (no file at the located path):
    /// then only where the app looks and the machine are reported, and
    /// doctor exits 2.
    pub unread: Option<Error>,
}

/// What one doctor run concluded (the command turns it into an exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is wrong (notes allowed).
    Healthy,
    /// Something is: an error or a warning, or a file the app cannot parse.
    Problems,
    /// The config could not be checked (no file at the located path).
    NotChecked,
}

/// The numbers of the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub servers: usize,
    pub healthy: usize,
    pub with_problems: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub fixable: usize,
}

/// Split the diagnostics by server and attach the survey's findings and
/// each server's launch (matched by name: entries without a command are
/// not launched).
pub fn sections(
    all: &[ServerEntry],
    diags: &[Diagnostic],
    survey: &Survey,
    probes: Option<Vec<ProbeReport>>,
) -> (Vec<ServerSection>, Vec<Diagnostic>) {
    let effective = effective(all);
    let mut file = Vec::new();
    let mut by_server: Vec<Vec<Diagnostic>> = vec![Vec::new(); effective.len()];
    for d in diags {
        // every definition of a name belongs to that name's section
        let owner = d.span.and_then(|s| {
            let entry = all
                .iter()
                .find(|e| e.span.start <= s.start && s.end <= e.span.end)?;
            effective.iter().position(|e| e.name == entry.name)
        });
        match owner {
            Some(i) => by_server[i].push(d.clone()),
            None => file.push(d.clone()),
        }
    }
    let mut probes = probes.unwrap_or_default();
    let servers = effective
        .into_iter()
        .zip(by_server)
        .map(|(entry, mut diagnostics)| {
            let facts = survey.servers.iter().find(|f| f.name == entry.name);
            let mut findings = facts.map(|f| f.findings.clone()).unwrap_or_default();
            // the machine analysis says it more exactly (it honours the
            // entry's env PATH and the app's own search rules)
            let analysed = facts.is_some_and(|f| {
                f.form
                    .is_some_and(|form| form != crate::machine::lookup::CommandForm::Relative)
            });
            if analysed {
                diagnostics.retain(|d| d.code != "command-not-found");
            }
            // a batch shim lint already reports (with its position and fix)
            // is shown once
            findings.retain(|f| {
                f.code != "windows-shim" || !diagnostics.iter().any(|d| d.code == f.code)
            });
            ServerSection {
                suggestions: facts.map(|f| f.suggestions.clone()).unwrap_or_default(),
                probe: probes
                    .iter()
                    .position(|p| p.name == entry.name)
                    .map(|i| probes.swap_remove(i)),
                entry,
                diagnostics,
                findings,
            }
        })
        .collect();
    (servers, file)
}

/// What doctor says when there is no file at the located path: what is
/// missing, and a hint that fits how the path was chosen (a file the app
/// ignores exists elsewhere; `--config` points away from the app's file;
/// or nothing exists yet).
pub fn missing_config(l: &Located, fix: bool) -> Error {
    let path = l.path.display();
    let message = if fix {
        format!("no config file at {path}: `doctor --fix` has nothing to repair")
    } else {
        format!("no config file at {path}")
    };
    let create = "`mcpctl add NAME -- COMMAND ARGS...` creates it";
    let hint = if let Some(other) = l.ignored.first() {
        format!(
            "Claude Desktop reads this path, not {}: move that file here, or start afresh ({create})",
            other.display()
        )
    } else if let Some(app) = &l.app_reads {
        format!(
            "{create}; check the path you gave, or drop --config / MCPCTL_CONFIG to check the file \
             Claude Desktop itself reads: {}",
            app.display()
        )
    } else {
        format!("{create}; if your file lives elsewhere, pass it with --config PATH")
    };
    Error::new(message).hint(hint)
}

impl Doctor {
    /// The report for a config that could not be read: where the app
    /// looks and the machine as it sees it, no file, no servers.
    pub fn unread(located: Located, survey: Survey, os: Os, why: Error) -> Doctor {
        Doctor {
            source: Source::from_text(&located.path, ""),
            located,
            strict_json: false,
            file_diagnostics: Vec::new(),
            survey,
            os,
            servers: Vec::new(),
            launched: false,
            wall_ms: None,
            fixable: 0,
            unread: Some(why),
        }
    }

    pub fn totals(&self) -> Totals {
        let file_errors = self
            .file_diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let file_warnings = self.file_diagnostics.len() - file_errors;
        let healthy = self.servers.iter().filter(|s| s.healthy()).count();
        Totals {
            servers: self.servers.len(),
            healthy,
            with_problems: self.servers.len() - healthy,
            errors: file_errors
                + self
                    .servers
                    .iter()
                    .map(ServerSection::errors)
                    .sum::<usize>(),
            warnings: file_warnings
                + self
                    .servers
                    .iter()
                    .map(ServerSection::warnings)
                    .sum::<usize>(),
            notes: self.survey.findings.len(),
            fixable: self.fixable,
        }
    }

    /// Healthy when nothing is wrong (notes allowed), problems when
    /// anything is, not checked when the config could not be read.
    pub fn outcome(&self) -> Outcome {
        if self.unread.is_some() {
            return Outcome::NotChecked;
        }
        let t = self.totals();
        if t.errors + t.warnings == 0 && self.strict_json {
            Outcome::Healthy
        } else {
            Outcome::Problems
        }
    }
}

// ------------------------------------------------------------------ text

fn heading(s: Style, n: usize, title: &str) -> String {
    format!("{}\n", s.bold(&format!("{n}. {title}")))
}

fn field(s: Style, name: &str, value: &str) -> String {
    format!("  {} {value}\n", s.dim(&format!("{name:<10}")))
}

fn render_where(s: Style, d: &Doctor, host: &HostEnv) -> String {
    let l = &d.located;
    let mut out = heading(s, 1, "Where");
    let exists = if l.exists { "" } else { " (does not exist)" };
    out.push_str(&field(
        s,
        "config",
        &format!("{}{exists}  [{}: {}]", l.path.display(), l.rule, l.reason),
    ));
    if let Some(app) = &l.app_reads {
        out.push_str(&field(
            s,
            "app reads",
            &format!("{} (Claude Desktop itself reads this one)", app.display()),
        ));
    }
    for p in &l.ignored {
        out.push_str(&field(
            s,
            "ignored",
            &format!(
                "{} {}",
                p.display(),
                s.yellow("exists, but the app does not read it: edits there change nothing")
            ),
        ));
    }
    let app = &d.survey.app;
    let installed = match &app.installed {
        Some(p) => format!("installed at {}", tilde(host, p)),
        None => "not found".to_string(),
    };
    let running = match app.running {
        Some(true) => ", running (it reads the config only at start: restart it after changes)",
        Some(false) => ", not running",
        None => "",
    };
    out.push_str(&field(
        s,
        "app",
        &format!("Claude Desktop {installed}{running}"),
    ));
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

fn render_file(s: Style, d: &Doctor) -> String {
    let mut out = heading(s, 2, "The file");
    if let Some(why) = &d.unread {
        out.push_str(&format!("  {} {}\n", s.red("error:"), why.message));
        if let Some(h) = &why.hint {
            out.push_str(&format!("    {} {h}\n", s.cyan("hint:")));
        }
        return out;
    }
    let in_servers: usize = d.servers.iter().map(|x| x.diagnostics.len()).sum();
    if d.file_diagnostics.is_empty() {
        let what = if d.strict_json {
            "strict JSON, the app can read it"
        } else {
            "not strict JSON"
        };
        out.push_str(&format!("  {} {what}", s.green("ok")));
        if in_servers > 0 {
            out.push_str(&format!(
                "; {} inside server entries, shown with each server below",
                plural(in_servers, "problem")
            ));
        }
        out.push('\n');
        return out;
    }
    if !d.strict_json {
        out.push_str(&format!(
            "  {}\n\n",
            s.red("Claude Desktop cannot parse this file: it starts none of its servers")
        ));
    }
    out.push_str(&indent(
        &diagnostics::render_all(&d.source, &d.file_diagnostics, s),
        "  ",
    ));
    out
}

fn site_text(host: &HostEnv, site: Option<&crate::machine::tools::Site>) -> String {
    match site {
        None => "-".to_string(),
        Some(site) => {
            let mut t = match &site.version {
                Some(v) => format!("{v} {}", tilde(host, &site.path)),
                None => tilde(host, &site.path),
            };
            if let Some(m) = site.manager {
                t.push_str(&format!(" [{}]", m.name()));
            }
            t
        }
    }
}

fn render_machine(s: Style, d: &Doctor, host: &HostEnv) -> String {
    let mut out = heading(
        s,
        3,
        &format!(
            "The machine as Claude Desktop sees it ({} profile)",
            d.os.name()
        ),
    );
    out.push_str(&field(s, "app PATH", &d.survey.app_path));
    let shell_path = if d.survey.shell_path == d.survey.app_path {
        "the same".to_string()
    } else {
        d.survey.shell_path.clone()
    };
    out.push_str(&field(s, "shell PATH", &shell_path));
    let rows: Vec<(String, String, String)> = d
        .survey
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
            (t.name.to_string(), app, shell)
        })
        .collect();
    let w = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .max("on the app's PATH".len());
    out.push_str(&format!(
        "  {}\n",
        s.dim(&format!(
            "{:<8} {:<w$}  {}",
            "tool", "on the app's PATH", "on your shell's PATH"
        ))
    ));
    for (name, app, shell) in rows {
        out.push_str(&format!("  {name:<8} {app:<w$}  {shell}\n"));
    }
    for f in &d.survey.findings {
        out.push_str(&render_finding(s, f, "  "));
    }
    out
}

fn level_word(s: Style, level: Level) -> String {
    match level {
        Level::Error => s.red("error"),
        Level::Warning => s.yellow("warning"),
        Level::Note => s.cyan("note"),
    }
}

fn render_finding(s: Style, f: &Finding, pad: &str) -> String {
    let mut out = format!(
        "{pad}{}{} {}\n",
        level_word(s, f.level),
        s.bold(&format!("[{}]:", f.code)),
        f.message
    );
    if let Some(h) = &f.hint {
        out.push_str(&format!("{pad}  {} {h}\n", s.cyan("= hint:")));
    }
    out
}

fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

/// A word of a command line, quoted when it is empty or holds spaces.
fn word(a: &str) -> String {
    if a.contains(char::is_whitespace) || a.is_empty() {
        format!("{a:?}")
    } else {
        a.to_string()
    }
}

fn command_line(e: &ServerEntry, show: bool) -> String {
    let mut parts: Vec<String> = e
        .env
        .iter()
        .map(|(k, v)| format!("{k}={}", if show { v.clone() } else { mask(v) }))
        .collect();
    parts.push(
        e.command
            .as_deref()
            .map_or_else(|| "(no command)".into(), word),
    );
    parts.extend(e.args.iter().map(|a| word(a)));
    parts.join(" ")
}

fn render_server(s: Style, d: &Doctor, x: &ServerSection, show: bool) -> String {
    let e = x.errors();
    let status = if x.healthy() {
        s.green("ok  ")
    } else if e > 0 {
        s.red("FAIL")
    } else {
        s.yellow("WARN")
    };
    let mut out = format!(
        "  {status}  {}  {}\n",
        s.bold(&x.entry.name),
        s.dim(&command_line(&x.entry, show))
    );
    let pad = "        ";
    if !x.diagnostics.is_empty() {
        out.push_str(&indent(
            &diagnostics::render_all(&d.source, &x.diagnostics, s),
            pad,
        ));
    }
    for f in &x.findings {
        out.push_str(&render_finding(s, f, pad));
    }
    if d.launched && x.probe.is_none() {
        out.push_str(&format!(
            "{pad}{}\n",
            s.dim("not launched: the entry has no command to start")
        ));
    }
    if let Some(p) = &x.probe {
        let text = launch::render_server(s, p, 0, show);
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            // the launch's own status line, restated as "launch: ..."
            let rest = first
                .split_once(&p.name)
                .map(|(_, r)| r.trim())
                .unwrap_or(first);
            let word = if p.ok {
                s.green("launch ok:")
            } else {
                s.red("launch failed:")
            };
            out.push_str(&format!("{pad}{word} {rest}\n"));
        }
        for l in lines {
            out.push_str(&format!("{pad}{}\n", l.trim_start_matches("      ")));
        }
    }
    out
}

fn render_servers(s: Style, d: &Doctor, show: bool) -> String {
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
        let why = if d.strict_json {
            "  no servers under `mcpServers`: Claude Desktop starts none\n"
        } else {
            "  no servers could be read from the file\n"
        };
        out.push_str(why);
    }
    for x in &d.servers {
        out.push_str(&render_server(s, d, x, show));
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn render_summary(s: Style, d: &Doctor) -> String {
    let t = d.totals();
    let mut line = format!(
        "{}: {} healthy, {} with problems; {}, {}",
        plural(t.servers, "server"),
        t.healthy,
        t.with_problems,
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
    );
    if !d.launched {
        line.push_str(" (servers not launched)");
    }
    let line = if t.errors > 0 {
        s.red(&line)
    } else if t.warnings > 0 {
        s.yellow(&line)
    } else {
        s.green(&line)
    };
    let mut out = format!("{}\n  {line}\n", s.bold("5. Summary"));
    if t.fixable > 0 {
        out.push_str(&format!(
            "  `mcpctl doctor --fix` can make {} safely (`--fix --dry-run` shows the diff)\n",
            plural(t.fixable, "repair")
        ));
    }
    out
}

/// The summary of a run that could not check the config.
fn render_unread_summary(s: Style, d: &Doctor) -> String {
    let why = if d.located.exists {
        "the config could not be read"
    } else {
        "there is no config file"
    };
    format!(
        "{}\n  {}\n",
        s.bold("5. Summary"),
        s.red(&format!("not checked: {why}, so no server was checked"))
    )
}

/// The whole text report. Without a readable config: where, the file's
/// error, the machine, and the summary (no servers).
pub fn render_text(d: &Doctor, host: &HostEnv, s: Style, show_secrets: bool) -> String {
    if d.unread.is_some() {
        return [
            render_where(s, d, host),
            render_file(s, d),
            render_machine(s, d, host),
            render_unread_summary(s, d),
        ]
        .join("\n");
    }
    [
        render_where(s, d, host),
        render_file(s, d),
        render_machine(s, d, host),
        render_servers(s, d, show_secrets),
        render_summary(s, d),
    ]
    .join("\n")
}

// ------------------------------------------------------------------ json

fn diag_json(source: &Source, ds: &[Diagnostic]) -> Vec<Value> {
    ds.iter().map(|d| diagnostics::to_json(source, d)).collect()
}

fn suggestion_json(s: &Suggestion) -> Value {
    match s {
        Suggestion::SetCommand { to, why } => {
            json!({"kind": "set-command", "to": to.display().to_string(), "description": why})
        }
        Suggestion::PrependPath { dir, why, .. } => {
            json!({"kind": "prepend-path", "dir": dir.display().to_string(), "description": why})
        }
    }
}

fn server_json(d: &Doctor, x: &ServerSection, show: bool) -> Value {
    let env: serde_json::Map<String, Value> = x
        .entry
        .env
        .iter()
        .map(|(k, v)| (k.clone(), json!(if show { v.clone() } else { mask(v) })))
        .collect();
    json!({
        "name": x.entry.name,
        "healthy": x.healthy(),
        "errors": x.errors(),
        "warnings": x.warnings(),
        "command": x.entry.command,
        "args": x.entry.args,
        "env": env,
        "diagnostics": diag_json(&d.source, &x.diagnostics),
        "findings": x.findings,
        "repairs": x.suggestions.iter().map(suggestion_json).collect::<Vec<_>>(),
        "launch": x.probe.as_ref().map(|p| launch::server_json(p, show)),
    })
}

/// The JSON document of docs/json/doctor.md (without `fix`/`after`).
/// Without a readable config: `file` and `summary` are null, `servers` is
/// empty, and `error` says why.
pub fn to_json(d: &Doctor, show_secrets: bool) -> Value {
    let mut doc = json_document(d, show_secrets);
    if let (Some(why), Some(obj)) = (&d.unread, doc.as_object_mut()) {
        obj.insert("file".into(), Value::Null);
        obj.insert("summary".into(), Value::Null);
        obj.insert(
            "error".into(),
            json!({"message": why.message, "hint": why.hint}),
        );
    }
    doc
}

fn json_document(d: &Doctor, show_secrets: bool) -> Value {
    let l = &d.located;
    json!({
        "config": {
            "path": l.path.display().to_string(),
            "exists": l.exists,
            "rule": l.rule,
            "reason": l.reason,
            "ignored": l.ignored.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "app_reads": l.app_reads.as_ref().map(|p| p.display().to_string()),
        },
        "app": d.survey.app,
        "file": {
            "strict_json": d.strict_json,
            "diagnostics": diag_json(&d.source, &d.file_diagnostics),
        },
        "machine": {
            "os_profile": d.os,
            "app_path": d.survey.app_path,
            "shell_path": d.survey.shell_path,
            "tools": d.survey.tools,
            "findings": d.survey.findings,
        },
        "launched": d.launched,
        "servers": d.servers.iter().map(|x| server_json(d, x, show_secrets)).collect::<Vec<_>>(),
        "summary": d.totals(),
    })
}

// ------------------------------------------------------------------ fix

/// The changes and what is left for the user, before the diff.
pub fn render_plan(s: Style, plan: &Plan) -> String {
    let mut out = format!("{}\n", s.bold("Repairs"));
    if plan.changes.is_empty() {
        out.push_str("  nothing doctor can repair safely\n");
    }
    for c in &plan.changes {
        let who = c
            .server
            .as_ref()
            .map(|n| format!("{}: ", s.bold(n)))
            .unwrap_or_default();
        out.push_str(&format!("  {} {who}{}\n", s.green("fix"), c.description));
    }
    if !plan.manual.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            s.bold("Left for you (doctor will not guess)")
        ));
    }
    for m in &plan.manual {
        let who = m
            .server
            .as_ref()
            .map(|n| format!("{}: ", s.bold(n)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {who}{} [{}]\n",
            s.yellow("todo"),
            m.message,
            m.code
        ));
        if let Some(h) = &m.hint {
            out.push_str(&format!("      {} {h}\n", s.cyan("hint:")));
        }
    }
    out
}

pub fn plan_json(plan: &Plan) -> Value {
    json!({
        "changes": plan.changes,
        "manual": plan.manual,
        "writable": plan.writable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ast::{Node, Value as NodeValue};
    use crate::config::locate::{self, Fs};
    use crate::config::source::Span;
    use crate::machine::AppStatus;
    use crate::machine::ToolReport;
    use crate::machine::managers::Manager;
    use crate::machine::tools::Site;
    use std::path::{Path, PathBuf};

    struct FakeFs(Vec<&'static str>);
    impl Fs for FakeFs {
        fn exists(&self, p: &Path) -> bool {
            let s = p.to_string_lossy();
            self.0
                .iter()
                .any(|f| *f == s || f.starts_with(&format!("{s}\\")))
        }
        fn list_dir(&self, p: &Path) -> Vec<String> {
            let prefix = format!("{}\\", p.to_string_lossy());
            let mut v: Vec<String> = self
                .0
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix))
                .map(|r| r.split('\\').next().unwrap_or(r).to_string())
                .collect();
            v.dedup();
            v
        }
    }

    fn windows_host() -> HostEnv {
        HostEnv {
            os: Os::Windows,
            home: Some(PathBuf::from(r"C:\Users\ann")),
            vars: [
                (
                    "APPDATA".to_string(),
                    r"C:\Users\ann\AppData\Roaming".to_string(),
                ),
                (
                    "LOCALAPPDATA".to_string(),
                    r"C:\Users\ann\AppData\Local".to_string(),
                ),
            ]
            .into(),
            cwd: PathBuf::from(r"C:\"),
        }
    }

    fn empty_doctor(located: Located) -> Doctor {
        Doctor {
            source: Source::from_text(&located.path, "{\"mcpServers\": {}}"),
            located,
            strict_json: true,
            file_diagnostics: Vec::new(),
            survey: Survey {
                app: AppStatus {
                    installed: None,
                    looked_in: Vec::new(),
                    running: Some(false),
                    logs_dir: None,
                    logs_exist: false,
                },
                app_path: String::new(),
                shell_path: String::new(),
                tools: Vec::new(),
                findings: Vec::new(),
                servers: Vec::new(),
            },
            os: Os::Windows,
            servers: Vec::new(),
            launched: false,
            wall_ms: None,
            fixable: 0,
            unread: None,
        }
    }

    #[test]
    fn the_classic_windows_file_beside_the_store_one_is_reported_as_ignored() {
        let classic = r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json";
        let msix = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\claude_desktop_config.json";
        let host = windows_host();
        let located = locate::locate(&host, None, &FakeFs(vec![classic, msix]));
        assert_eq!(located.rule, "windows-msix");
        let d = empty_doctor(located);
        let text = render_text(&d, &host, Style::plain(), false);
        let ignored = text
            .lines()
            .find(|l| l.trim_start().starts_with("ignored"))
            .expect(&text);
        assert!(ignored.contains(classic), "{ignored}");
        assert!(ignored.contains("the app does not read it"));
        let j = to_json(&d, false);
        assert_eq!(j["config"]["ignored"][0], classic);
        assert_eq!(j["config"]["rule"], "windows-msix");
        assert_eq!(d.outcome(), Outcome::Healthy);
    }

    fn site(path: &str, version: Option<&str>, manager: Option<Manager>) -> Site {
        Site {
            path: PathBuf::from(path),
            version: version.map(str::to_string),
            manager,
        }
    }

    #[test]
    fn the_tool_table_says_same_only_when_nothing_differs() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let shim = "/home/u/.pyenv/shims/python3";
        d.survey.tools = vec![
            ToolReport {
                name: "node",
                app: Some(site("/usr/bin/node", Some("v22.11.0"), None)),
                shell: Some(site("/usr/bin/node", Some("v22.11.0"), None)),
            },
            // one shim, asked from `/` (it fails there) and from here
            ToolReport {
                name: "python3",
                app: Some(site(shim, None, Some(Manager::Pyenv))),
                shell: Some(site(shim, Some("Python 3.12.1"), Some(Manager::Pyenv))),
            },
        ];
        let text = render_text(&d, &host, Style::plain(), false);
        let row = |name: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("no {name} row: {text}"))
                .to_string()
        };
        assert!(row("node ").ends_with("  same"), "{}", row("node "));
        let py = row("python3");
        assert!(!py.contains("same"), "{py}");
        assert!(
            py.ends_with("Python 3.12.1 /home/u/.pyenv/shims/python3 [pyenv]"),
            "{py}"
        );
    }

    #[test]
    fn a_short_launch_reads_in_milliseconds() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        d.launched = true;
        d.wall_ms = Some(42);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("with the MCP handshake; 42 ms)"), "{text}");
        d.wall_ms = Some(4049);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("with the MCP handshake; 4.0 s)"), "{text}");
    }

    fn entry(name: &str, command: Option<&str>, span: Span) -> ServerEntry {
        ServerEntry {
            name: name.into(),
            name_span: span,
            span,
            command: command.map(str::to_string),
            args: Vec::new(),
            env: Vec::new(),
            node: Node {
                value: NodeValue::Null,
                span,
            },
        }
    }

    #[test]
    fn a_batch_shim_lint_reports_is_not_repeated_by_the_machine_finding() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let span = Span::new(10, 40);
        let e = entry("mem", Some("npx"), span);
        let finding = Finding::new("windows-shim", Level::Error, "npx is a batch file");
        d.survey.servers = vec![crate::machine::ServerFacts {
            name: "mem".into(),
            form: Some(crate::machine::lookup::CommandForm::Bare),
            runtime: None,
            path: String::new(),
            path_from_entry: false,
            resolved: None,
            shell_resolved: None,
            findings: vec![finding.clone()],
            suggestions: Vec::new(),
        }];
        let lint = Diagnostic::warning("windows-shim", "npx is a batch shim").at(Span::new(20, 25));
        let (servers, _) = sections(std::slice::from_ref(&e), &[lint], &d.survey, None);
        assert_eq!(servers[0].diagnostics.len(), 1);
        assert!(servers[0].findings.is_empty(), "{:?}", servers[0].findings);
        // without the lint diagnostic (a name lint does not know), the
        // finding stays
        let (servers, _) = sections(&[e], &[], &d.survey, None);
        assert_eq!(servers[0].findings, [finding]);
    }

    #[test]
    fn an_empty_command_is_shown_quoted() {
        let e = entry("e", Some(""), Span::default());
        assert_eq!(command_line(&e, false), r#""""#);
        assert_eq!(
            command_line(&entry("n", None, Span::default()), false),
            "(no command)"
        );
    }

    #[test]
    fn an_empty_config_says_no_servers_and_is_healthy() {
        let host = windows_host();
        let located = locate::locate(&host, None, &FakeFs(vec![]));
        let d = empty_doctor(located);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("no servers under `mcpServers`"), "{text}");
        assert!(text.contains("0 servers: 0 healthy, 0 with problems; 0 errors, 0 warnings"));
    }

    #[test]
    fn a_missing_store_file_points_to_the_classic_one_the_app_ignores() {
        let classic = r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json";
        let store = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc";
        let host = windows_host();
        let located = locate::locate(&host, None, &FakeFs(vec![classic, store]));
        assert_eq!(located.rule, "windows-msix");
        assert!(!located.exists);
        let why = missing_config(&located, false);
        assert!(why.message.starts_with(
            r"no config file at C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\"
        ));
        let hint = why.hint.clone().unwrap_or_default();
        assert!(
            hint.contains(&format!("not {classic}: move that file here")),
            "{hint}"
        );
        assert!(
            hint.contains("`mcpctl add NAME -- COMMAND ARGS...` creates it"),
            "{hint}"
        );

        let survey = empty_doctor(located.clone()).survey;
        let d = Doctor::unread(located, survey, Os::Windows, why);
        assert_eq!(d.outcome(), Outcome::NotChecked);
        let text = render_text(&d, &host, Style::plain(), false);
        for want in [
            "1. Where",
            "(does not exist)",
            "2. The file",
            "error: no config file at",
            "3. The machine",
            "5. Summary",
            "not checked: there is no config file",
        ] {
            assert!(text.contains(want), "{want}: {text}");
        }
        assert!(!text.contains("4. Servers"), "{text}");
        let ignored = text
            .lines()
            .find(|l| l.trim_start().starts_with("ignored"))
            .expect(&text);
        assert!(ignored.contains(classic), "{ignored}");

        let j = to_json(&d, false);
        assert!(j["file"].is_null());
        assert!(j["summary"].is_null());
        assert_eq!(j["servers"], json!([]));
        assert_eq!(j["launched"], false);
        assert_eq!(j["config"]["exists"], false);
        assert_eq!(j["config"]["ignored"][0], classic);
        assert_eq!(j["error"]["hint"], json!(hint));
        assert!(j["machine"]["tools"].is_array());
    }

    #[test]
    fn the_missing_file_hint_fits_how_the_path_was_chosen() {
        let host = windows_host();
        let fs = FakeFs(vec![]);
        let plain = missing_config(&locate::locate(&host, None, &fs), false);
        assert!(
            plain
                .hint
                .unwrap_or_default()
                .ends_with("pass it with --config PATH")
        );
        let flagged = locate::locate(&host, Some(Path::new(r"D:\cfg.json")), &fs);
        let why = missing_config(&flagged, true);
        assert!(
            why.message
                .ends_with("`doctor --fix` has nothing to repair"),
            "{}",
            why.message
        );
        let hint = why.hint.unwrap_or_default();
        assert!(
            hint.ends_with(r"Claude Desktop itself reads: C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json"),
            "{hint}"
        );
    }

    #[test]
    fn a_readable_config_never_reports_an_error_field() {
        let host = windows_host();
        let d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let j = to_json(&d, false);
        assert!(j.get("error").is_none(), "{j:#}");
        assert!(j["file"].is_object());
        assert!(j["summary"].is_object());
    }
}
