# Pretty-prints its replies over several lines.
import json, sys
from common import INIT, serve
def handle(m):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": m["id"], "result": INIT}, indent=2) + "\n")
    sys.stdout.flush()
serve(handle)
