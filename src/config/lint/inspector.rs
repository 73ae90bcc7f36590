//! A server entry that starts the MCP Inspector instead of the server:
//! `mcp dev server.py` (the Python SDK's CLI) and `fastmcp dev` open the
//! Inspector's web page and speak no MCP on stdio; `npx
//! @modelcontextprotocol/inspector ...` is the Inspector itself. Their
//! `run` subcommands serve over stdio, which is what the app needs. Pure.

/// Where in `words` the Inspector is started (the index of `mcp` in `mcp
/// dev`, or of its package), the words that do, and what to write instead.
pub(super) fn find(words: &[&str]) -> Option<(usize, String, &'static str)> {
    let stem = |w: &str| crate::config::remote::stem(w);
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        if matches!(stem(w).as_str(), "mcp" | "fastmcp") && next == Some("dev") {
            return Some((i, format!("{w} dev"), "`run` in place of `dev`"));
        }
        let package = match w.rfind('@') {
            Some(at) if at > 0 => &w[..at],
            _ => w,
        };
        if package == "@modelcontextprotocol/inspector" || stem(w) == "mcp-inspector" {
            return Some((
                i,
                w.to_string(),
                "the server's own command, which the Inspector was given to start",
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inspector_is_told_from_a_server() {
        assert!(find(&["run", "--with", "mcp", "mcp", "dev", "server.py"]).is_some());
        assert!(find(&["fastmcp", "dev", "s.py"]).is_some());
        assert!(find(&["-y", "@modelcontextprotocol/inspector@0.16", "node", "x.js"]).is_some());
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
