//! The log reader against the fake homes of tests/fixtures/logs (see its
//! README for where each format comes from): a copy of a home in a temp
//! folder, file times set as the app would leave them, the OS injected.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::platform::{HostEnv, Os};

/// main.log is local time; the fixtures were written for UTC+02:00.
fn plus_two(_: i64) -> i32 {
    7200
}

/// Copy a fixture home; each file's time is set to its last stamped line,
/// as the app leaves it (a checkout gives them all the same time).
fn home(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logs")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    copy(&src, dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &target);
            continue;
        }
        std::fs::copy(e.path(), &target).unwrap();
        let t = last_stamp(&std::fs::read(&target).unwrap()).expect("a stamped line");
        let t = UNIX_EPOCH + Duration::from_millis(t.unix_ms() as u64 + 1);
        std::fs::File::options()
            .write(true)
            .open(&target)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
}

fn last_stamp(data: &[u8]) -> Option<Time> {
    data.split(|&b| b == b'\n' || b == b'\r')
        .filter_map(|l| time::parse_stamp(l, plus_two).map(|s| s.at))
        .max()
}

fn host(os: Os, dir: &Path) -> HostEnv {
    let win = |p: &str| dir.join(p).to_string_lossy().into_owned();
    let vars = match os {
        Os::Windows => vec![
            ("APPDATA".to_string(), win("AppData/Roaming")),
            ("LOCALAPPDATA".to_string(), win("AppData/Local")),
        ],
        _ => Vec::new(),
    };
    HostEnv {
        os,
        home: Some(dir.to_path_buf()),
        vars: vars.into_iter().collect(),
        cwd: PathBuf::from("/"),
        non_unicode: Default::default(),
    }
}

fn opts(names: &[&str]) -> ReadOptions {
    ReadOptions {
        names: names.iter().map(|s| s.to_string()).collect(),
        local_offset: plus_two,
        ..ReadOptions::default()
    }
}

fn report(name: &str, os: Os, names: &[&str]) -> (tempfile::TempDir, LogsReport) {
    let dir = home(name);
    let r = read(&host(os, dir.path()), &RealLogFs, &opts(names)).expect("read");
    (dir, r)
}

fn server<'a>(r: &'a LogsReport, name: &str) -> &'a Session {
    r.sessions
        .servers
        .iter()
        .find(|s| s.server == name)
        .unwrap_or_else(|| {
            panic!(
                "no session for {name}: {:?}",
                r.sessions
                    .servers
                    .iter()
                    .map(|s| &s.server)
                    .collect::<Vec<_>>()
            )
        })
}

fn names(r: &LogsReport) -> Vec<&str> {
    r.sessions
        .servers
        .iter()
        .map(|x| x.server.as_str())
        .collect()
}

fn at(s: &str) -> Option<Time> {
    time::parse_stamp(s.as_bytes(), time::utc).map(|t| t.at)
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

const MAC_CONFIG: &[&str] = &[
    "filesystem",
    "github",
    "memory",
    "desktop-commander",
    "weather",
];

#[test]
fn each_os_home_is_found() {
    for (name, os, rule) in [
        ("macos", Os::MacOs, "macos"),
        ("windows-classic", Os::Windows, "windows-classic"),
        ("windows-msix", Os::Windows, "windows-msix"),
        ("windows-localappdata", Os::Windows, "windows-localappdata"),
        ("linux", Os::Linux, "linux-home"),
    ] {
        let dir = home(name);
        let l = locate(&host(os, dir.path()), &RealLogFs);
        let chosen = l
            .chosen
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: {}", l.reason));
        assert_eq!(chosen.rule, rule, "{name}");
        assert!(chosen.path.is_dir(), "{name}");
        assert!(
            chosen.newest_at.is_some() && chosen.newest_file.is_some(),
            "{name}"
        );
    }
}

#[test]
fn windows_the_folder_with_the_newest_file_wins_and_the_old_one_is_named() {
    let (dir, r) = report("windows-localappdata", Os::Windows, &["time"]);
    let chosen = r.location.chosen.as_ref().unwrap();
    assert_eq!(
        chosen.path,
        dir.path().join("AppData/Local").join("Claude").join("Logs")
    );
    assert_eq!(r.location.others.len(), 1);
    assert_eq!(r.location.others[0].rule, "windows-classic");
    assert!(
        r.location.reason.contains("most recently written"),
        "{}",
        r.location.reason
    );
    // the session comes from the live folder, not the one left behind
    let t = server(&r, "time");
    assert_eq!(t.lanes.chat.state, LaneState::Connected);
    assert_eq!(t.era.as_ref().unwrap().verdict, "modern");
    assert_eq!(
        t.command.as_ref().unwrap().path,
        [r"C:\Users\ann\.local\bin", r"C:\Windows\system32"]
    );
}

#[test]
fn macos_last_sessions_across_a_rotation() {
    let (_dir, r) = report("macos", Os::MacOs, MAC_CONFIG);
    let s = &r.sessions;
    // today's launch lines were rotated into mcp1.log: the scan went on there
    let read: Vec<String> = s.files.iter().map(|f| file_name(&f.path)).collect();
    assert!(
        read.contains(&"mcp.log".to_string()) && read.contains(&"mcp1.log".to_string()),
        "{read:?}"
    );
    assert!(
        !read.contains(&"mcp-server-puppeteer.log".to_string()),
        "an old server's file is not read: {read:?}"
    );
    assert_eq!(s.not_found, ["weather"], "in the config, never started");
    let names: Vec<&str> = s.servers.iter().map(|x| x.server.as_str()).collect();
    assert_eq!(
        names,
        ["filesystem", "github", "memory", "desktop-commander"],
        "config order"
    );

    let fs = server(&r, "filesystem");
    assert!(fs.complete);
    assert_eq!(fs.started_at, at("2026-09-02T07:58:10.210Z"));
    assert_eq!(file_name(&fs.source), "mcp-server-filesystem.log");
    let c = fs.command.as_ref().unwrap();
    assert_eq!(c.command, "/opt/homebrew/bin/npx");
    assert_eq!(
        c.args,
        [
            "-y",
            "@modelcontextprotocol/server-filesystem",
            "/Users/ann/Documents"
        ]
    );
    assert_eq!(
        c.path,
        [
            "/usr/local/bin",
            "/opt/homebrew/bin",
            "/usr/bin",
            "/bin",
            "/usr/sbin",
            "/sbin"
        ]
    );
    assert_eq!(
        logged_path(c, Os::MacOs).unwrap(),
        "/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"
    );
    assert!(!fs.built_in_node);
    let era = fs.era.as_ref().unwrap();
    assert_eq!(
        (era.verdict.as_str(), era.reason.as_str()),
        ("legacy", "sibling did not complete the exchange")
    );
    assert_eq!(fs.lanes.chat.state, LaneState::Connected);
    assert_eq!(fs.lanes.chat.at, at("2026-09-02T07:58:12.611Z"));
    assert_eq!(fs.lanes.cowork.state, LaneState::Failed);
    assert_eq!(fs.lanes.cowork.reason.as_deref(), Some("Connection closed"));
    let refused: Vec<_> = fs
        .tool_schema_refusals
        .iter()
        .map(|x| (x.tool.as_deref().unwrap(), x.schema.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            ("list_directory", "outputSchema"),
            ("read_text_file", "outputSchema")
        ]
    );
    assert_eq!(
        fs.stderr_tail,
        [
            "Secure MCP Filesystem Server running on stdio",
            "Allowed directories: [ '/Users/ann/Documents' ]"
        ]
    );
    assert_eq!(
        (
            fs.messages.from_client,
            fs.messages.from_server,
            fs.messages.errors
        ),
        (5, 3, 1)
    );

    let gh = server(&r, "github");
    assert_eq!(gh.lanes.chat.state, LaneState::Failed);
    assert_eq!(gh.lanes.chat.reason.as_deref(), Some("spawn npx ENOENT"));
    assert_eq!(gh.command.as_ref().unwrap().command, "npx");

    let mem = server(&r, "memory");
    assert!(mem.built_in_node);
    assert_eq!(mem.era.as_ref().unwrap().verdict, "modern");
    assert_eq!(mem.lanes.chat.state, LaneState::Disconnected);
    assert_eq!(mem.lanes.chat.at, at("2026-09-02T09:15:51.873Z"));
    assert_eq!(
        mem.stderr_tail.last().unwrap(),
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"
    );
    // the Cowork/Code lane's failure is only in main.log (local time)
    assert_eq!(mem.lanes.cowork.state, LaneState::Failed);
    assert_eq!(
        mem.lanes.cowork.reason.as_deref(),
        Some("Request timed out")
    );
    assert_eq!(mem.lanes.cowork.at, at("2026-09-02T07:59:11.000Z"));
    assert!(
        mem.also_from.iter().any(|p| file_name(p) == "main.log"),
        "{:?}",
        mem.also_from
    );

    let dc = server(&r, "desktop-commander");
    assert_eq!(
        dc.started_at,
        at("2026-09-02T07:58:10.301Z"),
        "the Cowork copy's start 31 s later is the same session"
    );
    assert_eq!(
        dc.era.as_ref().unwrap().reason,
        "exec lane pinned — no sibling probe"
    );
    assert_eq!(dc.lanes.chat.state, LaneState::Connected);
    assert_eq!(dc.lanes.cowork.state, LaneState::Failed);
    assert!(dc.lanes.cowork.reason.as_deref().unwrap().starts_with(
        "Version negotiation failed: the connection closed during the server/discover probe"
    ));
    let lane_failures = dc
        .events
        .iter()
        .filter(|e| matches!(e.event, Event::LaneFailed { .. }))
        .count();
    assert_eq!(
        lane_failures, 1,
        "the per-server file and main.log say it once"
    );
    assert_eq!(dc.stderr_tail.len(), 2);
}

#[test]
fn without_names_the_servers_of_the_last_launch() {
    let (_dir, r) = report("macos", Os::MacOs, &[]);
    let names = names(&r);
    assert_eq!(
        names,
        ["desktop-commander", "filesystem", "github", "memory"]
    );
    assert!(r.sessions.not_found.is_empty());
}

#[test]
fn a_named_server_is_found_however_old_its_last_session() {
    let (_dir, r) = report("macos", Os::MacOs, &["puppeteer"]);
    let p = server(&r, "puppeteer");
    assert_eq!(p.started_at, at("2026-09-01T06:12:00.177Z"));
    assert_eq!(p.lanes.chat.state, LaneState::Stopped);
}

#[test]
fn since_keeps_only_recent_lines() {
    let dir = home("macos");
    let mut o = opts(MAC_CONFIG);
    o.since = at("2026-09-02T09:00:00.000Z");
    let r = read(&host(Os::MacOs, dir.path()), &RealLogFs, &o).unwrap();
    let names = names(&r);
    assert_eq!(names, ["filesystem", "memory"]);
    for s in &r.sessions.servers {
        assert!(
            !s.complete && s.started_at.is_none(),
            "{}: started before --since",
            s.server
        );
        assert!(s.events.iter().all(|e| e.at >= o.since), "{}", s.server);
    }
    assert_eq!(
        server(&r, "memory").lanes.chat.state,
        LaneState::Failed,
        "closed, and no answer seen since"
    );
    assert_eq!(r.sessions.since, o.since);
}

#[test]
fn windows_2025_whole_messages_and_crlf() {
    let (_dir, r) = report(
        "windows-classic",
        Os::Windows,
        &["filesystem", "weather", "desktopCommander", "time"],
    );
    let fs = server(&r, "filesystem");
    assert_eq!(fs.lanes.chat.state, LaneState::Failed);
    assert_eq!(fs.lanes.chat.reason.as_deref(), Some("spawn npx ENOENT"));

    let w = server(&r, "weather");
    assert_eq!(w.lanes.chat.state, LaneState::Failed);
    assert!(
        w.lanes
            .chat
            .reason
            .as_deref()
            .unwrap()
            .contains("exited before answering initialize")
    );
    assert_eq!(
        w.stderr_tail.last().unwrap(),
        "ModuleNotFoundError: No module named 'mcp'"
    );
    assert_eq!(w.stderr_tail.len(), 4);

    let dc = server(&r, "desktopCommander");
    assert_eq!(dc.lanes.chat.state, LaneState::Failed);
    assert!(
        dc.lanes.chat.reason.as_deref().unwrap().contains("-32001"),
        "{:?}",
        dc.lanes.chat.reason
    );
    assert!(dc.events.iter().any(|e| e.event
        == Event::RequestTimedOut {
            request_id: Some("0".into())
        }));
    assert_eq!(dc.stderr_tail[0], "npx: installed 57 in 12.39s");

    let t = server(&r, "time");
    assert_eq!(t.lanes.chat.state, LaneState::Connected);
    assert_eq!(
        (
            t.messages.from_client,
            t.messages.from_server,
            t.messages.errors
        ),
        (4, 3, 1)
    );
    for s in &r.sessions.servers {
        assert!(
            s.events.iter().all(|e| !e.text.contains('\r')),
            "{}: CRLF left in a line",
            s.server
        );
        assert!(
            s.stderr_tail.iter().all(|l| !l.contains('\r')),
            "{}",
            s.server
        );
    }
}

#[test]
fn windows_msix_a_truncated_last_line_and_windows_paths() {
    let (_dir, r) = report(
        "windows-msix",
        Os::Windows,
        &["codebase-memory-mcp", "everything"],
    );
    let mcp = r
        .sessions
        .files
        .iter()
        .find(|f| file_name(&f.path) == "mcp.log")
        .unwrap();
    assert!(mcp.unterminated_last_line);
    let cb = server(&r, "codebase-memory-mcp");
    let c = cb.command.as_ref().unwrap();
    assert_eq!(
        c.command,
        r"C:\Users\ann\AppData\Local\Programs\codebase-memory-mcp\codebase-memory-mcp.exe"
    );
    assert!(c.args.is_empty());
    assert_eq!(c.path[0], r"C:\Program Files\nodejs");
    assert_eq!(logged_path(c, Os::Windows).unwrap().split(';').count(), 8);
    assert_eq!(cb.lanes.chat.state, LaneState::Failed);
    assert!(
        cb.lanes
            .chat
            .reason
            .as_deref()
            .unwrap()
            .contains("Request timed out")
    );
    assert_eq!(
        cb.stderr_tail,
        ["cbm: indexing C:\\Users\\ann\\src (12034 files)"]
    );

    let ev = server(&r, "everything");
    let c = ev.command.as_ref().unwrap();
    assert_eq!(c.command, r"C:\Program Files\nodejs\npx.cmd");
    assert_eq!(
        c.args,
        ["-y", "@modelcontextprotocol/server-everything", "stdio"]
    );
    assert_eq!(ev.lanes.chat.state, LaneState::Connected);
    assert_eq!(ev.lanes.cowork.state, LaneState::Failed);
    assert!(
        ev.lanes
            .cowork
            .reason
            .as_deref()
            .unwrap()
            .starts_with("Not ready after 60 seconds")
    );
    // the cut line still counts as the client message it began
    assert_eq!(ev.messages.last_at, at("2026-08-13T09:58:15.902Z"));
}

#[test]
fn linux_mixed_line_ends_and_invalid_utf8() {
    let (_dir, r) = report("linux", Os::Linux, &["Notes — Obsidian", "rust-notes"]);
    let n = server(&r, "Notes — Obsidian");
    assert_eq!(file_name(&n.source), "mcp-server-Notes — Obsidian.log");
    assert_eq!(
        n.stderr_tail,
        [
            "Indexing vault 10%",
            "Indexing vault 55%",
            "Indexing vault 100%",
            "Vault: /home/ann/Notes \u{fffd}rger (1207 notes)"
        ]
    );
    assert_eq!(n.command.as_ref().unwrap().args[1], "/home/ann/Notes ärger");
    assert_eq!(n.tool_schema_refusals[0].schema, "inputSchema");
    assert_eq!(n.lanes.chat.state, LaneState::Connected);
    assert!(
        n.events
            .iter()
            .any(|e| e.text.starts_with("Ung\u{fffd}ltige Antwort")),
        "{:#?}",
        n.events
    );

    let rn = server(&r, "rust-notes");
    assert_eq!(rn.era.as_ref().unwrap().verdict, "modern");
    assert_eq!(
        rn.command.as_ref().unwrap().command,
        "/home/ann/.cargo/bin/rust-notes"
    );
    assert_eq!(rn.lanes.chat.state, LaneState::Connected);
    assert_eq!(rn.lanes.cowork.state, LaneState::Failed);
    assert_eq!(
        rn.lanes.cowork.at,
        at("2026-09-10T06:31:01.000Z"),
        "main.log's later line wins"
    );
    assert!(rn.events.iter().any(
        |e| matches!(e.event, Event::VersionNegotiationFailed { .. }) && e.lane == Lane::Cowork
    ));
}

#[test]
fn a_tiny_budget_gives_incomplete_sessions_not_errors() {
    let dir = home("macos");
    let mut o = opts(MAC_CONFIG);
    o.budget = 300;
    o.block = 128;
    let r = read(&host(Os::MacOs, dir.path()), &RealLogFs, &o).unwrap();
    assert!(r.sessions.files.iter().any(|f| f.budget_exhausted));
    assert!(r.sessions.servers.iter().all(|s| !s.complete));
}

#[test]
fn no_logs_folder_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = read(&host(Os::MacOs, dir.path()), &RealLogFs, &opts(&["a"])).unwrap();
    assert!(r.location.chosen.is_none());
    assert_eq!(r.sessions.not_found, ["a"]);
    assert_eq!(
        r.location.looked_in,
        [dir.path().join("Library/Logs/Claude")]
    );
}

#[test]
fn following_from_a_sessions_start_replays_it() {
    let (_dir, r) = report("macos", Os::MacOs, MAC_CONFIG);
    let fs = server(&r, "filesystem");
    let mut f = Follower::new(
        &fs.source,
        Shape::Server,
        fs.start_offset.unwrap(),
        plus_two,
    );
    let b = f.poll().unwrap();
    assert!(!b.more);
    assert_eq!(b.entries[0].event, Event::Initializing);
    assert_eq!(b.entries[0].at, fs.started_at);
    let Event::Command(c) = &b.entries[1].event else {
        panic!("{:?}", b.entries[1])
    };
    assert_eq!(c.path.len(), 6);
    let stderr: Vec<&str> = b
        .entries
        .iter()
        .filter(|e| e.event == Event::Stderr)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(stderr, fs.stderr_tail);
}

#[test]
fn following_picks_up_appended_lines_of_a_fixture() {
    let dir = home("windows-msix");
    let chosen = locate(&host(Os::Windows, dir.path()), &RealLogFs)
        .chosen
        .unwrap();
    let log = chosen.path.join("mcp.log");
    let mut f = Follower::at_end(&log, Shape::Mcp, plus_two).unwrap();
    use std::io::Write;
    let mut w = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    // the app finishes the cut line, then writes more
    w.write_all(b"ll\" id=9 params { metadata: undefined }\n2026-08-13T09:58:16.001Z [info] [everything] Message from server: id=9 result(2 blocks) { metadata: undefined }\n").unwrap();
    let b = f.poll().unwrap();
    // following starts after what was there: the completed line's tail is not a line
    assert_eq!(b.entries.len(), 1);
    let Event::Message(m) = &b.entries[0].event else {
        panic!()
    };
    assert_eq!(m.id.as_deref(), Some("9"));
}

#[test]
fn the_json_shape() {
    let (_dir, r) = report("macos", Os::MacOs, MAC_CONFIG);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["location"]["chosen"]["rule"], "macos");
    assert_eq!(v["not_found"][0], "weather");
    let fs = &v["servers"][0];
    assert_eq!(fs["server"], "filesystem");
    assert_eq!(fs["started_at"], "2026-09-02T07:58:10.210Z");
    assert_eq!(fs["lanes"]["chat"]["state"], "connected");
    assert_eq!(fs["lanes"]["cowork"]["state"], "failed");
    assert_eq!(fs["era"]["verdict"], "legacy");
    assert_eq!(fs["command"]["path"][1], "/opt/homebrew/bin");
    assert_eq!(fs["tool_schema_refusals"][0]["tool"], "list_directory");
    let first = &fs["events"][0];
    assert_eq!(first["event"], "initializing");
    assert_eq!(first["lane"], "chat");
    assert_eq!(first["level"], "info");
    assert!(first.get("offset").is_none());
    let gh = &v["servers"][1];
    assert_eq!(gh["lanes"]["chat"]["reason"], "spawn npx ENOENT");
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .all(|f| f["kind"].is_string() && f["scanned"].is_u64())
    );
    // the documented top-level keys, no more
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "files",
            "location",
            "not_found",
            "servers",
            "since",
            "unreadable",
            "unreadable_servers"
        ]
    );
    assert_eq!(v["unreadable"], serde_json::json!([]));
    assert_eq!(v["unreadable_servers"], serde_json::json!([]));
}

#[test]
fn secrets_in_quoted_lines_are_masked() {
    let (_dir, r) = report("macos", Os::MacOs, MAC_CONFIG);
    let fs = server(&r, "filesystem");
    let cmd = fs
        .events
        .iter()
        .find(|e| matches!(e.event, Event::Command(_)))
        .unwrap();
    let meta = cmd.metadata.as_deref().unwrap();
    let masked = mask_secrets(meta, &["/Users/ann/Documents"]);
    assert!(
        !masked.contains("/Users/ann/Documents") && masked.contains("'****'"),
        "{masked}"
    );
    // one call masks a whole session: texts, metadata, stderr, the command
    let mut s = fs.clone();
    mask::mask_session(&mut s, &["/Users/ann/Documents", "Secure MCP"]);
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        !json.contains("/Users/ann/Documents") && !json.contains("Secure MCP"),
        "{json}"
    );
}

#[test]
fn every_fixture_reads_without_error_with_any_block_size() {
    for (name, os) in [
        ("macos", Os::MacOs),
        ("windows-classic", Os::Windows),
        ("windows-msix", Os::Windows),
        ("linux", Os::Linux),
    ] {
        let dir = home(name);
        let base = read(&host(os, dir.path()), &RealLogFs, &opts(&[])).unwrap();
        for block in [1, 7, 64, 4096] {
            let mut o = opts(&[]);
            o.block = block;
            let r = read(&host(os, dir.path()), &RealLogFs, &o).unwrap();
            assert_eq!(
                r.sessions.servers, base.sessions.servers,
                "{name}, block {block}"
            );
        }
    }
}

#[test]
fn the_last_launch_is_the_densest_group_of_starts() {
    let t = |s: &str| at(s).unwrap();
    let launch = t("2026-09-02T07:58:10.210Z");
    let starts = [
        t("2026-09-01T06:12:00.101Z"), // a named server last started the day before
        launch,
        t("2026-09-02T07:58:10.240Z"),
        t("2026-09-02T07:58:11.000Z"),
        t("2026-09-02T09:30:00.000Z"), // restarted alone later
    ];
    assert_eq!(last_launch(&starts), Some(launch));
    assert_eq!(last_launch(&[]), None);
    // a tie: the later group
    assert_eq!(last_launch(&[starts[0], starts[4]]), Some(starts[4]));
}

/// A file of the chain that cannot be read (here a folder where a log
/// file was listed: it fails for root too) is named and ends its chain:
/// the older rotation is not read as if it held the last sessions.
// (Unix: Windows refuses to open a folder before its type is read, and
// joins the expected path with `\\`)
#[cfg(unix)]
#[test]
fn an_unreadable_file_ends_its_chain_and_is_named() {
    let dir = home("macos");
    let logs = dir.path().join("Library/Logs/Claude");
    let mut listed = files::list(&logs).unwrap();
    let chain = listed
        .iter_mut()
        .find(|c| c.kind == FileKind::Mcp)
        .expect("the mcp.log chain");
    assert_eq!(chain.files.len(), 2, "mcp.log and mcp1.log");
    let live = chain.files[0].path.clone();
    std::fs::remove_file(&live).unwrap();
    std::fs::create_dir(&live).unwrap();
    let limits = scan::Limits {
        offset: plus_two,
        block: reverse::BLOCK,
        max_line: reverse::MAX_LINE,
    };
    let mut v = McpVisitor::new(&[], None, 20);
    let (mut reads, mut unreadable) = (Vec::new(), Vec::new());
    let mut budget = u64::MAX;
    scan_chain(
        chain,
        Shape::Mcp,
        &limits,
        &mut budget,
        &mut v,
        &mut reads,
        &mut unreadable,
    );
    assert!(reads.is_empty(), "{reads:?}");
    assert!(v.finish().is_empty());
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].path, live);
    assert_eq!(unreadable[0].error, "not a regular file (a folder)");
}

/// The same folder read whole: the folder in mcp.log's place is named,
/// the servers' own files still give every session.
#[test]
fn a_log_that_is_no_file_is_named_and_the_others_read() {
    let dir = home("macos");
    let logs = dir.path().join("Library/Logs/Claude");
    std::fs::remove_file(logs.join("mcp-server-github.log")).unwrap();
    std::fs::create_dir(logs.join("mcp-server-github.log")).unwrap();
    let r = read(&host(Os::MacOs, dir.path()), &RealLogFs, &opts(MAC_CONFIG)).expect("read");
    let bad: Vec<(String, &str)> = r
        .sessions
        .unreadable
        .iter()
        .map(|u| (file_name(&u.path), u.error.as_str()))
        .collect();
    assert_eq!(
        bad,
        [(
            "mcp-server-github.log".to_string(),
            "not a regular file (a folder)"
        )]
    );
    // github's session is still read from mcp.log; the others as ever
    assert_eq!(server(&r, "github").lanes.chat.state, LaneState::Failed);
    assert_eq!(
        server(&r, "memory").source,
        logs.join("mcp-server-memory.log")
    );
}

/// A server asked for with no session whose own file could not be read
/// is not "not found" (not started): it is named with that file, the live
/// one before a rotation. A server with a session elsewhere is not.
// (Unix: Windows refuses to open a folder before its type is read, and
// joins the expected path with `\\`)
#[cfg(unix)]
#[test]
fn a_server_whose_own_log_cannot_be_read_is_not_said_not_started() {
    let dir = home("macos");
    let logs = dir.path().join("Library/Logs/Claude");
    std::fs::remove_file(logs.join("mcp-server-github.log")).unwrap();
    std::fs::create_dir(logs.join("mcp-server-github.log")).unwrap();
    std::fs::create_dir(logs.join("mcp-server-weather1.log")).unwrap();
    std::fs::create_dir(logs.join("mcp-server-weather.log")).unwrap();
    let mut names = MAC_CONFIG.to_vec();
    names.push("nowhere");
    let r = read(&host(Os::MacOs, dir.path()), &RealLogFs, &opts(&names)).expect("read");
    assert_eq!(r.sessions.not_found, ["nowhere"]);
    let own: Vec<(&str, String, &str)> = r
        .sessions
        .unreadable_servers
        .iter()
        .map(|u| {
            (
                u.server.as_str(),
                file_name(&u.file.path),
                u.file.error.as_str(),
            )
        })
        .collect();
    assert_eq!(
        own,
        [(
            "weather",
            "mcp-server-weather.log".to_string(),
            "not a regular file (a folder)"
        )]
    );
    // github's session is read from mcp.log: found, its file only skipped
    assert_eq!(server(&r, "github").lanes.chat.state, LaneState::Failed);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(
        v["unreadable_servers"][0],
        serde_json::json!({
            "server": "weather",
            "path": logs.join("mcp-server-weather.log").display().to_string(),
            "kind": "server",
            "error": "not a regular file (a folder)"
        })
    );
}

/// A FIFO, a folder and a link to nothing named like log files are listed
/// as unreadable, never opened (a FIFO opened for reading would wait for
/// a writer); a link to a log file is read like one.
#[cfg(unix)]
#[test]
fn special_files_named_like_logs_are_listed_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("real.txt"), "2026-09-02T07:58:10.210Z [info] x\n").unwrap();
    std::os::unix::fs::symlink(p.join("real.txt"), p.join("mcp.log")).unwrap();
    std::os::unix::fs::symlink(p.join("gone"), p.join("main.log")).unwrap();
    std::fs::create_dir(p.join("mcp-server-dir.log")).unwrap();
    let fifo = p.join("mcp-server-piped.log");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let l = files::list_all(p).unwrap();
    let chains: Vec<String> = l
        .chains
        .iter()
        .flat_map(|c| c.files.iter().map(|f| file_name(&f.path)))
        .collect();
    assert_eq!(chains, ["mcp.log"]);
    let bad: Vec<(String, &str)> = l
        .unreadable
        .iter()
        .map(|u| (file_name(&u.path), u.error.as_str()))
        .collect();
    assert_eq!(
        bad,
        [
            (
                "main.log".to_string(),
                "a link to a missing file (No such file or directory (os error 2))"
            ),
            (
                "mcp-server-dir.log".to_string(),
                "not a regular file (a folder)"
            ),
            (
                "mcp-server-piped.log".to_string(),
                "not a regular file (a named pipe (FIFO))"
            ),
        ]
    );
    // and a FIFO handed to the reader anyway is refused at once
    let e = files::open_log(&fifo).unwrap_err();
    assert_eq!(e.to_string(), "not a regular file (a named pipe (FIFO))");
}
