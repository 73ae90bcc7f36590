# Answers with the id as a string ("0" for 0).
from common import INIT, send, serve
serve(lambda m: send({"jsonrpc": "2.0", "id": str(m["id"]), "result": INIT}))
