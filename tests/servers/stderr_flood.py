# Writes 1 MB to stderr before each answer (a pipe holds ~64 KiB).
import sys
from common import default, serve
def handle(m):
    sys.stderr.write(("log line " + "x" * 90 + "\n") * 10_000)
    sys.stderr.flush()
    default(m)
serve(handle)
