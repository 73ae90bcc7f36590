//! Deciding what to change, above what is (`config`, `machine`) and
//! below what the user sees (`report`): the repair planner behind
//! `doctor --fix` (`repair`) and the resolution of what `add` was given
//! into what the app can run (`resolve`). Pure: the file's text, the
//! machine's answers and the disk come in; a plan comes out. Writing the
//! plan is `config::write`'s job, confirming it the command's.

pub mod repair;
pub mod resolve;
