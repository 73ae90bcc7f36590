//! What Claude Desktop itself recorded about each server: its logs folder,
//! read from the end with bounded memory, parsed into typed events and
//! folded into each server's *last app session* (issue 11). The engine of
//! `mcpctl logs` and of doctor's "What the app recorded"; no output here.
//!
//! Pipeline: [`folder`] (where, per OS, newest wins) → [`files`] (which
//! files, rotations chained) → [`reverse`] (lines from the end, in blocks)
//! → [`line`](mod@line) (stamp, level, server, metadata) → [`event`] (what the line
//! says; [`message`] for JSON-RPC bodies, [`inspect`] for the app's
//! `util.inspect` metadata) → [`scan`] (when to stop) → [`session`] (the
//! fold). [`follow`] reads appended lines with the same parsing; [`raw`]
//! streams one session's lines as written; [`mask`] hides secrets in
//! quoted lines.
//!
//! # Design note for the integration pass (command, doctor, probe)
//!
//! The API the command layer calls:
//!
//! ```text
//! let opts = ReadOptions { names: config_names, since, ..ReadOptions::default() };
//! let report = logs::read(&host, &RealLogFs, &opts)?;    // LogsReport, serde = docs/json/logs.md
//! for s in &report.servers { s.lanes.chat.state, s.command, s.era, s.stderr_tail, ... }
//! report.not_found                                         // named, never started in the logs read
//! report.unreadable_servers                                // named, no session: their own log unreadable
//! mask_secrets(&line, &env_values)                         // before printing any quoted text
//! ```
//!
//! - `mcpctl logs [NAME...]`: `names` = the config's server names (the scan
//!   then also finds a quiet server started days before a noisy one);
//!   print `report.servers` filtered by NAME. `--since D`:
//!   `since = Time::before(SystemTime::now(), D)`. `--json`: serialize the
//!   report after masking (`Entry::text`, `stderr_tail`, `command.args`).
//! - `--raw`: stream the file from `Session::start_offset` of
//!   `Session::source` with [`follow::Follower::new`] (bounded polls), and
//!   print each entry's `text` whose `server` matches.
//! - `--follow`: one [`Follower::at_end`] per file of interest (mcp.log and
//!   each mcp-server-NAME.log, `Shape::Mcp` / `Shape::Server`); poll every
//!   ~250 ms; on `Batch::restarted` print a note; `Batch::more` means poll
//!   again at once. Ctrl-C: `flush()` then exit.
//! - doctor, "What the app recorded": per config server, `report.servers`
//!   by name beside the probe verdict. Disagreement sentences use
//!   `lanes.chat` (`failed` + `reason` + `at`) and `command.path`. "Not
//!   started since the file last changed": the config file's mtime against
//!   `started_at` (or `not_found`). "Logged, no longer in the file": a
//!   session whose name is not in the config.
//! - Local time: `ReadOptions::default()` converts main.log stamps with
//!   [`time::system_local_offset`]; tests inject [`time::utc`].
//!
//! How the probe can take the logged PATH (issue part 3): the probe's
//! launch environment comes from the OS profile (`probe::env`). When
//! `--app-path-from-logs` is on (default) and the server's last session has
//! `command.path` non-empty, the command layer builds the PATH string with
//! `path.join(host.os.path_separator())` and passes it as an override to
//! the profile (one new optional field on the launch spec, e.g.
//! `LaunchEnv::path_override: Option<(String, Provenance)>`), and the
//! verdict says "PATH as the app logged it at <started_at>". The lookup of
//! the command (`which` with an explicit PATH) then uses that PATH too.
//! `command.command` (the absolute path the app resolved) is a second
//! check: if the probe resolves a different binary, say so. Keep the
//! coupling in `commands/`: `app::logs` must not import `probe`.

use std::io;
use std::path::Path;

pub mod event;
pub mod files;
pub mod folder;
pub mod follow;
pub mod inspect;
pub mod line;
pub mod mask;
pub mod message;
pub mod raw;
pub mod reverse;
pub mod scan;
pub mod session;
pub mod time;

pub use event::{Entry, Event, Lane, LaunchCommand};
pub use files::{FileKind, Unreadable};
pub use folder::{Folder, LogFolders, LogFs, RealLogFs, locate};
pub use follow::{Batch, Follower, Restart};
pub use line::{Level, Shape};
pub use mask::{logged_secrets, mask_entry, mask_secrets};
pub use scan::FileRead;
pub use session::{EraVerdict, LaneOutcome, LaneState, Lanes, MessageStats, Refusal, Session};
pub use time::{LocalOffset, Time};

use crate::platform::HostEnv;
use files::Chain;
use scan::{
    LAUNCH_WINDOW_MS, Limits, MainVisitor, McpVisitor, ServerVisitor, resolve_server, scan_chain,
};

/// How much to read and what to look for.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The servers wanted (the config's names). Their last sessions are
    /// searched however far back they are; servers not named are reported
    /// when they belong to the app's last launch. Empty: every server of
    /// the last launch.
    pub names: Vec<String>,
    /// Ignore lines older than this (`--since`).
    pub since: Option<Time>,
    /// Stderr lines kept per server.
    pub stderr_lines: usize,
    /// Most bytes read per file chain (mcp.log and rotations, each
    /// per-server file, main.log).
    pub budget: u64,
    /// The zone of main.log's local stamps.
    pub local_offset: LocalOffset,
    /// Read block and longest line kept whole.
    pub block: usize,
    pub max_line: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            names: Vec::new(),
            since: None,
            stderr_lines: 20,
            budget: 512 * 1024 * 1024,
            local_offset: time::system_local_offset,
            block: reverse::BLOCK,
            max_line: reverse::MAX_LINE,
        }
    }
}

/// `mcpctl logs --json`: where the logs are, what was read, and each
/// server's last session. Shape documented in docs/json/logs.md.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogsReport {
    pub location: LogFolders,
    #[serde(flatten)]
    pub sessions: Sessions,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sessions {
    pub since: Option<Time>,
    /// Every file read, and how much of it.
    pub files: Vec<FileRead>,
    /// Files named like logs that could not be read: skipped, the others
    /// read.
    pub unreadable: Vec<Unreadable>,
    /// Named servers first (in the order given), then the others by name.
    pub servers: Vec<Session>,
    /// Named servers with no session in the logs read (and whose own
    /// log file was not one that could not be read).
    pub not_found: Vec<String>,
    /// Named servers with no session in the logs read whose own log file
    /// (`mcp-server-NAME.log`) could not be read: the app may well have
    /// started them, so they are not in `not_found`.
    pub unreadable_servers: Vec<UnreadableServer>,
}

/// A server asked for with no session in the logs read, whose own log
/// file is in [`Sessions::unreadable`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnreadableServer {
    pub server: String,
    /// Its own log file that could not be read (the live one first, when
    /// several), as in `unreadable`.
    #[serde(flatten)]
    pub file: Unreadable,
}

/// Locate the logs and read the last sessions.
pub fn read(host: &HostEnv, fs: &dyn LogFs, opts: &ReadOptions) -> io::Result<LogsReport> {
    let location = locate(host, fs);
    let sessions = match &location.chosen {
        Some(f) => read_folder(&f.path, opts)?,
        None => Sessions {
            since: opts.since,
            not_found: opts.names.clone(),
            ..Sessions::default()
        },
    };
    Ok(LogsReport { location, sessions })
}

/// Two sessions of one server from two files are the same session when
/// their starts are this close.
const SAME_SESSION_MS: i64 = 5_000;
/// A main.log stamp (local, whole seconds) may precede the session's start
/// by this much and still belong to it.
const MAIN_SLACK_MS: i64 = 2_000;

/// Read the last sessions from one logs folder. An error only when the
/// folder cannot be listed: a file of it that cannot be read is skipped
/// and named in [`Sessions::unreadable`] (each file is a log of its own;
/// none is needed to read the others).
pub fn read_folder(dir: &Path, opts: &ReadOptions) -> io::Result<Sessions> {
    let files::Listing {
        chains,
        mut unreadable,
    } = files::list_all(dir)?;
    let limits = Limits {
        offset: opts.local_offset,
        block: opts.block,
        max_line: opts.max_line,
    };
    let mut reads = Vec::new();

    // every server, from mcp.log and its rotations
    let mut mcp = McpVisitor::new(&opts.names, opts.since, opts.stderr_lines);
    let mcp_chain = chains.iter().find(|c| c.kind == FileKind::Mcp);
    if let Some(chain) = mcp_chain {
        let mut budget = opts.budget;
        scan_chain(
            chain,
            Shape::Mcp,
            &limits,
            &mut budget,
            &mut mcp,
            &mut reads,
            &mut unreadable,
        );
    }
    let mut from_mcp = mcp.finish();
    let starts: Vec<Time> = from_mcp.iter().filter_map(|s| s.started_at).collect();
    let cutoff = last_launch(&starts).map(|t| t.plus_ms(-LAUNCH_WINDOW_MS));
    // servers not asked for count when they belong to the last launch
    from_mcp.retain(|s| {
        opts.names.contains(&s.server)
            || cutoff.is_none_or(|c| s.started_at.or(s.last_at).is_some_and(|t| t >= c))
    });

    // each server's own file (`mcp-server-py3.12.log` is the server
    // `py3.12` when the config or mcp.log names one)
    let mut known: Vec<&str> = opts.names.iter().map(String::as_str).collect();
    known.extend(from_mcp.iter().map(|s| s.server.as_str()));
    let server_chains = files::split_named(
        chains
            .iter()
            .filter(|c| c.kind == FileKind::Server)
            .cloned()
            .collect(),
        &known,
    );
    let mut from_servers = Vec::new();
    for chain in &server_chains {
        let named = opts
            .names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&chain.stem));
        let newest = chain.files.first().and_then(|f| f.modified);
        if !named && mcp_chain.is_some() && cutoff.is_some_and(|c| newest.is_some_and(|m| m < c)) {
            continue; // written before the last launch: an old server
        }
        if let Some(s) = read_server_chain(chain, opts, &limits, &mut reads, &mut unreadable) {
            from_servers.push(s);
        }
    }

    let mut servers = combine(from_mcp, from_servers, opts, cutoff, mcp_chain.is_some());

    // the Cowork/Code lane's errors that only main.log holds
    if let Some(chain) = chains.iter().find(|c| c.kind == FileKind::Main) {
        let oldest = servers.iter().filter_map(|s| s.started_at).min();
        if let Some(oldest) = oldest {
            let since = opts.since.map_or(oldest, |s| s.max(oldest));
            let mut main = MainVisitor::new(Some(since.plus_ms(-2 * 60_000)));
            let mut budget = opts.budget;
            scan_chain(
                chain,
                Shape::Main,
                &limits,
                &mut budget,
                &mut main,
                &mut reads,
                &mut unreadable,
            );
            let source = chain
                .files
                .first()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            attach_main(&mut servers, &opts.names, main.found, &source);
        }
    }

    order(&mut servers, &opts.names);
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    // a name with no session whose own file could not be read is not
    // "not started": its lines may be in that file
    let mut not_found = Vec::new();
    let mut unreadable_servers = Vec::new();
    for n in &opts.names {
        if servers.iter().any(|s| &s.server == n) {
            continue;
        }
        // its live file first (`mcp-server-NAME.log`), then its rotations
        let live = format!("mcp-server-{n}.log");
        let own = unreadable
            .iter()
            .filter(|u| u.kind == FileKind::Server && u.is_of_server(n))
            .min_by_key(|u| {
                !u.path
                    .file_name()
                    .is_some_and(|f| f.to_string_lossy().eq_ignore_ascii_case(&live))
            });
        match own {
            Some(u) => unreadable_servers.push(UnreadableServer {
                server: n.clone(),
                file: u.clone(),
            }),
            None => not_found.push(n.clone()),
        }
    }
    Ok(Sessions {
        since: opts.since,
        files: reads,
        unreadable,
        servers,
        not_found,
        unreadable_servers,
    })
}

fn read_server_chain(
    chain: &Chain,
    opts: &ReadOptions,
    limits: &Limits,
    reads: &mut Vec<FileRead>,
    unreadable: &mut Vec<Unreadable>,
) -> Option<Session> {
    let first = chain.files.first()?;
    let mut v = ServerVisitor::new(&chain.stem, opts.since, opts.stderr_lines, &first.path);
    let mut budget = opts.budget;
    scan_chain(
        chain,
        Shape::Server,
        limits,
        &mut budget,
        &mut v,
        reads,
        unreadable,
    );
    v.finish()
}

/// Pair each server's session from its own file with the one from
/// mcp.log: the same session merges (the per-server file leads: it has the
/// stderr), different ones keep the newer.
fn combine(
    from_mcp: Vec<Session>,
    from_servers: Vec<Session>,
    opts: &ReadOptions,
    cutoff: Option<Time>,
    have_mcp: bool,
) -> Vec<Session> {
    let mut out = from_mcp;
    for s in from_servers {
        match out.iter_mut().find(|m| m.server == s.server) {
            Some(m) => {
                let old = std::mem::replace(m, s);
                pick(m, old);
            }
            None => {
                let named = opts.names.contains(&s.server);
                let recent = !have_mcp
                    || cutoff.is_none()
                    || s.started_at
                        .or(s.last_at)
                        .zip(cutoff)
                        .is_some_and(|(t, c)| t >= c);
                if named || recent {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// `primary` (from the server's own file) and `other` (from mcp.log):
/// merge when they are one session, else keep the newer in `primary`.
fn pick(primary: &mut Session, other: Session) {
    let same = match (primary.started_at, other.started_at) {
        (Some(a), Some(b)) => (a.unix_ms() - b.unix_ms()).abs() <= SAME_SESSION_MS,
        (Some(a), None) => other.last_at.is_some_and(|l| l >= a),
        (None, Some(b)) => primary.last_at.is_some_and(|l| l >= b),
        (None, None) => true,
    };
    if same {
        merge(primary, other);
    } else if other.started_at > primary.started_at {
        *primary = other;
    }
}

fn merge(primary: &mut Session, other: Session) {
    if other.source != primary.source && !primary.also_from.contains(&other.source) {
        primary.also_from.push(other.source.clone());
    }
    for e in other.events {
        let dup = primary.events.iter().any(|p| {
            p.event == e.event
                && p.lane == e.lane
                && p.at
                    .zip(e.at)
                    .is_some_and(|(a, b)| (a.unix_ms() - b.unix_ms()).abs() <= 50)
        });
        if !dup {
            primary.events.push(e);
        }
    }
    primary.events.sort_by_key(|e| e.at);
    if primary.stderr_tail.is_empty() {
        primary.stderr_tail = other.stderr_tail;
    }
    let (a, b) = (primary.messages, other.messages);
    primary.messages = MessageStats {
        from_client: a.from_client.max(b.from_client),
        from_server: a.from_server.max(b.from_server),
        errors: a.errors.max(b.errors),
        last_at: a.last_at.max(b.last_at),
    };
    if !primary.complete && other.complete {
        primary.complete = true;
        primary.started_at = other.started_at;
    }
    primary.last_at = primary.last_at.max(other.last_at);
    primary.fold();
}

/// Add main.log's lane lines to the sessions they belong to.
fn attach_main(servers: &mut [Session], names: &[String], found: Vec<Entry>, source: &Path) {
    let known: Vec<String> = servers
        .iter()
        .map(|s| s.server.clone())
        .chain(names.iter().cloned())
        .collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let mut touched = vec![false; servers.len()];
    for mut e in found {
        let Some(name) = resolve_server(&e.text, &known) else {
            continue;
        };
        let Some(i) = servers.iter().position(|s| s.server == name) else {
            continue;
        };
        let s = &servers[i];
        let belongs = match (s.started_at, e.at) {
            (Some(start), Some(at)) => at >= start.plus_ms(-MAIN_SLACK_MS),
            _ => true,
        };
        let dup = s
            .events
            .iter()
            .any(|p| p.event == e.event && p.lane == e.lane);
        if belongs && !dup {
            e.server = Some(name);
            e.lane = Lane::Cowork;
            // the session's last line may be one of main.log's
            servers[i].last_at = servers[i].last_at.max(e.at);
            servers[i].events.push(e);
            touched[i] = true;
        }
    }
    for (s, t) in servers.iter_mut().zip(touched) {
        if t {
            s.events.sort_by_key(|e| e.at);
            if !s.also_from.iter().any(|p| p == source) && s.source.as_path() != source {
                s.also_from.push(source.to_path_buf());
            }
            s.fold();
        }
    }
}

/// When the app last launched: the earliest start of the densest group of
/// starts within [`LAUNCH_WINDOW_MS`] (the app starts every server within
/// seconds; a server restarted alone later, or a named server last started
/// days ago, does not move it). The latest group wins a tie.
fn last_launch(starts: &[Time]) -> Option<Time> {
    let mut v = starts.to_vec();
    v.sort();
    let mut best: Option<(usize, Time)> = None;
    for (i, &t) in v.iter().enumerate() {
        let n = v[i..]
            .iter()
            .take_while(|&&u| u <= t.plus_ms(LAUNCH_WINDOW_MS))
            .count();
        if best.is_none_or(|(b, _)| n >= b) {
            best = Some((n, t));
        }
    }
    best.map(|(_, t)| t)
}

/// Named servers in the order given, then the others by name.
fn order(servers: &mut [Session], names: &[String]) {
    servers.sort_by_key(|s| {
        let rank = names
            .iter()
            .position(|n| *n == s.server)
            .unwrap_or(usize::MAX);
        (rank, s.server.clone())
    });
}

/// The PATH the app gave a server, as one string for `host.os`.
pub fn logged_path(command: &LaunchCommand, os: crate::platform::Os) -> Option<String> {
    (!command.path.is_empty()).then(|| command.path.join(&os.path_separator().to_string()))
}

#[cfg(test)]
mod tests;
