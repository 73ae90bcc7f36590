//! When Claude Desktop appears to be running, a write to the file it reads
//! warns that the app reads the file only at launch and may rewrite it; a
//! write to another file (`--config` elsewhere) does not. Uses a real
//! process named `Claude` (a copy of `sleep`) while holding the suite's
//! [`FakeApp`] lock, so no other test's run sees it.
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

    let fake = env.sb.root().join("app/Claude");
    std::fs::create_dir(fake.parent().unwrap()).unwrap();
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    let lock = FakeApp::lock();
    let mut app = std::process::Command::new(&fake)
        .arg("30")
        .spawn()
        .expect("start fake app");
    let running = env.sb.run(&mut app_cmd(&["add", "b", "--", "/bin/true"]));
    let json = env.sb.run(&mut app_cmd(&["--json", "remove", "b"]));
    // a file the app does not read: nothing to warn about
    let elsewhere = env.run(&["add", "c", "--", "/bin/true"]);
    let _ = app.kill();
    let _ = app.wait();
    drop(lock);

    // snapshots taken once the fake app is gone
    text_snapshot!("running", env.sb, running.transcript());
    text_snapshot!("running_json", env.sb, json.transcript());
    assert_eq!(elsewhere.code, Some(0), "{}", elsewhere.transcript());
    assert!(
        !elsewhere.transcript().contains("running"),
        "{}",
        elsewhere.transcript()
    );
}
