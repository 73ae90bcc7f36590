//! End-to-end tests of the foundation commands (`path`, `list`, `validate`,
//! `schema`, `completions`): exit codes, text and JSON, as a user sees them.
//!
//! Every run clears the environment and sets its own HOME and PATH (a temp
//! folder with a fake `npx`), so the developer's real config and tools are
//! never read.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::Out;
use serde_json::Value;
use tempfile::TempDir;

/// A sandbox: a home folder, a bin folder on PATH with a fake `npx`.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).expect("bin");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        let npx = bin.join("npx");
        std::fs::write(&npx, "#!/bin/sh\nexit 0\n").expect("fake npx");
        make_executable(&npx);
        Sandbox { dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Copy a fixture into the sandbox as `c.json`; returns its path.
    fn fixture(&self, name: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/configs")
            .join(name);
        let to = self.dir.path().join("c.json");
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        to
    }

    /// `mcpctl` with a cleared, controlled environment.
    fn cmd(&self) -> Command {
        let mut c = common::mcpctl(&self.home(), self.dir.path().join("bin"));
        c.current_dir(self.dir.path());
        c
    }

    /// Run with `--config FIXTURE` and the given arguments.
    fn run(&self, fixture: &str, args: &[&str]) -> Out {
        let config = self.fixture(fixture);
        let out = self
            .cmd()
            .args(args)
            .arg("--config")
            .arg(&config)
            .output()
            .expect("runs");
        Out::from(out)
    }
}

#[cfg(unix)]
fn make_executable(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}
#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// (code, line, column) of each diagnostic in a validate document.
fn positions(doc: &Value) -> Vec<(String, u64, u64)> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("?").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

// ---- the acceptance case ---------------------------------------------

const ACCEPTANCE: &[(&str, u64, u64)] = &[
    ("bom", 1, 1),
    ("trailing-comma", 5, 59),
    ("env-not-string", 6, 23),
    ("trailing-comma", 7, 6),
];

#[test]
fn acceptance_bom_two_trailing_commas_and_numeric_env_in_text() {
    let sb = Sandbox::new();
    let r = sb.run("acceptance.json", &["validate"]);
    assert_eq!(
        r.code,
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        r.stdout,
        r.stderr
    );
    let mut from = 0;
    for (code, line, col) in ACCEPTANCE {
        let header = format!("error[{code}]");
        let at = r.stdout[from..]
            .find(&header)
            .unwrap_or_else(|| panic!("{header} missing after byte {from}:\n{}", r.stdout))
            + from;
        let rest = &r.stdout[at..];
        assert!(
            rest.contains(&format!("c.json:{line}:{col}")),
            "{code} not at {line}:{col}:\n{rest}"
        );
        // the source line, then a caret line under it
        let block: Vec<&str> = rest.lines().take(6).collect();
        assert!(
            block
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{line} |"))),
            "{code}: source line missing:\n{}",
            block.join("\n")
        );
        assert!(
            block.iter().any(|l| l.contains('^')),
            "{code}: caret missing:\n{}",
            block.join("\n")
        );
        from = at + header.len();
    }
    assert!(
        r.stdout.trim_end().ends_with(&format!(
            "4 errors, 0 warnings in {}",
            sb.dir.path().join("c.json").display()
        )),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'), "colour on a pipe");
}

#[test]
fn acceptance_bom_two_trailing_commas_and_numeric_env_in_json() {
    let sb = Sandbox::new();
    let r = sb.run("acceptance.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    let doc = r.json();
    let want: Vec<(String, u64, u64)> = ACCEPTANCE
        .iter()
        .map(|(c, l, k)| (c.to_string(), *l, *k))
        .collect();
    assert_eq!(positions(&doc), want);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["errors"], 4);
    assert_eq!(doc["warnings"], 0);
    assert_eq!(
        doc["file"].as_str(),
        Some(&*sb.dir.path().join("c.json").to_string_lossy())
    );
    for d in doc["diagnostics"].as_array().unwrap() {
        assert!(d["hint"].is_string(), "no hint: {d}");
        assert!(d["end_line"].is_u64() && d["end_column"].is_u64(), "{d}");
    }
    let env = &doc["diagnostics"][2];
    assert_eq!(env["hint"], r#"quote it: "PORT": "8080""#);
}

// ---- validate ------------------------------------------------------------

#[test]
fn clean_config_exits_0_and_says_so() {
    let sb = Sandbox::new();
    let r = sb.run("clean.json", &["validate"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("no problems in "), "{}", r.stdout);
    assert!(r.stdout.contains("(2 servers)"), "{}", r.stdout);

    let r = sb.run("clean.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(0));
    let doc = r.json();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["servers"], 2);
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
}

#[test]
fn warnings_exit_0_unless_strict() {
    let sb = Sandbox::new();
    let r = sb.run("warnings.json", &["validate"]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert!(r.stdout.contains("warning[ignored-key]"), "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 2 warnings in"), "{}", r.stdout);

    let r = sb.run("warnings.json", &["validate", "--strict", "--json"]);
    assert_eq!(r.code, Some(1));
    let doc = r.json();
    assert_eq!(doc["ok"], false);
    assert_eq!(
        positions(&doc),
        vec![
            ("ignored-key".to_string(), 6, 7),
            ("ignored-key".to_string(), 7, 7)
        ]
    );
}

#[test]
fn remote_entry_is_one_error_with_the_bridge_hint() {
    let sb = Sandbox::new();
    let r = sb.run("remote.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(1));
    let doc = r.json();
    assert_eq!(positions(&doc), vec![("remote-server".to_string(), 5, 7)]);
    let hint = doc["diagnostics"][0]["hint"].as_str().unwrap();
    assert!(
        hint.contains(r#""args": ["mcp-remote", "https://mcp.linear.app/mcp"]"#),
        "{hint}"
    );
}

#[test]
fn servers_instead_of_mcp_servers_is_an_error() {
    let sb = Sandbox::new();
    let r = sb.run("servers-key.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(1));
    let doc = r.json();
    assert_eq!(positions(&doc), vec![("servers-key".to_string(), 2, 3)]);
    assert_eq!(doc["diagnostics"][0]["fixable"], true);
}

#[test]
fn duplicate_server_is_reported_once_naming_both_lines() {
    let sb = Sandbox::new();
    let r = sb.run("duplicate.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(0), "a warning only: {}", r.stdout);
    let doc = r.json();
    assert_eq!(
        positions(&doc),
        vec![("duplicate-server".to_string(), 4, 5)]
    );
    let d = &doc["diagnostics"][0];
    assert!(
        d["message"].as_str().unwrap().contains("first on line 3"),
        "{d}"
    );
    assert_eq!(d["related"][0]["line"], 3);
}

#[test]
fn lint_findings_name_the_app_path() {
    let sb = Sandbox::new();
    let r = sb.run("mistakes.json", &["validate", "--json"]);
    assert_eq!(r.code, Some(1));
    let doc = r.json();
    let codes: Vec<String> = positions(&doc).into_iter().map(|p| p.0).collect();
    assert_eq!(
        codes,
        [
            "relative-command",
            "relative-arg",
            "tilde",
            "unexpanded-var",
            "empty-env-value",
            "command-with-args",
            "command-not-found",
        ]
    );
    let missing = &doc["diagnostics"][6]["message"];
    let bin = sb.dir.path().join("bin");
    assert!(
        missing.as_str().unwrap().contains(&*bin.to_string_lossy()),
        "names the PATH searched: {missing}"
    );
}

#[test]
fn missing_file_exits_2_naming_path_rule_and_hint() {
    let sb = Sandbox::new();
    let gone = sb.dir.path().join("nope.json");
    let r = Out::from(
        sb.cmd()
            .args(["validate", "--config"])
            .arg(&gone)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains(&*gone.to_string_lossy()), "{}", r.stderr);
    assert!(r.stderr.contains("rule `flag`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("hint:") && r.stderr.contains("mcpctl add"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    let r = Out::from(
        sb.cmd()
            .args(["validate", "--json", "--config"])
            .arg(&gone)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, Some(2));
    let doc = r.json();
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nope.json")
    );
    assert!(doc["error"]["hint"].is_string());
}

#[test]
fn a_folder_is_not_a_config() {
    let sb = Sandbox::new();
    let r = Out::from(
        sb.cmd()
            .args(["validate", "--config"])
            .arg(sb.home())
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("is a folder"), "{}", r.stderr);
}

#[test]
fn usage_error_exits_2() {
    let sb = Sandbox::new();
    let r = Out::from(sb.cmd().args(["validate", "--bogus"]).output().unwrap());
    assert_eq!(r.code, Some(2));
}

// ---- path ----------------------------------------------------------------

#[test]
fn path_prefers_flag_over_env_and_reports_the_rule() {
    let sb = Sandbox::new();
    let config = sb.fixture("clean.json");
    let r = Out::from(
        sb.cmd()
            .args(["path", "--json"])
            .env("MCPCTL_CONFIG", &config)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, Some(0));
    let doc = r.json();
    assert_eq!(doc["rule"], "env");
    assert_eq!(doc["exists"], true);
    assert_eq!(doc["path"].as_str(), Some(&*config.to_string_lossy()));

    let other = sb.dir.path().join("other.json");
    let r = Out::from(
        sb.cmd()
            .args(["path", "--json", "--config"])
            .arg(&other)
            .env("MCPCTL_CONFIG", &config)
            .output()
            .unwrap(),
    );
    let doc = r.json();
    assert_eq!(doc["rule"], "flag");
    assert_eq!(doc["exists"], false);
    assert_eq!(doc["reason"], "set by --config");
}

#[test]
fn env_override_is_what_validate_reads() {
    let sb = Sandbox::new();
    let config = sb.fixture("acceptance.json");
    let r = Out::from(
        sb.cmd()
            .args(["validate", "--json"])
            .env("MCPCTL_CONFIG", &config)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(r.json()["errors"], 4);
}

#[cfg(target_os = "linux")]
#[test]
fn path_on_linux_follows_xdg_then_home() {
    let sb = Sandbox::new();
    let r = Out::from(sb.cmd().arg("path").output().unwrap());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let want = sb.home().join(".config/Claude/claude_desktop_config.json");
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(&*want.to_string_lossy()),
        "first line is the path"
    );
    assert!(r.stdout.contains("exists:  no"), "{}", r.stdout);
    assert!(r.stdout.contains("rule:    linux-home"), "{}", r.stdout);

    let xdg = sb.dir.path().join("xdg");
    let r = Out::from(
        sb.cmd()
            .args(["path", "--json"])
            .env("XDG_CONFIG_HOME", &xdg)
            .output()
            .unwrap(),
    );
    let doc = r.json();
    assert_eq!(doc["rule"], "linux-xdg");
    assert_eq!(
        doc["path"].as_str(),
        Some(
            &*xdg
                .join("Claude/claude_desktop_config.json")
                .to_string_lossy()
        )
    );
    assert_eq!(doc["ignored"], serde_json::json!([]));
}

// ---- list ----------------------------------------------------------------

#[test]
fn list_masks_env_values_unless_asked() {
    let sb = Sandbox::new();
    let r = sb.run("clean.json", &["list"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.starts_with("2 servers in "), "{}", r.stdout);
    assert!(
        r.stdout.contains("GITHUB_PERSONAL_ACCESS_TOKEN=****"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("ghp_SECRETVALUE123"), "secret leaked");
    assert!(
        r.stdout
            .contains("args:    -y @modelcontextprotocol/server-memory")
    );

    let r = sb.run("clean.json", &["list", "--show-secrets"]);
    assert!(
        r.stdout
            .contains("GITHUB_PERSONAL_ACCESS_TOKEN=ghp_SECRETVALUE123")
    );

    let r = sb.run("clean.json", &["list", "--json"]);
    assert_eq!(r.code, Some(0));
    let doc = r.json();
    let github = &doc["servers"][1];
    assert_eq!(github["name"], "github");
    assert_eq!(github["command"], "npx");
    assert_eq!(github["args"][1], "@modelcontextprotocol/server-github");
    assert_eq!(github["env"]["GITHUB_PERSONAL_ACCESS_TOKEN"], "****");
    assert_eq!(github["env"]["LOG_LEVEL"], "****");
    assert!(!r.stdout.contains("ghp_SECRETVALUE123"));
    assert_eq!(doc["servers"][0]["name"], "memory");
}

#[test]
fn list_of_a_broken_file_shows_what_was_recovered_and_says_so() {
    let sb = Sandbox::new();
    let r = sb.run("list-with-errors.json", &["list"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains("memory") && r.stdout.contains("github"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("mcpctl validate"), "{}", r.stderr);
    assert!(!r.stdout.contains("ghp_SECRETVALUE123"));

    let r = sb.run("list-with-errors.json", &["list", "--json"]);
    let doc = r.json();
    assert_eq!(doc["errors"], 2);
    assert_eq!(doc["servers"].as_array().map(Vec::len), Some(2));
}

#[test]
fn validate_masks_the_secret_on_the_line_it_shows() {
    // the trailing comma after the last env entry sits on the token's line
    let sb = Sandbox::new();
    let r = sb.run("secret-trailing-comma.json", &["validate"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        !r.stdout.contains("ghp_SECRETVALUE123"),
        "secret leaked:\n{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(" 7 |         \"GITHUB_PERSONAL_ACCESS_TOKEN\": \"****\",\n"),
        "{}",
        r.stdout
    );
    // the caret still sits under the comma of the masked line
    assert!(
        r.stdout
            .contains(&format!("   | {}^ remove this comma\n", " ".repeat(46))),
        "{}",
        r.stdout
    );
    let doc = sb
        .run("secret-trailing-comma.json", &["validate", "--json"])
        .json();
    assert_eq!(positions(&doc), [("trailing-comma".to_string(), 7, 61)]);
}

#[test]
fn list_of_a_broken_file_without_servers_points_to_validate_not_add() {
    let sb = Sandbox::new();
    let r = sb.run("servers-key.json", &["list"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.starts_with("no servers in "), "{}", r.stdout);
    assert!(!r.stdout.contains("mcpctl add"), "{}", r.stdout);
    assert!(r.stderr.contains("run `mcpctl validate`"), "{}", r.stderr);
    let r = sb.run("clean.json", &["list"]);
    assert_eq!(r.code, Some(0));
}

// ---- schema and completions ---------------------------------------------

#[test]
fn schema_prints_the_bundled_file_verbatim() {
    let sb = Sandbox::new();
    let want = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/claude_desktop_config.schema.json"),
    )
    .unwrap();
    for args in [&["schema"][..], &["schema", "--json"][..]] {
        let r = Out::from(sb.cmd().args(args).output().unwrap());
        assert_eq!(r.code, Some(0));
        assert_eq!(r.stdout, want, "{args:?}");
    }
    let doc: Value = serde_json::from_str(&want).unwrap();
    assert!(doc["$id"].is_string());
}

#[test]
fn completions_for_every_shell() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = Out::from(sb.cmd().args(["completions", shell]).output().unwrap());
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        assert!(r.stdout.contains("validate"), "{shell}");
    }
    let r = Out::from(sb.cmd().args(["completions", "tcsh"]).output().unwrap());
    assert_eq!(r.code, Some(2));
}

#[test]
fn a_usage_error_with_json_prints_the_json_error_document() {
    for args in [
        &["--json", "test-launch", "--timeout", "abc"][..],
        &["--json", "frobnicate"][..],
    ] {
        let out = Command::cargo_bin("mcpctl")
            .expect("binary")
            .args(args)
            .env_clear()
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e})"));
        let message = doc["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("abc") || message.contains("frobnicate"),
            "{message}"
        );
        assert!(
            doc["error"]["hint"]
                .as_str()
                .is_some_and(|h| h.contains("--help"))
        );
    }
}

#[test]
fn list_names_env_values_that_are_not_strings_instead_of_dropping_them() {
    let sb = Sandbox::new();
    let r = sb.run("acceptance.json", &["list"]);
    assert_eq!(r.code, Some(1), "the file has errors: {}", r.stderr);
    assert!(
        r.stdout.contains("PORT=<number: must be a string>"),
        "{}",
        r.stdout
    );
    let r = sb.run("acceptance.json", &["list", "--json"]);
    let doc = r.json();
    assert_eq!(
        doc["servers"][0]["env_not_strings"],
        serde_json::json!(["PORT"])
    );
    assert!(doc["servers"][0]["env"].get("PORT").is_none());
}
