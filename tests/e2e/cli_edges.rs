//! The command line's edges (issue 17): a closed stdout or stderr is a
//! quiet exit, not a panic; `--json` is mcpctl's only before `--`; launch
//! flags out of range are usage errors wherever they appear. These runs
//! choose their own stdout and stderr (a pipe closed at the far end), so
//! they are spawned here, not through the sandbox.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support;

/// Runs `cmd` to its end (while no fake app runs: see `support`).
fn run(cmd: &mut Command) -> Output {
    let _app = support::no_fake_app();
    cmd.output().expect("run mcpctl")
}

fn mcpctl(home: &Path) -> Command {
    let mut cmd = Command::new(support::mcpctl_bin());
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null());
    cmd
}

/// A scratch home with a config of two servers (one with an env secret).
fn scratch(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("claude_desktop_config.json");
    std::fs::write(&path, config).expect("write config");
    (dir, path)
}

const CONFIG: &str = r#"{"mcpServers": {
  "a": {"command": "/bin/true", "args": ["x"], "env": {"TOKEN": "sk-secret-value"}},
  "b": {"command": "/bin/true"}
}}"#;

/// One trailing comma: `list` still lists, and notes the error on stderr.
#[cfg(unix)]
const BROKEN: &str = r#"{"mcpServers": {"a": {"command": "/bin/true"},}}"#;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

#[cfg(unix)]
mod closed {
    use super::*;
    use std::os::fd::{FromRawFd, OwnedFd};

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
        let (home, config) = scratch(CONFIG);
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
            let out = run(mcpctl(home.path())
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

    #[test]
    fn a_closed_stderr_is_a_quiet_exit_not_a_panic() {
        let (home, config) = scratch(BROKEN);
        // the report reaches stdout; the note about the error cannot
        let out = run(mcpctl(home.path())
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
        let missing = home.path().join("nope.json");
        let out = run(mcpctl(home.path())
            .arg("--config")
            .arg(&missing)
            .arg("validate")
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_eq!(code(&out), Some(141));
        assert_eq!(text(&out.stdout), "");
        // a usage error clap cannot print
        let out = run(mcpctl(home.path())
            .args(["list", "--nope"])
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_ne!(code(&out), Some(101), "no panic");
        assert_eq!(text(&out.stdout), "");
    }

    #[test]
    fn with_json_a_closed_stderr_does_not_matter() {
        let (home, config) = scratch(BROKEN);
        let out = run(mcpctl(home.path())
            .arg("--config")
            .arg(&config)
            .args(["list", "--json"])
            .stdout(Stdio::piped())
            .stderr(closed_pipe()));
        assert_eq!(code(&out), Some(1));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(doc["errors"], 1);
    }
}

#[test]
fn a_servers_own_json_after_the_double_dash_is_not_mcpctls() {
    let (home, _) = scratch(CONFIG);
    let out = run(mcpctl(home.path()).args(["add", "x", "--bogus", "--", "server", "--json"]));
    assert_eq!(code(&out), Some(2));
    assert_eq!(text(&out.stdout), "", "not the JSON error document");
    assert!(
        text(&out.stderr).contains("unexpected argument '--bogus'"),
        "{}",
        text(&out.stderr)
    );
    // mcpctl's own --json, anywhere before `--`, still asks for JSON
    for args in [
        &["add", "x", "--bogus", "--json", "--", "server"][..],
        &["--json", "add", "x", "--bogus", "--", "server", "--json"],
        &["test-launch", "--timeout", "abc", "--json"],
    ] {
        let out = run(mcpctl(home.path()).args(args));
        assert_eq!(code(&out), Some(2), "{args:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", text(&out.stdout)));
        assert!(doc["error"]["message"].is_string(), "{doc}");
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn add_check_with_a_timeout_out_of_range_is_a_usage_error() {
    let (home, _) = scratch(CONFIG);
    let config = home.path().join("new.json");
    for bad in ["NaN", "0", "-3", "inf", "3601"] {
        let out = run(mcpctl(home.path()).arg("--config").arg(&config).args([
            "add",
            "x",
            "--check",
            &format!("--timeout={bad}"),
            "--",
            "/bin/true",
        ]));
        let err = text(&out.stderr);
        assert_eq!(code(&out), Some(2), "{bad}: {err}");
        assert!(
            err.contains(&format!("invalid value '{bad}' for '--timeout <SECS>'")),
            "{bad}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(!config.exists(), "nothing written");
    }
    // the same range for test-launch and doctor, before the config is read
    for cmd in ["test-launch", "doctor"] {
        let out = run(mcpctl(home.path()).args([cmd, "--timeout", "NaN", "--jobs", "1"]));
        assert_eq!(code(&out), Some(2), "{cmd}");
        assert!(text(&out.stderr).contains("'--timeout <SECS>'"), "{cmd}");
    }
}

#[test]
fn doctor_yes_and_dry_run_need_fix() {
    let (home, config) = scratch(CONFIG);
    for flag in ["--yes", "--dry-run"] {
        let out = run(mcpctl(home.path()).arg("--config").arg(&config).args([
            "doctor",
            "--no-launch",
            flag,
        ]));
        assert_eq!(code(&out), Some(2), "{flag}");
        let err = text(&out.stderr);
        assert!(
            err.contains("the following required arguments were not provided")
                && err.contains("--fix"),
            "{flag}: {err}"
        );
    }
}
