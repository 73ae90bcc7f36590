//! The JSON renderer: any report model as the pretty-printed document of
//! docs/json/ (one per run, on stdout), ending in a newline. The models'
//! `Serialize` is the contract; this module only prints it.

use serde::Serialize;

/// `model` on one line (JSON lines: `logs --follow --json`).
pub fn line<T: Serialize + ?Sized>(model: &T) -> String {
    let mut text = serde_json::to_string(model).unwrap_or_default();
    text.push('\n');
    text
}

/// The document for `model`, with its final newline.
pub fn render<T: Serialize + ?Sized>(model: &T) -> String {
    let mut text = serde_json::to_string_pretty(model).unwrap_or_default();
    text.push('\n');
    text
}
