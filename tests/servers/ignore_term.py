# Serves, then ignores stdin closing and SIGTERM: only SIGKILL stops it.
import signal, time
from common import serve
signal.signal(signal.SIGTERM, signal.SIG_IGN)
serve()
while True:
    time.sleep(1)
