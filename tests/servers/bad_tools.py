# Two pages of tools (nextCursor); one bad name on each page.
from common import default, result, serve
PAGES = {None: ([{"name": "good"}, {"name": "get.weather"}], "p2"),
         "p2": ([{"name": "has space"}, {"name": "fine_too"}], None)}
def handle(m):
    if m["method"] != "tools/list":
        return default(m)
    tools, nxt = PAGES[m.get("params", {}).get("cursor")]
    result(m["id"], dict({"tools": tools}, **({"nextCursor": nxt} if nxt else {})))
serve(handle)
