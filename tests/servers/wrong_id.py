# Answers every request as a good server does, but with another id: by
# default the id as a string ("0" for 0), which the app's client (the MCP
# TypeScript SDK) matches by its number; with `other`, the id plus 1000,
# which no client matches.
import sys

from common import default, serve

other = sys.argv[1:] == ["other"]
serve(lambda m: default(dict(m, id=m["id"] + 1000 if other else str(m["id"]))))
