# A tool whose outputSchema holds a Python regular expression (`\Z`) that
# JavaScript's RegExp refuses: the app's client compiles every outputSchema
# when it lists tools, and fails the whole listing on it.
from common import INIT, default, result, serve

TOOLS = [
    {"name": "fine", "inputSchema": {"type": "object"}},
    {"name": "digits", "inputSchema": {"type": "object"},
     "outputSchema": {"type": "object",
                      "properties": {"n": {"type": "string", "pattern": "^\\d+\\Z"}}}},
]


def handle(msg):
    if msg["method"] == "tools/call":
        result(msg["id"], {"content": [{"type": "text", "text": "1"}]})
    else:
        default(msg, init=dict(INIT, capabilities={"tools": {}}), tools=TOOLS)


serve(handle)
