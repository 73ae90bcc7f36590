//! What the app recorded, for the commands that use it (`logs`, `doctor`,
//! `test-launch`): Claude Desktop's logs read for the config's servers
//! (`app::logs`), the secrets to mask in the lines they quote, and the
//! hand-over of each server's logged PATH to its launch spec
//! (`--app-path-from-logs`). `app` never imports `probe`: the two meet
//! here, in one field of the spec.
//!
//! Precedence of the PATH an app launch gets: the entry's own `env.PATH`,
//! then `MCPCTL_APP_PATH` (a deliberate override: when it is set nothing
//! here touches the specs), then the PATH the app logged for that server,
//! then the OS profile's guess (`platform::launch`).

use std::io;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::app::logs::{self, LogsReport, ReadOptions, RealLogFs, Session, Time};
use crate::config::model::ServerEntry;
use crate::platform::HostEnv;
use crate::platform::launch::{APP_PATH_OVERRIDE, LoggedPath};
use crate::probe::LaunchSpec;

/// Read the app's logs, looking for `names` (the config's servers, so a
/// quiet server started days before a noisy one is still found).
pub fn read(host: &HostEnv, names: &[String], since: Option<Time>) -> io::Result<LogsReport> {
    let opts = ReadOptions {
        names: names.to_vec(),
        since,
        ..ReadOptions::default()
    };
    logs::read(host, &RealLogFs, &opts)
}

/// The logs folder as the machine survey reports it (`app.logs_dir`):
/// the folder read, or the first place looked when none exists.
pub fn folder(host: &HostEnv, report: Option<&LogsReport>) -> (Option<PathBuf>, bool) {
    let location = match report {
        Some(r) => r.location.clone(),
        None => logs::locate(host, &RealLogFs),
    };
    match location.chosen {
        Some(f) => (Some(f.path), true),
        None => (location.looked_in.first().cloned(), false),
    }
}

/// `--since D` as an instant.
pub fn since(d: Option<std::time::Duration>) -> Option<Time> {
    d.map(|d| Time::before(SystemTime::now(), d))
}

/// The config's env values and the secrets in its args (`--api-key X`, a
/// URL's password, also in its Basic form, a known token): masked wherever the logs quote them
/// (the app logs each server's command line, and servers echo their
/// environment to stderr), as `list` masks them.
pub fn secrets(servers: &[ServerEntry]) -> Vec<String> {
    let mut v: Vec<String> = servers
        .iter()
        .flat_map(|s| {
            s.env
                .iter()
                .map(|(_, v)| v.clone())
                .chain(crate::secrets::values(&s.args))
                // a URL's credentials as a bridge sends them (Basic),
                // which it logs when it prints its request headers
                .chain(
                    s.args
                        .iter()
                        .filter_map(|a| crate::urls::basic_credentials(a)),
                )
        })
        .filter(|v| !v.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The PATH the app logged giving `s`, when it logged a whole one (an
/// inspect dump that elided entries, `... 5 more items`, is not a PATH).
pub fn logged_path(s: &Session, host: &HostEnv) -> Option<LoggedPath> {
    let c = s.command.as_ref().filter(|c| !c.truncated)?;
    Some(LoggedPath {
        path: logs::logged_path(c, host.os)?,
        logged_at: s.started_at.map(|t| t.rfc3339()),
        file: s.source.display().to_string(),
    })
}

/// [`calibrate`] from the logs read for `specs` alone: a log that cannot
/// be read leaves the OS profile's PATH (test-launch, call).
pub fn calibrate_from_logs(specs: &mut [LaunchSpec], host: &HostEnv) {
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    if let Ok(report) = read(host, &names, None) {
        calibrate(specs, &report, host);
    }
}

/// Give each spec the PATH the app logged for that server. Nothing when
/// `MCPCTL_APP_PATH` is set: it wins (see the module comment).
pub fn calibrate(specs: &mut [LaunchSpec], report: &LogsReport, host: &HostEnv) {
    if host.var(APP_PATH_OVERRIDE).is_some() {
        return;
    }
    for spec in specs {
        // the entry's own PATH wins, in the app as in the probe (spelt
        // `PATH`: another spelling is no PATH, or dropped on Windows)
        if crate::platform::launch::sets_path(spec.env.iter().map(|(k, _)| k.as_str())) {
            continue;
        }
        spec.app_path = report
            .sessions
            .servers
            .iter()
            .find(|s| s.server == spec.name)
            .and_then(|s| logged_path(s, host));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::{LaunchCommand, LogFolders, Sessions};
    use crate::platform::Os;
    use std::path::PathBuf;

    fn host(os: Os, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, None, vars)
    }

    /// A bridge's URL password is masked in the logs as written and as
    /// the Basic header a bridge logs sending.
    #[test]
    fn a_url_password_is_a_logs_secret_in_its_basic_form_too() {
        let text = r#"{"mcpServers": {"b": {"command": "npx",
            "args": ["-y", "mcp-remote", "https://bob:brid9epw@h.example/mcp"]}}}"#;
        let doc =
            crate::config::syntax::parse(&crate::config::source::Source::from_text("c.json", text));
        let servers = crate::config::model::servers(doc.root.as_ref().unwrap());
        let line = "[12345] Authorization: Basic Ym9iOmJyaWQ5ZXB3";
        assert_eq!(
            logs::mask_secrets(line, &secrets(&servers)),
            "[12345] Authorization: Basic ****"
        );
    }

    fn spec(name: &str) -> LaunchSpec {
        LaunchSpec {
            name: name.into(),
            command: "npx".into(),
            args: Vec::new(),
            env: Vec::new(),
            app_path: None,
        }
    }

    /// A report holding one session per (name, PATH entries, truncated).
    fn report(sessions: &[(&str, &[&str], bool)]) -> LogsReport {
        let line =
            "2026-09-02T07:58:10.212Z [info] [x] Initializing server... { metadata: undefined }";
        let started =
            crate::app::logs::time::parse_stamp(line.as_bytes(), logs::time::utc).map(|s| s.at);
        let servers = sessions
            .iter()
            .map(|(name, path, truncated)| Session {
                server: name.to_string(),
                source: PathBuf::from("/logs/mcp.log"),
                also_from: Vec::new(),
                complete: true,
                started_at: started,
                last_at: started,
                command: Some(LaunchCommand {
                    command: "/opt/homebrew/bin/npx".into(),
                    args: Vec::new(),
                    path: path.iter().map(|p| p.to_string()).collect(),
                    truncated: *truncated,
                }),
                built_in_node: false,
                era: None,
                lanes: logs::Lanes {
                    chat: logs::LaneOutcome {
                        state: logs::LaneState::Connected,
                        at: started,
                        reason: None,
                    },
                    cowork: logs::LaneOutcome {
                        state: logs::LaneState::NotLogged,
                        at: None,
                        reason: None,
                    },
                },
                tool_schema_refusals: Vec::new(),
                stderr_tail: Vec::new(),
                messages: logs::MessageStats::default(),
                events: Vec::new(),
                start_offset: Some(0),
            })
            .collect();
        LogsReport {
            location: LogFolders {
                chosen: None,
                reason: String::new(),
                others: Vec::new(),
                looked_in: Vec::new(),
            },
            sessions: Sessions {
                servers,
                ..Sessions::default()
            },
        }
    }

    #[test]
    fn each_server_gets_the_path_the_app_logged_for_it() {
        let r = report(&[
            ("a", &["/usr/local/bin", "/opt/homebrew/bin"], false),
            ("b", &[], false),
            ("c", &["/usr/bin"], true),
        ]);
        let mut specs = vec![spec("a"), spec("b"), spec("c"), spec("d")];
        calibrate(&mut specs, &r, &host(Os::MacOs, &[]));
        let a = specs[0].app_path.as_ref().expect("a logged PATH");
        assert_eq!(a.path, "/usr/local/bin:/opt/homebrew/bin");
        assert_eq!(a.logged_at.as_deref(), Some("2026-09-02T07:58:10.212Z"));
        assert_eq!(a.file, "/logs/mcp.log");
        assert!(specs[1].app_path.is_none(), "no PATH logged");
        assert!(specs[2].app_path.is_none(), "an elided PATH is not a PATH");
        assert!(specs[3].app_path.is_none(), "never started");
        // Windows joins with `;`
        let mut specs = vec![spec("a")];
        calibrate(&mut specs, &r, &host(Os::Windows, &[]));
        assert_eq!(
            specs[0].app_path.as_ref().map(|p| p.path.as_str()),
            Some("/usr/local/bin;/opt/homebrew/bin")
        );
    }

    #[test]
    fn mcpctl_app_path_wins_over_the_logs() {
        let r = report(&[("a", &["/usr/bin"], false)]);
        let mut specs = vec![spec("a")];
        calibrate(
            &mut specs,
            &r,
            &host(Os::Linux, &[(APP_PATH_OVERRIDE, "/custom")]),
        );
        assert!(specs[0].app_path.is_none());
    }
}
