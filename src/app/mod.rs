//! The app's own state, beside and around the config file: the Desktop
//! Extensions it installed (`extensions`: inventory, what each would run,
//! manifest lint), the admin policy that can switch servers off (`policy`),
//! where those files live per OS (`folders`), mcpctl's side file of
//! disabled entries (`disabled`), and the app replacing the config with a
//! preferences-only stub (`wipe`).
//!
//! Reads files and runs the OS's policy tools only at thin edges; every rule
//! is a pure function tested with an injected OS. Sits beside `config`
//! (which it uses for parsing, positions, diagnostics and format-preserving
//! edits) and below `commands`, which wires it into `list`, `doctor`,
//! `test-launch`, `disable`/`enable` and `restore --merge-servers`.

pub mod disabled;
pub mod extensions;
pub mod folders;
pub mod policy;
pub mod wipe;

#[cfg(test)]
mod fixture_tests;
