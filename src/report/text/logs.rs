//! `mcpctl logs` as text, written for a diagnosis thread: where the logs
//! are (and which other logs folders exist), what was read, then per
//! server its last app session: when it started, the command line and
//! PATH the app logged, the era verdict, what happened in each lane, the
//! tool schemas refused, the tail of its stderr. Also the one-line form of
//! a followed line (`--follow`) and the header of a `--raw` session.
//!
//! Times are UTC, as the app writes them. Text the app or a server chose
//! is escaped ([`clean`]) before it reaches a terminal.

use std::borrow::Cow;

use crate::app::logs::{
    Entry, Event, FileRead, Folder, Lane, LaneOutcome, LaneState, Session, Time, Unreadable,
};
use crate::report::logs::LogsView;
use crate::report::style::Style;
use crate::text::plural;

/// `2026-09-02T07:58:10.266Z` as `2026-09-02 07:58:10 UTC` (as given when
/// it is not such a stamp).
pub fn when(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..19)) {
        (Some(date), Some(time)) if rfc3339.as_bytes().get(10) == Some(&b'T') => {
            format!("{date} {time} UTC")
        }
        _ => rfc3339.to_string(),
    }
}

/// An instant in full, or its time of day when it falls on `base`'s date.
pub fn at(t: Time, base: Option<Time>) -> String {
    let (full, b) = (t.rfc3339(), base.map(Time::rfc3339));
    match b {
        Some(b) if b.get(..10) == full.get(..10) => full.get(11..19).unwrap_or(&full).to_string(),
        _ => when(&full),
    }
}

/// Text from a log, safe for a terminal and on one line: control
/// characters (an escape sequence a server printed, a stray carriage
/// return) and line breaks become visible escapes (`crate::escape`, the
/// function the output layer applies to all human text); tabs stay.
pub fn clean(s: &str) -> Cow<'_, str> {
    crate::escape::one_line(s)
}

/// A word of a command line as a shell would need it.
fn word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || "-_./:=@,+%^~\\".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

fn size(n: u64) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// A lane's state as a word, coloured by what it means.
pub fn state_word(s: Style, state: LaneState) -> String {
    match state {
        LaneState::Connected => s.green("connected"),
        LaneState::Failed => s.red("failed"),
        LaneState::Disconnected => s.yellow("disconnected"),
        LaneState::Stopped => s.dim("stopped"),
        LaneState::Starting => s.yellow("starting"),
        LaneState::NotLogged => s.dim("no outcome logged"),
    }
}

/// `failed at 07:58:10: spawn npx ENOENT`.
pub fn outcome(s: Style, o: &LaneOutcome, base: Option<Time>) -> String {
    let mut t = state_word(s, o.state);
    if o.state == LaneState::NotLogged {
        return s.dim("nothing logged");
    }
    if let Some(at_) = o.at {
        t.push_str(&format!(" at {}", at(at_, base)));
    }
    if let Some(r) = &o.reason {
        t.push_str(&format!(": {}", clean(r)));
    }
    t
}

fn field(s: Style, name: &str, value: &str) -> String {
    format!("  {} {value}\n", s.dim(&format!("{name:<9}")))
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}

/// The whole report.
pub fn render(v: &LogsView, s: Style) -> String {
    let r = &v.report;
    let mut out = location(s, v);
    if let Some(since) = r.sessions.since {
        out.push_str(&field(
            s,
            "since",
            &format!("{} (--since)", when(&since.rfc3339())),
        ));
    }
    out.push('\n');
    let servers = &r.sessions.servers;
    if servers.is_empty()
        && r.sessions.not_found.is_empty()
        && r.sessions.unreadable_servers.is_empty()
    {
        out.push_str("no server sessions in the logs read\n");
    }
    for x in servers {
        out.push_str(&session(s, x));
        out.push('\n');
    }
    out.push_str(&not_found(s, &r.sessions));
    out
}

/// A line for each server asked for that the logs read do not hold
/// (also under `--raw`, which quotes the others as written): not started,
/// or its own log file could not be read (then nothing says the app did
/// not start it).
pub fn not_found(s: Style, sessions: &crate::app::logs::Sessions) -> String {
    let names: Vec<Cow<'_, str>> = sessions
        .not_found
        .iter()
        .chain(sessions.unreadable_servers.iter().map(|u| &u.server))
        .map(|n| crate::escape::name(n))
        .collect();
    // by terminal columns: a CJK or emoji name is wider than its characters
    let width = names
        .iter()
        .map(|n| crate::text::columns(n))
        .max()
        .unwrap_or(0);
    let since = if sessions.since.is_some() {
        " in that time"
    } else {
        ""
    };
    // the read stopped short of some file's start (its byte budget): an
    // older start may be in what was not read
    let why = if sessions.files.iter().any(|f| f.dropped_at_budget > 0) {
        // a giant line (a file of NUL bytes) is not "too many lines"
        format!(
            "not in the logs read{since} (the oldest lines were left unread: past a line \
             longer than the read budget)"
        )
    } else if sessions.files.iter().any(|f| f.budget_exhausted) {
        format!("not in the logs read{since} (the oldest lines were left unread: too many)")
    } else {
        format!("not in the logs read: the app has not started it{since}")
    };
    let whys = sessions.not_found.iter().map(|_| why.clone()).chain(
        sessions.unreadable_servers.iter().map(|u| {
            format!(
                "its log could not be read ({}: {})",
                clean(&u.file.path.display().to_string()),
                clean(&u.file.error)
            )
        }),
    );
    let mut out = String::new();
    for (n, why) in names.iter().zip(whys) {
        out.push_str(&format!(
            "{}  {}\n",
            s.bold(&crate::text::pad(n, width)),
            s.yellow(&why)
        ));
    }
    out
}

/// The warning (stderr) for a file of the logs folder that could not be
/// read, on one line: the file, the OS's words, what to do.
pub fn unreadable(s: Style, u: &Unreadable) -> String {
    let mut m = format!(
        "skipped {}: {}",
        clean(&u.path.display().to_string()),
        clean(&u.error)
    );
    if u.denied {
        m.push_str(if cfg!(windows) {
            " (check its permissions: `icacls` shows them; mcpctl only reads the logs)"
        } else {
            " (check its permissions: `ls -l` shows them; mcpctl only reads the logs)"
        });
    }
    super::warning(s, &m)
}

/// Which folder was read, why, which others exist, and which files.
fn location(s: Style, v: &LogsView) -> String {
    let l = &v.report.location;
    let mut out = String::new();
    if let Some(c) = &l.chosen {
        out.push_str(&format!(
            "{} {}\n",
            s.bold("Claude Desktop's logs:"),
            c.path.display()
        ));
        out.push_str(&field(s, "why", &l.reason));
    }
    for o in &l.others {
        out.push_str(&field(s, "also", &other_folder(o)));
    }
    if !v.report.sessions.files.is_empty() {
        let files: Vec<String> = v.report.sessions.files.iter().map(file_read).collect();
        out.push_str(&field(s, "read", &files.join(", ")));
    }
    if let Some(e) = &v.config.error {
        out.push_str(&field(
            s,
            "config",
            &format!("{e}: showing the servers of the app's last launch"),
        ));
    }
    out
}

fn other_folder(o: &Folder) -> String {
    let newest = match (&o.newest_file, o.newest_at) {
        (Some(f), Some(t)) => format!("newest file {f}, {}", when(&t.rfc3339())),
        _ => "no log file".to_string(),
    };
    format!(
        "{} (another logs folder: {newest}; not read)",
        o.path.display()
    )
}

fn file_read(f: &FileRead) -> String {
    let mut t = format!("{} ({}", file_name(&f.path), size(f.size));
    if !f.whole && f.scanned < f.size {
        t.push_str(&format!(", last {} read", size(f.scanned)));
    }
    if f.unterminated_last_line {
        t.push_str(", last line unfinished");
    }
    if f.dropped_at_budget > 0 {
        // the budget ran out inside a line: say what was not read
        t.push_str(&format!(
            ", stopped at the read budget inside a line longer than {}: the line skipped",
            size(f.dropped_at_budget)
        ));
    } else if f.budget_exhausted {
        t.push_str(", stopped at the read budget");
    }
    t.push(')');
    t
}

/// The command line as the app logged it.
pub fn command_line(x: &Session) -> Option<String> {
    let c = x.command.as_ref()?;
    let mut words = vec![word(&c.command)];
    words.extend(c.args.iter().map(|a| word(a)));
    let mut line = clean(&words.join(" ")).into_owned();
    if x.built_in_node {
        line.push_str("  (the app's built-in Node.js)");
    }
    if c.truncated {
        line.push_str("  (the app's log elided some entries)");
    }
    Some(line)
}

/// One server's last session.
pub fn session(s: Style, x: &Session) -> String {
    let base = x.started_at;
    let mut head = format!(
        "{}  {}",
        s.bold(&clean(&x.server)),
        state_word(s, x.lanes.chat.state)
    );
    if x.lanes.cowork.state == LaneState::Failed {
        head.push_str(&format!(", {}", s.red("Cowork/Code lane failed")));
    }
    if !x.tool_schema_refusals.is_empty() {
        head.push_str(&format!(
            ", {}",
            s.yellow(&format!(
                "{} refused",
                plural(x.tool_schema_refusals.len(), "tool schema")
            ))
        ));
    }
    let mut out = format!("{head}\n");
    let last = x.last_at.map(|t| format!(" (last line {})", at(t, base)));
    let started = match x.started_at {
        Some(t) => format!("{}{}", when(&t.rfc3339()), last.unwrap_or_default()),
        None => format!(
            "before the lines read (its start is older than --since, rotated away, or past the read budget){}",
            last.unwrap_or_default()
        ),
    };
    out.push_str(&field(s, "started", &started));
    if let Some(c) = command_line(x) {
        out.push_str(&field(s, "command", &c));
    }
    if let Some(c) = &x.command
        && !c.path.is_empty()
    {
        // the separator of the OS that wrote it: a drive letter says Windows
        let sep = if c.path.iter().any(|p| p.get(1..2) == Some(":")) {
            ";"
        } else {
            ":"
        };
        out.push_str(&field(s, "PATH", &clean(&c.path.join(sep))));
    }
    if let Some(e) = &x.era {
        let reason = if e.reason.is_empty() {
            String::new()
        } else {
            format!(" ({})", clean(&e.reason))
        };
        out.push_str(&field(s, "era", &format!("{}{reason}", clean(&e.verdict))));
    }
    out.push_str(&field(s, "chat", &outcome(s, &x.lanes.chat, base)));
    out.push_str(&field(s, "cowork", &outcome(s, &x.lanes.cowork, base)));
    for (i, r) in x.tool_schema_refusals.iter().enumerate() {
        let tool = r.tool.as_deref().unwrap_or("(a tool)");
        let label = if i == 0 { "refused" } else { "" };
        out.push_str(&field(
            s,
            label,
            &format!("{} {}: {}", clean(tool), r.schema, clean(&r.detail)),
        ));
    }
    let m = &x.messages;
    if m.from_client + m.from_server > 0 {
        out.push_str(&field(
            s,
            "messages",
            &format!(
                "{} from the app, {} from the server, {}",
                m.from_client,
                m.from_server,
                plural(m.errors as usize, "error answer")
            ),
        ));
    }
    if !x.stderr_tail.is_empty() {
        out.push_str(&field(
            s,
            "stderr",
            &format!(
                "last {} ({}):",
                plural(x.stderr_tail.len(), "line"),
                file_name(&x.source)
            ),
        ));
        for l in &x.stderr_tail {
            out.push_str(&format!("    {} {}\n", s.dim("|"), clean(l)));
        }
    }
    let mut files = vec![file_name(&x.source)];
    files.extend(x.also_from.iter().map(|p| file_name(p)));
    out.push_str(&field(s, "from", &files.join(", ")));
    out
}

/// One followed line: `07:58:10.251  github  error  Connection failed: ...`;
/// a server's stderr line: `              github  |  text`.
pub fn entry_line(s: Style, e: &Entry) -> String {
    let server = clean(e.server.as_deref().unwrap_or("-")).into_owned();
    let text = clean(&e.text);
    if e.event == Event::Stderr {
        return format!("{:12}  {}  {} {text}\n", "", s.bold(&server), s.dim("|"));
    }
    let time =
        e.at.map(|t| t.rfc3339().get(11..23).unwrap_or_default().to_string())
            .unwrap_or_default();
    let level = match e.level {
        Some(l) => {
            let w = format!("{l:?}").to_lowercase();
            match w.as_str() {
                "error" => s.red(&w),
                "warn" => s.yellow(&w),
                _ => s.dim(&w),
            }
        }
        None => s.dim("-"),
    };
    let lane = if e.lane == Lane::Cowork {
        s.dim(" [Cowork/Code lane]")
    } else {
        String::new()
    };
    let meta = match &e.metadata {
        Some(m) if matches!(e.event, Event::Command(_)) => format!(" {}", clean(m)),
        _ => String::new(),
    };
    format!(
        "{time:12}  {}  {level}  {text}{meta}{lane}\n",
        s.bold(&server)
    )
}

/// The line before lines of another file (`--raw --follow`), as `tail`
/// writes it.
pub fn raw_file_header(s: Style, file: &std::path::Path) -> String {
    s.bold(&format!("==> {} <==", clean(&file_name(file)))) + "\n"
}

/// The line before a session's raw lines.
pub fn raw_header(s: Style, server: &str, file: &std::path::Path) -> String {
    s.bold(&format!("==> {} ({}) <==", clean(server), file.display())) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_and_shorten_on_the_same_day() {
        assert_eq!(when("2026-09-02T07:58:10.266Z"), "2026-09-02 07:58:10 UTC");
        assert_eq!(when("garbage"), "garbage");
        let t = Time::from_unix_ms(1_788_335_890_266); // 2026-09-02T07:58:10.266Z
        assert_eq!(t.rfc3339(), "2026-09-02T07:58:10.266Z");
        assert_eq!(at(t.plus_ms(60_000), Some(t)), "07:59:10");
        assert_eq!(
            at(t.plus_ms(86_400_000), Some(t)),
            "2026-09-03 07:58:10 UTC"
        );
        assert_eq!(at(t, None), "2026-09-02 07:58:10 UTC");
    }

    /// The reasons line up however wide a name's characters are on a
    /// terminal (a CJK character and an emoji take two columns each).
    #[test]
    fn names_not_found_line_up_by_terminal_columns() {
        let sessions = crate::app::logs::Sessions {
            not_found: vec!["天気".into(), "memory".into(), "🔥x".into()],
            ..Default::default()
        };
        let text = not_found(Style::plain(), &sessions);
        let starts: Vec<usize> = text
            .lines()
            .map(|l| {
                let at = l.find("not in the logs").expect("the reason");
                crate::text::columns(&l[..at])
            })
            .collect();
        assert_eq!(starts, [8, 8, 8], "{text}");
    }

    #[test]
    fn control_characters_are_escaped_tabs_kept() {
        assert_eq!(clean("plain\ttext"), "plain\ttext");
        assert_eq!(clean("\u{1b}[31mred\u{1b}[0m"), "\\x1b[31mred\\x1b[0m");
        assert_eq!(clean("a\rb"), "a\\rb");
        assert!(matches!(clean("ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn words_with_spaces_are_quoted() {
        assert_eq!(word("/usr/bin/node"), "/usr/bin/node");
        assert_eq!(word("/home/ann/Notes ärger"), "'/home/ann/Notes ärger'");
        assert_eq!(word(r"C:\Program Files\x.exe"), r"'C:\Program Files\x.exe'");
        assert_eq!(word("it's"), r"'it'\''s'");
        assert_eq!(word(""), "''");
    }
}
