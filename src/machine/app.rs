//! Claude Desktop itself: where it is installed (if anywhere) and whether
//! it is running (the folders to ask `platform::running` about), per OS,
//! as rules over the injected host and [`System`].
//! Where it keeps its logs is the log engine's to say (`app::logs::locate`,
//! which knows every folder the app has used): the command hands the folder
//! in ([`super::Survey::with_logs`]), so `doctor`, `path` and `logs` agree.

use std::path::PathBuf;

use super::lookup::{Searcher, find};
use super::{Finding, System, tilde};
use crate::codes::Code;
use crate::platform::{HostEnv, Os, windows_join};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppStatus {
    /// Where the app was found; None when it is not installed (or not
    /// where mcpctl looks).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub installed: Option<PathBuf>,
    /// Where mcpctl looked, for the "not found" message.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub looked_in: Vec<PathBuf>,
    /// Whether it is running (its single-instance lock is held); None when
    /// that cannot be told.
    pub running: Option<bool>,
    /// The app's logs folder (`mcp.log`, `mcp-server-NAME.log`), as
    /// `app::logs::locate` found it; None until the command hands it in.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub logs_dir: Option<PathBuf>,
    pub logs_exist: bool,
}

fn windows_dir(base: &str, rest: &[&str]) -> PathBuf {
    PathBuf::from(windows_join(base, rest))
}

/// The MSIX package folders `%LOCALAPPDATA%\Packages\Claude_*`.
fn msix_packages(host: &HostEnv, sys: &dyn System) -> Vec<PathBuf> {
    let Some(local) = host.windows_folder("LOCALAPPDATA", &["AppData", "Local"]) else {
        return Vec::new();
    };
    let packages = windows_dir(&local, &["Packages"]);
    let mut names: Vec<String> = sys
        .list_dir(&packages)
        .into_iter()
        .filter(|n| n.starts_with("Claude_"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| windows_dir(&packages.to_string_lossy(), &[&n]))
        .collect()
}

/// The places the app may be installed, in the order they are checked.
pub fn install_candidates(host: &HostEnv, sys: &dyn System) -> Vec<PathBuf> {
    match host.os {
        Os::MacOs => {
            let mut v = vec![PathBuf::from("/Applications/Claude.app")];
            if let Some(h) = &host.home {
                v.push(host.join(h, &["Applications", "Claude.app"]));
            }
            v
        }
        Os::Windows => {
            let mut v = Vec::new();
            if let Some(local) = host.windows_folder("LOCALAPPDATA", &["AppData", "Local"]) {
                v.push(windows_dir(&local, &["AnthropicClaude"]));
            }
            v.extend(msix_packages(host, sys));
            v
        }
        Os::Linux => {
            let mut v = vec![
                PathBuf::from("/usr/bin/claude-desktop"),
                PathBuf::from("/usr/local/bin/claude-desktop"),
                PathBuf::from("/opt/Claude/claude-desktop"),
                PathBuf::from("/usr/lib/claude-desktop"),
            ];
            if let Some(h) = &host.home {
                v.push(host.join(h, &[".local", "bin", "claude-desktop"]));
            }
            v
        }
    }
}

fn find_install(host: &HostEnv, sys: &dyn System) -> (Option<PathBuf>, Vec<PathBuf>) {
    let candidates = install_candidates(host, sys);
    if host.os == Os::Linux
        && let Some(p) = find(
            sys,
            host.os,
            "claude-desktop",
            host.var("PATH").unwrap_or(""),
            Searcher::Shell { pathext: None },
        )
    {
        return (Some(p), candidates);
    }
    let hit = candidates
        .iter()
        .find(|c| sys.is_dir(c) || sys.is_file(c))
        .cloned();
    (hit, candidates)
}

/// The data folders whose app would be this host's Claude Desktop, where
/// its single-instance lock sits (`platform::running`): Linux builds use
/// `$XDG_CONFIG_HOME/Claude` when the variable is set at the app's start,
/// else `~/.config/Claude`; macOS `~/Library/Application Support/Claude`;
/// each beside its `Claude-3p`, custom-inference mode's folder. Windows
/// needs none (a Toolhelp snapshot).
pub fn data_dirs(host: &HostEnv) -> Vec<PathBuf> {
    let Some(home) = &host.home else {
        return Vec::new();
    };
    let bases: Vec<PathBuf> = match host.os {
        Os::Windows => return Vec::new(),
        Os::MacOs => vec![host.join(home, &["Library", "Application Support"])],
        Os::Linux => {
            let mut v: Vec<PathBuf> = host
                .var("XDG_CONFIG_HOME")
                .filter(|x| x.starts_with('/'))
                .map(PathBuf::from)
                .into_iter()
                .collect();
            let dot = host.join(home, &[".config"]);
            if !v.contains(&dot) {
                v.push(dot);
            }
            v
        }
    };
    bases
        .iter()
        .flat_map(|b| [host.join(b, &["Claude"]), host.join(b, &["Claude-3p"])])
        .collect()
}

pub fn detect(host: &HostEnv, sys: &dyn System) -> AppStatus {
    let (installed, looked_in) = find_install(host, sys);
    let running = sys.app_running(host.os, &data_dirs(host)).as_bool();
    AppStatus {
        installed,
        looked_in,
        running,
        logs_dir: None,
        logs_exist: false,
    }
}

fn join_list(host: &HostEnv, paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| tilde(host, p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Notes about the app (never problems: a config can be checked on a
/// machine without the app).
pub fn findings(host: &HostEnv, app: &AppStatus) -> Vec<Finding> {
    let mut out = Vec::new();
    if app.installed.is_none() {
        out.push(
            Finding::new(
                Code::AppNotFound,
                format!(
                    "Claude Desktop was not found (looked in {})",
                    join_list(host, &app.looked_in)
                ),
            )
            .hint(install_hint(host)),
        );
    }
    if app.running == Some(true) {
        out.push(
            Finding::new(
                Code::AppRunning,
                "Claude Desktop is running: it reads the config only when it starts, \
                 and rewrites the whole file from memory",
            )
            .hint("quit the app completely (not just the window) before editing, and reopen it afterwards"),
        );
    }
    out
}

/// Where to get the app: claude.ai/download, except on Linux, which has
/// no official build (unofficial ones read `$XDG_CONFIG_HOME/Claude`, else
/// `~/.config/Claude`).
fn install_hint(host: &HostEnv) -> String {
    if host.os != Os::Linux {
        return "install it from claude.ai/download; mcpctl can check a config without the app"
            .into();
    }
    let read = data_dirs(host)
        .first()
        .map_or_else(|| "~/.config/Claude".to_string(), |d| tilde(host, d));
    format!(
        "Claude Desktop has no official Linux build (claude.ai/download offers macOS and \
Windows); unofficial builds read the config in {read}; mcpctl can check a config without the app"
    )
}

/// Where the app's logs are (a note), when the folder exists.
pub fn logs_finding(host: &HostEnv, app: &AppStatus) -> Option<Finding> {
    let logs = app.logs_dir.as_ref().filter(|_| app.logs_exist)?;
    Some(
        Finding::new(
            Code::AppLogs,
            format!("the app's logs are in {}", tilde(host, logs)),
        )
        .hint(format!(
            "`mcpctl logs` shows what the app recorded of each server's last start: the \
             command and PATH it used, why it stopped, its stderr ({} and mcp-server-NAME.log)",
            tilde(host, &host.join(logs, &["mcp.log"]))
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::system::tests::FakeSystem;
    use crate::platform::running::Running;

    fn host(os: Os, home: &str, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, Some(home), vars)
    }

    #[test]
    fn macos_finds_the_app_in_the_user_applications_folder() {
        let mut sys = FakeSystem::default();
        sys.add_dir("/Users/ann/Applications/Claude.app/Contents");
        sys.add_dir("/Users/ann/Library/Logs/Claude");
        sys.app = Some(Running::Yes("pid 311".into()));
        let h = host(Os::MacOs, "/Users/ann", &[]);
        let app = detect(&h, &sys);
        assert_eq!(
            app.installed,
            Some(PathBuf::from("/Users/ann/Applications/Claude.app"))
        );
        // the lock is looked for in the app's data folders only
        assert_eq!(
            *sys.app_dirs.lock().unwrap(),
            [
                PathBuf::from("/Users/ann/Library/Application Support/Claude"),
                PathBuf::from("/Users/ann/Library/Application Support/Claude-3p"),
            ]
        );
        assert_eq!(app.running, Some(true));
        assert!(!app.logs_exist, "the log engine locates the logs");
        let f = findings(&h, &app);
        let codes: Vec<_> = f.iter().map(|f| f.code.id()).collect();
        assert_eq!(codes, ["app-running"]);
        let mut app = app;
        app.logs_dir = Some(PathBuf::from("/Users/ann/Library/Logs/Claude"));
        assert!(logs_finding(&h, &app).is_none(), "not there");
        app.logs_exist = true;
        let f = logs_finding(&h, &app).expect("a note");
        assert!(
            f.hint
                .as_deref()
                .unwrap()
                .contains("~/Library/Logs/Claude/mcp.log")
        );
    }

    #[test]
    fn windows_finds_the_msix_package() {
        let mut sys = FakeSystem::default();
        let pkg = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc";
        sys.add_dir(&format!(r"{pkg}\LocalCache\Roaming\Claude\logs"));
        sys.app = Some(Running::Yes("claude.exe".into()));
        let h = host(
            Os::Windows,
            r"C:\Users\ann",
            &[
                ("LOCALAPPDATA", r"C:\Users\ann\AppData\Local"),
                ("APPDATA", r"C:\Users\ann\AppData\Roaming"),
            ],
        );
        let app = detect(&h, &sys);
        assert_eq!(app.installed, Some(PathBuf::from(pkg)));
        assert_eq!(app.running, Some(true));
    }

    /// Without the folder variables (a cleared environment) the places
    /// are the default folders under the profile, and the note names them.
    #[test]
    fn windows_without_localappdata_looks_under_the_profile() {
        let sys = FakeSystem::default();
        let h = host(Os::Windows, r"C:\Users\ann", &[]);
        let app = detect(&h, &sys);
        assert_eq!(
            app.looked_in,
            vec![PathBuf::from(r"C:\Users\ann\AppData\Local\AnthropicClaude")]
        );
        let f = findings(&h, &app);
        assert!(
            f[0].message.contains(r"AppData\Local\AnthropicClaude)"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn linux_not_installed_asks_both_data_folders() {
        let sys = FakeSystem::default();
        let h = host(
            Os::Linux,
            "/home/ann",
            &[("PATH", "/usr/bin"), ("XDG_CONFIG_HOME", "/home/ann/.cfg")],
        );
        let app = detect(&h, &sys);
        assert_eq!(app.installed, None);
        assert_eq!(app.running, Some(false));
        // both folders an app may have started with
        let asked = sys.app_dirs.lock().unwrap().clone();
        assert_eq!(
            asked,
            [
                "/home/ann/.cfg/Claude",
                "/home/ann/.cfg/Claude-3p",
                "/home/ann/.config/Claude",
                "/home/ann/.config/Claude-3p"
            ]
            .map(PathBuf::from)
        );
        let f = findings(&h, &app);
        assert_eq!(f[0].code, Code::AppNotFound);
        assert!(f[0].message.contains("/usr/bin/claude-desktop"));
    }

    /// The hint of `app-not-found` on a machine without the app.
    fn install_hint_on(h: &HostEnv) -> String {
        let app = detect(h, &FakeSystem::default());
        let f = findings(h, &app);
        assert_eq!(f[0].code, Code::AppNotFound);
        f[0].hint.clone().unwrap_or_default()
    }

    const DOWNLOAD: &str =
        "install it from claude.ai/download; mcpctl can check a config without the app";

    /// Claude Desktop has no official Linux build: the note says so and
    /// names the folder unofficial builds read, not the download page.
    #[test]
    fn linux_says_there_is_no_official_build() {
        let hint = install_hint_on(&host(Os::Linux, "/home/ann", &[("PATH", "/usr/bin")]));
        assert_eq!(
            hint,
            "Claude Desktop has no official Linux build (claude.ai/download offers macOS and \
Windows); unofficial builds read the config in ~/.config/Claude; mcpctl can check a config \
without the app"
        );
        let xdg = install_hint_on(&host(
            Os::Linux,
            "/home/ann",
            &[("XDG_CONFIG_HOME", "/home/ann/.cfg")],
        ));
        assert!(xdg.contains("read the config in ~/.cfg/Claude;"), "{xdg}");
    }

    #[test]
    fn macos_is_sent_to_the_download_page() {
        assert_eq!(
            install_hint_on(&host(Os::MacOs, "/Users/ann", &[])),
            DOWNLOAD
        );
    }

    #[test]
    fn windows_is_sent_to_the_download_page() {
        assert_eq!(
            install_hint_on(&host(Os::Windows, r"C:\Users\ann", &[])),
            DOWNLOAD
        );
    }

    #[test]
    fn linux_finds_claude_desktop_on_path_and_an_unreadable_lock() {
        let mut sys = FakeSystem::with_files(&["/opt/bin/claude-desktop"]);
        sys.app = Some(Running::Unknown);
        let h = host(Os::Linux, "/home/ann", &[("PATH", "/opt/bin")]);
        let app = detect(&h, &sys);
        assert_eq!(
            app.installed,
            Some(PathBuf::from("/opt/bin/claude-desktop"))
        );
        assert_eq!(app.running, None);
    }
}
