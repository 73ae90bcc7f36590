//! The tools servers are usually launched with (`node`, `npx`, `uv`,
//! `uvx`, `python3`, `python`): where the app's PATH finds each and where
//! the shell's PATH does, their versions, and the findings when the two
//! disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::lookup::{self, Searcher};
use super::managers::{self, Manager};
use super::{Finding, System, tilde};
use crate::codes::Code;
use crate::platform::HostEnv;
use crate::platform::launch as launch_env;

/// The tools doctor reports, in display order.
pub const TOOLS: &[&str] = &["node", "npx", "uv", "uvx", "python3", "python"];

/// One place a tool was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Site {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    /// `--version` output (first line); None when not asked (npx is a Node
    /// script: it runs under the first `node` on PATH; a tool no configured
    /// server uses is not asked) or it did not answer.
    pub version: Option<String>,
    /// Whether mcpctl ran it with `--version`: asked and no `version` is a
    /// binary that did not answer (it timed out, printed nothing, or could
    /// not run at all), not one that was left alone.
    pub asked: bool,
    /// The version manager the path belongs to.
    pub manager: Option<Manager>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ToolReport {
    pub name: &'static str,
    /// Found on the app's PATH (None: the app cannot find it by name).
    pub app: Option<Site>,
    /// Found on the shell's PATH.
    pub shell: Option<Site>,
}

impl ToolReport {
    /// Both found and they are the same binary (symlinks resolved).
    pub fn same(&self, sys: &dyn System) -> bool {
        match (&self.app, &self.shell) {
            (Some(a), Some(s)) => same_file(sys, &a.path, &s.path),
            _ => false,
        }
    }
}

pub fn same_file(sys: &dyn System, a: &Path, b: &Path) -> bool {
    a == b || matches!((sys.canonicalize(a), sys.canonicalize(b)), (Some(x), Some(y)) if x == y)
}

/// Which environment a version is asked in: the app's (its PATH, `/`) or
/// the shell's (everything, the current folder), as a server would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    App,
    Shell,
}

/// Ask each distinct binary for its version, in parallel (each run is
/// bounded by the system's timeout).
fn versions(
    host: &HostEnv,
    sys: &dyn System,
    app_path: &str,
    wanted: &BTreeSet<(Side, PathBuf)>,
) -> BTreeMap<(Side, PathBuf), String> {
    let mut app = launch_env::app_env(host, &[], &|_: &Path| Vec::new());
    app.vars.insert("PATH".to_string(), app_path.to_string());
    let shell = launch_env::shell_env(host, &[]);
    std::thread::scope(|scope| {
        let handles: Vec<_> = wanted
            .iter()
            .map(|(side, path)| {
                let env = if *side == Side::App { &app } else { &shell };
                let h = scope.spawn(move || sys.run(path, &["--version"], &env.vars, &env.cwd));
                ((*side, path.clone()), h)
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|(k, h)| Some((k, h.join().ok()??)))
            .collect()
    })
}

/// Find every tool on both PATHs and ask for versions: of every tool
/// (`asked` None), or only of those named in `asked`. Each ask runs the
/// tool, and a version-manager shim takes 100 ms or more, so doctor asks
/// only what judging the config's servers uses.
pub fn survey_tools(
    host: &HostEnv,
    sys: &dyn System,
    app_path: &str,
    asked: Option<&BTreeSet<&'static str>>,
) -> Vec<ToolReport> {
    let shell_path = host.var("PATH").unwrap_or("");
    let pathext = host.var("PATHEXT");
    let found: Vec<(&'static str, Option<PathBuf>, Option<PathBuf>)> = TOOLS
        .iter()
        .map(|&t| {
            (
                t,
                lookup::find(sys, host.os, t, app_path, Searcher::App),
                lookup::find(sys, host.os, t, shell_path, Searcher::Shell { pathext }),
            )
        })
        .collect();
    // each binary's version manager, worked out once (the table asks it
    // of each path found, on both PATHs, several times)
    let mut managed: Vec<(PathBuf, Option<Manager>)> = Vec::new();
    for p in found.iter().flat_map(|(_, a, s)| a.iter().chain(s)) {
        if !managed.iter().any(|(q, _)| q == p) {
            managed.push((p.clone(), managers::classify(host, p)));
        }
    }
    let manager_of = |p: &Path| {
        managed
            .iter()
            .find(|(q, _)| *q == p)
            .map_or_else(|| managers::classify(host, p), |(_, m)| *m)
    };
    // a real binary answers the same in both environments: ask it once;
    // a shim may not (it resolves by working directory), so ask it twice
    let is_shim = |p: &Path| manager_of(p).is_some_and(Manager::is_shim);
    let key = |side: Side, p: &Path| {
        let side = if is_shim(p) { side } else { Side::App };
        (side, p.to_path_buf())
    };
    let wanted: BTreeSet<(Side, PathBuf)> = found
        .iter()
        .filter(|(t, _, _)| *t != "npx" && asked.is_none_or(|a| a.contains(t)))
        .flat_map(|(_, a, s)| {
            let a = a.as_deref().map(|p| key(Side::App, p));
            let s = s.as_deref().map(|p| key(Side::Shell, p));
            a.into_iter().chain(s)
        })
        .collect();
    let got = versions(host, sys, app_path, &wanted);
    let site = |side: Side, p: Option<PathBuf>| {
        p.map(|path| Site {
            version: got.get(&key(side, &path)).cloned(),
            asked: wanted.contains(&key(side, &path)),
            manager: manager_of(&path),
            path,
        })
    };
    found
        .into_iter()
        .map(|(name, a, s)| ToolReport {
            name,
            app: site(Side::App, a),
            shell: site(Side::Shell, s),
        })
        .collect()
}

fn describe(host: &HostEnv, site: &Site) -> String {
    match &site.version {
        Some(v) => format!("{v} ({})", tilde(host, &site.path)),
        None => tilde(host, &site.path),
    }
}

/// `fixed`: the absolute paths `doctor --fix` sets as a server's command
/// (a server runs the tool by bare name and the plan makes it absolute):
/// only for those does the hint say `--fix` does it.
fn only_on_shell(
    host: &HostEnv,
    sys: &dyn System,
    app_path: &str,
    t: &ToolReport,
    fixed: &[&Path],
) -> Option<Finding> {
    let (None, Some(shell)) = (&t.app, &t.shell) else {
        return None;
    };
    if lookup::is_batch(host.os, &shell.path) {
        return Some(batch_file(host, sys, app_path, t.name, &shell.path));
    }
    let dir = lookup::parent(host.os, &shell.path);
    Some(
        Finding::new(
            Code::ToolOnlyOnShellPath,
            format!(
                "{} is in {} on your shell PATH but not on the app's",
                t.name,
                tilde(host, &dir)
            ),
        )
        .hint(format!(
            "a server started as `{}` fails in the app with `spawn {} ENOENT`; use the absolute path {}{}",
            t.name,
            t.name,
            shell.path.display(),
            if fixed.contains(&shell.path.as_path()) {
                " (`mcpctl doctor --fix` does this)"
            } else {
                ""
            }
        )),
    )
}

/// Windows: the shell finds the tool as a `.cmd`/`.bat` file, which the
/// app (no shell) cannot start, by name or by its absolute path.
fn batch_file(host: &HostEnv, sys: &dyn System, app_path: &str, name: &str, bat: &Path) -> Finding {
    let pathext = host.var("PATHEXT");
    let on_app_path = lookup::find(sys, host.os, name, app_path, Searcher::Shell { pathext })
        .is_some_and(|p| p == bat);
    let (message, run) = if on_app_path {
        (
            format!(
                "{name} on the app's PATH is a batch file ({}): the app starts commands without a \
                 shell, so it cannot run it by name",
                bat.display()
            ),
            name.to_string(),
        )
    } else {
        (
            format!(
                "{name} is in {} on your shell PATH but not on the app's, and it is a batch file, \
                 which the app cannot run without a shell",
                tilde(host, &lookup::parent(host.os, bat))
            ),
            bat.display().to_string(),
        )
    };
    Finding::new(Code::ToolIsBatchFile, message).hint(format!(
        "start servers that use it through cmd: \"command\": \"cmd\", \"args\": [\"/c\", {}, ...]",
        serde_json::to_string(&run).unwrap_or_default()
    ))
}

/// The app's first `node` (or `python3`) is not the shell's.
fn runtime_differs(host: &HostEnv, sys: &dyn System, t: &ToolReport) -> Option<Finding> {
    let (Some(app), Some(shell)) = (&t.app, &t.shell) else {
        return None;
    };
    if t.same(sys) || (app.version.is_some() && app.version == shell.version) {
        return None;
    }
    let code = if t.name == "node" {
        Code::NodeDiffers
    } else {
        Code::PythonDiffers
    };
    let message = format!(
        "the app's PATH finds {} {} first; your shell uses {}",
        t.name,
        describe(host, app),
        describe(host, shell)
    );
    let hint = if app.manager == Some(Manager::Nvm) && launch_env::profile(host.os).nvm_prepend {
        nvm_hint(host, sys, app)
    } else {
        format!(
            "servers started through `{}` (or a script that runs it) get the app's one; \
             pin yours with an absolute command or the entry's env PATH (`mcpctl doctor --fix` does this)",
            t.name
        )
    };
    Some(Finding::new(code, message).hint(hint))
}

fn nvm_hint(host: &HostEnv, sys: &dyn System, app: &Site) -> String {
    let first = managers::nvm_version_of(host, &app.path).unwrap_or_default();
    let mut hint = format!(
        "Claude Desktop puts every ~/.nvm/versions/node/*/bin on PATH in lexical order, so {first} wins \
         even behind an absolute path to another version's npx"
    );
    if let Some(home) = &host.home {
        let names = sys.list_dir(&host.join(home, &[".nvm/versions/node"]));
        if let Some((a, b)) = managers::lexical_surprise(&names) {
            hint.push_str(&format!(" (lexically {a} sorts before {b})"));
        }
    }
    hint.push_str(&format!(
        "; put the wanted Node's folder first on the entry's env PATH (`mcpctl doctor --fix` does this), \
         or remove the old one (`nvm uninstall {}`)",
        first.trim_start_matches('v')
    ));
    hint
}

fn shim_on_app_path(host: &HostEnv, t: &ToolReport) -> Option<Finding> {
    let app = t.app.as_ref()?;
    let m = app.manager.filter(|m| m.is_shim())?;
    Some(
        Finding::new(
            Code::ShimOnAppPath,
            format!(
                "{} on the app's PATH is a {} shim ({})",
                t.name,
                m.name(),
                tilde(host, &app.path)
            ),
        )
        .hint(format!(
            "shims pick the version from the working directory, and the app starts servers in /; \
             use the real binary (`{}` in your project prints it)",
            m.which_command(t.name)
        )),
    )
}

/// Machine-wide findings about the tools. They are notes: the problem they
/// cause is reported on each server that falls into it. `fixed`: the
/// absolute paths the repair plan sets as a server's command.
pub fn findings(
    host: &HostEnv,
    sys: &dyn System,
    app_path: &str,
    tools: &[ToolReport],
    fixed: &[&Path],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in tools {
        out.extend(only_on_shell(host, sys, app_path, t, fixed));
        if t.name == "node" || t.name == "python3" {
            out.extend(runtime_differs(host, sys, t));
        }
        out.extend(shim_on_app_path(host, t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::Level;
    use crate::machine::system::tests::FakeSystem;
    use crate::platform::Os;

    const V18: &str = "/Users/ann/.nvm/versions/node/v18.20.0/bin";
    const V22: &str = "/Users/ann/.nvm/versions/node/v22.11.0/bin";

    fn mac_host(shell_path: &str) -> HostEnv {
        HostEnv {
            os: Os::MacOs,
            home: Some(PathBuf::from("/Users/ann")),
            vars: [("PATH".to_string(), shell_path.to_string())].into(),
            cwd: PathBuf::from("/Users/ann/project"),
            non_unicode: Default::default(),
        }
    }

    fn nvm_system() -> FakeSystem {
        let mut sys = FakeSystem::default();
        for v in [V18, V22] {
            sys.add_file(&format!("{v}/node"));
            sys.add_file(&format!("{v}/npx"));
        }
        sys.add_file("/usr/bin/python3");
        sys.output(&format!("{V18}/node --version"), "v18.20.0")
            .output(&format!("{V22}/node --version"), "v22.11.0")
            .output("/usr/bin/python3 --version", "Python 3.9.6")
    }

    /// A tool asked that gave no answer is told apart from one not asked
    /// (npx never is; here python3 answers nothing).
    #[test]
    fn a_tool_asked_without_an_answer_is_told_from_one_not_asked() {
        let mut sys = nvm_system();
        sys.add_file("/usr/bin/python");
        let host = mac_host("/usr/bin");
        let tools = survey_tools(&host, &sys, "/usr/bin", None);
        let site = |name: &str| {
            let t = tools.iter().find(|t| t.name == name).unwrap();
            let s = t.app.as_ref().unwrap();
            (s.version.clone(), s.asked)
        };
        assert_eq!(site("python3"), (Some("Python 3.9.6".to_string()), true));
        // found, asked, silent
        assert_eq!(site("python"), (None, true));
        let only = std::collections::BTreeSet::from(["python"]);
        let tools = survey_tools(&host, &sys, "/usr/bin", Some(&only));
        let python3 = tools.iter().find(|t| t.name == "python3").unwrap();
        assert_eq!(python3.app.as_ref().map(|s| s.asked), Some(false));
    }

    #[test]
    fn nvm_lexical_order_makes_the_app_find_the_oldest_node() {
        let sys = nvm_system();
        let host = mac_host(&format!("{V22}:/usr/bin"));
        let app_path = crate::machine::app_path(&host, &sys);
        assert!(app_path.starts_with(V18), "{app_path}");
        let tools = survey_tools(&host, &sys, &app_path, None);
        let node = &tools[0];
        assert_eq!(
            node.app.as_ref().unwrap().version.as_deref(),
            Some("v18.20.0")
        );
        assert_eq!(
            node.shell.as_ref().unwrap().version.as_deref(),
            Some("v22.11.0")
        );
        let f = findings(&host, &sys, &app_path, &tools, &[]);
        let differs = f.iter().find(|f| f.code == Code::NodeDiffers).unwrap();
        assert_eq!(differs.level, Level::Note);
        assert!(differs.message.contains("v18.20.0"), "{}", differs.message);
        assert!(
            differs
                .message
                .contains("~/.nvm/versions/node/v22.11.0/bin/node")
        );
        assert!(differs.hint.as_deref().unwrap().contains("lexical order"));
        // npx is never run for a version; one run per distinct binary
        let runs = sys.runs.lock().unwrap();
        assert!(!runs.iter().any(|r| r.contains("npx")));
        assert_eq!(runs.len(), 3, "{runs:?}");
    }

    #[test]
    fn a_tool_only_on_the_shell_path_is_named_with_its_folder() {
        let mut sys = FakeSystem::default();
        sys.add_file("/home/u/.local/bin/uvx");
        let host = HostEnv {
            os: Os::Linux,
            home: Some(PathBuf::from("/home/u")),
            vars: [(
                "PATH".to_string(),
                "/home/u/.local/bin:/usr/bin".to_string(),
            )]
            .into(),
            cwd: PathBuf::from("/"),
            non_unicode: Default::default(),
        };
        let app_path = "/usr/bin";
        let tools = survey_tools(&host, &sys, app_path, None);
        let f = findings(&host, &sys, app_path, &tools, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, Code::ToolOnlyOnShellPath);
        assert_eq!(f[0].level, Level::Note);
        assert_eq!(
            f[0].message,
            "uvx is in ~/.local/bin on your shell PATH but not on the app's"
        );
        // --fix is said to do it only when the plan does (a server runs it
        // by bare name and is made absolute)
        let hint = f[0].hint.clone().unwrap_or_default();
        assert!(!hint.contains("--fix"), "{hint}");
        let uvx = Path::new("/home/u/.local/bin/uvx");
        let f = findings(&host, &sys, app_path, &tools, &[uvx]);
        let hint = f[0].hint.clone().unwrap_or_default();
        assert!(
            hint.ends_with("/home/u/.local/bin/uvx (`mcpctl doctor --fix` does this)"),
            "{hint}"
        );
    }

    #[test]
    fn windows_npx_on_the_app_path_is_a_batch_file_not_missing() {
        let sys = FakeSystem::with_files(&[
            r"C:\Program Files\nodejs\npx.cmd",
            r"C:\Program Files\nodejs\node.exe",
            r"C:\Users\ann\AppData\Roaming\npm\uvx.cmd",
        ]);
        let nodejs = r"C:\Program Files\nodejs\";
        let host = HostEnv {
            os: Os::Windows,
            home: Some(PathBuf::from(r"C:\Users\ann")),
            vars: [(
                "PATH".to_string(),
                format!(r"{nodejs};C:\Users\ann\AppData\Roaming\npm"),
            )]
            .into(),
            cwd: PathBuf::from(r"C:\Users\ann"),
            non_unicode: Default::default(),
        };
        let app_path = nodejs;
        let tools = survey_tools(&host, &sys, app_path, None);
        let f = findings(&host, &sys, app_path, &tools, &[]);
        let msgs: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.code.id(), f.message.as_str()))
            .collect();
        assert_eq!(
            msgs,
            [
                (
                    "tool-is-batch-file",
                    r"npx on the app's PATH is a batch file (C:\Program Files\nodejs\npx.cmd): the app starts commands without a shell, so it cannot run it by name"
                ),
                (
                    "tool-is-batch-file",
                    r"uvx is in C:\Users\ann\AppData\Roaming\npm on your shell PATH but not on the app's, and it is a batch file, which the app cannot run without a shell"
                ),
            ]
        );
        assert!(
            f[0].hint
                .as_deref()
                .unwrap()
                .contains(r#""args": ["/c", "npx", ...]"#)
        );
        // a batch file cannot be the absolute `command` either: through cmd
        // by its path, and no promise of --fix
        let hint = f[1].hint.as_deref().unwrap();
        assert!(
            hint.contains(r#"["/c", "C:\\Users\\ann\\AppData\\Roaming\\npm\\uvx.cmd""#),
            "{hint}"
        );
        assert!(!hint.contains("--fix"), "{hint}");
    }

    #[test]
    fn same_node_through_a_symlink_is_not_a_finding() {
        let mut sys = FakeSystem::with_files(&["/usr/local/bin/node", "/opt/node/bin/node"]);
        sys.links.insert(
            PathBuf::from("/usr/local/bin/node"),
            PathBuf::from("/opt/node/bin/node"),
        );
        let host = HostEnv {
            os: Os::Linux,
            home: Some(PathBuf::from("/home/u")),
            vars: [("PATH".to_string(), "/opt/node/bin".to_string())].into(),
            cwd: PathBuf::from("/"),
            non_unicode: Default::default(),
        };
        let app_path = "/usr/local/bin";
        let tools = survey_tools(&host, &sys, app_path, None);
        assert!(findings(&host, &sys, app_path, &tools, &[]).is_empty());
    }

    #[test]
    fn a_pyenv_shim_on_the_app_path_is_reported() {
        let mut sys = FakeSystem::default();
        sys.add_file("/Users/ann/.pyenv/shims/python3");
        let host = mac_host("/Users/ann/.pyenv/shims");
        let app_path = "/Users/ann/.pyenv/shims:/usr/bin";
        let tools = survey_tools(&host, &sys, app_path, None);
        let f = findings(&host, &sys, app_path, &tools, &[]);
        let shim = f.iter().find(|f| f.code == Code::ShimOnAppPath).unwrap();
        assert!(
            shim.hint
                .as_deref()
                .unwrap()
                .contains("pyenv which python3")
        );
    }
}
