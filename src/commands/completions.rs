//! `mcpctl completions`.

use super::{Context, Exit, Failure};

pub fn run(ctx: &Context, _args: &crate::cli::CompletionsArgs) -> Result<Exit, Failure> {
    let _ = ctx;
    Err(Failure::new("not implemented yet"))
}
