# Before answering initialize: a log notification and a ping it waits on.
import json, sys
from common import default, send, serve
def handle(m):
    if m["method"] == "initialize":
        send({"jsonrpc": "2.0", "method": "notifications/message",
              "params": {"level": "info", "data": "starting"}})
        send({"jsonrpc": "2.0", "id": "srv-ping", "method": "ping"})
        pong = json.loads(sys.stdin.readline())
        if pong != {"jsonrpc": "2.0", "id": "srv-ping", "result": {}}:
            sys.exit(f"bad ping reply: {pong}")
    default(m)
serve(handle)
