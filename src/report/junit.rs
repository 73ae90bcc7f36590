//! The JUnit XML renderer (`--junit FILE`), for CI viewers: one
//! `<testsuite>` per run, one `<testcase>` per server **and lane** it was
//! launched in (`name="SERVER (chat)"`, `name="SERVER (cowork)"`; the
//! `classname` says what kind of thing it is, as before lanes:
//! `mcpctl.test-launch`, `mcpctl.doctor`, `.extension`, ...) with the
//! lane's verdict: a failure carries the verdict as `type`, the message as
//! `message`, message and hint as its text, and the copy's stderr tail in
//! `<system-err>`; what was not launched is `<skipped>`. `validate` gives a
//! test case per server entry (its diagnostics) and one for the file;
//! `doctor` both: a `SERVER (config)` case (the entry's diagnostics and the
//! machine's findings) beside its lanes. The attributes are those of the
//! common JUnit XSD (`name`, `classname`, `time`, `tests`, `failures`,
//! `errors`, `skipped`). Text is escaped for XML, and characters XML 1.0
//! cannot hold at all (control characters a server printed) are written as
//! `\u{1b}`. Pure: models in, text out.

use super::diagnostics::DiagnosticJson;
use super::doctor::Doctor;
use super::launch::{ExtensionLaunch, LaunchRun, ServerLaunch};
use super::validate::ValidateReport;
use crate::config::diag::Severity;
use crate::config::model::{ServerEntry, owner};
use crate::machine::{Finding, Level};
use crate::probe::Lane;

/// One run as a test suite.
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    pub name: String,
    pub cases: Vec<Case>,
}

/// One server.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub name: String,
    pub classname: String,
    /// Seconds.
    pub time: f64,
    pub outcome: Outcome,
    /// Lines for `<system-err>` (none: no element).
    pub system_err: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Failed {
        kind: String,
        message: String,
        text: String,
    },
    Skipped {
        message: String,
    },
}

impl Suite {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
}

/// A `test-launch` run: its servers and extensions, a case per lane, and
/// what was not launched.
pub fn launch(run: &LaunchRun) -> Suite {
    let classname = "mcpctl.test-launch";
    // a file the app cannot parse fails the run whatever the servers did
    // (they were launched from what mcpctl could recover)
    let file = run.info.config_parse_error.as_ref().map(|why| Case {
        name: "(config file)".into(),
        classname: classname.into(),
        time: 0.0,
        outcome: failed(
            "config-parse-error",
            &format!("Claude Desktop cannot parse {}: {why}", run.info.config),
            Some("it starts none of the servers: `mcpctl validate` shows where, `mcpctl doctor --fix` repairs it"),
        ),
        system_err: Vec::new(),
    });
    let mut cases: Vec<Case> = file
        .into_iter()
        .chain(
            run.servers
                .iter()
                .flat_map(|s| lane_cases(&s.name, classname, s)),
        )
        .collect();
    cases.extend(
        run.extensions
            .iter()
            .flat_map(|e| extension_cases(e, "mcpctl.test-launch.extension")),
    );
    for n in &run.not_launched {
        cases.push(Case {
            name: n.name.clone(),
            classname: "mcpctl.test-launch.not-launched".into(),
            time: 0.0,
            outcome: Outcome::Skipped {
                message: n.reason.clone(),
            },
            system_err: Vec::new(),
        });
    }
    Suite {
        name: "mcpctl test-launch".into(),
        cases,
    }
}

/// An extension's launch: its lanes, or one failing case when the app
/// would not start it.
fn extension_cases(e: &ExtensionLaunch, classname: &str) -> Vec<Case> {
    if let Some(r) = &e.result {
        return lane_cases(&e.name, classname, r);
    }
    let why: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
    let message = format!("Claude Desktop would not start it: {}", why.join("; "));
    vec![Case {
        name: e.name.clone(),
        classname: classname.into(),
        time: 0.0,
        outcome: Outcome::Failed {
            kind: "not-started".into(),
            text: message.clone(),
            message,
        },
        system_err: Vec::new(),
    }]
}

/// One server's launch as a case per lane it was checked in, named
/// `NAME (LANE)`. The chat lane's verdict, message, hint and stderr are the
/// server's own (docs/json/test-launch.md); another lane's are its own
/// copy's. Each case's time is its lane's own run (`LaneReport::elapsed`;
/// the lanes run together, so a server's cases can add up to more than
/// its wall time); a lane with no run of its own (a remote server's lanes
/// after the first, judged on the same conversation) has 0. A server with
/// no lanes checked is one case named after it; a failure no lane holds (the
/// server is not ok, every lane is) fails its first case, so a failing
/// server is never a green report.
fn lane_cases(name: &str, classname: &str, s: &ServerLaunch) -> Vec<Case> {
    let total = s.timings_ms.total as f64 / 1000.0;
    let mut cases: Vec<Case> = s
        .lanes
        .0
        .iter()
        .map(|l| {
            let chat = l.lane == Lane::Chat;
            let outcome = if l.ok {
                Outcome::Passed
            } else if chat {
                failed(s.verdict.as_str(), &s.message, s.hint.as_deref())
            } else {
                failed(l.verdict.as_str(), &l.message, l.hint.as_deref())
            };
            Case {
                name: format!("{name} ({})", l.lane.as_str()),
                classname: classname.into(),
                time: l.elapsed.map_or(0.0, |d| d.as_secs_f64()),
                outcome,
                system_err: if l.ok {
                    Vec::new()
                } else if chat {
                    s.stderr_tail.clone()
                } else {
                    l.stderr_tail.clone()
                },
            }
        })
        .collect();
    let own = || failed(s.verdict.as_str(), &s.message, s.hint.as_deref());
    match cases.first_mut() {
        None => cases.push(Case {
            name: name.into(),
            classname: classname.into(),
            time: total,
            outcome: if s.ok { Outcome::Passed } else { own() },
            system_err: if s.ok {
                Vec::new()
            } else {
                s.stderr_tail.clone()
            },
        }),
        Some(first) if !s.ok && s.lanes.all_ok() => {
            first.outcome = own();
            first.system_err = s.stderr_tail.clone();
        }
        Some(_) => {}
    }
    cases
}

fn failed(kind: &str, message: &str, hint: Option<&str>) -> Outcome {
    Outcome::Failed {
        kind: kind.into(),
        message: message.into(),
        text: match hint {
            Some(h) => format!("{message}\nhint: {h}"),
            None => message.into(),
        },
    }
}

/// A `doctor` run: a case for the file's own diagnostics, then per server
/// a `NAME (config)` case (its diagnostics and the machine's findings:
/// errors and warnings fail it, as they fail doctor) and a case per lane it
/// was launched in (none with `--no-launch`), then the enabled Desktop
/// Extensions' launches. `show_secrets` as the report's.
pub fn doctor(d: &Doctor, show_secrets: bool) -> Suite {
    let classname = "mcpctl.doctor";
    let file = DiagnosticJson::all_of(&d.source, None, &d.file_diagnostics);
    let file: Vec<&DiagnosticJson> = file.iter().collect();
    let mut cases = vec![diagnostics_case(
        "(config file)".into(),
        classname,
        &file,
        true,
    )];
    // no file, or one that cannot be read: nothing was checked
    if let Some(why) = &d.unread {
        cases[0].outcome = failed("not-read", &why.message, why.hint.as_deref());
    }
    for s in &d.servers {
        let diags = DiagnosticJson::all_of(&d.source, Some(&s.entry.name), &s.diagnostics);
        let diags: Vec<&DiagnosticJson> = diags.iter().collect();
        let mut case = diagnostics_case(
            format!("{} (config)", s.entry.name),
            classname,
            &diags,
            true,
        );
        with_findings(&mut case, &s.findings);
        cases.push(case);
        if let Some(p) = &s.probe {
            let shown = ServerLaunch::new(p, show_secrets);
            cases.extend(lane_cases(&s.entry.name, classname, &shown));
        }
    }
    for e in d.app_state.iter().flat_map(|a| &a.extensions) {
        if let Some(l) = &e.launch {
            cases.extend(extension_cases(l, "mcpctl.doctor.extension"));
        }
    }
    Suite {
        name: format!("mcpctl doctor {}", d.source.path.display()),
        cases,
    }
}

/// The machine's findings about a server (errors and warnings; notes do
/// not fail doctor) added to its config case.
fn with_findings(case: &mut Case, findings: &[Finding]) {
    let failing: Vec<&Finding> = findings.iter().filter(|f| f.level != Level::Note).collect();
    let Some(first) = failing.first() else {
        return;
    };
    let lines = failing.iter().map(|f| {
        let hint = f
            .hint
            .as_deref()
            .map(|h| format!("\n  hint: {h}"))
            .unwrap_or_default();
        format!("{}[{}]: {}{hint}", level(f.level), f.code.id(), f.message)
    });
    let lines: Vec<String> = lines.collect();
    case.outcome = match std::mem::replace(&mut case.outcome, Outcome::Passed) {
        Outcome::Failed {
            kind,
            message,
            text,
        } => Outcome::Failed {
            kind,
            message: format!("{message} (and {} more)", failing.len()),
            text: format!("{text}\n{}", lines.join("\n")),
        },
        _ => Outcome::Failed {
            kind: first.code.id().into(),
            message: match failing.len() {
                1 => first.message.clone(),
                n => format!("{} (and {} more)", first.message, n - 1),
            },
            text: lines.join("\n"),
        },
    };
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// A `validate` run: a case per server entry (`entries`: name and span)
/// failing on the errors inside it (warnings too with `--strict`, as the
/// report's `ok` says), a case for the file holding the rest, and with
/// `--extensions` a case per extension's manifest.
pub fn validate(r: &ValidateReport, entries: &[ServerEntry], strict: bool) -> Suite {
    let mut buckets: Vec<Vec<&DiagnosticJson>> = vec![Vec::new(); entries.len() + 1];
    for (d, shown) in r.found.iter().zip(&r.diagnostics) {
        let inside = d.span.and_then(|sp| owner(entries, sp));
        buckets[inside.map_or(0, |p| p + 1)].push(shown);
    }
    let names =
        std::iter::once("(config file)".to_string()).chain(entries.iter().map(|e| e.name.clone()));
    let mut cases: Vec<Case> = names
        .zip(buckets)
        .map(|(name, diags)| diagnostics_case(name, "mcpctl.validate", &diags, strict))
        .collect();
    for m in r.extensions.iter().flatten() {
        let diags: Vec<&DiagnosticJson> = m.diagnostics.iter().collect();
        let classname = "mcpctl.validate.extension";
        cases.push(diagnostics_case(m.id.clone(), classname, &diags, strict));
    }
    Suite {
        name: format!("mcpctl validate {}", r.file),
        cases,
    }
}

/// A case failing on the first of `diags` that fails the run (an error;
/// a warning too with `--strict`), its text every diagnostic of the case.
fn diagnostics_case(
    name: String,
    classname: &str,
    diags: &[&DiagnosticJson],
    strict: bool,
) -> Case {
    let failing: Vec<&&DiagnosticJson> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error || strict)
        .collect();
    let outcome = match failing.first() {
        None => Outcome::Passed,
        Some(first) => Outcome::Failed {
            kind: first.code.id().into(),
            message: match failing.len() {
                1 => first.message.clone(),
                n => format!("{} (and {} more)", first.message, n - 1),
            },
            text: diags.iter().map(|d| line(d)).collect::<Vec<_>>().join("\n"),
        },
    };
    Case {
        name,
        classname: classname.into(),
        time: 0.0,
        outcome,
        system_err: Vec::new(),
    }
}

/// One diagnostic as a line of a failure's text.
fn line(d: &DiagnosticJson) -> String {
    let at = match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}: ", d.file),
        _ => format!("{}: ", d.file),
    };
    let hint = d
        .hint
        .as_deref()
        .map(|h| format!("\n  hint: {h}"))
        .unwrap_or_default();
    format!(
        "{at}{}[{}]: {}{hint}",
        sev(d.severity),
        d.code.id(),
        d.message
    )
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The XML document, with `time` the run's wall time in seconds.
/// Each case's name, a repeat numbered (`github (2)`): a suite's case names
/// are unique in the JUnit schema, and a config may name two servers alike
/// (the app keeps the last).
fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let names: Vec<&str> = names.collect();
    let mut taken: crate::text::FastSet<String> = names.iter().map(|n| n.to_string()).collect();
    let mut seen: crate::text::FastSet<&str> = Default::default();
    names
        .iter()
        .map(|&n| {
            if seen.insert(n) {
                return n.to_string();
            }
            let mut k = 2;
            loop {
                let candidate = format!("{n} ({k})");
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
                k += 1;
            }
        })
        .collect()
}

pub fn render(suite: &Suite, time: f64) -> String {
    let tests = suite.cases.len();
    let failures = suite.count(|o| matches!(o, Outcome::Failed { .. }));
    let skipped = suite.count(|o| matches!(o, Outcome::Skipped { .. }));
    let counts = format!(
        "tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" \
time=\"{time:.3}\""
    );
    let name = attr(&suite.name);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!("<testsuites name=\"{name}\" {counts}>\n"));
    x.push_str(&format!("  <testsuite name=\"{name}\" {counts}>\n"));
    let names = unique_names(suite.cases.iter().map(|c| c.name.as_str()));
    for (c, case_name) in suite.cases.iter().zip(&names) {
        x.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
            attr(case_name),
            attr(&c.classname),
            c.time
        ));
        if c.outcome == Outcome::Passed && c.system_err.is_empty() {
            x.push_str("/>\n");
            continue;
        }
        x.push_str(">\n");
        match &c.outcome {
            Outcome::Passed => {}
            Outcome::Failed {
                kind,
                message,
                text: body,
            } => x.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                attr(message),
                attr(kind),
                text(body)
            )),
            Outcome::Skipped { message } => {
                x.push_str(&format!("      <skipped message=\"{}\"/>\n", attr(message)));
            }
        }
        if !c.system_err.is_empty() {
            x.push_str(&format!(
                "      <system-err>{}</system-err>\n",
                text(&c.system_err.join("\n"))
            ));
        }
        x.push_str("    </testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// Element text: `&`, `<`, `>` escaped; characters XML cannot hold as
/// `\u{..}`.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: as text, and `"`, and line breaks and tabs as
/// character references (a parser would fold them into spaces otherwise).
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, in_attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attr => out.push_str("&quot;"),
            '\n' if in_attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attr => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, outcome: Outcome, err: &[&str]) -> Case {
        Case {
            name: name.into(),
            classname: "mcpctl.test-launch".into(),
            time: 0.25,
            outcome,
            system_err: err.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Each lane's case carries its lane's own time; a lane with no run of
    /// its own (a remote server's second lane) has 0.
    #[test]
    fn each_lane_case_has_its_lanes_time() {
        use std::time::Duration;
        let mut p = crate::report::recorded::tests::launch("fs", true, None);
        p.timings_ms.total = 900;
        let times = [
            Some(Duration::from_millis(900)),
            Some(Duration::from_millis(1250)),
        ];
        for (lane, t) in p.lanes.0.iter_mut().zip(times) {
            lane.elapsed = t;
        }
        let s = ServerLaunch::new(&p, false);
        let got: Vec<(String, f64)> = lane_cases("fs", "c", &s)
            .into_iter()
            .map(|c| (c.name, c.time))
            .collect();
        assert_eq!(
            got,
            [
                ("fs (chat)".to_string(), 0.9),
                ("fs (cowork)".to_string(), 1.25)
            ]
        );
        p.lanes.0[1].elapsed = None;
        let s = ServerLaunch::new(&p, false);
        let cases = lane_cases("fs", "c", &s);
        assert_eq!(cases[1].time, 0.0);
    }

    #[test]
    fn repeated_case_names_are_numbered() {
        assert_eq!(
            unique_names(["github", "github", "a", "github (2)", "github"].into_iter()),
            ["github", "github (3)", "a", "github (2)", "github (4)"]
        );
    }

    #[test]
    fn control_characters_and_markup_cannot_break_the_document() {
        assert_eq!(
            text("a<b>&c\u{1b}[31m\u{0}"),
            "a&lt;b&gt;&amp;c\\u{1b}[31m\\u{0}"
        );
        assert_eq!(
            attr("say \"hi\"\n\tx\r"),
            "say &quot;hi&quot;&#10;&#9;x&#13;"
        );
        assert_eq!(text("keep\ttabs\nand lines"), "keep\ttabs\nand lines");
    }

    #[test]
    fn one_testcase_per_server_with_counts() {
        let suite = Suite {
            name: "mcpctl test-launch".into(),
            cases: vec![
                case("ok", Outcome::Passed, &[]),
                case(
                    "bad",
                    Outcome::Failed {
                        kind: "timeout".into(),
                        message: "no reply".into(),
                        text: "no reply\nhint: h".into(),
                    },
                    &["line 1", "line </system-err>"],
                ),
                case(
                    "off",
                    Outcome::Skipped {
                        message: "disabled".into(),
                    },
                    &[],
                ),
            ],
        };
        assert_eq!(
            render(&suite, 1.5),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mcpctl test-launch" tests="3" failures="1" errors="0" skipped="1" time="1.500">
  <testsuite name="mcpctl test-launch" tests="3" failures="1" errors="0" skipped="1" time="1.500">
    <testcase name="ok" classname="mcpctl.test-launch" time="0.250"/>
    <testcase name="bad" classname="mcpctl.test-launch" time="0.250">
      <failure message="no reply" type="timeout">no reply
hint: h</failure>
      <system-err>line 1
line &lt;/system-err&gt;</system-err>
    </testcase>
    <testcase name="off" classname="mcpctl.test-launch" time="0.250">
      <skipped message="disabled"/>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
    }
}
