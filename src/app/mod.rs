//! The app's own state: what Claude Desktop itself keeps on disk beside the
//! config file (its logs today; installed extensions and policy next), read
//! as data. Independent of the config model and of the probe: this module
//! imports only [`crate::platform`] (the injected host), so the commands can
//! put "what the app recorded" beside "what mcpctl measured".

pub mod logs;
