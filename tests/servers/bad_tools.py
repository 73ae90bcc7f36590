# Two pages of tools (nextCursor); one bad name on each page.
from common import default, result, serve
OBJ = {"type": "object"}
PAGES = {None: ([{"name": "good", "inputSchema": OBJ}, {"name": "get.weather", "inputSchema": OBJ}], "p2"),
         "p2": ([{"name": "has space", "inputSchema": OBJ}, {"name": "fine_too", "inputSchema": OBJ}], None)}
def handle(m):
    if m["method"] != "tools/list":
        return default(m)
    tools, nxt = PAGES[m.get("params", {}).get("cursor")]
    result(m["id"], dict({"tools": tools}, **({"nextCursor": nxt} if nxt else {})))
serve(handle)
