//! `mcpctl logs [NAME...]`: what Claude Desktop itself recorded about each
//! server's last start, read from its logs (`app::logs`): for the
//! config's servers (always looked for, however far back) and the servers
//! of the app's last launch, or only the NAMEs given. `--since` ignores
//! older lines; `--raw` prints each session's lines as written; `--follow`
//! keeps printing new lines as the app writes them (Ctrl-C stops); `--json`
//! prints docs/json/logs.md (with `--follow`: one JSON event per line).
//! The config's env values are masked in every quoted line unless
//! `--show-secrets`.
//!
//! Exit 0 when the logs were read; 2 when there is no logs folder or it
//! cannot be listed. A file of it that cannot be read (another user's, a
//! FIFO) is skipped and said (a warning, or `unreadable` in the JSON); the
//! others are read. The config is optional: without one, the servers of
//! the app's last launch are shown.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Exit, app_logs};
use crate::app::logs::files::{self, Chain, FileKind};
use crate::app::logs::raw::{Cursor, Keep, Seen};
use crate::app::logs::scan::resolve_server;
use crate::app::logs::{
    self, Entry, Event, Follower, Lane, LogFolders, RealLogFs, Restart, Shape, logged_secrets,
    mask_entry, mask_secrets,
};
use crate::config::load;
use crate::config::model::{ServerEntry, effective};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::logs::{ConfigUsed, LogsView};
use crate::report::{self, Format};
use crate::settings::{Global, Logs};

/// How often `--follow` looks for new lines.
const POLL: Duration = Duration::from_millis(250);
/// Every this many polls, `--follow` looks for new files too.
const RESCAN: u32 = 4;

pub fn run(g: &Global, s: &Logs, out: &mut Output) -> Result<Exit, Stop> {
    if s.raw && g.json() {
        // `--json` is global, so clap cannot see the clash: said here
        return Err(Error::new(
            "`--raw` prints the lines as the app wrote them: it cannot be combined with `--json`",
        )
        .hint("drop one: `mcpctl --json logs` gives each server's last session as JSON")
        .into());
    }
    let (config, servers) = config_used(g);
    let mut names = config.servers.clone();
    for n in &s.names {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let since = app_logs::since(s.since);
    let report = app_logs::read(&g.host, &names, since).map_err(|e| unreadable(g, &e))?;
    let Some(dir) = report.location.chosen.as_ref().map(|c| c.path.clone()) else {
        return Err(no_logs(&report.location).into());
    };
    let mut secrets = app_logs::secrets(&servers);
    // a server `mcpctl disable` set aside, and the Desktop Extensions,
    // have their lines in the logs too
    let beside = Alongside::read(g);
    secrets.extend(beside.secrets.iter().cloned());
    secrets.extend(beside.logged(&report.sessions.servers));
    secrets.extend(logged_secrets(&report.sessions.servers));
    let view = LogsView::new(config, report, &s.names, &secrets, s.show_secrets);
    let masked = |t: &str| -> String {
        if s.show_secrets {
            t.to_string()
        } else {
            mask_secrets(t, &secrets).into_owned()
        }
    };
    if s.raw {
        raw(&view, &dir, out, &masked)?;
    } else {
        match g.format {
            // with --follow, --json is one event per line: no document first
            Format::Json if s.follow => {}
            Format::Json => out.json(&view)?,
            Format::Text => out.print(&report::text::logs::render(&view, out.style))?,
        }
    }
    // a file of the folder that could not be read was skipped: said on
    // stderr unless the JSON document carries it (`unreadable`)
    if !g.json() || s.follow {
        for u in &view.report.sessions.unreadable {
            out.eprint(&report::text::logs::unreadable(out.err_style, u))?;
        }
    }
    if s.follow {
        let watch = Watch {
            dir: &dir,
            names: &s.names,
            known: &names,
            json: g.json(),
            raw: s.raw,
            secrets: (!s.show_secrets).then(|| std::cell::RefCell::new(secrets.clone())),
            beside: &beside,
            unreadable: view
                .report
                .sessions
                .unreadable
                .iter()
                .map(|u| u.path.clone())
                .collect(),
        };
        watch.run(out)?;
    }
    Ok(Exit::Ok)
}

/// What the app runs beside the config's servers, for masking: those
/// `mcpctl disable` set aside, and the Desktop Extensions.
struct Alongside {
    /// Their secrets: the set-aside entries' (as the config's are found),
    /// the extensions' sensitive settings as saved and secret-named env
    /// values.
    secrets: Vec<String>,
    /// Each extension's names (id, manifest name, display name) and
    /// manifest: where its sensitive settings stand in a command line the
    /// app logged (their values are in the OS keychain, not in a file).
    extensions: Vec<(Vec<String>, serde_json::Value)>,
    os: crate::platform::Os,
}

impl Alongside {
    /// Read beside the config; nothing when there is no config path.
    fn read(g: &Global) -> Alongside {
        let mut b = Alongside {
            secrets: Vec::new(),
            extensions: Vec::new(),
            os: g.host.os,
        };
        let Ok(located) = load::locate_known(&g.host, g.config.as_deref()) else {
            return b;
        };
        let folders = crate::app::folders::AppFolders::for_config(g.host.os, &located.path);
        let side = crate::app::state::read_side(&folders).entries();
        // the other configs' of the folder too: the app may have run them
        let disabled: Vec<ServerEntry> = side
            .servers
            .iter()
            .chain(side.others())
            .filter_map(|e| e.server())
            .collect();
        b.secrets = app_logs::secrets(&disabled);
        for e in &crate::app::extensions::read_inventory(&folders).extensions {
            b.secrets
                .extend(crate::app::extensions::launch::describe(e, &g.host).secrets);
            if let Some(m) = &e.manifest {
                b.extensions
                    .push((e.names().map(str::to_string).collect(), m.clone()));
            }
        }
        b
    }

    /// The sensitive settings' values in `args`, a command line the app
    /// logged for the server `is` picks (by name).
    fn sensitive(&self, is: &dyn Fn(&str) -> bool, args: &[String]) -> Vec<String> {
        self.extensions
            .iter()
            .filter(|(names, _)| names.iter().any(|n| is(n)))
            .flat_map(|(_, m)| {
                crate::app::extensions::launch::sensitive_in_logged(m, self.os, args)
            })
            .collect()
    }

    /// The sensitive settings' values in the command lines logged in
    /// `sessions` for an extension.
    fn logged(&self, sessions: &[logs::Session]) -> Vec<String> {
        let mut v = Vec::new();
        for s in sessions {
            let commands = s
                .command
                .iter()
                .chain(s.events.iter().filter_map(|e| match &e.event {
                    Event::Command(c) => Some(c),
                    _ => None,
                }));
            for c in commands {
                v.extend(self.sensitive(&|n| n == s.server, &c.args));
            }
        }
        v
    }
}

/// The config's servers and env values, if it can be read; the logs are
/// read either way.
fn config_used(g: &Global) -> (ConfigUsed, Vec<ServerEntry>) {
    match load::load(&g.host, g.config.as_deref()) {
        Ok(l) => {
            let servers = effective(&l.servers);
            let used = ConfigUsed {
                path: Some(l.source.path.display().to_string()),
                servers: servers.iter().map(|e| e.name.clone()).collect(),
                error: None,
            };
            (used, servers)
        }
        Err(e) => {
            let path = load::locate_known(&g.host, g.config.as_deref())
                .ok()
                .map(|l| l.path.display().to_string());
            let error = match &e {
                load::LoadError::Missing { located } => {
                    format!("no config file at {}", located.path.display())
                }
                other => other.message(),
            };
            let used = ConfigUsed {
                path,
                servers: Vec::new(),
                error: Some(error),
            };
            (used, Vec::new())
        }
    }
}

fn no_logs(l: &LogFolders) -> Error {
    let looked: Vec<String> = l
        .looked_in
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if looked.is_empty() {
        return Error::new(format!(
            "cannot tell where Claude Desktop's logs are: {}",
            l.reason
        ))
        .hint("set HOME (on Windows: APPDATA and LOCALAPPDATA) to the user's folders");
    }
    Error::new(format!(
        "no Claude Desktop logs on this machine (looked in {})",
        looked.join(", ")
    ))
    .hint(
        "the app writes them once it has started a server: start Claude Desktop with a server \
         in its config; `mcpctl doctor` says whether the app is installed",
    )
}

fn unreadable(g: &Global, e: &std::io::Error) -> Error {
    let l = logs::locate(&g.host, &RealLogFs);
    let dir = l.chosen.map_or_else(
        || "the logs folder".to_string(),
        |c| c.path.display().to_string(),
    );
    Error::new(format!("cannot read Claude Desktop's logs in {dir}: {e}")).hint(if cfg!(windows) {
        "check the permissions of the folder and its files (`icacls` shows them); mcpctl only \
         reads them"
    } else {
        "check the permissions of the folder and its files (`ls -l`); mcpctl only reads them"
    })
}

/// The shape of a file's lines.
fn shape(kind: FileKind) -> Shape {
    match kind {
        FileKind::Mcp => Shape::Mcp,
        FileKind::Server => Shape::Server,
        FileKind::Main => Shape::Main,
    }
}

/// `--raw`: each server's last session as written, from its first line in
/// the file it started in to the end of that file's chain.
fn raw(
    view: &LogsView,
    dir: &Path,
    out: &mut Output,
    masked: &dyn Fn(&str) -> String,
) -> Result<(), Stop> {
    let chains = files::list(dir).map_err(|e| read_failed(dir, &e))?;
    let known: Vec<&str> = view
        .report
        .sessions
        .servers
        .iter()
        .map(|x| x.server.as_str())
        .collect();
    let chains = files::split_named(chains, &known);
    let style = out.style;
    for x in &view.report.sessions.servers {
        out.print(&report::text::logs::raw_header(style, &x.server, &x.source))?;
        let Some(start) = x.start_offset else {
            out.print(&report::text::note(
                style,
                "its start is not in the lines read (older than --since, or rotated away): \
                 nothing to show as written",
            ))?;
            continue;
        };
        let (kind, newer) = chain_after(&chains, &x.source);
        let mut reads = vec![(x.source.clone(), start)];
        reads.extend(newer.into_iter().map(|p| (p, 0)));
        for (path, from) in reads {
            let mut c = Cursor::new(&path, shape(kind), from, logs::time::system_local_offset);
            stream(&mut c, Keep::Server(&x.server), true, &mut |bytes, cut| {
                let line = masked(&String::from_utf8_lossy(bytes));
                let mut text = report::text::logs::clean(&line).into_owned();
                if cut {
                    text.push('…');
                }
                out.println(&text)
            })?;
        }
        out.println("")?;
    }
    // a name asked for that is not there says so (an empty output would
    // read as an empty log)
    let sessions = &view.report.sessions;
    if sessions.servers.is_empty()
        && sessions.not_found.is_empty()
        && sessions.unreadable_servers.is_empty()
    {
        out.print(&report::text::note(
            style,
            "no server sessions in the logs read",
        ))?;
    }
    out.print(&report::text::logs::not_found(style, sessions))?;
    Ok(())
}

/// The kind of the chain `source` belongs to, and the files written after
/// it (oldest first).
fn chain_after(chains: &[Chain], source: &Path) -> (FileKind, Vec<PathBuf>) {
    for c in chains {
        if let Some(i) = c.files.iter().position(|f| f.path == source) {
            return (
                c.kind,
                c.files[..i].iter().rev().map(|f| f.path.clone()).collect(),
            );
        }
    }
    let kind = source
        .file_name()
        .and_then(|n| files::classify(&n.to_string_lossy()))
        .map_or(FileKind::Server, |(k, _, _)| k);
    (kind, Vec::new())
}

fn read_failed(path: &Path, e: &std::io::Error) -> Error {
    Error::new(format!("cannot read {}: {e}", path.display()))
        .hint("check the file's permissions; mcpctl only reads it")
}

/// `--follow`: the live files of the logs folder, read as they grow.
struct Watch<'a> {
    dir: &'a Path,
    /// The servers asked for (all when empty).
    names: &'a [String],
    /// Every name known (to find the server a main.log line is about).
    known: &'a [String],
    json: bool,
    raw: bool,
    /// What to mask; None with `--show-secrets`. Grows with the secrets
    /// of each command line the app logs while it is followed.
    secrets: Option<std::cell::RefCell<Vec<String>>>,
    /// The extensions, whose sensitive settings a logged command line
    /// holds by position.
    beside: &'a Alongside,
    /// Files the report already said it could not read: not followed.
    unreadable: Vec<PathBuf>,
}

/// One file being followed.
struct Followed {
    kind: FileKind,
    stem: String,
    parsed: Option<Follower>,
    raw: Option<Cursor>,
}

impl Watch<'_> {
    /// The files worth following: each chain's live file, the per-server
    /// ones only for the servers asked for.
    fn live(&self) -> Vec<(PathBuf, FileKind, String)> {
        let Ok(chains) = files::list(self.dir) else {
            return Vec::new();
        };
        let chains = files::split_named(chains, self.known);
        chains
            .into_iter()
            .filter(|c| {
                c.kind != FileKind::Server
                    || self.names.is_empty()
                    || self.names.iter().any(|n| n.eq_ignore_ascii_case(&c.stem))
            })
            .filter_map(|c| {
                let f = c.files.into_iter().find(|f| f.rotation == 0)?;
                Some((f.path, c.kind, c.stem))
            })
            .collect()
    }

    fn open(&self, path: &Path, kind: FileKind, stem: String, at_end: bool) -> Followed {
        let tz = logs::time::system_local_offset;
        let len = if at_end {
            std::fs::metadata(path).map_or(0, |m| m.len())
        } else {
            0
        };
        let (parsed, raw) = if self.raw {
            (
                None,
                Some(Cursor::new(path, shape(kind), len, tz).following()),
            )
        } else {
            let mut f = Follower::new(path, shape(kind), len, tz);
            if kind == FileKind::Server {
                f = f.for_server(&stem);
            }
            (Some(f), None)
        };
        Followed {
            kind,
            stem,
            parsed,
            raw,
        }
    }

    /// `text` with every secret known so far masked.
    fn masked(&self, text: &str) -> String {
        match &self.secrets {
            Some(s) => mask_secrets(text, &s.borrow()).into_owned(),
            None => text.to_string(),
        }
    }

    /// Learn the secrets of a command line the app logged (`--token X`,
    /// as `list` finds them; an extension's sensitive settings, for the
    /// server `is` picks), so later lines quoting them are masked too.
    fn learn(&self, is: &dyn Fn(&str) -> bool, args: &[String]) {
        if let Some(s) = &self.secrets {
            let mut s = s.borrow_mut();
            let by_place = self.beside.sensitive(is, args);
            for v in crate::secrets::values(args).into_iter().chain(by_place) {
                if !s.contains(&v) {
                    s.push(v);
                }
            }
        }
    }

    fn run(&self, out: &mut Output) -> Result<(), Stop> {
        // files given up on (unreadable): said once, not picked up again
        let mut given_up = self.unreadable.clone();
        let mut watched: Vec<(PathBuf, Followed)> = self
            .live()
            .into_iter()
            .filter(|(p, _, _)| !given_up.contains(p))
            .map(|(p, k, s)| {
                let f = self.open(&p, k, s, true);
                (p, f)
            })
            .collect();
        // on stderr, so stdout stays the lines (or JSON lines) alone
        out.eprint(&report::text::note(
            out.err_style,
            &format!(
                "following {} in {} as Claude Desktop writes them (Ctrl-C stops)",
                crate::text::plural(watched.len(), "log file"),
                self.dir.display()
            ),
        ))?;
        out.flush()?;
        let mut last_file: Option<PathBuf> = None;
        for round in 1u32.. {
            std::thread::sleep(POLL);
            if crate::output::stdout_reader_gone() {
                // as a write to it would say
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
            }
            if round % RESCAN == 0 {
                for (p, k, s) in self.live() {
                    if !watched.iter().any(|(q, _)| *q == p) && !given_up.contains(&p) {
                        let f = self.open(&p, k, s, false);
                        watched.push((p, f));
                    }
                }
            }
            let have_mcp = watched.iter().any(|(_, f)| f.kind == FileKind::Mcp);
            let mut i = 0;
            while i < watched.len() {
                let (path, f) = &mut watched[i];
                let failed = if f.raw.is_some() {
                    self.poll_raw(path, f, have_mcp, &mut last_file, out)?
                } else {
                    self.poll_parsed(path, f, have_mcp, out)?
                };
                match failed {
                    // one file that cannot be read stops only its own following
                    Some(e) => {
                        let (path, f) = watched.remove(i);
                        let u = logs::Unreadable::new(&path, f.kind, &e);
                        out.eprint(&report::text::logs::unreadable(out.err_style, &u))?;
                        given_up.push(path);
                    }
                    None => i += 1,
                }
            }
            out.flush()?;
        }
        Ok(())
    }

    fn poll_parsed(
        &self,
        path: &Path,
        f: &mut Followed,
        have_mcp: bool,
        out: &mut Output,
    ) -> Result<Option<std::io::Error>, Stop> {
        let Some(follower) = f.parsed.as_mut() else {
            return Ok(None);
        };
        loop {
            let batch = match follower.poll() {
                Ok(b) => b,
                Err(e) => return Ok(Some(e)),
            };
            if let Some(r) = batch.restarted {
                out.eprint(&report::text::note(out.err_style, &restarted(path, r)))?;
            }
            for mut e in batch.entries {
                if !keep(&mut e, f.kind, &f.stem, have_mcp, self.names, self.known) {
                    continue;
                }
                if let Event::Command(c) = &e.event {
                    let server = e.server.as_deref();
                    self.learn(&|n| server == Some(n), &c.args);
                }
                if let Some(secrets) = &self.secrets {
                    mask_entry(&mut e, &secrets.borrow());
                }
                if self.json {
                    out.json_line(&e)?;
                } else {
                    out.print(&report::text::logs::entry_line(out.style, &e))?;
                }
            }
            if !batch.more {
                return Ok(None);
            }
        }
    }

    fn poll_raw(
        &self,
        path: &Path,
        f: &mut Followed,
        have_mcp: bool,
        last_file: &mut Option<PathBuf>,
        out: &mut Output,
    ) -> Result<Option<std::io::Error>, Stop> {
        let Some(cursor) = f.raw.as_mut() else {
            return Ok(None);
        };
        let keep = Keep::Servers(self.names);
        let seen = match cursor.seen() {
            Ok(Seen::Unchanged) => return Ok(None),
            Ok(seen) => seen,
            Err(e) => return Ok(Some(e)),
        };
        // mcp.log has every stamped line: from a server's own file, only
        // its stderr
        let stderr_only = f.kind == FileKind::Server && have_mcp;
        let main = f.kind == FileKind::Main;
        let style = out.style;
        let mut print = |bytes: &[u8], _: bool, out: &mut Output| {
            let stamped = logs::line::looks_stamped(bytes);
            if (stderr_only && stamped) || main {
                return Ok(());
            }
            let mut text = String::new();
            if last_file.as_deref() != Some(path) {
                text.push_str(&report::text::logs::raw_file_header(style, path));
                *last_file = Some(path.to_path_buf());
            }
            let line = String::from_utf8_lossy(bytes);
            if line.contains("Using MCP server command")
                && let Some(a) = logs::inspect::string_array(&line, "args")
            {
                // the server is named in the line (`[NAME]`), or the file's
                let stem = (f.kind == FileKind::Server).then_some(f.stem.as_str());
                let named = |n: &str| line.contains(&format!("[{n}]")) || stem == Some(n);
                self.learn(&named, &a.items);
            }
            let line = self.masked(&line);
            text.push_str(&report::text::logs::clean(&line));
            text.push('\n');
            out.print(&text)
        };
        // rotated (or being rotated): what the old file got before it
        // moved, then the note, then the new file from its start
        if matches!(seen, Seen::Missing | Seen::Restart(Restart::Replaced)) {
            let tail = stream_with(cursor, &mut |b, cut| print(b, cut, out), |c, each| {
                c.read_rotated_tail(keep, each)
            })?;
            if tail.is_some() || seen == Seen::Missing {
                return Ok(tail);
            }
        }
        if let Seen::Restart(r) = seen {
            out.eprint(&report::text::note(out.err_style, &restarted(path, r)))?;
            cursor.start_over();
        }
        stream_or(cursor, keep, false, &mut |b, cut| print(b, cut, out))
    }
}

/// Read `cursor`'s kept lines into `write`: a failed write stops the read
/// and comes back as the output error it is, a failed read as an error
/// naming the file.
fn stream(
    cursor: &mut Cursor,
    keep: Keep<'_>,
    partial: bool,
    write: &mut dyn FnMut(&[u8], bool) -> std::io::Result<()>,
) -> Result<(), Stop> {
    let path = cursor.path.clone();
    match stream_or(cursor, keep, partial, write)? {
        Some(e) => Err(read_failed(&path, &e).into()),
        None => Ok(()),
    }
}

/// [`stream`], a failed read given back (`Some`) for the caller to say.
fn stream_or(
    cursor: &mut Cursor,
    keep: Keep<'_>,
    partial: bool,
    write: &mut dyn FnMut(&[u8], bool) -> std::io::Result<()>,
) -> Result<Option<std::io::Error>, Stop> {
    stream_with(cursor, write, |c, each| c.read(keep, partial, each))
}

/// `read` of `cursor` into `write`, as [`stream_or`] reads.
fn stream_with(
    cursor: &mut Cursor,
    write: &mut dyn FnMut(&[u8], bool) -> std::io::Result<()>,
    read: impl FnOnce(&mut Cursor, logs::raw::Each<'_>) -> std::io::Result<()>,
) -> Result<Option<std::io::Error>, Stop> {
    let mut write_err = None;
    let read = read(cursor, &mut |bytes, cut| {
        write(bytes, cut).map_err(|e| {
            let kind = e.kind();
            write_err = Some(e);
            std::io::Error::from(kind)
        })
    });
    match (read, write_err) {
        (Ok(()), _) => Ok(None),
        (Err(_), Some(w)) => Err(Stop::Output(w)),
        (Err(e), None) => Ok(Some(e)),
    }
}

fn restarted(path: &Path, r: Restart) -> String {
    let why = match r {
        Restart::Truncated => "got shorter (truncated)",
        Restart::Replaced => "was replaced (rotated)",
    };
    format!("{} {why}: reading it again from its start", path.display())
}

/// Whether a followed line is shown: a server asked for; from a server's
/// own file only its stderr when mcp.log (which has every stamped line) is
/// followed too; from main.log only the Cowork/Code lane's errors, put on
/// the server they name.
fn keep(
    e: &mut Entry,
    kind: FileKind,
    stem: &str,
    have_mcp: bool,
    names: &[String],
    known: &[String],
) -> bool {
    match kind {
        FileKind::Mcp => {}
        FileKind::Server => {
            if have_mcp && e.event != Event::Stderr {
                return false;
            }
            if e.server.is_none() {
                e.server = Some(stem.to_string());
            }
        }
        FileKind::Main => {
            if !matches!(
                e.event,
                Event::LaneFailed { .. }
                    | Event::VersionNegotiationFailed { .. }
                    | Event::ToolSchemaRefused { .. }
            ) {
                return false;
            }
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let Some(name) = resolve_server(&e.text, &known) else {
                return names.is_empty();
            };
            e.server = Some(name);
            e.lane = Lane::Cowork;
        }
    }
    names.is_empty() || e.server.as_ref().is_some_and(|s| names.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::event::{entry, stderr_entry};
    use crate::app::logs::line::frame;
    use crate::app::logs::time::utc;

    fn stamped(line: &str, shape: Shape) -> Entry {
        entry(&frame(line, shape, utc).expect("stamped"), 0)
    }

    #[test]
    fn followed_lines_are_kept_once_and_put_on_their_server() {
        let names: Vec<String> = Vec::new();
        let known = vec!["memory".to_string(), "github".to_string()];
        let mut e = stamped(
            "2026-09-02T07:58:10.251Z [error] [github] Connection failed: spawn npx ENOENT",
            Shape::Mcp,
        );
        assert!(keep(&mut e, FileKind::Mcp, "", true, &names, &known));
        // the same line in the server's own file: shown once, from mcp.log
        let mut e = stamped(
            "2026-09-02T07:58:10.251Z [github] [error] Connection failed: spawn npx ENOENT",
            Shape::Server,
        );
        assert!(!keep(
            &mut e,
            FileKind::Server,
            "github",
            true,
            &names,
            &known
        ));
        assert!(keep(
            &mut e,
            FileKind::Server,
            "github",
            false,
            &names,
            &known
        ));
        let mut s = stderr_entry(None, "npm ERR! 404", 0);
        assert!(keep(
            &mut s,
            FileKind::Server,
            "github",
            true,
            &names,
            &known
        ));
        assert_eq!(s.server.as_deref(), Some("github"));
        // main.log: the Cowork/Code lane's error lands on its server
        let mut m = stamped(
            "2026-09-02 09:59:11 [error] [LocalMcpServerManager] MCP memory: Couldn't start this server for Cowork and Code sessions (they run their own copy of it), so they can't use its tools: Request timed out",
            Shape::Main,
        );
        assert!(keep(&mut m, FileKind::Main, "", true, &names, &known));
        assert_eq!(
            (m.server.as_deref(), m.lane),
            (Some("memory"), Lane::Cowork)
        );
        let mut other = stamped("2026-09-02 09:59:11 [info] [CCD] Initialized", Shape::Main);
        assert!(!keep(&mut other, FileKind::Main, "", true, &names, &known));
        // only the servers asked for
        let only = vec!["memory".to_string()];
        let mut e = stamped(
            "2026-09-02T07:58:10.251Z [error] [github] Connection failed: spawn npx ENOENT",
            Shape::Mcp,
        );
        assert!(!keep(&mut e, FileKind::Mcp, "", true, &only, &known));
    }
}
