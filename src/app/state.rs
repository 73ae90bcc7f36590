//! The app's own state beside one config file, read for a command: the
//! Desktop Extensions, mcpctl's side file of disabled entries, the admin
//! policy, the `Claude-3p` folder and the newest backup (the wipe guard's
//! evidence). The thin file-system edge over the pure engines of this
//! module's siblings; `commands` decides which parts a command needs.
//!
//! Everything is read beside the config file mcpctl was given: with
//! `--config PATH` (or `MCPCTL_CONFIG`) that is PATH's folder, not the
//! app's own data folder, so a copy of a data folder is checked as a whole
//! and the commands say where they read. The policy does not depend on the
//! file: it is the machine's.

use std::path::{Path, PathBuf};

use super::disabled::{self, DisableError, SideFile};
use super::extensions::{self, Collision, Inventory};
use super::folders::AppFolders;
use super::policy::{self, Policy, PolicyRunner, ThirdParty};
use super::wipe::{self, Wipe};
use crate::codes::Code;
use crate::config::backup;
use crate::config::source::Source;
use crate::config::syntax;
use crate::machine::Finding;
use crate::platform::HostEnv;
use crate::platform::files::{MAX_OTHER_BYTES, read_capped};
use crate::text::shell_word;

/// mcpctl's side file as read.
#[derive(Debug, Clone)]
pub struct SideState {
    pub path: PathBuf,
    /// The bytes as read (None: no file yet), for the write path's
    /// changed-since-read check.
    pub bytes: Option<Vec<u8>>,
    /// The entries, or why the file cannot be read.
    pub file: Result<SideFile, DisableError>,
}

impl SideState {
    /// The entries, or none when the file is unreadable (listings go on).
    pub fn entries(&self) -> SideFile {
        self.file.clone().unwrap_or_default()
    }
}

/// Read `mcpctl-disabled.json` beside the config, for that config (its
/// entries are the ones taken from it, `folders.config_name`, and those an
/// older mcpctl wrote without a config; the other configs' of the folder
/// are kept aside, see `disabled::SideFile::for_config`).
pub fn read_side(folders: &AppFolders) -> SideState {
    let path = folders.disabled_file.clone();
    let mine = |side: SideFile| side.for_config(folders.config_name.as_deref());
    // never waits on a FIFO, never reads /dev/zero: refused, with why
    let (bytes, file) = match read_capped(&path, MAX_OTHER_BYTES) {
        Ok(bytes) => {
            let file = match std::str::from_utf8(&bytes) {
                Ok(text) => disabled::parse_side(Some(text)).map(mine),
                Err(e) => Err(DisableError::SideFileBroken { why: e.to_string() }),
            };
            (Some(bytes), file)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (None, disabled::parse_side(None).map(mine))
        }
        Err(e) => (
            None,
            Err(DisableError::SideFileBroken { why: e.to_string() }),
        ),
    };
    SideState { path, bytes, file }
}

/// The effective admin policy on this host (nothing on Linux).
pub fn read_policy(host: &HostEnv, runner: &dyn PolicyRunner) -> Policy {
    let readings = policy::read(host, runner);
    policy::resolve(policy::places(host), &readings)
}

/// Everything beside one config file that `list`, `doctor` and
/// `test-launch` look at.
#[derive(Debug, Clone)]
pub struct AppState {
    pub folders: AppFolders,
    pub inventory: Inventory,
    pub side: SideState,
    pub third_party: Option<ThirdParty>,
}

/// Read the extensions, the side file and the `Claude-3p` folder beside
/// `config` (the file itself need not exist).
pub fn read(host: &HostEnv, config: &Path) -> AppState {
    let folders = AppFolders::for_config(host.os, config);
    AppState {
        inventory: extensions::read_inventory(&folders),
        side: read_side(&folders),
        third_party: policy::third_party(&folders, &|p: &Path| p.exists()),
        folders,
    }
}

/// The copy of `config` that says which servers mcpctl last left in it,
/// with its path and text: the copy of what mcpctl last wrote (the only
/// one of a server it just added) when it is there and a strict parser
/// reads it, servers or none (none: the user removed them all, and
/// nothing was lost); else, when there is no such copy, the newest backup
/// of the ring with servers (a strict parser reads it and its
/// `mcpServers` is a non-empty object). Not simply the newest backup:
/// once mcpctl has written over a stub, that backup is the stub, and a
/// second wipe must still be seen. Never searched further back: an older
/// backup also holds the servers removed on purpose since.
pub fn last_left(config: &Path) -> Option<(PathBuf, String)> {
    let read = |p: PathBuf| {
        let text = String::from_utf8(read_backup(&p)?).ok()?;
        strict_json(&text).is_some().then_some((p, text))
    };
    if let Some(last) = read(backup::last_written(config)) {
        return Some(last);
    }
    backup::list(config)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|b| read(b.path))
        .find(|(_, text)| has_servers(text))
}

/// A backup's bytes, when it can be read: a file in its place that is no
/// regular file (a FIFO) or far too large to be one is passed over.
fn read_backup(path: &Path) -> Option<Vec<u8>> {
    read_capped(path, MAX_OTHER_BYTES).ok()
}

fn has_servers(text: &str) -> bool {
    strict_json(text)
        .and_then(|j| {
            j.get(crate::config::model::SERVERS_KEY)?
                .as_object()
                .map(|m| !m.is_empty())
        })
        .unwrap_or(false)
}

/// `text` as a strict JSON parser (the app's) reads it.
pub fn strict_json(text: &str) -> Option<serde_json::Value> {
    let doc = syntax::parse(&Source::from_text("", text));
    doc.is_strict_json()
        .then(|| doc.root.as_ref().map(|r| r.to_json()))
        .flatten()
}

/// The wipe guard: whether `current` (the config's text) is a
/// preferences-only stub of a file the newest backup (or the side file)
/// shows had servers. Returns the verdict and the backup it compared with.
pub fn wipe_check(
    config: &Path,
    current: &syntax::Document,
    side: &SideState,
) -> Option<(Wipe, Option<PathBuf>)> {
    if !current.is_strict_json() {
        return None;
    }
    // (a top level that is no object is no stub, and holds no servers)
    let root = current.root.as_ref().filter(|r| r.as_object().is_some())?;
    // a file with servers is no stub: only a write over one may hide it
    if !crate::config::model::is_stub(root) {
        return written_over(config, root, side);
    }
    let current = root.to_json();
    let entries = side.file.as_ref().ok();
    // the copy `restore --merge-servers` takes by default
    let found = last_left(config).and_then(|(p, t)| {
        let w = wipe::detect(&current, strict_json(&t).as_ref(), entries)?;
        w.restorable().then_some((w, Some(p)))
    });
    found.or_else(|| Some((wipe::detect(&current, None, entries)?, None)))
}

/// The wipe guard once mcpctl has written over the stub (`mcpctl add`
/// after the app wiped the file, the file has servers again): the ring's
/// newest backup is the stub, and the one before it what mcpctl last left
/// (a write keeps that copy in the ring when the file changed behind it).
/// Its servers the file lacks, and not disabled on purpose, are lost.
/// Nothing further back is searched: older backups hold the servers
/// removed on purpose since. A file with servers and no backups folder
/// costs one failed folder read.
fn written_over(
    config: &Path,
    root: &crate::config::ast::Node,
    side: &SideState,
) -> Option<(Wipe, Option<PathBuf>)> {
    let json = |p: &Path| strict_json(&String::from_utf8(read_backup(p)?).ok()?);
    let mut ring = backup::list(config).ok()?.into_iter();
    let stub = json(&ring.next()?.path).filter(wipe::is_stub)?;
    // (read only after a stub: the newest backup usually has servers)
    let before = ring.next()?;
    let had = json(&before.path)?;
    let mut w = wipe::detect(&stub, Some(&had), side.file.as_ref().ok())?;
    let present = crate::config::edit::server_names(Some(root));
    w.lost.retain(|n| !present.contains(n));
    w.side_evidence.clear();
    w.written_over = true;
    w.restorable().then_some((w, Some(before.path)))
}

/// The name collisions as warnings: a config entry named like an enabled
/// extension (its id, manifest name or display name, ignoring case), and
/// two config entries that differ only in case.
pub fn collision_findings(config_names: &[String], inventory: &Inventory) -> Vec<Finding> {
    let enabled: Vec<_> = inventory.enabled().cloned().collect();
    extensions::collisions(config_names, &enabled)
        .into_iter()
        .map(|c| collision_finding(&c, inventory))
        .collect()
}

fn collision_finding(c: &Collision, inventory: &Inventory) -> Finding {
    let (a, b) = (&c.names[0], &c.names[1]);
    if c.kind == "case" {
        return Finding::new(
            Code::NameCollision,
            format!("the config servers `{a}` and `{b}` differ only in case: the app lists both, and a model may call the wrong one"),
        )
        .hint(format!(
            "remove one of them, or rename it (`mcpctl remove {}`)",
            shell_word(a)
        ));
    }
    let shown = match inventory.get(b) {
        Some(e) if e.name != *b => format!("`{b}` ({})", e.name),
        _ => format!("`{b}`"),
    };
    Finding::new(
        Code::NameCollision,
        format!("the config server `{a}` and the extension {shown} have the same name: the app runs both, and a model may call the wrong one"),
    )
    .hint(format!(
        "rename the config entry, or turn one off (`mcpctl disable {}`, or `mcpctl disable --extension {}`)",
        shell_word(a),
        shell_word(b)
    ))
}

/// For `list` and `doctor`: the side file's state as findings (it cannot
/// be read; an entry is in both files).
pub fn side_findings(side: &SideState, config_text: &str) -> Vec<Finding> {
    let entries = match &side.file {
        Ok(f) => f.clone(),
        Err(e) => {
            return vec![
                Finding::new(
                    Code::SideFileUnreadable,
                    e.message("the config", &side.path.display().to_string()),
                )
                .hint(e.hint(&side.path)),
            ];
        }
    };
    disabled::unfinished(config_text, &entries)
        .into_iter()
        .map(|n| {
            Finding::new(
                Code::DisableUnfinished,
                format!(
                    "`{}` is both in the config and, the very same, in {} (a disable or enable \
stopped between its two writes, or a backup from before a disable was restored; nothing is lost)",
                    crate::escape::name(&n),
                    side.path.display()
                ),
            )
            .hint(format!(
                "`mcpctl enable {0}` keeps it in the config and lets the set-aside copy go; \
`mcpctl disable {0}` sets it aside again",
                shell_word(&n)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linux_fixture_home_is_a_wipe_with_a_restorable_backup() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/homes/linux/.config/Claude");
        let config = dir.join("claude_desktop_config.json");
        let folders = AppFolders::for_config(crate::platform::Os::current(), &config);
        let side = read_side(&folders);
        assert_eq!(side.entries().names(), ["everything"]);
        let text = std::fs::read_to_string(&config).unwrap();
        let doc = syntax::parse(&Source::from_text("", &text));
        let (w, from) = wipe_check(&config, &doc, &side).expect("a wipe");
        assert_eq!(w.lost, ["memory", "fetch", "github"]);
        let from = from.expect("a backup");
        assert!(
            from.to_string_lossy()
                .ends_with("claude_desktop_config.2026-11-20T10-00-00.000Z.json"),
            "{}",
            from.display()
        );
    }

    #[test]
    fn a_broken_side_file_is_said_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("claude_desktop_config.json");
        let folders = AppFolders::for_config(crate::platform::Os::current(), &config);
        assert!(read_side(&folders).file.is_ok_and(|s| s.is_empty()));
        std::fs::write(&folders.disabled_file, "{not json").unwrap();
        let side = read_side(&folders);
        assert!(matches!(
            side.file,
            Err(DisableError::SideFileBroken { .. })
        ));
        assert!(side.entries().is_empty());
        assert_eq!(side.bytes.as_deref(), Some(&b"{not json"[..]));
    }
}
