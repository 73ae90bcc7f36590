//! `mcpctl test-launch` as a user runs it, as snapshots: "works in my
//! terminal, fails in Claude" explained (the variable or the PATH entry
//! only the shell has), `--shell-env`, `--discover`, server selection by
//! name, the text report, exit codes, and env values never printed.

use super::{Fixture, need_python, python, script};
use crate::support;

#[test]
fn a_variable_only_the_shell_has_is_named_but_its_value_never_shown() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("needs-token", "needs_env.py", &[]);
    let outs = text_and_json!("shell_only_var", fx.sb, &["--timeout", "5"], |a| {
        let mut cmd = fx.launch(a);
        cmd.env("FIXTURE_TOKEN", "tok-0123456789");
        cmd
    });
    fx.assert_none_survive();
    for out in outs {
        assert!(
            !out.all().contains("tok-0123456789"),
            "a value leaked: {out:?}"
        );
    }
}

/// Failing in the shell too, with the same verdict but another exit and
/// message, is no proof the environment is innocent: the variable only
/// the shell has is still named.
#[test]
fn the_same_verdict_with_another_failure_in_the_shell_names_the_variable() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("rejected", "needs_env.py", &["reject"]);
    let mut cmd = fx.launch(&["--timeout", "5"]);
    cmd.env("FIXTURE_TOKEN", "tok-0123456789");
    let out = fx.sb.run(&mut cmd);
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("in your shell: exited-early too, but otherwise (it exited with code 2: error: Bad credentials)"),
        "{out:?}"
    );
    assert!(!out.stdout.contains("fails the same way"), "{out:?}");
    assert!(
        out.stdout
            .contains("variable FIXTURE_TOKEN is set only in your shell"),
        "{out:?}"
    );
    assert!(!out.all().contains("tok-0123456789"), "{out:?}");
}

/// A server that names its working directory in its error fails the same
/// way in the shell when only that folder differs: a folder missing from
/// both, or `${HOME}` given as text to both, is no fault of the app's
/// environment, and its variables are not listed as suspects.
#[test]
fn a_failure_naming_only_another_working_directory_fails_the_same_way() {
    let mut fx = Fixture::new();
    let server = support::example_server();
    fx.raw(
        "relative-path",
        server,
        &["--data-dir".into(), "./nowhere".into()],
    )
    .raw(
        "home-variable",
        server,
        &["--data-dir".into(), "${HOME}".into()],
    );
    let mut cmd = fx.launch(&["--timeout", "10"]);
    cmd.env("ONLY_IN_THE_SHELL", "1");
    // (the example server exits at once, and records no pid to check)
    let out = fx.sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    let same = "in your shell: fails the same way (exited-early; its message differs only in the \
working directory it names), so the app's environment is not the cause";
    assert_eq!(out.stdout.matches(same).count(), 2, "{out:?}");
    assert!(!out.stdout.contains("part of the problem"), "{out:?}");
    assert!(!out.stdout.contains("ONLY_IN_THE_SHELL"), "{out:?}");
}

#[cfg(unix)]
#[test]
fn a_command_only_on_the_shell_path_names_the_path_entry() {
    need_python!();
    let mut fx = Fixture::new();
    let py = python().unwrap_or("python3");
    let shell_bin = fx.sb.root().join("shell-bin");
    fx.sb.script(
        shell_bin.join("fixture-server"),
        &format!("exec {py} {}", script("ok.py")),
    );
    fx.raw("local", "fixture-server", &[]);
    let app_path = fx.sb.bin().display().to_string();
    let shell_path = format!("{}:{app_path}", shell_bin.display());
    let with_paths = |a: &[&str]| {
        let mut cmd = fx.launch(a);
        cmd.env("PATH", &shell_path)
            .env("MCPCTL_APP_PATH", &app_path);
        cmd
    };
    text_and_json!("shell_only_path", fx.sb, &["--timeout", "5"], with_paths);
    text_and_json!(
        "shell_env",
        fx.sb,
        &["--shell-env", "--timeout", "5"],
        with_paths
    );
    fx.assert_none_survive();
}

/// `modern-only` fails (the app opens with `initialize`); a server without
/// `server/discover` does not.
#[test]
fn discover_reports_support_without_failing_servers_that_lack_it() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("modern", "discover.py", &[])
        .py("classic", "ok.py", &[])
        .py("modern-only", "discover.py", &["modern-only"]);
    text_and_json!("discover", fx.sb, &["--discover", "--timeout", "5"], |a| {
        fx.launch(a)
    });
    fx.assert_none_survive();
}

/// A server that ignores `server/discover` costs a few seconds more, not a
/// second `--timeout`; one that never answered `initialize` is not
/// launched again (a hung server costs its timeout once).
#[test]
fn discover_does_not_wait_a_whole_timeout_on_servers_that_ignore_it() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("ignores", "hang.py", &["server/discover"])
        .py("hung", "hang.py", &[]);
    let (out, took) =
        fx.timed(&mut fx.launch(&["--json", "--discover", "--timeout", "8", "--jobs", "2"]));
    fx.assert_none_survive();
    text_snapshot!("discover_ignored_json", fx.sb, out.transcript());
    // One timeout (8 s) and its shutdown (2 s), not 8 + 8 for `hung`.
    assert!(took.as_secs_f64() < 14.0, "took {took:?}");
}

#[test]
fn unknown_names_are_a_usage_error_listing_the_names() {
    let mut fx = Fixture::new();
    fx.raw("alpha", "true", &[]).raw("beta", "true", &[]);
    mcpctl_snapshot!(fx.sb, &mut fx.launch(&["gamma"]));
}

/// Only the named servers, in config order, with what each said.
#[test]
fn named_servers_only_and_the_text_report() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("good", "ok.py", &[])
        .py("broken", "exits_early.py", &[])
        .py("skipped", "hang.py", &[]);
    mcpctl_snapshot!(fx.sb, &mut fx.launch(&["broken", "good", "--timeout", "5"]));
    fx.assert_none_survive();
}

#[test]
fn an_entry_without_command_fails_with_a_hint() {
    let fx = Fixture::new();
    fx.sb.snapshots_differ_by_os(crate::support::LAUNCH_PROFILE);
    let url = fx.sb.closed_local_url();
    fx.sb.write(
        fx.config_path(),
        format!(r#"{{"mcpServers": {{"remote": {{"url": "{url}"}}}}}}"#),
    );
    text_and_json!("no_command", fx.sb, &[], |a| {
        fx.launch_config(&fx.config_path(), a)
    });
}

/// A file the app's strict parser rejects starts no server in the app:
/// the servers mcpctl recovers are still tested, but the run says so and
/// does not pass.
#[test]
fn a_config_the_app_cannot_parse_fails_the_run_even_when_its_servers_pass() {
    need_python!();
    let fx = Fixture::new();
    let config = fx.config_path();
    let entry = serde_json::json!({
        "command": python().unwrap_or("python3"),
        "args": [script("ok.py")],
        "env": {
            "PIDFILE": fx.pidfile().display().to_string(),
            "PYTHONDONTWRITEBYTECODE": "1",
        },
    });
    // A trailing comma after the only server (on a line of its own: its
    // position does not depend on where python and the repository are).
    fx.sb.write(
        &config,
        format!("{{\"mcpServers\": {{\"good\": {entry}\n,}}}}"),
    );
    let [_, json] = text_and_json!("unparseable", fx.sb, &["--timeout", "5"], |a| {
        fx.launch_config(&config, a)
    });
    fx.assert_none_survive();
    // the place as data too, beside the message
    let doc = json.json();
    assert_eq!(doc["config_parse_error_at"]["line"], 2, "{doc}");
    assert_eq!(doc["config_parse_error_at"]["column"], 1, "{doc}");
    assert_eq!(
        doc["config_parse_error_at"]["path"],
        config.display().to_string(),
        "{doc}"
    );
}

/// A `~` leading a PATH entry in the entry's `env` is not the home folder
/// to the app (no shell expands it), so a program found only through it
/// is `command-not-found`, in test-launch as in validate; the same entry
/// with the folder written out starts, and the lint looks on the entry's
/// own PATH too, as the app's spawn does.
#[test]
fn a_tilde_in_the_entrys_path_is_not_the_home_folder() {
    let fx = Fixture::new();
    let prog = fx.sb.program("home/tools/exsrv");
    let dir = prog.parent().expect("folder").to_path_buf();
    let sep = if cfg!(windows) { ";" } else { ":" };
    let entry = |path: String| serde_json::json!({"command": "exsrv", "env": {"PATH": path}});
    let config = fx.sb.write(
        "work/c.json",
        serde_json::json!({"mcpServers": {
            "tilde": entry(format!("~{}tools{sep}{}", std::path::MAIN_SEPARATOR, fx.sb.bin().display())),
            "full": entry(format!("{}{sep}{}", dir.display(), fx.sb.bin().display())),
        }})
        .to_string(),
    );
    let out = fx.sb.run(&mut fx.launch_config(&config, &["--json"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let json = out.json();
    let verdict = |name: &str| {
        json["servers"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == name))
            .map(|s| s["verdict"].clone())
    };
    assert_eq!(
        verdict("tilde"),
        Some("command-not-found".into()),
        "{json:#}"
    );
    assert_eq!(verdict("full"), Some("ok".into()), "{json:#}");

    let out = fx.sb.run(
        fx.sb
            .mcpctl()
            .args(["--config"])
            .arg(&config)
            .args(["validate"]),
    );
    assert!(
        out.all()
            .contains("`exsrv` (server `tilde`) is not on the PATH the entry's `env` sets"),
        "{}",
        out.all()
    );
    assert!(
        !out.all().contains("(server `full`) is not on"),
        "{}",
        out.all()
    );
}

/// A relative PATH entry is relative to the app's working directory, not
/// to mcpctl's: a program under mcpctl's folder is `command-not-found` as
/// in the app, not "not executable" with a chmod hint.
#[cfg(unix)]
#[test]
fn a_relative_path_entry_is_not_looked_up_from_mcpctls_folder() {
    let fx = Fixture::new();
    fx.sb.program("work/node_modules/.bin/my-server");
    let config = fx.sb.write(
        "work/c.json",
        serde_json::json!({"mcpServers": {"s": {"command": "my-server",
            "env": {"PATH": format!("node_modules/.bin:{}", fx.sb.bin().display())}}}})
        .to_string(),
    );
    let out = fx
        .sb
        .run(&mut fx.launch_config(&config, &["--json", "--lane", "chat"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert_eq!(
        out.json()["servers"][0]["verdict"],
        "command-not-found",
        "{}",
        out.all()
    );
}

/// Where validate names why an entry cannot start (docker's `-t`, a
/// Windows-only command), a failed launch's hint says it: the launch alone
/// sees only what followed (a closed stdin, ENOENT).
#[cfg(unix)]
#[test]
fn a_failed_launch_is_hinted_with_the_cause_validate_names() {
    let fx = Fixture::new();
    fx.sb.script(
        fx.sb.bin().join("docker"),
        "echo 'the input device is not a TTY' >&2; exit 1",
    );
    let config = fx.sb.write(
        "work/c.json",
        r#"{"mcpServers": {"d": {"command": "docker", "args": ["run", "-it", "--rm", "mcp/fetch"]},
            "w": {"command": "cmd", "args": ["/c", "npx", "-y", "pkg"]},
            "typo": {"command": "mcp-server-tiem", "env": {"LOG_DIR": "C:\temp\new"}}}}"#,
    );
    let out = fx
        .sb
        .run(&mut fx.launch_config(&config, &["--json", "--lane", "chat"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let json = out.json();
    let hint = |i: usize| {
        json["servers"][i]["hint"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(
        hint(0).starts_with("validate names the cause (docker-tty)"),
        "{json:#}"
    );
    assert!(
        hint(1).starts_with("validate names the cause (command-not-found)"),
        "{json:#}"
    );
    assert!(hint(1).contains("drop the `cmd /c` wrapper"), "{json:#}");
    // an escaped path in env cannot explain a program not found: the
    // launch's own hint stays
    assert_eq!(
        json["servers"][2]["verdict"], "command-not-found",
        "{json:#}"
    );
    assert!(!hint(2).contains("validate names the cause"), "{json:#}");
    assert!(hint(2).contains("mcp-server-tiem"), "{json:#}");
}

/// The verdict and hint of the one server of `config` (JSON text),
/// launched in the chat lane with a 1 s timeout (exit 1 expected).
#[cfg(unix)]
fn failed_launch(config: &str) -> (String, String) {
    let fx = Fixture::new();
    let config = fx.sb.write("work/c.json", config);
    let out = fx
        .sb
        .run(&mut fx.launch_config(&config, &["--json", "--lane", "chat", "--timeout", "1"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    let text = |k: &str| s[k].as_str().unwrap_or("").to_string();
    (text("verdict"), text("hint"))
}

/// A shell or interpreter with no script reads its program from stdin,
/// where the MCP messages go: the timeout's hint says why (`no-script`).
#[cfg(unix)]
#[test]
fn an_interpreter_with_no_script_times_out_with_the_reason() {
    let (verdict, hint) = failed_launch(r#"{"mcpServers": {"s": {"command": "/bin/sh"}}}"#);
    assert_eq!(verdict, "timeout", "{hint}");
    assert!(
        hint.starts_with("validate names the cause (no-script)")
            && hint.contains("reads its program from stdin"),
        "{hint}"
    );
}

/// A shell line that sends the server's stdout to a file: the failure's
/// hint names the redirection (`shell-redirect`), which the launch alone
/// cannot see.
#[cfg(unix)]
#[test]
fn a_shell_line_that_moves_stdout_fails_with_the_reason() {
    let line = format!("exec {} > /dev/null", crate::support::example_server());
    let config =
        serde_json::json!({"mcpServers": {"s": {"command": "/bin/sh", "args": ["-c", line]}}});
    let (verdict, hint) = failed_launch(&config.to_string());
    // the pipe the shell let go of closes: no reply ever comes
    assert_eq!(verdict, "exited-early", "{hint}");
    assert!(
        hint.starts_with("validate names the cause (shell-redirect)"),
        "{hint}"
    );
}

/// A `.cmd` named as the command: Rust's Command would run it through
/// cmd.exe by itself, but Node's spawn refuses a batch file without a
/// shell (EINVAL): not-executable, with the `cmd /c` way.
#[cfg(windows)]
#[test]
fn a_batch_file_as_the_command_is_refused_as_node_refuses_it() {
    let fx = Fixture::new();
    let server = crate::support::example_server();
    let cmd = fx
        .sb
        .write("work/fake.cmd", format!("@echo off\r\n\"{server}\" %*\r\n"));
    let config = fx.sb.write(
        "work/c.json",
        serde_json::json!({"mcpServers": {"b": {"command": cmd.display().to_string()}}})
            .to_string(),
    );
    let out = fx
        .sb
        .run(&mut fx.launch_config(&config, &["--json", "--lane", "chat"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "not-executable", "{s:#}");
    assert!(
        s["message"]
            .as_str()
            .is_some_and(|m| m.contains("batch file")),
        "{s:#}"
    );
    assert!(
        s["hint"].as_str().is_some_and(|h| h.contains("\"cmd\"")),
        "{s:#}"
    );
}

/// On Windows an entry's `Path` is dropped beside the app's `PATH` (Node
/// keeps the first in sorted order): the folder it names is never
/// searched, which validate says, and test-launch agrees.
#[cfg(windows)]
#[test]
fn an_entrys_path_spelt_path_never_reaches_the_server_on_windows() {
    let fx = Fixture::new();
    let server = std::path::PathBuf::from(crate::support::example_server());
    let dir = server.parent().expect("a folder").display().to_string();
    let name = server
        .file_stem()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let config = fx.sb.write(
        "work/c.json",
        serde_json::json!({"mcpServers": {"p": {"command": name, "env": {"Path": dir}}}})
            .to_string(),
    );
    let out = fx.sb.run(
        fx.sb
            .mcpctl()
            .arg("--config")
            .arg(&config)
            .args(["validate", "--json"]),
    );
    // warnings: validate fails on them with --strict only
    assert_eq!(out.code, Some(0), "{}", out.all());
    let codes: Vec<_> = out.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    for code in ["env-name-case", "command-not-found"] {
        assert!(codes.iter().any(|c| c == code), "{code}: {}", out.all());
    }
    let out = fx
        .sb
        .run(&mut fx.launch_config(&config, &["--json", "--lane", "chat"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "command-not-found", "{s:#}");
    let hint = s["hint"].as_str().unwrap_or_default();
    assert!(
        hint.contains("validate names the cause (env-name-case)"),
        "{s:#}"
    );
}
