//! The lint pass: what strict JSON and the schema cannot see, but what makes
//! servers fail in Claude Desktop anyway (relative paths, `~` and `$VAR`
//! that nobody expands, commands missing from the app's PATH, `servers`
//! instead of `mcpServers`, Windows `.cmd` shims without `cmd /c`, ...).
//!
//! The rules are data: each is a [`Code`] of kind `Lint` in the code
//! registry (`codes::CODES`: id, severity, summary, generic hint), documented
//! in `docs/lint-rules.md`. The checks are pure functions of the tree and a
//! [`LintContext`] (OS, home, the PATH to search, a command lookup), so every
//! rule is table-tested for every OS on any machine.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::ast::{Member, Node};
use super::diag::{Diagnostic, TextEdit};
use super::model::SERVERS_KEY;
use super::remote;
use super::source::{Source, Span};
use crate::codes::Code;
use crate::paths::{self, Form, Style};
use crate::platform::{HostEnv, Os, launch};
use crate::text::FastMap;

pub use memo::Memo;

/// Finds a command on a PATH: `(command, path_list, cwd) -> full path`.
pub type Lookup = fn(&str, &str, &Path) -> Option<PathBuf>;

/// The real lookup ([`launch::find_program`]), remembered for the rest of
/// the run (one command, nothing installs programs meanwhile): doctor
/// lints the file again at each step of planning its repairs, and every
/// look-up misses in most PATH folders (a `stat` each).
pub fn which_lookup(command: &str, path: &str, cwd: &Path) -> Option<PathBuf> {
    type Key = (String, String, PathBuf);
    static SEEN: std::sync::OnceLock<std::sync::Mutex<FastMap<Key, Option<PathBuf>>>> =
        std::sync::OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    let key = (command.to_string(), path.to_string(), cwd.to_path_buf());
    if let Some(hit) = seen.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let found = launch::find_program(command, path, cwd);
    if let Ok(mut m) = seen.lock() {
        m.insert(key, found.clone());
    }
    found
}

/// What is at a path on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDisk {
    Missing,
    Folder,
    /// A file, or anything else that is not a folder.
    File,
}

/// What is at a path on this machine: `None` when that cannot be told
/// (no permission to look).
pub type Exists = fn(&Path) -> Option<OnDisk>;

/// The real [`Exists`]: a `stat` (through symlinks). Not found, or a file
/// where a folder should be on the way, is missing; any other failure is
/// "cannot tell".
pub fn path_exists(p: &Path) -> Option<OnDisk> {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => Some(OnDisk::Folder),
        Ok(_) => Some(OnDisk::File),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            Some(OnDisk::Missing)
        }
        Err(_) => None,
    }
}

/// What the checks may know about the machine.
#[derive(Debug, Clone)]
pub struct LintContext {
    pub os: Os,
    pub home: Option<PathBuf>,
    /// The PATH commands are searched on: the one the app gives servers.
    pub app_path: String,
    /// How messages name that PATH, e.g. "the PATH Claude Desktop gives
    /// servers on macOS".
    pub app_path_label: String,
    /// The user's own PATH (to say where a missing command really is).
    pub shell_path: String,
    /// Where servers start (relative look-ups resolve from here).
    pub cwd: PathBuf,
    /// The user's current folder: hints for a relative path suggest the
    /// absolute path under it (what `doctor --fix` writes when it exists).
    pub here: Option<PathBuf>,
    /// None: skip the command look-up (e.g. checking another OS's file).
    pub lookup: Option<Lookup>,
    /// None: skip the checks of absolute paths in `args` (another OS's
    /// file: its paths are not this machine's).
    pub exists: Option<Exists>,
}

impl LintContext {
    /// The context for the real host: the app's PATH per the OS profile.
    pub fn for_host(host: &HostEnv) -> LintContext {
        let app_path = launch::app_path(host, &launch::list_dir_names);
        let label = if host.var(launch::APP_PATH_OVERRIDE).is_some() {
            format!("the app PATH set by {}", launch::APP_PATH_OVERRIDE)
        } else {
            format!(
                "the PATH Claude Desktop gives servers on {}",
                host.os.name()
            )
        };
        LintContext {
            os: host.os,
            home: host.home.clone(),
            app_path,
            app_path_label: label,
            shell_path: host.var("PATH").unwrap_or("").to_string(),
            cwd: PathBuf::from(launch::profile(host.os).cwd),
            here: Some(host.cwd.clone()),
            lookup: (host.os == Os::current()).then_some(which_lookup as Lookup),
            exists: (host.os == Os::current()).then_some(path_exists as Exists),
        }
    }
}

/// Every lint diagnostic for the tree, in tree order.
pub fn lint(root: &Node, source: &Source, ctx: &LintContext) -> Vec<Diagnostic> {
    lint_in(root, source, ctx, None)
}

/// [`lint`], answering each server entry seen before (in a check under the
/// same `ctx` that used `memo`) from `memo`, and remembering the others.
pub fn lint_with(root: &Node, source: &Source, ctx: &LintContext, memo: &Memo) -> Vec<Diagnostic> {
    lint_in(root, source, ctx, Some(memo))
}

fn lint_in(
    root: &Node,
    source: &Source,
    ctx: &LintContext,
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(top) = root.as_object() else {
        return out;
    };
    nesting::check_nested(top, &mut out);
    check_top_level(root, top, &mut out);
    check_misplaced(root, top, source, &mut out);
    if let Some(node) = root.get(SERVERS_KEY)
        && let Some(servers) = node.as_object()
    {
        check_names(servers, source, &mut out);
        nesting::check_pasted(source, node, &mut out);
        bridge::check(servers, &mut out);
        let mut found = Found::default();
        for m in servers.iter().filter(|m| !nesting::pasted_block(&m.value)) {
            match memo.map(|memo| (memo, memo.recall(m))) {
                Some((_, Some(said))) => out.extend(said),
                Some((memo, None)) => {
                    let from = out.len();
                    check_server(m, ctx, &mut found, &mut out);
                    memo.remember(m, &out[from..]);
                }
                None => check_server(m, ctx, &mut found, &mut out),
            }
        }
        // a bridge's token in args is said once, by the bridge rule (its
        // hint names how that bridge takes it from `env`)
        let bridged: Vec<Span> = out
            .iter()
            .filter(|d| d.code == Code::BridgeTokenInArgs)
            .filter_map(|d| d.span)
            .collect();
        out.retain(|d| {
            d.code != Code::SecretInArgs || d.span.is_none_or(|s| !bridged.contains(&s))
        });
        raw_escape_fixes(source, &mut out);
    }
    out
}

/// `escaped-path`'s fix as written in the file: only the backslashes of
/// the path's escapes doubled, every other byte of the string as the user
/// wrote it (`\u00e9`, `\/`, a script's real `\n`); none where the string
/// is not a plain `"` one.
fn raw_escape_fixes(source: &Source, out: &mut [Diagnostic]) {
    for d in out.iter_mut().filter(|d| d.code == Code::EscapedPath) {
        let Some(span) = d.span else { continue };
        let raw = source.text.get(span.start..span.end).unwrap_or("");
        let value: Option<String> = serde_json::from_str(raw).ok();
        let fixed = value.and_then(|v| escaped::fix_raw(raw, &escaped::hits(&v)));
        d.fix = fixed.map(|replacement| crate::config::diag::Fix {
            description: "double the backslashes".into(),
            edits: vec![TextEdit { span, replacement }],
        });
    }
}

pub(crate) fn diag(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic::of(code, message).at(span)
}

fn check_top_level(root: &Node, top: &[Member], out: &mut Vec<Diagnostic>) {
    let has_mcp = root.member(SERVERS_KEY).is_some();
    let servers = top.iter().rev().find(|m| {
        (m.key == "servers" || nesting::misspelt_servers_key(&m.key))
            && m.value.as_object().is_some()
    });
    if let Some(m) = servers {
        let message = if m.key == "servers" {
            "`servers` is not read by Claude Desktop (it is VS Code's name): the app reads \
`mcpServers`, so none of these servers loads"
                .to_string()
        } else {
            format!(
                "`{}` is not `mcpServers`: Claude Desktop reads the key exactly as written, \
capitals included, so none of these servers loads",
                m.key
            )
        };
        let mut d = diag(Code::ServersKey, message, m.key_span);
        if has_mcp {
            d = d.hint(format!(
                "move these entries into \"mcpServers\", then delete \"{}\"",
                m.key
            ));
        } else {
            d = d.hint(Code::ServersKey.hint()).fix(
                format!("rename `{}` to `mcpServers`", m.key),
                vec![TextEdit {
                    span: m.key_span,
                    replacement: "\"mcpServers\"".into(),
                }],
            );
        }
        out.push(d);
    } else if !has_mcp && !out.iter().any(|d| d.code == Code::NestedServers) {
        let at = Span::new(root.span.start, (root.span.start + 1).min(root.span.end));
        out.push(
            diag(
                Code::NoServers,
                "there is no `mcpServers` key: Claude Desktop starts no server",
                at,
            )
            .hint(Code::NoServers.hint()),
        );
    }
}

/// A server entry (an object with a `command`) at the top level, beside
/// `mcpServers` instead of inside it: the app never starts it. The fix
/// moves it under `mcpServers`, its text as written (one level deeper).
fn check_misplaced(root: &Node, top: &[Member], source: &Source, out: &mut Vec<Diagnostic>) {
    let servers = root.get(SERVERS_KEY).filter(|s| s.as_object().is_some());
    for (i, m) in top.iter().enumerate() {
        let is_entry = m.key != SERVERS_KEY
            && m.key != "servers"
            && !nesting::misspelt_servers_key(&m.key)
            && m.value.get("command").and_then(Node::as_str).is_some();
        if !is_entry {
            continue;
        }
        let taken = servers.is_some_and(|s| s.member(&m.key).is_some());
        let mut d = diag(
            Code::MisplacedServer,
            format!(
                "`{}` is a server entry (it has a `command`) at the top level of the file: \
Claude Desktop reads servers only under `mcpServers`, so it never starts this one",
                m.key
            ),
            m.key_span,
        );
        d = match (servers, taken) {
            (Some(_), true) => d.hint(format!(
                "`mcpServers` already has a server named `{}`: rename this one and move it \
under `mcpServers`, or delete the one you do not want",
                m.key
            )),
            (Some(s), false) => {
                let hint = format!(
                    "move `{}` under `mcpServers` (`mcpctl doctor --fix` does)",
                    m.key
                );
                match move_into(source, root, i, s) {
                    Some(edits) => d
                        .hint(hint)
                        .fix(format!("move `{}` under `mcpServers`", m.key), edits),
                    None => d.hint(hint),
                }
            }
            (None, _) => {
                let d = d.hint(format!(
                    "put it inside \"mcpServers\": {{\"{}\": {{...}}}}",
                    m.key
                ));
                // a file of bare entries, said once: wrap them all
                let first = !out.iter().any(|d| d.code == Code::MisplacedServer);
                match wrap_all(source, root, top).filter(|_| first) {
                    Some(edit) => d.fix("wrap the top-level entries in \"mcpServers\"", vec![edit]),
                    None => d,
                }
            }
        };
        out.push(d);
    }
}

/// The edit that wraps the whole file in `{"mcpServers": ...}`, when
/// every top-level member is a server entry (nothing else would end up
/// inside): the text as written, one level deeper.
fn wrap_all(source: &Source, root: &Node, top: &[Member]) -> Option<TextEdit> {
    let all_entries = top
        .iter()
        .all(|m| m.value.get("command").and_then(Node::as_str).is_some());
    if !all_entries {
        return None;
    }
    let text = source.text.get(root.span.start..root.span.end)?;
    let replacement = if text.contains('\n') {
        let unit = super::edit::detect_layout(&source.text, Some(root))
            .indent
            .unit();
        // the file's line ending (a CRLF file stays CRLF)
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        format!(
            "{{{nl}{unit}\"mcpServers\": {}{nl}}}",
            text.replace('\n', &format!("\n{unit}"))
        )
    } else {
        format!("{{\"mcpServers\": {text}}}")
    };
    Some(TextEdit {
        span: root.span,
        replacement,
    })
}

/// The edits that move top-level member `index` to the end of `servers`.
fn move_into(source: &Source, root: &Node, index: usize, servers: &Node) -> Option<Vec<TextEdit>> {
    let text = &source.text;
    let m = root.as_object()?.get(index)?;
    let layout = super::edit::detect_layout(text, Some(root));
    let unit = layout.indent.unit();
    let value = text.get(m.value.span.start..m.value.span.end)?;
    // one level deeper: JSON strings hold no raw line breaks, so every
    // line break in the value is layout
    let value = value.replace('\n', &format!("\n{unit}"));
    let multiline = text
        .get(servers.span.start..servers.span.end)
        .is_some_and(|t| t.contains('\n'))
        || value.contains('\n');
    let insert =
        super::edit::insert_member_raw(text, servers, &m.key, &value, &layout, multiline).ok()?;
    let remove = super::edit::remove_member(root, index).ok()?;
    Some(vec![remove, insert])
}

fn check_names(servers: &[Member], source: &Source, out: &mut Vec<Diagnostic>) {
    // each name's first definition and how many times it occurs, so a
    // duplicate costs a look-up, not a scan of every earlier name
    let mut first: FastMap<&str, (&Member, usize)> = FastMap::default();
    for m in servers {
        first.entry(m.key.as_str()).or_insert((m, 0)).1 += 1;
    }
    let mut seen: FastMap<&str, usize> = FastMap::default();
    for m in servers {
        if m.key.trim().is_empty() {
            out.push(
                diag(
                    Code::EmptyServerName,
                    "a server has an empty name",
                    m.key_span,
                )
                .hint(Code::EmptyServerName.hint()),
            );
        }
        let nth = seen.entry(m.key.as_str()).or_insert(0);
        *nth += 1;
        let Some(&(first, count)) = first.get(m.key.as_str()) else {
            continue;
        };
        if *nth > 1 {
            let line = source.line_col(first.key_span.start).line;
            let which = if *nth < count {
                "a later one"
            } else {
                "this one"
            };
            out.push(
                diag(
                    Code::DuplicateServer,
                    format!(
                        "server `{}` is defined again (first on line {line}): Claude Desktop \
silently keeps only the last definition, {which}",
                        m.key
                    ),
                    m.key_span,
                )
                .related(first.key_span, "first defined here")
                .hint(Code::DuplicateServer.hint()),
            );
        }
    }
}

/// The string nodes of a server's `args`, when it is an array.
fn arg_nodes(server: &Node) -> Vec<(&Node, &str)> {
    server
        .get("args")
        .and_then(Node::as_array)
        .map(|a| a.iter().filter_map(|n| Some((n, n.as_str()?))).collect())
        .unwrap_or_default()
}

/// Command look-ups already done in this run: `(PATH, command) -> result`
/// (configs repeat `npx` and `uvx` many times).
#[derive(Default)]
struct Found(FastMap<(String, String), Option<PathBuf>>);

impl Found {
    fn lookup(&mut self, lookup: Lookup, cmd: &str, path: &str, cwd: &Path) -> Option<PathBuf> {
        self.0
            .entry((path.to_string(), cmd.to_string()))
            .or_insert_with(|| lookup(cmd, path, cwd))
            .clone()
    }
}

/// What the entry's own words say about how its server treats values.
#[derive(Default)]
struct Traits<'a> {
    /// `@modelcontextprotocol/server-filesystem` expands `~` in its args.
    expands_tilde: bool,
    /// `mcp-remote` expands `${VAR}` in its `--header` values from its own
    /// environment.
    bridge: bool,
    /// The command is a POSIX shell given a `-c` string (among its options,
    /// before any script): it expands `$VAR` in it from the server's
    /// environment.
    shell: bool,
    /// The command is Windows' `cmd` given `/c` (or `/k`): it expands
    /// `%VAR%` on its command line from the server's environment.
    cmd: bool,
    /// The variables the app passes servers on this OS (the profile's).
    inherited: &'static [&'static str],
    /// The names set in the entry's `env`.
    env_keys: Vec<&'a str>,
    /// The entry's (ignored) absolute `cwd`: what relative args meant.
    cwd: Option<&'a str>,
    /// Its arguments are folders that must exist (server-filesystem).
    folders: bool,
    /// The command runs the server somewhere else (a container, another
    /// host, WSL): the paths in its args are not this machine's.
    elsewhere: bool,
}

/// Servers that expand a leading `~` in their arguments themselves.
const EXPANDS_TILDE: &[&str] = &["@modelcontextprotocol/server-filesystem"];
/// Servers whose path arguments are folders they serve, each of which must
/// exist (a missing one is skipped with a warning on stderr; with none
/// left the server exits).
const FOLDER_ARGS: &[&str] = &["@modelcontextprotocol/server-filesystem"];
/// The program that package installs (`npm install -g`), run by name or path.
const FOLDER_BIN: &str = "mcp-server-filesystem";
/// Commands that start the server somewhere other than this machine.
const ELSEWHERE: &[&str] = &["ssh", "wsl", "kubectl", "nerdctl"];
/// Bridges that replace `${VAR}` in their arguments from their environment.
const EXPANDS_VARS: &[&str] = &["mcp-remote"];

impl<'a> Traits<'a> {
    fn of(server: &'a Node, args: &[(&Node, &str)], os: Os) -> Traits<'a> {
        let packages: Vec<&str> = args.iter().map(|(_, a)| package_name(a)).collect();
        let command = server.get("command").and_then(Node::as_str);
        Traits {
            expands_tilde: packages.iter().any(|p| EXPANDS_TILDE.contains(p)),
            bridge: packages.iter().any(|p| EXPANDS_VARS.contains(p)),
            shell: sh_line(command, args).is_some(),
            cmd: command.is_some_and(|c| remote::stem(c) == "cmd")
                && args.iter().any(|(_, a)| crate::secrets::is_cmd_switch(a)),
            inherited: launch::profile(os).inherit,
            env_keys: server
                .get("env")
                .and_then(Node::as_object)
                .map(|e| e.iter().map(|m| m.key.as_str()).collect())
                .unwrap_or_default(),
            cwd: ["cwd", "workingDirectory", "working_directory"]
                .iter()
                .find_map(|k| server.get(k).and_then(Node::as_str))
                .filter(|c| is_absolute(os, c) || is_absolute(Os::Windows, c)),
            folders: packages.iter().any(|p| FOLDER_ARGS.contains(p))
                || command.is_some_and(|c| remote::stem(c) == FOLDER_BIN),
            elsewhere: command.is_some_and(|c| {
                docker::is_container_cli(c) || ELSEWHERE.contains(&&*remote::stem(c))
            }),
        }
    }
}

/// Whether `command` is a POSIX shell (`sh`, `bash`, `/bin/zsh`...).
fn text_is_posix_shell(command: &str) -> bool {
    shell_line::is_posix_shell(&remote::stem(command))
}

/// The index in `args` of the line a POSIX shell `command` runs with
/// `-c`: only the shell's options before its first operand count (after a
/// script, `-c` is the script's own argument).
fn sh_line(command: Option<&str>, args: &[(&Node, &str)]) -> Option<usize> {
    if !text_is_posix_shell(command?) {
        return None;
    }
    let words: Vec<&str> = args.iter().map(|(_, a)| *a).collect();
    match shell_line::sh_args(&words) {
        shell_line::ShArgs::Line(i) => Some(i),
        _ => None,
    }
}

/// `@scope/pkg@1.2` -> `@scope/pkg`, `pkg@latest` -> `pkg`.
fn package_name(arg: &str) -> &str {
    match arg.rfind('@') {
        Some(i) if i > 0 => &arg[..i],
        _ => arg,
    }
}

fn check_server(m: &Member, ctx: &LintContext, found: &mut Found, out: &mut Vec<Diagnostic>) {
    let name = &m.key;
    let server = &m.value;
    let args = arg_nodes(server);
    let traits = Traits::of(server, &args, ctx.os);
    if let Some(cmd) = server.get("command")
        && let Some(text) = cmd.as_str()
        && !text.is_empty()
    {
        check_command(name, server, cmd, text, &args, ctx, found, out);
        out.extend(command_secrets(name, cmd, text));
        if docker::is_container_cli(text) {
            check_docker(name, &args, out);
        }
        let words: Vec<&str> = args.iter().map(|(_, a)| *a).collect();
        // (args that are no list of strings have their own error)
        let args_ok = server.get("args").is_none_or(|a| {
            a.as_array()
                .is_some_and(|a| a.iter().all(|n| n.as_str().is_some()))
        });
        // (`env python3`, `uv run python`: the interpreter they start)
        let (program, program_args) =
            no_script::unwrap_launcher(text, &words).unwrap_or((text, &words));
        if args_ok && let Some(script) = no_script::reads_stdin(program, program_args) {
            let wrapped = (program != text).then_some(text);
            out.push(no_script_diag(name, program, wrapped, script, cmd.span));
        }
        out.extend(not_stdio(name, cmd, text, &args, &traits));
    }
    check_args(name, &args, &traits, ctx, out);
    if let Some(env) = server.get("env").and_then(Node::as_object) {
        for e in env {
            if let Some(v) = e.value.as_str() {
                check_env(name, e, v, traits.elsewhere, ctx, out);
            }
        }
        env_case::check(name, env, ctx.os, out);
    }
}

fn check_args(
    name: &str,
    args: &[(&Node, &str)],
    traits: &Traits,
    ctx: &LintContext,
    out: &mut Vec<Diagnostic>,
) {
    let mut base_dir_set = false;
    let mut dir_flag: Option<&str> = None;
    let words: Vec<&str> = args.iter().map(|(_, a)| *a).collect();
    let secrets = crate::secrets::in_args(&words);
    for (i, (node, arg)) in args.iter().enumerate() {
        let flag = dir_flag.take();
        if let Some(secret) = secrets.iter().find(|s| s.arg == i) {
            // the one diagnostic for this argument: others would quote it
            let before = arg.get(..secret.range.start).unwrap_or("");
            let shown = secret_shown(&secret.label, before);
            out.push(secret_diag(name, node, &shown));
        } else if let Some(p) = placeholder::find(arg, placeholder::Place::Arg) {
            out.push(placeholder_diag(name, "args", node, &p));
        } else if let Some(d) = escaped_path(name, "an argument", node, arg, true) {
            out.push(d);
        } else {
            // mcp-remote replaces `${VAR}` in these values only
            let expanded = traits.bridge
                && i > 0
                && matches!(words[i - 1], "--header" | "--static-oauth-client-info");
            check_value(name, "args", node, arg, traits, expanded, ctx, out);
            let inline = arg.split_once('=').filter(|(f, _)| sets_base_dir(f));
            if let Some((flag, dir)) = flag.map(|f| (f, *arg)).or(inline) {
                out.extend(relative_dir(name, node, flag, dir, ctx));
            } else if !base_dir_set && let Some(p) = relative_path_arg(ctx.os, arg) {
                out.push(relative_arg(name, node, arg, p, traits.cwd, ctx));
            }
            out.extend(missing_path(name, node, arg, traits, ctx));
        }
        if sets_base_dir(arg) && !arg.contains('=') {
            dir_flag = Some(arg);
        }
        base_dir_set |= sets_base_dir(arg);
    }
}

/// An absolute path in `args` that is not on this machine (`missing-path`):
/// a script (a server cannot start without it), a folder server-filesystem
/// serves (`~` expanded as it does), or any other path whose folder is
/// missing too (a file the server creates needs its folder). Not for
/// commands that run the server elsewhere, nor a path list.
fn missing_path(
    name: &str,
    node: &Node,
    arg: &str,
    traits: &Traits,
    ctx: &LintContext,
) -> Option<Diagnostic> {
    let exists = ctx.exists?;
    // `cmd /c npx ...`: cmd's own switches are no folders
    let cmd_switch = traits.cmd && arg.len() == 2 && arg.starts_with('/');
    if traits.elsewhere || cmd_switch {
        return None;
    }
    let value = if arg.starts_with('-') {
        arg.split_once('=')?.1
    } else {
        arg
    };
    let tilde =
        traits.folders && (value == "~" || value.starts_with("~/") || value.starts_with("~\\"));
    let path = if tilde {
        let home = ctx.home.as_ref()?;
        match value[1..].trim_start_matches(['/', '\\']) {
            "" => home.clone(),
            rest => paths::join(ctx.os.path_style(), home, &[rest]),
        }
    } else {
        PathBuf::from(value)
    };
    if !(tilde || local_path(ctx.os, value)) {
        return None;
    }
    let folder = traits.folders && !arg.starts_with('-');
    match exists(&path) {
        Some(OnDisk::Missing) => {}
        // server-filesystem serves folders: it skips a file as it skips a
        // folder that is not there
        Some(OnDisk::File) if folder => {
            return Some(
                diag(
                    Code::MissingPath,
                    format!(
                        "\"{}\" given to server `{name}` is a file, not a folder: \
server-filesystem skips it (and exits when none of its folders is left)",
                        path.display()
                    ),
                    node.span,
                )
                .hint("give the folder that holds it; server-filesystem serves folders only"),
            );
        }
        _ => return None,
    }
    let script = extension(value, ctx.os).is_some_and(|e| SCRIPT_EXTS.contains(&e.as_str()));
    let parent_missing = path
        .parent()
        .is_some_and(|p| exists(p) == Some(OnDisk::Missing));
    if !(script || folder || parent_missing) {
        return None;
    }
    let shown = path.display().to_string();
    let message = if folder {
        format!(
            "folder \"{shown}\" given to server `{name}` does not exist on this machine: \
server-filesystem skips it (and exits when none of its folders exists)"
        )
    } else if script {
        format!(
            "script \"{shown}\" of server `{name}` does not exist on this machine: the server \
cannot start"
        )
    } else {
        format!(
            "argument \"{shown}\" of server `{name}` is a path that does not exist on this \
machine, and neither does its folder: the server cannot open or create it"
        )
    };
    let nearest = path
        .ancestors()
        .skip(1)
        .find(|a| exists(a) == Some(OnDisk::Folder));
    let mut hint = match nearest {
        Some(a) if a.parent().is_some() => format!(
            "write the path as it is on this machine: {} exists, the rest of the path does not",
            a.display()
        ),
        _ => format!(
            "write the path as it is on this machine ({} checks it)",
            exists_check(ctx.os)
        ),
    };
    let built = ["/build/", "/dist/", "\\build\\", "\\dist\\"];
    if script && built.iter().any(|b| value.contains(b)) {
        hint.push_str(
            "; a server you build yourself has its build output only after its build \
(`npm run build`)",
        );
    }
    Some(diag(Code::MissingPath, message, node.span).hint(hint))
}

/// How a secret found in a command line is named in a message, never
/// quoted: by how it was recognised (`label`, e.g. `--token`), and written
/// as it is (`--api-key=****`, `GITHUB_TOKEN=****` where `=` joins them;
/// `before` is the text of its word before the secret).
fn secret_shown(label: &str, before: &str) -> String {
    let before = before.trim_end_matches(['"', '\'']);
    let joined = before
        .strip_suffix('=')
        .is_some_and(|b| b.ends_with(label) && !label.is_empty());
    if joined {
        format!("`{label}=****`")
    } else if label.starts_with('-') {
        format!("`{label} ****`")
    } else if label.starts_with('?') {
        format!("`{label}****`")
    } else if label.ends_with("...") {
        format!("a `{label}` token")
    } else if label.starts_with("the ") {
        label.to_string()
    } else {
        format!("`{label}: ****`")
    }
}

/// A secret written into `args` (never quoted: `shown` names it by how it
/// was recognised, [`secret_shown`]).
fn secret_diag(name: &str, node: &Node, shown: &str) -> Diagnostic {
    diag(
        Code::SecretInArgs,
        format!(
            "an argument of server `{name}` holds what looks like a secret ({shown}): values in \
`args` show in process lists and in the app's logs of the command line"
        ),
        node.span,
    )
    .hint(
        "move it to `env`, under the variable the server reads it from (its README names it), \
e.g. \"env\": {\"API_KEY\": \"...\"}; for `mcp-remote` headers write \
\"--header\", \"Authorization:${AUTH_HEADER}\" and put AUTH_HEADER in `env`",
    )
}

/// Secrets written into `command` (a command line in one string, `"npx
/// pkg --token X"`, or a variable set before the program, `"TOKEN=X npx
/// pkg"`): one diagnostic naming each, never quoting them. Splitting the
/// line as `command-with-args` says would move a flag's value into `args`,
/// so the hint says where it goes instead.
fn command_secrets(name: &str, cmd: &Node, text: &str) -> Option<Diagnostic> {
    let found = crate::secrets::in_command(text);
    if found.is_empty() {
        return None;
    }
    let mut shown: Vec<String> = Vec::new();
    let mut assigned: Vec<&str> = Vec::new();
    for s in &found {
        let before = text.get(..s.range.start).unwrap_or("");
        let one = secret_shown(&s.label, before);
        if one.ends_with("=****`") && !s.label.starts_with('-') {
            assigned.push(&s.label);
        }
        if !shown.contains(&one) {
            shown.push(one);
        }
    }
    let hint = if assigned.len() == found.len() {
        let vars: Vec<String> = assigned
            .iter()
            .map(|n| format!("{}: \"...\"", json_str(n)))
            .collect();
        format!(
            "keep the value in `env` only, \"env\": {{{}}}, and out of the command line (the \
app runs no shell: a variable set before the program sets nothing)",
            vars.join(", ")
        )
    } else {
        "when you split the command line into `command` and `args`, leave the secret out of \
`args` too: move it to `env`, under the variable the server reads it from (its README names it), \
e.g. \"env\": {\"API_KEY\": \"...\"}"
            .to_string()
    };
    Some(
        diag(
            Code::SecretInArgs,
            format!(
                "`command` of server `{name}` holds what looks like a secret ({}): a command \
line shows in the app's logs, and in process lists once it runs",
                shown.join(", ")
            ),
            cmd.span,
        )
        .hint(hint),
    )
}

fn relative_arg(
    name: &str,
    node: &Node,
    arg: &str,
    p: &str,
    cwd: Option<&str>,
    ctx: &LintContext,
) -> Diagnostic {
    if ctx.os == Os::Windows && paths::form(Style::Windows, p) == Form::RootRelative {
        return root_relative_arg(name, node, arg, p, cwd, ctx);
    }
    let app = app_cwd(ctx.os);
    let message = if p == "." || p == ".." {
        format!(
            "argument \"{arg}\" of server `{name}` means the app's own folder ({app}), not \
your project: the app starts servers from there"
        )
    } else {
        format!(
            "argument \"{arg}\" of server `{name}` is a relative path: the app starts servers \
from {app}, not your folder, so `{p}` is looked for there"
        )
    };
    let what = if p == "." || p == ".." {
        "the folder you mean".to_string()
    } else {
        format!("`{p}`")
    };
    let hint = match cwd {
        Some(dir) => format!(
            "write the absolute path of {what}: {} (`cwd` is ignored)",
            json_str(&join_under(dir, p))
        ),
        None => format!(
            "write the absolute path of {what} (e.g. {})",
            example_abs(ctx, p)
        ),
    };
    diag(Code::RelativeArg, message, node.span).hint(hint)
}

/// A Windows argument from the root of a drive (`/Users/ann/x.js`,
/// `\srv\x.js`): not under any folder, only without its drive, which is
/// the drive of the app's folder. The hint adds the drive of the folder
/// the user means (`cwd`, else the current one, else `C:`), with `\`.
fn root_relative_arg(
    name: &str,
    node: &Node,
    arg: &str,
    p: &str,
    cwd: Option<&str>,
    ctx: &LintContext,
) -> Diagnostic {
    let here = ctx.here.as_ref().map(|h| h.to_string_lossy().into_owned());
    let drive = cwd
        .and_then(paths::drive)
        .or_else(|| here.as_deref().and_then(paths::drive))
        .unwrap_or('C');
    let full = format!("{drive}:{}", p.replace('/', "\\"));
    diag(
        Code::RelativeArg,
        format!(
            "argument \"{arg}\" of server `{name}` has no drive: the app starts servers from \
its own folder, so `{p}` is looked for on that folder's drive"
        ),
        node.span,
    )
    .hint(format!(
        "write the path with its drive: {}",
        json_str(&full)
    ))
}

/// The folder after `--directory`/`--cwd`/... must be absolute: it is
/// resolved from the app's folder too.
fn relative_dir(
    name: &str,
    node: &Node,
    flag: &str,
    dir: &str,
    ctx: &LintContext,
) -> Option<Diagnostic> {
    if dir.is_empty()
        || dir.starts_with(['-', '~', '$', '%', '@'])
        || dir.contains("://")
        || is_absolute(ctx.os, dir)
        || is_absolute(Os::Windows, dir)
    {
        return None;
    }
    Some(
        diag(
            Code::RelativeArg,
            format!(
                "the folder given to `{flag}` for server `{name}` is the relative path \
\"{dir}\": the app starts servers from {}, so it is looked for there",
                app_cwd(ctx.os)
            ),
            node.span,
        )
        .hint(format!(
            "write the folder's absolute path (e.g. {})",
            example_abs(ctx, dir)
        )),
    )
}

fn placeholder_diag(name: &str, what: &str, node: &Node, p: &placeholder::Found) -> Diagnostic {
    let text = crate::text::clip(&p.text, 80);
    let (message, hint) = match (what, p.kind) {
        // never quote an env value: it may be a secret after all
        (w, placeholder::Kind::Path) if w.starts_with("env") => (
            format!("{w} of server `{name}` still holds a placeholder path, not a real one"),
            "write the real path on your machine (an absolute path)".to_string(),
        ),
        (w, placeholder::Kind::Value) if w.starts_with("env") => (
            format!("{w} of server `{name}` still holds a placeholder, not a real value"),
            "paste the real value (the server's README says where to get it)".to_string(),
        ),
        (_, placeholder::Kind::Path) => (
            format!(
                "{} of server `{name}` still holds the placeholder `{}`: the app looks for \
this path as written",
                where_word(what),
                text
            ),
            format!(
                "replace `{}` with the real path on your machine (an absolute path)",
                text
            ),
        ),
        (_, placeholder::Kind::Value) => (
            format!(
                "{} of server `{name}` still holds the placeholder `{}`",
                where_word(what),
                text
            ),
            format!("replace `{text}` with the real value"),
        ),
    };
    diag(Code::Placeholder, message, node.span).hint(hint)
}

fn where_word(what: &str) -> String {
    match what {
        "args" => "an argument".to_string(),
        "command" => "`command`".to_string(),
        w => format!("`{w}`"),
    }
}

fn check_docker(name: &str, args: &[(&Node, &str)], out: &mut Vec<Diagnostic>) {
    let words: Vec<&str> = args.iter().map(|(_, a)| *a).collect();
    for f in docker::check(&words) {
        out.push(match f {
            docker::Finding::Tty(i) => diag(
                Code::DockerTty,
                format!(
                    "`{}` in server `{name}` asks docker for a terminal, but Claude Desktop \
gives servers none: docker stops with \"the input device is not a TTY\"",
                    words[i]
                ),
                args[i].0.span,
            )
            .hint(if words[i].len() > 2 && words[i] != "--tty" {
                format!("drop the `t`: {}", json_str(&words[i].replace('t', "")))
            } else {
                "remove it; keep `-i`".to_string()
            }),
            docker::Finding::NoStdin(i) => diag(
                Code::DockerNoStdin,
                format!(
                    "`docker {}` of server `{name}` has no `-i`: the container's stdin is \
closed, so the server never receives the app's messages",
                    words[i]
                ),
                args[i].0.span,
            )
            .hint(format!(
                "add `-i` after `{0}`: \"{0}\", \"-i\", ...",
                words[i]
            )),
        });
    }
}

/// `command` is the interpreter; `wrapped`, the launcher the entry runs it
/// through (`env`, `uv`), when it is not the entry's own command.
fn no_script_diag(
    name: &str,
    command: &str,
    wrapped: Option<&str>,
    script: &str,
    span: Span,
) -> Diagnostic {
    let module = if script == "server.py" {
        " (or \"-m\", \"package_name\" for a module)"
    } else {
        ""
    };
    let through = wrapped.map_or_else(String::new, |w| format!(" (through `{w}`)"));
    diag(
        Code::NoScript,
        format!(
            "server `{name}` starts `{command}`{through} with no script: with nothing to run it \
reads its program from stdin, where the app writes its MCP messages, and waits for the end of that \
program, which never comes; the server never answers"
        ),
        span,
    )
    .hint(if wrapped.is_some() {
        // the launcher and its options stay: the script goes after the
        // interpreter, at the end of args
        format!(
            "add the server's script after `{command}`, at the end of \"args\": \
\"/absolute/path/to/{script}\"{module}"
        )
    } else if script == no_script::CMD {
        "give the shell its program: \"args\": [\"/c\", \"C:\\\\path\\\\to\\\\server.exe\"] \
(PowerShell: \"-File\", \"C:\\\\path\\\\to\\\\server.ps1\")"
            .to_string()
    } else {
        format!(
            "put the server's script in args: \"args\": [\"/absolute/path/to/{script}\"]{module}"
        )
    })
}

/// What keeps the server from speaking MCP on the app's pipes: the MCP
/// Inspector started in its place (`mcp dev`), or a shell line that moves
/// its stdio (`2>&1`, `> file`, `< file`).
fn not_stdio(
    name: &str,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    traits: &Traits,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // the shell line: `sh -c LINE`'s LINE, or what follows `cmd /c`
    let line: Option<(String, Span)> = if traits.shell {
        sh_line(Some(text), args)
            .and_then(|i| args.get(i))
            .map(|(n, a)| (a.to_string(), n.span))
    } else if traits.cmd {
        let switch = args
            .iter()
            .position(|(_, a)| crate::secrets::is_cmd_switch(a));
        // `/s` before `/c`: cmd strips the line's outer quotes always
        let s_switch =
            switch.is_some_and(|at| args[..at].iter().any(|(_, a)| a.eq_ignore_ascii_case("/s")));
        switch
            .and_then(|i| Some((&args[i + 1..], args.get(i + 1)?.0.span)))
            .map(|(rest, span)| {
                let words: Vec<&str> = rest.iter().map(|(_, a)| *a).collect();
                (shell_line::cmd_line(&words.join(" "), s_switch), span)
            })
    } else {
        None
    };
    // a POSIX line's words as sh splits them (`"/my srv/s.py"` is one);
    // cmd's, at white space (it leaves quotes to each program)
    let line_words: Vec<String> = line.as_ref().map_or_else(Vec::new, |(line, _)| {
        let plain = || line.split_whitespace().map(str::to_string).collect();
        if traits.cmd {
            plain()
        } else {
            crate::text::split_words(line).unwrap_or_else(|_| plain())
        }
    });
    let mut words: Vec<(&str, Span)> = vec![(text, cmd.span)];
    words.extend(args.iter().map(|(n, a)| (*a, n.span)));
    if let Some((_, span)) = &line {
        words.extend(line_words.iter().map(|w| (w.as_str(), *span)));
    }
    // an empty line (`sh -c ""`), or `-c` with none (`sh -c`): the shell
    // ends at once, or refuses to start
    let no_line = text_is_posix_shell(text)
        && shell_line::sh_args(&args.iter().map(|(_, a)| *a).collect::<Vec<_>>())
            == shell_line::ShArgs::NoLine;
    if no_line || line.as_ref().is_some_and(|(l, _)| l.trim().is_empty()) {
        let span = line.as_ref().map_or(cmd.span, |(_, s)| *s);
        out.push(
            diag(
                Code::StartsNothing,
                format!(
                    "server `{name}` gives its shell {}: it starts no program, so the server is \
gone at once and the app shows it disconnected",
                    if no_line {
                        "`-c` with no line after it (the shell refuses to start)"
                    } else {
                        "an empty line to run"
                    }
                ),
                span,
            )
            .hint(
                "put the server's command in the line: e.g. \"args\": [\"-c\", \"cd /srv && \
python3 server.py\"]",
            ),
        );
    }
    // a line (or a command) of `cd`, `export`, `set` alone starts nothing
    let nothing = match &line {
        Some((line, span)) => {
            shell_line::starts_nothing(line, traits.cmd).map(|w| (line.clone(), w, *span))
        }
        None if !traits.shell && !traits.cmd => {
            let stem = remote::stem(text);
            shell_line::STARTS_NOTHING.contains(&&*stem).then(|| {
                let mut all = vec![text];
                all.extend(args.iter().map(|(_, a)| *a));
                (all.join(" "), vec![stem.to_string()], cmd.span)
            })
        }
        None => None,
    };
    if let Some((whole_line, words, span)) = nothing {
        let line = crate::text::clip(&whole_line, 60);
        let only_setup = words
            .iter()
            .all(|w| shell_line::STARTS_NOTHING.contains(&w.as_str()));
        let does = if only_setup {
            "only changes the folder or sets a variable"
        } else {
            "only runs the shell's own commands"
        };
        // the line to extend as it is, when it is all set-up and shown whole
        // (`cd /srv;` and `cd /srv &` take no `&&` after them)
        let base = whole_line
            .trim_end()
            .trim_end_matches([';', '&'])
            .trim_end();
        let hint = if only_setup && line.len() == whole_line.len() {
            format!(
                "name the server's program after it, in one shell line: `{base} && <the \
server's command>` (e.g. `cd /srv && python3 server.py`)"
            )
        } else {
            let ending: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| !shell_line::STARTS_NOTHING.contains(w))
                .collect();
            let why = if ending.is_empty() {
                String::new()
            } else {
                format!(
                    " (`{}` would end the line, or write to stdout, the protocol's channel, \
before the server starts)",
                    ending.join("`, `")
                )
            };
            format!(
                "end the line with the server's program, keeping only the set-up before it \
(`cd`, `export`): e.g. `cd /srv && python3 server.py`{why}"
            )
        };
        let words = words.join("`, `");
        out.push(
            diag(
                Code::StartsNothing,
                format!(
                    "server `{name}` runs `{line}`, which {does} (`{words}`): it starts no \
program, so the server is gone at once and the app shows it disconnected"
                ),
                span,
            )
            .hint(hint),
        );
    }
    // the entry's own words, then the shell line's: each corrected as a whole
    let plain: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
    let own = 1 + args.len();
    let found = inspector::find(&plain[..own])
        .map(|f| (f, true))
        .or_else(|| {
            inspector::find(&plain[own..]).map(|f| {
                let at = f.at + own;
                (inspector::Found { at, ..f }, false)
            })
        });
    if let Some((found, whole)) = found {
        let span = words[found.at].1;
        out.push(
            diag(
                Code::InspectorCommand,
                format!(
                    "server `{name}` starts the MCP Inspector (`{}`), a web page for trying \
a server by hand, not the server: it speaks no MCP on stdio, so the app gets no answer",
                    found.what
                ),
                span,
            )
            .hint(inspector_hint(&found, whole, traits.cmd)),
        );
    }
    if let Some((line, span)) = &line
        && let Some((kind, op)) = redirect::find(line)
    {
        let (message, hint) = match kind {
            redirect::Redirect::StderrToStdout => (
                "sends the server's stderr (its logs) where its MCP messages go: the app reads \
every line of stdout as a message, and the first log line breaks the conversation",
                "remove `2>&1`: the app keeps each server's stderr in its own log; to keep one of \
your own, write `2>>/path/to/server.log`",
            ),
            redirect::Redirect::StdoutAway => (
                "sends the server's stdout, its MCP messages, to a file: the app never hears \
them",
                "remove the redirection of stdout; to log, redirect stderr instead \
(`2>>/path/to/server.log`)",
            ),
            redirect::Redirect::StdinFrom => (
                "feeds the server a file instead of the app's messages: it never receives \
`initialize`",
                "remove the redirection of stdin",
            ),
        };
        out.push(
            diag(
                Code::ShellRedirect,
                format!("`{op}` in the shell line of server `{name}` {message}"),
                *span,
            )
            .hint(hint),
        );
    }
    out
}

/// What to start instead of the Inspector: as the entry's `command` and
/// `args` (`whole`: the Inspector is the entry's own command line), or as
/// the words of its shell line; secrets masked, `-e` values never shown.
/// `cmd`: the corrected shell line is cmd's (its words shown as split);
/// else a POSIX shell's, a word with white space in it quoted again.
fn inspector_hint(found: &inspector::Found, whole: bool, cmd: bool) -> String {
    let instead = crate::secrets::mask_args(&found.instead);
    let mut hint = match (&found.config, instead.split_first()) {
        (Some((file, server)), _) => {
            let entry = server
                .as_deref()
                .map_or(String::new(), |s| format!(" `{s}`"));
            format!(
                "start the server itself: the entry{entry} of {file} the Inspector was given \
(its \"command\", \"args\" and \"env\")"
            )
        }
        (None, None) => {
            "start the server itself: the server's own command, which the Inspector was given \
to start"
                .to_string()
        }
        (None, Some((program, rest))) if whole => {
            let rest: Vec<String> = rest.iter().map(|a| json_str(a)).collect();
            format!(
                "start the server itself ({}): \"command\": {}, \"args\": [{}]",
                found.how,
                json_str(program),
                rest.join(", ")
            )
        }
        (None, Some(_)) => {
            let shown: Vec<String> = instead
                .iter()
                .map(|w| {
                    if !cmd && (w.is_empty() || w.contains(char::is_whitespace)) {
                        crate::text::shell_word(w)
                    } else {
                        w.clone()
                    }
                })
                .collect();
            format!(
                "start the server itself ({}) in the shell line: `{}`",
                found.how,
                shown.join(" ")
            )
        }
    };
    if !found.env.is_empty() {
        let vars: Vec<String> = found
            .env
            .iter()
            .map(|k| format!("{}: \"...\"", json_str(k)))
            .collect();
        hint.push_str(&format!(
            "; the variables given with `-e` go in the entry's \"env\": {{{}}}",
            vars.join(", ")
        ));
    }
    if !found.dropped.is_empty() {
        let dropped = crate::secrets::mask_args(&found.dropped);
        hint.push_str(&format!(
            "; left out ({}): `{}`",
            found.dropped_why,
            crate::text::clip(&dropped.join(" "), 60)
        ));
    }
    hint
}

/// Where the app starts servers on `os`, for messages: "the app starts
/// servers from {app_cwd}" (the `AppProfile` cwd on macOS and Linux; on
/// Windows the app's own install folder, wherever that is).
pub(crate) fn app_cwd(os: Os) -> &'static str {
    match os {
        Os::MacOs => "`/`",
        Os::Windows => "its own folder",
        Os::Linux => "`/`",
    }
}

/// `p` (relative) under the folder `dir`, in `dir`'s own separator style.
fn join_under(dir: &str, p: &str) -> String {
    let sep = if dir.contains('\\') { '\\' } else { '/' };
    let dir = dir.trim_end_matches(['/', '\\']);
    match p {
        "." => dir.to_string(),
        p => {
            let p = p.trim_start_matches("./").trim_start_matches(".\\");
            let p: String = p
                .chars()
                .map(|c| if c == '/' || c == '\\' { sep } else { c })
                .collect();
            format!("{dir}{sep}{p}")
        }
    }
}

/// An absolute example for a relative path, as a JSON string: under the
/// current folder when mcpctl knows it (what `doctor --fix` writes when
/// the path exists there), else a sketch under the home folder.
fn example_abs(ctx: &LintContext, p: &str) -> String {
    if let Some(here) = &ctx.here {
        let here = here.to_string_lossy();
        let (base, rest) = match p.strip_prefix("../").or_else(|| p.strip_prefix("..\\")) {
            Some(rest) => (parent_of(&here), rest),
            None if p == ".." => (parent_of(&here), "."),
            None => (here.to_string(), p),
        };
        let which = match p {
            "." => "the current folder",
            ".." => "the folder above the current one",
            _ => "the one under the current folder",
        };
        return format!(
            "{}, if you mean {which}",
            json_str(&join_under(&base, rest))
        );
    }
    let p = match p {
        "." | ".." => "project",
        p => p.trim_start_matches("./").trim_start_matches(".\\"),
    };
    let full = match (ctx.os, &ctx.home) {
        (Os::Windows, _) => format!("C:\\Users\\you\\…\\{}", p.replace('/', "\\")),
        (_, Some(h)) => format!("{}/…/{p}", h.to_string_lossy().trim_end_matches('/')),
        (Os::MacOs, None) => format!("/Users/you/…/{p}"),
        (Os::Linux, None) => format!("/home/you/…/{p}"),
    };
    json_str(&full)
}

/// The folder above `dir` (itself at a root).
fn parent_of(dir: &str) -> String {
    let trimmed = dir.trim_end_matches(['/', '\\']);
    match trimmed.rfind(['/', '\\']) {
        Some(0) => dir[..1].to_string(),
        Some(i) if trimmed[..i].ends_with(':') => trimmed[..=i].to_string(),
        Some(i) => trimmed[..i].to_string(),
        None => dir.to_string(),
    }
}

/// Flags after which relative paths are relative to a folder the server
/// is told about (`uv --directory /abs run server.py`).
pub fn sets_base_dir(arg: &str) -> bool {
    let flag = arg.split('=').next().unwrap_or(arg);
    matches!(
        flag,
        "--directory" | "--cwd" | "-C" | "--prefix" | "--project"
    )
}

#[allow(clippy::too_many_arguments)]
fn check_command(
    name: &str,
    server: &Node,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    ctx: &LintContext,
    found: &mut Found,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(p) = placeholder::find(text, placeholder::Place::Command) {
        out.push(placeholder_diag(name, "command", cmd, &p));
        return;
    }
    if let Some(d) = escaped_path(name, "`command`", cmd, text, true) {
        out.push(d);
        return;
    }
    let before = out.len();
    if let Some(d) = command_with_args(name, cmd, text, args, ctx.os) {
        out.push(d);
    } else if let Some(d) = tilde_diag(Code::TildeCommand, name, "command", cmd, text, ctx) {
        out.push(d);
    } else if let Some(var) = find_var(ctx.os, text) {
        out.push(
            diag(
                Code::VarCommand,
                format!(
                    "`command` of server `{name}` contains `{var}`: Claude Desktop starts the \
program without a shell and does not expand variables"
                ),
                cmd.span,
            )
            .hint("write the program's absolute path itself"),
        );
    } else if is_relative_command(ctx.os, text) {
        out.push(relative_command(name, cmd, text, ctx));
    }
    if let Some(d) = windows_shim(name, server, cmd, text, args, ctx) {
        out.push(d);
    } else if out.len() == before
        && let Some(d) = not_found(name, server, cmd, text, args, ctx, found)
    {
        out.push(d);
    }
}

/// A relative `command`. On Windows `\\srv\\x.exe` and `C:srv\\x.exe` only
/// look absolute: they depend on the app's current drive and folder.
fn relative_command(name: &str, cmd: &Node, text: &str, ctx: &LintContext) -> Diagnostic {
    let form = paths::form(ctx.os.path_style(), text);
    let (message, hint) = match (form, paths::drive(text)) {
        (Form::RootRelative, _) => (
            format!(
                "`command` of server `{name}` is \"{text}\", which starts at the root of the \
current drive: it depends on the drive the app runs from, so it is not an absolute path"
            ),
            format!(
                "write the drive too (e.g. {})",
                json_str(&format!("C:{text}"))
            ),
        ),
        (Form::DriveRelative, Some(d)) => (
            format!(
                "`command` of server `{name}` is \"{text}\", which is relative to the app's \
current folder on drive {d}: (there is no `\\` after `{d}:`), not an absolute path"
            ),
            format!(
                "write the full path (e.g. {})",
                json_str(&format!("{d}:\\{}", &text[2..]))
            ),
        ),
        _ => (
            format!(
                "`command` of server `{name}` is the relative path \"{text}\": the app \
starts servers from {}, not your folder",
                app_cwd(ctx.os)
            ),
            format!("write the absolute path (e.g. {})", example_abs(ctx, text)),
        ),
    };
    diag(Code::RelativeCommand, message, cmd.span).hint(hint)
}

/// `"command": "npx -y pkg"`: a command line in one string.
fn command_with_args(
    name: &str,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    os: Os,
) -> Option<Diagnostic> {
    let (shell, shell_flag) = match os {
        Os::Windows => ("cmd", "/c"),
        Os::MacOs | Os::Linux => ("sh", "-c"),
    };
    let mut words = text.split_whitespace();
    let program = words.next()?;
    let rest: Vec<&str> = words.collect();
    // `GITHUB_TOKEN=x` as the command and `npx ...` in args (typed
    // unquoted after `mcpctl add NAME --`): a shell's assignment too
    let assigns = shell_line::assigned(program).is_some();
    if (rest.is_empty() && (!assigns || args.is_empty()))
        || (program.contains(['/', '\\']) && !assigns)
    {
        return None;
    }
    let all: Vec<String> = rest
        .iter()
        .copied()
        .chain(args.iter().map(|(_, a)| *a))
        .map(str::to_string)
        .collect();
    let all: Vec<String> = crate::secrets::mask_args(&all)
        .iter()
        .map(|a| json_str(a))
        .collect();
    let line = crate::text::split_words(text).ok().and_then(|mut w| {
        if rest.is_empty() {
            w.extend(args.iter().map(|(_, a)| a.to_string()));
        }
        shell_line::of(&w)
    });
    let hint = match line {
        Some(shell_line::ShellLine::Syntax(word)) if args.is_empty() => format!(
            "it is a shell line (`{word}`), and the app runs no shell: run it through one, \
\"command\": {}, \"args\": [{}, {}]",
            json_str(shell),
            json_str(shell_flag),
            json_str(text)
        ),
        Some(shell_line::ShellLine::Syntax(word)) => format!(
            "it is a shell line (`{word}`), and the app runs no shell: put the whole line, \
args included, in one shell command, \"command\": {}, \"args\": [{}, \"...\"]",
            json_str(shell),
            json_str(shell_flag)
        ),
        Some(shell_line::ShellLine::Assignments(names)) => {
            // `all` is the words after the first: the program comes after
            // the last assignment
            let (program, rest) = all[names.len() - 1..]
                .split_first()
                .map(|(p, r)| (p.clone(), r.join(", ")))
                .unwrap_or_default();
            let vars: Vec<String> = names
                .iter()
                .map(|n| format!("{}: \"...\"", json_str(n)))
                .collect();
            format!(
                "the app runs no shell, so `{}=...` before the program sets nothing: move the \
value into \"env\": {{{}}}, and split the rest: \"command\": {program}, \"args\": [{rest}]",
                names.join("=...`, `"),
                vars.join(", ")
            )
        }
        None => format!(
            "split it: \"command\": {}, \"args\": [{}]",
            json_str(program),
            all.join(", ")
        ),
    };
    Some(
        diag(
            Code::CommandWithArgs,
            format!(
                "`command` of server `{name}` is a whole command line: Claude Desktop runs \
\"{text}\" as the name of one program, which does not exist"
            ),
            cmd.span,
        )
        .hint(hint),
    )
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The PATH the entry's own `env` sets, if it does: the app's spawn
/// (Node's) searches the command on it rather than on the app's PATH.
/// Spelt `PATH` only: on Windows Node keeps, of names that differ in case,
/// the first in sorted order, the app's `PATH` before an entry's `Path`.
fn entry_path(server: &Node) -> Option<&str> {
    let env = server.get("env")?.as_object()?;
    env.iter()
        .rev()
        .find(|m| m.key == "PATH")
        .and_then(|m| m.value.as_str())
}

#[allow(clippy::too_many_arguments)]
fn not_found(
    name: &str,
    server: &Node,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    ctx: &LintContext,
    found: &mut Found,
) -> Option<Diagnostic> {
    let lookup = ctx.lookup?;
    let own = entry_path(server);
    let (path, label) = match own {
        Some(p) => (p, "the PATH the entry's `env` sets"),
        None => (ctx.app_path.as_str(), ctx.app_path_label.as_str()),
    };
    let bare = !text.contains(['/', '\\']);
    // a shell's built-in (`cd`) is no program to find: starts-nothing says
    // what is wrong
    if bare && shell_line::STARTS_NOTHING.contains(&&*remote::stem(text)) {
        return None;
    }
    if ctx.os != Os::Windows && is_windows_only(text) {
        if bare && found.lookup(lookup, text, path, &ctx.cwd).is_some() {
            return None;
        }
        return Some(windows_only(name, cmd, text, args, ctx));
    }
    if !bare && !is_absolute(ctx.os, text) {
        return None;
    }
    if found.lookup(lookup, text, path, &ctx.cwd).is_some() {
        return None;
    }
    if !bare {
        return Some(
            diag(
                Code::CommandNotFound,
                format!(
                    "`command` of server `{name}` is {text}, which does not exist or is not \
executable"
                ),
                cmd.span,
            )
            .hint(ctx.os.missing_program_hint()),
        );
    }
    // the entry's own PATH is an env value: shown as the file has it, masked
    let message = match (own, path.is_empty()) {
        (Some(_), _) => format!("`{text}` (server `{name}`) is not on {label}"),
        (None, true) => format!("`{text}` (server `{name}`) is not on {label}: (empty)"),
        (None, false) => format!("`{text}` (server `{name}`) is not on {label}: {path}"),
    };
    // on Windows an entry's `Path` is dropped beside the app's PATH
    // (`env-name-case`): the folder it names may hold the program
    let dropped = server
        .get("env")
        .and_then(Node::as_object)
        .is_some_and(|env| launch::drops_path(ctx.os, env.iter().map(|e| e.key.as_str())));
    let hint = if dropped {
        "the entry's env spells it other than `PATH`, and Node drops that beside the app's PATH \
(env-name-case), so its folders are never searched: spell it `PATH`, or write the program's \
absolute path as \"command\""
            .to_string()
    } else {
        not_found_hint(text, path, ctx, lookup, found)
    };
    Some(diag(Code::CommandNotFound, message, cmd.span).hint(hint))
}

fn not_found_hint(
    text: &str,
    path: &str,
    ctx: &LintContext,
    lookup: Lookup,
    found: &mut Found,
) -> String {
    let in_shell = (!ctx.shell_path.is_empty())
        .then(|| found.lookup(lookup, text, &ctx.shell_path, &ctx.cwd))
        .flatten();
    if let Some(full) = in_shell {
        return format!(
            "your shell finds it at {}: use that absolute path as \"command\" (the app does \
not read your shell's PATH)",
            full.to_string_lossy()
        );
    }
    if text == "python" && found.lookup(lookup, "python3", path, &ctx.cwd).is_some() {
        return "there is no `python` there, but there is `python3`: use \"command\": \
\"python3\", or the absolute path of your virtualenv's python"
            .to_string();
    }
    missing_program_hint(text)
}

/// Programs MCP configs launch, likeliest first: what a typo in `command`
/// most likely meant.
pub const LAUNCHERS: &[&str] = &[
    "npx", "uvx", "uv", "node", "python3", "python", "docker", "npm", "pnpm", "pnpx", "bunx",
    "bun", "deno", "yarn", "podman", "java",
];

/// The name a missing command likely stands for (`npxx` → `npx`); never
/// for a known launcher itself (`uvx` is not a typo of `uv`).
pub fn typo_of<'a>(command: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if LAUNCHERS.contains(&command) {
        return None;
    }
    crate::text::likely_typo(command, names)
}

/// How to get a launcher that is on no PATH at all (`uvx` comes with uv).
pub fn install_hint(program: &str) -> Option<&'static str> {
    let file = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let lower = file.to_ascii_lowercase();
    let stem = lower.strip_suffix(".exe").unwrap_or(&lower);
    Some(match stem {
        "uv" | "uvx" => {
            "install uv, which brings `uvx` (https://docs.astral.sh/uv/getting-started/installation/: \
`curl -LsSf https://astral.sh/uv/install.sh | sh`, or `brew install uv`)"
        }
        "npx" | "npm" | "node" => {
            "install Node.js, which brings `npm` and `npx` (https://nodejs.org/, or your package \
manager)"
        }
        "pnpm" | "pnpx" => "install pnpm (`corepack enable`, or `npm install -g pnpm`)",
        "bun" | "bunx" => "install Bun (https://bun.sh/)",
        "deno" => "install Deno (https://deno.com/)",
        "python3" | "python" => {
            "install Python 3 (https://www.python.org/downloads/, or your package manager)"
        }
        "docker" => {
            "install Docker (Docker Desktop on macOS and Windows: https://docs.docker.com/get-docker/)"
        }
        _ => return None,
    })
}

/// The hint for a bare command found on no PATH at all: the name it
/// likely stands for, how to install a known launcher, or the generic fix.
pub fn missing_program_hint(text: &str) -> String {
    if let Some(meant) = typo_of(text, LAUNCHERS.iter().copied()) {
        return format!(
            "did you mean `{meant}`? write \"command\": {}",
            json_str(meant)
        );
    }
    match install_hint(text) {
        Some(how) => format!(
            "{how}; then use the absolute path it installs to as \"command\", unless the app's \
PATH has it (the app does not read your shell's PATH)"
        ),
        None => format!(
            "install `{text}`, or use its absolute path as \"command\" (the app does not read \
your shell's PATH)"
        ),
    }
}

/// `cmd`, `powershell`, `wsl`, `C:\\...`, `x.exe`/`.cmd`/`.bat`: only a
/// Windows machine can start it.
pub fn is_windows_only(text: &str) -> bool {
    let file = text
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(text)
        .to_lowercase();
    matches!(
        file.as_str(),
        "cmd" | "cmd.exe" | "powershell" | "powershell.exe" | "wsl" | "wsl.exe"
    ) || [".exe", ".cmd", ".bat"].iter().any(|e| file.ends_with(e))
        || windows_path(text)
}

/// The program a `wsl` command line runs inside Linux, with its
/// arguments: what follows `--`/`-e`/`--exec`, or the first word after
/// wsl's own options (`-d NAME`, `-u USER`, `--cd DIR`).
fn wsl_inner<'a, 'b>(words: &'b [&'a str]) -> Option<&'b [&'a str]> {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        match *w {
            "-d" | "--distribution" | "-u" | "--user" | "--cd" | "--shell-type" => i += 2,
            "-e" | "--exec" | "--" => return Some(&words[i + 1..]).filter(|r| !r.is_empty()),
            w if w.starts_with('-') => i += 1,
            _ => return Some(&words[i..]),
        }
    }
    None
}

/// How to write a Windows-only entry for `os`: unwrap `cmd /c X ...` and
/// `wsl [options] -- X ...` into `X ...`. A program given as one string
/// with its arguments (`cmd /c "npx -y pkg"`) is split as a shell would
/// (`crate::text::split_words`), so the hint is no `command-with-args`
/// error of its own; a path with spaces in it (`"C:\\Program Files\\..."`)
/// is kept whole.
pub fn windows_only_hint(os: Os, text: &str, words: &[&str]) -> String {
    let lower = text.to_lowercase();
    let stem = lower.strip_suffix(".exe").unwrap_or(&lower);
    let inner = match (stem, words.split_first()) {
        ("cmd", Some((c, rest))) if c.eq_ignore_ascii_case("/c") => Some(rest),
        ("wsl", _) => wsl_inner(words),
        _ => None,
    };
    let wrapper = if stem == "wsl" { "wsl" } else { "cmd /c" };
    let Some(inner) = inner.filter(|w| !w.is_empty()) else {
        return "use the program's name or path on this machine".to_string();
    };
    let (line, inner) = one_string_line(inner);
    match inner.as_slice() {
        // `cmd /c set X=1`, `cmd /c cd /d C:\srv && ...`: no program to name
        [program, ..] if stem == "cmd" && shell_line::is_cmd_builtin(program) => format!(
            "on {} drop the `cmd /c` wrapper: `{program}` is cmd's own command, not a program; \
set variables in \"env\" and make the server's own program the \"command\"",
            os.name()
        ),
        [program, rest @ ..] => {
            let rest = crate::secrets::mask_args(rest);
            // a path written for Windows names nothing on macOS/Linux:
            // unwrapping alone would keep it
            let windows: Vec<String> = std::iter::once(program.as_str())
                .chain(rest.iter().map(String::as_str))
                .filter_map(windows_path_in)
                .map(|p| format!("`{p}`"))
                .collect();
            let paths = match windows.as_slice() {
                [] => String::new(),
                [one] => format!(
                    "; the Windows path {one} must change too: write where it is on {}",
                    os.name()
                ),
                many => format!(
                    "; the Windows paths {} must change too: write where each is on {}",
                    many.join(", "),
                    os.name()
                ),
            };
            let unwrapped = match line.as_deref().and_then(|_| shell_line::of(&inner)) {
                // `wsl -- "cd /srv && node x.js"`: a line only a shell runs
                Some(shell_line::ShellLine::Syntax(word)) => {
                    let whole = crate::secrets::mask_args(&[line.unwrap_or_default()]);
                    format!(
                        "it is a shell line (`{word}`), and the app runs no shell: run it \
through one, \"command\": \"sh\", \"args\": [\"-c\", {}]",
                        json_str(&whole.concat())
                    )
                }
                // `cmd /c "DEBUG=1 node x.js"`: the assignments go to `env`
                Some(shell_line::ShellLine::Assignments(names)) => {
                    let vars: Vec<String> = names
                        .iter()
                        .map(|n| format!("{}: \"...\"", json_str(n)))
                        .collect();
                    // `rest` is the words after the first: the program
                    // comes after the last assignment
                    let (program, rest): (String, Vec<String>) = rest[names.len() - 1..]
                        .split_first()
                        .map(|(p, r)| (json_str(p), r.iter().map(|a| json_str(a)).collect()))
                        .unwrap_or_default();
                    format!(
                        "move `{}=...` into \"env\": {{{}}}, and split the rest: \
\"command\": {program}, \"args\": [{}]",
                        names.join("=...`, `"),
                        vars.join(", "),
                        rest.join(", ")
                    )
                }
                None => {
                    let rest: Vec<String> = rest.iter().map(|a| json_str(a)).collect();
                    format!(
                        "\"command\": {}, \"args\": [{}]",
                        json_str(program),
                        rest.join(", ")
                    )
                }
            };
            format!(
                "on {} drop the `{wrapper}` wrapper: {unwrapped}{paths}",
                os.name()
            )
        }
        [] => "use the program's name or path on this machine".to_string(),
    }
}

/// The words a wrapper runs, the first split when it is a whole command
/// line in one string (`"npx -y pkg"`), with that line; the words as they
/// are (and no line) when the first is one word, a path with spaces in it
/// (`C:\\Program Files\\nodejs\\node.exe`: its second piece is a path
/// too), or a string whose quotes never close.
fn one_string_line(words: &[&str]) -> (Option<String>, Vec<String>) {
    let as_is = || (None, words.iter().map(|w| w.to_string()).collect());
    let Some((first, rest)) = words.split_first() else {
        return as_is();
    };
    let Ok(split) = crate::text::split_words(first) else {
        return as_is();
    };
    let spaced_path = |w: &[String]| {
        let sep = |s: &str| s.contains(['/', '\\']);
        w.len() > 1 && sep(&w[0]) && sep(&w[1]) && !w[1].starts_with('-')
    };
    if split.len() < 2 || spaced_path(&split) {
        return as_is();
    }
    let all = split
        .into_iter()
        .chain(rest.iter().map(|w| w.to_string()))
        .collect();
    (Some(first.to_string()), all)
}

/// The Windows path an argument is, or gives an option (`--dir=C:\\x`).
fn windows_path_in(arg: &str) -> Option<&str> {
    let value = match arg.split_once('=') {
        Some((flag, v)) if flag.starts_with('-') => v,
        _ => arg,
    };
    windows_path(value).then_some(value)
}

/// Written in Windows path syntax only: `C:\\x`, `\\\\srv\\x`, `\\x`, `C:x`
/// (not a Unix absolute path).
pub fn windows_path(text: &str) -> bool {
    !paths::is_absolute(Style::Unix, text)
        && matches!(
            paths::form(Style::Windows, text),
            Form::Absolute | Form::RootRelative | Form::DriveRelative
        )
}

/// A Windows entry checked on macOS/Linux (copied from a Windows README,
/// or a Windows config checked from WSL).
fn windows_only(
    name: &str,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    ctx: &LintContext,
) -> Diagnostic {
    let words: Vec<&str> = args.iter().map(|(_, a)| *a).collect();
    let hint = windows_only_hint(ctx.os, text, &words);
    diag(
        Code::CommandNotFound,
        format!(
            "`command` of server `{name}` is \"{text}\", which only exists on Windows: this \
entry is written for Windows and cannot start on {}",
            ctx.os.name()
        ),
        cmd.span,
    )
    .hint(hint)
}

const SHIMS: &[&str] = &["npx", "npm", "pnpm", "pnpx", "yarn", "bunx"];

fn windows_shim(
    name: &str,
    server: &Node,
    cmd: &Node,
    text: &str,
    args: &[(&Node, &str)],
    ctx: &LintContext,
) -> Option<Diagnostic> {
    if ctx.os != Os::Windows {
        return None;
    }
    let file = text
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(text)
        .to_lowercase();
    let stem = file.strip_suffix(".cmd").unwrap_or(&file);
    let is_shim = SHIMS.contains(&stem) || file.ends_with(".cmd") || file.ends_with(".bat");
    if !is_shim {
        return None;
    }
    let shown =
        crate::secrets::mask_args(&args.iter().map(|(_, a)| a.to_string()).collect::<Vec<_>>());
    // a path with a space needs quotes, and `cmd /c` strips the first and
    // the last quote of its line when there are more than two (a quoted
    // argument after it): `C:\Program Files\nodejs\npx.cmd` is then run
    // by its bare name, which cmd finds on PATH, and no fix is written
    let spaced = text.contains(' ');
    let bare = file
        .strip_suffix(".cmd")
        .or_else(|| file.strip_suffix(".bat"));
    let run = match (spaced, bare) {
        (true, Some(b)) => b.to_string(),
        _ => text.to_string(),
    };
    let wrapped: Vec<String> = ["/c", run.as_str()]
        .into_iter()
        .chain(shown.iter().map(String::as_str))
        .map(json_str)
        .collect();
    // Node refuses a `.cmd`/`.bat` named whole (spawn EINVAL, since the
    // CVE-2024-27980 fix); a bare name it does not find (ENOENT)
    let error = if file.ends_with(".cmd") || file.ends_with(".bat") {
        "EINVAL"
    } else {
        "ENOENT"
    };
    let mut hint = format!(
        "run it through cmd: \"command\": \"cmd\", \"args\": [{}]",
        wrapped.join(", ")
    );
    if spaced {
        hint.push_str(
            " (by its bare name, with its folder on PATH: cmd /c mangles a quoted path followed \
by quoted arguments)",
        );
    }
    let d = diag(
        Code::WindowsShim,
        format!(
            "`{text}` (server `{name}`) is a Windows batch shim; Claude Desktop starts commands \
without a shell, so it may fail to start (`spawn {text} {error}`)"
        ),
        cmd.span,
    )
    .hint(hint);
    Some(match shim_fix(server, cmd, text).filter(|_| !spaced) {
        Some(edits) => d.fix("run it through `cmd /c`", edits),
        None => d,
    })
}

/// `"command": "cmd"` and `"/c", COMMAND` in front of the args (creating
/// `args` after `command` when there is none).
fn shim_fix(server: &Node, cmd: &Node, text: &str) -> Option<Vec<TextEdit>> {
    let mut edits = vec![TextEdit {
        span: cmd.span,
        replacement: "\"cmd\"".into(),
    }];
    let prefix = format!("\"/c\", {}", json_str(text));
    match server.get("args") {
        Some(a) => {
            let items = a.as_array()?;
            let sep = if items.is_empty() { "" } else { ", " };
            edits.push(TextEdit {
                span: Span::at(a.span.start + 1),
                replacement: format!("{prefix}{sep}"),
            });
        }
        None => edits.push(TextEdit {
            span: Span::at(cmd.span.end),
            replacement: format!(", \"args\": [{prefix}]"),
        }),
    }
    Some(edits)
}

/// Whether `value` holds a Windows path of JSON escapes (`escaped-path`):
/// what is said of the value is that, not a missing program.
pub fn is_escaped_path(value: &str) -> bool {
    !escaped::hits(value).is_empty()
}

/// `escaped-path` for a value of the entry (`what`: how the message
/// names it); `spell`: the hint may quote the value (not an env value,
/// which output masks). Its fix is made where the file's text is at hand
/// ([`raw_escape_fixes`]): only the path's backslashes doubled.
fn escaped_path(
    name: &str,
    what: &str,
    node: &Node,
    value: &str,
    spell: bool,
) -> Option<Diagnostic> {
    let meant = escaped::meant(value)?;
    let hint = if spell {
        format!(
            "double every backslash, {}, or use forward slashes, {}",
            json_str(&meant),
            json_str(&meant.replace('\\', "/"))
        )
    } else {
        "double every backslash, or use forward slashes".to_string()
    };
    let named = escaped::named(value);
    let is = if named.contains(',') {
        "are each"
    } else {
        "is"
    };
    Some(
        diag(
            Code::EscapedPath,
            format!(
                "{what} of server `{name}` holds a Windows path whose single backslashes JSON reads \
as escapes: {named} in it {is} a control character, not a backslash and a letter, so the path \
does not exist"
            ),
            node.span,
        )
        .hint(hint),
    )
}

/// `PATH` in `env` on macOS or Linux that names neither `/usr/bin` nor
/// `/bin`: it replaces the app's PATH for the server, and what the server
/// starts by name there is not found (npx and npm run a package's scripts
/// with `sh`: `npm error enoent spawn sh ENOENT`). Guides for nvm users
/// set `"PATH": "<nvm>/bin"` alone. A value holding `$` is another rule's
/// (`unexpanded-var`).
fn path_without_system(name: &str, e: &Member, v: &str, ctx: &LintContext) -> Option<Diagnostic> {
    if ctx.os == Os::Windows || e.key != "PATH" || v.contains('$') {
        return None;
    }
    let folders: Vec<&str> = v
        .split(':')
        .map(|p| p.trim().trim_end_matches('/'))
        .collect();
    if folders.iter().any(|p| *p == "/usr/bin" || *p == "/bin") {
        return None;
    }
    // only the system folders it lacks (`/usr/local/bin` may be there
    // already): named, the value is not
    let missing: Vec<&str> = ["/usr/local/bin", "/usr/bin", "/bin"]
        .into_iter()
        .filter(|f| !folders.contains(f))
        .collect();
    let hint = format!(
        "end the PATH with the system folders: add `:{}` to its end",
        missing.join(":")
    );
    Some(
        diag(
            Code::EnvPathNoSystem,
            format!(
                "env `PATH` of server `{name}` replaces the app's PATH and names neither \
/usr/bin nor /bin: whatever the server starts by name is looked up there only, so `sh` (which \
npx and npm run scripts with) is not found (`spawn sh ENOENT`)"
            ),
            e.value.span,
        )
        // (an env value is masked in output: the hint does not spell it)
        .hint(hint),
    )
}

fn check_env(
    name: &str,
    e: &Member,
    v: &str,
    elsewhere: bool,
    ctx: &LintContext,
    out: &mut Vec<Diagnostic>,
) {
    if v.is_empty() {
        out.push(
            diag(
                Code::EmptyEnvValue,
                format!(
                    "env `{}` of server `{name}` is empty: the server gets {} set to an empty \
string",
                    e.key, e.key
                ),
                e.value.span,
            )
            .hint(Code::EmptyEnvValue.hint()),
        );
        return;
    }
    if let Some(d) = path_without_system(name, e, v, ctx) {
        out.push(d);
    }
    let what = format!("env `{}`", e.key);
    if let Some(p) = placeholder::find(v, placeholder::Place::Env) {
        out.push(placeholder_diag(name, &what, &e.value, &p));
        return;
    }
    // an env value is masked in output: the hint does not spell it
    if let Some(d) = escaped_path(name, &what, &e.value, v, false) {
        out.push(d);
        return;
    }
    let before = out.len();
    check_value(
        name,
        &what,
        &e.value,
        v,
        &Traits::default(),
        false,
        ctx,
        out,
    );
    // `"API_KEY": "${API_KEY}"` (Claude Code's spelling, `${env:API_KEY}`
    // Cursor's): the value meant is the one exported in the shell, which
    // `mcpctl env` writes
    let inner = v
        .trim()
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'));
    if inner.is_some_and(|i| i.strip_prefix("env:").unwrap_or(i) == e.key)
        && let Some(d) = out[before..]
            .iter_mut()
            .find(|d| d.code == Code::UnexpandedVar)
    {
        d.hint = Some(format!(
            "write the value itself: `mcpctl env {} {}` writes the value exported in your shell \
(never shown)",
            crate::text::shell_word(name),
            crate::text::shell_word(&e.key)
        ));
    }
    if !elsewhere {
        out.extend(missing_env_path(name, e, v, ctx));
    }
    // only `./x` and `../x`: env values are too varied to guess more
    if starts_dot_relative(ctx.os, v) {
        out.push(
            diag(
                Code::RelativeArg,
                format!(
                    "{what} of server `{name}` is a relative path: the app starts servers from \
{}, not your folder, so the server looks for it there",
                    app_cwd(ctx.os)
                ),
                e.value.span,
            )
            // no example built from the value: env values are masked in
            // every output, and an absolute path holding this one is not
            .hint(format!(
                "write the absolute path: the folder you mean followed by what comes after \
`{}` (`mcpctl env {} --show-secrets` shows the value)",
                if v.starts_with("..") { ".." } else { "." },
                crate::text::shell_word(name)
            )),
        );
    }
}

/// The command that shows whether a path exists, in the OS's shell.
fn exists_check(os: Os) -> &'static str {
    match os {
        Os::Windows => "`dir PATH`",
        _ => "`ls -ld PATH`",
    }
}

/// Whether `v` is one absolute path on this machine's disks, worth a
/// `stat`: not a list of paths, and not a network share (`\\host\x`,
/// `//host/x`), whose `stat` can wait for a host that is not there.
fn local_path(os: Os, v: &str) -> bool {
    let list = match os {
        Os::Windows => v.contains(';') || v.get(2..).is_some_and(|r| r.contains(':')),
        _ => v.contains(':'),
    };
    let share = v.starts_with("\\\\") || v.starts_with("//");
    is_absolute(os, v) && !list && !share
}

/// Variables whose value is a list of folders a program searches, in
/// the order given; one folder is a list of one.
const SEARCH_LISTS: &[&str] = &[
    "PATH",
    "PYTHONPATH",
    "NODE_PATH",
    "LD_LIBRARY_PATH",
    "LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FALLBACK_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH",
    "CLASSPATH",
    "MANPATH",
    "INFOPATH",
    "GOPATH",
    "PKG_CONFIG_PATH",
    "PERL5LIB",
    "RUBYLIB",
    "CDPATH",
    "PSMODULEPATH",
    "XDG_DATA_DIRS",
    "XDG_CONFIG_DIRS",
];

/// Whether env `key` names a search list ([`SEARCH_LISTS`]); Windows
/// names have no case (`Path`).
fn is_search_list(os: Os, key: &str) -> bool {
    SEARCH_LISTS
        .iter()
        .any(|l| *l == key || (os == Os::Windows && l.eq_ignore_ascii_case(key)))
}

/// An env value that is an absolute path with neither it nor its folder
/// on this machine (`missing-path`): a file the server opens or creates
/// needs at least its folder. The value is never quoted (env values are
/// masked in all output), nor any part of it.
fn missing_env_path(name: &str, e: &Member, v: &str, ctx: &LintContext) -> Option<Diagnostic> {
    let exists = ctx.exists?;
    // a folder a program searches (`PATH`, `PYTHONPATH`) is not a file the
    // server opens: a missing one is skipped by whoever searches it, and
    // `PATH` has its own check (`env-path-no-system`)
    if is_search_list(ctx.os, &e.key) {
        return None;
    }
    // a base64 secret may start with `/` and hold more: `+` and `=` are
    // its, a path's seldom
    if v.contains([',', '+', '=']) || !local_path(ctx.os, v) {
        return None;
    }
    let path = Path::new(v);
    let parent_missing = path
        .parent()
        .is_some_and(|p| exists(p) == Some(OnDisk::Missing));
    if !parent_missing || exists(path) != Some(OnDisk::Missing) {
        return None;
    }
    Some(
        diag(
            Code::MissingPath,
            format!(
                "env `{}` of server `{name}` is a path that does not exist on this machine, and \
neither does its folder: the server cannot open or create it",
                e.key
            ),
            e.value.span,
        )
        .hint(format!(
            "write a path whose folder exists on this machine (`mcpctl list --show-secrets` shows \
the value, {} checks it)",
            exists_check(ctx.os)
        )),
    )
}

/// `~` and variables in an argument or env value; `expanded`: a value a
/// bridge replaces `${VAR}` in (mcp-remote's `--header` values).
#[allow(clippy::too_many_arguments)]
fn check_value(
    name: &str,
    what: &str,
    node: &Node,
    text: &str,
    traits: &Traits,
    expanded: bool,
    ctx: &LintContext,
    out: &mut Vec<Diagnostic>,
) {
    if !(what == "args" && traits.expands_tilde)
        && let Some(d) = tilde_diag(Code::Tilde, name, what, node, text, ctx)
    {
        out.push(d);
    }
    if let Some(var) = find_var(ctx.os, text) {
        out.extend(var_diag(name, what, node, &var, traits, expanded));
    }
}

/// `$VAR` in a value. In a value a bridge expands itself (mcp-remote's
/// `--header` values, `${VAR}` only) it is fine when the entry's `env`
/// sets the variable, and told so when not.
fn var_diag(
    name: &str,
    what: &str,
    node: &Node,
    var: &str,
    traits: &Traits,
    expanded: bool,
) -> Option<Diagnostic> {
    let bare = var.trim_start_matches('$').trim_matches(['{', '}', '%']);
    // who replaces it from an environment, and what is left when that
    // environment lacks it
    // a variable the app passes every server is there to expand (`$HOME`;
    // `%APPDATA%` on Windows, where names have no case)
    let passed = || {
        traits
            .inherited
            .iter()
            .any(|v| *v == bare || (traits.cmd && v.eq_ignore_ascii_case(bare)))
    };
    let expander = if what != "args" {
        None
    } else if traits.shell && !var.starts_with('%') {
        if passed() {
            return None;
        }
        Some((
            "the shell expands it from the server's environment, where the app passes only a \
few variables,"
                .to_string(),
            "so it is most likely empty".to_string(),
        ))
    } else if traits.cmd && var.starts_with('%') {
        if passed() {
            return None;
        }
        Some((
            "cmd expands it from the server's environment, where the app passes only a few \
variables,"
                .to_string(),
            format!("so the server gets the text `{var}` as is"),
        ))
    } else if traits.bridge && expanded && var.starts_with("${") {
        Some((
            "mcp-remote replaces it from its own environment,".to_string(),
            format!("so the text `{var}` is sent as is"),
        ))
    } else {
        None
    };
    if let Some((who, left)) = expander {
        if traits.env_keys.contains(&bare) {
            return None;
        }
        return Some(
            diag(
                Code::UnexpandedVar,
                format!(
                    "an argument of server `{name}` uses `{var}`: {who} but the entry's `env` \
does not set {bare}, {left}"
                ),
                node.span,
            )
            .hint(format!(
                "add it to the entry: \"env\": {{\"{bare}\": \"...\"}}"
            )),
        );
    }
    if what == "args" && traits.bridge {
        return Some(
            diag(
                Code::UnexpandedVar,
                format!(
                    "an argument of server `{name}` uses `{var}`: mcp-remote replaces only \
`${{NAME}}`, and only in --header values (and --static-oauth-client-info), so it gets the text \
`{var}` as is"
                ),
                node.span,
            )
            .hint(
                "write the value itself; for a secret sent as a header, use \"--header\", \
\"Name:${NAME}\" with the value in the entry's env",
            ),
        );
    }
    let hint = if let Some(h) = other_client_hint(bare) {
        h
    } else if what == "args" {
        "write the value itself; for a secret, put it in `env` (\"env\": {\"NAME\": \"value\"}) if the server reads it from there".to_string()
    } else {
        "write the value itself here".to_string()
    };
    Some(
        diag(
            Code::UnexpandedVar,
            format!(
                "{what} of server `{name}` contains `{var}`: Claude Desktop does not expand \
variables, so the server gets the text `{var}` as is"
            ),
            node.span,
        )
        .hint(hint),
    )
}

/// The hint for a variable only another client fills (VS Code's and
/// Cursor's `${workspaceFolder}`, `${userHome}`, `${input:ID}`), which says
/// what it stood for there.
fn other_client_hint(bare: &str) -> Option<String> {
    Some(match bare {
        "workspaceFolder" | "workspaceFolderBasename" => format!(
            "`${{{bare}}}` is the folder open in VS Code or Cursor, which fill it; write that \
folder's absolute path"
        ),
        "userHome" => "`${userHome}` is VS Code's and Cursor's name for your home folder; write \
its absolute path (`~` is not expanded either)"
            .to_string(),
        _ if bare.starts_with("input:") => format!(
            "VS Code asks you for `${{{bare}}}` (its `inputs` prompt) when it starts the server; \
write the value itself"
        ),
        _ => return None,
    })
}

fn tilde_diag(
    id: Code,
    name: &str,
    what: &str,
    node: &Node,
    text: &str,
    ctx: &LintContext,
) -> Option<Diagnostic> {
    if !has_tilde(ctx.os, text) {
        return None;
    }
    // an env value (`env `PATH``) is named already, and masked in output:
    // its hint does not spell it out (the fix still writes it)
    let env = what.starts_with("env ");
    let where_ = if what == "args" {
        "an argument".to_string()
    } else if env {
        what.to_string()
    } else {
        format!("`{what}`")
    };
    let d = diag(
        id,
        format!(
            "{where_} of server `{name}` starts with `~`: Claude Desktop does not expand it \
(there is no shell)"
        ),
        node.span,
    );
    let expanded = ctx
        .home
        .as_ref()
        .and_then(|h| expand_tilde(ctx.os, text, &h.to_string_lossy()));
    Some(match expanded {
        Some(full) if env => d.hint(id.hint()).fix(
            "write the home folder out in full",
            vec![TextEdit {
                span: node.span,
                replacement: json_str(&full),
            }],
        ),
        Some(full) => d.hint(format!("write it out: {}", json_str(&full))).fix(
            "write the home folder out in full",
            vec![TextEdit {
                span: node.span,
                replacement: json_str(&full),
            }],
        ),
        None => d.hint(id.hint()),
    })
}

/// The places a `~` would be expanded by a shell: the start of the value,
/// after `=` (`--root=~/x`) and after a list separator (`~/a:~/b`).
fn tilde_starts(os: Os, text: &str) -> Vec<usize> {
    let sep = os.path_separator();
    let mut at = Vec::new();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c != '~' {
            continue;
        }
        let prev_ok = i == 0 || matches!(bytes[i - 1] as char, '=') || bytes[i - 1] as char == sep;
        let next = text[i + 1..].chars().next();
        let next_ok = matches!(next, None | Some('/')) || (os == Os::Windows && next == Some('\\'));
        if prev_ok && next_ok {
            at.push(i);
        }
    }
    at
}

fn has_tilde(os: Os, text: &str) -> bool {
    !tilde_starts(os, text).is_empty()
}

/// The value with each shell-expandable `~` replaced by `home`.
pub fn expand_tilde(os: Os, text: &str, home: &str) -> Option<String> {
    let at = tilde_starts(os, text);
    if at.is_empty() || home.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + home.len());
    let mut last = 0;
    let mut in_path = false;
    let list_sep = os.path_separator();
    for (i, c) in text.char_indices() {
        if at.contains(&i) {
            out.push_str(&text[last..i]);
            out.push_str(home.trim_end_matches(['/', '\\']));
            last = i + 1;
            in_path = true;
        } else if c == list_sep {
            in_path = false;
        } else if in_path && c == '/' && os == Os::Windows {
            // the rest of a Windows path written after `~/` takes the
            // home folder's separator: `C:\Users\ann\x`, not `C:\Users\ann/x`
            out.push_str(&text[last..i]);
            out.push('\\');
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// The first `$VAR`, `${VAR}` (any OS) or `%VAR%` (Windows) in the text.
pub fn find_var(os: Os, text: &str) -> Option<String> {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        if c == b'$' && next == Some(b'{') {
            let end = text[i..].find('}').map_or(text.len(), |e| i + e + 1);
            return Some(text[i..end].to_string());
        }
        if c == b'$' && next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'_') {
            let len = b[i + 1..].iter().take_while(|&&c| ident(c)).count();
            return Some(text[i..i + 1 + len].to_string());
        }
        if os == Os::Windows
            && c == b'%'
            && next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'_')
        {
            let len = b[i + 1..]
                .iter()
                .take_while(|&&c| ident(c) || c == b'(' || c == b')')
                .count();
            if b.get(i + 1 + len) == Some(&b'%') {
                return Some(text[i..i + 2 + len].to_string());
            }
        }
    }
    None
}

/// Absolute for `os` (not the OS this binary runs on): `paths` decides.
fn is_absolute(os: Os, p: &str) -> bool {
    paths::is_absolute(os.path_style(), p)
}

fn separators(os: Os) -> &'static [char] {
    paths::separators(os.path_style())
}

/// Extensions of files a server is started with.
const SCRIPT_EXTS: &[&str] = &[
    "js", "mjs", "cjs", "ts", "mts", "py", "pyz", "rb", "pl", "php", "jar", "sh", "ps1",
];
/// Further extensions of data files servers are pointed at.
const DATA_EXTS: &[&str] = &[
    "json", "yaml", "yml", "toml", "db", "sqlite", "sqlite3", "env", "exe", "dll", "cmd", "bat",
];

fn extension(s: &str, os: Os) -> Option<String> {
    let last = s.rsplit(separators(os)).next().unwrap_or(s);
    let (_, ext) = last.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

fn starts_dot_relative(os: Os, s: &str) -> bool {
    s == "."
        || s == ".."
        || s.starts_with("./")
        || s.starts_with("../")
        || (os == Os::Windows && (s.starts_with(".\\") || s.starts_with("..\\")))
}

/// Whether `command` is a relative path (rather than a name looked up on
/// PATH, an absolute path, or something another rule reports).
pub fn is_relative_command(os: Os, cmd: &str) -> bool {
    if cmd.is_empty()
        || is_absolute(os, cmd)
        || is_absolute(Os::Windows, cmd)
        || cmd.starts_with(['~', '$', '%'])
    {
        return false;
    }
    starts_dot_relative(os, cmd)
        || cmd.contains(separators(os))
        || extension(cmd, os).is_some_and(|e| SCRIPT_EXTS.contains(&e.as_str()))
}

/// The relative path inside an argument, if it looks like one: `./x`,
/// `../x`, `dir/file.js`, `server.py`, `--config=./c.json`. Not package
/// names (`@scope/pkg`, `mcp/fetch`), URLs, flags or absolute paths.
pub fn relative_path_arg(os: Os, arg: &str) -> Option<&str> {
    let candidate = if arg.starts_with('-') {
        arg.split_once('=')?.1
    } else if shell_line::assigned(arg).is_some() {
        // `-e GDRIVE_CREDENTIALS_PATH=/gdrive-server/credentials.json`:
        // a variable set, whose value is the path
        arg.split_once('=')?.1
    } else {
        arg
    };
    if candidate.is_empty()
        || candidate.starts_with(['@', '~', '$', '%', '-'])
        || candidate.contains("://")
        || candidate.contains(char::is_whitespace)
        || is_absolute(os, candidate)
        || is_absolute(Os::Windows, candidate)
    {
        return None;
    }
    if starts_dot_relative(os, candidate) {
        // `./data:/data` (a docker volume): the host part is the path
        return Some(candidate.split(':').next().unwrap_or(candidate));
    }
    let ext = extension(candidate, os)?;
    let known = SCRIPT_EXTS.contains(&ext.as_str()) || DATA_EXTS.contains(&ext.as_str());
    // a Windows-style `.exe`/`.cmd` bare name is a program name, not a path
    let bare_program = !candidate.contains(separators(os))
        && matches!(ext.as_str(), "exe" | "cmd" | "bat" | "dll");
    (known && !bare_program).then_some(candidate)
}

mod bridge;
pub mod docker;
mod env_case;
mod escaped;
mod inspector;
mod memo;
pub mod nesting;
mod no_script;
mod placeholder;
mod redirect;
pub mod shell_line;

#[cfg(test)]
mod tests;
