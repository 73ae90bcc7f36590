# Exits unless FIXTURE_TOKEN is set (a variable only the shell has); with
# `reject` as argv[1] it exits otherwise when it is set (a token the
# server refuses), which is not the same failure.
import os, sys
from common import record_pid, serve
if not os.environ.get("FIXTURE_TOKEN"):
    record_pid()
    sys.exit("error: FIXTURE_TOKEN is not set")
if sys.argv[1:] == ["reject"]:
    record_pid()
    sys.stderr.write("error: Bad credentials\n")
    sys.exit(2)
serve()
