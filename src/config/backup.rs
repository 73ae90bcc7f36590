//! Backups of the config file: one timestamped copy of the previous version
//! per write, in a `mcpctl-backups` folder beside the file, the newest
//! [`KEEP`] kept. Names sort chronologically and carry their UTC time:
//! `claude_desktop_config.2026-11-25T11-30-00.123Z.json` (no colons, so the
//! same names work on Windows).
//!
//! Naming and time formatting are pure; listing, creating and pruning are
//! thin file-system edges.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The folder beside the config file that holds its backups.
pub const DIR_NAME: &str = "mcpctl-backups";

/// The folder inside [`DIR_NAME`] that holds the backups of Desktop
/// Extensions' settings files: an extension's id is any name, its own
/// config's stem included, whose backups must never share a ring (and a
/// pruning) with the config's.
pub const EXTENSION_SETTINGS_DIR: &str = "extension-settings";

/// How many backups are kept per config file.
pub const KEEP: usize = 10;

/// The temp file a backup of `target` is written to before its rename
/// (prefix, suffix): what a killed run may leave behind. Named for the
/// file backed up, so a writer of one config (which holds that config's
/// lock only) never takes a backup of another one, under way in the same
/// folder, for a leftover.
pub fn temp_name(target: &Path) -> (OsString, &'static str) {
    let name = target.file_name().unwrap_or(OsStr::new("config"));
    (
        concat(&[".".as_ref(), name, ".mcpctl-backup-".as_ref()]),
        ".tmp",
    )
}

/// Parts of a file name joined, byte for byte (a config's name need not be
/// Unicode: its backups are named from its very bytes, so two files whose
/// names differ only in bytes that are not UTF-8 never share a ring).
pub fn concat(parts: &[&OsStr]) -> OsString {
    let mut name = OsString::new();
    for p in parts {
        name.push(p);
    }
    name
}

/// One backup on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// File name, e.g. `claude_desktop_config.2026-11-25T11-30-00.123Z.json`
    /// (as text: a byte that is not UTF-8 is U+FFFD).
    pub name: String,
    /// Milliseconds since the Unix epoch, from the name.
    pub millis: u64,
}

impl Backup {
    /// The time as people read it: `2026-11-25 11:30:00 UTC`.
    pub fn when(&self) -> String {
        let (date, h, m, s, _) = civil(self.millis);
        format!("{date} {h:02}:{m:02}:{s:02} UTC")
    }
    /// The time as RFC 3339, for JSON.
    pub fn rfc3339(&self) -> String {
        let (date, h, m, s, ms) = civil(self.millis);
        format!("{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    }
}

/// `<dir of target>/mcpctl-backups`.
pub fn dir_for(target: &Path) -> PathBuf {
    target
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(DIR_NAME)
}

/// (stem, `.extension`) of the target's name: `claude_desktop_config`,
/// `.json`. A name without an extension has none (`cfg` and `cfg.json` in
/// one folder must not share backups).
fn name_parts(target: &Path) -> (OsString, OsString) {
    let stem = target.file_stem().unwrap_or(OsStr::new("config"));
    let ext = target
        .extension()
        .map(|e| concat(&[".".as_ref(), e]))
        .unwrap_or_default();
    (concat(&[stem, ".".as_ref()]), ext)
}

/// The backup file name for `target` at `millis` since the epoch.
pub fn file_name(target: &Path, millis: u64) -> OsString {
    let (stem, ext) = name_parts(target);
    let (date, h, m, s, ms) = civil(millis);
    let stamp = format!("{date}T{h:02}-{m:02}-{s:02}.{ms:03}Z");
    concat(&[&stem, stamp.as_ref(), &ext])
}

/// The time a backup name encodes, when it is one of `target`'s backups.
pub fn parse_name(target: &Path, name: &OsStr) -> Option<u64> {
    let (stem, ext) = name_parts(target);
    let stamp = name
        .as_encoded_bytes()
        .strip_prefix(stem.as_encoded_bytes())?
        .strip_suffix(ext.as_encoded_bytes())?;
    parse_stamp(std::str::from_utf8(stamp).ok()?)
}

/// `2026-11-25T11-30-00.123Z` → milliseconds since the epoch.
fn parse_stamp(stamp: &str) -> Option<u64> {
    let b = stamp.as_bytes();
    if b.len() != 24 || b[23] != b'Z' || b[10] != b'T' || b[19] != b'.' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let s = stamp.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let seps = [4, 7, 13, 16].iter().all(|&i| b[i] == b'-');
    if !seps {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s, ms) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y as i64, mo as i64, d as i64);
    let days = u64::try_from(days).ok()?;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms)
}

/// Split milliseconds since the epoch into (`YYYY-MM-DD`, h, m, s, ms), UTC.
fn civil(millis: u64) -> (String, u64, u64, u64, u64) {
    let secs = millis / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000,
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A time as RFC 3339, UTC, to the millisecond (`2026-11-25T11:30:00.123Z`).
pub fn rfc3339(t: SystemTime) -> String {
    let (date, h, m, s, ms) = civil(millis_of(t));
    format!("{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// Milliseconds since the epoch for a time (0 before 1970).
pub fn millis_of(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64
}

/// `target`'s backups in the ring's order: newest first (see [`ring_order`]).
/// A missing folder means none.
pub fn list(target: &Path) -> std::io::Result<Vec<Backup>> {
    list_in(&dir_for(target), target)
}

/// `target`'s backups kept in `dir`, in the ring's order.
pub fn list_in(dir: &Path, target: &Path) -> std::io::Result<Vec<Backup>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name();
            let millis = parse_name(target, &name)?;
            Some(Backup {
                path: e.path(),
                name: name.to_string_lossy().into_owned(),
                millis,
            })
        })
        .collect();
    ring_order(&mut found, millis_of(SystemTime::now()));
    Ok(found)
}

/// Newest first, by the time in the name; but a backup dated after `now`
/// (made while the clock was wrong, or copied from another machine) cannot
/// be the newest: those come after every properly dated one, so they are
/// the first to be pruned and never push out the backup just made.
pub fn ring_order(backups: &mut [Backup], now: u64) {
    backups.sort_by(|a, b| {
        let key = |x: &Backup| (x.millis <= now, x.millis);
        key(b).cmp(&key(a)).then_with(|| b.name.cmp(&a.name))
    });
}

/// Names tried before giving up on a free one (a millisecond apart).
const NAME_TRIES: u64 = 1000;

/// Save `bytes` as a new backup of `target` taken at `now`; returns its
/// path. Written atomically and readable by the owner only on Unix (it may
/// hold API keys). A name already taken (another backup that same
/// millisecond, even one made at the very moment of the rename) moves on
/// by a millisecond; nothing is ever overwritten.
pub fn create(target: &Path, bytes: &[u8], now: SystemTime) -> std::io::Result<PathBuf> {
    create_in(&dir_for(target), target, bytes, now)
}

/// [`create`], keeping the backup in `dir` (files the app owns, such as an
/// extension's settings, have theirs beside the config instead of in the
/// app's folders).
pub fn create_in(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    now: SystemTime,
) -> std::io::Result<PathBuf> {
    let mut tmp = synced_temp(dir, target, bytes)?;
    let start = millis_of(now);
    for millis in start..start + NAME_TRIES {
        let path = dir.join(file_name(target, millis));
        if path.exists() {
            continue;
        }
        match tmp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("{NAME_TRIES} backup names in a row are taken"),
    ))
}

/// `bytes` (a copy of `target`) in a new temp file in `dir` (made if need
/// be), synced.
fn synced_temp(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let (prefix, suffix) = temp_name(target);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .tempfile_in(dir)?;
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// The name of the copy of what mcpctl last wrote to `target`
/// (`claude_desktop_config.last-written.json`), in its backups folder.
/// Not one of the ring's (no time in its name): never listed by
/// `restore`, never pruned, replaced at each write. The ring keeps each
/// version *before* a write; this is the one after the last, the only copy
/// of a server just added should the app rewrite the file from memory.
pub fn last_written_name(target: &Path) -> OsString {
    let (stem, ext) = name_parts(target);
    concat(&[&stem, "last-written".as_ref(), &ext])
}

/// Where [`last_written_name`] is for `target`.
pub fn last_written(target: &Path) -> PathBuf {
    last_written_in(&dir_for(target), target)
}

/// [`last_written`], in the backups folder `dir`.
pub fn last_written_in(dir: &Path, target: &Path) -> PathBuf {
    dir.join(last_written_name(target))
}

/// Replace the copy of what was last written to `target` with `bytes`, in
/// `dir`, atomically (the owner's alone on Unix: it may hold API keys).
pub fn save_last_written(dir: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let tmp = synced_temp(dir, target, bytes)?;
    let path = dir.join(last_written_name(target));
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(path)
}

/// Delete all but the first `keep` backups of the ring (see [`list`]),
/// never `just_made`; returns what was deleted.
pub fn prune(
    target: &Path,
    keep: usize,
    just_made: Option<&Path>,
) -> std::io::Result<Vec<PathBuf>> {
    prune_in(&dir_for(target), target, keep, just_made, None)
}

/// The server names of a config text, when it is strict JSON with an
/// `mcpServers` object.
fn server_names(text: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| Some(v.get("mcpServers")?.as_object()?.keys().cloned().collect()))
        .unwrap_or_default()
}

/// [`prune`] for backups kept in `dir`.
///
/// With `now`, the file's text as it now is: a backup past the `keep`
/// newest that holds a server neither the file nor any backup kept has
/// (what the app's wipe took, the user never having re-added it) is kept
/// too (at most `keep` such): pruning it would lose that server for good.
pub fn prune_in(
    dir: &Path,
    target: &Path,
    keep: usize,
    just_made: Option<&Path>,
    now: Option<&str>,
) -> std::io::Result<Vec<PathBuf>> {
    let mut ring = list_in(dir, target)?;
    if let Some(fresh) = just_made
        && let Some(i) = ring.iter().position(|b| b.path == fresh)
    {
        let b = ring.remove(i);
        ring.insert(0, b);
    }
    let keep = keep.max(1);
    if ring.len() <= keep {
        return Ok(Vec::new());
    }
    let text = |b: &Backup| std::fs::read_to_string(&b.path).unwrap_or_default();
    // the names the file has; the kept backups' are read only when a
    // pruned one has a server the file lacks (most writes never do)
    let mut known: std::collections::HashSet<String> = now
        .map(server_names)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut kept_read = false;
    let (kept, old) = ring.split_at(keep);
    let mut removed = Vec::new();
    // at most `keep` more, so the folder stays bounded (a server removed on
    // purpose leaves one too)
    let mut spared = 0;
    for old in old {
        if now.is_some() && spared < keep {
            let names = server_names(&text(old));
            if !kept_read && names.iter().any(|n| !known.contains(n)) {
                known.extend(kept.iter().flat_map(|b| server_names(&text(b))));
                kept_read = true;
            }
            if names.iter().any(|n| !known.contains(n)) {
                known.extend(names);
                spared += 1;
                continue;
            }
        }
        std::fs::remove_file(&old.path)?;
        removed.push(old.path.clone());
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "/x/claude_desktop_config.json";

    /// Backups dated in the future (a clock that was wrong) are pruned
    /// first; the one just made, dated now, is never pruned.
    #[test]
    fn future_dated_backups_never_push_out_the_fresh_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("claude_desktop_config.json");
        let now = SystemTime::now();
        let future = now + Duration::from_secs(86_400 * 365 * 10);
        for i in 0..KEEP as u64 {
            create(&target, b"future", future + Duration::from_secs(i)).unwrap();
        }
        let older = create(&target, b"older", now - Duration::from_secs(60)).unwrap();
        let fresh = create(&target, b"fresh", now).unwrap();
        let ring = list(&target).unwrap();
        assert_eq!(ring[0].path, fresh, "the fresh one leads the ring");
        assert_eq!(ring[1].path, older);
        let removed = prune(&target, KEEP, Some(&fresh)).unwrap();
        assert_eq!(removed.len(), 2);
        assert!(fresh.exists() && older.exists());
        // even with a ring of one, the one just made stays
        let removed = prune(&target, 0, Some(&fresh)).unwrap();
        assert_eq!(removed.len(), KEEP - 1);
        assert_eq!(list(&target).unwrap()[0].path, fresh);
    }

    #[test]
    fn a_taken_name_moves_on_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("c.json");
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let a = create(&target, b"a", t).unwrap();
        let b = create(&target, b"b", t).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        assert_eq!(std::fs::read(&b).unwrap(), b"b");
        let names: Vec<_> = std::fs::read_dir(dir_for(&target)).unwrap().collect();
        assert_eq!(names.len(), 2, "no temp file left");
    }

    #[test]
    fn names_round_trip_and_sort() {
        // 2026-11-25T11:30:00.123Z
        let millis = 1_795_606_200_123;
        let name = file_name(Path::new(T), millis);
        assert_eq!(name, "claude_desktop_config.2026-11-25T11-30-00.123Z.json");
        assert_eq!(parse_name(Path::new(T), &name), Some(millis));
        let later = file_name(Path::new(T), millis + 86_400_000 * 40);
        assert!(later > name, "names sort by time: {later:?}");
        let b = Backup {
            path: PathBuf::new(),
            name: name.to_string_lossy().into_owned(),
            millis,
        };
        assert_eq!(b.when(), "2026-11-25 11:30:00 UTC");
        assert_eq!(b.rfc3339(), "2026-11-25T11:30:00.123Z");
    }

    #[test]
    fn foreign_names_are_not_backups() {
        let t = Path::new(T);
        for n in [
            "claude_desktop_config.json",
            "other.2026-11-25T11-30-00.123Z.json",
            "claude_desktop_config.2026-13-25T11-30-00.123Z.json",
            "claude_desktop_config.2026-11-25T11:30:00.123Z.json",
            "claude_desktop_config.2026-11-25T11-30-00.123Z.json.tmp",
            ".claude_desktop_config.json.mcpctl-backup-abc.tmp",
            "claude_desktop_config.last-written.json",
        ] {
            assert_eq!(parse_name(t, n.as_ref()), None, "{n}");
        }
        // `cfg` and `cfg.json` in one folder keep apart
        let bare = Path::new("/x/cfg");
        let json = Path::new("/x/cfg.json");
        let (b, j) = (file_name(bare, 1_000), file_name(json, 1_000));
        assert_eq!(b, "cfg.1970-01-01T00-00-01.000Z");
        assert_eq!(
            (parse_name(bare, &b), parse_name(bare, &j)),
            (Some(1_000), None)
        );
        assert_eq!(
            (parse_name(json, &j), parse_name(json, &b)),
            (Some(1_000), None)
        );
    }

    /// A name that is not UTF-8 names its backups byte for byte: a file
    /// whose name differs only in such a byte has a ring of its own.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new("/x").join(OsStr::from_bytes(b"c\xff.json"));
        let b = Path::new("/x").join(OsStr::from_bytes(b"c\xfe.json"));
        let name = file_name(&a, 1_000);
        assert_eq!(name.as_bytes(), b"c\xff.1970-01-01T00-00-01.000Z.json");
        assert_eq!(parse_name(&a, &name), Some(1_000));
        assert_eq!(parse_name(&b, &name), None);
        assert_eq!(last_written_name(&a).as_bytes(), b"c\xff.last-written.json");
        assert_eq!(temp_name(&a).0.as_bytes(), b".c\xff.json.mcpctl-backup-");
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            dir.path().join(a.file_name().unwrap()),
            dir.path().join(b.file_name().unwrap()),
        );
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let made = create(&a, b"a", t).unwrap();
        assert_eq!(list(&a).unwrap().len(), 1);
        assert_eq!(list(&a).unwrap()[0].path, made);
        assert!(list(&b).unwrap().is_empty(), "not b's");
    }

    #[test]
    fn epoch_and_leap_days() {
        assert_eq!(civil(0).0, "1970-01-01");
        assert_eq!(civil(951_782_400_000).0, "2000-02-29");
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
    }

    #[test]
    fn create_list_prune() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("claude_desktop_config.json");
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        for i in 0..12u64 {
            create(
                &target,
                format!("{i}").as_bytes(),
                t0 + Duration::from_secs(i),
            )
            .unwrap();
        }
        // same instant twice: a distinct name, not an overwrite
        create(&target, b"dup", t0).unwrap();
        assert_eq!(list(&target).unwrap().len(), 13);
        let removed = prune(&target, KEEP, None).unwrap();
        assert_eq!(removed.len(), 3);
        let left = list(&target).unwrap();
        assert_eq!(left.len(), KEEP);
        assert_eq!(std::fs::read(&left[0].path).unwrap(), b"11");
        assert_eq!(std::fs::read(&left[9].path).unwrap(), b"2");
    }
}
