//! Hostile input and faults (issue 10), seen from outside: a file with
//! tens of thousands of errors on one line gives a bounded report; a device,
//! a FIFO, a dangling link or a huge file is refused, never read or
//! replaced; two writers at once both land (the second waits for the
//! first's lock); a root run keeps the user's ownership; text a config or a
//! server chose reaches the terminal escaped; secrets the old call sites
//! missed are masked; and the smaller faults (stray temp files, a backups
//! path that is a file, NUL padding, UTF-32) are named for what they are.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::edit::{Env, FILE, strict};

const SECRET: &str = "sk-live-abcdef123456";

/// Waits for `child` up to `limit`; kills it and fails when it is still
/// running then.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> std::process::Output {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("poll child").is_some() {
            return child.wait_with_output().expect("collect child");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("{what} still running after {limit:?}");
}

fn spawn(mut cmd: Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mcpctl")
}

fn server_names(env: &Env) -> Vec<String> {
    let v = strict(&env.read());
    v["mcpServers"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

// ---- 1. diagnostics stay bounded ----------------------------------------------

#[test]
fn one_line_of_sixty_thousand_errors_gives_a_bounded_report() {
    // 100 KB on one line, three problems every five bytes (a minified
    // script given as a config has the same shape)
    let text = format!("{{\"mcpServers\": {{}}}}{}", "/**/x".repeat(20_000));
    let env = Env::with(&text);
    let out = env.run(&["validate"]);
    assert_eq!(
        out.code,
        Some(1),
        "{}",
        &out.stderr[..out.stderr.len().min(2000)]
    );
    let all = out.all();
    assert!(all.len() < 200_000, "{} bytes of report", all.len());
    assert!(all.contains("more (fix these first"), "no cap note");
    assert!(all.contains("60000 errors"), "the count is of all of them");
    // the 100 KB line is clipped around the column, never shown whole
    let longest = all.lines().map(str::len).max().unwrap();
    assert!(longest < 400, "a line of {longest} bytes");

    let json = env.run(&["--json", "validate"]);
    assert_eq!(json.code, Some(1));
    assert!(json.stdout.len() < 2_000_000, "{} bytes", json.stdout.len());
    json.json();
}

#[test]
fn a_file_of_megabytes_is_not_read_as_a_config() {
    let env = Env::with(&format!("{{\"mcpServers\": {{}}}}{}", " ".repeat(5 << 20)));
    for args in [&["validate"][..], &["add", "x", "--", "/bin/true"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert!(out.stderr.contains("MB"), "{}", out.stderr);
    }
    assert!(!env.backups_dir().exists(), "nothing written");
}

/// `restore` alone only lists the backups: it works (exit 0) over a file
/// too big to be a config, where putting one back is refused with a hint
/// that fits (`--config` was given: not "pass it with --config").
#[test]
fn restore_lists_the_backups_of_a_file_of_megabytes() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    assert_eq!(env.run(&["add", "x", "--", "/bin/true"]).code, Some(0));
    let big = format!("{{\"mcpServers\": {{}}}}{}", " ".repeat(5 << 20));
    std::fs::write(&env.config, &big).unwrap();
    let out = env.run(&["--json", "restore"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(out.json()["backups"].as_array().map(Vec::len), Some(1));
    let out = env.run(&["restore"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stdout.contains("Backups of "), "{}", out.all());
    for args in [&["restore", "1"][..], &["restore", "--merge-servers"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert!(
            out.stderr.contains("refusing to restore: "),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("move that file aside"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("pass the config"), "{}", out.stderr);
    }
    assert_eq!(
        std::fs::metadata(&env.config).unwrap().len(),
        big.len() as u64
    );
    // moved aside, the backup goes in its place
    std::fs::rename(&env.config, env.config.with_extension("big")).unwrap();
    let out = env.run(&["restore", "1"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(env.read(), "{\"mcpServers\": {}}\n");
}

// ---- 2. special files ---------------------------------------------------------

/// A character device given as the config is refused, never replaced and
/// never given a lock file beside it. As root the device is a copy of
/// /dev/null made in the sandbox (a regression must not cost the machine
/// its /dev/null); otherwise /dev/null itself, which a non-root run could
/// not replace anyway.
/// A tab or a zero-width space in a name would pass for spaces or for
/// nothing at all: both are shown as escapes wherever the name is.
#[test]
fn tabs_and_zero_width_spaces_in_a_name_are_shown() {
    let env = Env::with(
        "{\"mcpServers\": {\"tab\\tname\": {\"command\": \"/bin/true\"}, \
\"git\\u200bhub\": {\"command\": \"/bin/true\", \"env\": {\"N\": 1}}}}",
    );
    for args in [&["list"][..], &["validate"]] {
        let out = env.run(args);
        assert!(!out.all().contains('\t'), "{args:?}: {:?}", out.all());
        assert!(!out.all().contains('\u{200b}'), "{args:?}: {:?}", out.all());
    }
    let out = env.run(&["list"]);
    assert!(out.stdout.contains("tab\\x09name"), "{}", out.stdout);
    assert!(out.stdout.contains("git\\u{200b}hub"), "{}", out.stdout);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let env = Env::new();
    let dir = env.config.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let device = if is_root() {
        let made = Command::new("mknod")
            .args(["-m", "666"])
            .arg(&env.config)
            .args(["c", "1", "3"])
            .status()
            .unwrap();
        assert!(made.success(), "mknod as root");
        env.config.clone()
    } else {
        std::path::PathBuf::from("/dev/null")
    };
    for args in [
        &["add", "x", "--", "/bin/true"][..],
        &["validate"],
        &["remove", "x"],
    ] {
        let mut cmd = env.sb.mcpctl();
        cmd.arg("--config").arg(&device).args(args);
        let out = env.sb.run(&mut cmd);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert!(
            out.stderr.contains("character device") && out.stderr.contains("not a regular file"),
            "{}",
            out.stderr
        );
    }
    let t = std::fs::symlink_metadata(&device).unwrap().file_type();
    assert!(t.is_char_device(), "{} is still a device", device.display());
    let beside = device.parent().unwrap();
    let lock = beside.join(format!(
        ".{}.mcpctl-lock",
        device.file_name().unwrap().to_string_lossy()
    ));
    assert!(!lock.exists(), "a lock file was made beside the device");
    assert!(
        !beside.join("mcpctl-backups").exists(),
        "a backups folder was made"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let env = Env::new();
    std::fs::create_dir_all(env.config.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(&env.config).status().unwrap();
    assert!(made.success());
    for args in [&["validate"][..], &["add", "x", "--", "/bin/true"]] {
        let out = wait_within(
            spawn(env.cmd(args)),
            Duration::from_secs(20),
            "mcpctl on a FIFO",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("named pipe (FIFO)"), "{stderr}");
    }
    let left: Vec<_> = std::fs::read_dir(env.config.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [FILE], "nothing made beside the FIFO");
}

#[cfg(unix)]
#[test]
fn dangling_links_and_loops_are_named() {
    let env = Env::new();
    let dir = env.config.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.json"), &env.config).unwrap();
    let out = env.run(&["validate"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(out.stderr.contains("gone.json"), "{}", out.stderr);
    assert!(!out.stderr.contains("permissions"), "{}", out.stderr);
    let add = env.run(&["add", "x", "--", "/bin/true"]);
    assert_ne!(add.code, Some(0), "{}", add.all());
    assert!(
        !dir.join("gone.json").exists(),
        "nothing created at the link's end"
    );
    // `path` says what is there, not "`mcpctl add` creates it"
    let path = env.run(&["path"]);
    assert_eq!(path.code, Some(0), "{}", path.all());
    assert!(
        path.stdout.contains("exists:  no: ") && path.stdout.contains("gone.json, which does not"),
        "{}",
        path.stdout
    );
    assert!(!path.stdout.contains("creates it"), "{}", path.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&env.run(&["--json", "path"]).stdout).unwrap();
    assert_eq!(json["exists"], false);
    assert!(
        json["unusable"]["hint"]
            .as_str()
            .unwrap()
            .contains("point the link"),
        "{json}"
    );

    std::fs::remove_file(&env.config).unwrap();
    let other = dir.join("other.json");
    std::os::unix::fs::symlink(&env.config, &other).unwrap();
    std::os::unix::fs::symlink(&other, &env.config).unwrap();
    let out = env.run(&["validate"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(out.stderr.contains("point at each other"), "{}", out.stderr);
    assert!(!out.stderr.contains("no config file"), "{}", out.stderr);
    let path = env.run(&["path"]);
    assert!(
        path.stdout.contains("point at each other"),
        "{}",
        path.stdout
    );
}

/// A config that is a dangling link still has its backups listed (exit
/// 0); putting one back through the link is refused, saying how to put it
/// there, and nothing is created at the link's end.
#[cfg(unix)]
#[test]
fn restore_lists_the_backups_of_a_dangling_link() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    assert_eq!(env.run(&["add", "x", "--", "/bin/true"]).code, Some(0));
    let dir = env.config.parent().unwrap().to_path_buf();
    std::fs::remove_file(&env.config).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.json"), &env.config).unwrap();
    let out = env.run(&["--json", "restore"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = out.json();
    assert_eq!(v["backups"][0]["servers"], serde_json::json!([]), "{v:#}");
    let out = env.run(&["restore"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    for args in [&["restore", "1"][..], &["--json", "restore", "1"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert!(
            out.all().contains("gone.json, which does not exist"),
            "{}",
            out.all()
        );
        assert!(out.all().contains("remove the link"), "{}", out.all());
    }
    assert!(
        !dir.join("gone.json").exists(),
        "nothing created at the link's end"
    );
    std::fs::remove_file(&env.config).unwrap();
    let out = env.run(&["restore", "1"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(env.read(), "{\"mcpServers\": {}}\n");
}

// ---- 3. concurrent writers ----------------------------------------------------

#[test]
fn a_writer_waits_for_the_lock_and_both_writes_land() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    // another writer holds the lock (this process, as `add` would)
    let held = mcpctl::config::write::lock(&env.config).expect("take the lock");
    let child = spawn(env.cmd(&["add", "waiting", "--", "/bin/true"]));
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(
        env.read(),
        "{\"mcpServers\": {}}\n",
        "the second writer went ahead while the lock was held"
    );
    drop(held);
    let out = wait_within(child, Duration::from_secs(30), "add waiting for the lock");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server_names(&env), ["waiting"]);
}

#[test]
fn parallel_adds_all_land() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let children: Vec<Child> = (0..8)
        .map(|i| spawn(env.cmd(&["add", &format!("s{i}"), "--", "/bin/true"])))
        .collect();
    for c in children {
        let out = wait_within(c, Duration::from_secs(60), "parallel add");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut names = server_names(&env);
    names.sort();
    assert_eq!(names, (0..8).map(|i| format!("s{i}")).collect::<Vec<_>>());
    // the last writer took its lock file with it (Unix; see config::lock)
    let lock = env
        .config
        .parent()
        .unwrap()
        .join(format!(".{FILE}.mcpctl-lock"));
    assert_eq!(lock.exists(), cfg!(windows), "{}", lock.display());
}

/// `add --check` (and add-json's) lets the lock go while it launches the
/// server (which may take a minute): another writer goes ahead meanwhile,
/// and the new entry is planned again on what that writer left.
#[cfg(unix)]
#[test]
fn a_check_does_not_hold_the_lock_while_it_launches() {
    let server = crate::support::example_server();
    let paste = serde_json::json!({"command": server, "args": ["--slow-ms", "2000"]}).to_string();
    let add: [&str; 9] = [
        "add",
        "slow",
        "--check",
        "--timeout",
        "30",
        "--",
        server,
        "--slow-ms",
        "2000",
    ];
    let add_json: [&str; 6] = ["add-json", "slow", "--check", "--timeout", "30", &paste];
    for args in [&add[..], &add_json[..]] {
        let env = Env::with("{\"mcpServers\": {\"base\": {\"command\": \"/bin/true\"}}}\n");
        let adding = spawn(env.cmd(args));
        std::thread::sleep(Duration::from_millis(700));
        let started = std::time::Instant::now();
        let out = env.run(&["env", "base", "A=1"]);
        let took = started.elapsed();
        assert_eq!(out.code, Some(0), "{}", out.all());
        let out = wait_within(adding, Duration::from_secs(60), args[0]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            took < Duration::from_millis(1200),
            "{}: env waited {took:?} for the check",
            args[0]
        );
        let v: serde_json::Value = serde_json::from_str(&env.read()).unwrap();
        assert_eq!(v["mcpServers"]["base"]["env"]["A"], "1", "{v:#}");
        assert!(v["mcpServers"]["slow"].is_object(), "{v:#}");
    }
}

// ---- 4. ownership -------------------------------------------------------------

#[cfg(unix)]
#[test]
fn root_keeps_the_users_ownership() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if !is_root() {
        crate::support::loud_skip(
            "root_keeps_the_users_ownership",
            "needs root to hand a file to another user",
        );
        return;
    }
    let env = Env::with("{\"mcpServers\": {}}\n");
    let (uid, gid) = (4242, 4343);
    let dir = env.config.parent().unwrap();
    std::os::unix::fs::chown(dir, Some(uid), Some(gid)).unwrap();
    std::os::unix::fs::chown(&env.config, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = env.run(&["add", "x", "--", "/bin/true"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let owned = |p: &Path| {
        let m = std::fs::metadata(p).unwrap();
        assert_eq!(
            (m.uid(), m.gid()),
            (uid, gid),
            "{} changed owner",
            p.display()
        );
    };
    owned(&env.config);
    owned(&env.backups_dir());
    for b in env.backups() {
        owned(&b);
    }
    assert!(
        !dir.join(format!(".{FILE}.mcpctl-lock")).exists(),
        "the lock file is gone"
    );
    assert_eq!(server_names(&env), ["x"]);
}

/// Whether this process runs as root: a file it makes is root's.
#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let f = tempfile::tempfile().unwrap();
    f.metadata().unwrap().uid() == 0
}

// ---- 6. terminal safety -------------------------------------------------------

#[test]
fn control_sequences_from_the_config_are_escaped() {
    // a server name and an argument carrying a window title, a clear
    // screen and an OSC 52 clipboard write
    let env = Env::with(
        "{\"mcpServers\": {\"evil\\u001b]0;pwned\\u0007\": {\"command\": \"/bin/true\", \
\"args\": [\"\\u001b[2J\\u001b]52;c;aGk=\\u0007\"]}}}",
    );
    for args in [&["list"][..], &["validate"], &["remove", "nope"]] {
        let out = env.run(args);
        assert!(
            !out.all().contains('\x1b'),
            "{args:?} let an ESC through: {:?}",
            out.all()
        );
        assert!(!out.all().contains('\x07'), "{args:?} let a BEL through");
    }
    let out = env.run(&["list"]);
    assert!(
        out.stdout.contains("evil\\x1b]0;pwned\\x07"),
        "{}",
        out.stdout
    );
}

#[cfg(unix)]
#[test]
fn control_sequences_from_a_server_are_escaped() {
    let env = Env::new();
    let server = env.sb.script(
        "bad-server",
        "printf 'banner \\033]0;pwned\\007 \\033[2J\\n'\nprintf 'oops \\033]8;;http://x\\033\\\\\\n' >&2\nexit 3",
    );
    env.write(&format!(
        "{{\"mcpServers\": {{\"s\": {{\"command\": \"{}\"}}}}}}",
        server.display()
    ));
    let out = env.run(&["test-launch", "--timeout", "5"]);
    assert_ne!(out.code, Some(0));
    assert!(
        !out.all().contains('\x1b'),
        "an ESC got through: {:?}",
        out.all()
    );
    assert!(
        out.all().contains("\\x1b"),
        "the escape is shown: {}",
        out.all()
    );
}

// ---- 7. secrets ---------------------------------------------------------------

#[test]
fn an_unquoted_secret_is_masked_in_messages_hints_and_refusals() {
    let env = Env::with(&format!(
        "{{\"mcpServers\": {{\"a\": {{\"command\": \"/bin/true\", \"env\": {{\"API_KEY\": {SECRET}}}}}}}}}"
    ));
    for args in [
        &["validate"][..],
        &["--json", "validate"],
        &["doctor", "--dry-run", "--fix"],
        &["add", "b", "--", "/bin/true"],
        &["remove", "a"],
        &["list"],
    ] {
        let out = env.run(args);
        out.assert_hides(&[SECRET, "sk-live-abc"], &format!("{args:?}"));
    }
    let out = env.run(&["validate"]);
    assert!(
        out.all().contains("`****` is not a JSON value"),
        "{}",
        out.all()
    );
}

#[cfg(unix)]
#[test]
fn add_check_masks_the_new_env_value_in_the_servers_output() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let server = env.sb.script(
        "echo-env",
        "echo \"my key is $API_KEY\" >&2\necho \"$API_KEY\"\nexit 1",
    );
    let out = env.run(&[
        "add",
        "s",
        "--check",
        "--env",
        &format!("API_KEY={SECRET}"),
        "--",
        server.to_str().unwrap(),
    ]);
    assert_ne!(out.code, Some(0), "{}", out.all());
    assert!(
        out.all().contains("my key is"),
        "the server's output is shown: {}",
        out.all()
    );
    out.assert_hides(&[SECRET], "add --check");
}

/// A failing server is re-run in the shell's environment: a password the
/// shell exports under a name that glues or shortens the word
/// (`PGPASSWORD`, `DB_PASS`) is hidden in what that run printed.
#[cfg(unix)]
#[test]
fn a_shell_password_is_masked_in_the_shell_comparison() {
    let env = Env::new();
    let server = env.sb.script(
        "pg-server",
        "[ -n \"$PGHOST\" ] || { echo 'PGHOST is not set' >&2; exit 1; }\n\
         echo \"FATAL: password $PGPASSWORD rejected (also $DB_PASS) on $DESKTOP_SESSION\" >&2\nexit 2",
    );
    env.write(&format!(
        "{{\"mcpServers\": {{\"pg\": {{\"command\": \"{}\"}}}}}}",
        server.display()
    ));
    let shell = |args: &[&str]| {
        env.sb.run(
            env.cmd(args)
                .env("PGHOST", "db")
                .env("PGPASSWORD", "Tr0ub4dor-horse-42")
                .env("DB_PASS", "correct horse battery")
                .env("DESKTOP_SESSION", "cinnamon"),
        )
    };
    let server = server.display().to_string();
    for args in [
        &["test-launch", "--lane", "chat", "--timeout", "5"][..],
        // add --check quotes the shell's run too
        &[
            "add",
            "--check",
            "--dry-run",
            "--timeout",
            "5",
            "pg2",
            "--",
            &server,
        ],
    ] {
        let out = shell(args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.all());
        assert!(
            // (a desktop's setting is no secret: its word stays)
            out.all()
                .contains("password **** rejected (also ****) on cinnamon"),
            "{args:?}: the shell's run is quoted, masked: {}",
            out.all()
        );
        out.assert_hides(&["Tr0ub4dor", "battery"], &format!("{args:?}"));
    }
}

/// A key of several lines in `env` (a PEM private key) printed by the
/// server reaches the output a line at a time: no line of it shows, in
/// text, JSON or GitHub annotations.
#[cfg(unix)]
#[test]
fn a_secret_of_several_lines_is_masked_line_by_line() {
    let env = Env::new();
    let server = env.sb.script(
        "pem-server",
        "printf 'loading key:\\n%s\\n' \"$GOOGLE_PRIVATE_KEY\" >&2\nexit 1",
    );
    let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    env.write(&format!(
        "{{\"mcpServers\": {{\"pem\": {{\"command\": \"{}\", \"env\": {{\"GOOGLE_PRIVATE_KEY\": \
         \"-----BEGIN PRIVATE KEY-----\\n{body}\\nXyZ8cKj0aa==\\n-----END PRIVATE KEY-----\\n\"}}}}}}}}",
        server.display()
    ));
    for args in [
        &["test-launch", "--lane", "chat", "--timeout", "5"][..],
        &["--json", "test-launch", "--lane", "chat", "--timeout", "5"],
        &[
            "test-launch",
            "--lane",
            "chat",
            "--timeout",
            "5",
            "--format",
            "github",
        ],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.all());
        assert!(
            out.all().contains("loading key:"),
            "{args:?}: the stderr is quoted: {}",
            out.all()
        );
        out.assert_hides(&[body, "XyZ8cKj0aa"], &format!("{args:?}"));
    }
}

/// A whole command line typed as one word after `add NAME --` is split,
/// and the line the changes quote keeps its secrets masked (`--password
/// X`, `--api-key X`), in text and JSON alike. (Unix: `npx` is a fake
/// script, which Windows does not run.)
#[cfg(unix)]
#[test]
fn a_secret_in_a_command_line_typed_as_one_word_is_masked() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    env.sb.fake_tools(&["npx"]);
    let line = "npx -y pkg --password hunter2hunter2 --api-key 7f3a9c2e1b4d8f6a0e5c";
    for json in [false, true] {
        let mut args = vec!["add", "--dry-run", "t1", "--", line];
        if json {
            args.insert(0, "--json");
        }
        let out = env.run(&args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.all());
        out.assert_hides(
            &["hunter2hunter2", "7f3a9c2e1b4d8f6a0e5c"],
            &format!("{args:?}"),
        );
        let from = if json {
            out.json()["changes"][0]["from"]
                .as_str()
                .unwrap_or("")
                .to_string()
        } else {
            out.stdout.lines().next().unwrap_or("").to_string()
        };
        assert!(
            from.contains("npx -y pkg --password **** --api-key ****"),
            "{args:?}: the line is quoted, masked: {}",
            out.all()
        );
    }
}

/// `KEY=value cmd` as the command: refused (the app runs no shell), and
/// the refusal quoting the command masks the value of a secret-named
/// variable.
#[cfg(unix)]
#[test]
fn a_secret_assigned_before_the_program_is_masked_in_the_refusal() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    env.sb.fake_tools(&["npx"]);
    for json in [false, true] {
        let mut args = vec![
            "add",
            "--dry-run",
            "t1",
            "--",
            "MY_PASSWORD=hunter2hunter2 npx -y pkg",
        ];
        if json {
            args.insert(0, "--json");
        }
        let out = env.run(&args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.all());
        out.assert_hides(&["hunter2"], &format!("{args:?}"));
        let refusal = if json {
            out.json()["diagnostics"][0]["message"]
                .as_str()
                .unwrap_or("")
                .to_string()
        } else {
            out.stderr.clone()
        };
        assert!(
            refusal.contains("runs \"MY_PASSWORD=**** npx -y pkg\""),
            "{args:?}: {}",
            out.all()
        );
    }
}

/// `validate` quotes a `command` that is a whole command line: the value
/// of a secret-named variable before the program, and a secret flag's
/// value in it, are masked (message, source line, JSON).
#[test]
fn a_secret_in_a_command_line_in_the_file_is_masked_by_validate() {
    let env = Env::new();
    env.write(
        "{\"mcpServers\": {\n  \"a\": {\"command\": \"GITHUB_TOKEN=ghx9Qe7Lm2Vb npx -y pkg\"},\n  \
         \"b\": {\"command\": \"npx -y pkg --password hunter2hunter2\"}\n}}\n",
    );
    for args in [&["validate"][..], &["--json", "validate"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(1), "{args:?}: {}", out.all());
        out.assert_hides(&["ghx9Qe7Lm2Vb", "hunter2hunter2"], &format!("{args:?}"));
        assert!(
            out.all().contains("GITHUB_TOKEN=**** npx -y pkg"),
            "{}",
            out.all()
        );
        assert!(
            out.all().contains("npx -y pkg --password ****"),
            "{}",
            out.all()
        );
    }
}

// ---- 8. the smaller ones ------------------------------------------------------

/// Unix: the crash hook ends the run by a signal (no exit code).
#[cfg(unix)]
#[test]
fn stray_temp_files_of_a_killed_run_are_removed_by_the_next() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let mut crash = env.cmd(&["add", "a", "--", "/bin/true"]);
    crash.env(mcpctl::config::write::CRASH_HOOK_VAR, "1");
    let out = env.sb.run(&mut crash);
    assert_eq!(out.code, None, "killed: {}", out.all());
    let dir = env.config.parent().unwrap();
    let tmps = || {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    assert_eq!(tmps(), 1, "the crash left its temp file");
    let again = env.run(&["add", "b", "--", "/bin/true"]);
    assert_eq!(again.code, Some(0), "{}", again.all());
    assert_eq!(tmps(), 0, "the next run cleaned up");
    assert!(
        again
            .stdout
            .contains("removed 1 temp file a killed run left"),
        "{}",
        again.stdout
    );
    assert_eq!(server_names(&env), ["b"]);
}

#[test]
fn a_backups_path_that_is_a_file_is_named() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    std::fs::write(env.backups_dir(), "not a folder").unwrap();
    let out = env.run(&["add", "a", "--", "/bin/true"]);
    assert_ne!(out.code, Some(0), "{}", out.all());
    assert!(out.stderr.contains("is a file"), "{}", out.stderr);
    assert!(!out.stderr.contains("disk space"), "{}", out.stderr);
    assert_eq!(env.read(), "{\"mcpServers\": {}}\n");
}

#[test]
fn nul_padding_and_utf32_are_not_called_utf16() {
    let env = Env::new();
    let mut padded = b"{\"mcpServers\": {}}\n".to_vec();
    padded.extend([0u8; 64]);
    std::fs::create_dir_all(env.config.parent().unwrap()).unwrap();
    std::fs::write(&env.config, &padded).unwrap();
    let out = env.run(&["validate"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert!(out.all().contains("NUL bytes"), "{}", out.all());
    assert!(!out.all().contains("UTF-16"), "{}", out.all());

    let utf32: Vec<u8> = "{\"mcpServers\": {}}"
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    std::fs::write(&env.config, utf32).unwrap();
    let out = env.run(&["validate"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert!(out.all().contains("UTF-32"), "{}", out.all());
    assert!(!out.all().contains("UTF-16 encoded"), "{}", out.all());
}

#[cfg(unix)]
#[test]
fn a_script_without_a_shebang_runs_through_sh_as_in_the_app() {
    let env = Env::new();
    let script = env.sb.write(
        "no-shebang",
        format!("exec '{}'\n", crate::support::example_server()),
    );
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    env.write(&format!(
        "{{\"mcpServers\": {{\"s\": {{\"command\": \"{}\"}}}}}}",
        script.display()
    ));
    let out = env.run(&["test-launch", "--timeout", "20"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(!out.all().contains("not-executable"), "{}", out.all());
}

#[cfg(unix)]
#[test]
fn a_timeout_says_what_the_server_was_sending() {
    let env = Env::new();
    // a megabyte on one stdout line, no newline, then silence
    let server = env.sb.script(
        "flood",
        "line=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\
         i=0; while [ $i -lt 16384 ]; do printf '%s' \"$line\"; i=$((i+1)); done\n\
         exec /bin/sleep 30",
    );
    env.write(&format!(
        "{{\"mcpServers\": {{\"s\": {{\"command\": \"{}\"}}}}}}",
        server.display()
    ));
    let out = env.run(&["test-launch", "--timeout", "3"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert!(
        out.all()
            .contains("one stdout line of 1.0 MiB (1048576 bytes) with no newline yet"),
        "{}",
        out.all()
    );
}

#[cfg(unix)]
#[test]
fn splitting_a_hard_link_is_said() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let other = env.config.parent().unwrap().join("linked.json");
    std::fs::hard_link(&env.config, &other).unwrap();
    let out = env.run(&["add", "a", "--", "/bin/true"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stderr
            .contains("the file had 1 other hard link: that name still has the old version"),
        "{}",
        out.stderr
    );
    assert_eq!(server_names(&env), ["a"]);
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "{\"mcpServers\": {}}\n"
    );
}

/// Run from a folder deleted under the shell: a relative path is refused by
/// the OS, not taken as one under `/`, and a note says why.
#[cfg(unix)]
#[test]
fn a_deleted_current_folder_writes_nothing_elsewhere() {
    let sb = crate::support::Sandbox::new();
    let gone = sb.work().join("gone");
    std::fs::create_dir_all(&gone).unwrap();
    let mcpctl = crate::support::mcpctl_bin();
    let script = format!(
        "cd '{}' && rmdir '{}' && exec '{mcpctl}' --config mcpctl-e2e-deleted-cwd.json add x -- /bin/true",
        gone.display(),
        gone.display()
    );
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", &script]).env("HOME", sb.home());
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("the current folder no longer exists"),
        "{out:?}"
    );
    assert!(!Path::new("/mcpctl-e2e-deleted-cwd.json").exists());
    assert!(!Path::new("/.mcpctl-e2e-deleted-cwd.json.mcpctl-lock").exists());
}

// ---- 3. the files beside the config ------------------------------------------
//
// The files mcpctl reads whole that the user or the app controls (the side
// file, an extension's manifest and settings, the app's record of
// extensions, a backup, the copy of what mcpctl last wrote, a package.json
// of the npx cache, a CA file) are never waited on (a FIFO) nor read
// without end (a device, a file of gigabytes): refused, named, with why.
// Huge files are sparse (no disk used); /dev/null stands for a device (a
// regression reading /dev/zero would eat the machine's memory).

#[cfg(unix)]
const GIB: u64 = 1024 * 1024 * 1024;

#[cfg(unix)]
const ONE_SERVER: &str = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n";

/// `mcpctl --config CONFIG ARGS`, failing the test when it is still
/// running after 20 s (a hang guard, not a timing test).
#[cfg(unix)]
fn run_within(env: &Env, args: &[&str]) -> (Option<i32>, String, String) {
    run_cmd_within(env.cmd(args), &format!("mcpctl {}", args.join(" ")))
}

#[cfg(unix)]
fn run_cmd_within(cmd: Command, what: &str) -> (Option<i32>, String, String) {
    let out = wait_within(spawn(cmd), Duration::from_secs(20), what);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The side file of disabled entries as a FIFO, a device, or a file of
/// gigabytes: `list` goes on with a warning that says why, `disable`
/// refuses (the side file is the only place disabled servers are kept),
/// and the config is left as it was.
#[cfg(unix)]
#[test]
fn a_side_file_that_is_a_fifo_a_device_or_huge_is_named_not_read() {
    use crate::support::{mkfifo, sparse};
    let env = Env::with(ONE_SERVER);
    let side = env.config.parent().unwrap().join("mcpctl-disabled.json");
    let cases = [
        "not a regular file (a named pipe (FIFO))",
        "not a regular file (a character device (like /dev/null))",
        "too large: 4294967296 bytes (the limit is 64 MB)",
    ];
    for (i, why) in cases.into_iter().enumerate() {
        let _ = std::fs::remove_file(&side);
        match i {
            0 => mkfifo(&side),
            1 => std::os::unix::fs::symlink("/dev/null", &side).unwrap(),
            _ => sparse(&side, 4 * GIB, b""),
        }
        let said = format!("{} cannot be read: {why}", side.display());
        let (code, stdout, stderr) = run_within(&env, &["list"]);
        assert_eq!(code, Some(0), "{why}: {stderr}");
        assert!(stdout.contains("command: /bin/true"), "{why}: {stdout}");
        assert!(
            stderr.contains(&format!("warning[side-file-unreadable]: {said}\n")),
            "{why}: {stderr}"
        );
        let (code, _, stderr) = run_within(&env, &["disable", "a"]);
        assert_eq!(code, Some(2), "{why}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {said}\n"))
                && stderr.contains("hint: it is mcpctl's own file"),
            "{why}: {stderr}"
        );
        assert_eq!(env.read(), ONE_SERVER, "{why}: the config is untouched");
    }
}

/// A FIFO where mcpctl keeps the copy of what it last wrote: a write does
/// not wait on it, and replaces it with the copy.
#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_last_written_copy_is_not_waited_on() {
    let env = Env::with(ONE_SERVER);
    std::fs::create_dir_all(env.backups_dir()).unwrap();
    let last = env
        .backups_dir()
        .join("claude_desktop_config.last-written.json");
    crate::support::mkfifo(&last);
    let (code, _, stderr) = run_within(&env, &["add", "b", "--", "/bin/true"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(server_names(&env), ["a", "b"]);
    assert_eq!(
        std::fs::read_to_string(&last).unwrap(),
        env.read(),
        "the FIFO was replaced by the copy"
    );
}

/// A backup of gigabytes (in the ring, or given as a path) is refused
/// with its size and the limit, at once; listing the ring does not read
/// it either.
#[cfg(unix)]
#[test]
fn a_huge_backup_is_refused_with_its_size() {
    let env = Env::with(ONE_SERVER);
    std::fs::create_dir_all(env.backups_dir()).unwrap();
    let ringed = env
        .backups_dir()
        .join("claude_desktop_config.2026-11-25T11-30-00.123Z.json");
    crate::support::sparse(&ringed, 4 * GIB, b"");
    let given = env.sb.root().join("huge.json");
    crate::support::sparse(&given, 4 * GIB, b"");

    let (code, stdout, stderr) = run_within(&env, &["restore"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains(&ringed.display().to_string()), "{stdout}");
    for (sel, path) in [("1", &ringed), (given.to_str().unwrap(), &given)] {
        let (code, _, stderr) = run_within(&env, &["restore", sel]);
        assert_eq!(code, Some(2), "{sel}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "error: cannot read {}: too large: 4294967296 bytes (the limit is 64 MB)\n",
                path.display()
            )) && stderr.contains("hint: a backup is a copy of the config"),
            "{sel}: {stderr}"
        );
    }
    let (code, _, stderr) = run_within(&env, &["restore", "--merge-servers"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no backup of"), "{stderr}");
    assert_eq!(env.read(), ONE_SERVER);
}

/// An extension's manifest as a FIFO, its settings a link to a device,
/// the app's record of extensions a file of gigabytes: each is named with
/// why, the rest is listed; switching the extension whose settings are a
/// FIFO refuses, saying so.
#[cfg(unix)]
#[test]
fn an_extensions_files_that_are_fifos_devices_or_huge_are_named_not_read() {
    let sb = crate::support::Sandbox::new();
    let config = crate::support::homes::copy_home(&sb, "macos");
    let dir = config.parent().unwrap();
    let manifest = dir.join("Claude Extensions/ant.dir.mcpctl.hello-node/manifest.json");
    std::fs::remove_file(&manifest).unwrap();
    crate::support::mkfifo(&manifest);
    let settings = dir.join("Claude Extensions Settings/local.mcpctl.notes-python.json");
    std::fs::remove_file(&settings).unwrap();
    std::os::unix::fs::symlink("/dev/null", &settings).unwrap();
    let record = dir.join("extensions-installations.json");
    crate::support::sparse(&record, 4 * GIB, b"");
    let cmd = |args: &[&str]| {
        let mut c = sb.mcpctl();
        c.arg("--config").arg(&config).args(args);
        c
    };

    let (code, stdout, stderr) = run_cmd_within(cmd(&["list"]), "mcpctl list");
    assert_eq!(code, Some(0), "{stderr}");
    let all = format!("{stdout}{stderr}");
    for said in [
        format!(
            "error[manifest-unreadable]: cannot read {}: not a regular file (a named pipe (FIFO))\n",
            manifest.display()
        ),
        "hint: reinstall the extension: a manifest is a small JSON file, and this is not one\n"
            .to_string(),
        format!(
            "warning[extension-settings-unreadable]: {} cannot be read (not a regular file (a \
             character device (like /dev/null))); mcpctl counts extension \
             `local.mcpctl.notes-python` as disabled\n",
            settings.display()
        ),
        format!(
            "warning[extensions-record-unreadable]: {} cannot be read (too large: 4294967296 \
             bytes (the limit is 64 MB)): signatures and sources are unknown\n",
            record.display()
        ),
    ] {
        assert!(all.contains(&said), "{said}\n---\n{all}");
    }

    std::fs::remove_file(&settings).unwrap();
    crate::support::mkfifo(&settings);
    let (code, _, stderr) = run_cmd_within(cmd(&["disable", "notes-python"]), "mcpctl disable");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: cannot read {}: not a regular file (a named pipe (FIFO))\n",
            settings.display()
        )) && stderr.contains("hint: switch the extension in Claude Desktop's Settings"),
        "{stderr}"
    );
}

/// A FIFO as the package.json of an mcp-remote in npx's cache (doctor
/// reads it for the bridge's version) is not waited on.
#[cfg(unix)]
#[test]
fn a_fifo_as_an_npx_package_json_is_not_waited_on() {
    let env = Env::with(
        "{\"mcpServers\": {\"r\": {\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", \"https://example.com/mcp\"]}}}\n",
    );
    let pkg = env
        .sb
        .home()
        .join(".npm/_npx/0123abcd/node_modules/mcp-remote");
    std::fs::create_dir_all(&pkg).unwrap();
    crate::support::mkfifo(&pkg.join("package.json"));
    let (code, stdout, stderr) = run_within(&env, &["doctor", "--no-launch"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("Summary"), "{stdout}");
}

/// A FIFO as the CA file SSL_CERT_FILE names (a remote probe loads it) is
/// not waited on: a note names it, the probe goes on.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_ca_file_is_not_waited_on() {
    let env = Env::new();
    let ca = env.sb.root().join("ca.pem");
    crate::support::mkfifo(&ca);
    let url = env.sb.closed_local_url().replace("http://", "https://");
    let mut cmd = env.sb.mcpctl();
    cmd.env("SSL_CERT_FILE", &ca)
        .args(["test-launch", "--timeout", "5", "--url", &url]);
    let (code, stdout, stderr) = run_cmd_within(cmd, "mcpctl test-launch --url");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "note: CA file {} cannot be read (not a regular file (a named pipe (FIFO))): ignored",
            ca.display()
        )),
        "{stdout}"
    );
}
