//! `mcpctl doctor` as a report. What one run found ([`Doctor`]: where the
//! file is, the file's diagnostics, the machine as the app sees it, and one
//! section per server with every problem), its totals and outcome; and the
//! report model built from it ([`DoctorReport`]), which serializes to the
//! JSON of docs/json/doctor.md (with the `--fix` plan and what became of
//! it, [`FixReport`]) and which `report::text::doctor` renders. Also the
//! report for a config that could not be read (no file yet): where the app
//! looks and the machine, without servers. Pure: parts in, models out. Env
//! values are masked unless `--show-secrets`, when the model is built.

use serde::Serialize;

use super::EnvMap;
use super::app_state::AppSection;
use super::diagnostics::{DiagnosticJson, listed};
use super::failure::ErrorJson;
use super::launch::{InApp, Listed, ServerLaunch};
use super::recorded::AppRecorded;
use crate::codes::Code;
use crate::config::diag::Diagnostic;
use crate::config::locate::Located;
use crate::config::model::{ServerEntry, effective, owner};
use std::sync::Arc;

use crate::config::source::{Source, Span};
use crate::error::Error;
use crate::machine::servers::Suggestion;
use crate::machine::{AppStatus, Finding, Level, Survey, ToolReport};
use crate::plan::repair::{Change, Manual, Plan, RemoteChoice};
use crate::platform::Os;
use crate::probe::{ContextCost, ProbeReport};

/// One server's section: everything doctor learned about it.
#[derive(Debug, Clone)]
pub struct ServerSection {
    pub entry: ServerEntry,
    /// Syntax, schema and lint diagnostics inside this entry.
    pub diagnostics: Vec<Diagnostic>,
    /// What the machine checks found (shims, PATH, Node/Python).
    pub findings: Vec<Finding>,
    pub suggestions: Vec<Suggestion>,
    /// The launch and handshake; None with `--no-launch`.
    pub probe: Option<ProbeReport>,
}

/// Problems with `command` itself: a launch that then fails to start it
/// fails for that reason.
const COMMAND_CODES: &[Code] = &[
    Code::CommandNotFound,
    Code::CommandMissing,
    Code::CommandNotExecutable,
    Code::CommandOnlyOnShellPath,
    Code::CommandWithArgs,
    Code::RelativeCommand,
    Code::TildeCommand,
    Code::VarCommand,
    Code::WindowsShim,
    Code::Placeholder,
];

impl ServerSection {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
            + self
                .findings
                .iter()
                .filter(|f| f.level == Level::Error)
                .count()
            + usize::from(self.probe.as_ref().is_some_and(|p| !p.ok) && !self.launch_explained())
    }

    /// The launch could not start the command, and an error about that
    /// command (a diagnostic or a finding) already says why: one problem,
    /// counted and told once.
    pub fn launch_explained(&self) -> bool {
        let failed_to_start = self
            .probe
            .as_ref()
            .is_some_and(|p| !p.ok && p.phase == Some(crate::probe::Phase::Spawn));
        let about_command = self
            .diagnostics
            .iter()
            .any(|d| d.is_error() && COMMAND_CODES.contains(&d.code))
            || self
                .findings
                .iter()
                .any(|f| f.level == Level::Error && COMMAND_CODES.contains(&f.code));
        failed_to_start && about_command
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
            + self
                .findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .count()
    }
    pub fn healthy(&self) -> bool {
        self.errors() == 0 && self.warnings() == 0
    }
}

/// Everything one doctor run found.
#[derive(Debug, Clone)]
pub struct Doctor {
    pub located: Located,
    pub source: Source,
    /// A strict JSON parser (the app's) accepts the file.
    pub strict_json: bool,
    /// Diagnostics not inside any server entry.
    pub file_diagnostics: Vec<Diagnostic>,
    pub survey: Survey,
    /// Where the file's secret values are, from the parse the load made:
    /// masked in the source lines the text report quotes. None: not known
    /// here, so the report finds them in the source itself (never shown
    /// unmasked for want of them).
    pub secret_spans: Option<Vec<Span>>,
    pub os: Os,
    pub servers: Vec<ServerSection>,
    /// Whether servers were launched (false with `--no-launch`).
    pub launched: bool,
    pub wall_ms: Option<u64>,
    /// Changes `doctor --fix` would make.
    pub fixable: usize,
    /// Why the config could not be checked (no file at the located path):
    /// then only where the app looks and the machine are reported, and
    /// doctor exits 2.
    pub unread: Option<Error>,
    /// What the app recorded (its logs), beside the launches; None when
    /// the config could not be read.
    pub app_recorded: Option<AppRecorded>,
    /// What the app runs besides the file's servers (extensions, disabled
    /// entries, policy, the wipe guard); None when there is nothing to say.
    pub app_state: Option<AppSection>,
}

/// What one doctor run concluded (the command turns it into an exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is wrong (notes allowed).
    Healthy,
    /// Something is: an error or a warning, or a file the app cannot parse.
    Problems,
    /// The config could not be checked (no file at the located path).
    NotChecked,
}

/// The numbers of the summary line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub servers: usize,
    pub healthy: usize,
    pub with_problems: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub fixable: usize,
    /// Every launched server's tool definitions together (estimated
    /// tokens: see docs/json/test-launch.md#context-cost).
    pub context: ContextCost,
    /// Those the app would really put in context: not a url entry's (the
    /// app skips it), none when a bad tool name withholds them all.
    pub in_context: ContextCost,
    /// The servers whose bad tool names make the app withhold the tools of
    /// every server (empty when none).
    pub tools_withheld_by: Vec<String>,
}

/// Split the diagnostics by server and attach the survey's findings and
/// each server's launch (matched by name: entries without a command are
/// not launched).
pub fn sections(
    all: &[ServerEntry],
    diags: &[Diagnostic],
    survey: &Survey,
    probes: Option<Vec<ProbeReport>>,
) -> (Vec<ServerSection>, Vec<Diagnostic>) {
    let effective = effective(all);
    let index: crate::text::FastMap<&str, usize> = effective
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    let mut file = Vec::new();
    let mut by_server: Vec<Vec<Diagnostic>> = vec![Vec::new(); effective.len()];
    for d in diags {
        // every definition of a name belongs to that name's section
        let section = d.span.and_then(|s| {
            let at = owner(all, s)?;
            index.get(all[at].name.as_str()).copied()
        });
        match section {
            Some(i) => by_server[i].push(d.clone()),
            None => file.push(d.clone()),
        }
    }
    // each server's facts and probe by name: a config may hold thousands
    let facts_of: crate::text::FastMap<&str, &crate::machine::ServerFacts> = survey
        .servers
        .iter()
        .rev()
        .map(|f| (f.name.as_str(), f))
        .collect();
    let mut probes: crate::text::FastMap<String, ProbeReport> = probes
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|p| (p.name.clone(), p))
        .collect();
    let servers = effective
        .into_iter()
        .zip(by_server)
        .map(|(entry, mut diagnostics)| {
            let facts = facts_of.get(entry.name.as_str()).copied();
            let mut findings = facts.map(|f| f.findings.clone()).unwrap_or_default();
            // the machine analysis says it more exactly (it honours the
            // entry's env PATH and the app's own search rules)
            let analysed = facts.is_some_and(|f| {
                f.form
                    .is_some_and(|form| form != crate::machine::lookup::CommandForm::Relative)
            });
            if analysed {
                diagnostics.retain(|d| d.code != Code::CommandNotFound);
            }
            // a batch shim lint already reports (with its position and fix)
            // is shown once
            findings.retain(|f| {
                f.code != Code::WindowsShim || !diagnostics.iter().any(|d| d.code == f.code)
            });
            ServerSection {
                suggestions: facts.map(|f| f.suggestions.clone()).unwrap_or_default(),
                probe: probes.remove(&entry.name),
                entry,
                diagnostics,
                findings,
            }
        })
        .collect();
    (servers, file)
}

/// What doctor says when there is no file at the located path: what is
/// missing, and a hint that fits how the path was chosen (a file the app
/// ignores exists elsewhere; `--config` points away from the app's file;
/// or nothing exists yet).
pub fn missing_config(l: &Located, fix: bool) -> Error {
    let path = l.path.display();
    let message = if fix {
        format!("no config file at {path}: `doctor --fix` has nothing to repair")
    } else {
        format!("no config file at {path}")
    };
    let create = "`mcpctl add NAME -- COMMAND ARGS...` creates it";
    let hint = if let Some(other) = l.ignored.first() {
        format!(
            "Claude Desktop reads this path, not {}: move that file here, or start afresh ({create})",
            other.display()
        )
    } else if let Some(app) = &l.app_reads {
        format!(
            "{create}; check the path you gave, or drop --config / MCPCTL_CONFIG to check the file \
             Claude Desktop itself reads: {}",
            app.display()
        )
    } else if let Some(by) = l.given() {
        format!("{create}; or check the path you gave (set by {by})")
    } else {
        format!("{create}; if your file lives elsewhere, pass it with --config PATH")
    };
    Error::new(message).hint(hint)
}

impl Doctor {
    /// The report for a config that could not be read: where the app
    /// looks and the machine as it sees it, no file, no servers.
    pub fn unread(located: Located, survey: Survey, os: Os, why: Error) -> Doctor {
        Doctor {
            source: Source::from_text(&located.path, ""),
            located,
            strict_json: false,
            file_diagnostics: Vec::new(),
            survey,
            secret_spans: None,
            os,
            servers: Vec::new(),
            launched: false,
            wall_ms: None,
            fixable: 0,
            unread: Some(why),
            app_recorded: None,
            app_state: None,
        }
    }

    pub fn totals(&self) -> Totals {
        let file_errors = self
            .file_diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let file_warnings = self.file_diagnostics.len() - file_errors;
        let healthy = self.servers.iter().filter(|s| s.healthy()).count();
        let app = self.app_state.as_ref();
        let in_app = InApp::of(
            self.servers
                .iter()
                .filter_map(|s| s.probe.as_ref())
                .map(Listed::from)
                .chain(
                    app.into_iter()
                        .flat_map(AppSection::launches)
                        .map(Listed::from),
                ),
        );
        Totals {
            servers: self.servers.len(),
            healthy,
            with_problems: self.servers.len() - healthy,
            errors: file_errors
                + self
                    .servers
                    .iter()
                    .map(ServerSection::errors)
                    .sum::<usize>()
                + app.map_or(0, AppSection::errors),
            warnings: file_warnings
                + self
                    .servers
                    .iter()
                    .map(ServerSection::warnings)
                    .sum::<usize>()
                + app.map_or(0, AppSection::warnings),
            notes: self.survey.findings.len() + app.map_or(0, AppSection::notes),
            fixable: self.fixable,
            // the extensions' tools are in the model's context too
            context: ContextCost::total(
                self.servers
                    .iter()
                    .filter_map(|s| s.probe.as_ref()?.context.as_ref())
                    .chain(app.into_iter().flat_map(AppSection::contexts)),
            ),
            in_context: in_app.context,
            tools_withheld_by: in_app.withheld_by,
        }
    }

    /// Healthy when nothing is wrong (notes allowed), problems when
    /// anything is, not checked when the config could not be read.
    pub fn outcome(&self) -> Outcome {
        if self.unread.is_some() {
            return Outcome::NotChecked;
        }
        let t = self.totals();
        if t.errors + t.warnings == 0 && self.strict_json {
            Outcome::Healthy
        } else {
            Outcome::Problems
        }
    }
}

// ----------------------------------------------------------------- model

/// The document of docs/json/doctor.md. Without a readable config, `file`
/// and `summary` are null, `servers` is empty, and `error` says why.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub config: ConfigJson,
    pub app: AppStatus,
    pub file: Option<FileReport>,
    pub machine: MachineReport,
    pub launched: bool,
    pub servers: Vec<ServerReport>,
    /// What the app recorded beside mcpctl's launches (notes only); null
    /// without a readable config.
    pub app_recorded: Option<AppRecorded>,
    /// Extensions, disabled entries, policy, the wipe guard
    /// (docs/json/inventory.md); absent when there is nothing to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_state: Option<AppSection>,
    pub summary: Option<Totals>,
    /// Why the config could not be checked (only then present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
    /// With `--fix`: the plan and what became of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixReport>,
    /// The launches' wall time (the text's step 4 heading).
    #[serde(skip)]
    pub wall_ms: Option<u64>,
    /// The totals (also when `summary` is null).
    #[serde(skip)]
    pub totals: Totals,
    /// Where the file's secret values are, for the text's source lines
    /// ([`Doctor::secret_spans`]).
    #[serde(skip)]
    pub secret_spans: Option<Vec<Span>>,
    /// The run this report is the "before" of, for the summary's line on
    /// repairs (what to run next, or what this run does).
    #[serde(skip)]
    pub fixing: Fixing,
}

/// What the run does with the repairs its report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fixing {
    /// Plain `doctor` (or the report after `--fix` wrote): `--fix` is
    /// what to run next.
    #[default]
    No,
    /// `--fix --dry-run`: the repairs follow, nothing is written.
    DryRun,
    /// `--fix`: the repairs follow, then are written (asked for on a
    /// terminal).
    Write,
}

/// Where the config is, and which others exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigJson {
    pub path: String,
    pub exists: bool,
    pub rule: &'static str,
    pub reason: String,
    pub ignored: Vec<String>,
    pub app_reads: Option<String>,
}

/// The file's own diagnostics (those outside every server entry).
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// A strict JSON parser (the app's) accepts the file.
    pub strict_json: bool,
    /// The first [`SHOWN`](super::diagnostics::SHOWN).
    pub diagnostics: Vec<DiagnosticJson>,
    /// How many more were found and not listed (absent when none).
    #[serde(skip_serializing_if = "crate::report::is_zero")]
    pub omitted: usize,
    /// The file and the diagnostics, for the text's source snippets (one
    /// copy shared by every section).
    #[serde(skip)]
    pub source: Arc<Source>,
    #[serde(skip)]
    pub found: Vec<Diagnostic>,
}

/// The machine as Claude Desktop sees it.
#[derive(Debug, Clone, Serialize)]
pub struct MachineReport {
    pub os_profile: Os,
    pub app_path: String,
    pub shell_path: String,
    pub tools: Vec<ToolReport>,
    pub findings: Vec<Finding>,
}

/// One server's section.
#[derive(Debug, Clone, Serialize)]
pub struct ServerReport {
    pub name: String,
    pub healthy: bool,
    pub errors: usize,
    pub warnings: usize,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: EnvMap,
    /// The first [`SHOWN`](super::diagnostics::SHOWN).
    pub diagnostics: Vec<DiagnosticJson>,
    /// How many more were found and not listed (absent when none).
    #[serde(skip_serializing_if = "crate::report::is_zero")]
    pub omitted: usize,
    pub findings: Vec<Finding>,
    pub repairs: Vec<Repair>,
    pub launch: Option<ServerLaunch>,
    /// The file and this entry's diagnostics, for the text's snippets.
    #[serde(skip)]
    pub source: Arc<Source>,
    #[serde(skip)]
    pub found: Vec<Diagnostic>,
    /// The failed launch is the error above it (the text tells it once).
    #[serde(skip)]
    pub launch_explained: bool,
}

/// A repair `doctor --fix` would make for a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Repair {
    SetCommand { to: String, description: String },
    PrependPath { dir: String, description: String },
}

impl From<&Suggestion> for Repair {
    fn from(s: &Suggestion) -> Repair {
        match s {
            Suggestion::SetCommand { to, why } => Repair::SetCommand {
                to: to.display().to_string(),
                description: why.clone(),
            },
            Suggestion::PrependPath { dir, why, .. } => Repair::PrependPath {
                dir: dir.display().to_string(),
                description: why.clone(),
            },
        }
    }
}

/// `--fix`: the plan, and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FixReport {
    pub changes: Vec<Change>,
    /// The url entries and what the plan makes of each.
    pub remote: Vec<RemoteChoice>,
    pub manual: Vec<Manual>,
    pub writable: bool,
    pub dry_run: bool,
    /// The unified diff (env values masked unless `--show-secrets`).
    pub diff: String,
    pub written: bool,
    /// Why nothing was written (`dry run`, `nothing to repair`, ...).
    pub reason: Option<&'static str>,
    pub backup: Option<String>,
    /// The checks run again after writing.
    pub after: Option<Box<DoctorReport>>,
}

impl DoctorReport {
    /// The report of `d`, env values masked unless `show_secrets`.
    pub fn new(d: &Doctor, show_secrets: bool) -> DoctorReport {
        let source = Arc::new(d.source.clone());
        let l = &d.located;
        let readable = d.unread.is_none();
        let totals = d.totals();
        DoctorReport {
            config: ConfigJson {
                path: l.path.display().to_string(),
                exists: l.exists,
                rule: l.rule,
                reason: l.reason.clone(),
                ignored: l.ignored.iter().map(|p| p.display().to_string()).collect(),
                app_reads: l.app_reads.as_ref().map(|p| p.display().to_string()),
            },
            app: d.survey.app.clone(),
            file: readable.then(|| {
                let (shown, omitted) = listed(&d.file_diagnostics, 0);
                FileReport {
                    strict_json: d.strict_json,
                    diagnostics: DiagnosticJson::all_of(&d.source, None, shown),
                    omitted,
                    source: Arc::clone(&source),
                    found: shown.to_vec(),
                }
            }),
            machine: MachineReport {
                os_profile: d.os,
                app_path: d.survey.app_path.clone(),
                shell_path: d.survey.shell_path.clone(),
                tools: d.survey.tools.clone(),
                findings: d.survey.findings.clone(),
            },
            launched: d.launched,
            servers: d
                .servers
                .iter()
                .map(|x| ServerReport::new(&source, x, show_secrets))
                .collect(),
            app_recorded: d.app_recorded.as_ref().map(|r| {
                let secrets: Vec<String> = d
                    .servers
                    .iter()
                    .flat_map(|x| {
                        x.entry
                            .env
                            .iter()
                            .map(|(_, v)| v.clone())
                            .chain(crate::secrets::values(&x.entry.args))
                    })
                    .collect();
                r.shown(&secrets, show_secrets)
            }),
            app_state: d.app_state.clone(),
            summary: readable.then(|| totals.clone()),
            error: d.unread.as_ref().map(ErrorJson::from),
            fix: None,
            wall_ms: d.wall_ms,
            totals,
            secret_spans: d.secret_spans.clone(),
            fixing: Fixing::No,
        }
    }
}

impl ServerReport {
    fn new(source: &Arc<Source>, x: &ServerSection, show: bool) -> ServerReport {
        let (shown, omitted) = listed(&x.diagnostics, 0);
        ServerReport {
            name: x.entry.name.clone(),
            healthy: x.healthy(),
            errors: x.errors(),
            warnings: x.warnings(),
            command: x.entry.command.clone(),
            args: super::args_shown(&x.entry.args, show),
            env: EnvMap::shown(&x.entry.env, show),
            diagnostics: DiagnosticJson::all_of(source, Some(&x.entry.name), shown),
            omitted,
            findings: x.findings.clone(),
            repairs: x.suggestions.iter().map(Repair::from).collect(),
            launch: x.probe.as_ref().map(|p| ServerLaunch::new(p, show)),
            source: Arc::clone(source),
            found: shown.to_vec(),
            launch_explained: x.launch_explained(),
        }
    }
}

impl FixReport {
    /// The plan, before anything became of it.
    pub fn new(plan: &Plan, dry_run: bool, diff: &str) -> FixReport {
        FixReport {
            changes: plan.changes.clone(),
            remote: plan.remote.clone(),
            manual: plan.manual.clone(),
            writable: plan.writable,
            dry_run,
            diff: diff.to_string(),
            written: false,
            reason: None,
            backup: None,
            after: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ast::{Node, Value as NodeValue};
    use crate::config::locate::{self, Fs};
    use crate::config::source::Span;
    use crate::machine::AppStatus;
    use crate::machine::ToolReport;
    use crate::machine::managers::Manager;
    use crate::machine::tools::Site;
    use crate::platform::HostEnv;
    use crate::report::style::Style;
    use serde_json::json;
    use std::path::{Path, PathBuf};

    struct FakeFs(Vec<&'static str>);
    impl Fs for FakeFs {
        fn exists(&self, p: &Path) -> bool {
            let s = p.to_string_lossy();
            self.0
                .iter()
                .any(|f| *f == s || f.starts_with(&format!("{s}\\")))
        }
        fn list_dir(&self, p: &Path) -> Vec<String> {
            let prefix = format!("{}\\", p.to_string_lossy());
            let mut v: Vec<String> = self
                .0
                .iter()
                .filter_map(|f| f.strip_prefix(&prefix))
                .map(|r| r.split('\\').next().unwrap_or(r).to_string())
                .collect();
            v.dedup();
            v
        }
    }

    fn windows_host() -> HostEnv {
        HostEnv {
            os: Os::Windows,
            home: Some(PathBuf::from(r"C:\Users\ann")),
            vars: [
                (
                    "APPDATA".to_string(),
                    r"C:\Users\ann\AppData\Roaming".to_string(),
                ),
                (
                    "LOCALAPPDATA".to_string(),
                    r"C:\Users\ann\AppData\Local".to_string(),
                ),
            ]
            .into(),
            cwd: PathBuf::from(r"C:\"),
            non_unicode: Default::default(),
        }
    }

    fn render_text(d: &Doctor, host: &HostEnv, s: Style, show: bool) -> String {
        crate::report::text::doctor::render(&DoctorReport::new(d, show), host, s)
    }

    fn to_json(d: &Doctor, show: bool) -> serde_json::Value {
        serde_json::to_value(DoctorReport::new(d, show)).unwrap_or_default()
    }

    fn empty_doctor(located: Located) -> Doctor {
        Doctor {
            source: Source::from_text(&located.path, "{\"mcpServers\": {}}"),
            located,
            strict_json: true,
            file_diagnostics: Vec::new(),
            secret_spans: None,
            survey: Survey {
                app: AppStatus {
                    installed: None,
                    looked_in: Vec::new(),
                    running: Some(false),
                    logs_dir: None,
                    logs_exist: false,
                },
                app_path: String::new(),
                shell_path: String::new(),
                tools: Vec::new(),
                findings: Vec::new(),
                servers: Vec::new(),
            },
            os: Os::Windows,
            servers: Vec::new(),
            launched: false,
            wall_ms: None,
            fixable: 0,
            unread: None,
            app_recorded: None,
            app_state: None,
        }
    }

    #[test]
    fn the_classic_windows_file_beside_the_store_one_is_reported_as_ignored() {
        let classic = r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json";
        let msix = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\claude_desktop_config.json";
        let host = windows_host();
        let located = locate::locate(&host, None, &FakeFs(vec![classic, msix]));
        assert_eq!(located.rule, "windows-msix");
        let d = empty_doctor(located);
        let text = render_text(&d, &host, Style::plain(), false);
        let ignored = text
            .lines()
            .find(|l| l.trim_start().starts_with("ignored"))
            .expect(&text);
        assert!(ignored.contains(classic), "{ignored}");
        assert!(ignored.contains("the app does not read it"));
        let j = to_json(&d, false);
        assert_eq!(j["config"]["ignored"][0], classic);
        assert_eq!(j["config"]["rule"], "windows-msix");
        assert_eq!(d.outcome(), Outcome::Healthy);
    }

    fn site(path: &str, version: Option<&str>, manager: Option<Manager>) -> Site {
        Site {
            path: PathBuf::from(path),
            version: version.map(str::to_string),
            asked: version.is_some(),
            manager,
        }
    }

    #[test]
    fn the_tool_table_says_same_only_when_nothing_differs() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let shim = "/home/u/.pyenv/shims/python3";
        d.survey.tools = vec![
            ToolReport {
                name: "node",
                app: Some(site("/usr/bin/node", Some("v22.11.0"), None)),
                shell: Some(site("/usr/bin/node", Some("v22.11.0"), None)),
            },
            // one shim, asked from `/` (it fails there) and from here
            ToolReport {
                name: "python3",
                app: Some(site(shim, None, Some(Manager::Pyenv))),
                shell: Some(site(shim, Some("Python 3.12.1"), Some(Manager::Pyenv))),
            },
        ];
        let text = render_text(&d, &host, Style::plain(), false);
        let row = |name: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("no {name} row: {text}"))
                .to_string()
        };
        assert!(row("node ").ends_with("  same"), "{}", row("node "));
        let py = row("python3");
        assert!(!py.contains("same"), "{py}");
        assert!(
            py.ends_with("Python 3.12.1 /home/u/.pyenv/shims/python3 [pyenv]"),
            "{py}"
        );
    }

    /// A source line quoted by the text report has its secret values
    /// masked: from the spans the run found in its parse, or, when the
    /// run did not give them, found in the source by the report itself.
    #[test]
    fn a_quoted_line_masks_secrets_with_or_without_the_runs_spans() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let text = r#"{"mcpServers": {"s": {"command": "x", "env": {"K": "hunter2hunter2"}}},}"#;
        d.source = Source::from_text(&d.located.path, text);
        let comma = text.len() - 2;
        d.file_diagnostics =
            vec![
                Diagnostic::error(Code::TrailingComma, "trailing comma").at(Span {
                    start: comma,
                    end: comma + 1,
                }),
            ];
        let doc = crate::config::syntax::parse(&d.source);
        let spans = crate::config::model::secret_spans(doc.root.as_ref(), &doc.extra_values, text);
        assert!(!spans.is_empty());
        for given in [Some(spans), None] {
            d.secret_spans = given;
            let out = render_text(&d, &host, Style::plain(), false);
            assert!(
                out.contains(r#""command": "x""#),
                "the line is quoted: {out}"
            );
            assert!(!out.contains("hunter2hunter2"), "{out}");
        }
        // the spans given are the ones used: the file is not parsed again
        d.secret_spans = Some(Vec::new());
        let out = render_text(&d, &host, Style::plain(), false);
        assert!(out.contains("hunter2hunter2"), "{out}");
    }

    #[test]
    fn a_short_launch_reads_in_milliseconds() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        d.launched = true;
        d.wall_ms = Some(42);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("with the MCP handshake; 42 ms)"), "{text}");
        d.wall_ms = Some(4049);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("with the MCP handshake; 4.0 s)"), "{text}");
    }

    fn entry(name: &str, command: Option<&str>, span: Span) -> ServerEntry {
        ServerEntry {
            name: name.into(),
            name_span: span,
            span,
            command: command.map(str::to_string),
            args: Vec::new(),
            env: Vec::new(),
            node: Node {
                value: NodeValue::Null,
                span,
            },
        }
    }

    #[test]
    fn a_batch_shim_lint_reports_is_not_repeated_by_the_machine_finding() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let span = Span::new(10, 40);
        let e = entry("mem", Some("npx"), span);
        let finding = Finding::new(Code::WindowsShim, "npx is a batch file");
        d.survey.servers = vec![crate::machine::ServerFacts {
            name: "mem".into(),
            form: Some(crate::machine::lookup::CommandForm::Bare),
            runtime: None,
            path: String::new(),
            path_from_entry: false,
            path_dropped: false,
            resolved: None,
            shell_resolved: None,
            findings: vec![finding.clone()],
            suggestions: Vec::new(),
        }];
        let lint =
            Diagnostic::warning(Code::WindowsShim, "npx is a batch shim").at(Span::new(20, 25));
        let (servers, _) = sections(std::slice::from_ref(&e), &[lint], &d.survey, None);
        assert_eq!(servers[0].diagnostics.len(), 1);
        assert!(servers[0].findings.is_empty(), "{:?}", servers[0].findings);
        // without the lint diagnostic (a name lint does not know), the
        // finding stays
        let (servers, _) = sections(&[e], &[], &d.survey, None);
        assert_eq!(servers[0].findings, [finding]);
    }

    #[test]
    fn an_empty_command_is_shown_quoted() {
        let host = windows_host();
        let mut d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        d.servers = [
            entry("e", Some(""), Span::default()),
            entry("n", None, Span::default()),
        ]
        .into_iter()
        .map(|entry| ServerSection {
            entry,
            diagnostics: Vec::new(),
            findings: Vec::new(),
            suggestions: Vec::new(),
            probe: None,
        })
        .collect();
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("  ok    e  \"\"\n"), "{text}");
        assert!(text.contains("  ok    n  (no command)\n"), "{text}");
    }

    #[test]
    fn an_empty_config_says_no_servers_and_is_healthy() {
        let host = windows_host();
        let located = locate::locate(&host, None, &FakeFs(vec![]));
        let d = empty_doctor(located);
        let text = render_text(&d, &host, Style::plain(), false);
        assert!(text.contains("no servers under `mcpServers`"), "{text}");
        assert!(text.contains("0 servers: 0 healthy, 0 with problems; 0 errors, 0 warnings"));
    }

    /// A package folder without a file leaves the classic file in use (the
    /// packaged app reads it through its merged view of %APPDATA%); a file
    /// the app ignores beside a missing one it reads is pointed to.
    #[test]
    fn a_missing_store_file_points_to_the_classic_one_the_app_ignores() {
        let classic = r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json";
        let store = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc";
        let host = windows_host();
        let in_use = locate::locate(&host, None, &FakeFs(vec![classic, store]));
        assert_eq!(in_use.rule, "windows-classic");
        assert!(in_use.exists);
        let mut located = locate::locate(&host, None, &FakeFs(vec![store]));
        assert_eq!(located.rule, "windows-msix");
        assert!(!located.exists);
        located.ignored.push(classic.into());
        let why = missing_config(&located, false);
        assert!(why.message.starts_with(
            r"no config file at C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\"
        ));
        let hint = why.hint.clone().unwrap_or_default();
        assert!(
            hint.contains(&format!("not {classic}: move that file here")),
            "{hint}"
        );
        assert!(
            hint.contains("`mcpctl add NAME -- COMMAND ARGS...` creates it"),
            "{hint}"
        );

        let survey = empty_doctor(located.clone()).survey;
        let d = Doctor::unread(located, survey, Os::Windows, why);
        assert_eq!(d.outcome(), Outcome::NotChecked);
        let text = render_text(&d, &host, Style::plain(), false);
        for want in [
            "1. Where",
            "(does not exist)",
            "2. The file",
            "error: no config file at",
            "3. The machine",
            "5. Summary",
            "not checked: there is no config file",
        ] {
            assert!(text.contains(want), "{want}: {text}");
        }
        assert!(!text.contains("4. Servers"), "{text}");
        let ignored = text
            .lines()
            .find(|l| l.trim_start().starts_with("ignored"))
            .expect(&text);
        assert!(ignored.contains(classic), "{ignored}");

        let j = to_json(&d, false);
        assert!(j["file"].is_null());
        assert!(j["summary"].is_null());
        assert_eq!(j["servers"], json!([]));
        assert_eq!(j["launched"], false);
        assert_eq!(j["config"]["exists"], false);
        assert_eq!(j["config"]["ignored"][0], classic);
        assert_eq!(j["error"]["hint"], json!(hint));
        assert!(j["machine"]["tools"].is_array());
    }

    #[test]
    fn the_missing_file_hint_fits_how_the_path_was_chosen() {
        let host = windows_host();
        let fs = FakeFs(vec![]);
        let plain = missing_config(&locate::locate(&host, None, &fs), false);
        assert!(
            plain
                .hint
                .unwrap_or_default()
                .ends_with("pass it with --config PATH")
        );
        let flagged = locate::locate(&host, Some(Path::new(r"D:\cfg.json")), &fs);
        let why = missing_config(&flagged, true);
        assert!(
            why.message
                .ends_with("`doctor --fix` has nothing to repair"),
            "{}",
            why.message
        );
        let hint = why.hint.unwrap_or_default();
        assert!(
            hint.ends_with(r"Claude Desktop itself reads: C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json"),
            "{hint}"
        );
        // given where the app's own file is unknown: not "pass it with
        // --config", which the user did
        let mut nowhere = flagged.clone();
        nowhere.app_reads = None;
        nowhere.rule = "env";
        let hint = missing_config(&nowhere, false).hint.unwrap_or_default();
        assert!(
            hint.ends_with("; or check the path you gave (set by MCPCTL_CONFIG)"),
            "{hint}"
        );
    }

    #[test]
    fn a_readable_config_never_reports_an_error_field() {
        let host = windows_host();
        let d = empty_doctor(locate::locate(&host, None, &FakeFs(vec![])));
        let j = to_json(&d, false);
        assert!(j.get("error").is_none(), "{j:#}");
        assert!(j["file"].is_object());
        assert!(j["summary"].is_object());
    }
}
