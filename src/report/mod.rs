//! Output: human text and JSON. Commands build results; this module turns
//! them into what the user reads.

pub mod style;

pub mod diagnostics;
pub mod diff;
pub mod doctor;
pub mod launch;
