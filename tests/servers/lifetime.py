"""Scripted MCP server for tests/process_lifetime.rs (self-contained).

argv[1] is the mode:
  hang        answers nothing, ignores SIGTERM (a server stuck at start)
  double-fork serves normally, after leaving a daemon the classic way: fork,
              setsid, fork again, stdio to /dev/null, SIGTERM ignored
  stdin-only  serves normally, after leaving a setsid()'d child that keeps
              only stdin open (stdout and stderr to /dev/null)
  devnull     serves normally, after leaving a setsid()'d child with all of
              its stdio on /dev/null
Every process records its pid in $PIDFILE. The server answers only once the
process it leaves has recorded its pid, so a test never misses one.
"""
import json
import os
import signal
import sys
import time


def record_pid():
    with open(os.environ["PIDFILE"], "a") as f:
        f.write(f"{os.getpid()}\n")


def to_devnull(fds):
    null = os.open(os.devnull, os.O_RDWR)
    for fd in fds:
        os.dup2(null, fd)


def linger(ready_w):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    record_pid()
    os.write(ready_w, b"x")
    os.close(ready_w)
    while True:
        time.sleep(1)


def leave_behind(mode):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.setsid()
        if mode == "double-fork":
            if os.fork() != 0:
                os._exit(0)
            to_devnull([0, 1, 2])
        elif mode == "stdin-only":
            to_devnull([1, 2])
        else:
            to_devnull([0, 1, 2])
        linger(w)
    os.close(w)
    if mode == "double-fork":
        os.waitpid(pid, 0)
    os.read(r, 1)
    os.close(r)


def serve():
    for line in sys.stdin:
        msg = json.loads(line)
        if "id" not in msg or "method" not in msg:
            continue
        if msg["method"] == "initialize":
            res = {"protocolVersion": "2025-11-25", "capabilities": {},
                   "serverInfo": {"name": "lifetime", "version": "1.0"}}
            out = {"jsonrpc": "2.0", "id": msg["id"], "result": res}
        else:
            out = {"jsonrpc": "2.0", "id": msg["id"],
                   "error": {"code": -32601, "message": "Method not found"}}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


mode = sys.argv[1]
record_pid()
if mode == "hang":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1)
leave_behind(mode)
serve()
