//! One test per preservation claim: `mcpctl add`/`remove` change only the
//! entry they touch; unknown keys, key order, indentation (2, 4, tab), line
//! endings and the final newline (or its absence) stay byte for byte.

use super::{Env, strict};
use crate::support::{true_cmd, with_true};

/// `add new -- /bin/true` ([`true_cmd`] on Windows) and return the new file.
fn add_true(env: &Env) -> String {
    let out = env.run(&["add", "new", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let text = env.read();
    strict(&text);
    text
}

#[test]
fn unknown_keys_and_key_order_survive() {
    let original = "{\n  \"globalShortcut\": \"Alt+Space\",\n  \"mcpServers\": {\n    \"a\": {\"command\" :\"/x\", \"disabled\": true}\n  },\n  \"preferences\": {\"menuBarEnabled\": false},\n  \"isUsingBuiltInNodeForMcp\": true\n}\n";
    let env = Env::with(original);
    assert_eq!(
        add_true(&env),
        with_true(
            "{\n  \"globalShortcut\": \"Alt+Space\",\n  \"mcpServers\": {\n    \"a\": {\"command\" :\"/x\", \"disabled\": true},\n    \"new\": {\n      \"command\": \"/bin/true\",\n      \"args\": []\n    }\n  },\n  \"preferences\": {\"menuBarEnabled\": false},\n  \"isUsingBuiltInNodeForMcp\": true\n}\n"
        )
    );
}

#[test]
fn two_space_indentation() {
    let env = Env::with(
        "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/x\"\n    }\n  }\n}\n",
    );
    assert_eq!(
        add_true(&env),
        with_true(
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/x\"\n    },\n    \"new\": {\n      \"command\": \"/bin/true\",\n      \"args\": []\n    }\n  }\n}\n"
        )
    );
}

#[test]
fn four_space_indentation() {
    let env = Env::with(
        "{\n    \"mcpServers\": {\n        \"a\": {\n            \"command\": \"/x\"\n        }\n    }\n}\n",
    );
    assert_eq!(
        add_true(&env),
        with_true(
            "{\n    \"mcpServers\": {\n        \"a\": {\n            \"command\": \"/x\"\n        },\n        \"new\": {\n            \"command\": \"/bin/true\",\n            \"args\": []\n        }\n    }\n}\n"
        )
    );
}

#[test]
fn tab_indentation() {
    let env = Env::with(
        "{\n\t\"mcpServers\": {\n\t\t\"a\": {\n\t\t\t\"command\": \"/x\"\n\t\t}\n\t}\n}\n",
    );
    assert_eq!(
        add_true(&env),
        with_true(
            "{\n\t\"mcpServers\": {\n\t\t\"a\": {\n\t\t\t\"command\": \"/x\"\n\t\t},\n\t\t\"new\": {\n\t\t\t\"command\": \"/bin/true\",\n\t\t\t\"args\": []\n\t\t}\n\t}\n}\n"
        )
    );
}

#[test]
fn crlf_line_endings() {
    let env =
        Env::with("{\r\n  \"mcpServers\": {\r\n    \"a\": {\"command\": \"/x\"}\r\n  }\r\n}\r\n");
    let text = add_true(&env);
    assert_eq!(
        text,
        with_true(
            "{\r\n  \"mcpServers\": {\r\n    \"a\": {\"command\": \"/x\"},\r\n    \"new\": {\r\n      \"command\": \"/bin/true\",\r\n      \"args\": []\r\n    }\r\n  }\r\n}\r\n"
        )
    );
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
}

#[test]
fn no_final_newline_stays_absent() {
    let env = Env::with("{\n  \"mcpServers\": {}\n}");
    assert_eq!(
        add_true(&env),
        with_true(
            "{\n  \"mcpServers\": {\n    \"new\": {\n      \"command\": \"/bin/true\",\n      \"args\": []\n    }\n  }\n}"
        )
    );
}

#[test]
fn remove_takes_only_its_lines() {
    let original = "{\n  \"preferences\": {},\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/a\"},\n    \"b\": {\n      \"command\": \"/b\"\n    },\n    \"c\": {\"command\": \"/c\"}\n  }\n}";
    let env = Env::with(original);
    let out = env.run(&["remove", "b"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(
        env.read(),
        "{\n  \"preferences\": {},\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/a\"},\n    \"c\": {\"command\": \"/c\"}\n  }\n}"
    );
}

#[test]
fn add_then_remove_restores_the_bytes() {
    let original = "{\r\n\t\"z\": 1,\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"/a\"}\r\n\t},\r\n\t\"y\": [1, 2]\r\n}";
    let env = Env::with(original);
    add_true(&env);
    let out = env.run(&["remove", "new"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(env.read(), original);
}

/// `--force` replaces the whole entry: an env variable of the old entry
/// the new one does not set is named (never its value), so a token does
/// not go in silence.
#[test]
fn force_says_which_env_the_new_entry_drops() {
    let env = Env::with(
        "{\"mcpServers\": {\"gh\": {\"command\": \"/old\", \"env\": {\"GITHUB_TOKEN\": \"ghp_secret_1234567890\", \"MODE\": \"a\"}}}}\n",
    );
    let out = env.run(&["add", "gh", "--force", "--env", "MODE=b", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stderr
            .contains("the old `gh` had env `GITHUB_TOKEN` that the new entry does not set"),
        "{}",
        out.all()
    );
    assert!(!out.all().contains("ghp_secret"), "{}", out.all());
}

/// ... and so is every other key of the old entry (`cwd`, a client's own
/// key): the user learns what `--force` dropped without opening the
/// backup.
#[test]
fn force_says_which_other_keys_the_new_entry_drops() {
    let env = Env::with(
        "{\"mcpServers\": {\"gh\": {\"command\": \"/old\", \"cwd\": \"/srv\", \"note\": \"mine\"}}}\n",
    );
    let out = env.run(&["add", "gh", "--force", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stderr.contains(
            "the old `gh` had `cwd`, `note` that the new entry does not set: --force replaces \
             the whole entry (the old one is in the backup); edit the file to keep them"
        ),
        "{}",
        out.all()
    );
    assert!(!env.read().contains("note"), "{}", env.read());
}

/// `--env NAME` passes what the shell has set, an empty value too (it
/// was called "not set").
#[test]
fn env_name_set_to_empty_is_passed_empty() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let out = env.sb.run(
        env.cmd(&["add", "e", "--env", "EMPTYV", "--", true_cmd()])
            .env("EMPTYV", ""),
    );
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(strict(&env.read())["mcpServers"]["e"]["env"]["EMPTYV"], "");
}

/// An `npx` found on the shell's PATH whose `#!/usr/bin/env node` finds
/// no node on the app's PATH: `add` writes it (it is what was asked) but
/// says so now, as doctor would, rather than when the app fails.
#[cfg(unix)]
#[test]
fn add_says_when_the_apps_path_lacks_the_interpreter() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let bin = env.sb.root().join("nvm/bin");
    let npx = bin.join("npx");
    env.sb.write(&npx, "#!/usr/bin/env node\n");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&npx, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let empty = env.sb.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = env.sb.run(
        env.cmd(&["add", "nv", "--", "npx", "-y", "pkg"])
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("MCPCTL_APP_PATH", &empty),
    );
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stderr.contains("[node-not-on-app-path]"),
        "{}",
        out.all()
    );
}

#[test]
fn force_replaces_in_place() {
    let env = Env::with(
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/old\"},\n    \"b\": {\"command\": \"/b\"}\n  },\n  \"k\": 1\n}\n",
    );
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&["add", "a", "--force", "--", true_cmd(), "x"])
    );
    assert_eq!(
        env.read(),
        with_true(
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/bin/true\",\n      \"args\": [\n        \"x\"\n      ]\n    },\n    \"b\": {\"command\": \"/b\"}\n  },\n  \"k\": 1\n}\n"
        )
    );
}
