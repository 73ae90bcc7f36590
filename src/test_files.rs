//! Test support: files the unit tests need on disk.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Write `text` to `path` and mark it executable (0755): a script a test
/// starts, looks up or runs.
pub fn executable(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write a test script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod 0755");
}
