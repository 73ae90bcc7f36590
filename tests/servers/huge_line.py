# Answers initialize with one 12 MiB line.
from common import INIT, result, serve
serve(lambda m: result(m["id"], dict(INIT, instructions="x" * (12 * 1024 * 1024))))
