# A server written for the `mcp` 1.x Python SDK, started where mcp 2.x is
# installed: 2.x has no `mcp.server.fastmcp`, so the import fails for real.
# (A stand-in `mcp` package with `mcp.server` but no `fastmcp` plays 2.0.)
import atexit
import os
import shutil
import sys
import tempfile

from common import record_pid

record_pid()
site = tempfile.mkdtemp(prefix="mcp2-")
atexit.register(shutil.rmtree, site, True)
os.makedirs(os.path.join(site, "mcp", "server"))
for pkg in ("mcp", os.path.join("mcp", "server")):
    open(os.path.join(site, pkg, "__init__.py"), "w").close()
sys.path.insert(0, site)


def main():
    from mcp.server.fastmcp import FastMCP

    FastMCP("weather").run()


main()
