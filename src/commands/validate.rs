//! `mcpctl validate`: syntax, schema and lint diagnostics for the config,
//! with positions and hints, then a one-line summary. Exit 0 when clean
//! (warnings allowed), 1 on errors (or warnings with `--strict`), 2 when the
//! file cannot be read. JSON shape: docs/json/validate.md.

use serde_json::json;

use super::{Context, Exit};
use crate::config::load::{self, Loaded};
use crate::error::Error;
use crate::report::diagnostics;

pub fn run(ctx: &Context, args: &crate::cli::ValidateArgs) -> Result<Exit, Error> {
    let loaded = load::load(&ctx.host, ctx.config_override.as_deref())?;
    let exit = exit_code(&loaded, args.strict);
    if ctx.json {
        let doc = to_json(&loaded, exit);
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        print!("{}", render_text(ctx, &loaded));
    }
    Ok(exit)
}

/// 1 when there are errors, or warnings under `--strict`.
pub fn exit_code(loaded: &Loaded, strict: bool) -> Exit {
    let errors = loaded.error_count();
    let warnings = loaded.warning_count();
    if errors > 0 || (strict && warnings > 0) {
        Exit::Problems
    } else {
        Exit::Ok
    }
}

/// `2 errors, 1 warning in PATH`, or `no problems in PATH (N servers)`.
pub fn summary(loaded: &Loaded) -> String {
    let path = loaded.source.path.display();
    let (e, w) = (loaded.error_count(), loaded.warning_count());
    if e + w == 0 {
        return format!(
            "no problems in {path} ({})",
            plural(loaded.servers.len(), "server")
        );
    }
    format!("{}, {} in {path}", plural(e, "error"), plural(w, "warning"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn render_text(ctx: &Context, loaded: &Loaded) -> String {
    let mut out = diagnostics::render_all(&loaded.source, &loaded.diagnostics, ctx.out);
    if !out.is_empty() {
        out.push('\n');
    }
    let line = summary(loaded);
    let line = if loaded.error_count() > 0 {
        ctx.out.red(&line)
    } else if loaded.warning_count() > 0 {
        ctx.out.yellow(&line)
    } else {
        ctx.out.green(&line)
    };
    out.push_str(&line);
    out.push('\n');
    out
}

/// The `--json` document (docs/json/validate.md).
pub fn to_json(loaded: &Loaded, exit: Exit) -> serde_json::Value {
    let diags: Vec<serde_json::Value> = loaded
        .diagnostics
        .iter()
        .map(|d| diagnostics::to_json(&loaded.source, d))
        .collect();
    json!({
        "file": loaded.source.path.display().to_string(),
        "ok": exit == Exit::Ok,
        "errors": loaded.error_count(),
        "warnings": loaded.warning_count(),
        "servers": loaded.servers.len(),
        "diagnostics": diags,
    })
}
