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
//!
//! It is also the rendering boundary where secrets and terminals are
//! protected, once for every command: all human text ([`Output::print`],
//! [`Output::eprint`]) has the run's secrets masked (`secrets`) and its
//! control characters made visible (`escape`); a JSON document
//! ([`Output::json`]) has the secrets masked in its strings (JSON escapes
//! control characters itself). A command hands its secrets over with
//! [`Output::hide`] as soon as it has read the config. Raw bytes (a schema,
//! a completion script: mcpctl's own) go through [`Output::write_bytes`].

use std::io::{self, Write};

use serde::Serialize;

use crate::report::style::Style;
use crate::secrets::Secrets;

/// Where the report goes (stdout) and where notes, warnings and errors go
/// (stderr), with the styling each may use.
pub struct Output {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Styling for stdout (colour only on a terminal, never with NO_COLOR).
    pub style: Style,
    /// Styling for stderr.
    pub err_style: Style,
    /// What is masked in everything written (empty with --show-secrets).
    secrets: Secrets,
    /// `--config PATH` as a shell word, when the run was given one: added
    /// to every command a message suggests (see [`Output::suggest_config`]).
    config_arg: Option<String>,
}

/// How a message quotes a command to run.
const SUGGESTED: &str = "`mcpctl ";

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
            secrets: Secrets::none(),
            config_arg: None,
        }
    }

    /// The run was given `--config PATH`: every command a message
    /// suggests (`` `mcpctl env NAME K=V` ``) is shown with it, so following
    /// a hint acts on the file that was checked, not on the app's own.
    pub fn suggest_config(&mut self, path: &std::path::Path) {
        let text = path.display().to_string();
        // cmd.exe and PowerShell take a backslash as it is: a Windows path
        // is quoted only when it holds a space or another special character
        let word = if cfg!(windows) {
            if text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_./:\\@+=,-".contains(c))
            {
                text
            } else {
                format!("\"{text}\"")
            }
        } else {
            crate::text::shell_word(&text)
        };
        self.config_arg = Some(format!("--config {word}"));
    }

    /// `text` with `insert` after each suggested `mcpctl ` that does not
    /// already name a config (or only asks for help or the version).
    fn with_config<'a>(text: &'a str, insert: Option<&str>) -> std::borrow::Cow<'a, str> {
        let Some(insert) = insert.filter(|_| text.contains(SUGGESTED)) else {
            return std::borrow::Cow::Borrowed(text);
        };
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text;
        while let Some(i) = rest.find(SUGGESTED) {
            let after = &rest[i + SUGGESTED.len()..];
            out.push_str(&rest[..i + SUGGESTED.len()]);
            if !["--config", "--version", "--help", "help"]
                .iter()
                .any(|w| after.starts_with(w))
            {
                out.push_str(insert);
                out.push(' ');
            }
            rest = after;
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
    }

    /// Mask these secrets in everything written from now on (added to
    /// those already given).
    pub fn hide(&mut self, secrets: &Secrets) {
        self.secrets.extend(secrets);
    }

    /// Text for a question mcpctl's prompt library writes to the terminal
    /// itself (`commands::prompt`): secrets masked, control characters
    /// escaped, no colour.
    pub fn for_prompt(&self, text: &str) -> String {
        self.safe(text, false)
    }

    /// A JUnit report (`--junit FILE`), with the same secrets masked and
    /// the same `--config` in the commands it suggests (escaped for XML).
    pub fn junit(&self, xml: &str) -> String {
        let insert = self.config_arg.as_deref().map(|a| {
            a.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&apos;")
        });
        let targeted = Output::with_config(xml, insert.as_deref());
        self.secrets.mask(&targeted).into_owned()
    }

    /// Human text as it may reach a terminal: secrets masked, control
    /// characters escaped (mcpctl's own colours kept when `color`).
    fn safe(&self, text: &str, color: bool) -> String {
        // the path added is masked and escaped like the rest
        let targeted = Output::with_config(text, self.config_arg.as_deref());
        let masked = self.secrets.mask(&targeted);
        crate::escape::terminal(&masked, color).into_owned()
    }

    /// [`Output::with_config`] for a rendered JSON document: the insertion
    /// escaped as the JSON string it lands in.
    fn json_targeted(&self, text: String) -> String {
        let Some(arg) = &self.config_arg else {
            return text;
        };
        // masked like every string of the document
        let quoted = serde_json::Value::String(self.secrets.mask(arg).into_owned()).to_string();
        let escaped = &quoted[1..quoted.len() - 1];
        Output::with_config(&text, Some(escaped)).into_owned()
    }

    /// Human text on stdout (masked and escaped).
    pub fn print(&mut self, text: &str) -> io::Result<()> {
        let text = self.safe(text, self.style.color);
        self.out.write_all(text.as_bytes())
    }

    /// A report model as its JSON document on stdout, secrets masked in
    /// every string.
    pub fn json<T: Serialize + ?Sized>(&mut self, model: &T) -> io::Result<()> {
        let text = crate::report::json::render_masked(model, &self.secrets);
        let text = self.json_targeted(text);
        self.out.write_all(text.as_bytes())
    }

    /// A report model as one JSON line on stdout (`logs --follow --json`),
    /// secrets masked in every string.
    pub fn json_line<T: Serialize + ?Sized>(&mut self, model: &T) -> io::Result<()> {
        let text = crate::report::json::line_masked(model, &self.secrets);
        let text = self.json_targeted(text);
        self.out.write_all(text.as_bytes())
    }

    /// A line on stdout (a newline is added).
    pub fn println(&mut self, line: &str) -> io::Result<()> {
        self.print(&format!("{line}\n"))
    }

    /// Bytes on stdout, as is (a schema, a completion script).
    pub fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Human text on stderr (masked and escaped).
    pub fn eprint(&mut self, text: &str) -> io::Result<()> {
        let text = self.safe(text, self.err_style.color);
        self.err.write_all(text.as_bytes())
    }

    /// A line on stderr (a newline is added).
    pub fn eprintln(&mut self, line: &str) -> io::Result<()> {
        self.eprint(&format!("{line}\n"))
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

/// Whether the process's stdout is a pipe whose reader went away, without
/// writing to it: a command that waits for something to print (`logs
/// --follow`) asks, so `mcpctl logs -f | grep -m1 x` ends when grep does,
/// not at the next line the app logs. `poll` reports POLLERR on the write
/// end of a pipe with no reader; a terminal or a file never does.
pub fn stdout_reader_gone() -> bool {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: libc::STDOUT_FILENO,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, no wait.
        let n = unsafe { libc::poll(&mut fd, 1, 0) };
        n == 1 && fd.revents & libc::POLLERR != 0
    }
    #[cfg(not(unix))]
    false
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

    fn buffered(color: bool) -> (Output, Shared, Shared) {
        let (o, e) = (Shared::default(), Shared::default());
        let out = Output::new(
            Box::new(o.clone()),
            Box::new(e.clone()),
            Style::new(color),
            Style::new(color),
        );
        (out, o, e)
    }

    fn text(s: &Shared) -> String {
        String::from_utf8(s.0.borrow().clone()).unwrap()
    }

    /// Every human write is escaped and masked, once, here: a renderer
    /// that forgets cannot leak.
    #[test]
    fn human_text_is_masked_and_escaped_at_the_boundary() {
        let (mut out, o, e) = buffered(true);
        let mut secrets = Secrets::none();
        secrets.add(Some("API_KEY"), "sk-live-0123456789");
        out.hide(&secrets);
        let red = Style::new(true).red("error:");
        out.println(&format!(
            "{red} server \x1b]0;pwned\x07 said sk-live-0123456789"
        ))
        .unwrap();
        out.eprintln("\x1b[2Jcleared? sk-live-0123456789\r")
            .unwrap();
        assert_eq!(
            text(&o),
            format!("{red} server \\x1b]0;pwned\\x07 said ****\n")
        );
        assert_eq!(text(&e), "\\x1b[2Jcleared? ****\\r\n");
    }

    #[test]
    fn json_strings_are_masked_keys_and_shape_kept() {
        let (mut out, o, _) = buffered(false);
        let mut secrets = Secrets::none();
        secrets.add(Some("TOKEN"), "ghp_0123456789abcdef");
        out.hide(&secrets);
        let doc = serde_json::json!({"message": "bad token ghp_0123456789abcdef", "line": 3,
            "stderr_tail": ["x ghp_0123456789abcdef"], "ctl": "\u{1b}[2J"});
        out.json(&doc).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text(&o)).unwrap();
        assert_eq!(back["message"], "bad token ****");
        assert_eq!(back["stderr_tail"][0], "x ****");
        assert_eq!(back["line"], 3);
        assert!(
            text(&o).contains("\\u001b[2J"),
            "JSON escapes controls itself"
        );
    }

    #[test]
    fn suggested_commands_name_the_config_given() {
        let with = |t: &str| Output::with_config(t, Some("--config /x/c.json")).into_owned();
        assert_eq!(
            with("run `mcpctl doctor --fix`, then `mcpctl env a K=V`"),
            "run `mcpctl --config /x/c.json doctor --fix`, then `mcpctl --config /x/c.json env a K=V`"
        );
        // one that names a config already, or asks for help, is left
        for t in [
            "`mcpctl --config /y.json restore --merge-servers`",
            "`mcpctl --version`",
            "`mcpctl help add`",
            "mcpctl doctor (no backticks: prose)",
            // a server's script or a tool's text that pipes into mcpctl
            "jq .x f.json | mcpctl add-json y -; exec my-server",
        ] {
            assert_eq!(with(t), t);
        }
        assert_eq!(Output::with_config("`mcpctl list`", None), "`mcpctl list`");
        // in a JSON document the insertion is escaped for its string
        let shared = Shared::default();
        let mut out = Output::new(
            Box::new(shared.clone()),
            Box::new(Shared::default()),
            Style::plain(),
            Style::plain(),
        );
        out.suggest_config(std::path::Path::new("/tmp/my \"odd\" dir/c.json"));
        out.json(&serde_json::json!({"hint": "`mcpctl validate`"}))
            .unwrap();
        let text = String::from_utf8(shared.0.borrow().clone()).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let quoted = if cfg!(windows) {
            "\"/tmp/my \"odd\" dir/c.json\""
        } else {
            "'/tmp/my \"odd\" dir/c.json'"
        };
        assert_eq!(doc["hint"], format!("`mcpctl --config {quoted} validate`"));
        // a JUnit report gets it too, escaped for XML
        out.suggest_config(std::path::Path::new("/x/a&b.json"));
        assert_eq!(
            out.junit("<failure message=\"run `mcpctl validate`\"/>"),
            "<failure message=\"run `mcpctl --config &quot;/x/a&amp;b.json&quot; validate`\"/>"
        );
        // and a secret in the path is masked there like anywhere else
        let mut secrets = Secrets::none();
        secrets.add(Some("API_KEY"), "sk-secretpath-0123456789");
        out.hide(&secrets);
        out.suggest_config(std::path::Path::new("/x/sk-secretpath-0123456789/c.json"));
        out.print("hint: `mcpctl list`\n").unwrap();
        out.json(&serde_json::json!({"hint": "`mcpctl list`"}))
            .unwrap();
        let text = String::from_utf8(shared.0.borrow().clone()).unwrap();
        assert!(!text.contains("sk-secretpath"), "{text}");
        assert!(
            text.contains("`mcpctl --config /x/****/c.json list`"),
            "{text}"
        );
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
