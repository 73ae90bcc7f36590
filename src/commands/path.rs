//! `mcpctl path`: which config file mcpctl (and Claude Desktop) reads,
//! whether it exists, the rule that chose it, and candidates that exist but
//! are ignored, and where the app's logs are. JSON shape: docs/json/path.md.

use super::Exit;
use crate::app::logs::{self, RealLogFs};
use crate::config::load;
use crate::error::Stop;
use crate::output::Output;
use crate::report::path::PathReport;
use crate::report::{self, Format};
use crate::settings::Global;

pub fn run(g: &Global, out: &mut Output) -> Result<Exit, Stop> {
    let located = load::locate_known(&g.host, g.config.as_deref())?;
    let r = PathReport::new(&located, logs::locate(&g.host, &RealLogFs));
    match g.format {
        Format::Json => out.print(&report::json::render(&r))?,
        Format::Text => out.print(&report::text::path::render(&r, out.style))?,
    }
    Ok(Exit::Ok)
}
