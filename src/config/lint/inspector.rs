//! A server entry that starts the MCP Inspector instead of the server:
//! `mcp dev server.py` (the Python SDK's CLI) and `fastmcp dev` open the
//! Inspector's web page and speak no MCP on stdio; `npx
//! @modelcontextprotocol/inspector ...` is the Inspector itself. Their
//! `run` subcommands serve over stdio, which is what the app needs. Pure.

/// The Inspector found in a command line, and what to run instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// The index of the word that starts it (`mcp` of `mcp dev`, or the
    /// Inspector's package).
    pub at: usize,
    /// The words that do (`mcp dev`, the package).
    pub what: String,
    /// How the corrected line is made.
    pub how: &'static str,
    /// The whole command line to run instead (program first); empty when
    /// the words do not say it.
    pub instead: Vec<String>,
    /// Words of `dev` (or of the Inspector) that the corrected line drops.
    pub dropped: Vec<String>,
    /// Why they are dropped.
    pub dropped_why: &'static str,
    /// Variables the Inspector was given with `-e KEY=VALUE` (their
    /// names): they belong in the entry's `env`.
    pub env: Vec<String>,
    /// `--config FILE` (and `--server NAME`): the server is an entry of
    /// that file.
    pub config: Option<(String, Option<String>)>,
}

/// The Inspector started in `words` (a whole command line, program
/// first), if it is.
pub(super) fn find(words: &[&str]) -> Option<Found> {
    let stem = crate::config::remote::stem;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let tool = stem(w);
        if matches!(&*tool, "mcp" | "fastmcp") && next == Some("dev") {
            let (instead, dropped) = if tool == "mcp" {
                mcp_run(words, i)
            } else {
                fastmcp_run(words, i)
            };
            return Some(Found {
                at: i,
                what: format!("{w} dev"),
                how: "`run` in place of `dev`",
                instead,
                dropped,
                dropped_why: "`run` does not take them",
                env: Vec::new(),
                config: None,
            });
        }
        let package = match w.rfind('@') {
            Some(at) if at > 0 => &w[..at],
            _ => w,
        };
        if package == "@modelcontextprotocol/inspector"
            || (tool == "mcp-inspector" && runs_as_program(&words[..i]))
        {
            let given = given_server(&words[i + 1..]);
            return Some(Found {
                at: i,
                what: w.to_string(),
                how: "the command the Inspector was given to start",
                instead: given.server,
                dropped: given.dropped,
                dropped_why: "the Inspector's own options",
                env: given.env,
                config: given.config,
            });
        }
    }
    None
}

/// Whether a word after `before` is in a program's place: first, after a
/// command separator, or after a runner (`npx -y`, `npm exec`, `cmd /c`).
/// A folder named `mcp-inspector` handed to a server is no Inspector.
fn runs_as_program(before: &[&str]) -> bool {
    let Some(prev) = before.last() else {
        return true;
    };
    let runner = crate::config::remote::stem(prev);
    matches!(
        &*runner,
        "npx" | "bunx" | "pnpx" | "exec" | "dlx" | "x" | "call" | "start"
    ) || matches!(
        *prev,
        "&&" | "||" | ";" | "|" | "&" | "-y" | "--yes" | "--" | "/c" | "/C" | "/k" | "/K"
    )
}

/// `mcp dev FILE [--with P]... [--with-editable E]` as `mcp dev` runs the
/// server itself: `uv run --with mcp [--with-editable E] [--with P]...
/// mcp run FILE` (`mcp run` takes only FILE and `--transport`: the `dev`
/// options go to `uv`, before `mcp`). `mcp` at `at` in `words`.
fn mcp_run(words: &[&str], at: usize) -> (Vec<String>, Vec<String>) {
    let mut uv: Vec<String> = Vec::new();
    let mut file: Vec<String> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    let mut rest = words[at + 2..].iter();
    while let Some(w) = rest.next() {
        let (flag, joined) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (*w, None),
        };
        match flag {
            "--with" | "--with-editable" | "-e" => {
                let value = joined.or_else(|| rest.next().map(|v| v.to_string()));
                if let Some(v) = value {
                    let flag = if flag == "-e" {
                        "--with-editable"
                    } else {
                        flag
                    };
                    uv.extend([flag.to_string(), v]);
                }
            }
            _ if file.is_empty() && !w.starts_with('-') => file.push(w.to_string()),
            _ => dropped.push(w.to_string()),
        }
    }
    let mcp = words[at].to_string();
    let prefix: Vec<String> = words[..at].iter().map(|w| w.to_string()).collect();
    // the launcher of `mcp`'s own command: after the last separator (`cd
    // /srv && uv run mcp dev`, `cmd /c uv run mcp dev`)
    let command_start = prefix
        .iter()
        .rposition(|w| {
            matches!(w.as_str(), "&&" | "||" | ";" | "|" | "&")
                || w.eq_ignore_ascii_case("/c")
                || w.eq_ignore_ascii_case("/k")
        })
        .map_or(0, |i| i + 1);
    let runner = prefix
        .get(command_start)
        .map(|p| crate::config::remote::stem(p))
        .unwrap_or_default();
    let mut line: Vec<String> = if uv.is_empty() {
        prefix
    } else if prefix.is_empty() {
        // `mcp dev` alone: the line `mcp dev` itself would have built
        ["uv", "run", "--with", "mcp"].map(String::from).to_vec()
    } else if runner == "uv" || runner == "uvx" {
        prefix
    } else {
        // (another launcher: its way to install packages is its own)
        dropped.splice(0..0, uv.drain(..));
        prefix
    };
    line.extend(uv);
    line.extend([mcp, "run".to_string()]);
    line.extend(file);
    (line, dropped)
}

/// `fastmcp dev ...` as `fastmcp run ...`: `run` takes the environment
/// options (`--with`, `--python`, `--project`, `--with-requirements`);
/// the Inspector's (`--ui-port`, `--server-port`, `--inspector-version`)
/// and `--with-editable` it does not.
fn fastmcp_run(words: &[&str], at: usize) -> (Vec<String>, Vec<String>) {
    const KEPT: &[&str] = &["--with", "--python", "--project", "--with-requirements"];
    const DROPPED: &[&str] = &[
        "--ui-port",
        "--server-port",
        "--inspector-version",
        "--with-editable",
        "-e",
    ];
    let mut line: Vec<String> = words[..at].iter().map(|w| w.to_string()).collect();
    line.extend([words[at].to_string(), "run".to_string()]);
    let mut dropped: Vec<String> = Vec::new();
    let mut rest = words[at + 2..].iter();
    while let Some(w) = rest.next() {
        let flag = w.split_once('=').map_or(*w, |(f, _)| f);
        let valued = !w.contains('=');
        if KEPT.contains(&flag) {
            line.push(w.to_string());
            if valued {
                line.extend(rest.next().map(|v| v.to_string()));
            }
        } else if DROPPED.contains(&flag) {
            dropped.push(w.to_string());
            if valued {
                dropped.extend(rest.next().map(|v| v.to_string()));
            }
        } else {
            line.push(w.to_string());
        }
    }
    (line, dropped)
}

/// What the Inspector's own words say, after its package.
struct Given {
    server: Vec<String>,
    dropped: Vec<String>,
    env: Vec<String>,
    config: Option<(String, Option<String>)>,
}

/// The Inspector's options (its launcher's, `cli.ts`), taken wherever
/// they stand before `--` (commander reads options after operands too):
/// `-e KEY=VALUE`, `--config FILE`, `--server NAME`, `--transport T`,
/// `--server-url URL`, `--header H...` (every word up to the next option),
/// `--cli`.
const VALUED: &[&str] = &["-e", "--config", "--server", "--transport", "--server-url"];
/// With `--cli`, its CLI's (`cli/src/index.ts`) too, taken from anywhere
/// in the server's words (they are handed to it without `--`).
const CLI_VALUED: &[&str] = &[
    "--method",
    "--tool-name",
    "--uri",
    "--prompt-name",
    "--log-level",
    "--transport",
];
/// Options that take every following word up to the next option.
const VARIADIC: &[&str] = &["--header"];
const CLI_VARIADIC: &[&str] = &["--tool-arg", "--prompt-args", "--header"];

/// A variadic option at `words[at]` and every word after it up to the
/// next option, added to `dropped`; the index after them.
fn take_variadic(words: &[&str], at: usize, dropped: &mut Vec<String>) -> usize {
    let end = words[at + 1..]
        .iter()
        .position(|v| v.starts_with('-'))
        .map_or(words.len(), |n| at + 1 + n);
    dropped.extend(words[at..end].iter().map(|w| w.to_string()));
    end
}

/// The server command after the Inspector's own options, as the Inspector
/// reads its words.
fn given_server(after: &[&str]) -> Given {
    let cli = after
        .iter()
        .take_while(|w| **w != "--")
        .any(|w| *w == "--cli");
    let mut given = Given {
        server: Vec::new(),
        dropped: Vec::new(),
        env: Vec::new(),
        config: None,
    };
    let (mut config, mut server_name) = (None, None);
    let split = after.iter().position(|w| *w == "--");
    let (before, post) = match split {
        Some(at) => (&after[..at], &after[at + 1..]),
        None => (after, &[][..]),
    };
    // the launcher's options, wherever they stand before `--`
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(w) = before.get(i) {
        let (flag, joined) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ if w.starts_with("-e") && w.len() > 2 => ("-e", Some(&w[2..])),
            _ => (*w, None),
        };
        if flag == "--cli" {
            i += 1;
        } else if VALUED.contains(&flag) {
            let value = joined.or_else(|| before.get(i + 1).copied());
            i += if joined.is_some() { 1 } else { 2 };
            match (flag, value) {
                ("-e", Some(v)) => {
                    let key = v.split_once('=').map_or(v, |(k, _)| k);
                    given.env.push(key.to_string());
                }
                ("--config", v) => config = v,
                ("--server", v) => server_name = v,
                _ => given
                    .dropped
                    .extend([flag.to_string(), value.unwrap_or("").to_string()]),
            }
        } else if VARIADIC.contains(&flag) {
            i = take_variadic(before, i, &mut given.dropped);
        } else {
            words.push(w);
            i += 1;
        }
    }
    words.extend(post.iter().copied());
    // with `--cli`, its CLI takes its own options out of the server's words
    if cli {
        let mut kept = Vec::new();
        let mut i = 0;
        while let Some(w) = words.get(i) {
            let flag = w.split_once('=').map_or(*w, |(f, _)| f);
            if CLI_VALUED.contains(&flag) {
                given.dropped.push(w.to_string());
                if !w.contains('=') {
                    given
                        .dropped
                        .extend(words.get(i + 1).map(|v| v.to_string()));
                    i += 1;
                }
                i += 1;
            } else if CLI_VARIADIC.contains(&flag) {
                i = take_variadic(&words, i, &mut given.dropped);
            } else {
                kept.push(*w);
                i += 1;
            }
        }
        words = kept;
    }
    given.server = words.iter().map(|w| w.to_string()).collect();
    given.config = config.map(|c| (c.to_string(), server_name.map(str::to_string)));
    if given.config.is_some() {
        // the server is the file's entry; its words are added to its args
        given.server.clear();
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(w: &[&str]) -> Vec<String> {
        w.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn the_inspector_is_told_from_a_server() {
        assert!(find(&["run", "--with", "mcp", "mcp", "dev", "server.py"]).is_some());
        assert!(find(&["fastmcp", "dev", "s.py"]).is_some());
        let found = find(&[
            "-y",
            "@modelcontextprotocol/inspector@0.16",
            "-e",
            "K=v",
            "node",
            "x.js",
        ])
        .expect("the Inspector");
        assert_eq!(found.instead, strings(&["node", "x.js"]));
        assert_eq!(found.env, strings(&["K"]));
        let found =
            find(&["uv", "run", "--with", "mcp", "mcp", "dev", "server.py"]).expect("mcp dev");
        assert_eq!(
            found.instead,
            strings(&["uv", "run", "--with", "mcp", "mcp", "run", "server.py"])
        );
        for fine in [
            &["run", "--with", "mcp", "mcp", "run", "server.py"][..],
            &["fastmcp", "run", "s.py"],
            &["-y", "@modelcontextprotocol/server-memory"],
            &["--mode", "dev"],
        ] {
            assert_eq!(find(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn dev_options_go_where_run_takes_them() {
        // `mcp run` takes FILE alone: `--with` goes to uv, before `mcp`
        let found = find(&[
            "uv",
            "run",
            "--with",
            "mcp",
            "mcp",
            "dev",
            "/srv/server.py",
            "--with",
            "pandas",
            "-e",
            "/src/lib",
        ])
        .expect("mcp dev");
        assert_eq!(
            found.instead,
            strings(&[
                "uv",
                "run",
                "--with",
                "mcp",
                "--with",
                "pandas",
                "--with-editable",
                "/src/lib",
                "mcp",
                "run",
                "/srv/server.py"
            ])
        );
        assert!(found.dropped.is_empty());
        // `mcp dev` alone: the uv line `mcp dev` builds itself
        let found = find(&["mcp", "dev", "s.py", "--with=httpx", "--verbose"]).expect("dev");
        assert_eq!(
            found.instead,
            strings(&[
                "uv", "run", "--with", "mcp", "--with", "httpx", "mcp", "run", "s.py"
            ])
        );
        assert_eq!(found.dropped, strings(&["--verbose"]));
        // fastmcp: the Inspector's ports are dropped, `--with` kept
        let found = find(&[
            "fastmcp",
            "dev",
            "s.py",
            "--ui-port",
            "6274",
            "--with",
            "pandas",
            "--server-port",
            "6277",
        ])
        .expect("fastmcp dev");
        assert_eq!(
            found.instead,
            strings(&["fastmcp", "run", "s.py", "--with", "pandas"])
        );
        assert_eq!(
            found.dropped,
            strings(&["--ui-port", "6274", "--server-port", "6277"])
        );
    }

    #[test]
    fn the_inspectors_own_options_stay_out_of_the_server() {
        // its launcher's options, wherever they stand; `--header` takes
        // every word up to the next option
        let found = find(&[
            "@modelcontextprotocol/inspector",
            "node",
            "/srv/x.js",
            "-e",
            "API_KEY=sk-1",
            "--transport",
            "stdio",
        ])
        .expect("the Inspector");
        assert_eq!(found.instead, strings(&["node", "/srv/x.js"]));
        assert_eq!(found.env, strings(&["API_KEY"]));
        assert_eq!(found.dropped, strings(&["--transport", "stdio"]));
        // with `--cli`, its CLI's options too, after the server's words
        let cli_options =
            "--method tools/call --tool-name echo --tool-arg a=1 b=2 --log-level debug";
        let line =
            format!("@modelcontextprotocol/inspector --cli node x.js --port 3 {cli_options}");
        let words: Vec<&str> = line.split(' ').collect();
        let found = find(&words).expect("the Inspector");
        assert_eq!(found.instead, strings(&["node", "x.js", "--port", "3"]));
        assert_eq!(found.dropped.join(" "), cli_options);
        // without `--cli` they are the server's (the web page passes them on)
        let found = find(&[
            "@modelcontextprotocol/inspector",
            "node",
            "x.js",
            "--method",
            "m",
        ])
        .expect("the Inspector");
        assert_eq!(found.instead, strings(&["node", "x.js", "--method", "m"]));
        // after `--`, the server's words
        let found = find(&["mcp-inspector", "--", "node", "x.js", "-e", "1"]).expect("it");
        assert_eq!(found.instead, strings(&["node", "x.js", "-e", "1"]));
        // a config's entry: no command to name
        let found = find(&["mcp-inspector", "--config", "c.json", "--server", "s"]).expect("it");
        assert!(found.instead.is_empty());
        assert_eq!(found.config, Some(("c.json".into(), Some("s".into()))));
    }

    /// `mcp dev`'s `--with` goes to `uv run` also when uv is started
    /// through cmd or after `cd ... &&`.
    #[test]
    fn mcp_dev_behind_a_wrapper_keeps_its_packages_for_uv() {
        for words in [
            &[
                "cmd",
                "/c",
                "uv",
                "run",
                "mcp",
                "dev",
                "server.py",
                "--with",
                "pandas",
            ][..],
            &[
                "cd",
                "/srv",
                "&&",
                "uv",
                "run",
                "mcp",
                "dev",
                "server.py",
                "--with",
                "pandas",
            ],
        ] {
            let found = find(words).expect("mcp dev");
            assert!(found.dropped.is_empty(), "{words:?}: {:?}", found.dropped);
            let line = found.instead.join(" ");
            assert!(
                line.ends_with("uv run --with pandas mcp run server.py"),
                "{words:?}: {line}"
            );
        }
    }

    /// `mcp-inspector` counts where a program is started (first, after a
    /// runner or a separator), not as a value a server is given.
    #[test]
    fn a_folder_named_mcp_inspector_is_no_inspector() {
        for words in [
            &["/usr/bin/mcp-server-filesystem", "/home/ann/mcp-inspector"][..],
            &["node", "/srv/x.js", "--name", "mcp-inspector"],
        ] {
            assert!(find(words).is_none(), "{words:?}");
        }
        for words in [
            &["mcp-inspector", "node", "x.js"][..],
            &["npx", "-y", "mcp-inspector", "node", "x.js"],
            &["npm", "exec", "mcp-inspector", "node", "x.js"],
            &["cd", "/srv", "&&", "mcp-inspector", "node", "x.js"],
            &["cmd", "/c", "mcp-inspector.cmd", "node", "x.js"],
        ] {
            assert!(find(words).is_some(), "{words:?}");
        }
    }
}
