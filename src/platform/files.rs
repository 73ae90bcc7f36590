//! Reading a file that may be anything: a FIFO (reading it waits for a
//! writer), a device (`/dev/zero` never ends), a file of gigabytes. The
//! files mcpctl reads whole that a user or the app controls go through
//! [`read_capped`]: opened without blocking, refused unless a regular file
//! (or a link to one) of bounded size, with a reason the caller's message
//! quotes. The config itself has its own stricter reader
//! (`config::source::read_file`), built on [`open_nonblocking`] and
//! [`kind_of`]; the app's logs are read from their end
//! (`app::logs::reverse`).

use std::io::Read;
use std::path::Path;

/// The largest of the other small files mcpctl reads whole (the side file
/// of disabled entries, an extension's manifest and settings, the app's
/// record of extensions, a backup, a CA bundle): all are a few KB, the
/// largest real ones well under a megabyte.
pub const MAX_OTHER_BYTES: u64 = 64 * 1024 * 1024;

/// The whole of a small file mcpctl reads but does not own the shape of
/// (the side file, an extension's files, a backup): never blocks, never
/// reads unboundedly. Opened non-blocking, then checked on the open
/// handle: anything but a regular file (or a link to one) is refused
/// before it is read (a FIFO would wait for a writer, `/dev/zero` never
/// ends), and so is a file over `max` bytes; a file growing while read
/// stops at `max` + 1 bytes. The errors' texts say why, for the caller's
/// message ("cannot read PATH: WHY"): `not a regular file (a named pipe
/// (FIFO))` ([`std::io::ErrorKind::InvalidInput`]), `too large: N bytes
/// (the limit is M MB)` ([`std::io::ErrorKind::FileTooLarge`]).
/// A missing file is the OS's `NotFound`, as from [`std::fs::read`].
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            not_regular(&meta),
        ));
    }
    if meta.len() > max {
        return Err(too_large(meta.len(), max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// [`read_capped`] as text: invalid UTF-8 is replaced (U+FFFD).
pub fn read_capped_text(path: &Path, max: u64) -> std::io::Result<String> {
    read_capped(path, max).map(|b| match String::from_utf8(b) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Whether an error of [`read_capped`] is its refusal (a special file, a
/// file too large), not the OS's: the hint is then about what the file
/// is, not its permissions.
pub fn is_refusal(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::FileTooLarge
    ) && e.raw_os_error().is_none()
}

fn too_large(len: u64, max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "too large: {len} bytes (the limit is {} MB)",
            max / (1024 * 1024)
        ),
    )
}

/// `not a regular file (a named pipe (FIFO))`, `not a regular file (a
/// folder)`.
pub fn not_regular(meta: &std::fs::Metadata) -> String {
    let what = if meta.is_dir() {
        "a folder"
    } else {
        kind_of(meta)
    };
    format!("not a regular file ({what})")
}

/// What a file that is not a regular one is, in words ("a named pipe
/// (FIFO)"); not for folders.
#[cfg(unix)]
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_char_device() {
        "a character device (like /dev/null)"
    } else if t.is_block_device() {
        "a block device (a disk)"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
pub fn kind_of(_meta: &std::fs::Metadata) -> &'static str {
    "a device or special file"
}

/// Open `path` for reading without blocking on a FIFO or a device (a
/// regular file reads as ever: the flag means nothing for one).
#[cfg(unix)]
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}
