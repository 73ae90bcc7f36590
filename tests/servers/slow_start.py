# Slower than the timeout: the reply to initialize (id 0) comes only after
# mcpctl gave up on it and asked again (id 1), then both are answered in
# order, id 0 first. A slow start, not a server that ignores id 0; waiting
# for the second request keeps the test free of timing.
import json
import sys

from common import default, record_pid

record_pid()
held = []
for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg or "method" not in msg:
        continue
    if msg["method"] == "initialize" and len(held) < 2:
        held.append(msg)
        if len(held) == 2:
            for m in held:
                default(m)
        continue
    default(msg)
