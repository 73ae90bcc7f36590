//! `mcpctl schema`: print the bundled JSON Schema for
//! claude_desktop_config.json, verbatim (it is JSON, so `--json` prints the
//! same document).

use std::io::Write;

use super::{Context, Exit};
use crate::config::schema::SCHEMA_TEXT;
use crate::error::Error;

pub fn run(ctx: &Context) -> Result<Exit, Error> {
    let _ = ctx;
    let mut out = std::io::stdout().lock();
    out.write_all(SCHEMA_TEXT.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            Error::new(format!("cannot write the schema to stdout: {e}"))
                .hint("redirect it to a file: mcpctl schema > schema.json")
        })?;
    Ok(Exit::Ok)
}
