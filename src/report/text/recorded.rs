//! Doctor's "What the app recorded" as text: which logs folder was read,
//! then one line per server of the file (the app's last outcome beside
//! mcpctl's launch) with its notes, and the servers the app logged that
//! the file no longer has. A note several servers share (the app skipped
//! them all: it reads another file) is said once, naming them.

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
    for u in &r.unreadable {
        out.push_str(&format!("  {}", super::logs::unreadable(s, u)));
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
        .map(|x| crate::text::columns(&clean(&x.name)))
        .max()
        .unwrap_or(0);
    let shared = shared(&r.servers);
    for x in &r.servers {
        out.push_str(&server(s, x, width, &shared));
    }
    for (f, names) in &shared {
        let who = format!("{} servers: {}", names.len(), names.join(", "));
        out.push_str(&finding(s, f, "  ", &format!(" ({})", clean(&who))));
    }
    if !r.not_in_file.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            s.dim("logged by the app, not in the file:")
        ));
        for x in &r.not_in_file {
            out.push_str(&server(s, x, width, &[]));
        }
    }
    out.push_str(&format!(
        "  {}\n",
        s.dim("`mcpctl logs NAME` shows a server's last session in full: command, PATH, stderr")
    ));
    out
}

/// Notes said alike for several servers, with their names.
fn shared(servers: &[Recorded]) -> Vec<(&Finding, Vec<&str>)> {
    let mut all: Vec<(&Finding, Vec<&str>)> = Vec::new();
    for x in servers {
        for f in &x.findings {
            match all.iter_mut().find(|(g, _)| *g == f) {
                Some((_, names)) => names.push(&x.name),
                None => all.push((f, vec![&x.name])),
            }
        }
    }
    all.retain(|(_, names)| names.len() > 1);
    all
}

fn server(s: Style, x: &Recorded, width: usize, shared: &[(&Finding, Vec<&str>)]) -> String {
    let app = match &x.app {
        // the warning above names the file and why
        None if x.log_unreadable.is_some() => s.yellow("app: its log could not be read"),
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
            let mut v = if m.verdict.is_ok() {
                s.green("ok")
            } else {
                s.red(&format!("FAIL {}", m.verdict.as_str()))
            };
            // the Cowork/Code copy, when it fails otherwise than the chat one
            if let Some(c) = m.cowork.filter(|c| !c.is_ok() && *c != m.verdict) {
                v.push_str(&format!(
                    "; {}",
                    s.red(&format!("Cowork/Code lane FAIL {}", c.as_str()))
                ));
            }
            let with = if m.path_from_logs {
                s.dim(" (with the PATH the app logged)")
            } else {
                String::new()
            };
            // the launch alone: section 4 gives the entry's config problems
            format!("   mcpctl launch: {v}{with}")
        }
    };
    let name = crate::text::pad(&clean(&x.name), width);
    let mut out = format!("  {}  {app}{mcpctl}\n", s.bold(&name));
    for f in &x.findings {
        if !shared.iter().any(|(g, _)| *g == f) {
            out.push_str(&finding(s, f, "        ", ""));
        }
    }
    out
}

/// `note[code] (who): message`, and its hint.
fn finding(s: Style, f: &Finding, pad: &str, who: &str) -> String {
    let mut out = format!(
        "{pad}{}{}{who}: {}\n",
        s.cyan("note"),
        s.bold(&format!("[{}]", f.code)),
        clean(&f.message)
    );
    if let Some(h) = &f.hint {
        out.push_str(&format!("{pad}  {} {}\n", s.cyan("= hint:"), clean(h)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Verdict;
    use crate::report::recorded::tests::{Case, cowork_fails, launch};

    #[test]
    fn without_logs_the_section_is_one_line() {
        let mut c = Case::new(&[("github", None)]);
        c.logs.location.chosen = None;
        c.logs.location.reason = "no logs folder exists yet".into();
        c.logs.sessions = Default::default();
        assert_eq!(
            render(Style::plain(), &c.build(), 5),
            "5. What the app recorded\n  no logs: no logs folder exists yet\n"
        );
    }

    #[test]
    fn the_text_puts_the_app_beside_mcpctl() {
        let c = Case::new(&[
            (
                "github",
                Some(launch("github", true, Some("/opt/homebrew/bin/npx"))),
            ),
            ("weather", Some(launch("weather", false, None))),
        ]);
        let text = render(Style::plain(), &c.build(), 5);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "5. What the app recorded (Claude Desktop's logs in /Users/ann/Library/Logs/Claude)"
        );
        assert_eq!(
            lines[1],
            "  the app last started a server at 2026-09-02 07:58:10 UTC; the file last changed at 2026-09-02 07:00:00 UTC"
        );
        assert_eq!(
            lines[2],
            "  github   app: failed at 2026-09-02 07:58:10 UTC: spawn npx ENOENT   mcpctl launch: ok"
        );
        assert!(lines[3].starts_with("        note[app-outcome-differs]: the app failed it at"));
        assert!(text.contains(
        "  weather  app: not in the logs read   mcpctl launch: FAIL command-not-found\n        note[app-skipped-server]:"
    ), "{text}");
        assert!(
            text.contains("  logged by the app, not in the file:\n  fs       app: connected"),
            "{text}"
        );
    }

    /// The mcpctl side says the Cowork/Code copy's failure beside an ok
    /// chat copy, never "FAIL ok".
    #[test]
    fn a_failing_cowork_copy_is_named_beside_an_ok_chat_copy() {
        let c = Case::new(&[("fs", Some(cowork_fails("fs", Verdict::EraProbeFailed)))]);
        let text = render(Style::plain(), &c.build(), 5);
        assert!(
            text.contains("mcpctl launch: ok; Cowork/Code lane FAIL era-probe-failed\n"),
            "{text}"
        );
        assert!(!text.contains("FAIL ok"), "{text}");
    }
}
