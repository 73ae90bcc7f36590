# Starts a child that inherits stdout (and records its pid), says why it
# gives up on stderr, and exits with code 1 before reading anything: the
# pipe stays open while the child lives, so no end of output comes.
import os, sys, time
from common import record_pid
if os.fork() == 0:
    record_pid()
    time.sleep(3600)
    os._exit(0)
print("fatal: config file /etc/srv.toml not found", file=sys.stderr, flush=True)
os._exit(1)
