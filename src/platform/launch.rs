//! The environment Claude Desktop gives a server, as data: one profile per
//! OS (which variables pass through, what PATH the app uses, the working
//! directory), from the evidence in the field notes. When the app changes,
//! correct the table here. Pure: the host and the folder listing are
//! injected. On the platform floor because the lint (the app's PATH), the
//! machine survey and the probe (the launch environment) all read it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::platform::{HostEnv, Os};

/// How the app builds a server's PATH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRule {
    /// The app's own fixed PATH (macOS: GUI apps get launchd's PATH, not the
    /// shell's; seen in `mcp.log`).
    Fixed(&'static str),
    /// Passed through from the environment the app was started with.
    Inherit,
}

/// What Claude Desktop does on one OS.
#[derive(Debug, Clone, Copy)]
pub struct AppProfile {
    pub os: Os,
    /// Variables inherited from the app's environment (the MCP TypeScript
    /// SDK's `getDefaultEnvironment`); the entry's `env` is added on top.
    pub inherit: &'static [&'static str],
    pub path: PathRule,
    /// The app prepends every `~/.nvm/versions/node/*/bin`, in lexical
    /// order (modelcontextprotocol/mcpb#130).
    pub nvm_prepend: bool,
    /// Working directory servers start in.
    pub cwd: &'static str,
    /// Where this profile's facts come from.
    pub evidence: &'static str,
}

const UNIX_INHERIT: &[&str] = &["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"];

pub const MACOS: AppProfile = AppProfile {
    os: Os::MacOs,
    inherit: UNIX_INHERIT,
    path: PathRule::Fixed("/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"),
    nvm_prepend: true,
    cwd: "/",
    evidence: "MCP TypeScript SDK default environment; PATH as logged in ~/Library/Logs/Claude/mcp.log",
};

pub const LINUX: AppProfile = AppProfile {
    os: Os::Linux,
    inherit: UNIX_INHERIT,
    path: PathRule::Inherit,
    nvm_prepend: false,
    cwd: "/",
    evidence: "unofficial Linux builds: MCP TypeScript SDK default environment, PATH of the session that started the app",
};

/// Windows: the SDK's list. PATHEXT is *not* passed (anthropics/claude-ai-mcp#832),
/// nor ProgramData or COMPUTERNAME (anthropics/claude-code#90074).
pub const WINDOWS: AppProfile = AppProfile {
    os: Os::Windows,
    inherit: &[
        "APPDATA",
        "HOMEDRIVE",
        "HOMEPATH",
        "LOCALAPPDATA",
        "PATH",
        "PROCESSOR_ARCHITECTURE",
        "SYSTEMDRIVE",
        "SYSTEMROOT",
        "TEMP",
        "USERNAME",
        "USERPROFILE",
        "PROGRAMFILES",
    ],
    path: PathRule::Inherit,
    nvm_prepend: false,
    cwd: "C:\\",
    evidence: "MCP TypeScript SDK default environment; PATHEXT missing per anthropics/claude-ai-mcp#832",
};

pub fn profile(os: Os) -> &'static AppProfile {
    match os {
        Os::MacOs => &MACOS,
        Os::Windows => &WINDOWS,
        Os::Linux => &LINUX,
    }
}

/// Whether `name` is a variable the OS puts into every process it starts,
/// whatever environment the parent passed: a server gets it from the app
/// too, so it never differs between the app's launch and the shell's. None
/// on Windows itself; under Wine (Claude Desktop runs there on Linux
/// desktops), the loader adds its own `WINE*` variables (as `cmd /c set`
/// shows in an empty environment under Wine 8): `WINECONFIGDIR`,
/// `WINEDATADIR`, `WINEHOMEDIR`, `WINELOADER`, `WINEUNIXCP`,
/// `WINEUSERLOCALE`, `WINEUSERNAME`, `WINEDLLDIR0`, `WINEDLLDIR1`, ...
/// (and `WINEBUILDDIR` from a build tree). Variables a user sets for Wine
/// (`WINEPREFIX`, `WINEDEBUG`) are not among them. None on macOS or Linux.
pub fn added_to_every_process(os: Os, name: &str) -> bool {
    const WINE_LOADER: &[&str] = &[
        "WINEBUILDDIR",
        "WINECONFIGDIR",
        "WINEDATADIR",
        "WINEHOMEDIR",
        "WINELOADER",
        "WINEUNIXCP",
        "WINEUSERLOCALE",
        "WINEUSERNAME",
    ];
    let upper = name.to_ascii_uppercase();
    let dll_dir = upper
        .strip_prefix("WINEDLLDIR")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    os == Os::Windows && (WINE_LOADER.contains(&upper.as_str()) || dll_dir)
}

/// `command` looked up on the PATH list `path` (relative to `cwd`) the way
/// the app's spawn finds it (Node's, through libuv): with `which`, but
/// without two things `which` adds for a shell user. A `~` leading a PATH
/// entry is not the home folder (no shell expands it: the entry is a
/// folder named `~` under `cwd`), and on Windows a name without an
/// extension is tried as `NAME.com` and `NAME.exe` only, whatever
/// mcpctl's own `PATHEXT` says: the app passes no `PATHEXT`, and libuv
/// never reads it, so a bare `npx` (`npx.cmd`) is not found, as in the
/// app.
pub fn find_program(command: &str, path: &str, cwd: &Path) -> Option<PathBuf> {
    let sep = if cfg!(windows) { ';' } else { ':' };
    let path: String = path
        .split(sep)
        .map(|dir| match dir.starts_with('~') {
            // `which` expands a leading `~` and leaves `~x` alone: as
            // `./~...` both are the folder under `cwd` the app searches
            true => format!(".{}{dir}", std::path::MAIN_SEPARATOR),
            false => dir.to_string(),
        })
        .collect::<Vec<_>>()
        .join(&sep.to_string());
    which::WhichConfig::new_with_sys(AppSpawn)
        .binary_name(command.into())
        .custom_path_list(path.into())
        .custom_cwd(cwd.to_path_buf())
        .first_result()
        .ok()
}

/// The real system as the app's spawn sees it (for `which`): no home
/// folder to expand `~` to, and `PATHEXT` as libuv has it on Windows.
struct AppSpawn;

impl which::sys::Sys for AppSpawn {
    type ReadDirEntry = std::fs::DirEntry;
    type Metadata = std::fs::Metadata;

    fn is_windows(&self) -> bool {
        which::sys::RealSys.is_windows()
    }
    fn current_dir(&self) -> std::io::Result<PathBuf> {
        which::sys::RealSys.current_dir()
    }
    fn home_dir(&self) -> Option<PathBuf> {
        None
    }
    fn env_split_paths(&self, paths: &std::ffi::OsStr) -> Vec<PathBuf> {
        which::sys::RealSys.env_split_paths(paths)
    }
    fn env_path(&self) -> Option<std::ffi::OsString> {
        which::sys::RealSys.env_path()
    }
    fn env_path_ext(&self) -> Option<std::ffi::OsString> {
        Some(".COM;.EXE".into())
    }
    fn metadata(&self, path: &Path) -> std::io::Result<Self::Metadata> {
        which::sys::RealSys.metadata(path)
    }
    fn symlink_metadata(&self, path: &Path) -> std::io::Result<Self::Metadata> {
        which::sys::RealSys.symlink_metadata(path)
    }
    fn read_dir(
        &self,
        path: &Path,
    ) -> std::io::Result<Box<dyn Iterator<Item = std::io::Result<Self::ReadDirEntry>>>> {
        which::sys::RealSys.read_dir(path)
    }
    fn is_valid_executable(&self, path: &Path) -> std::io::Result<bool> {
        which::sys::RealSys.is_valid_executable(path)
    }
}

/// Environment variable that overrides the app PATH of the profile (to
/// emulate a machine, or correct the table without a rebuild).
pub const APP_PATH_OVERRIDE: &str = "MCPCTL_APP_PATH";

/// The PATH Claude Desktop itself logged giving one server (`Using MCP
/// server command: ... paths: [...]` in its `mcp.log`). The command layer
/// reads it from the app's logs and puts it on the launch spec; an app
/// launch then uses it instead of the profile's guess (the entry's own
/// `env.PATH` still wins, as in the app). `MCPCTL_APP_PATH` wins over it:
/// the command layer does not set it then.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoggedPath {
    /// Joined with the OS's separator.
    pub path: String,
    /// When the app logged it (RFC 3339), if the line was stamped.
    pub logged_at: Option<String>,
    /// The log file it was read from.
    pub file: String,
}

/// Whether an entry's env sets the PATH its server gets: the key spelt
/// `PATH`. Names have case on Unix; on Windows Node drops any other
/// spelling beside the app's `PATH` ([`drops_path`], `finish`).
pub fn sets_path<'a>(keys: impl IntoIterator<Item = &'a str>) -> bool {
    keys.into_iter().any(|k| k == "PATH")
}

/// On Windows, whether an entry's env spells PATH otherwise (`Path`),
/// which Node drops beside the app's `PATH` (`env-name-case`).
pub fn drops_path<'a>(os: Os, keys: impl IntoIterator<Item = &'a str>) -> bool {
    os == Os::Windows
        && keys
            .into_iter()
            .any(|k| k != "PATH" && k.eq_ignore_ascii_case("PATH"))
}

/// `env`, an app launch's environment, with its PATH replaced by the one
/// the app logged; unchanged when the entry sets its own PATH.
pub fn with_logged_path(
    mut env: LaunchEnv,
    logged: &LoggedPath,
    entry_env: &[(String, String)],
) -> LaunchEnv {
    // spelt `PATH`: an entry's `Path` is dropped on Windows (`finish`)
    if sets_path(entry_env.iter().map(|(k, _)| k.as_str())) {
        return env;
    }
    env.vars.retain(|k, _| !k.eq_ignore_ascii_case("PATH"));
    env.vars.insert("PATH".to_string(), logged.path.clone());
    env.path = logged.path.clone();
    env
}

/// Which environment a launch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvMode {
    /// What Claude Desktop gives a server.
    App,
    /// The user's full environment and current directory (`--shell-env`).
    Shell,
}

/// The full environment and working directory for one launch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchEnv {
    pub mode: EnvMode,
    pub vars: BTreeMap<String, String>,
    pub cwd: PathBuf,
    /// The PATH in `vars` (empty when none), for messages.
    pub path: String,
}

/// Lists the names of the sub-folders of a folder (empty when it does not
/// exist). Injected so the nvm rule is testable.
pub type ListDir<'a> = &'a dyn Fn(&Path) -> Vec<String>;

/// The real folder lister.
pub fn list_dir_names(dir: &Path) -> Vec<String> {
    entry_names(dir, true)
}

/// The names of a folder's entries (only its sub-folders with
/// `folders_only`), in the order the OS gives them; names that are not
/// UTF-8 are left out. Empty when the folder cannot be read. The one place
/// that lists a folder for the disk traits of `config`, `machine` and `app`.
pub fn entry_names(dir: &Path, folders_only: bool) -> Vec<String> {
    try_entry_names(dir, folders_only).unwrap_or_default()
}

/// [`entry_names`], with the error when the folder cannot be listed (for
/// a caller that must tell "empty" from "unreadable").
pub fn try_entry_names(dir: &Path, folders_only: bool) -> std::io::Result<Vec<String>> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| !folders_only || e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect())
}

/// The nvm `bin` folders the app prepends, in the (lexical) order it uses.
pub fn nvm_bins(host: &HostEnv, list_dir: ListDir) -> Vec<PathBuf> {
    let Some(home) = &host.home else {
        return Vec::new();
    };
    let root = host.join(home, &[".nvm", "versions", "node"]);
    let mut names = list_dir(&root);
    names.sort();
    names
        .into_iter()
        .map(|n| host.join(&root, &[&n, "bin"]))
        .collect()
}

/// The PATH the app gives servers on this host.
pub fn app_path(host: &HostEnv, list_dir: ListDir) -> String {
    let p = profile(host.os);
    if let Some(over) = host.var(APP_PATH_OVERRIDE) {
        return over.to_string();
    }
    let base = match p.path {
        PathRule::Fixed(s) => s.to_string(),
        PathRule::Inherit => host.var("PATH").unwrap_or("").to_string(),
    };
    if !p.nvm_prepend {
        return base;
    }
    let sep = host.os.path_separator().to_string();
    let mut parts: Vec<String> = nvm_bins(host, list_dir)
        .into_iter()
        .map(|b| b.to_string_lossy().into_owned())
        .collect();
    if !base.is_empty() {
        parts.push(base);
    }
    parts.join(&sep)
}

/// What Claude Desktop would give this entry: the allowlist from the host,
/// the app PATH, then the entry's `env` on top; cwd per profile.
pub fn app_env(host: &HostEnv, entry_env: &[(String, String)], list_dir: ListDir) -> LaunchEnv {
    let p = profile(host.os);
    let mut vars = BTreeMap::new();
    for name in p.inherit {
        if let Some(v) = host.var(name) {
            vars.insert(name.to_string(), v.to_string());
        }
    }
    let path = app_path(host, list_dir);
    if path.is_empty() {
        vars.remove("PATH");
    } else {
        vars.insert("PATH".to_string(), path);
    }
    finish(host.os, EnvMode::App, vars, PathBuf::from(p.cwd), entry_env)
}

/// The user's shell environment and current directory, plus the entry's env.
pub fn shell_env(host: &HostEnv, entry_env: &[(String, String)]) -> LaunchEnv {
    finish(
        host.os,
        EnvMode::Shell,
        host.vars.clone(),
        host.cwd.clone(),
        entry_env,
    )
}

/// `vars` with the entry's `env` on top (a key spelt the same replaces
/// the value). On Windows a variable's name has no case, and Node's spawn
/// keeps, of the names that differ only in case, the first in sorted
/// order (`normalizeSpawnArguments`): `PATH` before `Path`. So an entry's
/// `Path` is dropped beside the `PATH` the app passes, and wins over a
/// shell's `Path` only when spelt `PATH`; the child gets what Node gives.
fn finish(
    os: Os,
    mode: EnvMode,
    mut vars: BTreeMap<String, String>,
    cwd: PathBuf,
    entry_env: &[(String, String)],
) -> LaunchEnv {
    for (k, v) in entry_env {
        vars.insert(k.clone(), v.clone());
    }
    if os == Os::Windows {
        // a BTreeMap iterates in sorted order, as Node sorts
        let mut seen = std::collections::BTreeSet::new();
        vars.retain(|k, _| seen.insert(k.to_ascii_uppercase()));
    }
    let path = vars
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("PATH"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    LaunchEnv {
        mode,
        vars,
        cwd,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(os: Os, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, Some("/Users/ann"), vars).with_cwd("/Users/ann/project")
    }

    fn no_dirs(_: &Path) -> Vec<String> {
        Vec::new()
    }

    #[test]
    fn macos_uses_the_apps_path_and_prepends_nvm_in_lexical_order() {
        let h = host(Os::MacOs, &[("PATH", "/Users/ann/.cargo/bin:/usr/bin")]);
        let lister = |p: &Path| {
            assert_eq!(p, Path::new("/Users/ann/.nvm/versions/node"));
            vec!["v22.1.0".to_string(), "v18.20.0".to_string()]
        };
        let path = app_path(&h, &lister);
        assert_eq!(
            path,
            "/Users/ann/.nvm/versions/node/v18.20.0/bin:/Users/ann/.nvm/versions/node/v22.1.0/bin:\
/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        );
    }

    #[test]
    fn only_path_spelt_path_is_the_entrys_and_windows_drops_the_rest() {
        assert!(sets_path(["X", "PATH"]));
        assert!(!sets_path(["Path", "path"]));
        assert!(drops_path(Os::Windows, ["Path"]));
        assert!(!drops_path(Os::Windows, ["PATH", "X"]));
        // on Unix `Path` is another variable, not a dropped PATH
        assert!(!drops_path(Os::Linux, ["Path"]));
        assert!(!drops_path(Os::MacOs, ["path"]));
    }

    #[test]
    fn app_env_keeps_only_the_allowlist_and_adds_entry_env() {
        let h = host(
            Os::Linux,
            &[
                ("PATH", "/usr/bin"),
                ("HOME", "/home/ann"),
                ("API_KEY", "secret"),
                ("TERM", "xterm"),
            ],
        );
        let env = app_env(&h, &[("TOKEN".into(), "t".into())], &no_dirs);
        let keys: Vec<&str> = env.vars.keys().map(String::as_str).collect();
        assert_eq!(keys, ["HOME", "PATH", "TERM", "TOKEN"]);
        assert_eq!(env.cwd, PathBuf::from("/"));
        assert_eq!(env.path, "/usr/bin");
    }

    #[test]
    fn windows_drops_pathext_and_starts_in_the_drive_root() {
        let h = host(
            Os::Windows,
            &[
                ("Path", r"C:\Windows"),
                ("PATHEXT", ".EXE;.CMD"),
                ("APPDATA", r"C:\U\a"),
            ],
        );
        let env = app_env(&h, &[], &no_dirs);
        assert!(!env.vars.contains_key("PATHEXT"));
        assert_eq!(
            env.vars.get("PATH").map(String::as_str),
            Some(r"C:\Windows")
        );
        assert_eq!(env.cwd, PathBuf::from("C:\\"));
    }

    /// On Windows names differ only in case, and Node keeps the first in
    /// sorted order: an entry's `Path` is dropped beside the app's `PATH`,
    /// its `PATH` wins; over a shell's `Path`, the entry's `PATH` wins too.
    /// On Linux `Path` is another variable.
    #[test]
    fn windows_keeps_the_first_of_names_that_differ_in_case_as_node_does() {
        let h = host(
            Os::Windows,
            &[("Path", r"C:\Windows"), ("APPDATA", r"C:\U\a")],
        );
        let paths = |env: &LaunchEnv| -> Vec<String> {
            env.vars
                .keys()
                .filter(|k| k.eq_ignore_ascii_case("PATH"))
                .cloned()
                .collect()
        };
        let own = |k: &str| [(k.to_string(), r"C:\node22".to_string())];
        let env = app_env(&h, &own("Path"), &no_dirs);
        assert_eq!(paths(&env), ["PATH"]);
        assert_eq!(env.path, r"C:\Windows");
        let env = app_env(&h, &own("PATH"), &no_dirs);
        assert_eq!(env.path, r"C:\node22");
        let env = shell_env(&h, &own("PATH"));
        assert_eq!(paths(&env), ["PATH"]);
        assert_eq!(env.path, r"C:\node22");
        let h = host(Os::Linux, &[("PATH", "/usr/bin")]);
        let env = app_env(&h, &[("Path".into(), "/x".into())], &no_dirs);
        assert_eq!(env.path, "/usr/bin");
        assert_eq!(env.vars.get("Path").map(String::as_str), Some("/x"));
    }

    #[test]
    fn override_replaces_the_profile_path() {
        let h = host(Os::MacOs, &[(APP_PATH_OVERRIDE, "/only/here")]);
        assert_eq!(app_path(&h, &no_dirs), "/only/here");
    }

    #[test]
    fn shell_env_is_everything_plus_entry_env() {
        let h = host(Os::Linux, &[("PATH", "/a"), ("X", "1")]);
        let env = shell_env(&h, &[("X".into(), "2".into())]);
        assert_eq!(env.vars.get("X").map(String::as_str), Some("2"));
        assert_eq!(env.cwd, PathBuf::from("/Users/ann/project"));
    }

    #[test]
    fn a_logged_path_replaces_the_profiles_unless_the_entry_sets_one() {
        let h = host(Os::MacOs, &[("PATH", "/Users/ann/.cargo/bin:/usr/bin")]);
        let logged = LoggedPath {
            path: "/opt/homebrew/bin:/usr/bin".into(),
            logged_at: None,
            file: "mcp.log".into(),
        };
        let env = with_logged_path(app_env(&h, &[], &no_dirs), &logged, &[]);
        assert_eq!(env.path, "/opt/homebrew/bin:/usr/bin");
        assert_eq!(env.vars["PATH"], "/opt/homebrew/bin:/usr/bin");
        let own = [("PATH".to_string(), "/mine".to_string())];
        let env = with_logged_path(app_env(&h, &own, &no_dirs), &logged, &own);
        assert_eq!(env.path, "/mine");
        // Windows keeps one PATH variable, whatever its case
        let w = host(Os::Windows, &[("Path", r"C:\Windows")]);
        let env = with_logged_path(app_env(&w, &[], &no_dirs), &logged, &[]);
        let paths: Vec<_> = env
            .vars
            .keys()
            .filter(|k| k.eq_ignore_ascii_case("path"))
            .collect();
        assert_eq!(paths, ["PATH"]);
    }
}
