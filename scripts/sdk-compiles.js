#!/usr/bin/env node
// Whether the MCP TypeScript SDK's client compiles each `outputSchema` on
// stdin (one JSON document per line), as `Client.listTools()` does before
// it hands the app any tool: the table behind src/probe/ajv.rs's tests.
//
//   MCP_SDK=target/test-servers/npm/node_modules/@modelcontextprotocol/sdk \
//     node scripts/sdk-compiles.js < schemas.jsonl
//
// Prints `(schema, Some(message))` / `(schema, None)` rows for the Rust
// test, headed by the SDK version that produced them.
const path = require('path');
const sdk = path.resolve(process.env.MCP_SDK ||
  'target/test-servers/npm/node_modules/@modelcontextprotocol/sdk');
const { AjvJsonSchemaValidator } = require(path.join(sdk, 'dist/cjs/validation/ajv-provider.js'));
const version = require(path.join(sdk, 'package.json')).version;
const text = require('fs').readFileSync(0, 'utf8');
console.log(`// @modelcontextprotocol/sdk ${version}`);
for (const line of text.split('\n').filter((l) => l.trim())) {
  let message = null;
  try {
    // a fresh validator each time: an `$id` compiled once stays cached
    new AjvJsonSchemaValidator().getValidator(JSON.parse(line));
  } catch (e) {
    message = e.message;
  }
  const row = message === null ? 'None' : `Some(${JSON.stringify(message)})`;
  console.log(`(${JSON.stringify(line)}, ${row}),`);
}
