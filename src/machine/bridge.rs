//! A bridge entry's own health, without the network: whether the bridge
//! package (mcp-remote, supergateway) is already on this machine (installed
//! globally, or in npm's npx cache), so its first start does not download
//! it; and whether the `engines.node` its `package.json` declares admits the
//! node the app would run it with. npm's semver ranges are read by the small
//! [`satisfies`] below (`>=`, `^`, `~`, `x`, hyphen ranges, `||`).

use std::path::{Path, PathBuf};

use super::{Finding, System};
use crate::codes::Code;
use crate::config::remote::{self, Remote};
use crate::platform::{HostEnv, Os, windows_join};

/// What was found of a bridge package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub dir: PathBuf,
    pub version: Option<String>,
    pub engines_node: Option<String>,
}

/// npm's cache folder: `npm_config_cache`, else `~/.npm`
/// (`%LOCALAPPDATA%\npm-cache` on Windows).
fn npm_cache(host: &HostEnv) -> Option<PathBuf> {
    if let Some(c) = host
        .var("npm_config_cache")
        .or(host.var("NPM_CONFIG_CACHE"))
    {
        return Some(PathBuf::from(c));
    }
    match host.os {
        Os::Windows => host
            .windows_folder("LOCALAPPDATA", &["AppData", "Local"])
            .map(|l| PathBuf::from(windows_join(&l, &["npm-cache"]))),
        _ => host.home.as_ref().map(|h| host.join(h, &[".npm"])),
    }
}

/// Global `node_modules` folders: beside the node the app would use
/// (`<prefix>/lib/node_modules`), and `%APPDATA%\npm\node_modules`.
fn global_dirs(host: &HostEnv, node: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(node) = node {
        let bin = super::lookup::parent(host.os, node);
        match host.os {
            Os::Windows => out.push(host.join(&bin, &["node_modules"])),
            _ => {
                let prefix = super::lookup::parent(host.os, &bin);
                out.push(host.join(&prefix, &["lib", "node_modules"]));
            }
        }
    }
    if host.os == Os::Windows
        && let Some(a) = host.windows_folder("APPDATA", &["AppData", "Roaming"])
    {
        out.push(PathBuf::from(windows_join(&a, &["npm", "node_modules"])));
    }
    out
}

/// Every copy of `package` on this machine that npx could use.
pub fn find(host: &HostEnv, sys: &dyn System, package: &str, node: Option<&Path>) -> Vec<Found> {
    let mut dirs: Vec<PathBuf> = global_dirs(host, node)
        .into_iter()
        .map(|g| host.join(&g, &[package]))
        .collect();
    if let Some(cache) = npm_cache(host) {
        let npx = host.join(&cache, &["_npx"]);
        for h in sys.list_dir(&npx) {
            dirs.push(host.join(&npx, &[&h, "node_modules", package]));
        }
    }
    dirs.into_iter()
        .filter_map(|dir| {
            let text = sys.read_text(&host.join(&dir, &["package.json"]))?;
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(Found {
                version: v
                    .get("version")
                    .and_then(|x| x.as_str())
                    .map(str::to_string),
                engines_node: v
                    .get("engines")
                    .and_then(|e| e.get("node"))
                    .and_then(|x| x.as_str())
                    .map(str::to_string),
                dir,
            })
        })
        .collect()
}

/// The findings for one bridge entry. `command` is the entry's, `node`
/// and `node_version` what the app would run it with (asked only when a
/// copy of the package states the Node versions it needs: asking runs it).
pub fn check(
    host: &HostEnv,
    sys: &dyn System,
    r: &Remote,
    command: &str,
    node: Option<&Path>,
    node_version: &dyn Fn() -> Option<String>,
) -> Vec<Finding> {
    let Some(b) = r.bridge() else {
        return Vec::new();
    };
    if b.bridge.info().runtime != "node" {
        return Vec::new();
    }
    let package = b.bridge.package();
    let mut out = Vec::new();
    let runner = remote::runner_of(command);
    let found = find(host, sys, package, node);
    if found.is_empty() && runner.is_some() {
        out.push(
            Finding::new(
                Code::BridgeNotCached,
                format!(
                    "{package} is neither installed globally nor in npm's npx cache: the first \
start of this entry downloads it (without network npx hangs silently; a slow download can take \
longer than the app's 60 s)"
                ),
            )
            .hint(format!(
                "install it once (`npm install -g {package}`), or run the entry's command once in a \
terminal to fill npx's cache"
            )),
        );
    }
    // the newest copy decides
    let newest = found.iter().max_by(|a, b| {
        parse_version(a.version.as_deref().unwrap_or("0"))
            .cmp(&parse_version(b.version.as_deref().unwrap_or("0")))
    });
    if let Some(f) = newest
        && let Some(range) = &f.engines_node
        && let Some(have) = node_version()
        && let Some(ok) = satisfies(&have, range)
        && !ok
    {
        out.push(
            Finding::new(
                Code::BridgeNodeTooOld,
                format!(
                    "{package} {} needs node {range}, but the app would run it with node {}{}",
                    f.version.as_deref().unwrap_or("(version unknown)"),
                    have.trim_start_matches('v'),
                    node.map(|n| format!(" ({})", n.display()))
                        .unwrap_or_default()
                ),
            )
            .hint(
                "put a newer node first on the entry's env PATH (`mcpctl doctor --fix` pins your \
shell's when it is newer), or install a newer node where the app looks",
            ),
        );
    }
    out
}

/// `v20.1.0` / `20.1` -> (20, 1, 0).
pub fn parse_version(v: &str) -> (u64, u64, u64) {
    let v = v.trim().trim_start_matches(['v', '=']);
    let core = v.split(['-', '+']).next().unwrap_or("");
    let mut it = core.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
    )
}

/// A partial version: how many parts were given (`18` is 1, `18.2` 2).
fn partial(v: &str) -> Option<((u64, u64, u64), usize)> {
    let v = v.trim().trim_start_matches(['v', '=']);
    if v.is_empty() || v == "*" || v == "x" || v == "X" {
        return Some(((0, 0, 0), 0));
    }
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    let mut nums = Vec::new();
    for p in &parts {
        if matches!(*p, "x" | "X" | "*") {
            break;
        }
        nums.push(p.parse::<u64>().ok()?);
    }
    let n = nums.len();
    nums.resize(3, 0);
    Some(((nums[0], nums[1], nums[2]), n))
}

/// The version after a partial one: `18` -> 19.0.0, `18.2` -> 18.3.0.
fn bump(v: (u64, u64, u64), n: usize) -> (u64, u64, u64) {
    match n {
        1 => (v.0 + 1, 0, 0),
        2 => (v.0, v.1 + 1, 0),
        _ => (v.0, v.1, v.2 + 1),
    }
}

/// Whether `version` satisfies the npm range; `None` when the range is
/// beyond this reader.
pub fn satisfies(version: &str, range: &str) -> Option<bool> {
    let v = parse_version(version);
    let mut any = false;
    for alt in range.split("||") {
        let alt = alt.trim();
        let ok = if let Some((lo, hi)) = alt.split_once(" - ") {
            let (l, _) = partial(lo)?;
            let (h, hn) = partial(hi)?;
            v >= l && if hn == 3 { v <= h } else { v < bump(h, hn) }
        } else {
            let mut all = true;
            // `>= 18` is one comparator: join an operator with its version
            let words: Vec<&str> = alt.split_whitespace().collect();
            let mut i = 0;
            while i < words.len() {
                let mut w = words[i].to_string();
                if matches!(w.as_str(), ">=" | "<=" | ">" | "<" | "=" | "^" | "~")
                    && i + 1 < words.len()
                {
                    i += 1;
                    w.push_str(words[i]);
                }
                all &= comparator(v, &w)?;
                i += 1;
            }
            all
        };
        any |= ok;
    }
    Some(any)
}

fn comparator(v: (u64, u64, u64), c: &str) -> Option<bool> {
    let (op, rest) = [">=", "<=", ">", "<", "=", "^", "~"]
        .iter()
        .find_map(|op| c.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("", c));
    let (p, n) = partial(rest)?;
    Some(match op {
        ">=" => v >= p,
        ">" => {
            if n == 3 {
                v > p
            } else {
                v >= bump(p, n)
            }
        }
        "<=" => {
            if n == 3 {
                v <= p
            } else {
                v < bump(p, n)
            }
        }
        "<" => v < p,
        "^" => {
            let hi = if p.0 > 0 || n <= 1 {
                (p.0 + 1, 0, 0)
            } else if p.1 > 0 || n <= 2 {
                (0, p.1 + 1, 0)
            } else {
                (0, 0, p.2 + 1)
            };
            v >= p && v < hi
        }
        "~" => v >= p && v < bump(p, n.clamp(1, 2)),
        _ => n == 0 || (v >= p && v < bump(p, n.max(1)) && (n < 3 || v == p)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::system::tests::FakeSystem;

    #[test]
    fn npm_ranges() {
        for (v, r, want) in [
            ("v20.1.0", ">=18", true),
            ("v16.20.0", ">=18", false),
            ("v18.17.0", ">=18.18.0 || >=20", false),
            ("v21.0.0", "^18.18.0 || ^20.9.0 || >=21.1.0", false),
            ("v20.10.0", "^18.18.0 || ^20.9.0 || >=21.1.0", true),
            ("v18.2.0", "18.x", true),
            ("v19.0.0", "18.x", false),
            ("v14.1.0", "~14.0", false),
            ("v16.0.0", ">= 14 < 17", true),
            ("v17.0.0", ">= 14 < 17", false),
            ("v22.0.0", "*", true),
            ("v12.5.0", "12.0.0 - 12.4", false),
        ] {
            assert_eq!(satisfies(v, r), Some(want), "{v} {r}");
        }
        assert_eq!(satisfies("v20.0.0", ">=banana"), None);
    }

    fn mac() -> HostEnv {
        HostEnv {
            os: Os::MacOs,
            home: Some(PathBuf::from("/Users/ann")),
            vars: Default::default(),
            cwd: "/".into(),
            non_unicode: Default::default(),
        }
    }

    fn bridge_remote() -> Remote {
        remote::bridge(
            "npx",
            &["-y".into(), "mcp-remote".into(), "https://x.dev/mcp".into()],
            &[],
        )
        .expect("bridge")
    }

    #[test]
    fn a_cached_copy_is_found_and_its_node_range_checked() {
        let sys = FakeSystem::default().text(
            "/Users/ann/.npm/_npx/3d1c/node_modules/mcp-remote/package.json",
            r#"{"name": "mcp-remote", "version": "0.1.37", "engines": {"node": ">=20"}}"#,
        );
        let node = Path::new("/usr/local/bin/node");
        let f = check(&mac(), &sys, &bridge_remote(), "npx", Some(node), &|| {
            Some("v18.19.0".to_string())
        });
        let codes: Vec<&str> = f.iter().map(|f| f.code.id()).collect();
        assert_eq!(codes, ["bridge-node-too-old"]);
        assert!(
            f[0].message.contains("mcp-remote 0.1.37 needs node >=20"),
            "{}",
            f[0].message
        );
        assert!(
            check(&mac(), &sys, &bridge_remote(), "npx", Some(node), &|| Some(
                "v22.1.0".to_string()
            ))
            .is_empty()
        );
    }

    #[test]
    fn nothing_cached_means_a_download_on_first_start() {
        let sys =
            FakeSystem::default().text("/usr/local/lib/node_modules/other/package.json", "{}");
        let f = check(
            &mac(),
            &sys,
            &bridge_remote(),
            "npx",
            Some(Path::new("/usr/local/bin/node")),
            &|| None,
        );
        assert_eq!(
            f.iter().map(|f| f.code.id()).collect::<Vec<_>>(),
            ["bridge-not-cached"]
        );
        // installed globally beside the app's node: fine
        let sys = FakeSystem::default().text(
            "/usr/local/lib/node_modules/mcp-remote/package.json",
            r#"{"version": "0.1.29", "engines": {"node": ">=18"}}"#,
        );
        assert!(
            check(
                &mac(),
                &sys,
                &bridge_remote(),
                "npx",
                Some(Path::new("/usr/local/bin/node")),
                &|| Some("v20.0.0".to_string())
            )
            .is_empty()
        );
    }
}
