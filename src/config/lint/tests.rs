//! Table-driven tests of the lint rules, for every OS, on any machine.

use super::*;
use crate::codes::Code;
use crate::config::syntax;

const APP_PATH: &str = "/usr/local/bin:/usr/bin";
const SHELL_PATH: &str = "/opt/shell:/usr/bin";

/// Fake look-up: `node`, `npx`, `uv`, `cmd`, `docker` are on every PATH;
/// `uvx` only in the shell's; absolute paths under /usr/local/bin and
/// C:\tools exist.
fn fake_lookup(cmd: &str, path: &str, _cwd: &Path) -> Option<PathBuf> {
    if cmd.starts_with('/') || cmd.contains(":\\") {
        let exists = cmd.starts_with("/usr/local/bin/") || cmd.starts_with("C:\\tools\\");
        return exists.then(|| PathBuf::from(cmd));
    }
    let first = path.split([':', ';']).next().unwrap_or("");
    if ["node", "npx", "uv", "cmd", "docker", "python3"].contains(&cmd) {
        return Some(PathBuf::from(format!("{first}/{cmd}")));
    }
    (cmd == "uvx" && path.contains("/opt/shell")).then(|| PathBuf::from("/opt/shell/uvx"))
}

fn ctx(os: Os) -> LintContext {
    LintContext {
        os,
        home: Some(PathBuf::from(match os {
            Os::Windows => r"C:\Users\ann",
            Os::MacOs => "/Users/ann",
            Os::Linux => "/home/ann",
        })),
        app_path: APP_PATH.into(),
        app_path_label: format!("the PATH Claude Desktop gives servers on {}", os.name()),
        shell_path: SHELL_PATH.into(),
        cwd: PathBuf::from("/"),
        here: None,
        lookup: Some(fake_lookup),
        // the path checks look at a fake home only (`fake_exists`)
        exists: (os == Os::Linux).then_some(fake_exists as Exists),
    }
}

fn lint_text(os: Os, text: &str) -> (Source, Vec<Diagnostic>) {
    let src = Source::from_text("c.json", text);
    let root = syntax::parse(&src).root.expect("test input parses");
    let ds = lint(&root, &src, &ctx(os));
    (src, ds)
}

fn ids(os: Os, text: &str) -> Vec<&'static str> {
    lint_text(os, text).1.iter().map(|d| d.code.id()).collect()
}

/// One server `{"command": C, "args": A, "env": E}` wrapped in a config.
fn server(body: &str) -> String {
    format!(r#"{{"mcpServers": {{"s": {{{body}}}}}}}"#)
}

use Os::{Linux, MacOs, Windows};

/// (rule expected, OS, config). Empty expectation = no finding.
fn table() -> Vec<(&'static [&'static str], Os, String)> {
    vec![
        // clean entries, including things that only look like paths
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ann/docs"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "docker", "args": ["run", "-i", "--rm", "mcp/fetch", "ghcr.io/github/github-mcp-server"]"#,
            ),
        ),
        (
            &[],
            Linux,
            server(
                r#""command": "uv", "args": ["--directory", "/home/ann/srv", "run", "server.py"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["mcp-remote", "https://x.dev/a.js", "--port=8080", "-1"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "/usr/local/bin/node", "args": ["/Users/ann/x/index.js"], "env": {"K": "v", "P": "C:\\PROGRA~1", "R": "a~b", "M": "cost$5"}"#,
            ),
        ),
        (
            &[],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "npx", "-y", "pkg"]"#),
        ),
        (
            &[],
            Windows,
            server(r#""command": "C:\\tools\\node.exe", "args": ["C:\\srv\\index.js"]"#),
        ),
        (&[], MacOs, r#"[1, 2]"#.to_string()),
        // top level
        (
            &["servers-key"],
            MacOs,
            r#"{"servers": {"s": {"command": "npx"}}}"#.into(),
        ),
        (
            &["servers-key"],
            MacOs,
            r#"{"mcpServers": {}, "servers": {"s": {"command": "npx"}}}"#.into(),
        ),
        (&["no-servers"], MacOs, r#"{"preferences": {}}"#.into()),
        (&[], MacOs, r#"{"mcpServers": {}}"#.into()),
        // names
        (
            &["empty-server-name"],
            MacOs,
            r#"{"mcpServers": {"": {"command": "npx"}}}"#.into(),
        ),
        (
            &["duplicate-server"],
            MacOs,
            r#"{"mcpServers": {"a": {"command": "npx"}, "a": {"command": "node", "args": ["--version"]}}}"#.into(),
        ),
        // command
        (
            &["command-with-args"],
            MacOs,
            server(r#""command": "npx -y @scope/pkg""#),
        ),
        (&[], MacOs, server(r#""command": "/usr/local/bin/my tool""#)),
        (
            &["relative-command"],
            MacOs,
            server(r#""command": "./server.py""#),
        ),
        (
            &["relative-command"],
            Linux,
            server(r#""command": "build/index.js""#),
        ),
        (
            &["relative-command"],
            MacOs,
            server(r#""command": "server.py""#),
        ),
        (
            &["relative-command"],
            Windows,
            server(r#""command": ".\\server.exe""#),
        ),
        // root- and drive-relative: they only look absolute
        (
            &["relative-command"],
            Windows,
            server(r#""command": "\\srv\\x.exe""#),
        ),
        (
            &["relative-command"],
            Windows,
            server(r#""command": "C:srv\\x.exe""#),
        ),
        // a UNC path is absolute (here: not found, not relative)
        (
            &["command-not-found"],
            Windows,
            server(r#""command": "\\\\srv\\share\\x.exe""#),
        ),
        (
            &["tilde-command"],
            MacOs,
            server(r#""command": "~/bin/srv""#),
        ),
        (
            &["var-command"],
            MacOs,
            server(r#""command": "$HOME/bin/srv""#),
        ),
        (
            &["var-command"],
            Windows,
            server(r#""command": "%APPDATA%\\npm\\srv.exe""#),
        ),
        (
            &["command-not-found"],
            MacOs,
            server(r#""command": "mcp-server-nope""#),
        ),
        (
            &["command-not-found"],
            MacOs,
            server(r#""command": "uvx", "args": ["mcp-server-time"]"#),
        ),
        (
            &["command-not-found"],
            Linux,
            server(r#""command": "/nope/srv""#),
        ),
        (
            &["windows-shim"],
            Windows,
            server(r#""command": "npx", "args": ["-y", "pkg"]"#),
        ),
        (
            &["windows-shim"],
            Windows,
            server(r#""command": "C:\\Program Files\\nodejs\\npx.cmd""#),
        ),
        (
            &["windows-shim"],
            Windows,
            server(r#""command": "tool.bat""#),
        ),
        (&[], MacOs, server(r#""command": "npx""#)),
        // args
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "node", "args": ["./build/index.js"]"#),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "node", "args": ["dist/server.js"]"#),
        ),
        (
            &["relative-arg"],
            Linux,
            server(r#""command": "python3", "args": ["server.py"]"#),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "npx", "args": ["x", "--config=./c.json"]"#),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "--db-path", "data.db"]"#),
        ),
        (
            &["relative-arg"],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "node", ".\\server.js"]"#),
        ),
        (
            &[],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "node.exe", "C:/srv/server.js"]"#),
        ),
        (
            &["tilde"],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "~/Documents"]"#),
        ),
        (
            &["tilde"],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "--root=~/x"]"#),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "${API_KEY}"]"#),
        ),
        (
            &[],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "%APPDATA%"]"#),
        ),
        // cmd expands `%VAR%`: one the app passes is there, another is not
        (
            &[],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "srv", "%APPDATA%"]"#),
        ),
        (
            &["unexpanded-var"],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "srv", "%MY_TOKEN%"]"#),
        ),
        // a shell's `-c` string: `$HOME` is passed by the app, `$TOKEN` not
        (
            &[],
            Linux,
            server(
                r#""command": "/usr/local/bin/sh", "args": ["-c", "exec srv --root $HOME/data"]"#,
            ),
        ),
        (
            &["unexpanded-var"],
            Linux,
            server(r#""command": "/usr/local/bin/sh", "args": ["-c", "exec srv --key $TOKEN"]"#),
        ),
        // env
        (
            &["empty-env-value"],
            MacOs,
            server(r#""command": "npx", "env": {"API_KEY": ""}"#),
        ),
        (
            &["env-name-case"],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "npx"], "env": {"Path": "C:\\tools"}"#),
        ),
        (
            &[],
            MacOs,
            server(r#""command": "npx", "env": {"Path": "/x"}"#),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(r#""command": "npx", "env": {"TOKEN": "$GITHUB_TOKEN"}"#),
        ),
        // a PATH that replaces the app's without the system folders (nvm
        // guides): npx cannot start `sh`
        (
            &["command-not-found", "env-path-no-system"],
            MacOs,
            server(
                r#""command": "/Users/ann/.nvm/versions/node/v20.1.0/bin/npx", "env": {"PATH": "/Users/ann/.nvm/versions/node/v20.1.0/bin"}"#,
            ),
        ),
        (
            &[],
            Linux,
            server(r#""command": "npx", "env": {"PATH": "/opt/node/bin:/usr/bin/"}"#),
        ),
        (
            &["command-not-found"],
            Windows,
            server(r#""command": "C:\\node\\node.exe", "args": ["C:\\srv\\index.js"], "env": {"PATH": "C:\\node"}"#),
        ),
        (
            &["tilde"],
            Linux,
            server(r#""command": "npx", "env": {"ROOTS": "/srv:~/docs"}"#),
        ),
        // real-world shapes (tests/fixtures/real_world): false positives fixed
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@latest", "~/Documents"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["mcp-remote", "https://x.dev/sse", "--header", "Authorization:${AUTH_HEADER}"], "env": {"AUTH_HEADER": "Bearer t"}"#,
            ),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(
                r#""command": "npx", "args": ["mcp-remote", "https://x.dev/sse", "--header", "Authorization: Bearer ${AUTH_TOKEN}"]"#,
            ),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(r#""command": "npx", "args": ["srv", "${K}"], "env": {"K": "v"}"#),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "node", "args": ["C:\Users\ann\srv\index.js", "C:/Users/ann/data.db"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "docker", "args": ["run", "-i", "--rm", "--mount", "type=bind,src=/Users/ann,dst=/p", "-v", "vol:/data", "-e", "TOKEN", "mcp/x"]"#,
            ),
        ),
        // the official gdrive README: a variable set to a path in the
        // container is no relative path here
        (
            &[],
            Linux,
            server(
                r#""command": "docker", "args": ["run", "-i", "--rm", "-v", "mcp-gdrive:/gdrive-server", "-e", "GDRIVE_CREDENTIALS_PATH=/gdrive-server/credentials.json", "--env", "CFG=/etc/x.json", "mcp/gdrive"]"#,
            ),
        ),
        // Smithery's `--key` is the account's API key
        (
            &["secret-in-args"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "@smithery/cli@latest", "run", "@x/y", "--key", "0000-1111"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "uvx", "args": ["--from", "git+https://github.com/x/y.git", "srv"]"#,
            )
            .replace("uvx", "uv"),
        ),
        // real-world shapes: false negatives fixed
        (
            &["relative-arg", "tilde"],
            Linux,
            server(
                r#""command": "uv", "args": ["--directory", "parent_of_servers_repo/servers/src/sqlite", "run", "srv", "--db-path", "~/test.db"]"#,
            ),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "uv", "args": ["--directory=srv/weather", "run", "weather.py"]"#),
        ),
        (
            &[],
            Windows,
            server(r#""command": "uv", "args": ["--directory", "C:\srv\w", "run", "w.py"]"#),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(r#""command": "docker", "args": ["run", "-i", "-v", "./data:/data", "img"]"#),
        ),
        (
            &["relative-arg"],
            MacOs,
            server(
                r#""command": "node", "args": ["/a/i.js"], "env": {"DB_PATH": "./data/app.db", "MODEL": "gpt-4.1", "FW": "next.js"}"#,
            ),
        ),
        (
            &["placeholder"],
            MacOs,
            server(r#""command": "<path_to_node>", "args": ["/Users/ann/x.js"]"#),
        ),
        (
            &["placeholder"],
            MacOs,
            server(
                r#""command": "node", "args": ["/ABSOLUTE/PATH/TO/PARENT/FOLDER/weather/build/index.js"]"#,
            ),
        ),
        (
            &["placeholder"],
            MacOs,
            server(
                r#""command": "uv", "args": ["--directory", "/Users/your-username/srv", "run", "s.py"]"#,
            ),
        ),
        (
            &["placeholder"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "pkg"], "env": {"BRAVE_API_KEY": "YOUR_API_KEY_HERE"}"#,
            ),
        ),
        (
            &["placeholder"],
            MacOs,
            server(r#""command": "npx", "env": {"T": "<YOUR_TOKEN>", "OK": "ghp_real0000"}"#),
        ),
        (
            &["placeholder"],
            MacOs,
            server(r#""command": "docker", "args": ["run", "-i", "--rm", "img", "{{DIR}}"]"#),
        ),
        (
            &["placeholder"],
            Linux,
            server(r#""command": "python3", "args": ["path/to/server/file.py"]"#),
        ),
        (
            &["docker-tty"],
            MacOs,
            server(r#""command": "docker", "args": ["run", "-it", "--rm", "img"]"#),
        ),
        (
            &["docker-no-stdin"],
            MacOs,
            server(r#""command": "docker", "args": ["run", "--rm", "mcp/fetch"]"#),
        ),
        (
            &["docker-tty"],
            Windows,
            server(r#""command": "docker", "args": ["run", "-i", "--tty", "img"]"#),
        ),
        // bridges to remote servers
        (
            &["bridge-fixed-port"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://a.dev/mcp", "9696"]"#,
            ),
        ),
        (
            &["bridge-token-in-args"],
            Linux,
            server(
                r#""command": "npx", "args": ["-y", "supergateway", "--sse", "https://d.dev/sse", "--oauth2Bearer", "tok-123456789"]"#,
            ),
        ),
        // an interpreter with nothing to run reads its program from stdin
        (&["no-script"], Linux, server(r#""command": "node""#)),
        (
            &["no-script"],
            Windows,
            server(r#""command": "node", "args": ["--no-warnings"]"#),
        ),
        (
            &[],
            MacOs,
            server(r#""command": "python3", "args": ["-m", "mcp_server_time"]"#),
        ),
        // a shell line that moves the protocol's stdio; the Inspector in
        // the server's place
        (
            &["shell-redirect"],
            MacOs,
            server(r#""command": "/usr/local/bin/bash", "args": ["-c", "cd /srv && uv run server.py 2>&1"]"#),
        ),
        (
            &["shell-redirect"],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "npx", "-y", "pkg", ">", "C:\\log.txt"]"#),
        ),
        (
            &[],
            Linux,
            server(r#""command": "/usr/local/bin/sh", "args": ["-c", "exec node /srv/s.js 2>>/tmp/s.log"]"#),
        ),
        // a line of `cd` alone starts nothing
        (
            &["starts-nothing"],
            Linux,
            server(r#""command": "/usr/local/bin/sh", "args": ["-c", "cd /srv"]"#),
        ),
        (
            &["starts-nothing"],
            Windows,
            server(r#""command": "cmd", "args": ["/c", "cd", "/d", "C:\\srv"]"#),
        ),
        (
            &["starts-nothing"],
            MacOs,
            server(r#""command": "cd", "args": ["/srv"]"#),
        ),
        (
            &[],
            Linux,
            server(r#""command": "/usr/local/bin/sh", "args": ["-c", "cd /srv && exec python3 s.py"]"#),
        ),
        (
            &["inspector-command"],
            MacOs,
            server(r#""command": "/usr/local/bin/uv", "args": ["run", "--with", "mcp", "mcp", "dev", "/srv/server.py"]"#),
        ),
        // issue 9: `docker exec` needs `-i` too
        (
            &["docker-no-stdin"],
            MacOs,
            server(r#""command": "docker", "args": ["exec", "mcp-box", "node", "/srv/index.js"]"#),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "docker", "args": ["exec", "-i", "mcp-box", "node", "/srv/index.js"]"#,
            ),
        ),
        // square-bracket placeholders, in args and env
        (
            &["placeholder"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/[your_username]/Desktop"]"#,
            ),
        ),
        (
            &["placeholder"],
            Windows,
            server(
                r#""command": "C:\\tools\\node.exe", "args": ["C:\\Users\\[username]\\AppData\\Roaming\\npm\\node_modules\\x\\dist\\index.js"]"#,
            ),
        ),
        (
            &["placeholder"],
            MacOs,
            server(
                r#""command": "npx", "env": {"DATA_DIR": "C:\\Users\\[username]\\AppData\\data"}"#,
            ),
        ),
        // `wsl` on a non-Windows machine is a Windows entry, like `cmd`
        (
            &["command-not-found"],
            Linux,
            server(r#""command": "wsl", "args": ["-d", "Ubuntu", "--", "npx", "-y", "pkg"]"#),
        ),
        // a server entry at the top level, beside `mcpServers`
        (
            &["misplaced-server"],
            MacOs,
            r#"{"mcpServers": {}, "n8n-mcp": {"command": "npx", "args": ["n8n-mcp"]}}"#.into(),
        ),
        (
            &["no-servers", "misplaced-server"],
            MacOs,
            r#"{"n8n-mcp": {"command": "npx"}}"#.into(),
        ),
        (
            &[],
            MacOs,
            r#"{"mcpServers": {}, "preferences": {"command": 1}, "globalShortcut": "x"}"#.into(),
        ),
        // a URL with credentials in a Node bridge; a flag written `--flag=value`
        (
            &["bridge-url-credentials", "secret-in-args"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://u:pass1234@h.dev/mcp"]"#,
            ),
        ),
        (
            &["command-not-found", "secret-in-args"],
            MacOs,
            server(
                r#""command": "uvx", "args": ["mcp-proxy", "--transport", "streamablehttp", "https://u:pass1234@h.dev/mcp"]"#,
            ),
        ),
        (
            &["bridge-flag-ignored"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://h.dev/mcp", "--transport=sse-only"]"#,
            ),
        ),
        // mcp-remote and plain http
        (
            &["bridge-needs-allow-http"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "http://192.168.1.10:8080/mcp"]"#,
            ),
        ),
        (
            &["bridge-needs-allow-http"],
            MacOs,
            server(r#""command": "npx", "args": ["-y", "mcp-remote", "http://[::1]:8080/mcp"]"#),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "http://192.168.1.10/mcp", "--allow-http"]"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "http://LOCALHOST:3000/mcp"]"#,
            ),
        ),
        // mcp-remote replaces `${VAR}` in --header values only
        (
            &["unexpanded-var"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://x.dev/${TENANT}/mcp"], "env": {"TENANT": "acme"}"#,
            ),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://x.dev/mcp", "--header", "X-Home:$HOME"], "env": {"HOME": "/h"}"#,
            ),
        ),
        (
            &[],
            MacOs,
            server(
                r#""command": "npx", "args": ["-y", "mcp-remote", "https://x.dev/mcp", "--header", "X-Team:${TEAM}"], "env": {"TEAM": "blue"}"#,
            ),
        ),
        // a shell's -c string: the shell expands variables from env
        (
            &[],
            MacOs,
            server(
                r#""command": "/usr/local/bin/sh", "args": ["-c", "exec python3 /srv.py --key \"$KEY\""], "env": {"KEY": "abc"}"#,
            ),
        ),
        (
            &["unexpanded-var"],
            MacOs,
            server(
                r#""command": "/usr/local/bin/sh", "args": ["-c", "exec python3 /srv.py --key \"$KEY\""]"#,
            ),
        ),
        // misspelt or nested `mcpServers`
        (
            &["servers-key"],
            MacOs,
            r#"{"mcp_servers": {"s": {"command": "npx"}}}"#.into(),
        ),
        (
            &["servers-key"],
            MacOs,
            r#"{"mcpServers ": {"s": {"command": "npx"}}}"#.into(),
        ),
        (
            &["servers-key"],
            MacOs,
            r#"{"mcpSevers": {"s": {"command": "npx"}}}"#.into(),
        ),
        (&["no-servers"], MacOs, r#"{"mcpLogs": {}}"#.into()),
        (
            &["nested-servers"],
            MacOs,
            r#"{"mcp": {"servers": {"s": {"command": "npx"}}}}"#.into(),
        ),
        (
            &["nested-servers"],
            MacOs,
            r#"{"mcpServers": {"mcpServers": {"s": {"command": "npx"}}}}"#.into(),
        ),
        (
            &["nested-servers"],
            MacOs,
            r#"{"mcpServers": {"gh": {"mcpServers": {"gh": {"url": "https://x.dev"}}}}}"#.into(),
        ),
        (
            &[],
            MacOs,
            r#"{"mcpServers": {}, "preferences": {"mcpServers": {"s": {"x": 1}}}}"#.into(),
        ),
        // secrets written into args
        (
            &["secret-in-args"],
            MacOs,
            server(r#""command": "npx", "args": ["-y", "some-mcp", "--api-key=abc123def456"]"#),
        ),
        // (a bridge's header: said once, by the bridge rule)
        (
            &["bridge-token-in-args"],
            MacOs,
            server(
                r#""command": "npx", "args": ["mcp-remote", "https://x.dev/mcp", "--header", "Authorization: Bearer eyJhbGciOi"]"#,
            ),
        ),
        (
            &["secret-in-args"],
            MacOs,
            server(
                r#""command": "npx", "args": ["mcp-remote", "https://x.dev/sse?api_key=abc123def456"]"#,
            ),
        ),
        // a reference to a variable is no secret (unexpanded-var says the rest)
        (
            &["unexpanded-var"],
            MacOs,
            server(r#""command": "npx", "args": ["-y", "some-mcp", "--token", "${TOKEN}"]"#),
        ),
        (
            &["missing-path"],
            Linux,
            server(r#""command": "node", "args": ["/home/ann/mcp/build/index.js"]"#),
        ),
        (
            &["escaped-path"],
            Windows,
            server(r#""command": "C:\tools\node.exe""#),
        ),
    ]
}

#[test]
fn rules_table() {
    for (want, os, text) in table() {
        assert_eq!(ids(os, &text), want.to_vec(), "{os:?}: {text}");
    }
}

#[test]
fn every_rule_is_exercised_by_the_table_and_ids_are_unique() {
    let used: Vec<&str> = table()
        .iter()
        .flat_map(|(w, _, _)| w.iter().copied())
        .collect();
    for code in Code::of_kind(crate::codes::Kind::Lint) {
        assert!(used.contains(&code.id()), "rule {code} has no table case");
    }
}

#[test]
fn diagnostics_use_the_rules_severity() {
    for (_, os, text) in table() {
        for d in lint_text(os, &text).1 {
            assert_eq!(d.severity, d.code.severity().into(), "{}", d.code);
            assert!(d.hint.is_some(), "{} has no hint", d.code);
            assert!(d.span.is_some(), "{} has no position", d.code);
        }
    }
}

#[test]
fn every_rule_is_documented() {
    let doc = include_str!("../../../docs/lint-rules.md");
    for code in Code::of_kind(crate::codes::Kind::Lint) {
        assert!(
            doc.contains(&format!("`{code}`")),
            "docs/lint-rules.md lacks {code}"
        );
    }
}

/// Apply a diagnostic's fix to the text.
fn apply(text: &str, d: &Diagnostic) -> String {
    let mut edits = d.fix.as_ref().expect("has a fix").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.replacement);
    }
    out
}

fn only(os: Os, text: &str) -> Diagnostic {
    let (_, mut ds) = lint_text(os, text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    ds.remove(0)
}

#[test]
fn command_not_found_names_the_app_path_and_where_the_shell_finds_it() {
    let d = only(MacOs, &server(r#""command": "uvx""#));
    assert!(d.message.contains(APP_PATH), "{}", d.message);
    assert!(
        d.message
            .contains("the PATH Claude Desktop gives servers on macOS")
    );
    let hint = d.hint.unwrap_or_default();
    assert!(hint.contains("/opt/shell/uvx"), "{hint}");
}

#[test]
fn servers_key_fix_renames_it() {
    let text = r#"{"servers": {"s": {"command": "npx"}}}"#;
    let fixed = apply(text, &only(MacOs, text));
    assert_eq!(fixed, r#"{"mcpServers": {"s": {"command": "npx"}}}"#);
    assert!(ids(MacOs, &fixed).is_empty());
}

#[test]
fn a_misspelt_servers_key_is_renamed() {
    let text = r#"{"MCPServers": {"s": {"command": "npx"}}}"#;
    let d = only(MacOs, text);
    assert!(
        d.message.starts_with("`MCPServers` is not `mcpServers`"),
        "{}",
        d.message
    );
    assert_eq!(
        apply(text, &d),
        r#"{"mcpServers": {"s": {"command": "npx"}}}"#
    );
}

#[test]
fn a_block_pasted_inside_mcp_servers_is_lifted_with_its_layout() {
    let text = "{\n  \"mcpServers\": {\n    \"keep\": {\"command\": \"npx\"},\n    \
\"mcpServers\": {\n      \"a\": {\n        \"command\": \"npx\"\n      },\n      \
\"b\": {\"command\": \"npx\"}\n    }\n  }\n}\n";
    let d = only(MacOs, text);
    assert_eq!(d.code, Code::NestedServers);
    let fixed = apply(text, &d);
    assert_eq!(
        fixed,
        "{\n  \"mcpServers\": {\n    \"keep\": {\"command\": \"npx\"},\n    \"a\": {\n      \
\"command\": \"npx\"\n    },\n    \"b\": {\"command\": \"npx\"}\n  }\n}\n"
    );
    assert!(ids(MacOs, &fixed).is_empty(), "{fixed}");
    // a name the outer block has already: no fix, the hint says why
    let taken = r#"{"mcpServers": {"a": {"command": "npx"}, "x": {"a": {"command": "npx"}}}}"#;
    let d = only(MacOs, taken);
    assert!(d.fix.is_none());
    assert!(d.hint.unwrap_or_default().contains("already has `a`"));
}

#[test]
fn a_file_of_bare_entries_is_wrapped_once() {
    let text = "{\n  \"a\": {\"command\": \"npx\"},\n  \"b\": {\"command\": \"npx\"}\n}\n";
    let (_, ds) = lint_text(MacOs, text);
    let fixes: Vec<&Diagnostic> = ds.iter().filter(|d| d.fix.is_some()).collect();
    assert_eq!(fixes.len(), 1, "{ds:?}");
    let fixed = apply(text, fixes[0]);
    assert_eq!(
        fixed,
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"npx\"},\n    \"b\": {\"command\": \
\"npx\"}\n  }\n}\n"
    );
    assert!(ids(MacOs, &fixed).is_empty(), "{fixed}");
    // CRLF and tabs stay as they are
    let crlf = "{\r\n\t\"a\": {\"command\": \"npx\"}\r\n}\r\n";
    let (_, ds) = lint_text(MacOs, crlf);
    let fix = ds.iter().find(|d| d.fix.is_some()).expect("a fix");
    assert_eq!(
        apply(crlf, fix),
        "{\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"npx\"}\r\n\t}\r\n}\r\n"
    );
    // another key beside them would end up inside: no fix
    let (_, ds) = lint_text(MacOs, r#"{"a": {"command": "npx"}, "globalShortcut": "x"}"#);
    assert!(ds.iter().all(|d| d.fix.is_none()), "{ds:?}");
}

#[test]
fn allow_http_inside_a_shell_string_has_no_fix() {
    let text =
        server(r#""command": "sh", "args": ["-c", "npx -y mcp-remote http://10.0.0.2/mcp"]"#);
    let (_, ds) = lint_text(MacOs, &text);
    let d = ds
        .iter()
        .find(|d| d.code == Code::BridgeNeedsAllowHttp)
        .expect("the diagnostic");
    assert!(d.fix.is_none(), "{d:?}");
}

#[test]
fn allow_http_is_added_after_the_last_argument() {
    let text =
        server(r#""command": "npx", "args": ["-y", "mcp-remote", "http://10.0.0.2/mcp", "9696"]"#);
    let (_, ds) = lint_text(MacOs, &text);
    let d = ds
        .iter()
        .find(|d| d.code == Code::BridgeNeedsAllowHttp)
        .expect("the diagnostic");
    let fixed = apply(&text, d);
    assert!(
        fixed.contains(r#""http://10.0.0.2/mcp", "9696", "--allow-http"]"#),
        "{fixed}"
    );
    assert!(
        !ids(MacOs, &fixed).contains(&"bridge-needs-allow-http"),
        "{fixed}"
    );
}

#[test]
fn servers_key_with_mcp_servers_present_has_no_fix() {
    let d = only(
        MacOs,
        r#"{"mcpServers": {}, "servers": {"s": {"command": "npx"}}}"#,
    );
    assert!(d.fix.is_none());
}

#[test]
fn tilde_fix_writes_the_home_folder_out() {
    let text = server(r#""command": "npx", "args": ["srv", "~/Documents"]"#);
    let fixed = apply(&text, &only(MacOs, &text));
    assert!(fixed.contains(r#""/Users/ann/Documents""#), "{fixed}");
    let text = server(r#""command": "cmd", "args": ["/c", "srv", "~\\docs"]"#);
    let fixed = apply(&text, &only(Windows, &text));
    assert!(fixed.contains(r#""C:\\Users\\ann\\docs""#), "{fixed}");
}

/// An env value is masked in output: its `tilde` hint does not spell the
/// value with the home folder written out (a token under `~` would show);
/// the fix still writes it.
#[test]
fn tilde_in_an_env_value_is_fixed_without_spelling_it() {
    let text = server(r#""command": "npx", "env": {"API_TOKEN": "~/tok_9f8e7d6c5b4a3928"}"#);
    let d = only(Linux, &text);
    assert!(
        d.message.starts_with("env `API_TOKEN` of server"),
        "{}",
        d.message
    );
    assert!(
        !d.hint.as_deref().unwrap_or("").contains("9f8e7d6c"),
        "{:?}",
        d.hint
    );
    assert!(apply(&text, &d).contains(r#""/home/ann/tok_9f8e7d6c5b4a3928""#));
}

/// A shim whose path has a space: `cmd /c "C:\Program Files\...\npx.cmd"
/// "--x" "a b"` loses its first and last quote, so the hint runs it by its
/// bare name and no fix is written; a `.cmd` named whole is Node's EINVAL.
#[test]
fn a_shim_path_with_a_space_is_hinted_by_its_bare_name_and_not_fixed() {
    let text = server(
        r#""command": "C:\\Program Files\\nodejs\\npx.cmd", "args": ["--dir", "C:\\my dir"]"#,
    );
    let ds = lint_text(Windows, &text).1;
    let d = ds
        .iter()
        .find(|d| d.code == Code::WindowsShim)
        .expect("windows-shim");
    assert!(d.fix.is_none(), "{d:?}");
    assert!(d.message.contains("EINVAL"), "{}", d.message);
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(
        hint.starts_with(r#"run it through cmd: "command": "cmd", "args": ["/c", "npx", "--dir""#),
        "{hint}"
    );
}

#[test]
fn windows_shim_fix_wraps_in_cmd_c_and_leaves_strict_json() {
    for body in [
        r#""command": "npx", "args": ["-y", "pkg"]"#,
        r#""command": "npx", "args": []"#,
        r#""command": "npx""#,
    ] {
        let text = server(body);
        let d = only(Windows, &text);
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .contains(r#""command": "cmd", "args": ["/c", "npx""#)
        );
        let fixed = apply(&text, &d);
        let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
        assert_eq!(v["mcpServers"]["s"]["command"], "cmd");
        assert_eq!(v["mcpServers"]["s"]["args"][0], "/c");
        assert_eq!(v["mcpServers"]["s"]["args"][1], "npx");
        assert!(ids(Windows, &fixed).is_empty(), "{fixed}");
    }
}

#[test]
fn windows_paths_that_only_look_absolute_say_what_they_depend_on() {
    for (command, says, hint) in [
        (
            r"\\srv\\x.exe",
            "root of the current drive",
            r#"write the drive too (e.g. "C:\\srv\\x.exe")"#,
        ),
        (
            r"C:srv\\x.exe",
            "current folder on drive C:",
            r#"write the full path (e.g. "C:\\srv\\x.exe")"#,
        ),
    ] {
        let d = only(Windows, &server(&format!(r#""command": "{command}""#)));
        assert!(d.message.contains(says), "{}", d.message);
        assert_eq!(d.hint.as_deref(), Some(hint));
    }
    // checked from macOS: a Windows-only entry, as before
    let ds = lint_unix(MacOs, &server(r#""command": "C:srv\\x.exe""#));
    assert_eq!(
        ds.iter().map(|d| d.code.id()).collect::<Vec<_>>(),
        ["command-not-found"]
    );
}

#[test]
fn command_with_args_hint_splits_it() {
    let d = only(
        MacOs,
        &server(r#""command": "npx -y @scope/pkg", "args": ["--x"]"#),
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(r#"split it: "command": "npx", "args": ["-y", "@scope/pkg", "--x"]"#)
    );
}

/// A shell line is not split into nonsense: it is run through a shell,
/// and an assignment before the program goes to `env`.
#[test]
fn command_with_args_hint_for_a_shell_line() {
    let d = only(MacOs, &server(r#""command": "npm run build && npm start""#));
    assert_eq!(
        d.hint.as_deref(),
        Some(
            r#"it is a shell line (`&&`), and the app runs no shell: run it through one, "command": "sh", "args": ["-c", "npm run build && npm start"]"#
        )
    );
    let d = only(
        Windows,
        &server(r#""command": "set DEBUG=1 && npx -y pkg""#),
    );
    assert!(
        d.hint.as_deref().is_some_and(
            |h| h.contains(r#""command": "cmd", "args": ["/c", "set DEBUG=1 && npx -y pkg"]"#)
        ),
        "{:?}",
        d.hint
    );
    let d = only(MacOs, &server(r#""command": "A_KEY=x B=2 npx -y pkg""#));
    assert_eq!(
        d.hint.as_deref(),
        Some(
            r#"the app runs no shell, so `A_KEY=...`, `B=...` before the program sets nothing: move the value into "env": {"A_KEY": "...", "B": "..."}, and split the rest: "command": "npx", "args": ["-y", "pkg"]"#
        )
    );
}

#[test]
fn duplicate_names_the_first_line_and_points_at_both() {
    let text =
        "{\"mcpServers\": {\n\"a\": {\"command\": \"npx\"},\n\"a\": {\"command\": \"node\"}}}";
    let (src, ds) = lint_text(MacOs, text);
    let d = &ds[0];
    assert!(d.message.contains("first on line 2"), "{}", d.message);
    assert_eq!(src.line_col(d.span.unwrap().start).line, 3);
    assert_eq!(src.line_col(d.related[0].span.start).line, 2);
}

#[test]
fn no_lookup_means_no_command_not_found() {
    let src = Source::from_text("c.json", &server(r#""command": "nope""#));
    let root = syntax::parse(&src).root.unwrap();
    let mut c = ctx(MacOs);
    c.lookup = None;
    assert!(lint(&root, &src, &c).is_empty());
}

#[test]
fn helpers() {
    assert_eq!(find_var(MacOs, "a${B}c").as_deref(), Some("${B}"));
    assert_eq!(find_var(MacOs, "$1 and $"), None);
    assert_eq!(find_var(Windows, "%PATH%;x").as_deref(), Some("%PATH%"));
    assert_eq!(find_var(Windows, "100%"), None);
    assert_eq!(
        expand_tilde(Linux, "~/a:~/b", "/h").as_deref(),
        Some("/h/a:/h/b")
    );
    assert_eq!(expand_tilde(Linux, "~user/a", "/h"), None);
    assert_eq!(
        expand_tilde(Windows, "--root=~/a/b.txt", r"C:\Users\ann").as_deref(),
        Some(r"--root=C:\Users\ann\a\b.txt")
    );
    assert_eq!(
        expand_tilde(Windows, r"~/a;~\b;x/y", r"C:\Users\ann\").as_deref(),
        Some(r"C:\Users\ann\a;C:\Users\ann\b;x/y")
    );
    assert!(is_absolute(Windows, r"C:\x") && is_absolute(Windows, r"\\srv\x"));
    assert!(!is_absolute(Windows, "C:x") && !is_absolute(MacOs, "C:/x"));
    assert!(!is_absolute(Windows, r"\srv\x.exe"), "root-relative");
}

/// Like [`fake_lookup`], without `cmd` (a macOS or Linux machine).
fn unix_lookup(cmd: &str, path: &str, cwd: &Path) -> Option<PathBuf> {
    (cmd != "cmd")
        .then(|| fake_lookup(cmd, path, cwd))
        .flatten()
}

fn lint_unix(os: Os, text: &str) -> Vec<Diagnostic> {
    let src = Source::from_text("c.json", text);
    let root = syntax::parse(&src).root.expect("parses");
    let mut c = ctx(os);
    c.lookup = Some(unix_lookup);
    lint(&root, &src, &c)
}

#[test]
fn windows_entries_checked_on_macos_say_so_and_unwrap_cmd_c() {
    let ds = lint_unix(
        MacOs,
        &server(r#""command": "cmd", "args": ["/c", "npx", "-y", "pkg"]"#),
    );
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].code, Code::CommandNotFound);
    assert!(
        ds[0].message.contains("only exists on Windows"),
        "{}",
        ds[0].message
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(r#"on macOS drop the `cmd /c` wrapper: "command": "npx", "args": ["-y", "pkg"]"#)
    );
    // unwrapping keeps the args: a Windows folder among them is said
    let ds = lint_unix(
        MacOs,
        &server(
            r#""command": "cmd", "args": ["/c", "npx", "-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\Documents"]"#,
        ),
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(
            r#"on macOS drop the `cmd /c` wrapper: "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\Documents"]; the Windows path `C:\Users\ann\Documents` must change too: write where it is on macOS"#
        )
    );
    let hint = windows_only_hint(
        Linux,
        "cmd.exe",
        &[
            "/c",
            "node",
            r"D:\srv\index.js",
            r"--root=\\nas\share",
            "/srv/data",
        ],
    );
    assert!(
        hint.ends_with(
            r"; the Windows paths `D:\srv\index.js`, `\\nas\share` must change too: write where each is on Linux"
        ),
        "{hint}"
    );
    let ds = lint_unix(
        Linux,
        &server(r#""command": "C:\\Program Files\\nodejs\\node.exe", "args": ["C:\\srv\\i.js"]"#),
    );
    let codes: Vec<_> = ds.iter().map(|d| d.code.id()).collect();
    assert_eq!(codes, ["command-not-found"], "{ds:?}");
    assert!(ds[0].message.contains("written for Windows"));
}

#[test]
fn relative_arg_hint_uses_the_ignored_cwd() {
    let ds = lint_unix(
        MacOs,
        &server(r#""command": "python3", "args": ["srv.py"], "cwd": "/Users/ann/proj""#),
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(r#"write the absolute path of `srv.py`: "/Users/ann/proj/srv.py" (`cwd` is ignored)"#)
    );
    let ds = lint_unix(
        MacOs,
        &server(r#""command": "uvx", "args": ["git", "--repository", "."]"#),
    );
    let d = ds
        .iter()
        .find(|d| d.code == Code::RelativeArg)
        .expect("relative-arg");
    assert!(
        d.message.contains("the app's own folder (`/`)"),
        "{}",
        d.message
    );
}

#[test]
fn a_windows_argument_from_the_drive_root_gets_its_drive_not_the_folder() {
    let d = only(
        Windows,
        &server(r#""command": "node", "args": ["/Users/ann/x.js"], "cwd": "D:\\proj""#),
    );
    assert_eq!(d.code, Code::RelativeArg);
    assert!(d.message.contains("has no drive"), "{}", d.message);
    assert_eq!(
        d.hint.as_deref(),
        Some(r#"write the path with its drive: "D:\\Users\\ann\\x.js""#)
    );
    let mut c = ctx(Windows);
    c.here = Some(PathBuf::from(r"E:\work"));
    let text = server(r#""command": "node", "args": ["\\srv\\x.js"]"#);
    let src = Source::from_text("c.json", &text);
    let root = syntax::parse(&src).root.expect("parses");
    let ds = lint(&root, &src, &c);
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(r#"write the path with its drive: "E:\\srv\\x.js""#),
        "{ds:?}"
    );
    let on_mac = ids(
        MacOs,
        &server(r#""command": "node", "args": ["/Users/ann/x.js"]"#),
    );
    assert!(on_mac.is_empty(), "absolute on macOS: {on_mac:?}");
}

#[test]
fn a_missing_program_path_hint_names_the_os_listing_command() {
    let d = only(Windows, &server(r#""command": "C:\\nope\\srv.exe""#));
    assert_eq!(d.code, Code::CommandNotFound);
    assert_eq!(
        d.hint.as_deref(),
        Some("check the path (run `dir` on it), or reinstall the program")
    );
}

#[test]
fn placeholder_in_env_never_prints_the_value() {
    let d = only(
        MacOs,
        &server(r#""command": "npx", "env": {"API_KEY": "sk-xxxxxxxxxxxxxxxx"}"#),
    );
    assert_eq!(d.code.id(), "placeholder");
    assert!(!d.message.contains("sk-"), "{}", d.message);
    assert!(!d.hint.unwrap_or_default().contains("sk-"));
}

#[test]
fn docker_tty_hint_keeps_the_i() {
    let d = only(
        MacOs,
        &server(r#""command": "docker", "args": ["run", "-it", "--rm", "img"]"#),
    );
    assert_eq!(d.hint.as_deref(), Some(r#"drop the `t`: "-i""#));
}

#[test]
fn mcp_remote_without_env_says_what_to_add() {
    let d = only(
        MacOs,
        &server(
            r#""command": "npx", "args": ["-y", "mcp-remote@latest", "https://x", "--header", "A:${TOK}"]"#,
        ),
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(r#"add it to the entry: "env": {"TOK": "..."}"#)
    );
}

#[test]
fn python_missing_but_python3_present_says_so() {
    let mut c = ctx(MacOs);
    c.shell_path = String::new();
    let src = Source::from_text(
        "c.json",
        &server(r#""command": "python", "args": ["-m", "srv"]"#),
    );
    let root = syntax::parse(&src).root.expect("parses");
    let ds = lint(&root, &src, &c);
    assert!(
        ds[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains(r#""command": "python3""#),
        "{ds:?}"
    );
}

#[test]
fn bridge_ports_and_tokens_in_args() {
    let text = r#"{"mcpServers": {
        "a": {"command": "npx", "args": ["-y", "mcp-remote", "https://a.dev/mcp", "9696"]},
        "b": {"command": "npx", "args": ["-y", "mcp-remote", "https://b.dev/mcp", "9696", "--header", "Authorization: Bearer sk-live-123456"]},
        "c": {"command": "npx", "args": ["-y", "mcp-remote", "https://c.dev/mcp", "--header", "Authorization:${AUTH}", "--header", "X-Team:blue"], "env": {"AUTH": "Bearer x"}},
        "d": {"command": "npx", "args": ["-y", "supergateway", "--sse", "https://d.dev/sse", "--oauth2Bearer", "tok-123456789"]}
    }}"#;
    let (_, ds) = lint_text(Os::Linux, text);
    let got: Vec<(&str, &str)> = ds
        .iter()
        .filter(|d| d.code.id().starts_with("bridge-"))
        .map(|d| {
            let server = ["`a`", "`b`", "`c`", "`d`"]
                .iter()
                .find(|s| d.message.contains(&format!("server {s}")))
                .copied()
                .unwrap_or("?");
            (d.code.id(), server)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("bridge-fixed-port", "`a`"),
            ("bridge-fixed-port", "`b`"),
            ("bridge-token-in-args", "`b`"),
            ("bridge-token-in-args", "`d`"),
        ],
        "{ds:#?}"
    );
    let a = ds
        .iter()
        .find(|d| d.code == Code::BridgeFixedPort)
        .expect("port");
    assert!(a.message.contains("and so does `b`"), "{}", a.message);
    let t = ds
        .iter()
        .find(|d| d.code == Code::BridgeTokenInArgs)
        .expect("token");
    assert!(
        !t.message.contains("sk-live"),
        "never quoted: {}",
        t.message
    );
}

#[test]
fn wsl_on_linux_is_a_windows_entry_and_the_hint_unwraps_it() {
    let ds = lint_unix(
        Linux,
        &server(r#""command": "wsl", "args": ["-d", "Ubuntu", "--", "npx", "-y", "pkg"]"#),
    );
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(
        ds[0].message.contains("only exists on Windows"),
        "{}",
        ds[0].message
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(r#"on Linux drop the `wsl` wrapper: "command": "npx", "args": ["-y", "pkg"]"#)
    );
    let hint = windows_only_hint(MacOs, "wsl.exe", &["-e", "uvx", "mcp-server-git"]);
    assert!(
        hint.ends_with(r#""command": "uvx", "args": ["mcp-server-git"]"#),
        "{hint}"
    );
    assert_eq!(
        windows_only_hint(Linux, "wsl", &["--list"]),
        "use the program's name or path on this machine"
    );
}

/// A wrapped command line in one string is split into program and
/// arguments, as a shell would: the hint is no `command-with-args` error of
/// its own; a builtin after the split keeps its words, a shell line goes to
/// `sh -c`, assignments to `env`; a path with spaces stays whole.
#[test]
fn a_windows_wrapper_around_one_string_is_unwrapped_into_program_and_args() {
    let ds = lint_unix(
        Linux,
        &server(
            r#""command": "cmd", "args": ["/c", "npx -y @modelcontextprotocol/server-memory"]"#,
        ),
    );
    assert_eq!(
        ds[0].hint.as_deref(),
        Some(
            r#"on Linux drop the `cmd /c` wrapper: "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]"#
        )
    );
    assert_eq!(
        windows_only_hint(
            Linux,
            "wsl",
            &["-d", "Ubuntu", "--", "bash -c 'cd ~/srv && node x.js'"]
        ),
        r#"on Linux drop the `wsl` wrapper: "command": "bash", "args": ["-c", "cd ~/srv && node x.js"]"#
    );
    assert_eq!(
        windows_only_hint(MacOs, "cmd", &["/c", r"cd /d C:\srv"]),
        "on macOS drop the `cmd /c` wrapper: `cd` is cmd's own command, not a program; set \
variables in \"env\" and make the server's own program the \"command\""
    );
    // the Windows path is named after the split too
    assert_eq!(
        windows_only_hint(
            Linux,
            "cmd.exe",
            &["/c", r"node C:\srv\x.js", "--port", "1"]
        ),
        r#"on Linux drop the `cmd /c` wrapper: "command": "node", "args": ["C:\\srv\\x.js", "--port", "1"]; the Windows path `C:\srv\x.js` must change too: write where it is on Linux"#
    );
    assert_eq!(
        windows_only_hint(Linux, "cmd", &["/c", r"node C:\srv\x.js > log.txt"]),
        r#"on Linux drop the `cmd /c` wrapper: it is a shell line (`>`), and the app runs no shell: run it through one, "command": "sh", "args": ["-c", "node C:\\srv\\x.js > log.txt"]; the Windows path `C:\srv\x.js` must change too: write where it is on Linux"#
    );
    assert_eq!(
        windows_only_hint(
            Linux,
            "wsl",
            &["--", "DEBUG=1 node x.js --key sk-live-123456789"]
        ),
        r#"on Linux drop the `wsl` wrapper: move `DEBUG=...` into "env": {"DEBUG": "..."}, and split the rest: "command": "node", "args": ["x.js", "--key", "****"]"#
    );
    assert_eq!(
        windows_only_hint(
            Linux,
            "cmd",
            &["/c", r"C:\Program Files\nodejs\node.exe", r"C:\srv\x.js"]
        ),
        r#"on Linux drop the `cmd /c` wrapper: "command": "C:\\Program Files\\nodejs\\node.exe", "args": ["C:\\srv\\x.js"]; the Windows paths `C:\Program Files\nodejs\node.exe`, `C:\srv\x.js` must change too: write where each is on Linux"#
    );
    assert_eq!(
        windows_only_hint(
            MacOs,
            "wsl",
            &["-e", "/home/me/.local/bin/uvx mcp-server-git"]
        ),
        r#"on macOS drop the `wsl` wrapper: "command": "/home/me/.local/bin/uvx", "args": ["mcp-server-git"]"#
    );
}

#[test]
fn a_server_at_the_top_level_is_moved_under_mcp_servers() {
    let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"npx\"}\n  },\n  \"n8n-mcp\": {\n    \"command\": \"npx\",\n    \"args\": [\"n8n-mcp\"]\n  },\n  \"preferences\": {}\n}\n";
    let d = only(MacOs, text);
    assert_eq!(d.code, Code::MisplacedServer);
    assert_eq!(
        d.hint.as_deref(),
        Some("move `n8n-mcp` under `mcpServers` (`mcpctl doctor --fix` does)")
    );
    let fixed = apply(text, &d);
    assert_eq!(
        fixed,
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"npx\"},\n    \"n8n-mcp\": {\n      \"command\": \"npx\",\n      \"args\": [\"n8n-mcp\"]\n    }\n  },\n  \"preferences\": {}\n}\n"
    );
    assert!(syntax::parse(&Source::from_text("c.json", &fixed)).is_strict_json());
    assert!(lint_text(MacOs, &fixed).1.is_empty());
    // a name that is taken is not moved over it
    let taken = r#"{"mcpServers": {"x": {"command": "npx"}}, "x": {"command": "uv"}}"#;
    let d = only(MacOs, taken);
    assert!(d.fix.is_none() && d.hint.unwrap().contains("rename this one"));
}

#[test]
fn a_secret_in_args_is_never_quoted() {
    for (args, shown) in [
        (r#"["--token", "sk-live-123456789"]"#, "(`--token ****`)"),
        (r#"["--api-key=sk-live-123456789"]"#, "(`--api-key=****`)"),
        (
            r#"["--api-key", "sk-live-123456789"]"#,
            "(`--api-key ****`)",
        ),
        (
            r#"["run", "-e", "API_KEY=sk-live-123456789"]"#,
            "(`API_KEY=****`)",
        ),
        (
            r#"["--header", "Authorization: Bearer sk-live-123456789"]"#,
            "(`Authorization: ****`)",
        ),
        (
            r#"["https://h.dev/sse?api_key=sk-live-123456789"]"#,
            "(`?api_key=****`)",
        ),
        (r#"["sk-ant-api03-abcdefghijklmnop"]"#, "(a `sk-...` token)"),
    ] {
        let d = only(
            MacOs,
            &server(&format!(r#""command": "npx", "args": {args}"#)),
        );
        assert_eq!(d.code, Code::SecretInArgs);
        assert!(d.message.contains(shown), "{}", d.message);
        let all = format!("{} {}", d.message, d.hint.unwrap_or_default());
        assert!(
            !all.contains("123456789") && !all.contains("abcdefgh"),
            "{all}"
        );
    }
}

/// A secret in a command line written as one string is reported as one
/// in `args` is, at `command`, beside `command-with-args`, whose split
/// would move a flag's value into `args`: the hint says where it goes.
#[test]
fn a_secret_in_a_command_string_is_reported_at_command() {
    for (command, shown, hint) in [
        (
            "npx -y pkg --password hunter2hunter2",
            "(`--password ****`)",
            "leave the secret out of `args` too: move it to `env`",
        ),
        (
            "npx -y pkg --api-key=hunter2hunter2",
            "(`--api-key=****`)",
            "leave the secret out of `args` too",
        ),
        (
            "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 npx -y pkg",
            "(`GITHUB_TOKEN=****`)",
            r#"keep the value in `env` only, "env": {"GITHUB_TOKEN": "..."}"#,
        ),
    ] {
        let text = server(&format!(r#""command": "{command}""#));
        let (src, ds) = lint_text(MacOs, &text);
        let codes: Vec<&str> = ds.iter().map(|d| d.code.id()).collect();
        assert_eq!(codes, ["command-with-args", "secret-in-args"], "{command}");
        let d = &ds[1];
        let span = d.span.expect("positioned");
        assert_eq!(
            &src.text[span.start..span.end],
            format!("\"{command}\""),
            "at the command string"
        );
        assert!(
            d.message.starts_with("`command` of server `s` holds") && d.message.contains(shown),
            "{}",
            d.message
        );
        let h = d.hint.as_deref().unwrap_or_default();
        assert!(h.contains(hint), "{h}");
        let all = format!("{} {h}", d.message);
        assert!(
            !all.contains("hunter2") && !all.contains("ghp_abc"),
            "{all}"
        );
    }
    // a reference is no secret
    let text = server(r#""command": "npx -y pkg --token ${TOKEN}""#);
    assert!(!ids(MacOs, &text).contains(&"secret-in-args"));
}

#[test]
fn missing_programs_get_the_name_meant_or_how_to_install_them() {
    // `npxx` is on no PATH: a typo of `npx`
    let d = only(MacOs, &server(r#""command": "npxx""#));
    assert_eq!(
        d.hint.as_deref(),
        Some(r#"did you mean `npx`? write "command": "npx""#)
    );
    // uvx is on no PATH here (the fake shell PATH has it, so drop that)
    let src = Source::from_text("c.json", &server(r#""command": "uvx""#));
    let root = syntax::parse(&src).root.unwrap();
    let mut c = ctx(MacOs);
    c.shell_path = String::new();
    let ds = lint(&root, &src, &c);
    let hint = ds[0].hint.clone().unwrap_or_default();
    assert!(hint.starts_with("install uv, which brings `uvx`"), "{hint}");
    assert!(!hint.contains("command -v"), "{hint}");
}

/// `"API_KEY": "${API_KEY}"` (or `${env:API_KEY}`) means the value exported
/// in the shell: the hint names `mcpctl env`, which writes it; a value
/// naming another variable, or text around it, keeps the plain hint.
#[test]
fn a_self_named_env_reference_points_to_mcpctl_env() {
    let hints = |env: &str| -> Vec<String> {
        let src = Source::from_text(
            "c.json",
            &server(&format!(r#""command": "npx", "env": {env}"#)),
        );
        let root = syntax::parse(&src).root.unwrap();
        lint(&root, &src, &ctx(MacOs))
            .into_iter()
            .filter(|d| d.code == Code::UnexpandedVar)
            .filter_map(|d| d.hint)
            .collect()
    };
    let env_hint = "write the value itself: `mcpctl env s API_KEY` writes the value exported in \
your shell (never shown)";
    assert_eq!(hints(r#"{"API_KEY": "${API_KEY}"}"#), [env_hint]);
    assert_eq!(hints(r#"{"API_KEY": "${env:API_KEY}"}"#), [env_hint]);
    let plain = ["write the value itself here"];
    assert_eq!(hints(r#"{"API_KEY": "${OTHER}"}"#), plain);
    assert_eq!(hints(r#"{"API_KEY": "Bearer ${API_KEY}"}"#), plain);
}

/// VS Code's and Cursor's own variables: the hint says what each stood
/// for there.
#[test]
fn other_clients_variables_are_explained() {
    let src = Source::from_text(
        "c.json",
        &server(
            r#""command": "npx", "args": ["${workspaceFolder}/x", "${userHome}"], "env": {"T": "${input:tok}"}"#,
        ),
    );
    let root = syntax::parse(&src).root.unwrap();
    let hints: Vec<String> = lint(&root, &src, &ctx(MacOs))
        .into_iter()
        .filter(|d| d.code == Code::UnexpandedVar)
        .filter_map(|d| d.hint)
        .collect();
    assert_eq!(
        hints,
        [
            "`${workspaceFolder}` is the folder open in VS Code or Cursor, which fill it; write \
that folder's absolute path",
            "`${userHome}` is VS Code's and Cursor's name for your home folder; write its \
absolute path (`~` is not expanded either)",
            "VS Code asks you for `${input:tok}` (its `inputs` prompt) when it starts the server; \
write the value itself",
        ]
    );
}

#[test]
fn relative_path_hints_suggest_the_current_folder() {
    let src = Source::from_text(
        "c.json",
        &server(
            r#""command": "node", "args": ["build/index.js", "."], "env": {"DB": "../data/app.db"}"#,
        ),
    );
    let root = syntax::parse(&src).root.unwrap();
    let mut c = ctx(MacOs);
    c.here = Some(PathBuf::from("/Users/ann/proj"));
    let hints: Vec<String> = lint(&root, &src, &c)
        .into_iter()
        .filter_map(|d| d.hint)
        .collect();
    assert_eq!(
        hints,
        [
            r#"write the absolute path of `build/index.js` (e.g. "/Users/ann/proj/build/index.js", if you mean the one under the current folder)"#,
            r#"write the absolute path of the folder you mean (e.g. "/Users/ann/proj", if you mean the current folder)"#,
            // an env value is masked in every output: its hint does not
            // spell it out inside an example path
            r#"write the absolute path: the folder you mean followed by what comes after `..` (`mcpctl env s --show-secrets` shows the value)"#,
        ]
    );
}

/// Fake file system for the path checks: the folders `/home/ann/mcp` and
/// `/home/ann/Documents`, the files `/home/ann/mcp/server.js` and
/// `/home/ann/notes.md`; "cannot tell" outside `/home`.
fn fake_exists(p: &Path) -> Option<OnDisk> {
    let folders = [
        "/",
        "/home",
        "/home/ann",
        "/home/ann/Documents",
        "/home/ann/mcp",
    ];
    let files = ["/home/ann/mcp/server.js", "/home/ann/notes.md"];
    p.starts_with("/home").then(|| {
        if folders.iter().any(|t| Path::new(t) == p) {
            OnDisk::Folder
        } else if files.iter().any(|t| Path::new(t) == p) {
            OnDisk::File
        } else {
            OnDisk::Missing
        }
    })
}

fn lint_paths(text: &str) -> Vec<Diagnostic> {
    let src = Source::from_text("c.json", text);
    let root = syntax::parse(&src).root.expect("test input parses");
    lint(&root, &src, &ctx(Os::Linux))
        .into_iter()
        .filter(|d| d.code == Code::MissingPath)
        .collect()
}

/// The one `missing-path` diagnostic of `text`, whose message starts
/// with `starts`.
fn one_path(text: &str, starts: &str) -> Diagnostic {
    let mut ds = lint_paths(text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    let d = ds.remove(0);
    assert!(d.message.starts_with(starts), "{d:?}");
    d
}

#[test]
fn missing_path_names_a_script_that_is_not_there() {
    let d = one_path(
        r#"{"mcpServers": {"a": {"command": "node", "args": ["/home/ann/mcp/build/index.js"]},
        "b": {"command": "node", "args": ["/home/ann/mcp/server.js"]}}}"#,
        "script \"/home/ann/mcp/build/index.js\" of server `a` does not exist",
    );
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("/home/ann/mcp exists") && hint.contains("npm run build"),
        "{hint}"
    );
}

#[test]
fn missing_path_names_each_folder_server_filesystem_would_skip() {
    let ds = lint_paths(
        r#"{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/ann/Documents", "/home/ann/Desktop", "~/Dekstop", "~/Documents"]}}}"#,
    );
    let shown: Vec<&str> = ds
        .iter()
        .map(|d| d.message.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(shown, ["/home/ann/Desktop", "/home/ann/Dekstop"], "{ds:?}");
    assert!(
        ds[0].message.contains("server-filesystem skips it"),
        "{ds:?}"
    );
    // a file is skipped as a missing folder is
    one_path(
        r#"{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/ann/notes.md", "/home/ann/Documents"]}}}"#,
        "\"/home/ann/notes.md\" given to server `fs` is a file, not a folder",
    );
    // its program installed globally, by name or by path (npm's shim on
    // Windows is a `.cmd`)
    for command in [
        "mcp-server-filesystem",
        "/usr/local/bin/mcp-server-filesystem",
        "mcp-server-filesystem.cmd",
    ] {
        one_path(
            &format!(
                r#"{{"mcpServers": {{"fs": {{"command": "{command}", "args": ["/home/ann/Documents", "/home/ann/Desktop"]}}}}}}"#
            ),
            "folder \"/home/ann/Desktop\"",
        );
    }
    // cmd's `/c` is its switch, not a folder
    one_path(
        r#"{"mcpServers": {"fs": {"command": "cmd", "args": ["/c", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/home/ann/Desktop"]}}}"#,
        "folder \"/home/ann/Desktop\"",
    );
}

#[test]
fn missing_path_leaves_a_file_to_create_in_a_folder_that_exists() {
    let d = one_path(
        r#"{"mcpServers": {
        "ok": {"command": "mem", "args": ["--db", "/home/ann/mcp/memory.db", "--out=/home/ann/new.json"]},
        "bad": {"command": "mem", "args": ["--db=/home/bob/mcp/memory.db"]}}}"#,
        "argument \"/home/bob/mcp/memory.db\" of server `bad`",
    );
    assert!(d.message.contains("neither does its folder"), "{d:?}");
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(hint.contains("/home exists, the rest"), "{hint}");
}

#[test]
fn missing_path_skips_servers_that_run_elsewhere_and_other_files() {
    let ds = lint_paths(
        r#"{"mcpServers": {
        "d": {"command": "docker", "args": ["run", "-i", "--rm", "mcp/filesystem", "/home/x/x.js"]},
        "s": {"command": "ssh", "args": ["host", "/home/x/mcp/server.js"]},
        "w": {"command": "C:\\Windows\\System32\\wsl.exe", "args": ["/home/x/server.js"]},
        "l": {"command": "x", "args": ["--path=/home/x/a:/home/x/b", "https://h/x.js", "@scope/pkg"]},
        "share": {"command": "node", "args": ["//home/x/server.js"]}}}"#,
    );
    assert!(ds.is_empty(), "{ds:?}");
    // the same paths are reported where nothing of the above holds
    let ds = lint_paths(
        r#"{"mcpServers": {"n": {"command": "node", "args": ["/home/x/mcp/server.js", "--path=/home/x/a/b"]}}}"#,
    );
    assert_eq!(ds.len(), 2, "{ds:?}");
    // another OS's file: its paths are not this machine's, so no look
    for os in [Os::Linux, Os::MacOs, Os::Windows] {
        let host = HostEnv::fake(os, Some("/home/ann"), &[]);
        let looks = LintContext::for_host(&host).exists.is_some();
        assert_eq!(looks, os == Os::current(), "{os:?}");
    }
}

#[test]
fn missing_path_names_an_env_path_without_its_folder_and_never_its_value() {
    let d = one_path(
        r#"{"mcpServers": {
        "mem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"],
                "env": {"MEMORY_FILE_PATH": "/home/bob/mcp/memory.json", "OK_PATH": "/home/ann/memory.json",
                        "LIST": "/home/x/a:/home/x/b", "DIRS": "/home/x/a,/home/x/b", "TOKEN": "abc",
                        "B64": "/home/Ab+cD/eF9gH==",
                        // folders searched, not a file opened
                        "PATH": "/home/nvm/bin", "PYTHONPATH": "/home/x/src",
                        "NODE_PATH": "/home/x/lib/node_modules"}},
        "box": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "DATA", "img"],
                "env": {"DATA": "/home/x/data/db.json"}}}}"#,
        "env `MEMORY_FILE_PATH` of server `mem` is a path that does not exist",
    );
    let said = format!("{} {}", d.message, d.hint.as_deref().unwrap_or(""));
    assert!(!said.contains("/home/bob"), "{said}");
}

#[test]
fn env_name_case_names_what_node_drops_on_windows_only() {
    let with = |env: &str| server(&format!(r#""command": "node", "env": {{{env}}}"#));
    // beside the app's PATH, an entry's `Path` is dropped
    let (_, ds) = lint_text(Windows, &with(r#""Path": "C:\\tools""#));
    let d = ds
        .iter()
        .find(|d| d.code == Code::EnvNameCase)
        .expect("flagged");
    assert!(d.message.contains("env `Path`") && d.message.contains("the app passes `PATH`"));
    assert!(d.hint.as_deref().unwrap().contains("spell it `PATH`"));
    assert!(d.fix.is_none(), "a new PATH could hide a program: no fix");
    // an entry's own pair: the capitals win
    let (_, ds) = lint_text(Windows, &with(r#""api_key": "a", "API_KEY": "b""#));
    let got: Vec<_> = ds.iter().filter(|d| d.code == Code::EnvNameCase).collect();
    assert_eq!(got.len(), 1);
    assert!(got[0].message.contains("env `api_key`"));
    assert!(got[0].message.contains("the entry also sets `API_KEY`"));
    // spelt as the app spells it, or a name the app does not pass: fine
    for ok in [r#""PATH": "C:\\tools""#, r#""Api_Key": "a""#] {
        assert!(!ids(Windows, &with(ok)).contains(&"env-name-case"), "{ok}");
    }
    // elsewhere names have case: both reach the server
    for os in [Linux, MacOs] {
        assert!(
            !ids(os, &with(r#""Path": "/x", "api_key": "a", "API_KEY": "b""#))
                .contains(&"env-name-case")
        );
    }
}

#[test]
fn a_command_not_found_beside_a_dropped_path_says_so() {
    let hint = |key: &str| {
        let env = format!(r#""command": "mytool", "env": {{"{key}": "C:\\tools"}}"#);
        let (_, ds) = lint_text(Windows, &server(&env));
        let d = ds.iter().find(|d| d.code == Code::CommandNotFound);
        d.expect("not found").hint.clone().unwrap_or_default()
    };
    assert!(hint("Path").contains("spell it `PATH`"));
    // with `PATH` itself, the usual install hint
    assert!(!hint("PATH").contains("env-name-case"));
}

/// Each of the diagnostics of `code` for the config.
fn of_code(os: Os, text: &str, code: Code) -> Vec<Diagnostic> {
    lint_text(os, text)
        .1
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn a_shell_reads_c_only_among_its_options() {
    // after the script, `-c cd` is the script's: no line, nothing to report
    let text = server(
        r#""command": "/usr/local/bin/bash", "args": ["/usr/local/bin/run.sh", "-c", "cd"]"#,
    );
    assert_eq!(ids(Linux, &text), Vec::<&str>::new());
    let text = server(
        r#""command": "/usr/local/bin/bash", "args": ["/usr/local/bin/run.sh", "-c", "node s.js 2>&1"]"#,
    );
    assert_eq!(ids(Linux, &text), Vec::<&str>::new());
    // among the options (after `-o NAME` too), the line is checked
    let text =
        server(r#""command": "/usr/local/bin/bash", "args": ["-o", "pipefail", "-c", "cd /srv"]"#);
    assert_eq!(ids(Linux, &text), ["starts-nothing"]);
}

/// The hint extends the line only where `&& <server>` makes a line that
/// works: after set-up alone, written whole; after `;` or `&` without
/// them; never after `echo`, `exit` or `false`.
#[test]
fn the_starts_nothing_hint_never_suggests_a_broken_line() {
    let hint = |line: &str| {
        let text = server(&format!(
            r#""command": "/usr/local/bin/sh", "args": ["-c", "{line}"]"#
        ));
        only(Linux, &text).hint.unwrap_or_default()
    };
    assert!(
        hint("cd /srv && export A=1").contains("`cd /srv && export A=1 && <the server's command>`")
    );
    assert!(hint("cd /srv;").contains("`cd /srv && <the server's command>`"));
    assert!(hint("cd /srv &").contains("`cd /srv && <the server's command>`"));
    for line in ["false", "exit 0", "cd /tmp && echo ready"] {
        let h = hint(line);
        assert!(!h.contains("<the server's command>"), "{line}: {h}");
        assert!(
            h.contains("end the line with the server's program"),
            "{line}: {h}"
        );
    }
    assert!(hint("cd /tmp && echo ready").contains("(`echo` would end the line, or write"));
    // clipped in the message: not a line to paste
    let long = format!("cd /{}", "x".repeat(80));
    assert!(!hint(&long).contains("<the server's command>"));
}

#[test]
fn starts_nothing_tells_built_ins_that_end_from_setup_steps() {
    let d = only(
        Linux,
        &server(r#""command": "/usr/local/bin/sh", "args": ["-c", "cd /tmp && echo ready"]"#),
    );
    assert_eq!(d.code, Code::StartsNothing);
    assert!(
        d.message
            .contains("which only runs the shell's own commands (`cd`, `echo`)"),
        "{}",
        d.message
    );
    let d = only(
        Linux,
        &server(r#""command": "/usr/local/bin/sh", "args": ["-c", "cd /srv && export A=1"]"#),
    );
    assert!(
        d.message
            .contains("which only changes the folder or sets a variable (`cd`, `export`)"),
        "{}",
        d.message
    );
    for line in ["true", "exit 0", ":"] {
        let text = server(&format!(
            r#""command": "/usr/local/bin/sh", "args": ["-c", "{line}"]"#
        ));
        assert_eq!(ids(Linux, &text), ["starts-nothing"], "{line}");
    }
    for line in ["export X=`node server.js`", "CD /tmp"] {
        let text = server(&format!(
            r#""command": "/usr/local/bin/sh", "args": ["-c", "{line}"]"#
        ));
        assert!(
            of_code(Linux, &text, Code::StartsNothing).is_empty(),
            "{line}"
        );
    }
    // cmd: outer quotes, `;` inside a value, `cd..`, `@cd`
    for args in [
        r#"["/s", "/c", "\"cd C:\\x && set A=1\""]"#,
        r#"["/c", "set", "PATH=C:\\a;C:\\b"]"#,
        r#"["/c", "cd.."]"#,
        r#"["/c", "@cd", "C:\\x"]"#,
    ] {
        let text = server(&format!(r#""command": "cmd", "args": {args}"#));
        assert_eq!(
            of_code(Windows, &text, Code::StartsNothing).len(),
            1,
            "{args}"
        );
    }
}

#[test]
fn a_windows_cmd_built_in_is_not_suggested_as_the_command() {
    let ds = lint_unix(
        Linux,
        &server(
            r#""command": "cmd", "args": ["/c", "set", "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789"]"#,
        ),
    );
    let d = ds
        .iter()
        .find(|d| d.code == Code::CommandNotFound)
        .expect("a Windows entry");
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(!hint.contains(r#""command": "set""#), "{hint}");
    assert!(hint.contains("`set` is cmd's own command"), "{hint}");
    assert!(!hint.contains("ghp_"), "{hint}");
}

#[test]
fn no_script_follows_env_and_uv_run_to_the_interpreter() {
    for args in [r#"["python3"]"#, r#"["-i", "X=1", "python3"]"#] {
        let d = of_code(
            Linux,
            &server(&format!(
                r#""command": "/usr/local/bin/env", "args": {args}"#
            )),
            Code::NoScript,
        );
        assert_eq!(d.len(), 1, "{args}");
        assert!(
            d[0].message
                .contains("starts `python3` (through `/usr/local/bin/env`) with no script"),
            "{}",
            d[0].message
        );
        // the hint keeps the launcher: the script goes after the interpreter
        let hint = d[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.starts_with("add the server's script after `python3`, at the end of \"args\""),
            "{hint}"
        );
    }
    let d = of_code(
        MacOs,
        &server(r#""command": "uv", "args": ["run", "--with", "mcp", "python"]"#),
        Code::NoScript,
    );
    assert_eq!(d.len(), 1);
    assert!(
        of_code(
            MacOs,
            &server(r#""command": "uv", "args": ["run", "--with", "mcp", "python", "/srv/s.py"]"#),
            Code::NoScript
        )
        .is_empty()
    );
}

#[test]
fn the_inspector_hint_is_the_entry_to_write() {
    let d = only(
        MacOs,
        &server(
            r#""command": "/usr/local/bin/uv", "args": ["run", "--with", "mcp", "mcp", "dev", "/srv/server.py", "--with", "pandas"]"#,
        ),
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            r#"start the server itself (`run` in place of `dev`): "command": "/usr/local/bin/uv", "args": ["run", "--with", "mcp", "--with", "pandas", "mcp", "run", "/srv/server.py"]"#
        )
    );
    // words with spaces and quotes, quoted as JSON; `-e` named, its value never
    let ds = of_code(
        MacOs,
        &server(
            r#""command": "npx", "args": ["-y", "@modelcontextprotocol/inspector", "-e", "API_KEY=sk-live-abcdefghijklmnopqrstuv", "node", "/my srv/x.js", "--name", "it's", "--cli", "--method", "tools/list"]"#,
        ),
        Code::InspectorCommand,
    );
    let hint = ds[0].hint.as_deref().unwrap_or("");
    assert_eq!(
        hint,
        r#"start the server itself (the command the Inspector was given to start): "command": "node", "args": ["/my srv/x.js", "--name", "it's"]; the variables given with `-e` go in the entry's "env": {"API_KEY": "..."}; left out (the Inspector's own options): `--method tools/list`"#
    );
    // in a shell line: the line's words
    let d = only(
        Linux,
        &server(r#""command": "/usr/local/bin/sh", "args": ["-c", "cd /srv && mcp dev s.py"]"#),
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "start the server itself (`run` in place of `dev`) in the shell line: `cd /srv && mcp run s.py`"
        )
    );
}

/// A shell line's words are read as sh splits them: a quoted path with a
/// space is one word, quoted again in the corrected line.
#[test]
fn an_inspector_in_a_shell_line_keeps_its_quoted_words_whole() {
    let text =
        server(r#""command": "/bin/sh", "args": ["-c", "mcp dev \"/my srv/s.py\" --with pandas"]"#);
    let d = of_code(Linux, &text, Code::InspectorCommand);
    assert_eq!(d.len(), 1, "{d:?}");
    let hint = d[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("`uv run --with mcp --with pandas mcp run \"/my srv/s.py\"`"),
        "{hint}"
    );
    assert!(!hint.contains("left out"), "{hint}");
}

/// A shell given an empty line, or `-c` with none, starts nothing (the
/// first ends at once, the second refuses to start).
#[test]
fn an_empty_or_missing_shell_line_starts_nothing() {
    for args in [
        r#"["-c", ""]"#,
        r#"["-c", "  "]"#,
        r#"["-c"]"#,
        r#"["-l", "-c"]"#,
    ] {
        let text = server(&format!(r#""command": "/bin/sh", "args": {args}"#));
        let d = of_code(Linux, &text, Code::StartsNothing);
        assert_eq!(d.len(), 1, "{args}: {d:?}");
    }
    let d = of_code(
        Linux,
        &server(r#""command": "/bin/sh", "args": ["-c"]"#),
        Code::StartsNothing,
    );
    assert!(
        d[0].message.contains("`-c` with no line after it"),
        "{}",
        d[0].message
    );
    // a script, or a line: nothing of the kind
    for args in [r#"["/srv/run.sh"]"#, r#"["-c", "exec node /srv/x.js"]"#] {
        let text = server(&format!(r#""command": "/bin/sh", "args": {args}"#));
        assert!(
            of_code(Linux, &text, Code::StartsNothing).is_empty(),
            "{args}"
        );
    }
}
