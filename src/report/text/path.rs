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
    match &r.logs.chosen {
        Some(c) => out += &format!("  logs:    {} ({})\n", shown(&c.path), r.logs.reason),
        None => {
            let looked: Vec<String> = r.logs.looked_in.iter().map(|p| shown(p)).collect();
            out += &format!(
                "  logs:    {} (looked in {})\n",
                s.dim("none yet"),
                if looked.is_empty() {
                    "nowhere: no home folder".to_string()
                } else {
                    looked.join(", ")
                }
            );
        }
    }
    for o in &r.logs.others {
        out += &format!(
            "  {}   {} (another logs folder, older: not read)\n",
            s.dim("also:"),
            shown(&o.path)
        );
    }
    out
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
