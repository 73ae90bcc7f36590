# Prints argv[1] on stdout before serving (a print, a dotenv banner, ...).
import sys
from common import serve
print(sys.argv[1], flush=True)
serve()
