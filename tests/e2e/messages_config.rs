//! Issue 9, the config half: every message right on real-world input. Each
//! test is a minimal reproduction of a shape seen in published configs or
//! in a newcomer's first hour, and what mcpctl says about it: `docker
//! exec` without `-i`, `[your_username]` placeholders, a `#` comment line,
//! a doubled quote whose repairs went round in circles, servers in a file
//! the app cannot parse, a server beside `mcpServers`, `"disabled"`, `wsl`
//! off Windows, hints that agreed with nothing mcpctl had found, one rule
//! for questions, `XDG_CONFIG_HOME`, secrets in `args`, a pyenv shim given
//! to `add`, examples in `--help` and server names in completion, and the
//! skip count at the end of `scripts/test`.
//!
//! Most of these run on Unix only: their configs name Unix programs
//! (`/bin/true`, `/tmp`) and their snapshots show the Linux profile.

use std::path::PathBuf;
use std::process::Command;

#[cfg(unix)]
use serde_json::Value;

use crate::support::{self, Out, Sandbox};

const FILE: &str = "claude_desktop_config.json";

/// A sandbox with a config file in its current folder.
struct Cfg {
    sb: Sandbox,
    path: PathBuf,
}

impl Cfg {
    fn new(text: &str) -> Cfg {
        let sb = Sandbox::new();
        let path = sb.write(sb.work().join(FILE), text);
        Cfg { sb, path }
    }

    /// `mcpctl --config CONFIG ARGS...`.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.sb.mcpctl();
        c.arg("--config").arg(&self.path).args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Out {
        self.sb.run(&mut self.cmd(args))
    }

    fn read(&self) -> String {
        std::fs::read_to_string(&self.path).expect("config readable")
    }
}

/// Every diagnostic code `validate --json` reports, in order.
#[cfg(unix)]
fn codes(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

// ---- 1, 2: docker exec, square-bracket placeholders -------------------------

#[cfg(unix)]
#[test]
fn docker_exec_without_i_and_bracket_placeholders_are_reported() {
    let c = Cfg::new(
        r#"{
  "mcpServers": {
    "box": {"command": "docker", "args": ["exec", "mcp-box", "node", "/srv/index.js"]},
    "files": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/[your_username]/Desktop"]
    },
    "win": {"command": "npx", "env": {"DATA_DIR": "C:\\Users\\[username]\\AppData\\Roaming\\data"}}
  }
}
"#,
    );
    let out = mcpctl_snapshot!(c.sb, &mut c.cmd(&["validate"]));
    assert_eq!(out.code, Some(1));
    let doc = c.run(&["--json", "validate"]).json();
    let codes = codes(&doc);
    assert!(codes.contains(&"docker-no-stdin".to_string()), "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| *c == "placeholder").count(),
        2,
        "{codes:?}"
    );
}

// ---- 3: `#` comments; a plan is never repeated nor offered unparseable ----

#[cfg(unix)]
#[test]
fn a_hash_comment_line_is_a_comment_and_its_repair_is_clean() {
    let c = Cfg::new(
        "{\n  \"mcpServers\": {\n    # my servers\n    \"memory\": {\n      \"command\": \"/bin/true\"\n    }\n  }\n}\n",
    );
    let out = mcpctl_snapshot!(
        c.sb,
        &mut c.cmd(&["doctor", "--no-launch", "--fix", "--dry-run"])
    );
    assert!(!out.stdout.contains("unknown"), "{out:?}");
    c.run(&["doctor", "--no-launch", "--fix", "--yes"]);
    assert_eq!(
        c.read(),
        "{\n  \"mcpServers\": {\n    \"memory\": {\n      \"command\": \"/bin/true\"\n    }\n  }\n}\n"
    );
}

#[cfg(unix)]
#[test]
fn a_doubled_quote_gets_no_plan_and_no_change_twice() {
    let text = "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/bin/true\",\n      \"env\": {\"KEY\": \"\"value\", \"B\": \"x\"}\n    }\n  }\n}\n";
    let c = Cfg::new(text);
    let out = mcpctl_snapshot!(
        c.sb,
        &mut c.cmd(&["doctor", "--no-launch", "--fix", "--dry-run"])
    );
    let fixes: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("  fix "))
        .collect();
    assert!(fixes.is_empty(), "{fixes:?}");
    let doc = c
        .run(&["--json", "doctor", "--no-launch", "--fix", "--dry-run"])
        .json();
    let fix = &doc["fix"];
    assert_eq!(fix["writable"], false);
    assert_eq!(fix["changes"], serde_json::json!([]));
    assert_eq!(fix["diff"], "");
    // everything is left for the user, once each
    let manual: Vec<String> = fix["manual"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.to_string())
        .collect();
    let mut unique = manual.clone();
    unique.dedup();
    assert_eq!(manual, unique);
    assert!(!manual.is_empty());
    // and --yes writes nothing
    c.run(&["doctor", "--no-launch", "--fix", "--yes"]);
    assert_eq!(c.read(), text);
}

// ---- 4: a file the app cannot parse starts no server -----------------------

#[cfg(unix)]
#[test]
fn servers_in_a_file_the_app_cannot_parse_are_not_called_healthy() {
    let server = support::example_server();
    // the trailing comma is the file's (after the entry), and nothing
    // machine-dependent comes before it on its line
    let c = Cfg::new(&format!(
        "{{\n  \"mcpServers\": {{\n    \"example\": {{\n      \"command\":\n        {}\n    }},\n  }}\n}}\n",
        serde_json::to_string(server).unwrap()
    ));
    let out = mcpctl_snapshot!(c.sb, &mut c.cmd(&["doctor", "--timeout", "30"]));
    assert_eq!(out.code, Some(1));
    assert!(!out.stdout.contains("  ok    example"), "{out:?}");
    assert!(
        out.stdout
            .contains("none started by the app until the file parses: 1 would be healthy"),
        "{out:?}"
    );
}

/// `call` on a file the app cannot parse calls the tool all the same (exit
/// 0 when it answers, as documented) and says why the app would start
/// none of its servers: on stderr, and in `--json` as `config_parse_error`
/// (and `config_parse_error_at`), the very words `test-launch --json`
/// gives. A file that parses has `config_parse_error: null`.
#[test]
fn call_on_a_file_the_app_cannot_parse_says_so_in_json() {
    let server = serde_json::to_string(support::example_server()).unwrap();
    let c = Cfg::new(&format!(
        "{{\n  \"mcpServers\": {{\n    \"example\": {{\"command\": {server}}},\n  }}\n}}\n"
    ));
    let args = ["call", "example", "add", r#"{"a": 2, "b": 40}"#];
    let out = c.run(&[&["--json"][..], &args].concat());
    assert_eq!(out.code, Some(0), "{}", out.all());
    let doc = out.json();
    assert_eq!(doc["ok"], true, "{doc:#}");
    let launch = c.run(&["--json", "test-launch", "example"]).json();
    assert!(
        doc["config_parse_error"]
            .as_str()
            .is_some_and(|e| e.contains("trailing comma")),
        "{doc:#}"
    );
    assert_eq!(doc["config_parse_error"], launch["config_parse_error"]);
    assert_eq!(
        doc["config_parse_error_at"],
        launch["config_parse_error_at"]
    );
    assert_eq!(doc["config_parse_error_at"]["line"], 3, "{doc:#}");
    let text = c.run(&args);
    assert_eq!(text.code, Some(0), "{}", text.all());
    assert!(
        text.stderr.contains("calling the tool anyway"),
        "{}",
        text.all()
    );

    let fine = Cfg::new(&format!(
        "{{\"mcpServers\": {{\"example\": {{\"command\": {server}}}}}}}\n"
    ));
    let doc = fine.run(&[&["--json"][..], &args].concat()).json();
    assert!(doc["config_parse_error"].is_null(), "{doc:#}");
    assert!(doc.get("config_parse_error_at").is_none(), "{doc:#}");
}

// ---- 5: a server beside `mcpServers` ------------------------------------------

#[cfg(unix)]
#[test]
fn a_top_level_server_is_named_and_moved_under_mcp_servers() {
    let c = Cfg::new(
        r#"{
  "mcpServers": {
    "memory": {
      "command": "/bin/true"
    }
  },
  "n8n-mcp": {
    "command": "/bin/true",
    "args": ["n8n-mcp"]
  },
  "preferences": {"menuBarEnabled": false}
}
"#,
    );
    mcpctl_snapshot!("misplaced_validate", c.sb, &mut c.cmd(&["validate"]));
    let out = c.run(&["doctor", "--no-launch", "--fix", "--yes"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    text_snapshot!("misplaced_fixed_file", c.sb, c.read());
    let cfg: Value = serde_json::from_str(&c.read()).expect("strict JSON");
    assert_eq!(cfg["mcpServers"]["n8n-mcp"]["args"][0], "n8n-mcp");
    assert!(cfg.get("n8n-mcp").is_none());
    assert_eq!(cfg["preferences"]["menuBarEnabled"], false);
}

// ---- 6: `disabled` ------------------------------------------------------------

#[cfg(unix)]
#[test]
fn disabled_false_is_fine_and_disabled_true_is_the_trap() {
    let off = Cfg::new(r#"{"mcpServers": {"a": {"command": "/bin/true", "disabled": false}}}"#);
    let out = off.run(&["validate", "--strict"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let on = Cfg::new(r#"{"mcpServers": {"a": {"command": "/bin/true", "disabled": true}}}"#);
    let out = mcpctl_snapshot!(on.sb, &mut on.cmd(&["validate"]));
    assert!(
        crate::support::unconfigured(&out.stdout).contains("mcpctl disable a"),
        "{out:?}"
    );
}

// ---- 7, 13: Windows-only commands and hints that agree with the findings ----

#[cfg(unix)]
#[test]
fn commands_found_nowhere_get_a_hint_that_fits() {
    let c = Cfg::new(
        r#"{
  "mcpServers": {
    "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
    "typo": {"command": "npxx", "args": ["-y", "@modelcontextprotocol/server-memory"]},
    "folder": {"command": "/tmp"},
    "wsl": {"command": "wsl", "args": ["-d", "Ubuntu", "--", "npx", "-y", "pkg"]}
  }
}
"#,
    );
    let out = mcpctl_snapshot!(c.sb, &mut c.cmd(&["doctor", "--timeout", "10"]));
    let all = out.all();
    for wrong in [
        "command -v uvx",
        "install it,",
        "install `wsl`",
        "chmod +x /tmp",
        "does not exist",
    ] {
        assert!(!all.contains(wrong), "{wrong}: {all}");
    }
    for right in [
        "install uv, which brings `uvx`",
        "did you mean `npx`?",
        "/tmp is a folder, not a program",
        "`wsl` only exists on Windows",
    ] {
        assert!(all.contains(right), "{right}: {all}");
    }
    // each server: one error (the finding), not two (finding + launch)
    let doc = c.run(&["--json", "doctor", "--timeout", "10"]).json();
    for s in doc["servers"].as_array().unwrap() {
        assert_eq!(s["errors"], 1, "{}", s["name"]);
    }
}

#[cfg(unix)]
#[test]
fn doctor_prints_the_app_path_once() {
    let c =
        Cfg::new(r#"{"mcpServers": {"a": {"command": "nosuch-a"}, "b": {"command": "nosuch-b"}}}"#);
    let long = (1..=12)
        .map(|i| format!("/opt/tools-{i}/bin"))
        .collect::<Vec<_>>()
        .join(":");
    let out = c.sb.run(
        c.cmd(&["doctor", "--timeout", "10"])
            .env("MCPCTL_APP_PATH", &long),
    );
    assert_eq!(out.stdout.matches(long.as_str()).count(), 1, "{out:?}");
}

#[cfg(unix)]
#[test]
fn the_relative_path_hint_suggests_the_current_folder() {
    let c =
        Cfg::new(r#"{"mcpServers": {"a": {"command": "/bin/true", "args": ["build/index.js"]}}}"#);
    let out = c.run(&["validate"]);
    let want = c.sb.work().join("build").join("index.js");
    let want = serde_json::to_string(&want.display().to_string()).unwrap();
    assert!(
        out.stdout.contains(&format!(
            "(e.g. {want}, if you mean the one under the current folder)"
        )),
        "{out:?}"
    );
}

// ---- 14: one rule for questions -------------------------------------------------

#[cfg(unix)]
#[test]
fn restore_force_puts_back_a_backup_that_does_not_parse() {
    let broken = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\",}}}\n";
    let c = Cfg::new(broken);
    let backups = c.path.parent().unwrap().join("mcpctl-backups");
    std::fs::create_dir_all(&backups).unwrap();
    let backup = backups.join("claude_desktop_config.2026-01-01T00-00-00.000Z.json");
    std::fs::write(&backup, broken).unwrap();
    std::fs::write(&c.path, "{\"mcpServers\": {}}\n").unwrap();

    let refused = mcpctl_snapshot!("restore_refused", c.sb, &mut c.cmd(&["restore", "1"]));
    assert_eq!(refused.code, Some(2));
    assert!(refused.stderr.contains("--force"), "{refused:?}");
    assert_eq!(c.read(), "{\"mcpServers\": {}}\n");

    let forced = mcpctl_snapshot!(
        "restore_forced",
        c.sb,
        &mut c.cmd(&["restore", "1", "--force"])
    );
    assert_eq!(forced.code, Some(0));
    assert_eq!(c.read(), broken);
}

#[test]
fn completions_json_is_json() {
    let sb = Sandbox::new();
    let out = sb.run(sb.mcpctl().args(["--json", "completions", "bash"]));
    assert_eq!(out.code, Some(0));
    let doc = out.json();
    assert_eq!(doc["shell"], "bash");
    let plain = sb.run(sb.mcpctl().args(["completions", "bash"]));
    assert_eq!(doc["script"], plain.stdout.as_str());
}

#[test]
fn doctor_fix_off_a_terminal_needs_yes_and_says_so() {
    let text = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\",}}}\n";
    let c = Cfg::new(text);
    let out = c.run(&["doctor", "--no-launch", "--fix"]);
    assert!(out.stderr.contains("re-run with --yes"), "{out:?}");
    assert_eq!(c.read(), text);
}

// ---- 16: XDG_CONFIG_HOME beside ~/.config --------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn path_with_xdg_config_home_names_the_other_file_that_exists() {
    let sb = Sandbox::new();
    sb.write(sb.home().join(".config/Claude").join(FILE), "{}");
    let xdg = sb.root().join("xdg");
    let out = mcpctl_snapshot!(sb, sb.mcpctl().arg("path").env("XDG_CONFIG_HOME", &xdg));
    assert!(
        out.stdout.contains(&format!(
            "ignored: {}",
            sb.home().join(".config/Claude").join(FILE).display()
        )),
        "{out:?}"
    );
}

// ---- 17: secrets outside env -------------------------------------------------------

#[cfg(unix)]
const SECRET: &str = "sk-live-0123456789abcdef";

#[cfg(unix)]
#[test]
fn secrets_in_args_are_masked_everywhere_and_linted() {
    let c = Cfg::new(&format!(
        r#"{{
  "mcpServers": {{
    "remote": {{
      "command": "nosuch-bridge",
      "args": [
        "https://mcp.example.com/sse?api_key={SECRET}",
        "--header",
        "Authorization: Bearer {SECRET}",
        "--token",
        "{SECRET}"
      ]
    }}
  }}
}}
"#
    ));
    let runs = [
        mcpctl_snapshot!("secrets_validate", c.sb, &mut c.cmd(&["validate"])),
        mcpctl_snapshot!("secrets_list", c.sb, &mut c.cmd(&["list"])),
        c.run(&["--json", "list"]),
        c.run(&["doctor", "--timeout", "10"]),
        c.run(&["--json", "doctor", "--timeout", "10"]),
        c.run(&["--json", "test-launch", "--timeout", "10"]),
        c.run(&["remove", "remote", "--dry-run"]),
        c.run(&["--json", "remove", "remote", "--dry-run"]),
    ];
    for out in &runs {
        assert!(!out.all().contains(SECRET), "{out:?}");
        assert!(out.all().contains("****"), "{out:?}");
    }
    let doc = runs[0].stdout.clone();
    assert!(doc.contains("secret-in-args"), "{doc}");
    let shown = c.run(&["list", "--show-secrets"]);
    assert!(shown.stdout.contains(SECRET), "{shown:?}");
}

/// Claude Code's `${NAME:-DEFAULT}` in `env`: the app fills neither, so
/// validate warns; the variable's name shows (the warning is about it),
/// its default, which may be a secret, never does; a plain `${NAME}` is
/// shown as written on the quoted line too. An argument that is no string
/// is quoted as written (`argument `1``, not "argument 1").
#[test]
fn a_defaulted_reference_shows_its_name_and_hides_its_default() {
    let default = "sk-live-0123456789abcdef";
    let c = Cfg::new(&format!(
        r#"{{
  "mcpServers": {{
    "s": {{
      "command": "nosuch-server",
      "args": [1, true],
      "env": {{"API_KEY": "${{API_KEY:-{default}}}", "TOKEN": "${{TOKEN}}"}}
    }}
  }}
}}
"#
    ));
    for out in [
        c.run(&["validate"]),
        c.run(&["--json", "validate"]),
        c.run(&["list"]),
    ] {
        assert!(!out.all().contains(default), "{out:?}");
    }
    let text = c.run(&["validate"]).stdout;
    assert!(
        text.contains("env `API_KEY` of server `s` contains `${API_KEY:-****}`"),
        "{text}"
    );
    assert!(
        text.contains(r#""env": {"API_KEY": "${API_KEY:-****}", "TOKEN": "${TOKEN}"}"#),
        "{text}"
    );
    assert!(
        text.contains("argument `1` of server `s` is a number"),
        "{text}"
    );
    assert!(
        text.contains("argument `true` of server `s` is a boolean"),
        "{text}"
    );
    let list = c.run(&["--json", "list"]).json();
    assert_eq!(
        list["servers"][0]["env"]["API_KEY"], "${API_KEY:-****}",
        "{list:#}"
    );
    assert_eq!(list["servers"][0]["env"]["TOKEN"], "${TOKEN}", "{list:#}");
    let shown = c.run(&["list", "--show-secrets"]);
    assert!(shown.stdout.contains(default), "{shown:?}");
}

// ---- 18: add with a version-manager shim ---------------------------------------------

#[cfg(unix)]
#[test]
fn add_pins_a_pyenv_shim_to_the_python_it_runs() {
    let c = Cfg::new("{\"mcpServers\": {}}\n");
    let real = c.sb.home().join(".pyenv/versions/3.12.1/bin/python3");
    c.sb.script(
        &real,
        "case \"$1\" in --version) echo 'Python 3.12.1';; -c) echo \"$0\";; *) exit 1;; esac",
    );
    let shim = c.sb.script(
        c.sb.home().join(".pyenv/shims/python3"),
        &format!(
            "if [ \"$(pwd)\" = / ]; then echo 'pyenv: python3: command not found' >&2; exit 127; fi\nexec {} \"$@\"",
            real.display()
        ),
    );
    let path = format!(
        "{}:{}",
        shim.parent().unwrap().display(),
        c.sb.bin().display()
    );
    let out = mcpctl_snapshot!(
        c.sb,
        c.cmd(&["add", "time", "--", "python3", "-m", "mcp_server_time"])
            .env("PATH", &path)
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let cfg: Value = serde_json::from_str(&c.read()).unwrap();
    assert_eq!(
        cfg["mcpServers"]["time"]["command"],
        real.display().to_string()
    );
    assert!(!out.stderr.contains("prefer the real binary"), "{out:?}");
}

// ---- 19: examples in --help, server names in completion ----------------------------

#[cfg(unix)]
#[test]
fn every_commands_help_ends_with_examples() {
    let sb = Sandbox::new();
    mcpctl_snapshot!(sb, sb.mcpctl().args(["remove", "--help"]));
    for cmd in [
        "path",
        "list",
        "validate",
        "schema",
        "completions",
        "test-launch",
        "add",
        "remove",
        "restore",
        "doctor",
    ] {
        let out = sb.run(sb.mcpctl().args([cmd, "--help"]));
        let tail = out.stdout.rsplit("Examples:\n").next().unwrap_or("");
        let lines = tail
            .lines()
            .filter(|l| l.trim_start().starts_with("mcpctl ") || l.contains(" mcpctl "))
            .count();
        assert!(
            out.stdout.contains("Examples:\n") && (2..=3).contains(&lines),
            "{cmd}: {out:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn remove_env_test_launch_disable_and_enable_complete_server_names() {
    let c = Cfg::new(
        r#"{"mcpServers": {"memory": {"command": "x"}, "fetch": {"command": "y"}, "evil\u001b]0;pwned\u0007": {"command": "z"}}}"#,
    );
    let complete = |words: &[&str]| {
        let mut cmd = c.sb.mcpctl();
        cmd.env("MCPCTL_COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words);
        let out = c.sb.run(&mut cmd);
        out.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    let config = c.path.display().to_string();
    for sub in ["remove", "env", "test-launch"] {
        let got = complete(&["mcpctl", "--config", &config, sub, ""]);
        assert!(got.contains(&"memory".to_string()), "{sub}: {got:?}");
        assert!(got.contains(&"fetch".to_string()), "{sub}: {got:?}");
        // a name the shell would print with a control sequence is not offered
        assert!(!got.iter().any(|w| w.contains('\u{1b}')), "{sub}: {got:?}");
    }
    let got = complete(&["mcpctl", "--config", &config, "remove", "me"]);
    assert_eq!(got, ["memory"]);
    // bash puts a candidate on the line as it is: a name with a space or a
    // command substitution comes escaped, so it is typed back as the name
    let odd = Cfg::new(
        r#"{"mcpServers": {"my server": {"command": "x"}, "$(touch PWN)x": {"command": "y"}}}"#,
    );
    let odd_config = odd.path.display().to_string();
    let got = complete(&["mcpctl", "--config", &odd_config, "remove", ""]);
    assert!(got.contains(&"my\\ server".to_string()), "{got:?}");
    assert!(
        got.contains(&"\\$\\(touch\\ PWN\\)x".to_string()),
        "{got:?}"
    );
    let got = complete(&["mcpctl", "--config", &odd_config, "remove", "my\\ s"]);
    assert_eq!(got, ["my\\ server"]);
    // zsh quotes what it inserts; clap_complete escapes the colon its
    // `_describe` splits at, once
    let colon = Cfg::new(r#"{"mcpServers": {"co:lon": {"command": "x"}}}"#);
    let mut cmd = colon.sb.mcpctl();
    cmd.env("MCPCTL_COMPLETE", "zsh")
        .env("_CLAP_COMPLETE_INDEX", "4")
        .env("_CLAP_IFS", "\n")
        .args(["--", "mcpctl", "--config"])
        .arg(&colon.path)
        .args(["remove", "co"]);
    let out = colon.sb.run(&mut cmd);
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        ["co\\:lon"],
        "{out:?}"
    );
    // disable offers what the file runs; enable what `disable` set aside
    let off = c.sb.run(
        c.sb.mcpctl()
            .args(["--config", &config, "disable", "memory"]),
    );
    assert_eq!(off.code, Some(0), "{off:?}");
    let names = |words: &[&str]| -> Vec<String> {
        complete(words)
            .into_iter()
            .filter(|w| !w.starts_with('-'))
            .collect()
    };
    assert_eq!(
        names(&["mcpctl", "--config", &config, "disable", ""]),
        ["fetch"]
    );
    assert_eq!(
        names(&["mcpctl", "--config", &config, "enable", ""]),
        ["memory"]
    );
}

// ---- 12: the skip count at the end of scripts/test ----------------------------------

/// `scripts/skip-report.sh LOG` with a PATH holding the tools it uses and a
/// fake `node`, but no python3.
#[cfg(unix)]
fn skip_report(sb: &Sandbox, log: &std::path::Path, ci: Option<&str>) -> Out {
    let bin = sb.root().join("tools");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["bash", "grep", "cut", "sort", "uniq", "awk", "head", "cat"] {
        let link = bin.join(tool);
        if let (Some(real), false) = (support::on_path(tool), link.exists()) {
            std::os::unix::fs::symlink(real, link).unwrap();
        }
    }
    sb.script(bin.join("node"), "echo v22.0.0");
    let mut cmd = Command::new(bin.join("bash"));
    cmd.env_clear()
        .env("PATH", &bin)
        .arg(support::repo().join("scripts/skip-report.sh"))
        .arg(log);
    if let Some(ci) = ci {
        cmd.env("CI", ci);
    }
    sb.run(&mut cmd)
}

#[cfg(unix)]
#[test]
fn scripts_test_ends_counting_skips_and_fails_ci_when_the_runtime_exists() {
    let sb = Sandbox::new();
    let log = sb.write(
        "skips.log",
        "node\tprobe::npm\tnode not found\npython3>=3.10\treal_servers::time\tpython3 is not on PATH\n",
    );
    let out = skip_report(&sb, &log, None);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout.lines().last(),
        Some("tests skipped for a missing runtime: 2 (node: 1, python3>=3.10: 1)")
    );
    // under CI, node is here (so its skip is a failure), python3 is not
    let out = skip_report(&sb, &log, Some("true"));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("node is installed here"), "{out:?}");
    assert!(!out.stderr.contains("python3"), "{out:?}");
    let empty = sb.write("none.log", "");
    let out = skip_report(&sb, &empty, Some("true"));
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout.lines().last(),
        Some("tests skipped for a missing runtime: 0")
    );
}

// ---- folders and scripts that are not on this disk (`missing-path`) --------

/// The real file system on each OS (Windows under Wine too): a
/// server-filesystem folder that exists is quiet, one that does not is
/// named (its line and caret in text), and so are a file given to it as a
/// folder and a script that is not there; a file to create in a folder
/// that exists is not.
#[test]
fn a_folder_or_script_not_on_this_disk_is_named_with_its_place() {
    let sb = Sandbox::new();
    let here = sb.work();
    let missing = here.join("Dekstop");
    let script = here.join("build").join("index.js");
    let text = serde_json::json!({"mcpServers": {
        "fs": {"command": "npx", "args": [
            "-y", "@modelcontextprotocol/server-filesystem",
            here.display().to_string(), missing.display().to_string(),
            here.join(FILE).display().to_string()]},
        "built": {"command": "node", "args": [script.display().to_string()]},
        "memory": {"command": "npx", "args": [
            "-y", "@modelcontextprotocol/server-memory",
            "--db", here.join("memory.json").display().to_string()]}
    }});
    let path = sb.write(
        here.join(FILE),
        serde_json::to_string_pretty(&text).unwrap(),
    );
    let run = |json: bool| {
        let mut c = sb.mcpctl();
        c.arg("--config").arg(&path).arg("validate");
        if json {
            c.arg("--json");
        }
        sb.run(&mut c)
    };
    let doc = run(true).json();
    let found: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-path")
        .map(|d| {
            let m = d["message"].as_str().unwrap_or("");
            let kind = if m.contains("is a file, not a folder") {
                "file"
            } else {
                m.split(' ').next().unwrap_or("")
            };
            (
                kind.to_string(),
                m.split('"').nth(1).unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("folder".to_string(), missing.display().to_string()),
            ("file".to_string(), here.join(FILE).display().to_string()),
            ("script".to_string(), script.display().to_string()),
        ],
        "{doc}"
    );
    let text = run(false);
    assert!(
        text.stdout.contains("server-filesystem skips it") && text.stdout.contains("^^^"),
        "{text:?}"
    );
}

/// A PATH in `env` that replaces the app's without the system folders (as
/// guides for nvm users write it): a warning naming what breaks, the value
/// itself never shown. (macOS and Linux: Windows has no `/usr/bin`.)
#[cfg(not(windows))]
#[test]
fn a_path_in_env_without_the_system_folders_is_warned_about() {
    let c = Cfg::new(
        r#"{"mcpServers": {"memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "env": {"PATH": "/home/ann/.nvm/versions/node/v20.1.0/bin"}}}}"#,
    );
    let out = c.run(&["validate"]);
    assert_eq!(out.code, Some(0), "a warning: {out:?}");
    assert!(out.stdout.contains("[env-path-no-system]"), "{out:?}");
    assert!(out.stdout.contains("`sh`"), "{out:?}");
    assert!(
        out.stdout
            .contains("add `:/usr/local/bin:/usr/bin:/bin` to its end"),
        "{out:?}"
    );
    // a folder it has already is not added twice; the value stays masked
    let local = Cfg::new(
        r#"{"mcpServers": {"memory": {"command": "npx", "env": {"PATH": "/home/x/bin:/usr/local/bin/"}}}}"#,
    );
    let out = local.run(&["validate"]);
    assert!(out.stdout.contains("[env-path-no-system]"), "{out:?}");
    assert!(
        out.stdout.contains("add `:/usr/bin:/bin` to its end"),
        "{out:?}"
    );
    assert!(!out.all().contains("/home/x/bin"), "{out:?}");
    let fixed = Cfg::new(
        r#"{"mcpServers": {"memory": {"command": "npx", "env": {"PATH": "/home/ann/.nvm/versions/node/v20.1.0/bin:/usr/bin:/bin"}}}}"#,
    );
    let out = fixed.run(&["validate"]);
    assert!(!out.all().contains("env-path-no-system"), "{out:?}");
}
