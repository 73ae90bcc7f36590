# Exits unless WIDGET_MODE is set, without naming it: only the ranking of
# the variables the user's shell has points at the cause.
import os
import sys
from common import record_pid, serve

if not os.environ.get("WIDGET_MODE"):
    record_pid()
    sys.exit("error: bad configuration")
serve()
