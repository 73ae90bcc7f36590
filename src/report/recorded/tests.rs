//! The section's sentences, from logs written here and launches made up:
//! what a user reads when the app and mcpctl agree, disagree, or the app
//! has not seen the file yet.

use std::path::PathBuf;

use super::*;
use crate::app::logs::{self, Folder, LogFolders, ReadOptions};
use crate::platform::Os;

const PROFILE: &str = "/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin";

/// `mcp.log` of one launch at 2026-09-02 07:58: `github` fails to spawn
/// npx, `memory` connects with the built-in Node and later crashes,
/// `fs` connects and is refused by the Cowork/Code lane and for a tool
/// schema, `old` is a server the file no longer has.
const MCP_LOG: &str = r#"2026-09-02T07:58:10.240Z [info] [github] Initializing server... { metadata: undefined }
2026-09-02T07:58:10.243Z [info] [github] Using MCP server command: npx with args and path: { metadata: { args: [ '-y', '@modelcontextprotocol/server-github' ], paths: [ '/usr/local/bin', '/usr/bin', '/bin' ] } }
2026-09-02T07:58:10.251Z [error] [github] Connection failed: spawn npx ENOENT { metadata: undefined }
2026-09-02T07:58:10.266Z [info] [memory] Initializing server... { metadata: undefined }
2026-09-02T07:58:10.268Z [info] [memory] Using built-in Node.js for MCP server: memory { metadata: undefined }
2026-09-02T07:58:10.270Z [info] [memory] Using MCP server command: /Applications/Claude.app/Contents/Resources/node/bin/node with args and path: { metadata: { args: [ '/Users/ann/mcp/memory/dist/index.js' ], paths: [ '/usr/local/bin', '/usr/bin', '/bin' ] } }
2026-09-02T07:58:11.130Z [info] [memory] Message from client: method="initialize" id=0 params { metadata: undefined }
2026-09-02T07:58:11.301Z [info] [memory] Message from server: id=0 result { metadata: undefined }
2026-09-02T07:58:10.300Z [info] [fs] Initializing server... { metadata: undefined }
2026-09-02T07:58:11.460Z [info] [fs] Message from client: method="initialize" id=0 params { metadata: undefined }
2026-09-02T07:58:12.611Z [info] [fs] Message from server: id=0 result { metadata: undefined }
2026-09-02T07:58:41.702Z [error] [fs] Couldn't start this server for Cowork and Code sessions (they run their own copy of it), so they can't use its tools: Connection closed { metadata: { context: 'shared-pool', stack: undefined } }
2026-09-02T08:03:27.116Z [error] [fs] Tool 'list_directory' has an invalid outputSchema: JSON Schema declares an unsupported dialect { metadata: undefined }
2026-09-02T07:58:10.310Z [info] [old] Initializing server... { metadata: undefined }
2026-09-02T07:58:10.900Z [info] [old] Server started and connected successfully { metadata: undefined }
2026-09-02T09:15:51.873Z [info] [memory] Server transport closed unexpectedly, this is likely due to the process exiting early. { metadata: undefined }
"#;

/// 2026-09-02T07:00:00Z: before the launch.
fn before() -> Time {
    Time::from_unix_ms(1_788_332_400_000)
}

/// 2026-09-02T09:00:00Z: after the launch.
fn after() -> Time {
    Time::from_unix_ms(1_788_339_600_000)
}

fn read(names: &[&str]) -> LogsReport {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcp.log"), MCP_LOG).unwrap();
    let opts = ReadOptions {
        names: names.iter().map(|n| n.to_string()).collect(),
        local_offset: logs::time::utc,
        ..ReadOptions::default()
    };
    let sessions = logs::read_folder(dir.path(), &opts).unwrap();
    LogsReport {
        location: LogFolders {
            chosen: Some(Folder {
                path: PathBuf::from("/Users/ann/Library/Logs/Claude"),
                rule: "macos",
                exists: true,
                newest_file: Some("mcp.log".into()),
                newest_at: None,
            }),
            reason: "the macOS logs folder".into(),
            others: Vec::new(),
            looked_in: Vec::new(),
        },
        sessions,
    }
}

fn host(vars: &[(&str, &str)]) -> HostEnv {
    HostEnv::fake(Os::MacOs, Some("/Users/ann"), vars)
}

/// A launch with `verdict`, resolving `resolved`.
pub(crate) fn launch(name: &str, ok: bool, resolved: Option<&str>) -> ProbeReport {
    let spec = crate::probe::LaunchSpec {
        name: name.into(),
        command: "/nonexistent/x".into(),
        args: Vec::new(),
        env: Vec::new(),
        app_path: None,
    };
    let mut r = crate::probe::probe(
        &spec,
        &crate::probe::ProbeOptions {
            compare_shell: false,
            ..Default::default()
        },
        &host(&[]),
    );
    // the same verdicts on every OS, whatever spawning a missing file gives there
    r.ok = ok;
    r.verdict = if ok {
        Verdict::Ok
    } else {
        Verdict::CommandNotFound
    };
    for lane in &mut r.lanes.0 {
        lane.ok = ok;
        lane.verdict = r.verdict;
    }
    r.resolved_command = resolved.map(str::to_string);
    r
}

/// A launch whose chat copy passes and whose Cowork/Code copy fails.
pub(crate) fn cowork_fails(name: &str, verdict: Verdict) -> ProbeReport {
    let mut p = launch(name, true, None);
    p.ok = false;
    let cowork = p
        .lanes
        .0
        .iter_mut()
        .find(|l| l.lane == Lane::Cowork)
        .expect("the cowork lane is checked");
    cowork.ok = false;
    cowork.verdict = verdict;
    p
}

pub(crate) struct Case {
    pub(crate) logs: LogsReport,
    launches: Vec<(String, Option<ProbeReport>)>,
    changed_at: Option<Time>,
    app_reads: Option<PathBuf>,
    extensions: Vec<String>,
    host: HostEnv,
}

impl Case {
    pub(crate) fn new(servers: &[(&str, Option<ProbeReport>)]) -> Case {
        let names: Vec<&str> = servers.iter().map(|(n, _)| *n).collect();
        Case {
            logs: read(&names),
            launches: servers
                .iter()
                .map(|(n, p)| (n.to_string(), p.clone()))
                .collect(),
            changed_at: Some(before()),
            app_reads: None,
            extensions: Vec::new(),
            host: host(&[]),
        }
    }

    pub(crate) fn build(&self) -> AppRecorded {
        let launches: Vec<FileServer<'_>> = self
            .launches
            .iter()
            .map(|(n, p)| FileServer {
                name: n.clone(),
                has_command: true,
                probe: p.as_ref(),
            })
            .collect();
        AppRecorded::new(&Inputs {
            logs: Ok(&self.logs),
            servers: &launches,
            changed_at: self.changed_at,
            app_reads: self.app_reads.as_deref(),
            extensions: &self.extensions,
            host: &self.host,
            profile_path: PROFILE,
        })
    }
}

fn server<'a>(r: &'a AppRecorded, name: &str) -> &'a Recorded {
    r.servers
        .iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn codes(x: &Recorded) -> Vec<&'static str> {
    x.findings.iter().map(|f| f.code.id()).collect()
}

#[test]
fn the_app_failed_what_mcpctl_starts_because_its_path_differs() {
    let c = Case::new(&[(
        "github",
        Some(launch("github", true, Some("/opt/homebrew/bin/npx"))),
    )]);
    let r = c.build();
    let g = server(&r, "github");
    assert_eq!(codes(g), ["app-outcome-differs"]);
    let f = &g.findings[0];
    assert_eq!(
        f.message,
        "the app failed it at 2026-09-02 07:58:10 UTC with `spawn npx ENOENT`; launched with the \
         app's environment mcpctl finds `npx` at /opt/homebrew/bin/npx: the app's PATH differs, \
         it logged PATH=/usr/local/bin:/usr/bin:/bin"
    );
    let hint = f.hint.as_deref().unwrap();
    assert!(
        hint.starts_with("set \"command\" to /opt/homebrew/bin/npx (or add its folder"),
        "{hint}"
    );
    assert!(hint.contains("--app-path-from-logs=false"), "{hint}");
    let app = g.app.as_ref().unwrap();
    assert_eq!(app.chat.state, LaneState::Failed);
    assert_eq!(app.path.as_deref(), Some("/usr/local/bin:/usr/bin:/bin"));
    assert_eq!(r.last_start.unwrap().rfc3339(), "2026-09-02T07:58:10.310Z");
}

#[test]
fn on_the_very_path_the_app_logged_the_path_is_not_the_difference() {
    let mut p = launch("github", true, Some("/usr/local/bin/npx"));
    p.app_path = Some(crate::platform::launch::LoggedPath {
        path: "/usr/local/bin:/usr/bin:/bin".into(),
        logged_at: None,
        file: "mcp.log".into(),
    });
    let c = Case::new(&[("github", Some(p))]);
    let r = c.build();
    let g = server(&r, "github");
    assert!(g.mcpctl.as_ref().unwrap().path_from_logs);
    let f = &g.findings[0];
    assert!(
        f.message
            .ends_with("mcpctl finds `npx` at /usr/local/bin/npx, on the very PATH the app logged"),
        "{}",
        f.message
    );
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("installed or fixed after")
    );
}

#[test]
fn mcpctl_app_path_is_named_when_it_kept_the_logged_path_out() {
    let mut c = Case::new(&[(
        "github",
        Some(launch("github", true, Some("/opt/homebrew/bin/npx"))),
    )]);
    c.host = host(&[("MCPCTL_APP_PATH", "/opt/homebrew/bin")]);
    let r = c.build();
    let hint = server(&r, "github").findings[0].hint.clone().unwrap();
    assert!(hint.contains("MCPCTL_APP_PATH is set"), "{hint}");
}

#[test]
fn the_app_ran_it_with_its_built_in_node_where_mcpctl_fails() {
    let c = Case::new(&[(
        "memory",
        Some(launch("memory", false, Some("/usr/bin/node"))),
    )]);
    let r = c.build();
    let m = server(&r, "memory");
    assert_eq!(codes(m), ["app-outcome-differs", "app-command-differs"]);
    assert!(
        m.findings[0].message.starts_with(
            "the app started it at 2026-09-02 07:58:10 UTC and it connected, but mcpctl's launch \
             fails (command-not-found): the app's PATH differs"
        ),
        "{}",
        m.findings[0].message
    );
    assert_eq!(
        m.findings[1].message,
        "the app ran /Applications/Claude.app/Contents/Resources/node/bin/node (its built-in \
         Node.js); mcpctl's launch resolved /usr/bin/node"
    );
    assert_eq!(m.app.as_ref().unwrap().chat.state, LaneState::Disconnected);
}

#[test]
fn agreeing_outcomes_say_nothing_and_the_cowork_lane_and_schemas_are_noted() {
    let c = Case::new(&[("fs", Some(launch("fs", true, None)))]);
    let r = c.build();
    let f = server(&r, "fs");
    assert_eq!(codes(f), ["app-lane-failed", "app-tool-schema-refused"]);
    assert_eq!(
        f.findings[0].message,
        "the app could not start it for Cowork and Code sessions at 2026-09-02 07:58:41 UTC: \
         Connection closed (mcpctl's copy for that lane starts now: a second copy that depends \
         on timing, a lock or a port the first holds, may pass one try and fail the next)"
    );
    assert_eq!(
        f.findings[1].message,
        "the app refused 1 tool schema: list_directory (outputSchema)"
    );
}

#[test]
fn a_server_the_app_has_not_started_since_the_file_changed() {
    // the file changed after the app's last launch: restart it
    let mut c = Case::new(&[("github", None), ("weather", None)]);
    c.changed_at = Some(after());
    let r = c.build();
    let w = server(&r, "weather");
    assert_eq!(codes(w), ["app-not-restarted"]);
    assert_eq!(
        w.findings[0].message,
        "the app has not started it since the file last changed (2026-09-02 09:00:00 UTC)"
    );
    assert!(
        w.findings[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("quit Claude Desktop completely")
    );
    // a session older than the change is compared with nothing
    let g = server(&r, "github");
    assert_eq!(codes(g), ["app-not-restarted"]);
    assert!(
        g.findings[0]
            .message
            .contains("before the file last changed")
    );
    // within the same second, the milliseconds tell the two times apart
    let mut c = Case::new(&[("github", None)]);
    c.changed_at = Some(Time::from_unix_ms(1_788_335_890_740));
    let r = c.build();
    assert_eq!(
        server(&r, "github").findings[0].message,
        "the app last started it at 2026-09-02T07:58:10.240Z, before the file last changed \
         (2026-09-02T07:58:10.740Z): it may be running an older entry, or none"
    );
    // the app launched after the change but skipped it: it reads another file
    let mut c = Case::new(&[("github", None), ("weather", None)]);
    c.app_reads = Some(PathBuf::from(
        "/Users/ann/Library/Application Support/Claude/claude_desktop_config.json",
    ));
    let r = c.build();
    let w = server(&r, "weather");
    assert_eq!(codes(w), ["app-skipped-server"]);
    assert_eq!(
        w.findings[0].hint.as_deref(),
        Some(
            "Claude Desktop reads /Users/ann/Library/Application Support/Claude/claude_desktop_config.json, \
             not this file: add the server there"
        )
    );
}

#[test]
fn servers_the_app_logged_that_the_file_no_longer_has() {
    let mut c = Case::new(&[("github", None)]);
    c.changed_at = Some(after());
    let r = c.build();
    let names: Vec<&str> = r.not_in_file.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["fs", "memory", "old"]);
    let old = &r.not_in_file[2];
    assert_eq!(codes(old), ["app-logged-not-in-file"]);
    assert_eq!(
        old.findings[0].message,
        "the app started it at 2026-09-02 07:58:10 UTC, but the file has no such entry now"
    );
    assert!(
        old.findings[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("removed or renamed")
    );
    // a Desktop Extension is logged too: not a removed entry
    c.extensions = vec!["OLD".into(), "memory".into()];
    let r = c.build();
    let names: Vec<&str> = r.not_in_file.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["fs"]);
}

#[test]
fn without_logs_the_section_says_so_and_notes_nothing() {
    let mut c = Case::new(&[("github", None)]);
    c.logs.location.chosen = None;
    c.logs.location.reason = "no logs folder exists yet".into();
    c.logs.sessions = Default::default();
    let r = c.build();
    assert_eq!(r.logs_dir, None);
    assert_eq!(r.notes(), 0);
    let launches: Vec<FileServer<'_>> = Vec::new();
    let e = AppRecorded::new(&Inputs {
        logs: Err("permission denied".into()),
        servers: &launches,
        changed_at: None,
        app_reads: None,
        extensions: &[],
        host: &host(&[]),
        profile_path: PROFILE,
    });
    assert_eq!(e.error.as_deref(), Some("permission denied"));
}

#[test]
fn quoted_text_is_masked_unless_shown() {
    let c = Case::new(&[(
        "github",
        Some(launch("github", true, Some("/opt/homebrew/bin/npx"))),
    )]);
    let r = c.build();
    let secret = vec!["/usr/local/bin:/usr/bin".to_string()];
    let masked = r.shown(&secret, false);
    let g = server(&masked, "github");
    assert!(!g.findings[0].message.contains("/usr/local/bin:/usr/bin"));
    assert!(
        g.app
            .as_ref()
            .unwrap()
            .path
            .as_deref()
            .unwrap()
            .starts_with("****")
    );
    let shown = r.shown(&secret, true);
    assert!(
        server(&shown, "github").findings[0]
            .message
            .contains("/usr/local/bin:/usr/bin")
    );
}

/// The app's chat copy connected and its Cowork/Code copy failed; mcpctl
/// found the same (chat ok, its cowork copy failing): they agree, and
/// nothing says otherwise. When the app's cowork copy connected and
/// mcpctl's fails, that is said.
#[test]
fn a_failing_cowork_lane_on_both_sides_agrees() {
    let p = cowork_fails("fs", Verdict::EraProbeFailed);
    let c = Case::new(&[("fs", Some(p.clone()))]);
    let r = c.build();
    let f = server(&r, "fs");
    assert_eq!(codes(f), ["app-lane-failed", "app-tool-schema-refused"]);
    assert!(
        f.findings[0].message.ends_with("Connection closed"),
        "{}",
        f.findings[0].message
    );
    let m = f.mcpctl.as_ref().unwrap();
    assert_eq!(
        (m.ok, m.verdict, m.cowork),
        (false, Verdict::Ok, Some(Verdict::EraProbeFailed))
    );

    // the app's cowork copy connected ("github-ok" logged both lanes)
    let mut c = Case::new(&[("fs", Some(p))]);
    c.logs.sessions.servers[0].lanes.cowork.state = LaneState::Connected;
    let r = c.build();
    let f = server(&r, "fs");
    assert_eq!(codes(f), ["app-outcome-differs", "app-tool-schema-refused"]);
    assert!(
        f.findings[0].message.ends_with(
            "and it connected, but mcpctl's copy for that lane fails (era-probe-failed)"
        ),
        "{}",
        f.findings[0].message
    );
}
