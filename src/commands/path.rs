//! `mcpctl path`: which config file mcpctl (and Claude Desktop) reads, whether
//! it exists, the rule that chose it, and candidates that exist but are
//! ignored. JSON shape: docs/json/path.md.

use std::path::Path;

use serde_json::json;

use super::{Context, Exit};
use crate::config::load;
use crate::config::locate::Located;
use crate::error::Error;

pub fn run(ctx: &Context) -> Result<Exit, Error> {
    let located = load::locate_known(&ctx.host, ctx.config_override.as_deref())?;
    if ctx.json {
        let text = serde_json::to_string_pretty(&to_json(&located)).unwrap_or_default();
        println!("{text}");
    } else {
        print!("{}", render_text(ctx, &located));
    }
    Ok(Exit::Ok)
}

/// Why an ignored candidate is ignored.
pub fn ignored_reason(located: &Located) -> String {
    format!(
        "exists, but Claude Desktop reads {}: edits there are silently ignored",
        located.path.display()
    )
}

/// The `--json` document (docs/json/path.md).
pub fn to_json(located: &Located) -> serde_json::Value {
    let reason = ignored_reason(located);
    json!({
        "path": located.path,
        "exists": located.exists,
        "rule": located.rule,
        "reason": located.reason,
        "ignored": located.ignored.iter()
            .map(|p| json!({"path": p, "reason": reason}))
            .collect::<Vec<_>>(),
        "app_reads": located.app_reads,
    })
}

/// The human output: the path alone on the first line (so
/// `mcpctl path | head -n1` is the path), then the details.
pub fn render_text(ctx: &Context, located: &Located) -> String {
    let s = &ctx.out;
    let exists = if located.exists {
        s.green("yes")
    } else {
        format!(
            "{} (`mcpctl add NAME -- COMMAND ARGS...` creates it)",
            s.yellow("no")
        )
    };
    let mut out = format!("{}\n", s.bold(&shown(&located.path)));
    out += &format!("  exists:  {exists}\n");
    out += &format!("  rule:    {}: {}\n", located.rule, located.reason);
    if !located.ignored.is_empty() {
        let reason = ignored_reason(located);
        for p in &located.ignored {
            out += &format!("  {} {} ({reason})\n", s.yellow("ignored:"), shown(p));
        }
    }
    if let Some(app) = &located.app_reads {
        out += &format!(
            "  {} Claude Desktop itself reads {}\n",
            s.cyan("note:"),
            shown(app)
        );
    }
    out
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
