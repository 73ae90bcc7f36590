//! `mcpctl list`: the servers a config declares (name, command, args, env
//! keys), env values masked unless `--show-secrets`, with the entries
//! `mcpctl disable` set aside and the Desktop Extensions beside the file
//! (read beside the given file with `--config`). A file with errors still
//! lists what could be recovered and says so; with no file at the path,
//! the extensions and disabled entries beside it are listed all the same. JSON shape:
//! docs/json/list.md, docs/json/inventory.md.

use super::Exit;
use super::app_state::Beside;
use crate::error::Stop;
use crate::output::Output;
use crate::report::list::ListReport;
use crate::report::{self, Format};
use crate::settings::{Global, List};

pub fn run(g: &Global, s: &List, out: &mut Output) -> Result<Exit, Stop> {
    let Beside {
        loaded,
        app,
        no_file,
    } = super::app_state::load_beside(&g.host, g.config.as_deref())?;
    if !s.show_secrets {
        out.hide(&loaded.secrets());
    }
    let mut r = ListReport::new(&loaded, &app, s.show_secrets);
    r.no_file = no_file;
    match g.format {
        Format::Json => out.json(&r)?,
        Format::Text => {
            out.print(&report::text::list::render(&r, out.style))?;
            if let Some(note) = report::text::list::errors_note(&r, out.err_style) {
                out.eprint(&note)?;
            }
            out.eprint(&report::text::list::warnings(&r, out.err_style))?;
        }
    }
    Ok(if r.errors > 0 {
        Exit::Problems
    } else {
        Exit::Ok
    })
}
