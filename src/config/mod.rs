//! Everything about the config file: where it is (`locate`), what it says
//! (`source`, `syntax` → `ast`), whether it is allowed (`schema`), what is
//! likely wrong (`lint`), and changing it safely (`edit`, `write`).

pub mod ast;
pub mod diag;
pub mod source;
