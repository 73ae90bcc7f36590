# Lists two tools under one name (a leftover definition).
from common import TOOLS, default, serve
def handle(m):
    default(m, tools=TOOLS + [{"name": "echo", "inputSchema": {"type": "object"}}])
serve(handle)
