# 40 tools with long descriptions: about 13k tokens of tool definitions.
from common import default, result, serve
WORDS = "Look up a record in the inventory and return every field it has. " * 18
TOOLS = [{"name": f"lookup_{i:02}", "description": WORDS,
          "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}}
         for i in range(40)]
serve(lambda m: result(m["id"], {"tools": TOOLS}) if m["method"] == "tools/list" else default(m))
