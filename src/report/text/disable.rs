//! `mcpctl disable` / `mcpctl enable` as text: what moved where (or that it
//! already was so), each backup, then the restart reminder on stdout;
//! warnings (the app running, an extension the app would still not start)
//! on stderr.

use crate::config::write::app_running_warning;
use crate::machine::Level;
use crate::report::disable::ToggleReport;
use crate::report::style::Style;

/// (stdout, stderr).
pub fn render(r: &ToggleReport, s: Style, err: Style) -> (String, String) {
    let mut out = String::new();
    let mut warn = String::new();
    let path = |role: &str| r.file(role).map(|f| f.file.clone()).unwrap_or_default();
    let who = match &r.display_name {
        Some(d) if *d != r.name => format!(
            "extension `{}` ({})",
            crate::escape::name(d),
            crate::escape::name(&r.name)
        ),
        Some(_) => format!("extension `{}`", crate::escape::name(&r.name)),
        None => format!("`{}`", crate::escape::name(&r.name)),
    };
    if !r.changed {
        out.push_str(&format!(
            "{who} is already {}; nothing to do\n",
            r.done_word()
        ));
    } else if r.dry_run {
        if !r.diff.is_empty() {
            out.push_str(&super::diff::render(
                &crate::report::diff::Diff {
                    text: r.diff.clone(),
                    only_hidden_changes: false,
                },
                s,
            ));
        }
        let files: Vec<String> = r.files.iter().map(|f| f.file.clone()).collect();
        out.push_str(&format!(
            "Dry run: would write {}; nothing written.\n",
            files.join(", then ")
        ));
    } else {
        let done = s.green(r.done_word());
        let line = match (r.kind, r.action, r.finished_interrupted) {
            ("extension", _, _) => format!(
                "{done} {who}: `isEnabled` is {} in {}",
                r.action == "enable",
                path("extension-settings")
            ),
            (_, "disable", false) => format!(
                "{done} {who}: moved out of {} into {} (`mcpctl enable {}` puts it back where it was)",
                path("config"),
                path("side-file"),
                crate::text::shell_word(&r.name)
            ),
            // the side file had it already: only the config is written
            (_, "disable", true) => format!(
                "{done} {who}: finished a disable that had stopped halfway; {} no longer holds \
it, and `mcpctl enable {}` puts it back",
                path("config"),
                crate::text::shell_word(&r.name)
            ),
            (_, _, false) => format!(
                "{done} {who}: put back into {} where it was",
                path("config")
            ),
            (_, _, true) => format!(
                "{done} {who}: finished an enable that had stopped halfway; {} no longer lists it",
                path("side-file")
            ),
        };
        out.push_str(&line);
        out.push('\n');
        for f in &r.files {
            if let Some(b) = &f.written.backup {
                out.push_str(&format!("  {} {b}\n", s.dim("backup:")));
            }
        }
        let loaded = r
            .files
            .iter()
            .find(|f| f.role == "config" || f.role == "extension-settings");
        match loaded.and_then(|f| f.written.app_running.as_ref()) {
            Some(seen) => warn.push_str(&super::warning(err, &app_running_warning(seen))),
            None if r.kind == "extension" => out.push_str(
                "Start Claude Desktop to load the change (it reads extension settings at launch).\n",
            ),
            None if loaded.is_some() => out.push_str(
                "Restart Claude Desktop to load the change (it reads the file only at launch).\n",
            ),
            None => {}
        }
    }
    for n in &r.notes {
        let text = if n.level == Level::Error {
            format!("the app will still not start it: {}", n.message)
        } else {
            n.message.clone()
        };
        let mut line = super::warning(err, &text);
        if let Some(h) = &n.hint {
            line.push_str(&format!("  {} {h}\n", err.cyan("hint:")));
        }
        warn.push_str(&line);
    }
    (out, warn)
}
