//! mcpctl's end-to-end suite, one test binary (`cargo test --test e2e`):
//! each module is one area and drives the real `mcpctl` binary in a
//! sandbox (see `support`), mostly through snapshots of what a user sees
//! (`tests/e2e/snapshots/`, reviewed with `cargo insta review`; see
//! docs/testing.md). The library-level tests of the syntax pass and the
//! editor live here too, as modules of the same binary.

#[macro_use]
mod support;

mod add_json;
mod app_state;
mod ci;
mod cli_edges;
mod cli_foundation;
mod columns;
mod completions;
mod disable;
mod doctor;
mod edit;
mod export;
mod interactive;
mod inventory;
mod lanes;
#[cfg(unix)]
mod logs;
mod messages_config;
mod messages_server;
mod probe;
mod process_lifetime;
mod real_servers;
mod real_world_configs;
mod release_workflow;
mod remote;
mod robust;
mod syntax;
mod tools_call;
