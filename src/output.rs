//! The one output path. Every byte mcpctl writes to stdout or stderr goes
//! through an [`Output`], whose writes return `io::Result` like any other
//! I/O: nothing here panics, and a write that fails travels up as an error
//! (`error::Stop::Output`) to the one place that decides what it means
//! (`run_from_args`: a closed pipe is a quiet exit). The crate forbids
//! `print!`/`eprintln!` elsewhere (clippy's `print_stdout`/`print_stderr`);
//! renderers build text, commands hand it here.
//!
//! SIGPIPE stays ignored (the probe writes to servers' stdin, and a dead
//! server must not kill mcpctl), so a reader that goes away shows up as a
//! `BrokenPipe` error on the next write, on stdout or on stderr alike.

use std::io::{self, Write};

use crate::report::style::Style;

/// Where the report goes (stdout) and where notes, warnings and errors go
/// (stderr), with the styling each may use.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Styling for stdout (colour only on a terminal, never with NO_COLOR).
    pub style: Style,
    /// Styling for stderr.
    pub err_style: Style,
}

impl Output {
    /// The process's stdout and stderr.
    pub fn stdio(style: Style, err_style: Style) -> Output {
        Output::new(
            Box::new(io::stdout()),
            Box::new(io::stderr()),
            style,
            err_style,
        )
    }

    /// Any two writers (tests use buffers, or a writer that fails).
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>, style: Style, err_style: Style) -> Output {
        Output {
            out,
            err,
            style,
            err_style,
        }
    }

    /// Text on stdout, as is.
    pub fn print(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    /// A line on stdout (a newline is added).
    pub fn println(&mut self, line: &str) -> io::Result<()> {
        self.print(line)?;
        self.print("\n")
    }

    /// Bytes on stdout, as is (a schema, a completion script).
    pub fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Text on stderr, as is.
    pub fn eprint(&mut self, text: &str) -> io::Result<()> {
        self.err.write_all(text.as_bytes())
    }

    /// A line on stderr (a newline is added).
    pub fn eprintln(&mut self, line: &str) -> io::Result<()> {
        self.eprint(line)?;
        self.eprint("\n")
    }

    /// Push out whatever the writers still hold.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}

/// Whether a write failed because the reader went away (`mcpctl list |
/// head -1`, or a closed stderr pipe): not an error to report, there is
/// nobody left to read it.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A writer that keeps what it is given, readable from the test.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn stdout_and_stderr_get_their_own_text() {
        let (o, e) = (Shared::default(), Shared::default());
        let mut out = Output::new(
            Box::new(o.clone()),
            Box::new(e.clone()),
            Style::plain(),
            Style::plain(),
        );
        out.println("report").unwrap();
        out.eprintln("note").unwrap();
        assert_eq!(o.0.borrow().as_slice(), b"report\n");
        assert_eq!(e.0.borrow().as_slice(), b"note\n");
    }

    #[test]
    fn a_closed_pipe_is_an_error_not_a_panic() {
        let mut out = Output::new(
            Box::new(Closed),
            Box::new(Closed),
            Style::plain(),
            Style::plain(),
        );
        let e = out.println("x").unwrap_err();
        assert!(is_closed_pipe(&e));
        assert!(is_closed_pipe(&out.eprintln("y").unwrap_err()));
        assert!(!is_closed_pipe(&io::Error::from(
            io::ErrorKind::StorageFull
        )));
    }
}
