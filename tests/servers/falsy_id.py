# Takes id 0 for no id, as `if (!msg.id)` does: the app's initialize (id 0)
# goes unanswered, the same request with id 1 is answered.
import json
import sys

from common import default, record_pid

record_pid()
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("id") and "method" in msg:
        default(msg)
