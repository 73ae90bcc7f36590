//! The health-check engine: launch a server as Claude Desktop does (spawn),
//! speak newline-delimited JSON-RPC to it (framing), run the MCP handshake
//! and listings (handshake), and classify what happened (verdict).
pub mod env;
