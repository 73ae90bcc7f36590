#!/usr/bin/env node
// Stages the npm packages of one release, ready for `npm pack` / `npm publish`:
//
//   OUT/mcpctl      the launcher (npm/mcpctl: bin/mcpctl.js + package.json)
//   OUT/<platform>  @mcpctl/<platform>: one native binary in bin/, with the
//                   `os`/`cpu` fields npm uses to install only the matching one
//
// Usage: node npm/stage.js --out DIR [--platform KEY --binary PATH]...
//   KEY is `${process.platform}-${process.arch}` (linux-x64, win32-x64, ...),
//   one of the launcher's optionalDependencies.
//
// Every version, the license, description and repository come from Cargo.toml
// (through `cargo metadata`): the package.json files in npm/ hold 0.0.0 only.
// No package gets an install script: nothing runs or downloads at install time.
"use strict";

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const REPO = path.resolve(__dirname, "..");
const SCOPE = "@mcpctl/";
const LICENSES = ["LICENSE-MIT", "LICENSE-APACHE"];
const NAMES = { linux: "Linux", darwin: "macOS", win32: "Windows" };

function die(message) {
  process.stderr.write(`npm/stage.js: error: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, platforms: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (value === undefined) die(`${argv[i]} needs a value`);
    switch (argv[i]) {
      case "--out":
        opts.out = path.resolve(value);
        break;
      case "--platform":
        opts.platforms.push({ key: value, binary: null });
        break;
      case "--binary": {
        const last = opts.platforms[opts.platforms.length - 1];
        if (!last || last.binary) die("--binary must follow its --platform");
        last.binary = path.resolve(value);
        break;
      }
      default:
        die(`unknown argument ${argv[i]}`);
    }
    i++;
  }
  if (!opts.out) die("--out DIR is required");
  for (const p of opts.platforms) if (!p.binary) die(`--platform ${p.key} needs --binary PATH`);
  return opts;
}

// The [package] fields of Cargo.toml: the one place a version is written.
function cargoPackage() {
  const json = execFileSync(
    process.env.CARGO || "cargo",
    ["metadata", "--no-deps", "--format-version", "1", "--manifest-path", path.join(REPO, "Cargo.toml")],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const pkg = JSON.parse(json).packages.find((p) => p.name === "claude-mcpctl");
  if (!pkg) die("no package `claude-mcpctl` in Cargo.toml");
  return pkg;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function writePackage(dir, manifest, cargo) {
  const full = {
    name: manifest.name,
    version: cargo.version,
    description: manifest.description || cargo.description,
    license: cargo.license,
    repository: { type: "git", url: `git+${cargo.repository}.git` },
    homepage: cargo.homepage || cargo.repository,
    keywords: cargo.keywords,
    ...manifest,
  };
  full.version = cargo.version;
  if (full.scripts) die(`${manifest.name}: package.json must have no scripts (nothing runs at install)`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(full, null, 2) + "\n");
  for (const license of LICENSES) fs.copyFileSync(path.join(REPO, license), path.join(dir, license));
}

function stageLauncher(out, cargo) {
  const src = path.join(__dirname, "mcpctl");
  const dir = path.join(out, "mcpctl");
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(src, "bin", "mcpctl.js"), path.join(dir, "bin", "mcpctl.js"));
  fs.chmodSync(path.join(dir, "bin", "mcpctl.js"), 0o755);
  fs.copyFileSync(path.join(REPO, "README.md"), path.join(dir, "README.md"));
  const manifest = readJson(path.join(src, "package.json"));
  for (const name of Object.keys(manifest.optionalDependencies)) {
    manifest.optionalDependencies[name] = cargo.version;
  }
  writePackage(dir, manifest, cargo);
  return { dir, platforms: Object.keys(manifest.optionalDependencies).map((n) => n.slice(SCOPE.length)) };
}

function stagePlatform(out, cargo, key, binary) {
  const [os, cpu] = key.split("-");
  const exe = os === "win32" ? "mcpctl.exe" : "mcpctl";
  const dir = path.join(out, key);
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(binary, path.join(dir, "bin", exe));
  fs.chmodSync(path.join(dir, "bin", exe), 0o755);
  fs.writeFileSync(
    path.join(dir, "README.md"),
    `# ${SCOPE}${key}\n\nThe mcpctl binary for ${NAMES[os] || os} ${cpu}. ` +
      "Install the `mcpctl` package instead: it depends on this one on this platform only.\n",
  );
  writePackage(
    dir,
    {
      name: SCOPE + key,
      description: `The mcpctl binary for ${NAMES[os] || os} ${cpu} (installed by the mcpctl package)`,
      os: [os],
      cpu: [cpu],
      files: [`bin/${exe}`],
      preferUnplugged: true,
    },
    cargo,
  );
  return dir;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cargo = cargoPackage();
  if (!cargo.repository) die("Cargo.toml has no `repository`");
  fs.mkdirSync(opts.out, { recursive: true });
  const launcher = stageLauncher(opts.out, cargo);
  const dirs = [launcher.dir];
  for (const { key, binary } of opts.platforms) {
    if (!launcher.platforms.includes(key)) {
      die(`unknown platform ${key}; the launcher lists: ${launcher.platforms.join(", ")}`);
    }
    if (!fs.existsSync(binary)) die(`no binary at ${binary}`);
    dirs.push(stagePlatform(opts.out, cargo, key, binary));
  }
  // One staged package folder per line, for the caller to `npm pack`.
  process.stdout.write(dirs.join("\n") + "\n");
}

main();
