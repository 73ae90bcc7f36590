//! `mcpctl call SERVER TOOL [JSON]`: launch one configured server the way
//! Claude Desktop does (the settings' launch options: environment,
//! timeout), run the handshake, call one tool with the given arguments and
//! print what it returned; the server is stopped on every path. Exit 0
//! when the tool answered, 1 when it answered with `isError` or the
//! server failed, 2 on a usage error (an unknown server or tool,
//! arguments that are not a JSON object). JSON shape: docs/json/call.md.
//! The work is `probe::call`'s; this file reads the arguments, picks the
//! server and prints.

use serde_json::{Map, Value};

use super::{Exit, app_logs, launch_specs, test_launch};
use crate::config::{load, model};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::probe::call::{Called, call};
use crate::report::call::CallReport;
use crate::report::failure::AtJson;
use crate::report::{self, Format};
use crate::settings::{Call, Global};
use crate::text::terminal_safe;

pub fn run(g: &Global, s: &Call, out: &mut Output) -> Result<Exit, Stop> {
    if !s.launch.probe.lanes.has(crate::probe::Lane::Chat) {
        // the call is made as chat makes it: a cowork call would be a chat
        // call under another name
        return Err(Error::new(
            "`call` calls the tool the way a chat calls it (the chat lane); it cannot call as \
the cowork lane",
        )
        .hint(format!(
            "`mcpctl test-launch {} --lane cowork --tools` says whether the Cowork lane starts \
the server and which tools it refuses",
            crate::text::shell_word(&s.server)
        ))
        .into());
    }
    let arguments = match s.arguments.as_deref() {
        Some("-") => {
            if g.interactive {
                out.eprint(&report::text::note(
                    out.err_style,
                    "reading the tool's arguments from stdin: end them with Ctrl-D (Ctrl-Z then \
Enter on Windows)",
                ))?;
            }
            parse_arguments(&read_stdin()?, " (read from stdin)")?
        }
        Some(text) => parse_arguments(text, "")?,
        None => Map::new(),
    };
    let loaded = load::load(&g.host, g.config.as_deref())?;
    if !s.show_secrets {
        super::hide_shell_secrets(&g.host, out);
        out.hide(&loaded.secrets());
    }
    let all = launch_specs(&loaded.servers);
    if !all.iter().any(|x| x.name == s.server) {
        // set aside by `mcpctl disable`: say so, not "no server named"
        let folders = crate::app::folders::AppFolders::for_config(g.host.os, &loaded.source.path);
        let side = crate::app::state::read_side(&folders);
        if side.entries().get(&s.server).is_some() {
            return Err(Error::new(format!(
                "`{}` is disabled: it is set aside in {}, where the app does not see it",
                crate::escape::name(&s.server),
                side.path.display()
            ))
            .hint(format!(
                "`mcpctl enable {}` puts it back in the config; then call it",
                crate::text::shell_word(&s.server)
            ))
            .into());
        }
    }
    let mut specs = test_launch::select(&all, std::slice::from_ref(&s.server))?;
    if s.launch.app_path_from_logs {
        // as test-launch: the PATH the app logged giving this server
        app_logs::calibrate_from_logs(&mut specs, &g.host);
    }
    let Some(spec) = specs.first() else {
        return Err(Error::new(format!("no server named `{}` in the config", s.server)).into());
    };
    refuse_remote(&loaded.servers, &s.server)?;
    let unparsed = model::app_parse_error(&loaded.source, &loaded.doc);
    if g.format == Format::Text
        && let Some(e) = &unparsed
    {
        out.eprint(&report::text::app_cannot_parse(
            out.err_style,
            false,
            &loaded.source.path.display().to_string(),
            e,
            "so it would start none of its servers; calling the tool anyway",
        ))?;
    }
    let mut outcome = with_spinner(g, &format!("calling {} on {}", s.tool, s.server), || {
        call(
            spec,
            &s.launch.probe,
            &g.host,
            &s.tool,
            &Value::Object(arguments),
        )
    });
    if let Called::UnknownTool(names) = &outcome.called {
        let offers = outcome.report.counts.tools.is_some();
        return Err(unknown_tool(&s.server, &s.tool, names, offers).into());
    }
    super::hint_env_command(
        std::slice::from_mut(&mut outcome.report),
        &g.host,
        super::EnvSetter::Config,
    );
    let mut report = CallReport::new(&s.server, &s.tool, &outcome, s.show_secrets);
    (report.config_parse_error, report.config_parse_error_at) =
        AtJson::parse_error(unparsed.as_ref());
    match g.format {
        Format::Json => out.json(&report)?,
        Format::Text => {
            out.print(&report::text::call::stdout(&report))?;
            out.eprint(&report::text::call::stderr(out.err_style, &report))?;
        }
    }
    Ok(if report.ok { Exit::Ok } else { Exit::Problems })
}

/// `call` starts stdio servers only: a url entry has nothing to start,
/// and starting a bridge (`npx mcp-remote URL`) can register a client and
/// open a browser to sign in, which mcpctl never does.
fn refuse_remote(servers: &[model::ServerEntry], name: &str) -> Result<(), Error> {
    let entries = model::effective(servers);
    let Some(r) = entries
        .iter()
        .find(|e| e.name == name)
        .and_then(crate::config::remote::of)
    else {
        return Ok(());
    };
    let what = match r.bridge() {
        Some(b) => format!(
            "`{name}` is a bridge to a remote server ({} {}): starting it can register a client \
and open a browser to sign in, which mcpctl never does",
            b.spec, r.url
        ),
        None => format!(
            "`{name}` is a url entry ({}): Claude Desktop starts nothing for it, and `call` starts \
stdio servers only",
            r.url
        ),
    };
    Err(Error::new(what).hint(format!(
        "`mcpctl test-launch {}` probes its URL directly, and `mcpctl test-launch --url URL \
--header 'Authorization: Bearer …'` checks the signed-in path",
        crate::text::shell_word(name)
    )))
}

fn read_stdin() -> Result<String, Error> {
    let text = super::stdin_text()
        .map_err(|e| Error::new(format!("cannot read the arguments from stdin: {e}")))?;
    text.ok_or_else(|| {
        Error::new(format!(
            "the tool's arguments on stdin are over {} MB",
            super::stdin_limit_mb()
        ))
        .hint("pipe in one JSON object of the tool's arguments")
    })
}

/// The tool's arguments: a JSON object, checked before anything starts.
/// `from` says where they came from, for the message (` (read from
/// stdin)`, or empty).
pub fn parse_arguments(text: &str, from: &str) -> Result<Map<String, Value>, Error> {
    let example = "pass one JSON object of the tool's named arguments, e.g. \
'{\"path\": \"/tmp\"}' (in single quotes for your shell), or - to read it from stdin";
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::new(format!(
            "the tool's arguments{from} are {}, not a JSON object",
            crate::text::json_kind(&other)
        ))
        .hint(example)),
        Err(e) => Err(Error::new(format!(
            "the tool's arguments{from} are not valid JSON: {e}"
        ))
        .hint(example)),
    }
}

/// No tool by that name: the names there are (`offers`: the server
/// advertised the tools capability at all).
fn unknown_tool(server: &str, tool: &str, names: &[String], offers: bool) -> Error {
    let shown: Vec<String> = names
        .iter()
        .map(|n| format!("`{}`", terminal_safe(n, false)))
        .collect();
    let listed = if !offers {
        "it offers no tools (its initialize reply has no tools capability)".to_string()
    } else if shown.is_empty() {
        "its tools/list is empty".to_string()
    } else {
        format!("it lists {}", shown.join(", "))
    };
    Error::new(format!(
        "`{}` has no tool named `{}`; {listed}",
        terminal_safe(server, false),
        terminal_safe(tool, false)
    ))
    .hint(format!(
        "tool names are case-sensitive; `mcpctl test-launch {server} --tools` lists them with \
their descriptions"
    ))
}

/// Run `work` with a spinner on stderr when it is a terminal.
fn with_spinner<T>(g: &Global, label: &str, work: impl FnOnce() -> T) -> T {
    if !g.progress {
        return work();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.set_message(terminal_safe(label, false));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let result = work();
    bar.finish_and_clear();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_must_be_one_json_object() {
        assert_eq!(
            parse_arguments(r#" {"path": "/tmp"} "#, "x")
                .ok()
                .and_then(|m| m.get("path").cloned()),
            Some(Value::String("/tmp".into()))
        );
        let e = parse_arguments("[1]", "").err();
        assert_eq!(
            e.as_ref().map(|e| e.message.as_str()),
            Some("the tool's arguments are an array, not a JSON object")
        );
        let e = parse_arguments("{path: 1}", " (read from stdin)").err();
        assert!(
            e.as_ref().is_some_and(|e| e
                .message
                .starts_with("the tool's arguments (read from stdin) are not valid JSON")),
            "{e:?}"
        );
        assert!(parse_arguments("", "").is_err());
    }

    #[test]
    fn an_unknown_tool_lists_the_tools_there_are() {
        let e = unknown_tool("mem", "read", &["read_graph".into(), "search".into()], true);
        assert_eq!(
            e.message,
            "`mem` has no tool named `read`; it lists `read_graph`, `search`"
        );
        assert!(format!("{e:?}").contains("test-launch mem --tools"));
        let e = unknown_tool("files", "read", &[], false);
        assert!(
            e.message
                .ends_with("it offers no tools (its initialize reply has no tools capability)")
        );
    }
}
