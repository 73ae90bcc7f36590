//! `mcpctl schema`: print the bundled JSON Schema for
//! claude_desktop_config.json, verbatim (it is JSON, so `--json` prints the
//! same document).

use super::Exit;
use crate::config::schema::SCHEMA_TEXT;
use crate::error::Stop;
use crate::output::Output;

pub fn run(out: &mut Output) -> Result<Exit, Stop> {
    out.write_bytes(SCHEMA_TEXT.as_bytes())?;
    Ok(Exit::Ok)
}
