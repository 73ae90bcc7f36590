//! `add`, `remove` and `restore` as a user sees them (snapshots of the
//! messages, exit codes and JSON shapes), path resolution, `--check`, and
//! never prompting off a terminal; what lands on disk is checked directly.

use super::{Env, strict};
use crate::support::{EXE_SUFFIX, example_server, true_cmd, with_true};

const TWO: &str = "{\n  \"mcpServers\": {\n    \"alpha\": {\"command\": \"/bin/true\"},\n    \"beta\": {\"command\": \"/bin/true\"}\n  }\n}\n";

#[test]
fn remove_unknown_name_lists_the_names() {
    let env = Env::with(&with_true(TWO));
    text_and_json!("remove_unknown", env.sb, &["remove", "gamma"], |args| {
        env.cmd(args)
    });
    assert_eq!(env.read(), with_true(TWO));
}

#[test]
fn add_existing_name_needs_force() {
    let env = Env::with(&with_true(TWO));
    mcpctl_snapshot!(env.sb, &mut env.cmd(&["add", "alpha", "--", "/bin/false"]));
    assert_eq!(env.read(), with_true(TWO));
}

#[test]
fn missing_command_off_a_terminal_is_a_usage_error() {
    let env = Env::with(&with_true(TWO));
    for (name, args) in [
        ("add_name_only", &["add", "x"][..]),
        ("add_nothing", &["add"]),
        ("add_command_only", &["add", "--", true_cmd()]),
    ] {
        mcpctl_snapshot!(name, env.sb, &mut env.cmd(args));
    }
    assert_eq!(env.read(), with_true(TWO));
}

#[test]
fn env_without_equals_is_a_usage_error() {
    let env = Env::with(&with_true(TWO));
    let out = mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&["add", "x", "--env", "sk-no-value", "--", true_cmd()])
    );
    assert!(
        !out.stderr.contains("sk-no-value"),
        "the value is echoed: {out:?}"
    );
    assert_eq!(env.read(), with_true(TWO));
}

/// A command found on the PATH, a file and a folder relative to the
/// current folder, and `~`, all made absolute.
#[test]
fn commands_and_paths_are_made_absolute() {
    let env = Env::with("{\"mcpServers\": {}}");
    env.sb.snapshots_differ_by_os(EXE_SUFFIX);
    env.sb.program("bin/my-server");
    std::fs::write(env.cwd().join("server.py"), "").unwrap();
    std::fs::create_dir(env.cwd().join("data")).unwrap();
    mcpctl_snapshot!(
        "made_absolute",
        env.sb,
        &mut env.cmd(&[
            "add",
            "py",
            "--",
            "my-server",
            "server.py",
            "./data",
            "~/x",
            "-y",
            "@a/b",
        ])
    );
    text_snapshot!("made_absolute_file", env.sb, env.read());
    mcpctl_snapshot!(
        "not_resolved",
        env.sb,
        &mut env.cmd(&["add", "bare", "--no-resolve", "--", "my-server"])
    );
    assert_eq!(
        strict(&env.read())["mcpServers"]["bare"]["command"],
        "my-server"
    );
}

/// A folder named like the module (`-m`) or the package a runner runs is
/// a coincidence: those words are saved as typed; a folder after the
/// package is data, made absolute.
#[test]
fn module_and_package_names_stay_as_typed() {
    let env = Env::with("{\"mcpServers\": {}}");
    env.sb.program("bin/python3");
    env.sb.program("bin/uvx");
    for dir in ["myserver", "mcp-server-time", "docs"] {
        std::fs::create_dir(env.cwd().join(dir)).unwrap();
    }
    let out = env.run(&["add", "py", "--", "python3", "-m", "myserver"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let out = env.run(&["add", "time", "--", "uvx", "mcp-server-time", "docs"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = strict(&env.read());
    assert_eq!(
        saved["mcpServers"]["py"]["args"],
        serde_json::json!(["-m", "myserver"])
    );
    let args = &saved["mcpServers"]["time"]["args"];
    assert_eq!(args[0], "mcp-server-time");
    let docs = args[1].as_str().unwrap();
    assert!(
        std::path::Path::new(docs).is_absolute() && docs.ends_with("docs"),
        "{args}"
    );
}

#[test]
fn add_json_shape() {
    let env = Env::with(&with_true(TWO));
    let out = mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&[
            "--json",
            "add",
            "gamma",
            "--env",
            "TOKEN=t0p",
            "--",
            true_cmd(),
            "a",
        ])
    );
    assert!(!out.stdout.contains("t0p"), "{out:?}");
    let backup = out.json()["backup"].as_str().unwrap().to_string();
    assert_eq!(std::fs::read_to_string(backup).unwrap(), with_true(TWO));
}

#[test]
fn check_refuses_a_failing_server_unless_forced() {
    let env = Env::with(&with_true(TWO));
    let check = ["add", "bad", "--check", "--timeout", "5"];
    // a server that exits 1 at once, saying nothing (what /bin/false does)
    let failing = ["--", example_server(), "--exit-code", "1"];
    text_and_json!("check_refused", env.sb, &check, |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.args(failing);
        cmd
    });
    assert_eq!(env.read(), with_true(TWO));
    mcpctl_snapshot!(
        "check_forced",
        env.sb,
        env.cmd(&check).arg("--force").args(failing)
    );
    assert!(strict(&env.read())["mcpServers"]["bad"].is_object());
}

#[test]
fn check_passes_a_healthy_server() {
    let env = Env::with(&with_true(TWO));
    let server = crate::support::example_server();
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&["add", "ex", "--check", "--", server])
    );
    assert_eq!(strict(&env.read())["mcpServers"]["ex"]["command"], server);
}

/// `add --check` of a server that fails for want of a variable your
/// shell has: the text shows what the launch did with your shell's
/// environment (as test-launch does), and the hint names `--env KEY` (the
/// entry is not written, so there is no config `env` to edit) — which,
/// followed, saves it.
#[test]
fn check_shows_the_shell_comparison_and_hints_env_flags() {
    let env = Env::with(&with_true(TWO));
    let add = |extra: &[&str]| {
        let mut cmd = env.cmd(&["add", "tok", "--check", "--timeout", "10"]);
        cmd.args(extra)
            .args(["--", example_server(), "--require-env", "MYTOKEN"]);
        cmd
    };
    let out = env.sb.run(add(&[]).env("MYTOKEN", "from-the-shell"));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains("in your shell: ok: it fails only with the app's environment. What differs:"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("- variable MYTOKEN is set only in your shell"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains(
            "hint: `--env MYTOKEN` copies it from your shell into the new entry's \"env\""
        ),
        "{out:?}"
    );
    assert!(!out.stderr.contains("in the config"), "{out:?}");
    assert_eq!(env.read(), with_true(TWO));
    // not in the shell either: a value to give
    let out = env.sb.run(&mut add(&[]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains("`--env MYTOKEN=...` adds it"),
        "{out:?}"
    );
    // the hint followed
    let out = env
        .sb
        .run(add(&["--env", "MYTOKEN"]).env("MYTOKEN", "from-the-shell"));
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        strict(&env.read())["mcpServers"]["tok"]["env"]["MYTOKEN"],
        "from-the-shell"
    );
}

#[test]
fn restore_lists_newest_first_and_puts_one_back() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let empty = env.read();
    assert_eq!(env.run(&["add", "a", "--", true_cmd()]).code, Some(0));
    let with_a = env.read();
    assert_eq!(env.run(&["add", "b", "--", true_cmd()]).code, Some(0));

    let [_, out] = text_and_json!("restore_list", env.sb, &["restore"], |args| env.cmd(args));
    let list = out.json();
    let time = |i: usize| list["backups"][i]["time"].as_str().unwrap().to_string();
    assert!(time(0) >= time(1), "newest first: {list:#}");

    mcpctl_snapshot!(
        "restore_2",
        env.sb,
        &mut env.cmd(&["restore", "2", "--yes"])
    );
    assert_eq!(env.read(), empty);
    // the file it replaced was backed up first
    let out = env.run(&["--json", "restore"]);
    let list = out.json();
    assert_eq!(list["backups"][0]["servers"], serde_json::json!(["a", "b"]));
    // by file name too
    let name = list["backups"][1]["name"].as_str().unwrap();
    assert_eq!(env.run(&["restore", name, "--yes"]).code, Some(0));
    assert_eq!(env.read(), with_a);
}

/// `restore --dry-run` shows what would be written and writes nothing: no
/// change, no new backup; a backup that does not parse is refused there
/// too.
#[test]
fn restore_dry_run_shows_the_diff_and_writes_nothing() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    assert_eq!(env.run(&["add", "a", "--", true_cmd()]).code, Some(0));
    let now = env.read();
    let backups = env.run(&["--json", "restore"]).json()["backups"].clone();
    let out = env.run(&["restore", "1", "--dry-run"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("+{\"mcpServers\": {}}"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("Dry run: nothing written.\n"),
        "{}",
        out.stdout
    );
    let doc = env.run(&["--json", "restore", "1", "--dry-run"]).json();
    assert_eq!(doc["dry_run"], true, "{doc:#}");
    assert_eq!(doc["written"], false, "{doc:#}");
    assert_eq!(doc["servers"], serde_json::json!([]), "{doc:#}");
    assert_eq!(env.read(), now);
    assert_eq!(env.run(&["--json", "restore"]).json()["backups"], backups);
}

#[test]
fn restore_may_replace_a_file_that_does_not_parse() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    assert_eq!(env.run(&["add", "a", "--", true_cmd()]).code, Some(0));
    let with_a = env.read();
    assert_eq!(env.run(&["add", "b", "--", true_cmd()]).code, Some(0));
    // curly quotes pasted from a chat: the app cannot read this
    env.write("{\"mcpServers\": {\u{201c}broken\u{201d}: 1}}");
    // backup 1 (newest) holds the file with `a` only
    mcpctl_snapshot!(
        "restore_over_broken",
        env.sb,
        &mut env.cmd(&["restore", "1", "--yes"])
    );
    assert_eq!(env.read(), with_a);
    // the broken file was kept (1: the file as that write found it), but a
    // backup that does not parse is never put back; the copy of what
    // mcpctl wrote last (a, b), which the hand edit replaced, joined the
    // ring dated when it was written (2)
    mcpctl_snapshot!(
        "restore_list_with_broken",
        env.sb,
        &mut env.cmd(&["restore"])
    );
    mcpctl_snapshot!(
        "restore_broken_refused",
        env.sb,
        &mut env.cmd(&["restore", "1", "--yes"])
    );
    assert_eq!(env.read(), with_a);
}

#[test]
fn restore_unknown_backup_says_how_to_list() {
    let env = Env::with(&with_true(TWO));
    mcpctl_snapshot!("restore_unknown", env.sb, &mut env.cmd(&["restore", "7"]));
    mcpctl_snapshot!("restore_none", env.sb, &mut env.cmd(&["restore"]));
}

/// Only the new entry's warnings, and a dry run writes nothing.
#[test]
fn add_warns_about_what_validate_would_warn_about_in_the_new_entry() {
    let env = Env::with(&with_true(TWO));
    env.sb
        .snapshots_differ_by_os("the warning names the folder the app starts servers from");
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&[
            "--json",
            "add",
            "gamma",
            "--dry-run",
            "--",
            true_cmd(),
            "./not-here.py",
            "${HOME}/data",
        ])
    );
    assert_eq!(env.read(), with_true(TWO), "dry run writes nothing");
}

#[test]
fn add_makes_a_flag_value_path_absolute_like_a_bare_one() {
    let env = Env::with("{\"mcpServers\": {}}");
    std::fs::create_dir(env.cwd().join("data")).unwrap();
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&[
            "--json",
            "add",
            "fs",
            "--",
            true_cmd(),
            "--root=./data",
            "--port=8080",
        ])
    );
    let data = env.cwd().join("data").display().to_string();
    let e = &strict(&env.read())["mcpServers"]["fs"];
    assert_eq!(
        e["args"],
        serde_json::json!([format!("--root={data}"), "--port=8080"])
    );
}

#[test]
fn add_says_a_missing_command_is_missing_once() {
    let env = Env::with(&with_true(TWO));
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&[
            "--json",
            "add",
            "x",
            "--dry-run",
            "--",
            "no-such-mcp-server",
        ])
    );
}

/// A server name holding a line break cannot fake lines of mcpctl's
/// output: it is shown escaped (`nl\nx`) where commands name it.
#[test]
fn a_name_with_a_line_break_is_shown_on_one_line() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let name = "nl\nforged line";
    for args in [
        &["add", name, "--", crate::support::true_cmd()][..],
        &["list"],
        &["env", name],
        &["remove", name],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(out.stdout.contains("nl\\nforged line"), "{args:?}: {out:?}");
        assert!(
            !out.stdout.lines().any(|l| l.starts_with("forged line")),
            "{args:?}: {out:?}"
        );
    }
}

/// A new server's name is not masked because a plain env value elsewhere
/// in the file reads the same: the messages about it name it.
#[test]
fn a_new_name_equal_to_an_env_value_is_still_named() {
    let env = Env::with(&crate::support::with_true(
        "{\"mcpServers\": {\"m\": {\"command\": \"/bin/true\", \"env\": {\"K\": \"v\"}}}}\n",
    ));
    let out = env.run(&["--json", "add", "v", "--", "${HOME}/x"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("of server `v`"), "{out:?}");
}

/// A line of `cd` alone (a command typed in two halves) starts no server:
/// add refuses it, quoted or not, and says what is missing.
#[cfg(unix)]
#[test]
fn a_line_that_only_changes_folder_is_refused() {
    let env = Env::with(&with_true(TWO));
    for args in [
        &["add", "srv", "--", "cd /srv"][..],
        &["add", "srv", "--", "cd", "/srv"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(out.stderr.contains("starts-nothing"), "{}", out.stderr);
        assert!(
            out.stderr.contains("`cd /srv && <the server's command>`"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(env.read(), with_true(TWO));
}

/// After a shell's script, `-c cd` is the script's own arguments, not a
/// line the shell runs: add takes the entry.
#[cfg(unix)]
#[test]
fn a_scripts_own_c_argument_is_no_shell_line() {
    let env = Env::with(&with_true(TWO));
    let script = env.sb.script("run.sh", "exec true");
    let script = script.to_str().expect("utf-8 path");
    let out = env.run(&["add", "srv", "--", "/bin/sh", script, "-c", "cd"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stderr.contains("starts-nothing"), "{}", out.stderr);
    assert!(env.read().contains("\"-c\""), "{}", env.read());
}
