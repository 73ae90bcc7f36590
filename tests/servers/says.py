# Writes a real tool's stderr (captured from it, see each entry) and exits
# with its code: `says.py KIND`. The cause is never the last line.
import sys
from common import record_pid

SAID = {
    # npm 11.19.1: `npx -y` of a package that does not exist.
    "npm-404": (1, """npm error code E404
npm error 404 Not Found - GET https://registry.npmjs.org/@modelcontextprotocol%2fserver-nonexistent-mcpctl
npm error 404
npm error 404  The requested resource '@modelcontextprotocol/server-nonexistent-mcpctl@*' could not be found or you do not have permission to access it.
npm error 404
npm error 404 Note that you can also install from a
npm error 404 tarball, folder, http url, or git url.
npm error A complete log of this run can be found in: /home/ann/.npm/_logs/2026-11-28T19_25_02_653Z-debug-0.log"""),
    # npm 11.19.1: `npx PACKAGE` (no -y) with npm_config_yes=false and no terminal.
    "npx-no-yes": (1, """npm error npx canceled due to missing packages and no YES option: ["@modelcontextprotocol/server-memory@2026.8.31"]
npm error A complete log of this run can be found in: /home/ann/.npm/_logs/2026-11-28T19_24_09_983Z-debug-0.log"""),
    # docker 28.2.2: `docker run -i --rm mcp/fetch` with no daemon.
    "docker-daemon": (125, """docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?

Run 'docker run --help' for more information"""),
    # Node v20.20.2: `node /Users/ann/mcp/weather/build/index.js` that is not built.
    "node-missing": (1, """node:internal/modules/cjs/loader:1210
  throw err;
  ^

Error: Cannot find module '/Users/ann/mcp/weather/build/index.js'
    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)
    at Module._load (node:internal/modules/cjs/loader:1038:27)
    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)
    at node:internal/main/run_main_module:28:49 {
  code: 'MODULE_NOT_FOUND',
  requireStack: []
}

Node.js v20.20.2"""),
}

code, text = SAID[sys.argv[1]]
record_pid()
sys.stderr.write(text + "\n")
sys.exit(code)
