# Also speaks 2026-07-28: server/discover and tools/list with _meta.
# argv[1] == "modern-only": refuses initialize with -32022.
import sys
from common import INIT, TOOLS, default, result, send, serve
META = ("io.modelcontextprotocol/protocolVersion", "io.modelcontextprotocol/clientCapabilities")
def handle(m):
    meta = m.get("params", {}).get("_meta", {})
    modern = meta.get(META[0]) == "2026-07-28" and META[1] in meta
    if m["method"] == "server/discover":
        if not modern:
            return send({"jsonrpc": "2.0", "id": m["id"], "error": {"code": -32602, "message": "_meta required"}})
        return result(m["id"], {"resultType": "complete", "supportedVersions": ["2025-11-25", "2026-07-28"],
                                "capabilities": {"tools": {}}, "serverInfo": INIT["serverInfo"]})
    if m["method"] == "initialize" and sys.argv[1:] == ["modern-only"]:
        return send({"jsonrpc": "2.0", "id": m["id"], "error": {
            "code": -32022, "message": "Unsupported protocol version",
            "data": {"supported": ["2026-07-28"], "requested": m["params"]["protocolVersion"]}}})
    if m["method"] == "tools/list" and modern:
        return result(m["id"], {"resultType": "complete", "tools": TOOLS})
    default(m)
serve(handle)
