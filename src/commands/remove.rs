//! `mcpctl remove`.

use super::{Context, Exit, Failure};

pub fn run(ctx: &Context, _args: &crate::cli::RemoveArgs) -> Result<Exit, Failure> {
    let _ = ctx;
    Err(Failure::new("not implemented yet"))
}
