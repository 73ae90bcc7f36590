# Never answers argv[1] (default: initialize); answers what comes before.
import sys, time
from common import default, serve
stall = sys.argv[1] if len(sys.argv) > 1 else "initialize"
def handle(msg):
    if msg["method"] == stall:
        time.sleep(3600)
    default(msg)
serve(handle)
