//! The app's own state, beside the config: Claude Desktop's logs
//! (`mcp.log`, `mcp-server-NAME.log`), its Desktop Extensions and the
//! policy that governs them. Reserved: the modules land here (`logs/`,
//! `extensions/`, `policy`), on the floor of `config` and `machine`. They
//! may use `platform` and `config`, never `probe`, `report` or `commands`
//! (see docs/architecture.md).
