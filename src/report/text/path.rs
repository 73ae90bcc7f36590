//! `mcpctl path` as text: the path alone on the first line (so
//! `mcpctl path | head -n1` is the path), then the details.

use std::path::Path;

use crate::report::path::PathReport;
use crate::report::style::Style;

pub fn render(r: &PathReport, s: Style) -> String {
    let exists = if r.exists {
        s.green("yes")
    } else {
        format!(
            "{} (`mcpctl add NAME -- COMMAND ARGS...` creates it)",
            s.yellow("no")
        )
    };
    let mut out = format!("{}\n", s.bold(&shown(&r.path)));
    out += &format!("  exists:  {exists}\n");
    out += &format!("  rule:    {}: {}\n", r.rule, r.reason);
    for i in &r.ignored {
        out += &format!(
            "  {} {} ({})\n",
            s.yellow("ignored:"),
            shown(&i.path),
            i.reason
        );
    }
    if let Some(app) = &r.app_reads {
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
