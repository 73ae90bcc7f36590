# Closes its stdout before answering and stays alive, reading nothing:
# a server whose output went elsewhere (a daemonising library, a bad
# redirect). It ends only on a signal.
import os
import time
from common import record_pid
record_pid()
os.close(1)
while True:
    time.sleep(60)
