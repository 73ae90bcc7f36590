//! `mcpctl env`: a server's variables listed (masked), set from the shell
//! or the command line, unset; only the variables' text changes on disk,
//! the server then starts, and no value reaches the output unless asked.

use super::{Env, strict};
use crate::support::{example_server, in_json, with_true};

const SECRET: &str = "sk-live-0123456789";

/// The bug report in one file: a server that needs a key the shell has
/// and the app does not.
fn needs_key() -> String {
    format!(
        "{{\n  \"mcpServers\": {{\n    \"needs-key\": {{\n      \"command\": \"{}\",\n      \"args\": [\"--require-env\", \"EXAMPLE_API_KEY\"]\n    }}\n  }},\n  \"preferences\": {{\"menuBarEnabled\": false}}\n}}\n",
        in_json(example_server())
    )
}

#[test]
fn a_key_exported_in_the_shell_reaches_the_server_and_is_never_shown() {
    let env = Env::with(&needs_key());
    let launch = ["test-launch", "--timeout", "30"];
    // the key is exported where mcpctl runs, as in the bug reports: the
    // launch fails as the app's would, and the hint is the command to run
    let mut before = env.cmd(&launch);
    before.env("EXAMPLE_API_KEY", SECRET);
    let out = env.sb.run(&mut before);
    assert_eq!(out.code, Some(1), "fails before: {out:?}");
    assert!(
        crate::support::unconfigured(&out.stdout)
            .contains("hint: `mcpctl env needs-key EXAMPLE_API_KEY` copies it from your shell"),
        "{out:?}"
    );
    assert!(!out.all().contains(SECRET), "the value leaked: {out:?}");
    let mut cmd = env.cmd(&["env", "needs-key", "EXAMPLE_API_KEY"]);
    cmd.env("EXAMPLE_API_KEY", SECRET);
    let out = env.sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains(SECRET), "the value leaked: {out:?}");
    assert!(
        out.stdout
            .contains("added     EXAMPLE_API_KEY (value from your environment)"),
        "{out:?}"
    );
    assert!(out.stdout.contains("backup:"), "{out:?}");
    // only the env lines are new; everything else is as it was
    assert_eq!(
        env.read(),
        needs_key().replace(
            "\"EXAMPLE_API_KEY\"]\n",
            &format!(
                "\"EXAMPLE_API_KEY\"],\n      \"env\": {{\n        \"EXAMPLE_API_KEY\": \"{SECRET}\"\n      }}\n"
            )
        )
    );
    assert_eq!(env.backups().len(), 1);
    // the app's sanitized environment now carries it
    let out = env.run(&launch);
    assert_eq!(out.code, Some(0), "works after: {out:?}");
    // listed masked, shown only when asked
    let out = env.run(&["env", "needs-key"]);
    assert!(!out.all().contains(SECRET), "{out:?}");
    assert!(out.stdout.contains("EXAMPLE_API_KEY  ****"), "{out:?}");
    let out = env.run(&["env", "needs-key", "--show-secrets"]);
    assert!(out.stdout.contains(SECRET), "{out:?}");
}

#[test]
fn dry_run_shows_the_masked_diff_and_writes_nothing() {
    let env = Env::with(&with_true(
        "{\n\t\"mcpServers\": {\n\t\t\"a\": {\"command\": \"/bin/true\", \"env\": {\"OLD\": \"sk-old-0123456789\", \"KEEP\": \"1\"}}\n\t}\n}",
    ));
    let before = env.read();
    let outs = text_and_json!(
        "env_dry_run",
        env.sb,
        &[
            "env",
            "a",
            &format!("TOKEN={SECRET}"),
            "KEEP=1",
            "--unset",
            "OLD",
            "--unset",
            "GONE",
            "--dry-run"
        ],
        |args| env.cmd(args)
    );
    for out in outs {
        assert_eq!(out.code, Some(0), "{out:?}");
        assert!(!out.all().contains(SECRET), "{out:?}");
        assert!(!out.all().contains("sk-old-0123456789"), "{out:?}");
    }
    assert_eq!(env.read(), before);
    assert!(env.backups().is_empty());
}

/// A change to a masked value only: the diff shows no secret, so it is
/// empty, and `diff_hidden` tells it from a listing.
#[test]
fn a_change_of_a_masked_value_only_is_said_in_json() {
    let env = Env::with(&with_true(
        "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/bin/true\",\n      \"env\": {\n        \"TOKEN\": \"old-token-123\"\n      }\n    }\n  }\n}\n",
    ));
    let json = |args: &[&str]| -> serde_json::Value {
        let out = env.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        serde_json::from_str(&out.stdout).expect("json")
    };
    let changed = json(&["--json", "env", "a", "TOKEN=new-token-456", "--dry-run"]);
    assert_eq!(
        (&changed["diff"], &changed["diff_hidden"]),
        (&"".into(), &true.into())
    );
    let listed = json(&["--json", "env", "a"]);
    assert_eq!(
        (&listed["diff"], &listed["diff_hidden"]),
        (&"".into(), &false.into())
    );
}

#[test]
fn the_change_lands_in_place_in_a_tab_and_crlf_file() {
    let text = with_true(
        "{\r\n\t\"preferences\": {\"x\": 1},\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\r\n\t\t\t\"command\": \"/bin/true\",\r\n\t\t\t\"env\": {\r\n\t\t\t\t\"K\": \"old\",\r\n\t\t\t\t\"L\": \"2\"\r\n\t\t\t}\r\n\t\t}\r\n\t}\r\n}",
    );
    let env = Env::with(&text);
    let out = env.run(&["env", "a", "K=new", "--unset", "L", "M=3"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        env.read(),
        text.replace(
            "\"K\": \"old\",\r\n\t\t\t\t\"L\": \"2\"\r\n",
            "\"K\": \"new\",\r\n\t\t\t\t\"M\": \"3\"\r\n"
        )
    );
    strict(&env.read());
    // nothing asked that changes anything: nothing written
    let again = env.run(&["env", "a", "K=new", "--unset", "L"]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert!(
        again.stdout.contains("Nothing to change: nothing written."),
        "{again:?}"
    );
    assert_eq!(env.backups().len(), 1, "one write, one backup");
}

#[test]
fn what_cannot_be_done_says_why_and_leaves_the_file() {
    let text = with_true(
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}, \"b\": {\"command\": \"/bin/true\"}}}",
    );
    let env = Env::with(&text);
    assert_eq!(env.run(&["disable", "b"]).code, Some(0));
    let disabled = env.read();
    for (name, args) in [
        ("env_unknown_server", &["env", "zz", "K=1"][..]),
        ("env_disabled_server", &["env", "b", "K=1"]),
        ("env_not_in_shell", &["env", "a", "NOT_EXPORTED_ANYWHERE"]),
        ("env_set_and_unset", &["env", "a", "K=1", "--unset", "K"]),
        ("env_not_a_name", &["env", "a", "sk-no-equals-here"]),
    ] {
        let out = mcpctl_snapshot!(name, env.sb, &mut env.cmd(args));
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(!out.all().contains("sk-no-equals-here"), "echoed: {out:?}");
        assert_eq!(env.read(), disabled, "{args:?} changed the file");
    }
    // a token given without its KEY= is a variable name by its letters:
    // still never echoed, in text or JSON
    let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    for args in [&["env", "a", token][..], &["--json", "env", "a", token]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(
            !out.all().contains("abcdefghijklmnopqrstuvwxyz"),
            "echoed: {out:?}"
        );
    }
    // a variable name in mixed case with digits is a name when it is set
    // (Windows' ProgramW6432), and not spelt out when it is not
    let out = env.sb.run(
        env.cmd(&["env", "a", "ProgramW6432"])
            .env("ProgramW6432", "x"),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let out = env.run(&["env", "a", "aB3dE5gH7jK9mN1pQ3sT"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        !out.all().contains("aB3dE5gH7jK9mN1pQ3sT"),
        "echoed: {out:?}"
    );
    // an env that is not an object is the user's to mend
    env.write(&with_true(
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\", \"env\": [\"K=1\"]}}}",
    ));
    // listing it too: not "no environment variables" and exit 0
    for args in [
        &["env", "a", "K=2"][..],
        &["env", "a"],
        &["--json", "env", "a"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(
            out.all().contains("`mcpServers.a.env` in")
                && out.all().contains("is an array, not an object"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn a_value_the_app_would_pass_as_it_is_is_written_with_the_warning() {
    let env = Env::with(&with_true(
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}",
    ));
    let out = env.run(&["env", "a", "TOKEN=${GITHUB_TOKEN}"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stderr.contains(
            "warning[unexpanded-var]: env `TOKEN` of server `a` contains `${GITHUB_TOKEN}`"
        ),
        "{out:?}"
    );
    assert_eq!(
        strict(&env.read())["mcpServers"]["a"]["env"]["TOKEN"],
        "${GITHUB_TOKEN}"
    );
    // only what the change brings: a second, unrelated change says nothing
    let out = env.run(&["--json", "env", "a", "OTHER=1"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.json()["diagnostics"], serde_json::json!([]), "{out:?}");
    let out = env.run(&["--json", "env", "a", "MORE=${HOME}"]);
    assert_eq!(
        out.json()["diagnostics"][0]["code"],
        "unexpanded-var",
        "{out:?}"
    );
}

/// `call` makes no shell launch: the hint looks at mcpctl's own
/// environment, and the command it names makes the next call work.
#[test]
fn call_names_the_command_that_gives_the_server_its_key() {
    let env = Env::with(&needs_key());
    let echo = ["call", "needs-key", "echo", r#"{"text":"hi"}"#];
    let mut cmd = env.cmd(&echo);
    cmd.env("EXAMPLE_API_KEY", SECRET);
    let out = env.sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        crate::support::unconfigured(&out.stderr).contains(
            "hint: the server asks for EXAMPLE_API_KEY, which this entry's \"env\" does not set \
and your shell does: `mcpctl env needs-key EXAMPLE_API_KEY` copies it into the entry"
        ),
        "{out:?}"
    );
    assert!(!out.all().contains(SECRET), "{out:?}");
    // not exported either: the hint asks for a value
    let out = env.run(&echo);
    assert!(
        crate::support::unconfigured(&out.stderr)
            .contains("`mcpctl env needs-key EXAMPLE_API_KEY=...` adds it"),
        "{out:?}"
    );
    let mut set = env.cmd(&["env", "needs-key", "EXAMPLE_API_KEY"]);
    set.env("EXAMPLE_API_KEY", SECRET);
    assert_eq!(env.sb.run(&mut set).code, Some(0));
    let out = env.run(&echo);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.trim(), "hi");
}

/// A value the app refuses (not a string) is listed as such, not left out.
#[test]
fn a_value_that_is_not_a_string_is_listed_for_what_it_is() {
    let env = Env::with(&with_true(
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\", \"env\": {\"PORT\": 8080, \"TOKEN\": \"sk-live-0123456789\"}}}}",
    ));
    let [text, json] = text_and_json!("env_listing_not_string", env.sb, &["env", "a"], |args| {
        env.cmd(args)
    });
    assert!(!text.all().contains("sk-live") && !json.all().contains("sk-live"));
    assert_eq!(json.json()["env_not_strings"], serde_json::json!(["PORT"]));
    // quoting it through env makes it one the app takes
    let out = env.run(&["env", "a", "PORT=8080"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        strict(&env.read())["mcpServers"]["a"]["env"]["PORT"],
        "8080"
    );
}

/// The dotenv banner's hint is a command, and running it as printed is
/// the fix: given `--config`, the command names that file (not the app's).
#[test]
fn the_banner_hint_is_the_command_that_silences_it() {
    let env = Env::with(&format!(
        "{{\"mcpServers\": {{\"noisy\": {{\"command\": \"{}\", \"args\": [\"--banner\"]}}}}}}",
        in_json(example_server())
    ));
    let launch = ["test-launch", "--timeout", "30"];
    let out = env.run(&launch);
    assert_eq!(out.code, Some(1), "{out:?}");
    let hint = "`mcpctl env noisy DOTENV_CONFIG_QUIET=true` silences it";
    assert!(
        crate::support::unconfigured(&out.stdout).contains(hint),
        "{out:?}"
    );
    let hinted = out
        .stdout
        .split("`mcpctl ")
        .find(|r| r.contains("DOTENV_CONFIG_QUIET"))
        .and_then(|r| r.split('`').next())
        .expect("the hinted command");
    let words: Vec<&str> = hinted.split_whitespace().collect();
    if cfg!(windows) {
        // a Windows path is quoted for the shell: run it the test's way
        assert_eq!(words[0], "--config", "{hinted}");
        assert_eq!(
            env.run(&["env", "noisy", "DOTENV_CONFIG_QUIET=true"]).code,
            Some(0)
        );
    } else {
        assert_eq!(
            words[..2],
            ["--config", env.config.to_str().unwrap()],
            "{hinted}"
        );
        // run as printed: no --config of the test's own
        let mut cmd = env.sb.mcpctl();
        cmd.args(&words);
        assert_eq!(env.sb.run(&mut cmd).code, Some(0), "{hinted}");
    }
    let out = env.run(&launch);
    assert_eq!(out.code, Some(0), "{out:?}");
}

/// A file the app cannot parse: the listing shows what mcpctl recovers,
/// and says on stderr, with the line and a caret, that the app starts
/// none of it; an edit is refused until the file is repaired.
#[test]
fn a_listing_of_a_file_the_app_cannot_parse_says_so() {
    let text = with_true(
        "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/bin/true\",\n      \"env\": {\"TOKEN\": \"sk-live-0123456789\"}\n    },\n  }\n}\n",
    );
    let env = Env::with(&text);
    let [out, json] = text_and_json!("env_listing_unparseable", env.sb, &["env", "a"], |args| {
        env.cmd(args)
    });
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("TOKEN  ****"), "{out:?}");
    assert!(
        out.stderr.contains("Claude Desktop cannot parse")
            && out.stderr.contains("it starts none of its servers")
            && out.stderr.contains('^'),
        "{out:?}"
    );
    // ... and ends in the hint that repairs it, as test-launch and call do
    assert!(
        out.stderr
            .trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.trim_start().starts_with("hint: fix the file first")),
        "{out:?}"
    );
    assert!(!out.all().contains("sk-live") && !json.all().contains("sk-live"));
    assert_eq!(json.code, Some(0), "{json:?}");
    assert_eq!(json.json()["config_parse_error_at"]["line"], 6, "{json:?}");
    assert!(json.json()["config_parse_error"].is_string(), "{json:?}");
    // an edit waits for the repair; the file stays as it was
    let out = env.run(&["env", "a", "K=1"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(env.read(), text);
    // repaired, the listing has nothing to say of it
    let out = env.run(&["doctor", "--fix", "--yes", "--no-launch"]);
    assert_eq!(
        strict(&env.read())["mcpServers"]["a"]["env"]["TOKEN"],
        "sk-live-0123456789",
        "{out:?}"
    );
    let out = env.run(&["env", "a"]);
    assert!(!out.stderr.contains("cannot parse"), "{out:?}");
    let json = env.run(&["--json", "env", "a"]);
    assert!(json.json()["config_parse_error"].is_null(), "{json:?}");
    assert!(
        json.json().get("config_parse_error_at").is_none(),
        "{json:?}"
    );
}

/// A name that needs quoting is quoted in the hint so that the command
/// can be pasted as it is: double quotes, which sh, PowerShell and cmd.exe
/// read alike (an apostrophe inside single quotes broke PowerShell).
#[test]
fn a_hint_names_a_server_the_way_a_shell_reads_it() {
    let name = "it's mine";
    let env = Env::with(&with_true(&format!(
        "{{\"mcpServers\": {{\"{name}\": {{\"command\": \"/bin/true\"}}}}}}"
    )));
    let out = env.run(&["env", name]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let plain = crate::support::unconfigured(&out.stdout);
    let (_, rest) = plain
        .split_once("`mcpctl env ")
        .unwrap_or_else(|| panic!("no hint: {out:?}"));
    let (word, _) = rest
        .split_once(" KEY=VALUE`")
        .expect("the hint's KEY=VALUE");
    assert_eq!(word, "\"it's mine\"");
    // pasted into a shell, it names the server
    #[cfg(unix)]
    {
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!("exec \"$0\" env {word} TOKEN=abc"))
            .arg(crate::support::mcpctl_bin())
            .env("MCPCTL_CONFIG", &env.config);
        let out = env.sb.run(&mut sh);
        assert_eq!(out.code, Some(0), "{out:?}");
        assert_eq!(
            strict(&env.read())["mcpServers"][name]["env"]["TOKEN"],
            "abc"
        );
    }
}

/// On Windows a variable's name has no case: `Path=...` changes the
/// entry's `PATH` (the one Node keeps), and `--unset path` removes it,
/// as cmd's `set` would; elsewhere they are two names.
#[test]
fn a_name_in_another_case_is_the_same_variable_on_windows_only() {
    let env = Env::with(
        "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"PATH\": \"one\"}}}}\n",
    );
    let out = env.run(&["env", "a", "Path=two"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = strict(&env.read());
    if cfg!(windows) {
        assert_eq!(
            v["mcpServers"]["a"]["env"],
            serde_json::json!({"PATH": "two"}),
            "{v:#}"
        );
        let out = env.run(&["env", "a", "--unset", "path"]);
        assert_eq!(out.code, Some(0), "{}", out.all());
        assert_eq!(
            strict(&env.read())["mcpServers"]["a"]["env"],
            serde_json::json!({})
        );
    } else {
        assert_eq!(
            v["mcpServers"]["a"]["env"],
            serde_json::json!({"PATH": "one", "Path": "two"}),
            "{v:#}"
        );
    }
}
