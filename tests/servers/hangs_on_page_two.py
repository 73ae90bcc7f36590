# Answers tools/list's first page with a nextCursor, then never the page
# that cursor asks for.
import time

from common import default, result, serve


def handle(m):
    if m["method"] != "tools/list":
        return default(m)
    if (m.get("params") or {}).get("cursor"):
        time.sleep(3600)
    result(m["id"], {"tools": [{"name": "a", "inputSchema": {"type": "object"}}], "nextCursor": "p2"})


serve(handle)
