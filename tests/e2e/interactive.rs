//! The prompts as a user at a terminal meets them, under the one rule for
//! questions (explicit commands act, implied repairs ask): `mcpctl add`
//! asking for everything (a secret typed into a hidden prompt is never
//! echoed, the diff masks it, the answer to "Write this?" decides what
//! lands on disk), `mcpctl doctor --fix` asking before it repairs, `remove`
//! and `restore` acting without a question, and Ctrl-C at a prompt leaving
//! the terminal usable (echo on, cursor shown) with nothing written. The real binary runs under a
//! pseudo-terminal driven by `tests/support_pty/drive.py` (python3's `pty`
//! module); without python3 each test prints `SKIPPED:` and passes.
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{self, Sandbox};

const FILE: &str = "claude_desktop_config.json";
const ONE: &str = "{\n  \"mcpServers\": {\n    \"alpha\": {\"command\": \"/bin/true\"}\n  }\n}\n";
const TWO: &str = "{\n  \"mcpServers\": {\n    \"alpha\": {\"command\": \"/bin/true\"},\n    \"beta\": {\"command\": \"/bin/true\"}\n  }\n}\n";
const SECRET: &str = "sk-live-Zq8s3cr3tVALUE";
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const CTRL_C: &str = "\x03";

/// One thing to wait for on the terminal, then the keys to type.
struct Step {
    expect: &'static str,
    send: String,
    /// Wait until the terminal no longer echoes: a hidden prompt or a
    /// single-key question is reading (keys typed earlier could be echoed
    /// or discarded by the terminal, or Ctrl-C arrive before the prompt).
    echo_off: bool,
}

fn step(expect: &'static str, send: &str) -> Step {
    Step {
        expect,
        send: send.to_string(),
        echo_off: false,
    }
}

fn keys(expect: &'static str, send: &str) -> Step {
    Step {
        echo_off: true,
        ..step(expect, send)
    }
}

/// What the terminal showed and how the program ended.
#[derive(Debug)]
struct Session {
    output: String,
    exit: Option<i64>,
    signal: Option<i64>,
    timed_out: bool,
    stuck_at: Option<u64>,
    echo_on: Option<bool>,
}

impl Session {
    fn ok(&self) -> &Self {
        assert!(
            !self.timed_out && self.stuck_at.is_none(),
            "prompt not answered (step {:?}); terminal showed:\n{}",
            self.stuck_at,
            self.output
        );
        assert_eq!(self.exit, Some(0), "terminal showed:\n{}", self.output);
        assert_eq!(self.echo_on, Some(true), "terminal left without echo");
        self
    }

    /// Ended by Ctrl-C (SIGINT), with the terminal back as it was: echo
    /// on, and the cursor not left hidden.
    fn interrupted(&self) -> &Self {
        assert!(!self.timed_out, "still running:\n{}", self.output);
        assert_eq!(
            self.signal,
            Some(2),
            "not ended by SIGINT:\n{}",
            self.output
        );
        assert_eq!(
            self.echo_on,
            Some(true),
            "Ctrl-C left the terminal without echo"
        );
        let hidden = self.output.rfind(HIDE_CURSOR);
        let shown = self.output.rfind(SHOW_CURSOR);
        assert!(
            hidden.is_none() || shown > hidden,
            "Ctrl-C left the cursor hidden:\n{:?}",
            self.output
        );
        self
    }

    fn shows(&self, text: &str) -> usize {
        self.output
            .find(text)
            .unwrap_or_else(|| panic!("terminal did not show {text:?}:\n{}", self.output))
    }
}

/// python3 with the `pty` module, or `None` (the caller skips).
fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import pty, termios, select"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

macro_rules! python_or_skip {
    () => {
        match python() {
            Some(p) => p,
            None => {
                crate::support::skip("python3", "python3 with the pty module is not available; the prompts were NOT tested");
                println!("SKIPPED: python3 with the pty module is not available; the prompts were NOT tested");
                return;
            }
        }
    };
}

/// A sandbox holding (or about to hold) a config file.
struct Home {
    sb: Sandbox,
    config: PathBuf,
}

impl Home {
    fn new(initial: Option<&str>) -> Home {
        let sb = Sandbox::new();
        let config = sb.work().join("Claude").join(FILE);
        if let Some(text) = initial {
            sb.write(&config, text);
        }
        Home { sb, config }
    }

    fn read(&self) -> String {
        std::fs::read_to_string(&self.config).expect("config readable")
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.read()).expect("config is strict JSON")
    }

    fn backups(&self) -> Vec<PathBuf> {
        support::backups_in(&self.config.parent().unwrap().join("mcpctl-backups"))
    }

    /// `mcpctl --config CONFIG ARGS...` on a terminal, playing `steps`.
    fn drive(&self, python: &str, args: &[&str], steps: &[Step]) -> Session {
        let mut argv = vec![
            support::mcpctl_bin().to_string(),
            "--config".to_string(),
            self.config.display().to_string(),
        ];
        argv.extend(args.iter().map(|a| a.to_string()));
        self.drive_argv(python, argv, steps)
    }

    fn drive_argv(&self, python: &str, argv: Vec<String>, steps: &[Step]) -> Session {
        let spec = json!({
            "argv": argv,
            "env": {
                "PATH": "/usr/bin:/bin",
                "HOME": self.sb.home(),
                "NO_COLOR": "1",
                "TERM": "xterm",
            },
            "cwd": self.sb.work(),
            "timeout": 8,
            "steps": steps.iter().map(|s| json!({
                "expect": s.expect, "send": s.send, "echo_off": s.echo_off,
            })).collect::<Vec<_>>(),
        });
        let driver = support::repo().join("tests/support_pty/drive.py");
        let out = Command::new(python)
            .arg(driver)
            .arg(spec.to_string())
            .output()
            .expect("run the pty driver");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "pty driver said no JSON ({e}):\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        Session {
            output: report["output"].as_str().unwrap_or_default().to_string(),
            exit: report["exit"].as_i64(),
            signal: report["signal"].as_i64(),
            timed_out: report["timed_out"].as_bool().unwrap_or(true),
            stuck_at: report["stuck_at"].as_u64(),
            echo_on: report["echo_on"].as_bool(),
        }
    }
}

/// The `add` dialogue up to "Write this?", answered with `answer`.
fn add_dialogue(answer: &str) -> Vec<Step> {
    vec![
        step("Server name", "memory\r"),
        step("Command and arguments", "/bin/true serve\r"),
        step("Environment variable name", "API_TOKEN\r"),
        keys("Value of API_TOKEN (hidden)", &format!("{SECRET}\r")),
        step("Environment variable name", "\r"),
        keys("Write this to", answer),
    ]
}

#[test]
fn add_asks_hides_the_secret_and_writes_on_yes() {
    let py = python_or_skip!();
    let home = Home::new(Some(ONE));
    let s = home.drive(py, &["add"], &add_dialogue("y"));
    s.ok();
    assert!(
        !s.output.contains(SECRET),
        "the hidden value was shown on the terminal:\n{}",
        s.output
    );
    let diff = s.shows("\"API_TOKEN\": \"****\"");
    assert!(
        diff < s.shows("Write this to"),
        "diff comes before the question"
    );
    s.shows("added server");

    let doc = home.json();
    assert_eq!(
        doc["mcpServers"]["memory"],
        json!({"command": "/bin/true", "args": ["serve"], "env": {"API_TOKEN": SECRET}})
    );
    assert_eq!(doc["mcpServers"]["alpha"], json!({"command": "/bin/true"}));
    let backups = home.backups();
    assert_eq!(backups.len(), 1, "one backup of the old file: {backups:?}");
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), ONE);
}

#[test]
fn add_to_a_new_file_makes_no_backup() {
    let py = python_or_skip!();
    let home = Home::new(None);
    let s = home.drive(py, &["add"], &add_dialogue("y"));
    s.ok();
    assert!(!s.output.contains(SECRET), "{}", s.output);
    assert_eq!(
        home.json()["mcpServers"]["memory"]["env"]["API_TOKEN"],
        SECRET
    );
    assert!(home.backups().is_empty(), "{:?}", home.backups());
}

#[test]
fn add_answered_no_writes_nothing() {
    let py = python_or_skip!();
    let home = Home::new(Some(ONE));
    let s = home.drive(py, &["add"], &add_dialogue("n"));
    s.ok();
    assert!(!s.output.contains(SECRET), "{}", s.output);
    s.shows("\"API_TOKEN\": \"****\"");
    s.shows("Nothing written.");
    assert_eq!(std::fs::read(&home.config).unwrap(), ONE.as_bytes());
    assert!(home.backups().is_empty(), "{:?}", home.backups());
}

/// TWO with a trailing comma: `doctor --fix` has one repair to offer.
const TWO_BROKEN: &str = "{\n  \"mcpServers\": {\n    \"alpha\": {\"command\": \"/bin/true\"},\n    \"beta\": {\"command\": \"/bin/true\"},\n  }\n}\n";

#[test]
fn remove_and_restore_act_on_a_terminal_without_asking() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO));

    let s = home.drive(py, &["remove", "alpha"], &[]);
    s.ok();
    s.shows("removed server");
    assert!(!s.output.contains("Remove server"), "{}", s.output);
    let servers = home.json()["mcpServers"].clone();
    assert_eq!(servers, json!({"beta": {"command": "/bin/true"}}));
    assert_eq!(home.backups().len(), 1);

    let s = home.drive(py, &["restore", "1"], &[]);
    s.ok();
    s.shows("restored");
    assert!(!s.output.contains("Replace "), "{}", s.output);
    assert_eq!(home.read(), TWO);
}

#[test]
fn doctor_fix_asks_first_on_a_terminal() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO_BROKEN));
    let q = "Apply these repairs to";

    let s = home.drive(py, &["doctor", "--no-launch", "--fix"], &[keys(q, "n")]);
    assert!(!s.timed_out, "{}", s.output);
    assert!(
        s.shows("-    \"beta\"") < s.shows(q),
        "diff before the question"
    );
    s.shows("nothing was written");
    assert_eq!(home.read(), TWO_BROKEN);
    assert!(home.backups().is_empty());

    let s = home.drive(py, &["doctor", "--no-launch", "--fix"], &[keys(q, "y")]);
    assert!(!s.timed_out, "{}", s.output);
    s.shows("wrote");
    assert_eq!(home.read(), TWO);
    assert_eq!(home.backups().len(), 1);
}

/// `--json` never asks, even on a terminal: nothing is written, and the
/// note says why (not that stdin is no terminal).
#[test]
fn doctor_fix_with_json_on_a_terminal_does_not_ask_and_says_why() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO_BROKEN));
    let s = home.drive(py, &["--json", "doctor", "--no-launch", "--fix"], &[]);
    assert!(!s.timed_out, "{}", s.output);
    s.shows("--json never asks, so nothing was written: re-run with --yes");
    assert!(
        !s.output.contains("stdin is not a terminal"),
        "{}",
        s.output
    );
    assert_eq!(home.read(), TWO_BROKEN);
}

/// `add --json` with nothing to add, on a terminal: the usage error says
/// --json is why nothing was asked, not stdin.
#[test]
fn add_with_json_on_a_terminal_says_json_never_asks() {
    let py = python_or_skip!();
    let home = Home::new(None);
    let s = home.drive(py, &["--json", "add"], &[]);
    assert!(!s.timed_out, "{}", s.output);
    s.shows("--json never asks");
    assert!(
        !s.output.contains("stdin is not a terminal"),
        "{}",
        s.output
    );
}

/// The url-entry question quotes the name and the URL as the user wrote
/// them: no control sequence reaches the terminal, and the URL's secret is
/// masked like everywhere else.
#[test]
fn the_url_entry_question_is_escaped_and_masked() {
    let py = python_or_skip!();
    let config = format!(
        "{{\n  \"mcpServers\": {{\n    \"x\\u001b]0;PWNED\\u0007y\": {{\"url\": \"https://mcp.example.com/mcp?api_key={SECRET}\"}}\n  }}\n}}\n"
    );
    let home = Home::new(Some(&config));
    let s = home.drive(
        py,
        &["doctor", "--no-launch", "--fix"],
        &[
            keys("Fix it how?", "\r"),
            keys("Apply these repairs to", "n"),
        ],
    );
    assert!(!s.timed_out, "{}", s.output);
    s.shows("Fix it how?");
    s.shows("x\\x1b]0;PWNED\\x07y");
    assert!(!s.output.contains("\x1b]0;PWNED"), "{:?}", s.output);
    assert!(!s.output.contains(SECRET), "{}", s.output);
    assert_eq!(home.read(), config);
}

/// A public url entry: the user chooses on the terminal, and the plan
/// shown right after does not tell them to run `--fix` on a terminal to
/// choose, nor offer the other way again.
#[test]
fn after_the_url_entry_question_the_plan_does_not_ask_to_choose_again() {
    let py = python_or_skip!();
    let config = "{\n  \"mcpServers\": {\n    \"remote\": {\"url\": \"https://mcp.example.com/mcp\"}\n  }\n}\n";
    let home = Home::new(Some(config));
    let s = home.drive(
        py,
        &["doctor", "--no-launch", "--fix"],
        &[
            keys("Fix it how?", "\r"),
            keys("Apply these repairs to", "n"),
        ],
    );
    assert!(!s.timed_out, "{}", s.output);
    let plan = &s.output[s.shows("Fix it how?")..s.shows("Apply these repairs to")];
    assert!(
        plan.contains("turned into an mcp-remote bridge entry"),
        "{plan}"
    );
    assert!(!plan.contains("on a terminal to choose"), "{plan}");
    assert!(!plan.contains("the other way"), "{plan}");
    assert_eq!(home.read(), config);
}

/// A localhost url entry has one way, the bridge: doctor does not ask,
/// offers no Connector, and writes the bridge entry.
#[test]
fn a_localhost_url_entry_is_bridged_without_asking() {
    let py = python_or_skip!();
    let config = "{\n  \"mcpServers\": {\n    \"remote\": {\"url\": \"http://localhost:8123/mcp\"}\n  }\n}\n";
    let home = Home::new(Some(config));
    let s = home.drive(
        py,
        &["doctor", "--no-launch", "--fix"],
        &[keys("Apply these repairs to", "y")],
    );
    assert!(!s.timed_out, "{}", s.output);
    assert!(!s.output.contains("Fix it how?"), "{}", s.output);
    assert!(!s.output.contains("as a Connector (run"), "{}", s.output);
    s.shows("wrote");
    let v: serde_json::Value = serde_json::from_str(&home.read()).expect("strict JSON");
    assert_eq!(
        v["mcpServers"]["remote"]["args"][2],
        "http://localhost:8123/mcp"
    );
}

#[test]
fn ctrl_c_at_the_hidden_prompt_restores_echo_and_writes_nothing() {
    let py = python_or_skip!();
    let home = Home::new(Some(ONE));
    let mut steps = add_dialogue("y");
    steps.truncate(4);
    steps[3].send = format!("sk-partial{CTRL_C}");
    let s = home.drive(py, &["add"], &steps);
    s.interrupted();
    assert!(!s.output.contains("sk-partial"), "{}", s.output);
    assert_eq!(std::fs::read(&home.config).unwrap(), ONE.as_bytes());
    assert!(home.backups().is_empty());
    no_lock_left(&home);
}

/// The config's folder holds no lock file: the Ctrl-C handler deleted the
/// one held while the user was asked, as its holder does when done.
fn no_lock_left(home: &Home) {
    let dir = home.config.parent().unwrap();
    let locks: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mcpctl-lock"))
        .collect();
    assert!(locks.is_empty(), "left: {locks:?}");
}

#[test]
fn ctrl_c_at_the_question_shows_the_cursor_and_writes_nothing() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO_BROKEN));
    let s = home.drive(
        py,
        &["doctor", "--no-launch", "--fix"],
        &[keys("Apply these repairs", CTRL_C)],
    );
    s.interrupted();
    s.shows(HIDE_CURSOR); // the question did hide it: the check above means something
    assert_eq!(std::fs::read(&home.config).unwrap(), TWO_BROKEN.as_bytes());
    no_lock_left(&home);

    let home = Home::new(Some(TWO));
    let s = home.drive(py, &["add"], &add_dialogue(CTRL_C));
    s.interrupted();
    assert_eq!(std::fs::read(&home.config).unwrap(), TWO.as_bytes());
    assert!(home.backups().is_empty());
    no_lock_left(&home);
}

/// stdin on a terminal, stderr redirected to a file: the question would
/// go to stderr, so it cannot be asked; the error says that (not
/// dialoguer's bare "IO error: not a terminal") and how to go on.
#[test]
fn stdin_on_a_terminal_but_stderr_redirected_says_why_it_cannot_ask() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO_BROKEN));
    let redirected = |args: &str| {
        let err = home.sb.root().join("err.txt");
        let line = format!(
            "exec '{}' --config '{}' {args} 2>'{}'",
            support::mcpctl_bin(),
            home.config.display(),
            err.display()
        );
        let argv = vec!["/bin/sh".to_string(), "-c".to_string(), line];
        let s = home.drive_argv(py, argv, &[]);
        assert!(!s.timed_out, "{}", s.output);
        assert_eq!(s.exit, Some(2), "{}", s.output);
        std::fs::read_to_string(err).unwrap()
    };
    let err = redirected("doctor --no-launch --fix");
    assert!(
        err.contains(
            "the question goes to stderr, which is not a terminal (it is redirected), so mcpctl \
cannot ask"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "hint: run it with stderr on the terminal, or pass --yes to apply without asking (or \
--dry-run to see the plan)"
        ),
        "{err}"
    );
    assert!(!err.contains("IO error"), "{err}");
    text_snapshot!("stderr_redirected", home.sb, err);
    assert_eq!(std::fs::read(&home.config).unwrap(), TWO_BROKEN.as_bytes());
    // `add`'s questions go to stderr too
    let err = redirected("add");
    assert!(
        err.starts_with(
            "error: could not read your answer: the question goes to stderr, which is not a \
terminal"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "hint: run it with stderr on the terminal, or pass everything on the command line"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&home.config).unwrap(), TWO_BROKEN.as_bytes());
}

/// A name the config holds already is refused at the name prompt (and
/// asked again), before the command and the env are typed, not after.
#[test]
fn add_refuses_a_taken_name_at_its_prompt() {
    let py = python_or_skip!();
    let home = Home::new(Some(ONE));
    let mut steps = vec![
        step("Server name", "alpha\r"),
        step("exists already", "memory\r"),
    ];
    steps.extend(add_dialogue("y").into_iter().skip(1));
    let s = home.drive(py, &["add"], &steps);
    s.ok();
    s.shows("added server");
    assert_eq!(
        home.json()["mcpServers"]["alpha"],
        json!({"command": "/bin/true"})
    );
}

/// A disabled server's name is refused at the name prompt too (a second
/// entry would leave `enable` no way back); and a taken name given on the
/// command line is refused before anything is asked.
#[test]
fn add_refuses_a_disabled_or_given_taken_name_before_asking() {
    let py = python_or_skip!();
    let home = Home::new(Some(TWO));
    let s = home.drive(py, &["disable", "beta"], &[]);
    s.ok();
    let mut steps = vec![
        step("Server name", "beta\r"),
        step("name of a disabled server", "memory\r"),
    ];
    steps.extend(add_dialogue("y").into_iter().skip(1));
    let s = home.drive(py, &["add"], &steps);
    s.ok();
    assert!(home.json()["mcpServers"]["memory"].is_object());
    assert!(home.json()["mcpServers"].get("beta").is_none());

    let before = home.read();
    let s = home.drive(py, &["add", "alpha"], &[]);
    assert_eq!(s.exit, Some(2), "{}", s.output);
    s.shows("already exists");
    assert!(!s.output.contains("Command and arguments"), "{}", s.output);
    assert_eq!(home.read(), before);
}
