//! Questions on a terminal that every command shares: yes/no
//! confirmation, and putting the terminal back as it was when the user
//! presses Ctrl-C at a prompt. Only called when `ctx.interactive`; nothing
//! prompts off a terminal.

use dialoguer::Confirm;

use crate::error::Error;
use crate::output::Output;

/// The hint when a question cannot be asked, for commands whose `--yes`
/// goes ahead without asking.
pub const PASS_YES: &str =
    "pass --yes to go ahead without being asked (prompts need stdin and stderr on a terminal)";

/// The error for a question dialoguer could not ask (`what`: `could not
/// ask "..."`), with `instead` (the flag that skips it) as the hint. Every
/// question goes to stderr (dialoguer draws on it): with stdin on a
/// terminal but stderr redirected, its "IO error: not a terminal" is about
/// stderr, and says so.
pub fn ask_failed(what: &str, e: dialoguer::Error, instead: &str) -> Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::NotConnected {
        return Error::new(format!(
            "{what}: the question goes to stderr, which is not a terminal (it is redirected), \
so mcpctl cannot ask"
        ))
        .hint(format!("run it with stderr on the terminal, or {instead}"));
    }
    Error::new(format!("{what}: {e}")).hint(instead)
}

/// Yes/no, default no. `cannot_ask` is the hint when the terminal cannot
/// take the question (every caller has a flag that skips it). dialoguer
/// writes to the terminal itself, past `out`: the question goes through
/// `out`'s masking and escaping first (a name, a URL with a secret).
pub fn confirm(out: &Output, question: &str, cannot_ask: &str) -> Result<bool, Error> {
    restore_terminal_on_interrupt();
    Confirm::new()
        .with_prompt(out.for_prompt(question))
        .default(false)
        .interact()
        .map_err(|e| ask_failed(&format!("could not ask \"{question}\""), e, cannot_ask))
}

/// One of `items` (the index), `default` preselected. `cannot_ask` as
/// for [`confirm`].
pub fn choose(
    out: &Output,
    question: &str,
    items: &[&str],
    default: usize,
    cannot_ask: &str,
) -> Result<usize, Error> {
    restore_terminal_on_interrupt();
    let items: Vec<String> = items.iter().map(|i| out.for_prompt(i)).collect();
    dialoguer::Select::new()
        .with_prompt(out.for_prompt(question))
        .items(&items)
        .default(default)
        .interact()
        .map_err(|e| ask_failed(&format!("could not ask \"{question}\""), e, cannot_ask))
}

/// Make Ctrl-C at a prompt leave the terminal usable. dialoguer hides the
/// cursor during a yes/no question and turns echo off for hidden input; a
/// Ctrl-C kills mcpctl in the middle, leaving the user's terminal without a
/// cursor or without echo. This installs (once) a SIGINT handler that puts
/// back the terminal settings seen before the first prompt, shows the
/// cursor, deletes the config's lock file (no `.NAME.mcpctl-lock` is left
/// behind), then dies of SIGINT as before (exit status 130 in a shell).
pub fn restore_terminal_on_interrupt() {
    #[cfg(unix)]
    interrupt::install();
}

#[cfg(unix)]
mod interrupt {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// stdin's terminal settings before any prompt changed them.
    static SAVED: OnceLock<libc::termios> = OnceLock::new();
    static INSTALLED: AtomicBool = AtomicBool::new(false);

    pub fn install() {
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return;
        }
        let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills `t` when it returns 0.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, t.as_mut_ptr()) } == 0 {
            // SAFETY: initialised by the successful tcgetattr above.
            let _ = SAVED.set(unsafe { t.assume_init() });
        }
        let handler = on_sigint as extern "C" fn(libc::c_int);
        // SAFETY: the handler only calls async-signal-safe functions.
        unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
    }

    extern "C" fn on_sigint(sig: libc::c_int) {
        const SHOW_CURSOR: &[u8] = b"\x1b[?25h\n";
        // SAFETY: tcsetattr, isatty, write, unlink, signal and raise are
        // async-signal-safe; SAVED is only read (set before install), and
        // the lock's path is an atomic load of a string nobody frees while
        // it is held.
        unsafe {
            if let Some(t) = SAVED.get() {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
            // the config's lock, held while the user is asked: deleted as
            // its holder deletes it when done (unlink is signal-safe)
            crate::platform::interrupt::unlink_held();
            if libc::isatty(libc::STDERR_FILENO) == 1 {
                libc::write(
                    libc::STDERR_FILENO,
                    SHOW_CURSOR.as_ptr().cast(),
                    SHOW_CURSOR.len(),
                );
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }
}
