//! `mcpctl path` as text: the path alone on the first line (so
//! `mcpctl path | head -n1` is the path), then the details.

use std::path::Path;

use crate::report::path::{PathReport, Place};
use crate::report::style::Style;

pub fn render(r: &PathReport, s: Style) -> String {
    let exists = match (&r.unusable, r.exists) {
        (Some(u), e) => format!(
            "{}: {}\n           {} {}",
            s.red(if e { "yes, unusable" } else { "no" }),
            u.message,
            s.cyan("hint:"),
            u.hint
        ),
        (None, true) => s.green("yes"),
        (None, false) => format!(
            "{} (`mcpctl add NAME -- COMMAND ARGS...` creates it)",
            s.yellow("no")
        ),
    };
    let mut out = format!("{}\n", s.bold(&shown(&r.path)));
    out += &format!("  exists:  {exists}\n");
    out += &format!("  rule:    {}: {}\n", r.rule, r.reason);
    for i in &r.ignored {
        out += &format!(
            "  {} {} ({})\n",
            s.yellow("ignored:"),
            shown(&i.path),
            i.reason
        );
    }
    if let Some(app) = &r.app_reads {
        out += &format!(
            "  {} Claude Desktop itself reads {}\n",
            s.cyan("note:"),
            shown(app)
        );
    }
    match &r.logs.chosen {
        Some(c) => out += &format!("  logs:    {} ({})\n", shown(&c.path), r.logs.reason),
        None => {
            let looked: Vec<String> = r.logs.looked_in.iter().map(|p| shown(p)).collect();
            out += &format!(
                "  logs:    {} (looked in {})\n",
                s.dim("none yet"),
                if looked.is_empty() {
                    "nowhere: no home folder".to_string()
                } else {
                    looked.join(", ")
                }
            );
        }
    }
    for o in &r.logs.others {
        out += &format!(
            "  {}   {} (another logs folder, older: not read)\n",
            s.dim("also:"),
            shown(&o.path)
        );
    }
    out += &locations(r, s);
    out
}

/// Where the app's state beside the file is read, and the policy.
fn locations(r: &PathReport, s: Style) -> String {
    let l = &r.app_state;
    let elsewhere = r
        .app_reads
        .as_ref()
        .is_some_and(|a| a.parent() != Some(l.data_dir.as_path()));
    let beside = if elsewhere {
        " (beside the file given, not the app's own folder)"
    } else {
        ""
    };
    let mut out = format!(
        "\n{}{beside}\n",
        s.bold(&format!(
            "The app's own state, read in {}",
            shown(&l.data_dir)
        ))
    );
    let place = |name: &str, p: &Place, what: &str| {
        let state = if p.exists {
            s.green("exists")
        } else {
            s.dim("missing")
        };
        format!("  {name:<11} {} ({state}; {what})\n", shown(&p.path))
    };
    out += &place(
        "extensions:",
        &l.extensions_dir,
        "one folder per Desktop Extension",
    );
    out += &place(
        "settings:",
        &l.settings_dir,
        "each extension's isEnabled and settings",
    );
    out += &place(
        "installed:",
        &l.installations_file,
        "the app's record of installs",
    );
    out += &place(
        "disabled:",
        &l.disabled_file,
        "mcpctl's own: servers `mcpctl disable` set aside",
    );
    if let Some(tp) = &l.third_party_dir {
        out += &place("Claude-3p:", tp, "custom-inference mode's own config");
    }
    let policy = if l.policy.is_empty() {
        "none on this OS (the app reads an admin policy on macOS and Windows only)".to_string()
    } else {
        l.policy.join(", ")
    };
    out += &format!("  {:<11} {policy}\n", "policy:");
    out
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
