//! The writing commands as text: what `add` did to the typed command line,
//! its `--check`, what `env` changed (or the variables it lists), why an
//! edit was refused, and what a finished write did
//! (backup, the running-app warning, the restart reminder). Each function
//! says which stream its text is for: the report on stdout, warnings and
//! errors on stderr.

use crate::config::diag::Diagnostic;
use crate::config::edit::EnvChange;
use crate::config::write::app_running_warning;
use crate::plan::resolve::Resolved;
use crate::probe::ProbeReport;
use crate::report::edit::{EnvReport, Written};
use crate::report::style::Style;

/// Stdout: each change made to the typed command line, `from → to (why)`.
pub fn changes(s: Style, r: &Resolved) -> String {
    r.changes
        .iter()
        .map(|c| {
            format!(
                "  {} → {}  {}\n",
                crate::escape::name(&c.from),
                crate::escape::name(&c.to),
                s.dim(&format!("({})", c.why))
            )
        })
        .collect()
}

/// Stdout: `mcpctl env`'s variables (no change asked), or one line per
/// variable asked for. Values appear only as the report holds them
/// (masked unless `--show-secrets`), and only in a listing.
pub fn env(s: Style, r: &EnvReport) -> String {
    let server = format!("server `{}` in {}", crate::escape::name(&r.name), r.file);
    if r.changes.is_empty() {
        let count = r.env.0.len() + r.env_not_strings.0.len();
        if count == 0 {
            return format!(
                "{server} has no environment variables\n  {} `mcpctl env {name} KEY=VALUE` sets \
one; `mcpctl env {name} KEY` takes KEY's value from your shell\n",
                s.cyan("hint:"),
                name = crate::escape::one_line(&crate::text::shell_word(&r.name))
            );
        }
        let keys = r
            .env
            .0
            .iter()
            .map(|(k, _)| k)
            .chain(r.env_not_strings.keys());
        // keys measured and shown escaped: a key is the config's choice
        let width = keys
            .map(|k| crate::text::columns(&crate::escape::name(k)))
            .max()
            .unwrap_or(0);
        let key = |k: &str| crate::text::pad(&crate::escape::name(k), width);
        let mut out = format!(
            "{server}: {}\n",
            crate::text::plural(count, "environment variable")
        );
        for (k, v) in &r.env.0 {
            out.push_str(&format!("  {}  {v}\n", key(k)));
        }
        for (k, ty) in &r.env_not_strings.0 {
            out.push_str(&format!("  {}  {}\n", key(k), super::not_a_string(s, ty)));
        }
        if let Some(k) = r.env_not_strings.keys().next() {
            out.push_str(&format!(
                "  {} the app refuses a value that is not a string: `mcpctl env {} {k}=VALUE` \
writes it as one (`mcpctl doctor --fix` quotes them all)\n",
                s.cyan("hint:"),
                crate::escape::one_line(&crate::text::shell_word(&r.name))
            ));
        }
        return out;
    }
    let mut out = format!("env of {server}:\n");
    for c in &r.changes {
        let (done, word, why) = match c.change {
            EnvChange::Added if c.from_environment => {
                (true, "added", "value from your environment")
            }
            EnvChange::Changed if c.from_environment => {
                (true, "changed", "value from your environment")
            }
            EnvChange::Added => (true, "added", ""),
            EnvChange::Changed => (true, "changed", ""),
            EnvChange::Removed => (true, "removed", ""),
            EnvChange::Same => (false, "unchanged", "already that value"),
            EnvChange::Absent => (false, "absent", "not set, nothing to remove"),
        };
        let word = format!("{word:<9}");
        let word = if done { s.green(&word) } else { s.dim(&word) };
        let why = if why.is_empty() {
            String::new()
        } else {
            format!(" {}", s.dim(&format!("({why})")))
        };
        out.push_str(&format!("  {word} {}{why}\n", c.key));
    }
    out
}

/// Stdout and stderr after a successful write: the folder created, the
/// backup, then the running-app warning (stderr) or the restart reminder.
pub fn written(s: Style, err: Style, w: &Written) -> (String, String) {
    let mut out = String::new();
    let mut warn = String::new();
    if let Some(dir) = &w.created_dir {
        out.push_str(&format!("  created folder {dir}\n"));
    }
    if let Some(b) = &w.backup {
        out.push_str(&format!("  {} {b}\n", s.dim("backup:")));
    }
    match &w.kept_last_written {
        Some(k) if !w.wiped.is_empty() => warn.push_str(&super::warning(
            err,
            &format!(
                "the file had no `mcpServers` when this write found it, but mcpctl had last left \
{} in it ({}): Claude Desktop replaces the file with a preferences-only stub at times. That \
version is kept as {k}; `mcpctl doctor` gives the command that merges {} back beside this \
change",
                crate::text::plural(w.wiped.len(), "server"),
                crate::text::name_list(&w.wiped, 10),
                if w.wiped.len() == 1 { "it" } else { "them" }
            ),
        )),
        Some(k) => out.push_str(&format!(
            "  {} {k} (the file was changed since mcpctl last wrote it: what mcpctl wrote is kept)\n",
            s.dim("kept:")
        )),
        None => {}
    }
    if w.stray_removed > 0 {
        out.push_str(&format!(
            "  removed {} temp file{} a killed run left beside it\n",
            w.stray_removed,
            if w.stray_removed == 1 { "" } else { "s" }
        ));
    }
    if let Some(n) = w.links_split {
        warn.push_str(&super::warning(
            err,
            &format!(
                "the file had {n} other hard link{}: {} the old version (an atomic \
write replaces this name only); link it again if you meant to share it",
                if n == 1 { "" } else { "s" },
                if n == 1 {
                    "that name still has"
                } else {
                    "those names still have"
                }
            ),
        ));
    }
    match &w.app_running {
        Some(seen) => warn.push_str(&super::warning(err, &app_running_warning(seen))),
        None => out.push_str(
            "Restart Claude Desktop to load the change (it reads the file only at launch).\n",
        ),
    }
    (out, warn)
}

/// Stdout (ok) or stderr (failed): what `add --check` found.
pub fn check(s: Style, err: Style, c: &ProbeReport, force: bool) -> (String, String) {
    if c.ok {
        return (
            format!("  {} {}\n", s.green("check ok:"), c.message),
            String::new(),
        );
    }
    // the chat copy is fine: say what the failing lane found
    let lane = c.lanes.0.iter().find(|l| !l.ok).filter(|_| c.chat_ok());
    let (label, message, hint, tail) = match lane {
        Some(l) => (
            format!(
                "check failed ({}: {}):",
                l.lane.as_str(),
                l.verdict.as_str()
            ),
            &l.message,
            &l.hint,
            &l.stderr_tail,
        ),
        None => (
            format!("check failed ({}):", c.verdict.as_str()),
            &c.message,
            &c.hint,
            &c.stderr_tail,
        ),
    };
    let mut e = format!("  {} {message}\n", err.red(&label));
    if let Some(h) = hint {
        e.push_str(&format!("    {} {h}\n", err.cyan("hint:")));
    }
    // (made for the chat copy: a failing lane of its own has none)
    if let (None, Some(cmp)) = (lane, &c.shell_comparison) {
        e.push_str(&super::launch::shell_lines(err, c.verdict, cmp, "    "));
    }
    for line in tail.iter().rev().take(5).rev() {
        e.push_str(&format!("    {} {line}\n", err.dim("stderr:")));
    }
    if force {
        e.push_str(&super::warning(err, "saving anyway because of --force"));
    }
    (String::new(), e)
}

/// Stderr: the check failed and `--force` was not given. `chat_ok`: the
/// chat copy passed, only another lane failed (a server the user cannot
/// change still works in chat).
pub fn check_refused(err: Style, name: &str, chat_ok: bool) -> String {
    let how = if chat_ok {
        "it works in chat, and fails only in the lane named above (Cowork and Code sessions): \
pass --force to save it for chat as it is, or fix it and retry"
    } else {
        "fix it and retry, or pass --force to save it anyway"
    };
    format!(
        "{} `{}` failed the check; nothing was written\n  {} {how}\n",
        err.red("error:"),
        crate::escape::name(name),
        err.cyan("hint:")
    )
}

/// Stderr: the edit would add a `validate` error, so nothing was written.
/// Messages only, no source snippets (they could show secrets).
pub fn invalid(err: Style, message: &str, hint: &str, errors: &[Diagnostic]) -> String {
    let mut out = format!("{} {message}\n", err.red("error:"));
    for d in errors {
        out.push_str(&format!("  - {}: {}\n", d.code, d.message));
        if let Some(h) = &d.hint {
            out.push_str(&format!("    {} {h}\n", err.cyan("hint:")));
        }
    }
    out.push_str(&format!("  {} {hint}\n", err.cyan("hint:")));
    out
}
