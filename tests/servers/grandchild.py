# Leaves a grandchild behind holding stdout. argv[1] == "setsid": the
# grandchild leaves the process group (and ignores SIGTERM).
import os, signal, sys, time
from common import record_pid, serve
if os.fork() == 0:
    if sys.argv[1:] == ["setsid"]:
        os.setsid()
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    record_pid()
    while True:
        time.sleep(1)
serve()
