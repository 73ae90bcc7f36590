//! When Claude Desktop appears to be running, a write to the file it reads
//! warns that the app reads the file only at launch and may rewrite it; a
//! write to another file (`--config` elsewhere) does not. The app is a
//! real process named `Claude` (a copy of `sleep`) holding the app's lock
//! in the sandbox's data folder ([`FakeApp`]); a lock it left behind when
//! it stopped is stale and warns of nothing.
#![cfg(target_os = "linux")]

use super::{Env, FILE};
use crate::support::FakeApp;

#[test]
fn warns_when_the_desktop_app_runs() {
    let env = Env::with("{\"mcpServers\": {}}");
    // the file the app itself reads here (Linux: ~/.config/Claude/)
    let app_file = env.sb.home().join(".config/Claude").join(FILE);
    env.sb.write(&app_file, "{\"mcpServers\": {}}");
    let app_cmd = |args: &[&str]| {
        let mut c = env.sb.mcpctl();
        c.args(args);
        c
    };
    mcpctl_snapshot!(
        "not_running",
        env.sb,
        &mut app_cmd(&["add", "a", "--", "/bin/true"])
    );

    let app = FakeApp::start(&env.sb, app_file.parent().unwrap());
    let running = env.sb.run(&mut app_cmd(&["add", "b", "--", "/bin/true"]));
    let json = env.sb.run(&mut app_cmd(&["--json", "remove", "b"]));
    // a file the app does not read: nothing to warn about
    let elsewhere = env.run(&["add", "c", "--", "/bin/true"]);
    let doctor = env
        .sb
        .run(&mut app_cmd(&["--json", "doctor", "--no-launch"]));
    // custom-inference mode's file beside it: the app (its lock in
    // Claude-3p) reads and rewrites it too
    let third = env.sb.home().join(".config/Claude-3p").join(FILE);
    env.sb.write(&third, "{\"mcpServers\": {}}");
    let app3p = FakeApp::start(&env.sb, third.parent().unwrap());
    let mut c = env.sb.mcpctl();
    c.arg("--config")
        .arg(&third)
        .args(["add", "t", "--", "/bin/true"]);
    let in_3p = env.sb.run(&mut c);
    drop(app3p);
    assert!(
        in_3p
            .stderr
            .contains("Claude Desktop appears to be running"),
        "{}",
        in_3p.transcript()
    );
    // a crash leaves the lock behind, naming a process that is gone
    let lock = app_file.with_file_name("SingletonLock");
    let target = std::fs::read_link(&lock).unwrap();
    drop(app);
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let stale = env.sb.run(&mut app_cmd(&["add", "d", "--", "/bin/true"]));

    // snapshots taken once the fake app is gone
    text_snapshot!("running", env.sb, running.transcript());
    text_snapshot!("running_json", env.sb, json.transcript());
    assert_eq!(elsewhere.code, Some(0), "{}", elsewhere.transcript());
    assert!(
        !elsewhere.transcript().contains("running"),
        "{}",
        elsewhere.transcript()
    );
    let report: serde_json::Value = serde_json::from_str(&doctor.stdout).expect("doctor's JSON");
    assert_eq!(report["app"]["running"], true, "{}", doctor.transcript());
    assert_eq!(stale.code, Some(0), "{}", stale.transcript());
    assert!(
        !stale.transcript().contains("running"),
        "{}",
        stale.transcript()
    );
}
