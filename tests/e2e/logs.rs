//! `mcpctl logs`, doctor's "What the app recorded" and the logged PATH
//! calibrating launches, end to end on the fake homes of
//! `tests/fixtures/logs/` (see its README for where each format comes
//! from).
//!
//! The binary reads the OS it was built for (nothing injects another), so
//! each fixture's logs folder is put where this OS keeps it ([`logs_dir`]):
//! every format is read end to end, and the per-OS folder rules are unit
//! tests (`app::logs::folder`, `app::logs::tests`). File times are set to
//! each file's last line, as the app leaves them. main.log is local time:
//! the runs get `TZ=UTC-2` (UTC+02:00, the fixtures' zone).
//!
//! The fixtures' stamps are read with the library's own parser (to set
//! file times); everything under test goes through the binary.
//!
//! Unix only: the sandbox gives the binary a HOME, which is where the
//! logs folder is on Linux and macOS (Windows derives it from APPDATA /
//! LOCALAPPDATA: unit tests).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use mcpctl::app::logs::time::{Time, parse_stamp};

use crate::support::{self, Sandbox, procs};

/// The fixtures' zone for main.log (POSIX: UTC-2 is two hours east).
const TZ: &str = "UTC-2";

/// Where the binary looks for the app's logs, in this sandbox.
fn logs_dir(sb: &Sandbox) -> PathBuf {
    if cfg!(target_os = "macos") {
        sb.home().join("Library/Logs/Claude")
    } else {
        sb.home().join(".config/Claude/logs")
    }
}

/// Where the app's own config file is, in this sandbox.
fn config_path(sb: &Sandbox) -> PathBuf {
    if cfg!(target_os = "macos") {
        sb.home()
            .join("Library/Application Support/Claude/claude_desktop_config.json")
    } else {
        sb.home().join(".config/Claude/claude_desktop_config.json")
    }
}

/// The logs folder inside each fixture home.
fn fixture_logs(home: &str) -> PathBuf {
    let inner = match home {
        "linux" => ".config/Claude/logs",
        "macos" => "Library/Logs/Claude",
        "windows-classic" => "AppData/Roaming/Claude/logs",
        "windows-msix" => {
            "AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/logs"
        }
        other => panic!("no fixture home {other}"),
    };
    support::repo()
        .join("tests/fixtures/logs")
        .join(home)
        .join(inner)
}

/// Copy a fixture home's logs into `dir`, each file's time set to its last
/// stamped line.
fn install_logs(home: &str, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(fixture_logs(home)).unwrap() {
        let e = e.unwrap();
        let target = dir.join(e.file_name());
        std::fs::copy(e.path(), &target).unwrap();
        let data = std::fs::read(&target).unwrap();
        let last = data
            .split(|&b| b == b'\n' || b == b'\r')
            .filter_map(stamp_ms)
            .max()
            .expect("a stamped line");
        set_mtime(&target, last + 1);
    }
}

fn set_mtime(path: &Path, unix_ms: i64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(UNIX_EPOCH + Duration::from_millis(unix_ms as u64))
        .unwrap();
}

/// The instant stamped at the start of a log line, in ms since the
/// epoch (main.log's local stamps read as UTC+2, the fixtures' zone).
fn stamp_ms(line: &[u8]) -> Option<i64> {
    fn plus_two(_: i64) -> i32 {
        7200
    }
    parse_stamp(line, plus_two).map(|s| s.at.unix_ms())
}

/// `mcpctl ARGS` in the sandbox, with the fixtures' zone.
fn mcpctl(sb: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = sb.mcpctl();
    cmd.env("TZ", TZ).args(args);
    cmd
}

/// A sandbox holding one fixture home's logs where this OS keeps them.
fn home_with(fixture: &str) -> Sandbox {
    let sb = Sandbox::new();
    install_logs(fixture, &logs_dir(&sb));
    sb
}

/// Write the app's config; its time is set to `changed_ms`.
fn write_config(sb: &Sandbox, text: &str, changed_ms: i64) -> PathBuf {
    let p = sb.write(config_path(sb), text);
    set_mtime(&p, changed_ms);
    p
}

/// 2026-09-01T00:00:00Z: before every launch of the fixtures.
const BEFORE_ALL: i64 = 1_788_220_800_000;
/// 2026-10-01T00:00:00Z: after every launch of the fixtures.
const AFTER_ALL: i64 = 1_790_812_800_000;

const LINUX_CONFIG: &str = r#"{
  "mcpServers": {
    "Notes — Obsidian": {
      "command": "/nonexistent/node",
      "args": ["/home/ann/obsidian-mcp/build/index.js"],
      "env": {"VAULT_KEY": "/home/ann/obsidian-mcp/build/index.js"}
    },
    "weather": {"command": "/nonexistent/weather-mcp"}
  }
}
"#;

#[test]
fn logs_on_the_linux_home_name_the_folder_and_each_servers_last_start() {
    let sb = home_with("linux");
    write_config(&sb, LINUX_CONFIG, BEFORE_ALL);
    let [text, json] = text_and_json!("linux_home", sb, &["logs"], |args: &[&str]| mcpctl(
        &sb, args
    ));
    assert_eq!((text.code, json.code), (Some(0), Some(0)));
    // the env value quoted in the logged args is masked, everywhere
    for out in [&text, &json] {
        assert!(
            !out.stdout.contains("/home/ann/obsidian-mcp/build/index.js"),
            "{out:?}"
        );
    }
    let doc = json.json();
    assert_eq!(doc["location"]["chosen"]["rule"], "linux-home");
    assert_eq!(doc["config"]["servers"][0], "Notes — Obsidian");
    assert_eq!(doc["not_found"][0], "weather");
    let notes = &doc["servers"][0];
    assert_eq!(notes["server"], "Notes — Obsidian");
    assert_eq!(notes["lanes"]["chat"]["state"], "connected");
    // mixed line ends and invalid UTF-8 are read, the lone-CR progress bar is three lines
    let tail: Vec<&str> = notes["stderr_tail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        tail,
        [
            "Indexing vault 10%",
            "Indexing vault 55%",
            "Indexing vault 100%",
            "Vault: /home/ann/Notes \u{fffd}rger (1207 notes)"
        ]
    );
    // rust-notes' last line is main.log's Cowork/Code failure
    let rust = &doc["servers"][1];
    assert_eq!(rust["server"], "rust-notes");
    let events = rust["events"].as_array().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last["lane"], "cowork", "{rust:#}");
    assert_eq!(rust["last_at"], last["at"], "{rust:#}");
    assert!(
        text.stdout.contains("(last line 06:31:01)")
            && text.stdout.contains("cowork    failed at 06:31:01"),
        "{text:?}"
    );
    let shown = sb.run(&mut mcpctl(
        &sb,
        &["logs", "--show-secrets", "Notes — Obsidian"],
    ));
    assert!(
        shown
            .stdout
            .contains("/home/ann/obsidian-mcp/build/index.js")
    );
    assert!(
        !shown.stdout.contains("rust-notes"),
        "only the server asked for: {shown:?}"
    );
}

/// Every format of the fixtures, read where this OS keeps the logs.
#[test]
fn logs_reads_every_fixture_format() {
    for fixture in ["macos", "windows-classic", "windows-msix"] {
        let sb = home_with(fixture);
        let out = mcpctl_snapshot!(
            format!("fixture_{fixture}"),
            sb,
            &mut mcpctl(&sb, &["logs"])
        );
        assert_eq!(out.code, Some(0), "{fixture}: {out:?}");
    }
}

#[test]
fn a_truncated_last_line_is_read_and_said() {
    let sb = home_with("windows-msix");
    let out = sb.run(&mut mcpctl(&sb, &["--json", "logs"]));
    let doc = out.json();
    let mcp = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("mcp.log"))
        .expect("mcp.log read");
    assert_eq!(mcp["unterminated_last_line"], true, "{doc:#}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn a_rotated_log_is_read_across_its_files() {
    // macOS fixture: today's launch lines are in mcp1.log, the rest in mcp.log
    let sb = home_with("macos");
    let out = sb.run(&mut mcpctl(
        &sb,
        &["--json", "logs", "github", "filesystem"],
    ));
    let doc = out.json();
    let read: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert!(
        read.contains(&"mcp.log") && read.contains(&"mcp1.log"),
        "{read:?}"
    );
    let github = &doc["servers"][0];
    assert_eq!(github["lanes"]["chat"]["state"], "failed");
    assert_eq!(github["lanes"]["chat"]["reason"], "spawn npx ENOENT");
    assert_eq!(github["started_at"], "2026-09-02T07:58:10.240Z");
}

/// A session that started in the rotated file and went on in the live one
/// names both: `source` where it started, the other in `also_from`.
#[test]
fn a_session_across_a_rotation_names_every_file_it_came_from() {
    let sb = Sandbox::new();
    write_config(
        &sb,
        r#"{"mcpServers":{"gh":{"command":"/nonexistent/gh"}}}"#,
        BEFORE_ALL,
    );
    let dir = logs_dir(&sb);
    let old = sb.write(
        dir.join("mcp.old.log"),
        "2026-11-29T10:00:00.000Z [gh] [info] Initializing server... { metadata: undefined }\n\
2026-11-29T10:00:00.100Z [gh] [info] Message from client: method=\"initialize\" id=0 params { metadata: undefined }\n",
    );
    let live = sb.write(
        dir.join("mcp.log"),
        "2026-11-29T10:00:01.000Z [gh] [info] Message from server: id=0 result { metadata: undefined }\n",
    );
    set_mtime(&old, 1_796_032_800_000);
    set_mtime(&live, 1_796_032_860_000);
    let out = sb.run(&mut mcpctl(&sb, &["--json", "logs", "gh"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    let s = &doc["servers"][0];
    let name = |v: &serde_json::Value| {
        v.as_str()
            .unwrap()
            .rsplit(['/', '\\'])
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(name(&s["source"]), "mcp.old.log", "{s:#}");
    let also: Vec<String> = s["also_from"]
        .as_array()
        .unwrap()
        .iter()
        .map(name)
        .collect();
    assert_eq!(also, ["mcp.log"], "{s:#}");
}

#[test]
fn raw_with_json_is_a_usage_error_wherever_json_is_written() {
    let sb = home_with("linux");
    for args in [
        &["--json", "logs", "--raw"][..],
        &["logs", "--raw", "--json"],
    ] {
        let out = sb.run(&mut mcpctl(&sb, args));
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        let doc = out.json();
        assert!(
            doc["error"]["message"]
                .as_str()
                .unwrap()
                .contains("`--raw`"),
            "{doc:#}"
        );
    }
}

#[test]
fn raw_prints_a_session_as_the_app_wrote_it() {
    let sb = home_with("macos");
    let out = mcpctl_snapshot!(sb, &mut mcpctl(&sb, &["logs", "github", "--raw"]));
    assert_eq!(out.code, Some(0));
    let raw = sb.run(&mut mcpctl(&sb, &["logs", "--raw", "--json"]));
    assert_eq!(raw.code, Some(2), "--raw is not JSON: {raw:?}");
}

/// `--raw` for a server the logs do not hold says so, as the report
/// does: an empty output would read as an empty log.
#[test]
fn raw_names_a_server_that_is_not_in_the_logs() {
    let sb = home_with("macos");
    let out = sb.run(&mut mcpctl(&sb, &["logs", "--raw", "no-such-server"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("no-such-server  not in the logs read: the app has not started it"),
        "{out:?}"
    );
}

#[test]
fn no_logs_folder_exits_2_saying_where_it_looked() {
    let sb = Sandbox::new();
    text_and_json!("no_logs", sb, &["logs"], |args: &[&str]| mcpctl(&sb, args));
}

#[test]
fn two_logs_folders_the_newest_is_read_and_the_other_named() {
    // an upgrade left an older folder behind: XDG_CONFIG_HOME's is older
    let sb = home_with("linux");
    let xdg = sb.root().join("xdg");
    install_logs("windows-classic", &xdg.join("Claude/logs"));
    let mut cmd = mcpctl(&sb, &["logs", "rust-notes"]);
    cmd.env("XDG_CONFIG_HOME", &xdg);
    let out = mcpctl_snapshot!(sb, &mut cmd);
    assert!(out.stdout.contains("also"), "{out:?}");
    let path = sb.run(mcpctl(&sb, &["path"]).env("XDG_CONFIG_HOME", &xdg));
    assert!(
        path.stdout
            .contains(&format!("  logs:    {}", logs_dir(&sb).display())),
        "path and logs agree: {path:?}"
    );
}

#[test]
fn since_reads_only_the_recent_lines() {
    let sb = home_with("linux");
    let out = sb.run(&mut mcpctl(&sb, &["logs", "--since", "2h", "rust-notes"]));
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout
            .contains("rust-notes  not in the logs read: the app has not started it in that time"),
        "{out:?}"
    );
    // a line written now: its session's start is older than --since
    let now = Time::from_system(SystemTime::now()).rfc3339();
    let line = format!(
        "{now} [info] [rust-notes] Message from server: id=9 result {{ metadata: undefined }}\n"
    );
    append(&logs_dir(&sb).join("mcp.log"), line.as_bytes());
    let out = sb.run(&mut mcpctl(
        &sb,
        &["--json", "logs", "--since", "2h", "rust-notes"],
    ));
    let doc = out.json();
    assert_eq!(doc["servers"][0]["complete"], false, "{doc:#}");
    assert_eq!(doc["servers"][0]["messages"]["from_server"], 1, "{doc:#}");
    let text = sb.run(&mut mcpctl(&sb, &["logs", "--since", "2h", "rust-notes"]));
    assert!(
        text.stdout.contains("  started   before the lines read"),
        "{text:?}"
    );
    let bad = sb.run(&mut mcpctl(&sb, &["logs", "--since", "2"]));
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("has no unit"), "{bad:?}");
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
}

/// A running `mcpctl logs --follow`, its output arriving line by line.
struct Following {
    child: std::process::Child,
    out: mpsc::Receiver<String>,
    err: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Following {
    fn start(sb: &Sandbox, args: &[&str]) -> Following {
        Following::spawn(mcpctl(sb, args))
    }

    fn spawn(mut cmd: Command) -> Following {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mcpctl logs --follow");
        let lines = |r: Box<dyn std::io::Read + Send>| {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                for l in BufReader::new(r).lines() {
                    let Ok(l) = l else { break };
                    if tx.send(l).is_err() {
                        break;
                    }
                }
            });
            rx
        };
        let out = lines(Box::new(child.stdout.take().unwrap()));
        let err = lines(Box::new(child.stderr.take().unwrap()));
        Following {
            child,
            out,
            err,
            seen: Vec::new(),
        }
    }

    /// Wait (10 s at most) for a line of stdout containing `text`.
    fn expect(&mut self, text: &str) -> String {
        match wait_for(&self.out, text, &mut self.seen) {
            Some(l) => l,
            None => {
                self.stop();
                panic!("no line with {text:?} on stdout; saw: {:#?}", self.seen);
            }
        }
    }

    /// Wait for a line of stderr containing `text`.
    fn expect_err(&mut self, text: &str) {
        let mut seen = Vec::new();
        if wait_for(&self.err, text, &mut seen).is_none() {
            self.stop();
            panic!("no line with {text:?} on stderr; saw: {seen:#?}");
        }
    }

    /// Kill it (Ctrl-C's default) and check nothing is left.
    fn stop(&mut self) {
        let pid = self.child.id();
        let _ = self.child.kill();
        let _ = self.child.wait();
        assert!(
            procs::alive_after(&[pid]).is_empty(),
            "mcpctl {pid} survived"
        );
    }
}

/// The first line from `rx` containing `text` within 10 s; every line
/// read goes to `seen`.
fn wait_for(rx: &mpsc::Receiver<String>, text: &str, seen: &mut Vec<String>) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.push(l.clone());
            if l.contains(text) {
                return Some(l);
            }
        }
    }
    None
}

/// `logs -f | grep -m1 x`: once the reader is gone, following ends as a
/// write to it would (at its next poll), not at the next line the app
/// logs, which may never come.
#[cfg(unix)]
#[test]
fn follow_ends_when_its_reader_is_gone() {
    let sb = home_with("linux");
    let mut child = mcpctl(&sb, &["logs", "--follow"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mcpctl logs --follow");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("following"), "{line}");
    // the reader goes away: nothing more is read from the pipe
    drop(child.stdout.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still following 5 s after its reader left");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success(), "{status:?}");
}

#[test]
fn follow_prints_appended_lines_once_whole_across_a_rotation() {
    let sb = home_with("linux");
    let dir = logs_dir(&sb);
    let mut f = Following::start(&sb, &["logs", "--follow"]);
    f.expect("rust-notes  connected, Cowork/Code lane failed"); // the report first
    f.expect_err("following 3 log files in");
    // a whole line, then one written in two pieces (LF, then CRLF)
    append(
        &dir.join("mcp.log"),
        b"2026-11-28T10:00:00.000Z [info] [rust-notes] Initializing server... { metadata: undefined }\n\
2026-11-28T10:00:00.100Z [error] [rust-notes] Connection fai",
    );
    let l = f.expect("Initializing server...");
    assert_eq!(l, "10:00:00.000  rust-notes  info  Initializing server...");
    std::thread::sleep(Duration::from_millis(600));
    append(&dir.join("mcp.log"), b"led: spawn rust-notes ENOENT\r\n");
    let l = f.expect("Connection f");
    assert_eq!(
        l,
        "10:00:00.100  rust-notes  error  Connection failed: spawn rust-notes ENOENT"
    );
    // a server's stderr, from its own file; its stamped lines come from mcp.log only
    append(
        &dir.join("mcp-server-Notes — Obsidian.log"),
        b"2026-11-28T10:00:01.000Z [Notes \xe2\x80\x94 Obsidian] [info] Initializing server... { metadata: undefined }\nVault: \x1b[31mred\x1b[0m\n",
    );
    let l = f.expect("Vault:");
    assert_eq!(
        l,
        "              Notes — Obsidian  | Vault: \\x1b[31mred\\x1b[0m"
    );
    // the app rotates mcp.log: the new file is read from its start
    std::fs::rename(dir.join("mcp.log"), dir.join("mcp1.log")).unwrap();
    std::fs::write(
        dir.join("mcp.log"),
        "2026-11-28T10:00:02.000Z [info] [rust-notes] Server started and connected successfully { metadata: undefined }\n",
    )
    .unwrap();
    f.expect("Server started and connected successfully");
    f.expect_err("was replaced (rotated): reading it again from its start");
    f.stop();
    let partial = f
        .seen
        .iter()
        .filter(|l| l.contains("Connection fai"))
        .count();
    assert_eq!(partial, 1, "the split line once, whole: {:#?}", f.seen);
    assert_eq!(
        f.seen
            .iter()
            .filter(|l| l.contains("Notes — Obsidian  info  Initializing"))
            .count(),
        0,
        "stamped lines of a server's own file are not shown twice: {:#?}",
        f.seen
    );
}

#[test]
fn follow_json_prints_one_event_per_line_and_raw_follow_the_lines_as_written() {
    let sb = home_with("linux");
    let dir = logs_dir(&sb);
    let mut f = Following::start(&sb, &["--json", "logs", "--follow", "rust-notes"]);
    // no report first with --json; the note on stderr says it is reading
    f.expect_err("following");
    append(
        &dir.join("mcp.log"),
        b"2026-11-28T10:00:00.100Z [info] [Notes \xe2\x80\x94 Obsidian] not asked for { metadata: undefined }\n\
2026-11-28T10:00:00.200Z [error] [rust-notes] Connection failed: spawn npx ENOENT { metadata: undefined }\n",
    );
    let l = f.expect("ENOENT");
    f.stop();
    let e: serde_json::Value = serde_json::from_str(&l).expect("a JSON line");
    assert_eq!(e["event"], "connection_failed");
    assert_eq!(e["reason"], "spawn npx ENOENT");
    assert_eq!(e["server"], "rust-notes");
    assert_eq!(e["at"], "2026-11-28T10:00:00.200Z");
    assert!(
        f.seen.iter().all(|l| !l.contains("not asked for")),
        "{:#?}",
        f.seen
    );

    let mut f = Following::start(&sb, &["logs", "--follow", "--raw", "rust-notes"]);
    f.expect("==> rust-notes"); // the session as written first
    f.expect_err("following");
    append(
        &dir.join("mcp.log"),
        b"2026-11-28T10:00:03.000Z [info] [rust-notes] Shutting down server... { metadata: undefined }\n",
    );
    let l = f.expect("Shutting down");
    f.stop();
    assert_eq!(
        l,
        "2026-11-28T10:00:03.000Z [info] [rust-notes] Shutting down server... { metadata: undefined }"
    );
}

/// `--raw --follow` across a rotation (Unix, where a file renamed away
/// stays readable): the lines the app wrote just before it rotated come
/// first, the unfinished last one too, then the note, then the new file
/// from its start, though it is longer than what was read of the old one.
#[cfg(unix)]
#[test]
fn raw_follow_reads_the_rotated_files_last_lines_then_the_new_file() {
    let sb = home_with("linux");
    let dir = logs_dir(&sb);
    let mut f = Following::start(&sb, &["logs", "--follow", "--raw", "rust-notes"]);
    f.expect("==> rust-notes");
    f.expect_err("following");
    let before = "2026-11-28T10:00:03.000Z [info] [rust-notes] written just before the rotation";
    append(&dir.join("mcp.log"), before.as_bytes());
    std::fs::rename(dir.join("mcp.log"), dir.join("mcp1.log")).unwrap();
    let long = format!(
        "2026-11-28T10:00:04.000Z [info] [rust-notes] the new file {}\n",
        "x".repeat(4096)
    );
    std::fs::write(dir.join("mcp.log"), &long).unwrap();
    f.expect("written just before the rotation");
    f.expect("the new file");
    f.expect_err("was replaced (rotated): reading it again from its start");
    f.stop();
    let at = |text: &str| f.seen.iter().position(|l| l.contains(text));
    assert!(
        at("written just before") < at("the new file"),
        "{:#?}",
        f.seen
    );
    assert_eq!(
        f.seen.iter().filter(|l| l.contains("the new file")).count(),
        1,
        "{:#?}",
        f.seen
    );
}

/// A log written here: one server the app failed to spawn (its PATH had
/// no `notes-server`), one it started from a folder only its PATH has.
fn calibration_world() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let apptools = sb.root().join("apptools");
    let empty = sb.root().join("apppath");
    std::fs::create_dir_all(&empty).unwrap();
    let example = support::example_server();
    // `notes-server` is on the shell's PATH (the sandbox's bin) only
    sb.script(
        sb.bin().join("notes-server"),
        &format!("exec '{example}' \"$@\""),
    );
    // `helper-server` is only in a folder the app's PATH had
    sb.script(
        apptools.join("helper-server"),
        &format!("exec '{example}' \"$@\""),
    );
    let log = format!(
        "2026-09-02T07:58:10.240Z [info] [notes] Initializing server... {{ metadata: undefined }}\n\
2026-09-02T07:58:10.243Z [info] [notes] Using MCP server command: notes-server with args and path: {{ metadata: {{ args: [], paths: [ '{empty}' ] }} }}\n\
2026-09-02T07:58:10.251Z [error] [notes] Connection failed: spawn notes-server ENOENT {{ metadata: undefined }}\n\
2026-09-02T07:58:10.300Z [info] [helper] Initializing server... {{ metadata: undefined }}\n\
2026-09-02T07:58:10.301Z [info] [helper] Using MCP server command: {apptools}/helper-server with args and path: {{ metadata: {{ args: [], paths: [ '{apptools}' ] }} }}\n\
2026-09-02T07:58:10.900Z [info] [helper] Server started and connected successfully {{ metadata: undefined }}\n\
2026-09-02T07:58:10.901Z [info] [helper] Message from client: method=\"initialize\" id=0 params {{ metadata: undefined }}\n\
2026-09-02T07:58:11.301Z [info] [helper] Message from server: id=0 result {{ metadata: undefined }}\n",
        empty = empty.display(),
        apptools = apptools.display()
    );
    let dir = logs_dir(&sb);
    sb.write(dir.join("mcp.log"), log);
    set_mtime(&dir.join("mcp.log"), 1_788_335_891_302);
    let config = write_config(
        &sb,
        r#"{"mcpServers": {
  "notes": {"command": "notes-server"},
  "helper": {"command": "helper-server"}
}}
"#,
        BEFORE_ALL,
    );
    (sb, config)
}

#[test]
fn test_launch_takes_the_path_the_app_logged_unless_told_not_to() {
    let (sb, _) = calibration_world();
    let launch = |args: &[&str]| {
        let mut a = vec!["test-launch", "--timeout", "20"];
        a.extend_from_slice(args);
        mcpctl(&sb, &a)
    };
    let [text, json] = text_and_json!("calibrated_test_launch", sb, &[], launch);
    // like the app: notes is not found on its PATH, helper starts
    assert_eq!(text.code, Some(1));
    let doc = json.json();
    assert_eq!(doc["servers"][0]["verdict"], "command-not-found");
    assert_eq!(doc["servers"][1]["verdict"], "ok");
    assert_eq!(
        doc["servers"][1]["path_from_logs"]["path"],
        sb.root().join("apptools").display().to_string()
    );
    // off: the profile's PATH (the sandbox's bin) finds notes, not helper
    let off = sb.run(&mut launch(&["--json", "--app-path-from-logs=false"]));
    let doc = off.json();
    assert_eq!(doc["servers"][0]["verdict"], "ok");
    assert_eq!(doc["servers"][1]["verdict"], "command-not-found");
    assert!(doc["servers"][0]["path_from_logs"].is_null());
    // MCPCTL_APP_PATH wins over the logs
    let mut over = launch(&["--json"]);
    over.env("MCPCTL_APP_PATH", sb.bin());
    let doc = sb.run(&mut over).json();
    assert_eq!(doc["servers"][0]["verdict"], "ok");
    assert!(doc["servers"][1]["path_from_logs"].is_null());
}

/// `call` launches its server as test-launch does: with the PATH the app
/// logged giving it, unless told not to.
#[test]
fn call_takes_the_path_the_app_logged_unless_told_not_to() {
    let (sb, _) = calibration_world();
    let call = |server: &str, more: &[&str]| {
        let mut a = vec![
            "call",
            server,
            "add",
            r#"{"a": 2, "b": 40}"#,
            "--timeout",
            "20",
        ];
        a.extend_from_slice(more);
        sb.run(&mut mcpctl(&sb, &a))
    };
    // like the app: helper starts from the logged PATH, notes is not found
    let out = call("helper", &[]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "42\n"),
        "{out:?}"
    );
    let out = call("notes", &[]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("command-not-found"), "{out:?}");
    // off: the profile's PATH (the sandbox's bin) finds notes, not helper
    let out = call("notes", &["--app-path-from-logs=false"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), "42\n"),
        "{out:?}"
    );
    let out = call("helper", &["--app-path-from-logs=false"]);
    assert_eq!(out.code, Some(1), "{out:?}");
}

#[test]
fn doctor_puts_the_apps_outcome_beside_its_launch() {
    let (sb, _) = calibration_world();
    let doctor = |args: &[&str]| {
        let mut a = vec!["doctor", "--timeout", "20"];
        a.extend_from_slice(args);
        mcpctl(&sb, &a)
    };
    // with the logged PATH: both fail notes, both start helper
    let out = mcpctl_snapshot!("calibrated_doctor", sb, &mut doctor(&[]));
    assert!(out.stdout.contains("5. What the app recorded"), "{out:?}");
    // without: mcpctl starts notes, which the app could not: the sentence says why
    let [text, json] = text_and_json!(
        "uncalibrated_doctor",
        sb,
        &["--app-path-from-logs=false"],
        doctor
    );
    let want = format!(
        "note[app-outcome-differs]: the app failed it at 2026-09-02 07:58:10 UTC with `spawn notes-server ENOENT`; launched with the app's environment mcpctl finds `notes-server` at {}/notes-server: the app's PATH differs, it logged PATH={}/apppath",
        sb.bin().display(),
        sb.root().display()
    );
    assert!(text.stdout.contains(&want), "{text:?}");
    let doc = json.json();
    let notes = &doc["app_recorded"]["servers"][0];
    assert_eq!(notes["findings"][0]["code"], "app-outcome-differs");
    assert_eq!(notes["mcpctl"]["ok"], true);
    assert_eq!(notes["app"]["chat"]["state"], "failed");
}

#[test]
fn doctor_on_the_linux_home_says_what_the_app_has_not_seen() {
    let sb = home_with("linux");
    let config = write_config(&sb, LINUX_CONFIG, BEFORE_ALL);
    // the app launched after the file changed, but not `weather`; it ran
    // `rust-notes`, which the file no longer has
    let [text, _] = text_and_json!(
        "linux_home_doctor",
        sb,
        &["--no-launch"],
        |args: &[&str]| {
            let mut a = vec!["doctor"];
            a.extend_from_slice(args);
            mcpctl(&sb, &a)
        }
    );
    for want in [
        "note[app-skipped-server]",
        "note[app-logged-not-in-file]",
        "note[app-tool-schema-refused]",
    ] {
        assert!(text.stdout.contains(want), "{want}: {text:?}");
    }
    assert_eq!(
        text.code,
        Some(1),
        "the commands do not exist: the exit code is theirs"
    );
    // the file changed after the app's last launch: restart it
    set_mtime(&config, AFTER_ALL);
    let out = sb.run(&mut mcpctl(&sb, &["--json", "doctor", "--no-launch"]));
    let doc = out.json();
    let codes: Vec<&str> = doc["app_recorded"]["servers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["app-not-restarted", "app-not-restarted"], "{doc:#}");
    // the notes change no count
    assert_eq!(
        doc["summary"]["notes"],
        doc["machine"]["findings"].as_array().unwrap().len()
    );
}

/// A secret in the config's args (`--api-key X`) is masked where the logs
/// quote the command line, as `list` masks it: in text, JSON and `--raw`.
#[cfg(not(windows))]
#[test]
fn a_secret_in_args_is_masked_in_the_logs() {
    const SECRET: &str = "ghp_ARGSECRET1234567890abcdefABCDEF";
    let sb = Sandbox::new();
    write_config(
        &sb,
        &format!(
            r#"{{"mcpServers":{{"gh":{{"command":"npx","args":["-y","srv","--api-key","{SECRET}"]}}}}}}"#
        ),
        BEFORE_ALL,
    );
    sb.write(
        logs_dir(&sb).join("mcp.log"),
        format!(
            "2026-11-29T10:00:00.000Z [info] [gh] Initializing server... {{ metadata: undefined }}\n\
2026-11-29T10:00:00.100Z [info] [gh] Using MCP server command: /usr/bin/npx with args and path: \
{{ metadata: {{ args: [ '-y', 'srv', '--api-key', '{SECRET}' ], paths: [ '/usr/bin' ] }} }}\n"
        ),
    );
    for args in [&["logs"][..], &["--json", "logs"], &["logs", "--raw"]] {
        let out = sb.run(&mut mcpctl(&sb, args));
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(!out.all().contains("ARGSECRET"), "{args:?}: {out:?}");
        assert!(out.stdout.contains("****"), "{args:?}: {out:?}");
    }
}

/// A server `mcpctl disable` set aside keeps its secrets masked: its env
/// value echoed on stderr is `****` in `logs` (text, JSON, `--raw`) and in
/// doctor, as before the disable.
#[cfg(not(windows))]
#[test]
fn a_disabled_servers_secrets_stay_masked_in_the_logs() {
    const SECRET: &str = "supersecretvalue123";
    let sb = Sandbox::new();
    write_config(
        &sb,
        &format!(
            r#"{{"mcpServers":{{"gh":{{"command":"/nonexistent/gh","env":{{"API_KEY":"{SECRET}"}}}},"b":{{"command":"/nonexistent/b"}}}}}}"#
        ),
        BEFORE_ALL,
    );
    sb.write(
        logs_dir(&sb).join("mcp-server-gh.log"),
        format!(
            "2026-11-29T10:00:00.000Z [gh] [info] Initializing server... {{ metadata: undefined }}\n\
auth with API_KEY={SECRET} failed\nrejected: {SECRET}\n"
        ),
    );
    let out = sb.run(&mut mcpctl(&sb, &["disable", "gh"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    // another config of the same folder shares the side file: gh is not
    // its disabled server, yet its secret stays masked there too
    let other = config_path(&sb).with_file_name("other.json");
    sb.write(&other, r#"{"mcpServers":{}}"#);
    let other = other.to_str().expect("utf-8 path");
    for args in [
        &["logs", "gh"][..],
        &["--json", "logs", "gh"],
        &["logs", "--raw", "gh"],
        &["doctor", "--no-launch"],
        &["--config", other, "logs", "gh"],
        &["--config", other, "logs", "--raw", "gh"],
        &["--config", other, "doctor", "--no-launch"],
    ] {
        let out = sb.run(&mut mcpctl(&sb, args));
        assert!(!out.all().contains(SECRET), "{args:?}: {out:?}");
    }
    let out = sb.run(&mut mcpctl(&sb, &["logs", "gh"]));
    assert!(out.stdout.contains("API_KEY=****"), "{out:?}");
    let out = sb.run(&mut mcpctl(&sb, &["--config", other, "logs", "gh"]));
    assert!(out.stdout.contains("rejected: ****"), "{out:?}");
}

/// A Desktop Extension's secrets are masked as a config server's are: a
/// `sensitive` setting's saved value where the logs quote its command line
/// and its stderr; a plain setting feeding a secret-named env var, in the
/// args that carry it too (launch and logs). Its manifest's `args` given
/// as a string is not launched without them: the app cannot start it.
#[cfg(not(windows))]
#[test]
fn an_extensions_secrets_are_masked_and_string_args_do_not_start() {
    const SENSITIVE: &str = "Tr0ub4dor&3 horse";
    const PLAIN: &str = "hunter2-plain-pw";
    let sb = Sandbox::new();
    let config = write_config(&sb, r#"{"mcpServers":{}}"#, BEFORE_ALL);
    let data = config.parent().unwrap().to_path_buf();
    let manifest = |args: &str| {
        format!(
            r#"{{"manifest_version": "0.3", "name": "Pos", "version": "1.0.0", "description": "d",
 "author": {{"name": "a"}}, "server": {{"type": "binary", "entry_point": "x",
 "mcp_config": {{"command": "/nonexistent/pos", "args": {args},
   "env": {{"EXT_TOKEN": "${{user_config.plain}}"}}}}}},
 "user_config": {{"pw": {{"type": "string", "title": "p", "description": "d", "sensitive": true}},
   "plain": {{"type": "string", "title": "q", "description": "d"}}}}}}"#
        )
    };
    sb.write(
        data.join("Claude Extensions/local.pos/manifest.json"),
        manifest(r#"["${user_config.pw}", "--plain=${user_config.plain}"]"#),
    );
    sb.write(
        data.join("Claude Extensions/local.str/manifest.json"),
        manifest(r#""${__dirname}/server.py""#),
    );
    for id in ["local.pos", "local.str"] {
        sb.write(
            data.join(format!("Claude Extensions Settings/{id}.json")),
            format!(
                r#"{{"isEnabled": true, "userConfig": {{"pw": "{SENSITIVE}", "plain": "{PLAIN}"}}}}"#
            ),
        );
    }
    sb.write(
        logs_dir(&sb).join("mcp-server-Pos.log"),
        format!(
            "2026-11-29T10:00:00.000Z [Pos] [info] Initializing server... {{ metadata: undefined }}\n\
2026-11-29T10:00:00.100Z [Pos] [info] Using MCP server command: /nonexistent/pos with args and path: \
{{ metadata: {{ args: [ '{SENSITIVE}', '--plain={PLAIN}' ], paths: [ '/usr/bin' ] }} }}\n\
connecting with password {SENSITIVE} failed\n"
        ),
    );
    for args in [
        &["logs", "Pos"][..],
        &["--json", "logs", "Pos"],
        &["logs", "--raw", "Pos"],
        &["--json", "test-launch", "--timeout", "5"],
        &["doctor", "--timeout", "5"],
    ] {
        let out = sb.run(&mut mcpctl(&sb, args));
        let all = out.all();
        assert!(
            !all.contains(SENSITIVE) && !all.contains(PLAIN),
            "{args:?}: {out:?}"
        );
    }
    let out = sb.run(&mut mcpctl(
        &sb,
        &["--json", "test-launch", "--timeout", "5"],
    ));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let exts = doc["extensions"].as_array().cloned().unwrap_or_default();
    let of = |id: &str| {
        exts.iter()
            .find(|e| e["name"] == id)
            .unwrap_or_else(|| panic!("{id}: {doc:#}"))
            .clone()
    };
    let str_args = of("local.str");
    assert_eq!(str_args["app_starts"], false, "{str_args:#}");
    assert!(
        str_args
            .to_string()
            .contains("gives `args` as a string, not an array"),
        "{str_args:#}"
    );
}

/// A sensitive setting lives in the OS keychain, not in the settings file,
/// so mcpctl never has its value: the argument the manifest fills from it
/// is masked in the command line the app logged, by its place (whole, or
/// what the literal text around it leaves), and so is every later line
/// quoting it. A saved sensitive value is masked even when the manifest
/// has no `mcp_config` to put it in.
#[cfg(not(windows))]
#[test]
fn a_keychain_value_the_app_logged_is_masked_by_its_place_in_args() {
    const KEY: &str = "Zq8pL2mN4vR7tY1wXk3";
    const REGION: &str = "eu-west-Secr3tRegion";
    const SAVED: &str = "SavedTok3nValue9";
    let sb = Sandbox::new();
    let config = write_config(&sb, r#"{"mcpServers":{}}"#, BEFORE_ALL);
    let data = config.parent().unwrap().to_path_buf();
    sb.write(
        data.join("Claude Extensions/ext.key/manifest.json"),
        r#"{"manifest_version": "0.3", "name": "keyed", "display_name": "Keyed", "version": "1.0.0",
 "description": "d", "author": {"name": "a"},
 "server": {"type": "node", "entry_point": "server/index.js",
 "mcp_config": {"command": "node",
   "args": ["${__dirname}/server/index.js", "${user_config.api_key}", "--region=${user_config.region}"]}},
 "user_config": {
   "api_key": {"type": "string", "title": "Key", "description": "d", "sensitive": true},
   "region": {"type": "string", "title": "Region", "description": "d", "sensitive": true}}}"#,
    );
    sb.write(
        data.join("Claude Extensions Settings/ext.key.json"),
        r#"{"isEnabled": true}"#,
    );
    // no mcp_config (and not a uv bundle): the saved value is a secret still
    sb.write(
        data.join("Claude Extensions/ext.bare/manifest.json"),
        r#"{"manifest_version": "0.3", "name": "bare", "version": "1.0.0", "description": "d",
 "author": {"name": "a"}, "server": {"type": "node", "entry_point": "i.js"},
 "user_config": {"token": {"type": "string", "title": "T", "description": "d", "sensitive": true}}}"#,
    );
    sb.write(
        data.join("Claude Extensions Settings/ext.bare.json"),
        format!(r#"{{"isEnabled": true, "userConfig": {{"token": "{SAVED}"}}}}"#),
    );
    sb.write(
        logs_dir(&sb).join("mcp.log"),
        format!(
            "2026-11-29T10:00:00.000Z [info] [Keyed] Initializing server... {{ metadata: undefined }}\n\
2026-11-29T10:00:00.100Z [info] [Keyed] Using MCP server command: /usr/bin/node with args and path: \
{{ metadata: {{ args: [ '/x/Claude Extensions/ext.key/server/index.js', '{KEY}', '--region={REGION}' ], \
paths: [ '/usr/bin' ] }} }}\n\
2026-11-29T10:00:01.000Z [info] [Keyed] Server transport closed unexpectedly, key {KEY} in {REGION} refused\n\
2026-11-29T10:00:02.000Z [info] [bare] Initializing server... {{ metadata: undefined }}\n\
2026-11-29T10:00:02.100Z [info] [bare] Using MCP server command: /usr/bin/node with args and path: \
{{ metadata: {{ args: [ 'i.js', '{SAVED}' ], paths: [ '/usr/bin' ] }} }}\n"
        ),
    );
    for args in [
        &["logs", "Keyed", "bare"][..],
        &["--json", "logs", "Keyed", "bare"],
        &["logs", "--raw", "Keyed", "bare"],
    ] {
        let out = sb.run(&mut mcpctl(&sb, args));
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(out.stdout.contains("--region=****"), "{args:?}: {out:?}");
        out.assert_hides(&[KEY, REGION, SAVED], &format!("{args:?}"));
    }
}

/// What the logs say of a secret is masked in every field, not only the
/// line's text: the era verdict's reason, a failure's reason, a refused
/// tool's name, a lane's reason; and a command line the app logged with a
/// secret by rule (`--api-key X`, a URL's password) that the config no
/// longer holds is masked as `list` would mask it, in text, JSON, `--raw`
/// and what `--follow` reads later.
#[cfg(not(windows))]
#[test]
fn secrets_are_masked_in_every_field_the_logs_give() {
    const ENV: &str = "Xy7Qp2Lm9Rt4Vb8N";
    const GHP: &str = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    let sb = Sandbox::new();
    write_config(
        &sb,
        &format!(r#"{{"mcpServers":{{"u1":{{"command":"npx","env":{{"MY_SECRET":"{ENV}"}}}}}}}}"#),
        BEFORE_ALL,
    );
    let log = logs_dir(&sb).join("mcp.log");
    let meta = "{ metadata: undefined }";
    let shared = "{ metadata: { context: 'shared-pool', stack: undefined } }";
    sb.write(
        &log,
        format!(
            "2026-11-29T23:50:00.100Z [info] [u1] Initializing server... {meta}
2026-11-29T23:50:00.200Z [info] [u1] Using MCP server command: /usr/bin/npx with args and path: {{ metadata: {{ args: [ '--api-key', 'zzzzOLDKEYzzzz', '--api-key=yyyyOLDKEYyyyy', 'https://user:pwOLDKEY123@example.com/x' ], paths: [ '/usr/bin' ] }} }}
2026-11-29T23:50:00.300Z [info] [u1] Era probe verdict: legacy ({ENV}) {meta}
2026-11-29T23:50:01.200Z [error] [u1] Connection failed: bad token {GHP} {meta}
2026-11-29T23:50:01.300Z [error] [u1] Tool '{ENV}' has an invalid outputSchema: dialect {ENV} {meta}
2026-11-29T23:50:01.400Z [error] [u1] [LocalMcpServerManager] MCP u1: Couldn't start this server for Cowork and Code sessions (they run their own copy of it), so they can't use its tools: {ENV} {shared}
2026-11-29T23:50:01.500Z [error] [u1] Version negotiation failed: {ENV} {shared}
"
        ),
    );
    let clear = |out: &crate::support::Out, what: &str| {
        for s in [ENV, GHP, "OLDKEY"] {
            assert!(!out.all().contains(s), "{what}: {s} in {out:?}");
        }
    };
    for args in [&["logs"][..], &["--json", "logs"], &["logs", "--raw"]] {
        let out = sb.run(&mut mcpctl(&sb, args));
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        clear(&out, &format!("{args:?}"));
        assert!(out.stdout.contains("****"), "{args:?}: {out:?}");
    }
    // the same, read by --follow after the report
    let mut f = Following::start(&sb, &["--json", "logs", "--follow", "u1"]);
    f.expect_err("following");
    append(
        &log,
        format!(
            "2026-11-29T23:51:00.100Z [info] [u1] Using MCP server command: /usr/bin/npx with args and path: {{ metadata: {{ args: [ '--token', 'ttttNEWKEYtttt' ], paths: [ '/usr/bin' ] }} }}
2026-11-29T23:51:01.200Z [error] [u1] Connection failed: bad {ENV} rejected ttttNEWKEYtttt {meta}
"
        )
        .as_bytes(),
    );
    let line = f.expect("connection_failed");
    f.stop();
    let seen = f.seen.join("\n");
    for s in [ENV, "NEWKEY"] {
        assert!(!seen.contains(s), "{s} in {seen}");
    }
    assert!(line.contains("bad ****"), "{line}");
}

/// A server name holding `] [` (`x] [error`) is read whole, in mcp.log
/// and in its own file, not cut at its first `] `.
#[cfg(not(windows))]
#[test]
fn a_server_name_holding_brackets_is_read_whole() {
    let sb = Sandbox::new();
    write_config(
        &sb,
        r#"{"mcpServers":{"x] [error":{"command":"/bin/true"}}}"#,
        BEFORE_ALL,
    );
    let meta = "{ metadata: undefined }";
    sb.write(
        logs_dir(&sb).join("mcp.log"),
        format!(
            "2026-11-29T10:00:00.000Z [info] [x] [error] Initializing server... {meta}\n\
2026-11-29T10:00:00.200Z [info] [x] [error] Server started and connected successfully {meta}\n"
        ),
    );
    sb.write(
        logs_dir(&sb).join("mcp-server-x] [error.log"),
        format!("2026-11-29T10:00:00.000Z [x] [error] [info] Initializing server... {meta}\n"),
    );
    let out = sb.run(&mut mcpctl(&sb, &["--json", "logs"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let v = out.json();
    let names: Vec<&str> = v["servers"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["server"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["x] [error"], "{v:#}");
    assert_eq!(v["not_found"], serde_json::json!([]), "{v:#}");
}

/// Every string of a JSON document, depth first.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn control_characters_in_a_log_line_keep_the_json_valid_and_exact() {
    let sb = Sandbox::new();
    let said = "Server disconnected. 10%\u{7f}\u{7f}20% \u{202e}dlrow \u{9b}2J";
    sb.write(
        logs_dir(&sb).join("mcp.log"),
        format!("2026-11-29T21:00:00.000Z [error] [ex] {said} {{ metadata: undefined }}\n"),
    );
    write_config(
        &sb,
        "{\"mcpServers\": {\"ex\": {\"command\": \"x\"}}}\n",
        BEFORE_ALL,
    );
    let out = sb.run(&mut mcpctl(&sb, &["--json", "logs"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    // nothing a terminal acts on reaches stdout raw
    for c in ['\u{7f}', '\u{202e}', '\u{9b}'] {
        assert!(!out.stdout.contains(c), "{c:?} raw in {out:?}");
    }
    // and the line is there exactly, once decoded
    let mut all = Vec::new();
    strings(&out.json(), &mut all);
    assert!(all.iter().any(|s| s.contains(said)), "{all:#?}");
}

// ---- files of the logs folder that cannot be read ------------------------------

/// Who runs mcpctl where a log file is closed to it: this user when it is
/// not root (mode 000 is enough), else `nobody` through `setpriv` (root
/// reads any file whatever its mode), the sandbox opened for `nobody` to
/// walk. `Some(None)`: as this user; None after a loud skip.
#[cfg(unix)]
fn denied_reader(sb: &Sandbox, test: &str) -> Option<Option<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some(None);
    }
    let setpriv = support::setpriv_as_root(test)?;
    std::fs::set_permissions(sb.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    Some(Some(setpriv))
}

/// `mcpctl ARGS` in the sandbox as [`denied_reader`] says.
#[cfg(unix)]
fn as_reader(sb: &Sandbox, setpriv: Option<&Path>, args: &[&str]) -> Command {
    let Some(setpriv) = setpriv else {
        return mcpctl(sb, args);
    };
    let mut cmd = Command::new(setpriv);
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(support::mcpctl_bin())
        .args(args)
        .env_clear()
        .env("HOME", sb.home())
        .env("PATH", sb.bin())
        .env("TZ", TZ)
        .current_dir(sb.work());
    cmd
}

#[cfg(unix)]
fn close(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
}

/// The warning a file closed to its reader gets.
fn denied_warning(path: &Path) -> String {
    format!(
        "warning: skipped {}: Permission denied (os error 13) (check its permissions: `ls -l` shows them; mcpctl only reads the logs)",
        path.display()
    )
}

fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect()
}

fn session_names(doc: &serde_json::Value) -> Vec<&str> {
    doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["server"].as_str().unwrap())
        .collect()
}

/// One log file another user owns (mode 000) no longer hides every other
/// server: it is skipped, named on stderr with the OS's words and what to
/// do (and in `unreadable` with `--json`), the rest is read, exit 0. So
/// with mcp.log itself closed: the servers' own files still give their
/// sessions. Doctor says it in its section too.
#[cfg(unix)]
#[test]
fn a_log_file_that_cannot_be_read_is_skipped_and_said() {
    let sb = home_with("macos");
    let Some(setpriv) = denied_reader(&sb, "a_log_file_that_cannot_be_read_is_skipped_and_said")
    else {
        return;
    };
    let run = |args: &[&str]| sb.run(&mut as_reader(&sb, setpriv.as_deref(), args));
    let dir = logs_dir(&sb);
    let github = dir.join("mcp-server-github.log");
    close(&github);
    let text = run(&["logs"]);
    assert_eq!(text.code, Some(0), "{text:?}");
    assert_eq!(
        warnings(&text.stderr),
        [denied_warning(&github)],
        "{text:?}"
    );
    for shown in [
        "\ndesktop-commander  connected",
        "\nfilesystem  connected",
        "\nmemory  disconnected",
        // from mcp.log, which every server writes to
        "\ngithub  failed",
    ] {
        assert!(text.stdout.contains(shown), "{shown}: {text:?}");
    }
    let json = run(&["--json", "logs"]);
    assert_eq!(json.code, Some(0), "{json:?}");
    assert!(
        !json.stderr.contains("warning:"),
        "said in the document: {json:?}"
    );
    let doc = json.json();
    assert_eq!(
        doc["unreadable"],
        serde_json::json!([{
            "path": github.display().to_string(),
            "kind": "server",
            "error": "Permission denied (os error 13)"
        }])
    );
    assert_eq!(
        session_names(&doc),
        ["desktop-commander", "filesystem", "github", "memory"]
    );
    // asked for one server only: another's file is not its business
    let memory = run(&["logs", "memory"]);
    assert_eq!(memory.code, Some(0), "{memory:?}");
    assert!(warnings(&memory.stderr).is_empty(), "{memory:?}");

    // mcp.log closed too: every server's own file is still read
    let mcp = dir.join("mcp.log");
    close(&mcp);
    let json = run(&["--json", "logs"]);
    assert_eq!(json.code, Some(0), "{json:?}");
    let doc = json.json();
    let bad: Vec<&str> = doc["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        bad,
        [github.display().to_string(), mcp.display().to_string()]
    );
    // (without mcp.log no launch is known: every file's last session, as
    // for a folder without one)
    assert_eq!(
        session_names(&doc),
        ["desktop-commander", "filesystem", "memory", "puppeteer"]
    );
    let text = run(&["logs"]);
    assert_eq!(
        warnings(&text.stderr),
        [denied_warning(&github), denied_warning(&mcp)],
        "{text:?}"
    );

    // github's own file was its only readable record left: its log could
    // not be read, which is not "the app has not started it"
    let own = format!(
        "github  its log could not be read ({}: Permission denied (os error 13))\n",
        github.display()
    );
    let asked = run(&["logs", "github"]);
    assert_eq!(asked.code, Some(0), "{asked:?}");
    assert!(asked.stdout.ends_with(&own), "{asked:?}");
    assert!(!asked.stdout.contains("not started"), "{asked:?}");
    assert_eq!(
        warnings(&asked.stderr),
        [denied_warning(&github), denied_warning(&mcp)],
        "{asked:?}"
    );
    let raw = run(&["logs", "--raw", "github"]);
    assert_eq!(raw.code, Some(0), "{raw:?}");
    assert_eq!(raw.stdout, own, "{raw:?}");
    let doc = run(&["--json", "logs", "github"]).json();
    assert_eq!(doc["not_found"], serde_json::json!([]), "{doc}");
    assert_eq!(
        doc["unreadable_servers"],
        serde_json::json!([{
            "server": "github",
            "path": github.display().to_string(),
            "kind": "server",
            "error": "Permission denied (os error 13)"
        }])
    );

    // doctor's "What the app recorded" names them beside what it read,
    // and does not say the app skipped github: its log could not be read
    write_config(
        &sb,
        r#"{"mcpServers": {"memory": {"command": "/bin/true"}, "github": {"command": "/bin/true"}}}"#,
        BEFORE_ALL,
    );
    let doctor = run(&["doctor", "--no-launch"]);
    assert!(
        doctor
            .stdout
            .contains(&format!("  {}\n", denied_warning(&github))),
        "{doctor:?}"
    );
    assert!(
        doctor
            .stdout
            .lines()
            .any(|l| l.starts_with("  github ") && l.ends_with("  app: its log could not be read")),
        "{doctor:?}"
    );
    assert!(!doctor.stdout.contains("app-skipped-server"), "{doctor:?}");
    assert!(!doctor.stdout.contains("app-not-restarted"), "{doctor:?}");
    let doc = run(&["--json", "doctor", "--no-launch"]).json();
    let recorded = &doc["app_recorded"];
    assert_eq!(recorded["error"], serde_json::Value::Null, "{recorded}");
    assert_eq!(recorded["unreadable"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        recorded["servers"][0]["app"]["chat"]["state"],
        "disconnected"
    );
    assert!(
        recorded["servers"][0].get("log_unreadable").is_none(),
        "{recorded}"
    );
    let gh = &recorded["servers"][1];
    assert_eq!(gh["name"], "github", "{recorded}");
    assert_eq!(gh["app"], serde_json::Value::Null, "{recorded}");
    assert_eq!(gh["findings"], serde_json::json!([]), "{recorded}");
    assert_eq!(
        gh["log_unreadable"]["path"],
        github.display().to_string(),
        "{recorded}"
    );
}

/// test-launch takes the PATH the app logged from the files it can read:
/// another server's closed file used to cost every server its logged PATH.
#[cfg(unix)]
#[test]
fn a_closed_log_file_leaves_the_logged_path_to_the_others() {
    let (sb, _) = calibration_world();
    let Some(setpriv) = denied_reader(
        &sb,
        "a_closed_log_file_leaves_the_logged_path_to_the_others",
    ) else {
        return;
    };
    let other = sb.write(logs_dir(&sb).join("mcp-server-other.log"), "secret\n");
    close(&other);
    let out = sb.run(&mut as_reader(
        &sb,
        setpriv.as_deref(),
        &["--json", "test-launch", "--timeout", "20", "helper"],
    ));
    let doc = out.json();
    assert_eq!(doc["servers"][0]["verdict"], "ok", "{out:?}");
    assert_eq!(
        doc["servers"][0]["path_from_logs"]["path"],
        sb.root().join("apptools").display().to_string()
    );
}

/// A FIFO and a folder named like log files (mcp.log itself among them)
/// never hold the read up (a FIFO opened for reading waits for a writer):
/// each is named, "not a regular file", and the rest is read. Root or not.
#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_named_like_a_log_is_named_and_never_waited_on() {
    let sb = home_with("macos");
    let dir = logs_dir(&sb);
    let mkfifo = |p: &Path| {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    };
    let mcp = dir.join("mcp.log");
    std::fs::remove_file(&mcp).unwrap();
    mkfifo(&mcp);
    let piped = dir.join("mcp-server-piped.log");
    mkfifo(&piped);
    let folder = dir.join("mcp-server-folder.log");
    std::fs::create_dir(&folder).unwrap();
    let started = Instant::now();
    let text = sb.run(&mut mcpctl(&sb, &["logs"]));
    assert_eq!(text.code, Some(0), "{text:?}");
    assert_eq!(
        warnings(&text.stderr),
        [
            format!(
                "warning: skipped {}: not a regular file (a folder)",
                folder.display()
            ),
            format!(
                "warning: skipped {}: not a regular file (a named pipe (FIFO))",
                piped.display()
            ),
            format!(
                "warning: skipped {}: not a regular file (a named pipe (FIFO))",
                mcp.display()
            ),
        ],
        "{text:?}"
    );
    assert!(text.stdout.contains("\nmemory  "), "{text:?}");
    let doc = sb.run(&mut mcpctl(&sb, &["--json", "logs"])).json();
    let bad: Vec<(&str, &str, &str)> = doc["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["path"].as_str().unwrap(),
                u["kind"].as_str().unwrap(),
                u["error"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(bad.len(), 3, "{doc}");
    assert_eq!(bad[2].1, "mcp", "{doc}");
    assert!(session_names(&doc).contains(&"filesystem"), "{doc}");

    // a server whose own file is one of them (a FIFO, a link to a device,
    // a link loop) is not "not started": its log could not be read
    let zero = dir.join("mcp-server-zero.log");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let looped = dir.join("mcp-server-loop.log");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let names = ["logs", "piped", "zero", "loop", "nowhere"];
    let text = sb.run(&mut mcpctl(&sb, &names));
    assert_eq!(text.code, Some(0), "{text:?}");
    let tail: Vec<&str> = text.stdout.lines().rev().take(4).collect();
    assert_eq!(
        tail[3], "nowhere  not in the logs read: the app has not started it",
        "{text:?}"
    );
    assert_eq!(
        tail[2],
        format!(
            "piped    its log could not be read ({}: not a regular file (a named pipe (FIFO)))",
            piped.display()
        ),
        "{text:?}"
    );
    assert_eq!(
        tail[1],
        format!(
            "zero     its log could not be read ({}: not a regular file (a character device (like /dev/null)))",
            zero.display()
        ),
        "{text:?}"
    );
    assert!(
        tail[0].starts_with(&format!(
            "loop     its log could not be read ({}: ",
            looped.display()
        )),
        "{text:?}"
    );
    let raw = sb.run(&mut mcpctl(&sb, &["logs", "--raw", "piped"]));
    assert_eq!(raw.code, Some(0), "{raw:?}");
    assert_eq!(
        raw.stdout,
        format!(
            "piped  its log could not be read ({}: not a regular file (a named pipe (FIFO)))\n",
            piped.display()
        ),
        "{raw:?}"
    );
    let mut json = vec!["--json"];
    json.extend(names);
    let doc = sb.run(&mut mcpctl(&sb, &json)).json();
    assert_eq!(doc["not_found"], serde_json::json!(["nowhere"]), "{doc}");
    let own: Vec<(&str, &str)> = doc["unreadable_servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["server"].as_str().unwrap(), u["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        own,
        [
            ("piped", piped.to_str().unwrap()),
            ("zero", zero.to_str().unwrap()),
            ("loop", looped.to_str().unwrap()),
        ],
        "{doc}"
    );
    assert_eq!(
        doc["unreadable_servers"][0]["error"],
        "not a regular file (a named pipe (FIFO))"
    );

    // nor does doctor say the app skipped them: it did not (they are in
    // the file, and the app started servers after it last changed)
    write_config(
        &sb,
        r#"{"mcpServers": {"piped": {"command": "/bin/true"}, "zero": {"command": "/bin/true"}, "nowhere": {"command": "/bin/true"}}}"#,
        BEFORE_ALL,
    );
    let doc = sb
        .run(&mut mcpctl(&sb, &["--json", "doctor", "--no-launch"]))
        .json();
    let servers = doc["app_recorded"]["servers"].as_array().unwrap();
    let codes: Vec<(&str, Vec<&str>)> = servers
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap(),
                x["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["code"].as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("piped", vec![]),
            ("zero", vec![]),
            ("nowhere", vec!["app-skipped-server"]),
        ],
        "{doc}"
    );
    assert_eq!(
        servers[0]["log_unreadable"]["path"],
        piped.display().to_string()
    );
    let doctor = sb.run(&mut mcpctl(&sb, &["doctor", "--no-launch"]));
    assert!(
        doctor
            .stdout
            .lines()
            .any(|l| l.starts_with("  piped ") && l.ends_with("  app: its log could not be read")),
        "{doctor:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "no run waited on a FIFO"
    );
}

/// `--follow` goes on when a file it follows can no longer be read: it
/// says so once and keeps printing the others' lines. (Write-only, 0200,
/// so the test can still append to it, root or not.)
#[cfg(unix)]
#[test]
fn follow_goes_on_without_a_file_it_can_no_longer_read() {
    use std::os::unix::fs::PermissionsExt;
    let sb = home_with("linux");
    let Some(setpriv) = denied_reader(&sb, "follow_goes_on_without_a_file_it_can_no_longer_read")
    else {
        return;
    };
    let dir = logs_dir(&sb);
    let notes = dir.join("mcp-server-Notes — Obsidian.log");
    let mut f = Following::spawn(as_reader(&sb, setpriv.as_deref(), &["logs", "--follow"]));
    f.expect_err("following 3 log files in");
    std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(0o200)).unwrap();
    append(&notes, b"Vault: reindexing\n");
    f.expect_err(&denied_warning(&notes));
    append(
        &dir.join("mcp.log"),
        b"2026-11-28T10:00:00.000Z [info] [rust-notes] Initializing server... { metadata: undefined }\n",
    );
    f.expect("10:00:00.000  rust-notes  info  Initializing server...");
    f.stop();
}

/// A log file far larger than the read budget (512 MiB per file chain) is
/// read from its end: a session at its tail (after an older line that
/// ends the search) is found without reading the rest, and a file that is one giant line (4 GiB of NUL bytes, no line
/// end; here behind a link, which is followed) costs the budget, not the
/// file: the line is skipped and `read` says so.
#[test]
fn a_huge_log_file_is_read_only_up_to_the_budget_and_says_what_it_skipped() {
    const GIB: u64 = 1024 * 1024 * 1024;
    let sb = Sandbox::new();
    write_config(
        &sb,
        r#"{"mcpServers":{"tail":{"command":"/nonexistent/tail"},"nul":{"command":"/nonexistent/nul"}}}"#,
        BEFORE_ALL,
    );
    let dir = logs_dir(&sb);
    std::fs::create_dir_all(&dir).unwrap();
    support::sparse(
        &dir.join("mcp-server-tail.log"),
        4 * GIB,
        b"\n2026-09-09T20:00:00.000Z [tail] [info] Server transport closed { metadata: undefined }\n\
2026-09-10T06:30:00.001Z [tail] [info] Initializing server... { metadata: undefined }\n\
2026-09-10T06:30:00.801Z [tail] [info] Server started and connected successfully { metadata: undefined }\n",
    );
    let huge = sb.root().join("huge.bin");
    support::sparse(&huge, 4 * GIB, b"");
    let nul = dir.join("mcp-server-nul.log");
    std::os::unix::fs::symlink(&huge, &nul).unwrap();

    let started = Instant::now();
    let text = sb.run(&mut mcpctl(&sb, &["logs"]));
    assert_eq!(text.code, Some(0), "{text:?}");
    let read = text
        .stdout
        .lines()
        .find(|l| l.starts_with("  read "))
        .unwrap_or_else(|| panic!("{text:?}"));
    assert!(
        read.contains(
            "mcp-server-nul.log (4096.0 MB, last 512.0 MB read, last line unfinished, \
             stopped at the read budget inside a line longer than 512.0 MB: the line skipped)"
        ),
        "{text:?}"
    );
    assert!(
        read.contains("mcp-server-tail.log (4096.0 MB, last 256.0 KB read)"),
        "{text:?}"
    );
    assert!(
        text.stdout.contains("\ntail  connected"),
        "the session at the tail is read: {text:?}"
    );
    assert!(
        text.stdout
            .contains("\nnul  not in the logs read (the oldest lines were left unread: past a line longer than the read budget)\n"),
        "{text:?}"
    );

    let doc = sb.run(&mut mcpctl(&sb, &["--json", "logs"])).json();
    let files = doc["files"].as_array().unwrap();
    let nul_read = files
        .iter()
        .find(|f| f["path"] == nul.display().to_string())
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(nul_read["scanned"], 512 * 1024 * 1024, "{doc:#}");
    assert_eq!(nul_read["budget_exhausted"], true, "{doc:#}");
    assert_eq!(nul_read["dropped_at_budget"], 512 * 1024 * 1024, "{doc:#}");

    // doctor's "What the app recorded" reads them the same way
    let doctor = sb.run(&mut mcpctl(&sb, &["doctor", "--no-launch"]));
    assert!(doctor.code.is_some(), "{doctor:?}");
    assert!(
        doctor.stdout.contains("What the app recorded"),
        "{doctor:?}"
    );
    // a hang guard, not a timing test: reading the files whole took
    // minutes
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}
