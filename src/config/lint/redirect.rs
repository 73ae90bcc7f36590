//! A shell line given to `sh -c`/`bash -c` (or `cmd /c`) that moves the
//! server's stdio, which is the protocol: `2>&1` sends its logs where its
//! MCP messages go (the first log line breaks the conversation), `> file`
//! sends its messages away from the app (which then hears nothing), and
//! `< file` feeds it a file instead of the app's messages. Quotes are not
//! followed: only a redirection that starts a word counts. Pure.

/// What a redirection in a server's shell line does to the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Redirect {
    /// `2>&1`: stderr joins stdout.
    StderrToStdout,
    /// `> file`, `1> file`, `>> file`, `&> file`: stdout leaves the pipe.
    StdoutAway,
    /// `< file`: stdin is no longer the app's pipe.
    StdinFrom,
}

/// The first redirection of `line` that breaks the protocol, with the
/// text of it (`2>&1`, `>`, `<`).
pub(super) fn find(line: &str) -> Option<(Redirect, &str)> {
    let b = line.as_bytes();
    let word_start = |i: usize| i == 0 || b[i - 1].is_ascii_whitespace();
    for i in 0..b.len() {
        if !word_start(i) {
            continue;
        }
        let rest = &line[i..];
        if rest.starts_with("2>&1") {
            return Some((Redirect::StderrToStdout, "2>&1"));
        }
        // `2>file`, `2>/dev/null`, `>&2`, `1>&2`: stderr's business
        if rest.starts_with("2>") || rest.starts_with(">&2") || rest.starts_with("1>&2") {
            continue;
        }
        for op in ["&>>", "&>", "1>>", "1>", ">>", ">"] {
            if rest.starts_with(op) && !rest[op.len()..].starts_with(['(', '&']) {
                return Some((Redirect::StdoutAway, op));
            }
        }
        if rest.starts_with('<') && !rest.starts_with("<<") && !rest.starts_with("<(") {
            return Some((Redirect::StdinFrom, "<"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirections_that_move_the_protocol_are_found() {
        let kind = |l: &str| find(l).map(|(k, _)| k);
        assert_eq!(
            kind("cd /srv && uv run server.py 2>&1"),
            Some(Redirect::StderrToStdout)
        );
        assert_eq!(
            kind("node server.js > /tmp/out.log"),
            Some(Redirect::StdoutAway)
        );
        assert_eq!(kind("node s.js >>log 2>&1"), Some(Redirect::StdoutAway));
        assert_eq!(kind("python3 s.py < /dev/null"), Some(Redirect::StdinFrom));
        // stderr elsewhere, stdout to stderr, here-docs and process
        // substitution, comparisons inside words: fine
        for fine in [
            "node s.js 2>/tmp/err.log",
            "node s.js 2>>err.log",
            "echo starting >&2; exec node s.js",
            "echo x 1>&2 && node s.js",
            "python3 -c 'print(1>0)'",
            "diff <(a) b",
            "cat <<EOF",
            "node s.js --level=>=2",
        ] {
            assert_eq!(kind(fine), None, "{fine}");
        }
    }
}
