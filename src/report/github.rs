//! The GitHub Actions renderer (`--format github`): workflow commands
//! (`::error file=F,line=L,col=C,title=T::message`) that the runner turns
//! into annotations on the pull request's lines: one per config diagnostic
//! (warnings as `::warning`) and one per failing server (naming the lane
//! that failed when it is not chat), at its entry's name in the config
//! when it has one; `doctor` adds the machine's findings about a server. Text a config or a server chose is
//! escaped as GitHub requires (`%`, CR, LF in the message; also `:` and `,`
//! in properties), so no server can end the command early or forge
//! another. Pure: models in, lines out.

use std::path::Path;

use super::diagnostics::DiagnosticJson;
use super::doctor::Doctor;
use super::launch::{LaunchRun, ServerLaunch, stderr_to_show};
use crate::config::diag::Severity;
use crate::machine::Level as FindingLevel;
use crate::probe::{Lane, LaneReport};

/// An annotation's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    fn command(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One workflow command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub level: Level,
    /// Relative to the repository root when it is under it (see [`relative`]).
    pub file: Option<String>,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub end_line: Option<usize>,
    pub end_col: Option<usize>,
    pub title: Option<String>,
    pub message: String,
}

impl Annotation {
    /// An annotation at no place (GitHub shows it on the run).
    pub fn new(level: Level, title: Option<String>, message: String) -> Annotation {
        Annotation {
            level,
            file: None,
            line: None,
            col: None,
            end_line: None,
            end_col: None,
            title,
            message,
        }
    }
}

/// Where a server's entry is: its file and the position of its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryAt {
    pub name: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// The workflow commands, one per line.
pub fn render(annotations: &[Annotation]) -> String {
    let mut out = String::new();
    for a in annotations {
        let mut props = Vec::new();
        if let Some(f) = &a.file {
            props.push(format!("file={}", escape_property(f)));
        }
        for (key, v) in [
            ("line", a.line),
            ("col", a.col),
            ("endLine", a.end_line),
            ("endColumn", a.end_col),
        ] {
            if let Some(v) = v {
                props.push(format!("{key}={v}"));
            }
        }
        if let Some(t) = &a.title {
            props.push(format!("title={}", escape_property(t)));
        }
        let props = if props.is_empty() {
            String::new()
        } else {
            format!(" {}", props.join(","))
        };
        out.push_str(&format!(
            "::{}{props}::{}\n",
            a.level.command(),
            escape_data(&a.message)
        ));
    }
    out
}

/// A message as GitHub requires: `%`, CR and LF percent-encoded.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `path` relative to `root` (the repository, i.e. the working directory)
/// with `/` separators when it is under it, as GitHub matches annotations
/// to the files of a pull request; as given otherwise.
pub fn relative(path: &str, root: &Path) -> String {
    match Path::new(path).strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        _ => path.to_string(),
    }
}

/// Every config diagnostic: errors as `::error`, warnings as `::warning`;
/// the hint follows the message.
pub fn diagnostics(diags: &[DiagnosticJson], root: &Path) -> Vec<Annotation> {
    diags
        .iter()
        .map(|d| Annotation {
            level: match d.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
            },
            file: Some(relative(&d.file, root)),
            line: d.line,
            col: d.column,
            end_line: d.end_line.filter(|_| d.line.is_some()),
            end_col: d.end_column.filter(|_| d.end_line == d.line),
            title: Some(format!("mcpctl: {}", d.code.id())),
            message: with_hint(&d.message, d.hint.as_deref()),
        })
        .collect()
}

/// Every failing server (and extension) of a run, at its entry when
/// `entries` has it; a slow start that still answered is a warning.
pub fn launch(run: &LaunchRun, entries: &[EntryAt], root: &Path) -> Vec<Annotation> {
    let servers = run
        .servers
        .iter()
        .map(|s| (s.name.as_str(), s, "mcpctl test-launch: server"));
    let extensions = run.extensions.iter().filter_map(|e| {
        let what = "mcpctl test-launch: extension";
        e.result.as_ref().map(|r| (e.name.as_str(), r, what))
    });
    let mut out: Vec<Annotation> = servers
        .chain(extensions)
        .filter_map(|(name, s, what)| server(name, s, what, entries, root))
        .collect();
    out.extend(run.extensions.iter().filter(|e| !e.app_starts).map(|e| {
        let why: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
        Annotation::new(
            Level::Error,
            Some(format!("mcpctl test-launch: extension {}", e.name)),
            format!("Claude Desktop would not start it: {}", why.join("; ")),
        )
    }));
    out
}

/// A failing server's annotation (`what`: the title's start, e.g.
/// `mcpctl test-launch: server`): at its entry, one per server. Its
/// message is the chat lane's (the server's own, docs/json/test-launch.md)
/// when that lane failed, else the first failing lane's (then the title
/// names the lane, e.g. `server NAME (cowork)`); a lane failing otherwise
/// than the one told adds a line.
fn server(
    name: &str,
    s: &ServerLaunch,
    what: &str,
    entries: &[EntryAt],
    root: &Path,
) -> Option<Annotation> {
    let level = if !s.ok {
        Level::Error
    } else if s.verdict != crate::probe::Verdict::Ok {
        Level::Warning
    } else {
        return None;
    };
    let at = entries.iter().find(|e| e.name == name);
    let failing: Vec<&LaneReport> = s.lanes.0.iter().filter(|l| !l.ok).collect();
    let chat_told = s.verdict != crate::probe::Verdict::Ok
        || failing.is_empty()
        || failing.iter().any(|l| l.lane == Lane::Chat);
    let (head, title) = if chat_told {
        let mut m = with_hint(
            &format!("{}: {}", s.verdict.as_str(), s.message),
            s.hint.as_deref(),
        );
        let tail = stderr_to_show(&s.stderr_tail, &s.message);
        if !s.ok && !tail.is_empty() {
            m.push_str("\nstderr (last lines):\n");
            m.push_str(&tail.join("\n"));
        }
        (m, format!("{what} {name}"))
    } else {
        let l = failing[0];
        let mut m = with_hint(
            &format!("{}: {}", l.verdict.as_str(), l.message),
            l.hint.as_deref(),
        );
        let tail = stderr_to_show(&l.stderr_tail, &l.message);
        if !tail.is_empty() {
            m.push_str("\nstderr (last lines):\n");
            m.push_str(&tail.join("\n"));
        }
        let title = format!("{what} {name} ({})", l.lane.as_str());
        (m, title)
    };
    let told = if chat_told {
        s.verdict
    } else {
        failing[0].verdict
    };
    let mut message = head;
    for l in failing
        .iter()
        .filter(|l| l.lane != Lane::Chat && l.verdict != told)
    {
        message.push_str(&format!(
            "\n{}: fails too ({}): {}",
            l.lane.as_str(),
            l.verdict.as_str(),
            l.message
        ));
    }
    Some(Annotation {
        level,
        file: at.map(|e| relative(&e.file, root)),
        line: at.map(|e| e.line),
        col: at.map(|e| e.col),
        end_line: None,
        end_col: None,
        title: Some(title),
        message,
    })
}

/// A doctor run: every diagnostic of the file (the file's and each
/// server's), each server's machine findings (errors and warnings) at its
/// entry, and every failing server and extension launch as `test-launch`
/// annotates them. `entries`: where each server's entry is.
pub fn doctor(d: &Doctor, entries: &[EntryAt], root: &Path, show_secrets: bool) -> Vec<Annotation> {
    let mut all = DiagnosticJson::all_of(&d.source, None, &d.file_diagnostics);
    for s in &d.servers {
        all.extend(DiagnosticJson::all_of(
            &d.source,
            Some(&s.entry.name),
            &s.diagnostics,
        ));
    }
    // in source order (the unpositioned first), as validate's
    all.sort_by_key(|x| (x.line, x.column));
    let mut out = diagnostics(&all, root);
    for s in &d.servers {
        let at = entries.iter().find(|e| e.name == s.entry.name);
        for f in s.findings.iter().filter(|f| f.level != FindingLevel::Note) {
            out.push(Annotation {
                level: if f.level == FindingLevel::Error {
                    Level::Error
                } else {
                    Level::Warning
                },
                file: at.map(|e| relative(&e.file, root)),
                line: at.map(|e| e.line),
                col: at.map(|e| e.col),
                end_line: None,
                end_col: None,
                title: Some(format!("mcpctl: {}", f.code.id())),
                message: with_hint(&f.message, f.hint.as_deref()),
            });
        }
    }
    // a launch that could not start the command an error above is about
    // is that error, told once (as doctor's text and counts do)
    for s in d.servers.iter().filter(|s| !s.launch_explained()) {
        if let Some(p) = &s.probe {
            let shown = ServerLaunch::new(p, show_secrets);
            let what = "mcpctl doctor: server";
            out.extend(server(&s.entry.name, &shown, what, entries, root));
        }
    }
    for e in d.app_state.iter().flat_map(|a| &a.extensions) {
        if let Some(r) = e.launch.as_ref().and_then(|l| l.result.as_ref()) {
            out.extend(server(&e.id, r, "mcpctl doctor: extension", entries, root));
        }
    }
    out
}

fn with_hint(message: &str, hint: Option<&str>) -> String {
    match hint {
        Some(h) => format!("{message}\nhint: {h}"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare(message: &str) -> Annotation {
        Annotation::new(Level::Error, None, message.into())
    }

    #[test]
    fn messages_and_properties_are_escaped_as_github_requires() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        // a server's line cannot end the command and start another
        let forged = bare("boom\n::error file=x::forged");
        assert_eq!(
            render(&[forged]),
            "::error::boom%0A::error file=x::forged\n"
        );
    }

    #[test]
    fn properties_in_order_and_only_those_known() {
        let a = Annotation {
            level: Level::Warning,
            file: Some("cfg/claude, desktop.json".into()),
            line: Some(3),
            col: Some(5),
            end_line: Some(3),
            end_col: Some(9),
            title: Some("mcpctl: x".into()),
            message: "m".into(),
        };
        assert_eq!(
            render(&[a, bare("plain")]),
            "::warning file=cfg/claude%2C desktop.json,line=3,col=5,endLine=3,endColumn=9,\
title=mcpctl%3A x::m\n::error::plain\n"
        );
    }

    #[test]
    fn paths_under_the_root_become_relative() {
        let root = Path::new("/repo");
        assert_eq!(relative("/repo/a/b.json", root), "a/b.json");
        assert_eq!(relative("/elsewhere/b.json", root), "/elsewhere/b.json");
        assert_eq!(relative("/repo", root), "/repo");
    }
}
