//! `add`, `remove` and `restore` as a user sees them: messages, exit codes,
//! JSON shapes, path resolution, `--check`, and never prompting off a
//! terminal.

use super::{Env, strict};

const TWO: &str = "{\n  \"mcpServers\": {\n    \"alpha\": {\"command\": \"/bin/true\"},\n    \"beta\": {\"command\": \"/bin/true\"}\n  }\n}\n";

#[test]
fn remove_unknown_name_lists_the_names() {
    let env = Env::with(TWO);
    let out = env.run(&["remove", "gamma"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("no server named `gamma` in")
            && out.stderr.contains("the servers are: alpha, beta"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"));
    assert_eq!(env.read(), TWO);
    let out = env.run(&["--json", "remove", "gamma"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("alpha, beta")
    );
}

#[test]
fn add_existing_name_needs_force() {
    let env = Env::with(TWO);
    let out = env.run(&["add", "alpha", "--", "/bin/false"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(
        out.stderr.contains("a server named `alpha` already exists"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--force"));
    assert_eq!(env.read(), TWO);
}

#[test]
fn missing_command_off_a_terminal_is_a_usage_error() {
    let env = Env::with(TWO);
    for args in [&["add", "x"][..], &["add"], &["add", "--", "/bin/true"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}");
        let err = &out.stderr;
        assert!(
            err.contains("missing") && err.contains("does not ask"),
            "{err}"
        );
        assert!(err.contains("mcpctl add NAME -- COMMAND"), "{err}");
    }
    assert_eq!(env.read(), TWO);
}

#[test]
fn env_without_equals_is_a_usage_error() {
    let env = Env::with(TWO);
    let out = env.run(&["add", "x", "--env", "NOVALUE", "--", "/bin/true"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("--env value #1 has no `=`"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("NOVALUE"), "the value is not echoed");
    assert_eq!(env.read(), TWO);
}

#[test]
fn commands_and_paths_are_made_absolute() {
    let env = Env::with("{\"mcpServers\": {}}");
    std::fs::write(env.cwd().join("server.py"), "").unwrap();
    std::fs::create_dir(env.cwd().join("data")).unwrap();
    let out = env.run(&[
        "add",
        "py",
        "--",
        "sh",
        "server.py",
        "./data",
        "~/x",
        "-y",
        "@a/b",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stdout
            .contains("sh → /usr/bin/sh  (found on your PATH)"),
        "{}",
        out.stdout
    );
    let v = strict(&env.read());
    let e = &v["mcpServers"]["py"];
    let cwd = env.cwd().display().to_string();
    let home = env.sb.home().display().to_string();
    assert_eq!(e["command"], "/usr/bin/sh");
    assert_eq!(
        e["args"],
        serde_json::json!([
            format!("{cwd}/server.py"),
            format!("{cwd}/data"),
            format!("{home}/x"),
            "-y",
            "@a/b"
        ])
    );
    let out = env.run(&["add", "bare", "--no-resolve", "--", "sh"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(strict(&env.read())["mcpServers"]["bare"]["command"], "sh");
}

#[test]
fn add_json_shape() {
    let env = Env::with(TWO);
    let out = env.run(&[
        "--json",
        "add",
        "gamma",
        "--env",
        "TOKEN=t0p",
        "--",
        "/bin/true",
        "a",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = out.json();
    assert_eq!(v["action"], "add");
    assert_eq!(v["name"], "gamma");
    assert_eq!(v["dry_run"], false);
    assert_eq!(v["written"], true);
    assert_eq!(v["created"], false);
    assert_eq!(v["entry"]["command"], "/bin/true");
    assert_eq!(v["entry"]["args"], serde_json::json!(["a"]));
    assert_eq!(v["entry"]["env"]["TOKEN"], "****");
    assert!(v["backup"].as_str().unwrap().contains("mcpctl-backups"));
    assert!(v["diff"].as_str().unwrap().contains("+    \"gamma\": {"));
    assert_eq!(v["file"], env.config.display().to_string());
    assert!(v["check"].is_null() && v["refused"].is_null());
}

#[test]
fn check_refuses_a_failing_server_unless_forced() {
    let env = Env::with(TWO);
    let out = env.run(&[
        "add",
        "bad",
        "--check",
        "--timeout",
        "5",
        "--",
        "/bin/false",
    ]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert!(
        out.stderr.contains("check failed (exited-early)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(env.read(), TWO);
    let out = env.run(&[
        "--json",
        "add",
        "bad",
        "--check",
        "--timeout",
        "5",
        "--",
        "/bin/false",
    ]);
    assert_eq!(out.code, Some(1));
    let v = out.json();
    assert_eq!(v["refused"], "check-failed");
    assert_eq!(v["written"], false);
    assert_eq!(v["check"]["verdict"], "exited-early");
    let out = env.run(&[
        "add",
        "bad",
        "--check",
        "--force",
        "--timeout",
        "5",
        "--",
        "/bin/false",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(strict(&env.read())["mcpServers"]["bad"].is_object());
}

#[test]
fn check_passes_a_healthy_server() {
    let env = Env::with(TWO);
    let server = env!("CARGO_BIN_EXE_mcpctl-example-server");
    let out = env.run(&["add", "ex", "--check", "--", server]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stdout.contains("check ok:"), "{}", out.stdout);
    assert_eq!(strict(&env.read())["mcpServers"]["ex"]["command"], server);
}

#[test]
fn restore_lists_newest_first_and_puts_one_back() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let empty = env.read();
    assert_eq!(env.run(&["add", "a", "--", "/bin/true"]).code, Some(0));
    let with_a = env.read();
    assert_eq!(env.run(&["add", "b", "--", "/bin/true"]).code, Some(0));

    let out = env.run(&["restore"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let first = out
        .stdout
        .lines()
        .position(|l| l.contains("   1  "))
        .unwrap();
    assert!(
        out.stdout.lines().nth(first).unwrap().ends_with("  a"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("(no servers)"), "{}", out.stdout);
    assert!(out.stdout.contains(" UTC "), "{}", out.stdout);

    let out = env.run(&["--json", "restore"]);
    let list = out.json();
    let backups = list["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 2);
    assert_eq!(backups[0]["index"], 1);
    assert_eq!(backups[0]["servers"], serde_json::json!(["a"]));
    assert_eq!(backups[1]["servers"], serde_json::json!([]));
    assert!(backups[0]["time"].as_str().unwrap().ends_with('Z'));
    assert!(backups[0]["time"].as_str().unwrap() >= backups[1]["time"].as_str().unwrap());

    let out = env.run(&["restore", "2", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stdout.contains("restored"), "{}", out.stdout);
    assert_eq!(env.read(), empty);
    // the file it replaced was backed up first
    let out = env.run(&["--json", "restore"]);
    let newest = &out.json()["backups"][0];
    assert_eq!(newest["servers"], serde_json::json!(["a", "b"]));
    // by file name too
    let name = out.json()["backups"][1]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(env.run(&["restore", &name, "--yes"]).code, Some(0));
    assert_eq!(env.read(), with_a);
}

#[test]
fn restore_may_replace_a_file_that_does_not_parse() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    assert_eq!(env.run(&["add", "a", "--", "/bin/true"]).code, Some(0));
    let with_a = env.read();
    assert_eq!(env.run(&["add", "b", "--", "/bin/true"]).code, Some(0));
    // curly quotes pasted from a chat: the app cannot read this
    env.write("{\"mcpServers\": {\u{201c}broken\u{201d}: 1}}");
    // backup 1 (newest) holds the file with `a` only
    let out = env.run(&["restore", "1", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stderr.contains("does not parse"), "{}", out.stderr);
    assert_eq!(env.read(), with_a);
    let out = env.run(&["--json", "restore"]);
    let list = out.json();
    assert_eq!(
        list["backups"][0]["parses"], false,
        "the broken file was kept"
    );
    // but a backup that does not parse is never put back
    let out = env.run(&["restore", "1", "--yes"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(out.stderr.contains("is not valid JSON"), "{}", out.stderr);
    assert_eq!(env.read(), with_a);
}

#[test]
fn restore_unknown_backup_says_how_to_list() {
    let env = Env::with(TWO);
    let out = env.run(&["restore", "7"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("no backup `7`: there are no backups yet"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("mcpctl restore"), "{}", out.stderr);
    let out = env.run(&["restore"]);
    assert!(out.stdout.contains("No backups of"), "{}", out.stdout);
}

#[test]
fn add_warns_about_what_validate_would_warn_about_in_the_new_entry() {
    let env = Env::with(TWO);
    let out = env.run(&[
        "--json",
        "add",
        "gamma",
        "--dry-run",
        "--",
        "/bin/true",
        "./not-here.py",
        "${HOME}/data",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let warnings = out.json()["warnings"].to_string();
    assert!(warnings.contains("[relative-arg]"), "{warnings}");
    assert!(warnings.contains("[unexpanded-var]"), "{warnings}");
    assert!(
        !warnings.contains("alpha"),
        "only the new entry's warnings: {warnings}"
    );
    assert_eq!(env.read(), TWO, "dry run writes nothing");
}

#[test]
fn add_makes_a_flag_value_path_absolute_like_a_bare_one() {
    let env = Env::with("{\"mcpServers\": {}}");
    std::fs::create_dir(env.cwd().join("data")).unwrap();
    let out = env.run(&[
        "--json",
        "add",
        "fs",
        "--",
        "/bin/true",
        "--root=./data",
        "--port=8080",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let cwd = env.cwd().display().to_string();
    let e = &strict(&env.read())["mcpServers"]["fs"];
    assert_eq!(
        e["args"],
        serde_json::json!([format!("--root={cwd}/data"), "--port=8080"])
    );
    let warnings = out.json()["warnings"].to_string();
    assert!(!warnings.contains("relative-arg"), "{warnings}");
}

#[test]
fn add_says_a_missing_command_is_missing_once() {
    let env = Env::with(TWO);
    let out = env.run(&[
        "--json",
        "add",
        "x",
        "--dry-run",
        "--",
        "no-such-mcp-server",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let doc = out.json();
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("no-such-mcp-server"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("not found on your PATH"),
        "{warnings:?}"
    );
}
