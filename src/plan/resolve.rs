//! Turning what the user typed after `--` into what Claude Desktop can run:
//! the app starts servers without a shell, from `/`, with its own PATH, so
//!
//! - a bare command is resolved through the user's PATH to an absolute path
//!   (`--no-resolve` keeps it bare);
//! - `~` is expanded (nobody else will) and relative paths — the command,
//!   and arguments naming existing files or folders — become absolute
//!   against the current directory, except the words that name a module
//!   or a package (`-m NAME`, what `npx`/`uvx` run: `names_not_paths`);
//! - on Windows a `.cmd`/`.bat` shim (`npx`, `pnpm`, ...) cannot be spawned
//!   directly and becomes `cmd /c SHIM ARGS...`, quoted so `cmd` reads it
//!   back exactly.
//!
//! Pure: the OS comes from [`HostEnv`] and the disk from an injected
//! [`Probe`], so Windows rules are unit-tested on Linux. Paths are strings
//! joined with the target OS's separator.

use crate::config::lint::shell_line::ShellLine;
use crate::machine::System;
use crate::machine::servers::unshim;
use crate::paths;
use crate::platform::{HostEnv, Os};

/// What is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Missing,
    Dir,
    File { executable: bool },
}

/// Looks at the disk.
pub type Probe<'a> = &'a dyn Fn(&str) -> Kind;

/// The real disk.
pub fn real_probe(path: &str) -> Kind {
    match std::fs::metadata(path) {
        Err(_) => Kind::Missing,
        Ok(m) if m.is_dir() => Kind::Dir,
        Ok(m) => Kind::File {
            executable: is_executable(&m),
        },
    }
}

#[cfg(unix)]
fn is_executable(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_m: &std::fs::Metadata) -> bool {
    true
}

/// One change made to what the user typed, shown to them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub from: String,
    pub to: String,
    pub why: String,
}

/// The command and arguments to save, and what was done to get them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub command: String,
    pub args: Vec<String>,
    pub changes: Vec<Change>,
    pub warnings: Vec<String>,
    /// A relative path (the command, an argument) was made absolute
    /// against `host.cwd`.
    pub made_absolute: bool,
}

/// Resolve `command args...` for the host's OS.
pub fn resolve(
    host: &HostEnv,
    command: &str,
    args: &[String],
    no_resolve: bool,
    probe: Probe,
) -> Resolved {
    let mut r = Resolved {
        command: command.to_string(),
        args: Vec::new(),
        changes: Vec::new(),
        warnings: Vec::new(),
        made_absolute: false,
    };
    if host.os != Os::Windows && crate::config::lint::windows_path(command) {
        // `C:\Program Files\nodejs\node.exe` or `C:/x/python.exe` on
        // macOS/Linux: a Windows entry, kept whole (not split at its
        // space, nor taken for a relative path), its args as they are,
        // unless a whole line follows its program (`...\node.exe C:\x.js`)
        r.command = command.to_string();
        r.args = args.to_vec();
        if let Some((program, rest)) = after_program(command) {
            r.changes.push(change(
                command,
                &format!("{program} + {} argument(s)", rest.len()),
                "split after the program: the app runs no shell",
            ));
            r.command = program;
            r.args = rest.into_iter().chain(args.iter().cloned()).collect();
        }
        r.warnings.push(format!(
            "`{}` is a Windows path: it is kept as written, and only Windows can start this \
             entry",
            crate::escape::name(&r.command)
        ));
        return r;
    }
    let words = crate::text::split_words(command).ok();
    // (the words after it count: `add NAME -- TOKEN=x npx ...` unquoted)
    let assigns = words.clone().and_then(|mut w| {
        w.extend(args.iter().cloned());
        crate::config::lint::shell_line::of(&w)
    });
    if let Some(ShellLine::Assignments(names)) = assigns {
        // `TOKEN=x npx ...`: no program is named `TOKEN=x`, and no shell
        // sets it; kept as typed, so validate refuses it and says why
        r.args = args.to_vec();
        r.warnings.push(format!(
            "`{}=...` before the program sets nothing: the app runs no shell; give the value in \
             the entry's env (add: --env {})",
            crate::escape::name(&names.join("=...`, `")),
            crate::escape::name(&names[0])
        ));
        return r;
    }
    if !args.is_empty()
        && let Some(ShellLine::Syntax(word)) = words
            .as_deref()
            .and_then(crate::config::lint::shell_line::of)
    {
        // a shell line with more args after it: no single line says what
        // was meant; kept as typed (not made a path), validate explains
        r.args = args.to_vec();
        r.warnings.push(format!(
            "`{}` is a shell line (`{}`) with more arguments after it: kept as typed",
            crate::escape::name(command),
            crate::escape::name(&word)
        ));
        return r;
    }
    let (command, args) = split_command_line(host, command, args, probe, &mut r);
    r.command = resolve_command(host, &command, no_resolve, probe, &mut r);
    let names = names_not_paths(host.os, &command, &args);
    for (a, name) in args.iter().zip(names) {
        let new = if name {
            None
        } else {
            resolve_arg(host, a, probe)
        };
        if let Some((to, why)) = new {
            r.made_absolute |= why == MADE_ABSOLUTE;
            r.changes.push(change(a, &to, why));
            r.args.push(to);
        } else {
            r.args.push(a.clone());
        }
    }
    if host.os == Os::Windows && is_shim(&r.command) {
        wrap_in_cmd(host, &mut r);
    }
    r
}

/// `"npx -y pkg"` typed as one word is a command line, not a program
/// name: split it (the app runs no shell), unless it names a real file.
fn split_command_line(
    host: &HostEnv,
    command: &str,
    args: &[String],
    probe: Probe,
    r: &mut Resolved,
) -> (String, Vec<String>) {
    let unchanged = (command.to_string(), args.to_vec());
    let as_path = if paths::is_absolute(host.os.path_style(), command) {
        command.to_string()
    } else {
        absolute(host, command)
    };
    // `C:\tools\node.exe` written with single backslashes holds a tab and a
    // line break: a path gone wrong (`escaped-path` says so), not a line
    if !command.trim().contains(char::is_whitespace)
        || probe(&as_path) != Kind::Missing
        || crate::config::lint::is_escaped_path(command)
    {
        return unchanged;
    }
    let Ok(mut words) = crate::text::split_words(command) else {
        return unchanged;
    };
    if words.len() < 2 {
        return unchanged;
    }
    // `C:\Program Files\nodejs\node.exe C:\srv\index.js`: the program
    // ends at its extension, whatever spaces its folders hold
    if let Some((program, mut rest)) = after_program(command) {
        r.changes.push(change(
            command,
            &format!("{program} + {} argument(s)", rest.len()),
            "split after the program: the app runs no shell",
        ));
        rest.extend(args.iter().cloned());
        return (program, rest);
    }
    // a path holding spaces that does not exist yet (`~/Library/Application
    // Support/x/srv.sh`) is one path, not a program `~/Library/Application`
    // that does not exist either
    let style = host.os.path_style();
    if words[0].starts_with('~') || paths::has_separator(style, &words[0]) {
        let first = expand_tilde(host, &words[0]).unwrap_or_else(|| {
            if paths::is_absolute(style, &words[0]) {
                words[0].clone()
            } else {
                absolute(host, &words[0])
            }
        });
        if probe(&first) == Kind::Missing {
            return unchanged;
        }
    }
    // `cmd /c npx -y pkg && x` on Windows: the line names its shell
    // already; its words are cmd's arguments (not wrapped in a second cmd)
    let own_shell = host.os == Os::Windows
        && crate::config::remote::stem(&words[0]) == "cmd"
        && words[1..]
            .iter()
            .take_while(|w| w.starts_with('/'))
            .any(|w| crate::secrets::is_cmd_switch(w));
    match crate::config::lint::shell_line::of(&words) {
        // `npm run build && npm start`: what the user typed is a shell
        // line, and a shell runs it as typed
        Some(ShellLine::Syntax(word)) if args.is_empty() && !own_shell => {
            let (shell, flag) = match host.os {
                Os::Windows => ("cmd", "/c"),
                Os::MacOs | Os::Linux => ("sh", "-c"),
            };
            r.changes.push(change(
                command,
                &format!("{shell} {flag} LINE"),
                format!("run through a shell: the line uses `{word}`, and the app runs no shell"),
            ));
            let from = match host.os {
                Os::Windows => "its own folder",
                Os::MacOs | Os::Linux => "`/`",
            };
            r.warnings.push(format!(
                "the line runs where the app starts servers ({from}), not in {}: if it needs \
                 this folder, begin it with `cd {} && `",
                crate::escape::name(&host.cwd.to_string_lossy()),
                crate::text::shell_word(&host.cwd.to_string_lossy())
            ));
            // cmd gets the line's words one by one: Node's spawn writes a
            // quote inside one argument as `\"`, which cmd does not read
            // (`cd "C:\my srv" && x.exe` as one argument cannot start)
            // (but a quoted word holding cmd's own `&|<>^`, or `\\host`,
            // would lose what its quotes kept: then the line goes whole)
            let loses = words.iter().any(|w| {
                !matches!(w.as_str(), "&&" | "&" | "||" | "|" | ">" | ">>" | "<")
                    && w.contains(['&', '|', '<', '>', '^'])
            }) || command.contains("\\\\");
            let line = match host.os {
                Os::Windows if !loses => words,
                _ => vec![command.to_string()],
            };
            return (
                shell.to_string(),
                std::iter::once(flag.to_string()).chain(line).collect(),
            );
        }
        // with more args after it, no single line says what was meant:
        // kept, for validate to explain
        Some(ShellLine::Syntax(_)) if !own_shell => return unchanged,
        _ => {}
    }
    let first = words.remove(0);
    r.changes.push(change(
        command,
        &format!("{first} + {} argument(s)", words.len()),
        "split into command and arguments: the app runs no shell",
    ));
    words.extend(args.iter().cloned());
    (first, words)
}

/// A Windows program path and the words after it, in a command line
/// typed whole: the path ends at `.exe`, `.cmd`, `.bat` or `.com` followed
/// by a space (`C:\Program Files\nodejs\node.exe C:\srv\index.js`).
fn after_program(line: &str) -> Option<(String, Vec<String>)> {
    let lower = line.to_ascii_lowercase();
    let end = [".exe ", ".cmd ", ".bat ", ".com "]
        .iter()
        .filter_map(|e| lower.find(e).map(|i| i + e.len() - 1))
        .min()?;
    let program = &line[..end];
    if !crate::config::lint::windows_path(program) {
        return None;
    }
    let rest = crate::text::split_words(&line[end..]).ok()?;
    (!rest.is_empty()).then(|| (program.to_string(), rest))
}

fn change(from: &str, to: &str, why: impl Into<String>) -> Change {
    Change {
        from: from.to_string(),
        to: to.to_string(),
        why: why.into(),
    }
}

fn resolve_command(
    host: &HostEnv,
    command: &str,
    no_resolve: bool,
    probe: Probe,
    r: &mut Resolved,
) -> String {
    if let Some(expanded) = expand_tilde(host, command) {
        r.changes
            .push(change(command, &expanded, "expanded ~ (the app does not)"));
        return checked_path(expanded, probe, r);
    }
    if command.starts_with(['$', '%']) {
        // `$HOME/x`, `%APPDATA%\x`: nobody expands these; validate says so
        return command.to_string();
    }
    if paths::has_separator(host.os.path_style(), command) {
        if paths::is_absolute(host.os.path_style(), command) {
            return checked_path(command.to_string(), probe, r);
        }
        let abs = absolute(host, command);
        r.made_absolute = true;
        let from = match host.os {
            Os::Windows => "its own folder",
            Os::MacOs | Os::Linux => "/",
        };
        r.changes.push(change(
            command,
            &abs,
            format!("made absolute: the app starts servers from {from}, not from here"),
        ));
        return checked_path(abs, probe, r);
    }
    if no_resolve {
        return command.to_string();
    }
    match search_path(host, command, probe) {
        Some(found) => {
            r.changes
                .push(change(command, &found, "found on your PATH"));
            found
        }
        // `cmd`, `npx.cmd` on macOS/Linux: an entry written for Windows,
        // which no absolute path mends; validate's `command-not-found`
        // says so and how the entry reads here, so nothing is said twice
        None if host.os != Os::Windows && crate::config::lint::is_windows_only(command) => {
            command.to_string()
        }
        None => {
            r.warnings.push(format!(
                "`{}` was not found on your PATH; it is saved as typed, and Claude Desktop will \
                 most likely not find it either (use an absolute path)",
                crate::escape::name(command)
            ));
            command.to_string()
        }
    }
}

/// The host as seen from a pasted entry's `cwd` (`add-json`): the app
/// ignores `cwd`, so the command and arguments written relative to it
/// are resolved against it rather than against the current folder (a
/// shim, too, picks its version there). Only an absolute path or one
/// starting with `~`: a relative `cwd` says no more than the current
/// folder does, and a path in another OS's syntax names nothing here.
pub fn from_cwd(host: &HostEnv, cwd: &str) -> Option<HostEnv> {
    let dir = match expand_tilde(host, cwd) {
        Some(expanded) => expanded,
        None if paths::is_absolute(host.os.path_style(), cwd) => cwd.to_string(),
        None => return None,
    };
    Some(HostEnv {
        cwd: dir.into(),
        non_unicode: Default::default(),
        ..host.clone()
    })
}

/// Whether a pasted entry's `cwd` has nothing left to say once `r` was
/// resolved against it (`from_cwd`), so that it can go: a relative path
/// was made absolute there, no relative path is left (`dist/index.js` that
/// does not exist yet), and the program does not run in its working
/// folder (`npm run start`, `uv run server.py`: `runs_in_working_folder`).
pub fn cwd_spent(os: Os, r: &Resolved) -> bool {
    r.made_absolute
        && !crate::config::lint::is_relative_command(os, &r.command)
        && !relative_left(os, &r.command, &r.args)
        && !runs_in_working_folder(os, &r.command, &r.args)
}

/// An argument still written relative to the working folder, up to a flag
/// that names the folder they are relative to (`uv --directory DIR`).
/// Package and module names (`names_not_paths`) are none.
fn relative_left(os: Os, command: &str, args: &[String]) -> bool {
    let names = names_not_paths(os, command, args);
    for (a, name) in args.iter().zip(names) {
        if crate::config::lint::sets_base_dir(a) {
            return false;
        }
        let value = if a.starts_with('-') {
            match a.split_once('=') {
                Some((_, v)) => v,
                None => continue,
            }
        } else {
            a.as_str()
        };
        let path_like = crate::config::lint::relative_path_arg(os, a).is_some()
            || value == "."
            || value == ".."
            || (paths::has_separator(os.path_style(), value)
                && !paths::is_absolute(os.path_style(), value)
                && !value.starts_with(['@', '~', '$', '%'])
                && !value.contains("://"));
        if !name && path_like {
            return true;
        }
    }
    false
}

/// Whether the program works in its working folder, whatever paths it is
/// given: a package manager runs the project there (`npm run start`,
/// `pnpm dev`, `yarn start`, `bun run dev`), a project runner too (`uv
/// run`, `poetry run`, `deno task`, `cargo run`, `go run`), and Python
/// finds `-m NAME` there; unless a flag names the folder (`--prefix DIR`,
/// `uv --directory DIR`: `sets_base_dir`).
fn runs_in_working_folder(os: Os, command: &str, args: &[String]) -> bool {
    if args.iter().any(|a| crate::config::lint::sets_base_dir(a)) {
        return false;
    }
    let stem = crate::machine::lookup::stem(os, command);
    let sub = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    match stem.as_str() {
        "npm" | "pnpm" | "yarn" => true,
        // `bun /srv/index.ts` runs a file; `bun run dev`, `bun start` a
        // script of the project
        "bun" => {
            let script = match sub {
                Some("run") => args
                    .iter()
                    .skip_while(|a| a.as_str() != "run")
                    .skip(1)
                    .find(|a| !a.starts_with('-'))
                    .map(String::as_str),
                other => other,
            };
            script.is_none_or(|s| !paths::is_absolute(os.path_style(), s))
        }
        "uv" | "poetry" | "pdm" | "hatch" | "rye" | "cargo" | "go" => sub == Some("run"),
        "deno" => sub == Some("task"),
        s if s.starts_with("python") => args.iter().any(|a| a == "-m"),
        _ => false,
    }
}

/// A resolved command that is a pyenv/asdf/mise/Volta shim of Python or
/// Node becomes the binary it runs here (as `doctor --fix` pins it): the
/// app starts servers in `/`, where the shim would pick another version or
/// none. A shim that does not answer (or `pin` false: `--no-resolve`) is
/// kept, with a warning.
pub fn pin_shim(host: &HostEnv, sys: &dyn System, r: &mut Resolved, pin: bool) {
    let Some(manager) = crate::machine::managers::classify(host, std::path::Path::new(&r.command))
        .filter(|m| m.is_shim())
    else {
        return;
    };
    match unshim(host, sys, std::path::Path::new(&r.command)).filter(|_| pin) {
        Some((m, real)) => {
            let real = real.to_string_lossy().into_owned();
            r.changes.push(change(
                &r.command,
                &real,
                format!(
                    "a {} shim picks its version from the working directory and the app starts \
servers in /: pinned to what it runs here, in {}",
                    m.name(),
                    host.cwd.display()
                ),
            ));
            r.command = real;
        }
        None => {
            let stem = crate::machine::lookup::stem(host.os, &r.command);
            r.warnings.push(format!(
                "{} is a {} shim: shims choose the version from the working directory, and \
Claude Desktop starts servers in /; prefer the real binary (`{}`)",
                r.command,
                manager.name(),
                manager.which_command(&stem)
            ));
        }
    }
}

fn checked_path(path: String, probe: Probe, r: &mut Resolved) -> String {
    match probe(&path) {
        Kind::Missing => r.warnings.push(format!("`{path}` does not exist")),
        Kind::Dir => r
            .warnings
            .push(format!("`{path}` is a folder, not a program")),
        Kind::File { executable: false } => r
            .warnings
            .push(format!("`{path}` is not executable (chmod +x?)")),
        Kind::File { .. } => {}
    }
    path
}

/// An argument that names an existing relative file or folder, or starts
/// with `~`, becomes absolute; so does the value of `--flag=VALUE` when it
/// is a path `validate` would flag (`--config=./c.json`, `--root=~/x`).
/// Other options and URLs are left alone.
/// Package runners: the first argument that is not a flag is the package
/// they fetch and run.
const RUNNERS: &[&str] = &["npx", "bunx", "pnpx", "uvx"];
/// A runner's flags whose value is a package too (`uvx --from pkg cmd`).
const PACKAGE_FLAGS: &[&str] = &["--from", "--with", "-p", "--package"];

/// Which arguments name a package or a module, never a path, so that a
/// folder of that name in the current folder is a coincidence and not what
/// was meant: the value of `-m` (`python3 -m myserver`), and for a package
/// runner (`npx`, `bunx`, `pnpx`, `uvx`, `pipx run`, `uv tool run`) the
/// package it runs and the values of its package flags; and what follows
/// `uv --directory DIR`, relative to DIR. One flag per arg.
fn names_not_paths(os: Os, command: &str, args: &[String]) -> Vec<bool> {
    let stem = crate::machine::lookup::stem(os, command);
    let mut names = vec![false; args.len()];
    // the package is still to come; `sub` walks `run` / `tool run`
    let mut package_next = RUNNERS.contains(&stem.as_str());
    let mut sub: &[&str] = match stem.as_str() {
        "pipx" => &["run"],
        "uv" => &["tool", "run"],
        _ => &[],
    };
    let runner = package_next || !sub.is_empty();
    // a container's words are docker's (`run`, the image): a folder here
    // named `run` or `mcp` is a coincidence (its paths are `-v`'s business)
    // and npm's (`run build`: a script, though `build/` is here)
    if crate::config::lint::docker::is_container_cli(command)
        || ["npm", "pnpm", "yarn", "bun"].contains(&stem.as_str())
    {
        // (a flag's file or folder is one: `--env-file env.list`,
        // `--prefix srv`, `--cwd srv`)
        const PATH_FLAGS: &[&str] = &[
            "--env-file",
            "--label-file",
            "--cidfile",
            "--prefix",
            "--cwd",
            "-C",
            "--dir",
        ];
        return args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let path_value = i > 0 && PATH_FLAGS.contains(&args[i - 1].as_str());
                !path_value && !a.contains(['/', '\\']) && !a.starts_with('.')
            })
            .collect();
    }
    // the first word of a program that takes a subcommand (`npm run`,
    // `uv run`, `deno run`) is that subcommand, not a path
    const SUBCOMMANDS: &[&str] = &[
        "uv", "deno", "bun", "cargo", "go", "dotnet", "poetry", "pdm", "hatch", "rye", "pip",
        "fastmcp", "mcp", "git",
    ];
    let mut subcommand_next = !runner && SUBCOMMANDS.contains(&stem.as_str());
    // `uv --directory DIR` runs from DIR, where the program finds the
    // relative paths that follow (`uv --directory /proj run main.py`): they
    // are its, not the current folder's. DIR itself is a path.
    let uv = stem == "uv";
    let mut from_dir = false;
    for (i, a) in args.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| args[p].as_str());
        if uv && (prev == Some("--directory") || a.starts_with("--directory=")) {
            from_dir = true;
            continue;
        }
        if from_dir && !a.starts_with('-') {
            names[i] = true;
        }
        if subcommand_next && !a.starts_with('-') {
            subcommand_next = false;
            if !a.contains(['/', '\\']) && !a.contains('.') {
                names[i] = true;
                continue;
            }
        }
        if prev == Some("-m") || (runner && prev.is_some_and(|p| PACKAGE_FLAGS.contains(&p))) {
            names[i] = true;
        } else if let Some((first, rest)) = sub.split_first() {
            if a == first {
                names[i] = true;
                sub = rest;
                package_next = rest.is_empty();
            } else if !a.starts_with('-') {
                // another subcommand (`uv run`): a name too; what follows
                // is its business
                names[i] = true;
                sub = &[];
            }
        } else if package_next && !a.starts_with('-') {
            names[i] = true;
            package_next = false;
        }
    }
    names
}

fn resolve_arg(host: &HostEnv, arg: &str, probe: Probe) -> Option<(String, &'static str)> {
    if arg.starts_with('-') {
        let (flag, value) = arg.split_once('=')?;
        let path_like = value.starts_with('~')
            || crate::config::lint::relative_path_arg(host.os, arg).is_some()
            || crate::config::lint::sets_base_dir(flag);
        return path_like
            .then(|| resolve_arg(host, value, probe))
            .flatten()
            .map(|(v, why)| (format!("{flag}={v}"), why));
    }
    if let Some(expanded) = expand_tilde(host, arg) {
        return Some((expanded, "expanded ~ (the app does not)"));
    }
    if arg.is_empty()
        || arg.starts_with('-')
        || arg.contains("://")
        || paths::is_absolute(host.os.path_style(), arg)
    {
        return None;
    }
    let abs = absolute(host, arg);
    (probe(&abs) != Kind::Missing).then_some((abs, MADE_ABSOLUTE))
}

/// Why an argument naming an existing relative path changed.
const MADE_ABSOLUTE: &str = "existing path made absolute";

fn sep(os: Os) -> char {
    if os == Os::Windows { '\\' } else { '/' }
}

/// `~` or `~/rest` (also `~\rest` on Windows) with the home folder.
fn expand_tilde(host: &HostEnv, s: &str) -> Option<String> {
    let rest = s.strip_prefix('~')?;
    let home = host.home.as_ref()?.to_string_lossy().into_owned();
    if rest.is_empty() {
        return Some(home);
    }
    let first = rest.chars().next()?;
    (first == '/' || (host.os == Os::Windows && first == '\\'))
        .then(|| join(host.os, &home, &rest[1..]))
}

/// `rel` made absolute against the current folder; on Windows a path from
/// the root of the current drive (`\srv\x.exe`) gets that drive, and a
/// drive-relative one (`D:srv\x.exe`) the current folder when it is on
/// that drive, else the drive's root.
fn absolute(host: &HostEnv, rel: &str) -> String {
    let cwd = host.cwd.to_string_lossy();
    match paths::form(host.os.path_style(), rel) {
        paths::Form::RootRelative => {
            let root = paths::drive(&cwd).map_or_else(|| "C:".to_string(), |d| format!("{d}:"));
            join(host.os, &format!("{root}\\"), rel)
        }
        paths::Form::DriveRelative => {
            let d = paths::drive(rel).unwrap_or('C');
            let base = if paths::drive(&cwd) == Some(d) {
                cwd.into_owned()
            } else {
                format!("{d}:\\")
            };
            join(host.os, &base, &rel[2..])
        }
        _ => join(host.os, &cwd, rel),
    }
}

/// Join and normalize lexically (`.` dropped, `..` pops), the way `os`
/// writes paths whatever OS runs this.
pub(super) fn join(os: Os, base: &str, rel: &str) -> String {
    let s = sep(os);
    let is_sep = |c: char| c == '/' || (os == Os::Windows && c == '\\');
    let mut parts: Vec<&str> = base.split(is_sep).collect();
    if parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    for p in rel.split(is_sep) {
        match p {
            "" | "." => {}
            ".." if parts.len() > 1 => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join(&s.to_string());
    if joined.is_empty() {
        s.to_string()
    } else {
        joined
    }
}

/// Look a bare name up on the user's PATH; on Windows with PATHEXT.
fn search_path(host: &HostEnv, name: &str, probe: Probe) -> Option<String> {
    let exts: Vec<String> = if host.os == Os::Windows {
        let pathext = host.var("PATHEXT").unwrap_or(".COM;.EXE;.BAT;.CMD");
        let mut e: Vec<String> = pathext
            .split(';')
            .filter(|x| !x.is_empty())
            .map(|x| x.to_ascii_lowercase())
            .collect();
        let has_ext = e.iter().any(|x| name.to_ascii_lowercase().ends_with(x));
        if has_ext {
            e.insert(0, String::new());
        }
        e
    } else {
        vec![String::new()]
    };
    // an empty entry (`PATH=$PATH:`, `::`) is the current folder, as the
    // shell reads it (not on Windows)
    let raw = host.var("PATH").unwrap_or("");
    let dirs = raw.split(host.os.path_separator()).filter_map(|d| match d {
        _ if raw.is_empty() => None,
        "" if host.os == Os::Windows => None,
        "" => Some(std::borrow::Cow::Borrowed(".")),
        d => Some(std::borrow::Cow::Borrowed(d)),
    });
    for dir in dirs {
        // a relative PATH entry (`.`, `node_modules/.bin`) is the current
        // folder's: the app starts servers elsewhere, so what it finds
        // there is saved absolute
        let dir = if dir.is_empty() || paths::is_absolute(host.os.path_style(), &dir) {
            dir.into_owned()
        } else {
            absolute(host, &dir)
        };
        for ext in &exts {
            let candidate = join(host.os, &dir, &format!("{name}{ext}"));
            let runnable = match probe(&candidate) {
                Kind::File { executable } => executable || host.os == Os::Windows,
                _ => false,
            };
            if runnable {
                return Some(candidate);
            }
        }
    }
    None
}

fn is_shim(command: &str) -> bool {
    let lower = command.to_ascii_lowercase();
    lower.ends_with(".cmd") || lower.ends_with(".bat")
}

/// Characters that make `cmd` re-interpret a token that is not quoted.
const CMD_META: &[char] = &['&', '|', '<', '>', '^'];
/// Characters that make a path need quotes on a `cmd` command line.
const CMD_NEEDS_QUOTES: &[char] = &[
    ' ', '\t', '&', '(', ')', '[', ']', '{', '}', '^', '=', ';', '!', '\'', '+', ',', '`', '~',
    '%', '"',
];

/// `SHIM args...` → `cmd /c SHIM args...`.
///
/// The app (Node) quotes an argument only when it holds a space, tab or
/// quote, and `cmd /c` strips the first and last quote of its command line
/// when it starts with one — which mangles a quoted shim path followed by
/// any other quoted argument. So the shim goes in unquoted: its absolute
/// path when that needs no quotes, else its bare name (cmd finds it on the
/// PATH). Unquoted arguments get `^` before `cmd`'s metacharacters.
fn wrap_in_cmd(host: &HostEnv, r: &mut Resolved) {
    let shim = r.command.clone();
    let first = if shim.contains(CMD_NEEDS_QUOTES) {
        let base = shim.rsplit(['\\', '/']).next().unwrap_or(&shim);
        let stem = base.rsplit_once('.').map_or(base, |(s, _)| s).to_string();
        let on_path = search_path(host, &stem, &|p| {
            if p.eq_ignore_ascii_case(&shim) {
                Kind::File { executable: true }
            } else {
                Kind::Missing
            }
        })
        .is_some();
        if on_path {
            r.changes.push(change(
                &shim,
                &stem,
                "the path needs quotes, which `cmd /c` mangles; cmd finds the name on the PATH",
            ));
            stem
        } else {
            r.warnings.push(format!(
                "`{shim}` contains spaces or symbols and is not on your PATH; `cmd /c` may \
                 misread it (move it to a folder without spaces)"
            ));
            shim.clone()
        }
    } else {
        shim.clone()
    };
    let mut args = vec!["/c".to_string(), first];
    for a in &r.args {
        let quoted_by_app = a.is_empty() || a.contains([' ', '\t', '"']);
        if a.contains('%') {
            r.warnings.push(format!(
                "`cmd` expands %VARIABLES% in `{a}`; Claude Desktop will pass it through cmd"
            ));
        }
        if quoted_by_app || !a.contains(CMD_META) {
            args.push(a.clone());
        } else {
            // read twice: by `cmd /c`, then by the shim's own `%*` line,
            // so each metacharacter needs `^^^` (one caret left after the
            // first reading escapes it in the second)
            let escaped: String = a
                .chars()
                .flat_map(|c| {
                    let carets = if CMD_META.contains(&c) { "^^^" } else { "" };
                    carets.chars().chain(std::iter::once(c))
                })
                .collect();
            r.changes.push(change(
                a,
                &escaped,
                "escaped for cmd and the shim it runs (^^^ before & | < > ^: both read the line)",
            ));
            args.push(escaped);
        }
    }
    r.changes.push(change(
        &shim,
        "cmd /c ...",
        "a .cmd/.bat shim cannot be started without a shell on Windows",
    ));
    r.command = "cmd".to_string();
    r.args = args;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn host(os: Os, path: &str, cwd: &str, home: &str) -> HostEnv {
        HostEnv {
            os,
            home: Some(PathBuf::from(home)),
            vars: [("PATH".to_string(), path.to_string())].into(),
            cwd: PathBuf::from(cwd),
            non_unicode: Default::default(),
        }
    }

    fn disk(files: &'static [&'static str]) -> impl Fn(&str) -> Kind {
        move |p: &str| {
            if files.contains(&p) {
                Kind::File { executable: true }
            } else if files.iter().any(|f| f.starts_with(&format!("{p}/"))) {
                Kind::Dir
            } else {
                Kind::Missing
            }
        }
    }

    /// A Windows entry added on macOS/Linux (copied from a README) is kept
    /// as written: not split at `Program Files`, not made relative to here.
    #[test]
    fn a_windows_path_on_another_os_is_kept_whole() {
        let h = host(Os::Linux, "/usr/bin", "/home/u/work", "/home/u");
        for command in [
            r"C:\Program Files\nodejs\node.exe",
            "C:/Autodesk/MayaMCP/.venv/Scripts/python.exe",
            r"\\server\share\node.exe",
        ] {
            let args = strs(&[r"C:\Users\ann\index.js", "./x"]);
            let r = resolve(&h, command, &args, false, &disk(&["/home/u/work/x"]));
            assert_eq!(r.command, command);
            assert_eq!(r.args, args);
            assert!(r.changes.is_empty(), "{:?}", r.changes);
            assert!(
                r.warnings[0].contains("is a Windows path"),
                "{:?}",
                r.warnings
            );
        }
        // a whole line after the program is split there, on any OS
        let line = r"C:\Program Files\nodejs\node.exe C:\srv\index.js --port 3";
        let r = resolve(&h, line, &[], false, &disk(&[]));
        assert_eq!(r.command, r"C:\Program Files\nodejs\node.exe");
        assert_eq!(r.args, strs(&[r"C:\srv\index.js", "--port", "3"]));
        // on Windows it is an ordinary absolute path
        let w = host(Os::Windows, r"C:\Windows", r"C:\work", r"C:\Users\u");
        let r = resolve(
            &w,
            r"C:\Program Files\nodejs\node.exe",
            &[],
            false,
            &disk(&[]),
        );
        assert!(!r.warnings.iter().any(|w| w.contains("is a Windows path")));
    }

    /// A shell line typed as the command runs through a shell, as typed;
    /// leading assignments are no program and are kept for validate to
    /// refuse (with the env to write instead).
    #[test]
    fn a_shell_line_runs_through_a_shell() {
        let h = host(Os::Linux, "/usr/bin", "/home/u", "/home/u");
        let probe = disk(&["/usr/bin/sh", "/usr/bin/npx"]);
        let line = "npm run build && npm start";
        let r = resolve(&h, line, &[], false, &probe);
        assert_eq!(r.command, "/usr/bin/sh");
        assert_eq!(r.args, strs(&["-c", line]));
        let w = host(Os::Windows, r"C:\Windows", r"C:\work", r"C:\Users\u");
        let r = resolve(&w, "cd \"C:\\my srv\" && node x.js", &[], true, &disk(&[]));
        assert_eq!(r.command, "cmd");
        assert_eq!(
            r.args,
            strs(&["/c", "cd", "C:\\my srv", "&&", "node", "x.js"])
        );
        // a line that starts with cmd's own `/c` is cmd's words already
        let r = resolve(&w, "cmd /c npx -y pkg && node x.js", &[], true, &disk(&[]));
        assert_eq!(r.command, "cmd");
        assert_eq!(
            r.args,
            strs(&["/c", "npx", "-y", "pkg", "&&", "node", "x.js"])
        );
        // more args after a shell line: kept for validate to refuse, not
        // made a path for its `/`
        let r = resolve(&h, line, &strs(&["--port", "3"]), false, &probe);
        assert_eq!(r.command, line);
        let cd = "cd /srv && node index.js";
        let r = resolve(&h, cd, &strs(&["--port", "3"]), false, &probe);
        assert_eq!((r.command.as_str(), r.changes.len()), (cd, 0));
        // a quoted word holding cmd's `&` keeps the line whole on Windows
        let q = "npx mcp-remote \"https://h/mcp?a=1&b=2\" && echo ok";
        let r = resolve(&w, q, &[], true, &disk(&[]));
        assert_eq!(r.args, strs(&["/c", q]));
        let token = "GITHUB_TOKEN=ghp_x npx -y pkg";
        let r = resolve(&h, token, &[], false, &probe);
        assert_eq!(r.command, token);
        assert!(r.changes.is_empty(), "{:?}", r.changes);
        assert!(
            r.warnings[0].contains("--env GITHUB_TOKEN"),
            "{:?}",
            r.warnings
        );
        // typed unquoted: the assignment is the command, the rest args
        let r = resolve(
            &h,
            "GITHUB_TOKEN=ghp_x",
            &strs(&["npx", "-y", "pkg"]),
            false,
            &probe,
        );
        assert_eq!(r.command, "GITHUB_TOKEN=ghp_x");
        assert!(
            r.warnings[0].contains("--env GITHUB_TOKEN"),
            "{:?}",
            r.warnings
        );
    }

    /// A path with spaces that does not exist yet stays one path; a
    /// command line typed as one word whose program exists is split.
    #[test]
    fn a_missing_path_with_spaces_is_not_split() {
        let h = host(Os::MacOs, "/usr/bin", "/Users/u", "/Users/u");
        let r = resolve(
            &h,
            "~/Library/Application Support/x/srv.sh",
            &[],
            false,
            &disk(&[]),
        );
        assert_eq!(r.command, "/Users/u/Library/Application Support/x/srv.sh");
        assert!(r.args.is_empty(), "{:?}", r.args);
        let r = resolve(
            &h,
            "/usr/bin/npx -y pkg",
            &[],
            false,
            &disk(&["/usr/bin/npx"]),
        );
        assert_eq!((r.command.as_str(), r.args.len()), ("/usr/bin/npx", 2));
    }

    /// A relative PATH entry (`.`, `node_modules/.bin`) finds the command
    /// in the current folder: saved absolute, not as the relative path the
    /// write path then refuses.
    #[test]
    fn a_command_found_through_a_relative_path_entry_is_saved_absolute() {
        let files = &["/home/u/proj/exsrv", "/home/u/proj/node_modules/.bin/tool"];
        let h = host(
            Os::Linux,
            ".:node_modules/.bin:/usr/bin",
            "/home/u/proj",
            "/home/u",
        );
        let r = resolve(&h, "exsrv", &[], false, &disk(files));
        assert_eq!(r.command, "/home/u/proj/exsrv");
        let r = resolve(&h, "tool", &[], false, &disk(files));
        assert_eq!(r.command, "/home/u/proj/node_modules/.bin/tool");
        // an empty entry is the current folder too (`PATH=$PATH:`)
        let h = host(Os::Linux, "/usr/bin:", "/home/u/proj", "/home/u");
        let r = resolve(&h, "exsrv", &[], false, &disk(files));
        assert_eq!(r.command, "/home/u/proj/exsrv");
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn whole_command_line_in_one_word_is_split() {
        let h = host(Os::Linux, "/usr/bin", "/w", "/home/u");
        let r = resolve(
            &h,
            "npx -y @scope/server",
            &strs(&["extra"]),
            false,
            &disk(&["/usr/bin/npx"]),
        );
        assert_eq!(r.command, "/usr/bin/npx");
        assert_eq!(r.args, strs(&["-y", "@scope/server", "extra"]));
        // a real file with a space in its name is not split
        let r = resolve(
            &h,
            "/opt/my app/run",
            &[],
            false,
            &disk(&["/opt/my app/run"]),
        );
        assert_eq!(r.command, "/opt/my app/run");
        // variables are left for validate to flag
        let r = resolve(&h, "$HOME/bin/x", &[], false, &disk(&[]));
        assert_eq!(r.command, "$HOME/bin/x");
    }

    #[test]
    fn a_pasted_cwd_is_where_relative_paths_are_found() {
        let h = host(Os::Linux, "/usr/bin", "/w", "/home/u");
        let files = &["/w/build/index.js", "/srv/app/build/index.js"];
        let at = from_cwd(&h, "/srv/app").unwrap();
        let r = resolve(
            &at,
            "./run",
            &strs(&["build/index.js"]),
            false,
            &disk(files),
        );
        assert_eq!(r.command, "/srv/app/run");
        assert_eq!(r.args, strs(&["/srv/app/build/index.js"]));
        assert_eq!(
            from_cwd(&h, "~/app").unwrap().cwd,
            PathBuf::from("/home/u/app")
        );
        // relative to what? and a Windows folder names nothing here
        assert!(from_cwd(&h, "app").is_none());
        assert!(from_cwd(&h, r"C:\srv").is_none());
        let w = host(Os::Windows, "", r"C:\w", r"C:\Users\u");
        assert_eq!(
            from_cwd(&w, r"D:\srv").unwrap().cwd,
            PathBuf::from(r"D:\srv")
        );
    }

    #[test]
    fn a_pasted_cwd_goes_only_when_nothing_is_left_for_it() {
        let h = host(Os::Linux, "/usr/bin", "/w", "/home/u");
        let at = from_cwd(&h, "/srv/app").unwrap();
        let files = &[
            "/usr/bin/node",
            "/usr/bin/npm",
            "/usr/bin/uv",
            "/usr/bin/python3",
            "/usr/bin/bun",
            "/srv/app/index.js",
            "/srv/app/server.py",
        ];
        let spent = |command: &str, args: &[&str]| {
            let r = resolve(&at, command, &strs(args), false, &disk(files));
            cwd_spent(Os::Linux, &r)
        };
        assert!(spent("node", &["index.js"]));
        assert!(spent("bun", &["./index.js"]));
        // nothing resolved against it, or something relative left
        // (`uv --directory DIR`: what follows is DIR's, nothing of `cwd`)
        assert!(!spent(
            "uv",
            &["--directory", "/srv/app", "run", "server.py"]
        ));
        assert!(!spent("/usr/bin/node", &["/srv/app/index.js"]));
        assert!(!spent("node", &["dist/index.js"]));
        assert!(!spent("node", &["index.js", "--config=./c.json"]));
        // the program works in its working folder
        assert!(!spent("npm", &["run", "start"]));
        assert!(!spent("uv", &["run", "server.py"]));
        assert!(!spent("bun", &["run", "dev"]));
        assert!(!spent("python3", &["-m", "srv", "index.js"]));
    }

    #[test]
    fn a_windows_only_command_is_left_to_validate_off_windows() {
        let h = host(Os::Linux, "/usr/bin", "/w", "/home/u");
        for command in ["cmd", "npx.cmd", "powershell.exe"] {
            let r = resolve(&h, command, &strs(&["/c", "x"]), false, &disk(&[]));
            assert_eq!(r.command, command);
            assert!(r.warnings.is_empty(), "{command}: {:?}", r.warnings);
        }
    }

    #[test]
    fn bare_command_found_on_path() {
        let h = host(Os::Linux, "/nope:/usr/local/bin", "/w", "/home/u");
        let r = resolve(
            &h,
            "npx",
            &strs(&["-y", "pkg"]),
            false,
            &disk(&["/usr/local/bin/npx"]),
        );
        assert_eq!(r.command, "/usr/local/bin/npx");
        assert_eq!(r.args, strs(&["-y", "pkg"]));
        assert_eq!(r.changes[0].why, "found on your PATH");
        let kept = resolve(&h, "npx", &[], true, &disk(&["/usr/local/bin/npx"]));
        assert_eq!(kept.command, "npx");
        let missing = resolve(&h, "nosuch", &[], false, &disk(&[]));
        assert_eq!(missing.command, "nosuch");
        assert!(missing.warnings[0].contains("not found on your PATH"));
    }

    #[test]
    fn relative_and_tilde_paths_become_absolute() {
        let h = host(Os::Linux, "/usr/bin", "/home/u/proj", "/home/u");
        let files = &[
            "/home/u/proj/server.py",
            "/home/u/proj/data/x",
            "/usr/bin/python3",
        ];
        let r = resolve(
            &h,
            "python3",
            &strs(&[
                "./server.py",
                "data",
                "~/notes",
                "@scope/pkg",
                "--port=1",
                "--root=./data",
                "--db=~/x.db",
                "--out=./new.json",
                "--name=data",
            ]),
            false,
            &disk(files),
        );
        assert_eq!(r.command, "/usr/bin/python3");
        assert_eq!(
            r.args,
            strs(&[
                "/home/u/proj/server.py",
                "/home/u/proj/data",
                "/home/u/notes",
                "@scope/pkg",
                "--port=1",
                "--root=/home/u/proj/data",
                "--db=/home/u/x.db",
                "--out=./new.json",
                "--name=data",
            ])
        );
        let r = resolve(&h, "../bin/srv", &[], false, &disk(&["/home/u/bin/srv"]));
        assert_eq!(r.command, "/home/u/bin/srv");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let r = resolve(&h, "~/bin/srv", &[], false, &disk(&[]));
        assert_eq!(r.command, "/home/u/bin/srv");
        assert_eq!(r.warnings, ["`/home/u/bin/srv` does not exist"]);
    }

    /// A folder here named like a subcommand (`npm run`) or a container's
    /// word (`docker run ... mcp`) is a coincidence: the words are kept.
    #[test]
    fn subcommands_and_a_containers_words_are_not_paths() {
        let h = host(Os::Linux, "/usr/bin", "/home/u/proj", "/home/u");
        let files = &[
            "/home/u/proj/run/x",
            "/home/u/proj/mcp/x",
            "/home/u/proj/docs/x",
        ];
        let args = |cmd: &str, a: &[&str]| resolve(&h, cmd, &strs(a), true, &disk(files)).args;
        assert_eq!(
            args("docker", &["run", "-i", "--rm", "mcp"]),
            strs(&["run", "-i", "--rm", "mcp"])
        );
        assert_eq!(args("npm", &["run", "docs"]), strs(&["run", "docs"]));
        assert_eq!(
            args("uv", &["run", "docs"]),
            strs(&["run", "/home/u/proj/docs"])
        );
        let files2 = &["/home/u/proj/env.list", "/home/u/proj/srv/x"];
        let args2 = |cmd: &str, a: &[&str]| resolve(&h, cmd, &strs(a), true, &disk(files2)).args;
        assert_eq!(
            args2("docker", &["run", "-i", "--env-file", "env.list", "img"]),
            strs(&["run", "-i", "--env-file", "/home/u/proj/env.list", "img"])
        );
        assert_eq!(
            args2("npm", &["--prefix", "srv", "run", "build"]),
            strs(&["--prefix", "/home/u/proj/srv", "run", "build"])
        );
        // a server's own folder argument is still made absolute
        assert_eq!(
            args("mcp-server-filesystem", &["docs"]),
            strs(&["/home/u/proj/docs"])
        );
    }

    /// A folder named like the module or package an argument names is a
    /// coincidence: `python3 -m myserver` and `uvx mcp-server-time` keep
    /// their words; a folder given as data (after the package) is a path.
    #[test]
    fn module_and_package_names_are_not_paths() {
        let h = host(Os::Linux, "/usr/bin", "/home/u/proj", "/home/u");
        let files = &[
            "/home/u/proj/myserver/__init__.py",
            "/home/u/proj/mcp-server-time/x",
            "/home/u/proj/pkg/x",
            "/home/u/proj/docs/x",
            "/home/u/proj/run/x",
        ];
        let args = |cmd: &str, a: &[&str]| resolve(&h, cmd, &strs(a), true, &disk(files)).args;
        assert_eq!(
            args("python3", &["-m", "myserver"]),
            strs(&["-m", "myserver"])
        );
        assert_eq!(
            args("uvx", &["mcp-server-time", "docs"]),
            strs(&["mcp-server-time", "/home/u/proj/docs"])
        );
        assert_eq!(
            args("npx", &["-y", "pkg", "docs"]),
            strs(&["-y", "pkg", "/home/u/proj/docs"])
        );
        assert_eq!(
            args("uvx", &["--from", "pkg", "mcp-server-time"]),
            strs(&["--from", "pkg", "mcp-server-time"])
        );
        assert_eq!(
            args("/usr/bin/pipx", &["run", "pkg", "docs"]),
            strs(&["run", "pkg", "/home/u/proj/docs"])
        );
        assert_eq!(
            args("uv", &["tool", "run", "pkg"]),
            strs(&["tool", "run", "pkg"])
        );
        // `uv run SCRIPT`: a path, as before
        assert_eq!(
            args("uv", &["run", "docs"]),
            strs(&["run", "/home/u/proj/docs"])
        );
        // `uv --directory DIR run SCRIPT`: SCRIPT is DIR's, even where the
        // current folder has one of that name (the official quickstart
        // form); a relative DIR is made absolute
        let files2 = &[
            "/home/u/proj/main.py",
            "/home/u/other/main.py",
            "/home/u/proj/sub/x",
        ];
        let args2 = |a: &[&str]| resolve(&h, "uv", &strs(a), true, &disk(files2)).args;
        assert_eq!(
            args2(&["--directory", "/home/u/other", "run", "main.py"]),
            strs(&["--directory", "/home/u/other", "run", "main.py"])
        );
        assert_eq!(
            args2(&["--directory", "sub", "run", "main.py"]),
            strs(&["--directory", "/home/u/proj/sub", "run", "main.py"])
        );
        assert_eq!(
            args2(&["run", "--directory=/home/u/other", "main.py"]),
            strs(&["run", "--directory=/home/u/other", "main.py"])
        );
        assert_eq!(
            args2(&["--directory=sub", "run", "main.py"]),
            strs(&["--directory=/home/u/proj/sub", "run", "main.py"])
        );
        // any other command: a folder that exists is a path
        assert_eq!(args("node", &["pkg"]), strs(&["/home/u/proj/pkg"]));
        let h = host(Os::Windows, "C:\\bin", "C:\\proj", "C:\\Users\\u");
        let r = resolve(&h, "C:\\bin\\uvx.exe", &strs(&["pkg"]), true, &|_: &str| {
            Kind::Dir
        });
        assert_eq!(r.args, strs(&["pkg"]));
    }

    #[test]
    fn windows_cmd_shim_becomes_cmd_c() {
        let h = host(
            Os::Windows,
            r"C:\Windows\System32;C:\nodejs",
            r"C:\Users\u\proj",
            r"C:\Users\u",
        );
        let r = resolve(
            &h,
            "npx",
            &strs(&["-y", "@modelcontextprotocol/server-filesystem", "docs"]),
            false,
            &disk(&[r"C:\nodejs\npx.cmd", r"C:\Users\u\proj\docs"]),
        );
        assert_eq!(r.command, "cmd");
        assert_eq!(
            r.args,
            strs(&[
                "/c",
                r"C:\nodejs\npx.cmd",
                "-y",
                "@modelcontextprotocol/server-filesystem",
                r"C:\Users\u\proj\docs"
            ])
        );
    }

    #[test]
    fn windows_shim_path_with_spaces_and_metacharacters() {
        let h = host(
            Os::Windows,
            r"C:\Program Files\nodejs",
            r"C:\w",
            r"C:\Users\u",
        );
        let r = resolve(
            &h,
            "npx",
            &strs(&["mcp-remote", "https://x/?a=1&b=2", "two words & more"]),
            false,
            &disk(&[r"C:\Program Files\nodejs\npx.cmd"]),
        );
        assert_eq!(r.command, "cmd");
        assert_eq!(
            r.args,
            strs(&[
                "/c",
                "npx",
                "mcp-remote",
                // cmd /c reads it, then npx.cmd's `%*` line: ^^^ leaves ^&
                // for the second reading (checked under Wine: ^& is cut)
                "https://x/?a=1^^^&b=2",
                "two words & more"
            ])
        );
        // an .exe is spawned directly
        let r = resolve(
            &h,
            "node",
            &[],
            false,
            &disk(&[r"C:\Program Files\nodejs\node.exe"]),
        );
        assert_eq!(r.command, r"C:\Program Files\nodejs\node.exe");
        assert!(r.args.is_empty());
    }

    #[test]
    fn windows_pathext_and_case() {
        let mut h = host(Os::Windows, r"C:\tools", r"C:\w", r"C:\Users\u");
        h.vars.insert("PATHEXT".into(), ".EXE;.CMD".into());
        let r = resolve(&h, "uvx", &[], false, &disk(&[r"C:\tools\uvx.exe"]));
        assert_eq!(r.command, r"C:\tools\uvx.exe");
        let r = resolve(
            &h,
            "~\\bin\\x.exe",
            &[],
            false,
            &disk(&[r"C:\Users\u\bin\x.exe"]),
        );
        assert_eq!(r.command, r"C:\Users\u\bin\x.exe");
    }

    #[test]
    fn windows_root_and_drive_relative_commands_get_a_drive() {
        let h = host(Os::Windows, r"C:\tools", r"D:\work\proj", r"C:\Users\u");
        let files = &[r"D:\srv\x.exe", r"D:\work\proj\bin\y.exe", r"C:\srv\z.exe"];
        let r = resolve(&h, r"\srv\x.exe", &[], false, &disk(files));
        assert_eq!(r.command, r"D:\srv\x.exe", "the current drive");
        assert_eq!(r.changes.len(), 1);
        assert_eq!(
            r.changes[0].why,
            "made absolute: the app starts servers from its own folder, not from here"
        );
        let r = resolve(&h, r"D:bin\y.exe", &[], false, &disk(files));
        assert_eq!(
            r.command, r"D:\work\proj\bin\y.exe",
            "the current folder on D:"
        );
        let r = resolve(&h, r"C:srv\z.exe", &[], false, &disk(files));
        assert_eq!(r.command, r"C:\srv\z.exe", "another drive: its root");
        // absolute forms are kept as typed
        for abs in [r"C:\srv\z.exe", r"\\fs\share\x.exe"] {
            assert_eq!(resolve(&h, abs, &[], false, &disk(files)).command, abs);
        }
    }
}
