//! `mcpctl list`: the servers a config declares (name, command, args, env
//! keys), env values masked unless `--show-secrets`. A file with errors
//! still lists what could be recovered and says so. JSON shape:
//! docs/json/list.md.

use serde_json::json;

use super::{Context, Exit};
use crate::config::load::{self, Loaded};
use crate::config::model::{ServerEntry, mask};
use crate::error::Error;

pub fn run(ctx: &Context, args: &crate::cli::ListArgs) -> Result<Exit, Error> {
    let loaded = load::load(&ctx.host, ctx.config_override.as_deref())?;
    if ctx.json {
        let doc = to_json(&loaded, args.show_secrets);
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        print!("{}", render_text(ctx, &loaded, args.show_secrets));
        if let Some(note) = errors_note(&loaded) {
            eprintln!("{} {note}", ctx.err.yellow("note:"));
        }
    }
    Ok(if loaded.error_count() > 0 {
        Exit::Problems
    } else {
        Exit::Ok
    })
}

/// Said when the file has errors: the list may be incomplete and the app
/// may not load it at all.
fn errors_note(loaded: &Loaded) -> Option<String> {
    let n = loaded.error_count();
    (n > 0).then(|| {
        format!(
            "{} has {n} error{}: this is what mcpctl could recover, Claude Desktop may load none of it; run `mcpctl validate` for details",
            loaded.source.path.display(),
            if n == 1 { "" } else { "s" }
        )
    })
}

/// Whether a later entry with the same name replaces this one (the app
/// keeps the last).
fn shadowed(servers: &[ServerEntry], i: usize) -> bool {
    servers[i + 1..].iter().any(|s| s.name == servers[i].name)
}

fn env_value(v: &str, show: bool) -> String {
    if show { v.to_string() } else { mask(v) }
}

/// The `--json` document (docs/json/list.md).
pub fn to_json(loaded: &Loaded, show_secrets: bool) -> serde_json::Value {
    let servers: Vec<serde_json::Value> = loaded
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let env: serde_json::Map<String, serde_json::Value> = s
                .env
                .iter()
                .map(|(k, v)| (k.clone(), json!(env_value(v, show_secrets))))
                .collect();
            let not_strings: Vec<String> =
                s.env_not_strings().into_iter().map(|(k, _)| k).collect();
            json!({
                "name": s.name,
                "command": s.command,
                "args": s.args,
                "env": env,
                "env_not_strings": not_strings,
                "line": loaded.source.line_col(s.name_span.start).line,
                "shadowed": shadowed(&loaded.servers, i),
            })
        })
        .collect();
    json!({
        "file": loaded.source.path.display().to_string(),
        "errors": loaded.error_count(),
        "warnings": loaded.warning_count(),
        "servers": servers,
    })
}

/// An argument as typed in a shell-like line: bare when safe, else quoted.
fn show_arg(a: &str) -> String {
    let plain = !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,%~^".contains(c));
    if plain {
        a.to_string()
    } else {
        serde_json::to_string(a).unwrap_or_default()
    }
}

fn render_text(ctx: &Context, loaded: &Loaded, show_secrets: bool) -> String {
    let s = &ctx.out;
    let path = loaded.source.path.display();
    if loaded.servers.is_empty() {
        // with errors, the servers may be there but unreadable: the errors
        // note (stderr) points to `validate`, not to adding one
        if loaded.error_count() > 0 {
            return format!("no servers in {path}\n");
        }
        return format!(
            "no servers in {path}\n  {} add one with `mcpctl add NAME -- COMMAND ARGS...`\n",
            s.cyan("hint:")
        );
    }
    let n = loaded.servers.len();
    let mut out = format!("{n} server{} in {path}\n", if n == 1 { "" } else { "s" });
    for (i, srv) in loaded.servers.iter().enumerate() {
        out.push('\n');
        out.push_str(&s.bold(&srv.name));
        if shadowed(&loaded.servers, i) {
            out.push_str(&s.dim("  (ignored: redefined later, the app keeps the last)"));
        }
        out.push('\n');
        let command = srv
            .command
            .as_deref()
            .map_or_else(|| s.red("(missing)"), show_arg);
        out.push_str(&format!("  command: {command}\n"));
        if !srv.args.is_empty() {
            let args: Vec<String> = srv.args.iter().map(|a| show_arg(a)).collect();
            out.push_str(&format!("  args:    {}\n", args.join(" ")));
        }
        let not_strings = srv.env_not_strings();
        if !srv.env.is_empty() || !not_strings.is_empty() {
            let env: Vec<String> =
                srv.env
                    .iter()
                    .map(|(k, v)| format!("{k}={}", env_value(v, show_secrets)))
                    .chain(not_strings.iter().map(|(k, ty)| {
                        format!("{k}={}", s.red(&format!("<{ty}: must be a string>")))
                    }))
                    .collect();
            out.push_str(&format!("  env:     {}\n", env.join(", ")));
        }
    }
    out
}
