//! Why a server died, from what it wrote on stderr: which line carries the
//! cause (not npm's "A complete log of this run can be found in", docker's
//! "Run 'docker run --help'", a lone `}`), which known cause it is and the
//! hint that goes with it, and which of the variables only the user's
//! shell has are likely to matter; and the words for a Python module
//! missing where the app starts servers but present in the user's folder
//! (the caller checks the folder). Rules are data (the tables below, each
//! with the real output it was taken from); the functions only read them.
//! Pure: lines and names in, words out.

use std::path::Path;

/// A pattern over one stderr line.
#[derive(Debug, Clone, Copy)]
enum Pat {
    /// The line contains this (case-sensitive).
    Has(&'static str),
    /// The line, trimmed, starts with this.
    Starts(&'static str),
    /// The line, trimmed, is exactly this.
    Is(&'static str),
    /// The line is indented and, trimmed, starts with this (stack frames).
    Indented(&'static str),
}

impl Pat {
    fn matches(self, line: &str) -> bool {
        let t = line.trim();
        match self {
            Pat::Has(s) => line.contains(s),
            Pat::Starts(s) => t.starts_with(s),
            Pat::Is(s) => t == s,
            Pat::Indented(s) => line.starts_with(char::is_whitespace) && t.starts_with(s),
        }
    }
}

/// Lines that never carry the cause, with where each comes from.
const BOILERPLATE: &[Pat] = &[
    // npm 11: after every error.
    Pat::Has("A complete log of this run can be found in"),
    // npm 11, after a 404.
    Pat::Has("Note that you can also install from a"),
    Pat::Has("tarball, folder, http url, or git url."),
    // docker 28 after a usage or daemon error; older docker.
    Pat::Has("--help' for more information"),
    Pat::Starts("See 'docker"),
    // clap, argparse-style footers.
    Pat::Starts("For more information, try"),
    // Node: the source excerpt above an uncaught error, its stack, the
    // error's own properties and the version footer.
    Pat::Starts("node:internal/"),
    Pat::Is("throw err;"),
    Pat::Is("^"),
    Pat::Indented("at "),
    Pat::Indented("code: '"),
    Pat::Indented("requireStack:"),
    Pat::Starts("Require stack:"),
    Pat::Starts("- /"),
    Pat::Starts("Node.js v"),
    // Python: the traceback's frame and chaining lines.
    Pat::Starts("Traceback (most recent call last)"),
    Pat::Indented("File \""),
    Pat::Starts("During handling of the above exception"),
    Pat::Starts("The above exception was the direct cause"),
    // Rust: the panic footer.
    Pat::Starts("note: run with `RUST_BACKTRACE=1`"),
    // Lines of punctuation only (the end of an object printed by Node).
    Pat::Is("}"),
    Pat::Is("{"),
    Pat::Is("]"),
    Pat::Is(")"),
    Pat::Is("});"),
];

/// Words and codes that mark a line as saying what went wrong (matched
/// case-insensitively as substrings); a line's weight is how many distinct
/// ones it has.
const CAUSE_WORDS: &[&str] = &[
    "error",
    "err!",
    "fatal",
    "panicked",
    "exception",
    "traceback",
    "not found",
    "no such file",
    "cannot",
    "can't",
    "could not",
    "couldn't",
    "unable",
    "failed",
    "denied",
    "refused",
    "missing",
    "required",
    "invalid",
    "not set",
    "canceled",
    "enoent",
    "eacces",
    "eaddrinuse",
    "econnrefused",
    "enotfound",
    "etimedout",
    "certificate",
    " 401",
    " 403",
    " 404",
];

/// Whether `line` names an exception the way Python's last traceback line
/// and Node's uncaught-error line do: `ModuleNotFoundError: No module
/// named 'x'`, `json.decoder.JSONDecodeError: ...`, `SystemExit: 2`,
/// `Error: Cannot find module 'x'`, `TypeError: x is not a function`.
fn exception_line(line: &str) -> bool {
    if line.starts_with(char::is_whitespace) {
        return false;
    }
    let head = line.split(':').next().unwrap_or("");
    let name = head.rsplit('.').next().unwrap_or("");
    !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && ["Error", "Exception", "Exit", "Interrupt", "Warning"]
            .iter()
            .any(|s| name.ends_with(s))
        && (line.len() == head.len() || line[head.len()..].starts_with(": "))
}

/// How strongly `line` says what went wrong (0: not at all; `None`:
/// boilerplate or blank).
fn weight(line: &str) -> Option<usize> {
    if line.trim().is_empty() || BOILERPLATE.iter().any(|p| p.matches(line)) {
        return None;
    }
    if exception_line(line) {
        return Some(100);
    }
    let lower = line.to_lowercase();
    Some(CAUSE_WORDS.iter().filter(|w| lower.contains(*w)).count())
}

/// The stderr line that carries the cause: an exception line (the last
/// one), else the first line with the most error words, else
/// the last line that is not boilerplate. `None` when stderr has nothing
/// but blanks and boilerplate.
pub fn cause_line(tail: &[String]) -> Option<&str> {
    let mut best: Option<(usize, usize)> = None;
    for (i, line) in tail.iter().enumerate() {
        let Some(w) = weight(line) else { continue };
        let better = match best {
            None => true,
            // a later exception wins ties (it is what ended it);
            // otherwise the first of the heaviest
            Some((_, bw)) => w > bw || (w == 100 && bw == 100) || (w == 0 && bw == 0),
        };
        if better {
            best = Some((i, w));
        }
    }
    best.map(|(i, _)| tail[i].trim())
}

/// Whether the line names what went wrong (has an error word or is an
/// exception), not only what the server was doing.
pub fn says_error(line: &str) -> bool {
    weight(line).is_some_and(|w| w > 0)
}

/// A known cause: evidence in stderr (any line matching any pattern) and
/// its hint.
struct Cause {
    evidence: &'static [Pat],
    hint: &'static str,
}

/// Known causes, first match wins. Each evidence line is real output.
const CAUSES: &[Cause] = &[
    // npm 11.19 with `yes=false` (an .npmrc, or npm_config_yes=false) and
    // no terminal: `npm error npx canceled due to missing packages and no
    // YES option: ["pkg@1.0.0"]`; npm 7-9 said `npm ERR! canceled`.
    Cause {
        evidence: &[
            Pat::Has("npx canceled due to missing packages"),
            Pat::Is("npm ERR! canceled"),
        ],
        hint: "npm is configured not to answer yes (`yes=false` in an .npmrc, or \
npm_config_yes=false), so npx will not install the missing package, and there is no terminal \
to ask on: add \"-y\" to args before the package name (`npx -y PACKAGE`)",
    },
    // npm 11.19: `npm error 404 Not Found - GET https://registry.npmjs.org/...`;
    // npm 6-9: `npm ERR! 404 Not Found - GET ...`.
    Cause {
        evidence: &[
            Pat::Has("npm error 404 Not Found"),
            Pat::Has("npm ERR! 404 Not Found"),
        ],
        hint: "npm has no package by that name (or it is private and needs a login): check the \
package name in args against the server's README",
    },
    // docker 28.2: `docker: Cannot connect to the Docker daemon at
    // unix:///var/run/docker.sock. Is the docker daemon running?`
    Cause {
        evidence: &[Pat::Has("Cannot connect to the Docker daemon")],
        hint: "Docker is not running, or not where the app's environment looks: start Docker \
Desktop (or the docker service); a daemon your shell reaches through DOCKER_HOST needs that \
variable in the entry's env",
    },
    // mcp 2.0-2.2: `ModuleNotFoundError: No module named 'mcp.server.fastmcp'`;
    // mcp 2.3 adds ". This is mcp 2.x, where FastMCP was renamed to MCPServer ...".
    Cause {
        evidence: &[Pat::Has("No module named 'mcp.server.fastmcp")],
        hint: "the server was written for the `mcp` 1.x Python SDK, but mcp 2.x is installed \
(2.x renamed FastMCP to MCPServer): pin `mcp<2` where the server's dependencies are installed \
(`uvx --with 'mcp<2' ...`, or `\"mcp<2\"` in its pyproject.toml / requirements), or port it to \
`mcp.server.mcpserver.MCPServer`",
    },
    // Node: `unable to get local issuer certificate`,
    // `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, `SELF_SIGNED_CERT_IN_CHAIN`;
    // Python: `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed`;
    // Go: `x509: certificate signed by unknown authority`; rustls:
    // `invalid peer certificate: UnknownIssuer`.
    Cause {
        evidence: TLS_EVIDENCE,
        hint: "a TLS certificate check failed: behind a proxy that inspects TLS, the server \
needs your company's CA in its env: NODE_EXTRA_CA_CERTS for Node (npx included), SSL_CERT_FILE \
or REQUESTS_CA_BUNDLE for Python; proxies need HTTPS_PROXY. Claude Desktop passes none of your \
shell's variables to servers",
    },
    Cause {
        evidence: &[Pat::Has("ModuleNotFoundError"), Pat::Has("No module named")],
        hint: "the Python that runs it lacks a module: set \"command\" to the python of the \
environment the server is installed in (e.g. /path/to/project/.venv/bin/python)",
    },
    Cause {
        evidence: &[
            Pat::Has("Cannot find module"),
            Pat::Has("ERR_MODULE_NOT_FOUND"),
        ],
        hint: "Node cannot find a module: use absolute paths in args (the app starts servers \
in /) and run `npm install` where the server lives",
    },
    // macOS `env: node: No such file or directory`; GNU coreutils
    // `/usr/bin/env: 'node': No such file or directory` (‘node’ in a
    // UTF-8 locale)
    Cause {
        evidence: &[
            Pat::Starts("env: "),
            Pat::Starts("/usr/bin/env: "),
            Pat::Starts("/bin/env: "),
        ],
        hint: INTERPRETER_MISSING,
    },
    Cause {
        evidence: &[Pat::Has("ENOENT"), Pat::Has("No such file or directory")],
        hint: "a file it needs was not found: relative paths resolve from / (where the app \
starts servers); use absolute paths",
    },
    // argparse: `usage: server.py [-h] --port PORT`; click: `Usage: ...`.
    Cause {
        evidence: &[Pat::Starts("usage:"), Pat::Starts("Usage:")],
        hint: "it printed its usage: the args in the config are not what it expects (its \
error line says which); run it with --help in a terminal",
    },
];

const TLS_EVIDENCE: &[Pat] = &[
    Pat::Has("unable to get local issuer certificate"),
    Pat::Has("UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    Pat::Has("SELF_SIGNED_CERT_IN_CHAIN"),
    Pat::Has("self-signed certificate in certificate chain"),
    Pat::Has("UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    Pat::Has("unable to verify the first certificate"),
    Pat::Has("CERTIFICATE_VERIFY_FAILED"),
    Pat::Has("certificate verify failed"),
    Pat::Has("certificate signed by unknown authority"),
    Pat::Has("invalid peer certificate"),
];

/// The program `env` could not find (the interpreter on a script's `#!`
/// line, as `env` reports it), from the failing launch's output.
pub fn missing_interpreter(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim();
        let rest = ["env: ", "/usr/bin/env: ", "/bin/env: "]
            .iter()
            .find_map(|p| line.strip_prefix(p))?;
        let (name, why) = rest.split_once(": ")?;
        if !why.starts_with("No such file or directory") {
            return None;
        }
        let name = name.trim_matches(|c| matches!(c, '\'' | '‘' | '’' | '"'));
        (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
    })
}

/// The top-level name of the module Python says it cannot find, from the
/// last line that says so: `python3: No module named mcp_srv` (`-m`),
/// `ModuleNotFoundError: No module named 'mcp_srv.tools'` (an import) give
/// `mcp_srv`. Not a package found without a `__main__` (`No module named
/// pkg.__main__; 'pkg' is a package and cannot be directly executed`): that
/// module was found.
pub fn missing_module(tail: &[String]) -> Option<String> {
    tail.iter().rev().find_map(|line| {
        let (_, rest) = line.split_once("No module named ")?;
        if rest.contains("cannot be directly executed") {
            return None;
        }
        let rest = rest.trim_start_matches(['\'', '"']);
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        let top = rest[..end].split('.').next()?;
        (!top.is_empty() && !top.starts_with(|c: char| c.is_ascii_digit())).then(|| top.to_string())
    })
}

/// The hint for a Python module that is missing where the app starts the
/// server (`app_cwd`) but is a folder or `.py` file in `here`, the folder
/// mcpctl runs in (a fact the caller checked): Python looks in the working
/// folder for `-m`, the app starts servers elsewhere. With the entry's
/// `args` running `-m` that module, both fixes name it.
pub fn module_only_here_hint(module: &str, here: &Path, app_cwd: &Path, args: &[String]) -> String {
    let folder = here.display().to_string();
    let env = format!(
        "\"env\": {{\"PYTHONPATH\": {}}}",
        serde_json::to_string(&folder).unwrap_or_default()
    );
    let run = args
        .iter()
        .position(|a| a == "-m")
        .and_then(|i| args.get(i + 1))
        .filter(|m| m.split('.').next() == Some(module));
    match run {
        Some(m) => format!(
            "`{module}` is found only from {folder}, the folder you ran mcpctl in (for `-m`, \
Python looks in the working folder), and the app starts servers in {}: keep \"args\": \
[\"-m\", {}] and add {env} to the entry, or run it with `uv run --directory {} python -m {}`",
            app_cwd.display(),
            serde_json::to_string(m).unwrap_or_default(),
            crate::text::shell_word(&folder),
            crate::text::shell_word(m),
        ),
        None => format!(
            "the module `{module}` is found only from {folder}, the folder you ran mcpctl in, \
and the app starts servers in {}: add {env} to the entry",
            app_cwd.display()
        ),
    }
}

const INTERPRETER_MISSING: &str = "a program it runs (often the interpreter on the script's #! \
line) is not on the PATH the app gives servers: use absolute paths, or set PATH in the entry's \
env";

/// Whether stderr shows a TLS certificate failure.
pub fn tls_failure(text: &str) -> bool {
    text.lines()
        .any(|l| TLS_EVIDENCE.iter().any(|p| p.matches(l)))
}

/// The hint for a server that exited before answering, from its stderr
/// and exit code.
pub fn exit_hint(tail: &[String], code: Option<i32>) -> String {
    let known = CAUSES
        .iter()
        .find(|c| tail.iter().any(|l| c.evidence.iter().any(|p| p.matches(l))));
    if let Some(c) = known {
        return c.hint.to_string();
    }
    if code == Some(127) {
        return INTERPRETER_MISSING.to_string();
    }
    if code == Some(0) {
        if let Some(why) = cause_line(tail).filter(|l| says_error(l)) {
            return format!(
                "it started, then gave up on its own (exit code 0) after saying why: `{}`; \
fix that (often a missing setting, key or file) and try again",
                super::framing::truncate(why, 160)
            );
        }
        return "it ended without error before answering: it may not be an MCP server, or it \
needs an argument to serve over stdio (often `stdio` or `--stdio`); run it in a terminal to see \
what it does"
            .to_string();
    }
    if tail.iter().all(|l| l.trim().is_empty()) {
        return "run the same command in a terminal to see why it stops (it said nothing on \
stderr)"
            .to_string();
    }
    "run the same command in a terminal to see the whole error; its last stderr lines are shown"
        .to_string()
}

/// What a variable changes for a server, for variables known to change
/// behaviour (matched case-insensitively; a `*` ends a prefix).
const INFLUENTIAL: &[(&str, &str)] = &[
    ("NODE_EXTRA_CA_CERTS", "extra CA certificates for Node"),
    ("SSL_CERT_FILE", "the CA bundle OpenSSL and Python use"),
    ("SSL_CERT_DIR", "the CA folder OpenSSL uses"),
    ("REQUESTS_CA_BUNDLE", "the CA bundle of Python requests"),
    (
        "CURL_CA_BUNDLE",
        "the CA bundle of curl and some Python clients",
    ),
    (
        "NODE_TLS_REJECT_UNAUTHORIZED",
        "turns Node's TLS checks off",
    ),
    ("UV_NATIVE_TLS", "makes uv trust the system certificates"),
    ("HTTPS_PROXY", "a proxy"),
    ("HTTP_PROXY", "a proxy"),
    ("ALL_PROXY", "a proxy"),
    ("NO_PROXY", "proxy exceptions"),
    ("NODE_OPTIONS", "Node runtime options"),
    ("NODE_PATH", "where Node finds modules"),
    ("PYTHONPATH", "where Python finds modules"),
    ("PYTHONHOME", "which Python standard library is used"),
    ("VIRTUAL_ENV", "the active Python virtual environment"),
    ("CONDA_PREFIX", "the active conda environment"),
    ("JAVA_HOME", "which Java runs"),
    ("GOPATH", "Go's workspace"),
    ("DOCKER_HOST", "which Docker daemon is used"),
    ("DOCKER_CONTEXT", "which Docker daemon is used"),
    ("UV_*", "uv's settings"),
    ("NPM_CONFIG_*", "npm's settings"),
    ("LANG", "the locale (text encoding)"),
    ("LC_ALL", "the locale (text encoding)"),
];

/// Variables that certificate and proxy failures depend on.
const TLS_VARS: &[&str] = &[
    "NODE_EXTRA_CA_CERTS",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "NODE_TLS_REJECT_UNAUTHORIZED",
    "UV_NATIVE_TLS",
    "HTTPS_PROXY",
    "HTTP_PROXY",
    "ALL_PROXY",
    "NPM_CONFIG_CAFILE",
    "NPM_CONFIG_PROXY",
    "NPM_CONFIG_HTTPS_PROXY",
];

/// mcpctl's own variables: never a server's business.
pub fn is_mcpctls_own(name: &str) -> bool {
    name.to_ascii_uppercase().starts_with("MCPCTL_")
}

/// What a variable known to change behaviour does, or `None`.
pub fn influence(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    INFLUENTIAL
        .iter()
        .find(|(pat, _)| match pat.strip_suffix('*') {
            Some(prefix) => upper.starts_with(prefix),
            None => upper == *pat,
        })
        .map(|(_, what)| *what)
}

/// Why a variable is implicated by what the failing launch said (a TLS
/// failure implicates the certificate and proxy variables), or `None`.
pub fn implicated(name: &str, failure_text: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    (TLS_VARS.contains(&upper.as_str()) && tls_failure(failure_text))
        .then_some("the server failed a TLS certificate check")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    /// npm 11.19.1, `npx -y` of a package that does not exist.
    const NPM_404: &str = "npm error code E404
npm error 404 Not Found - GET https://registry.npmjs.org/@modelcontextprotocol%2fserver-nonexistent-mcpctl
npm error 404
npm error 404  The requested resource '@modelcontextprotocol/server-nonexistent-mcpctl@*' could not be found or you do not have permission to access it.
npm error 404
npm error 404 Note that you can also install from a
npm error 404 tarball, folder, http url, or git url.
npm error A complete log of this run can be found in: /tmp/npxrepro/cache/_logs/2026-11-28T19_25_02_653Z-debug-0.log";

    /// Node v20.20.2, `node /nonexistent/x.js`.
    const NODE_MISSING: &str = "node:internal/modules/cjs/loader:1210
  throw err;
  ^

Error: Cannot find module '/nonexistent/x.js'
    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)
    at node:internal/main/run_main_module:28:49 {
  code: 'MODULE_NOT_FOUND',
  requireStack: []
}

Node.js v20.20.2";

    #[test]
    fn the_cause_line_is_not_the_boilerplate_after_it() {
        assert_eq!(
            cause_line(&lines(NPM_404)),
            Some(
                "npm error 404 Not Found - GET \
https://registry.npmjs.org/@modelcontextprotocol%2fserver-nonexistent-mcpctl"
            )
        );
        assert_eq!(
            cause_line(&lines(NODE_MISSING)),
            Some("Error: Cannot find module '/nonexistent/x.js'")
        );
        // docker 28.2.2 without a daemon.
        let docker = "docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. \
Is the docker daemon running?\n\nRun 'docker run --help' for more information";
        assert!(
            cause_line(&lines(docker)).is_some_and(|l| l.starts_with("docker: Cannot connect")),
            "{:?}",
            cause_line(&lines(docker))
        );
        // A Python traceback: its last exception line.
        let py = "Traceback (most recent call last):\n  File \"/s.py\", line 1, in <module>\n    \
import mcp\nModuleNotFoundError: No module named 'mcp'";
        assert_eq!(
            cause_line(&lines(py)),
            Some("ModuleNotFoundError: No module named 'mcp'")
        );
        // Nothing that says error: the last real line.
        assert_eq!(
            cause_line(&lines("starting\nlistening on stdio\n}")),
            Some("listening on stdio")
        );
        assert_eq!(cause_line(&lines("\n}\n")), None);
    }

    #[test]
    fn exception_lines_are_recognised() {
        for yes in [
            "ModuleNotFoundError: No module named 'mcp.server.fastmcp'",
            "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
            "KeyboardInterrupt",
            "SystemExit: 2",
            "Error: Cannot find module 'x'",
        ] {
            assert!(exception_line(yes), "{yes}");
        }
        for no in [
            "ERROR: config missing",
            "  ValueError: indented",
            "npm error code E404",
            "Some Error happened: x",
        ] {
            assert!(!exception_line(no), "{no}");
        }
    }

    #[test]
    fn the_missing_module_is_read_from_what_python_says() {
        let said = |l: &str| missing_module(&lines(l));
        // Python 3.11, `python3 -m mcp_srv` from another folder
        assert_eq!(
            said("/usr/bin/python3: No module named mcp_srv").as_deref(),
            Some("mcp_srv")
        );
        assert_eq!(
            said("Traceback (most recent call last):\n  File \"x.py\", line 1\nModuleNotFoundError: No module named 'mcp_srv.tools'")
                .as_deref(),
            Some("mcp_srv")
        );
        assert_eq!(
            said("/usr/bin/python3: Error while finding module specification for 'a.b' (ModuleNotFoundError: No module named 'a')")
                .as_deref(),
            Some("a")
        );
        // found, but a package with no __main__: not missing
        assert_eq!(
            said(
                "/usr/bin/python3: No module named pkg.__main__; 'pkg' is a package and cannot be directly executed"
            ),
            None
        );
        assert_eq!(said("Error: Cannot find module 'x'"), None);
    }

    #[test]
    fn a_module_found_only_here_gets_both_fixes() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let here = Path::new("/home/u/my proj");
        assert_eq!(
            module_only_here_hint("mcp_srv", here, Path::new("/"), &args(&["-m", "mcp_srv"])),
            "`mcp_srv` is found only from /home/u/my proj, the folder you ran mcpctl in (for \
`-m`, Python looks in the working folder), and the app starts servers in /: keep \"args\": \
[\"-m\", \"mcp_srv\"] and add \"env\": {\"PYTHONPATH\": \"/home/u/my proj\"} to the entry, or \
run it with `uv run --directory \"/home/u/my proj\" python -m mcp_srv`"
        );
        // a module it imports, not the one `-m` runs: PYTHONPATH alone
        assert_eq!(
            module_only_here_hint("helpers", here, Path::new("/"), &args(&["-m", "mcp_srv"])),
            "the module `helpers` is found only from /home/u/my proj, the folder you ran mcpctl \
in, and the app starts servers in /: add \"env\": {\"PYTHONPATH\": \"/home/u/my proj\"} to the \
entry"
        );
    }

    #[test]
    fn known_causes_win_over_the_generic_hints() {
        let npx = lines(
            "npm error npx canceled due to missing packages and no YES option: \
[\"@modelcontextprotocol/server-memory@2026.8.31\"]\nnpm error A complete log of this run can \
be found in: /x.log",
        );
        assert!(exit_hint(&npx, Some(1)).contains("add \"-y\""));
        let v2 = lines("ModuleNotFoundError: No module named 'mcp.server.fastmcp'");
        assert!(exit_hint(&v2, Some(1)).contains("`mcp<2`"));
        let tls = lines(
            "npm error code UNABLE_TO_GET_ISSUER_CERT_LOCALLY\nnpm error request to \
https://registry.npmjs.org/x failed, reason: unable to get local issuer certificate",
        );
        assert!(exit_hint(&tls, Some(1)).contains("NODE_EXTRA_CA_CERTS"));
        assert!(exit_hint(&lines(NPM_404), Some(1)).contains("no package by that name"));
        let usage = lines(
            "usage: server.py [-h] --port PORT\nserver.py: error: the following arguments \
are required: --port",
        );
        assert!(exit_hint(&usage, Some(2)).contains("printed its usage"));
        assert!(
            exit_hint(
                &lines("ModuleNotFoundError: No module named 'mcp'"),
                Some(1)
            )
            .contains(".venv/bin/python")
        );
        assert!(exit_hint(&[], Some(127)).contains("#!"));
    }

    #[test]
    fn an_exit_0_after_an_error_quotes_why_it_gave_up() {
        let gave_up = lines(
            "weather server 1.2 starting\nERROR: config file /etc/weather.toml is missing; \
exiting\nbye",
        );
        let hint = exit_hint(&gave_up, Some(0));
        assert!(hint.starts_with("it started, then gave up"), "{hint}");
        assert!(hint.contains("`ERROR: config file /etc/weather.toml is missing; exiting`"));
        assert!(!hint.contains("not be an MCP server"), "{hint}");
        let quiet = exit_hint(&lines("hello"), Some(0));
        assert!(quiet.contains("not be an MCP server"), "{quiet}");
    }

    #[test]
    fn variables_that_change_behaviour_are_known_and_mcpctls_own_are_not_the_servers() {
        assert_eq!(
            influence("node_extra_ca_certs"),
            Some("extra CA certificates for Node")
        );
        assert_eq!(influence("https_proxy"), Some("a proxy"));
        assert_eq!(influence("UV_INDEX_URL"), Some("uv's settings"));
        assert_eq!(influence("GITHUB_TOKEN"), None);
        assert!(is_mcpctls_own("MCPCTL_CONFIG") && !is_mcpctls_own("MCP_CONFIG"));
        let tls = "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate \
verify failed: unable to get local issuer certificate (_ssl.c:1006)";
        assert!(implicated("SSL_CERT_FILE", tls).is_some());
        assert!(implicated("https_proxy", tls).is_some());
        assert!(implicated("SSL_CERT_FILE", "Error: boom").is_none());
        assert!(implicated("GITHUB_TOKEN", tls).is_none());
    }

    #[test]
    fn the_interpreter_env_could_not_find_is_named() {
        for line in [
            "/usr/bin/env: 'node': No such file or directory",
            "/usr/bin/env: \u{2018}node\u{2019}: No such file or directory",
            "env: node: No such file or directory",
        ] {
            assert_eq!(missing_interpreter(line).as_deref(), Some("node"), "{line}");
            assert_eq!(
                exit_hint(&[line.to_string()], Some(127)),
                INTERPRETER_MISSING,
                "{line}"
            );
            assert_eq!(
                exit_hint(&[line.to_string()], Some(1)),
                INTERPRETER_MISSING,
                "{line}"
            );
        }
        assert_eq!(missing_interpreter("env: invalid option -- 'x'"), None);
    }
}
