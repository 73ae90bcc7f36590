//! Launch results as a report: `test-launch`'s run (and each server's
//! launch inside `doctor`'s report), in the stable JSON shape of
//! docs/json/test-launch.md. Env values are masked in the `env` object
//! unless `--show-secrets`, when the model is built; wherever else a value
//! shows up (a message, a quoted line, stderr) the output layer masks it
//! (`secrets`), as in every other report. Pure: probe reports in, models
//! out; `report::text::launch` renders the text.

use std::time::Duration;

use serde::Serialize;

use super::EnvMap;
use crate::platform::Os;
use crate::probe::{
    Capabilities, Counts, Discover, EnvMode, ExitInfo, Leftover, Phase, ProbeReport, ServerInfo,
    ShellComparison, StdoutKind, Timings, Verdict,
};
/// What every launch in one run shared (the head of the JSON document).
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub config: String,
    pub env_mode: EnvMode,
    #[serde(rename = "os_profile")]
    pub os: Os,
    pub path_used: String,
    pub cwd_used: String,
    /// Errors in the config file (the servers were recovered anyway).
    pub config_errors: usize,
    /// Where the app's strict JSON parser rejects the file (`line L:C:
    /// why`): then the app starts none of the servers.
    pub config_parse_error: Option<String>,
}

/// One server's launch: the per-server object of
/// docs/json/test-launch.md (contract order; `env` masked unless shown).
#[derive(Debug, Clone, Serialize)]
pub struct ServerLaunch {
    pub name: String,
    pub ok: bool,
    pub verdict: Verdict,
    pub message: String,
    pub hint: Option<String>,
    pub command: String,
    pub args: Vec<String>,
    pub env: EnvMap,
    pub resolved_command: Option<String>,
    pub phase: Option<Phase>,
    pub server_info: Option<ServerInfo>,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Capabilities>,
    pub counts: Counts,
    pub bad_tool_names: Vec<String>,
    pub discover: Option<Discover>,
    pub timings_ms: Timings,
    pub exit: Option<ExitInfo>,
    pub stdout_line: Option<String>,
    pub stdout_kind: Option<StdoutKind>,
    pub stderr_tail: Vec<String>,
    pub leftover: Vec<Leftover>,
    pub shell_comparison: Option<ShellComparison>,
}

impl ServerLaunch {
    /// The report as shown: env values masked unless `show`.
    pub fn new(r: &ProbeReport, show: bool) -> ServerLaunch {
        let r = r.clone();
        ServerLaunch {
            env: EnvMap::shown(&r.env, show),
            name: r.name,
            ok: r.ok,
            verdict: r.verdict,
            message: r.message,
            hint: r.hint,
            command: r.command,
            args: r.args,
            resolved_command: r.resolved_command,
            phase: r.phase,
            server_info: r.server_info,
            protocol_version: r.protocol_version,
            capabilities: r.capabilities,
            counts: r.counts,
            bad_tool_names: r.bad_tool_names,
            discover: r.discover,
            timings_ms: r.timings_ms,
            exit: r.exit,
            stdout_line: r.stdout_line,
            stdout_kind: r.stdout_kind,
            stderr_tail: r.stderr_tail,
            leftover: r.leftover,
            shell_comparison: r.shell_comparison,
        }
    }
}

/// The whole `test-launch` run: docs/json/test-launch.md.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchRun {
    #[serde(flatten)]
    pub info: RunInfo,
    pub servers: Vec<ServerLaunch>,
    pub summary: Summary,
    /// The wall time, exactly (the text shows it in ms or s).
    #[serde(skip)]
    pub wall: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub ok: usize,
    pub failed: usize,
    pub wall_ms: u64,
}

impl LaunchRun {
    pub fn new(info: RunInfo, reports: &[ProbeReport], wall: Duration, show: bool) -> LaunchRun {
        let ok = reports.iter().filter(|r| r.ok).count();
        LaunchRun {
            info,
            servers: reports.iter().map(|r| ServerLaunch::new(r, show)).collect(),
            summary: Summary {
                total: reports.len(),
                ok,
                failed: reports.len() - ok,
                wall_ms: u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
            },
            wall,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::probe::{LaunchSpec, ProbeOptions};
    use serde_json::json;

    pub(crate) fn failing_report() -> ProbeReport {
        // A command that cannot exist, probed for real (cheap: no spawn).
        let spec = LaunchSpec {
            name: "weather".into(),
            command: "definitely-not-a-command-mcpctl".into(),
            args: vec!["--key".into(), "sk-secret-123".into()],
            env: vec![("API_KEY".into(), "sk-secret-123".into())],
        };
        let host = crate::platform::HostEnv {
            os: Os::Linux,
            home: None,
            vars: [("PATH".to_string(), "/nonexistent".to_string())].into(),
            cwd: "/".into(),
        };
        let opts = ProbeOptions {
            compare_shell: false,
            ..ProbeOptions::default()
        };
        crate::probe::probe(&spec, &opts, &host)
    }

    /// The JSON as the output layer writes it: the entry's env values
    /// are the run's secrets.
    fn server_json(r: &ProbeReport, show: bool) -> serde_json::Value {
        let mut secrets = crate::secrets::Secrets::none();
        if !show {
            for (k, v) in &r.env {
                secrets.add(Some(k), v);
            }
        }
        let text = crate::report::json::render_masked(&ServerLaunch::new(r, show), &secrets);
        serde_json::from_str(&text).unwrap_or_default()
    }

    #[test]
    fn json_masks_env_and_keeps_contract_order() {
        let mut r = failing_report();
        r.stderr_tail = vec!["using key sk-secret-123".into()];
        let v = server_json(&r, false);
        assert_eq!(v["env"]["API_KEY"], json!("****"));
        assert_eq!(v["verdict"], json!("command-not-found"));
        assert_eq!(v["phase"], json!("spawn"));
        assert_eq!(v["stderr_tail"][0], json!("using key ****"));
        let keys: Vec<String> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let pos = |k: &str| keys.iter().position(|x| x == k);
        assert_eq!(pos("env"), pos("args").map(|p| p + 1));
        assert!(pos("shell_comparison").is_some());
        let shown = server_json(&r, true);
        assert_eq!(shown["env"]["API_KEY"], json!("sk-secret-123"));
    }

    #[test]
    fn a_secret_cut_off_by_truncation_is_masked_too() {
        let mut r = failing_report();
        r.stdout_line = Some(format!("{} key=sk-secr…", "x".repeat(190)));
        r.stderr_tail = vec!["using sk-secret-123".into(), "auth sk…".into()];
        r.message = "last stderr line: sk-secret-1… and more".into();
        let v = server_json(&r, false);
        let line = v["stdout_line"].as_str().unwrap_or_default();
        assert!(line.ends_with(" key=****…"), "{line}");
        assert_eq!(v["stderr_tail"], json!(["using ****", "auth sk…"]));
        assert_eq!(v["message"], json!("last stderr line: ****… and more"));
    }
}
