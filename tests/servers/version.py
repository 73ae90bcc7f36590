# argv[1] = "old": negotiates 1999-01-01; "modern-only": answers -32022.
import sys
from common import INIT, default, send, serve
def handle(m):
    if m["method"] != "initialize":
        return default(m)
    if sys.argv[1] == "old":
        send({"jsonrpc": "2.0", "id": m["id"], "result": dict(INIT, protocolVersion="1999-01-01")})
    else:
        send({"jsonrpc": "2.0", "id": m["id"], "error": {
            "code": -32022, "message": "Unsupported protocol version",
            "data": {"supported": ["2026-07-28"], "requested": m["params"]["protocolVersion"]}}})
serve(handle)
