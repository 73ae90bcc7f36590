//! "Works in my terminal, fails in Claude": what differs between the app's
//! launch environment and the user's shell, for a server that fails with
//! the first and passes with the second. Names only, never values; the
//! shell-only variables ranked by how likely each is the cause (named by
//! the server's output, implicated by a known cause, known to change
//! behaviour, the rest), never mcpctl's own `MCPCTL_*`. Pure:
//! both environments, both resolutions and a file-existence check are
//! passed in.

use std::path::{Path, PathBuf};

use super::LaunchEnv;
use super::LaunchSpec;
use super::causes;
use super::verdict::Verdict;
use crate::platform::{Os, launch};
use crate::text::plural;

/// The result of re-launching a failing server with the shell environment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShellComparison {
    /// The verdict with the shell environment.
    pub verdict: Verdict,
    pub ok: bool,
    /// What differs, one line each (only when the shell launch passed).
    pub differences: Vec<String>,
    /// The shell PATH folder that holds the command, when the app's PATH
    /// does not find it (or finds another one).
    pub path_entry: Option<String>,
    /// Where the shell found the command.
    pub shell_command: Option<String>,
    /// Variables set in the shell but not given to servers (names only).
    pub shell_only_vars: Vec<String>,
    /// The shell's working directory, when it differs from the app's.
    pub shell_cwd: Option<String>,
    /// Of `shell_only_vars`, those the failing launch's output names (for
    /// a hint; the JSON lists them first in `shell_only_vars`).
    #[serde(skip)]
    pub named_vars: Vec<String>,
    /// It failed in the shell exactly as with the app's environment: the
    /// same verdict, exit and last stderr line.
    #[serde(skip)]
    pub same_failure: bool,
    /// How it ended in the shell, when it failed there otherwise with the
    /// same verdict (`exited with code 2: Bad credentials`).
    #[serde(skip)]
    pub shell_ending: Option<String>,
    /// When `same_failure` holds only once the shell's own places are
    /// written as the app's: what the two messages name differently ("the
    /// working directory", "the home folder", or both).
    #[serde(skip)]
    pub differs_only_in: Option<String>,
}

/// The shell launch's message with the places it names that are the
/// shell's own (its working directory, its home folder) written as the
/// app's, and what was rewritten ("the working directory", "the home
/// folder", both; `None`: nothing). A server that prints where it runs
/// (`no such folder (working directory: /home/u/proj)`) fails the same
/// way in both launches when the rest of its message is the same.
pub fn as_in_app(shell_text: &str, app: &LaunchEnv, shell: &LaunchEnv) -> (String, Option<String>) {
    let home = |env: &LaunchEnv| {
        ["HOME", "USERPROFILE"].iter().find_map(|name| {
            env.vars
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        })
    };
    let app_cwd = app.cwd.display().to_string();
    let mut places: Vec<(&str, String, String)> = vec![(
        "the working directory",
        shell.cwd.display().to_string(),
        app_cwd.clone(),
    )];
    // the shell's `PWD` may spell its folder through a symlink that `cwd`
    // has resolved: a message may print either
    if let Some(pwd) = shell.vars.get("PWD").filter(|p| **p != places[0].1) {
        places.push(("the working directory", pwd.clone(), app_cwd));
    }
    if let (Some(s), Some(a)) = (home(shell), home(app)) {
        places.push(("the home folder", s, a));
    }
    // a one-character place (`/`) would rewrite every slash; the longer
    // first, so a working directory under the home folder is one place
    places.retain(|(_, s, a)| s != a && s.chars().count() > 1);
    places.sort_by_key(|(_, s, _)| std::cmp::Reverse(s.len()));
    let mut text = shell_text.to_string();
    let mut named = Vec::new();
    for (what, s, a) in places {
        if let Some(t) = replace_place(&text, &s, &a) {
            text = t;
            if !named.contains(&what) {
                named.push(what);
            }
        }
    }
    named.sort_unstable_by_key(|w| *w != "the working directory");
    let named = match named.as_slice() {
        [] => None,
        [one] => Some((*one).to_string()),
        _ => Some("the working directory and the home folder".to_string()),
    };
    (text, named)
}

/// `text` with the folder `from` written as `to` where it is a whole
/// path or the start of one (`/home/u/proj`, `/home/u/proj/data`,
/// `(in /home/u/proj)`), never where it merely starts a longer name
/// (`/home/u/project2`) or ends one; a path under it joined to `to` as a
/// path is (`/home/u/proj/data` with `to` `/` is `/data`). `None`: not in
/// `text`.
fn replace_place(text: &str, from: &str, to: &str) -> Option<String> {
    let sep = |c: char| c == '/' || c == '\\';
    // what may continue a name in a path (a `.` ending a sentence may not)
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '~' | '+' | '@' | '%');
    let mut out = String::new();
    let mut rest = text;
    let mut found = false;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + from.len()..];
        let mut next = after.chars();
        let starts = before.is_none_or(|c| !(name_char(c) || c == '.'));
        let ends = match next.next() {
            None => true,
            Some('.') => !next.next().is_some_and(|c| name_char(c) || c == '.'),
            Some(c) => !name_char(c),
        };
        if !(starts && ends) {
            let skip = i + from.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..skip]);
            rest = &rest[skip..];
            continue;
        }
        found = true;
        out.push_str(&rest[..i]);
        out.push_str(to);
        rest = match after.chars().next() {
            // `to` ends with its separator (`/`, `C:\`): not twice
            Some(c) if sep(c) && to.ends_with(sep) => &after[c.len_utf8()..],
            _ => after,
        };
    }
    out.push_str(rest);
    found.then_some(out)
}

/// What [`differences`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    pub lines: Vec<String>,
    pub path_entry: Option<String>,
    /// Variables the failing launch's output names (a subset of
    /// `shell_only_vars`, which lists them first).
    pub named_vars: Vec<String>,
    pub shell_only_vars: Vec<String>,
    pub shell_cwd: Option<String>,
}

/// Names listed inline in a difference line before "and N more".
const NAMES_SHOWN: usize = 12;

/// The first folder of the shell's PATH holding `name` when no folder of
/// the app's PATH does.
fn shell_only_dir(
    os: Os,
    name: &str,
    app: &LaunchEnv,
    shell: &LaunchEnv,
    exists: &dyn Fn(&Path) -> bool,
) -> Option<String> {
    let find = |env: &LaunchEnv| {
        crate::platform::split_path_list(os, &env.path)
            .into_iter()
            .filter(|d| !d.as_os_str().is_empty())
            .find(|d| exists(&d.join(name)))
    };
    if find(app).is_some() {
        return None;
    }
    find(shell).map(|d| d.display().to_string())
}

/// What differs on `os` (the machine both launches ran on), given the two
/// launch environments, where each found the
/// command (`None`: not found) and what the failing launch said (its
/// message and stderr: variables it names are listed first).
#[allow(clippy::too_many_arguments)] // each input is one fact of the two launches
pub fn differences(
    os: Os,
    spec: &LaunchSpec,
    app: &LaunchEnv,
    shell: &LaunchEnv,
    app_found: Option<&Path>,
    shell_found: Option<&Path>,
    failure_text: &str,
    exists: &dyn Fn(&Path) -> bool,
) -> Diff {
    let mut lines = Vec::new();
    let mut entry = None;
    if let Some(found) = shell_found
        && app_found != Some(found)
    {
        let dir = found.parent().map(|d| d.display().to_string());
        match (app_found, &dir) {
            (None, Some(dir)) => lines.push(format!(
                "PATH entry {dir} (only in your shell's PATH) has `{}`",
                spec.command
            )),
            (Some(other), Some(dir)) => lines.push(format!(
                "`{}` is {} with the app's PATH but {} (PATH entry {dir}) in your shell",
                spec.command,
                other.display(),
                found.display()
            )),
            _ => {}
        }
        entry = dir;
    }
    // the command was found, but the interpreter on its #! line was not
    if entry.is_none()
        && let Some(name) = causes::missing_interpreter(failure_text)
        && let Some(dir) = shell_only_dir(os, &name, app, shell, exists)
    {
        lines.push(format!(
            "`{name}`, which it runs (the #! line of `{}`), is in PATH entry {dir}, only in \
             your shell's PATH",
            spec.command
        ));
        entry = Some(dir);
    }
    let vars: Vec<String> = shell
        .vars
        .keys()
        .filter(|k| !app.vars.keys().any(|a| a.eq_ignore_ascii_case(k)))
        .filter(|k| !causes::is_mcpctls_own(k))
        .filter(|k| !launch::added_to_every_process(os, k))
        .cloned()
        .collect();
    let ranked = rank(vars, failure_text);
    for v in &ranked.named {
        lines.push(format!(
            "variable {v} is set only in your shell (the server's output names it)"
        ));
    }
    for (v, effect, why) in &ranked.implicated {
        lines.push(format!(
            "variable {v} is set only in your shell ({effect}; {why})"
        ));
    }
    let implicated: Vec<String> = ranked.implicated.iter().map(|(v, ..)| v.clone()).collect();
    let named: Vec<String> = ranked.named.into_iter().chain(implicated).collect();
    let relative = relative_arg(spec, shell, exists);
    // With a precise cause in hand, the rest is summarised, not listed.
    let precise = entry.is_some() || !named.is_empty() || relative.is_some();
    let rest: Vec<(String, Option<&str>)> = ranked
        .influential
        .into_iter()
        .map(|(v, e)| (v, Some(e)))
        .chain(ranked.others.into_iter().map(|v| (v, None)))
        .collect();
    // the working directory before the variables nothing singles out:
    // it is the likelier cause, and a long list of names would bury it
    let mut shell_cwd = None;
    if app.cwd != shell.cwd {
        shell_cwd = Some(shell.cwd.display().to_string());
        match relative {
            Some(rel) => lines.push(format!(
                "`{rel}` is a relative path: the app resolves it from {}, your shell from {}",
                app.cwd.display(),
                shell.cwd.display()
            )),
            None if !precise => lines.push(format!(
                "working directory: the app starts servers in {}, your shell is in {} \
(version-manager shims and .env files depend on it)",
                app.cwd.display(),
                shell.cwd.display()
            )),
            None => {}
        }
    }
    if !rest.is_empty() {
        lines.push(rest_line(&rest, !named.is_empty(), precise));
    }
    Diff {
        lines,
        path_entry: entry,
        named_vars: named.clone(),
        shell_only_vars: named
            .into_iter()
            .chain(rest.into_iter().map(|(v, _)| v))
            .collect(),
        shell_cwd,
    }
}

/// Shell-only variables, most likely cause first.
struct Ranked {
    /// Named by the failing launch's own words: a server usually says
    /// which variable it misses.
    named: Vec<String>,
    /// Implicated by a known cause in its output (a TLS failure and the
    /// certificate variables): name, what it changes, why it is suspect.
    implicated: Vec<(String, &'static str, &'static str)>,
    /// Known to change how servers behave (certificates, proxies,
    /// runtimes), with what each changes.
    influential: Vec<(String, &'static str)>,
    /// The rest, in name order.
    others: Vec<String>,
}

fn rank(vars: Vec<String>, failure_text: &str) -> Ranked {
    let mut r = Ranked {
        named: Vec::new(),
        implicated: Vec::new(),
        influential: Vec::new(),
        others: Vec::new(),
    };
    for v in vars {
        let effect = causes::influence(&v);
        if mentions(failure_text, &v) {
            r.named.push(v);
        } else if let (Some(e), Some(why)) = (effect, causes::implicated(&v, failure_text)) {
            r.implicated.push((v, e, why));
        } else if let Some(e) = effect {
            r.influential.push((v, e));
        } else {
            r.others.push(v);
        }
    }
    r
}

/// Influential variables named inline in a summarised line.
const INFLUENTIAL_SHOWN: usize = 3;

fn rest_line(rest: &[(String, Option<&str>)], other: bool, summarise: bool) -> String {
    let noun = if other { "other variable" } else { "variable" };
    let head = format!("{} only in your shell", plural(rest.len(), noun));
    let described = |(v, effect): &(String, Option<&str>)| match effect {
        Some(e) => format!("{v} ({e})"),
        None => v.clone(),
    };
    if summarise {
        let notable: Vec<String> = rest
            .iter()
            .filter(|(_, e)| e.is_some())
            .take(INFLUENTIAL_SHOWN)
            .map(described)
            .collect();
        let among = if notable.is_empty() {
            String::new()
        } else {
            format!(", among them {}", notable.join(", "))
        };
        return format!("{head}{among} (`--json` lists them in shell_only_vars)");
    }
    let shown: Vec<String> = rest.iter().take(NAMES_SHOWN).map(described).collect();
    let more = rest.len() - shown.len();
    format!(
        "{head}: {}{}",
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

/// The first relative path among the command (when it has a separator)
/// and the args that exists from the shell's directory.
fn relative_arg<'a>(
    spec: &'a LaunchSpec,
    shell: &LaunchEnv,
    exists: &dyn Fn(&Path) -> bool,
) -> Option<&'a str> {
    let command = Some(spec.command.as_str()).filter(|c| c.contains('/') || c.contains('\\'));
    command
        .into_iter()
        .chain(spec.args.iter().map(String::as_str))
        .find(|a| is_relative_path(a) && exists(&shell.cwd.join(a)))
}

/// Whether `text` contains `name` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    // the shell's own bookkeeping (`_`, `PWD`) is no setting a server
    // wants: a stray `_` or `PWD` in its output names nothing
    if SHELL_BOOKKEEPING.contains(&name) {
        return false;
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !word(c));
        let after = text[i + name.len()..]
            .chars()
            .next()
            .is_none_or(|c| !word(c));
        before && after
    })
}

/// Variables a shell sets for itself, in every terminal.
const SHELL_BOOKKEEPING: &[&str] = &["_", "PWD", "OLDPWD", "SHLVL"];

fn is_relative_path(arg: &str) -> bool {
    !arg.is_empty() && !arg.starts_with('-') && PathBuf::from(arg).is_relative()
}

/// The environment variable a failing server's output says it lacks, when
/// a line says so plainly: "environment variable X is not set", "X
/// environment variable is required", "Missing required environment
/// variable: X", "please set X", or Python's `KeyError: 'X'` (an
/// `os.environ[...]` lookup). Only names written as variables are taken
/// (capitals, digits and `_`, three or more, not a log level).
pub fn missing_variable(text: &str) -> Option<String> {
    const MISSING: &[&str] = &[
        "not set",
        "is required",
        "are required",
        "missing",
        "must be set",
        "must be provided",
        "undefined",
        "not defined",
        "not provided",
        "is empty",
    ];
    const NOT_NAMES: &[&str] = &[
        "ERROR", "ERR", "FATAL", "WARN", "WARNING", "INFO", "DEBUG", "TRACE", "MCP", "JSON",
        "HTTP", "HTTPS", "API", "URL", "ENV", "NOTE", "HINT", "TODO", "SDK", "CLI",
    ];
    for line in text.lines() {
        let lower = line.to_ascii_lowercase();
        let key_error = lower.contains("keyerror");
        let about_env = lower.contains("environment variable") || lower.contains("env var");
        let asks = lower.contains("please set")
            || (about_env && MISSING.iter().any(|w| lower.contains(w)));
        if !key_error && !asks {
            continue;
        }
        let name = line
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| {
                w.len() >= 3
                    && w.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
                    && w.chars().any(|c| c.is_ascii_uppercase())
                    && w.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    && !NOT_NAMES.contains(w)
            });
        if let Some(name) = name {
            return Some(name.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    /// A stray `_` or `PWD` in a server's output names no variable of its.
    #[test]
    fn the_shells_bookkeeping_is_never_named_by_output() {
        assert!(mentions("error: GITHUB_TOKEN is not set", "GITHUB_TOKEN"));
        assert!(!mentions("a _ b (noise)", "_"));
        assert!(!mentions("binary PWD noise", "PWD"));
    }

    #[test]
    fn a_missing_variable_is_read_from_the_usual_sentences() {
        for (text, name) in [
            (
                "mcpctl-example-server: error: environment variable EXAMPLE_API_KEY is not set. hint: ...",
                "EXAMPLE_API_KEY",
            ),
            (
                "Error: BRAVE_API_KEY environment variable is required",
                "BRAVE_API_KEY",
            ),
            (
                "GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set",
                "GITHUB_PERSONAL_ACCESS_TOKEN",
            ),
            (
                "Missing required environment variable: `SLACK_BOT_TOKEN`",
                "SLACK_BOT_TOKEN",
            ),
            (
                "ERROR: Please set SLACK_BOT_TOKEN and SLACK_TEAM_ID",
                "SLACK_BOT_TOKEN",
            ),
            (
                "Traceback (most recent call last):\n  ...\nKeyError: 'OPENAI_API_KEY'",
                "OPENAI_API_KEY",
            ),
            ("[FATAL] env var DATABASE_URL must be set", "DATABASE_URL"),
        ] {
            assert_eq!(
                super::missing_variable(text).as_deref(),
                Some(name),
                "{text}"
            );
        }
        for text in [
            "Error: Cannot find module '/x/index.js'",
            "environment variable is not set",
            "ERROR: connection refused",
            "the PATH environment variable is long",
            "KeyError: 'name'",
        ] {
            assert_eq!(super::missing_variable(text), None, "{text}");
        }
    }

    use super::*;

    /// A server `srv` found by neither launch, in no particular folder:
    /// only the variables can differ.
    fn variables_only(os: Os, app: &LaunchEnv, shell: &LaunchEnv, failure: &str) -> Diff {
        differences(
            os,
            &spec("srv", &[]),
            app,
            shell,
            None,
            None,
            failure,
            &|_| false,
        )
    }
    use crate::probe::EnvMode;

    fn env(mode: EnvMode, vars: &[(&str, &str)], cwd: &str) -> LaunchEnv {
        LaunchEnv {
            mode,
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            cwd: PathBuf::from(cwd),
            path: String::new(),
        }
    }

    fn spec(command: &str, args: &[&str]) -> LaunchSpec {
        LaunchSpec {
            name: "s".into(),
            command: command.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            app_path: None,
        }
    }

    /// `npx` found by its absolute path, its `#!/usr/bin/env node` failing
    /// on the app's PATH: the folder holding node in the shell's PATH is
    /// the difference.
    #[test]
    fn names_the_folder_of_the_interpreter_env_could_not_find() {
        let mut app = env(EnvMode::App, &[("PATH", "/usr/bin")], "/");
        app.path = "/usr/bin".into();
        let nvm = "/h/.nvm/versions/node/v20.1.0/bin";
        let mut shell = env(EnvMode::Shell, &[("PATH", "x")], "/");
        shell.path = format!("{nvm}:/usr/bin");
        let npx = PathBuf::from(format!("{nvm}/npx"));
        let failure =
            "exited with code 127\n/usr/bin/env: \u{2018}node\u{2019}: No such file or directory";
        let node = PathBuf::from(format!("{nvm}/node"));
        let d = differences(
            Os::Linux,
            &spec(&npx.display().to_string(), &[]),
            &app,
            &shell,
            Some(&npx),
            Some(&npx),
            failure,
            &|p| p == node,
        );
        assert_eq!(d.path_entry.as_deref(), Some(nvm), "{:?}", d.lines);
        assert!(
            d.lines[0].starts_with(&format!(
                "`node`, which it runs (the #! line of `{nvm}/npx`), is in PATH entry {nvm}"
            )),
            "{:?}",
            d.lines
        );
        // node on the app's PATH too: not the difference
        let d = differences(
            Os::Linux,
            &spec("npx", &[]),
            &app,
            &shell,
            Some(&npx),
            Some(&npx),
            failure,
            &|p| p == node || p == Path::new("/usr/bin/node"),
        );
        assert_eq!(d.path_entry, None);
    }

    #[test]
    fn names_the_path_entry_the_variables_and_the_relative_path() {
        let app = env(EnvMode::App, &[("PATH", "/usr/bin"), ("HOME", "/h")], "/");
        let shell = env(
            EnvMode::Shell,
            &[("PATH", "/x"), ("HOME", "/h"), ("API_KEY", "secret")],
            "/proj",
        );
        let found = PathBuf::from("/h/.nvm/v22/bin/node");
        let Diff {
            lines,
            path_entry: entry,
            shell_only_vars: vars,
            shell_cwd: cwd,
            ..
        } = differences(
            Os::Linux,
            &spec("node", &["server.js"]),
            &app,
            &shell,
            None,
            Some(&found),
            "",
            &|p: &Path| p == Path::new("/proj/server.js"),
        );
        assert_eq!(entry.as_deref(), Some("/h/.nvm/v22/bin"));
        assert_eq!(vars, vec!["API_KEY"]);
        assert_eq!(cwd.as_deref(), Some("/proj"));
        assert!(lines[0].contains("PATH entry /h/.nvm/v22/bin"), "{lines:?}");
        assert!(
            lines[1].contains("`server.js` is a relative path"),
            "{lines:?}"
        );
        assert_eq!(
            lines[2],
            "1 variable only in your shell (`--json` lists them in shell_only_vars)"
        );
        assert!(!lines.join(" ").contains("secret"));
    }

    #[test]
    fn variables_the_server_names_come_first() {
        let app = env(EnvMode::App, &[], "/");
        let shell = env(
            EnvMode::Shell,
            &[("AAA", "1"), ("GITHUB_TOKEN", "x"), ("GITHUB", "y")],
            "/",
        );
        let d = variables_only(
            Os::Linux,
            &app,
            &shell,
            "Error: GITHUB_TOKEN environment variable is required",
        );
        assert_eq!(d.shell_only_vars, vec!["GITHUB_TOKEN", "AAA", "GITHUB"]);
        assert_eq!(d.named_vars, vec!["GITHUB_TOKEN"]);
        assert_eq!(
            d.lines,
            vec![
                "variable GITHUB_TOKEN is set only in your shell (the server's output names it)",
                "2 other variables only in your shell (`--json` lists them in shell_only_vars)",
            ]
        );
    }

    #[test]
    fn what_wine_gives_every_process_is_no_difference_on_windows_only() {
        let app = env(
            EnvMode::App,
            &[("WINELOADER", "/usr/lib/wine/wine64")],
            "C:\\",
        );
        let wine = [
            ("API_KEY", "x"),
            ("WINECONFIGDIR", r"\??\Z:\h\.wine"),
            ("WINEDATADIR", r"\??\Z:\usr\share\wine"),
            ("WINEDLLDIR0", r"\??\Z:\usr\lib\wine"),
            ("WINEHOMEDIR", r"\??\Z:\h"),
            ("WINEPREFIX", r"/h/.wine"),
            ("WINEUNIXCP", "65001"),
            ("WINEUSERLOCALE", "en-US"),
            ("WINEUSERNAME", "ann"),
        ];
        let shell = env(EnvMode::Shell, &wine, "C:\\");
        let on = |os| variables_only(os, &app, &shell, "").shell_only_vars;
        assert_eq!(on(Os::Windows), vec!["API_KEY", "WINEPREFIX"]);
        assert_eq!(on(Os::Linux).len(), wine.len(), "set only in a Linux shell");
    }

    #[test]
    fn variables_are_ranked_named_implicated_influential_then_the_rest_and_never_mcpctls() {
        let app = env(EnvMode::App, &[], "/");
        let shell = env(
            EnvMode::Shell,
            &[
                ("AAA", "1"),
                ("HTTPS_PROXY", "http://proxy:3128"),
                ("MCPCTL_CONFIG", "/c.json"),
                ("NODE_EXTRA_CA_CERTS", "/ca.pem"),
                ("NODE_OPTIONS", "--max-old-space-size=4096"),
                ("ZZZ", "2"),
            ],
            "/",
        );
        // Nothing in the output: certificates, proxies and runtimes first.
        let d = variables_only(Os::Linux, &app, &shell, "boom");
        assert_eq!(
            d.shell_only_vars,
            vec![
                "HTTPS_PROXY",
                "NODE_EXTRA_CA_CERTS",
                "NODE_OPTIONS",
                "AAA",
                "ZZZ"
            ]
        );
        assert_eq!(
            d.lines,
            vec![
                "5 variables only in your shell: HTTPS_PROXY (a proxy), NODE_EXTRA_CA_CERTS \
(extra CA certificates for Node), NODE_OPTIONS (Node runtime options), AAA, ZZZ"
            ]
        );
        // A TLS failure implicates the certificate and proxy variables.
        let tls = "Error: unable to get local issuer certificate";
        let d = variables_only(Os::Linux, &app, &shell, tls);
        assert_eq!(d.named_vars, vec!["HTTPS_PROXY", "NODE_EXTRA_CA_CERTS"]);
        assert_eq!(
            d.lines,
            vec![
                "variable HTTPS_PROXY is set only in your shell (a proxy; the server failed a \
TLS certificate check)",
                "variable NODE_EXTRA_CA_CERTS is set only in your shell (extra CA certificates \
for Node; the server failed a TLS certificate check)",
                "3 other variables only in your shell, among them NODE_OPTIONS (Node runtime \
options) (`--json` lists them in shell_only_vars)",
            ]
        );
        assert!(!d.shell_only_vars.iter().any(|v| v.starts_with("MCPCTL")));
    }

    /// The shell's working directory and home folder in its message are
    /// written as the app's; a one-character folder (`/`) is left alone.
    #[test]
    fn the_shells_own_folders_are_written_as_the_apps() {
        let app = env(EnvMode::App, &[("HOME", "/home/app")], "/");
        let shell = env(EnvMode::Shell, &[("HOME", "/home/u")], "/home/u/proj");
        let (t, what) = as_in_app(
            "no such folder (working directory: /home/u/proj)",
            &app,
            &shell,
        );
        assert_eq!(t, "no such folder (working directory: /)");
        assert_eq!(what.as_deref(), Some("the working directory"));
        let (t, what) = as_in_app("cannot read /home/u/.cfg in /home/u/proj", &app, &shell);
        assert_eq!(t, "cannot read /home/app/.cfg in /");
        assert_eq!(
            what.as_deref(),
            Some("the working directory and the home folder")
        );
        let (t, what) = as_in_app("error: Bad credentials", &app, &shell);
        assert_eq!((t.as_str(), what), ("error: Bad credentials", None));
        // a path under the working directory is the path under the app's
        let (t, _) = as_in_app("ENOENT: /home/u/proj/data/x.db", &app, &shell);
        assert_eq!(t, "ENOENT: /data/x.db");
        let srv = env(EnvMode::App, &[("HOME", "/home/app")], "/srv");
        let (t, _) = as_in_app("ENOENT: /home/u/proj/data", &srv, &shell);
        assert_eq!(t, "ENOENT: /srv/data");
        // at the end of the message, before a `)` or a sentence's `.`
        let (t, _) = as_in_app("cwd is /home/u/proj", &app, &shell);
        assert_eq!(t, "cwd is /");
        let (t, _) = as_in_app("(cwd /home/u/proj) in /home/u/proj.", &app, &shell);
        assert_eq!(t, "(cwd /) in /.");
        // another folder that merely starts with its text is not it
        let (t, what) = as_in_app("no /home/u/project2 or /x/home/u/proj", &app, &shell);
        assert_eq!(t, "no /home/app/project2 or /x/home/u/proj");
        assert_eq!(what.as_deref(), Some("the home folder"));
        let (t, what) = as_in_app("see /home/u/proj.git", &app, &shell);
        assert_eq!(t, "see /home/app/proj.git");
        assert_eq!(what.as_deref(), Some("the home folder"));
        // a shell whose PWD spells its folder through a symlink: both
        // spellings are its working directory
        let linked = env(
            EnvMode::Shell,
            &[("HOME", "/home/u"), ("PWD", "/home/u/link")],
            "/data/real/proj",
        );
        let (t, what) = as_in_app(
            "no /home/u/link/conf nor /data/real/proj/conf",
            &app,
            &linked,
        );
        assert_eq!(t, "no /conf nor /conf");
        assert_eq!(what.as_deref(), Some("the working directory"));
        let (t, what) = as_in_app("error: Bad credentials", &app, &shell);
        assert_eq!((t.as_str(), what), ("error: Bad credentials", None));
        // the same folders, or a shell in `/`: nothing to rewrite
        let root = env(EnvMode::Shell, &[("HOME", "/home/app")], "/");
        let (t, what) = as_in_app("x / y", &env(EnvMode::App, &[], "/srv"), &root);
        assert_eq!((t.as_str(), what), ("x / y", None));
    }

    /// The working directory comes before the variables nothing singles
    /// out: a long list of names would bury it.
    #[test]
    fn the_working_directory_comes_before_unranked_variables() {
        let app = env(EnvMode::App, &[], "/");
        let shell = env(EnvMode::Shell, &[("AAA", "1"), ("BBB", "2")], "/proj");
        let d = variables_only(Os::Linux, &app, &shell, "boom");
        assert_eq!(
            d.lines,
            vec![
                "working directory: the app starts servers in /, your shell is in /proj \
(version-manager shims and .env files depend on it)",
                "2 variables only in your shell: AAA, BBB",
            ]
        );
    }

    #[test]
    fn same_resolution_same_cwd_means_only_variables_differ() {
        let app = env(EnvMode::App, &[("PATH", "/usr/bin")], "/");
        let shell = env(EnvMode::Shell, &[("PATH", "/usr/bin"), ("TOKEN", "t")], "/");
        let p = PathBuf::from("/usr/bin/python3");
        let Diff {
            lines,
            path_entry: entry,
            shell_cwd: cwd,
            ..
        } = differences(
            Os::Linux,
            &spec("python3", &[]),
            &app,
            &shell,
            Some(&p),
            Some(&p),
            "",
            &|_| false,
        );
        assert_eq!(entry, None);
        assert_eq!(cwd, None);
        assert_eq!(lines, vec!["1 variable only in your shell: TOKEN"]);
    }
}
