//! Windows: a Job Object per server. Windows has no process groups to
//! signal, and ending a server's process leaves whatever it started (npx ->
//! cmd -> node) running. A process started inside a job stays in it with
//! all its descendants; with `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE` the OS
//! ends them all when the last handle to the job closes: at shutdown, when
//! a session is dropped, and when mcpctl itself dies, however it dies.
//!
//! The server is placed in the job right after it starts (std cannot start
//! it suspended); a server cannot start children in the microseconds
//! before that, as its runtime is still loading.

use std::mem::size_of;
use std::os::windows::io::AsRawHandle;
use std::process::Child;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JobObjectBasicAccountingInformation, JobObjectExtendedLimitInformation,
    QueryInformationJobObject, SetInformationJobObject, TerminateJobObject,
};

/// An open job that kills its processes when closed.
#[derive(Debug)]
pub struct Job(HANDLE);

// SAFETY: a job handle may be used and closed from any thread.
unsafe impl Send for Job {}
// SAFETY: the calls made through a shared reference are thread-safe.
unsafe impl Sync for Job {}

impl Job {
    /// A new anonymous job, or `None` if the OS refused one.
    pub fn new() -> Option<Job> {
        // SAFETY: no security attributes, no name.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return None;
        }
        let job = Job(handle);
        // SAFETY: an all-zero JOBOBJECT_EXTENDED_LIMIT_INFORMATION is valid.
        let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        // SAFETY: the pointer and size describe `limits`, alive for the call.
        let ok = unsafe {
            SetInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
                size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            )
        };
        (ok != 0).then_some(job)
    }

    /// Put a just-started process (and so its future children) in the job.
    pub fn adopt(&self, child: &Child) -> bool {
        // SAFETY: both handles are open for the duration of the call.
        unsafe { AssignProcessToJobObject(self.0, child.as_raw_handle() as HANDLE) != 0 }
    }

    /// End every process in the job now.
    pub fn terminate(&self) {
        // SAFETY: the handle is open.
        unsafe {
            TerminateJobObject(self.0, 1);
        }
    }

    /// How many processes in the job are still running.
    pub fn active_processes(&self) -> u32 {
        // SAFETY: an all-zero accounting struct is valid.
        let mut info: JOBOBJECT_BASIC_ACCOUNTING_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: the pointer and size describe `info`, alive for the call.
        let ok = unsafe {
            QueryInformationJobObject(
                self.0,
                JobObjectBasicAccountingInformation,
                (&mut info as *mut JOBOBJECT_BASIC_ACCOUNTING_INFORMATION).cast(),
                size_of::<JOBOBJECT_BASIC_ACCOUNTING_INFORMATION>() as u32,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 { 0 } else { info.ActiveProcesses }
    }
}

impl Drop for Job {
    /// Closing the last handle kills whatever is still in the job.
    fn drop(&mut self) {
        // SAFETY: closing the handle this value owns, once.
        unsafe {
            CloseHandle(self.0);
        }
    }
}
