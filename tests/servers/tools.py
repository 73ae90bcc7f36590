# A server with tools to call (`mcpctl call`, `test-launch --tools`):
# descriptions of several shapes (one line, several lines, none, one with
# a terminal escape), and tools that answer with text, with other content,
# with isError, with an env value, or that die or stall mid-call.
import os
import sys
import time

from common import INIT, default, record_pid, result, send, serve

TOOLS = [
    {"name": "echo", "description": "Say the text back", "inputSchema": {"type": "object"}},
    {"name": "forecast",
     "description": "\n  Tomorrow's weather for a city.\n\n  Args:\n    city: the city name\n",
     "inputSchema": {"type": "object"}},
    {"name": "paint", "description": "Paint it \x1b[31mred\x1b[0m", "inputSchema": {"type": "object"}},
    {"name": "picture", "inputSchema": {"type": "object"}},
    {"name": "fail", "description": "Always fails", "inputSchema": {"type": "object"}},
    {"name": "whoami", "description": "Shows the API key it was given", "inputSchema": {"type": "object"}},
    {"name": "crash", "description": "Dies while working", "inputSchema": {"type": "object"}},
    {"name": "stall", "description": "Never answers", "inputSchema": {"type": "object"}},
]


def text(*parts):
    return {"content": [{"type": "text", "text": p} for p in parts]}


def call(msg):
    name = msg["params"]["name"]
    args = msg["params"].get("arguments", {})
    id = msg["id"]
    if name == "echo":
        result(id, text(args.get("text", "")))
    elif name == "forecast":
        send({"jsonrpc": "2.0", "method": "notifications/progress",
              "params": {"progressToken": 1, "progress": 0.5}})
        result(id, {"content": [{"type": "text", "text": f"{args.get('city', '?')}: sunny, 21 °C"}],
                    "structuredContent": {"city": args.get("city"), "temp_c": 21}})
    elif name == "paint":
        result(id, text("\x1b[2J\x1b[31mred\x1b[0m"))
    elif name == "picture":
        result(id, {"content": [
            {"type": "image", "data": "iVBORw0KGgoAAAANSUhEUg==", "mimeType": "image/png"},
            {"type": "resource_link", "uri": "file:///srv/report.pdf", "name": "report.pdf",
             "mimeType": "application/pdf"},
        ], "structuredContent": {"width": 1, "height": 1}})
    elif name == "fail":
        result(id, {"content": [{"type": "text", "text": "city not found: Atlantis"}], "isError": True})
    elif name == "whoami":
        result(id, text(f"your key is {os.environ.get('API_KEY', '(none)')}"))
    elif name == "crash":
        print("Fatal error: out of memory while rendering", file=sys.stderr, flush=True)
        os._exit(3)
    elif name == "stall":
        time.sleep(3600)


def handle(msg):
    if msg["method"] == "tools/call":
        call(msg)
    else:
        init = dict(INIT, capabilities={"tools": {}})
        default(msg, init=init, tools=TOOLS)


serve(handle)
