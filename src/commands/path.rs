//! `mcpctl path`: which config file mcpctl (and Claude Desktop) reads,
//! whether it exists (and whether mcpctl can use what is there), the rule
//! that chose it, and candidates that exist but
//! are ignored; where the app's logs are; and where the app's own state
//! beside it is read from (extensions, their settings, mcpctl's side file;
//! with `--config`, beside the given file) and where the admin policy is
//! read. JSON shape: docs/json/path.md.

use super::Exit;
use crate::app::folders::AppFolders;
use crate::app::logs::{self, RealLogFs};
use crate::app::policy;
use crate::config::load;
use crate::config::source::{self, ReadError};
use crate::error::Stop;
use crate::output::Output;
use crate::report::path::{Locations, PathReport, Unusable};
use crate::report::{self, Format};
use crate::settings::Global;

pub fn run(g: &Global, out: &mut Output) -> Result<Exit, Stop> {
    let located = load::locate_known(&g.host, g.config.as_deref())?;
    // a folder is no config file (every other command says so too)
    if located.path.is_dir() {
        return Err(load::LoadError::Folder {
            located: Box::new(located),
        }
        .into());
    }
    let folders = AppFolders::for_config(g.host.os, &located.path);
    let places = Locations::new(&folders, policy::places(&g.host), &|p| p.exists());
    // what `add` (and every reader) would refuse is said here, not "no"
    // (a file there that cannot be opened, for its permissions, is as
    // unusable as a folder)
    let checked = source::check_path(&located.path).and_then(|()| {
        std::fs::File::open(&located.path)
            .map(drop)
            .map_err(ReadError::Io)
    });
    let unusable = match checked {
        Ok(()) | Err(ReadError::NotFound) => None,
        Err(e) => Some(Unusable {
            message: e.message(&located.path),
            hint: e.hint().to_string(),
        }),
    };
    let logs = logs::locate(&g.host, &RealLogFs);
    let r = PathReport::new(&located, unusable, logs, places);
    match g.format {
        Format::Json => out.json(&r)?,
        Format::Text => out.print(&report::text::path::render(&r, out.style))?,
    }
    Ok(Exit::Ok)
}
