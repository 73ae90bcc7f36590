//! The command line's edges (issue 17): a closed stdout or stderr is a
//! quiet exit, not a panic; `--json` is mcpctl's only before `--`; launch
//! flags out of range are usage errors wherever they appear (snapshots).
//! The closed-pipe runs choose their own stdout and stderr (a pipe closed
//! at the far end), so they are spawned directly, not by `Sandbox::run`.

use std::path::PathBuf;

use crate::support::{self, Sandbox};

const CONFIG: &str = r#"{"mcpServers": {
  "a": {"command": "/bin/true", "args": ["x"], "env": {"TOKEN": "sk-secret-value"}},
  "b": {"command": "/bin/true"}
}}"#;

/// A sandbox whose config holds `text` (its `/bin/true` as
/// [`support::true_cmd`]).
fn sandbox_with(text: &str) -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let config = sb.write(
        sb.work().join("claude_desktop_config.json"),
        support::with_true(text),
    );
    (sb, config)
}

#[cfg(unix)]
mod closed {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::{Command, Output, Stdio};

    use super::{CONFIG, sandbox_with};
    use crate::support;

    /// One trailing comma: `list` still lists, and notes the error on stderr.
    const BROKEN: &str = r#"{"mcpServers": {"a": {"command": "/bin/true"},}}"#;

    /// Runs `cmd` with the stdout and stderr it was given.
    fn run(cmd: &mut Command) -> Output {
        cmd.stdin(Stdio::null()).output().expect("run mcpctl")
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    fn code(o: &Output) -> Option<i32> {
        o.status.code()
    }

    /// The write end of a pipe whose read end is already closed: the first
    /// write to it fails with EPIPE (no race with a reader that goes away).
    fn closed_pipe() -> Stdio {
        let mut fds = [0; 2];
        // SAFETY: pipe fills both descriptors when it returns 0.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // SAFETY: fds[0] is ours and closed once; fds[1] is handed over.
        unsafe {
            libc::close(fds[0]);
            Stdio::from(OwnedFd::from_raw_fd(fds[1]))
        }
    }

    #[test]
    fn a_closed_stdout_is_a_quiet_exit_for_every_command() {
        let (sb, config) = sandbox_with(CONFIG);
        let cfg = config.to_string_lossy().into_owned();
        for args in [
            &["list"][..],
            &["list", "--json"],
            &["validate"],
            &["path"],
            &["schema"],
            &["completions", "bash"],
            &["doctor", "--no-launch"],
            &["remove", "a", "--dry-run"],
            &["restore"],
        ] {
            let out = run(sb
                .mcpctl()
                .arg("--config")
                .arg(&cfg)
                .args(args)
                .stdout(closed_pipe())
                .stderr(Stdio::piped()));
            let err = text(&out.stderr);
            assert_eq!(code(&out), Some(141), "{args:?}: {err}");
            assert_eq!(err, "", "{args:?}: nothing on stderr, no panic");
        }
    }

    /// A shell's completion request (what the scripts of `mcpctl
    /// completions` run on each Tab) whose shell stopped reading: a quiet
    /// 141 too, the candidates and the script alike.
    #[test]
    fn a_closed_stdout_is_a_quiet_exit_for_a_completion_request() {
        let (sb, config) = sandbox_with(CONFIG);
        let cfg = config.to_string_lossy().into_owned();
        for words in [
            &["mcpctl", "--config", &cfg, "remove", ""][..],
            &["mcpctl", "li"],
            &[],
        ] {
            let mut cmd = sb.mcpctl();
            cmd.env("MCPCTL_COMPLETE", "bash")
                .env(
                    "_CLAP_COMPLETE_INDEX",
                    words.len().saturating_sub(1).to_string(),
                )
                .env("_CLAP_IFS", "\n")
                .arg("--")
                .args(words);
            let out = run(cmd.stdout(closed_pipe()).stderr(Stdio::piped()));
            let err = text(&out.stderr);
            assert_eq!(code(&out), Some(141), "{words:?}: {err}");
            assert_eq!(err, "", "{words:?}: nothing on stderr");
        }
    }

    /// `doctor --fix --yes | head`: the repairs asked for are written
    /// though the reader of the report went away; the run still ends as a
    /// closed pipe does. Without --yes nothing is written.
    #[test]
    fn doctor_fix_yes_repairs_though_the_report_is_not_read() {
        for (args, repaired) in [
            (&["doctor", "--fix", "--yes", "--no-launch"][..], true),
            (&["doctor", "--fix", "--no-launch"], false),
            (
                &["doctor", "--fix", "--yes", "--dry-run", "--no-launch"],
                false,
            ),
        ] {
            let (sb, config) = sandbox_with(BROKEN);
            let before = std::fs::read_to_string(&config).unwrap();
            let out = run(sb
                .mcpctl()
                .arg("--config")
                .arg(&config)
                .args(args)
                .stdout(closed_pipe())
                .stderr(Stdio::piped()));
            assert_eq!(code(&out), Some(141), "{args:?}: {}", text(&out.stderr));
            let after = std::fs::read_to_string(&config).unwrap();
            assert_eq!(after != before, repaired, "{args:?}: {after}");
            if repaired {
                let doc: serde_json::Value = serde_json::from_str(&after).expect("strict JSON");
                assert!(doc["mcpServers"]["a"].is_object(), "{after}");
            }
        }
    }

    #[test]
    fn a_closed_stderr_is_a_quiet_exit_not_a_panic() {
        let (sb, config) = sandbox_with(BROKEN);
        // the report reaches stdout; the note about the error cannot
        let out = run(sb
            .mcpctl()
            .arg("--config")
            .arg(&config)
            .arg("list")
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_eq!(code(&out), Some(141), "{}", text(&out.stdout));
        assert!(
            text(&out.stdout).starts_with("1 server in "),
            "{}",
            text(&out.stdout)
        );
        // an error that cannot be shown
        let missing = sb.work().join("nope.json");
        let out = run(sb
            .mcpctl()
            .arg("--config")
            .arg(&missing)
            .arg("validate")
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_eq!(code(&out), Some(141));
        assert_eq!(text(&out.stdout), "");
        // a usage error clap cannot print
        let out = run(sb
            .mcpctl()
            .args(["list", "--nope"])
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_ne!(code(&out), Some(101), "no panic");
        assert_eq!(text(&out.stdout), "");
    }

    #[test]
    fn with_json_a_closed_stderr_does_not_matter() {
        let (sb, config) = sandbox_with(BROKEN);
        let out = run(sb
            .mcpctl()
            .arg("--config")
            .arg(&config)
            .args(["list", "--json"])
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_eq!(code(&out), Some(1));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(doc["errors"], 1);
    }

    /// mcpctl started with no fd 0 at all (a daemon, a CI step that
    /// closed it): the server still gets its own stdin, stdout and stderr.
    /// (Rust's runtime puts /dev/null on a closed fd 0-2 before `main`, so
    /// the pipes made for a server do not land there; `start` guards
    /// against it anyway.)
    #[test]
    fn with_its_own_stdin_closed_mcpctl_still_gives_a_server_its_stdio() {
        use std::os::unix::process::CommandExt;
        let sb = crate::support::Sandbox::new();
        let config = sb.write(
            sb.work().join("claude_desktop_config.json"),
            format!(
                r#"{{"mcpServers": {{"example": {{"command": {}}}}}}}"#,
                serde_json::to_string(support::example_server()).expect("json")
            ),
        );
        let mut cmd = sb.mcpctl();
        cmd.arg("--config")
            .arg(&config)
            .args(["test-launch", "--lane", "chat", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // SAFETY: runs in the child before exec; close is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                libc::close(0);
                Ok(())
            });
        }
        let out = cmd.output().expect("run mcpctl");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
        assert_eq!(code(&out), Some(0), "{json}");
        assert_eq!(json["servers"][0]["verdict"], "ok", "{json}");
    }
}

/// A server's own `--json` after `--` does not turn mcpctl's usage error
/// into JSON; mcpctl's own `--json`, anywhere before `--`, does.
#[test]
fn a_servers_own_json_after_the_double_dash_is_not_mcpctls() {
    let (sb, _) = sandbox_with(CONFIG);
    for (name, args) in [
        (
            "json_after_dashes",
            &["add", "x", "--bogus", "--", "server", "--json"][..],
        ),
        (
            "json_before_dashes",
            &["add", "x", "--bogus", "--json", "--", "server"],
        ),
        (
            "json_first_and_after_dashes",
            &["--json", "add", "x", "--bogus", "--", "server", "--json"],
        ),
        ("json_last", &["test-launch", "--timeout", "abc", "--json"]),
    ] {
        mcpctl_snapshot!(name, sb, sb.mcpctl().args(args));
    }
}

#[test]
fn add_check_with_a_timeout_out_of_range_is_a_usage_error() {
    let (sb, _) = sandbox_with(CONFIG);
    let config = sb.work().join("new.json");
    for (name, bad) in [
        ("nan", "NaN"),
        ("zero", "0"),
        ("negative", "-3"),
        ("infinite", "inf"),
        ("over_an_hour", "3601"),
    ] {
        let timeout = format!("--timeout={bad}");
        mcpctl_snapshot!(
            format!("add_check_timeout_{name}"),
            sb,
            sb.mcpctl().arg("--config").arg(&config).args([
                "add",
                "x",
                "--check",
                &timeout,
                "--",
                support::true_cmd(),
            ])
        );
        assert!(!config.exists(), "nothing written");
    }
    // the same range for test-launch and doctor, before the config is read
    for cmd in ["test-launch", "doctor"] {
        mcpctl_snapshot!(
            format!("{}_timeout_nan", cmd.replace('-', "_")),
            sb,
            sb.mcpctl().args([cmd, "--timeout", "NaN", "--jobs", "1"])
        );
    }
}

#[test]
fn doctor_yes_and_dry_run_need_fix() {
    let (sb, config) = sandbox_with(CONFIG);
    for (name, flag) in [("yes", "--yes"), ("dry_run", "--dry-run")] {
        mcpctl_snapshot!(
            format!("doctor_{name}_without_fix"),
            sb,
            sb.mcpctl()
                .arg("--config")
                .arg(&config)
                .args(["doctor", "--no-launch", flag])
        );
    }
}

/// `--json` given twice (before the command, after it, or both) is
/// `--json`: one document, exit as without the repeat.
#[test]
fn json_given_twice_is_json() {
    let (sb, config) = sandbox_with(CONFIG);
    for args in [
        &["--json", "--json", "list"][..],
        &["--json", "list", "--json"],
        &["list", "--json", "--json"],
        &["--json", "validate", "--json", "--format", "json"],
    ] {
        let out = sb.run(sb.mcpctl().arg("--config").arg(&config).args(args));
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(out.json().is_object(), "{args:?}");
    }
}

/// `--format text` with `--json` asks for two outputs: a usage error
/// naming both (as the JSON error document, --json being given), before
/// anything runs; `--format json` and `--format github` go with `--json`.
#[test]
fn format_text_with_json_is_a_usage_error_naming_both() {
    let (sb, config) = sandbox_with(CONFIG);
    for args in [
        &["--json", "validate", "--format", "text"][..],
        &["validate", "--format=text", "--json"],
        &["test-launch", "--json", "--format", "text"],
        &["--json", "doctor", "--no-launch", "--format", "text"],
    ] {
        let out = sb.run(sb.mcpctl().arg("--config").arg(&config).args(args));
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        let message = out.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            message.starts_with("the argument '--format text' cannot be used with '--json'"),
            "{args:?}: {out:?}"
        );
        assert!(!out.stdout.contains("servers"), "ran: {out:?}");
    }
    let out = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(&config)
            .args(["validate", "--format", "text"]),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("no problems"), "{out:?}");
}
