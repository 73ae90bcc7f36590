# Refuses initialize with a JSON-RPC error.
from common import send, serve
serve(lambda m: send({"jsonrpc": "2.0", "id": m["id"],
                      "error": {"code": -32603, "message": "database unavailable"}}))
