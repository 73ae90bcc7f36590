#!/usr/bin/env node
// The `mcpctl` command of the npm package: finds the native mcpctl binary in
// the platform package npm installed beside this one (an optionalDependency
// whose `os`/`cpu` fields match this machine: no install script, no download)
// and runs it with the same arguments, stdio and exit status.
"use strict";

const { spawn } = require("child_process");
const path = require("path");

// One platform package per `${process.platform}-${process.arch}`, named
// @mcpctl/<platform>: the optionalDependencies of ../package.json are the list
// (tests/e2e/release_workflow.rs checks each has a build job in the release workflow).
const SCOPE = "@mcpctl/";
const PLATFORMS = Object.keys(require("../package.json").optionalDependencies || {})
  .filter((name) => name.startsWith(SCOPE))
  .map((name) => name.slice(SCOPE.length));

// Said like mcpctl's own errors; exit 2 as mcpctl does when it cannot run.
function fail(message, hint) {
  process.stderr.write(`error: ${message}\n  hint: ${hint}\n`);
  process.exit(2);
}

function binaryPath() {
  const key = `${process.platform}-${process.arch}`;
  if (!PLATFORMS.includes(key)) {
    fail(
      `no prebuilt mcpctl binary for this platform (${key}); ` +
        `prebuilt: ${PLATFORMS.join(", ")}`,
      "build it from source with a Rust toolchain: cargo install claude-mcpctl --locked",
    );
  }
  const pkg = SCOPE + key;
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(
      `the package ${pkg}, which holds the mcpctl binary for ${key}, is not installed`,
      "it is an optional dependency of mcpctl: install again without " +
        "--omit=optional / --no-optional / --ignore-optional (e.g. `npm install mcpctl`), " +
        "and keep the lockfile from another OS out of the way",
    );
  }
  return path.join(dir, "bin", process.platform === "win32" ? "mcpctl.exe" : "mcpctl");
}

function run() {
  const exe = binaryPath();
  const child = spawn(exe, process.argv.slice(2), { stdio: "inherit" });

  // The child owns the terminal; this process only waits for it. A signal sent
  // to this process alone (a process manager, `kill`) reaches mcpctl too, so it
  // can stop the servers it launched before it exits.
  const forward = (signal) => {
    if (process.platform !== "win32" && child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, forward);

  child.on("error", (err) => {
    fail(
      `could not run ${exe}: ${err.message}`,
      "reinstall it (npm install mcpctl), or build it from source: cargo install claude-mcpctl --locked",
    );
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      // End the same way mcpctl did, so a caller sees the same status.
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 2 : code);
  });
}

run();
