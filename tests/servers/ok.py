# A healthy server. argv[1] (optional): seconds to sleep before serving.
import sys, time
from common import log, serve
log("start")
if len(sys.argv) > 1:
    time.sleep(float(sys.argv[1]))
serve()
