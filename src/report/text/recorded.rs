//! Doctor's "What the app recorded" as text: which logs folder was read,
//! then one line per server of the file (the app's last outcome beside
//! mcpctl's launch) with its notes, and the servers the app logged that
//! the file no longer has.

use super::logs::{clean, outcome};
use crate::app::logs::LaneState;
use crate::machine::Finding;
use crate::report::recorded::{AppRecorded, Recorded};
use crate::report::style::Style;

/// The section, headed `N. What the app recorded`.
pub fn render(s: Style, r: &AppRecorded, n: usize) -> String {
    let mut title = format!("{n}. What the app recorded");
    if let Some(dir) = &r.logs_dir {
        title.push_str(&format!(" (Claude Desktop's logs in {dir})"));
    }
    let mut out = format!("{}\n", s.bold(&title));
    if let Some(e) = &r.error {
        out.push_str(&format!(
            "  {} {}\n",
            s.yellow("could not read them:"),
            clean(e)
        ));
        return out;
    }
    if r.logs_dir.is_none() {
        out.push_str(&format!("  {}\n", s.dim(&format!("no logs: {}", r.reason))));
        return out;
    }
    for d in &r.other_dirs {
        out.push_str(&format!(
            "  {} {d} (another logs folder, older: not read)\n",
            s.dim("also")
        ));
    }
    if let Some(t) = r.last_start {
        let mut line = format!("the app last started a server at {}", t.utc_text());
        if let Some(c) = r.config_changed_at {
            line.push_str(&format!("; the file last changed at {}", c.utc_text()));
        }
        out.push_str(&format!("  {}\n", s.dim(&line)));
    }
    let width = r
        .servers
        .iter()
        .chain(&r.not_in_file)
        .map(|x| x.name.chars().count())
        .max()
        .unwrap_or(0);
    for x in &r.servers {
        out.push_str(&server(s, x, width));
    }
    if !r.not_in_file.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            s.dim("logged by the app, not in the file:")
        ));
        for x in &r.not_in_file {
            out.push_str(&server(s, x, width));
        }
    }
    out.push_str(&format!(
        "  {}\n",
        s.dim("`mcpctl logs NAME` shows a server's last session in full: command, PATH, stderr")
    ));
    out
}

fn server(s: Style, x: &Recorded, width: usize) -> String {
    let pad = " ".repeat(width.saturating_sub(x.name.chars().count()));
    let app = match &x.app {
        None => s.dim("app: not in the logs read"),
        Some(a) => {
            let mut t = format!("app: {}", outcome(s, &a.chat, None));
            if a.cowork.state == LaneState::Failed {
                t.push_str(&format!("; {}", s.red("Cowork/Code lane failed")));
            }
            t
        }
    };
    let mcpctl = match &x.mcpctl {
        None => String::new(),
        Some(m) => {
            let v = if m.ok {
                s.green("ok")
            } else {
                s.red(&format!("FAIL {}", m.verdict.as_str()))
            };
            let with = if m.path_from_logs {
                s.dim(" (with the PATH the app logged)")
            } else {
                String::new()
            };
            format!("   mcpctl: {v}{with}")
        }
    };
    let mut out = format!("  {}{pad}  {app}{mcpctl}\n", s.bold(&clean(&x.name)));
    for f in &x.findings {
        out.push_str(&finding(s, f));
    }
    out
}

fn finding(s: Style, f: &Finding) -> String {
    let mut out = format!(
        "        {}{} {}\n",
        s.cyan("note"),
        s.bold(&format!("[{}]:", f.code)),
        clean(&f.message)
    );
    if let Some(h) = &f.hint {
        out.push_str(&format!("          {} {}\n", s.cyan("= hint:"), clean(h)));
    }
    out
}
