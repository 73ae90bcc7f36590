#!/usr/bin/env node
// What Node's JSON.parse says about each line of stdin: the table behind
// src/probe/node_json.rs's tests (Claude Desktop parses every stdout line
// of a server with JSON.parse, and logs this message when it fails).
//
//   printf '%s\n' 'Server started' '42 is the answer' | node scripts/node-json-errors.js
//
// Prints `(line, Some(message))` / `(line, None)` rows for the Rust test,
// headed by the Node version that produced them (compare two Nodes by
// running it under each).
const text = require('fs').readFileSync(0, 'utf8');
const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
console.log(`// Node ${process.version}`);
for (const line of lines) {
  let message = null;
  try {
    JSON.parse(line);
  } catch (e) {
    message = e.message;
  }
  const row = message === null ? 'None' : `Some(${JSON.stringify(message)})`;
  console.log(`(${JSON.stringify(line)}, ${row}),`);
}
