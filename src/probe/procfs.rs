//! The process table as the probe's cleanup needs it, read from Linux's
//! `/proc`: who is whose parent, which process group and session each
//! process is in, when it started, and who holds a given pipe. Parsing is
//! pure (tested on any OS); where there is no `/proc` (macOS, Windows) the
//! table is empty and callers fall back to what signals alone can do.

use std::fs;

/// One line of the process table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    pub pgrp: u32,
    pub sid: u32,
    /// `R`, `S`, `Z` (zombie), `X` (dead)...
    pub state: char,
    /// Start time in clock ticks since boot (only ever compared).
    pub start: u64,
}

impl Proc {
    /// Dead, or a zombie waiting to be reaped.
    pub fn is_dead(&self) -> bool {
        matches!(self.state, 'Z' | 'X')
    }
}

/// A process that outlived its server, as reported in `leftover`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Leftover {
    pub pid: u32,
    pub command: String,
    /// How it was found.
    pub how: How,
    /// False when another server (not a copy of this one) ran at the same
    /// time and may have started it instead: a daemon re-parented to
    /// mcpctl does not say whose it was.
    pub certain: bool,
}

/// How a leftover was found, which is what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// Still in the server's session, in a process group of its own.
    LeftGroup,
    /// A daemon: it left the server's session too (`setsid`), and was
    /// re-parented to mcpctl (a child subreaper).
    Daemon,
    /// Still holding the server's stdout or stderr.
    HeldPipes,
}

/// Parse `/proc/PID/stat`. The command name (field 2) is in parentheses
/// and may itself hold spaces and parentheses: fields are counted from the
/// last `)`.
pub fn parse_stat(pid: u32, text: &str) -> Option<Proc> {
    let rest = &text[text.rfind(')')? + 1..];
    // field 3 (state) first; starttime is field 22: 15 fields after the
    // session (the table is read after every server: no vector of them all)
    let mut f = rest.split_ascii_whitespace();
    Some(Proc {
        pid,
        state: f.next()?.chars().next()?,
        ppid: f.next()?.parse().ok()?,
        pgrp: f.next()?.parse().ok()?,
        sid: f.next()?.parse().ok()?,
        start: f.nth(15)?.parse().ok()?,
    })
}

/// `/proc` is read on Linux only. Under Wine a Windows build can read the
/// Linux host's `/proc` (it is `Z:\proc`), whose pids are not Windows
/// pids: a pid, parent or session that happened to match one of mcpctl's
/// would have made a host process (the test runner itself, once) look
/// like a server's leftover, to be killed.
const LINUX: bool = cfg!(target_os = "linux");

fn pids() -> impl Iterator<Item = u32> {
    LINUX
        .then(|| fs::read_dir("/proc"))
        .into_iter()
        .flatten()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
}

/// One process, if it exists.
pub fn stat(pid: u32) -> Option<Proc> {
    if !LINUX {
        return None;
    }
    parse_stat(pid, &fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// Every process visible (empty without `/proc`).
pub fn table() -> Vec<Proc> {
    pids().filter_map(stat).collect()
}

/// The processes that can have started since `pid` did: those with a
/// higher pid (the kernel hands pids out in rising order), or every
/// process when the numbers may have wrapped round since (the last pid
/// handed out is below `pid`, or unknown). What a server started, or left
/// behind, started after it: reading only these spares a `stat` of every
/// process on the machine after each server.
pub fn table_since(pid: u32) -> Vec<Proc> {
    let last = fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok());
    let floor = since_floor(pid, last);
    pids().filter(|&p| p >= floor).filter_map(stat).collect()
}

/// The lowest pid [`table_since`] reads: `pid` itself, or 0 (all) when
/// the pid counter is below it (wrapped) or unknown.
fn since_floor(pid: u32, last: Option<u32>) -> u32 {
    match last {
        Some(last) if last >= pid => pid,
        _ => 0,
    }
}

/// Whether `/proc` can be read here at all.
pub fn available() -> bool {
    LINUX && fs::metadata("/proc/self/stat").is_ok()
}

/// Processes (other than mcpctl) holding any of the pipes with these
/// inodes, found through `/proc/*/fd`.
pub fn pipe_holders(inodes: &[u64]) -> Vec<Leftover> {
    let me = std::process::id();
    let wanted: Vec<String> = inodes.iter().map(|i| format!("pipe:[{i}]")).collect();
    let mut out = Vec::new();
    for pid in pids().filter(|&p| p != me) {
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            fs::read_link(fd.path())
                .ok()
                .and_then(|t| t.to_str().map(|t| wanted.iter().any(|w| w == t)))
                .unwrap_or(false)
        });
        if holds {
            out.extend(leftover(pid, How::HeldPipes));
        }
    }
    out
}

/// A process as `leftover` names it: pid and command line. None when it
/// ended between being found and being named (a zombie's command line is
/// empty): it is not left over, and an entry with no command says nothing.
pub fn leftover(pid: u32, how: How) -> Option<Leftover> {
    if !LINUX {
        return None;
    }
    let raw = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let text: Vec<String> = raw
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    if text.is_empty() {
        return None;
    }
    Some(Leftover {
        pid,
        command: crate::text::clip(&text.join(" "), 200).into_owned(),
        how,
        certain: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 \
1 0 987654 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assert_eq!(
            parse_stat(4242, line),
            Some(Proc {
                pid: 4242,
                ppid: 1,
                pgrp: 4242,
                sid: 4242,
                state: 'S',
                start: 987_654,
            })
        );
        assert_eq!(parse_stat(1, "1 (truncated"), None);
        assert_eq!(parse_stat(1, "1 (x) S 0 1"), None);
    }

    /// Under Wine the Linux host's `/proc` is readable by this Windows
    /// program: none of it may be taken for this machine's processes.
    #[cfg(not(target_os = "linux"))]
    #[test]
    fn no_process_table_outside_linux() {
        assert!(!available());
        assert!(table().is_empty());
        assert_eq!(stat(std::process::id()), None);
        assert_eq!(leftover(std::process::id(), How::Daemon), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_that_ended_is_not_named_as_left_over() {
        let me =
            leftover(std::process::id(), How::Daemon).expect("this process has a command line");
        assert!(!me.command.is_empty());
        // a zombie: exited, not yet reaped, its command line empty
        let mut child = std::process::Command::new("true").spawn().expect("true");
        let pid = child.id();
        while stat(pid).is_some_and(|p| !p.is_dead()) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(leftover(pid, How::Daemon), None);
        child.wait().expect("reaped");
        assert_eq!(leftover(pid, How::Daemon), None, "gone");
    }

    #[test]
    fn only_later_pids_are_read_unless_the_counter_wrapped() {
        assert_eq!(since_floor(500, Some(900)), 500);
        assert_eq!(since_floor(500, Some(500)), 500);
        assert_eq!(since_floor(500, Some(120)), 0, "wrapped round: read all");
        assert_eq!(since_floor(500, None), 0, "unknown: read all");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_child_started_later_is_in_the_table_since() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .expect("sleep");
        let me = std::process::id();
        let since = table_since(me);
        assert!(since.iter().any(|p| p.pid == child.id()));
        assert!(since.iter().all(|p| p.pid >= me) || since.len() == table().len());
        let _ = child.kill();
        let _ = child.wait();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_in_the_table() {
        let me = stat(std::process::id()).expect("own stat");
        assert!(!me.is_dead());
        assert!(table().iter().any(|p| p.pid == me.pid));
    }
}
