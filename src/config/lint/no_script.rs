//! An interpreter started with no program to run (`"command": "node"`
//! and no script): node, python, ruby, perl, php and the shells then read
//! their program from stdin, which is where the app writes its MCP
//! messages. They wait for the end of that program, which never comes, so
//! the server never answers `initialize`: a timeout with nothing on stderr.

use super::shell_line;
use crate::config::remote;

/// What kind of program an interpreter with nothing to run is, for the
/// hint's example; `None` when `command` is no such interpreter or `args`
/// give it something to run (a script, a module, code, or a flag that
/// makes it exit).
pub(super) fn reads_stdin(command: &str, args: &[&str]) -> Option<&'static str> {
    let stem = remote::stem(command);
    // Windows' shells take their program after a switch: without `/c`
    // (`/k`), or `-Command`/`-File`, they read commands from stdin
    if stem == "cmd" {
        let runs = args.iter().any(|a| crate::secrets::is_cmd_switch(a));
        return (!runs).then_some(CMD);
    }
    if stem == "powershell" || stem == "pwsh" {
        return (!powershell_runs(args, stem == "powershell")).then_some(CMD);
    }
    let kind = interpreter(&stem)?;
    if kind == "server.sh" {
        return (shell_line::sh_args(args) == shell_line::ShArgs::Stdin).then_some(kind);
    }
    let mut words = args.iter();
    while let Some(a) = words.next() {
        // `-` is stdin itself; `--` ends the flags, a script follows
        if *a == "-" {
            continue;
        }
        if *a == "--" {
            return words.next().is_none().then_some(kind);
        }
        if !a.starts_with('-') {
            // a script (or, after a flag this table does not know, that
            // flag's value: then something else is odd, not this)
            return None;
        }
        match flag(kind, a) {
            Flag::Runs => return None,
            // a flag whose value is the next word (`node -r dotenv/config`,
            // `python -W ignore`) preloads or sets: it runs nothing by itself
            Flag::Valued => {
                words.next();
            }
            Flag::Sets => {}
        }
    }
    Some(kind)
}

/// The interpreter a launcher starts, and its arguments: `env [-i]
/// [NAME=value]... python3 ...`, `uv run [options] python ...` (again
/// while the program is another launcher). `None` when `command` is no
/// such launcher, or its own options are ones this does not follow.
pub(super) fn unwrap_launcher<'a>(
    command: &'a str,
    args: &'a [&'a str],
) -> Option<(&'a str, &'a [&'a str])> {
    let (mut command, mut args) = (command, args);
    let mut unwrapped = false;
    loop {
        let stem = remote::stem(command);
        let start = match &*stem {
            "env" => env_program(args)?,
            "uv" if args.first() == Some(&"run") => uv_run_program(&args[1..])? + 1,
            _ => return unwrapped.then_some((command, args)),
        };
        let (program, rest) = args.get(start..)?.split_first()?;
        (command, args) = (program, rest);
        unwrapped = true;
    }
}

/// The index of the program `env` runs in its `args`: after its options
/// and `NAME=value` words. `None` for `-S` (a split string) or no program.
fn env_program(args: &[&str]) -> Option<usize> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match *a {
            "-i" | "-0" | "-v" | "--ignore-environment" | "--debug" | "-" => i += 1,
            "-u" | "--unset" | "-C" | "--chdir" | "-P" => i += 2,
            "--" => return Some(i + 1).filter(|n| *n < args.len()),
            a if a.starts_with("--unset=") || a.starts_with("--chdir=") => i += 1,
            a if a.starts_with('-') => return None,
            a if super::shell_line::assigned(a).is_some() => i += 1,
            _ => return Some(i),
        }
    }
    None
}

/// The index of the program `uv run` runs in the words after `run`.
fn uv_run_program(args: &[&str]) -> Option<usize> {
    /// `uv run`'s options that take the next word.
    const VALUED: &[&str] = &[
        "--with",
        "--with-editable",
        "--with-requirements",
        "--python",
        "-p",
        "--package",
        "--extra",
        "--group",
        "--only-group",
        "--no-group",
        "--env-file",
        "--directory",
        "--project",
        "--index",
        "--default-index",
        "--index-url",
        "-i",
        "--extra-index-url",
        "--find-links",
        "-f",
        "--index-strategy",
        "--keyring-provider",
        "--resolution",
        "--prerelease",
        "--exclude-newer",
        "--link-mode",
        "--config-setting",
        "-C",
        "--config-file",
        "--cache-dir",
        "--color",
        "--python-platform",
        "--refresh-package",
        "--reinstall-package",
        "--upgrade-package",
        "-P",
        "--no-build-package",
        "--no-binary-package",
        "--allow-insecure-host",
    ];
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if *a == "--" {
            return Some(i + 1).filter(|n| *n < args.len());
        }
        // `--module`, `--script`, `--gui-script`: what follows is no program
        if matches!(*a, "-m" | "--module" | "-s" | "--script" | "--gui-script") {
            return None;
        }
        if !a.starts_with('-') {
            return Some(i);
        }
        i += if VALUED.contains(a) { 2 } else { 1 };
    }
    None
}

/// What a flag of an interpreter does.
enum Flag {
    /// It gives the interpreter code or a module to run, or makes it exit
    /// at once (`--version`, `--help`, a check).
    Runs,
    /// It sets something and takes the next word as its value.
    Valued,
    /// It sets something (its value, if any, in the same word).
    Sets,
}

/// What flag `a` of an interpreter of `kind` does.
fn flag(kind: &str, a: &str) -> Flag {
    const EVERY: &[&str] = &["--version", "--help", "-h"];
    if EVERY.contains(&a) {
        return Flag::Runs;
    }
    let valued = |v: bool| if v { Flag::Valued } else { Flag::Sets };
    match kind {
        "server.py" => python_flag(a),
        "server.js" => {
            const NODE: &[&str] = &[
                "-e",
                "-p",
                "-c",
                "-v",
                "--eval",
                "--print",
                "--check",
                "--test",
                "--run",
                "--v8-options",
            ];
            if NODE.iter().any(|f| flag_is(a, f)) {
                return Flag::Runs;
            }
            valued(
                [
                    "-r",
                    "--require",
                    "--import",
                    "--loader",
                    "--experimental-loader",
                    "--env-file",
                    "--env-file-if-exists",
                    "--conditions",
                    "-C",
                    "--title",
                    "--inspect-port",
                    "--input-type",
                    "--disable-warning",
                    "--unhandled-rejections",
                    "--redirect-warnings",
                    "--diagnostic-dir",
                    "--report-dir",
                    "--icu-data-dir",
                    "--openssl-config",
                    "--dns-result-order",
                    "--watch-path",
                    "--heapsnapshot-signal",
                    "--cpu-prof-dir",
                    "--heap-prof-dir",
                    "--localstorage-file",
                    "--experimental-config-file",
                ]
                .contains(&a),
            )
        }
        // ruby: `-e` code, `-v` a version; `-r json`, `-E UTF-8`, `-I
        // dir`, `-C dir` set something (joined too: `-rjson`)
        "server.rb" => {
            if ["-e", "-v"].iter().any(|f| a.starts_with(f)) {
                return Flag::Runs;
            }
            valued(
                [
                    "-r",
                    "-E",
                    "-I",
                    "-C",
                    "--encoding",
                    "--external-encoding",
                    "--internal-encoding",
                    "--enable",
                    "--disable",
                ]
                .contains(&a),
            )
        }
        // php: `-r` code, `-f` a file, `-S` its web server, `-v`, `-i`,
        // `-m` print and exit; `-d x=1`, `-c php.ini`, `-z`, `-t` take a
        // value; `-e` is a plain flag (extended information)
        "server.php" => {
            if ["-r", "-f", "-S", "-v", "-i", "-m"]
                .iter()
                .any(|f| a.starts_with(f))
            {
                return Flag::Runs;
            }
            valued(["-d", "-c", "-z", "-t"].contains(&a))
        }
        // perl: code on the command line, or a version
        _ => {
            if ["-e", "-E", "-v", "-V"].iter().any(|f| a.starts_with(f)) {
                Flag::Runs
            } else {
                Flag::Sets
            }
        }
    }
}

/// A python flag: one-letter flags bundle (`-uc CODE`, `-Bm pkg`); `-W`
/// and `-X` take the rest of the word as their value, or the next word
/// when nothing follows them (`-uW ignore`).
fn python_flag(a: &str) -> Flag {
    const EXITS: &[&str] = &["--help-all", "--help-env", "--help-xoptions", "--version"];
    if EXITS.contains(&a) {
        return Flag::Runs;
    }
    if a == "--check-hash-based-pycs" {
        return Flag::Valued;
    }
    let Some(letters) = a.strip_prefix('-').filter(|f| !f.starts_with('-')) else {
        return Flag::Sets;
    };
    let mut chars = letters.chars();
    while let Some(c) = chars.next() {
        match c {
            'c' | 'm' | 'V' | '?' | 'h' => return Flag::Runs,
            'W' | 'X' if chars.as_str().is_empty() => return Flag::Valued,
            'W' | 'X' => return Flag::Sets,
            _ => {}
        }
    }
    Flag::Sets
}

/// `a` is flag `f`, alone or with its value joined (`-e=1`, `--eval=x`,
/// and for one-letter flags `-ecode`).
fn flag_is(a: &str, f: &str) -> bool {
    a == f
        || a.strip_prefix(f)
            .is_some_and(|rest| rest.starts_with('=') || (f.len() == 2 && !rest.is_empty()))
}

/// Whether PowerShell's `args` give it something to run: `-Command`,
/// `-File` or `-EncodedCommand` (`-` as their value is stdin again), a
/// word that is no flag's value (its script or command), or a flag that
/// exits at once. PowerShell takes any prefix of a parameter's name that
/// is long enough to be one parameter's, after `-` or `/`.
fn powershell_runs(args: &[&str], windows_powershell: bool) -> bool {
    /// Parameters that take the next word as their value.
    const VALUED: &[&str] = &[
        "executionpolicy",
        "windowstyle",
        "outputformat",
        "inputformat",
        "configurationname",
        "workingdirectory",
        "psconsolefile",
        "settingsfile",
        "custompipename",
    ];
    const VALUED_ALIASES: &[&str] = &["ex", "ep", "w", "o", "of", "if", "inp", "wd", "config"];
    /// Parameters that give it a program to run.
    const RUNS: &[&str] = &["command", "file", "encodedcommand"];
    const RUNS_ALIASES: &[&str] = &["c", "f", "e", "ec"];
    /// Parameters that make it exit at once.
    const EXITS: &[&str] = &["version", "help"];
    const EXITS_ALIASES: &[&str] = &["v", "h", "?"];
    let names = |name: &str, full: &[&str], aliases: &[&str]| {
        aliases.contains(&name) || (name.len() >= 3 && full.iter().any(|f| f.starts_with(name)))
    };
    let mut words = args.iter();
    while let Some(a) = words.next() {
        // (`/Command` on Windows; `/Users/me/s.ps1` is a script's path)
        let slashed = a
            .strip_prefix('/')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic() || c == '?'));
        let Some(name) = a.strip_prefix('-').or(slashed) else {
            // a word that no flag takes: the script (pwsh) or the command
            return true;
        };
        let name = name.to_ascii_lowercase();
        if names(&name, RUNS, RUNS_ALIASES) {
            // `-Command -` and `-File -` read the program from stdin
            return words.next().is_some_and(|v| *v != "-");
        }
        // Windows PowerShell's `-Version 5.1` picks the version it starts
        // (pwsh's prints its own and exits)
        let version = names(&name, &["version"], &["v"]);
        if names(&name, EXITS, EXITS_ALIASES) && !(windows_powershell && version) {
            return true;
        }
        if names(&name, VALUED, VALUED_ALIASES) || (windows_powershell && version) {
            words.next();
        }
    }
    false
}

/// What [`reads_stdin`] says of a Windows shell given no program.
pub(super) const CMD: &str = "cmd";

/// The script an interpreter named `stem` runs, for the hint.
fn interpreter(stem: &str) -> Option<&'static str> {
    let versioned = |name: &str| {
        stem.strip_prefix(name)
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    if versioned("node") || stem == "nodejs" {
        Some("server.js")
    } else if versioned("python") || versioned("pypy") || stem == "py" {
        Some("server.py")
    } else if versioned("ruby") {
        Some("server.rb")
    } else if versioned("perl") {
        Some("server.pl")
    } else if versioned("php") {
        Some("server.php")
    } else if ["sh", "bash", "zsh", "dash", "ksh"].contains(&stem) {
        Some("server.sh")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interpreter_with_nothing_to_run_reads_stdin() {
        let none: &[&str] = &[];
        assert_eq!(reads_stdin("node", none), Some("server.js"));
        assert_eq!(
            reads_stdin("/opt/homebrew/bin/python3.12", &["-u"]),
            Some("server.py")
        );
        assert_eq!(
            reads_stdin(r"C:\Program Files\nodejs\node.exe", &["--no-warnings"]),
            Some("server.js")
        );
        assert_eq!(reads_stdin("bash", &["-"]), Some("server.sh"));
        // something to run: a script, a module, code, a flag that exits
        for args in [
            &["server.js"][..],
            &["-c", "exec x"],
            &["--version"],
            &["--", "x"],
        ] {
            assert_eq!(reads_stdin("node", args), None, "{args:?}");
            assert_eq!(reads_stdin("python3", args), None, "{args:?}");
        }
        for args in [
            &["-e", "require('x')"][..],
            &["--eval=1"],
            &["--import=tsx", "s.mjs"],
        ] {
            assert_eq!(reads_stdin("node", args), None, "{args:?}");
        }
        for args in [&["-m", "mcp_server_time"][..], &["-mmcp_server_time"]] {
            assert_eq!(reads_stdin("python3", args), None, "{args:?}");
        }
        // Windows' shells without their switch read stdin too
        assert_eq!(reads_stdin("cmd", &["/q"]), Some(CMD));
        assert_eq!(reads_stdin("powershell.exe", &["-NoProfile"]), Some(CMD));
        assert_eq!(reads_stdin("cmd", &["/c", "x.exe"]), None);
        assert_eq!(reads_stdin("pwsh", &["-NoProfile", "-File", "s.ps1"]), None);
        assert_eq!(reads_stdin("pwsh", &["-NoP", "-f", "s.ps1"]), None);
        assert_eq!(reads_stdin("powershell", &["-Command", "Start-X"]), None);
        assert_eq!(reads_stdin("powershell", &["C:\\s.ps1"]), None);
        assert_eq!(reads_stdin("pwsh", &["-Version"]), None);
        // a POSIX path is a script, not a `/Parameter`
        assert_eq!(reads_stdin("pwsh", &["/Users/me/mcp/server.ps1"]), None);
        assert_eq!(
            reads_stdin(
                "powershell",
                &["-NoProfile", "-ExecutionPolicy", "Bypass", "/c/tools/s.ps1"]
            ),
            None
        );
        // a flag's value is not the program; `-` as the program is stdin
        assert_eq!(
            reads_stdin("powershell.exe", &["-ExecutionPolicy", "Bypass"]),
            Some(CMD)
        );
        assert_eq!(
            reads_stdin("powershell", &["/ExecutionPolicy", "Bypass", "-NoLogo"]),
            Some(CMD)
        );
        assert_eq!(
            reads_stdin("pwsh", &["-Exec", "Bypass", "-WindowStyle", "Hidden"]),
            Some(CMD)
        );
        assert_eq!(reads_stdin("pwsh", &["-Command", "-"]), Some(CMD));
        assert_eq!(reads_stdin("pwsh", &["-File", "-"]), Some(CMD));
        // flags that set something run nothing; their values are no script
        assert_eq!(reads_stdin("python3", &["-E"]), Some("server.py"));
        assert_eq!(reads_stdin("python", &["-v", "-u"]), Some("server.py"));
        assert_eq!(reads_stdin("python", &["-W", "ignore"]), Some("server.py"));
        assert_eq!(reads_stdin("python", &["-Xdev"]), Some("server.py"));
        assert_eq!(
            reads_stdin("node", &["-r", "dotenv/config"]),
            Some("server.js")
        );
        assert_eq!(reads_stdin("node", &["--import", "tsx"]), Some("server.js"));
        // python's bundled flags, code and versions
        for args in [
            &["-uc", "x"][..],
            &["-Bm", "pkg"],
            &["-V"],
            &["-W", "ignore", "-m", "x"],
        ] {
            assert_eq!(reads_stdin("python3", args), None, "{args:?}");
        }
        assert_eq!(reads_stdin("node", &["-r", "dotenv/config", "s.js"]), None);
        assert_eq!(reads_stdin("node", &["-pe", "1"]), None);
        assert_eq!(reads_stdin("bash", &["-lc", "exec x"]), None);
        assert_eq!(reads_stdin("perl", &["-E", "say 1"]), None);
        assert_eq!(reads_stdin("php", &["-r", "echo 1;"]), None);
        // not an interpreter
        for cmd in ["npx", "uvx", "docker", "nodemon", "python-mcp", "shx"] {
            assert_eq!(reads_stdin(cmd, none), None, "{cmd}");
        }
    }

    #[test]
    fn a_flags_value_is_no_script() {
        // python bundles ending in a flag that takes the next word
        for args in [&["-uW", "ignore"][..], &["-uX", "dev"], &["--"]] {
            assert_eq!(reads_stdin("python3", args), Some("server.py"), "{args:?}");
        }
        assert_eq!(reads_stdin("python3", &["-uW", "ignore", "s.py"]), None);
        assert_eq!(reads_stdin("python3", &["-uWignore", "s.py"]), None);
        // python's help forms exit
        for args in [
            &["--help-all"][..],
            &["--help-env"],
            &["--help-xoptions"],
            &["-VV"],
        ] {
            assert_eq!(reads_stdin("python3", args), None, "{args:?}");
        }
        // node
        assert_eq!(
            reads_stdin("node", &["--input-type", "module"]),
            Some("server.js")
        );
        assert_eq!(reads_stdin("node", &["--"]), Some("server.js"));
        assert_eq!(reads_stdin("node", &["--", "s.js"]), None);
        // the shells: options before the first operand only
        for args in [
            &["-o", "pipefail"][..],
            &["-s", "arg1"],
            &["--rcfile", "/dev/null"],
        ] {
            assert_eq!(reads_stdin("bash", args), Some("server.sh"), "{args:?}");
        }
        assert_eq!(reads_stdin("bash", &["/tmp/run.sh", "-c", "cd"]), None);
        assert_eq!(reads_stdin("bash", &["-c"]), None);
        // ruby, php: options that set something
        for args in [&["-r", "json"][..], &["-E", "UTF-8"], &["-rjson"]] {
            assert_eq!(reads_stdin("ruby", args), Some("server.rb"), "{args:?}");
        }
        assert_eq!(reads_stdin("ruby", &["-r", "json", "s.rb"]), None);
        assert_eq!(reads_stdin("ruby", &["-e", "puts 1"]), None);
        for args in [&["-d", "x=1"][..], &["-e"]] {
            assert_eq!(reads_stdin("php", args), Some("server.php"), "{args:?}");
        }
        assert_eq!(reads_stdin("php", &["-d", "x=1", "s.php"]), None);
        // Windows PowerShell's `-Version 5.1` picks a version; pwsh's exits
        assert_eq!(
            reads_stdin("powershell.exe", &["-Version", "5.1"]),
            Some(CMD)
        );
        assert_eq!(
            reads_stdin("powershell.exe", &["-Version", "5.1", "-File", "s.ps1"]),
            None
        );
        assert_eq!(reads_stdin("pwsh", &["-Version"]), None);
    }

    #[test]
    fn a_launcher_is_followed_to_its_interpreter() {
        let through = |cmd: &str, args: &[&str]| {
            let (p, a) = unwrap_launcher(cmd, args)?;
            reads_stdin(p, a)
        };
        for (cmd, args) in [
            ("env", &["python3"][..]),
            ("/usr/bin/env", &["-i", "X=1", "python3"]),
            ("uv", &["run", "python"]),
            ("uv", &["run", "--with", "mcp", "python"]),
            ("env", &["A=1", "uv", "run", "node"]),
        ] {
            assert!(through(cmd, args).is_some(), "{cmd} {args:?}");
        }
        for (cmd, args) in [
            ("env", &["python3", "s.py"][..]),
            ("uv", &["run", "--with", "mcp", "python", "-m", "srv"]),
            ("uv", &["run", "s.py"]),
            ("uv", &["run", "--module", "python"]),
            ("env", &["-S", "python3"]),
            ("uv", &["tool", "run", "python"]),
            ("node", &[]),
        ] {
            assert_eq!(
                unwrap_launcher(cmd, args).and_then(|(p, a)| reads_stdin(p, a)),
                None,
                "{cmd} {args:?}"
            );
        }
        assert_eq!(
            unwrap_launcher("uv", &["run", "--with", "mcp", "python", "-u"]),
            Some(("python", &["-u"][..]))
        );
    }
}
