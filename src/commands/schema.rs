//! `mcpctl schema`.

use super::{Context, Exit, Failure};

pub fn run(ctx: &Context) -> Result<Exit, Failure> {
    let _ = ctx;
    Err(Failure::new("not implemented yet"))
}
