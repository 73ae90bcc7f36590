//! `mcpctl --json completions SHELL` as a report: the shell and its
//! completion script (docs/json/completions.md).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionsReport {
    /// `bash`, `zsh`, `fish`, `powershell` or `elvish`.
    pub shell: &'static str,
    /// The script, exactly what `mcpctl completions SHELL` prints.
    pub script: String,
}
