//! `mcpctl add-json [NAME] JSON` (issue 14): a snippet pasted from a
//! README — a bare entry, an `mcpServers` block, with the usual paste
//! damage — added through `add`'s path: the file on disk byte for byte,
//! all or nothing, names that exist refused without `--force`, `--check`
//! on the repo's fixture server, env values never shown, `-` for stdin.

use std::io::Write;
use std::process::Stdio;

use crate::edit::{Env, strict};
use crate::support::{self, Out};

const ONE: &str = "{\n  \"mcpServers\": {\n    \"old\": {\"command\": \"/bin/true\"}\n  }\n}\n";

/// The fixture server's path as a JSON string.
fn server() -> String {
    serde_json::to_string(support::example_server()).unwrap()
}

/// `mcpctl --config ... ARGS...` with `stdin` piped in (`Sandbox::run`
/// gives every run an empty stdin).
fn with_stdin(env: &Env, args: &[&str], stdin: &str) -> Out {
    let mut child = env
        .cmd(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mcpctl");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let o = child.wait_with_output().expect("wait");
    Out {
        line: format!("mcpctl {}", args.join(" ")),
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A README's block, damaged the way pasting damages it: prose and a code
/// fence around it, a comment, curly quotes, trailing commas. Both servers
/// land, in one write, appended after the file's own, bytes as `add`
/// writes them; the env value is never shown.
#[test]
fn a_damaged_block_is_mended_and_every_server_added_in_one_write() {
    let env = Env::with(ONE);
    env.sb.name("sk-pasted-0123456789", "[SECRET]");
    let paste = format!(
        "Add this to claude_desktop_config.json:\n\n```json\n{{\n  // the example server\n  \
\u{201C}mcpServers\u{201D}: {{\n    \"ex\": {{\"command\": {}, \"env\": {{\"API_KEY\": \"sk-pasted-0123456789\"}},}},\n    \
\u{201C}two\u{201D}: {{\"command\": {}, \"args\": [\"--flag\",],}},\n  }}\n}}\n```\n\nThen restart Claude.",
        server(),
        server()
    );
    let out = mcpctl_snapshot!(
        "add_json_damaged_block",
        env.sb,
        &mut env.cmd(&["add-json", &paste])
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("sk-pasted-0123456789"), "{out:?}");
    assert_eq!(
        env.read(),
        format!(
            "{{\n  \"mcpServers\": {{\n    \"old\": {{\"command\": \"/bin/true\"}},\n    \
\"ex\": {{\n      \"command\": {},\n      \"env\": {{\n        \"API_KEY\": \"sk-pasted-0123456789\"\n      }}\n    }},\n    \
\"two\": {{\n      \"command\": {},\n      \"args\": [\n        \"--flag\"\n      ]\n    }}\n  }}\n}}\n",
            server(),
            server()
        )
    );
    // one write, one backup: the file as it was
    let backups = env.backups();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), ONE);
}

/// A bare entry takes NAME; relative paths in it are made absolute as
/// `add` makes them (the app starts servers from `/`).
#[test]
fn a_bare_entry_is_named_and_its_paths_made_absolute() {
    let env = Env::with(ONE);
    env.sb.write(env.cwd().join("data.db"), "");
    let entry = format!(
        r#"{{"command": {}, "args": ["--db", "./data.db"]}}"#,
        server()
    );
    let out = env.run(&["add-json", "db", &entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = strict(&env.read());
    let arg = saved["mcpServers"]["db"]["args"][1].as_str().unwrap();
    // canonical, without Windows' verbatim `\\?\` (mcpctl writes what the
    // app's Node can open)
    let real = env.cwd().join("data.db").canonicalize().unwrap();
    let real = real.display().to_string();
    assert_eq!(arg, real.strip_prefix(r"\\?\").unwrap_or(&real));
    // no NAME: a usage error that says how
    let out = env.run(&["add-json", r#"{"command": "/bin/true"}"#]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("give the server a name: `mcpctl --config ")
            && out.stderr.contains(" add-json NAME 'JSON'`"),
        "{out:?}"
    );
}

/// The usage line, the help's arguments and the error for a missing
/// argument say one grammar, `[NAME] <JSON>`: the JSON is what is
/// required, NAME only for a bare entry; one word is the JSON.
#[test]
fn usage_help_and_errors_agree_on_name_then_json() {
    let env = Env::with(ONE);
    let out = env.sb.run(env.sb.mcpctl().arg("add-json"));
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("the following required arguments were not provided:\n  <JSON>\n"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("<NAME>"), "{out:?}");
    let out = env.sb.run(env.sb.mcpctl().args(["--json", "add-json"]));
    assert_eq!(
        out.json()["error"]["message"],
        "the following required arguments were not provided: <JSON>",
        "{out:?}"
    );
    let help = env.sb.run(env.sb.mcpctl().args(["add-json", "--help"]));
    assert_eq!(help.code, Some(0), "{help:?}");
    assert!(
        help.stdout
            .contains("Usage: mcpctl add-json [OPTIONS] [NAME] <JSON>\n"),
        "{help:?}"
    );
    let arguments = help
        .stdout
        .split("Arguments:\n")
        .nth(1)
        .and_then(|rest| rest.split("\nOptions:").next())
        .unwrap_or_default();
    let heads: Vec<&str> = arguments
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(['[', '<']))
        .collect();
    assert_eq!(heads, ["[NAME]", "<JSON>"], "{help:?}");
    // three words are one too many
    let out = env.run(&["add-json", "a", "{}", "extra"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("unexpected argument 'extra'"),
        "{out:?}"
    );
    // a flag mcpctl does not know is refused where NAME goes, not saved
    // as a name
    for flag in ["--bogus", "-q"] {
        let out = env.run(&["add-json", flag, r#"{"command": "/bin/true"}"#]);
        assert_eq!(out.code, Some(2), "{out:?}");
        assert!(
            out.stderr
                .starts_with(&format!("error: unexpected argument '{flag}' found\n")),
            "{out:?}"
        );
    }
    assert_eq!(env.read(), ONE);
    // flags anywhere: before, between and after NAME and the JSON
    let entry = support::with_true(r#"{"command": "/bin/true"}"#);
    let entry = entry.as_str();
    for args in [
        &["add-json", "x", "--dry-run", entry][..],
        &["add-json", "x", "--timeout", "30", "--dry-run", entry],
        &["add-json", "--dry-run", "x", entry],
        &["add-json", "x", entry, "--dry-run"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {out:?}");
        assert!(out.stdout.contains(r#"+    "x": {"#), "{args:?}: {out:?}");
    }
    assert_eq!(env.read(), ONE);
    // after `--` a name that starts with `-` is the name asked for
    let out = env.run(&["add-json", "--dry-run", "--", "-q", entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains(r#"+    "-q": {"#), "{out:?}");
    assert_eq!(env.read(), ONE);
}

/// A bare entry whose `command` is a whole line is split; the line the
/// changes quote keeps its secret masked (text and JSON). (Unix: `npx`
/// is a fake script.)
#[cfg(unix)]
#[test]
fn a_secret_in_a_pasted_command_line_is_masked() {
    let env = Env::with(ONE);
    env.sb.fake_tools(&["npx"]);
    let entry = r#"{"command": "npx -y pkg --password hunter2hunter2"}"#;
    let out = env.run(&["--json", "add-json", "--dry-run", "t1", entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("hunter2"), "{out:?}");
    assert_eq!(
        out.json()["servers"][0]["changes"][0]["from"],
        "npx -y pkg --password ****",
        "{out:?}"
    );
    let out = env.run(&["add-json", "--dry-run", "t1", entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("hunter2"), "{out:?}");
    assert!(
        out.stdout.contains("npx -y pkg --password **** →"),
        "{out:?}"
    );
}

/// A pasted url entry (another client's docs) is refused, the hint naming
/// `--bridge`; with it, the entry is saved as an mcp-remote bridge, its
/// secret header moved to env, never printed.
#[cfg(unix)]
#[test]
fn a_url_entry_is_saved_as_a_bridge_with_bridge() {
    let env = Env::with(ONE);
    let entry = r#"{"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer tok_123456789abcdef"}}"#;
    let out = env.run(&["add-json", "web", entry]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("add-json --bridge"), "{out:?}");
    assert_eq!(env.read(), ONE);
    let out = env.run(&["add-json", "--bridge", "web", entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("tok_123456789abcdef"), "{out:?}");
    let saved = strict(&env.read());
    let web = &saved["mcpServers"]["web"];
    assert_eq!(
        web["args"],
        serde_json::json!([
            "-y",
            "mcp-remote",
            "https://mcp.example.com/mcp",
            "--header",
            "Authorization:${AUTHORIZATION}"
        ]),
        "{web:#}"
    );
    assert_eq!(web["env"]["AUTHORIZATION"], "Bearer tok_123456789abcdef");
    assert!(
        web.get("url").is_none() && web.get("headers").is_none(),
        "{web:#}"
    );
}

/// Names that exist: refused, nothing written, each named (up to ten);
/// `--force` replaces them all in one write.
#[test]
fn existing_names_refuse_the_whole_paste_unless_forced() {
    let env = Env::with(ONE);
    let two = &format!(
        r#"{{"mcpServers": {{"new": {{"command": {s}}}, "old": {{"command": {s}, "args": ["--old"]}}}}}}"#,
        s = server()
    );
    let out = mcpctl_snapshot!("add_json_exists", env.sb, &mut env.cmd(&["add-json", two]));
    assert_eq!(out.code, Some(2));
    assert_eq!(env.read(), ONE, "all or nothing: `new` was not added");
    assert!(env.backups().is_empty());
    let out = env.run(&["--json", "add-json", "--force", two]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["servers"][0]["action"], "add");
    assert_eq!(doc["servers"][1]["action"], "replace");
    let saved = strict(&env.read());
    assert_eq!(saved["mcpServers"]["old"]["args"][0], "--old");
    assert_eq!(
        saved["mcpServers"]["new"]["command"],
        support::example_server()
    );
}

/// Many names that exist (as in an import over the same file): the
/// refusal names ten and counts the rest, and `--force` replaces them all
/// in place, in one write, as one by one would. (Thirty: a Windows
/// command line holds 32,767 characters.)
#[test]
fn many_existing_names_are_counted_and_replaced_in_one_pass() {
    let entries: Vec<String> = (0..30)
        .map(|i| format!("    \"s{i}\": {{\"command\": \"/bin/true\", \"args\": [\"{i}\"]}}"))
        .collect();
    let text = format!(
        "{{\n  \"mcpServers\": {{\n{}\n  }}\n}}\n",
        entries.join(",\n")
    );
    let env = Env::with(&text);
    // the example server by its full path: a path like `/bin/false` is
    // made `C:\\bin\\false` on Windows
    let quoted = server();
    let paste: String = format!(
        "{{\"mcpServers\": {{{}}}}}",
        (0..30)
            .map(|i| format!("\"s{i}\": {{\"command\": {quoted}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let out = env.run(&["add-json", &paste]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("`s8`, `s9` and 20 more already exist in"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("`s10`"), "{}", out.stderr);
    assert_eq!(env.read(), text, "all or nothing");
    let out = env.run(&["add-json", "--force", &paste]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = env.read();
    let doc = strict(&saved);
    let servers = doc["mcpServers"].as_object().expect("servers");
    assert_eq!(servers.len(), 30);
    assert_eq!(servers["s29"]["command"], support::example_server());
    // each in its place, on its own line, the rest of the file as it was
    assert!(
        saved.starts_with("{\n  \"mcpServers\": {\n    \"s0\": {"),
        "{saved}"
    );
    assert!(saved.ends_with("\n  }\n}\n"), "{saved}");
}

/// NAME with several servers cannot say which: refused, naming them.
#[test]
fn a_name_with_several_servers_is_refused() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        "x",
        r#"{"mcpServers": {"a": {"command": "/bin/true"}, "b": {"command": "/bin/true"}}}"#,
    ]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("the pasted JSON holds 2 servers (a, b)"),
        "{out:?}"
    );
    assert_eq!(env.read(), ONE);
    // broken past mending: the place in the paste
    let out = env.run(&["add-json", "x", "{\"command\": \"/bin/true}"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("broken at line 1:"), "{out:?}");
}

/// A paste broken past mending is refused at its place: the line with a
/// caret under it (its env value masked), and `at` in JSON.
#[test]
fn a_broken_paste_shows_its_line_with_a_caret_and_no_secret() {
    let env = Env::with(ONE);
    env.sb.name("ghp_pasted0123456789", "[SECRET]");
    let paste =
        "{\"command\": \"npx\",\n  \"env\": {\"GITHUB_TOKEN\": \"ghp_pasted0123456789\"}, oops}";
    let out = mcpctl_snapshot!(
        "add_json_broken_paste",
        env.sb,
        &mut env.cmd(&["add-json", "gh", paste])
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(!out.stderr.contains("ghp_pasted"), "{out:?}");
    let out = env.run(&["--json", "add-json", "gh", paste]);
    assert_eq!(out.code, Some(2), "{out:?}");
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        doc["error"]["at"],
        serde_json::json!({"path": "<pasted>", "line": 2, "column": 56}),
        "{out:?}"
    );
    assert_eq!(env.read(), ONE);
}

/// An entry `validate` would call an error is never written, with the
/// others of the paste.
#[test]
fn an_invalid_entry_writes_nothing() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        r#"{"mcpServers": {"ok": {"command": "/bin/true"}, "bad": {"command": "/bin/true", "env": {"PORT": 8080}}}}"#,
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        crate::support::unconfigured(&out.stderr).contains("would not pass `mcpctl validate`"),
        "{out:?}"
    );
    assert_eq!(env.read(), ONE);
}

/// `--check` launches each server; one failing stops the whole paste
/// (exit 1) unless `--force`.
#[test]
fn check_launches_each_server_and_one_failure_writes_nothing() {
    let env = Env::with(ONE);
    let paste = format!(
        r#"{{"mcpServers": {{"good": {{"command": {s}}}, "needs-key": {{"command": {s}, "args": ["--require-env", "EXAMPLE_API_KEY"]}}}}}}"#,
        s = server()
    );
    let check = ["add-json", "--check", "--timeout", "30", &paste];
    let out = env.run(&check);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("check ok:"), "{out:?}");
    assert!(out.stderr.contains("needs-key"), "{out:?}");
    assert_eq!(env.read(), ONE);
    let out = env.run(&["--json", "add-json", "--check", "--timeout", "30", &paste]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["refused"], "check-failed");
    assert_eq!(doc["written"], false);
    assert_eq!(doc["servers"][0]["check"]["verdict"], "ok");
    assert_eq!(doc["servers"][1]["check"]["verdict"], "exited-early");
    // test-launch's per-server object, as docs/json/add-json.md says
    for key in ["env", "path_from_logs", "lanes", "timings_ms"] {
        assert!(
            doc["servers"][0]["check"].get(key).is_some(),
            "{key}: {doc}"
        );
    }
    assert!(
        doc["servers"][0]["check"].get("app_path").is_none(),
        "{doc}"
    );
    let mut forced = check.to_vec();
    forced.insert(1, "--force");
    let out = env.run(&forced);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(strict(&env.read())["mcpServers"]["needs-key"].is_object());
}

/// `-` reads stdin; `--dry-run --json` shows the masked entry and the
/// diff and writes nothing.
#[test]
fn stdin_and_dry_run_json() {
    let env = Env::new();
    let paste = format!(
        "{{\"memory\": {{\"command\": {}, \"env\": {{\"TOKEN\": \"t0p-secret-value\"}}}}}}",
        server()
    );
    let paste = paste.as_str();
    let out = with_stdin(&env, &["--json", "add-json", "--dry-run", "-"], paste);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stdout.contains("t0p-secret-value"), "{out:?}");
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["written"], false);
    assert_eq!(doc["servers"][0]["name"], "memory");
    assert_eq!(doc["servers"][0]["entry"]["env"]["TOKEN"], "****");
    assert!(
        doc["diff"].as_str().unwrap().contains("+    \"memory\""),
        "{doc:#}"
    );
    assert!(!env.config.exists(), "a dry run creates nothing");
    let out = with_stdin(&env, &["add-json", "-"], paste);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        strict(&env.read())["mcpServers"]["memory"]["env"]["TOKEN"],
        "t0p-secret-value"
    );
}

/// Other clients' remote keys (Windsurf's `serverUrl`, Gemini's `httpUrl`)
/// are entries too: `--bridge` saves them as mcp-remote bridges.
#[test]
fn server_url_and_http_url_pastes_become_bridges() {
    let env = Env::with(ONE);
    for (name, pasted) in [
        ("lan", r#"{"serverUrl": "https://x.example/mcp"}"#),
        ("g", r#"{"httpUrl": "https://mcp.example.com/mcp"}"#),
    ] {
        let out = env.run(&["add-json", "--bridge", "--no-resolve", name, pasted]);
        assert_eq!(out.code, Some(0), "{pasted}: {out:?}");
        let saved = strict(&env.read());
        let args = saved["mcpServers"][name]["args"].to_string();
        assert!(args.contains("mcp-remote"), "{pasted}: {saved}");
    }
}

/// A name pasted twice is said (the last is added, as the app keeps the
/// last); another client's `${input:...}` is shown, not masked.
#[test]
fn a_name_pasted_twice_is_said_and_client_variables_are_shown() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        "--dry-run",
        r#"{"mcpServers": {"dup": {"command": "/bin/true"}, "dup": {"command": "/bin/false", "env": {"GITHUB_TOKEN": "${input:github_token}"}}}}"#,
    ]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stderr
            .contains("server `dup` is pasted more than once: the last one is added"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("contains `${input:github_token}`"),
        "{out:?}"
    );
    let out = env.run(&[
        "--json",
        "add-json",
        "--dry-run",
        r#"{"mcpServers": {"dup": {"command": "/bin/true"}, "dup": {"command": "/bin/false"}}}"#,
    ]);
    let doc = out.json();
    assert_eq!(
        doc["mended"],
        serde_json::json!(["duplicate-server"]),
        "{doc:#}"
    );
}

/// `"C:\tools\node.exe"` pasted with single backslashes holds a tab and a
/// line break: a path gone wrong, refused with `escaped-path`, never split
/// into a "command line" of `C:` and two arguments.
#[test]
fn a_path_of_json_escapes_is_refused_not_split() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        "a",
        r#"{"command": "C:\tools\node.exe", "args": ["x"]}"#,
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("escaped-path"), "{out:?}");
    assert!(!out.all().contains("argument(s)"), "{out:?}");
    assert!(!out.all().contains('\t'), "a raw tab: {out:?}");
    assert_eq!(env.read(), ONE);
}

/// A pasted `cwd` says where the entry's relative paths are: the app
/// ignores it, so they are resolved against it (not the current folder,
/// which here holds a file of the same name), and `cwd`, its work done,
/// is dropped, said as a change. A `cwd` that is no folder here is kept.
#[cfg(unix)]
#[test]
fn relative_paths_are_resolved_against_the_pasted_cwd_which_then_goes() {
    let env = Env::with(ONE);
    env.sb.write(env.cwd().join("build/index.js"), "here");
    let app = env.sb.root().join("srvapp");
    env.sb.write(app.join("build/index.js"), "there");
    let app = app.display().to_string();
    let entry = format!(
        r#"{{"command": {}, "args": ["build/index.js"], "cwd": {}}}"#,
        server(),
        serde_json::to_string(&app).unwrap()
    );
    let out = env.run(&["add-json", "x", &entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = strict(&env.read());
    let x = &saved["mcpServers"]["x"];
    assert_eq!(
        x["args"],
        serde_json::json!([format!("{app}/build/index.js")]),
        "{x:#}"
    );
    assert!(x.get("cwd").is_none(), "{x:#}");
    assert!(
        out.stdout.contains(&format!(
            "\"cwd\": \"{app}\" → removed  (the app ignores `cwd`"
        )),
        "{out:?}"
    );
    // nothing left to warn about `cwd`
    assert!(!out.stderr.contains("cwd"), "{out:?}");
    // a `cwd` that names no folder here: kept, and said so
    let gone = format!("{app}-gone");
    let entry = format!(
        r#"{{"command": {}, "args": ["build/index.js"], "cwd": {}}}"#,
        server(),
        serde_json::to_string(&gone).unwrap()
    );
    let out = env.run(&["--json", "add-json", "--dry-run", "y", &entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    let y = &doc["servers"][0];
    assert_eq!(
        y["entry"]["args"],
        serde_json::json!(["build/index.js"]),
        "{y:#}"
    );
    assert_eq!(y["entry"]["cwd"], gone.as_str(), "{y:#}");
    assert!(
        y["warnings"][0]
            .as_str()
            .unwrap()
            .contains("which is no folder on this machine"),
        "{y:#}"
    );
}

/// A pasted `cwd` goes only when it has nothing left to say: a relative
/// path that is not there yet (`dist/index.js` before a build) keeps it,
/// and the `relative-arg` hint then names the file under `cwd`, not under
/// the current folder; nothing is claimed resolved against it.
#[cfg(unix)]
#[test]
fn a_pasted_cwd_with_a_relative_path_not_found_there_is_kept() {
    let env = Env::with(ONE);
    let app = env.sb.root().join("srvapp");
    std::fs::create_dir_all(&app).unwrap();
    let app = app.display().to_string();
    let entry = format!(
        r#"{{"command": {}, "args": ["dist/index.js"], "cwd": {}}}"#,
        server(),
        serde_json::to_string(&app).unwrap()
    );
    let out = env.run(&["add-json", "x", &entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = strict(&env.read());
    let x = &saved["mcpServers"]["x"];
    assert_eq!(x["args"], serde_json::json!(["dist/index.js"]), "{x:#}");
    assert_eq!(x["cwd"], app.as_str(), "{x:#}");
    assert!(!out.all().contains("removed"), "{out:?}");
    assert!(!out.all().contains("were resolved against it"), "{out:?}");
    assert!(out.stderr.contains("[relative-arg]"), "{out:?}");
    assert!(
        out.stderr
            .contains(&format!("\"{app}/dist/index.js\" (`cwd` is ignored)")),
        "{out:?}"
    );
    let here = env.cwd().join("dist/index.js").display().to_string();
    assert!(!out.stderr.contains(&here), "{out:?}");
    assert!(out.stderr.contains("[ignored-key]"), "{out:?}");
}

/// `npm run start`, `uv run server.py` work in their working folder (the
/// project's `package.json`, `pyproject.toml`): a pasted `cwd` is all
/// that says which, so it is kept, even when the script was found there
/// and made absolute, and validate's `ignored-key` speaks of it.
#[cfg(unix)]
#[test]
fn a_pasted_cwd_a_project_runner_works_in_is_kept() {
    let env = Env::with(ONE);
    let app = env.sb.root().join("srvapp");
    std::fs::create_dir_all(&app).unwrap();
    let app_s = app.display().to_string();
    let cwd = serde_json::to_string(&app_s).unwrap();
    let cases = [
        (r#""npm", "args": ["run", "start"]"#, "a"),
        (r#""uv", "args": ["run", "server.py"]"#, "b"),
    ];
    for (command, name) in cases {
        let entry = format!(r#"{{"command": {command}, "cwd": {cwd}}}"#);
        let out = env.run(&["--json", "add-json", "--dry-run", name, &entry]);
        assert_eq!(out.code, Some(0), "{out:?}");
        let doc = out.json();
        let s = &doc["servers"][0];
        assert_eq!(s["entry"]["cwd"], app_s.as_str(), "{s:#}");
        assert!(!out.stdout.contains("removed"), "{out:?}");
        assert!(!out.stdout.contains("were resolved against it"), "{out:?}");
    }
    // the script is there and made absolute: `uv run` still needs the
    // project folder
    env.sb.write(app.join("server.py"), "");
    let entry = format!(r#"{{"command": "uv", "args": ["run", "server.py"], "cwd": {cwd}}}"#);
    let out = env.run(&["add-json", "c", &entry]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = strict(&env.read());
    let c = &saved["mcpServers"]["c"];
    assert_eq!(
        c["args"],
        serde_json::json!(["run", format!("{app_s}/server.py")]),
        "{c:#}"
    );
    assert_eq!(c["cwd"], app_s.as_str(), "{c:#}");
    assert!(!out.all().contains("removed"), "{out:?}");
    assert!(out.stderr.contains("[ignored-key]"), "{out:?}");
}

/// An entry written for Windows (`cmd /c ...`, `npx.cmd`) pasted on
/// macOS/Linux is said to be one, with the form that runs here — not
/// "not found on your PATH (use an absolute path)", which no path mends.
#[cfg(not(windows))]
#[test]
fn a_windows_only_command_is_called_one_on_add_and_add_json() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        "--dry-run",
        "fs",
        r#"{"command": "cmd", "args": ["/c", "npx", "-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\Desktop"]}"#,
    ]);
    let add = env.run(&[
        "add",
        "--dry-run",
        "fs",
        "--",
        "cmd",
        "/c",
        "npx",
        "-y",
        "x",
    ]);
    let shim = env.run(&["add", "--dry-run", "fs", "--", "npx.cmd", "-y", "x"]);
    for (o, program) in [(&out, "cmd"), (&add, "cmd"), (&shim, "npx.cmd")] {
        assert_eq!(o.code, Some(0), "{o:?}");
        assert!(
            o.stderr.contains(&format!(
                "is \"{program}\", which only exists on Windows: this entry is written for Windows"
            )),
            "{o:?}"
        );
        assert!(!o.stderr.contains("not found on your PATH"), "{o:?}");
    }
    assert!(
        out.stderr.contains(
            r#"drop the `cmd /c` wrapper: "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem""#
        ),
        "{out:?}"
    );
    // unwrapped alone, the Windows folder would still name nothing here
    assert!(
        out.stderr.contains(
            r"; the Windows path `C:\Users\ann\Desktop` must change too: write where it is on"
        ),
        "{out:?}"
    );
    assert!(!add.stderr.contains("Windows path"), "{add:?}");
    assert_eq!(env.read(), ONE);
}

/// A pasted url entry is refused with the one way that works from here:
/// this command with `--bridge` (not `doctor --fix`, nothing was written),
/// and a Connector only for a URL Anthropic's cloud can reach.
#[test]
fn a_refused_url_entry_is_offered_bridge_and_a_connector_only_when_public() {
    let env = Env::with(ONE);
    let out = env.run(&[
        "add-json",
        "--dry-run",
        "r",
        r#"{"url": "http://localhost:3000/mcp"}"#,
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .contains(" add-json --bridge` saves it as a stdio bridge entry"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("a connector cannot work here"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("Connector"), "{out:?}");
    assert!(!out.stderr.contains("doctor --fix"), "{out:?}");
    // the same in JSON
    let out = env.run(&[
        "--json",
        "add-json",
        "--dry-run",
        "r",
        r#"{"url": "http://localhost:3000/mcp"}"#,
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    let hint = doc["diagnostics"][0]["hint"].as_str().unwrap();
    assert!(hint.contains(" add-json --bridge` saves it"), "{hint}");
    assert!(!hint.contains("doctor --fix"), "{hint}");
    let top = doc["error"]["hint"].as_str().unwrap();
    assert!(!top.to_lowercase().contains("connector"), "{top}");
    // a public URL may be a Connector too
    let out = env.run(&[
        "add-json",
        "--dry-run",
        "r",
        r#"{"url": "https://mcp.example.com/mcp"}"#,
    ]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains(
            "or add https://mcp.example.com/mcp in the app as a connector (Settings → Connectors)"
        ),
        "{out:?}"
    );
    assert!(!out.stderr.contains("doctor --fix"), "{out:?}");
    assert_eq!(env.read(), ONE);
}

/// A snippet written for Claude Code, Cursor or VS Code says `${API_KEY}`,
/// `${env:REGION}`, `${PORT:-8080}`: those clients fill them, Claude
/// Desktop hands the server the text. Without `--fill-env` the entry is
/// saved as pasted and a note names what the environment could fill;
/// with it, the values are written (never shown), the default where the
/// variable is unset, and one that cannot be filled writes nothing.
#[test]
fn fill_env_writes_other_clients_variables_from_the_environment() {
    let env = Env::with(ONE);
    let secret = "sk-live-fill0123456789abcdef";
    let paste = format!(
        r#"{{"command": {}, "args": ["--region=${{env:REGION}}", "--port", "${{PORT:-8080}}"], "env": {{"API_KEY": "${{API_KEY}}"}}}}"#,
        server()
    );
    let run = |extra: &[&str], vars: &[(&str, &str)]| {
        let mut args = vec!["add-json"];
        args.extend_from_slice(extra);
        args.extend(["x", paste.as_str()]);
        let mut c = env.cmd(&args);
        c.env_remove("PORT");
        for (k, v) in vars {
            c.env(k, v);
        }
        env.sb.run(&mut c)
    };
    let both = [("API_KEY", secret), ("REGION", "eu-west")];

    // without the flag: saved as pasted, with a note and the warnings
    let out = run(&["--dry-run"], &both);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stderr.contains(
            "note: --fill-env writes the values of `${REGION}`, `${API_KEY}` from mcpctl's environment in place"
        ),
        "{out:?}"
    );
    assert!(out.stdout.contains("${API_KEY}"), "{out:?}");

    // one variable unset: refused, named, nothing written
    let before = env.read();
    let out = run(&["--fill-env"], &[("API_KEY", secret)]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("the JSON uses 1 variable that mcpctl cannot fill: `${REGION}`"),
        "{out:?}"
    );
    assert_eq!(env.read(), before);

    // both set: filled, the default written, the secret never shown
    let out = run(&["--fill-env"], &both);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stderr
            .contains("note: filled from mcpctl's environment: `REGION`, `API_KEY`"),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("the `:-` default was written: `PORT`"),
        "{out:?}"
    );
    let doc = strict(&env.read());
    let x = &doc["mcpServers"]["x"];
    assert_eq!(x["env"]["API_KEY"], secret);
    assert_eq!(
        x["args"],
        serde_json::json!(["--region=eu-west", "--port", "8080"])
    );
    assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret));
    assert!(!out.stderr.contains("unexpanded-var"), "{out:?}");

    // --json says what was filled, by name
    let out = run(&["--fill-env", "--force", "--json"], &both);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stdout.contains(secret), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["filled"], serde_json::json!(["REGION", "API_KEY"]));
    assert_eq!(doc["defaulted"], serde_json::json!(["PORT"]));

    // without the flag, --json carries no note on stderr and no `filled`:
    // each reference is in the server's warnings
    let out = run(&["--dry-run", "--force", "--json"], &both);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stderr.contains("--fill-env"), "{out:?}");
    let doc = out.json();
    assert!(doc.get("filled").is_none(), "{doc:#}");
    let warnings = doc["servers"][0]["warnings"].to_string();
    assert!(warnings.contains("${API_KEY}"), "{doc:#}");
}

/// A paste of many servers, each with its own unset variable: the refusal
/// names the first ten and counts the rest instead of listing them all.
#[test]
fn fill_env_refusal_names_ten_variables_and_counts_the_rest() {
    let env = Env::with(ONE);
    let entries: Vec<String> = (0..25)
        .map(|i| {
            format!(
                r#""s{i}": {{"command": {}, "args": ["${{UNSET_{i}}}"]}}"#,
                server()
            )
        })
        .collect();
    let paste = format!(r#"{{"mcpServers": {{{}}}}}"#, entries.join(", "));
    let before = env.read();
    let out = env.run(&["add-json", "--fill-env", &paste]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains(
            "the JSON uses 25 variables that mcpctl cannot fill: `${UNSET_0}`, `${UNSET_1}`"
        ),
        "{out:?}"
    );
    assert!(out.stderr.contains("`${UNSET_9}` and 15 more"), "{out:?}");
    assert!(!out.stderr.contains("UNSET_10"), "{out:?}");
    assert_eq!(env.read(), before);
}
