//! Launch results as the user sees them: the text report of
//! `test-launch` (and later `add --check` / `doctor`) and the stable JSON
//! shape of docs/json/test-launch.md. Env values are masked — in the `env`
//! object and wherever a value shows up in a message or a quoted line —
//! unless `--show-secrets`. Pure: reports in, text out.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::config::model::mask;
use crate::platform::Os;
use crate::probe::{EnvMode, ProbeReport, Verdict};
use crate::report::style::Style;

/// Stderr lines shown in the text report (JSON keeps up to 20).
pub const TEXT_STDERR_LINES: usize = 10;
/// Env values shorter than this are not hunted for in free text (`true`,
/// `1`): masking them there would hide more than it protects.
const MIN_SECRET_LEN: usize = 6;

/// What every launch in one run shared.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub config: String,
    pub env_mode: EnvMode,
    pub os: Os,
    pub path_used: String,
    pub cwd_used: String,
    /// Errors in the config file (the servers were recovered anyway).
    pub config_errors: usize,
    /// Where the app's strict JSON parser rejects the file (`line L:C:
    /// why`): then the app starts none of the servers.
    pub config_parse_error: Option<String>,
}

/// A copy of the report with every env value of the entry masked wherever
/// it appears in free text (unless `show`).
pub fn redacted(r: &ProbeReport, show: bool) -> ProbeReport {
    let mut r = r.clone();
    if show {
        return r;
    }
    let secrets: Vec<String> = r
        .env
        .iter()
        .map(|(_, v)| v.clone())
        .filter(|v| v.chars().count() >= MIN_SECRET_LEN)
        .collect();
    if secrets.is_empty() {
        return r;
    }
    let hide = |s: &str| hide_secrets(s, &secrets);
    r.message = hide(&r.message);
    r.hint = r.hint.as_deref().map(hide);
    r.stdout_line = r.stdout_line.as_deref().map(hide);
    r.stderr_tail = r.stderr_tail.iter().map(|l| hide(l)).collect();
    if let Some(d) = &mut r.discover {
        d.error = d.error.as_deref().map(hide);
    }
    if let Some(c) = &mut r.shell_comparison {
        c.differences = c.differences.iter().map(|l| hide(l)).collect();
    }
    r
}

/// `text` with every secret masked, including the start of one that a
/// truncation cut off: quoted lines are cut (marked `…`) before they are
/// masked, so `token=abcdefghi…` would otherwise show part of the value.
fn hide_secrets(text: &str, secrets: &[String]) -> String {
    let whole = secrets
        .iter()
        .fold(text.to_string(), |acc, v| acc.replace(v.as_str(), "****"));
    let parts: Vec<&str> = whole.split('…').collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i < last {
                hide_cut_end(part, secrets)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("…")
}

/// Characters of a secret's start that count as the secret when a cut
/// leaves only them (fewer are common text: masking them would hide more
/// than it protects).
const MIN_CUT_PREFIX: usize = 3;

/// `part` (text just before a cut) with a secret's beginning at its end
/// masked.
fn hide_cut_end(part: &str, secrets: &[String]) -> String {
    let longest = secrets
        .iter()
        .flat_map(|v| {
            v.char_indices()
                .skip(MIN_CUT_PREFIX)
                .map(move |(i, _)| &v[..i])
        })
        .filter(|prefix| part.ends_with(prefix))
        .map(str::len)
        .max();
    match longest {
        Some(n) => format!("{}****", &part[..part.len() - n]),
        None => part.to_string(),
    }
}

/// One server as JSON (contract order; `env` masked unless `show`).
pub fn server_json(r: &ProbeReport, show: bool) -> Value {
    let r = redacted(r, show);
    let env: Map<String, Value> = r
        .env
        .iter()
        .map(|(k, v)| {
            let v = if show { v.clone() } else { mask(v) };
            (k.clone(), json!(v))
        })
        .collect();
    let Ok(Value::Object(fields)) = serde_json::to_value(&r) else {
        return json!({"name": r.name, "ok": r.ok, "verdict": r.verdict});
    };
    let mut out = Map::new();
    for (k, v) in fields {
        let after_args = k == "args";
        out.insert(k, v);
        if after_args {
            out.insert("env".into(), Value::Object(env.clone()));
        }
    }
    Value::Object(out)
}

/// The whole `--json` document.
pub fn to_json(info: &RunInfo, reports: &[ProbeReport], wall: Duration, show: bool) -> Value {
    let ok = reports.iter().filter(|r| r.ok).count();
    json!({
        "config": info.config,
        "env_mode": info.env_mode,
        "os_profile": info.os,
        "path_used": info.path_used,
        "cwd_used": info.cwd_used,
        "config_errors": info.config_errors,
        "config_parse_error": info.config_parse_error,
        "servers": reports.iter().map(|r| server_json(r, show)).collect::<Vec<_>>(),
        "summary": {
            "total": reports.len(),
            "ok": ok,
            "failed": reports.len() - ok,
            "wall_ms": u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
        },
    })
}

/// The lines printed before launching: which environment, which PATH.
pub fn render_header(s: Style, info: &RunInfo, count: usize) -> String {
    let how = match info.env_mode {
        EnvMode::App => format!(
            "as Claude Desktop does ({} profile: sanitized environment)",
            info.os.name()
        ),
        EnvMode::Shell => "with your shell's environment and directory (--shell-env)".into(),
    };
    format!(
        "Launching {} from {} {how}\n  {} {}\n  {} {}\n\n",
        plural(count, "server"),
        info.config,
        s.dim("PATH:"),
        if info.path_used.is_empty() {
            "(empty)"
        } else {
            &info.path_used
        },
        s.dim("working directory:"),
        info.cwd_used
    )
}

/// One server's block. `width` aligns names.
pub fn render_server(s: Style, r: &ProbeReport, width: usize, show: bool) -> String {
    let r = redacted(r, show);
    let mut out = String::new();
    let name = format!("{:width$}", r.name);
    if r.ok {
        out.push_str(&format!(
            "{}  {}  {}\n",
            s.green("ok  "),
            s.bold(&name),
            facts_line(&r)
        ));
    } else {
        let word = match r.verdict {
            Verdict::SlowStart | Verdict::BadToolNames => s.yellow("FAIL"),
            _ => s.red("FAIL"),
        };
        let phase = r
            .phase
            .map(|p| format!(" (during {})", p.as_str()))
            .unwrap_or_default();
        out.push_str(&format!(
            "{word}  {}  {}{phase}\n",
            s.bold(&name),
            r.verdict.as_str()
        ));
        let pad = " ".repeat(6);
        out.push_str(&format!("{pad}{}\n", r.message));
        if let Some(h) = &r.hint {
            out.push_str(&format!("{pad}{} {h}\n", s.cyan("hint:")));
        }
        let facts = facts_line(&r);
        if !facts.is_empty() {
            out.push_str(&format!("{pad}{}\n", s.dim(&facts)));
        }
        if let Some(c) = &r.shell_comparison {
            out.push_str(&shell_lines(s, r.verdict, c, &pad));
        }
        out.push_str(&stderr_lines(s, &r.stderr_tail, &pad));
    }
    let pad = " ".repeat(6);
    if let Some(d) = &r.discover {
        out.push_str(&format!(
            "{pad}{} {}\n",
            s.dim("discover:"),
            discover_text(d)
        ));
    }
    for l in &r.leftover {
        out.push_str(&format!(
            "{pad}{} pid {} `{}` escaped the process group and kept our pipe open; mcpctl killed it\n",
            s.yellow("left behind:"),
            l.pid,
            l.command
        ));
    }
    out
}

/// serverInfo, version, counts and timings on one line.
fn facts_line(r: &ProbeReport) -> String {
    let mut parts = crate::probe::verdict::server_facts(
        r.server_info.as_ref(),
        r.protocol_version.as_deref(),
        &r.counts,
    );
    let t = &r.timings_ms;
    if let Some(f) = t.first_reply {
        parts.push(format!("first reply {f} ms, total {} ms", t.total));
    }
    parts.join(", ")
}

fn discover_text(d: &crate::probe::Discover) -> String {
    if d.supported {
        let mut t = format!("server/discover supported ({})", d.versions.join(", "));
        if let Some(n) = d.tools {
            t.push_str(&format!(", {}", plural(n, "tool")));
        }
        if let Some(e) = &d.error {
            t.push_str(&format!("; {e}"));
        }
        t
    } else {
        format!(
            "server/discover not supported ({})",
            d.error.as_deref().unwrap_or("no reason given")
        )
    }
}

fn shell_lines(
    s: Style,
    app_verdict: crate::probe::Verdict,
    c: &crate::probe::ShellComparison,
    pad: &str,
) -> String {
    let mut out = String::new();
    let label = if c.ok {
        s.yellow("in your shell:")
    } else {
        s.dim("in your shell:")
    };
    if c.ok {
        out.push_str(&format!(
            "{pad}{label} ok: it fails only with the app's environment. What differs:\n"
        ));
    } else if c.verdict == app_verdict {
        out.push_str(&format!(
            "{pad}{label} fails the same way ({}), so the app's environment is not the cause\n",
            c.verdict.as_str()
        ));
        return out;
    } else {
        let more = if c.differences.is_empty() {
            ""
        } else {
            " What differs:"
        };
        out.push_str(&format!(
            "{pad}{label} fails differently ({} instead of {}): the app's environment is part \
of the problem.{more}\n",
            c.verdict.as_str(),
            app_verdict.as_str()
        ));
    }
    for d in &c.differences {
        out.push_str(&format!("{pad}  - {d}\n"));
    }
    out
}

fn stderr_lines(s: Style, tail: &[String], pad: &str) -> String {
    if tail.is_empty() {
        return String::new();
    }
    let shown = &tail[tail.len().saturating_sub(TEXT_STDERR_LINES)..];
    let mut out = format!("{pad}{}\n", s.dim("stderr (last lines):"));
    for l in shown {
        out.push_str(&format!("{pad}  {} {l}\n", s.dim("|")));
    }
    out
}

/// `N servers: A ok, B failed (in X s)`, and that the app would start
/// none of them when it cannot parse the file.
pub fn render_summary(s: Style, info: &RunInfo, reports: &[ProbeReport], wall: Duration) -> String {
    let ok = reports.iter().filter(|r| r.ok).count();
    let failed = reports.len() - ok;
    let took = if wall < Duration::from_secs(1) {
        format!("{} ms", wall.as_millis())
    } else {
        format!("{:.1} s", wall.as_secs_f64())
    };
    let line = format!(
        "{}: {ok} ok, {failed} failed in {took}",
        plural(reports.len(), "server")
    );
    let unparsed = info.config_parse_error.is_some();
    let line = if unparsed {
        s.red(&format!(
            "{line}; but Claude Desktop would start none of them: it cannot parse the file"
        ))
    } else if failed > 0 {
        s.red(&line)
    } else {
        s.green(&line)
    };
    format!("\n{line}\n")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{Counts, LaunchSpec, ProbeOptions};

    fn failing_report() -> ProbeReport {
        // A command that cannot exist, probed for real (cheap: no spawn).
        let spec = LaunchSpec {
            name: "weather".into(),
            command: "definitely-not-a-command-mcpctl".into(),
            args: vec!["--key".into(), "sk-secret-123".into()],
            env: vec![("API_KEY".into(), "sk-secret-123".into())],
        };
        let host = crate::platform::HostEnv {
            os: Os::Linux,
            home: None,
            vars: [("PATH".to_string(), "/nonexistent".to_string())].into(),
            cwd: "/".into(),
        };
        let opts = ProbeOptions {
            compare_shell: false,
            ..ProbeOptions::default()
        };
        crate::probe::probe(&spec, &opts, &host)
    }

    #[test]
    fn json_masks_env_and_keeps_contract_order() {
        let mut r = failing_report();
        r.stderr_tail = vec!["using key sk-secret-123".into()];
        let v = server_json(&r, false);
        assert_eq!(v["env"]["API_KEY"], json!("****"));
        assert_eq!(v["verdict"], json!("command-not-found"));
        assert_eq!(v["phase"], json!("spawn"));
        assert_eq!(v["stderr_tail"][0], json!("using key ****"));
        let keys: Vec<&String> = v
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let pos = |k: &str| keys.iter().position(|x| *x == k);
        assert_eq!(pos("env"), pos("args").map(|p| p + 1));
        assert!(pos("shell_comparison").is_some());
        let shown = server_json(&r, true);
        assert_eq!(shown["env"]["API_KEY"], json!("sk-secret-123"));
    }

    #[test]
    fn a_secret_cut_off_by_truncation_is_masked_too() {
        let mut r = failing_report();
        r.stdout_line = Some(format!("{} key=sk-secr…", "x".repeat(190)));
        r.stderr_tail = vec!["using sk-secret-123".into(), "auth sk…".into()];
        r.message = "last stderr line: sk-secret-1… and more".into();
        let v = server_json(&r, false);
        let line = v["stdout_line"].as_str().unwrap_or_default();
        assert!(line.ends_with(" key=****…"), "{line}");
        assert_eq!(v["stderr_tail"], json!(["using ****", "auth sk…"]));
        assert_eq!(v["message"], json!("last stderr line: ****… and more"));
        let text = render_server(Style::plain(), &r, 7, false);
        assert!(!text.contains("sk-secr"), "{text}");
    }

    #[test]
    fn text_names_the_verdict_message_and_hint() {
        let r = failing_report();
        let t = render_server(Style::plain(), &r, 7, false);
        assert!(
            t.starts_with("FAIL  weather  command-not-found (during spawn)\n"),
            "{t}"
        );
        assert!(
            t.contains("not found on the PATH servers get: /nonexistent"),
            "{t}"
        );
        assert!(
            t.contains("hint: set \"command\" to the absolute path"),
            "{t}"
        );
        assert_eq!(r.counts, Counts::default());
    }

    fn comparison(verdict: crate::probe::Verdict, ok: bool) -> crate::probe::ShellComparison {
        crate::probe::ShellComparison {
            verdict,
            ok,
            differences: vec!["`npx` is found only through your shell's PATH".into()],
            path_entry: None,
            shell_command: None,
            shell_only_vars: Vec::new(),
            shell_cwd: None,
        }
    }

    #[test]
    fn shell_comparison_says_same_only_when_the_verdict_is_the_same() {
        use crate::probe::Verdict;
        let s = Style::plain();
        let same = shell_lines(
            s,
            Verdict::ExitedEarly,
            &comparison(Verdict::ExitedEarly, false),
            "",
        );
        assert!(same.contains("fails the same way (exited-early)"), "{same}");
        assert!(!same.contains("npx"), "{same}");
        let differs = shell_lines(
            s,
            Verdict::CommandNotFound,
            &comparison(Verdict::NonProtocolOutput, false),
            "",
        );
        assert!(
            differs
                .contains("fails differently (non-protocol-output instead of command-not-found)"),
            "{differs}"
        );
        assert!(
            differs.contains("only through your shell's PATH"),
            "{differs}"
        );
        let ok = shell_lines(
            s,
            Verdict::CommandNotFound,
            &comparison(Verdict::Ok, true),
            "",
        );
        assert!(
            ok.contains("ok: it fails only with the app's environment"),
            "{ok}"
        );
    }
}
