# Starts, says why it cannot go on, and exits 0 (a config file it needs is
# missing): it is an MCP server that gave up, not something else.
import sys
from common import record_pid

record_pid()
print("weather-mcp 1.4.0 starting", file=sys.stderr)
print("Error: config file /etc/weather-mcp/stations.toml not found; nothing to serve", file=sys.stderr)
print("Shutting down.", file=sys.stderr)
sys.exit(0)
