"""Shared core of the scripted MCP servers used by tests/e2e/probe/.

Each fixture is a few lines on top of `serve`. Every process a fixture
starts appends its pid to $PIDFILE so the tests can check none survives.
"""
import json
import os
import sys

INIT = {
    "protocolVersion": "2025-11-25",
    "capabilities": {"tools": {}, "prompts": {}},
    "serverInfo": {"name": "fixture", "version": "1.0"},
}
TOOLS = [{"name": "echo", "inputSchema": {"type": "object"}},
         {"name": "add", "inputSchema": {"type": "object"}}]


def record_pid(pid=None):
    path = os.environ.get("PIDFILE")
    if path:
        with open(path, "a") as f:
            f.write(f"{pid or os.getpid()}\n")


def log(event):
    """Append `NAME event` to $EVENTLOG (the concurrency test reads it)."""
    path = os.environ.get("EVENTLOG")
    if path:
        with open(path, "a") as f:
            f.write(f"{os.environ.get('NAME', '?')} {event}\n")


def send(msg, end="\n"):
    sys.stdout.write(json.dumps(msg) + end)
    sys.stdout.flush()


def result(id, res, end="\n"):
    send({"jsonrpc": "2.0", "id": id, "result": res}, end)


def default(msg, init=INIT, tools=TOOLS, end="\n"):
    m, id = msg["method"], msg["id"]
    if m == "initialize":
        result(id, init, end)
    elif m == "tools/list":
        result(id, {"tools": tools}, end)
    elif m == "prompts/list":
        log("end")  # before the last reply: mcpctl frees its slot after it
        result(id, {"prompts": [{"name": "p"}]}, end)
    elif m == "resources/list":
        result(id, {"resources": []}, end)
    else:
        send({"jsonrpc": "2.0", "id": id,
              "error": {"code": -32601, "message": "Method not found"}}, end)


def serve(handle=default):
    """Answer requests until stdin closes; `handle(msg)` answers one."""
    record_pid()
    for line in sys.stdin:
        msg = json.loads(line)
        if "id" in msg and "method" in msg:
            handle(msg)
