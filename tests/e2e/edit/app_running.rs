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
    let out = env.run(&["add", "a", "--", "/bin/true"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stdout.contains("Restart Claude Desktop"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stderr.contains("appears to be running"),
        "{}",
        out.stderr
    );

    let fake = env.sb.root().join("app/Claude");
    std::fs::create_dir(fake.parent().unwrap()).unwrap();
    std::fs::copy("/bin/sleep", &fake).expect("copy sleep");
    let lock = FakeApp::lock();
    let mut app = std::process::Command::new(&fake)
        .arg("30")
        .spawn()
        .expect("start fake app");
    let out = env.run(&["add", "b", "--", "/bin/true"]);
    let json = env.run(&["--json", "remove", "b"]);
    let _ = app.kill();
    let _ = app.wait();
    drop(lock);

    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(
        out.stderr
            .contains("Claude Desktop appears to be running (Claude (pid"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("reads this file only at launch"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("restart"), "{}", out.stderr);
    assert!(
        json.json()["app_running"]
            .as_str()
            .unwrap()
            .starts_with("Claude (pid")
    );
}
