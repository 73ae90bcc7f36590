//! The read pipeline every command uses: locate the file, read it, and
//! check it (syntax → schema → lint) into one sorted list of diagnostics
//! plus the servers it declares.
//!
//! [`load`] does the I/O; [`check`] and [`check_text`] are pure (editors use
//! `check_text` to validate a new text before writing it).

use std::path::Path;

use super::diag::Diagnostic;
use super::lint::{self, LintContext};
use super::locate::{self, Located, RealFs};
use super::model::{self, ServerEntry};
use super::schema;
use super::source::{ReadError, Source};
use super::syntax::{self, Document};
use crate::codes::Code;
use crate::error::{Error, Stop};
use crate::platform::HostEnv;

/// A located, read and checked config.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub located: Located,
    pub source: Source,
    pub doc: Document,
    /// Syntax, schema and lint diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The servers under `mcpServers`, in source order (empty when the
    /// file has no usable tree).
    pub servers: Vec<ServerEntry>,
}

impl Loaded {
    /// A config with no file at its path: no text, no servers. For the
    /// commands that go on with what sits beside the file (its Desktop
    /// Extensions) when there is none.
    pub fn no_file(located: Located) -> Loaded {
        let source = Source::from_text(&located.path, "");
        Loaded {
            doc: syntax::parse(&source),
            source,
            located,
            diagnostics: Vec::new(),
            servers: Vec::new(),
        }
    }

    /// Every error found, counted or kept (see `diag::MAX_KEPT`).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count() + self.doc.dropped.errors
    }
    /// The file's secrets (every `env`/`headers` value), for the output
    /// layer to mask.
    pub fn secrets(&self) -> crate::secrets::Secrets {
        super::secrets::of(
            self.doc.root.as_ref(),
            &self.doc.extra_values,
            &self.source.text,
        )
    }
    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count() + self.doc.dropped.warnings
    }
}

/// Why the config could not be loaded: each names the path and the rule
/// that chose it, and says what to do ([`LoadError::hint`]).
#[derive(Debug)]
pub enum LoadError {
    /// Where the config is cannot be told (e.g. no home folder).
    Unknown { reason: String },
    /// Nothing at the located path.
    Missing { located: Box<Located> },
    /// A folder at the located path.
    Folder { located: Box<Located> },
    /// The file could not be read.
    Unreadable {
        located: Box<Located>,
        error: std::io::Error,
    },
    /// What is at the path is not a config file mcpctl may read: a
    /// device, a FIFO, a dangling link, a loop of links, a huge file.
    Refused {
        located: Box<Located>,
        why: ReadError,
    },
}

impl LoadError {
    pub fn message(&self) -> String {
        match self {
            LoadError::Unknown { reason } => {
                format!("cannot tell where Claude Desktop's config is: {reason}")
            }
            LoadError::Missing { located: l } => format!(
                "no config file at {} (chosen by rule `{}`: {})",
                l.path.display(),
                l.rule,
                l.reason
            ),
            LoadError::Folder { located: l } => format!(
                "{} is a folder, not a config file (rule `{}`)",
                l.path.display(),
                l.rule
            ),
            LoadError::Unreadable { located, error } => {
                format!("cannot read {}: {error}", located.path.display())
            }
            LoadError::Refused { located, why } => why.message(&located.path),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            LoadError::Unknown { .. } => "pass the file with --config PATH (or set MCPCTL_CONFIG)",
            LoadError::Missing { .. } => {
                "`mcpctl add NAME -- COMMAND ARGS...` creates it; `mcpctl path` shows where mcpctl looks"
            }
            LoadError::Folder { .. } => "pass the file itself with --config PATH",
            LoadError::Unreadable { .. } => crate::platform::unreadable_file_hint(),
            LoadError::Refused { why, .. } => why.hint(),
        }
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Error {
        Error::new(e.message()).hint(e.hint())
    }
}

impl From<LoadError> for Stop {
    fn from(e: LoadError) -> Stop {
        Stop::Failed(e.into())
    }
}

/// Locate, read and check the config. A missing or unreadable file is a
/// [`LoadError`] naming the path and the rule that chose it.
pub fn load(host: &HostEnv, flag: Option<&Path>) -> Result<Loaded, LoadError> {
    load_in(host, flag, None)
}

/// [`load`], remembering in `memo` what lint said of each server entry
/// (for a caller that checks changed texts of the file next, under
/// `LintContext::for_host(host)`: doctor, planning its repairs).
pub fn load_remembering(
    host: &HostEnv,
    flag: Option<&Path>,
    memo: &lint::Memo,
) -> Result<Loaded, LoadError> {
    load_in(host, flag, Some(memo))
}

fn load_in(
    host: &HostEnv,
    flag: Option<&Path>,
    memo: Option<&lint::Memo>,
) -> Result<Loaded, LoadError> {
    let located = locate_known(host, flag)?;
    let source = read(&located)?;
    let (doc, diagnostics) = check_in(&source, &LintContext::for_host(host), memo);
    let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
    Ok(Loaded {
        located,
        source,
        doc,
        diagnostics,
        servers,
    })
}

/// Where the config file is (flag, `MCPCTL_CONFIG`, or the OS rule), or a
/// failure when that cannot be told (e.g. no home folder): what every
/// command does first.
pub fn locate_known(host: &HostEnv, flag: Option<&Path>) -> Result<Located, LoadError> {
    let located = locate::locate(host, flag, &RealFs);
    if !located.is_known() {
        return Err(LoadError::Unknown {
            reason: located.reason,
        });
    }
    Ok(located)
}

/// The server names of the config a shell completion is for: the file
/// after `--config` on the command line being completed (`args`), else
/// `MCPCTL_CONFIG`, else the app's own file. Tolerant (a file with errors
/// still yields its names); empty when there is no file. Only completion
/// calls this: it must never fail or print.
pub fn names_for_completion(host: &HostEnv, args: &[String]) -> Vec<String> {
    let Some(located) = located_for_completion(host, args) else {
        return Vec::new();
    };
    let Ok(source) = Source::read(&located.path) else {
        return Vec::new();
    };
    super::edit::server_names(syntax::parse(&source).root.as_ref())
}

/// The config a completion request is about: `--config` among the words
/// typed so far, else the one mcpctl reads.
pub fn located_for_completion(host: &HostEnv, args: &[String]) -> Option<Located> {
    let flag = args
        .windows(2)
        .find(|w| w[0] == "--config")
        .map(|w| w[1].clone())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--config=").map(str::to_string))
        });
    locate_known(host, flag.as_deref().map(Path::new)).ok()
}

/// Read the located file, or say why not.
fn read(located: &Located) -> Result<Source, LoadError> {
    let located_box = || Box::new(located.clone());
    Source::read(&located.path).map_err(|why| match why {
        ReadError::NotFound => LoadError::Missing {
            located: located_box(),
        },
        ReadError::Folder => LoadError::Folder {
            located: located_box(),
        },
        ReadError::Io(error) => LoadError::Unreadable {
            located: located_box(),
            error,
        },
        why => LoadError::Refused {
            located: located_box(),
            why,
        },
    })
}

/// Parse and check a source: syntax, then schema and lint on whatever tree
/// could be recovered (so one run reports every problem). Diagnostics are
/// sorted by position; those without a position come first.
pub fn check(source: &Source, lint_ctx: &LintContext) -> (Document, Vec<Diagnostic>) {
    check_in(source, lint_ctx, None)
}

fn check_in(
    source: &Source,
    lint_ctx: &LintContext,
    memo: Option<&lint::Memo>,
) -> (Document, Vec<Diagnostic>) {
    let mut doc = syntax::parse(source);
    let mut diagnostics = doc.diagnostics.clone();
    if let Some(root) = &doc.root {
        let linted = match memo {
            Some(memo) => lint::lint_with(root, source, lint_ctx, memo),
            None => lint::lint(root, source, lint_ctx),
        };
        let before = diagnostics.len();
        drop_generic_duplicates(&mut diagnostics, &linted);
        // each duplicate server name has one `duplicate-key` from the
        // syntax pass: those it only counted are dropped too
        let servers = linted
            .iter()
            .filter(|d| d.code == Code::DuplicateServer)
            .count();
        let counted = servers
            .saturating_sub(before - diagnostics.len())
            .min(doc.dropped.duplicate_keys);
        doc.dropped.warnings -= counted;
        doc.dropped.duplicate_keys -= counted;
        diagnostics.extend(schema::validate(root, source, lint_ctx.os));
        diagnostics.extend(linted);
    }
    sort(&mut diagnostics);
    (doc, diagnostics)
}

/// [`check`] on a text (e.g. an editor's new file contents) under `path`.
pub fn check_text(
    path: &Path,
    text: &str,
    lint_ctx: &LintContext,
) -> (Source, Document, Vec<Diagnostic>) {
    let source = Source::from_text(path, text);
    let (doc, diags) = check(&source, lint_ctx);
    (source, doc, diags)
}

/// [`check_text`] with lint's [`Memo`](lint::Memo) of earlier checks
/// under the same `lint_ctx` (the result is the same; unchanged server
/// entries cost less).
pub fn check_text_with(
    path: &Path,
    text: &str,
    lint_ctx: &LintContext,
    memo: &lint::Memo,
) -> (Source, Document, Vec<Diagnostic>) {
    let source = Source::from_text(path, text);
    let (doc, diags) = check_in(&source, lint_ctx, Some(memo));
    (source, doc, diags)
}

/// The syntax pass warns about every duplicate key; for server names lint
/// says it better (`duplicate-server`), so keep only that one.
fn drop_generic_duplicates(syntax: &mut Vec<Diagnostic>, linted: &[Diagnostic]) {
    let dup_spans: crate::text::FastSet<_> = linted
        .iter()
        .filter(|d| d.code == Code::DuplicateServer)
        .flat_map(|d| d.span.into_iter().chain(d.related.iter().map(|r| r.span)))
        .collect();
    syntax.retain(|d| {
        !(d.code == Code::DuplicateKey && d.span.is_some_and(|s| dup_spans.contains(&s)))
    });
}

/// By position (start, then end), errors before warnings at one spot.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        (
            d.span.map(|s| (s.start + 1, s.end)).unwrap_or((0, 0)),
            d.severity,
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Os;

    fn homeless() -> HostEnv {
        HostEnv {
            os: Os::Linux,
            home: None,
            vars: Default::default(),
            cwd: "/".into(),
            non_unicode: Default::default(),
        }
    }

    #[test]
    fn no_home_and_no_flag_is_a_failure_with_a_hint() {
        let f = Error::from(locate_known(&homeless(), None).unwrap_err());
        assert!(
            f.message
                .starts_with("cannot tell where Claude Desktop's config is: "),
            "{}",
            f.message
        );
        assert!(f.hint.is_some_and(|h| h.contains("--config PATH")));
        let f = load(&homeless(), None).unwrap_err();
        assert!(
            f.message().starts_with("cannot tell where"),
            "{}",
            f.message()
        );
        let ok = locate_known(&homeless(), Some(Path::new("/x/c.json"))).unwrap();
        assert_eq!(ok.path, Path::new("/x/c.json"));
    }

    /// Every diagnostic the read pipeline makes (syntax, schema, lint) has
    /// the severity the code registry gives its code.
    #[test]
    fn diagnostics_have_the_registrys_severity() {
        let texts = [
            "\u{feff}{\"mcpServers\": {\"a\": {\"command\": \"x\",}, // c\n \"a\": {'command': True}}}",
            r#"{"mcpServers": {"a": {"command": "npx -y pkg", "env": {"K": 1, "E": ""}, "cwd": "/x"},
                "b": {"url": "https://x"}, "c": {"command": "./s.py", "args": ["~/x", "${HOME}", "<YOUR_KEY>"]},
                "d": {"command": "docker", "args": ["run", "-it", "img"]}, "e": {"args": [1]}, "": {"command": "~/x"}}}"#,
            r#"{"servers": {"a": {"command": "$HOME/x", "disabled": true, "typo": 1}}} {}"#,
            "{\"mcpServers\": {\"a\": {\"command\": \"C:\\Users\\x.exe\", \"args\": [01, .5, NaN]}",
            "",
        ];
        let ctx = LintContext::for_host(&homeless());
        let mut seen = std::collections::BTreeSet::new();
        for text in texts {
            for d in check_text(Path::new("c.json"), text, &ctx).2 {
                assert_eq!(d.severity, d.code.severity().into(), "{}", d.code);
                seen.insert(d.code);
            }
        }
        assert!(seen.len() > 20, "only {seen:?}");
    }
}
