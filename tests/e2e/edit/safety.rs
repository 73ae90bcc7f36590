//! The write path's promises, seen from outside: a file that does not parse
//! is never touched, a file changed by someone else is not overwritten, a
//! crash before the rename leaves the original intact, backups rotate,
//! `--dry-run` writes nothing, first-time setup creates a valid file, and
//! env values never reach the output unless asked.

use std::path::Path;

use super::{Env, FILE, mtime, strict};
use crate::support::{true_cmd, with_true};
use mcpctl::config::lint::LintContext;
use mcpctl::config::write::{self, Require, WriteError, WriteOptions};
use mcpctl::platform::HostEnv;

const SECRET: &str = "sk-live-0123456789";

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn unparseable_file_is_never_touched() {
    let broken = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/x\"},\n  }\n}\n";
    let env = Env::with(broken);
    let before = mtime(&env.config);
    for (name, args) in [
        ("unparseable_add", &["add", "b", "--", true_cmd()][..]),
        (
            "unparseable_add_force",
            &["add", "a", "--force", "--", true_cmd()],
        ),
        ("unparseable_remove", &["remove", "a"]),
        ("unparseable_remove_json", &["--json", "remove", "a"]),
        ("unparseable_env", &["env", "a", "K=v"]),
    ] {
        mcpctl_snapshot!(name, env.sb, &mut env.cmd(args));
        assert_eq!(env.read(), broken, "{args:?} changed the bytes");
        assert_eq!(mtime(&env.config), before, "{args:?} touched the file");
    }
    assert!(!env.backups_dir().exists(), "no backup, no write");
    // nothing but the file: the writers' lock (a sidecar, see config::lock)
    // is deleted by its holder, except on Windows
    let lock = format!(".{FILE}.mcpctl-lock");
    let expected: &[&str] = if cfg!(windows) {
        &[lock.as_str(), FILE]
    } else {
        &[FILE]
    };
    assert_eq!(files_in(env.config.parent().unwrap()), expected);
}

/// A writing command that fails (or only lists) leaves nothing beside the
/// config: no lock file, no backup, and for a config that does not exist,
/// no file at all.
#[cfg(unix)]
#[test]
fn failing_writers_leave_nothing_beside_the_config() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/x\"}}}\n");
    let dir = env.config.parent().unwrap().to_path_buf();
    // and `restore` with no backups lists none
    for (args, code) in [
        (&["remove", "nope"][..], 2),
        (&["env", "nope", "K=v"], 2),
        (&["disable", "nope"], 2),
        (&["enable", "nope"], 2),
        (&["restore"], 0),
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(code), "{args:?}: {out:?}");
        assert_eq!(files_in(&dir), [FILE], "{args:?} left a file");
    }
    let missing = dir.join("nothere.json");
    for args in [
        &["remove", "a"][..],
        &["env", "a", "K=v"],
        &["disable", "a"],
    ] {
        let mut cmd = env.sb.mcpctl();
        cmd.arg("--config").arg(&missing).args(args);
        let out = env.sb.run(&mut cmd);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert_eq!(files_in(&dir), [FILE], "{args:?} on a missing config");
    }
}

#[test]
fn file_changed_since_read_is_not_overwritten() {
    let env = Env::with("{\"mcpServers\": {}}");
    let as_read = std::fs::read(&env.config).unwrap();
    // another editor (or the app) rewrites the file after mcpctl read it
    env.write("{\"mcpServers\": {\"theirs\": {\"command\": \"/t\"}}}");
    let opts = WriteOptions::for_host(&HostEnv::current());
    let err = write::commit(
        &env.config,
        Some(&as_read),
        "{\"mcpServers\": {\"mine\": {\"command\": \"/m\"}}}",
        &opts,
    )
    .unwrap_err();
    assert!(
        matches!(err, WriteError::ChangedSinceRead { .. }),
        "{err:?}"
    );
    assert!(
        err.message().contains("changed on disk"),
        "{}",
        err.message()
    );
    assert!(err.hint().contains("quit it first"));
    assert!(env.read().contains("theirs"), "their change survives");
    assert!(env.backups().is_empty(), "nothing left behind");
    // and a file that appeared meanwhile is not clobbered either
    let fresh = Env::new();
    std::fs::create_dir_all(fresh.config.parent().unwrap()).unwrap();
    fresh.write("{}");
    let err = write::commit(&fresh.config, None, "{\"mcpServers\": {}}", &opts).unwrap_err();
    assert!(
        matches!(err, WriteError::ChangedSinceRead { .. }),
        "{err:?}"
    );
    assert_eq!(fresh.read(), "{}");
}

/// A folder that cannot be synced after the rename (SMB/CIFS, some FUSE
/// mounts): the file is already replaced, so the write succeeds and keeps
/// the backup of the version it replaced (it used to fail and drop it).
#[test]
fn a_folder_that_cannot_be_synced_keeps_the_write_and_its_backup() {
    let original = with_true(
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/bin/true\", \"env\": {\"K\": \"only-copy\"}},\n    \"b\": {\"command\": \"/bin/true\"}\n  }\n}\n",
    );
    let env = Env::with(&original);
    let mut remove = env.cmd(&["remove", "a"]);
    remove.env(write::FOLDER_SYNC_HOOK_VAR, "1");
    let out = env.sb.run(&mut remove);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let now = strict(&env.read());
    assert!(now["mcpServers"].get("a").is_none(), "{now}");
    let backups = env.backups();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), original);
}

#[test]
fn crash_between_temp_write_and_rename_leaves_the_original() {
    let original =
        with_true("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/bin/true\"}\n  }\n}\n");
    let env = Env::with(&original);
    let mut crash = env.cmd(&["add", "b", "--", true_cmd()]);
    crash.env(write::CRASH_HOOK_VAR, "1");
    let out = env.sb.run(&mut crash);
    // the hook aborts: a signal on Unix; on Windows, which has none, the
    // status of a fast-fail abort (STATUS_STACK_BUFFER_OVERRUN)
    let aborted = if cfg!(windows) {
        Some(0xC000_0409_u32 as i32)
    } else {
        None
    };
    assert_eq!(out.code, aborted, "killed, not exited: {out:?}");
    assert_eq!(env.read(), original, "the original is intact");
    let dir = env.config.parent().unwrap();
    let stray: Vec<String> = files_in(dir)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(stray.len(), 1, "the crash happened after the temp write");
    assert!(
        stray[0].starts_with(&format!(".{FILE}.mcpctl-")),
        "{stray:?}"
    );
    // the stray temp file is never taken for the config: the next run
    // reads the original and adds to it
    let again = env.run(&["add", "c", "--", true_cmd()]);
    assert_eq!(again.code, Some(0), "{}", again.all());
    let text = env.read();
    let v = strict(&text);
    let names: Vec<&String> = v["mcpServers"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["a", "c"]);
}

#[test]
fn backups_rotate_to_ten() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    for i in 0..12 {
        let name = format!("s{i}");
        let out = env.run(&["add", &name, "--", true_cmd()]);
        assert_eq!(out.code, Some(0), "{}", out.all());
        let shown = out.stdout.lines().find(|l| l.contains("backup:")).unwrap();
        let path = shown.split("backup:").nth(1).unwrap().trim();
        assert!(
            Path::new(path).is_file(),
            "printed backup path exists: {path}"
        );
    }
    let backups = env.backups();
    assert_eq!(backups.len(), 10, "{backups:?}");
    // the newest holds the file as it was before the last add
    let newest = std::fs::read_to_string(backups.last().unwrap()).unwrap();
    assert!(newest.contains("\"s10\"") && !newest.contains("\"s11\""));
    let oldest = std::fs::read_to_string(&backups[0]).unwrap();
    assert!(
        oldest.contains("\"s1\"") && !oldest.contains("\"s2\""),
        "{oldest}"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let original =
        with_true("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"/bin/true\"}\n  }\n}\n");
    let env = Env::with(&original);
    let before = mtime(&env.config);
    mcpctl_snapshot!(
        "dry_run_add",
        env.sb,
        &mut env.cmd(&["add", "b", "--dry-run", "--", true_cmd()])
    );
    mcpctl_snapshot!(
        "dry_run_remove",
        env.sb,
        &mut env.cmd(&["remove", "a", "--dry-run"])
    );
    assert_eq!(env.read(), original);
    assert_eq!(mtime(&env.config), before);
    assert!(!env.backups_dir().exists());
    // and on a missing file, dry-run creates neither file nor folder
    let fresh = Env::new();
    mcpctl_snapshot!(
        "dry_run_add_to_missing_file",
        fresh.sb,
        &mut fresh.cmd(&["add", "b", "--dry-run", "--", true_cmd()])
    );
    assert!(!fresh.config.parent().unwrap().exists());
}

#[test]
fn first_add_creates_folder_and_a_valid_file() {
    let env = Env::new();
    assert!(!env.config.parent().unwrap().exists());
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&["add", "memory", "--env", "K=v", "--", true_cmd(), "-y"])
    );
    text_snapshot!("first_add_file", env.sb, env.read());
    strict(&env.read());
    let validate = env.run(&["validate"]);
    assert_eq!(validate.code, Some(0), "{}", validate.all());
    assert!(
        env.backups().is_empty(),
        "nothing to back up the first time"
    );
}

#[test]
fn an_empty_file_is_filled_in() {
    let env = Env::with("\n");
    let out = env.run(&["add", "a", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(
        strict(&env.read())["mcpServers"]["a"]["command"],
        true_cmd()
    );
}

/// A file holding only a byte-order mark and a line break (what
/// PowerShell 5 writes for an empty string) holds nothing to lose: `add`
/// fills it in without the mark, and `doctor --fix` makes it the smallest
/// config, where both refused it before.
#[test]
fn a_file_of_only_a_byte_order_mark_is_blank() {
    let env = Env::with("\u{feff}\r\n");
    let out = env.run(&["add", "a", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(!env.read().starts_with('\u{feff}'));
    assert_eq!(
        strict(&env.read())["mcpServers"]["a"]["command"],
        true_cmd()
    );
    let env = Env::with("\u{feff}\r\n");
    let out = env.run(&["doctor", "--no-launch", "--fix", "--yes"]);
    assert_eq!(env.read(), "{\n  \"mcpServers\": {}\n}\n", "{}", out.all());
}

/// A write that finds the file changed since mcpctl last wrote it (the app
/// or an editor) keeps what mcpctl wrote as a backup, and says where: in
/// the JSON as `kept_last_written`, in the text on a `kept:` line. A write
/// over mcpctl's own last write keeps nothing more (no such key).
#[test]
fn a_write_over_a_changed_file_says_what_mcpctl_wrote_is_kept() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n");
    let first = env.run(&["--json", "add", "b", "--", true_cmd()]);
    assert_eq!(first.code, Some(0), "{}", first.all());
    assert!(
        first.json().get("kept_last_written").is_none(),
        "{}",
        first.stdout
    );
    let wrote = env.read();
    // an editor drops `b` and adds `c`
    let edited = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}, \"c\": {\"command\": \"/bin/true\"}}}\n";
    std::fs::write(&env.config, edited).unwrap();
    let out = env.run(&["--json", "add", "e", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let kept = out.json()["kept_last_written"]
        .as_str()
        .expect("the copy named")
        .to_string();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), wrote);
    assert_ne!(out.json()["backup"].as_str(), Some(kept.as_str()));
    std::fs::write(&env.config, edited).unwrap();
    let text = env.run(&["add", "f", "--", true_cmd()]);
    assert_eq!(text.code, Some(0), "{}", text.all());
    assert!(
        text.stdout.contains(
            "(the file was changed since mcpctl last wrote it: what mcpctl wrote is kept)"
        ),
        "{}",
        text.all()
    );
    assert!(!text.stderr.contains("mcpServers"), "{}", text.all());
}

/// What mcpctl wrote last is kept beside the backups (which hold the
/// versions before each write): after the app replaced the file with its
/// preferences-only stub, the server just added is named lost and put
/// back with the others, though no backup ever held it.
#[test]
fn the_server_added_last_survives_the_app_wiping_the_file() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n");
    let out = env.run(&["add", "z", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    std::fs::write(&env.config, "{\"preferences\": {}}\n").unwrap();
    let doctor = env.run(&["--json", "doctor", "--no-launch"]);
    let v = doctor.json();
    assert_eq!(
        v["app_state"]["wipe"]["lost"],
        serde_json::json!(["a", "z"]),
        "{v:#}"
    );
    let out = env.run(&["restore", "--merge-servers"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    // the write that puts them back does not warn that they are lost
    assert!(
        !out.stderr.contains("when this write found it"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("what mcpctl wrote is kept"),
        "{}",
        out.all()
    );
    let now = strict(&env.read());
    assert_eq!(now["mcpServers"]["z"]["command"], true_cmd(), "{now:#}");
    assert!(now["mcpServers"]["a"].is_object(), "{now:#}");
    assert!(now["preferences"].is_object(), "{now:#}");
    // the copy is no backup: `restore` does not list it
    let list = env.run(&["--json", "restore"]);
    assert!(!list.stdout.contains("last-written"), "{}", list.stdout);

    // wiped again, and a server added before anyone noticed: the copy of
    // the last write (a, z) joins the ring before the new copy replaces it;
    // the newest copy with servers (d) has nothing to merge, and says
    // which backup has the others (it does not bring them back itself:
    // they might have been removed on purpose)
    std::fs::write(&env.config, "{\"preferences\": {}}\n").unwrap();
    let out = env.run(&["add", "d", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let out = env.run(&["restore", "--merge-servers"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stdout.starts_with("nothing to merge: "),
        "{}",
        out.all()
    );
    let older = env.run(&["--json", "restore", "--merge-servers"]).json()["older"].clone();
    assert_eq!(older["merges"], serde_json::json!(["a", "z"]), "{older:#}");
    let index = older["index"].to_string();
    assert!(
        out.stdout
            .contains(&format!(" restore --merge-servers {index}` puts them back")),
        "{}",
        out.all()
    );
    let out = env.run(&["restore", "--merge-servers", &index]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let now = strict(&env.read());
    for name in ["a", "z", "d"] {
        assert!(now["mcpServers"][name].is_object(), "{name}: {now:#}");
    }
}

/// Another program changed the file between two writes: the copy of
/// mcpctl's first write joins the ring dated when it was written, so
/// `restore 1` undoes the second write and keeps the other program's
/// change (it put back the first write's copy, undoing that change).
#[test]
fn restore_1_after_an_outside_change_undoes_the_last_write_only() {
    let env = Env::with("{\n  \"mcpServers\": {},\n  \"preferences\": {\"a\": 1}\n}\n");
    assert_eq!(env.run(&["add", "x", "--", true_cmd()]).code, Some(0));
    let changed = env.read().replace("\"a\": 1", "\"a\": 2");
    std::fs::write(&env.config, &changed).unwrap();
    assert_eq!(env.run(&["add", "y", "--", true_cmd()]).code, Some(0));
    let out = env.run(&["restore", "1"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(env.read(), changed, "{}", out.all());
}

/// After the app wiped the file and one server was added back, ten more
/// writes would push the only backup holding the others out of the ring:
/// pruning spares a backup that holds servers neither the file nor a kept
/// backup has, so `restore --merge-servers` still names it (the newest
/// copy has `a` only), and merges it when named.
#[test]
fn pruning_spares_the_last_backup_of_wiped_servers() {
    let three = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}, \"b\": {\"command\": \"/bin/true\"}, \"c\": {\"command\": \"/bin/true\"}}}\n";
    let env = Env::with(three);
    let out = env.run(&["env", "a", "K=0"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    std::fs::write(&env.config, "{\"preferences\": {}}\n").unwrap();
    let out = env.run(&["add", "a", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    for i in 1..=11 {
        let out = env.run(&["env", "a", &format!("K={i}")]);
        assert_eq!(out.code, Some(0), "{}", out.all());
    }
    // the newest copy with servers has `a` only: the backup from before
    // the wipe is named, and merged when named
    let out = env.run(&["--json", "restore", "--merge-servers"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let older = out.json()["older"].clone();
    assert_eq!(older["merges"], serde_json::json!(["b", "c"]), "{older:#}");
    let out = env.run(&["restore", "--merge-servers", &older["index"].to_string()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let now = strict(&env.read());
    assert!(
        now["mcpServers"]["b"].is_object() && now["mcpServers"]["c"].is_object(),
        "{now:#}"
    );
    // the ring is bounded all the same
    assert!(env.backups().len() <= 20, "{:?}", env.backups());
}

/// `restore --merge-servers` takes the newest copy with servers, never an
/// older backup found by searching back: a server removed on purpose is
/// in every backup from before, and stays removed. The older backup that
/// has it is named, to be merged by its number; running it twice is
/// harmless.
#[test]
fn merge_servers_leaves_a_server_removed_on_purpose_out() {
    let env = Env::with(
        "{\"mcpServers\":{\"a\":{\"command\":\"/bin/true\"},\"b\":{\"command\":\"/bin/true\"}}}\n",
    );
    assert_eq!(env.run(&["remove", "b"]).code, Some(0));
    assert_eq!(env.run(&["add", "c", "--", true_cmd()]).code, Some(0));
    let before = env.read();
    let list = env.run(&["--json", "restore"]).json();
    assert_eq!(list["backups"][0]["servers"], serde_json::json!(["a"]));
    assert_eq!(list["backups"][1]["servers"], serde_json::json!(["a", "b"]));
    let out = env.run(&["--json", "restore", "--merge-servers", "--dry-run"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = out.json();
    assert_eq!(v["merged"], serde_json::json!([]), "{v:#}");
    assert_eq!(v["servers"], serde_json::json!(["a", "c"]), "{v:#}");
    assert_eq!(v["diff"], "", "{v:#}");
    assert_eq!(v["older"]["index"], 2, "{v:#}");
    assert_eq!(v["older"]["merges"], serde_json::json!(["b"]), "{v:#}");
    for _ in 0..2 {
        let out = env.run(&["restore", "--merge-servers"]);
        assert_eq!(out.code, Some(0), "{}", out.all());
        assert!(
            out.stdout.starts_with("nothing to merge: "),
            "{}",
            out.all()
        );
        assert!(
            crate::support::unconfigured(&out.stdout)
                .contains("`mcpctl restore --merge-servers 2` puts it back"),
            "{}",
            out.all()
        );
        assert_eq!(env.read(), before);
    }
    // named, its server is merged; then there is nothing to merge, from
    // the newest copy or an older one
    let out = env.run(&["restore", "--merge-servers", "2"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let after = env.read();
    assert!(strict(&after)["mcpServers"]["b"].is_object(), "{after}");
    let v = env.run(&["--json", "restore", "--merge-servers"]).json();
    assert_eq!(v["merged"], serde_json::json!([]), "{v:#}");
    assert!(v.get("older").is_none(), "{v:#}");
    assert_eq!(env.read(), after);
}

/// When what mcpctl last wrote has no servers (the user removed them all),
/// the app's stub lost nothing: `doctor` raises no config-wiped and
/// `restore --merge-servers` merges nothing (an older backup with a
/// removed server is only named), though the backups from before the
/// removals still have servers.
#[test]
fn a_stub_after_every_server_was_removed_is_no_wipe() {
    let env = Env::with("{\"preferences\":{}}\n");
    for args in [
        &["add", "one", "--", true_cmd()][..],
        &["add", "two", "--", true_cmd()],
        &["remove", "one"],
        &["remove", "two"],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.all());
    }
    assert!(
        strict(&env.read())["mcpServers"]
            .as_object()
            .is_some_and(|m| m.is_empty()),
        "{}",
        env.read()
    );
    // the app writes its stub
    env.write("{\"preferences\":{\"v\":2}}\n");
    let doctor = env.run(&["doctor", "--no-launch"]);
    assert!(!doctor.all().contains("config-wiped"), "{}", doctor.all());
    let out = env.run(&["--json", "restore", "--merge-servers", "--dry-run"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = out.json();
    assert_eq!(v["merged"], serde_json::json!([]), "{v:#}");
    assert_eq!(v["diff"], "", "{v:#}");
    assert_eq!(v["older"]["merges"], serde_json::json!(["two"]), "{v:#}");
    let out = env.run(&["restore", "--merge-servers"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stdout.starts_with("nothing to merge: "),
        "{}",
        out.all()
    );
    assert_eq!(env.read(), "{\"preferences\":{\"v\":2}}\n");
}

/// `restore PATH` of a file mcpctl writes that is no config (the file of
/// disabled entries, an export) is refused, naming the command that uses
/// it; the config is untouched.
#[test]
fn restore_refuses_files_that_are_not_configs() {
    let text = "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}, \"b\": {\"command\": \"/bin/true\"}}}\n";
    let env = Env::with(text);
    let out = env.run(&["disable", "b"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let before = env.read();
    let side = env.config.with_file_name("mcpctl-disabled.json");
    let export = env.config.with_file_name("export.json");
    let out = env.run(&["export", "-o", &export.display().to_string()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    for (file, says) in [(&side, "mcpctl enable NAME"), (&export, "mcpctl import")] {
        let out = env.run(&["restore", &file.display().to_string()]);
        assert_eq!(out.code, Some(2), "{}", out.all());
        assert!(out.stderr.contains("not a config"), "{}", out.all());
        assert!(
            crate::support::unconfigured(&out.stderr).contains(says),
            "{}",
            out.all()
        );
        assert_eq!(env.read(), before);
    }
}

#[test]
fn env_values_never_reach_the_output() {
    let env = Env::with("{\"mcpServers\": {}}\n");
    let kv = format!("API_KEY={SECRET}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["add", "s", "--dry-run", "--env", &kv, "--", true_cmd()],
        vec![
            "--json",
            "add",
            "s",
            "--dry-run",
            "--env",
            &kv,
            "--",
            true_cmd(),
        ],
        vec!["--json", "add", "s", "--env", &kv, "--", true_cmd()],
        vec![
            "add",
            "s",
            "--force",
            "--env",
            "API_KEY=other",
            "--",
            true_cmd(),
        ],
        vec!["--json", "remove", "s", "--dry-run"],
        vec!["remove", "s", "--dry-run"],
        vec!["--json", "restore"],
        vec!["--json", "restore", "1", "--yes"],
        vec!["add", "bad", "--env", SECRET, "--", true_cmd()],
    ];
    for args in &runs {
        let out = env.run(args);
        assert!(
            !out.all().contains(SECRET),
            "{args:?} leaked the secret:\n{}",
            out.all()
        );
    }
    assert!(env.read().contains(SECRET), "the file itself holds it");
    // unless asked
    let out = env.run(&[
        "add",
        "t",
        "--dry-run",
        "--show-secrets",
        "--env",
        &kv,
        "--",
        true_cmd(),
    ]);
    assert!(out.stdout.contains(SECRET), "{}", out.stdout);
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with("{\"mcpServers\": {}}");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env.run(&["add", "a", "--", true_cmd()]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let mode = std::fs::metadata(&env.config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn new_text_that_validate_rejects_is_not_written() {
    // a `$VAR` in "command" is an error validate reports (nobody expands it)
    let env = Env::with("{\"mcpServers\": {}}");
    mcpctl_snapshot!(
        env.sb,
        &mut env.cmd(&["add", "var", "--", "$HOME/bin/server"])
    );
    assert_eq!(env.read(), "{\"mcpServers\": {}}");
    // but an error the file already had does not block an unrelated edit
    let lint = LintContext::for_host(&HostEnv::current());
    let old = "{\"mcpServers\": {\"rel\": {\"command\": \"./x\"}}}";
    let new = with_true(
        "{\"mcpServers\": {\"rel\": {\"command\": \"./x\"}, \"b\": {\"command\": \"/bin/true\"}}}",
    );
    let p = Path::new(FILE);
    assert!(write::blocking_errors(p, Some(old), &new, Require::NoNewErrors, &lint).is_empty());
    assert!(!write::blocking_errors(p, None, &new, Require::NoNewErrors, &lint).is_empty());
}

#[cfg(unix)]
use crate::support::setpriv_as_root;

/// A fresh folder under /tmp (which `nobody` can reach) with `mode`.
#[cfg(unix)]
fn tmp_folder(prefix: &str, mode: u32) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    dir
}

/// `mcpctl --config CONFIG ARGS...` as `nobody` (HOME `home`, stdin
/// closed): its exit code and stderr.
#[cfg(unix)]
fn run_as_nobody(
    setpriv: &Path,
    config: &Path,
    home: &Path,
    args: &[&str],
) -> (Option<i32>, String) {
    let out = nobody_output(setpriv, config, home, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run_as_nobody`]'s whole output.
#[cfg(unix)]
fn nobody_output(
    setpriv: &Path,
    config: &Path,
    home: &Path,
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(crate::support::mcpctl_bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .env("HOME", home)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// An unprivileged user (run through `setpriv` as `nobody`, which needs
/// root to start) writes files of their own: a new config in a shared
/// sticky folder someone else owns, and a config they own whose group
/// they are not in (it takes theirs). A config someone else owns is still
/// refused: writing it would take it from them.
#[cfg(unix)]
#[test]
fn an_unprivileged_user_writes_files_of_their_own() {
    use std::os::unix::fs::MetadataExt;
    const NOBODY: u32 = 65534;
    let Some(setpriv) = setpriv_as_root("an_unprivileged_user_writes_files_of_their_own") else {
        return;
    };
    let shared = tmp_folder("mcpctl-e2e-shared.", 0o1777);
    let as_nobody = |config: &Path| {
        run_as_nobody(
            &setpriv,
            config,
            shared.path(),
            &["add", "a", "--", true_cmd()],
        )
    };
    let new = shared.path().join("sub/claude_desktop_config.json");
    let (code, err) = as_nobody(&new);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(std::fs::metadata(&new).unwrap().uid(), NOBODY);
    let theirs = shared.path().join("theirs.json");
    std::fs::write(&theirs, "{\"mcpServers\": {}}\n").unwrap();
    std::os::unix::fs::chown(&theirs, Some(NOBODY), Some(0)).unwrap();
    let (code, err) = as_nobody(&theirs);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(std::fs::metadata(&theirs).unwrap().uid(), NOBODY);
    assert!(strict(&std::fs::read_to_string(&theirs).unwrap())["mcpServers"]["a"].is_object());
    let roots = shared.path().join("roots.json");
    std::fs::write(&roots, "{\"mcpServers\": {}}\n").unwrap();
    let (code, err) = as_nobody(&roots);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("run mcpctl as the file's owner"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&roots).unwrap(),
        "{\"mcpServers\": {}}\n"
    );
}

/// In a folder the user may not write to, what only reads still works
/// (`env NAME`, `restore`'s list, `--dry-run`); a write fails at its lock,
/// saying why, and the file stays as it was.
#[cfg(unix)]
#[test]
fn a_folder_one_may_not_write_to_still_lets_one_read() {
    use std::os::unix::fs::PermissionsExt;
    let Some(setpriv) = setpriv_as_root("a_folder_one_may_not_write_to_still_lets_one_read") else {
        return;
    };
    let dir = tmp_folder("mcpctl-e2e-readonly.", 0o755);
    let config = dir.path().join("c.json");
    let text = "{\n  \"mcpServers\": {\n    \"ex\": {\"command\": \"/bin/true\", \"env\": {\"K\": \"v\"}}\n  }\n}\n";
    std::fs::write(&config, text).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let as_nobody = |args: &[&str]| run_as_nobody(&setpriv, &config, dir.path(), args);
    for args in [
        &["env", "ex"][..],
        &["restore"],
        &["remove", "ex", "--dry-run"],
        &["doctor", "--no-launch", "--fix", "--dry-run"],
    ] {
        let (code, err) = as_nobody(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
    }
    let (code, err) = as_nobody(&["remove", "ex"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("could not lock"), "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
}

/// A config made read-only (often to keep the app from rewriting it) is
/// not replaced behind the user's back: a rename would go round the mode.
#[test]
fn a_read_only_config_is_refused_not_replaced() {
    let text = with_true("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n");
    let env = Env::with(&text);
    let mut ro = std::fs::metadata(&env.config).unwrap().permissions();
    ro.set_readonly(true);
    std::fs::set_permissions(&env.config, ro).unwrap();
    for args in [
        &["env", "a", "K=1"][..],
        &["remove", "a"],
        &["add", "b", "--", true_cmd()],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(out.stderr.contains("it is read-only"), "{out:?}");
        assert!(
            out.stderr.contains("hint: make it writable first"),
            "{out:?}"
        );
        assert_eq!(env.read(), text);
    }
    assert!(env.backups().is_empty());
}

/// `path` says a config its user cannot open is unusable (as every reader
/// then refuses it), not merely that it exists. Run as `nobody`: root
/// opens any file.
#[cfg(unix)]
#[test]
fn path_says_an_unreadable_config_is_unusable() {
    use std::os::unix::fs::PermissionsExt;
    let Some(setpriv) = setpriv_as_root("path_says_an_unreadable_config_is_unusable") else {
        return;
    };
    let dir = tmp_folder("mcpctl-e2e-noread.", 0o755);
    let config = dir.path().join("claude_desktop_config.json");
    std::fs::write(&config, "{\"mcpServers\": {}}\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = nobody_output(&setpriv, &config, dir.path(), &["--json", "path"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["exists"], true, "{doc}");
    let unusable = doc["unusable"]["message"].as_str().unwrap_or_default();
    assert!(unusable.contains("Permission denied"), "{doc}");
}

/// `sudo mcpctl add` in a user's folder, the config new: the backups
/// folder that write made is the user's too, so the user's next writes
/// work (they failed with "could not save a backup: Permission denied").
#[cfg(unix)]
#[test]
fn a_write_as_root_leaves_the_user_a_backups_folder_of_their_own() {
    use std::os::unix::fs::MetadataExt;
    const NOBODY: u32 = 65534;
    let Some(setpriv) =
        setpriv_as_root("a_write_as_root_leaves_the_user_a_backups_folder_of_their_own")
    else {
        return;
    };
    let dir = tmp_folder("mcpctl-e2e-sudo.", 0o755);
    std::os::unix::fs::chown(dir.path(), Some(NOBODY), Some(NOBODY)).unwrap();
    let config = dir.path().join("claude_desktop_config.json");
    let out = std::process::Command::new(crate::support::mcpctl_bin())
        .arg("--config")
        .arg(&config)
        .args(["add", "s1", "--", true_cmd()])
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let backups = dir.path().join("mcpctl-backups");
    assert_eq!(std::fs::metadata(&backups).unwrap().uid(), NOBODY);
    let (code, err) = run_as_nobody(
        &setpriv,
        &config,
        dir.path(),
        &["add", "s2", "--", true_cmd()],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(strict(&std::fs::read_to_string(&config).unwrap())["mcpServers"]["s2"].is_object());
}
