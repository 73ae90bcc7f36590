//! The process table on Windows, read from a Toolhelp snapshot: each
//! process's id and image name, which is what `tasklist` prints first,
//! without starting `tasklist` (a process of its own at every doctor run,
//! about 50 ms under Wine, and one that failed there once under load,
//! leaving "is the app running" unanswered).

/// (pid, image name) of every process; None when no snapshot can be
/// taken.
#[cfg(windows)]
pub fn processes() -> Option<Vec<(u32, String)>> {
    use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, PROCESSENTRY32W, Process32FirstW, Process32NextW,
        TH32CS_SNAPPROCESS,
    };
    // SAFETY: the snapshot handle is checked before use and closed once;
    // the entry is a plain C struct, zeroed and sized as the API asks, and
    // only read after a call reported success.
    unsafe {
        let snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        if snap == INVALID_HANDLE_VALUE {
            return None;
        }
        let mut entry: PROCESSENTRY32W = std::mem::zeroed();
        entry.dwSize = std::mem::size_of::<PROCESSENTRY32W>() as u32;
        let mut out = Vec::new();
        let mut more = Process32FirstW(snap, &mut entry) != 0;
        while more {
            out.push((entry.th32ProcessID, image_name(&entry.szExeFile)));
            more = Process32NextW(snap, &mut entry) != 0;
        }
        CloseHandle(snap);
        Some(out)
    }
}

/// Elsewhere there is no Toolhelp: callers use `/proc` or `ps`.
#[cfg(not(windows))]
pub fn processes() -> Option<Vec<(u32, String)>> {
    None
}

/// A NUL-terminated UTF-16 name as text (lossy, as `tasklist` shows it).
#[cfg_attr(not(windows), allow(dead_code))]
fn image_name(wide: &[u16]) -> String {
    let len = wide.iter().position(|&c| c == 0).unwrap_or(wide.len());
    String::from_utf16_lossy(&wide[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_end_at_the_first_nul() {
        let mut wide: Vec<u16> = "claude.exe".encode_utf16().collect();
        wide.extend([0, b'x' as u16, 0]);
        assert_eq!(image_name(&wide), "claude.exe");
        let full: Vec<u16> = "a".repeat(4).encode_utf16().collect();
        assert_eq!(image_name(&full), "aaaa");
    }

    #[cfg(windows)]
    #[test]
    fn this_process_is_in_the_snapshot() {
        let me = std::process::id();
        let procs = processes().expect("a snapshot");
        let name = procs.iter().find(|(pid, _)| *pid == me).map(|(_, n)| n);
        let exe = std::env::current_exe().unwrap();
        let file = exe.file_name().unwrap().to_string_lossy();
        assert_eq!(
            name.map(|n| n.to_ascii_lowercase()),
            Some(file.to_ascii_lowercase())
        );
    }
}
