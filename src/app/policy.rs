//! Admin policy: managed settings outside the config file that can switch
//! the file's servers, or extensions, off. Four keys are known:
//! `isLocalDevMcpEnabled` (false: the app ignores the file's servers),
//! `isDesktopExtensionEnabled`, `isDesktopExtensionSignatureRequired` and
//! `managedMcpServers`.
//!
//! Where the OS keeps them:
//! - macOS: the managed preferences domain `com.anthropic.claudefordesktop`,
//!   i.e. `/Library/Managed Preferences/<user>/com.anthropic.claudefordesktop.plist`
//!   (user scope) and `/Library/Managed Preferences/com.anthropic.claudefordesktop.plist`
//!   (device scope), read one key at a time with `plutil -extract KEY json`
//!   (a binary plist needs no parser here, and one key holding a date cannot
//!   spoil the others). `defaults read com.anthropic.claudefordesktop`
//!   would read the user's own, unmanaged domain instead.
//! - Windows: `HKLM\SOFTWARE\Policies\Claude` and `HKCU\...`, read by
//!   parsing `reg query` output rather than with a registry crate behind
//!   `cfg(windows)`: no new dependency, and the parser is unit-tested on
//!   every OS with recorded output (the crate path could only be tested on
//!   Windows).
//! - Linux: nothing (no official app, no policy store).
//!
//! Precedence when both scopes set a key is not documented by the app;
//! mcpctl takes the machine-wide one on Windows (HKLM, as Windows policy
//! usually does) and the user scope on macOS (as managed preferences do),
//! and says so when they disagree.
//!
//! The I/O is behind [`PolicyRunner`]; reading the outputs and turning the
//! policy into findings are pure. Custom-inference mode's separate
//! `Claude-3p` data folder is detected here too ([`third_party`]).

use crate::codes::Code;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use super::extensions::Extension;
use super::folders::AppFolders;
use crate::machine::{Finding, Level};
use crate::platform::{HostEnv, Os};

pub const LOCAL_SERVERS: &str = "isLocalDevMcpEnabled";
pub const EXTENSIONS: &str = "isDesktopExtensionEnabled";
pub const SIGNATURE_REQUIRED: &str = "isDesktopExtensionSignatureRequired";
pub const MANAGED_SERVERS: &str = "managedMcpServers";
/// The keys mcpctl reads, in report order.
pub const KEYS: &[&str] = &[
    LOCAL_SERVERS,
    EXTENSIONS,
    SIGNATURE_REQUIRED,
    MANAGED_SERVERS,
];

/// The macOS managed preferences domain.
pub const MACOS_DOMAIN: &str = "com.anthropic.claudefordesktop";
/// The Windows policy key, under HKLM and HKCU.
pub const WINDOWS_KEY: &str = r"SOFTWARE\Policies\Claude";

/// A value as the store holds it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum RawValue {
    /// REG_DWORD / REG_QWORD.
    Int(i64),
    /// REG_SZ and friends.
    Text(String),
    /// A plist value, as `plutil` renders it in JSON.
    Json(Json),
}

/// The values found in one place.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reading {
    /// Where: a registry key (`HKLM\SOFTWARE\Policies\Claude`) or a plist path.
    pub source: String,
    /// Known keys only, as named in [`KEYS`].
    pub values: Vec<(String, RawValue)>,
}

/// What the policy tools need from the outside world.
pub trait PolicyRunner {
    /// Run a program; its stdout when it exits 0, else None.
    fn run(&self, program: &str, args: &[&str]) -> Option<String>;
    fn exists(&self, path: &Path) -> bool;
}

/// The real runner: no shell, stdin closed, killed after `timeout`.
#[derive(Debug, Clone, Copy)]
pub struct RealRunner {
    pub timeout: Duration,
}

impl Default for RealRunner {
    fn default() -> RealRunner {
        RealRunner {
            timeout: Duration::from_secs(3),
        }
    }
}

impl PolicyRunner for RealRunner {
    fn run(&self, program: &str, args: &[&str]) -> Option<String> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // read while it runs, so a large value cannot fill the pipe and
        // stall it until the deadline
        let mut stdout = child.stdout.take()?;
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
        });
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return None;
                }
            }
        };
        let out = reader.join().ok()?.ok()?;
        status
            .success()
            .then(|| String::from_utf8_lossy(&out).into_owned())
    }
    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// Where policy is read from on this host, in precedence order (first
/// wins), whether or not anything is there.
pub fn places(host: &HostEnv) -> Vec<String> {
    match host.os {
        Os::MacOs => {
            let file = format!("{MACOS_DOMAIN}.plist");
            let mut v = Vec::new();
            if let Some(user) = user_name(host) {
                v.push(format!("/Library/Managed Preferences/{user}/{file}"));
            }
            v.push(format!("/Library/Managed Preferences/{file}"));
            v
        }
        Os::Windows => vec![
            format!(r"HKLM\{WINDOWS_KEY}"),
            format!(r"HKCU\{WINDOWS_KEY}"),
        ],
        Os::Linux => Vec::new(),
    }
}

fn user_name(host: &HostEnv) -> Option<String> {
    host.var("USER").map(str::to_string).or_else(|| {
        host.home
            .as_ref()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    })
}

/// Read every place (the edge, through `runner`). Places with nothing
/// there are left out.
pub fn read(host: &HostEnv, runner: &dyn PolicyRunner) -> Vec<Reading> {
    let mut out = Vec::new();
    for place in places(host) {
        let values = match host.os {
            Os::MacOs => {
                if !runner.exists(Path::new(&place)) {
                    continue;
                }
                KEYS.iter()
                    .filter_map(|k| {
                        let text = runner.run(
                            "/usr/bin/plutil",
                            &["-extract", k, "json", "-o", "-", &place],
                        )?;
                        Some((k.to_string(), parse_plutil_json(&text)?))
                    })
                    .collect()
            }
            Os::Windows => {
                let reg = host
                    .var("SystemRoot")
                    .map(|r| format!(r"{}\System32\reg.exe", r.trim_end_matches('\\')))
                    .unwrap_or_else(|| "reg".to_string());
                match runner.run(&reg, &["query", &place]) {
                    Some(text) => parse_reg_query(&text),
                    None => continue,
                }
            }
            Os::Linux => continue,
        };
        if !values.is_empty() {
            out.push(Reading {
                source: place,
                values,
            });
        }
    }
    out
}

/// One value from `plutil -extract KEY json -o - FILE`.
pub fn parse_plutil_json(text: &str) -> Option<RawValue> {
    serde_json::from_str(text.trim()).ok().map(RawValue::Json)
}

/// The known values in `reg query KEY` output (value names are
/// case-insensitive, like the registry). Lines look like
/// `    isLocalDevMcpEnabled    REG_DWORD    0x0`.
pub fn parse_reg_query(text: &str) -> Vec<(String, RawValue)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("    ") else {
            continue; // the key's own line, blank lines, subkeys
        };
        let Some(at) = rest.find("    REG_") else {
            continue;
        };
        let name = rest[..at].trim();
        let after = &rest[at + 4..];
        let (kind, data) = match after.split_once("    ") {
            Some((k, d)) => (k, d.trim_end_matches('\r')),
            None => (after.trim_end_matches('\r'), ""),
        };
        let Some(key) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let value = match kind {
            "REG_DWORD" | "REG_QWORD" => {
                let hex = data.trim().trim_start_matches("0x");
                match i64::from_str_radix(hex, 16) {
                    Ok(n) => RawValue::Int(n),
                    Err(_) => RawValue::Text(data.to_string()),
                }
            }
            _ => RawValue::Text(data.to_string()),
        };
        out.push((key.to_string(), value));
    }
    out
}

/// A setting and where it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Setting<T> {
    pub value: T,
    pub from: String,
}

/// The admin-managed servers, as far as mcpctl can read them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Managed {
    /// Their names; None when the value's shape is not understood.
    pub names: Option<Vec<String>>,
    pub from: String,
}

/// The effective policy.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Policy {
    /// Where mcpctl looked, in precedence order.
    pub looked_in: Vec<String>,
    pub local_servers: Option<Setting<bool>>,
    pub extensions: Option<Setting<bool>>,
    pub signature_required: Option<Setting<bool>>,
    pub managed_servers: Option<Managed>,
    /// What could not be read or disagreed between places.
    pub findings: Vec<Finding>,
}

/// Combine the readings (in precedence order: first wins) into the policy.
pub fn resolve(looked_in: Vec<String>, readings: &[Reading]) -> Policy {
    let mut p = Policy {
        looked_in,
        ..Policy::default()
    };
    for key in [LOCAL_SERVERS, EXTENSIONS, SIGNATURE_REQUIRED] {
        let mut chosen: Option<Setting<bool>> = None;
        for r in readings {
            let Some((_, raw)) = r.values.iter().find(|(k, _)| k == key) else {
                continue;
            };
            let Some(b) = as_bool(raw) else {
                p.findings.push(
                    Finding::new(Code::PolicyValueUnreadable,
                        format!("`{key}` in {} is {}, which is neither true nor false", r.source, shown(raw)),
                    )
                    .hint("how the app reads such a value is unknown; ask the administrator to set 0/1 or true/false"),
                );
                continue;
            };
            match &chosen {
                None => {
                    chosen = Some(Setting {
                        value: b,
                        from: r.source.clone(),
                    })
                }
                Some(c) if c.value != b => p.findings.push(Finding::new(
                    Code::PolicyConflict,
                    format!(
                        "`{key}` is {} in {} but {b} in {}: mcpctl takes {}'s value",
                        c.value, c.from, r.source, c.from
                    ),
                )),
                Some(_) => {}
            }
        }
        match key {
            LOCAL_SERVERS => p.local_servers = chosen,
            EXTENSIONS => p.extensions = chosen,
            _ => p.signature_required = chosen,
        }
    }
    p.managed_servers = readings.iter().find_map(|r| {
        let (_, raw) = r.values.iter().find(|(k, _)| k == MANAGED_SERVERS)?;
        Some(Managed {
            names: managed_names(raw),
            from: r.source.clone(),
        })
    });
    p
}

fn as_bool(v: &RawValue) -> Option<bool> {
    match v {
        RawValue::Int(0) => Some(false),
        RawValue::Int(1) => Some(true),
        RawValue::Json(Json::Bool(b)) => Some(*b),
        RawValue::Json(Json::Number(n)) => as_bool(&RawValue::Int(n.as_i64()?)),
        RawValue::Text(s) | RawValue::Json(Json::String(s)) => {
            match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            }
        }
        _ => None,
    }
}

fn shown(v: &RawValue) -> String {
    match v {
        RawValue::Int(n) => n.to_string(),
        RawValue::Text(s) => format!("{s:?}"),
        RawValue::Json(j) => j.to_string(),
    }
}

/// Server names from a `managedMcpServers` value: a JSON list of objects
/// with `name`, or an object by name (given as JSON text or as the value).
fn managed_names(v: &RawValue) -> Option<Vec<String>> {
    let json = match v {
        RawValue::Text(s) | RawValue::Json(Json::String(s)) => serde_json::from_str(s).ok()?,
        RawValue::Json(j) => j.clone(),
        RawValue::Int(_) => return None,
    };
    match json {
        Json::Array(items) => items
            .iter()
            .map(|i| i.get("name").and_then(Json::as_str).map(str::to_string))
            .collect(),
        Json::Object(map) => Some(map.keys().cloned().collect()),
        _ => None,
    }
}

/// What the policy means for this config and these extensions.
pub fn findings(policy: &Policy, config_servers: usize, extensions: &[Extension]) -> Vec<Finding> {
    let mut out = policy.findings.clone();
    let enabled: Vec<&Extension> = extensions.iter().filter(|e| e.enabled).collect();
    let ask = "only the administrator can change it; nothing in the config file can";
    if let Some(s) = policy.local_servers.as_ref().filter(|s| !s.value) {
        let (level, what) = match config_servers {
            0 => (
                Level::Note,
                "the app would ignore any server added to the config file".to_string(),
            ),
            1 => (
                Level::Error,
                "the app ignores the 1 server in the config file".to_string(),
            ),
            n => (
                Level::Error,
                format!("the app ignores every server in the config file (all {n})"),
            ),
        };
        out.push(
            Finding::new(Code::PolicyLocalServersOff,
                format!("the admin policy disables local MCP servers ({LOCAL_SERVERS} = false in {}): {what}", s.from),
            )
            .at_level(level)
            .hint(ask),
        );
    }
    if let Some(s) = policy.extensions.as_ref().filter(|s| !s.value) {
        let level = if enabled.is_empty() {
            Level::Note
        } else {
            Level::Error
        };
        out.push(
            Finding::new(Code::PolicyExtensionsOff,
                format!(
                    "the admin policy disables Desktop Extensions ({EXTENSIONS} = false in {}): the app runs none of the {} enabled extension(s)",
                    s.from,
                    enabled.len()
                ),
            )
            .at_level(level)
            .hint(ask),
        );
    }
    if let Some(s) = policy.signature_required.as_ref().filter(|s| s.value) {
        let refused: Vec<String> = enabled
            .iter()
            .filter(|e| !e.signature.satisfies_policy())
            .map(|e| format!("`{}` ({})", e.id, e.signature.as_str()))
            .collect();
        let (level, what) = if refused.is_empty() {
            (Level::Note, "every enabled extension is signed".to_string())
        } else {
            (
                Level::Error,
                format!("the app will not run {}", refused.join(", ")),
            )
        };
        out.push(
            Finding::new(Code::PolicySignatureRequired,
                format!("the admin policy requires signed extensions ({SIGNATURE_REQUIRED} = true in {}): {what}", s.from),
            )
            .at_level(level)
            .hint("install a signed build of those extensions, or ask the administrator"),
        );
    }
    if let Some(m) = &policy.managed_servers {
        let message = match &m.names {
            Some(n) if !n.is_empty() => format!(
                "the admin policy adds {} server(s) of its own ({MANAGED_SERVERS} in {}): {}",
                n.len(),
                m.from,
                n.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(_) => format!(
                "the admin policy sets {MANAGED_SERVERS} in {}, with no servers",
                m.from
            ),
            None => format!(
                "the admin policy sets {MANAGED_SERVERS} in {}, in a shape mcpctl does not read",
                m.from
            ),
        };
        out.push(Finding::new(Code::PolicyManagedServers, message));
    }
    out
}

/// Custom-inference mode's data folder, when it exists beside the app's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ThirdParty {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub dir: PathBuf,
    /// Its own `claude_desktop_config.json`, when it has one.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub config: Option<PathBuf>,
}

/// Detect the `Claude-3p` folder beside the data folder.
pub fn third_party(folders: &AppFolders, exists: &dyn Fn(&Path) -> bool) -> Option<ThirdParty> {
    let dir = folders.third_party_dir.clone().filter(|d| exists(d))?;
    let config = folders.third_party_config().filter(|c| exists(c));
    Some(ThirdParty { dir, config })
}

/// A note that the app may be reading another config file.
pub fn third_party_finding(tp: &ThirdParty) -> Finding {
    let message = match &tp.config {
        Some(c) => format!(
            "custom-inference mode keeps its own config at {}: when the app runs in that mode it reads that file, not this one",
            c.display()
        ),
        None => format!(
            "{} exists (custom-inference mode's data folder): in that mode the app keeps its own config there",
            tp.dir.display()
        ),
    };
    Finding::new(Code::ThirdPartyConfig, message)
        .hint("check that one with `mcpctl --config PATH doctor` if the app runs in that mode")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::extensions::{FileText, Signature};
    use std::collections::BTreeMap;

    /// Canned outputs by program + args.
    struct Fake {
        out: BTreeMap<String, String>,
        files: Vec<String>,
    }

    impl PolicyRunner for Fake {
        fn run(&self, program: &str, args: &[&str]) -> Option<String> {
            self.out
                .get(&format!("{program} {}", args.join(" ")))
                .cloned()
        }
        fn exists(&self, path: &Path) -> bool {
            self.files.iter().any(|f| Path::new(f) == path)
        }
    }

    fn host(os: Os, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, Some("/Users/ann"), vars)
    }

    const REG_HKLM: &str = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\r\n    isLocalDevMcpEnabled    REG_DWORD    0x0\r\n    IsDesktopExtensionSignatureRequired    REG_SZ    true\r\n    managedMcpServers    REG_SZ    [{\"name\":\"corp-search\",\"url\":\"https://x\"}]\r\n    other    REG_SZ    x\r\n    emptyOne    REG_SZ\r\n\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\\Sub\r\n";
    const REG_HKCU: &str = "\nHKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude\n    isLocalDevMcpEnabled    REG_DWORD    0x1\n    isDesktopExtensionEnabled    REG_SZ    maybe\n\n";

    #[test]
    fn reg_query_output_is_parsed() {
        let v = parse_reg_query(REG_HKLM);
        assert_eq!(
            v,
            [
                (LOCAL_SERVERS.to_string(), RawValue::Int(0)),
                (
                    SIGNATURE_REQUIRED.to_string(),
                    RawValue::Text("true".into())
                ),
                (
                    MANAGED_SERVERS.to_string(),
                    RawValue::Text("[{\"name\":\"corp-search\",\"url\":\"https://x\"}]".into())
                ),
            ]
        );
    }

    #[test]
    fn windows_reads_hklm_then_hkcu_and_hklm_wins() {
        let h = host(Os::Windows, &[("SystemRoot", r"C:\Windows")]);
        let reg = r"C:\Windows\System32\reg.exe";
        let fake = Fake {
            out: [
                (
                    format!(r"{reg} query HKLM\SOFTWARE\Policies\Claude"),
                    REG_HKLM.to_string(),
                ),
                (
                    format!(r"{reg} query HKCU\SOFTWARE\Policies\Claude"),
                    REG_HKCU.to_string(),
                ),
            ]
            .into_iter()
            .collect(),
            files: vec![],
        };
        let readings = read(&h, &fake);
        assert_eq!(readings.len(), 2);
        let p = resolve(places(&h), &readings);
        assert_eq!(
            p.local_servers.as_ref().map(|s| (s.value, s.from.as_str())),
            Some((false, r"HKLM\SOFTWARE\Policies\Claude"))
        );
        assert_eq!(p.signature_required.as_ref().map(|s| s.value), Some(true));
        assert_eq!(p.extensions, None, "an unreadable value sets nothing");
        let codes: Vec<_> = p.findings.iter().map(|f| f.code.id()).collect();
        assert_eq!(codes, ["policy-conflict", "policy-value-unreadable"]);
        assert_eq!(
            p.managed_servers.as_ref().and_then(|m| m.names.clone()),
            Some(vec!["corp-search".to_string()])
        );
    }

    #[test]
    fn macos_reads_user_scope_first_key_by_key() {
        let h = host(Os::MacOs, &[("USER", "ann")]);
        let user = "/Library/Managed Preferences/ann/com.anthropic.claudefordesktop.plist";
        let device = "/Library/Managed Preferences/com.anthropic.claudefordesktop.plist";
        assert_eq!(places(&h), [user, device]);
        let cmd = |k: &str, f: &str| format!("/usr/bin/plutil -extract {k} json -o - {f}");
        let fake = Fake {
            out: [
                (cmd(EXTENSIONS, device), "false\n".to_string()),
                (cmd(EXTENSIONS, user), "true\n".to_string()),
                (
                    cmd(MANAGED_SERVERS, device),
                    "{\"a\":{},\"b\":{}}".to_string(),
                ),
            ]
            .into_iter()
            .collect(),
            files: vec![user.into(), device.into()],
        };
        let p = resolve(places(&h), &read(&h, &fake));
        assert_eq!(
            p.extensions.as_ref().map(|s| (s.value, s.from.as_str())),
            Some((true, user))
        );
        assert_eq!(
            p.managed_servers.and_then(|m| m.names),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(p.findings.len(), 1, "the disagreement is said");
    }

    #[cfg(unix)]
    #[test]
    fn the_real_runner_returns_stdout_only_on_success() {
        let r = RealRunner::default();
        assert_eq!(r.run("sh", &["-c", "echo 0x1"]).as_deref(), Some("0x1\n"));
        assert_eq!(r.run("sh", &["-c", "echo x; exit 1"]), None);
        assert_eq!(r.run("/no/such/program", &[]), None);
        let big = r
            .run("sh", &["-c", "head -c 200000 /dev/zero"])
            .expect("a large output");
        assert_eq!(big.len(), 200_000);
        let quick = RealRunner {
            timeout: Duration::from_millis(200),
        };
        let t = Instant::now();
        assert_eq!(quick.run("sh", &["-c", "exec sleep 5"]), None);
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "killed at the deadline"
        );
    }

    #[test]
    fn linux_reads_nothing() {
        let h = host(Os::Linux, &[]);
        assert!(places(&h).is_empty());
        let fake = Fake {
            out: BTreeMap::new(),
            files: vec![],
        };
        assert!(read(&h, &fake).is_empty());
        assert_eq!(resolve(places(&h), &[]), Policy::default());
    }

    fn ext(id: &str, enabled: bool, signature: Signature) -> Extension {
        let folders = AppFolders::in_data_dir(Os::Linux, Path::new("/d"));
        let mut e = Extension::assemble(
            &folders,
            id,
            None,
            &crate::app::extensions::Folder::Present,
            FileText::Missing,
            FileText::Missing,
        );
        e.enabled = enabled;
        e.signature = signature;
        e
    }

    fn setting(value: bool) -> Option<Setting<bool>> {
        Some(Setting {
            value,
            from: r"HKLM\SOFTWARE\Policies\Claude".into(),
        })
    }

    #[test]
    fn findings_say_what_the_app_will_ignore() {
        let p = Policy {
            local_servers: setting(false),
            extensions: setting(false),
            signature_required: setting(true),
            managed_servers: Some(Managed {
                names: Some(vec!["corp".into()]),
                from: "HKLM".into(),
            }),
            ..Policy::default()
        };
        let exts = [
            ext("a", true, Signature::Signed),
            ext("b", true, Signature::Unsigned),
            ext("c", true, Signature::SelfSigned),
            ext("d", false, Signature::Unsigned),
        ];
        let f = findings(&p, 3, &exts);
        let got: Vec<(&str, Level)> = f.iter().map(|f| (f.code.id(), f.level)).collect();
        assert_eq!(
            got,
            [
                ("policy-local-servers-off", Level::Error),
                ("policy-extensions-off", Level::Error),
                ("policy-signature-required", Level::Error),
                ("policy-managed-servers", Level::Note),
            ]
        );
        assert_eq!(
            f[0].message,
            r"the admin policy disables local MCP servers (isLocalDevMcpEnabled = false in HKLM\SOFTWARE\Policies\Claude): the app ignores every server in the config file (all 3)"
        );
        assert!(
            f[1].message
                .ends_with("the app runs none of the 3 enabled extension(s)"),
            "{}",
            f[1].message
        );
        assert!(
            f[2].message
                .ends_with("the app will not run `b` (unsigned), `c` (self-signed)"),
            "{}",
            f[2].message
        );
        // nothing to ignore: notes only
        let f = findings(&p, 0, &[]);
        assert!(f.iter().all(|f| f.level == Level::Note), "{f:?}");
        // policies that allow everything say nothing
        let p = Policy {
            local_servers: setting(true),
            extensions: setting(true),
            signature_required: setting(false),
            ..Policy::default()
        };
        assert!(findings(&p, 3, &exts).is_empty());
    }

    #[test]
    fn values_read_as_booleans() {
        for (raw, want) in [
            (RawValue::Int(0), Some(false)),
            (RawValue::Int(1), Some(true)),
            (RawValue::Int(2), None),
            (RawValue::Text("TRUE".into()), Some(true)),
            (RawValue::Json(Json::from(0)), Some(false)),
            (RawValue::Json(Json::from("false")), Some(false)),
            (RawValue::Json(Json::Null), None),
        ] {
            assert_eq!(as_bool(&raw), want, "{raw:?}");
        }
        assert_eq!(managed_names(&RawValue::Text("nope".into())), None);
        assert_eq!(
            managed_names(&RawValue::Json(serde_json::json!([{"x": 1}]))),
            None
        );
    }

    #[test]
    fn claude_3p_is_detected_beside_the_data_folder() {
        let folders = AppFolders::for_config(
            Os::MacOs,
            Path::new("/Users/ann/Library/Application Support/Claude/claude_desktop_config.json"),
        );
        let dir = "/Users/ann/Library/Application Support/Claude-3p";
        let cfg = "/Users/ann/Library/Application Support/Claude-3p/claude_desktop_config.json";
        assert_eq!(third_party(&folders, &|_| false), None);
        let tp = third_party(&folders, &|p| p == Path::new(dir)).expect("folder");
        assert_eq!(tp.config, None);
        let tp =
            third_party(&folders, &|p| p == Path::new(dir) || p == Path::new(cfg)).expect("both");
        assert_eq!(tp.config.as_deref(), Some(Path::new(cfg)));
        assert!(
            third_party_finding(&tp)
                .message
                .contains("reads that file, not this one")
        );
    }
}
