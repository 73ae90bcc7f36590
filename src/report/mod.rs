//! Output: human text and JSON. Commands build results; this module turns
//! them into what the user reads.

use crate::commands::{Context, Failure};

pub mod style;

/// Print a command failure: to stderr as text (`error: ...` + `hint: ...`),
/// or with `--json` as `{"error": {"message", "hint"}}` on stdout.
pub fn print_failure(ctx: &Context, failure: &Failure) {
    if ctx.json {
        let v = serde_json::json!({
            "error": { "message": failure.message, "hint": failure.hint }
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        eprintln!("{} {}", ctx.err.red("error:"), failure.message);
        if let Some(h) = &failure.hint {
            eprintln!("  {} {}", ctx.err.cyan("hint:"), h);
        }
    }
}

pub mod diagnostics;
pub mod diff;
pub mod doctor;
pub mod launch;
