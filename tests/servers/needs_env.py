# Exits unless FIXTURE_TOKEN is set (a variable only the shell has).
import os, sys
from common import record_pid, serve
if not os.environ.get("FIXTURE_TOKEN"):
    record_pid()
    sys.exit("error: FIXTURE_TOKEN is not set")
serve()
