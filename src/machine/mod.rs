//! The machine as Claude Desktop sees it: is the app installed and running
//! (`app`), which `node`/`npx`/`uv`/`uvx`/`python` the app's PATH finds
//! compared with the shell's (`tools`), and the traps that make a server
//! work in a terminal but fail in the app: nvm's lexical order, version
//! manager shims, commands found only through the shell's PATH (`servers`).
//!
//! Pure logic over an injected [`System`] (file system, running a tool for
//! its version, the process list) and an injected [`HostEnv`]; the only real
//! I/O lives in [`system::RealSystem`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::codes::Code;
pub use crate::codes::Level;
use crate::platform::HostEnv;
use crate::platform::running::Running;

pub mod app;
pub mod bridge;
pub mod lookup;
pub mod managers;
pub mod servers;
pub mod system;
pub mod tools;

pub use app::AppStatus;
pub use servers::{ServerFacts, Suggestion};
pub use system::{Cached, RealSystem};
pub use tools::ToolReport;

/// What a path is, as [`System::meta`] says: all false when nothing is
/// there (symlinks followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meta {
    pub file: bool,
    pub dir: bool,
    pub executable: bool,
}

/// Everything the machine checks need from the outside world. The real
/// implementation is [`RealSystem`]; tests use fakes or temp trees.
pub trait System: Sync {
    /// A file (or a symlink to one) exists at `path`.
    fn is_file(&self, path: &Path) -> bool;
    /// A folder (or a symlink to one) exists at `path`.
    fn is_dir(&self, path: &Path) -> bool;
    /// The file may be executed (always true where there is no such bit).
    fn is_executable(&self, path: &Path) -> bool;
    /// The three answers above at once: one `stat` on a real disk, where
    /// asking them in turn made one each.
    fn meta(&self, path: &Path) -> Meta {
        Meta {
            file: self.is_file(path),
            dir: self.is_dir(path),
            executable: self.is_executable(path),
        }
    }
    /// Names of the entries of a folder (empty when it cannot be read).
    fn list_dir(&self, path: &Path) -> Vec<String>;
    /// The path with symlinks resolved (None when it does not exist).
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;
    /// Run `program args` with exactly `env` in `cwd`, with a short
    /// timeout; the first non-empty line of its stdout (else stderr).
    /// None when it could not run, timed out, exited non-zero or printed
    /// nothing.
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &BTreeMap<String, String>,
        cwd: &Path,
    ) -> Option<String>;
    /// Whether the app keeping its data in one of `data_dirs` runs (on
    /// Windows, whether it runs at all): [`crate::platform::running`].
    fn app_running(&self, os: crate::platform::Os, data_dirs: &[PathBuf]) -> Running;
    /// A small text file's contents (a `package.json`); None when it
    /// cannot be read.
    fn read_text(&self, _path: &Path) -> Option<String> {
        None
    }
    /// An answer worked out from what this system says (`compute`), under
    /// `key`: remembered by a system that remembers ([`system::Cached`]),
    /// so one doctor pass works it out once.
    fn derived(&self, _key: &str, compute: &mut dyn FnMut() -> Option<String>) -> Option<String> {
        compute()
    }
    /// A PATH search's matches (`search`), under `key`: remembered by a
    /// system that remembers, as the survey, each server's analysis and the
    /// repair plan search the same names on the same PATHs.
    fn searched(&self, _key: &str, search: &mut dyn FnMut() -> Vec<PathBuf>) -> Vec<PathBuf> {
        search()
    }
}

/// One thing doctor learned about the machine, about one server or about
/// the machine as a whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Stable identifier, e.g. `node-version-mismatch` (docs/json/doctor.md).
    pub code: Code,
    pub level: Level,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    /// A finding at the level the code registry gives it.
    pub fn new(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            code,
            level: code.finding_level(),
            message: message.into(),
            hint: None,
        }
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }
    /// For the few codes whose level depends on what was found (an admin
    /// policy that switches off servers the file does not have is a note).
    pub fn at_level(mut self, level: Level) -> Finding {
        self.level = level;
        self
    }
}

/// Show a path with the home folder as `~`, for messages. Not on Windows:
/// `~` means nothing to cmd or Explorer, and the full path is what goes
/// into PATH (and, the path rules being the host's, a Windows path would
/// only be shortened when mcpctl itself runs on Windows).
pub fn tilde(host: &HostEnv, path: &Path) -> String {
    if host.os != crate::platform::Os::Windows
        && let Some(home) = &host.home
        && let Ok(rest) = path.strip_prefix(home)
    {
        if rest.as_os_str().is_empty() {
            return "~".to_string();
        }
        return format!("~/{}", rest.display());
    }
    path.display().to_string()
}

/// The whole machine survey doctor reports in its third step.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Survey {
    pub app: AppStatus,
    /// The PATH the app gives servers (before an entry's own `env.PATH`).
    pub app_path: String,
    /// The shell's PATH (mcpctl's own environment).
    pub shell_path: String,
    pub tools: Vec<ToolReport>,
    /// Findings about the machine as a whole (notes; what they break is
    /// reported on each server).
    pub findings: Vec<Finding>,
    /// Each configured server through the app's eyes, in config order.
    pub servers: Vec<ServerFacts>,
}

/// Survey the app, the tools, and each configured server. Tool versions
/// are asked only where judging a server uses them; with no server the
/// machine is the whole report, and every tool is asked.
pub fn survey(
    host: &HostEnv,
    sys: &dyn System,
    entries: &[crate::config::model::ServerEntry],
) -> Survey {
    let app = app::detect(host, sys);
    let app_path = app_path(host, sys);
    let shell_path = host.var("PATH").unwrap_or("").to_string();
    // (what an entry uses depends on its command and its own PATH: asked
    // once per pair, as most configs start many servers through one tool)
    let asked: Option<std::collections::BTreeSet<&'static str>> =
        (!entries.is_empty()).then(|| {
            let mut seen: crate::text::FastSet<(Option<&str>, Option<&str>)> = Default::default();
            let mut asked = std::collections::BTreeSet::new();
            for e in entries {
                if seen.insert((e.command.as_deref(), servers::own_path(e))) {
                    asked.extend(servers::tools_used(host, sys, &app_path, e).iter().copied());
                }
            }
            asked
        });
    let tools = tools::survey_tools(host, sys, &app_path, asked.as_ref());
    let servers: Vec<servers::ServerFacts> = entries
        .iter()
        .map(|e| servers::analyze(host, sys, &tools, &app_path, e))
        .collect();
    // what `doctor --fix` makes a server's command (its plan applies these
    // suggestions): a tool's note says --fix does it only for these
    let fixed: Vec<&Path> = servers
        .iter()
        .flat_map(|f| &f.suggestions)
        .filter_map(|s| match s {
            servers::Suggestion::SetCommand { to, .. } => Some(to.as_path()),
            servers::Suggestion::PrependPath { .. } => None,
        })
        .collect();
    let mut findings = app::findings(host, &app);
    findings.extend(tools::findings(host, sys, &app_path, &tools, &fixed));
    Survey {
        app,
        app_path,
        shell_path,
        tools,
        findings,
        servers,
    }
}

impl Survey {
    /// The app's logs folder, as the log engine located it
    /// (`app::logs::locate`; `exists` false when no candidate exists, `dir`
    /// then the first place looked), and the note saying where it is.
    pub fn with_logs(mut self, host: &HostEnv, dir: Option<PathBuf>, exists: bool) -> Survey {
        self.app.logs_dir = dir;
        self.app.logs_exist = exists;
        self.findings.retain(|f| f.code != Code::AppLogs);
        if let Some(f) = app::logs_finding(host, &self.app) {
            // after the other notes about the app, before the tools'
            let at = self
                .findings
                .iter()
                .take_while(|f| matches!(f.code, Code::AppNotFound | Code::AppRunning))
                .count();
            self.findings.insert(at, f);
        }
        self
    }
}

/// The app's PATH on this host, with folder listing through `sys`.
pub fn app_path(host: &HostEnv, sys: &dyn System) -> String {
    let list = |p: &Path| {
        sys.list_dir(p)
            .into_iter()
            .filter(|n| sys.is_dir(&p.join(n)))
            .collect::<Vec<_>>()
    };
    crate::platform::launch::app_path(host, &list)
}
