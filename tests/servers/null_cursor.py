# Ends a listing with `"nextCursor": null`, which the MCP TypeScript SDK's
# client (the app's) rejects: argv[1] names the listing ("tools" or
# "prompts").
import sys
from common import INIT, TOOLS, default, result, serve
which = sys.argv[1]
def handle(m):
    if m["method"] == "tools/list" and which == "tools":
        result(m["id"], {"tools": TOOLS, "nextCursor": None})
    elif m["method"] == "prompts/list" and which == "prompts":
        result(m["id"], {"prompts": [{"name": "p"}], "nextCursor": None})
    else:
        default(m, INIT)
serve(handle)
