//! Everything about the config file: where it is (`locate`), what it says
//! (`source`, `syntax` → `ast`), whether it is allowed (`schema`), what is
//! likely wrong (`lint`), the servers it declares (`model`), the whole
//! read pipeline (`load`), and changing it safely (`edit` makes a change to
//! the text, `write` puts it on disk atomically with a backup, under
//! `lock` and keeping the file's `owner`); `paste` reads a pasted server
//! snippet (`add-json`), `vars` fills other clients' `${NAME}`s in it.
//! Deciding
//! *what* to change is `plan`'s job, one floor up.

pub mod ast;
pub mod backup;
pub mod diag;
pub mod edit;
pub mod lint;
pub mod load;
pub mod locate;
pub mod lock;
pub mod model;
pub mod owner;
pub mod paste;
pub mod remote;
pub mod schema;
pub mod secrets;
pub mod source;
pub mod syntax;
pub mod vars;
pub mod write;
