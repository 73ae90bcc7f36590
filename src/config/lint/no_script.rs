//! An interpreter started with no program to run (`"command": "node"`
//! and no script): node, python, ruby, perl, php and the shells then read
//! their program from stdin, which is where the app writes its MCP
//! messages. They wait for the end of that program, which never comes, so
//! the server never answers `initialize`: a timeout with nothing on stderr.

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
        return (!powershell_runs(args)).then_some(CMD);
    }
    let kind = interpreter(&stem)?;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        // `-` is stdin itself; `--` ends the flags, a script follows
        if *a == "-" {
            continue;
        }
        if *a == "--" || !a.starts_with('-') {
            // a script (or, after a flag this table does not know, that
            // flag's value: then something else is odd, not this)
            return None;
        }
        if runs_something(kind, a) {
            return None;
        }
        // a flag whose value is the next word (`node -r dotenv/config`,
        // `python -W ignore`) preloads or sets: it runs nothing by itself
        if takes_value(kind, a) {
            words.next();
        }
    }
    Some(kind)
}

/// Whether flag `a` of an interpreter of `kind` gives it code or a module
/// to run, or makes it exit at once (`--version`, `--help`, a check).
fn runs_something(kind: &str, a: &str) -> bool {
    const EVERY: &[&str] = &["--version", "--help", "-h"];
    if EVERY.contains(&a) {
        return true;
    }
    match kind {
        // python's one-letter flags bundle (`-uc CODE`, `-Bm pkg`); `-W`
        // and `-X` take the rest of the word as their value
        "server.py" => a
            .strip_prefix('-')
            .filter(|f| !f.starts_with('-'))
            .is_some_and(|f| {
                f.chars()
                    .take_while(|c| !matches!(c, 'W' | 'X'))
                    .any(|c| matches!(c, 'c' | 'm' | 'V' | '?'))
            }),
        "server.js" => {
            const NODE: &[&str] = &[
                "-e", "-p", "-c", "-v", "--eval", "--print", "--check", "--test", "--run",
            ];
            NODE.iter().any(|f| flag_is(a, f))
        }
        "server.sh" => a
            .strip_prefix('-')
            .is_some_and(|f| !f.starts_with('-') && f.contains('c')),
        // ruby, perl, php: code on the command line, or a version
        _ => ["-e", "-E", "-r", "-v", "-V", "-f", "-S"]
            .iter()
            .any(|f| a.starts_with(f)),
    }
}

/// Whether flag `a` of an interpreter of `kind` takes the next word as its
/// value (and the flag runs nothing by itself).
fn takes_value(kind: &str, a: &str) -> bool {
    match kind {
        "server.py" => ["-W", "-X", "--check-hash-based-pycs"].contains(&a),
        "server.js" => [
            "-r",
            "--require",
            "--import",
            "--loader",
            "--experimental-loader",
            "--env-file",
            "--conditions",
            "-C",
            "--title",
            "--inspect-port",
        ]
        .contains(&a),
        _ => false,
    }
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
fn powershell_runs(args: &[&str]) -> bool {
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
        if names(&name, EXITS, EXITS_ALIASES) {
            return true;
        }
        if names(&name, VALUED, VALUED_ALIASES) {
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
}
