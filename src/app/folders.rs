//! Where the app keeps its own state beside the config file: the unpacked
//! Desktop Extensions, their installation record and settings, mcpctl's
//! side file of disabled entries, and the `Claude-3p` folder of
//! custom-inference mode.
//!
//! Pure: paths are built as strings with the target OS's separator, so the
//! Windows (classic and Store/MSIX) layouts are unit-tested on any machine.
//! On the Store install the config sits in the package's
//! `LocalCache\Roaming\Claude\`, and so does everything here: it is always
//! the config's own folder.

use std::path::{Path, PathBuf};

use crate::platform::Os;

/// The unpacked bundles, one folder per extension id.
pub const EXTENSIONS_DIR: &str = "Claude Extensions";
/// One `<id>.json` per extension: `{"isEnabled": bool, "userConfig": {...}}`.
pub const SETTINGS_DIR: &str = "Claude Extensions Settings";
/// `{"extensions": {"<id>": {id, version, hash, installedAt, manifest, signatureInfo, source}}}`.
pub const INSTALLATIONS_FILE: &str = "extensions-installations.json";
/// mcpctl's own file of entries moved out of `mcpServers` by `mcpctl disable`
/// (the app never reads it); shared by the folder's configs, each entry
/// naming its own.
pub const DISABLED_FILE: &str = "mcpctl-disabled.json";
/// The data folder custom-inference mode uses instead of `Claude`.
pub const THIRD_PARTY_DIR: &str = "Claude-3p";
/// Each extension's manifest, inside its folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The app's state files that belong to one config file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppFolders {
    #[serde(skip)]
    pub os: Os,
    /// The folder holding the config file (the app's data folder).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub data_dir: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub extensions_dir: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub installations_file: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub settings_dir: PathBuf,
    #[serde(serialize_with = "crate::paths::lossy")]
    pub disabled_file: PathBuf,
    /// `Claude-3p` beside the data folder; None when the data folder has
    /// no parent.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub third_party_dir: Option<PathBuf>,
    /// The config file's name (no folder), when these are a config's: the
    /// side file is shared by every config of the folder and keeps each
    /// entry's config by this name. Not part of any JSON shape.
    #[serde(skip)]
    pub config_name: Option<String>,
}

impl AppFolders {
    /// The folders that go with the config file at `config`.
    pub fn for_config(os: Os, config: &Path) -> AppFolders {
        let data_dir = parent_of(os, config).unwrap_or_else(|| PathBuf::from("."));
        let config_name = match config.to_str() {
            Some(text) => file_name(os, text),
            None => config.file_name().map(|n| n.to_string_lossy().into_owned()),
        };
        AppFolders {
            config_name,
            ..AppFolders::in_data_dir(os, &data_dir)
        }
    }

    /// The folders inside the app's data folder `data_dir`.
    pub fn in_data_dir(os: Os, data_dir: &Path) -> AppFolders {
        let at = |name: &str| under(os, data_dir, &[name]);
        AppFolders {
            os,
            data_dir: data_dir.to_path_buf(),
            extensions_dir: at(EXTENSIONS_DIR),
            installations_file: at(INSTALLATIONS_FILE),
            settings_dir: at(SETTINGS_DIR),
            disabled_file: at(DISABLED_FILE),
            third_party_dir: parent_of(os, data_dir).map(|p| under(os, &p, &[THIRD_PARTY_DIR])),
            config_name: None,
        }
    }

    /// `Claude Extensions/<id>`.
    pub fn extension_dir(&self, id: &str) -> PathBuf {
        under(self.os, &self.extensions_dir, &[id])
    }

    /// `Claude Extensions/<id>/manifest.json`.
    pub fn manifest_file(&self, id: &str) -> PathBuf {
        under(self.os, &self.extensions_dir, &[id, MANIFEST_FILE])
    }

    /// `Claude Extensions Settings/<id>.json`.
    pub fn settings_file(&self, id: &str) -> PathBuf {
        under(self.os, &self.settings_dir, &[&format!("{id}.json")])
    }

    /// `Claude-3p/claude_desktop_config.json`, custom-inference mode's own
    /// config.
    pub fn third_party_config(&self) -> Option<PathBuf> {
        let dir = self.third_party_dir.as_ref()?;
        Some(under(self.os, dir, &[crate::config::locate::FILE_NAME]))
    }
}

/// Whether an extension id can name a folder: not empty, no separator, not
/// `.`/`..` (ids come from files the app and bundles wrote).
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty() && id != "." && id != ".." && !id.contains(['/', '\\']) && !id.contains('\0')
}

fn separators(os: Os) -> &'static [char] {
    match os {
        Os::Windows => &['\\', '/'],
        _ => &['/'],
    }
}

/// The folder part of a path string; None for a bare name or a root.
fn parent(os: Os, path: &str) -> Option<String> {
    let seps = separators(os);
    let trimmed = path.trim_end_matches(seps);
    let cut = trimmed.rfind(seps)?;
    let head = &trimmed[..cut];
    if head.is_empty() {
        return Some(trimmed[..=cut].to_string()); // `/x` → `/`
    }
    if os == Os::Windows && head.len() == 2 && head.ends_with(':') {
        return Some(trimmed[..=cut].to_string()); // `C:\x` → `C:\`
    }
    Some(head.to_string())
}

/// The last part of a path string (the file's name); None when empty.
fn file_name(os: Os, path: &str) -> Option<String> {
    let name = path.rsplit(separators(os)).next()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// `parts` below `base`, joined with the OS's separator. A path that is
/// not Unicode can only be this host's own: its OS joins it, byte for byte
/// (as text it would name another folder).
fn under(os: Os, base: &Path, parts: &[&str]) -> PathBuf {
    match base.to_str() {
        Some(text) => PathBuf::from(join(os, text, parts)),
        None => parts
            .iter()
            .fold(base.to_path_buf(), |p, part| p.join(part)),
    }
}

/// The folder `path` is in ([`parent`]; byte for byte when not Unicode,
/// as [`under`]).
fn parent_of(os: Os, path: &Path) -> Option<PathBuf> {
    match path.to_str() {
        Some(text) => parent(os, text).map(PathBuf::from),
        None => path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf),
    }
}

/// Join parts onto `base` with the OS's separator.
fn join(os: Os, base: &str, parts: &[&str]) -> String {
    let sep = if os == Os::Windows { '\\' } else { '/' };
    let mut s = base.to_string();
    for p in parts {
        if !s.ends_with(separators(os)) {
            s.push(sep);
        }
        s.push_str(p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &Path) -> String {
        p.to_string_lossy().into_owned()
    }

    #[test]
    fn macos_folders_sit_beside_the_config() {
        let f = AppFolders::for_config(
            Os::MacOs,
            Path::new("/Users/ann/Library/Application Support/Claude/claude_desktop_config.json"),
        );
        assert_eq!(
            s(&f.data_dir),
            "/Users/ann/Library/Application Support/Claude"
        );
        assert_eq!(
            s(&f.extensions_dir),
            "/Users/ann/Library/Application Support/Claude/Claude Extensions"
        );
        assert_eq!(
            s(&f.manifest_file("ant.dir.x")),
            "/Users/ann/Library/Application Support/Claude/Claude Extensions/ant.dir.x/manifest.json"
        );
        assert_eq!(
            s(&f.settings_file("ant.dir.x")),
            "/Users/ann/Library/Application Support/Claude/Claude Extensions Settings/ant.dir.x.json"
        );
        assert_eq!(
            s(&f.installations_file),
            "/Users/ann/Library/Application Support/Claude/extensions-installations.json"
        );
        assert_eq!(
            s(&f.disabled_file),
            "/Users/ann/Library/Application Support/Claude/mcpctl-disabled.json"
        );
        assert_eq!(
            f.third_party_dir.as_deref().map(s),
            Some("/Users/ann/Library/Application Support/Claude-3p".to_string())
        );
        assert_eq!(
            f.third_party_config().as_deref().map(s),
            Some(
                "/Users/ann/Library/Application Support/Claude-3p/claude_desktop_config.json"
                    .into()
            )
        );
    }

    #[test]
    fn windows_store_install_keeps_them_in_the_package() {
        let pkg = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming";
        let f = AppFolders::for_config(
            Os::Windows,
            Path::new(&format!(r"{pkg}\Claude\claude_desktop_config.json")),
        );
        assert_eq!(s(&f.data_dir), format!(r"{pkg}\Claude"));
        assert_eq!(
            s(&f.extensions_dir),
            format!(r"{pkg}\Claude\Claude Extensions")
        );
        assert_eq!(
            s(&f.manifest_file("gh")),
            format!(r"{pkg}\Claude\Claude Extensions\gh\manifest.json")
        );
        assert_eq!(
            s(&f.settings_file("gh")),
            format!(r"{pkg}\Claude\Claude Extensions Settings\gh.json")
        );
        assert_eq!(
            f.third_party_dir.as_deref().map(s),
            Some(format!(r"{pkg}\Claude-3p"))
        );
    }

    #[test]
    fn windows_classic_and_forward_slashes() {
        let f = AppFolders::for_config(
            Os::Windows,
            Path::new(r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json"),
        );
        assert_eq!(
            s(&f.extension_dir("gh")),
            r"C:\Users\ann\AppData\Roaming\Claude\Claude Extensions\gh"
        );
        let f = AppFolders::for_config(Os::Windows, Path::new("C:/x/Claude/c.json"));
        assert_eq!(
            s(&f.installations_file),
            r"C:/x/Claude\extensions-installations.json"
        );
        assert_eq!(f.config_name.as_deref(), Some("c.json"));
        let f = AppFolders::for_config(Os::Windows, Path::new(r"C:\c.json"));
        assert_eq!(f.config_name.as_deref(), Some("c.json"));
        assert_eq!(s(&f.data_dir), r"C:\");
        assert_eq!(s(&f.disabled_file), r"C:\mcpctl-disabled.json");
    }

    #[test]
    fn linux_and_odd_paths() {
        let f = AppFolders::for_config(
            Os::Linux,
            Path::new("/home/ann/.config/Claude/claude_desktop_config.json"),
        );
        assert_eq!(
            s(&f.settings_dir),
            "/home/ann/.config/Claude/Claude Extensions Settings"
        );
        assert_eq!(
            f.third_party_dir.as_deref().map(s),
            Some("/home/ann/.config/Claude-3p".into())
        );
        let f = AppFolders::for_config(Os::Linux, Path::new("/c.json"));
        assert_eq!(s(&f.extensions_dir), "/Claude Extensions");
        assert_eq!(f.third_party_dir, None);
        let f = AppFolders::for_config(Os::Linux, Path::new("c.json"));
        assert_eq!(s(&f.data_dir), ".");
        assert_eq!(f.config_name.as_deref(), Some("c.json"));
        assert_eq!(
            AppFolders::in_data_dir(Os::Linux, Path::new("/d")).config_name,
            None
        );
    }

    #[test]
    fn unsafe_ids_are_refused() {
        assert!(is_safe_id("ant.dir.gh.anthropic.filesystem"));
        for bad in ["", ".", "..", "a/b", r"a\b"] {
            assert!(!is_safe_id(bad), "{bad}");
        }
    }

    /// A config in a folder whose name is not UTF-8: its folders are in
    /// that very folder (as text they would be in another one).
    #[cfg(unix)]
    #[test]
    fn a_folder_that_is_not_utf8_is_kept_byte_for_byte() {
        use std::os::unix::ffi::OsStrExt;
        let dir = Path::new("/d").join(std::ffi::OsStr::from_bytes(b"bad\xffdir"));
        let f = AppFolders::for_config(Os::Linux, &dir.join("c.json"));
        assert_eq!(f.data_dir, dir);
        assert_eq!(f.disabled_file, dir.join(DISABLED_FILE));
        assert_eq!(f.extensions_dir, dir.join(EXTENSIONS_DIR));
        assert_eq!(f.third_party_dir, Some(PathBuf::from("/d/Claude-3p")));
        assert_eq!(f.config_name.as_deref(), Some("c.json"));
        assert_eq!(
            f.manifest_file("x"),
            dir.join(EXTENSIONS_DIR).join("x").join(MANIFEST_FILE)
        );
        let name = std::ffi::OsStr::from_bytes(b"bad\xffname.json");
        let f = AppFolders::for_config(Os::Linux, &Path::new("/d").join(name));
        assert_eq!(f.data_dir, Path::new("/d"));
        assert_eq!(f.config_name.as_deref(), Some("bad\u{fffd}name.json"));
    }
}
