//! Doctor's "What the app recorded": per server of the file, the app's
//! last outcome (its logs, `app::logs`) beside mcpctl's launch (`probe`),
//! with a plain sentence where they disagree; the servers the app has not
//! started since the file last changed; the servers the app logged that
//! the file no longer has; and what else the app refused (the Cowork/Code
//! lane, tool schemas).
//!
//! Notes only: the logs tell what happened in the app's past runs,
//! doctor's verdicts what the file and the machine do now, so this section
//! never changes the exit code. Pure: the logs read, each server's launch
//! and the file's time in; the model (docs/json/doctor.md, `app_recorded`)
//! out. Quoted text is masked when the doctor report is built
//! ([`AppRecorded::shown`]).

use std::path::Path;

use serde::Serialize;

use crate::app::logs::{
    LaneOutcome, LaneState, LogsReport, Session, Time, Unreadable, UnreadableServer, mask_secrets,
};
use crate::codes::Code;
use crate::machine::Finding;
use crate::platform::HostEnv;
use crate::platform::launch::APP_PATH_OVERRIDE;
use crate::probe::{Lane, ProbeReport, Verdict};

/// The section's model: `app_recorded` in docs/json/doctor.md.
#[derive(Debug, Clone, Serialize)]
pub struct AppRecorded {
    /// The logs folder read; null when none exists.
    pub logs_dir: Option<String>,
    /// Why that folder (or why none).
    pub reason: String,
    /// Other logs folders that exist (not read).
    pub other_dirs: Vec<String>,
    /// Why the logs could not be read; null when they were.
    pub error: Option<String>,
    /// Files of the folder that could not be read: skipped, the others
    /// read (`mcpctl logs --json`'s `unreadable`). Omitted when none, so
    /// the document is as it was for a folder read whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// When the config file last changed.
    pub config_changed_at: Option<Time>,
    /// The app's last start of any server in the logs read.
    pub last_start: Option<Time>,
    /// One per server of the file, in file order.
    pub servers: Vec<Recorded>,
    /// Servers of the app's last launch that the file no longer has.
    pub not_in_file: Vec<Recorded>,
}

/// One server: what the app recorded, what mcpctl found, what it means.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub name: String,
    /// The app's last session of it; null when the logs read have none.
    pub app: Option<AppRun>,
    /// mcpctl's launch; null with `--no-launch` (or no command).
    pub mcpctl: Option<McpctlRun>,
    /// No session in the logs read and its own log file
    /// (`mcp-server-NAME.log`) could not be read: whether the app started
    /// it is unknown, so no note says it did not. Omitted otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_unreadable: Option<Unreadable>,
    /// Notes (`app-*` codes) saying what the two together mean.
    pub findings: Vec<Finding>,
}

/// The app's last session, in short (`mcpctl logs NAME` has it all).
#[derive(Debug, Clone, Serialize)]
pub struct AppRun {
    pub started_at: Option<Time>,
    pub chat: LaneOutcome,
    pub cowork: LaneOutcome,
    /// The era verdict (`modern`, `legacy`), when logged.
    pub era: Option<String>,
    /// The command the app logged it ran.
    pub command: Option<String>,
    /// The PATH the app logged giving it (joined with the OS's separator).
    pub path: Option<String>,
    pub built_in_node: bool,
    /// `TOOL (outputSchema)` per refused tool schema.
    pub tool_schema_refusals: Vec<String>,
    /// The file it was read from.
    pub source: String,
}

/// mcpctl's launch of the same server, in short.
#[derive(Debug, Clone, Serialize)]
pub struct McpctlRun {
    /// Every lane checked is ok.
    pub ok: bool,
    /// The chat copy's verdict.
    pub verdict: Verdict,
    /// The Cowork/Code copy's verdict; None when that lane was not checked.
    pub cowork: Option<Verdict>,
    pub resolved_command: Option<String>,
    /// The launch used the PATH the app logged (`--app-path-from-logs`).
    pub path_from_logs: bool,
}

/// A server of the file, and mcpctl's launch of it.
pub struct FileServer<'a> {
    pub name: String,
    /// The entry has a command: the app starts only those (a `url` entry
    /// is skipped, and its diagnostic says so).
    pub has_command: bool,
    /// mcpctl's launch; None with `--no-launch` or without a command.
    pub probe: Option<&'a ProbeReport>,
}

/// What the section is built from.
pub struct Inputs<'a> {
    /// The logs read, or why they could not be.
    pub logs: Result<&'a LogsReport, String>,
    /// The file's servers, one per name, in file order.
    pub servers: &'a [FileServer<'a>],
    /// When the config file last changed.
    pub changed_at: Option<Time>,
    /// The file the app itself reads, when the checked one is another
    /// (`--config`).
    pub app_reads: Option<&'a Path>,
    /// Installed Desktop Extensions, by id and name: the app logs them too.
    pub extensions: &'a [String],
    pub host: &'a HostEnv,
    /// The PATH an app launch gets from the OS profile (or
    /// `MCPCTL_APP_PATH`), when not the logged one.
    pub profile_path: &'a str,
}

impl AppRecorded {
    pub fn new(i: &Inputs<'_>) -> AppRecorded {
        let mut r = AppRecorded {
            logs_dir: None,
            reason: String::new(),
            other_dirs: Vec::new(),
            error: None,
            unreadable: Vec::new(),
            config_changed_at: i.changed_at,
            last_start: None,
            servers: Vec::new(),
            not_in_file: Vec::new(),
        };
        let logs = match &i.logs {
            Ok(l) => *l,
            Err(e) => {
                r.error = Some(e.clone());
                return r;
            }
        };
        let loc = &logs.location;
        r.logs_dir = loc.chosen.as_ref().map(|c| c.path.display().to_string());
        r.reason = loc.reason.clone();
        r.other_dirs = loc
            .others
            .iter()
            .map(|o| o.path.display().to_string())
            .collect();
        r.unreadable = logs.sessions.unreadable.clone();
        let sessions = &logs.sessions.servers;
        r.last_start = sessions.iter().filter_map(|s| s.started_at).max();
        let ctx = Ctx {
            i,
            last_start: r.last_start,
            have_logs: r.logs_dir.is_some(),
            unreadable_servers: &logs.sessions.unreadable_servers,
        };
        r.servers = i
            .servers
            .iter()
            .map(|f| {
                let s = sessions.iter().find(|s| s.server == f.name);
                ctx.judge(f, s)
            })
            .collect();
        r.not_in_file = sessions
            .iter()
            .filter(|s| !i.servers.iter().any(|f| f.name == s.server))
            .filter(|s| {
                !i.extensions
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(&s.server))
            })
            .map(|s| ctx.removed(s))
            .collect();
        r
    }

    /// The section as shown: every quoted text (the app's reasons, the
    /// logged command and PATH) masked unless `show`.
    pub fn shown(&self, secrets: &[String], show: bool) -> AppRecorded {
        let mut r = self.clone();
        if show || secrets.is_empty() {
            return r;
        }
        let m = |t: &mut String| *t = mask_secrets(t, secrets).into_owned();
        for x in r.servers.iter_mut().chain(r.not_in_file.iter_mut()) {
            for f in &mut x.findings {
                m(&mut f.message);
                if let Some(h) = &mut f.hint {
                    m(h);
                }
            }
            if let Some(a) = &mut x.app {
                for lane in [&mut a.chat, &mut a.cowork] {
                    if let Some(reason) = &mut lane.reason {
                        m(reason);
                    }
                }
                a.command.iter_mut().for_each(m);
                a.path.iter_mut().for_each(m);
            }
        }
        r
    }

    /// How many notes the section holds.
    pub fn notes(&self) -> usize {
        self.servers
            .iter()
            .chain(&self.not_in_file)
            .map(|x| x.findings.len())
            .sum()
    }
}

struct Ctx<'a> {
    i: &'a Inputs<'a>,
    last_start: Option<Time>,
    have_logs: bool,
    /// Servers with no session whose own log file could not be read.
    unreadable_servers: &'a [UnreadableServer],
}

/// The app's words for a lane's end, or what its state means.
fn reason(o: &LaneOutcome) -> String {
    o.reason.clone().unwrap_or_else(|| match o.state {
        LaneState::Failed => "failed".into(),
        LaneState::Disconnected => "disconnected".into(),
        _ => "no reason logged".into(),
    })
}

/// `spawn npx ENOENT` → `npx`.
fn enoent_command(reason: &str) -> Option<&str> {
    let rest = &reason[reason.find("spawn ")? + 6..];
    let end = rest.find(" ENOENT")?;
    Some(rest[..end].trim()).filter(|c| !c.is_empty())
}

fn run_of(s: &Session, host: &HostEnv) -> AppRun {
    AppRun {
        started_at: s.started_at,
        chat: s.lanes.chat.clone(),
        cowork: s.lanes.cowork.clone(),
        era: s.era.as_ref().map(|e| e.verdict.clone()),
        command: s.command.as_ref().map(|c| c.command.clone()),
        path: s
            .command
            .as_ref()
            .and_then(|c| crate::app::logs::logged_path(c, host.os)),
        built_in_node: s.built_in_node,
        tool_schema_refusals: s
            .tool_schema_refusals
            .iter()
            .map(|r| format!("{} ({})", r.tool.as_deref().unwrap_or("a tool"), r.schema))
            .collect(),
        source: s.source.display().to_string(),
    }
}

impl Ctx<'_> {
    fn restart_hint(&self) -> String {
        let mut h = "quit Claude Desktop completely (not just its window) and reopen it: it reads \
                     the config only when it starts"
            .to_string();
        if let Some(f) = self.i.app_reads {
            h.push_str(&format!(
                "; note that it reads {}, not this file",
                f.display()
            ));
        }
        h
    }

    fn judge(&self, f: &FileServer<'_>, s: Option<&Session>) -> Recorded {
        let (name, p) = (&f.name, f.probe);
        let mut findings = Vec::new();
        let changed = self.i.changed_at;
        let log_unreadable = s
            .is_none()
            .then(|| self.unreadable_servers.iter().find(|u| u.server == *name))
            .flatten()
            .map(|u| u.file.clone());
        match s {
            // no logs to compare with; an entry without a command the app
            // never starts (its diagnostic says so); its own log could not
            // be read (the app may well have started it: the section names
            // the file)
            None if !self.have_logs || !f.has_command || log_unreadable.is_some() => {}
            None => findings.push(self.not_started(changed)),
            Some(s) => {
                let stale = s.started_at.zip(changed).is_some_and(|(st, ch)| st < ch);
                if stale {
                    let (mut started, mut edited) = (
                        s.started_at.map(Time::utc_text).unwrap_or_default(),
                        changed.map(Time::utc_text).unwrap_or_default(),
                    );
                    if started == edited {
                        // within one second: the milliseconds tell them apart
                        started = s.started_at.map(Time::rfc3339).unwrap_or_default();
                        edited = changed.map(Time::rfc3339).unwrap_or_default();
                    }
                    findings.push(
                        Finding::new(
                            Code::AppNotRestarted,
                            format!(
                                "the app last started it at {started}, before the file last \
                                 changed ({edited}): it may be running an older entry, or none"
                            ),
                        )
                        .hint(self.restart_hint()),
                    );
                } else if let Some(p) = p {
                    findings.extend(self.outcome_differs(s, p));
                    findings.extend(cowork_differs(s, p));
                    findings.extend(self.command_differs(s, p));
                }
                if !stale {
                    findings.extend(lane_failed(s, p));
                    findings.extend(schemas_refused(s));
                }
            }
        }
        Recorded {
            name: name.to_string(),
            app: s.map(|s| run_of(s, self.i.host)),
            log_unreadable,
            mcpctl: p.map(|p| McpctlRun {
                ok: p.ok,
                verdict: p.verdict,
                cowork: p.lanes.get(Lane::Cowork).map(|l| l.verdict),
                resolved_command: p.resolved_command.clone(),
                path_from_logs: p.app_path.is_some(),
            }),
            findings,
        }
    }

    /// In the file, no session in the logs read.
    fn not_started(&self, changed: Option<Time>) -> Finding {
        if let (Some(ch), Some(last)) = (changed, self.last_start)
            && last >= ch
        {
            let hint = match self.i.app_reads {
                Some(f) => format!(
                    "Claude Desktop reads {}, not this file: add the server there",
                    f.display()
                ),
                None => "check that the entry has a \"command\" (the app skips remote `url` \
                         entries) and that no admin policy turns local servers off; the app's \
                         main.log may say why"
                    .to_string(),
            };
            return Finding::new(
                Code::AppSkippedServer,
                format!(
                    "not started at the app's last launch ({}), which came after the file last \
                     changed ({})",
                    last.utc_text(),
                    ch.utc_text()
                ),
            )
            .hint(hint);
        }
        let message = match changed {
            Some(ch) => format!(
                "the app has not started it since the file last changed ({})",
                ch.utc_text()
            ),
            None => "the app's logs have no start of it".to_string(),
        };
        Finding::new(Code::AppNotRestarted, message).hint(self.restart_hint())
    }

    /// The app failed it and mcpctl's launch passes, or the other way round.
    fn outcome_differs(&self, s: &Session, p: &ProbeReport) -> Option<Finding> {
        let chat = &s.lanes.chat;
        let at = chat
            .at
            .or(s.started_at)
            .map(Time::utc_text)
            .unwrap_or_default();
        let logged = run_of(s, self.i.host).path;
        let override_set = self.i.host.var(APP_PATH_OVERRIDE).is_some();
        // the PATH mcpctl's launch got, when it was not the logged one
        let other_path = p.app_path.is_none()
            && logged
                .as_deref()
                .is_some_and(|l| !l.is_empty() && l != self.i.profile_path);
        let not_logged_path = if override_set {
            "MCPCTL_APP_PATH is set and wins over the PATH the app logged: unset it to launch \
             as the app does"
        } else {
            "run doctor without --app-path-from-logs=false: mcpctl then launches with the PATH \
             the app logged"
        };
        if chat.state == LaneState::Failed && p.chat_ok() {
            let why = reason(chat);
            let mut msg = format!("the app failed it at {at} with `{why}`; ");
            let cmd = enoent_command(&why);
            match (cmd, &p.resolved_command) {
                (Some(c), Some(r)) => msg.push_str(&format!(
                    "launched with the app's environment mcpctl finds `{c}` at {r}"
                )),
                _ => msg.push_str("mcpctl's launch with the app's environment passes"),
            }
            let hint = if p.app_path.is_some() {
                msg.push_str(", on the very PATH the app logged");
                format!(
                    "the PATH is not the difference: was it installed or fixed after {at}? \
                     restart the app, then check `mcpctl logs {}`",
                    s.server
                )
            } else if other_path {
                msg.push_str(&format!(
                    ": the app's PATH differs, it logged PATH={}",
                    logged.as_deref().unwrap_or_default()
                ));
                match (cmd, &p.resolved_command) {
                    (Some(_), Some(r)) => format!(
                        "set \"command\" to {r} (or add its folder to the entry's env PATH); {not_logged_path}"
                    ),
                    _ => not_logged_path.to_string(),
                }
            } else {
                format!(
                    "restart the app: what mcpctl sees now may be newer than the app's try; \
                     `mcpctl logs {}` shows the app's lines",
                    s.server
                )
            };
            return Some(Finding::new(Code::AppOutcomeDiffers, msg).hint(hint));
        }
        let worked = matches!(chat.state, LaneState::Connected | LaneState::Disconnected);
        if worked && !p.chat_ok() {
            let started = s.started_at.map(Time::utc_text).unwrap_or(at.clone());
            let mut msg = format!(
                "the app started it at {started} and it connected, but mcpctl's launch fails ({})",
                p.verdict.as_str()
            );
            let hint = if other_path {
                msg.push_str(&format!(
                    ": the app's PATH differs, it logged PATH={}",
                    logged.as_deref().unwrap_or_default()
                ));
                not_logged_path.to_string()
            } else if s.built_in_node {
                msg.push_str(": the app runs it with its built-in Node.js");
                "mcpctl launches the `node` it finds on the PATH; give the entry the Node the \
                 server needs (an absolute path to it)"
                    .to_string()
            } else {
                format!(
                    "something changed since {started}, or mcpctl's emulation misses what the \
                     app does: compare `mcpctl logs {0}` with `mcpctl test-launch {0}`",
                    s.server
                )
            };
            return Some(Finding::new(Code::AppOutcomeDiffers, msg).hint(hint));
        }
        None
    }

    /// The app logged an absolute program; mcpctl's launch resolved another.
    fn command_differs(&self, s: &Session, p: &ProbeReport) -> Option<Finding> {
        let logged = &s.command.as_ref()?.command;
        let resolved = p.resolved_command.as_ref()?;
        if !crate::paths::is_absolute(self.i.host.os.path_style(), logged) {
            return None;
        }
        let same = if self.i.host.os == crate::platform::Os::Windows {
            logged.eq_ignore_ascii_case(resolved)
        } else {
            logged == resolved
        };
        if same {
            return None;
        }
        let (what, hint) = if s.built_in_node {
            (
                " (its built-in Node.js)",
                "the app runs Node servers with its own Node.js: a server that needs another \
                 Node version behaves differently there"
                    .to_string(),
            )
        } else {
            (
                "",
                format!(
                    "the PATH the app gave it finds another program first: compare `mcpctl logs \
                     {0}` with `mcpctl test-launch {0}`",
                    s.server
                ),
            )
        };
        Some(
            Finding::new(
                Code::AppCommandDiffers,
                format!("the app ran {logged}{what}; mcpctl's launch resolved {resolved}"),
            )
            .hint(hint),
        )
    }

    /// Logged by the app, not in the file.
    fn removed(&self, s: &Session) -> Recorded {
        let at = s.started_at.or(s.last_at);
        let after_change = at.zip(self.i.changed_at).is_some_and(|(a, ch)| a >= ch);
        let hint = if after_change {
            match self.i.app_reads {
                Some(f) => format!(
                    "the app started it after this file last changed: it reads {}",
                    f.display()
                ),
                None => "the app started it after this file last changed, so it comes from \
                         another config: a Desktop Extension, or the Claude-3p folder of \
                         custom-inference mode"
                    .to_string(),
            }
        } else {
            "removed or renamed since: the app drops it when it next starts".to_string()
        };
        let when = at
            .map(|t| format!(" at {}", t.utc_text()))
            .unwrap_or_default();
        Recorded {
            name: s.server.clone(),
            app: Some(run_of(s, self.i.host)),
            mcpctl: None,
            log_unreadable: None,
            findings: vec![
                Finding::new(
                    Code::AppLoggedNotInFile,
                    format!("the app started it{when}, but the file has no such entry now"),
                )
                .hint(hint),
            ],
        }
    }
}

/// The app's Cowork/Code copy connected, and mcpctl's copy for that lane
/// fails (the other way round is said by [`lane_failed`]).
fn cowork_differs(s: &Session, p: &ProbeReport) -> Option<Finding> {
    let app = &s.lanes.cowork;
    let mine = p.lanes.get(Lane::Cowork).filter(|l| !l.ok)?;
    if !matches!(app.state, LaneState::Connected | LaneState::Disconnected) {
        return None;
    }
    let at = app
        .at
        .map(|t| format!(" at {}", t.utc_text()))
        .unwrap_or_default();
    Some(
        Finding::new(
            Code::AppOutcomeDiffers,
            format!(
                "the app started its Cowork/Code copy{at} and it connected, but mcpctl's copy \
                 for that lane fails ({})",
                mine.verdict.as_str()
            ),
        )
        .hint(
            "something changed since the app's start, or the two copies raced differently: \
             `mcpctl test-launch` says what mcpctl's copy met",
        ),
    )
}

/// The app could not start the Cowork/Code copy; `p`, mcpctl's launch
/// when it checked that lane and its copy passed, is said beside it.
fn lane_failed(s: &Session, p: Option<&ProbeReport>) -> Option<Finding> {
    let o = &s.lanes.cowork;
    if o.state != LaneState::Failed {
        return None;
    }
    let passes = p
        .and_then(|p| p.lanes.get(Lane::Cowork))
        .is_some_and(|l| l.ok);
    let mine = if passes {
        " (mcpctl's copy for that lane starts now: a second copy that depends on timing, \
         a lock or a port the first holds, may pass one try and fail the next)"
    } else {
        ""
    };
    let at =
        o.at.map(|t| format!(" at {}", t.utc_text()))
            .unwrap_or_default();
    Some(
        Finding::new(
            Code::AppLaneFailed,
            format!(
                "the app could not start it for Cowork and Code sessions{at}: {}{mine}",
                reason(o)
            ),
        )
        .hint(
            "those sessions run their own copy of the server beside the chat one: a server \
             that cannot run twice (a lock, a port, an OAuth callback) or that fails the era \
             probe breaks there; chat is not affected",
        ),
    )
}

fn schemas_refused(s: &Session) -> Option<Finding> {
    let r = &s.tool_schema_refusals;
    if r.is_empty() {
        return None;
    }
    let tools: Vec<String> = r
        .iter()
        .map(|x| format!("{} ({})", x.tool.as_deref().unwrap_or("a tool"), x.schema))
        .collect();
    Some(
        Finding::new(
            Code::AppToolSchemaRefused,
            format!(
                "the app refused {}: {}",
                crate::text::plural(r.len(), "tool schema"),
                tools.join(", ")
            ),
        )
        .hint(
            "nothing to change in your config: the server sends these schemas; update it to a \
             version that emits JSON Schema 2020-12, or report it to its author. For its author: \
             clients on the v2 MCP TypeScript SDK accept JSON Schema 2020-12 only: drop the \
             draft-07 \"$schema\" from outputSchema (zod-to-json-schema adds it) and give every \
             inputSchema \"type\": \"object\"",
        ),
    )
}

#[cfg(test)]
pub(crate) mod tests;
