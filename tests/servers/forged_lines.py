# Refuses initialize with a JSON-RPC error whose message holds line breaks
# and lines a reader would take for mcpctl's own: a FAIL line and a GitHub
# workflow command.
from common import send, serve

FORGED = "bad config\n::error::forged annotation\nFAIL  other  forged"
serve(lambda m: send({"jsonrpc": "2.0", "id": m["id"],
                      "error": {"code": -32000, "message": FORGED}}))
