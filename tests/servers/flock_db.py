# One database file, opened exclusively (an flock), as SQLite or LevelDB
# servers do: a second copy waits for it, silently.
#   flock_db.py DB [--after-init] [--flush SECS] [--late METHOD]
# Without --after-init the lock is taken on the first request, whatever it
# is (so a copy that ignores server/discover holds it, saying nothing);
# --late METHOD sleeps 0.3 s first when that request is METHOD (the other
# copy then wins the lock). With --after-init it is taken right after
# answering initialize (server/discover is refused with -32601), and
# --late METHOD sleeps 0.3 s when METHOD is the copy's first request (the
# chat copy's initialize: the sibling, which asks server/discover first,
# then takes the lock before it). --flush
# SECS: on stdin EOF, take that long to exit (the lock held till then).
import fcntl
import json
import sys
import time
from common import record_pid

record_pid()
args = sys.argv[1:]
db = args[0]
after_init = "--after-init" in args
flush = float(args[args.index("--flush") + 1]) if "--flush" in args else 0.0
late = args[args.index("--late") + 1] if "--late" in args else "server/discover"
lock = None
first = True


def take():
    global lock
    lock = open(db, "a+")
    fcntl.flock(lock, fcntl.LOCK_EX)


def send(o):
    sys.stdout.write(json.dumps(o) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    m = json.loads(line)
    method, i = m.get("method"), m.get("id")
    if method == late and (first or not after_init) and lock is None:
        time.sleep(0.3)
    first = False
    if lock is None and not after_init:
        take()
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": i, "result": {
            "protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
            "serverInfo": {"name": "flock-db", "version": "1"}}})
        if after_init and lock is None:
            take()
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": i, "result": {
            "tools": [{"name": "q", "inputSchema": {"type": "object"}}]}})
    elif i is not None and after_init:
        send({"jsonrpc": "2.0", "id": i,
              "error": {"code": -32601, "message": "Method not found"}})
time.sleep(flush)
