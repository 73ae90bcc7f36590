# Tools list fine; prompts/list (advertised) answers a JSON-RPC error.
from common import default, send, serve
def handle(m):
    if m["method"] == "prompts/list":
        send({"jsonrpc": "2.0", "id": m["id"],
              "error": {"code": -32603, "message": "prompts broke"}})
    else:
        default(m)
serve(handle)
