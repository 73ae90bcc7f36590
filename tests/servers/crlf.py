# Ends every line with CRLF.
from common import default, serve
serve(lambda m: default(m, end="\r\n"))
