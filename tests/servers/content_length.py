# Speaks LSP-style Content-Length framing.
import json, sys
from common import INIT, serve
def handle(msg):
    body = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": INIT})
    sys.stdout.write(f"Content-Length: {len(body)}\r\n\r\n{body}")
    sys.stdout.flush()
serve(handle)
