# A server whose tools/call results Claude Desktop's MCP client (the
# TypeScript SDK's Client.callTool) refuses, so the model gets an error:
# `video` answers a content type the SDK does not know; `typed` declares an
# outputSchema and returns structuredContent that breaks it; `untyped`
# declares one and returns none; `fine` is a correct typed answer.
from common import INIT, default, result, serve

SCHEMA = {"type": "object", "properties": {"a": {"type": "number"}}, "required": ["a"]}
TOOLS = [
    {"name": "video", "inputSchema": {"type": "object"}},
    {"name": "typed", "inputSchema": {"type": "object"}, "outputSchema": SCHEMA},
    {"name": "untyped", "inputSchema": {"type": "object"}, "outputSchema": SCHEMA},
    {"name": "fine", "inputSchema": {"type": "object"}, "outputSchema": SCHEMA},
]


def handle(msg):
    if msg["method"] == "tools/call":
        name, id = msg["params"]["name"], msg["id"]
        if name == "video":
            result(id, {"content": [{"type": "video", "url": "x"}, {"type": "text", "text": "clip"}]})
        elif name == "typed":
            result(id, {"content": [{"type": "text", "text": "a is one"}],
                        "structuredContent": {"a": "one"}})
        elif name == "untyped":
            result(id, {"content": [{"type": "text", "text": "1"}]})
        else:
            result(id, {"content": [{"type": "text", "text": "1"}], "structuredContent": {"a": 1}})
    else:
        default(msg, init=dict(INIT, capabilities={"tools": {}}), tools=TOOLS)


serve(handle)
