//! What the app runs besides the config's servers, as text: doctor's
//! section (where it was read, the policy, the wipe guard, each extension
//! with its manifest lint and launch, the disabled entries) and its
//! summary line.

use super::diagnostics::render_all;
use super::indent;
use crate::report::app_state::{AppSection, ExtensionLaunch, ExtensionReport};
use crate::report::style::Style;
use crate::text::plural;

fn field(s: Style, name: &str, value: &str) -> String {
    format!("  {} {value}\n", s.dim(&format!("{name:<10}")))
}

/// Doctor's section, numbered `n`.
pub fn section(s: Style, a: &AppSection, n: usize) -> String {
    let mut out = format!(
        "{}\n",
        s.bold(&format!(
            "{n}. Desktop Extensions, disabled servers and admin policy"
        ))
    );
    let mut read_in = a.data_dir.clone();
    if let Some(app) = &a.app_data_dir {
        read_in.push_str(&format!(
            " (beside the file you gave; the app's own folder is {app})"
        ));
    }
    out.push_str(&field(s, "read in", &read_in));
    let p = &a.policy;
    let set = p.local_servers.is_some()
        || p.extensions.is_some()
        || p.signature_required.is_some()
        || p.managed_servers.is_some();
    if !set && !p.looked_in.is_empty() {
        out.push_str(&field(
            s,
            "policy",
            &format!("none set (looked in {})", p.looked_in.join(", ")),
        ));
    }
    for f in &a.findings {
        out.push_str(&super::finding(s, f, "  "));
    }
    for e in &a.extensions {
        out.push_str(&extension(s, e, a.launched));
    }
    for name in &a.disabled {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            s.dim("off "),
            s.bold(&crate::escape::name(name)),
            s.dim(&format!(
                "disabled by mcpctl: not launched (`mcpctl enable {}` puts it back)",
                crate::text::shell_word(name)
            ))
        ));
    }
    out
}

fn extension(s: Style, e: &ExtensionReport, launched: bool) -> String {
    let status = if !e.enabled {
        s.dim("off ")
    } else if e.errors > 0 {
        s.red("FAIL")
    } else if e.warnings > 0 {
        s.yellow("WARN")
    } else {
        s.green("ok  ")
    };
    let mut facts: Vec<String> = Vec::new();
    if let Some(r) = e.runtime {
        facts.push(r.as_str().to_string());
    }
    // a manifest chose the version, the name and the id: each on one line
    if let Some(v) = &e.version {
        facts.push(crate::escape::name(v).into_owned());
    }
    let mut line = facts.join(" ");
    line.push_str(&format!(", {}", e.signature.as_str()));
    let ids = if e.name == e.id {
        String::new()
    } else {
        format!("  {}", crate::escape::name(&e.id))
    };
    let mut out = format!(
        "  {status}  {}{ids}  {}\n",
        s.bold(&crate::escape::name(&e.name)),
        s.dim(line.trim_start_matches(", "))
    );
    let pad = "        ";
    if !e.enabled {
        out.push_str(&format!("{pad}{}\n", s.dim("disabled: not launched")));
        for f in &e.problems {
            out.push_str(&super::finding(s, f, pad));
        }
        if let Some(m) = e.manifest.as_ref().filter(|m| m.errors + m.warnings > 0) {
            out.push_str(&format!(
                "{pad}{}\n",
                s.dim(&format!(
                    "manifest: {}, {} (`mcpctl validate --extensions` shows them)",
                    plural(m.errors, "error"),
                    plural(m.warnings, "warning")
                ))
            ));
        }
        return out;
    }
    for f in &e.problems {
        out.push_str(&super::finding(s, f, pad));
    }
    if let Some(m) = &e.manifest
        && !m.found.is_empty()
    {
        out.push_str(&indent(&render_all(&m.source, &m.found, s), pad));
    }
    if let Some(l) = &e.launch {
        out.push_str(&launch(s, l, launched, pad));
    }
    out
}

/// An extension's launch inside a section: what differs from the app, then
/// the launch (or why there was none; `launched`: launches were made).
fn launch(s: Style, l: &ExtensionLaunch, launched: bool, pad: &str) -> String {
    let mut out = format!("{pad}{} {}\n", s.dim("runs:"), s.dim(&command_line(l)));
    for f in l.problems.iter().chain(&l.notes) {
        out.push_str(&super::finding(s, f, pad));
    }
    match &l.result {
        Some(r) => out.push_str(&super::launch::launch_block(s, r, pad)),
        None if !l.app_starts => out.push_str(&format!(
            "{pad}{}\n",
            s.red("not launched: the app would not start it (see above)")
        )),
        None if l.command.is_empty() => out.push_str(&format!(
            "{pad}{}\n",
            s.red("not launched: its manifest gives no command to run")
        )),
        None if !launched => {
            out.push_str(&format!("{pad}{}\n", s.dim("not launched (--no-launch)")))
        }
        None => out.push_str(&format!("{pad}{}\n", s.dim("not launched"))),
    }
    out
}

/// `KEY=**** command args...` as the app would run it (env as shown).
fn command_line(l: &ExtensionLaunch) -> String {
    let word = |a: &str| {
        if a.is_empty() || a.contains(char::is_whitespace) {
            format!("{a:?}")
        } else {
            a.to_string()
        }
    };
    let mut parts: Vec<String> = l
        .env
        .0
        .iter()
        .map(|(k, v)| format!("{}={}", crate::escape::name(k), crate::escape::name(v)))
        .collect();
    parts.push(if l.command.is_empty() {
        "(no command)".to_string()
    } else {
        word(&l.command)
    });
    parts.extend(l.args.iter().map(|a| word(a)));
    parts.join(" ")
}

/// Doctor's summary line for the extensions (none when there are none).
pub fn summary(s: Style, a: &AppSection) -> String {
    let enabled: Vec<&ExtensionReport> = a.extensions.iter().filter(|e| e.enabled).collect();
    if a.extensions.is_empty() {
        return String::new();
    }
    let healthy = enabled.iter().filter(|e| e.healthy).count();
    let line = format!(
        "{} ({} enabled): {healthy} healthy, {} with problems",
        plural(a.extensions.len(), "Desktop Extension"),
        enabled.len(),
        enabled.len() - healthy
    );
    let line = if enabled.iter().any(|e| e.errors > 0) {
        s.red(&line)
    } else if healthy < enabled.len() {
        s.yellow(&line)
    } else {
        s.green(&line)
    };
    format!("  {line}\n")
}
