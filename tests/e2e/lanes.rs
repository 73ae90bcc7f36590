//! Every server judged as the 2026 app does, lane by lane (issue 8): the
//! chat lane and the Cowork/Code lane (the era probe's sibling, then its
//! own copy beside the running chat copy), with the repo's rmcp fixture
//! server switched into each case by a flag, and the official
//! `@modelcontextprotocol/server-filesystem` from npm. Each case is a
//! snapshot of what a user sees (the exact verdict and cause), and each
//! checks that no copy of the server outlived the run.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

use crate::real_servers::controlled_path;
use crate::support::procs::{self, MARKER_VAR};
use crate::support::{self, Sandbox};

/// A sandbox with a config of servers tagged with one marker, and a PATH
/// that finds node and python where they are on this machine (`[PATH]`).
struct Lanes {
    sb: Sandbox,
    path: String,
    config: PathBuf,
    marker: String,
}

impl Lanes {
    /// `servers`: name → entry (each gets the marker in its env).
    fn new(test: &str, servers: Value) -> Lanes {
        let sb = Sandbox::new();
        sb.snapshots_differ_by_os(support::LAUNCH_PROFILE);
        let marker = procs::marker(test);
        let mut map = serde_json::Map::new();
        for (name, mut entry) in servers.as_object().cloned().unwrap_or_default() {
            entry["env"][MARKER_VAR] = json!(marker);
            map.insert(name, entry);
        }
        let text = serde_json::to_string_pretty(&json!({ "mcpServers": map })).expect("json");
        let config = sb.write(sb.work().join("claude_desktop_config.json"), text);
        let path = controlled_path();
        sb.name(&path, "[PATH]");
        Lanes {
            sb,
            path,
            config,
            marker,
        }
    }

    /// One example server `name` started with `args`.
    fn example(test: &str, name: &str, args: &[&str]) -> Lanes {
        Lanes::new(
            test,
            json!({ name: {"command": support::example_server(), "args": args} }),
        )
    }

    /// `mcpctl --config CONFIG SUBCOMMAND ARGS...`.
    fn cmd(&self, subcommand: &str, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.env("PATH", &self.path)
            .arg("--config")
            .arg(&self.config)
            .arg(subcommand)
            .args(args);
        cmd
    }

    fn launch(&self, args: &[&str]) -> Command {
        self.cmd("test-launch", args)
    }

    /// No process of this test's servers is left (killed and named if
    /// some are).
    fn assert_none_left(&self) {
        let left = procs::survivors_after(None, Some(&self.marker));
        assert!(left.is_empty(), "processes outlived mcpctl: {left:#?}");
    }
}

/// The only server of a test-launch document.
fn only(doc: &Value) -> &Value {
    let servers = doc["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 1, "{doc:#}");
    &servers[0]
}

/// A free port on 127.0.0.1 (bound, read, released).
#[cfg(target_os = "linux")]
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind port 0");
    l.local_addr().expect("local addr").port()
}

/// The rmcp server answers `server/discover` (rmcp 3.x), so the era probe
/// finds it modern; both lanes are ok, the cowork copy spoken to the
/// 2026-07-28 way as `local-agent-mode-example` with roots.
#[test]
fn a_healthy_server_is_ok_in_both_lanes() {
    let l = Lanes::example("healthy", "example", &[]);
    let [text, json] = text_and_json!("healthy", l.sb, &["--timeout", "30"], |a| l.launch(a));
    assert_eq!((text.code, json.code), (Some(0), Some(0)));
    let s = json.json();
    let s = only(&s);
    assert_eq!(s["lanes"]["chat"]["client"]["name"], "claude-ai");
    assert_eq!(
        s["lanes"]["cowork"]["client"]["name"],
        "local-agent-mode-example"
    );
    assert_eq!(s["lanes"]["cowork"]["via"], "server/discover");
    assert_eq!(s["lanes"]["cowork"]["era"]["era"], "modern");
    l.assert_none_left();
}

/// zod-to-json-schema's draft-07 on outputSchema: chat keeps its 2025
/// rules, cowork refuses every tool, naming draft-07 and outputSchema; the
/// same draft-07 on inputSchema is accepted (anthropics/claude-ai-mcp#1016).
#[test]
fn a_draft_07_output_schema_fails_the_cowork_lane_only() {
    let l = Lanes::example("draft07", "draft07", &["--draft07-output-schema"]);
    let [text, json] = text_and_json!("draft07", l.sb, &["--timeout", "30"], |a| l.launch(a));
    assert_eq!((text.code, json.code), (Some(1), Some(1)));
    let doc = json.json();
    let s = only(&doc);
    assert_eq!(s["verdict"], "ok", "the chat copy's own verdict");
    assert_eq!(s["ok"], false, "ok only when every lane is");
    assert_eq!(s["lanes"]["chat"]["verdict"], "ok");
    let cowork = &s["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "bad-tool-schema");
    let findings = cowork["tool_schemas"].as_array().expect("findings");
    assert_eq!(findings.len(), 3, "{findings:#?}");
    for f in findings {
        assert_eq!(
            (&f["field"], &f["dialect"], &f["refused"]),
            (&json!("outputSchema"), &json!("draft-07"), &json!(true))
        );
    }
    // the server's user cannot change its schemas: the hint says what they
    // can do, then what its author can
    let hint = cowork["hint"].as_str().unwrap_or_default();
    assert!(
        hint.starts_with(
            "nothing to change in your config: chat accepts these tools, but Cowork and Code \
sessions refuse them; update the server to a version that emits JSON Schema 2020-12, or report \
it to its author. For its author: "
        ),
        "{hint}"
    );
    assert_eq!(doc["summary"]["failed"], 1);
    l.assert_none_left();
}

/// A `$schema` that is no string (`5`) is said as the JSON it is, in the
/// text and in `declared`, and as no dialect URI; the field notes do not
/// say what the app makes of one, so no words of the app's are quoted.
#[test]
fn a_schema_that_is_not_a_string_is_shown_as_json() {
    let l = Lanes::example("nonstring", "five", &["--output-schema-declares", "5"]);
    let text = l.sb.run(&mut l.launch(&["--timeout", "30"]));
    assert_eq!(text.code, Some(1), "{text:?}");
    assert!(
        text.stdout.contains(
            "3 of 3 tools would be refused when called: 3 declare \"$schema\": 5 on \
outputSchema, not a dialect URI (`add`, `current_time`, `echo`)\n"
        ),
        "{}",
        text.stdout
    );
    let json = l.sb.run(&mut l.launch(&["--json", "--timeout", "30"]));
    let doc = json.json();
    let cowork = &only(&doc)["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "bad-tool-schema");
    let f = &cowork["tool_schemas"][0];
    assert_eq!(f["declared"], json!(5), "{f:#}");
    assert_eq!(f["problem"], "unknown-dialect", "{f:#}");
    assert_eq!(
        f["message"],
        "outputSchema declares \"$schema\": 5, a number, not a string: not a dialect URI"
    );
    l.assert_none_left();
}

/// One tool without `"type": "object"` and the SDK's client rejects the
/// whole `tools/list` result: in both lanes the app gets no tool at all
/// (anthropics/claude-code#10030, #88049; twentyhq/twenty#15348).
#[test]
fn an_input_schema_without_type_loses_every_tool_in_both_lanes() {
    let l = Lanes::example("untyped", "untyped", &["--untyped-input-schema"]);
    let [_, json] = text_and_json!("untyped", l.sb, &["--timeout", "30"], |a| l.launch(a));
    let doc = json.json();
    for lane in ["chat", "cowork"] {
        let s = &only(&doc)["lanes"][lane];
        assert_eq!(s["verdict"], "bad-reply", "{lane}: {s:#}");
        assert_eq!(s["phase"], "tools/list", "{lane}: {s:#}");
        let message = s["message"].as_str().unwrap_or("");
        assert!(
            message.contains("tool `echo` (tools[2]): inputSchema has no \"type\""),
            "{s:#}"
        );
        assert!(message.contains("none of the 3 tools"), "{s:#}");
    }
    let cowork = &only(&doc)["lanes"]["cowork"];
    assert_eq!(cowork["tool_schemas"][0]["problem"], "not-an-object-schema");
    l.assert_none_left();
}

/// The context total counts only the tools the app gets: a listing its
/// client rejects whole (`bad-reply` in phase `tools/list`) adds nothing,
/// in `test-launch` and `doctor`, text and JSON; `summary.context` still
/// totals every listing (once, not once per lane).
#[test]
fn a_listing_the_app_rejects_whole_is_not_in_the_context_total() {
    let example = json!({"command": support::example_server()});
    let untyped = json!({"command": support::example_server(), "args": ["--untyped-input-schema"]});
    let l = Lanes::new(
        "rejected-total",
        json!({"example": example, "untyped": untyped}),
    );
    let alone = Lanes::new("rejected-alone", json!({"example": example}));
    let run = |l: &Lanes, sub: &str, args: &[&str]| l.sb.run(&mut l.cmd(sub, args));
    let one = run(&alone, "test-launch", &["--json"]).json();
    let both = run(&l, "test-launch", &["--json"]).json();
    let only_example = &one["summary"]["in_context"];
    assert_eq!(only_example["tools"], 3, "{one:#}");
    assert_eq!(both["summary"]["in_context"], *only_example, "{both:#}");
    assert_eq!(both["summary"]["context"]["tools"], 6, "{both:#}");
    let tokens = only_example["tokens"].as_u64().unwrap_or(0);
    let text = run(&l, "test-launch", &[]).stdout;
    assert!(
        text.contains(&format!("tool definitions ~{tokens} tokens in all")),
        "{text}"
    );
    let doctor = run(&l, "doctor", &["--json"]).json();
    assert_eq!(doctor["summary"]["in_context"], *only_example, "{doctor:#}");
    let text = run(&l, "doctor", &[]).stdout;
    assert!(
        text.contains(&format!(
            "tool definitions: 3 tools in all, ~{tokens} tokens"
        )),
        "{text}"
    );
    l.assert_none_left();
    alone.assert_none_left();
}

/// A fixed port: the chat copy holds it, the era probe's sibling (a second
/// copy started while the chat copy runs) cannot listen and exits; its
/// stderr names the cause. Whichever copy wins the race for the port when
/// all start together, the verdict is the same. (Linux: the OS's words for
/// "address in use" are in the snapshot.)
#[cfg(target_os = "linux")]
#[test]
fn a_single_instance_server_fails_only_as_a_second_copy() {
    let port = free_port().to_string();
    let l = Lanes::example("single", "single", &["--single-instance", &port]);
    l.sb.name(format!(":{port}"), ":[PORT]");
    l.sb.name(format!("\"{port}\""), "\"[PORT]\"");
    let [text, json] = text_and_json!("single_instance", l.sb, &["--timeout", "30"], |a| {
        l.launch(a)
    });
    assert_eq!(text.code, Some(1));
    let doc = json.json();
    let s = only(&doc);
    assert_eq!(s["lanes"]["chat"]["verdict"], "ok");
    let cowork = &s["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "concurrent-copy");
    assert_eq!(cowork["second_copy"]["copy"], "era-probe");
    assert_eq!(cowork["second_copy"]["cause"], "address in use");
    assert!(
        cowork["message"].as_str().is_some_and(|m| m.contains(
            "Version negotiation failed: the connection closed \
during the server/discover probe"
        )),
        "{cowork:#}"
    );
    l.assert_none_left();
}

/// A server that waits, saying nothing, for a lock the first copy holds
/// (one database file): started at once, the second copy may take the
/// lock first and leave the chat copy waiting, which the app, starting the
/// chat copy first, never sees. mcpctl does it again in the app's order:
/// chat ok, and the Cowork/Code copy `concurrent-copy` (launched again
/// alone, it works), whichever copy won the first race. Three runs.
#[test]
fn a_server_waiting_for_a_lock_fails_only_as_a_second_copy() {
    // the lock file: in a folder of its own, so the config does not name
    // the sandbox the servers run in
    let dir = tempfile::tempdir().expect("a folder for the lock");
    let lock = dir.path().join("db.lock");
    let l = Lanes::example(
        "waitlock",
        "waitlock",
        &["--wait-lock", lock.to_str().expect("utf-8 path")],
    );
    for run in 0..3 {
        let out = l.sb.run(&mut l.launch(&["--json", "--timeout", "3"]));
        let doc = out.json();
        let s = only(&doc);
        assert_eq!(s["lanes"]["chat"]["verdict"], "ok", "run {run}: {s:#}");
        let cowork = &s["lanes"]["cowork"];
        assert_eq!(cowork["verdict"], "concurrent-copy", "run {run}: {s:#}");
        assert_eq!(cowork["second_copy"]["alone"], "ok", "run {run}: {s:#}");
    }
    l.assert_none_left();
}

/// The same lock-waiting server with a timeout that leaves room: its
/// lane copy says nothing beside the chat copy, so mcpctl stops the chat
/// copy and the sibling after 10 s (the least it waits) and the copy
/// answers at once: `concurrent-copy` in about 15 s (20 s when the sibling
/// took the lock first), where it took the whole timeout and a launch
/// alone (35 s here, 65 s with the default 60 s).
#[test]
fn a_lock_waiting_copy_is_found_without_waiting_out_the_timeout() {
    let dir = tempfile::tempdir().expect("a folder for the lock");
    let lock = dir.path().join("db.lock");
    let l = Lanes::example(
        "waitlock-fast",
        "waitlock",
        &["--wait-lock", lock.to_str().expect("utf-8 path")],
    );
    for run in 0..2 {
        let t0 = std::time::Instant::now();
        let out = l.sb.run(&mut l.launch(&["--json", "--timeout", "30"]));
        let took = t0.elapsed();
        let doc = out.json();
        let s = only(&doc);
        assert_eq!(out.code, Some(1), "run {run}: {s:#}");
        assert_eq!(s["lanes"]["chat"]["verdict"], "ok", "run {run}: {s:#}");
        let cowork = &s["lanes"]["cowork"];
        assert_eq!(cowork["verdict"], "concurrent-copy", "run {run}: {s:#}");
        assert_eq!(cowork["phase"], "initialize", "run {run}: {s:#}");
        assert_eq!(
            cowork["second_copy"]["copy"], "lane-copy",
            "run {run}: {s:#}"
        );
        assert_eq!(cowork["second_copy"]["alone"], "ok", "run {run}: {s:#}");
        let waited = cowork["second_copy"]["waited_ms"]
            .as_u64()
            .unwrap_or_default();
        assert!((4_000..15_000).contains(&waited), "run {run}: {s:#}");
        let message = cowork["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("its own copy said nothing for")
                && message.contains("after mcpctl stopped the chat copy"),
            "run {run}: {message}"
        );
        assert!(
            took < std::time::Duration::from_secs(30),
            "run {run}: took {took:?}"
        );
    }
    l.assert_none_left();
}

/// Servers on older rmcp releases exit on any request before `initialize`:
/// the sibling dies during the probe, launched alone it dies again, and the
/// cowork lane fails with the app's words.
#[test]
fn a_server_that_exits_on_server_discover_fails_the_era_probe() {
    let l = Lanes::example("initfirst", "strict", &["--initialize-first"]);
    let [_, json] = text_and_json!("initialize_first", l.sb, &["--timeout", "30"], |a| {
        l.launch(a)
    });
    let doc = json.json();
    let cowork = &only(&doc)["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "era-probe-failed");
    assert_eq!(cowork["era"]["closed"], true);
    assert_eq!(
        cowork["era"]["verdict"],
        "legacy (sibling did not complete the exchange)"
    );
    l.assert_none_left();
}

/// A 2026-07-28-only server (-32022 to initialize, answers server/discover)
/// works in the app since the era probe: no longer a failure, its tools
/// listed the modern way in both lanes.
#[test]
fn a_modern_only_server_is_ok_through_server_discover() {
    let l = Lanes::example("modern", "modern", &["--modern-only"]);
    let [text, json] = text_and_json!("modern_only", l.sb, &["--timeout", "30"], |a| {
        l.launch(a)
    });
    assert_eq!((text.code, json.code), (Some(0), Some(0)));
    let doc = json.json();
    let s = only(&doc);
    assert_eq!(s["protocol_version"], "2026-07-28");
    assert_eq!(s["counts"]["tools"], 3);
    assert_eq!(
        s["lanes"]["chat"]["via"],
        "initialize, then server/discover"
    );
    assert_eq!(s["lanes"]["cowork"]["via"], "server/discover");
    l.assert_none_left();
}

/// `test-launch --json` of one example server started with `args` and
/// `--log-start`: the server's document and how many copies started.
fn counted_launch(test: &str, args: &[&str]) -> (Value, usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("starts.log");
    let log_arg = log.display().to_string();
    let args: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--log-start", &log_arg])
        .collect();
    let l = Lanes::example(test, test, &args);
    let out = l.sb.run(&mut l.launch(&["--json", "--timeout", "30"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    l.assert_none_left();
    let starts = std::fs::read_to_string(&log).map_or(0, |t| t.lines().count());
    (only(&out.json()).clone(), starts)
}

/// A 2025-only server (-32601 to server/discover, as v1 TypeScript SDK
/// servers answer): legacy, ok in both lanes, and the cowork lane's
/// `initialize` goes on the era probe's sibling (already a second copy
/// beside the chat copy), so a healthy server costs two launches, not three.
#[test]
fn a_legacy_server_is_ok_in_both_lanes_in_two_launches() {
    let (s, starts) = counted_launch("legacy", &["--legacy"]);
    assert_eq!(s["lanes"]["cowork"]["verdict"], "ok", "{s:#}");
    assert_eq!(s["lanes"]["cowork"]["via"], "initialize");
    assert_eq!(s["lanes"]["cowork"]["era"]["era"], "legacy");
    assert_eq!(
        s["lanes"]["cowork"]["client"]["name"],
        "local-agent-mode-legacy"
    );
    assert_eq!(starts, 2, "the chat copy and the sibling only");
}

/// A server that the probe's unknown first request spoils (it answers every
/// later request with an error) would fail the cowork lane on the sibling:
/// the lane gets a fresh copy of its own instead, and that copy's verdict is
/// the lane's: ok. A failure on the sibling alone never decides.
#[test]
fn a_server_spoiled_by_the_era_probe_gets_a_fresh_cowork_copy() {
    let (s, starts) = counted_launch("spoiled", &["--legacy", "--spoiled-by-errors"]);
    assert_eq!(s["lanes"]["cowork"]["verdict"], "ok", "{s:#}");
    assert_eq!(s["lanes"]["cowork"]["via"], "initialize");
    assert_eq!(starts, 3, "the chat copy, the sibling and a fresh copy");
}

/// `--lane` narrows the check: the chat lane alone passes a server the
/// cowork lane fails, and `lanes` holds only what was checked.
#[test]
fn lane_narrows_the_check() {
    let l = Lanes::example("narrow", "draft07", &["--draft07-output-schema"]);
    let chat =
        l.sb.run(&mut l.launch(&["--json", "--lane", "chat", "--timeout", "30"]));
    assert_eq!(chat.code, Some(0), "{chat:?}");
    let doc = chat.json();
    let lanes: Vec<&String> = only(&doc)["lanes"]
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(lanes, ["chat"]);
    assert!(only(&doc)["lanes"]["chat"]["era"].is_null(), "no era probe");
    let cowork = mcpctl_snapshot!(
        "lane_cowork_only",
        l.sb,
        &mut l.launch(&["--lane", "cowork", "--timeout", "30"])
    );
    assert_eq!(cowork.code, Some(1));
    l.assert_none_left();
}

/// `--discover` from before lanes: with the chat lane alone it still runs
/// the era probe and reports what the sibling answered.
#[test]
fn discover_is_kept_as_an_alias_of_the_era_probe() {
    let l = Lanes::example("alias", "example", &[]);
    let out =
        l.sb.run(&mut l.launch(&["--json", "--lane", "chat", "--discover", "--timeout", "30"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    let s = only(&doc);
    assert_eq!(s["discover"]["supported"], true);
    assert_eq!(s["discover"]["tools"], 3);
    assert_eq!(s["lanes"]["chat"]["era"]["era"], "modern");
    assert!(s["lanes"]["cowork"].is_null());
    l.assert_none_left();
}

/// A server that never answers `server/discover`, checked with a timeout
/// shorter than the era probe's usual wait: the sibling's silence is
/// legacy, not a hung server (the chat copy answered at once), so the
/// cowork lane goes on with `initialize` and is ok.
#[test]
fn a_server_deaf_to_server_discover_is_legacy_whatever_the_timeout() {
    let Some(py) = crate::probe::python() else {
        support::loud_skip("deaf_to_discover", "python3 not found");
        return;
    };
    let script = support::repo().join("tests/servers/deaf_to_discover.py");
    let l = Lanes::new(
        "deaf",
        json!({"deaf": {"command": py, "args": [script], "env": {"PYTHONDONTWRITEBYTECODE": "1"}}}),
    );
    let out = l.sb.run(&mut l.launch(&["--json", "--timeout", "2"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    let cowork = &only(&doc)["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "ok", "{cowork:#}");
    assert_eq!(cowork["via"], "initialize", "{cowork:#}");
    l.assert_none_left();
}

/// One server's tools alone past ~10k tokens: a note, not a failure; the
/// config's total in the summary.
#[test]
fn heavy_tool_definitions_get_a_note_not_a_failure() {
    let Some(py) = crate::probe::python() else {
        support::loud_skip("heavy_tool_definitions", "python3 not found");
        return;
    };
    let script = support::repo().join("tests/servers/big_tools.py");
    let l = Lanes::new(
        "heavy",
        json!({"heavy": {"command": py, "args": [script], "env": {"PYTHONDONTWRITEBYTECODE": "1"}}}),
    );
    l.sb.name(py, "[PYTHON]");
    let [text, json] = text_and_json!("heavy", l.sb, &["--timeout", "30"], |a| l.launch(a));
    assert_eq!(text.code, Some(0), "{text:?}");
    assert!(
        text.stdout.contains("note: its 40 tool definitions take ~"),
        "{text:?}"
    );
    let doc = json.json();
    let tokens = only(&doc)["context"]["tokens"].as_u64().unwrap_or(0);
    assert!(tokens > 10_000, "{tokens}");
    assert_eq!(doc["summary"]["context"]["tokens"].as_u64(), Some(tokens));
    l.assert_none_left();
}

/// doctor shows the failing lane inside the server's section.
#[test]
fn doctor_shows_the_failing_lane() {
    let l = Lanes::example("doctor", "draft07", &["--draft07-output-schema"]);
    let out = mcpctl_snapshot!(
        "doctor_lane",
        l.sb,
        &mut l.cmd("doctor", &["--timeout", "30"])
    );
    assert_eq!(out.code, Some(1));
    l.assert_none_left();
}

/// `add --check` judges the new entry in every lane too: a server whose
/// tools Cowork refuses is not saved without `--force`, and the failing
/// lane is what the check names.
#[test]
fn add_check_judges_every_lane() {
    let l = Lanes::new("addcheck", json!({}));
    let out = mcpctl_snapshot!(
        "add_check",
        l.sb,
        l.cmd("add", &["fresh", "--check", "--timeout", "30", "--"])
            .args([support::example_server(), "--draft07-output-schema"])
    );
    assert_eq!(out.code, Some(1));
    let saved = std::fs::read_to_string(&l.config).expect("config");
    assert!(!saved.contains("fresh"), "nothing written: {saved}");
    l.assert_none_left();
}

// ---------------------------------------------------------------------------
// the official filesystem server (scripts/install-test-servers.sh)
// ---------------------------------------------------------------------------

/// `@modelcontextprotocol/server-filesystem` 2026.8.31: 14 tools, every
/// inputSchema and outputSchema declaring draft-07. Chat serves it; the
/// cowork lane refuses all 14 for their outputSchema (the app's own report:
/// anthropics/claude-ai-mcp#1016). It asks the cowork copy for its roots.
#[test]
fn the_filesystem_server_fails_the_cowork_lane_naming_draft_07_and_output_schema() {
    let test = "the_filesystem_server_fails_the_cowork_lane";
    let Some(bin) = installed_bin(test, "mcp-server-filesystem") else {
        return;
    };
    let l = Lanes::new(
        "filesystem",
        json!({"filesystem": {"command": bin, "args": ["/tmp"]}}),
    );
    let out = l.sb.run(&mut l.launch(&["--json", "--timeout", "40"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    let s = only(&doc);
    assert_eq!(s["verdict"], "ok");
    assert_eq!(s["server_info"]["name"], "secure-filesystem-server");
    assert_eq!(s["counts"]["tools"], 14);
    let cowork = &s["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "bad-tool-schema");
    let message = cowork["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("draft-07") && message.contains("outputSchema"),
        "{message}"
    );
    let refused: Vec<&Value> = cowork["tool_schemas"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["refused"] == true)
        .collect();
    assert_eq!(refused.len(), 14);
    assert!(
        refused
            .iter()
            .all(|f| f["field"] == "outputSchema" && f["dialect"] == "draft-07")
    );
    let stable = json!({
        "verdict": s["verdict"],
        "server_info": s["server_info"],
        "counts": s["counts"],
        "context_tools": s["context"]["tools"],
        "lanes": s["lanes"].as_object().map(|lanes| lanes.iter().map(|(k, v)| (k.clone(), json!({
            "verdict": v["verdict"],
            "message": v["message"],
            "hint": v["hint"],
            "era": v["era"]["verdict"],
            "era_detail": v["era"]["detail"],
            "via": v["via"],
        }))).collect::<serde_json::Map<_, _>>()),
    });
    text_snapshot!(
        "filesystem",
        l.sb,
        serde_json::to_string_pretty(&stable).expect("json")
    );
    l.assert_none_left();
}

/// `CACHE/npm/node_modules/.bin/NAME` when installed (and node is on
/// PATH); a loud skip otherwise (a failure in CI when node exists).
fn installed_bin(test: &str, name: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("MCPCTL_TEST_SERVERS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| support::repo().join("target/test-servers"));
    let cache = if cache.is_absolute() {
        cache
    } else {
        support::repo().join(cache)
    };
    let bin = cache.join("npm/node_modules/.bin").join(name);
    let node = support::on_path("node");
    if bin.exists() && node.is_some() {
        return Some(bin);
    }
    let why = if node.is_none() {
        "node is not on PATH".to_string()
    } else {
        assert!(
            !support::is_ci(),
            "{test}: CI must not skip the reference servers (node exists): {} is not installed. \
hint: run scripts/install-test-servers.sh",
            bin.display()
        );
        format!(
            "{} is not installed. hint: run scripts/install-test-servers.sh",
            bin.display()
        )
    };
    support::loud_skip(test, &why);
    None
}
