//! When Claude Desktop appears to be running, a write warns that the app
//! reads the file only at launch and may rewrite it. Uses a real process
//! named `Claude` (a copy of `sleep`) while holding the suite's
//! [`FakeApp`] lock, so no other test's run sees it.
#![cfg(target_os = "linux")]

use super::Env;
use crate::support::FakeApp;

#[test]
fn warns_when_the_desktop_app_runs() {
    let env = Env::with("{\"mcpServers\": {}}");
    mcpctl_snapshot!(
        "not_running",
        env.sb,
        &mut env.cmd(&["add", "a", "--", "/bin/true"])
    );

    let fake = env.sb.root().join("app/Claude");
    std::fs::create_dir(fake.parent().unwrap()).unwrap();
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    let lock = FakeApp::lock();
    let mut app = std::process::Command::new(&fake)
        .arg("30")
        .spawn()
        .expect("start fake app");
    let running = env.run(&["add", "b", "--", "/bin/true"]);
    let json = env.run(&["--json", "remove", "b"]);
    let _ = app.kill();
    let _ = app.wait();
    drop(lock);

    // snapshots taken once the fake app is gone
    text_snapshot!("running", env.sb, running.transcript());
    text_snapshot!("running_json", env.sb, json.transcript());
}
