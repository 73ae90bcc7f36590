//! `mcpctl validate` over configs shaped like the ones people publish
//! (`tests/fixtures/real_world/`, described in its README): the exact set of
//! `(code, line)` per file, so a false positive that creeps back, or a real
//! mistake that stops being caught, fails here; and a snapshot per file and
//! format of everything validate says about it.
//!
//! Each run clears the environment: HOME is a temp folder and both PATH and
//! the app's PATH (`MCPCTL_APP_PATH`) hold only fake `npx`, `uvx`, `uv`,
//! `docker`, `node` and `python3`, so `command-not-found` appears only where a
//! fixture names something else (`python`, `cmd`, a missing absolute path).
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::{self, Out, Sandbox};

type Expected = &'static [(&'static str, usize)];

/// Every fixture and what validate must report for it (see the README for
/// why each is right).
const EXPECTED: &[(&str, Expected)] = &[
    ("app-written-keys.json", &[]),
    (
        "claude-code-style-env-expansion.json",
        &[
            ("ignored-key", 4),
            ("unexpanded-var", 8),
            ("unexpanded-var", 13),
            ("unexpanded-var", 15),
            ("unknown-key", 17),
        ],
    ),
    (
        "command-line-in-command.json",
        &[("command-with-args", 4), ("command-with-args", 7)],
    ),
    (
        "cursor-style-remote-url.json",
        &[("remote-server", 4), ("remote-server", 8)],
    ),
    (
        "disabled-and-duplicate.json",
        &[("duplicate-server", 12), ("missing-path", 10)],
    ),
    ("docker-filesystem-mounts.json", &[]),
    ("docker-puppeteer-postgres.json", &[]),
    (
        "docker-tty-and-template.json",
        &[
            ("docker-tty", 7),
            ("placeholder", 10),
            ("docker-no-stdin", 16),
            ("relative-arg", 20),
        ],
    ),
    (
        "env-number-and-bool.json",
        &[("env-not-string", 7), ("env-not-string", 8)],
    ),
    ("filesystem-misindented.json", &[("missing-path", 8)]),
    (
        "filesystem-npx-macos.json",
        &[
            ("missing-path", 8),
            ("missing-path", 9),
            ("missing-path", 10),
        ],
    ),
    ("filesystem-npx-windows.json", &[]),
    (
        "git-uvx-repository.json",
        &[("relative-arg", 5), ("missing-path", 9)],
    ),
    ("github-docker-env-passthrough.json", &[]),
    ("mcp-remote-bridge.json", &[("bridge-fixed-port", 14)]),
    (
        "mcp-remote-header-env-missing.json",
        &[("unexpanded-var", 9)],
    ),
    ("mcp-remote-header-from-env.json", &[]),
    ("node-typescript-strip-types.json", &[("missing-path", 7)]),
    (
        "nvm-absolute-node.json",
        &[
            ("command-not-found", 4),
            ("placeholder", 8),
            ("placeholder", 9),
            ("missing-path", 5),
        ],
    ),
    (
        "python-module-placeholder-key.json",
        &[("command-not-found", 4), ("placeholder", 7)],
    ),
    (
        "python-script-with-cwd.json",
        &[("relative-arg", 5), ("ignored-key", 6), ("placeholder", 10)],
    ),
    (
        "readme-placeholders.json",
        &[
            ("placeholder", 4),
            ("placeholder", 5),
            ("placeholder", 12),
            ("placeholder", 18),
            ("placeholder", 25),
            ("placeholder", 32),
        ],
    ),
    (
        "relative-node-build.json",
        &[
            ("relative-arg", 5),
            ("relative-arg", 7),
            ("missing-path", 12),
        ],
    ),
    // Smithery's `--key` is the account's API key: it belongs in `env`
    ("smithery-cli-key.json", &[("secret-in-args", 11)]),
    (
        "trailing-comma-two-servers.json",
        &[("trailing-comma", 5), ("trailing-comma", 10)],
    ),
    (
        "uv-directory-placeholder.json",
        &[("placeholder", 7), ("placeholder", 13), ("placeholder", 16)],
    ),
    (
        "uv-directory-relative.json",
        &[
            ("relative-arg", 7),
            ("tilde", 11),
            ("placeholder", 16),
            ("missing-path", 20),
        ],
    ),
    (
        "uv-python-working-directory.json",
        &[
            ("ignored-key", 11),
            ("missing-path", 8),
            ("missing-path", 9),
        ],
    ),
    (
        "uv-run-relative-with-cwd.json",
        &[("relative-arg", 5), ("ignored-key", 6)],
    ),
    (
        "uv-run-with-editable.json",
        &[("missing-path", 10), ("missing-path", 13)],
    ),
    (
        "uv-windows-single-backslash.json",
        &[("invalid-escape", 11)],
    ),
    ("vscode-servers-key.json", &[("servers-key", 2)]),
    (
        "windows-cmd-wrapper.json",
        &[("command-not-found", 4), ("command-not-found", 8)],
    ),
    (
        "windows-node-exe-absolute.json",
        &[("command-not-found", 4), ("command-not-found", 14)],
    ),
];

fn fixtures_dir() -> PathBuf {
    support::repo().join("tests/fixtures/real_world")
}

/// A sandbox whose PATH and app PATH hold only fake tools.
struct Tools {
    sb: Sandbox,
}

impl Tools {
    fn new() -> Tools {
        let sb = Sandbox::new();
        sb.fake_tools(&["npx", "uvx", "uv", "docker", "node", "python3"]);
        Tools { sb }
    }

    /// `mcpctl ARGS validate --config FIXTURE`.
    fn validate(&self, fixture: &str, args: &[&str]) -> Command {
        let mut c = self.sb.mcpctl();
        c.env("MCPCTL_APP_PATH", self.sb.bin())
            .args(args)
            .arg("validate")
            .arg("--config")
            .arg(fixtures_dir().join(fixture));
        c
    }
}

/// `(code, line)` of every diagnostic `validate --json` reports.
fn found(out: &Out, fixture: &str) -> (Vec<(String, usize)>, Value) {
    let v = out.json();
    let list = v["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{fixture}: no diagnostics array"))
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap_or("?").to_string();
            let line = d["line"].as_u64().unwrap_or(0) as usize;
            (code, line)
        })
        .collect();
    (list, v)
}

#[test]
fn every_fixture_reports_exactly_the_expected_codes_and_lines() {
    let tools = Tools::new();
    let mut failures = Vec::new();
    for (fixture, want) in EXPECTED {
        let out = tools.sb.run(&mut tools.validate(fixture, &["--json"]));
        let (mut got, v) = found(&out, fixture);
        let mut want: Vec<(String, usize)> =
            want.iter().map(|(c, l)| (c.to_string(), *l)).collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!("{fixture}:\n  want {want:?}\n  got  {got:?}"));
        }
        // errors fail the run, warnings alone do not
        let errors = v["errors"].as_u64().unwrap_or(0);
        let code = out.code;
        let expected_code = if errors > 0 { Some(1) } else { Some(0) };
        if code != expected_code {
            failures.push(format!("{fixture}: exit {code:?} with {errors} errors"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_file_is_in_the_table_and_the_readme() {
    let readme = std::fs::read_to_string(fixtures_dir().join("README.md")).expect("README");
    let mut files: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(f, _)| *f).collect();
    for f in &files {
        assert!(listed.contains(&f.as_str()), "{f} has no row in EXPECTED");
        assert!(
            readme.contains(&format!("`{f}`")),
            "{f} is not described in README.md"
        );
    }
    assert_eq!(files.len(), EXPECTED.len(), "a row names a missing fixture");
}

/// What validate shows for each fixture, text and JSON (one snapshot each,
/// named after the fixture), and never an env value that looks secret.
#[test]
fn every_fixture_in_text_and_json_never_showing_env_secrets() {
    let tools = Tools::new();
    for (fixture, _) in EXPECTED {
        let stem = fixture.trim_end_matches(".json");
        let outs = text_and_json!(stem, tools.sb, &[], |a| tools.validate(fixture, a));
        for out in outs {
            for secret in [
                "YOUR_API_KEY_HERE",
                "ghp_exampleexample",
                "sk-example-0000000000",
            ] {
                assert!(
                    !out.all().contains(secret),
                    "{fixture} shows {secret}: {out:?}"
                );
            }
        }
    }
}
