# Fetches a page over TLS before serving, from a server it runs itself on
# 127.0.0.1 with a certificate of the test CA (tests/fixtures/tls/). Python
# trusts that CA only when SSL_CERT_FILE points at it: without it the fetch
# fails for real (CERTIFICATE_VERIFY_FAILED: unable to get local issuer
# certificate), as behind a proxy whose CA only the user's shell names.
import http.server
import os
import re
import ssl
import sys
import threading
import urllib.request

from common import record_pid, serve

TLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tls")


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


httpd = http.server.HTTPServer(("127.0.0.1", 0), Page)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(os.path.join(TLS, "server.pem"), os.path.join(TLS, "server.key"))
httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
url = f"https://127.0.0.1:{httpd.server_address[1]}/index"
try:
    urllib.request.urlopen(url, timeout=10).read()
except Exception as e:  # noqa: BLE001 - the real error, as a server would log it
    record_pid()
    # `(_ssl.c:1006)` names a line of CPython's source: it changes with the version.
    why = re.sub(r" \(_ssl\.c:\d+\)", "", str(e)).replace(url, "https://127.0.0.1/index")
    print("weather: loading the station index", file=sys.stderr)
    print(f"Error: could not fetch https://127.0.0.1/index: {why}", file=sys.stderr)
    sys.exit(1)
serve()
