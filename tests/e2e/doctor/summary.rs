//! Doctor's summary counts what the app would really do: the tool
//! definitions it would put in context (not a url entry's, which it skips;
//! none when a bad tool name makes it withhold every server's tools), and
//! with `--no-launch` entries without config problems, not "healthy"
//! servers. test-launch's summary line agrees.

use super::World;
use crate::support::{self, http::Request, http::Server};

/// The lines of `text` under its `N. Summary` heading.
fn summary(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.ends_with(". Summary"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// test-launch's last line.
fn launch_summary(w: &World) -> String {
    let mut cmd = w.sb.mcpctl();
    cmd.arg("--config").arg(w.config()).arg("test-launch");
    let out = w.sb.run(&mut cmd);
    out.stdout
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_url_entry_the_app_skips_adds_no_tools_to_the_summary() {
    let w = World::new();
    let http = Server::start(|req: &Request, _| support::http::mcp_reply(req, false, false));
    let server = support::in_json(support::example_server());
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"example\": {{\"command\": \"{server}\"}}, \"remote\": {{\"url\": \"{}\"}}}}}}\n",
        http.url("/mcp")
    ));
    let out = w.sb.run(&mut w.doctor(&[]));
    let lines = summary(&out.stdout);
    // the example server's 3 tools; not the url entry's `echo`
    assert!(
        lines.iter().any(|l| l.starts_with(
            "tool definitions: 3 tools in all, ~154 tokens of every conversation's context"
        )),
        "{lines:?}\n{out:?}"
    );
    // section 4 says the app skips it; the launch itself worked
    assert!(out.stdout.contains("Claude Desktop skips it"), "{out:?}");

    let (_, doc) = w.doctor_json(&[], &[]);
    assert_eq!(doc["summary"]["context"]["tools"], 4, "{doc:#}");
    assert_eq!(doc["summary"]["in_context"]["tools"], 3, "{doc:#}");
    assert_eq!(doc["summary"]["in_context"]["tokens"], 154, "{doc:#}");
    assert_eq!(doc["summary"]["tools_withheld_by"], serde_json::json!([]));

    let line = launch_summary(&w);
    assert!(
        line.ends_with("; tool definitions ~154 tokens in all (estimated)"),
        "{line}"
    );
}

#[test]
fn a_bad_tool_name_says_the_app_withholds_every_servers_tools() {
    let w = World::new();
    let server = support::in_json(support::example_server());
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"good\": {{\"command\": \"{server}\"}}, \"dotted\": {{\"command\": \
\"{server}\", \"args\": [\"--bad-tool-name\"]}}}}}}\n"
    ));
    let out = w.sb.run(&mut w.doctor(&[]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let lines = summary(&out.stdout);
    let withheld = "tool definitions: none reach the model: `dotted` serves a tool name Claude \
Desktop rejects, and one such name makes it withhold the tools of every server";
    assert!(lines.iter().any(|l| l == withheld), "{lines:?}\n{out:?}");
    assert!(!lines.iter().any(|l| l.contains("in all")), "{lines:?}");

    let (_, doc) = w.doctor_json(&[], &[]);
    assert_eq!(doc["summary"]["context"]["tools"], 7, "{doc:#}");
    assert_eq!(doc["summary"]["in_context"]["tools"], 0, "{doc:#}");
    assert_eq!(
        doc["summary"]["tools_withheld_by"],
        serde_json::json!(["dotted"])
    );

    let line = launch_summary(&w);
    assert!(
        line.ends_with(&format!(
            "; tool definitions: {}",
            withheld.trim_start_matches("tool definitions: ")
        )),
        "{line}"
    );
}

#[test]
fn no_launch_counts_entries_without_config_problems_not_healthy_servers() {
    let w = World::new();
    let server = support::in_json(support::example_server());
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"a\": {{\"command\": \"{server}\"}}, \"b\": {{\"command\": \
\"{server}\"}}, \"c\": {{\"command\": \"{server}\"}}}}}}\n"
    ));
    let out = w.sb.run(&mut w.doctor(&["--no-launch"]));
    let lines = summary(&out.stdout);
    assert_eq!(
        lines.first().map(String::as_str),
        Some(
            "3 servers: 3 without config problems (not launched), 0 with problems; 0 errors, \
0 warnings"
        ),
        "{out:?}"
    );
    // launched, they are healthy
    let out = w.sb.run(&mut w.doctor(&[]));
    let lines = summary(&out.stdout);
    assert!(
        lines[0].starts_with("3 servers: 3 healthy, 0 with problems"),
        "{lines:?}"
    );
}
