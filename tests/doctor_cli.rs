//! `mcpctl doctor` end to end: exit codes, the report's sections, the JSON
//! shape of docs/json/doctor.md, masking, and `--no-launch` spawning
//! nothing; a missing config still reporting where the app looks and the
//! machine. Every run uses a temp home (and mostly `--config` in a temp
//! folder) and a controlled environment.

mod common;
mod doctor_support;

use doctor_support::{Out, SYSTEM_PATH, World, server_codes};

#[test]
fn a_healthy_server_is_launched_and_exits_0_with_secrets_masked() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert_eq!(o.code, Some(0), "{o:?}");
    for section in [
        "1. Where",
        "2. The file",
        "3. The machine",
        "4. Servers",
        "5. Summary",
    ] {
        assert!(o.stdout.contains(section), "missing {section}: {o:?}");
    }
    assert!(
        o.stdout.contains("1 server: 1 healthy, 0 with problems"),
        "{o:?}"
    );
    assert!(
        o.stdout.contains("launch ok: mcpctl-example-server"),
        "{o:?}"
    );
    assert!(o.stdout.contains("API_KEY=****"), "{o:?}");
    assert!(!o.stdout.contains("sk-verysecretvalue123"), "{o:?}");

    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &[]);
    assert_eq!(code, 0);
    let s = &doc["servers"][0];
    assert_eq!(s["healthy"], true);
    assert_eq!(s["launch"]["verdict"], "ok");
    assert_eq!(s["env"]["API_KEY"], "****");
    assert!(!doc.to_string().contains("sk-verysecretvalue123"));

    let (_, shown) = w.doctor_json(SYSTEM_PATH, &[], &["--show-secrets", "--no-launch"]);
    assert_eq!(
        shown["servers"][0]["env"]["API_KEY"],
        "sk-verysecretvalue123"
    );
}

#[test]
fn the_json_document_has_the_documented_shape() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["config"]["path"], w.config().display().to_string());
    assert_eq!(doc["config"]["rule"], "flag");
    assert!(doc["config"]["ignored"].is_array());
    assert!(doc["app"]["installed"].is_null() || doc["app"]["installed"].is_string());
    assert_eq!(doc["file"]["strict_json"], true);
    assert_eq!(doc["file"]["diagnostics"].as_array().map(Vec::len), Some(0));
    assert_eq!(doc["machine"]["os_profile"], "linux");
    assert_eq!(doc["machine"]["app_path"], SYSTEM_PATH);
    let tools: Vec<&str> = doc["machine"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["node", "npx", "uv", "uvx", "python3", "python"]);
    assert_eq!(doc["launched"], false);
    assert!(doc["servers"][0]["launch"].is_null());
    for key in [
        "servers",
        "healthy",
        "with_problems",
        "errors",
        "warnings",
        "notes",
        "fixable",
    ] {
        assert!(doc["summary"][key].is_u64(), "summary.{key}: {doc:#}");
    }
}

#[test]
fn no_launch_spawns_no_server_and_launching_does() {
    let w = World::new();
    let marker = w.project().join("spawned");
    let server = w.project().join("marker-server");
    w.script(&server, &format!("touch {}\nexit 3", marker.display()));
    let server_s = server.display().to_string();
    w.write_fixture("marker-server.json", &[("MARKER_SERVER", &server_s)]);

    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(o.stdout.contains("not launched: --no-launch"), "{o:?}");
    assert!(!marker.exists(), "--no-launch started the server");

    // the same check launching: the marker appears, the server fails
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert!(marker.exists(), "the server was not launched: {o:?}");
    assert_eq!(o.code, Some(1), "{o:?}");
    assert!(o.stdout.contains("launch failed: exited-early"), "{o:?}");
}

#[test]
fn a_broken_file_is_reported_with_positions_and_exits_1() {
    let w = World::new();
    w.write_fixture("broken-syntax.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(o.code, Some(1), "{o:?}");
    assert!(
        o.stdout.contains("Claude Desktop cannot parse this file"),
        "{o:?}"
    );
    assert!(o.stdout.contains("error[bom]"), "{o:?}");
    assert!(o.stdout.contains("claude_desktop_config.json:2:3"), "{o:?}");
    let (_, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(doc["file"]["strict_json"], false);
    let codes: Vec<&str> = doc["file"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for want in ["bom", "comment", "smart-quote", "trailing-comma"] {
        assert!(codes.contains(&want), "{want} not in {codes:?}");
    }
    let comment = doc["file"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "comment")
        .unwrap();
    assert_eq!(
        (comment["line"].as_u64(), comment["column"].as_u64()),
        (Some(2), Some(3))
    );
    assert!(doc["summary"]["fixable"].as_u64().unwrap() >= 5, "{doc:#}");
}

#[test]
fn servers_instead_of_mcp_servers_is_a_problem() {
    let w = World::new();
    std::fs::write(
        w.config(),
        format!(
            r#"{{"servers": {{"example": {{"command": "{}"}}}}}}"#,
            doctor_support::example_server()
        ),
    )
    .unwrap();
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(code, 1);
    assert_eq!(doc["servers"].as_array().map(Vec::len), Some(0));
    assert_eq!(doc["file"]["diagnostics"][0]["code"], "servers-key");
}

/// `mcpctl ARGS` in the world with no `--config`: the file is looked for
/// where the app looks, under the temp home.
fn run(w: &World, path: &str, extra: &[(&str, &str)], args: &[&str]) -> Out {
    let out = w
        .mcpctl(path, extra)
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run mcpctl");
    Out::from(out)
}

/// A fresh install: no config where the app looks, and nvm putting an old
/// Node first on the app's PATH. Returns the world, the shell's PATH and
/// the app's PATH.
fn fresh_install() -> (World, String, String) {
    let w = World::new();
    let bins = w.fake_nvm(&["v18.20.0", "v22.11.0"]);
    let (v18, v22) = (bins[0].display(), bins[1].display());
    let shell_path = format!("{v22}:{SYSTEM_PATH}");
    let app_path = format!("{v18}:{v22}:{SYSTEM_PATH}");
    (w, shell_path, app_path)
}

#[test]
fn a_missing_config_still_shows_where_and_the_machine_with_a_hint_and_exits_2() {
    let (w, shell_path, app_path) = fresh_install();
    let env = [("MCPCTL_APP_PATH", app_path.as_str())];
    let o = run(&w, &shell_path, &env, &["doctor"]);
    assert_eq!(o.code, Some(2), "{o:?}");
    let want_path = w
        .home()
        .join(".config/Claude/claude_desktop_config.json")
        .display()
        .to_string();
    let out = &o.stdout;
    // 1. where the app looks, and why
    assert!(out.contains("1. Where"), "{o:?}");
    assert!(
        out.contains(&format!("{want_path} (does not exist)")),
        "{o:?}"
    );
    assert!(out.contains("[linux-home:"), "{o:?}");
    assert!(out.contains("Claude Desktop not found"), "{o:?}");
    // 2. no file, and how to get one
    assert!(out.contains("2. The file"), "{o:?}");
    assert!(
        out.contains(&format!("error: no config file at {want_path}")),
        "{o:?}"
    );
    assert!(
        out.contains("hint: `mcpctl add NAME -- COMMAND ARGS...` creates it"),
        "{o:?}"
    );
    assert!(out.contains("pass it with --config PATH"), "{o:?}");
    // 3. the machine, with the nvm trap visible
    assert!(
        out.contains("3. The machine as Claude Desktop sees it"),
        "{o:?}"
    );
    let node = out
        .lines()
        .find(|l| l.trim_start().starts_with("node "))
        .unwrap_or_else(|| panic!("no node row: {o:?}"));
    assert!(node.contains("v18.20.0"), "{node}");
    assert!(node.contains("v22.11.0"), "{node}");
    assert!(out.contains("note[node-differs]"), "{o:?}");
    // 4. skipped; the summary says why
    assert!(!out.contains("4. Servers"), "{o:?}");
    assert!(
        out.contains("not checked: there is no config file"),
        "{o:?}"
    );
    assert!(
        !w.home().join(".config/Claude").exists(),
        "doctor created a file"
    );
}

#[test]
fn a_missing_config_in_json_has_where_and_the_machine_and_a_null_file() {
    let (w, shell_path, app_path) = fresh_install();
    let env = [("MCPCTL_APP_PATH", app_path.as_str())];
    let o = run(&w, &shell_path, &env, &["--json", "doctor"]);
    assert_eq!(o.code, Some(2), "{o:?}");
    let doc = o.json();
    let want_path = w.home().join(".config/Claude/claude_desktop_config.json");
    assert_eq!(doc["config"]["path"], want_path.display().to_string());
    assert_eq!(doc["config"]["exists"], false);
    assert_eq!(doc["config"]["rule"], "linux-home");
    assert!(doc["config"]["ignored"].is_array(), "{doc:#}");
    assert!(doc["app"]["looked_in"].is_array(), "{doc:#}");
    assert!(doc["file"].is_null(), "{doc:#}");
    assert_eq!(doc["machine"]["os_profile"], "linux");
    assert_eq!(doc["machine"]["app_path"], app_path);
    assert_eq!(doc["machine"]["shell_path"], shell_path);
    let node = &doc["machine"]["tools"][0];
    assert_eq!(node["name"], "node");
    assert_eq!(node["app"]["version"], "v18.20.0");
    assert_eq!(node["shell"]["version"], "v22.11.0");
    assert_eq!(node["app"]["manager"], "nvm");
    assert!(
        doc["machine"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "node-differs"),
        "{doc:#}"
    );
    assert_eq!(doc["launched"], false);
    assert_eq!(doc["servers"].as_array().map(Vec::len), Some(0));
    assert!(doc["summary"].is_null(), "{doc:#}");
    let msg = doc["error"]["message"].as_str().unwrap();
    assert_eq!(msg, format!("no config file at {}", want_path.display()));
    let hint = doc["error"]["hint"].as_str().unwrap();
    assert!(
        hint.contains("`mcpctl add NAME -- COMMAND ARGS...` creates it"),
        "{hint}"
    );
}

#[test]
fn fix_with_a_missing_config_has_nothing_to_repair_and_exits_2() {
    let w = World::new();
    for args in [
        &["--fix"][..],
        &["--fix", "--yes"],
        &["--fix", "--dry-run", "--no-launch"],
    ] {
        let o = w.doctor(SYSTEM_PATH, &[], args);
        assert_eq!(o.code, Some(2), "{args:?}: {o:?}");
        assert!(
            o.stdout.contains("no config file at ")
                && o.stdout.contains("`doctor --fix` has nothing to repair"),
            "{args:?}: {o:?}"
        );
        assert!(o.stdout.contains("3. The machine"), "{o:?}");
        assert!(!o.stdout.contains("Repairs"), "{o:?}");
        assert!(!w.config().exists(), "--fix created the file");
        assert!(w.backups().is_empty());
    }
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--fix", "--yes"]);
    assert_eq!(code, 2);
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .ends_with("`doctor --fix` has nothing to repair"),
        "{doc:#}"
    );
    assert!(doc["fix"].is_null(), "{doc:#}");
    assert!(doc["file"].is_null(), "{doc:#}");
}

#[test]
fn a_missing_config_flag_path_points_to_the_file_the_app_reads() {
    let w = World::new();
    let app_file = w.home().join(".config/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(app_file.parent().unwrap()).unwrap();
    std::fs::write(&app_file, r#"{"mcpServers": {}}"#).unwrap();
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert_eq!(o.code, Some(2), "{o:?}");
    assert!(o.stdout.contains("[flag: set by --config]"), "{o:?}");
    assert!(
        o.stdout.contains(&format!(
            "drop --config / MCPCTL_CONFIG to check the file Claude Desktop itself reads: {}",
            app_file.display()
        )),
        "{o:?}"
    );
}

#[test]
fn other_commands_still_stop_at_a_missing_config() {
    let w = World::new();
    for cmd in ["validate", "list", "test-launch"] {
        let o = run(&w, SYSTEM_PATH, &[], &[cmd]);
        assert_eq!(o.code, Some(2), "{cmd}: {o:?}");
        assert!(o.stdout.is_empty(), "{cmd}: {o:?}");
        assert!(
            o.stderr.contains("error: no config file at"),
            "{cmd}: {o:?}"
        );
        assert!(o.stderr.contains("hint:"), "{cmd}: {o:?}");
    }
}

#[test]
fn yes_without_fix_is_a_usage_error() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--yes"]);
    assert_eq!(o.code, Some(2), "{o:?}");
    // declared with clap's `requires` (issue 17): clap names the missing flag
    assert!(
        o.stderr.contains("required arguments were not provided"),
        "{o:?}"
    );
    assert!(o.stderr.contains("--fix"), "{o:?}");
}

#[test]
fn a_relative_path_fails_at_launch_like_in_the_app() {
    let w = World::new();
    std::fs::create_dir_all(w.project().join("data")).unwrap();
    w.write_fixture("relative-paths.json", &[]);
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &[]);
    assert_eq!(code, 1, "{doc:#}");
    assert!(server_codes(&doc, "example").contains(&"relative-arg".to_string()));
    assert_eq!(
        doc["servers"][0]["launch"]["verdict"], "exited-early",
        "{doc:#}"
    );
}

#[test]
fn env_values_never_show_up_unmasked_not_even_the_entry_path() {
    let w = World::new();
    std::fs::write(
        w.config(),
        r#"{"mcpServers": {"s": {"command": "nosuch-cmd-zz", "env": {"PATH": "/opt/secret-path-xyz", "TOKEN": "tok-abcdef123"}}}}"#,
    )
    .unwrap();
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert_eq!(o.code, Some(1), "{o:?}");
    assert!(o.stdout.contains("nosuch-cmd-zz"), "{o:?}");
    let (_, doc) = w.doctor_json(SYSTEM_PATH, &[], &[]);
    for out in [o.stdout.as_str(), o.stderr.as_str(), &doc.to_string()] {
        assert!(!out.contains("secret-path-xyz"), "{out}");
        assert!(!out.contains("tok-abcdef123"), "{out}");
    }
    let codes = server_codes(&doc, "s");
    assert!(
        codes.contains(&"command-not-found".to_string()),
        "{codes:?}"
    );
}

#[test]
fn an_entry_without_a_command_is_reported_once_and_not_launched() {
    let w = World::new();
    std::fs::write(
        w.config(),
        r#"{"mcpServers": {"remote": {"url": "https://mcp.example.com/mcp"}, "bare": {"args": ["x"]}}}"#,
    )
    .unwrap();
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert_eq!(o.code, Some(1), "{o:?}");
    // the lint diagnostic says it; no launch failure or shell comparison
    // repeats it
    assert!(!o.stdout.contains("spawn-failed"), "{o:?}");
    assert!(!o.stdout.contains("in your shell"), "{o:?}");
    assert_eq!(
        o.stdout
            .matches("not launched: the entry has no command to start")
            .count(),
        2,
        "{o:?}"
    );
    assert!(
        o.stdout
            .contains("2 servers: 0 healthy, 2 with problems; 2 errors, 0 warnings"),
        "{o:?}"
    );
    let (_, doc) = w.doctor_json(SYSTEM_PATH, &[], &[]);
    assert_eq!(server_codes(&doc, "remote"), ["remote-server"]);
    assert_eq!(server_codes(&doc, "bare"), ["command-missing"]);
    for s in doc["servers"].as_array().unwrap() {
        assert!(s["launch"].is_null(), "{s:#}");
        assert_eq!(s["errors"], 1, "{s:#}");
    }
}
