//! Launches as text: the header `test-launch` prints before launching
//! (which environment, which PATH), one block per server (verdict, message,
//! hint, facts, the shell comparison, the last stderr lines; then a block
//! per other lane that fails), and the summary line; then the Desktop Extensions launched from their manifests
//! and what was listed but not launched. `doctor` shows each launch inside
//! its section ([`launch_block`]).

use std::time::Duration;

use crate::probe::framing::truncate;
use crate::probe::http::{RemoteFacts, Via};
use crate::probe::schemas::human_tokens;
use crate::probe::{
    Counts, Discover, EnvMode, Lane, LaneReport, ShellComparison, ToolInfo, Verdict,
};
use crate::report::launch::{
    ExtensionLaunch, LaunchRun, NotLaunched, RunInfo, ServerLaunch, stderr_to_show,
};
use crate::report::style::Style;
use crate::text::{plural, terminal_safe};

/// Stderr lines shown in the text report (JSON keeps up to 20).
pub const TEXT_STDERR_LINES: usize = 10;

/// The lines printed before launching: how many servers of the config
/// and Desktop Extensions beside them, which environment, which PATH.
pub fn header(s: Style, info: &RunInfo, servers: usize, extensions: usize) -> String {
    let how = match info.env_mode {
        EnvMode::App => format!(
            "as Claude Desktop does ({} profile: sanitized environment)",
            info.os.name()
        ),
        EnvMode::Shell => "with your shell's environment and directory (--shell-env)".into(),
    };
    let beside = if extensions == 0 {
        String::new()
    } else {
        format!(" and {} beside it", plural(extensions, "Desktop Extension"))
    };
    format!(
        "Launching {} from {}{beside} {how}\n  {} {}\n  {} {}\n\n",
        plural(servers, "server"),
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

/// The line `test-launch --url` prints before probing.
pub fn url_header(s: Style, url: &str) -> String {
    format!(
        "Probing {url} over HTTP\n  {}\n\n",
        s.dim("(mcpctl never signs in or opens a browser)")
    )
}

/// Every server's block (names aligned), then the summary.
pub fn render(s: Style, run: &LaunchRun) -> String {
    let width = run
        .servers
        .iter()
        .map(|r| crate::text::columns(&crate::escape::name(&r.name)))
        .max()
        .unwrap_or(0);
    let mut out: String = run.servers.iter().map(|r| server(s, r, width)).collect();
    out.push_str(&extensions(s, &run.extensions, &run.not_launched));
    out.push_str(&summary(s, run));
    out
}

/// The lanes other than chat where the launch failed.
fn failed_lanes(r: &ServerLaunch) -> Vec<&LaneReport> {
    r.lanes
        .0
        .iter()
        .filter(|l| l.lane != Lane::Chat && !l.ok)
        .collect()
}

/// A launch's status line, but for the name: the word (`ok`, `FAIL`) and
/// what follows the name.
fn status(s: Style, r: &ServerLaunch) -> (String, String) {
    if r.ok {
        return (s.green("ok  "), facts_line(r));
    }
    if r.verdict.is_ok() {
        // the chat copy is fine: the failing lanes say the rest
        let others = failed_lanes(r);
        let word = if others.iter().all(|l| l.verdict.is_soft()) {
            s.yellow("FAIL")
        } else {
            s.red("FAIL")
        };
        let lanes: Vec<&str> = others.iter().map(|l| l.lane.as_str()).collect();
        return (
            word,
            format!("fails in {}; chat ok: {}", lanes.join(", "), facts_line(r)),
        );
    }
    let word = if r.verdict.is_soft() {
        s.yellow("FAIL")
    } else {
        s.red("FAIL")
    };
    let phase = r
        .phase
        .map(|p| format!(" (during {})", p.as_str()))
        .unwrap_or_default();
    (word, format!("{}{phase}", r.verdict.as_str()))
}

/// One server's block. `width` (terminal columns) aligns names.
pub fn server(s: Style, r: &ServerLaunch, width: usize) -> String {
    // a name holding a line break cannot fake a line of the report
    server_as(
        s,
        r,
        &crate::text::pad(&crate::escape::name(&r.name), width),
    )
}

/// [`server`] with the name shown as `name` (made safe by the caller).
fn server_as(s: Style, r: &ServerLaunch, name: &str) -> String {
    let mut out = String::new();
    let (word, rest) = status(s, r);
    out.push_str(&format!("{word}  {}  {rest}\n", s.bold(name)));
    if r.ok {
        for e in r.listing_errors.iter().chain(&r.tolerated) {
            out.push_str(&format!("      {} {}\n", s.dim("note:"), one_line(e)));
        }
    } else if !r.verdict.is_ok() {
        let pad = " ".repeat(6);
        out.push_str(&format!("{pad}{}\n", r.message));
        if let Some(h) = &r.hint {
            out.push_str(&format!("{pad}{} {h}\n", s.cyan("hint:")));
        }
        let facts = facts_line(r);
        if !facts.is_empty() {
            out.push_str(&format!("{pad}{}\n", s.dim(&facts)));
        }
        if let Some(c) = &r.shell_comparison {
            out.push_str(&shell_lines(s, r.verdict, c, &pad));
        }
        out.push_str(&stderr_lines(s, &r.stderr_tail, &r.message, &pad));
    }
    let pad = " ".repeat(6);
    if let Some(f) = &r.remote {
        out.push_str(&remote_lines(s, f, &pad));
    }
    if let Some(p) = &r.path_from_logs {
        out.push_str(&format!(
            "{pad}{} {}\n",
            s.dim("PATH:"),
            logged_path_line(p)
        ));
    }
    if let Some(tools) = &r.tools {
        out.push_str(&tools_lines(s, tools, &pad));
    }
    for lane in failed_lanes(r) {
        out.push_str(&lane_lines(s, r, lane, &pad));
    }
    if let Some(c) = r.context.filter(|c| c.heavy()) {
        out.push_str(&format!(
            "{pad}{} its {} {} ~{} tokens of context in every conversation (estimated: bytes / \
{}); consider turning off the tools you do not use\n",
            s.cyan("note:"),
            plural(c.tools, "tool definition"),
            if c.tools == 1 { "takes" } else { "take" },
            human_tokens(c.tokens),
            crate::probe::schemas::BYTES_PER_TOKEN
        ));
    }
    if let Some(d) = &r.discover {
        out.push_str(&format!(
            "{pad}{} {}\n",
            s.dim("discover:"),
            one_line(&discover_text(d))
        ));
    }
    for l in &r.leftover {
        out.push_str(&format!(
            "{pad}{} pid {} `{}` {}; mcpctl killed it\n",
            s.yellow("left behind:"),
            l.pid,
            // a command line the process chose: one line, escapes shown
            crate::escape::name(&l.command),
            leftover_words(l)
        ));
    }
    out
}

/// What a process the server left behind did, and whose it may be.
fn leftover_words(l: &crate::probe::procfs::Leftover) -> &'static str {
    use crate::probe::procfs::How;
    match (l.how, l.certain) {
        (How::LeftGroup, _) => {
            "left the server's process group and was still running when the server ended"
        }
        (How::HeldPipes, _) => "still held the server's stdout or stderr after it ended",
        (How::Daemon, true) => "was still running as a daemon (it left the server's session)",
        (How::Daemon, false) => {
            "was still running as a daemon (it left its session; this server or another one \
checked at the same time started it)"
        }
    }
}

/// Where the launch's PATH came from, and the PATH.
fn logged_path_line(p: &crate::platform::launch::LoggedPath) -> String {
    let file = std::path::Path::new(&p.file)
        .file_name()
        .map_or_else(|| p.file.clone(), |f| f.to_string_lossy().into_owned());
    let when = p
        .logged_at
        .as_deref()
        .map(|t| format!(" at {}", super::logs::when(t)))
        .unwrap_or_default();
    format!(
        "as Claude Desktop logged it for this server ({file}{when}): {}",
        p.path
    )
}

/// Characters of a tool's description shown on its line.
const DESCRIPTION_CHARS: usize = 100;

/// `--tools`: one line per tool, names aligned, the first line of each
/// description (cut to [`DESCRIPTION_CHARS`], then escaped: an escape is
/// never cut in two).
fn tools_lines(s: Style, tools: &[ToolInfo], pad: &str) -> String {
    if tools.is_empty() {
        return format!("{pad}{} none listed\n", s.dim("tools:"));
    }
    let names: Vec<String> = tools
        .iter()
        .map(|t| terminal_safe(&t.name, false))
        .collect();
    let width = names
        .iter()
        .map(|n| crate::text::columns(n))
        .max()
        .unwrap_or(0);
    let mut out = format!("{pad}{}\n", s.dim("tools:"));
    for (t, name) in tools.iter().zip(&names) {
        let first = t
            .description
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("");
        let line = terminal_safe(&truncate(first, DESCRIPTION_CHARS), false);
        out.push_str(
            format!("{pad}  {}  {line}", s.bold(&crate::text::pad(name, width))).trim_end(),
        );
        out.push('\n');
    }
    out
}

/// A lane other than chat that fails: its verdict line, and (when the
/// chat copy is fine, so this is news) its message, hint, era verdict and
/// stderr.
fn lane_lines(s: Style, r: &ServerLaunch, l: &LaneReport, pad: &str) -> String {
    let label = s.bold(&format!("{}:", l.lane.as_str()));
    let word = if l.verdict.is_soft() {
        s.yellow(l.verdict.as_str())
    } else {
        s.red(l.verdict.as_str())
    };
    if !r.verdict.is_ok() {
        return if l.verdict == r.verdict {
            format!("{pad}{label} fails the same way ({word})\n")
        } else if r.verdict.is_soft() {
            // the server runs: what this lane refuses is news
            format!("{pad}{label} fails too: {word}: {}\n", l.message)
        } else {
            // fix the chat copy first (`lanes` in --json has the details)
            format!("{pad}{label} fails too ({word})\n")
        };
    }
    let phase = l
        .phase
        .map(|p| format!(" (during {})", p.as_str()))
        .unwrap_or_default();
    let mut out = format!("{pad}{label} {word}{phase}\n");
    let inner = format!("{pad}  ");
    out.push_str(&format!("{inner}{}\n", l.message));
    if let Some(h) = &l.hint {
        out.push_str(&format!("{inner}{} {h}\n", s.cyan("hint:")));
    }
    // a failed probe is the message already
    let probe_failed = l.verdict == Verdict::EraProbeFailed
        || l.second_copy
            .as_ref()
            .is_some_and(|c| c.copy == crate::probe::lane_report::Which::EraProbe);
    if let Some(e) = l.era.as_ref().filter(|_| !probe_failed) {
        out.push_str(&format!(
            "{inner}{} {}: {}\n",
            s.dim("era probe:"),
            e.verdict,
            e.detail
        ));
    }
    out.push_str(&stderr_lines(s, &l.stderr_tail, &l.message, &inner));
    out
}

/// serverInfo, version, counts (tools with their estimated context cost)
/// and timings on one line.
fn facts_line(r: &ServerLaunch) -> String {
    use crate::probe::verdict::server_facts;
    let mut parts = server_facts(
        r.server_info.as_ref(),
        r.protocol_version.as_deref(),
        &Counts::default(),
    );
    if let Some(n) = r.counts.tools {
        parts.push(match r.context.filter(|c| c.tools > 0) {
            Some(c) => format!("{} (~{} tokens)", plural(n, "tool"), human_tokens(c.tokens)),
            None => plural(n, "tool"),
        });
    }
    parts.extend(server_facts(
        None,
        None,
        &Counts {
            tools: None,
            ..r.counts
        },
    ));
    let t = &r.timings_ms;
    if let Some(f) = t.first_reply {
        parts.push(format!("first reply {f} ms, total {} ms", t.total));
    }
    parts.join(", ")
}

/// How a remote server answered: transport, eras, auth, notes.
fn remote_lines(s: Style, f: &RemoteFacts, pad: &str) -> String {
    let mut out = String::new();
    let how = match f.transport {
        Some(t) => {
            let mut w = t.name().to_string();
            if f.session {
                w.push_str(" with a session");
            }
            w
        }
        None => "no transport answered".into(),
    };
    let eras = if f.eras.is_empty() {
        "none".to_string()
    } else {
        f.eras.join(", ")
    };
    let via = match &f.via {
        Via::CommandLine => String::new(),
        Via::UrlEntry => "; a url entry".into(),
        Via::Bridge(b) => format!("; through {b} (not started)"),
    };
    out.push_str(&format!(
        "{pad}{} {} ({how}; eras answered: {eras}{via})\n",
        s.dim("remote:"),
        one_line(&f.url)
    ));
    for r in &f.redirects {
        out.push_str(&format!("{pad}{} {}\n", s.dim("redirect:"), one_line(r)));
    }
    if let Some(a) = &f.auth {
        let mut parts = Vec::new();
        if let Some(u) = &a.resource_metadata_url {
            parts.push(format!("resource metadata {u}"));
        }
        if !a.authorization_servers.is_empty() {
            parts.push(format!(
                "authorization server {}",
                a.authorization_servers.join(", ")
            ));
        }
        if let Some(i) = &a.issuer {
            parts.push(format!("issuer {i}"));
        }
        for (what, v) in [
            ("dynamic client registration", a.dynamic_client_registration),
            (
                "client ID metadata documents",
                a.client_id_metadata_documents,
            ),
            ("PKCE S256", a.pkce_s256),
        ] {
            if let Some(v) = v {
                parts.push(format!("{what}: {}", if v { "yes" } else { "no" }));
            }
        }
        if !a.scopes_supported.is_empty() {
            parts.push(format!("scopes {}", a.scopes_supported.join(" ")));
        }
        if !parts.is_empty() {
            out.push_str(&format!(
                "{pad}{} {}\n",
                s.dim("auth:"),
                one_line(&parts.join("; "))
            ));
        }
        for p in &a.problems {
            out.push_str(&format!(
                "{pad}{} {}\n",
                s.dim("auth problem:"),
                one_line(p)
            ));
        }
    }
    for n in &f.notes {
        out.push_str(&format!("{pad}{} {}\n", s.yellow("note:"), one_line(n)));
    }
    out
}

/// Text a server chose (a discover error, resource metadata, a redirect's
/// Location, a listing's error), shown on one line as the message line is
/// (`ServerLaunch::new`): a line break in it (`\n`, `\r`, U+2028) is
/// shown as an escape, so it can start no line of the report, nor a
/// workflow command under `--format github`. The output layer's own
/// escaping keeps newlines (it serves multi-line text).
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::name(text)
}

fn discover_text(d: &Discover) -> String {
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

/// What the same launch did with your shell's environment (`app_verdict`:
/// what it did with the app's), each line after `pad`: test-launch's and
/// `add --check`'s.
pub(super) fn shell_lines(
    s: Style,
    app_verdict: Verdict,
    c: &ShellComparison,
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
    } else if c.same_failure {
        let only = c
            .differs_only_in
            .as_deref()
            .map(|w| format!("; its message differs only in {w} it names"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{pad}{label} fails the same way ({}{only}), so the app's environment is not the \
cause\n",
            c.verdict.as_str()
        ));
        return out;
    } else if let Some(ending) = c
        .shell_ending
        .as_deref()
        .filter(|_| c.verdict == app_verdict)
    {
        let more = if c.differences.is_empty() {
            ""
        } else {
            " What differs:"
        };
        out.push_str(&format!(
            "{pad}{label} {} too, but otherwise (it {ending}): the app's environment is part of \
the problem.{more}\n",
            c.verdict.as_str()
        ));
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

/// The server's last stderr lines, unless `message` quotes its one line
/// ([`stderr_to_show`]).
fn stderr_lines(s: Style, tail: &[String], message: &str, pad: &str) -> String {
    let tail = stderr_to_show(tail, message);
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
pub fn summary(s: Style, run: &LaunchRun) -> String {
    let (ok, failed, wall) = (run.summary.ok, run.summary.failed, run.wall);
    let took = if wall < Duration::from_secs(1) {
        format!("{} ms", wall.as_millis())
    } else {
        format!("{:.1} s", wall.as_secs_f64())
    };
    // what the app would really put in context: not a url entry's tools,
    // none when a bad tool name withholds them all
    let context = &run.summary.in_context;
    let withheld = &run.summary.tools_withheld_by;
    let cost = if !withheld.is_empty() {
        format!("; tool definitions: {}", withheld_text(withheld))
    } else if context.tools > 0 {
        format!(
            "; tool definitions ~{} tokens in all (estimated)",
            human_tokens(context.tokens)
        )
    } else {
        String::new()
    };
    let what = if run.extensions.is_empty() {
        plural(run.summary.total, "server")
    } else {
        format!(
            "{}, {}",
            plural(run.servers.len(), "server"),
            plural(run.extensions.len(), "extension")
        )
    };
    let line = format!("{what}: {ok} ok, {failed} failed in {took}{cost}");
    let unparsed = run.info.config_parse_error.is_some();
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

/// Why no tool definition reaches the model: `none reach the model:
/// `a` serves a tool name ...` (test-launch's and doctor's summaries).
pub fn withheld_text(servers: &[String]) -> String {
    let names: Vec<String> = servers
        .iter()
        .map(|n| crate::escape::name(n).into_owned())
        .collect();
    format!(
        "none reach the model: {} {} a tool name Claude Desktop rejects, and one such name makes \
it withhold the tools of every server",
        crate::text::name_list(&names, 10),
        if names.len() == 1 { "serves" } else { "serve" }
    )
}

/// A launch inside a section: its status line restated as `launch ok:` or
/// `launch failed:`, then its details, each line after `pad`.
pub fn launch_block(s: Style, p: &ServerLaunch, pad: &str) -> String {
    let mut out = String::new();
    let text = server(s, p, 0);
    // the launch's own status line, restated as "launch ok: ..."
    let (_, rest) = status(s, p);
    let word = if p.ok {
        s.green("launch ok:")
    } else {
        s.red("launch failed:")
    };
    out.push_str(&format!("{pad}{word} {rest}\n"));
    for l in text.lines().skip(1) {
        out.push_str(&format!("{pad}{}\n", l.trim_start_matches("      ")));
    }
    out
}

/// `test-launch`: the extensions after the config's servers, and what was
/// listed but not launched.
pub fn extensions(s: Style, exts: &[ExtensionLaunch], skipped: &[NotLaunched]) -> String {
    let mut out = String::new();
    if !exts.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            s.bold("Desktop Extensions (launched from their manifests, as the app does)")
        ));
    }
    for l in exts {
        let name = crate::escape::name(&l.name);
        let name = if l.display_name == l.name {
            name.into_owned()
        } else {
            let shown = crate::escape::name(&l.display_name);
            format!("{name}  {}", s.dim(&format!("({shown})")))
        };
        match &l.result {
            Some(r) => out.push_str(&server_as(s, r, &name)),
            None => out.push_str(&format!(
                "{}  {}  {}\n",
                s.red("FAIL"),
                s.bold(&name),
                "not launched: the app would not start it"
            )),
        }
        for f in l.problems.iter().chain(&l.notes) {
            out.push_str(&super::finding(s, f, "      "));
        }
    }
    if !skipped.is_empty() {
        out.push('\n');
    }
    for n in skipped {
        out.push_str(&format!(
            "{}  {}  {}\n",
            s.dim("off "),
            s.bold(&n.name),
            s.dim(&n.reason)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Counts;
    use crate::report::launch::tests::failing_report;

    #[test]
    fn text_names_the_verdict_message_and_hint() {
        let r = failing_report();
        let t = server(Style::plain(), &ServerLaunch::new(&r, false), 7);
        assert!(
            t.starts_with("FAIL  weather  command-not-found (during spawn)\n"),
            "{t}"
        );
        assert!(
            t.contains("not found on the PATH servers get: /nonexistent"),
            "{t}"
        );
        // the probe's verdict speaks of the OS mcpctl runs on
        let find = if cfg!(windows) { "where" } else { "command -v" };
        assert!(
            t.contains(&format!("hint: if your terminal finds it (`{find} definitely-not-a-command-mcpctl`), set \"command\" to that absolute path")),
            "{t}"
        );
        assert_eq!(r.counts, Counts::default());
    }

    /// The header counts the config's servers and the extensions beside
    /// them apart: extensions are not in the config.
    #[test]
    fn the_header_counts_servers_and_extensions_apart() {
        let info = RunInfo {
            config: "/c.json".into(),
            env_mode: EnvMode::App,
            os: crate::platform::Os::MacOs,
            path_used: "/usr/bin".into(),
            cwd_used: "/".into(),
            config_errors: 0,
            config_parse_error: None,
            config_parse_error_at: None,
        };
        let h = header(Style::plain(), &info, 1, 4);
        assert!(
            h.starts_with("Launching 1 server from /c.json and 4 Desktop Extensions beside it as Claude Desktop does (macOS profile"),
            "{h}"
        );
        let h = header(Style::plain(), &info, 2, 0);
        assert!(
            h.starts_with("Launching 2 servers from /c.json as Claude"),
            "{h}"
        );
    }

    /// A stderr line the message quotes is said once; two lines, or one
    /// the message does not quote, are shown.
    #[test]
    fn a_quoted_stderr_line_is_not_shown_twice() {
        let s = Style::plain();
        let tail = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let message = "exited with code 1; last stderr line: boom: no such folder";
        assert_eq!(
            stderr_lines(s, &tail(&["boom: no such folder", ""]), message, ""),
            ""
        );
        assert_eq!(
            stderr_lines(s, &tail(&["starting", "boom: no such folder"]), message, ""),
            "stderr (last lines):\n  | starting\n  | boom: no such folder\n"
        );
        assert_eq!(
            stderr_lines(s, &tail(&["other"]), message, "  "),
            "  stderr (last lines):\n    | other\n"
        );
        assert_eq!(stderr_lines(s, &[], message, ""), "");
    }

    /// A description cut at its 100th character keeps its escapes whole.
    #[test]
    fn a_tool_description_is_cut_before_it_is_escaped() {
        let tools = [ToolInfo {
            name: "read".into(),
            description: Some(format!("{}\u{1b}[31mred", "x".repeat(98))),
        }];
        let t = tools_lines(Style::plain(), &tools, "");
        assert!(
            t.ends_with(&format!("{}\\x1b[…\n", "x".repeat(98))),
            "{t:?}"
        );
    }

    fn comparison(verdict: Verdict, ok: bool) -> ShellComparison {
        ShellComparison {
            verdict,
            ok,
            differences: vec!["`npx` is found only through your shell's PATH".into()],
            path_entry: None,
            shell_command: None,
            shell_only_vars: Vec::new(),
            shell_cwd: None,
            named_vars: Vec::new(),
            same_failure: false,
            shell_ending: None,
            differs_only_in: None,
        }
    }

    #[test]
    fn shell_comparison_says_same_only_when_the_verdict_is_the_same() {
        let s = Style::plain();
        let same = shell_lines(
            s,
            Verdict::ExitedEarly,
            &ShellComparison {
                same_failure: true,
                ..comparison(Verdict::ExitedEarly, false)
            },
            "",
        );
        assert!(same.contains("fails the same way (exited-early)"), "{same}");
        assert!(!same.contains("npx"), "{same}");
        // the same failure but for the folder its message names
        let elsewhere = shell_lines(
            s,
            Verdict::ExitedEarly,
            &ShellComparison {
                same_failure: true,
                differs_only_in: Some("the working directory".into()),
                ..comparison(Verdict::ExitedEarly, false)
            },
            "",
        );
        assert_eq!(
            elsewhere,
            "in your shell: fails the same way (exited-early; its message differs only in the \
working directory it names), so the app's environment is not the cause\n"
        );
        // the same verdict, another exit: not the same failure
        let otherwise = shell_lines(
            s,
            Verdict::ExitedEarly,
            &ShellComparison {
                shell_ending: Some("exited with code 2: Bad credentials".into()),
                ..comparison(Verdict::ExitedEarly, false)
            },
            "",
        );
        assert!(
            otherwise.contains(
                "exited-early too, but otherwise (it exited with code 2: Bad credentials): the \
app's environment is part of the problem. What differs:"
            ),
            "{otherwise}"
        );
        assert!(
            otherwise.contains("only through your shell's PATH"),
            "{otherwise}"
        );
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
