//! `mcpctl doctor` end to end: exit codes, the report's sections, the JSON
//! shape of docs/json/doctor.md, masking, and `--no-launch` spawning
//! nothing. Every run uses `--config` in a temp folder and a controlled
//! environment.

mod doctor_support;

use doctor_support::{SYSTEM_PATH, World, server_codes};

#[test]
fn a_healthy_server_is_launched_and_exits_0_with_secrets_masked() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert_eq!(o.code, 0, "{o:?}");
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
    assert_eq!(o.code, 0, "{o:?}");
    assert!(o.stdout.contains("not launched: --no-launch"), "{o:?}");
    assert!(!marker.exists(), "--no-launch started the server");

    // the same check launching: the marker appears, the server fails
    let o = w.doctor(SYSTEM_PATH, &[], &[]);
    assert!(marker.exists(), "the server was not launched: {o:?}");
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stdout.contains("launch failed: exited-early"), "{o:?}");
}

#[test]
fn a_broken_file_is_reported_with_positions_and_exits_1() {
    let w = World::new();
    w.write_fixture("broken-syntax.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(o.code, 1, "{o:?}");
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

#[test]
fn a_missing_config_cannot_run_and_exits_2_with_a_hint() {
    let w = World::new();
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("error:"), "{o:?}");
    assert!(o.stderr.contains("hint:"), "{o:?}");
    assert!(o.stdout.is_empty(), "{o:?}");
}

#[test]
fn yes_without_fix_is_a_usage_error() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--yes"]);
    assert_eq!(o.code, 2, "{o:?}");
    assert!(o.stderr.contains("add --fix"), "{o:?}");
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
    assert_eq!(o.code, 1, "{o:?}");
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
    assert_eq!(o.code, 1, "{o:?}");
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
