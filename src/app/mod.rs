//! The app's own state, beside and around the config file: what Claude
//! Desktop itself keeps on disk, read as data. The Desktop Extensions it
//! installed (`extensions`: inventory, what each would run, manifest lint),
//! the admin policy that can switch servers off (`policy`), where those
//! files live per OS (`folders`), mcpctl's side file of disabled entries
//! (`disabled`), the app replacing the config with a preferences-only stub
//! (`wipe`), the portable export of the servers (`export`), and its logs (`logs`: folder -> files -> lines read from the
//! end -> events -> each server's last session). `state` reads all of it
//! beside one config file for a command.
//!
//! Reads files and runs the OS's policy tools only at thin edges; every rule
//! is a pure function tested with an injected OS. Sits beside `config`
//! (which it uses for parsing, positions, diagnostics and format-preserving
//! edits) and below `commands`, which wires it into `list`, `logs`,
//! `doctor`, `test-launch`, `disable`/`enable` and `restore --merge-servers`.
//! Never imports `probe`: the commands put "what the app recorded" beside
//! "what mcpctl measured".

pub mod disabled;
pub mod export;
pub mod extensions;
pub mod folders;
pub mod logs;
pub mod policy;
pub mod state;
pub mod wipe;

#[cfg(test)]
mod fixture_tests;
