//! Launch results as a report: `test-launch`'s run (and each server's
//! launch inside `doctor`'s report), in the stable JSON shape of
//! docs/json/test-launch.md; a Desktop Extension's launch from its manifest
//! ([`ExtensionLaunch`], docs/json/inventory.md) wraps the same result. Env
//! values are masked unless `--show-secrets`, when the model is built: in
//! the `env` object, and in its free text (a message, a quoted line,
//! stderr) through `secrets`, the function the output layer also applies
//! to everything it writes. Pure: probe reports in, models out; `report::text::launch`
//! renders the text.

use std::time::Duration;

use serde::Serialize;

use super::EnvMap;
use super::failure::AtJson;
use crate::app::extensions::launch::LaunchDescription;
use crate::app::extensions::{Extension, Runtime};
use crate::machine::{Finding, Level};
use crate::platform::Os;
use crate::platform::launch::LoggedPath;
use crate::probe::http::RemoteFacts;
use crate::probe::{
    Capabilities, ContextCost, Counts, Discover, EnvMode, ExitInfo, LaneReports, Leftover, Phase,
    ProbeReport, ServerInfo, ShellComparison, StdoutKind, Timings, ToolInfo, Verdict,
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
    /// Where that is, present only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_parse_error_at: Option<AtJson>,
}

/// A copy of the report with every env value of the entry, and every
/// secret in its args (`crate::secrets`), masked (unless `show`): in `args`
/// and in free text, through the one masking function, so the model is
/// safe on its own (an extension's launch carries env values the config
/// does not), whatever secrets the output layer was also given.
pub fn redacted(r: &ProbeReport, show: bool) -> ProbeReport {
    let mut r = r.clone();
    if show {
        return r;
    }
    let secrets = secrets(&r);
    r.args = super::args_shown(&r.args, false);
    if secrets.is_empty() {
        return r;
    }
    let hide = |s: &str| secrets.mask(s).into_owned();
    r.message = hide(&r.message);
    r.hint = r.hint.as_deref().map(hide);
    r.stdout_line = r.stdout_line.as_deref().map(hide);
    r.stderr_tail = r.stderr_tail.iter().map(|l| hide(l)).collect();
    if let Some(d) = &mut r.discover {
        d.error = d.error.as_deref().map(hide);
    }
    if let Some(c) = &mut r.shell_comparison {
        c.differences = c.differences.iter().map(|l| hide(l)).collect();
    }
    for lane in &mut r.lanes.0 {
        lane.message = hide(&lane.message);
        lane.hint = lane.hint.as_deref().map(hide);
        lane.stderr_tail = lane.stderr_tail.iter().map(|l| hide(l)).collect();
        if let Some(era) = &mut lane.era {
            era.detail = hide(&era.detail);
        }
        if let Some(second) = &mut lane.second_copy {
            second.line = second.line.as_deref().map(hide);
        }
    }
    if let Some(p) = &mut r.app_path {
        p.path = hide(&p.path);
    }
    r
}

/// What to hunt for in an entry's free text: its env values, named by
/// their keys, and the secrets in its args (`crate::secrets`).
pub fn secrets(r: &ProbeReport) -> crate::secrets::Secrets {
    let mut secrets = crate::secrets::Secrets::none();
    for (k, v) in &r.env {
        secrets.add(Some(k), v);
    }
    for a in crate::secrets::in_args(&r.args) {
        if let Some(v) = r.args[a.arg].get(a.range) {
            secrets.add(Some(&a.label), v);
        }
    }
    secrets
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
    /// A `resources/list` or `prompts/list` error the app goes on after
    /// (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listing_errors: Vec<String>,
    /// What the app lets pass and other MCP clients may not: a reply
    /// whose id only the app's client matches (`"0"` for `0`); absent
    /// when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerated: Vec<String>,
    /// With `--tools` only: each listed tool's name and description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<ToolInfo>>,
    pub discover: Option<Discover>,
    pub timings_ms: Timings,
    pub exit: Option<ExitInfo>,
    pub stdout_line: Option<String>,
    pub stdout_kind: Option<StdoutKind>,
    pub stderr_tail: Vec<String>,
    pub leftover: Vec<Leftover>,
    pub shell_comparison: Option<ShellComparison>,
    pub lanes: LaneReports,
    pub context: Option<ContextCost>,
    /// The PATH the app logged giving this server, when the launch used it
    /// instead of the OS profile's (`--app-path-from-logs`).
    pub path_from_logs: Option<LoggedPath>,
    /// Remote servers (docs/json/test-launch.md, "Remote servers").
    pub remote: Option<RemoteFacts>,
}

impl ServerLaunch {
    /// Add the tools the server listed (`--tools`), env values masked in
    /// their descriptions unless `show`.
    pub fn add_tools(&mut self, r: &ProbeReport, show: bool) {
        let secrets = if show {
            crate::secrets::Secrets::none()
        } else {
            secrets(r)
        };
        let hide = |s: &str| secrets.mask(s).into_owned();
        let tools = r
            .tools
            .iter()
            .map(|t| ToolInfo {
                name: hide(&t.name),
                description: t.description.as_deref().map(hide),
            })
            .collect();
        self.tools = Some(tools);
    }

    /// The report as shown: env values masked unless `show`; the words
    /// (`message`, `hint`, each lane's and its era's) one line each, tabs
    /// shown,
    /// whatever server text they quote (a protocol version, a tool name, a
    /// discover answer): a line break in them cannot start a line of the
    /// report, nor a workflow command under `--format github`.
    pub fn new(r: &ProbeReport, show: bool) -> ServerLaunch {
        let mut r = redacted(r, show);
        // a tab too (`escape::name`): in a sentence it reads as spaces
        // that are not there (`C:\tools` written with one backslash)
        let line = |s: &mut String| {
            if let std::borrow::Cow::Owned(o) = crate::escape::name(s) {
                *s = o;
            }
        };
        line(&mut r.message);
        if let Some(h) = r.hint.as_mut() {
            line(h);
        }
        for lane in &mut r.lanes.0 {
            line(&mut lane.message);
            if let Some(h) = lane.hint.as_mut() {
                line(h);
            }
            if let Some(era) = &mut lane.era {
                line(&mut era.detail);
            }
        }
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
            listing_errors: r.listing_errors,
            tolerated: r.tolerated,
            tools: None,
            discover: r.discover,
            timings_ms: r.timings_ms,
            exit: r.exit,
            stdout_line: r.stdout_line,
            stdout_kind: r.stdout_kind,
            stderr_tail: r.stderr_tail,
            leftover: r.leftover,
            shell_comparison: r.shell_comparison,
            lanes: r.lanes,
            context: r.context,
            path_from_logs: r.app_path,
            remote: r.remote,
        }
    }
}

impl LaunchRun {
    /// The run with the extensions' launches and what was not launched;
    /// the summary counts the extensions too (one the app would not start
    /// is a failure), and their tool definitions in the context total.
    pub fn with_extensions(
        mut self,
        extensions: Vec<ExtensionLaunch>,
        not_launched: Vec<NotLaunched>,
    ) -> LaunchRun {
        let failed = extensions.iter().filter(|e| e.failed()).count();
        self.summary.total += extensions.len();
        self.summary.ok += extensions.len() - failed;
        self.summary.failed += failed;
        let listed = extensions.iter().filter_map(|e| e.result.as_ref()?.context);
        let costs: Vec<ContextCost> = std::iter::once(self.summary.context)
            .chain(listed)
            .collect();
        self.summary.context = ContextCost::total(&costs);
        // an extension the app would not start puts nothing in context
        let in_app = InApp::of(
            self.servers.iter().map(Listed::from).chain(
                extensions
                    .iter()
                    .filter(|e| e.app_starts)
                    .filter_map(|e| e.result.as_ref())
                    .map(Listed::from),
            ),
        );
        self.summary.set_in_app(in_app);
        self.extensions = extensions;
        self.not_launched = not_launched;
        self
    }
}

/// One launch as the app would take its tools (see [`InApp`]).
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub name: &'a str,
    pub verdict: Verdict,
    /// It serves a tool name the app rejects.
    pub bad_names: bool,
    /// A url entry: the app skips it.
    pub url_entry: bool,
    /// The app's client rejects its `tools/list` result whole (`bad-reply`
    /// in phase `tools/list`): the app gets none of its tools.
    pub listing_rejected: bool,
    pub context: Option<&'a ContextCost>,
}

impl<'a> Listed<'a> {
    /// The fields a probe report and its rendered launch share.
    fn new(
        name: &'a str,
        verdict: Verdict,
        phase: Option<Phase>,
        bad_tool_names: &[String],
        remote: Option<&RemoteFacts>,
        context: Option<&'a ContextCost>,
    ) -> Listed<'a> {
        Listed {
            name,
            verdict,
            bad_names: !bad_tool_names.is_empty(),
            url_entry: remote.is_some_and(|f| f.via == crate::probe::http::Via::UrlEntry),
            listing_rejected: verdict == Verdict::BadReply && phase == Some(Phase::ToolsList),
            context,
        }
    }
}

impl<'a> From<&'a ProbeReport> for Listed<'a> {
    fn from(r: &'a ProbeReport) -> Listed<'a> {
        let remote = r.remote.as_ref();
        Listed::new(
            &r.name,
            r.verdict,
            r.phase,
            &r.bad_tool_names,
            remote,
            r.context.as_ref(),
        )
    }
}

impl<'a> From<&'a ServerLaunch> for Listed<'a> {
    fn from(r: &'a ServerLaunch) -> Listed<'a> {
        let remote = r.remote.as_ref();
        Listed::new(
            &r.name,
            r.verdict,
            r.phase,
            &r.bad_tool_names,
            remote,
            r.context.as_ref(),
        )
    }
}

/// The tool definitions the app would really put in every conversation's
/// context: not those of a url entry (the app skips it) or of a listing
/// the app's client rejects whole (`bad-reply` in phase `tools/list`; a
/// lane's `bad-tool-schema` refuses tools when called, the chat copy's
/// listing still reaches the model); and none at all
/// when a server the app starts serves a tool name it rejects (one bad
/// name makes it withhold the tools of every server).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InApp {
    /// Zero tools when `withheld_by` is not empty.
    pub context: ContextCost,
    /// The servers whose bad tool names withhold every server's tools.
    pub withheld_by: Vec<String>,
}

impl InApp {
    pub fn of<'a>(launches: impl IntoIterator<Item = Listed<'a>>) -> InApp {
        let started: Vec<Listed> = launches.into_iter().filter(|l| !l.url_entry).collect();
        let withheld_by: Vec<String> = started
            .iter()
            .filter(|l| l.bad_names)
            .map(|l| l.name.to_string())
            .collect();
        if !withheld_by.is_empty() {
            return InApp {
                context: ContextCost::default(),
                withheld_by,
            };
        }
        InApp {
            context: ContextCost::total(
                started
                    .iter()
                    .filter(|l| !l.listing_rejected)
                    .filter_map(|l| l.context),
            ),
            withheld_by,
        }
    }
}

/// The whole `test-launch` run: docs/json/test-launch.md.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchRun {
    #[serde(flatten)]
    pub info: RunInfo,
    pub servers: Vec<ServerLaunch>,
    /// The enabled Desktop Extensions beside the config, launched from
    /// their manifests (docs/json/inventory.md); absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<ExtensionLaunch>,
    /// Disabled extensions and mcpctl's disabled entries: listed, not
    /// launched; absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_launched: Vec<NotLaunched>,
    pub summary: Summary,
    /// The wall time, exactly (the text shows it in ms or s).
    #[serde(skip)]
    pub wall: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub ok: usize,
    pub failed: usize,
    pub wall_ms: u64,
    /// Every listed tool definition together (what the config costs in
    /// context).
    pub context: ContextCost,
    /// Those the app would really put in context ([`InApp`]): not a url
    /// entry's nor a listing the app rejects whole, none when a bad tool
    /// name withholds them all.
    pub in_context: ContextCost,
    /// The servers whose bad tool names make the app withhold the tools of
    /// every server (empty when none).
    pub tools_withheld_by: Vec<String>,
}

impl Summary {
    fn set_in_app(&mut self, a: InApp) {
        self.in_context = a.context;
        self.tools_withheld_by = a.withheld_by;
    }
}

impl LaunchRun {
    pub fn new(info: RunInfo, reports: &[ProbeReport], wall: Duration, show: bool) -> LaunchRun {
        let ok = reports.iter().filter(|r| r.ok).count();
        let in_app = InApp::of(reports.iter().map(Listed::from));
        LaunchRun {
            info,
            servers: reports.iter().map(|r| ServerLaunch::new(r, show)).collect(),
            extensions: Vec::new(),
            not_launched: Vec::new(),
            summary: Summary {
                total: reports.len(),
                ok,
                failed: reports.len() - ok,
                wall_ms: u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
                context: ContextCost::total(reports.iter().filter_map(|r| r.context.as_ref())),
                in_context: in_app.context,
                tools_withheld_by: in_app.withheld_by,
            },
            wall,
        }
    }
}

// ------------------------------------------------- Desktop Extensions

/// One extension's launch as the app would do it, and its result.
#[derive(Debug, Clone, Serialize)]
pub struct ExtensionLaunch {
    /// The extension's id.
    pub name: String,
    pub display_name: String,
    /// `extension`.
    pub source: &'static str,
    pub runtime: Option<Runtime>,
    pub command: String,
    pub args: Vec<String>,
    pub env: EnvMap,
    /// False: the app itself would not start it (`problems` say why), so
    /// mcpctl did not launch it either.
    pub app_starts: bool,
    pub notes: Vec<Finding>,
    pub problems: Vec<Finding>,
    /// The launch (docs/json/test-launch.md's per-server object); None
    /// when it was not launched.
    pub result: Option<ServerLaunch>,
    /// The sensitive settings' saved values (none when shown): the run's
    /// output masks them wherever they stand, in the command, a message or
    /// a hint too.
    #[serde(skip)]
    pub secrets: crate::secrets::Secrets,
}

impl ExtensionLaunch {
    pub fn new(
        ext: &Extension,
        d: &LaunchDescription,
        probe: Option<&ProbeReport>,
        show: bool,
    ) -> ExtensionLaunch {
        // a secret by its shape (`--password X`), and the values of the
        // settings the manifest marks sensitive, wherever an arg shows
        // by shape (`--password X`: args_shown), and the values of the
        // settings the manifest marks sensitive wherever they stand
        // as a named secret of the config's: from four characters on,
        // wherever it stands; shorter (`ann`, `x`), only where it stands
        // whole (an argument, a quoted value), not inside every word, id
        // and path that holds those letters
        let mut hide = crate::secrets::Secrets::none();
        for v in d.secrets.iter().filter(|_| !show) {
            hide.add_unnamed(v, crate::secrets::MIN_NAMED);
        }
        let whole: Vec<&String> = d.secrets.iter().filter(|_| !show).collect();
        let unsensitive = |args: Vec<String>| -> Vec<String> {
            args.iter()
                .map(|a| match whole.contains(&a) {
                    true => crate::secrets::MASK.to_string(),
                    false => hide.mask(a).into_owned(),
                })
                .collect()
        };
        ExtensionLaunch {
            name: d.name.clone(),
            display_name: ext.name.clone(),
            source: "extension",
            runtime: ext.runtime,
            command: d.command.clone(),
            args: unsensitive(super::args_shown(&d.args, show)),
            env: EnvMap::shown(&d.env, show),
            app_starts: d.app_starts,
            notes: d.notes.clone(),
            problems: d.problems.clone(),
            result: probe.map(|p| {
                let mut r = ServerLaunch::new(p, show);
                r.args = unsensitive(std::mem::take(&mut r.args));
                r
            }),
            secrets: hide,
        }
    }

    /// A failed launch, or the app would not start it.
    pub fn failed(&self) -> bool {
        !self.app_starts || self.result.as_ref().is_some_and(|r| !r.ok)
    }

    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|f| f.level == Level::Error)
            .count()
            + usize::from(self.result.as_ref().is_some_and(|r| !r.ok))
    }

    pub fn warnings(&self) -> usize {
        self.problems
            .iter()
            .filter(|f| f.level == Level::Warning)
            .count()
    }
}

/// Something listed but not launched (a disabled extension, an entry in
/// mcpctl's side file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotLaunched {
    pub name: String,
    /// `extension` or `disabled` (mcpctl's side file).
    pub source: &'static str,
    pub reason: String,
}

/// The stderr lines a failed launch shows under its message: none when
/// the message quotes the one line there is (`last stderr line: …`), so
/// that it is said once, in every output that shows both.
pub fn stderr_to_show<'a>(tail: &'a [String], message: &str) -> &'a [String] {
    let mut said = tail.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    match (said.next(), said.next()) {
        (Some(only), None) if message.contains(only) => &[],
        _ => tail,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::probe::{LaunchSpec, ProbeOptions};
    use serde_json::json;

    /// An extension's launch line masks a flag's value by its shape and
    /// a sensitive setting's saved value wherever it stands; all shown
    /// with --show-secrets.
    /// One stderr line the message quotes whole is not shown again in any
    /// output; one it quotes cut (`…`) is, as are two lines.
    #[test]
    fn a_stderr_line_quoted_whole_is_shown_once() {
        let tail = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let whole = tail(&["boom: no such folder", " "]);
        assert!(
            stderr_to_show(&whole, "exited; last stderr line: boom: no such folder").is_empty()
        );
        let long = tail(&["boom: a line too long to quote"]);
        assert_eq!(
            stderr_to_show(&long, "exited; last stderr line: boom: a line too…"),
            &long[..]
        );
        let two = tail(&["starting", "boom"]);
        assert_eq!(stderr_to_show(&two, "last stderr line: boom"), &two[..]);
    }

    #[test]
    fn an_extension_launch_masks_flags_and_sensitive_settings() {
        use crate::app::extensions::launch::LaunchDescription;
        use crate::app::extensions::{Extension, FileText};
        use crate::app::folders::AppFolders;
        let folders = AppFolders::in_data_dir(Os::Linux, std::path::Path::new("/d"));
        let ext = Extension::assemble(
            &folders,
            "x",
            None,
            &crate::app::extensions::Folder::Present,
            FileText::Missing,
            FileText::Missing,
        );
        let args: Vec<String> = ["i.js", "--password", "pw-literal-1", "my vault phrase"]
            .map(String::from)
            .into();
        let d = LaunchDescription {
            name: "x".into(),
            command: "node".into(),
            args: args.clone(),
            env: Vec::new(),
            notes: Vec::new(),
            problems: Vec::new(),
            app_starts: true,
            secrets: vec!["my vault phrase".into()],
        };
        assert_eq!(
            ExtensionLaunch::new(&ext, &d, None, false).args,
            ["i.js", "--password", "****", "****"]
        );
        assert_eq!(ExtensionLaunch::new(&ext, &d, None, true).args, args);
        // a short value (`ann`) is masked where it stands whole, not inside
        // every word, id and path that holds those letters
        let args: Vec<String> = ["/home/ann/x.js", "ann", "--user=ann"]
            .map(String::from)
            .into();
        let d = LaunchDescription {
            args,
            secrets: vec!["ann".into()],
            ..d
        };
        let l = ExtensionLaunch::new(&ext, &d, None, false);
        assert_eq!(l.args, ["/home/ann/x.js", "****", "--user=ann"]);
        assert_eq!(l.secrets.mask("local.dxt.ann.hello"), "local.dxt.ann.hello");
        assert_eq!(l.secrets.mask("\"ann\""), "\"****\"");
    }

    pub(crate) fn failing_report() -> ProbeReport {
        // A command that cannot exist, probed for real (cheap: no spawn).
        let spec = LaunchSpec {
            name: "weather".into(),
            command: "definitely-not-a-command-mcpctl".into(),
            args: vec!["--key".into(), "sk-secret-123".into()],
            env: vec![("API_KEY".into(), "sk-secret-123".into())],
            app_path: None,
        };
        let host = crate::platform::HostEnv {
            os: Os::Linux,
            home: None,
            vars: [("PATH".to_string(), "/nonexistent".to_string())].into(),
            cwd: "/".into(),
            non_unicode: Default::default(),
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
