//! Each server through the app's eyes: what its command resolves to on the
//! PATH it gets (its own `env.PATH`, else the app's), and the traps it falls
//! into: found only through the shell's PATH, a version-manager shim that
//! breaks from `/`, a Node or Python other than the one the shell uses.
//! Produces findings and the [`Suggestion`]s `doctor --fix` may apply.

use std::path::{Path, PathBuf};

use super::lookup::{self, CommandForm, Searcher};
use super::managers::{self, Manager};
use super::tools::{ToolReport, same_file};
use super::{Finding, System, tilde};
use crate::codes::Code;
use crate::config::lint;
use crate::config::model::ServerEntry;
use crate::paths;
use crate::platform::launch as launch_env;
use crate::platform::{HostEnv, Os};

/// The interpreter a server runs under, when mcpctl can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    Node,
    Python,
}

/// A repair that pins what the user's shell uses; `plan::repair` turns
/// it into an edit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Suggestion {
    /// Replace `command` with this absolute path.
    SetCommand {
        #[serde(serialize_with = "crate::paths::lossy")]
        to: PathBuf,
        why: String,
    },
    /// Put `dir` first on the entry's `env.PATH`; `rest` is what follows it
    /// (the entry's own PATH, or the app's).
    PrependPath {
        #[serde(serialize_with = "crate::paths::lossy")]
        dir: PathBuf,
        /// May be the entry's own PATH (an env value): never printed.
        #[serde(skip)]
        rest: String,
        why: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerFacts {
    pub name: String,
    pub form: Option<CommandForm>,
    pub runtime: Option<Runtime>,
    /// The PATH this server gets (an env value when it is the entry's own:
    /// never printed).
    #[serde(skip)]
    pub path: String,
    /// Whether that PATH is the entry's own `env.PATH`.
    pub path_from_entry: bool,
    /// On Windows, whether the entry's env sets `Path` (or another
    /// spelling), which Node drops beside the app's `PATH`.
    pub path_dropped: bool,
    /// What the app would start (None: it cannot find the command).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub resolved: Option<PathBuf>,
    /// What the shell finds for a bare command.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub shell_resolved: Option<PathBuf>,
    pub findings: Vec<Finding>,
    pub suggestions: Vec<Suggestion>,
}

const NODE_TOOLS: &[&str] = &["node", "npx", "npm", "pnpm", "pnpx", "yarn", "corepack"];

fn is_python_name(stem: &str) -> bool {
    stem == "python"
        || stem
            .strip_prefix("python3")
            .is_some_and(|r| r.is_empty() || r.starts_with('.'))
}

fn runtime_of(host: &HostEnv, stem: &str, target: Option<&Path>) -> Option<Runtime> {
    if NODE_TOOLS.contains(&stem) {
        return Some(Runtime::Node);
    }
    if is_python_name(stem) {
        return Some(Runtime::Python);
    }
    // a package installed globally with an nvm or Volta Node is a Node script
    match target.and_then(|t| managers::classify(host, t)) {
        Some(Manager::Nvm | Manager::Volta) => Some(Runtime::Node),
        _ => None,
    }
}

/// The entry's own PATH: spelt `PATH` (on Windows Node keeps, of names
/// that differ only in case, the first in sorted order: the app's `PATH`
/// before an entry's `Path`, which is dropped).
fn entry_path(entry: &ServerEntry) -> Option<String> {
    own_path(entry).map(str::to_string)
}

/// [`entry_path`], borrowed.
pub(super) fn own_path(entry: &ServerEntry) -> Option<&str> {
    entry
        .env
        .iter()
        .rev()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.as_str())
}

/// Ask an interpreter (usually behind a shim) which binary it really is,
/// in the shell's environment and current folder, where the user's shim
/// resolves the way they expect.
pub fn real_binary(
    host: &HostEnv,
    sys: &dyn System,
    runtime: Runtime,
    program: &Path,
) -> Option<PathBuf> {
    let env = launch_env::shell_env(host, &[]);
    let args: &[&str] = match runtime {
        Runtime::Node => &["-p", "process.execPath"],
        Runtime::Python => &["-c", "import sys; print(sys.executable)"],
    };
    let out = sys.run(program, args, &env.vars, &env.cwd)?;
    let p = PathBuf::from(out.trim());
    (paths::is_absolute(host.os.path_style(), out.trim()) && sys.is_file(&p)).then_some(p)
}

/// What a version-manager shim of Node or Python really runs, asked in the
/// shell's environment and current folder: the binary `doctor --fix` pins
/// and `add` saves. None when `program` is no shim, not Node or Python, or
/// does not answer.
pub fn unshim(host: &HostEnv, sys: &dyn System, program: &Path) -> Option<(Manager, PathBuf)> {
    let m = managers::classify(host, program).filter(|m| m.is_shim())?;
    let stem = lookup::stem(host.os, &program.to_string_lossy());
    let runtime = if is_python_name(&stem) {
        Runtime::Python
    } else if stem == "node" {
        Runtime::Node
    } else {
        return None;
    };
    real_binary(host, sys, runtime, program).map(|real| (m, real))
}

/// Versions already learned by the tool survey, else ask the binary.
fn version_of(host: &HostEnv, sys: &dyn System, tools: &[ToolReport], p: &Path) -> Option<String> {
    let known = tools
        .iter()
        .flat_map(|t| t.app.iter().chain(t.shell.iter()))
        .find(|s| s.path == p)
        .and_then(|s| s.version.clone());
    known.or_else(|| {
        let env = launch_env::shell_env(host, &[]);
        sys.run(p, &["--version"], &env.vars, &env.cwd)
    })
}

fn shell_site<'a>(tools: &'a [ToolReport], name: &str) -> Option<&'a super::tools::Site> {
    tools.iter().find(|t| t.name == name)?.shell.as_ref()
}

/// The Node the user's shell runs (through a shim, the real binary).
fn shell_node(host: &HostEnv, sys: &dyn System, tools: &[ToolReport]) -> Option<PathBuf> {
    let site = shell_site(tools, "node")?;
    if site.manager.is_some_and(Manager::is_shim) {
        return real_binary(host, sys, Runtime::Node, &site.path);
    }
    Some(site.path.clone())
}

struct Ctx<'a> {
    host: &'a HostEnv,
    sys: &'a dyn System,
    tools: &'a [ToolReport],
}

/// The surveyed tools whose versions judging `entry` uses: `node` for a
/// Node server (npx, a global package of an nvm Node, ...), `python3` and
/// `python` for a Python one, `uv` and `uvx` for theirs (a `url` entry's
/// bridge asks its Node itself, only when it has to). Only path lookups:
/// nothing is run.
pub(super) fn tools_used(
    host: &HostEnv,
    sys: &dyn System,
    app_path: &str,
    entry: &ServerEntry,
) -> &'static [&'static str] {
    let Some(command) = entry.command.as_deref().filter(|c| !c.trim().is_empty()) else {
        return &[];
    };
    let stem = lookup::stem(host.os, command);
    if stem == "uv" || stem == "uvx" {
        return &["uv", "uvx"];
    }
    let target = match lookup::form(host.os, command) {
        CommandForm::Bare => {
            let path = entry_path(entry).unwrap_or_else(|| app_path.to_string());
            lookup::find(sys, host.os, command, &path, Searcher::App)
        }
        CommandForm::Absolute => Some(PathBuf::from(command)),
        CommandForm::Relative => None,
    };
    match runtime_of(host, &stem, target.as_deref()) {
        Some(Runtime::Node) => &["node"],
        Some(Runtime::Python) => &["python3", "python"],
        None => &[],
    }
}

/// Analyse one entry.
pub fn analyze(
    host: &HostEnv,
    sys: &dyn System,
    tools: &[ToolReport],
    app_path: &str,
    entry: &ServerEntry,
) -> ServerFacts {
    let own_path = entry_path(entry);
    let mut facts = ServerFacts {
        name: entry.name.clone(),
        form: None,
        runtime: None,
        path_from_entry: own_path.is_some(),
        path_dropped: crate::platform::launch::drops_path(
            host.os,
            entry.env.iter().map(|(k, _)| k.as_str()),
        ),
        path: own_path.unwrap_or_else(|| app_path.to_string()),
        resolved: None,
        shell_resolved: None,
        findings: Vec::new(),
        suggestions: Vec::new(),
    };
    let Some(command) = entry.command.as_deref().filter(|c| !c.trim().is_empty()) else {
        return facts;
    };
    // a path of JSON escapes (`"C:\tools\node.exe"`): `escaped-path` says
    // so; a finding here would name the broken value as a missing program
    if lint::is_escaped_path(command) {
        return facts;
    }
    let cx = Ctx { host, sys, tools };
    let form = lookup::form(host.os, command);
    facts.form = Some(form);
    match form {
        CommandForm::Bare => resolve_bare(&cx, command, &entry.args, &mut facts),
        CommandForm::Absolute => check_absolute(&cx, command, &mut facts),
        // relative paths: lint reports them, `plan::repair` fixes them
        CommandForm::Relative => return facts,
    }
    let target = facts
        .resolved
        .clone()
        .or_else(|| facts.shell_resolved.clone());
    let stem = lookup::stem(host.os, command);
    facts.runtime = runtime_of(host, &stem, target.as_deref());
    if let Some(t) = &target {
        check_shim(&cx, command, t, &mut facts);
    }
    match facts.runtime {
        Some(Runtime::Node) => check_node(&cx, &stem, &mut facts),
        Some(Runtime::Python) => check_python(&cx, command, &mut facts),
        None => {}
    }
    check_bridge(&cx, entry, command, &mut facts);
    facts
}

/// A bridge entry (`npx -y mcp-remote URL`): is the package here, and
/// does its `engines.node` admit the node the app would run it with.
fn check_bridge(cx: &Ctx, entry: &ServerEntry, command: &str, facts: &mut ServerFacts) {
    let Some(r) = crate::config::remote::of(entry) else {
        return;
    };
    let node = lookup::find(cx.sys, cx.host.os, "node", &facts.path, Searcher::App);
    let version = || {
        node.as_deref()
            .and_then(|n| version_of(cx.host, cx.sys, cx.tools, n))
    };
    facts.findings.extend(super::bridge::check(
        cx.host,
        cx.sys,
        &r,
        command,
        node.as_deref(),
        &version,
    ));
}

fn path_label(facts: &ServerFacts) -> &'static str {
    if facts.path_from_entry {
        "the entry's env PATH"
    } else {
        "the app's PATH"
    }
}

fn resolve_bare(cx: &Ctx, command: &str, args: &[String], facts: &mut ServerFacts) {
    let os = cx.host.os;
    let shell_path = cx.host.var("PATH").unwrap_or("");
    let pathext = cx.host.var("PATHEXT");
    facts.resolved = lookup::find(cx.sys, os, command, &facts.path, Searcher::App);
    facts.shell_resolved =
        lookup::find(cx.sys, os, command, shell_path, Searcher::Shell { pathext });
    if facts.resolved.is_some() {
        return;
    }
    let Some(shell) = facts.shell_resolved.clone() else {
        facts.findings.push(nowhere(cx, command, args, facts));
        return;
    };
    if lookup::is_batch(os, &shell) {
        facts
            .findings
            .push(batch_file(cx, command, args, &shell, facts));
        return;
    }
    let dir = lookup::parent(os, &shell);
    facts.findings.push(
        Finding::new(
            Code::CommandOnlyOnShellPath,
            format!(
                "`{command}` is not on {}; your shell finds it in {}",
                path_label(facts),
                tilde(cx.host, &dir)
            ),
        )
        .hint(format!(
            "the app does not read your shell profile, so it fails with `spawn {command} ENOENT`; \
             use the absolute path {} (`mcpctl doctor --fix` does this)",
            shell.display()
        )),
    );
    // a shim target is handled by `check_shim` (pin the real binary)
    if !managers::classify(cx.host, &shell).is_some_and(Manager::is_shim) {
        facts.suggestions.push(Suggestion::SetCommand {
            to: shell.clone(),
            why: format!(
                "`{command}` → {} (found on your shell's PATH)",
                shell.display()
            ),
        });
    }
}

/// A bare command on no PATH at all. The PATHs are not repeated here (the
/// report shows the app's once; the entry's own is an env value, never
/// shown). A Windows-only command on another OS is said to be one (not
/// "install it"), a typo gets the name it likely stands for (known
/// launchers and the programs on both PATHs), a known launcher how to
/// install it.
fn nowhere(cx: &Ctx, command: &str, args: &[String], facts: &ServerFacts) -> Finding {
    let os = cx.host.os;
    if os != Os::Windows && lint::is_windows_only(command) {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        return Finding::new(
            Code::CommandNotFound,
            format!(
                "`{command}` only exists on Windows: this entry is written for Windows and \
                 cannot start on {}",
                os.name()
            ),
        )
        .hint(lint::windows_only_hint(os, command, &words));
    }
    let message = format!(
        "`{command}` is found neither on {} nor on your shell's PATH",
        path_label(facts)
    );
    let shell_path = cx.host.var("PATH").unwrap_or("");
    let key = format!("typo\0{command}\0{}\0{shell_path}", facts.path);
    let meant = cx.sys.derived(&key, &mut || {
        typo_on_paths(cx, command, &[facts.path.as_str(), shell_path])
    });
    let hint = match meant {
        // the folder the entry meant may hold it: not a program to install
        _ if facts.path_dropped => "the entry's env spells PATH otherwise, and Node drops that \
beside the app's PATH (env-name-case), so its folders are never searched: spell it `PATH`, or \
write the program's absolute path as \"command\""
            .to_string(),
        Some(meant) => format!(
            "did you mean `{meant}`? write \"command\": {}",
            serde_json::to_string(&meant).unwrap_or_default()
        ),
        None => lint::missing_program_hint(command),
    };
    Finding::new(Code::CommandNotFound, message).hint(hint)
}

/// The name a missing `command` likely stands for, among the known
/// launchers and the programs in the folders of `paths`.
fn typo_on_paths(cx: &Ctx, command: &str, paths: &[&str]) -> Option<String> {
    let os = cx.host.os;
    let mut names: Vec<String> = lint::LAUNCHERS.iter().map(|s| s.to_string()).collect();
    // each folder once (both PATHs share most of theirs), in PATH order
    let mut dirs: Vec<&str> = Vec::new();
    for dir in paths
        .iter()
        .flat_map(|p| p.split(os.path_separator()))
        .filter(|d| !d.is_empty())
    {
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        names.extend(
            cx.sys
                .list_dir(Path::new(dir))
                .into_iter()
                .map(|n| lookup::stem(os, &n)),
        );
    }
    lint::typo_of(command, names.iter().map(String::as_str)).map(str::to_string)
}

/// Windows: the shell finds a bare command as a `.cmd`/`.bat` file, which
/// the app's spawn (no shell) cannot start. Running it through `cmd /c`
/// works; by name when its folder is on the server's PATH (cmd searches
/// that PATH), else by its absolute path.
fn batch_file(
    cx: &Ctx,
    command: &str,
    args: &[String],
    shell: &Path,
    facts: &ServerFacts,
) -> Finding {
    let pathext = cx.host.var("PATHEXT");
    let on_path = lookup::find(
        cx.sys,
        cx.host.os,
        command,
        &facts.path,
        Searcher::Shell { pathext },
    )
    .is_some_and(|p| p == shell);
    let (message, run) = if on_path {
        (
            format!(
                "`{command}` on {} is a batch file ({}): Claude Desktop starts commands without \
                 a shell, so it cannot run it (`spawn {command} ENOENT`)",
                path_label(facts),
                shell.display()
            ),
            command.to_string(),
        )
    } else {
        (
            format!(
                "`{command}` is not on {}; your shell finds the batch file {}, which Claude \
                 Desktop cannot run without a shell either",
                path_label(facts),
                shell.display()
            ),
            shell.display().to_string(),
        )
    };
    let shown = crate::secrets::mask_args(args);
    let wrapped: Vec<String> = ["/c", run.as_str()]
        .into_iter()
        .chain(shown.iter().map(String::as_str))
        .map(|a| serde_json::to_string(a).unwrap_or_default())
        .collect();
    Finding::new(Code::WindowsShim, message).hint(format!(
        "run it through cmd: \"command\": \"cmd\", \"args\": [{}]",
        wrapped.join(", ")
    ))
}

fn check_absolute(cx: &Ctx, command: &str, facts: &mut ServerFacts) {
    let p = PathBuf::from(command);
    if cx.sys.is_dir(&p) {
        facts.findings.push(
            Finding::new(
                Code::CommandNotExecutable,
                format!("{command} is a folder, not a program"),
            )
            .hint(
                "point \"command\" at the program itself (often in the folder's `bin/`), or at \
                 its interpreter (node, python3) with the script first in args",
            ),
        );
    } else if !cx.sys.is_file(&p) {
        facts.findings.push(
            Finding::new(
                Code::CommandMissing,
                format!("{command} does not exist"),
            )
            .hint("check the path (a moved or uninstalled program?), or use the bare name of a program on PATH"),
        );
    } else if !cx.sys.is_executable(&p) {
        facts.findings.push(
            Finding::new(
                Code::CommandNotExecutable,
                format!("{command} is not executable"),
            )
            .hint(format!("make it executable: chmod +x {command}")),
        );
    } else {
        facts.resolved = Some(p);
    }
}

/// The command resolves to a shim that picks its version from the working
/// directory: pin the real binary for Node and Python, else say how.
fn check_shim(cx: &Ctx, command: &str, target: &Path, facts: &mut ServerFacts) {
    let Some(m) = managers::classify(cx.host, target).filter(|m| m.is_shim()) else {
        return;
    };
    let stem = lookup::stem(cx.host.os, command);
    let mut f = Finding::new(
        Code::VersionManagerShim,
        format!(
            "`{command}` resolves to a {} shim ({}): shims pick the version from the working directory, \
             and the app starts servers in /",
            m.name(),
            tilde(cx.host, target)
        ),
    );
    let real = match facts.runtime {
        Some(rt) if is_python_name(&stem) || stem == "node" => {
            real_binary(cx.host, cx.sys, rt, target)
        }
        _ => None,
    };
    match real {
        Some(real) => {
            f = f.hint(format!(
                "use the binary your shell runs here, {} (`mcpctl doctor --fix` does this)",
                real.display()
            ));
            facts
                .suggestions
                .retain(|s| !matches!(s, Suggestion::SetCommand { .. }));
            facts.suggestions.push(Suggestion::SetCommand {
                why: format!(
                    "`{command}` ({} shim) → {} (what your shell runs in {})",
                    m.name(),
                    real.display(),
                    cx.host.cwd.display()
                ),
                to: real,
            });
        }
        None => {
            f = f.hint(format!(
                "write the real binary in `command`: `{}` in your project prints it",
                m.which_command(&stem)
            ));
        }
    }
    facts.findings.push(f);
}

fn describe(cx: &Ctx, p: &Path) -> String {
    match version_of(cx.host, cx.sys, cx.tools, p) {
        Some(v) => format!("{v} ({})", tilde(cx.host, p)),
        None => tilde(cx.host, p).to_string(),
    }
}

/// Two binaries are the same program for a server's purposes.
fn same_runtime(cx: &Ctx, a: &Path, b: &Path) -> bool {
    if same_file(cx.sys, a, b) {
        return true;
    }
    let (va, vb) = (
        version_of(cx.host, cx.sys, cx.tools, a),
        version_of(cx.host, cx.sys, cx.tools, b),
    );
    va.is_some() && va == vb
}

/// Node-based servers: the `node` the app's PATH gives them must be the
/// one they were installed with (the one beside an absolute `npx`, else
/// the shell's).
fn check_node(cx: &Ctx, stem: &str, facts: &mut ServerFacts) {
    let os = cx.host.os;
    // the program the user meant: the one they wrote out (absolute), the
    // one we pin, or for a bare name the one their shell runs
    let meant = match facts.form {
        Some(CommandForm::Absolute) => facts.resolved.clone(),
        _ => facts.shell_resolved.clone(),
    };
    let command_path = facts
        .suggestions
        .iter()
        .find_map(|s| match s {
            Suggestion::SetCommand { to, .. } => Some(to.clone()),
            _ => None,
        })
        .or(meant);
    let first_node = lookup::find(cx.sys, os, "node", &facts.path, Searcher::App);
    if stem == "node" {
        // the command *is* the interpreter: pin the shell's when it differs
        pin_interpreter(cx, "node", shell_node(cx.host, cx.sys, cx.tools), facts);
        return;
    }
    let node_name = if os == Os::Windows {
        "node.exe"
    } else {
        "node"
    };
    let sibling = command_path
        .as_deref()
        .map(|c| lookup::join(os, &lookup::parent(os, c), node_name))
        .filter(|n| cx.sys.is_file(n));
    let Some(expected) = sibling.or_else(|| shell_node(cx.host, cx.sys, cx.tools)) else {
        return;
    };
    let dir = lookup::parent(os, &expected);
    match &first_node {
        Some(actual) if same_runtime(cx, actual, &expected) => return,
        Some(actual) => {
            let mut hint = format!(
                "put {} first on the entry's env PATH (`mcpctl doctor --fix` does this)",
                tilde(cx.host, &dir)
            );
            if managers::classify(cx.host, actual) == Some(Manager::Nvm)
                && !facts.path_from_entry
                && launch_env::profile(os).nvm_prepend
            {
                hint = format!(
                    "Claude Desktop puts every ~/.nvm/versions/node/*/bin on PATH in lexical order, \
                     so the oldest Node can win even behind an absolute npx; {hint}"
                );
            }
            facts.findings.push(
                Finding::new(
                    Code::NodeVersionMismatch,
                    format!(
                        "`{stem}` runs under node {} in the app, not {}",
                        describe(cx, actual),
                        describe(cx, &expected)
                    ),
                )
                .hint(hint),
            );
        }
        None => facts.findings.push(
            Finding::new(
                Code::NodeNotOnAppPath,
                format!(
                    "`{stem}` needs node, and {} has none{}",
                    path_label(facts),
                    // a `#!/usr/bin/env node` script's words; Windows
                    // runs npx.cmd, which says it its own way
                    if cx.host.os == Os::Windows {
                        ""
                    } else {
                        ": it fails with `env: node: No such file or directory`"
                    }
                ),
            )
            .hint(if facts.path_dropped {
                format!(
                    "spell the entry's env `Path` as `PATH` (Node drops it beside the app's: \
env-name-case) and put {} first on it",
                    tilde(cx.host, &dir)
                )
            } else {
                format!(
                    "put {} first on the entry's env PATH (`mcpctl doctor --fix` does this)",
                    tilde(cx.host, &dir)
                )
            }),
        ),
    }
    // the repair writes `PATH`: beside the entry's `Path` that would make
    // the very pair env-name-case warns of (its value is the user's to merge)
    if facts.path_dropped {
        return;
    }
    facts.suggestions.push(Suggestion::PrependPath {
        why: format!(
            "put {} first on the env PATH of `{}`, so it runs under node {}",
            dir.display(),
            facts.name,
            version_of(cx.host, cx.sys, cx.tools, &expected).unwrap_or_default()
        ),
        dir,
        rest: facts.path.clone(),
    });
}

fn check_python(cx: &Ctx, command: &str, facts: &mut ServerFacts) {
    if facts.form != Some(CommandForm::Bare) {
        return;
    }
    let stem = lookup::stem(cx.host.os, command);
    let shell = facts.shell_resolved.clone().and_then(|s| {
        if managers::classify(cx.host, &s).is_some_and(Manager::is_shim) {
            real_binary(cx.host, cx.sys, Runtime::Python, &s)
        } else {
            Some(s)
        }
    });
    pin_interpreter(cx, &stem, shell, facts);
}

/// A bare interpreter (`node`, `python3`) the app resolves differently from
/// the shell: pin the shell's.
fn pin_interpreter(cx: &Ctx, name: &str, shell: Option<PathBuf>, facts: &mut ServerFacts) {
    let (Some(app), Some(shell)) = (facts.resolved.clone(), shell) else {
        return;
    };
    if facts.form != Some(CommandForm::Bare)
        || same_runtime(cx, &app, &shell)
        || facts
            .suggestions
            .iter()
            .any(|s| matches!(s, Suggestion::SetCommand { .. }))
    {
        return;
    }
    let code = if name == "node" {
        Code::NodeVersionMismatch
    } else {
        Code::PythonVersionMismatch
    };
    facts.findings.push(
        Finding::new(
            code,
            format!(
                "`{name}` is {} in the app, but {} in your shell",
                describe(cx, &app),
                describe(cx, &shell)
            ),
        )
        .hint(format!(
            "use the absolute path {} (`mcpctl doctor --fix` does this)",
            shell.display()
        )),
    );
    facts.suggestions.push(Suggestion::SetCommand {
        why: format!("`{name}` → {} (the one your shell uses)", shell.display()),
        to: shell,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ast::{Node, Value};
    use crate::config::source::Span;
    use crate::machine::Level;
    use crate::machine::system::tests::FakeSystem;
    use crate::machine::tools::survey_tools;

    const V18: &str = "/Users/ann/.nvm/versions/node/v18.20.0/bin";
    const V22: &str = "/Users/ann/.nvm/versions/node/v22.11.0/bin";

    pub(crate) fn entry(name: &str, command: &str, env: &[(&str, &str)]) -> ServerEntry {
        ServerEntry {
            name: name.into(),
            name_span: Span::default(),
            span: Span::default(),
            command: Some(command.into()),
            args: Vec::new(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            node: Node {
                value: Value::Null,
                span: Span::default(),
            },
        }
    }

    fn mac(shell_path: &str) -> HostEnv {
        HostEnv {
            os: Os::MacOs,
            home: Some(PathBuf::from("/Users/ann")),
            vars: [("PATH".to_string(), shell_path.to_string())].into(),
            cwd: PathBuf::from("/Users/ann/project"),
            non_unicode: Default::default(),
        }
    }

    fn nvm() -> FakeSystem {
        let mut sys = FakeSystem::default();
        for v in [V18, V22] {
            sys.add_file(&format!("{v}/node"));
            sys.add_file(&format!("{v}/npx"));
        }
        sys.output(&format!("{V18}/node --version"), "v18.20.0")
            .output(&format!("{V22}/node --version"), "v22.11.0")
    }

    fn run(host: &HostEnv, sys: &FakeSystem, e: &ServerEntry) -> ServerFacts {
        let app_path = crate::machine::app_path(host, sys);
        let tools = survey_tools(host, sys, &app_path, None);
        analyze(host, sys, &tools, &app_path, e)
    }

    fn codes(f: &ServerFacts) -> Vec<&'static str> {
        f.findings.iter().map(|f| f.code.id()).collect()
    }

    /// Doctor runs a tool for its version only when judging a configured
    /// server uses it; with no server, the machine is the report: all.
    #[test]
    fn the_survey_asks_versions_only_of_the_tools_servers_use() {
        let mut sys = nvm().output("/usr/bin/python3 --version", "Python 3.9.6");
        sys.add_file("/usr/bin/python3");
        sys.add_file("/opt/tools/fetch-server");
        let host = mac(&format!("{V22}:/usr/bin"));
        let asked = |entries: &[ServerEntry]| {
            sys.runs.lock().unwrap().clear();
            let survey = crate::machine::survey(&host, &sys, entries);
            let runs = sys.runs.lock().unwrap().clone();
            (survey, runs)
        };
        let (survey, runs) = asked(&[entry("own", "/opt/tools/fetch-server", &[])]);
        assert!(runs.is_empty(), "{runs:?}");
        let python = survey.tools.iter().find(|t| t.name == "python3").unwrap();
        assert_eq!(python.app.as_ref().map(|s| s.version.clone()), Some(None));
        let (_, runs) = asked(&[entry("fs", "npx", &[])]);
        assert!(
            runs.iter().any(|r| r.ends_with("/node --version")),
            "{runs:?}"
        );
        assert!(!runs.iter().any(|r| r.contains("python3")), "{runs:?}");
        let (_, runs) = asked(&[entry("py", "python3", &[])]);
        assert!(
            runs.iter().any(|r| r == "/usr/bin/python3 --version"),
            "{runs:?}"
        );
        assert!(!runs.iter().any(|r| r.contains("node")), "{runs:?}");
        let (survey, runs) = asked(&[]);
        assert!(runs.iter().any(|r| r.contains("python3")), "{runs:?}");
        let python = survey.tools.iter().find(|t| t.name == "python3").unwrap();
        assert_eq!(
            python.app.as_ref().and_then(|s| s.version.as_deref()),
            Some("Python 3.9.6")
        );
    }

    #[test]
    fn absolute_npx_of_v22_runs_under_v18_and_is_pinned_with_env_path() {
        let sys = nvm();
        let host = mac(&format!("{V22}:/usr/bin"));
        let f = run(&host, &sys, &entry("fs", &format!("{V22}/npx"), &[]));
        assert_eq!(codes(&f), ["node-version-mismatch"]);
        assert!(f.findings[0].message.contains("v18.20.0"));
        assert!(
            f.findings[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("lexical order")
        );
        match &f.suggestions[..] {
            [Suggestion::PrependPath { dir, rest, .. }] => {
                assert_eq!(dir, &PathBuf::from(V22));
                assert!(rest.starts_with(V18));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bare_npx_found_first_in_the_old_nvm_folder_is_pinned_to_the_shells() {
        let sys = nvm();
        let host = mac(&format!("{V22}:/usr/bin"));
        let f = run(&host, &sys, &entry("fs", "npx", &[]));
        assert_eq!(f.resolved, Some(PathBuf::from(format!("{V18}/npx"))));
        assert_eq!(codes(&f), ["node-version-mismatch"]);
        assert!(
            matches!(&f.suggestions[..], [Suggestion::PrependPath { dir, .. }] if dir == Path::new(V22))
        );
        // once pinned, nothing is left
        let own = format!("{V22}:{V18}:/usr/bin");
        let f = run(&host, &sys, &entry("fs", "npx", &[("PATH", &own)]));
        assert!(f.findings.is_empty() && f.suggestions.is_empty(), "{f:?}");
    }

    #[test]
    fn bare_npx_only_on_the_shell_path_is_resolved() {
        let mut sys = FakeSystem::default();
        sys.add_file("/opt/node22/bin/npx");
        sys.add_file("/opt/node22/bin/node");
        let host = HostEnv {
            os: Os::Linux,
            home: Some(PathBuf::from("/home/u")),
            vars: [
                ("PATH".to_string(), "/opt/node22/bin:/usr/bin".to_string()),
                ("MCPCTL_APP_PATH".to_string(), "/usr/bin".to_string()),
            ]
            .into(),
            cwd: PathBuf::from("/home/u"),
            non_unicode: Default::default(),
        };
        let f = run(&host, &sys, &entry("mem", "npx", &[]));
        assert_eq!(
            codes(&f),
            ["command-only-on-shell-path", "node-not-on-app-path"]
        );
        assert_eq!(
            f.findings[0].message,
            "`npx` is not on the app's PATH; your shell finds it in /opt/node22/bin"
        );
        assert_eq!(f.suggestions.len(), 2);
        assert!(
            matches!(&f.suggestions[0], Suggestion::SetCommand { to, .. } if to == Path::new("/opt/node22/bin/npx"))
        );
        assert!(
            matches!(&f.suggestions[1], Suggestion::PrependPath { dir, rest, .. }
            if dir == Path::new("/opt/node22/bin") && rest == "/usr/bin")
        );
    }

    #[test]
    fn entry_env_path_is_the_path_that_counts() {
        let sys = nvm();
        let host = mac(&format!("{V22}:/usr/bin"));
        let own = format!("{V22}:/usr/bin");
        let f = run(&host, &sys, &entry("fs", "npx", &[("PATH", &own)]));
        assert!(f.path_from_entry);
        assert!(f.findings.is_empty(), "{:?}", f.findings);
        assert!(f.suggestions.is_empty());
    }

    #[test]
    fn pyenv_shim_is_pinned_to_the_real_python() {
        let mut sys = FakeSystem::default();
        sys.add_file("/Users/ann/.pyenv/shims/python3");
        sys.add_file("/Users/ann/.pyenv/versions/3.12.1/bin/python3");
        let sys = sys.output(
            "/Users/ann/.pyenv/shims/python3 -c import sys; print(sys.executable)",
            "/Users/ann/.pyenv/versions/3.12.1/bin/python3",
        );
        let host = mac("/Users/ann/.pyenv/shims:/usr/bin");
        let f = run(&host, &sys, &entry("py", "python3", &[]));
        assert_eq!(
            codes(&f),
            ["command-only-on-shell-path", "version-manager-shim"]
        );
        match &f.suggestions[..] {
            [Suggestion::SetCommand { to, .. }] => {
                assert_eq!(
                    to,
                    Path::new("/Users/ann/.pyenv/versions/3.12.1/bin/python3")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mise_shim_for_uvx_is_a_manual_fix() {
        let mut sys = FakeSystem::default();
        sys.add_file("/Users/ann/.local/share/mise/shims/uvx");
        let host = mac("/usr/bin");
        let f = run(
            &host,
            &sys,
            &entry("time", "/Users/ann/.local/share/mise/shims/uvx", &[]),
        );
        assert_eq!(codes(&f), ["version-manager-shim"]);
        assert!(
            f.findings[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("mise which uvx")
        );
        assert!(f.suggestions.is_empty());
    }

    #[test]
    fn missing_and_unknown_commands_are_errors() {
        let sys = FakeSystem::default();
        let host = mac("/usr/bin");
        let f = run(&host, &sys, &entry("x", "nosuchtool", &[]));
        assert_eq!(codes(&f), ["command-not-found"]);
        let f = run(&host, &sys, &entry("y", "/opt/gone/server", &[]));
        assert_eq!(codes(&f), ["command-missing"]);
        let f = run(&host, &sys, &entry("z", "./server.js", &[]));
        assert!(f.findings.is_empty());
        assert_eq!(f.form, Some(CommandForm::Relative));
    }

    fn windows(shell_path: &str, app_path: &str) -> HostEnv {
        HostEnv {
            os: Os::Windows,
            home: Some(PathBuf::from(r"C:\Users\ann")),
            vars: [
                ("PATH".to_string(), shell_path.to_string()),
                ("MCPCTL_APP_PATH".to_string(), app_path.to_string()),
            ]
            .into(),
            cwd: PathBuf::from(r"C:\Users\ann\project"),
            non_unicode: Default::default(),
        }
    }

    #[test]
    fn windows_bare_npx_is_a_batch_file_the_app_cannot_start_not_a_path_problem() {
        let sys = FakeSystem::with_files(&[
            r"C:\Program Files\nodejs\npx.cmd",
            r"C:\Program Files\nodejs\node.exe",
        ]);
        let nodejs = r"C:\Program Files\nodejs\";
        let host = windows(nodejs, nodejs);
        let f = run(&host, &sys, &entry("mem", "npx", &[]));
        assert_eq!(codes(&f), ["windows-shim"], "{f:#?}");
        assert_eq!(f.findings[0].level, Level::Error);
        assert!(
            f.findings[0]
                .message
                .contains(r"C:\Program Files\nodejs\npx.cmd"),
            "{}",
            f.findings[0].message
        );
        let hint = f.findings[0].hint.as_deref().unwrap();
        assert!(
            hint.contains(r#""command": "cmd", "args": ["/c", "npx""#),
            "{hint}"
        );
        // writing the .cmd path in `command` would not start either
        assert!(f.suggestions.is_empty(), "{:?}", f.suggestions);
    }

    #[test]
    fn windows_command_only_on_the_shell_path_names_its_folder_and_pins_node_there() {
        let sys = FakeSystem::with_files(&[
            r"C:\tools\srv.exe",
            r"C:\node22\npx.exe",
            r"C:\node22\node.exe",
        ]);
        let host = windows(r"C:\tools;C:\node22;C:\Windows", r"C:\Windows");
        let f = run(&host, &sys, &entry("s", "srv", &[]));
        assert_eq!(codes(&f), ["command-only-on-shell-path"]);
        assert!(
            f.findings[0]
                .message
                .ends_with(r"your shell finds it in C:\tools"),
            "{}",
            f.findings[0].message
        );
        let f = run(&host, &sys, &entry("n", "npx", &[]));
        assert_eq!(
            codes(&f),
            ["command-only-on-shell-path", "node-not-on-app-path"]
        );
        assert!(
            matches!(&f.suggestions[1], Suggestion::PrependPath { dir, .. } if dir == Path::new(r"C:\node22")),
            "{:?}",
            f.suggestions
        );
    }

    /// Beside an entry's `Path` (which Node drops on Windows), no repair
    /// writes a `PATH` too, and the hints name the spelling, not an install.
    #[test]
    fn windows_entry_path_dropped_gets_no_second_path_and_no_install_hint() {
        let sys = FakeSystem::with_files(&[r"C:\node22\npx.exe", r"C:\node22\node.exe"]);
        let host = windows(r"C:\node22;C:\Windows", r"C:\Windows");
        let f = run(&host, &sys, &entry("n", "npx", &[("Path", r"C:\mine")]));
        assert!(f.path_dropped);
        assert!(
            !f.suggestions
                .iter()
                .any(|s| matches!(s, Suggestion::PrependPath { .. })),
            "{:?}",
            f.suggestions
        );
        let node = f
            .findings
            .iter()
            .find(|x| x.code == Code::NodeNotOnAppPath)
            .expect("node-not-on-app-path");
        assert!(!node.message.contains("env: node"), "{}", node.message);
        assert!(
            node.hint
                .as_deref()
                .unwrap()
                .contains("spell the entry's env `Path`")
        );
        let f = run(&host, &sys, &entry("m", "mytool", &[("Path", r"C:\tools")]));
        let hint = f.findings[0].hint.as_deref().unwrap();
        assert!(hint.contains("spell it `PATH`"), "{hint}");
    }

    #[test]
    fn bare_python_differing_from_the_shell_is_pinned() {
        let mut sys = FakeSystem::with_files(&["/usr/bin/python3", "/opt/py312/bin/python3"]);
        sys = sys
            .output("/usr/bin/python3 --version", "Python 3.9.6")
            .output("/opt/py312/bin/python3 --version", "Python 3.12.1");
        let host = mac("/opt/py312/bin:/usr/bin");
        let f = run(&host, &sys, &entry("py", "python3", &[]));
        assert_eq!(codes(&f), ["python-version-mismatch"]);
        assert!(f.findings[0].message.contains("Python 3.9.6"));
        assert!(
            matches!(&f.suggestions[..], [Suggestion::SetCommand { to, .. }] if to == Path::new("/opt/py312/bin/python3"))
        );
    }
}
