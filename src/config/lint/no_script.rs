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
        let runs = args.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            !a.starts_with('-')
                || [
                    "-c",
                    "-command",
                    "-f",
                    "-file",
                    "-e",
                    "-ec",
                    "-encodedcommand",
                    "-v",
                    "-version",
                    "-h",
                    "-help",
                    "-?",
                ]
                .contains(&a.as_str())
        });
        return (!runs).then_some(CMD);
    }
    let kind = interpreter(&stem)?;
    // a word that is not a flag is a script (or a flag's value: then
    // something else is odd, not this)
    if args.iter().any(|a| !a.starts_with('-') || *a == "--") {
        return None;
    }
    /// Flags that give code or a module to run, or make it exit at once.
    const RUNS_SOMETHING: &[&str] = &[
        "-c",
        "-e",
        "-m",
        "-p",
        "-E",
        "-r",
        "-v",
        "-V",
        "-h",
        "--eval",
        "--print",
        "--command",
        "--version",
        "--help",
        "--check",
        "--test",
        "--run",
        "--import",
        "--require",
    ];
    if args
        .iter()
        .any(|a| *a != "-" && RUNS_SOMETHING.iter().any(|f| a.starts_with(f)))
    {
        return None;
    }
    Some(kind)
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
            &["-m", "mcp_server_time"],
            &["-mmcp_server_time"],
            &["-e", "require('x')"],
            &["--eval=1"],
            &["-c", "exec x"],
            &["--version"],
            &["--import=tsx"],
            &["--", "x"],
        ] {
            assert_eq!(reads_stdin("node", args), None, "{args:?}");
            assert_eq!(reads_stdin("python3", args), None, "{args:?}");
        }
        // Windows' shells without their switch read stdin too
        assert_eq!(reads_stdin("cmd", &["/q"]), Some(CMD));
        assert_eq!(reads_stdin("powershell.exe", &["-NoProfile"]), Some(CMD));
        assert_eq!(reads_stdin("cmd", &["/c", "x.exe"]), None);
        assert_eq!(reads_stdin("pwsh", &["-NoProfile", "-File", "s.ps1"]), None);
        // not an interpreter
        for cmd in ["npx", "uvx", "docker", "nodemon", "python-mcp", "shx"] {
            assert_eq!(reads_stdin(cmd, none), None, "{cmd}");
        }
    }
}
