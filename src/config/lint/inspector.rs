//! A server entry that starts the MCP Inspector instead of the server:
//! `mcp dev server.py` (the Python SDK's CLI) and `fastmcp dev` open the
//! Inspector's web page and speak no MCP on stdio; `npx
//! @modelcontextprotocol/inspector ...` is the Inspector itself. Their
//! `run` subcommands serve over stdio, which is what the app needs. Pure.

/// Where in `words` the Inspector is started (the index of `mcp` in `mcp
/// dev`, or of its package), the words that do, and what to write instead
/// (the corrected line, when the words say it).
pub(super) fn find(words: &[&str]) -> Option<(usize, String, String)> {
    let stem = |w: &str| crate::config::remote::stem(w);
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        if matches!(stem(w).as_str(), "mcp" | "fastmcp") && next == Some("dev") {
            let mut fixed = words.to_vec();
            fixed[i + 1] = "run";
            return Some((
                i,
                format!("{w} dev"),
                format!("`run` in place of `dev`: `{}`", fixed.join(" ")),
            ));
        }
        let package = match w.rfind('@') {
            Some(at) if at > 0 => &w[..at],
            _ => w,
        };
        if package == "@modelcontextprotocol/inspector" || stem(w) == "mcp-inspector" {
            let server = given_server(&words[i + 1..]);
            let instead = if server.is_empty() {
                "the server's own command, which the Inspector was given to start".to_string()
            } else {
                format!(
                    "the command the Inspector was given to start: `{}`",
                    server.join(" ")
                )
            };
            return Some((i, w.to_string(), instead));
        }
    }
    None
}

/// The server command after the Inspector's own options (`-e KEY=VALUE`,
/// `--config FILE`, `--server NAME`, `--cli`, ...).
fn given_server<'a>(after: &[&'a str]) -> Vec<&'a str> {
    const VALUED: &[&str] = &[
        "-e",
        "--config",
        "--server",
        "--transport",
        "--server-url",
        "--method",
        "--header",
    ];
    let mut i = 0;
    while let Some(w) = after.get(i) {
        if *w == "--" {
            i += 1;
            break;
        }
        if !w.starts_with('-') {
            break;
        }
        i += if VALUED.contains(w) { 2 } else { 1 };
    }
    after.get(i..).unwrap_or(&[]).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inspector_is_told_from_a_server() {
        assert!(find(&["run", "--with", "mcp", "mcp", "dev", "server.py"]).is_some());
        assert!(find(&["fastmcp", "dev", "s.py"]).is_some());
        let (_, _, instead) = find(&[
            "-y",
            "@modelcontextprotocol/inspector@0.16",
            "-e",
            "K=v",
            "node",
            "x.js",
        ])
        .expect("the Inspector");
        assert_eq!(
            instead,
            "the command the Inspector was given to start: `node x.js`"
        );
        let (_, _, instead) =
            find(&["uv", "run", "--with", "mcp", "mcp", "dev", "server.py"]).expect("mcp dev");
        assert_eq!(
            instead,
            "`run` in place of `dev`: `uv run --with mcp mcp run server.py`"
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
}
